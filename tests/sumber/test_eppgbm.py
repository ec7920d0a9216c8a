"""eppgbm.csv checks E1–E11 and E14–E17 (data-contract.md §7.9) on hand-made e-PPGBM exports.

Fixtures use the original export layout: semicolons, decimal commas, DD/MM/YYYY dates. Expected
values are worked out by hand from the contract, e.g. 15/03/2021 → 10/08/2023 = 730 + 148 = 878
days; "2 Tahun - 4 Bulan - 26 Hari" = 730.5 + 121.75 + 26 = 878.25 → 878.
"""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from kkb_analysis.config import load_reference
from kkb_analysis.pseudonim import hash_values
from kkb_analysis.readers import read_raw_file
from kkb_analysis.sumber import eppgbm
from kkb_analysis.validation import ISSUE_COLUMNS, LoadResult, check_headers
from tests.conftest import TEST_SALT, make_ctx, raw_from_text

HEADERS = [
    "NIK", "Nama", "JK", "Tgl Lahir", "BB Lahir", "TB Lahir", "Nama Ortu", "Prov", "Kab/Kota",
    "Kec", "Pukesmas", "Desa/Kel", "Posyandu", "RT", "RW", "Alamat", "Usia Saat Ukur",
    "Tanggal Pengukuran", "Bulan Pengukuran", "Status Bulan", "status tahun", "Berat", "Tinggi",
    "Cara Ukur", "LiLA", "BB/U", "ZS BB/U", "TB/U", "ZS TB/U", "BB/TB", "ZS BB/TB",
    "Naik Berat Badan", "PMT Diterima (kg)", "Jml Vit A", "KPSP", "KIA", "Detail Status",
    "status desa",
]  # fmt: skip

# The first data line of every fixture (record 2): a clean, fully filled export row.
CLEAN = (
    "3672051503210001;Ahmad Fauzi;L;15/03/2021;3,2;49,5;Rina Marlina;BANTEN;Kota Cilegon;"
    "Jombang;Puskesmas Jombang;Panggung Rawi;Mawar 1;2;3;Jl. Melati No. 7;"
    "2 Tahun - 4 Bulan - 26 Hari;10/08/2023;Agustus;T;2023;11,8;86,5;Berdiri;14,5;"
    "Berat Badan Normal;-0,85;Normal;-1,37;Gizi Baik;-0,31;N;0;1;Sesuai;Ya;-;Lokus"
)


def row(nama: str, over: dict[str, str] | None = None) -> str:
    """A clean row without NIK for child ``nama`` (measured 01/06/2023 at 730 days, lying),
    with some cells replaced."""
    cells = {
        "NIK": "",
        "Nama": nama,
        "JK": "P",
        "Tgl Lahir": "01/06/2021",
        "BB Lahir": "2,9",
        "TB Lahir": "48",
        "Nama Ortu": "Dewi Lestari",
        "Prov": "Banten",
        "Kab/Kota": "Kota Cilegon",
        "Kec": "Citangkil",
        "Pukesmas": "Puskesmas Citangkil",
        "Desa/Kel": "Dringo",
        "Posyandu": "Melati",
        "RT": "01",
        "RW": "002",
        "Alamat": "Kp. Cempaka RT 01",
        "Usia Saat Ukur": "",
        "Tanggal Pengukuran": "01/06/2023",
        "Berat": "10,5",
        "Tinggi": "80,0",
        "Cara Ukur": "Terlentang",
    }
    cells.update(over or {})
    return ";".join(cells.get(h, "") for h in HEADERS)


def text(rows: list[str], headers: list[str] = HEADERS) -> str:
    return ";".join(headers) + "\n" + "\n".join(rows) + "\n"


def fake_result(base: str, table: pd.DataFrame) -> LoadResult:
    return LoadResult(
        base,
        "csv",
        table,
        pd.DataFrame(columns=["baris_sumber", "kode_alasan", "alasan"]),
        pd.DataFrame(columns=ISSUE_COLUMNS),
        len(table),
    )


KKB = pd.DataFrame(
    {
        "kkb_id": ["KKB-PR", "KKB-DR", "KKB-KP"],
        "kode_kelurahan": ["36.72.05.1004", "36.72.08.1002", "36.72.04.1005"],
        "rw_list": pd.array([pd.NA, "001;002", pd.NA], dtype="string"),
        "status_aktif": pd.array([True, True, False], dtype="boolean"),
    }
)


def _ctx(year: int = 2023, kkb: bool = True, **settings):
    ctx = make_ctx(year, **settings)
    if kkb:
        ctx.results["kkb"] = fake_result("kkb", KKB)
    return ctx


def _load(tmp_path, rows, ctx=None, headers=HEADERS):
    raw = raw_from_text(tmp_path, text(rows, headers), "eppgbm.csv", delimiter=";")
    problems, _ = check_headers(raw, eppgbm.SPEC)
    assert problems == []
    result = eppgbm.load(raw, ctx or _ctx())
    assert result.problems == []
    assert result.rows_read == result.rows_kept + result.rows_rejected == len(rows)
    return result


def _h(value: str) -> str:
    return hash_values(pd.Series([value]), TEST_SALT.value).iloc[0]


def _issues(result, line: int) -> list[tuple[str, str, str]]:
    i = result.issues[result.issues["baris_sumber"].eq(line)]
    return sorted(zip(i["kolom"], i["kode_alasan"], i["tingkat"], strict=True))


def _kept(result, line: int) -> pd.Series:
    t = result.table.set_index("baris_sumber")
    return t.loc[line]


# ---------------------------------------------------------------------- clean file
def test_clean_row_is_normalised(tmp_path):
    result = _load(tmp_path, [CLEAN])
    assert result.quarantine.empty and result.issues.empty
    r = _kept(result, 2)
    assert r["anak_key"] == r["nik_hash"] == _h("3672051503210001")
    assert r["nik_status"] == "valid"
    assert r["jk"] == "L"
    assert r["tahun_bulan_lahir"] == "2021-03"
    assert r["bb_lahir_kg"] == 3.2 and r["tb_lahir_cm"] == 49.5
    assert (r["kode_kelurahan"], r["kode_kecamatan"]) == ("36.72.05.1004", "36.72.05")
    assert (r["rt"], r["rw"], r["kkb_id"]) == ("002", "003", "KKB-PR")
    assert r["posyandu"] == "Mawar 1"  # published free text (stunting per posyandu)
    assert r["tgl_ukur"] == pd.Timestamp("2023-08-10")
    assert r["umur_hari"] == 878 and r["usia_saat_ukur_hari"] == 878
    assert r["umur_bulan"] == pytest.approx(878 / 30.4375)
    assert (r["berat_kg"], r["tinggi_cm"], r["tinggi_cm_adj"]) == (11.8, 86.5, 86.5)
    assert r["cara_ukur"] == "berdiri" and r["lila_cm"] == 14.5
    assert (r["zs_bbu"], r["zs_tbu"], r["zs_bbtb"]) == (-0.85, -1.37, -0.31)
    assert r["naik_bb"] == "N" and r["jml_vit_a"] == 1 and r["pmt_diterima_kg"] == 0
    # the export's free-text columns are not used by any indicator, so they are not published
    unpublished = ["puskesmas", "status_bbu_ekspor", "status_tbu_ekspor", "status_bbtb_ekspor"]
    unpublished += ["bulan_pengukuran", "status_bulan", "status_tahun", "kpsp", "kia"]
    unpublished += ["detail_status", "status_desa", "Pukesmas", "KPSP", "Detail Status"]
    assert not set(unpublished) & set(result.table.columns)
    assert not r[list(eppgbm.FLAGS)].any()
    assert list(result.table.columns) == list(eppgbm.OUTPUT_COLUMNS)
    # WHO z-scores recomputed at the end of load (kkb_analysis.anthro; E12/E13 in test_anthro.py)
    assert (r["zs_bbu_recalc"], r["zs_tbu_recalc"], r["zs_bbtb_recalc"]) == (-0.89, -1.37, -0.25)
    assert (r["status_bbu"], r["status_tbu"], r["status_bbtb"]) == (
        "Berat badan normal",
        "Normal",
        "Gizi baik",
    )


def test_puskesmas_header_alias(tmp_path):
    headers = ["Puskesmas" if h == "Pukesmas" else h for h in HEADERS]
    result = _load(tmp_path, [CLEAN], headers=headers)
    assert result.issues.empty and _kept(result, 2)["posyandu"] == "Mawar 1"


# ---------------------------------------------------------------------- rejections
def test_rejections(tmp_path):
    rows = [
        CLEAN,  # 2 kept
        row("Anak Serang", {"Kab/Kota": "Kabupaten Serang"}),  # 3 E1
        row("Anak Huruf", {"Kab/Kota": "KOTA CILEGON"}),  # 4 kept
        row("Anak Pendek", {"Kab/Kota": "Cilegon"}),  # 5 kept
        row("Anak Entah", {"Kec": "Jombang", "Desa/Kel": "Sukamaju"}),  # 6 E2 unknown
        row("Anak Salah Kec", {"Kec": "Cilegon", "Desa/Kel": "Citangkil"}),  # 7 E2 other kec
        row("Anak JK", {"JK": "X"}),  # 8 E3
        row("Anak Tanpa Lahir", {"Tgl Lahir": ""}),  # 9 E4
        row("Anak Tanggal Rusak", {"Tanggal Pengukuran": "31/02/2023"}),  # 10 E4
        row("Anak Belum Lahir", {"Tgl Lahir": "20/08/2023", "Tanggal Pengukuran": "01/08/2023"}),
        row("Anak Kosong", {"Berat": "", "Tinggi": ""}),  # 12 E6
        row("Anak Kembar Data", {"Tanggal Pengukuran": "02/06/2023"}),  # 13 kept
        row("anak  kembar DATA ", {"Tanggal Pengukuran": "02/06/2023"}),  # 14 E7
        CLEAN.replace("Ahmad Fauzi", "Nama Lain"),  # 15 E7: same NIK, same date
        row("", {}),  # 16 no NIK and no name: no child key
    ]
    result = _load(tmp_path, rows)
    q = result.quarantine.set_index("baris_sumber")["kode_alasan"].to_dict()
    assert q == {
        3: "DI_LUAR_WILAYAH",
        6: "DI_LUAR_WILAYAH",
        7: "DI_LUAR_WILAYAH",
        8: "KODE_TIDAK_DIKENAL",
        9: "NILAI_WAJIB_KOSONG",
        10: "TIPE_TIDAK_VALID",
        11: "TANGGAL_TIDAK_LOGIS",
        12: "NILAI_WAJIB_KOSONG",
        14: "DUPLIKAT_KUNCI",
        15: "DUPLIKAT_KUNCI",
        16: "NILAI_WAJIB_KOSONG",
    }
    assert result.table["baris_sumber"].tolist() == [2, 4, 5, 13]
    reasons = result.quarantine.set_index("baris_sumber")["alasan"]
    assert "tidak ada di kecamatan 'Cilegon'" in reasons[7]
    assert "Kabupaten Serang" in reasons[3]
    # quarantine rows carry the pseudonymised key, never the personal columns
    assert {"anak_key", "nik_hash"} <= set(result.quarantine.columns)
    for personal in ("NIK", "Nama", "Nama Ortu", "Alamat", "Tgl Lahir"):
        assert personal not in result.quarantine.columns


def test_rejected_first_row_does_not_hide_a_later_valid_row(tmp_path):
    rows = [
        row("Anak Sama", {"JK": "P", "Kab/Kota": "Kab. Serang"}),  # rejected (E1)
        row("Anak Sama"),  # same key and date, but the first one is not kept
    ]
    result = _load(tmp_path, rows)
    assert result.table["baris_sumber"].tolist() == [3]


# ---------------------------------------------------------------------- location names
@pytest.mark.parametrize(
    ("kec", "kel", "kode"),
    [
        ("JOMBANG", "PANGGUNG RAWI", "36.72.05.1004"),
        ("Jombang", "Panggungrawi", "36.72.05.1004"),
        ("Jombang", "Panggung-Rawi", "36.72.05.1004"),
        ("Citangkil", "Deringo", "36.72.08.1002"),
        ("Grogol", "Grogol", "36.72.06.1002"),  # kecamatan alias grogol → gerogol
        ("Gerogol", "Gerogol", "36.72.06.1002"),  # kelurahan alias gerogol → grogol
        ("Purwakarta", "Kebon Dalem", "36.72.07.1003"),
        ("Cibeber", "Cibeber", "36.72.01.1001"),  # same name as its kecamatan
    ],
)
def test_name_normalisation(tmp_path, kec, kel, kode):
    result = _load(tmp_path, [row("Anak", {"Kec": kec, "Desa/Kel": kel})])
    r = _kept(result, 2)
    assert r["kode_kelurahan"] == kode
    assert r["kode_kecamatan"] == kode[:8]


def test_unknown_kecamatan_falls_back_to_city_wide_lookup(tmp_path):
    result = _load(tmp_path, [row("Anak", {"Kec": "Kecamatan Antah", "Desa/Kel": "Kepuh"})])
    assert _kept(result, 2)["kode_kelurahan"] == "36.72.04.1005"
    assert _issues(result, 2) == [("Kec", "KODE_TIDAK_DIKENAL", "tandai")]


def test_ambiguous_name_is_rejected(tmp_path, monkeypatch):
    wilayah = copy.deepcopy(load_reference("wilayah"))
    for kel in wilayah["kelurahan"]:
        if kel["nama"] == "Kubangsari":  # now "kebonsari" names two kelurahan
            kel["varian"] = ["Kebon Sari"]
    monkeypatch.setattr(eppgbm, "load_reference", lambda name: wilayah)
    rows = [
        row("Anak Satu", {"Kec": "Antah", "Desa/Kel": "Kebonsari"}),  # city-wide: two matches
        row("Anak Dua", {"Kec": "Citangkil", "Desa/Kel": "Kebon Sari"}),  # within kecamatan
    ]
    result = _load(tmp_path, rows)
    assert result.quarantine.set_index("baris_sumber")["kode_alasan"].to_dict() == {
        2: "DI_LUAR_WILAYAH"
    }
    assert "lebih dari satu" in result.quarantine["alasan"].iloc[0]
    assert _kept(result, 3)["kode_kelurahan"] == "36.72.08.1005"


def test_resolver_unit():
    index = eppgbm.WilayahIndex.from_reference()
    kec = pd.Series(["Jombang", "grogol", None, "Cilegon"], dtype="string")
    kel = pd.Series(["panggung rawi", "GROGOL", "Deringo", "Citangkil"], dtype="string")
    out = index.resolve(kec, kel)
    assert out["kode_kelurahan"].tolist()[:3] == ["36.72.05.1004", "36.72.06.1002", "36.72.08.1002"]
    assert pd.isna(out["kode_kelurahan"].iloc[3]) and out["status"].iloc[3] == "tidak_ada"
    assert index.is_kota(
        pd.Series(["Kota Cilegon", "KOTA CILEGON", "Cilegon", "Serang"])
    ).tolist() == [
        True,
        True,
        True,
        False,
    ]


# ---------------------------------------------------------------------- child key
def test_fallback_key_is_stable_across_rows_of_the_same_child(tmp_path):
    rows = [
        row("Budi Santoso", {"JK": "L", "Nama Ortu": "Sari", "Tanggal Pengukuran": "01/03/2023"}),
        row(
            " BUDI  SANTOSO",
            {
                "JK": "Laki-laki",
                "Tgl Lahir": "2021-06-01",
                "Nama Ortu": "SARI",
                "Tanggal Pengukuran": "01/04/2023",
            },
        ),
        row(
            "Budi Santoso",
            {"JK": "L", "Nama Ortu": "Sari Lain", "Tanggal Pengukuran": "01/03/2023"},
        ),
    ]
    result = _load(tmp_path, rows)
    keys = result.table.set_index("baris_sumber")["anak_key"]
    assert keys[2] == keys[3] == _h("BUDI SANTOSO#2021-06-01#L#SARI")
    assert keys[4] != keys[2]  # another parent name: another child
    assert result.table["nik_hash"].isna().all()
    assert result.issues.empty or not result.issues["kode_alasan"].str.startswith("NIK").any()


def test_nik_checks_e16(tmp_path):
    rows = [
        row("Anak Pendek NIK", {"NIK": "12345"}),  # 2 invalid → fallback key
        row("Anak Sentinel", {"NIK": "9999999999999995"}),  # 3 sentinel → fallback key
        row("Anak Tgl Beda", {"NIK": "3672054206210001"}),  # 4 NIK says 02/06/21 (female)
        row("Anak JK Beda", {"NIK": "3672050106210002"}),  # 5 day 01 = male, JK = P
        row("Anak Excel", {"NIK": "3.67205E+15"}),  # 6 Excel-mangled → invalid
    ]
    result = _load(tmp_path, rows)
    t = result.table.set_index("baris_sumber")
    assert t.loc[2, "anak_key"] == _h("ANAK PENDEK NIK#2021-06-01#P#DEWI LESTARI")
    assert pd.isna(t.loc[2, "nik_hash"]) and t.loc[2, "nik_status"] == "invalid"
    assert t.loc[3, "nik_status"] == "belum_punya_<17" and pd.isna(t.loc[3, "nik_hash"])
    assert t.loc[3, "anak_key"] == _h("ANAK SENTINEL#2021-06-01#P#DEWI LESTARI")
    assert t.loc[4, "anak_key"] == _h("3672054206210001")
    assert t["flag_nik_tidak_valid"].tolist() == [True, False, False, False, True]
    assert t["flag_nik_khusus"].tolist() == [False, True, False, False, False]
    assert _issues(result, 2) == [("NIK", "NIK_TIDAK_VALID", "tandai")]
    assert _issues(result, 3) == [("NIK", "NIK_KHUSUS", "tandai")]
    assert _issues(result, 4) == [("NIK", "NIK_BEDA_TGL_LAHIR", "tandai")]
    assert _issues(result, 5) == [("NIK", "NIK_BEDA_JK", "tandai")]
    assert _issues(result, 6) == [("NIK", "NIK_TIDAK_VALID", "tandai")]


# ---------------------------------------------------------------------- ages and dates
def test_age_checks_e8_e14(tmp_path):
    rows = [
        row("Anak 1857", {"Tgl Lahir": "01/05/2018", "Cara Ukur": "Berdiri", "Tinggi": "105"}),
        row("Anak 1856", {"Tgl Lahir": "02/05/2018", "Cara Ukur": "Berdiri", "Tinggi": "105"}),
        row("Anak Tahun Lalu", {"Tanggal Pengukuran": "30/12/2022", "Tgl Lahir": "01/06/2021"}),
        row("Anak Lahir Hari Itu", {"Tgl Lahir": "01/06/2023", "Tinggi": "49", "Berat": "3,2"}),
    ]
    result = _load(tmp_path, rows)
    t = result.table.set_index("baris_sumber")
    assert t["umur_hari"].tolist() == [1857, 1856, 577, 0]
    assert t["flag_umur_di_luar_tabel"].tolist() == [True, False, False, False]
    assert _issues(result, 2) == [("Tgl Lahir", "DI_LUAR_RENTANG", "tandai")]
    assert t["flag_di_luar_periode"].tolist() == [False, False, True, False]
    assert _issues(result, 4) == [("Tanggal Pengukuran", "DI_LUAR_PERIODE", "tandai")]
    assert _issues(result, 3) == [] and _issues(result, 5) == []


@pytest.mark.parametrize(
    ("usia", "hari"),
    [
        ("2 Tahun - 3 Bulan - 12 Hari", 834),  # 730.5 + 91.3125 + 12 = 833.8125
        ("0 Tahun - 11 Bulan - 3 Hari", 338),  # 334.8125 + 3
        ("5 Bulan", 152),  # 152.1875
        ("12 Hari", 12),
        ("1 Tahun", 365),  # 365.25
        ("2 Tahun", 731),  # 730.5, half up
        ("2 tahun 3 bulan", 822),  # 821.8125; lower case, no dashes
        ("3 Thn - 1 Bln - 2 Hr", 1128),  # 1095.75 + 30.4375 + 2 = 1128.1875
    ],
)
def test_parse_usia(usia, hari):
    assert eppgbm.parse_usia(pd.Series([usia], dtype="string")).iloc[0] == hari


def test_per_unique_keeps_missing_values_missing():
    values = pd.Series(["a", None, "b", "a"], dtype="string")
    out = eppgbm.per_unique(values, lambda u: u.eq("a"))
    assert out.tolist() == [True, pd.NA, False, True]


def test_parse_usia_unreadable():
    out = eppgbm.parse_usia(pd.Series(["dua tahun", None, ""], dtype="string"))
    assert out.isna().all()


def test_usia_saat_ukur_e11(tmp_path):
    base = {"NIK": "", "Tgl Lahir": "15/03/2021", "Tanggal Pengukuran": "10/08/2023"}  # 878 d
    rows = [
        row("Anak A", {**base, "Usia Saat Ukur": "2 Tahun - 5 Bulan - 26 Hari"}),  # 909: diff 31
        row("Anak B", {**base, "Usia Saat Ukur": "2 Tahun - 5 Bulan - 27 Hari"}),  # 910: diff 32
        row("Anak C", {**base, "Usia Saat Ukur": "1 Tahun - 0 Bulan - 0 Hari"}),  # 365
        row("Anak D", {**base, "Usia Saat Ukur": "kemarin"}),
    ]
    for i, r in enumerate(rows):  # standing, to avoid position flags at 878 days
        rows[i] = r.replace(";Terlentang;", ";Berdiri;")
    result = _load(tmp_path, rows)
    t = result.table.set_index("baris_sumber")
    assert t["usia_saat_ukur_hari"].tolist()[:3] == [909, 910, 365]
    assert t["flag_usia_tidak_sesuai"].tolist() == [False, True, True, False]
    assert _issues(result, 3) == [("Usia Saat Ukur", "INKONSISTEN", "tandai")]
    assert _issues(result, 5) == [("Usia Saat Ukur", "TIPE_TIDAK_VALID", "tandai")]


def test_e11_tolerance_is_a_setting(tmp_path):
    r = row("Anak", {"Usia Saat Ukur": "2 Tahun - 0 Bulan - 10 Hari"})  # 741 vs 730
    result = _load(tmp_path, [r], ctx=_ctx(validasi__toleransi_usia_hari=5))
    assert _kept(result, 2)["flag_usia_tidak_sesuai"]


# ---------------------------------------------------------------------- length / height
def test_position_adjustment_anchors(tmp_path):
    rows = [
        row("Anak 730 Berdiri", {"Cara Ukur": "Berdiri", "Tinggi": "80,0"}),  # → 80.7
        row("Anak 731 Terlentang", {"Tgl Lahir": "31/05/2021", "Tinggi": "85,0"}),  # → 84.3
        row("Anak 730 Terlentang", {"Tinggi": "80,0"}),  # no change
        row(
            "Anak 731 Berdiri", {"Tgl Lahir": "31/05/2021", "Cara Ukur": "berdiri", "Tinggi": "85"}
        ),
    ]
    result = _load(tmp_path, rows)
    t = result.table.set_index("baris_sumber")
    assert t["umur_hari"].tolist() == [730, 731, 730, 731]
    assert t["tinggi_cm"].tolist() == [80.0, 85.0, 80.0, 85.0]
    assert t["tinggi_cm_adj"].tolist() == pytest.approx([80.7, 84.3, 80.0, 85.0])
    assert t["cara_ukur"].tolist() == ["berdiri", "terlentang", "terlentang", "berdiri"]
    assert t["flag_cara_ukur_tidak_sesuai"].tolist() == [True, True, False, False]
    assert _issues(result, 2) == [("Cara Ukur", "INKONSISTEN", "tandai")]
    assert _issues(result, 4) == _issues(result, 5) == []


def test_missing_position_e9(tmp_path):
    rows = [
        row("Anak Kecil", {"Cara Ukur": "", "Tgl Lahir": "01/07/2022", "Tinggi": "72"}),  # 335 d
        row("Anak Besar", {"Cara Ukur": "", "Tgl Lahir": "15/03/2021", "Tinggi": "86,5"}),  # 808 d
        row("Anak Timbang", {"Cara Ukur": "", "Tinggi": ""}),  # weighed only: no position needed
        row("Anak Kode", {"Cara Ukur": "Duduk"}),  # unknown code: flagged, then assumed
    ]
    result = _load(tmp_path, rows)
    t = result.table.set_index("baris_sumber")
    assert t["cara_ukur"].tolist() == ["terlentang", "berdiri", "terlentang", "terlentang"]
    assert t["tinggi_cm_adj"].tolist()[:2] == [72.0, 86.5]  # assumed position: no adjustment
    assert t["flag_cara_ukur_kosong"].tolist() == [True, True, False, True]
    assert _issues(result, 2) == [("Cara Ukur", "NILAI_WAJIB_KOSONG", "tandai")]
    assert (
        "dianggap Berdiri"
        in result.issues.loc[result.issues["baris_sumber"].eq(3), "pesan"].iloc[0]
    )
    assert _issues(result, 4) == []
    assert _issues(result, 5) == [
        ("Cara Ukur", "KODE_TIDAK_DIKENAL", "tandai"),
        ("Cara Ukur", "NILAI_WAJIB_KOSONG", "tandai"),
    ]


def test_implausible_measurements(tmp_path):
    rows = [
        row("Anak Meter", {"Tinggi": "0,80"}),  # 2 metres? not converted
        row("Anak Raksasa", {"Tinggi": "200"}),  # 3
        row("Anak Berat", {"Berat": "45"}),  # 4
        row("Anak Gram", {"Berat": "10500"}),  # 5 grams? not converted
        row("Anak Batas", {"Berat": "0,9", "Tinggi": "38", "Tgl Lahir": "25/05/2023"}),  # 6 ok
        row("Anak Lahir Gram", {"BB Lahir": "3200"}),  # 7 grams → 3.2 kg
        row("Anak Berat Huruf", {"Berat": "sepuluh"}),  # 8 invalid, Tinggi still there
    ]
    result = _load(tmp_path, rows)
    t = result.table.set_index("baris_sumber")
    assert pd.isna(t.loc[2, "tinggi_cm"]) and pd.isna(t.loc[2, "tinggi_cm_adj"])
    assert pd.isna(t.loc[3, "tinggi_cm"]) and t.loc[3, "berat_kg"] == 10.5
    assert pd.isna(t.loc[4, "berat_kg"]) and pd.isna(t.loc[5, "berat_kg"])
    assert (t.loc[6, "berat_kg"], t.loc[6, "tinggi_cm"]) == (0.9, 38.0)
    assert t["flag_tinggi_implausibel"].tolist() == [True, True, False, False, False, False, False]
    assert t["flag_berat_implausibel"].tolist() == [False, False, True, True, False, False, False]
    assert t.loc[7, "bb_lahir_kg"] == 3.2 and t.loc[7, "flag_bb_lahir_gram"]
    assert t.loc[2, "bb_lahir_kg"] == 2.9 and not t.loc[2, "flag_bb_lahir_gram"]
    assert pd.isna(t.loc[8, "berat_kg"]) and t.loc[8, "tinggi_cm"] == 80.0
    msg = result.issues.set_index("baris_sumber")["pesan"]
    assert "meter" in msg[2] and "tidak dikonversi" in msg[2]
    assert "gram" in msg[5] and "tidak dikonversi" in msg[5]
    assert _issues(result, 2) == [("Tinggi", "NILAI_IMPLAUSIBEL", "tandai")]
    assert _issues(result, 7) == [("BB Lahir", "DI_LUAR_RENTANG", "tandai")]
    assert _issues(result, 8) == [("Berat", "TIPE_TIDAK_VALID", "tandai")]


def test_plausibility_thresholds_are_settings(tmp_path):
    ctx = _ctx(validasi__tinggi_cm=[85, 130], validasi__berat_kg=[11, 30])
    result = _load(tmp_path, [row("Anak", {})], ctx=ctx)  # 80.0 cm, 10.5 kg
    r = _kept(result, 2)
    assert r["flag_tinggi_implausibel"] and r["flag_berat_implausibel"]


# ---------------------------------------------------------------------- KKB membership, E15
def test_kkb_membership_and_empty_rw(tmp_path):
    rows = [
        row("Anak RW2", {"RW": "2"}),  # 2 Dringo RW 002 → KKB-DR
        row("Anak RW5", {"RW": "5"}),  # 3 outside the KKB RWs
        row("Anak Tanpa RW", {"RW": ""}),  # 4 RW-level KKB: not assigned, E15
        row("Anak PR", {"Kec": "Jombang", "Desa/Kel": "Panggung Rawi", "RW": ""}),  # 5 whole kel.
        row("Anak Kepuh", {"Kec": "Ciwandan", "Desa/Kel": "Kepuh"}),  # 6 inactive KKB
        row("Anak RW Huruf", {"RW": "dua"}),  # 7 invalid RW: flagged, not assigned
    ]
    result = _load(tmp_path, rows)
    t = result.table.set_index("baris_sumber")
    kkb_ids = [None if pd.isna(x) else x for x in t["kkb_id"]]
    assert kkb_ids == ["KKB-DR", None, None, "KKB-PR", None, None]
    assert t["flag_rw_kosong"].tolist() == [False, False, True, True, False, False]
    assert _issues(result, 4) == [("RW", "NILAI_WAJIB_KOSONG", "tandai")]
    assert _issues(result, 7) == [("RW", "TIPE_TIDAK_VALID", "tandai")]


def test_without_kkb_file_children_are_kept_unassigned(tmp_path):
    result = _load(tmp_path, [CLEAN], ctx=_ctx(kkb=False))
    assert result.rows_kept == 1 and result.table["kkb_id"].isna().all()


# ---------------------------------------------------------------------- E17 (check_links)
def test_e17_child_nik_in_another_kelurahan(tmp_path):
    rows = [
        CLEAN,  # 2 Panggung Rawi; PK says Kepuh → flag
        row("Anak Sama Kel", {"NIK": "3672054106210002"}),  # 3 Dringo; PK Dringo → ok
        row("Anak Dua Kel", {"NIK": "3672054106210003"}),  # 4 Dringo; PK Kepuh and Dringo → ok
        row("Anak Luar PK", {"NIK": "3672054106210004"}),  # 5 not in PK
    ]
    ctx = _ctx()
    result = _load(tmp_path, rows, ctx=ctx)
    ctx.results["eppgbm"] = result
    ctx.results["pk_anggota"] = fake_result(
        "pk_anggota",
        pd.DataFrame(
            {
                "nik_hash": [
                    _h("3672051503210001"),
                    _h("3672054106210002"),
                    _h("3672054106210003"),
                    _h("3672054106210003"),
                ],
                "kode_kelurahan": [
                    "36.72.04.1005",
                    "36.72.08.1002",
                    "36.72.04.1005",
                    "36.72.08.1002",
                ],
            }
        ),
    )
    eppgbm.check_links(ctx)
    t = result.table.set_index("baris_sumber")
    assert t["flag_nik_beda_kelurahan"].tolist() == [True, False, False, False]
    e17 = result.issues[result.issues["kode_alasan"].eq("INKONSISTEN")]
    assert e17["baris_sumber"].tolist() == [2]
    assert "36.72.04.1005" in e17["pesan"].iloc[0]


def test_e17_through_family_when_members_have_no_kelurahan(tmp_path):
    ctx = _ctx()
    result = _load(tmp_path, [CLEAN], ctx=ctx)
    ctx.results["eppgbm"] = result
    ctx.results["pk_keluarga"] = fake_result(
        "pk_keluarga", pd.DataFrame({"id_keluarga": ["F1"], "kode_kelurahan": ["36.72.05.1004"]})
    )
    ctx.results["pk_anggota"] = fake_result(
        "pk_anggota", pd.DataFrame({"nik_hash": [_h("3672051503210001")], "id_keluarga": ["F1"]})
    )
    eppgbm.check_links(ctx)
    assert not result.table["flag_nik_beda_kelurahan"].any()
    ctx.results["pk_keluarga"].table.loc[0, "kode_kelurahan"] = "36.72.01.1001"
    eppgbm.check_links(ctx)
    assert result.table["flag_nik_beda_kelurahan"].tolist() == [True]


def test_check_links_without_pk_is_a_no_op(tmp_path):
    ctx = _ctx()
    ctx.results["eppgbm"] = _load(tmp_path, [CLEAN], ctx=ctx)
    ctx.results["pk_anggota"] = LoadResult.absent("pk_anggota", ["nik", "no_kk"])
    eppgbm.check_links(ctx)
    assert ctx.results["eppgbm"].issues.empty


# ---------------------------------------------------------------------- file level
def test_missing_required_column_is_a_file_problem(tmp_path):
    headers = [h for h in HEADERS if h != "Desa/Kel"]
    raw = raw_from_text(
        tmp_path, text([";".join(["x"] * len(headers))], headers), "eppgbm.csv", ";"
    )
    problems, _ = check_headers(raw, eppgbm.SPEC)
    assert len(problems) == 1
    assert problems[0].code == "KOLOM_WAJIB_HILANG" and problems[0].column == "Desa/Kel"


def test_mostly_broken_date_column_is_a_file_problem(tmp_path):
    rows = [row(f"Anak {i}", {"Tanggal Pengukuran": "Juni 2023"}) for i in range(3)]
    raw = raw_from_text(tmp_path, text(rows), "eppgbm.csv", delimiter=";")
    result = eppgbm.load(raw, _ctx())
    assert [p.column for p in result.problems] == ["Tanggal Pengukuran"]
    assert result.problems[0].code == "FILE_TIDAK_TERBACA"


def test_comma_delimited_export_is_refused(tmp_path):
    path = tmp_path / "eppgbm.csv"
    path.write_text(",".join(HEADERS) + "\n", encoding="utf-8")
    raw, problem = read_raw_file(path, delimiter=";")
    assert raw is None and problem is not None and "titik koma" in problem.message


# ---------------------------------------------------------------------- privacy
def test_no_personal_value_in_outputs(tmp_path):
    rows = [
        CLEAN,
        row("Citra Kirana", {"NIK": "3672054106210002", "Nama Ortu": "Bambang Pamungkas"}),
        row("Doni Saputra", {"NIK": "12345678", "Alamat": "Jl. Kenanga Gg. Buntu 9"}),
        row("Eka Pratiwi", {"Kab/Kota": "Kab Serang", "Alamat": "Perum Bumi Asri Blok C"}),
        row("Fajar Nugraha", {"NIK": "3672050101200003", "Tgl Lahir": "17/09/2020"}),
        row("Gita Ayu", {"Tgl Lahir": "17/11/2023", "Tanggal Pengukuran": "01/06/2023"}),
    ]
    ctx = _ctx()
    result = _load(tmp_path, rows, ctx=ctx)
    ctx.results["eppgbm"] = result
    eppgbm.check_links(ctx)
    personal = [
        "3672051503210001", "3672054106210002", "12345678", "3672050101200003",
        "Ahmad Fauzi", "AHMAD FAUZI", "Rina Marlina", "RINA MARLINA", "Citra Kirana",
        "Bambang Pamungkas", "Doni Saputra", "Eka Pratiwi", "Fajar Nugraha", "Gita Ayu",
        "Dewi Lestari", "DEWI LESTARI", "Jl. Melati No. 7", "Jl. Kenanga", "Perum Bumi Asri",
        "Kp. Cempaka", "15/03/2021", "2021-03-15", "01/06/2021", "2021-06-01", "17/09/2020",
        "2020-09-17", "17/11/2023", "2023-11-17",
    ]  # fmt: skip
    assert result.rows_rejected >= 1 and not result.issues.empty
    for frame in (result.table, result.quarantine, result.issues):
        dump = frame.to_csv(index=False)
        for value in personal:
            assert value not in dump, value
