"""One home for paths and run settings.

Paths default to the project tree and can be redirected with environment variables so that
tests and batch runs can point at temporary folders:

- ``KKB_DATA_DIR``: folder holding ``raw/`` and ``processed/`` (default ``<project>/data``)
- ``KKB_REPORTS_DIR``: report output folder (default ``<project>/reports``)
- ``KKB_PENGATURAN``: a YAML file overriding keys of the default settings
- ``KKB_SALT``: the pseudonymisation secret (see :func:`load_salt`)
"""

from __future__ import annotations

import copy
import logging
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = Path(__file__).resolve().parent
REFERENCE_DIR = PACKAGE_DIR / "referensi"
DEFAULT_SETTINGS_FILE = PACKAGE_DIR / "pengaturan.yaml"
LOCAL_SETTINGS_FILE = PROJECT_ROOT / "config" / "pengaturan.yaml"
NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
NOTEBOOK_LAPORAN = NOTEBOOK_DIR / "laporan_kkb.ipynb"
NOTEBOOK_REKAP = NOTEBOOK_DIR / "rekap_kota.ipynb"
LOCAL_SALT_FILE = PROJECT_ROOT / "config" / "salt.local"

SAMPLE_MARKER = "_SAMPEL_SINTETIS.txt"
# Public salt used only for the synthetic sample data; it protects nothing and says so.
DEMO_SALT = "DEMO-SALT-kkb-sampel-sintetis-BUKAN-RAHASIA"


class ConfigError(Exception):
    """A configuration problem the analyst must fix (message in Indonesian)."""


@dataclass(frozen=True)
class Paths:
    """Locations of the data layers and reports."""

    data: Path
    reports: Path

    @property
    def raw(self) -> Path:
        return self.data / "raw"

    @property
    def processed(self) -> Path:
        return self.data / "processed"

    def raw_year(self, year: int) -> Path:
        """Folder of the raw files of one data year (read-only for the pipeline)."""
        return self.raw / str(year)

    def processed_year(self, year: int) -> Path:
        """Folder of the processed tables of one data year (disposable)."""
        return self.processed / str(year)

    def quarantine_year(self, year: int) -> Path:
        return self.processed_year(year) / "karantina"

    def reports_year(self, year: int) -> Path:
        return self.reports / str(year)


def get_paths(data_dir: Path | str | None = None, reports_dir: Path | str | None = None) -> Paths:
    """Resolve the project paths: explicit arguments, then environment variables, then defaults."""
    data = data_dir or os.environ.get("KKB_DATA_DIR") or PROJECT_ROOT / "data"
    reports = reports_dir or os.environ.get("KKB_REPORTS_DIR") or PROJECT_ROOT / "reports"
    return Paths(data=Path(data).resolve(), reports=Path(reports).resolve())


def _merge(base: dict[str, Any], override: dict[str, Any], where: str, prefix: str = "") -> None:
    for key, value in override.items():
        name = f"{prefix}{key}"
        if key not in base:
            raise ConfigError(
                f"Pengaturan '{name}' di {where} tidak dikenal. Periksa ejaannya; daftar kunci "
                f"yang sah ada di {DEFAULT_SETTINGS_FILE.name} (lihat docs/metodologi.md)."
            )
        if isinstance(base[key], dict) and isinstance(value, dict):
            _merge(base[key], value, where, prefix=f"{name}.")
        else:
            base[key] = value


@cache
def _default_settings() -> dict[str, Any]:
    with DEFAULT_SETTINGS_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_settings(override_file: Path | str | None = None) -> dict[str, Any]:
    """Return the analysis settings: package defaults updated by the local override file."""
    settings = copy.deepcopy(_default_settings())
    candidate = override_file or os.environ.get("KKB_PENGATURAN")
    path = Path(candidate) if candidate else LOCAL_SETTINGS_FILE
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            override = yaml.safe_load(fh) or {}
        if not isinstance(override, dict):
            raise ConfigError(
                f"Berkas pengaturan {path} harus berisi pasangan kunci: nilai (YAML)."
            )
        _merge(settings, override, str(path))
        logger.info("Pengaturan lokal dipakai: %s", path)
    elif candidate:
        raise ConfigError(f"Berkas pengaturan {path} tidak ditemukan.")
    return settings


@cache
def load_reference(name: str) -> dict[str, Any]:
    """Load a built-in reference table (``wilayah`` or ``kode``) from ``kkb_analysis/referensi``."""
    with (REFERENCE_DIR / f"{name}.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@dataclass(frozen=True)
class Salt:
    """The pseudonymisation secret and whether it is the public demo salt."""

    value: bytes
    is_demo: bool


def load_salt(raw_year_dir: Path) -> Salt:
    """Find the pseudonymisation secret.

    Order: ``KKB_SALT`` environment variable, then the git-ignored ``config/salt.local``. The
    public demo salt is accepted only for the synthetic sample (a folder carrying the sample
    marker); real data without a secret stops with an explanation.
    """
    env = os.environ.get("KKB_SALT", "").strip()
    if env:
        return Salt(env.encode("utf-8"), is_demo=False)
    if LOCAL_SALT_FILE.is_file():
        value = LOCAL_SALT_FILE.read_text(encoding="utf-8").strip()
        if value:
            return Salt(value.encode("utf-8"), is_demo=False)
    if (raw_year_dir / SAMPLE_MARKER).is_file():
        logger.warning(
            "Data sampel sintetis: memakai salt demo publik (bukan rahasia). Untuk data nyata, "
            "isi KKB_SALT atau config/salt.local."
        )
        return Salt(DEMO_SALT.encode("utf-8"), is_demo=True)
    raise ConfigError(
        "Kunci pseudonimisasi (salt) belum diatur, sehingga NIK dan No. KK tidak dapat "
        "disandikan. Simpan satu kata sandi panjang yang rahasia di berkas config/salt.local "
        "(tidak ikut git) atau di variabel lingkungan KKB_SALT, lalu jalankan ulang. Pakai salt "
        "yang sama setiap tahun agar keluarga dapat ditautkan antar-tahun."
    )
