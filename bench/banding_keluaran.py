"""Compare every ``out_*`` table that two commits build from the same raw sample, cell by cell.

    python bench/banding_keluaran.py main HEAD --skala 0.1           # two commits
    python bench/banding_keluaran.py main WORKTREE --skala 0.1       # B = the uncommitted tree
    python bench/banding_keluaran.py e34f602 main --core --json -    # also core_*; JSON report
    python bench/banding_keluaran.py A B --data-dir /tmp/kota        # keep/reuse sample and builds

The synthetic sample is generated once, with the code of REV_A (``kkb sampel --skala``), or
reused from ``<data-dir>/raw``; both sides build a copy of the same raw files. Each revision is
checked out into a temporary ``git worktree`` (the caller's working tree is never touched; the
special revision ``WORKTREE``, or ``--kerja`` for B, builds the current tree as it is on disk)
and built with ``python -m kkb_analysis bangun`` in a fresh interpreter of the same Python, that
tree alone on ``PYTHONPATH`` and one fixed strong ``KKB_SALT`` (so pseudonyms match and the
sample marker format of either revision does not matter). Only the CLI is used, so revisions
with different module layouts compare fine.

Per year and table: presence on each side, columns added/removed/reordered, row count, rows
aligned on key columns (declared in ``KUNCI``, else derived: identifier columns, then the
non-float columns in table order until the rows are unique; duplicates pair by occurrence),
rows only on one side, row order, dtype, and per column ``sama`` (identical; NaN equals NaN;
numbers exact unless ``--toleransi``) or ``BEDA`` with the number of differing cells and a few
examples (key → A | B). Exit code 0: everything identical; 1: something differs; 2: a build
failed or the comparison could not run.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import logging
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
WORKTREE = "WORKTREE"
#: Same for both builds; strong enough for every revision's salt check, not a secret.
BENCH_SALT = "banding-keluaran-salt-tetap-BUKAN-rahasia-7Qz"
#: Environment variables that would redirect a build away from its own folders.
DROPPED_ENV = ("KKB_DATA_DIR", "KKB_REPORTS_DIR", "KKB_PENGATURAN", "KKB_SALT")
#: Columns that identify a row, tried first (in this order) when a table's key is derived.
ID_COLUMNS = (
    "id_anggota",
    "anak_key",
    "intervensi_id",
    "umkm_id",
    "id_keluarga",
    "wilayah_id",
    "kode_wilayah",
    "kkb_id",
)
#: Declared keys (table name without ``.parquet``); used when all columns exist on both sides.
KUNCI: dict[str, tuple[str, ...]] = {}
EXAMPLE_WIDTH = 40

logger = logging.getLogger("banding_keluaran")


# ------------------------------------------------------------------------------ comparison
@dataclass
class ColumnResult:
    """Comparison of one column over the rows present on both sides."""

    name: str
    status: str  # "sama" or "BEDA"
    differing: int
    compared: int
    dtype_a: str
    dtype_b: str
    examples: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class TableResult:
    """Comparison of one table (one year, one file) between side A and side B."""

    table: str
    status: str  # "sama", "BEDA", "hanya_a", "hanya_b"
    rows_a: int | None = None
    rows_b: int | None = None
    key: list[str] = field(default_factory=list)
    key_unique: bool = True
    columns_only_a: list[str] = field(default_factory=list)
    columns_only_b: list[str] = field(default_factory=list)
    column_order_changed: bool = False
    rows_only_a: int = 0
    rows_only_b: int = 0
    rows_only_a_examples: list[dict[str, Any]] = field(default_factory=list)
    rows_only_b_examples: list[dict[str, Any]] = field(default_factory=list)
    row_order_changed: bool = False
    dtype_changes: dict[str, list[str]] = field(default_factory=dict)
    columns: list[ColumnResult] = field(default_factory=list)
    year: str = ""

    @property
    def differing_columns(self) -> list[ColumnResult]:
        """Columns whose values differ."""
        return [c for c in self.columns if c.status == "BEDA"]


def _is_float(series: pd.Series) -> bool:
    return pd.api.types.is_float_dtype(series.dtype)


def _is_number(series: pd.Series) -> bool:
    dtype = series.dtype
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


def _is_hashable_column(series: pd.Series) -> bool:
    try:
        series.head(50).map(hash)
    except TypeError:
        return False
    return True


def _distinct(frame: pd.DataFrame, columns: list[str]) -> int:
    return len(frame[columns].drop_duplicates()) if columns else min(len(frame), 1)


def derive_key(a: pd.DataFrame, b: pd.DataFrame, name: str = "") -> list[str]:
    """Key columns aligning the rows of ``a`` and ``b`` (derived from ``a``).

    A declared key (:data:`KUNCI`) wins when all its columns exist on both sides. Otherwise
    the candidates are the columns common to both sides that are not float and hold hashable
    values: an identifier column (:data:`ID_COLUMNS`) that alone is unique and complete in
    ``a`` is the key; else, taking the identifiers first and then the rest in ``a``'s column
    order, a candidate is added when it separates more rows, until the key is unique in ``a``.
    An empty key means the rows pair by position.
    """
    declared = KUNCI.get(name)
    if declared and all(c in a.columns and c in b.columns for c in declared):
        return list(declared)
    common = [c for c in a.columns if c in b.columns]
    ordered = [c for c in ID_COLUMNS if c in common] + [c for c in common if c not in ID_COLUMNS]
    candidates = [
        c
        for c in ordered
        if not _is_float(a[c])
        and not _is_float(b[c])
        and a[c].notna().any()
        and _is_hashable_column(a[c])
    ]
    for column in candidates:
        if column in ID_COLUMNS and a[column].notna().all() and a[column].is_unique:
            return [column]
    key: list[str] = []
    best = _distinct(a, key)
    for column in candidates:
        if best >= len(a):
            break
        count = _distinct(a, [*key, column])
        if count > best:
            key.append(column)
            best = count
    return key


def _key_column(series: pd.Series) -> pd.Series:
    """A key column as text, equal for equal values of different dtypes (5, 5.0, "5")."""
    if _is_number(series):
        floats = series.to_numpy(dtype="float64", na_value=np.nan)
        finite = floats[np.isfinite(floats)]
        integral = np.array_equal(finite, np.round(finite)) and bool(np.all(np.abs(finite) < 2**62))
        if pd.api.types.is_integer_dtype(series.dtype) or integral:
            series = series.astype("Int64")
    text = series.astype("string").astype(object)
    return text.where(series.notna().to_numpy(), "\x00NA").reset_index(drop=True)


def _row_labels(frame: pd.DataFrame, key: list[str]) -> tuple[pd.Index, bool]:
    """A unique label per row: the key values plus the occurrence number within the key."""
    if not key:
        return pd.Index([f"#{i}" for i in range(len(frame))]), False
    parts = [_key_column(frame[c]) for c in key]
    text = parts[0].str.cat(parts[1:], sep="\x1f") if len(parts) > 1 else parts[0]
    occurrence = text.groupby(text, sort=False).cumcount()
    duplicated = bool(occurrence.gt(0).any())
    labels = text + "\x1e" + occurrence.astype(str)
    return pd.Index(labels.to_numpy()), duplicated


def _show(value: Any) -> Any:
    """A cell as shown in examples (JSON-safe, long text cut)."""
    if value is None:
        return None
    if isinstance(value, list | tuple | np.ndarray):
        value = repr(list(value))
    elif pd.isna(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, pd.Timestamp | np.datetime64):
        value = str(value)
    if isinstance(value, str) and len(value) > EXAMPLE_WIDTH:  # keep both ends: ids end in a suffix
        return value[: EXAMPLE_WIDTH - 13] + "…" + value[-12:]
    if not isinstance(value, int | float | str | bool):
        value = str(value)
    return value


def _key_of(frame: pd.DataFrame, key: list[str], position: int) -> dict[str, Any]:
    if not key:
        return {"baris": position}
    return {c: _show(frame[c].iloc[position]) for c in key}


def _same_object(x: Any, y: Any) -> bool:
    try:
        return bool(x == y)
    except (TypeError, ValueError):
        return repr(x) == repr(y)


def _vector_eq(x: pd.Series, y: pd.Series) -> np.ndarray:
    """``x == y`` cell-wise with pandas (missing → False)."""
    result = x.eq(y)
    return result.to_numpy(dtype=bool, na_value=False)


def values_equal(x: pd.Series, y: pd.Series, tolerance: float = 0.0) -> np.ndarray:
    """Cell-wise equality of two aligned columns; missing equals missing.

    Numbers compare exactly (integers as integers), or with ``tolerance`` as
    ``|a - b| <= tolerance * max(1, |a|, |b|)``. Other values compare with ``==``; a number
    against text compares the text of both.
    """
    x = x.reset_index(drop=True)
    y = y.reset_index(drop=True)
    na_x = x.isna().to_numpy(dtype=bool)
    na_y = y.isna().to_numpy(dtype=bool)
    both_na = na_x & na_y
    if not (~(na_x | na_y)).any():
        return both_na
    numbers = _is_number(x) and _is_number(y)
    if numbers and tolerance > 0:
        fx = x.to_numpy(dtype="float64", na_value=np.nan)
        fy = y.to_numpy(dtype="float64", na_value=np.nan)
        with np.errstate(invalid="ignore", over="ignore"):
            scale = np.maximum(1.0, np.maximum(np.abs(fx), np.abs(fy)))
            close = (fx == fy) | (np.abs(fx - fy) <= tolerance * scale)
        return both_na | close
    if str(x.dtype) == str(y.dtype) and x.dtype != object:
        try:
            return both_na | _vector_eq(x, y)
        except (TypeError, ValueError, NotImplementedError):
            pass  # e.g. list cells: compared one by one below
    if numbers:
        if pd.api.types.is_integer_dtype(x.dtype) and pd.api.types.is_integer_dtype(y.dtype):
            return both_na | _vector_eq(x.astype("Int64"), y.astype("Int64"))
        fx = x.to_numpy(dtype="float64", na_value=np.nan)
        fy = y.to_numpy(dtype="float64", na_value=np.nan)
        return both_na | (fx == fy)
    both = ~(na_x | na_y)
    equal = both_na.copy()
    ox = x.to_numpy(dtype=object)[both]
    oy = y.to_numpy(dtype=object)[both]
    if _is_number(x) != _is_number(y):
        ox = _key_column(x).to_numpy(dtype=object)[both]
        oy = _key_column(y).to_numpy(dtype=object)[both]
    try:
        same = ox == oy
        if not (isinstance(same, np.ndarray) and same.dtype == bool and same.shape == ox.shape):
            raise TypeError
    except (TypeError, ValueError):
        same = np.array([_same_object(p, q) for p, q in zip(ox, oy, strict=True)], dtype=bool)
    equal[both] = same
    return equal


def compare_tables(
    a: pd.DataFrame,
    b: pd.DataFrame,
    name: str = "",
    key: list[str] | None = None,
    tolerance: float = 0.0,
    examples: int = 3,
) -> TableResult:
    """Compare table ``a`` (before) with ``b`` (after); ``status`` is ``sama`` only if identical.

    Rows pair on ``key`` (:func:`derive_key` when ``None``); values are compared on paired
    rows only, rows without a partner are counted (with examples) as only-in-A/only-in-B.
    """
    key = derive_key(a, b, name) if key is None else list(key)
    result = TableResult(table=name, status="sama", rows_a=len(a), rows_b=len(b), key=key)
    result.columns_only_a = [c for c in a.columns if c not in b.columns]
    result.columns_only_b = [c for c in b.columns if c not in a.columns]
    common = [c for c in a.columns if c in b.columns]
    result.column_order_changed = common != [c for c in b.columns if c in a.columns]

    if list(a.columns) == list(b.columns) and a.reset_index(drop=True).equals(
        b.reset_index(drop=True)
    ):  # fast path: same columns, dtypes, values and order (NaN equals NaN)
        result.key_unique = not (key and a.duplicated(subset=key).any())
        result.columns = [
            ColumnResult(c, "sama", 0, len(a), str(a[c].dtype), str(b[c].dtype)) for c in a.columns
        ]
        return result
    labels_a, dup_a = _row_labels(a, key)
    labels_b, dup_b = _row_labels(b, key)
    result.key_unique = not (dup_a or dup_b)
    pos_b = labels_b.get_indexer(labels_a)
    matched = pos_b >= 0
    only_a = np.flatnonzero(~matched)
    only_b = np.flatnonzero(labels_a.get_indexer(labels_b) < 0)
    result.rows_only_a, result.rows_only_b = len(only_a), len(only_b)
    result.rows_only_a_examples = [_key_of(a, key, int(i)) for i in only_a[:examples]]
    result.rows_only_b_examples = [_key_of(b, key, int(i)) for i in only_b[:examples]]
    rows_a = np.flatnonzero(matched)
    rows_b = pos_b[matched]
    result.row_order_changed = bool(len(rows_b) > 1 and np.any(np.diff(rows_b) < 0))

    for column in common:
        xa, xb = a[column], b[column]
        dtype_a, dtype_b = str(xa.dtype), str(xb.dtype)
        if dtype_a != dtype_b:
            result.dtype_changes[column] = [dtype_a, dtype_b]
        sa = xa.iloc[rows_a].reset_index(drop=True)
        sb = xb.iloc[rows_b].reset_index(drop=True)
        equal = values_equal(sa, sb, tolerance)
        bad = np.flatnonzero(~equal)
        column_result = ColumnResult(
            name=column,
            status="BEDA" if len(bad) else "sama",
            differing=len(bad),
            compared=len(equal),
            dtype_a=dtype_a,
            dtype_b=dtype_b,
        )
        for i in bad[:examples]:
            column_result.examples.append(
                {
                    "kunci": _key_of(a, key, int(rows_a[i])),
                    "a": _show(sa.iloc[i]),
                    "b": _show(sb.iloc[i]),
                }
            )
        result.columns.append(column_result)

    differs = (
        result.columns_only_a
        or result.columns_only_b
        or result.column_order_changed
        or result.rows_only_a
        or result.rows_only_b
        or result.row_order_changed
        or result.dtype_changes
        or result.differing_columns
    )
    result.status = "BEDA" if differs else "sama"
    return result


def is_different(result: TableResult, ignore_order: bool = False) -> bool:
    """Whether ``result`` counts as a difference (order changes optionally ignored)."""
    if result.status in ("hanya_a", "hanya_b"):
        return True
    return bool(
        result.columns_only_a
        or result.columns_only_b
        or result.rows_only_a
        or result.rows_only_b
        or result.dtype_changes
        or result.differing_columns
        or (not ignore_order and (result.column_order_changed or result.row_order_changed))
    )


def compare_folders(
    dir_a: Path,
    dir_b: Path,
    patterns: tuple[str, ...] = ("out_*.parquet",),
    tolerance: float = 0.0,
    examples: int = 3,
) -> list[TableResult]:
    """Compare every table matching ``patterns`` in every year folder of two processed dirs."""
    years = sorted(
        {p.name for d in (dir_a, dir_b) if d.is_dir() for p in d.iterdir() if p.is_dir()}
    )
    results = []
    for year in years:
        names_a = _tables(dir_a / year, patterns)
        names_b = _tables(dir_b / year, patterns)
        for file_name in sorted(set(names_a) | set(names_b)):
            table = file_name.removesuffix(".parquet")
            if file_name not in names_b:
                result = TableResult(
                    table=table, status="hanya_a", rows_a=_rows(names_a, file_name)
                )
            elif file_name not in names_a:
                result = TableResult(
                    table=table, status="hanya_b", rows_b=_rows(names_b, file_name)
                )
            else:
                result = compare_tables(
                    pd.read_parquet(names_a[file_name]),
                    pd.read_parquet(names_b[file_name]),
                    name=table,
                    tolerance=tolerance,
                    examples=examples,
                )
            result.year = year
            results.append(result)
    return results


def _tables(folder: Path, patterns: tuple[str, ...]) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {
        p.name: p
        for p in sorted(folder.iterdir())
        if p.is_file() and any(fnmatch.fnmatch(p.name, pat) for pat in patterns)
    }


def _rows(names: dict[str, Path], file_name: str) -> int:
    return len(pd.read_parquet(names[file_name]))


# ------------------------------------------------------------------------------ report
def _fmt_key(key: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in key.items())


def _pair(a: Any, b: Any) -> str:
    return str(a) if a == b else f"{a} | {b}"


def format_report(
    results: list[TableResult], header: list[str], ignore_order: bool, verbose: bool
) -> str:
    """The side-by-side text report (Indonesian)."""
    lines = list(header)
    width = max((len(r.table) for r in results), default=10)
    year = None
    for r in results:
        if r.year != year:
            year = r.year
            lines += ["", f"Tahun {year}"]
        different = is_different(r, ignore_order)
        mark = "BEDA" if different else "sama"
        if r.status == "hanya_a":
            lines.append(f"  BEDA  {r.table:<{width}}  hanya di A ({r.rows_a} baris)")
            continue
        if r.status == "hanya_b":
            lines.append(f"  BEDA  {r.table:<{width}}  hanya di B ({r.rows_b} baris)")
            continue
        n_cols_a = len(r.columns) + len(r.columns_only_a)
        n_cols_b = len(r.columns) + len(r.columns_only_b)
        key = ", ".join(r.key) if r.key else "urutan baris"
        lines.append(
            f"  {mark}  {r.table:<{width}}  {_pair(r.rows_a, r.rows_b)} baris × "
            f"{_pair(n_cols_a, n_cols_b)} kolom   kunci: {key}"
            + ("" if r.key_unique else " (tidak unik: dipasangkan menurut kemunculan)")
        )
        pad = " " * 8
        if r.columns_only_a:
            lines.append(f"{pad}kolom hanya di A: {', '.join(r.columns_only_a)}")
        if r.columns_only_b:
            lines.append(f"{pad}kolom hanya di B: {', '.join(r.columns_only_b)}")
        for side, count, shown in (
            ("A", r.rows_only_a, r.rows_only_a_examples),
            ("B", r.rows_only_b, r.rows_only_b_examples),
        ):
            if count:
                eg = "; ".join(_fmt_key(k) for k in shown)
                lines.append(f"{pad}baris hanya di {side}: {count} (mis. {eg})")
        if r.column_order_changed:
            lines.append(f"{pad}urutan kolom berubah" + (" (diabaikan)" if ignore_order else ""))
        if r.row_order_changed:
            lines.append(f"{pad}urutan baris berubah" + (" (diabaikan)" if ignore_order else ""))
        for column, (da, db) in r.dtype_changes.items():
            lines.append(f"{pad}tipe {column}: {da} → {db}")
        for c in r.columns:
            if c.status == "sama" and not verbose:
                continue
            lines.append(f"{pad}{c.status:<4}  {c.name}: {c.differing} dari {c.compared} sel")
            for e in c.examples:
                lines.append(f"{pad}        {_fmt_key(e['kunci'])}:  {e['a']!r} | {e['b']!r}")
        same_cols = len(r.columns) - len(r.differing_columns)
        if r.differing_columns and not verbose and same_cols:
            lines.append(f"{pad}({same_cols} kolom lain sama)")
    lines += ["", *summary_lines(results, ignore_order)]
    return "\n".join(lines)


def difference_list(results: list[TableResult], ignore_order: bool = False) -> dict[str, str]:
    """``{table.column or table: what differs}``, years with the same finding merged."""
    found: dict[str, dict[str, list[str]]] = {}

    def add(name: str, year: str, text: str) -> None:
        found.setdefault(name, {}).setdefault(year, []).append(text)

    for r in results:
        if r.status in ("hanya_a", "hanya_b"):
            add(r.table, r.year, f"tabel hanya di {r.status[-1].upper()}")
            continue
        for c in r.columns_only_a:
            add(f"{r.table}.{c}", r.year, "kolom hanya di A")
        for c in r.columns_only_b:
            add(f"{r.table}.{c}", r.year, "kolom hanya di B")
        if r.rows_only_a or r.rows_only_b:
            add(r.table, r.year, f"baris hanya di A {r.rows_only_a}, hanya di B {r.rows_only_b}")
        if not ignore_order and (r.row_order_changed or r.column_order_changed):
            add(r.table, r.year, "urutan berubah")
        for column, (da, db) in r.dtype_changes.items():
            add(f"{r.table}.{column}", r.year, f"tipe {da} → {db}")
        for c in r.differing_columns:
            add(f"{r.table}.{c.name}", r.year, f"{c.differing}/{c.compared} sel berbeda")
    merged: dict[str, str] = {}
    for name, by_year in found.items():
        groups: dict[str, list[str]] = {}
        for year, texts in by_year.items():
            groups.setdefault(", ".join(texts), []).append(year)
        merged[name] = "; ".join(f"{', '.join(y)}: {t}" for t, y in groups.items())
    return merged


def summary_lines(results: list[TableResult], ignore_order: bool) -> list[str]:
    """Totals and the list of every differing table/column."""
    different = [r for r in results if is_different(r, ignore_order)]
    years = sorted({r.year for r in results})
    lines = [
        f"Ringkasan: {len(years)} tahun, {len(results)} tabel: "
        f"{len(results) - len(different)} sama, {len(different)} BEDA."
    ]
    diffs = difference_list(results, ignore_order)
    if diffs:
        lines.append("Yang berbeda:")
        width = max(len(n) for n in diffs)
        lines += [f"  {name:<{width}}  {text}" for name, text in sorted(diffs.items())]
    elif not results:
        lines.append("Tidak ada tabel yang dibandingkan.")
    else:
        lines.append("Semua tabel sama persis.")
    return lines


# ------------------------------------------------------------------------------ building
@dataclass
class Side:
    """One revision: what was asked, the commit, the tree it is built from, the build."""

    label: str
    rev: str
    commit: str
    tree: Path
    temporary: bool
    seconds: float = 0.0
    error: str = ""


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def _prepare_side(label: str, rev: str, where: Path) -> Side:
    if rev == WORKTREE:
        dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
        commit = _git("rev-parse", "HEAD") + (" + perubahan belum di-commit" if dirty else "")
        return Side(label, rev, commit, ROOT, temporary=False)
    try:
        commit = _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"revisi {rev!r} tidak dikenal oleh git di {ROOT}") from exc
    tree = where / f"pohon-{label}"
    _git("worktree", "add", "--detach", "--quiet", str(tree), commit)
    return Side(label, rev, commit, tree, temporary=True)


def _remove_side(side: Side) -> None:
    if not side.temporary:
        return
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(side.tree)],
        check=False,
        capture_output=True,
    )
    shutil.rmtree(side.tree, ignore_errors=True)
    subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], check=False)


def _env(tree: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env.update(PYTHONPATH=str(tree), KKB_SALT=BENCH_SALT)
    return env


def _run_kkb(tree: Path, data_dir: Path, args: list[str], log: Path) -> tuple[float, str]:
    """Run ``python -m kkb_analysis --data-dir DATA ARGS`` from ``tree``; (seconds, error)."""
    command = [sys.executable, "-m", "kkb_analysis", "--data-dir", str(data_dir), *args]
    cli = tree / "kkb_analysis" / "cli.py"
    if cli.is_file() and '"--debug"' in cli.read_text(encoding="utf-8"):
        command.insert(3, "--debug")  # a crash leaves its traceback in the log
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.run(
            command, cwd=tree, env=_env(tree), stdout=out, stderr=subprocess.STDOUT, check=False
        )
    seconds = time.perf_counter() - start
    if proc.returncode == 0:
        return seconds, ""
    tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
    error = f"'kkb {' '.join(args)}' gagal (kode keluar {proc.returncode}); log: {log}\n" + (
        "\n".join(f"    {line}" for line in tail)
    )
    return seconds, error


def _check_import(tree: Path) -> str:
    """The folder ``kkb_analysis`` is imported from when run from ``tree``."""
    out = subprocess.run(
        [sys.executable, "-c", "import kkb_analysis, pathlib; print(kkb_analysis.__file__)"],
        cwd=tree,
        env=_env(tree),
        capture_output=True,
        text=True,
        check=False,
    )
    return str(Path(out.stdout.strip()).parent) if out.returncode == 0 else ""


def _has_years(raw: Path) -> bool:
    return raw.is_dir() and any(p.is_dir() and p.name.isdigit() for p in raw.iterdir())


def run(args: argparse.Namespace) -> int:
    """Generate or reuse the sample, build both sides, compare, report."""
    keep = args.data_dir is not None
    work = args.data_dir or Path(tempfile.mkdtemp(prefix="kkb-banding-"))
    work.mkdir(parents=True, exist_ok=True)
    trees = Path(tempfile.mkdtemp(prefix="kkb-banding-pohon-"))
    rev_b = WORKTREE if args.kerja else args.rev_b
    sides: list[Side] = []
    failed = False
    try:
        sides = [_prepare_side("A", args.rev_a, trees), _prepare_side("B", rev_b, trees)]
        for side in sides:
            source = _check_import(side.tree)
            expected = str((side.tree / "kkb_analysis").resolve())
            if source and str(Path(source).resolve()) != expected:
                raise SystemExit(f"sisi {side.label} mengimpor {source}, bukan {expected}")
        raw = work / "raw"
        sample_note = f"sampel dipakai ulang: {raw}"
        if not _has_years(raw):
            logger.info("membuat sampel skala %s dengan kode A …", args.skala)
            sample_args = ["sampel", "--skala", str(args.skala)]
            if args.tahun:
                sample_args += ["--tahun", *map(str, args.tahun)]
            seconds, error = _run_kkb(sides[0].tree, work, sample_args, work / "sampel.log")
            if error:
                failed = True
                print(f"Sampel tidak dapat dibuat dengan kode A ({sides[0].rev}):\n{error}")
                print(f"\nFolder kerja disimpan untuk diperiksa: {work}")
                return 2
            sample_note = f"sampel skala {args.skala} dibuat dengan kode A dalam {seconds:.1f} s"
        for side in sides:
            side_dir = work / f"sisi-{side.label}"
            shutil.rmtree(side_dir, ignore_errors=True)
            shutil.copytree(raw, side_dir / "raw")
            build_args = ["bangun"] + (["--tahun", *map(str, args.tahun)] if args.tahun else [])
            logger.info("membangun sisi %s (%s) …", side.label, side.rev)
            side.seconds, side.error = _run_kkb(
                side.tree, side_dir, build_args, work / f"bangun-{side.label}.log"
            )
        header = [
            "Banding keluaran  A = "
            + " · B = ".join(f"{s.rev} ({s.commit[:10]}{s.commit[40:]})" for s in sides),
            f"{sample_note}; KKB_SALT tetap untuk kedua sisi",
            "bangun: "
            + " · ".join(
                f"{s.label} {s.seconds:.1f} s{' GAGAL' if s.error else ''}" for s in sides
            ),
        ]
        for side in sides:
            if (side.tree / "config" / "pengaturan.yaml").exists():
                header.append(f"catatan: sisi {side.label} memakai config/pengaturan.yaml lokal")
        failed = any(s.error for s in sides)
        if failed:
            print("\n".join(header))
            for side in sides:
                if side.error:
                    print(f"\nBangun sisi {side.label} ({side.rev}) gagal:\n{side.error}")
            print(f"\nFolder kerja disimpan untuk diperiksa: {work}")
            return 2
        patterns = ("out_*.parquet", "core_*.parquet") if args.core else ("out_*.parquet",)
        start = time.perf_counter()
        results = compare_folders(
            work / "sisi-A" / "processed",
            work / "sisi-B" / "processed",
            patterns,
            tolerance=args.toleransi,
            examples=args.contoh,
        )
        header[-1] += f" · banding {time.perf_counter() - start:.1f} s"
        if args.toleransi:
            header.append(f"toleransi angka: {args.toleransi:g} (relatif, minimal mutlak)")
        different = any(is_different(r, args.abaikan_urutan) for r in results)
        if args.json is not None:
            report = {
                "a": {"rev": sides[0].rev, "commit": sides[0].commit, "detik": sides[0].seconds},
                "b": {"rev": sides[1].rev, "commit": sides[1].commit, "detik": sides[1].seconds},
                "sama": not different,
                "toleransi": args.toleransi,
                "perbedaan": difference_list(results, args.abaikan_urutan),
                "tabel": [asdict(r) for r in results],
            }
            text = json.dumps(report, indent=2, ensure_ascii=False, default=str)
            if str(args.json) == "-":
                print(text)
            else:
                args.json.write_text(text + "\n", encoding="utf-8")
        if str(args.json) != "-":
            print(format_report(results, header, args.abaikan_urutan, args.rinci))
        if keep:
            print(f"\nSampel dan hasil bangun disimpan di {work}")
        return 1 if different else 0
    finally:
        for side in sides:
            _remove_side(side)
        shutil.rmtree(trees, ignore_errors=True)
        if not keep and not failed:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev_a", help="revisi A (sebelum), mis. main atau e34f602")
    parser.add_argument(
        "rev_b", nargs="?", default=WORKTREE, help=f"revisi B (sesudah); {WORKTREE} = pohon kerja"
    )
    parser.add_argument("--kerja", action="store_true", help="B = pohon kerja saat ini")
    parser.add_argument("--skala", type=float, default=1.0, help="skala sampel (1 = kota)")
    parser.add_argument("--tahun", type=int, nargs="+", help="tahun (bawaan: semua tahun sampel)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="folder kerja yang disimpan: sampel di <data-dir>/raw (dipakai ulang bila ada), "
        "hasil bangun di <data-dir>/sisi-A dan sisi-B",
    )
    parser.add_argument("--core", action="store_true", help="bandingkan juga tabel core_*")
    parser.add_argument("--toleransi", type=float, default=0.0, help="toleransi angka (bawaan 0)")
    parser.add_argument("--contoh", type=int, default=3, help="contoh per kolom yang berbeda")
    parser.add_argument(
        "--abaikan-urutan", action="store_true", help="urutan baris/kolom tidak dihitung beda"
    )
    parser.add_argument("--rinci", action="store_true", help="tampilkan juga kolom yang sama")
    parser.add_argument("--json", type=Path, help="tulis laporan JSON ke berkas ini (- = stdout)")
    args = parser.parse_args(argv)
    if args.kerja and args.rev_b != WORKTREE:
        parser.error(f"--kerja berarti B = pohon kerja; jangan beri juga revisi B ({args.rev_b})")
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
