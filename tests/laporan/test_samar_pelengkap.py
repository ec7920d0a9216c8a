"""Complementary suppression: hand-worked groups for the algorithm, and a whole sample city
whose printed per-RW tables (both report sections and the workbook) are attacked by
subtraction from the printed KKB totals."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kkb_analysis.indikator.katalog import katalog
from kkb_analysis.laporan.format import (
    HITUNGAN_TERSAMAR,
    pelengkap,
    pola_tersamar,
    rentang_tersamar,
    suppress_small_cells,
)

T, F = True, False
INF = math.inf


# ------------------------------------------------------------------------ feasible ranges by hand
@pytest.mark.parametrize(
    ("batas", "sisa", "rentang"),
    [
        ([(0, 4)], 2, [(2, 2)]),  # one hidden cell: total − printed gives it away
        ([(0, 4), (0, 4)], 3, [(0, 3), (0, 3)]),  # two small cells summing to 3
        ([(0, 4), (0, 4)], 8, [(4, 4), (4, 4)]),  # both at the top of their range
        ([(0, 4), (0, 4)], 0, [(0, 0), (0, 0)]),  # both zero
        ([(0, 4), (5, INF)], 12, [(0, 4), (8, 12)]),  # x ≤ 12 − 5 is 4 anyway; c ≥ 12 − 4
        ([(0, 4), (5, 9)], 5, [(0, 0), (5, 5)]),  # a complement ≥ 5 leaves 0 for the small cell
    ],
)
def test_rentang_tersamar_by_hand(batas, sisa, rentang):
    assert rentang_tersamar(batas, sisa) == rentang


# ----------------------------------------------------------------------- one group, by hand
@pytest.mark.parametrize(
    ("nilai", "primer", "tambah"),
    [
        # the case: a RW stunting count of 2 next to the KKB total and the other RW
        ([2, 6], [T, F], [F, T]),
        # 2 alone is small: the next-smallest 7 goes; x ∈ [0, 4], c ∈ [5, 9]: both open
        ([2, 7, 9], [T, F, F], [F, T, F]),
        # tie 6, 6: the first goes; c ∈ [5, 6] and x = 9 − c ∈ [3, 4]: open
        ([3, 6, 6, 20], [T, F, F, F], [F, T, F, F]),
        # 0 alone; complement 5 ≥ 5 pins 0 (= 5 − 5), so 10 goes too: x ∈ [0, 4]
        ([0, 5, 10, 200], [T, F, F, F], [F, T, T, F]),
        # two small cells summing to 3 need no complement
        ([3, 0, 12, 40], [T, T, F, F], [F, F, F, F]),
        # two zeros sum to 0 (pinned): 7 goes; 0 + 0 + c = 7 with c ∈ [5, 9]: x ∈ [0, 2]
        ([0, 0, 7, 9], [T, T, F, F], [F, F, T, F]),
        # nothing small, nothing to do; one RW only: the KKB total is the cell, nothing to do
        ([5, 8], [F, F], [F, F]),
        ([3], [T], [F]),
        # a missing count: the total relation is not exact, nothing added
        ([2, None, 9], [T, F, F], [F, F, F]),
    ],
)
def test_pelengkap_by_hand(nilai, primer, tambah):
    assert pelengkap(nilai, primer, 5) == tambah


def test_pelengkap_shown_zero_is_not_a_candidate():
    """With zeros shown a 0 is printed; hiding it as a complement (≥ 5) would be false."""
    assert pelengkap([1, 0, 8], [T, F, F], 5, tampilkan_nol=True) == [F, F, T]


def test_pelengkap_length_mismatch():
    with pytest.raises(ValueError):
        pelengkap([1, 2], [T])


def test_pola_groups_and_percentages():
    """Two KKB: the complement stays inside each KKB; a percentage goes with its basis."""
    frame = pd.DataFrame(
        {
            "kkb_id": ["A", "A", "A", "B", "B"],
            "n_balita_diukur": [20, 9, 30, 3, 4],
            "n_stunting": [2, 6, 7, 1, 0],
            "stunting_pct": [10.0, 66.7, 23.3, 33.3, 0.0],
        }
    )
    pola = pola_tersamar(
        frame, ["n_balita_diukur", "n_stunting"], 5, persen=["stunting_pct"], kelompok=["kkb_id"]
    )
    # A: stunting 2 alone small → 6 complementary; B: 1 and 0 small (sum 1: open)
    assert pola["n_stunting"].tolist() == ["kecil", "pelengkap", "", "kecil", "kecil"]
    # diukur: A nothing small; B both small (3 + 4 = 7: each 3–4, open)
    assert pola["n_balita_diukur"].tolist() == ["", "", "", "kecil", "kecil"]
    assert pola["stunting_pct"].tolist() == ["persen", "persen", "", "persen", "persen"]
    # without groups (kelompok=None) no complement: the old per-cell rule
    alt = pola_tersamar(frame, ["n_stunting"], 5)
    assert alt["n_stunting"].tolist() == ["kecil", "", "", "kecil", "kecil"]


def test_suppress_prints_complement_and_note():
    frame = pd.DataFrame({"n_krs": [2, 6, 11]})
    tabel, catatan = suppress_small_cells(frame, ["n_krs"], 5, kelompok=())
    assert tabel["n_krs"].tolist() == ["< 5", HITUNGAN_TERSAMAR, "11"]
    assert catatan == (
        'Angka di bawah 5 ditampilkan sebagai "< 5" untuk melindungi kerahasiaan. '
        'Angka lain ditulis "disamarkan" agar angka kecil tidak dapat dihitung dari jumlah total.'
    )


# ------------------------------------------------------------- attacking a whole rendered city
KOLOM_PERSEN = {
    "krs_pct": ("n_krs", "n_keluarga_sasaran"),
    "stunting_pct": ("n_stunting", "n_balita_diukur"),
}


def _baca_sel(teks, persen: bool = False):
    """What a reader learns from a printed cell: ("angka", v), ("kecil",), ("pelengkap",) or
    ("samar",) for a hidden percentage; ``None`` for "data tidak cukup"."""
    if teks is None:
        return ("samar",) if persen else None
    if isinstance(teks, int | float):
        return ("angka", float(teks))
    teks = str(teks)
    if teks.startswith("< "):
        return ("kecil",)
    if teks == "disamarkan":
        return ("samar",) if persen else ("pelengkap",)
    if teks == "data tidak cukup":
        return None
    return ("angka", float(teks.rstrip("%").replace(".", "").replace(",", ".")))


def _serang(total: float, sel: list, ambang: int) -> list[int]:
    """The attacker: positions of hidden cells whose value follows from the printed total by
    bound propagation (not the module's closed form). A complementary cell is taken to lie in
    [ambang, smallest printed count ≥ ambang], i.e. the attacker knows the selection rule."""
    angka = [s[1] for s in sel if s[0] == "angka"]
    atas = min([a for a in angka if a >= ambang], default=INF)
    ix = [i for i, s in enumerate(sel) if s[0] != "angka"]
    lo = {i: 0.0 if sel[i][0] == "kecil" else float(ambang) for i in ix}
    hi = {i: float(ambang - 1) if sel[i][0] == "kecil" else atas for i in ix}
    sisa = total - sum(angka)
    for _ in range(50):
        ubah = False
        for i in ix:
            lain_hi = sum(hi[j] for j in ix if j != i)
            lain_lo = sum(lo[j] for j in ix if j != i)
            baru = (max(lo[i], sisa - lain_hi), min(hi[i], sisa - lain_lo))
            if baru != (lo[i], hi[i]):
                lo[i], hi[i], ubah = baru[0], baru[1], True
        if not ubah:
            break
    return [i for i in ix if lo[i] == hi[i]]


def _sel_lembar(sel) -> tuple[str, ...] | object | None:
    """What a reader learns from a workbook cell: a hidden cell is EMPTY with a note saying why
    ("Disamarkan: kurang dari …" = small, "Disamarkan: agar …" = complementary, "Disamarkan:
    pembilang atau penyebut …" = a hidden percentage)."""
    catatan = sel.comment.text if sel.comment is not None else ""
    if sel.value is None and catatan.startswith("Disamarkan: kurang dari"):
        return ("kecil",)
    if sel.value is None and catatan.startswith("Disamarkan: agar"):
        return ("pelengkap",)
    if sel.value is None and catatan.startswith("Disamarkan: pembilang"):
        return ("samar",)
    return _baca_sel(sel.value)


def _pengetahuan_lembar(path, folder: Path) -> tuple[dict, dict]:
    """From the workbook alone: KKB totals (sheet Indikator KKB) and the Per RW cells. The Per
    RW sheet's headers are Indonesian labels; the header → column map is the one the sheet's
    Keterangan documents (lembar.lembar_rw_pembaca), the attack itself reads cells only."""
    from kkb_analysis.laporan.lembar import lembar_rw_pembaca

    wb = openpyxl.load_workbook(path)
    ws = wb["Indikator KKB"]
    kepala = [c.value for c in ws[1]]
    total = {
        r["kkb_id"]: r
        for r in (
            dict(zip(kepala, v, strict=True)) for v in ws.iter_rows(min_row=2, values_only=True)
        )
        if r["jenis_wilayah"] == "kkb"
    }
    _, _, asal = lembar_rw_pembaca(
        pd.read_parquet(folder / "out_rw.parquet"),
        pd.read_parquet(folder / "out_wilayah.parquet"),
        5,
        katalog(),
    )
    ws = wb["Per RW"]
    kolom = [asal[c.value][1] for c in ws[1]]
    sel = {}
    for baris in ws.iter_rows(min_row=2):
        r = dict(zip(kolom, baris, strict=True))
        for k, c in r.items():
            if k.startswith("n_") or k.endswith("_pct"):
                isi = _sel_lembar(c)
                if k.endswith("_pct") and isi == ("pelengkap",):
                    isi = ("samar",)
                sel[(r["kkb_id"].value, r["rw"].value or "tidak tercatat", k)] = isi
    return total, sel


def _pengetahuan_laporan(kkb_id: str, data_dir) -> dict:
    """The per-RW cells printed by the appendix of one KKB (both per-RW tables)."""
    from kkb_analysis.laporan import bagian
    from kkb_analysis.laporan.bagian_profil import KOLOM_RW_KEPENDUDUKAN, KOLOM_RW_STUNTING

    d = bagian.muat(kkb_id, 2023, data_dir)
    sel = {}
    semua = bagian.tabel_per_rw(d).tabel  # the appendix prints every per-RW table
    for judul, kolom in (
        ("Sebaran per RW: keluarga, penduduk dan balita", KOLOM_RW_KEPENDUDUKAN),
        ("Sebaran per RW: keluarga berisiko stunting dan stunting", KOLOM_RW_STUNTING),
    ):
        tabel = [semua[judul]] if judul in semua else []
        for t in tabel:
            for r in t.itertuples(index=False):
                rw = r[0].removeprefix("RW ")
                for (_, k), teks in zip(kolom, r[1:], strict=True):
                    sel[(kkb_id, rw, k)] = _baca_sel(teks, k.endswith("_pct"))
    return sel


def _terbongkar(total: dict, sumber: list[dict], ambang: int) -> list[tuple]:
    """Every hidden cell recoverable from everything printed (all sources together)."""
    tahu: dict = {}
    for s in sumber:
        for kunci, v in s.items():
            if v is None:
                continue
            lama = tahu.get(kunci)
            if lama is None or (lama[0] != "angka" and v[0] == "angka"):
                tahu[kunci] = v
    hasil = []
    grup: dict = {}
    for (kkb, rw, k), v in tahu.items():
        grup.setdefault((kkb, k), []).append((rw, v))
    for (kkb, k), isi in grup.items():
        if k.endswith("_pct"):
            for rw, v in isi:  # a printed rate with one hidden basis count gives it away
                num, den = (tahu.get((kkb, rw, b)) for b in KOLOM_PERSEN[k])
                if v[0] == "angka" and {num[0], den[0]} != {"angka"}:
                    hasil.append((kkb, rw, k))
            continue
        t = float(total[kkb][k])
        if t == 0 or len(isi) == 1:
            continue  # the KKB figure itself (printed by design) says it: not a table leak
        for i in _serang(t, [v for _, v in isi], ambang):
            hasil.append((kkb, isi[i][0], k))
    # a cell hidden in one place but printed in another
    for s in sumber:
        for kunci, v in s.items():
            if v is not None and v[0] != "angka" and tahu[kunci][0] == "angka":
                hasil.append(kunci)
    return hasil


@pytest.mark.usefixtures("tampil")
def test_no_hidden_cell_of_the_city_is_recoverable(data_dir, tmp_path):
    """Render the workbook and both per-RW report tables of every KKB of the sample city,
    then try to recover each hidden cell by subtraction from the printed KKB totals (and
    from printed rates): none can be."""
    from kkb_analysis.config import get_paths
    from kkb_analysis.laporan.lembar import tulis_xlsx

    path = tmp_path / "indikator_kkb.xlsx"
    olahan = get_paths(data_dir=data_dir).processed_year(2023)
    tulis_xlsx(path, olahan, 2023, {})
    total, lembar = _pengetahuan_lembar(path, olahan)
    laporan: dict = {}
    for kkb in total:
        laporan |= _pengetahuan_laporan(kkb, data_dir)
    assert any(v == ("pelengkap",) for v in lembar.values())  # the rule did work here
    assert {k for k, v in laporan.items() if v} <= set(lembar)  # same cells, same keys
    assert _terbongkar(total, [lembar, laporan], 5) == []

    # the attacker has teeth: on the old one-cell rule it recovers cells of this city
    rw = pd.read_parquet(get_paths(data_dir=data_dir).processed_year(2023) / "out_rw.parquet")
    lama = rw.astype(object).copy()
    pola = pola_tersamar(rw, [k for k in rw if k.startswith("n_")], 5, persen=list(KOLOM_PERSEN))
    for k in pola:
        lama.loc[pola[k].ne("").to_numpy(bool), k] = "< 5" if k.startswith("n_") else None
    sel_lama = {
        (r["kkb_id"], r["rw"] if isinstance(r["rw"], str) else "tidak tercatat", k): _baca_sel(
            r[k], k.endswith("_pct")
        )
        for r in lama.to_dict("records")
        for k in pola
    }
    assert len(_terbongkar(total, [sel_lama], 5)) > 0
