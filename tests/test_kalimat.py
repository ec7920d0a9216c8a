"""The wording-free sentence checks themselves (tests/kalimat.py): hand-written sentences."""

from __future__ import annotations

import pytest

from tests.kalimat import angka_di, cek_kalimat, terdekat

K = (
    "CPR (PK) di Kampung KB Cikerai 58,0% — lebih buruk daripada kelurahan Cikerai (60,1%) dan "
    "lebih baik daripada Kota Cilegon (54,0%)."
)
#: The same facts, other words and order.
K2 = (
    "Dibanding Kota Cilegon (54,0%) CPR (PK) Kampung KB Cikerai, 58,0%, lebih baik; dibanding "
    "kelurahan Cikerai (60,1%) lebih buruk."
)


def test_numbers_are_whole_tokens():
    assert angka_di("55,2% dan 1.234; 2020–2024, +0,7 dan −3,9; 36.72.01.1004.") == [
        "55,2%",
        "1.234",
        "2020",
        "2024",
        "+0,7",
        "−3,9",
        "36.72.01.1004",
    ]
    with pytest.raises(AssertionError):
        cek_kalimat("Nilainya 55,2%.", angka=["5,2%"])  # not inside 55,2%
    with pytest.raises(AssertionError):
        cek_kalimat("Nilainya 55,24%.", angka=["55,2%"])  # an unrounded number is another one


#: The facts of K (and of K2, the same facts in other words).
FAKTA_K = {
    "angka": ["58,0%", "60,1%", "54,0%"],
    "semua_angka": True,
    "kata": ["CPR (PK)"],
    "dekat": {"kelurahan Cikerai": "60,1%", "Kota Cilegon": "54,0%"},
    "relasi": {"kelurahan Cikerai": "lebih buruk", "Kota Cilegon": "lebih baik"},
}


@pytest.mark.parametrize("teks", [K, K2])
def test_the_same_facts_in_other_words_pass(teks):
    cek_kalimat(teks, **FAKTA_K)


@pytest.mark.parametrize(
    ("teks", "salah"),
    [
        (K.replace("54,0%", "54,1%"), "angka lain"),
        (K.replace("(60,1%)", "(54,0%)").replace("(54,0%).", "(60,1%)."), "angka tertukar"),
        (
            K.replace("lebih buruk", "X")
            .replace("lebih baik", "lebih buruk")
            .replace("X", "lebih baik"),
            "relasi tertukar",
        ),
        (K.replace("CPR (PK)", "CPR"), "istilah hilang"),
        (K + " Angka 7.", "angka tambahan"),
    ],
)
def test_wrong_facts_fail(teks, salah):
    with pytest.raises(AssertionError):
        cek_kalimat(teks, **FAKTA_K)


def test_terms_are_whole_words_and_ties_fail():
    with pytest.raises(AssertionError):
        cek_kalimat("Ada kenaikan.", kata=["naik"])
    cek_kalimat("Tingkatnya  NAIK\nlagi.", kata=["naik lagi"])  # case and white space free
    with pytest.raises(AssertionError):
        terdekat("A 1 B 2", "B")  # 1 and 2 are equally near B
