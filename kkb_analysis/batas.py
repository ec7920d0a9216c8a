"""The boundary of the raw layer: what text read from a raw file may be written anywhere.

An allow-list, not a deny-list. Raw text leaves the raw layer only

- as the validated value of a column declared publishable (:attr:`Column.published`), or
- quoted in a message (issue log, quarantine reason, file problem, load summary) when its *shape*
  is known to be harmless: a short number, date or code, or words of the project's own
  vocabulary (column names, code labels, place names). Anything else — a name, an address, a
  NIK or No. KK, text of unknown form — is described ("teks 11 karakter berisi huruf dan
  spasi"), never copied.

Every message that mentions a raw value goes through :func:`kutip` / :func:`kutip_seri`; every
header that is not a known column goes through :func:`judul_aman`.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from kkb_analysis.config import load_reference

#: what a quarantine file shows instead of a cell it may not copy
DISEMBUNYIKAN = "[disembunyikan]"

#: a NIK / No. KK: 12 or more consecutive digits, or 16 digits with single separators
NIK_MIRIP = r"\d{12}|(?:\d[ .\-/_]?){15}\d"
_NIK_MIRIP = re.compile(NIK_MIRIP)
_TOKEN = re.compile(r"[a-z]+|\d+")
_CHARS = re.compile(r"[A-Za-z0-9 .,:/+\-_()%<>;]*")
_MAX_PANJANG = 24  # a longer value is never quoted
_MAX_DIGIT = 10  # digits in one quoted value (a kode_kelurahan has 10) …
_MAX_DIGIT_KODE = 12  # … or in a code with letters (KKB-3672051004-01), never a phone number
_MAX_RUN = 10  # consecutive digits in one quoted value (a Kemendagri code has 10)

#: header words that are not column names but are common in exported spreadsheets
_KATA_UMUM = """
no nomor kode id nama jumlah jml total tanggal tgl tahun thn bulan bln hari umur usia keterangan
ket catatan status jenis kolom alamat desa kel kelurahan kec kecamatan kota kab kabupaten prov
provinsi rt rw lahir ibu ayah ortu orang tua berat tinggi bb tb lila kk nik unnamed column kosong
lain lainnya ya tidak keluarga anggota kb sumber periode tempat hasil data baris urut dan atau
kepala suami istri anak balita baduta umkm kkb pk pus laki perempuan jk kelamin telp hp kontak
pendidikan pekerjaan agama puskesmas posyandu nilai skor kategori kelompok ke x tambahan baru
lama pemilik petugas kader isian banten serang tangerang lebak pandeglang selatan
"""


@cache
def kosakata() -> frozenset[str]:
    """Lower-case words of the project's vocabulary.

    Tokens of every column name and alias of every raw-file layout, of every code, label and
    alias of ``referensi/kode.yaml``, of the city's place names, plus common header words.
    """
    from kkb_analysis.pipeline import SOURCES  # deferred: pipeline imports the loaders

    words: set[str] = set(_KATA_UMUM.split())

    def add(text: object) -> None:
        words.update(t for t in _TOKEN.findall(str(text).lower()) if not t.isdigit())

    for module in SOURCES:
        for col in module.SPEC.columns:
            add(col.name)
            for alias in col.aliases:
                add(alias)
    for entry in load_reference("kode").values():
        if not isinstance(entry, dict):
            continue
        for code, label in (entry.get("kode") or {}).items():
            add(code)
            add(label)
        for alias in entry.get("alias") or {}:
            add(alias)
    wilayah = load_reference("wilayah")
    add(wilayah["kota"]["nama"])
    for row in [*wilayah["kecamatan"], *wilayah["kelurahan"]]:
        add(row["nama"])
        for name in row.get("varian") or []:
            add(name)
    return frozenset(words)


def mirip_nik(text: str) -> bool:
    """True when ``text`` holds a digit run that may be a NIK or No. KK."""
    return bool(_NIK_MIRIP.search(text))


def mirip_nik_seri(text: pd.Series) -> pd.Series:
    """:func:`mirip_nik` of every cell (missing → False), as a boolean Series."""
    found = text.astype("string").str.contains(NIK_MIRIP, regex=True)
    return found.fillna(False).astype(bool)


def bentuk_aman(text: str) -> bool:
    """Whether ``text`` has a shape that may be quoted: short, no NIK-like digits, made of
    numbers, dates, short codes and vocabulary words only."""
    text = text.strip()
    if not text or len(text) > _MAX_PANJANG or not _CHARS.fullmatch(text) or mirip_nik(text):
        return False
    runs = re.findall(r"\d+", text)
    limit = _MAX_DIGIT_KODE if any(ch.isalpha() for ch in text) else _MAX_DIGIT
    if sum(map(len, runs)) > limit or any(len(r) > _MAX_RUN for r in runs):
        return False
    vocabulary = kosakata()
    words = [t for t in _TOKEN.findall(text.lower()) if not t.isdigit()]
    return all(len(w) == 1 or w in vocabulary for w in words)


def uraian(text: str) -> str:
    """A description of a value that is not quoted: its length and kinds of characters."""
    text = str(text)
    if mirip_nik(text):
        return f"teks {len(text)} karakter berisi deretan angka mirip NIK/No. KK"
    parts = []
    if any(ch.isalpha() for ch in text):
        parts.append("huruf")
    if any(ch.isdigit() for ch in text):
        parts.append("angka")
    if any(ch.isspace() for ch in text):
        parts.append("spasi")
    if any(not (ch.isalnum() or ch.isspace()) for ch in text):
        parts.append("tanda baca")
    what = " dan ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
    return f"teks {len(text)} karakter berisi {what or 'karakter lain'}"


def kutip(value: object) -> str:
    """``'value'`` when its shape is safe (:func:`bentuk_aman`), else its :func:`uraian`."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "(kosong)"
    text = str(value).strip()
    return f"'{text}'" if bentuk_aman(text) else uraian(text)


def kutip_seri(values: pd.Series) -> pd.Series:
    """:func:`kutip` of every cell (each distinct value once), as a string Series."""
    codes, uniques = pd.factorize(values.astype("string"), use_na_sentinel=True)
    quoted = [kutip(u) for u in uniques] + ["(kosong)"]
    return pd.Series([quoted[c] for c in codes], index=values.index, dtype="string")


def judul_aman(header: str, position: int) -> str:
    """A header as it may be reported: verbatim when it is made of vocabulary words (and short
    numbers), otherwise by its position only (``kolom ke-7``, 1-based)."""
    text = str(header).strip()
    words = _TOKEN.findall(text.lower())
    vocabulary = kosakata()
    safe = (
        bool(words)
        and len(text) <= 60
        and not mirip_nik(text)
        and all((w.isdigit() and len(w) <= 4) or w in vocabulary for w in words)
    )
    if safe:
        return text
    return f"kolom ke-{position} (judul disembunyikan, {uraian(text)})"
