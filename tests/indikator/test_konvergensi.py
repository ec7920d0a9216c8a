"""Inpres convergence coverage, OPD matrix and 8 fungsi keluarga (indicators.md §12.2)."""

from __future__ import annotations

import copy

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkb_analysis.config import load_settings
from kkb_analysis.indikator import konvergensi as kv
from kkb_analysis.sumber import kkb_intervensi

SETTINGS = load_settings()  # jendela_bulan 12, tanggal_referensi 12-31
YEAR = 2023
KKB = pd.DataFrame(
    {
        "kkb_id": ["KKB-A", "KKB-B", "KKB-C"],
        "nama_kkb": ["A", "B", "C"],
        "kode_kelurahan": ["36.72.05.1004", "36.72.05.1001", "36.72.01.1004"],
        "status_aktif": pd.array([True, True, True], dtype="boolean"),
    }
).astype({"kkb_id": "string"})


def interventions(rows: list[tuple]) -> pd.DataFrame:
    """Rows as the loader keeps them: (kkb_id, tanggal, kategori, instansi, program, kegiatan).

    ``instansi_ids``/``instansi_non_kb`` are derived like the loader does.
    """
    frame = pd.DataFrame(
        rows,
        columns=["kkb_id", "tanggal", "kategori_fungsi", "instansi", "inpres_program", "kegiatan"],
    )
    out = pd.DataFrame(
        {
            "intervensi_id": [f"I{i}" for i in range(len(frame))],
            "kkb_id": frame["kkb_id"].astype("string"),
            "tanggal": pd.to_datetime(frame["tanggal"]),
            "judul": [f"Kegiatan {i}" for i in range(len(frame))],
            "tempat": pd.array(["Aula RW 01"] * len(frame), dtype="string"),
            "kategori_fungsi": frame["kategori_fungsi"].astype("string"),
            "sasaran": pd.array(["1;5"] * len(frame), dtype="string"),
            "instansi": frame["instansi"].astype("string"),
            "inpres_program": frame["inpres_program"].astype("string"),
            "inpres_kegiatan_id": frame["kegiatan"].astype("string"),
            "jumlah_peserta": pd.array([20] * len(frame), dtype="Int64"),
        }
    )
    out["instansi_ids"] = kkb_intervensi._sorted_ids(out["instansi"])
    out["instansi_non_kb"] = kkb_intervensi._sorted_ids(
        out["instansi"], exclude=kkb_intervensi.INSTANSI_KB
    )
    return out


def run(rows, cfg=SETTINGS, kkb=KKB):
    tables = {"kkb": kkb, "kkb_intervensi": interventions(rows)}
    return kv.konvergensi_per_kkb(tables, cfg, YEAR).set_index("kkb_id")


def test_kb_agencies_only_give_zero():
    # every intervention by 26 (OPD PPKB) and/or 34 (BKKBN): no area covered → 0 %
    out = run(
        [
            ("KKB-A", "2023-03-01", "3", "26", "c", None),
            ("KKB-A", "2023-04-01", "2", "34", "b", None),
            ("KKB-A", "2023-05-01", "4", "26;34", "g", None),
        ]
    )
    a = out.loc["KKB-A"]
    assert a["n_intervensi"] == 3 and a["n_intervensi_non_kb"] == 0
    assert a["n_program_tercakup"] == 0 and a["konvergensi_pct"] == 0.0
    assert a["n_instansi_non_kb"] == 0 and pd.isna(a["program_tercakup"])


def test_dukcapil_in_area_a_gives_one_eighth():
    # Dinas Dukcapil (5) with the KB agency (26) in area a → 1 of 8 areas = 12.5 %
    out = run([("KKB-A", "2023-06-15", "2", "5;26", "a", None)])
    assert out.loc["KKB-A", "konvergensi_pct"] == 12.5
    assert out.loc["KKB-A", "program_tercakup"] == "a"
    # active KKB without interventions in a supplied file: 0 %, not "data tidak cukup"
    assert out.loc["KKB-B", "konvergensi_pct"] == 0.0


def test_window_of_twelve_months():
    # reference 2023-12-31, window 12 months: 2022-12-31 < tanggal <= 2023-12-31
    rows = [
        ("KKB-A", "2022-11-30", "1", "19", "c", None),  # 13 months before → excluded
        ("KKB-A", "2022-12-31", "1", "22", "e", None),  # exactly 12 months before → excluded
        ("KKB-A", "2023-01-01", "1", "20", "f", None),  # first day inside
        ("KKB-A", "2023-12-31", "1", "15", "h", None),  # the reference date itself → inside
        ("KKB-A", "2024-01-02", "1", "10", "g", None),  # after the reference date → excluded
    ]
    a = run(rows).loc["KKB-A"]
    assert a["n_intervensi"] == 2
    assert a["program_tercakup"] == "f, h" and a["konvergensi_pct"] == 25.0
    assert a["tanggal_awal"] == pd.Timestamp("2022-12-31")
    assert a["tanggal_referensi"] == pd.Timestamp("2023-12-31")
    # the 13-month-old intervention is also absent from the matrix and the printed list
    tables = {"kkb": KKB, "kkb_intervensi": interventions(rows)}
    assert set(kv.long_matriks_konvergensi(tables, SETTINGS, YEAR)["instansi_id"]) == {"20", "15"}
    assert len(kv.long_intervensi(tables, SETTINGS, YEAR)) == 2

    # a 24-month window takes in 2022-11-30 and 2022-12-31 too: c, e, f, h → 50 %
    wide = copy.deepcopy(SETTINGS)
    wide["konvergensi"]["jendela_bulan"] = 24
    assert run(rows, wide).loc["KKB-A", "konvergensi_pct"] == 50.0
    # no window (null): everything up to the reference date
    unbounded = copy.deepcopy(SETTINGS)
    unbounded["konvergensi"]["jendela_bulan"] = None
    a = run(rows, unbounded).loc["KKB-A"]
    assert a["n_intervensi"] == 4 and pd.isna(a["tanggal_awal"])
    # reference 30 June: window 2022-06-30 < tanggal <= 2023-06-30 → c (2022-11-30), e, f
    mid = copy.deepcopy(SETTINGS)
    mid["laporan"]["tanggal_referensi"] = "06-30"
    assert run(rows, mid).loc["KKB-A", "program_tercakup"] == "c, e, f"


def test_reference_date_on_29_february():
    cfg = copy.deepcopy(SETTINGS)
    cfg["laporan"]["tanggal_referensi"] = "02-29"
    assert kv.tanggal_referensi(cfg, 2023) == pd.Timestamp("2023-02-28")
    assert kv.tanggal_referensi(cfg, 2024) == pd.Timestamp("2024-02-29")


def test_worked_example_two_kkb():
    rows = [
        # KKB-A
        ("KKB-A", "2023-02-10", "3", "19;26", "c", None),  # Dinkes + PPKB, c
        ("KKB-A", "2023-03-10", "3", "30", None, "c.02"),  # Puskesmas, area from kegiatan c.02
        ("KKB-A", "2023-04-10", "4", "10;12", "g", "g.01"),  # Koperasi + Perdagangan, g
        ("KKB-A", "2023-05-10", "2", "26", "d", None),  # KB agency only, d not covered
        ("KKB-A", "2023-06-10", "9", "5", None, None),  # Dukcapil, no Inpres area, Lainnya
        ("KKB-A", "2023-07-10", "6", None, "b", None),  # no instansi at all
        # KKB-B
        ("KKB-B", "2023-08-10", "8", "15", "h", None),  # PUPR, h
        ("KKB-B", "2023-09-10", "4", "10", "g", None),  # Koperasi, g
    ]
    tables = {"kkb": KKB, "kkb_intervensi": interventions(rows)}
    out = kv.konvergensi_per_kkb(tables, SETTINGS, YEAR).set_index("kkb_id")
    a = out.loc["KKB-A"]
    # areas with a non-KB intervention: c (2 interventions), g (1) → 2/8 = 25 %
    assert a["program_tercakup"] == "c, g" and a["konvergensi_pct"] == 25.0
    assert (a["n_intervensi_non_kb_program_c"], a["n_intervensi_non_kb_program_d"]) == (2, 0)
    # 6 interventions; non-KB: rows 1, 2, 3, 5 = 4; agencies 19, 30, 10, 12, 5 = 5 distinct
    assert (a["n_intervensi"], a["n_intervensi_non_kb"], a["n_instansi_non_kb"]) == (6, 4, 5)
    # fungsi: reproduksi 2, ekonomi 1, pendidikan 1, cinta kasih 1; Lainnya 1 apart → 4 fungsi
    assert a["n_intervensi_fungsi_reproduksi"] == 2
    assert a["n_intervensi_fungsi_sosialisasi_pendidikan"] == 1
    assert a["n_intervensi_fungsi_cinta_kasih"] == 1
    assert a["n_intervensi_fungsi_lainnya"] == 1 and a["n_fungsi_keluarga_tercakup"] == 4
    b = out.loc["KKB-B"]
    assert b["program_tercakup"] == "g, h" and b["konvergensi_pct"] == 25.0
    c = out.loc["KKB-C"]  # active, no intervention
    assert c["n_intervensi"] == 0 and c["konvergensi_pct"] == 0.0

    # city: c, g, h covered → 3/8 = 37.5 %; agencies 19, 30, 10, 12, 5, 15 = 6
    city = kv.konvergensi_kota(tables, SETTINGS, YEAR).iloc[0]
    assert city["wilayah_id"] == "kota:36.72" and pd.isna(city["kkb_id"])
    assert city["konvergensi_pct"] == 37.5 and city["n_instansi_non_kb"] == 6
    assert city["n_intervensi"] == 8 and city["n_intervensi_non_kb_program_g"] == 2

    matrix = kv.long_matriks_konvergensi(tables, SETTINGS, YEAR)
    a_rows = matrix[matrix["kkb_id"].eq("KKB-A")]
    # pairs of A: c×19, c×26, c×30, d×26, g×10, g×12, (no area)×5; row 6 has no instansi
    assert list(zip(a_rows["inpres_program"].fillna("-"), a_rows["instansi_id"], strict=True)) == [
        ("c", "19"),
        ("c", "26"),
        ("c", "30"),
        ("d", "26"),
        ("g", "10"),
        ("g", "12"),
        ("-", "5"),
    ]
    row = a_rows[a_rows["instansi_id"].eq("30")].iloc[0]
    assert row["n_intervensi"] == 1 and "nama_instansi" not in matrix.columns  # report joins it
    assert kv.nama_instansi("30") == "Puskesmas" and kv.nama_instansi("99") == "99"
    assert not row["instansi_kb"]
    assert a_rows[a_rows["instansi_id"].eq("26")]["instansi_kb"].all()
    assert pd.isna(a_rows[a_rows["instansi_id"].eq("5")]["inpres_program"].item())
    assert kv.nama_program(None) == "Tanpa program Inpres" and kv.nama_instansi("5") == (
        "Dinas Dukcapil"
    )

    city_matrix = kv.long_matriks_konvergensi(tables, SETTINGS, YEAR, tingkat="kota")
    g10 = city_matrix[city_matrix["inpres_program"].eq("g") & city_matrix["instansi_id"].eq("10")]
    assert g10["n_intervensi"].item() == 2  # Dinas Koperasi in g for A and for B
    assert city_matrix["n_intervensi"].sum() == matrix["n_intervensi"].sum()
    assert city_matrix["wilayah_id"].eq("kota:36.72").all()

    fungsi = kv.long_fungsi_keluarga(tables, SETTINGS, YEAR)
    assert len(fungsi) == 3 * 9  # 3 active KKB × (8 fungsi + Lainnya)
    fa = fungsi[fungsi["kkb_id"].eq("KKB-A")].set_index("kategori_fungsi")
    assert list(fa.index) == [str(k) for k in range(1, 10)]  # A.15 order, labels by the report
    assert fa.loc["3", "n_intervensi"] == 2 and fa.loc["9", "n_intervensi"] == 1
    assert not {"kategori", "fungsi_keluarga"} & set(fungsi.columns)
    assert kv.nama_fungsi("3") == "Reproduksi" and kv.label_kategori("6") == "Kasih Sayang"
    assert kv.nama_fungsi("6") == "Cinta kasih" and kv.nama_fungsi("9") == "Lainnya"
    fk = kv.long_fungsi_keluarga(tables, SETTINGS, YEAR, tingkat="kota").set_index(
        "kategori_fungsi"
    )
    assert fk.loc["4", "n_intervensi"] == 2 and fk["n_intervensi"].sum() == 8


def test_printed_list_never_shows_deskripsi():
    rows = [("KKB-A", "2023-02-10", "3", "19;26", None, "c.02")]
    table = interventions(rows).assign(deskripsi="Ibu X (NIK 3672...) hamil risiko tinggi")
    out = kv.long_intervensi({"kkb": KKB, "kkb_intervensi": table}, SETTINGS, YEAR)
    assert list(out.columns) == kv.LIST_COLUMNS and "deskripsi" not in out.columns
    assert not out.astype(str).apply(lambda c: c.str.contains("NIK")).any().any()
    row = out.iloc[0]
    # codes only; the names are joined by the report (tests/laporan/test_label.py)
    assert row["instansi_id"] == "19, 26" and row["sasaran_id"] == "1, 5"
    assert row["kategori_fungsi"] == "3"
    assert row["inpres_program"] == "c" and row["inpres_kegiatan_id"] == "c.02"
    assert kv.nama_daftar(row["instansi_id"], kv.nama_instansi) == (
        "Dinas Kesehatan; OPD Pengendalian Penduduk dan KB"
    )
    assert kv.nama_daftar(row["sasaran_id"], kv.nama_sasaran) == "Seluruh Penduduk; Balita"
    assert kv.nama_kegiatan("c.02") == kv._kegiatan_names()["c.02"]
    assert kv.nama_kegiatan("z.99") is None
    assert bool(row["lintas_sektor"]) and row["tempat"] == "Aula RW 01"


def test_absent_file_is_data_tidak_cukup():
    empty = pd.DataFrame(columns=[c.name for c in kkb_intervensi.SPEC.columns])
    for tables in ({"kkb": KKB}, {"kkb": KKB, "kkb_intervensi": empty}):
        out = kv.konvergensi_per_kkb(tables, SETTINGS, YEAR)
        assert len(out) == 3 and out["konvergensi_pct"].isna().all()
        assert (out["n_intervensi"] == 0).all()
        assert kv.konvergensi_kota(tables, SETTINGS, YEAR)["konvergensi_pct"].isna().all()
        assert kv.long_matriks_konvergensi(tables, SETTINGS, YEAR).empty
        assert kv.long_intervensi(tables, SETTINGS, YEAR).empty
        assert kv.long_fungsi_keluarga(tables, SETTINGS, YEAR)["n_intervensi"].eq(0).all()
    assert kv.konvergensi_per_kkb({}, SETTINGS, YEAR).empty


def test_bad_level():
    with pytest.raises(ValueError, match="tingkat"):
        kv.long_matriks_konvergensi({}, SETTINGS, YEAR, tingkat="kecamatan")


_ids = st.lists(st.sampled_from(["5", "19", "26", "34", "10"]), max_size=3, unique=True)
_row = st.tuples(
    st.sampled_from(["KKB-A", "KKB-B"]),
    st.dates(pd.Timestamp("2022-06-01").date(), pd.Timestamp("2024-03-01").date()).map(str),
    st.sampled_from([str(i) for i in range(1, 10)]),
    _ids.map(lambda ids: ";".join(ids) or None),
    st.sampled_from([*kv.PROGRAM, None]),
    st.just(None),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_row, max_size=15))
def test_invariants(rows):
    tables = {"kkb": KKB, "kkb_intervensi": interventions(rows)}
    out = kv.konvergensi_per_kkb(tables, SETTINGS, YEAR)
    city = kv.konvergensi_kota(tables, SETTINGS, YEAR).iloc[0]
    if not rows:
        assert out["konvergensi_pct"].isna().all()
        return
    pct = out["konvergensi_pct"]
    assert pct.between(0, 100).all() and ((pct / 12.5) % 1 == 0).all()
    assert (out["n_program_tercakup"] <= 8).all()
    # the city covers at least what any KKB covers, and at most the union of them
    assert city["konvergensi_pct"] >= pct.max()
    assert city["n_program_tercakup"] <= out["n_program_tercakup"].sum()
    # non-KB ≤ all; every intervention has exactly one kategori (8 fungsi + Lainnya)
    assert (out["n_intervensi_non_kb"] <= out["n_intervensi"]).all()
    fungsi = [c for c in kv.COUNT_COLUMNS if c.startswith("n_intervensi_fungsi_")]
    assert (out[fungsi].sum(axis=1) == out["n_intervensi"]).all()
    assert city["n_intervensi"] == out["n_intervensi"].sum()
    # KB agencies never change coverage: dropping them from the matrix leaves the covered areas
    matrix = kv.long_matriks_konvergensi(tables, SETTINGS, YEAR)
    non_kb = matrix[~matrix["instansi_kb"].to_numpy(bool) & matrix["inpres_program"].notna()]
    for kkb_id, group in out.set_index("kkb_id").iterrows():
        areas = sorted(set(non_kb.loc[non_kb["kkb_id"].eq(kkb_id), "inpres_program"]))
        assert group["n_program_tercakup"] == len(areas)
    city_matrix = kv.long_matriks_konvergensi(tables, SETTINGS, YEAR, tingkat="kota")
    assert city_matrix["n_intervensi"].sum() == matrix["n_intervensi"].sum()
