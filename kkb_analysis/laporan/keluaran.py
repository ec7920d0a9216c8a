"""Names and labels of what ``kkb laporan`` writes, from ONE table: ``referensi/label_berkas.yaml``.

:data:`DOKUMEN` are the three documents of each Kampung KB (file stems, in the order the landing
page links them) and :data:`LABEL_DOKUMEN` their link texts; :data:`REKAP_ID` is the city
summary's task id and file stem; :func:`judul_tugas` the title of a document (HTML ``<title>``,
PDF running header, manifest ``judul``); :func:`judul_indeks` the landing page's title and
:func:`judul_status` the analysts' status page's; :data:`LABEL_TAUTAN` the link label of each
file kind; :data:`LABEL_REKAP`, :data:`LABEL_STATUS`, :data:`LABEL_LEMBAR` link texts;
:data:`LEMBAR`, :data:`INDEKS` and :data:`STATUS_BERKAS` file names.
"""

from __future__ import annotations

from kkb_analysis.config import load_reference

__all__ = [
    "DOKUMEN",
    "INDEKS",
    "LABEL_DOKUMEN",
    "LABEL_LEMBAR",
    "LABEL_REKAP",
    "LABEL_STATUS",
    "LABEL_TAUTAN",
    "LEMBAR",
    "REKAP_ID",
    "STATUS_BERKAS",
    "judul_indeks",
    "judul_status",
    "judul_tugas",
    "tugas_dokumen",
]

_REF = load_reference("label_berkas")["keluaran"]

#: The documents of one Kampung KB (file stems), in link order.
DOKUMEN: tuple[str, ...] = ("profil", "laporan", "lampiran")
LABEL_DOKUMEN: dict[str, str] = {d: str(_REF[d]["label"]) for d in DOKUMEN}
REKAP_ID = "rekap_kota"
LABEL_REKAP: str = _REF[REKAP_ID]["label"]
INDEKS: str = _REF["indeks"]["berkas"]
STATUS_BERKAS: str = _REF["status"]["berkas"]
LABEL_STATUS: str = _REF["status"]["label"]
LEMBAR: str = _REF["lembar"]["berkas"]
LABEL_LEMBAR: str = _REF["lembar"]["label"]
LABEL_TAUTAN: dict[str, str] = dict(_REF["tautan"])


def tugas_dokumen(kkb_id: str, dokumen: str) -> str:
    """Task id of one document of a KKB: ``"<kkb_id>/<dokumen>"`` (its path under the year)."""
    return f"{kkb_id}/{dokumen}"


def judul_tugas(jenis: str, tahun: int, nama: str = "") -> str:
    """Title of a document: ``jenis`` one of :data:`DOKUMEN` (one KKB, ``nama``) or
    :data:`REKAP_ID`."""
    return str(_REF[jenis]["judul"]).format(nama=nama, tahun=tahun)


def judul_indeks(kota: str) -> str:
    """Title of the landing page (every data year) of the city ``kota``."""
    return str(_REF["indeks"]["judul"]).format(kota=kota).strip()


def judul_status(tahun: int) -> str:
    """Title of the analysts' status page of data year ``tahun``."""
    return str(_REF["status"]["judul"]).format(tahun=int(tahun))
