"""The agencies the reports name, from the one list ``referensi/opd.yaml`` (short and full names).

:data:`SINGKAT` / :data:`LENGKAP` map a key (``"dputr"``) to the short ("DPUTR") and full name;
:data:`AREA_INPRES` is the typical OPD text per Inpres 3/2022 programme area a–h and
:data:`PENGOLAH` the agency that processes the data ("DP3AP2KB Kota Cilegon").
"""

from __future__ import annotations

from kkb_analysis.config import load_reference

__all__ = ["AREA_INPRES", "INSTANSI", "LENGKAP", "PENGOLAH", "SINGKAT", "nama_instansi", "nama_opd"]

_REF = load_reference("opd")
SINGKAT: dict[str, str] = {k: v["singkat"] for k, v in _REF["opd"].items()}
LENGKAP: dict[str, str] = {k: v["lengkap"] for k, v in _REF["opd"].items()}


def nama_opd(templat: str) -> str:
    """``templat`` with every ``{key}`` replaced by the short name (unknown key → ``KeyError``)."""
    return templat.format_map(SINGKAT)


AREA_INPRES: dict[str, str] = {k: nama_opd(v) for k, v in _REF["area_inpres"].items()}
PENGOLAH: str = nama_opd(_REF["pengolah"])


def _instansi() -> dict[str, str]:
    """Portal instansi name (``kode.yaml``) → canonical full name with the short name."""
    kode = load_reference("kode")["instansi"]["kode"]
    return {
        str(kode[str(k)]): f"{LENGKAP[v]} ({SINGKAT[v]})"
        if LENGKAP[v] != SINGKAT[v]
        else LENGKAP[v]
        for k, v in (_REF.get("instansi") or {}).items()
    }


#: The one mapping of the portal's instansi names to the canonical agency names.
INSTANSI: dict[str, str] = _instansi()


def nama_instansi(nama: str) -> str:
    """The canonical name of a portal instansi name (the portal's public works agency → "Dinas
    Pekerjaan Umum dan Tata Ruang (DPUTR)"); other names unchanged. A list joined by "; " is
    mapped item by item."""
    return "; ".join(INSTANSI.get(n.strip(), n.strip()) for n in str(nama).split(";"))
