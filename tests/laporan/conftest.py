"""Fixtures shared by the report tests: one small built city (both sample years), and a
collector for what report sections display."""

from __future__ import annotations

import pytest
from IPython import display as ipy_display

from kkb_analysis.config import get_paths
from kkb_analysis.pipeline import build_year, load_year
from kkb_analysis.sampel import generate_sample


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory):
    """A small synthetic city built for 2022 and 2023 (read-only for the tests using it)."""
    root = tmp_path_factory.mktemp("kota_laporan")
    generate_sample(root / "raw", scale=0.03)
    paths = get_paths(data_dir=root)
    for tahun in (2022, 2023):
        build_year(load_year(paths, tahun), paths)
    return root


@pytest.fixture
def tampil(monkeypatch):
    """Collect what the sections display instead of printing it."""
    objek: list = []
    monkeypatch.setattr(ipy_display, "display", lambda *o, **_: objek.extend(o))
    return objek
