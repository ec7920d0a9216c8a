"""One home for paths and run settings.

Paths default to the project tree and can be redirected with environment variables so that
tests and batch runs can point at temporary folders:

- ``KKB_DATA_DIR``: folder holding ``raw/`` and ``processed/`` (default ``<project>/data``)
- ``KKB_REPORTS_DIR``: report output folder (default ``<project>/reports``)
- ``KKB_PENGATURAN``: a YAML file overriding keys of the default settings
- ``KKB_SALT``: the pseudonymisation secret (see :func:`load_salt`)
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import hashlib
import json
import logging
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = Path(__file__).resolve().parent
REFERENCE_DIR = PACKAGE_DIR / "referensi"
DEFAULT_SETTINGS_FILE = PACKAGE_DIR / "pengaturan.yaml"
LOCAL_SETTINGS_FILE = PROJECT_ROOT / "config" / "pengaturan.yaml"
DEFAULT_TARGET_FILE = REFERENCE_DIR / "target.yaml"
LOCAL_TARGET_FILE = PROJECT_ROOT / "config" / "target.yaml"
NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
NOTEBOOK_PROFIL = NOTEBOOK_DIR / "profil_kkb.ipynb"
NOTEBOOK_LAPORAN = NOTEBOOK_DIR / "laporan_kkb.ipynb"
NOTEBOOK_LAMPIRAN = NOTEBOOK_DIR / "lampiran_kkb.ipynb"
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


# ------------------------------------------------------------------ small configuration files

_SAVE_AS_UTF8 = (
    "Buka berkas itu di Notepad (atau editor lain), pilih File → Save As, pilih Encoding "
    "'UTF-8', simpan, lalu jalankan ulang."
)


def letak_yaml(exc: yaml.MarkedYAMLError) -> str:
    """Where a YAML syntax error is, for a message: "baris 3, kolom 7" ("?" when unknown)."""
    mark = exc.problem_mark or exc.context_mark
    return f"baris {mark.line + 1}, kolom {mark.column + 1}" if mark else "?"


def _read_config_text(path: Path, what: str) -> str:
    """Read a small configuration file as UTF-8 text, with or without a byte-order mark.

    ``what`` names the file in messages ("Berkas pengaturan", "Berkas salt"). Every problem (a
    folder in place of the file, no read permission, UTF-16, Windows-1252 bytes) raises
    :class:`ConfigError` naming the file and what to do.
    """
    if path.is_dir():
        raise ConfigError(
            f"{what} {path} ternyata sebuah folder, bukan berkas teks. Hapus atau ganti nama "
            "folder itu, lalu buat berkas teks biasa dengan nama tersebut."
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"{what} {path} tidak dapat dibaca ({exc.strerror or exc}). Periksa izin berkas: "
            "pengguna yang menjalankan kkb harus boleh membacanya. Lalu jalankan ulang."
        ) from None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data:
        raise ConfigError(
            f"{what} {path} tersimpan dalam pengodean UTF-16 ('Unicode' di Notepad, atau hasil "
            f"'>' di Windows PowerShell) atau bukan berkas teks. {_SAVE_AS_UTF8}"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"{what} {path} bukan UTF-8 (byte tidak sah di baris {line}); kemungkinan tersimpan "
            f"sebagai ANSI/Windows-1252. {_SAVE_AS_UTF8}"
        ) from None


def _refuse_txt_twin(path: Path, what: str) -> None:
    """Stop when ``<name>.txt`` exists instead of ``<name>`` (Notepad adds ``.txt`` silently)."""
    twin = path.with_name(path.name + ".txt")
    if twin.exists() and not path.exists():
        raise ConfigError(
            f"{what} {path} tidak ada, tetapi ada {twin.name} di folder yang sama (Notepad "
            f"menambahkan '.txt' tanpa terlihat). Ganti nama berkas itu menjadi {path.name} "
            "(di Explorer aktifkan View → File name extensions), lalu jalankan ulang."
        )


# ------------------------------------------------------------------------------- settings
# A rule returns None when a value is acceptable, otherwise what the value must be (Indonesian).
Rule = Callable[[Any], str | None]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)


def _bounds(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f" {lo:g} s.d. {hi:g}"
    if lo is not None:
        return f" ≥ {lo:g}"
    return ""


def _within(value: float, lo: float | None, hi: float | None) -> bool:
    return (lo is None or value >= lo) and (hi is None or value <= hi)


def _int(lo: int | None = None, hi: int | None = None) -> Rule:
    def rule(v: Any) -> str | None:
        ok = _is_int(v) and _within(v, lo, hi)
        return None if ok else f"bilangan bulat{_bounds(lo, hi)}"

    return rule


def _number(lo: float | None = None, hi: float | None = None) -> Rule:
    def rule(v: Any) -> str | None:
        ok = _is_number(v) and _within(v, lo, hi)
        return None if ok else f"bilangan{_bounds(lo, hi)} (pakai titik desimal, mis. 0.5)"

    return rule


def _bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else "true atau false"


def _text(v: Any) -> str | None:
    return None if isinstance(v, str) and v.strip() else "teks yang tidak kosong"


def _choice(*choices: str, fold: bool = False) -> Rule:
    def rule(v: Any) -> str | None:
        ok = isinstance(v, str) and (v.strip().lower() if fold else v) in choices
        return None if ok else "salah satu dari: " + ", ".join(choices)

    return rule


def _pair(integer: bool, lo: float | None = None, hi: float | None = None) -> Rule:
    def rule(v: Any) -> str | None:
        check = _is_int if integer else _is_number
        ok = (
            isinstance(v, list)
            and len(v) == 2
            and all(check(x) and _within(x, lo, hi) for x in v)
            and v[0] <= v[1]
        )
        kind = "bilangan bulat" if integer else "bilangan"
        return None if ok else f"daftar dua {kind}{_bounds(lo, hi)} [awal, akhir], awal ≤ akhir"

    return rule


#: The indicators the city ranking may use (``peringkat.indikator``) and, all of them, its
#: default; read by :mod:`kkb_analysis.indikator.peringkat` (docs/metodologi.md §13.1).
INDIKATOR_PERINGKAT = (
    "index_input",
    "index_proses",
    "index_output",
    "indeks_ibangga",
    "krs_pct",
    "stunting_pct",
    "cpr_pct",
    "unmet_need_pct",
    "kelengkapan_pct",
    "konvergensi_pct",
)


def _choices_list(*choices: str, fold: bool = False) -> Rule:
    def rule(v: Any) -> str | None:
        ok = (
            isinstance(v, list)
            and len(v) > 0
            and all(isinstance(x, str) and (x.strip().lower() if fold else x) in choices for x in v)
            and len({x.strip().lower() if fold else x for x in v}) == len(v)
        )
        return None if ok else "daftar tanpa pengulangan dari: " + ", ".join(choices)

    return rule


def _codes(v: Any) -> str | None:
    ok = isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v)
    return None if ok else 'daftar kode dalam tanda kutip, mis. ["1", "8"]'


def _weights(v: Any) -> str | None:
    ok = (
        isinstance(v, list)
        and len(v) == 3
        and all(_is_number(x) and x >= 0 for x in v)
        and sum(v) > 0
    )
    return None if ok else "daftar tiga bilangan ≥ 0 (jumlahnya > 0)"


def _month_day(v: Any) -> str | None:
    match = re.fullmatch(r"(\d\d)-(\d\d)", v) if isinstance(v, str) else None
    ok = bool(match) and 1 <= int(match[1]) <= 12
    ok = ok and 1 <= int(match[2]) <= calendar.monthrange(2023, int(match[1]))[1]
    return (
        None if ok else 'tanggal "BB-HH" (bulan-hari, dalam tanda kutip; bukan 02-29), mis. "12-31"'
    )


def _iso_date(v: Any) -> str | None:
    if isinstance(v, dt.date):  # YAML reads an unquoted 2026-12-07 as a date
        return None
    if isinstance(v, str):
        try:
            dt.date.fromisoformat(v.strip())
            return None
        except ValueError:
            pass
    return 'tanggal "TTTT-BB-HH" dalam tanda kutip, mis. "2026-12-07"'


#: Logo files the documents can embed (mime type by extension) and their size limit.
LOGO_JENIS = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
LOGO_MAKS_BYTE = 2 * 1024 * 1024


def _image_path(v: Any) -> str | None:
    ok = isinstance(v, str) and Path(v.strip()).suffix.lower() in LOGO_JENIS
    return None if ok else 'path berkas gambar PNG, JPG atau SVG, mis. "config/logo.png"'


def _nip(v: Any) -> str | None:
    ok = isinstance(v, str | int) and re.fullmatch(r"\d{18}", str(v).replace(" ", "")) is not None
    return None if ok else '18 angka NIP dalam tanda kutip, mis. "197001012000031001"'


def _email(v: Any) -> str | None:
    ok = isinstance(v, str) and re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v.strip()) is not None
    return None if ok else "alamat surel, mis. dp3ap2kb@cilegon.go.id"


def _or_null(rule: Rule) -> Rule:
    def either(v: Any) -> str | None:
        return None if v is None else (f"null atau {rule(v)}" if rule(v) else None)

    return either


def _bulan_kkbpk(v: Any) -> str | None:
    ok = (isinstance(v, str) and v.strip().lower() == "terakhir") or (_is_int(v) and 1 <= v <= 12)
    return None if ok else "terakhir atau nomor bulan 1 s.d. 12"


def _belum_kawin(v: Any) -> str | None:
    ok = v is None or (isinstance(v, str) and v.strip().upper() in ("NA", "0", "1"))
    return None if ok or (_is_int(v) and v in (0, 1)) else "NA, 0 atau 1"


def _column_thresholds(v: Any) -> str | None:
    ok = (
        isinstance(v, list)
        and all(
            isinstance(x, dict)
            and len(x) == 1
            and all(
                isinstance(k, str) and k.strip() and _is_number(n) and n >= 0 for k, n in x.items()
            )
            for x in v
        )
        and len({k for x in v for k in x}) == len(v)
    )
    return (
        None
        if ok
        else "daftar baris '- kolom: nilai' (satu kolom per baris, tanpa pengulangan, nilai ≥ 0), "
        "mis. '- cpr_pct: 2.0'"
    )


_BULAN = ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus")
_BULAN += ("september", "oktober", "november", "desember", "tahun")


#: What each settings key accepts (dotted key → rule). Every leaf of pengaturan.yaml has a rule
#: (tests/test_config.py checks it); the consumers trust these checks.
def _instrumen(jenis: str) -> Rule:
    """Budget instruments of an area type: codes of ``referensi/aksi.yaml``, none of them
    reserved for another area type (a kelurahan never gets Dana Desa)."""

    def rule(v: Any) -> str | None:
        daftar = load_reference("aksi")["instrumen"]
        masalah = _choices_list(*daftar)(v)
        if masalah:
            return masalah
        lain = [k for k in v if daftar[k].get("jenis_desa", jenis) != jenis]
        if lain:
            return f"instrumen {', '.join(lain)} tidak dimiliki {jenis}"
        return None

    return rule


SETTING_RULES: dict[str, Rule] = {
    "umur.tanggal_referensi_pk": _month_day,
    "umur.balita_bulan": _pair(True, 0),
    "umur.baduta_bulan": _pair(True, 0),
    "umur.balita_krs_bulan": _pair(True, 0),
    "umur.remaja": _pair(True, 0),
    "umur.lansia_min": _int(0),
    "umur.sekolah.SD": _pair(True, 0),
    "umur.sekolah.SMP": _pair(True, 0),
    "umur.sekolah.SMA": _pair(True, 0),
    "umur.maksimum_tahun": _int(1),
    "pus.umur_istri": _pair(True, 0),
    "klasifikasi.pembulatan": _choice("half_even", "half_up"),
    "klasifikasi.bulan_kkbpk": _bulan_kkbpk,
    "klasifikasi.jendela_lintas_sektor_bulan": _or_null(_int(1)),
    "krs.faktor": _choices_list("air", "jamban", "muda", "tua", "dekat", "banyak"),
    "krs.aturan": _choice("minimal_satu"),
    "krs.jamban_bersama_layak": _bool,
    "ibangga.bobot": _weights,
    "ibangga.v4_agregasi": _choice("semua", "kepala"),
    "ibangga.v6_belum_kawin": _belum_kawin,
    "kesejahteraan.prioritas_sumber": _choices_list("DTSEN", "P3KE", "DTKS"),
    "kesejahteraan.desil_kurang_mampu": _pair(True, 1, 10),
    "kesejahteraan.termasuk_status_dtks": _bool,
    "kesejahteraan.desil_sasaran_pkh": _pair(True, 1, 10),
    "kesejahteraan.desil_sasaran_sembako_pbi": _pair(True, 1, 10),
    "penghasilan.gunakan_p04": _bool,
    "penghasilan.aturan": _choice("a_atau_b"),
    "penghasilan.pekerjaan_tidak_tetap": _codes,
    "penghasilan.pekerjaan_tetap": _codes,
    "kelengkapan.ambang": _number(0, 1),
    "kelengkapan.ambang_penghasilan": _number(0, 1),
    "konvergensi.jendela_bulan": _or_null(_int(1)),
    "peringkat.indikator": _choices_list(*INDIKATOR_PERINGKAT),
    "peringkat.beda_minimal": _number(0, 1),
    "laporan.tanggal_referensi": _month_day,
    "laporan.sel_kecil": _int(1),
    "laporan.cetak_nama_pkb": _bool,
    "laporan.nama_lembaga": _text,
    "dokumen.instansi": _text,
    "dokumen.instansi_singkat": _text,
    "dokumen.bidang": _text,
    "dokumen.kota": _text,
    "dokumen.logo": _or_null(_image_path),
    "dokumen.tanggal_terbit": _or_null(_iso_date),
    "dokumen.penandatangan.nama": _or_null(_text),
    "dokumen.penandatangan.jabatan": _text,
    "dokumen.penandatangan.nip": _or_null(_nip),
    "dokumen.kontak.alamat": _or_null(_text),
    "dokumen.kontak.telepon": _or_null(_text),
    "dokumen.kontak.surel": _or_null(_email),
    "dokumen.kontak.situs": _or_null(_text),
    "stunting.periode": _choices_list(*_BULAN, fold=True),
    "banding.n_kecil": _int(1),
    "banding.beda_bermakna.persen": _number(0),
    "banding.beda_bermakna.indeks": _number(0),
    "banding.beda_bermakna.skor": _number(0),
    "banding.beda_bermakna.rasio": _number(0),
    "banding.beda_bermakna.tahun": _number(0),
    "banding.beda_bermakna.cacah_relatif_pct": _number(0, 100),
    "banding.beda_bermakna_kolom": _column_thresholds,
    "target.sertakan_belum_terverifikasi": _bool,
    "aksi.tenggat_bulan": _int(1, 60),
    "aksi.instrumen.kelurahan": _instrumen("kelurahan"),
    "aksi.instrumen.desa": _instrumen("desa"),
    "validasi.ambang_kolom_rusak": _number(0, 1),
    "validasi.min_nilai_kolom_rusak": _int(1),
    "validasi.toleransi_usia_hari": _int(0),
    "validasi.toleransi_z": _number(0),
    "validasi.selisih_pus_kkbpk": _number(0),
    "validasi.kotak_koordinat.lintang": _pair(False, -90, 90),
    "validasi.kotak_koordinat.bujur": _pair(False, -180, 180),
    "validasi.luas_lantai_maks_m2": _number(0),
    "validasi.tinggi_cm": _pair(False, 0),
    "validasi.berat_kg": _pair(False, 0),
    "validasi.ukuran_berkas_maks_mib": _number(1),
    "validasi.maks_baris_ditolak_pct": _number(0, 100),
    "validasi.min_baris_ditolak_berkas": _int(1),
    "validasi.sel_maks_juta": _number(0.001),
    "validasi.xlsx_maks_baris": _int(1),
    "validasi.xlsx_maks_kolom": _int(1),
    "validasi.xlsx_maks_mib_terurai": _number(1),
    "validasi.xlsx_maks_rasio_kompresi": _number(1),
}

_KIND = {
    bool: "true/false",
    int: "bilangan bulat",
    float: "bilangan desimal",
    str: "teks",
    list: "daftar",
    dict: "bagian (kunci: nilai)",
    type(None): "kosong",
}


def _show(value: Any) -> str:
    """A short description of a YAML value for messages: its kind and how it reads."""
    kind = _KIND.get(type(value), type(value).__name__)
    text = json.dumps(value, ensure_ascii=False, default=str)
    if len(text) > 60:
        text = text[:57] + "..."
    return kind if value is None else f"{kind} {text}"


def _key_line(node: yaml.Node | None, parts: list[str]) -> int | None:
    """The 1-based line of the dotted key ``parts`` in a composed YAML document."""
    line = None
    for part in parts:
        if not isinstance(node, yaml.MappingNode):
            return line
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                line, node = key_node.start_mark.line + 1, value_node
                break
        else:
            return line
    return line


def _duplicate_keys(node: yaml.Node | None, defaults: Any, prefix: str = "") -> list[tuple]:
    """Keys written twice in one section (YAML would silently keep the last one)."""
    if not isinstance(node, yaml.MappingNode) or not isinstance(defaults, dict):
        return []
    found, seen = [], set()
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key in seen:
            found.append((key_node.start_mark.line + 1, f"{prefix}{key}", "ditulis dua kali"))
        seen.add(key)
        if key in defaults:
            found += _duplicate_keys(value_node, defaults[key], f"{prefix}{key}.")
    return found


def _check_override(
    override: dict, defaults: dict, node: yaml.Node | None, parts: tuple[str, ...] = ()
) -> list[tuple[int | None, str, str]]:
    """Every problem of an override section as (line, dotted key, Indonesian description)."""
    problems = []
    for key, value in override.items():
        name = ".".join([*parts, str(key)])
        line = _key_line(node, [*parts, str(key)])
        if not isinstance(key, str) or key not in defaults:
            valid = ", ".join(map(str, defaults))
            hint = (
                " — tulis bertingkat: bagian di satu baris, kuncinya di baris berikut dengan "
                "indentasi dua spasi"
                if "." in str(key)
                else ""
            )
            text = f"kunci tidak dikenal (periksa ejaannya){hint}; kunci yang sah di sini: {valid}"
            problems.append((line, name, text))
            continue
        default = defaults[key]
        if isinstance(default, dict):
            if value is None:  # a section whose keys are all commented out
                continue
            if not isinstance(value, dict):
                text = (
                    f"harus berupa bagian berisi kunci: nilai di bawahnya; tertulis {_show(value)}"
                )
                problems.append((line, name, text))
                continue
            problems += _check_override(value, default, node, (*parts, key))
            continue
        rule = SETTING_RULES.get(name) or _same_kind(default)
        expected = rule(value)
        if expected:
            shown = json.dumps(default, ensure_ascii=False)
            problems.append(
                (line, name, f"harus {expected}; tertulis {_show(value)} (bawaan: {shown})")
            )
    return problems


def _same_kind(default: Any) -> Rule:
    """Fallback rule for a key without an entry in SETTING_RULES: the default's kind."""

    def rule(v: Any) -> str | None:
        if default is None or type(v) is type(default):
            return None
        if isinstance(default, float) and _is_number(v):
            return None
        return _KIND.get(type(default), type(default).__name__)

    return rule


def _merge(base: dict[str, Any], override: dict[str, Any]) -> None:
    for key, value in override.items():
        if isinstance(base[key], dict):
            if isinstance(value, dict):
                _merge(base[key], value)
        else:
            base[key] = value


#: libyaml's C loader when PyYAML was built with it (7 × faster than the pure-Python loader:
#: every YAML file of the package in 0.06 s instead of 0.43 s, paid by every process and kernel
#: that starts); the same safe constructors and the same error marks (line, column).
_YAML_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def baca_yaml(teks: str) -> Any:
    """Parse YAML text with the safe loader (the fast C one when available). Raises
    :class:`yaml.YAMLError` (with ``problem_mark``) like :func:`yaml.safe_load`."""
    return yaml.load(teks, Loader=_YAML_LOADER)


def baca_yaml_berkas(path: Path) -> Any:
    """Parse one YAML file (UTF-8) with :func:`baca_yaml`."""
    return baca_yaml(Path(path).read_text(encoding="utf-8"))


@cache
def pengaturan_bawaan() -> dict[str, Any]:
    """The package default settings (``kkb_analysis/pengaturan.yaml``), parsed once per process.
    Shared: never modify it (``load_settings`` returns a deep copy merged with the override)."""
    return baca_yaml_berkas(DEFAULT_SETTINGS_FILE)


def _settings_error(path: Path, problems: list[tuple[int | None, str, str]]) -> ConfigError:
    lines = [f"Berkas pengaturan {path} tidak dapat dipakai ({len(problems)} masalah):"]
    for line, name, text in sorted(problems, key=lambda p: (p[0] or 0, p[1])):
        lines.append(f"  - {'baris ' + str(line) + ', ' if line else ''}'{name}': {text}.")
    lines.append(
        "Perbaiki berkas itu lalu jalankan ulang. Kunci yang sah, nilai bawaan dan artinya ada "
        f"di kkb_analysis/{DEFAULT_SETTINGS_FILE.name} (lihat juga docs/metodologi.md); "
        "hapus baris yang tidak ingin diubah."
    )
    return ConfigError("\n".join(lines))


def read_settings_override(path: Path) -> dict[str, Any]:
    """Read and check a settings override file; any problem raises :class:`ConfigError`.

    The file is UTF-8 YAML (a BOM is fine); syntax errors, keys written twice, unknown keys and
    values that break a rule of :data:`SETTING_RULES` are all reported at once with their line.
    """
    text = _read_config_text(path, "Berkas pengaturan")
    loader = _YAML_LOADER(text)
    try:
        node = loader.get_single_node()
        override = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        where = letak_yaml(exc)
        raise ConfigError(
            f"Berkas pengaturan {path} bukan YAML yang sah ({where}: {exc.problem or exc}). "
            "Periksa indentasi (pakai spasi, bukan tab), titik dua setelah setiap kunci, dan "
            "tanda kutip yang berpasangan; contoh penulisan ada di "
            f"kkb_analysis/{DEFAULT_SETTINGS_FILE.name}. Lalu jalankan ulang."
        ) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise ConfigError(
            f"Berkas pengaturan {path} bukan YAML yang sah ({type(exc).__name__}). Bandingkan "
            f"dengan contoh di kkb_analysis/{DEFAULT_SETTINGS_FILE.name}, lalu jalankan ulang."
        ) from None
    finally:
        loader.dispose()
    if override is None:  # empty, or only comments: nothing overridden
        # the shipped template is all comments: nothing to say in a normal run
        logger.debug("Berkas pengaturan %s kosong: semua nilai bawaan dipakai.", path)
        return {}
    if not isinstance(override, dict):
        text = f"harus berupa pasangan kunci: nilai; tertulis {_show(override)}"
        raise _settings_error(path, [(1, "(isi berkas)", text)])
    defaults = pengaturan_bawaan()
    problems = _duplicate_keys(node, defaults) + _check_override(override, defaults, node)
    if problems:
        raise _settings_error(path, problems)
    return override


def load_settings(override_file: Path | str | None = None) -> dict[str, Any]:
    """Return the analysis settings: package defaults updated by the local override file.

    The override file is ``override_file``, else ``KKB_PENGATURAN``, else
    ``config/pengaturan.yaml`` (optional). Problems raise :class:`ConfigError` (exit code 2).
    """
    settings = copy.deepcopy(pengaturan_bawaan())
    candidate = override_file or os.environ.get("KKB_PENGATURAN")
    path = Path(candidate) if candidate else LOCAL_SETTINGS_FILE
    if not path.exists() and not path.is_symlink():
        if candidate:
            raise ConfigError(
                f"Berkas pengaturan {path} tidak ditemukan. Periksa jalurnya (variabel "
                "KKB_PENGATURAN), atau kosongkan KKB_PENGATURAN agar config/pengaturan.yaml "
                "dipakai."
            )
        _refuse_txt_twin(path, "Berkas pengaturan")
        return settings
    try:
        isi = path.read_bytes()
    except OSError:  # a folder, a broken link, no permission: read_settings_override says which
        isi = None
    override = read_settings_override(path) if isi is None else _override_tersimpan(str(path), isi)
    _merge(settings, copy.deepcopy(override))
    return settings


@lru_cache(maxsize=8)
def _override_tersimpan(path: str, isi: bytes) -> dict[str, Any]:
    """The checked override file, read once per content and process (``isi``, its bytes, is
    the key: an edit is seen at once): ``load_settings`` is called by many steps of one run,
    and the file is then parsed, checked and announced ("Pengaturan lokal dipakai") once
    instead of at every call."""
    override = read_settings_override(Path(path))
    if override:  # said once per content, and only when it changes something
        logger.info("Pengaturan lokal dipakai: %s", path)
    return override


@cache
def load_reference(name: str) -> dict[str, Any]:
    """Load a built-in reference table (``wilayah`` or ``kode``) from ``kkb_analysis/referensi``."""
    return baca_yaml_berkas(REFERENCE_DIR / f"{name}.yaml")


# ----------------------------------------------------------------------- synthetic sample
#: Heading of the section of the sample marker that records the SHA-256 of every file written.
SAMPLE_HASH_HEADING = (
    "Sidik SHA-256 berkas sampel (jangan diubah; dicocokkan sebelum salt demo dipakai):"
)
_HASH_LINE = re.compile(r"([0-9a-f]{64})  ([^/\\]+)")
# Files an operating system or office program puts next to data files; never read as data.
_SYSTEM_FILES = {".ds_store", "thumbs.db", "desktop.ini"}
_LOCK_PREFIXES = ("~$", ".~lock.")


def sample_hash_section(hashes: dict[str, str]) -> str:
    """The marker section recording ``{file name: sha256}`` of the files the sampler wrote."""
    lines = [SAMPLE_HASH_HEADING, *(f"{h}  {name}" for name, h in sorted(hashes.items()))]
    return "\n".join(lines) + "\n"


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _recorded_hashes(marker_text: str) -> dict[str, str]:
    lines = marker_text.splitlines()
    if SAMPLE_HASH_HEADING not in lines:
        return {}
    section = lines[lines.index(SAMPLE_HASH_HEADING) + 1 :]
    return {m[2]: m[1] for m in map(_HASH_LINE.fullmatch, section) if m}


def sample_folder_problems(folder: Path) -> list[str]:
    """Why ``folder`` is not an untouched synthetic sample (empty list: it is one).

    An untouched sample carries :data:`SAMPLE_MARKER` listing the SHA-256 of every file the
    sampler wrote; every other entry of the folder must be one of those files with the same
    bytes. Only operating-system files (``Thumbs.db``, ``.DS_Store``, ``desktop.ini``) and office
    lock files (``~$…``, ``.~lock.…``) are ignored: they are never read as data. A listed file
    that was deleted is no problem (what is left was still written by the sampler).
    """
    try:
        recorded = _recorded_hashes(
            (folder / SAMPLE_MARKER).read_text(encoding="utf-8", errors="replace")
        )
        entries = sorted(folder.iterdir())
    except OSError as exc:
        return [f"folder atau penanda {SAMPLE_MARKER} tidak dapat dibaca ({exc.strerror or exc})"]
    if not recorded:
        return [
            f"{SAMPLE_MARKER} tidak memuat daftar sidik SHA-256 berkas sampel (dibuat oleh versi "
            "lama 'kkb sampel', atau diubah)"
        ]
    problems = []
    for entry in entries:
        name = entry.name
        if name == SAMPLE_MARKER or name.lower() in _SYSTEM_FILES:
            continue
        if name.startswith(_LOCK_PREFIXES) and entry.is_file():
            continue
        if not entry.is_file():
            problems.append(f"{name}/ (subfolder) bukan bagian dari sampel")
        elif name not in recorded:
            problems.append(f"{name} tidak dibuat oleh 'kkb sampel'")
        else:
            try:
                same = sha256_file(entry) == recorded[name]
            except OSError as exc:
                problems.append(f"{name} tidak dapat dibaca ({exc.strerror or exc})")
                continue
            if not same:
                problems.append(f"isi {name} berbeda dari yang ditulis 'kkb sampel'")
    return problems


# --------------------------------------------------------------------------------- salt
#: A salt must have at least this many characters, of which this many different ones.
MIN_SALT_LENGTH = 16
MIN_SALT_DISTINCT = 8
SALT_COMMAND = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'


def _salt_howto() -> str:
    """What to do to set a good salt (Indonesian)."""
    return (
        f"Buat salt acak yang kuat dengan perintah  {SALT_COMMAND}  lalu salin hasilnya sebagai "
        f"satu baris ke berkas {LOCAL_SALT_FILE} (simpan sebagai UTF-8; berkas ini tidak ikut git) "
        "atau ke variabel lingkungan KKB_SALT, lalu jalankan ulang. Simpan salinannya di tempat "
        "aman dan pakai salt yang sama setiap tahun: salt inilah yang menautkan keluarga "
        "antar-tahun."
    )


@dataclass(frozen=True)
class Salt:
    """The pseudonymisation secret and whether it is the public demo salt."""

    value: bytes
    is_demo: bool


def normalise_salt(text: str) -> str:
    """The secret as typed: byte-order marks and surrounding whitespace/line ends removed.

    The same pass phrase saved by Notepad (BOM, CRLF) or a Linux editor (LF) or exported in a
    shell gives the same secret.
    """
    return text.replace("\ufeff", "").strip()


def check_salt(value: str, where: str) -> str:
    """Return ``value`` if it is usable as a secret, else raise :class:`ConfigError`.

    ``where`` names the source in messages. The salt itself is never printed.
    """
    if not value:
        raise ConfigError(f"{where} ada tetapi kosong (atau hanya berisi spasi). {_salt_howto()}")
    if "\n" in value or "\r" in value:
        raise ConfigError(
            f"{where} berisi lebih dari satu baris. Salt harus satu baris saja, tanpa komentar. "
            f"{_salt_howto()}"
        )
    if value == DEMO_SALT:
        raise ConfigError(
            f"{where} berisi salt demo publik dari dokumentasi; salt itu bukan rahasia dan tidak "
            f"melindungi apa pun. {_salt_howto()}"
        )
    if len(value) < MIN_SALT_LENGTH or len(set(value)) < MIN_SALT_DISTINCT:
        raise ConfigError(
            f"{where} terlalu lemah: {len(value)} karakter dengan {len(set(value))} karakter "
            f"berbeda, padahal minimal {MIN_SALT_LENGTH} karakter dengan sedikitnya "
            f"{MIN_SALT_DISTINCT} karakter berbeda. Salt yang pendek atau mudah ditebak membuat "
            f"NIK dapat dibuka kembali dari tabel olahan. {_salt_howto()} Bila tahun-tahun lalu "
            "sudah dibangun dengan salt lama, bangun ulang semuanya dengan salt baru."
        )
    return value


def load_salt(raw_year_dir: Path) -> Salt:
    """Find the pseudonymisation secret for the raw files in ``raw_year_dir``.

    Order: ``KKB_SALT`` (an empty value counts as unset), then the git-ignored
    ``config/salt.local``; either must pass :func:`check_salt`. Without one, the public demo
    salt is used only for an untouched synthetic sample (:func:`sample_folder_problems` finds
    nothing); anything else stops with an explanation.
    """
    env = os.environ.get("KKB_SALT")
    if env:
        value = check_salt(normalise_salt(env), "Variabel lingkungan KKB_SALT")
        return Salt(value.encode("utf-8"), is_demo=False)
    if LOCAL_SALT_FILE.exists() or LOCAL_SALT_FILE.is_symlink():
        text = _read_config_text(LOCAL_SALT_FILE, "Berkas salt")
        value = check_salt(normalise_salt(text), f"Berkas salt {LOCAL_SALT_FILE}")
        return Salt(value.encode("utf-8"), is_demo=False)
    _refuse_txt_twin(LOCAL_SALT_FILE, "Berkas salt")
    if (raw_year_dir / SAMPLE_MARKER).exists():
        problems = sample_folder_problems(raw_year_dir)
        if not problems:
            logger.warning(
                "Data sampel sintetis: memakai salt demo publik (bukan rahasia). Untuk data "
                "nyata, isi KKB_SALT atau config/salt.local."
            )
            return Salt(DEMO_SALT.encode("utf-8"), is_demo=True)
        shown = problems[:10] + (
            [f"... dan {len(problems) - 10} lagi"] if len(problems) > 10 else []
        )
        raise ConfigError(
            "\n".join(
                [
                    f"Folder {raw_year_dir} memuat penanda data sampel ({SAMPLE_MARKER}), tetapi "
                    "isinya bukan lagi persis sampel buatan 'kkb sampel':",
                    *(f"  - {p}" for p in shown),
                    "Salt demo publik hanya dipakai untuk sampel yang tidak diubah: siapa pun yang "
                    "tahu salt demo dapat membuka kembali NIK dan No. KK dari tabel olahan. "
                    "Pilih salah satu:",
                    "  1. Data nyata: atur salt rahasia (lihat di bawah), lalu hapus berkas sampel "
                    f"dan {SAMPLE_MARKER} dari folder ini agar tidak tercampur dengan data nyata.",
                    "  2. Hanya mencoba sampel: keluarkan berkas yang bukan sampel dari folder "
                    "ini; bila isi berkas sampel berubah, buat ulang dengan 'kkb sampel --paksa'.",
                    _salt_howto(),
                ]
            )
        )
    raise ConfigError(
        "Kunci pseudonimisasi (salt) belum diatur, sehingga NIK dan No. KK tidak dapat "
        f"disandikan. {_salt_howto()}"
    )
