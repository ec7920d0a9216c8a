"""Indonesian person names of the sample (common Indonesian / Sundanese / Javanese given names
[asumsi]), by sex and generation.
"""

from __future__ import annotations

import numpy as np


def daftar_kata(teks: str) -> list[str]:
    """Split a whitespace-separated word list."""
    return teks.split()


_NAMA_L_TUA = daftar_kata(
    "Ahmad Asep Dedi Agus Budi Hendra Rudi Iwan Ujang Dadang Yusuf Heri Wahyu Eko Joko "
    "Slamet Bambang Tatang Cecep Hasan Rahmat Arif Jaenudin Sukardi Mulyadi Suherman Saepul "
    "Nanang Deni Yayan Iman Rohmat Sahroni Jamaludin Marzuki Sarmin Kurdi Engkos Tubagus "
    "Mad Sanusi Usman Zaenal Abdul Mulyana"
)
_NAMA_L_MUDA = daftar_kata(
    "Muhammad Rizki Fajar Andi Ilham Dimas Bayu Reza Fikri Irfan Aldi Rafi Daffa Arkan "
    "Alif Farhan Naufal Haikal Raka Zidan Galih Yoga Dafa Rendi Aditya Bagas Akbar Ikhsan "
    "Ferdi Gilang Hafiz Kevin Rayhan Azka Fatih Abdullah Umar Khalid Satria Arya"
)
_NAMA_P_TUA = daftar_kata(
    "Siti Nur Dewi Sri Rina Yuli Ani Lia Eli Imas Euis Neneng Nurhayati Aisyah Ratna Tuti "
    "Iis Popon Enok Nia Kartini Hasanah Maesaroh Rohayati Juariah Jubaedah Mulyani Yanti "
    "Susanti Dian Emah Onah Halimah Muniroh Rukoyah Romlah Sumiati Wartini Karsih Sunarsih"
)
_NAMA_P_MUDA = daftar_kata(
    "Nabila Zahra Salsabila Aulia Khairunnisa Anisa Putri Intan Ayu Wulan Fitri Rani "
    "Nadia Syifa Alya Keisha Naura Kayla Azzahra Shakira Adinda Bunga Citra Dinda Elsa Gita "
    "Hana Indah Jihan Laila Melati Nayla Qonita Rahma Tiara Vina Yasmin Zaskia Amira Hilya"
)
_NAMA_BELAKANG_L = daftar_kata(
    "Saputra Hidayat Permana Kurniawan Setiawan Gunawan Nugraha Pratama Wijaya Firmansyah "
    "Ramadhan Hermawan Sudrajat Maulana Santoso Suryadi Hakim Fauzi Rohman Sopian "
    "Hidayatullah Syahputra Maulidi Akbar Munandar"
)
_NAMA_BELAKANG_P = daftar_kata(
    "Lestari Rahayu Wati Handayani Kurniasih Fitriani Sari Permatasari Maharani Anggraeni "
    "Oktaviani Nurjanah Purnamasari Marlina Komalasari Susilawati Apriani Septiani "
    "Ramadhani Nuraeni Hasanah Rahmawati Safitri Khoirunnisa Azzahra"
)


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


def beri_nama(rng: np.random.Generator, jk: np.ndarray, tahun_lahir: np.ndarray) -> np.ndarray:
    """Indonesian names by sex (0 = L, 1 = P) and generation (born from 1995 = modern names)."""
    nama = np.empty(len(jk), dtype=object)
    u = rng.random(len(jk))
    muda = (tahun_lahir >= 1995).astype(int)
    for (s, g), tabel in _NAMA_TABEL.items():
        m = (jk == s) & (muda == g)
        nama[m] = tabel[(u[m] * len(tabel)).astype(int)]
    return nama
