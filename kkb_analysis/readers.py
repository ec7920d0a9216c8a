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
_MAX_COLUMNS = 1000  # wider CSV files take the CSV-module path


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


def _decode(path: Path, data: bytes) -> tuple[str | None, FileProblem | None]:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None, _unreadable(
            path,
            "berkas tersimpan dalam pengodean UTF-16 (biasanya dari 'Unicode Text' Excel). "
            "Simpan ulang sebagai 'CSV UTF-8 (Comma delimited)'.",
        )
    if b"\x00" in data[:4096]:
        return None, _unreadable(
            path,
            "berkas ini bukan teks CSV (berisi byte biner). Pastikan yang dikirim adalah berkas "
            "CSV, bukan XLSX/PDF yang diganti namanya.",
        )
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, _unreadable(
            path,
            f"berkas bukan UTF-8 (byte tidak sah di baris {line}); kemungkinan tersimpan sebagai "
            "Latin-1/Windows-1252. Buka di Excel lalu 'Save As' → 'CSV UTF-8 (Comma delimited)', "
            "atau di LibreOffice pilih set karakter Unicode (UTF-8).",
        )


def _normalise_headers(raw: list[str]) -> list[str]:
    return [judul_normal(h) for h in raw]  # invisible characters do not hide a header


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


def read_csv_text(path: Path, delimiter: str = ",") -> tuple[RawTable | None, FileProblem | None]:
    """Read a CSV file as text, checking encoding, delimiter and structure."""
    data = path.read_bytes()
    if not data.strip():
        return None, _unreadable(path, "berkas kosong (0 baris). Kirim ulang berkas yang lengkap.")
    text, problem = _decode(path, data)
    if problem:
        return None, problem
    if not text.strip():  # e.g. only a byte-order mark
        return None, _unreadable(path, "berkas kosong (0 baris). Kirim ulang berkas yang lengkap.")
    # the first record up to any line end (as the CSV module splits records: \n, \r\n or \r)
    first_line = io.StringIO(text, newline="").readline().rstrip("\r\n")
    other = ";" if delimiter == "," else ","
    header_fields = next(csv.reader([first_line], delimiter=delimiter), [])
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
    fast = _read_plain_csv(data, text, delimiter)
    if fast is not None:
        headers, frame = fast
        dup = _duplicate_problem(path, headers)
        if dup:
            return None, dup
        return RawTable(path.name, "csv", frame, headers), None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        return None, _unreadable(
            path,
            f"struktur CSV rusak ({_csv_error_text(exc, reader.line_num, delimiter)}); "
            "biasanya tanda kutip tidak ditutup atau berkas terpotong saat diunduh. "
            "Unduh/ekspor ulang berkasnya.",
        )
    headers = _normalise_headers(rows[0])
    dup = _duplicate_problem(path, headers)
    if dup:
        return None, dup
    width = len(headers)
    # Ragged records are kept: missing trailing fields become empty, extra fields go to a
    # marker column so that the row is quarantined instead of silently shifted.
    # A short LAST record in a file without a final line end was cut off mid-row (an
    # interrupted download or export): it goes to a second marker column and is quarantined.
    cut_off = not text.endswith(("\n", "\r"))
    records, index, extra, cut = [], [], [], []
    for number, row in enumerate(rows[1:], start=FIRST_DATA_ROW):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) > width:
            extra.append(number)
            row = row[:width]
        elif len(row) < width:
            if cut_off and number == len(rows):
                cut.append(number)
            row = row + [""] * (width - len(row))
        records.append(row)
        index.append(number)
    frame = pd.DataFrame(records, columns=headers, index=pd.Index(index, name="baris_sumber"))
    frame = frame.astype("string")
    frame["__kolom_lebih__"] = pd.Series(False, index=frame.index)
    if extra:
        frame.loc[extra, "__kolom_lebih__"] = True
    if cut:
        frame["__terpotong__"] = pd.Series(False, index=frame.index)
        frame.loc[cut, "__terpotong__"] = True
    return RawTable(path.name, "csv", frame, headers), None


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


def _read_plain_csv(
    data: bytes, text: str, delimiter: str
) -> tuple[list[str], pd.DataFrame] | None:
    """The fast path of :func:`read_csv_text` for the usual, regular export; ``None`` otherwise.

    Taken only when the CSV module would read the text as plain "split records at line ends,
    fields at the delimiter": no quote character and no NUL anywhere, every record exactly as
    wide as the header (a ragged, blank or whitespace-only line makes pyarrow fail and the
    caller falls back), no field over the CSV module's size limit, unique header names and at
    least one data record. The result (headers, frame with record numbers as the index, blank
    records skipped but counted) is then exactly what the CSV-module path builds, ~10× faster.
    """
    if '"' in text or "\x00" in text or text[:1] in ("\r", "\n"):
        return None  # (an empty header line is no record for the CSV module, one for pyarrow)
    body = memoryview(data)[3:] if data.startswith(codecs.BOM_UTF8) else memoryview(data)
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


def read_raw_file(path: Path, delimiter: str = ",") -> tuple[RawTable | None, FileProblem | None]:
    """Read one raw file (CSV or XLSX by extension) as text."""
    if path.suffix.lower() == ".xlsx":
        raw, problem = read_xlsx_text(path)
    else:
        raw, problem = read_csv_text(path, delimiter=delimiter)
    if raw is not None and raw.frame.empty:
        return None, _unreadable(
            path,
            "berkas hanya berisi judul kolom, tanpa satu pun baris data (mungkin terpotong saat "
            "diekspor). Kirim ulang berkas yang lengkap, atau hapus berkas ini bila memang tidak "
            "ada data.",
        )
    return raw, problem
