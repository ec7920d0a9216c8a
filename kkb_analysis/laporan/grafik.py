"""Charts of the per-KKB evaluation report: one function per report section.

Every function returns a :class:`Grafik` — the figure, its title and its source line — so the
notebook/HTML layer can print the title and the source as text too. Conventions:

- Figures are built with :class:`matplotlib.figure.Figure` directly (no ``pyplot``): nothing is
  registered in the global figure manager and no ``rcParams`` are changed, so nothing leaks and
  nothing needs closing. Saving to PNG uses the Agg canvas.
- Size 16 × 10 cm at 150 dpi (A4-friendly), Okabe–Ito colour-blind-safe palette; the portal tier
  colours (red/yellow/green/blue) use the Okabe–Ito shades of those hues.
- Every number printed in the figure (ticks, bar labels) goes through
  :mod:`kkb_analysis.laporan.format` (Indonesian separators, U+2212 minus, "data tidak cukup").
- The source line ("Sumber: PK 2023 (Pendataan Keluarga), diolah DP3AP2KB Kota Cilegon") is drawn
  under the axes with ``fig.text`` and returned as :attr:`Grafik.sumber`.
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

from kkb_analysis.laporan.format import (
    DATA_TIDAK_CUKUP,
    format_angka,
    format_periode,
    format_persen,
)

__all__ = [
    "KELOMPOK_UMUR",
    "PENGOLAH",
    "WARNA",
    "WARNA_TINGKAT",
    "Grafik",
    "bauran_metode",
    "distribusi_zskor",
    "perbandingan_wilayah",
    "piramida_penduduk",
    "radar_indeks",
]

PENGOLAH = "DP3AP2KB Kota Cilegon"

#: Figure size: 16 × 10 cm.
UKURAN_CM = (16.0, 10.0)
DPI = 150
_CM = 1 / 2.54

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
_FONT_SUMBER = 7
_FONT_TEKS = 8


@dataclass(frozen=True)
class Grafik:
    """A report chart: the figure, its title and its source line ("Sumber: …")."""

    figure: Figure
    judul: str
    sumber: str

    def ke_png(self, dpi: int = DPI) -> bytes:
        """The figure as PNG bytes (for embedding in HTML)."""
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", dpi=dpi)
        return buf.getvalue()


# ------------------------------------------------------------------------------------ helpers
def _na(x: Any) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


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


def _figure(*, polar: bool = False) -> tuple[Figure, Any]:
    fig = Figure(figsize=(UKURAN_CM[0] * _CM, UKURAN_CM[1] * _CM), dpi=DPI, layout="constrained")
    # keep the bottom strip free for the source line
    fig.get_layout_engine().set(rect=(0.0, 0.09, 1.0, 0.91))
    ax = fig.add_subplot(projection="polar" if polar else None)
    return fig, ax


def _selesai(
    fig: Figure, ax: Any, judul: str, sumber: str, *, judul_di_axes: bool = True
) -> Grafik:
    if judul_di_axes:
        ax.set_title(judul, fontsize=10, loc="left")
    fig.text(
        0.01,
        0.015,
        sumber,
        fontsize=_FONT_SUMBER,
        ha="left",
        va="bottom",
        color="#333333",
        wrap=True,
        gid="sumber",
    )
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
            fontsize=7,
            frameon=False,
            borderaxespad=0.2,
        )
    ax.set_title(judul, fontsize=10, loc="left", pad=14)  # leaves the legend row free
    return _selesai(fig, ax, judul, sumber, judul_di_axes=False)


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
    rows = _baris_wilayah(metode, wilayah_id, "out_metode_kb")
    kolom = next((c for c in ("mix_pct", "persen") if c in rows.columns), None)
    if kolom is None:
        raise KeyError("out_metode_kb: kolom 'mix_pct' (atau 'persen') tidak ada")
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
                fontsize=7,
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
            fontsize=7,
            frameon=False,
        )
    else:
        ax.set_xlim(0, 100)
        _tidak_cukup(ax)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_persen(v, _desimal_tick(v))))
    return _selesai(fig, ax, judul, sumber)


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
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_angka(v)))
    ax.tick_params(axis="y", labelsize=7, labelcolor="#555555")
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
        fontsize=7,
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
                    fontsize=7,
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
    ax.grid(True, linewidth=0.5, color="#bbbbbb")
    ax.legend(loc="lower right", bbox_to_anchor=(1.35, -0.05), fontsize=7, frameon=False)

    ax.set_title(
        _judul_wilayah("Indeks klasifikasi Kampung KB", nama_wilayah),
        fontsize=10,
        loc="left",
    )
    fig.text(
        0.99,
        0.97,
        f"Tingkat: {tier}",
        ha="right",
        va="top",
        fontsize=10,
        fontweight="bold",
        color=_TEKS_TINGKAT.get(tier, "white"),
        bbox={"boxstyle": "round,pad=0.3", "facecolor": warna, "edgecolor": "none"},
        gid="tingkat",
    )
    return _selesai(fig, ax, judul, sumber, judul_di_axes=False)


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
    fig, ax = _figure()
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
                fontsize=7,
            )
        ax.set_xticks(np.arange(math.ceil(kiri.min()), math.floor(kanan.max()) + 1))
        ax.legend(
            handles=[
                Patch(color=WARNA["merah"], label="sangat pendek (z < −3)"),
                Patch(color=WARNA["oranye"], label="pendek (−3 ≤ z < −2)"),
                Patch(color=WARNA["biru_langit"], label="normal/tinggi (z ≥ −2)"),
                *ax.get_legend_handles_labels()[0],
            ],
            loc="upper right",
            fontsize=7,
            frameon=False,
        )
        sumber = _kalimat_sumber(f"{sumber_dasar}; n = {format_angka(total)} balita")
    return _selesai(fig, ax, judul, sumber)


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
    return _selesai(fig, ax, judul, sumber)
