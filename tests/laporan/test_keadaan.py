"""The honest run summary: documents a run did not render are "tidak dijalankan" (with their
last outcome and time) or "usang" (made, but their inputs changed since), never "berhasil" with
an old duration — in the terminal summary, on the status page and on the landing page.

Unit tests on hand-built manifest entries (fast); the plan on the shared built city (reads
files, renders nothing). The end-to-end run is in ``test_batch_keadaan.py``.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kkb_analysis.config import get_paths
from kkb_analysis.laporan import batch, rencana
from kkb_analysis.laporan.dinas import identitas_dinas
from kkb_analysis.laporan.indeks import (
    WARNA_STATUS,
    WARNA_USANG,
    kontras,
    tulis_beranda,
    tulis_status_run,
)
from kkb_analysis.laporan.keadaan import keadaan, teks_waktu
from kkb_analysis.laporan.manifest import Entri, RingkasanRun
from kkb_analysis.laporan.rencana import InfoKkb
from tests.salin import salin_tahun
from tests.teks_pembaca import teks_pengembang, teks_tampak_html

TAHUN = 2023
#: Four KKB: A run now; B made before and still current; C made before, inputs changed since
#: (stale); D failed last time. Plus the city summary, stale.
A, B, C, D = (f"KKB-36720{i}1001-01" for i in range(1, 5))
DOK = ("profil", "laporan", "lampiran")
KEMARIN = "2026-12-07T09:40:12"  # naive ISO: shown as written, whatever the machine's zone


def _e(tugas_id: str, status: str, **kw) -> Entri:
    return Entri(tugas_id, f"Judul {tugas_id}", "k" * 64, status=status, **kw)


def _entri() -> list[Entri]:
    """The record of `kkb laporan --kkb A` after earlier runs (see the constants above)."""
    out = [_e(f"{A}/{d}", "berhasil", durasi_detik=2.0, dipilih=True,
              terakhir_dijalankan="2026-12-08T10:00:00") for d in DOK]  # fmt: skip
    # not selected: old durations (9,9 s) that must not be shown as this run's
    out += [_e(f"{B}/{d}", "berhasil", durasi_detik=9.9, terakhir_dijalankan=KEMARIN) for d in DOK]
    out += [_e(f"{C}/{d}", "dilewati", terakhir_dijalankan=KEMARIN, usang=True) for d in DOK]
    out += [
        _e(f"{D}/profil", "berhasil", durasi_detik=9.9, terakhir_dijalankan=KEMARIN),
        _e(
            f"{D}/laporan",
            "gagal",
            durasi_detik=9.9,
            sel_gagal=7,
            sumber_sel="bagian.x",
            pesan="Tabel aksi rusak.",
            terakhir_dijalankan=KEMARIN,
        ),
        _e(f"{D}/lampiran", "belum dijalankan"),
        _e("rekap_kota", "berhasil", durasi_detik=9.9, terakhir_dijalankan=KEMARIN, usang=True),
    ]
    return out


def _ringkasan(entri: list[Entri] | None = None) -> RingkasanRun:
    return RingkasanRun(TAHUN, Path("/tmp/laporan/2023"), entri or _entri(), 12.34)


# ------------------------------------------------------------------------------ the states
def test_state_of_each_entry():
    st = {e.tugas_id: keadaan(e) for e in _entri()}
    assert {st[f"{A}/{d}"] for d in DOK} == {"berhasil"}
    assert {st[f"{B}/{d}"] for d in DOK} == {"tidak dijalankan"}
    assert {st[f"{C}/{d}"] for d in DOK} == {"usang"}
    assert st[f"{D}/profil"] == st[f"{D}/laporan"] == "tidak dijalankan"
    assert st[f"{D}/lampiran"] == "belum dibuat"
    assert st["rekap_kota"] == "usang"
    # a failed document is never "usang" (there is no document to be outdated)
    assert keadaan(_e("X/laporan", "gagal", usang=True)) == "tidak dijalankan"
    # selected this run: its outcome, whatever the record said before
    assert keadaan(_e("X/laporan", "dilewati", dipilih=True, usang=True)) == "dilewati"
    assert keadaan(_e("X/laporan", "gagal", dipilih=True)) == "gagal"


def test_time_in_indonesian_style():
    assert teks_waktu("2026-12-07T09:40:12") == "7 Des 2026 09.40"
    assert teks_waktu("2026-08-01T23:05:00", jam=False) == "1 Agu 2026"
    assert teks_waktu(None) is None and teks_waktu("kemarin") is None


def test_time_with_offset_is_shown_in_local_time(monkeypatch):
    if not hasattr(time, "tzset"):
        pytest.skip("tzset tidak tersedia")
    monkeypatch.setenv("TZ", "Asia/Jakarta")  # UTC+7
    time.tzset()
    try:
        assert teks_waktu("2026-12-07T02:40:00+00:00") == "7 Des 2026 09.40"
        assert teks_waktu("2026-12-07T23:30:00+00:00") == "8 Des 2026 06.30"
    finally:
        monkeypatch.undo()
        time.tzset()


# ------------------------------------------------------------------------- terminal summary
def test_summary_lists_this_runs_kkb_and_collapses_the_rest():
    teks = batch.format_ringkasan(_ringkasan())
    baris = teks.splitlines()
    # full rows: the three documents run now, and the older failure (needs attention)
    penuh = [b for b in baris if re.match(r"KKB-\d{10}-\d{2}/", b)]
    assert [b.split()[0] for b in penuh] == [f"{A}/{d}" for d in DOK] + [f"{D}/laporan"]
    assert all(re.search(r"berhasil\s+2,0 s$", b) for b in penuh[:3])
    gagal = penuh[3]
    assert "tidak dijalankan" in gagal and "terakhir gagal 7 Des 2026 09.40" in gagal
    assert "sel 7 (bagian.x): Tabel aksi rusak." in gagal
    assert "9,9" not in teks  # no old duration anywhere
    assert " berhasil " not in gagal
    # the rest in a few lines: 3 KKB + the city summary, 4 + 3 + 2 + 1 documents
    assert "Juga tidak dijalankan kali ini: 3 KKB lain dan rekap kota (9 dokumen)." in baris
    usang = next(b for b in baris if "usang (masukan berubah sejak dibuat)" in b)
    assert usang.strip().startswith("4 usang") and f"{C}, rekap kota" in usang
    assert "'kkb laporan --tahun 2023'" in usang  # the city summary needs a full run
    sesuai = next(b for b in baris if "masih sesuai masukan" in b)
    assert sesuai.strip() == "4 masih sesuai masukan (terakhir berhasil 7 Des 2026 09.40)."
    belum = next(b for b in baris if "belum pernah dibuat" in b)
    assert belum.strip() == f"1 belum pernah dibuat: {D} (lampiran)."
    # totals: 3 + 0; 3 (B) + 1 (D profil) + 1 (D laporan) + 4 usang = 9 not run; 1 never made
    assert "3 berhasil, 0 gagal; 9 tidak dijalankan, di antaranya 4 usang; 1 belum dibuat; " in (
        teks
    )
    assert "--ulang-gagal" in teks  # the older failure says how to repair it


def test_summary_names_the_kkb_to_run_when_only_kkb_documents_are_stale():
    entri = [e for e in _entri() if e.tugas_id != "rekap_kota"]
    teks = batch.format_ringkasan(_ringkasan(entri))
    assert f"'kkb laporan --tahun 2023 --kkb {C}'" in teks
    assert "3 usang (masukan berubah sejak dibuat): " in teks
    # no older failure listed above: the collapsed line is not "also"
    entri = [e for e in entri if e.status != "gagal"]
    teks = batch.format_ringkasan(_ringkasan(entri))
    assert "\nTidak dijalankan kali ini: 3 KKB lain (8 dokumen)." in teks


def test_full_summary_shows_every_state_in_its_row():
    teks = batch.format_ringkasan(_ringkasan(), lengkap=True)
    baris = {b.split()[0]: b for b in teks.splitlines() if b.startswith(("KKB-", "rekap"))}
    assert len(baris) == 13
    assert re.search(r"\busang\b.*masukan berubah sejak dibuat \(terakhir berhasil", baris[
        f"{C}/laporan"])  # fmt: skip
    assert f"--kkb {C}" in baris[f"{C}/laporan"]
    assert "tidak dijalankan" in baris[f"{B}/profil"]
    assert "terakhir berhasil 7 Des 2026 09.40" in baris[f"{B}/profil"]
    assert "belum dibuat" in baris[f"{D}/lampiran"]
    assert "usang" in baris["rekap_kota"] and "--kkb" not in baris["rekap_kota"]
    assert "Tidak dijalankan kali ini" not in teks


def test_full_run_summary_is_one_row_per_document():
    """Every document selected (a plain `kkb laporan`): nothing collapsed, no "tidak
    dijalankan" line; skipped ones say so."""
    entri = [_e(f"{A}/{d}", "dilewati", dipilih=True) for d in DOK]
    entri += [_e("rekap_kota", "berhasil", dipilih=True, durasi_detik=3.0)]
    teks = batch.format_ringkasan(_ringkasan(entri))
    assert teks.count("dilewati (tidak berubah)") == 4  # 3 rows + the totals
    assert "tidak dijalankan" not in teks and "usang" not in teks
    assert "1 berhasil, 0 gagal, 3 dilewati (tidak berubah); 12,3 detik." in teks


def test_an_older_failure_does_not_fail_this_run():
    r = _ringkasan()
    assert r.hitung("gagal") == 0 and not r.ada_gagal
    r.entri[0].status = "gagal"
    assert r.ada_gagal


# ------------------------------------------------------------------------------ status page
def _kkb() -> list[InfoKkb]:
    nama = ("Ayu", "Bunga", "Cempaka", "Dahlia")
    return [
        InfoKkb(k, f"Kampung KB {n}", f"Kel {n}", "Cibeber", "Mandiri")
        for k, n in zip((A, B, C, D), nama, strict=True)
    ]


def test_status_page_states_in_words_and_colour(tmp_path):
    entri = {e.tugas_id: e for e in _entri()}
    tulis_status_run(tmp_path, TAHUN, _kkb(), entri)
    sup = BeautifulSoup((tmp_path / "status.html").read_text(encoding="utf-8"), "html.parser")
    baris = {
        (tr.select_one('td[data-label="Kampung KB"]').get_text(),
         tr.select_one('td[data-label="Dokumen"]').get_text()): tr
        for tr in sup.select("tbody tr")
    }  # fmt: skip

    def status(nama: str, dok: str) -> tuple[str, str]:
        s = baris[(f"Kampung KB {nama}", dok)].select_one("span.status")
        return s["class"][1], s.get_text()

    assert status("Ayu", "Laporan") == ("status-berhasil", "Berhasil")
    assert status("Bunga", "Profil") == ("status-tidak", "Tidak dijalankan")
    assert status("Cempaka", "Lampiran") == ("status-usang", "Usang")
    assert status("Dahlia", "Laporan") == ("status-tidak", "Tidak dijalankan")
    assert status("Dahlia", "Lampiran") == ("status-belum", "Belum dibuat")
    pesan = baris[("Kampung KB Dahlia", "Laporan")].select_one("span.pesan").get_text()
    assert pesan.startswith("Terakhir gagal 7 Des 2026 09.40.") and "Tabel aksi rusak." in pesan
    usang = baris[("Kampung KB Cempaka", "Profil")].select_one("span.pesan").get_text()
    assert usang.startswith("Terakhir berhasil 7 Des 2026 09.40.") and "berubah" in usang
    # the date each document was made; no old duration for the ones not run now
    dibuat = baris[("Kampung KB Bunga", "Profil")].select_one('td[data-label="Dibuat"]')
    assert dibuat.get_text() == "7 Des 2026 09.40"
    durasi = {k: tr.select_one('td[data-label="Durasi"]').get_text() for k, tr in baris.items()}
    assert durasi[("Kampung KB Ayu", "Profil")] == "2,0 detik"
    assert durasi[("Kampung KB Bunga", "Profil")] == "–"
    assert sup.select_one("p.peringatan") is not None  # what "usang" means, how to refresh
    assert "kkb laporan --tahun 2023" in sup.select_one("p.peringatan").get_text()
    rekap = sup.find("h2", string="Rekap kota").find_next("p").get_text(" ", strip=True)
    assert "Usang" in rekap and "dibuat 7 Des 2026 09.40" in rekap
    footer = sup.footer.get_text(" ", strip=True)
    assert footer == (
        "12 dokumen Kampung KB: 3 berhasil, 0 gagal, 8 tidak dijalankan (di antaranya 3 usang), "
        "1 belum dibuat."
    )
    # the failure message above is the caller's; the page's own words carry no developer text
    teks = teks_tampak_html((tmp_path / "status.html").read_text(encoding="utf-8"))
    assert teks_pengembang(teks.replace("bagian.x", "")) == []


@pytest.mark.parametrize("latar", ["#ffffff", "#f8f9fa", "#fff8e1"])
def test_state_colours_contrast(latar, tmp_path):
    for kelas, warna in WARNA_STATUS.items():
        assert kontras(warna, latar) >= 4.5, kelas
    assert kontras(*WARNA_USANG) >= 4.5
    # and they are the colours the pages use
    tulis_status_run(tmp_path, TAHUN, _kkb(), {e.tugas_id: e for e in _entri()})
    css = BeautifulSoup((tmp_path / "status.html").read_text(), "html.parser").style.get_text()
    for kelas, warna in WARNA_STATUS.items():
        assert f".status-{kelas} {{ color: {warna}; }}" in css
    assert f".usang {{ background: {WARNA_USANG[0]}; color: {WARNA_USANG[1]};" in css


# ----------------------------------------------------------------------------- landing page
DINAS = identitas_dinas({"dokumen": {"instansi": "Dinas Contoh", "kota": "Kota Cilegon"}})


def _folder_beranda(reports: Path) -> None:
    """A reports folder with the documents of B, C and the summary; C and the summary stale."""
    folder = reports / str(TAHUN)
    for k in (A, B, C):
        (folder / k).mkdir(parents=True)
        for d in DOK:
            for j in ("html", "pdf"):
                (folder / k / f"{d}.{j}").write_text("x", encoding="utf-8")
    for j in ("html", "pdf"):
        (folder / f"rekap_kota.{j}").write_text("x", encoding="utf-8")
    laporan = {e.tugas_id: e.__dict__ for e in _entri()}
    kkb = [k.__dict__ for k in _kkb()]
    (folder / "manifest.json").write_text(
        json.dumps({"tahun": TAHUN, "laporan": laporan, "kkb": kkb}), encoding="utf-8"
    )


def _dokumen(sup: BeautifulSoup, nama: str) -> dict[str, str]:
    tr = next(tr for tr in sup.select("tbody tr") if tr.strong and tr.strong.get_text() == nama)
    return {li.get_text(" ", strip=True).split(":")[0]: li for li in tr.select("ul.dok li")}


def test_landing_page_marks_stale_documents_next_to_their_links(tmp_path):
    _folder_beranda(tmp_path)
    sup = BeautifulSoup(tulis_beranda(tmp_path, dinas=DINAS).read_text(), "html.parser")
    cempaka = _dokumen(sup, "Kampung KB Cempaka")
    for li in cempaka.values():
        assert li.select_one("span.badge.usang").get_text() == "Usang"
        assert all(a["aria-label"].endswith(", usang") for a in li.select("a"))
        assert li.select_one("span.dibuat").get_text() == "dibuat 7 Des 2026"
    for nama in ("Kampung KB Ayu", "Kampung KB Bunga"):
        for li in _dokumen(sup, nama).values():
            assert li.select_one("span.usang") is None
            assert "usang" not in " ".join(a["aria-label"] for a in li.select("a"))
    assert _dokumen(sup, "Kampung KB Ayu")["Profil"].select_one("span.dibuat").get_text() == (
        "dibuat 8 Des 2026"
    )
    kota = sup.select_one("ul.kota li")
    assert kota.select_one("span.usang") is not None
    peringatan = sup.select_one(f"#tahun-{TAHUN} p.peringatan").get_text()
    assert "Usang" in peringatan and "belum mengikuti data terbaru" in peringatan
    assert teks_pengembang(teks_tampak_html(str(sup))) == []


def test_landing_page_asks_whether_documents_are_stale_now(tmp_path):
    """With a checker (the batch's), the recorded flags are not used: what it says counts."""
    _folder_beranda(tmp_path)
    ditanya = []

    def periksa(tahun, laporan):
        ditanya.append((tahun, sorted(laporan)))
        return {f"{B}/laporan"}

    path = tulis_beranda(tmp_path, dinas=DINAS, periksa_usang=periksa)
    sup = BeautifulSoup(path.read_text(), "html.parser")
    # only documents made successfully are asked about (D's failed laporan is not)
    assert ditanya == [(TAHUN, sorted(
        [f"{k}/{d}" for k in (A, B, C) for d in DOK] + [f"{D}/profil", "rekap_kota"]))]  # fmt: skip
    assert [
        k for k, li in _dokumen(sup, "Kampung KB Bunga").items() if li.select("span.usang")
    ] == ["Laporan"]
    assert not any(li.select("span.usang") for li in _dokumen(sup, "Kampung KB Cempaka").values())
    assert sup.select_one("ul.kota li span.usang") is None


def test_landing_page_without_stale_documents_has_no_warning(tmp_path):
    _folder_beranda(tmp_path)
    sup = BeautifulSoup(
        tulis_beranda(tmp_path, dinas=DINAS, periksa_usang=lambda t, lap: set()).read_text(),
        "html.parser",
    )
    assert sup.select("p.peringatan") == [] and sup.select("span.usang") == []


def test_landing_page_is_not_rewritten_when_its_text_is_the_same(tmp_path):
    _folder_beranda(tmp_path)
    path = tulis_beranda(tmp_path, dinas=DINAS)
    os.utime(path, ns=(1, 1))
    tulis_beranda(tmp_path, dinas=DINAS)
    assert path.stat().st_mtime_ns == 1
    tulis_beranda(tmp_path, dinas=DINAS, periksa_usang=lambda t, lap: set())
    assert path.stat().st_mtime_ns != 1


# ------------------------------------------------------------------- the plan (one key rule)
@pytest.fixture(scope="module")
def kota_salin(kota_sampel, tmp_path_factory):
    """The built city's 2023 tables as links (read-only), out_aksi a real copy (writable)."""
    root = tmp_path_factory.mktemp("keadaan")
    paths = salin_tahun(kota_sampel, root, TAHUN)
    (root / "data" / "processed" / "2022").symlink_to(kota_sampel / "processed" / "2022")
    return paths


def _rencana(paths, **kw):
    folder = paths.reports_year(TAHUN)
    kw = {"kkb": None, "ulang_gagal": False, "paksa": False, "pdf": False, "batas_waktu": None,
          "kernel_terpisah": False, **kw}  # fmt: skip
    return rencana.rencanakan(paths, TAHUN, folder, paths.processed_year(TAHUN), **kw)


def _manifest(paths, entri: dict) -> None:
    folder = paths.reports_year(TAHUN)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps({"laporan": entri}), encoding="utf-8")


def test_stale_is_the_skip_rules_key_change(kota_salin):
    """Every document recorded as made with today's keys: none stale; after one processed
    table changes (content, not just its time), every document made before is stale — and
    exactly the same ones the landing page's check finds."""
    paths = kota_salin
    semua = _rencana(paths)
    kunci = {k: e.kunci for k, e in semua.entri.items()}
    aktif = sorted({k.kkb_id for k in semua.kkb})
    dipilih, gagal = aktif[0], f"{aktif[1]}/laporan"
    catatan = {
        k: {"kunci": v, "status": "gagal" if k == gagal else "berhasil",
            "terakhir_dijalankan": KEMARIN, "durasi_detik": 9.9}
        for k, v in kunci.items()
    }  # fmt: skip
    _manifest(paths, catatan)
    r = _rencana(paths, kkb=[dipilih])
    st = {k: keadaan(e) for k, e in r.entri.items()}
    # files are missing, so the chosen KKB is rendered; the others are left as they were
    assert {t.tugas_id for t in r.jalankan} == {f"{dipilih}/{d}" for d in DOK}
    assert {s for k, s in st.items() if not k.startswith(dipilih)} == {"tidak dijalankan"}
    assert r.entri[gagal].status == "gagal"  # --ulang-gagal still finds it
    assert rencana.dokumen_usang(paths, TAHUN, catatan) == set()
    # touching a table changes nothing (the key is its content); rewriting it does
    aksi = paths.processed_year(TAHUN) / "out_aksi.parquet"
    os.utime(aksi)
    assert not any(e.usang for e in _rencana(paths, kkb=[dipilih]).entri.values())
    asli = aksi.read_bytes()
    try:
        aksi.write_bytes(asli + b"\0")
        r = _rencana(paths, kkb=[dipilih])
        usang = {k for k, e in r.entri.items() if keadaan(e) == "usang"}
        harapan = set(kunci) - {f"{dipilih}/{d}" for d in DOK} - {gagal}
        assert usang == harapan
        assert keadaan(r.entri[gagal]) == "tidak dijalankan"
        assert rencana.dokumen_usang(paths, TAHUN, catatan) == set(kunci) - {gagal}
        # one rule: a stale document is one a plain run renders again
        penuh = _rencana(paths)
        assert usang <= {t.tugas_id for t in penuh.jalankan}
    finally:
        aksi.write_bytes(asli)


def test_a_setting_in_the_key_makes_documents_stale(kota_salin, tmp_path, monkeypatch):
    paths = kota_salin
    pengaturan = tmp_path / "pengaturan.yaml"
    pengaturan.write_text("{}\n", encoding="utf-8")
    monkeypatch.setenv("KKB_PENGATURAN", str(pengaturan))
    kunci = {k: e.kunci for k, e in _rencana(paths).entri.items()}
    catatan = {k: {"kunci": v, "status": "berhasil"} for k, v in kunci.items()}
    assert rencana.dokumen_usang(paths, TAHUN, catatan) == set()
    pengaturan.write_text("klasifikasi: {}\n", encoding="utf-8")
    assert rencana.dokumen_usang(paths, TAHUN, catatan) == set(kunci)


def test_the_landing_pages_key_is_the_plans_key(kota_salin):
    """kunci_dokumen rebuilds each document's key without a plan: the same as rencanakan's."""
    r = _rencana(kota_salin)
    data = rencana.berkas_masukan(kota_salin.processed_year(TAHUN))
    kode = rencana.sidik_kode()
    for k, e in r.entri.items():
        assert rencana.kunci_dokumen(k, TAHUN, data, kode) == e.kunci, k


def test_staleness_check_is_cheap(kota_salin):
    """It runs at the end of every `kkb laporan` for every year: hashing, no table loaded."""
    kunci = {k: e.kunci for k, e in _rencana(kota_salin).entri.items()}
    catatan = {k: {"kunci": v, "status": "berhasil"} for k, v in kunci.items()}
    mulai = time.perf_counter()
    for _ in range(5):
        rencana.dokumen_usang(kota_salin, TAHUN, catatan)
    assert (time.perf_counter() - mulai) / 5 < 0.5  # measured ~0.02 s; generous for CI


def test_other_years_are_checked_too(kota_salin, tmp_path):
    """The landing page lists every year: a 2022 document whose key no longer matches is
    stale; a year without processed tables cannot be judged (none stale)."""
    paths = get_paths(data_dir=kota_salin.data, reports_dir=tmp_path / "reports")
    data = rencana.berkas_masukan(paths.processed_year(2022))
    kode = rencana.sidik_kode()
    a, b = "KKB-3672011004-01/profil", "rekap_kota"
    catatan = {
        a: {"kunci": rencana.kunci_dokumen(a, 2022, data, kode), "status": "berhasil"},
        b: {"kunci": "0" * 64, "status": "berhasil"},
        "KKB-3672011004-01/laporan": {"kunci": "0" * 64, "status": "gagal"},
    }
    for th in (2022, 2021):
        (paths.reports / str(th)).mkdir(parents=True)
        (paths.reports / str(th) / "manifest.json").write_text(
            json.dumps({"laporan": catatan}), encoding="utf-8"
        )
    r = _rencana(paths)
    assert batch._usang_tahun_lain(paths, TAHUN, r) == {"2021": [], "2022": [b]}


def test_summary_of_one_document_names_the_kkbs_other_documents():
    # kkb laporan --kkb A --dokumen laporan: A's laporan ran; A's profil and lampiran did not
    entri = [
        _e(f"{A}/laporan", "berhasil", dipilih=True, durasi_detik=2.0),
        _e(f"{A}/profil", "berhasil", terakhir_dijalankan="2026-12-07T09:40:00"),
        _e(f"{A}/lampiran", "berhasil", usang=True, terakhir_dijalankan="2026-12-07T09:40:00"),
        *[_e(f"{B}/{d}", "berhasil", terakhir_dijalankan="2026-12-07T09:40:00") for d in DOK],
        *[_e(f"{C}/{d}", "berhasil", terakhir_dijalankan="2026-12-07T09:40:00") for d in DOK],
    ]
    baris = batch.format_ringkasan(_ringkasan(entri)).splitlines()
    penuh = [b.split()[0] for b in baris if re.match(r"KKB-\d{10}-\d{2}/", b)]
    assert penuh == [f"{A}/laporan"]
    # B and C are "other KKB"; A is named with the two documents that were not run
    assert f"Tidak dijalankan kali ini: 2 KKB lain dan {A} (profil, lampiran) (8 dokumen)." in baris
    assert any(b.strip().startswith("1 usang") and f"{A} (lampiran)" in b for b in baris)
