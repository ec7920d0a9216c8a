"""Tests of the stakeholder workbook (kkb_analysis/laporan/lembar.py)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kkb_analysis.indikator.katalog import SATUAN, katalog
from kkb_analysis.laporan.dasar import LaporanError
from kkb_analysis.laporan.lembar import (
    LEMBAR,
    Samar,
    jenis_kolom,
    netralkan_teks,
    samarkan_rw,
    tulis_xlsx,
)

SETTINGS = {"laporan": {"sel_kecil": 5}}
HYPERLINK = '=HYPERLINK("http://x")'
RUMUS = [HYPERLINK, "+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


# ------------------------------------------------------------------------------- fixtures
def _wilayah() -> pd.DataFrame:
    """Two active KKB (one named like a formula), a sisa row, kelurahan/kecamatan rows, the
    city and the city outside KKB. Only kkb, kota and kota_luar_kkb rows go to the sheet."""
    s = "string"
    kel1, kel2 = "36.72.01.1001", "36.72.01.1002"
    return pd.DataFrame(
        {
            "tahun": pd.Series([2023] * 8, dtype="int64"),
            "wilayah_id": pd.Series(
                [
                    "kkb:K1",
                    "sisa:K1",
                    "kkb:K2",
                    "kel:36.72.01.1001",
                    "kel:36.72.01.1002",
                    "kec:36.72.01",
                    "kota:36.72",
                    "luar_kkb:36.72",
                ],
                dtype=s,
            ),
            "jenis_wilayah": pd.Series(
                [
                    "kkb",
                    "sisa_kelurahan",
                    "kkb",
                    "kelurahan",
                    "kelurahan",
                    "kecamatan",
                    "kota",
                    "kota_luar_kkb",
                ],
                dtype=s,
            ),
            "nama_wilayah": pd.Series(
                [
                    "Kampung KB Satu",
                    "Satu di luar KKB",
                    HYPERLINK,
                    "Satu",
                    "Dua",
                    "Cibeber",
                    "Kota Cilegon",
                    "Kota Cilegon di luar KKB",
                ],
                dtype=s,
            ),
            "kkb_id": pd.Series(["K1", "K1", "K2", None, None, None, None, None], dtype=s),
            "kode_kelurahan": pd.Series([kel1, kel1, kel2, kel1, kel2, None, None, None], dtype=s),
            "kode_kecamatan": pd.Series(["36.72.01"] * 6 + [None, None], dtype=s),
            "n_keluarga": [100.0, 0.0, 50.0, 100.0, 50.0, 150.0, 150.0, 0.0],
            "cpr_pct": pd.Series([60.0, None, 62.5, 60.0, 62.5, 61.0, 61.0, None], dtype="Float64"),
            "tingkat": pd.Series(["Mandiri", None, "+1", None, None, None, None, None], dtype=s),
            "is_baru": pd.Series(
                [True, None, False, None, None, None, None, None], dtype="boolean"
            ),
            "tanggal_referensi": pd.to_datetime(["2023-12-31"] * 8),
            "zz_kolom_baru_pct": pd.Series([1.5] * 8, dtype="Float64"),
        }
    )


def _rw() -> pd.DataFrame:
    """Per-RW rows with hand-checked suppression (threshold 5); sas = n_keluarga_sasaran,
    diukur = n_balita_diukur:

    | rw  | n_keluarga | sas     | n_krs   | krs_pct | diukur  | n_stunting | stunting_pct |
    | 001 | 4 → "< 5"  | 10      | 5       | 50.0    | 20      | 3 → "< 5"  | hidden       |
    | 002 | 5          | 4 → "<" | 2 → "<" | hidden  | 0 → "<" | 0 → "< 5"  | <NA> → empty |
    | 003 | 1234       | 100     | 40      | 40.0    | 50      | 10         | 20.0         |

    Complementary suppression (rows of K1 add up to K1's printed total): where K1 has exactly
    one small cell in a column, its other cell is "disamarkan" too (n_keluarga 5, sas 10,
    n_krs 5, diukur 20), and krs_pct of 001 goes with its numerator. n_stunting has two small
    cells summing to 3: either may be 0–3, nothing more to hide.
    """
    return pd.DataFrame(
        {
            "tahun": [2023, 2023, 2023],
            "kkb_id": pd.Series(["K1", "K1", "K2"], dtype="string"),
            "kode_kelurahan": pd.Series(["36.72.01.1001"] * 2 + ["36.72.01.1002"], dtype="string"),
            "rw": pd.Series(["001", "002", "003"], dtype="string"),
            "n_keluarga": [4.0, 5.0, 1234.0],
            "n_keluarga_sasaran": [10.0, 4.0, 100.0],
            "n_krs": [5.0, 2.0, 40.0],
            "krs_pct": pd.Series([50.0, 50.0, 40.0], dtype="Float64"),
            "n_balita_diukur": [20.0, 0.0, 50.0],
            "n_stunting": [3.0, 0.0, 10.0],
            "stunting_pct": pd.Series([15.0, None, 20.0], dtype="Float64"),
        }
    )


def _klasifikasi() -> pd.DataFrame:
    n = len(RUMUS)
    return pd.DataFrame(
        {
            "kkb_id": pd.Series(["K1"] * n, dtype="string"),
            # a code column carrying formula-like text: the writer must neutralise any text
            "kelompok": pd.Series(RUMUS, dtype="string"),
            "indikator": pd.Series(["input_pokja"] * n, dtype="string"),
            "nilai_mentah": pd.Series([13.0] + [None] * (n - 1), dtype="Float64"),
            "skor": pd.Series([4] * n, dtype="Int64"),
            "skor_maks": [4] * n,
            "skor_portal": pd.Series([4] * n, dtype="Int64"),
            "beda_portal": pd.Series([False] * n, dtype="boolean"),
        }
    )


def _perubahan() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "tahun": [2023, 2023],
            "wilayah_id": pd.Series(["kkb:K2", "kota:36.72"], dtype="string"),
            "jenis_wilayah": pd.Series(["kkb", "kota"], dtype="string"),
            "nama_wilayah": pd.Series([HYPERLINK, "Kota Cilegon"], dtype="string"),
            "indikator": ["cpr_pct", "cpr_pct"],
            "nilai": pd.Series([62.5, 61.0], dtype="Float64"),
            "nilai_sebelumnya": pd.Series([65.0, None], dtype="Float64"),
            "perubahan": pd.Series([-2.5, None], dtype="Float64"),
            "asal_sebelumnya": pd.Series(["rekonstruksi", "tidak_ada"], dtype="string"),
            "kode_banding": pd.Series(["lebih_buruk", "tidak_cukup"], dtype="string"),
        }
    )


def _target() -> pd.DataFrame:
    """Two targets of K1 (one reached, one not comparable) and one of the city."""
    return pd.DataFrame(
        {
            "tahun": [2023, 2023, 2023],
            "wilayah_id": pd.Series(["kkb:K1", "kkb:K1", "kota:36.72"], dtype="string"),
            "jenis_wilayah": pd.Series(["kkb", "kkb", "kota"], dtype="string"),
            "nama_wilayah": pd.Series(["Kampung KB Satu"] * 2 + ["Kota Cilegon"], dtype="string"),
            "indikator": pd.Series(["cpr_pct", "stunting_pct", "cpr_pct"], dtype="string"),
            "nilai": pd.Series([60.0, None, 61.0], dtype="Float64"),
            "kunci_target": pd.Series(["a", "b", "a"], dtype="string"),
            "nilai_target": [55.0, 14.0, 55.0],
            "tahun_target": [2024, 2024, 2024],
            "tingkat_target": pd.Series(["kota", "nasional", "kota"], dtype="string"),
            "keyakinan_target": pd.Series(["P", "S", "P"], dtype="string"),
            "is_target_belum_terverifikasi": pd.Series([False] * 3, dtype="boolean"),
            "status_target": pd.Series(["tercapai", "tidak_cukup", "tercapai"], dtype="string"),
        }
    )


@pytest.fixture
def olahan(tmp_path) -> Path:
    folder = tmp_path / "processed" / "2023"
    folder.mkdir(parents=True)
    _wilayah().to_parquet(folder / "out_wilayah.parquet")
    _rw().to_parquet(folder / "out_rw.parquet")
    _klasifikasi().to_parquet(folder / "out_klasifikasi.parquet")
    _perubahan().to_parquet(folder / "out_perubahan.parquet")
    _target().to_parquet(folder / "out_target.parquet")
    return folder


def _tulis(tmp_path: Path, olahan: Path, settings: dict = SETTINGS) -> Path:
    path = tmp_path / "out" / "indikator_kkb.xlsx"
    tulis_xlsx(path, olahan, 2023, settings)
    return path


def _tabel(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


# ---------------------------------------------------------------------------------- sheets
class TestSheets:
    def test_sheet_names_and_frozen_header(self, tmp_path, olahan):
        wb = openpyxl.load_workbook(_tulis(tmp_path, olahan))
        assert wb.sheetnames == list(LEMBAR)
        assert wb.sheetnames[0] == "Indikator utama"
        assert wb.sheetnames[-1] == "Keterangan"
        for ws in wb:
            assert ws.freeze_panes in ("A2", "C2", "D2", "E2"), ws.title
            assert ws.cell(1, 1).font.bold
            # a filter over the header row and the table, on every sheet
            assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
            for j in range(1, ws.max_column + 1):
                w = ws.column_dimensions[openpyxl.utils.get_column_letter(j)].width
                assert 8 <= w <= 90, (ws.title, j, w)
        # Indikator KKB keeps tahun … nama_wilayah (A–D) in view
        assert wb["Indikator KKB"].freeze_panes == "E2"
        assert wb["Per RW"].freeze_panes == "D2"  # Kampung KB, Kelurahan, RW in view
        lebar = wb["Keterangan"].column_dimensions["D"].width
        assert lebar >= 50

    def test_indikator_rows_and_identifier_columns(self, tmp_path, olahan):
        ws = openpyxl.load_workbook(_tulis(tmp_path, olahan))["Indikator KKB"]
        kepala = [c.value for c in ws[1]]
        assert kepala[:9] == [
            "tahun",
            "wilayah_id",
            "jenis_wilayah",
            "nama_wilayah",
            "kkb_id",
            "kode_kelurahan",
            "nama_kelurahan",
            "kode_kecamatan",
            "nama_kecamatan",
        ]
        # every column of out_wilayah is there, once
        assert sorted(kepala) == sorted([*_wilayah().columns, "nama_kelurahan", "nama_kecamatan"])
        baris = _tabel(ws)
        assert [b["wilayah_id"] for b in baris] == [
            "kkb:K1",
            "kkb:K2",
            "kota:36.72",
            "luar_kkb:36.72",
        ]
        assert [b["nama_kelurahan"] for b in baris] == ["Satu", "Dua", None, None]
        assert [b["nama_kecamatan"] for b in baris] == ["Cibeber", "Cibeber", None, None]

    def test_numbers_stay_numbers(self, tmp_path, olahan):
        ws = openpyxl.load_workbook(_tulis(tmp_path, olahan))["Indikator KKB"]
        kepala = [c.value for c in ws[1]]
        cpr = kepala.index("cpr_pct") + 1
        n_kel = kepala.index("n_keluarga") + 1
        assert ws.cell(2, cpr).value == 60.0
        assert ws.cell(2, cpr).data_type == "n"
        assert ws.cell(2, cpr).number_format == "0.0"
        assert ws.cell(2, n_kel).number_format == "#,##0"
        assert ws.cell(5, cpr).value is None  # <NA> → empty cell, never 0
        tahun = kepala.index("tahun") + 1
        assert ws.cell(2, tahun).value == 2023
        assert ws.cell(2, tahun).number_format == "0"
        tgl = ws.cell(2, kepala.index("tanggal_referensi") + 1)
        assert tgl.value == dt.datetime(2023, 12, 31)
        assert tgl.number_format == "yyyy-mm-dd"
        baru = kepala.index("is_baru") + 1
        assert [ws.cell(r, baru).value for r in (2, 3, 4)] == ["Ya", "Tidak", None]

    def test_klasifikasi_and_perubahan(self, tmp_path, olahan):
        wb = openpyxl.load_workbook(_tulis(tmp_path, olahan))
        skor = _tabel(wb["Skor klasifikasi"])
        assert len(skor) == len(RUMUS)
        assert skor[0]["nama_kkb"] == "Kampung KB Satu"
        assert skor[0]["skor"] == 4
        # label and explanation are made by the workbook from the catalogue and out_wilayah
        kepala = [c.value for c in wb["Skor klasifikasi"][1]]
        assert kepala.index("label") == kepala.index("indikator") + 1
        assert kepala.index("keterangan") == kepala.index("nilai_mentah") + 1
        assert skor[0]["label"] == "Pokja KKB"
        # the K1 row of _wilayah() has no ada_profil: no profile this year
        assert skor[0]["keterangan"] == "data tidak cukup: tidak ada profil KKB tahun ini"
        perubahan = wb["Perubahan (teknis)"]
        kepala = [c.value for c in perubahan[1]]
        sel = perubahan.cell(2, kepala.index("perubahan") + 1)
        assert sel.value == -2.5  # negative numbers stay numbers
        assert sel.data_type == "n"


class TestPerRw:
    def test_suppression_by_hand(self, tmp_path, olahan):
        """See _rw(): 4 and 0 → empty + "kurang dari 5" note (K), the other K1 cell of the
        column empty + complement note (L); a pct empty + note (P) with its numerator or
        denominator. No "< 5" text anywhere in a numeric column."""
        ws = openpyxl.load_workbook(_tulis(tmp_path, olahan))["Per RW"]
        b = _sel_rw(ws)
        assert b["n_keluarga"] == ["K", "L", 1234]
        assert b["n_keluarga_sasaran"] == ["L", "K", 100]
        assert b["n_krs"] == ["L", "K", 40]
        assert b["krs_pct"] == ["P", "P", 40]  # 001 numerator, 002 denominator
        assert b["n_balita_diukur"] == ["L", "K", 50]
        assert b["n_stunting"] == ["K", "K", 10]
        assert b["stunting_pct"] == ["P", "P", 20]  # numerators 3 and 0 hidden
        assert b["nama_kkb"] == ["Kampung KB Satu", "Kampung KB Satu", HYPERLINK]
        assert b["nama_kelurahan"] == ["Satu", "Satu", "Dua"]
        kolom = [KEPALA_RW[c.value] for c in ws[1]]
        assert ws.cell(4, 1 + kolom.index("n_keluarga")).data_type == "n"
        catatan = ws.cell(2, 1 + kolom.index("n_keluarga")).comment.text
        assert catatan.startswith("Disamarkan: kurang dari 5")

    def test_threshold_from_settings(self, tmp_path, olahan):
        ws = openpyxl.load_workbook(_tulis(tmp_path, olahan, {"laporan": {"sel_kecil": 3}}))[
            "Per RW"
        ]
        b = _sel_rw(ws)
        assert b["n_keluarga"] == [4, 5, 1234]
        # 0 is the only small stunting cell of K1: its 3 is hidden as complement
        assert b["n_stunting"] == ["L", "K", 10]
        assert b["stunting_pct"] == ["P", "P", 20]
        assert b["n_krs"] == ["L", "K", 40]
        assert b["krs_pct"] == ["P", "P", 40]
        kolom = [KEPALA_RW[c.value] for c in ws[1]]
        assert "kurang dari 3" in ws.cell(3, 1 + kolom.index("n_stunting")).comment.text

    def test_headers_indonesian_names_first_codes_last(self, tmp_path, olahan):
        """Review 23: readers' headers (no snake_case), KKB by name, codes at the end."""
        ws = openpyxl.load_workbook(_tulis(tmp_path, olahan))["Per RW"]
        assert [c.value for c in ws[1]] == list(KEPALA_RW)
        assert not any(re.search(r"[a-z]_[a-z]", str(c.value)) for c in ws[1])

    def test_default_threshold_is_5(self, tmp_path, olahan):
        b = _sel_rw(openpyxl.load_workbook(_tulis(tmp_path, olahan, {}))["Per RW"])
        assert b["n_keluarga"] == ["K", "L", 1234]

    def test_unknown_pct_hidden_when_any_count_hidden(self):
        # two small cells (4 and 3, sum 7: each 3–4), so no complement is needed
        rw = pd.DataFrame(
            {"n_a": [4.0, 9.0, 3.0], "n_b": [9.0, 9.0, 9.0], "baru_pct": [1.0, 2.0, 3.0]}
        )
        out = samarkan_rw(rw, 5)
        assert out["baru_pct"].tolist() == [Samar("persen", 5), 2.0, Samar("persen", 5)]
        assert out["n_a"].tolist() == [Samar("kecil", 5), 9.0, Samar("kecil", 5)]
        assert rw["n_a"].tolist() == [4.0, 9.0, 3.0]  # input untouched

    def test_no_small_cell_text_in_any_numeric_column(self, tmp_path, olahan):
        """In every sheet, a column holding numbers holds no text at all ("< 5",
        "disamarkan"): a hidden cell is empty."""
        wb = openpyxl.load_workbook(_tulis(tmp_path, olahan))
        for ws in wb:
            if ws.title == "Keterangan":
                continue
            for kolom in ws.iter_cols(min_row=2, max_row=_akhir_tabel(ws)):
                nilai = [c.value for c in kolom if c.value is not None]
                if any(isinstance(v, int | float) for v in nilai):
                    teks = [v for v in nilai if isinstance(v, str)]
                    assert teks == [], (ws.title, kolom[0].column_letter, teks)
            for row in ws.iter_rows(values_only=True):
                assert not any(isinstance(v, str) and v.startswith("< ") for v in row), ws.title


def _akhir_tabel(ws) -> int:
    """Last row of the table under the header (the autofilter's range)."""
    return int(re.search(r"(\d+)$", ws.auto_filter.ref).group(1))


#: Per RW headers (review 23: Indonesian, from the catalogue; codes last), written by hand →
#: the out_rw column each shows.
KEPALA_RW = {
    "Kampung KB": "nama_kkb",
    "Kelurahan": "nama_kelurahan",
    "RW": "rw",
    "Jumlah keluarga": "n_keluarga",
    "Keluarga sasaran": "n_keluarga_sasaran",
    "Keluarga berisiko stunting (jumlah)": "n_krs",
    "Keluarga berisiko stunting per RW (%)": "krs_pct",
    "Balita diukur (orang)": "n_balita_diukur",
    "Balita stunting (orang)": "n_stunting",
    "Prevalensi stunting per RW (%)": "stunting_pct",
    "Tahun data": "tahun",
    "Kode Kampung KB (teknis)": "kkb_id",
    "Kode kelurahan (teknis)": "kode_kelurahan",
}


def _sel_rw(ws) -> dict[str, list]:
    """Per column of the Per RW sheet (keyed by the out_rw column its header names): the
    value, or K / L / P for an empty cell with the small-cell / complement / percentage
    note."""
    kode = {"agar angka": "L", "pembilang atau penyebut": "P", "kurang dari": "K"}
    kolom = [KEPALA_RW[c.value] for c in ws[1]]
    out: dict[str, list] = {k: [] for k in kolom}
    for row in ws.iter_rows(min_row=2):
        for k, sel in zip(kolom, row, strict=True):
            if sel.comment is not None:
                assert sel.value is None, (k, sel.value)
                teks = sel.comment.text
                assert teks.startswith("Disamarkan: ")
                out[k].append(next(v for c, v in kode.items() if c in teks))
            else:
                out[k].append(sel.value)
    return out


class TestFormulaNeutralised:
    def test_no_formula_cell_anywhere(self, tmp_path, olahan):
        path = _tulis(tmp_path, olahan)
        wb = openpyxl.load_workbook(path)
        for ws in wb:
            for row in ws.iter_rows():
                for sel in row:
                    assert sel.data_type != "f", (ws.title, sel.coordinate, sel.value)
        with zipfile.ZipFile(path) as z:
            for nama in z.namelist():
                if nama.startswith("xl/worksheets/"):
                    assert not re.search(rb"<f[ >]", z.read(nama)), nama

    def test_formula_like_text_is_literal_and_quote_prefixed(self, tmp_path, olahan):
        wb = openpyxl.load_workbook(_tulis(tmp_path, olahan))
        ket = wb["Skor klasifikasi"]
        kolom = [c.value for c in ket[1]].index("kelompok") + 1
        sel = [ket.cell(r, kolom) for r in range(2, 2 + len(RUMUS))]
        # XML parsers normalise a CR to LF on reading; the cell is still text
        assert [s.value for s in sel] == [*RUMUS[:-1], "\n=1+1"]
        assert all(s.quotePrefix for s in sel)
        ind = wb["Indikator KKB"]
        kepala = [c.value for c in ind[1]]
        nama = ind.cell(3, kepala.index("nama_wilayah") + 1)
        assert (nama.value, nama.data_type, nama.quotePrefix) == (HYPERLINK, "s", True)
        tingkat = ind.cell(3, kepala.index("tingkat") + 1)
        assert (tingkat.value, tingkat.quotePrefix) == ("+1", True)
        biasa = ind.cell(2, kepala.index("nama_wilayah") + 1)
        assert (biasa.value, biasa.quotePrefix) == ("Kampung KB Satu", False)

    def test_netralkan_teks(self):
        assert netralkan_teks("=1") == ("=1", True)
        assert netralkan_teks("-2+3") == ("-2+3", True)
        assert netralkan_teks("\t=1") == ("\t=1", True)
        assert netralkan_teks("Kampung KB") == ("Kampung KB", False)
        assert netralkan_teks("a\x01b") == ("ab", False)  # control char XML forbids
        assert netralkan_teks("\x01=1") == ("=1", True)


class TestKeterangan:
    def test_every_column_described(self, tmp_path, olahan):
        wb = openpyxl.load_workbook(_tulis(tmp_path, olahan))
        baris = [r for r in wb["Keterangan"].iter_rows(min_row=2, values_only=True)]
        kolom = {(r[0], r[1]): r for r in baris if r[1]}
        for nama in LEMBAR[:-1]:
            for k in [c.value for c in wb[nama][1]]:
                assert (nama, k) in kolom, (nama, k)
                assert kolom[(nama, k)][3], (nama, k)
        krs = kolom[("Per RW", "Keluarga berisiko stunting per RW (%)")]
        assert krs[3].startswith("Keluarga berisiko stunting per RW: ")
        assert "Rumus" not in krs[3] and "n_krs" not in krs[3]  # review 23: no snake formula
        assert krs[2] == "persen (0–100), Pendataan Keluarga (BKKBN)"
        assert krs[4] == "katalog indikator"
        rw = kolom[("Per RW", "RW")]
        assert rw[3:] == (
            "Nomor RW (3 digit); kosong = RW kosong di data sumber.",
            "katalog indikator (kolom teknis)",
        )
        # the technical sheet keeps its formula in column names
        cpr = kolom[("Indikator KKB", "cpr_pct")]
        assert "Rumus: n_peserta_aktif / n_pus × 100." in cpr[3]
        baru = kolom[("Indikator KKB", "zz_kolom_baru_pct")]
        assert baru[2:] == ("persentase (0–100)", "persentase (0–100)", "aturan nama kolom")
        # no formula in column names, no catalogue file name, no path on the readers' rows
        for (lembar, k), b in kolom.items():
            if lembar in ("Indikator utama", "Perubahan", "Target", "Per RW"):
                assert "Rumus:" not in str(b[3]), (lembar, k)
                assert not re.search(r"\b[a-z]+\.[a-z_]{3,}\b", str(b[3])), (lembar, k, b[3])
            assert "(kb)" not in str(b[4]) and "docs/" not in str(b[4]), (lembar, k)
        teks = " ".join(str(r[0]) for r in baris if r[0] and not r[1])
        assert "kurang dari 5" in teks and "Disamarkan" in teks

    def test_descriptions_are_indonesian_and_follow_settings(self, tmp_path, olahan):
        """No English schema text (the old scrape gave "Data year of the build. (unit: year)");
        a label quoting a setting is rendered with the settings passed to tulis_xlsx."""
        wilayah = pd.read_parquet(olahan / "out_wilayah.parquet")
        wilayah["n_remaja"] = 3.0
        wilayah.to_parquet(olahan / "out_wilayah.parquet")
        path = tmp_path / "x.xlsx"
        tulis_xlsx(path, olahan, 2023, {**SETTINGS, "umur": {"remaja": [10, 19]}})
        wb = openpyxl.load_workbook(path)
        baris = {r[1]: r for r in wb["Keterangan"].iter_rows(min_row=2, values_only=True)}
        assert baris["tahun"][3] == "Tahun data."
        assert "(unit:" not in " ".join(str(r[3]) for r in baris.values())
        assert baris["n_remaja"][3].startswith("Remaja (10–19 tahun): ")

    @pytest.mark.parametrize(
        ("kolom", "jenis"),
        [
            ("krs_pct", "persentase (0–100)"),
            ("stunting_ci_low_pct", "batas bawah selang kepercayaan 95% (persen)"),
            ("n_krs", "jumlah"),
            ("kkbpk_n_pus", "jumlah, laporan bulanan KKBPK"),
            ("tingkat_portal", "tingkat klasifikasi (teks), setara portal BKKBN"),
            ("stunting_agustus_pct", "persentase (0–100), bulan timbang Agustus"),
            ("indeks_ibangga", "indeks iBangga (0–100)"),
            ("index_output", "indeks klasifikasi portal (1–4)"),
            ("jenis_wilayah", ""),
        ],
    )
    def test_jenis_kolom(self, kolom, jenis):
        assert jenis_kolom(kolom) == jenis


class TestInputsAndAtomicWrite:
    def test_processed_root_accepted(self, tmp_path, olahan):
        path = tmp_path / "x.xlsx"
        tulis_xlsx(path, olahan.parent, 2023, SETTINGS)
        assert openpyxl.load_workbook(path).sheetnames == list(LEMBAR)

    def test_missing_table_says_what_to_do(self, tmp_path, olahan):
        (olahan / "out_rw.parquet").unlink()
        with pytest.raises(LaporanError, match=r"out_rw.*kkb bangun --tahun 2023"):
            _tulis(tmp_path, olahan)

    def test_wrong_year_rejected(self, tmp_path, olahan):
        with pytest.raises(LaporanError, match="bukan 2022"):
            tulis_xlsx(tmp_path / "x.xlsx", olahan, 2022, SETTINGS)

    def test_existing_file_replaced_whole_no_temp_left(self, tmp_path, olahan):
        path = tmp_path / "out" / "indikator_kkb.xlsx"
        path.parent.mkdir()
        path.write_bytes(b"bukan xlsx" * 1000)
        tulis_xlsx(path, olahan, 2023, SETTINGS)
        assert openpyxl.load_workbook(path).sheetnames == list(LEMBAR)
        assert [p.name for p in path.parent.iterdir()] == ["indikator_kkb.xlsx"]

    def test_failed_save_keeps_old_file(self, tmp_path, olahan, monkeypatch):
        path = tmp_path / "out" / "indikator_kkb.xlsx"
        path.parent.mkdir()
        path.write_bytes(b"LAMA")

        def gagal(self, filename):
            Path(filename).write_bytes(b"setengah")
            raise OSError("disk penuh")

        monkeypatch.setattr(openpyxl.Workbook, "save", gagal)
        with pytest.raises(OSError, match="disk penuh"):
            tulis_xlsx(path, olahan, 2023, SETTINGS)
        assert path.read_bytes() == b"LAMA"
        assert [p.name for p in path.parent.iterdir()] == ["indikator_kkb.xlsx"]


def test_label_columns_are_joined_like_in_the_report(tmp_path, olahan, monkeypatch):
    """The workbook reads the tables through laporan/label.py: a label of a code column of a
    table it writes appears next to its code (here a test label on out_perubahan.indikator)."""
    from kkb_analysis.laporan import label

    tes = label.Label(("indikator",), lambda k: f"nama {k}")
    monkeypatch.setitem(label.LABEL, ("out_perubahan", "nama_indikator"), tes)
    ws = openpyxl.load_workbook(_tulis(tmp_path, olahan))["Perubahan (teknis)"]
    kepala = [c.value for c in ws[1]]
    assert kepala[kepala.index("indikator") + 1] == "nama_indikator"
    assert [b["nama_indikator"] for b in _tabel(ws)] == ["nama cpr_pct", "nama cpr_pct"]


# ---------------------------------------------------------------------------- readers' sheets
class TestReadersSheets:
    def test_indikator_utama_rank_order_labels_units_and_numbers(self, tmp_path, olahan):
        ws = openpyxl.load_workbook(_tulis(tmp_path, olahan))["Indikator utama"]
        kepala = [c.value for c in ws[1]]
        assert kepala[:5] == ["Peringkat", "Kampung KB", "Kelurahan", "Kecamatan", "Tingkat"]
        entri = katalog().daftar("utama")
        assert len(kepala) == 5 + len(entri)
        for h, e in zip(kepala[5:], entri, strict=True):
            assert h.startswith(e.judul(SETTINGS)), (h, e.kolom)
            if e.satuan == "persen":
                assert h.endswith("(%)"), h
        # K1 (Mandiri) before K2 (tier "+1" is not a portal tier: ranked after every tier)
        baris = _tabel(ws)[:2]
        assert [(b["Peringkat"], b["Kampung KB"]) for b in baris] == [
            (1, "Kampung KB Satu"),
            (2, HYPERLINK),
        ]
        assert [b["Kelurahan"] for b in baris] == ["Satu", "Dua"]
        cpr = kepala.index(
            next(h for h, e in zip(kepala[5:], entri, strict=True) if e.kolom == "cpr_pct")
        )
        sel = ws.cell(2, cpr + 1)
        assert sel.value == 60.0 and sel.data_type == "n"
        assert sel.number_format.endswith(".0")  # one decimal, as the catalogue says
        assert ws.cell(3, cpr + 1).value == 62.5
        for j, e in enumerate(entri, start=6):
            fmt = ws.cell(2, j).number_format
            desimal = len(fmt.split(".")[1]) if "." in fmt else 0
            if ws.cell(2, j).value is not None:
                assert desimal == e.desimal, (e.kolom, fmt)
        assert ws.cell(3, 2).quotePrefix  # a formula-like KKB name stays text

    def test_indikator_utama_comparators_and_legend_below(self, tmp_path, olahan):
        ws = openpyxl.load_workbook(_tulis(tmp_path, olahan))["Indikator utama"]
        kolom_b = [c.value for c in ws["B"]]
        i = kolom_b.index("Pembanding")
        assert kolom_b[i + 1 : i + 3] == ["Kota Cilegon di luar KKB", "Kota Cilegon"]
        assert ws.auto_filter.ref == "A1:" + ws.auto_filter.ref.split(":")[1]
        assert _akhir_tabel(ws) == 3  # the filter covers the two KKB only
        teks = " ".join(str(c.value) for c in ws["A"] if isinstance(c.value, str))
        assert "lebih tinggi lebih baik" in teks and "lebih rendah lebih baik" in teks

    def test_perubahan_in_words(self, tmp_path, olahan):
        b = _tabel(openpyxl.load_workbook(_tulis(tmp_path, olahan))["Perubahan"])
        assert len(b) == 1  # the city row is not a KKB
        assert b[0]["Kampung KB"] == HYPERLINK
        assert b[0]["Indikator"] == katalog().get("cpr_pct").judul(SETTINGS)
        assert b[0]["Satuan"] == SATUAN["persen"]
        assert (b[0]["Tahun 2022"], b[0]["Tahun 2023"], b[0]["Perubahan"]) == (65.0, 62.5, -2.5)
        assert b[0]["Penilaian"] == "memburuk"  # lebih_buruk over time
        assert b[0]["Arah perubahan"] == "turun"  # raw direction of -2.5, its own column
        assert b[0]["Asal nilai tahun lalu"] == (
            "dihitung ulang pada batas wilayah tahun ini dari data tahun 2022"
        )

    def test_perubahan_names_the_source_and_judges_in_one_vocabulary(self, olahan):
        """Review 23: MKJP of PK and of KKBPK read "MKJP (PK)" / "MKJP (KKBPK)"; the
        judgement column only says membaik / setara / memburuk (a neutral indicator is not
        judged), the raw direction has its own column."""
        from kkb_analysis.laporan.lembar import TIDAK_DINILAI, lembar_perubahan

        wilayah = pd.read_parquet(olahan / "out_wilayah.parquet")
        n = 4
        perubahan = pd.DataFrame(
            {
                "tahun": [2023] * n,
                "wilayah_id": pd.Series(["kkb:K1"] * n, dtype="string"),
                "jenis_wilayah": pd.Series(["kkb"] * n, dtype="string"),
                "nama_wilayah": pd.Series(["Kampung KB Satu"] * n, dtype="string"),
                "indikator": ["mkjp_pct", "kkbpk_mkjp_pct", "n_penduduk", "cpr_pct"],
                "nilai": pd.Series([30.0, 20.0, 1010.0, 60.0], dtype="Float64"),
                "nilai_sebelumnya": pd.Series([25.0, 20.1, 1000.0, 60.0], dtype="Float64"),
                "perubahan": pd.Series([5.0, -0.1, 10.0, 0.0], dtype="Float64"),
                "asal_sebelumnya": pd.Series(["sama"] * n, dtype="string"),
                "kode_banding": pd.Series(
                    ["lebih_baik", "setara", "naik", "setara"], dtype="string"
                ),
            }
        )
        frame, _ = lembar_perubahan(perubahan, wilayah, 2023, katalog(), SETTINGS)
        hasil = {r["Indikator"]: (r["Arah perubahan"], r["Penilaian"]) for _, r in frame.iterrows()}
        assert hasil == {
            "MKJP (PK)": ("naik", "membaik"),
            "MKJP (KKBPK)": ("turun", "setara"),
            "Jumlah penduduk": ("naik", TIDAK_DINILAI),
            "CPR": ("tetap", "setara"),  # a label no other row shares keeps no source
        }
        assert set(frame["Penilaian"]) <= {"membaik", "setara", "memburuk", TIDAK_DINILAI}

    def test_target_with_status_words(self, tmp_path, olahan):
        b = _tabel(openpyxl.load_workbook(_tulis(tmp_path, olahan))["Target"])
        assert [(r["Kampung KB"], r["Nilai"], r["Target"], r["Tingkat target"], r["Status"])
                for r in b] == [
            ("Kampung KB Satu", 60.0, 55.0, "Kota", "tercapai"),
            ("Kampung KB Satu", None, 14.0, "Nasional", "data tidak cukup"),
        ]  # fmt: skip
        assert b[0]["Tahun target"] == 2024

    def test_keterangan_is_indonesian(self, tmp_path, olahan):
        ws = openpyxl.load_workbook(_tulis(tmp_path, olahan))["Keterangan"]
        teks = " ".join(
            str(r[3]) for r in ws.iter_rows(min_row=2, values_only=True) if r[1] and r[3]
        ).lower()
        inggris = {"the", "of", "and", "is", "are", "with", "for", "value", "unit", "year",
                   "number", "share", "per cent", "households"}  # fmt: skip
        kata = set(re.findall(r"[a-z]+", teks))
        assert not (kata & inggris), kata & inggris
        baris = {(r[0], r[1]): r for r in ws.iter_rows(min_row=2, values_only=True) if r[1]}
        e = katalog().get("cpr_pct")
        h = next(k for (lem, k) in baris if lem == "Indikator utama" and k.startswith(e.judul()))
        assert baris[("Indikator utama", h)][3].startswith(f"{e.judul(SETTINGS)}: ")
