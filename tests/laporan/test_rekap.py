"""City summary (kkb_analysis.laporan.rekap) on a small built sample city.

Expected values are read independently from the processed tables with pandas and formatted with
format.py; they are never copied from the sections' own output.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from IPython import display as ipy_display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from kkb_analysis.config import get_paths
from kkb_analysis.laporan import rekap
from kkb_analysis.laporan.format import format_angka, format_nilai, format_persen
from kkb_analysis.nilai import bulatkan
from tests.eksekusi import eksekusi_notebook

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "rekap_kota.ipynb"
TAHUN = 2023
JAHAT = "<script>alert('x')</script> & Co $x^2$"
URUT = {"Dasar": 1, "Berkembang": 2, "Mandiri": 3, "Berkelanjutan": 4}


@pytest.fixture(scope="module")
def olahan(data_dir):
    """The processed tables, read directly (independent of rekap.muat_kota)."""
    folder = Path(data_dir) / "processed" / str(TAHUN)
    wide = pd.read_parquet(folder / "out_wilayah.parquet")
    return {
        "wide": wide,
        "kkb": wide[wide["jenis_wilayah"] == "kkb"],
        "kota": wide[wide["jenis_wilayah"] == "kota"].iloc[0],
        "luar": wide[wide["jenis_wilayah"] == "kota_luar_kkb"].iloc[0],
        "lalu": pd.read_parquet(Path(data_dir) / "processed" / "2022" / "out_wilayah.parquet"),
        "kelengkapan": pd.read_parquet(folder / "out_kelengkapan.parquet"),
        "core_kkb": pd.read_parquet(folder / "core_kkb.parquet"),
        "muat": pd.read_csv(folder / "ringkasan_muat.csv"),
    }


@pytest.fixture
def r(data_dir):
    return rekap.muat_kota(TAHUN, data_dir)


def _teks_tampil(objek) -> str:
    return "\n".join(
        o.data for o in objek if isinstance(o, (ipy_display.HTML, ipy_display.Markdown))
    )


def _sel(tabel: pd.DataFrame, kunci: str, nilai: str, kolom: str) -> str:
    return tabel.loc[tabel[kunci] == nilai, kolom].item()


def _pendek(nama) -> str:
    return str(nama).removeprefix("Kampung KB ")


def _gerak_diharapkan(kkb: pd.DataFrame, lalu: pd.DataFrame) -> dict[str, int]:
    ada_lalu = set(lalu["wilayah_id"])
    hitung = {"naik": 0, "tetap": 0, "turun": 0, "baru": 0, "tidak dapat dinilai": 0}
    for _, row in kkb.iterrows():
        a, b = row["tingkat_sebelumnya"], row["tingkat"]
        if a == "belum_kkb" or (pd.isna(a) and row["wilayah_id"] not in ada_lalu):
            hitung["baru"] += 1
        elif pd.isna(a) or a not in URUT or b not in URUT:
            hitung["tidak dapat dinilai"] += 1
        elif URUT[b] > URUT[a]:
            hitung["naik"] += 1
        elif URUT[b] < URUT[a]:
            hitung["turun"] += 1
        else:
            hitung["tetap"] += 1
    return hitung


# ------------------------------------------------------------------------------------ loading
def test_muat_kota(r, olahan):
    assert r.tahun == TAHUN
    assert len(r.kkb) == len(olahan["kkb"]) == 13
    assert r.wilayah_sebelumnya is not None
    assert r.kotak == {"lintang": (-6.2, -5.8), "bujur": (105.85, 106.2)}
    assert {"latitude", "longitude"} <= set(r.kkb_master.columns)
    assert len(r.ringkasan_muat) == len(olahan["muat"])


def test_muat_kota_missing_year(data_dir):
    with pytest.raises(rekap.LaporanError, match=r"kkb bangun --tahun 2019' dulu"):
        rekap.muat_kota(2019, data_dir)


def test_muat_kota_missing_table(tmp_path):
    folder = get_paths(data_dir=tmp_path).processed_year(TAHUN)
    folder.mkdir(parents=True)
    with pytest.raises(rekap.LaporanError, match=r"tidak ada: out_wilayah\.parquet"):
        rekap.muat_kota(TAHUN, tmp_path)


# ---------------------------------------------------------------------------------- sections
def test_sampul(r, tampil):
    b = rekap.sampul(r)
    assert "Tahun 2023" in b.judul
    assert b.angka["Cakupan"] == f"{format_angka(len(r.kkb))} Kampung KB aktif"
    assert "PK 2023" in b.teks_gabungan and "e-PPGBM 2023" in b.teks_gabungan
    assert "<h1" in _teks_tampil(tampil)


def test_ringkasan(r, olahan, tampil):
    b = rekap.ringkasan(r)
    kkb = olahan["kkb"]
    assert b.angka["Jumlah Kampung KB aktif"] == format_angka(len(kkb))
    for tier in URUT:
        assert b.angka[f"Tingkat {tier}"] == f"{format_angka((kkb['tingkat'] == tier).sum())} KKB"
    gerak = _gerak_diharapkan(kkb, olahan["lalu"])
    for k in ("naik", "tetap", "turun", "baru"):
        assert b.angka[f"Perubahan sejak 2022: {k}"] == f"{format_angka(gerak[k])} KKB"
    assert "Pesan kunci:" in b.teks
    pesan = [t for t in b.teks if t[:2] in {f"{i}." for i in range(1, 10)}]
    assert 3 <= len(pesan) <= 5
    tinggi = kkb["tingkat"].isin(["Mandiri", "Berkelanjutan"]).sum()
    assert pesan[0].startswith(f"1. {format_angka(tinggi)} dari {format_angka(len(kkb))} KKB")
    assert f"Dibanding 2022: {format_angka(gerak['naik'])} naik tingkat" in pesan[1]
    assert b.sumber_angka.startswith("Sumber: Profil KKB 2023")
    assert tampil


def test_tabel_liga_values(r, olahan, tampil):
    b = rekap.tabel_liga(r)
    (judul_1, t1), (judul_2, t2) = b.tabel.items()
    assert "(1/2)" in judul_1 and "(2/2)" in judul_2
    kkb = olahan["kkb"]
    assert len(t1) == len(t2) == len(kkb) + 1  # + the city row
    assert t1["Kampung KB"].tolist() == t2["Kampung KB"].tolist()
    for _, row in kkb.iterrows():
        nama = _pendek(row["nama_wilayah"])
        assert _sel(t1, "Kampung KB", nama, "Tingkat") == row["tingkat"]
        assert _sel(t1, "Kampung KB", nama, "Indeks output") == format_angka(row["index_output"], 2)
        assert _sel(t1, "Kampung KB", nama, "Kelengkapan data") == format_persen(
            row["kelengkapan_pct"]
        )
        assert _sel(t1, "Kampung KB", nama, "Konvergensi") == format_persen(row["konvergensi_pct"])
        assert _sel(t2, "Kampung KB", nama, "iBangga") == format_angka(row["indeks_ibangga"], 2)
        assert _sel(t2, "Kampung KB", nama, "KRS") == format_persen(row["krs_pct"])
        assert _sel(t2, "Kampung KB", nama, "CPR") == format_persen(row["cpr_pct"])
        assert _sel(t2, "Kampung KB", nama, "Unmet need") == format_persen(row["unmet_need_pct"])
        stunting = _sel(t2, "Kampung KB", nama, "Stunting (n balita)")
        assert stunting.startswith(format_persen(row["stunting_pct"]))
        assert stunting.endswith(f"={chr(0xA0)}{format_angka(row['n_balita_diukur'])})")
    kota = olahan["kota"]
    baris_kota = t2.iloc[-1]
    assert baris_kota["Peringkat"] == "–"
    assert baris_kota["KRS"] == format_persen(kota["krs_pct"])
    assert any(s.startswith("Sumber: Profil KKB 2023") for s in b.sumber_tabel.values())


def test_tabel_liga_order_follows_rule(r, olahan, tampil):
    """Tier first, then the ranking score (printed in the table), then the name."""
    t = next(iter(rekap.tabel_liga(r).tabel.values())).iloc[:-1]
    skor = [float(v.replace(",", ".")) for v in t["Skor peringkat"]]
    u = [URUT.get(v, 0) for v in t["Tingkat"]]
    kunci = [(-a, -b, n) for a, b, n in zip(u, skor, t["Kampung KB"], strict=True)]
    assert kunci == sorted(kunci)
    peringkat = [int(p) for p in t["Peringkat"]]
    assert peringkat[0] == 1
    for i in range(1, len(t)):
        sama = u[i] == u[i - 1] and skor[i] == skor[i - 1]
        assert peringkat[i] == (peringkat[i - 1] if sama else i + 1)


def test_urutan_liga_hand_made():
    """Two ranking indicators (settings), both spread enough:

    nama  tingkat        index_output  krs_pct (lower better)  scaled out, krs  skor
    A     Mandiri        3.0           20                       0.5, 0.5          50
    B     Berkelanjutan  2.0           30                       0,   0            0
    C     Mandiri        4.0           10                       1,   1            100
    D     Mandiri        2.0           20                       0,   0.5          25
    E     data tidak cukup  –          –                        –                 –

    Order: B (best tier), then Mandiri by score C, A, D, then E; ranks 1, 2, 3, 4, 5.
    """
    df = pd.DataFrame(
        {
            "nama_wilayah": ["A", "B", "C", "D", "E"],
            "tingkat": ["Mandiri", "Berkelanjutan", "Mandiri", "Mandiri", pd.NA],
            "index_output": [3.0, 2.0, 4.0, 2.0, pd.NA],
            "krs_pct": [20.0, 30.0, 10.0, 20.0, pd.NA],
        }
    )
    cfg = {"peringkat": {"indikator": ["index_output", "krs_pct"], "beda_minimal": 0.02}}
    out = rekap.urutan_liga(df, cfg)
    assert out["nama_wilayah"].tolist() == ["B", "C", "A", "D", "E"]
    assert out["skor_peringkat"].tolist()[:4] == [0.0, 100.0, 50.0, 25.0]
    assert out["peringkat"].tolist() == [1, 2, 3, 4, 5]
    # A and a copy of A with the same tier and score share the rank
    dua = rekap.urutan_liga(pd.concat([df, df.iloc[[0]].assign(nama_wilayah="A2")]), cfg)
    assert dua["nama_wilayah"].tolist()[:4] == ["B", "C", "A", "A2"]
    assert dua["peringkat"].tolist()[:4] == [1, 2, 3, 3]


def test_sebaran_tingkat_movements(r, olahan, tampil):
    b = rekap.sebaran_tingkat(r)
    gerak = _gerak_diharapkan(olahan["kkb"], olahan["lalu"])
    ringkas = b.tabel["Jumlah KKB menurut perubahan tingkat 2022–2023"]
    for k, n in gerak.items():
        assert _sel(ringkas, "Perubahan", k, "Jumlah KKB") == format_angka(n)
    per_kkb = b.tabel["Perubahan tingkat 2022–2023 per Kampung KB"]
    assert len(per_kkb) == len(olahan["kkb"])
    for _, row in olahan["kkb"].iterrows():
        nama = _pendek(row["nama_wilayah"])
        assert _sel(per_kkb, "Kampung KB", nama, "Tingkat 2023") == row["tingkat"]
        lalu = row["tingkat_sebelumnya"]
        if lalu == "belum_kkb":  # the code of the data, in words
            assert _sel(per_kkb, "Kampung KB", nama, "Tingkat 2022") == "belum menjadi KKB"
        elif not pd.isna(lalu):
            assert _sel(per_kkb, "Kampung KB", nama, "Tingkat 2022") == lalu
    assert gerak["baru"] == 2  # Sukmajaya and Banjar Negara are new in 2023
    g = b.grafik[0]
    assert g.sumber.startswith("Sumber: Profil KKB 2023")
    tinggi = sorted(
        int(p.get_height()) for p in g.figure.axes[0].patches if p.get_gid() == "tingkat_2023"
    )
    assert sum(tinggi) == len(olahan["kkb"])


def test_pergerakan_without_previous_year(r):
    r.wilayah_sebelumnya = None
    r.tabel["out_wilayah"] = r.wilayah.drop(columns="tingkat_sebelumnya")
    gerak = rekap.pergerakan(r)
    assert set(gerak["perubahan"]) == {"tidak dapat dinilai"}


def _titik_peta(g) -> int:
    ax = g.figure.axes[0]
    return sum(len(c.get_offsets()) for c in ax.collections if str(c.get_gid()).startswith("kkb_"))


def test_peta_one_point_per_kkb(r, olahan, tampil):
    core = olahan["core_kkb"]
    aktif = core[core["kkb_id"].isin(olahan["kkb"]["kkb_id"])]
    n_koordinat = int((aktif["latitude"].notna() & aktif["longitude"].notna()).sum())
    b = rekap.peta(r)
    assert _titik_peta(b.grafik[0]) == n_koordinat
    assert b.angka["KKB dengan koordinat"] == format_angka(n_koordinat)
    assert b.angka["KKB tanpa koordinat"] == format_angka(len(aktif) - n_koordinat)
    labels = [t for t in b.grafik[0].figure.axes[0].texts if t.get_gid() == "label_kkb"]
    assert len(labels) == n_koordinat
    assert "Data KKB 2023 (koordinat)" in b.grafik[0].sumber


def test_peta_says_how_many_without_coordinates(r, olahan, tampil):
    master = r.kkb_master.copy()
    hilang = olahan["kkb"]["kkb_id"].iloc[0]
    master.loc[master["kkb_id"] == hilang, ["latitude", "longitude"]] = float("nan")
    r.kkb_master = master
    b = rekap.peta(r)
    assert _titik_peta(b.grafik[0]) == len(olahan["kkb"]) - 1
    assert b.angka["KKB tanpa koordinat"] == "1"
    nama = olahan["kkb"]["nama_wilayah"].iloc[0]
    assert f"1 KKB tanpa koordinat tidak digambar: {_pendek(nama)}" in b.teks_gabungan


def test_peta_labels_do_not_overlap(r, tampil):
    g = rekap.peta(r).grafik[0]
    fig = g.figure
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    kotak = [
        Text.get_window_extent(t, canvas.get_renderer())  # the text only, not its leader line
        for t in fig.axes[0].texts
        if t.get_gid() == "label_kkb"
    ]
    for i, a in enumerate(kotak):
        for b in kotak[i + 1 :]:
            assert not a.overlaps(b)


def test_heatmap_sign_and_city_values(r, olahan, tampil):
    b = rekap.heatmap_indikator(r)
    selisih, _ = rekap.selisih_kota(r)
    kota = olahan["luar"]  # the city outside every KKB, not a total that contains the KKB
    baris = olahan["kkb"].iloc[0]
    nama = _pendek(baris["nama_wilayah"])
    # lower is better → sign inverted; higher is better → as is
    assert math.isclose(
        selisih.loc[nama, "KRS"], -(float(baris["krs_pct"]) - float(kota["krs_pct"]))
    )
    assert math.isclose(selisih.loc[nama, "CPR"], float(baris["cpr_pct"]) - float(kota["cpr_pct"]))
    tabel = next(iter(b.tabel.values()))
    kolom_nilai = f"Nilai {kota['nama_wilayah']}"
    assert _sel(tabel, "Singkatan di grafik", "KRS", kolom_nilai) == format_persen(kota["krs_pct"])
    assert _sel(tabel, "Singkatan di grafik", "iBangga", kolom_nilai) == format_angka(
        kota["indeks_ibangga"], 2
    )
    assert "tandanya dibalik" in b.teks[0] and "hijau" in b.teks[0]
    teks_sel = {t.get_text() for t in b.grafik[0].figure.axes[0].texts}
    d = -(float(baris["krs_pct"]) - float(kota["krs_pct"]))
    assert format_angka(d, 1).lstrip("+") in {s.lstrip("+") for s in teks_sel}
    label_x = " ".join(t.get_text() for t in b.grafik[0].figure.axes[0].get_xticklabels())
    assert f"luar KKB {format_persen(kota['krs_pct'])}" in label_x.replace("\n", " ")
    assert b.grafik[0].sumber.startswith("Sumber: PK 2023")


def test_kkb_vs_wilayah(r, olahan, tampil):
    b = rekap.kkb_vs_wilayah(r)
    (judul_r, ringkas), (judul_t, tabel) = b.tabel.items()
    luar = olahan["luar"]
    assert _sel(tabel, "Jenis", "Kota di luar KKB", "KRS") == format_persen(luar["krs_pct"])
    assert _sel(tabel, "Jenis", "Kota", "CPR") == format_persen(olahan["kota"]["cpr_pct"])
    kkb = olahan["kkb"]
    assert (tabel["Jenis"] == "KKB").sum() == len(kkb)
    sisa = olahan["wide"][olahan["wide"]["jenis_wilayah"] == "sisa_kelurahan"]
    assert (tabel["Jenis"] == "Sisa kelurahan").sum() == int((sisa["n_keluarga"] > 0).sum())
    # KKB whose unmet need is meaningfully higher than the city outside any KKB: the printed
    # values (1 decimal, half-up) differ by at least the default 1 point (metodologi §20.2)
    buruk = sum(
        bulatkan(v, 1) - bulatkan(luar["unmet_need_pct"], 1) >= 1
        for v in kkb["unmet_need_pct"].dropna()
    )
    sel = _sel(ringkas, "Indikator", "Unmet need", "KKB lebih buruk daripada kota di luar KKB")
    assert sel == f"{format_angka(buruk)} dari {format_angka(kkb['unmet_need_pct'].notna().sum())}"
    assert judul_t.endswith("2023") and b.sumber_tabel[judul_r].startswith("Sumber: PK 2023")


def test_per_kecamatan(r, olahan, tampil):
    b = rekap.per_kecamatan(r)
    tabel = next(iter(b.tabel.values()))
    kec = olahan["wide"][olahan["wide"]["jenis_wilayah"] == "kecamatan"]
    assert len(tabel) == len(kec) + 1 == 9
    for _, row in kec.iterrows():
        nama = row["nama_wilayah"]
        assert _sel(tabel, "Kecamatan", nama, "KRS") == format_persen(row["krs_pct"])
        assert _sel(tabel, "Kecamatan", nama, "Keluarga (PK)") == format_angka(row["n_keluarga"])
        kode = row["wilayah_id"].removeprefix("kec:")
        n_kkb = int((olahan["kkb"]["kode_kecamatan"] == kode).sum())
        assert _sel(tabel, "Kecamatan", nama, "Jumlah KKB") == format_angka(n_kkb)
    assert tabel["Kecamatan"].iloc[-1] == olahan["kota"]["nama_wilayah"]


def test_kualitas_data(r, olahan, tampil):
    b = rekap.kualitas_data(r)
    (_, per_kkb), (_, muat) = b.tabel.items()
    kel = olahan["kelengkapan"]
    nama = dict(zip(olahan["kkb"]["kkb_id"], olahan["kkb"]["nama_wilayah"], strict=True))
    for kkb_id, grup in kel.groupby("kkb_id"):
        lengkap = int((grup["status"] == "lengkap").sum())
        tidak_ada = 9 - lengkap - int((grup["status"] == "sebagian").sum())
        status = (
            "Baik"
            if lengkap == 9
            else "Cukup"
            if lengkap >= rekap.AMBANG_CUKUP and tidak_ada == 0
            else "Kurang"
        )
        n = _pendek(nama[kkb_id])
        assert _sel(per_kkb, "Kampung KB", n, "Status") == status
        assert _sel(per_kkb, "Kampung KB", n, "Domain lengkap") == f"{lengkap} dari 9"
    asli = olahan["muat"]
    assert len(muat) == len(asli)
    for _, row in asli.iterrows():
        assert _sel(muat, "Berkas", row["file"], "Baris dibaca") == format_angka(
            row["baris_dibaca"]
        )
        assert _sel(muat, "Berkas", row["file"], "Ditolak") == format_angka(row["baris_ditolak"])
    assert "&#x27;" not in b.html  # no apostrophe mangled by the Markdown escaping


def test_status_kualitas_hand_made():
    """9 domains lengkap → Baik; 7 lengkap + 2 sebagian → Cukup; 8 lengkap + 1 absent → Kurang."""
    baris = []
    for kkb_id, status in (
        ("A", ["lengkap"] * 9),
        ("B", ["lengkap"] * 7 + ["sebagian"] * 2),
        ("C", ["lengkap"] * 8 + ["tidak ada"]),
        ("D", ["lengkap"] * 6 + ["sebagian"] * 3),
    ):
        baris += [
            {"kkb_id": kkb_id, "no": i, "nama_domain": f"D{i}", "status": s}
            for i, s in enumerate(status, start=1)
        ]
    out = rekap.status_kualitas(pd.DataFrame(baris)).set_index("kkb_id")
    assert out["status"].to_dict() == {"A": "Baik", "B": "Cukup", "C": "Kurang", "D": "Kurang"}
    assert out.loc["C", "domain_belum_lengkap"] == "D9 (tidak ada)"


def test_pesan_kunci_hand_made():
    """Three KKB against a city with CPR 60 and stunting 5:

    nama  tingkat     cpr   stunting (e-PPGBM, n = 1,000; city 500 of 10,000)
    A     Dasar       50    10   (both worse; stunting interval about +3.2 to +7.1 points)
    B     Mandiri     70    8    (stunting worse: about +1.4 to +4.9 points)
    C     Berkembang  65    4    (interval about −2.1 to +0.5 points: setara)
    """
    kkb = pd.DataFrame(
        {
            "kkb_id": ["a", "b", "c"],
            "nama_wilayah": ["A", "B", "C"],
            "tingkat": ["Dasar", "Mandiri", "Berkembang"],
            "cpr_pct": [50.0, 70.0, 65.0],
            "stunting_pct": [10.0, 8.0, 4.0],
            "n_stunting": [100, 80, 40],
            "n_balita_diukur": [1000, 1000, 1000],
        }
    )
    kota = pd.Series(
        {"cpr_pct": 60.0, "stunting_pct": 5.0, "n_stunting": 500, "n_balita_diukur": 10000}
    )
    gerak = pd.DataFrame(
        {"nama": ["A", "B", "C"], "perubahan": ["turun", "naik", "baru"]},
    )
    kualitas = pd.DataFrame({"kkb_id": ["a", "b", "c"], "status": ["Kurang", "Cukup", "Baik"]})
    pesan = rekap.pesan_kunci(kkb, kota, gerak, kualitas, 2023)
    assert pesan[0] == (
        "1 dari 3 KKB sudah berada pada tingkat Mandiri atau Berkelanjutan; 1 masih Dasar (A)."
    )
    assert pesan[1] == (
        "Dibanding 2022: 1 naik tingkat, 0 tetap, 1 turun, dan 1 baru dibentuk; yang turun: A."
    )
    assert pesan[2] == (
        "Prevalensi stunting (e-PPGBM 2023) lebih buruk daripada angka kota di luar KKB (5,0%) "
        "di 2 dari 3 KKB; terburuk di A (10,0%)."
    )
    assert pesan[3] == (
        "CPR (PK 2023) lebih buruk daripada angka kota di luar KKB (60,0%) di 1 dari 3 KKB; "
        "terburuk di A (50,0%)."
    )
    assert pesan[4].startswith("Kualitas data 1 KKB berstatus Kurang: A")
    # a CPR 0.3 points below the city is setara, not worse (default minimal difference 1 point)
    kkb_dekat = kkb.assign(cpr_pct=[59.7, 70.0, 65.0])
    pesan = rekap.pesan_kunci(kkb_dekat, kota, gerak, kualitas, 2023)
    assert not any(p.startswith("CPR") for p in pesan)


def test_lampiran(r, tampil):
    b = rekap.lampiran(r)
    assert "laporan evaluasi per Kampung KB" in b.teks[0]
    glos = b.tabel["Glosarium"]
    assert {"KRS", "CPR", "PK", "e-PPGBM", "KKB"} <= set(glos["Istilah"])
    assert "PK 2023" in b.teks_gabungan and "e-PPGBM 2023" in b.teks_gabungan


def test_every_table_and_chart_has_a_source(r, tampil):
    for fungsi in (
        rekap.tabel_liga,
        rekap.sebaran_tingkat,
        rekap.peta,
        rekap.heatmap_indikator,
        rekap.kkb_vs_wilayah,
        rekap.per_kecamatan,
        rekap.kualitas_data,
    ):
        b = fungsi(r)
        for judul in b.tabel:
            assert b.sumber_tabel[judul].startswith("Sumber: "), (fungsi.__name__, judul)
            assert "2023" in b.sumber_tabel[judul]
        for g in b.grafik:
            assert g.sumber.startswith("Sumber: ") and "2023" in g.sumber


def test_escaping_hostile_kkb_name(r, tampil):
    wide = r.wilayah.copy()
    wide["nama_wilayah"] = wide["nama_wilayah"].astype("string")
    dasar = r.kkb[r.kkb["tingkat"] == "Dasar"]  # Dasar KKB are named in the key messages
    kkb_id = (dasar if not dasar.empty else r.kkb)["kkb_id"].iloc[0]
    wide.loc[wide["wilayah_id"] == f"kkb:{kkb_id}", "nama_wilayah"] = JAHAT
    r.tabel["out_wilayah"] = wide
    fungsi = (
        rekap.ringkasan,
        rekap.tabel_liga,
        rekap.sebaran_tingkat,
        rekap.peta,
        rekap.heatmap_indikator,
        rekap.kkb_vs_wilayah,
        rekap.kualitas_data,
    )
    for f in fungsi:
        b = f(r)
        assert "<script>" not in b.html, f.__name__
        if f not in (rekap.peta, rekap.heatmap_indikator):  # these name it in the chart only
            assert JAHAT in b.teks_gabungan, f.__name__  # the plain return keeps the text
            assert "&lt;script&gt;" in b.html, f.__name__
        for g in b.grafik:
            g.ke_png()  # "$x^2$" must not be parsed as mathtext
            teks = [t.get_text() for ax in g.figure.axes for t in ax.texts]
            teks += [t.get_text() for ax in g.figure.axes for t in ax.get_yticklabels()]
            if f in (rekap.peta, rekap.heatmap_indikator):
                assert any("<script>" in t and r"\$x^2\$" in t for t in teks), f.__name__
    shown = _teks_tampil(tampil)
    assert "<script>" not in shown
    assert "&lt;script&gt;" in shown


# ---------------------------------------------------------------------------------- notebook
def test_execute_rekap_notebook(data_dir, tmp_path, monkeypatch):
    keluaran, teks = eksekusi_notebook(
        NOTEBOOK,
        tmp_path / "rekap_kota.ipynb",
        {"tahun": TAHUN, "data_dir": str(data_dir)},
        monkeypatch,
    )
    assert "Ringkasan Kota" in teks
    assert format_nilai(TAHUN, "tahun") in teks
    # tiers, map, heatmap: as PNG outputs or as PNG data URIs inside the HTML figures
    gambar = sum("image/png" in o.get("data", {}) for o in keluaran)
    assert gambar + teks.count("data:image/png;base64,") == 3
