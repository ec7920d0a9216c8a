"""The validation engine: parsing, the three outcomes, quarantine and reconciliation."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kkb_analysis.schema import ID_POLA, Column, FileSpec
from kkb_analysis.validation import LoadResult, Validator, check_headers
from tests.conftest import make_ctx, raw_from_text

SPEC = FileSpec(
    base="uji",
    key_out=("id",),
    columns=(
        Column("id", "str", "ya", pattern=ID_POLA),
        Column("jumlah", "int", "ya", minimum=0),
        Column("berat", "float", "tidak", minimum=0, maximum=50),
        Column("aktif", "bool", "skor", default=False),
        Column("jk", "code", "tidak", codes="jenis_kelamin"),
        Column("rw", "rw"),
        Column("instansi", "list", codes="instansi"),
        Column("nama", "str", personal="drop"),
    ),
)


def _load(tmp_path, text, **kw):
    raw = raw_from_text(tmp_path, text, "uji.csv")
    problems, unknown = check_headers(raw, SPEC)
    v = Validator(raw, SPEC, make_ctx(**kw))
    return v, problems, unknown


HEADER = "id,jumlah,berat,aktif,jk,rw,instansi,nama\n"


def test_clean_rows_are_parsed(tmp_path):
    v, problems, unknown = _load(tmp_path, HEADER + "A,3,12.5,ya,1,3,19;dinas_sosial,Siti\n")
    assert problems == [] and unknown == []
    row = v.data.iloc[0]
    assert row["jumlah"] == 3 and row["berat"] == 12.5 and bool(row["aktif"])
    assert row["jk"] == "L" and row["rw"] == "003" and row["instansi"] == "19;20"
    result = v.finish()
    assert result.rows_read == 1 and result.rows_kept == 1 and result.issues.empty
    assert "nama" not in result.table.columns


def test_three_outcomes(tmp_path):
    text = HEADER + (
        "A,1,,ya,L,1,,X\n"  # 2: clean
        ",2,,ya,L,1,,X\n"  # 3: required empty -> tolak
        "C,dua,,ya,L,1,,X\n"  # 4: text in int -> tolak
        "D,-1,,ya,L,1,,X\n"  # 5: below minimum -> tolak
        "E,1,99,,Q,x,,X\n"  # 6: optional out of range, empty skor, bad code, bad rw -> tandai
        "F,1,,ya,L,1,99,X\n"  # 7: unknown list item -> tandai
    )
    v, _, _ = _load(tmp_path, text)
    result = v.finish()
    assert result.table["baris_sumber"].tolist() == [2, 6, 7]
    assert result.quarantine["baris_sumber"].tolist() == [3, 4, 5]
    assert result.quarantine["kode_alasan"].tolist() == [
        "NILAI_WAJIB_KOSONG",
        "TIPE_TIDAK_VALID",
        "DI_LUAR_RENTANG",
    ]
    row6 = result.table.set_index("baris_sumber").loc[6]
    assert pd.isna(row6["berat"]) and pd.isna(row6["jk"]) and pd.isna(row6["rw"])
    assert not bool(row6["aktif"])  # empty scoring field counts as 'tidak', flagged
    flags = result.issues[result.issues["baris_sumber"].eq(6)]
    assert set(flags["kode_alasan"]) == {
        "DI_LUAR_RENTANG",
        "NILAI_WAJIB_KOSONG",
        "KODE_TIDAK_DIKENAL",
        "TIPE_TIDAK_VALID",
    }
    assert set(flags["tingkat"]) == {"tandai"}
    assert result.rows_flagged == 2
    assert result.rows_read == result.rows_kept + result.rows_rejected


def test_quarantine_keeps_reasons_but_no_personal_data(tmp_path):
    v, _, _ = _load(tmp_path, HEADER + ",dua,,ya,L,1,,Siti Rahasia\n")
    result = v.finish()
    q = result.quarantine
    assert q.loc[0, "kode_alasan"] == "NILAI_WAJIB_KOSONG;TIPE_TIDAK_VALID"
    # a single word may be a name: described, not quoted, and hidden in the quarantine file
    assert "kosong" in q.loc[0, "alasan"] and "teks 3 karakter berisi huruf" in q.loc[0, "alasan"]
    assert "dua" not in q.loc[0, "alasan"]
    assert q.loc[0, "jumlah"] == "[disembunyikan]"
    assert q.loc[0, "aktif"] == "ya" and q.loc[0, "jk"] == "L"  # valid published cells stay
    everything = pd.concat([q.astype(str), result.issues.astype(str)]).to_string()
    assert "Rahasia" not in everything


def test_duplicates_keep_first(tmp_path):
    v, _, _ = _load(tmp_path, HEADER + "A,1,,ya,L,1,,X\nA,2,,ya,L,1,,X\nA,3,,ya,L,1,,X\n")
    v.reject_duplicates(["id"])
    result = v.finish()
    assert result.table["jumlah"].tolist() == [1]
    assert result.quarantine["kode_alasan"].tolist() == ["DUPLIKAT_KUNCI"] * 2


def test_mostly_broken_typed_column_is_a_file_problem(tmp_path):
    v, _, _ = _load(tmp_path, HEADER + "A,satu,,ya,,,,\nB,dua,,ya,,,,\nC,3,,ya,,,,\n")
    assert len(v.problems) == 1
    assert v.problems[0].column == "jumlah" and "2 dari 3" in v.problems[0].message


def test_broken_column_threshold_is_configurable(tmp_path):
    text = HEADER + "A,satu,,ya,,,,\nB,2,,ya,,,,\nC,3,,ya,,,,\n"
    assert _load(tmp_path, text)[0].problems == []
    assert _load(tmp_path, text, validasi__ambang_kolom_rusak=0.3)[0].problems


def test_a_file_whose_rows_are_mostly_rejected_is_refused_whole(tmp_path):
    """5 rows: 3 with an empty required id (rejected), 2 clean.

    With at least 3 rejected rows required and a 50 % share, 3/5 = 60 % > 50 % -> one file-level
    problem naming the reason and the column, no quarantine built; at 60 % allowed (3/5 is not
    above it) the rows are quarantined.
    """
    text = HEADER + ",1,,ya,,,,\n,2,,ya,,,,\n,3,,ya,,,,\nD,4,,ya,,,,\nE,5,,ya,,,,\n"
    kw = {"validasi__min_baris_ditolak_berkas": 3}
    result = _load(tmp_path, text, validasi__maks_baris_ditolak_pct=50, **kw)[0].finish()
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.column == "id" and "NILAI_WAJIB_KOSONG" in problem.message
    assert "3 dari 5 baris" in problem.message and result.quarantine.empty
    kept = _load(tmp_path, text, validasi__maks_baris_ditolak_pct=60, **kw)[0].finish()
    assert kept.problems == [] and kept.rows_rejected == 3 and kept.rows_kept == 2
    # fewer rejected rows than the minimum: always quarantined, whatever the share
    few = _load(tmp_path, text, validasi__maks_baris_ditolak_pct=50)[0].finish()
    assert few.problems == [] and few.rows_rejected == 3


def test_missing_required_column_names_it_and_guesses(tmp_path):
    raw = raw_from_text(tmp_path, "id,jumlh,aktif\nA,1,ya\n", "uji.csv")
    problems, unknown = check_headers(raw, SPEC)
    assert problems[0].code == "KOLOM_WAJIB_HILANG" and problems[0].column == "jumlah"
    # 'jumlh' is no vocabulary word (it could be a name): named by its position only
    hidden = "kolom ke-2 (judul disembunyikan, teks 5 karakter berisi huruf)"
    assert f"{hidden} mungkin maksudnya 'jumlah'" in problems[0].message
    assert "jumlh" not in problems[0].message and unknown == [hidden]
    raw = raw_from_text(tmp_path, "id,jumlah total,aktif\nA,1,ya\n", "uji.csv")
    problems, unknown = check_headers(raw, SPEC)  # vocabulary words: shown as they are
    assert "'jumlah total' mungkin maksudnya 'jumlah'" in problems[0].message
    assert unknown == ["jumlah total"]


def test_extra_fields_in_a_row_quarantine_it(tmp_path):
    v, _, _ = _load(tmp_path, HEADER + "A,1,,ya,L,1,,X,lebih\n")
    result = v.finish()
    assert result.quarantine["kode_alasan"].tolist() == ["TIPE_TIDAK_VALID"]


def test_add_flags_after_load(tmp_path):
    v, _, _ = _load(tmp_path, HEADER + "A,1,,ya,L,1,,X\nB,1,,ya,L,1,,X\n")
    result = v.finish()
    result.add_flags(result.table["id"].eq("B"), "id", "INKONSISTEN", "uji")
    assert result.issues["baris_sumber"].tolist() == [3]
    assert result.rows_flagged == 1


def test_integers_accept_sign_and_zero_fraction(tmp_path):
    text = HEADER + "".join(
        f"{c},{n},,ya,,,,\n" for c, n in enumerate(["+3", '"4,0"', "5.00", "007"])
    )
    v, _, _ = _load(tmp_path, text)
    assert v.data["jumlah"].tolist() == [3, 4, 5, 7]
    assert v.finish().issues.empty


def test_nik_like_number_in_a_typed_column_is_never_a_value(tmp_path):
    text = HEADER + "A,3672051506850001,,ya,,,,\n"  # a NIK typed into an integer column
    text += "B,1,3672-0515-0685-0002,ya,,,,\n"  # a NIK with separators in a float column
    text += "C,367205150685,,ya,,,,\n"  # 12 digits
    text += "D,1,,ya,,,,\nE,2,,ya,,,,\n"  # clean rows, so that the column is not broken as a whole
    v, _, _ = _load(tmp_path, text)
    result = v.finish()
    assert result.quarantine["baris_sumber"].tolist() == [2, 4]
    assert result.table["berat"].isna().all()  # flagged and emptied (optional column)
    everything = pd.concat([result.quarantine.astype(str), result.issues.astype(str)])
    assert "36720515" not in everything.to_string() and "3672-0515" not in everything.to_string()
    assert result.issues["pesan"].str.contains("mirip NIK/No. KK").sum() == 3


def test_messages_are_built_for_the_affected_rows_only(tmp_path):
    v, _, _ = _load(tmp_path, HEADER + "A,1,,ya,,,,\nB,1,,ya,,,,\n")
    v.data["tanda"] = False
    seen = []

    def message(mask):
        seen.append(mask.tolist())
        return "baris " + v.text["id"][mask]

    v.flag(v.text["id"].eq("B"), "id", "INKONSISTEN", message, mark="tanda")
    v.reject(v.text["id"].eq("Z"), "id", "INKONSISTEN", message)  # no row: never called
    result = v.finish()
    assert seen == [[False, True]]
    assert result.issues["pesan"].tolist() == ["baris B"]
    assert result.table["tanda"].tolist() == [False, True]


def test_reject_duplicates_on_precomputed_codes(tmp_path):
    v, _, _ = _load(tmp_path, HEADER + "A,1,,ya,,,,\nB,-1,,ya,,,,\nC,1,,ya,,,,\nD,1,,ya,,,,\n")
    # rows 2 and 4 share a key; row 3 is rejected already, so row 5 (same key as 3) is kept
    v.reject_duplicates(["id"], "kunci uji", codes=np.array([7, 8, 7, 8]))
    result = v.finish()
    assert result.table["id"].tolist() == ["A", "D"]
    dup = result.issues[result.issues["kode_alasan"].eq("DUPLIKAT_KUNCI")]
    assert dup["baris_sumber"].tolist() == [4]
    assert dup["pesan"].tolist() == ["kunci (kunci uji) sudah muncul di baris sebelumnya"]


def test_reject_unknown_parent_on_several_columns(tmp_path):
    v, _, _ = _load(tmp_path, HEADER + "A,1,,ya,,,,\nA,2,,ya,,,,\nB,1,,ya,,,,\n")
    parent = pd.DataFrame({"id": ["A", "B"], "jumlah": pd.array([1, 2], dtype="Int64")})
    v.reject_unknown_parent(["id", "jumlah"], parent, "induk (id, jumlah)")
    result = v.finish()
    assert result.table["baris_sumber"].tolist() == [2]
    assert set(result.quarantine["kode_alasan"]) == {"REFERENSI_TIDAK_ADA"}


def test_parent_table_absent_empty_and_kept():
    ctx = make_ctx()
    empty = LoadResult("p", "csv", pd.DataFrame({"a": []}), pd.DataFrame(), pd.DataFrame(), 2)
    ctx.results["p"] = empty
    ctx.results["q"] = LoadResult.absent("q", ["a"])
    assert ctx.parent_table("p") is None  # supplied but nothing kept
    assert ctx.parent_table("p", keep_empty=True) is empty.table
    assert ctx.parent_table("q") is None and ctx.parent_table("q", keep_empty=True) is None
    assert ctx.parent_table("nothing") is None


def test_a_lone_bad_value_in_a_sparse_column_is_a_row_problem(tmp_path):
    # one of one value is invalid, but below min_nilai_kolom_rusak (3): flag, not file-level
    v, _, _ = _load(tmp_path, HEADER + "A,1,x,ya,L,1,,X\nB,1,,ya,L,1,,X\n")
    assert v.problems == []
    assert v.finish().issues["kode_alasan"].tolist() == ["TIPE_TIDAK_VALID"]


def test_booleans_follow_the_contract_only(tmp_path):
    v, _, _ = _load(tmp_path, HEADER + "A,1,,Y,L,1,,X\nB,1,,TRUE,L,1,,X\nC,1,,Tidak,L,1,,X\n")
    # 'Y' is not in data-contract.md A.1: a scoring field with an invalid value is rejected
    result = v.finish()
    assert result.quarantine["baris_sumber"].tolist() == [2]
    assert result.table["aktif"].tolist() == [True, False]
