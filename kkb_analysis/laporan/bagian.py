"""Sections of the per-KKB documents, one call per cell of notebooks/laporan_kkb.ipynb (the
short report) and notebooks/lampiran_kkb.ipynb (its technical appendix).

The notebooks import only this module: :func:`muat` loads the data once, then one function per
section displays it and returns a :class:`Bagian` (texts, key figures, formatted tables, charts)
for tests and other renderers. The front matter and executive summary live in
:mod:`kkb_analysis.laporan.bagian_ringkas`, the thematic sections in
:mod:`kkb_analysis.laporan.bagian_profil` (the KKB and its population) and
:mod:`kkb_analysis.laporan.bagian_evaluasi` (institutions, convergence, recommendations), the
appendix sections in :mod:`kkb_analysis.laporan.bagian_lampiran`; the shared base is
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
from kkb_analysis.laporan.bagian_lampiran import (
    glosarium,
    intervensi_lengkap,
    kelembagaan_rinci,
    metode,
    pengaturan_berlaku,
    perubahan_dan_target,
    sampul_lampiran,
    sumber_rujukan,
    tabel_per_rw,
    tabel_rinci,
)
from kkb_analysis.laporan.bagian_profil import (
    ibangga,
    identitas,
    kb_dan_poktan,
    kependudukan,
    kesejahteraan,
    pendidikan_dan_remaja,
    stunting_dan_krs,
    umkm_unggulan,
)
from kkb_analysis.laporan.bagian_ringkas import (
    daftar_isi,
    kata_pengantar,
    ringkasan_eksekutif,
    sampul,
)
from kkb_analysis.laporan.dasar import Bagian, DataLaporan, LaporanError, muat

__all__ = [
    "Bagian",
    "DataLaporan",
    "LaporanError",
    "daftar_isi",
    "glosarium",
    "ibangga",
    "identitas",
    "intervensi_lengkap",
    "kata_pengantar",
    "kb_dan_poktan",
    "kelembagaan_dan_proses",
    "kelembagaan_rinci",
    "kependudukan",
    "kesejahteraan",
    "klasifikasi",
    "konvergensi_opd",
    "kualitas_data",
    "lampiran_metodologi",
    "metode",
    "muat",
    "pendidikan_dan_remaja",
    "pengaturan_berlaku",
    "perubahan_dan_target",
    "rekomendasi",
    "ringkasan_eksekutif",
    "sampul",
    "sampul_lampiran",
    "stunting_dan_krs",
    "sumber_rujukan",
    "tabel_per_rw",
    "tabel_rinci",
    "umkm_unggulan",
]
