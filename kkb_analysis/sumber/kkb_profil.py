"""``kkb_profil.csv`` — the annual institutional profile of each KKB (data-contract.md §7.2).

One row per ``kkb_id`` × ``tahun``. The portal scoring fields (marked † in the contract) must be
present as columns; an empty cell counts as ``tidak`` (``pokja_jumlah``: 0) and is flagged (P4),
like the portal does. The loader derives the raw counts the portal classification needs
(indicators.md §2.2–2.3) — ``n_sumber_dana``, ``n_poktan``, ``n_sarana``, ``n_pkb``,
``n_penggunaan_data``, ``n_operasional`` — but no scores: those belong to the classification.

Personal data: ``pkb_nip`` is always dropped; ``pkb_nama`` is dropped unless
``laporan.cetak_nama_pkb`` is true (the agency approved printing the officer's name, §4.1), and
even then it is kept only in the processed table, never in the quarantine or the issue log.
"""

from __future__ import annotations

import pandas as pd

from kkb_analysis.readers import RawTable
from kkb_analysis.schema import ID_POLA, Column, FileSpec
from kkb_analysis.validation import LoadContext, LoadResult, Validator

POKTAN = ("poktan_bkb", "poktan_bkr", "poktan_bkl", "poktan_uppka", "poktan_pikr")
SARANA = ("sekretariat", "rumah_dataku")
PKB = ("pkb_plkb_pendamping", "regulasi_ada")
DANA = ("dana_apbn", "dana_apbd", "dana_desa", "dana_hibah", "dana_csr", "dana_swadaya")
DATA = ("data_pk", "data_rutin_bkkbn", "data_potensi_desa", "data_sektoral", "data_lainnya")
OPERASIONAL = (
    "op_rapat_perencanaan",
    "op_rapat_koordinasi",
    "op_sosialisasi",
    "op_monev",
    "op_laporan",
)
#: derived count column → the boolean columns it counts (indicators.md §2.2–2.3)
COUNTS: dict[str, tuple[str, ...]] = {
    "n_sumber_dana": DANA,
    "n_poktan": POKTAN,
    "n_sarana": SARANA,
    "n_pkb": PKB,
    "n_penggunaan_data": DATA,
    "n_operasional": OPERASIONAL,
}


def _skor(name: str) -> Column:
    """A portal scoring flag (†): column required, empty cell → ``tidak`` + flag (P4)."""
    return Column(name, "bool", "skor", default=False)


SPEC = FileSpec(
    base="kkb_profil",
    key_out=("kkb_id", "tahun"),
    columns=(
        Column("kkb_id", "str", "ya", pattern=ID_POLA),
        Column("tahun", "int", "ya"),
        Column("bulan", "int", minimum=1, maximum=12),
        _skor("pokja_ada"),
        Column("pokja_sk_ada", "bool"),
        _skor("pokja_pelatihan"),
        Column("pokja_pelatihan_ket", "text"),
        Column("pokja_jumlah", "int", "skor", minimum=0, default=0),
        Column("pokja_terlatih", "int", minimum=0),
        _skor("pkb_plkb_pendamping"),
        Column("pkb_nip", "str", personal="drop"),
        Column("pkb_nama", "str", personal="drop"),
        Column("pendamping_lain", "code", "kondisi", codes="pendamping_lain"),
        _skor("regulasi_ada"),
        Column("rkm_ada", "bool"),
        Column("penggunaan_data_ada", "bool"),
        *(_skor(c) for c in (*POKTAN, *SARANA, *DANA, *DATA, *OPERASIONAL)),
        *(Column(f"{c}_frekuensi", "code", "kondisi", codes="frekuensi") for c in OPERASIONAL),
    ),
)


def count_true(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    """Number of ``ya`` among boolean columns (missing counts as ``tidak``, as in the portal)."""
    return frame[list(columns)].fillna(False).astype(bool).sum(axis=1).astype("Int64")


# ---------------------------------------------------------------------- loader
def load(raw: RawTable, ctx: LoadContext) -> LoadResult:
    """Validate the profile (checks P1–P9) and derive the raw counts of the portal indicators."""
    v = Validator(raw, SPEC, ctx)
    d = v.data
    v.reject_wrong_year()  # P2
    kkb = v.reject_unknown_kkb()  # P1
    v.reject_duplicates(["kkb_id", "tahun"])  # P3 (after P1/P2: a rejected row never wins)
    # P4 is done by the engine for every `skor` column.
    # Cross-field checks only look at rows that are still kept (no noise on quarantined rows).
    kept = pd.Series(~v.rejected, index=v.index)

    v.flag(  # P5
        kept & d["pokja_terlatih"].gt(d["pokja_jumlah"]).fillna(False),
        "pokja_terlatih",
        "INKONSISTEN",
        "pokja_terlatih ("
        + d["pokja_terlatih"].astype("string").fillna("")
        + ") lebih besar daripada pokja_jumlah ("
        + d["pokja_jumlah"].astype("string").fillna("")
        + ")",
    )
    v.flag(  # P6
        kept
        & d["pokja_ada"].eq(False)
        & (d["pokja_jumlah"].gt(0).fillna(False) | d["pokja_pelatihan"].eq(True)),
        "pokja_ada",
        "INKONSISTEN",
        "pokja_ada = tidak tetapi pokja_jumlah > 0 atau pokja_pelatihan = ya; skor mengikuti "
        "pokja_ada (seperti portal)",
    )

    # pendamping_lain (kondisi: who accompanies the KKB when no PKB/PLKB is assigned)
    v.flag_invalid_code("pendamping_lain")
    v.flag(
        kept & d["pkb_plkb_pendamping"].eq(False) & v.text["pendamping_lain"].isna(),
        "pendamping_lain",
        "NILAI_WAJIB_KOSONG",
        "pkb_plkb_pendamping = tidak tetapi pendamping_lain kosong",
    )
    v.flag(
        kept & d["pkb_plkb_pendamping"].eq(True) & d["pendamping_lain"].notna(),
        "pendamping_lain",
        "INKONSISTEN",
        "pendamping_lain hanya diisi bila pkb_plkb_pendamping = tidak",
    )

    for op in OPERASIONAL:  # P7
        freq = f"{op}_frekuensi"
        v.flag_invalid_code(freq)
        v.flag(
            kept & d[op].eq(True) & v.text[freq].isna(),
            freq,
            "NILAI_WAJIB_KOSONG",
            f"{op} = ya tetapi {freq} kosong",
        )

    any_data = d[list(DATA)].eq(True).any(axis=1)
    v.flag(  # P8 [asumsi]
        kept & d["penggunaan_data_ada"].eq(False) & any_data,
        "penggunaan_data_ada",
        "INKONSISTEN",
        "penggunaan_data_ada = tidak tetapi ada sumber data_* = ya",
    )

    if kkb is not None:  # P9 (only where regulasi_ada was filled in; an empty cell is P4)
        has_sk = d["kkb_id"].map(kkb.set_index("kkb_id")["regulasi_id"].notna())
        has_sk = has_sk.astype("boolean")
        given = kept & v.text["regulasi_ada"].notna() & has_sk.notna()
        disagree = given & d["regulasi_ada"].ne(has_sk).fillna(False)
        v.flag(
            disagree,
            "regulasi_ada",
            "INKONSISTEN",
            "regulasi_ada = "
            + d["regulasi_ada"].map({True: "ya", False: "tidak"}).astype("string").fillna("")
            + " tetapi regulasi_id di kkb.csv "
            + has_sk.map({True: "terisi", False: "kosong"}).astype("string").fillna(""),
        )

    result = v.finish()
    table = result.table
    for name, columns in COUNTS.items():
        table[name] = count_true(table, columns)
    if ctx.settings["laporan"]["cetak_nama_pkb"]:
        table["pkb_nama"] = v.text["pkb_nama"].reindex(table["baris_sumber"]).to_numpy()
    return result


def missing_profiles(table: pd.DataFrame, kkb: pd.DataFrame | None, year: int) -> pd.DataFrame:
    """P10: active KKB without a profile row for ``year`` (for the load summary).

    Their INPUT indicators and the first two PROSES indicators are "data tidak cukup".
    """
    if kkb is None or kkb.empty:
        return pd.DataFrame({"kkb_id": pd.Series(dtype="string")})
    active = kkb.loc[kkb["status_aktif"].fillna(False).astype(bool), "kkb_id"]
    present = table.loc[table["tahun"].eq(year).fillna(False).astype(bool), "kkb_id"]
    out = active[~active.isin(present)].drop_duplicates().sort_values()
    return pd.DataFrame({"kkb_id": out.astype("string").to_numpy()})
