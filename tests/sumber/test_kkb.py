"""kkb.csv checks K1–K10 (data-contract.md §7.1) on a hand-made file."""

from __future__ import annotations

from kkb_analysis.sumber import kkb
from kkb_analysis.validation import check_headers
from tests.conftest import make_ctx, raw_from_text

HEADER = (
    "kkb_id,nama_kkb,kode_kelurahan,cakupan_wilayah,rw_list,tanggal_pencanangan,regulasi_id,"
    "nomor_sk,kriteria_3_wilayah_khusus,kriteria_wilayah,latitude,longitude,status_aktif\n"
)
ROWS = [
    "KKB-A,Panggung Rawi,36.72.05.1004,Desa,,2017-05-02,3,SK-1,ya,industri;padat,-6.01,106.05,ya",
    "KKB-A,Duplikat,36.72.05.1001,Desa,,2017-05-02,3,SK-2,,,,,ya",  # K1
    "KKB-B,Luar kota,36.72.09.1001,Desa,,,,,,,,,ya",  # K2
    "KKB-C,RW rusak,36.72.01.1004,RW,3;x,,,,,,,,ya",  # K3
    "KKB-D,Cikerai RW,36.72.01.1004,RW,3;04,,,,,,,,ya",
    "KKB-E,Cikerai tumpang,36.72.01.1004,RW,004;005,,,,,,,,ya",  # K4 overlap with D
    "KKB-F,Cikerai nonaktif,36.72.01.1004,Desa,,,,,,,,,tidak",  # inactive: no overlap
    "KKB-G,Kepuh,36.72.04.1005,RW,,2024-01-01,3,,ya,,-7.5,106.0,ya",  # K5 K6 K7 K8 K9
]


def _load(tmp_path, rows=ROWS, year=2023):
    raw = raw_from_text(tmp_path, HEADER + "\n".join(rows) + "\n", "kkb.csv")
    assert check_headers(raw, kkb.SPEC)[0] == []
    return kkb.load(raw, make_ctx(year))


def test_rejections(tmp_path):
    result = _load(tmp_path)
    q = result.quarantine.set_index("baris_sumber")["kode_alasan"].to_dict()
    assert q == {
        3: "DUPLIKAT_KUNCI",
        4: "DI_LUAR_WILAYAH",
        5: "TIPE_TIDAK_VALID",
        7: "KKB_TUMPANG_TINDIH",
    }
    assert result.table["kkb_id"].tolist() == ["KKB-A", "KKB-D", "KKB-F", "KKB-G"]
    assert result.rows_read == 8 == result.rows_kept + result.rows_rejected


def test_derived_fields(tmp_path):
    t = _load(tmp_path).table.set_index("kkb_id")
    assert t.loc["KKB-D", "rw_list"] == "003;004"
    assert t.loc["KKB-A", "nama_kelurahan"] == "Panggung Rawi"
    assert t.loc["KKB-A", "nama_kecamatan"] == "Jombang"
    assert t.loc["KKB-A", "kode_kecamatan"] == "36.72.05"
    assert t.loc["KKB-A", "kode_kelurahan_bps"] == "3672031003"
    assert t.loc["KKB-A", "tahun_pembentukan"] == 2017
    assert t.loc["KKB-A", "kriteria_wilayah"] == "industri;padat"


def test_flags_on_kepuh(tmp_path):
    result = _load(tmp_path)
    flags = result.issues[result.issues["baris_sumber"].eq(9)]
    assert sorted(flags["kode_alasan"]) == sorted(
        ["INKONSISTEN", "DI_LUAR_RENTANG", "INKONSISTEN", "INKONSISTEN", "DI_LUAR_PERIODE"]
    )
    kepuh = result.table.set_index("kkb_id").loc["KKB-G"]
    assert kepuh.isna()["latitude"] and kepuh.isna()["longitude"]


def test_no_active_kkb_is_file_level(tmp_path):
    result = _load(tmp_path, rows=["KKB-F,Nonaktif,36.72.01.1004,Desa,,,,,,,,,tidak"])
    assert result.problems and result.problems[0].column == "status_aktif"
