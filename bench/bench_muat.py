"""Load time of every raw-file loader at full city scale, optionally against a baseline commit.

    python bench/bench_muat.py                          # the working tree only
    python bench/bench_muat.py --baseline-ref HEAD      # side by side with HEAD (git worktree)
    python bench/bench_muat.py --data /tmp/sampel --repeat 5 --scale 1.0

The synthetic sample (``kkb_analysis.sampel.generate_sample``, ~130k families, ~480k members,
~100k e-PPGBM rows at scale 1.0) is written once into ``--data`` (default: a folder in the system
temp dir) and reused by later runs. Each measurement runs in a fresh interpreter whose
``kkb_analysis`` is imported from the tree being measured (the working tree, or a temporary
``git worktree`` of ``--baseline-ref``), in the pipeline's order so that every loader sees its
parent tables. Per raw file the time is read + header check + ``load``; the cross-file checks
(``check_links``) are listed as their own rows. The best of ``--repeat`` passes is reported.

The last column compares what the two trees produced (kept table, quarantine and issue log,
values and dtypes, after the cross-file checks): ``sama`` = identical, ``BEDA`` = different.
Timings are informative only: no test asserts on them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_SALT = "salt-bench-bukan-rahasia"
DEFAULT_YEAR = 2023


# ---------------------------------------------------------------------- measurement (child)
def _digest(result) -> str:
    """sha256 over the kept table, quarantine and issue log (values and dtypes)."""
    h = hashlib.sha256()
    for frame in (result.table, result.quarantine, result.issues):
        h.update(repr(list(frame.columns)).encode())
        h.update(repr([str(t) for t in frame.dtypes]).encode())
        h.update(frame.to_csv(index=False, lineterminator="\n").encode())
    return h.hexdigest()


def _one_pass(year_dir: Path, year: int) -> tuple[dict[str, dict], dict[str, str]]:
    from kkb_analysis.config import load_salt, load_settings
    from kkb_analysis.pipeline import SOURCES
    from kkb_analysis.readers import find_file, read_raw_file
    from kkb_analysis.validation import LoadContext, LoadResult, check_headers

    ctx = LoadContext(year=year, salt=load_salt(year_dir), settings=load_settings())
    rows: dict[str, dict] = {}
    loaded = []
    for module in SOURCES:
        spec = module.SPEC
        path, problem = find_file(year_dir, spec.base)
        if path is None or problem is not None:
            columns = getattr(module, "OUTPUT_COLUMNS", spec.names)
            ctx.results[spec.base] = LoadResult.absent(spec.base, list(columns))
            continue
        t0 = time.perf_counter()
        raw, problem = read_raw_file(path, delimiter=spec.delimiter)
        if problem is not None:
            raise SystemExit(f"{path.name}: {problem}")
        check_headers(raw, spec)
        t1 = time.perf_counter()
        result = module.load(raw, ctx)
        t2 = time.perf_counter()
        ctx.results[spec.base] = result
        loaded.append(module)
        rows[path.name] = {
            "rows": result.rows_read,
            "read": t1 - t0,
            "load": t2 - t1,
            "total": t2 - t0,
        }
    for module in loaded:
        if hasattr(module, "check_links"):
            t0 = time.perf_counter()
            module.check_links(ctx)
            rows[f"{module.SPEC.base} (check_links)"] = {
                "rows": ctx.results[module.SPEC.base].rows_kept,
                "total": time.perf_counter() - t0,
            }
    digests = {base: _digest(result) for base, result in ctx.results.items()}
    return rows, digests


def measure(year_dir: Path, year: int, repeat: int) -> dict:
    """Best-of-``repeat`` timings per file plus the output digests of the last pass."""
    import kkb_analysis

    best: dict[str, dict] = {}
    digests: dict[str, str] = {}
    for _ in range(repeat):
        rows, digests = _one_pass(year_dir, year)
        for name, row in rows.items():
            if name not in best:
                best[name] = row
            else:
                for key in ("read", "load", "total"):
                    if key in row:
                        best[name][key] = min(best[name][key], row[key])
    return {"source": str(Path(kkb_analysis.__file__).parent), "rows": best, "digests": digests}


# ---------------------------------------------------------------------- orchestration (parent)
def _run_child(src_root: Path, year_dir: Path, year: int, repeat: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src_root), KKB_SALT=BENCH_SALT)
    out = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--_measure",
            str(year_dir),
            "--year",
            str(year),
            "--repeat",
            str(repeat),
        ],
        cwd=src_root,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if Path(result["source"]).resolve() != (src_root / "kkb_analysis").resolve():
        raise SystemExit(f"measured {result['source']}, expected the tree at {src_root}")
    return result


def _ensure_sample(data_dir: Path, year: int, scale: float) -> Path:
    year_dir = data_dir / str(year)
    if year_dir.is_dir() and any(year_dir.glob("pk_anggota.*")):
        print(f"sampel dipakai ulang: {year_dir}")
        return year_dir
    sys.path.insert(0, str(ROOT))
    try:
        from kkb_analysis.sampel import generate_sample
    except ImportError as exc:  # pragma: no cover - depends on the tree
        raise SystemExit(
            f"kkb_analysis.sampel tidak dapat diimpor ({exc}); beri --data FOLDER berisi "
            f"<FOLDER>/{year}/ dengan berkas mentah skala penuh"
        ) from exc
    print(f"membuat sampel sintetis skala {scale} di {data_dir} …", flush=True)
    t0 = time.perf_counter()
    generate_sample(data_dir, scale=scale, years=(year,))
    print(f"  selesai dalam {time.perf_counter() - t0:.1f} s")
    return year_dir


def _baseline_tree(ref: str, where: Path) -> tuple[Path, str]:
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", f"{ref}^{{commit}}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    tree = where / "baseline"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), commit],
        check=True,
    )
    return tree, commit


def _remove_tree(tree: Path) -> None:
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
        check=False,
        capture_output=True,
    )
    shutil.rmtree(tree, ignore_errors=True)
    subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], check=False)


def _table(current: dict, baseline: dict | None, label: str) -> str:
    names = list(current["rows"])
    if baseline is not None:
        names += [n for n in baseline["rows"] if n not in current["rows"]]
    header = ["file", "rows"]
    if baseline is not None:
        header += [f"{label} s", "current s", "ratio", "output"]
    else:
        header += ["read s", "load s", "current s"]
    lines = [header]
    for name in names:
        cur = current["rows"].get(name)
        row = [name, str((cur or baseline["rows"][name])["rows"])]
        if baseline is None:
            row += [
                f"{cur['read']:.2f}" if "read" in cur else "",
                f"{cur['load']:.2f}" if "load" in cur else "",
                f"{cur['total']:.2f}",
            ]
        else:
            base = baseline["rows"].get(name)
            b = base["total"] if base else None
            c = cur["total"] if cur else None
            ratio = f"{b / c:.1f}×" if b and c else ""
            basename = name.split(" ")[0].split(".")[0]
            same = current["digests"].get(basename) == baseline["digests"].get(basename)
            row += [
                f"{b:.2f}" if b is not None else "-",
                f"{c:.2f}" if c is not None else "-",
                ratio,
                "" if "check_links" in name else ("sama" if same else "BEDA"),
            ]
        lines.append(row)
    widths = [max(len(r[i]) for r in lines) for i in range(len(header))]
    out = []
    for i, r in enumerate(lines):
        cells = [r[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)
        ]
        out.append("  ".join(cells).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline-ref", help="git ref to compare against (e.g. HEAD)")
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kkb-bench-sampel",
        help="folder of the sample (<data>/<year>/); generated when missing",
    )
    parser.add_argument("--scale", type=float, default=1.0, help="sample scale (1.0 = city)")
    parser.add_argument("--year", type=int, default=DEFAULT_YEAR)
    parser.add_argument("--repeat", type=int, default=3, help="passes; the best is reported")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    parser.add_argument("--_measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args._measure is not None:  # child mode: measure the tree on PYTHONPATH
        print(json.dumps(measure(args._measure, args.year, args.repeat)))
        return 0

    year_dir = _ensure_sample(args.data, args.year, args.scale)
    baseline = None
    label = "baseline"
    if args.baseline_ref:
        with tempfile.TemporaryDirectory(prefix="kkb-bench-") as tmp:
            tree, commit = _baseline_tree(args.baseline_ref, Path(tmp))
            try:
                print(f"mengukur baseline {args.baseline_ref} ({commit[:10]}) …", flush=True)
                baseline = _run_child(tree, year_dir, args.year, args.repeat)
            finally:
                _remove_tree(tree)
        short = commit[:7]
        label = short if commit.startswith(args.baseline_ref) else f"{args.baseline_ref} ({short})"
    print("mengukur pohon kerja …", flush=True)
    current = _run_child(ROOT, year_dir, args.year, args.repeat)
    print()
    print(_table(current, baseline, label))
    if args.json:
        args.json.write_text(
            json.dumps({"baseline": baseline, "current": current}, indent=2), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
