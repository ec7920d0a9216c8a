"""Export executed notebooks to offline HTML and to A4 PDF (one headless Chromium per batch).

HTML: nbconvert's ``basic`` template renders only the cell bodies (no ``<head>``, no
require.js/MathJax/mermaid loaders, no 270 kB JupyterLab theme); we wrap that fragment in our
own small document and then sanitize it (every ``<script>`` dropped, every resource that
points to another host removed), so the report opens with no network request at all. LaTeX in
markdown stays as its source text, since MathJax would have to come from a CDN.

Document shell (:func:`susun_dokumen`, applied to every exported page): tables and figures are
numbered ("Tabel N." before every ``.judul-tabel``, "Gambar N." before every
``figure.grafik figcaption``, in document order); every table sits in a horizontal scroll
container with a hint that CSS shows only when the table is wider than the screen; an empty
``<nav class="daftar-isi"></nav>`` is filled with links to the ``h2``/``h3`` headings (cover
headings excluded); a link back to the landing page is added at the top and the bottom (hidden in
print); cells without any output are dropped.

PDF: :class:`PdfPrinter` launches Debian's ``chromium`` (or Chrome/Edge) once through
playwright and prints many HTML files with it; pages are loaded from ``file://`` and every
request to a non-local URL is aborted. PDFs are tagged (structure tree, ``/Lang``) and carry an
outline built from the headings; the running header and the "Halaman X dari Y" footer are CSS
page-margin boxes, suppressed on the cover (named page ``sampul``). A document with a table of
contents is printed twice: the page of every heading is read from the first print's outline and
written into the contents (fixed-width slots, so the layout does not move), then printed again.
Author, subject, keywords and creator are appended to the PDF as an incremental update (a new
``/Info`` dictionary; the printed bytes stay as they are).
"""

from __future__ import annotations

import contextlib
import functools
import html as html_lib
import io
import logging
import os
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from bs4 import BeautifulSoup, Tag

if TYPE_CHECKING:
    from nbformat import NotebookNode

logger = logging.getLogger(__name__)

BROWSER_ENV = "KKB_CHROMIUM"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "msedge")

# Flags known to work on the project machines; playwright adds --headless itself and keeps a
# fresh temporary profile per launch (it refuses a --user-data-dir argument to launch()).
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

#: Cells dropped from the exported report: the analyst note of the notebook, the parameters
#: cell and the cell papermill injects (their code is hidden anyway; dropping them leaves no
#: empty output blocks and guarantees no parameter value is printed).
TAG_HAPUS = ("hapus-saat-ekspor", "parameters", "injected-parameters")

# Kept identical to the @page rule in REPORT_CSS (the CSS rule wins in Chromium; the running
# header and footer are CSS margin boxes drawn inside these margins).
PDF_MARGIN = {"top": "22mm", "bottom": "20mm", "left": "15mm", "right": "15mm"}

#: Words of the document shell (Indonesian, shown to readers).
TEKS_TABEL = "Tabel"
TEKS_GAMBAR = "Gambar"
TEKS_DAFTAR_ISI = "Daftar Isi"
TEKS_PETUNJUK_GULIR = "Geser tabel ke samping →"
TEKS_KEMBALI = "← Kembali ke daftar laporan"
TEKS_NAV_KEMBALI = "Navigasi laporan"

_PITA_SAMPUL = "@page sampul { @top-left { content: none; } @bottom-center { content: none; } }"

REPORT_CSS = (
    """
@page { size: A4; margin: 22mm 15mm 20mm 15mm; }
"""
    + _PITA_SAMPUL
    + """
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0 auto; padding: 1rem; max-width: 60rem;
  font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
  font-size: 16px; line-height: 1.5; color: #1b1b1b; background: #fff;
  overflow-wrap: break-word;
}
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.2em 0 0.5em;
  break-after: avoid; page-break-after: avoid; break-inside: avoid; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.35rem; } h3 { font-size: 1.15rem; }
p, li { orphans: 3; widows: 3; }
p:has(+ ul), p:has(+ ol) { break-after: avoid; page-break-after: avoid; }
li { break-inside: avoid; page-break-inside: avoid; }
img, svg, video, canvas { max-width: 100%; height: auto; }
.output_png, .output_jpeg, .output_svg, figure, img {
  break-inside: avoid; page-break-inside: avoid; }
.output_html, .output_text { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.85rem;
  max-width: 100%; break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.5em; text-align: left;
  vertical-align: top; }
th.angka, td.angka { text-align: right; font-variant-numeric: tabular-nums; }
td.angka { white-space: nowrap; }
th { overflow-wrap: normal; hyphens: manual; }
th.teks, td.teks { text-align: left; }
thead { display: table-header-group; }
thead th { background: #eef1f4; }
tr { break-inside: avoid; page-break-inside: avoid; }
tbody tr:nth-child(even) { background: #f8f9fa; }
.blok-tabel { break-inside: avoid; page-break-inside: avoid; margin: 0.8em 0; }
.blok-tabel.panjang, .blok-tabel.panjang table { break-inside: auto; page-break-inside: auto; }
.blok-tabel p { margin: 0.2em 0; }
.judul-tabel { break-after: avoid; page-break-after: avoid; }
.nomor-tabel, .nomor-gambar { font-weight: bold; }
.kaki-tabel { font-size: 0.8rem; color: #444; }
.gulir-tabel { overflow-x: auto; max-width: 100%; container-type: scroll-state; }
.gulir-tabel > table { margin-top: 0.2em; }
.gulir-tabel:focus-visible { outline: 2px solid #0072B2; outline-offset: 2px; }
.gulir-petunjuk { display: none; position: sticky; left: 0; margin: 0.3em 0 0;
  font-size: 0.8rem; color: #555; white-space: nowrap; }
@container scroll-state(scrollable: x) { .gulir-petunjuk { display: block; } }
@supports not (container-type: scroll-state) {
  @media (max-width: 40rem) { .gulir-petunjuk { display: block; } }
}
figure.grafik { margin: 0.8em 0; break-inside: avoid; page-break-inside: avoid; }
figure.grafik img { display: block; width: 100%; max-width: 42rem; }
figure.grafik figcaption { font-size: 0.85rem; color: #333; margin-top: 0.3em; }
.halaman-baru { break-before: page; page-break-before: always; }
nav.kembali { margin: 0.5em 0 1em; font-size: 0.95rem; }
nav.kembali-bawah { margin: 2em 0 0.5em; border-top: 1px solid #ddd; padding-top: 0.8em; }
nav.daftar-isi { margin: 1em 0 1.5em; }
.daftar-isi-judul { font-size: 1.35rem; font-weight: bold; margin: 0 0 0.6em; }
nav.daftar-isi ol { list-style: none; margin: 0; padding: 0; }
nav.daftar-isi ol ol { padding-left: 1.6em; font-size: 0.95em; }
nav.daftar-isi li { margin: 0.2em 0; break-inside: avoid; page-break-inside: avoid; }
nav.daftar-isi a { display: flex; align-items: baseline; gap: 0.3em; }
nav.daftar-isi .di-titik { flex: 1 1 auto; min-width: 1em; margin-bottom: 0.2em;
  border-bottom: 0.14em dotted #666; }
nav.daftar-isi .di-halaman { flex: 0 0 2.5em; text-align: right;
  font-variant-numeric: tabular-nums; }
.sampul { page: sampul; display: flex; flex-direction: column; justify-content: center;
  align-items: center; text-align: center; min-height: 80vh; padding: 3rem 1.5rem;
  margin-bottom: 2rem; border: 1px solid #c9d1d9; border-top: 0.6rem solid #0072B2;
  break-after: page; page-break-after: always; break-inside: avoid; }
.sampul p { margin: 0.35em 0; }
.sampul-judul { font-size: 2rem; margin: 0 0 1.5em; color: #0b3d66; }
.sampul-kampung-kb { font-size: 1.6rem; font-weight: bold; }
.sampul-wilayah, .sampul-kota { font-size: 1.15rem; }
.sampul-tahun-data { font-size: 1.15rem; margin-top: 1.2em !important; }
.sampul-tingkat-klasifikasi { display: inline-block; font-weight: bold; font-size: 1.1rem;
  border: 3px solid #999; border-radius: 0.4em; padding: 0.2em 0.8em; }
.sampul-dinas { margin-top: 4em !important; font-size: 1.15rem; font-weight: bold; }
.sampul-bidang { font-size: 1rem; }
pre { white-space: pre-wrap; font-size: 0.85rem; background: #f6f8fa;
  padding: 0.5em; border-radius: 4px; break-inside: avoid; }
.output_stderr { display: none; }
@media screen {
  nav.daftar-isi .di-titik, nav.daftar-isi .di-halaman { display: none; }
  /* the print width of a chart (inline, e.g. 12cm) is a floor on screens: wider screens
     show it larger (a phone shows it at the column width either way) */
  figure.grafik img { max-width: 40rem !important; }
}
@media (max-width: 600px) {
  body { padding: 0.6rem; font-size: 15px; }
  .output_html { display: block; overflow-x: auto; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .sampul { min-height: 240mm; border: none; border-top: 0.6rem solid #0072B2;
    margin: 0; }
  .output_html, .output_text, .gulir-tabel { overflow: visible; }
  .gulir-petunjuk, nav.kembali { display: none !important; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
)

_EXTERNAL_RE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
_CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""", re.IGNORECASE)
_CSS_IMPORT_RE = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'");\s]+)[^;]*;?""", re.IGNORECASE)
_SCRIPT_URL_RE = re.compile(r"""(?:https?:|wss?:)?//[^\s'"`<>)]+""", re.IGNORECASE)
# Attributes that make a browser fetch something when the page is opened (<a>/<area> href
# only navigates when tapped, so it is not a request "when opened").
_RESOURCE_ATTRS = ("src", "href", "srcset", "poster", "data", "action", "formaction", "xlink:href")
_NAVIGATION_TAGS = ("a", "area")


class BrowserTidakDitemukan(RuntimeError):  # noqa: N818 - name fixed by the report API
    """No Chromium/Chrome/Edge to print PDFs with; the message tells the analyst what to do."""


def find_browser() -> Path:
    """The browser to print with: ``$KKB_CHROMIUM`` if set, else the first known name on PATH."""
    configured = os.environ.get(BROWSER_ENV, "").strip()
    if configured:
        found = _executable(configured)
        if found is None:
            raise BrowserTidakDitemukan(
                f"Browser untuk mencetak PDF tidak ditemukan: {BROWSER_ENV}={configured!r} "
                "tidak menunjuk ke berkas yang dapat dijalankan. Perbaiki atau hapus variabel "
                f"{BROWSER_ENV}, atau pasang Chromium (apt-get install chromium)."
            )
        return found
    for name in BROWSER_NAMES:
        found = _executable(name)
        if found is not None:
            return found
    raise BrowserTidakDitemukan(
        "Browser untuk mencetak PDF tidak ditemukan (dicari: "
        + ", ".join(BROWSER_NAMES)
        + "). Pasang Chromium dengan 'apt-get install chromium', atau isi variabel "
        f"lingkungan {BROWSER_ENV} dengan path ke Google Chrome atau Microsoft Edge, "
        f"misalnya {BROWSER_ENV}=/usr/bin/google-chrome."
    )


def _executable(name_or_path: str) -> Path | None:
    candidate = Path(name_or_path).expanduser()
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return candidate
    if os.sep in name_or_path:
        return None
    found = shutil.which(name_or_path)
    return Path(found) if found else None


# --------------------------------------------------------------------------- HTML


@functools.cache
def _pengekspor() -> Any:
    """One HTML exporter per process: building one compiles its Jinja templates (≈ 0.3 s).
    nbconvert is imported here, not with the module: the batch's main process uses this module
    only to print PDFs (nbconvert costs ≈ 0.7 s to import)."""
    from nbconvert import HTMLExporter, TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
    from nbconvert.preprocessors import TagRemovePreprocessor

    class PengeksporHtml(HTMLExporter):
        """nbconvert's HTML exporter without its own BeautifulSoup pass (English alt text for
        images without one, tabindex on every output: ≈ 40 % of a report's conversion time);
        our images carry their own alt text and :func:`_sanitize` parses the page once."""

        def from_notebook_node(  # type: ignore[override]
            self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
        ) -> tuple[str, dict[str, Any]]:
            resources = self._init_resources(resources)
            # inputs are never shown (exclude_input): no lexer from the notebook's metadata
            self.register_filter("highlight_code", Highlight2HTML(parent=self))
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(
                    notebook_metadata=self._nb_metadata, parent=self, resources=resources
                ),
            )
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    exporter = PengeksporHtml(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=set(TAG_HAPUS), enabled=True), enabled=True
    )
    return exporter


def notebook_to_html(nb: NotebookNode, title: str, beranda: str | None = None) -> str:
    """A self-contained, offline HTML report of ``nb``: outputs only, images as data URIs;
    cells tagged with one of :data:`TAG_HAPUS` are removed; the document shell of
    :func:`susun_dokumen` is applied (``beranda``: relative link to the landing page)."""
    exporter = _pengekspor()
    body, _ = exporter.from_notebook_node(nb)
    document = (
        "<!DOCTYPE html>\n"
        '<html lang="id">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_lib.escape(title)}</title>\n"
        f"<style>{REPORT_CSS}</style>\n"
        "</head>\n<body>\n<main>\n"
        f"{body}\n"
        "</main>\n</body>\n</html>\n"
    )
    return _sanitize(document, beranda=beranda)


def tautan_beranda(folder_dokumen: Path, folder_tahun: Path) -> str:
    """Relative link from a document in ``folder_dokumen`` to the landing page
    ``reports/index.html`` (the parent of the year folder ``folder_tahun``), with ``/``."""
    from kkb_analysis.laporan.keluaran import INDEKS

    target = Path(folder_tahun).resolve().parent / INDEKS
    return Path(os.path.relpath(target, Path(folder_dokumen).resolve())).as_posix()


# --------------------------------------------------------------------------- document shell

_JUDUL = ("h1", "h2", "h3", "h4", "h5", "h6")


def _teks(tag: Tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split())


def _di_luar_isi(tag: Tag) -> bool:
    """Whether ``tag`` sits in the cover or in the table of contents itself."""
    return any(
        "sampul" in (a.get("class") or []) or "daftar-isi" in (a.get("class") or [])
        for a in tag.parents
        if isinstance(a, Tag)
    )


def _id_unik(soup: BeautifulSoup, tag: Tag, dipakai: set[str], nomor: int) -> str:
    ada = tag.get("id")
    if isinstance(ada, str) and ada and not re.search(r"[\s#%\"'<>]", ada) and ada not in dipakai:
        dipakai.add(ada)
        return ada
    baru, n = f"bagian-{nomor}", nomor
    while baru in dipakai or soup.find(id=baru) is not None:
        n += 1
        baru = f"bagian-{n}"
    tag["id"] = baru
    dipakai.add(baru)
    return baru


def _awali(soup: BeautifulSoup, tag: Tag, kelas: str, teks: str) -> None:
    """Put ``<span class=kelas>teks</span>`` and a space at the start of ``tag``."""
    span = soup.new_tag("span", attrs={"class": kelas})
    span.string = teks
    tag.insert(0, " ")
    tag.insert(0, span)


def _nomori(soup: BeautifulSoup) -> None:
    """'Tabel N.' / 'Gambar N.' before every table title and chart caption, in order."""
    for kelas, cari, kata in (
        ("nomor-tabel", lambda: soup.find_all(class_="judul-tabel"), TEKS_TABEL),
        ("nomor-gambar", lambda: _keterangan_grafik(soup), TEKS_GAMBAR),
    ):
        n = 0
        for tag in cari():
            if tag.find(class_=kelas) is not None:  # already numbered (idempotent)
                continue
            n += 1
            _awali(soup, tag, kelas, f"{kata} {n}.")


def _keterangan_grafik(soup: BeautifulSoup) -> list[Tag]:
    """The captions of the charts (``figure.grafik figcaption``), in document order."""
    return [c for f in soup.find_all("figure", class_="grafik") for c in f.find_all("figcaption")]


def _judul_tabel(table: Tag) -> str:
    caption = table.find("caption")
    if caption is not None and _teks(caption):
        return _teks(caption)
    blok = table.find_parent(class_="blok-tabel")
    judul = blok.find(class_="judul-tabel") if blok is not None else None
    return _teks(judul) if judul is not None else TEKS_TABEL


def _bungkus_tabel(soup: BeautifulSoup) -> None:
    """Every table in a focusable horizontal scroll region with a hint (shown by CSS only
    when the table is wider than its container)."""
    for table in soup.find_all("table"):
        if table.find_parent("table") is not None:
            continue
        induk = table.parent
        if isinstance(induk, Tag) and "gulir-tabel" in (induk.get("class") or []):
            continue
        wadah = soup.new_tag(
            "div",
            attrs={
                "class": "gulir-tabel",
                "role": "region",
                "tabindex": "0",
                "aria-label": _judul_tabel(table),
            },
        )
        petunjuk = soup.new_tag("p", attrs={"class": "gulir-petunjuk", "aria-hidden": "true"})
        petunjuk.string = TEKS_PETUNJUK_GULIR
        table.wrap(wadah)
        wadah.insert(0, petunjuk)


def _isi_daftar(soup: BeautifulSoup) -> None:
    """Fill every empty ``nav.daftar-isi`` with links to the h2 (and h3) headings."""
    navs = [n for n in soup.find_all("nav", class_="daftar-isi") if not n.find(True)]
    if not navs:
        return
    dipakai: set[str] = set()
    entri: list[tuple[int, str, str]] = []  # (level, id, text)
    for nomor, h in enumerate(soup.find_all(_JUDUL), start=1):
        if _di_luar_isi(h) or h.name not in ("h2", "h3"):
            continue
        teks = _teks(h)
        if not teks or teks.casefold().startswith(TEKS_DAFTAR_ISI.casefold()):
            continue
        entri.append((int(h.name[1]), _id_unik(soup, h, dipakai, nomor), teks))
    for nav in navs:
        tingkat = 2 if str(nav.get("data-tingkat", "3")).strip() == "2" else 3
        nav["aria-label"] = TEKS_DAFTAR_ISI
        sebelum = nav.find_previous_sibling(True)
        if sebelum is None or _teks(sebelum).casefold() != TEKS_DAFTAR_ISI.casefold():
            judul = soup.new_tag("p", attrs={"class": "daftar-isi-judul"})
            judul.string = TEKS_DAFTAR_ISI
            nav.append(judul)  # the section code wrote no title of its own
        akar = soup.new_tag("ol")
        nav.append(akar)
        daftar, li_akhir = akar, None
        for level, hid, teks in entri:
            if level > tingkat:
                continue
            if level == 2:
                daftar = akar
            elif li_akhir is not None and daftar is akar:
                daftar = soup.new_tag("ol")
                li_akhir.append(daftar)
            li = soup.new_tag("li", attrs={"class": f"tingkat-{level}"})
            a = soup.new_tag("a", attrs={"href": f"#{hid}"})
            for kelas, isi in (("di-judul", teks), ("di-titik", ""), ("di-halaman", "")):
                span = soup.new_tag("span", attrs={"class": kelas})
                if isi:
                    span.string = isi
                if kelas == "di-halaman":
                    span["data-untuk"] = hid
                if kelas != "di-judul":
                    span["aria-hidden"] = "true"
                a.append(span)
            li.append(a)
            daftar.append(li)
            if level == 2:
                li_akhir = li


def _tautan_kembali(soup: BeautifulSoup, beranda: str) -> None:
    """A link back to the landing page at the top and at the bottom (hidden in print)."""
    body = soup.body
    if body is None or soup.find("nav", class_="kembali") is not None:
        return
    for posisi in ("atas", "bawah"):
        nav = soup.new_tag(
            "nav", attrs={"class": f"kembali kembali-{posisi}", "aria-label": TEKS_NAV_KEMBALI}
        )
        a = soup.new_tag("a", attrs={"href": beranda})
        a.string = TEKS_KEMBALI
        nav.append(a)
        if posisi == "atas":
            body.insert(0, nav)
        else:
            body.append(nav)


def _buang_sel_kosong(soup: BeautifulSoup) -> None:
    """Drop notebook cells without any output (code cells that display nothing): they only
    add empty blocks, and before the cover they would push it off the first page."""
    for sel in soup.find_all("div", class_="cell"):
        if sel.find(True) is None and not _teks(sel):
            sel.decompose()


def susun_dokumen(soup: BeautifulSoup, beranda: str | None = None) -> None:
    """Apply the document shell in place (see the module docstring)."""
    _buang_sel_kosong(soup)
    _nomori(soup)
    _bungkus_tabel(soup)
    _isi_daftar(soup)
    if beranda:
        _tautan_kembali(soup, beranda)


def _is_external(url: str) -> bool:
    url = url.strip()
    if not url or url.lower().startswith(_LOCAL_SCHEMES):
        return False
    if _EXTERNAL_RE.match(url):
        return True
    # "https:example.org" and other absolute non-local schemes (ftp:, ws:, ...) leave the file.
    return bool(re.match(r"^(?:https?|ftp|wss?):", url, re.IGNORECASE))


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _attr_urls(name: str, value: Any) -> list[str]:
    if isinstance(value, list):  # bs4 splits multi-valued attributes
        value = " ".join(value)
    value = str(value)
    return _srcset_urls(value) if name == "srcset" else [value]


def _css_external(css: str) -> list[str]:
    urls = [m.group(2) for m in _CSS_URL_RE.finditer(css)]
    urls += [m.group(1) for m in _CSS_IMPORT_RE.finditer(css)]
    return [u for u in urls if _is_external(u)]


def _strip_css(css: str) -> str:
    css = _CSS_IMPORT_RE.sub(lambda m: "" if _is_external(m.group(1)) else m.group(0), css)
    return _CSS_URL_RE.sub(lambda m: "none" if _is_external(m.group(2)) else m.group(0), css)


def _sanitize(document: str, beranda: str | None = None) -> str:
    """Drop scripts and anything that would fetch from another host; drop ¶ anchor links;
    apply the document shell (:func:`susun_dokumen`)."""
    soup = BeautifulSoup(document, "html.parser")
    for tag in soup.find_all(["script", "noscript", "iframe", "object", "embed", "base"]):
        tag.decompose()
    for tag in soup.find_all("a", class_="anchor-link"):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.name in _NAVIGATION_TAGS:
            continue
        external = any(
            _is_external(url)
            for attr in _RESOURCE_ATTRS
            if tag.has_attr(attr)
            for url in _attr_urls(attr, tag[attr])
        )
        if external:
            tag.decompose()
            continue
        if tag.has_attr("style"):
            tag["style"] = _strip_css(str(tag["style"]))
    for style in soup.find_all("style"):
        if style.string and _css_external(style.string):
            style.string = _strip_css(style.string)
    susun_dokumen(soup, beranda)
    return str(soup)


def assert_offline(html: str) -> list[str]:
    """External URLs the page would fetch when opened (resource src/href, CSS, scripts).

    An empty list means the page is fully offline. ``<a href>`` links are navigation, not
    requests on opening, and are not reported.
    """
    soup = BeautifulSoup(html, "html.parser")
    found: list[str] = []
    for tag in soup.find_all(True):
        if tag.name not in _NAVIGATION_TAGS:
            for attr in _RESOURCE_ATTRS:
                if tag.has_attr(attr):
                    found += [u for u in _attr_urls(attr, tag[attr]) if _is_external(u)]
        if tag.has_attr("style"):
            found += _css_external(str(tag["style"]))
        if tag.name == "style" and tag.string:
            found += _css_external(tag.string)
        if tag.name == "script" and tag.string:
            found += _SCRIPT_URL_RE.findall(tag.string)
    return list(dict.fromkeys(found))


# --------------------------------------------------------------------------- PDF


#: Agency named as the PDF author until ``kkb_analysis.laporan.dinas`` provides it.
#: Prints of a document with a table of contents: the second normally settles every page
#: number (fixed-width slots); a third is a safety net if a number still moved.
MAKS_CETAK = 3

_GAYA_PITA = "font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8pt; color: #555;"

# Cover headings become plain paragraphs while printing (not in the saved HTML), so the PDF
# outline starts with the sections instead of nesting the whole document under the cover title.
_JS_JUDUL_SAMPUL = """() => {
  for (const h of document.querySelectorAll('.sampul :is(h1,h2,h3,h4,h5,h6)')) {
    const p = document.createElement('p');
    p.className = h.className; p.innerHTML = h.innerHTML;
    h.replaceWith(p);
  }
  return document.querySelectorAll('nav.daftar-isi .di-halaman[data-untuk]').length;
}"""
# Visible headings in document order, as Chromium lists them in the outline.
_JS_JUDUL = """() => Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'))
  .filter(h => h.getClientRects().length > 0)
  .map(h => [h.id || '', h.textContent || ''])"""
_JS_ISI_HALAMAN = """(halaman) => {
  let berubah = false;
  for (const s of document.querySelectorAll('nav.daftar-isi .di-halaman[data-untuk]')) {
    const baru = halaman[s.dataset.untuk] ?? '';
    if (s.textContent !== baru) { s.textContent = baru; berubah = true; }
  }
  return berubah;
}"""


@dataclass(frozen=True)
class MetadataPdf:
    """Document information written into a printed PDF."""

    judul: str
    penulis: str = ""  # the agency (cetak.py passes identitas_dinas().instansi)
    subjek: str = ""
    kata_kunci: Sequence[str] = ()
    pembuat: str = "kkb-analysis"


def _penulis_bawaan() -> str:
    """The agency as the PDF's author when the caller gives no metadata (dinas.py)."""
    from kkb_analysis.laporan.dinas import identitas_dinas

    return identitas_dinas().instansi


def _teks_css(teks: str) -> str:
    """``teks`` as a CSS string literal."""
    bersih = " ".join(str(teks).split())
    return '"' + bersih.replace("\\", "\\\\").replace('"', '\\"') + '"'


def gaya_pita(header_text: str, footer: bool) -> str:
    """CSS margin boxes: the running header (top left) and 'Halaman X dari Y' (bottom centre);
    the named page ``sampul`` (the cover) keeps neither (rule in :data:`REPORT_CSS`)."""
    kaki = (
        f'@bottom-center {{ content: "Halaman " counter(page) " dari " counter(pages); '
        f"{_GAYA_PITA} }}"
        if footer
        else ""
    )
    # Chromium lets the later @page rule win over the named page: repeat the cover's rule last
    return (
        f"@page {{ @top-left {{ content: {_teks_css(header_text)}; {_GAYA_PITA} "
        f"vertical-align: bottom; padding-bottom: 5mm; }} {kaki} }}\n{_PITA_SAMPUL}"
    )


def _rata(teks: str) -> str:
    return "".join(str(teks).split()).casefold()


def outline_pdf(data: bytes) -> list[tuple[str, int]]:
    """(title, 1-based page) of every outline item of a PDF, in document order."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    keluar: list[tuple[str, int]] = []

    def jalan(item: Any) -> None:
        for x in item:
            if isinstance(x, list):
                jalan(x)
            else:
                halaman = reader.get_destination_page_number(x)
                if halaman is not None and halaman >= 0:
                    keluar.append((str(x.title or ""), halaman + 1))

    jalan(reader.outline)
    return keluar


def halaman_judul(
    judul: Sequence[tuple[str, str]], outline: Sequence[tuple[str, int]]
) -> dict[str, str]:
    """Page (as text) of every heading id: headings (id, text) in document order matched to
    outline items (title, page) in order, by text with white space ignored."""
    keluar: dict[str, str] = {}
    i = 0
    for hid, teks in judul:
        kunci = _rata(teks)
        j = i
        while j < len(outline) and _rata(outline[j][0]) != kunci:
            j += 1
        if j == len(outline):
            continue  # not in the outline (e.g. empty): leave it blank, keep the position
        if hid:
            keluar[hid] = str(outline[j][1])
        i = j + 1
    return keluar


def tulis_metadata(data: bytes, meta: MetadataPdf) -> bytes:
    """``data`` with a new document information dictionary appended (incremental update).

    Appending keeps the printed objects byte for byte (structure tree, outline, ``/Lang``) and
    costs almost nothing, where rewriting a tagged PDF with pypdf takes seconds. A file whose
    cross-reference is a stream (not what Chromium writes) is rewritten with pypdf instead.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        DictionaryObject,
        IndirectObject,
        NameObject,
        NumberObject,
        create_string_object,
    )

    reader = PdfReader(io.BytesIO(data))
    info = DictionaryObject()
    lama = reader.trailer.get("/Info")
    if lama is not None:
        for k, v in lama.get_object().items():
            info[NameObject(k)] = v
    isi = {
        "/Title": meta.judul,
        "/Author": meta.penulis,
        "/Subject": meta.subjek,
        "/Keywords": ", ".join(k for k in meta.kata_kunci if k),
        "/Creator": meta.pembuat,
    }
    for k, v in isi.items():
        if v:
            info[NameObject(k)] = create_string_object(v)
    awal = data.rfind(b"startxref")
    cocok = re.match(rb"startxref\s+(\d+)", data[awal:]) if awal >= 0 else None
    klasik = cocok is not None and data[int(cocok.group(1)) :].startswith(b"xref")
    if not klasik or cocok is None:
        writer = PdfWriter(clone_from=reader)
        writer.add_metadata({k: v for k, v in isi.items() if v})
        keluar = io.BytesIO()
        writer.write(keluar)
        return keluar.getvalue()
    nomor = int(reader.trailer["/Size"])
    buf = io.BytesIO()
    buf.write(data if data.endswith(b"\n") else data + b"\n")
    posisi = buf.tell()
    buf.write(f"{nomor} 0 obj\n".encode())
    info.write_to_stream(buf)
    buf.write(b"\nendobj\n")
    xref = buf.tell()
    buf.write(f"xref\n{nomor} 1\n{posisi:010d} 00000 n \n".encode())
    trailer = DictionaryObject()
    for k in list(reader.trailer.keys()):
        if k not in ("/Size", "/Prev", "/Info", "/XRefStm"):
            trailer[NameObject(k)] = reader.trailer.raw_get(k)
    trailer[NameObject("/Size")] = NumberObject(nomor + 1)
    trailer[NameObject("/Info")] = IndirectObject(nomor, 0, reader)
    trailer[NameObject("/Prev")] = NumberObject(int(cocok.group(1)))
    buf.write(b"trailer\n")
    trailer.write_to_stream(buf)
    buf.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
    return buf.getvalue()


class PdfPrinter:
    """One headless browser for a batch of PDFs::

    with PdfPrinter() as printer:
        for html_path, pdf_path in jobs:
            printer.print_pdf(html_path, pdf_path, "KKB Sukamaju — 2024")
    """

    def __init__(self, browser: Path | None = None, timeout_ms: int = 60_000):
        self._browser_path = browser
        self._timeout_ms = timeout_ms
        self._playwright: Any = None
        self._browser: Any = None
        self._context: Any = None
        self._page: Any = None
        self.blocked: list[str] = []  # non-local URLs that pages tried to load (aborted)
        self.jumlah_cetak = 0  # prints of the last PDF (2 with a table of contents)
        #: heading id → page of the last PDF's table of contents (None without one)
        self.halaman_isi: dict[str, str] | None = None

    def __enter__(self) -> PdfPrinter:
        from playwright.sync_api import sync_playwright

        executable = self._browser_path or find_browser()
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=str(executable), headless=True, args=list(CHROMIUM_ARGS)
            )
            self._context = self._browser.new_context(service_workers="block")
            self._context.set_default_timeout(self._timeout_ms)
            self._context.route("**/*", self._local_only)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        for closer in (self._page, self._context, self._browser):
            if closer is not None:
                with contextlib.suppress(Exception):  # best effort while shutting down
                    closer.close()
        if self._playwright is not None:
            self._playwright.stop()
        self._page = self._context = self._browser = self._playwright = None

    def _halaman(self) -> Any:
        # one page (one renderer process) is reused for the whole batch: a new page per PDF
        # costs ≈ 0.35 s of CPU each (measured on the 34-page KKB report: 0.87 → 0.51 s)
        if self._page is None:
            self._page = self._context.new_page()
            self._page.emulate_media(media="print")
        return self._page

    def panaskan(self) -> None:
        """Print a one-line page in the reports' style once, so that the first real PDF does
        not pay for the renderer's start (fonts, print layout: ≈ 1 s of the first PDF)."""
        if self._context is None:
            raise RuntimeError("PdfPrinter harus dipakai di dalam blok 'with'.")
        page = self._halaman()
        page.set_content(
            f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><style>{REPORT_CSS}'
            "</style></head><body><main><h1>Kampung KB</h1><p><b>Tebal</b> <i>miring</i> "
            "0123456789</p><table><tr><th>A</th><td>1</td></tr></table></main></body></html>"
        )
        page.pdf(format="A4", print_background=True, margin=PDF_MARGIN, tagged=True)

    def print_pdf(
        self,
        html_path: Path,
        pdf_path: Path,
        header_text: str,
        footer: bool = True,
        metadata: MetadataPdf | None = None,
        tebakan: Mapping[str, str] | None = None,
    ) -> Path:
        """Print ``html_path`` (loaded as file://) to a tagged A4 ``pdf_path`` with outline,
        running header, page footer, table-of-contents page numbers and ``metadata``.
        ``tebakan`` (heading id → page, :attr:`halaman_isi` of the last print of the same
        document) fills the table of contents before the first print: when no heading moved,
        that print is the final one; else it is printed again with the pages read back.
        """
        if self._context is None:
            raise RuntimeError("PdfPrinter harus dipakai di dalam blok 'with'.")
        html_path = Path(html_path).resolve()
        pdf_path = Path(pdf_path)
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            page = self._halaman()
            page.goto(html_path.as_uri(), wait_until="load")
            page.add_style_tag(content=gaya_pita(header_text, footer))
            n_halaman = page.evaluate(_JS_JUDUL_SAMPUL)
            self.halaman_isi = None
            if n_halaman and tebakan:
                # the pages of the last print of this document: when no heading moved, the
                # first print is already the final one (checked below, printed again if not)
                page.evaluate(_JS_ISI_HALAMAN, dict(tebakan))
            opsi = {
                "format": "A4",
                "print_background": True,
                "margin": PDF_MARGIN,
                "tagged": True,
                "outline": True,
            }
            data = page.pdf(**opsi)
            self.jumlah_cetak = 1
            if n_halaman:
                judul = [(str(a), str(b)) for a, b in page.evaluate(_JS_JUDUL)]
                for _ in range(MAKS_CETAK - 1):
                    halaman = halaman_judul(judul, outline_pdf(data))
                    self.halaman_isi = halaman
                    if not page.evaluate(_JS_ISI_HALAMAN, halaman):
                        break
                    data = page.pdf(**opsi)
                    self.jumlah_cetak += 1
            data = tulis_metadata(data, metadata or MetadataPdf(header_text, _penulis_bawaan()))
            pdf_path.write_bytes(data)
        except BaseException:
            with contextlib.suppress(Exception):  # a page in an unknown state is not reused
                self._page.close()
            self._page = None
            raise
        return pdf_path

    def _local_only(self, route: Any) -> None:
        """Let file:/data: requests through; abort anything that would leave the machine."""
        url = route.request.url
        if url.lower().startswith(_LOCAL_SCHEMES):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")
