"""Put the synthetic city together: reference tables, master population, then every data year's
tables, dirty rows and files (:func:`generate_sample`).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np
import pandas as pd

from kkb_analysis.config import SAMPLE_MARKER, sample_hash_section, sha256_file
from kkb_analysis.sampel.arrays import sub_rng, umur_tahun
from kkb_analysis.sampel.dtks import tabel_dtks
from kkb_analysis.sampel.eppgbm import tabel_eppgbm
from kkb_analysis.sampel.kotor import suntik_kotor
from kkb_analysis.sampel.layout import FILE_XLSX, KOLOM, nama_berkas, pemisah
from kkb_analysis.sampel.pk import (
    DataPK,
    baris_kb,
    rumah_keluarga,
    tabel_anggota,
    tabel_kb,
    tabel_keluarga,
)
from kkb_analysis.sampel.populasi import Populasi, bangkitkan_populasi
from kkb_analysis.sampel.portal import (
    master_umkm,
    tabel_intervensi,
    tabel_kkb,
    tabel_kkbpk,
    tabel_profil,
)
from kkb_analysis.sampel.wilayah import Wilayah, keanggotaan, muat_referensi, siapkan_wilayah
from kkb_analysis.sampel.writer import teks_penanda, tulis_csv, tulis_xlsx

logger = logging.getLogger(__name__)


def _tabel_satu_tahun(
    pop: Populasi, wil: Wilayah, kode: dict, rumah: dict, umkm: pd.DataFrame, yi: int,
    seed: int, skala: float,
) -> tuple[dict[str, pd.DataFrame], dict]:  # fmt: skip
    """All raw tables of one data year (clean), plus extra rows needed for dirty kinds."""
    tahun = pop.tahun[yi]
    rng = sub_rng(seed, 30, tahun)
    anggota, o, umur_hari, no_urut = tabel_anggota(pop, wil, yi, rng, skala)
    jumlah = np.bincount(pop.fam[o], minlength=len(pop.kel))
    keluarga, f = tabel_keluarga(pop, wil, rumah, seed, yi, jumlah)
    kb, kb_fam, tua = tabel_kb(pop, wil, seed, yi, o, umur_hari, no_urut)
    umur_th = umur_tahun(pop.lahir[o], pop.tgl[pop.fam[o], yi])
    kb_tua = baris_kb(pop, wil, seed + 1, yi, o, umur_th, no_urut, tua)
    pk = DataPK(tahun, keluarga, anggota, kb, f, keanggotaan(wil, tahun, pop.kel[f], pop.rw[f]),
                 o, umur_hari, kb_fam)  # fmt: skip
    um = umkm[(umkm["_mulai"] <= tahun) & umkm["_fam"].isin(f)]
    pemilik = pd.Series(um["umkm_id"].to_numpy(), index=um["_fam"].to_numpy())
    keluarga["umkm_id"] = pemilik.reindex(f).to_numpy()
    profil, poktan_ada = tabel_profil(wil, tahun, seed)
    eppgbm = tabel_eppgbm(pop, wil, yi, seed)
    tabel = {
        "kkb": tabel_kkb(wil, tahun, seed),
        "kkb_profil": profil,
        "kkb_kkbpk": tabel_kkbpk(wil, tahun, seed, pk, poktan_ada, pop),
        "kkb_intervensi": tabel_intervensi(wil, tahun, seed, kode),
        "kkb_umkm": um[KOLOM["kkb_umkm"]].reset_index(drop=True),
        "pk_keluarga": keluarga,
        "pk_anggota": anggota,
        "pk_kb": kb,
        "eppgbm": eppgbm,
        "dtks": tabel_dtks(pop, pk, yi, seed),
    }
    return tabel, {"kb_tua": kb_tua}


def generate_sample(
    target_dir: Path,
    scale: float = 1.0,
    seed: int = 20230615,
    years: tuple[int, ...] = (2022, 2023),
) -> dict[int, dict[str, int]]:
    """Write the synthetic raw dataset; return {year: {file_base: rows_written}}."""
    if scale <= 0:
        raise ValueError("scale harus > 0")
    mulai = time.perf_counter()
    tujuan = Path(target_dir)
    tahun = tuple(sorted({int(t) for t in years}))
    ref, kode = muat_referensi()
    wil = siapkan_wilayah(ref, seed)
    pop = bangkitkan_populasi(wil, tahun, scale, seed)
    rumah = rumah_keluarga(pop, seed)
    umkm = master_umkm(wil, pop, seed)
    hasil: dict[int, dict[str, int]] = {}
    for yi, th in enumerate(tahun):
        tabel, ekstra = _tabel_satu_tahun(pop, wil, kode, rumah, umkm, yi, seed, scale)
        suntik_kotor(tabel, ekstra, sub_rng(seed, 40, th), scale)
        folder = tujuan / str(th)
        folder.mkdir(parents=True, exist_ok=True)
        jumlah: dict[str, int] = {}
        sidik: dict[str, str] = {}
        for nama, df in tabel.items():
            df = df[KOLOM[nama]]
            path = folder / nama_berkas(nama)
            if nama in FILE_XLSX:
                tulis_xlsx(df, path)
            else:
                tulis_csv(df, path, sep=pemisah(nama))
            jumlah[nama] = len(df)
            sidik[path.name] = sha256_file(path)
        # the hashes let config.load_salt accept the demo salt only for these exact files
        (folder / SAMPLE_MARKER).write_text(
            teks_penanda(seed, scale, th, jumlah) + "\n" + sample_hash_section(sidik),
            encoding="utf-8",
        )
        hasil[th] = jumlah
        logger.info("sampel %s: %s", th, ", ".join(f"{k}={v}" for k, v in jumlah.items()))
    logger.info(
        "sampel sintetis selesai dalam %.1f detik → %s", time.perf_counter() - mulai, tujuan
    )
    return hasil
