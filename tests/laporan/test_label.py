"""Labels of code columns are joined by the report layer, not stored (laporan/label.py)."""

from __future__ import annotations

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
