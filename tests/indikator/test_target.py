"""Official targets (indikator/target.py, referensi/target.yaml, config/target.yaml).

Expected values are copied by hand from /work/shared/domain/targets.md (the seed) or worked out
by hand in the comments.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from kkb_analysis.config import DEFAULT_TARGET_FILE, ConfigError
from kkb_analysis.indikator import target as tg
from kkb_analysis.indikator.katalog import atau_bawaan, katalog
from kkb_analysis.indikator.target import StatusTarget
from kkb_analysis.laporan import kata_banding


def _e(kolom: str):
    return katalog().get(kolom)


@pytest.fixture(scope="module")
def paket():
    return tg.baca_target(DEFAULT_TARGET_FILE)


def _tulis(tmp_path: Path, teks: str, nama: str = "target.yaml") -> Path:
    path = tmp_path / nama
    path.write_text(teks, encoding="utf-8")
    return path


def _u(sertakan: bool):
    p = dict(atau_bawaan(None))
    p["target"] = {"sertakan_belum_terverifikasi": sertakan}
    return p


LOKAL = """
cpr_daerah:
  label: CPR, target RPJMD
  dokumen: RPJMD Kota Cilegon 2021–2026
  tingkat: kota
  arah: naik_baik
  sumber_data: pk
  catatan: ""
  nilai:
    - {tahun: 2023, nilai: 65.0, keyakinan: P, rujukan: RPJMD}
unmet_need_daerah:
  label: Unmet need, target Renstra
  dokumen: Renstra DP3AP2KB
  tingkat: kota
  arah: turun_baik
  sumber_data: pk
  catatan: ""
  kolom: [kkbpk_unmet_need_pct]
  nilai:
    - {tahun: 2023, nilai: 7.5, keyakinan: P, rujukan: Renstra}
"""


# ------------------------------------------------------------------------ the seeded file
def test_seed_values_from_targets_md(paket):
    def nilai(kunci, tahun):
        return next(n for n in paket[kunci].nilai if n.tahun == tahun)

    # targets.md "National: RPJMN 2020–2024": mCPR 2022 62.54 P, 2023 62.91 U
    assert (
        nilai("mcpr_rpjmn_2020_2024", 2022).nilai,
        nilai("mcpr_rpjmn_2020_2024", 2022).keyakinan,
    ) == (62.54, "P")
    assert nilai("mcpr_rpjmn_2020_2024", 2023).keyakinan == "U"
    assert nilai("unmet_need_rpjmn_2020_2024", 2022).nilai == 8.0
    assert nilai("ibangga_rpjmn_2020_2024", 2023).nilai == 59.0
    assert not any(n.tahun == 2020 for n in paket["ibangga_rpjmn_2020_2024"].nilai)  # baseline
    # stunting path 24.1 / 21.1 / 18.4 / 16.0 / 14.0 (2020–2024), RPJMN 2025–2029, Cilegon 9 %
    assert [n.nilai for n in paket["stunting_rpjmn_2020_2024"].nilai] == [
        24.1,
        21.1,
        18.4,
        16.0,
        14.0,
    ]
    assert [(n.tahun, n.nilai) for n in paket["stunting_rpjmn_2025_2029"].nilai] == [
        (2025, 18.8),
        (2029, 14.2),
    ]
    assert (
        paket["stunting_cilegon"].tingkat == "kota"
        and paket["stunting_cilegon"].nilai[0].nilai == 9
    )
    assert paket["krs_pendampingan_ranpasti"].nilai[0].keyakinan == "U"
    # targets not found locally are empty slots, never invented values
    for k in ("cpr_daerah", "unmet_need_daerah", "ibangga_daerah"):
        assert paket[k].nilai == ()
    # the source mismatch of targets.md "Read this first" is carried as a caveat
    assert "Pendataan Keluarga" in paket["unmet_need_rpjmn_2020_2024"].catatan
    assert "e-PPGBM" in paket["stunting_rpjmn_2020_2024"].catatan


def test_catalogue_target_keys_exist_and_agree_with_the_direction(paket):
    dipakai = {k for e in katalog().entri.values() for k in e.target}
    assert dipakai <= set(paket)
    # the headline indicators of the issue carry a target
    for kolom in ("mcpr_pct", "unmet_need_pct", "indeks_ibangga", "stunting_pct", "mukp_tahun"):
        assert _e(kolom).target, kolom
    for e in katalog().entri.values():
        for k in e.target:
            if e.arah != "netral":
                assert paket[k].arah == e.arah, (e.kolom, k)


def test_headline_targets_of_the_headline_indicators(paket):
    # 2023 data, default settings: mCPR 2023 is U → left out → the 2024 milestone 63.41 applies
    hasil = tg.status_baris(
        {"mcpr_pct": 70.0, "indeks_ibangga": 59.0, "stunting_pct": 5.0, "cpr_pct": 60.0},
        2023,
        targets=paket,
    )
    assert hasil["mcpr_pct"].nilai_target.tahun == 2024
    assert hasil["mcpr_pct"].nilai_target.nilai == 63.41
    assert hasil["mcpr_pct"].status is StatusTarget.TIDAK_SEBANDING  # survey target, PK value
    assert "survei" in hasil["mcpr_pct"].catatan
    assert hasil["indeks_ibangga"].status is StatusTarget.TERCAPAI  # PK vs PK: 59.00 ≥ 59.00
    # stunting: the city's 9 % (kota level) comes before national targets; source unknown
    assert hasil["stunting_pct"].target.kunci == "stunting_cilegon"
    assert hasil["stunting_pct"].status is StatusTarget.TIDAK_SEBANDING
    assert "cpr_pct" not in hasil  # the local slot is empty: no target, no status


# ---------------------------------------------------------------------------- year choice
def test_value_for_a_year_and_unverified_targets(paket):
    mcpr = paket["mcpr_rpjmn_2020_2024"]
    assert tg.nilai_untuk_tahun(mcpr, 2022).nilai == 62.54
    assert tg.nilai_untuk_tahun(mcpr, 2023).tahun == 2024  # U skipped by default
    dengan_u = tg.nilai_untuk_tahun(mcpr, 2023, _u(True))
    assert dengan_u.nilai == 62.91 and dengan_u.belum_terverifikasi
    assert tg.nilai_untuk_tahun(mcpr, 2025) is None  # the plan ended
    assert tg.nilai_untuk_tahun(paket["stunting_rpjmn_2025_2029"], 2026).tahun == 2029
    krs = paket["krs_pendampingan_ranpasti"]
    assert tg.nilai_untuk_tahun(krs, 2024) is None
    assert tg.nilai_untuk_tahun(krs, 2024, _u(True)).nilai == 90


# ---------------------------------------------------------------------------------- status
def test_status_against_a_minimum_and_a_maximum(tmp_path):
    targets = tg.muat_target(_tulis(tmp_path, LOKAL))
    cpr, unmet = targets["cpr_daerah"], targets["unmet_need_daerah"]
    e_cpr, e_unmet = _e("cpr_pct"), _e("unmet_need_pct")
    n_cpr, n_unmet = cpr.nilai[0], unmet.nilai[0]

    def status(v, e, t, n):
        return tg.status_target(v, e, t, n).status

    # minimum 65.0; CPR printed with 1 decimal (half-up): 64.95 → 65.0 reaches it, 64.94 → 64.9
    assert status(65.0, e_cpr, cpr, n_cpr) is StatusTarget.TERCAPAI
    assert status(64.95, e_cpr, cpr, n_cpr) is StatusTarget.TERCAPAI
    assert status(64.94, e_cpr, cpr, n_cpr) is StatusTarget.BELUM_TERCAPAI
    # maximum 7.5: 7.5 and 7.4 reach it, 7.6 does not
    assert status(7.5, e_unmet, unmet, n_unmet) is StatusTarget.TERCAPAI
    assert status(7.4, e_unmet, unmet, n_unmet) is StatusTarget.TERCAPAI
    assert status(7.6, e_unmet, unmet, n_unmet) is StatusTarget.BELUM_TERCAPAI
    assert status(float("nan"), e_unmet, unmet, n_unmet) is StatusTarget.TIDAK_CUKUP
    # the same PK target against a KKBPK (portal) column: another source → tidak sebanding
    assert status(7.0, _e("kkbpk_unmet_need_pct"), unmet, n_unmet) is StatusTarget.TIDAK_SEBANDING


def test_local_targets_come_first_and_may_name_columns(tmp_path):
    targets = tg.muat_target(_tulis(tmp_path, LOKAL))
    urutan = [t.kunci for t in tg.target_kolom(_e("unmet_need_pct"), targets)]
    assert urutan == ["unmet_need_daerah", "unmet_need_rpjmn_2020_2024"]
    # the local file names kkbpk_unmet_need_pct, which the catalogue does not map
    assert [t.kunci for t in tg.target_kolom(_e("kkbpk_unmet_need_pct"), targets)] == [
        "unmet_need_daerah"
    ]
    hasil = tg.status_baris({"unmet_need_pct": 7.0, "cpr_pct": 66.0}, 2023, targets=targets)
    assert hasil["unmet_need_pct"].target.kunci == "unmet_need_daerah"
    assert hasil["unmet_need_pct"].status is StatusTarget.TERCAPAI
    assert hasil["cpr_pct"].status is StatusTarget.TERCAPAI
    # and the package entries the local file does not name are kept
    assert "mcpr_rpjmn_2020_2024" in targets


def test_status_words_live_in_the_report_layer():
    assert set(kata_banding.KATA_STATUS_TARGET) == set(StatusTarget)
    assert kata_banding.kata_status_target("belum_tercapai") == "belum tercapai"
    assert kata_banding.kata_status_target(StatusTarget.TIDAK_SEBANDING) == "tidak sebanding"


# --------------------------------------------------------------------------- bad files
@pytest.mark.parametrize(
    "teks, pesan",
    [
        ("cpr_daerah:\n  label: x\n", "medan wajib tidak ada: dokumen, tingkat, arah"),
        (
            LOKAL.replace("tingkat: kota", "tingkat: kabupaten", 1),
            "tingkat 'kabupaten' tidak dikenal",
        ),
        (LOKAL.replace("arah: naik_baik", "arah: naik", 1), "arah 'naik' tidak dikenal"),
        (
            LOKAL.replace("sumber_data: pk", "sumber_data: SSGI", 1),
            "sumber_data 'SSGI' tidak dikenal",
        ),
        (LOKAL.replace("sumber_data: pk", "sumber_data: survei", 1), "catatan wajib diisi"),
        (LOKAL.replace("nilai: 65.0", 'nilai: "65,0"', 1), "nilai harus angka"),
        (LOKAL.replace("keyakinan: P", "keyakinan: X", 1), "keyakinan 'X' tidak dikenal"),
        (LOKAL.replace("tahun: 2023", "tahun: 23", 1), "tahun harus bilangan bulat 1990–2100"),
        (LOKAL.replace("label: CPR", "lable: CPR", 1), "medan tidak dikenal: lable"),
        (LOKAL.replace("cpr_daerah:", "CPR Daerah:", 1), "kunci harus huruf kecil"),
        (
            LOKAL.replace(
                "    - {tahun: 2023, nilai: 65.0, keyakinan: P, rujukan: RPJMD}",
                "    - {tahun: 2023, nilai: 65.0, keyakinan: P, rujukan: RPJMD}\n"
                "    - {tahun: 2023, nilai: 66.0, keyakinan: P, rujukan: RPJMD}",
            ),
            "tahun 2023 ditulis dua kali",
        ),
        ("- cpr_daerah\n", "harus berisi daftar target bernama"),
    ],
)
def test_a_bad_entry_names_file_key_and_problem(tmp_path, teks, pesan):
    path = _tulis(tmp_path, teks)
    with pytest.raises(ConfigError) as info:
        tg.muat_target(path)
    teks_pesan = str(info.value)
    assert str(path) in teks_pesan and pesan in teks_pesan
    if "daftar target bernama" not in pesan:
        assert "target '" in teks_pesan  # the key


def test_every_problem_of_a_file_at_once(tmp_path):
    teks = LOKAL.replace("tingkat: kota", "tingkat: desa").replace("keyakinan: P", "keyakinan: Q")
    with pytest.raises(ConfigError, match=r"\(4 masalah\)"):
        tg.muat_target(_tulis(tmp_path, teks))


def test_unreadable_or_misnamed_files_stop_with_a_message(tmp_path):
    with pytest.raises(ConfigError, match=r"bukan YAML yang sah \(baris \d+, kolom \d+"):
        tg.muat_target(_tulis(tmp_path, "a:\n  b: [1,\n  c: {\n"))
    path = tmp_path / "utf16.yaml"
    path.write_bytes(LOKAL.encode("utf-16"))
    with pytest.raises(ConfigError, match="UTF-16"):
        tg.muat_target(path)
    with pytest.raises(ConfigError, match="tidak ditemukan"):
        tg.muat_target(tmp_path / "tidak-ada.yaml")
    kolom_salah = LOKAL.replace("kolom: [kkbpk_unmet_need_pct]", "kolom: [unmet_pct]")
    with pytest.raises(ConfigError, match="kolom 'unmet_pct' tidak ada di katalog"):
        tg.muat_target(_tulis(tmp_path, kolom_salah))
    assert tg.muat_target(_tulis(tmp_path, "# kosong\n", "kosong.yaml"))["cpr_daerah"].nilai == ()


def test_override_replaces_a_whole_entry(tmp_path):
    teks = LOKAL.replace("cpr_daerah:", "mcpr_rpjmn_2020_2024:", 1)
    targets = tg.muat_target(_tulis(tmp_path, teks))
    mcpr = targets["mcpr_rpjmn_2020_2024"]
    assert [(n.tahun, n.nilai) for n in mcpr.nilai] == [(2023, 65.0)]
    assert mcpr.sumber_data == "pk" and mcpr.berkas == "target.yaml"
    r = tg.status_baris({"mcpr_pct": 64.0}, 2023, targets=targets)["mcpr_pct"]
    assert r.status is StatusTarget.BELUM_TERCAPAI and not math.isnan(r.nilai_target.nilai)
