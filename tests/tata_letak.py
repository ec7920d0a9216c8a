"""Layout checks on a printed PDF: headings left alone at the bottom of a page."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

#: Body text lies above the bottom page margin (20 mm); the footer is drawn inside it.
BATAS_BAWAH_PT = 20 / 25.4 * 72


def _rata(teks: str) -> str:
    return "".join(teks.split()).casefold()


def judul_yatim(pdf: Path | str) -> list[tuple[str, int]]:
    """(title, 1-based page) of every outline heading with no body text below it on its page.

    The heading's lines are the text items from the heading's top down whose text belongs to
    the title; anything else printed lower on the page (above the footer band) is content.
    """
    reader = PdfReader(str(pdf))
    judul: list[tuple[str, int, float]] = []

    def jalan(item: object) -> None:
        for x in item:  # type: ignore[attr-defined]
            if isinstance(x, list):
                jalan(x)
            else:
                halaman = reader.get_destination_page_number(x)
                atas = x.get("/Top")
                if halaman is not None and atas is not None:
                    judul.append((str(x.title), halaman, float(atas)))

    jalan(reader.outline)
    baris_halaman: dict[int, list[tuple[float, str]]] = {}
    yatim: list[tuple[str, int]] = []
    for title, halaman, atas in judul:
        if halaman not in baris_halaman:
            baris: list[tuple[float, str]] = []

            def lihat(text, cm, tm, _font, _size, baris=baris):
                if text.strip():
                    baris.append((cm[5] + tm[5] * cm[3], text))

            reader.pages[halaman].extract_text(visitor_text=lihat)
            baris_halaman[halaman] = sorted(baris, key=lambda b: -b[0])
        kunci = _rata(title)
        di_bawah = [t for y, t in baris_halaman[halaman] if BATAS_BAWAH_PT < y <= atas + 1]
        sisa = [t for t in di_bawah if _rata(t) not in kunci]
        if not sisa:
            yatim.append((title, halaman + 1))
    return yatim
