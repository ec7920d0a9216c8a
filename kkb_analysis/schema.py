"""Declarations of the raw-file layouts (data-contract.md §7): columns, types, requirements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kkb_analysis.config import load_reference

Kind = Literal["str", "text", "code", "int", "float", "bool", "date", "list", "rw", "id"]
Requirement = Literal["ya", "tidak", "kondisi", "skor"]
Personal = Literal["hash", "drop"]

#: the shape of a published identifier (``kkb_id``, ``umkm_id``, …): one token of letters,
#: digits and ``. _ / -``, at most 40 characters (a name with a space never matches)
ID_POLA = r"[A-Za-z0-9][A-Za-z0-9._/\-]{0,39}"


@dataclass(frozen=True)
class Column:
    """One raw column.

    ``required``: ``ya`` (empty → reject), ``tidak`` (optional; invalid → flag and set missing),
    ``kondisi`` (the source module decides), ``skor`` (a portal scoring field: the column must
    exist; an empty cell takes ``default`` and is flagged; an invalid value is rejected).
    ``codes`` names a code list in ``referensi/kode.yaml`` (or ``kelurahan``). ``personal`` marks
    data that never leaves the raw layer: it is dropped after the module derived what it needs.

    Publication (:attr:`published`, the allow-list of :mod:`kkb_analysis.batas`): a typed column
    (code, int, float, date, bool, rw, list) publishes its validated value only; a text column
    (``str``/``text``) publishes nothing unless it declares ``pattern`` (an identifier or code
    shape, checked like a type: a value that does not match is invalid) or
    ``published_free_text`` (free text published as-is by design, e.g. a KKB or UMKM name; a
    value with a NIK-like digit run is still flagged and set to missing). ``maximum`` of an
    integer key column is a realistic bound, so that a NIK typed there is out of range.
    """

    name: str
    kind: Kind = "str"
    required: Requirement = "tidak"
    codes: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    personal: Personal | None = None
    default: object = None
    aliases: tuple[str, ...] = ()
    presence_optional: bool = False  # the header may be absent even if values are required
    invalid_code: str | None = None  # reason code for an unknown code (default KODE_TIDAK_DIKENAL)
    published_free_text: bool = False  # free text published as-is by design (a KKB name)
    pattern: str | None = None  # identifier shape of a published str column (full match)

    @property
    def published(self) -> bool:
        """Whether the column's validated value may leave the raw layer."""
        if self.personal:
            return False
        if self.kind in ("str", "text", "id"):
            return self.published_free_text or self.pattern is not None
        return True

    @property
    def must_be_present(self) -> bool:
        return self.required in ("ya", "skor", "kondisi") and not self.presence_optional


def judul_berkas(base: str) -> str:
    """The human label of raw file ``base`` ("Pendataan Keluarga: keluarga" for
    ``pk_keluarga``), from the one table ``referensi/label_berkas.yaml``; ``base`` itself for a
    name that is not one of the raw files."""
    return str(load_reference("label_berkas")["mentah"].get(base, base))


@dataclass(frozen=True)
class FileSpec:
    """The layout of one raw file (its label: :func:`judul_berkas`)."""

    base: str
    columns: tuple[Column, ...]
    key_out: tuple[str, ...] = ()  # pseudonymised key columns written to the issue log
    delimiter: str = ","
    decimal_comma: bool = False
    date_formats: tuple[str, ...] = ("%Y-%m-%d",)
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The file's human label (:func:`judul_berkas`)."""
        return judul_berkas(self.base)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]
