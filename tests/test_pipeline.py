"""End to end on a small synthetic city: sample → validasi → bangun.

Checks the promises of the foundation: every row is kept or quarantined, the quarantine is
visible with reasons, the build is a pure function of data/raw, and no NIK, No. KK, name or
address from the raw files reaches data/processed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from kkb_analysis.cli import main
from kkb_analysis.config import get_paths
from kkb_analysis.pipeline import SOURCES, load_year
from tests.conftest import TAHUN_KOTA, salin_kota
from tests.privasi import find_leaks, personal_values


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def bangun(kota_sampel, tmp_path_factory):
    """``kkb bangun`` run on a private copy of the shared city's raw files (the shared city
    itself is read-only): the folder, the console output and the raw digest before the run."""
    root = salin_kota(kota_sampel, tmp_path_factory.mktemp("kota"), olahan=False)
    raw_before = _tree_digest(root / "raw")
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(out):
        for name in ("KKB_SALT", "KKB_PENGATURAN"):  # the demo salt, as for the shared city
            mp.delenv(name, raising=False)
        code = main(["--data-dir", str(root), "bangun"])
    return root, code, out.getvalue(), raw_before


def test_main_job_builds_both_years(bangun):
    city, code, out, _ = bangun
    assert code == 0
    assert "Ringkasan muat data tahun 2022" in out and "Ringkasan muat data tahun 2023" in out
    assert "(cocok)" in out
    for year in (2022, 2023):
        folder = city / "processed" / str(year)
        for module in SOURCES:
            assert (folder / f"core_{module.SPEC.base}.parquet").is_file(), module.SPEC.base
        report = json.loads((folder / "laporan_validasi.json").read_text())
        assert report["rekonsiliasi_ok"] and report["salt_demo"]


def test_every_row_is_kept_or_quarantined(kota_sampel):
    paths = get_paths(data_dir=kota_sampel)
    load = load_year(paths, 2023)
    for base, result in load.results.items():
        assert result.rows_read == result.rows_kept + result.rows_rejected, base
        if result.rows_rejected:
            assert set(result.quarantine["baris_sumber"]).isdisjoint(result.table["baris_sumber"])
    summary = load.summary().set_index("file")
    # the sample carries deliberate dirty rows: the demo must show quarantine with reasons
    for base in ("pk_keluarga", "pk_anggota", "pk_kb", "eppgbm", "kkb_kkbpk", "kkb_intervensi"):
        assert summary.loc[base, "baris_ditolak"] > 0, base
    issues = load.issues()
    codes = set(issues.loc[issues["tingkat"].eq("tolak"), "kode_alasan"])
    assert {"REFERENSI_TIDAK_ADA", "INVARIAN_GAGAL", "DUPLIKAT_KUNCI"} <= codes
    assert {"NIK_TIDAK_VALID"} <= set(issues["kode_alasan"])


def test_quarantine_files_have_line_numbers_and_reasons(kota_sampel, tmp_path):
    city = salin_kota(kota_sampel, tmp_path, olahan=False)
    assert main(["--data-dir", str(city), "validasi", "--tahun", "2023"]) == 0
    q = pd.read_csv(city / "processed/2023/karantina/pk_anggota.csv", dtype=str)
    assert {"baris_sumber", "kode_alasan", "alasan"} <= set(q.columns)
    assert q["baris_sumber"].astype(int).min() >= 2
    assert q["alasan"].str.len().min() > 5


def test_build_is_deterministic(bangun, kota_sampel):
    """Two builds of the same raw files, in two folders, are byte-identical."""
    city = bangun[0]
    for year in TAHUN_KOTA:
        assert _tree_digest(city / "processed" / str(year)) == _tree_digest(
            kota_sampel / "processed" / str(year)
        ), year


def test_raw_layer_is_never_written(bangun):
    city, _, _, raw_before = bangun
    assert _tree_digest(city / "raw") == raw_before


def test_no_personal_data_in_processed(bangun):
    """Every NIK, No. KK, full name and address of the raw sample is absent from processed data
    (files, cells, messages, JSON values; see tests/privasi.py)."""
    city = bangun[0]
    for year in (2022, 2023):
        secrets, single_names = personal_values(city / "raw" / str(year))
        assert len(secrets) > 100  # the scan really has something to look for
        leaked = find_leaks(
            sorted((city / "processed" / str(year)).rglob("*")), secrets, single_names
        )
        assert leaked == [], leaked[:5]


def test_indicator_tables_are_built_for_every_area(kota_sampel):
    folder = kota_sampel / "processed" / "2023"
    wide = pd.read_parquet(folder / "out_wilayah.parquet")
    assert set(wide["jenis_wilayah"]) == {
        "kkb",
        "sisa_kelurahan",
        "kelurahan",
        "kecamatan",
        "kota",
        "kota_luar_kkb",
    }
    kkb = wide[wide["jenis_wilayah"].eq("kkb")]
    assert len(kkb) == 13
    assert set(kkb["tingkat"]) <= {
        "Dasar",
        "Berkembang",
        "Mandiri",
        "Berkelanjutan",
        "data tidak cukup",
    }
    change = pd.read_parquet(folder / "out_perubahan.parquet")
    # the two KKB new in 2023 get a 2022 baseline rebuilt on their boundaries; the others keep
    # their published 2022 value; no PK-based change cell is missing
    prev = change[change["indikator"].eq("n_penduduk") & change["jenis_wilayah"].eq("kkb")]
    assert prev["nilai_sebelumnya"].notna().all()
    assert (prev["asal_sebelumnya"] == "rekonstruksi").sum() == 2
    assert (prev["asal_sebelumnya"] == "sama").sum() == 11
    new = set(prev.loc[prev["asal_sebelumnya"].eq("rekonstruksi"), "wilayah_id"])
    tier = wide.set_index("wilayah_id").loc[sorted(new), "tingkat_sebelumnya"]
    assert set(tier) == {"belum_kkb"}
    for name in (
        "out_piramida",
        "out_klasifikasi",
        "out_rekap_krs",
        "out_konvergensi",
        "out_zscore",
    ):
        assert len(pd.read_parquet(folder / f"{name}.parquet")) > 0, name


def test_city_headlines_within_calibration(kota_sampel):
    """City-level figures of the sample land in the ranges of cilegon.md §6.1.

    Targets from the calibration table (widened by a few points for the small test scale):
    persons per family 3.5–4.0, sex ratio 102–103, CPR 50–60 %, MKJP 20–30 %, unmet need
    6–12 %, iBangga 55–65, e-PPGBM-like stunting 4–10 %, desil 1–4 share 20–40 %.
    """
    wide = pd.read_parquet(kota_sampel / "processed" / "2023" / "out_wilayah.parquet")
    kota = wide[wide["jenis_wilayah"].eq("kota")].iloc[0]
    assert 3.3 <= kota["rasio_penduduk_per_keluarga"] <= 4.2
    assert 98 <= kota["rasio_jenis_kelamin"] <= 107
    assert 45 <= kota["cpr_pct"] <= 65
    assert 15 <= kota["mkjp_pct"] <= 35
    assert 5 <= kota["unmet_need_pct"] <= 13
    assert 55 <= kota["indeks_ibangga"] <= 65
    assert 3 <= kota["stunting_agustus_pct"] <= 11
    assert 18 <= kota["kurang_mampu_pct"] <= 45


def test_csv_outputs_neutralise_formula_like_text():
    """Quarantine and issue CSVs are opened in Excel by analysts: text that a spreadsheet would
    run as a formula gets a leading apostrophe — the strict rule of the workbook too
    (kkb_analysis.nilai.mirip_rumus), so a plain negative number is prefixed as well; ordinary
    text, a minus inside the text and the true minus sign U+2212 stay."""
    from kkb_analysis.pipeline import netralkan_rumus

    frame = pd.DataFrame(
        {
            "nilai": [
                '=HYPERLINK("http://x")',
                "+1",
                "-2+3",
                "@SUM(A1)",
                "\tx",
                "-5",
                "-0.5",
                "\n=1",
                "ok",
                "a-b",
                "\u22125",
            ],
            "n": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
        }
    )
    out = netralkan_rumus(frame)
    assert out["nilai"].tolist() == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tx",
        "'-5",
        "'-0.5",
        "'\n=1",
        "ok",
        "a-b",
        "\u22125",
    ]
    assert out["n"].tolist() == frame["n"].tolist()
    assert frame["nilai"].iloc[0].startswith("=")  # the input frame is not modified
