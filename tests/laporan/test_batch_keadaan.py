"""``kkb laporan --kkb X`` end to end: the other documents are "tidak dijalankan", the ones
whose inputs changed "usang" — in the summary, the status page and the landing page — and an
older failure stays failed with its last outcome shown.

Smallest setup: two KKB, no PDF, the shared city's 2023 tables linked (one table copied so it
can change).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from kkb_analysis.laporan import batch
from kkb_analysis.laporan.keadaan import keadaan
from tests.salin import salin_tahun
from tests.teks_pembaca import teks_pengembang, teks_tampak_html

TAHUN = 2023
SEHAT = "KKB-3672051004-01"
RUSAK = "KKB-3672011004-01"
LAIN = "KKB-3672081002-01"
DOK = ("profil", "laporan", "lampiran")


@pytest.fixture
def kota(kota_sampel, tmp_path):
    return salin_tahun(kota_sampel, tmp_path, TAHUN)


def _rusakkan(aksi: pd.DataFrame, kkb_id: str) -> pd.DataFrame:
    """The actions of one KKB with an action code no report knows (breaks its laporan)."""
    out = aksi.copy()
    out["kode_aksi"] = out["kode_aksi"].astype("string")
    out.loc[out["kkb_id"].astype("string").eq(kkb_id), "kode_aksi"] = "aksi_tak_dikenal"
    return out


def _sup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _keadaan(r: batch.RingkasanRun) -> dict[str, str]:
    return {e.tugas_id: keadaan(e) for e in r.entri}


def test_partial_run_after_an_input_changed(kota):
    berkas = kota.processed_year(TAHUN) / "out_aksi.parquet"
    asli = pd.read_parquet(berkas)
    _rusakkan(asli, RUSAK).to_parquet(berkas)
    r1 = batch.jalankan_laporan(
        kota, TAHUN, kkb=[SEHAT, LAIN, RUSAK], pekerja=2, pdf=False, progres=False
    )
    st1 = _keadaan(r1)
    assert {st1[f"{RUSAK}/{d}"] for d in DOK} == {"gagal"}, batch.format_ringkasan(r1)
    assert {st1[f"{k}/{d}"] for k in (SEHAT, LAIN) for d in DOK} == {"berhasil"}
    # the input changes (repaired), then only SEHAT is asked for
    asli.to_parquet(berkas)
    r2 = batch.jalankan_laporan(kota, TAHUN, kkb=[SEHAT], pdf=False, progres=False)
    st2 = _keadaan(r2)
    assert {st2[f"{SEHAT}/{d}"] for d in DOK} == {"berhasil"}  # its key changed: rendered
    assert {st2[f"{LAIN}/{d}"] for d in DOK} == {"usang"}
    # failed before, not re-run: "tidak dijalankan" (never "berhasil", never "usang")
    assert {st2[f"{RUSAK}/{d}"] for d in DOK} == {"tidak dijalankan"}
    lain = {k: s for k, s in st2.items() if not k.startswith((SEHAT, RUSAK, LAIN))}
    assert len(lain) == 3 * 10 + 1 and set(lain.values()) == {"belum dibuat"}
    assert not r2.ada_gagal  # this run's documents all succeeded

    teks = batch.format_ringkasan(r2)
    # RUSAK's failures are rows above; the rest (11 KKB + the summary) collapsed
    assert "Juga tidak dijalankan kali ini: 11 KKB lain dan rekap kota (34 dokumen)." in teks
    assert f"3 usang (masukan berubah sejak dibuat): {LAIN}." in teks
    assert f"'kkb laporan --tahun {TAHUN} --kkb {LAIN}'" in teks
    for d in DOK:
        baris = next(b for b in teks.splitlines() if b.startswith(f"{RUSAK}/{d}"))
        assert "tidak dijalankan" in baris and "terakhir gagal" in baris
    assert "3 berhasil, 0 gagal; 6 tidak dijalankan, di antaranya 3 usang; 31 belum dibuat" in teks

    folder = kota.reports_year(TAHUN)
    m = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert m["laporan"][f"{RUSAK}/laporan"]["status"] == "gagal"  # --ulang-gagal finds it
    assert m["laporan"][f"{LAIN}/profil"]["usang"] is True
    assert m["jumlah"]["usang"] == 3 and m["jumlah"]["tidak dijalankan"] == 3

    status = _sup(folder / "status.html")
    kata = {
        (tr.select_one('td[data-label="Kampung KB"]').get_text(),
         tr.select_one('td[data-label="Dokumen"]').get_text()):
        tr.select_one("span.status").get_text()
        for tr in status.select("tbody tr")
    }  # fmt: skip
    nama = {k["kkb_id"]: k["nama"] for k in m["kkb"]}
    label = ("Profil", "Laporan", "Lampiran")
    assert {kata[(nama[LAIN], d)] for d in label} == {"Usang"}
    assert {kata[(nama[RUSAK], d)] for d in label} == {"Tidak dijalankan"}
    assert {kata[(nama[SEHAT], d)] for d in label} == {"Berhasil"}

    beranda = _sup(kota.reports / "index.html")
    baris = {tr.strong.get_text(): tr for tr in beranda.select(f"#tahun-{TAHUN} tbody tr")}
    assert len(baris[nama[LAIN]].select("ul.dok li span.usang")) == 3
    assert not baris[nama[SEHAT]].select("span.usang")
    assert len(baris[nama[SEHAT]].select("ul.dok li span.dibuat")) == 3
    assert not baris[nama[RUSAK]].select("a")  # failed: nothing to read
    assert beranda.select_one(f"#tahun-{TAHUN} p.peringatan") is not None
    assert teks_pengembang(teks_tampak_html(str(beranda))) == []

    # the stale KKB asked for: rendered again (its key changed), no longer stale anywhere
    r3 = batch.jalankan_laporan(kota, TAHUN, kkb=[LAIN], pdf=False, progres=False)
    st3 = _keadaan(r3)
    assert {st3[f"{LAIN}/{d}"] for d in DOK} == {"berhasil"}
    assert {st3[f"{SEHAT}/{d}"] for d in DOK} == {"tidak dijalankan"}
    assert r3.hitung("usang") == 0
    assert not _sup(kota.reports / "index.html").select("span.usang")
    assert not _sup(folder / "status.html").select("span.status-usang")


def test_one_document_of_one_kkb(kota):
    """kkb laporan --kkb X --dokumen laporan: that document only, the others untouched."""
    r = batch.jalankan_laporan(
        kota, TAHUN, kkb=[SEHAT], dokumen=["laporan"], pekerja=2, pdf=False, progres=False
    )
    st = _keadaan(r)
    assert st[f"{SEHAT}/laporan"] == "berhasil", batch.format_ringkasan(r)
    dijalankan = {k for k, v in st.items() if v in ("berhasil", "gagal", "dilewati")}
    assert dijalankan == {f"{SEHAT}/laporan"}
    folder = kota.reports_year(TAHUN) / SEHAT
    assert (folder / "laporan.html").is_file()
    assert not (folder / "profil.html").exists() and not (folder / "lampiran.html").exists()
    m = json.loads((kota.reports_year(TAHUN) / "manifest.json").read_text(encoding="utf-8"))
    assert m["parameter"]["dokumen"] == ["laporan"]
    # the city summary alone
    r2 = batch.jalankan_laporan(kota, TAHUN, dokumen=["rekap_kota"], pdf=False, progres=False)
    assert {k for k, v in _keadaan(r2).items() if v == "berhasil"} == {"rekap_kota"}
