"""Stunting prevalence from e-PPGBM (indicators.md §7.7–§7.8, anchors of §7.11), on hand-made
processed tables shaped like the loader's output."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkb_analysis import anthro
from kkb_analysis.indikator import stunting
from kkb_analysis.wilayah import aggregate, build_areas

KEL_A, KEL_B = "36.72.05.1004", "36.72.08.1002"
NAN = np.nan


def processed(rows: list[dict]) -> pd.DataFrame:
    """A processed e-PPGBM table; the implausibility flags are set as the loader sets them."""
    base = {
        "anak_key": "a",
        "tgl_ukur": "2023-08-10",
        "umur_hari": 400,
        "kode_kelurahan": KEL_A,
        "rw": "001",
        "kkb_id": "KKB-A",
        "zs_tbu_recalc": 0.0,
        "zs_bbu_recalc": 0.0,
        "zs_bbtb_recalc": 0.0,
        "zs_imtu_recalc": 0.0,
    }
    frame = pd.DataFrame([base | r for r in rows])
    frame["tgl_ukur"] = pd.to_datetime(frame["tgl_ukur"])
    frame["umur_hari"] = frame["umur_hari"].astype("Int64")
    for col in ("anak_key", "kode_kelurahan", "rw", "kkb_id"):
        frame[col] = frame[col].astype("string")
    for col in ("zs_tbu_recalc", "zs_bbu_recalc", "zs_bbtb_recalc", "zs_imtu_recalc"):
        frame[col] = frame[col].astype("Float64")
    flags = anthro.implausible_flags(
        frame["zs_bbu_recalc"],
        frame["zs_tbu_recalc"],
        frame["zs_bbtb_recalc"],
        frame["zs_imtu_recalc"],
    )
    frame["flag_implausible_bbu"] = flags.waz
    frame["flag_implausible_tbu"] = flags.haz
    frame["flag_implausible_bbtb"] = flags.whz
    frame["flag_implausible_imtu"] = flags.baz
    return frame


# ---------------------------------------------------------------------- latest measurement
MEASUREMENTS = processed(
    [
        {"anak_key": "a", "tgl_ukur": "2023-02-03", "zs_tbu_recalc": -1.0},
        {"anak_key": "a", "tgl_ukur": "2023-02-20", "zs_tbu_recalc": -1.5},
        {"anak_key": "a", "tgl_ukur": "2023-08-10", "zs_tbu_recalc": -2.5},
        {"anak_key": "a", "tgl_ukur": "2024-01-05", "zs_tbu_recalc": -3.5},  # next year
        {"anak_key": "a", "tgl_ukur": "2022-12-30", "zs_tbu_recalc": -0.5},  # previous year
        {"anak_key": "b", "tgl_ukur": "2023-08-01", "zs_tbu_recalc": 0.5},
        {"anak_key": "b", "tgl_ukur": "2023-03-15", "zs_tbu_recalc": 0.7},
        {"anak_key": None, "tgl_ukur": "2023-08-02", "zs_tbu_recalc": 1.0},  # no key
    ]
)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("Februari", {"a": -1.5}),
        ("februari", {"a": -1.5}),
        ("Agustus", {"a": -2.5, "b": 0.5}),
        ("tahun", {"a": -2.5, "b": 0.5}),
        ("Maret", {"b": 0.7}),
        ("Desember", {}),
    ],
)
def test_select_latest_measurements(period, expected):
    latest = stunting.select_latest_measurements(MEASUREMENTS, 2023, period)
    got = dict(zip(latest["anak_key"], latest["zs_tbu_recalc"], strict=True))
    assert got == expected
    assert latest["anak_key"].is_unique
    assert list(latest.columns) == list(MEASUREMENTS.columns)


def test_select_latest_of_the_year_only():
    latest = stunting.select_latest_measurements(MEASUREMENTS, 2024, "tahun")
    assert latest["zs_tbu_recalc"].tolist() == [-3.5]
    latest = stunting.select_latest_measurements(MEASUREMENTS, 2022, "Desember")
    assert latest["zs_tbu_recalc"].tolist() == [-0.5]


def test_select_latest_same_day_keeps_the_later_row():
    rows = processed(
        [
            {"anak_key": "c", "tgl_ukur": "2023-08-10", "zs_tbu_recalc": -1.0},
            {"anak_key": "c", "tgl_ukur": "2023-08-10", "zs_tbu_recalc": -2.0},
        ]
    )
    assert stunting.select_latest_measurements(rows, 2023, "Agustus")["zs_tbu_recalc"].tolist() == [
        -2.0
    ]


def test_select_latest_with_a_required_value():
    rows = processed(
        [
            {"anak_key": "d", "tgl_ukur": "2023-08-10", "zs_tbu_recalc": -2.5},
            {"anak_key": "d", "tgl_ukur": "2023-11-10", "zs_tbu_recalc": NAN},  # weighed only
        ]
    )
    # default (issue 11): the latest measurement with a valid HAZ
    latest = stunting.select_latest_measurements(rows, 2023, "tahun")
    assert latest["tgl_ukur"].tolist() == [pd.Timestamp("2023-08-10")]
    # the former rule: the latest measurement as a whole
    latest = stunting.select_latest_measurements(rows, 2023, "tahun", utamakan_haz=False)
    assert latest["tgl_ukur"].tolist() == [pd.Timestamp("2023-11-10")]
    latest = stunting.select_latest_measurements(rows, 2023, "tahun", require="zs_tbu_recalc")
    assert latest["zs_tbu_recalc"].tolist() == [-2.5]


def test_unknown_period_is_an_error():
    with pytest.raises(ValueError, match="periode"):
        stunting.select_latest_measurements(MEASUREMENTS, 2023, "semester 1")


# ---------------------------------------------------------------------- counts
def test_count_anthropometry_boundaries():
    rows = processed(
        [
            {"zs_tbu_recalc": -2.0},  # Normal: in the denominator, not stunted
            {"zs_tbu_recalc": -2.01},  # stunted
            {"zs_tbu_recalc": -3.0},  # stunted, not severely
            {"zs_tbu_recalc": -3.01},  # severely stunted
            {"zs_tbu_recalc": 6.01},  # implausible: left out, counted
            {"zs_tbu_recalc": NAN, "zs_bbu_recalc": NAN, "zs_bbtb_recalc": NAN},  # not measured
            {"umur_hari": 1826, "zs_tbu_recalc": -2.5},  # 59.99 months: in
            {"umur_hari": 1827, "zs_tbu_recalc": -2.5},  # 60.02 months: out
            {"zs_bbu_recalc": -2.01, "zs_bbtb_recalc": -2.01},  # underweight, wasted
            {"zs_bbu_recalc": -6.01, "zs_bbtb_recalc": 2.0},  # WAZ implausible; WHZ 2.00 normal
            {"zs_bbu_recalc": -6.0, "zs_bbtb_recalc": 2.01},  # WAZ kept (not < −6); overweight
            {"zs_bbtb_recalc": -5.01},  # WHZ implausible
        ]
    )
    counts = stunting.count_anthropometry(rows, None)
    assert len(counts) == 1 and counts.loc[0, "sel"] == "semua"
    c = counts.iloc[0]
    assert c["n_anak"] == 12
    assert c["n_balita"] == 11
    assert c["n_balita_diukur"] == 9  # 12 − implausible − missing − 60.02 months
    assert c["n_stunting"] == 4  # −2.01, −3.00, −3.01, −2.5 at 1826 days
    assert c["n_stunting_berat"] == 1
    assert c["n_implausible_haz"] == 1
    assert c["n_waz_valid"] == 9 and c["n_underweight"] == 2 and c["n_implausible_waz"] == 1
    assert c["n_whz_valid"] == 9 and c["n_wasting"] == 1 and c["n_overweight"] == 1
    assert c["n_implausible_whz"] == 1
    assert counts["n_stunting"].dtype == np.int64


def test_counts_per_cell_and_missing_kkb():
    rows = processed(
        [
            {"zs_tbu_recalc": -2.5},
            {"rw": "002", "zs_tbu_recalc": -1.0},
            {"kode_kelurahan": KEL_B, "rw": None, "kkb_id": None, "zs_tbu_recalc": -2.5},
        ]
    )
    counts = stunting.count_anthropometry(rows, ["kode_kelurahan", "rw", "kkb_id"])
    assert counts[["kode_kelurahan", "rw", "kkb_id"]].astype(object).fillna(
        "NA"
    ).values.tolist() == [
        [KEL_A, "001", "KKB-A"],
        [KEL_A, "002", "KKB-A"],
        # outside every KKB with an unknown RW: "?" as in the area framework (wilayah.cell_kkb)
        [KEL_B, "NA", "?"],
    ]
    assert counts["n_stunting"].tolist() == [1, 0, 1]
    total = stunting.count_anthropometry(rows, None)
    cols = list(stunting.COUNT_COLUMNS)
    assert (counts[cols].sum().to_numpy() == total[cols].iloc[0].to_numpy()).all()


def test_counts_without_flag_columns_apply_the_who_rule():
    rows = processed([{"zs_tbu_recalc": 6.01}, {"zs_tbu_recalc": -2.5}])
    rows = rows.drop(columns=[c for c in rows.columns if c.startswith("flag_")])
    c = stunting.count_anthropometry(rows, None).iloc[0]
    assert (c["n_balita_diukur"], c["n_implausible_haz"], c["n_stunting"]) == (1, 1, 1)


def test_counts_of_an_empty_table():
    counts = stunting.count_anthropometry(processed([{}]).iloc[0:0], ["kode_kelurahan", "kkb_id"])
    assert counts.empty and "n_stunting" in counts.columns


def test_counts_feed_the_area_framework():
    kkb = pd.DataFrame(
        {
            "kkb_id": ["KKB-A"],
            "nama_kkb": ["Kampung KB A"],
            "kode_kelurahan": [KEL_A],
            "status_aktif": pd.array([True], dtype="boolean"),
        }
    )
    rows = processed(
        [
            {"zs_tbu_recalc": -2.5},
            {"kkb_id": None, "zs_tbu_recalc": -1.0},
            {"kode_kelurahan": KEL_B, "kkb_id": None, "zs_tbu_recalc": -3.5},
        ]
    )
    counts = stunting.count_anthropometry(rows)  # default cell: (kode_kelurahan, kkb_id)
    areas = aggregate(counts, build_areas(kkb)).set_index("wilayah_id")
    assert areas.loc["kkb:KKB-A", "n_stunting"] == 1
    assert areas.loc["sisa:KKB-A", "n_balita_diukur"] == 1
    assert areas.loc[f"kel:{KEL_A}", "n_balita_diukur"] == 2
    assert areas.loc["kota:36.72", "n_stunting"] == 2
    assert areas.loc["kota:36.72", "n_stunting_berat"] == 1
    rates = stunting.rates_from_counts(areas.reset_index()).set_index("wilayah_id")
    assert rates.loc["kota:36.72", "stunting_pct"] == pytest.approx(200 / 3)
    assert math.isnan(rates.loc["kec:36.72.01", "stunting_pct"])  # no child: data tidak cukup


# ---------------------------------------------------------------------- rates
def test_rates_from_counts_cilegon_anchor_and_no_data():
    counts = pd.DataFrame(
        {
            "wilayah": ["kota", "kosong"],
            "n_balita_diukur": [26576, 0],
            "n_stunting": [2469, 0],
            "n_stunting_berat": [600, 0],
            "n_waz_valid": [26000, 0],
            "n_underweight": [1300, 0],
            "n_whz_valid": [25000, 0],
            "n_wasting": [1000, 0],
            "n_overweight": [500, 0],
        }
    )
    rates = stunting.rates_from_counts(counts)
    kota = rates.iloc[0]
    assert kota["stunting_pct"] == pytest.approx(9.29, abs=0.005)  # 2,469 / 26,576
    assert kota["stunting_ci_low_pct"] < kota["stunting_pct"] < kota["stunting_ci_high_pct"]
    assert kota["stunting_ci_low_pct"] == pytest.approx(8.945, abs=0.01)
    assert kota["stunting_ci_high_pct"] == pytest.approx(9.647, abs=0.01)
    assert stunting.severity_class(kota["stunting_pct"]) == "rendah"
    assert kota["wasting_pct"] == pytest.approx(4.0) and kota["overweight_pct"] == pytest.approx(
        2.0
    )
    for name in stunting.PREVALENSI:
        for suffix in ("_pct", "_ci_low_pct", "_ci_high_pct"):
            assert math.isnan(rates.iloc[1][name + suffix])
    assert rates.columns[0] == "wilayah" and rates["stunting_pct"].dtype == np.float64


@pytest.mark.parametrize(
    ("pct", "label"),
    [
        (2.4, "sangat rendah"),
        (2.5, "rendah"),
        (9.99, "rendah"),
        (10, "sedang"),
        (19.99, "sedang"),
        (20, "tinggi"),
        (30, "sangat tinggi"),
        (0, "sangat rendah"),
        (NAN, "data tidak cukup"),
    ],
)
def test_severity_class_stunting(pct, label):
    assert stunting.severity_class(pct) == label


def test_severity_class_wasting_overweight_and_arrays():
    values = [2.4, 2.5, 4.99, 5, 10, 15, NAN]
    expected = ["sangat rendah", "rendah", "rendah", "sedang", "tinggi", "sangat tinggi"]
    assert stunting.severity_class(values, kind="wasting").tolist() == [
        *expected,
        "data tidak cukup",
    ]
    assert stunting.severity_class(pd.Series(values[:6]), "overweight").tolist() == expected
    with pytest.raises(ValueError):
        stunting.severity_class(5, kind="underweight")


# ---------------------------------------------------------------------- distribution
def test_zscore_distribution():
    rows = processed(
        [
            {"zs_tbu_recalc": -2.0},
            {"zs_tbu_recalc": -2.01},
            {"zs_tbu_recalc": -1.5},
            {"zs_tbu_recalc": 6.0},  # valid (not > 6): upper tail bin
            {"zs_tbu_recalc": -6.01},  # implausible: not counted
            {"umur_hari": 1827, "zs_tbu_recalc": -1.0},  # not balita
            {"kode_kelurahan": KEL_B, "zs_tbu_recalc": NAN},  # a cell without valid z
        ]
    )
    dist = stunting.zscore_distribution(rows, ["kode_kelurahan"], index="tbu")
    bins = len(stunting.BIN_DEFAULT) + 1
    assert len(dist) == 2 * bins
    a_rows = dist[dist["kode_kelurahan"].eq(KEL_A)]
    bounds = zip(a_rows["z_bawah"], a_rows["z_atas"], strict=True)
    label = [stunting.label_selang(lo, hi) for lo, hi in bounds]
    a = a_rows.set_index(pd.Index(label))["n"]
    assert a["-2.0 ≤ z < -1.5"] == 1  # −2.00 goes with its Normal class
    assert a["-2.5 ≤ z < -2.0"] == 1
    assert a["-1.5 ≤ z < -1.0"] == 1
    assert a["z ≥ 6.0"] == 1 and a["z < -6.0"] == 0
    assert a.sum() == 4
    counts = stunting.count_anthropometry(rows, ["kode_kelurahan"])
    assert a.sum() == counts.loc[0, "n_balita_diukur"]
    assert dist[dist["kode_kelurahan"].eq(KEL_B)]["n"].sum() == 0
    assert set(dist.columns) == {
        "kode_kelurahan",
        "indeks",
        "bin_ke",
        "z_bawah",
        "z_atas",
        "n",
    }


def test_bin_label_from_its_bounds():
    assert stunting.label_selang(-2.0, -1.5) == "-2.0 ≤ z < -1.5"
    assert stunting.label_selang(-math.inf, -6.0) == "z < -6.0"
    assert stunting.label_selang(6.0, math.inf) == "z ≥ 6.0"


def test_zscore_distribution_custom_bins_and_errors():
    rows = processed([{"zs_bbtb_recalc": -2.2}, {"zs_bbtb_recalc": 0.3}])
    dist = stunting.zscore_distribution(rows, None, index="bbtb", bins=[-3, -2, 0, 2])
    assert dist["n"].tolist() == [0, 1, 0, 1, 0]
    with pytest.raises(ValueError):
        stunting.zscore_distribution(rows, None, index="xyz")
    with pytest.raises(ValueError):
        stunting.zscore_distribution(rows, None, bins=[1, 0])


# ---------------------------------------------------------------------- properties
Z_VALUES = st.one_of(
    st.sampled_from([NAN, -6.01, -3.01, -3.0, -2.01, -2.0, 2.0, 2.01, 5.01, 6.01]),
    st.floats(-7, 7, allow_nan=False).map(lambda x: round(x, 2)),
)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(-5, 2000),
            Z_VALUES,
            Z_VALUES,
            Z_VALUES,
            st.sampled_from(["001", "002", None]),
            st.sampled_from(["KKB-A", None]),
        ),
        min_size=0,
        max_size=40,
    )
)
def test_counts_reconcile_and_add_up(children):
    rows = processed(
        [
            {
                "anak_key": str(i),
                "umur_hari": age,
                "zs_tbu_recalc": haz,
                "zs_bbu_recalc": waz,
                "zs_bbtb_recalc": whz,
                "rw": rw,
                "kkb_id": kkb,
            }
            for i, (age, haz, waz, whz, rw, kkb) in enumerate(children)
        ]
        or [{}]
    )
    counts = stunting.count_anthropometry(rows, ["kode_kelurahan", "rw", "kkb_id"])
    for c in counts.itertuples():
        assert c.n_stunting_berat <= c.n_stunting <= c.n_balita_diukur <= c.n_balita <= c.n_anak
        assert c.n_balita_diukur + c.n_implausible_haz <= c.n_balita
        assert c.n_underweight <= c.n_waz_valid <= c.n_balita
        assert c.n_wasting + c.n_overweight <= c.n_whz_valid <= c.n_balita
    total = stunting.count_anthropometry(rows, None)
    cols = list(stunting.COUNT_COLUMNS)
    assert (counts[cols].sum().to_numpy() == total[cols].iloc[0].to_numpy()).all()
    assert total.loc[0, "n_anak"] == len(rows)
    rates = stunting.rates_from_counts(counts)
    for name in stunting.PREVALENSI:
        pct = rates[f"{name}_pct"].dropna()
        assert ((pct >= 0) & (pct <= 100)).all()


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 5000), st.integers(0, 5000))
def test_prevalence_and_interval_within_0_100(a, b):
    x, n = min(a, b), max(a, b)
    counts = pd.DataFrame(
        {
            "n_balita_diukur": [n],
            "n_stunting": [x],
            "n_stunting_berat": [x // 2],
            "n_waz_valid": [n],
            "n_underweight": [x],
            "n_whz_valid": [n],
            "n_wasting": [x],
            "n_overweight": [0],
        }
    )
    r = stunting.rates_from_counts(counts).iloc[0]
    if n == 0:
        assert math.isnan(r["stunting_pct"])
        return
    for name in stunting.PREVALENSI:
        low, pct, high = r[f"{name}_ci_low_pct"], r[f"{name}_pct"], r[f"{name}_ci_high_pct"]
        assert 0 <= low <= pct <= high <= 100
    assert stunting.severity_class(r["stunting_pct"]) in stunting.KELAS_SEVERITAS
