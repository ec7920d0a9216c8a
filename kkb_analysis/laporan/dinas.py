"""The publishing agency as the documents print it: ONE home for the ``dokumen:`` settings.

Covers, the foreword (kata pengantar) and its signatory, the landing page, the profile's footer
and the PDF metadata all take the agency's name, logo, publication date, signatory and contact
from :func:`identitas_dinas`. Unset values have safe defaults: no logo, and a visible
placeholder instead of the publication date, the signatory's name and NIP and the contact, so an
unfinished document can't pass for a published, signed one (the build day is never printed as
the publication date: it would contradict the deadlines of the actions).
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kkb_analysis.config import (
    LOGO_JENIS,
    LOGO_MAKS_BYTE,
    PROJECT_ROOT,
    ConfigError,
    load_settings,
)
from kkb_analysis.laporan.format import format_tanggal

__all__ = [
    "PLACEHOLDER_KONTAK",
    "PLACEHOLDER_NAMA",
    "PLACEHOLDER_NIP",
    "PLACEHOLDER_TANGGAL",
    "Dinas",
    "identitas_dinas",
]

PLACEHOLDER_NAMA = "[Nama pejabat belum diisi]"
PLACEHOLDER_NIP = "[NIP belum diisi]"
PLACEHOLDER_TANGGAL = "[Tanggal terbit belum diisi]"
PLACEHOLDER_KONTAK = "[Kontak dinas belum diisi]"

#: Printed labels of the contact lines, in print order (keys of ``dokumen.kontak``).
LABEL_KONTAK = {"alamat": "Alamat", "telepon": "Telepon", "surel": "Surel", "situs": "Situs web"}


@dataclass(frozen=True)
class Dinas:
    """The agency, its signatory and contact, ready to print."""

    instansi: str
    instansi_singkat: str
    bidang: str
    kota: str
    logo_data_uri: str | None
    tanggal_terbit: dt.date | None  # None: dokumen.tanggal_terbit is not set
    penandatangan_nama: str
    penandatangan_jabatan: str
    penandatangan_nip: str
    penandatangan_lengkap: bool
    kontak: tuple[str, ...]

    @property
    def tanggal_terbit_teks(self) -> str:
        """ "7 Desember 2026", or the visible placeholder when no date is set."""
        if self.tanggal_terbit is None:
            return PLACEHOLDER_TANGGAL
        return format_tanggal(self.tanggal_terbit)

    @property
    def kontak_cetak(self) -> tuple[str, ...]:
        """The contact lines every document prints ("Telepon: …"), or the one visible
        placeholder line when no contact is set."""
        return self.kontak or (PLACEHOLDER_KONTAK,)


def _isi(v: Any) -> str | None:
    text = "" if v is None else str(v).strip()
    return text or None


def _logo(path_setting: Any) -> str | None:
    """The logo as a ``data:`` URI (documents stay offline), or None when unset."""
    text = _isi(path_setting)
    if text is None:
        return None
    path = Path(text)
    path = path if path.is_absolute() else PROJECT_ROOT / path
    jenis = LOGO_JENIS.get(path.suffix.lower())
    if jenis is None:
        raise ConfigError(
            f"Logo '{text}' (pengaturan dokumen.logo) bukan gambar PNG, JPG atau SVG. "
            "Simpan logo sebagai .png lalu isi path-nya, atau kosongkan (null)."
        )
    if not path.is_file():
        raise ConfigError(
            f"Berkas logo '{text}' (pengaturan dokumen.logo) tidak ditemukan di {path}. "
            "Periksa path-nya (relatif terhadap folder proyek), atau kosongkan (null)."
        )
    data = path.read_bytes()
    if len(data) > LOGO_MAKS_BYTE:
        raise ConfigError(
            f"Berkas logo '{text}' berukuran {len(data) / 1_048_576:.1f} MiB; batasnya "
            f"{LOGO_MAKS_BYTE // 1_048_576} MiB. Perkecil gambarnya lalu jalankan ulang."
        )
    return f"data:{jenis};base64,{base64.b64encode(data).decode('ascii')}"


def _tanggal(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str) and v.strip():
        return dt.date.fromisoformat(v.strip())  # the settings rule has checked the format
    return None


def identitas_dinas(pengaturan: Mapping[str, Any] | None = None) -> Dinas:
    """The agency of ``pengaturan`` (default: the settings in force)."""
    dok = (pengaturan if pengaturan is not None else load_settings()).get("dokumen") or {}
    ttd = dok.get("penandatangan") or {}
    nama, nip = _isi(ttd.get("nama")), _isi(ttd.get("nip"))
    kontak = dok.get("kontak") or {}
    return Dinas(
        instansi=str(dok.get("instansi") or ""),
        instansi_singkat=str(dok.get("instansi_singkat") or ""),
        bidang=str(dok.get("bidang") or ""),
        kota=str(dok.get("kota") or ""),
        logo_data_uri=_logo(dok.get("logo")),
        tanggal_terbit=_tanggal(dok.get("tanggal_terbit")),
        penandatangan_nama=nama or PLACEHOLDER_NAMA,
        penandatangan_jabatan=str(ttd.get("jabatan") or ""),
        penandatangan_nip=nip.replace(" ", "") if nip else PLACEHOLDER_NIP,
        penandatangan_lengkap=nama is not None and nip is not None,
        kontak=tuple(
            f"{label}: {_isi(kontak.get(k))}"
            for k, label in LABEL_KONTAK.items()
            if _isi(kontak.get(k))
        ),
    )
