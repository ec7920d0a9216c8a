"""Developer tool: regenerate the output schema and the catalogue's generated documentation.

Run after an intended change of an output table or of the indicator catalogue:

    python tools/skema_keluaran.py

1. builds a small synthetic city (2023), computes every indicator table without conforming it to
   the old declaration and writes the columns in order to
   ``kkb_analysis/referensi/skema_keluaran.yaml``;
2. checks that every published column is catalogued or declared technical
   (``kkb_analysis/indikator/katalog/``) and that the catalogue names no column the computation
   does not produce; stops with exit code 1 and the list otherwise;
3. regenerates the column tables of ``docs/skema.md`` between the ``katalog`` markers.

``tests/indikator/test_katalog.py`` and ``tests/laporan/test_skema_keluaran.py`` fail when a
generated file is stale. The tool lives outside the package because it needs the top of the
layer stack (the sample generator and the pipeline) while the schema functions it calls sit in
the indicator layer (docs/design.md "Layers").
"""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

import pandas as pd

from kkb_analysis.config import PROJECT_ROOT, get_paths, load_settings
from kkb_analysis.indikator.hitung import SCHEMA_FILE, compute_indicators, schema_text
from kkb_analysis.indikator.katalog import KatalogError, muat
from kkb_analysis.indikator.katalog.dokumen import perbarui
from kkb_analysis.indikator.perubahan import compare_years
from kkb_analysis.pipeline import load_year
from kkb_analysis.sampel import generate_sample

logger = logging.getLogger("skema_keluaran")

SKEMA_MD = PROJECT_ROOT / "docs" / "skema.md"


def output_columns(data_dir: Path, year: int = 2023) -> dict[str, list[str]]:
    """The columns of every ``out_*`` table computed from the raw files under ``data_dir``."""
    load = load_year(get_paths(data_dir=data_dir), year)
    tables = {b: r.table for b, r in load.results.items()}
    outputs = compute_indicators(tables, year, load_settings(), conform=False)
    outputs["out_perubahan"] = compare_years(outputs["out_wilayah"], None)
    outputs["out_wilayah"]["tingkat_sebelumnya"] = pd.NA  # added by pipeline.build_year
    return {name: [str(c) for c in frame.columns] for name, frame in outputs.items()}


def declare_from_sample() -> int:
    """Rebuild the schema declaration from a small synthetic city, then the documentation."""
    with tempfile.TemporaryDirectory() as tmp:
        generate_sample(Path(tmp) / "raw", scale=0.02, years=(2023,))
        columns = output_columns(Path(tmp))
    SCHEMA_FILE.write_text(schema_text(columns), encoding="utf-8")
    logger.info("Skema keluaran ditulis ke %s", SCHEMA_FILE)
    try:
        kat = muat(skema=columns)
    except KatalogError as exc:
        logger.error("Katalog indikator tidak cocok dengan skema baru: %s", exc)
        return 1
    belum = kat.tidak_tercakup(columns)
    if belum:
        logger.error(
            "Kolom berikut belum dikatalogkan dan belum dinyatakan teknis "
            "(kkb_analysis/indikator/katalog/): %s",
            ", ".join(f"{t}.{k}" for t, k in belum),
        )
        return 1
    SKEMA_MD.write_text(perbarui(SKEMA_MD.read_text(encoding="utf-8"), kat, columns), "utf-8")
    logger.info("Tabel kolom %s diperbarui dari katalog", SKEMA_MD)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sys.exit(declare_from_sample())
