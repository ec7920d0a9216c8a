"""The two pages of a batch: the landing page for readers and the status page for analysts.

**Landing page** ``reports/index.html`` (:func:`tulis_beranda`): every data year that has
documents (newest first, one section each, linked from a year menu at the top), each with its
city summary and workbook, then every Kampung KB by NAME in league order (rank, tier badge in
colour AND word) with links to its three documents (profil, laporan, lampiran; PDF and HTML);
each KKB's tier change since last year (``out_wilayah.tingkat_sebelumnya``, in the profil's
words) and a note on shared ranks; the agency, the publication date and the contact
(:func:`kkb_analysis.laporan.dinas.identitas_dinas`; visible placeholders when unset) in the
footer, with a discreet link to the status pages. On a phone every link is a tap target at
least 44 px high. No run status, no
durations, no notebooks, no KKB codes in the text (codes appear only inside the file paths of
links, which the output contract fixes). The years and the ranked KKB come from each year's
``manifest.json`` (``"kkb"``), so a year's page always matches the documents of that year's run.

**Status page** ``reports/<tahun>/status.html`` (:func:`tulis_status`): one row per document
with its KKB, tier, run status (and the failure message), duration and every file (HTML, PDF,
notebook, error notebook), plus the city summary, the workbook and counts per status.

Both pages are self-contained (no script, no external resource, readable on a 390 px phone: the
table becomes stacked cards). Every text taken from the caller (names, messages, tiers, file
names) is HTML-escaped and every link is relative and URL-quoted, so a KKB named
``<script>alert(1)</script>`` shows literally. Links are made only to files that exist.

Tier badge colours are the report charts' (``grafik.WARNA_TINGKAT``: portal red, yellow,
green, blue in Okabe–Ito shades; grey for an unknown tier or "data tidak cukup"); the text on a
badge is black or white, whichever contrasts more (WCAG ≥ 4.5:1 for all of them). The tier is
always written in words, so colour is never the only cue.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from kkb_analysis import atomik
from kkb_analysis.laporan.format import format_angka
from kkb_analysis.laporan.keadaan import STATUS_BAIK, keadaan, teks_terakhir, teks_waktu
from kkb_analysis.laporan.keluaran import (
    DOKUMEN,
    INDEKS,
    LABEL_DOKUMEN,
    LABEL_LEMBAR,
    LABEL_REKAP,
    LABEL_STATUS,
    LABEL_TAUTAN,
    LEMBAR,
    REKAP_ID,
    STATUS_BERKAS,
    judul_indeks,
    judul_status,
    tugas_dokumen,
)
from kkb_analysis.laporan.manifest import MANIFEST, Entri
from kkb_analysis.laporan.rencana import InfoKkb, info_dari_manifest
from kkb_analysis.nama import teks_tampil

if TYPE_CHECKING:
    from kkb_analysis.laporan.dinas import Dinas

logger = logging.getLogger(__name__)

__all__ = [
    "STATUS",
    "TEKS_USANG",
    "WARNA_STATUS",
    "WARNA_USANG",
    "EntriIndeks",
    "KeadaanDokumen",
    "TahunBeranda",
    "kontras",
    "render_beranda",
    "render_status",
    "tahun_beranda",
    "tulis_beranda",
    "tulis_status",
    "tulis_status_run",
]

#: State of a document (:mod:`.keadaan`) → (CSS class suffix, words printed on the status
#: page). "belum dijalankan" is the record's word for "belum dibuat" (kept for callers).
STATUS: dict[str, tuple[str, str]] = {
    "berhasil": ("berhasil", "Berhasil"),
    "gagal": ("gagal", "Gagal"),
    "dilewati": ("dilewati", "Tidak berubah (dilewati)"),
    "tidak dijalankan": ("tidak", "Tidak dijalankan"),
    "usang": ("usang", "Usang"),
    "belum dibuat": ("belum", "Belum dibuat"),
    "belum dijalankan": ("belum", "Belum dijalankan"),
}
#: Text colour of each state on the status page (on white and on the #f8f9fa even rows; WCAG
#: ≥ 4.5:1, checked by the tests) — always next to the state's words.
WARNA_STATUS: dict[str, str] = {
    "berhasil": "#1a7f37",
    "gagal": "#b42318",
    "dilewati": "#0b5cad",
    "tidak": "#6639ba",
    "usang": "#8a4600",
    "belum": "#57606a",
}
#: The landing page's "Usang" badge: (background, text); contrast ≥ 4.5:1, checked by a test.
WARNA_USANG = ("#ffe9a8", "#5c2e00")
#: What "usang" means, for readers (landing page) and analysts (status page).
TEKS_USANG = (
    "Dokumen bertanda Usang dibuat sebelum data, pengaturan atau program terakhir berubah: "
    "isinya belum mengikuti data terbaru. Jangan dipakai sebagai keadaan terkini sampai "
    "dibuat ulang."
)

#: Tier → CSS class suffix (colours from ``grafik.WARNA_TINGKAT``, see :func:`_css_tingkat`).
_KELAS_TINGKAT = {
    "Dasar": "dasar",
    "Berkembang": "berkembang",
    "Mandiri": "mandiri",
    "Berkelanjutan": "berkelanjutan",
}

_CSS = """
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; padding: 1rem; max-width: 64rem; color: #1b1b1b; background: #fff;
  font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
  font-size: 16px; line-height: 1.5; overflow-wrap: break-word; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.3em 0 0.5em; }
h2 { font-size: 1.25rem; margin: 1.6em 0 0.5em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { border: 1px solid #c9d1d9; padding: 0.35em 0.5em; text-align: left;
  vertical-align: top; }
thead th { background: #eef1f4; white-space: nowrap; }
.wilayah { display: block; font-size: 0.9em; color: #444; }
tbody tr:nth-child(even) { background: #f8f9fa; }
td.angka { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
a { color: #0b5cad; }
.tautan a { display: inline-block; margin: 0 0.6em 0.2em 0; padding: 0.1em 0; }
.instansi { margin: 0; font-weight: bold; color: #333; }
nav.tahun { margin: 0.5em 0 1em; }
nav.tahun a { display: inline-block; margin-right: 0.8em; padding: 0.2em 0.1em; }
.kota { margin: 0.3em 0 1em; padding-left: 1.2em; }
.kota li { margin: 0.2em 0; }
ul.dok { list-style: none; margin: 0; padding: 0; }
ul.dok li { margin: 0 0 0.2em; white-space: nowrap; }
ul.dok a { display: inline-block; padding: 0.1em 0.15em; }
.badge { display: inline-block; padding: 0.05em 0.55em; border-radius: 0.8em;
  font-size: 0.85em; font-weight: bold; white-space: nowrap; border: 1px solid transparent; }
.tingkat-lain { border-color: #666; }
.status { font-weight: bold; }
.dibuat { font-size: 0.85em; color: #57606a; }
.peringatan { border-left: 4px solid #8a4600; padding: 0.3em 0.6em; background: #fff8e1; }
.pesan { display: block; font-weight: normal; color: #1b1b1b; white-space: pre-line;
  font-size: 0.85em; margin-top: 0.2em; }
.kosong { color: #57606a; }
.catatan { font-size: 0.9rem; color: #333; margin: 0.4em 0 0; }
footer { margin-top: 2rem; padding-top: 0.5rem; border-top: 1px solid #c9d1d9;
  font-size: 0.9rem; color: #333; }
footer p { margin: 0.3em 0; }
footer .analis { margin-top: 1em; font-size: 0.85rem; color: #57606a; }
footer .analis a { color: #57606a; }
@media (max-width: 40rem) {
  body { padding: 0.6rem; font-size: 15px; }
  table, thead, tbody, tr, th, td, caption { display: block; width: 100%; }
  thead { position: absolute; left: -9999px; }
  tbody tr { border: 1px solid #c9d1d9; border-radius: 6px; margin-bottom: 0.8rem;
    padding: 0.3rem 0.5rem; }
  td { border: none; padding: 0.15em 0; }
  td.angka { text-align: left; }
  td::before { content: attr(data-label) ": "; font-weight: bold; color: #444; }
  /* tap targets at least 44 px high (WCAG 2.5.5) for every link a reader taps */
  ul.dok a, .kota a, nav.tahun a, .tautan a, footer a, .kembali a {
    display: inline-flex; align-items: center; min-height: 44px; min-width: 44px;
    padding: 0 0.6em; }
  ul.dok li { white-space: normal; }
}
@media print { a { color: inherit; } * { print-color-adjust: exact;
  -webkit-print-color-adjust: exact; } }
"""

_SKEMA_URL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_TAHUN = re.compile(r"^\d{4}$")


# ------------------------------------------------------------------------------ tier colours
def _luminans(warna: str) -> float:
    """WCAG relative luminance of a ``#RRGGBB`` colour."""
    kanal = [int(warna.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in kanal]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def kontras(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    la, lb = sorted((_luminans(a), _luminans(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def warna_tingkat() -> dict[str, tuple[str, str]]:
    """CSS class suffix → (background, text colour) of the tier badges: the charts' colours
    (``grafik.WARNA_TINGKAT``), text black or white, whichever contrasts more."""
    from kkb_analysis.laporan.grafik import WARNA, WARNA_TINGKAT

    out = {}
    for tingkat, kelas in _KELAS_TINGKAT.items():
        latar = WARNA_TINGKAT[tingkat]
        out[kelas] = (latar, max(("#000000", "#ffffff"), key=lambda t: kontras(latar, t)))
    abu = WARNA["abu"]
    out["lain"] = (abu, max(("#000000", "#ffffff"), key=lambda t: kontras(abu, t)))
    return out


def _css_tingkat() -> str:
    return "\n".join(
        f".tingkat-{k} {{ background: {latar}; color: {teks}; }}"
        for k, (latar, teks) in warna_tingkat().items()
    )


def _css_status() -> str:
    latar, teks = WARNA_USANG
    return "\n".join(
        [f".status-{k} {{ color: {w}; }}" for k, w in WARNA_STATUS.items()]
        + [f".usang {{ background: {latar}; color: {teks}; border-color: {teks}; }}"]
    )


def _halaman(judul: str, isi: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="id">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(judul)}</title>\n"
        f"<style>{_CSS}{_css_tingkat()}\n{_css_status()}\n</style>\n"
        f"</head>\n<body>\n{isi}</body>\n</html>\n"
    )


# ------------------------------------------------------------------------------------ helpers
def _e(text: object) -> str:
    """HTML-escape any value (quotes included, safe in text and in attributes)."""
    return html.escape(teks_tampil(text), quote=True)  # no bidi/invisible characters


def _format_durasi(detik: float | None) -> str:
    """A duration in words: ``12.34`` → "12,3 detik", ``125`` → "2 menit 5 detik"."""
    if detik is None:
        return "–"
    if detik < 0:
        raise ValueError(f"durasi negatif {detik!r}")
    if detik < 60:
        return f"{format_angka(detik, 1)} detik"
    menit, sisa = divmod(int(detik + 0.5), 60)  # half-up, like format_angka
    teks = f"{format_angka(menit)} menit"
    return f"{teks} {format_angka(sisa)} detik" if sisa else teks


def _href(relatif: str | PurePosixPath | Path) -> str:
    """The URL-quoted relative link of ``relatif``; raises on an absolute path or URL."""
    teks = relatif.as_posix() if isinstance(relatif, Path | PurePosixPath) else str(relatif)
    teks = teks.replace("\\", "/")
    if not teks or teks.startswith("/") or _SKEMA_URL.match(teks):
        raise ValueError(
            f"tautan berkas harus path relatif terhadap halaman (mis. 'KKB-1/laporan.html'), "
            f"bukan {teks!r}"
        )
    return quote(teks, safe="/")


def _ada(halaman: Path, relatif: str | PurePosixPath | Path) -> bool:
    return (halaman.parent / str(relatif).replace("\\", "/")).is_file()


def _tautan(index_path: Path, berkas: Mapping[str, str | PurePosixPath | Path]) -> str:
    """Links to the files of ``berkas`` that exist next to the page, else "tidak ada berkas"."""
    bagian = []
    for label, relatif in berkas.items():
        href = _href(relatif)
        if not _ada(index_path, relatif):
            logger.debug("Berkas %s tidak ada, tidak ditautkan", relatif)
            continue
        bagian.append(f'<a href="{_e(href)}">{_e(label)}</a>')
    return " ".join(bagian) if bagian else '<span class="kosong">tidak ada berkas</span>'


def _badge_tingkat(tingkat: str | None) -> str:
    if tingkat is None or not str(tingkat).strip():
        return '<span class="kosong">belum ada</span>'
    kelas = _KELAS_TINGKAT.get(str(tingkat).strip(), "lain")
    return f'<span class="badge tingkat-{kelas}">{_e(tingkat)}</span>'


def _teks(nilai: str | None) -> str:
    return _e(nilai) if nilai is not None and str(nilai).strip() else "–"


def _sel(label: str, isi: str, kelas: str = "") -> str:
    # data-label feeds the phone layout (td::before); the labels are fixed strings, not data
    return f'<td data-label="{label}"' + (f' class="{kelas}"' if kelas else "") + f">{isi}</td>"


# ================================================================================ status page
@dataclass(frozen=True)
class EntriIndeks:
    """One row of the status page: a document of a KKB (or the city summary) and its run.

    ``berkas`` maps a link label ("HTML", "PDF", "Notebook") to a path **relative to the page**
    (``"KKB-1/laporan.html"``); only files that exist are linked. ``pesan`` is shown under the
    status (for a failure: what went wrong and what to do). ``dokumen`` names the document
    ("Profil", "Laporan", "Lampiran"). ``dibuat``: when the document was last rendered (ISO
    8601), shown in its own column.
    """

    kkb_id: str
    nama: str
    kelurahan: str | None = None
    kecamatan: str | None = None
    tingkat: str | None = None
    status: str = "belum dijalankan"
    durasi_detik: float | None = None
    pesan: str | None = None
    berkas: Mapping[str, str | PurePosixPath | Path] = field(default_factory=dict)
    dokumen: str | None = None
    dibuat: str | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUS:
            raise ValueError(
                f"status {self.status!r} tidak dikenal; pilih salah satu dari {sorted(STATUS)}"
            )


def _status(entri: EntriIndeks) -> str:
    kelas, kata = STATUS[entri.status]
    pesan = f'<span class="pesan">{_e(entri.pesan)}</span>' if entri.pesan else ""
    return f'<span class="status status-{kelas}">{_e(kata)}</span>{pesan}'


_KOLOM_STATUS = (
    "Kampung KB", "Dokumen", "Kelurahan", "Kecamatan", "Tingkat", "Status", "Dibuat", "Durasi",
    "Berkas",
)  # fmt: skip


def _baris_status(path: Path, entri: EntriIndeks) -> str:
    sel = [
        _sel("Kampung KB", _teks(entri.nama)),
        _sel("Dokumen", _teks(entri.dokumen)),
        _sel("Kelurahan", _teks(entri.kelurahan)),
        _sel("Kecamatan", _teks(entri.kecamatan)),
        _sel("Tingkat", _badge_tingkat(entri.tingkat)),
        _sel("Status", _status(entri)),
        _sel("Dibuat", _e(teks_waktu(entri.dibuat) or "–")),
        _sel("Durasi", _e(_format_durasi(entri.durasi_detik)), "angka"),
        _sel("Berkas", _tautan(path, entri.berkas), "tautan"),
    ]
    return f"<tr>{''.join(sel)}</tr>"


def _ringkasan(entri: list[EntriIndeks]) -> str:
    """Footer line: "39 dokumen Kampung KB: 3 berhasil, 0 gagal, 36 tidak dijalankan (di
    antaranya 12 usang)." (zero-count extras omitted, berhasil and gagal always shown)."""
    hitung = {s: sum(e.status == s for e in entri) for s in STATUS}
    bagian = [
        f"{format_angka(hitung['berhasil'])} berhasil",
        f"{format_angka(hitung['gagal'])} gagal",
    ]
    if hitung["dilewati"]:
        bagian.append(f"{format_angka(hitung['dilewati'])} tidak berubah (dilewati)")
    tidak = hitung["tidak dijalankan"] + hitung["usang"]
    if tidak:
        usang = f" (di antaranya {format_angka(hitung['usang'])} usang)" if hitung["usang"] else ""
        bagian.append(f"{format_angka(tidak)} tidak dijalankan{usang}")
    if hitung["belum dibuat"]:
        bagian.append(f"{format_angka(hitung['belum dibuat'])} belum dibuat")
    if hitung["belum dijalankan"]:
        bagian.append(f"{format_angka(hitung['belum dijalankan'])} belum dijalankan")
    return f"{format_angka(len(entri))} dokumen Kampung KB: " + ", ".join(bagian) + "."


def render_status(
    path: Path, tahun: int, entri: list[EntriIndeks], rekap: EntriIndeks | None
) -> str:
    """The HTML text of the status page that :func:`tulis_status` writes at ``path``
    (``path`` is needed to resolve and check the relative links)."""
    path = Path(path)
    judul = judul_status(tahun)
    baris = "\n".join(_baris_status(path, e) for e in entri)
    if not entri:
        baris = (
            f'<tr><td colspan="{len(_KOLOM_STATUS)}">Belum ada Kampung KB yang diproses.</td></tr>'
        )
    if rekap is None:
        bagian_rekap = "<p>Rekap kota belum dibuat.</p>"
    else:
        durasi = (
            f" ({_e(_format_durasi(rekap.durasi_detik))})" if rekap.durasi_detik is not None else ""
        )
        dibuat = teks_waktu(rekap.dibuat)
        durasi += f' <span class="dibuat">dibuat {_e(dibuat)}</span>' if dibuat else ""
        bagian_rekap = (
            f"<p>{_teks(rekap.nama)}: {_status(rekap)}{durasi}</p>\n"
            f'<p class="tautan">{_tautan(path, rekap.berkas)}</p>'
        )
    lembar = _tautan(path, {LABEL_LEMBAR: LEMBAR})
    semua = [*entri, *([rekap] if rekap is not None else [])]
    catatan = ""
    if any(e.status == "usang" for e in semua):
        catatan += (
            f'<p class="peringatan">{_e(TEKS_USANG)} Buat ulang dengan perintah '
            f"<code>kkb laporan --tahun {int(tahun)}</code> (dokumen yang tidak berubah "
            "dilewati).</p>\n"
        )
    if any(e.status == "tidak dijalankan" for e in semua):
        catatan += (
            '<p class="catatan">Tidak dijalankan: dokumen tidak dipilih pada pembuatan '
            "terakhir (misalnya hanya satu Kampung KB yang dibuat); keterangannya menyebut hasil "
            "dan waktu pembuatan sebelumnya.</p>\n"
        )
    kepala = "".join(f"<th>{k}</th>" for k in _KOLOM_STATUS)
    beranda = f'<a href="../{_e(_href(INDEKS))}">Kembali ke daftar dokumen</a>'
    isi = (
        "<main>\n"
        f"<h1>{_e(judul)}</h1>\n"
        f"<p>Halaman untuk analis: hasil pembuatan setiap dokumen data tahun {int(tahun)} "
        "(status, durasi, pesan galat dan notebook hasil eksekusi). Pembaca memakai halaman "
        f'daftar dokumen.</p>\n<p class="kembali">{beranda}</p>\n'
        f"{catatan}"
        "<h2>Dokumen per Kampung KB</h2>\n"
        f"<table>\n<thead><tr>{kepala}</tr></thead>\n<tbody>\n{baris}\n</tbody>\n</table>\n"
        "<h2>Rekap kota</h2>\n"
        f"{bagian_rekap}\n"
        f'<h2>Buku kerja</h2>\n<p class="tautan">{lembar}</p>\n'
        "</main>\n"
        f"<footer><p>{_e(_ringkasan(entri))}</p></footer>\n"
    )
    return _halaman(judul, isi)


def tulis_status(
    path: Path, tahun: int, entri: list[EntriIndeks], rekap: EntriIndeks | None
) -> None:
    """Write the status page of data year ``tahun`` to ``path`` (atomically: temporary file in
    the same folder, then ``os.replace``): one row per entry of ``entri`` (in the given order),
    the city summary ``rekap`` (``None`` = not made), the workbook, counts per status.

    Raises:
        ValueError: a ``berkas`` path is absolute or a URL (links must be relative to ``path``).
    """
    path = Path(path)
    atomik.tulis_teks(path, render_status(path, tahun, entri, rekap))
    # the run summary names this page: its path is not repeated in normal runs
    logger.debug("Halaman status ditulis: %s (%d dokumen)", path, len(entri))


def _pesan_keadaan(e: Entri, kd: str) -> str | None:
    """The explanation under a state: the failure message, or the last outcome of a document
    not rendered now ("Terakhir berhasil 7 Des 2026 09.40."), or why it is stale."""
    if kd in ("berhasil", "gagal", "dilewati", "belum dibuat"):
        return e.pesan if kd == "gagal" else None
    terakhir = teks_terakhir(e)
    terakhir = terakhir[:1].upper() + terakhir[1:] + "."
    if kd == "usang":
        return (
            f"{terakhir} Data, pengaturan atau program berubah sejak dokumen ini dibuat; isinya "
            "belum mengikuti data terbaru."
        )
    return terakhir + (f"\n{e.pesan}" if e.status == "gagal" and e.pesan else "")


def tulis_status_run(
    folder: Path, tahun: int, kkb: Sequence[InfoKkb], entri: Mapping[str, Entri]
) -> None:
    """The status page of a batch run in ``folder``: every document of every KKB with its
    tier, status and links, then the city summary (``entri``: task id → entry of the run)."""

    def _indeks(e: Entri, k: InfoKkb | None, dokumen: str | None) -> EntriIndeks:
        kd = keadaan(e)
        return EntriIndeks(
            kkb_id=e.tugas_id,
            nama=k.nama if k is not None else LABEL_REKAP,
            kelurahan=k.kelurahan if k is not None else "",
            kecamatan=k.kecamatan if k is not None else "",
            tingkat=k.tingkat if k is not None else None,
            status=kd,
            # a document not rendered now has no duration of this run
            durasi_detik=e.durasi_detik if kd in ("berhasil", "gagal") else None,
            pesan=_pesan_keadaan(e, kd),
            berkas={LABEL_TAUTAN[j]: v for j, v in e.berkas.items()},
            dokumen=dokumen,
            dibuat=e.terakhir_dijalankan,
        )

    daftar = [
        _indeks(entri[tugas_dokumen(k.kkb_id, d)], k, LABEL_DOKUMEN[d])
        for k in kkb
        for d in DOKUMEN
        if tugas_dokumen(k.kkb_id, d) in entri
    ]
    tulis_status(folder / STATUS_BERKAS, tahun, daftar, _indeks(entri[REKAP_ID], None, None))


# =============================================================================== landing page
@dataclass(frozen=True)
class KeadaanDokumen:
    """What the landing page says of one document besides its links: when it was made and
    whether it is stale (its inputs changed since)."""

    dibuat: str | None = None  # ISO 8601
    usang: bool = False


#: Checks which documents of a year are stale: (year, the manifest's entries) → task ids.
PeriksaUsang = Callable[[int, Mapping[str, Any]], set[str]]


@dataclass(frozen=True)
class TahunBeranda:
    """One data year on the landing page: its folder name, its KKB in league order and the
    state of its documents (task id → :class:`KeadaanDokumen`; absent: nothing to say)."""

    tahun: int
    kkb: list[InfoKkb]
    dokumen: Mapping[str, KeadaanDokumen] = field(default_factory=dict)


def _keadaan_dokumen(
    tahun: int, laporan: Any, periksa_usang: PeriksaUsang | None
) -> dict[str, KeadaanDokumen]:
    """Task id → state of the year's documents that were made (last outcome good)."""
    if not isinstance(laporan, dict):
        return {}
    baik = {
        k: v for k, v in laporan.items() if isinstance(v, dict) and v.get("status") in STATUS_BAIK
    }
    if periksa_usang is not None:
        usang = periksa_usang(tahun, baik)
    else:  # the staleness recorded by the year's last run
        usang = {k for k, v in baik.items() if v.get("usang") is True}
    return {
        str(k): KeadaanDokumen(
            dibuat=v.get("terakhir_dijalankan")
            if isinstance(v.get("terakhir_dijalankan"), str)
            else None,
            usang=k in usang,
        )
        for k, v in baik.items()
    }


def tahun_beranda(
    reports: Path,
    cadangan: Mapping[int, list[InfoKkb]] | None = None,
    periksa_usang: PeriksaUsang | None = None,
) -> list[TahunBeranda]:
    """Every data year under ``reports`` with a run manifest, newest first, with its ranked KKB
    (the manifest's ``"kkb"``; ``cadangan[tahun]`` when a manifest has none, e.g. one written
    before the landing page existed; else no KKB list) and the state of its documents:
    ``periksa_usang`` decides which are stale now (the batch passes
    :func:`kkb_analysis.laporan.rencana.dokumen_usang`); without it, what the year's last run
    recorded."""
    out = []
    for folder in sorted(Path(reports).glob("*"), reverse=True):
        if not (folder.is_dir() and _TAHUN.match(folder.name)):
            continue
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(manifest, dict):
            continue
        tahun = int(folder.name)
        kkb = info_dari_manifest(manifest)
        if kkb is None:
            kkb = list((cadangan or {}).get(tahun, []))
        dokumen = _keadaan_dokumen(tahun, manifest.get("laporan"), periksa_usang)
        out.append(TahunBeranda(tahun, kkb, dokumen))
    return out


def _tanda(keadaan_dok: KeadaanDokumen | None) -> str:
    """ " dibuat 7 Des 2026" and the "Usang" badge after a document's links."""
    if keadaan_dok is None:
        return ""
    tanda = ""
    dibuat = teks_waktu(keadaan_dok.dibuat, jam=False)
    if dibuat:
        tanda += f' <span class="dibuat">dibuat {_e(dibuat)}</span>'
    if keadaan_dok.usang:
        tanda += ' <span class="badge usang">Usang</span>'
    return tanda


def _tautan_dokumen(
    path: Path, tahun: int, k: InfoKkb, dokumen: Mapping[str, KeadaanDokumen]
) -> str:
    """ "Profil: PDF · HTML dibuat 7 Des 2026 [Usang]" etc. for the documents of ``k`` that
    exist."""
    baris = []
    for dok in DOKUMEN:
        label = LABEL_DOKUMEN[dok]
        kd = dokumen.get(tugas_dokumen(k.kkb_id, dok))
        tautan = []
        for jenis in ("pdf", "html"):
            relatif = f"{tahun}/{k.kkb_id}/{dok}.{jenis}"
            if _ada(path, relatif):
                aria = f"{label} {k.nama}, {LABEL_TAUTAN[jenis]}" + (
                    ", usang" if kd is not None and kd.usang else ""
                )
                tautan.append(
                    f'<a href="{_e(_href(relatif))}" aria-label="{_e(aria)}">'
                    f"{_e(LABEL_TAUTAN[jenis])}</a>"
                )
        isi = (
            " · ".join(tautan) + _tanda(kd)
            if tautan
            else '<span class="kosong">belum tersedia</span>'
        )
        baris.append(f"<li>{_e(label)}: {isi}</li>")
    return f'<ul class="dok">{"".join(baris)}</ul>'


def _tautan_kota(path: Path, tahun: int, kd: KeadaanDokumen | None = None) -> str:
    """The city summary (PDF, HTML; its date and "Usang" badge) and the workbook of ``tahun``
    that exist."""
    rekap = [
        f'<a href="{_e(_href(f"{tahun}/{REKAP_ID}.{j}"))}">{_e(LABEL_TAUTAN[j])}</a>'
        for j in ("pdf", "html")
        if _ada(path, f"{tahun}/{REKAP_ID}.{j}")
    ]
    butir = [
        f"<li>{_e(LABEL_REKAP)} {int(tahun)}: "
        + (
            " · ".join(rekap) + _tanda(kd)
            if rekap
            else '<span class="kosong">belum tersedia</span>'
        )
        + "</li>"
    ]
    if _ada(path, f"{tahun}/{LEMBAR}"):
        butir.append(
            f'<li><a href="{_e(_href(f"{tahun}/{LEMBAR}"))}">{_e(LABEL_LEMBAR)} {int(tahun)}</a>'
            "</li>"
        )
    return f'<ul class="kota">{"".join(butir)}</ul>'


def _perubahan_tingkat(tahun: int, k: InfoKkb) -> str:
    """The tier's change since ``tahun - 1`` in the profil's words ("naik dari Dasar pada
    2022"; :func:`kkb_analysis.laporan.profil.teks_perubahan_tingkat`, the one home)."""
    from kkb_analysis.laporan.profil import teks_perubahan_tingkat

    return teks_perubahan_tingkat(k.tingkat, k.tingkat_sebelumnya, int(tahun))


def _sama_peringkat(kkb: Sequence[InfoKkb]) -> dict[str, list[str]]:
    """KKB id → the names of the other KKB sharing its rank (only KKB with a shared rank)."""
    per: dict[int, list[InfoKkb]] = {}
    for k in kkb:
        if k.peringkat is not None:
            per.setdefault(k.peringkat, []).append(k)
    return {
        k.kkb_id: [lain.nama for lain in grup if lain.kkb_id != k.kkb_id]
        for grup in per.values()
        if len(grup) > 1
        for k in grup
    }


def _daftar_kata(nama: list[str]) -> str:
    return nama[0] if len(nama) == 1 else ", ".join(nama[:-1]) + " dan " + nama[-1]


def _bagian_tahun(path: Path, t: TahunBeranda) -> str:
    lalu = int(t.tahun) - 1
    ada_lalu = any(k.tingkat_sebelumnya is not None for k in t.kkb)
    kolom = ["Peringkat", "Kampung KB", "Tingkat"]
    kolom += [f"Perubahan dari {lalu}"] if ada_lalu else []
    kolom += ["Dokumen"]
    kepala = "".join(f'<th scope="col">{k}</th>' for k in kolom)
    sama = _sama_peringkat(t.kkb)
    baris = []
    for k in t.kkb:
        wilayah = ", ".join(
            f"{jenis} {_e(n)}"
            for jenis, n in (("Kelurahan", k.kelurahan), ("Kecamatan", k.kecamatan))
            if n and str(n).strip()
        )
        nama = f"<strong>{_e(k.nama)}</strong>" + (
            f'<span class="wilayah">{wilayah}</span>' if wilayah else ""
        )
        rank = "–" if k.peringkat is None else format_angka(k.peringkat)
        if k.kkb_id in sama:
            rank += f'<span class="wilayah">sama dengan {_e(_daftar_kata(sama[k.kkb_id]))}</span>'
        baris.append(
            "<tr>"
            + _sel("Peringkat", rank, "angka")
            + _sel("Kampung KB", nama)
            + _sel("Tingkat", _badge_tingkat(k.tingkat))
            + (
                _sel(f"Perubahan dari {lalu}", _e(_perubahan_tingkat(t.tahun, k)))
                if ada_lalu
                else ""
            )
            + _sel("Dokumen", _tautan_dokumen(path, t.tahun, k, t.dokumen))
            + "</tr>"
        )
    catatan = []
    if t.kkb and not ada_lalu:
        catatan.append(
            f"Perubahan tingkat dari {lalu} tidak dapat dinilai: data tahun itu tidak tersedia."
        )
    if sama:
        catatan.append(
            "Peringkat yang sama: Kampung KB dengan tingkat yang sama dan skor peringkat yang "
            "sama (dibulatkan satu desimal) berbagi satu peringkat; peringkat berikutnya "
            "dilewati (mis. dua KKB di peringkat 9, lalu peringkat 11)."
        )
    tabel = (
        "<table>\n"
        f"<caption>Kampung KB data tahun {int(t.tahun)} menurut tingkat dan peringkat</caption>\n"
        f"<thead><tr>{kepala}</tr></thead>\n<tbody>\n"
        + "\n".join(baris)
        + "\n</tbody>\n</table>"
        + "".join(f'\n<p class="catatan">{_e(c)}</p>' for c in catatan)
        if t.kkb
        else "<p>Daftar Kampung KB tahun ini belum tersedia.</p>"
    )
    peringatan = (
        f'<p class="peringatan">{_e(TEKS_USANG)}</p>\n'
        if any(kd.usang for kd in t.dokumen.values())
        else ""
    )
    return (
        f'<section id="tahun-{int(t.tahun)}">\n<h2>Data tahun {int(t.tahun)}</h2>\n'
        f"{peringatan}{_tautan_kota(path, t.tahun, t.dokumen.get(REKAP_ID))}\n{tabel}\n"
        "</section>\n"
    )


def render_beranda(path: Path, tahun: Sequence[TahunBeranda], dinas: Dinas | None = None) -> str:
    """The HTML text of the landing page written at ``path`` (see the module docstring).

    ``dinas`` is a :class:`kkb_analysis.laporan.dinas.Dinas` (default: the settings in force).
    """
    from kkb_analysis.laporan.dinas import identitas_dinas

    path = Path(path)
    d = dinas if dinas is not None else identitas_dinas()
    judul = judul_indeks(getattr(d, "kota", ""))
    menu = " ".join(f'<a href="#tahun-{int(t.tahun)}">{int(t.tahun)}</a>' for t in tahun)
    bagian = "".join(_bagian_tahun(path, t) for t in tahun)
    if not tahun:
        bagian = "<p>Belum ada dokumen yang diterbitkan.</p>\n"
    logo = (
        f'<img src="{_e(d.logo_data_uri)}" alt="" height="56">\n'
        if getattr(d, "logo_data_uri", None)
        else ""
    )
    kontak = "".join(f"<p>{_e(k)}</p>" for k in d.kontak_cetak)
    status = " · ".join(
        f'<a href="{_e(_href(f"{t.tahun}/{STATUS_BERKAS}"))}">{int(t.tahun)}</a>'
        for t in tahun
        if _ada(path, f"{t.tahun}/{STATUS_BERKAS}")
    )
    isi = (
        f'<header>\n{logo}<p class="instansi">{_e(d.instansi)}</p>\n'
        f"<h1>{_e(judul)}</h1>\n"
        "<p>Profil dua halaman, laporan evaluasi dan lampiran teknis setiap Kampung Keluarga "
        "Berkualitas (Kampung KB), ringkasan kota dan tabel indikator. Kampung KB diurutkan "
        "menurut tingkat dan peringkat. Pilih PDF untuk mencetak atau HTML untuk membaca di "
        "layar ponsel.</p>\n"
        + (f'<nav class="tahun" aria-label="Tahun data">Tahun data: {menu}</nav>\n' if menu else "")
        + "</header>\n<main>\n"
        f"{bagian}</main>\n"
        "<footer>\n"
        f"<p><strong>{_e(d.instansi)}</strong></p>\n"
        + (f"<p>{_e(d.bidang)}</p>\n" if getattr(d, "bidang", "") else "")
        + f"<p>Diterbitkan {_e(d.tanggal_terbit_teks)}</p>\n"
        + f'<div class="kontak"><p><strong>Kontak</strong></p>{kontak}</div>\n'
        + (f'\n<p class="analis">{_e(LABEL_STATUS)}: {status}</p>' if status else "")
        + "\n</footer>\n"
    )
    return _halaman(judul, isi)


def tulis_beranda(
    reports: Path,
    cadangan: Mapping[int, list[InfoKkb]] | None = None,
    dinas: Dinas | None = None,
    periksa_usang: PeriksaUsang | None = None,
) -> Path:
    """Write the landing page ``reports/index.html`` for every data year under ``reports``
    (atomically; left untouched when its text would not change) and return its path.
    ``cadangan``, ``periksa_usang``: see :func:`tahun_beranda`."""
    path = Path(reports) / INDEKS
    tahun = tahun_beranda(Path(reports), cadangan, periksa_usang)
    teks = render_beranda(path, tahun, dinas)
    try:
        sama = path.read_text(encoding="utf-8") == teks
    except (OSError, ValueError):
        sama = False
    if not sama:
        atomik.tulis_teks(path, teks)
        logger.debug("Halaman depan ditulis: %s (%d tahun data)", path, len(tahun))
    return path
