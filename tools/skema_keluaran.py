"""Developer tool: regenerate ``kkb_analysis/referensi/skema_keluaran.yaml`` (``out_*`` columns).

Run after an intended change of an output table, then document the new columns in docs/skema.md:

    python tools/skema_keluaran.py

It builds a small synthetic city (2023), computes every indicator table without conforming it to
the old declaration and writes the columns in order. It lives outside the package because it needs
the top of the layer stack (the sample generator and the pipeline) while the schema functions it
calls sit in the indicator layer (docs/design.md "Layers").
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import pandas as pd

from kkb_analysis.config import get_paths, load_settings
from kkb_analysis.indikator.hitung import (
    SCHEMA_FILE,
    compare_years,
    compute_indicators,
    write_schema,
)
from kkb_analysis.pipeline import load_year
from kkb_analysis.sampel import generate_sample

logger = logging.getLogger("skema_keluaran")


def declare_from_sample() -> None:
    """Rebuild the schema declaration from a small synthetic city."""
    with tempfile.TemporaryDirectory() as tmp:
        generate_sample(Path(tmp) / "raw", scale=0.02, years=(2023,))
        load = load_year(get_paths(data_dir=tmp), 2023)
        tables = {b: r.table for b, r in load.results.items()}
        outputs = compute_indicators(tables, 2023, load_settings(), conform=False)
        outputs["out_perubahan"] = compare_years(outputs["out_wilayah"], None)
    outputs["out_wilayah"]["tingkat_sebelumnya"] = pd.NA  # added by pipeline.build_year
    write_schema(outputs)
    logger.info("Skema keluaran ditulis ke %s", SCHEMA_FILE)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    declare_from_sample()
