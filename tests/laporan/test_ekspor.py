"""Notebook → offline HTML → A4 PDF with header and 'Halaman X dari Y' footer."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from kkb_analysis.laporan.ekspor import (
    REPORT_CSS,
    BrowserTidakDitemukan,
    PdfPrinter,
    assert_offline,
    find_browser,
    notebook_to_html,
)

CODE_TEXT = "tabel_rahasia_kode = hitung_indikator(df)"
HEADER = "KKB Melati <Sukamaju> & Co — 2024"


def _png_b64() -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2), dpi=50)
    ax.bar(["a", "b"], [3, 5])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _notebook(extra_rows: int = 0) -> nbformat.NotebookNode:
    """A small 'executed' notebook: outputs are built by hand to keep the test fast."""
    df = pd.DataFrame({"indikator": ["stunting", "wasting"], "persen": [21.5, 7.1]})
    big = pd.DataFrame({"baris": range(extra_rows), "nilai": [i * 1.5 for i in range(extra_rows)]})
    nb = nbformat.v4.new_notebook()
    cells = [
        nbformat.v4.new_markdown_cell("# Laporan Evaluasi KKB\n\nRingkasan indikator."),
        nbformat.v4.new_code_cell(
            CODE_TEXT + "\nprint(df)",
            execution_count=1,
            outputs=[
                nbformat.v4.new_output(
                    "execute_result",
                    data={"text/html": df.to_html(), "text/plain": str(df)},
                    execution_count=1,
                )
            ],
        ),
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\nplt.bar(['a', 'b'], [3, 5])",
            execution_count=2,
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={"image/png": _png_b64(), "text/plain": "<Figure size 300x200>"},
                )
            ],
        ),
    ]
    if extra_rows:
        cells.append(
            nbformat.v4.new_code_cell(
                "big",
                execution_count=3,
                outputs=[
                    nbformat.v4.new_output(
                        "execute_result",
                        data={"text/html": big.to_html(), "text/plain": "big"},
                        execution_count=3,
                    )
                ],
            )
        )
    nb.cells = cells
    nbformat.validate(nb)
    return nb


def _browser_or_skip() -> Path:
    try:
        return find_browser()
    except BrowserTidakDitemukan as exc:
        pytest.skip(f"tidak ada Chromium/Chrome/Edge untuk mencetak PDF: {exc}")


# --------------------------------------------------------------------------- HTML


def test_html_has_outputs_only_and_is_offline():
    html = notebook_to_html(_notebook(), title="Laporan <KKB> Melati")

    assert CODE_TEXT not in html
    assert "hitung_indikator" not in html
    assert "In&nbsp;[" not in html and "In [" not in html
    assert assert_offline(html) == []
    assert "<script" not in html.lower()
    assert 'src="data:image/png;base64,' in html
    assert "stunting" in html and "<table" in html
    assert "Laporan Evaluasi KKB" in html
    assert "<title>Laporan &lt;KKB&gt; Melati</title>" in html
    assert 'name="viewport"' in html
    assert "@page" in html and "break-inside: avoid" in html


def test_sanitizer_removes_external_resources_but_keeps_links():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "[WHO](https://www.who.int) ![cdn](https://cdn.example.org/x.png)"
        ),
        nbformat.v4.new_code_cell(
            "x",
            execution_count=1,
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "text/html": (
                            '<script src="https://cdn.example.org/plotly.js"></script>'
                            '<link rel="stylesheet" href="//fonts.example.org/a.css">'
                            '<div style="background:url(https://x.example.org/bg.png)">ok</div>'
                            '<iframe src="https://maps.example.org"></iframe>'
                        ),
                        "text/plain": "x",
                    },
                )
            ],
        ),
    ]
    html = notebook_to_html(nb, title="t")
    assert assert_offline(html) == []
    assert "cdn.example.org" not in html
    assert "fonts.example.org" not in html
    assert "x.example.org" not in html
    assert 'href="https://www.who.int"' in html  # navigation, not a request on opening
    assert ">ok<" in html


def test_assert_offline_reports_external_urls():
    page = (
        '<html><head><script src="https://cdn.x.org/require.js"></script>'
        '<link href="//fonts.x.org/f.css" rel="stylesheet">'
        "<style>@import url('https://y.org/a.css');</style></head>"
        '<body><img src="data:image/png;base64,AA"><img src="gambar.png">'
        '<a href="https://who.int">w</a>'
        '<script type="module">import m from "https://cdn.z.org/mermaid.mjs"</script>'
        "</body></html>"
    )
    found = assert_offline(page)
    assert set(found) == {
        "https://cdn.x.org/require.js",
        "//fonts.x.org/f.css",
        "https://y.org/a.css",
        "https://cdn.z.org/mermaid.mjs",
    }


# --------------------------------------------------------------------------- browser discovery


def test_find_browser_missing_gives_indonesian_message(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("KKB_CHROMIUM", raising=False)
    with pytest.raises(BrowserTidakDitemukan) as info:
        find_browser()
    message = str(info.value)
    assert "tidak ditemukan" in message
    assert "apt-get install chromium" in message
    assert "KKB_CHROMIUM" in message

    monkeypatch.setenv("KKB_CHROMIUM", str(tmp_path / "tidak-ada" / "chrome"))
    with pytest.raises(BrowserTidakDitemukan) as info:
        find_browser()
    assert "KKB_CHROMIUM" in str(info.value)
    assert "apt-get install chromium" in str(info.value)


def test_find_browser_honours_env(monkeypatch, tmp_path):
    fake = tmp_path / "chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("KKB_CHROMIUM", str(fake))
    assert find_browser() == fake


# --------------------------------------------------------------------------- PDF


@pytest.fixture(scope="module")
def printer():
    browser = _browser_or_skip()
    with PdfPrinter(browser) as p:
        yield p


def test_pdf_is_a4_with_header_and_footer(printer, tmp_path):
    from pypdf import PdfReader

    html_path = tmp_path / "laporan.html"
    html_path.write_text(notebook_to_html(_notebook(extra_rows=120), title="t"), encoding="utf-8")
    pdf_path = printer.print_pdf(html_path, tmp_path / "out" / "laporan.pdf", HEADER)

    reader = PdfReader(pdf_path)
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(595, abs=1)
        assert float(page.mediabox.height) == pytest.approx(842, abs=1)
    first = reader.pages[0].extract_text()
    total = len(reader.pages)
    assert f"Halaman 1 dari {total}" in first
    assert f"Halaman {total} dari {total}" in reader.pages[-1].extract_text()
    assert HEADER in first  # escaped in the template, shown literally
    assert "stunting" in first


def test_pdf_external_reference_is_blocked_not_hanging(printer, tmp_path):
    from pypdf import PdfReader

    html_path = tmp_path / "bocor.html"
    html_path.write_text(
        '<html><body><h1>Uji</h1><img src="https://10.255.255.1/x.png">'
        '<script src="https://10.255.255.1/x.js"></script></body></html>',
        encoding="utf-8",
    )
    pdf_path = printer.print_pdf(html_path, tmp_path / "bocor.pdf", "KKB Uji 2024", footer=False)
    text = PdfReader(pdf_path).pages[0].extract_text()
    assert "Uji" in text
    assert "Halaman" not in text
    assert "https://10.255.255.1/x.png" in printer.blocked


def test_html_drops_analyst_note_and_parameter_cells():
    nb = _notebook()
    catatan = nbformat.v4.new_markdown_cell("**Catatan untuk analis (tidak ikut dicetak).**")
    catatan.metadata["tags"] = ["hapus-saat-ekspor"]
    parameter = nbformat.v4.new_code_cell('kkb_id = "KKB-RAHASIA-PARAM"', execution_count=0)
    parameter.metadata["tags"] = ["parameters"]
    injeksi = nbformat.v4.new_code_cell(
        '# Parameters\nkkb_id = "KKB-INJEKSI-99"\n',
        execution_count=0,
        outputs=[nbformat.v4.new_output("stream", name="stdout", text="KKB-INJEKSI-99\n")],
    )
    injeksi.metadata["tags"] = ["injected-parameters"]
    nb.cells[:0] = [catatan, parameter, injeksi]
    html = notebook_to_html(nb, title="Laporan")
    assert "Catatan untuk analis" not in html
    assert "KKB-RAHASIA-PARAM" not in html and "KKB-INJEKSI-99" not in html
    assert "Laporan Evaluasi KKB" in html  # the other cells are kept


def test_css_aligns_columns_repeats_headers_and_breaks_after_cover():
    html = notebook_to_html(_notebook(), title="Laporan")
    css = html[html.index("<style>") : html.index("</style>")]
    assert "td.angka" in css and "text-align: right" in css
    assert "td.teks" in css and "text-align: left" in css
    assert "thead { display: table-header-group; }" in css
    assert ".sampul" in css and "break-after: page" in css
    assert "figure.grafik" in css


# --------------------------------------------------------------------------- document shell


def _html_cell(html: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(
        "x",
        execution_count=1,
        outputs=[
            nbformat.v4.new_output("display_data", data={"text/html": html, "text/plain": ""})
        ],
    )


SAMPUL = (
    '<section class="sampul"><h1 class="sampul-judul">Laporan Sampul Melati</h1>'
    '<p class="sampul-kampung-kb">Kampung KB Melati</p></section>'
)


def _blok_tabel(judul: str, kolom: int = 2) -> str:
    kepala = "".join(f"<th>Kolom {i}</th>" for i in range(kolom))
    isi = "".join(f"<td>{i * 7}</td>" for i in range(kolom))
    return (
        f'<div class="blok-tabel"><p class="judul-tabel"><strong>{judul}</strong></p>'
        f"<table><thead><tr>{kepala}</tr></thead><tbody><tr>{isi}</tr></tbody></table></div>"
    )


def _gambar(judul: str) -> str:
    return (
        f'<figure class="grafik"><img src="data:image/png;base64,{_png_b64()}" alt="{judul}">'
        f"<figcaption><strong>{judul}</strong><br><em>Sumber: uji</em></figcaption></figure>"
    )


def _dokumen(isi_per_bagian: int = 0, tingkat: str | None = None) -> nbformat.NotebookNode:
    """Cover, table of contents, three sections (one with a sub-heading), tables, a chart."""
    nav = (
        f'<nav class="daftar-isi" data-tingkat="{tingkat}"></nav>'
        if tingkat
        else ('<nav class="daftar-isi"></nav>')
    )
    pengisi = "".join(
        f"<p>Paragraf isi nomor {i} untuk mengisi halaman laporan uji.</p>"
        for i in range(isi_per_bagian)
    )
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("kosong", execution_count=1),  # no output: dropped
        _html_cell(SAMPUL),
        _html_cell(nav),
        _html_cell('<div class="halaman-baru"></div>'),
        nbformat.v4.new_markdown_cell("## 1. Kependudukan"),
        _html_cell(_blok_tabel("Jumlah penduduk") + pengisi),
        nbformat.v4.new_markdown_cell("### 1.1 Umur"),
        _html_cell(_gambar("Piramida penduduk") + pengisi),
        nbformat.v4.new_markdown_cell("## 2. Keluarga berencana"),
        _html_cell(_blok_tabel("Peserta KB aktif", kolom=14) + pengisi),
        nbformat.v4.new_markdown_cell("## 3. Rekomendasi"),
        _html_cell(_gambar("Capaian target") + _blok_tabel("Rencana aksi") + pengisi),
    ]
    return nb


def test_tables_and_figures_are_numbered_in_document_order():
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(notebook_to_html(_dokumen(), "t"), "html.parser")
    judul = [" ".join(p.get_text(" ", strip=True).split()) for p in soup.select(".judul-tabel")]
    assert judul == [
        "Tabel 1. Jumlah penduduk",
        "Tabel 2. Peserta KB aktif",
        "Tabel 3. Rencana aksi",
    ]
    gambar = [
        c.get_text(" ", strip=True).split(" Sumber")[0]
        for c in soup.select("figure.grafik figcaption")
    ]
    assert gambar == ["Gambar 1. Piramida penduduk", "Gambar 2. Capaian target"]
    # applying the shell again numbers nothing twice
    from kkb_analysis.laporan.ekspor import susun_dokumen

    susun_dokumen(soup)
    assert soup.select_one(".judul-tabel").get_text(" ", strip=True) == "Tabel 1. Jumlah penduduk"
    assert len(soup.select(".gulir-tabel")) == 3


def test_every_table_sits_in_a_labelled_scroll_region_with_a_hint():
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(notebook_to_html(_notebook(extra_rows=3), "t"), "html.parser")
    tables = soup.find_all("table")
    assert len(tables) == 2  # two DataFrame outputs (no .judul-tabel)
    soup2 = BeautifulSoup(notebook_to_html(_dokumen(), "t"), "html.parser")
    for t in tables + soup2.find_all("table"):
        wadah = t.parent
        assert "gulir-tabel" in wadah["class"]
        assert wadah["role"] == "region" and wadah["tabindex"] == "0"
        assert wadah["aria-label"]
        assert wadah.select_one(".gulir-petunjuk").get_text() == "Geser tabel ke samping →"
    label = [w["aria-label"] for w in soup2.select(".gulir-tabel")]
    assert label == [
        "Tabel 1. Jumlah penduduk",
        "Tabel 2. Peserta KB aktif",
        "Tabel 3. Rencana aksi",
    ]
    css = REPORT_CSS
    assert "@container scroll-state(scrollable: x)" in css  # hint only when it overflows


def test_table_of_contents_lists_h2_h3_links_without_the_cover():
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(notebook_to_html(_dokumen(), "t"), "html.parser")
    nav = soup.select_one("nav.daftar-isi")
    assert nav.select_one(".daftar-isi-judul").get_text() == "Daftar Isi"
    entri = [(a.select_one(".di-judul").get_text(), a["href"]) for a in nav.select("a")]
    assert [e[0] for e in entri] == [
        "1. Kependudukan",
        "1.1 Umur",
        "2. Keluarga berencana",
        "3. Rekomendasi",
    ]
    for teks, href in entri:  # every link reaches its heading
        target = soup.find(id=href[1:])
        assert target is not None and target.get_text(strip=True) == teks
    # the sub-heading is nested under its section; page slots exist (filled in the PDF)
    assert nav.select("li.tingkat-2 > ol > li.tingkat-3 .di-judul")[0].get_text() == "1.1 Umur"
    assert len(nav.select(".di-halaman[data-untuk]")) == 4
    sendiri = _dokumen()  # a title written by the section code is not repeated
    sendiri.cells[2] = _html_cell(
        '<p><strong>Daftar isi</strong></p><nav class="daftar-isi"></nav>'
    )
    dua = BeautifulSoup(notebook_to_html(sendiri, "t"), "html.parser")
    assert dua.select_one("nav.daftar-isi a") is not None
    assert dua.select_one(".daftar-isi-judul") is None
    hanya_h2 = BeautifulSoup(notebook_to_html(_dokumen(tingkat="2"), "t"), "html.parser")
    assert len(hanya_h2.select("nav.daftar-isi a")) == 3
    # the empty code cell is gone, so the cover is the first thing on the page
    assert soup.select_one("main").find(True).select_one("section.sampul") is not None


def test_back_link_to_the_landing_page_top_and_bottom(tmp_path):
    from bs4 import BeautifulSoup

    from kkb_analysis.laporan.ekspor import tautan_beranda

    tahun = tmp_path / "reports" / "2023"
    assert tautan_beranda(tahun / "KKB-3672051004-01", tahun) == "../../index.html"
    assert tautan_beranda(tahun, tahun) == "../index.html"
    soup = BeautifulSoup(
        notebook_to_html(_dokumen(), "t", beranda="../../index.html"), "html.parser"
    )
    navs = soup.select("nav.kembali")
    assert len(navs) == 2
    assert (
        soup.body.find(True) is navs[0] and navs[1] is soup.body.find_all(True, recursive=False)[-1]
    )
    assert {n.a["href"] for n in navs} == {"../../index.html"}
    assert "nav.kembali { display: none !important; }" in REPORT_CSS.replace(
        ".gulir-petunjuk, ", ""
    )
    assert not BeautifulSoup(notebook_to_html(_dokumen(), "t"), "html.parser").select("nav.kembali")


def test_shell_markup_keeps_the_page_offline_and_script_free():
    html = notebook_to_html(_dokumen(), "t", beranda="../index.html")
    assert assert_offline(html) == []
    assert "<script" not in html.lower()


def test_halaman_judul_matches_headings_to_outline_pages():
    from kkb_analysis.laporan.ekspor import halaman_judul

    judul = [("", "Laporan"), ("a", "1. Satu"), ("b", "1.1  Sub\n bagian"), ("c", "2. Dua")]
    outline = [("1. Satu", 3), ("1.1 Subbagian", 4), ("2. Dua", 7)]
    assert halaman_judul(judul, outline) == {"a": "3", "b": "4", "c": "7"}
    # a heading missing from the outline does not shift the others
    assert halaman_judul([("x", "Hilang"), ("c", "2. Dua")], outline) == {"c": "7"}


# --------------------------------------------------------------------------- PDF structure


def test_pdf_is_tagged_with_outline_metadata_toc_pages_and_a_bare_cover(printer, tmp_path):
    from pypdf import PdfReader

    from kkb_analysis.laporan.ekspor import MetadataPdf, outline_pdf
    from tests.tata_letak import judul_yatim

    html_path = tmp_path / "laporan.html"
    html_path.write_text(notebook_to_html(_dokumen(isi_per_bagian=45), "t"), encoding="utf-8")
    meta = MetadataPdf(
        judul="Laporan Evaluasi KKB Melati — Tahun 2023",
        penulis="Dinas Uji Kota Contoh",
        subjek="Evaluasi Kampung KB",
        kata_kunci=("Kampung KB", "2023"),
    )
    pdf = printer.print_pdf(html_path, tmp_path / "laporan.pdf", HEADER, metadata=meta)
    assert printer.jumlah_cetak == 2  # the contents got their page numbers in a second print

    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert root["/Lang"] == "id"
    info = reader.metadata
    assert info["/Title"] == meta.judul and info["/Author"] == "Dinas Uji Kota Contoh"
    assert info["/Subject"] == "Evaluasi Kampung KB" and info["/Keywords"] == "Kampung KB, 2023"

    outline = outline_pdf(pdf.read_bytes())
    judul = [t for t, _ in outline]
    assert judul == ["1. Kependudukan", "1.1 Umur", "2. Keluarga berencana", "3. Rekomendasi"]
    assert len(reader.pages) >= 5
    halaman = dict(outline)
    assert len(set(halaman.values())) >= 3  # the sections really are on different pages

    teks = [p.extract_text() for p in reader.pages]
    assert "Laporan Sampul Melati" in teks[0]
    assert HEADER not in teks[0] and "Halaman" not in teks[0]  # cover: no header, no footer
    assert HEADER in teks[1] and f"Halaman 2 dari {len(teks)}" in teks[1]
    daftar = [b.strip() for b in teks[1].splitlines()]  # contents: "title page" lines
    assert "Daftar Isi" in daftar
    for t, n in outline:
        baris = next(b for b in daftar if b.startswith(t))
        assert baris[len(t) :].strip() == str(n), (t, n, baris)
        assert t in teks[n - 1]  # the heading really is on that page
    assert judul_yatim(pdf) == []


def _baris_daftar(pdf: Path, judul: set[str]) -> dict[str, str]:
    """The contents page's lines "title … page" of ``pdf`` (page 2) for the titles ``judul``,
    title → page text."""
    from pypdf import PdfReader

    baris = [b.strip() for b in PdfReader(pdf).pages[1].extract_text().splitlines()]
    keluar = {}
    for b in baris:
        kata = b.rsplit(" ", 1)
        if len(kata) == 2 and kata[1].isdigit() and kata[0].strip() in judul:
            keluar[kata[0].strip()] = kata[1]
    return keluar


def test_toc_pages_of_the_last_print_make_one_print_and_a_wrong_guess_is_corrected(
    printer, tmp_path
):
    from kkb_analysis.laporan.ekspor import outline_pdf

    html_path = tmp_path / "laporan.html"
    html_path.write_text(notebook_to_html(_dokumen(isi_per_bagian=45), "t"), encoding="utf-8")
    pertama = printer.print_pdf(html_path, tmp_path / "a.pdf", HEADER)
    assert printer.jumlah_cetak == 2
    halaman = dict(printer.halaman_isi)
    benar = {t: str(n) for t, n in outline_pdf(pertama.read_bytes())}
    assert len(halaman) == 4 and sorted(halaman.values()) == sorted(benar.values())
    # the same document again, guessed from the last print: printed once, same pages
    kedua = printer.print_pdf(html_path, tmp_path / "b.pdf", HEADER, tebakan=halaman)
    assert printer.jumlah_cetak == 1
    assert _baris_daftar(kedua, set(benar)) == _baris_daftar(pertama, set(benar)) == benar
    # a wrong guess (every heading one page later) is seen and printed again with the truth
    salah = {k: str(int(v) + 1) for k, v in halaman.items()}
    ketiga = printer.print_pdf(html_path, tmp_path / "c.pdf", HEADER, tebakan=salah)
    assert printer.jumlah_cetak == 2
    assert _baris_daftar(ketiga, set(benar)) == benar


def _dokumen_yatim() -> str:
    """A heading that fits at the bottom of page 2 while its content block does not."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        _html_cell('<div style="height:232mm"><p>Isi pengisi halaman.</p></div>'),
        nbformat.v4.new_markdown_cell("## 5. Judul di bawah"),
        _html_cell('<div style="height:90mm;break-inside:avoid"><p>Isi bagian lima.</p></div>'),
    ]
    return notebook_to_html(nb, "t")


def test_no_heading_is_left_at_the_bottom_of_a_page(printer, tmp_path):
    from tests.tata_letak import judul_yatim

    html = _dokumen_yatim()
    (tmp_path / "baik.html").write_text(html, encoding="utf-8")
    baik = printer.print_pdf(tmp_path / "baik.html", tmp_path / "baik.pdf", "Uji")
    assert judul_yatim(baik) == []
    # the same page without the break rule strands the heading: the check can fail
    tanpa = html.replace("</style>", "h2 { break-after: auto !important; }</style>", 1)
    (tmp_path / "buruk.html").write_text(tanpa, encoding="utf-8")
    buruk = printer.print_pdf(tmp_path / "buruk.html", tmp_path / "buruk.pdf", "Uji")
    assert judul_yatim(buruk) == [("5. Judul di bawah", 1)]
