"""The two-page KKB profile (laporan/profil.py, notebooks/profil_kkb.ipynb): the status-mark
rule, the main-point rule, the content for a sample KKB, the notebook and the page count.

Expected values are worked out by hand in the comments."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest

from kkb_analysis.indikator.banding import Kode
from kkb_analysis.indikator.katalog import katalog
from kkb_analysis.indikator.target import NilaiTarget, Target, tabel_target
from kkb_analysis.laporan import profil
from kkb_analysis.laporan.dasar import DataLaporan
from kkb_analysis.laporan.opd import SINGKAT
from kkb_analysis.laporan.profil import BarisIndikator, Status, pilih_pesan, status_indikator

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "profil_kkb.ipynb"
KKB = "KKB-3672051004-01"  # Kampung KB Panggung Rawi of the sample city
KKB_BARU = "KKB-3672041001-01"  # Kampung KB Banjar Negara: not a KKB in 2022


# --------------------------------------------------------------------------- status rule
@pytest.mark.parametrize(
    ("ada", "target", "luar", "harapan"),
    [
        # a comparable target decides, whatever kota luar KKB says
        (True, "tercapai", Kode.LEBIH_BURUK, Status.TERCAPAI),
        (True, "belum_tercapai", Kode.LEBIH_BAIK, Status.BELUM_TERCAPAI),
        # a target of another source ("tidak sebanding") or none: kota luar KKB decides
        (True, "tidak_sebanding", Kode.LEBIH_BURUK, Status.LEBIH_BURUK),
        (True, None, Kode.LEBIH_BAIK, Status.LEBIH_BAIK),
        (True, None, Kode.SETARA, Status.SETARA),
        # kota luar KKB does not carry the indicator, or has no value
        (True, None, None, Status.TANPA_PEMBANDING),
        (True, "tidak_cukup", Kode.TIDAK_CUKUP, Status.TANPA_PEMBANDING),
        # the KKB has no value: nothing to mark
        (False, "tercapai", Kode.LEBIH_BAIK, Status.TIDAK_CUKUP),
    ],
)
def test_status_rule(ada, target, luar, harapan):
    assert status_indikator(ada, target, luar) == harapan


def test_every_status_prints_a_symbol_and_words():
    for status in Status:
        tanda = profil.TANDA[status]
        assert tanda.simbol.strip() and len(tanda.kata) > 3
    # distinct symbols for the five marks that say something
    dinilai = [Status.TERCAPAI, Status.BELUM_TERCAPAI, Status.LEBIH_BAIK, Status.SETARA]
    simbol = [profil.TANDA[s].simbol for s in [*dinilai, Status.LEBIH_BURUK]]
    assert len(set(simbol)) == 5


def _target(kunci: str, kolom: str, arah: str, sumber: str, nilai: float) -> Target:
    return Target(
        kunci=kunci,
        label=kunci,
        dokumen="Dokumen Uji (Perda 1/2023)",
        tingkat="kota",
        arah=arah,
        sumber_data=sumber,
        catatan="",
        nilai=(NilaiTarget(2023, nilai, "P", "T1"),),
        kolom=(kolom,),
    )


def _data_tangan(kkb: dict, luar: dict) -> DataLaporan:
    """A hand-made year: one KKB and kota luar KKB (out_wilayah), targets of a test file."""
    wide = pd.DataFrame(
        [
            {
                "wilayah_id": "kkb:K1",
                "jenis_wilayah": "kkb",
                "nama_wilayah": "Kampung KB Uji",
                "kkb_id": "K1",
                **kkb,
            },
            {
                "wilayah_id": "luar_kkb:36.72",
                "jenis_wilayah": "kota_luar_kkb",
                "nama_wilayah": "Kota Uji di luar KKB",
                "kkb_id": pd.NA,
                **luar,
            },
        ]
    )
    targets = {
        # a maximum (lower is better), same source as the indicator (e-PPGBM)
        "stunting_uji": _target("stunting_uji", "stunting_pct", "turun_baik", "eppgbm", 14.0),
        # a minimum (higher is better), same source (PK)
        "cpr_uji": _target("cpr_uji", "cpr_pct", "naik_baik", "pk", 60.0),
        # measured by a survey: not comparable with PK, only indicative
        "mkjp_uji": _target("mkjp_uji", "mkjp_pct", "naik_baik", "survei", 20.0),
    }
    tabel = {
        "out_wilayah": wide,
        "out_target": tabel_target(wide, 2023, targets=targets),
        "out_perubahan": pd.DataFrame(),
    }
    return DataLaporan(
        kkb_id="K1",
        tahun=2023,
        folder=Path(),
        tabel=tabel,
        kkb=wide.iloc[0],
        kelurahan=None,
        kecamatan=None,
        kota=None,
    )


def test_status_marks_of_hand_made_rows_follow_target_direction_and_fallback():
    d = _data_tangan(
        kkb={
            "stunting_pct": 12.04,  # prints 12,0 ≤ maximum 14 → target reached
            "cpr_pct": 58.0,  # < minimum 60 → not reached
            "mkjp_pct": 30.0,  # survey target: kota luar 25,0 → 5 points better (≥ 1) → better
            "unmet_need_pct": 15.0,  # no target; lower is better; 15 vs 10 → worse
            "krs_pct": 45.4,  # no target; 45,4 vs 45,0: 0,4 point < 1 → equal
            "konvergensi_pct": 50.0,  # kota luar KKB does not carry it, no target
            "indeks_ibangga": pd.NA,  # no value
        },
        luar={
            "stunting_pct": 5.0,
            "cpr_pct": 70.0,
            "mkjp_pct": 25.0,
            "unmet_need_pct": 10.0,
            "krs_pct": 45.0,
            "konvergensi_pct": pd.NA,
            "indeks_ibangga": 60.0,
        },
    )
    status = {b.kolom: b.status for b in profil.baris_indikator(d)}
    assert status["stunting_pct"] == Status.TERCAPAI  # even though kota luar KKB is lower
    assert status["cpr_pct"] == Status.BELUM_TERCAPAI
    assert status["mkjp_pct"] == Status.LEBIH_BAIK
    assert status["unmet_need_pct"] == Status.LEBIH_BURUK
    assert status["krs_pct"] == Status.SETARA
    assert status["konvergensi_pct"] == Status.TANPA_PEMBANDING
    assert status["indeks_ibangga"] == Status.TIDAK_CUKUP


def test_flipped_target_direction_flips_the_mark(tampil):
    # the same 12,0 % against a MINIMUM of 14 (a target where higher is better) is not reached
    d = _data_tangan(kkb={"stunting_pct": 12.04}, luar={"stunting_pct": 5.0})
    tg = d.tabel["out_target"]
    kkb = tg.loc[tg["wilayah_id"] == "kkb:K1"]
    assert kkb.loc[kkb["indikator"] == "stunting_pct", "status_target"].tolist() == ["tercapai"]
    wide = d.tabel["out_wilayah"]
    naik = {"s": _target("s", "stunting_pct", "naik_baik", "eppgbm", 14.0)}
    d.tabel["out_target"] = tabel_target(wide, 2023, targets=naik)
    baris = {b.kolom: b for b in profil.baris_indikator(d, naik)}
    assert baris["stunting_pct"].status == Status.BELUM_TERCAPAI
    # the table prints the target as a minimum, its document by the short name in a note
    bagian = profil.indikator(d, naik)
    tabel = next(iter(bagian.tabel.values())).set_index("Indikator")
    assert tabel.loc["Prevalensi stunting (e-PPGBM)", "Target"] == "≥ 14,0%¹"
    assert "Asal target: ¹ Dokumen Uji." in bagian.teks
    assert tabel.loc["Prevalensi stunting (e-PPGBM)", "Status"] == "✘ target belum tercapai"


# ------------------------------------------------------------------------- main points
def _b(kolom: str, **isi) -> BarisIndikator:
    """A headline row with only what the rule reads; the catalogue gives label and unit."""
    e = katalog().get(kolom)
    dasar = dict(
        kolom=kolom,
        label=e.judul(),
        sumber=e.sumber.label,
        arah=e.arah,
        desimal=e.desimal,
        persen=e.satuan == "persen",
        nilai=None,
        nilai_lalu=None,
        asal_lalu="sama",
        kode_tren=None,
        nilai_luar=None,
        luar_berlaku=True,
        kode_luar=None,
        nilai_target=None,
        tahun_target=None,
        tingkat_target=None,
        arah_target=None,
        dokumen_target=None,
        status_target=None,
        status=Status.SETARA,
    )
    dasar.update(isi)
    return BarisIndikator(**dasar)


def test_main_points_pick_largest_relative_change_and_gap():
    baris = [
        # improved 50 → 55: +10 % relative
        _b("cpr_pct", nilai=55.0, nilai_lalu=50.0, kode_tren=Kode.LEBIH_BAIK),
        # improved 10 → 12: +20 % relative → THE improvement (though fewer points)
        _b("mkjp_pct", nilai=12.0, nilai_lalu=10.0, kode_tren=Kode.LEBIH_BAIK),
        # behind kota luar KKB 40 by 10: 25 %
        _b(
            "krs_pct",
            nilai=50.0,
            nilai_lalu=49.0,
            kode_tren=Kode.SETARA,
            nilai_luar=40.0,
            status=Status.LEBIH_BURUK,
        ),
        # behind its target 7,5 by 7,5: 100 % → the weakest; also worsened most (12 → 15: 25 %)
        _b(
            "unmet_need_pct",
            nilai=15.0,
            nilai_lalu=12.0,
            kode_tren=Kode.LEBIH_BURUK,
            nilai_target=7.5,
            arah_target="turun_baik",
            dokumen_target="RPJMN 2020–2024",
            status_target="belum_tercapai",
            status=Status.BELUM_TERCAPAI,
        ),
        # worsened 61 → 60: 1,6 % → the third point (the weakest is not repeated)
        _b(
            "indeks_ibangga",
            nilai=60.0,
            nilai_lalu=61.0,
            kode_tren=Kode.LEBIH_BURUK,
            persen=False,
            desimal=2,
            status=Status.SETARA,
        ),
    ]
    pesan = pilih_pesan(baris, 2023)
    assert [p.jenis for p in pesan] == ["membaik", "terlemah", "memburuk"]
    assert [p.baris.kolom for p in pesan] == ["mkjp_pct", "unmet_need_pct", "indeks_ibangga"]
    assert (
        pesan[0].kalimat == "MKJP (PK) membaik: naik dari 10,0% pada 2022 menjadi 12,0% pada 2023."
    )
    assert pesan[1].kalimat == (
        "Unmet need (PK) 15,0%, target belum tercapai: targetnya paling tinggi 7,5% "
        "(RPJMN 2020–2024)."
    )
    assert pesan[2].kalimat == (
        "Indeks iBangga (PK) memburuk: turun dari 61,00 pada 2022 menjadi 60,00 pada 2023."
    )


def test_main_points_fallbacks():
    # nothing improved, but the tier rose → the tier; nothing behind; nothing worse
    tetap = [
        _b("cpr_pct", nilai=60.0, nilai_lalu=60.0, kode_tren=Kode.SETARA, status=Status.SETARA),
        _b("krs_pct", nilai=30.0, nilai_lalu=30.0, kode_tren=Kode.SETARA, status=Status.LEBIH_BAIK),
        _b("konvergensi_pct", nilai=50.0, status=Status.TANPA_PEMBANDING),
    ]
    pesan = pilih_pesan(tetap, 2023, "Mandiri", "Dasar")
    assert [p.jenis for p in pesan] == ["tingkat_naik", "tidak_ada_tertinggal", "selebihnya"]
    assert "naik dari Dasar pada 2022 menjadi Mandiri pada 2023" in pesan[0].kalimat
    # 2 of the 2 assessable indicators (konvergensi has no comparator) are fine
    assert pesan[2].kalimat.startswith("2 dari 2 indikator utama")
    # same tier: "nothing improved"
    assert pilih_pesan(tetap, 2023, "Dasar", "Dasar")[0].jenis == "tidak_ada_membaik"
    # no previous year at all
    tanpa = [replace(b, kode_tren=None, nilai_lalu=None) for b in tetap]
    assert pilih_pesan(tanpa, 2023)[0].jenis == "tanpa_tren"
    # two behind and none worsened → the second weakest is the third point
    dua = [
        _b("krs_pct", nilai=50.0, nilai_luar=40.0, status=Status.LEBIH_BURUK),  # 25 %
        _b("cpr_pct", nilai=45.0, nilai_luar=60.0, status=Status.LEBIH_BURUK),  # 25 %, later
    ]
    pesan = pilih_pesan(dua, 2023)
    assert [p.jenis for p in pesan][1:] == ["terlemah", "tertinggal_kedua"]
    assert [p.baris.kolom for p in pesan[1:]] == ["krs_pct", "cpr_pct"]  # tie: list order
    assert pesan[2].kalimat == "CPR (PK) 45,0%, lebih buruk daripada kota luar KKB (60,0%)."


def test_tier_change_words():
    assert profil.teks_perubahan_tingkat("Mandiri", "Dasar", 2023) == "naik dari Dasar pada 2022"
    assert profil.teks_perubahan_tingkat("Dasar", "Mandiri", 2023) == "turun dari Mandiri pada 2022"
    assert profil.teks_perubahan_tingkat("Dasar", "Dasar", 2023) == "tetap seperti 2022"
    assert profil.teks_perubahan_tingkat("Dasar", "belum_kkb", 2023).startswith("KKB baru")
    assert profil.teks_perubahan_tingkat("Dasar", pd.NA, 2023) == (
        "perubahan dari 2022 tidak dapat dinilai (data tahun itu tidak tersedia)"
    )
    assert "(data tidak cukup)" in profil.teks_perubahan_tingkat(pd.NA, "Dasar", 2023)


def test_target_document_short_name():
    assert profil.nama_dokumen("RPJMN 2020–2024 (Perpres 18/2020) dan Renstra BKKBN") == (
        "RPJMN 2020–2024"
    )
    assert profil.nama_dokumen("RPJMD Kota Cilegon / Renstra DP3AP2KB (belum ditemukan)") == (
        "RPJMD Kota Cilegon / Renstra DP3AP2KB"
    )
    assert profil.nama_dokumen("RPJPN 2025–2045") == "RPJPN 2025–2045"


# ----------------------------------------------------------------- content (sample city)
@pytest.fixture(scope="module")
def d_sampel(kota_sampel):
    return profil.muat(KKB, 2023, kota_sampel)


def test_profile_content_of_a_sample_kkb(d_sampel, tampil):
    d = d_sampel
    kepala = profil.kepala(d)
    assert kepala.angka["Kampung KB"] == "Kampung KB Panggung Rawi"
    assert kepala.angka["Wilayah"].startswith("Kelurahan ")
    assert re.fullmatch(
        r"Peringkat \d+ dari 13 Kampung KB di Kota Cilegon", kepala.angka["Peringkat"]
    )
    assert "<style>" in kepala.html and 'class="profil profil-kepala"' in kepala.html

    ind = profil.indikator(d)
    tabel = next(iter(ind.tabel.values()))
    daftar = katalog().kolom_daftar("utama")
    assert 8 <= len(daftar) <= 10 and len(tabel) == len(daftar)
    assert list(tabel.columns) == [
        "Indikator",
        "2023",
        "2022",
        "Tren",
        "Kota luar KKB",
        "Target",
        "Status",
    ]
    # row labels in catalogue order, each with its source
    for label, kolom in zip(tabel["Indikator"], daftar, strict=True):
        assert label.startswith(katalog().get(kolom).judul())
    # every status cell: a symbol AND words
    for sel in tabel["Status"]:
        simbol, _, kata = sel.partition(" ")
        assert simbol in {t.simbol for t in profil.TANDA.values()} and len(kata) > 3
    # phone layout: every cell names its column
    assert ind.html.count('data-label="Status"') == len(daftar)

    pesan = profil.pesan_utama(d)
    assert len(pesan.pesan) == 3 and all(p.kalimat.endswith(".") for p in pesan.pesan)

    kaki = profil.kaki(d)
    assert kaki.teks[0].startswith("Sumber: ") and "PK 2023" in kaki.teks[0]
    assert "Laporan lengkap dan lampiran" in kaki.html
    # no internal code in what the reader sees
    for b in (kepala, ind, pesan, kaki):
        assert KKB not in b.html and "kkb:" not in b.html


def test_profile_actions_of_a_sample_kkb(d_sampel, tampil):
    aksi = profil.aksi(d_sampel)
    assert len(aksi.aksi) == 3
    for a in aksi.aksi:
        assert a.aksi and a.ukuran
        assert a.opd.split(" (")[0] in SINGKAT.values()  # canonical short OPD name
        assert re.fullmatch(r"[A-Z][a-z]+ \d{4}", a.tenggat)  # "Desember 2024"
        assert re.search(r"\d", a.target)
    assert aksi.html.count('class="profil-kartu"') == 3


# ------------------------------------------------------------------------------ notebook
def test_profile_notebook_structure():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    catatan = nb.cells[0]
    assert catatan.cell_type == "markdown"
    assert "hapus-saat-ekspor" in catatan.metadata.get("tags", [])
    params = papermill.inspect_notebook(str(NOTEBOOK))
    assert set(params) == {"kkb_id", "tahun", "data_dir", "laporan_dir"}
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    # the analyst-only autoreload cell (never run by the batch) comes first
    assert "hapus-saat-ekspor" in code[0].metadata.get("tags", [])
    sumber = [c.source for c in code[1:]]
    assert sumber[1] == "from kkb_analysis.laporan import profil"
    assert sumber[2] == "d = profil.muat(kkb_id, tahun, data_dir)"
    for s in sumber[3:]:
        assert re.fullmatch(r"profil\.\w+\(d\)", s), s
        assert hasattr(profil, s.split(".")[1].split("(")[0])
    judul = [c.source for c in nb.cells[1:] if c.cell_type == "markdown"]
    assert judul == ["## Indikator utama", "## Tiga pesan utama", "## Tiga aksi prioritas"]


# ---------------------------------------------------------------------------- page count
def _browser_or_skip() -> Path:
    from kkb_analysis.laporan.ekspor import BrowserTidakDitemukan, find_browser

    try:
        return find_browser()
    except BrowserTidakDitemukan as exc:
        pytest.skip(f"tidak ada Chromium/Chrome/Edge untuk mencetak PDF: {exc}")


#: Developer text a reader must never see: snake_case identifiers, internal KKB codes, paths.
_TEKS_PENGEMBANG = re.compile(r"\b[a-z]+_[a-z_]+\b|KKB-\d|\.(?:html|csv|parquet|py)\b|\[asumsi\]")


@pytest.mark.parametrize("kkb_id", [KKB, KKB_BARU])
def test_rendered_profile_fits_two_a4_pages(kota_sampel, tmp_path, monkeypatch, kkb_id):
    from bs4 import BeautifulSoup
    from pypdf import PdfReader

    from kkb_analysis.laporan.ekspor import PdfPrinter, notebook_to_html
    from tests.eksekusi import eksekusi_notebook

    browser = _browser_or_skip()
    keluaran = tmp_path / "profil.ipynb"
    parameter = {
        "kkb_id": kkb_id,
        "tahun": 2023,
        "data_dir": str(kota_sampel),
        "laporan_dir": str(tmp_path),
    }
    eksekusi_notebook(NOTEBOOK, keluaran, parameter, monkeypatch)
    html = notebook_to_html(nbformat.read(keluaran, as_version=4), "Profil Kampung KB")
    teks = BeautifulSoup(html, "html.parser").get_text(" ")
    assert "Catatan untuk analis" not in teks
    assert not _TEKS_PENGEMBANG.findall(teks.replace("\u00ad", ""))
    (tmp_path / "profil.html").write_text(html, encoding="utf-8")
    with PdfPrinter(browser) as printer:
        pdf = printer.print_pdf(tmp_path / "profil.html", tmp_path / "profil.pdf", "Profil")
    halaman = PdfReader(pdf).pages
    assert 1 <= len(halaman) <= 2
    # everything made it into the two pages: the last block (the footer) is printed
    assert "Laporan lengkap dan lampiran" in halaman[-1].extract_text()


def test_unverified_target_is_said_in_the_document_note(tampil):
    d = _data_tangan(kkb={"cpr_pct": 61.0}, luar={"cpr_pct": 60.0})
    targets = {"cpr_uji": _target("cpr_uji", "cpr_pct", "naik_baik", "pk", 60.0)}
    tg = tabel_target(d.tabel["out_wilayah"], 2023, targets=targets)
    tg["is_target_belum_terverifikasi"] = True  # as with target.sertakan_belum_terverifikasi
    d.tabel["out_target"] = tg
    bagian = profil.indikator(d, targets)
    # 61,0 ≥ 60 → reached, but the reader is told the target is unverified
    assert {b.kolom: b.status for b in bagian.baris}["cpr_pct"] == Status.TERCAPAI
    assert "Asal target: ¹ Dokumen Uji (target belum terverifikasi)." in bagian.teks


# --------------------------------------------------------------------------- locator map
def test_locator_map_highlights_the_kkb_among_the_others():
    from matplotlib.colors import to_hex

    from kkb_analysis.laporan import grafik

    titik = pd.DataFrame(
        {
            "kkb_id": ["A", "B", "C"],
            "nama": ["Satu", "Dua", "Tiga"],
            "latitude": [-6.00, -6.02, None],  # C has no coordinates: not drawn
            "longitude": [106.00, 106.05, 106.10],
            "tingkat": ["Mandiri", "Dasar", "Dasar"],
        }
    )
    g = grafik.peta_lokasi_kkb(titik, "A", nama_kota="Kota Uji")
    ax = g.figure.axes[0]
    kumpulan = {c.get_gid(): c for c in ax.collections}
    assert (
        to_hex(kumpulan["kkb_sorot"].get_facecolor()[0]) == grafik.WARNA_TINGKAT["Mandiri"].lower()
    )
    assert len(kumpulan["kkb_lain"].get_offsets()) == 1  # B only
    assert [t.get_text() for t in ax.texts if t.get_gid() == "label_sorot"] == ["Satu"]
    assert g.judul == "Letak Satu di antara 2 Kampung KB Kota Uji"
    assert g.ke_png().startswith(b"\x89PNG")
    # the KKB itself without coordinates: the others are drawn, the map says so
    g = grafik.peta_lokasi_kkb(titik, "C")
    ax = g.figure.axes[0]
    assert "kkb_sorot" not in {c.get_gid() for c in ax.collections}
    assert any("data tidak cukup" in t.get_text() for t in ax.texts)


def test_one_target_column_indicative_targets_only_in_the_footnote(tampil):
    """THE target of each row by the one precedence rule (worked by hand); the survey target of
    MKJP (20,0) never appears in the target column, only as "acuan indikatif" in a note."""
    d = _data_tangan(
        kkb={"stunting_pct": 12.04, "cpr_pct": 58.0, "mkjp_pct": 30.0, "unmet_need_pct": 15.0},
        luar={"stunting_pct": 5.0, "cpr_pct": 70.0, "mkjp_pct": 25.0, "unmet_need_pct": 10.0},
    )
    baris = {b.kolom: b for b in profil.baris_indikator(d)}
    assert (baris["cpr_pct"].nilai_target, baris["cpr_pct"].dasar_target) == (60.0, "cpr_uji")
    # MKJP: the survey target is not comparable → THE target is kota luar KKB's 25,0
    assert (baris["mkjp_pct"].nilai_target, baris["mkjp_pct"].dasar_target) == (
        25.0,
        "kota_luar_kkb",
    )
    assert baris["mkjp_pct"].acuan_nilai == 20.0
    assert baris["unmet_need_pct"].nilai_target == 10.0  # no target at all: kota luar KKB
    bagian = profil.indikator(d)
    tabel = next(iter(bagian.tabel.values())).set_index("Indikator")
    assert tabel.loc["MKJP (PK)", "Target"].startswith("≥ 25,0%")
    assert not any("20,0" in str(x) for x in tabel["Target"])
    catatan = [t for t in bagian.teks if t.startswith("Acuan indikatif")]
    assert len(catatan) == 1 and "≥ 20,0%" in catatan[0]


def test_action_target_equals_profile_target_on_every_sample_kkb(kota_sampel):
    """out_aksi.nilai_target of a measure = the target the profile prints for it, every KKB."""
    a = pd.read_parquet(kota_sampel / "processed" / "2023" / "out_aksi.parquet")
    dicek = 0
    for kkb_id in sorted(a["kkb_id"].astype(str).unique()):
        d = profil.muat(kkb_id, 2023, kota_sampel)
        baris = {b.kolom: b for b in profil.baris_indikator(d)}
        for r in a.loc[a["kkb_id"] == kkb_id].to_dict("records"):
            b = baris.get(str(r["indikator"]))
            if b is None:
                continue
            assert b.nilai_target == pytest.approx(float(r["nilai_target"])), (kkb_id, r)
            assert b.dasar_target == r["dasar_target"]
            dicek += 1
    assert dicek > 0
