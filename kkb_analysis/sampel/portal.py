"""KKB portal files of one data year: ``kkb`` (master), ``kkb_profil``, ``kkb_kkbpk`` (12 months),
``kkb_intervensi`` and ``kkb_umkm``, following the fixed tier design ``_DESAIN_TINGKAT``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kkb_analysis.anthro import HARI_PER_BULAN
from kkb_analysis.sampel.arrays import digit, iso, nomor_hari, sub_rng, ya_tidak_satu
from kkb_analysis.sampel.layout import KOLOM
from kkb_analysis.sampel.nama import beri_nama
from kkb_analysis.sampel.pk import DataPK
from kkb_analysis.sampel.populasi import Populasi
from kkb_analysis.sampel.wilayah import (
    KEC_PESISIR,
    KKB_RW,
    NAMA_POSYANDU,
    Wilayah,
    keanggotaan,
    kkb_aktif,
)

# Tier design of the KKB (indicators.md §2): (INPUT high, PROSES high, OUTPUT high) per kkb_id
# (order of wilayah.yaml) for 2022 and 2023 [asumsi: synthetic]. 2023: 4 Dasar, 4 Berkembang,
# 3 Mandiri, 2 Berkelanjutan; 2022 is one step lower for several KKB.
_DESAIN_TINGKAT: dict[int, list[tuple[int, int, int]]] = {
    2022: [(1, 0, 0), (1, 0, 1), (0, 1, 0), (0, 1, 1), (1, 1, 0), (1, 1, 0),
           (0, 0, 1), (1, 0, 0), (0, 0, 0), (1, 1, 0), (0, 0, 0), (0, 0, 0), (0, 0, 0)],
    2023: [(1, 0, 1), (1, 1, 1), (1, 1, 0), (0, 1, 1), (1, 1, 0), (1, 1, 1),
           (1, 0, 1), (1, 1, 0), (0, 0, 1), (1, 1, 0), (1, 0, 0), (0, 0, 0), (0, 1, 0)],
}  # fmt: skip
_KRITERIA_WILAYAH = [
    "padat;miskin_kota", "padat;miskin_kota", "industri;padat", "pesisir;industri",
    "padat;das", "padat", "miskin_kota;padat", "industri;padat", "pesisir;industri",
    "pesisir;padat", "bantaran_ka;padat", "padat;miskin_kota", "pesisir;industri",
]  # fmt: skip
_SINGKATAN_KEC = {
    "36.72.01": "Cbr", "36.72.02": "Clg", "36.72.03": "Plm", "36.72.04": "Cwd",
    "36.72.05": "Jbg", "36.72.06": "Grg", "36.72.07": "Pwk", "36.72.08": "Ctk",
}  # fmt: skip

# Inpres 3/2022 kegiatan used by the synthetic interventions (kkb-primer.md Appendix A):
# code -> (short title, kategori_fungsi id, sasaran ids).
_KEGIATAN: dict[str, tuple[str, str, str]] = {
    "a.01": ("Pemutakhiran data Rumah DataKu", "9", "1"),
    "a.02": ("Pelayanan adminduk keliling (KTP, KK, akta kelahiran)", "5", "1"),
    "b.01": ("Gerakan Masyarakat Hidup Sehat (GERMAS) dan senam bersama", "8", "1"),
    "b.02": ("Kunjungan keluarga PIS-PK", "3", "1"),
    "b.03": ("Kelas BKB: pengasuhan 1000 HPK", "6", "6"),
    "b.04": ("Pertemuan BKR: komunikasi orang tua dan remaja", "6", "7"),
    "b.05": ("Pertemuan BKL: lansia tangguh", "6", "8;4"),
    "b.06": ("Kegiatan PIK Remaja: kesehatan reproduksi remaja", "2", "3"),
    "b.07": ("KIE KB dan kesehatan reproduksi", "3", "2"),
    "b.08": ("Bimbingan perkawinan calon pengantin", "1", "9"),
    "b.09": ("Pengajian dan penyuluhan agama", "1", "1"),
    "b.10": ("Sosialisasi pencegahan kekerasan terhadap perempuan dan anak", "5", "1"),
    "b.11": ("Edukasi ASI eksklusif dan MP-ASI", "3", "6"),
    "c.01": ("Penggerakan pelayanan KB oleh PKB", "3", "2"),
    "c.02": ("Kelas ibu hamil dan ibu balita", "3", "6"),
    "c.03": ("Pembinaan posyandu", "3", "5"),
    "c.05": ("Pelayanan KB dan kespro (MKJP gratis)", "3", "2"),
    "c.06": ("Pertemuan P2K2 modul kesehatan dan gizi", "5", "9"),
    "d.01": ("Skrining kesehatan calon pengantin", "3", "9"),
    "d.02": ("Pendampingan calon pengantin 3 bulan pranikah", "3", "9"),
    "d.03": ("Pendampingan ibu hamil oleh TPK", "3", "2"),
    "d.05": ("Pemberian tablet tambah darah remaja putri", "3", "3"),
    "d.07": ("Pemantauan pertumbuhan balita di posyandu", "3", "5"),
    "d.08": ("Pemberian makanan tambahan baduta", "3", "5"),
    "d.12": ("Pelayanan KB pasca persalinan", "3", "2"),
    "d.13": ("Bantuan pangan bergizi ibu hamil dan baduta", "5", "6"),
    "d.14": ("Pendampingan keluarga balita oleh TPK", "3", "6"),
    "d.15": ("Dapur Sehat Atasi Stunting (DASHAT)", "4", "6"),
    "e.01": ("Penguatan PAUD", "2", "5"),
    "e.03": ("Pendidikan agama bagi keluarga (majelis taklim)", "1", "1"),
    "e.05": ("Pendataan penerima PIP", "2", "7"),
    "f.02": ("Penyaluran bantuan pangan non-tunai", "5", "9"),
    "f.03": ("Pendaftaran PBI JKN keluarga miskin", "5", "9"),
    "g.04": ("Bantuan modal usaha UPPKA", "4", "2"),
    "g.05": ("Bazar produk UMKM Kampung KB", "4", "1"),
    "g.06": ("Pelatihan pengemasan dan pemasaran daring UMKM", "4", "2"),
    "g.07": ("Pembinaan Kampung KB oleh Pokja", "9", "1"),
    "g.08": ("Pelatihan keterampilan usaha keluarga", "4", "2"),
    "g.09": ("Pembinaan usaha nelayan", "4", "9"),
    "h.01": ("Pemicuan STBM dan jamban sehat", "8", "1"),
    "h.02": ("Bedah rumah tidak layak huni", "8", "9"),
    "h.03": ("Gerakan jumantik dan PSN", "8", "1"),
}
# Non-KB instansi (A.17 ids) -> the kegiatan they typically run [asumsi].
_KEGIATAN_INSTANSI: dict[int, tuple[str, ...]] = {
    5: ("a.02",),
    19: ("b.01", "b.02", "b.11", "c.02", "d.03", "d.07"),
    30: ("c.02", "c.05", "d.01", "d.05", "d.07", "d.08", "h.03"),
    20: ("c.06", "f.02", "f.03"),
    22: ("e.01", "e.05"),
    18: ("b.08", "b.09", "e.03"),
    21: ("b.10",),
    10: ("g.04", "g.05", "g.06"),
    15: ("h.01", "h.02"),
    16: ("h.01", "h.03"),
    29: ("g.05", "h.02", "d.15"),
    9: ("g.06", "h.02", "d.13"),
    27: ("a.01", "c.03", "h.03"),
    32: ("b.09", "c.03", "g.05"),
    35: ("d.13", "d.15"),
    2: ("g.09",),
    28: ("e.01", "b.06"),
    31: ("c.05", "d.12"),
}
_KEGIATAN_KB = ("b.03", "b.04", "b.05", "b.06", "b.07", "c.01", "c.05", "d.02", "d.12",
                "d.14", "g.07", "g.08", "a.01")  # fmt: skip
_KEGIATAN_LAIN = (
    ("Peringatan Hari Keluarga Nasional (Harganas)", "7", "1"),
    ("Kerja bakti lingkungan", "8", "1"),
    ("Rapat koordinasi Pokja KKB", "9", "9"),
    ("Lomba kampung bersih dan sehat", "7", "1"),
)
_KATEGORI_LABEL = {
    "1": "Keagamaan", "2": "Pendidikan", "3": "Reproduksi", "4": "Ekonomi",
    "5": "Perlindungan", "6": "Kasih Sayang", "7": "Sosial Budaya",
    "8": "Pembinaan Lingkungan", "9": "Lainnya",
}  # fmt: skip
_SASARAN_LABEL = {
    "1": "Seluruh Penduduk", "2": "PUS", "3": "Remaja", "4": "Lansia", "5": "Balita",
    "6": "Keluarga yang memiliki Balita", "7": "Keluarga yang memiliki Remaja",
    "8": "Keluarga yang memiliki Lansia", "9": "Lainnya",
}  # fmt: skip

_UMKM_JENIS = (
    ("Kuliner", "Emping melinjo", "Emping"),
    ("Kuliner", "Sate bandeng", "Sate Bandeng"),
    ("Kuliner", "Kue basah dan jajanan pasar", "Kue"),
    ("Kuliner", "Keripik pisang dan singkong", "Keripik"),
    ("Kuliner", "Abon ikan", "Abon Ikan"),
    ("Kuliner", "Katering rumahan", "Katering"),
    ("Fashion", "Batik Cilegon", "Batik"),
    ("Fashion", "Jahit dan konveksi", "Konveksi"),
    ("Kerajinan", "Kerajinan daur ulang plastik", "Kriya"),
    ("Kerajinan", "Anyaman bambu", "Anyaman"),
    ("Jasa", "Laundry kiloan", "Laundry"),
    ("Jasa", "Salon dan rias pengantin", "Salon"),
    ("Perdagangan", "Warung sembako", "Warung"),
    ("Pertanian/Perikanan", "Budidaya lele", "Lele"),
    ("Pertanian/Perikanan", "Ikan asin", "Ikan Asin"),
    ("Lainnya", "Tanaman hias", "Tanaman Hias"),
)
_UMKM_NAMA = (
    "Berkah",
    "Barokah",
    "Mandiri",
    "Sejahtera",
    "Jaya",
    "Lestari",
    "Makmur",
    "Sumber Rezeki",
)


def _tanggal_pencanangan(wil: Wilayah, seed: int) -> np.ndarray:
    """Launch day of each KKB: 2016–2019 for the existing ones, early 2023 for the new ones."""
    rng = sub_rng(seed, 6)
    n = len(wil.kkb)
    lama = nomor_hari("2016-03-01") + rng.integers(0, 1300, n)
    baru = nomor_hari("2023-02-01") + rng.integers(0, 50, n)
    return np.where([bool(k.get("baru")) for k in wil.kkb], baru, lama)


def tabel_kkb(wil: Wilayah, tahun: int, seed: int) -> pd.DataFrame:
    """kkb.csv of a data year (the KKB attributes are fixed across years)."""
    pencanangan = _tanggal_pencanangan(wil, seed)
    nomor = sub_rng(seed, 6, 1).integers(10, 400, len(wil.kkb))
    baris = []
    for k in kkb_aktif(wil, tahun):
        i = k["indeks"]
        kel = k["kel"]
        tanggal = str(iso(np.array([pencanangan[i]]))[0])
        kec = wil.kec_kode[kel]
        rw_list = KKB_RW.get(i)
        baris.append(
            {
                "kkb_id": k["kkb_id"],
                "nama_kkb": f"Kampung KB {k['nama']}",
                "kode_kelurahan": wil.kode[kel],
                "cakupan_wilayah": "RW" if rw_list else "Desa",
                "rw_list": rw_list,
                "tanggal_pencanangan": tanggal,
                "regulasi_id": 3,
                "nomor_sk": f"400/{nomor[i]:03d}/SK-Camat.{_SINGKATAN_KEC[kec]}/{tanggal[:4]}",
                "kriteria_1_kb_rendah": "ya",
                "kriteria_2_miskin_tinggi": "ya" if i % 4 != 3 else "tidak",
                "kriteria_3_wilayah_khusus": "ya" if "pesisir" in _KRITERIA_WILAYAH[i] else "tidak",
                "kriteria_4_lainnya": "ya" if i in (4, 10) else "tidak",
                "kriteria_wilayah": _KRITERIA_WILAYAH[i],
                "latitude": f"{wil.lat[kel]:.6f}",
                "longitude": f"{wil.lon[kel]:.6f}",
                "status_aktif": "ya",
            }
        )
    return pd.DataFrame(baris, columns=KOLOM["kkb"])


def _desain(tahun: int, indeks: int) -> tuple[int, int, int]:
    """Designed (INPUT, PROSES, OUTPUT) high flags of a KKB in a year."""
    kunci = min(max(tahun, 2022), 2023)
    return _DESAIN_TINGKAT[kunci][indeks]


_FREKUENSI = {
    "op_rapat_perencanaan": ("Tahunan", "Semesteran"),
    "op_rapat_koordinasi": ("Triwulan", "Bulanan"),
    "op_sosialisasi": ("Bulanan", "Mingguan"),
    "op_monev": ("Triwulan", "Semesteran"),
    "op_laporan": ("Bulanan", "Triwulan"),
}


def tabel_profil(wil: Wilayah, tahun: int, seed: int) -> tuple[pd.DataFrame, dict[int, dict]]:
    """kkb_profil.csv: INPUT/PROSES fields that land each KKB on its designed tier."""
    rng = sub_rng(seed, 7, tahun)
    baris = []
    poktan_ada: dict[int, dict] = {}
    nama_pkb = beri_nama(
        rng, (rng.random(len(wil.kkb)) < 0.5).astype(np.int8), np.full(len(wil.kkb), 1985)
    )
    for k in kkb_aktif(wil, tahun):
        i = k["indeks"]
        tinggi_in, tinggi_pr, tinggi_out = _desain(tahun, i)
        r = {"kkb_id": k["kkb_id"], "tahun": tahun, "bulan": int(rng.choice([11, 12]))}
        r.update(_isi_input(rng, bool(tinggi_in), bool(tinggi_out)))
        r.update(_isi_proses(rng, bool(tinggi_pr)))
        if r["pkb_plkb_pendamping"] == "ya":
            # NIP: birth date YYYYMMDD, TMT YYYYMM, sex, serial (18 digits)
            r["pkb_nip"] = digit(
                rng, (1970, 1990, 4), (1, 13, 2), (1, 29, 2), (2005, 2020, 4), (1, 13, 2),
                (1, 3, 1), (1, 999, 3),
            )  # fmt: skip
            r["pkb_nama"] = nama_pkb[i]
        else:
            r["pendamping_lain"] = int(rng.choice([1, 2, 3, 8]))
        poktan_ada[i] = {
            p: r[f"poktan_{p}"] == "ya" for p in ("bkb", "bkr", "bkl", "uppka", "pikr")
        }
        baris.append(r)
    df = pd.DataFrame(baris).reindex(columns=KOLOM["kkb_profil"])
    df["pendamping_lain"] = df["pendamping_lain"].astype("Int64")
    return df, poktan_ada


def _isi_input(rng: np.random.Generator, tinggi: bool, poktan_lengkap: bool) -> dict:
    """INPUT fields: high → Σ scores ≥ 15 (index ≥ 3.00); low → Σ ≤ 14. A KKB with a high
    OUTPUT runs all five poktan (their participants feed the poktan rate)."""
    dana = ["dana_apbn", "dana_apbd", "dana_desa", "dana_hibah", "dana_csr", "dana_swadaya"]
    poktan = ["poktan_bkb", "poktan_bkr", "poktan_bkl", "poktan_uppka", "poktan_pikr"]
    if tinggi:
        n_dana = int(rng.choice([2, 3, 4, 5]))
        n_poktan, sarana, pelatihan, pkb = 5, (True, bool(rng.random() < 0.6)), True, True
    elif poktan_lengkap:  # 3 + 2 + 4 + 2 + (2|3) ≤ 14
        n_dana, n_poktan, sarana, pelatihan = 1, 5, (True, False), False
        pkb = bool(rng.random() < 0.75)
    else:
        n_dana = int(rng.choice([1, 2]))
        n_poktan, sarana, pelatihan = int(rng.choice([2, 3, 4])), (True, False), False
        pkb = bool(rng.random() < 0.75)
    # APBD first (every KKB gets city money); no Dana Desa in a city of kelurahan
    urutan = ["dana_apbd", "dana_swadaya", "dana_apbn", "dana_csr", "dana_hibah", "dana_desa"]
    pilih_dana = set(urutan[:n_dana])
    pilih_poktan = set(
        ["poktan_bkb", "poktan_bkl", "poktan_bkr", "poktan_pikr", "poktan_uppka"][:n_poktan]
    )
    jumlah = int(rng.integers(9, 26))
    r = {
        "pokja_ada": "ya",
        "pokja_sk_ada": "ya" if rng.random() < 0.85 else "tidak",
        "pokja_pelatihan": ya_tidak_satu(pelatihan),
        "pokja_pelatihan_ket": "Orientasi Pokja Kampung KB oleh DP3AP2KB" if pelatihan else None,
        "pokja_jumlah": jumlah,
        "pokja_terlatih": int(rng.integers(3, jumlah)) if pelatihan else 0,
        "pkb_plkb_pendamping": ya_tidak_satu(pkb),
        "regulasi_ada": "ya",
        "rkm_ada": "ya" if (tinggi or rng.random() < 0.4) else "tidak",
        "sekretariat": ya_tidak_satu(sarana[0]),
        "rumah_dataku": ya_tidak_satu(sarana[1]),
    }
    r.update({d: "ya" if d in pilih_dana else "tidak" for d in dana})
    r.update({p: "ya" if p in pilih_poktan else "tidak" for p in poktan})
    return r


def _isi_proses(rng: np.random.Generator, tinggi: bool) -> dict:
    """PROSES fields from the profile: data use and operational mechanisms."""
    data = ["data_pk", "data_rutin_bkkbn", "data_potensi_desa", "data_sektoral", "data_lainnya"]
    n_data = int(rng.choice([2, 3, 4])) if tinggi else int(rng.choice([1, 2]))
    n_op = int(rng.choice([4, 5])) if tinggi else 3
    r = {d: "ya" if j < n_data else "tidak" for j, d in enumerate(data)}
    r["penggunaan_data_ada"] = "ya"
    for j, (op, frek) in enumerate(_FREKUENSI.items()):
        ada = j < n_op
        r[op] = ya_tidak_satu(ada)
        r[f"{op}_frekuensi"] = frek[int(rng.random() < 0.3)] if ada else None
    return r


def _target_output(rng: np.random.Generator, tinggi: bool) -> dict[str, float]:
    """KKBPK targets (December): high → OUTPUT index ≥ 3 (scores 3/4/4/3), low → 9 points."""
    if tinggi:
        return {"cpr": rng.uniform(53, 58), "mkjp": rng.uniform(26, 30),
                "unmet": rng.uniform(7.2, 8.6), "poktan": rng.uniform(23, 28)}  # fmt: skip
    return {"cpr": rng.uniform(43, 48), "mkjp": rng.uniform(20.3, 21.8),
            "unmet": rng.uniform(10.3, 11.7), "poktan": rng.uniform(12, 18)}  # fmt: skip


def _bagi_bulat(total: int, bobot: np.ndarray) -> np.ndarray:
    """Split an integer total by weights (largest remainder)."""
    bobot = np.asarray(bobot, dtype=float)
    dasar = total * bobot / bobot.sum()
    hasil = np.floor(dasar).astype(np.int64)
    sisa = total - hasil.sum()
    hasil[np.argsort(-(dasar - hasil), kind="stable")[:sisa]] += 1
    return hasil


def _penyebut_poktan(pk: DataPK, pop: Populasi) -> dict[int, dict[str, int]]:
    """PK denominators of the poktan rates per KKB (indicators.md §4)."""
    umur_bln = pk.umur_hari / HARI_PER_BULAN
    umur_th = pk.umur_hari / 365.2425
    kunci = pd.Series(pop.fam[pk.orang])
    kkb_f = pd.Series(pk.kkb, index=pk.fam)
    kkb_a = kkb_f.reindex(kunci).to_numpy()
    hasil = {}
    for i in np.unique(pk.kkb[pk.kkb >= 0]):
        m = kkb_a == i
        fam = kunci[m]
        hasil[int(i)] = {
            "bkb": fam[umur_bln[m] < 60].nunique(),
            "bkr": fam[(umur_th[m] >= 10) & (umur_th[m] < 25)].nunique(),
            "bkl": fam[umur_th[m] >= 60].nunique(),
            "uppka": int((pk.kkb == i).sum()),
            "pikr": int(((umur_th[m] >= 10) & (umur_th[m] < 25)).sum()),
        }
    return hasil


def tabel_kkbpk(
    wil: Wilayah, tahun: int, seed: int, pk: DataPK, poktan_ada: dict[int, dict], pop: Populasi
) -> pd.DataFrame:
    """kkb_kkbpk.csv: 12 months per KKB, PUS identity exact, PUS close to the PK PUS."""
    rng = sub_rng(seed, 8, tahun)
    kb = pk.kb
    kkb_kb = pd.Series(pk.kkb, index=pk.fam).reindex(pk.kb_fam).to_numpy()
    pus_pk = pd.Series(kb["umur_istri"].to_numpy() >= 15).groupby(kkb_kb).sum()
    penyebut = _penyebut_poktan(pk, pop)
    baris = []
    for k in kkb_aktif(wil, tahun):
        i = k["indeks"]
        target = _target_output(rng, bool(_desain(tahun, i)[2]))
        dasar = max(int(pus_pk.get(i, 0)), 8)
        peserta = _peserta_poktan(rng, penyebut.get(i, {}), poktan_ada[i], target["poktan"])
        for bulan in range(1, 13):
            t = (12 - bulan) / 11.0
            pus = round(dasar * (0.965 + 0.004 * bulan + rng.normal(0, 0.006)))
            r = {"kkb_id": k["kkb_id"], "tahun": tahun, "bulan": bulan}
            r.update(_partisi_kb(rng, pus, target, t))
            for p, v in peserta.items():
                faktor = 1.0 if bulan == 12 else rng.uniform(0.85, 1.02)
                r[f"peserta_{p}"] = int(min(round(v * faktor), penyebut.get(i, {}).get(p, 0)))
            baris.append(r)
    return pd.DataFrame(baris, columns=KOLOM["kkb_kkbpk"])


def _partisi_kb(rng: np.random.Generator, pus: int, target: dict, t: float) -> dict[str, int]:
    """Users by 7 methods and non-users by 4 reasons that add up exactly to the PUS."""
    cpr = target["cpr"] - 2.0 * t
    mkjp = target["mkjp"] - 1.0 * t
    unmet = target["unmet"] + 1.0 * t
    pengguna = round(pus * cpr / 100)
    n_mkjp = round(pengguna * mkjp / 100)
    n_unmet = round(pus * unmet / 100)
    hamil = round(pus * rng.uniform(0.035, 0.055))
    ias = pus - pengguna - n_unmet - hamil
    if ias < 0:
        hamil = max(0, hamil + ias)
        ias = pus - pengguna - n_unmet - hamil
    iud, mow, mop, implan = _bagi_bulat(n_mkjp, np.array([0.36, 0.17, 0.02, 0.45]))
    kondom, suntik, pil = _bagi_bulat(pengguna - n_mkjp, np.array([0.05, 0.70, 0.25]))
    iat = round(n_unmet * rng.uniform(0.4, 0.6))
    return {
        "kb_iud": int(iud), "kb_mow": int(mow), "kb_mop": int(mop), "kb_kondom": int(kondom),
        "kb_implan": int(implan), "kb_suntik": int(suntik), "kb_pil": int(pil),
        "tidak_kb_hamil": hamil, "tidak_kb_ingin_anak_segera": int(ias),
        "tidak_kb_iat": iat, "tidak_kb_tial": n_unmet - iat,
        "pengguna_bpjs": round(pengguna * rng.uniform(0.35, 0.5)), "jumlah_pus": pus,
    }  # fmt: skip


def _peserta_poktan(
    rng: np.random.Generator, penyebut: dict[str, int], ada: dict[str, bool], target: float
) -> dict[str, int]:
    """December poktan participants so that the portal poktan % is close to the target."""
    relatif = {"bkb": 1.7, "bkr": 1.05, "bkl": 1.35, "uppka": 0.25, "pikr": 0.65}
    hasil = {}
    for p, r in relatif.items():
        d = penyebut.get(p, 0)
        hasil[p] = round(d * min(0.9, target / 100 * r * rng.uniform(0.9, 1.1))) if ada[p] else 0
    # correct BKB so that the rounded mean of the five rounded rates hits the target
    persen = {p: round(100 * v / penyebut[p]) if penyebut.get(p) else 0 for p, v in hasil.items()}
    if ada["bkb"] and penyebut.get("bkb"):
        lain = sum(v for p, v in persen.items() if p != "bkb")
        perlu = min(45.0, max(0.0, 5 * target - lain))
        hasil["bkb"] = round(penyebut["bkb"] * perlu / 100)
    return hasil


_INSTANSI_UMUM = [19, 30, 27, 20, 22, 5, 10, 15, 29, 18, 21, 9, 35, 32, 16, 28, 31]


def tabel_intervensi(wil: Wilayah, tahun: int, seed: int, kode: dict) -> pd.DataFrame:
    """kkb_intervensi.csv: 15–60 activities per KKB; non-KB agencies follow the PROSES design."""
    rng = sub_rng(seed, 9, tahun)
    label = kode["instansi"]["kode"]
    alias: dict[str, list[str]] = {}
    for a, i in kode["instansi"]["alias"].items():
        alias.setdefault(str(i), []).append(a)
    pencanangan = _tanggal_pencanangan(wil, seed)
    baris = []
    for k in kkb_aktif(wil, tahun):
        i = k["indeks"]
        tinggi_pr = bool(_desain(tahun, i)[1])
        mulai = nomor_hari(f"{tahun}-01-02")
        mulai = max(mulai, int(pencanangan[i]) + 7)
        akhir = nomor_hari(f"{tahun}-12-20")
        n = int(rng.integers(15, 61))
        kandidat = list(_INSTANSI_UMUM)
        if wil.kec_kode[k["kel"]] in KEC_PESISIR:
            kandidat.append(2)
        n_pool = int(rng.integers(5, 10)) if tinggi_pr else int(rng.integers(1, 4))
        pool = (list(rng.choice(kandidat[:6], n_pool, replace=False)) if not tinggi_pr
                else list(rng.choice(kandidat, n_pool, replace=False)))  # fmt: skip
        tanggal = np.sort(rng.integers(mulai, akhir, n))
        for j in range(n):
            ids, keg = _pilih_kegiatan(rng, j, pool, tinggi_pr)
            baris.append(
                _baris_intervensi(rng, k, wil, tahun, j, tanggal[j], ids, keg, label, alias)
            )
    return pd.DataFrame(baris, columns=KOLOM["kkb_intervensi"])


def _pilih_kegiatan(
    rng: np.random.Generator, j: int, pool: list[int], tinggi_pr: bool
) -> tuple[list[int], str | None]:
    """Instansi ids and Inpres kegiatan of the j-th activity (every pool agency at least once)."""
    if j < len(pool):
        utama = int(pool[j])
        ids = [utama] + ([26] if rng.random() < 0.5 else [])
        return ids, str(rng.choice(_KEGIATAN_INSTANSI[utama]))
    u = rng.random()
    if u < (0.45 if tinggi_pr else 0.25):
        utama = int(rng.choice(pool))
        ids = [utama, 26] if rng.random() < 0.5 else [utama]
        if tinggi_pr and rng.random() < 0.3:
            ids.append(int(rng.choice(pool)))
        return sorted(set(ids), key=ids.index), str(rng.choice(_KEGIATAN_INSTANSI[utama]))
    if u < 0.9:
        ids = [[26], [26, 34], [34], [26, 32]][int(rng.integers(0, 4))]
        if 32 in ids and 32 not in pool and not tinggi_pr:
            ids = [26]
        return ids, str(rng.choice(_KEGIATAN_KB))
    return [26], None


def _baris_intervensi(
    rng: np.random.Generator, k: dict, wil: Wilayah, tahun: int, j: int, tanggal: int,
    ids: list[int], keg: str | None, label: dict, alias: dict[str, list[str]],
) -> dict:  # fmt: skip
    """One kkb_intervensi row (mixed id/name/alias spellings, as typed by different staff)."""
    if keg is None:
        judul, fungsi, sasaran = _KEGIATAN_LAIN[int(rng.integers(0, len(_KEGIATAN_LAIN)))]
        program = None
    else:
        judul, fungsi, sasaran = _KEGIATAN[keg]
        program = keg[0]
    rw = int(rng.integers(1, wil.n_rw[k["kel"]] + 1))
    tempat = [
        f"Balai Warga RW {rw:03d}",
        f"Aula Kantor Kelurahan {wil.nama[k['kel']]}",
        f"Posyandu {NAMA_POSYANDU[(rw + k['kel']) % len(NAMA_POSYANDU)]} {rw:02d}",
        f"Sekretariat Kampung KB {k['nama']}",
        f"Masjid Jami RW {rw:03d}",
    ][int(rng.integers(0, 5))]
    teks_instansi = []
    for i in ids:
        u = rng.random()
        if u < 0.6 or str(i) not in alias:
            teks_instansi.append(str(i))
        elif u < 0.8:
            teks_instansi.append(str(label[str(i)]))
        else:
            teks_instansi.append(str(rng.choice(alias[str(i)])))
    u = rng.random()
    keg_out, prog_out = keg, program
    if keg is not None and u < 0.2:
        prog_out = None
    elif keg is not None and u < 0.3:
        keg_out = None
    sasaran_out = (
        sasaran if rng.random() < 0.5 else ";".join(_SASARAN_LABEL[s] for s in sasaran.split(";"))
    )
    dana = [
        "APBD",
        "APBN",
        "Perusahaan (CSR)",
        "Swadaya Masyarakat",
        "Donasi/Hibah Masyarakat",
        None,
    ]
    return {
        "intervensi_id": f"INT{tahun}-{k['indeks'] + 1:02d}{j + 1:03d}",
        "kkb_id": k["kkb_id"],
        "tanggal": str(iso(np.array([tanggal]))[0]),
        "judul": judul,
        "tempat": tempat,
        "deskripsi": f"{judul} di Kampung KB {k['nama']}, {tempat}.",
        "kategori_fungsi": _KATEGORI_LABEL[fungsi] if rng.random() < 0.7 else fungsi,
        "sasaran": sasaran_out,
        "instansi": ";".join(teks_instansi),
        "inpres_program": prog_out,
        "inpres_kegiatan_id": keg_out,
        "jumlah_peserta": int(rng.integers(12, 121)),
        "sumber_dana": dana[int(rng.choice(6, p=[0.45, 0.15, 0.15, 0.15, 0.05, 0.05]))],
        "jenis_post": "Sebelum-Sesudah" if (program == "h" or rng.random() < 0.08) else "Kegiatan",
    }


def master_umkm(wil: Wilayah, pop: Populasi, seed: int) -> pd.DataFrame:
    """All UMKM of the KKB over the data years, each with an owner family in its KKB area."""
    rng = sub_rng(seed, 10)
    akhir = len(pop.tahun) - 1
    tetap = (pop.masuk == 0) & (pop.keluar == akhir)
    kkb_f = keanggotaan(wil, pop.tahun[-1], pop.kel, pop.rw)
    baris = []
    for k in wil.kkb:
        i = k["indeks"]
        calon = np.nonzero(tetap & (kkb_f == i))[0]
        n = min(int(rng.integers(3, 13)), len(calon))
        pemilik = rng.choice(calon, n, replace=False)
        mulai_min = int(k.get("baru", pop.tahun[0]))
        for j, f in enumerate(pemilik):
            jenis, produk, singkat = _UMKM_JENIS[int(rng.integers(0, len(_UMKM_JENIS)))]
            mulai = mulai_min if rng.random() < 0.8 else max(mulai_min, pop.tahun[-1])
            nama = f"{singkat} {_UMKM_NAMA[int(rng.integers(0, len(_UMKM_NAMA)))]}"
            baris.append(
                {
                    "umkm_id": f"UMKM-{k['kkb_id'][4:14]}-{j + 1:02d}",
                    "kkb_id": k["kkb_id"],
                    "nama_usaha": nama,
                    "jenis_usaha": jenis,
                    "produk_unggulan": produk,
                    "unggulan": "ya" if (j < 2 or rng.random() < 0.3) else "tidak",
                    "no_kk_pemilik": str(pop.no_kk[f]),
                    "anggota_uppka": "ya" if rng.random() < 0.5 else "tidak",
                    "jumlah_tenaga_kerja": str(int(rng.integers(1, 9))),
                    "omzet_bulanan_kelas": str(
                        rng.choice(["<1jt", "1-5jt", "5-15jt", ">15jt"], p=[0.3, 0.45, 0.2, 0.05])
                    ),
                    "nib": "ya" if rng.random() < 0.6 else "tidak",
                    "pirt": "ya" if (jenis == "Kuliner" and rng.random() < 0.6) else "tidak",
                    "halal": "ya" if (jenis == "Kuliner" and rng.random() < 0.4) else "tidak",
                    "pembinaan_opd": (
                        "Dinas Koperasi dan UKM: pelatihan pemasaran daring"
                        if rng.random() < 0.5
                        else None
                    ),
                    "bantuan_modal": "ya" if rng.random() < 0.25 else "tidak",
                    "_mulai": mulai,
                    "_fam": int(f),
                }
            )
    return pd.DataFrame(baris)
