"""Print the docs table of the bad-input corpus (docs/data.md §9) from the ``harapan.yaml`` files.

Run from the project root and paste the output over the table in docs/data.md::

    python tests/data/buruk/buat_tabel.py

``tests/test_korpus_buruk.py`` checks that the table lists every case folder with its outcome.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

KORPUS = Path(__file__).resolve().parent


def outcome_text(h: dict) -> str:
    """The message fragments, quarantined rows or flags a case expects, in one cell."""
    if h["hasil"] == "fatal":
        codes = ", ".join(f"`{k}`" for k in h["kode"])
        fragments = [f for f in h["pesan"] if " " in f][:2]
        return codes + ": " + "; ".join(f"“{f}”" for f in fragments)
    parts = []
    for base, rows in (h.get("karantina") or {}).items():
        parts += [f"{base} row {n} `{code}`" for n, code in rows.items()]
    parts += [f"flag {f} row {n} `{code}`" for f, n, code in h.get("tandai", [])]
    parts += [f"unknown columns {b}: `{c}`" for b, c in h.get("kolom_tidak_dikenal", {}).items()]
    for base, fragments in (h.get("catatan") or {}).items():
        parts.append(f"note {base}: “{fragments[0]}”")
    if "dibangkitkan" in h:
        parts.append(f"peak memory < {h['dibangkitkan']['batas_memori_mib']} MiB")
    if h.get("sama_dengan_dasar"):
        parts.append("table identical to the base")
    return "; ".join(parts) or "—"


def table() -> str:
    lines = [
        "| Case | File | What is wrong | Outcome | Message / reason |",
        "|---|---|---|---|---|",
    ]
    for case in sorted(p for p in KORPUS.iterdir() if p.is_dir() and re.match(r"\d\d-", p.name)):
        h = yaml.safe_load((case / "harapan.yaml").read_text(encoding="utf-8"))
        cells = [f"`{case.name}`", h["berkas"], h["masalah"], h["hasil"], outcome_text(h)]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
