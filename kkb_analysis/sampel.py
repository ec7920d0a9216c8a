"""Synthetic raw dataset for Kota Cilegon (all 43 kelurahan, the 11/13 KKB), in the raw formats.

`generate_sample()` writes every raw file of the data contract (`data-contract.md` §6–§7) into
`<tujuan>/<tahun>/`, exactly as an agency would deliver it: comma CSV (UTF-8, `ya`/`tidak`, ISO
dates, Appendix A codes), `kkb_umkm.xlsx` (first sheet, every cell text) and the original
e-PPGBM export layout in `eppgbm.csv` (semicolon, decimal comma, DD/MM/YYYY, names instead of
codes, spelling variants). The data are fake: NIK, No. KK and names are generated, never copied.

Design (all [asumsi], calibrated to `cilegon.md` §3 and §6):

* One *master* population is generated for the last data year; every earlier year is a view of
  it (people not yet born, families that arrived later, the deceased and children who moved out
  are left out). The same family keeps its `no_kk` and a child keeps its NIK across years.
* The kelurahan of the 13 KKB are slightly poorer and use KB slightly less than the rest.
* KKB profiles, KKBPK reports and interventions follow a fixed tier design (`_DESAIN_TINGKAT`)
  so that the portal classification spreads over Dasar/Berkembang/Mandiri/Berkelanjutan and
  improves from 2022 to 2023.
* A handful of dirty rows of every kind listed by `describe_dirty_rows()` is injected per year,
  so that validation and quarantine have something to find.

Everything is vectorised (numpy/pandas) and driven by one `numpy.random.Generator` per component
derived from the seed, so that the output is byte-identical for the same (seed, scale, years).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv  # registers pa.csv
import yaml
from openpyxl import Workbook

from kkb_analysis.anthro import HARI_PER_BULAN
from kkb_analysis.config import SAMPLE_MARKER, sample_hash_section, sha256_file

logger = logging.getLogger(__name__)

_REFERENSI = Path(__file__).parent / "referensi"
_EPOCH = np.datetime64("1970-01-01", "D")
_TANGGAL_TETAP_XLSX = dt.datetime(2023, 1, 1, 0, 0, 0)

# Total population of the last data year when it is 2023 (Dukcapil end 2023 ≈ 470.38 thousand,
# cilegon.md §3); other last years are scaled with ≈ 2 % growth per year.
_PENDUDUK_2023 = 470_000
_PERTUMBUHAN = 0.02
# Persons per family present in the last year produced by the family model below (calibrated);
# used only to turn the population target into a number of families.
_ORANG_PER_KELUARGA = 3.46

# --------------------------------------------------------------------------------------------
# Column lists of the raw files (data-contract.md §7), in contract order.
# --------------------------------------------------------------------------------------------
KOLOM: dict[str, list[str]] = {
    "kkb": [
        "kkb_id", "nama_kkb", "kode_kelurahan", "cakupan_wilayah", "rw_list",
        "tanggal_pencanangan", "regulasi_id", "nomor_sk", "kriteria_1_kb_rendah",
        "kriteria_2_miskin_tinggi", "kriteria_3_wilayah_khusus", "kriteria_4_lainnya",
        "kriteria_wilayah", "latitude", "longitude", "status_aktif",
    ],
    "kkb_profil": [
        "kkb_id", "tahun", "bulan", "pokja_ada", "pokja_sk_ada", "pokja_pelatihan",
        "pokja_pelatihan_ket", "pokja_jumlah", "pokja_terlatih", "pkb_plkb_pendamping",
        "pkb_nip", "pkb_nama", "pendamping_lain", "regulasi_ada", "rkm_ada",
        "penggunaan_data_ada", "poktan_bkb", "poktan_bkr", "poktan_bkl", "poktan_uppka",
        "poktan_pikr", "sekretariat", "rumah_dataku", "dana_apbn", "dana_apbd", "dana_desa",
        "dana_hibah", "dana_csr", "dana_swadaya", "data_pk", "data_rutin_bkkbn",
        "data_potensi_desa", "data_sektoral", "data_lainnya", "op_rapat_perencanaan",
        "op_rapat_koordinasi", "op_sosialisasi", "op_monev", "op_laporan",
        "op_rapat_perencanaan_frekuensi", "op_rapat_koordinasi_frekuensi",
        "op_sosialisasi_frekuensi", "op_monev_frekuensi", "op_laporan_frekuensi",
    ],
    "kkb_kkbpk": [
        "kkb_id", "tahun", "bulan", "peserta_bkb", "peserta_bkr", "peserta_bkl",
        "peserta_uppka", "peserta_pikr", "kb_iud", "kb_mow", "kb_mop", "kb_kondom",
        "kb_implan", "kb_suntik", "kb_pil", "tidak_kb_hamil", "tidak_kb_ingin_anak_segera",
        "tidak_kb_iat", "tidak_kb_tial", "pengguna_bpjs", "jumlah_pus",
    ],
    "kkb_intervensi": [
        "intervensi_id", "kkb_id", "tanggal", "judul", "tempat", "deskripsi",
        "kategori_fungsi", "sasaran", "instansi", "inpres_program", "inpres_kegiatan_id",
        "jumlah_peserta", "sumber_dana", "jenis_post",
    ],
    "kkb_umkm": [
        "umkm_id", "kkb_id", "nama_usaha", "jenis_usaha", "produk_unggulan", "unggulan",
        "no_kk_pemilik", "anggota_uppka", "jumlah_tenaga_kerja", "omzet_bulanan_kelas",
        "nib", "pirt", "halal", "pembinaan_opd", "bantuan_modal",
    ],
    "pk_keluarga": [
        "no_kk", "no_urut_keluarga", "kode_kelurahan", "rw", "rt", "tipe_keluarga",
        "jumlah_anggota", "tanggal_pendataan", "p01_ibadah", "p02_buku_nikah",
        "p03a_tanpa_tegur_sapa", "p03b_pisah_ranjang", "p03c_pergi_dari_rumah", "p03d_kdrt",
        "p04_sumber_penghasilan", "p05_makanan_beragam", "punya_tabungan", "berobat_faskes",
        "akses_media_online", "makan_bersama", "komunikasi_keluarga", "rekreasi",
        "kegiatan_sosial", "sumber_air_minum_utama", "fasilitas_bab", "luas_lantai_m2",
        "jenis_lantai", "jenis_dinding", "jenis_atap", "sumber_penerangan",
        "kepemilikan_rumah", "umkm_id",
    ],
    "pk_anggota": [
        "no_kk", "no_urut_keluarga", "no_urut", "nik", "nama", "jenis_kelamin",
        "tanggal_lahir", "hubungan_kk", "status_kawin", "akta_lahir", "jaminan_kesehatan",
        "agama", "pendidikan_tertinggi", "status_sekolah", "pekerjaan", "disabilitas",
        "no_urut_ibu",
    ],
    "pk_kb": [
        "no_kk", "no_urut_keluarga", "no_urut_istri", "umur_istri", "usia_kawin_pertama",
        "jumlah_anak_lahir_hidup_l", "jumlah_anak_lahir_hidup_p", "jumlah_anak_masih_hidup",
        "umur_anak_terakhir_bulan", "sedang_hamil", "ber_kb", "metode_kb",
        "tempat_pelayanan_kb", "alasan_tidak_kb",
    ],
    "eppgbm": [
        "NIK", "Nama", "JK", "Tgl Lahir", "BB Lahir", "TB Lahir", "Nama Ortu", "Prov",
        "Kab/Kota", "Kec", "Pukesmas", "Desa/Kel", "Posyandu", "RT", "RW", "Alamat",
        "Usia Saat Ukur", "Tanggal Pengukuran", "Bulan Pengukuran", "Status Bulan",
        "status tahun", "Berat", "Tinggi", "Cara Ukur", "LiLA", "BB/U", "ZS BB/U", "TB/U",
        "ZS TB/U", "BB/TB", "ZS BB/TB", "Naik Berat Badan", "PMT Diterima (kg)", "Jml Vit A",
        "KPSP", "KIA", "Detail Status", "status desa",
    ],
    "dtks": [
        "no_kk", "nik", "sumber", "periode", "desil", "status_dtks", "pkh", "bpnt_sembako",
        "pbi_jk", "blt", "pip", "tanggal_update",
    ],
}  # fmt: skip

_FILE_XLSX = {"kkb_umkm"}

# --------------------------------------------------------------------------------------------
# Dirty rows: kind -> (file, base count per year at scale 1.0, description). Count at scale s is
# max(1, round(base * s)).
# --------------------------------------------------------------------------------------------
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

# --------------------------------------------------------------------------------------------
# Tier design of the KKB (indicators.md §2): (INPUT high, PROSES high, OUTPUT high) per kkb_id
# (order of wilayah.yaml) for 2022 and 2023 [asumsi: synthetic]. 2023: 4 Dasar, 4 Berkembang,
# 3 Mandiri, 2 Berkelanjutan; 2022 is one step lower for several KKB.
# --------------------------------------------------------------------------------------------
_DESAIN_TINGKAT: dict[int, list[tuple[int, int, int]]] = {
    2022: [(1, 0, 0), (1, 0, 1), (0, 1, 0), (0, 1, 1), (1, 1, 0), (1, 1, 0),
           (0, 0, 1), (1, 0, 0), (0, 0, 0), (1, 1, 0), (0, 0, 0), (0, 0, 0), (0, 0, 0)],
    2023: [(1, 0, 1), (1, 1, 1), (1, 1, 0), (0, 1, 1), (1, 1, 0), (1, 1, 1),
           (1, 0, 1), (1, 1, 0), (0, 0, 1), (1, 1, 0), (1, 0, 0), (0, 0, 0), (0, 1, 0)],
}  # fmt: skip
# RW-level KKB (kkb index -> RW list) [asumsi: the real RW lists are an open question].
_KKB_RW = {7: "003;004;005", 9: "004;005;006;008", 10: "001;002;006;007"}
_KRITERIA_WILAYAH = [
    "padat;miskin_kota", "padat;miskin_kota", "industri;padat", "pesisir;industri",
    "padat;das", "padat", "miskin_kota;padat", "industri;padat", "pesisir;industri",
    "pesisir;padat", "bantaran_ka;padat", "padat;miskin_kota", "pesisir;industri",
]  # fmt: skip
# Plausible fixed points per kecamatan (lat, lon) [asumsi: approximate, map only].
_KOORDINAT_KEC = {
    "36.72.01": (-6.030, 106.062),
    "36.72.02": (-6.004, 106.046),
    "36.72.03": (-5.944, 106.004),
    "36.72.04": (-6.036, 105.978),
    "36.72.05": (-6.012, 106.055),
    "36.72.06": (-5.974, 106.012),
    "36.72.07": (-5.990, 106.032),
    "36.72.08": (-6.024, 106.021),
}
_SINGKATAN_KEC = {
    "36.72.01": "Cbr", "36.72.02": "Clg", "36.72.03": "Plm", "36.72.04": "Cwd",
    "36.72.05": "Jbg", "36.72.06": "Grg", "36.72.07": "Pwk", "36.72.08": "Ctk",
}  # fmt: skip
_KEC_PESISIR = {"36.72.03", "36.72.04", "36.72.06"}

# --------------------------------------------------------------------------------------------
# Names (common Indonesian / Sundanese / Javanese given names) [asumsi].
# --------------------------------------------------------------------------------------------


def _kata(teks: str) -> list[str]:
    """Split a whitespace-separated word list."""
    return teks.split()


_NAMA_L_TUA = _kata(
    "Ahmad Asep Dedi Agus Budi Hendra Rudi Iwan Ujang Dadang Yusuf Heri Wahyu Eko Joko "
    "Slamet Bambang Tatang Cecep Hasan Rahmat Arif Jaenudin Sukardi Mulyadi Suherman Saepul "
    "Nanang Deni Yayan Iman Rohmat Sahroni Jamaludin Marzuki Sarmin Kurdi Engkos Tubagus "
    "Mad Sanusi Usman Zaenal Abdul Mulyana"
)
_NAMA_L_MUDA = _kata(
    "Muhammad Rizki Fajar Andi Ilham Dimas Bayu Reza Fikri Irfan Aldi Rafi Daffa Arkan "
    "Alif Farhan Naufal Haikal Raka Zidan Galih Yoga Dafa Rendi Aditya Bagas Akbar Ikhsan "
    "Ferdi Gilang Hafiz Kevin Rayhan Azka Fatih Abdullah Umar Khalid Satria Arya"
)
_NAMA_P_TUA = _kata(
    "Siti Nur Dewi Sri Rina Yuli Ani Lia Eli Imas Euis Neneng Nurhayati Aisyah Ratna Tuti "
    "Iis Popon Enok Nia Kartini Hasanah Maesaroh Rohayati Juariah Jubaedah Mulyani Yanti "
    "Susanti Dian Emah Onah Halimah Muniroh Rukoyah Romlah Sumiati Wartini Karsih Sunarsih"
)
_NAMA_P_MUDA = _kata(
    "Nabila Zahra Salsabila Aulia Khairunnisa Anisa Putri Intan Ayu Wulan Fitri Rani "
    "Nadia Syifa Alya Keisha Naura Kayla Azzahra Shakira Adinda Bunga Citra Dinda Elsa Gita "
    "Hana Indah Jihan Laila Melati Nayla Qonita Rahma Tiara Vina Yasmin Zaskia Amira Hilya"
)
_NAMA_BELAKANG_L = _kata(
    "Saputra Hidayat Permana Kurniawan Setiawan Gunawan Nugraha Pratama Wijaya Firmansyah "
    "Ramadhan Hermawan Sudrajat Maulana Santoso Suryadi Hakim Fauzi Rohman Sopian "
    "Hidayatullah Syahputra Maulidi Akbar Munandar"
)
_NAMA_BELAKANG_P = _kata(
    "Lestari Rahayu Wati Handayani Kurniasih Fitriani Sari Permatasari Maharani Anggraeni "
    "Oktaviani Nurjanah Purnamasari Marlina Komalasari Susilawati Apriani Septiani "
    "Ramadhani Nuraeni Hasanah Rahmawati Safitri Khoirunnisa Azzahra"
)
_NAMA_LINGKUNGAN = _kata(
    "Krapyak Sukajadi Cigading Kubang Lebak Gudang Kemang Pasar Lama Sumampir Kaligandu "
    "Pancanaya Baru Kebon Jahe Cilodan Seneja Tegal Wangi Kepandean Kedung Ingas Cikuasa"
)
_NAMA_POSYANDU = _kata(
    "Mawar Melati Anggrek Dahlia Kenanga Flamboyan Cempaka Teratai Seruni Bougenville "
    "Nusa Indah Kamboja Sakura Tulip Lili"
)
_NAMA_BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember",
]  # fmt: skip

# --------------------------------------------------------------------------------------------
# WHO Child Growth Standards 2006, LMS at knots (public tables; interpolated linearly between
# knots, which is close enough for synthetic "exported" z-scores).
# Length-for-age 0–24 months (recumbent), height-for-age 24–60 months (standing).
# --------------------------------------------------------------------------------------------
_BULAN_PANJANG = np.array([0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 18, 21, 24], dtype=float)
_BULAN_TINGGI = np.array([24, 27, 30, 36, 42, 48, 54, 60], dtype=float)
_LHFA = {
    # sex -> (length M, length S, height M, height S)
    0: (
        [49.8842, 54.7244, 58.4249, 61.4292, 63.8860, 65.9026, 67.6236, 70.5994, 73.2812,
         75.7488, 79.1458, 82.2587, 85.1348, 87.8161],
        [0.03795, 0.03557, 0.03424, 0.03328, 0.03257, 0.03204, 0.03165, 0.03124, 0.03118,
         0.03137, 0.03197, 0.03275, 0.03360, 0.03446],
        [87.1161, 89.6197, 91.9327, 96.0835, 99.8515, 103.3273, 106.6668, 109.9638],
        [0.03507, 0.03610, 0.03704, 0.03858, 0.03971, 0.04059, 0.04139, 0.04214],
    ),
    1: (
        [49.1477, 53.6872, 57.0673, 59.8029, 62.0899, 64.0301, 65.7311, 68.7498, 71.4818,
         74.0150, 77.5099, 80.7079, 83.6654, 86.4153],
        [0.03790, 0.03640, 0.03568, 0.03520, 0.03486, 0.03463, 0.03448, 0.03440, 0.03452,
         0.03479, 0.03534, 0.03598, 0.03666, 0.03734],
        [85.7153, 88.2830, 90.6797, 95.0515, 99.0448, 102.7312, 106.1748, 109.4233],
        [0.03764, 0.03830, 0.03893, 0.04006, 0.04105, 0.04193, 0.04272, 0.04347],
    ),
}  # fmt: skip
_BULAN_WFA = np.array([0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 18, 21, 24, 30, 36, 42, 48, 54, 60.0])
_WFA = {
    # sex -> (L, M, S)
    0: (
        [0.3487, 0.2297, 0.1970, 0.1738, 0.1553, 0.1395, 0.1257, 0.1021, 0.0820, 0.0644,
         0.0413, 0.0211, 0.0029, -0.0137, -0.0431, -0.0689, -0.0920, -0.1131, -0.1325,
         -0.1506],
        [3.3464, 4.4709, 5.5675, 6.3762, 7.0023, 7.5105, 7.9340, 8.6151, 9.1649, 9.6479,
         10.3108, 10.9385, 11.5486, 12.1515, 13.3000, 14.3429, 15.3486, 16.3489, 17.3452,
         18.3366],
        [0.14602, 0.13395, 0.12385, 0.11727, 0.11316, 0.11080, 0.10958, 0.10882, 0.10891,
         0.10925, 0.11007, 0.11119, 0.11261, 0.11426, 0.11781, 0.12116, 0.12425, 0.12759,
         0.13133, 0.13517],
    ),
    1: (
        [0.3809, 0.1714, 0.0962, 0.0402, -0.0050, -0.0430, -0.0756, -0.1288, -0.1700,
         -0.2024, -0.2384, -0.2637, -0.2815, -0.2941, -0.3101, -0.3201, -0.3283, -0.3361,
         -0.3440, -0.3518],
        [3.2322, 4.1873, 5.1282, 5.8458, 6.4237, 6.8985, 7.2970, 7.9487, 8.4800, 8.9481,
         9.6008, 10.2315, 10.8534, 11.4775, 12.7055, 13.8503, 14.9727, 16.0697, 17.1551,
         18.2193],
        [0.14171, 0.13724, 0.13000, 0.12619, 0.12402, 0.12274, 0.12204, 0.12181, 0.12223,
         0.12268, 0.12299, 0.12309, 0.12335, 0.12390, 0.12587, 0.12919, 0.13376, 0.13884,
         0.14371, 0.14821],
    ),
}  # fmt: skip
# Weight-for-length (45–110 cm, 2.5-cm knots; used below 731 days) and weight-for-height
# (65–120 cm, 5-cm knots; from 731 days): sex -> (L, M, S).
_CM_WFL = np.arange(45.0, 110.1, 2.5)
_CM_WFH = np.arange(65.0, 120.1, 5.0)
_WFL = {
    0: (-0.3521,
        [2.441, 2.8609, 3.3278, 3.8814, 4.5467, 5.2721, 5.9907, 6.6527, 7.2666, 7.8526, 8.4227,
         8.9788, 9.5032, 9.9902, 10.4475, 10.935, 11.5007, 12.1152, 12.7209, 13.3075, 13.8928,
         14.5038, 15.1637, 15.8732, 16.6268, 17.4237, 18.2689],
        [0.09182, 0.09036, 0.0889, 0.08741, 0.08592, 0.08455, 0.08342, 0.08266, 0.08223, 0.08212,
         0.08229, 0.08262, 0.08295, 0.08317, 0.08308, 0.0826, 0.08181, 0.08096, 0.08041, 0.08025,
         0.08047, 0.08106, 0.08198, 0.08317, 0.08453, 0.08599, 0.08755]),
    1: (-0.3833,
        [2.4607, 2.8867, 3.3518, 3.9105, 4.5498, 5.2173, 5.8742, 6.4948, 7.0812, 7.6375, 8.163,
         8.6674, 9.149, 9.6086, 10.0891, 10.6263, 11.2198, 11.8461, 12.4723, 13.092, 13.7146,
         14.3537, 15.0267, 15.7553, 16.547, 17.4039, 18.3324],
        [0.09029, 0.09048, 0.09068, 0.09089, 0.0911, 0.09128, 0.09136, 0.09133, 0.09119, 0.09096,
         0.09068, 0.09037, 0.09005, 0.08972, 0.0894, 0.08914, 0.08898, 0.08895, 0.08906, 0.08928,
         0.08963, 0.0901, 0.09069, 0.09139, 0.09219, 0.09307, 0.09401]),
}  # fmt: skip
_WFH = {
    0: (-0.3521,
        [7.4327, 8.5808, 9.644, 10.5781, 11.6707, 12.8864, 14.06, 15.3576, 16.8454, 18.5158,
         20.3846, 22.353],
        [0.08217, 0.08237, 0.08303, 0.08298, 0.08156, 0.08032, 0.0806, 0.08229, 0.08493, 0.088,
         0.09116, 0.09424]),
    1: (-0.3833,
        [7.2402, 8.3058, 9.2786, 10.2332, 11.3934, 12.6461, 13.8914, 15.2246, 16.78, 18.6043,
         20.6629, 22.8173],
        [0.09113, 0.09059, 0.08996, 0.08932, 0.08896, 0.08911, 0.08975, 0.09088, 0.09243, 0.09428,
         0.09626, 0.09828]),
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

# --------------------------------------------------------------------------------------------
# Small vectorised helpers
# --------------------------------------------------------------------------------------------


def _phi(z: np.ndarray) -> np.ndarray:
    """Return the standard normal CDF (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7)."""
    x = np.abs(z) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = (
        (((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t
    ) + 0.254829592
    erf = 1.0 - poly * t * np.exp(-x * x)
    return 0.5 * (1.0 + np.sign(z) * erf)


def _logistik(x: np.ndarray) -> np.ndarray:
    """Return the logistic function of x."""
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p: float) -> float:
    """Return log(p / (1 - p))."""
    return float(np.log(p / (1.0 - p)))


def _pilih_baris(u: np.ndarray, peluang: np.ndarray) -> np.ndarray:
    """Pick a category index per row from row-wise probabilities (rows need not sum to 1)."""
    kum = np.cumsum(peluang, axis=1)
    kum = kum / kum[:, -1:]
    return (u[:, None] >= kum[:, :-1]).sum(axis=1)


def _sampel_pdf(rng: np.random.Generator, n: int, x: list[float], y: list[float]) -> np.ndarray:
    """Sample n values from the piecewise-linear density through the points (x, y)."""
    grid = np.linspace(x[0], x[-1], 2001)
    pdf = np.interp(grid, x, y)
    cdf = np.concatenate([[0.0], np.cumsum((pdf[1:] + pdf[:-1]) / 2.0)])
    cdf /= cdf[-1]
    return np.interp(rng.random(n), cdf, grid)


def _hari(tanggal: str) -> int:
    """Return an ISO date as days since 1970-01-01."""
    return int((np.datetime64(tanggal, "D") - _EPOCH).astype(int))


def _iso(hari: np.ndarray) -> np.ndarray:
    """Format day numbers as ISO dates."""
    return np.datetime_as_string(np.asarray(hari, dtype="int64").astype("datetime64[D]"), unit="D")


def _komponen(hari: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split day numbers into (year, month, day) arrays."""
    d = np.asarray(hari, dtype="int64").astype("datetime64[D]")
    bulan = d.astype("datetime64[M]")
    tahun = bulan.astype("datetime64[Y]").astype(int) + 1970
    bln = bulan.astype(int) % 12 + 1
    hr = (d - bulan.astype("datetime64[D]")).astype(int) + 1
    return tahun, bln, hr


def _umur_tahun(lahir: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Completed years of age at the reference day (birthday reached or not)."""
    y1, m1, d1 = _komponen(lahir)
    y2, m2, d2 = _komponen(ref)
    return y2 - y1 - ((m2 < m1) | ((m2 == m1) & (d2 < d1)))


def _tanggal_teks(hari: np.ndarray, pola: str | None = None) -> pa.Array:
    """Day numbers as ISO dates (or another strftime pattern) in an Arrow text array."""
    tgl = pa.array(np.asarray(hari, dtype=np.int32), pa.int32()).cast(pa.date32())
    if pola is None:
        return pc.cast(tgl, pa.large_string())
    return pc.cast(pc.strftime(tgl.cast(pa.timestamp("s")), format=pola), pa.large_string())


def _dmy(hari: np.ndarray) -> pa.Array:
    """Format day numbers as DD/MM/YYYY (e-PPGBM export)."""
    return _tanggal_teks(hari, "%d/%m/%Y")


def _label(indeks: np.ndarray, label: list[str | None]) -> pa.Array:
    """Arrow text array label[indeks] (None labels become empty cells)."""
    return pc.take(pa.array(label, pa.large_string()), pa.array(np.asarray(indeks, dtype=np.int64)))


def _pilih(kondisi: np.ndarray, ya: str | None, tidak: str | None) -> pa.Array:
    """Arrow text array: `ya` where the condition holds, else `tidak`."""
    return _label(np.asarray(kondisi, dtype=bool).astype(np.int64), [tidak, ya])


def _ya(b: np.ndarray) -> pa.Array:
    """Format booleans as ya/tidak."""
    return _pilih(b, "ya", "tidak")


def _ya1(b: bool) -> str:
    """Format one boolean as ya/tidak."""
    return "ya" if b else "tidak"


def _gabung(*bagian: pa.Array | str) -> pa.Array:
    """Element-wise concatenation of Arrow text arrays and literal strings."""
    args = [pa.scalar(b, pa.large_string()) if isinstance(b, str) else b for b in bagian]
    return pc.binary_join_element_wise(*args, pa.scalar("", pa.large_string()))


def _teks(x: np.ndarray) -> pa.Array:
    """Integers as an Arrow text array."""
    return pc.cast(pa.array(np.asarray(x, dtype=np.int64)), pa.large_string())


def _angka_koma(x: np.ndarray, desimal: int = 1) -> pa.Array:
    """Format numbers with a fixed number of decimals and a decimal comma (e-PPGBM); NaN
    becomes an empty cell."""
    x = np.asarray(x, dtype=float)
    ada = ~np.isnan(x)
    skala = 10**desimal
    n = np.round(np.where(ada, x, 0.0) * skala).astype(np.int64)
    a = np.abs(n)
    bulat = _teks(a // skala)
    pecahan = pc.utf8_lpad(_teks(a % skala), desimal, "0")
    tanda = _pilih(n < 0, "-", "")
    teks = _gabung(tanda, bulat, ",", pecahan)
    return pc.if_else(
        pa.array(ada), pc.cast(teks, pa.large_string()), pa.scalar("", pa.large_string())
    )


def _nol(x: np.ndarray, lebar: int = 3) -> pa.Array:
    """Zero-pad integers to a fixed width (Arrow text array)."""
    return pc.utf8_lpad(_teks(x), lebar, "0")


def _seri_teks(arr: pa.Array) -> pd.Series:
    """Arrow-backed text column (no Python string objects are created)."""
    if not pa.types.is_large_string(arr.type):
        arr = pc.cast(arr, pa.large_string())
    return pd.Series(pd.arrays.ArrowExtensionArray(arr))


def _bingkai(kolom: dict[str, object]) -> pd.DataFrame:
    """DataFrame whose text columns are Arrow arrays (cheap to build, to insert into and to
    write); numbers keep their numpy/pandas dtype."""
    n = max(len(v) for v in kolom.values() if not np.isscalar(v) and v is not None)
    data = {}
    for nama, v in kolom.items():
        if np.isscalar(v) or v is None:
            v = pa.array(np.full(n, v, dtype=object), pa.large_string())
        if isinstance(v, np.ndarray) and v.dtype.kind in "OU":
            v = pa.array(v, pa.large_string(), from_pandas=True)
        if isinstance(v, pa.Array):
            v = _seri_teks(v)
        data[nama] = v
    return pd.DataFrame(data)


def _int_kosong(x: np.ndarray, ada: np.ndarray) -> pd.Series:
    """Integer column with empty cells where `ada` is false."""
    return pd.Series(np.asarray(x, dtype="int64")).astype("Int64").where(ada)


def _kombinasi_nama(depan: list[str], belakang: list[str]) -> np.ndarray:
    """All 'first' and 'first last' names from two word lists."""
    gabung = [f"{a} {b}" for a in depan for b in belakang]
    return np.array(depan * 6 + gabung, dtype=object)


_NAMA_TABEL = {
    (0, 0): _kombinasi_nama(_NAMA_L_TUA, _NAMA_BELAKANG_L),
    (0, 1): _kombinasi_nama(_NAMA_L_MUDA, _NAMA_BELAKANG_L),
    (1, 0): _kombinasi_nama(_NAMA_P_TUA, _NAMA_BELAKANG_P),
    (1, 1): _kombinasi_nama(_NAMA_P_MUDA, _NAMA_BELAKANG_P),
}


def _beri_nama(rng: np.random.Generator, jk: np.ndarray, tahun_lahir: np.ndarray) -> np.ndarray:
    """Indonesian names by sex (0 = L, 1 = P) and generation (born from 1995 = modern names)."""
    nama = np.empty(len(jk), dtype=object)
    u = rng.random(len(jk))
    muda = (tahun_lahir >= 1995).astype(int)
    for (s, g), tabel in _NAMA_TABEL.items():
        m = (jk == s) & (muda == g)
        nama[m] = tabel[(u[m] * len(tabel)).astype(int)]
    return nama


def _digit(rng: np.random.Generator, *bagian: tuple[int, int, int]) -> str:
    """Concatenate zero-padded random integers, one per (low, high exclusive, width)."""
    return "".join(f"{int(rng.integers(lo, hi)):0{lebar}d}" for lo, hi, lebar in bagian)


def _sub_rng(seed: int, *kunci: int) -> np.random.Generator:
    """An independent generator for one component (stable whatever the other components do)."""
    return np.random.default_rng([seed, *kunci])


# --------------------------------------------------------------------------------------------
# Reference tables and geography
# --------------------------------------------------------------------------------------------


@dataclass
class _Wilayah:
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


def _muat_referensi() -> tuple[dict, dict]:
    """Load wilayah.yaml and kode.yaml from the package data."""
    with (_REFERENSI / "wilayah.yaml").open(encoding="utf-8") as f:
        wilayah = yaml.safe_load(f)
    with (_REFERENSI / "kode.yaml").open(encoding="utf-8") as f:
        kode = yaml.safe_load(f)
    return wilayah, kode


def _siapkan_wilayah(ref: dict, seed: int) -> _Wilayah:
    """Split the kecamatan populations over their kelurahan and lay out RW/RT and coordinates."""
    rng = _sub_rng(seed, 0)
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
    pusat = np.array([_KOORDINAT_KEC[k] for k in kec_kode])
    return _Wilayah(
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
        lat=pusat[:, 0] + rng.uniform(-0.012, 0.012, len(kel)),
        lon=pusat[:, 1] + rng.uniform(-0.012, 0.012, len(kel)),
        kkb=kkb,
    )


def _kkb_aktif(wil: _Wilayah, tahun: int) -> list[dict]:
    """The KKB that exist in a data year (the `baru` ones only from their year on)."""
    return [k for k in wil.kkb if int(k.get("baru", 0)) <= tahun]


def _keanggotaan(wil: _Wilayah, tahun: int, kel: np.ndarray, rw: np.ndarray) -> np.ndarray:
    """KKB index (order of wilayah.yaml) per family for the data year, -1 outside every KKB."""
    hasil = np.full(len(kel), -1, dtype=np.int64)
    for k in _kkb_aktif(wil, tahun):
        m = kel == k["kel"]
        if k["indeks"] in _KKB_RW:
            m &= np.isin(rw, [int(r) for r in _KKB_RW[k["indeks"]].split(";")])
        hasil[m] = k["indeks"]
    return hasil


# --------------------------------------------------------------------------------------------
# Master population (last data year) with per-year presence
# --------------------------------------------------------------------------------------------

_S = 10  # person slots per family: 0 head, 1 spouse, 2..7 children (birth order), 8..9 others
_ANAK = slice(2, 8)


@dataclass
class _Populasi:
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
        umur[m] = _sampel_pdf(rng, int(m.sum()), x, y)
    m3 = tipe == 3
    muda = rng.random(n) < 0.62
    umur[m3 & muda] = rng.uniform(19, 35, int((m3 & muda).sum()))
    tua3 = m3 & ~muda
    umur[tua3] = _sampel_pdf(rng, int(tua3.sum()), [55, 65, 75, 90], [0.6, 1.0, 0.8, 0.1])
    m4 = tipe == 4
    umur[m4 & muda] = rng.uniform(20, 38, int((m4 & muda).sum()))
    tua4 = m4 & ~muda
    umur[tua4] = _sampel_pdf(rng, int(tua4.sum()), [55, 65, 75, 85], [0.6, 1.0, 0.7, 0.1])
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


def _bangkitkan_populasi(
    wil: _Wilayah, tahun: tuple[int, ...], skala: float, seed: int
) -> _Populasi:
    """Generate the master families and persons of every kelurahan for the last data year."""
    rng = _sub_rng(seed, 1)
    akhir = len(tahun) - 1
    pertumbuhan = (1 + _PERTUMBUHAN) ** (tahun[-1] - 2023)
    target = wil.target / wil.target.sum() * _PENDUDUK_2023 * pertumbuhan * skala
    n_kel = np.maximum(12, np.round(target / _ORANG_PER_KELUARGA)).astype(np.int64)
    kel = np.repeat(np.arange(len(wil.kode)), n_kel)
    n = len(kel)
    tgl = np.stack([_hari(f"{t}-07-01") + rng.integers(0, 62, n) for t in tahun], axis=1)
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
    bayi_akhir = sl.ada[:, _ANAK] & (bayi > ref[:, None]) & (bayi <= _hari(f"{tahun[-1]}-12-31"))
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
    pop = _Populasi(
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
        nama=_beri_nama(rng, jk_p, _komponen(lahir_p)[0]),
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
    u["pend"] = _phi(0.75 * rng.normal(0, 1, n) + 0.66 * kesejahteraan / 1.05)
    u["kerja"] = _phi(0.7 * rng.normal(0, 1, n) + 0.7 * kesejahteraan / 1.05)
    u["kb_z"] = rng.normal(0, 1, n)
    return u


def _bangkitkan_rw_rt(
    rng: np.random.Generator, wil: _Wilayah, kel: np.ndarray
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
    th, bl, hr = _komponen(hari)
    ddmmyy = (hr + tambah_hari) * 10_000 + bl * 100 + th % 100
    awalan = 3672_00_000000 + kec * 1_000_000 + ddmmyy
    seri = pd.Series(awalan).groupby(awalan, sort=False).cumcount().to_numpy() + 1
    return awalan * 10_000 + seri


def _bangkitkan_nik(
    wil: _Wilayah, kel: np.ndarray, lahir: np.ndarray, jk: np.ndarray
) -> np.ndarray:
    """Fake but well-formed NIK (women: day + 40), consistent with date of birth and sex."""
    kec = np.array([int(k[6:8]) for k in wil.kec_kode])[kel]
    return _nomor_16(kec, lahir, 40 * jk.astype(np.int64))


def _bangkitkan_no_kk(
    rng: np.random.Generator,
    wil: _Wilayah,
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
    awal = _hari("2008-01-01")
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
    p_pbi = _logistik(-1.1 - 1.3 * kesejahteraan)
    p_non = (1 - p_pbi) * _logistik(0.55 + 0.9 * kesejahteraan)
    p_lain = (1 - p_pbi - p_non) * 0.1
    u = rng.random(n)
    return np.select([u < p_pbi, u < p_pbi + p_non, u < p_pbi + p_non + p_lain], [1, 2, 3], 4)


# --------------------------------------------------------------------------------------------
# Pendataan Keluarga of one data year
# --------------------------------------------------------------------------------------------


@dataclass
class _DataPK:
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


def _status_sekolah(pop: _Populasi, o: np.ndarray, umur: np.ndarray) -> np.ndarray:
    """status_sekolah (A.33) for members 5+: 1 never, 2 still in school, 3 left school."""
    p = np.interp(umur, _SEKOLAH_UMUR, _SEKOLAH_P)
    miskin = pop.kesejahteraan[pop.fam[o]] < -1.0
    p = np.where(miskin & (umur >= 13), p - 0.08, p)
    masih = pop.u["sekolah"][o] < p
    th_lahir = _komponen(pop.lahir[o])[0]
    p_tak = np.select([th_lahir < 1955, th_lahir < 1980], [0.10, 0.04], 0.01)
    tak_pernah = (umur < 7) | (pop.u["tak_pernah"][o] < p_tak)
    status = np.where(masih, 2, np.where(tak_pernah, 1, 3))
    return np.where(umur >= 5, status, 0)


def _pendidikan(pop: _Populasi, o: np.ndarray, umur: np.ndarray, sekolah: np.ndarray) -> np.ndarray:
    """pendidikan_tertinggi (A.32) from age, school status and birth cohort."""
    th_lahir = _komponen(pop.lahir[o])[0]
    kohort = np.select([th_lahir >= 1989, th_lahir >= 1974, th_lahir >= 1959], [0, 1, 2], 3)
    u = pop.u["pend"][o]
    dewasa = _pilih_baris(u, _PEND_KOHORT[kohort]) + 1
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
    pop: _Populasi, wil: _Wilayah, o: np.ndarray, umur: np.ndarray, sekolah: np.ndarray
) -> np.ndarray:
    """pekerjaan (A.34) from age, sex, school status, welfare and the coast (nelayan)."""
    u = pop.u["kerja"][o]
    jk = pop.jk[o]
    hasil = np.zeros(len(o), dtype=np.int64)
    pesisir = np.isin(wil.kec_kode[pop.kel[pop.fam[o]]], list(_KEC_PESISIR))
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
    pop: _Populasi, wil: _Wilayah, o: np.ndarray, umur_hari: np.ndarray
) -> dict[str, np.ndarray]:
    """Age-dependent member attributes of one year (codes; 0 = empty)."""
    umur = umur_hari / 365.2425
    f = pop.fam[o]
    sekolah = _status_sekolah(pop, o, umur)
    th_lahir = _komponen(pop.lahir[o])[0]
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


def _tabel_anggota(
    pop: _Populasi, wil: _Wilayah, yi: int, rng: np.random.Generator, skala: float
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
    df = _bingkai(
        {
            "no_kk": _teks(pop.no_kk[f]),
            "no_urut_keluarga": pop.no_urut_kel[f],
            "no_urut": no_urut,
            "nik": _teks(nik),
            "nama": pop.nama[o],
            "jenis_kelamin": _pilih(pop.jk[o] == 1, "P", "L"),
            "tanggal_lahir": _tanggal_teks(pop.lahir[o]),
            "hubungan_kk": pop.hub[o],
            "status_kawin": at["status_kawin"],
            "akta_lahir": at["akta_lahir"],
            "jaminan_kesehatan": at["jaminan_kesehatan"],
            "agama": pop.agama[f],
            "pendidikan_tertinggi": at["pendidikan_tertinggi"],
            "status_sekolah": _int_kosong(at["status_sekolah"], at["status_sekolah"] > 0),
            "pekerjaan": _int_kosong(at["pekerjaan"], at["pekerjaan"] > 0),
            "disabilitas": _ya(at["disabilitas"]),
            "no_urut_ibu": _int_kosong(no_ibu, no_ibu > 0),
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


def _jawaban_pk(pop: _Populasi, seed: int, yi: int, f: np.ndarray) -> dict[str, np.ndarray]:
    """Family answers Ya/Tidak of the PK items (persistent across years, small yearly noise)."""
    tahun = pop.tahun[yi]
    w = pop.kesejahteraan[f]
    pasangan = pop.tipe[f] == 0
    hasil = {}
    for i, (kolom, (p0, b)) in enumerate(_ITEM_PK.items()):
        z_tetap = _sub_rng(seed, 2, i).normal(0, 1, len(pop.kel))[f]
        z_tahun = _sub_rng(seed, 3, tahun, i).normal(0, 1, len(pop.kel))[f]
        u = _phi(0.9 * z_tetap + 0.436 * z_tahun)
        geser = 0.06 * (tahun - 2023) * np.sign(b)
        p = _logistik(_logit(p0) + b * w + geser)
        jawab = (u < p).astype(np.int64)
        if kolom in ("p02_buku_nikah", "p03b_pisah_ranjang"):
            jawab[~pasangan] = 2
        hasil[kolom] = _label(jawab, ["Tidak", "Ya", "Tidak berlaku"])
    return hasil


def _rumah(pop: _Populasi, seed: int) -> dict[str, np.ndarray]:
    """Persistent housing, water and sanitation codes of every master family."""
    rng = _sub_rng(seed, 4)
    n = len(pop.kel)
    w = pop.kesejahteraan
    u = rng.random((n, 8))

    def kode(uu: np.ndarray, kodes: list[int], p: list[float]) -> np.ndarray:
        return np.asarray(kodes)[np.searchsorted(np.cumsum(p) / sum(p), uu, side="right")]

    tidak_layak_air = u[:, 0] < _logistik(-3.6 - 0.8 * w)
    air = np.where(
        tidak_layak_air,
        kode(u[:, 1], [5, 6, 7, 8, 9, 10], [0.55, 0.15, 0.1, 0.1, 0.05, 0.05]),
        kode(u[:, 1], [1, 2, 3, 4], [0.55, 0.15, 0.22, 0.08]),
    )
    p2 = _logistik(-3.2 - 0.7 * w)
    p4 = _logistik(-4.6 - 0.8 * w)
    bab = np.select([u[:, 2] < p4, u[:, 2] < p4 + p2, u[:, 2] < p4 + p2 + 0.07], [4, 2, 3], 1)
    lantai = np.where(
        u[:, 3] < _logistik(-3.0 - 0.9 * w),
        kode(u[:, 4], [4, 5, 6, 7], [0.4, 0.2, 0.3, 0.1]),
        kode(u[:, 4], [1, 2, 3], [0.7, 0.27, 0.03]),
    )
    dinding = np.where(
        u[:, 5] < _logistik(-3.3 - 0.9 * w),
        kode(u[:, 4], [3, 4, 5], [0.5, 0.4, 0.1]),
        kode(u[:, 4], [1, 2], [0.95, 0.05]),
    )
    atap = np.where(
        u[:, 6] < _logistik(-4.2 - 0.9 * w),
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


def _tabel_keluarga(
    pop: _Populasi, wil: _Wilayah, rumah: dict, seed: int, yi: int, jumlah: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray]:
    """pk_keluarga of year index yi (families present, with their member counts)."""
    f = np.nonzero((pop.masuk <= yi) & (pop.keluar >= yi))[0]
    jawab = _jawaban_pk(pop, seed, yi, f)
    kolom = {
        "no_kk": _teks(pop.no_kk[f]),
        "no_urut_keluarga": pop.no_urut_kel[f],
        "kode_kelurahan": _label(pop.kel[f], list(wil.kode)),
        "rw": _nol(pop.rw[f]),
        "rt": _nol(pop.rt[f]),
        "tipe_keluarga": _pilih(pop.tipe[f] >= 3, "keluarga_khusus", "keluarga"),
        "jumlah_anggota": jumlah[f],
        "tanggal_pendataan": _tanggal_teks(pop.tgl[f, yi]),
        **jawab,
        **{k: v[f] for k, v in rumah.items()},
        "luas_lantai_m2": pc.replace_substring_regex(
            pc.replace_substring(_angka_koma(rumah["luas_lantai_m2"][f]), ",", "."), r"\.0$", ""
        ),
        "umkm_id": np.full(len(f), None, dtype=object),
    }
    return _bingkai(kolom)[KOLOM["pk_keluarga"]], f


_METODE = np.array(["IUD", "MOW", "MOP", "Implan", "Suntik", "Pil", "Kondom", "MAL", "Tradisional"])
_ALASAN = np.array(["", "IAS", "IAT", "TIAL", "Lainnya"])


def _tabel_kb(
    pop: _Populasi, wil: _Wilayah, seed: int, yi: int, o: np.ndarray, umur_hari: np.ndarray,
    no_urut: np.ndarray,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:  # fmt: skip
    """pk_kb of year index yi: one row per married woman 10–49 (plus, returned separately,
    the indices of married women 50–54 used for the dirty rows)."""
    umur = _umur_tahun(pop.lahir[o], pop.tgl[pop.fam[o], yi])
    istri = (pop.hub[o] == 2) & (pop.jk[o] == 1)
    pilih = np.nonzero(istri & (umur >= 10) & (umur <= 49))[0]
    tua = np.nonzero(istri & (umur >= 50) & (umur <= 54))[0]
    df = _baris_kb(pop, wil, seed, yi, o, umur, no_urut, pilih)
    return df, pop.fam[o[pilih]], tua


def _baris_kb(
    pop: _Populasi, wil: _Wilayah, seed: int, yi: int, o: np.ndarray, umur: np.ndarray,
    no_urut: np.ndarray, pilih: np.ndarray,
) -> pd.DataFrame:  # fmt: skip
    """Build pk_kb rows for the selected pk_anggota rows (women)."""
    rng = _sub_rng(seed, 5, pop.tahun[yi])
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
    return _bingkai(
        {
            "no_kk": _teks(pop.no_kk[f]),
            "no_urut_keluarga": pop.no_urut_kel[f],
            "no_urut_istri": no_urut[pilih],
            "umur_istri": umur_i,
            "usia_kawin_pertama": umur_kawin,
            "jumlah_anak_lahir_hidup_l": n_l,
            "jumlah_anak_lahir_hidup_p": n_p,
            "jumlah_anak_masih_hidup": hidup,
            "umur_anak_terakhir_bulan": _int_kosong(
                np.nan_to_num(np.floor(bulan_terakhir)), ~np.isnan(bulan_terakhir)
            ),
            "sedang_hamil": _ya(hamil),
            "ber_kb": _ya(ber_kb),
            "metode_kb": metode_out,
            "tempat_pelayanan_kb": _int_kosong(tempat, ber_kb),
            "alasan_tidak_kb": alasan,
        }
    )


def _status_kb(
    pop: _Populasi, orang: np.ndarray, umur: np.ndarray, hidup: np.ndarray,
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
    u = _phi(0.85 * pop.u["kb_z"][orang] + 0.527 * rng.normal(0, 1, n))
    return _pilih_baris(u, p)


def _metode_kb(
    pop: _Populasi, orang: np.ndarray, umur: np.ndarray, hidup: np.ndarray,
    bulan_terakhir: np.ndarray,
) -> np.ndarray:  # fmt: skip
    """Index into _METODE by age and parity (MOW only from 30 with ≥ 2 children)."""
    n = len(orang)
    w = np.tile([0.07, 0.0, 0.004, 0.11, 0.50, 0.18, 0.03, 0.0, 0.03], (n, 1))
    w[:, 1] = np.where((umur >= 30) & (hidup >= 2), np.where(umur >= 35, 0.10, 0.04), 0.0)
    w[:, 0] += 0.04 * (umur >= 35)
    w[:, 7] = np.where(np.nan_to_num(bulan_terakhir, nan=99) < 6, 0.35, 0.0)
    return _pilih_baris(pop.u["metode"][orang], w)


def _tempat_kb(u: np.ndarray, metode: np.ndarray) -> np.ndarray:
    """tempat_pelayanan_kb (A.35) by method."""
    n = len(u)
    p = np.tile([0.05, 0.06, 0.22, 0.12, 0.05, 0.45, 0.03, 0.02], (n, 1))
    steril = (metode == 1) | (metode == 2)
    p[steril] = [0.55, 0.35, 0.0, 0.05, 0.0, 0.0, 0.05, 0.0]
    return _pilih_baris(u, p) + 1


# --------------------------------------------------------------------------------------------
# KKB master, profile, KKBPK, interventions, UMKM
# --------------------------------------------------------------------------------------------


def _tanggal_pencanangan(wil: _Wilayah, seed: int) -> np.ndarray:
    """Launch day of each KKB: 2016–2019 for the existing ones, early 2023 for the new ones."""
    rng = _sub_rng(seed, 6)
    n = len(wil.kkb)
    lama = _hari("2016-03-01") + rng.integers(0, 1300, n)
    baru = _hari("2023-02-01") + rng.integers(0, 50, n)
    return np.where([bool(k.get("baru")) for k in wil.kkb], baru, lama)


def _tabel_kkb(wil: _Wilayah, tahun: int, seed: int) -> pd.DataFrame:
    """kkb.csv of a data year (the KKB attributes are fixed across years)."""
    pencanangan = _tanggal_pencanangan(wil, seed)
    nomor = _sub_rng(seed, 6, 1).integers(10, 400, len(wil.kkb))
    baris = []
    for k in _kkb_aktif(wil, tahun):
        i = k["indeks"]
        kel = k["kel"]
        tanggal = str(_iso(np.array([pencanangan[i]]))[0])
        kec = wil.kec_kode[kel]
        rw_list = _KKB_RW.get(i)
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


def _tabel_profil(wil: _Wilayah, tahun: int, seed: int) -> tuple[pd.DataFrame, dict[int, dict]]:
    """kkb_profil.csv: INPUT/PROSES fields that land each KKB on its designed tier."""
    rng = _sub_rng(seed, 7, tahun)
    baris = []
    poktan_ada: dict[int, dict] = {}
    nama_pkb = _beri_nama(
        rng, (rng.random(len(wil.kkb)) < 0.5).astype(np.int8), np.full(len(wil.kkb), 1985)
    )
    for k in _kkb_aktif(wil, tahun):
        i = k["indeks"]
        tinggi_in, tinggi_pr, tinggi_out = _desain(tahun, i)
        r = {"kkb_id": k["kkb_id"], "tahun": tahun, "bulan": int(rng.choice([11, 12]))}
        r.update(_isi_input(rng, bool(tinggi_in), bool(tinggi_out)))
        r.update(_isi_proses(rng, bool(tinggi_pr)))
        if r["pkb_plkb_pendamping"] == "ya":
            # NIP: birth date YYYYMMDD, TMT YYYYMM, sex, serial (18 digits)
            r["pkb_nip"] = _digit(
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
        "pokja_pelatihan": _ya1(pelatihan),
        "pokja_pelatihan_ket": "Orientasi Pokja Kampung KB oleh DP3AP2KB" if pelatihan else None,
        "pokja_jumlah": jumlah,
        "pokja_terlatih": int(rng.integers(3, jumlah)) if pelatihan else 0,
        "pkb_plkb_pendamping": _ya1(pkb),
        "regulasi_ada": "ya",
        "rkm_ada": "ya" if (tinggi or rng.random() < 0.4) else "tidak",
        "sekretariat": _ya1(sarana[0]),
        "rumah_dataku": _ya1(sarana[1]),
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
        r[op] = _ya1(ada)
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


def _penyebut_poktan(pk: _DataPK, pop: _Populasi) -> dict[int, dict[str, int]]:
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


def _tabel_kkbpk(
    wil: _Wilayah, tahun: int, seed: int, pk: _DataPK, poktan_ada: dict[int, dict], pop: _Populasi
) -> pd.DataFrame:
    """kkb_kkbpk.csv: 12 months per KKB, PUS identity exact, PUS close to the PK PUS."""
    rng = _sub_rng(seed, 8, tahun)
    kb = pk.kb
    kkb_kb = pd.Series(pk.kkb, index=pk.fam).reindex(pk.kb_fam).to_numpy()
    pus_pk = pd.Series(kb["umur_istri"].to_numpy() >= 15).groupby(kkb_kb).sum()
    penyebut = _penyebut_poktan(pk, pop)
    baris = []
    for k in _kkb_aktif(wil, tahun):
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


def _tabel_intervensi(wil: _Wilayah, tahun: int, seed: int, kode: dict) -> pd.DataFrame:
    """kkb_intervensi.csv: 15–60 activities per KKB; non-KB agencies follow the PROSES design."""
    rng = _sub_rng(seed, 9, tahun)
    label = kode["instansi"]["kode"]
    alias: dict[str, list[str]] = {}
    for a, i in kode["instansi"]["alias"].items():
        alias.setdefault(str(i), []).append(a)
    pencanangan = _tanggal_pencanangan(wil, seed)
    baris = []
    for k in _kkb_aktif(wil, tahun):
        i = k["indeks"]
        tinggi_pr = bool(_desain(tahun, i)[1])
        mulai = _hari(f"{tahun}-01-02")
        mulai = max(mulai, int(pencanangan[i]) + 7)
        akhir = _hari(f"{tahun}-12-20")
        n = int(rng.integers(15, 61))
        kandidat = list(_INSTANSI_UMUM)
        if wil.kec_kode[k["kel"]] in _KEC_PESISIR:
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
    rng: np.random.Generator, k: dict, wil: _Wilayah, tahun: int, j: int, tanggal: int,
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
        f"Posyandu {_NAMA_POSYANDU[(rw + k['kel']) % len(_NAMA_POSYANDU)]} {rw:02d}",
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
        "tanggal": str(_iso(np.array([tanggal]))[0]),
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


def _master_umkm(wil: _Wilayah, pop: _Populasi, seed: int) -> pd.DataFrame:
    """All UMKM of the KKB over the data years, each with an owner family in its KKB area."""
    rng = _sub_rng(seed, 10)
    akhir = len(pop.tahun) - 1
    tetap = (pop.masuk == 0) & (pop.keluar == akhir)
    kkb_f = _keanggotaan(wil, pop.tahun[-1], pop.kel, pop.rw)
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


# --------------------------------------------------------------------------------------------
# e-PPGBM (original export layout)
# --------------------------------------------------------------------------------------------


def _lms_umur(jk: np.ndarray, umur_hari: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WHO length/height-for-age M and S (length below 731 days, height from 731 days)."""
    bulan = umur_hari / HARI_PER_BULAN
    m = np.empty(len(jk))
    s = np.empty(len(jk))
    for sex, (mp, sp, mt, st) in _LHFA.items():
        a = (jk == sex) & (umur_hari < 731)
        b = (jk == sex) & (umur_hari >= 731)
        m[a] = np.interp(bulan[a], _BULAN_PANJANG, mp)
        s[a] = np.interp(bulan[a], _BULAN_PANJANG, sp)
        m[b] = np.interp(bulan[b], _BULAN_TINGGI, mt)
        s[b] = np.interp(bulan[b], _BULAN_TINGGI, st)
    return m, s


def _lms_berat(jk: np.ndarray, umur_hari: np.ndarray) -> tuple[np.ndarray, ...]:
    """WHO weight-for-age L, M, S."""
    bulan = umur_hari / HARI_PER_BULAN
    hasil = [np.empty(len(jk)) for _ in range(3)]
    for sex, tabel in _WFA.items():
        a = jk == sex
        for h, t in zip(hasil, tabel, strict=True):
            h[a] = np.interp(bulan[a], _BULAN_WFA, t)
    return tuple(hasil)


def _lms_bbtb(
    jk: np.ndarray, nilai: np.ndarray, umur_hari: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Weight-for-length (below 731 days) or weight-for-height L, M, S at the length/height in
    table space, and whether the value lies inside the table (else no exported z-score)."""
    el = np.empty(len(jk))
    m = np.empty(len(jk))
    s = np.empty(len(jk))
    tinggi = umur_hari >= 731
    for sex in (0, 1):
        for tabel, cm, pakai in ((_WFL, _CM_WFL, ~tinggi), (_WFH, _CM_WFH, tinggi)):
            a = (jk == sex) & pakai
            lam, mt, st = tabel[sex]
            el[a] = lam
            m[a] = np.interp(nilai[a], cm, mt)
            s[a] = np.interp(nilai[a], cm, st)
    dalam = np.where(tinggi, (nilai >= 65) & (nilai <= 120), (nilai >= 45) & (nilai <= 110))
    return el, m, s, dalam


def _z_lms(y: np.ndarray, el: np.ndarray, m: np.ndarray, s: np.ndarray) -> np.ndarray:
    """LMS z-score (L ≠ 0 everywhere here)."""
    return ((y / m) ** el - 1) / (el * s)


def _dari_z(z: np.ndarray, el: np.ndarray, m: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Inverse of the LMS z-score."""
    return m * (1 + el * s * z) ** (1 / el)


def _kategori(z: np.ndarray, batas: list[float], label: list[str]) -> pa.Array:
    """Permenkes 2/2020 category text (boundaries belong to the less extreme class)."""
    indeks = np.where(np.isnan(z), len(label), np.searchsorted(batas, z, side="left"))
    return _label(indeks, [*label, ""])


def _usia_teks(lahir: np.ndarray, ukur: np.ndarray) -> pa.Array:
    """'2 Tahun - 3 Bulan - 12 Hari' calendar age at measurement."""
    y1, m1, d1 = _komponen(lahir)
    y2, m2, d2 = _komponen(ukur)
    total_bulan = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1)
    awal = (np.asarray(lahir, dtype="int64").astype("datetime64[D]").astype("datetime64[M]")
            + total_bulan.astype("timedelta64[M]"))  # fmt: skip
    panjang = ((awal + 1).astype("datetime64[D]") - awal.astype("datetime64[D]")).astype(int)
    hari_awal = awal.astype("datetime64[D]").astype(np.int64) + np.minimum(d1, panjang) - 1
    sisa_hari = np.asarray(ukur, dtype=np.int64) - hari_awal
    return _gabung(
        _teks(total_bulan // 12), " Tahun - ", _teks(total_bulan % 12), " Bulan - ",
        _teks(sisa_hari), " Hari",
    )  # fmt: skip


def _pengukuran(pop: _Populasi, wil: _Wilayah, yi: int, seed: int) -> pd.DataFrame:
    """One row per (child, month) with a measurement in the data year (numeric values)."""
    tahun = pop.tahun[yi]
    rng = _sub_rng(seed, 11, tahun)
    ada_kel = (pop.masuk <= yi) & (pop.keluar >= yi)
    awal, akhir = _hari(f"{tahun}-01-01"), _hari(f"{tahun}-12-31")
    c = np.nonzero(ada_kel[pop.fam] & (pop.lahir > awal - 1827) & (pop.lahir < akhir))[0]
    f = pop.fam[c]
    hari_posyandu = rng.integers(4, 26, (len(wil.kode), 16, 12))
    bulan = np.arange(1, 13)
    tgl_bulan = np.array([_hari(f"{tahun}-{b:02d}-01") for b in bulan])
    tgl = tgl_bulan[None, :] + hari_posyandu[pop.kel[f], pop.rw[f]] - 1
    umur = tgl - pop.lahir[c][:, None]
    z_anak = _sub_rng(seed, 12).normal(0, 1, (len(pop.fam), 2))[c]
    pernah = _sub_rng(seed, 13, tahun).random(len(c)) > 0.04
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
    m_t, s_t = _lms_umur(jk, umur_h)
    nilai_tabel = m_t * (1 + s_t * haz)
    berdiri = umur_h >= 731
    salah = rng.random(n) < 0.02
    cara_berdiri = berdiri ^ salah
    tinggi = nilai_tabel - 0.7 * (~berdiri & cara_berdiri) + 0.7 * (berdiri & ~cara_berdiri)
    tinggi = np.round(tinggi, 1)
    berat = np.round(_dari_z(np.clip(whz, -4.5, 4.5), *_lms_bbtb(jk, nilai_tabel, umur_h)[:3]), 1)
    bulan_ukur = bulan[ib]
    tanpa_tinggi = ~np.isin(bulan_ukur, [2, 8]) & (rng.random(n) < 0.6)
    tinggi[tanpa_tinggi] = np.nan
    # exported z-scores, recomputed from the rounded values as the application does
    adj = tinggi + 0.7 * (~berdiri & cara_berdiri) - 0.7 * (berdiri & ~cara_berdiri)
    zs_tbu = (adj / m_t - 1) / s_t
    zs_bbu = _z_lms(berat, *_lms_berat(jk, umur_h))
    el, m_bt, s_bt, dalam = _lms_bbtb(jk, adj, umur_h)
    zs_bbtb = np.where(dalam, _z_lms(berat, el, m_bt, s_bt), np.nan)
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


def _tabel_eppgbm(pop: _Populasi, wil: _Wilayah, yi: int, seed: int) -> pd.DataFrame:
    """eppgbm.csv of year index yi in the export layout."""
    tahun = pop.tahun[yi]
    u = _pengukuran(pop, wil, yi, seed)
    u = u.iloc[np.lexsort((u["orang"], u["tgl"], pop.rw[u["fam"]], pop.kel[u["fam"]]))]
    u = u.reset_index(drop=True)
    rng = _sub_rng(seed, 14, tahun)
    n = len(u)
    o = u["orang"].to_numpy()
    f = u["fam"].to_numpy()
    kel = pop.kel[f]
    rw = pop.rw[f]
    rt = pop.rt[f]
    anak = _sub_rng(seed, 15).random((len(pop.fam), 4))[o]
    bb_lahir = np.clip(3.1 + 0.45 * _sub_rng(seed, 16).normal(0, 1, len(pop.fam))[o], 1.6, 4.6)
    gram = anak[:, 0] < 0.03
    bb_teks = pc.if_else(pa.array(gram), _teks(np.round(bb_lahir * 1000)), _angka_koma(bb_lahir))
    tb_lahir = np.round(np.clip(48.5 + 1.8 * (bb_lahir - 3.1) / 0.45, 42, 54) * 2) / 2
    tb_teks = pc.replace_substring(_angka_koma(tb_lahir), ",0", "")
    ibu = pop.ibu[o]
    kepala = np.searchsorted(pop.fam, f)
    ortu = np.where(ibu >= 0, pop.nama[np.maximum(ibu, 0)], pop.nama[kepala])
    kec_nama = [k.upper() for k in wil.kec_nama]
    kec_i = np.arange(len(wil.kode))[kel]
    grogol = (wil.kec_kode[kel] == "36.72.06") & (anak[:, 3] < 0.3)
    lingk = [x.upper() for x in _NAMA_LINGKUNGAN]
    posy = [x.upper() for x in _NAMA_POSYANDU]
    bln = u["bulan"].to_numpy()
    timbang = np.isin(bln, [2, 8])
    zs = {k: u[k].to_numpy() for k in ("zs_bbu", "zs_tbu", "zs_bbtb")}
    umur_b = u["umur_hari"].to_numpy() / HARI_PER_BULAN
    vit = np.where(timbang & (umur_b >= 6), np.where(rng.random(n) < 0.9, 1, 0), 2)
    pmt = (zs["zs_bbu"] < -2) & (rng.random(n) < 0.5)
    u_teks = rng.random((n, 4))
    rw_teks = pc.if_else(pa.array(u_teks[:, 1] < 0.1), _teks(rw), _nol(rw))
    rw_teks = pc.if_else(pa.array(u_teks[:, 2] < 0.005), pa.scalar("", pa.large_string()), rw_teks)
    kosong = pa.scalar("", pa.large_string())
    kolom = {
        "NIK": pc.if_else(pa.array(anak[:, 2] < 0.04), kosong, _teks(pop.nik[o])),
        "Nama": pc.utf8_upper(pa.array(pop.nama[o], pa.large_string())),
        "JK": _pilih(u["jk"].to_numpy() == 1, "P", "L"),
        "Tgl Lahir": _dmy(pop.lahir[o]),
        "BB Lahir": pc.if_else(pa.array(anak[:, 0] > 0.9), kosong, bb_teks),
        "TB Lahir": pc.if_else(pa.array(anak[:, 1] > 0.85), kosong, tb_teks),
        "Nama Ortu": pc.utf8_upper(pa.array(ortu, pa.large_string())),
        "Prov": "BANTEN",
        "Kab/Kota": "KOTA CILEGON",
        "Kec": pc.if_else(pa.array(grogol), pa.scalar("GROGOL", pa.large_string()),
                          _label(np.array([kec_nama.index(k.upper()) for k in wil.kec_nama])[kec_i],
                                 kec_nama)),
        "Pukesmas": pc.replace_substring(_label(np.array([kec_nama.index(k.upper())
                                                          for k in wil.kec_nama])[kec_i], kec_nama),
                                         "GEROGOL", "GROGOL"),
        "Desa/Kel": _nama_kelurahan_export(wil, kel, rng),
        "Posyandu": _gabung(_label((rw + kel) % len(posy), posy), " ", _nol(rw, 2)),
        "RT": pc.if_else(pa.array(u_teks[:, 0] < 0.1), _teks(rt), _nol(rt)),
        "RW": rw_teks,
        "Alamat": _gabung(
            "LINK. ", _label((kel * 7 + rw) % len(lingk), lingk), " RT ", _nol(rt), "/RW ", _nol(rw)
        ),
        "Usia Saat Ukur": _usia_teks(pop.lahir[o], u["tgl"].to_numpy()),
        "Tanggal Pengukuran": _dmy(u["tgl"].to_numpy()),
        "Bulan Pengukuran": _label(bln - 1, _NAMA_BULAN),
        "Status Bulan": _pilih(timbang, "Bulan Timbang", "Bulan Biasa"),
        "status tahun": str(tahun),
        "Berat": _angka_koma(u["berat"]),
        "Tinggi": _angka_koma(u["tinggi"]),
        "Cara Ukur": _pilih(u["cara_berdiri"].to_numpy(), "Berdiri", "Terlentang"),
        "LiLA": _angka_koma(u["lila"]),
        "BB/U": _kategori(zs["zs_bbu"], [-3, -2, 1], ["Berat Badan Sangat Kurang",
                          "Berat Badan Kurang", "Berat Badan Normal", "Risiko Berat Badan Lebih"]),
        "ZS BB/U": _angka_koma(zs["zs_bbu"], 2),
        "TB/U": _kategori(
            zs["zs_tbu"], [-3, -2, 3], ["Sangat Pendek", "Pendek", "Normal", "Tinggi"]
        ),
        "ZS TB/U": _angka_koma(zs["zs_tbu"], 2),
        "BB/TB": _kategori(zs["zs_bbtb"], [-3, -2, 1, 2, 3], ["Gizi Buruk", "Gizi Kurang",
                           "Gizi Baik", "Berisiko Gizi Lebih", "Gizi Lebih", "Obesitas"]),
        "ZS BB/TB": _angka_koma(zs["zs_bbtb"], 2),
        "Naik Berat Badan": _naik_berat(u),
        "PMT Diterima (kg)": _pilih(pmt, "1,5", ""),
        "Jml Vit A": _label(vit, ["0", "1", ""]),
        "KPSP": _label(np.select([u_teks[:, 3] < 0.6, u_teks[:, 3] < 0.66], [0, 1], 2),
                       ["Sesuai", "Meragukan", ""]),
        "KIA": _pilih(rng.random(n) < 0.85, "Ya", "Tidak"),
        "Detail Status": "Sudah Diukur",
        "status desa": _pilih(wil.kel_kkb[kel], "Lokus", "Non Lokus"),
    }  # fmt: skip
    return _bingkai(kolom)[KOLOM["eppgbm"]]


def _nama_kelurahan_export(wil: _Wilayah, kel: np.ndarray, rng: np.random.Generator) -> pa.Array:
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
    return _label(indeks, label)


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
    return _label(hasil, ["B", "N", "T", "O"])


# --------------------------------------------------------------------------------------------
# DTKS / P3KE / DTSEN
# --------------------------------------------------------------------------------------------


def _tabel_dtks(pop: _Populasi, pk: _DataPK, yi: int, seed: int) -> pd.DataFrame:
    """dtks.csv: DTKS (two extracts), P3KE (from 2022) and DTSEN (from 2025) records."""
    tahun = pop.tahun[yi]
    f = pk.fam
    tetap = _sub_rng(seed, 17).normal(0, 1, len(pop.kel))[f]
    skor = pop.kesejahteraan[f] + 0.06 * (tahun - 2023) + 0.45 * tetap
    skor = skor + 0.15 * _sub_rng(seed, 18, tahun).normal(0, 1, len(f))
    persen = (np.argsort(np.argsort(skor, kind="stable"), kind="stable") + 0.5) / len(f)
    desil = np.clip(np.ceil(persen * 10).astype(np.int64), 1, 10)
    u = _sub_rng(seed, 19).random((len(pop.kel), 9))[f]
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
        hari = _hari(f"{periode}-01") + (uu[:, 3] * 27).astype(np.int64)
        jkn_pbi = pop.jkn[f[idx]] == 1
        bagian.append(_bingkai({
            "no_kk": pc.if_else(pa.array(kunci < 0.12), None, _teks(pop.no_kk[f[idx]])),
            "nik": pc.if_else(pa.array(kunci < 0.22), _teks(pop.nik[kepala[idx]]), None),
            "sumber": sumber,
            "periode": periode,
            "desil": d,
            "status_dtks": _ya(status[idx]),
            "pkh": _ya(((d <= 2) & (uu[:, 4] < 0.55)) | ((d == 3) & (uu[:, 4] < 0.15))),
            "bpnt_sembako": _ya(
                ((d <= 3) & (uu[:, 5] < 0.65)) | ((d <= 5) & (sumber == "DTSEN") & (uu[:, 5] < 0.3))
            ),
            "pbi_jk": _ya(jkn_pbi | ((d <= 4) & (uu[:, 6] < 0.5))),
            "blt": _ya((d <= 3) & (uu[:, 7] < 0.35)),
            "pip": _ya(anak_sekolah[idx] & (d <= 3) & (uu[:, 8] < 0.5)),
            "tanggal_update": _tanggal_teks(hari),
        }))  # fmt: skip
    return pd.concat(bagian, ignore_index=True)[KOLOM["dtks"]]


# --------------------------------------------------------------------------------------------
# Dirty rows
# --------------------------------------------------------------------------------------------


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
            bagian = [_kolom_arrow(a), _kolom_arrow(b)]
            if bagian[0].type != bagian[1].type:
                bagian = [pc.cast(x, pa.large_string()) for x in bagian]
            gabung = pa.concat_arrays(bagian)
            kolom[c] = _seri_teks(pc.take(gabung, pa.array(urutan)))
        else:
            kolom[c] = pd.concat([a, b], ignore_index=True).take(urutan).reset_index(drop=True)
    return pd.DataFrame(kolom)


def _no_kk_palsu(rng: np.random.Generator, ada: set[str], k: int) -> list[str]:
    """Well-formed 16-digit KK numbers that belong to no family of the file."""
    hasil: list[str] = []
    while len(hasil) < k:
        calon = "3672" + _digit(
            rng, (1, 9, 2), (1, 29, 2), (1, 13, 2), (10, 23, 2), (9000, 9999, 4)
        )
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


def _suntik_kotor(
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
    teks[meter] = _angka_koma(angka[meter] / 100, 2).to_pylist()
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


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def _kolom_arrow(kolom: pd.Series) -> pa.Array:
    """One column as an Arrow array (text as large_string; mixed text/number object columns,
    e.g. text in a number column of a dirty row, become text)."""
    try:
        arr = pa.array(kolom, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        arr = pa.array([None if v is None or v != v else str(v) for v in kolom], pa.large_string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_string(arr.type) or pa.types.is_null(arr.type):
        arr = pc.cast(arr, pa.large_string())
    return arr


def _badan_dikutip(kolom: list[pa.Array], sep: str) -> bytes:
    """CSV body with RFC 4180 quotes on exactly the cells that need them (slow path)."""
    sel = []
    for arr in kolom:
        teks = pc.fill_null(pc.cast(arr, pa.large_string()), "")
        perlu = pc.match_substring_regex(teks, f'[{re.escape(sep)}"\r\n]')
        if pc.any(perlu).as_py():
            q = pa.scalar('"', pa.large_string())
            dikutip = pc.binary_join_element_wise(
                q, pc.replace_substring(teks, '"', '""'), q, pa.scalar("", pa.large_string())
            )
            teks = pc.if_else(perlu, dikutip, teks)
        sel.append(teks)
    baris = pc.binary_join_element_wise(*sel, pa.scalar(sep, pa.large_string())).to_pylist()
    return ("\n".join(baris) + "\n").encode("utf-8")


def _tulis_csv(df: pd.DataFrame, path: Path, sep: str = ",") -> None:
    """Write a raw CSV deterministically: fixed columns, LF line ends, UTF-8, empty = null,
    quotes only where a value needs them (RFC 4180)."""
    kepala = sep.join(f'"{c}"' if re.search(f'[{re.escape(sep)}"]', c) else c for c in df.columns)
    badan = b""
    if len(df):
        kolom = [_kolom_arrow(df[c]) for c in df.columns]
        tabel = pa.Table.from_arrays(kolom, names=[f"k{i}" for i in range(len(kolom))])
        opsi = pa.csv.WriteOptions(include_header=False, delimiter=sep, quoting_style="none")
        keluaran = io.BytesIO()
        try:  # fast path: Arrow refuses any value that would need quoting
            pa.csv.write_csv(tabel, keluaran, opsi)
            badan = keluaran.getvalue()
        except pa.ArrowInvalid:
            badan = _badan_dikutip(kolom, sep)
    path.write_bytes((kepala + "\n").encode("utf-8") + badan)


def _tulis_xlsx(df: pd.DataFrame, path: Path) -> None:
    """Write the first sheet with every cell as text and fixed document/zip timestamps."""
    wb = Workbook()
    ws = wb.active
    ws.title = "UMKM"
    ws.append(list(df.columns))
    for baris in df.itertuples(index=False, name=None):
        ws.append([None if (v is None or v != v) else str(v) for v in baris])
    wb.properties.created = _TANGGAL_TETAP_XLSX
    wb.properties.modified = _TANGGAL_TETAP_XLSX
    wb.properties.creator = "kkb sampel"
    mentah = io.BytesIO()
    wb.save(mentah)
    _zip_deterministik(mentah.getvalue(), path)


def _zip_deterministik(data: bytes, path: Path) -> None:
    """Rewrite a zip with fixed entry timestamps (and a fixed docProps modified date)."""
    tanggal = _TANGGAL_TETAP_XLSX.strftime("%Y-%m-%dT%H:%M:%SZ")
    keluar = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            isi = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                isi = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(<)",
                    rb"\g<1>" + tanggal.encode() + rb"\2",
                    isi,
                )
            baru = zipfile.ZipInfo(info.filename, date_time=(2023, 1, 1, 0, 0, 0))
            baru.compress_type = zipfile.ZIP_DEFLATED
            baru.external_attr = 0o600 << 16
            zout.writestr(baru, isi)
    path.write_bytes(keluar.getvalue())


def _teks_penanda(seed: int, skala: float, tahun: int, jumlah: dict[str, int]) -> str:
    """Content of the synthetic-data marker file."""
    baris = [
        "Data sintetis buatan `kkb sampel` — bukan data nyata; NIK/No. KK/nama palsu; "
        f"seed={seed}, skala={skala:g}; disandikan dengan salt demo.",
        "",
        f"Tahun data: {tahun}. Semua NIK, nomor KK, nama dan alamat dibangkitkan secara acak; "
        "kemiripan dengan orang nyata adalah kebetulan. Jangan dicampur dengan data/raw asli.",
        "",
        "Baris kotor yang sengaja disisipkan (jenis: jumlah, file — keterangan):",
    ]
    for jenis, v in describe_dirty_rows(skala).items():
        baris.append(f"- {jenis}: {v['jumlah_per_tahun']}, {v['file']} — {v['keterangan']}")
    baris += ["", "Jumlah baris per file:"]
    baris += [f"- {k}: {v}" for k, v in jumlah.items()]
    return "\n".join(baris) + "\n"


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def _tabel_satu_tahun(
    pop: _Populasi, wil: _Wilayah, kode: dict, rumah: dict, umkm: pd.DataFrame, yi: int,
    seed: int, skala: float,
) -> tuple[dict[str, pd.DataFrame], dict]:  # fmt: skip
    """All raw tables of one data year (clean), plus extra rows needed for dirty kinds."""
    tahun = pop.tahun[yi]
    rng = _sub_rng(seed, 30, tahun)
    anggota, o, umur_hari, no_urut = _tabel_anggota(pop, wil, yi, rng, skala)
    jumlah = np.bincount(pop.fam[o], minlength=len(pop.kel))
    keluarga, f = _tabel_keluarga(pop, wil, rumah, seed, yi, jumlah)
    kb, kb_fam, tua = _tabel_kb(pop, wil, seed, yi, o, umur_hari, no_urut)
    umur_th = _umur_tahun(pop.lahir[o], pop.tgl[pop.fam[o], yi])
    kb_tua = _baris_kb(pop, wil, seed + 1, yi, o, umur_th, no_urut, tua)
    pk = _DataPK(tahun, keluarga, anggota, kb, f, _keanggotaan(wil, tahun, pop.kel[f], pop.rw[f]),
                 o, umur_hari, kb_fam)  # fmt: skip
    um = umkm[(umkm["_mulai"] <= tahun) & umkm["_fam"].isin(f)]
    pemilik = pd.Series(um["umkm_id"].to_numpy(), index=um["_fam"].to_numpy())
    keluarga["umkm_id"] = pemilik.reindex(f).to_numpy()
    profil, poktan_ada = _tabel_profil(wil, tahun, seed)
    eppgbm = _tabel_eppgbm(pop, wil, yi, seed)
    tabel = {
        "kkb": _tabel_kkb(wil, tahun, seed),
        "kkb_profil": profil,
        "kkb_kkbpk": _tabel_kkbpk(wil, tahun, seed, pk, poktan_ada, pop),
        "kkb_intervensi": _tabel_intervensi(wil, tahun, seed, kode),
        "kkb_umkm": um[KOLOM["kkb_umkm"]].reset_index(drop=True),
        "pk_keluarga": keluarga,
        "pk_anggota": anggota,
        "pk_kb": kb,
        "eppgbm": eppgbm,
        "dtks": _tabel_dtks(pop, pk, yi, seed),
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
    ref, kode = _muat_referensi()
    wil = _siapkan_wilayah(ref, seed)
    pop = _bangkitkan_populasi(wil, tahun, scale, seed)
    rumah = _rumah(pop, seed)
    umkm = _master_umkm(wil, pop, seed)
    hasil: dict[int, dict[str, int]] = {}
    for yi, th in enumerate(tahun):
        tabel, ekstra = _tabel_satu_tahun(pop, wil, kode, rumah, umkm, yi, seed, scale)
        _suntik_kotor(tabel, ekstra, _sub_rng(seed, 40, th), scale)
        folder = tujuan / str(th)
        folder.mkdir(parents=True, exist_ok=True)
        jumlah: dict[str, int] = {}
        sidik: dict[str, str] = {}
        for nama, df in tabel.items():
            df = df[KOLOM[nama]]
            if nama in _FILE_XLSX:
                path = folder / f"{nama}.xlsx"
                _tulis_xlsx(df, path)
            else:
                path = folder / f"{nama}.csv"
                _tulis_csv(df, path, sep=";" if nama == "eppgbm" else ",")
            jumlah[nama] = len(df)
            sidik[path.name] = sha256_file(path)
        # the hashes let config.load_salt accept the demo salt only for these exact files
        (folder / SAMPLE_MARKER).write_text(
            _teks_penanda(seed, scale, th, jumlah) + "\n" + sample_hash_section(sidik),
            encoding="utf-8",
        )
        hasil[th] = jumlah
        logger.info("sampel %s: %s", th, ", ".join(f"{k}={v}" for k, v in jumlah.items()))
    logger.info(
        "sampel sintetis selesai dalam %.1f detik → %s", time.perf_counter() - mulai, tujuan
    )
    return hasil
