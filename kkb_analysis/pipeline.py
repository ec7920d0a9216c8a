"""Orchestration: load every raw file of a data year, then write the processed layer.

Layering follows papermill's: ``cli`` → this module (orchestration) → ``sumber/*`` and
``validation`` (the engine). Outputs are pure functions of ``data/raw/<tahun>/``: the same raw
files give byte-identical processed files, and a run that stops on a file-level error writes
nothing (data-contract.md §3.1).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from kkb_analysis import __version__, atomik
from kkb_analysis.batas import kutip
from kkb_analysis.config import Paths, load_salt, load_settings, sha256_file
from kkb_analysis.errors import DataFileError, FileProblem
from kkb_analysis.nama import berkas_asing, berkas_mirip, teks_tampil
from kkb_analysis.nilai import AWAL_RUMUS
from kkb_analysis.readers import ReadLimits, XlsxLimits, find_file, read_raw_file
from kkb_analysis.sumber import (
    dtks,
    eppgbm,
    kkb,
    kkb_intervensi,
    kkb_kkbpk,
    kkb_profil,
    kkb_umkm,
    pk_anggota,
    pk_kb,
    pk_keluarga,
)
from kkb_analysis.validation import ISSUE_COLUMNS, LoadContext, LoadResult, check_headers

logger = logging.getLogger(__name__)

# Processing order of data-contract.md §3.4: parents before children.
SOURCES: tuple[ModuleType, ...] = (
    kkb,
    kkb_profil,
    kkb_kkbpk,
    kkb_intervensi,
    kkb_umkm,
    pk_keluarga,
    pk_anggota,
    pk_kb,
    eppgbm,
    dtks,
)
SUMMARY_COLUMNS = [
    "file",
    "format",
    "baris_dibaca",
    "baris_dimuat",
    "baris_ditolak",
    "baris_ditandai",
    "kolom_tidak_dikenal",
    "catatan",
]


@dataclass
class YearLoad:
    """Everything loaded for one data year."""

    year: int
    results: dict[str, LoadResult]
    inputs: list[dict[str, Any]]
    salt_is_demo: bool
    notes: dict[str, str] = field(default_factory=dict)

    def summary(self) -> pd.DataFrame:
        """The load summary (``ringkasan_muat.csv``), one row per raw file."""
        rows = []
        for module in SOURCES:
            base = module.SPEC.base
            row = self.results[base].summary()
            row["catatan"] = self.notes.get(base, "")
            rows.append(row)
        return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)

    def issues(self) -> pd.DataFrame:
        """All issues of the year (``masalah_data.csv``), in processing order."""
        frames = [self.results[m.SPEC.base].issues for m in SOURCES]
        frames = [f for f in frames if not f.empty]
        if not frames:
            return pd.DataFrame(columns=ISSUE_COLUMNS)
        return pd.concat(frames, ignore_index=True)[ISSUE_COLUMNS]


def load_year(paths: Paths, year: int, settings: dict[str, Any] | None = None) -> YearLoad:
    """Read, validate and pseudonymise every raw file of ``year``.

    Raises :class:`DataFileError` listing every file-level problem of the year (so the analyst
    sees all of them at once) before anything is written.
    """
    settings = settings or load_settings()
    raw_dir = paths.raw_year(year)
    if not raw_dir.is_dir() or not any(raw_dir.iterdir()):
        raise DataFileError(
            [
                FileProblem(
                    str(raw_dir),
                    "FILE_TIDAK_TERBACA",
                    f"folder data tahun {year} tidak ada atau kosong. Letakkan berkas mentah di "
                    f"data/raw/{year}/ (lihat docs/data.md) atau buat data contoh dengan "
                    f"'kkb sampel'.",
                )
            ]
        )
    salt = load_salt(raw_dir)
    problems: list[FileProblem] = _lookalike_problems(raw_dir)
    raws, unknown, inputs = {}, {}, []
    xlsx_limits = XlsxLimits.from_settings(settings)
    limits = ReadLimits.from_settings(settings)
    for module in SOURCES:
        spec = module.SPEC
        path, problem = find_file(raw_dir, spec.base)
        if problem:
            problems.append(problem)
            continue
        if path is None:
            if spec.base == "kkb":
                problems.append(
                    FileProblem(
                        "kkb.csv",
                        "FILE_TIDAK_TERBACA",
                        "daftar KKB (kkb.csv atau kkb.xlsx) wajib ada: tanpa daftar ini tidak ada "
                        "KKB yang dapat dievaluasi.",
                    )
                )
            continue
        inputs.append(
            {"file": path.name, "sha256": sha256_file(path), "ukuran_byte": path.stat().st_size}
        )
        raw, problem = read_raw_file(
            path, delimiter=spec.delimiter, limits=limits, xlsx_limits=xlsx_limits
        )
        if problem:
            problems.append(problem)
            continue
        header_problems, unknown_cols = check_headers(raw, spec)
        problems.extend(header_problems)
        if not header_problems:
            raws[spec.base] = raw
            unknown[spec.base] = unknown_cols
    ctx = LoadContext(year=year, salt=salt, settings=settings)
    notes: dict[str, str] = {}
    for module in SOURCES:
        base = module.SPEC.base
        if base not in raws:
            columns = getattr(module, "OUTPUT_COLUMNS", module.SPEC.names)
            ctx.results[base] = LoadResult.absent(base, list(columns))
            if not any(p.file.startswith(base + ".") for p in problems):
                notes[base] = "berkas tidak ada; indikator yang memerlukannya 'data tidak cukup'"
            continue
        logger.info("Memuat %s (%d baris)", raws[base].file, len(raws[base].frame))
        result = module.load(raws[base], ctx)
        result.unknown_columns = unknown[base]
        problems.extend(result.problems)
        ctx.results[base] = result
    if problems:
        raise DataFileError(problems)
    for module in SOURCES:
        if module.SPEC.base in raws and hasattr(module, "check_links"):
            module.check_links(ctx)
    if "kkb" in raws:
        _check_kkb_renamed(ctx, paths, year)
    for base, raw in raws.items():  # e.g. which XLSX sheet was read, sheets left unread
        if raw.notes:
            notes[base] = "; ".join(raw.notes)
    for base, note in _coverage_notes(ctx, raws, year).items():
        notes[base] = f"{notes[base]}; {note}" if notes.get(base) else note
    return YearLoad(year, ctx.results, inputs, salt.is_demo, notes)


def _lookalike_problems(raw_dir: Path) -> list[FileProblem]:
    """Files named like a raw file but not read (``dtks (1).csv``, ``dtks.xls``): a stop, since
    the user's data would otherwise be skipped; other spreadsheet files: a warning."""
    bases = [m.SPEC.base for m in SOURCES]
    problems = []
    for base, files in berkas_mirip(raw_dir, bases).items():
        found, _ = find_file(raw_dir, base)
        names = ", ".join(f"'{teks_tampil(p.name)}'" for p in files)
        if found is not None:
            what = (
                f"selain {found.name} ada juga {names} yang tampak seperti salinan berkas {base}. "
                f"Tidak jelas mana yang benar: simpan yang benar sebagai {found.name} dan "
                "pindahkan yang lain keluar dari folder ini."
            )
        else:
            what = (
                f"{names} tampak seperti berkas {base} tetapi namanya tidak persis, sehingga tidak "
                f"akan dibaca. Ganti namanya menjadi {base}.csv (atau {base}.xlsx; berkas .xls/"
                ".ods simpan dulu sebagai .xlsx atau CSV UTF-8), lalu jalankan ulang."
            )
        problems.append(FileProblem(teks_tampil(files[0].name), "NAMA_BERKAS", what))
    for path in berkas_asing(raw_dir, bases):
        logger.warning(
            "Berkas %s di %s tidak dikenal dan tidak dibaca (nama berkas yang dibaca ada di "
            "docs/data.md §1.3).",
            teks_tampil(path.name),
            raw_dir,
        )
    return problems


def _read_previous(path: Path, columns: list[str]) -> pd.DataFrame | None:
    """A table of the previous year's processed folder, or None when it is absent or unusable
    (damaged, from an older version, or not a table: the comparison is skipped with a warning)."""
    if not path.is_file():
        return None
    try:
        table = pd.read_parquet(path)
    except (pa.ArrowException, ValueError, OSError):
        table = None
    if table is None or not set(columns) <= set(table.columns):
        logger.warning(
            "%s tidak terbaca atau tidak lengkap; perbandingan dengan tahun sebelumnya dilewati. "
            "Jalankan 'kkb bangun' untuk tahun itu lagi agar perbandingan tersedia.",
            path,
        )
        return None
    return table


def _check_kkb_renamed(ctx: LoadContext, paths: Paths, year: int) -> None:
    """Flag a ``kkb_id`` that looks like a renamed KKB of the previous year.

    ``kkb_id`` must stay the same across years (data-contract.md §7.1), otherwise the KKB loses
    its comparison with the previous year. When the previous year was built
    (``data/processed/<tahun-1>/core_kkb.parquet``), a new ``kkb_id`` in a kelurahan where a
    ``kkb_id`` of the previous year disappeared is flagged (``INKONSISTEN``, ``tandai``): it may
    be the same KKB under a new code. A KKB that really is new is not harmed by the flag.
    """
    previous_file = paths.processed_year(year - 1) / "core_kkb.parquet"
    before = _read_previous(previous_file, ["kkb_id", "kode_kelurahan"])
    if before is None:
        return
    result = ctx.results["kkb"]
    now = result.table
    gone = before[~before["kkb_id"].isin(now["kkb_id"])]
    new = ~now["kkb_id"].isin(before["kkb_id"]) & now["kode_kelurahan"].isin(gone["kode_kelurahan"])
    if not new.any():
        return
    # the previous year's file may come from an older version: its ids are quoted by shape
    old_ids = gone.groupby("kode_kelurahan")["kkb_id"].agg(lambda s: ", ".join(map(kutip, s)))
    message = (
        "kkb_id '"
        + now["kkb_id"].astype("string")  # validated this year (schema.ID_POLA)
        + "' baru di kelurahan ini, sedangkan "
        + now["kode_kelurahan"].map(old_ids).astype("string").fillna("")
        + f" dari tahun {year - 1} tidak ada lagi. Bila ini KKB yang sama, pakai kkb_id lama "
        "(kkb_id harus tetap antar-tahun) agar perbandingan dengan tahun lalu tersambung; bila "
        "memang KKB baru, catatan ini dapat diabaikan."
    )
    result.add_flags(new, "kkb_id", "INKONSISTEN", message)


def _coverage_notes(ctx: LoadContext, raws: dict, year: int) -> dict[str, str]:
    """Load-summary notes for gaps that have no row to flag (checks P10 and B10)."""
    notes = {}
    kkb_table = ctx.table("kkb")
    if "kkb_kkbpk" in raws:
        gaps = kkb_kkbpk.missing_months(ctx.results["kkb_kkbpk"].table, year, kkb_table)
        if not gaps.empty:
            per_kkb = gaps.groupby("kkb_id")["bulan_hilang"].apply(
                lambda s: ",".join(str(int(b)) for b in sorted(s))
            )
            notes["kkb_kkbpk"] = "bulan tidak dilaporkan: " + "; ".join(
                f"{k} ({v})" for k, v in per_kkb.items()
            )
    if "dtks" in raws and "cocok_pk" in ctx.results["dtks"].table.columns:
        unmatched = int((~ctx.results["dtks"].table["cocok_pk"].fillna(False).astype(bool)).sum())
        if unmatched:
            notes["dtks"] = (
                f"{unmatched} catatan tidak cocok dengan keluarga PK (tidak dipetakan ke KKB)"
            )
    if "kkb_profil" in raws and kkb_table is not None:
        missing = kkb_profil.missing_profiles(ctx.results["kkb_profil"].table, kkb_table, year)
        if len(missing):
            notes["kkb_profil"] = "KKB aktif tanpa profil: " + ", ".join(missing["kkb_id"])
    return notes


# ---------------------------------------------------------------------- writing
def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Write a file through a temporary sibling and rename it into place (:mod:`atomik`)."""
    with atomik.berkas_sementara(path) as tmp:
        write(tmp)


def netralkan_rumus(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with formula-like text cells (:func:`kkb_analysis.nilai.mirip_rumus`, the same
    rule as the workbook) prefixed by an apostrophe (CSV injection)."""
    out = frame
    for col in frame.columns:
        if frame[col].dtype == object or isinstance(frame[col].dtype, pd.StringDtype):
            teks = frame[col].astype("string")
            rumus = teks.str.startswith(AWAL_RUMUS).fillna(False).to_numpy(bool)
            if rumus.any():
                if out is frame:
                    out = frame.copy()
                out[col] = teks.mask(rumus, "'" + teks)
    return out


def _csv(frame: pd.DataFrame) -> Callable[[Path], None]:
    aman = netralkan_rumus(frame)
    return lambda p: aman.to_csv(p, index=False, lineterminator="\n", encoding="utf-8")


def validation_report(load: YearLoad) -> dict[str, Any]:
    """Machine-readable validation report (``laporan_validasi.json``); no timestamps."""
    summary = load.summary()
    issues = load.issues()
    files = []
    sha = {Path(i["file"]).stem: i for i in load.inputs}
    for row in summary.to_dict("records"):
        base = row["file"]
        mine = issues[issues["file"].eq(base)]
        reasons = (
            mine.groupby(["tingkat", "kode_alasan"]).size().sort_index()
            if not mine.empty
            else pd.Series(dtype=int)
        )
        entry = {k: (int(v) if k.startswith("baris") else v) for k, v in row.items()}
        entry["sha256"] = sha.get(base, {}).get("sha256")
        entry["alasan"] = {f"{t}:{k}": int(n) for (t, k), n in reasons.items()}
        entry["rekonsiliasi_ok"] = row["baris_dibaca"] == row["baris_dimuat"] + row["baris_ditolak"]
        files.append(entry)
    return {
        "tahun": load.year,
        "versi_kkb_analysis": __version__,
        "salt_demo": load.salt_is_demo,
        "berkas": files,
        "total": {
            "baris_dibaca": int(summary["baris_dibaca"].sum()),
            "baris_dimuat": int(summary["baris_dimuat"].sum()),
            "baris_ditolak": int(summary["baris_ditolak"].sum()),
            "baris_ditandai": int(summary["baris_ditandai"].sum()),
        },
        "rekonsiliasi_ok": all(f["rekonsiliasi_ok"] for f in files),
    }


def _write_validation_files(load: YearLoad, folder: Path) -> None:
    quarantine_dir = folder / "karantina"
    written = set()
    for base, result in load.results.items():
        if result.rows_rejected:
            target = quarantine_dir / f"{base}.csv"
            write_atomic(target, _csv(result.quarantine))
            written.add(target.name)
    if quarantine_dir.is_dir():
        for stale in quarantine_dir.glob("*.csv"):
            if stale.name not in written:
                stale.unlink()
    write_atomic(folder / "masalah_data.csv", _csv(load.issues()))
    write_atomic(folder / "ringkasan_muat.csv", _csv(load.summary()))
    report = json.dumps(validation_report(load), ensure_ascii=False, indent=2, sort_keys=True)
    write_atomic(folder / "laporan_validasi.json", lambda p: p.write_text(report + "\n", "utf-8"))


def write_validation(load: YearLoad, paths: Paths) -> Path:
    """Write quarantine files, issue log, load summary and validation report for the year."""
    folder = paths.processed_year(load.year)
    _write_validation_files(load, folder)
    return folder


#: day-level ages: with a measurement or reference date they give the exact date of birth, so
#: they stay in memory (z-scores, indicators) and are never written (data.md §4)
UMUR_HARIAN = ("umur_hari", "usia_saat_ukur_hari")


def coarsen_for_writing(table: pd.DataFrame) -> pd.DataFrame:
    """A loaded table as it may be written: no value that reveals a date of birth.

    Day-level ages (:data:`UMUR_HARIAN`) are dropped; ``umur_bulan`` becomes completed months
    (an integer); the measurement date ``tgl_ukur`` (from which a day-level age can be recomputed
    through the WHO z-scores) becomes its month ``bulan_ukur`` (``YYYY-MM``). Indicators are
    computed from the full in-memory table before this step.
    """
    out = table.drop(columns=[c for c in UMUR_HARIAN if c in table.columns])
    if "umur_bulan" in out.columns:
        months = pd.to_numeric(out["umur_bulan"], errors="coerce").astype("Float64")
        out["umur_bulan"] = months.apply(np.floor).astype("Int64") if len(out) else months
    if "tgl_ukur" in out.columns:
        measured = pd.to_datetime(out["tgl_ukur"])
        position = out.columns.get_loc("tgl_ukur")
        month = measured.dt.strftime("%Y-%m").astype("string")
        out = out.drop(columns=["tgl_ukur"])
        out.insert(position, "bulan_ukur", month)
    return out


def _core_table(result: LoadResult) -> pd.DataFrame:
    table = coarsen_for_writing(result.table)
    for col in table.columns:
        if table[col].dtype == object:
            table[col] = table[col].astype("string")
    return table


def restore_for_computing(table: pd.DataFrame) -> pd.DataFrame:
    """A written core table as the indicator code reads it: the inverse of
    :func:`coarsen_for_writing` as far as it goes.

    ``bulan_ukur`` gives back ``tgl_ukur`` as the first day of the month, so the e-PPGBM period
    (year, bulan timbang) is exact; two measurements of a child in the same month are ordered
    by table order (the loader's order) instead of by day. Ages stay in completed months, which
    is all the indicators use (0 ≤ umur_bulan < 60 holds for the month count as for the days).
    """
    if "bulan_ukur" not in table.columns or "tgl_ukur" in table.columns:
        return table
    out = table.copy()
    month = out["bulan_ukur"].astype("string")
    out["tgl_ukur"] = pd.to_datetime(month + "-01", format="%Y-%m-%d", errors="coerce")
    return out


_NO_REBUILD = (
    "Nilai tahun {tahun} untuk wilayah yang batasnya berubah tidak dapat dihitung ulang pada batas "
    "tahun ini: {why}. Perbandingan memakai nilai tahun {tahun} menurut batas lama "
    "(asal_sebelumnya = batas_lama). Jalankan 'kkb bangun' untuk tahun {tahun} lagi agar nilai "
    "dasar dihitung ulang."
)


def _previous_master(paths: Paths, year: int) -> pd.DataFrame | None:
    """The KKB master of ``year - 1`` (its core table), or None when absent or unusable."""
    path = paths.processed_year(year - 1) / "core_kkb.parquet"
    if not path.is_file():
        return None
    try:
        table = pd.read_parquet(path)
    except (pa.ArrowException, ValueError, OSError):
        return None
    need = {"kkb_id", "kode_kelurahan", "rw_list", "status_aktif"}
    return table if need <= set(table.columns) else None


def _previous_core(load: YearLoad, paths: Paths) -> tuple[dict[str, pd.DataFrame] | None, str]:
    """Last year's core tables conformed to this year's core schema, or (None, why not).

    Every core table of this year's sources is read when present; a table this year also has
    must carry each of this year's columns, and take this year's dtypes (a build of an older,
    incompatible version fails here). ``core_pk_keluarga`` is required: without it no cell
    can be rebuilt.
    """
    folder = paths.processed_year(load.year - 1)
    tables: dict[str, pd.DataFrame] = {}
    for base, result in load.results.items():
        path = folder / f"core_{base}.parquet"
        name = path.name
        if not path.is_file():
            if base == "pk_keluarga":
                return None, f"{name} tidak ada"
            continue
        try:
            table = pd.read_parquet(path)
        except (pa.ArrowException, ValueError, OSError):
            return None, f"{name} tidak terbaca"
        if result.fmt != "tidak ada":
            expected = coarsen_for_writing(result.table.head(0))
            missing = [c for c in expected.columns if c not in table.columns]
            if missing:
                return None, f"{name} tidak memuat kolom {', '.join(missing[:5])} (versi lama)"
            differ = {c: t for c, t in expected.dtypes.items() if table[c].dtype != t}
            try:
                table = table.astype(differ)
            except (TypeError, ValueError):
                return None, f"jenis kolom {name} berbeda dengan versi ini"
        tables[base] = restore_for_computing(table)
    return tables, ""


def _reconstruct(
    load: YearLoad, paths: Paths, kkb_now: pd.DataFrame, settings: dict[str, Any]
) -> pd.DataFrame | None:
    """Last year's cell-additive indicators on this year's boundaries, or None with a logged
    Indonesian note (the comparison then falls back to last year's areas as they were)."""
    from kkb_analysis.indikator import perubahan

    previous = load.year - 1
    tables, why = _previous_core(load, paths)
    if tables is not None:
        try:
            return perubahan.rekonstruksi(tables, previous, settings, kkb_now)
        except (KeyError, ValueError, TypeError, AttributeError):
            logger.debug("Rekonstruksi tahun %d gagal", previous, exc_info=True)
            why = "tabel inti tahun itu tidak dapat diolah oleh versi ini"
    logger.warning(_NO_REBUILD.format(tahun=previous, why=why))
    return None


def build_year(load: YearLoad, paths: Paths, settings: dict[str, Any] | None = None) -> Path:
    """Write the whole processed folder of the year in one atomic swap.

    Contents: ``core_<file>.parquet`` (validated, pseudonymised tables), the validation files and
    the indicator tables ``out_*.parquet`` (:mod:`kkb_analysis.indikator.hitung`). ``out_perubahan``
    compares with ``data/processed/<tahun-1>/`` when that year was built (``kkb bangun`` builds
    years in ascending order): areas whose boundaries changed get last year's values recomputed
    from its core tables on this year's KKB master (:mod:`kkb_analysis.indikator.perubahan`).
    The folder is assembled beside the old one and renamed into place, so a crash leaves the
    previous complete build, never a half-written one.
    """
    from kkb_analysis.indikator import aksi, perubahan
    from kkb_analysis.indikator.hitung import compute_indicators, conform_to_schema

    settings = settings or load_settings()
    tables = {base: result.table for base, result in load.results.items()}
    outputs = compute_indicators(tables, load.year, settings, conform=False)
    wide = outputs["out_wilayah"]
    previous_file = paths.processed_year(load.year - 1) / "out_wilayah.parquet"
    previous = _read_previous(previous_file, ["wilayah_id"])
    dasar = sama = None
    if previous is not None:
        kkb_now = load.results["kkb"].table
        sama = perubahan.batas_sama(wide, kkb_now, _previous_master(paths, load.year))
        if not sama.all():
            dasar = _reconstruct(load, paths, kkb_now, settings)
    outputs["out_perubahan"] = perubahan.compare_years(wide, previous, dasar, sama, settings)
    wide["tingkat_sebelumnya"] = perubahan.tingkat_sebelumnya(wide, previous)
    lalu, asal = aksi.aksi_tahun_lalu(paths.processed_year(load.year - 1), load.year - 1, settings)
    outputs["out_tindak_lanjut"] = aksi.tindak_lanjut(
        lalu, wide, load.year, outputs["out_perubahan"], asal or "tersimpan", settings
    )
    outputs = conform_to_schema(outputs)
    final = paths.processed_year(load.year)
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{load.year}.baru.", dir=final.parent))
    staging.chmod(0o755)  # mkdtemp creates 0700; the processed folder is an ordinary one
    try:
        for base, result in load.results.items():
            if result.fmt == "tidak ada":
                continue
            _core_table(result).to_parquet(staging / f"core_{base}.parquet", index=False)
        for name, frame in outputs.items():
            frame.to_parquet(staging / f"{name}.parquet", index=False)
        _write_validation_files(load, staging)
        old = None
        if final.exists():
            old = final.with_name(f".{load.year}.lama.{os.getpid()}")
            final.rename(old)
        staging.rename(final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):  # name the real folder, not the staging one (or none:
            name = str(getattr(exc, "jalur_keluaran", None) or exc.filename or "")  # pyarrow)
            exc.jalur_keluaran = (  # type: ignore[attr-defined]
                name.replace(str(staging), str(final)) if name else str(final)
            )
        raise
    return final
