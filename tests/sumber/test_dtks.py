"""dtks.csv checks D1–D8 (data-contract.md §7.10) on a hand-made welfare extract."""

from __future__ import annotations

import pandas as pd

from kkb_analysis.pseudonim import hash_values
from kkb_analysis.sumber import dtks
from kkb_analysis.validation import ISSUE_COLUMNS, LoadResult, check_headers
from tests.conftest import TEST_SALT, make_ctx, raw_from_text

HEADER = (
    "no_kk,nik,sumber,periode,desil,status_dtks,pkh,bpnt_sembako,pbi_jk,blt,pip,tanggal_update\n"
)
KK_A = "3672010101010001"
KK_B = "3672010101010009"
NIK_1 = "3672055001900002"  # female, 10/01/1990
NIK_2 = "3672051203850001"  # male, 12/03/1985
ROWS = [
    f"{KK_A},,DTKS,2023-03,2,ya,ya,tidak,ya,tidak,tidak,2023-03-15",  # 2 kept
    f",{NIK_1},DTSEN,2023-01,7,,,,,,,",  # 3 kept, nik only
    f"{KK_A},,DTKS,2023-03,3,ya,,,,,,",  # 4 D3 duplicate of 2
    ",,P3KE,2023-02,1,,,,,,,",  # 5 D1
    f"{KK_B},,BPS,2023-02,1,,,,,,,",  # 6 D2 sumber
    f"{KK_B},,P3KE,2023/02,1,,,,,,,",  # 7 D2 periode
    f"{KK_B},,P3KE,2023-13,1,,,,,,,",  # 8 D2 periode (month 13)
    f"{KK_B},,DTSEN,2023-04,11,,,,,,,",  # 9 D4 out of range
    f"{KK_B},,DTSEN,2023-05,dua,,,,,,,",  # 10 D4 not an integer
    f"{KK_B},,P3KE,2023-04,6,,,,,,,",  # 11 D5
    f"{KK_B},,DTSEN,2023-06,6,,,,,,,",  # 12 DTSEN ranks 1–10: no D5
    f"{KK_B},12345,DTKS,2023-04,1,,,,,,,",  # 13 D8 invalid NIK
    f"{KK_B},9999999999999996,DTKS,2023-05,1,,,,,,,",  # 14 D8 sentinel
    "367201010101,,DTKS,2023-05,1,,,,,,,",  # 15 no_kk not 16 digits: flagged, kept
    f"{KK_A},{NIK_2},DTKS,2023-03,2,ya,,,,,,",  # 16 same KK, other NIK: another record
]


def _h(value: str) -> str:
    return hash_values(pd.Series([value]), TEST_SALT.value).iloc[0]


def _load(tmp_path, rows=ROWS, header=HEADER, ctx=None):
    raw = raw_from_text(tmp_path, header + "\n".join(rows) + "\n", "dtks.csv")
    assert check_headers(raw, dtks.SPEC)[0] == []
    result = dtks.load(raw, ctx or make_ctx())
    assert result.rows_read == result.rows_kept + result.rows_rejected == len(rows)
    return result


def _issues(result, line: int) -> list[tuple[str, str, str]]:
    i = result.issues[result.issues["baris_sumber"].eq(line)]
    return sorted(zip(i["kolom"], i["kode_alasan"], i["tingkat"], strict=True))


def fake_result(base: str, table: pd.DataFrame) -> LoadResult:
    return LoadResult(
        base,
        "csv",
        table,
        pd.DataFrame(columns=["baris_sumber", "kode_alasan", "alasan"]),
        pd.DataFrame(columns=ISSUE_COLUMNS),
        len(table),
    )


def test_rejections(tmp_path):
    result = _load(tmp_path)
    q = result.quarantine.set_index("baris_sumber")["kode_alasan"].to_dict()
    assert q == {
        4: "DUPLIKAT_KUNCI",
        5: "NILAI_WAJIB_KOSONG",
        6: "KODE_TIDAK_DIKENAL",
        7: "TIPE_TIDAK_VALID",
        8: "TIPE_TIDAK_VALID",
    }
    assert result.table["baris_sumber"].tolist() == [2, 3, 9, 10, 11, 12, 13, 14, 15, 16]
    assert set(result.quarantine.columns) >= {"id_keluarga", "nik_hash"}
    assert not {"no_kk", "nik"} & set(result.quarantine.columns)


def test_keys_and_values(tmp_path):
    t = _load(tmp_path).table.set_index("baris_sumber")
    assert t.loc[2, "id_keluarga"] == _h(KK_A + "#1")
    assert pd.isna(t.loc[2, "nik_hash"])
    assert pd.isna(t.loc[3, "id_keluarga"]) and t.loc[3, "nik_hash"] == _h(NIK_1)
    assert t.loc[3, "nik_status"] == "valid"
    assert t.loc[16, "id_keluarga"] == _h(KK_A + "#1") and t.loc[16, "nik_hash"] == _h(NIK_2)
    assert (t.loc[2, "sumber"], t.loc[2, "periode"], t.loc[2, "desil"]) == ("DTKS", "2023-03", 2)
    assert [bool(t.loc[2, c]) for c in ("status_dtks", "pkh", "bpnt_sembako", "pbi_jk")] == [
        True,
        True,
        False,
        True,
    ]
    assert t.loc[2, "tanggal_update"] == pd.Timestamp("2023-03-15")
    assert pd.isna(t.loc[3, "pkh"])
    assert list(t.reset_index().columns) == list(dtks.OUTPUT_COLUMNS)
    assert not t["cocok_pk"].any()  # nothing matched before check_links


def test_flags(tmp_path):
    result = _load(tmp_path)
    t = result.table.set_index("baris_sumber")
    assert _issues(result, 9) == [("desil", "DI_LUAR_RENTANG", "tandai")]
    assert _issues(result, 10) == [("desil", "TIPE_TIDAK_VALID", "tandai")]
    assert pd.isna(t.loc[9, "desil"]) and pd.isna(t.loc[10, "desil"])
    assert t["flag_desil_tidak_valid"][lambda s: s].index.tolist() == [9, 10]
    assert _issues(result, 11) == [("desil", "INKONSISTEN", "tandai")]  # D5
    assert t.loc[11, "desil"] == 6  # D5 keeps the value
    assert _issues(result, 12) == []
    assert t["flag_desil_tidak_sesuai_sumber"][lambda s: s].index.tolist() == [11]
    assert _issues(result, 13) == [("nik", "NIK_TIDAK_VALID", "tandai")]
    assert _issues(result, 14) == [("nik", "NIK_KHUSUS", "tandai")]
    assert t.loc[14, "nik_status"] == "belum_punya_≥17" and pd.isna(t.loc[14, "nik_hash"])
    assert _issues(result, 15) == [("no_kk", "NO_KK_TIDAK_VALID", "tandai")]
    assert t.loc[15, "id_keluarga"] == _h("367201010101#1")  # still used as key
    assert t["flag_no_kk_tidak_valid"][lambda s: s].index.tolist() == [15]
    for line in (2, 3, 16):
        assert _issues(result, line) == []


def test_only_nik_column_is_enough(tmp_path):
    header = "nik,sumber,periode,desil\n"
    result = _load(tmp_path, [f"{NIK_1},DTSEN,2023-01,3", ",DTSEN,2023-01,3"], header=header)
    assert result.problems == []
    assert result.table["nik_hash"].tolist() == [_h(NIK_1)]
    assert result.quarantine["kode_alasan"].tolist() == ["NILAI_WAJIB_KOSONG"]


def test_both_identifier_columns_absent_is_a_file_problem(tmp_path):
    result = _load(tmp_path, ["DTSEN,2023-01,3"], header="sumber,periode,desil\n")
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.code == "KOLOM_WAJIB_HILANG"
    assert "no_kk" in problem.column and "nik" in problem.column
    assert "'no_kk'" in problem.message and "'nik'" in problem.message


def test_missing_required_column_via_headers(tmp_path):
    raw = raw_from_text(tmp_path, "no_kk,nik,periode\n" + f"{KK_A},,2023-01\n", "dtks.csv")
    problems, _ = check_headers(raw, dtks.SPEC)
    assert [(p.code, p.column) for p in problems] == [("KOLOM_WAJIB_HILANG", "sumber")]


def test_excel_mangled_identifiers(tmp_path):
    rows = [f"3.67201E+15,,DTKS,2023-0{m},1,,,,,,," for m in (1, 2)] + [
        f"{KK_A},,DTKS,2023-0{m},1,,,,,,," for m in (3, 4, 5)
    ]
    result = _load(tmp_path, rows)
    assert result.problems == []  # 2 of 5: below the broken-column threshold
    t = result.table.set_index("baris_sumber")
    assert t["flag_no_kk_tidak_valid"].tolist() == [True, True, False, False, False]


# ---------------------------------------------------------------------- D6, D7
def _pk_ctx():
    ctx = make_ctx()
    fam_a, fam_b = _h(KK_A + "#1"), _h(KK_B + "#1")
    ctx.results["pk_keluarga"] = fake_result(
        "pk_keluarga",
        pd.DataFrame(
            {
                "id_keluarga": [fam_a, fam_b, "F-LAIN-1", "F-LAIN-2"],
                "kode_kelurahan": [
                    "36.72.05.1004",
                    "36.72.08.1005",
                    "36.72.01.1001",
                    "36.72.01.1002",
                ],
                "kkb_id": pd.array(["KKB-PR", pd.NA, pd.NA, pd.NA], dtype="string"),
            }
        ),
    )
    ctx.results["pk_anggota"] = fake_result(
        "pk_anggota",
        pd.DataFrame(
            {
                "nik_hash": [_h(NIK_1), _h(NIK_2), _h("3672050505800001"), _h("3672050505800001")],
                "id_keluarga": [fam_b, fam_a, "F-LAIN-1", "F-LAIN-2"],  # last NIK: two families
            }
        ),
    )
    return ctx


def test_matching_to_pk_families(tmp_path):
    rows = [
        f"{KK_A},,DTKS,2023-03,2,,,,,,,",  # 2 by no_kk → A
        f",{NIK_1},DTSEN,2023-01,5,,,,,,,",  # 3 by nik → B
        f"{KK_A},{NIK_1},DTSEN,2023-02,5,,,,,,,",  # 4 D7: KK → A, NIK → B; KK wins
        "3672019999999999,,DTKS,2023-03,2,,,,,,,",  # 5 D6: no PK family
        f"{KK_A},{NIK_2},DTSEN,2023-03,5,,,,,,,",  # 6 both → A: consistent
        f"3672019999999999,{NIK_1},P3KE,2023-03,2,,,,,,,",  # 7 KK unknown, NIK → B (no D7)
        ",3672050505800001,DTSEN,2023-03,2,,,,,,,",  # 8 NIK in two families: not matched
    ]
    ctx = _pk_ctx()
    result = _load(tmp_path, rows, ctx=ctx)
    ctx.results["dtks"] = result
    dtks.check_links(ctx)
    t = ctx.results["dtks"].table.set_index("baris_sumber")
    fam_a, fam_b = _h(KK_A + "#1"), _h(KK_B + "#1")
    matched = [None if pd.isna(x) else x for x in t["id_keluarga_pk"]]
    assert matched == [fam_a, fam_b, fam_a, None, fam_a, fam_b, None]
    assert t["cocok_pk"].tolist() == [True, True, True, False, True, True, False]
    assert [None if pd.isna(x) else x for x in t["kkb_id"]] == [
        "KKB-PR",
        None,
        "KKB-PR",
        None,
        "KKB-PR",
        None,
        None,
    ]
    assert t.loc[3, "kode_kelurahan"] == "36.72.08.1005"
    assert t["flag_kk_nik_beda_keluarga"].tolist() == [
        False,
        False,
        True,
        False,
        False,
        False,
        False,
    ]
    d7 = result.issues[result.issues["kode_alasan"].eq("INKONSISTEN")]
    assert d7["baris_sumber"].tolist() == [4] and d7["tingkat"].tolist() == ["tandai"]
    # D6 is counted, not flagged
    assert _issues(result, 5) == []


def test_matching_without_pk_files(tmp_path):
    ctx = make_ctx()
    ctx.results["pk_keluarga"] = LoadResult.absent("pk_keluarga", ["no_kk"])
    ctx.results["dtks"] = result = _load(tmp_path, [f"{KK_A},,DTKS,2023-03,2,,,,,,,"], ctx=ctx)
    dtks.check_links(ctx)
    assert result.table["cocok_pk"].tolist() == [False]
    assert result.table["id_keluarga_pk"].isna().all()


def test_no_personal_value_in_outputs(tmp_path):
    ctx = _pk_ctx()
    rows = [*ROWS, f"{KK_A},{NIK_1},DTSEN,2023-02,5,,,,,,,"]
    result = _load(tmp_path, rows, ctx=ctx)
    ctx.results["dtks"] = result
    dtks.check_links(ctx)
    personal = [KK_A, KK_B, NIK_1, NIK_2, "367201010101", "12345", "9999999999999996"]
    assert result.rows_rejected and not result.issues.empty
    for frame in (result.table, result.quarantine, result.issues):
        dump = frame.to_csv(index=False)
        for value in personal:
            assert value not in dump, value
