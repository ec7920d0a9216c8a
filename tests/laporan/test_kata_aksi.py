"""The words of out_aksi / out_tindak_lanjut rows (kkb_analysis/laporan/kata_aksi.py).

Expected strings are written by hand from the row values and the reference files.
"""

from __future__ import annotations

import re

import pandas as pd

from kkb_analysis.indikator.aksi import STATUS, aturan_aksi
from kkb_analysis.laporan import kata_aksi as ka


def _baris(**isi):
    baku = {
        "kode_aksi": "kb_akses",
        "indikator": "cpr_pct",
        "nilai_sekarang": 57.849,
        "nilai_target": 62.40016,
        "dasar_target": "kota_luar_kkb",
        "arah_target": "naik_baik",
        "opd": "dp3ap2kb",
        "opd_pendukung": "puskesmas",
        "tenggat": "2024-12-31",
        "instrumen": "bokb",
        "urutan": 1,
    }
    return {**baku, **isi}


def test_deadline_owner_instrument():
    assert ka.teks_tenggat(_baris()) == "Desember 2024"
    assert ka.teks_tenggat("2025-06-30") == "Juni 2025"
    assert ka.penanggung_jawab(_baris()) == "DP3AP2KB (didukung Puskesmas)"
    assert ka.penanggung_jawab(_baris(opd_pendukung=None)) == "DP3AP2KB"
    assert ka.penanggung_jawab(_baris(opd="dinkes", opd_pendukung="dp3ap2kb;bappeda")) == (
        "Dinkes (didukung DP3AP2KB dan Bappeda)"
    )
    # a stored action of an older version owned by the TPPS team: printed as the forum
    assert ka.penanggung_jawab(_baris(opd="tpps", opd_pendukung="dinkes")) == (
        "Tim Percepatan Penurunan Stunting (TPPS) (didukung Dinkes)"
    )
    assert ka.penanggung_jawab(_baris(opd="dinsos", opd_pendukung=None), lengkap=True) == (
        "Dinas Sosial"
    )
    assert ka.nama_instrumen("dana_kelurahan", singkat=True) == "Dana Kelurahan"
    assert ka.nama_instrumen("bokb").startswith("BOKB (DAK nonfisik")
    assert ka.nama_instrumen(None) == "-"


def test_measure_and_target_words():
    assert ka.teks_ukuran(_baris()) == "CPR (PK), kini 57,8%"
    assert ka.teks_target(_baris()) == "≥ 62,4% (setara Kota Cilegon di luar KKB)"
    assert ka.teks_target(_baris(dasar_target="kota", nilai_target=3.9)) == (
        "≥ 3,9% (setara Kota Cilegon)"
    )
    indeks = _baris(indikator="index_output", nilai_target=3.0, dasar_target="tingkat_berikut")
    assert ka.teks_target(indeks) == "≥ 3,00 (syarat naik ke tingkat berikutnya)"
    resmi = _baris(
        indikator="unmet_need_pct",
        nilai_target=7.4,
        arah_target="turun_baik",
        dasar_target="unmet_need_rpjmn_2020_2024",
    )
    assert ka.teks_target(resmi).startswith("≤ 7,4% (target RPJMN 2020–2024")
    inpres = _baris(
        kode_aksi="inpres_c",
        indikator="n_intervensi_non_kb_program_c",
        nilai_sekarang=0.0,
        nilai_target=1.0,
        dasar_target="aturan_aksi",
    )
    assert ka.teks_target(inpres) == "≥ 1 kegiatan"
    assert ka.teks_ukuran(inpres) == (
        'Kegiatan lintas sektor "Akses & pelayanan kesehatan termasuk KB-KR melalui PKBM/UKBM '
        '(Posyandu)" (Inpres 3/2022), kini 0'
    )  # the programme area by name, never "area c"
    assert ka.teks_target(_baris(nilai_target=None)) == "data tidak cukup"


def test_action_texts_quote_settings_and_programme():
    assert "anak usia 16–18 tahun" in ka.teks_aksi("sekolah")
    lain = ka.teks_aksi("sekolah", {"umur": {"sekolah": {"SMA": [15, 17]}}})
    assert "anak usia 15–17 tahun" in lain
    assert '"Akses & pelayanan kesehatan termasuk KB-KR' in ka.teks_aksi("inpres_c")
    assert ka.teks_aksi(_baris()).startswith("Perluas akses pelayanan KB-KR")
    kalimat = ka.kalimat_aksi(_baris())
    assert kalimat == (
        "DP3AP2KB (didukung Puskesmas): perluas akses pelayanan KB-KR melalui Posyandu/UKBM dan "
        "pelayanan KB bergerak, dengan penjangkauan PUS oleh PKB/PLKB dan kader. Ukuran: CPR "
        "(PK), kini 57,8%; target ≥ 62,4% (setara Kota Cilegon di luar KKB) paling lambat "
        "Desember 2024; sumber anggaran BOKB."
    )


def test_no_developer_text_in_any_action_or_status():
    """Every action and status in words: no snake_case code, no brace, no file path."""
    kode = re.compile(r"\b[a-z]+_[a-z_]+\b|[{}]|\.ya?ml|\.csv|\.parquet")
    for k in aturan_aksi():
        for teks in (ka.teks_aksi(k), ka.penanggung_jawab(k), ka.pihak_aksi(k)):
            assert not kode.search(teks), (k, teks)
    assert set(ka.KATA_STATUS) == set(STATUS)
    for teks in ka.KATA_STATUS.values():
        assert not kode.search(teks)


def test_tables():
    aksi = pd.DataFrame(
        [_baris(urutan=2), _baris(kode_aksi="mkjp", indikator="mkjp_pct", urutan=1)]
    )
    t = ka.tabel_aksi(aksi)
    assert list(t.columns) == list(ka.KOLOM_TABEL)
    assert t["Aksi"].iloc[0].startswith("Tingkatkan konseling dan pelayanan MKJP")  # urutan 1
    assert t["Sumber anggaran"].iloc[0].startswith("BOKB")
    tl = pd.DataFrame(
        [
            {**_baris(), "urutan_aksi": 1, "nilai_awal": 55.0, "status_tindak_lanjut": "membaik"},
            {**_baris(), "urutan_aksi": 2, "nilai_awal": 55.0, "nilai_sekarang": None,
             "status_tindak_lanjut": "tidak_dapat_dinilai"},
        ]
    )  # fmt: skip
    t = ka.tabel_tindak_lanjut(tl)
    assert list(t.columns) == list(ka.KOLOM_TABEL_TINDAK_LANJUT)
    assert t["Awal"].tolist() == ["55,0%", "55,0%"]
    assert t["Sekarang"].tolist() == ["57,8%", "data tidak cukup"]
    assert t["Status"].tolist() == [
        "Membaik, belum mencapai target",
        "Belum dapat dinilai (data tidak cukup)",
    ]


def test_kapital_keeps_the_capitals_of_names():
    """A note that starts with a target's origin keeps "Kota Cilegon" and "KKB" as written
    (str.capitalize printed "Setara kota cilegon di luar kkb" in the profil)."""
    from kkb_analysis.laporan.kata_aksi import kapital

    assert kapital("setara Kota Cilegon di luar KKB") == "Setara Kota Cilegon di luar KKB"
    assert kapital("") == ""
