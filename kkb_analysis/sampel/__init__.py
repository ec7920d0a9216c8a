"""Synthetic raw dataset for Kota Cilegon (all 43 kelurahan, the 11/13 KKB), in the raw formats.

:func:`generate_sample` (``kkb sampel``) writes every raw file of the data contract
(``data-contract.md`` §6–§7) into ``<tujuan>/<tahun>/``, exactly as an agency would deliver it:
comma CSV (UTF-8, ``ya``/``tidak``, ISO dates, Appendix A codes), ``kkb_umkm.xlsx`` (first sheet,
every cell text) and the original e-PPGBM export layout in ``eppgbm.csv`` (semicolon, decimal
comma, DD/MM/YYYY, names instead of codes, spelling variants). The data are fake: NIK, No. KK and
names are generated, never copied.

Design (all [asumsi], calibrated to ``cilegon.md`` §3 and §6):

* One *master* population is generated for the last data year; every earlier year is a view of
  it (people not yet born, families that arrived later, the deceased and children who moved out
  are left out). The same family keeps its ``no_kk`` and a child keeps its NIK across years.
* The kelurahan of the 13 KKB are slightly poorer and use KB slightly less than the rest.
* KKB profiles, KKBPK reports and interventions follow a fixed tier design
  (``portal._DESAIN_TINGKAT``) so that the portal classification spreads over
  Dasar/Berkembang/Mandiri/Berkelanjutan and improves from 2022 to 2023.
* A handful of dirty rows of every kind listed by :func:`describe_dirty_rows` is injected per
  year, so that validation and quarantine have something to find.

Everything is vectorised (numpy/pandas) and driven by one ``numpy.random.Generator`` per
component derived from the seed (:func:`~kkb_analysis.sampel.arrays.sub_rng`), so that the output
is byte-identical for the same (seed, scale, years).

Modules, one concern each (facts owned elsewhere are imported, never copied):

* :mod:`.layout` — columns and delimiter of every file, from the loaders' ``SPEC``; deviations;
* :mod:`.wilayah` — kelurahan, RW/RT, KKB areas and membership; :mod:`.nama` — person names;
* :mod:`.populasi` — the master families and persons (NIK, No. KK, births, presence per year);
* :mod:`.pk` — Pendataan Keluarga files of one year (keluarga, anggota, KB);
* :mod:`.portal` — KKB portal files (kkb, profil, KKBPK monthly, intervensi, UMKM);
* :mod:`.eppgbm` — e-PPGBM measurements in the export layout, with the coarse WHO reference of
  :mod:`.pertumbuhan` (values from :mod:`kkb_analysis.anthro`);
* :mod:`.dtks` — DTKS/P3KE/DTSEN records; :mod:`.kotor` — the injected dirty rows;
* :mod:`.writer` — deterministic CSV/XLSX writing and the sample marker text;
* :mod:`.arrays` — small vectorised helpers (random streams, dates, Arrow text columns);
* :mod:`.kota` — :func:`generate_sample`, which puts the city together year by year.
"""

from __future__ import annotations

from kkb_analysis.config import SAMPLE_MARKER
from kkb_analysis.sampel.kota import generate_sample
from kkb_analysis.sampel.kotor import NIK_KOTOR, describe_dirty_rows
from kkb_analysis.sampel.layout import KOLOM

__all__ = ["KOLOM", "NIK_KOTOR", "SAMPLE_MARKER", "describe_dirty_rows", "generate_sample"]
