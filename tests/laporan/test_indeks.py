"""Tests of the batch index page (kkb_analysis/laporan/indeks.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kkb_analysis.laporan.ekspor import assert_offline
from kkb_analysis.laporan.indeks import EntriIndeks, render_index, tulis_index

JAHAT = "<script>alert(1)</script>"


def _berkas(folder: Path, *relatif: str) -> None:
    for r in relatif:
        target = folder / r
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("isi", encoding="utf-8")


def _entri(**kwargs) -> EntriIndeks:
    bawaan = {
        "kkb_id": "KKB-1",
        "nama": "Kampung KB Cikerai",
        "kelurahan": "Cikerai",
        "kecamatan": "Cibeber",
        "tingkat": "Mandiri",
        "status": "berhasil",
        "durasi_detik": 12.34,
    }
    return EntriIndeks(**{**bawaan, **kwargs})


def _sup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


class TestTulisIndex:
    def test_title_rows_and_footer_counts(self, tmp_path):
        """3 KKB (berhasil, gagal, dilewati) → 3 rows; footer "3 … 1 berhasil, 1 gagal"."""
        path = tmp_path / "index.html"
        entri = [
            _entri(kkb_id="A", nama="KKB A"),
            _entri(kkb_id="B", nama="KKB B", status="gagal", pesan="Sel 4 gagal."),
            _entri(kkb_id="C", nama="KKB C", status="dilewati", durasi_detik=None),
        ]
        tulis_index(path, 2023, entri, None)
        sup = _sup(path)
        assert sup.title.get_text() == "Laporan Evaluasi Kampung KB — Tahun 2023"
        assert sup.h1.get_text() == "Laporan Evaluasi Kampung KB — Tahun 2023"
        assert sup.find("html")["lang"] == "id"
        assert len(sup.select("tbody tr")) == 3
        footer = sup.footer.get_text(" ", strip=True)
        assert footer == "3 Kampung KB: 1 berhasil, 1 gagal, 1 tidak berubah (dilewati)."
        assert "Rekap kota belum dibuat." in sup.get_text()
        assert sup.find("meta", attrs={"name": "viewport"}) is not None

    def test_status_words_colours_and_message(self, tmp_path):
        path = tmp_path / "index.html"
        entri = [
            _entri(kkb_id="A", status="berhasil"),
            _entri(kkb_id="B", status="gagal", pesan="Tabel hilang.\nJalankan 'kkb bangun'."),
            _entri(kkb_id="C", status="dilewati"),
            _entri(kkb_id="D", status="belum dijalankan"),
        ]
        tulis_index(path, 2023, entri, None)
        status = [s for s in _sup(path).select("span.status")]
        assert [s["class"][1] for s in status] == [
            "status-berhasil",
            "status-gagal",
            "status-dilewati",
            "status-belum",
        ]
        assert status[0].get_text() == "Berhasil"
        assert status[1].get_text() == "Gagal"
        assert "dilewati" in status[2].get_text()
        assert status[3].get_text() == "Belum dijalankan"
        pesan = _sup(path).select_one("span.pesan")
        assert pesan.get_text() == "Tabel hilang.\nJalankan 'kkb bangun'."

    def test_unknown_status_rejected(self):
        with pytest.raises(ValueError, match="status"):
            _entri(status="selesai")

    def test_tier_badges(self, tmp_path):
        """Portal tiers get their colour class; other tiers neutral; None → "belum ada"."""
        path = tmp_path / "index.html"
        tingkat = ["Dasar", "Berkembang", "Mandiri", "Berkelanjutan", "data tidak cukup", None]
        entri = [_entri(kkb_id=str(i), tingkat=t) for i, t in enumerate(tingkat)]
        tulis_index(path, 2023, entri, None)
        baris = _sup(path).select("tbody tr")
        kelas = [b.select_one('td[data-label="Tingkat"] span')["class"] for b in baris]
        assert kelas == [
            ["badge", "tingkat-dasar"],
            ["badge", "tingkat-berkembang"],
            ["badge", "tingkat-mandiri"],
            ["badge", "tingkat-berkelanjutan"],
            ["badge", "tingkat-lain"],
            ["kosong"],
        ]
        assert baris[4].select_one("span.badge").get_text() == "data tidak cukup"
        assert baris[5].select_one('td[data-label="Tingkat"]').get_text() == "belum ada"

    def test_durations_formatted(self, tmp_path):
        path = tmp_path / "index.html"
        durasi = [12.34, 125.0, 3600.0, None]
        tulis_index(
            path, 2023, [_entri(kkb_id=str(i), durasi_detik=d) for i, d in enumerate(durasi)], None
        )
        sel = [td.get_text() for td in _sup(path).select('td[data-label="Durasi"]')]
        assert sel == ["12,3 detik", "2 menit 5 detik", "60 menit", "–"]


class TestEscaping:
    def test_hostile_texts_shown_literally(self, tmp_path):
        path = tmp_path / "index.html"
        kutip = "Kampung \"Ceria\" & 'Sehat'"
        entri = [
            _entri(
                kkb_id="A",
                nama=JAHAT,
                kelurahan=kutip,
                kecamatan="<b>x</b>",
                tingkat='"><img src=x onerror=alert(1)>',
                status="gagal",
                pesan=JAHAT,
            ),
        ]
        rekap = _entri(kkb_id="rekap", nama=f"Rekap {JAHAT}", status="berhasil")
        tulis_index(path, 2023, entri, rekap)
        teks = path.read_text(encoding="utf-8")
        assert "<script" not in teks
        assert "<img" not in teks
        assert "<b>x</b>" not in teks
        sup = _sup(path)
        assert sup.find_all(["script", "img", "b"]) == []
        baris = sup.select_one("tbody tr")
        assert baris.select_one('td[data-label="Kampung KB"]').get_text() == JAHAT
        assert baris.select_one('td[data-label="Kelurahan"]').get_text() == kutip
        assert baris.select_one('td[data-label="Kecamatan"]').get_text() == "<b>x</b>"
        assert baris.select_one("span.pesan").get_text() == JAHAT
        assert f"Rekap {JAHAT}" in sup.get_text()

    def test_page_is_offline_without_scripts(self, tmp_path):
        _berkas(tmp_path, "A/laporan.html")
        path = tmp_path / "index.html"
        tulis_index(path, 2023, [_entri(kkb_id="A", berkas={"HTML": "A/laporan.html"})], None)
        teks = path.read_text(encoding="utf-8")
        assert assert_offline(teks) == []
        assert "<script" not in teks.lower()
        assert "://" not in teks


class TestLinks:
    def test_only_existing_files_linked(self, tmp_path):
        """HTML and PDF exist, the notebook does not → two links, in the given order."""
        _berkas(tmp_path, "KKB-1/laporan.html", "KKB-1/laporan.pdf")
        path = tmp_path / "index.html"
        berkas = {
            "HTML": "KKB-1/laporan.html",
            "PDF": "KKB-1/laporan.pdf",
            "Notebook": "KKB-1/laporan.ipynb",
        }
        tulis_index(path, 2023, [_entri(kkb_id="KKB-1", berkas=berkas)], None)
        links = _sup(path).select("tbody a")
        assert [(a.get_text(), a["href"]) for a in links] == [
            ("HTML", "KKB-1/laporan.html"),
            ("PDF", "KKB-1/laporan.pdf"),
        ]

    def test_no_file_at_all(self, tmp_path):
        path = tmp_path / "index.html"
        tulis_index(path, 2023, [_entri(berkas={"HTML": "X/laporan.html"})], None)
        sel = _sup(path).select_one('td[data-label="Berkas"]')
        assert sel.find("a") is None
        assert sel.get_text() == "tidak ada berkas"

    def test_links_are_url_quoted(self, tmp_path):
        """A folder with a space, '#', '?', quotes and '<' is linked URL-quoted; the link
        resolves back to the file."""
        folder = "KKB 1#a?b\"c'<d>"
        _berkas(tmp_path, f"{folder}/laporan.gagal.ipynb")
        path = tmp_path / "index.html"
        tulis_index(
            path,
            2023,
            [_entri(status="gagal", berkas={"Notebook": f"{folder}/laporan.gagal.ipynb"})],
            None,
        )
        a = _sup(path).select_one("tbody a")
        assert a["href"] == "KKB%201%23a%3Fb%22c%27%3Cd%3E/laporan.gagal.ipynb"
        from urllib.parse import unquote

        assert (tmp_path / unquote(a["href"])).is_file()

    @pytest.mark.parametrize(
        "target", ["/etc/passwd", "http://contoh.org/x.html", "file:///tmp/x", "javascript:x"]
    )
    def test_absolute_links_rejected(self, tmp_path, target):
        path = tmp_path / "index.html"
        with pytest.raises(ValueError, match="relatif"):
            tulis_index(path, 2023, [_entri(berkas={"HTML": target})], None)

    def test_city_summary_links(self, tmp_path):
        _berkas(tmp_path, "rekap_kota.html", "rekap_kota.pdf")
        path = tmp_path / "index.html"
        rekap = EntriIndeks(
            kkb_id="rekap_kota",
            nama="Rekap Kota Cilegon",
            status="berhasil",
            durasi_detik=61.0,
            berkas={"HTML": "rekap_kota.html", "PDF": "rekap_kota.pdf"},
        )
        tulis_index(path, 2023, [], rekap)
        sup = _sup(path)
        assert [a["href"] for a in sup.select("main > p.tautan a")] == [
            "rekap_kota.html",
            "rekap_kota.pdf",
        ]
        assert "Rekap Kota Cilegon" in sup.get_text()
        assert "1 menit 1 detik" in sup.get_text()
        assert sup.footer.get_text(strip=True) == "0 Kampung KB: 0 berhasil, 0 gagal."


class TestAtomicWrite:
    def test_existing_file_replaced_whole_no_temp_left(self, tmp_path):
        path = tmp_path / "index.html"
        path.write_text("LAMA " * 10_000, encoding="utf-8")
        tulis_index(path, 2023, [_entri()], None)
        teks = path.read_text(encoding="utf-8")
        assert "LAMA" not in teks
        assert teks == render_index(path, 2023, [_entri()], None)
        assert [p.name for p in tmp_path.iterdir()] == ["index.html"]

    def test_failure_leaves_old_file_and_no_temp(self, tmp_path):
        path = tmp_path / "index.html"
        path.write_text("LAMA", encoding="utf-8")
        with pytest.raises(ValueError):
            tulis_index(path, 2023, [_entri(berkas={"HTML": "/abs/x.html"})], None)
        assert path.read_text(encoding="utf-8") == "LAMA"
        assert [p.name for p in tmp_path.iterdir()] == ["index.html"]

    def test_failure_during_write_cleans_temp(self, tmp_path, monkeypatch):
        path = tmp_path / "index.html"
        path.write_text("LAMA", encoding="utf-8")

        def gagal(self, target):
            raise OSError("disk penuh")

        monkeypatch.setattr(Path, "replace", gagal)
        with pytest.raises(OSError, match="disk penuh"):
            tulis_index(path, 2023, [_entri()], None)
        monkeypatch.undo()
        assert path.read_text(encoding="utf-8") == "LAMA"
        assert [p.name for p in tmp_path.iterdir()] == ["index.html"]

    def test_creates_missing_folder(self, tmp_path):
        path = tmp_path / "reports" / "2023" / "index.html"
        tulis_index(path, 2023, [_entri()], None)
        assert path.is_file()
