"""Change from last year on this year's boundaries (kkb_analysis/indikator/perubahan.py).

A hand-made city of two kelurahan built for two years through the real pipeline (raw CSV →
core tables → out_*): in 2023 the RW-level KKB "R" of Panggung Rawi grows from RW 001 to RW
001–002, and the whole-kelurahan KKB "W" of Jombang Wetan is new. Every family below is one
row of pk_keluarga; persons are its members; PUS = the wife (married, 15–49) with a pk_kb row.

    family  kelurahan / RW        2022 persons  PUS uses KB   2023
    F1      Panggung Rawi / 001   3             yes (pil)     4 persons (a baby)
    F2      Panggung Rawi / 001   2             no            same
    F3      Panggung Rawi / 002   4             yes (IUD)     same
    F4      Panggung Rawi / 003   2             no            same
    F5      Jombang Wetan / 001   2             yes (suntik)  same
    F6      Jombang Wetan / 004   3             no            same
    F7      Jombang Wetan / 004   1             – (single)    gone

2022 on 2023's boundaries, by hand (CPR = KB users / PUS × 100):
    KKB R (RW 001–002) = F1 + F2 + F3: 9 persons, 3 families, CPR 2/3 = 66.67 %
    sisa R (RW 003)    = F4: 2 persons, CPR 0/1 = 0 %
    KKB W (all of Jombang Wetan) = F5 + F6 + F7: 6 persons, CPR 1/2 = 50 %
    sisa W: no family (0 persons, CPR "data tidak cukup")
    kota luar KKB      = F4: 2 persons, CPR 0 %
    (as published in 2022: KKB R = F1 + F2 = 5 persons, CPR 50 %; kota luar KKB = 12 persons)
    Panggung Rawi 11 persons, city 17: same boundaries both years.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

from kkb_analysis.config import get_paths, load_settings
from kkb_analysis.indikator import perubahan
from kkb_analysis.pipeline import build_year, load_year
from kkb_analysis.sumber.kkb import cakupan_kkb

A, B = "36.72.05.1004", "36.72.05.1002"  # Panggung Rawi, Jombang Wetan (kecamatan 36.72.05)
R, W = "KKB-3672051004-01", "KKB-3672051002-01"

KKB_HEADER = "kkb_id,nama_kkb,kode_kelurahan,cakupan_wilayah,rw_list,status_aktif\n"
KKB_2022 = KKB_HEADER + f"{R},Kampung KB Rawi,{A},RW,001,ya\n"
KKB_2023 = KKB_2022.replace(",RW,001,", ",RW,001;002,") + f"{W},Kampung KB Wetan,{B},Desa,,ya\n"

#: family → (kelurahan, RW, members as (sex, birth date, hubungan_kk, status_kawin), KB row)
#: KB row: (wife's no_urut, wife's age, ber_kb, metode) or None.
SUAMI = ("L", "1985-01-01", "1", "2")
ISTRI = ("P", "1990-01-01", "2", "2")  # 32 in 2022, 33 in 2023
ANAK = ("L", "2015-01-01", "4", "1")
FAMILIES = {
    "F1": (A, "001", [SUAMI, ISTRI, ANAK], (2, "ya", "Pil")),
    "F2": (A, "001", [SUAMI, ISTRI], (2, "tidak", "")),
    "F3": (A, "002", [SUAMI, ISTRI, ANAK, ANAK], (2, "ya", "IUD")),
    "F4": (A, "003", [SUAMI, ISTRI], (2, "tidak", "")),
    "F5": (B, "001", [SUAMI, ISTRI], (2, "ya", "Suntik")),
    "F6": (B, "004", [SUAMI, ISTRI, ANAK], (2, "tidak", "")),
    "F7": (B, "004", [("L", "1960-01-01", "1", "1")], None),
}
BAYI = ("P", "2023-01-01", "4", "1")


def _no_kk(family: str) -> str:
    return f"367205010123{int(family[1:]):04d}"


def _raw_year(folder: Path, year: int, kkb_csv: str, families: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kkb.csv").write_text(kkb_csv, encoding="utf-8")
    keluarga = ["no_kk,no_urut_keluarga,kode_kelurahan,rw,tanggal_pendataan"]
    anggota = [
        "no_kk,no_urut_keluarga,no_urut,nik,nama,jenis_kelamin,tanggal_lahir,hubungan_kk,"
        "status_kawin"
    ]
    kb = [
        "no_kk,no_urut_keluarga,no_urut_istri,umur_istri,usia_kawin_pertama,"
        "jumlah_anak_lahir_hidup_l,jumlah_anak_lahir_hidup_p,jumlah_anak_masih_hidup,"
        "umur_anak_terakhir_bulan,sedang_hamil,ber_kb,metode_kb,tempat_pelayanan_kb,"
        "alasan_tidak_kb"
    ]
    for family, (kel, rw, members, kb_row) in families.items():
        kk = _no_kk(family)
        keluarga.append(f"{kk},1,{kel},{rw},{year}-07-15")
        for i, (sex, born, hub, kawin) in enumerate(members, start=1):
            anggota.append(f"{kk},1,{i},,ANGGOTA {family} {i},{sex},{born},{hub},{kawin}")
        if kb_row is not None:
            urut, ber_kb, metode = kb_row
            umur = year - 1990  # born 1990-01-01, surveyed mid-July: completed years
            alasan = "" if ber_kb == "ya" else "IAS"  # wants a child soon: not unmet need
            kb.append(f"{kk},1,{urut},{umur},22,1,0,1,24,tidak,{ber_kb},{metode},,{alasan}")
    for name, lines in (("pk_keluarga", keluarga), ("pk_anggota", anggota), ("pk_kb", kb)):
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _families_2023() -> dict:
    out = {k: v for k, v in FAMILIES.items() if k != "F7"}
    kel, rw, members, kb_row = out["F1"]
    out["F1"] = (kel, rw, [*members, BAYI], kb_row)
    return out


def _build(data_dir: Path, year: int) -> Path:
    paths = get_paths(data_dir=data_dir)
    return build_year(load_year(paths, year, load_settings()), paths, load_settings())


@pytest.fixture(scope="module")
def kota_dua_tahun(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("batas")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KKB_SALT", "salt-uji-batas-tidak-rahasia")
        _raw_year(data_dir / "raw" / "2022", 2022, KKB_2022, FAMILIES)
        _raw_year(data_dir / "raw" / "2023", 2023, KKB_2023, _families_2023())
        _build(data_dir, 2022)
        _build(data_dir, 2023)
    return data_dir


def _change(data_dir: Path, year: int = 2023) -> pd.DataFrame:
    table = pd.read_parquet(data_dir / "processed" / str(year) / "out_perubahan.parquet")
    return table.set_index(["wilayah_id", "indikator"])


def test_published_2022_values_are_the_old_boundaries(kota_dua_tahun):
    """The fixture says what it should: 2022 as published (KKB R = RW 001 only)."""
    wide = pd.read_parquet(kota_dua_tahun / "processed/2022/out_wilayah.parquet")
    wide = wide.set_index("wilayah_id")
    assert wide.loc[f"kkb:{R}", "n_penduduk"] == 5
    assert wide.loc[f"kkb:{R}", "cpr_pct"] == pytest.approx(50.0)
    assert wide.loc["luar_kkb:36.72", "n_penduduk"] == 12
    assert wide.loc["luar_kkb:36.72", "cpr_pct"] == pytest.approx(50.0)
    assert f"kkb:{W}" not in wide.index


@pytest.mark.parametrize(
    ("area", "persons", "families", "cpr"),
    [
        (f"kkb:{R}", 9, 3, 200 / 3),
        (f"sisa:{R}", 2, 1, 0.0),
        (f"kkb:{W}", 6, 3, 50.0),
        (f"sisa:{W}", 0, 0, None),
        ("luar_kkb:36.72", 2, 1, 0.0),
    ],
)
def test_reconstructed_baselines_by_hand(kota_dua_tahun, area, persons, families, cpr):
    change = _change(kota_dua_tahun)
    assert change.loc[(area, "n_penduduk"), "nilai_sebelumnya"] == persons
    assert change.loc[(area, "n_keluarga"), "nilai_sebelumnya"] == families
    lalu = change.loc[(area, "cpr_pct"), "nilai_sebelumnya"]
    assert pd.isna(lalu) if cpr is None else lalu == pytest.approx(cpr)
    for indikator in ("n_penduduk", "n_keluarga", "cpr_pct"):
        assert change.loc[(area, indikator), "asal_sebelumnya"] == perubahan.REKONSTRUKSI


def test_change_is_against_the_reconstructed_baseline(kota_dua_tahun):
    """KKB R has 10 persons in 2023 (F1 got a baby): +1 on equal boundaries, not +5."""
    row = _change(kota_dua_tahun).loc[(f"kkb:{R}", "n_penduduk")]
    assert (row["nilai"], row["nilai_sebelumnya"], row["perubahan"]) == (10, 9, 1)
    luar = _change(kota_dua_tahun).loc[("luar_kkb:36.72", "n_penduduk")]
    assert (luar["nilai"], luar["perubahan"]) == (2, 0)  # F4 only, both years


def test_fixed_areas_keep_last_years_published_value(kota_dua_tahun):
    change = _change(kota_dua_tahun)
    for area, persons in (
        (f"kel:{A}", 11),
        (f"kel:{B}", 6),
        ("kec:36.72.05", 17),
        ("kota:36.72", 17),
    ):
        assert change.loc[(area, "n_penduduk"), "nilai_sebelumnya"] == persons
        assert change.loc[(area, "n_penduduk"), "asal_sebelumnya"] == perubahan.SAMA


def test_portal_indicators_of_kkb_and_the_new_kkbs_tier(kota_dua_tahun):
    change = _change(kota_dua_tahun)
    # KKB-level portal indicator: the new KKB has none; the grown KKB keeps last year's own
    assert change.loc[(f"kkb:{W}", "index_input"), "asal_sebelumnya"] == perubahan.TIDAK_ADA
    assert change.loc[(f"kkb:{R}", "index_input"), "asal_sebelumnya"] == perubahan.BATAS_LAMA
    # … and is not computed for the city outside KKB at all
    assert change.loc[("luar_kkb:36.72", "index_input"), "asal_sebelumnya"] == perubahan.TIDAK_ADA
    wide = pd.read_parquet(kota_dua_tahun / "processed/2023/out_wilayah.parquet")
    tier = wide.set_index("wilayah_id")["tingkat_sebelumnya"]
    assert tier[f"kkb:{W}"] == perubahan.BELUM_KKB
    lalu = pd.read_parquet(kota_dua_tahun / "processed/2022/out_wilayah.parquet")
    assert tier[f"kkb:{R}"] == lalu.set_index("wilayah_id").loc[f"kkb:{R}", "tingkat"]
    assert set(change["asal_sebelumnya"]) <= set(perubahan.ASAL)


def _tanpa_keluarga(folder: Path) -> str:
    (folder / "core_pk_keluarga.parquet").unlink()
    return "core_pk_keluarga.parquet tidak ada"


def _versi_lama(folder: Path) -> str:
    path = folder / "core_pk_anggota.parquet"
    pd.read_parquet(path).drop(columns="umur_tahun").to_parquet(path)
    return "core_pk_anggota.parquet tidak memuat kolom umur_tahun"


def _rusak(folder: Path) -> str:
    (folder / "core_pk_kb.parquet").write_bytes(b"bukan parquet")
    return "core_pk_kb.parquet tidak terbaca"


@pytest.mark.parametrize("rusakkan", [_tanpa_keluarga, _versi_lama, _rusak])
def test_without_usable_core_tables_the_old_comparison_with_a_note(
    kota_dua_tahun, tmp_path, monkeypatch, caplog, rusakkan
):
    """Core tables of 2022 missing, from an older build or damaged: no traceback, an Indonesian
    warning naming the file, and the comparison of before — last year's areas as they were
    (batas_lama) or nothing."""
    import shutil

    data_dir = tmp_path / "kota"
    shutil.copytree(kota_dua_tahun, data_dir)
    alasan = rusakkan(data_dir / "processed/2022")
    monkeypatch.setenv("KKB_SALT", "salt-uji-batas-tidak-rahasia")
    with caplog.at_level(logging.WARNING):
        _build(data_dir, 2023)
    pesan = [
        r.getMessage() for r in caplog.records if "tidak dapat dihitung ulang" in r.getMessage()
    ]
    assert len(pesan) == 1 and alasan in pesan[0]
    change = _change(data_dir)
    assert change.loc[(f"kkb:{R}", "n_penduduk"), "nilai_sebelumnya"] == 5
    assert change.loc[(f"kkb:{R}", "n_penduduk"), "asal_sebelumnya"] == perubahan.BATAS_LAMA
    assert pd.isna(change.loc[(f"kkb:{W}", "n_penduduk"), "nilai_sebelumnya"])
    assert change.loc[(f"kkb:{W}", "n_penduduk"), "asal_sebelumnya"] == perubahan.TIDAK_ADA
    assert change.loc[("kota:36.72", "n_penduduk"), "asal_sebelumnya"] == perubahan.SAMA


def test_without_a_previous_year_every_baseline_is_absent(tmp_path, monkeypatch):
    monkeypatch.setenv("KKB_SALT", "salt-uji-batas-tidak-rahasia")
    _raw_year(tmp_path / "raw" / "2023", 2023, KKB_2023, _families_2023())
    _build(tmp_path, 2023)
    change = _change(tmp_path)
    assert set(change["asal_sebelumnya"]) == {perubahan.TIDAK_ADA}
    assert change["nilai_sebelumnya"].isna().all()
    wide = pd.read_parquet(tmp_path / "processed/2023/out_wilayah.parquet")
    assert wide["tingkat_sebelumnya"].isna().all()


# ------------------------------------------------------------------------------ boundaries
def _master(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kkb_id": [r[0] for r in rows],
            "nama_kkb": [f"Kampung KB {r[0]}" for r in rows],
            "kode_kelurahan": [r[1] for r in rows],
            "rw_list": pd.array([r[2] for r in rows], dtype="string"),
            "status_aktif": [True] * len(rows),
        }
    )


def test_coverage_units_follow_the_assignment_rule():
    """RW written "1" and "001" is one unit; a whole-kelurahan KKB is the unit "*" and shadows
    an RW-level KKB of the same kelurahan (which then receives no row)."""
    units = cakupan_kkb(_master([(R, A, "1;002"), (W, B, None), ("KKB-3672051002-02", B, "003")]))
    assert list(units.itertuples(index=False, name=None)) == [
        (B, "*", W),
        (A, "001", R),
        (A, "002", R),
    ]


@pytest.mark.parametrize(
    ("before", "after", "same_kkb", "same_outside"),
    [
        ([(R, A, "001;002")], [(R, A, "2;1")], True, True),  # same RWs, other spelling
        ([(R, A, "001")], [(R, A, "001;002")], False, False),  # grows by one RW
        ([(R, A, None)], [(R, A, "001;002;003")], False, False),  # unknown RW now outside
        ([(R, A, "001")], [(R, A, "001"), (W, B, None)], True, False),  # another KKB is new
    ],
)
def test_same_boundaries(before, after, same_kkb, same_outside):
    from kkb_analysis.wilayah import build_areas

    areas = build_areas(_master(after))
    sama = perubahan.batas_sama(areas, _master(after), _master(before))
    assert sama[f"kkb:{R}"] == same_kkb and sama[f"sisa:{R}"] == same_kkb
    assert sama["luar_kkb:36.72"] == same_outside
    assert sama[f"kel:{A}"] and sama["kota:36.72"]
    # without last year's master only the fixed areas are known to be the same
    unknown = perubahan.batas_sama(areas, _master(after), None)
    assert not unknown[f"kkb:{R}"] and not unknown["luar_kkb:36.72"] and unknown[f"kel:{A}"]
