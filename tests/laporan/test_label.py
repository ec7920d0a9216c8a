"""Labels of code columns are joined by the report layer, not stored (laporan/label.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kkb_analysis.laporan.label import tambah_label, tambah_label_semua


def test_domain_name_is_joined_after_its_code():
    kl = pd.DataFrame(
        {
            "kkb_id": ["A", "A", "A"],
            "no": [6, 8, 1],
            "domain": pd.array(["umkm_unggulan", "dtks", None], dtype="string"),
            "status": ["lengkap", "sebagian", "tidak ada"],
        }
    )
    out = tambah_label("out_kelengkapan", kl)
    assert list(out.columns) == ["kkb_id", "no", "domain", "nama_domain", "status"]
    assert out["nama_domain"].tolist()[:2] == ["UMKM unggulan", "DTKS"]
    assert pd.isna(out["nama_domain"].iloc[2])
    assert "nama_domain" not in kl.columns  # the input is not changed


def test_other_tables_and_old_builds_are_left_alone():
    lama = pd.DataFrame({"domain": ["dtks"], "nama_domain": ["nama lama"]})
    assert tambah_label("out_kelengkapan", lama)["nama_domain"].tolist() == ["nama lama"]
    lain = pd.DataFrame({"domain": ["dtks"]})
    semua = tambah_label_semua({"out_wilayah": lain, "out_kelengkapan": lain})
    assert list(semua["out_wilayah"].columns) == ["domain"]
    assert list(semua["out_kelengkapan"].columns) == ["domain", "nama_domain"]
    # an unknown code keeps its code as name
    tak = tambah_label("out_kelengkapan", pd.DataFrame({"domain": ["baru"]}))
    assert tak["nama_domain"].tolist() == ["baru"]


def test_intervention_labels_from_codes_and_code_lists():
    iv = pd.DataFrame(
        {
            "intervensi_id": ["i1", "i2"],
            "kategori_fungsi": pd.array(["6", None], dtype="string"),
            "sasaran_id": pd.array(["1, 5", None], dtype="string"),
            "instansi_id": pd.array(["5, 26", "1"], dtype="string"),
            "lintas_sektor": [True, True],
            "inpres_program": pd.array(["a", None], dtype="string"),
            "inpres_kegiatan_id": pd.array(["a.02", None], dtype="string"),
        }
    )
    out = tambah_label("out_intervensi", iv)
    assert list(out.columns) == [
        "intervensi_id",
        "kategori_fungsi",
        "kategori",
        "fungsi_keluarga",
        "sasaran_id",
        "sasaran",
        "instansi_id",
        "instansi",
        "lintas_sektor",
        "inpres_program",
        "nama_program",
        "inpres_kegiatan_id",
        "nama_kegiatan",
    ]
    satu = out.iloc[0]
    assert satu["kategori"] == "Kasih Sayang" and satu["fungsi_keluarga"] == "Cinta kasih"
    assert satu["sasaran"] == "Seluruh Penduduk; Balita"
    assert satu["instansi"] == "Dinas Dukcapil; OPD Pengendalian Penduduk dan KB"
    assert satu["nama_program"].startswith("Penyediaan data & peningkatan cakupan")
    assert satu["nama_kegiatan"] == "Pelayanan administrasi kependudukan"
    dua = out.iloc[1]
    assert dua["instansi"] == "Dinas Perhubungan"
    # a missing code has no label in the list (not "Tanpa program Inpres", which is the matrix's)
    for kolom in ("kategori", "fungsi_keluarga", "sasaran", "nama_program", "nama_kegiatan"):
        assert pd.isna(dua[kolom]), kolom


def test_matrix_function_zscore_and_ibangga_labels():
    kv = tambah_label(
        "out_konvergensi",
        pd.DataFrame(
            {
                "inpres_program": pd.array(["c", None], dtype="string"),
                "instansi_id": ["30", "5"],
                "n_intervensi": [1, 2],
            }
        ),
    )
    assert list(kv.columns) == [
        "inpres_program",
        "nama_program",
        "instansi_id",
        "nama_instansi",
        "n_intervensi",
    ]
    assert kv["nama_program"].tolist()[1] == "Tanpa program Inpres"
    assert kv["nama_instansi"].tolist() == ["Puskesmas", "Dinas Dukcapil"]
    fk = tambah_label("out_fungsi_keluarga", pd.DataFrame({"kategori_fungsi": ["2", "9"]}))
    assert fk["kategori"].tolist() == ["Pendidikan", "Lainnya"]
    assert fk["fungsi_keluarga"].tolist() == ["Sosialisasi dan pendidikan", "Lainnya"]
    z = tambah_label(
        "out_zscore",
        pd.DataFrame(
            {
                "bin_ke": [0, 9, 25],
                "z_bawah": [-np.inf, -2.0, 6.0],
                "z_atas": [-6.0, -1.5, np.inf],
                "n": [0, 3, 1],
            }
        ),
    )
    assert list(z.columns) == ["bin_ke", "z_bawah", "z_atas", "label", "n"]
    assert z["label"].tolist() == ["z < -6.0", "-2.0 ≤ z < -1.5", "z ≥ 6.0"]
    ib = tambah_label(
        "out_ibangga_variabel", pd.DataFrame({"variabel": ["v01_ibadah", "v16_rekreasi"]})
    )
    assert ib["nama"].tolist() == ["Menjalankan ibadah", "Rekreasi bersama"]
