"""Inpres 3/2022 convergence and the 8 fungsi keluarga (indicators.md §12.2; kkb-primer.md §3, §11).

Input: the processed ``kkb_intervensi`` table (data-contract.md §7.4): ``kkb_id``,
``tanggal``, ``judul``, ``tempat``, ``kategori_fungsi`` (code 1–9, A.15), ``sasaran`` (A.16 ids),
``instansi_ids`` (sorted A.17 ids, ``;``-joined), ``instansi_non_kb``, ``inpres_program`` (a–h),
``inpres_kegiatan_id``. ``deskripsi`` (free text) is dropped on load and never printed here.

**Window.** Every output counts the interventions dated in the last ``konvergensi.jendela_bulan``
months up to the reference date ``laporan.tanggal_referensi`` (MM-DD of the data year) — both
[asumsi] — i.e. ``tanggal_awal < tanggal <= tanggal_referensi`` with ``tanggal_awal`` =
``tanggal_referensi`` minus the window (12 months before 31 December 2023 = 31 December 2022, so
the window is the calendar year 2023). ``jendela_bulan: null`` = every intervention up to the
reference date.

**Coverage** (§12.2): a programme area a–h is covered when ≥ 1 intervention of the window has that
area (``inpres_program``, or the area of ``inpres_kegiatan_id``) and ≥ 1 instansi other than the KB
agencies 26 and 34; ``konvergensi_pct`` = 100 × (areas covered) / 8. When no intervention file was
supplied at all, ``konvergensi_pct`` is ``<NA>`` ("data tidak cukup"); a KKB without any
intervention in a supplied file scores 0.

Outputs: :func:`konvergensi_per_kkb` (per-KKB wide frame), :func:`konvergensi_kota` (the same
columns over all KKB together), :func:`long_matriks_konvergensi` (programme area × instansi ×
count, per KKB or city), :func:`long_fungsi_keluarga` (interventions by the 8 family functions plus
"Lainnya") and :func:`long_intervensi` (printable list). These statistics are sets (distinct areas,
distinct agencies) and therefore not additive over cells: they are computed per KKB and for the
city directly, not through :func:`kkb_analysis.wilayah.aggregate`.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd

from kkb_analysis.config import load_reference
from kkb_analysis.sumber.kkb_intervensi import INSTANSI_KB

PROGRAM = tuple("abcdefgh")
#: ``kategori_fungsi`` code (A.15) → (column slug, fungsi keluarga of PP 87/2014 as named in
#: kkb-primer.md §11); the mapping by name is [asumsi] (data-contract.md A.15)
FUNGSI_KELUARGA = {
    "1": ("keagamaan", "Keagamaan"),
    "2": ("sosialisasi_pendidikan", "Sosialisasi dan pendidikan"),
    "3": ("reproduksi", "Reproduksi"),
    "4": ("ekonomi", "Ekonomi"),
    "5": ("perlindungan", "Perlindungan"),
    "6": ("cinta_kasih", "Cinta kasih"),
    "7": ("sosial_budaya", "Sosial budaya"),
    "8": ("pembinaan_lingkungan", "Pembinaan lingkungan"),
}
KATEGORI_LAINNYA = "9"
NAMA_LAINNYA = "Lainnya"

COUNT_COLUMNS = [
    "n_intervensi",
    "n_intervensi_non_kb",
    "n_instansi_non_kb",
    *(f"n_intervensi_non_kb_program_{p}" for p in PROGRAM),
    "n_program_tercakup",
    *(f"n_intervensi_fungsi_{s}" for s, _ in FUNGSI_KELUARGA.values()),
    "n_intervensi_fungsi_lainnya",
    "n_fungsi_keluarga_tercakup",
]
WIDE_COLUMNS = [
    "wilayah_id",
    "kkb_id",
    "tanggal_awal",
    "tanggal_referensi",
    *COUNT_COLUMNS,
    "program_tercakup",
    "konvergensi_pct",
]
MATRIX_COLUMNS = [
    "wilayah_id",
    "kkb_id",
    "inpres_program",
    "instansi_id",
    "instansi_kb",
    "n_intervensi",
]
FUNGSI_COLUMNS = [
    "wilayah_id",
    "kkb_id",
    "kategori_fungsi",
    "n_intervensi",
]
LIST_COLUMNS = [
    "kkb_id",
    "intervensi_id",
    "tanggal",
    "judul",
    "tempat",
    "kategori_fungsi",
    "sasaran_id",
    "instansi_id",
    "lintas_sektor",
    "inpres_program",
    "inpres_kegiatan_id",
    "jumlah_peserta",
]
#: Separator of the code lists ``sasaran_id`` / ``instansi_id`` of ``out_intervensi``
PEMISAH_KODE = ", "
#: Name of a missing programme area in the matrix (``inpres_program`` ``<NA>``)
TANPA_PROGRAM = "Tanpa program Inpres"
_INPUT_COLUMNS = [
    "intervensi_id",
    "kkb_id",
    "tanggal",
    "judul",
    "tempat",
    "kategori_fungsi",
    "sasaran",
    "instansi",
    "instansi_ids",
    "inpres_program",
    "inpres_kegiatan_id",
    "jumlah_peserta",
]


# --- reference data -----------------------------------------------------------------------------


@cache
def _codes(name: str) -> dict[str, str]:
    return {str(k): str(v) for k, v in load_reference("kode")[name]["kode"].items()}


@cache
def _lookup(name: str) -> dict[str, str]:
    """Lower-case code, label or alias → code (for tables that kept labels instead of codes)."""
    entry = load_reference("kode")[name]
    out = {str(k).lower(): str(k) for k in entry["kode"]}
    out.update({str(v).lower(): str(k) for k, v in entry["kode"].items()})
    out.update({str(k).lower(): str(v) for k, v in (entry.get("alias") or {}).items()})
    return out


@cache
def _kegiatan_names() -> dict[str, str]:
    return {k["kode"]: k["kegiatan"] for k in load_reference("inpres_kegiatan")["kegiatan"]}


def nama_instansi(instansi_id: str) -> str:
    """Portal name of an A.17 instansi id (``kode.yaml``); the id itself when unknown."""
    return _codes("instansi").get(str(instansi_id), str(instansi_id))


def nama_sasaran(sasaran_id: str) -> str:
    """Portal name of an A.16 sasaran id (``kode.yaml``); the id itself when unknown."""
    return _codes("sasaran").get(str(sasaran_id), str(sasaran_id))


def nama_program(program: str | None) -> str:
    """Name of an Inpres 3/2022 programme area a–h (A.18); :data:`TANPA_PROGRAM` when missing,
    the code itself when unknown."""
    if program is None or pd.isna(program):
        return TANPA_PROGRAM
    return _codes("inpres_program").get(str(program), str(program))


def nama_kegiatan(kegiatan_id: str) -> str | None:
    """Name of an Inpres kegiatan (``inpres_kegiatan.yaml``); ``None`` when unknown."""
    return _kegiatan_names().get(str(kegiatan_id))


def label_kategori(kategori_fungsi: str) -> str:
    """Portal label of an A.15 ``kategori_fungsi`` code ("6" → "Kasih Sayang")."""
    return _codes("kategori_fungsi").get(str(kategori_fungsi), str(kategori_fungsi))


def nama_fungsi(kategori_fungsi: str) -> str | None:
    """The fungsi keluarga of an A.15 code (kkb-primer.md §11; "Lainnya" for 9), else ``None``."""
    kode = str(kategori_fungsi)
    if kode == KATEGORI_LAINNYA:
        return NAMA_LAINNYA
    return FUNGSI_KELUARGA[kode][1] if kode in FUNGSI_KELUARGA else None


def nama_daftar(kode: str, nama: Callable[[str], str]) -> str:
    """A code list of ``out_intervensi`` ("1, 5") as its names joined by "; "."""
    return "; ".join(nama(k) for k in str(kode).split(PEMISAH_KODE) if k)


def _kota_id() -> str:
    return f"kota:{load_reference('wilayah')['kota']['kode']}"


# --- the window -----------------------------------------------------------------------------------


def tanggal_referensi(settings: dict, tahun: int) -> pd.Timestamp:
    """``laporan.tanggal_referensi`` (MM-DD, default ``12-31``) in ``tahun``; 29 Feb → 28 Feb."""
    text = str((settings.get("laporan") or {}).get("tanggal_referensi") or "12-31")
    month, day = (int(x) for x in text.split("-"))
    day = min(day, calendar.monthrange(tahun, month)[1])
    return pd.Timestamp(year=tahun, month=month, day=day)


def jendela(settings: dict, tahun: int) -> tuple[pd.Timestamp | None, pd.Timestamp]:
    """``(tanggal_awal, tanggal_referensi)``: the window is ``tanggal_awal < tanggal <= ref``.

    ``tanggal_awal`` is ``None`` when ``konvergensi.jendela_bulan`` is null (no lower bound).
    """
    ref = tanggal_referensi(settings, tahun)
    months = (settings.get("konvergensi") or {}).get("jendela_bulan", 12)
    if months is None:
        return None, ref
    return ref - pd.DateOffset(months=int(months)), ref


# --- normalised interventions -----------------------------------------------------------------


def _raw(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    table = tables.get("kkb_intervensi")
    if table is None:
        table = pd.DataFrame(columns=_INPUT_COLUMNS)
    missing = [c for c in _INPUT_COLUMNS if c not in table.columns]
    return table.assign(**{c: pd.NA for c in missing}) if missing else table


def _ids(cell: object, lookup: dict[str, str]) -> tuple[str, ...]:
    """``'19;5;26'`` → ``('5', '19', '26')`` (codes, numeric order, labels/aliases mapped)."""
    if cell is None or pd.isna(cell):
        return ()
    items = {lookup.get(i.strip().lower(), i.strip()) for i in str(cell).split(";") if i.strip()}
    return tuple(sorted(items, key=lambda x: (not x.isdigit(), int(x) if x.isdigit() else 0, x)))


def _list_column(values: pd.Series, lookup: dict[str, str]) -> list[tuple[str, ...]]:
    found = {cell: _ids(cell, lookup) for cell in values.dropna().unique()}
    return [found.get(v, ()) if not pd.isna(v) else () for v in values]


def intervensi_jendela(tables: dict[str, pd.DataFrame], settings: dict, tahun: int) -> pd.DataFrame:
    """The interventions of the window, normalised (one row per intervention).

    Columns: ``intervensi_id``, ``kkb_id``, ``tanggal``, ``judul``, ``tempat``,
    ``kategori_fungsi`` (code), ``sasaran_ids`` and ``instansi_id_list`` (tuples of codes),
    ``non_kb_list`` (instansi without 26/34), ``inpres_program`` (a–h or ``<NA>``),
    ``inpres_kegiatan_id``, ``jumlah_peserta``.
    """
    raw = _raw(tables)
    tanggal = pd.to_datetime(raw["tanggal"], errors="coerce")
    start, ref = jendela(settings, tahun)
    inside = (tanggal <= ref) & (tanggal > start if start is not None else True)
    keep = inside.fillna(False).to_numpy(bool) & raw["kkb_id"].notna().to_numpy(bool)
    raw = raw[keep]
    instansi_source = raw["instansi_ids"].where(raw["instansi_ids"].notna(), raw["instansi"])
    instansi = _list_column(instansi_source, _lookup("instansi"))
    kegiatan = raw["inpres_kegiatan_id"].astype("string").str.strip().str.lower()
    program = raw["inpres_program"].astype("string").str.strip().str.lower()
    program = program.where(program.notna(), kegiatan.str.slice(0, 1))
    program = program.where(program.isin(PROGRAM).fillna(False), pd.NA)
    kategori = raw["kategori_fungsi"].astype("string").str.strip().str.lower()
    kategori = kategori.map(_lookup("kategori_fungsi")).astype("string")
    out = pd.DataFrame(
        {
            "intervensi_id": raw["intervensi_id"].astype("string"),
            "kkb_id": raw["kkb_id"].astype("string"),
            "tanggal": tanggal[keep],
            "judul": raw["judul"].astype("string"),
            "tempat": raw["tempat"].astype("string"),
            "kategori_fungsi": kategori,
            "sasaran_ids": _list_column(raw["sasaran"], _lookup("sasaran")),
            "instansi_id_list": instansi,
            "non_kb_list": [tuple(i for i in ids if i not in INSTANSI_KB) for ids in instansi],
            "inpres_program": program.astype("string"),
            "inpres_kegiatan_id": kegiatan,
            "jumlah_peserta": pd.to_numeric(raw["jumlah_peserta"], errors="coerce").astype("Int64"),
        },
        index=raw.index,
    )
    return out.reset_index(drop=True)


# --- wide frames --------------------------------------------------------------------------------


def _summary(rows: pd.DataFrame) -> dict[str, object]:
    """The wide-frame values of one group of interventions (one KKB, or all of them)."""
    non_kb = np.array([len(x) > 0 for x in rows["non_kb_list"]], dtype=bool)
    agencies = {i for ids in rows["non_kb_list"] for i in ids}
    out: dict[str, object] = {
        "n_intervensi": len(rows),
        "n_intervensi_non_kb": int(non_kb.sum()),
        "n_instansi_non_kb": len(agencies),
    }
    program = rows["inpres_program"]
    covered = []
    for p in PROGRAM:
        n = int((program.eq(p).fillna(False).to_numpy(bool) & non_kb).sum())
        out[f"n_intervensi_non_kb_program_{p}"] = n
        if n:
            covered.append(p)
    out["n_program_tercakup"] = len(covered)
    kategori = rows["kategori_fungsi"]
    n_fungsi = 0
    for code, (slug, _) in FUNGSI_KELUARGA.items():
        n = int(kategori.eq(code).fillna(False).sum())
        out[f"n_intervensi_fungsi_{slug}"] = n
        n_fungsi += n > 0
    out["n_intervensi_fungsi_lainnya"] = int(kategori.eq(KATEGORI_LAINNYA).fillna(False).sum())
    out["n_fungsi_keluarga_tercakup"] = n_fungsi
    out["program_tercakup"] = ", ".join(covered) if covered else pd.NA
    out["konvergensi_pct"] = 100.0 * len(covered) / len(PROGRAM)
    return out


def _frame(records: list[dict[str, object]], have_file: bool) -> pd.DataFrame:
    out = pd.DataFrame.from_records(records, columns=WIDE_COLUMNS)
    for column in COUNT_COLUMNS:
        out[column] = out[column].astype("int64")
    for column in ("wilayah_id", "kkb_id", "program_tercakup"):
        out[column] = out[column].astype("string")
    for column in ("tanggal_awal", "tanggal_referensi"):
        out[column] = pd.to_datetime(out[column])
    out["konvergensi_pct"] = out["konvergensi_pct"].astype("Float64")
    if not have_file:
        out["konvergensi_pct"] = pd.array([pd.NA] * len(out), dtype="Float64")
    return out


def _kkb_ids(tables: dict[str, pd.DataFrame], present: pd.Series) -> list[str]:
    """Active KKB of the year plus any KKB that has interventions, sorted."""
    ids = set(present.dropna().astype(str))
    kkb = tables.get("kkb")
    if kkb is not None and not kkb.empty and "status_aktif" in kkb.columns:
        active = kkb["status_aktif"].astype("boolean").fillna(False).to_numpy(bool)
        ids |= set(kkb.loc[active, "kkb_id"].dropna().astype(str))
    return sorted(ids)


def _have_file(tables: dict[str, pd.DataFrame]) -> bool:
    table = tables.get("kkb_intervensi")
    return table is not None and not table.empty


def konvergensi_per_kkb(
    tables: dict[str, pd.DataFrame], settings: dict, tahun: int
) -> pd.DataFrame:
    """Per-KKB wide frame (indicators.md §12.2, kkb-primer.md §11), columns :data:`WIDE_COLUMNS`.

    - ``tanggal_awal``, ``tanggal_referensi``: the window (``tanggal_awal`` excluded; NaT = open);
    - ``n_intervensi``: interventions in the window;
    - ``n_intervensi_non_kb``: those with ≥ 1 instansi other than 26/34 (lintas sektor);
    - ``n_instansi_non_kb``: distinct non-KB instansi active in the window;
    - ``n_intervensi_non_kb_program_<a–h>``: non-KB interventions per programme area;
    - ``n_program_tercakup`` (0–8) and ``program_tercakup`` (e.g. ``"a, c, g"``);
    - ``n_intervensi_fungsi_<fungsi>``: interventions per fungsi keluarga (``kategori_fungsi``
      1–8), ``n_intervensi_fungsi_lainnya`` (code 9, kept apart), ``n_fungsi_keluarga_tercakup``
      (0–8 functions with ≥ 1 intervention);
    - ``konvergensi_pct``: 100 × ``n_program_tercakup`` / 8 (% ; ``<NA>`` without the file).

    One row per active KKB and per other KKB with interventions.
    """
    rows = intervensi_jendela(tables, settings, tahun)
    start, ref = jendela(settings, tahun)
    records = []
    for kkb_id in _kkb_ids(tables, _raw(tables)["kkb_id"]):
        group = rows[rows["kkb_id"].eq(kkb_id).fillna(False).to_numpy(bool)]
        records.append(
            {
                "wilayah_id": f"kkb:{kkb_id}",
                "kkb_id": kkb_id,
                "tanggal_awal": start,
                "tanggal_referensi": ref,
                **_summary(group),
            }
        )
    return _frame(records, _have_file(tables))


def konvergensi_kota(tables: dict[str, pd.DataFrame], settings: dict, tahun: int) -> pd.DataFrame:
    """The same columns as :func:`konvergensi_per_kkb` for all KKB together (one city row).

    An area counts as covered for the city when any KKB has a non-KB intervention in it;
    ``n_instansi_non_kb`` counts distinct agencies over all KKB. ``kkb_id`` is ``<NA>``.
    """
    rows = intervensi_jendela(tables, settings, tahun)
    start, ref = jendela(settings, tahun)
    record = {
        "wilayah_id": _kota_id(),
        "kkb_id": pd.NA,
        "tanggal_awal": start,
        "tanggal_referensi": ref,
        **_summary(rows),
    }
    return _frame([record], _have_file(tables))


# --- long tables --------------------------------------------------------------------------------


def _level(rows: pd.DataFrame, tingkat: str) -> pd.DataFrame:
    if tingkat == "kkb":
        return rows.assign(wilayah_id="kkb:" + rows["kkb_id"])
    if tingkat == "kota":
        return rows.assign(wilayah_id=_kota_id(), kkb_id=pd.NA)
    raise ValueError(f"tingkat harus 'kkb' atau 'kota', bukan {tingkat!r}")


def long_matriks_konvergensi(
    tables: dict[str, pd.DataFrame], settings: dict, tahun: int, tingkat: str = "kkb"
) -> pd.DataFrame:
    """Matrix programme area × instansi × count of interventions in the window (§12.2).

    One row per (area, KKB or city, programme area, instansi) with ≥ 1 intervention; an
    intervention with several agencies counts once for each. All agencies are listed, the KB
    agencies too (``instansi_kb`` = true for 26 and 34, which do not count for coverage);
    interventions without a programme area have ``inpres_program`` ``<NA>`` (named
    :data:`TANPA_PROGRAM` by :func:`nama_program`); interventions without any instansi are left
    out. Names are joined by the report (:func:`nama_program`, :func:`nama_instansi`).
    ``tingkat``: ``"kkb"`` (per KKB) or ``"kota"`` (all KKB together). Columns
    :data:`MATRIX_COLUMNS`, sorted by area, programme area and numeric instansi id.
    """
    rows = _level(intervensi_jendela(tables, settings, tahun), tingkat)
    pairs = rows[["wilayah_id", "kkb_id", "inpres_program", "instansi_id_list"]].explode(
        "instansi_id_list"
    )
    pairs = pairs.dropna(subset=["instansi_id_list"]).rename(
        columns={"instansi_id_list": "instansi_id"}
    )
    keys = ["wilayah_id", "kkb_id", "inpres_program", "instansi_id"]
    out = (
        pairs.astype({k: "string" for k in keys})
        .groupby(keys, dropna=False, sort=False)
        .size()
        .rename("n_intervensi")
        .reset_index()
    )
    out["instansi_kb"] = out["instansi_id"].isin(list(INSTANSI_KB)).astype("boolean")
    out["n_intervensi"] = out["n_intervensi"].astype("int64")
    order = out.assign(
        _p=out["inpres_program"].fillna("~"),
        _i=pd.to_numeric(out["instansi_id"], errors="coerce"),
    ).sort_values(["wilayah_id", "_p", "_i", "instansi_id"], kind="stable")
    return out.loc[order.index, MATRIX_COLUMNS].reset_index(drop=True)


def long_fungsi_keluarga(
    tables: dict[str, pd.DataFrame], settings: dict, tahun: int, tingkat: str = "kkb"
) -> pd.DataFrame:
    """Interventions of the window by the 8 fungsi keluarga, with "Lainnya" as a ninth row.

    Every KKB (or the city) gets all nine rows, zeros included, in A.15 order. The report joins
    the portal label (:func:`label_kategori`) and the function name (:func:`nama_fungsi`,
    kkb-primer.md §11; "Lainnya" for code 9) to ``kategori_fungsi``. Columns
    :data:`FUNGSI_COLUMNS`.
    """
    rows = intervensi_jendela(tables, settings, tahun)
    if tingkat == "kkb":
        units = [(f"kkb:{k}", k) for k in _kkb_ids(tables, _raw(tables)["kkb_id"])]
    elif tingkat == "kota":
        units = [(_kota_id(), None)]
    else:
        raise ValueError(f"tingkat harus 'kkb' atau 'kota', bukan {tingkat!r}")
    codes = [*FUNGSI_KELUARGA, KATEGORI_LAINNYA]
    records = []
    for wilayah_id, kkb_id in units:
        group = rows if kkb_id is None else rows[rows["kkb_id"].eq(kkb_id).fillna(False)]
        counts = group["kategori_fungsi"].value_counts()
        for code in codes:
            records.append((wilayah_id, kkb_id, code, int(counts.get(code, 0))))
    out = pd.DataFrame.from_records(records, columns=FUNGSI_COLUMNS)
    string_cols = [c for c in FUNGSI_COLUMNS if c != "n_intervensi"]
    return out.astype({c: "string" for c in string_cols} | {"n_intervensi": "int64"})


def long_intervensi(tables: dict[str, pd.DataFrame], settings: dict, tahun: int) -> pd.DataFrame:
    """Printable list of the interventions of the window (kkb-primer.md §9 item 11).

    Columns :data:`LIST_COLUMNS`: date, title, place, portal category code, sasaran and instansi
    ids (code lists joined by :data:`PEMISAH_KODE`, numeric order), ``lintas_sektor`` (≥ 1
    non-KB instansi), programme area and Inpres kegiatan codes, participants. The report joins
    the names (:func:`label_kategori`, :func:`nama_fungsi`, :func:`nama_daftar`,
    :func:`nama_program`, :func:`nama_kegiatan`). ``deskripsi`` is never included. Sorted by
    KKB, date and title.
    """
    rows = intervensi_jendela(tables, settings, tahun)

    def joined(lists: pd.Series) -> pd.Series:
        values = [PEMISAH_KODE.join(ids) or pd.NA for ids in lists]
        return pd.Series(values, index=lists.index, dtype="string")

    out = pd.DataFrame(
        {
            "kkb_id": rows["kkb_id"],
            "intervensi_id": rows["intervensi_id"],
            "tanggal": rows["tanggal"],
            "judul": rows["judul"],
            "tempat": rows["tempat"],
            "kategori_fungsi": rows["kategori_fungsi"],
            "sasaran_id": joined(rows["sasaran_ids"]),
            "instansi_id": joined(rows["instansi_id_list"]),
            "lintas_sektor": pd.array([len(x) > 0 for x in rows["non_kb_list"]], dtype="boolean"),
            "inpres_program": rows["inpres_program"],
            "inpres_kegiatan_id": rows["inpres_kegiatan_id"],
            "jumlah_peserta": rows["jumlah_peserta"],
        },
        index=rows.index,
    )
    out = out.sort_values(["kkb_id", "tanggal", "judul", "intervensi_id"], kind="stable")
    return out[LIST_COLUMNS].reset_index(drop=True)
