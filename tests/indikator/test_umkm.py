"""UMKM unggulan per KKB (data-contract.md §7.5; kkb-primer.md §7 domain 6)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkb_analysis.config import load_settings
from kkb_analysis.indikator import umkm
from kkb_analysis.wilayah import aggregate, build_areas

SETTINGS = load_settings()
KEL_A, KEL_B, KEL_C = "36.72.05.1004", "36.72.05.1001", "36.72.01.1004"
KKB = pd.DataFrame(
    {
        "kkb_id": ["KKB-A", "KKB-B", "KKB-C"],
        "nama_kkb": ["Kampung KB A", "Kampung KB B", "Kampung KB C"],
        "kode_kelurahan": [KEL_A, KEL_B, KEL_C],
        "status_aktif": pd.array([True, True, True], dtype="boolean"),
    }
).astype({"kkb_id": "string", "nama_kkb": "string", "kode_kelurahan": "string"})

Y, T, N = True, False, None


def umkm_table(rows: list[tuple]) -> pd.DataFrame:
    """Rows as the loader keeps them (codes as strings, yes/no as nullable booleans)."""
    cols = [
        "umkm_id",
        "kkb_id",
        "nama_usaha",
        "jenis_usaha",
        "produk_unggulan",
        "unggulan",
        "nib",
        "pirt",
        "halal",
        "anggota_uppka",
        "bantuan_modal",
        "omzet_bulanan_kelas",
        "jumlah_tenaga_kerja",
    ]
    frame = pd.DataFrame(rows, columns=cols)
    out = frame.astype({c: "string" for c in [*cols[:5], "omzet_bulanan_kelas"]})
    for c in ("unggulan", "nib", "pirt", "halal", "anggota_uppka", "bantuan_modal"):
        out[c] = pd.array(frame[c].tolist(), dtype="boolean")
    out["jumlah_tenaga_kerja"] = pd.array(frame["jumlah_tenaga_kerja"].tolist(), dtype="Int64")
    out["pembinaan_opd"] = pd.array(
        ["Dinas Koperasi" if i == 0 else None for i in range(len(out))], dtype="string"
    )
    # personal-data derivatives that must never reach an output
    out["id_keluarga_pemilik"] = pd.array(["a" * 64] * len(out), dtype="string")
    out["flag_pemilik_beda_kkb"] = pd.array([False] * len(out), dtype="boolean")
    return out


# columns: id, kkb, nama, jenis, produk, unggulan, nib, pirt, halal, uppka, modal, omzet, tk
ROWS = [
    ("U1", "KKB-A", "Emping Bu Ratna", "Kuliner", "Emping melinjo", Y, Y, T, Y, Y, Y, "1-5jt", 3),
    ("U2", "KKB-A", "Anyaman Pak Dedi", "Kerajinan", "Tas anyaman", Y, T, T, N, T, N, "<1jt", 2),
    ("U3", "KKB-A", "Kue Bu Sari", "Kuliner", "Kue basah", T, Y, Y, Y, N, T, None, None),
    ("U4", "KKB-A", "Servis Motor Jaya", "Jasa", None, Y, N, N, N, Y, Y, "5-15jt", 5),
    ("U5", "KKB-B", "Batik Krakatau", "Fashion", "Batik", Y, Y, Y, Y, T, T, ">15jt", 10),
]
TABLES = {"kkb": KKB, "kkb_umkm": umkm_table(ROWS)}


def test_per_kkb_by_hand():
    out = umkm.umkm_per_kkb(TABLES, SETTINGS).set_index("kkb_id")
    a = out.loc["KKB-A"]
    # KKB-A: 4 UMKM listed, 3 unggulan (U1, U2, U4) → 75 %
    assert a["n_umkm"] == 4 and a["n_umkm_unggulan"] == 3
    assert a["umkm_unggulan_pct"] == 75.0
    # jenis: Kuliner U1+U3 = 2, Kerajinan 1, Jasa 1
    assert (a["n_umkm_jenis_kuliner"], a["n_umkm_jenis_kerajinan"], a["n_umkm_jenis_jasa"]) == (
        2,
        1,
        1,
    )
    assert a["n_umkm_jenis_fashion"] == 0
    # NIB: ya U1, U3 = 2 of 3 filled (U4 empty) → 66.67 %
    assert (a["n_umkm_nib"], a["n_umkm_nib_terisi"]) == (2, 3)
    assert a["nib_pct"] == pytest.approx(200 / 3)
    # PIRT: ya U3 = 1 of 3 filled → 33.3 %; halal: ya U1, U3 of 2 filled → 100 %
    assert a["pirt_pct"] == pytest.approx(100 / 3)
    assert (a["n_umkm_halal"], a["n_umkm_halal_terisi"], a["halal_pct"]) == (2, 2, 100.0)
    # UPPKA: ya U1, U4 of 3 filled (U3 empty) → 66.7 %; modal: ya U1, U4 of 3 filled (U2 empty)
    assert (a["n_umkm_uppka"], a["n_umkm_uppka_terisi"]) == (2, 3)
    assert a["uppka_pct"] == pytest.approx(200 / 3)
    assert a["bantuan_modal_pct"] == pytest.approx(200 / 3)
    # omzet known for U1 (1-5jt), U2 (<1jt), U4 (5-15jt): one third each, >15jt 0
    for band in ("kurang_1jt", "1_5jt", "5_15jt"):
        assert a[f"omzet_{band}_pct"] == pytest.approx(100 / 3)
    assert a["omzet_lebih_15jt_pct"] == 0.0
    # workers 3 + 2 + 5 = 10 over the 3 UMKM with a count
    assert (a["n_tenaga_kerja"], a["n_umkm_tenaga_kerja_terisi"]) == (10, 3)
    assert a["rasio_tenaga_kerja_per_umkm"] == pytest.approx(10 / 3)
    # products of the unggulan UMKM in business-name order (U4 has none, U3 is not unggulan)
    assert a["daftar_produk_unggulan"] == "Tas anyaman; Emping melinjo"

    b = out.loc["KKB-B"]
    assert (b["n_umkm"], b["n_umkm_unggulan"], b["nib_pct"], b["omzet_lebih_15jt_pct"]) == (
        1,
        1,
        100.0,
        100.0,
    )
    assert b["uppka_pct"] == 0.0  # a filled "tidak" is a real 0

    # KKB-C is active without UMKM: counts 0, indicators "data tidak cukup"
    c = out.loc["KKB-C"]
    assert c["n_umkm"] == 0 and c["n_tenaga_kerja"] == 0
    for col in umkm.RATE_COLUMNS:
        assert pd.isna(c[col]), col
    assert pd.isna(c["daftar_produk_unggulan"])


def test_missing_item_is_not_no():
    # KKB-A: PIRT filled for U1–U3 only; PIRT of KKB-B's single UMKM is ya → 100 %, not diluted
    out = umkm.umkm_per_kkb(TABLES, SETTINGS).set_index("kkb_id")
    assert out.loc["KKB-B", "pirt_pct"] == 100.0
    one = umkm_table([("X", "KKB-A", "X", "Jasa", None, T, N, N, N, N, N, None, None)])
    out = umkm.umkm_per_kkb({"kkb": KKB, "kkb_umkm": one}, SETTINGS).set_index("kkb_id")
    # nothing filled in → every share "data tidak cukup", the UMKM still counted
    assert out.loc["KKB-A", "n_umkm"] == 1
    assert pd.isna(out.loc["KKB-A", "nib_pct"]) and pd.isna(out.loc["KKB-A", "omzet_1_5jt_pct"])
    assert out.loc["KKB-A", "umkm_unggulan_pct"] == 0.0


def test_long_list_has_no_personal_data():
    out = umkm.long_umkm(TABLES, SETTINGS)
    assert list(out.columns) == umkm.LONG_COLUMNS
    assert "id_keluarga_pemilik" not in out.columns and "no_kk_pemilik" not in out.columns
    assert not any(c.startswith("flag_") for c in out.columns)
    # unggulan only, sorted by KKB then business name
    assert out["umkm_id"].tolist() == ["U2", "U1", "U4", "U5"]
    legal = dict(zip(out["umkm_id"], out["legalitas"], strict=True))
    assert legal["U1"] == "NIB, Halal"  # pirt tidak
    assert legal["U2"] == "belum ada"  # nib and pirt tidak, halal unknown
    assert pd.isna(legal["U4"])  # nothing known
    assert legal["U5"] == "NIB, PIRT, Halal"
    assert out.loc[out["umkm_id"].eq("U4"), "jumlah_tenaga_kerja"].item() == 5
    everything = umkm.long_umkm(TABLES, SETTINGS, hanya_unggulan=False)
    assert len(everything) == 5


def test_cell_to_area_to_rate():
    counts = umkm.count_umkm(TABLES, SETTINGS)
    # one cell per KKB with UMKM, placed in the KKB's kelurahan
    assert counts[["kode_kelurahan", "kkb_id"]].to_numpy().tolist() == [
        [KEL_B, "KKB-B"],
        [KEL_A, "KKB-A"],
    ]
    agg = aggregate(counts, build_areas(KKB))
    rates = umkm.rates_umkm(agg).set_index("wilayah_id")
    agg = agg.set_index("wilayah_id")
    assert agg.loc["kkb:KKB-A", "n_umkm"] == 4
    assert agg.loc["kel:" + KEL_A, "n_umkm"] == 4
    # KKB-A and KKB-B lie in the same kecamatan 36.72.05: 4 + 1 = 5 UMKM, 3 + 1 = 4 unggulan
    assert agg.loc["kec:36.72.05", "n_umkm"] == 5
    assert rates.loc["kec:36.72.05", "umkm_unggulan_pct"] == 80.0
    assert agg.loc["kota:36.72", "n_tenaga_kerja"] == 20
    # NIB city-wide: ya U1, U3, U5 = 3 of 4 filled → 75 %
    assert rates.loc["kota:36.72", "nib_pct"] == 75.0
    # UMKM are never outside a KKB: the rest of the kelurahan has no base → data tidak cukup
    assert agg.loc["sisa:KKB-A", "n_umkm"] == 0
    assert pd.isna(rates.loc["sisa:KKB-A", "umkm_unggulan_pct"])
    assert pd.isna(rates.loc["luar_kkb:36.72", "nib_pct"])


def test_absent_files():
    assert umkm_table([]).empty
    for tables in ({}, {"kkb": KKB}, {"kkb": KKB, "kkb_umkm": umkm_table([])}):
        per_kkb = umkm.umkm_per_kkb(tables, SETTINGS)
        assert per_kkb["n_umkm"].sum() == 0
        assert per_kkb[umkm.RATE_COLUMNS].isna().all().all()
        assert umkm.long_umkm(tables, SETTINGS).empty
        assert umkm.count_umkm(tables, SETTINGS).empty
    assert umkm.umkm_per_kkb({}, SETTINGS).empty  # no KKB known at all
    # the KKB list without UMKM still yields one row per active KKB
    assert len(umkm.umkm_per_kkb({"kkb": KKB}, SETTINGS)) == 3


def test_codes_in_sync_with_reference():
    assert set(umkm.JENIS_USAHA) == set(umkm.jenis_usaha_labels())


_row = st.tuples(
    st.sampled_from(["KKB-A", "KKB-B"]),
    st.sampled_from(list(umkm.JENIS_USAHA)),
    st.booleans(),
    *(st.sampled_from([Y, T, N]) for _ in range(5)),
    st.sampled_from([*umkm.OMZET, None]),
    st.one_of(st.none(), st.integers(0, 50)),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_row, max_size=12))
def test_invariants(rows):
    table = umkm_table(
        [
            (f"U{i}", k, f"Usaha {i}", j, f"Produk {i}", *rest)
            for i, (k, j, *rest) in enumerate(rows)
        ]
    )
    tables = {"kkb": KKB, "kkb_umkm": table}
    out = umkm.umkm_per_kkb(tables, SETTINGS)
    # counts reconcile: every UMKM once, each has one jenis, known bands ≤ UMKM
    assert out["n_umkm"].sum() == len(rows)
    jenis = out[[f"n_umkm_jenis_{s}" for s in umkm.JENIS_USAHA.values()]].sum(axis=1)
    assert (jenis == out["n_umkm"]).all()
    for s in umkm.STATUS.values():
        assert (out[f"n_umkm_{s}"] <= out[f"n_umkm_{s}_terisi"]).all()
        assert (out[f"n_umkm_{s}_terisi"] <= out["n_umkm"]).all()
    rates = out[[c for c in umkm.RATE_COLUMNS if c.endswith("_pct")]]
    assert ((rates.fillna(0) >= 0) & (rates.fillna(0) <= 100)).all().all()
    bands = out[[f"omzet_{s}_pct" for s in umkm.OMZET.values()]]
    known = bands.notna().all(axis=1)
    assert (bands[known].sum(axis=1) - 100).abs().max() < 1e-9 if known.any() else True
    # cells → city equals the per-KKB sum
    agg = aggregate(umkm.count_umkm(tables, SETTINGS), build_areas(KKB)).set_index("wilayah_id")
    for col in umkm.COUNT_COLUMNS:
        assert agg.loc["kota:36.72", col] == pytest.approx(out[col].sum())
    assert len(umkm.long_umkm(tables, SETTINGS)) == sum(1 for r in rows if r[2])
