"""KB indicators (indicators.md §3) and poktan participation (§4).

Expected values are worked out by hand from the document (worked example §2.9: PUS 1,000 =
552 users + 448 non-users; MKJP 122; IAT + TIAL 82) and from the pk_kb loader fixture
(tests/sumber/test_pk_kb.py: six women, described row by row below).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkb_analysis.indikator import kb
from kkb_analysis.sumber.kkb_kkbpk import KB, TIDAK_KB
from kkb_analysis.wilayah import aggregate, build_areas
from tests.conftest import make_ctx
from tests.sumber.test_pk_kb import CLEAN_KB, load_kb

WORKED = {  # indicators.md §2.9
    "kkb_id": "KKB-A",
    "tahun": 2023,
    "bulan": 12,
    "peserta_bkb": 90,
    "peserta_bkr": 60,
    "peserta_bkl": 50,
    "peserta_uppka": 20,
    "peserta_pikr": 45,
    "kb_iud": 40,
    "kb_mow": 20,
    "kb_mop": 2,
    "kb_kondom": 30,
    "kb_implan": 60,
    "kb_suntik": 300,
    "kb_pil": 100,
    "tidak_kb_hamil": 70,
    "tidak_kb_ingin_anak_segera": 296,
    "tidak_kb_iat": 42,
    "tidak_kb_tial": 40,
    "pengguna_bpjs": 100,
}
DEN = {
    "keluarga_punya_balita": 300,
    "keluarga_punya_remaja": 400,
    "keluarga_punya_lansia": 250,
    "jumlah_keluarga": 2000,
    "jumlah_remaja": 900,
}


def month(bulan: int, kkb_id: str = "KKB-A", tahun: int = 2023, **over) -> dict:
    return {**WORKED, "kkb_id": kkb_id, "tahun": tahun, "bulan": bulan, **over}


def zero(bulan: int, kkb_id: str) -> dict:
    return month(bulan, kkb_id, **dict.fromkeys((*KB, *TIDAK_KB), 0), pengguna_bpjs=None)


# ---------------------------------------------------------------------------- KKBPK
def test_kkbpk_indicators_worked_example():
    out = kb.kkbpk_indicators(pd.DataFrame([WORKED]), 2023, make_ctx().settings)
    r = out.iloc[0]
    assert (r["kkb_id"], r["bulan"]) == ("KKB-A", 12)
    assert (r["n_pus"], r["n_pengguna_kb"], r["n_tidak_kb"]) == (1000, 552, 448)
    assert r["cpr_7_metode_pct"] == pytest.approx(55.2)
    assert (r["n_mkjp"], r["mkjp_pct"]) == (122, pytest.approx(100 * 122 / 552))
    assert (r["n_unmet_need"], r["unmet_need_pct"]) == (82, pytest.approx(8.2))
    assert (r["n_hamil"], r["hamil_pct"]) == (70, pytest.approx(7.0))
    assert (r["n_ias"], r["ias_pct"]) == (296, pytest.approx(29.6))
    assert (r["n_pengguna_bpjs"], r["bpjs_pct"]) == (100, pytest.approx(100 * 100 / 552))
    assert r["n_kb_suntik"] == 300
    assert r["mix_suntik_pct"] == pytest.approx(100 * 300 / 552)
    mix = [r["mix_" + c.removeprefix("kb_") + "_pct"] for c in KB]
    assert sum(mix) == pytest.approx(100.0)
    assert not out.attrs  # labels live in the catalogue, not on the frame


def test_kkbpk_month_used():
    table = pd.DataFrame(
        [
            month(3, kb_pil=0),
            month(11),
            month(7, kb_pil=50),
            month(12, tahun=2022),
            month(5, "KKB-B"),
        ]
    )
    out = kb.kkbpk_indicators(table, 2023, make_ctx().settings).set_index("kkb_id")
    assert out["bulan"].to_dict() == {"KKB-A": 11, "KKB-B": 5}  # latest month of 2023
    fixed = kb.kkbpk_indicators(table, 2023, make_ctx(klasifikasi__bulan_kkbpk=7).settings)
    assert fixed["kkb_id"].tolist() == ["KKB-A"]  # KKB-B has no July report
    assert fixed["n_pengguna_kb"].tolist() == [502]
    # "terakhir" never goes past the reference date
    mid = kb.kkbpk_indicators(table, 2023, make_ctx(laporan__tanggal_referensi="06-30").settings)
    assert mid.set_index("kkb_id")["bulan"].to_dict() == {"KKB-A": 3, "KKB-B": 5}
    with pytest.raises(ValueError, match="bulan_kkbpk"):
        kb.kkbpk_indicators(table, 2023, make_ctx(klasifikasi__bulan_kkbpk=13).settings)


def test_kkbpk_pus_zero_is_data_tidak_cukup():
    table = pd.DataFrame(
        [
            zero(12, "KKB-Z"),
            month(
                12, kb_iud=0, kb_mow=0, kb_mop=0, kb_kondom=0, kb_implan=0, kb_suntik=0, kb_pil=0
            ),
        ]
    )
    out = kb.kkbpk_indicators(table, 2023, make_ctx().settings).set_index("kkb_id")
    z = out.loc["KKB-Z"]
    assert z["n_pus"] == 0
    for col in ("cpr_7_metode_pct", "unmet_need_pct", "hamil_pct", "ias_pct", "mkjp_pct"):
        assert pd.isna(z[col]), col
    assert pd.isna(z["bpjs_pct"]) and pd.isna(z["n_pengguna_bpjs"])
    a = out.loc["KKB-A"]  # PUS > 0 but no user: CPR 0 %, user-based shares unknown
    assert a["cpr_7_metode_pct"] == 0 and pd.isna(a["mkjp_pct"]) and pd.isna(a["mix_pil_pct"])


def test_kkbpk_absent_table():
    out = kb.kkbpk_indicators(None, 2023, make_ctx().settings)
    assert out.empty and {"kkb_id", "n_pus", "cpr_7_metode_pct"} <= set(out.columns)


# ---------------------------------------------------------------------------- poktan
def test_poktan_participation_worked_example():
    out = kb.poktan_participation(WORKED, DEN).set_index("poktan")
    # §2.9: BKB 90/300, BKR 60/400, BKL 50/250, UPPKA 20/2,000, PIK-R 45/900
    assert out["partisipasi_pct"].to_dict() == pytest.approx(
        {"BKB": 30.0, "BKR": 15.0, "BKL": 20.0, "UPPKA": 1.0, "PIK-R": 5.0}
    )
    assert out.loc["BKB", "penyebut"] == "keluarga_punya_balita"
    assert out.loc["PIK-R", "nilai_penyebut"] == 900
    assert not out["melebihi_100"].any()


def test_poktan_participation_full_precision_flag_and_zero_base():
    den = {**DEN, "keluarga_punya_balita": 80, "jumlah_remaja": 0, "keluarga_punya_lansia": 3}
    out = kb.poktan_participation({**WORKED, "peserta_bkl": 1}, den).set_index("poktan")
    assert out.loc["BKB", "partisipasi_pct"] == pytest.approx(112.5)  # 90 / 80
    assert bool(out.loc["BKB", "melebihi_100"])
    assert pd.isna(out.loc["PIK-R", "partisipasi_pct"]) and not out.loc["PIK-R", "melebihi_100"]
    assert out.loc["BKL", "partisipasi_pct"] == pytest.approx(100 / 3)  # not rounded here
    missing = kb.poktan_participation(WORKED, None)
    assert missing["partisipasi_pct"].isna().all()


def test_poktan_participation_many_kkb_and_area_table():
    rows = pd.DataFrame([WORKED, {**WORKED, "kkb_id": "KKB-B"}])
    den = pd.DataFrame([{"wilayah_id": "kkb:KKB-A", **DEN}, {"wilayah_id": "kota:36.72", **DEN}])
    out = kb.poktan_participation(rows, den)
    assert out["kkb_id"].tolist() == ["KKB-A"] * 5 + ["KKB-B"] * 5
    assert out.loc[out["kkb_id"].eq("KKB-A"), "partisipasi_pct"].notna().all()
    assert out.loc[out["kkb_id"].eq("KKB-B"), "partisipasi_pct"].isna().all()


# ---------------------------------------------------------------------------- PK
# tests/sumber/test_pk_kb.py CLEAN_KB (umur_istri, usia_kawin_pertama, KB):
#   row 2 family A: 38 y, ukp 20, IUD (MKJP, modern), tempat 3
#   row 3 family B: 30 y, ukp 22, not using, TIAL (unmet need)
#   row 4 family B: 14 y → not PUS, ukp 13, Pil
#   row 5 family B: 49 y, ukp 25, not using, IAS
#   row 6 family C: 33 y, ukp 25, Tradisional (not modern)
#   row 7 family B: 46 y, ukp 20, AKDR → IUD, tempat 4
# Family A is in KKB-3672051004-01, B in KKB-3672011001-01, C outside every KKB.


def pk_table(tmp_path) -> pd.DataFrame:
    result = load_kb(tmp_path, CLEAN_KB)
    assert result.rows_kept == 6
    return result.table


def test_count_pk_kb_totals_and_rates(tmp_path):
    t = pk_table(tmp_path)
    total = kb.count_pk_kb(t, None)
    assert len(total) == 1
    c = total.iloc[0]
    assert (c["n_pus"], c["n_peserta_aktif"], c["n_tidak_kb"]) == (5, 3, 2)
    assert (c["n_modern"], c["n_mkjp"], c["n_unmet"]) == (2, 2, 1)
    assert (c["n_iat"], c["n_tial"], c["n_hamil"]) == (0, 1, 0)
    assert (c["n_metode_iud"], c["n_metode_tradisional"], c["n_metode_pil"]) == (2, 1, 0)
    assert (c["n_tempat_3"], c["n_tempat_4"]) == (1, 1)
    # MUKP over every woman: 13, 20, 20, 22, 25, 25; grouped median, classes [a, a + 1):
    # n/2 = 3 reached in class 20 (CF 1, f 2) → 20 + (3 − 1) / 2 = 21.0
    assert c["n_ukp"] == 6 and (c["ukp_20"], c["ukp_25"], c["ukp_13"]) == (2, 2, 1)
    rates = kb.rates_pk_kb(total).iloc[0]
    assert rates["cpr_pct"] == pytest.approx(60.0)
    assert rates["mcpr_pct"] == pytest.approx(40.0)
    assert rates["mkjp_pct"] == pytest.approx(200 / 3)
    assert rates["unmet_need_pct"] == pytest.approx(20.0)
    assert rates["mukp_tahun"] == 21.0
    assert rates["mix_iud_pct"] == pytest.approx(200 / 3)
    # PUS only: 20, 20, 22, 25, 25: n/2 = 2.5 in class 22 (CF 2, f 1) → 22 + 0.5 = 22.5
    pus_only = kb.count_pk_kb(t, None, mukp_hanya_pus=True)
    assert kb.rates_pk_kb(pus_only)["mukp_tahun"].tolist() == [22.5]


def test_count_pk_kb_cells_add_up_and_feed_the_area_framework(tmp_path):
    t = pk_table(tmp_path)
    cells = kb.count_pk_kb(t)  # default: (kode_kelurahan, kkb_id)
    assert list(cells.columns[:2]) == ["kode_kelurahan", "kkb_id"]
    by_kkb = cells.groupby("kkb_id")["n_pus"].sum().to_dict()
    assert by_kkb == {"": 1, "KKB-3672011001-01": 3, "KKB-3672051004-01": 1}
    total = kb.count_pk_kb(t, None)
    counts = [c for c in total.columns if c != "sel"]
    assert (cells[counts].sum() == total[counts].iloc[0]).all()
    kkbs = pd.DataFrame(
        {
            "kkb_id": ["KKB-3672051004-01", "KKB-3672011001-01"],
            "nama_kkb": ["A", "B"],
            "kode_kelurahan": ["36.72.05.1004", "36.72.01.1001"],
            "status_aktif": [True, True],
        }
    )
    areas = aggregate(cells, build_areas(kkbs))
    rates = kb.rates_pk_kb(areas).set_index("wilayah_id")
    assert rates.loc["kota:36.72", "n_pus"] == 5
    assert rates.loc["kkb:KKB-3672011001-01", "cpr_pct"] == pytest.approx(100 / 3)
    assert (
        rates.loc["kkb:KKB-3672011001-01", "mukp_tahun"] == 21.0
    )  # 13, 20, 22, 25 (rows 3, 4, 5, 7): n/2 = 2 in class 20 (CF 1, f 1) → 20 + 1
    assert pd.isna(rates.loc["kec:36.72.03", "cpr_pct"])  # no PUS → data tidak cukup


def test_median_from_histogram_even_and_odd():
    hist = pd.DataFrame({"ukp_18": [1, 1, 0], "ukp_20": [1, 2, 0], "ukp_30": [0, 0, 0]})
    # 18, 20: n/2 = 1 reached in class 18 (CF 0, f 1) → 18 + 1 = 19.0
    # 18, 20, 20: n/2 = 1.5 in class 20 (CF 1, f 2) → 20 + 0.5 / 2 = 20.25
    assert kb.mukp(hist).tolist()[:2] == [19.0, 20.25]
    assert pd.isna(kb.mukp(hist).iloc[2])


# ---------------------------------------------------------------------------- properties
counts = st.integers(min_value=0, max_value=10_000)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.fixed_dictionaries({c: counts for c in (*KB, *TIDAK_KB)}), min_size=1, max_size=5)
)
def test_kkbpk_shares_and_partition(rows):
    table = pd.DataFrame(
        [{**r, "kkb_id": f"K{i}", "tahun": 2023, "bulan": 12} for i, r in enumerate(rows)]
    )
    out = kb.kkbpk_indicators(table, 2023, make_ctx().settings)
    assert (out["n_pengguna_kb"] + out["n_tidak_kb"] == out["n_pus"]).all()
    shares = [c for c in out.columns if c.endswith("_pct")]
    shares.remove("bpjs_pct")
    values = out[shares].astype("Float64")
    assert ((values >= 0) & (values <= 100 + 1e-9)).fillna(True).all().all()
    assert out.loc[out["n_pus"].eq(0), "cpr_7_metode_pct"].isna().all()


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.booleans(),
            st.booleans(),
            st.sampled_from(["IUD", "Pil", "Tradisional", "MAL"]),
            st.sampled_from(["IAT", "TIAL", "IAS", "Hamil", "Lainnya"]),
            st.one_of(st.none(), st.integers(10, 49)),
            st.sampled_from(["K1", "K2"]),
        ),
        max_size=30,
    )
)
def test_pk_counts_partition_and_rate_ranges(rows):
    frame = pd.DataFrame(
        rows, columns=["is_pus", "ber_kb", "metode_kb", "alasan_tidak_kb", "ukp", "kkb_id"]
    )
    frame["is_mkjp"] = frame["metode_kb"].eq("IUD") & frame["ber_kb"]
    frame["is_modern"] = frame["metode_kb"].isin(["IUD", "Pil", "MAL"]) & frame["ber_kb"]
    frame["unmet_need"] = ~frame["ber_kb"] & frame["alasan_tidak_kb"].isin(["IAT", "TIAL"])
    frame["sedang_hamil"] = ~frame["ber_kb"] & frame["alasan_tidak_kb"].eq("Hamil")
    frame["usia_kawin_pertama"] = pd.array(frame.pop("ukp"), dtype="Int64")
    cells = kb.count_pk_kb(frame, "kkb_id")
    assert (cells["n_peserta_aktif"] + cells["n_tidak_kb"] == cells["n_pus"]).all()
    assert (cells["n_modern"] <= cells["n_peserta_aktif"]).all()
    assert (cells["n_mkjp"] <= cells["n_modern"]).all()
    assert (cells["n_iat"] + cells["n_tial"] == cells["n_unmet"]).all()
    assert cells["n_pus"].sum() == int(frame["is_pus"].sum())
    rates = kb.rates_pk_kb(cells)
    for col in (
        "cpr_pct",
        "mcpr_pct",
        "mkjp_pct",
        "unmet_need_pct",
        "mix_iud_pct",
        "mix_tradisional_pct",
    ):
        values = rates[col]
        assert ((values >= 0) & (values <= 100)).fillna(True).all()
    # classes [a, a + 1) of the ages 10–49: the median lies in [10, 50]
    assert ((rates["mukp_tahun"] >= 10) & (rates["mukp_tahun"] <= 50)).fillna(True).all()
