"""referensi/skema_keluaran.yaml is generated from the computation (tools/skema_keluaran.py);
this test fails when the committed declaration is stale."""

from __future__ import annotations

import importlib.util

from kkb_analysis.config import PROJECT_ROOT
from kkb_analysis.indikator.hitung import SCHEMA_FILE, schema_text


def _alat():
    spec = importlib.util.spec_from_file_location(
        "skema_keluaran", PROJECT_ROOT / "tools" / "skema_keluaran.py"
    )
    modul = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modul)
    return modul


def test_declared_schema_matches_the_computation(data_dir):
    kolom = _alat().output_columns(data_dir, 2023)
    assert schema_text(kolom) == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "referensi/skema_keluaran.yaml is stale: run 'make skema' (= bash run.sh skema)"
    )


def test_a_new_column_makes_the_schema_stale(data_dir):
    kolom = _alat().output_columns(data_dir, 2023)
    kolom["out_wilayah"].append("kolom_baru_pct")
    assert schema_text(kolom) != SCHEMA_FILE.read_text(encoding="utf-8")
