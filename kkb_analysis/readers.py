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


def find_file(folder: Path, base: str) -> tuple[Path | None, FileProblem | None]:
    """Locate ``<base>.csv`` or ``<base>.xlsx`` in a year folder (both present is an error)."""
    csv_path, xlsx_path = folder / f"{base}.csv", folder / f"{base}.xlsx"
    if csv_path.is_file() and xlsx_path.is_file():
        return None, FileProblem(
            f"{base}.csv / {base}.xlsx",
            "FILE_GANDA",
            f"berkas {base} ada dalam dua bentuk (CSV dan XLSX) di folder yang sama. Hapus atau "
            "pindahkan salah satunya agar jelas mana yang dipakai.",
        )
    if csv_path.is_file():
        return csv_path, None
    if xlsx_path.is_file():
        return xlsx_path, None
    return None, None


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
    return [str(h).strip().lower() for h in raw]


def _duplicate_problem(path: Path, headers: list[str]) -> FileProblem | None:
    seen: set[str] = set()
    dupes = sorted({h for h in headers if h in seen or seen.add(h)})
    dupes = [d for d in dupes if d]
    if not dupes:
        return None
    return FileProblem(
        path.name,
        "FILE_TIDAK_TERBACA",
        "judul kolom ganda: " + ", ".join(f"'{d}'" for d in dupes) + ". Setiap kolom harus "
        "muncul sekali; hapus kolom rangkap lalu simpan ulang.",
        column=dupes[0],
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
    if records_bound * width <= limits.max_cells:  # pyarrow's memory stays within the budget
        fast = _read_plain_csv(data, delimiter)
        if fast is not None:
            headers, frame = fast
            dup = _duplicate_problem(path, headers)
            if dup:
                return None, dup
            return RawTable(path.name, "csv", frame, headers), None
    return _read_csv_records(path, data, delimiter, limits)


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
    path: Path, data: bytes, delimiter: str, limits: ReadLimits
) -> tuple[RawTable | None, FileProblem | None]:
    """The CSV-module path: records streamed into per-column Arrow arrays within the budget.

    Ragged records are kept: missing trailing fields become empty, extra fields go to a marker
    column so that the row is quarantined instead of silently shifted. A short LAST record in a
    file without a final line end was cut off mid-row (an interrupted download or export): it
    goes to a second marker column and is quarantined. Every record, blank ones included, counts
    ``width`` cells against ``limits.max_cells``; the file is refused as soon as it is over.
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
        index, extra = array("q"), array("q")
        last_short = 0
        for number, row in enumerate(reader, start=FIRST_DATA_ROW):
            if number - 1 > max_records:
                return None, _too_many_cells(path, limits, width, reader.line_num)
            if not row or all(not cell.strip() for cell in row):
                continue
            last_short = 0
            if len(row) > width:
                extra.append(number)
                row = row[:width]
            elif len(row) < width:
                last_short = number
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
    if cut:
        frame["__terpotong__"] = pd.Series(False, index=frame.index)
        frame.loc[cut, "__terpotong__"] = True
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


def _sheet_rows(wb) -> Iterator[tuple]:
    """Cell values of the first sheet, row by row; openpyxl errors → :class:`_DamagedXlsxError`."""
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
    except Exception as exc:  # see _DamagedXlsxError
        raise _DamagedXlsxError from exc
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # see _DamagedXlsxError
            raise _DamagedXlsxError from exc
        yield row


def _xlsx_problem(path: Path, exc: BaseException | None) -> FileProblem:
    logger.debug("XLSX %s tidak terbaca: %r", path.name, exc)  # the type is for developers only
    return _unreadable(
        path,
        "berkas tidak dapat dibuka sebagai XLSX (bukan buku kerja Excel yang utuh, atau isinya "
        "rusak). Pastikan berkas disimpan sebagai 'Excel Workbook (.xlsx)', bukan .xls lama atau "
        "CSV yang diganti namanya.",
    )


def read_xlsx_text(path: Path) -> tuple[RawTable | None, FileProblem | None]:
    """Read the first sheet of an XLSX file as text (header in row 1)."""
    from openpyxl import load_workbook  # deferred: only needed for XLSX inputs

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged file, not a bug: see _DamagedXlsxError
        return None, _xlsx_problem(path, exc)
    try:
        rows_iter = _sheet_rows(wb)
        header_row = next(rows_iter, None)
        if header_row is None:
            return None, _unreadable(path, "lembar pertama kosong. Isi judul kolom di baris 1.")
        headers = _normalise_headers([_cell_text(v)[0] for v in header_row])
        while headers and not headers[-1]:
            headers.pop()
        dup = _duplicate_problem(path, headers)
        if dup:
            return None, dup
        width = len(headers)
        records, index = [], []
        numeric: dict[str, set[int]] = {}
        extra: list[int] = []
        for number, row in enumerate(rows_iter, start=FIRST_DATA_ROW):
            all_cells = [_cell_text(v) for v in (row or ())]
            cells = all_cells[:width]
            cells += [("", False)] * (width - len(cells))
            beyond = any(text.strip() for text, _ in all_cells[width:])
            if all(not text.strip() for text, _ in cells) and not beyond:
                continue
            if beyond:  # as in CSV: values without a header are quarantined, not dropped
                extra.append(number)
            records.append([text for text, _ in cells])
            index.append(number)
            for col, (_, is_num) in zip(headers, cells, strict=True):
                if is_num:
                    numeric.setdefault(col, set()).add(number)
    except _DamagedXlsxError as exc:
        return None, _xlsx_problem(path, exc.__cause__)
    finally:
        wb.close()
    frame = pd.DataFrame(records, columns=headers, index=pd.Index(index, name="baris_sumber"))
    frame = frame.astype("string")
    frame["__kolom_lebih__"] = pd.Series(False, index=frame.index)
    if extra:
        frame.loc[extra, "__kolom_lebih__"] = True
    return RawTable(path.name, "xlsx", frame, headers, numeric), None


def read_raw_file(
    path: Path, delimiter: str = ",", limits: ReadLimits | None = None
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
        raw, problem = read_xlsx_text(path)
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
