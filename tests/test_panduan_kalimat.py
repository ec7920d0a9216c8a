"""docs/panduan.md §9 "Mengubah kalimat laporan" stays true: every test and file it names exists,
and every test module that proves free wording (a reworded copy, ``salinan_diubah``) is named."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JUDUL = "## 9. Mengubah kalimat laporan"


def _bagian(teks: str) -> str:
    """The text of §9 of panduan.md, up to the next top-level heading."""
    assert JUDUL in teks, f"panduan.md tidak lagi memuat bagian {JUDUL!r}"
    isi = teks.split(JUDUL, 1)[1]
    return re.split(r"^## ", isi, maxsplit=1, flags=re.MULTILINE)[0]


def rujukan(bagian: str) -> tuple[set[tuple[str, str]], set[str]]:
    """``(file, test)`` pairs of ``file::test`` references and every file path in backticks."""
    uji = set(re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", bagian))
    berkas = set(re.findall(r"`((?:tests|kkb_analysis)/[\w/]+\.(?:py|yaml))(?:::\w+)?`", bagian))
    return uji, berkas


def fungsi_uji(berkas: Path) -> set[str]:
    """Names of the functions of a test file: module level and methods of its classes (a test
    in a class is run with ``-k`` by its name just the same)."""
    pohon = ast.parse(berkas.read_text(encoding="utf-8"))
    fungsi = (ast.FunctionDef, ast.AsyncFunctionDef)
    nama = {n.name for n in pohon.body if isinstance(n, fungsi)}
    for kelas in (n for n in pohon.body if isinstance(n, ast.ClassDef)):
        nama |= {n.name for n in kelas.body if isinstance(n, fungsi)}
    return nama


def masalah(bagian: str, root: Path = ROOT) -> list[str]:
    """What §9 says that is not true (empty when all is well)."""
    uji, berkas = rujukan(bagian)
    keluar = [f"{b} tidak ada" for b in sorted(berkas) if not (root / b).is_file()]
    for b, nama in sorted(uji):
        if (root / b).is_file() and nama not in fungsi_uji(root / b):
            keluar.append(f"{b}::{nama} tidak ada")
    return keluar


def test_every_named_test_and_file_exists():
    bagian = _bagian((ROOT / "docs" / "panduan.md").read_text(encoding="utf-8"))
    uji, _ = rujukan(bagian)
    assert len(uji) >= 20  # the table is read (a broken pattern would find nothing)
    assert masalah(bagian) == []


def test_every_free_wording_test_module_is_named():
    bagian = _bagian((ROOT / "docs" / "panduan.md").read_text(encoding="utf-8"))
    bebas = bagian.split("### 9.3", 1)[1].split("### 9.4", 1)[0]
    pemakai = sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests").rglob("test_*.py")
        if p != Path(__file__).resolve()
        if "salinan_diubah(" in p.read_text(encoding="utf-8")
    )
    assert pemakai, "tidak ada uji yang memakai salinan berkalimat-ubah"
    assert [p for p in pemakai if f"`{p}`" not in bebas] == []


def test_the_check_can_fail():
    """A renamed test, a missing file and a misspelt name are all reported."""
    bagian = (
        "| `tests/laporan/test_narasi.py::test_tidak_pernah_ada` | x |\n"
        "| `tests/laporan/test_narasi.py::test_keterangan_skor` | x |\n"
        "`kkb_analysis/laporan/tidak_ada.py` dan `tests/tidak_ada.py::test_x`\n"
    )
    assert masalah(bagian) == [
        "kkb_analysis/laporan/tidak_ada.py tidak ada",
        "tests/tidak_ada.py tidak ada",
        "tests/laporan/test_narasi.py::test_tidak_pernah_ada tidak ada",
    ]
