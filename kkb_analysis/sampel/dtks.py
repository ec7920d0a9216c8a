"""``dtks.csv`` of one data year: DTKS (two extracts), P3KE (from 2022) and DTSEN (from 2025)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv  # registers pa.csv

from kkb_analysis.sampel.arrays import (
    bingkai,
    nomor_hari,
    sub_rng,
    tanggal_teks,
    teks_angka,
    ya_tidak,
)
from kkb_analysis.sampel.layout import KOLOM
from kkb_analysis.sampel.pk import DataPK
from kkb_analysis.sampel.populasi import Populasi


def tabel_dtks(pop: Populasi, pk: DataPK, yi: int, seed: int) -> pd.DataFrame:
    """dtks.csv: DTKS (two extracts), P3KE (from 2022) and DTSEN (from 2025) records."""
    tahun = pop.tahun[yi]
    f = pk.fam
    tetap = sub_rng(seed, 17).normal(0, 1, len(pop.kel))[f]
    skor = pop.kesejahteraan[f] + 0.06 * (tahun - 2023) + 0.45 * tetap
    skor = skor + 0.15 * sub_rng(seed, 18, tahun).normal(0, 1, len(f))
    persen = (np.argsort(np.argsort(skor, kind="stable"), kind="stable") + 0.5) / len(f)
    desil = np.clip(np.ceil(persen * 10).astype(np.int64), 1, 10)
    u = sub_rng(seed, 19).random((len(pop.kel), 9))[f]
    sekolah = pk.anggota["status_sekolah"].to_numpy(dtype=float) == 2
    anak_sekolah = np.bincount(pop.fam[pk.orang][sekolah], minlength=len(pop.kel))[f] > 0
    kepala = np.searchsorted(pop.fam, f)
    ekstrak = []
    salah_masuk = (desil == 5) & (u[:, 0] < 0.05)  # inclusion errors, reported as desil 4
    dtks_1 = ((desil <= 4) & (u[:, 0] < 0.60)) | salah_masuk
    dtks_2 = ((desil <= 4) & (u[:, 0] < 0.64)) | salah_masuk
    di_dtks = dtks_1 | dtks_2
    ekstrak.append(("DTKS", f"{tahun}-01", dtks_1, np.minimum(desil, 4), np.ones(len(f), bool)))
    ekstrak.append(("DTKS", f"{tahun}-07", dtks_2, np.minimum(desil, 4), np.ones(len(f), bool)))
    if tahun >= 2022:
        p3ke = (desil <= 4) & (u[:, 1] < 0.72)
        ekstrak.append(("P3KE", f"{tahun}-06", p3ke, desil, di_dtks))
    if tahun >= 2025:
        ekstrak.append(("DTSEN", f"{tahun}-04", u[:, 1] < 0.95, desil, di_dtks & (desil <= 4)))
    bagian = []
    for sumber, periode, m, des, status in ekstrak:
        idx = np.nonzero(m)[0]
        d = des[idx]
        uu = u[idx]
        kunci = uu[:, 2]
        hari = nomor_hari(f"{periode}-01") + (uu[:, 3] * 27).astype(np.int64)
        jkn_pbi = pop.jkn[f[idx]] == 1
        bagian.append(bingkai({
            "no_kk": pc.if_else(pa.array(kunci < 0.12), None, teks_angka(pop.no_kk[f[idx]])),
            "nik": pc.if_else(pa.array(kunci < 0.22), teks_angka(pop.nik[kepala[idx]]), None),
            "sumber": sumber,
            "periode": periode,
            "desil": d,
            "status_dtks": ya_tidak(status[idx]),
            "pkh": ya_tidak(((d <= 2) & (uu[:, 4] < 0.55)) | ((d == 3) & (uu[:, 4] < 0.15))),
            "bpnt_sembako": ya_tidak(
                ((d <= 3) & (uu[:, 5] < 0.65)) | ((d <= 5) & (sumber == "DTSEN") & (uu[:, 5] < 0.3))
            ),
            "pbi_jk": ya_tidak(jkn_pbi | ((d <= 4) & (uu[:, 6] < 0.5))),
            "blt": ya_tidak((d <= 3) & (uu[:, 7] < 0.35)),
            "pip": ya_tidak(anak_sekolah[idx] & (d <= 3) & (uu[:, 8] < 0.5)),
            "tanggal_update": tanggal_teks(hari),
        }))  # fmt: skip
    return pd.concat(bagian, ignore_index=True)[KOLOM["dtks"]]
