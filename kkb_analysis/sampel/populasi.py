"""The master population of the sample: families and persons of the last data year (births,
marriages, migration, deaths), their presence per data year, NIK and No. KK.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kkb_analysis.sampel.arrays import komponen, logistik, nomor_hari, phi, sampel_pdf, sub_rng
from kkb_analysis.sampel.nama import beri_nama
from kkb_analysis.sampel.wilayah import Wilayah

logger = logging.getLogger(__name__)


# Total population of the last data year when it is 2023 (Dukcapil end 2023 ≈ 470.38 thousand,
# cilegon.md §3); other last years are scaled with ≈ 2 % growth per year.
_PENDUDUK_2023 = 470_000
_PERTUMBUHAN = 0.02
# Persons per family present in the last year produced by the family model below (calibrated);
# used only to turn the population target into a number of families.
_ORANG_PER_KELUARGA = 3.46

_S = 10  # person slots per family: 0 head, 1 spouse, 2..7 children (birth order), 8..9 others
_ANAK = slice(2, 8)


@dataclass
class Populasi:
    """Families (F rows) and persons (P rows) of the master population; Y data years."""

    tahun: tuple[int, ...]
    # families
    kel: np.ndarray
    rw: np.ndarray
    rt: np.ndarray
    tipe: np.ndarray
    kesejahteraan: np.ndarray
    agama: np.ndarray
    masuk: np.ndarray
    keluar: np.ndarray
    tgl: np.ndarray
    no_kk: np.ndarray
    no_urut_kel: np.ndarray
    jkn: np.ndarray
    kawin_umur: np.ndarray
    anak_lahir: np.ndarray
    anak_ada: np.ndarray
    anak_hidup: np.ndarray
    anak_jk: np.ndarray
    anak_keinginan: np.ndarray
    # persons
    fam: np.ndarray
    slot: np.ndarray
    jk: np.ndarray
    lahir: np.ndarray
    hub: np.ndarray
    ibu: np.ndarray
    kawin: np.ndarray
    hadir: np.ndarray
    nik: np.ndarray
    nama: np.ndarray
    u: dict[str, np.ndarray]


def _umur_istri_pdf(rng: np.random.Generator, tipe: np.ndarray) -> np.ndarray:
    """Age (years, last data year) of the woman/man who defines each family type."""
    n = len(tipe)
    umur = np.empty(n)
    isian = {
        0: ([18, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 82],
            [0.15, 0.55, 1.3, 1.9, 2.2, 2.2, 2.2, 1.9, 1.45, 1.0, 0.55, 0.3, 0.15, 0.05]),
        1: ([22, 30, 40, 50, 60, 70, 80], [0.2, 0.8, 1.2, 1.2, 1.0, 0.6, 0.2]),
        2: ([25, 35, 45, 55, 65, 75], [0.3, 0.9, 1.2, 1.0, 0.6, 0.2]),
    }  # fmt: skip
    for t, (x, y) in isian.items():
        m = tipe == t
        umur[m] = sampel_pdf(rng, int(m.sum()), x, y)
    m3 = tipe == 3
    muda = rng.random(n) < 0.62
    umur[m3 & muda] = rng.uniform(19, 35, int((m3 & muda).sum()))
    tua3 = m3 & ~muda
    umur[tua3] = sampel_pdf(rng, int(tua3.sum()), [55, 65, 75, 90], [0.6, 1.0, 0.8, 0.1])
    m4 = tipe == 4
    umur[m4 & muda] = rng.uniform(20, 38, int((m4 & muda).sum()))
    tua4 = m4 & ~muda
    umur[tua4] = sampel_pdf(rng, int(tua4.sum()), [55, 65, 75, 85], [0.6, 1.0, 0.7, 0.1])
    return umur


def _bangkitkan_kelahiran(
    rng: np.random.Generator, umur_ibu: np.ndarray, batas_kawin: np.ndarray
) -> dict[str, np.ndarray]:
    """Birth histories (6 birth-order slots) of the mothers, at the last data year; a marriage
    age drawn above `batas_kawin` is redrawn uniformly below it."""
    n = len(umur_ibu)
    kawin = 16.5 + rng.gamma(2.5, 2.4, n)
    batas = np.clip(batas_kawin, 15.0, 35.0)
    lewat = kawin > batas
    kawin[lewat] = 15.0 + rng.random(int(lewat.sum())) * (batas[lewat] - 15.0)
    pertama = kawin + 0.8 + rng.exponential(1.4, n)
    jarak = 2.2 + rng.gamma(2.0, 1.5, (n, 5))
    umur_lahir = pertama[:, None] + np.concatenate([np.zeros((n, 1)), np.cumsum(jarak, 1)], 1)
    tua = umur_ibu >= 40
    keinginan = np.where(
        tua,
        rng.choice(7, n, p=[0.02, 0.06, 0.20, 0.28, 0.21, 0.13, 0.10]),
        rng.choice(7, n, p=[0.11, 0.27, 0.41, 0.15, 0.045, 0.01, 0.005]),
    )
    urutan = np.arange(6)[None, :]
    # every birth the mother will have (also after the last data year: used for pregnancies)
    lahir = (urutan < keinginan[:, None]) & (umur_lahir <= 44.5)
    return {
        "kawin": kawin,
        "umur_anak": umur_ibu[:, None] - umur_lahir,
        "ada": lahir,
        "hidup": rng.random((n, 6)) > 0.02,
        "jk": (rng.random((n, 6)) >= 0.512).astype(np.int8),
        "pergi": rng.normal(33.0, 5.5, (n, 6)),
        "keinginan": keinginan,
    }


def _isi_slot_lain(
    rng: np.random.Generator, tipe: np.ndarray, umur0: np.ndarray, umur1: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Slots 8–9 (hubungan 4): elderly parent, grandchild, young relative, siblings."""
    n = len(tipe)
    ada = np.zeros((n, 2), dtype=bool)
    umur = np.zeros((n, 2))
    jk = (rng.random((n, 2)) < 0.5).astype(np.int8)
    kawin = np.ones((n, 2), dtype=np.int8)
    u = rng.random((n, 3))
    tua = np.maximum(umur0, umur1)
    ortu = np.isin(tipe, [0, 1, 2]) & (u[:, 0] < np.where(tipe == 0, 0.13, 0.09))
    ada[:, 0] = ortu
    umur[:, 0] = np.clip(tua + 26 + rng.normal(0, 4, n), 58, 95)
    jk[ortu, 0] = (u[ortu, 1] < 0.66).astype(np.int8)
    kawin[ortu, 0] = np.where(u[ortu, 2] < 0.88, 4, 3)
    cucu = (tipe == 0) & (umur0 >= 45) & (u[:, 1] < 0.18)
    kerabat = (tipe == 0) & (umur0 < 45) & (u[:, 1] < 0.14)
    ada[:, 1] = cucu | kerabat
    umur[:, 1] = np.where(cucu, rng.uniform(1, 16, n), rng.uniform(15, 30, n))
    jk[kerabat, 1] = (u[kerabat, 2] >= 0.8).astype(np.int8)
    # keluarga khusus type 4: grandparent + grandchildren, or siblings
    m4 = tipe == 4
    nenek = m4 & (umur0 >= 50)
    ada[m4, 0] = True
    umur[nenek, 0] = rng.uniform(1, 17, int(nenek.sum()))
    ada[nenek, 1] = u[nenek, 2] < 0.5
    umur[nenek, 1] = rng.uniform(1, 17, int(nenek.sum()))
    kakak = m4 & ~nenek
    umur[kakak, 0] = rng.uniform(15, 35, int(kakak.sum()))
    kawin[m4] = 1
    return ada, umur, jk, kawin


@dataclass
class _Slot:
    """Person slots (families × _S) of the master population at the last data year."""

    ada: np.ndarray
    umur: np.ndarray
    jk: np.ndarray
    kawin: np.ndarray


def _isi_inti(rng: np.random.Generator, tipe: np.ndarray) -> tuple[_Slot, np.ndarray]:
    """Head and spouse slots; returns the slots and the defining age of each family type."""
    n = len(tipe)
    umur_inti = _umur_istri_pdf(rng, tipe)
    gap = np.clip(rng.normal(4.0, 3.5, n), -4, 15)
    sl = _Slot(
        ada=np.zeros((n, _S), dtype=bool),
        umur=np.zeros((n, _S)),
        jk=np.zeros((n, _S), dtype=np.int8),
        kawin=np.ones((n, _S), dtype=np.int8),
    )
    sl.ada[:, 0] = True
    sl.umur[:, 0] = np.where(tipe == 0, np.maximum(umur_inti + gap, 19.5), umur_inti)
    u = rng.random((n, 2))
    muda = umur_inti < 40
    sl.jk[:, 0] = np.select(
        [tipe == 1, tipe == 3, tipe == 4],
        [1, np.where(muda, u[:, 0] >= 0.92, u[:, 0] < 0.66),
         np.where(umur_inti >= 50, u[:, 0] < 0.65, u[:, 0] < 0.45)],
        0,
    )  # fmt: skip
    sl.ada[:, 1] = tipe == 0
    sl.umur[:, 1] = umur_inti
    sl.jk[:, 1] = 1
    sl.kawin[:, 0] = np.select(
        [tipe == 0, np.isin(tipe, [1, 2]), (tipe >= 3) & (umur_inti >= 50)],
        [2, np.where((u[:, 1] < 0.45) & (umur_inti < 55), 3, 4),
         np.where((u[:, 1] < 0.85) | (tipe == 4), 4, 3)],
        1,
    )  # fmt: skip
    sl.kawin[:, 1] = 2
    return sl, umur_inti


def _isi_anak(
    rng: np.random.Generator, sl: _Slot, tipe: np.ndarray, umur_ibu: np.ndarray, n_th: int
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Children slots from the mothers' birth histories; returns histories and leaving ages."""
    # couples may have married between the data years (they enter as new families); single
    # parents married before the first year
    batas_kawin = np.where(tipe == 0, umur_ibu - 0.2, umur_ibu - (n_th - 1) - 0.3)
    riwayat = _bangkitkan_kelahiran(rng, umur_ibu, batas_kawin)
    riwayat["ada"] &= np.isin(tipe, [0, 1, 2])[:, None]
    sl.umur[:, _ANAK] = riwayat["umur_anak"]
    sl.jk[:, _ANAK] = riwayat["jk"]
    sl.ada[:, _ANAK] = riwayat["ada"] & riwayat["hidup"]  # future births drop out later
    cerai = (sl.umur[:, _ANAK] >= 22) & (rng.random((len(tipe), 6)) < 0.03)
    sl.kawin[:, _ANAK] = np.where(cerai, 3, 1)
    return riwayat, riwayat["pergi"] - 3.0 * riwayat["jk"]


def _masuk_keluar(
    rng: np.random.Generator, tipe: np.ndarray, umur_inti: np.ndarray, sl: _Slot,
    hari_nikah: np.ndarray, tgl: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """First/last year index of each family (marriage, migration, moving out) and the last
    year index of each person (deaths of elderly 'others')."""
    n, n_th = tgl.shape
    akhir = n_th - 1
    masuk = np.zeros(n, dtype=np.int64)
    keluar = np.full(n, akhir, dtype=np.int64)
    mati = np.full((n, _S), akhir, dtype=np.int64)
    if n_th == 1:
        return masuk, keluar, mati
    masuk = np.where(tipe == 0, (tgl < hari_nikah[:, None]).sum(axis=1), 0)
    pendatang = (masuk == 0) & (rng.random(n) < 0.018 * akhir)
    masuk[pendatang] = rng.integers(1, n_th, int(pendatang.sum()))
    baru = masuk > 0
    pindah = ~baru & (rng.random(n) < 0.008 * akhir)
    pindah |= (tipe == 3) & (umur_inti >= 70) & ~baru & (rng.random(n) < 0.05 * akhir)
    keluar[pindah] = rng.integers(0, akhir, int(pindah.sum()))
    mati[:, 8] = np.where(sl.umur[:, 8] >= 60, rng.geometric(0.05, n) - 1, akhir)
    return masuk, keluar, np.minimum(mati, akhir)


def _kehadiran(
    sl: _Slot, lahir: np.ndarray, pergi: np.ndarray, tgl: np.ndarray, masuk: np.ndarray,
    keluar: np.ndarray, mati: np.ndarray,
) -> np.ndarray:  # fmt: skip
    """Presence (families × slots × years) at each PK reference day."""
    n, n_th = tgl.shape
    hadir = np.zeros((n, _S, n_th), dtype=bool)
    for yi in range(n_th):
        keluarga_ada = (masuk <= yi) & (keluar >= yi)
        h = sl.ada & (lahir <= tgl[:, yi][:, None]) & keluarga_ada[:, None] & (mati >= yi)
        umur_y = (tgl[:, yi][:, None] - lahir[:, _ANAK]) / 365.2425
        h[:, _ANAK] &= umur_y < pergi
        hadir[:, :, yi] = h
    return hadir


def _ibu_orang(tipe: np.ndarray, fam: np.ndarray, slot: np.ndarray, n: int) -> np.ndarray:
    """Person index of each child's mother (wife, or the head of a single-mother family)."""
    pos = np.full((n, _S), -1, dtype=np.int64)
    pos[fam, slot] = np.arange(len(fam))
    anak = (slot >= 2) & (slot <= 7) & (tipe[fam] != 2)
    ibu = np.full(len(fam), -1, dtype=np.int64)
    ibu[anak] = pos[fam, np.where(tipe[fam] == 1, 0, 1)][anak]
    return ibu


def bangkitkan_populasi(wil: Wilayah, tahun: tuple[int, ...], skala: float, seed: int) -> Populasi:
    """Generate the master families and persons of every kelurahan for the last data year."""
    rng = sub_rng(seed, 1)
    akhir = len(tahun) - 1
    pertumbuhan = (1 + _PERTUMBUHAN) ** (tahun[-1] - 2023)
    target = wil.target / wil.target.sum() * _PENDUDUK_2023 * pertumbuhan * skala
    n_kel = np.maximum(12, np.round(target / _ORANG_PER_KELUARGA)).astype(np.int64)
    kel = np.repeat(np.arange(len(wil.kode)), n_kel)
    n = len(kel)
    tgl = np.stack([nomor_hari(f"{t}-07-01") + rng.integers(0, 62, n) for t in tahun], axis=1)
    ref = tgl[:, akhir]
    tipe = rng.choice(5, n, p=[0.70, 0.10, 0.02, 0.13, 0.05])
    kesejahteraan = rng.normal(0, 1, n) - 0.3 * wil.kel_kkb[kel]
    kesejahteraan -= np.select([tipe == 1, tipe == 3], [0.4, 0.3], 0.0)

    sl, umur_inti = _isi_inti(rng, tipe)
    umur_ibu = np.where(tipe == 2, umur_inti - 4.0, umur_inti)
    riwayat, pergi = _isi_anak(rng, sl, tipe, umur_ibu, len(tahun))
    lain = _isi_slot_lain(rng, tipe, sl.umur[:, 0], sl.umur[:, 1])
    for bidang, nilai in zip(("ada", "umur", "jk", "kawin"), lain, strict=True):
        getattr(sl, bidang)[:, 8:] = nilai
    hari_nikah = ref - np.round((umur_ibu - riwayat["kawin"]) * 365.2425).astype(np.int64)
    masuk, keluar, mati = _masuk_keluar(rng, tipe, umur_inti, sl, hari_nikah, tgl)
    lahir = ref[:, None] - np.round(sl.umur * 365.2425).astype(np.int64)
    hadir = _kehadiran(sl, lahir, pergi, tgl, masuk, keluar, mati)

    ada_pernah = hadir.any(axis=2)
    ada_pernah[:, 0] = True  # the head defines the family even in years it is absent
    # babies born after the last PK round but within its calendar year: e-PPGBM only
    bayi = lahir[:, _ANAK]
    bayi_akhir = (
        sl.ada[:, _ANAK] & (bayi > ref[:, None]) & (bayi <= nomor_hari(f"{tahun[-1]}-12-31"))
    )
    ada_pernah[:, _ANAK] |= bayi_akhir & (keluar == akhir)[:, None]
    fam, slot = np.nonzero(ada_pernah)
    anak = (slot >= 2) & (slot <= 7)
    jk_p = sl.jk[fam, slot]
    lahir_p = lahir[fam, slot]
    rw, rt = _bangkitkan_rw_rt(rng, wil, kel)
    no_kk, no_urut_kel = _bangkitkan_no_kk(rng, wil, kel, tgl, masuk, tipe, umur_inti)
    tamu = no_urut_kel == 2
    rw[tamu] = np.roll(rw, 1)[tamu]
    rt[tamu] = np.roll(rt, 1)[tamu]
    pop = Populasi(
        tahun=tahun,
        kel=kel,
        rw=rw,
        rt=rt,
        tipe=tipe,
        kesejahteraan=kesejahteraan,
        agama=rng.choice(
            np.arange(1, 8), n, p=[0.9757, 0.015, 0.004, 0.0005, 0.004, 0.0003, 0.0005]
        ),
        masuk=masuk,
        keluar=keluar,
        tgl=tgl,
        no_kk=no_kk,
        no_urut_kel=no_urut_kel,
        jkn=_jkn_keluarga(rng, kesejahteraan),
        kawin_umur=riwayat["kawin"],
        anak_lahir=lahir[:, _ANAK],
        anak_ada=riwayat["ada"],
        anak_hidup=riwayat["hidup"],
        anak_jk=riwayat["jk"],
        anak_keinginan=riwayat["keinginan"],
        fam=fam,
        slot=slot,
        jk=jk_p,
        lahir=lahir_p,
        hub=np.select([slot == 0, slot == 1, anak], [1, 2, 3], 4).astype(np.int8),
        ibu=_ibu_orang(tipe, fam, slot, n),
        kawin=sl.kawin[fam, slot],
        hadir=hadir[fam, slot, :],
        nik=_bangkitkan_nik(wil, kel[fam], lahir_p, jk_p),
        nama=beri_nama(rng, jk_p, komponen(lahir_p)[0]),
        u=_peluang_orang(rng, kesejahteraan[fam]),
    )
    logger.debug("populasi master: %d keluarga, %d orang", n, len(fam))
    return pop


def _peluang_orang(rng: np.random.Generator, kesejahteraan: np.ndarray) -> dict[str, np.ndarray]:
    """Persistent per-person uniforms/normals that keep answers stable across years."""
    n = len(kesejahteraan)
    u = {
        k: rng.random(n)
        for k in ("sekolah", "akta", "jkn", "dis", "tak_pernah", "metode", "tempat")
    }
    u["pend"] = phi(0.75 * rng.normal(0, 1, n) + 0.66 * kesejahteraan / 1.05)
    u["kerja"] = phi(0.7 * rng.normal(0, 1, n) + 0.7 * kesejahteraan / 1.05)
    u["kb_z"] = rng.normal(0, 1, n)
    return u


def _bangkitkan_rw_rt(
    rng: np.random.Generator, wil: Wilayah, kel: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """RW (weighted per kelurahan) and RT numbers of the families."""
    rw = np.zeros(len(kel), dtype=np.int64)
    for i, bobot in enumerate(wil.rw_bobot):
        m = kel == i
        rw[m] = rng.choice(len(bobot), int(m.sum()), p=bobot) + 1
    rt = (rng.random(len(kel)) * wil.n_rt[kel]).astype(np.int64) + 1
    return rw, rt


def _nomor_16(kec: np.ndarray, hari: np.ndarray, tambah_hari: np.ndarray) -> np.ndarray:
    """16-digit Cilegon numbers 3672 + kec + DDMMYY + serial (serial unique per prefix)."""
    th, bl, hr = komponen(hari)
    ddmmyy = (hr + tambah_hari) * 10_000 + bl * 100 + th % 100
    awalan = 3672_00_000000 + kec * 1_000_000 + ddmmyy
    seri = pd.Series(awalan).groupby(awalan, sort=False).cumcount().to_numpy() + 1
    return awalan * 10_000 + seri


def _bangkitkan_nik(wil: Wilayah, kel: np.ndarray, lahir: np.ndarray, jk: np.ndarray) -> np.ndarray:
    """Fake but well-formed NIK (women: day + 40), consistent with date of birth and sex."""
    kec = np.array([int(k[6:8]) for k in wil.kec_kode])[kel]
    return _nomor_16(kec, lahir, 40 * jk.astype(np.int64))


def _bangkitkan_no_kk(
    rng: np.random.Generator,
    wil: Wilayah,
    kel: np.ndarray,
    tgl: np.ndarray,
    masuk: np.ndarray,
    tipe: np.ndarray,
    umur_inti: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Fake No. KK (3672 + kec + issue date + serial) and no_urut_keluarga (a few second
    couples share the KK of the family listed before them)."""
    n = len(kel)
    tahun_pertama = tgl[:, 0] - 30
    awal = nomor_hari("2008-01-01")
    terbit = awal + (rng.random(n) * (tahun_pertama - awal)).astype(np.int64)
    baru = masuk > 0
    sebelum = tgl[np.arange(n), np.maximum(masuk - 1, 0)]
    terbit[baru] = sebelum[baru] + (rng.random(int(baru.sum())) * 300).astype(np.int64)
    kec = np.array([int(k[6:8]) for k in wil.kec_kode])[kel]
    no_kk = _nomor_16(kec, terbit, np.zeros(n, dtype=np.int64))
    urut = np.ones(n, dtype=np.int64)
    tamu = (tipe == 0) & (umur_inti < 35) & (rng.random(n) < 0.006)
    tamu[0] = False
    tamu &= np.roll(kel, 1) == kel
    tamu &= ~np.roll(tamu, 1)
    no_kk[tamu] = np.roll(no_kk, 1)[tamu]
    urut[tamu] = 2
    return no_kk, urut


def _jkn_keluarga(rng: np.random.Generator, kesejahteraan: np.ndarray) -> np.ndarray:
    """Family-level health insurance code (A.30): PBI for the poor, non-PBI, other, none."""
    n = len(kesejahteraan)
    p_pbi = logistik(-1.1 - 1.3 * kesejahteraan)
    p_non = (1 - p_pbi) * logistik(0.55 + 0.9 * kesejahteraan)
    p_lain = (1 - p_pbi - p_non) * 0.1
    u = rng.random(n)
    return np.select([u < p_pbi, u < p_pbi + p_non, u < p_pbi + p_non + p_lain], [1, 2, 3], 4)
