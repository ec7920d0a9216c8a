"""Developer-text scan of a rendered document: what a reader must never see.

:func:`teks_pengembang` takes the visible text of a profil, laporan or city summary and returns
the offending strings: setting keys (``klasifikasi.pembulatan``), snake_case identifiers, file
paths and file extensions, ``[asumsi]``, KKB codes, internal values (``half_even``, ``null``,
``NaN``, ``None``, ``True``/``False``, ``NA``) and English words of :data:`KATA_INGGRIS`.
:func:`teks_tampak_html` is the text a reader gets from an exported HTML page (body text, the
page title, image ``alt`` and ``aria-label`` texts read by screen readers).
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

#: English words that have no place in an Indonesian document. Words Indonesian uses as well
#: are left out on purpose: data, total, status, target, program, input, proses, output (the
#: official iBangga/KKB index names), median, stunting, indikator, level, per, No. (number).
KATA_INGGRIS = frozenset(
    """
    and the of or with from for not is are was were this that these those than
    error errors warning warnings missing default defaults true false none null nan
    settings setting config file files folder folders report reports column columns
    table tables row rows value values unknown source sources year years month city
    district village family families children women average rate below above higher
    lower between summary overview appendix chart figure page pages tier rank score
    percent people population undefined exception traceback debug todo fixme tbd
    """.split()  # noqa: SIM905 - a word list reads better as text
)

#: Last parts of host names: ``bkkbn.go.id`` is a web address, not a setting key.
_DOMAIN = ("id", "org", "com", "int", "net", "gov", "edu", "io")
_EKSTENSI = "csv|tsv|parquet|xlsx|xls|json|yaml|yml|ipynb|py|md|html|htm|pdf|txt|zip|log|lock|toml"
_FOLDER = "data|docs|reports|notebooks|kkb_analysis|config|tests|referensi|processed|raw|karantina"

_POLA: tuple[re.Pattern[str], ...] = (
    re.compile(r"\[asumsi\]", re.IGNORECASE),
    re.compile(r"\bKKB-\d{10}-\d{2}\b"),
    re.compile(r"\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+\b"),  # snake_case (half_even, ...)
    re.compile(rf"\b[\w-]+\.(?:{_EKSTENSI})\b", re.IGNORECASE),  # file names
    re.compile(rf"(?<![\w/])(?:{_FOLDER})/[\w./-]*", re.IGNORECASE),  # project paths
    re.compile(r"(?<![\w/.])(?:~|\.{1,2})?/(?:[\w.-]+/)+[\w.-]*"),  # /abs/olute, ./rel/
    re.compile(r"\b[A-Za-z]:\\[\w\\. -]+"),  # C:\Windows\path
    re.compile(r"(?<!\w)<NA>(?!\w)|\bNaN\b|\bNone\b|\bTrue\b|\bFalse\b|\bnull\b|\bNA\b"),
    re.compile(r"(?<!\w)[Nn]/[Aa](?!\w)"),
)
# dotted lower-case keys: klasifikasi.pembulatan, ibangga.v6_belum_kawin (not host names)
_KUNCI = re.compile(r"\b[a-z][a-z0-9_]+(?:\.[a-z][a-z0-9_]+)+\b")
_KATA = re.compile(r"[A-Za-z]+")


def teks_pengembang(teks: str) -> list[str]:
    """The developer text found in ``teks``: each offending string once, in order; a match
    inside a longer one (``v6_belum_kawin`` in ``ibangga.v6_belum_kawin``) is not repeated."""
    temuan: list[tuple[int, int, str]] = []
    for pola in _POLA:
        temuan += [(m.start(), m.end(), m.group(0)) for m in pola.finditer(teks)]
    for m in _KUNCI.finditer(teks):
        if m.group(0).rsplit(".", 1)[-1] not in _DOMAIN:
            temuan.append((m.start(), m.end(), m.group(0)))
    for m in _KATA.finditer(teks):
        if m.group(0).lower() in KATA_INGGRIS:
            temuan.append((m.start(), m.end(), m.group(0)))
    keluar: list[str] = []
    akhir = -1
    for mulai, selesai, isi in sorted(temuan, key=lambda t: (t[0], -t[1])):
        if mulai < akhir:  # inside (or overlapping) the previous, longer match
            continue
        keluar.append(isi)
        akhir = selesai
    return list(dict.fromkeys(keluar))


def teks_tampak_html(html: str) -> str:
    """What a reader of an exported HTML page gets as text (see the module docstring)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["style", "script", "noscript", "template"]):
        tag.decompose()
    bagian = [soup.title.get_text(" ", strip=True)] if soup.title else []
    for tag in soup.find_all(True):
        for atribut in ("alt", "aria-label", "title"):
            if tag.name != "title" and isinstance(tag.get(atribut), str):
                bagian.append(str(tag[atribut]))
    badan = soup.body or soup
    bagian.append(badan.get_text(" ", strip=True))
    return "\n".join(bagian)
