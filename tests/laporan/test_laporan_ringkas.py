"""The short KKB report (notebooks/laporan_kkb.ipynb): front matter, one column for a KKB that
covers its whole kelurahan, no key-figure table that repeats a sentence, consistent stunting
words, explained zero rows, and no developer text in what the sections display."""

from __future__ import annotations

import copy
import datetime as dt
import re

import pandas as pd
import pytest
from IPython import display as ipy_display

from kkb_analysis.laporan import bagian
from kkb_analysis.laporan.dinas import PLACEHOLDER_NAMA, PLACEHOLDER_NIP
from kkb_analysis.laporan.format import format_persen

TAHUN = 2023
#: Covers its whole kelurahan in the sample (core_kkb: no RW list).
SELURUH = "KKB-3672051004-01"
#: Covers some RW of its kelurahan only.
SEBAGIAN = "KKB-3672061004-01"

#: The report sections in notebook order (laporan_kkb.ipynb).
BAGIAN_LAPORAN = (
    "sampul",
    "kata_pengantar",
    "daftar_isi",
    "ringkasan_eksekutif",
    "kependudukan",
    "kb_dan_poktan",
    "ibangga",
    "stunting_dan_krs",
    "kesejahteraan",
    "pendidikan_dan_remaja",
    "umkm_unggulan",
    "kelembagaan_dan_proses",
    "klasifikasi",
    "konvergensi_opd",
    "rekomendasi",
)


def _tampil(objek) -> str:
    return "\n".join(
        o.data for o in objek if isinstance(o, (ipy_display.HTML, ipy_display.Markdown))
    )


def _baca(data_dir, tabel: str) -> pd.DataFrame:
    return pd.read_parquet(data_dir / "processed" / str(TAHUN) / f"{tabel}.parquet")


# ------------------------------------------------------------------------ whole kelurahan
def test_whole_kelurahan_read_from_the_data(data_dir):
    """Worked out from the raw master and the areas: a KKB without an RW list holds every
    family of its kelurahan; the sisa row is then empty."""
    core = _baca(data_dir, "core_kkb").set_index("kkb_id")
    assert pd.isna(core.loc[SELURUH, "rw_list"]) and pd.notna(core.loc[SEBAGIAN, "rw_list"])
    w = _baca(data_dir, "out_wilayah").set_index("wilayah_id")
    for kkb_id, harapan in ((SELURUH, True), (SEBAGIAN, False)):
        d = bagian.muat(kkb_id, TAHUN, data_dir)
        assert d.seluruh_kelurahan is harapan
        sama = (
            w.loc[f"kkb:{kkb_id}", "n_keluarga"]
            == w.loc[f"kel:{d.kkb['kode_kelurahan']}", "n_keluarga"]
        )
        assert bool(sama) is harapan


def test_whole_kelurahan_kkb_gets_one_column_and_a_note(data_dir, tampil):
    d = bagian.muat(SELURUH, TAHUN, data_dir)
    b = bagian.kependudukan(d)
    tabel = b.tabel["Angka kunci kependudukan"]
    assert list(tabel.columns) == ["Indikator", d.nama, "Kota Cilegon di luar KKB"]
    catatan = b.catatan_tabel["Angka kunci kependudukan"]
    assert f"meliputi seluruh Kelurahan {d.kelurahan['nama_wilayah']}" in catatan
    # the comparison sentences name the city outside every KKB only
    kb = bagian.kb_dan_poktan(d)
    assert "Kota Cilegon di luar KKB" in kb.teks[0] and "kelurahan" not in kb.teks[0]


def test_partial_kkb_keeps_the_kelurahan_column(data_dir, tampil):
    d = bagian.muat(SEBAGIAN, TAHUN, data_dir)
    b = bagian.kependudukan(d)
    tabel = b.tabel["Angka kunci kependudukan"]
    kel = f"Kelurahan {d.kelurahan['nama_wilayah']}"
    assert list(tabel.columns) == ["Indikator", d.nama, kel, "Kota Cilegon di luar KKB"]
    assert "meliputi seluruh" not in b.catatan_tabel.get("Angka kunci kependudukan", "")
    assert tabel[d.nama].tolist() != tabel[kel].tolist()


def test_whole_kelurahan_rule_needs_an_empty_rest(data_dir):
    """A hand-made rest of the kelurahan with families: not whole, though counts match."""
    d = bagian.muat(SELURUH, TAHUN, data_dir)
    w = d.wilayah.copy()
    sisa = f"sisa:{SELURUH}"
    if (w["wilayah_id"] == sisa).any():
        w.loc[w["wilayah_id"] == sisa, "n_keluarga"] = 12
    else:
        baris = w.loc[w["wilayah_id"] == f"kkb:{SELURUH}"].copy()
        baris["wilayah_id"], baris["jenis_wilayah"], baris["n_keluarga"] = sisa, "sisa", 12
        w = pd.concat([w, baris], ignore_index=True)
    d.tabel["out_wilayah"] = w
    assert d.seluruh_kelurahan is False


# ------------------------------------------------------------------------- front matter
def test_kata_pengantar_placeholder_then_name(data_dir, tampil):
    d = bagian.muat(SELURUH, TAHUN, data_dir)
    pengaturan = copy.deepcopy(d.pengaturan)
    pengaturan.setdefault("dokumen", {})["penandatangan"] = {
        "nama": None,
        "nip": None,
        "jabatan": "Kepala Dinas",
    }
    d.pengaturan = pengaturan
    b = bagian.kata_pengantar(d)
    assert PLACEHOLDER_NAMA in b.html and PLACEHOLDER_NIP in b.html
    assert "Pokja Kampung KB" in " ".join(b.teks) and "tahun data 2023" in b.teks[0]
    assert 2 <= len(b.teks) <= 4
    pengaturan["dokumen"]["penandatangan"] = {
        "nama": "Dra. Siti Contoh, M.Si.",
        "nip": "197001012000032001",
        "jabatan": "Kepala Dinas",
    }
    b = bagian.kata_pengantar(d)
    assert "Dra. Siti Contoh, M.Si." in b.html and "NIP 197001012000032001" in b.html
    assert PLACEHOLDER_NAMA not in b.html and PLACEHOLDER_NIP not in b.html


def test_kata_pengantar_date_and_contact_placeholders_then_values(data_dir, tampil):
    """Review 4 and 5: no publication date set → the signature line shows the placeholder, not
    the build day; no contact set → the foreword shows the contact placeholder; set values are
    printed instead."""
    d = bagian.muat(SELURUH, TAHUN, data_dir)
    pengaturan = copy.deepcopy(d.pengaturan)
    dok = pengaturan.setdefault("dokumen", {})
    dok["tanggal_terbit"], dok["kontak"] = None, {}
    d.pengaturan = pengaturan
    html = bagian.kata_pengantar(d).html
    assert "Cilegon, [Tanggal terbit belum diisi]" in html
    assert str(dt.date.today().year) not in html.replace("2023", "")  # data year only
    assert "[Kontak dinas belum diisi]" in html
    dok["tanggal_terbit"] = "2024-03-05"
    dok["kontak"] = {"telepon": "(0254) 391234", "surel": "kkb@contoh.go.id"}
    html = bagian.kata_pengantar(d).html
    assert "Cilegon, 5 Maret 2024" in html and "[Tanggal terbit belum diisi]" not in html
    assert "Telepon: (0254) 391234; Surel: kkb@contoh.go.id" in html
    assert "[Kontak dinas belum diisi]" not in html


def test_daftar_isi_placeholder(data_dir, tampil):
    d = bagian.muat(SELURUH, TAHUN, data_dir)
    bagian.daftar_isi(d)
    assert '<nav class="daftar-isi"></nav>' in _tampil(tampil)


# ------------------------------------------------------------------------------- content
def test_no_key_figure_table_repeats_a_sentence(data_dir, tampil):
    """No section of the report prints the "Keterangan | Nilai" table of its key figures."""
    d = bagian.muat(SEBAGIAN, TAHUN, data_dir)
    for nama in BAGIAN_LAPORAN:
        getattr(bagian, nama)(d)
    html = _tampil(tampil)
    assert not re.search(r"<th[^>]*>Keterangan</th><th[^>]*>Nilai</th></tr>", html)
    assert ">Nilai</th></tr>" not in html


def test_stunting_low_category_but_worse_says_both(data_dir, tampil):
    """Hand-made: 20 % stunted of the KKB's measured children (far above the city outside KKB,
    about 7 %) while the stored WHO category reads "rendah": the sentence must not call it a
    plain low value."""
    d = bagian.muat(SELURUH, TAHUN, data_dir)
    k = d.kkb.copy()
    n = float(k["n_balita_diukur"])
    k["n_stunting"], k["stunting_pct"], k["stunting_kategori"] = round(n * 0.2), 20.0, "rendah"
    d.kkb = k
    from kkb_analysis.laporan.bagian_ringkas import kalimat_stunting_ringkas

    teks = kalimat_stunting_ringkas(d)
    assert "kategori rendah" in teks
    assert "tetapi lebih tinggi bermakna daripada kota di luar KKB" in teks
    assert format_persen(d.kota_luar["stunting_pct"]) in teks


def test_zero_rows_explained_or_shown(data_dir, tampil):
    d = bagian.muat(SELURUH, TAHUN, data_dir)
    w = d.wilayah
    b = bagian.kesejahteraan(d)
    reg = b.tabel["Registri kesejahteraan dan bansos"]
    catatan = b.catatan_tabel["Registri kesejahteraan dan bansos"]
    for label, kolom in (("Desil 5 ke atas", "desil_5_lebih_pct"),):
        nol = bool((pd.to_numeric(w[kolom]).dropna() == 0).all())
        assert (label in reg["Indikator"].tolist()) is not nol
        assert (f'"{label}"' in catatan) is nol
    # DTSEN exists from 2025 (Inpres 4/2025): 2023 data never name it, in rows or notes
    assert TAHUN < 2025
    assert not any("DTSEN" in x for x in reg["Indikator"]) and "DTSEN" not in catatan
    # a city where one kelurahan has desil 5 families: the row is shown
    w2 = w.copy()
    w2.loc[w2["wilayah_id"].str.startswith("kel:").idxmax(), "desil_5_lebih_pct"] = 3.0
    d.tabel["out_wilayah"] = w2
    reg = bagian.kesejahteraan(d).tabel["Registri kesejahteraan dan bansos"]
    assert "Desil 5 ke atas" in reg["Indikator"].tolist()


#: Developer text that must never reach the report (quick local scan; the export helper owns
#: the full scan of the rendered documents).
_DEVELOPER = [
    re.compile(r"\b[a-z]+_[a-z0-9_]+\b"),  # snake_case identifiers
    re.compile(r"\bKKB-\d{10}-\d{2}\b"),  # KKB codes
    re.compile(r"\.(csv|parquet|yaml|ipynb|md)\b"),  # file names
    re.compile(r"\[asumsi\]|\bhalf_even\b|\bminimal_satu\b|\bnull\b|\bNA\b"),
    re.compile(r"karantina|instansi 26|data/processed|docs/"),
]


@pytest.mark.parametrize("kkb_id", [SELURUH, SEBAGIAN])
def test_report_has_no_developer_text(data_dir, tampil, kkb_id):
    d = bagian.muat(kkb_id, TAHUN, data_dir)
    for nama in BAGIAN_LAPORAN:
        getattr(bagian, nama)(d)
    html = _tampil(tampil)
    teks = re.sub(r"<[^>]+>", " ", re.sub(r'src="data:[^"]+"', "", html))
    teks = re.sub(r'(class|style|alt)="[^"]*"', "", teks)
    for pola in _DEVELOPER:
        temu = pola.findall(teks)
        assert not temu, (pola.pattern, temu[:5])


# ------------------------------------------------------------- one "what improved" rule (16)
def test_follow_up_sentence_counts_every_status_and_omits_zeros():
    from kkb_analysis.laporan.bagian_ringkas import kalimat_tindak_lanjut_ringkas as k

    assert k(2022, ["tercapai"] * 3 + ["tetap"] * 6 + ["memburuk"]) == (
        "Dari 10 rekomendasi tahun 2022: 3 tercapai, 6 tidak berubah dan 1 memburuk."
    )
    assert k(2022, ["tidak_dapat_dinilai", "membaik"]) == (
        "Dari 2 rekomendasi tahun 2022: 1 membaik dan 1 belum dapat dinilai."
    )
    assert "0 " not in k(2022, ["tercapai"])


@pytest.mark.parametrize("kkb_id", [SELURUH, SEBAGIAN])
def test_summary_and_profile_give_the_same_main_points(data_dir, kkb_id):
    """The laporan summary's "membaik / paling tertinggal / …" points are the profil's, word for
    word, with full catalogue labels (no short label such as "Kurang mampu" alone)."""
    from kkb_analysis.laporan import bagian_ringkas, profil

    d = bagian.muat(kkb_id, TAHUN, data_dir)
    pokok = bagian_ringkas.pokok_pokok(d)
    p = profil.pesan_utama(profil.muat(kkb_id, TAHUN, data_dir))
    assert pokok[:3] == [f"{x.judul}: {x.kalimat}" for x in p.pesan]
    assert not re.search(r"\bKurang mampu\b", " ".join(pokok))


def test_target_summary_says_how_many_exist_can_be_judged_and_are_met(data_dir):
    from kkb_analysis.laporan import bagian_ringkas

    d = bagian.muat(SELURUH, TAHUN, data_dir)
    tg = _baca(data_dir, "out_target")
    tg = tg.loc[tg["wilayah_id"].astype(str) == d.wilayah_id].drop_duplicates("indikator")
    st = tg["status_target"].astype(str)
    n, capai, belum = len(tg), int((st == "tercapai").sum()), int((st == "belum_tercapai").sum())
    kalimat = bagian_ringkas._pokok_target(d)
    assert kalimat.startswith(f"Target resmi: {n} target berlaku")
    if capai + belum:
        assert f"{capai + belum} dapat dinilai" in kalimat
        if capai:
            assert f"{capai} tercapai" in kalimat
        if belum:
            assert f"{belum} belum tercapai" in kalimat
    if n - capai - belum and capai + belum:
        assert f"{n - capai - belum} lainnya hanya acuan indikatif" in kalimat
