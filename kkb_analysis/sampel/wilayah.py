"""Geography of the sample: the 43 kelurahan of the reference tables, their RW/RT and coordinates,
the 13 KKB and which families belong to a KKB in a data year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kkb_analysis.config import load_reference
from kkb_analysis.sampel.arrays import sub_rng
from kkb_analysis.sampel.nama import daftar_kata

# RW-level KKB (kkb index -> RW list) [asumsi: the real RW lists are an open question].
KKB_RW = {7: "003;004;005", 9: "004;005;006;008", 10: "001;002;006;007"}
KEC_PESISIR = {"36.72.03", "36.72.04", "36.72.06"}
NAMA_LINGKUNGAN = daftar_kata(
    "Krapyak Sukajadi Cigading Kubang Lebak Gudang Kemang Pasar Lama Sumampir Kaligandu "
    "Pancanaya Baru Kebon Jahe Cilodan Seneja Tegal Wangi Kepandean Kedung Ingas Cikuasa"
)
NAMA_POSYANDU = daftar_kata(
    "Mawar Melati Anggrek Dahlia Kenanga Flamboyan Cempaka Teratai Seruni Bougenville "
    "Nusa Indah Kamboja Sakura Tulip Lili"
)


@dataclass
class Wilayah:
    """The 43 kelurahan (arrays indexed 0..42) and the 13 KKB of the reference tables."""

    kode: np.ndarray
    nama: np.ndarray
    varian: list[list[str]]
    kec_kode: np.ndarray
    kec_nama: np.ndarray
    target: np.ndarray
    n_rw: np.ndarray
    n_rt: np.ndarray
    rw_bobot: list[np.ndarray]
    kel_kkb: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    kkb: list[dict]


def muat_referensi() -> tuple[dict, dict]:
    """The built-in reference tables ``wilayah`` and ``kode`` (read, never modified)."""
    return load_reference("wilayah"), load_reference("kode")


def siapkan_wilayah(ref: dict, seed: int) -> Wilayah:
    """Split the kecamatan populations over their kelurahan and lay out RW/RT and coordinates."""
    rng = sub_rng(seed, 0)
    kel = ref["kelurahan"]
    kec = {k["kode"]: k for k in ref["kecamatan"]}
    total = sum(k["penduduk"] for k in ref["kecamatan"])
    kode = np.array([k["kode"] for k in kel], dtype=object)
    kec_kode = np.array([k[:8] for k in kode], dtype=object)
    target = np.zeros(len(kel))
    for kk in kec:
        m = kec_kode == kk
        bobot = rng.dirichlet(np.full(m.sum(), 6.0))
        target[m] = kec[kk]["penduduk"] / total * bobot
    kkb = [dict(k, indeks=i, kel=int(np.nonzero(kode == k["kode_kelurahan"])[0][0]))
           for i, k in enumerate(ref["kkb"])]  # fmt: skip
    kel_kkb = np.zeros(len(kel), dtype=bool)
    kel_kkb[[k["kel"] for k in kkb]] = True
    n_rw = rng.integers(8, 16, len(kel))
    # KKB points near the centre of their kelurahan (referensi/titik_kelurahan.yaml, the points
    # the city map labels), so the sample map shows each KKB inside its own kelurahan
    titik = load_reference("titik_kelurahan")["titik"]
    pusat = np.array([titik[k] for k in kode], dtype=float)
    return Wilayah(
        kode=kode,
        nama=np.array([k["nama"] for k in kel], dtype=object),
        varian=[list(k.get("varian", [])) for k in kel],
        kec_kode=kec_kode,
        kec_nama=np.array([kec[k]["nama"] for k in kec_kode], dtype=object),
        target=target,
        n_rw=n_rw,
        n_rt=rng.integers(5, 11, len(kel)),
        rw_bobot=[rng.dirichlet(np.full(n, 4.0)) for n in n_rw],
        kel_kkb=kel_kkb,
        lat=pusat[:, 0] + rng.uniform(-0.002, 0.002, len(kel)),
        lon=pusat[:, 1] + rng.uniform(-0.002, 0.002, len(kel)),
        kkb=kkb,
    )


def kkb_aktif(wil: Wilayah, tahun: int) -> list[dict]:
    """The KKB that exist in a data year (the `baru` ones only from their year on)."""
    return [k for k in wil.kkb if int(k.get("baru", 0)) <= tahun]


def keanggotaan(wil: Wilayah, tahun: int, kel: np.ndarray, rw: np.ndarray) -> np.ndarray:
    """KKB index (order of wilayah.yaml) per family for the data year, -1 outside every KKB."""
    hasil = np.full(len(kel), -1, dtype=np.int64)
    for k in kkb_aktif(wil, tahun):
        m = kel == k["kel"]
        if k["indeks"] in KKB_RW:
            m &= np.isin(rw, [int(r) for r in KKB_RW[k["indeks"]].split(";")])
        hasil[m] = k["indeks"]
    return hasil
