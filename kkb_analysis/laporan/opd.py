"""The agencies the reports name, from the one list ``referensi/opd.yaml`` (short and full names).

:data:`SINGKAT` / :data:`LENGKAP` map a key (``"dputr"``) to the short ("DPUTR") and full name;
:data:`AREA_INPRES` is the typical OPD text per Inpres 3/2022 programme area a–h and
:data:`PENGOLAH` the agency that processes the data ("DP3AP2KB Kota Cilegon").
"""

from __future__ import annotations

from kkb_analysis.config import load_reference

__all__ = ["AREA_INPRES", "LENGKAP", "PENGOLAH", "SINGKAT", "nama_opd"]

_REF = load_reference("opd")
SINGKAT: dict[str, str] = {k: v["singkat"] for k, v in _REF["opd"].items()}
LENGKAP: dict[str, str] = {k: v["lengkap"] for k, v in _REF["opd"].items()}


def nama_opd(templat: str) -> str:
    """``templat`` with every ``{key}`` replaced by the short name (unknown key → ``KeyError``)."""
    return templat.format_map(SINGKAT)


AREA_INPRES: dict[str, str] = {k: nama_opd(v) for k, v in _REF["area_inpres"].items()}
PENGOLAH: str = nama_opd(_REF["pengolah"])
