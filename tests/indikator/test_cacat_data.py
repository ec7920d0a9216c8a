"""Data-layer defects of issue 11 item 4, each on a small hand-made fixture with values worked out
by hand from indicators.md and data-contract.md (never from the code's output)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kkb_analysis.config import load_settings
from kkb_analysis.indikator.hitung import compute_indicators
from kkb_analysis.pipeline import SOURCES
from kkb_analysis.validation import LoadResult
from tests.indikator.test_stunting import processed

SETTINGS = load_settings()
NAN = np.nan

# three whole-kelurahan KKB (empty rw_list) in three kelurahan of the reference list
KEL_1, KEL_2, KEL_3 = "36.72.05.1004", "36.72.01.1005", "36.72.06.1003"
KKB_3 = pd.DataFrame(
    {
        "kkb_id": ["KKB-1", "KKB-2", "KKB-3"],
        "nama_kkb": ["Satu", "Dua", "Tiga"],
        "kode_kelurahan": [KEL_1, KEL_2, KEL_3],
        "rw_list": pd.array([pd.NA, pd.NA, pd.NA], dtype="string"),
        "status_aktif": [True, True, True],
    }
)


def absent_tables(kkb: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every source absent (empty, right columns) except the KKB list."""
    tables = {}
    for module in SOURCES:
        columns = getattr(module, "OUTPUT_COLUMNS", module.SPEC.names)
        tables[module.SPEC.base] = LoadResult.absent(module.SPEC.base, list(columns)).table
    tables["kkb"] = kkb
    return tables


def wide_row(out: dict[str, pd.DataFrame], wilayah_id: str) -> pd.Series:
    return out["out_wilayah"].set_index("wilayah_id").loc[wilayah_id]


# ---------------------------------------------------------------------- 1. completeness domain 7
def test_completeness_domain_7_has_all_three_states():
    """§12.1 domain 7: "lengkap" with ≥ 1 child with a valid HAZ in the year; "sebagian" with
    e-PPGBM children but none with a valid HAZ; "tidak ada" without any child.

    KKB-1: one child, HAZ −1.0 → lengkap (1 valid of 1). KKB-2: one child weighed twice, never
    a height (HAZ missing) → sebagian (1 child, 0 valid). KKB-3: no e-PPGBM row → tidak ada.
    """
    tables = absent_tables(KKB_3)
    tables["eppgbm"] = processed(
        [
            {"anak_key": "a1", "kode_kelurahan": KEL_1, "kkb_id": "KKB-1", "zs_tbu_recalc": -1.0},
            {
                "anak_key": "b1",
                "kode_kelurahan": KEL_2,
                "kkb_id": "KKB-2",
                "tgl_ukur": "2023-03-01",
                "zs_tbu_recalc": NAN,
                "zs_bbtb_recalc": NAN,
            },
            {
                "anak_key": "b1",
                "kode_kelurahan": KEL_2,
                "kkb_id": "KKB-2",
                "tgl_ukur": "2023-09-01",
                "zs_tbu_recalc": NAN,
                "zs_bbtb_recalc": NAN,
            },
        ]
    )
    out = compute_indicators(tables, 2023, SETTINGS)
    status = {k: wide_row(out, f"kkb:{k}")["status_stunting"] for k in ("KKB-1", "KKB-2", "KKB-3")}
    assert status == {"KKB-1": "lengkap", "KKB-2": "sebagian", "KKB-3": "tidak ada"}
    long = out["out_kelengkapan"]
    d7 = long[long["domain"].eq("stunting")].set_index("kkb_id")
    # n_tercatat = e-PPGBM children of the year, n_memenuhi = those with a valid HAZ
    assert d7.loc["KKB-2", "n_tercatat"] == 1 and d7.loc["KKB-2", "n_memenuhi"] == 0
    assert d7.loc["KKB-1", "n_tercatat"] == 1 and d7.loc["KKB-1", "n_memenuhi"] == 1
    assert d7.loc["KKB-3", "n_tercatat"] == 0


# ---------------------------------------------------------------------- 2. unknown RW
KEL_4 = "36.72.08.1002"  # a kelurahan without any KKB
KKB_RW = pd.DataFrame(
    {
        "kkb_id": ["KKB-1"],
        "nama_kkb": ["Satu"],
        "kode_kelurahan": [KEL_1],
        "rw_list": pd.array(["001"], dtype="string"),  # an RW-level KKB: only RW 001
        "status_aktif": [True],
    }
)
# (kelurahan, rw, kkb_id as assigned on load by data-contract.md §5)
PLACES = [
    (KEL_1, "001", "KKB-1"),  # inside the KKB
    (KEL_1, "002", None),  # rest of the KKB's kelurahan
    (KEL_1, None, None),  # RW unknown in the KKB's kelurahan: kelurahan and city only
    (KEL_4, "003", None),  # another kelurahan, no KKB
    (KEL_4, None, None),  # RW unknown where no KKB exists: certainly outside every KKB
]
# expected count per area, by hand from the five places above
EXPECTED_RW = {
    "kkb:KKB-1": 1,
    "sisa:KKB-1": 1,  # only RW 002; not the unknown-RW row
    f"kel:{KEL_1}": 3,
    f"kec:{KEL_1[:8]}": 3,
    f"kel:{KEL_4}": 2,
    "kota:36.72": 5,
    "luar_kkb:36.72": 3,  # RW 002, KEL_4 RW 003 and KEL_4 without RW; not KEL_1 without RW
}


def _strings(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.astype({c: "string" for c in columns})


def test_unknown_rw_counts_for_kelurahan_and_city_only_in_every_source():
    """data-contract.md §5: a family (and its members and KB row) or an e-PPGBM child with an
    empty RW, in a kelurahan whose KKB covers only some RWs, counts for the kelurahan and the
    city only — not for "sisa kelurahan" and not for "kota di luar KKB"."""
    tables = absent_tables(KKB_RW)
    fam_ids = [f"k{i}" for i in range(len(PLACES))]
    place = pd.DataFrame(PLACES, columns=["kode_kelurahan", "rw", "kkb_id"])
    tables["pk_keluarga"] = _strings(
        place.assign(id_keluarga=fam_ids), ["kode_kelurahan", "rw", "kkb_id", "id_keluarga"]
    )
    tables["pk_anggota"] = _strings(
        place.assign(
            id_keluarga=fam_ids,
            id_anggota=[f"{k}:1" for k in fam_ids],
            jenis_kelamin="2",
            umur_tahun=30,
            umur_bulan=360.0,
        ),
        ["kode_kelurahan", "rw", "kkb_id", "id_keluarga", "id_anggota", "jenis_kelamin"],
    )
    tables["pk_kb"] = _strings(
        place.assign(id_keluarga=fam_ids, is_pus=True, ber_kb=True),
        ["kode_kelurahan", "rw", "kkb_id", "id_keluarga"],
    )
    tables["eppgbm"] = processed(
        [
            {"anak_key": f"c{i}", "kode_kelurahan": kel, "rw": rw, "kkb_id": kkb}
            for i, (kel, rw, kkb) in enumerate(PLACES)
        ]
    )
    out = compute_indicators(tables, 2023, SETTINGS)
    wide = out["out_wilayah"].set_index("wilayah_id")
    for column in ("n_keluarga", "n_penduduk", "n_pus", "n_balita_diukur"):
        got = {w: int(wide.loc[w, column]) for w in EXPECTED_RW}
        assert got == EXPECTED_RW, column
    # the HAZ distribution (a long table summed over the same cells) follows the same rule
    z = out["out_zscore"]
    z = z[z["indeks"].eq("tbu")].groupby("wilayah_id")["n"].sum()
    assert {w: int(z.get(w, 0)) for w in EXPECTED_RW} == EXPECTED_RW
    # the per-RW table of the KKB holds only its own RW
    rw = out["out_rw"]
    assert rw["kkb_id"].tolist() == ["KKB-1"] and rw["rw"].tolist() == ["001"]


# ---------------------------------------------------------------------- 3. DTKS matching
def test_every_family_on_a_kk_matches_and_registration_ignores_priority():
    """indicators.md §9.2/§9.3. K1 holds two PK families (no_urut_keluarga 1 and 2): its DTKS
    record (desil 2, registered) describes both. K2's family has a P3KE record (chosen by the
    priority DTSEN > P3KE > DTKS, no desil, no status) and a DTKS record (registered): it is
    registered in DTKS and so "kurang mampu". F4 is linked only through a member's NIK."""
    from kkb_analysis.indikator.kesejahteraan import keluarga_kesejahteraan

    keluarga = pd.DataFrame(
        {
            "id_keluarga": ["F1", "F2", "F3", "F4", "F5"],
            "id_kk": ["K1", "K1", "K2", "K3", "K4"],
            "kode_kelurahan": KEL_1,
            "tahun": 2023,
        }
    ).astype({"id_keluarga": "string", "id_kk": "string", "tahun": "Int64"})
    #        KK key, family linked on load, sumber, periode, desil, status_dtks
    records = [
        ("K1", "F1", "DTKS", "2023-03", 2, True),
        ("K2", "F3", "P3KE", "2023-06", None, None),
        ("K2", "F3", "DTKS", "2023-02", None, True),
        ("K9", "F4", "DTKS", "2023-05", 3, None),  # KK unknown to PK; member's NIK → F4
    ]
    dtks = pd.DataFrame(
        records,
        columns=["id_keluarga", "id_keluarga_pk", "sumber", "periode", "desil", "status_dtks"],
    )
    dtks = dtks.astype(
        {
            "id_keluarga": "string",
            "id_keluarga_pk": "string",
            "sumber": "string",
            "periode": "string",
            "desil": "Int64",
            "status_dtks": "boolean",
        }
    )
    w = keluarga_kesejahteraan({"pk_keluarga": keluarga, "dtks": dtks}, SETTINGS)
    w = w.set_index("id_keluarga")
    assert w["terdata"].tolist() == [True, True, True, True, False]
    assert w.loc["F2", "desil"] == 2 and w.loc["F2", "status_dtks"] == True  # noqa: E712
    assert w.loc["F3", "sumber_kesejahteraan"] == "P3KE"
    assert w.loc["F3", "kelompok_desil"] == "tanpa desil"
    assert w.loc["F3", "status_dtks"] == True  # noqa: E712
    assert w["kurang_mampu"].tolist() == [True, True, True, True, False]
    assert w.loc["F4", "desil"] == 3 and pd.isna(w.loc["F4", "status_dtks"])


def test_loaders_link_a_kk_record_to_every_family_on_the_kk(tmp_path):
    """On load every PK family gets its KK key ``id_kk`` = HMAC(no_kk + "#1") — the key of a
    welfare record of that KK. KK X holds families 1 and 2; KK Y only family 2 (no family 1):
    its record used to find no PK family at all."""
    from kkb_analysis.indikator.kesejahteraan import keluarga_kesejahteraan
    from kkb_analysis.sumber import dtks
    from tests.conftest import make_ctx
    from tests.sumber.test_dtks import HEADER as DTKS_HEADER
    from tests.sumber.test_dtks import _load as load_dtks
    from tests.sumber.test_pk_keluarga import HEADER as PK_HEADER
    from tests.sumber.test_pk_keluarga import expected_id, load_families

    kk_x, kk_y = "3672050101230011", "3672050101230012"
    fam = "36.72.05.1004,1,1,keluarga,2,2023-08-01,,,1,1,30,1,1,1"
    text = PK_HEADER + f"{kk_x},1,{fam}\n{kk_x},2,{fam}\n{kk_y},2,{fam}\n"
    ctx = make_ctx()
    fams = load_families(tmp_path, ctx, text).table
    assert fams["id_kk"].tolist() == [expected_id(kk_x), expected_id(kk_x), expected_id(kk_y)]
    assert fams["id_keluarga"].tolist()[2] == expected_id(kk_y, 2)
    rows = [f"{kk_x},,DTKS,2023-03,2,ya,,,,,,", f"{kk_y},,P3KE,2023-03,3,,,,,,,"]
    assert DTKS_HEADER.startswith("no_kk,nik,sumber,periode,desil,status_dtks")
    ctx.results["dtks"] = load_dtks(tmp_path, rows, ctx=ctx)
    dtks.check_links(ctx)
    linked = ctx.results["dtks"].table
    assert linked["cocok_pk"].tolist() == [True, True]
    assert linked["id_keluarga_pk"].tolist() == [expected_id(kk_x, 1), expected_id(kk_y, 2)]
    tables = {"pk_keluarga": fams, "dtks": linked}
    w = keluarga_kesejahteraan(tables, SETTINGS)
    assert w["desil"].tolist() == [2, 2, 3] and w["terdata"].all()


# ---------------------------------------------------------------------- 4. annual stunting
def test_annual_stunting_uses_the_latest_measurement_with_a_valid_height():
    """§7.7 with issue 11: per child the latest measurement of the year with a valid, unflagged
    HAZ; a child never measured for height counts as a child but in no HAZ denominator.

    a: March HAZ −2.5, November weighing only → March counts: stunted.
    b: February HAZ 6.5 (|z| > 6, implausible), June −1.0, September weighing only → June.
    c: weighed twice, never a height → child, not in the denominator.
    d: August HAZ −3.2 (its only, latest measurement) → stunted and severely stunted.
    Denominator 3 (a, b, d); stunted 2 (a, d) → 66.7 %; severe 1 (d). The former rule (latest
    visit as a whole) kept only d: denominator 1.
    """
    tables = absent_tables(KKB_3)
    child = {"kode_kelurahan": KEL_1, "kkb_id": "KKB-1"}
    tables["eppgbm"] = processed(
        [
            child | {"anak_key": "a", "tgl_ukur": "2023-03-10", "zs_tbu_recalc": -2.5},
            child | {"anak_key": "a", "tgl_ukur": "2023-11-10", "zs_tbu_recalc": NAN},
            child | {"anak_key": "b", "tgl_ukur": "2023-02-10", "zs_tbu_recalc": 6.5},
            child | {"anak_key": "b", "tgl_ukur": "2023-06-10", "zs_tbu_recalc": -1.0},
            child | {"anak_key": "b", "tgl_ukur": "2023-09-10", "zs_tbu_recalc": NAN},
            child | {"anak_key": "c", "tgl_ukur": "2023-04-10", "zs_tbu_recalc": NAN},
            child | {"anak_key": "c", "tgl_ukur": "2023-10-10", "zs_tbu_recalc": NAN},
            child | {"anak_key": "d", "tgl_ukur": "2023-08-10", "zs_tbu_recalc": -3.2},
        ]
    )
    kkb = wide_row(compute_indicators(tables, 2023, SETTINGS), "kkb:KKB-1")
    assert (kkb["n_anak_eppgbm"], kkb["n_balita_diukur"]) == (4, 3)
    assert (kkb["n_stunting"], kkb["n_stunting_berat"]) == (2, 1)
    assert abs(kkb["stunting_pct"] - 200 / 3) < 1e-9
    assert kkb["n_implausible_haz"] == 0  # b's implausible February value is not its latest
    # August (bulan timbang): only d was measured in August
    assert (kkb["n_balita_diukur_agustus"], kkb["n_stunting_agustus"]) == (1, 1)


def test_one_headline_stunting_figure_everywhere():
    """Every list a report or summary reads holds one stunting prevalence, the calendar-year
    ``stunting_pct``; no report module names a bulan-timbang prevalence."""
    from kkb_analysis.config import PROJECT_ROOT
    from kkb_analysis.indikator.katalog import DAFTAR, katalog

    for daftar in DAFTAR:
        stunting = [k for k in katalog().kolom_daftar(daftar) if k.startswith("stunting")]
        assert stunting in ([], ["stunting_pct"]), daftar
    assert "stunting_pct" in katalog().kolom_daftar("laporan")
    for path in (PROJECT_ROOT / "kkb_analysis" / "laporan").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for column in ("stunting_agustus_pct", "stunting_februari_pct"):
            assert column not in text, (path.name, column)


# ---------------------------------------------------------------------- 5. MUKP
def test_mukp_is_the_interpolated_grouped_median():
    """Median of grouped data with whole-year classes [a, a + 1): L + (n/2 − CF) / f × 1.

    KKB A: ages 19 ×2, 20 ×3, 21 ×5, 22 ×2 (n = 12): n/2 = 6; cumulative 2, 5, 10 → class 21,
    CF = 5, f = 5 → 21 + (6 − 5) / 5 = 21.2. KKB B: 20 ×2, 21 ×5, 22 ×3 (n = 10): n/2 = 5;
    cumulative 2, 7 → class 21, CF = 2, f = 5 → 21 + 3 / 5 = 21.6. The plain median of the whole
    years is 21 for both, which is why every area read 21.0."""
    from kkb_analysis.indikator import kb

    ages = {
        "ukp_19": [2, 0],
        "ukp_20": [3, 2],
        "ukp_21": [5, 5],
        "ukp_22": [2, 3],
        "ukp_23": [0, 0],
    }
    hist = pd.DataFrame(ages)
    got = kb.mukp(hist).tolist()
    assert got == [pytest.approx(21.2), pytest.approx(21.6)]
    # the same from PK rows through the cell framework (women of pk_kb, issue 11 item 5)
    rows = [("KKB-1", KEL_1, a) for a, k in ((19, 2), (20, 3), (21, 5), (22, 2)) for _ in range(k)]
    rows += [("KKB-2", KEL_2, a) for a, k in ((20, 2), (21, 5), (22, 3)) for _ in range(k)]
    pk_kb = pd.DataFrame(rows, columns=["kkb_id", "kode_kelurahan", "usia_kawin_pertama"])
    tables = absent_tables(KKB_3)
    tables["pk_kb"] = pk_kb.astype({"kkb_id": "string", "kode_kelurahan": "string"})
    out = compute_indicators(tables, 2023, SETTINGS)
    assert wide_row(out, "kkb:KKB-1")["mukp_tahun"] == pytest.approx(21.2)
    assert wide_row(out, "kkb:KKB-2")["mukp_tahun"] == pytest.approx(21.6)
    # city: 22 women; n/2 = 11; cumulative 2 (19), 7 (20), 17 (21) → 21 + (11 − 7) / 10 = 21.4
    assert wide_row(out, "kota:36.72")["mukp_tahun"] == pytest.approx(21.4)
