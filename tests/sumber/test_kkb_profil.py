"""kkb_profil.csv checks P1–P10 (data-contract.md §7.2) and the raw counts (indicators.md §2.2–2.3).

Rows are built from the worked example of indicators.md §2.9 (a dict per row, written as CSV);
every expected value below is worked out by hand from the contract, not copied from the code.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kkb_analysis.readers import read_raw_file
from kkb_analysis.sumber import kkb, kkb_profil
from kkb_analysis.validation import LoadResult, check_headers
from tests.conftest import (
    csv_text,
    ctx_with_kkb,
    issue_triples,
    load_clean,
    make_ctx,
    raw_from_text,
)

KKB_CSV = (
    "kkb_id,nama_kkb,kode_kelurahan,cakupan_wilayah,rw_list,tanggal_pencanangan,regulasi_id,"
    "nomor_sk,status_aktif\n"
    "KKB-A,Panggung Rawi,36.72.05.1004,Desa,,2017-05-02,3,SK-1,ya\n"
    "KKB-B,Sukmajaya,36.72.05.1001,Desa,,2023-03-01,,,ya\n"
    "KKB-C,Kepuh,36.72.04.1005,Desa,,2018-01-01,,,ya\n"
    "KKB-D,Cikerai,36.72.01.1004,Desa,,2018-01-01,3,SK-4,ya\n"
    "KKB-E,Gerem,36.72.06.1004,Desa,,2018-01-01,,,tidak\n"
)
NIP, NAMA = "198001012005011001", "Siti Aminah Rahmawati"

OPS = [
    "op_rapat_perencanaan",
    "op_rapat_koordinasi",
    "op_sosialisasi",
    "op_monev",
    "op_laporan",
]
COLUMNS = [c.name for c in kkb_profil.SPEC.columns]

# indicators.md §2.9: pokja 15 members not trained; funding APBD, CSR, Swadaya; poktan BKB, BKR,
# BKL, PIK-R (no UPPKA); sekretariat only; PKB + regulasi; data PK + Data Rutin; 4 of 5 mechanisms.
WORKED = {
    "kkb_id": "KKB-A",
    "tahun": "2023",
    "bulan": "12",
    "pokja_ada": "ya",
    "pokja_sk_ada": "ya",
    "pokja_pelatihan": "tidak",
    "pokja_pelatihan_ket": "",
    "pokja_jumlah": "15",
    "pokja_terlatih": "0",
    "pkb_plkb_pendamping": "ya",
    "pkb_nip": NIP,
    "pkb_nama": NAMA,
    "pendamping_lain": "",
    "regulasi_ada": "ya",
    "rkm_ada": "ya",
    "penggunaan_data_ada": "ya",
    "poktan_bkb": "ya",
    "poktan_bkr": "ya",
    "poktan_bkl": "ya",
    "poktan_uppka": "tidak",
    "poktan_pikr": "ya",
    "sekretariat": "ya",
    "rumah_dataku": "tidak",
    "dana_apbn": "tidak",
    "dana_apbd": "ya",
    "dana_desa": "tidak",
    "dana_hibah": "tidak",
    "dana_csr": "ya",
    "dana_swadaya": "ya",
    "data_pk": "ya",
    "data_rutin_bkkbn": "ya",
    "data_potensi_desa": "tidak",
    "data_sektoral": "tidak",
    "data_lainnya": "tidak",
    "op_rapat_perencanaan": "ya",
    "op_rapat_koordinasi": "ya",
    "op_sosialisasi": "ya",
    "op_monev": "ya",
    "op_laporan": "tidak",
    "op_rapat_perencanaan_frekuensi": "Tahunan",
    "op_rapat_koordinasi_frekuensi": "Triwulan",
    "op_sosialisasi_frekuensi": "bulanan",  # label case-insensitive → "Bulanan"
    "op_monev_frekuensi": "Semesteran",
    "op_laporan_frekuensi": "",
}


def row(**over: str) -> dict[str, str]:
    return {**WORKED, **over}


def to_csv(rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> str:
    return csv_text(rows, columns)


def kkb_ctx(tmp_path, **settings):
    ctx = ctx_with_kkb(tmp_path, KKB_CSV, **settings)
    assert ctx.results["kkb"].rows_kept == 5
    return ctx


def load(tmp_path, rows, ctx=None):
    ctx = ctx or kkb_ctx(tmp_path)
    return load_clean(kkb_profil, tmp_path, to_csv(rows), ctx, len(rows))


def issues_of(result: LoadResult, line: int) -> list[tuple[str, str, str]]:
    return issue_triples(result.issues, line)


def assert_no_personal(result: LoadResult, *values: str) -> None:
    for frame in (result.table, result.quarantine, result.issues):
        text = frame.to_csv(index=False)
        for value in values:
            assert value not in text


# ---------------------------------------------------------------------------- clean file
def test_worked_example_counts(tmp_path):
    """indicators.md §2.9: n = 3 funding sources, 4 poktan, 1 sarana, 2 PKB, 2 data, 4 op."""
    result = load(tmp_path, [row(), row(kkb_id="KKB-D")])
    assert result.issues.empty and result.quarantine.empty
    t = result.table.set_index("kkb_id")
    assert t.loc["KKB-A", "n_sumber_dana"] == 3
    assert t.loc["KKB-A", "n_poktan"] == 4
    assert t.loc["KKB-A", "n_sarana"] == 1
    assert t.loc["KKB-A", "n_pkb"] == 2
    assert t.loc["KKB-A", "n_penggunaan_data"] == 2
    assert t.loc["KKB-A", "n_operasional"] == 4
    assert t.loc["KKB-A", "pokja_jumlah"] == 15
    assert bool(t.loc["KKB-A", "pokja_ada"]) and not bool(t.loc["KKB-A", "pokja_pelatihan"])
    assert t.loc["KKB-A", "op_sosialisasi_frekuensi"] == "Bulanan"
    assert pd.isna(t.loc["KKB-A", "op_laporan_frekuensi"])
    assert t["baris_sumber"].tolist() == [2, 3]


def test_personal_columns_dropped(tmp_path):
    result = load(tmp_path, [row(), row(kkb_id="KKB-X"), row(pokja_ada="mungkin")])
    assert "pkb_nip" not in result.table.columns and "pkb_nama" not in result.table.columns
    assert "pkb_nip" not in result.quarantine.columns
    assert "pkb_nama" not in result.quarantine.columns
    assert len(result.quarantine) == 2
    assert_no_personal(result, NIP, NAMA)


def test_pkb_nama_kept_only_when_approved(tmp_path):
    ctx = kkb_ctx(tmp_path, laporan__cetak_nama_pkb=True)
    result = load(tmp_path, [row(), row(kkb_id="KKB-X")], ctx=ctx)
    assert result.table["pkb_nama"].tolist() == [NAMA]
    assert "pkb_nip" not in result.table.columns
    for frame in (result.quarantine, result.issues):  # never outside the processed table
        assert NAMA not in frame.to_csv(index=False)
    assert NIP not in result.table.to_csv(index=False)


# ---------------------------------------------------------------------------- tolak
def test_rejections(tmp_path):
    rows = [
        row(),  # 2 kept
        row(kkb_id="KKB-X"),  # 3 P1: not in kkb.csv
        row(kkb_id="KKB-B", tahun="2022"),  # 4 P2
        row(),  # 5 P3: duplicate of line 2
        row(kkb_id="KKB-C", pokja_ada="mungkin"),  # 6 scoring field invalid → tolak
        row(kkb_id="KKB-D", pokja_jumlah="-1"),  # 7 pokja_jumlah ≥ 0
        row(kkb_id=""),  # 8 key empty
        row(kkb_id="KKB-E"),  # 9 inactive KKB: exists in kkb.csv → kept
    ]
    result = load(tmp_path, rows)
    q = result.quarantine.set_index("baris_sumber")["kode_alasan"].to_dict()
    assert q == {
        3: "REFERENSI_TIDAK_ADA",
        4: "TAHUN_TIDAK_SESUAI",
        5: "DUPLIKAT_KUNCI",
        6: "TIPE_TIDAK_VALID",
        7: "DI_LUAR_RENTANG",
        8: "NILAI_WAJIB_KOSONG",
    }
    assert result.table["baris_sumber"].tolist() == [2, 9]
    reason = result.quarantine.set_index("baris_sumber").loc[3, "alasan"]
    assert "KKB-X" in reason and "kkb" in reason
    # a quarantined row gets no cross-field flags (KKB-C has no regulasi_id: P9 would fire)
    assert issues_of(result, 6) == [("pokja_ada", "TIPE_TIDAK_VALID", "tolak")]


def test_duplicate_of_rejected_row_is_kept(tmp_path):
    """P3 keeps the first *kept* occurrence: a wrong-year row does not block a later good one."""
    result = load(tmp_path, [row(tahun="2022"), row()])
    assert result.quarantine["baris_sumber"].tolist() == [2]
    assert result.table["baris_sumber"].tolist() == [3]


def test_kkb_file_absent_rejects_everything_clearly(tmp_path):
    ctx = make_ctx(2023)
    ctx.results["kkb"] = LoadResult.absent("kkb", [c.name for c in kkb.SPEC.columns])
    result = load(tmp_path, [row(), row(kkb_id="KKB-B")], ctx=ctx)
    assert result.table.empty
    assert set(result.quarantine["kode_alasan"]) == {"REFERENSI_TIDAK_ADA"}
    assert result.quarantine["alasan"].str.contains("berkas kkb tidak ada").all()
    # the same without any kkb result at all
    ctx2 = make_ctx(2023)
    assert load(tmp_path, [row()], ctx=ctx2).rows_rejected == 1


# ---------------------------------------------------------------------------- tandai
def test_p4_empty_scoring_fields_default_and_flag(tmp_path):
    result = load(tmp_path, [row(dana_apbd="", pokja_jumlah="", poktan_bkb="")])
    assert result.rows_kept == 1
    t = result.table.iloc[0]
    assert t["pokja_jumlah"] == 0 and not t["dana_apbd"] and not t["poktan_bkb"]
    assert t["n_sumber_dana"] == 2 and t["n_poktan"] == 3
    assert issues_of(result, 2) == [
        ("dana_apbd", "NILAI_WAJIB_KOSONG", "tandai"),
        ("pokja_jumlah", "NILAI_WAJIB_KOSONG", "tandai"),
        ("poktan_bkb", "NILAI_WAJIB_KOSONG", "tandai"),
    ]


def test_p5_to_p9_flags(tmp_path):
    rows = [
        row(pokja_terlatih="20"),  # 2 P5: 20 > 15
        row(kkb_id="KKB-B", pokja_ada="tidak", pokja_jumlah="10", regulasi_ada="tidak"),  # 3 P6
        row(kkb_id="KKB-C", op_monev_frekuensi="", regulasi_ada="tidak"),  # 4 P7
        row(kkb_id="KKB-D", penggunaan_data_ada="tidak"),  # 5 P8 (data_pk = ya)
        row(kkb_id="KKB-E", regulasi_ada="ya"),  # 6 P9: KKB-E has no regulasi_id in kkb.csv
    ]
    result = load(tmp_path, rows)
    assert result.rows_kept == 5
    assert issues_of(result, 2) == [("pokja_terlatih", "INKONSISTEN", "tandai")]
    assert issues_of(result, 3) == [("pokja_ada", "INKONSISTEN", "tandai")]
    assert issues_of(result, 4) == [("op_monev_frekuensi", "NILAI_WAJIB_KOSONG", "tandai")]
    assert issues_of(result, 5) == [("penggunaan_data_ada", "INKONSISTEN", "tandai")]
    assert issues_of(result, 6) == [("regulasi_ada", "INKONSISTEN", "tandai")]
    t = result.table.set_index("baris_sumber")
    assert t.loc[2, "pokja_terlatih"] == 20  # flagged, not changed (P5 says tandai only)
    assert not t.loc[3, "pokja_ada"] and t.loc[3, "pokja_jumlah"] == 10  # scoring follows flag


def test_p9_agreement_is_not_flagged(tmp_path):
    # KKB-A has regulasi_id 3 → regulasi_ada ya agrees; KKB-B has none → tidak agrees
    result = load(tmp_path, [row(), row(kkb_id="KKB-B", regulasi_ada="tidak")])
    assert result.issues.empty


def test_kondisi_codes(tmp_path):
    rows = [
        row(op_rapat_perencanaan_frekuensi="Harian"),  # 2 unknown code → flag, missing
        row(kkb_id="KKB-B", pkb_plkb_pendamping="tidak", regulasi_ada="tidak"),  # 3 no pendamping
        row(
            kkb_id="KKB-C",
            pkb_plkb_pendamping="tidak",
            pendamping_lain="Kader",
            regulasi_ada="tidak",
        ),
        row(kkb_id="KKB-D", pendamping_lain="1"),  # 5 pendamping_lain although PKB assigned
    ]
    result = load(tmp_path, rows)
    assert result.rows_kept == 4
    t = result.table.set_index("baris_sumber")
    assert issues_of(result, 2) == [
        ("op_rapat_perencanaan_frekuensi", "KODE_TIDAK_DIKENAL", "tandai")
    ]
    assert pd.isna(t.loc[2, "op_rapat_perencanaan_frekuensi"])
    assert issues_of(result, 3) == [("pendamping_lain", "NILAI_WAJIB_KOSONG", "tandai")]
    assert issues_of(result, 4) == []
    assert t.loc[4, "pendamping_lain"] == "1"  # label "Kader" → code 1
    assert issues_of(result, 5) == [("pendamping_lain", "INKONSISTEN", "tandai")]
    assert t.loc[3, "n_pkb"] == 0 and t.loc[5, "n_pkb"] == 2


# ---------------------------------------------------------------------------- file level
def test_missing_scoring_column_is_file_level(tmp_path):
    columns = [c for c in COLUMNS if c != "dana_csr"]
    raw = raw_from_text(tmp_path, to_csv([row()], columns), "kkb_profil.csv")
    problems, _ = check_headers(raw, kkb_profil.SPEC)
    assert [(p.code, p.column) for p in problems] == [("KOLOM_WAJIB_HILANG", "dana_csr")]


def test_optional_columns_may_be_absent(tmp_path):
    optional = {"bulan", "pokja_sk_ada", "pokja_pelatihan_ket", "pokja_terlatih", "pkb_nip"}
    optional |= {"pkb_nama", "rkm_ada", "penggunaan_data_ada"}
    columns = [c for c in COLUMNS if c not in optional]
    raw = raw_from_text(tmp_path, to_csv([row()], columns), "kkb_profil.csv")
    assert check_headers(raw, kkb_profil.SPEC) == ([], [])
    result = kkb_profil.load(raw, kkb_ctx(tmp_path))
    assert result.rows_kept == 1 and result.issues.empty


def test_broken_typed_column_is_file_level(tmp_path):
    rows = [row(kkb_id=k, pokja_jumlah="lima belas") for k in ("KKB-A", "KKB-B", "KKB-C")]
    raw = raw_from_text(tmp_path, to_csv(rows), "kkb_profil.csv")
    result = kkb_profil.load(raw, kkb_ctx(tmp_path))
    assert [(p.code, p.column) for p in result.problems] == [("FILE_TIDAK_TERBACA", "pokja_jumlah")]


# ---------------------------------------------------------------------------- P10
def test_p10_missing_profiles(tmp_path):
    ctx = kkb_ctx(tmp_path)
    result = load(tmp_path, [row(), row(kkb_id="KKB-C"), row(kkb_id="KKB-E")], ctx=ctx)
    missing = kkb_profil.missing_profiles(result.table, ctx.table("kkb"), 2023)
    assert missing["kkb_id"].tolist() == ["KKB-B", "KKB-D"]  # KKB-E is inactive
    assert kkb_profil.missing_profiles(result.table, None, 2023).empty


@pytest.mark.parametrize(
    ("given", "n"),
    [({}, 0), ({"dana_apbn": "ya"}, 1), ({c: "ya" for c in kkb_profil.DANA}, 6)],
)
def test_n_sumber_dana_range(tmp_path, given, n):
    base = {c: "tidak" for c in kkb_profil.DANA}
    result = load(tmp_path, [row(**{**base, **given})])
    assert result.table["n_sumber_dana"].tolist() == [n]


# ---------------------------------------------------------------------------- file fixture
DATA = Path(__file__).resolve().parents[1] / "data"
KKB_PR = (
    "kkb_id,nama_kkb,kode_kelurahan,cakupan_wilayah,tanggal_pencanangan,regulasi_id,nomor_sk,"
    "status_aktif\n"
    "KKB-3672051004-01,Kampung KB Panggung Rawi,36.72.05.1004,Desa,2017-05-02,3,SK-1,ya\n"
)


def test_worked_example_file_fixture(tmp_path):
    """tests/data/kkb_profil/contoh_indikator_2_9.csv = indicators.md §2.9 (reusable later)."""
    ctx = make_ctx(2023)
    ctx.results["kkb"] = kkb.load(raw_from_text(tmp_path, KKB_PR, "kkb.csv"), ctx)
    raw, problem = read_raw_file(DATA / "kkb_profil" / "contoh_indikator_2_9.csv")
    assert problem is None and check_headers(raw, kkb_profil.SPEC) == ([], [])
    result = kkb_profil.load(raw, ctx)
    assert result.rows_kept == 1 and result.issues.empty
    counts = result.table.iloc[0][list(kkb_profil.COUNTS)].to_dict()
    assert counts == {
        "n_sumber_dana": 3,
        "n_poktan": 4,
        "n_sarana": 1,
        "n_pkb": 2,
        "n_penggunaan_data": 2,
        "n_operasional": 4,
    }
