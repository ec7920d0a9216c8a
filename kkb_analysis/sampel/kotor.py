"""Dirty rows injected into every data year (:func:`describe_dirty_rows` lists the kinds), so that
validation and quarantine have something to find.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv  # registers pa.csv

from kkb_analysis.sampel.arrays import angka_koma, digit, kolom_arrow, seri_teks

# Dirty rows: kind -> (file, base count per year at scale 1.0, description). Count at scale s is
# max(1, round(base * s)).
_KOTOR: dict[str, tuple[str, int, str]] = {
    "nik_15_digit": ("pk_anggota", 4, "NIK 15 digit (satu digit hilang)"),
    "nik_17_digit": ("pk_anggota", 3, "NIK 17 digit (satu digit berlebih)"),
    "nik_notasi_ilmiah": ("pk_anggota", 3, "NIK rusak oleh Excel, mis. 3.67205E+15"),
    "nik_beda_tgl_lahir": ("pk_anggota", 5, "bagian tanggal NIK tidak cocok dengan tanggal_lahir"),
    "nik_beda_jk": ("pk_anggota", 3, "hari NIK (+40 perempuan) tidak cocok dengan jenis_kelamin"),
    "anggota_tanpa_keluarga": ("pk_anggota", 4, "anggota yang keluarganya tidak ada (yatim)"),
    "keluarga_ganda": ("pk_keluarga", 3, "kunci keluarga (no_kk, no_urut_keluarga) ganda"),
    "kelurahan_tidak_dikenal": ("pk_keluarga", 2, "kode_kelurahan bukan salah satu dari 43"),
    "kb_laki_laki": ("pk_kb", 2, "baris PUS yang menunjuk anggota laki-laki"),
    "umur_istri_di_luar_rentang": ("pk_kb", 3, "umur_istri di luar 10–49"),
    "ber_kb_tanpa_metode": ("pk_kb", 3, "ber_kb = ya tetapi metode_kb kosong"),
    "identitas_pus_gagal": ("kkb_kkbpk", 2, "jumlah_pus ≠ Σ 7 metode + Σ 4 alasan"),
    "kkb_id_tidak_dikenal": ("kkb_intervensi", 2, "kkb_id tidak ada di kkb.csv"),
    "kategori_fungsi_tidak_dikenal": ("kkb_intervensi", 2, "kategori_fungsi di luar A.15"),
    "teks_di_kolom_angka": ("kkb_intervensi", 3, "teks di kolom angka (jumlah_peserta = 'dua')"),
    "tinggi_dalam_meter": ("eppgbm", 3, "Tinggi ditulis dalam meter (mis. 1,05)"),
    "tinggi_mustahil": ("eppgbm", 2, "Tinggi 250 cm"),
    "pengukuran_ganda": ("eppgbm", 5, "baris pengukuran ganda (anak dan tanggal sama)"),
    "ukur_sebelum_lahir": ("eppgbm", 3, "Tanggal Pengukuran sebelum Tgl Lahir"),
}

# Kinds whose rows break the NIK pattern of pk_anggota (used by tests and docs).
NIK_KOTOR = (
    "nik_15_digit",
    "nik_17_digit",
    "nik_notasi_ilmiah",
    "nik_beda_tgl_lahir",
    "nik_beda_jk",
)


def describe_dirty_rows(scale: float = 1.0) -> dict[str, dict[str, object]]:
    """Injected dirty-row kinds: {kind: {"file", "jumlah_per_tahun", "keterangan"}}.

    The count per year is max(1, round(base × scale)); the same for every data year.
    """
    return {
        jenis: {"file": file, "jumlah_per_tahun": max(1, round(dasar * scale)), "keterangan": ket}
        for jenis, (file, dasar, ket) in _KOTOR.items()
    }


def _sisipkan(
    df: pd.DataFrame,
    baru: pd.DataFrame,
    rng: np.random.Generator,
    setelah: np.ndarray | None = None,
) -> pd.DataFrame:
    """Insert rows at random positions (shortly after position `setelah[i]` when given)."""
    n = len(df)
    if setelah is None:
        posisi = rng.integers(0, n + 1, len(baru))
    else:
        posisi = np.minimum(np.asarray(setelah) + 1 + rng.integers(0, 40, len(baru)), n)
    urutan = np.argsort(np.concatenate([np.arange(n) * 2 + 1, posisi * 2]), kind="stable")
    kolom = {}
    for c in df.columns:
        a, b = df[c], baru[c]
        if isinstance(a.dtype, pd.ArrowDtype) or a.dtype == object or b.dtype == object:
            bagian = [kolom_arrow(a), kolom_arrow(b)]
            if bagian[0].type != bagian[1].type:
                bagian = [pc.cast(x, pa.large_string()) for x in bagian]
            gabung = pa.concat_arrays(bagian)
            kolom[c] = seri_teks(pc.take(gabung, pa.array(urutan)))
        else:
            kolom[c] = pd.concat([a, b], ignore_index=True).take(urutan).reset_index(drop=True)
    return pd.DataFrame(kolom)


def _no_kk_palsu(rng: np.random.Generator, ada: set[str], k: int) -> list[str]:
    """Well-formed 16-digit KK numbers that belong to no family of the file."""
    hasil: list[str] = []
    while len(hasil) < k:
        calon = "3672" + digit(rng, (1, 9, 2), (1, 29, 2), (1, 13, 2), (10, 23, 2), (9000, 9999, 4))
        if calon not in ada and calon not in hasil:
            hasil.append(calon)
    return hasil


def _kotori_nik(df: pd.DataFrame, rng: np.random.Generator, jumlah: dict[str, int]) -> None:
    """Break the NIK of a few pk_anggota rows (wrong length, Excel notation, date, sex)."""
    nik = df["nik"].to_numpy(dtype=object).copy()
    bersih = np.nonzero(pd.Series(nik).str.match(r"^3672\d{12}$").to_numpy())[0]
    total = sum(jumlah[j] for j in NIK_KOTOR)
    pilih = iter(rng.choice(bersih, total, replace=False))
    for jenis in NIK_KOTOR:
        for _ in range(jumlah[jenis]):
            i = next(pilih)
            s = nik[i]
            hari = int(s[6:8])
            if jenis == "nik_15_digit":
                nik[i] = s[:15]
            elif jenis == "nik_17_digit":
                nik[i] = s + str(int(rng.integers(0, 10)))
            elif jenis == "nik_notasi_ilmiah":
                nik[i] = f"{float(s):.5E}"
            elif jenis == "nik_beda_tgl_lahir":
                geser = hari % 40 + (1 if hari % 40 < 25 else -3)
                nik[i] = s[:6] + f"{geser + (40 if hari > 40 else 0):02d}" + s[8:]
            else:
                nik[i] = s[:6] + f"{hari - 40 if hari > 40 else hari + 40:02d}" + s[8:]
    df["nik"] = nik


def suntik_kotor(
    tabel: dict[str, pd.DataFrame], ekstra: dict, rng: np.random.Generator, skala: float
) -> None:
    """Inject every dirty-row kind of `describe_dirty_rows()` into the tables of one year."""
    j = {k: v["jumlah_per_tahun"] for k, v in describe_dirty_rows(skala).items()}
    kel = tabel["pk_keluarga"]
    ang = tabel["pk_anggota"]
    _kotori_nik(ang, rng, j)
    ada_kk = set(kel["no_kk"])
    # members of families that do not exist
    sumber = ang.iloc[rng.choice(len(ang), j["anggota_tanpa_keluarga"], replace=False)].copy()
    sumber["no_kk"] = _no_kk_palsu(rng, ada_kk, len(sumber))
    sumber["no_urut"] = 1
    ang = _sisipkan(ang, sumber, rng)
    # duplicate family keys and unknown kelurahan codes
    idx = rng.choice(len(kel), j["keluarga_ganda"], replace=False)
    kel_baru = _sisipkan(kel, kel.iloc[idx].copy(), rng, setelah=idx)
    asing = kel.iloc[rng.choice(len(kel), j["kelurahan_tidak_dikenal"], replace=False)].copy()
    asing["no_kk"] = _no_kk_palsu(rng, ada_kk | set(sumber["no_kk"]), len(asing))
    kode_salah = ["36.72.09.1001", "3672051004", "36.04.05.2001"]
    asing["kode_kelurahan"] = [kode_salah[i % 3] for i in range(len(asing))]
    tabel["pk_keluarga"] = _sisipkan(kel_baru, asing, rng)
    tabel["pk_anggota"] = ang
    _kotori_kb(tabel, ekstra, rng, j)
    _kotori_kkb(tabel, rng, j)
    _kotori_eppgbm(tabel, rng, j)


def _kotori_kb(
    tabel: dict[str, pd.DataFrame], ekstra: dict, rng: np.random.Generator, j: dict
) -> None:
    """pk_kb: a row for a husband, wives aged 50+, ber_kb = ya without a method."""
    kb = tabel["pk_kb"]
    pengguna = np.nonzero((kb["ber_kb"] == "ya").to_numpy())[0]
    pilih = rng.choice(pengguna, j["ber_kb_tanpa_metode"] + j["kb_laki_laki"], replace=False)
    tanpa = pilih[: j["ber_kb_tanpa_metode"]]
    kb.loc[tanpa, ["metode_kb", "tempat_pelayanan_kb"]] = None
    suami = kb.iloc[pilih[j["ber_kb_tanpa_metode"] :]].copy()
    suami["no_urut_istri"] = 1  # the head (husband) of these couple families
    tua = ekstra["kb_tua"].head(j["umur_istri_di_luar_rentang"])
    kb = _sisipkan(kb, suami, rng, setelah=pilih[j["ber_kb_tanpa_metode"] :])
    tabel["pk_kb"] = _sisipkan(kb, tua, rng)


def _kotori_kkb(tabel: dict[str, pd.DataFrame], rng: np.random.Generator, j: dict) -> None:
    """KKBPK identity breaks; interventions with unknown KKB/category or text in a number."""
    pk = tabel["kkb_kkbpk"]
    calon = np.nonzero(pk["bulan"].between(2, 11).to_numpy())[0]
    rusak = rng.choice(calon, j["identitas_pus_gagal"], replace=False)
    pk.loc[rusak, "jumlah_pus"] = pk.loc[rusak, "jumlah_pus"] + rng.integers(3, 12, len(rusak))
    iv = tabel["kkb_intervensi"]
    iv["jumlah_peserta"] = iv["jumlah_peserta"].astype(object)
    teks = rng.choice(len(iv), j["teks_di_kolom_angka"], replace=False)
    kata = ["dua", "tiga puluh", "±50", "sekitar 40"]
    iv.loc[teks, "jumlah_peserta"] = [kata[i % len(kata)] for i in range(len(teks))]
    tahun = str(iv["tanggal"].iloc[0])[:4]
    asing = iv.iloc[rng.choice(len(iv), j["kkb_id_tidak_dikenal"], replace=False)].copy()
    asing["kkb_id"] = "KKB-3672099999-01"
    asing["intervensi_id"] = [f"INT{tahun}-99{i + 1:03d}" for i in range(len(asing))]
    kat = iv.iloc[rng.choice(len(iv), j["kategori_fungsi_tidak_dikenal"], replace=False)].copy()
    kat["kategori_fungsi"] = [["Kesehatan", "Olahraga"][i % 2] for i in range(len(kat))]
    kat["intervensi_id"] = [f"INT{tahun}-98{i + 1:03d}" for i in range(len(kat))]
    tabel["kkb_intervensi"] = _sisipkan(_sisipkan(iv, asing, rng), kat, rng)


def _kotori_eppgbm(tabel: dict[str, pd.DataFrame], rng: np.random.Generator, j: dict) -> None:
    """e-PPGBM: heights in metres or impossible, duplicate rows, measured before birth."""
    ep = tabel["eppgbm"]
    teks = ep["Tinggi"].to_numpy(dtype=object).copy()
    angka = pd.to_numeric(pd.Series(teks).str.replace(",", "."), errors="coerce").to_numpy()
    n_t = j["tinggi_dalam_meter"] + j["tinggi_mustahil"]
    pilih = rng.choice(np.nonzero(angka > 90)[0], n_t, replace=False)
    meter = pilih[: j["tinggi_dalam_meter"]]
    teks[meter] = angka_koma(angka[meter] / 100, 2).to_pylist()
    teks[pilih[j["tinggi_dalam_meter"] :]] = "250"
    ep["Tinggi"] = teks
    lain = np.setdiff1d(np.arange(len(ep)), pilih)
    sebelum = rng.choice(lain, j["ukur_sebelum_lahir"], replace=False)
    ukur = ep["Tanggal Pengukuran"].to_numpy(dtype=object).copy()
    lahir = pd.to_datetime(ep["Tgl Lahir"].iloc[sebelum].to_numpy(dtype=object), format="%d/%m/%Y")
    mundur = pd.to_timedelta(rng.integers(5, 60, len(sebelum)), unit="D")
    ukur[sebelum] = (lahir - mundur).strftime("%d/%m/%Y").to_numpy()
    ep["Tanggal Pengukuran"] = ukur
    ganda = rng.choice(np.setdiff1d(lain, sebelum), j["pengukuran_ganda"], replace=False)
    tabel["eppgbm"] = _sisipkan(ep, ep.iloc[ganda].copy(), rng, setelah=ganda)
