"""pk_keluarga loader (data-contract.md §5, §7.6): checks F1–F12, membership and derived fields.

Expected values are worked out by hand from the contract; the comments next to each fixture row
say what that row is for.
"""

from __future__ import annotations

import hashlib
import hmac

import pandas as pd
import pytest

from kkb_analysis.sumber import kkb, pk_anggota, pk_keluarga
from kkb_analysis.validation import LoadResult, check_headers
from tests.conftest import TEST_SALT, make_ctx, raw_from_text

KKB_CSV = """kkb_id,nama_kkb,kode_kelurahan,cakupan_wilayah,rw_list,status_aktif
KKB-3672051004-01,Kampung KB Utuh,36.72.05.1004,Desa,,ya
KKB-3672011001-01,Kampung KB RW,36.72.01.1001,RW,3;004,ya
KKB-3672021001-01,Kampung KB Lama,36.72.02.1001,Desa,,tidak
"""

HEADER = (
    "no_kk,no_urut_keluarga,kode_kelurahan,rw,rt,tipe_keluarga,jumlah_anggota,tanggal_pendataan,"
    "p02_buku_nikah,p03b_pisah_ranjang,sumber_air_minum_utama,fasilitas_bab,luas_lantai_m2,"
    "jenis_lantai,jenis_dinding,jenis_atap\n"
)
# Record numbers (baris_sumber) are 2…9; the header is record 1.
FAMILIES_CSV = HEADER + (
    # 2: whole-kelurahan KKB; no_urut_keluarga empty → 1; 36 m² / 4 = 9 ≥ 7.2 → layak
    "3672050101230001,,36.72.05.1004,7,1,keluarga,4,2023-07-15,Ya,Tidak,2,1,36,1,1,2\n"
    # 3: rw empty (F5) but the KKB covers the whole kelurahan; 35.9 / 5 = 7.18 < 7.2
    "3672050101230002,1,36.72.05.1004,,2,keluarga,5,,Ya,Tidak,4,3,35.9,2,2,3\n"
    # 4: RW-level KKB, rw 3 → 003 in the list; water 5 and latrine 2 not layak
    "3672010101230003,1,36.72.01.1001,3,1,keluarga,2,2023-08-01,Tidak berlaku,"
    "Tidak berlaku,5,2,50,1,1,1\n"
    # 5: rw 04 → 004 in the list; earth floor
    "3672010101230004,1,36.72.01.1001,04,1,keluarga_khusus,1,2023-08-01,Tidak berlaku,"
    "Tidak berlaku,1,4,20,6,1,1\n"
    # 6: rw 5 not in the list → sisa kelurahan; jumlah_anggota empty → rumah unknown
    "3672010101230005,1,36.72.01.1001,5,1,keluarga,,2023-08-01,Ya,Ya,1,1,40,1,1,1\n"
    # 7: rw empty in a kelurahan with an RW-level KKB → not assigned (F5); housing unknown
    "3672010101230006,1,36.72.01.1001,,1,keluarga,3,2023-08-01,,,,,,,,\n"
    # 8: the KKB of this kelurahan is inactive; bamboo roof
    "3672020101230007,1,36.72.02.1001,1,,keluarga,3,2023-08-01,,,1,1,30,1,1,5\n"
    # 9: no KKB in the kelurahan; family 2 on its KK; 14.4 / 2 = 7.2 exactly → layak
    "3672080101230008,2,36.72.08.1001,2,3,keluarga,2,2023-08-01,,,3,1,14.4,3,2,4\n"
)
RAW_KK = [f"36720{k}01012300{i:02d}" for k, i in [(5, 1), (5, 2), (1, 3), (1, 4), (1, 5)]]


def expected_id(no_kk_digits: str, urut: int = 1) -> str:
    return hmac.new(TEST_SALT.value, f"{no_kk_digits}#{urut}".encode(), hashlib.sha256).hexdigest()


def load_kkb(tmp_path, ctx, text: str = KKB_CSV) -> LoadResult:
    result = kkb.load(raw_from_text(tmp_path, text, "kkb.csv"), ctx)
    ctx.results["kkb"] = result
    return result


def load_families(tmp_path, ctx, text: str = FAMILIES_CSV, with_kkb: bool = True) -> LoadResult:
    if with_kkb:
        load_kkb(tmp_path, ctx)
    raw = raw_from_text(tmp_path, text, "pk_keluarga.csv")
    problems, _ = check_headers(raw, pk_keluarga.SPEC)
    assert problems == []
    result = pk_keluarga.load(raw, ctx)
    ctx.results["pk_keluarga"] = result
    return result


def by_row(result: LoadResult) -> pd.DataFrame:
    return result.table.set_index("baris_sumber")


def issues(result: LoadResult, code: str | None = None, tingkat: str | None = None) -> set:
    """(baris_sumber, kolom, kode_alasan) of the issue log, optionally filtered."""
    log = result.issues
    if code:
        log = log[log["kode_alasan"] == code]
    if tingkat:
        log = log[log["tingkat"] == tingkat]
    return {
        (int(b), k, c)
        for b, k, c in zip(log["baris_sumber"], log["kolom"], log["kode_alasan"], strict=True)
    }


def rejected(result: LoadResult) -> dict[int, str]:
    q = result.quarantine
    return {int(b): k for b, k in zip(q["baris_sumber"], q["kode_alasan"], strict=True)}


def assert_no_personal(result: LoadResult, values: list[str]) -> None:
    text = "\n".join(
        frame.astype("string").to_csv(index=False)
        for frame in (result.table, result.quarantine, result.issues)
    )
    for value in values:
        assert value not in text, f"nilai pribadi bocor: {value[:4]}…"


# ------------------------------------------------------------------------- clean file, membership
def test_clean_file_loads_fully(tmp_path):
    ctx = make_ctx(2023)
    result = load_families(tmp_path, ctx)
    assert result.rows_read == 8
    assert result.rows_kept == 8 and result.rows_rejected == 0
    assert result.problems == []
    assert result.rows_read == result.rows_kept + result.rows_rejected
    t = by_row(result)
    assert t.loc[2, "id_keluarga"] == expected_id("3672050101230001", 1)
    assert t.loc[9, "id_keluarga"] == expected_id("3672080101230008", 2)
    assert (t["tahun"] == 2023).all()
    assert t.loc[4, "kode_kecamatan"] == "36.72.01"
    assert t.loc[5, "rw"] == "004"
    assert t.loc[5, "tipe_keluarga"] == "keluarga_khusus"
    assert t["flag_no_kk_tidak_valid"].eq(False).all()
    # only the two empty rw are flagged
    assert issues(result) == {(3, "rw", "NILAI_WAJIB_KOSONG"), (7, "rw", "NILAI_WAJIB_KOSONG")}


def test_membership_whole_kelurahan_and_rw_level(tmp_path):
    t = by_row(load_families(tmp_path, make_ctx(2023)))
    whole, rw_level = "KKB-3672051004-01", "KKB-3672011001-01"
    expected = {2: whole, 3: whole, 4: rw_level, 5: rw_level}
    for row in range(2, 10):
        if row in expected:
            assert t.loc[row, "kkb_id"] == expected[row], row
        else:
            assert pd.isna(t.loc[row, "kkb_id"]), row
    # kelurahan hosting an active KKB: "sisa kelurahan" = di_kelurahan_kkb and no kkb_id
    hosts = t["di_kelurahan_kkb"].to_dict()
    assert hosts == {2: True, 3: True, 4: True, 5: True, 6: True, 7: True, 8: False, 9: False}
    sisa = t.index[t["di_kelurahan_kkb"].fillna(False) & t["kkb_id"].isna()].tolist()
    assert sisa == [6, 7]
    assert t["flag_rw_tidak_valid"].to_dict() == {
        2: False,
        3: True,
        4: False,
        5: False,
        6: False,
        7: True,
        8: False,
        9: False,
    }


def test_invalid_rw_is_flagged_and_not_assigned_to_rw_level_kkb(tmp_path):
    text = HEADER + (
        "3672010101230003,1,36.72.01.1001,A3,1,,,,,,,,,,,\n"  # 2: non-numeric rw
        "3672050101230002,1,36.72.05.1004,RW 7,1,,,,,,,,,,,\n"  # 3: whole-kelurahan KKB
    )
    result = load_families(tmp_path, make_ctx(2023), text)
    t = by_row(result)
    assert issues(result, "TIPE_TIDAK_VALID") == {
        (2, "rw", "TIPE_TIDAK_VALID"),
        (3, "rw", "TIPE_TIDAK_VALID"),
    }
    assert pd.isna(t.loc[2, "rw"]) and pd.isna(t.loc[2, "kkb_id"])
    assert t.loc[3, "kkb_id"] == "KKB-3672051004-01"
    assert t["flag_rw_tidak_valid"].all()


def test_without_kkb_master_membership_is_unknown(tmp_path):
    ctx = make_ctx(2023)
    t = by_row(load_families(tmp_path, ctx, with_kkb=False))
    assert t["kkb_id"].isna().all()
    assert t["di_kelurahan_kkb"].isna().all()


def test_assign_kkb_directly():
    master = pd.DataFrame(
        {
            "kkb_id": ["A", "B", "C"],
            "kode_kelurahan": ["K1", "K2", "K3"],
            "rw_list": [pd.NA, "001;2", pd.NA],
            "status_aktif": pd.array([True, True, False], dtype="boolean"),
        }
    )
    kel = pd.Series(["K1", "K1", "K2", "K2", "K2", "K3", "K4", None], dtype="string")
    rw = pd.Series([None, "009", "002", "001", None, "001", "001", "001"], dtype="string")
    kkb_id, hosts = pk_keluarga.assign_kkb(kel, rw, master)
    assert kkb_id.tolist() == ["A", "A", "B", "B", pd.NA, pd.NA, pd.NA, pd.NA]
    assert hosts.tolist() == [True, True, True, True, True, False, False, False]


# ------------------------------------------------------------------------- derived fields
def test_water_latrine_and_housing(tmp_path):
    t = by_row(load_families(tmp_path, make_ctx(2023)))
    assert t["air_minum_layak"].tolist() == [True, True, False, True, True, pd.NA, True, True]
    assert t["jamban_layak"].tolist() == [True, True, False, False, True, pd.NA, True, True]
    # 2: 9 m²/person; 3: 7.18; 4: water/latrine; 5: earth floor; 6: no member count;
    # 7: inputs missing; 8: bamboo roof; 9: 7.2 exactly
    assert t["rumah_layak_huni"].tolist() == [True, False, False, False, pd.NA, pd.NA, False, True]


def test_shared_latrine_follows_setting(tmp_path):
    ctx = make_ctx(2023, krs__jamban_bersama_layak=False)
    t = by_row(load_families(tmp_path, ctx))
    assert not t.loc[3, "jamban_layak"]  # code 3
    assert t.loc[2, "jamban_layak"]  # code 1


def test_rumah_unknown_when_one_input_is_missing(tmp_path):
    text = HEADER + "3672050101230001,1,36.72.05.1004,7,1,,4,,,,2,1,36,1,1,\n"  # no roof
    t = by_row(load_families(tmp_path, make_ctx(2023), text))
    assert pd.isna(t.loc[2, "rumah_layak_huni"])


def test_reference_date(tmp_path):
    t = by_row(load_families(tmp_path, make_ctx(2023)))
    assert t.loc[2, "tanggal_referensi"] == pd.Timestamp("2023-07-15")
    assert t.loc[3, "tanggal_referensi"] == pd.Timestamp("2023-07-01")  # umur.tanggal_referensi_pk


# ------------------------------------------------------------------------- row checks
def test_f1_empty_no_kk_rejected(tmp_path):
    text = (
        HEADER
        + ",1,36.72.05.1004,7,,,,,,,,,,,,\n"
        + "3672050101230001,1,36.72.05.1004,7,,,,,,,,,,,,\n"
    )
    result = load_families(tmp_path, make_ctx(2023), text)
    assert rejected(result) == {2: "NILAI_WAJIB_KOSONG"}
    assert result.table["baris_sumber"].tolist() == [3]


def test_f2_bad_no_kk_flagged_and_still_used(tmp_path):
    text = HEADER + (
        "367205010123,1,36.72.05.1004,7,,,,,,,,,,,,\n"  # 2: 12 digits
        "3.67205E+15,1,36.72.05.1004,7,,,,,,,,,,,,\n"  # 3: Excel scientific notation
        "3672 0501 0123 0001,1,36.72.05.1004,7,,,,,,,,,,,,\n"  # 4: spaces only → valid
        "'3672050101230002,1,36.72.05.1004,7,,,,,,,,,,,,\n"  # 5: leading apostrophe → valid
    )
    result = load_families(tmp_path, make_ctx(2023), text)
    assert result.rows_kept == 4
    assert issues(result, "NO_KK_TIDAK_VALID") == {
        (2, "no_kk", "NO_KK_TIDAK_VALID"),
        (3, "no_kk", "NO_KK_TIDAK_VALID"),
    }
    t = by_row(result)
    assert t["flag_no_kk_tidak_valid"].tolist() == [True, True, False, False]
    assert t.loc[2, "id_keluarga"] == expected_id("367205010123")
    assert t.loc[4, "id_keluarga"] == expected_id("3672050101230001")
    assert t.loc[5, "id_keluarga"] == expected_id("3672050101230002")
    log = result.issues.set_index("baris_sumber")["pesan"]
    assert "Excel" in log.loc[3] and "16 digit" in log.loc[2]
    assert_no_personal(result, ["367205010123", "3.67205E+15", "3672 0501 0123 0001"])


def test_f3_duplicate_key_rejects_later_row(tmp_path):
    text = HEADER + (
        "3672050101230001,1,36.72.05.1004,7,,,,,,,,,,,,\n"  # 2: kept
        "3672050101230001,2,36.72.05.1004,7,,,,,,,,,,,,\n"  # 3: other family on the same KK
        "3672050101230001,01,36.72.05.1004,8,,,,,,,,,,,,\n"  # 4: same key as 2 (01 = 1)
    )
    result = load_families(tmp_path, make_ctx(2023), text)
    assert rejected(result) == {4: "DUPLIKAT_KUNCI"}
    assert result.table["baris_sumber"].tolist() == [2, 3]
    q = result.quarantine.set_index("baris_sumber")
    assert q.loc[4, "id_keluarga"] == expected_id("3672050101230001")
    assert "no_kk" not in result.quarantine.columns


def test_f3_first_row_rejected_for_another_reason_keeps_the_repeat(tmp_path):
    text = HEADER + (
        "3672050101230001,1,36.72.99.1001,7,,,,,,,,,,,,\n"  # 2: unknown kelurahan
        "3672050101230001,1,36.72.05.1004,7,,,,,,,,,,,,\n"  # 3: kept
    )
    result = load_families(tmp_path, make_ctx(2023), text)
    assert rejected(result) == {2: "DI_LUAR_WILAYAH"}
    assert result.table["baris_sumber"].tolist() == [3]


def test_no_urut_keluarga_invalid_rejected(tmp_path):
    text = HEADER + (
        "3672050101230001,x,36.72.05.1004,7,,,,,,,,,,,,\n"
        "3672050101230002,0,36.72.05.1004,7,,,,,,,,,,,,\n"
    )
    result = load_families(tmp_path, make_ctx(2023), text)
    assert rejected(result) == {2: "TIPE_TIDAK_VALID", 3: "DI_LUAR_RENTANG"}


def test_f4_kelurahan_missing_or_unknown_rejected(tmp_path):
    text = HEADER + (
        "3672050101230001,1,,7,,,,,,,,,,,,\n"  # 2: empty
        "3672050101230002,1,3672051004,7,,,,,,,,,,,,\n"  # 3: undotted (ambiguous) code
        "3672050101230003,1,36.72.05.1004,7,,,,,,,,,,,,\n"  # 4: fine
    )
    result = load_families(tmp_path, make_ctx(2023), text)
    assert rejected(result) == {2: "DI_LUAR_WILAYAH", 3: "DI_LUAR_WILAYAH"}
    assert result.rows_read == result.rows_kept + result.rows_rejected == 3


def test_f6_f7_f11_flag_and_set_missing(tmp_path):
    text = (
        "no_kk,kode_kelurahan,rw,rt,p01_ibadah,p02_buku_nikah,sumber_air_minum_utama,"
        "luas_lantai_m2,jumlah_anggota\n"
        "3672050101230001,36.72.05.1004,7,x,Tidak berlaku,Tidak berlaku,11,0,21\n"  # 2
        "3672050101230002,36.72.05.1004,7,3,ya,TIDAK,10,1000,20\n"  # 3: all valid
        "3672050101230003,36.72.05.1004,7,3,Ya,Ya,1,1000.5,0\n"  # 4
    )
    result = load_families(tmp_path, make_ctx(2023), text)
    assert result.rows_kept == 3
    assert issues(result, tingkat="tandai") == {
        (2, "rt", "TIPE_TIDAK_VALID"),
        (2, "p01_ibadah", "KODE_TIDAK_DIKENAL"),
        (2, "sumber_air_minum_utama", "KODE_TIDAK_DIKENAL"),
        (2, "luas_lantai_m2", "DI_LUAR_RENTANG"),
        (2, "jumlah_anggota", "DI_LUAR_RENTANG"),
        (4, "luas_lantai_m2", "DI_LUAR_RENTANG"),
        (4, "jumlah_anggota", "DI_LUAR_RENTANG"),
    }
    t = by_row(result)
    assert pd.isna(t.loc[2, "rt"]) and t.loc[3, "rt"] == "003"
    assert pd.isna(t.loc[2, "p01_ibadah"]) and t.loc[2, "p02_buku_nikah"] == "Tidak berlaku"
    assert t.loc[3, "p01_ibadah"] == "Ya" and t.loc[3, "p02_buku_nikah"] == "Tidak"
    assert pd.isna(t.loc[2, "sumber_air_minum_utama"])
    assert t["luas_lantai_m2"].tolist() == [pd.NA, 1000.0, pd.NA]
    assert t["jumlah_anggota"].tolist() == [pd.NA, 20, pd.NA]


def test_f10_date_outside_year_flagged_and_kept(tmp_path):
    text = HEADER + "3672050101230001,1,36.72.05.1004,7,,,,2022-12-31,,,,,,,,\n"
    result = load_families(tmp_path, make_ctx(2023), text)
    assert issues(result) == {(2, "tanggal_pendataan", "DI_LUAR_PERIODE")}
    assert by_row(result).loc[2, "tanggal_referensi"] == pd.Timestamp("2022-12-31")


# ------------------------------------------------------------------------- cross-file checks
MEMBERS_CSV = (
    "no_kk,no_urut_keluarga,no_urut,nik,nama,jenis_kelamin,tanggal_lahir,hubungan_kk,status_kawin\n"
    "3672050101230001,1,1,,A,L,1980-05-15,1,2\n"
    "3672050101230001,1,2,,B,P,1985-05-15,2,2\n"
    "3672050101230001,1,3,,C,P,2010-01-01,3,1\n"
    "3672050101230001,1,4,,D,L,2015-01-01,3,1\n"
    "3672050101230002,1,1,,E,L,1980-01-01,1,2\n"
    "3672050101230002,1,2,,F,P,1982-01-01,2,2\n"
    "3672050101230002,1,3,,G,L,2012-02-02,3,1\n"
    "3672010101230003,1,1,,H,L,1990-01-01,1,2\n"
    "3672010101230003,1,2,,I,P,1991-01-01,2,2\n"
    "3672010101230004,1,1,,J,P,1950-01-01,1,4\n"
    "3672010101230005,1,1,,K,L,1970-01-01,1,2\n"
    "3672010101230005,1,2,,L,P,1972-01-01,2,2\n"
    "3672010101230005,1,3,,M,L,2000-01-01,3,1\n"
    "3672010101230005,1,4,,N,P,2002-01-01,3,1\n"
)


def test_check_links_f8_f9_f12_and_member_count(tmp_path):
    ctx = make_ctx(2023)
    families = load_families(tmp_path, ctx)
    members = pk_anggota.load(raw_from_text(tmp_path, MEMBERS_CSV, "pk_anggota.csv"), ctx)
    assert members.rows_kept == 14
    ctx.results["pk_anggota"] = members
    pk_keluarga.check_links(ctx)
    t = by_row(families)
    assert t["jumlah_anggota_terdata"].tolist() == [4, 3, 2, 1, 4, 0, 0, 0]
    assert issues(families, "INKONSISTEN") == {
        (3, "jumlah_anggota", "INKONSISTEN"),  # F8: 5 declared, 3 member rows
        (7, "id_keluarga", "INKONSISTEN"),  # F9: no members
        (8, "id_keluarga", "INKONSISTEN"),
        (9, "id_keluarga", "INKONSISTEN"),
        (4, "p02_buku_nikah", "INKONSISTEN"),  # F12: Tidak berlaku with a spouse member
        (4, "p03b_pisah_ranjang", "INKONSISTEN"),
    }
    log = families.issues.set_index(["baris_sumber", "kolom"])["kunci"]
    assert log.loc[(7, "id_keluarga")] == by_row(families).loc[7, "id_keluarga"]
    # family 6 had no jumlah_anggota: 40 m² / 4 member rows = 10 → layak now
    assert t.loc[6, "rumah_layak_huni"]
    assert t.loc[3, "rumah_layak_huni"] is not pd.NA and not t.loc[3, "rumah_layak_huni"]


def test_check_links_without_members_does_nothing(tmp_path):
    ctx = make_ctx(2023)
    families = load_families(tmp_path, ctx)
    before = len(families.issues)
    pk_keluarga.check_links(ctx)
    assert len(families.issues) == before
    assert families.table["jumlah_anggota_terdata"].isna().all()


# ------------------------------------------------------------------------- privacy, file level
def test_no_personal_data_in_outputs(tmp_path):
    text = FAMILIES_CSV + "3672050101230001,1,,7,,,,,,,,,,,,\n"  # duplicate + no kelurahan
    result = load_families(tmp_path, make_ctx(2023), text)
    assert result.rows_rejected == 1
    assert "no_kk" not in result.table.columns
    assert_no_personal(result, [*RAW_KK, "3672020101230007", "3672080101230008"])


def test_missing_required_columns_are_file_problems(tmp_path):
    raw = raw_from_text(tmp_path, "kode_kelurahan,no_urut_keluarga\n36.72.05.1004,1\n", "a.csv")
    problems, _ = check_headers(raw, pk_keluarga.SPEC)
    assert len(problems) == 1
    assert problems[0].code == "KOLOM_WAJIB_HILANG"
    assert problems[0].column == "no_kk"
    assert "'rw'" in problems[0].message  # rw must be present (values may be empty)


def test_no_urut_keluarga_column_may_be_absent(tmp_path):
    text = "no_kk,kode_kelurahan,rw\n3672050101230001,36.72.05.1004,7\n"
    result = load_families(tmp_path, make_ctx(2023), text)
    assert by_row(result).loc[2, "id_keluarga"] == expected_id("3672050101230001", 1)


def test_mostly_broken_typed_column_is_a_file_problem(tmp_path):
    text = "no_kk,kode_kelurahan,rw,jumlah_anggota\n" + "".join(
        f"367205010123000{i},36.72.05.1004,7,{n}\n" for i, n in enumerate(["tiga", "dua", "4"])
    )
    result = load_families(tmp_path, make_ctx(2023), text)
    assert [(p.code, p.column) for p in result.problems] == [
        ("FILE_TIDAK_TERBACA", "jumlah_anggota")
    ]


def test_mostly_excel_mangled_no_kk_is_a_file_problem(tmp_path):
    text = "no_kk,kode_kelurahan,rw\n" + "".join(
        f"{kk},36.72.05.1004,7\n" for kk in ["3.67205E+15", "3.67201E+15", "3672050101230001"]
    )
    result = load_families(tmp_path, make_ctx(2023), text)
    assert [(p.code, p.column) for p in result.problems] == [("FILE_TIDAK_TERBACA", "no_kk")]


# ------------------------------------------------------------------------- helpers
@pytest.mark.parametrize("mmdd,expected", [("07-01", "2023-07-01"), ("12-31", "2023-12-31")])
def test_reference_date_setting(mmdd, expected):
    ctx = make_ctx(2023, umur__tanggal_referensi_pk=mmdd)
    out = pk_keluarga.reference_dates(pd.Series([pd.NaT, pd.Timestamp("2023-08-02")]), ctx)
    assert out.tolist() == [pd.Timestamp(expected), pd.Timestamp("2023-08-02")]
