"""Welfare, bansos, RTLH and the income proxy (indicators.md §9, §10)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from kkb_analysis.config import load_settings
from kkb_analysis.indikator.kesejahteraan import (
    count_kesejahteraan,
    keluarga_kesejahteraan,
    rates_kesejahteraan,
    status_penghasilan,
)
from kkb_analysis.wilayah import aggregate, build_areas

KEL_A = "36.72.05.1004"
KEL_B = "36.72.01.1004"
KKB = pd.DataFrame(
    {
        "kkb_id": ["KKB-A"],
        "nama_kkb": ["Kampung KB A"],
        "kode_kelurahan": [KEL_A],
        "status_aktif": [True],
    }
)
SETTINGS = load_settings()
AREAS = build_areas(KKB)

#          id    kel    kkb      rumah_layak_huni  p04
FAMILIES = [
    ("F1", KEL_A, "KKB-A", False, "Tidak"),
    ("F2", KEL_A, "KKB-A", True, "Ya"),
    ("F3", KEL_A, "KKB-A", None, "Ya"),
    ("F4", KEL_B, None, False, None),
    ("F5", KEL_B, None, True, "Ya"),
    ("F6", KEL_B, None, True, "Ya"),
]
FAM = pd.DataFrame(
    {
        "id_keluarga": pd.array([f[0] for f in FAMILIES], dtype="string"),
        "kode_kelurahan": pd.array([f[1] for f in FAMILIES], dtype="string"),
        "kkb_id": pd.array([f[2] for f in FAMILIES], dtype="string"),
        "tahun": pd.array([2023] * 6, dtype="Int64"),
        "rumah_layak_huni": pd.array([f[3] for f in FAMILIES], dtype="boolean"),
        "p04_sumber_penghasilan": pd.array([f[4] for f in FAMILIES], dtype="string"),
    }
)
#   family, no_urut, hubungan_kk, pekerjaan
MEMBERS = [
    ("F1", 1, "1", "6"),  # head PNS (tetap) but P.04 = Tidak → (a)
    ("F2", 2, "1", "8"),  # two heads: the one with the lowest no_urut counts …
    ("F2", 1, "1", "5"),  # … pegawai swasta → tetap
    ("F3", 1, "1", "8"),  # buruh lepas → (b)
    ("F4", 1, "1", "6"),  # P.04 empty, head PNS → tetap
    ("F5", 1, "1", "7"),  # wiraswasta: not mapped → tidak diketahui
    ("F6", 1, "4", "5"),  # no head → tidak diketahui
]
ANG = pd.DataFrame(
    {
        "id_keluarga": pd.array([m[0] for m in MEMBERS], dtype="string"),
        "no_urut": pd.array([m[1] for m in MEMBERS], dtype="Int64"),
        "hubungan_kk": pd.array([m[2] for m in MEMBERS], dtype="string"),
        "pekerjaan": pd.array([m[3] for m in MEMBERS], dtype="string"),
    }
)
#  family, sumber, periode, desil, status_dtks, pkh, bpnt_sembako, pbi_jk
RECORDS = [
    ("F1", "DTKS", "2023-01", 3, True, True, False, False),
    ("F1", "P3KE", "2023-06", 2, None, False, True, None),  # P3KE beats DTKS
    ("F2", "DTSEN", "2023-04", 6, None, True, False, True),  # DTSEN beats all
    ("F2", "DTSEN", "2024-01", 1, None, False, False, False),  # after 31 Dec 2023: ignored
    ("F2", "DTKS", "2023-07", 1, True, False, False, False),
    ("F3", "DTSEN", "2023-01", 5, None, None, None, None),  # older period
    ("F3", "DTSEN", "2023-04", 4, None, None, None, True),  # latest: two records (members)
    ("F3", "DTSEN", "2023-04", 3, None, False, None, None),
    ("F5", "DTKS", "2023-03", None, True, True, False, False),  # no desil
    (None, "DTKS", "2023-02", 1, True, True, True, True),  # not matched to PK: ignored
]
DTKS = pd.DataFrame(
    {
        "id_keluarga_pk": pd.array([r[0] for r in RECORDS], dtype="string"),
        "sumber": pd.array([r[1] for r in RECORDS], dtype="string"),
        "periode": pd.array([r[2] for r in RECORDS], dtype="string"),
        "desil": pd.array([r[3] for r in RECORDS], dtype="Int64"),
        "status_dtks": pd.array([r[4] for r in RECORDS], dtype="boolean"),
        "pkh": pd.array([r[5] for r in RECORDS], dtype="boolean"),
        "bpnt_sembako": pd.array([r[6] for r in RECORDS], dtype="boolean"),
        "pbi_jk": pd.array([r[7] for r in RECORDS], dtype="boolean"),
        "blt": pd.array([None] * len(RECORDS), dtype="boolean"),
        "pip": pd.array([False] * len(RECORDS), dtype="boolean"),
        "cocok_pk": [r[0] is not None for r in RECORDS],
    }
)
TABLES = {"pk_keluarga": FAM, "pk_anggota": ANG, "dtks": DTKS}


def test_family_attributes():
    w = keluarga_kesejahteraan(TABLES, SETTINGS).set_index("id_keluarga")
    assert w.loc["F1", "sumber_kesejahteraan"] == "P3KE" and w.loc["F1", "desil"] == 2
    assert w.loc["F1", "pkh"] == False and w.loc["F1", "bpnt_sembako"] == True  # noqa: E712
    # the chosen P3KE record has no status, but F1's DTKS record (2023-01) says registered: a
    # registration does not depend on the source priority (issue 11)
    assert w.loc["F1", "status_dtks"] == True  # noqa: E712
    assert w.loc["F2", "sumber_kesejahteraan"] == "DTSEN" and w.loc["F2", "desil"] == 6
    assert w.loc["F2", "periode_kesejahteraan"] == "2023-04"
    # F3: latest DTSEN period 2023-04 holds two records → lowest desil 3, any-true flags
    assert w.loc["F3", "desil"] == 3
    assert w.loc["F3", "pbi_jk"] == True and w.loc["F3", "pkh"] == False  # noqa: E712
    assert pd.isna(w.loc["F3", "bpnt_sembako"])
    assert not w.loc["F4", "terdata"] and w.loc["F4", "kelompok_desil"] == "tidak terdata"
    assert w.loc["F5", "kelompok_desil"] == "tanpa desil" and w.loc["F5", "kurang_mampu"]
    assert w.loc["F6", "kelompok_desil"] == "tidak terdata"  # its record is unmatched
    # F2: desil 6 from DTSEN (priority), but its DTKS 2023-07 record is registered → kurang
    # mampu by status_dtks (§9.3 "desil 1–4 and/or status_dtks = ya")
    assert w.loc["F2", "status_dtks"] == True  # noqa: E712
    assert list(w["kurang_mampu"]) == [True, True, True, False, True, False]
    assert list(w["ada_dtsen"]) == [False, True, True, False, False, False]


def test_reference_date_and_priority_settings():
    custom = load_settings()
    custom["laporan"]["tanggal_referensi"] = "03-31"  # DTSEN 2023-04 is now in the future
    w = keluarga_kesejahteraan(TABLES, custom).set_index("id_keluarga")
    assert w.loc["F3", "desil"] == 5
    assert w.loc["F1", "sumber_kesejahteraan"] == "DTKS" and w.loc["F1", "desil"] == 3
    custom = load_settings()
    custom["kesejahteraan"]["prioritas_sumber"] = ["DTKS"]  # other sources ignored
    w = keluarga_kesejahteraan(TABLES, custom).set_index("id_keluarga")
    assert w.loc["F1", "desil"] == 3 and w.loc["F2", "desil"] == 1
    assert not w.loc["F3", "terdata"]
    custom = load_settings()
    custom["kesejahteraan"]["termasuk_status_dtks"] = False
    w = keluarga_kesejahteraan(TABLES, custom).set_index("id_keluarga")
    assert not w.loc["F5", "kurang_mampu"]  # status_dtks alone no longer counts


def test_reference_date_excludes_f2_dtks():
    custom = load_settings()
    custom["laporan"]["tanggal_referensi"] = "03-31"
    w = keluarga_kesejahteraan(TABLES, custom).set_index("id_keluarga")
    # F2 at 31 March: DTSEN 2023-04 and DTKS 2023-07 are later, DTSEN 2024-01 too → no record
    assert not w.loc["F2", "terdata"]


def test_income_proxy():
    status = status_penghasilan(TABLES, SETTINGS)
    assert list(status) == [
        "tidak berpenghasilan tetap",  # F1 (a)
        "berpenghasilan tetap",  # F2 head no_urut 1
        "tidak berpenghasilan tetap",  # F3 (b)
        "berpenghasilan tetap",  # F4 neither, head tetap
        "tidak diketahui",  # F5 unmapped occupation
        "tidak diketahui",  # F6 no head
    ]
    custom = load_settings()
    custom["penghasilan"]["gunakan_p04"] = False
    assert status_penghasilan(TABLES, custom).iloc[0] == "berpenghasilan tetap"
    custom["penghasilan"]["aturan"] = "lain"
    with pytest.raises(ValueError, match=r"penghasilan\.aturan"):
        status_penghasilan(TABLES, custom)


def test_counts_and_rates_by_area():
    counts = count_kesejahteraan(TABLES, SETTINGS)
    rates = rates_kesejahteraan(aggregate(counts, AREAS)).set_index("wilayah_id")
    kota = rates.loc["kota:36.72"]
    # desil: F1 2, F2 6, F3 3, F5 no desil, F4 and F6 tidak terdata
    assert (kota["n_desil_2"], kota["n_desil_3"], kota["n_desil_5_lebih"]) == (1, 1, 1)
    assert (kota["n_desil_tidak_ada"], kota["n_tidak_terdata"]) == (1, 2)
    # registration whatever the priority: F1 (DTKS 2023-01), F2 (DTKS 2023-07), F5
    assert kota["kurang_mampu_pct"] == pytest.approx(400 / 6)  # F1, F2, F3, F5 of 6
    assert kota["status_dtks_pct"] == 50.0  # F1, F2, F5
    assert kota["terdaftar_dtks_dtsen_pct"] == pytest.approx(400 / 6)  # F1, F2, F3 (DTSEN), F5
    assert kota["pkh_pct"] == pytest.approx(200 / 6)  # F2, F5
    # targeting: PKH eligible desil 1-4 = F1, F3; none receives PKH
    assert (kota["n_sasaran_pkh"], kota["n_pkh_sasaran"]) == (2, 0)
    assert kota["pkh_sasaran_pct"] == 0.0
    assert (kota["n_pkh_luar_sasaran"], kota["n_pkh_tanpa_desil"]) == (1, 1)  # F2 (6), F5
    # Sembako/PBI eligible desil 1-5 = F1, F3 (F2 has 6)
    assert kota["bpnt_sembako_sasaran_pct"] == 50.0  # F1
    assert kota["pbi_jk_sasaran_pct"] == 50.0  # F3; F2 outside
    assert kota["n_pbi_jk_luar_sasaran"] == 1
    # RTLH: F1, F4 false; F2, F5, F6 true; F3 unknown → 2 / 5
    assert kota["rtlh_pct"] == 40.0 and kota["n_rumah_tidak_diketahui"] == 1
    assert kota["tidak_berpenghasilan_tetap_pct"] == pytest.approx(100 / 3)
    assert kota["berpenghasilan_tetap_pct"] == pytest.approx(100 / 3)
    assert kota["penghasilan_tidak_diketahui_pct"] == pytest.approx(100 / 3)
    kkb = rates.loc["kkb:KKB-A"]  # F1-F3
    assert kkb["n_keluarga"] == 3 and kkb["kurang_mampu_pct"] == 100.0
    assert kkb["rtlh_pct"] == 50.0  # F1 of F1, F2 (F3 unknown)
    empty = rates.loc["kel:36.72.08.1001"]
    assert empty["n_keluarga"] == 0
    assert pd.isna(empty["kurang_mampu_pct"]) and pd.isna(empty["pkh_sasaran_pct"])


def test_missing_dtks_file():
    tables = {"pk_keluarga": FAM, "pk_anggota": ANG}
    rates = rates_kesejahteraan(aggregate(count_kesejahteraan(tables, SETTINGS), AREAS))
    kota = rates.set_index("wilayah_id").loc["kota:36.72"]
    # no welfare extract: registry rates are "data tidak cukup", not 0 % / 100 %
    assert kota["n_tidak_terdata"] == 6 and kota["n_keluarga_basis_dtks"] == 0
    for column in ("tidak_terdata_pct", "kurang_mampu_pct", "pkh_pct", "pkh_sasaran_pct"):
        assert pd.isna(kota[column]), column
    # … while RTLH and the income proxy do not need it
    assert kota["rtlh_pct"] == 40.0
    assert kota["berpenghasilan_tetap_pct"] == pytest.approx(100 / 3)
    counts = count_kesejahteraan({}, SETTINGS)
    assert counts.empty and "n_kurang_mampu" in counts.columns


RECORD = st.tuples(
    st.integers(0, 5),
    st.sampled_from(["DTKS", "P3KE", "DTSEN"]),
    st.sampled_from(["2022-12", "2023-01", "2023-06", "2024-01"]),
    st.one_of(st.none(), st.integers(1, 10)),
    st.sampled_from([True, False, None]),
    st.sampled_from([True, False, None]),
    st.sampled_from([True, False, None]),
    st.sampled_from([True, False, None]),
)


@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(RECORD, max_size=25))
def test_invariants(records):
    dtks = pd.DataFrame(
        {
            "id_keluarga_pk": pd.array([f"F{r[0] + 1}" for r in records], dtype="string"),
            "sumber": pd.array([r[1] for r in records], dtype="string"),
            "periode": pd.array([r[2] for r in records], dtype="string"),
            "desil": pd.array([r[3] for r in records], dtype="Int64"),
            "status_dtks": pd.array([r[4] for r in records], dtype="boolean"),
            "pkh": pd.array([r[5] for r in records], dtype="boolean"),
            "bpnt_sembako": pd.array([r[6] for r in records], dtype="boolean"),
            "pbi_jk": pd.array([r[7] for r in records], dtype="boolean"),
        }
    )
    tables = {"pk_keluarga": FAM, "pk_anggota": ANG, "dtks": dtks}
    agg = aggregate(count_kesejahteraan(tables, SETTINGS), AREAS)
    rates = rates_kesejahteraan(agg)
    a = agg.set_index("wilayah_id")
    distribution = [
        "n_desil_1",
        "n_desil_2",
        "n_desil_3",
        "n_desil_4",
        "n_desil_5_lebih",
        "n_desil_tidak_ada",
        "n_tidak_terdata",
    ]
    assert (a[distribution].sum(axis=1) == a["n_keluarga"]).all()
    income = [
        "n_tidak_berpenghasilan_tetap",
        "n_berpenghasilan_tetap",
        "n_penghasilan_tidak_diketahui",
    ]
    assert (a[income].sum(axis=1) == a["n_keluarga"]).all()
    for b in ("pkh", "bpnt_sembako", "pbi_jk"):
        parts = a[f"n_{b}_sasaran"] + a[f"n_{b}_luar_sasaran"] + a[f"n_{b}_tanpa_desil"]
        assert (parts == a[f"n_{b}"]).all()
        assert (a[f"n_{b}_sasaran"] <= a[f"n_sasaran_{b}"]).all()
    pct = rates[[c for c in rates.columns if c.endswith("_pct")]]
    values = pct.to_numpy(dtype="float64", na_value=float("nan"))
    finite = values[~pd.isna(values)]
    assert ((finite >= 0) & (finite <= 100 + 1e-9)).all()
    w = keluarga_kesejahteraan(tables, SETTINGS)
    # every family's desil comes from a record of its chosen source not after 2023-12
    for fam, row in w.set_index("id_keluarga").iterrows():
        if row["terdata"]:
            own = dtks[dtks["id_keluarga_pk"].eq(fam).to_numpy(bool)]
            own = own[(own["periode"] <= "2023-12").to_numpy(bool)]
            assert row["sumber_kesejahteraan"] in set(own["sumber"])
