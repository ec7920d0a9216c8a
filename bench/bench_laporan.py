"""``kkb laporan`` against the obvious shell loop, and a warm re-run, on the full sample city.

    python bench/bench_laporan.py                  # 2023: 13 KKB × 3 documents + city summary
    python bench/bench_laporan.py --tanpa-loop     # only kkb laporan (cold + warm)
    python bench/bench_laporan.py --tahun 2022 --pekerja 1
    python bench/bench_laporan.py --banding 5fe52ab --ulangan 2 --tanpa-loop
                                                   # side by side with an older commit

``--banding REF`` runs the cold batch of the code at git ``REF`` (extracted with ``git archive``
into a temporary folder: the repository is not touched) and of this tree alternately, each
``--ulangan`` times, on the same data, and prints per KKB seconds of both and their ratio (this
tree / REF): a KKB now has three documents (profil, laporan, lampiran) where it had one, and the
batch must not be slower per KKB than before. The manifest's per-document timings are summed
per document kind, so the price of each document is visible.

Needs the processed tables of the year (``bash run.sh`` or ``kkb bangun``) and Chromium. Three
measurements, each in a fresh interpreter and a fresh output folder:

1. **kkb laporan** (cold: ``--paksa``): every report rendered (HTML, PDF, notebook) plus
   index.html, indikator_kkb.xlsx and manifest.json;
2. **warm re-run**: ``kkb laporan`` again with nothing changed (target < 3 s);
3. **shell loop** (the alternative a user would write): per report ``papermill`` CLI, then
   ``jupyter nbconvert --to html --no-input`` and ``jupyter nbconvert --to webpdf --no-input``,
   the latter pointed at the SAME Chromium (playwright finds it through a folder of symlinks in
   ``PLAYWRIGHT_BROWSERS_PATH``, since webpdf has no browser-path option).

Prints the times and the ratio loop / kkb laporan (target ≥ 5× on the 2-core machine).
Timings are informative only: no test asserts on them.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 5.0
TARGET_WARM_S = 3.0


def _env(akar: Path = ROOT, **extra: str) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(akar), **extra)


def _kkb_laporan(
    data: Path,
    reports: Path,
    tahun: int,
    pekerja: int | None,
    *extra: str,
    akar: Path = ROOT,
) -> float:
    cmd = [sys.executable, "-m", "kkb_analysis", "--data-dir", str(data)]
    cmd += ["--laporan-dir", str(reports), "laporan", "--tahun", str(tahun), "--tanpa-progres"]
    cmd += ["--pekerja", str(pekerja)] if pekerja else []
    start = time.perf_counter()
    proc = subprocess.run(
        [*cmd, *extra], env=_env(akar), capture_output=True, text=True, cwd=str(akar)
    )
    took = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"kkb laporan gagal (kode {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return took


def _browser() -> Path:
    sys.path.insert(0, str(ROOT))
    from kkb_analysis.laporan.ekspor import find_browser

    return find_browser()


def _playwright_folder(browser: Path, folder: Path) -> Path:
    """A PLAYWRIGHT_BROWSERS_PATH whose expected executables are symlinks to ``browser``."""
    import playwright

    spec = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    revisi = {b["name"]: b["revision"] for b in json.loads(spec.read_text())["browsers"]}
    target = {
        "chromium-headless-shell": (
            "chromium_headless_shell-{r}/chrome-headless-shell-linux64/chrome-headless-shell"
        ),
        "chromium": "chromium-{r}/chrome-linux64/chrome",
    }
    for name, pola in target.items():
        if name in revisi:
            link = folder / pola.format(r=revisi[name])
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(browser)
    return folder


def _kkb_ids(data: Path, tahun: int) -> list[str]:
    import pyarrow.parquet as pq

    t = pq.read_table(
        data / "processed" / str(tahun) / "out_wilayah.parquet",
        columns=["jenis_wilayah", "kkb_id"],
    ).to_pylist()
    return sorted(r["kkb_id"] for r in t if r["jenis_wilayah"] == "kkb")


def _shell_loop(data: Path, out: Path, tahun: int, browser: Path) -> float:
    """The loop a user would write, as one bash script (one papermill + two nbconvert each)."""
    bindir = Path(sys.executable).parent
    pw = _playwright_folder(browser, out / "pw")
    baris = ["set -euo pipefail", f'export PATH="{bindir}:$PATH"']
    nb = ROOT / "notebooks"
    pekerjaan = [
        (f"{d}_kkb", f"-p kkb_id {k}", f"{k}_{d}")
        for k in _kkb_ids(data, tahun)
        for d in ("profil", "laporan", "lampiran")
    ]
    pekerjaan.append(("rekap_kota", "", "rekap_kota"))
    for notebook, param, nama in pekerjaan:
        hasil = out / f"{nama}.ipynb"
        baris += [
            f"papermill {nb / notebook}.ipynb {hasil} {param} -p tahun {tahun} "
            f"-p data_dir {data} -k python3 --no-progress-bar --log-level ERROR",
            f"jupyter nbconvert --to html --no-input --log-level ERROR {hasil}",
            f"jupyter nbconvert --to webpdf --no-input --log-level ERROR "
            f"--WebPDFExporter.disable_sandbox=True {hasil}",
        ]
    script = out / "loop.sh"
    script.write_text("\n".join(baris) + "\n", encoding="utf-8")
    start = time.perf_counter()
    proc = subprocess.run(
        ["bash", str(script)],
        env=_env(PLAYWRIGHT_BROWSERS_PATH=str(pw)),
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"Loop gagal:\n{proc.stderr[-3000:]}")
    n_pdf = len(list(out.glob("*.pdf")))
    if n_pdf != len(pekerjaan):
        sys.exit(f"Loop membuat {n_pdf} PDF, seharusnya {len(pekerjaan)}.")
    return took


def _ekstrak(ref: str, tujuan: Path) -> Path:
    """The tree of git ``ref`` extracted into ``tujuan`` (``git archive``; no worktree made)."""
    arsip = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", ref], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(arsip)) as tar:
        tar.extractall(tujuan, filter="data")
    return tujuan


def _rincian(manifest: dict) -> dict[str, float]:
    """Seconds per document kind (render and PDF summed over the KKB) from a manifest."""
    out: dict[str, float] = defaultdict(float)
    for tugas, e in manifest["laporan"].items():
        jenis = tugas.split("/")[1] if "/" in tugas else ("laporan" if tugas != "rekap_kota"
                                                         else "rekap_kota")  # fmt: skip
        out[f"{jenis} render"] += e.get("durasi_detik") or 0.0
        out[f"{jenis} pdf"] += e.get("durasi_pdf_detik") or 0.0
    return dict(out)


def banding(args: argparse.Namespace, tmp: Path) -> None:
    """Cold batch of git ``args.banding`` and of this tree, alternately; per-KKB ratio."""
    lama = _ekstrak(args.banding, tmp / "ref")
    n_kkb = len(_kkb_ids(args.data, args.tahun))
    waktu: dict[str, list[float]] = {"ref": [], "kini": []}
    cpu: dict[str, list[float]] = {"ref": [], "kini": []}
    rincian: dict[str, dict[str, float]] = {}
    for i in range(args.ulangan):
        for nama, akar in (("ref", lama), ("kini", ROOT)):
            keluar = tmp / f"{nama}-{i}"
            sebelum = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = _kkb_laporan(args.data, keluar, args.tahun, args.pekerja, "--paksa", akar=akar)
            sesudah = resource.getrusage(resource.RUSAGE_CHILDREN)
            # CPU seconds of the run and every process it waited for (workers, kernels):
            # far less sensitive than wall time to other load on a shared machine
            cpu[nama].append(
                sesudah.ru_utime - sebelum.ru_utime + sesudah.ru_stime - sebelum.ru_stime
            )
            waktu[nama].append(t)
            m = json.loads((keluar / str(args.tahun) / "manifest.json").read_text("utf-8"))
            rincian[nama] = _rincian(m)
            shutil.rmtree(keluar, ignore_errors=True)
            print(f"  [{i + 1}/{args.ulangan}] {nama:4} {t:7.1f} s  (CPU {cpu[nama][-1]:.1f} s)")
    med = {k: statistics.median(v) for k, v in waktu.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    print(f"Banding tahun {args.tahun}, {n_kkb} KKB, median dari {args.ulangan} run dingin:")
    print(f"  {args.banding[:12]:12}  {med['ref']:7.1f} s  "
          f"{med['ref'] / n_kkb:5.2f} s per KKB")  # fmt: skip
    print(f"  {'pohon ini':12}  {med['kini']:7.1f} s  "
          f"{med['kini'] / n_kkb:5.2f} s per KKB")  # fmt: skip
    print(f"  rasio per KKB (ini / {args.banding[:12]})  {med['kini'] / med['ref']:5.2f}x "
          "(target <= 1,00)")  # fmt: skip
    print(f"  CPU per KKB: {med_cpu['ref'] / n_kkb:5.2f} s -> {med_cpu['kini'] / n_kkb:5.2f} s "
          f"(rasio {med_cpu['kini'] / med_cpu['ref']:.2f}x)")  # fmt: skip
    for nama in ("ref", "kini"):
        isi = ", ".join(f"{k} {v:.1f} s" for k, v in sorted(rincian[nama].items()))
        print(f"    rincian {nama} (jumlah detik per jenis dokumen): {isi}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / "data", help="folder data (processed/)")
    ap.add_argument("--tahun", type=int, default=2023)
    ap.add_argument("--pekerja", type=int, default=None)
    ap.add_argument("--tanpa-loop", action="store_true", help="lewati loop shell")
    ap.add_argument("--banding", metavar="REF", help="bandingkan dengan commit git REF")
    ap.add_argument("--ulangan", type=int, default=1, help="jumlah run per sisi (--banding)")
    args = ap.parse_args()
    if not (args.data / "processed" / str(args.tahun) / "out_wilayah.parquet").is_file():
        sys.exit(f"Tabel olahan {args.tahun} belum ada di {args.data}: jalankan 'bash run.sh'.")
    browser = _browser()
    n = 3 * len(_kkb_ids(args.data, args.tahun)) + 1
    with tempfile.TemporaryDirectory(prefix="bench-laporan-") as tmp:
        tmp = Path(tmp)
        if args.banding:
            banding(args, tmp)
            return
        dingin = _kkb_laporan(args.data, tmp / "reports", args.tahun, args.pekerja, "--paksa")
        hangat = _kkb_laporan(args.data, tmp / "reports", args.tahun, args.pekerja)
        manifest = json.loads(
            (tmp / "reports" / str(args.tahun) / "manifest.json").read_text(encoding="utf-8")
        )
        print(f"Laporan tahun {args.tahun}: {n} notebook (3 per KKB + ringkasan kota), HTML + PDF")
        print(f"  kkb laporan (dingin, --paksa)   {dingin:7.1f} s")
        print(f"  kkb laporan (hangat, tak berubah) {hangat:5.2f} s  (target < {TARGET_WARM_S} s)")
        print(f"    rincian run hangat: {manifest['waktu_detik']}")
        if not args.tanpa_loop:
            (tmp / "loop").mkdir()
            loop = _shell_loop(args.data, tmp / "loop", args.tahun, browser)
            print(f"  loop shell papermill+nbconvert  {loop:7.1f} s")
            print(
                f"  rasio loop / kkb laporan        {loop / dingin:7.1f}x  "
                f"(target >= {TARGET_RATIO:.0f}x)"
            )
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
