"""Notebook → offline HTML → A4 PDF with header and 'Halaman X dari Y' footer."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from kkb_analysis.laporan.ekspor import (
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
