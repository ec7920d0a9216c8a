"""Memory stays bounded for any raw input (issue 9, docs/keandalan.md §1 "Hostile shapes").

Each hostile shape is generated at test time (written in blocks, in a temporary folder) as one
raw file of the small valid base year ``tests/data/buruk/_dasar/``, and ``kkb validasi`` runs on
that year in a separate process that reports its own peak resident memory. The test asserts the
bound (:data:`BATAS_MIB`) and the outcome: a clean load, or exit code 2 with an Indonesian
message that names the file — never a traceback, ``MemoryError`` or internal error.
``RLIMIT_AS`` is only a safety net so that a regression fails instead of thrashing the machine
(pyarrow and numpy reserve far more virtual memory than they use, hence its generous value).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from kkb_analysis.readers import ReadLimits

DASAR = Path(__file__).parent / "data" / "buruk" / "_dasar"
TAHUN = 2023
#: The documented bound: peak resident memory of the whole process (interpreter included).
BATAS_MIB = 2048
SAFETY_NET_MIB = 6144
MB = 1_000_000
HEADER = (DASAR / "pk_anggota.csv").read_text(encoding="utf-8").splitlines()[0] + "\n"
ROW = (DASAR / "pk_anggota.csv").read_text(encoding="utf-8").splitlines()[1] + "\n"
WIDTH = HEADER.count(",") + 1

RUNNER = textwrap.dedent(
    """
    import json, resource, sys
    limit = int(sys.argv[1]) << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from kkb_analysis.cli import main
    try:
        code = main(sys.argv[2:])
    finally:
        with open("/proc/self/status") as fh:  # VmHWM: ru_maxrss keeps the parent's peak
            peak = next(int(x.split()[1]) for x in fh if x.startswith("VmHWM:")) // 1024
        sys.stdout.write(json.dumps({"peak_mib": peak}) + "\\n")
    sys.exit(code)
    """
)


def fill(path: Path, head: bytes, unit: bytes, size: int, tail: bytes = b"") -> None:
    """Write ``head`` then ``unit`` repeated up to about ``size`` bytes, in 1 MiB blocks."""
    block = unit * max(1, (1 << 20) // len(unit))
    with path.open("wb") as fh:
        fh.write(head)
        written = len(head)
        while written + len(block) <= size:
            fh.write(block)
            written += len(block)
        fh.write(unit * ((size - written) // len(unit)) + tail)


def random_binary(path: Path, size: int) -> None:
    """Random bytes; none is NUL in the first 4 KiB (so the NUL sniff does not catch it)."""
    with path.open("wb") as fh:
        fh.write(os.urandom(4096).replace(b"\x00", b"\x01"))
        fh.write(os.urandom(size - 4096))


def sparse(path: Path, size: int) -> None:
    """A file of ``size`` bytes that takes no disk space (its size alone must refuse it)."""
    with path.open("wb") as fh:
        fh.truncate(size)


def xlsx(path: Path, rows_xml: Callable[[zipfile.ZipFile], None]) -> None:
    """A minimal workbook whose first sheet's XML is written (streamed) by ``rows_xml``."""
    ns = "http://schemas.openxmlformats.org"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
            'formats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName'
            '="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="'
            f'{ns}/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        rows_xml(z)


def _cells(values: list[str]) -> str:
    return "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)


def _sheet_start() -> str:
    head = _cells(HEADER.strip().split(","))
    return (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData><row r="1">{head}</row>'
        f'<row r="2">{_cells(ROW.strip().split(","))}</row>'
    )


def zip_bomb(path: Path) -> None:
    """~100 KB on disk, ~50 MB of sheet XML: 1 million identical data rows."""

    def rows(z: zipfile.ZipFile) -> None:
        with z.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(_sheet_start().encode())
            block = ("<row>" + _cells(["1"] * 2) + "</row>").encode() * 10_000
            for _ in range(100):
                fh.write(block)
            fh.write(b"</sheetData></worksheet>")

    xlsx(path, rows)


def stray_cell(path: Path) -> None:
    """A valid two-row sheet plus one value in the last cell Excel has (XFD1048576)."""

    def rows(z: zipfile.ZipFile) -> None:
        z.writestr(
            "xl/worksheets/sheet1.xml",
            _sheet_start()
            + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            "</sheetData></worksheet>",
        )

    xlsx(path, rows)


def _just_under_the_cell_budget() -> int:
    return ReadLimits().max_cells // WIDTH - 10


#: shape → (file name, writer(path), expected outcome: exit code and a fragment of the message)
SHAPES: dict[str, tuple[str, Callable[[Path], None], int, str]] = {
    "satu-baris-raksasa": (
        "pk_anggota.csv",
        lambda p: fill(p, b"", b"x" * 64, 12 * MB),
        2,
        "lebih panjang dari",
    ),
    "jutaan-sel-mungil": (
        "pk_anggota.csv",
        lambda p: fill(p, HEADER.encode(), b"1," * (WIDTH - 1) + b"1\n", 12 * MB),
        2,
        "bukan tanggal yang sah",
    ),
    "ribuan-kolom": (
        "pk_anggota.csv",
        lambda p: fill(
            p,
            ",".join(f"k{i}" for i in range(5000)).encode() + b"\n",
            b"1," * 4999 + b"1\n",
            12 * MB,
        ),
        2,
        "5.000 kolom",
    ),
    "sel-berkutip-raksasa": (
        "pk_anggota.csv",
        lambda p: fill(p, HEADER.encode(), b'"' + b"x" * 100_000 + b'",1\n', 12 * MB),
        0,
        "",
    ),
    "sel-berkutip-di-atas-batas": (
        "pk_anggota.csv",
        lambda p: fill(p, HEADER.encode(), b'"' + b"x" * 1_000_000 + b'",1\n', 12 * MB),
        2,
        "lebih panjang dari",
    ),
    "baris-pendek-tak-rata": (
        "pk_anggota.csv",
        lambda p: fill(p, HEADER.encode(), b"a\n", 12 * MB),
        2,
        "juta sel",
    ),
    "teks-non-ascii": (  # one 4-byte character: a Python str of the text takes 4 bytes/char
        "pk_anggota.csv",
        lambda p: fill(p, "😀".encode() + HEADER.encode(), b"ab," * (WIDTH - 1) + b"ab\n", 12 * MB),
        2,
        "kolom wajib tidak ada",
    ),
    "nul-setelah-4kb": (
        "pk_anggota.csv",
        lambda p: fill(
            p, HEADER.encode() + ROW.encode() * 60, b"1\x00," * (WIDTH - 1) + b"\n", 20 * MB
        ),
        2,
        "pk_anggota.csv",
    ),
    "biner-acak": ("pk_anggota.csv", lambda p: random_binary(p, 12 * MB), 2, "bukan UTF-8"),
    "pemisah-beruntun": (
        "pk_anggota.csv",
        lambda p: fill(p, HEADER.encode() + ROW.encode(), b"," * 1024, 12 * MB),
        2,
        "lebih panjang dari",
    ),
    "hanya-baris-baru": (
        "pk_anggota.csv",
        lambda p: fill(p, b"", b"\n" * 1024, 20 * MB),
        2,
        "kosong",
    ),
    "baris-baru-setelah-judul": (
        "pk_anggota.csv",
        lambda p: fill(p, HEADER.encode() + ROW.encode(), b"\n" * 1024, 12 * MB),
        2,
        "juta sel",
    ),
    "akhir-baris-cr-saja": (
        "pk_anggota.csv",
        lambda p: fill(
            p, HEADER.replace("\n", "\r").encode(), b"1," * (WIDTH - 1) + b"1\r", 12 * MB
        ),
        2,
        "bukan tanggal yang sah",
    ),
    "di-atas-batas-ukuran": ("dtks.csv", lambda p: sparse(p, 300 << 20), 2, "terlalu besar"),
    "xlsx-bom-zip": ("pk_anggota.xlsx", zip_bomb, 2, "pk_anggota.xlsx"),
    "xlsx-sel-xfd1048576": ("pk_anggota.xlsx", stray_cell, 2, "XFD1048576"),
}
XLSX_SHAPES = {"xlsx-bom-zip", "xlsx-sel-xfd1048576"}


def run_validasi(root: Path, timeout: int = 240) -> tuple[int, str, int]:
    """``kkb validasi`` on ``root`` in a subprocess: (exit code, stderr, peak MiB)."""
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            RUNNER,
            str(SAFETY_NET_MIB),
            "--data-dir",
            str(root),
            "validasi",
            "--tahun",
            str(TAHUN),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "KKB_SALT": "salt-uji-memori-tidak-rahasia"},
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith('{"peak_mib"')]
    peak = json.loads(lines[-1])["peak_mib"] if lines else -1
    return proc.returncode, proc.stderr, peak


def year_with(root: Path, name: str, write: Callable[[Path], None]) -> None:
    folder = root / "raw" / str(TAHUN)
    shutil.copytree(DASAR, folder)
    (folder / Path(name).with_suffix(".csv").name).unlink(missing_ok=True)
    write(folder / name)


def check_outcome(code: int, stderr: str, peak: int, expected: int, fragment: str, name: str):
    for bad in ("Traceback", "MemoryError", "GALAT INTERNAL", "Error:"):
        assert bad not in stderr, stderr[-2000:]
    assert code == expected, stderr[-2000:]
    if expected == 2:
        assert "GAGAL" in stderr and name in stderr and fragment in stderr, stderr[-2000:]
    assert 0 < peak < BATAS_MIB, peak


@pytest.mark.lambat
@pytest.mark.parametrize(
    "shape",
    [s for s in SHAPES],
)
def test_hostile_shape_stays_within_the_bound(shape, tmp_path):
    name, write, expected, fragment = SHAPES[shape]
    year_with(tmp_path, name, write)
    code, stderr, peak = run_validasi(tmp_path, timeout=60 if shape in XLSX_SHAPES else 240)
    print(shape, code, peak)
    check_outcome(code, stderr, peak, expected, fragment, name)


@pytest.mark.lambat
def test_file_just_over_the_cell_budget_is_refused_quickly(tmp_path):
    """Valid rows, one more than the budget allows: refused while streaming, within the bound."""
    rows = ReadLimits().max_cells // WIDTH + 1
    year_with(
        tmp_path,
        "pk_anggota.csv",
        lambda p: fill(p, HEADER.encode(), ROW.encode(), len(HEADER) + rows * len(ROW)),
    )
    code, stderr, peak = run_validasi(tmp_path)
    check_outcome(code, stderr, peak, 2, "juta sel", "pk_anggota.csv")


@pytest.mark.lambat
def test_every_row_quarantined_just_under_the_cell_budget(tmp_path):
    """A file whose every row would be quarantined is refused as a whole (validasi.
    maks_baris_ditolak_pct), before the per-row issues are built: fast and within the bound."""
    rows = _just_under_the_cell_budget()
    unit = b"x" + b"," * (WIDTH - 1) + b"\n"  # no_kk not a number, every other field empty
    year_with(
        tmp_path,
        "pk_anggota.csv",
        lambda p: fill(p, HEADER.encode(), unit, len(HEADER) + rows * len(unit)),
    )
    code, stderr, peak = run_validasi(tmp_path, timeout=400)
    check_outcome(code, stderr, peak, 2, "baris akan ditolak", "pk_anggota.csv")
