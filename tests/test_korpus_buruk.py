"""The corpus of bad inputs (``tests/data/buruk/``): every case with its expected outcome.

Each case folder ``NN-name/`` holds the raw file(s) that replace those of the minimal valid base
year ``_dasar/`` and a ``harapan.yaml`` (see ``tests/data/buruk/README.md``). The test copies the
base into a temporary data folder, lays the case over it, runs ``load_year`` (and ``build_year``
where the case asks for it) and checks the outcome:

- ``fatal``: :class:`DataFileError` with the expected codes, a message that names the file, the
  column and what to do, CLI exit code 2, and nothing written under ``data/processed``;
- otherwise: rows read = kept + quarantined for every file, exactly the expected rows in
  quarantine with the expected reason codes, exactly the expected flags, and no personal value of
  the raw files in any output.

The 1-million-row case is generated at test time in a subprocess that reports its peak memory.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
import yaml

from kkb_analysis.cli import main
from kkb_analysis.config import get_paths
from kkb_analysis.errors import DataFileError
from kkb_analysis.pipeline import SOURCES, build_year, load_year, write_validation
from kkb_analysis.readers import find_file, read_raw_file
from tests.privasi import find_leaks, find_leaks_in_text

KORPUS = Path(__file__).parent / "data" / "buruk"
DASAR = KORPUS / "_dasar"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "data.md"
TAHUN = 2023
SALT = "salt-uji-korpus-buruk-tidak-rahasia"
HASIL = {"fatal", "karantina", "peringatan", "bersih"}
SPECS = {m.SPEC.base: m.SPEC for m in SOURCES}

CASES = sorted(p for p in KORPUS.iterdir() if p.is_dir() and re.match(r"\d\d-", p.name))
RUN_CASES = [c for c in CASES if not (c / "harapan.yaml").read_text().count("dibangkitkan:")]


def harapan(case: Path) -> dict:
    return yaml.safe_load((case / "harapan.yaml").read_text(encoding="utf-8"))


def assemble(case: Path | None, root: Path) -> list[int]:
    """Build ``root/raw/<tahun>/`` for a case; returns the years, oldest first.

    A case with year sub-folders (``2022/``, ``2023/``) gives complete year folders of their own;
    otherwise the case files are laid over a copy of the base in the 2023 folder.
    """
    years = sorted(int(p.name) for p in case.iterdir() if p.is_dir()) if case else []
    if years:
        for year in years:
            shutil.copytree(case / str(year), root / "raw" / str(year))
        return years
    target = root / "raw" / str(TAHUN)
    shutil.copytree(DASAR, target)
    if case is not None:
        for path in case.iterdir():
            if path.is_file() and path.name != "harapan.yaml":
                shutil.copy(path, target / path.name)
        for name in harapan(case).get("hapus", []):
            (target / name).unlink()
    return [TAHUN]


def personal_values(raw_year: Path) -> tuple[set[str], set[str]]:
    """Values of the personal columns (except dates) of every raw file, read as the loader does."""
    values: set[str] = set()
    single: set[str] = set()
    for base, spec in SPECS.items():
        path, problem = find_file(raw_year, base)
        if path is None or problem:
            continue
        raw, problem = read_raw_file(path, delimiter=spec.delimiter)
        if raw is None:
            continue
        for col in spec.columns:
            if not col.personal or col.kind == "date" or col.name.lower() not in raw.frame:
                continue
            for value in raw.frame[col.name.lower()].dropna().str.strip():
                if col.name.lower().startswith("nama") and " " not in value:
                    single.add(value.upper())
                elif len(value) >= 6:
                    values.add(value)
    return values, single


@pytest.fixture(autouse=True)
def _salt(monkeypatch):
    monkeypatch.setenv("KKB_SALT", SALT)


@pytest.fixture(scope="module")
def dasar(tmp_path_factory):
    """The load of the valid base year: clean, the reference for ``sama_dengan_dasar``."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KKB_SALT", SALT)
        root = tmp_path_factory.mktemp("dasar")
        assemble(None, root)
        return load_year(get_paths(data_dir=root), TAHUN)


def test_base_year_is_clean(dasar):
    assert dasar.issues().empty
    for base, result in dasar.results.items():
        assert result.fmt == "csv" and result.rows_read > 0, base
        assert result.rows_rejected == 0 and result.unknown_columns == [], base


def test_corpus_covers_every_file_and_outcome():
    expectations = [harapan(c) for c in CASES]
    assert len(CASES) >= 40
    assert {h["hasil"] for h in expectations} == HASIL
    named = " ".join(h["berkas"] for h in expectations)
    for base in SPECS:
        assert re.search(rf"\b{base}\.(csv|xlsx)", named), base


@pytest.mark.parametrize("case", RUN_CASES, ids=lambda c: c.name)
def test_case(case, tmp_path, dasar):
    h = harapan(case)
    assert h["hasil"] in HASIL and h["berkas"] and h["masalah"]
    years = assemble(case, tmp_path)
    paths = get_paths(data_dir=tmp_path)
    for year in years[:-1]:  # earlier years of a multi-year case are built first, cleanly
        build_year(load_year(paths, year), paths)
    if h["hasil"] == "fatal":
        check_fatal(h, paths)
    else:
        check_loaded(h, paths, dasar)


def secrets_of(h: dict, paths) -> tuple[set[str], set[str]]:
    """Personal values of the raw files plus the case's own ``rahasia`` (values that a shifted
    row or header carries outside a personal column, e.g. a name under a numeric header)."""
    secrets, single = personal_values(paths.raw_year(TAHUN))
    for value in h.get("rahasia", []):
        (secrets if " " in value or value.isdigit() else single).add(str(value).upper())
    return secrets, single


def check_fatal(h: dict, paths) -> None:
    with pytest.raises(DataFileError) as info:
        load_year(paths, TAHUN)
    assert sorted(p.code for p in info.value.problems) == sorted(h["kode"])
    message = str(info.value)
    for fragment in h["pesan"]:
        assert fragment in message, (fragment, message)
    for fragment in h.get("pesan_tanpa", []):  # e.g. a name typed as a header
        assert fragment not in message, (fragment, message)
    assert main(["--data-dir", str(paths.data), "validasi", "--tahun", str(TAHUN)]) == 2
    assert not paths.processed.exists()


def check_loaded(h: dict, paths, dasar) -> None:
    load = load_year(paths, TAHUN)
    issues = load.issues()
    for base, result in load.results.items():
        assert result.rows_read == result.rows_kept + result.rows_rejected, base
        q = result.quarantine
        got = dict(zip(q["baris_sumber"], q["kode_alasan"], strict=True))
        assert got == (h.get("karantina") or {}).get(base, {}), base
        assert set(result.quarantine["baris_sumber"]).isdisjoint(result.table["baris_sumber"])
    flags = issues[issues["tingkat"].eq("tandai")]
    got_flags = sorted(zip(flags["file"], flags["baris_sumber"], flags["kode_alasan"], strict=True))
    assert sorted(set(got_flags)) == sorted(tuple(f) for f in h.get("tandai", [])), got_flags
    for fragment in h.get("pesan_baris", []):
        assert issues["pesan"].str.contains(fragment, regex=False).any(), fragment
    notes = load.summary().set_index("file")["catatan"]
    for base, fragments in (h.get("catatan") or {}).items():
        for fragment in fragments:
            assert fragment in notes[base], (fragment, notes[base])
    unknown = {b: ";".join(r.unknown_columns) for b, r in load.results.items() if r.unknown_columns}
    assert unknown == h.get("kolom_tidak_dikenal", {})
    if h["hasil"] == "bersih":
        assert issues.empty and not unknown
    if h["hasil"] == "peringatan":
        assert not issues["tingkat"].eq("tolak").any() and (not flags.empty or unknown)
    if h["hasil"] == "karantina":
        assert issues["tingkat"].eq("tolak").any()
    for base in h.get("sama_dengan_dasar", []):
        pd.testing.assert_frame_equal(load.results[base].table, dasar.results[base].table)
    folder = build_year(load, paths) if h.get("bangun") else write_validation(load, paths)
    quarantined = {p.stem for p in (folder / "karantina").glob("*.csv")}
    assert quarantined == set(h.get("karantina") or {})
    secrets, single = secrets_of(h, paths)
    assert secrets
    assert find_leaks(folder.rglob("*"), secrets, single) == []
    issue_text = " ".join(issues["pesan"].astype(str)) + " ".join(issues["kunci"].astype(str))
    assert find_leaks_in_text(issue_text, secrets, single) == []


# ---------------------------------------------------------------------------- 1 million rows
SEJUTA = textwrap.dedent(
    """
    import json, os, sys, time
    from pathlib import Path
    from kkb_analysis.config import get_paths
    from kkb_analysis.pipeline import load_year, write_validation
    def peak_kib():  # VmHWM: ru_maxrss of a child keeps the parent's peak across exec
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))

    root, rows = Path(sys.argv[1]), int(sys.argv[2])
    folder = root / "raw" / "2023"
    folder.mkdir(parents=True)
    (folder / "kkb.csv").write_text(Path(sys.argv[3]).read_text())
    sumber = ("DTKS", "P3KE", "DTSEN")
    with (folder / "dtks.csv").open("w") as fh:
        fh.write("no_kk,nik,sumber,periode,desil,status_dtks,pkh,bpnt_sembako,pbi_jk,blt,pip,"
                 "tanggal_update\\n")
        for i in range(rows):
            fh.write(f"36720{i:011d},,{sumber[i % 3]},2023-{i % 12 + 1:02d},{i % 4 + 1},"
                     f"ya,tidak,ya,,,,2023-03-15\\n")
        fh.write("3672000000000000,,DTKS,2023-01,1,,,,,,,\\n")  # repeats the first key
    size = (folder / "dtks.csv").stat().st_size
    before = peak_kib()
    start = time.perf_counter()
    load = load_year(get_paths(data_dir=root), 2023)
    write_validation(load, get_paths(data_dir=root))
    seconds = time.perf_counter() - start
    peak = peak_kib()
    r = load.results["dtks"]
    print(json.dumps({"bytes": size, "seconds": seconds, "peak_mib": peak / 1024,
                      "base_mib": before / 1024, "read": r.rows_read, "kept": r.rows_kept,
                      "rejected": r.rows_rejected}))
    """
)
#: Documented bound (docs/data.md §9): loading a 1,000,000-row dtks.csv (≈ 59 MB) must stay
#: under this peak resident memory of the whole process, interpreter and libraries included.
BATAS_MEMORI_MIB = 2048


@pytest.mark.lambat
def test_sejuta_baris(tmp_path):
    case = next(c for c in CASES if "dibangkitkan" in harapan(c))
    h = harapan(case)
    rows = int(h["dibangkitkan"]["baris"])
    proc = subprocess.run(
        [sys.executable, "-c", SEJUTA, str(tmp_path), str(rows), str(DASAR / "kkb.csv")],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "KKB_SALT": SALT},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    print(figures)
    assert figures["read"] == rows + 1
    assert figures["kept"] == rows and figures["rejected"] == 1
    assert figures["peak_mib"] < h["dibangkitkan"]["batas_memori_mib"] == BATAS_MEMORI_MIB


# ---------------------------------------------------------------------------- docs
def test_docs_table_lists_every_case():
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## 9. Corpus of bad inputs", 1)
    assert len(section) == 2, "docs/data.md has no corpus section"
    listed = re.findall(r"^\| `(\d\d-[a-z0-9-]+)` \|", section[1], flags=re.MULTILINE)
    assert listed == [c.name for c in CASES]
    for case in CASES:
        row = next(line for line in section[1].splitlines() if f"`{case.name}`" in line)
        assert f"| {harapan(case)['hasil']} |" in row, case.name
