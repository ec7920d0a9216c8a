"""One home per fact: a grep over the package that fails when a second copy comes back.

Each rule names the one module allowed to hold the fact and a pattern that betrays a copy
(docs/design.md "One home per fact"). The patterns are deliberately narrow: they catch the
shapes the copies had (and a new one written the same way), not every conceivable spelling.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kkb_analysis"

#: (what, pattern, the modules allowed to match, relative to kkb_analysis/)
ATURAN = [
    (
        "Indonesian number text (use nilai.angka / laporan.format)",
        # a thousands/decimal swap on formatted text; ``.str.replace(",", ".")`` parses input
        r"""(?<!\.str)\.replace\(\s*["'][.,]["']\s*,\s*["'][.,]["']\s*\)|:,\}|:,\.\d+f\}""",
        {"nilai.py"},
    ),
    (
        "the missing-value test (use nilai.kosong)",
        r"is pd\.NA or|is pd\.NaT",
        {"nilai.py"},
    ),
    ("the words 'data tidak cukup' as a constant", r"""DATA_TIDAK_CUKUP\s*=""", {"nilai.py"}),
    ("formula-like text (use nilai.mirip_rumus)", r"""["']=["']\s*,\s*["']\+["']""", {"nilai.py"}),
    (
        "a file hash loop (use config.sha256_file)",
        r"for \w+ in iter\(lambda: \w+\.read\(",
        {"config.py"},
    ),
    ("days per month (use anthro.HARI_PER_BULAN)", r"30\.4375\b(?!\s*[<≥])", {"anthro.py"}),
    ("a small-cell threshold text", r"""f["']< \{""", {"laporan/format.py", "laporan/lembar.py"}),
]

# Also allowed: prose in docstrings and comments is not code; strip them roughly.
_KOMENTAR = re.compile(r"#.*$", re.MULTILINE)
_DOCSTRING = re.compile(r'"""[\s\S]*?"""')


def _kode(path: Path) -> str:
    return _KOMENTAR.sub("", _DOCSTRING.sub('""', path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(("apa", "pola", "rumah"), ATURAN, ids=[a[0] for a in ATURAN])
def test_one_home(apa, pola, rumah):
    salinan = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in rumah:
            continue
        for n, baris in enumerate(_kode(path).splitlines(), start=1):
            if re.search(pola, baris):
                salinan.append(f"{rel}:{n}: {baris.strip()}")
    assert not salinan, f"{apa}: a second home\n" + "\n".join(salinan)


def test_the_rules_can_fail(tmp_path):
    """Each pattern matches the copy it was written against (so the test above can fail)."""
    contoh = {
        ATURAN[0][1]: 'f"{n:,}".replace(",", ".")',
        ATURAN[1][1]: "if x is None or x is pd.NA or x is pd.NaT:",
        ATURAN[2][1]: 'DATA_TIDAK_CUKUP = "data tidak cukup"',
        ATURAN[3][1]: '_AWAL = ("=", "+", "-", "@")',
        ATURAN[4][1]: 'for b in iter(lambda: fh.read(1 << 20), b""):',
        "parsing stays allowed": 'x.str.replace(",", ".")',
        ATURAN[5][1]: "bulan = umur_hari / 30.4375",
        ATURAN[6][1]: 'teks = f"< {ambang}"',
    }
    parse = contoh.pop("parsing stays allowed")
    for pola, baris in contoh.items():
        assert re.search(pola, baris), (pola, baris)
    assert not re.search(ATURAN[0][1], parse)
