"""pk_anggota loader (data-contract.md §4.3, §7.7): checks A1–A11, NIK checks, ages.

Reference dates (indicators.md §1.1): family A was surveyed on 2023-07-15; family B has no
tanggal_pendataan, so its reference date is 1 July 2023 (``umur.tanggal_referensi_pk``).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

import pandas as pd
import pytest

from kkb_analysis.sumber import pk_anggota
from kkb_analysis.validation import LoadResult, check_headers
from tests.conftest import TEST_SALT, make_ctx, raw_from_text
from tests.sumber.test_pk_keluarga import (
    assert_no_personal,
    by_row,
    expected_id,
    issues,
    load_families,
    rejected,
)

KK_A, KK_B, KK_C, KK_D = (
    "3672050101230001",
    "3672010101230002",
    "3672080101230003",
    "3672050101230004",
)
FAMILIES_CSV = (
    "no_kk,no_urut_keluarga,kode_kelurahan,rw,tanggal_pendataan\n"
    f"{KK_A},1,36.72.05.1004,7,2023-07-15\n"  # A: whole-kelurahan KKB
    f"{KK_B},1,36.72.01.1001,3,\n"  # B: RW-level KKB, reference date 2023-07-01
    f"{KK_C},1,36.72.08.1001,2,2023-07-15\n"  # C: outside every KKB
    f"{KK_D},1,,7,2023-07-15\n"  # D: rejected (no kelurahan)
)
HEADER = (
    "no_kk,no_urut_keluarga,no_urut,nik,nama,jenis_kelamin,tanggal_lahir,hubungan_kk,"
    "status_kawin,agama,status_sekolah,pekerjaan,no_urut_ibu\n"
)
CLEAN_CSV = HEADER + (
    f"{KK_A},1,1,3672051505800001,BUDI SANTOSO,L,1980-05-15,1,2,1,,5,\n"  # 2
    f"{KK_A},1,2,3672055505850002,SITI AMINAH,P,1985-05-15,2,2,1,,9,\n"  # 3: woman, day + 40
    f"{KK_A},1,3,9999999999999995,ANI LESTARI,P,2013-07-15,3,1,1,2,10,2\n"  # 4: birthday today
    f"{KK_A},1,4,,BAYU PRATAMA,L,2013-07-16,3,1,1,2,1,2\n"  # 5: birthday tomorrow
    f"{KK_A},1,5,,CICI PERTIWI,P,2018-07-15,3,1,1,,,2\n"  # 6: 1826 days
    f"{KK_A},1,6,,DODI PRASETYO,Laki-laki,2018-07-14,3,1,1,,,2\n"  # 7: 1827 days
    f"{KK_B},,1,3672011010900003,EKO SUSILO,1,1990-10-10,1,2,1,,8,\n"  # 8
    f"{KK_B},1,2,3672015010920004,FITRI HANDAYANI,2,1992-10-10,2,2,1,,7,\n"  # 9
    f"{KK_C},1,1,,GUNAWAN HADI,L,1948-07-16,1,2,1,,11,\n"  # 10: 74 (birthday tomorrow)
    f"{KK_C},1,2,,HARTINI WULAN,P,1948-07-15,2,2,1,,,\n"  # 11: 75
)
NAMES = [
    "BUDI SANTOSO",
    "SITI AMINAH",
    "ANI LESTARI",
    "BAYU PRATAMA",
    "CICI PERTIWI",
    "DODI PRASETYO",
    "EKO SUSILO",
    "FITRI HANDAYANI",
    "GUNAWAN HADI",
    "HARTINI WULAN",
]
NIKS = ["3672051505800001", "3672055505850002", "9999999999999995", "3672011010900003"]


def nik_hash(nik: str) -> str:
    return hmac.new(TEST_SALT.value, nik.encode(), hashlib.sha256).hexdigest()


def load_members(tmp_path, text: str, ctx=None, families: str | None = FAMILIES_CSV) -> LoadResult:
    ctx = ctx or make_ctx(2023)
    if families is not None:
        load_families(tmp_path, ctx, families)
    raw = raw_from_text(tmp_path, text, "pk_anggota.csv")
    problems, _ = check_headers(raw, pk_anggota.SPEC)
    assert problems == []
    result = pk_anggota.load(raw, ctx)
    ctx.results["pk_anggota"] = result
    return result


# ------------------------------------------------------------------------- clean file
def test_clean_file_loads_fully(tmp_path):
    result = load_members(tmp_path, CLEAN_CSV)
    assert result.rows_read == 10 == result.rows_kept
    assert result.rows_rejected == 0 and result.problems == []
    assert issues(result) == {(4, "nik", "NIK_KHUSUS")}
    t = by_row(result)
    assert t.loc[2, "id_keluarga"] == expected_id(KK_A)
    assert t.loc[2, "id_anggota"] == expected_id(KK_A) + ":1"
    assert t.loc[8, "id_anggota"] == expected_id(KK_B) + ":1"  # no_urut_keluarga empty → 1
    assert t["jenis_kelamin"].tolist() == ["L", "P", "P", "L", "P", "L", "L", "P", "L", "P"]
    for dropped in ("no_kk", "nik", "nama", "tanggal_lahir"):
        assert dropped not in t.columns


def test_nik_female_day_plus_40_matches(tmp_path):
    t = by_row(load_members(tmp_path, CLEAN_CSV))
    assert t.loc[3, "nik_status"] == "valid"
    assert t.loc[3, "nik_hash"] == nik_hash("3672055505850002")
    assert t.loc[9, "nik_status"] == "valid"  # 50 − 40 = 10 October 1992, woman
    assert not t.loc[2, "nik_luar_banten"]


def test_nik_outside_banten_is_valid_and_marked(tmp_path):
    text = HEADER + f"{KK_A},1,1,3172051505800001,X,L,1980-05-15,1,,,,,\n"
    result = load_members(tmp_path, text)
    t = by_row(result)
    assert t.loc[2, "nik_status"] == "valid" and t.loc[2, "nik_luar_banten"]
    assert issues(result) == set()


def test_sentinel_nik(tmp_path):
    result = load_members(tmp_path, CLEAN_CSV)
    t = by_row(result)
    assert t.loc[4, "nik_status"] == "belum_punya_<17"
    assert pd.isna(t.loc[4, "nik_hash"])
    assert pd.isna(t.loc[5, "nik_status"]) and pd.isna(t.loc[5, "nik_hash"])  # no NIK at all
    msg = result.issues.set_index("baris_sumber").loc[4, "pesan"]
    assert "belum_punya_<17" in msg


def test_ages_on_reference_date(tmp_path):
    t = by_row(load_members(tmp_path, CLEAN_CSV))
    # birthday on the reference date 2023-07-15: 10 years; 3652 days (leap days 2016, 2020)
    assert (t.loc[4, "umur_tahun"], t.loc[4, "umur_hari"]) == (10, 3652)
    assert (t.loc[5, "umur_tahun"], t.loc[5, "umur_hari"]) == (9, 3651)
    # 59/60-month boundary (indicators.md §7.11): 1826 days = 59.99 months, 1827 = 60.02
    assert t.loc[6, "umur_hari"] == 1826 and t.loc[7, "umur_hari"] == 1827
    assert t.loc[6, "umur_bulan"] == pytest.approx(59.9918, abs=1e-4)
    assert t.loc[7, "umur_bulan"] == pytest.approx(60.0246, abs=1e-4)
    assert t.loc[6, "umur_bulan"] < 60 <= t.loc[7, "umur_bulan"]
    assert t.loc[6, "umur_tahun"] == 5 == t.loc[7, "umur_tahun"]
    # family B: reference date 2023-07-01, before the 10 October birthday
    assert t.loc[8, "umur_tahun"] == 32
    assert t.loc[8, "umur_hari"] == (date(2023, 7, 1) - date(1990, 10, 10)).days
    assert t.loc[2, "umur_hari"] == (date(2023, 7, 15) - date(1980, 5, 15)).days
    assert t.loc[10, "umur_tahun"] == 74 and t.loc[11, "umur_tahun"] == 75


def test_age_groups_and_birth_month(tmp_path):
    t = by_row(load_members(tmp_path, CLEAN_CSV))
    assert t["kelompok_umur"].tolist() == [
        "40-44",
        "35-39",
        "10-14",
        "5-9",
        "5-9",
        "5-9",
        "30-34",
        "30-34",
        "70-74",
        "75+",
    ]
    assert t.loc[2, "tahun_bulan_lahir"] == "1980-05"
    assert t.loc[6, "tahun_bulan_lahir"] == "2018-07"
    assert (
        list(pk_anggota.KELOMPOK_UMUR[:2]) == ["0-4", "5-9"] and len(pk_anggota.KELOMPOK_UMUR) == 16
    )


def test_penghasilan_tetap(tmp_path):
    t = by_row(load_members(tmp_path, CLEAN_CSV))
    # pekerjaan 5 → ya; 9, 10, 7, empty → unknown; 1, 8 → tidak; 11 → ya
    assert t["penghasilan_tetap"].tolist() == [
        True,
        pd.NA,
        pd.NA,
        False,
        pd.NA,
        pd.NA,
        False,
        pd.NA,
        True,
        pd.NA,
    ]


def test_members_inherit_family_location(tmp_path):
    t = by_row(load_members(tmp_path, CLEAN_CSV))
    assert t.loc[2, "kkb_id"] == "KKB-3672051004-01"
    assert t.loc[2, "kode_kelurahan"] == "36.72.05.1004"
    assert t.loc[2, "kode_kecamatan"] == "36.72.05"
    assert t.loc[2, "rw"] == "007"
    assert t.loc[8, "kkb_id"] == "KKB-3672011001-01" and t.loc[8, "rw"] == "003"
    assert pd.isna(t.loc[10, "kkb_id"]) and not t.loc[10, "di_kelurahan_kkb"]


# ------------------------------------------------------------------------- row checks
CHECKS_CSV = HEADER + (
    f"{KK_A},1,1,3672051605800001,BUDI SANTOSO,L,1980-05-15,1,,,,,\n"  # 2: NIK day 16 ≠ 15
    f"{KK_A},1,2,3672055505850002,SITI AMINAH,L,1985-05-15,,,,,,\n"  # 3: female NIK, sex L
    f"{KK_A},1,3,36720512345,ANI LESTARI,P,2000-01-01,,,,,,\n"  # 4: 11 digits
    f"{KK_A},1,4,3672051513800005,BAYU PRATAMA,L,1980-01-15,,,,,,\n"  # 5: month 13
    f"{KK_A},1,5,3672011010900003,CICI PERTIWI,L,1990-10-10,,,,,,\n"  # 6: same NIK as 7
    f"{KK_B},1,1,3672011010900003,DODI PRASETYO,L,1990-10-10,1,,,,,\n"  # 7
    f"3672059999999999,1,1,,EKO SUSILO,L,1990-01-01,1,,,,,\n"  # 8: family unknown
    f"{KK_D},1,1,,FITRI HANDAYANI,P,1990-01-01,1,,,,,\n"  # 9: family rejected
    f"{KK_A},1,01,,GUNAWAN HADI,L,1981-01-01,,,,,,\n"  # 10: repeats key of row 2
    f"{KK_A},1,6,,HARTINI WULAN,X,1990-01-01,,,,,,\n"  # 11: unknown sex
    f"{KK_A},1,7,,IWAN SETIAWAN,,1990-01-01,,,,,,\n"  # 12: sex empty
    f"{KK_A},1,8,,JOKO WIDODO,L,15/05/1980,,,,,,\n"  # 13: unparseable date
    f"{KK_A},1,9,,KARTIKA SARI,P,,,,,,,\n"  # 14: date empty
    f"{KK_A},1,10,,LUKMAN HAKIM,L,2023-07-16,,,,,,\n"  # 15: after 2023-07-15
    f"{KK_B},1,2,,MAYA SARI,P,2023-07-02,,,,,,\n"  # 16: after 2023-07-01 (fallback date)
    f"{KK_B},1,3,,NINA ZAHRA,P,2023-07-01,,,,,,\n"  # 17: born on the reference date
    f"{KK_C},1,1,,OMAR BAKRI,L,1900-01-01,1,,9,,,\n"  # 18: 123 years; agama 9 unknown
)


def test_row_checks_reject_exactly_the_intended_rows(tmp_path):
    result = load_members(tmp_path, CHECKS_CSV)
    assert rejected(result) == {
        8: "REFERENSI_TIDAK_ADA",  # A1 orphan
        9: "REFERENSI_TIDAK_ADA",  # A1 child of a rejected family
        10: "DUPLIKAT_KUNCI",  # A2
        11: "KODE_TIDAK_DIKENAL",  # A3
        12: "NILAI_WAJIB_KOSONG",  # A3
        13: "TIPE_TIDAK_VALID",  # A4
        14: "NILAI_WAJIB_KOSONG",  # A4
        15: "TANGGAL_TIDAK_LOGIS",  # A5
        16: "TANGGAL_TIDAK_LOGIS",  # A5 with the fallback reference date
    }
    assert result.rows_read == 17 == result.rows_kept + result.rows_rejected
    assert issues(result, tingkat="tandai") == {
        (2, "nik", "NIK_BEDA_TGL_LAHIR"),
        (3, "nik", "NIK_BEDA_JK"),
        (4, "nik", "NIK_TIDAK_VALID"),
        (5, "nik", "NIK_TIDAK_VALID"),
        (6, "nik", "NIK_GANDA"),
        (7, "nik", "NIK_GANDA"),
        (18, "tanggal_lahir", "DI_LUAR_RENTANG"),  # A6
        (18, "agama", "KODE_TIDAK_DIKENAL"),  # A7
    }


def test_nik_mismatch_does_not_overwrite(tmp_path):
    t = by_row(load_members(tmp_path, CHECKS_CSV))
    # NIK says 16 May 1980; tanggal_lahir (15 May) is kept and used for the age
    assert t.loc[2, "tahun_bulan_lahir"] == "1980-05"
    assert t.loc[2, "umur_hari"] == (date(2023, 7, 15) - date(1980, 5, 15)).days
    assert t.loc[2, "nik_status"] == "valid"
    assert t.loc[2, "nik_hash"] == nik_hash("3672051605800001")
    assert t.loc[3, "jenis_kelamin"] == "L"  # sex not overwritten
    assert t.loc[4, "nik_status"] == "invalid" and pd.isna(t.loc[4, "nik_hash"])
    assert t.loc[5, "nik_status"] == "invalid" and pd.isna(t.loc[5, "nik_hash"])
    assert t.loc[6, "nik_hash"] == t.loc[7, "nik_hash"]


def test_born_on_reference_date_and_very_old_are_kept(tmp_path):
    t = by_row(load_members(tmp_path, CHECKS_CSV))
    assert t.loc[17, "umur_hari"] == 0 and t.loc[17, "kelompok_umur"] == "0-4"
    assert t.loc[18, "umur_tahun"] == 123 and pd.isna(t.loc[18, "agama"])


def test_quarantine_keys_and_messages(tmp_path):
    result = load_members(tmp_path, CHECKS_CSV)
    q = result.quarantine.set_index("baris_sumber")
    assert q.loc[10, "id_anggota"] == expected_id(KK_A) + ":1"
    assert q.loc[8, "id_keluarga"] == expected_id("3672059999999999")
    for personal in ("no_kk", "nik", "nama", "tanggal_lahir"):
        assert personal not in q.columns
    assert "2023-07-01" in q.loc[16, "alasan"]  # the reference date is named, not the birth


def test_a8_exactly_one_head_per_family(tmp_path):
    text = HEADER + (
        f"{KK_A},1,1,,A A,L,1980-01-01,1,,,,,\n"  # 2 ┐ family A: two heads → all flagged
        f"{KK_A},1,2,,B B,P,1982-01-01,1,,,,,\n"  # 3 │
        f"{KK_A},1,3,,C C,P,2010-01-01,3,,,,,\n"  # 4 ┘
        f"{KK_B},1,1,,D D,P,1982-01-01,2,,,,,\n"  # 5: family B has no head
        f"{KK_C},1,1,,E E,L,1970-01-01,1,,,,,\n"  # 6: family C fine
        f"{KK_C},1,2,,F F,L,1971-01-01,3,,,,,\n"  # 7
        f"{KK_C},1,2,,G G,L,1971-01-01,1,,,,,\n"  # 8: a second head, but a rejected repeat
    )
    result = load_members(tmp_path, text)
    assert rejected(result) == {8: "DUPLIKAT_KUNCI"}
    assert issues(result, "INKONSISTEN") == {
        (2, "hubungan_kk", "INKONSISTEN"),
        (3, "hubungan_kk", "INKONSISTEN"),
        (4, "hubungan_kk", "INKONSISTEN"),
        (5, "hubungan_kk", "INKONSISTEN"),
    }


def test_a10_mother_pointer_and_a11_school_status(tmp_path):
    text = HEADER + (
        f"{KK_A},1,1,,A A,L,1980-01-01,1,,,,,\n"  # 2
        f"{KK_A},1,2,,B B,P,1985-01-01,2,,,,,\n"  # 3: mother
        f"{KK_A},1,3,,C C,P,2014-01-01,3,,,,,\n"  # 4: girl aged 9
        f"{KK_A},1,4,,D D,L,2020-01-01,3,,,1,,2\n"  # 5: ok; school status at age 3 (A11)
        f"{KK_A},1,5,,E E,L,2018-01-01,3,,,2,,1\n"  # 6: points to a man; aged 5 → no A11
        f"{KK_A},1,6,,F F,L,2022-01-01,3,,,,,3\n"  # 7: points to a 9-year-old
        f"{KK_A},1,7,,G G,L,2022-01-01,3,,,,,9\n"  # 8: no member 9
        f"{KK_A},1,8,,H H,P,2022-01-01,3,,,,,8\n"  # 9: points to herself
        f"{KK_B},1,1,,I I,L,2022-01-01,1,,,,,2\n"  # 10: family B has no member 2
    )
    result = load_members(tmp_path, text)
    assert result.rows_rejected == 0
    inconsistent = issues(result, "INKONSISTEN")
    assert {r for r, k, _ in inconsistent if k == "no_urut_ibu"} == {6, 7, 8, 9, 10}
    assert {r for r, k, _ in inconsistent if k == "status_sekolah"} == {5}
    t = by_row(result)
    assert t.loc[5, "no_urut_ibu"] == 2
    assert t.loc[[6, 7, 8, 9, 10], "no_urut_ibu"].isna().all()


# ------------------------------------------------------------------------- parents, privacy
def test_without_family_file_every_member_is_rejected(tmp_path):
    result = load_members(tmp_path, CLEAN_CSV, families=None)
    assert result.rows_kept == 0 and result.rows_rejected == 10
    assert set(result.quarantine["kode_alasan"]) == {"REFERENSI_TIDAK_ADA"}
    assert "pk_keluarga" in result.quarantine["alasan"].iloc[0]


def test_no_personal_data_in_outputs(tmp_path):
    result = load_members(tmp_path, CLEAN_CSV + CHECKS_CSV.split("\n", 1)[1])
    assert result.rows_rejected > 0
    births = ["1980-05-15", "1985-05-15", "2013-07-15", "1990-10-10", "1948-07-16", "15/05/1980"]
    assert_no_personal(
        result,
        [
            *NIKS,
            "3672015010920004",
            "3672051605800001",
            "36720512345",
            KK_A,
            KK_B,
            KK_C,
            KK_D,
            "3672059999999999",
            *NAMES,
            *births,
        ],
    )


def test_missing_required_column_is_a_file_problem(tmp_path):
    raw = raw_from_text(tmp_path, "no_kk,no_urut,jenis_kelamin\n1,1,L\n", "a.csv")
    problems, _ = check_headers(raw, pk_anggota.SPEC)
    assert [(p.code, p.column) for p in problems] == [("KOLOM_WAJIB_HILANG", "tanggal_lahir")]


def test_mostly_unparseable_dates_are_a_file_problem(tmp_path):
    text = HEADER + "".join(
        f"{KK_A},1,{i},,X,L,{d},,,,,,\n"
        for i, d in enumerate(["15/05/1980", "16/05/1980", "1980-05-17"], start=1)
    )
    result = load_members(tmp_path, text)
    assert [(p.code, p.column) for p in result.problems] == [
        ("FILE_TIDAK_TERBACA", "tanggal_lahir")
    ]


def test_optional_nik_and_name_columns_may_be_absent(tmp_path):
    text = f"no_kk,no_urut,jenis_kelamin,tanggal_lahir\n{KK_A},1,L,1980-05-15\n"
    t = by_row(load_members(tmp_path, text))
    assert pd.isna(t.loc[2, "nik_status"]) and t.loc[2, "umur_tahun"] == 43
