"""Export executed notebooks to offline HTML and to A4 PDF (one headless Chromium per batch).

HTML: nbconvert's ``basic`` template renders only the cell bodies (no ``<head>``, no
require.js/MathJax/mermaid loaders, no 270 kB JupyterLab theme); we wrap that fragment in our
own small document and then sanitize it (every ``<script>`` dropped, every resource that
points to another host removed), so the report opens with no network request at all. LaTeX in
markdown stays as its source text, since MathJax would have to come from a CDN.

PDF: :class:`PdfPrinter` launches Debian's ``chromium`` (or Chrome/Edge) once through
playwright and prints many HTML files with it; pages are loaded from ``file://`` and every
request to a non-local URL is aborted.
"""

from __future__ import annotations

import contextlib
import html as html_lib
import os
import re
import shutil
from pathlib import Path
from types import TracebackType
from typing import Any

import nbformat
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

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

# Kept identical to the @page rule in REPORT_CSS so that Chromium's header/footer sit in the
# same margin box whichever of the two wins.
PDF_MARGIN = {"top": "22mm", "bottom": "20mm", "left": "15mm", "right": "15mm"}

REPORT_CSS = """
@page { size: A4; margin: 22mm 15mm 20mm 15mm; }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0 auto; padding: 1rem; max-width: 60rem;
  font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
  font-size: 16px; line-height: 1.5; color: #1b1b1b; background: #fff;
  overflow-wrap: break-word;
}
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.2em 0 0.5em;
  break-after: avoid; page-break-after: avoid; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.35rem; } h3 { font-size: 1.15rem; }
p, li { orphans: 3; widows: 3; }
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
.kaki-tabel { font-size: 0.8rem; color: #444; }
figure.grafik { margin: 0.8em 0; break-inside: avoid; page-break-inside: avoid; }
figure.grafik img { display: block; width: 100%; max-width: 42rem; }
figure.grafik figcaption { font-size: 0.85rem; color: #333; margin-top: 0.3em; }
.sampul { display: flex; flex-direction: column; justify-content: center;
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
@media (max-width: 600px) {
  body { padding: 0.6rem; font-size: 15px; }
  .output_html { display: block; overflow-x: auto; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .sampul { min-height: 240mm; border: none; border-top: 0.6rem solid #0072B2;
    margin: 0; }
  .output_html, .output_text { overflow: visible; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

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


def notebook_to_html(nb: nbformat.NotebookNode, title: str) -> str:
    """A self-contained, offline HTML report of ``nb``: outputs only, images as data URIs;
    cells tagged with one of :data:`TAG_HAPUS` are removed."""
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=set(TAG_HAPUS), enabled=True), enabled=True
    )
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
    return _sanitize(document)


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


def _sanitize(document: str) -> str:
    """Drop scripts and anything that would fetch from another host; drop ¶ anchor links."""
    soup = BeautifulSoup(document, "html.parser")
    for tag in soup.find_all(["script", "noscript", "iframe", "object", "embed", "base"]):
        tag.decompose()
    for tag in soup.select("a.anchor-link"):
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


def _band(text: str, align: str) -> str:
    # Chromium renders header/footer templates at font-size 0 unless told otherwise, and
    # with no access to the page's CSS: everything must be inline.
    return (
        f'<div style="font-size:8pt;font-family:DejaVu Sans,Arial,sans-serif;color:#555;'
        f'width:100%;margin:0 15mm;text-align:{align};">{text}</div>'
    )


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

    def print_pdf(
        self, html_path: Path, pdf_path: Path, header_text: str, footer: bool = True
    ) -> Path:
        """Print ``html_path`` (loaded as file://) to an A4 ``pdf_path``; returns ``pdf_path``."""
        if self._context is None:
            raise RuntimeError("PdfPrinter harus dipakai di dalam blok 'with'.")
        html_path = Path(html_path).resolve()
        pdf_path = Path(pdf_path)
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        footer_html = (
            _band(
                'Halaman <span class="pageNumber"></span> dari <span class="totalPages"></span>',
                "center",
            )
            if footer
            else "<span></span>"
        )
        # one page (one renderer process) is reused for the whole batch: a new page per PDF
        # costs ≈ 0.35 s of CPU each (measured on the 34-page KKB report: 0.87 → 0.51 s)
        if self._page is None:
            self._page = self._context.new_page()
            self._page.emulate_media(media="print")
        try:
            self._page.goto(html_path.as_uri(), wait_until="load")
            self._page.pdf(
                path=str(pdf_path),
                format="A4",
                display_header_footer=True,
                header_template=_band(html_lib.escape(header_text), "left"),
                footer_template=footer_html,
                print_background=True,
                margin=PDF_MARGIN,
            )
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
