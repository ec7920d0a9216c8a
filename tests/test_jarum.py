"""Leak test (issue 9): needles planted everywhere in a raw year must appear in no output.

``tests/jarum.py`` plants unique made-up names and NIK/No. KK-like numbers in every column of
every raw file (also shifted rows, wrong columns, unknown column headers, an XLSX file). The
year then goes through the real commands — ``kkb validasi``, ``kkb bangun``, ``kkb laporan`` —
in a subprocess with a real (non-demo) salt, and :func:`tests.privasi.find_needles` scans every
file under ``processed/`` and ``reports/`` plus the captured console output (stdout, stderr,
verbose log) for every needle and any 16-digit number. The expected number of hits is zero.

The self-tests at the end prove that the scan finds a needle in each output format.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from kkb_analysis.laporan.ekspor import BrowserTidakDitemukan, find_browser
from tests.jarum import TAHUN, Daftar, kelompok, tanam, tanam_fatal
from tests.privasi import Hit, find_needles

ROOT = Path(__file__).resolve().parents[1]
SALT = "jarum-uji-kebocoran-salt-nyata-bukan-demo-7f3c"
#: Standalone 16-digit numbers allowed in outputs, each with its reason. Empty on purpose.
IZIN: dict[str, str] = {}

try:
    find_browser()
    ADA_BROWSER = True
except BrowserTidakDitemukan:
    ADA_BROWSER = False


def kkb(root: Path, konsol: Path, nama: str, *args: str) -> int:
    """Run ``kkb -v <args>`` in a subprocess; its stdout/stderr are kept in ``konsol``."""
    proc = subprocess.run(
        [sys.executable, "-m", "kkb_analysis", "-v", "--data-dir", str(root / "data"),
         "--laporan-dir", str(root / "reports"), *args],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        cwd=root,
        env={**os.environ, "KKB_SALT": SALT, "PYTHONPATH": str(ROOT),
             "KKB_PENGATURAN": "", "KKB_DATA_DIR": "", "KKB_REPORTS_DIR": ""},
    )  # fmt: skip
    konsol.mkdir(parents=True, exist_ok=True)
    (konsol / f"{nama}.stdout.txt").write_text(proc.stdout, encoding="utf-8")
    (konsol / f"{nama}.stderr.txt").write_text(proc.stderr, encoding="utf-8")
    return proc.returncode


def laporan_temuan(hits: list[Hit], limit: int = 200) -> str:
    """The assertion message: counts, then per planting the outputs it reached, then hits."""
    per_kind = Counter(Path(h.berkas).suffix or h.berkas for h in hits)
    per_planting: dict[str, set[str]] = defaultdict(set)
    for h in hits:
        key = "angka 16 digit tak dikenal" if h.jenis == "16 digit" else kelompok(h.asal)
        per_planting[key].add(re.sub(r"KKB-[\w.-]+/", "<kkb>/", h.berkas))
    lines = [
        f"{len(hits)} temuan data pribadi di keluaran.",
        "per jenis berkas keluaran: " + ", ".join(f"{k} {v}" for k, v in per_kind.most_common()),
        f"{len(per_planting)} penanaman yang bocor, dengan keluaran yang dicapainya:",
        *(f"  {k}: {', '.join(sorted(v))}" for k, v in sorted(per_planting.items())),
        "temuan (berkas [lokasi] jenis jarum <- asal | cuplikan):",
        *(f"  {h}" for h in hits[:limit]),
    ]
    if len(hits) > limit:
        lines.append(f"  ... dan {len(hits) - limit} lagi")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def tanaman(tmp_path_factory):
    """The planted year after validasi → bangun → laporan: (root, register, exit codes)."""
    root = tmp_path_factory.mktemp("jarum")
    daftar = tanam(root / "data" / "raw" / str(TAHUN))
    konsol = root / "konsol"
    tahun = ("--tahun", str(TAHUN))
    codes = {
        "validasi": kkb(root, konsol, "validasi", "validasi", *tahun),
        "bangun": kkb(root, konsol, "bangun", "bangun", *tahun),
    }
    pdf = () if ADA_BROWSER else ("--tanpa-pdf",)
    codes["laporan"] = kkb(
        root, konsol, "laporan", "laporan", *tahun, "--tanpa-progres", "--pekerja", "2", *pdf
    )
    return root, daftar, codes


def keluaran(root: Path) -> list[Path]:
    """Every file the run left under ``root`` (its working folder) except the raw input."""
    raw = root / "data" / "raw"
    return [p for p in root.rglob("*") if p.is_file() and not p.is_relative_to(raw)]


@pytest.mark.lambat
def test_tanaman_melewati_semua_perintah(tanaman):
    root, daftar, codes = tanaman
    assert codes == {"validasi": 0, "bangun": 0, "laporan": 0}, (
        root / "konsol" / "laporan.stderr.txt"
    ).read_text()[-3000:]
    assert len(daftar.jarum) > 1000
    # every planted record was read (nothing silently dropped before validation)
    ringkasan = pd.read_csv(root / "data/processed" / str(TAHUN) / "ringkasan_muat.csv")
    assert len(ringkasan) == 10
    assert ringkasan["baris_dibaca"].sum() > 800
    manifest = json.loads((root / "reports" / str(TAHUN) / "manifest.json").read_text())
    status = {k: v["status"] for k, v in manifest["laporan"].items()}
    assert len(status) >= 3 and set(status.values()) == {"berhasil"}, status
    kinds = {p.suffix for p in keluaran(root)}
    wanted = {".parquet", ".csv", ".json", ".html", ".ipynb", ".xlsx", ".txt"}
    assert kinds >= wanted | ({".pdf"} if ADA_BROWSER else set()), kinds


@pytest.mark.lambat
def test_tidak_ada_jarum_di_keluaran(tanaman):
    root, daftar, _ = tanaman
    hits = find_needles(keluaran(root), root, daftar.jarum, IZIN)
    assert hits == [], laporan_temuan(hits)


def test_berkas_fatal_tidak_mengulang_teks_pribadi(tmp_path):
    """A required header replaced by personal text stops the run; the message and anything
    written carry none of it."""
    daftar = Daftar(seed=99)
    tanam_fatal(tmp_path / "data" / "raw" / str(TAHUN), daftar)
    konsol = tmp_path / "konsol"
    assert kkb(tmp_path, konsol, "fatal", "validasi", "--tahun", str(TAHUN)) == 2
    stderr = (konsol / "fatal.stderr.txt").read_text()
    assert "pk_anggota.csv" in stderr and "no_kk" in stderr, stderr
    assert "eppgbm.csv" in stderr, stderr
    assert not (tmp_path / "data" / "processed").exists()
    hits = find_needles(keluaran(tmp_path), tmp_path, daftar.jarum, IZIN)
    assert hits == [], laporan_temuan(hits)


# ------------------------------------------------------------------------ the scan can fail
NAMA = "Zulkedigoar Qorkedigoesh"
NIK = "3672054507910003"


@pytest.fixture
def daftar_uji() -> Daftar:
    d = Daftar()
    from tests.jarum import Jarum

    d.jarum += [
        Jarum(NAMA, "nama", ("ZULKEDIGOAR", "QORKEDIGOESH"), "uji: nama"),
        Jarum(NIK, "id", (NIK,), "uji: NIK"),
    ]
    return d


def _pdf(path: Path, text: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig = plt.figure()
        fig.text(0.1, 0.5, text)
        fig.savefig(path)
        plt.close(fig)


def _xlsx(path: Path, value: object) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "kolom"
    wb.create_sheet("Lain")["C7"] = value
    wb.save(path)


def _ipynb(path: Path, text: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["parameter"] = {"catatan": text}
    nb.cells.append(nbformat.v4.new_code_cell("1 + 1"))
    nbformat.write(nb, path)


PENULIS = {
    "parquet-sel": lambda p, t: pd.DataFrame({"a": ["x", t]}).to_parquet(p.with_suffix(".parquet")),
    "parquet-kolom": lambda p, t: pd.DataFrame({t: [1]}).to_parquet(p.with_suffix(".parquet")),
    "csv": lambda p, t: p.with_suffix(".csv").write_text(f"a,b\n1,{t}\n"),
    "json-kunci": lambda p, t: p.with_suffix(".json").write_text(json.dumps({t: 1})),
    "html-atribut": lambda p, t: p.with_suffix(".html").write_text(
        f'<p title="{t}">isi</p><img src="data:image/png;base64,iVBORw0KGgo=">'
    ),
    "html-entitas": lambda p, t: p.with_suffix(".html").write_text(
        "<p>" + "".join(f"&#{ord(c)};" for c in t) + "</p>"
    ),
    "ipynb-metadata": lambda p, t: _ipynb(p.with_suffix(".ipynb"), t),
    "xlsx": lambda p, t: _xlsx(p.with_suffix(".xlsx"), t),
    "pdf": lambda p, t: _pdf(p.with_suffix(".pdf"), t),
    "konsol": lambda p, t: p.with_suffix(".txt").write_text(f"INFO memuat {t}\n"),
}


@pytest.mark.parametrize("bentuk", sorted(PENULIS))
@pytest.mark.parametrize(
    "teks,jarum",
    [
        (NAMA, NAMA),
        ("zulkedigoar_qorkedigoesh", NAMA),
        (NAMA.upper(), NAMA),
        ("Qorkedigoesh, Z.", NAMA),
        (NIK, NIK),
        ("3672 0545 0791 0003", NIK),
        ("'3672054507910003", NIK),
        ("3.6720545079100E+15", NIK),
    ],
)
def test_pemindai_menemukan_jarum(tmp_path, daftar_uji, bentuk, teks, jarum):
    PENULIS[bentuk](tmp_path / "keluaran", teks)
    files = list(tmp_path.iterdir())
    hits = find_needles(files, tmp_path, daftar_uji.jarum)
    assert hits and {h.jarum for h in hits} == {jarum}, hits


@pytest.mark.parametrize(
    "teks,temuan",
    [
        ("no 3671012501900005 ada", ["3671012501900005"]),
        ("no: 3671 0125 0190 0005.", ["3671012501900005"]),
        ("36.71.01.250190.0005", ["3671012501900005"]),
        ("3.67101250190000E+15", ["3671012501900000"]),
        ("x=3671012501900005.0", ["3671012501900005"]),
        ("sha256 ab3671012501900005cd", []),  # inside a hex hash
        ("rasio 0.3333333333333333", []),  # the fraction of a decimal number
        ("19800101 200501 1 001", []),  # an 18-digit NIP is not a 16-digit number
        ("1.234.567 dan 12 34 56 78 90 12 34 56", []),  # formatted counts, a row of numbers
        ("umur 23.95071868583162 bulan", []),  # a decimal number with 16 digits
    ],
)
def test_pemindai_angka_16_digit(tmp_path, teks, temuan):
    (tmp_path / "log.txt").write_text(teks)
    hits = find_needles([tmp_path / "log.txt"], tmp_path, [])
    assert [h.jarum for h in hits] == temuan, hits
    assert find_needles([tmp_path / "log.txt"], tmp_path, [], allow=temuan) == []


def test_generator_tetap_dan_unik():
    """The same register every time, every needle unique and planted in every raw file."""
    a, b = Daftar(), Daftar()
    for d in (a, b):
        for i in range(50):
            d.nama(f"x{i}")
            d.nomor(f"y{i}")
    assert [j.teks for j in a.jarum] == [j.teks for j in b.jarum]
    assert len({j.kunci for j in a.jarum}) == len(a.jarum)
