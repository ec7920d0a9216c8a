"""One KKB re-rendered: ``kkb laporan --tahun 2023 --kkb <id> --paksa`` (HTML + PDF of profil,
laporan and lampiran), the analyst's loop after an edit.

    python bench/bench_satu_kkb.py                         # 5 runs of this tree
    python bench/bench_satu_kkb.py --banding 442ff49       # side by side with an older commit
    python bench/bench_satu_kkb.py --tanpa-pdf --ulangan 3 # the HTML-only quick look
    python bench/bench_satu_kkb.py --dokumen laporan       # the one document being edited

The environment is warm (target: under 6 s wall on the 2-core machine): one unmeasured run
first fills the reports folder (manifest, landing page, workbook) and the OS file cache, as an
analyst's folder is after the first ``kkb laporan``. Then ``--ulangan`` measured runs, each in a
fresh interpreter; with ``--banding REF`` the code of git ``REF`` (extracted with ``git
archive``; the repository is not touched) and this tree run alternately on the same data, each
in its own reports folder. Prints the median wall time, the CPU seconds of the run and every
process it waited for (workers, kernels, Chromium: less sensitive to other load than wall time)
and the ratio this tree / REF. Timings are informative only: no test asserts on them.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_laporan import _ekstrak, _kkb_ids  # noqa: E402

TARGET_S = 6.0


def _satu_run(
    akar: Path, data: Path, reports: Path, args: argparse.Namespace
) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one ``kkb laporan --kkb`` run of the code in ``akar``."""
    cmd = [sys.executable, "-m", "kkb_analysis", "--data-dir", str(data)]
    cmd += ["--laporan-dir", str(reports), "laporan", "--tahun", str(args.tahun)]
    cmd += ["--kkb", args.kkb, "--paksa", "--tanpa-progres"]
    cmd += ["--tanpa-pdf"] if args.tanpa_pdf else []
    cmd += ["--dokumen", *args.dokumen] if args.dokumen else []
    sebelum = resource.getrusage(resource.RUSAGE_CHILDREN)
    mulai = time.perf_counter()
    proc = subprocess.run(
        cmd, env=dict(os.environ, PYTHONPATH=str(akar)), capture_output=True, text=True,
        cwd=str(akar),
    )  # fmt: skip
    wall = time.perf_counter() - mulai
    sesudah = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"kkb laporan gagal (kode {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    cpu = sesudah.ru_utime - sebelum.ru_utime + sesudah.ru_stime - sebelum.ru_stime
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / "data", help="folder data (processed/)")
    ap.add_argument("--tahun", type=int, default=2023)
    ap.add_argument("--kkb", help="kkb_id (bawaan: KKB pertama tahun itu)")
    ap.add_argument("--ulangan", type=int, default=5, help="jumlah run terukur per sisi")
    ap.add_argument("--banding", metavar="REF", help="bandingkan dengan commit git REF")
    ap.add_argument("--tanpa-pdf", action="store_true", help="hanya HTML (tinjauan cepat)")
    ap.add_argument("--dokumen", nargs="+", help="hanya dokumen ini (tanpa --banding)")
    args = ap.parse_args()
    if args.dokumen and args.banding:
        sys.exit("--dokumen tidak dapat dipakai dengan --banding (commit lama tidak mengenalnya).")
    if not (args.data / "processed" / str(args.tahun) / "out_wilayah.parquet").is_file():
        sys.exit(f"Tabel olahan {args.tahun} belum ada di {args.data}: jalankan 'bash run.sh'.")
    args.kkb = args.kkb or _kkb_ids(args.data, args.tahun)[0]
    with tempfile.TemporaryDirectory(prefix="bench-satu-kkb-") as tmp:
        sisi = {"kini": ROOT}
        if args.banding:
            sisi = {"ref": _ekstrak(args.banding, Path(tmp) / "ref"), "kini": ROOT}
        wall: dict[str, list[float]] = {k: [] for k in sisi}
        cpu: dict[str, list[float]] = {k: [] for k in sisi}
        for nama, akar in sisi.items():  # the warm-up run: not measured
            _satu_run(akar, args.data, Path(tmp) / f"laporan-{nama}", args)
        for i in range(args.ulangan):
            for nama, akar in sisi.items():
                w, c = _satu_run(akar, args.data, Path(tmp) / f"laporan-{nama}", args)
                wall[nama].append(w)
                cpu[nama].append(c)
                print(f"  [{i + 1}/{args.ulangan}] {nama:4} {w:6.2f} s  (CPU {c:5.1f} s)")
    jenis = "HTML" if args.tanpa_pdf else "HTML + PDF"
    dok = ", ".join(args.dokumen) if args.dokumen else "3 dokumen"
    print(f"Satu KKB ({args.kkb}, {args.tahun}), {dok} {jenis}, median dari {args.ulangan}:")
    med = {k: statistics.median(v) for k, v in wall.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    for nama in sisi:
        label = args.banding[:12] if nama == "ref" else "pohon ini"
        print(f"  {label:12} {med[nama]:6.2f} s  (CPU {med_cpu[nama]:5.1f} s; "
              f"min {min(wall[nama]):.2f} s)")  # fmt: skip
    if "ref" in med:
        print(f"  rasio (ini / {args.banding[:12]}): waktu {med['kini'] / med['ref']:.2f}x, "
              f"CPU {med_cpu['kini'] / med_cpu['ref']:.2f}x")  # fmt: skip
    if not args.tanpa_pdf and not args.dokumen:
        print(f"  target < {TARGET_S:.0f} s: {'tercapai' if med['kini'] < TARGET_S else 'belum'}")


if __name__ == "__main__":
    main()
