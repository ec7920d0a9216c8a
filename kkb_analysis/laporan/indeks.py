"""The index page of a batch run: ``reports/<tahun>/index.html``, one line per Kampung KB.

:func:`tulis_index` writes a small, self-contained HTML page (no script, no external resource,
readable on a phone) that lists every KKB with its kelurahan, kecamatan, tier, run status and
links to its report files, plus the city summary. Every text taken from the caller (names,
messages, tiers, file names) is HTML-escaped and every link is relative and URL-quoted, so a KKB
named ``<script>alert(1)</script>`` shows literally. Links are made only to files that exist.

Tier badge colours follow the portal (indicators.md §2.6: Dasar red, Berkembang yellow, Mandiri
green, Berkelanjutan blue) in the Okabe–Ito shades used by the report charts
(``grafik.WARNA_TINGKAT``); an unknown tier or "data tidak cukup" gets a neutral grey badge. The
tier is always written in words, so colour is never the only cue.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from kkb_analysis import atomik
from kkb_analysis.laporan.format import format_angka
from kkb_analysis.laporan.keluaran import INDEKS, LABEL_REKAP, LABEL_TAUTAN, REKAP_ID, judul_indeks
from kkb_analysis.laporan.manifest import Entri
from kkb_analysis.laporan.rencana import InfoKkb
from kkb_analysis.nama import teks_tampil

logger = logging.getLogger(__name__)

__all__ = ["STATUS", "EntriIndeks", "tulis_index", "tulis_index_run"]

#: Run status of an entry → (CSS class suffix, words printed on the page).
STATUS: dict[str, tuple[str, str]] = {
    "berhasil": ("berhasil", "Berhasil"),
    "gagal": ("gagal", "Gagal"),
    "dilewati": ("dilewati", "Tidak berubah (dilewati)"),
    "belum dijalankan": ("belum", "Belum dijalankan"),
}

#: Tier → (CSS class suffix). Colours are in :data:`_CSS`; text colour chosen for contrast
#: (black on red/yellow/green/grey, white on blue).
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
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.5em 0; }
h2 { font-size: 1.2rem; margin: 1.5em 0 0.5em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #c9d1d9; padding: 0.35em 0.5em; text-align: left;
  vertical-align: top; }
thead th { background: #eef1f4; }
tbody tr:nth-child(even) { background: #f8f9fa; }
td.angka { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
a { color: #0b5cad; }
.tautan a { display: inline-block; margin: 0 0.6em 0.2em 0; padding: 0.1em 0; }
.badge { display: inline-block; padding: 0.05em 0.55em; border-radius: 0.8em;
  font-size: 0.85em; font-weight: bold; white-space: nowrap; border: 1px solid transparent; }
.tingkat-dasar { background: #D55E00; color: #000; }
.tingkat-berkembang { background: #F0E442; color: #000; }
.tingkat-mandiri { background: #009E73; color: #000; }
.tingkat-berkelanjutan { background: #0072B2; color: #fff; }
.tingkat-lain { background: #e4e7eb; color: #000; border-color: #999; }
.status { font-weight: bold; }
.status-berhasil { color: #1a7f37; }
.status-gagal { color: #b42318; }
.status-dilewati { color: #0b5cad; }
.status-belum { color: #57606a; }
.pesan { display: block; font-weight: normal; color: #1b1b1b; white-space: pre-line;
  font-size: 0.85em; margin-top: 0.2em; }
.kosong { color: #57606a; }
footer { margin-top: 1.5rem; padding-top: 0.5rem; border-top: 1px solid #c9d1d9;
  font-size: 0.9rem; color: #333; }
@media (max-width: 40rem) {
  body { padding: 0.6rem; font-size: 15px; }
  table, thead, tbody, tr, th, td { display: block; width: 100%; }
  thead { position: absolute; left: -9999px; }
  tbody tr { border: 1px solid #c9d1d9; border-radius: 6px; margin-bottom: 0.8rem;
    padding: 0.3rem 0.5rem; }
  td { border: none; padding: 0.15em 0; }
  td.angka { text-align: left; }
  td::before { content: attr(data-label) ": "; font-weight: bold; color: #444; }
}
@media print { a { color: inherit; } * { print-color-adjust: exact;
  -webkit-print-color-adjust: exact; } }
"""

_SKEMA_URL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


@dataclass(frozen=True)
class EntriIndeks:
    """One line of the index: a KKB report (or the city summary) and how its run went.

    ``berkas`` maps a link label ("HTML", "PDF", "Notebook") to a path **relative to the index
    file** (``"KKB-1/laporan.html"``); only files that exist are linked. ``pesan`` is shown
    under the status (for a failure: what went wrong and what to do).
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

    def __post_init__(self) -> None:
        if self.status not in STATUS:
            raise ValueError(
                f"status {self.status!r} tidak dikenal; pilih salah satu dari {sorted(STATUS)}"
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
            f"tautan berkas harus path relatif terhadap index (mis. 'KKB-1/laporan.html'), "
            f"bukan {teks!r}"
        )
    return quote(teks, safe="/")


def _tautan(index_path: Path, berkas: Mapping[str, str | PurePosixPath | Path]) -> str:
    """Links to the files of ``berkas`` that exist next to the index, else "tidak ada berkas"."""
    bagian = []
    for label, relatif in berkas.items():
        href = _href(relatif)
        target = index_path.parent / str(relatif).replace("\\", "/")
        if not target.is_file():
            logger.debug("Berkas %s tidak ada, tidak ditautkan", target)
            continue
        bagian.append(f'<a href="{_e(href)}">{_e(label)}</a>')
    return " ".join(bagian) if bagian else '<span class="kosong">tidak ada berkas</span>'


def _badge_tingkat(tingkat: str | None) -> str:
    if tingkat is None or not str(tingkat).strip():
        return '<span class="kosong">belum ada</span>'
    kelas = _KELAS_TINGKAT.get(str(tingkat).strip(), "lain")
    return f'<span class="badge tingkat-{kelas}">{_e(tingkat)}</span>'


def _status(entri: EntriIndeks) -> str:
    kelas, kata = STATUS[entri.status]
    pesan = f'<span class="pesan">{_e(entri.pesan)}</span>' if entri.pesan else ""
    return f'<span class="status status-{kelas}">{_e(kata)}</span>{pesan}'


def _teks(nilai: str | None) -> str:
    return _e(nilai) if nilai is not None and str(nilai).strip() else "–"


def _baris(index_path: Path, entri: EntriIndeks) -> str:
    # data-label feeds the phone layout (td::before); the labels are fixed strings, not data
    sel = [
        ("Kampung KB", "", _teks(entri.nama)),
        ("Kelurahan", "", _teks(entri.kelurahan)),
        ("Kecamatan", "", _teks(entri.kecamatan)),
        ("Tingkat", "", _badge_tingkat(entri.tingkat)),
        ("Status", "", _status(entri)),
        ("Durasi", "angka", _e(_format_durasi(entri.durasi_detik))),
        ("Berkas", "tautan", _tautan(index_path, entri.berkas)),
    ]
    isi = "".join(
        f'<td data-label="{label}"' + (f' class="{kelas}"' if kelas else "") + f">{teks}</td>"
        for label, kelas, teks in sel
    )
    return f"<tr>{isi}</tr>"


def _ringkasan(entri: list[EntriIndeks]) -> str:
    """Footer line: "13 Kampung KB: 11 berhasil, 1 gagal, 1 dilewati." (zero-count extras
    omitted, berhasil and gagal always shown)."""
    hitung = {s: sum(e.status == s for e in entri) for s in STATUS}
    bagian = [
        f"{format_angka(hitung['berhasil'])} berhasil",
        f"{format_angka(hitung['gagal'])} gagal",
    ]
    if hitung["dilewati"]:
        bagian.append(f"{format_angka(hitung['dilewati'])} tidak berubah (dilewati)")
    if hitung["belum dijalankan"]:
        bagian.append(f"{format_angka(hitung['belum dijalankan'])} belum dijalankan")
    return f"{format_angka(len(entri))} Kampung KB: " + ", ".join(bagian) + "."


# ---------------------------------------------------------------------------------------- API
def render_index(
    path: Path, tahun: int, entri: list[EntriIndeks], rekap: EntriIndeks | None
) -> str:
    """The HTML text of the index page that :func:`tulis_index` writes at ``path``
    (``path`` is needed to resolve and check the relative links)."""
    path = Path(path)
    judul = judul_indeks(tahun)
    baris = "\n".join(_baris(path, e) for e in entri)
    if not entri:
        baris = '<tr><td colspan="7">Belum ada Kampung KB yang diproses.</td></tr>'
    if rekap is None:
        bagian_rekap = "<p>Rekap kota belum dibuat.</p>"
    else:
        durasi = (
            f" ({_e(_format_durasi(rekap.durasi_detik))})" if rekap.durasi_detik is not None else ""
        )
        bagian_rekap = (
            f"<p>{_teks(rekap.nama)}: {_status(rekap)}{durasi}</p>\n"
            f'<p class="tautan">{_tautan(path, rekap.berkas)}</p>'
        )
    kepala = "".join(
        f"<th>{k}</th>"
        for k in ("Kampung KB", "Kelurahan", "Kecamatan", "Tingkat", "Status", "Durasi", "Berkas")
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="id">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(judul)}</title>\n"
        f"<style>{_CSS}</style>\n"
        "</head>\n<body>\n<main>\n"
        f"<h1>{_e(judul)}</h1>\n"
        f"<p>Halaman ini memuat laporan evaluasi setiap Kampung Keluarga Berkualitas (Kampung KB) "
        f"untuk data tahun {int(tahun)}, beserta rekap kota. Pilih HTML untuk membaca di layar "
        "atau PDF untuk mencetak.</p>\n"
        "<h2>Laporan per Kampung KB</h2>\n"
        f"<table>\n<thead><tr>{kepala}</tr></thead>\n<tbody>\n{baris}\n</tbody>\n</table>\n"
        "<h2>Rekap kota</h2>\n"
        f"{bagian_rekap}\n"
        "</main>\n"
        f"<footer><p>{_e(_ringkasan(entri))}</p></footer>\n"
        "</body>\n</html>\n"
    )


def tulis_index(
    path: Path, tahun: int, entri: list[EntriIndeks], rekap: EntriIndeks | None
) -> None:
    """Write the batch index page "Laporan Evaluasi Kampung KB — Tahun <tahun>" to ``path``.

    One table row per entry of ``entri`` (in the given order), the city summary ``rekap``
    (``None`` = not made), and a footer with the counts per status. The file is replaced
    atomically (:func:`kkb_analysis.atomik.tulis_teks`: temporary file in the same folder,
    then ``os.replace``).

    Raises:
        ValueError: a ``berkas`` path is absolute or a URL (links must be relative to ``path``).
    """
    path = Path(path)
    teks = render_index(path, tahun, entri, rekap)
    atomik.tulis_teks(path, teks)
    logger.info("Indeks laporan ditulis: %s (%d Kampung KB)", path, len(entri))


def tulis_index_run(
    folder: Path, tahun: int, kkb: Sequence[InfoKkb], entri: Mapping[str, Entri]
) -> None:
    """The index page of a batch run in ``folder``: every KKB with its tier, status and links,
    then the city summary (``entri`` maps a task id to its entry of the run)."""

    def _indeks(e: Entri, nama: str, kel: str, kec: str, tingkat: str | None) -> EntriIndeks:
        return EntriIndeks(
            kkb_id=e.tugas_id,
            nama=nama,
            kelurahan=kel,
            kecamatan=kec,
            tingkat=tingkat,
            status=e.status,
            durasi_detik=e.durasi_detik,
            pesan=e.pesan,
            berkas={LABEL_TAUTAN[k]: v for k, v in e.berkas.items()},
        )

    daftar = [_indeks(entri[k.kkb_id], k.nama, k.kelurahan, k.kecamatan, k.tingkat) for k in kkb]
    rekap = _indeks(entri[REKAP_ID], LABEL_REKAP, "", "", None)
    tulis_index(folder / INDEKS, tahun, daftar, rekap)
