"""Reading raw files as text: encodings, delimiters, structure, XLSX cells."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkb_analysis import readers
from kkb_analysis.readers import find_file, read_raw_file


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_csv_keeps_codes_as_text_and_record_numbers(tmp_path):
    path = _write(tmp_path, "x.csv", b"Kode , rw\n003,01\n\n36.72.05.1004,7\n")
    raw, problem = read_raw_file(path)
    assert problem is None
    assert raw.headers == ["kode", "rw"]
    assert raw.frame["kode"].tolist() == ["003", "36.72.05.1004"]
    # the blank line is skipped but record numbers still point into the file (header = 1)
    assert raw.frame.index.tolist() == [2, 4]


def test_bom_is_tolerated(tmp_path):
    path = _write(tmp_path, "x.csv", "\ufeffa,b\n1,2\n".encode())
    raw, problem = read_raw_file(path)
    assert problem is None and raw.headers == ["a", "b"]


def test_latin1_file_is_a_file_problem_naming_the_line(tmp_path):
    path = _write(tmp_path, "x.csv", "nama\nSiti\nJos\xe9\n".encode("latin-1"))
    raw, problem = read_raw_file(path)
    assert raw is None
    assert problem.code == "FILE_TIDAK_TERBACA"
    assert "baris 3" in problem.message and "UTF-8" in problem.message


def test_utf16_file_is_rejected_with_advice(tmp_path):
    path = _write(tmp_path, "x.csv", "a,b\n1,2\n".encode("utf-16"))
    _, problem = read_raw_file(path)
    assert "UTF-16" in problem.message


def test_wrong_delimiter_is_reported(tmp_path):
    path = _write(tmp_path, "x.csv", b"a;b;c\n1;2;3\n")
    _, problem = read_raw_file(path)
    assert "pemisah kolom salah" in problem.message and "titik koma" in problem.message


def test_semicolon_file_read_with_semicolon(tmp_path):
    path = _write(tmp_path, "e.csv", b"JK;Berat\nL;12,5\n")
    raw, problem = read_raw_file(path, delimiter=";")
    assert problem is None and raw.frame["berat"].tolist() == ["12,5"]


def test_empty_and_binary_files(tmp_path):
    _, empty = read_raw_file(_write(tmp_path, "a.csv", b"  \n"))
    assert "kosong" in empty.message
    _, binary = read_raw_file(_write(tmp_path, "b.csv", b"PK\x03\x04\x00\x00binary"))
    assert "bukan teks CSV" in binary.message


def test_unclosed_quote_is_a_structure_problem(tmp_path):
    _, problem = read_raw_file(_write(tmp_path, "a.csv", b'a,b\n1,"dua\n'))
    assert problem is not None and "terpotong" in problem.message


def test_ragged_rows_are_kept_and_marked(tmp_path):
    raw, _ = read_raw_file(_write(tmp_path, "a.csv", b"a,b\n1\n1,2,3\n"))
    assert raw.frame["b"].tolist() == ["", "2"]
    assert raw.frame["__kolom_lebih__"].tolist() == [False, True]


def test_duplicated_header_is_a_file_problem(tmp_path):
    _, problem = read_raw_file(_write(tmp_path, "a.csv", b"a,B,b\n1,2,3\n"))
    assert problem.column == "b" and "ganda" in problem.message


def test_xlsx_numeric_cells_are_text_and_marked(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["no_kk", "rw", "tanggal"])
    ws.append([3672051234567890, "003", None])
    ws.append(["3672051234567891", 4, None])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    raw, problem = read_raw_file(path)
    assert problem is None
    assert raw.frame["no_kk"].tolist() == ["3672051234567890", "3672051234567891"]
    assert raw.frame["rw"].tolist() == ["003", "4"]
    assert raw.numeric_cells == {"no_kk": {2}, "rw": {3}}


def test_not_an_xlsx(tmp_path):
    _, problem = read_raw_file(_write(tmp_path, "f.xlsx", b"a,b\n1,2\n"))
    assert "XLSX" in problem.message


def test_find_file_prefers_single_and_rejects_both(tmp_path):
    assert find_file(tmp_path, "kkb") == (None, None)
    (tmp_path / "kkb.xlsx").write_bytes(b"x")
    assert find_file(tmp_path, "kkb")[0].name == "kkb.xlsx"
    (tmp_path / "kkb.csv").write_text("x")
    path, problem = find_file(tmp_path, "kkb")
    assert path is None and problem.code == "FILE_GANDA"


# ------------------------------------------------------------------------- CSV fast path
_CELL = st.text(st.sampled_from(list("ab1 ;\t\x0b\x1c\xa0é")), max_size=4)
_END = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def _plain_csv(draw) -> bytes:
    """Quote-free CSV text: mostly regular records, sometimes blank, ragged or odd lines."""
    width = draw(st.integers(1, 4))
    lines = [",".join(draw(st.lists(_CELL, min_size=width, max_size=width)))]
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["row", "row", "row", "blank", "ragged"]))
        if kind == "row":
            lines.append(",".join(draw(st.lists(_CELL, min_size=width, max_size=width))))
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", " ", "\t", ",", ", ,"])))
        else:
            lines.append(",".join(draw(st.lists(_CELL, min_size=1, max_size=width + 2))))
    text = "".join(line + draw(_END) for line in lines)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return (("\ufeff" if draw(st.booleans()) else "") + text).encode("utf-8")


def _same_read(path: Path, monkeypatch) -> None:
    fast = read_raw_file(path)
    with monkeypatch.context() as m:
        m.setattr(readers, "_read_plain_csv", lambda *a: None)
        slow = read_raw_file(path)
    assert (fast[1] is None) == (slow[1] is None)
    if slow[1] is not None:
        assert fast[1] == slow[1]
        return
    a, b = fast[0], slow[0]
    assert a.headers == b.headers
    pd.testing.assert_frame_equal(a.frame, b.frame, check_exact=True)
    assert a.frame.index.dtype == b.frame.index.dtype
    assert list(a.frame.dtypes) == list(b.frame.dtypes)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_plain_csv())
def test_fast_csv_path_reads_exactly_like_the_csv_module(tmp_path, monkeypatch, data):
    _same_read(_write(tmp_path, "x.csv", data), monkeypatch)


@pytest.mark.parametrize(
    "data",
    [
        b"a,b\n1,2\n3,4\n",  # regular: the fast path
        b"a,b\r\n1,2\r\n\r\n3,4\r\n\r\n",  # blank records counted but skipped
        b"a,b\n , \n1,2\n",  # whitespace-only record
        b"a,b\n1,2\n3\n4,5,6\n",  # ragged: the CSV-module path
        b'a,b\n"1",2\n',  # quotes: the CSV-module path
        b"a,,\n1,2,3\n",  # empty header names
        b"a,b\n\n\n",  # no data record
        b"a,b\n" + b"x" * 200_000 + b",1\n",  # over the CSV field size limit: a file problem
    ],
)
def test_fast_csv_path_examples(tmp_path, monkeypatch, data):
    _same_read(_write(tmp_path, "x.csv", data), monkeypatch)


def test_header_only_file_is_a_file_problem(tmp_path):
    _, problem = read_raw_file(_write(tmp_path, "a.csv", b"a,b\n\n"))
    assert problem is not None and "hanya berisi judul" in problem.message


def test_xlsx_values_beyond_the_header_are_marked(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["a", "b"])
    ws.append(["1", "2"])
    ws.append(["3", "4", "tanpa judul"])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    raw, problem = read_raw_file(path)
    assert problem is None
    assert raw.frame["__kolom_lebih__"].tolist() == [False, True]
