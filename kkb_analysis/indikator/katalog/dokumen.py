"""Generated documentation of the catalogue: the column tables of ``docs/skema.md`` §5 and §6.

``make skema`` (``tools/skema_keluaran.py``) writes them; ``tests/indikator/test_katalog.py``
fails when the committed document differs from what :func:`perbarui` makes of it. The generated
text sits between the markers ``<!-- katalog:mulai TABLE -->`` and
``<!-- katalog:selesai TABLE -->``; everything outside them is hand-written. Labels are shown
with the default settings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kkb_analysis.indikator.katalog import ARAH, CAKUPAN, DOMAIN, SATUAN, Katalog

#: Headings of the domains in the generated tables (the document is in English).
JUDUL_DOMAIN = {
    "kependudukan": "Population, children, teenagers and school (PK)",
    "kb": "KB from Pendataan Keluarga",
    "krs": "Keluarga Berisiko Stunting (KRS, aturan toolkit)",
    "ibangga": "iBangga",
    "kesejahteraan": "Welfare (DTKS / P3KE / DTSEN), housing and income",
    "stunting": "Child anthropometry and stunting (e-PPGBM)",
    "kkbpk": "KB from the KKBPK monthly report (`kkbpk_`)",
    "klasifikasi": "Official Kampung KB classification",
    "konvergensi": "Inpres 3/2022 convergence",
    "umkm": "UMKM unggulan",
    "kelengkapan": "Kelengkapan data (data completeness)",
    "tabel_panjang": "Value columns of the long tables",
}

_WILAYAH = {
    "semua": "all area types",
    "kkb_kota": "`kkb` rows and the `kota` row",
    "kkb": "`kkb` rows only",
}


def _sel(teks: str) -> str:
    """Text as one Markdown table cell (``<kkb_id>`` must not read as an HTML tag)."""
    return (
        teks.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|")
        .replace("\n", " ")
    )


def _rumus(e) -> str:
    if e.pembilang and e.penyebut:
        return f"`{e.pembilang}` / `{e.penyebut}`" + (" × 100" if e.satuan == "persen" else "")
    if e.pembilang:
        return f"`{e.pembilang}` / …"
    if e.penyebut:
        return f"… / `{e.penyebut}`"
    return "—"


def _tabel_indikator(entri: list) -> list[str]:
    baris = [
        "| Column | Label | Unit (decimals) | Direction | Formula | Source (coverage) | "
        "Keterangan | metodologi.md |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for e in entri:
        daftar = ", ".join(sorted(e.daftar))
        label = e.judul() + (f" — short: {e.judul_pendek()}" if e.label_pendek else "")
        if daftar:
            label += f" — lists: {daftar}"
        sumber = f"{e.sumber.label or e.sumber.nama} ({CAKUPAN[e.sumber.cakupan].split(' (')[0]})"
        baris.append(
            f"| `{e.kolom}` | {_sel(label)} | {SATUAN[e.satuan]} ({e.desimal}) | "
            f"{ARAH[e.arah]} | {_rumus(e)} | {_sel(sumber)} | {_sel(e.uraian())} | "
            f"{e.metodologi} |"
        )
    return baris


def _ringkas_indikator(e) -> str:
    """One cell: label, unit, direction, formula, source and anchor, then the description."""
    sumber = f"{e.sumber.label or e.sumber.nama} ({CAKUPAN[e.sumber.cakupan].split(' (')[0]})"
    rincian = [f"{SATUAN[e.satuan]} ({e.desimal})", ARAH[e.arah]]
    if e.pembilang or e.penyebut:
        rincian.append(_rumus(e))
    rincian += [sumber, f"metodologi.md {e.metodologi}"]
    return (
        f"**{e.judul()}** — indicator (`katalog/{e.domain}.yaml`): {'; '.join(rincian)}. "
        f"{e.uraian()}"
    )


def _tabel_panjang(kat: Katalog, tabel: str, kolom: list[str]) -> list[str]:
    """The columns of a long table in their order, one row each; neighbouring technical
    columns that share a line share a row."""
    baris: list[tuple[list[str], str]] = []
    for k in kolom:
        e = kat.entri.get((tabel, k))
        if e is not None:
            baris.append(([k], _ringkas_indikator(e)))
            continue
        t = kat.teknis_untuk(tabel, k)
        teks = "*(not described: add it to the catalogue)*" if t is None else t.keterangan
        if baris and baris[-1][1] == teks and (tabel, baris[-1][0][-1]) not in kat.entri:
            baris[-1][0].append(k)
        else:
            baris.append(([k], teks))
    return [
        "| Column | Keterangan |",
        "|---|---|",
        *(f"| {'<br>'.join(f'`{k}`' for k in ks)} | {_sel(teks)} |" for ks, teks in baris),
        "",
    ]


def blok(kat: Katalog, skema: Mapping[str, list[str]], tabel: str) -> str:
    """The generated column documentation of one ``out_*`` table: ``out_wilayah`` by domain
    with a technical table, every other (long) table as one table in column order."""
    kolom = list(skema.get(tabel, []))
    keluar = [
        f"<!-- katalog:mulai {tabel} -->",
        "<!-- Generated from kkb_analysis/indikator/katalog/ by `make skema` "
        "(tools/skema_keluaran.py); do not edit by hand. -->",
        "",
    ]
    if tabel != "out_wilayah":
        keluar += _tabel_panjang(kat, tabel, kolom)
        keluar.append(f"<!-- katalog:selesai {tabel} -->")
        return "\n".join(keluar)
    per_domain: dict[str, list] = {}
    for k in kolom:
        e = kat.entri.get((tabel, k))
        if e is not None:
            per_domain.setdefault(e.domain, []).append(e)
    for domain in DOMAIN:
        entri = per_domain.get(domain)
        if not entri:
            continue
        wilayah = sorted({_WILAYAH[e.wilayah] for e in entri})
        keluar += [
            f"#### {JUDUL_DOMAIN[domain]}",
            "",
            f"Catalogue `katalog/{domain}.yaml`; rows: {'; '.join(wilayah)}.",
            "",
            *_tabel_indikator(entri),
            "",
        ]
    teknis: dict[int, list[str]] = {}
    urutan = {id(t): i for i, t in enumerate(kat.teknis)}
    for k in kolom:
        if (tabel, k) in kat.entri:
            continue
        t = kat.teknis_untuk(tabel, k)
        if t is not None:
            teknis.setdefault(urutan[id(t)], []).append(k)
    if teknis:
        keluar += [
            "#### Technical columns",
            "",
            "Identifiers, codes, counts behind the indicators and other non-indicator columns "
            "(`katalog/teknis.yaml`).",
            "",
            "| Column(s) | Keterangan |",
            "|---|---|",
        ]
        for i in sorted(teknis):
            nama = "<br>".join(f"`{k}`" for k in teknis[i])
            keluar.append(f"| {nama} | {_sel(kat.teknis[i].keterangan)} |")
        keluar.append("")
    keluar.append(f"<!-- katalog:selesai {tabel} -->")
    return "\n".join(keluar)


def perbarui(teks: str, kat: Katalog, skema: Mapping[str, list[str]]) -> str:
    """``teks`` (docs/skema.md) with every generated block replaced by a fresh one."""
    pola = re.compile(
        r"<!-- katalog:mulai (?P<tabel>[a-z_]+) -->.*?<!-- katalog:selesai (?P=tabel) -->",
        re.DOTALL,
    )
    return pola.sub(lambda m: blok(kat, skema, m.group("tabel")), teks)
