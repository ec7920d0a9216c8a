"""One glossary (referensi/glosarium.yaml): both reports print it, and every abbreviation the
reports print is defined in it (or is an agency of referensi/opd.yaml, or a declared non-term).

The coverage test renders every section of one KKB report and of the city summary on the shared
sample city and reads the abbreviations out of what they show, so a new sentence, table or chart
that brings a new abbreviation fails until the glossary defines it.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
import yaml

from kkb_analysis.laporan import bagian, glosarium, opd, rekap
from kkb_analysis.laporan.dasar import Bagian

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[2]
KKB = "KKB-3672051004-01"
TAHUN = 2023
SEKSI_KKB = (
    # the short report (laporan_kkb.ipynb)
    "sampul", "kata_pengantar", "ringkasan_eksekutif", "kependudukan", "kb_dan_poktan",
    "ibangga", "stunting_dan_krs", "kesejahteraan", "pendidikan_dan_remaja", "umkm_unggulan",
    "kelembagaan_dan_proses", "klasifikasi", "konvergensi_opd", "rekomendasi",
    # its technical appendix (lampiran_kkb.ipynb)
    "sampul_lampiran", "identitas", "perubahan_dan_target", "tabel_rinci", "tabel_per_rw",
    "intervensi_lengkap", "kelembagaan_rinci", "kualitas_data", "metode", "pengaturan_berlaku",
    "glosarium", "sumber_rujukan", "lampiran_metodologi",
)  # fmt: skip
SEKSI_KOTA = (
    "sampul", "pokok", "tabel_peringkat", "peta_panas", "matriks_aksi", "daftar_aksi_opd",
    "rekomendasi_kota", "peta", "catatan_metode",
)  # fmt: skip

_KATA = re.compile(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*")


def _singkatan_dalam(teks: str) -> set[str]:
    """Abbreviation-like words of ``teks``: two capitals or more ("PUS", "DataKu"), a lower-case
    prefix before capitals ("mCPR", "iBangga", "e-PPGBM") or digits and one capital ("4T")."""

    def _singkatan(kata: str) -> bool:
        kapital = sum(c.isupper() for c in kata)
        return (
            kapital >= 2
            or re.fullmatch(r"[a-z]-?[A-Z]\w*", kata) is not None
            or re.fullmatch(r"\d+[A-Z]", kata) is not None
        )

    out: set[str] = set()
    for kata in _KATA.findall(teks):
        if _singkatan(kata):
            out.add(kata)
    return out


def _terdefinisi() -> set[str]:
    """Every abbreviation the glossary defines, plus agencies and declared non-terms."""
    sah = set(glosarium.BUKAN_ISTILAH)
    for istilah in glosarium.GLOSARIUM:
        for s in glosarium.singkatan(istilah):
            sah.add(s)
            sah |= _singkatan_dalam(s)
    for nama in opd.SINGKAT.values():
        sah |= _singkatan_dalam(nama)
    return sah


def _belum_didefinisikan(teks: str, sah: set[str]) -> set[str]:
    """Abbreviations of ``teks`` that ``sah`` does not define. A hyphenated word is fine when
    defined whole ("e-PPGBM", "PIK-R") or part by part ("KKB-3672051004-01"); a trailing year
    or number is dropped ("PK21" → "PK")."""
    kurang = set()
    for kata in _singkatan_dalam(teks):
        if kata in sah:
            continue
        for bagian_kata in kata.split("-"):
            if not _singkatan_dalam(bagian_kata):
                continue
            inti = re.sub(r"(?<=[A-Za-z])\d+$", "", bagian_kata)
            if bagian_kata not in sah and inti not in sah:
                kurang.add(bagian_kata)
    return kurang


def _teks(b: Bagian) -> str:
    return "\n".join([b.judul, b.teks_gabungan, b.sumber_angka, *b.tabel, *b.sumber_tabel.values()])


@pytest.fixture(autouse=True)
def _pengaturan_baku(monkeypatch, tmp_path):
    monkeypatch.setenv("KKB_PENGATURAN", str(tmp_path / "kosong.yaml"))
    (tmp_path / "kosong.yaml").write_text("{}\n", encoding="utf-8")


def test_every_abbreviation_of_both_reports_is_defined(data_dir, tampil):
    d = bagian.muat(KKB, TAHUN, data_dir)
    r = rekap.muat_kota(TAHUN, data_dir)
    seksi = [getattr(bagian, n)(d) for n in SEKSI_KKB] + [getattr(rekap, n)(r) for n in SEKSI_KOTA]
    sah = _terdefinisi()
    kurang = {
        s: b.judul
        for b in seksi
        if isinstance(b, Bagian)
        for s in _belum_didefinisikan(_teks(b), sah)
    }
    assert not kurang, f"tambahkan ke referensi/glosarium.yaml: {kurang}"
    # the KKB report prints the whole glossary, once each
    tabel = seksi[SEKSI_KKB.index("lampiran_metodologi")].tabel["Glosarium"]
    assert list(tabel["Istilah"]) == list(glosarium.GLOSARIUM)
    assert tabel["Istilah"].is_unique
    # the city summary prints the terms it uses, in glossary order, once each
    kota = seksi[-1].tabel["Istilah yang dipakai"]
    urutan = list(glosarium.GLOSARIUM)
    assert kota["Istilah"].is_unique
    assert list(kota["Istilah"]) == sorted(kota["Istilah"], key=urutan.index)
    assert {"KKB", "PK", "OPD"} <= set(kota["Istilah"])


def test_the_coverage_check_can_fail():
    sah = _terdefinisi()
    assert _belum_didefinisikan("Peserta KB menurut PUS dan MKJP; e-PPGBM; mCPR; 4T.", sah) == set()
    assert _belum_didefinisikan("Cakupan PKBX naik; data KKB-3672051004-01.", sah) == {"PKBX"}
    assert _belum_didefinisikan("iKota dan 7Z", sah) == {"iKota", "7Z"}
    assert _belum_didefinisikan("Metadata PK21 dan DP3AP2KB", sah) == set()


def test_glossary_file_is_the_one_list():
    """Each entry once, each meaning non-empty, the abbreviations of two entries never overlap,
    and no report module keeps its own glossary table."""
    isi = yaml.safe_load(
        (ROOT / "kkb_analysis" / "referensi" / "glosarium.yaml").read_text("utf-8")
    )
    assert len(glosarium.GLOSARIUM) == len(isi["istilah"]) >= 30
    assert all(str(v).strip() for v in glosarium.GLOSARIUM.values())
    semua = [s for k in glosarium.GLOSARIUM for s in glosarium.singkatan(k)]
    assert len(semua) == len(set(semua)), semua
    assert not set(semua) & glosarium.BUKAN_ISTILAH
    salinan = [
        p.name
        for p in sorted((ROOT / "kkb_analysis").rglob("*.py"))
        if p.name != "glosarium.py"
        and re.search(r"GLOSARIUM\s*[:=]|[\"']Pasangan [Uu]sia [Ss]ubur[\"']", p.read_text("utf-8"))
    ]
    assert not salinan, salinan


def test_glossary_table_is_sorted_and_complete():
    tabel = glosarium.tabel_glosarium()
    assert list(tabel.columns) == ["Istilah", "Arti"]
    assert tabel.loc[tabel["Istilah"] == "PUS", "Arti"].item() == "Pasangan Usia Subur"
    kunci = [k.lower() for k in tabel["Istilah"]]
    assert kunci == sorted(kunci)
    assert isinstance(tabel, pd.DataFrame) and len(tabel) == len(glosarium.GLOSARIUM)
