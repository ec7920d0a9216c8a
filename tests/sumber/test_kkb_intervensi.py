"""kkb_intervensi.csv checks I1–I9 (data-contract.md §7.4) and the vendored Inpres kegiatan list."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from kkb_analysis.config import load_reference
from kkb_analysis.readers import read_raw_file
from kkb_analysis.sumber import kkb, kkb_intervensi
from kkb_analysis.validation import check_headers
from tests.conftest import (
    csv_text,
    ctx_with_kkb,
    issue_triples,
    load_clean,
    make_ctx,
    raw_from_text,
)

KKB_CSV = (
    "kkb_id,nama_kkb,kode_kelurahan,cakupan_wilayah,rw_list,tanggal_pencanangan,status_aktif\n"
    "KKB-A,Panggung Rawi,36.72.05.1004,Desa,,2017-05-02,ya\n"
    "KKB-B,Sukmajaya,36.72.05.1001,Desa,,2023-03-01,ya\n"
    "KKB-C,Kepuh,36.72.04.1005,Desa,,,ya\n"
)
COLUMNS = [c.name for c in kkb_intervensi.SPEC.columns]
SECRET = "Ibu Siti Aminah (NIK 3672054107900001) hamil risiko tinggi"

BASE = {
    "intervensi_id": "INT-1",
    "kkb_id": "KKB-A",
    "tanggal": "2023-08-17",
    "judul": "Posyandu dan kelas BKB",
    "tempat": "Balai RW 03",
    "deskripsi": SECRET,
    "kategori_fungsi": "Pendidikan",
    "sasaran": "5;Keluarga yang memiliki Balita",
    "instansi": "Dinas Kesehatan;dinsos",
    "inpres_program": "",
    "inpres_kegiatan_id": "d.07",
    "jumlah_peserta": "40",
    "sumber_dana": "APBD",
    "jenis_post": "Kegiatan",
}


def row(**over: str) -> dict[str, str]:
    return {**BASE, **over}


def to_csv(rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> str:
    return csv_text(rows, columns)


def kkb_ctx(tmp_path):
    return ctx_with_kkb(tmp_path, KKB_CSV)


def load(tmp_path, rows, ctx=None, columns=COLUMNS):
    ctx = ctx or kkb_ctx(tmp_path)
    return load_clean(kkb_intervensi, tmp_path, to_csv(rows, columns), ctx, len(rows))


def issues_of(result, line: int) -> list[tuple[str, str, str]]:
    return issue_triples(result.issues, line)


# ---------------------------------------------------------------------------- clean + derived
def test_worked_example_instansi(tmp_path):
    """indicators.md §2.9: instansi {19, 20, 30, 5, 26} → 4 distinct non-KB instansi."""
    rows = [
        row(),  # 19 (name), 20 (Cilegon alias "dinsos")
        row(
            intervensi_id="INT-2",
            instansi="Puskesmas;DINAS_DUKCAPIL;26;19",  # name, portal alias (any case), id
            kategori_fungsi="3",
            inpres_program="C",
            inpres_kegiatan_id="C.05",
            tanggal="2023-09-01",
        ),
    ]
    result = load(tmp_path, rows)
    assert result.issues.empty and result.quarantine.empty
    t = result.table.set_index("intervensi_id")
    assert t.loc["INT-1", "instansi_ids"] == "19;20"
    assert t.loc["INT-2", "instansi_ids"] == "5;19;26;30"  # numeric order, not text order
    assert t.loc["INT-2", "instansi_non_kb"] == "5;19;30"
    non_kb = set(";".join(t["instansi_non_kb"]).split(";"))
    assert non_kb == {"5", "19", "20", "30"}  # n = 4 → proses_lintas_sektor 3 (later issue)
    assert t.loc["INT-1", "inpres_program"] == "d"  # filled from d.07
    assert (
        t.loc["INT-2", "inpres_program"] == "c" and t.loc["INT-2", "inpres_kegiatan_id"] == "c.05"
    )
    assert t.loc["INT-1", "kategori_fungsi"] == "2" and t.loc["INT-2", "kategori_fungsi"] == "3"
    assert t.loc["INT-1", "sasaran"] == "5;6"
    assert str(t.loc["INT-1", "tanggal"].date()) == "2023-08-17"
    assert t.loc["INT-1", "judul"] == "Posyandu dan kelas BKB"


def test_kb_only_instansi_has_no_non_kb(tmp_path):
    result = load(tmp_path, [row(instansi="odp_ppkb;Perwakilan BKKBN")])
    t = result.table.iloc[0]
    assert t["instansi_ids"] == "26;34" and pd.isna(t["instansi_non_kb"])


def test_deskripsi_dropped(tmp_path):
    result = load(tmp_path, [row(), row(intervensi_id="INT-2", kkb_id="KKB-X")])
    assert "deskripsi" not in result.table.columns
    assert "deskripsi" not in result.quarantine.columns
    for frame in (result.table, result.quarantine, result.issues):
        text = frame.to_csv(index=False)
        assert "Siti" not in text and "3672054107900001" not in text


def test_optional_columns_may_be_absent(tmp_path):
    columns = ["intervensi_id", "kkb_id", "tanggal", "judul", "kategori_fungsi"]
    result = load(tmp_path, [row()], columns=columns)
    assert result.rows_kept == 1
    assert issues_of(result, 2) == [("instansi", "NILAI_WAJIB_KOSONG", "tandai")]  # I9
    assert pd.isna(result.table.loc[0, "instansi_ids"])


def test_missing_required_column_is_file_level(tmp_path):
    columns = [c for c in COLUMNS if c != "kategori_fungsi"]
    raw = raw_from_text(tmp_path, to_csv([row()], columns), "kkb_intervensi.csv")
    problems, _ = check_headers(raw, kkb_intervensi.SPEC)
    assert [(p.code, p.column) for p in problems] == [("KOLOM_WAJIB_HILANG", "kategori_fungsi")]


def test_broken_date_column_is_file_level(tmp_path):
    rows = [row(intervensi_id=f"INT-{i}", tanggal=f"1{i}/08/2023") for i in range(3)]
    raw = raw_from_text(tmp_path, to_csv(rows), "kkb_intervensi.csv")
    result = kkb_intervensi.load(raw, kkb_ctx(tmp_path))
    assert [(p.code, p.column) for p in result.problems] == [("FILE_TIDAK_TERBACA", "tanggal")]


# ---------------------------------------------------------------------------- tolak
def test_rejections(tmp_path):
    rows = [
        row(),  # 2 kept
        row(),  # 3 I1 duplicate of line 2
        row(intervensi_id="INT-3", kkb_id="KKB-X"),  # 4 I2
        row(intervensi_id="INT-4", tanggal="17/08/2023"),  # 5 I3 unparseable
        row(intervensi_id="INT-5", tanggal=""),  # 6 I3 empty (required)
        row(intervensi_id="INT-6", kategori_fungsi="Olahraga"),  # 7 I4
        row(intervensi_id="INT-7", sasaran="2;Pemuda"),  # 8 I5 sasaran
        row(intervensi_id="INT-8", instansi="19;Dinas Rahasia;99"),  # 9 I5 instansi
        row(intervensi_id="INT-9", inpres_program="z", inpres_kegiatan_id=""),  # 10 I5 program
        row(intervensi_id="INT-10", inpres_kegiatan_id="d.16"),  # 11 I5 kegiatan (d ends at 15)
        row(intervensi_id="INT-11", inpres_program="c", inpres_kegiatan_id="d.07"),  # 12 I6
        row(intervensi_id="", judul=""),  # 13 key and judul empty
        row(intervensi_id="INT-13", jumlah_peserta="-5", sumber_dana="Arisan"),  # 14 kept, flags
    ]
    result = load(tmp_path, rows)
    q = result.quarantine.set_index("baris_sumber")
    assert q["kode_alasan"].to_dict() == {
        3: "DUPLIKAT_KUNCI",
        4: "REFERENSI_TIDAK_ADA",
        5: "TIPE_TIDAK_VALID",
        6: "NILAI_WAJIB_KOSONG",
        7: "KODE_TIDAK_DIKENAL",
        8: "KODE_TIDAK_DIKENAL",
        9: "KODE_TIDAK_DIKENAL",
        10: "KODE_TIDAK_DIKENAL",
        11: "KODE_TIDAK_DIKENAL",
        12: "INKONSISTEN",
        13: "NILAI_WAJIB_KOSONG",
    }
    assert result.table["baris_sumber"].tolist() == [2, 14]
    assert "'Pemuda'" in q.loc[8, "alasan"] and "'2'" not in q.loc[8, "alasan"]
    assert "teks 13 karakter berisi huruf dan spasi, '99'" in q.loc[9, "alasan"]
    assert "d.07" in q.loc[12, "alasan"] and "program c" in q.loc[12, "alasan"]
    assert issues_of(result, 14) == [  # optional columns: flag, value → missing (§3.3)
        ("jumlah_peserta", "DI_LUAR_RENTANG", "tandai"),
        ("sumber_dana", "KODE_TIDAK_DIKENAL", "tandai"),
    ]
    t = result.table.set_index("baris_sumber")
    assert pd.isna(t.loc[14, "jumlah_peserta"]) and pd.isna(t.loc[14, "sumber_dana"])


def test_kkb_file_absent(tmp_path):
    result = load(tmp_path, [row()], ctx=make_ctx(2023))
    assert result.quarantine["kode_alasan"].tolist() == ["REFERENSI_TIDAK_ADA"]
    assert "berkas kkb tidak ada" in result.quarantine.loc[0, "alasan"]


# ---------------------------------------------------------------------------- tandai
def test_flags(tmp_path):
    rows = [
        row(tanggal="2022-12-15"),  # 2 I7 outside the folder year (kept)
        row(intervensi_id="INT-2", kkb_id="KKB-B", tanggal="2023-02-01"),  # 3 I8 before launch
        row(intervensi_id="INT-3", kkb_id="KKB-B", tanggal="2023-03-01"),  # 4 launch day: fine
        row(intervensi_id="INT-4", instansi=""),  # 5 I9
        row(intervensi_id="INT-5", kkb_id="KKB-C"),  # 6 no launch date in kkb: no I8
        row(intervensi_id="INT-6", kkb_id="KKB-X", instansi=""),  # 7 rejected: no I9 flag
    ]
    result = load(tmp_path, rows)
    assert result.rows_kept == 5
    assert issues_of(result, 2) == [("tanggal", "DI_LUAR_PERIODE", "tandai")]
    assert issues_of(result, 3) == [("tanggal", "INKONSISTEN", "tandai")]
    assert "2023-03-01" in result.issues.set_index("baris_sumber").loc[3, "pesan"]
    assert issues_of(result, 4) == []
    assert issues_of(result, 5) == [("instansi", "NILAI_WAJIB_KOSONG", "tandai")]
    assert issues_of(result, 6) == []
    assert issues_of(result, 7) == [("kkb_id", "REFERENSI_TIDAK_ADA", "tolak")]


# ---------------------------------------------------------------------------- reference list
def test_inpres_kegiatan_reference():
    """kkb-primer.md Appendix A: 58 kegiatan, a 2, b 12, c 6, d 15, e 7, f 3, g 10, h 3."""
    ref = load_reference("inpres_kegiatan")
    rows = ref["kegiatan"]
    assert len(rows) == 58
    assert Counter(r["program"] for r in rows) == {
        "a": 2, "b": 12, "c": 6, "d": 15, "e": 7, "f": 3, "g": 10, "h": 3,
    }  # fmt: skip
    assert [r["nomor"] for r in rows] == list(range(1, 59))
    fields = {"kode", "nomor", "sasaran", "program", "kegiatan", "indikator", "penanggung_jawab"}
    sasaran = {"a": 1, "b": 2, "c": 3, "d": 3, "e": 3, "f": 3, "g": 3, "h": 4}
    for r in rows:
        assert fields <= set(r) and all(r[f] not in (None, "") for f in fields)
        assert r["kode"].startswith(r["program"] + ".") and r["sasaran"] == sasaran[r["program"]]
    assert len({r["kode"] for r in rows}) == 58
    by_code = {r["kode"]: r for r in rows}
    assert by_code["d.07"]["nomor"] == 27 and "balita" in by_code["d.07"]["kegiatan"]
    assert by_code["a.01"]["kegiatan"].endswith("(Rumah DataKu)")
    assert by_code["h.03"]["penanggung_jawab"] == "Kemenkes"
    assert set(ref["program"]) == set(load_reference("kode")["inpres_program"]["kode"])


# ---------------------------------------------------------------------------- file fixture
DATA = Path(__file__).resolve().parents[1] / "data"


def test_worked_example_file_fixture(tmp_path):
    """tests/data/kkb_intervensi/contoh_indikator_2_9.csv: instansi {19, 30}, {20}, {5, 26}."""
    ctx = make_ctx(2023)
    master = "kkb_id,nama_kkb,kode_kelurahan,cakupan_wilayah,tanggal_pencanangan,status_aktif\n"
    master += "KKB-3672051004-01,Kampung KB Panggung Rawi,36.72.05.1004,Desa,2017-05-02,ya\n"
    ctx.results["kkb"] = kkb.load(raw_from_text(tmp_path, master, "kkb.csv"), ctx)
    raw, problem = read_raw_file(DATA / "kkb_intervensi" / "contoh_indikator_2_9.csv")
    assert problem is None and check_headers(raw, kkb_intervensi.SPEC) == ([], [])
    result = kkb_intervensi.load(raw, ctx)
    assert result.rows_kept == 3 and result.issues.empty
    t = result.table
    assert t["instansi_ids"].tolist() == ["19;30", "20", "5;26"]
    assert t["instansi_non_kb"].tolist() == ["19;30", "20", "5"]
    distinct = {i for cell in t["instansi_non_kb"].dropna() for i in cell.split(";")}
    assert len(distinct) == 4  # "4 distinct non-KB instansi (26 excluded)"
    assert t["inpres_program"].tolist() == ["d", "f", "a"]
    assert t["kategori_fungsi"].tolist() == ["3", "4", "5"]
