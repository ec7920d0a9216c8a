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
family and a classifiable share ≥ ``kelengkapan.ambang_penghasilan`` (default 0.60, [asumsi]:
the proxy cannot classify ≈ 27–31 % of families even in a complete PK), "sebagian" when some
but too few families are classifiable, "tidak ada" when none is; the count domains 2, 3, 5, 6,
7, 8 are "lengkap" with ≥ 1 qualifying record.

:func:`long_kelengkapan` stores the numbers behind each status (``n_tercatat``, ``n_memenuhi``,
``ambang_pct``); the Indonesian explanation is made from them in the report layer
(:func:`kkb_analysis.laporan.narasi.keterangan_kelengkapan`), so this module holds no display text.
:func:`tambah_berkas` adds the files each domain relies on and :func:`validasi_per_domain` gives
the year's load summary (``ringkasan_muat.csv``) per domain.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

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
_NAMA_DOMAIN = {d.kode: d.nama for d in DOMAINS}


def nama_domain(kode: str) -> str:
    """The display name of a data domain code ("umkm_unggulan" → "UMKM unggulan"); an unknown
    code is returned as it is."""
    return _NAMA_DOMAIN.get(str(kode), str(kode))


WIDE_COLUMNS = [
    *(f"status_{d.kode}" for d in DOMAINS),
    "n_domain_lengkap",
    "n_domain_sebagian",
    "n_domain_tidak_ada",
    "kelengkapan_pct",
]
LONG_COLUMNS = ["no", "domain", "status", "n_tercatat", "n_memenuhi", "ambang_pct"]
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


def _ambang_penghasilan(settings: dict) -> float:
    """Domain 9's own threshold ``kelengkapan.ambang_penghasilan`` (default 0.60, [asumsi]):
    the income proxy leaves every family whose head works outside both occupation lists
    (petani, pedagang, wiraswasta …) "tidak diketahui" even when the PK is complete (≈ 27–31 %
    of families), so the general 0.90 can never be met and would mark every KKB partial."""
    return float((settings.get("kelengkapan") or {}).get("ambang_penghasilan", 0.60))


def _num(inputs: pd.DataFrame, column: str) -> pd.Series:
    if column not in inputs.columns:
        return pd.Series(0.0, index=inputs.index)
    return pd.to_numeric(inputs[column], errors="coerce").astype("float64").fillna(0.0)


#: (status, n_tercatat, n_memenuhi, ambang_pct) of one domain; ``None`` = not applicable
Hasil = tuple[str, float | None, float, float | None]


def _share_rule(total: float, good: float, ambang: float, none_if_no_good: bool) -> Hasil:
    """A threshold domain: ``good`` of ``total`` records must reach ``ambang``."""
    if total <= 0:
        return TIDAK_ADA, total, good, 100 * ambang
    share = good / total
    if share >= ambang - _EPS:
        status = LENGKAP
    elif good <= 0 and none_if_no_good:
        status = TIDAK_ADA
    else:
        status = SEBAGIAN
    return status, total, good, 100 * ambang


def _count_rule(n: float, partial: float | None) -> Hasil:
    """A domain that needs ≥ 1 qualifying record; ``partial`` = records of any content."""
    if n >= 1:
        status = LENGKAP
    elif partial is not None and partial >= 1:
        status = SEBAGIAN
    else:
        status = TIDAK_ADA
    return status, partial, n, None


def _evaluate(row: dict[str, float], ambang: float, ambang_9: float) -> list[Hasil]:
    """The nine results of one KKB, in :data:`DOMAINS` order."""
    return [
        _share_rule(
            row["n_anggota"], row["n_anggota_valid_jk_umur"], ambang, none_if_no_good=False
        ),
        _count_rule(row["n_dtks_desil_or_status"], row["n_dtks_cocok"]),
        _count_rule(row["n_balita"], None),
        _share_rule(
            row["n_anak_sekolah"], row["n_anak_sekolah_status"], ambang, none_if_no_good=False
        ),
        _count_rule(row["n_remaja"], None),
        _count_rule(row["n_umkm_unggulan"], row["n_umkm"]),
        _count_rule(row["n_haz_valid"], row["n_eppgbm"]),
        _count_rule(row["n_dtks_status_known"], row["n_dtks_cocok"]),
        _share_rule(
            row["n_keluarga"],
            row["n_keluarga_penghasilan_terklasifikasi"],
            ambang_9,
            none_if_no_good=True,
        ),
    ]


def _evaluate_all(inputs: pd.DataFrame, settings: dict) -> list[list[Hasil]]:
    ambang, ambang_9 = _ambang(settings), _ambang_penghasilan(settings)
    values = pd.DataFrame(
        {c: _num(inputs, c) for c in [*INPUT_COLUMNS, *OPTIONAL_COLUMNS]}, index=inputs.index
    )
    return [_evaluate(rec, ambang, ambang_9) for rec in values.to_dict("records")]


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
    """Long table id columns × domain: ``no``, ``domain`` (code; its name: :func:`nama_domain`,
    joined by the report), ``status`` and the
    numbers behind the status: ``n_tercatat`` (records of the domain; for the count domains the
    records of any content, ``<NA>`` for balita and remaja), ``n_memenuhi`` (records that qualify)
    and ``ambang_pct`` (threshold of the share domains 1, 4, 9 in %, else ``<NA>``)."""
    ids = [c for c in ID_COLUMNS if c in inputs.columns]
    keys = inputs[ids].reset_index(drop=True)
    records = []
    for k, result in enumerate(_evaluate_all(inputs, settings)):
        key = keys.iloc[k].tolist()
        for domain, (status, tercatat, memenuhi, ambang) in zip(DOMAINS, result, strict=True):
            records.append((*key, domain.no, domain.kode, status, tercatat, memenuhi, ambang))
    out = pd.DataFrame.from_records(records, columns=[*ids, *LONG_COLUMNS])
    numbers = {"n_tercatat": "Int64", "n_memenuhi": "Int64", "ambang_pct": "Float64"}
    string_cols = [c for c in out.columns if c != "no" and c not in numbers]
    return out.astype({c: "string" for c in string_cols} | {"no": "int64"} | numbers)


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


def tambah_berkas(long: pd.DataFrame) -> pd.DataFrame:
    """``long_kelengkapan`` plus ``berkas``: the raw files the domain relies on, comma-separated
    (their load summary of the year is ``ringkasan_muat.csv``, see :func:`validasi_per_domain`)."""
    files = {d.kode: ", ".join(d.berkas) for d in DOMAINS}
    out = long.copy()
    out["berkas"] = out["domain"].map(files).astype("string")
    return out
