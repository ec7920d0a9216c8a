"""``eppgbm.csv`` of one data year: child measurements in the original e-PPGBM export layout."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv  # registers pa.csv

from kkb_analysis.anthro import BATAS_POSISI_HARI, HARI_PER_BULAN, KOREKSI_POSISI_CM, lms_zscore
from kkb_analysis.sampel.arrays import (
    angka_koma,
    bingkai,
    dmy,
    gabung_teks,
    komponen,
    label_dari,
    nol,
    nomor_hari,
    pilih_teks,
    sub_rng,
    teks_angka,
)
from kkb_analysis.sampel.layout import KOLOM
from kkb_analysis.sampel.pertumbuhan import dari_z, lms_bbtb, lms_berat, lms_umur
from kkb_analysis.sampel.populasi import Populasi
from kkb_analysis.sampel.wilayah import NAMA_LINGKUNGAN, NAMA_POSYANDU, Wilayah

_NAMA_BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember",
]  # fmt: skip


def _kategori(z: np.ndarray, batas: list[float], label: list[str]) -> pa.Array:
    """Permenkes 2/2020 category text (boundaries belong to the less extreme class)."""
    indeks = np.where(np.isnan(z), len(label), np.searchsorted(batas, z, side="left"))
    return label_dari(indeks, [*label, ""])


def _usia_teks(lahir: np.ndarray, ukur: np.ndarray) -> pa.Array:
    """'2 Tahun - 3 Bulan - 12 Hari' calendar age at measurement."""
    y1, m1, d1 = komponen(lahir)
    y2, m2, d2 = komponen(ukur)
    total_bulan = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1)
    awal = (np.asarray(lahir, dtype="int64").astype("datetime64[D]").astype("datetime64[M]")
            + total_bulan.astype("timedelta64[M]"))  # fmt: skip
    panjang = ((awal + 1).astype("datetime64[D]") - awal.astype("datetime64[D]")).astype(int)
    hari_awal = awal.astype("datetime64[D]").astype(np.int64) + np.minimum(d1, panjang) - 1
    sisa_hari = np.asarray(ukur, dtype=np.int64) - hari_awal
    return gabung_teks(
        teks_angka(total_bulan // 12), " Tahun - ", teks_angka(total_bulan % 12), " Bulan - ",
        teks_angka(sisa_hari), " Hari",
    )  # fmt: skip


def _pengukuran(pop: Populasi, wil: Wilayah, yi: int, seed: int) -> pd.DataFrame:
    """One row per (child, month) with a measurement in the data year (numeric values)."""
    tahun = pop.tahun[yi]
    rng = sub_rng(seed, 11, tahun)
    ada_kel = (pop.masuk <= yi) & (pop.keluar >= yi)
    awal, akhir = nomor_hari(f"{tahun}-01-01"), nomor_hari(f"{tahun}-12-31")
    c = np.nonzero(ada_kel[pop.fam] & (pop.lahir > awal - 1827) & (pop.lahir < akhir))[0]
    f = pop.fam[c]
    hari_posyandu = rng.integers(4, 26, (len(wil.kode), 16, 12))
    bulan = np.arange(1, 13)
    tgl_bulan = np.array([nomor_hari(f"{tahun}-{b:02d}-01") for b in bulan])
    tgl = tgl_bulan[None, :] + hari_posyandu[pop.kel[f], pop.rw[f]] - 1
    umur = tgl - pop.lahir[c][:, None]
    z_anak = sub_rng(seed, 12).normal(0, 1, (len(pop.fam), 2))[c]
    pernah = sub_rng(seed, 13, tahun).random(len(c)) > 0.04
    peluang = np.where(np.isin(bulan, [2, 8]), np.where(bulan == 2, 0.88, 0.93), 0.13)
    ukur = (rng.random(umur.shape) < peluang[None, :]) & pernah[:, None]
    ukur &= (umur >= 0) & (umur <= 1826)
    ic, ib = np.nonzero(ukur)
    orang = c[ic]
    fam = pop.fam[orang]
    n = len(orang)
    umur_h = umur[ic, ib]
    umur_b = umur_h / HARI_PER_BULAN
    jk = pop.jk[orang].astype(np.int64)
    kkb = wil.kel_kkb[pop.kel[fam]]
    w = np.clip(pop.kesejahteraan[fam], -2.5, 2.5)
    mean_haz = np.interp(
        umur_b, [0, 6, 12, 24, 36, 48, 60], [-0.12, -0.2, -0.4, -0.58, -0.6, -0.56, -0.52]
    )
    haz = (
        mean_haz - 0.12 * kkb + 0.1 * w + 0.97 * (0.96 * z_anak[ic, 0] + 0.28 * rng.normal(0, 1, n))
    )
    whz = -0.25 - 0.05 * kkb + 0.08 * w + 0.3 * (haz - mean_haz)
    whz = whz + 0.9 * (0.8 * z_anak[ic, 1] + 0.6 * rng.normal(0, 1, n))
    m_t, s_t = lms_umur(jk, umur_h)
    nilai_tabel = m_t * (1 + s_t * haz)
    berdiri = umur_h >= BATAS_POSISI_HARI
    salah = rng.random(n) < 0.02
    cara_berdiri = berdiri ^ salah
    # measured in the other position than the table's: lying ≈ 0.7 cm longer than standing
    lain = KOREKSI_POSISI_CM * (~berdiri & cara_berdiri) - KOREKSI_POSISI_CM * (
        berdiri & ~cara_berdiri
    )
    tinggi = np.round(nilai_tabel - lain, 1)
    berat = np.round(dari_z(np.clip(whz, -4.5, 4.5), *lms_bbtb(jk, nilai_tabel, umur_h)[:3]), 1)
    bulan_ukur = bulan[ib]
    tanpa_tinggi = ~np.isin(bulan_ukur, [2, 8]) & (rng.random(n) < 0.6)
    tinggi[tanpa_tinggi] = np.nan
    # exported z-scores, recomputed from the rounded values as the application does
    adj = tinggi + lain
    zs_tbu = lms_zscore(adj, 1.0, m_t, s_t)
    zs_bbu = lms_zscore(berat, *lms_berat(jk, umur_h))
    el, m_bt, s_bt, dalam = lms_bbtb(jk, adj, umur_h)
    zs_bbtb = np.where(dalam, lms_zscore(berat, el, m_bt, s_bt), np.nan)
    lila = 12.6 + 2.6 * (1 - np.exp(-umur_b / 9)) + 0.6 * whz + rng.normal(0, 0.6, n)
    lila[(umur_b < 6) | (rng.random(n) < 0.5)] = np.nan
    return pd.DataFrame(
        {
            "orang": orang, "fam": fam, "tgl": tgl[ic, ib], "bulan": bulan_ukur,
            "umur_hari": umur_h, "jk": jk, "berat": berat, "tinggi": tinggi,
            "cara_berdiri": cara_berdiri, "lila": np.round(lila, 1), "zs_bbu": zs_bbu,
            "zs_tbu": zs_tbu, "zs_bbtb": zs_bbtb, "haz": haz,
        }
    )  # fmt: skip


def tabel_eppgbm(pop: Populasi, wil: Wilayah, yi: int, seed: int) -> pd.DataFrame:
    """eppgbm.csv of year index yi in the export layout."""
    tahun = pop.tahun[yi]
    u = _pengukuran(pop, wil, yi, seed)
    u = u.iloc[np.lexsort((u["orang"], u["tgl"], pop.rw[u["fam"]], pop.kel[u["fam"]]))]
    u = u.reset_index(drop=True)
    rng = sub_rng(seed, 14, tahun)
    n = len(u)
    o = u["orang"].to_numpy()
    f = u["fam"].to_numpy()
    kel = pop.kel[f]
    rw = pop.rw[f]
    rt = pop.rt[f]
    anak = sub_rng(seed, 15).random((len(pop.fam), 4))[o]
    bb_lahir = np.clip(3.1 + 0.45 * sub_rng(seed, 16).normal(0, 1, len(pop.fam))[o], 1.6, 4.6)
    gram = anak[:, 0] < 0.03
    bb_teks = pc.if_else(
        pa.array(gram), teks_angka(np.round(bb_lahir * 1000)), angka_koma(bb_lahir)
    )
    tb_lahir = np.round(np.clip(48.5 + 1.8 * (bb_lahir - 3.1) / 0.45, 42, 54) * 2) / 2
    tb_teks = pc.replace_substring(angka_koma(tb_lahir), ",0", "")
    ibu = pop.ibu[o]
    kepala = np.searchsorted(pop.fam, f)
    ortu = np.where(ibu >= 0, pop.nama[np.maximum(ibu, 0)], pop.nama[kepala])
    kec_nama = [k.upper() for k in wil.kec_nama]
    kec_i = np.arange(len(wil.kode))[kel]
    grogol = (wil.kec_kode[kel] == "36.72.06") & (anak[:, 3] < 0.3)
    lingk = [x.upper() for x in NAMA_LINGKUNGAN]
    posy = [x.upper() for x in NAMA_POSYANDU]
    bln = u["bulan"].to_numpy()
    timbang = np.isin(bln, [2, 8])
    zs = {k: u[k].to_numpy() for k in ("zs_bbu", "zs_tbu", "zs_bbtb")}
    umur_b = u["umur_hari"].to_numpy() / HARI_PER_BULAN
    vit = np.where(timbang & (umur_b >= 6), np.where(rng.random(n) < 0.9, 1, 0), 2)
    pmt = (zs["zs_bbu"] < -2) & (rng.random(n) < 0.5)
    u_teks = rng.random((n, 4))
    rw_teks = pc.if_else(pa.array(u_teks[:, 1] < 0.1), teks_angka(rw), nol(rw))
    rw_teks = pc.if_else(pa.array(u_teks[:, 2] < 0.005), pa.scalar("", pa.large_string()), rw_teks)
    kosong = pa.scalar("", pa.large_string())
    kec_teks = label_dari(
        np.array([kec_nama.index(k.upper()) for k in wil.kec_nama])[kec_i], kec_nama
    )
    kolom = {
        "NIK": pc.if_else(pa.array(anak[:, 2] < 0.04), kosong, teks_angka(pop.nik[o])),
        "Nama": pc.utf8_upper(pa.array(pop.nama[o], pa.large_string())),
        "JK": pilih_teks(u["jk"].to_numpy() == 1, "P", "L"),
        "Tgl Lahir": dmy(pop.lahir[o]),
        "BB Lahir": pc.if_else(pa.array(anak[:, 0] > 0.9), kosong, bb_teks),
        "TB Lahir": pc.if_else(pa.array(anak[:, 1] > 0.85), kosong, tb_teks),
        "Nama Ortu": pc.utf8_upper(pa.array(ortu, pa.large_string())),
        "Prov": "BANTEN",
        "Kab/Kota": "KOTA CILEGON",
        "Kec": pc.if_else(pa.array(grogol), pa.scalar("GROGOL", pa.large_string()), kec_teks),
        "Pukesmas": pc.replace_substring(kec_teks, "GEROGOL", "GROGOL"),
        "Desa/Kel": _nama_kelurahan_export(wil, kel, rng),
        "Posyandu": gabung_teks(label_dari((rw + kel) % len(posy), posy), " ", nol(rw, 2)),
        "RT": pc.if_else(pa.array(u_teks[:, 0] < 0.1), teks_angka(rt), nol(rt)),
        "RW": rw_teks,
        "Alamat": gabung_teks(
            "LINK. ", label_dari((kel * 7 + rw) % len(lingk), lingk),
            " RT ", nol(rt), "/RW ", nol(rw),
        ),
        "Usia Saat Ukur": _usia_teks(pop.lahir[o], u["tgl"].to_numpy()),
        "Tanggal Pengukuran": dmy(u["tgl"].to_numpy()),
        "Bulan Pengukuran": label_dari(bln - 1, _NAMA_BULAN),
        "Status Bulan": pilih_teks(timbang, "Bulan Timbang", "Bulan Biasa"),
        "status tahun": str(tahun),
        "Berat": angka_koma(u["berat"]),
        "Tinggi": angka_koma(u["tinggi"]),
        "Cara Ukur": pilih_teks(u["cara_berdiri"].to_numpy(), "Berdiri", "Terlentang"),
        "LiLA": angka_koma(u["lila"]),
        "BB/U": _kategori(zs["zs_bbu"], [-3, -2, 1], ["Berat Badan Sangat Kurang",
                          "Berat Badan Kurang", "Berat Badan Normal", "Risiko Berat Badan Lebih"]),
        "ZS BB/U": angka_koma(zs["zs_bbu"], 2),
        "TB/U": _kategori(
            zs["zs_tbu"], [-3, -2, 3], ["Sangat Pendek", "Pendek", "Normal", "Tinggi"]
        ),
        "ZS TB/U": angka_koma(zs["zs_tbu"], 2),
        "BB/TB": _kategori(zs["zs_bbtb"], [-3, -2, 1, 2, 3], ["Gizi Buruk", "Gizi Kurang",
                           "Gizi Baik", "Berisiko Gizi Lebih", "Gizi Lebih", "Obesitas"]),
        "ZS BB/TB": angka_koma(zs["zs_bbtb"], 2),
        "Naik Berat Badan": _naik_berat(u),
        "PMT Diterima (kg)": pilih_teks(pmt, "1,5", ""),
        "Jml Vit A": label_dari(vit, ["0", "1", ""]),
        "KPSP": label_dari(np.select([u_teks[:, 3] < 0.6, u_teks[:, 3] < 0.66], [0, 1], 2),
                       ["Sesuai", "Meragukan", ""]),
        "KIA": pilih_teks(rng.random(n) < 0.85, "Ya", "Tidak"),
        "Detail Status": "Sudah Diukur",
        "status desa": pilih_teks(wil.kel_kkb[kel], "Lokus", "Non Lokus"),
    }  # fmt: skip
    return bingkai(kolom)[KOLOM["eppgbm"]]


def _nama_kelurahan_export(wil: Wilayah, kel: np.ndarray, rng: np.random.Generator) -> pa.Array:
    """Kelurahan names as typed in e-PPGBM: upper case, sometimes a spelling variant."""
    label = [str(n).upper() for n in wil.nama]
    indeks = kel.copy()
    u = rng.random(len(kel))
    for i, varian in enumerate(wil.varian):
        if not varian:
            continue
        pilihan = [v.upper() for v in varian] + varian + [str(wil.nama[i]).title()]
        awal = len(label)
        label += pilihan
        m = (kel == i) & (u < 0.35)
        indeks[m] = awal + (u[m] / 0.35 * len(pilihan)).astype(np.int64)
    return label_dari(indeks, label)


def _naik_berat(u: pd.DataFrame) -> pa.Array:
    """Naik Berat Badan: B first weighing, N/T gain vs the previous month, O not weighed."""
    urut = np.lexsort((u["tgl"].to_numpy(), u["orang"].to_numpy()))
    o = u["orang"].to_numpy()[urut]
    b = u["bulan"].to_numpy()[urut]
    w = u["berat"].to_numpy()[urut]
    pertama = np.r_[True, o[1:] != o[:-1]]
    bulan_lalu = np.r_[0, b[:-1]]
    berat_lalu = np.r_[0.0, w[:-1]]
    kode = np.where(pertama, 0, np.where(bulan_lalu == b - 1, np.where(w > berat_lalu, 1, 2), 3))
    hasil = np.empty(len(o), dtype=np.int64)
    hasil[urut] = kode
    return label_dari(hasil, ["B", "N", "T", "O"])
