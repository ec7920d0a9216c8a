"""The glossary of the reports, from the one list ``referensi/glosarium.yaml``.

:data:`GLOSARIUM` maps a term as printed ("PUS", "BKB / BKR / BKL") to its meaning;
:func:`tabel_glosarium` is the appendix table both reports print. :func:`singkatan` splits an
entry into the abbreviations it defines ("BKB / BKR / BKL" → BKB, BKR, BKL) and
:data:`BUKAN_ISTILAH` lists abbreviations that are deliberately not in the glossary.
"""

from __future__ import annotations

import pandas as pd

from kkb_analysis.config import load_reference

__all__ = ["BUKAN_ISTILAH", "GLOSARIUM", "singkatan", "tabel_glosarium"]

_REF = load_reference("glosarium")

GLOSARIUM: dict[str, str] = {
    str(k): str(v) for k, v in sorted(_REF["istilah"].items(), key=lambda kv: str(kv[0]).lower())
}
BUKAN_ISTILAH: frozenset[str] = frozenset(str(t) for t in _REF["bukan_istilah"])


def singkatan(istilah: str) -> list[str]:
    """The abbreviations one entry defines: its parts around " / " ("IAS / IAT / TIAL")."""
    return [b.strip() for b in istilah.split(" / ") if b.strip()]


def tabel_glosarium() -> pd.DataFrame:
    """The glossary table of a report appendix: columns "Istilah" and "Arti"."""
    return pd.DataFrame(list(GLOSARIUM.items()), columns=["Istilah", "Arti"])
