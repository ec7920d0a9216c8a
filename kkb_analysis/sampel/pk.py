"""Pendataan Keluarga files of one data year: ``pk_anggota``, ``pk_keluarga`` and ``pk_kb``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from kkb_analysis.anthro import HARI_PER_BULAN
from kkb_analysis.sampel.arrays import (
    angka_koma,
    bingkai,
    int_kosong,
    komponen,
    label_dari,
    logistik,
    logit,
    nol,
    phi,
    pilih_baris,
    pilih_teks,
    sub_rng,
    tanggal_teks,
    teks_angka,
    umur_tahun,
    ya_tidak,
)
from kkb_analysis.sampel.layout import KOLOM
from kkb_analysis.sampel.populasi import Populasi
from kkb_analysis.sampel.wilayah import KEC_PESISIR, Wilayah


@dataclass
class DataPK:
    """PK tables of one year plus the arrays the other files need."""

    tahun: int
    keluarga: pd.DataFrame
    anggota: pd.DataFrame
    kb: pd.DataFrame
    fam: np.ndarray  # master family index of each pk_keluarga row
    kkb: np.ndarray  # KKB index of each pk_keluarga row (-1 outside)
    orang: np.ndarray  # master person index of each pk_anggota row
    umur_hari: np.ndarray  # per pk_anggota row
    kb_fam: np.ndarray  # master family index of each pk_kb row


_SEKOLAH_UMUR = [5, 6, 7, 12, 13, 15, 16, 18, 19, 22, 25]
_SEKOLAH_P = [0.45, 0.8, 0.985, 0.985, 0.95, 0.93, 0.82, 0.72, 0.35, 0.15, 0.02]
# pendidikan_tertinggi 1..8 by birth cohort (adults not in school) [asumsi]
_PEND_KOHORT = np.array([
    [0.005, 0.015, 0.12, 0.20, 0.48, 0.06, 0.115, 0.005],   # born ≥ 1989
    [0.01, 0.03, 0.20, 0.20, 0.40, 0.05, 0.10, 0.01],       # 1974–1988
    [0.03, 0.08, 0.33, 0.17, 0.27, 0.04, 0.07, 0.01],       # 1959–1973
    [0.12, 0.18, 0.38, 0.12, 0.13, 0.02, 0.04, 0.01],       # < 1959
])  # fmt: skip


def _status_sekolah(pop: Populasi, o: np.ndarray, umur: np.ndarray) -> np.ndarray:
    """status_sekolah (A.33) for members 5+: 1 never, 2 still in school, 3 left school."""
    p = np.interp(umur, _SEKOLAH_UMUR, _SEKOLAH_P)
    miskin = pop.kesejahteraan[pop.fam[o]] < -1.0
    p = np.where(miskin & (umur >= 13), p - 0.08, p)
    masih = pop.u["sekolah"][o] < p
    th_lahir = komponen(pop.lahir[o])[0]
    p_tak = np.select([th_lahir < 1955, th_lahir < 1980], [0.10, 0.04], 0.01)
    tak_pernah = (umur < 7) | (pop.u["tak_pernah"][o] < p_tak)
    status = np.where(masih, 2, np.where(tak_pernah, 1, 3))
    return np.where(umur >= 5, status, 0)


def _pendidikan(pop: Populasi, o: np.ndarray, umur: np.ndarray, sekolah: np.ndarray) -> np.ndarray:
    """pendidikan_tertinggi (A.32) from age, school status and birth cohort."""
    th_lahir = komponen(pop.lahir[o])[0]
    kohort = np.select([th_lahir >= 1989, th_lahir >= 1974, th_lahir >= 1959], [0, 1, 2], 3)
    u = pop.u["pend"][o]
    dewasa = pilih_baris(u, _PEND_KOHORT[kohort]) + 1
    dewasa = np.where(umur < 21, np.minimum(dewasa, 5), dewasa)
    dewasa = np.where(umur < 23, np.minimum(dewasa, 6), dewasa)
    sesuai_umur = np.select([umur < 7, umur < 13, umur < 16, umur < 19], [1, 2, 3, 4], 5)
    putus = np.select([umur < 7, umur < 13, umur < 16, umur < 19], [1, 2, 3, 3 + (u > 0.4)], 0)
    hasil = np.where(sekolah == 2, sesuai_umur, np.where(umur < 19, putus, dewasa))
    hasil = np.where((sekolah == 2) & (umur >= 23) & (u > 0.5), 6, hasil)
    return np.where(sekolah == 1, 1, hasil)


_KERJA_L = ([8, 1, 3, 2, 12, 4, 7, 5, 6], [0.22, 0.07, 0.005, 0.01, 0.06, 0.08, 0.12, 0.36, 0.05])
_KERJA_P = ([8, 9, 1, 12, 4, 7, 5, 6], [0.07, 0.53, 0.05, 0.02, 0.10, 0.05, 0.14, 0.04])
_KERJA_L_TUA = ([8, 1, 2, 12, 4, 7, 11], [0.08, 0.35, 0.03, 0.07, 0.12, 0.10, 0.25])
_KERJA_P_TUA = ([1, 9, 12, 4, 11], [0.25, 0.55, 0.05, 0.10, 0.05])
_KERJA_L_MUDA = ([1, 8, 4, 12], [0.45, 0.40, 0.10, 0.05])
_KERJA_P_MUDA = ([1, 9, 8, 12], [0.50, 0.30, 0.15, 0.05])


def _pekerjaan(
    pop: Populasi, wil: Wilayah, o: np.ndarray, umur: np.ndarray, sekolah: np.ndarray
) -> np.ndarray:
    """pekerjaan (A.34) from age, sex, school status, welfare and the coast (nelayan)."""
    u = pop.u["kerja"][o]
    jk = pop.jk[o]
    hasil = np.zeros(len(o), dtype=np.int64)
    pesisir = np.isin(wil.kec_kode[pop.kel[pop.fam[o]]], list(KEC_PESISIR))
    kelompok = [
        ((jk == 0) & (umur >= 20) & (umur < 60) & ~pesisir, _KERJA_L),
        ((jk == 0) & (umur >= 20) & (umur < 60) & pesisir,
         (_KERJA_L[0], [0.20, 0.07, 0.04, 0.01, 0.06, 0.08, 0.12, 0.33, 0.05])),
        ((jk == 1) & (umur >= 20) & (umur < 60), _KERJA_P),
        ((jk == 0) & (umur >= 60), _KERJA_L_TUA),
        ((jk == 1) & (umur >= 60), _KERJA_P_TUA),
        ((jk == 0) & (umur >= 15) & (umur < 20), _KERJA_L_MUDA),
        ((jk == 1) & (umur >= 15) & (umur < 20), _KERJA_P_MUDA),
    ]  # fmt: skip
    for m, (kode, p) in kelompok:
        kum = np.cumsum(p) / np.sum(p)
        hasil[m] = np.asarray(kode)[np.searchsorted(kum, u[m], side="right").clip(0, len(kode) - 1)]
    hasil = np.where((umur >= 10) & (umur < 15), 1, hasil)
    hasil = np.where((umur >= 10) & (sekolah == 2), 10, hasil)
    return np.where(umur < 10, 0, hasil)


def _atribut_anggota(
    pop: Populasi, wil: Wilayah, o: np.ndarray, umur_hari: np.ndarray
) -> dict[str, np.ndarray]:
    """Age-dependent member attributes of one year (codes; 0 = empty)."""
    umur = umur_hari / 365.2425
    f = pop.fam[o]
    sekolah = _status_sekolah(pop, o, umur)
    th_lahir = komponen(pop.lahir[o])[0]
    p_akta = np.select([th_lahir >= 2005, th_lahir >= 1980], [0.93, 0.82], 0.55)
    p_akta = p_akta + 0.04 * np.tanh(pop.kesejahteraan[f])
    p_akta = p_akta * np.minimum(1.0, 0.45 + umur)
    jkn_kel = pop.jkn[f]
    jkn = np.where(pop.u["jkn"][o] < 0.93, jkn_kel, np.where(jkn_kel == 4, 2, 4))
    jkn = np.where((umur < 1) & (pop.u["jkn"][o] < 0.45), 4, jkn)
    kawin = np.where((pop.hub[o] == 3) & (umur < 20), 1, pop.kawin[o])
    p_dis = 0.006 + 0.0007 * np.maximum(0, umur - 40)
    return {
        "status_sekolah": sekolah,
        "pendidikan_tertinggi": _pendidikan(pop, o, umur, sekolah),
        "pekerjaan": _pekerjaan(pop, wil, o, umur, sekolah),
        "akta_lahir": np.where(pop.u["akta"][o] < p_akta, 1, 2),
        "jaminan_kesehatan": jkn,
        "status_kawin": kawin,
        "disabilitas": pop.u["dis"][o] < p_dis,
    }


def tabel_anggota(
    pop: Populasi, wil: Wilayah, yi: int, rng: np.random.Generator, skala: float
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """pk_anggota of year index yi; returns (table, person index, age in days, no_urut)."""
    o = np.nonzero(pop.hadir[:, yi])[0]
    f = pop.fam[o]
    ref = pop.tgl[f, yi]
    umur_hari = ref - pop.lahir[o]
    no_urut = pd.Series(f).groupby(f, sort=False).cumcount().to_numpy() + 1
    peta = np.full(len(pop.fam), -1, dtype=np.int64)
    peta[o] = no_urut
    ibu = pop.ibu[o]
    no_ibu = np.where(ibu >= 0, peta[np.maximum(ibu, 0)], -1)
    at = _atribut_anggota(pop, wil, o, umur_hari)
    nik = pop.nik[o].copy()
    _pasang_nik_khusus(rng, nik, umur_hari, skala)
    df = bingkai(
        {
            "no_kk": teks_angka(pop.no_kk[f]),
            "no_urut_keluarga": pop.no_urut_kel[f],
            "no_urut": no_urut,
            "nik": teks_angka(nik),
            "nama": pop.nama[o],
            "jenis_kelamin": pilih_teks(pop.jk[o] == 1, "P", "L"),
            "tanggal_lahir": tanggal_teks(pop.lahir[o]),
            "hubungan_kk": pop.hub[o],
            "status_kawin": at["status_kawin"],
            "akta_lahir": at["akta_lahir"],
            "jaminan_kesehatan": at["jaminan_kesehatan"],
            "agama": pop.agama[f],
            "pendidikan_tertinggi": at["pendidikan_tertinggi"],
            "status_sekolah": int_kosong(at["status_sekolah"], at["status_sekolah"] > 0),
            "pekerjaan": int_kosong(at["pekerjaan"], at["pekerjaan"] > 0),
            "disabilitas": ya_tidak(at["disabilitas"]),
            "no_urut_ibu": int_kosong(no_ibu, no_ibu > 0),
        }
    )
    return df, o, umur_hari, no_urut


def _pasang_nik_khusus(
    rng: np.random.Generator, nik: np.ndarray, umur_hari: np.ndarray, skala: float
) -> None:
    """Replace a few NIKs by the Dukcapil sentinels (…5 no NIK < 17, …6 ≥ 17, …9 WNA, …4)."""
    k = max(1, round(4 * skala))
    muda = np.nonzero(umur_hari < 17 * 365)[0]
    tua = np.nonzero(umur_hari >= 17 * 365)[0]
    pilih = rng.choice(muda, min(k, len(muda)), replace=False)
    nik[pilih] = 9999999999999995
    sisa = rng.choice(tua, min(3 * k, len(tua)), replace=False)
    nik[sisa[:k]] = 9999999999999996
    nik[sisa[k : 2 * k]] = 9999999999999999
    nik[sisa[2 * k :]] = 9999999999999994


_ITEM_PK = {
    # column: (base share "Ya", welfare slope)
    "p01_ibadah": (0.95, 0.3),
    "p02_buku_nikah": (0.965, 0.4),
    "p03a_tanpa_tegur_sapa": (0.03, -0.3),
    "p03b_pisah_ranjang": (0.02, -0.3),
    "p03c_pergi_dari_rumah": (0.01, -0.3),
    "p03d_kdrt": (0.006, -0.3),
    "p04_sumber_penghasilan": (0.82, 1.0),
    "p05_makanan_beragam": (0.68, 0.9),
    "punya_tabungan": (0.28, 1.0),
    "berobat_faskes": (0.76, 0.5),
    "akses_media_online": (0.52, 0.9),
    "makan_bersama": (0.55, 0.3),
    "komunikasi_keluarga": (0.62, 0.3),
    "rekreasi": (0.15, 0.8),
    "kegiatan_sosial": (0.38, 0.3),
}


def _jawaban_pk(pop: Populasi, seed: int, yi: int, f: np.ndarray) -> dict[str, np.ndarray]:
    """Family answers Ya/Tidak of the PK items (persistent across years, small yearly noise)."""
    tahun = pop.tahun[yi]
    w = pop.kesejahteraan[f]
    pasangan = pop.tipe[f] == 0
    hasil = {}
    for i, (kolom, (p0, b)) in enumerate(_ITEM_PK.items()):
        z_tetap = sub_rng(seed, 2, i).normal(0, 1, len(pop.kel))[f]
        z_tahun = sub_rng(seed, 3, tahun, i).normal(0, 1, len(pop.kel))[f]
        u = phi(0.9 * z_tetap + 0.436 * z_tahun)
        geser = 0.06 * (tahun - 2023) * np.sign(b)
        p = logistik(logit(p0) + b * w + geser)
        jawab = (u < p).astype(np.int64)
        if kolom in ("p02_buku_nikah", "p03b_pisah_ranjang"):
            jawab[~pasangan] = 2
        hasil[kolom] = label_dari(jawab, ["Tidak", "Ya", "Tidak berlaku"])
    return hasil


def rumah_keluarga(pop: Populasi, seed: int) -> dict[str, np.ndarray]:
    """Persistent housing, water and sanitation codes of every master family."""
    rng = sub_rng(seed, 4)
    n = len(pop.kel)
    w = pop.kesejahteraan
    u = rng.random((n, 8))

    def kode(uu: np.ndarray, kodes: list[int], p: list[float]) -> np.ndarray:
        return np.asarray(kodes)[np.searchsorted(np.cumsum(p) / sum(p), uu, side="right")]

    tidak_layak_air = u[:, 0] < logistik(-3.6 - 0.8 * w)
    air = np.where(
        tidak_layak_air,
        kode(u[:, 1], [5, 6, 7, 8, 9, 10], [0.55, 0.15, 0.1, 0.1, 0.05, 0.05]),
        kode(u[:, 1], [1, 2, 3, 4], [0.55, 0.15, 0.22, 0.08]),
    )
    p2 = logistik(-3.2 - 0.7 * w)
    p4 = logistik(-4.6 - 0.8 * w)
    bab = np.select([u[:, 2] < p4, u[:, 2] < p4 + p2, u[:, 2] < p4 + p2 + 0.07], [4, 2, 3], 1)
    lantai = np.where(
        u[:, 3] < logistik(-3.0 - 0.9 * w),
        kode(u[:, 4], [4, 5, 6, 7], [0.4, 0.2, 0.3, 0.1]),
        kode(u[:, 4], [1, 2, 3], [0.7, 0.27, 0.03]),
    )
    dinding = np.where(
        u[:, 5] < logistik(-3.3 - 0.9 * w),
        kode(u[:, 4], [3, 4, 5], [0.5, 0.4, 0.1]),
        kode(u[:, 4], [1, 2], [0.95, 0.05]),
    )
    atap = np.where(
        u[:, 6] < logistik(-4.2 - 0.9 * w),
        kode(u[:, 4], [5, 6], [0.8, 0.2]),
        kode(u[:, 4], [1, 2, 3, 4], [0.08, 0.62, 0.28, 0.02]),
    )
    luas = np.clip(np.exp(np.log(42) + 0.25 * w + 0.35 * rng.normal(0, 1, n)), 12, 400)
    return {
        "sumber_air_minum_utama": air,
        "fasilitas_bab": bab,
        "luas_lantai_m2": np.round(luas * 2) / 2,
        "jenis_lantai": lantai,
        "jenis_dinding": dinding,
        "jenis_atap": atap,
        "sumber_penerangan": kode(u[:, 7], [1, 2, 3], [0.985, 0.01, 0.005]),
        "kepemilikan_rumah": np.where(
            (pop.tipe == 0) & (pop.masuk > 0),
            kode(u[:, 7], [1, 2, 3, 5], [0.3, 0.55, 0.13, 0.02]),
            kode(u[:, 7], [1, 2, 3, 4, 5], [0.70, 0.20, 0.07, 0.01, 0.02]),
        ),
    }


def tabel_keluarga(
    pop: Populasi, wil: Wilayah, rumah: dict, seed: int, yi: int, jumlah: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray]:
    """pk_keluarga of year index yi (families present, with their member counts)."""
    f = np.nonzero((pop.masuk <= yi) & (pop.keluar >= yi))[0]
    jawab = _jawaban_pk(pop, seed, yi, f)
    kolom = {
        "no_kk": teks_angka(pop.no_kk[f]),
        "no_urut_keluarga": pop.no_urut_kel[f],
        "kode_kelurahan": label_dari(pop.kel[f], list(wil.kode)),
        "rw": nol(pop.rw[f]),
        "rt": nol(pop.rt[f]),
        "tipe_keluarga": pilih_teks(pop.tipe[f] >= 3, "keluarga_khusus", "keluarga"),
        "jumlah_anggota": jumlah[f],
        "tanggal_pendataan": tanggal_teks(pop.tgl[f, yi]),
        **jawab,
        **{k: v[f] for k, v in rumah.items()},
        "luas_lantai_m2": pc.replace_substring_regex(
            pc.replace_substring(angka_koma(rumah["luas_lantai_m2"][f]), ",", "."), r"\.0$", ""
        ),
        "umkm_id": np.full(len(f), None, dtype=object),
    }
    return bingkai(kolom)[KOLOM["pk_keluarga"]], f


_METODE = np.array(["IUD", "MOW", "MOP", "Implan", "Suntik", "Pil", "Kondom", "MAL", "Tradisional"])
_ALASAN = np.array(["", "IAS", "IAT", "TIAL", "Lainnya"])


def tabel_kb(
    pop: Populasi, wil: Wilayah, seed: int, yi: int, o: np.ndarray, umur_hari: np.ndarray,
    no_urut: np.ndarray,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:  # fmt: skip
    """pk_kb of year index yi: one row per married woman 10–49 (plus, returned separately,
    the indices of married women 50–54 used for the dirty rows)."""
    umur = umur_tahun(pop.lahir[o], pop.tgl[pop.fam[o], yi])
    istri = (pop.hub[o] == 2) & (pop.jk[o] == 1)
    pilih = np.nonzero(istri & (umur >= 10) & (umur <= 49))[0]
    tua = np.nonzero(istri & (umur >= 50) & (umur <= 54))[0]
    df = baris_kb(pop, wil, seed, yi, o, umur, no_urut, pilih)
    return df, pop.fam[o[pilih]], tua


def baris_kb(
    pop: Populasi, wil: Wilayah, seed: int, yi: int, o: np.ndarray, umur: np.ndarray,
    no_urut: np.ndarray, pilih: np.ndarray,
) -> pd.DataFrame:  # fmt: skip
    """Build pk_kb rows for the selected pk_anggota rows (women)."""
    rng = sub_rng(seed, 5, pop.tahun[yi])
    orang = o[pilih]
    f = pop.fam[orang]
    ref = pop.tgl[f, yi]
    umur_i = umur[pilih]
    lahir_anak = pop.anak_lahir[f]
    sudah = pop.anak_ada[f] & (lahir_anak <= ref[:, None])
    n_l = (sudah & (pop.anak_jk[f] == 0)).sum(1)
    n_p = (sudah & (pop.anak_jk[f] == 1)).sum(1)
    hidup = (sudah & pop.anak_hidup[f]).sum(1)
    terakhir = np.where(sudah, lahir_anak, np.iinfo(np.int64).min).max(1)
    bulan_terakhir = np.where(sudah.any(1), (ref - terakhir) / HARI_PER_BULAN, np.nan)
    # pregnant: a birth within 9 months after the reference day (last year: modelled)
    # pregnant: the next birth of her history falls within 9 months after the reference day
    segera = pop.anak_ada[f] & (lahir_anak > ref[:, None]) & (lahir_anak <= ref[:, None] + 270)
    hamil = segera.any(1)
    kkb_kel = wil.kel_kkb[pop.kel[f]]
    status = _status_kb(pop, orang, umur_i, hidup, bulan_terakhir, kkb_kel, rng)
    metode = _metode_kb(pop, orang, umur_i, hidup, bulan_terakhir)
    ber_kb = (status == 0) & ~hamil
    alasan = np.where(hamil, "Hamil", _ALASAN[status]).astype(object)
    alasan[ber_kb] = None
    metode_out = np.where(ber_kb, _METODE[metode], None).astype(object)
    tempat = _tempat_kb(pop.u["tempat"][orang], metode)
    umur_kawin = np.minimum(np.floor(pop.kawin_umur[f]).astype(np.int64), umur_i)
    return bingkai(
        {
            "no_kk": teks_angka(pop.no_kk[f]),
            "no_urut_keluarga": pop.no_urut_kel[f],
            "no_urut_istri": no_urut[pilih],
            "umur_istri": umur_i,
            "usia_kawin_pertama": umur_kawin,
            "jumlah_anak_lahir_hidup_l": n_l,
            "jumlah_anak_lahir_hidup_p": n_p,
            "jumlah_anak_masih_hidup": hidup,
            "umur_anak_terakhir_bulan": int_kosong(
                np.nan_to_num(np.floor(bulan_terakhir)), ~np.isnan(bulan_terakhir)
            ),
            "sedang_hamil": ya_tidak(hamil),
            "ber_kb": ya_tidak(ber_kb),
            "metode_kb": metode_out,
            "tempat_pelayanan_kb": int_kosong(tempat, ber_kb),
            "alasan_tidak_kb": alasan,
        }
    )


def _status_kb(
    pop: Populasi, orang: np.ndarray, umur: np.ndarray, hidup: np.ndarray,
    bulan_terakhir: np.ndarray, kkb_kel: np.ndarray, rng: np.random.Generator,
) -> np.ndarray:  # fmt: skip
    """0 user, 1 IAS, 2 IAT, 3 TIAL, 4 Lainnya (persistent propensity + yearly noise)."""
    n = len(orang)
    tanpa_anak = hidup == 0
    bayi = np.nan_to_num(bulan_terakhir, nan=99) < 2
    p_user = 0.64 - 0.07 * kkb_kel - 0.18 * (umur >= 45) - 0.3 * bayi
    muda_sedikit = (umur < 35) & (hidup < 3)
    p_iat = np.where(muda_sedikit, 0.07, 0.02) + 0.01 * kkb_kel
    p_tial = np.where((hidup >= 2) & (umur >= 30), 0.065, 0.02) + 0.01 * kkb_kel
    ingin = (hidup <= 2) & (umur < 35)
    p_ias = np.where(ingin, 0.12, 0.02)
    p_lain = 0.04 + 0.16 * (umur >= 45)
    p = np.stack([p_user, p_ias, p_iat, p_tial, p_lain], axis=1)
    p[tanpa_anak] = [0.12, 0.70, 0.03, 0.0, 0.15]
    u = phi(0.85 * pop.u["kb_z"][orang] + 0.527 * rng.normal(0, 1, n))
    return pilih_baris(u, p)


def _metode_kb(
    pop: Populasi, orang: np.ndarray, umur: np.ndarray, hidup: np.ndarray,
    bulan_terakhir: np.ndarray,
) -> np.ndarray:  # fmt: skip
    """Index into _METODE by age and parity (MOW only from 30 with ≥ 2 children)."""
    n = len(orang)
    w = np.tile([0.07, 0.0, 0.004, 0.11, 0.50, 0.18, 0.03, 0.0, 0.03], (n, 1))
    w[:, 1] = np.where((umur >= 30) & (hidup >= 2), np.where(umur >= 35, 0.10, 0.04), 0.0)
    w[:, 0] += 0.04 * (umur >= 35)
    w[:, 7] = np.where(np.nan_to_num(bulan_terakhir, nan=99) < 6, 0.35, 0.0)
    return pilih_baris(pop.u["metode"][orang], w)


def _tempat_kb(u: np.ndarray, metode: np.ndarray) -> np.ndarray:
    """tempat_pelayanan_kb (A.35) by method."""
    n = len(u)
    p = np.tile([0.05, 0.06, 0.22, 0.12, 0.05, 0.45, 0.03, 0.02], (n, 1))
    steril = (metode == 1) | (metode == 2)
    p[steril] = [0.55, 0.35, 0.0, 0.05, 0.0, 0.0, 0.05, 0.0]
    return pilih_baris(u, p) + 1
