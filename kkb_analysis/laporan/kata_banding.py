"""The Indonesian words of comparison and target codes: the one mapping (issue 11).

The indicator layer decides (:mod:`kkb_analysis.indikator.banding`,
:mod:`kkb_analysis.indikator.target`) and stores codes; reports and the workbook print these
words. Over time a directional indicator "membaik"/"memburuk"; between areas it is "lebih
baik"/"lebih buruk" than the comparator; a neutral indicator "naik"/"turun"/"tetap" over time and
is "lebih tinggi"/"lebih rendah"/"setara" between areas.
"""

from __future__ import annotations

from kkb_analysis.indikator.banding import Kode, Konteks
from kkb_analysis.indikator.target import StatusTarget
from kkb_analysis.nilai import DATA_TIDAK_CUKUP

__all__ = ["KATA_BANDING", "KATA_STATUS_TARGET", "kata_banding", "kata_status_target"]

#: (context, code) → word.
KATA_BANDING: dict[tuple[Konteks, Kode], str] = {
    (Konteks.WAKTU, Kode.LEBIH_BAIK): "membaik",
    (Konteks.WAKTU, Kode.LEBIH_BURUK): "memburuk",
    (Konteks.WAKTU, Kode.SETARA): "setara",
    (Konteks.WAKTU, Kode.NAIK): "naik",
    (Konteks.WAKTU, Kode.TURUN): "turun",
    (Konteks.WAKTU, Kode.TETAP): "tetap",
    (Konteks.WAKTU, Kode.TIDAK_CUKUP): DATA_TIDAK_CUKUP,
    (Konteks.WILAYAH, Kode.LEBIH_BAIK): "lebih baik",
    (Konteks.WILAYAH, Kode.LEBIH_BURUK): "lebih buruk",
    (Konteks.WILAYAH, Kode.SETARA): "setara",
    (Konteks.WILAYAH, Kode.NAIK): "lebih tinggi",
    (Konteks.WILAYAH, Kode.TURUN): "lebih rendah",
    (Konteks.WILAYAH, Kode.TETAP): "setara",
    (Konteks.WILAYAH, Kode.TIDAK_CUKUP): DATA_TIDAK_CUKUP,
}

#: Target status code → words.
KATA_STATUS_TARGET: dict[StatusTarget, str] = {
    StatusTarget.TERCAPAI: "tercapai",
    StatusTarget.BELUM_TERCAPAI: "belum tercapai",
    StatusTarget.TIDAK_SEBANDING: "tidak sebanding",
    StatusTarget.TIDAK_CUKUP: DATA_TIDAK_CUKUP,
}


def kata_banding(kode: Kode | str, konteks: Konteks | str) -> str:
    """The word for a comparison code in its context."""
    return KATA_BANDING[(Konteks(konteks), Kode(kode))]


def kata_status_target(status: StatusTarget | str) -> str:
    """The words for a target status code."""
    return KATA_STATUS_TARGET[StatusTarget(status)]
