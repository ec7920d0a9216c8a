"""Names the user meant: invisible characters, look-alike file and folder names, safe ids.

One home for the rules that decide how user-supplied names are matched and shown:

- :func:`teks_tampil` neutralises bidirectional controls (U+202A–U+202E, U+2066–U+2069,
  U+200E/U+200F, U+061C) and every other invisible format character (zero-width space, BOM
  inside text, soft hyphen, …) in text that is displayed (report sections, ``index.html``,
  messages); :func:`judul_normal` does the same for header matching.
- :func:`jelaskan_karakter` names the characters that make two names that look identical differ.
- :func:`berkas_mirip` and :func:`folder_mirip_tahun` find raw files and year folders whose names
  look like a known one but are not picked up (``dtks (1).csv``, ``2023 ``, ``Tahun 2023``).
- :func:`masalah_kkb_id` refuses ``kkb_id`` values that cannot safely name an output folder.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

#: Extensions read as raw data; other spreadsheet extensions are recognised to say "convert it".
EKSTENSI_DATA = (".csv", ".xlsx")
EKSTENSI_LEMBAR = (".csv", ".xlsx", ".xls", ".xlsm", ".ods", ".tsv", ".txt")

#: kkb_id as the portal writes them; anything else (spaces, "/", "..", invisible characters) is
#: refused before a path is built from it.
POLA_KKB_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
#: Names the report folder uses for its own files (compared without case and extension), and
#: device names Windows refuses as file names.
NAMA_CADANGAN = frozenset(
    {"index", "rekap_kota", "manifest", "indikator_kkb", "karantina", "laporan"}
    | {"con", "prn", "aux", "nul"}
    | {f"{d}{i}" for d in ("com", "lpt") for i in range(1, 10)}
)


def _tak_terlihat(ch: str) -> bool:
    """Format characters (bidi controls, zero-width, BOM, soft hyphen) and C0/C1 controls."""
    kategori = unicodedata.category(ch)
    return kategori == "Cf" or (kategori == "Cc" and ch not in "\t\n")


#: Every character :func:`_tak_terlihat` accepts (Unicode 14; a test keeps the two in step).
_POLA_TAK_TERLIHAT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891"
    "\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def teks_tampil(teks: object) -> str:
    """``teks`` safe to display: invisible and bidi-control characters removed, NFC."""
    return _POLA_TAK_TERLIHAT.sub("", unicodedata.normalize("NFC", str(teks)))


def seri_tampil(teks: pd.Series) -> pd.Series:
    """:func:`teks_tampil` for a text column (missing values stay missing)."""
    if teks.empty:
        return teks
    bersih = teks.astype("string").str.replace(_POLA_TAK_TERLIHAT, "", regex=True)
    return bersih.str.normalize("NFC")


def judul_normal(judul: object) -> str:
    """A header as matched: NFKC (full-width → ASCII, no-break space → space), invisible
    characters removed, trimmed, lower case."""
    return _POLA_TAK_TERLIHAT.sub("", unicodedata.normalize("NFKC", str(judul))).strip().lower()


def jelaskan_karakter(teks: str) -> str:
    """The characters of ``teks`` that are not plain ASCII, as readable text, or "".

    >>> jelaskan_karakter("nаma")  # Cyrillic a
    "berisi karakter U+0430 (CYRILLIC SMALL LETTER A) di posisi 2"
    """
    bagian = []
    for posisi, ch in enumerate(teks, start=1):
        if ch.isascii() and ch.isprintable():
            continue
        nama = unicodedata.name(ch, "tanpa nama")
        jenis = "tak terlihat " if _tak_terlihat(ch) else ""
        bagian.append(f"karakter {jenis}U+{ord(ch):04X} ({nama}) di posisi {posisi}")
    return ("berisi " + ", ".join(bagian[:3])) if bagian else ""


# ------------------------------------------------------------------------------ file names
def _dasar_nama(nama: str) -> str:
    """``'DTKS (1).csv.csv'`` → ``'dtks_1'``: lower case, extensions off, separators as ``_``."""
    teks = judul_normal(nama)
    while True:
        stem, titik, ext = teks.rpartition(".")
        if titik and f".{ext.strip()}" in EKSTENSI_LEMBAR:
            teks = stem
            continue
        break
    return re.sub(r"[^a-z0-9]+", "_", teks).strip("_")


def berkas_sebenarnya(folder: Path, base: str) -> dict[str, list[Path]]:
    """Files of ``folder`` named ``<base>.csv``/``<base>.xlsx`` in any letter case, per
    extension (lower case)."""
    temuan: dict[str, list[Path]] = {}
    if not folder.is_dir():
        return temuan
    for p in sorted(folder.iterdir()):
        for ext in EKSTENSI_DATA:
            if p.name.lower() == f"{base}{ext}" and p.is_file():
                temuan.setdefault(ext, []).append(p)
    return temuan


def berkas_mirip(folder: Path, bases: Iterable[str]) -> dict[str, list[Path]]:
    """Files of ``folder`` that look like a raw file but are not read: per base, the files whose
    name reduces to it with a copy number, a year, a suffix such as ``final``, doubled or
    other spreadsheet extensions, spaces or other letter case (``dtks (1).csv``,
    ``dtks.csv.csv``, ``dtks_2023.csv``, ``DTKS .csv``, ``dtks.xls``)."""
    bases = sorted(bases, key=len, reverse=True)  # kkb_profil before kkb
    tepat = {f"{b}{e}" for b in bases for e in EKSTENSI_DATA}
    mirip: dict[str, list[Path]] = {}
    if not folder.is_dir():
        return mirip
    for p in sorted(folder.iterdir()):
        if p.name.lower() in tepat or p.name.startswith("_") or not p.is_file():
            continue
        if not any(ext in p.name.lower() for ext in EKSTENSI_LEMBAR):
            continue
        dasar = _dasar_nama(p.name)
        for b in bases:
            if dasar == b or dasar.startswith(f"{b}_") or dasar.endswith(f"_{b}"):
                mirip.setdefault(b, []).append(p)
                break
    return mirip


def berkas_asing(folder: Path, bases: Iterable[str]) -> list[Path]:
    """Spreadsheet-like files of ``folder`` that are neither a raw file nor look like one."""
    bases = list(bases)
    dikenal = {p for ps in berkas_mirip(folder, bases).values() for p in ps}
    for b in bases:
        dikenal |= {p for ps in berkas_sebenarnya(folder, b).values() for p in ps}
    if not folder.is_dir():
        return []
    return [
        p
        for p in sorted(folder.iterdir())
        if p.is_file()
        and p not in dikenal
        and not p.name.startswith(("_", "."))
        and p.suffix.lower() in EKSTENSI_LEMBAR
    ]


# ------------------------------------------------------------------------------ year folders
_POLA_TAHUN = re.compile(r"(?<![0-9])(?:19|20)[0-9][0-9](?![0-9])")


def tahun_folder(nama: str) -> int | None:
    """The data year of a folder named exactly ``2023``, else None."""
    return int(nama) if re.fullmatch(r"[0-9]{4}", nama) else None


def folder_mirip_tahun(folder: Path) -> dict[Path, int]:
    """Sub-folders of ``folder`` that contain a year but are not named exactly like one
    (``2023 ``, ``2023_final``, ``Tahun 2023``, ``２０２３``), with that year."""
    hasil: dict[Path, int] = {}
    if not folder.is_dir():
        return hasil
    for p in sorted(folder.iterdir()):
        if not p.is_dir() or tahun_folder(p.name) is not None or p.name.startswith("."):
            continue
        cocok = _POLA_TAHUN.findall(judul_normal(p.name))  # NFKC: "２０２３" → "2023"
        if len(set(cocok)) == 1:
            hasil[p] = int(cocok[0])
    return hasil


def ada_data_pengguna(raw: Path) -> list[Path]:
    """What in ``raw`` looks like the user's data (so no sample may be generated beside it):
    any folder or file except hidden ones and the committed ``README.md``/``.gitkeep``."""
    if not raw.is_dir():
        return []
    return [
        p
        for p in sorted(raw.iterdir())
        if not p.name.startswith(".") and p.name.lower() not in ("readme.md", "readme.txt")
    ]


# ------------------------------------------------------------------------------ kkb_id
def masalah_kkb_id(kkb_id: str, tampil: str | None = None) -> str | None:
    """Why ``kkb_id`` cannot name a report folder (Indonesian), or None when it can.

    ``tampil``: how the id is shown in the message (default: the id with invisible characters
    removed, for an id the user typed). A caller holding raw-file text passes a form that the
    raw-layer boundary allows (``batas.kutip``): the id may be personal text in a wrong column.
    """
    shown = tampil if tampil is not None else f"'{teks_tampil(kkb_id)}'"
    if not POLA_KKB_ID.fullmatch(kkb_id) or ".." in kkb_id or kkb_id.endswith("."):
        return (
            f"kkb_id {shown} tidak sah: hanya huruf, angka, '.', '_' dan '-' "
            "(diawali huruf/angka, tanpa spasi, '/' atau '..', paling panjang 64), seperti "
            "KKB-3672051004-01"
        )
    if kkb_id.lower().split(".")[0] in NAMA_CADANGAN:
        return (
            f"kkb_id {shown} sama dengan nama berkas/folder keluaran laporan atau nama yang "
            "ditolak sistem berkas; pakai kode KKB dari portal, seperti KKB-3672051004-01"
        )
    return None
