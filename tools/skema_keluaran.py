"""Developer tool: regenerate the output schema and the catalogue's generated documentation.

Run after an intended change of an output table or of the indicator catalogue:

    make skema        # = bash run.sh skema = python tools/skema_keluaran.py

1. builds a small synthetic city (2023) and computes every indicator table without conforming it
   to the old declaration;
2. checks that every computed column is catalogued or declared technical
   (``kkb_analysis/indikator/katalog/``) and that the catalogue names no column the computation
   does not produce; stops with exit code 1 and the list, writing nothing, otherwise;
3. writes the columns in order to ``kkb_analysis/referensi/skema_keluaran.yaml`` and regenerates
   the column tables of ``docs/skema.md`` between the ``katalog`` markers.

``make skema`` (= ``bash run.sh skema``) runs it. The catalogue may name columns that the
committed schema does not list yet (a new indicator): the schema checks of the catalogue wait
until the columns are computed (:func:`kkb_analysis.indikator.katalog.tunda_pemeriksaan_skema`).

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

from kkb_analysis.config import PROJECT_ROOT
from kkb_analysis.indikator import katalog as _katalog

logger = logging.getLogger("skema_keluaran")

SKEMA_MD = PROJECT_ROOT / "docs" / "skema.md"


def output_columns(data_dir: Path, year: int = 2023) -> dict[str, list[str]]:
    """The columns of every ``out_*`` table computed from the raw files under ``data_dir``."""
    import pandas as pd

    from kkb_analysis.config import get_paths, load_settings
    from kkb_analysis.indikator.aksi import tindak_lanjut
    from kkb_analysis.indikator.hitung import compute_indicators
    from kkb_analysis.indikator.perubahan import compare_years
    from kkb_analysis.pipeline import load_year

    load = load_year(get_paths(data_dir=data_dir), year)
    tables = {b: r.table for b, r in load.results.items()}
    outputs = compute_indicators(tables, year, load_settings(), conform=False)
    outputs["out_perubahan"] = compare_years(outputs["out_wilayah"], None)
    outputs["out_wilayah"]["tingkat_sebelumnya"] = pd.NA  # added by pipeline.build_year
    outputs["out_tindak_lanjut"] = tindak_lanjut(None, outputs["out_wilayah"], year)
    return {name: [str(c) for c in frame.columns] for name, frame in outputs.items()}


def declare_from_sample() -> int:
    """Rebuild the schema declaration from a small synthetic city, then the documentation."""
    from kkb_analysis.indikator.hitung import SCHEMA_FILE, schema_text
    from kkb_analysis.indikator.katalog.dokumen import perbarui
    from kkb_analysis.sampel import generate_sample

    with tempfile.TemporaryDirectory() as tmp:
        generate_sample(Path(tmp) / "raw", scale=0.02, years=(2023,))
        columns = output_columns(Path(tmp))
    try:  # check first: nothing is written when the catalogue and the computation disagree
        kat = _katalog.muat(skema=columns)
    except _katalog.KatalogError as exc:
        logger.error("Katalog indikator tidak cocok dengan hasil perhitungan: %s", exc)
        return 1
    belum = kat.tidak_tercakup(columns)
    if belum:
        logger.error(
            "Kolom berikut belum dikatalogkan dan belum dinyatakan teknis "
            "(kkb_analysis/indikator/katalog/): %s",
            ", ".join(f"{t}.{k}" for t, k in belum),
        )
        return 1
    SCHEMA_FILE.write_text(schema_text(columns), encoding="utf-8")
    logger.info("Skema keluaran ditulis ke %s", SCHEMA_FILE)
    SKEMA_MD.write_text(perbarui(SKEMA_MD.read_text(encoding="utf-8"), kat, columns), "utf-8")
    logger.info("Tabel kolom %s diperbarui dari katalog", SKEMA_MD)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    # A new indicator's entry names a column the committed schema does not list yet; the
    # computation reads the catalogue at import, so the schema checks wait until the columns
    # are computed (declare_from_sample validates the catalogue in full against them).
    _katalog.tunda_pemeriksaan_skema()
    sys.exit(declare_from_sample())
