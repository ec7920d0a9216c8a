"""Read raw CSV/XLSX files exactly as received into frames of text.

Every cell is read as text (codes keep their leading zeros; nothing is converted by a reader).
Problems that make a whole file unusable are returned as :class:`FileProblem` objects with an
Indonesian explanation of what to do; the caller collects them for all files before stopping.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import logging
import re
import zipfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from kkb_analysis.errors import FileProblem
from kkb_analysis.nama import berkas_sebenarnya, judul_normal

logger = logging.getLogger(__name__)

FIRST_DATA_ROW = 2  # the header is record 1 in CSV and row 1 in XLSX
_MAX_COLUMNS = 1000  # a wider header is refused: no raw file has near this many columns
_MAX_LINE = 4 * 1024 * 1024  # characters of one physical line (the header: of the first one)
_DECODE_BLOCK = 4 * 1024 * 1024  # bytes decoded at a time to check the encoding
_BLOCK_CELLS = 1_000_000  # cells gathered as Python text before moving them into Arrow


@dataclass(frozen=True)
class ReadLimits:
    """Size limits of one raw file (settings ``validasi.ukuran_berkas_maks_mib``/``sel_maks_juta``).

    They keep the memory of a run bounded for any input (docs/keandalan.md §1): a file over
    ``max_bytes`` is refused before it is read, a CSV file with more than ``max_cells`` cells
    (records × header columns, blank records included) as soon as the count is passed.
    """

    max_bytes: int = 256 * 1024 * 1024
    max_cells: int = 15_000_000

    @classmethod
    def from_settings(cls, settings: dict) -> ReadLimits:
        """The limits of the ``validasi`` settings (defaults where absent)."""
        v = settings.get("validasi", {})
        default = cls()
        return cls(
            max_bytes=int(v.get("ukuran_berkas_maks_mib", default.max_bytes >> 20)) << 20,
            max_cells=int(float(v.get("sel_maks_juta", default.max_cells / 1e6)) * 1e6),
        )


@dataclass
class RawTable:
    """The text content of one raw file.

    ``frame`` has one column per header (normalised to lower case and trimmed) and the index
    holds the source record number (``baris_sumber``). ``numeric_cells`` lists, per column, the
    record numbers whose XLSX cell was numeric (Excel may already have rounded such values).
    """

    file: str
    fmt: str
    frame: pd.DataFrame
    headers: list[str]
    numeric_cells: dict[str, set[int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    header_merges: list[str] = field(default_factory=list)
    merged_cells: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


def find_file(folder: Path, base: str) -> tuple[Path | None, FileProblem | None]:
    """Locate ``<base>.csv`` or ``<base>.xlsx`` in a year folder, in any letter case
    (``PK_ANGGOTA.CSV``); both formats, or two names differing only by case, is an error."""
    found = berkas_sebenarnya(folder, base)
    if len(found.get(".csv", [])) > 1 or len(found.get(".xlsx", [])) > 1:
        names = [p.name for ps in found.values() for p in ps]
        return None, FileProblem(
            " / ".join(names),
            "FILE_GANDA",
            f"ada {len(names)} berkas {base} yang namanya hanya berbeda huruf besar/kecil ("
            + ", ".join(f"'{n}'" for n in names)
            + "); tidak jelas mana yang dipakai. Simpan satu saja, lalu jalankan ulang.",
        )
    csv_path = found.get(".csv", [None])[0]
    xlsx_path = found.get(".xlsx", [None])[0]
    if csv_path and xlsx_path:
        return None, FileProblem(
            f"{csv_path.name} / {xlsx_path.name}",
            "FILE_GANDA",
            f"berkas {base} ada dalam dua bentuk (CSV dan XLSX) di folder yang sama. Hapus atau "
            "pindahkan salah satunya agar jelas mana yang dipakai.",
        )
    return csv_path or xlsx_path, None


def _unreadable(path: Path, message: str) -> FileProblem:
    return FileProblem(path.name, "FILE_TIDAK_TERBACA", message)


def _check_text(path: Path, data: bytes) -> tuple[bool, FileProblem | None]:
    """Check that ``data`` is UTF-8 text; returns (has a visible character, problem).

    Decoded in blocks so that no copy of the whole text is ever held (a Python ``str`` takes up
    to 4 bytes per character).
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False, _unreadable(
            path,
            "berkas tersimpan dalam pengodean UTF-16 (biasanya dari 'Unicode Text' Excel). "
            "Simpan ulang sebagai 'CSV UTF-8 (Comma delimited)'.",
        )
    if b"\x00" in data[:4096]:
        return False, _unreadable(
            path,
            "berkas ini bukan teks CSV (berisi byte biner). Pastikan yang dikirim adalah berkas "
            "CSV, bukan XLSX/PDF yang diganti namanya.",
        )
    view = memoryview(data)
    start = 3 if data.startswith(codecs.BOM_UTF8) else 0
    visible = False
    while start < len(data):
        end = min(start + _DECODE_BLOCK, len(data))
        while end < len(data) and end > start + 1 and data[end] & 0xC0 == 0x80:
            end -= 1  # never split a character between two blocks
        try:
            block = str(view[start:end], "utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, start + exc.start) + 1
            return False, _unreadable(
                path,
                f"berkas bukan UTF-8 (byte tidak sah di baris {line}); kemungkinan tersimpan "
                "sebagai Latin-1/Windows-1252. Buka di Excel lalu 'Save As' → 'CSV UTF-8 (Comma "
                "delimited)', atau di LibreOffice pilih set karakter Unicode (UTF-8).",
            )
        visible = visible or not block.isspace()
        start = end
    return visible, None


def _normalise_headers(raw: list[str]) -> list[str]:
    return [judul_normal(h) for h in raw]  # invisible characters do not hide a header


def _duplicate_problem(path: Path, headers: list[str]) -> FileProblem | None:
    from kkb_analysis.batas import judul_aman  # deferred: batas needs the loaders' layouts

    seen: set[str] = set()
    dupes = sorted({h for h in headers if h in seen or seen.add(h)})
    dupes = [d for d in dupes if d]
    if not dupes:
        return None
    # a header that is not vocabulary may be personal data: shown by its positions only
    shown, names = [], []
    for d in dupes:
        where = [i for i, h in enumerate(headers, start=1) if h == d]
        if judul_aman(d, where[0]) == d:
            shown.append(f"'{d}'")
            names.append(d)
        else:
            positions = "ke-" + " dan ke-".join(map(str, where))
            shown.append(f"kolom {positions} (judul disembunyikan)")
            names.append(positions)
    return FileProblem(
        path.name,
        "FILE_TIDAK_TERBACA",
        "judul kolom ganda: " + ", ".join(shown) + ". Setiap kolom harus "
        "muncul sekali; hapus kolom rangkap lalu simpan ulang.",
        column=names[0],
    )


def read_csv_text(
    path: Path, delimiter: str = ",", limits: ReadLimits | None = None
) -> tuple[RawTable | None, FileProblem | None]:
    """Read a CSV file as text, checking encoding, delimiter, structure and size."""
    limits = limits or ReadLimits()
    data = path.read_bytes()
    if not data or data.isspace():
        return None, _unreadable(path, "berkas kosong (0 baris). Kirim ulang berkas yang lengkap.")
    visible, problem = _check_text(path, data)
    if problem:
        return None, problem
    if not visible:  # e.g. only a byte-order mark
        return None, _unreadable(path, "berkas kosong (0 baris). Kirim ulang berkas yang lengkap.")
    body = memoryview(data)[3:] if data.startswith(codecs.BOM_UTF8) else memoryview(data)
    # the first record up to any line end (as the CSV module splits records: \n, \r\n or \r)
    ends = [i for i in (data.find(b"\n", len(data) - len(body)), data.find(b"\r")) if i >= 0]
    first_end = min(ends) if ends else len(data)
    if first_end - (len(data) - len(body)) > _MAX_LINE:
        return None, _unreadable(
            path,
            f"baris pertama (judul kolom) lebih panjang dari {_MAX_LINE:,} karakter".replace(
                ",", "."
            )
            + ", jadi ini bukan judul kolom CSV (mungkin berkas tanpa baris baru, atau bukan "
            "berkas CSV). Periksa berkasnya lalu ekspor ulang sebagai 'CSV UTF-8 (Comma "
            "delimited)'.",
        )
    first_line = str(memoryview(data)[len(data) - len(body) : first_end], "utf-8")
    other = ";" if delimiter == "," else ","
    try:
        header_fields = next(csv.reader([first_line], delimiter=delimiter), [])
    except csv.Error as exc:
        return None, _unreadable(
            path,
            f"struktur CSV rusak ({_csv_error_text(exc, 1, delimiter)}). Periksa judul kolom "
            "di baris 1, lalu ekspor ulang berkasnya.",
        )
    if len(header_fields) <= 1 and (other in first_line or "\t" in first_line):
        found = "titik koma (;)" if other == ";" and other in first_line else "pemisah lain"
        if "\t" in first_line:
            found = "tab"
        want = "koma (,)" if delimiter == "," else "titik koma (;)"
        return None, _unreadable(
            path,
            f"pemisah kolom salah: berkas memakai {found}, seharusnya {want}. Ekspor ulang "
            f"dengan pemisah {want} (di Excel: 'CSV UTF-8 (Comma delimited)').",
        )
    if len(header_fields) > _MAX_COLUMNS:
        return None, _unreadable(
            path,
            f"baris judul berisi {len(header_fields):,} kolom".replace(",", ".")
            + f"; berkas mentah paling banyak {_MAX_COLUMNS} kolom. Periksa pemisah kolom dan "
            "bahwa baris 1 adalah judul kolom, lalu ekspor ulang berkasnya.",
        )
    width = max(len(header_fields), 1)
    records_bound = max(data.count(b"\n"), data.count(b"\r")) + 1
    data, stray_cr = _mark_stray_cr(data)
    # (pyarrow's memory stays within the budget below the cell limit)
    if not stray_cr and records_bound * width <= limits.max_cells:
        fast = _read_plain_csv(data, delimiter)
        if fast is not None:
            headers, frame = fast
            dup = _duplicate_problem(path, headers)
            if dup:
                return None, dup
            return RawTable(path.name, "csv", frame, headers), None
    return _read_csv_records(path, data, delimiter, limits, stray_cr)


_CR_MARK = "\x1e"  # stands for a stray CR while the CSV module splits records


def _mark_stray_cr(data: bytes) -> tuple[bytes, bool]:
    """Replace a CR that is not part of a CRLF by a marker, in a file whose records end in LF.

    Such a CR is a line break typed inside a cell (a name pasted from another program): the CSV
    module would end the record there and shift the rest of the row. Marked, the record stays
    whole and is quarantined (``__cr__``). A file whose records all end in a bare CR (old Mac
    line ends) has no LF and is left as it is. The copy is made only when a stray CR exists.
    """
    if b"\n" not in data or data.count(b"\r") == data.count(b"\r\n"):
        return data, False
    return data.replace(b"\r\n", b"\n").replace(b"\r", _CR_MARK.encode()), True


def _too_many_cells(path: Path, limits: ReadLimits, width: int, line: int) -> FileProblem:
    million = limits.max_cells / 1e6
    return _unreadable(
        path,
        f"berkas terlalu besar untuk dibaca: sampai baris {line:,} sudah lebih dari "
        f"{million:g} juta sel (baris × {width} kolom judul). Satu berkas mentah satu kota jauh "
        "di bawah batas ini; periksa apakah berkas ini benar (bukan gabungan berulang, baris "
        "kosong atau sampah di akhir berkas). Bila memang sebesar ini, naikkan "
        "'validasi.sel_maks_juta' di pengaturan.".replace(",", "."),
    )


def _lines(stream: io.TextIOBase) -> Iterator[str]:
    """The physical lines of ``stream`` for the CSV module, each at most ``_MAX_LINE`` long."""
    while True:
        line = stream.readline(_MAX_LINE + 1)
        if not line:
            return
        if len(line) > _MAX_LINE:
            raise _LineTooLongError
        yield line


class _LineTooLongError(Exception):
    """A physical line longer than ``_MAX_LINE`` characters (hostile or not a CSV file)."""


def _read_csv_records(
    path: Path, data: bytes, delimiter: str, limits: ReadLimits, stray_cr: bool = False
) -> tuple[RawTable | None, FileProblem | None]:
    """The CSV-module path: records streamed into per-column Arrow arrays within the budget.

    Ragged records are kept as rows but marked, so that they are quarantined instead of silently
    shifted: extra fields (``__kolom_lebih__``), a short record (``__kolom_kurang__``: a lost
    field, or a record split by a line break inside a cell), a short LAST record in a file
    without a final line end (``__terpotong__``: cut off mid-row by an interrupted download or
    export) and a record holding a stray CR (``__cr__``, see :func:`_mark_stray_cr`). Every
    record, blank ones included, counts ``width`` cells against ``limits.max_cells``; the file is
    refused as soon as it is over.
    """
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(_lines(stream), delimiter=delimiter, strict=True)
    try:
        headers = _normalise_headers(next(reader, []))
        dup = _duplicate_problem(path, headers)
        if dup:
            return None, dup
        width = len(headers)
        max_records = limits.max_cells // max(width, 1)
        block = max(1, _BLOCK_CELLS // max(width, 1))
        columns: list[list[pa.Array]] = [[] for _ in range(width)]
        pending: list[list[str]] = []
        index, extra, short, cr = array("q"), array("q"), array("q"), array("q")
        last_short = 0
        for number, row in enumerate(reader, start=FIRST_DATA_ROW):
            if number - 1 > max_records:
                return None, _too_many_cells(path, limits, width, reader.line_num)
            if not row or all(not cell.strip() for cell in row):
                continue
            last_short = 0
            if stray_cr and any(_CR_MARK in cell for cell in row):
                cr.append(number)
                row = [cell.replace(_CR_MARK, "\r") for cell in row]
            if len(row) > width:
                extra.append(number)
                row = row[:width]
            elif len(row) < width:
                last_short = number
                short.append(number)
                row = row + [""] * (width - len(row))
            pending.append(row)
            index.append(number)
            if len(pending) >= block:
                _flush(pending, columns)
    except csv.Error as exc:
        return None, _unreadable(
            path,
            f"struktur CSV rusak ({_csv_error_text(exc, reader.line_num, delimiter)}); "
            "biasanya tanda kutip tidak ditutup atau berkas terpotong saat diunduh. "
            "Unduh/ekspor ulang berkasnya.",
        )
    except _LineTooLongError:
        return None, _unreadable(
            path,
            f"baris {reader.line_num + 1:,} lebih panjang dari {_MAX_LINE:,} karakter; berkas "
            "ini rusak atau bukan tabel CSV (mis. tanpa baris baru atau berisi sampah). Periksa "
            "berkasnya lalu ekspor ulang.".replace(",", "."),
        )
    _flush(pending, columns)
    # a file cut off mid-row: its last record is short and there is no final line end
    cut = last_short if last_short and not data.endswith((b"\n", b"\r")) else 0
    if cut:
        short.pop()  # the cut-off record is reported as such, not as a short one
    idx = pd.Index(np.frombuffer(index, dtype=np.int64), name="baris_sumber")
    frame = pd.DataFrame(
        {
            i: pd.Series(
                pd.arrays.ArrowStringArray(pa.chunked_array(chunks, type=pa.large_string())),
                index=idx,
            )
            for i, chunks in enumerate(columns)
        },
        index=idx,
    )
    frame.columns = pd.Index(headers)
    frame["__kolom_lebih__"] = pd.Series(False, index=frame.index)
    if extra:
        frame.loc[np.frombuffer(extra, dtype=np.int64), "__kolom_lebih__"] = True
    markers = (
        ("__terpotong__", [cut] if cut else []),
        ("__kolom_kurang__", np.frombuffer(short, dtype=np.int64)),
        ("__cr__", np.frombuffer(cr, dtype=np.int64)),
    )
    for marker, numbers in markers:
        if len(numbers):
            frame[marker] = pd.Series(False, index=frame.index)
            frame.loc[numbers, marker] = True
    return RawTable(path.name, "csv", frame, headers), None


def _flush(pending: list[list[str]], columns: list[list[pa.Array]]) -> None:
    """Move the pending records into one Arrow array per column (a few bytes per cell)."""
    if pending:
        for i, values in enumerate(zip(*pending, strict=True)):
            columns[i].append(pa.array(values, type=pa.large_string()))
        pending.clear()


def _csv_error_text(exc: csv.Error, line: int, delimiter: str) -> str:
    """Indonesian reading of a :class:`csv.Error` (its own text is English, data.md §3.1)."""
    what = str(exc)
    if "unexpected end of data" in what:
        reason = 'tanda kutip (") dibuka tetapi tidak ditutup sampai akhir berkas'
    elif "expected after" in what:
        reason = f'ada teks sesudah tanda kutip penutup ("), sebelum pemisah {delimiter!r}'
    elif "field limit" in what:
        reason = f"satu sel lebih panjang dari {csv.field_size_limit()} karakter"
    else:
        reason = "susunan tanda kutip atau pemisah tidak sah"
    return f"{reason}; terdeteksi di baris {line}"


def _read_plain_csv(data: bytes, delimiter: str) -> tuple[list[str], pd.DataFrame] | None:
    """The fast path of :func:`read_csv_text` for the usual, regular export; ``None`` otherwise.

    Taken only when the CSV module would read the text as plain "split records at line ends,
    fields at the delimiter": no quote character and no NUL anywhere, every record exactly as
    wide as the header (a ragged, blank or whitespace-only line makes pyarrow fail and the
    caller falls back), no field over the CSV module's size limit, unique header names and at
    least one data record. The result (headers, frame with record numbers as the index, blank
    records skipped but counted) is then exactly what the CSV-module path builds, ~10× faster.
    """
    body = memoryview(data)[3:] if data.startswith(codecs.BOM_UTF8) else memoryview(data)
    if b'"' in data or b"\x00" in data or body[:1] in (b"\r", b"\n"):
        return None  # (an empty header line is no record for the CSV module, one for pyarrow)
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(body),
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter, quote_char=False, ignore_empty_lines=False
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types={f"f{i}": pa.large_string() for i in range(_MAX_COLUMNS)},
                strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_rows < 2 or table.num_columns > _MAX_COLUMNS:
        return None
    columns = [table.column(i).combine_chunks() for i in range(table.num_columns)]
    limit = csv.field_size_limit()
    if any(pc.max(pc.utf8_length(c)).as_py() > limit for c in columns):
        return None
    headers = _normalise_headers([c[0].as_py() for c in columns])
    if len(set(headers)) != len(headers):
        return None  # duplicate names: the caller reports them (or keeps empty ones)
    n = table.num_rows - 1
    columns = [c.slice(1) for c in columns]
    keep = ~_blank_records(columns, n)
    if not keep.any():
        return None  # no data record: the CSV-module path builds the empty frame
    number = np.arange(FIRST_DATA_ROW, FIRST_DATA_ROW + n)
    index = pd.Index(number[keep] if not keep.all() else number, name="baris_sumber")
    if not keep.all():
        mask = pa.array(keep)
        columns = [c.filter(mask) for c in columns]
    frame = pd.DataFrame(
        {i: pd.Series(pd.arrays.ArrowStringArray(c), index=index) for i, c in enumerate(columns)}
    )
    frame.columns = pd.Index(headers)
    frame["__kolom_lebih__"] = pd.Series(False, index=frame.index)
    return headers, frame


def _blank_records(columns: list[pa.Array], n: int) -> np.ndarray:
    """Records whose every field is empty or white space (``str.strip`` leaves nothing).

    A field with a visible ASCII character is certainly not blank; only the few records with
    none are checked with Python's own ``str.strip``, so the result is exactly the CSV path's.
    """
    candidates = np.arange(n)
    for column in columns:
        if not len(candidates):
            break
        visible = pc.match_substring_regex(column.take(pa.array(candidates)), "[!-~]")
        candidates = candidates[~visible.to_numpy(zero_copy_only=False)]
    blank = np.zeros(n, dtype=bool)
    if len(candidates):
        cells = [column.take(pa.array(candidates)).to_pylist() for column in columns]
        for i, row in zip(candidates, zip(*cells, strict=True), strict=True):
            blank[i] = all(not cell.strip() for cell in row)
    return blank


def _cell_text(value: object) -> tuple[str, bool]:
    """Text form of an XLSX cell and whether it was numeric."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("true" if value else "false"), False
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat(), False
        return value.isoformat(sep=" "), False
    if isinstance(value, dt.date):
        return value.isoformat(), False
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else repr(value)), True
    return str(value), False


class _DamagedXlsxError(Exception):
    """openpyxl failed on the workbook's content.

    A damaged or foreign file makes openpyxl (and the zip, zlib and XML parsers below it) raise
    any of a dozen exception types (``BadZipFile``, ``zlib.error``, ``ParseError``, ``TypeError``
    from a mangled part, …), also while rows are streamed; all of them mean "this file cannot be
    read as XLSX" (a file-level problem, data.md §3.1), never a program error.
    """


class _XlsxLimitError(Exception):
    """A sheet exceeds a size cap of :class:`XlsxLimits`; the message is for the analyst."""


@dataclass(frozen=True)
class XlsxLimits:
    """Size caps of an XLSX file (``validasi.xlsx_*`` in the settings, docs/data.md §3.1).

    ``max_rows``/``max_columns`` bound the row and column number of any non-empty cell;
    ``max_unpacked_mib`` bounds the total uncompressed size of the zip parts and ``max_ratio``
    the compression ratio of any part larger than :data:`_RATIO_GRACE_BYTES` (a zip bomb).
    """

    max_rows: int = 1_048_576
    max_columns: int = 1_000
    max_unpacked_mib: int = 4_096
    max_ratio: int = 100

    @classmethod
    def from_settings(cls, settings: dict | None) -> XlsxLimits:
        """The caps of ``settings['validasi']`` (defaults for missing keys)."""
        section = (settings or {}).get("validasi") or {}
        default = cls()
        return cls(
            max_rows=int(section.get("xlsx_maks_baris", default.max_rows)),
            max_columns=int(section.get("xlsx_maks_kolom", default.max_columns)),
            max_unpacked_mib=int(section.get("xlsx_maks_mib_terurai", default.max_unpacked_mib)),
            max_ratio=int(section.get("xlsx_maks_rasio_kompresi", default.max_ratio)),
        )


_RATIO_GRACE_BYTES = 10 * 2**20  # smaller parts may compress as well as they like
_STRINGS_SHARE = 8  # the shared-string table (held in memory) may use 1/8 of the unpacked cap
_EXCEL_MAX_COLUMNS = 16_384  # XFD: a row element with more cells is not a spreadsheet row
_MAX_MERGES = 100_000  # merged ranges remembered per sheet (for messages only)
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _SHEET_DATA = _NS + "row", _NS + "c", _NS + "sheetData"
_MERGE, _MERGES = _NS + "mergeCell", _NS + "mergeCells"
_SAFE_SHEET_WORDS = frozenset(
    """sheet lembar data tabel table rekap rekapan ringkasan summary hasil grafik chart pivot
    keterangan petunjuk catatan kode referensi ref daftar lampiran tahun bulan semester triwulan
    tw kkb umkm pk kb dtks eppgbm anggota keluarga intervensi profil kkbpk kelurahan kecamatan
    desa wilayah kota lama baru salinan copy backup asli final revisi draft contoh template
    format kosong laporan input output master sumber lain lainnya old new of januari februari
    maret april mei juni juli agustus september oktober november desember jan feb mar apr jun
    jul agu agt ags sep okt nov des""".split()  # noqa: SIM905 (a word list reads better so)
)


def _id_number(n: int) -> str:
    """``1234567`` → ``1.234.567`` (Indonesian digit grouping)."""
    return f"{n:,}".replace(",", ".")


def _sheet_label(position: int, title: str) -> str:
    """``lembar ke-N`` plus the sheet name only when every word of it is a generic one.

    Sheet names are user text and may name a person or a place; a name is printed only when it
    is short, ASCII and made of numbers and the generic words of :data:`_SAFE_SHEET_WORDS`
    (``Sheet1``, ``Data 2023``, ``Rekap (2)``) — an allow-list, as for every output.
    """
    words = [w for w in re.split(r"[\s_\-().]+", title.lower()) if w]
    safe = (
        len(title) <= 31
        and title.isascii()
        and re.fullmatch(r"[A-Za-z0-9 _\-().]+", title) is not None
        and all(
            re.fullmatch(r"\d+", w) or re.sub(r"\d+$", "", w) in _SAFE_SHEET_WORDS for w in words
        )
    )
    return f"lembar ke-{position} ('{title}')" if safe and words else f"lembar ke-{position}"


_STATE_TEXT = {"hidden": "tersembunyi", "veryHidden": "sangat tersembunyi (veryHidden)"}


def _check_zip(path: Path, limits: XlsxLimits) -> FileProblem | None:
    """Refuse a zip bomb before openpyxl opens the file (central directory only).

    The declared sizes of the central directory are what :mod:`zipfile` decompresses at most
    (it cuts every part at its declared size, and a part whose real content is longer then
    fails its CRC check), so checking them bounds what is actually decompressed.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except Exception as exc:  # not a zip at all: the usual "cannot be read as XLSX"
        return _xlsx_problem(path, exc)
    odd = [i for i in infos if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)]
    if odd:
        return _unreadable(
            path,
            "berkas XLSX memakai metode kompresi yang tidak dipakai Excel (bukan buku kerja "
            "Excel biasa). Buka di Excel/LibreOffice lalu simpan ulang sebagai 'Excel Workbook "
            "(.xlsx)'.",
        )
    total = sum(i.file_size for i in infos)
    if total > limits.max_unpacked_mib * 2**20:
        return _unreadable(
            path,
            f"isi berkas XLSX bila diurai berukuran {_id_number(total // 2**20)} MiB, melebihi "
            f"batas {_id_number(limits.max_unpacked_mib)} MiB (pengaturan "
            "validasi.xlsx_maks_mib_terurai). Berkas seperti ini biasanya rusak atau sengaja "
            "dibuat membengkak ('zip bomb'), bukan ekspor tabel biasa. Minta kiriman ulang dari "
            "sumbernya; bila datanya memang sebesar ini, simpan sebagai 'CSV UTF-8'.",
        )
    strings = sum(i.file_size for i in infos if i.filename.lower().endswith("sharedstrings.xml"))
    if strings > limits.max_unpacked_mib * 2**20 // _STRINGS_SHARE:
        # openpyxl holds the shared-string table in memory, unlike the streamed sheet
        return _unreadable(
            path,
            f"tabel teks bersama (sharedStrings) berkas XLSX berukuran "
            f"{_id_number(strings // 2**20)} MiB bila diurai, melebihi batas "
            f"{_id_number(limits.max_unpacked_mib // _STRINGS_SHARE)} MiB (1/{_STRINGS_SHARE} "
            "dari validasi.xlsx_maks_mib_terurai). Berkas seperti ini biasanya rusak atau sengaja "
            "dibuat membengkak; minta kiriman ulang, atau simpan datanya sebagai 'CSV UTF-8'.",
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_GRACE_BYTES and ratio > limits.max_ratio:
            return _unreadable(
                path,
                f"salah satu bagian berkas XLSX terurai {_id_number(int(ratio))} kali lebih besar "
                f"daripada ukuran termampatnya (batas {_id_number(limits.max_ratio)} kali, "
                "pengaturan validasi.xlsx_maks_rasio_kompresi): ciri berkas yang sengaja dibuat "
                "membengkak ('zip bomb'), bukan buku kerja Excel biasa. Minta kiriman ulang "
                "dari sumbernya.",
            )
    return None


class _BoundedZipFile(zipfile.ZipFile):
    """A zip whose whole-part reads go in 1 MiB steps.

    ``ZipFile.read`` decompresses up to 1 GiB in one step before it cuts the part at its
    declared size, so a part that declares a few bytes but inflates to gigabytes would still
    cost a gigabyte of memory; reading in steps keeps every step small and the total at the
    declared size (capped by :func:`_check_zip`). Streamed reads (``open``) are already
    stepwise: the XML parsers ask for 16–64 KiB at a time.
    """

    def read(self, name, pwd=None) -> bytes:
        with self.open(name, pwd=pwd) as part:
            return b"".join(iter(lambda: part.read(1 << 20), b""))


def _open_workbook(path: Path):
    """``openpyxl.load_workbook(path, read_only=True, data_only=True)`` over a bounded zip."""
    from openpyxl.reader.excel import ExcelReader  # deferred: only needed for XLSX inputs

    reader = ExcelReader(path, read_only=True, data_only=True)
    reader.archive.close()
    reader.archive = _BoundedZipFile(path)
    try:
        reader.read()
    except BaseException:
        reader.archive.close()
        raise
    return reader.wb


class _SheetStream:
    """Non-empty cells of one read-only sheet, row by row, ignoring ``<dimension>``.

    openpyxl's read-only rows trust the ``<dimension>`` tag (a stale one cuts rows off, a
    stray far cell pads every row to thousands of columns); this reads the sheet XML itself
    with openpyxl's cell parser, keeps only cells with a value, and remembers ``<mergeCell>``
    ranges, which read-only mode does not expose. Parsed elements are dropped as the stream
    goes, so memory does not grow with the sheet. openpyxl errors → :class:`_DamagedXlsxError`.
    """

    def __init__(self, wb, ws):
        self.wb, self.ws = wb, ws
        self.merges: list[str] = []

    def rows(self) -> Iterator[tuple[int, list[tuple[int, object]]]]:
        """``(row number, [(column number, value), …])`` of every row with a value."""
        try:
            yield from self._rows()
        except (_XlsxLimitError, GeneratorExit):
            raise
        except Exception as exc:  # see _DamagedXlsxError
            raise _DamagedXlsxError from exc

    def _rows(self) -> Iterator[tuple[int, list[tuple[int, object]]]]:
        from xml.etree.ElementTree import iterparse

        from openpyxl.worksheet._reader import WorkSheetParser

        wb, ws = self.wb, self.ws
        # openpyxl internals (pinned 3.1): the sheet's zip part and the workbook's string table
        # and date styles, exactly as ReadOnlyWorksheet uses them.
        with wb._archive.open(ws._worksheet_path) as source:
            parser = WorkSheetParser(
                source,
                ws._shared_strings,
                data_only=True,
                epoch=wb.epoch,
                date_formats=wb._date_formats,
                timedelta_formats=wb._timedelta_formats,
            )
            parent = None
            cells_in_row = 0
            last = 0
            for event, element in iterparse(source, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag in (_SHEET_DATA, _MERGES):
                        parent = element
                    continue
                if tag == _CELL:
                    cells_in_row += 1
                    if cells_in_row > _EXCEL_MAX_COLUMNS:
                        raise _DamagedXlsxError("row with more cells than Excel's columns")
                elif tag == _ROW:
                    number, cells = parser.parse_row(element)
                    cells_in_row = 0
                    if parent is not None:
                        parent.clear()
                    if number <= last:
                        raise _DamagedXlsxError("rows out of order")
                    last = number
                    values = [(c["column"], c["value"]) for c in cells if c["value"] is not None]
                    if values:
                        yield number, values
                elif tag == _MERGE:
                    if len(self.merges) < _MAX_MERGES:
                        self.merges.append(str(element.get("ref", "")))
                    if parent is not None:
                        parent.clear()


def _xlsx_problem(path: Path, exc: BaseException | None) -> FileProblem:
    logger.debug("XLSX %s tidak terbaca: %r", path.name, exc)  # the type is for developers only
    return _unreadable(
        path,
        "berkas tidak dapat dibuka sebagai XLSX (bukan buku kerja Excel yang utuh, atau isinya "
        "rusak). Pastikan berkas disimpan sebagai 'Excel Workbook (.xlsx)', bukan .xls lama atau "
        "CSV yang diganti namanya.",
    )


def _blank(value: object) -> bool:
    return not _cell_text(value)[0].strip()


def _rows_with_data(wb, ws, enough: int = 2) -> int:
    """How many rows of ``ws`` have a non-blank cell, counting up to ``enough`` only."""
    found = 0
    for _, cells in _SheetStream(wb, ws).rows():
        if any(not _blank(v) for _, v in cells):
            found += 1
            if found >= enough:
                break
    return found


@dataclass
class _SheetChoice:
    """The sheet to read and what the workbook's other sheets hold."""

    sheet: object
    label: str
    reason: str
    others: list[tuple[str, str, int]]  # (label, visibility text, rows with data up to 2)


def _choose_sheet(wb) -> _SheetChoice | None:
    """The first visible worksheet, and a survey of the other worksheets (``None``: none)."""
    names = list(wb.sheetnames)  # chart sheets count in the tab order too
    sheets = [(names.index(ws.title) + 1, ws) for ws in wb.worksheets]
    visible = [(n, ws) for n, ws in sheets if ws.sheet_state == "visible"]
    if not visible:
        return None
    position, chosen = visible[0]
    hidden_before = [n for n, ws in sheets if n < position]
    reason = "lembar pertama yang tampak"
    if hidden_before:
        reason += "; " + ", ".join(f"lembar ke-{n}" for n in hidden_before) + " tersembunyi"
    others = []
    for n, ws in sheets:
        if ws is chosen:
            continue
        state = _STATE_TEXT.get(ws.sheet_state, "tampak")
        others.append((_sheet_label(n, ws.title), state, _rows_with_data(wb, ws)))
    return _SheetChoice(chosen, _sheet_label(position, chosen.title), reason, others)


def _sheet_notes(choice: _SheetChoice) -> list[str]:
    """Load-summary notes: which sheet was read and why, and the other sheets with data."""
    if not choice.others:
        return []
    notes = [f"dibaca {choice.label} ({choice.reason})"]
    with_data = [f"{label} ({state})" for label, state, rows in choice.others if rows]
    if with_data:
        notes.append(
            "lembar lain berisi data tetapi TIDAK dibaca: "
            + ", ".join(with_data)
            + "; pindahkan datanya ke lembar yang dibaca bila termasuk berkas ini"
        )
    return notes


def _elsewhere(choice: _SheetChoice) -> str:
    """`` Data tampaknya ada di lembar ke-2 …`` when another sheet has a header and data."""
    full = [f"{label} ({state})" for label, state, rows in choice.others if rows >= 2]
    if not full:
        return ""
    return (
        f" Data tampaknya ada di {', '.join(full)}, padahal yang dibaca {choice.label} "
        f"({choice.reason}). Pindahkan tabel ke lembar pertama yang tampak (atau hapus/"
        "sembunyikan lembar yang kosong), lalu simpan ulang."
    )


def _merged_info(
    merges: list[str], headers: list[str]
) -> tuple[list[str], dict[str, list[tuple[int, int]]]]:
    """Merged ranges touching the header row, and per column the data rows a merge empties.

    Only the top-left cell of a merged range holds its value; the other cells of the range
    read as empty. Returns the header ranges (``A1:H1``) and, per header name, the intervals
    ``(first, last)`` of data rows whose cell lies inside a range but is not its top-left cell.
    """
    from openpyxl.utils.cell import range_boundaries

    header: list[str] = []
    data: dict[str, list[tuple[int, int]]] = {}
    budget = 1_000_000  # intervals kept in all (a crafted file may hold absurd merges)
    for ref in merges:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            continue  # a mangled reference: no message rather than a wrong one
        if None in (min_col, min_row, max_col, max_row):
            continue
        if min_row <= 1 and (max_col > min_col or max_row > min_row):
            header.append(ref.upper())
        for col in range(min_col, min(max_col, len(headers)) + 1):
            first = max(min_row + 1 if col == min_col else min_row, FIRST_DATA_ROW)
            if headers[col - 1] and first <= max_row and budget > 0:
                data.setdefault(headers[col - 1], []).append((first, max_row))
                budget -= 1
    return header, data


def read_xlsx_text(
    path: Path, limits: XlsxLimits | None = None
) -> tuple[RawTable | None, FileProblem | None]:
    """Read the first visible sheet of an XLSX file as text (header in row 1).

    The zip is checked against the size caps first (:func:`_check_zip`); rows are streamed
    without trusting ``<dimension>`` (:class:`_SheetStream`). The other sheets are surveyed so
    that the load summary can name those with data (:func:`_sheet_notes`).
    """
    limits = limits or XlsxLimits()
    problem = _check_zip(path, limits)
    if problem:
        return None, problem
    try:
        wb = _open_workbook(path)
    except Exception as exc:  # a damaged file, not a bug: see _DamagedXlsxError
        return None, _xlsx_problem(path, exc)
    try:
        choice = _choose_sheet(wb)
        if choice is None:
            return None, _unreadable(
                path,
                "buku kerja tidak punya lembar kerja yang tampak (semua tersembunyi atau hanya "
                "lembar grafik). Tampilkan lembar data (klik kanan tab → Unhide), lalu simpan "
                "ulang.",
            )
        stream = _SheetStream(wb, choice.sheet)
        raw = _read_sheet(path, stream, choice, limits)
    except _DamagedXlsxError as exc:
        return None, _xlsx_problem(path, exc.__cause__ or exc)
    except _XlsxLimitError as exc:
        return None, _unreadable(path, str(exc))
    finally:
        wb.close()
    return raw


def _limit_error(choice: _SheetChoice, row: int, col: int, limits: XlsxLimits) -> _XlsxLimitError:
    from openpyxl.utils import get_column_letter

    where = f"{get_column_letter(min(col, _EXCEL_MAX_COLUMNS))}{row}"
    if col > limits.max_columns:
        what = (
            f"kolom ke-{_id_number(col)}, melebihi batas {_id_number(limits.max_columns)} kolom "
            "(pengaturan validasi.xlsx_maks_kolom)"
        )
    else:
        what = (
            f"baris ke-{_id_number(row)}, melebihi batas {_id_number(limits.max_rows)} baris "
            "(pengaturan validasi.xlsx_maks_baris)"
        )
    return _XlsxLimitError(
        f"{choice.label} berisi nilai di sel {where}, yaitu {what}. Biasanya ini isi sel yang "
        "nyasar jauh di luar tabel: hapus isi sel itu (atau hapus kolom/baris kosong di luar "
        "tabel), lalu simpan ulang."
    )


def _read_sheet(
    path: Path, stream: _SheetStream, choice: _SheetChoice, limits: XlsxLimits
) -> tuple[RawTable | None, FileProblem | None]:
    rows = stream.rows()
    headers: list[str] | None = None
    width = 0
    records, index = [], []
    numeric: dict[str, set[int]] = {}
    extra: list[int] = []
    for number, cells in rows:
        texts = {}
        for col, value in cells:
            text, is_num = _cell_text(value)
            if text.strip() and (col > limits.max_columns or number > limits.max_rows):
                raise _limit_error(choice, number, col, limits)
            texts[col] = (text, is_num)
        if headers is None:
            if number == 1:
                raw = [texts.get(c, ("", False))[0] for c in range(1, max(texts, default=0) + 1)]
                headers = _normalise_headers(raw)
                while headers and not headers[-1]:
                    headers.pop()
                dup = _duplicate_problem(path, headers)
                if dup:
                    return None, dup
                width = len(headers)
                continue
            headers = []  # row 1 holds nothing: no header (check_headers explains)
        record = [""] * width
        beyond = False
        for col, (text, is_num) in texts.items():
            if col <= width:
                record[col - 1] = text
                if is_num:
                    numeric.setdefault(headers[col - 1], set()).add(number)
            elif text.strip():
                beyond = True  # as in CSV: values without a header are quarantined, not dropped
        if not beyond and all(not t.strip() for t in record):
            continue
        if beyond:
            extra.append(number)
        records.append(record)
        index.append(number)
    if headers is None:
        return None, _unreadable(
            path,
            f"{choice.label} (yang dibaca) kosong. Isi judul kolom di baris 1.{_elsewhere(choice)}",
        )
    if not records and _elsewhere(choice):
        return None, _unreadable(
            path, f"{choice.label} hanya berisi judul kolom, tanpa baris data.{_elsewhere(choice)}"
        )
    header_merges, merged = _merged_info(stream.merges, headers)
    frame = pd.DataFrame(records, columns=headers, index=pd.Index(index, name="baris_sumber"))
    frame = frame.astype("string")
    frame["__kolom_lebih__"] = pd.Series(False, index=frame.index)
    if extra:
        frame.loc[extra, "__kolom_lebih__"] = True
    raw_table = RawTable(path.name, "xlsx", frame, headers, numeric)
    raw_table.notes = _sheet_notes(choice)
    raw_table.header_merges = header_merges
    raw_table.merged_cells = merged
    return raw_table, None


def read_raw_file(
    path: Path,
    delimiter: str = ",",
    limits: ReadLimits | None = None,
    xlsx_limits: XlsxLimits | None = None,
) -> tuple[RawTable | None, FileProblem | None]:
    """Read one raw file (CSV or XLSX by extension) as text, within ``limits``."""
    limits = limits or ReadLimits()
    size = path.stat().st_size
    if size > limits.max_bytes:
        return None, _unreadable(
            path,
            f"berkas terlalu besar ({size / 2**20:,.0f} MiB; batas {limits.max_bytes >> 20} MiB "
            "per berkas). Berkas mentah satu kota jauh lebih kecil: periksa apakah ini berkas "
            "yang benar (bukan gabungan beberapa tahun atau ekspor berulang). Bila memang sebesar "
            "ini, naikkan 'validasi.ukuran_berkas_maks_mib' di pengaturan.",
        )
    if path.suffix.lower() == ".xlsx":
        raw, problem = read_xlsx_text(path, xlsx_limits)
    else:
        raw, problem = read_csv_text(path, delimiter=delimiter, limits=limits)
    if raw is not None and raw.frame.empty:
        return None, _unreadable(
            path,
            "berkas hanya berisi judul kolom, tanpa satu pun baris data (mungkin terpotong saat "
            "diekspor). Kirim ulang berkas yang lengkap, atau hapus berkas ini bila memang tidak "
            "ada data.",
        )
    return raw, problem
