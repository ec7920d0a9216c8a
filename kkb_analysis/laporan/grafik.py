"""Charts of the per-KKB evaluation report: one function per report section.

Every function returns a :class:`Grafik` — the figure, its title and its source line. The title
and the source are printed **once**, as the HTML caption under the figure (searchable, read by
screen readers, selectable in the PDF); they are not drawn inside the figure. Conventions:

- Figures are built with :class:`matplotlib.figure.Figure` directly (no ``pyplot``): nothing is
  registered in the global figure manager and no ``rcParams`` are changed, so nothing leaks and
  nothing needs closing. Saving to PNG uses the Agg canvas.
- Size 12 × 8 cm at 200 dpi, printed at that size (``dasar.LEBAR_GRAFIK_LAPORAN``), with
  text of at least :data:`FONT_MIN` pt: legible where it is shrunk most, the 370-px column of
  a 390-px phone (≥ 10 px, see :func:`px_di_layar`) and ≥ 8 pt in the A4 PDF. All type sizes
  come from :data:`FONT_MIN` / :data:`FONT_TEKS` (one place); Okabe–Ito colour-blind-safe
  palette; the portal tier colours (red/yellow/green/blue) use the Okabe–Ito shades of those
  hues.
- Every number printed in the figure (ticks, bar labels) goes through
  :mod:`kkb_analysis.laporan.format` (Indonesian separators, U+2212 minus, "data tidak cukup").
- The source line ("Sumber: PK 2023 (Pendataan Keluarga), diolah DP3AP2KB Kota Cilegon") is
  returned as :attr:`Grafik.sumber` and the title as :attr:`Grafik.judul`; the report layer
  (``dasar.grafik_html``) prints both as the figure caption.
- A missing value is never drawn as 0: it is a gap annotated "data tidak cukup".
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from kkb_analysis.laporan import opd
from kkb_analysis.laporan.format import (
    DATA_TIDAK_CUKUP,
    format_angka,
    format_periode,
    format_persen,
)
from kkb_analysis.nilai import kosong

__all__ = [
    "KELOMPOK_UMUR",
    "PENGOLAH",
    "WARNA",
    "WARNA_TINGKAT",
    "Grafik",
    "bauran_metode",
    "distribusi_zskor",
    "ibangga_dimensi",
    "perbandingan_wilayah",
    "piramida_penduduk",
    "radar_indeks",
]

PENGOLAH = opd.PENGOLAH  # referensi/opd.yaml

#: Figure size of the per-KKB charts: 12 × 8 cm, printed at that size (not shrunk) in the PDF.
UKURAN_CM = (12.0, 8.0)
#: Resolution of the per-KKB charts (945 px wide: sharp on a phone screen of 3 device px per
#: CSS px); the city-summary charts keep :data:`DPI`.
DPI_KKB = 200
DPI = 150
_CM = 1 / 2.54
#: Width of the chart column on a 390-px phone (the page padding taken off).
LEBAR_PONSEL_PX = 370

#: Okabe–Ito palette (colour-blind safe).
WARNA = {
    "hitam": "#000000",
    "oranye": "#E69F00",
    "biru_langit": "#56B4E9",
    "hijau": "#009E73",
    "kuning": "#F0E442",
    "biru": "#0072B2",
    "merah": "#D55E00",
    "ungu": "#CC79A7",
    "abu": "#999999",
}

#: Portal tier colours (Dasar red, Berkembang yellow, Mandiri green, Berkelanjutan blue).
WARNA_TINGKAT = {
    "Dasar": WARNA["merah"],
    "Berkembang": WARNA["kuning"],
    "Mandiri": WARNA["hijau"],
    "Berkelanjutan": WARNA["biru"],
    DATA_TIDAK_CUKUP: WARNA["abu"],
}
# Text colour on the tier badge (contrast: black on yellow/grey, white elsewhere).
_TEKS_TINGKAT = {"Berkembang": "black", DATA_TIDAK_CUKUP: "black"}

#: The 16 age groups of ``out_piramida`` in pyramid order (as stored).
KELOMPOK_UMUR = tuple([f"{a}-{a + 4}" for a in range(0, 75, 5)] + ["75+"])

_LABEL_METODE = {
    "IUD": "IUD",
    "MOW": "MOW",
    "MOP": "MOP",
    "IMPLAN": "Implan",
    "SUNTIK": "Suntik",
    "PIL": "Pil",
    "KONDOM": "Kondom",
}
_MKJP = {"IUD", "MOW", "MOP", "IMPLAN"}

_AMBANG_TINGGI = 3.0
#: THE type sizes of the per-KKB charts (pt at print size): FONT_MIN for the smallest text
#: (bar labels, legends, ring labels), FONT_TEKS for axis labels and ticks. A 12-cm figure
#: shown in the 370-px phone column keeps 9.5 pt at 9.5 × 96/72 × 370/453.5 ≈ 10.3 px.
FONT_MIN = 9.5
FONT_TEKS = 10.0
_FONT_TEKS = FONT_TEKS


@dataclass(frozen=True)
class Grafik:
    """A report chart: the figure, its title and its source line ("Sumber: …")."""

    figure: Figure
    judul: str
    sumber: str

    def ke_png(self, dpi: int | None = None) -> bytes:
        """The figure as PNG bytes (for embedding in HTML), at the figure's own resolution."""
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", dpi=dpi or self.figure.dpi)
        return buf.getvalue()


# ------------------------------------------------------------------------------------ helpers
_na = kosong  # the one missing-value rule (kkb_analysis.nilai)


def _angka(x: Any) -> float | None:
    """A scalar as float, ``None`` when missing."""
    if _na(x):
        return None
    value = float(x)
    if not math.isfinite(value):
        raise ValueError(f"nilai tak hingga {x!r} tidak dapat digambar")
    return value


def _desimal_tick(v: float) -> int:
    """Decimals of a tick label: none for whole numbers, else one (ticks are 0.5, 2.5 …)."""
    return 0 if abs(v - round(v)) < 1e-9 else 1


def _kalimat_sumber(sumber: str | None) -> str:
    """The source line; ``sumber`` is the source-and-period label(s)."""
    sumber = (sumber or "").strip()
    if sumber:
        return f"Sumber: {sumber}, diolah {PENGOLAH}"
    return f"Sumber: diolah {PENGOLAH}"


def _figure(*, polar: bool = False, tinggi_cm: float = UKURAN_CM[1]) -> tuple[Figure, Any]:
    fig = Figure(figsize=(UKURAN_CM[0] * _CM, tinggi_cm * _CM), dpi=DPI_KKB, layout="constrained")
    ax = fig.add_subplot(projection="polar" if polar else None)
    return fig, ax


def _selesai(fig: Figure, judul: str, sumber: str) -> Grafik:
    """Wrap the figure; title and source are printed by the caption, not in the figure."""
    return Grafik(figure=fig, judul=judul, sumber=sumber)


def _tidak_cukup(ax: Any, x: float = 0.5, y: float = 0.5, **kwargs: Any) -> None:
    ax.text(
        x,
        y,
        DATA_TIDAK_CUKUP,
        transform=kwargs.pop("transform", ax.transAxes),
        ha=kwargs.pop("ha", "center"),
        va=kwargs.pop("va", "center"),
        fontsize=kwargs.pop("fontsize", _FONT_TEKS),
        color=kwargs.pop("color", "#555555"),
        style="italic",
        **kwargs,
    )


def _baris_wilayah(frame: pd.DataFrame, wilayah_id: str, tabel: str) -> pd.DataFrame:
    if "wilayah_id" not in frame.columns:
        raise KeyError(f"{tabel}: kolom 'wilayah_id' tidak ada")
    rows = frame[frame["wilayah_id"].astype("string") == wilayah_id]
    if rows.empty:
        raise ValueError(f"{tabel}: wilayah '{wilayah_id}' tidak ada di tabel")
    return rows


def _judul_wilayah(dasar: str, nama_wilayah: str | None) -> str:
    return f"{dasar}, {nama_wilayah}" if nama_wilayah else dasar


# ---------------------------------------------------------------------------------- piramida
def _piramida_wilayah(piramida: pd.DataFrame, wilayah_id: str) -> tuple[np.ndarray, np.ndarray]:
    """Counts (L, P) per age group in pyramid order; NaN cells count as missing (0)."""
    rows = _baris_wilayah(piramida, wilayah_id, "out_piramida")
    kelompok = rows["kelompok_umur"].astype(str)
    jk = rows["jenis_kelamin"].astype(str).str.upper()
    n = pd.to_numeric(rows["n"], errors="coerce").astype("float64")
    unknown = sorted(set(kelompok) - set(KELOMPOK_UMUR))
    if unknown:
        raise ValueError(f"out_piramida: kelompok umur tidak dikenal {unknown}")
    tabel = (
        pd.DataFrame({"k": kelompok.to_numpy(), "jk": jk.to_numpy(), "n": n.to_numpy()})
        .groupby(["k", "jk"])["n"]
        .sum(min_count=1)
    )
    laki = np.array([tabel.get((k, "L"), np.nan) for k in KELOMPOK_UMUR], dtype=float)
    perempuan = np.array([tabel.get((k, "P"), np.nan) for k in KELOMPOK_UMUR], dtype=float)
    return laki, perempuan


def piramida_penduduk(
    piramida: pd.DataFrame,
    wilayah_id: str,
    tahun: int,
    pembanding: str | None = None,
    *,
    nama_wilayah: str | None = None,
    nama_pembanding: str | None = None,
) -> Grafik:
    """Age pyramid of ``wilayah_id`` from ``out_piramida`` (PK ``tahun``).

    Horizontal bars by the 16 age groups (0–4 … 75+), "Laki-laki" to the left, "Perempuan" to
    the right, x axis in persons. With ``pembanding`` (another ``wilayah_id`` of the same table,
    e.g. ``"kota:36.72"``) both areas are drawn as % of their own population: the area as filled
    bars, the comparison as an unfilled black outline — so areas of different sizes compare.
    An area without any member (or a comparison without members) is annotated "data tidak cukup".
    """
    periode = format_periode("PK", tahun)
    sumber = _kalimat_sumber(f"{periode} (Pendataan Keluarga)")
    laki, perempuan = _piramida_wilayah(piramida, wilayah_id)
    total = np.nansum(laki) + np.nansum(perempuan)
    persen = pembanding is not None

    judul = _judul_wilayah(f"Piramida penduduk {periode}", nama_wilayah)
    fig, ax = _figure()
    y = np.arange(len(KELOMPOK_UMUR))
    label_y = [k.replace("-", "–") for k in KELOMPOK_UMUR]  # en dash for ranges (PUEBI)

    def skala(values: np.ndarray, jumlah: float) -> np.ndarray:
        values = np.nan_to_num(values, nan=0.0)
        return 100.0 * values / jumlah if persen else values

    batas = 0.0
    if total > 0:
        kiri, kanan = skala(laki, total), skala(perempuan, total)
        ax.barh(y, -kiri, height=0.85, color=WARNA["biru"], label="Laki-laki")
        ax.barh(y, kanan, height=0.85, color=WARNA["oranye"], label="Perempuan")
        batas = max(kiri.max(), kanan.max())
    else:
        _tidak_cukup(ax, 0.5, 0.5)

    if persen:
        lp, pp = _piramida_wilayah(piramida, pembanding)
        total_p = np.nansum(lp) + np.nansum(pp)
        label_p = f"Pembanding: {nama_pembanding or pembanding}"
        if total_p > 0:
            kiri_p, kanan_p = skala(lp, total_p), skala(pp, total_p)
            gaya = {"height": 0.85, "fill": False, "edgecolor": WARNA["hitam"], "linewidth": 0.9}
            ax.barh(y, -kiri_p, label=label_p, **gaya)
            ax.barh(y, kanan_p, **gaya)
            batas = max(batas, kiri_p.max(), kanan_p.max())
        else:
            _tidak_cukup(ax, 0.98, 0.02, ha="right", va="bottom", transform=ax.transAxes)
            ax.text(
                0.98,
                0.07,
                label_p + ":",
                transform=ax.transAxes,
                ha="right",
                va="bottom",
                fontsize=_FONT_TEKS,
                color="#555555",
            )

    batas = batas * 1.1 if batas > 0 else 1.0
    ax.set_xlim(-batas, batas)
    ax.set_ylim(-0.6, len(KELOMPOK_UMUR) - 0.4)
    ax.axvline(0, color=WARNA["hitam"], linewidth=0.6)
    ax.set_yticks(y, label_y, fontsize=_FONT_TEKS)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=8, symmetric=True, integer=not persen))
    if persen:
        ax.xaxis.set_major_formatter(
            FuncFormatter(lambda v, _pos: format_persen(abs(v), _desimal_tick(v)))
        )
        ax.set_xlabel("Persentase dari jumlah penduduk (%)", fontsize=_FONT_TEKS)
    else:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_angka(abs(v))))
        ax.set_xlabel("Jumlah penduduk (jiwa)", fontsize=_FONT_TEKS)
    ax.tick_params(axis="x", labelsize=_FONT_TEKS)
    ax.set_ylabel("Kelompok umur (tahun)", fontsize=_FONT_TEKS)
    if ax.get_legend_handles_labels()[0]:
        # above the axes, right of the title: the bars fill the plot area
        ax.legend(
            loc="lower right",
            bbox_to_anchor=(1.0, 1.0),
            ncol=3,
            fontsize=FONT_MIN,
            frameon=False,
            borderaxespad=0.2,
        )
    return _selesai(fig, judul, sumber)


# ------------------------------------------------------------------------------- bauran metode
def bauran_metode(
    metode: pd.DataFrame,
    wilayah_id: str,
    sumber_label: str,
    *,
    nama_wilayah: str | None = None,
) -> Grafik:
    """Method mix of ``wilayah_id`` from ``out_metode_kb`` (columns ``metode``, ``n`` and the
    share ``mix_pct`` — ``persen`` in older builds): horizontal bars of the % of KB users per
    method, largest on top, labelled "12,5% (1.234)"; MKJP methods in a separate colour.

    ``sumber_label`` is the source-and-period label, e.g. ``format_periode("KKBPK", 2023, 12)``
    → "KKBPK Desember 2023". A KKB without users (all shares NaN) is annotated "data tidak cukup".
    """
    kolom = next((c for c in ("mix_pct", "persen") if c in metode.columns), None)
    if kolom is None:
        raise KeyError("out_metode_kb: kolom 'mix_pct' (atau 'persen') tidak ada")
    if "wilayah_id" in metode.columns and not (metode["wilayah_id"] == wilayah_id).any():
        # no KKBPK row for this area (a new KKB, or no kkb_kkbpk file): every share unknown
        rows = pd.DataFrame({"metode": list(_LABEL_METODE), "n": np.nan, kolom: np.nan})
    else:
        rows = _baris_wilayah(metode, wilayah_id, "out_metode_kb")
    data = pd.DataFrame(
        {
            "metode": rows["metode"].astype(str).str.upper().to_numpy(),
            "n": pd.to_numeric(rows["n"], errors="coerce").to_numpy(dtype="float64"),
            "pct": pd.to_numeric(rows[kolom], errors="coerce").to_numpy(dtype="float64"),
        }
    )
    # largest share on top: barh draws from the bottom, so sort ascending (stable, by name)
    data = data.sort_values(["pct", "metode"], ascending=[True, False], kind="stable")
    sumber = _kalimat_sumber(f"{sumber_label} (laporan bulanan KKBPK)")
    judul = _judul_wilayah("Bauran metode kontrasepsi peserta KB aktif", nama_wilayah)

    fig, ax = _figure()
    y = np.arange(len(data))
    ax.set_yticks(y, [_LABEL_METODE.get(m, m) for m in data["metode"]], fontsize=_FONT_TEKS)
    ax.set_xlabel("Persentase peserta KB aktif (%)", fontsize=_FONT_TEKS)
    ax.set_ylabel("Metode kontrasepsi", fontsize=_FONT_TEKS)
    ax.tick_params(axis="x", labelsize=_FONT_TEKS)
    if data["pct"].notna().any():
        pct = data["pct"].to_numpy()
        warna = [WARNA["biru"] if m in _MKJP else WARNA["biru_langit"] for m in data["metode"]]
        ada = ~np.isnan(pct)
        bars = ax.barh(y[ada], pct[ada], height=0.7, color=np.array(warna)[ada])
        for bar, p, n in zip(bars, pct[ada], data["n"].to_numpy()[ada], strict=True):
            label = format_persen(p) + ("" if math.isnan(n) else f" ({format_angka(n)})")
            ax.annotate(
                label,
                (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=FONT_MIN,
            )
        for yi in y[~ada]:
            _tidak_cukup(ax, 0.5, yi, transform=ax.transData, ha="left")
        ax.set_xlim(0, float(np.nanmax(pct)) * 1.35 + 1.0)  # room for the bar labels
        ax.legend(
            handles=[
                Patch(color=WARNA["biru"], label="MKJP (IUD, MOW, MOP, Implan)"),
                Patch(color=WARNA["biru_langit"], label="Non-MKJP"),
            ],
            loc="lower right",
            fontsize=FONT_MIN,
            frameon=False,
        )
    else:
        ax.set_xlim(0, 100)
        _tidak_cukup(ax)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_persen(v, _desimal_tick(v))))
    return _selesai(fig, judul, sumber)


# ---------------------------------------------------------------------------------- radar indeks
def radar_indeks(
    index_input: Any,
    index_proses: Any,
    index_output: Any,
    tingkat: Any,
    *,
    sumber_label: str | None = None,
    nama_wilayah: str | None = None,
) -> Grafik:
    """Radar of the three classification indices (``out_wilayah.index_input/proses/output``, 1–4)
    with the 3,00 threshold ring ("ambang tinggi 3,00") and the tier (``tingkat``) in the title,
    on a badge in the portal colour (Dasar red, Berkembang yellow, Mandiri green, Berkelanjutan
    blue; "data tidak cukup" grey).

    A missing index leaves a gap: its edges are not drawn, the polygon is not filled and the axis
    is annotated "data tidak cukup". ``sumber_label``: the source-and-period label(s), e.g.
    "Profil KKB 2023, KKBPK Desember 2023, PK 2023".
    """
    nama_sumbu = ("Input", "Proses", "Output")
    nilai = [_angka(v) for v in (index_input, index_proses, index_output)]
    for nama, v in zip(nama_sumbu, nilai, strict=True):
        if v is not None and not 1.0 <= v <= 4.0:
            raise ValueError(f"indeks {nama} {v!r} di luar rentang 1–4")
    tier = DATA_TIDAK_CUKUP if _na(tingkat) else str(tingkat).strip()
    warna = WARNA_TINGKAT.get(tier, WARNA["abu"])

    label_sumber = "klasifikasi Kampung KB (metode portal BKKBN)"
    if sumber_label:
        label_sumber = f"{sumber_label}; {label_sumber}"
    sumber = _kalimat_sumber(label_sumber)
    judul = _judul_wilayah(f"Indeks klasifikasi Kampung KB — tingkat {tier}", nama_wilayah)

    fig, ax = _figure(polar=True)
    sudut = np.deg2rad([90.0, 210.0, 330.0])
    lingkar = np.linspace(0, 2 * np.pi, 181)
    ax.set_ylim(1.0, 4.0)
    ax.set_rorigin(0.4)  # r = 1 is a small inner circle, not a point
    ax.yaxis.set_major_locator(FixedLocator([1.0, 2.0, 3.0, 4.0]))
    # r = 1 is the inner circle: its label would sit under the polygon's centre
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: "" if v <= 1 else format_angka(v)))
    ax.tick_params(axis="y", labelsize=FONT_MIN, labelcolor="#555555")
    ax.set_rlabel_position(150)

    ax.plot(
        lingkar,
        np.full_like(lingkar, _AMBANG_TINGGI),
        linestyle="--",
        linewidth=1.0,
        color=WARNA["hitam"],
        label=f"ambang tinggi {format_angka(_AMBANG_TINGGI, 2)}",
        gid="ambang",
    )
    ax.text(
        np.deg2rad(270.0),
        _AMBANG_TINGGI,
        f"ambang tinggi {format_angka(_AMBANG_TINGGI, 2)}",
        ha="center",
        va="bottom",
        fontsize=FONT_MIN,
        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
    )

    garis = {"color": warna, "linewidth": 1.8, "gid": "indeks"}
    if all(v is not None for v in nilai):
        theta = np.append(sudut, sudut[0])
        r = np.array([*nilai, nilai[0]], dtype=float)
        ax.plot(theta, r, marker="o", **garis)
        ax.fill(theta, r, color=warna, alpha=0.25)
    else:
        for i in range(3):
            j = (i + 1) % 3
            if nilai[i] is not None and nilai[j] is not None:
                ax.plot([sudut[i], sudut[j]], [nilai[i], nilai[j]], **garis)
        ada = [i for i, v in enumerate(nilai) if v is not None]
        if ada:
            ax.plot(sudut[ada], [nilai[i] for i in ada], linestyle="none", marker="o", color=warna)
        for i, v in enumerate(nilai):
            if v is None:
                ax.annotate(
                    DATA_TIDAK_CUKUP,
                    (sudut[i], 2.5),
                    ha="center",
                    va="center",
                    fontsize=FONT_MIN,
                    style="italic",
                    color="#555555",
                )

    ax.set_xticks(
        sudut,
        [
            f"{n}\n{DATA_TIDAK_CUKUP if v is None else format_angka(v, 2)}"
            for n, v in zip(nama_sumbu, nilai, strict=True)
        ],
        fontsize=_FONT_TEKS,
    )
    ax.tick_params(axis="x", pad=7)  # axis names clear of the outer ring
    ax.grid(True, linewidth=0.5, color="#bbbbbb")

    fig.text(
        0.99,
        0.97,
        f"Tingkat: {tier}",
        ha="right",
        va="top",
        fontsize=FONT_TEKS,
        fontweight="bold",
        color=_TEKS_TINGKAT.get(tier, "white"),
        bbox={"boxstyle": "round,pad=0.3", "facecolor": warna, "edgecolor": "none"},
        gid="tingkat",
    )
    return _selesai(fig, judul, sumber)


# ------------------------------------------------------------------------------- distribusi HAZ
def _normal_pdf(z: np.ndarray) -> np.ndarray:
    return np.exp(-0.5 * z**2) / math.sqrt(2 * math.pi)


def distribusi_zskor(
    zscore: pd.DataFrame,
    wilayah_id: str,
    periode_label: str,
    *,
    nama_wilayah: str | None = None,
) -> Grafik:
    """HAZ distribution of ``wilayah_id`` from ``out_zscore`` (rows ``indeks == "tbu"``): bars
    per bin (the open tails hatched, one bin wide beyond the last edge), dashed lines at −3
    ("sangat pendek") and −2 ("pendek"), and the WHO standard (standard normal) curve scaled to
    the number of balita (n × bin width × φ(z)).

    ``periode_label`` e.g. ``format_periode("e-PPGBM", 2023)`` → "e-PPGBM 2023". An area without
    measured balita (no rows, or n = 0) is annotated "data tidak cukup".
    """
    sumber_dasar = f"{periode_label} (pengukuran terakhir tiap balita)"
    judul = _judul_wilayah("Sebaran skor-z tinggi badan menurut umur (TB/U) balita", nama_wilayah)
    fig, ax = _figure(tinggi_cm=UKURAN_CM[1] + 1.5)  # + the legend under the axes
    rows = zscore[
        (zscore["wilayah_id"].astype("string") == wilayah_id)
        & (zscore["indeks"].astype("string") == "tbu")
    ].sort_values("bin_ke", kind="stable")
    n = pd.to_numeric(rows["n"], errors="coerce").fillna(0).to_numpy(dtype=float)
    total = float(n.sum())
    ax.set_xlabel("Skor-z TB/U (simpangan baku terhadap standar WHO)", fontsize=_FONT_TEKS)
    ax.set_ylabel("Jumlah balita", fontsize=_FONT_TEKS)
    ax.tick_params(labelsize=_FONT_TEKS)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_angka(v)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_angka(v)))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))

    if total <= 0:
        ax.set_xlim(-6, 6)
        _tidak_cukup(ax)
        sumber = _kalimat_sumber(sumber_dasar)
    else:
        bawah = rows["z_bawah"].to_numpy(dtype=float)
        atas = rows["z_atas"].to_numpy(dtype=float)
        terbatas = np.isfinite(bawah) & np.isfinite(atas)
        lebar = float(np.median(atas[terbatas] - bawah[terbatas])) if terbatas.any() else 0.5
        kiri = np.where(np.isfinite(bawah), bawah, atas - lebar)
        kanan = np.where(np.isfinite(atas), atas, bawah + lebar)
        warna = np.where(
            kanan <= -3,
            WARNA["merah"],
            np.where(kanan <= -2, WARNA["oranye"], WARNA["biru_langit"]),
        )
        bars = ax.bar(kiri, n, width=kanan - kiri, align="edge", color=warna, edgecolor="white")
        for bar, ekor in zip(bars, ~terbatas, strict=True):
            if ekor:
                bar.set_hatch("///")
        x = np.linspace(kiri.min(), kanan.max(), 241)
        ax.plot(
            x,
            total * lebar * _normal_pdf(x),
            color=WARNA["hitam"],
            linewidth=1.2,
            label="Standar WHO (normal baku × n)",
            gid="kurva_who",
        )
        ax.set_xlim(kiri.min(), kanan.max())
        puncak = max(float(n.max()), total * lebar * float(_normal_pdf(np.zeros(1))[0]))
        ax.set_ylim(0, puncak * 1.15)
        for z, teks in ((-3.0, "sangat pendek"), (-2.0, "pendek")):
            ax.axvline(z, color=WARNA["hitam"], linestyle="--", linewidth=0.9, gid=f"batas_{z}")
            ax.text(
                z - 0.08,
                puncak * 1.1,
                f"{teks} (z < {format_angka(z)})",
                rotation=90,
                ha="right",
                va="top",
                fontsize=FONT_MIN,
            )
        langkah = 1 if kanan.max() - kiri.min() <= 8 else 2  # ≤ 9 tick labels across 12 cm
        awal = math.ceil(kiri.min() / langkah) * langkah
        ax.set_xticks(np.arange(awal, math.floor(kanan.max()) + 1, langkah))
        # under the axes: inside, the legend would cover the bars of a large area
        fig.legend(
            handles=[
                Patch(color=WARNA["merah"], label="sangat pendek (z < −3)"),
                Patch(color=WARNA["oranye"], label="pendek (−3 ≤ z < −2)"),
                Patch(color=WARNA["biru_langit"], label="normal/tinggi (z ≥ −2)"),
                *ax.get_legend_handles_labels()[0],
            ],
            loc="outside lower center",
            ncol=2,
            fontsize=FONT_MIN,
            frameon=False,
        )
        sumber = _kalimat_sumber(f"{sumber_dasar}; n = {format_angka(total)} balita")
    return _selesai(fig, judul, sumber)


# ------------------------------------------------------------------------- perbandingan wilayah
def _format_nilai(v: float, satuan: str, desimal: int) -> str:
    if satuan == "%":
        return format_persen(v, desimal)
    angka = format_angka(v, desimal)
    return f"{angka} {satuan}" if satuan else angka


def perbandingan_wilayah(
    values: Mapping[str, Any],
    indikator_label: str,
    satuan: str = "%",
    *,
    sumber_label: str | None = None,
    desimal: int = 1,
) -> Grafik:
    """Bars of one indicator for the comparison areas, in the given order (e.g.
    ``{"KKB Melati": 45.2, "Sisa kelurahan": nan, "Kelurahan Sukamaju": 40.1,
    "Kota Cilegon": 38.7}``); the first area (the KKB) is highlighted. Each bar is labelled
    (``format_persen`` for ``satuan="%"``, else ``format_angka`` + unit); a missing value is a
    gap annotated "data tidak cukup".

    ``sumber_label``: the source-and-period label, e.g. "PK 2023" (strongly recommended: without
    it the source line has no period).
    """
    if not values:
        raise ValueError("values kosong: tidak ada wilayah untuk dibandingkan")
    label = list(values.keys())
    nilai = [_angka(v) for v in values.values()]
    sumber = _kalimat_sumber(sumber_label)
    judul = indikator_label

    fig, ax = _figure()
    x = np.arange(len(label))
    ada = [v is not None for v in nilai]
    warna = [WARNA["biru"] if i == 0 else WARNA["abu"] for i in range(len(label))]
    tinggi = [v for v in nilai if v is not None]
    if tinggi:
        bars = ax.bar(
            x[ada], tinggi, width=0.6, color=[w for w, a in zip(warna, ada, strict=True) if a]
        )
        for bar, v in zip(bars, tinggi, strict=True):
            ax.annotate(
                _format_nilai(v, satuan, desimal),
                (bar.get_x() + bar.get_width() / 2, v),
                xytext=(0, 3 if v >= 0 else -3),
                textcoords="offset points",
                ha="center",
                va="bottom" if v >= 0 else "top",
                fontsize=_FONT_TEKS,
            )
        atas = max(max(tinggi), 0.0)
        bawah = min(min(tinggi), 0.0)
        rentang = (atas - bawah) or 1.0
        ax.set_ylim(bawah - (0.12 * rentang if bawah < 0 else 0), atas + 0.15 * rentang)
    else:
        ax.set_ylim(0, 1)
    ax.axhline(0, color=WARNA["hitam"], linewidth=0.6)
    y_gap = sum(ax.get_ylim()) / 2 if tinggi else 0.5
    for xi, a in zip(x, ada, strict=True):
        if not a:
            _tidak_cukup(ax, xi, y_gap, transform=ax.transData, rotation=90)
    ax.set_xticks(x, [textwrap.fill(k, 16) for k in label], fontsize=_FONT_TEKS)
    ax.set_xlim(-0.6, len(label) - 0.4)
    ax.set_ylabel(
        f"{indikator_label} ({satuan})" if satuan else indikator_label, fontsize=_FONT_TEKS
    )
    ax.tick_params(axis="y", labelsize=_FONT_TEKS)
    if satuan == "%":
        ax.yaxis.set_major_formatter(
            FuncFormatter(lambda v, _pos: format_persen(v, _desimal_tick(v)))
        )
    else:
        ax.yaxis.set_major_formatter(
            FuncFormatter(lambda v, _pos: format_angka(v, _desimal_tick(v)))
        )
    return _selesai(fig, judul, sumber)


# =============================================================================================
# Charts of the evaluation sections (kkb_analysis.laporan.bagian_evaluasi). Kept in one block at
# the end of the module so that edits to the charts above do not collide with this one.
# =============================================================================================
def intervensi_fungsi_keluarga(
    fungsi: pd.DataFrame,
    wilayah_id: str,
    sumber_label: str,
    *,
    nama_wilayah: str | None = None,
) -> Grafik:
    """Interventions of ``wilayah_id`` by the 8 family functions (+ "Lainnya") from
    ``out_fungsi_keluarga``: horizontal bars in code order (1 at the top), each labelled with
    its count; a function without any intervention is a visible "0" (a real zero, not a gap).

    ``sumber_label`` is the window label, e.g. "Intervensi 1 Januari–31 Desember 2023". An area
    absent from the table is annotated "data tidak cukup"; an area whose counts are all 0 is
    annotated "tidak ada intervensi".
    """
    judul = _judul_wilayah("Intervensi menurut 8 fungsi keluarga", nama_wilayah)
    sumber = _kalimat_sumber(f"{sumber_label} (data intervensi Kampung KB)")
    fig, ax = _figure()
    rows = fungsi[fungsi["wilayah_id"].astype("string") == wilayah_id]
    ax.set_xlabel("Jumlah intervensi", fontsize=_FONT_TEKS)
    ax.tick_params(labelsize=_FONT_TEKS)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_angka(v)))
    if rows.empty:
        ax.set_yticks([])
        _tidak_cukup(ax)
        return Grafik(figure=fig, judul=judul, sumber=sumber)
    rows = rows.sort_values("kategori_fungsi", key=lambda s: s.astype(int), kind="stable")
    label = rows["fungsi_keluarga"].astype(str).tolist()
    n = pd.to_numeric(rows["n_intervensi"], errors="coerce").fillna(0).to_numpy(dtype=float)
    y = np.arange(len(label))[::-1]  # code 1 on top
    lainnya = rows["kategori_fungsi"].astype(str).eq("9").to_numpy()
    warna = np.where(lainnya, WARNA["abu"], WARNA["hijau"])
    bars = ax.barh(y, n, height=0.7, color=warna)
    for bar, v in zip(bars, n, strict=True):
        ax.annotate(
            format_angka(v),
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=FONT_MIN,
        )
    ax.set_yticks(y, label, fontsize=_FONT_TEKS)
    ax.set_xlim(0, max(float(n.max()), 1.0) * 1.15 + 0.5)
    if n.sum() == 0:
        ax.text(
            0.5,
            0.5,
            "tidak ada intervensi",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=_FONT_TEKS,
            style="italic",
            color="#555555",
        )
    return Grafik(figure=fig, judul=judul, sumber=sumber)


# =====================================================================================
# city summary charts (notebooks/rekap_kota.ipynb, kkb_analysis/laporan/rekap.py)
# =====================================================================================
# Self-contained on purpose (own figure sizes; Grafik built directly), so changes to the helpers
# of the per-KKB charts above do not move these. Like the charts above, title and source are
# returned in the Grafik (printed as the caption), not drawn inside the figure.

#: Tier order of the city charts, lowest first; "data tidak cukup" is shown only when present.
URUTAN_TINGKAT_KOTA = ("Dasar", "Berkembang", "Mandiri", "Berkelanjutan")


def _teks_grafik(text: Any) -> str:
    """Text from the data drawn in a figure: ``$`` escaped so matplotlib never reads mathtext."""
    return str(text).replace("$", r"\$")


#: Type size of the map and the heatmap: both are wide figures shrunk to the page width.
_FONT_PETA = 8.5


def _figure_cm(lebar_cm: float, tinggi_cm: float, *, constrained: bool = True) -> Figure:
    return Figure(
        figsize=(lebar_cm * _CM, tinggi_cm * _CM),
        dpi=DPI,
        layout="constrained" if constrained else None,
    )


def sebaran_tingkat_kota(
    jumlah: Mapping[str, int],
    tahun: int,
    jumlah_sebelumnya: Mapping[str, int] | None = None,
    *,
    sumber_label: str | None = None,
) -> Grafik:
    """Number of KKB per tier (bars in the portal tier colours) for ``tahun``, next to the
    previous year (hatched, lighter) when ``jumlah_sebelumnya`` is given. Bars are labelled with
    the count; a tier with 0 KKB shows "0" (a count of zero is a value, not missing)."""
    kategori = list(URUTAN_TINGKAT_KOTA)
    if any((d or {}).get(DATA_TIDAK_CUKUP, 0) for d in (jumlah, jumlah_sebelumnya)):
        kategori.append(DATA_TIDAK_CUKUP)
    fig = _figure_cm(16.0, 8.5)
    ax = fig.add_subplot()
    x = np.arange(len(kategori))
    warna = [WARNA_TINGKAT.get(k, WARNA["abu"]) for k in kategori]
    seri: list[tuple[str, Mapping[str, int], float, dict[str, Any]]] = []
    if jumlah_sebelumnya is not None:
        seri.append((str(tahun - 1), jumlah_sebelumnya, -0.2, {"alpha": 0.45, "hatch": "///"}))
        seri.append((str(tahun), jumlah, 0.2, {}))
        lebar = 0.38
    else:
        seri.append((str(tahun), jumlah, 0.0, {}))
        lebar = 0.6
    puncak = 1
    for label, data, geser, gaya in seri:
        n = [int(data.get(k, 0)) for k in kategori]
        puncak = max(puncak, *n)
        bars = ax.bar(
            x + geser,
            n,
            width=lebar,
            color=warna,
            edgecolor=WARNA["hitam"],
            linewidth=0.6,
            label=label,
            gid=f"tingkat_{label}",
            **gaya,
        )
        for bar, v in zip(bars, n, strict=True):
            ax.annotate(
                format_angka(v),
                (bar.get_x() + bar.get_width() / 2, v),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=_FONT_TEKS,
            )
    ax.set_xticks(x, kategori, fontsize=_FONT_TEKS)
    ax.set_ylim(0, puncak * 1.2 + 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_angka(v)))
    ax.tick_params(axis="y", labelsize=_FONT_TEKS)
    ax.set_ylabel("Jumlah Kampung KB", fontsize=_FONT_TEKS)
    ax.spines[["top", "right"]].set_visible(False)
    if jumlah_sebelumnya is not None:
        ax.legend(
            handles=[
                Patch(
                    facecolor="white",
                    edgecolor=WARNA["hitam"],
                    hatch="///",
                    label=f"{tahun - 1} (arsir)",
                ),
                Patch(
                    facecolor=WARNA["abu"],
                    edgecolor=WARNA["hitam"],
                    label=f"{tahun} (warna penuh)",
                ),
            ],
            loc="upper left",
            fontsize=7,
            frameon=False,
        )
    judul = f"Sebaran tingkat klasifikasi Kampung KB, {tahun}" + (
        f" dibanding {tahun - 1}" if jumlah_sebelumnya is not None else ""
    )
    return Grafik(figure=fig, judul=judul, sumber=_kalimat_sumber(sumber_label))


#: Label positions around a point: (dx, dy) direction, horizontal and vertical alignment, in the
#: order tried (right, left, above, below, then the diagonals).
_ARAH_LABEL = (
    (1.0, 0.0, "left", "center"),
    (-1.0, 0.0, "right", "center"),
    (0.0, 1.0, "center", "bottom"),
    (0.0, -1.0, "center", "top"),
    (0.75, 0.75, "left", "bottom"),
    (-0.75, 0.75, "right", "bottom"),
    (0.75, -0.75, "left", "top"),
    (-0.75, -0.75, "right", "top"),
)
#: Distances (points) of a KKB name from its point; beyond the first a thin leader is drawn.
_JARAK_LABEL = (6.0, 14.0, 24.0, 36.0)
#: Rings (points) searched around a kecamatan's centre for a free place for its name.
_CINCIN_KECAMATAN = (0.0, 8.0, 16.0, 24.0, 34.0, 46.0, 60.0)


def _kotak_titik(ax: Any, lon: float, lat: float, luas_pt2: float) -> Any:
    """The display box (pixels) of a scatter marker of area ``luas_pt2`` (points²)."""
    from matplotlib.transforms import Bbox

    x, y = ax.transData.transform((lon, lat))
    r = (math.sqrt(luas_pt2) / 2 + 1.0) * ax.figure.dpi / 72
    return Bbox.from_extents(x - r, y - r, x + r, y + r)


def _bertumpuk(a: Any, b: Any) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def _ruas_berpotongan(p: tuple, q: tuple, r: tuple, s: tuple) -> bool:
    """Whether segment p–q crosses segment r–s (proper crossing; shared ends do not count)."""

    def sisi(a: tuple, b: tuple, c: tuple) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = sisi(r, s, p), sisi(r, s, q)
    d3, d4 = sisi(p, q, r), sisi(p, q, s)
    return d1 * d2 < 0 and d3 * d4 < 0


def _pilih_tempat(
    teks: Any,
    kandidat: list[tuple[float, float, str, str]],
    renderer: Any,
    keras: list[Any],
    lunak: list[Any],
    batas: Any,
    garis: list[tuple[tuple, tuple]] | None = None,
    asal: tuple[float, float] | None = None,
    jarak_garis: float = math.inf,
) -> tuple[int, Any] | None:
    """Try each candidate offset (points, alignment) for the annotation ``teks`` and keep the
    first whose box stays inside ``batas`` and touches no box of ``keras`` (and whose leader,
    from ``asal`` when the offset is at least ``jarak_garis``, crosses no segment of ``garis``),
    preferring fewer touches of ``lunak``; None when every candidate is blocked."""
    terbaik: tuple[int, int, Any] | None = None
    for i, (dx, dy, ha, va) in enumerate(kandidat):
        teks.xyann = (dx, dy)
        teks.set_horizontalalignment(ha)
        teks.set_verticalalignment(va)
        kotak = teks.get_window_extent(renderer).expanded(1.0, 1.0).padded(1.5)
        if not (
            batas.x0 <= kotak.x0 and kotak.x1 <= batas.x1 and batas.y0 <= kotak.y0
            and kotak.y1 <= batas.y1
        ):  # fmt: skip
            continue
        if any(_bertumpuk(kotak, k) for k in keras):
            continue
        if asal is not None and garis and math.hypot(dx, dy) >= jarak_garis:
            ujung = (kotak.x0 + kotak.x1) / 2, (kotak.y0 + kotak.y1) / 2
            if any(_ruas_berpotongan(asal, ujung, a, b) for a, b in garis):
                continue
        n = sum(_bertumpuk(kotak, k) for k in lunak)
        if terbaik is None or n < terbaik[0]:
            terbaik = (n, i, kotak)
        if n == 0:
            break
    return None if terbaik is None else (terbaik[1], terbaik[2])


def _panah_utara(ax: Any, x: float, y: tuple[float, float], fontsize: float) -> Any:
    """A north arrow "U" at ``x`` (axes fraction), from ``y[1]`` up to ``y[0]``."""
    return ax.annotate(
        "U",
        xy=(x, y[0]),
        xytext=(x, y[1]),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=fontsize,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": WARNA["hitam"], "linewidth": 1.0},
        gid="panah_utara",
    )


def _skala_peta(
    ax: Any, kos: float, *, per: int, letak: tuple[float, float, float], fontsize: float
) -> tuple[Any, Any]:
    """A scale bar on a longitude/latitude map (``kos``: cosine of its latitude): the first
    round length of at least 1/``per`` of the map's width, at ``letak`` = (x, y, label gap)
    as fractions of the axes' extent. Returns (bar, label)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km_per_derajat = 111.32 * kos
    lebar_km = (x1 - x0) * km_per_derajat
    km = next((k for k in (0.5, 1, 2, 5, 10, 20) if k >= lebar_km / per), 20)
    sx, sy = x0 + letak[0] * (x1 - x0), y0 + letak[1] * (y1 - y0)
    (garis,) = ax.plot(
        [sx, sx + km / km_per_derajat],
        [sy, sy],
        color=WARNA["hitam"],
        linewidth=2,
        solid_capstyle="butt",
        gid="skala",
    )
    teks = ax.text(
        sx + km / km_per_derajat / 2,
        sy + letak[2] * (y1 - y0),
        f"{format_angka(km, 0 if km >= 1 else 1)} km",
        ha="center",
        va="bottom",
        fontsize=fontsize,
    )
    return garis, teks


def peta_kkb(
    titik: pd.DataFrame,
    *,
    sumber_label: str | None = None,
    kotak: Mapping[str, tuple[float, float]] | None = None,
    kelurahan: pd.DataFrame | None = None,
    kecamatan: pd.DataFrame | None = None,
    judul: str = "Lokasi Kampung KB menurut tingkat klasifikasi",
) -> Grafik:
    """Offline location map of the KKB: one point per KKB with coordinates, coloured by tier.

    ``titik`` has columns ``nama``, ``latitude``, ``longitude`` (WGS84 degrees) and ``tingkat``;
    rows without coordinates are skipped (the report says how many). No web tiles, no network
    and no latitude/longitude axes: equal scale (1° of longitude drawn cos(lintang) times as long
    as 1° of latitude), a north arrow and a scale bar. Every KKB name is placed BESIDE its point
    by a deterministic search (right, left, above, below, diagonals; then farther out with a thin
    leader that crosses no other leader), never on a point, another name or the map furniture.
    ``kotak`` (``{"lintang": (min, max), "bujur": (min, max)}``, the K6 coordinate check) is
    drawn as a dashed rectangle where it falls inside the view. Context (optional):
    ``kelurahan`` (``lat``, ``lon``) drawn as small grey points, ``kecamatan`` (``nama``,
    ``lat``, ``lon``) as grey capitals at the free place nearest their centre (not on a KKB point
    or name, nor on another kecamatan name); the view then covers them too.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.patches import Rectangle

    data = titik.loc[titik["latitude"].notna() & titik["longitude"].notna()].copy()
    data["lat"] = pd.to_numeric(data["latitude"]).astype(float)
    data["lon"] = pd.to_numeric(data["longitude"]).astype(float)
    data["tier"] = [
        DATA_TIDAK_CUKUP if _na(t) else str(t).strip() for t in data["tingkat"].tolist()
    ]
    konteks = [
        f[["lat", "lon"]].astype(float)
        for f in (kelurahan, kecamatan)
        if f is not None and not f.empty
    ]
    lebar_cm, tinggi_cm = 16.0, 13.0
    fig = _figure_cm(lebar_cm, tinggi_cm, constrained=False)
    canvas = FigureCanvasAgg(fig)
    # fixed axes box (inches): no tick labels, the tier legend (two rows) sits above the axes
    kiri_in, bawah_in = 0.08, 0.08
    lebar_in, tinggi_in = lebar_cm * _CM - 0.16, tinggi_cm * _CM - 0.85
    ax = fig.add_axes(
        (
            kiri_in / (lebar_cm * _CM),
            bawah_in / (tinggi_cm * _CM),
            lebar_in / (lebar_cm * _CM),
            tinggi_in / (tinggi_cm * _CM),
        )
    )
    ax.set_xticks([])
    ax.set_yticks([])
    for sisi in ax.spines.values():
        sisi.set_edgecolor("#BBBBBB")
        sisi.set_linewidth(0.6)
    ax.set_facecolor("#fbfbf8")
    if data.empty:
        lintang = (kotak or {}).get("lintang", (-6.2, -5.8))
        bujur = (kotak or {}).get("bujur", (105.85, 106.2))
        ax.set_xlim(*bujur)
        ax.set_ylim(*lintang)
        _tidak_cukup(ax)
        lat0 = float(np.mean(lintang))
    else:
        semua = pd.concat([data[["lat", "lon"]], *konteks], ignore_index=True)
        lat0 = float(semua["lat"].mean())
        kos = math.cos(math.radians(lat0))
        dx = max(float(semua["lon"].max() - semua["lon"].min()), 0.01)
        dy = max(float(semua["lat"].max() - semua["lat"].min()), 0.01)
        # degrees (of latitude) per inch: room for a name on either side and above/below
        s = max(dx * kos / max(lebar_in - 2.0, 1.0), dy / max(tinggi_in - 0.9, 1.0))
        pusat_x = float(semua["lon"].min() + semua["lon"].max()) / 2
        pusat_y = float(semua["lat"].min() + semua["lat"].max()) / 2
        ax.set_xlim(pusat_x - lebar_in * s / kos / 2, pusat_x + lebar_in * s / kos / 2)
        ax.set_ylim(pusat_y - tinggi_in * s / 2, pusat_y + tinggi_in * s / 2)
    ax.set_aspect(1 / math.cos(math.radians(lat0)), adjustable="datalim")
    if kotak:
        (b0, b1), (l0, l1) = kotak["lintang"], kotak["bujur"]
        ax.add_patch(
            Rectangle(
                (l0, b0),
                l1 - l0,
                b1 - b0,
                fill=False,
                linestyle="--",
                linewidth=0.8,
                edgecolor=WARNA["abu"],
                gid="kotak_k6",
            )
        )
    # north arrow (top left) and scale bar (bottom left), in axes fractions / degrees
    panah = _panah_utara(ax, 0.04, (0.97, 0.86), 8)
    ax.apply_aspect()
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    garis_skala, teks_skala = _skala_peta(
        ax, math.cos(math.radians(lat0)), per=8, letak=(0.03, 0.04, 0.012), fontsize=_FONT_PETA
    )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    if not data.empty:
        if kelurahan is not None and not kelurahan.empty:
            ax.scatter(
                kelurahan["lon"].astype(float),
                kelurahan["lat"].astype(float),
                s=7,
                color="#AAAAAA",
                linewidth=0,
                zorder=2,
                label="pusat kelurahan",
                gid="kelurahan",
            )
        for tier in [*URUTAN_TINGKAT_KOTA, DATA_TIDAK_CUKUP]:
            bagian = data.loc[data["tier"] == tier]
            if bagian.empty:
                continue
            ax.scatter(
                bagian["lon"],
                bagian["lat"],
                s=46,
                color=WARNA_TINGKAT[tier],
                edgecolor=WARNA["hitam"],
                linewidth=0.7,
                zorder=3,
                label=f"{tier} ({format_angka(len(bagian))})",
                gid=f"kkb_{tier}",
            )
        lain = data.loc[~data["tier"].isin([*URUTAN_TINGKAT_KOTA, DATA_TIDAK_CUKUP])]
        if not lain.empty:
            ax.scatter(
                lain["lon"],
                lain["lat"],
                s=46,
                color=WARNA["abu"],
                edgecolor=WARNA["hitam"],
                linewidth=0.7,
                zorder=3,
                label="tingkat lain",
                gid="kkb_lain",
            )
        # above the axes, so it can never hide a point or a label
        ax.legend(
            title="Kampung KB menurut tingkat (jumlah):",
            title_fontsize=_FONT_PETA,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncol=3,
            fontsize=_FONT_PETA,
            frameon=False,
            borderaxespad=0.2,
            alignment="left",
        )
        _label_peta(ax, canvas, data, kelurahan, kecamatan, [panah, garis_skala, teks_skala])
    return Grafik(figure=fig, judul=judul, sumber=_kalimat_sumber(sumber_label))


def _label_peta(
    ax: Any,
    canvas: Any,
    data: pd.DataFrame,
    kelurahan: pd.DataFrame | None,
    kecamatan: pd.DataFrame | None,
    perabot: list[Any],
) -> None:
    """Place the KKB names beside their points, then the kecamatan names at the free place
    nearest their centre (see :func:`peta_kkb`). Deterministic: the KKB with the most
    neighbours is labelled first, ties by name."""
    from matplotlib import patheffects

    renderer = canvas.get_renderer()
    batas = ax.get_window_extent(renderer)
    keras = [a.get_window_extent(renderer) for a in perabot]
    keras += [_kotak_titik(ax, float(b["lon"]), float(b["lat"]), 46) for _, b in data.iterrows()]
    lunak = (
        []
        if kelurahan is None or kelurahan.empty
        else [
            _kotak_titik(ax, float(x), float(y), 7)
            for x, y in zip(kelurahan["lon"], kelurahan["lat"], strict=True)
        ]
    )
    layar = ax.transData.transform(data[["lon", "lat"]].to_numpy(dtype=float))
    dekat = 2.5 * ax.figure.dpi / 2.54  # 2.5 cm
    tetangga = [int((np.hypot(*(layar - p).T) < dekat).sum()) for p in layar]
    nama = [_teks_grafik(n) for n in data["nama"]]
    urutan = sorted(range(len(data)), key=lambda i: (-tetangga[i], nama[i]))
    kandidat = [(r * x, r * y, ha, va) for r in _JARAK_LABEL for x, y, ha, va in _ARAH_LABEL]
    garis: list[tuple[tuple, tuple]] = []
    halo = [patheffects.withStroke(linewidth=2.0, foreground="white")]
    for i in urutan:
        xy = (float(data["lon"].iloc[i]), float(data["lat"].iloc[i]))
        gaya = {"textcoords": "offset points", "fontsize": _FONT_PETA, "zorder": 4,
                "gid": "label_kkb", "path_effects": halo}  # fmt: skip
        t = ax.annotate(nama[i], xy=xy, xytext=(0, 0), **gaya)
        asal = (float(layar[i][0]), float(layar[i][1]))
        hasil = _pilih_tempat(
            t, kandidat, renderer, keras, lunak, batas, garis, asal, _JARAK_LABEL[1]
        )
        k, kotak = hasil if hasil is not None else (0, None)  # nowhere free: right of it
        dx, dy, ha, va = kandidat[k]
        if math.hypot(dx, dy) >= _JARAK_LABEL[1]:  # farther out: redraw with a thin leader
            t.remove()
            panah = {"arrowstyle": "-", "color": "#666666", "linewidth": 0.5, "shrinkA": 0,
                     "shrinkB": 3.5}  # fmt: skip
            t = ax.annotate(nama[i], xy=xy, xytext=(dx, dy), arrowprops=panah, **gaya)
        t.xyann = (dx, dy)
        t.set_horizontalalignment(ha)
        t.set_verticalalignment(va)
        kotak = t.get_window_extent(renderer) if kotak is None else kotak
        keras.append(kotak)
        if math.hypot(dx, dy) >= _JARAK_LABEL[1]:
            garis.append((asal, ((kotak.x0 + kotak.x1) / 2, (kotak.y0 + kotak.y1) / 2)))
    if kecamatan is None or kecamatan.empty:
        return
    kandidat_kec = [
        (r * math.cos(math.radians(a)), r * math.sin(math.radians(a)), "center", "center")
        for r in _CINCIN_KECAMATAN
        for a in ((0,) if r == 0 else range(90, 450, 45))
    ]
    for _, kec in kecamatan.sort_values("nama", kind="stable").iterrows():
        t = ax.annotate(
            _teks_grafik(str(kec["nama"])).upper(),
            xy=(float(kec["lon"]), float(kec["lat"])),
            xytext=(0, 0),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=_FONT_PETA - 1,
            color="#777777",
            fontweight="bold",
            zorder=1.5,
            gid="label_kecamatan",
            path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")],
        )
        hasil = _pilih_tempat(t, kandidat_kec, renderer, keras, lunak, batas)
        k, kotak = hasil if hasil is not None else (0, None)
        t.xyann = kandidat_kec[k][:2]
        keras.append(t.get_window_extent(renderer) if kotak is None else kotak)


#: Heat map cell colours by comparison code (Okabe–Ito sky blue / orange: colour-blind safe) and
#: the text mark printed before the value, so the meaning never rests on colour alone.
WARNA_BANDING = {
    "lebih_baik": WARNA["biru_langit"],
    "setara": "#EEEEEE",
    "lebih_buruk": WARNA["oranye"],
    "naik": "#EEEEEE",
    "turun": "#EEEEEE",
    "tetap": "#EEEEEE",
    "tidak_cukup": "#FFFFFF",
}
#: The marks are the comparison marks of the profil's status column (+ better, = equal, − worse;
#: profil.TANDA); arrows are kept for trends over time. A cell prints "8,8% (−)": the mark in
#: brackets after the value, so it never reads as the sign of the value.
TANDA_BANDING = {
    "lebih_baik": "+",
    "setara": "=",
    "lebih_buruk": "−",
    "naik": "",
    "turun": "",
    "tetap": "",
    "tidak_cukup": "",
}
#: Legend of the heat map (code, words); the words of the codes live in kata_banding.
_LEGENDA_BANDING = (
    ("lebih_baik", "lebih baik daripada kota di luar KKB"),
    ("setara", "setara"),
    ("lebih_buruk", "lebih buruk daripada kota di luar KKB"),
    ("tidak_cukup", "data tidak cukup"),
)


def heatmap_selisih(
    nilai: pd.DataFrame,
    *,
    kode: pd.DataFrame,
    sumber_label: str | None = None,
    judul: str = "Indikator Kampung KB dibanding kota di luar KKB",
) -> Grafik:
    """KKB × indicator heat map: every cell prints the KKB's VALUE (``nilai``, already formatted
    in the indicator's unit) and is coloured by its comparison CODE (``kode``, same shape: the
    :class:`~kkb_analysis.indikator.banding.Kode` values of the comparison with kota luar KKB in
    the indicator's direction) — blue (+) better, grey (=) equal, orange (−) worse, white "data
    tidak cukup"; the legend says each mark in words. Colour encodes the judgement only, never
    a magnitude, so units are never mixed on one scale. Rows are drawn in the order given (the
    caller passes rank order); column labels may hold line breaks. Each cell is a rectangle
    with ``gid`` ``"sel|<row>|<col>|<code>"``."""
    from matplotlib.patches import Rectangle

    if nilai.shape != kode.shape:
        raise ValueError("nilai dan kode peta panas harus berukuran sama")
    baris, kolom = nilai.shape
    label_baris = [_teks_grafik(i) for i in nilai.index]
    lebar_cm = 17.0
    tinggi_cm = min(max(6.0, 4.4 + 0.55 * baris), 26.0)
    fig = _figure_cm(lebar_cm, tinggi_cm)
    ax = fig.add_subplot()
    teks_nilai = nilai.astype("string").fillna(DATA_TIDAK_CUKUP).to_numpy()
    kode_np = kode.astype("string").fillna("tidak_cukup").to_numpy()
    for i in range(baris):
        for j in range(kolom):
            k = str(kode_np[i, j])
            if k not in WARNA_BANDING:
                raise ValueError(f"kode perbandingan tidak dikenal: {k!r}")
            kosong_sel = k == "tidak_cukup"
            ax.add_patch(
                Rectangle(
                    (j, i),
                    1,
                    1,
                    facecolor=WARNA_BANDING[k],
                    edgecolor="white" if not kosong_sel else "#BBBBBB",
                    hatch="////" if kosong_sel else None,
                    linewidth=1.0 if not kosong_sel else 0.4,
                    gid=f"sel|{i}|{j}|{k}",
                )
            )
            teks = str(teks_nilai[i, j])
            if kosong_sel:
                teks = "data tidak\ncukup"
            tanda = TANDA_BANDING[k]
            ax.text(
                j + 0.5,
                i + 0.5,
                f"{teks} ({tanda})" if tanda else teks,
                ha="center",
                va="center",
                fontsize=7.5 if not kosong_sel else 6,
                color=WARNA["hitam"],
                gid="nilai_sel",
            )
    ax.set_xlim(0, kolom)
    ax.set_ylim(baris, 0)
    ax.set_xticks(
        np.arange(kolom) + 0.5,
        [
            "\n".join(textwrap.fill(t, 9) for t in _teks_grafik(c).split("\n"))
            for c in nilai.columns
        ],
        fontsize=6.5,
    )
    ax.set_yticks(np.arange(baris) + 0.5, label_baris, fontsize=7.5)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for sisi in ax.spines.values():
        sisi.set_visible(False)
    fig.legend(
        handles=[
            Patch(
                facecolor=WARNA_BANDING[k],
                edgecolor="#BBBBBB",
                hatch="////" if k == "tidak_cukup" else None,
                label=f"({TANDA_BANDING[k]}) {kata}" if TANDA_BANDING[k] else kata,
            )
            for k, kata in _LEGENDA_BANDING
        ],
        loc="outside lower center",
        ncol=2,
        fontsize=7,
        frameon=False,
    )
    return Grafik(figure=fig, judul=judul, sumber=_kalimat_sumber(sumber_label))


# ------------------------------------------------------------------------------ iBangga dimensi
#: iBangga category bounds: Rentan < 40 ≤ Berkembang ≤ 70 < Tangguh (indicators.md §8.4).
BATAS_IBANGGA = (40.0, 70.0)


def ibangga_dimensi(
    nilai: Mapping[str, Mapping[str, Any]],
    *,
    sumber_label: str,
    nama_wilayah: str | None = None,
) -> Grafik:
    """Grouped horizontal bars of the iBangga index and its three dimensions (0–100) for the
    comparison areas, e.g. ``{"Kampung KB X": {"iBangga": 60.7, "Ketenteraman": 85.4, …},
    "Kelurahan X": {…}, "Kota Cilegon": {…}}`` (the first area highlighted), with dashed lines at
    the category bounds 40 and 70. A missing value is annotated "data tidak cukup"."""
    if not nilai:
        raise ValueError("nilai kosong: tidak ada wilayah untuk digambar")
    wilayah = list(nilai)
    kategori = list(dict.fromkeys(k for v in nilai.values() for k in v))
    warna = [WARNA["biru"], WARNA["biru_langit"], WARNA["abu"], WARNA["oranye"]]
    fig, ax = _figure()
    tinggi = 0.8 / len(wilayah)
    y = np.arange(len(kategori))[::-1].astype(float)  # first category on top
    for i, nama in enumerate(wilayah):
        posisi = y + 0.4 - tinggi * (i + 0.5)
        for yi, kat in zip(posisi, kategori, strict=True):
            v = _angka(nilai[nama].get(kat))
            if v is None:
                _tidak_cukup(ax, 1.0, yi, transform=ax.transData, ha="left", fontsize=FONT_MIN)
                continue
            ax.barh(yi, v, height=tinggi * 0.9, color=warna[i % len(warna)])
            ax.annotate(
                format_angka(v, 2),
                (v, yi),
                xytext=(2, 0),
                textcoords="offset points",
                va="center",
                fontsize=FONT_MIN,
            )
    for batas in BATAS_IBANGGA:
        ax.axvline(batas, color=WARNA["hitam"], linestyle="--", linewidth=0.8, gid="batas")
    ax.set_xlim(0, 108)
    ax.set_yticks(y, kategori, fontsize=_FONT_TEKS)
    ax.set_xlabel("Indeks (0–100); garis putus: batas Rentan 40 dan Tangguh 70", fontsize=FONT_MIN)
    ax.tick_params(axis="x", labelsize=_FONT_TEKS)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_angka(v)))
    ax.legend(
        handles=[
            Patch(color=warna[i % len(warna)], label=textwrap.shorten(n, 40))
            for i, n in enumerate(wilayah)
        ],
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=1 if len(wilayah) > 2 else len(wilayah),
        fontsize=FONT_MIN,
        frameon=False,
    )
    judul = _judul_wilayah("Indeks iBangga dan tiga dimensinya", nama_wilayah)
    sumber = _kalimat_sumber(f"{sumber_label} (Pendataan Keluarga)")
    return _selesai(fig, judul, sumber)


#: Size of the profile's locator map: the width of its printed column (62 mm, profil.py), so
#: the map is printed unshrunk and its smallest text (:data:`FONT_MIN_PETA_LOKASI`) stays ≥ 8 pt.
UKURAN_PETA_LOKASI_CM = (6.2, 5.0)
FONT_MIN_PETA_LOKASI = 8.0


def peta_lokasi_kkb(
    titik: pd.DataFrame,
    sorot: str,
    *,
    nama_kota: str = "",
    sumber_label: str | None = None,
) -> Grafik:
    """Compact locator map of one KKB (the two-page profile): every KKB with coordinates as a
    small grey point, the KKB ``sorot`` as a large point in its tier colour with its name.

    ``titik`` has columns ``kkb_id``, ``nama``, ``latitude``, ``longitude`` and ``tingkat``
    (as for :func:`peta_kkb`); rows without coordinates are skipped. Offline: no base map, equal
    scale in both directions, a north arrow and a scale bar; no degree ticks (the map only
    locates). When ``sorot`` has no coordinates the other points are drawn and the map says
    "data tidak cukup".
    """
    data = titik.loc[titik["latitude"].notna() & titik["longitude"].notna()].copy()
    data["lat"] = pd.to_numeric(data["latitude"]).astype(float)
    data["lon"] = pd.to_numeric(data["longitude"]).astype(float)
    ini = data.loc[data["kkb_id"].astype(str) == str(sorot)]
    cocok = titik.loc[titik["kkb_id"].astype(str) == str(sorot), "nama"]
    nama = "" if cocok.empty else str(cocok.iloc[0])
    lain = data.loc[data["kkb_id"].astype(str) != str(sorot)]
    lebar_cm, tinggi_cm = UKURAN_PETA_LOKASI_CM
    fig = Figure(figsize=(lebar_cm * _CM, tinggi_cm * _CM), dpi=DPI_KKB)
    ax = fig.add_axes((0.02, 0.02, 0.96, 0.96))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("#fbfbf8")
    for s in ax.spines.values():
        s.set_color("#bbbbbb")
        s.set_linewidth(0.6)
    if data.empty:
        _tidak_cukup(ax)
        return Grafik(figure=fig, judul=f"Letak {nama}".strip(), sumber=_kalimat_sumber(None))
    lat0 = float(data["lat"].mean())
    kos = math.cos(math.radians(lat0))
    dx = max(float(data["lon"].max() - data["lon"].min()), 0.01)
    dy = max(float(data["lat"].max() - data["lat"].min()), 0.01)
    # the view: all points plus a margin, at equal scale (axes box 96 % of the figure)
    rasio = lebar_cm / tinggi_cm
    lebar, tinggi = dx * 1.3 * kos, dy * 1.45
    if lebar / tinggi < rasio:
        lebar = tinggi * rasio
    else:
        tinggi = lebar / rasio
    pusat_x = float(data["lon"].min() + data["lon"].max()) / 2
    pusat_y = float(data["lat"].min() + data["lat"].max()) / 2
    ax.set_xlim(pusat_x - lebar / kos / 2, pusat_x + lebar / kos / 2)
    ax.set_ylim(pusat_y - tinggi / 2, pusat_y + tinggi / 2)
    ax.scatter(
        lain["lon"],
        lain["lat"],
        s=16,
        color="#b5b5b5",
        edgecolor="#6b6b6b",
        linewidth=0.5,
        zorder=2,
        gid="kkb_lain",
    )
    if ini.empty:
        _tidak_cukup(ax, y=0.1)
    else:
        r = ini.iloc[0]
        tier = DATA_TIDAK_CUKUP if _na(r["tingkat"]) else str(r["tingkat"]).strip()
        ax.scatter(
            [r["lon"]],
            [r["lat"]],
            s=110,
            marker="o",
            color=WARNA_TINGKAT.get(tier, WARNA["abu"]),
            edgecolor=WARNA["hitam"],
            linewidth=1.4,
            zorder=4,
            gid="kkb_sorot",
        )
        x0, x1 = ax.get_xlim()
        kanan = r["lon"] < (x0 + x1) / 2
        ax.annotate(
            _teks_grafik(nama),
            xy=(r["lon"], r["lat"]),
            xytext=(9 if kanan else -9, 7),
            textcoords="offset points",
            ha="left" if kanan else "right",
            va="bottom",
            fontsize=FONT_MIN_PETA_LOKASI + 1,
            fontweight="bold",
            bbox={
                "boxstyle": "round,pad=0.2",
                "facecolor": "white",
                "edgecolor": "#888888",
                "linewidth": 0.5,
                "alpha": 0.9,
            },
            zorder=5,
            gid="label_sorot",
        )
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    _panah_utara(ax, 0.93, (0.95, 0.80), FONT_MIN_PETA_LOKASI)
    _skala_peta(ax, kos, per=6, letak=(0.05, 0.06, 0.02), fontsize=FONT_MIN_PETA_LOKASI)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    kota = f" {nama_kota}" if nama_kota else ""
    judul = f"Letak {nama} di antara {format_angka(len(data))} Kampung KB{kota}"
    return Grafik(figure=fig, judul=judul, sumber=_kalimat_sumber(sumber_label))
