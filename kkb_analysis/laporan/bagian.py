"""Sections of the per-KKB evaluation report, one call per cell of notebooks/laporan_kkb.ipynb.

The notebook imports only this module: :func:`muat` loads the data once, then one function per
section displays it and returns a :class:`Bagian` (texts, key figures, formatted tables, charts)
for tests and other renderers. The sections live in :mod:`kkb_analysis.laporan.bagian_profil`
(the KKB and its population) and :mod:`kkb_analysis.laporan.bagian_evaluasi` (institutions,
convergence, data quality, recommendations, methodology); the shared base is
:mod:`kkb_analysis.laporan.dasar`.
"""

from __future__ import annotations

from kkb_analysis.laporan.bagian_evaluasi import (
    kelembagaan_dan_proses,
    klasifikasi,
    konvergensi_opd,
    kualitas_data,
    lampiran_metodologi,
    rekomendasi,
)
from kkb_analysis.laporan.bagian_profil import (
    ibangga,
    identitas,
    kb_dan_poktan,
    kependudukan,
    kesejahteraan,
    pendidikan_dan_remaja,
    ringkasan_eksekutif,
    sampul,
    stunting_dan_krs,
    umkm_unggulan,
)
from kkb_analysis.laporan.dasar import Bagian, DataLaporan, LaporanError, muat

__all__ = [
    "Bagian",
    "DataLaporan",
    "LaporanError",
    "ibangga",
    "identitas",
    "kb_dan_poktan",
    "kelembagaan_dan_proses",
    "kependudukan",
    "kesejahteraan",
    "klasifikasi",
    "konvergensi_opd",
    "kualitas_data",
    "lampiran_metodologi",
    "muat",
    "pendidikan_dan_remaja",
    "rekomendasi",
    "ringkasan_eksekutif",
    "sampul",
    "stunting_dan_krs",
    "umkm_unggulan",
]
