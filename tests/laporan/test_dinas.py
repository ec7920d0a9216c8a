"""The agency settings (``dokumen:``) as the documents print them (laporan/dinas.py)."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import pytest

from kkb_analysis.config import ConfigError, load_settings
from kkb_analysis.laporan.dinas import (
    PLACEHOLDER_KONTAK,
    PLACEHOLDER_NAMA,
    PLACEHOLDER_NIP,
    PLACEHOLDER_TANGGAL,
    identitas_dinas,
)


def _pengaturan(tmp_path: Path, teks: str) -> dict:
    berkas = tmp_path / "pengaturan.yaml"
    berkas.write_text(teks, encoding="utf-8")
    return load_settings(berkas)


def test_defaults_are_safe_and_visible_placeholders():
    d = identitas_dinas(load_settings())
    assert d.instansi_singkat == "DP3AP2KB Kota Cilegon"
    assert d.logo_data_uri is None
    # review 4: no date set → a visible placeholder, never the day the documents are built
    assert d.tanggal_terbit is None
    assert d.tanggal_terbit_teks == "[Tanggal terbit belum diisi]" == PLACEHOLDER_TANGGAL
    assert str(dt.date.today().year) not in d.tanggal_terbit_teks
    assert d.penandatangan_nama == PLACEHOLDER_NAMA
    assert d.penandatangan_nip == PLACEHOLDER_NIP
    assert d.penandatangan_lengkap is False
    assert d.kontak == ()
    # review 5: the printed contact is the visible placeholder line
    assert d.kontak_cetak == ("[Kontak dinas belum diisi]",) == (PLACEHOLDER_KONTAK,)


def test_filled_settings(tmp_path: Path):
    s = _pengaturan(
        tmp_path,
        "dokumen:\n"
        '  tanggal_terbit: "2024-03-05"\n'
        "  penandatangan:\n"
        "    nama: Dr. Siti Aminah, M.Kes.\n"
        '    nip: "1970 0101 2000 0310 01"\n'
        "  kontak:\n"
        "    surel: dp3ap2kb@cilegon.go.id\n"
        "    alamat: Jl. Jend. Sudirman No. 2, Cilegon\n",
    )
    d = identitas_dinas(s)
    assert d.tanggal_terbit_teks == "5 Maret 2024"
    assert d.penandatangan_nama == "Dr. Siti Aminah, M.Kes."
    assert d.penandatangan_nip == "197001012000031001"
    assert d.penandatangan_lengkap is True
    # print order is alamat, telepon, surel, situs whatever the file's order
    assert d.kontak == (
        "Alamat: Jl. Jend. Sudirman No. 2, Cilegon",
        "Surel: dp3ap2kb@cilegon.go.id",
    )
    assert d.kontak_cetak == d.kontak  # lines when set, no placeholder


def test_unquoted_date_is_accepted(tmp_path: Path):
    s = _pengaturan(tmp_path, "dokumen:\n  tanggal_terbit: 2025-01-31\n")
    assert identitas_dinas(s).tanggal_terbit == dt.date(2025, 1, 31)


def test_name_without_nip_is_not_complete(tmp_path: Path):
    s = _pengaturan(tmp_path, "dokumen:\n  penandatangan:\n    nama: Budi\n")
    d = identitas_dinas(s)
    assert d.penandatangan_nama == "Budi" and d.penandatangan_nip == PLACEHOLDER_NIP
    assert d.penandatangan_lengkap is False


@pytest.mark.parametrize(
    ("teks", "kunci", "petunjuk"),
    [
        ('dokumen:\n  tanggal_terbit: "07-12-2026"\n', "dokumen.tanggal_terbit", "TTTT-BB-HH"),
        ('dokumen:\n  penandatangan:\n    nip: "12345"\n', "dokumen.penandatangan.nip", "18"),
        ("dokumen:\n  kontak:\n    surel: bukan-surel\n", "dokumen.kontak.surel", "surel"),
        ("dokumen:\n  logo: config/logo.bmp\n", "dokumen.logo", "PNG"),
        ("dokumen:\n  penandatangan:\n    jabatan: ''\n", "dokumen.penandatangan.jabatan", "teks"),
    ],
)
def test_bad_values_are_refused_with_the_key(tmp_path: Path, teks: str, kunci: str, petunjuk: str):
    with pytest.raises(ConfigError) as info:
        _pengaturan(tmp_path, teks)
    assert kunci in str(info.value) and petunjuk in str(info.value)


def test_logo_becomes_an_offline_data_uri(tmp_path: Path):
    png = tmp_path / "logo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 40)
    s = _pengaturan(tmp_path, f"dokumen:\n  logo: {png}\n")
    uri = identitas_dinas(s).logo_data_uri
    assert uri is not None and uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == png.read_bytes()


def test_missing_or_huge_logo_stops_with_a_message(tmp_path: Path):
    s = _pengaturan(tmp_path, f"dokumen:\n  logo: {tmp_path / 'tidak_ada.png'}\n")
    with pytest.raises(ConfigError, match="tidak ditemukan"):
        identitas_dinas(s)
    besar = tmp_path / "besar.jpg"
    besar.write_bytes(b"\xff" * (2 * 1024 * 1024 + 1))
    s = _pengaturan(tmp_path, f"dokumen:\n  logo: {besar}\n")
    with pytest.raises(ConfigError, match="batasnya 2 MiB"):
        identitas_dinas(s)
