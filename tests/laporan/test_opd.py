"""One list of agency names (referensi/opd.yaml): reports name an OPD only as it spells it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kkb_analysis.laporan import opd
from kkb_analysis.laporan.bagian_evaluasi import OPD_AREA

ROOT = Path(__file__).resolve().parents[2]

#: Spellings the reports used before the list existed (and synonyms of its names): a report
#: text must use the canonical short name instead.
BUKAN_KANONIK = [
    r"\bPUPR\b",
    r"Bappedalitbang",
    r"Dinas Pekerjaan Umum dan Perumahan",
    r"\bDinsos\b",
    r"\bDisdik\b",
    r"\bDinkes STBM\b",
]


def test_names_and_areas():
    assert opd.SINGKAT["dputr"] == "DPUTR"
    assert opd.LENGKAP["dputr"] == "Dinas Pekerjaan Umum dan Tata Ruang"
    assert opd.PENGOLAH == "DP3AP2KB Kota Cilegon"
    assert OPD_AREA["h"] == "DPUTR/Perkim dan Dinkes (STBM)"
    assert OPD_AREA["d"] == "Dinkes, DP3AP2KB dan Bappeda (forum TPPS)"  # TPPS is no OPD
    assert "tpps" not in opd.SINGKAT
    # the portal's instansi names map to the canonical names (one mapping, opd.yaml)
    assert opd.nama_instansi("Dinas Pekerjaan Umum dan Perumahan Rakyat (PUPR)") == (
        "Dinas Pekerjaan Umum dan Tata Ruang (DPUTR)"
    )
    assert opd.nama_instansi("OPD Pengendalian Penduduk dan KB; BPS") == (
        "Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan "
        "Perlindungan Anak (DP3AP2KB); BPS"
    )
    assert sorted(OPD_AREA) == list("abcdefgh")
    assert all(v.strip() for v in opd.LENGKAP.values())


def test_unknown_key_is_an_error():
    with pytest.raises(KeyError):
        opd.nama_opd("{dinas_tidak_ada}")


@pytest.mark.parametrize("pola", BUKAN_KANONIK)
def test_reports_use_canonical_names(pola):
    """Report code and notebooks spell every agency as opd.yaml does."""
    berkas = sorted((ROOT / "kkb_analysis" / "laporan").glob("*.py"))
    berkas += sorted((ROOT / "notebooks").glob("*.ipynb"))
    salah = [
        f"{p.relative_to(ROOT)}: {m.group(0)}"
        for p in berkas
        for m in re.finditer(pola, p.read_text(encoding="utf-8"))
    ]
    assert not salah, salah


def test_canonical_check_can_fail():
    assert re.search(BUKAN_KANONIK[0], "Dinas Pekerjaan Umum dan Perumahan Rakyat (PUPR)")
