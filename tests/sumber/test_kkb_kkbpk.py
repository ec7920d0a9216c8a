"""kkb_kkbpk.csv checks B1–B10 (data-contract.md §7.3) and the KB partition (indicators.md §3.1).

Expected values are worked out by hand from the contract and the worked example of
indicators.md §2.9 (PUS 1,000 = 552 users + 448 non-users; MKJP users 40 + 20 + 2 + 60 = 122).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kkb_analysis.readers import read_raw_file
from kkb_analysis.sumber import kkb, kkb_kkbpk
from kkb_analysis.validation import ISSUE_COLUMNS, LoadResult, check_headers
from tests.conftest import (
    csv_text,
    ctx_with_kkb,
    issue_triples,
    load_clean,
    make_ctx,
    raw_from_text,
)

KKB_CSV = (
    "kkb_id,nama_kkb,kode_kelurahan,cakupan_wilayah,rw_list,tanggal_pencanangan,status_aktif\n"
    "KKB-A,Panggung Rawi,36.72.05.1004,Desa,,2017-05-02,ya\n"
    "KKB-B,Sukmajaya,36.72.05.1001,Desa,,2023-03-01,ya\n"
    "KKB-D,Cikerai,36.72.01.1004,Desa,,2018-01-01,ya\n"
    "KKB-E,Gerem,36.72.06.1004,Desa,,2018-01-01,tidak\n"
)
COLUMNS = [c.name for c in kkb_kkbpk.SPEC.columns]
COUNTS = [*kkb_kkbpk.PESERTA, *kkb_kkbpk.KB, *kkb_kkbpk.TIDAK_KB]

WORKED = {  # indicators.md §2.9, latest month
    "kkb_id": "KKB-A",
    "tahun": "2023",
    "bulan": "12",
    "peserta_bkb": "90",
    "peserta_bkr": "60",
    "peserta_bkl": "50",
    "peserta_uppka": "20",
    "peserta_pikr": "45",
    "kb_iud": "40",
    "kb_mow": "20",
    "kb_mop": "2",
    "kb_kondom": "30",
    "kb_implan": "60",
    "kb_suntik": "300",
    "kb_pil": "100",
    "tidak_kb_hamil": "70",
    "tidak_kb_ingin_anak_segera": "296",
    "tidak_kb_iat": "42",
    "tidak_kb_tial": "40",
    "pengguna_bpjs": "100",
    "jumlah_pus": "1000",
}


def row(**over: str) -> dict[str, str]:
    return {**WORKED, **over}


def small(kkb_id: str, bulan: int, pus: int, **peserta: str) -> dict[str, str]:
    """A month whose PUS is ``pus`` (all of them Suntik users) and given participants."""
    base = dict.fromkeys(COUNTS, "0")
    base.update(kkb_id=kkb_id, tahun="2023", bulan=str(bulan), kb_suntik=str(pus))
    base.update(pengguna_bpjs="", jumlah_pus="")
    return {**base, **peserta}


def to_csv(rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> str:
    return csv_text(rows, columns)


def kkb_ctx(tmp_path):
    return ctx_with_kkb(tmp_path, KKB_CSV)


def load(tmp_path, rows, ctx=None, columns=COLUMNS):
    ctx = ctx or kkb_ctx(tmp_path)
    return load_clean(kkb_kkbpk, tmp_path, to_csv(rows, columns), ctx, len(rows))


def issues_of(issues: pd.DataFrame, line: int) -> list[tuple[str, str, str]]:
    return issue_triples(issues, line)


# ---------------------------------------------------------------------------- clean + derived
def test_worked_example_partition(tmp_path):
    result = load(tmp_path, [row()])
    assert result.issues.empty and result.quarantine.empty
    t = result.table.iloc[0]
    assert t["jumlah_pengguna_kb"] == 552
    assert t["jumlah_tidak_kb"] == 448
    assert t["pus_kkbpk"] == 1000
    assert t["jumlah_mkjp"] == 122
    assert t["jumlah_pus"] == 1000 and t["pengguna_bpjs"] == 100
    assert t["peserta_bkb"] == 90 and t["baris_sumber"] == 2


def test_optional_columns_may_be_absent(tmp_path):
    columns = [c for c in COLUMNS if c not in ("pengguna_bpjs", "jumlah_pus")]
    result = load(tmp_path, [row()], columns=columns)
    assert result.rows_kept == 1 and result.issues.empty
    assert result.table.loc[0, "pus_kkbpk"] == 1000
    assert pd.isna(result.table.loc[0, "jumlah_pus"])


def test_missing_count_column_is_file_level(tmp_path):
    columns = [c for c in COLUMNS if c != "tidak_kb_tial"]
    raw = raw_from_text(tmp_path, to_csv([row()], columns), "kkb_kkbpk.csv")
    problems, _ = check_headers(raw, kkb_kkbpk.SPEC)
    assert [(p.code, p.column) for p in problems] == [("KOLOM_WAJIB_HILANG", "tidak_kb_tial")]


def test_broken_count_column_is_file_level(tmp_path):
    rows = [row(bulan=str(m), kb_pil="seratus") for m in (10, 11, 12)]
    raw = raw_from_text(tmp_path, to_csv(rows), "kkb_kkbpk.csv")
    result = kkb_kkbpk.load(raw, kkb_ctx(tmp_path))
    assert [(p.code, p.column) for p in result.problems] == [("FILE_TIDAK_TERBACA", "kb_pil")]


# ---------------------------------------------------------------------------- tolak
def test_rejections(tmp_path):
    rows = [
        row(),  # 2 kept
        row(kkb_id="KKB-X", bulan="1"),  # 3 B1
        row(tahun="2022", bulan="2"),  # 4 B2 year
        row(bulan="13"),  # 5 B2 month
        row(bulan=""),  # 6 B2 month missing
        row(),  # 7 B3 duplicate of line 2
        row(bulan="3", kb_pil="-3", jumlah_pus=""),  # 8 B4 negative
        row(bulan="4", kb_pil="2.5", jumlah_pus=""),  # 9 B4 not an integer
        row(bulan="5", jumlah_pus="abc"),  # 10 B4 on the optional jumlah_pus
        row(bulan="6", pengguna_bpjs="-1"),  # 11 B4 on the optional pengguna_bpjs
        row(bulan="7", jumlah_pus="1010"),  # 12 B5
        row(bulan="8", kb_pil="7.0"),  # 13 "7.0" is the integer 7 → identity fails: 1000 − 93
    ]
    result = load(tmp_path, rows)
    q = result.quarantine.set_index("baris_sumber")
    assert q["kode_alasan"].to_dict() == {
        3: "REFERENSI_TIDAK_ADA",
        4: "TAHUN_TIDAK_SESUAI",
        5: "DI_LUAR_RENTANG",
        6: "NILAI_WAJIB_KOSONG",
        7: "DUPLIKAT_KUNCI",
        8: "DI_LUAR_RENTANG",
        9: "TIPE_TIDAK_VALID",
        10: "TIPE_TIDAK_VALID",
        11: "DI_LUAR_RENTANG",
        12: "INVARIAN_GAGAL",
        13: "INVARIAN_GAGAL",
    }
    assert result.table["baris_sumber"].tolist() == [2]
    b5 = q.loc[12, "alasan"]
    assert "1000" in b5 and "1010" in b5 and "552" in b5 and "448" in b5
    assert "907" in q.loc[13, "alasan"]  # 552 − 100 + 7 = 459 users; 459 + 448 = 907


def test_b4_empty_count_is_zero_and_flagged(tmp_path):
    result = load(tmp_path, [row(kb_pil="", jumlah_pus="900", peserta_pikr="")])
    assert result.rows_kept == 1
    t = result.table.iloc[0]
    assert t["kb_pil"] == 0 and t["peserta_pikr"] == 0
    assert t["jumlah_pengguna_kb"] == 452 and t["pus_kkbpk"] == 900
    assert issues_of(result.issues, 2) == [
        ("kb_pil", "NILAI_WAJIB_KOSONG", "tandai"),
        ("peserta_pikr", "NILAI_WAJIB_KOSONG", "tandai"),
    ]


# ---------------------------------------------------------------------------- tandai
def test_b6_b7_flags(tmp_path):
    rows = [
        row(pengguna_bpjs="553"),  # 2 B6: 553 > 552 users
        row(bulan="11", pengguna_bpjs="552"),  # 3 equal: fine
        small("KKB-A", 10, 0),  # 4 B7: PUS 0
        small("KKB-X", 9, 0),  # 5 rejected (B1): no B7 flag on a quarantined row
    ]
    result = load(tmp_path, rows)
    assert result.rows_kept == 3
    assert issues_of(result.issues, 2) == [("pengguna_bpjs", "INKONSISTEN", "tandai")]
    assert issues_of(result.issues, 3) == []
    assert issues_of(result.issues, 4) == [("pus_kkbpk", "INKONSISTEN", "tandai")]
    assert issues_of(result.issues, 5) == [("kkb_id", "REFERENSI_TIDAK_ADA", "tolak")]
    assert result.table.set_index("baris_sumber").loc[2, "pengguna_bpjs"] == 553  # kept as is


# ---------------------------------------------------------------------------- B8, B9
def _result(base: str, table: pd.DataFrame) -> LoadResult:
    empty = pd.DataFrame(columns=ISSUE_COLUMNS)
    table = table.copy()
    table.insert(0, "baris_sumber", np.arange(2, len(table) + 2))
    return LoadResult(base, "csv", table, pd.DataFrame(), empty, len(table))


def pk_tables() -> dict[str, LoadResult]:
    """KKB-A: families f1–f4; f6 lies outside every KKB; KKB-D has no PK family.

    Hand counts for KKB-A: keluarga punya balita 1 (f1: 59.9 months; f4's 60.0 months is not a
    balita), punya remaja 1 (f2: ages 10 and 24; f4's 9 and 25 are not remaja), punya lansia 1
    (f3: 60; f4's 59 is not), jumlah keluarga 4, jumlah remaja 2, PUS (pk_kb is_pus) 20.
    """
    keluarga = pd.DataFrame(
        {
            "id_keluarga": ["f1", "f2", "f3", "f4", "f6"],
            "kkb_id": pd.array(["KKB-A"] * 4 + [pd.NA], dtype="string"),
        }
    )
    members = [
        ("f1", 59.9, 4),
        ("f1", 420.0, 35),
        ("f2", 125.0, 10),
        ("f2", 290.0, 24),
        ("f3", 725.0, 60),
        ("f4", 60.0, 5),
        ("f4", 110.0, 9),
        ("f4", 305.0, 25),
        ("f4", 715.0, 59),
        ("f6", 10.0, 0),
        ("f6", 150.0, 12),
        ("f6", 800.0, 66),
    ]
    anggota = pd.DataFrame(members, columns=["id_keluarga", "umur_bulan", "umur_tahun"])
    anggota = anggota.astype({"umur_bulan": "Float64", "umur_tahun": "Int64"})
    kb_rows = [("f1", True)] * 8 + [("f2", True)] * 6 + [("f4", True)] * 6
    kb_rows += [("f3", False)] * 3 + [("f6", True)] * 5
    pk_kb = pd.DataFrame(kb_rows, columns=["id_keluarga", "is_pus"]).astype({"is_pus": "boolean"})
    return {
        "pk_keluarga": _result("pk_keluarga", keluarga),
        "pk_anggota": _result("pk_anggota", anggota),
        "pk_kb": _result("pk_kb", pk_kb),
    }


B8_ROWS = [
    small("KKB-A", 12, 23, peserta_bkb="2", peserta_bkr="1", peserta_bkl="2"),  # 2
    small("KKB-A", 11, 22, peserta_bkb="1", peserta_bkr="1", peserta_bkl="1"),  # 3
    small("KKB-A", 10, 18, peserta_uppka="4", peserta_pikr="2"),  # 4
    small("KKB-A", 9, 17, peserta_uppka="5", peserta_pikr="3", peserta_bkr="2"),  # 5
    small("KKB-D", 12, 5, peserta_uppka="1"),  # 6: KKB without PK families
]


def link_issues(tmp_path, tables: dict[str, LoadResult]) -> pd.DataFrame:
    ctx = kkb_ctx(tmp_path)
    ctx.results.update(tables)
    result = load(tmp_path, B8_ROWS, ctx=ctx)
    before = len(result.issues)
    kkb_kkbpk.check_links(ctx)
    assert result.rows_kept == 5  # cross-file checks never reject
    return result.issues.iloc[before:]


def test_b8_b9_against_pk(tmp_path):
    issues = link_issues(tmp_path, pk_tables())
    assert set(issues["tingkat"]) == {"tandai"} and set(issues["kode_alasan"]) == {"INKONSISTEN"}
    assert issues_of(issues, 2) == [  # bkb 2 > 1, bkl 2 > 1; PUS 23 vs 20: +15 % > 10 %
        ("peserta_bkb", "INKONSISTEN", "tandai"),
        ("peserta_bkl", "INKONSISTEN", "tandai"),
        ("pus_kkbpk", "INKONSISTEN", "tandai"),
    ]
    assert issues_of(issues, 3) == []  # all equal to the denominators; PUS 22 = +10 %: not more
    assert issues_of(issues, 4) == []  # uppka 4 = 4 families, pikr 2 = 2 remaja; PUS 18 = −10 %
    assert issues_of(issues, 5) == [  # uppka 5 > 4, pikr 3 > 2, bkr 2 > 1; PUS 17 = −15 %
        ("peserta_bkr", "INKONSISTEN", "tandai"),
        ("peserta_pikr", "INKONSISTEN", "tandai"),
        ("peserta_uppka", "INKONSISTEN", "tandai"),
        ("pus_kkbpk", "INKONSISTEN", "tandai"),
    ]
    assert issues_of(issues, 6) == [  # no PK family: denominators 0, PK PUS 0
        ("peserta_uppka", "INKONSISTEN", "tandai"),
        ("pus_kkbpk", "INKONSISTEN", "tandai"),
    ]
    msg = issues[issues["baris_sumber"].eq(2) & issues["kolom"].eq("peserta_bkb")]["pesan"].iloc[0]
    assert "(2)" in msg and "(1)" in msg and "balita" in msg
    msg = issues[issues["baris_sumber"].eq(2) & issues["kolom"].eq("pus_kkbpk")]["pesan"].iloc[0]
    assert "23" in msg and "20" in msg


def test_b8_without_members_checks_uppka_only(tmp_path):
    tables = pk_tables()
    del tables["pk_anggota"], tables["pk_kb"]
    issues = link_issues(tmp_path, tables)
    assert sorted(zip(issues["baris_sumber"], issues["kolom"], strict=True)) == [
        (5, "peserta_uppka"),
        (6, "peserta_uppka"),
    ]


@pytest.mark.parametrize("how", ["missing", "absent"])
def test_b8_b9_skipped_without_pk_keluarga(tmp_path, how):
    tables = pk_tables()
    if how == "missing":
        del tables["pk_keluarga"]
    else:
        tables["pk_keluarga"] = LoadResult.absent("pk_keluarga", ["id_keluarga", "kkb_id"])
    assert link_issues(tmp_path, tables).empty


def test_b9_threshold_from_settings(tmp_path):
    ctx = make_ctx(2023, validasi__selisih_pus_kkbpk=0.2)
    ctx.results["kkb"] = kkb.load(raw_from_text(tmp_path, KKB_CSV, "kkb.csv"), ctx)
    ctx.results.update(pk_tables())
    result = load(tmp_path, B8_ROWS, ctx=ctx)
    kkb_kkbpk.check_links(ctx)
    b9 = result.issues[result.issues["kolom"].eq("pus_kkbpk")]
    assert b9["baris_sumber"].tolist() == [6]  # ±15 % is within 20 %; only KKB-D (PK PUS 0)


# ---------------------------------------------------------------------------- B10
def test_b10_missing_months(tmp_path):
    ctx = kkb_ctx(tmp_path)
    rows = [small("KKB-A", m, 10) for m in range(1, 13) if m not in (3, 7)]
    rows.append(small("KKB-B", 12, 10))
    result = load(tmp_path, rows, ctx=ctx)
    gaps = kkb_kkbpk.missing_months(result.table, 2023)
    assert list(gaps.columns) == ["kkb_id", "bulan_hilang"]
    expected = [("KKB-A", 3), ("KKB-A", 7)] + [("KKB-B", m) for m in range(1, 12)]
    assert list(zip(gaps["kkb_id"], gaps["bulan_hilang"], strict=True)) == expected
    with_master = kkb_kkbpk.missing_months(result.table, 2023, ctx.table("kkb"))
    assert with_master.groupby("kkb_id").size().to_dict() == {"KKB-A": 2, "KKB-B": 11, "KKB-D": 12}
    assert kkb_kkbpk.missing_months(result.table.iloc[0:0], 2023).empty


# ---------------------------------------------------------------------------- scale
def test_check_links_scale():
    """Full-city PK sizes: 130k families, 480k members, 60k KB rows complete and flag.

    Speed is measured by ``bench/bench_muat.py`` (side by side with a baseline), never by a
    wall-clock bound here: a loaded CI machine made a 2-second bound fail on correct code.
    """
    rng = np.random.default_rng(1)
    n_fam, n_mem, n_kb = 130_000, 480_000, 60_000
    fam_ids = np.array([f"k{i:06d}" for i in range(n_fam)])
    kkb_ids = np.array(["KKB-A", "KKB-B", "KKB-D", None], dtype=object)
    keluarga = pd.DataFrame(
        {
            "id_keluarga": fam_ids,
            "kkb_id": pd.array(kkb_ids[rng.integers(0, 4, n_fam)], dtype="string"),
        }
    )
    umur_bulan = rng.uniform(0, 1000, n_mem)
    anggota = pd.DataFrame(
        {
            "id_keluarga": fam_ids[rng.integers(0, n_fam, n_mem)],
            "umur_bulan": pd.array(umur_bulan, dtype="Float64"),
            "umur_tahun": pd.array((umur_bulan // 12).astype(int), dtype="Int64"),
        }
    )
    pk_kb = pd.DataFrame(
        {
            "id_keluarga": fam_ids[rng.integers(0, n_fam, n_kb)],
            "is_pus": pd.array(rng.random(n_kb) < 0.9, dtype="boolean"),
        }
    )
    ctx = make_ctx(2023)
    ctx.results.update(
        {
            "pk_keluarga": _result("pk_keluarga", keluarga),
            "pk_anggota": _result("pk_anggota", anggota),
            "pk_kb": _result("pk_kb", pk_kb),
        }
    )
    table = pd.DataFrame([small(k, m, 10) for k in ("KKB-A", "KKB-B") for m in range(1, 13)])
    table = table.astype({c: "Int64" for c in [*COUNTS, "tahun", "bulan"]})
    table["pus_kkbpk"] = table["kb_suntik"]
    ctx.results["kkb_kkbpk"] = _result("kkb_kkbpk", table)
    kkb_kkbpk.check_links(ctx)
    assert len(ctx.results["kkb_kkbpk"].issues) > 0


# ---------------------------------------------------------------------------- file fixture
DATA = Path(__file__).resolve().parents[1] / "data"


def test_worked_example_file_fixture(tmp_path):
    """tests/data/kkb_kkbpk/contoh_indikator_2_9.csv = indicators.md §2.9 (reusable later)."""
    ctx = make_ctx(2023)
    master = "kkb_id,nama_kkb,kode_kelurahan,cakupan_wilayah,status_aktif\n"
    master += "KKB-3672051004-01,Kampung KB Panggung Rawi,36.72.05.1004,Desa,ya\n"
    ctx.results["kkb"] = kkb.load(raw_from_text(tmp_path, master, "kkb.csv"), ctx)
    raw, problem = read_raw_file(DATA / "kkb_kkbpk" / "contoh_indikator_2_9.csv")
    assert problem is None and check_headers(raw, kkb_kkbpk.SPEC) == ([], [])
    result = kkb_kkbpk.load(raw, ctx)
    assert result.rows_kept == 1 and result.issues.empty
    t = result.table.iloc[0]
    assert (t["jumlah_pengguna_kb"], t["jumlah_tidak_kb"]) == (552, 448)
    assert (t["pus_kkbpk"], t["jumlah_mkjp"]) == (1000, 122)
    assert t["tidak_kb_iat"] + t["tidak_kb_tial"] == 82  # unmet need numerator of §2.9
