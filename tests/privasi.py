"""Privacy scan shared by the tests: personal data of a raw year looked for in every output file
(Parquet, CSV, JSON, HTML, notebooks, XLSX, PDF, console text).

Two scans share :func:`chunks_of`, which splits an output file into located pieces of text
(cells, column names, metadata, notebook outputs, workbook parts, PDF pages):

- :func:`find_leaks`: the NIK, No. KK, names and addresses of a raw sample year. Text is compared
  as token sequences (letters/digits split on punctuation), so a secret is found wherever it
  appears as whole words. Single-word names ("Melati") also occur legitimately as place names
  (posyandu "MELATI 01"), so they are matched as whole cells only.
- :func:`find_needles`: the needles planted by ``tests/jarum.py`` (made-up names
  ``Zul<xxxxxx>ar Qor<xxxxxx>esh``, found as any word of them in any case or spelling
  ``zul..._qor...``; unique 16/18-digit numbers, found in the digits of a piece of text whatever
  separates them) and any standalone 16-digit number not in an allow-list (``3672 0512 3456
  7890``, ``36.72.05.150685.0001`` — three to five groups — and ``3.6720512345678E+15`` count;
  a digit run inside a hex hash, a decimal number ``23.95071868583162`` or its fraction do not).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

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
    return [text for _, text in chunks_of(path)]


def chunks_of(path: Path) -> Iterator[tuple[str, str]]:
    """``(location, text)`` pieces of an output file: everything a reader of it can see.

    Parquet: column names, cells, schema metadata. CSV: every cell (header included). XLSX:
    every cell of every sheet plus the other workbook parts (sheet names, defined names,
    comments, properties). PDF: the text of each page. Notebooks: metadata, sources, outputs
    and their metadata (images left out). HTML and any other file: the text with entities
    decoded, attributes included, embedded base64 images left out.
    """
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        yield (
            "metadata",
            json.dumps(
                {
                    k.decode(errors="replace"): v.decode(errors="replace")
                    for k, v in (table.schema.metadata or {}).items()
                }
            ),
        )
        for name in table.column_names:
            yield "nama kolom", name
            for i, value in enumerate(table.column(name).to_pylist()):
                if value is not None:
                    yield f"kolom {name!r} baris {i}", str(value)
    elif suffix == ".csv":
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        for r, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            for c, value in enumerate(row):
                yield f"baris {r} kolom {c + 1}", value
    elif suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        for ws in wb:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        yield f"{ws.title}!{cell.coordinate}", str(cell.value)
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith(".xml") and not re.match(r"xl/(worksheets/sheet|sharedStr)", name):
                    yield name, z.read(name).decode("utf-8", errors="replace")
    elif suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(path)
        yield "metadata", str(dict(reader.metadata or {}))
        for i, page in enumerate(reader.pages, start=1):
            yield f"halaman {i}", page.extract_text() or ""
    elif suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        yield "metadata", json.dumps(nb.get("metadata", {}), ensure_ascii=False)
        for i, cell in enumerate(nb.get("cells", [])):
            src = cell.get("source", "")
            yield f"sel {i} sumber", "".join(src) if isinstance(src, list) else str(src)
            yield f"sel {i} metadata", json.dumps(cell.get("metadata", {}), ensure_ascii=False)
            for k, out in enumerate(cell.get("outputs", [])):
                where = f"sel {i} keluaran {k}"
                for mime, data in (out.get("data") or {}).items():
                    if mime.startswith("image/") and "svg" not in mime:
                        continue
                    text = "".join(data) if isinstance(data, list) else str(data)
                    yield f"{where} {mime}", _DATA_URI.sub(" ", text)
                rest = {k2: v for k2, v in out.items() if k2 != "data"}
                yield f"{where} teks/metadata", json.dumps(rest, ensure_ascii=False)
    else:
        text = path.read_text(encoding="utf-8", errors="replace")
        text = _DATA_URI.sub(" ", text)  # embedded images are not text
        yield "teks", html.unescape(text) if suffix in (".html", ".htm", ".svg") else text


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


def find_leaks_in_text(text: str, secrets: set[str], single_names: set[str]) -> list[str]:
    """The secrets found in one text (a message), as token sequences; single-word names as
    whole words (a message has no cells)."""
    toks = tokens(text)
    found = set()
    for secret in secrets:
        want = tokens(secret)
        n = len(want)
        if n and any(toks[i : i + n] == want for i in range(len(toks) - n + 1)):
            found.add(" ".join(want))
    words = set(toks)
    found |= {s for s in single_names if tuple(tokens(s)) and set(tokens(s)) <= words}
    return sorted(found)


# ------------------------------------------------------------------------------------ needles
#: A planted name word: ``ZUL`` or ``QOR`` and a six-letter code shared by the needle's two words.
NAME_WORD = re.compile(r"(?:ZUL|QOR)((?:[A-Z]{2}){3})")
_SIXTEEN = re.compile(r"(?<![0-9A-Za-z])(?<![0-9][.,])\d{16}(?![0-9A-Za-z])")
_GROUPED = re.compile(
    r"(?<![0-9A-Za-z])(?<![0-9][.,])\d{2,}(?P<sep>[ .-])\d{2,}(?:(?P=sep)\d{2,}){1,3}"
    r"(?![0-9A-Za-z])(?![ .-]\d)"
)
_SCIENTIFIC_15 = re.compile(r"(?<![0-9A-Za-z.])(\d)[.,](\d+)[eE]\+?0*15(?![0-9])")


class Needle(Protocol):
    """What the scan needs of a planted needle (``tests.jarum.Jarum``)."""

    teks: str
    jenis: str  # "nama" or "id"
    kunci: tuple[str, ...]
    asal: str


@dataclass(frozen=True)
class Hit:
    """One needle or unknown 16-digit number found in an output."""

    berkas: str
    lokasi: str
    jenis: str  # "nama", "id" or "16 digit"
    jarum: str
    asal: str
    cuplikan: str

    def __str__(self) -> str:
        return (
            f"{self.berkas} [{self.lokasi}] {self.jenis} {self.jarum!r} <- {self.asal} "
            f"| ...{self.cuplikan}..."
        )


def _snippet(text: str, start: int, end: int) -> str:
    return text[max(0, start - 40) : end + 40].replace("\n", " ").replace("\r", " ")


def _line(text: str, pos: int) -> str:
    return f" baris {text.count(chr(10), 0, pos) + 1}" if "\n" in text else ""


class NeedleScan:
    """Looks for registered needles and unknown 16-digit numbers in located text."""

    def __init__(self, needles: Iterable[Needle], allow: Iterable[str] = ()) -> None:
        self.names: dict[str, Needle] = {}
        self.ids: dict[str, Needle] = {}
        self.prefixes: dict[str, Needle] = {}
        for n in needles:
            if n.jenis == "nama":
                for word in n.kunci:
                    m = NAME_WORD.match(word)
                    assert m, f"name needle outside the scanned pattern: {word}"
                    self.names[m.group(1)] = n
            else:
                self.ids[n.kunci[0]] = n
                self.prefixes.setdefault(n.kunci[0][:13], n)
        self.allow = set(allow)

    def scan(self, berkas: str, lokasi: str, text: str) -> list[Hit]:
        """The hits in one piece of text, one per needle and line."""
        out: dict[tuple[str, str], Hit] = {}
        for h in self._scan(berkas, lokasi, text):
            out.setdefault((h.lokasi, h.jarum), h)
        return list(out.values())

    def _id(self, digits: str) -> Needle | None:
        return self.ids.get(digits) or self.prefixes.get(digits[:13])

    def _scan(self, berkas: str, lokasi: str, text: str) -> list[Hit]:
        hits: list[Hit] = []
        up = text.upper()
        for m in NAME_WORD.finditer(up):
            n = self.names.get(m.group(1))
            where = lokasi + _line(text, m.start())
            if n is not None:
                hits.append(Hit(berkas, where, "nama", n.teks, n.asal, _snippet(text, *m.span())))
            else:
                hits.append(
                    Hit(
                        berkas,
                        where,
                        "nama",
                        m.group(0),
                        "kata mirip jarum yang tidak terdaftar",
                        _snippet(text, *m.span()),
                    )
                )
        # registered identifiers: in the digits of the text, whatever separates them
        positions = [m.start() for m in re.finditer(r"\d", text)]
        digits = "".join(text[p] for p in positions)
        seen: set[str] = set()
        for m in re.finditer(r"(?=3672)", digits):
            i = m.start()
            for n in (self.ids.get(digits[i : i + 16]), self.ids.get(digits[i : i + 18]),
                      self.prefixes.get(digits[i : i + 13])):  # fmt: skip
                if n is not None and n.kunci[0] not in seen:
                    seen.add(n.kunci[0])
                    start = positions[i]
                    end = positions[min(i + len(n.kunci[0]), len(positions)) - 1] + 1
                    hits.append(
                        Hit(
                            berkas,
                            lokasi + _line(text, start),
                            "id",
                            n.teks,
                            n.asal,
                            _snippet(text, start, end),
                        )
                    )
                    break
        # any other standalone 16-digit number
        found: list[tuple[str, int, int]] = []
        for m in _SIXTEEN.finditer(text):
            found.append((m.group(0), *m.span()))
        for m in _GROUPED.finditer(text):
            d = re.sub(r"\D", "", m.group(0))
            if len(d) == 16:
                found.append((d, *m.span()))
        for m in _SCIENTIFIC_15.finditer(text):
            found.append(((m.group(1) + m.group(2) + "0" * 15)[:16], *m.span()))
        for d, start, end in found:
            n = self._id(d)
            if n is not None:
                if n.kunci[0] not in seen:
                    seen.add(n.kunci[0])
                    hits.append(
                        Hit(
                            berkas,
                            lokasi + _line(text, start),
                            "id",
                            n.teks,
                            n.asal,
                            _snippet(text, start, end),
                        )
                    )
            elif d not in self.allow:
                hits.append(
                    Hit(
                        berkas,
                        lokasi + _line(text, start),
                        "16 digit",
                        d,
                        "angka 16 digit yang tidak ditanam dan tidak ada di daftar izin",
                        _snippet(text, start, end),
                    )
                )
        return hits


def find_needles(
    files: Iterable[Path], root: Path, needles: Iterable[Needle], allow: Iterable[str] = ()
) -> list[Hit]:
    """Every needle and unknown 16-digit number in ``files`` (paths shown relative to
    ``root``); the file names themselves are scanned too."""
    scan = NeedleScan(needles, allow)
    hits: list[Hit] = []
    for path in sorted(files):
        if not path.is_file():
            continue
        rel = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        hits += scan.scan(rel, "nama berkas", rel)
        for lokasi, text in chunks_of(path):
            hits += scan.scan(rel, lokasi, text)
    return hits
