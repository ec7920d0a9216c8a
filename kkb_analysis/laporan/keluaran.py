"""Names and labels of what ``kkb laporan`` writes, from ONE table: ``referensi/label_berkas.yaml``.

:data:`REKAP_ID` is the city summary's task id and file stem; :func:`judul_tugas` the title of a
report (HTML ``<title>``, PDF running header, manifest ``judul``); :func:`judul_indeks` the index
page's title; :data:`LABEL_TAUTAN` the link label of each file kind on the index page;
:data:`LABEL_REKAP` the city summary's name on it; :data:`LEMBAR` and :data:`INDEKS` file names.
"""

from __future__ import annotations

from kkb_analysis.config import load_reference

__all__ = [
    "INDEKS",
    "LABEL_REKAP",
    "LABEL_TAUTAN",
    "LEMBAR",
    "REKAP_ID",
    "judul_indeks",
    "judul_tugas",
]

_REF = load_reference("label_berkas")["keluaran"]

REKAP_ID = "rekap_kota"
LABEL_REKAP: str = _REF[REKAP_ID]["label"]
INDEKS: str = _REF["indeks"]["berkas"]
LEMBAR: str = _REF["lembar"]["berkas"]
LABEL_TAUTAN: dict[str, str] = dict(_REF["tautan"])


def judul_tugas(jenis: str, tahun: int, nama: str = "") -> str:
    """Title of a report: ``jenis`` ``"laporan"`` (one KKB, ``nama``) or :data:`REKAP_ID`."""
    return str(_REF[jenis]["judul"]).format(nama=nama, tahun=tahun)


def judul_indeks(tahun: int) -> str:
    """Title of the index page of data year ``tahun``."""
    return str(_REF["indeks"]["judul"]).format(tahun=int(tahun))
