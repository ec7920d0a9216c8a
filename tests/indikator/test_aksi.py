"""The action rule (out_aksi), targets, deadline, instruments and the follow-up (out_tindak_lanjut).

Every expected value below is worked out by hand from the small frames of this module
(docs/metodologi.md §21 states the rule).
"""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from kkb_analysis.config import SETTING_RULES, load_settings
from kkb_analysis.indikator import aksi
from kkb_analysis.indikator import klasifikasi as kl
from kkb_analysis.wilayah import jenis_desa

KEL = "36.72.05.1004"  # digit 7 = 1: kelurahan
DESA = "36.72.05.2001"  # digit 7 = 2: desa (hand-made; Cilegon has none)
PROGRAM = {f"n_intervensi_non_kb_program_{x}": 1.0 for x in "abcdefgh"}


def _wide() -> pd.DataFrame:
    """Two KKB (one in a kelurahan, one in a desa), the city and the city outside KKB."""
    k1 = {
        "wilayah_id": "kkb:K1",
        "jenis_wilayah": "kkb",
        "kkb_id": "K1",
        "kode_kelurahan": KEL,
        "cpr_pct": 55.0,  # vs luar 62.4: gap 7.4 / 62.4 = 0.119
        "mcpr_pct": 50.0,  # vs luar 60.0: gap 10 / 60 = 0.167 (same action as CPR)
        "unmet_need_pct": 12.0,  # vs luar 9.5: gap 2.5 / 9.5 = 0.263 (most severe)
        "krs_pct": 48.0,  # vs luar 48.5: better → no action
        "aps_sma_pct": 60.0,  # vs luar 60.5: 0.5 point < 1.0 → setara → no action
        "index_input": 2.4,
        "index_proses": 3.67,
        "index_output": 2.75,
        "konvergensi_pct": 87.5,
        **PROGRAM,
        "n_intervensi_non_kb_program_c": 0.0,
    }
    k2 = {
        "wilayah_id": "kkb:K2",
        "jenis_wilayah": "kkb",
        "kkb_id": "K2",
        "kode_kelurahan": DESA,
        "cpr_pct": 63.0,
        "air_minum_tidak_layak_pct": 6.0,  # luar has no value → city 3.9: worse
        "index_input": 3.4,
        "index_proses": 3.0,
        "index_output": 3.25,
        "konvergensi_pct": 100.0,
        **PROGRAM,
    }
    kota = {
        "wilayah_id": "kota:36.72",
        "jenis_wilayah": "kota",
        "cpr_pct": 61.5,
        "mcpr_pct": 59.0,
        "unmet_need_pct": 10.0,
        "krs_pct": 48.5,
        "aps_sma_pct": 60.5,
        "air_minum_tidak_layak_pct": 3.9,
    }
    luar = {
        "wilayah_id": "luar_kkb:36.72",
        "jenis_wilayah": "kota_luar_kkb",
        "cpr_pct": 62.4,
        "mcpr_pct": 60.0,
        "unmet_need_pct": 9.5,
        "krs_pct": 48.5,
        "aps_sma_pct": 60.5,
        "air_minum_tidak_layak_pct": None,
    }
    return pd.DataFrame([k1, k2, kota, luar])


def _rt() -> pd.DataFrame:
    """K1 is Dasar: INPUT → Berkembang or OUTPUT → Mandiri, both 1 step; THE plan is Mandiri."""
    base = {"kkb_id": "K1", "tingkat_sekarang": "Dasar"}
    return pd.DataFrame(
        [
            {**base, "jenis": "rencana", "keadaan": "naik_tingkat", "rencana_ke": 1,
             "kelompok": "INPUT", "target_tingkat": "Berkembang", "jumlah_langkah": 1,
             "terdekat": True, "rencana_utama": False, "index_input_baru": 3.0,
             "index_output_baru": 2.75},
            {**base, "jenis": "rencana_langkah", "keadaan": "naik_skor", "rencana_ke": 1,
             "indikator": "input_sarana", "nilai_perlu": 2},
            {**base, "jenis": "rencana", "keadaan": "naik_tingkat", "rencana_ke": 2,
             "kelompok": "OUTPUT", "target_tingkat": "Mandiri", "jumlah_langkah": 1,
             "terdekat": True, "rencana_utama": True, "index_input_baru": 2.4,
             "index_output_baru": 3.0},
            {**base, "jenis": "rencana_langkah", "keadaan": "naik_skor", "rencana_ke": 2,
             "indikator": "output_cpr", "nilai_perlu": 51},
            # one step up of an INPUT item (not in THE plan): Sarana 2 → 3
            {**base, "jenis": "langkah", "keadaan": "naik_skor", "kelompok": "INPUT",
             "indikator": "input_sarana", "skor_sekarang": 2, "skor_baru": 3,
             "nilai_perlu": 2},
        ]
    )  # fmt: skip


def _target() -> pd.DataFrame:
    return pd.DataFrame(
        [
            # an official target not yet met: it wins over kota luar KKB
            ("kkb:K1", "unmet_need_pct", 7.4, "unmet_need_rpjmn_2020_2024", "belum_tercapai"),
            # a survey-based target is not comparable: ignored
            ("kkb:K1", "mcpr_pct", 63.41, "mcpr_rpjmn_2020_2024", "tidak_sebanding"),
        ],
        columns=["wilayah_id", "indikator", "nilai_target", "kunci_target", "status_target"],
    )


def _kelengkapan() -> pd.DataFrame:
    return pd.DataFrame(
        {"kkb_id": ["K1", "K1", "K2"], "status": ["lengkap", "sebagian", "lengkap"]}
    )


def _tabel(pengaturan=None) -> pd.DataFrame:
    return aksi.tabel_aksi(_wide(), 2023, _rt(), _target(), _kelengkapan(), pengaturan)


def test_which_problems_become_actions_and_their_order():
    t = _tabel()
    k1 = t[t["kkb_id"] == "K1"]
    assert k1["urutan"].tolist() == [1, 2, 3, 4, 5]
    assert list(zip(k1["kode_aksi"], k1["jenis_isu"], k1["indikator"], strict=True)) == [
        # OUTPUT raised by THE plan (Mandiri): measured by its step, the KKBPK CPR
        ("kb_akses", "tingkat", "kkbpk_cpr_7_metode_pct"),
        ("unmet_need", "lebih_buruk", "unmet_need_pct"),  # gap 0.263
        # mCPR (0.167) and CPR (0.119) need kb_akses, already the first action: no row
        # INPUT below 3.00, not in THE plan: measured by its one-step raise (Sarana)
        ("indeks_input", "indeks_rendah", "input_sarana"),
        ("inpres_c", "inpres_kosong", "n_intervensi_non_kb_program_c"),
        ("kelengkapan", "data_belum_lengkap", "kelengkapan_pct"),
    ]
    k2 = t[t["kkb_id"] == "K2"]
    assert k2["kode_aksi"].tolist() == ["air_sanitasi"]
    assert k2["wilayah_pembanding"].tolist() == ["kota"]  # kota luar KKB has no value


def test_target_value_and_basis():
    t = _tabel().set_index(["kkb_id", "kode_aksi"])
    cek = {
        ("K1", "kb_akses"): (51.0, "tingkat_berikut"),  # nilai_perlu of output_cpr
        ("K1", "unmet_need"): (7.4, "unmet_need_rpjmn_2020_2024"),
        ("K1", "indeks_input"): (3.0, "tingkat_berikut"),  # skor_baru of the step
        ("K1", "inpres_c"): (1.0, "aturan_aksi"),
        ("K1", "kelengkapan"): (100.0, "aturan_aksi"),
        ("K2", "air_sanitasi"): (3.9, "kota"),
    }
    for kunci, (nilai, dasar) in cek.items():
        assert (t.loc[kunci, "nilai_target"], t.loc[kunci, "dasar_target"]) == (nilai, dasar)
    assert t.loc[("K1", "unmet_need"), "arah_target"] == "turun_baik"
    assert t.loc[("K1", "unmet_need"), "nilai_pembanding"] == 9.5
    # a KKB-only measure has no comparator area
    assert pd.isna(t.loc[("K1", "kb_akses"), "wilayah_pembanding"])


def _satu(kolom, kkb=0, target=None):
    wide = _wide()
    return aksi.target_indikator(
        kolom, wide.iloc[kkb].to_dict(), wide, _rt(), _target() if target is None else target
    )


def test_one_target_precedence_by_hand():
    """comparable official → next tier → kota luar KKB (→ city) → the action's fixed target."""
    t = _satu("unmet_need_pct")  # official comparable (7.4) beats kota luar KKB (9.5)
    assert (t.nilai, t.dasar, t.arah, t.status_resmi) == (
        7.4, "unmet_need_rpjmn_2020_2024", "turun_baik", "belum_tercapai",
    )  # fmt: skip
    t = _satu("mcpr_pct")  # the survey target (63.41) is never THE target: kota luar KKB 60.0
    assert (t.nilai, t.dasar, t.status_resmi) == (60.0, "kota_luar_kkb", None)
    t = _satu("kkbpk_cpr_7_metode_pct")  # THE plan's step output_cpr needs 51
    assert (t.nilai, t.dasar) == (51.0, "tingkat_berikut")
    t = _satu("input_sarana")  # one step up outside THE plan: score 3
    assert (t.nilai, t.dasar) == (3.0, "tingkat_berikut")
    t = _satu("air_minum_tidak_layak_pct", kkb=1)  # kota luar KKB empty → city 3.9
    assert (t.nilai, t.dasar) == (3.9, "kota")
    t = _satu("kelengkapan_pct")  # KKB-only, no plan step: the action's fixed 100 %
    assert (t.nilai, t.dasar) == (100.0, "aturan_aksi")
    assert _satu("kkbpk_mkjp_pct") is None  # KKB-only, no step, no fixed target
    # a met comparable target is still THE target, and its action is dropped
    met = pd.DataFrame(
        [("kkb:K1", "unmet_need_pct", 12.5, "unmet_need_daerah", "tercapai")],
        columns=["wilayah_id", "indikator", "nilai_target", "kunci_target", "status_target"],
    )
    t = _satu("unmet_need_pct", target=met)
    assert (t.nilai, t.dasar, t.status_resmi) == (12.5, "unmet_need_daerah", "tercapai")
    tabel = aksi.tabel_aksi(_wide(), 2023, _rt(), met, _kelengkapan())
    assert "unmet_need" not in set(tabel.loc[tabel["kkb_id"] == "K1", "kode_aksi"])


def test_verification_action_is_measured_by_targeting():
    """Verifying welfare data cannot lower poverty: kurang_mampu is measured by the targeting
    of PKH (the first targeting measure with a value), target kota luar KKB's 40.0."""
    wide = _wide()
    wide.loc[0, "kurang_mampu_pct"] = 40.0
    wide.loc[3, "kurang_mampu_pct"] = 30.0  # luar: K1 worse by 10 points
    wide.loc[0, "pkh_sasaran_pct"] = 35.0
    wide.loc[3, "pkh_sasaran_pct"] = 40.0
    t = aksi.tabel_aksi(wide, 2023, _rt(), _target(), _kelengkapan()).set_index(
        ["kkb_id", "kode_aksi"]
    )
    r = t.loc[("K1", "kurang_mampu")]
    assert (r["indikator"], r["nilai_sekarang"], r["nilai_target"]) == (
        "pkh_sasaran_pct", 35.0, 40.0,
    )  # fmt: skip
    assert (r["dasar_target"], r["arah_target"]) == ("kota_luar_kkb", "naik_baik")


def test_every_measure_is_a_known_indicator_and_owner_an_opd(kota_sampel):
    """On the sample city: no action is measured by a classification index, every measure is a
    catalogue indicator (or an Inpres activity count), the verification action by targeting,
    and every owner is an OPD of opd.yaml (not a team or forum)."""
    from kkb_analysis.config import load_reference
    from kkb_analysis.indikator.katalog import katalog

    opd = load_reference("opd")
    for tahun in (2022, 2023):
        a = pd.read_parquet(kota_sampel / "processed" / str(tahun) / "out_aksi.parquet")
        assert len(a)
        ind = set(a["indikator"].astype(str))
        assert not ind & {"index_input", "index_proses", "index_output"}
        for k in ind:
            if not k.startswith("n_intervensi_non_kb_program_"):
                katalog().get(k)  # KeyError = not a catalogue indicator
        verif = a.loc[a["kode_aksi"] == "kurang_mampu", "indikator"].astype(str)
        assert set(verif) <= {"pkh_sasaran_pct", "bpnt_sembako_sasaran_pct", "pbi_jk_sasaran_pct"}
        assert set(a["opd"].astype(str)) <= set(opd["opd"])
        assert not set(a["opd"].astype(str)) & set(opd["forum"])


def test_owner_keys_and_deadline():
    t = _tabel().set_index(["kkb_id", "kode_aksi"])
    assert t.loc[("K1", "unmet_need"), "opd"] == "dp3ap2kb"
    assert t.loc[("K1", "unmet_need"), "opd_pendukung"] == "puskesmas"
    assert t.loc[("K1", "inpres_c"), "opd"] == "dinkes"
    assert set(t["tenggat"]) == {"2024-12-31"}
    assert aksi.tenggat(2023, {"aksi": {"tenggat_bulan": 6}}) == "2024-06-30"
    assert aksi.tenggat(2023, {"aksi": {"tenggat_bulan": 14}}) == "2025-02-28"
    assert aksi.tenggat(2023, {"aksi": {"tenggat_bulan": 2}}) == "2024-02-29"  # leap year


def test_jenis_desa_from_digit_7():
    assert jenis_desa("36.72.05.1004") == "kelurahan"
    assert jenis_desa("3672052001") == "desa"
    assert jenis_desa("36.72.05") is None and jenis_desa(None) is None
    assert jenis_desa("36.72.05.3001") is None


def _pengaturan(kelurahan, desa):
    p = copy.deepcopy(load_settings())
    p["aksi"]["instrumen"] = {"kelurahan": kelurahan, "desa": desa}
    return p


def test_instrument_by_area_type():
    baku = _tabel().set_index(["kkb_id", "kode_aksi"])
    assert baku.loc[("K1", "unmet_need"), "instrumen"] == "bokb"
    assert baku.loc[("K2", "air_sanitasi"), "instrumen"] == "apbd_opd"
    # village funds first: the kelurahan gets Dana Kelurahan, the desa Dana Desa
    p = _pengaturan(["dana_kelurahan", "csr"], ["dana_desa", "csr"])
    assert aksi.instrumen_untuk("air_sanitasi", KEL, p) == "dana_kelurahan"
    assert aksi.instrumen_untuk("air_sanitasi", DESA, p) == "dana_desa"
    # an unknown area type gets only what every type has
    assert aksi.instrumen_area("99", p) == ["csr"]
    assert aksi.instrumen_untuk("air_sanitasi", "99", p) == "csr"
    assert aksi.instrumen_untuk("mkjp", "99", p) is None  # BOKB/APBD not in both lists


def test_kelurahan_never_gets_dana_desa():
    """Whatever the settings, a kelurahan is never told Dana Desa, a desa never Dana Kelurahan."""
    semua = list(aksi.load_reference("aksi")["instrumen"])
    assert SETTING_RULES["aksi.instrumen.kelurahan"](["apbd_opd", "dana_desa"]) is not None
    assert SETTING_RULES["aksi.instrumen.desa"](["dana_kelurahan"]) is not None
    assert SETTING_RULES["aksi.instrumen.desa"](["dana_desa", "csr"]) is None
    kel = [k for k in semua if k != "dana_desa"]
    desa = [k for k in semua if k != "dana_kelurahan"]
    assert SETTING_RULES["aksi.instrumen.kelurahan"](kel) is None
    p = _pengaturan(kel, desa)
    for kode in aksi.aturan_aksi():
        assert aksi.instrumen_untuk(kode, KEL, p) != "dana_desa"
        assert aksi.instrumen_untuk(kode, DESA, p) != "dana_kelurahan"
    t = aksi.tabel_aksi(_wide(), 2023, _rt(), _target(), _kelengkapan(), p)
    assert "dana_desa" not in set(t.loc[t["kkb_id"] == "K1", "instrumen"])


def test_every_action_is_declared_consistently():
    for kode, a in aksi.aturan_aksi().items():
        assert a.instrumen and a.indikator and a.teks, kode
        for kolom in a.indikator:
            assert aksi.kode_untuk_indikator(kolom) == kode
    with pytest.raises(KeyError):
        aksi.kode_untuk_indikator("n_penduduk")


def test_no_kkb_no_rows_and_empty_inputs():
    w = _wide()
    t = aksi.tabel_aksi(w[w["jenis_wilayah"] != "kkb"], 2023)
    assert t.empty and list(t.columns) == list(aksi.KOLOM_AKSI)
    # without plan, targets and completeness rows the rule still works
    t = aksi.tabel_aksi(w, 2023)
    k1 = t[t["kkb_id"] == "K1"]
    assert k1["kode_aksi"].tolist()[:2] == ["unmet_need", "kb_akses"]
    assert "kelengkapan" not in set(k1["kode_aksi"])


# ----------------------------------------------------------------------------- next tier
def test_one_next_tier_answer():
    """Dasar with INPUT and OUTPUT each 1 point short: Berkembang and Mandiri are both nearest
    (1 step); THE answer is Mandiri (higher tier at equal cost), and only that row is marked."""
    row = {
        "input_pokja": 4,
        "input_sumber_dana": 3,
        "input_poktan": 3,
        "input_sarana": 2,  # Σ INPUT 14 of 15
        "input_pkb": 2,
        "proses_penggunaan_data": 3,
        "proses_operasional": 3,
        "proses_lintas_sektor": 3,  # Σ PROSES 9 of 9
        "output_poktan": 3,
        "output_cpr": 3,
        "output_mkjp": 3,
        "output_unmet": 2,  # Σ OUTPUT 11 of 12
        "n_lintas_sektor": 5,
        "n_sumber_dana": 3,
        "n_poktan": 4,
        "n_sarana": 1,
        "n_pkb": 1,
        "n_penggunaan_data": 2,
        "n_operasional": 4,
        "pokja_ada": True,
        "pokja_jumlah": 3,
        "pokja_pelatihan": True,
        "output_poktan_nilai": 25,
        "output_cpr_nilai": 45,
        "output_mkjp_nilai": 23,
        "output_unmet_nilai": 11,
        "kkb_id": "K1",
    }
    plan = kl.next_tier_plan(row)
    rencana = plan[plan["jenis"].eq("rencana")]
    dekat = rencana[rencana["terdekat"].fillna(False)]
    assert sorted(dekat["target_tingkat"]) == ["Berkembang", "Mandiri"]
    utama = rencana[rencana["rencana_utama"].fillna(False)]
    assert utama["target_tingkat"].tolist() == ["Mandiri"]
    assert kl.rencana_utama(plan)["target_tingkat"] == "Mandiri"
    # a KKB already Berkelanjutan: its one plan row is the answer
    top = {k: 4 for k in row if k.startswith(("input_", "proses_", "output_"))}
    top.update(input_sarana=3, input_pkb=3)
    top = {k: v for k, v in top.items() if not k.endswith("_nilai")}
    atas = kl.next_tier_plan(top)
    assert atas["rencana_utama"].tolist() == [True]


def test_plan_never_tells_a_kelurahan_to_add_dana_desa():
    """Sources APBN, APBD, CSR (3 → score 3); score 4 needs 5 of 6. A kelurahan (digit 7 = 1)
    cannot have Dana Desa: its missing items are Hibah and Swadaya; a desa's include Dana Desa."""
    row = {
        **{k: 3 for k in ("input_pokja", "input_sumber_dana", "input_poktan")},
        "input_sarana": 2,
        "input_pkb": 2,
        **{k: 3 for k in ("proses_penggunaan_data", "proses_operasional", "proses_lintas_sektor")},
        **{k: 3 for k in ("output_poktan", "output_cpr", "output_mkjp", "output_unmet")},
        "n_sumber_dana": 3,
        "n_poktan": 3,
        "n_sarana": 1,
        "n_pkb": 1,
        "pokja_ada": True,
        "pokja_jumlah": 3,
        "pokja_pelatihan": False,
        "dana_apbn": True,
        "dana_apbd": True,
        "dana_desa": False,
        "dana_hibah": False,
        "dana_csr": True,
        "dana_swadaya": False,
    }

    def kurang(kkb_id):
        plan = kl.next_tier_plan({**row, "kkb_id": kkb_id})
        lk = plan[plan["jenis"].eq("langkah") & plan["indikator"].eq("input_sumber_dana")]
        return lk["butir_kurang"].tolist()

    assert kurang("KKB-3672041001-01") == ["dana_hibah, dana_swadaya"]
    assert kurang("KKB-3672042001-01") == ["dana_desa, dana_hibah, dana_swadaya"]


def test_sample_has_one_answer_per_kkb(kota_sampel):
    rt = pd.read_parquet((kota_sampel / "processed" / "2023") / "out_rencana_tingkat.parquet")
    r = rt[rt["jenis"] == "rencana"]
    assert (r.groupby("kkb_id")["rencana_utama"].sum() == 1).all()
    a = pd.read_parquet((kota_sampel / "processed" / "2023") / "out_aksi.parquet")
    w = pd.read_parquet((kota_sampel / "processed" / "2023") / "out_wilayah.parquet")
    assert set(a["kkb_id"]) <= set(w.loc[w["jenis_wilayah"] == "kkb", "kkb_id"])
    for _, g in a.groupby("kkb_id"):
        assert g["urutan"].tolist() == list(range(1, len(g) + 1))
        assert g["kode_aksi"].is_unique
    assert "dana_desa" not in set(a["instrumen"])  # Cilegon has kelurahan only


# ----------------------------------------------------------------------------- follow-up
def _lalu() -> pd.DataFrame:
    """Last year's (2022) actions of K1, and one of a KKB no longer active (K9)."""
    rows = [
        (1, "unmet_need", "unmet_need_pct", 12.0, 9.5, "turun_baik"),
        (2, "kb_akses", "cpr_pct", 55.0, 60.0, "naik_baik"),
        (3, "stunting", "krs_pct", 48.0, 45.0, "turun_baik"),
        (4, "sekolah", "aps_sma_pct", 60.0, 65.0, "naik_baik"),
        (5, "indeks_input", "index_input", 2.4, 3.0, "naik_baik"),
        (6, "inpres_c", "n_intervensi_non_kb_program_c", 0.0, 1.0, "naik_baik"),
    ]
    df = pd.DataFrame(
        rows, columns=["urutan", "kode_aksi", "indikator", "nilai_sekarang", "nilai_target",
                       "arah_target"],
    )  # fmt: skip
    df = df.assign(tahun=2022, wilayah_id="kkb:K1", kkb_id="K1", dasar_target="kota_luar_kkb")
    k9 = df.iloc[[0]].assign(wilayah_id="kkb:K9", kkb_id="K9")
    return pd.concat([df, k9], ignore_index=True).assign(tenggat="2023-12-31")


def _kini() -> pd.DataFrame:
    w = _wide()
    i = w.index[w["wilayah_id"] == "kkb:K1"][0]
    w.loc[i, "unmet_need_pct"] = 9.4  # ≤ 9.5 → tercapai
    w.loc[i, "cpr_pct"] = 57.0  # out_perubahan baseline 56.5 (this year's boundaries) → tetap
    w.loc[i, "krs_pct"] = 48.5  # +0.5 point from 48.0 → tetap
    w.loc[i, "aps_sma_pct"] = 58.0  # −2.0 points from 60.0 → memburuk
    w.loc[i, "index_input"] = None  # → tidak_dapat_dinilai
    w.loc[i, "n_intervensi_non_kb_program_c"] = 0.0  # 0 → 0: tetap
    return w


def test_follow_up_status_by_hand():
    perubahan = pd.DataFrame(
        [("kkb:K1", "cpr_pct", 56.5, "setara")],
        columns=["wilayah_id", "indikator", "nilai_sebelumnya", "kode_banding"],
    )
    tl = aksi.tindak_lanjut(_lalu(), _kini(), 2023, perubahan)
    assert tl["kkb_id"].unique().tolist() == ["K1"]  # K9 is no longer active
    got = dict(zip(tl["indikator"], tl["status_tindak_lanjut"], strict=True))
    assert got == {
        "unmet_need_pct": "tercapai",
        "cpr_pct": "tetap",
        "krs_pct": "tetap",
        "aps_sma_pct": "memburuk",
        "index_input": "tidak_dapat_dinilai",
        "n_intervensi_non_kb_program_c": "tetap",
    }
    awal = dict(zip(tl["indikator"], tl["nilai_awal"], strict=True))
    assert awal["cpr_pct"] == 56.5 and awal["krs_pct"] == 48.0
    assert set(tl["tahun"]) == {2023} and set(tl["tahun_aksi"]) == {2022}
    assert set(tl["sumber_aksi"]) == {"tersimpan"}
    # without the equal-boundary baseline, CPR 55.0 → 57.0 is +2.0 points: membaik
    tl2 = aksi.tindak_lanjut(_lalu(), _kini(), 2023, None, "hitung_ulang")
    got2 = dict(zip(tl2["indikator"], tl2["status_tindak_lanjut"], strict=True))
    assert got2["cpr_pct"] == "membaik" and set(tl2["sumber_aksi"]) == {"hitung_ulang"}


def test_follow_up_without_last_year(tmp_path):
    tl = aksi.tindak_lanjut(None, _wide(), 2023)
    assert tl.empty and list(tl.columns) == list(aksi.KOLOM_TINDAK_LANJUT)
    assert aksi.aksi_tahun_lalu(tmp_path, 2022) == (None, "")


def test_follow_up_recomputes_last_year_without_out_aksi(tmp_path):
    """A folder built before out_aksi existed: last year's actions are recomputed."""
    _wide().to_parquet(tmp_path / "out_wilayah.parquet")
    lalu, asal = aksi.aksi_tahun_lalu(tmp_path, 2022)
    assert asal == "hitung_ulang"
    # without the tier plan table an index has no step to measure it: no index action
    assert lalu.loc[lalu["kkb_id"] == "K1", "kode_aksi"].tolist() == [
        "unmet_need",
        "kb_akses",
        "inpres_c",
    ]
    assert set(lalu["tenggat"]) == {"2023-12-31"}
    aksi.tabel_aksi(_wide(), 2022).to_parquet(tmp_path / "out_aksi.parquet")
    assert aksi.aksi_tahun_lalu(tmp_path, 2022)[1] == "tersimpan"


def test_follow_up_on_the_two_year_sample(kota_sampel):
    """The sample's 2023 follow-up lists 2022's actions of the KKB active in 2023."""
    tl = pd.read_parquet((kota_sampel / "processed" / "2023") / "out_tindak_lanjut.parquet")
    lalu = pd.read_parquet((kota_sampel / "processed" / "2022") / "out_aksi.parquet")
    assert len(tl) == len(lalu)  # every 2022 KKB is still active in 2023
    assert set(tl["status_tindak_lanjut"]) <= set(aksi.STATUS)
    assert set(tl["tahun_aksi"]) == {2022}
