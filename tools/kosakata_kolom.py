"""Developer tool: regenerate ``kkb_analysis/referensi/kosakata_kolom.yaml``.

The raw-layer boundary (:mod:`kkb_analysis.batas`) repeats a header or a value in a message only
when it is made of the project's vocabulary, which includes every column name and alias of every
raw-file layout. ``batas`` sits in the reading layer, below the source layouts, so it reads that
list from a generated reference file instead of importing the sources (docs/design.md "Layers").
Run after a layout change (``tests/test_batas.py`` fails while the file is stale):

    python tools/kosakata_kolom.py
"""

from __future__ import annotations

import logging
from pathlib import Path

import yaml

from kkb_analysis.config import REFERENCE_DIR
from kkb_analysis.pipeline import SOURCES

logger = logging.getLogger("kosakata_kolom")

TARGET: Path = REFERENCE_DIR / "kosakata_kolom.yaml"
HEADER = (
    "# Column names and aliases of every raw-file layout (kkb_analysis/sumber/*.py SPEC), for the\n"
    "# vocabulary of kkb_analysis/batas.py. Generated: python tools/kosakata_kolom.py\n"
)


def column_names() -> list[str]:
    """Every column name and alias of every source layout, lower case, sorted, unique."""
    names: set[str] = set()
    for module in SOURCES:
        for col in module.SPEC.columns:
            names.add(col.name.lower())
            names.update(alias.lower() for alias in col.aliases)
    return sorted(names)


def render() -> str:
    """The file's text."""
    return HEADER + yaml.safe_dump({"kolom": column_names()}, allow_unicode=True, sort_keys=False)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    TARGET.write_text(render(), encoding="utf-8")
    logger.info("%s ditulis (%d nama kolom)", TARGET, len(column_names()))
