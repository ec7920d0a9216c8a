"""Orchestration of the indicators of one data year (issue "Indicators").

Input: the kept, pseudonymised tables of a year (``{file base: DataFrame}``), the settings and the
load summary. Output: the ``out_*`` tables written to ``data/processed/<tahun>/``:

- ``out_wilayah``: one row per area (KKB, rest of its kelurahan, kelurahan, kecamatan, city, city
  outside KKB) with every headline indicator; KKB rows also carry the KKBPK-based KB figures,
  the portal classification, convergence, UMKM and data completeness;
- long tables: ``out_piramida``, ``out_metode_kb``, ``out_poktan``, ``out_zscore``,
  ``out_stunting``, ``out_klasifikasi``, ``out_rencana_tingkat``, ``out_rekap_krs``,
  ``out_ibangga_variabel``, ``out_konvergensi``, ``out_fungsi_keluarga``, ``out_intervensi``,
  ``out_umkm``, ``out_kelengkapan``, ``out_rw`` (per RW inside each KKB), ``out_target``
  (each area's indicators against their official targets,
  :func:`~kkb_analysis.indikator.target.tabel_target`).

Every figure follows ../shared/domain/indicators.md (see docs/metodologi.md). ``<NA>`` in an
indicator column means "data tidak cukup".
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from kkb_analysis import wilayah
from kkb_analysis.config import REFERENCE_DIR, load_reference
from kkb_analysis.indikator import (
    aksi,
    ibangga,
    kb,
    kelengkapan,
    kependudukan,
    kesejahteraan,
    klasifikasi,
    konvergensi,
    krs,
    rw,
    stunting,
    target,
    umkm,
)

logger = logging.getLogger(__name__)


def _merge_rates(base: pd.DataFrame, rates: pd.DataFrame, key: str = "wilayah_id") -> pd.DataFrame:
    """Left-join new indicator columns; a column already present is kept from ``base``."""
    new = [c for c in rates.columns if c == key or c not in base.columns]
    return base.merge(rates[new], on=key, how="left")


def _period_suffix(column: str, period: str) -> str:
    """``stunting_pct`` → ``stunting_agustus_pct``; counts get the period at the end."""
    if period == "tahun":
        return column
    p = period.lower()
    for unit in ("_ci_low_pct", "_ci_high_pct", "_pct"):
        if column.endswith(unit):
            return f"{column[: -len(unit)]}_{p}{unit}"
    return f"{column}_{p}"


def _stunting(
    tables: dict[str, pd.DataFrame], year: int, settings: dict, areas: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Wide stunting columns per area and period, the long prevalence table, HAZ distribution."""
    eppgbm = tables.get("eppgbm")
    if eppgbm is None or "zs_tbu_recalc" not in eppgbm.columns:
        from kkb_analysis.sumber.eppgbm import OUTPUT_COLUMNS

        eppgbm = pd.DataFrame({c: pd.Series(dtype="object") for c in OUTPUT_COLUMNS})
    wide = areas[["wilayah_id"]].copy()
    long_rows, dist = [], pd.DataFrame()
    for period in settings["stunting"]["periode"]:
        latest = stunting.select_latest_measurements(eppgbm, year, period)
        counts = stunting.count_anthropometry(latest)
        agg = wilayah.aggregate(counts, areas)
        rates = stunting.rates_from_counts(agg)
        rates["stunting_kategori"] = [
            stunting.severity_class(v, "stunting") for v in rates["stunting_pct"]
        ]
        rates["wasting_kategori"] = [
            stunting.severity_class(v, "wasting") for v in rates["wasting_pct"]
        ]
        long_rows.append(rates.assign(periode=period))
        # e-PPGBM child counts must not collide with the PK counts of the same name
        rates = rates.rename(columns={"n_anak": "n_anak_eppgbm", "n_balita": "n_balita_eppgbm"})
        renamed = rates.rename(columns={c: _period_suffix(c, period) for c in rates.columns})
        renamed = renamed.rename(columns={_period_suffix("wilayah_id", period): "wilayah_id"})
        wide = _merge_rates(wide, renamed)
        if period == "tahun":
            cells = stunting.zscore_distribution(latest)
            dist = _aggregate_long(cells, areas, ["indeks", "bin_ke", "z_bawah", "z_atas"])
    return wide, pd.concat(long_rows, ignore_index=True), dist


def _aggregate_long(cells: pd.DataFrame, areas: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sum a long per-cell table (cell keys + ``keys`` + ``n``) into every area."""
    if cells.empty:
        return pd.DataFrame(columns=["wilayah_id", *keys, "n"])
    membership = wilayah.cell_membership(areas, cells)
    keyed = cells.astype({k: "string" for k in wilayah.CELL_KEYS})
    merged = membership.merge(keyed, on=wilayah.CELL_KEYS, how="left")
    out = merged.groupby(["wilayah_id", *keys], sort=False, dropna=False)["n"].sum().reset_index()
    order = {w: i for i, w in enumerate(areas["wilayah_id"])}
    out["_o"] = out["wilayah_id"].map(order)
    return out.sort_values(["_o", *keys[:2]]).drop(columns="_o").reset_index(drop=True)


def _kkb_rows(areas: pd.DataFrame, frame: pd.DataFrame, prefix: str = "") -> pd.DataFrame:
    """Per-KKB columns (``kkb_id`` keyed) renamed with ``prefix`` and keyed by ``wilayah_id``."""
    if frame is None:
        return pd.DataFrame({"wilayah_id": pd.Series(dtype="string")})
    out = frame.copy()
    out["wilayah_id"] = "kkb:" + out["kkb_id"].astype("string")
    drop = [c for c in ("kkb_id", "tahun") if c in out.columns]
    out = out.drop(columns=drop)
    if prefix:
        out = out.rename(columns={c: f"{prefix}{c}" for c in out.columns if c != "wilayah_id"})
    return out


def _completeness_inputs(
    wide: pd.DataFrame,
    agg_kep: pd.DataFrame,
    umkm_kkb: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
) -> pd.DataFrame:
    """Per-KKB counts behind the nine data domains (indicators.md §12.1)."""
    kkb = wide[wide["jenis_wilayah"].eq("kkb")].copy()
    pyramid = [c for c in agg_kep.columns if c.startswith(("n_penduduk_l_", "n_penduduk_p_"))]
    valid_sex_age = agg_kep.set_index("wilayah_id")[pyramid].sum(axis=1)

    def col(name: str) -> pd.Series:
        if name in kkb.columns:
            return pd.to_numeric(kkb[name], errors="coerce").fillna(0).astype(float)
        return pd.Series(0.0, index=kkb.index)

    dtks = tables.get("dtks")
    dtks_counts = pd.DataFrame(columns=["kkb_id", "n_dtks_desil_or_status", "n_dtks_status_known"])
    if dtks is not None and not dtks.empty and "kkb_id" in dtks.columns:
        d = dtks[dtks["kkb_id"].notna()]
        has_desil = d["desil"].notna() if "desil" in d.columns else False
        # domain 8 "DTKS" counts DTKS/DTSEN records only (indicators.md §12.1)
        registry = d["sumber"].isin(["DTKS", "DTSEN"]).fillna(False).astype(bool)
        status_known = d["status_dtks"].notna() & registry if "status_dtks" in d.columns else False
        grouped = pd.DataFrame(
            {
                "kkb_id": d["kkb_id"].astype("string"),
                "n_dtks_desil_or_status": (has_desil | status_known).astype(int),
                "n_dtks_status_known": pd.Series(status_known, index=d.index).astype(int),
                "n_dtks_cocok": 1,
            }
        )
        dtks_counts = grouped.groupby("kkb_id").sum().reset_index()
    inputs = pd.DataFrame(
        {
            "kkb_id": kkb["kkb_id"].astype("string").to_numpy(),
            "n_anggota": col("n_penduduk").to_numpy(),
            "n_anggota_valid_jk_umur": valid_sex_age.reindex(kkb["wilayah_id"]).to_numpy(),
            "n_balita": col("n_balita").to_numpy(),
            "n_anak_sekolah": col("n_anak_usia_sekolah").to_numpy(),
            "n_anak_sekolah_status": col("n_anak_usia_sekolah_status_terisi").to_numpy(),
            "n_remaja": col("n_remaja").to_numpy(),
            "n_haz_valid": col("n_balita_diukur").to_numpy(),
            # the e-PPGBM child count is renamed in _stunting (PK's n_anak is another count)
            "n_eppgbm": col("n_anak_eppgbm").to_numpy(),
            "n_keluarga": col("n_keluarga").to_numpy(),
            "n_keluarga_penghasilan_terklasifikasi": (
                col("n_keluarga") - col("n_penghasilan_tidak_diketahui")
            ).to_numpy(),
        }
    )
    inputs = inputs.merge(dtks_counts, on="kkb_id", how="left")
    if umkm_kkb is not None and not umkm_kkb.empty:
        inputs = inputs.merge(
            umkm_kkb[["kkb_id", "n_umkm", "n_umkm_unggulan"]].astype({"kkb_id": "string"}),
            on="kkb_id",
            how="left",
        )
    return inputs.fillna(0)


def cell_indicators(
    tables: dict[str, pd.DataFrame], year: int, settings: dict[str, Any], areas: pd.DataFrame
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame], pd.DataFrame]:
    """The cell-additive indicators of ``areas``: every column that sums cells (kelurahan ×
    KKB) before dividing, so it exists for every area type and can be recomputed on other
    boundaries (:mod:`kkb_analysis.indikator.perubahan`).

    Returns the wide table (``tahun`` + ``areas`` + the kependudukan, PK KB, KRS, iBangga,
    kesejahteraan and stunting columns), the long tables built from the same sums
    (``out_piramida``, ``out_rekap_krs``, ``out_ibangga_variabel``, ``out_stunting``,
    ``out_zscore``) and the kependudukan sums (denominators of the KKB-level indicators).
    """
    wide = areas.copy()
    wide.insert(0, "tahun", year)
    out: dict[str, pd.DataFrame] = {}

    # Additive, cell-based domains (kependudukan, KB from PK, KRS, iBangga, kesejahteraan).
    agg_kep = wilayah.aggregate(kependudukan.count_kependudukan(tables, settings), areas)
    wide = _merge_rates(wide, kependudukan.rates_kependudukan(agg_kep))
    out["out_piramida"] = kependudukan.long_piramida(agg_kep)
    pk_kb = tables.get("pk_kb")
    if pk_kb is None or "kode_kelurahan" not in pk_kb.columns:
        pk_kb = pd.DataFrame(columns=["kode_kelurahan", "kkb_id"])
    agg_kb = wilayah.aggregate(kb.count_pk_kb(pk_kb), areas)
    wide = _merge_rates(wide, kb.rates_pk_kb(agg_kb))
    agg_krs = wilayah.aggregate(krs.count_krs(tables, settings), areas)
    wide = _merge_rates(wide, krs.rates_krs(agg_krs))
    out["out_rekap_krs"] = krs.long_rekap_krs(agg_krs, tahun=year)
    agg_ib = wilayah.aggregate(ibangga.count_ibangga(tables, settings), areas)
    wide = _merge_rates(wide, ibangga.rates_ibangga(agg_ib))
    out["out_ibangga_variabel"] = ibangga.long_variabel_ibangga(agg_ib)
    agg_kes = wilayah.aggregate(kesejahteraan.count_kesejahteraan(tables, settings), areas)
    wide = _merge_rates(wide, kesejahteraan.rates_kesejahteraan(agg_kes))

    # Stunting (e-PPGBM), one set of columns per period.
    st_wide, st_long, st_dist = _stunting(tables, year, settings, areas)
    wide = _merge_rates(wide, st_wide)
    out["out_stunting"] = st_long
    out["out_zscore"] = st_dist
    return wide, out, agg_kep


def compute_indicators(
    tables: dict[str, pd.DataFrame],
    year: int,
    settings: dict[str, Any],
    conform: bool = True,
) -> dict[str, pd.DataFrame]:
    """Compute every indicator table of one data year; see the module docstring.

    With ``conform`` the tables are ordered by the declared schema (:func:`conform_to_schema`).
    """
    areas = wilayah.build_areas(tables.get("kkb"))
    wide, out, agg_kep = cell_indicators(tables, year, settings, areas)

    # KKB-level: KKBPK report, poktan, classification, convergence, UMKM, completeness.
    kkbpk = kb.kkbpk_indicators(tables.get("kkb_kkbpk"), year, settings)
    wide = _merge_rates(wide, _kkb_rows(areas, kkbpk, "kkbpk_"))
    denominators = kependudukan.pk_denominators(agg_kep)
    # an area without any PK family has no denominators: "data tidak cukup", not 0 %
    denominators = denominators[denominators["jumlah_keluarga"] > 0]
    by_kkb = kb.denominators_by_kkb(denominators)
    month_rows = kb.select_kkbpk_month(tables.get("kkb_kkbpk"), year, settings)
    out["out_poktan"] = kb.poktan_participation(month_rows, by_kkb)
    scores, detail = klasifikasi.classify_all(
        tables.get("kkb"),
        tables.get("kkb_profil"),
        tables.get("kkb_kkbpk"),
        tables.get("kkb_intervensi"),
        denominators,
        year,
        settings,
    )
    wide = _merge_rates(wide, _kkb_rows(areas, scores))
    out["out_klasifikasi"] = detail
    out["out_rencana_tingkat"] = (
        klasifikasi.next_tier_plan(scores, settings) if not scores.empty else pd.DataFrame()
    )
    conv = konvergensi.konvergensi_per_kkb(tables, settings, year)
    conv = pd.concat([conv, konvergensi.konvergensi_kota(tables, settings, year)])
    conv = conv.drop(columns=["kkb_id"], errors="ignore").rename(
        columns={
            "n_intervensi": "n_intervensi_konvergensi",
            "tanggal_awal": "konvergensi_tanggal_awal",
            "tanggal_referensi": "konvergensi_tanggal_referensi",
        }
    )
    wide = _merge_rates(wide, conv)
    out["out_konvergensi"] = pd.concat(
        [
            konvergensi.long_matriks_konvergensi(tables, settings, year, tingkat="kkb"),
            konvergensi.long_matriks_konvergensi(tables, settings, year, tingkat="kota"),
        ],
        ignore_index=True,
    )
    out["out_fungsi_keluarga"] = pd.concat(
        [
            konvergensi.long_fungsi_keluarga(tables, settings, year, tingkat="kkb"),
            konvergensi.long_fungsi_keluarga(tables, settings, year, tingkat="kota"),
        ],
        ignore_index=True,
    )
    out["out_intervensi"] = konvergensi.long_intervensi(tables, settings, year)
    umkm_kkb = umkm.umkm_per_kkb(tables, settings)
    wide = _merge_rates(wide, _kkb_rows(areas, umkm_kkb))
    out["out_umkm"] = umkm.long_umkm(tables, settings)
    inputs = _completeness_inputs(wide, agg_kep, umkm_kkb, tables)
    complete = kelengkapan.kelengkapan(inputs, settings)
    wide = _merge_rates(wide, _kkb_rows(areas, complete))
    out["out_kelengkapan"] = kelengkapan.tambah_berkas(
        kelengkapan.long_kelengkapan(inputs, settings)
    )
    out["out_metode_kb"] = _method_mix(kkbpk)
    out["out_rw"] = rw.count_rw(tables, year, settings)
    out["out_wilayah"] = wide
    out["out_target"] = target.tabel_target(wide, year, settings)
    out["out_aksi"] = aksi.tabel_aksi(
        wide, year, out["out_rencana_tingkat"], out["out_target"], out["out_kelengkapan"], settings
    )
    out = {name: _tidy(frame) for name, frame in out.items()}
    return conform_to_schema(out) if conform else out


SCHEMA_FILE = REFERENCE_DIR / "skema_keluaran.yaml"


def conform_to_schema(outputs: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Order every output table by its declared columns (``referensi/skema_keluaran.yaml``).

    A declared column that a year cannot compute (its input file is absent) is added as
    ``<NA>`` ("data tidak cukup"), so every year has the same schema. An undeclared column is a
    programming change that must be declared: it stops with a message saying how.
    """
    schema = load_reference("skema_keluaran")
    conformed = {}
    for name, frame in outputs.items():
        declared = schema.get(name)
        extra = [c for c in frame.columns if declared is None or c not in declared]
        if extra:
            raise RuntimeError(
                f"{name}: kolom belum dideklarasikan di {SCHEMA_FILE.name}: {extra[:8]}. "
                "Katalogkan kolom baru di kkb_analysis/indikator/katalog/ lalu jalankan "
                "'make skema' (= bash run.sh skema): deklarasi dan docs/skema.md diperbarui."
            )
        conformed[name] = frame.reindex(columns=declared)
    return conformed


def schema_text(columns: dict[str, list[str]]) -> str:
    """The text of ``referensi/skema_keluaran.yaml`` declaring ``{table: [columns]}``."""
    import yaml

    text = yaml.safe_dump(
        {name: [str(c) for c in cols] for name, cols in sorted(columns.items())},
        allow_unicode=True,
        sort_keys=False,
    )
    header = (
        "# Declared columns of the out_* tables (kkb_analysis/indikator/hitung.py), in order.\n"
        "# Regenerate after an intended change: python tools/skema_keluaran.py\n"
    )
    return header + text


def write_schema(outputs: dict[str, pd.DataFrame]) -> None:
    """Declare the columns of the given outputs as the output schema (tools/skema_keluaran.py)."""
    columns = {name: list(frame.columns) for name, frame in outputs.items()}
    SCHEMA_FILE.write_text(schema_text(columns), encoding="utf-8")


METHOD_LABELS = {  # portal kontrasepsi labels, data-contract.md A.13
    "iud": "IUD",
    "mow": "MOW",
    "mop": "MOP",
    "kondom": "Kondom",
    "implan": "Implan",
    "suntik": "Suntik",
    "pil": "PIL",
}
METHOD_MIX_COLUMNS = ["wilayah_id", "sumber", "bulan", "metode", "n", "mix_pct"]


def _method_mix(kkbpk: pd.DataFrame) -> pd.DataFrame:
    """Long method mix: KKBPK users by the 7 portal methods per KKB (source code and month)."""
    rows = []
    for r in kkbpk.itertuples(index=False):
        users = getattr(r, "n_pengguna_kb", 0) or 0
        for key, label in METHOD_LABELS.items():
            n = getattr(r, f"n_kb_{key}")
            rows.append(
                (
                    f"kkb:{r.kkb_id}",
                    "KKBPK",
                    int(r.bulan) if pd.notna(r.bulan) else pd.NA,
                    label,
                    n,
                    (100.0 * n / users) if users else np.nan,
                )
            )
    out = pd.DataFrame(rows, columns=METHOD_MIX_COLUMNS)
    out["bulan"] = out["bulan"].astype("Int64")
    return out


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Stable dtypes for Parquet: object columns become strings."""
    frame = frame.reset_index(drop=True)
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].astype("string")
    return frame
