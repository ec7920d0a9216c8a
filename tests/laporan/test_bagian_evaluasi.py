"""Evaluation sections 10–14 and the appendix (kkb_analysis.laporan.bagian_evaluasi).

The section tests run on a small built sample city and compare what a section shows with values
read independently from the processed tables, formatted with format.py. The sentence rules are
tested on hand-made inputs.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from IPython import display as ipy_display
from matplotlib.text import Text

from kkb_analysis.laporan import bagian, kata_aksi
from kkb_analysis.laporan import bagian_evaluasi as ev
from kkb_analysis.laporan.format import (
    DATA_TIDAK_CUKUP,
    format_angka,
    format_persen,
    format_tanggal,
)
from kkb_analysis.laporan.grafik import intervensi_fungsi_keluarga

matplotlib.use("Agg")

KKB = "KKB-3672051004-01"
TAHUN = 2023
JAHAT = "<script>alert('x')</script> & \"Co\" **tebal** | [tautan](http://x)"
METODOLOGI = Path(__file__).resolve().parents[2] / "docs" / "metodologi.md"


@pytest.fixture(autouse=True)
def _pengaturan_baku(monkeypatch, tmp_path):
    """Tests see the package defaults unless they override settings themselves."""
    monkeypatch.setenv("KKB_PENGATURAN", str(tmp_path / "kosong.yaml"))
    (tmp_path / "kosong.yaml").write_text("{}\n", encoding="utf-8")


@pytest.fixture
def d(data_dir):
    return bagian.muat(KKB, TAHUN, data_dir)


def _salin(d):
    """A copy of d whose tables can be changed without touching the module fixture."""
    d2 = copy.copy(d)
    d2.tabel = {k: v.copy() for k, v in d.tabel.items()}
    return d2


def _teks_tampil(objek) -> str:
    return "\n".join(
        o.data for o in objek if isinstance(o, (ipy_display.HTML, ipy_display.Markdown))
    )


def _baris(df: pd.DataFrame, kolom: str, nilai: str) -> pd.Series:
    rows = df.loc[df[kolom] == nilai]
    assert len(rows) == 1, f"{nilai!r} not exactly once in {kolom}"
    return rows.iloc[0]


# ----------------------------------------------------------------------------- 10. kelembagaan
def test_kelembagaan_dan_proses(d, tampil):
    b = bagian.kelembagaan_rinci(d)  # the details are in the appendix
    p = d.tabel["core_kkb_profil"].query("kkb_id == @KKB and tahun == @TAHUN").iloc[0]
    lem = b.tabel["Kelembagaan"]
    assert _baris(lem, "Aspek", "Jumlah anggota pokja")["Keadaan"] == format_angka(
        p["pokja_jumlah"]
    )
    dana = ["dana_apbn", "dana_apbd", "dana_desa", "dana_hibah", "dana_csr", "dana_swadaya"]
    n_dana = sum(bool(p[c]) for c in dana if pd.notna(p[c]))
    assert _baris(lem, "Aspek", "Sumber dana")["Keadaan"].startswith(f"{n_dana} dari 6")
    assert _baris(lem, "Aspek", "Sekretariat KKB")["Keadaan"] == (
        "ada" if p["sekretariat"] else "tidak ada"
    )
    op = b.tabel["Mekanisme operasional dan frekuensinya"]
    frek = p["op_rapat_koordinasi_frekuensi"]
    assert _baris(op, "Mekanisme operasional", "Rapat koordinasi")["Frekuensi"] == (
        "-" if pd.isna(frek) else frek
    )
    # the report section: the city context (how many active KKB have a sekretariat)
    b = bagian.kelembagaan_dan_proses(d)
    assert "Kelembagaan" not in b.tabel
    aktif = d.wilayah.query("jenis_wilayah == 'kkb'")["kkb_id"].astype(str)
    semua = d.tabel["core_kkb_profil"].query("tahun == @TAHUN")
    n = int(semua.loc[semua["kkb_id"].isin(aktif), "sekretariat"].sum())
    kota = b.tabel["Kelembagaan dibandingkan dengan Kampung KB lain"]
    assert _baris(kota, "Aspek", "Sekretariat KKB")["KKB di kota"] == (
        f"dimiliki {format_angka(n)} dari {format_angka(len(aktif))} KKB"
    )
    assert "Skor input dan proses" not in b.tabel  # the 12 scores are in Klasifikasi
    assert b.angka["Indeks input"] == format_angka(d.kkb["index_input"], 2)
    assert f"pokja dengan {format_angka(p['pokja_jumlah'])} anggota" in b.teks[0]
    assert all(j in b.sumber_tabel for j in b.tabel)
    assert "Profil KKB 2023" in b.html
    assert tampil


def test_kelembagaan_tanpa_profil(d, tampil):
    d2 = _salin(d)
    prof = d2.tabel["core_kkb_profil"]
    d2.tabel["core_kkb_profil"] = prof.loc[prof["kkb_id"] != KKB]
    b = bagian.kelembagaan_dan_proses(d2)
    assert "tidak tersedia" in b.teks[0] and DATA_TIDAK_CUKUP in b.teks[0]
    assert "Kelembagaan" not in b.tabel
    kota = b.tabel["Kelembagaan dibandingkan dengan Kampung KB lain"]
    assert set(kota[d.nama]) == {DATA_TIDAK_CUKUP}


# ----------------------------------------------------------------------------- 11. klasifikasi
def test_klasifikasi_tanpa_rencana(d, tampil):
    b = bagian.klasifikasi(d)
    assert list(b.tabel) == ["Skor 12 indikator"]
    assert len(b.tabel["Skor 12 indikator"]) == 12
    assert b.angka["Tingkat"] == d.kkb["tingkat"]
    assert "Rekomendasi" in b.teks_gabungan


# ---------------------------------------------------------------------- 12. konvergensi OPD
def test_konvergensi_opd(d, tampil):
    b = bagian.konvergensi_opd(d)
    k = d.kkb
    assert b.angka["Cakupan konvergensi Inpres 3/2022"] == format_persen(k["konvergensi_pct"])
    assert b.angka["Area program tercakup"] == f"{format_angka(k['n_program_tercakup'])} dari 8"
    assert "Keterangan" not in _teks_tampil(tampil)  # the figures are in the sentence
    covered = [x for x in "abcdefgh" if k[f"n_intervensi_non_kb_program_{x}"] > 0]
    assert f"mencakup {len(covered)} dari 8 area" in b.teks[0]
    cak = b.tabel["Cakupan 8 area program Inpres 3/2022"]
    assert len(cak) == 8
    assert _baris(cak, "Area", "d")["Intervensi (KKB ini)"] == format_angka(
        k["n_intervensi_non_kb_program_d"]
    )
    assert "komitmen OPD" in b.teks_gabungan
    assert "Daftar intervensi" not in b.tabel  # the full list is in the appendix
    b = bagian.intervensi_lengkap(d)
    kv = d.tabel["out_konvergensi"].query("wilayah_id == @d.wilayah_id")
    assert len(b.tabel["Matriks area program × instansi"]) == len(kv)
    iv = d.tabel["out_intervensi"].query("kkb_id == @KKB").sort_values("tanggal")
    daftar = b.tabel["Daftar intervensi"]
    assert len(daftar) == len(iv)
    assert daftar["Tanggal"].iloc[0] == format_tanggal(iv["tanggal"].iloc[0])
    fk = d.tabel["out_fungsi_keluarga"].query("wilayah_id == @d.wilayah_id")
    ek = fk.loc[fk["kategori_fungsi"] == "4", "n_intervensi"].item()
    fungsi = b.tabel["Intervensi menurut 8 fungsi keluarga"]
    assert _baris(fungsi, "Fungsi keluarga", "Ekonomi")[d.nama] == format_angka(ek)
    assert all(j in b.sumber_tabel for j in b.tabel)


def test_konvergensi_tanpa_intervensi(d, tampil):
    d2 = _salin(d)
    for t in ("out_intervensi", "out_konvergensi", "out_fungsi_keluarga"):
        df = d2.tabel[t]
        d2.tabel[t] = df.loc[df["kkb_id"].astype("string") != KKB]
    b = bagian.konvergensi_opd(d2)
    assert any(t.startswith(f"Tidak ada intervensi yang tercatat untuk {d.nama}") for t in b.teks)
    assert "Daftar intervensi" not in b.tabel and not b.grafik


def test_konvergensi_tanpa_berkas(d, tampil):
    d2 = _salin(d)
    kkb = d2.kkb.copy()
    kkb["konvergensi_pct"] = pd.NA
    d2.kkb = kkb
    b = bagian.konvergensi_opd(d2)
    assert DATA_TIDAK_CUKUP in b.teks[0] and "berkas intervensi tidak tersedia" in b.teks[0]
    assert b.angka["Cakupan konvergensi Inpres 3/2022"] == DATA_TIDAK_CUKUP


def test_escaping_judul_dan_nama(d, tampil):
    d2 = _salin(d)
    iv = d2.tabel["out_intervensi"]
    for kolom in ("judul", "tempat"):
        iv[kolom] = iv[kolom].astype("string")
        iv.loc[iv["kkb_id"] == KKB, kolom] = JAHAT
    wide = d2.wilayah
    wide["nama_wilayah"] = wide["nama_wilayah"].astype("string")
    wide.loc[wide["wilayah_id"] == d.wilayah_id, "nama_wilayah"] = JAHAT
    d2.kkb = wide.loc[wide["wilayah_id"] == d.wilayah_id].iloc[0]
    fungsi = (
        bagian.kelembagaan_dan_proses,
        bagian.klasifikasi,
        bagian.konvergensi_opd,
        bagian.kualitas_data,
        bagian.rekomendasi,
    )
    for fn in fungsi:
        b = fn(d2)
        assert JAHAT in b.teks_gabungan, fn.__name__  # the plain return keeps the text
        assert "<script>" not in b.html, fn.__name__
        assert "&lt;script&gt;" in b.html, fn.__name__
    shown = _teks_tampil(tampil)
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    # markdown specials from the data are neutralised in the sentences
    md = "\n".join(o.data for o in tampil if isinstance(o, ipy_display.Markdown))
    assert "\\*\\*tebal\\*\\*" in md and "**tebal**" not in md


# ---------------------------------------------------------------------- 13. kualitas data
def test_kualitas_data(d, tampil):
    b = bagian.kualitas_data(d)
    kl = d.tabel["out_kelengkapan"].query("kkb_id == @KKB").sort_values("no")
    tab = b.tabel["Kelengkapan 9 domain data"]
    assert tab["Status"].tolist() == kl["status"].tolist()
    n_lengkap = int((kl["status"] == "lengkap").sum())
    assert b.angka["Domain lengkap"] == f"{n_lengkap} dari 9"
    assert b.angka["Kelengkapan data"] == format_persen(d.kkb["kelengkapan_pct"])
    r = d.ringkasan_muat
    muat = b.tabel["Ringkasan pemuatan data dan periode sumber"]
    assert len(muat) == len(r) == 10
    pk = _baris(muat, "Sumber data", "Pendataan Keluarga: keluarga")
    baris_pk = r.loc[r["file"] == "pk_keluarga"].iloc[0]
    assert pk["Baris dibaca"] == format_angka(baris_pk["baris_dibaca"])
    assert pk["Ditolak"] == format_angka(baris_pk["baris_ditolak"])
    assert pk["Periode"] == "PK 2023"
    kalimat = (
        f"{format_angka(r['baris_dibaca'].sum())} baris dibaca = "
        f"{format_angka(r['baris_dimuat'].sum())} dimuat + "
        f"{format_angka(r['baris_ditolak'].sum())} ditolak"
    )
    assert any(kalimat in t for t in b.teks)
    assert any('"< 5"' in t and "per RW" in t for t in b.teks)
    assert any("sintetis" in t for t in b.teks)  # the sample is built with the demo salt


def test_kualitas_data_tanpa_ringkasan(d, tampil):
    d2 = _salin(d)
    d2.ringkasan_muat = pd.DataFrame()
    d2.validasi = {}
    b = bagian.kualitas_data(d2)
    assert any("ringkasan_muat.csv tidak ada" in t for t in b.teks)
    assert "Ringkasan pemuatan data dan periode sumber" not in b.tabel


# ------------------------------------------------------------------------ 14. rekomendasi
def test_rekomendasi_semua_kkb(data_dir, tampil):
    """Every KKB of the fixture: the target follows out_rencana_tingkat, read independently."""
    d0 = bagian.muat(KKB, TAHUN, data_dir)
    rt_all = d0.tabel["out_rencana_tingkat"]
    for kkb_id in d0.wilayah.query("jenis_wilayah == 'kkb'")["kkb_id"].astype(str):
        dk = bagian.muat(kkb_id, TAHUN, data_dir)
        b = bagian.rekomendasi(dk)
        tingkat = dk.kkb["tingkat"]
        rt = rt_all.loc[(rt_all["kkb_id"] == kkb_id) & (rt_all["jenis"] == "rencana")]
        if tingkat == "Berkelanjutan":
            assert any("mempertahankan tingkat Berkelanjutan" in t for t in b.teks)
            assert "Rencana ke tingkat berikutnya" not in b.tabel
        elif pd.isna(tingkat) or tingkat == DATA_TIDAK_CUKUP:
            assert any("belum dapat ditentukan" in t for t in b.teks)
        else:
            utama = rt.loc[rt["rencana_utama"].fillna(False)]
            assert len(utama) == 1  # ONE next-tier answer
            r = utama.iloc[0]
            target = [t for t in b.teks if t.startswith("Target tingkat tahun depan")]
            assert len(target) == 1
            assert f"{r['target_tingkat']} (naik dari {tingkat})" in target[0]
            # indicators raised and score steps are counted apart (MKJP 2 → 4 is 2 steps)
            n_ind = (
                (rt_all["kkb_id"] == kkb_id)
                & (rt_all["jenis"] == "rencana_langkah")
                & (rt_all["rencana_ke"] == r["rencana_ke"])
            ).sum()
            assert (
                f"menaikkan {n_ind} indikator ({format_angka(r['jumlah_langkah'])} kenaikan skor):"
                in target[0]
            )
            assert target[0].count("\n- ") == n_ind
            # the plan table is reference material: in the appendix
            rencana = b.lampiran["Rencana ke tingkat berikutnya"]
            assert len(rencana) == len(rt)
            assert rencana["Dipilih"].tolist().count("ya") == 1
        aksi_tab = b.lampiran.get(
            "Seluruh rekomendasi", b.tabel.get("Rekomendasi", pd.DataFrame(columns=["Aksi"]))
        )
        # an index below 3.00 is acted on through the first step that raises it (a measure a
        # reader knows: KKBPK CPR/MKJP/unmet need or the score of one item), never by itself
        from kkb_analysis.indikator import aksi as aksi_mod
        from kkb_analysis.indikator import klasifikasi as klas

        rt_k = rt_all.loc[rt_all["kkb_id"] == kkb_id]
        utama_rt = klas.rencana_utama(rt_k) if not rt_k.empty else None
        for grp in ("input", "proses", "output"):
            v = dk.kkb[f"index_{grp}"]
            langkah = aksi_mod._langkah_kelompok(rt_k, utama_rt, grp.upper())
            if pd.notna(v) and v < 3 and langkah:
                kode = aksi_mod.kode_untuk_indikator(langkah[0])
                assert kata_aksi.teks_aksi(kode) in aksi_tab["Aksi"].tolist()
        # indicator codes are replaced by their labels for the reader
        assert "input_sarana" not in b.teks_gabungan


def test_rekomendasi_dari_out_aksi(d, tampil):
    """The table is out_aksi of the KKB, in priority order, with the six agreed columns."""
    b = bagian.rekomendasi(d)
    # the report shows the top actions in four columns, the appendix all of them
    ringkas = b.tabel["Rekomendasi"]
    assert list(ringkas.columns) == [
        "Aksi",
        "Penanggung jawab",
        "Ukuran, target dan tenggat",
        "Anggaran",
    ]
    assert 0 < len(ringkas) <= 4
    tab = b.lampiran["Seluruh rekomendasi"]
    assert ringkas["Aksi"].tolist() == tab["Aksi"].head(len(ringkas)).tolist()
    assert ringkas["Penanggung jawab"].tolist() == tab["Penanggung jawab (OPD)"].head(4).tolist()
    assert all("paling lambat Desember 2024" in t for t in ringkas["Ukuran, target dan tenggat"])
    assert list(tab.columns) == [
        "Aksi",
        "Penanggung jawab (OPD)",
        "Tenggat",
        "Ukuran",
        "Target",
        "Sumber anggaran",
    ]
    a = d.tabel["out_aksi"]
    a = a.loc[a["kkb_id"] == KKB].sort_values("urutan")
    assert len(tab) == len(a) > 0
    assert tab["Aksi"].tolist() == [kata_aksi.teks_aksi(k) for k in a["kode_aksi"]]
    assert set(tab["Tenggat"]) == {"Desember 2024"}  # data 2023, aksi.tenggat_bulan 12
    assert "Dana Desa" not in " ".join(tab["Sumber anggaran"])  # Cilegon: kelurahan only
    k = d.kkb
    for x in "abcdefgh":
        belum = k[f"n_intervensi_non_kb_program_{x}"] == 0
        assert (f"inpres_{x}" in set(a["kode_aksi"])) == belum
    assert b.angka["Jumlah OPD/pihak yang diberi rekomendasi"] == format_angka(a["opd"].nunique())
    tl = b.lampiran["Tindak lanjut rekomendasi tahun lalu"]  # the report says it in a sentence
    lalu = d.tabel["out_tindak_lanjut"]
    assert len(tl) == (lalu["kkb_id"] == KKB).sum() > 0
    n = int((lalu["kkb_id"] == KKB).sum())
    assert any(t.startswith(f"Tindak lanjut {n} rekomendasi tahun 2022: ") for t in b.teks)
    assert set(tl["Status"]) <= {s[:1].upper() + s[1:] for s in kata_aksi.KATA_STATUS.values()}


# ---------------------------------------------------------------------------- Lampiran
def _kunci_register() -> list[str]:
    """The settings keys of the register in docs/metodologi.md §16."""
    teks = METODOLOGI.read_text(encoding="utf-8")
    bagian16 = teks.split("## 16.")[1].split("\n## ")[0]
    return re.findall(r"^\| `([a-z_]+\.[a-z_0-9]+)` \|", bagian16, flags=re.M)


def test_lampiran_metodologi(d, tampil):
    b = bagian.lampiran_metodologi(d)
    asumsi = b.tabel["Asumsi yang berlaku"]
    register = _kunci_register()
    assert len(register) >= 40
    assert set(register) <= set(asumsi["Kunci pengaturan"])
    assert _baris(asumsi, "Kunci pengaturan", "kelengkapan.ambang")["Nilai dipakai"] == "0,9"
    assert _baris(asumsi, "Kunci pengaturan", "umur.remaja")["Nilai dipakai"] == "10–24"
    assert (
        _baris(asumsi, "Kunci pengaturan", "laporan.tanggal_referensi")["Nilai dipakai"]
        == "31 Desember"
    )
    assert set(asumsi["Diubah"]) == {"tidak"}
    glos = set(b.tabel["Glosarium"]["Istilah"])
    for istilah in (
        "PUS",
        "MKJP",
        "KRS",
        "iBangga",
        "e-PPGBM",
        "PK",
        "KKBPK",
        "DTKS",
        "DTSEN",
        "Poktan",
    ):
        assert istilah in glos
    rumus = b.tabel["Rumus indikator utama"]
    assert "desil 1–4" in _baris(rumus, "Indikator", "Keluarga kurang mampu")["Rumus"]
    dikutip = {m for t in rumus["Rujukan"] for m in re.findall(r"S\d+", t)}
    assert dikutip <= set(b.tabel["Sumber"]["Kode"])
    assert len(b.tabel["Tingkat menurut indeks"]) == 8
    assert len(b.tabel["Aturan skor 12 indikator klasifikasi"]) == 12


def test_lampiran_pengaturan_diubah(d, tampil, monkeypatch, tmp_path):
    berkas = tmp_path / "pengaturan.yaml"
    berkas.write_text(
        "kelengkapan:\n  ambang: 0.8\nlaporan:\n  sel_kecil: 10\n"
        "kesejahteraan:\n  desil_kurang_mampu: [1, 3]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("KKB_PENGATURAN", str(berkas))
    d = bagian.muat(KKB, TAHUN, d.folder.parent.parent)  # settings are read at load time
    b = bagian.lampiran_metodologi(d)
    asumsi = b.tabel["Asumsi yang berlaku"]
    ambang = _baris(asumsi, "Kunci pengaturan", "kelengkapan.ambang")
    assert ambang["Nilai dipakai"] == "0,8"
    assert ambang["Diubah"] == "ya (baku: 0,9)"
    assert _baris(asumsi, "Kunci pengaturan", "laporan.sel_kecil")["Nilai dipakai"] == "10"
    rumus = b.tabel["Rumus indikator utama"]
    assert "desil 1–3" in _baris(rumus, "Indikator", "Keluarga kurang mampu")["Rumus"]
    assert any("kelengkapan.ambang" in t and "laporan.sel_kecil" in t for t in b.teks)
    q = bagian.kualitas_data(d)
    assert any('"< 10"' in t for t in q.teks)


# ------------------------------------------------------------------------- pure rules
def test_gabung_dan_ya_tidak():
    assert ev.gabung([]) == ""
    assert ev.gabung(["a"]) == "a"
    assert ev.gabung(["a", "b"]) == "a dan b"
    assert ev.gabung(["a", "b", "c"]) == "a, b, dan c"
    assert ev.ya_tidak(True) == "ada"
    assert ev.ya_tidak(False, "ya", "tidak") == "tidak"
    assert ev.ya_tidak(pd.NA) == DATA_TIDAK_CUKUP


def test_label_jendela():
    ref = pd.Timestamp("2023-12-31")
    assert ev.label_jendela(pd.Timestamp("2022-12-31"), ref) == (
        "Intervensi 1 Januari 2023–31 Desember 2023"
    )
    assert ev.label_jendela(pd.NaT, ref) == "Intervensi s.d. 31 Desember 2023"
    assert ev.label_jendela(pd.NaT, pd.NaT) == "Intervensi (periode tidak diketahui)"


@pytest.mark.parametrize(
    ("nilai", "teks"),
    [
        (None, "tidak ada (null)"),
        (True, "ya"),
        (1000, "1.000"),
        (0.9, "0,9"),
        (0.10, "0,1"),
        (1 / 3, "0,3333"),
        ([0, 59], "0–59"),
        ([-6.2, -5.8], "−6,2 s.d. −5,8"),
        (["1", "8"], "1, 8"),
        ([0.5, 0.25, 0.25], "0,5; 0,25; 0,25"),
        ({"SD": [7, 12], "SMP": [13, 15]}, "SD 7–12; SMP 13–15"),
        ("07-01", "1 Juli"),
        ("half_even", "half_even"),
    ],
)
def test_format_pengaturan(nilai, teks):
    assert ev.format_pengaturan(nilai) == teks


def test_ambil_pengaturan():
    assert ev.ambil_pengaturan({"a": {"b": 1}}, "a.b") == 1
    with pytest.raises(KeyError, match=r"a\.c"):
        ev.ambil_pengaturan({"a": {"b": 1}}, "a.c")


def test_kelompok_per_opd_merges_and_groups():
    grup = ev.kelompok_per_opd(
        [
            ("Dinas Sosial (area f): verifikasi data.", "Kurang mampu 40%"),
            ("Dinkes (area c): layani KB.", "CPR 50%"),
            ("Dinas Sosial (area f): verifikasi data.", "Belum ada area f"),
            ("tanpa alamat", ""),
        ]
    )
    assert list(grup) == ["Dinas Sosial (area f)", "Dinkes (area c)", "Pokja Kampung KB"]
    assert grup["Dinas Sosial (area f)"] == [
        ("Verifikasi data.", "Kurang mampu 40%; Belum ada area f")
    ]
    assert grup["Pokja Kampung KB"] == [("Tanpa alamat", "")]


def _rencana(rows):
    kolom = ["jenis", "keadaan", "rencana_ke", "kelompok", "target_tingkat", "jumlah_langkah"]
    kolom += ["terdekat", "indikator", "skor_sekarang", "skor_baru", "butir_kurang"]
    df = pd.DataFrame(rows, columns=kolom).assign(nilai_sekarang=1, nilai_perlu=2)
    return df.assign(rencana_utama=df["terdekat"])


def test_kalimat_target_rules():
    naik = ("rencana", "naik_tingkat")
    langkah = ("rencana_langkah", "naik_skor")
    rencana = _rencana(
        [
            (*naik, 1, "INPUT", "Berkembang", 2, True, pd.NA, pd.NA, pd.NA, pd.NA),
            (*langkah, 1, "INPUT", pd.NA, pd.NA, pd.NA, "input_pokja", 3, 4, "pokja_pelatihan"),
            (*langkah, 1, "INPUT", pd.NA, pd.NA, pd.NA, "input_pkb", 2, 3, "regulasi_ada"),
            (*naik, 2, "INPUT+OUTPUT", "Mandiri", 4, False, pd.NA, pd.NA, pd.NA, pd.NA),
            (*langkah, 2, "INPUT", pd.NA, pd.NA, pd.NA, "input_pokja", 3, 4, "pokja_pelatihan"),
        ]
    )
    teks = ev.kalimat_target("KKB X", "Dasar", rencana)
    # ONE block: the lead-in and its list are never separated by a page break
    assert len(teks) == 1
    awal, daftar = teks[0].split("\n\n")
    assert awal == (
        "Target tingkat tahun depan untuk KKB X: Berkembang (naik dari Dasar), tingkat terdekat. "
        "Berkembang dapat dicapai dengan menaikkan 2 indikator (2 kenaikan skor):"
    )
    # the steps of plan 1 only, worded with the indicator labels (no codes)
    assert daftar.split("\n") == [
        "- Latih Pokja → skor Pokja KKB 3 → 4",
        "- Terbitkan regulasi (SK) tentang KKB → skor PKB/PLKB pendamping dan regulasi 2 → 3",
    ]
    assert (
        "mempertahankan tingkat Berkelanjutan"
        in ev.kalimat_target("KKB X", "Berkelanjutan", _rencana([]))[0]
    )
    # two nearest tiers (Berkembang, Mandiri): ONE answer, the row marked rencana_utama
    dua = _rencana(
        [
            (*naik, 1, "INPUT", "Berkembang", 2, True, pd.NA, pd.NA, pd.NA, pd.NA),
            (*langkah, 1, "INPUT", pd.NA, pd.NA, pd.NA, "input_pkb", 2, 3, "regulasi_ada"),
            (*naik, 2, "OUTPUT", "Mandiri", 2, True, pd.NA, pd.NA, pd.NA, pd.NA),
            (*langkah, 2, "INPUT", pd.NA, pd.NA, pd.NA, "input_pokja", 3, 4, "pokja_pelatihan"),
        ]
    ).assign(rencana_utama=[False, pd.NA, True, pd.NA])
    teks = ev.kalimat_target("KKB X", "Dasar", dua)
    assert len(teks) == 1
    awal, daftar = teks[0].split("\n\n")
    # Berkembang lies between Dasar and Mandiri: why it is skipped, from the portal rule
    assert awal == (
        "Target tingkat tahun depan untuk KKB X: Mandiri (naik dari Dasar), tingkat terdekat. "
        "Berkembang (indeks input dan proses ≥ 3,00, indeks lain di bawahnya) dilewati karena "
        "memerlukan 2 kenaikan skor, sama dengan jalan ke Mandiri (indeks output serta salah "
        "satu indeks lain ≥ 3,00); dengan upaya yang sama dipilih Mandiri, tingkat di atasnya. "
        "Mandiri dapat dicapai dengan menaikkan 1 indikator (2 kenaikan skor):"
    )
    assert daftar == "- Latih Pokja → skor Pokja KKB 3 → 4"
    kosong = ev.kalimat_target(
        "KKB X",
        DATA_TIDAK_CUKUP,
        _rencana([("rencana", "data_tidak_cukup", pd.NA, "OUTPUT", *[pd.NA] * 7)]),
    )
    assert kosong == [
        "Target tingkat tahun depan untuk KKB X belum dapat ditentukan: rencana tidak dapat "
        "dihitung: indeks output data tidak cukup."
    ]


def test_kalimat_rekonsiliasi():
    ok = pd.DataFrame(
        {
            "file": ["a", "b"],
            "baris_dibaca": [10, 1200],
            "baris_dimuat": [9, 1200],
            "baris_ditolak": [1, 0],
        }
    )
    assert ev.kalimat_rekonsiliasi(ok) == (
        "Seluruh berkas: 1.210 baris dibaca = 1.209 dimuat + 1 ditolak; setiap berkas memenuhi "
        "rekonsiliasi dibaca = dimuat + ditolak."
    )
    salah = ok.assign(baris_dimuat=[8, 1200])
    kal = ev.kalimat_rekonsiliasi(salah)
    assert (
        "1.210 baris dibaca ≠ 1.208 dimuat + 1 ditolak" in kal and "TIDAK terpenuhi untuk: a" in kal
    )


def test_kalimat_konvergensi_dan_kelengkapan():
    kal = ev.kalimat_konvergensi("KKB X", ["a", "c"], [("b", "Advokasi")], 25.0, (8, 100.0))
    assert kal == (
        "Intervensi lintas sektor di KKB X mencakup 2 dari 8 area program Inpres 3/2022 (25,0%): "
        "area a dan c. Belum ada intervensi lintas sektor untuk area b (Advokasi). Untuk seluruh "
        "KKB kota digabung, 8 dari 8 area tercakup (100,0%)."
    )
    assert DATA_TIDAK_CUKUP in ev.kalimat_konvergensi("KKB X", [], [], pd.NA)
    kal = ev.kalimat_kelengkapan(
        "KKB X", {"Balita": "lengkap", "UMKM": "sebagian", "DTKS": "tidak ada"}, 100 / 3
    )
    assert kal == (
        "Dari 9 domain data, 1 lengkap di KKB X (skor kelengkapan 33,3%). Domain sebagian: UMKM. "
        "Domain tidak ada: DTKS."
    )
    assert ev.kalimat_sebaran(9, 13) == "dimiliki 9 dari 13 KKB"


def test_register_covers_methodology_and_settings():
    """Every [asumsi] key of docs/metodologi.md §16 is declared, and exists in the settings."""
    from kkb_analysis.config import load_settings

    declared = [k for k, _, _ in ev.ASUMSI]
    assert set(_kunci_register()) == set(declared)
    settings = load_settings()
    for k in declared:
        ev.ambil_pengaturan(settings, k)


# ------------------------------------------------------------------------------- chart
def _texts(fig) -> list[str]:
    fig.canvas.draw()
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def test_chart_fungsi_keluarga():
    fk = pd.DataFrame(
        {
            "wilayah_id": ["kkb:X"] * 3 + ["kkb:Y"] * 2,
            "kategori_fungsi": ["1", "2", "9", "1", "2"],
            "fungsi_keluarga": ["Keagamaan", "Sosialisasi dan pendidikan", "Lainnya"] * 1
            + ["Keagamaan", "Sosialisasi dan pendidikan"],
            "n_intervensi": [1234, 0, 2, 0, 0],
        }
    )
    g = intervensi_fungsi_keluarga(fk, "kkb:X", "Intervensi 2023", nama_wilayah="KKB X")
    teks = _texts(g.figure)
    assert "1.234" in teks and "0" in teks and "Keagamaan" in teks
    assert g.sumber.startswith("Sumber: Intervensi 2023") and g.judul.endswith("KKB X")
    assert "tidak ada intervensi" in _texts(
        intervensi_fungsi_keluarga(fk, "kkb:Y", "Intervensi 2023").figure
    )
    assert DATA_TIDAK_CUKUP in _texts(
        intervensi_fungsi_keluarga(fk, "kkb:Z", "Intervensi 2023").figure
    )
