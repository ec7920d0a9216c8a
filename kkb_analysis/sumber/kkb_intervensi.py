"""``kkb_intervensi.csv`` — interventions and activities in the KKB (data-contract.md §7.4).

Used for the PROSES indicator "lintas sektor", the Inpres 3/2022 convergence matrix and the
8-fungsi-keluarga table. ``instansi`` accepts the portal id (1–37), the exact portal name or an
alias (code list ``instansi`` in ``referensi/kode.yaml``, case-insensitive). Unknown codes in
``sasaran``, ``instansi``, ``inpres_program`` or ``inpres_kegiatan_id`` reject the row (I5): they
change the scores. Valid kegiatan codes come from ``referensi/inpres_kegiatan.yaml``.

Derived: ``instansi_ids`` (sorted numeric ids, ``;``-joined), ``instansi_non_kb`` (the same
without the KB agencies 26 and 34) and ``inpres_program`` filled from ``inpres_kegiatan_id``.
``deskripsi`` is free text that may hold personal data and is never printed: it is dropped on load.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from kkb_analysis.batas import kutip, kutip_seri
from kkb_analysis.config import load_reference
from kkb_analysis.readers import RawTable
from kkb_analysis.schema import ID_POLA, Column, FileSpec
from kkb_analysis.validation import LoadContext, LoadResult, Validator, code_lookup

#: the KB agencies themselves (OPD Pengendalian Penduduk dan KB, Perwakilan BKKBN) [sumber S3]
INSTANSI_KB = frozenset({"26", "34"})

SPEC = FileSpec(
    base="kkb_intervensi",
    key_out=("intervensi_id",),
    columns=(
        Column("intervensi_id", "str", "ya", pattern=ID_POLA),
        Column("kkb_id", "str", "ya", pattern=ID_POLA),
        Column("tanggal", "date", "ya"),
        Column("judul", "text", "ya", published_free_text=True),
        Column("tempat", "text", published_free_text=True),
        Column("deskripsi", "text", personal="drop"),
        Column("kategori_fungsi", "code", "ya", codes="kategori_fungsi"),
        # `kondisi` + presence_optional: optional columns whose unknown codes this module rejects
        Column("sasaran", "list", "kondisi", codes="sasaran", presence_optional=True),
        Column("instansi", "list", "kondisi", codes="instansi", presence_optional=True),
        Column("inpres_program", "code", "kondisi", codes="inpres_program", presence_optional=True),
        Column("inpres_kegiatan_id", "str", "kondisi", pattern=ID_POLA, presence_optional=True),
        Column("jumlah_peserta", "int", minimum=0),
        Column("sumber_dana", "code", codes="sumber_dana"),
        Column("jenis_post", "code", codes="jenis_post"),
    ),
)


@cache
def inpres_kegiatan() -> pd.DataFrame:
    """The 58 Inpres 3/2022 kegiatan (``referensi/inpres_kegiatan.yaml``)."""
    return pd.DataFrame(load_reference("inpres_kegiatan")["kegiatan"]).astype(
        {"kode": "string", "program": "string"}
    )


def _unknown_items(text: pd.Series, lookup: dict[str, str]) -> pd.Series:
    """For each list cell, its items missing from ``lookup`` (``', '``-joined; NA if none)."""

    def one(cell: str) -> str | None:
        bad = [i.strip() for i in cell.split(";") if i.strip() and i.strip().lower() not in lookup]
        return ", ".join(kutip(b) for b in bad) or None  # quoted only when safe

    values = text.dropna().unique()
    found = {cell: one(cell) for cell in values}
    return text.map(found).astype("string")


def _sorted_ids(values: pd.Series, exclude: frozenset[str] = frozenset()) -> pd.Series:
    """``'19;5;26'`` → ``'5;19;26'`` (numeric order), without the ids in ``exclude``."""

    def one(cell: str) -> str | None:
        ids = sorted({i for i in cell.split(";") if i} - exclude, key=int)
        return ";".join(ids) or None

    found = {cell: one(cell) for cell in values.dropna().unique()}
    return values.map(found).astype("string")


def load(raw: RawTable, ctx: LoadContext) -> LoadResult:
    """Validate the interventions (checks I1–I9) and derive the instansi and Inpres fields."""
    v = Validator(raw, SPEC, ctx)
    d = v.data
    kkb = v.reject_unknown_kkb()  # I2; I3 (tanggal) and I4 (kategori_fungsi) by the engine

    for column in ("sasaran", "instansi"):  # I5, lists
        unknown = _unknown_items(v.text[column], code_lookup(column))
        v.reject(
            unknown.notna(),
            column,
            "KODE_TIDAK_DIKENAL",
            f"kolom {column} berisi nilai yang tidak dikenal: " + unknown.fillna(""),
        )
    text = v.text["inpres_program"]
    v.reject(
        text.notna() & d["inpres_program"].isna(),
        "inpres_program",
        "KODE_TIDAK_DIKENAL",
        "nilai " + kutip_seri(text) + " pada kolom inpres_program tidak dikenal (a–h)",
    )
    kegiatan = inpres_kegiatan()
    text = v.text["inpres_kegiatan_id"]
    lookup = dict(zip(kegiatan["kode"].str.lower(), kegiatan["kode"], strict=True))
    d["inpres_kegiatan_id"] = text.str.lower().map(lookup).astype("string")
    v.reject(
        text.notna() & d["inpres_kegiatan_id"].isna(),
        "inpres_kegiatan_id",
        "KODE_TIDAK_DIKENAL",
        "nilai "
        + kutip_seri(text)
        + " pada kolom inpres_kegiatan_id bukan kode kegiatan Inpres 3/2022 (a.01 … h.03)",
    )
    program_of_kegiatan = d["inpres_kegiatan_id"].str.slice(0, 1)
    v.reject(  # I6
        d["inpres_program"].notna()
        & program_of_kegiatan.notna()
        & d["inpres_program"].ne(program_of_kegiatan).fillna(False),
        "inpres_kegiatan_id",
        "INKONSISTEN",
        "kegiatan "
        + d["inpres_kegiatan_id"].fillna("")
        + " tidak termasuk program "
        + d["inpres_program"].fillna(""),
    )
    d["inpres_program"] = d["inpres_program"].fillna(program_of_kegiatan)

    v.reject_duplicates(["intervensi_id"])  # I1 (after the other rejections)
    kept = pd.Series(~v.rejected, index=v.index)  # cross-field flags only on kept rows

    tanggal = d["tanggal"]
    v.flag(  # I7
        kept & tanggal.notna() & tanggal.dt.year.ne(ctx.year).fillna(False),
        "tanggal",
        "DI_LUAR_PERIODE",
        f"tanggal di luar tahun {ctx.year}; tetap dimuat (untuk jendela 12 bulan)",
    )
    if kkb is not None:  # I8
        launch = d["kkb_id"].map(kkb.set_index("kkb_id")["tanggal_pencanangan"])
        launch = pd.to_datetime(launch)
        v.flag(
            kept & (tanggal < launch).fillna(False),
            "tanggal",
            "INKONSISTEN",
            "tanggal sebelum tanggal_pencanangan KKB ("
            + launch.dt.strftime("%Y-%m-%d").astype("string").fillna("")
            + ")",
        )
    v.flag(  # I9
        kept & d["instansi"].isna(),
        "instansi",
        "NILAI_WAJIB_KOSONG",
        "instansi kosong; kegiatan ini tidak dihitung untuk indikator lintas sektor",
    )

    result = v.finish()
    table = result.table
    table["instansi_ids"] = _sorted_ids(table["instansi"])
    table["instansi_non_kb"] = _sorted_ids(table["instansi"], exclude=INSTANSI_KB)
    return result
