"""Privacy scan shared by the tests: every NIK, No. KK, name and address of a raw sample year,
looked for in any output file (Parquet, CSV, JSON, HTML, notebooks, XLSX, PDF).

Text is compared as token sequences (letters/digits split on punctuation), so a secret is found
wherever it appears as whole words. Single-word names ("Melati") also occur legitimately as
place names (posyandu "MELATI 01"), so they are matched as whole cells only.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

PERSONAL = {
    "nik",
    "no_kk",
    "no_kk_pemilik",
    "nama",
    "nama ortu",
    "alamat",
    "pkb_nama",
    "pkb_nip",
}
_DATA_URI = re.compile(r"data:[a-z]+/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=\s\\n]+", re.IGNORECASE)


def personal_values(raw_year: Path) -> tuple[set[str], set[str]]:
    """NIK, No. KK, address and full-name strings of the raw CSV files, and single-word names."""
    values: set[str] = set()
    single: set[str] = set()
    for path in raw_year.glob("*.csv"):
        delimiter = ";" if path.name == "eppgbm.csv" else ","
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh, delimiter=delimiter):
                for key, value in row.items():
                    if not (key and key.strip().lower() in PERSONAL and value and value.strip()):
                        continue
                    value = value.strip()
                    if key.strip().lower().startswith("nama") and " " not in value:
                        single.add(value.upper())
                    elif len(value) >= 6:
                        values.add(value)
    return values, single


def tokens(text: str) -> list[str]:
    return re.findall(r"[0-9A-Z]+", text.upper())


def texts_of(path: Path) -> list[str]:
    """The text values of an output file, cell by cell where the format has cells."""
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path).astype(str)
        return [str(v) for v in frame.to_numpy().ravel()] + list(frame.columns)
    if path.suffix == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        return [str(v) for v in frame.to_numpy().ravel()] + list(frame.columns)
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        return [str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v]
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return [p.extract_text() or "" for p in PdfReader(path).pages]
    text = path.read_text(encoding="utf-8", errors="replace")
    return [_DATA_URI.sub(" ", text)]  # embedded images are not text


def find_leaks(files: Iterable[Path], secrets: set[str], single_names: set[str]) -> list[str]:
    """The secrets (and whole-cell single names) found in ``files``."""
    wanted = {tuple(tokens(s)) for s in secrets}
    wanted.discard(())
    lengths = {len(w) for w in wanted}
    found, cells, seen = set(), set(), set()
    for path in files:
        if not path.is_file():
            continue
        for value in texts_of(path):
            if value in seen:  # tables repeat most cells ("ya", codes, dates): scan each once
                continue
            seen.add(value)
            cells.add(value.strip().upper())
            toks = tokens(value)
            for n in lengths:
                for i in range(len(toks) - n + 1):
                    gram = tuple(toks[i : i + n])
                    if gram in wanted:
                        found.add(" ".join(gram))
    return sorted(found) + sorted(single_names & cells)
