"""The row-validation engine shared by every source module.

A source module declares its layout (:class:`~kkb_analysis.schema.FileSpec`), then uses a
:class:`Validator` to parse the text columns into typed values and to record issues with the
contract's reason codes (data-contract.md §3.3):

- ``reject`` (tingkat ``tolak``): the row goes to the quarantine file with all its reasons;
- ``flag`` (tingkat ``tandai``): the row is kept, optionally with the value set to missing.

:meth:`Validator.finish` splits kept and quarantined rows, drops personal columns and checks that
nothing was lost (rows read = rows kept + rows quarantined).
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from kkb_analysis.batas import DISEMBUNYIKAN, judul_aman, kutip_seri, mirip_nik_seri
from kkb_analysis.config import Salt, load_reference
from kkb_analysis.errors import FileProblem
from kkb_analysis.frames import bmask, per_unique, positions, row_codes
from kkb_analysis.nama import jelaskan_karakter, seri_tampil
from kkb_analysis.nilai import angka
from kkb_analysis.pseudonim import (
    HashedKey,
    check_nik,
    hash_key,
    hash_values,
    looks_like_excel_number,
)
from kkb_analysis.readers import RawTable
from kkb_analysis.schema import Column, FileSpec

logger = logging.getLogger(__name__)

ISSUE_COLUMNS = ["file", "baris_sumber", "kolom", "kode_alasan", "tingkat", "pesan", "kunci"]
REJECT, FLAG = "tolak", "tandai"
_INT = re.compile(r"^[+-]?\d+(?:[.,]0+)?$")
_INT_DECORATION = r"^\+|[.,]0+$"  # what _INT allows around the digits of an integer
_INT_EXACT = r"-?[0-9]{1,15}"  # parsed exactly both as int64 and through float64
_TRUE = {"ya", "1", "true"}  # data-contract.md A.1, case-insensitive
_FALSE = {"tidak", "0", "false"}
#: reader marker column → the reason of a row whose fields are shifted (data.md §3.2)
_STRUCTURE = {
    "__cr__": "sel berisi karakter CR (baris baru) tersendiri, sehingga baris terbelah dan "
    "kolomnya bergeser; hapus baris baru di dalam sel lalu ekspor ulang",
    "__kolom_lebih__": "baris berisi lebih banyak kolom daripada judul (pemisah atau tanda "
    "kutip salah)",
    "__terpotong__": "baris terakhir terpotong: kolomnya kurang dan berkas tidak diakhiri baris "
    "baru (unduhan/ekspor terputus); ekspor ulang berkas yang lengkap",
    "__kolom_kurang__": "baris berisi lebih sedikit kolom daripada judul (ada sel yang hilang "
    "atau baris terbelah), sehingga nilainya bergeser; periksa baris ini lalu ekspor ulang",
}
_KIND_LABEL = {
    "int": "bilangan bulat",
    "float": "angka",
    "date": "tanggal",
    "bool": "ya/tidak",
    "rw": "nomor RW/RT",
}


@dataclass
class LoadContext:
    """What a source module may use besides its own file: year, secret, settings, parents."""

    year: int
    salt: Salt
    settings: dict[str, Any]
    results: dict[str, LoadResult] = field(default_factory=dict)
    #: family-key text (``digits(no_kk)#no_urut_keluarga``) → its keyed hash, filled by the
    #: loaders that hash family keys (:meth:`Validator.hash_family`) so that a family is hashed
    #: once per load; kept in memory only, like the raw files themselves
    family_hashes: dict[str, str] = field(default_factory=dict, repr=False)

    def table(self, base: str) -> pd.DataFrame | None:
        """The kept rows of an already loaded parent file, or ``None`` if it is absent."""
        result = self.results.get(base)
        return None if result is None else result.table

    def parent_table(self, base: str, *, keep_empty: bool = False) -> pd.DataFrame | None:
        """Kept rows of a parent file, or ``None`` when the file was not supplied (or is not
        loaded yet) — and also when it kept no row, unless ``keep_empty``.

        With ``keep_empty`` a supplied parent whose rows were all rejected is an empty table, so
        that its children are rejected as "not found in the parent" rather than "parent absent".
        """
        result = self.results.get(base)
        if result is None or result.fmt == "tidak ada":
            return None
        if result.table.empty and not keep_empty:
            return None
        return result.table

    @property
    def year_start(self) -> pd.Timestamp:
        return pd.Timestamp(date(self.year, 1, 1))

    @property
    def year_end(self) -> pd.Timestamp:
        return pd.Timestamp(date(self.year, 12, 31))


@dataclass
class LoadResult:
    """The outcome of loading one raw file."""

    base: str
    fmt: str
    table: pd.DataFrame
    quarantine: pd.DataFrame
    issues: pd.DataFrame
    rows_read: int
    unknown_columns: list[str] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    key_columns: tuple[str, ...] = ()

    @property
    def rows_kept(self) -> int:
        return len(self.table)

    @property
    def rows_rejected(self) -> int:
        return len(self.quarantine)

    @property
    def rows_flagged(self) -> int:
        if self.issues.empty:
            return 0
        flagged = self.issues.loc[self.issues["tingkat"].eq(FLAG), "baris_sumber"]
        return int(flagged[flagged.isin(self.table["baris_sumber"])].nunique())

    def summary(self) -> dict[str, Any]:
        """One row of ``ringkasan_muat.csv``."""
        return {
            "file": self.base,
            "format": self.fmt,
            "baris_dibaca": self.rows_read,
            "baris_dimuat": self.rows_kept,
            "baris_ditolak": self.rows_rejected,
            "baris_ditandai": self.rows_flagged,
            "kolom_tidak_dikenal": ";".join(self.unknown_columns),
        }

    def add_flags(
        self, mask: Any, column: str, code: str, message: Any, key: tuple[str, ...] = ()
    ) -> None:
        """Flag kept rows after loading (cross-file checks, data-contract.md §8).

        ``mask`` is aligned with :attr:`table` (boolean Series or array); ``message`` a string or a
        Series aligned with the table. Kept rows stay kept: cross-file checks only flag.
        """
        mask = (
            mask.fillna(False).to_numpy(bool)
            if isinstance(mask, pd.Series)
            else np.asarray(mask, dtype=bool)
        )
        if not mask.any():
            return
        rows = self.table.loc[mask]
        msgs = message[mask].to_numpy() if isinstance(message, pd.Series) else message
        extra = pd.DataFrame(
            {
                "file": self.base,
                "baris_sumber": rows["baris_sumber"].to_numpy(),
                "kolom": column,
                "kode_alasan": code,
                "tingkat": FLAG,
                "pesan": msgs,
                "kunci": join_key(
                    rows, [c for c in (key or self.key_columns) if c in rows.columns], rows.index
                ).to_numpy(),
            }
        )
        self.issues = pd.concat([self.issues, extra], ignore_index=True)

    @classmethod
    def absent(cls, base: str, columns: list[str]) -> LoadResult:
        """The result for a file that was not supplied (not an error, data-contract.md §1)."""
        empty_issues = pd.DataFrame(columns=ISSUE_COLUMNS)
        return cls(
            base,
            "tidak ada",
            pd.DataFrame(columns=["baris_sumber", *columns]),
            pd.DataFrame(columns=["baris_sumber", "kode_alasan", "alasan"]),
            empty_issues,
            0,
        )


def code_lookup(codes: str) -> dict[str, str]:
    """Lower-case code, label and alias → canonical code, for a code list of ``kode.yaml``."""
    if codes == "kelurahan":
        return {k["kode"].lower(): k["kode"] for k in load_reference("wilayah")["kelurahan"]}
    entry = load_reference("kode")[codes]
    lookup: dict[str, str] = {}
    for code, label in entry["kode"].items():
        lookup[str(label).strip().lower()] = str(code)
    for alias, code in (entry.get("alias") or {}).items():
        lookup[str(alias).strip().lower()] = str(code)
    for code in entry["kode"]:
        lookup[str(code).strip().lower()] = str(code)
    return lookup


def check_headers(raw: RawTable, spec: FileSpec) -> tuple[list[FileProblem], list[str]]:
    """Rename header aliases in place; return missing-column problems and unknown columns."""
    rename = {}
    for col in spec.columns:
        for alias in col.aliases:
            if alias.lower() in raw.frame.columns and col.name.lower() not in raw.frame.columns:
                rename[alias.lower()] = col.name.lower()
    if rename:
        raw.frame = raw.frame.rename(columns=rename)
        raw.numeric_cells = {rename.get(k, k): v for k, v in raw.numeric_cells.items()}
        raw.merged_cells = {rename.get(k, k): v for k, v in raw.merged_cells.items()}
    present = set(raw.frame.columns)
    known = {c.name.lower() for c in spec.columns}
    problems = []
    missing = [c.name for c in spec.columns if c.must_be_present and c.name.lower() not in present]
    position = {h: i for i, h in reversed(list(enumerate(raw.headers, start=1)))}

    def shown(header: str) -> str:
        """The header verbatim when it is vocabulary, else by position (:func:`judul_aman`)."""
        safe = judul_aman(header, position.get(header, 0))
        return f"'{safe}'" if safe == header.strip() else safe

    if missing:
        hints = []
        for name in missing:
            close = difflib.get_close_matches(name.lower(), sorted(present - known), n=1)
            if close:
                beda = jelaskan_karakter(close[0])  # names that look identical: say why
                beda = f" (judul itu {beda})" if beda else ""
                hints.append(f"{shown(close[0])} mungkin maksudnya '{name}'{beda}")
        hint = (" Perkiraan: " + "; ".join(hints) + ".") if hints else ""
        if raw.header_merges:  # a merged header cell leaves the columns it covers unnamed
            shown = ", ".join(raw.header_merges[:5]) + (", …" if len(raw.header_merges) > 5 else "")
            hint += (
                f" Baris 1 berisi sel gabungan (merge) {shown}: hanya kolom pertama gabungan yang "
                "punya judul. Pisahkan gabungan (Unmerge Cells) dan beri setiap kolom judulnya "
                "sendiri."
            )
        if not present & known:  # no layout header at all: usually a title row above it
            hint += (
                " Tidak satu pun judul kolom dikenali: judul kolom harus berada di baris 1. Hapus "
                "baris judul/keterangan atau sel gabungan (merge) di atasnya, lalu simpan ulang."
            )
        problems.append(
            FileProblem(
                raw.file,
                "KOLOM_WAJIB_HILANG",
                "kolom wajib tidak ada: "
                + ", ".join(f"'{m}'" for m in missing)
                + f". Tambahkan kolom tersebut dengan judul persis seperti di docs/data.md "
                f"(berkas {spec.base}).{hint}",
                column=missing[0],
            )
        )
    unknown = [
        judul_aman(h, i)
        for i, h in enumerate(raw.headers, start=1)
        if h and h not in known and h not in rename
    ]
    return problems, unknown


def _display(value: object) -> object:
    """Booleans as the contract writes them (ya/tidak) in messages."""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return value


def _range_text(col: Column) -> str:
    def fmt(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else str(x)

    if col.maximum is None:
        return f"≥ {fmt(col.minimum)}"
    if col.minimum is None:
        return f"≤ {fmt(col.maximum)}"
    return f"{fmt(col.minimum)}–{fmt(col.maximum)}"


def join_key(frame: pd.DataFrame, columns: list[str], index: pd.Index) -> pd.Series:
    """``a|b`` text key from columns (vectorised; missing parts become empty)."""
    if not columns:
        return pd.Series("", index=index, dtype="string")
    out = frame[columns[0]].astype("string").fillna("")
    for col in columns[1:]:
        out = out + "|" + frame[col].astype("string").fillna("")
    return out


_MERGED_HINT = (
    " (sel ini bagian dari sel gabungan/merge di XLSX, jadi nilainya hanya ada di baris pertama "
    "gabungan; pisahkan gabungan (Unmerge Cells) lalu isi nilai di setiap baris)"
)

Message = str | pd.Series | Callable[[np.ndarray], "str | pd.Series"]


def _message(message: Message, mask: np.ndarray) -> str | pd.Series:
    """A lazily built message (callable of the row mask) evaluated; others unchanged."""
    return message(mask) if callable(message) else message


def _parse_int(text: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Integers (``Int64``) of the text cells that are whole numbers, and that mask.

    A whole number may carry a sign and a zero fraction (``+3``, ``4,0``, ``5.00``). Each
    distinct text is parsed once; numbers of up to 15 digits directly. A column with a longer
    (or non-ASCII) number goes through the float route of ``pd.to_numeric`` as a whole, so every
    value is the same as that route gives.
    """
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    distinct = pd.Series(uniques, dtype=text.dtype)
    ok_distinct = bmask(distinct.str.match(_INT))
    ok = np.append(ok_distinct, False)[codes]  # code -1 (missing) reads the appended False
    plain = distinct.where(ok_distinct).str.replace(_INT_DECORATION, "", regex=True)
    if plain.str.fullmatch(_INT_EXACT).fillna(True).all():
        values = plain.astype("Int64").array.take(codes, allow_fill=True)
        return pd.Series(values, index=text.index), ok
    values = pd.to_numeric(text.where(ok).str.replace(",", "."), errors="coerce")
    return values.round().astype("Int64"), ok


def _parse_bool(text: pd.Series) -> pd.Series:
    """``ya``/``tidak`` (and the accepted synonyms) → boolean; anything else → <NA>."""
    low = text.str.lower()
    values = pd.Series(pd.NA, index=text.index, dtype="boolean")
    values[low.isin(_TRUE).fillna(False).astype(bool)] = True
    values[low.isin(_FALSE).fillna(False).astype(bool)] = False
    return values


class Validator:
    """Parses one raw table against its spec and collects issues; see the module docstring."""

    def __init__(self, raw: RawTable, spec: FileSpec, ctx: LoadContext):
        self.raw = raw
        self.spec = spec
        self.ctx = ctx
        self.index = raw.frame.index
        self.problems: list[FileProblem] = []
        self._issues: list[tuple[np.ndarray, str, str, str, Any]] = []
        threshold = ctx.settings["validasi"]["ambang_kolom_rusak"]
        self.text = pd.DataFrame(index=self.index)
        self.data = pd.DataFrame(index=self.index)
        #: rows whose fields do not line up with the header (shifted): quarantined with the
        #: structural reason only, every cell hidden (see :meth:`finish`)
        self.broken = np.zeros(len(self.index), dtype=bool)
        self._n_structural = 0
        for marker, message in _STRUCTURE.items():
            found = raw.frame.get(marker)
            if found is not None and found.any():
                mask = found.to_numpy(bool) & ~self.broken
                self.reject(mask, None, "TIPE_TIDAK_VALID", message)
                self.broken |= mask
        self._n_structural = len(self._issues)
        #: per column, the cells whose text passed the engine's type, range and shape check:
        #: only those may be shown in a quarantine file (a module may fill a value later)
        self.passed: dict[str, np.ndarray] = {}
        for col in spec.columns:
            name = col.name.lower()
            if name in raw.frame.columns:
                text = raw.frame[name].str.strip().replace("", pd.NA)
            else:
                text = pd.Series(pd.NA, index=self.index, dtype="string")
            self.text[col.name] = text
            self.data[col.name] = self._parse(col, text, threshold)

    # ------------------------------------------------------------------ issue recording
    def _mask(self, where: Any) -> np.ndarray:
        if isinstance(where, pd.Series):
            return where.reindex(self.index).fillna(False).to_numpy(bool)
        return np.asarray(where, dtype=bool)

    def reject(self, where: Any, column: str | None, code: str, message: Message) -> None:
        """Record a ``tolak`` issue for the rows in ``where`` (mask).

        ``message``: a str, a Series (per row), or a callable that takes the row mask and
        returns either; a callable is only called when some row is rejected, so per-row text is
        built for those rows only.
        """
        mask = self._mask(where)
        if mask.any():
            self._issues.append((mask, column or "", code, REJECT, _message(message, mask)))

    def flag(
        self,
        where: Any,
        column: str | None,
        code: str,
        message: Message,
        set_missing: bool = False,
        mark: str | None = None,
    ) -> None:
        """Record a ``tandai`` issue; ``message`` as in :meth:`reject`.

        With ``set_missing`` the value becomes missing; ``mark`` names a boolean column of
        :attr:`data` that becomes True on the flagged rows.
        """
        mask = self._mask(where)
        if not mask.any():
            return
        self._issues.append((mask, column or "", code, FLAG, _message(message, mask)))
        if set_missing and column:
            self.data.loc[mask, column] = pd.NA
        if mark:
            self.data[mark] = self.data[mark].to_numpy(bool) | mask

    @property
    def rejected(self) -> np.ndarray:
        """Rows already rejected by an earlier check."""
        out = np.zeros(len(self.index), dtype=bool)
        for mask, _, _, severity, _ in self._issues:
            if severity == REJECT:
                out |= mask
        return out

    # ------------------------------------------------------------------ parsing
    def _value_message(self, col: Column, text: pd.Series, what: str) -> Message:
        if col.personal:
            return f"nilai pada kolom {col.name} {what}"
        return lambda mask: "nilai " + kutip_seri(text[mask]) + f" pada kolom {col.name} {what}"

    def _parse(self, col: Column, text: pd.Series, threshold: float) -> pd.Series:
        kind = col.kind
        present = text.notna()
        if kind in ("str", "text", "id"):
            values = seri_tampil(text) if kind == "text" else text  # no bidi/invisible chars
            invalid = pd.Series(False, index=self.index)
            if col.pattern is not None:
                matches = text.str.fullmatch(col.pattern).fillna(False).astype(bool)
                values = text.where(matches)
                invalid = present & ~matches
            if kind == "id":
                excel = looks_like_excel_number(text.fillna(""))
                if self.raw.numeric_cells.get(col.name.lower()):
                    excel = excel | self.excel_cells(col.name)
                self._check_broken_column(col, excel & present, present, threshold, excel=True)
        elif kind == "int":
            values, ok = _parse_int(text)
            invalid = present & ~ok
        elif kind == "float":
            t = text.str.replace(",", ".", regex=False) if self.spec.decimal_comma else text
            values = per_unique(t, lambda u: pd.to_numeric(u, errors="coerce").astype("Float64"))
            invalid = present & values.isna()
        elif kind == "bool":
            values = per_unique(text, _parse_bool)
            invalid = present & values.isna()
        elif kind == "date":
            values = self.parse_dates(text)
            invalid = present & values.isna()
        elif kind == "rw":
            ok = text.str.fullmatch(r"\d{1,3}").fillna(False).astype(bool)
            values = text.where(ok).str.zfill(3)
            invalid = present & ~ok
        elif kind in ("code", "list"):
            lookup = code_lookup(col.codes) if col.codes else {}
            if kind == "code":
                values = per_unique(text, lambda u: u.str.lower().map(lookup).astype("string"))
                invalid = present & values.isna()
            else:
                values, invalid = self._parse_list(text, lookup)
        else:  # pragma: no cover - guarded by the Kind literal
            raise ValueError(kind)
        invalid = invalid.fillna(False).astype(bool)
        if col.published and kind != "id":
            # a NIK / No. KK typed (or shifted) into a published column is never its value:
            # free text is flagged and emptied (the row stays), any other value is invalid
            nik_like = present & mirip_nik_seri(text)
            if col.published_free_text:  # a lone quote: a broken record, its text may be shifted
                nik_like = nik_like | (present & text.str.count('"').mod(2).eq(1).fillna(False))
            if nik_like.any():
                values = values.mask(nik_like)
                if col.published_free_text:
                    self.flag(
                        nik_like,
                        col.name,
                        "TIPE_TIDAK_VALID",
                        lambda m, text=text, name=col.name: (
                            "nilai "
                            + kutip_seri(text[m])
                            + f" pada kolom {name} dikosongkan: teks bebas tidak boleh memuat "
                            'NIK/No. KK atau tanda kutip (") yang tidak berpasangan'
                        ),
                    )
                else:
                    invalid = invalid | nik_like
        if kind in ("int", "float", "date", "bool"):
            self._check_broken_column(col, invalid, present, threshold)
        self._apply_requirement(col, text, values, invalid)
        self.passed[col.name] = (present & ~invalid & values.notna()).to_numpy(bool)
        if kind in ("int", "float") and (col.minimum is not None or col.maximum is not None):
            lo = -np.inf if col.minimum is None else col.minimum
            hi = np.inf if col.maximum is None else col.maximum
            out = values.notna() & ~values.between(lo, hi).fillna(True)
            msg = self._value_message(col, text, f"di luar rentang {_range_text(col)}")
            if col.required in ("ya", "skor"):
                self.reject(out, col.name, "DI_LUAR_RENTANG", msg)
            elif col.required == "tidak":
                self.flag(out, col.name, "DI_LUAR_RENTANG", msg)
            if col.required != "kondisi":  # a 'kondisi' column's module applies its own rule
                values = values.mask(out)  # never published, nor an id or key built from it
            self.passed[col.name] = self.passed[col.name] & ~out.to_numpy(bool)
        return values

    def _parse_list(self, text: pd.Series, lookup: dict[str, str]) -> tuple[pd.Series, pd.Series]:
        """Parse each distinct cell once; items are validated against ``lookup`` when given."""
        parsed: dict[str, str | None] = {}
        bad: set[str] = set()
        for cell in text.dropna().unique():
            items = [i.strip() for i in str(cell).split(";") if i.strip()]
            if lookup:
                mapped = [lookup.get(i.lower()) for i in items]
                if any(m is None for m in mapped):
                    bad.add(cell)
                    parsed[cell] = None
                    continue
                items = list(dict.fromkeys(mapped))
            parsed[cell] = ";".join(items) if items else None
        values = text.map(parsed).astype("string")
        invalid = text.isin(list(bad)) if bad else pd.Series(False, index=self.index)
        return values, invalid.fillna(False).astype(bool)

    def parse_dates(self, text: pd.Series) -> pd.Series:
        """Parse text dates with the file's accepted formats; unparseable → NaT.

        Each distinct text is parsed once (a file repeats a few thousand dates).
        """
        codes, uniques = pd.factorize(text, use_na_sentinel=True)
        distinct = pd.Series(uniques, dtype=text.dtype)
        parsed = pd.Series(pd.NaT, index=distinct.index, dtype="datetime64[ns]")
        for fmt in self.spec.date_formats:
            todo = parsed.isna() & distinct.notna()
            if not todo.any():
                break
            found = pd.to_datetime(distinct[todo], format=fmt, errors="coerce")
            # pandas gives a date outside the datetime64[ns] range (before 1677-09-22 or after
            # 2262-04-11, e.g. the typo 2948) in a coarser unit; such a date is unusable here
            found = found.where(found.between(pd.Timestamp.min, pd.Timestamp.max))
            parsed[todo] = found.astype("datetime64[ns]")
        values = np.append(parsed.to_numpy(), np.datetime64("NaT", "ns"))[codes]
        return pd.Series(values, index=text.index, dtype="datetime64[ns]")

    def _check_broken_column(
        self,
        col: Column,
        invalid: pd.Series,
        present: pd.Series,
        threshold: float,
        excel: bool = False,
    ) -> None:
        n_present = int(present.sum())
        n_bad = int(invalid.sum())
        minimum = self.ctx.settings["validasi"].get("min_nilai_kolom_rusak", 3)
        if n_present < minimum or n_bad / n_present < threshold:
            return
        if excel:
            message = (
                f"{n_bad} dari {n_present} nilai tampak sudah diubah Excel menjadi angka "
                "(mis. 3.67205E+15), sehingga digit terakhir hilang. Ekspor ulang dari sumbernya "
                "dan format kolom ini sebagai Teks sebelum menyimpan."
            )
        else:
            message = (
                f"{n_bad} dari {n_present} nilai bukan {_KIND_LABEL.get(col.kind, col.kind)} "
                f"yang sah{self._format_hint(col)}; kolom ini tampaknya tertukar atau berformat "
                "salah. Periksa urutan dan isi kolom (lihat docs/data.md) lalu ekspor ulang."
            )
        self.problems.append(FileProblem(self.raw.file, "FILE_TIDAK_TERBACA", message, col.name))

    def _format_hint(self, col: Column) -> str:
        """`` (format YYYY-MM-DD)`` for a date column: the accepted formats, for messages."""
        if col.kind != "date":
            return ""
        names = [
            f.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD")
            for f in self.spec.date_formats
        ]
        return f" (format {' atau '.join(names)})"

    def _apply_requirement(
        self, col: Column, text: pd.Series, values: pd.Series, invalid: pd.Series
    ) -> None:
        empty = text.isna()
        invalid_code = col.invalid_code or (
            "KODE_TIDAK_DIKENAL" if col.kind in ("code", "list") else "TIPE_TIDAK_VALID"
        )
        what = (
            "tidak dikenal"
            if col.kind in ("code", "list")
            else (f"bukan {_KIND_LABEL.get(col.kind, 'nilai yang sah')}{self._format_hint(col)}")
        )
        message = self._value_message(col, text, what)
        if col.required == "ya":
            self.reject(empty, col.name, "NILAI_WAJIB_KOSONG", f"kolom wajib {col.name} kosong")
            self.reject(invalid, col.name, invalid_code, message)
        elif col.required == "skor":
            self.reject(invalid, col.name, invalid_code, message)
            if empty.any():
                values[empty] = col.default
                self.flag(
                    empty,
                    col.name,
                    "NILAI_WAJIB_KOSONG",
                    f"kolom skor {col.name} kosong; dihitung sebagai '{_display(col.default)}' "
                    "(seperti portal)",
                )
        elif col.required == "tidak" and invalid.any():
            self.flag(invalid, col.name, invalid_code, message)
            values[invalid] = pd.NA
        # 'kondisi': the source module applies its own rule on self.data / self.text.

    # ------------------------------------------------------------------ common checks
    def hash(self, values: pd.Series) -> pd.Series:
        """Keyed hash of normalised identifier text (see :mod:`kkb_analysis.pseudonim`)."""
        return hash_values(values, self.ctx.salt.value)

    def hash_family(self, key_text: pd.Series) -> HashedKey:
        """Keyed hash of family-key text (``id_keluarga``, data-contract.md §4.2), through the
        load's :attr:`LoadContext.family_hashes`."""
        return hash_key(key_text, self.ctx.salt.value, memo=self.ctx.family_hashes)

    def merged_empty(self, column: str) -> np.ndarray:
        """Rows whose XLSX cell in ``column`` is empty because it lies inside a merged range.

        Only the top-left cell of a merged range holds the value; the reader lists, per column,
        the row intervals of the other cells (:attr:`RawTable.merged_cells`).
        """
        intervals = self.raw.merged_cells.get(column.lower())
        if not intervals or column not in self.text.columns or not len(self.index):
            return np.zeros(len(self.index), dtype=bool)
        rows = self.index.to_numpy()
        top = int(rows.max()) + 1
        bounds = np.array(intervals, dtype=np.int64).clip(0, top)
        change = np.zeros(top + 2, dtype=np.int64)  # +1 where an interval starts, -1 after it
        np.add.at(change, bounds[:, 0], 1)
        np.add.at(change, bounds[:, 1] + 1, -1)
        out = np.cumsum(change)[rows] > 0
        return out & self.text[column].isna().to_numpy(bool)

    def excel_cells(self, column: str) -> pd.Series:
        """Rows whose XLSX cell in ``column`` was numeric (Excel may have rounded the value)."""
        numeric = self.raw.numeric_cells.get(column.lower(), set())
        return pd.Series(self.index.isin(list(numeric)), index=self.index)

    def pseudonymise_nik(self, column: str) -> tuple[pd.DataFrame, np.ndarray, HashedKey]:
        """The NIK rule of data-contract.md §4.3 for the NIK text in ``column``.

        Classifies every NIK (:func:`~kkb_analysis.pseudonim.check_nik`; a numeric XLSX cell
        counts as mangled by Excel) and hashes the valid ones only. Sets ``nik_status`` and
        ``nik_hash`` in :attr:`data`; returns the check frame, the mask of valid NIKs and the
        hashed key (its codes serve joins and counts). Flags are the loader's: their messages
        differ per file.
        """
        checked = check_nik(self.text[column], excel_numeric=self.excel_cells(column))
        valid = checked["nik_status"].eq("valid").fillna(False).to_numpy(bool)
        hashed = hash_key(checked["nik_norm"].where(valid), self.ctx.salt.value)
        self.data["nik_status"] = checked["nik_status"]
        self.data["nik_hash"] = hashed.hashes
        return checked, valid, hashed

    def reject_duplicates(
        self, columns: list[str], label: str | None = None, codes: np.ndarray | None = None
    ) -> None:
        """Reject later rows whose key repeats an earlier row that is not rejected.

        The first occurrence in file order among the rows not yet rejected keeps the key; rows
        with a missing key part are never duplicates. ``codes``: the key already factorised
        (one integer per row, -1 = missing key, e.g. ``HashedKey.codes``); by default the key
        columns are factorised here.
        """
        if codes is None:
            codes = row_codes(self.data[columns])
        candidate = ~self.rejected & (codes >= 0)
        dup = np.zeros(len(self.index), dtype=bool)
        dup[candidate] = pd.Series(codes[candidate]).duplicated(keep="first").to_numpy()
        self.reject(
            dup,
            columns[0],
            "DUPLIKAT_KUNCI",
            f"kunci ({label or ', '.join(columns)}) sudah muncul di baris sebelumnya",
        )

    def reject_unknown_parent(
        self, columns: list[str], parent: pd.DataFrame | None, what: str, code: str | None = None
    ) -> None:
        """Reject rows whose key does not exist among the kept rows of a parent table."""
        key = self.data[columns]
        if parent is None:
            found = np.zeros(len(self.index), dtype=bool)
        else:
            found = positions(parent[columns], key) >= 0
        missing = ~found & key.notna().all(axis=1).to_numpy()
        self.reject(
            missing,
            columns[0],
            code or "REFERENSI_TIDAK_ADA",
            f"{what} tidak ada (atau ditolak) di berkas induknya",
        )

    def reject_unknown_kkb(self) -> pd.DataFrame | None:
        """``kkb_id`` must be a kept row of ``kkb`` (REFERENSI_TIDAK_ADA; checks P1/B1/I2/U2).

        When ``kkb`` is absent (or kept no row), nothing can be linked: every row with a
        ``kkb_id`` is rejected with a message saying so. Returns the kept ``kkb`` table (or
        ``None``).
        """
        kkb = self.ctx.parent_table("kkb")
        ids = self.data["kkb_id"]
        if kkb is None:
            self.reject(
                ids.notna(),
                "kkb_id",
                "REFERENSI_TIDAK_ADA",
                "berkas kkb tidak ada atau tidak memuat satu pun KKB yang sah, sehingga kkb_id "
                "tidak dapat ditautkan; lengkapi/perbaiki kkb.csv lalu jalankan ulang",
            )
            return None
        self.reject(
            ids.notna().to_numpy(bool) & ~(positions(kkb["kkb_id"], ids) >= 0),
            "kkb_id",
            "REFERENSI_TIDAK_ADA",
            # ``ids`` passed the published identifier shape (schema.ID_POLA, no NIK-like run)
            lambda m: (
                "kkb_id '" + ids[m].astype("string") + "' tidak ada (atau ditolak) di berkas kkb"
            ),
        )
        return kkb

    def flag_invalid_code(self, column: str) -> None:
        """A ``kondisi`` code column that is not scored: unknown code → flag, value → missing."""
        text = self.text[column]
        self.flag(
            bmask(text.notna() & self.data[column].isna()),
            column,
            "KODE_TIDAK_DIKENAL",
            lambda m: (
                "nilai " + kutip_seri(text[m]) + f" pada kolom {column} tidak dikenal; dikosongkan"
            ),
            set_missing=True,
        )

    def reject_wrong_year(self, column: str = "tahun") -> None:
        wrong = self.data[column].notna() & self.data[column].ne(self.ctx.year)
        text = self.text[column]
        self.reject(
            wrong,
            column,
            "TAHUN_TIDAK_SESUAI",
            lambda m: (
                "nilai tahun " + kutip_seri(text[m]) + f" berbeda dengan folder {self.ctx.year}"
            ),
        )

    # ------------------------------------------------------------------ result
    def _check_mostly_rejected(self, rejected: np.ndarray) -> None:
        """A big file whose rows are mostly rejected is refused as a whole (file-level).

        Such a file is nearly always the wrong file or one whose columns shifted; quarantining
        hundreds of thousands of rows would help nobody and would cost gigabytes of memory for
        the per-row issues (a hostile file can be made of nothing else). Settings
        ``validasi.maks_baris_ditolak_pct`` and ``validasi.min_baris_ditolak_berkas``.
        """
        n, n_rejected = len(self.index), int(rejected.sum())
        settings = self.ctx.settings["validasi"]
        share = float(settings.get("maks_baris_ditolak_pct", 50))
        if n_rejected < int(settings.get("min_baris_ditolak_berkas", 1000)):
            return
        if n_rejected * 100 <= n * share:
            return
        counts: dict[tuple[str, str], int] = {}
        for mask, column, code, severity, _ in self._issues:
            if severity == REJECT:
                counts[(code, column)] = counts.get((code, column), 0) + int(mask.sum())
        code, column = max(counts, key=lambda k: counts[k])
        where = f" pada kolom {column}" if column else ""
        self.problems.append(
            FileProblem(
                self.raw.file,
                "FILE_TIDAK_TERBACA",
                f"{angka(n_rejected)} dari {angka(n)} baris akan ditolak, terbanyak karena "
                f"{code}{where}. Berkas yang hampir seluruh barisnya salah biasanya berkas yang "
                "keliru, kolomnya bergeser, atau formatnya berubah: periksa isi berkas dengan "
                "docs/data.md lalu ekspor ulang. Bila memang demikian, naikkan "
                f"'validasi.maks_baris_ditolak_pct' (sekarang {share:g}) di pengaturan.",
                column or None,
            )
        )

    def finish(self, extra_quarantine_columns: tuple[str, ...] = ()) -> LoadResult:
        """Split kept and quarantined rows, drop personal data and reconcile the counts."""
        n = len(self.index)
        # personal and unpublished columns never leave the raw layer (schema.Column.published)
        personal = [c.name for c in self.spec.columns if not c.published]
        key_cols = [c for c in self.spec.key_out if c in self.data.columns]
        rejected = self.rejected
        self._check_mostly_rejected(rejected)
        if self.problems:
            # the file is refused as a whole (the run stops with these problems and writes
            # nothing), so its per-row issues are never shown: building them would cost minutes
            # and gigabytes for a hostile file whose every row is wrong. The table still holds
            # only the rows that passed, since the loader derives columns from it afterwards.
            table = self.data.drop(columns=personal, errors="ignore").loc[~rejected]
            table.insert(0, "baris_sumber", table.index.to_numpy())
            return LoadResult(
                self.spec.base,
                self.raw.fmt,
                table.reset_index(drop=True),
                pd.DataFrame(columns=["baris_sumber", "kode_alasan", "alasan"]),
                pd.DataFrame(columns=ISSUE_COLUMNS),
                n,
                problems=list(self.problems),
                key_columns=tuple(key_cols),
            )
        # a shifted row keeps its structural reason only: any other message would describe
        # values that belong to other columns
        if self.broken.any():
            self._issues = [
                issue if i < self._n_structural else (issue[0] & ~self.broken, *issue[1:])
                for i, issue in enumerate(self._issues)
            ]
            self._issues = [issue for issue in self._issues if issue[0].any()]
        # the issue-log key, built for the rows that have an issue only
        with_issue = np.zeros(n, dtype=bool)
        for mask, *_ in self._issues:
            with_issue |= mask
        subset = np.flatnonzero(with_issue)
        kunci = join_key(self.data.iloc[subset], key_cols, self.index[subset]).to_numpy()
        kunci[self.broken[subset]] = ""  # a key built from shifted values means nothing
        slot = np.cumsum(with_issue) - 1  # row → its position in ``subset``
        records = []
        source_rows = self.index.to_numpy()
        for mask, column, code, severity, message in self._issues:
            rows = np.flatnonzero(mask)
            if isinstance(message, pd.Series):
                msgs = message.reindex(self.index[rows]).astype("string").to_numpy()
            else:
                msgs = np.full(len(rows), message, dtype=object)
            merged = self.merged_empty(column)[rows] if column else None
            if merged is not None and merged.any():
                msgs = msgs.astype(object)
                msgs[merged] = msgs[merged] + _MERGED_HINT
            records.append(
                pd.DataFrame(
                    {
                        "file": self.spec.base,
                        "baris_sumber": source_rows[rows],
                        "kolom": column,
                        "kode_alasan": code,
                        "tingkat": severity,
                        "pesan": msgs,
                        "kunci": kunci[slot[rows]],
                    }
                )
            )
        issues = (
            pd.concat(records, ignore_index=True)
            .sort_values(["baris_sumber", "tingkat"], kind="stable")
            .reset_index(drop=True)
            if records
            else pd.DataFrame(columns=ISSUE_COLUMNS)
        )
        table = self.data.drop(columns=personal, errors="ignore").loc[~rejected]
        table.insert(0, "baris_sumber", table.index.to_numpy())
        table = table.reset_index(drop=True)
        quarantine = self._quarantine(rejected, issues, personal, extra_quarantine_columns)
        if len(table) + len(quarantine) != n:  # pragma: no cover - an engine bug, never data
            raise RuntimeError(f"{self.spec.base}: rows read != kept + quarantined")
        return LoadResult(
            self.spec.base,
            self.raw.fmt,
            table,
            quarantine,
            issues,
            n,
            problems=list(self.problems),
            key_columns=tuple(key_cols),
        )

    def _quarantine(
        self,
        rejected: np.ndarray,
        issues: pd.DataFrame,
        personal: list[str],
        extra: tuple[str, ...],
    ) -> pd.DataFrame:
        columns = ["baris_sumber", "kode_alasan", "alasan"]
        if not rejected.any():
            return pd.DataFrame(columns=columns)
        rows = self.index[rejected]
        reasons = issues[issues["tingkat"].eq(REJECT) & issues["baris_sumber"].isin(rows)]
        reasons = reasons.drop_duplicates(["baris_sumber", "kode_alasan", "pesan"])
        codes = reasons.drop_duplicates(["baris_sumber", "kode_alasan"])
        grouped = pd.DataFrame(
            {
                "kode_alasan": _join_per_row(codes["baris_sumber"], codes["kode_alasan"], ";"),
                "alasan": _join_per_row(reasons["baris_sumber"], reasons["pesan"], "; "),
            }
        )
        keys = [c for c in dict.fromkeys((*self.spec.key_out, *extra)) if c in self.data.columns]
        text = self.text.loc[rows].drop(columns=[*personal, *keys], errors="ignore")
        # a cell is shown only when its column is published and its value passed validation
        # (the module may have emptied it since); any other filled cell is hidden
        broken = pd.Series(self.broken, index=self.index).loc[rows].to_numpy(bool)
        for column in text.columns:
            cell = text[column]
            passed = pd.Series(self.passed.get(column, False), index=self.index).loc[rows]
            valid = passed.to_numpy(bool) & self.data.loc[rows, column].notna().to_numpy(bool)
            valid &= ~broken
            text[column] = cell.where(valid | cell.isna().to_numpy(bool), DISEMBUNYIKAN)
        key_values = self.data.loc[rows, keys].copy()
        key_values.loc[broken] = pd.NA
        out = pd.concat([key_values, text], axis=1)
        out = grouped.reindex(rows).join(out)
        out.insert(0, "baris_sumber", rows.to_numpy())
        return out.reset_index(drop=True)


def _join_per_row(rows: pd.Series, texts: pd.Series, sep: str) -> pd.Series:
    """``texts`` joined with ``sep`` per source row, in order of first appearance.

    The same as ``groupby(rows, sort=False).agg(sep.join)``, without pandas' per-group Python
    path (which took ~70 µs and several objects per row: minutes and gigabytes when a hostile
    file has every one of its rows rejected).
    """
    joined: dict[int, list[str]] = {}
    for row, text in zip(rows.tolist(), texts.tolist(), strict=True):
        joined.setdefault(row, []).append(text)
    return pd.Series(
        [sep.join(parts) for parts in joined.values()],
        index=pd.Index(list(joined), name="baris_sumber"),
        dtype=None if texts.dtype == object else texts.dtype,
    )
