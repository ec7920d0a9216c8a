"""kkb_umkm.csv / .xlsx checks U1–U5 (data-contract.md §7.5) and the owner pseudonym (§4)."""

from __future__ import annotations

import hashlib
import hmac

import pandas as pd
from openpyxl import Workbook

from kkb_analysis.readers import read_raw_file
from kkb_analysis.sumber import kkb_umkm
from kkb_analysis.validation import ISSUE_COLUMNS, LoadResult, check_headers
from tests.conftest import (
    TEST_SALT,
    csv_text,
    ctx_with_kkb,
    issue_triples,
    load_clean,
    make_ctx,
    raw_from_text,
)

KKB_CSV = (
    "kkb_id,nama_kkb,kode_kelurahan,cakupan_wilayah,rw_list,status_aktif\n"
    "KKB-A,Panggung Rawi,36.72.05.1004,Desa,,ya\n"
    "KKB-B,Sukmajaya,36.72.05.1001,Desa,,ya\n"
)
COLUMNS = [c.name for c in kkb_umkm.SPEC.columns]
KK1, KK2, KK3 = "3672051234567890", "3672050987654321", "3672059999000011"


def expected_id(kk_digits: str) -> str:
    """HMAC-SHA-256(salt, no_kk + "#1"), written out independently of the package."""
    return hmac.new(TEST_SALT.value, (kk_digits + "#1").encode(), hashlib.sha256).hexdigest()


BASE = {
    "umkm_id": "U-1",
    "kkb_id": "KKB-A",
    "nama_usaha": "Keripik Emping Bu Ratna",
    "jenis_usaha": "Kuliner",
    "produk_unggulan": "Emping melinjo",
    "unggulan": "ya",
    "no_kk_pemilik": KK1,
    "anggota_uppka": "ya",
    "jumlah_tenaga_kerja": "3",
    "omzet_bulanan_kelas": "1-5jt",
    "nib": "ya",
    "pirt": "tidak",
    "halal": "",
    "pembinaan_opd": "Dinas Koperasi dan UKM",
    "bantuan_modal": "tidak",
}


def row(**over: str) -> dict[str, str]:
    return {**BASE, **over}


def to_csv(rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> str:
    return csv_text(rows, columns)


def kkb_ctx(tmp_path):
    return ctx_with_kkb(tmp_path, KKB_CSV)


def load_raw(raw, ctx):
    assert check_headers(raw, kkb_umkm.SPEC) == ([], [])
    result = kkb_umkm.load(raw, ctx)
    assert result.rows_read == result.rows_kept + result.rows_rejected
    ctx.results["kkb_umkm"] = result
    return result


def load(tmp_path, rows, ctx=None):
    ctx = ctx or kkb_ctx(tmp_path)
    return load_clean(kkb_umkm, tmp_path, to_csv(rows), ctx, len(rows))


def issues_of(issues: pd.DataFrame, line: int) -> list[tuple[str, str, str]]:
    return issue_triples(issues, line)


def assert_no_kk(result: LoadResult, *numbers: str) -> None:
    for frame in (result.table, result.quarantine, result.issues):
        text = frame.to_csv(index=False)
        for number in numbers:
            assert number not in text
            assert number[:15] not in text  # not even a truncated/masked form


# ---------------------------------------------------------------------------- clean + pseudonym
def test_clean_file_and_owner_pseudonym(tmp_path):
    rows = [
        row(),
        row(umkm_id="U-2", kkb_id="KKB-B", no_kk_pemilik="'3672 0509.8765 4321"),  # = KK2
        row(umkm_id="U-3", no_kk_pemilik="", jenis_usaha="pertanian/perikanan"),
    ]
    result = load(tmp_path, rows)
    assert result.issues.empty and result.quarantine.empty
    t = result.table.set_index("umkm_id")
    assert t.loc["U-1", "id_keluarga_pemilik"] == expected_id(KK1)
    assert t.loc["U-2", "id_keluarga_pemilik"] == expected_id(KK2)
    assert pd.isna(t.loc["U-3", "id_keluarga_pemilik"])
    assert t.loc["U-3", "jenis_usaha"] == "Pertanian/Perikanan"
    assert not t["flag_no_kk_pemilik_tidak_valid"].any()
    assert "no_kk_pemilik" not in result.table.columns
    assert bool(t.loc["U-1", "unggulan"]) and t.loc["U-1", "jumlah_tenaga_kerja"] == 3
    assert_no_kk(result, KK1, KK2)


def test_short_kk_flagged_but_still_hashed(tmp_path):
    """Like pk_keluarga F2: a KK number that is not 16 digits still links (flagged)."""
    result = load(tmp_path, [row(no_kk_pemilik="367205123456789")])
    assert issues_of(result.issues, 2) == [("no_kk_pemilik", "NO_KK_TIDAK_VALID", "tandai")]
    t = result.table.iloc[0]
    assert t["id_keluarga_pemilik"] == expected_id("367205123456789")
    assert t["flag_no_kk_pemilik_tidak_valid"]
    assert_no_kk(result, "367205123456789")


def test_scientific_notation_kk_not_used(tmp_path):
    rows = [row(), row(umkm_id="U-2", no_kk_pemilik="3.67205E+15"), row(umkm_id="U-3")]
    result = load(tmp_path, rows)  # 1 of 3 mangled: below validasi.ambang_kolom_rusak (0.5)
    assert issues_of(result.issues, 3) == [("no_kk_pemilik", "NO_KK_TIDAK_VALID", "tandai")]
    t = result.table.set_index("umkm_id")
    assert pd.isna(t.loc["U-2", "id_keluarga_pemilik"])
    assert t.loc["U-2", "flag_no_kk_pemilik_tidak_valid"]


# ---------------------------------------------------------------------------- tolak
def test_rejections(tmp_path):
    rows = [
        row(),  # 2 kept
        row(nama_usaha="Lain"),  # 3 U1 duplicate umkm_id
        row(umkm_id="U-3", kkb_id="KKB-X"),  # 4 U2
        row(umkm_id="U-4", jenis_usaha="Tambang"),  # 5 U3 tolak
        row(umkm_id="U-5", unggulan=""),  # 6 required bool empty
        row(umkm_id="U-6", omzet_bulanan_kelas="50jt", jumlah_tenaga_kerja="-2"),  # 7 kept
    ]
    result = load(tmp_path, rows)
    q = result.quarantine.set_index("baris_sumber")
    assert q["kode_alasan"].to_dict() == {
        3: "DUPLIKAT_KUNCI",
        4: "REFERENSI_TIDAK_ADA",
        5: "KODE_TIDAK_DIKENAL",
        6: "NILAI_WAJIB_KOSONG",
    }
    assert result.table["baris_sumber"].tolist() == [2, 7]
    assert issues_of(result.issues, 7) == [
        ("jumlah_tenaga_kerja", "DI_LUAR_RENTANG", "tandai"),
        ("omzet_bulanan_kelas", "KODE_TIDAK_DIKENAL", "tandai"),
    ]
    t = result.table.set_index("baris_sumber")
    assert pd.isna(t.loc[7, "omzet_bulanan_kelas"]) and pd.isna(t.loc[7, "jumlah_tenaga_kerja"])
    # the quarantine carries the pseudonymised owner key, never the KK number
    assert "no_kk_pemilik" not in result.quarantine.columns
    assert q.loc[4, "id_keluarga_pemilik"] == expected_id(KK1)
    assert_no_kk(result, KK1)


def test_kkb_file_absent(tmp_path):
    result = load(tmp_path, [row()], ctx=make_ctx(2023))
    assert result.quarantine["kode_alasan"].tolist() == ["REFERENSI_TIDAK_ADA"]


def test_missing_required_column_is_file_level(tmp_path):
    columns = [c for c in COLUMNS if c != "jenis_usaha"]
    raw = raw_from_text(tmp_path, to_csv([row()], columns), "kkb_umkm.csv")
    problems, _ = check_headers(raw, kkb_umkm.SPEC)
    assert [(p.code, p.column) for p in problems] == [("KOLOM_WAJIB_HILANG", "jenis_usaha")]


# ---------------------------------------------------------------------------- U4, U5
def pk_keluarga() -> LoadResult:
    table = pd.DataFrame(
        {
            "baris_sumber": [2, 3, 4],
            "id_keluarga": [expected_id(KK1), expected_id(KK2), expected_id(KK3)],
            "kkb_id": pd.array(["KKB-A", "KKB-A", pd.NA], dtype="string"),
        }
    )
    empty = pd.DataFrame(columns=ISSUE_COLUMNS)
    return LoadResult("pk_keluarga", "csv", table, pd.DataFrame(), empty, 3)


def test_u4_u5_owner_links(tmp_path):
    ctx = kkb_ctx(tmp_path)
    ctx.results["pk_keluarga"] = pk_keluarga()
    rows = [
        row(),  # 2 KK1 in KKB-A: fine
        row(umkm_id="U-2", kkb_id="KKB-B", no_kk_pemilik=KK2),  # 3 U5: family in KKB-A
        row(umkm_id="U-3", no_kk_pemilik=KK3),  # 4 U5: family outside every KKB
        row(umkm_id="U-4", no_kk_pemilik="3672050000000000"),  # 5 U4: not in PK
        row(umkm_id="U-5", no_kk_pemilik=""),  # 6 no owner given: nothing to check
    ]
    result = load(tmp_path, rows, ctx=ctx)
    kkb_umkm.check_links(ctx)
    issues = result.issues
    assert result.rows_kept == 5
    assert issues_of(issues, 2) == [] and issues_of(issues, 6) == []
    assert issues_of(issues, 3) == [("no_kk_pemilik", "INKONSISTEN", "tandai")]
    assert issues_of(issues, 4) == [("no_kk_pemilik", "INKONSISTEN", "tandai")]
    assert issues_of(issues, 5) == [("no_kk_pemilik", "INKONSISTEN", "tandai")]
    msgs = issues.set_index("baris_sumber")["pesan"]
    assert "KKB-A" in msgs[3] and "KKB-B" in msgs[3]
    assert "di luar KKB" in msgs[4]
    assert "tidak ditemukan" in msgs[5]
    t = result.table.set_index("umkm_id")
    assert t["flag_pemilik_tidak_ditemukan"].tolist() == [False, False, False, True, False]
    assert t["flag_pemilik_beda_kkb"].tolist() == [False, True, True, False, False]
    assert_no_kk(result, KK1, KK2, KK3)


def test_u4_u5_skipped_without_pk(tmp_path):
    ctx = kkb_ctx(tmp_path)
    result = load(tmp_path, [row()], ctx=ctx)
    kkb_umkm.check_links(ctx)
    assert result.issues.empty
    assert result.table["flag_pemilik_tidak_ditemukan"].isna().all()


# ---------------------------------------------------------------------------- XLSX
def write_xlsx(path, rows: list[list[object]]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for r in rows:
        ws.append(r)
    wb.save(path)


def xlsx_row(umkm_id: str, kk: object) -> list[object]:
    values = row(umkm_id=umkm_id)
    values["no_kk_pemilik"] = kk
    values["jumlah_tenaga_kerja"] = 3  # a numeric cell where a number belongs is fine
    return [values[c] for c in COLUMNS]


def test_xlsx_numeric_kk_cell_is_flagged_not_used(tmp_path):
    path = tmp_path / "kkb_umkm.xlsx"
    write_xlsx(
        path,
        [
            xlsx_row("U-1", KK1),  # text cell: used
            xlsx_row("U-2", int(KK2)),  # numeric cell: Excel may have rounded it
            xlsx_row("U-3", KK3),  # text cell: used
        ],
    )
    raw, problem = read_raw_file(path)
    assert problem is None and raw.fmt == "xlsx"
    result = load_raw(raw, kkb_ctx(tmp_path))
    assert result.problems == [] and result.rows_kept == 3 and result.fmt == "xlsx"
    assert issues_of(result.issues, 3) == [("no_kk_pemilik", "NO_KK_TIDAK_VALID", "tandai")]
    assert len(result.issues) == 1
    t = result.table.set_index("umkm_id")
    assert t.loc["U-1", "id_keluarga_pemilik"] == expected_id(KK1)
    assert pd.isna(t.loc["U-2", "id_keluarga_pemilik"])  # not silently hashed
    assert t["flag_no_kk_pemilik_tidak_valid"].tolist() == [False, True, False]
    assert t.loc["U-1", "jumlah_tenaga_kerja"] == 3
    assert_no_kk(result, KK1, KK2, KK3)


def test_xlsx_mostly_numeric_kk_column_is_file_level(tmp_path):
    path = tmp_path / "kkb_umkm.xlsx"
    rows = [xlsx_row("U-1", int(KK1)), xlsx_row("U-2", float(KK2)), xlsx_row("U-3", int(KK1) + 7)]
    write_xlsx(path, rows)  # three numeric KK cells: at least min_nilai_kolom_rusak values
    raw, problem = read_raw_file(path)
    assert problem is None
    result = load_raw(raw, kkb_ctx(tmp_path))
    assert [(p.code, p.column) for p in result.problems] == [
        ("FILE_TIDAK_TERBACA", "no_kk_pemilik")
    ]
    assert KK1 not in result.problems[0].message
