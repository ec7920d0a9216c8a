"""Fixtures shared by the report tests: the session's built sample city (both years, see
``tests/conftest.py``), and a collector for what report sections display."""

from __future__ import annotations

import pytest
from IPython import display as ipy_display


@pytest.fixture(scope="session")
def data_dir(kota_sampel):
    """The shared synthetic city built for 2022 and 2023 (read-only for the tests using it)."""
    return kota_sampel


@pytest.fixture
def tampil(monkeypatch):
    """Collect what the sections display instead of printing it."""
    objek: list = []
    monkeypatch.setattr(ipy_display, "display", lambda *o, **_: objek.extend(o))
    return objek
