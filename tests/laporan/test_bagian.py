"""Report sections (kkb_analysis.laporan.bagian) on a small built sample city."""

from __future__ import annotations

import pandas as pd
import pytest
from IPython import display as ipy_display

from kkb_analysis.indikator import ibangga
from kkb_analysis.laporan import bagian
from kkb_analysis.laporan.format import (
    format_angka,
    format_nilai,
    format_periode,
    format_persen,
    format_tanggal,
    sel_kecil,
)
from kkb_analysis.laporan.kata_banding import kata_banding

KKB = "KKB-3672051004-01"
TAHUN = 2023
JAHAT = "<script>alert('x')</script> & Co"


@pytest.fixture
def d(data_dir):
    return bagian.muat(KKB, TAHUN, data_dir)


def _teks_tampil(objek) -> str:
    return "\n".join(
        o.data for o in objek if isinstance(o, (ipy_display.HTML, ipy_display.Markdown))
    )


def test_muat_rows(d):
    assert d.kkb_id == KKB
    assert d.wilayah_id == f"kkb:{KKB}"
    assert d.kelurahan["wilayah_id"] == f"kel:{d.kkb['kode_kelurahan']}"
    assert str(d.kota["wilayah_id"]).startswith("kota:")
    assert {"out_wilayah", "out_piramida", "out_klasifikasi"} <= set(d.tabel)
    # the "kkb:" prefix is accepted too
    assert bagian.muat(f"kkb:{KKB}", TAHUN, d.folder.parent.parent).kkb_id == KKB


def test_muat_unknown_kkb(data_dir):
    with pytest.raises(bagian.LaporanError, match=r"KKB-0000000000-99.*tidak ada di out_wilayah"):
        bagian.muat("KKB-0000000000-99", TAHUN, data_dir)


def test_muat_missing_year(data_dir):
    with pytest.raises(bagian.LaporanError, match=r"kkb bangun --tahun 2019' dulu"):
        bagian.muat(KKB, 2019, data_dir)


def test_identitas(d, tampil):
    b = bagian.identitas(d)
    assert b.angka["Kode KKB"] == KKB
    assert b.angka["Nama Kampung KB"] == d.nama
    assert b.angka["Jumlah penduduk (PK)"] == format_angka(d.kkb["n_penduduk"])
    assert "PK 2023" in b.teks_gabungan
    assert tampil, "the section displays something"


def test_ringkasan_eksekutif(d, tampil):
    b = bagian.ringkasan_eksekutif(d)
    posisi, *pokok = b.teks
    tingkat = format_nilai(d.kkb["tingkat"], "tingkat")
    assert posisi.startswith(f"{d.nama} berada pada tingkat {tingkat}")
    assert "peringkat " in posisi and " dari 13 Kampung KB" in posisi
    # one page: 3-5 main points in plain sentences, not nine template comparisons
    assert 3 <= len(pokok) <= 5
    for p in pokok:
        assert len(p.split()) <= 45, p
        assert "_" not in p and "[asumsi]" not in p
    # who must act, by when (the first owners of out_aksi): always one of the points
    assert any("paling lambat" in p for p in pokok)
    tabel = next(iter(b.tabel.values()))
    # stunting is always in the headline table (its sentence only when a point is free)
    assert any(
        "stunting" in str(i).lower() and "berisiko" not in str(i).lower() for i in tabel.iloc[:, 0]
    )
    assert list(tabel.columns)[1:4] == ["2023", "2022", "Kota di luar KKB"]
    assert format_persen(d.kkb["cpr_pct"]) in tabel["2023"].tolist()
    assert format_persen(d.kota_luar["cpr_pct"]) in tabel["Kota di luar KKB"].tolist()
    # no "Keterangan | Nilai" table that repeats the sentences
    assert "Keterangan" not in b.html
    assert b.html.count("<li>") == len(pokok)


def test_kependudukan(d, tampil):
    b = bagian.kependudukan(d)
    n = format_angka(d.kkb["n_penduduk"])
    assert f"dihuni {n} jiwa" in b.teks[0]
    tabel = b.tabel["Angka kunci kependudukan"]
    assert tabel.loc[tabel["Indikator"] == "Jumlah penduduk", d.nama].item() == n
    luar = format_angka(d.kota_luar["n_penduduk"])
    assert tabel.loc[
        tabel["Indikator"] == "Jumlah penduduk", "Kota Cilegon di luar KKB"
    ].item() == (luar)
    assert "Sumber: PK 2023" in b.html
    assert "Keterangan" not in _teks_tampil(tampil)  # no key-figure table repeating the text


def test_kb_dan_poktan(d, tampil):
    b = bagian.kb_dan_poktan(d)
    kb = b.tabel["Indikator KB menurut sumber"]
    assert set(kb["Sumber"]) == {"PK 2023", "KKBPK Desember 2023"}
    cpr = kb.loc[(kb["Indikator"] == "CPR") & (kb["Sumber"] == "PK 2023"), d.nama].item()
    assert cpr == format_persen(d.kkb["cpr_pct"])
    pok = b.tabel["Partisipasi poktan"]
    asli = d.tabel["out_poktan"].query("kkb_id == @KKB")
    assert len(pok) == len(asli) == 5
    assert pok["Partisipasi"].iloc[0].startswith(format_persen(asli["partisipasi_pct"].iloc[0]))
    assert "KKBPK Desember 2023" in b.grafik[0].sumber


def test_stunting_dan_krs(d, tampil):
    b = bagian.stunting_dan_krs(d)
    k = d.kkb
    kalimat = b.teks[0]
    for kolom in ("stunting_pct", "stunting_ci_low_pct", "stunting_ci_high_pct"):
        assert format_persen(k[kolom]) in kalimat
    assert f"dari {format_angka(k['n_balita_diukur'])} balita yang diukur" in kalimat
    assert f"kategori {k['stunting_kategori']}" in kalimat
    assert "kota di luar KKB" in kalimat
    assert any("SSGI" in t for t in b.teks)
    rekap = b.lampiran["Rekap keluarga berisiko stunting"]  # moved to the appendix
    krs = d.tabel["out_rekap_krs"].set_index("kode_wilayah").loc[d.wilayah_id, "total_krs"]
    assert rekap.loc[
        rekap["Komponen"].str.startswith("Keluarga berisiko"), "Jumlah keluarga"
    ].item() == format_angka(krs)
    assert b.grafik[0].sumber.startswith("Sumber: e-PPGBM 2023")


def test_klasifikasi(d, tampil):
    b = bagian.klasifikasi(d)
    skor = b.tabel["Skor 12 indikator"]
    assert len(skor) == 12
    assert b.angka["Tingkat"] == d.kkb["tingkat"]
    assert "Profil KKB 2023" in b.grafik[0].sumber


def test_bagian_returned_value_does_not_redisplay(d, tampil):
    b = bagian.identitas(d)
    n = len(tampil)
    b._ipython_display_()
    assert len(tampil) == n


def test_escaping(d, tampil):
    wide = d.wilayah.copy()
    wide["nama_wilayah"] = wide["nama_wilayah"].astype("string")
    wide.loc[wide["wilayah_id"] == d.wilayah_id, "nama_wilayah"] = JAHAT
    d.tabel["out_wilayah"] = wide
    d.kkb = wide.loc[wide["wilayah_id"] == d.wilayah_id].iloc[0]
    fungsi = (
        bagian.sampul,
        bagian.identitas,
        bagian.ringkasan_eksekutif,
        bagian.kependudukan,
        bagian.kb_dan_poktan,
        bagian.ibangga,
        bagian.stunting_dan_krs,
        bagian.kesejahteraan,
        bagian.pendidikan_dan_remaja,
        bagian.klasifikasi,
    )
    for f in fungsi:
        b = f(d)
        assert JAHAT in b.teks_gabungan  # the plain return keeps the text
        assert "<script>" not in b.html
        assert "&lt;script&gt;" in b.html
    shown = _teks_tampil(tampil)
    assert "<script>" not in shown
    assert "&lt;script&gt;" in shown
    assert isinstance(d.kkb, pd.Series)


# ------------------------------------------------------------------- cover and new sections
def _baca(d, tabel: str) -> pd.DataFrame:
    """A processed table read independently of the report code."""
    return pd.read_parquet(d.folder / f"{tabel}.parquet")


def _sel(tabel: pd.DataFrame, label: str, kolom: str, kunci: str = "Indikator") -> str:
    return tabel.loc[tabel[kunci] == label, kolom].item()


def test_sampul(d, tampil):
    b = bagian.sampul(d)
    wide = _baca(d, "out_wilayah").set_index("wilayah_id")
    kel = wide.loc[f"kel:{d.kkb['kode_kelurahan']}", "nama_wilayah"]
    kec = wide.loc[f"kec:{d.kkb['kode_kecamatan']}", "nama_wilayah"]
    teks = b.teks_gabungan
    assert b.judul == "Laporan Evaluasi Kampung Keluarga Berkualitas"
    for bagian_teks in (
        d.nama,
        f"Kelurahan {kel}",
        f"Kecamatan {kec}",
        "Kota Cilegon",
        "Tahun data 2023",
        f"Tingkat klasifikasi: {wide.loc[d.wilayah_id, 'tingkat']}",
        "Bidang Pengendalian Penduduk dan KB",
        "Diterbitkan ",
    ):
        assert bagian_teks in teks
    from kkb_analysis.laporan.dinas import identitas_dinas

    assert identitas_dinas(d.pengaturan).instansi in b.html
    assert "Kode KKB" not in b.html and KKB not in b.html  # no identity table, no code
    assert '<section class="sampul">' in b.html
    shown = _teks_tampil(tampil)
    assert shown.count('<section class="sampul">') == 1
    # a pure function of the inputs: no timestamp, same output twice
    assert bagian.sampul(d).html == b.html


def test_identitas_detail_from_core_tables(d, tampil):
    b = bagian.identitas(d)
    kkb = _baca(d, "core_kkb").set_index("kkb_id").loc[KKB]
    prof = _baca(d, "core_kkb_profil").query("kkb_id == @KKB and tahun == 2023").iloc[0]
    assert b.angka["Tanggal pencanangan"] == format_tanggal(kkb["tanggal_pencanangan"])
    assert str(kkb["nomor_sk"]) in b.angka["Regulasi (SK)"]
    assert b.angka["Jumlah anggota pokja"] == format_angka(prof["pokja_jumlah"])
    assert b.angka["Anggota pokja terlatih"].startswith(format_angka(prof["pokja_terlatih"]))
    assert format_angka(abs(kkb["latitude"]), 5) in b.angka["Koordinat"]
    if pd.isna(kkb["rw_list"]):
        assert b.angka["Cakupan wilayah"] == "seluruh kelurahan"
    assert "Profil KKB 2023" in b.html  # the key-figure table has its source line


def test_identitas_never_prints_personal_names(d, tampil):
    prof = d.tabel["core_kkb_profil"].copy()
    prof["pkb_nama"] = "Budi Santoso Rahasia"  # present only with laporan.cetak_nama_pkb
    d.tabel["core_kkb_profil"] = prof
    b = bagian.identitas(d)
    assert "Budi Santoso" not in b.teks_gabungan
    assert (
        b.angka["PKB/PLKB pendamping"] in {"ya", "tidak"}
        or "didampingi" in (b.angka["PKB/PLKB pendamping"])
    )


def test_identitas_without_profile(d, tampil):
    d.tabel["core_kkb_profil"] = pd.DataFrame()
    d.tabel["core_kkb"] = pd.DataFrame()
    b = bagian.identitas(d)
    for label in ("Tanggal pencanangan", "Koordinat", "Jumlah anggota pokja", "Pokja KKB ada"):
        assert b.angka[label] == "data tidak cukup"


def test_ringkasan_eksekutif_change_and_headline(d, tampil):
    b = bagian.perubahan_dan_target(d)
    k = _baca(d, "out_wilayah").set_index("wilayah_id").loc[d.wilayah_id]
    pe = _baca(d, "out_perubahan").query("wilayah_id == @d.wilayah_id").set_index("indikator")
    tabel = b.tabel["Perubahan dari tahun lalu"]
    assert list(tabel.columns) == ["Indikator", "2023", "2022", "Perubahan"]
    proses = pe.loc["index_proses"]
    baris = tabel.loc[tabel["Indikator"].str.startswith("Indeks proses")].iloc[0]
    assert baris["2023"] == format_angka(proses["nilai"], 2)
    assert baris["2022"] == format_angka(proses["nilai_sebelumnya"], 2)
    # the word of the stored code, then the difference of the printed values
    kata = kata_banding(proses["kode_banding"], "waktu")
    assert baris["Perubahan"].startswith(f"{kata} (selisih ")
    krs = pe.loc["krs_pct"]
    baris = tabel.loc[tabel["Indikator"].str.startswith("Keluarga berisiko")].iloc[0]
    assert baris["Perubahan"].startswith(f"{kata_banding(krs['kode_banding'], 'waktu')} (")
    assert baris["Perubahan"].endswith(" poin persen)") or "; n kecil)" in baris["Perubahan"]
    st = pe.loc["stunting_pct"]
    baris = tabel.loc[tabel["Indikator"].str.startswith("Prevalensi stunting")].iloc[0]
    if not pd.isna(st["perubahan_bawah"]):  # e-PPGBM: the Newcombe interval in plain words
        assert f"rentang {format_angka(st['perubahan_bawah'], 1)} s.d. " in baris["Perubahan"]
    assert "beda bermakna minimal" in b.catatan_tabel["Perubahan dari tahun lalu"]
    # the targets table: one row per headline indicator with a target, status in words
    tg = _baca(d, "out_target").query("wilayah_id == @d.wilayah_id")
    target = b.tabel["Capaian terhadap target resmi, 2023"]
    assert list(target.columns) == ["Indikator", "Nilai", "Target", "Tahun target", "Status"]
    assert set(target["Status"].str.split(" \\(").str[0]) <= {
        "tercapai",
        "belum tercapai",
        "tidak sebanding",
        "data tidak cukup",
    }
    assert 0 < len(target) <= len(tg)
    assert format_angka(k["indeks_ibangga"], 2) in b.teks_gabungan


def test_ringkasan_eksekutif_of_a_new_kkb_says_how_last_year_was_obtained(data_dir, tampil):
    """Banjar Negara became a KKB in 2023: its 2022 PK values are rebuilt on its boundaries
    (marked "*", explained under the table), the portal indicators and the tier read
    "belum menjadi KKB", never "data tidak cukup" where 2022 records of the area exist."""
    baru = bagian.muat("KKB-3672041001-01", TAHUN, data_dir)
    b = bagian.perubahan_dan_target(baru)
    judul = "Perubahan dari tahun lalu"
    tabel = b.tabel[judul].set_index("Indikator")
    pe = _baca(baru, "out_perubahan").query("wilayah_id == @baru.wilayah_id")
    cpr = pe.set_index("indikator").loc["cpr_pct"]
    assert cpr["asal_sebelumnya"] == "rekonstruksi"
    baris = tabel.loc[tabel.index.str.startswith("CPR")].iloc[0]
    assert baris["2022"] == f"{format_persen(cpr['nilai_sebelumnya'])} *"
    assert baris["Perubahan"] != "data tidak cukup"
    portal = tabel.loc[tabel.index.str.startswith("Indeks input")].iloc[0]
    assert portal["2022"] == "belum menjadi KKB"
    assert portal["Perubahan"] == "tidak ada pembanding"  # nothing to compare, not missing data
    assert "data tidak cukup" not in set(tabel["Perubahan"])
    catatan = b.catatan_tabel[judul]
    assert "* Nilai tahun 2022 dihitung ulang pada batas wilayah tahun ini" in catatan
    assert "belum menjadi KKB pada tahun 2022" in catatan
    assert "(KKB baru tahun ini)" in bagian.ringkasan_eksekutif(baru).teks[0]
    # the targets table names the documents that set the targets, never a file or setting key
    sumber_target = b.sumber_tabel["Capaian terhadap target resmi, 2023"]
    assert "RPJMN" in sumber_target or "Perpres" in sumber_target
    for teks in (sumber_target, *b.catatan_tabel.values()):
        assert ".yaml" not in teks and "target.sertakan" not in teks and "banding." not in teks


def test_ringkasan_eksekutif_same_boundaries_has_no_marks(d, tampil):
    b = bagian.perubahan_dan_target(d)
    tabel = b.tabel["Perubahan dari tahun lalu"]
    assert not tabel["2022"].str.endswith(("*", "†")).any()
    catatan = b.catatan_tabel["Perubahan dari tahun lalu"]
    assert "* Nilai" not in catatan and "†" not in catatan


def test_ibangga(d, tampil):
    b = bagian.ibangga(d)
    wide = _baca(d, "out_wilayah").set_index("wilayah_id")
    k, luar = wide.loc[d.wilayah_id], wide.loc["luar_kkb:36.72"]
    # the table title states the finding against the city outside every KKB
    judul = next(j for j in b.tabel if j.startswith("Indeks iBangga"))
    assert judul.startswith(f"Indeks iBangga {d.nama} ") and judul.endswith("kota di luar KKB")
    banding = b.tabel[judul]
    assert _sel(banding, "Indeks iBangga", d.nama) == format_angka(k["indeks_ibangga"], 2)
    assert _sel(banding, "Indeks iBangga", "Kota Cilegon di luar KKB") == format_angka(
        luar["indeks_ibangga"], 2
    )
    for label, kolom in (("Dimensi kemandirian", "indeks_kemandirian"),):
        assert _sel(banding, label, d.nama) == format_angka(k[kolom], 2)
    assert _sel(banding, "Keluarga Rentan (< 40)", d.nama) == format_persen(k["rentan_pct"])
    var = _baca(d, "out_ibangga_variabel").query("wilayah_id == @d.wilayah_id")
    terlemah = var.sort_values(["skor_1_pct", "nomor"]).iloc[0]
    lemah = b.tabel["Lima variabel iBangga terlemah"]
    assert len(lemah) == 5
    assert lemah["Variabel"].iloc[0].startswith(ibangga.nama_variabel(terlemah["variabel"]))
    assert lemah[d.nama].iloc[0] == format_persen(terlemah["skor_1_pct"])


def test_ibangga_missing_data(d, tampil):
    wide = d.wilayah.copy()
    for kolom in ("indeks_ibangga", "indeks_kemandirian", "rentan_pct", "n_rentan"):
        wide[kolom] = pd.NA
    d.tabel["out_wilayah"] = wide
    d.kkb = wide.loc[wide["wilayah_id"] == d.wilayah_id].iloc[0]
    d.tabel["out_ibangga_variabel"] = pd.DataFrame()
    b = bagian.ibangga(d)
    assert b.teks[0].endswith(": data tidak cukup.")
    assert "Lima variabel iBangga terlemah: data tidak cukup." in b.teks
    judul = next(j for j in b.tabel if j.startswith("Indeks iBangga"))
    assert judul == f"Indeks iBangga {d.nama}"  # no finding without a value
    assert _sel(b.tabel[judul], "Indeks iBangga", d.nama) == "data tidak cukup"


def test_kesejahteraan(d, tampil):
    b = bagian.kesejahteraan(d)
    k = _baca(d, "out_wilayah").set_index("wilayah_id").loc[d.wilayah_id]
    reg = b.tabel["Registri kesejahteraan dan bansos"]
    assert _sel(reg, "Desil 1", d.nama) == format_persen(k["desil_1_pct"])
    assert _sel(reg, "Menerima PBI-JK", d.nama) == format_persen(k["pbi_jk_pct"])
    sasaran = b.tabel["Ketepatan sasaran bansos"]
    pkh = sasaran.loc[sasaran["Program"] == "PKH"].iloc[0]
    assert pkh["Sasaran yang menerima"] == format_angka(k["n_pkh_sasaran"])
    assert pkh["Ketepatan sasaran"] == format_persen(k["pkh_sasaran_pct"])
    proksi = next(t for t in b.teks if t.startswith("Keluarga tidak berpenghasilan tetap"))
    assert "proksi" in proksi and format_persen(k["tidak_berpenghasilan_tetap_pct"]) in proksi
    assert format_angka(k["n_rtlh"]) in b.teks_gabungan
    # the source names the welfare extracts actually used (latest period of each registry)
    dtks = pd.read_parquet(d.folder / "core_dtks.parquet", columns=["sumber", "periode"])
    akhir = dtks.dropna().astype(str).groupby("sumber")["periode"].max()
    for sumber_dtks, periode in akhir.items():
        label = format_periode(sumber_dtks, int(periode[:4]), int(periode[5:]))
        assert label in b.sumber_tabel["Registri kesejahteraan dan bansos"]


def test_pendidikan_dan_remaja(d, tampil):
    b = bagian.pendidikan_dan_remaja(d)
    k = _baca(d, "out_wilayah").set_index("wilayah_id").loc[d.wilayah_id]
    sekolah = b.lampiran["Anak usia sekolah dan partisipasi sekolah"]
    sd = sekolah.loc[sekolah["Kelompok umur"].str.endswith("(SD)")].iloc[0]
    assert sd["Jumlah anak"] == format_angka(k["n_usia_sd"])
    assert sd["APS"] == format_persen(k["aps_sd_pct"])
    assert _sel(b.tabel["Sekolah dan remaja"], "Remaja 10–24 tahun", d.nama) == format_angka(
        k["n_remaja"]
    )
    pok = _baca(d, "out_poktan").query("kkb_id == @KKB").set_index("poktan")
    poktan = b.lampiran["BKR dan PIK-R"]
    assert _sel(poktan, "BKR", "Peserta", "Poktan") == format_angka(pok.loc["BKR", "peserta"])
    assert _sel(poktan, "PIK-R", "Partisipasi", "Poktan") == format_persen(
        pok.loc["PIK-R", "partisipasi_pct"]
    )


def test_umkm_unggulan(d, tampil):
    b = bagian.umkm_unggulan(d)
    umkm = _baca(d, "out_umkm").query("kkb_id == @KKB")
    assert len(umkm) >= 1, "the sample KKB has UMKM unggulan"
    assert f"memiliki {format_angka(len(umkm))} UMKM unggulan" in b.teks[0]
    daftar = b.tabel["Daftar UMKM unggulan"]
    assert sorted(daftar["Produk unggulan"]) == sorted(umkm["produk_unggulan"].astype(str))
    core = _baca(d, "core_kkb_umkm")
    for hash_pemilik in core["id_keluarga_pemilik"].dropna().astype(str):
        assert hash_pemilik not in b.teks_gabungan
    assert "Data UMKM KKB 2023" in b.sumber_tabel["Daftar UMKM unggulan"]


def test_umkm_kkb_without_umkm(d, tampil):
    umkm = d.tabel["out_umkm"]
    d.tabel["out_umkm"] = umkm.loc[umkm["kkb_id"].astype("string") != KKB]
    b = bagian.umkm_unggulan(d)
    assert b.teks[0].startswith("Belum ada UMKM unggulan yang tercatat untuk")
    assert b.tabel == {}
    # without any UMKM file the KKB count is missing: "data tidak cukup", no crash
    d.kkb = d.kkb.copy()
    d.kkb["n_umkm"] = pd.NA
    assert "data tidak cukup" in bagian.umkm_unggulan(d).teks[0]


def test_umkm_hostile_product_is_escaped(d, tampil):
    umkm = d.tabel["out_umkm"].copy()
    for kolom in ("produk_unggulan", "nama_usaha", "pembinaan_opd"):
        umkm[kolom] = umkm[kolom].astype("string")
        umkm.loc[umkm["kkb_id"] == KKB, kolom] = JAHAT + ' "kutip" **tebal** | `kode`'
    d.tabel["out_umkm"] = umkm
    b = bagian.umkm_unggulan(d)
    assert JAHAT in b.teks_gabungan
    assert "<script>" not in b.html and "&lt;script&gt;" in b.html
    shown = _teks_tampil(tampil)
    assert "<script>" not in shown and "&quot;kutip&quot;" in shown


# ---------------------------------------------------------------------------- per-RW tables
def _rw_frame() -> pd.DataFrame:
    """Hand-made out_rw: RW 001 at the threshold (5), RW 002 just below (4), RW 003 large."""
    return pd.DataFrame(
        {
            "tahun": 2023,
            "kkb_id": pd.array([KKB] * 4, dtype="string"),
            "kode_kelurahan": "36.72.05.1004",
            "rw": pd.array(["002", "001", "003", None], dtype="string"),
            "n_keluarga": [4.0, 5.0, 1234.0, 0.0],
            "n_penduduk": [12.0, 5.0, 4321.0, 3.0],
            "n_balita": [0.0, 5.0, 300.0, 0.0],
            "n_keluarga_sasaran": [4.0, 10.0, 600.0, 0.0],
            "n_krs": [2.0, 5.0, 240.0, 0.0],
            "krs_pct": [50.0, 50.0, 40.0, None],
            "n_balita_diukur": [10.0, 5.0, 200.0, 0.0],
            "n_stunting": [4.0, 5.0, 20.0, 0.0],
            "stunting_pct": [40.0, 100.0, 10.0, None],
        }
    )


def test_tabel_rw_boundary():
    from kkb_analysis.laporan.bagian_profil import KOLOM_RW_STUNTING
    from kkb_analysis.laporan.dasar import tabel_rw

    tabel, catatan = tabel_rw(_rw_frame(), KOLOM_RW_STUNTING, 5)
    assert tabel["RW"].tolist() == ["RW 001", "RW 002", "RW 003", "RW tidak tercatat"]
    rw1, rw2, rw3 = (tabel.iloc[i] for i in range(3))
    # 5 is shown, 4 is suppressed
    assert rw1["KRS"] == "5"
    assert rw1["KRS (%)"] == "50,0%"
    assert rw2["Keluarga sasaran"] == "< 5" and rw2["KRS"] == "< 5"
    # a percentage is hidden when its denominator (4) or its numerator (4 of 10) is
    assert rw2["KRS (%)"] == "disamarkan"
    # complementary suppression of "Balita diukur" (10, 5, 200, 0; the KKB total 215 is
    # printed): 0 alone is small, so the smallest other cell 5 is hidden too; but a hidden
    # complement is ≥ 5, which pins the small one to 215 − 200 − 5 = 0 again, so 10 goes too
    assert rw1["Balita diukur"] == "disamarkan" and rw2["Balita diukur"] == "disamarkan"
    assert rw3["Balita diukur"] == "200"
    assert rw1["Balita stunting"] == "5" and rw1["Stunting (%)"] == "disamarkan"
    assert rw2["Balita stunting"] == "< 5"
    assert rw2["Stunting (%)"] == "disamarkan"
    assert rw3["Keluarga sasaran"] == "600" and rw3["KRS (%)"] == "40,0%"
    assert 'di bawah 5 ditampilkan sebagai "< 5"' in catatan and "disamarkan" in catatan
    besar = _rw_frame().iloc[[2]]
    assert tabel_rw(besar, KOLOM_RW_STUNTING, 5).catatan == ""


def test_sections_show_rw_tables_with_note(d, tampil):
    d.tabel["out_rw"] = _rw_frame()
    b = bagian.tabel_per_rw(d)  # the appendix holds every per-RW table
    judul = "Sebaran per RW: keluarga, penduduk dan balita"
    rw = b.tabel[judul]
    assert rw.loc[rw["RW"] == "RW 002", "Keluarga"].item() == "< 5"
    assert rw.loc[rw["RW"] == "RW 001", "Keluarga"].item() == "5"
    assert rw.loc[rw["RW"] == "RW 003", "Penduduk"].item() == "4.321"
    assert "< 5" in b.catatan_tabel[judul]
    assert "untuk melindungi kerahasiaan" in b.html
    s = b
    judul = "Sebaran per RW: keluarga berisiko stunting dan stunting"
    assert "disamarkan" in s.catatan_tabel[judul]
    assert "e-PPGBM 2023" in s.sumber_tabel[judul]


def test_sections_without_rw_table(d, tampil):
    d.tabel["out_rw"] = pd.DataFrame()
    b = bagian.tabel_per_rw(d)
    assert any("data tidak cukup" in t and "RW" in t for t in b.teks)


def test_tabel_html_aligns_text_left_and_numbers_right():
    from kkb_analysis.laporan.dasar import tabel_html

    df = pd.DataFrame(
        {
            "Indikator": ["CPR", "Kategori", "Balita <b>"],
            "KKB": ["55,2%", "sedang", "1.234"],
            "Kota": ["data tidak cukup", "−0,3", "< 5"],
            "Catatan": ["naik", "-", "teks bebas"],
        }
    )
    html = tabel_html(df, "Judul & <x>", "Sumber: PK 2023", "Catatan kaki")
    # the class for the report stylesheet and the same alignment inline (JupyterLab's own
    # stylesheet right-aligns every cell)
    kiri, kanan = 'class="teks" style="text-align:left"', 'class="angka" style="text-align:right"'
    assert f"<th {kiri}>Indikator</th>" in html
    assert f"<th {kanan}>KKB</th>" in html and f"<th {kanan}>Kota</th>" in html
    assert f"<td {kanan}>sedang</td>" in html  # one class per column, not per cell
    assert f"<td {kiri}>teks bebas</td>" in html
    assert "<thead>" in html and "Balita &lt;b&gt;" in html and "Judul &amp; &lt;x&gt;" in html
    assert html.index("Sumber: PK 2023") < html.index("Catatan kaki")
    assert 'class="blok-tabel"' in html
    panjang = pd.DataFrame({"a": [str(i) for i in range(30)]})
    assert 'class="blok-tabel panjang"' in tabel_html(panjang, "")


def test_rw_table_of_the_built_city(d, tampil):
    rw = _baca(d, "out_rw").query("kkb_id == @KKB")
    b = bagian.tabel_per_rw(d)
    tabel = b.tabel["Sebaran per RW: keluarga berisiko stunting dan stunting"]
    assert len(tabel) == len(rw)
    for _, r in rw.dropna(subset=["rw"]).iterrows():
        baris = tabel.loc[tabel["RW"] == f"RW {r['rw']}"].iloc[0]
        assert baris["KRS"] == sel_kecil(r["n_krs"])
        assert baris["Balita diukur"] == sel_kecil(r["n_balita_diukur"])


def test_md_aman_keeps_apostrophes_and_neutralises_markup():
    import mistune  # nbconvert's Markdown renderer

    from kkb_analysis.laporan.dasar import md_aman

    teks = md_aman('Kampung Ma\'mur "Sejahtera" <b>#1</b> *tebal* [tautan](x)')
    html = mistune.html(teks)
    assert "Ma'mur" in html and "&amp;#x27;" not in html and "#x27" not in html
    assert "<b>" not in html and "<em>" not in html and "<a " not in html


# ------------------------------------------------------------- review round 2 (issue 12)
def test_poktan_that_does_not_exist_says_so(d, tampil):
    """A poktan the profile marks absent, with no participant, reads "belum ada poktan", not
    "0 | 0,0%" (a poktan nobody attends)."""
    prof = d.tabel["core_kkb_profil"].copy()
    cocok = prof["kkb_id"].astype("string") == KKB
    prof.loc[cocok, "poktan_bkr"] = False
    prof.loc[cocok, "poktan_uppka"] = True
    d.tabel["core_kkb_profil"] = prof
    pok = d.tabel["out_poktan"].copy()
    pok.loc[(pok["kkb_id"] == KKB) & (pok["poktan"] == "BKR"), "peserta"] = 0
    pok.loc[(pok["kkb_id"] == KKB) & (pok["poktan"] == "UPPKA"), "peserta"] = 0
    d.tabel["out_poktan"] = pok
    tabel = bagian.kb_dan_poktan(d).tabel["Partisipasi poktan"]
    assert _sel(tabel, "BKR", "Partisipasi", "Poktan") == "belum ada poktan"
    assert _sel(tabel, "BKR", "Peserta", "Poktan") == "—"
    # an existing poktan with nobody attending keeps its real zero
    assert _sel(tabel, "UPPKA", "Peserta", "Poktan") == "0"
    remaja = bagian.pendidikan_dan_remaja(d).lampiran["BKR dan PIK-R"]
    assert _sel(remaja, "BKR", "Partisipasi", "Poktan") == "belum ada poktan"


def test_bansos_counts_the_registry_cannot_show(d, tampil):
    """The sample registry holds only desil 1–4: recipients above the target desil or without
    a desil cannot appear, so they are "tidak dapat diukur", and the Sembako/PBI target range
    1–5 says desil 5 is missing; 2023 data never names DTSEN (Inpres 4/2025)."""
    w = _baca(d, "out_wilayah")
    assert (w["n_desil_5_lebih"].fillna(0) == 0).all()  # the premise, read independently
    b = bagian.kesejahteraan(d)
    sasaran = b.tabel["Ketepatan sasaran bansos"].set_index("Program")
    assert set(sasaran["Penerima di luar sasaran"]) == {"tidak dapat diukur"}
    assert set(sasaran["Penerima tanpa desil"]) == {"tidak dapat diukur"}
    assert sasaran.loc["PKH", "Keluarga sasaran"].endswith("(desil 1–4)")
    assert sasaran.loc["PBI-JK", "Keluarga sasaran"].endswith("(desil 1–4; desil 5 tidak tersedia)")
    assert "DTSEN" not in b.teks_gabungan
    labels = b.tabel["Registri kesejahteraan dan bansos"]["Indikator"].tolist()
    assert labels.count("Terdaftar DTKS") == 1
    assert not any("DTSEN" in x for x in labels)


def test_weakest_ibangga_variables_compare_with_the_city_outside_kkb(d, tampil):
    tabel = bagian.ibangga(d).tabel["Lima variabel iBangga terlemah"]
    assert "Kota" not in tabel.columns
    assert tabel.columns[-1] == "Kota Cilegon di luar KKB"
    var = _baca(d, "out_ibangga_variabel")
    wid = var["wilayah_id"].astype(str)
    kkb = var.loc[wid == d.wilayah_id].dropna(subset=["skor_1_pct"])
    terlemah = kkb.sort_values(["skor_1_pct", "nomor"]).iloc[0]["variabel"]
    luar = var.loc[wid.str.startswith("luar_kkb:") & (var["variabel"] == terlemah)]
    assert tabel.iloc[0, -1] == format_persen(luar["skor_1_pct"].item())


def test_umkm_same_name_twice():
    from kkb_analysis.laporan.bagian_profil import _beda_nama_kembar

    t = pd.DataFrame(
        {
            "Usaha": ["Salon Mandiri", "Salon Mandiri", "Warung", "Warung"],
            "Tenaga kerja": ["1", "5", "2", "2"],
        }
    )
    hasil, bernomor = _beda_nama_kembar(t)
    # an exact repeat is one row; the same name with other data is numbered
    assert hasil["Usaha"].tolist() == ["Salon Mandiri (1)", "Salon Mandiri (2)", "Warung"]
    assert bernomor
    assert _beda_nama_kembar(t.iloc[[0, 2]])[1] is False


def test_umkm_type_label_is_indonesian(d, tampil):
    umkm = d.tabel["out_umkm"].copy()
    umkm.loc[umkm["kkb_id"] == KKB, "jenis_usaha"] = "Fashion"
    d.tabel["out_umkm"] = umkm
    daftar = bagian.umkm_unggulan(d).tabel["Daftar UMKM unggulan"]
    assert set(daftar["Jenis usaha"]) == {"Busana"}


def test_more_balita_measured_than_pk_counts_gets_a_note(d, tampil):
    from kkb_analysis.laporan.bagian_profil import catatan_balita_dua_sumber

    d.kkb = d.kkb.copy()
    d.kkb["n_balita_diukur"], d.kkb["n_balita"] = 982, 933
    catatan = catatan_balita_dua_sumber(d)
    assert "(e-PPGBM 2023, 982 balita)" in catatan and "(933 balita)" in catatan
    assert catatan in bagian.stunting_dan_krs(d).teks
    d.kkb["n_balita_diukur"] = 933
    assert catatan_balita_dua_sumber(d) == ""
