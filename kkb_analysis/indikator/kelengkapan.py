"""Kelengkapan data: the nine data domains of every Cilegon KKB (indicators.md §12.1 [asumsi];
kkb-primer.md §7).

Each domain is "lengkap", "sebagian" (some data, below the rule) or "tidak ada" for the KKB area and
data year; score ``kelengkapan_pct`` = 100 × (domains "lengkap") / 9. Threshold
``kelengkapan.ambang`` (default 0.90, [asumsi]); a share exactly at the threshold is "lengkap".

The counts come from other indicator modules, so this module takes a small explicit input frame
(:data:`INPUT_COLUMNS`, one row per KKB — or per area, the counts are additive — with an id column
``kkb_id`` and/or ``wilayah_id``; a missing column or ``<NA>`` counts as 0):

- ``n_anggota``: loaded ``pk_anggota`` members (domain 1);
- ``n_anggota_valid_jk_umur``: of these, with valid sex and age (domain 1);
- ``n_balita``: members aged ``umur.balita_bulan`` (0–59 months) (domain 3);
- ``n_anak_sekolah``: members aged 7–18 (``umur.sekolah``) (domain 4);
- ``n_anak_sekolah_status``: of these, with ``status_sekolah`` filled (domain 4);
- ``n_remaja``: members in ``umur.remaja`` (domain 5);
- ``n_umkm_unggulan``: ``kkb_umkm`` rows with ``unggulan = ya`` (``umkm.umkm_per_kkb``) (domain 6);
- ``n_haz_valid``: e-PPGBM children of the area with a valid HAZ in the year (domain 7);
- ``n_dtks_desil_or_status``: ``dtks`` records matched to the KKB's families with a desil or a
  ``status_dtks`` (domain 2);
- ``n_dtks_status_known``: matched records of ``sumber`` DTKS or DTSEN with ``status_dtks`` known
  (domain 8);
- ``n_keluarga``: ``pk_keluarga`` families (domain 9);
- ``n_keluarga_penghasilan_terklasifikasi``: of these, classifiable as with/without a fixed income
  (§10) (domain 9).

Optional columns that only turn a "tidak ada" into "sebagian" (data present but not usable):
``n_dtks_cocok`` (matched ``dtks`` records of any content; domains 2 and 8), ``n_umkm`` (UMKM
listed, unggulan or not; domain 6) and ``n_eppgbm`` (e-PPGBM children of the area in the year,
valid HAZ or not; domain 7).

Rules per domain (§12.1): threshold domains 1 and 4 are "lengkap" with ≥ 1 record and a valid share
≥ ambang, "sebagian" with ≥ 1 record below it, else "tidak ada"; domain 9 is "lengkap" with ≥ 1
family and a classifiable share ≥ ambang, "sebagian" when some but too few families are
classifiable, "tidak ada" when none is; the count domains 2, 3, 5, 6, 7, 8 are "lengkap" with ≥ 1
qualifying record.

:func:`validasi_per_domain` and :func:`tambah_validasi` add the year's load summary
(``ringkasan_muat.csv``: ``file``, ``baris_dibaca``, ``baris_dimuat``, ``baris_ditolak``,
``baris_ditandai``) per domain as context for the "Kualitas data" section.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kkb_analysis.laporan.format import format_angka, format_persen

LENGKAP, SEBAGIAN, TIDAK_ADA = "lengkap", "sebagian", "tidak ada"
STATUS_ORDER = (LENGKAP, SEBAGIAN, TIDAK_ADA)
ID_COLUMNS = ("wilayah_id", "kkb_id")
INPUT_COLUMNS = [
    "n_anggota",
    "n_anggota_valid_jk_umur",
    "n_balita",
    "n_anak_sekolah",
    "n_anak_sekolah_status",
    "n_remaja",
    "n_umkm_unggulan",
    "n_haz_valid",
    "n_dtks_desil_or_status",
    "n_dtks_status_known",
    "n_keluarga",
    "n_keluarga_penghasilan_terklasifikasi",
]
OPTIONAL_COLUMNS = ["n_dtks_cocok", "n_umkm", "n_eppgbm"]
_EPS = 1e-9


@dataclass(frozen=True)
class Domain:
    """One of the nine data domains (kkb-primer.md §7)."""

    no: int
    kode: str
    nama: str
    berkas: tuple[str, ...]  # files whose load summary gives context


DOMAINS = (
    Domain(1, "kependudukan", "Kependudukan", ("pk_keluarga", "pk_anggota")),
    Domain(2, "keluarga_kurang_mampu", "Keluarga kurang mampu", ("dtks",)),
    Domain(3, "balita", "Balita", ("pk_anggota",)),
    Domain(4, "anak_usia_sekolah", "Anak usia sekolah", ("pk_anggota",)),
    Domain(5, "remaja", "Remaja", ("pk_anggota",)),
    Domain(6, "umkm_unggulan", "UMKM unggulan", ("kkb_umkm",)),
    Domain(7, "stunting", "Stunting", ("eppgbm",)),
    Domain(8, "dtks", "DTKS", ("dtks",)),
    Domain(
        9,
        "keluarga_tidak_berpenghasilan_tetap",
        "Keluarga tidak berpenghasilan tetap",
        ("pk_keluarga", "pk_anggota"),
    ),
)
WIDE_COLUMNS = [
    *(f"status_{d.kode}" for d in DOMAINS),
    "n_domain_lengkap",
    "n_domain_sebagian",
    "n_domain_tidak_ada",
    "kelengkapan_pct",
]
LONG_COLUMNS = ["no", "domain", "nama_domain", "status", "keterangan"]
VALIDATION_COLUMNS = [
    "no",
    "domain",
    "nama_domain",
    "file",
    "format",
    "baris_dibaca",
    "baris_dimuat",
    "baris_ditolak",
    "baris_ditandai",
]


def _ambang(settings: dict) -> float:
    return float((settings.get("kelengkapan") or {}).get("ambang", 0.90))


def _num(inputs: pd.DataFrame, column: str) -> pd.Series:
    if column not in inputs.columns:
        return pd.Series(0.0, index=inputs.index)
    return pd.to_numeric(inputs[column], errors="coerce").astype("float64").fillna(0.0)


def _fmt_int(x: float) -> str:
    return format_angka(x)


def _fmt_pct(x: float) -> str:
    return format_persen(x)


def _share_rule(
    total: float, good: float, ambang: float, what: str, good_what: str, none_if_no_good: bool
) -> tuple[str, str]:
    """Status and keterangan of a threshold domain."""
    if total <= 0:
        return TIDAK_ADA, f"tidak ada {what} tercatat"
    share = good / total
    text = (
        f"{_fmt_int(good)} dari {_fmt_int(total)} {what} ({_fmt_pct(100 * share)}) "
        f"{good_what}; ambang {_fmt_pct(100 * ambang)}"
    )
    if share >= ambang - _EPS:
        return LENGKAP, text
    if good <= 0 and none_if_no_good:
        return TIDAK_ADA, text
    return SEBAGIAN, text


def _count_rule(n: float, what: str, partial: float, partial_what: str) -> tuple[str, str]:
    """Status and keterangan of a domain that needs ≥ 1 qualifying record."""
    if n >= 1:
        return LENGKAP, f"{_fmt_int(n)} {what}"
    if partial >= 1:
        return SEBAGIAN, f"0 {what}; {_fmt_int(partial)} {partial_what}"
    return TIDAK_ADA, f"tidak ada {what}"


def _evaluate(row: dict[str, float], ambang: float) -> list[tuple[str, str]]:
    """The nine (status, keterangan) pairs of one KKB, in :data:`DOMAINS` order."""
    return [
        _share_rule(
            row["n_anggota"],
            row["n_anggota_valid_jk_umur"],
            ambang,
            "anggota keluarga",
            "dengan jenis kelamin dan umur valid",
            none_if_no_good=False,
        ),
        _count_rule(
            row["n_dtks_desil_or_status"],
            "data kesejahteraan tertaut dengan desil atau status DTKS",
            row["n_dtks_cocok"],
            "data tertaut tanpa desil/status",
        ),
        _count_rule(row["n_balita"], "balita tercatat", 0, ""),
        _share_rule(
            row["n_anak_sekolah"],
            row["n_anak_sekolah_status"],
            ambang,
            "anak usia sekolah",
            "dengan status sekolah terisi",
            none_if_no_good=False,
        ),
        _count_rule(row["n_remaja"], "remaja tercatat", 0, ""),
        _count_rule(
            row["n_umkm_unggulan"], "UMKM unggulan", row["n_umkm"], "UMKM tercatat bukan unggulan"
        ),
        _count_rule(
            row["n_haz_valid"],
            "anak dengan z-skor TB/U valid",
            row["n_eppgbm"],
            "anak tercatat di e-PPGBM tanpa z-skor TB/U valid",
        ),
        _count_rule(
            row["n_dtks_status_known"],
            "data DTKS/DTSEN tertaut dengan status diketahui",
            row["n_dtks_cocok"],
            "data tertaut tanpa status DTKS",
        ),
        _share_rule(
            row["n_keluarga"],
            row["n_keluarga_penghasilan_terklasifikasi"],
            ambang,
            "keluarga",
            "dapat digolongkan berpenghasilan tetap/tidak tetap",
            none_if_no_good=True,
        ),
    ]


def _evaluate_all(inputs: pd.DataFrame, settings: dict) -> list[list[tuple[str, str]]]:
    ambang = _ambang(settings)
    values = pd.DataFrame(
        {c: _num(inputs, c) for c in [*INPUT_COLUMNS, *OPTIONAL_COLUMNS]}, index=inputs.index
    )
    return [_evaluate(rec, ambang) for rec in values.to_dict("records")]


def kelengkapan(inputs: pd.DataFrame, settings: dict) -> pd.DataFrame:
    """Per-KKB wide frame: id columns + ``status_<domain>`` × 9 + domain counts + score.

    - ``status_<domain>``: "lengkap" / "sebagian" / "tidak ada" (§12.1);
    - ``n_domain_lengkap``, ``n_domain_sebagian``, ``n_domain_tidak_ada`` (sum to 9);
    - ``kelengkapan_pct``: 100 × ``n_domain_lengkap`` / 9 (%).
    """
    ids = [c for c in ID_COLUMNS if c in inputs.columns]
    out = inputs[ids].copy().reset_index(drop=True)
    results = _evaluate_all(inputs, settings)
    for i, domain in enumerate(DOMAINS):
        out[f"status_{domain.kode}"] = pd.array([r[i][0] for r in results], dtype="string")
    statuses = out[[f"status_{d.kode}" for d in DOMAINS]]
    for status, column in zip(
        STATUS_ORDER, ("n_domain_lengkap", "n_domain_sebagian", "n_domain_tidak_ada"), strict=True
    ):
        out[column] = statuses.eq(status).sum(axis=1).astype("int64")
    out["kelengkapan_pct"] = (100.0 * out["n_domain_lengkap"] / len(DOMAINS)).astype("Float64")
    return out[[*ids, *WIDE_COLUMNS]]


def long_kelengkapan(inputs: pd.DataFrame, settings: dict) -> pd.DataFrame:
    """Long table id columns × domain: ``no``, ``domain``, ``nama_domain``, ``status``,
    ``keterangan`` (Indonesian explanation with the counts behind the status)."""
    ids = [c for c in ID_COLUMNS if c in inputs.columns]
    keys = inputs[ids].reset_index(drop=True)
    records = []
    for k, result in enumerate(_evaluate_all(inputs, settings)):
        key = keys.iloc[k].tolist()
        for domain, (status, text) in zip(DOMAINS, result, strict=True):
            records.append((*key, domain.no, domain.kode, domain.nama, status, text))
    out = pd.DataFrame.from_records(records, columns=[*ids, *LONG_COLUMNS])
    string_cols = [c for c in out.columns if c != "no"]
    return out.astype({c: "string" for c in string_cols} | {"no": "int64"})


def validasi_per_domain(ringkasan: pd.DataFrame | None) -> pd.DataFrame:
    """The year's load summary per data domain: one row per (domain, file) it relies on.

    ``ringkasan`` is the load summary (``ringkasan_muat.csv`` / ``YearLoad.summary()``); a file
    missing from it is reported with ``format`` "tidak ada" and counts 0. Columns
    :data:`VALIDATION_COLUMNS`.
    """
    cols = ["file", "format", "baris_dibaca", "baris_dimuat", "baris_ditolak", "baris_ditandai"]
    if ringkasan is None:
        ringkasan = pd.DataFrame(columns=cols)
    summary = ringkasan.drop_duplicates("file").set_index("file")
    records = []
    for domain in DOMAINS:
        for base in domain.berkas:
            if base in summary.index:
                row = summary.loc[base]
                values = [
                    row.get("format", pd.NA),
                    *(row.get(c, 0) for c in cols[2:]),
                ]
            else:
                values = ["tidak ada", 0, 0, 0, 0]
            records.append((domain.no, domain.kode, domain.nama, base, *values))
    out = pd.DataFrame.from_records(records, columns=VALIDATION_COLUMNS)
    counts = cols[2:]
    out[counts] = out[counts].apply(pd.to_numeric, errors="coerce").fillna(0).astype("int64")
    string_cols = ["domain", "nama_domain", "file", "format"]
    return out.astype({c: "string" for c in string_cols} | {"no": "int64"})


def _validation_text(group: pd.DataFrame) -> str:
    parts = []
    for row in group.itertuples(index=False):
        if row.format == "tidak ada":
            parts.append(f"{row.file}: berkas tidak ada")
        else:
            parts.append(
                f"{row.file}: {_fmt_int(row.baris_dibaca)} baris dibaca, "
                f"{_fmt_int(row.baris_dimuat)} dimuat, {_fmt_int(row.baris_ditolak)} ditolak, "
                f"{_fmt_int(row.baris_ditandai)} ditandai"
            )
    return "; ".join(parts)


def tambah_validasi(long: pd.DataFrame, ringkasan: pd.DataFrame | None) -> pd.DataFrame:
    """``long_kelengkapan`` plus ``berkas`` (files of the domain) and ``validasi`` (their load
    summary of the year as Indonesian text, e.g. "pk_anggota: 1.000 baris dibaca, 990 dimuat,
    10 ditolak, 5 ditandai"). The load summary is city-wide, not per KKB: it is context."""
    per_domain = validasi_per_domain(ringkasan)
    text = {
        kode: (", ".join(group["file"]), _validation_text(group))
        for kode, group in per_domain.groupby("domain", sort=False)
    }
    out = long.copy()
    out["berkas"] = out["domain"].map({k: v[0] for k, v in text.items()}).astype("string")
    out["validasi"] = out["domain"].map({k: v[1] for k, v in text.items()}).astype("string")
    return out
