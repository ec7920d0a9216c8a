"""City summary (kkb_analysis.laporan.rekap) on a small built sample city.

Expected values are read independently from the processed tables with pandas and formatted with
format.py; they are never copied from the sections' own output.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pandas as pd
import pytest
from IPython import display as ipy_display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from kkb_analysis.config import get_paths, load_reference
from kkb_analysis.laporan import grafik, rekap
from kkb_analysis.laporan.format import format_angka, format_persen
from tests.eksekusi import eksekusi_notebook

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "rekap_kota.ipynb"
TAHUN = 2023
JAHAT = "<script>alert('x')</script> & Co $x^2$"
URUT = {"Dasar": 1, "Berkembang": 2, "Mandiri": 3, "Berkelanjutan": 4}


@pytest.fixture(scope="module")
def olahan(data_dir):
    """The processed tables, read directly (independent of rekap.muat_kota)."""
    folder = Path(data_dir) / "processed" / str(TAHUN)
    wide = pd.read_parquet(folder / "out_wilayah.parquet")
    return {
        "wide": wide,
        "kkb": wide[wide["jenis_wilayah"] == "kkb"],
        "kota": wide[wide["jenis_wilayah"] == "kota"].iloc[0],
        "luar": wide[wide["jenis_wilayah"] == "kota_luar_kkb"].iloc[0],
        "lalu": pd.read_parquet(Path(data_dir) / "processed" / "2022" / "out_wilayah.parquet"),
        "kelengkapan": pd.read_parquet(folder / "out_kelengkapan.parquet"),
        "core_kkb": pd.read_parquet(folder / "core_kkb.parquet"),
    }


@pytest.fixture
def r(data_dir):
    return rekap.muat_kota(TAHUN, data_dir)


def _teks_tampil(objek) -> str:
    return "\n".join(
        o.data for o in objek if isinstance(o, (ipy_display.HTML, ipy_display.Markdown))
    )


def _sel(tabel: pd.DataFrame, kunci: str, nilai: str, kolom: str) -> str:
    return tabel.loc[tabel[kunci] == nilai, kolom].item()


def _pendek(nama) -> str:
    return str(nama).removeprefix("Kampung KB ")


def _gerak_diharapkan(kkb: pd.DataFrame, lalu: pd.DataFrame) -> dict[str, int]:
    ada_lalu = set(lalu["wilayah_id"])
    hitung = {"naik": 0, "tetap": 0, "turun": 0, "baru": 0, "tidak dapat dinilai": 0}
    for _, row in kkb.iterrows():
        a, b = row["tingkat_sebelumnya"], row["tingkat"]
        if a == "belum_kkb" or (pd.isna(a) and row["wilayah_id"] not in ada_lalu):
            hitung["baru"] += 1
        elif pd.isna(a) or a not in URUT or b not in URUT:
            hitung["tidak dapat dinilai"] += 1
        elif URUT[b] > URUT[a]:
            hitung["naik"] += 1
        elif URUT[b] < URUT[a]:
            hitung["turun"] += 1
        else:
            hitung["tetap"] += 1
    return hitung


# ------------------------------------------------------------------------------------ loading
def test_muat_kota(r, olahan):
    assert r.tahun == TAHUN
    assert len(r.kkb) == len(olahan["kkb"]) == 13
    assert r.wilayah_sebelumnya is not None
    assert r.kotak == {"lintang": (-6.2, -5.8), "bujur": (105.85, 106.2)}
    assert {"latitude", "longitude"} <= set(r.kkb_master.columns)


def test_muat_kota_missing_year(data_dir):
    with pytest.raises(rekap.LaporanError, match=r"kkb bangun --tahun 2019' dulu"):
        rekap.muat_kota(2019, data_dir)


def test_muat_kota_missing_table(tmp_path):
    folder = get_paths(data_dir=tmp_path).processed_year(TAHUN)
    folder.mkdir(parents=True)
    with pytest.raises(rekap.LaporanError, match=r"tidak ada: out_wilayah\.parquet"):
        rekap.muat_kota(TAHUN, tmp_path)


# ---------------------------------------------------------------------------------- sections
def _semua(r) -> list:
    """Every section of the summary, in notebook order."""
    return [getattr(rekap, n)(r) for n in SEKSI]


SEKSI = (
    "sampul", "daftar_isi", "pokok", "tabel_peringkat", "peta_panas", "matriks_aksi",
    "daftar_aksi_opd", "rekomendasi_kota", "peta", "catatan_metode", "kontak",
)  # fmt: skip


def _ada_kata_aksi() -> bool:
    try:
        from kkb_analysis.laporan import kata_aksi  # noqa: F401
    except ImportError:
        return False
    return True


def test_sampul(r, tampil):
    b = rekap.sampul(r)
    assert b.judul.startswith("Ringkasan Kota")
    assert b.angka["Tahun data"] == "Tahun data 2023"
    assert b.angka["Cakupan"] == f"{format_angka(len(r.kkb))} Kampung KB aktif"
    assert b.angka["Terbit"].startswith("Diterbitkan ")
    assert '<section class="sampul">' in b.html


def test_daftar_isi_is_the_empty_nav(r, tampil):
    assert '<nav class="daftar-isi"></nav>' in rekap.daftar_isi(r).html


def test_pokok_tiers_and_movement(r, olahan, tampil):
    b = rekap.pokok(r)
    kkb = olahan["kkb"]
    tabel = next(iter(b.tabel.values()))
    for tier in URUT:
        assert _sel(tabel, "Tingkat", tier, "2023") == format_angka((kkb["tingkat"] == tier).sum())
    lalu = olahan["lalu"]
    lalu = lalu[lalu["jenis_wilayah"] == "kkb"]
    for tier in URUT:
        assert _sel(tabel, "Tingkat", tier, "2022") == format_angka((lalu["tingkat"] == tier).sum())
    gerak = _gerak_diharapkan(kkb, olahan["lalu"])
    assert f"Dibanding 2022: {format_angka(gerak['naik'])} naik tingkat" in b.teks_gabungan
    assert f"{format_angka(gerak['baru'])} baru dibentuk" in b.teks_gabungan


def test_pergerakan_hand_counts(r, olahan):
    gerak = rekap.pergerakan(r)["perubahan"].value_counts().to_dict()
    harap = {k: v for k, v in _gerak_diharapkan(olahan["kkb"], olahan["lalu"]).items() if v}
    assert gerak == harap
    assert harap["baru"] == 2  # Sukmajaya and Banjar Negara are new in 2023


def test_urutan_liga_hand_made():
    """Two ranking indicators (settings), both spread enough:

    nama  tingkat        index_output  krs_pct (lower better)  scaled out, krs  skor
    A     Mandiri        3.0           20                       0.5, 0.5          50
    B     Berkelanjutan  2.0           30                       0,   0            0
    C     Mandiri        4.0           10                       1,   1            100
    D     Mandiri        2.0           20                       0,   0.5          25
    E     data tidak cukup  –          –                        –                 –

    Order: B (best tier), then Mandiri by score C, A, D, then E; ranks 1, 2, 3, 4, 5.
    """
    df = pd.DataFrame(
        {
            "nama_wilayah": ["A", "B", "C", "D", "E"],
            "tingkat": ["Mandiri", "Berkelanjutan", "Mandiri", "Mandiri", pd.NA],
            "index_output": [3.0, 2.0, 4.0, 2.0, pd.NA],
            "krs_pct": [20.0, 30.0, 10.0, 20.0, pd.NA],
        }
    )
    cfg = {"peringkat": {"indikator": ["index_output", "krs_pct"], "beda_minimal": 0.02}}
    out = rekap.urutan_liga(df, cfg)
    assert out["nama_wilayah"].tolist() == ["B", "C", "A", "D", "E"]
    assert out["skor_peringkat"].tolist()[:4] == [0.0, 100.0, 50.0, 25.0]
    assert out["peringkat"].tolist() == [1, 2, 3, 4, 5]
    # A and a copy of A with the same tier and score share the rank
    dua = rekap.urutan_liga(pd.concat([df, df.iloc[[0]].assign(nama_wilayah="A2")]), cfg)
    assert dua["nama_wilayah"].tolist()[:4] == ["B", "C", "A", "A2"]
    assert dua["peringkat"].tolist()[:4] == [1, 2, 3, 3]


def test_pergerakan_without_previous_year(r):
    r.wilayah_sebelumnya = None
    r.tabel["out_wilayah"] = r.wilayah.drop(columns="tingkat_sebelumnya")
    gerak = rekap.pergerakan(r)
    assert set(gerak["perubahan"]) == {"tidak dapat dinilai"}


def test_status_kualitas_hand_made():
    """9 domains lengkap → Baik; 7 lengkap + 2 sebagian → Cukup; 8 lengkap + 1 absent → Kurang."""
    baris = []
    for kkb_id, status in (
        ("A", ["lengkap"] * 9),
        ("B", ["lengkap"] * 7 + ["sebagian"] * 2),
        ("C", ["lengkap"] * 8 + ["tidak ada"]),
        ("D", ["lengkap"] * 6 + ["sebagian"] * 3),
    ):
        baris += [
            {"kkb_id": kkb_id, "no": i, "nama_domain": f"D{i}", "status": s}
            for i, s in enumerate(status, start=1)
        ]
    out = rekap.status_kualitas(pd.DataFrame(baris)).set_index("kkb_id")
    assert out["status"].to_dict() == {"A": "Baik", "B": "Cukup", "C": "Kurang", "D": "Kurang"}
    assert out.loc["C", "domain_belum_lengkap"] == "D9 (tidak ada)"


def test_kode_peta_panas_follows_direction():
    """Two hand-made KKB against kota luar KKB (PK: full enumeration, the printed values differ
    by far more than the minimal meaningful difference):

    KKB  unmet_need_pct (lower better)  cpr_pct (higher better)
    A    15,0 vs 10,0 → higher = WORSE  70,0 vs 60,0 → higher = better
    B     5,0 vs 10,0 → lower = better  50,0 vs 60,0 → lower = worse
    """
    kkb = pd.DataFrame(
        {"nama_wilayah": ["A", "B"], "unmet_need_pct": [15.0, 5.0], "cpr_pct": [70.0, 50.0]}
    )
    luar = pd.Series({"unmet_need_pct": 10.0, "cpr_pct": 60.0})
    kode = rekap.kode_peta_panas(kkb, luar, ["unmet_need_pct", "cpr_pct"])
    assert kode.loc[0, "unmet_need_pct"] == "lebih_buruk"
    assert kode.loc[1, "unmet_need_pct"] == "lebih_baik"
    assert kode.loc[0, "cpr_pct"] == "lebih_baik"
    assert kode.loc[1, "cpr_pct"] == "lebih_buruk"
    # a missing value is never coloured as a judgement
    kkb.loc[0, "cpr_pct"] = float("nan")
    assert rekap.kode_peta_panas(kkb, luar, ["cpr_pct"]).loc[0, "cpr_pct"] == "tidak_cukup"


def test_heatmap_colour_and_value_per_cell():
    """The chart colours each cell by its code (worse = orange, better = sky blue) and prints
    the VALUE with the mark, never a signed difference."""
    from matplotlib.colors import to_hex

    nilai = pd.DataFrame({"Unmet need": ["15,0%", "5,0%"]}, index=["1. A", "2. B"])
    kode = pd.DataFrame({"Unmet need": ["lebih_buruk", "lebih_baik"]}, index=nilai.index)
    g = grafik.heatmap_selisih(nilai, kode=kode, sumber_label="PK 2023", judul="uji")
    ax = g.figure.axes[0]
    sel = {p.get_gid(): to_hex(p.get_facecolor()) for p in ax.patches}
    assert sel["sel|0|0|lebih_buruk"] == "#e69f00"  # Okabe–Ito orange
    assert sel["sel|1|0|lebih_baik"] == "#56b4e9"  # Okabe–Ito sky blue
    teks = [t.get_text() for t in ax.texts if t.get_gid() == "nilai_sel"]
    # the comparison mark in brackets AFTER the value (never read as its sign); no arrows, which
    # are kept for trends over time
    assert teks == ["15,0% (−)", "5,0% (+)"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1. A", "2. B"]
    legenda = [t.get_text() for t in g.figure.legends[0].get_texts()]
    assert "(+) lebih baik daripada kota di luar KKB" in legenda
    assert "(=) setara" in legenda
    assert "(−) lebih buruk daripada kota di luar KKB" in legenda
    assert not any(c in "".join(legenda + teks) for c in "▲▼●↑↓")


def test_peta_panas_rows_in_rank_order_and_values(r, olahan, tampil):
    b = rekap.peta_panas(r)
    ax = b.grafik[0].figure.axes[0]
    baris = [t.get_text() for t in ax.get_yticklabels()]
    assert len(baris) == len(olahan["kkb"])
    # rank order: the tier never rises down the rows, and the rank numbers are 1..n (ties share)
    tier = [t.rsplit("(", 1)[1].rstrip(")") for t in baris]
    assert [URUT[t] for t in tier] == sorted((URUT[t] for t in tier), reverse=True)
    nomor = [int(t.split(".", 1)[0]) for t in baris]
    assert nomor[0] == 1 and nomor == sorted(nomor)
    # each cell shows the KKB's own value (the catalogue's unit and decimals)
    kkb = olahan["kkb"].set_index("nama_wilayah")
    pertama = "Kampung KB " + baris[0].split(". ", 1)[1].rsplit(" (", 1)[0]
    teks = [t.get_text() for t in ax.texts if t.get_gid() == "nilai_sel"]
    kolom = [t.get_text() for t in ax.get_xticklabels()]
    j_cpr = next(i for i, t in enumerate(kolom) if t.startswith("CPR"))
    assert teks[j_cpr].startswith(format_persen(kkb.loc[pertama, "cpr_pct"]) + " (")
    # colour follows the comparison with kota luar KKB, cell by cell
    luar = olahan["luar"]
    kode = rekap.kode_peta_panas(kkb.loc[[pertama]].reset_index(), luar, ["unmet_need_pct"]).iloc[
        0, 0
    ]
    kolom = [t.get_text() for t in ax.get_xticklabels()]
    j = next(i for i, t in enumerate(kolom) if t.startswith("Unmet"))
    assert any(p.get_gid() == f"sel|0|{j}|{kode}" for p in ax.patches)
    # values, not signed differences: every cell is "<value> (<mark>)" or data tidak cukup
    assert all(re.fullmatch(r"[\d.,]+%? \([+=−]\)|data tidak\ncukup", t) for t in teks), teks


def test_hitung_matriks_hand_made():
    """Owner OPD × KKB counts from a hand-made out_aksi; columns in the given (rank) order,
    rows in referensi/opd.yaml order (dp3ap2kb before dinsos), an unknown owner kept last.

    kkb  opd        → A: dp3ap2kb 2 | B: dp3ap2kb 1, dinsos 1 | C: xyz 1 | Z (not active): ignored
    """
    aksi = pd.DataFrame(
        {
            "kkb_id": ["A", "A", "B", "B", "C", "Z"],
            "opd": ["dp3ap2kb", "dp3ap2kb", "dinsos", "dp3ap2kb", "xyz", "dinsos"],
        }
    )
    m = rekap.hitung_matriks(aksi, ["B", "A", "C"])
    assert list(m.columns) == ["B", "A", "C"]
    assert list(m.index) == ["dp3ap2kb", "dinsos", "xyz"]
    assert m.loc["dp3ap2kb"].tolist() == [1, 2, 0]
    assert m.loc["dinsos"].tolist() == [1, 0, 0]
    assert m.loc["xyz"].tolist() == [0, 0, 1]
    assert int(m.to_numpy().sum()) == 5
    kosong = rekap.hitung_matriks(pd.DataFrame(), ["A"])
    assert kosong.empty and list(kosong.columns) == ["A"]


def test_matriks_aksi_on_the_sample(r, olahan, tampil):
    b = rekap.matriks_aksi(r)
    if r.aksi.empty:
        assert "Belum ada aksi" in b.teks_gabungan
        return
    aksi = r.aksi
    for _, baris in aksi.groupby("opd").size().items():
        assert baris > 0
    assert f">{format_angka(len(aksi))}</strong>" in b.html


@pytest.mark.skipif(not _ada_kata_aksi(), reason="needs the recommendations branch (kata_aksi)")
def test_rekomendasi_have_owner_deadline_measure_target(r, tampil):
    rek = rekap.rekomendasi(r)
    if r.aksi.empty:
        assert rek == []
        return
    assert 1 <= len(rek) <= rekap.MAKS_REKOMENDASI
    for x in rek:
        assert x.pemilik and x.tenggat and x.ukuran_target
        assert all(u.ukuran and u.target and u.kkb for u in x.ukuran_target)
        assert len(x.kkb) >= rekap.MIN_KKB_KOTA
    assert [len(x.kkb) for x in rek] == sorted((len(x.kkb) for x in rek), reverse=True)


def _aksi_dua_indikator(r) -> pd.DataFrame:
    """Hand-made out_aksi: one action (kb_akses) measured by CPR in three KKB (targets 62,4 %,
    62,4 % and 58,0 %) and by mCPR in one (60,6 %), and one action (stunting) measured by
    stunting in one KKB (6,6 %) and by keluarga berisiko stunting in another (48,1 %)."""
    ids = [str(x) for x in r.kkb["kkb_id"]][:4]
    baris = [
        # kkb, code, indicator, target, basis, direction
        (ids[0], "kb_akses", "cpr_pct", 62.4, "kota_luar_kkb", "naik_baik"),
        (ids[1], "kb_akses", "cpr_pct", 62.4, "kota_luar_kkb", "naik_baik"),
        (ids[2], "kb_akses", "cpr_pct", 58.0, "tingkat_berikut", "naik_baik"),
        (ids[3], "kb_akses", "mcpr_pct", 60.6, "kota_luar_kkb", "naik_baik"),
        (ids[0], "stunting", "stunting_pct", 6.6, "kota_luar_kkb", "turun_baik"),
        (ids[1], "stunting", "krs_pct", 48.1, "kota_luar_kkb", "turun_baik"),
    ]
    opd = {"kb_akses": "dp3ap2kb", "stunting": "dinkes"}
    return pd.DataFrame(
        [
            {"tahun": TAHUN, "kkb_id": k, "urutan": i, "kode_aksi": c, "jenis_isu": "lebih_buruk",
             "indikator": ind, "nilai_sekarang": None, "nilai_target": t, "dasar_target": d,
             "arah_target": a, "opd": opd[c], "opd_pendukung": None, "tenggat": "2024-12-31"}
            for i, (k, c, ind, t, d, a) in enumerate(baris, start=1)
        ]
    )  # fmt: skip


#: The target numbers of the hand-made actions, by indicator: a printed target may only carry
#: the numbers of the indicator its measure names.
_ANGKA_TARGET = {"cpr_pct": {"62,4", "58,0"}, "mcpr_pct": {"60,6"}, "stunting_pct": {"6,6"},
                 "krs_pct": {"48,1"}}  # fmt: skip


def _label_ukuran(kolom: str) -> str:
    from kkb_analysis.indikator.katalog import katalog

    e = katalog().get(kolom)
    return f"{e.judul()} ({e.sumber.label})" if e.sumber.label else e.judul()


def _cek_target(ukuran: str, target: str) -> str:
    """The indicator named by ``ukuran``; fails when ``target`` carries another's number."""
    (kolom,) = [k for k in _ANGKA_TARGET if ukuran.startswith(_label_ukuran(k))]
    angka = set(re.findall(r"\d+,\d", target))
    assert angka and angka <= _ANGKA_TARGET[kolom], (ukuran, target)
    return kolom


@pytest.mark.skipif(not _ada_kata_aksi(), reason="needs the recommendations branch (kata_aksi)")
def test_every_printed_target_belongs_to_the_indicator_of_its_measure(r, tampil):
    """Review item 1: an action measured by different indicators in different KKB is printed
    one measure at a time; a range is only ever built from ONE indicator's targets and says
    that the target differs per KKB."""
    r.tabel["out_aksi"] = _aksi_dua_indikator(r)
    rek = {x.kode_aksi: x for x in rekap.rekomendasi(r)}
    assert set(rek) == {"kb_akses", "stunting"}
    dicek = {}
    for x in rek.values():
        for u in x.ukuran_target:
            dicek[_cek_target(u.ukuran, u.target)] = u
    assert set(dicek) == set(_ANGKA_TARGET)
    assert len(dicek["cpr_pct"].kkb) == 3 and len(dicek["mcpr_pct"].kkb) == 1
    assert dicek["cpr_pct"].target == f"≥ 58,0% s.d. 62,4%, {rekap.TARGET_PER_KKB}"
    assert dicek["mcpr_pct"].target.startswith("≥ 60,6%")
    assert len(rek["kb_akses"].kkb) == 4  # the action still counts every KKB that needs it
    # the city table: one row per (action, measure), each target with its own measure
    tabel = next(iter(rekap.rekomendasi_kota(r).tabel.values()))
    assert len(tabel) == 4
    for _, baris in tabel.iterrows():
        _cek_target(baris["Ukuran"], baris["Target"])
    # the per-OPD list: "measure: target" per row
    tabel = next(iter(rekap.daftar_aksi_opd(r).tabel.values()))
    kolom = [_cek_target(*sel.split(": ", 1)) for sel in tabel["Ukuran dan target"]]
    assert sorted(kolom) == sorted(_ANGKA_TARGET)
    with pytest.raises(ValueError):
        rekap._target_kelompok(r.tabel["out_aksi"].iloc[:4])


def test_tier_rule_sentence_follows_the_classification_rule(monkeypatch):
    """Review item 10: the ranking note states, per tier, which indices must reach 3,00 — read
    from klasifikasi.TABEL_TINGKAT (worked out by hand from the portal truth table), and a
    changed rule changes the sentence."""
    from kkb_analysis.indikator import klasifikasi as klas

    assert dict(rekap.aturan_tingkat()) == {
        "Dasar": "paling banyak satu indeks mencapai 3,00",
        "Berkembang": "indeks input dan proses mencapai 3,00, indeks output di bawah 3,00",
        "Mandiri": "indeks output dan tepat satu dari indeks input atau proses mencapai 3,00",
        "Berkelanjutan": "ketiga indeks mencapai 3,00",
    }
    lain = dict(klas.TABEL_TINGKAT)
    lain[(True, False, True)] = "Berkembang"  # a different rule: input+output is Berkembang
    monkeypatch.setattr(klas, "TABEL_TINGKAT", lain)
    monkeypatch.setattr(klas, "AMBANG_INDEKS", 2.5)
    aturan = dict(rekap.aturan_tingkat())
    assert aturan["Mandiri"] == "indeks proses dan output mencapai 2,50, indeks input di bawah 2,50"
    assert "2,50" in aturan["Berkembang"] and "3,00" not in aturan["Berkembang"]


def test_ranking_note_has_one_line_per_tier_and_one_value_columns_once(r, tampil):
    """Review items 10 and 21: the tier rule per tier under the ranking; a column with one
    value for every KKB is dropped and said once."""
    b = rekap.tabel_peringkat(r)
    for tingkat, syarat in rekap.aturan_tingkat():
        assert f"<li><strong>{tingkat}</strong>: {syarat}.</li>" in b.html
    kual = rekap.status_kualitas(r.tabel["out_kelengkapan"])
    satu = kual["status"].nunique() == 1
    kepala = '<th class="teks" style="text-align:left">Kelengkapan data</th>'
    assert (kepala in b.html) is not satu
    if satu:
        assert f"Kelengkapan data semua KKB: {kual['status'].iloc[0]}" in b.teks_gabungan
    # a KKB with other data quality brings the column back
    kel = r.tabel["out_kelengkapan"].copy()
    pertama = kel["kkb_id"].iloc[0]
    kel.loc[kel["kkb_id"] == pertama, "status"] = "tidak ada"
    r.tabel["out_kelengkapan"] = kel
    b = rekap.tabel_peringkat(r)
    assert "Kelengkapan data</th>" in b.html and "Kurang" in b.html


def test_ranking_without_last_year_says_it_once(data_dir, tampil):
    """2022 (no 2021 built): no per-row "tahun lalu belum diolah"; one sentence instead."""
    r = rekap.muat_kota(2022, data_dir)
    b = rekap.tabel_peringkat(r)
    assert "tahun lalu belum diolah" not in b.html
    assert "Tingkat 2021" not in b.html and ">Perubahan</th>" not in b.html
    assert b.teks_gabungan.count("data tahun 2021 belum diolah") == 1


def test_kontak_or_its_visible_placeholder(r, tampil, monkeypatch):
    from kkb_analysis.laporan import dinas as dinas_mod

    asli = dinas_mod.identitas_dinas(r.settings or None)
    kosong = dataclasses.replace(asli, kontak=())
    monkeypatch.setattr(rekap, "identitas_dinas", lambda *_a, **_k: kosong)
    assert "[Kontak dinas belum diisi]" in rekap.kontak(r).html
    isi = dataclasses.replace(asli, kontak=("Telepon: (0254) 123", "Surel: dp@x.go.id"))
    monkeypatch.setattr(rekap, "identitas_dinas", lambda *_a, **_k: isi)
    html = rekap.kontak(r).html
    assert "Telepon: (0254) 123; Surel: dp@x.go.id" in html and "belum diisi" not in html


def _titik_peta(g) -> int:
    ax = g.figure.axes[0]
    return sum(len(c.get_offsets()) for c in ax.collections if str(c.get_gid()).startswith("kkb_"))


def test_peta_one_point_per_kkb_and_kecamatan_names(r, olahan, tampil):
    core = olahan["core_kkb"]
    aktif = core[core["kkb_id"].isin(olahan["kkb"]["kkb_id"])]
    n_koordinat = int((aktif["latitude"].notna() & aktif["longitude"].notna()).sum())
    b = rekap.peta(r)
    ax = b.grafik[0].figure.axes[0]
    assert _titik_peta(b.grafik[0]) == n_koordinat
    labels = [t for t in ax.texts if t.get_gid() == "label_kkb"]
    assert len(labels) == n_koordinat
    kec = {t.get_text() for t in ax.texts if t.get_gid() == "label_kecamatan"}
    wil = load_reference("wilayah")
    assert kec == {k["nama"].upper() for k in wil["kecamatan"]}
    assert "Data KKB 2023 (koordinat)" in b.grafik[0].sumber


def test_peta_says_how_many_without_coordinates(r, olahan, tampil):
    master = r.kkb_master.copy()
    hilang = olahan["kkb"]["kkb_id"].iloc[0]
    master.loc[master["kkb_id"] == hilang, ["latitude", "longitude"]] = float("nan")
    r.kkb_master = master
    b = rekap.peta(r)
    assert _titik_peta(b.grafik[0]) == len(olahan["kkb"]) - 1
    nama = olahan["kkb"]["nama_wilayah"].iloc[0]
    assert f"1 KKB belum memiliki koordinat dan tidak digambar: {_pendek(nama)}" in b.teks_gabungan


def test_peta_labels_do_not_overlap(r, tampil):
    """Review item 14: no latitude/longitude axes; every KKB and kecamatan name is inside the
    map, on no KKB point and on no other name; leaders never cross."""
    g = rekap.peta(r).grafik[0]
    fig = g.figure
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    ax = fig.axes[0]
    assert not ax.get_xticks().size and not ax.get_yticks().size
    renderer = canvas.get_renderer()
    label = [t for t in ax.texts if t.get_gid() in ("label_kkb", "label_kecamatan")]
    kotak = [Text.get_window_extent(t, renderer) for t in label]
    assert len({t.get_gid() for t in label}) == 2
    batas = ax.get_window_extent(renderer)
    for i, a in enumerate(kotak):
        assert batas.x0 <= a.x0 and a.x1 <= batas.x1 and batas.y0 <= a.y0 and a.y1 <= batas.y1
        for b in kotak[i + 1 :]:
            assert not a.overlaps(b), (label[i].get_text(), b)
    titik = [
        ax.transData.transform(xy)
        for c in ax.collections
        if str(c.get_gid()).startswith("kkb_")
        for xy in c.get_offsets()
    ]
    for t, a in zip(label, kotak, strict=True):
        for x, y in titik:
            assert not (a.x0 - 3 < x < a.x1 + 3 and a.y0 - 3 < y < a.y1 + 3), t.get_text()
    garis = [
        (t.xy, t.get_window_extent(renderer))
        for t in label
        if t.get_gid() == "label_kkb" and t.arrow_patch is not None
    ]
    ruas = [
        (tuple(ax.transData.transform(xy)), ((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2))
        for xy, b in garis
    ]
    for i, (p, q) in enumerate(ruas):
        for u, v in ruas[i + 1 :]:
            assert not grafik._ruas_berpotongan(p, q, u, v)


def test_ruas_berpotongan_hand_made():
    assert grafik._ruas_berpotongan((0, 0), (2, 2), (0, 2), (2, 0))  # an X
    assert not grafik._ruas_berpotongan((0, 0), (1, 0), (0, 1), (1, 1))  # parallel
    assert not grafik._ruas_berpotongan((0, 0), (1, 1), (2, 2), (3, 0))  # apart


def test_bagendung_point_lies_in_kecamatan_cilegon():
    """Review item 14: Bagendung (36.72.02.1001) is in Kec. Cilegon; its point (source: npm
    geografis 1.3.2, district "Cilegon") is nearer the other Kec. Cilegon kelurahan than the
    Kec. Ciwandan ones, so the map shows it among them."""
    titik = load_reference("titik_kelurahan")["titik"]

    def jarak(kode_kec: str) -> float:
        lain = [v for k, v in titik.items() if k.startswith(kode_kec) and k != "36.72.02.1001"]
        lat = sum(v[0] for v in lain) / len(lain)
        lon = sum(v[1] for v in lain) / len(lain)
        b = titik["36.72.02.1001"]
        return ((b[0] - lat) ** 2 + (b[1] - lon) ** 2) ** 0.5

    assert jarak("36.72.02") < jarak("36.72.04")


# ------------------------------------------------------------------------ place names, text
def _kunci(nama: str) -> str:
    return re.sub(r"[^a-z]", "", nama.lower())


def test_kkb_names_use_the_kemendagri_spelling_of_their_kelurahan():
    """referensi/wilayah.yaml: a KKB named after its kelurahan carries the kelurahan's canonical
    (Kemendagri) name, never one of its spelling variants (e.g. "Deringo" for Dringo)."""
    wil = load_reference("wilayah")
    kel = {k["kode"]: k for k in wil["kelurahan"]}
    alias = wil.get("alias_kelurahan") or {}
    for k in wil["kkb"]:
        kelurahan = kel[k["kode_kelurahan"]]
        bentuk = {_kunci(kelurahan["nama"])} | {_kunci(v) for v in kelurahan.get("varian", [])}
        kunci = alias.get(_kunci(k["nama"]), _kunci(k["nama"]))
        if kunci in bentuk or _kunci(k["nama"]) in bentuk:
            assert k["nama"] == kelurahan["nama"], (k["nama"], kelurahan["nama"])
    # the check can fail: the old spelling is a variant
    assert "Deringo" in kel["36.72.08.1002"]["varian"]


def _teks_dokumen(r) -> str:
    bagian = _semua(r)
    teks = []
    for b in bagian:
        teks += [b.judul, b.teks_gabungan, *b.tabel, *b.sumber_tabel.values()]
        teks += [f"{g.judul} {g.sumber}" for g in b.grafik]
        for g in b.grafik:
            for ax in g.figure.axes:
                teks += [t.get_text() for t in ax.texts]
                teks += [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
    return "\n".join(teks)


def test_one_spelling_of_every_place_in_the_summary(r, tampil):
    """No kelurahan spelling variant appears in the rendered summary (unless the variant is the
    canonical name of another area, e.g. the kecamatan Gerogol)."""
    teks = _teks_dokumen(r)
    wil = load_reference("wilayah")
    kanonik = {a["nama"] for bag in ("kelurahan", "kecamatan") for a in wil[bag]}
    for k in wil["kelurahan"]:
        for v in k.get("varian", []):
            if v in kanonik:
                continue
            assert not re.search(rf"\b{re.escape(v)}\b", teks), (v, k["nama"])
    assert "Dringo" in teks


#: Developer text that must never reach the summary (issue 12, item 9).
POLA_PENGEMBANG = (
    r"docs/", r"data/processed", r"\.csv\b", r"\.parquet\b", r"masalah_data", r"\[asumsi\]",
    r"\bKKB-\d{10}-\d{2}\b", r"\b[a-z]+_[a-z_]+\b", r"half_even", r"\bnull\b", r"\bNA\b",
    r"\baturan bertanda\b", r"out_\w+",
)  # fmt: skip


def test_no_developer_text_in_the_summary(r, tampil):
    teks = _teks_dokumen(r)
    for pola in POLA_PENGEMBANG:
        assert not re.search(pola, teks), (pola, re.search(pola, teks))


def test_every_table_and_chart_has_a_source(r, tampil):
    for b in _semua(r):
        for judul in b.tabel:
            if judul == "Istilah yang dipakai":
                continue
            assert b.sumber_tabel[judul].startswith("Sumber: "), (b.judul, judul)
            assert "2023" in b.sumber_tabel[judul]
        for g in b.grafik:
            assert g.sumber.startswith("Sumber: ") and "2023" in g.sumber


def test_escaping_hostile_kkb_name(r, tampil):
    wide = r.wilayah.copy()
    wide["nama_wilayah"] = wide["nama_wilayah"].astype("string")
    kkb_id = r.kkb["kkb_id"].iloc[0]
    wide.loc[wide["wilayah_id"] == f"kkb:{kkb_id}", "nama_wilayah"] = JAHAT
    r.tabel["out_wilayah"] = wide
    for f in (rekap.pokok, rekap.tabel_peringkat, rekap.peta_panas, rekap.peta):
        b = f(r)
        assert "<script>" not in b.html, f.__name__
        for g in b.grafik:
            g.ke_png()  # "$x^2$" must not be parsed as mathtext
            teks = [t.get_text() for ax in g.figure.axes for t in ax.texts]
            teks += [t.get_text() for ax in g.figure.axes for t in ax.get_yticklabels()]
            assert any("<script>" in t and r"\$x^2\$" in t for t in teks), f.__name__
    shown = _teks_tampil(tampil)
    assert "<script>" not in shown
    assert "&lt;script&gt;" in shown


# ------------------------------------------------------------------------------------- PDF
def test_ranking_table_stays_on_one_pdf_page(r, tampil, tmp_path):
    """The ranking table printed after enough text to end a page mid-table still lands on ONE
    page: every KKB name of the table is on the same PDF page."""
    from kkb_analysis.laporan import ekspor

    try:
        ekspor.find_browser()
    except ekspor.BrowserTidakDitemukan:
        pytest.skip("Chromium tidak tersedia")
    b = rekap.tabel_peringkat(r)
    isi = "\n".join(f"<p>Paragraf pengisi nomor {i}.</p>" for i in range(30))
    html = (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><style>{ekspor.REPORT_CSS}'
        f"{rekap.GAYA}</style></head><body>{isi}{b.html}</body></html>"
    )
    masuk = tmp_path / "peringkat.html"
    masuk.write_text(html, encoding="utf-8")
    with ekspor.PdfPrinter() as p:
        pdf = p.print_pdf(masuk, tmp_path / "peringkat.pdf", "uji")
    from pypdf import PdfReader

    halaman = [pg.extract_text() or "" for pg in PdfReader(pdf).pages]
    assert len(halaman) >= 2  # the filler really pushed the table over a page boundary
    nama = [_pendek(n) for n in r.kkb["nama_wilayah"]]
    letak = {n: [i for i, t in enumerate(halaman) if n.split()[0] in t] for n in nama}
    tempat = {i for v in letak.values() for i in v if "Peringkat 13" in halaman[i]}
    assert len(tempat) == 1, letak
    (i,) = tempat
    assert all(n.split()[0] in halaman[i] for n in nama)


# ---------------------------------------------------------------------------------- notebook
def test_execute_rekap_notebook(data_dir, tmp_path, monkeypatch):
    keluaran, teks = eksekusi_notebook(
        NOTEBOOK,
        tmp_path / "rekap_kota.ipynb",
        {"tahun": TAHUN, "data_dir": str(data_dir)},
        monkeypatch,
    )
    assert "Ringkasan Kota" in teks
    assert '<nav class="daftar-isi"></nav>' in teks
    # heat map and map: as PNG outputs or as PNG data URIs inside the HTML figures
    gambar = sum("image/png" in o.get("data", {}) for o in keluaran)
    assert gambar + teks.count("data:image/png;base64,") == 2
