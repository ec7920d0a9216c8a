"""The words of out_aksi / out_tindak_lanjut rows (kkb_analysis/laporan/kata_aksi.py).

Expected values are written by hand from the row values and the reference files. The action
sentences are prose analysts may reword (the action texts in ``referensi/aksi.yaml``, the
sentence in ``kata_aksi.py``): their tests check the numbers, the owners, the action text read
from its home and the fixed terms (:mod:`tests.kalimat`), and run on the module and on a copy
with reworded sentences and reworded action texts (:func:`_diubah`), which proves it.
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from kkb_analysis.config import load_reference
from kkb_analysis.indikator.aksi import STATUS, aturan_aksi
from kkb_analysis.laporan import kata_aksi as ka
from tests.kalimat import cek_kalimat, normal, salinan_diubah, terdekat

#: An analyst's rewording of kata_aksi.py (same placeholders, other words).
UBAHAN = [
    ('teks += f" (didukung {', 'teks += f" (bersama {'),
    (", kini {_format(", " saat ini {_format("),
    ("}. Ukuran: {teks_ukuran(", "}. Diukur dengan {teks_ukuran("),
    ('}; target "\n', '}, dengan target "\n'),
    (
        'f"{teks_target(baris)} paling lambat {teks_tenggat(baris)}; sumber anggaran "',
        'f"{teks_target(baris)} sebelum akhir {teks_tenggat(baris)}. Dana: "',
    ),
]


def _diubah():
    """kata_aksi with reworded sentences and every action text of aksi.yaml reworded too
    (same placeholders: ``{program}``, ``{umur.sekolah.SMA}``)."""
    m = salinan_diubah(ka, UBAHAN)
    asli = aturan_aksi()
    ubah = {k: dataclasses.replace(a, teks=f"mohon {a.teks} secepatnya") for k, a in asli.items()}
    m.aturan_aksi = lambda: ubah
    return m


@pytest.fixture(params=["asli", "diubah"])
def kata(request):
    """The kata_aksi module, and a reworded one (:func:`_diubah`)."""
    return ka if request.param == "asli" else _diubah()


def _teks_rumah(kata, kode: str) -> str:
    """The action text of its home (aksi.yaml, as the module reads it), no setting in it."""
    teks = kata.aturan_aksi()[kode].teks
    assert "{" not in teks
    return teks


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


def test_deadline_owner_instrument(kata):
    # month names are fixed terms (format.BULAN)
    assert kata.teks_tenggat(_baris()) == "Desember 2024"
    assert kata.teks_tenggat("2025-06-30") == "Juni 2025"
    # owner first, then the supporting agencies; names from opd.yaml (short names)
    pj = kata.penanggung_jawab(_baris())
    cek_kalimat(pj, kata=["DP3AP2KB", "Puskesmas"], semua_angka=True)
    assert pj.startswith("DP3AP2KB")
    assert kata.penanggung_jawab(_baris(opd_pendukung=None)) == "DP3AP2KB"  # a name alone
    pj = kata.penanggung_jawab(_baris(opd="dinkes", opd_pendukung="dp3ap2kb;bappeda"))
    cek_kalimat(pj, kata=["Dinkes", "DP3AP2KB", "Bappeda"])
    assert pj.startswith("Dinkes")
    # a stored action of an older version owned by the TPPS team: printed as the forum
    pj = kata.penanggung_jawab(_baris(opd="tpps", opd_pendukung="dinkes"))
    cek_kalimat(pj, kata=["Tim Percepatan Penurunan Stunting (TPPS)", "Dinkes"])
    assert pj.startswith("Tim Percepatan")
    assert kata.penanggung_jawab(_baris(opd="dinsos", opd_pendukung=None), lengkap=True) == (
        "Dinas Sosial"
    )
    assert kata.nama_instrumen("dana_kelurahan", singkat=True) == "Dana Kelurahan"
    assert kata.nama_instrumen("bokb").startswith("BOKB (DAK nonfisik")
    assert kata.nama_instrumen(None) == "-"


def test_measure_and_target_words(kata):
    cek_kalimat(kata.teks_ukuran(_baris()), angka=["57,8%"], semua_angka=True, kata=["CPR (PK)"])
    # the direction sign goes with the target number; the basis names the comparator
    target = kata.teks_target(_baris())
    cek_kalimat(target, angka=["62,4%"], semua_angka=True, kata=["Kota Cilegon", "luar KKB"])
    assert terdekat(target, "≥") == "62,4%"
    target = kata.teks_target(_baris(dasar_target="kota", nilai_target=3.9))
    cek_kalimat(
        target, angka=["3,9%"], semua_angka=True, kata=["≥", "Kota Cilegon"], bukan=["luar KKB"]
    )
    indeks = _baris(indikator="index_output", nilai_target=3.0, dasar_target="tingkat_berikut")
    cek_kalimat(kata.teks_target(indeks), angka=["3,00"], semua_angka=True, kata=["≥", "tingkat"])
    resmi = _baris(
        indikator="unmet_need_pct",
        nilai_target=7.4,
        arah_target="turun_baik",
        dasar_target="unmet_need_rpjmn_2020_2024",
    )
    cek_kalimat(kata.teks_target(resmi), angka=["7,4%"], kata=["≤", "RPJMN 2020–2024"], bukan=["≥"])
    inpres = _baris(
        kode_aksi="inpres_c",
        indikator="n_intervensi_non_kb_program_c",
        nilai_sekarang=0.0,
        nilai_target=1.0,
        dasar_target="aturan_aksi",
    )
    cek_kalimat(kata.teks_target(inpres), angka=["1"], semua_angka=True, kata=["≥", "kegiatan"])
    program = load_reference("kode")["inpres_program"]["kode"]["c"]
    cek_kalimat(  # the programme area by name, never "area c"
        kata.teks_ukuran(inpres),
        angka=["0"],  # the count now; "Inpres 3/2022" is a name
        kata=[program, "Inpres 3/2022"],
        bukan=["area c"],
    )
    assert kata.teks_target(_baris(nilai_target=None)) == "data tidak cukup"


def test_action_texts_quote_settings_and_programme(kata):
    # {umur.sekolah.SMA}: the school age range of the settings, 16–18 by default
    cek_kalimat(kata.teks_aksi("sekolah"), angka=["16", "18"], semua_angka=True)
    lain = kata.teks_aksi("sekolah", {"umur": {"sekolah": {"SMA": [15, 17]}}})
    cek_kalimat(lain, angka=["15", "17"], semua_angka=True)
    program = load_reference("kode")["inpres_program"]["kode"]["c"]
    cek_kalimat(kata.teks_aksi("inpres_c"), kata=[program], bukan=["{program}"])
    rumah = _teks_rumah(kata, "kb_akses")
    assert normal(kata.teks_aksi(_baris())) == normal(rumah[:1].upper() + rumah[1:])
    kalimat = kata.kalimat_aksi(_baris())
    cek_kalimat(
        kalimat,
        angka=["57,8%", "62,4%", "2024"],
        semua_angka=True,
        # who, what (the text of its home), measure, target basis, deadline, budget
        kata=["DP3AP2KB", "Puskesmas", rumah, "CPR (PK)", "Kota Cilegon", "Desember", "BOKB"],
        dekat={"Desember": "2024", "CPR (PK)": "57,8%"},
    )
    assert terdekat(kalimat, "≥") == "62,4%"
    assert normal(kalimat).startswith("DP3AP2KB")


def test_no_developer_text_in_any_action_or_status(kata):
    """Every action and status in words: no snake_case code, no brace, no file path."""
    kode = re.compile(r"\b[a-z]+_[a-z_]+\b|[{}]|\.ya?ml|\.csv|\.parquet")
    for k in kata.aturan_aksi():
        for teks in (kata.teks_aksi(k), kata.penanggung_jawab(k), kata.pihak_aksi(k)):
            assert not kode.search(teks), (k, teks)
    assert set(ka.KATA_STATUS) == set(STATUS)
    for teks in ka.KATA_STATUS.values():
        assert not kode.search(teks)


def test_tables(kata):
    aksi = pd.DataFrame(
        [_baris(urutan=2), _baris(kode_aksi="mkjp", indikator="mkjp_pct", urutan=1)]
    )
    t = kata.tabel_aksi(aksi)
    assert list(t.columns) == list(ka.KOLOM_TABEL)
    rumah = _teks_rumah(kata, "mkjp")  # urutan 1 first
    assert normal(t["Aksi"].iloc[0]) == normal(rumah[:1].upper() + rumah[1:])
    assert t["Sumber anggaran"].iloc[0].startswith("BOKB")
    tl = pd.DataFrame(
        [
            {**_baris(), "urutan_aksi": 1, "nilai_awal": 55.0, "status_tindak_lanjut": "membaik"},
            {**_baris(), "urutan_aksi": 2, "nilai_awal": 55.0, "nilai_sekarang": None,
             "status_tindak_lanjut": "tidak_dapat_dinilai"},
        ]
    )  # fmt: skip
    t = kata.tabel_tindak_lanjut(tl)
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
