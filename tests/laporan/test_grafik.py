"""Tests of the report charts (kkb_analysis.laporan.grafik) on tiny hand-made tables."""

from __future__ import annotations

import io

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from kkb_analysis.laporan.grafik import (
    KELOMPOK_UMUR,
    WARNA_TINGKAT,
    Grafik,
    bauran_metode,
    distribusi_zskor,
    ibangga_dimensi,
    perbandingan_wilayah,
    piramida_penduduk,
    radar_indeks,
)

M = "\u2212"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# ----------------------------------------------------------------------------------- helpers
def _texts(fig: Figure) -> list[str]:
    """Every text of the drawn figure (titles, ticks, legend, annotations, caption)."""
    fig.canvas.draw()  # tick labels exist only after a draw
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def _legend_texts(ax) -> list[str]:
    legend = ax.get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend is not None else []


def _png(grafik: Grafik) -> bytes:
    buf = io.BytesIO()
    grafik.figure.savefig(buf, format="png")
    data = buf.getvalue()
    assert data.startswith(PNG_MAGIC)
    return data


def _assert_grafik(grafik: Grafik, periode: str) -> None:
    assert isinstance(grafik, Grafik)
    assert isinstance(grafik.figure, Figure)
    assert grafik.judul
    assert grafik.sumber.startswith("Sumber:")
    assert periode in grafik.sumber
    assert "DP3AP2KB Kota Cilegon" in grafik.sumber
    # title and source are printed once, as the HTML caption: never drawn in the figure
    drawn = _texts(grafik.figure)
    assert grafik.sumber not in drawn
    assert grafik.judul not in drawn
    assert not any(t.startswith("Sumber:") for t in drawn)
    assert all(not ax.get_title(loc) for ax in grafik.figure.axes for loc in ("left", "center"))


def _piramida(wilayah: str, laki: list[float], perempuan: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "wilayah_id": pd.array([wilayah] * 32, dtype="string"),
            "kelompok_umur": pd.Categorical(
                np.repeat(KELOMPOK_UMUR, 2), categories=KELOMPOK_UMUR, ordered=True
            ),
            "jenis_kelamin": pd.array(["L", "P"] * 16, dtype="string"),
            "n": np.ravel(np.column_stack([laki, perempuan])).astype("float64"),
        }
    )


@pytest.fixture
def piramida() -> pd.DataFrame:
    laki = [float(100 + 10 * i) for i in range(16)]
    laki[0] = 1500.0  # a count above 1.000 to see the thousands separator
    perempuan = [float(90 + 12 * i) for i in range(16)]
    kota = _piramida("kota:36.72", [v * 20 for v in laki], [v * 21 for v in perempuan])
    kosong = _piramida("sisa:K01", [0.0] * 16, [0.0] * 16)
    return pd.concat([_piramida("kkb:K01", laki, perempuan), kota, kosong], ignore_index=True)


# -------------------------------------------------------------------------------- no leaks
def test_no_pyplot_figures_are_left_open(piramida):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    piramida_penduduk(piramida, "kkb:K01", 2023)
    radar_indeks(3.2, 2.5, 3.0, "Mandiri")
    assert plt.get_fignums() == before


def test_figure_size_is_a4_friendly(piramida):
    fig = piramida_penduduk(piramida, "kkb:K01", 2023).figure
    width, height = fig.get_size_inches()
    assert width * 2.54 == pytest.approx(12.0)
    assert height * 2.54 == pytest.approx(8.0)
    assert fig.dpi == 200  # 945 px wide: sharp on a phone


# ------------------------------------------------------------------- legible text (issue 12)
#: The chart column of a 390-px phone (page padding off) and of the A4 PDF (180 mm).
PONSEL_PX = 370
KOLOM_A4_CM = 18.0


def _px_ponsel(pt: float, lebar_figur_cm: float, tampil_px: float = PONSEL_PX) -> float:
    """CSS px of ``pt`` text when a figure ``lebar_figur_cm`` wide is shown ``tampil_px`` wide
    (never enlarged): pt × 96/72 × display width / figure width in CSS px."""
    figur_px = lebar_figur_cm / 2.54 * 96
    return pt * 96 / 72 * min(1.0, tampil_px / figur_px)


def test_px_formula_worked_by_hand():
    # 9,5 pt on a 12-cm figure (453,5 px) shown 370 px wide: 12,667 × 0,8158 = 10,33 px
    assert _px_ponsel(9.5, 12.0) == pytest.approx(10.33, abs=0.01)
    # the old charts: 7 pt on 16 cm (604,7 px) in 370 px = 5,7 px (the reviewer's 4–6 px)
    assert _px_ponsel(7, 16.0) == pytest.approx(5.71, abs=0.01)
    # a figure narrower than the column is not enlarged: 8 pt = 10,67 px
    assert _px_ponsel(8, 6.2) == pytest.approx(10.67, abs=0.01)


def _ukuran_teks(fig: Figure) -> list[float]:
    """Font sizes (pt) of every visible, non-empty text the figure draws."""
    fig.canvas.draw()
    return [
        t.get_fontsize()
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.get_window_extent().width > 0
    ]


def _semua_grafik(piramida, metode, zscore) -> dict[str, Grafik]:
    from kkb_analysis.laporan.grafik import intervensi_fungsi_keluarga, peta_lokasi_kkb

    fungsi = pd.DataFrame(
        {
            "wilayah_id": "kkb:K01",
            "kategori_fungsi": [str(i) for i in range(1, 10)],
            "fungsi_keluarga": [f"Fungsi {i}" for i in range(1, 9)] + ["Lainnya"],
            "n_intervensi": [3, 0, 5, 1, 2, 0, 4, 1, 2],
        }
    )
    titik = pd.DataFrame(
        {
            "kkb_id": ["A", "B", "C"],
            "nama": ["Kampung KB Banjar Negara", "Kepuh", "Gerem"],
            "latitude": [-6.0, -6.02, -5.95],
            "longitude": [106.0, 106.05, 106.02],
            "tingkat": ["Dasar", "Mandiri", "Berkembang"],
        }
    )
    return {
        "piramida": piramida_penduduk(piramida, "kkb:K01", 2023),
        "piramida_banding": piramida_penduduk(
            piramida, "kkb:K01", 2023, "kota:36.72", nama_pembanding="Kota Cilegon"
        ),
        "bauran": bauran_metode(metode, "kkb:K01", "KKBPK Desember 2023"),
        "bauran_kosong": bauran_metode(metode, "kkb:K02", "KKBPK Desember 2023"),
        "radar": radar_indeks(3.2, 2.67, 3.0, "Mandiri"),
        "radar_celah": radar_indeks(None, 2.67, 3.0, "data tidak cukup"),
        "zskor": distribusi_zskor(zscore, "kkb:K01", "e-PPGBM 2023"),
        "banding": perbandingan_wilayah(
            {"Kampung KB Melati": 45.2, "Kelurahan Sukamaju": None, "Kota Cilegon": 38.7},
            "CPR",
        ),
        "fungsi": intervensi_fungsi_keluarga(fungsi, "kkb:K01", "Intervensi 2023"),
        "ibangga": ibangga_dimensi(
            {"KKB Melati": {"iBangga": 60.7, "Ketenteraman": None}, "Kota": {"iBangga": 62.7}},
            sumber_label="PK 2023",
        ),
        "peta_lokasi": peta_lokasi_kkb(titik, "A", nama_kota="Kota Cilegon"),
    }


def test_every_per_kkb_chart_is_legible_on_a_phone_and_in_the_pdf(piramida, metode, zscore):
    """Issue 12: chart text ≥ 10 px in the 370-px column of a 390-px phone, ≥ 8 pt in the
    A4 PDF, for the smallest text of every per-KKB chart (the figures and the sizes the chart
    functions really use)."""
    from kkb_analysis.laporan import dasar

    cap_cm = float(dasar.LEBAR_GRAFIK_LAPORAN.removesuffix("cm"))
    for nama, g in _semua_grafik(piramida, metode, zscore).items():
        lebar_cm = g.figure.get_figwidth() * 2.54
        terkecil = min(_ukuran_teks(g.figure))
        assert _px_ponsel(terkecil, lebar_cm) >= 10, (nama, terkecil, lebar_cm)
        # PDF: printed at most at the report's chart width, inside the 18-cm column
        cetak_cm = min(lebar_cm, cap_cm, KOLOM_A4_CM)
        assert terkecil * cetak_cm / lebar_cm >= 8, (nama, terkecil, lebar_cm)


def test_report_charts_print_at_their_own_width():
    from kkb_analysis.laporan import dasar, grafik

    assert f"{grafik.UKURAN_CM[0]:g}cm" == dasar.LEBAR_GRAFIK_LAPORAN
    assert dasar.BagianKkb("x").lebar_grafik == dasar.LEBAR_GRAFIK_LAPORAN


# ---------------------------------------------------------------------------------- piramida
def test_piramida_absolute_counts(piramida):
    g = piramida_penduduk(piramida, "kkb:K01", 2023, nama_wilayah="KKB Melati")
    _assert_grafik(g, "PK 2023")
    assert "Pendataan Keluarga" in g.sumber
    assert "KKB Melati" in g.judul
    ax = g.figure.axes[0]
    bars = _bars(ax)
    assert len(bars) == 32
    # L to the left (negative widths), P to the right
    laki = [b.get_width() for b in bars[:16]]
    perempuan = [b.get_width() for b in bars[16:]]
    assert laki[0] == -1500.0
    assert all(w <= 0 for w in laki)
    assert all(w >= 0 for w in perempuan)
    texts = _texts(g.figure)
    assert "Laki-laki" in _legend_texts(ax)
    assert "Perempuan" in _legend_texts(ax)
    yticks = [t.get_text() for t in ax.get_yticklabels()]
    assert yticks[0] == "0–4"
    assert yticks[-1] == "75+"
    assert len(yticks) == 16
    # x axis: absolute counts with Indonesian separators, no minus on the left side
    xticks = [t.get_text() for t in ax.get_xticklabels()]
    assert "1.500" in xticks or any("." in t for t in xticks)
    assert not any(t.startswith((M, "-")) for t in xticks)
    assert "Jumlah penduduk (jiwa)" in texts
    _png(g)


def test_piramida_with_comparison_is_in_percent(piramida):
    g = piramida_penduduk(
        piramida, "kkb:K01", 2023, pembanding="kota:36.72", nama_pembanding="Kota Cilegon"
    )
    _assert_grafik(g, "PK 2023")
    ax = g.figure.axes[0]
    bars = _bars(ax)
    assert len(bars) == 64  # 32 filled + 32 outline
    filled = [b for b in bars if b.get_fill()]
    outline = [b for b in bars if not b.get_fill()]
    assert len(filled) == len(outline) == 32
    # shares of each area sum to 100 %
    assert sum(abs(b.get_width()) for b in filled) == pytest.approx(100.0)
    assert sum(abs(b.get_width()) for b in outline) == pytest.approx(100.0)
    assert "Pembanding: Kota Cilegon" in _legend_texts(ax)
    g.figure.canvas.draw()
    xticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert all(t.endswith("%") for t in xticks)
    _png(g)


def test_piramida_empty_area_says_data_tidak_cukup(piramida):
    g = piramida_penduduk(piramida, "sisa:K01", 2023)
    assert _bars(g.figure.axes[0]) == []
    assert "data tidak cukup" in _texts(g.figure)
    _png(g)


def test_piramida_empty_comparison_says_data_tidak_cukup(piramida):
    g = piramida_penduduk(piramida, "kkb:K01", 2023, pembanding="sisa:K01")
    assert len(_bars(g.figure.axes[0])) == 32
    assert "data tidak cukup" in _texts(g.figure)


def test_piramida_unknown_area_raises(piramida):
    with pytest.raises(ValueError, match="tidak ada"):
        piramida_penduduk(piramida, "kkb:X99", 2023)


# ---------------------------------------------------------------------------- bauran metode
@pytest.fixture
def metode() -> pd.DataFrame:
    nama = ["IUD", "MOW", "MOP", "Kondom", "Implan", "Suntik", "PIL"]
    n = [120, 30, 0, 50, 200, 1100, 500]
    total = sum(n)
    rows = pd.DataFrame(
        {
            "wilayah_id": "kkb:K01",
            "sumber": "KKBPK bulan 12",
            "metode": nama,
            "n": np.array(n, dtype="int64"),
            "mix_pct": [100 * v / total for v in n],
        }
    )
    kosong = rows.assign(wilayah_id="kkb:K02", n=0, mix_pct=np.nan)
    return pd.concat([rows, kosong], ignore_index=True)


def test_bauran_metode(metode):
    g = bauran_metode(metode, "kkb:K01", "KKBPK Desember 2023")
    _assert_grafik(g, "KKBPK Desember 2023")
    ax = g.figure.axes[0]
    bars = _bars(ax)
    assert len(bars) == 7
    widths = [b.get_width() for b in bars]
    assert sum(widths) == pytest.approx(100.0)
    assert widths == sorted(widths)  # largest on top
    yticks = [t.get_text() for t in ax.get_yticklabels()]
    assert yticks[-1] == "Suntik"
    assert {"IUD", "MOW", "MOP", "Implan", "Kondom", "Pil"} <= set(yticks)
    texts = _texts(g.figure)
    assert "55,0% (1.100)" in texts  # format_persen + format_angka
    assert "0,0% (0)" in texts
    assert any(t.startswith("MKJP") for t in _legend_texts(ax))
    _png(g)


def test_bauran_metode_accepts_the_documented_persen_column(metode):
    g = bauran_metode(metode.rename(columns={"mix_pct": "persen"}), "kkb:K01", "KKBPK Mei 2023")
    assert len(_bars(g.figure.axes[0])) == 7


def test_bauran_metode_without_users(metode):
    g = bauran_metode(metode, "kkb:K02", "KKBPK Desember 2023")
    assert _bars(g.figure.axes[0]) == []
    assert "data tidak cukup" in _texts(g.figure)
    _png(g)


def test_bauran_metode_area_without_kkbpk_rows(metode):
    """A KKB with no KKBPK report (new, or no kkb_kkbpk file) has no row: no error."""
    g = bauran_metode(metode, "kkb:K99", "KKBPK Desember 2023")
    ax = g.figure.axes[0]
    assert _bars(ax) == []
    assert "data tidak cukup" in _texts(g.figure)
    assert len(ax.get_yticklabels()) == 7
    _png(g)


# ----------------------------------------------------------------------------- radar indeks
def _tier_badge(fig: Figure) -> Text:
    (badge,) = [t for t in fig.texts if t.get_gid() == "tingkat"]
    return badge


def test_radar_indeks_complete():
    g = radar_indeks(3.2, 2.67, 3.0, "Mandiri", sumber_label="Profil KKB 2023, KKBPK Desember 2023")
    _assert_grafik(g, "KKBPK Desember 2023")
    fig = g.figure
    ax = fig.axes[0]
    assert ax.name == "polar"
    assert "Mandiri" in g.judul
    badge = _tier_badge(fig)
    assert badge.get_text() == "Tingkat: Mandiri"
    assert matplotlib.colors.same_color(
        badge.get_bbox_patch().get_facecolor(), WARNA_TINGKAT["Mandiri"]
    )
    lines = {line.get_gid(): line for line in ax.get_lines()}
    ambang = lines["ambang"]
    assert np.allclose(ambang.get_ydata(), 3.0)
    polygon = [line for line in ax.get_lines() if line.get_gid() == "indeks"]
    assert len(polygon) == 1
    assert list(polygon[0].get_ydata()) == [3.2, 2.67, 3.0, 3.2]  # closed
    assert len(ax.patches) == 1  # the fill
    assert ax.get_ylim() == (1.0, 4.0)
    texts = _texts(fig)
    assert "ambang tinggi 3,00" in texts
    assert "Input\n3,20" in texts
    assert "Proses\n2,67" in texts
    assert "Output\n3,00" in texts
    assert "data tidak cukup" not in texts
    _png(g)


@pytest.mark.parametrize(
    ("tingkat", "warna"),
    [
        ("Dasar", WARNA_TINGKAT["Dasar"]),
        ("Berkembang", WARNA_TINGKAT["Berkembang"]),
        ("Berkelanjutan", WARNA_TINGKAT["Berkelanjutan"]),
        ("data tidak cukup", WARNA_TINGKAT["data tidak cukup"]),
        (pd.NA, WARNA_TINGKAT["data tidak cukup"]),
    ],
)
def test_radar_indeks_tier_colours(tingkat, warna):
    g = radar_indeks(1.0, 4.0, 2.0, tingkat)
    badge = _tier_badge(g.figure)
    assert matplotlib.colors.same_color(badge.get_bbox_patch().get_facecolor(), warna)
    assert len({WARNA_TINGKAT[k] for k in WARNA_TINGKAT}) == 5


def test_radar_indeks_missing_index_is_a_gap():
    g = radar_indeks(3.2, pd.NA, np.nan, "data tidak cukup")
    ax = g.figure.axes[0]
    assert [line for line in ax.get_lines() if line.get_gid() == "indeks"] == []
    assert len(ax.patches) == 0  # no filled polygon
    texts = _texts(g.figure)
    assert "Proses\ndata tidak cukup" in texts
    assert "Output\ndata tidak cukup" in texts
    assert texts.count("data tidak cukup") == 2  # one annotation per missing axis
    assert "Tingkat: data tidak cukup" in texts
    _png(g)


def test_radar_indeks_one_missing_draws_the_remaining_edge():
    g = radar_indeks(3.2, 2.0, None, "data tidak cukup")
    edges = [line for line in g.figure.axes[0].get_lines() if line.get_gid() == "indeks"]
    assert len(edges) == 1
    assert list(edges[0].get_ydata()) == [3.2, 2.0]


def test_radar_indeks_out_of_range():
    with pytest.raises(ValueError, match="rentang"):
        radar_indeks(0.5, 2.0, 3.0, "Dasar")


# ---------------------------------------------------------------------------- distribusi HAZ
def _zscore(wilayah: str, counts: list[int]) -> pd.DataFrame:
    edges = np.arange(-6.0, 6.01, 0.5)
    lower = np.concatenate([[-np.inf], edges])
    upper = np.concatenate([edges, [np.inf]])
    return pd.DataFrame(
        {
            "wilayah_id": pd.array([wilayah] * 26, dtype="string"),
            "indeks": "tbu",
            "bin_ke": np.arange(26, dtype="int64"),
            "z_bawah": lower,
            "z_atas": upper,
            "label": pd.array([f"bin {i}" for i in range(26)], dtype="string"),
            "n": np.array(counts, dtype="int64"),
        }
    )


@pytest.fixture
def zscore() -> pd.DataFrame:
    counts = [0] * 26
    # bins: 0 = z < -6, 1 = [-6, -5.5) … 13 = [0, 0.5) … 25 = z ≥ 6
    counts[1] = 1
    counts[7] = 3  # [-3.0, -2.5)
    counts[8] = 5  # [-2.5, -2.0)
    counts[10] = 20
    counts[12] = 40
    counts[13] = 30
    counts[25] = 1
    return pd.concat([_zscore("kkb:K01", counts), _zscore("kkb:K02", [0] * 26)])


def test_distribusi_zskor(zscore):
    g = distribusi_zskor(zscore, "kkb:K01", "e-PPGBM 2023")
    _assert_grafik(g, "e-PPGBM 2023")
    assert "n = 100 balita" in g.sumber
    ax = g.figure.axes[0]
    bars = _bars(ax)
    assert len(bars) == 26
    assert sum(b.get_height() for b in bars) == 100
    # the tails are one bin wide beyond the last edge, hatched
    assert bars[0].get_x() == -6.5
    assert bars[0].get_hatch() == "///"
    assert bars[-1].get_x() == 6.0
    lines = {line.get_gid(): line for line in ax.get_lines()}
    assert lines["batas_-3.0"].get_xdata()[0] == -3.0
    assert lines["batas_-2.0"].get_xdata()[0] == -2.0
    kurva = lines["kurva_who"]
    # the WHO curve at z = 0 is n × bin width × φ(0)
    x, y = kurva.get_xdata(), kurva.get_ydata()
    assert y[np.argmin(np.abs(x))] == pytest.approx(100 * 0.5 / np.sqrt(2 * np.pi), rel=1e-3)
    texts = _texts(g.figure)
    assert any(t.startswith("sangat pendek") for t in texts)
    assert any(t.startswith("pendek") for t in texts)
    assert f"{M}2" in [t.get_text() for t in ax.get_xticklabels()]  # U+2212 minus
    legenda = [t.get_text() for lg in g.figure.legends for t in lg.get_texts()]
    assert any("Standar WHO" in t for t in legenda)
    _png(g)


def test_distribusi_zskor_ignores_other_indices(zscore):
    other = _zscore("kkb:K01", [5] * 26).assign(indeks="bbu")
    g = distribusi_zskor(pd.concat([zscore, other]), "kkb:K01", "e-PPGBM 2023")
    assert sum(b.get_height() for b in _bars(g.figure.axes[0])) == 100


@pytest.mark.parametrize("wilayah", ["kkb:K02", "sisa:K01"])  # n = 0 / no rows at all
def test_distribusi_zskor_without_children(zscore, wilayah):
    g = distribusi_zskor(zscore, wilayah, "e-PPGBM Agustus 2023")
    _assert_grafik(g, "e-PPGBM Agustus 2023")
    assert _bars(g.figure.axes[0]) == []
    assert "data tidak cukup" in _texts(g.figure)
    _png(g)


# ---------------------------------------------------------------------- perbandingan wilayah
def test_perbandingan_wilayah_with_gap():
    values = {
        "KKB Melati": 45.25,
        "Sisa kelurahan": float("nan"),
        "Kelurahan Sukamaju": 40.1,
        "Kota Cilegon": pd.NA,
    }
    g = perbandingan_wilayah(values, "CPR", sumber_label="PK 2023")
    _assert_grafik(g, "PK 2023")
    assert g.judul == "CPR"
    ax = g.figure.axes[0]
    bars = _bars(ax)
    assert len(bars) == 2
    assert [b.get_height() for b in bars] == [45.25, 40.1]
    assert [b.get_x() + b.get_width() / 2 for b in bars] == [0.0, 2.0]  # gaps at 1 and 3
    texts = _texts(g.figure)
    assert texts.count("data tidak cukup") == 2
    assert "45,3%" in texts  # half-up, Indonesian decimal comma
    assert "40,1%" in texts
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "KKB Melati",
        "Sisa kelurahan",
        "Kelurahan\nSukamaju",
        "Kota Cilegon",
    ]
    assert "CPR (%)" in texts
    _png(g)


def test_perbandingan_wilayah_other_unit():
    g = perbandingan_wilayah(
        {"KKB": 3.456, "Kota": 1234.5}, "Rasio", satuan="per 1.000", sumber_label="PK 2022"
    )
    texts = _texts(g.figure)
    assert "3,5 per 1.000" in texts
    assert "1.234,5 per 1.000" in texts
    assert "Rasio (per 1.000)" in texts


def test_perbandingan_wilayah_all_missing():
    g = perbandingan_wilayah({"KKB": None, "Kota": np.nan}, "CPR", sumber_label="PK 2023")
    assert _bars(g.figure.axes[0]) == []
    assert _texts(g.figure).count("data tidak cukup") == 2
    _png(g)


def test_perbandingan_wilayah_empty_raises():
    with pytest.raises(ValueError):
        perbandingan_wilayah({}, "CPR")


def test_ke_png_and_determinism(piramida):
    a = piramida_penduduk(piramida, "kkb:K01", 2023).ke_png()
    b = piramida_penduduk(piramida, "kkb:K01", 2023).ke_png()
    assert a.startswith(PNG_MAGIC)
    assert a == b


# ------------------------------------------------------------------------------ iBangga dimensi
def test_ibangga_dimensi_groups_areas_and_marks_missing():
    nilai = {
        "KKB Melati": {"iBangga": 60.745, "Ketenteraman": 85.4, "Kemandirian": None},
        "Kota Cilegon": {"iBangga": 62.7, "Ketenteraman": 86.1, "Kemandirian": 60.23},
    }
    g = ibangga_dimensi(nilai, sumber_label="PK 2023", nama_wilayah="KKB Melati")
    _assert_grafik(g, "PK 2023")
    ax = g.figure.axes[0]
    assert len(_bars(ax)) == 5  # 6 values, one missing
    teks = _texts(g.figure)
    assert "60,75" in teks and "60,23" in teks
    assert "data tidak cukup" in teks
    assert _legend_texts(ax) == ["KKB Melati", "Kota Cilegon"]
    batas = sorted(line.get_xdata()[0] for line in ax.get_lines() if line.get_gid() == "batas")
    assert batas == [40.0, 70.0]
    _png(g)
