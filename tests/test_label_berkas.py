"""One home for file labels (kkb_analysis/referensi/label_berkas.yaml).

Raw files are labelled through ``schema.judul_berkas`` (base layer: validation messages, both
reports' load summaries, ``FileSpec.title``); report outputs through ``laporan.keluaran``. The
scan fails when a label of the table is spelled again as a string literal anywhere in the
package or the notebooks' code (docstrings and comments do not count: they are not shown to
users).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

from kkb_analysis.laporan import keluaran
from kkb_analysis.schema import judul_berkas
from kkb_analysis.sumber import dtks, eppgbm, kkb, pk_keluarga

ROOT = Path(__file__).resolve().parents[1]
TABEL = yaml.safe_load(
    (ROOT / "kkb_analysis" / "referensi" / "label_berkas.yaml").read_text(encoding="utf-8")
)
_TEMPAT = re.compile(r"\{[a-z_]*\}")


def _label() -> list[str]:
    """Every label of the table with at least two words (one word such as "HTML" or "PDF" is
    too common to be a label); a title template as the text of its f-string (``{}``)."""
    teks = list(TABEL["mentah"].values())

    def _jalan(isi: object) -> None:
        if isinstance(isi, dict):
            for v in isi.values():
                _jalan(v)
        elif isinstance(isi, str):
            teks.append(isi)

    _jalan(TABEL["keluaran"])
    return sorted({_TEMPAT.sub("{}", t) for t in teks if " " in t.strip()})


def _literal(path: Path) -> list[str]:
    """The string literals of a module, docstrings left out; an f-string as text with ``{}``."""
    pohon = ast.parse(path.read_text(encoding="utf-8"))
    doc = {
        id(n.body[0].value)
        for n in ast.walk(pohon)
        if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    out = []
    for n in ast.walk(pohon):
        if isinstance(n, ast.JoinedStr):
            out.append("".join(v.value if isinstance(v, ast.Constant) else "{}" for v in n.values))
        elif isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in doc:
            out.append(n.value)
    return out


def _sumber_teks() -> dict[str, list[str]]:
    teks = {
        str(p.relative_to(ROOT)): _literal(p)
        for p in sorted((ROOT / "kkb_analysis").rglob("*.py"))
        # the sample package writes synthetic raw data: its texts are data ("Bazar produk
        # UMKM Kampung KB"), not labels
        if "__pycache__" not in p.parts and "sampel" not in p.relative_to(ROOT).parts[1:2]
    }
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        sel = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        # code cells only: the analyst's notes (markdown) are the notebook's own prose
        teks[str(nb.relative_to(ROOT))] = [
            "".join(c["source"]) for c in sel if c["cell_type"] == "code"
        ]
    return teks


def _salinan(label: list[str], sumber: dict[str, list[str]]) -> list[str]:
    return [
        f"{berkas}: {lab!r}"
        for berkas, literal in sumber.items()
        for lab in label
        if any(lab in t for t in literal)
    ]


def test_no_second_copy_of_a_file_label():
    label = _label()
    assert len(label) >= len(TABEL["mentah"]) + 3  # the raw files, report titles, index, links
    assert not _salinan(label, _sumber_teks())


def test_the_scan_finds_a_copy(tmp_path):
    modul = tmp_path / "salinan.py"
    modul.write_text(
        '"""Pendataan Keluarga: keluarga (a docstring is not shown to users)."""\n'
        'X = {"pk_keluarga": "Pendataan Keluarga: keluarga"}\n'
        'def judul(nama, tahun):\n    return f"Laporan Evaluasi {nama} — Tahun {tahun}"\n',
        encoding="utf-8",
    )
    temuan = _salinan(_label(), {"salinan.py": _literal(modul)})
    assert temuan == [
        "salinan.py: 'Laporan Evaluasi {} — Tahun {}'",
        "salinan.py: 'Pendataan Keluarga: keluarga'",
    ]


@pytest.mark.parametrize("modul", [dtks, eppgbm, kkb, pk_keluarga])
def test_raw_labels_come_from_the_table(modul):
    assert modul.SPEC.title == TABEL["mentah"][modul.SPEC.base] == judul_berkas(modul.SPEC.base)


def test_every_raw_file_has_one_label_and_unknown_names_pass_through():
    from kkb_analysis.pipeline import SOURCES

    assert {m.SPEC.base for m in SOURCES} == set(TABEL["mentah"])
    labels = [m.SPEC.title for m in SOURCES]
    assert len(set(labels)) == len(labels) and all(labels)
    assert judul_berkas("berkas_lain") == "berkas_lain"


def test_report_titles_and_links():
    assert keluaran.judul_tugas("laporan", 2023, nama="Kampung KB Melati") == (
        "Laporan Evaluasi Kampung KB Melati — Tahun 2023"
    )
    assert keluaran.judul_tugas(keluaran.REKAP_ID, 2023).endswith("— Tahun 2023")
    assert keluaran.judul_tugas("profil", 2023, nama="Kampung KB Melati") == (
        "Profil Kampung KB Melati — Tahun 2023"
    )
    assert "Kampung KB Melati" in keluaran.judul_tugas("lampiran", 2023, nama="Kampung KB Melati")
    assert keluaran.judul_indeks("Kota Cilegon") == "Dokumen Evaluasi Kampung KB Kota Cilegon"
    assert keluaran.judul_status(2024) == "Status Pembuatan Dokumen Kampung KB — Tahun 2024"
    assert keluaran.DOKUMEN == ("profil", "laporan", "lampiran")
    assert keluaran.LABEL_DOKUMEN == {"profil": "Profil", "laporan": "Laporan",
                                      "lampiran": "Lampiran"}  # fmt: skip
    assert keluaran.tugas_dokumen("KKB-1", "profil") == "KKB-1/profil"
    assert set(keluaran.LABEL_TAUTAN) == {"html", "pdf", "ipynb", "ipynb_gagal"}
    assert keluaran.LEMBAR == "indikator_kkb.xlsx" and keluaran.INDEKS == "index.html"
    assert keluaran.STATUS_BERKAS == "status.html"
