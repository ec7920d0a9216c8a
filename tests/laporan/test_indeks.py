"""Tests of the analysts' status page and the readers' landing page (laporan/indeks.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kkb_analysis.laporan.ekspor import assert_offline
from kkb_analysis.laporan.indeks import EntriIndeks, render_status, tulis_status

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


class TestStatusPage:
    def test_title_rows_and_footer_counts(self, tmp_path):
        """3 KKB (berhasil, gagal, dilewati) → 3 rows; footer "3 … 1 berhasil, 1 gagal"."""
        path = tmp_path / "status.html"
        entri = [
            _entri(kkb_id="A", nama="KKB A"),
            _entri(kkb_id="B", nama="KKB B", status="gagal", pesan="Sel 4 gagal."),
            _entri(kkb_id="C", nama="KKB C", status="dilewati", durasi_detik=None),
        ]
        tulis_status(path, 2023, entri, None)
        sup = _sup(path)
        assert sup.title.get_text() == "Status Pembuatan Dokumen Kampung KB — Tahun 2023"
        assert sup.h1.get_text() == "Status Pembuatan Dokumen Kampung KB — Tahun 2023"
        assert sup.find("html")["lang"] == "id"
        assert len(sup.select("tbody tr")) == 3
        footer = sup.footer.get_text(" ", strip=True)
        assert footer == "3 dokumen Kampung KB: 1 berhasil, 1 gagal, 1 tidak berubah (dilewati)."
        assert "Rekap kota belum dibuat." in sup.get_text()
        assert sup.find("meta", attrs={"name": "viewport"}) is not None

    def test_status_words_colours_and_message(self, tmp_path):
        path = tmp_path / "status.html"
        entri = [
            _entri(kkb_id="A", status="berhasil"),
            _entri(kkb_id="B", status="gagal", pesan="Tabel hilang.\nJalankan 'kkb bangun'."),
            _entri(kkb_id="C", status="dilewati"),
            _entri(kkb_id="D", status="belum dijalankan"),
        ]
        tulis_status(path, 2023, entri, None)
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
        path = tmp_path / "status.html"
        tingkat = ["Dasar", "Berkembang", "Mandiri", "Berkelanjutan", "data tidak cukup", None]
        entri = [_entri(kkb_id=str(i), tingkat=t) for i, t in enumerate(tingkat)]
        tulis_status(path, 2023, entri, None)
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
        path = tmp_path / "status.html"
        durasi = [12.34, 125.0, 3600.0, None]
        tulis_status(
            path, 2023, [_entri(kkb_id=str(i), durasi_detik=d) for i, d in enumerate(durasi)], None
        )
        sel = [td.get_text() for td in _sup(path).select('td[data-label="Durasi"]')]
        assert sel == ["12,3 detik", "2 menit 5 detik", "60 menit", "–"]


class TestEscaping:
    def test_hostile_texts_shown_literally(self, tmp_path):
        path = tmp_path / "status.html"
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
        tulis_status(path, 2023, entri, rekap)
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
        path = tmp_path / "status.html"
        tulis_status(path, 2023, [_entri(kkb_id="A", berkas={"HTML": "A/laporan.html"})], None)
        teks = path.read_text(encoding="utf-8")
        assert assert_offline(teks) == []
        assert "<script" not in teks.lower()
        assert "://" not in teks


class TestLinks:
    def test_only_existing_files_linked(self, tmp_path):
        """HTML and PDF exist, the notebook does not → two links, in the given order."""
        _berkas(tmp_path, "KKB-1/laporan.html", "KKB-1/laporan.pdf")
        path = tmp_path / "status.html"
        berkas = {
            "HTML": "KKB-1/laporan.html",
            "PDF": "KKB-1/laporan.pdf",
            "Notebook": "KKB-1/laporan.ipynb",
        }
        tulis_status(path, 2023, [_entri(kkb_id="KKB-1", berkas=berkas)], None)
        links = _sup(path).select("tbody a")
        assert [(a.get_text(), a["href"]) for a in links] == [
            ("HTML", "KKB-1/laporan.html"),
            ("PDF", "KKB-1/laporan.pdf"),
        ]

    def test_no_file_at_all(self, tmp_path):
        path = tmp_path / "status.html"
        tulis_status(path, 2023, [_entri(berkas={"HTML": "X/laporan.html"})], None)
        sel = _sup(path).select_one('td[data-label="Berkas"]')
        assert sel.find("a") is None
        assert sel.get_text() == "tidak ada berkas"

    def test_links_are_url_quoted(self, tmp_path):
        """A folder with a space, '#', '?', quotes and '<' is linked URL-quoted; the link
        resolves back to the file."""
        folder = "KKB 1#a?b\"c'<d>"
        _berkas(tmp_path, f"{folder}/laporan.gagal.ipynb")
        path = tmp_path / "status.html"
        tulis_status(
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
        path = tmp_path / "status.html"
        with pytest.raises(ValueError, match="relatif"):
            tulis_status(path, 2023, [_entri(berkas={"HTML": target})], None)

    def test_city_summary_links(self, tmp_path):
        _berkas(tmp_path, "rekap_kota.html", "rekap_kota.pdf")
        path = tmp_path / "status.html"
        rekap = EntriIndeks(
            kkb_id="rekap_kota",
            nama="Rekap Kota Cilegon",
            status="berhasil",
            durasi_detik=61.0,
            berkas={"HTML": "rekap_kota.html", "PDF": "rekap_kota.pdf"},
        )
        tulis_status(path, 2023, [], rekap)
        sup = _sup(path)
        assert [a["href"] for a in sup.select("main > p.tautan a")] == [
            "rekap_kota.html",
            "rekap_kota.pdf",
        ]
        assert "Rekap Kota Cilegon" in sup.get_text()
        assert "1 menit 1 detik" in sup.get_text()
        assert sup.footer.get_text(strip=True) == "0 dokumen Kampung KB: 0 berhasil, 0 gagal."


class TestAtomicWrite:
    def test_existing_file_replaced_whole_no_temp_left(self, tmp_path):
        path = tmp_path / "status.html"
        path.write_text("LAMA " * 10_000, encoding="utf-8")
        tulis_status(path, 2023, [_entri()], None)
        teks = path.read_text(encoding="utf-8")
        assert "LAMA" not in teks
        assert teks == render_status(path, 2023, [_entri()], None)
        assert [p.name for p in tmp_path.iterdir()] == ["status.html"]

    def test_failure_leaves_old_file_and_no_temp(self, tmp_path):
        path = tmp_path / "status.html"
        path.write_text("LAMA", encoding="utf-8")
        with pytest.raises(ValueError):
            tulis_status(path, 2023, [_entri(berkas={"HTML": "/abs/x.html"})], None)
        assert path.read_text(encoding="utf-8") == "LAMA"
        assert [p.name for p in tmp_path.iterdir()] == ["status.html"]

    def test_failure_during_write_cleans_temp(self, tmp_path, monkeypatch):
        path = tmp_path / "status.html"
        path.write_text("LAMA", encoding="utf-8")

        def gagal(self, target):
            raise OSError("disk penuh")

        monkeypatch.setattr(Path, "replace", gagal)
        with pytest.raises(OSError, match="disk penuh"):
            tulis_status(path, 2023, [_entri()], None)
        monkeypatch.undo()
        assert path.read_text(encoding="utf-8") == "LAMA"
        assert [p.name for p in tmp_path.iterdir()] == ["status.html"]

    def test_creates_missing_folder(self, tmp_path):
        path = tmp_path / "reports" / "2023" / "status.html"
        tulis_status(path, 2023, [_entri()], None)
        assert path.is_file()


# ================================================================================ landing page
import datetime as dt  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
from urllib.parse import unquote  # noqa: E402

from kkb_analysis.laporan.dinas import identitas_dinas  # noqa: E402
from kkb_analysis.laporan.indeks import kontras, tulis_beranda, warna_tingkat  # noqa: E402

DINAS = identitas_dinas(
    {
        "dokumen": {
            "instansi": "Dinas Contoh Kota Cilegon",
            "kota": "Kota Cilegon",
            "tanggal_terbit": dt.date(2026, 12, 7),
            "kontak": {"telepon": "(0254) 123456", "surel": "kkb@contoh.go.id"},
        }
    },
)


def _kkb(
    kkb_id: str, nama: str, tingkat: str | None, peringkat: int | None, lalu: str | None = None
) -> dict:
    isi = {"kkb_id": kkb_id, "nama": nama, "kelurahan": f"Kel {nama}", "kecamatan": "Cibeber",
           "tingkat": tingkat, "peringkat": peringkat}  # fmt: skip
    if lalu is not None:
        isi["tingkat_sebelumnya"] = lalu
    return isi


#: Two years, each KKB list in rank order as the batch records it in the manifest.
TAHUN = {
    2023: [
        _kkb("KKB-3672021001-01", "Kampung KB Bagendung", "Berkelanjutan", 1, "belum_kkb"),
        _kkb("KKB-3672011004-01", "Kampung KB Cikerai", "Mandiri", 2, "Berkembang"),
        _kkb("KKB-3672041001-01", "Kampung KB Banjar Negara", "Dasar", 3, "Dasar"),
    ],
    2022: [
        _kkb("KKB-3672011004-01", "Kampung KB Cikerai", "Berkembang", 1),
        _kkb("KKB-3672041001-01", "Kampung KB Banjar Negara", "Dasar", 2),
    ],
}


def _laporan(reports: Path, manifest_kkb: bool = True) -> None:
    """A reports folder as two batch runs leave it: every document, summary and workbook."""
    for tahun, kkb in TAHUN.items():
        folder = reports / str(tahun)
        rel = [f"{k['kkb_id']}/{d}.{j}" for k in kkb for d in ("profil", "laporan", "lampiran")
               for j in ("html", "pdf", "ipynb")]  # fmt: skip
        _berkas(folder, *rel, "rekap_kota.html", "rekap_kota.pdf", "indikator_kkb.xlsx",
                "status.html")  # fmt: skip
        isi = {"tahun": tahun, "laporan": {}}
        if manifest_kkb:
            isi["kkb"] = kkb
        (folder / "manifest.json").write_text(json.dumps(isi), encoding="utf-8")


def _teks_tampak(sup: BeautifulSoup) -> str:
    return sup.get_text(" ", strip=True)


class TestLandingPage:
    def test_both_years_newest_first_by_name_in_rank_order(self, tmp_path):
        _laporan(tmp_path)
        sup = _sup(tulis_beranda(tmp_path, dinas=DINAS))
        bagian = sup.select("main section")
        assert [s["id"] for s in bagian] == ["tahun-2023", "tahun-2022"]
        assert [a["href"] for a in sup.select("nav.tahun a")] == ["#tahun-2023", "#tahun-2022"]
        for s, tahun in zip(bagian, (2023, 2022), strict=True):
            nama = [td.strong.get_text() for td in s.select('td[data-label="Kampung KB"]')]
            assert nama == [k["nama"] for k in TAHUN[tahun]]
            rank = [td.get_text() for td in s.select('td[data-label="Peringkat"]')]
            assert rank == [str(k["peringkat"]) for k in TAHUN[tahun]]

    def test_three_documents_per_kkb_linked_and_resolving(self, tmp_path):
        _laporan(tmp_path)
        path = tulis_beranda(tmp_path, dinas=DINAS)
        sup = _sup(path)
        for s, tahun in zip(sup.select("main section"), (2023, 2022), strict=True):
            for baris, k in zip(s.select("tbody tr"), TAHUN[tahun], strict=True):
                butir = baris.select("ul.dok li")
                assert [li.get_text(" ", strip=True).split(":")[0] for li in butir] == [
                    "Profil", "Laporan", "Lampiran"
                ]  # fmt: skip
                href = [a["href"] for a in baris.select("ul.dok a")]
                assert href == [
                    f"{tahun}/{k['kkb_id']}/{d}.{j}"
                    for d in ("profil", "laporan", "lampiran")
                    for j in ("pdf", "html")
                ]
                for h in href:
                    assert (tmp_path / unquote(h)).is_file(), h

    def test_city_summary_and_workbook_of_each_year(self, tmp_path):
        _laporan(tmp_path)
        sup = _sup(tulis_beranda(tmp_path, dinas=DINAS))
        href = {a["href"] for a in sup.select("ul.kota a")}
        for tahun in TAHUN:
            assert {f"{tahun}/rekap_kota.pdf", f"{tahun}/rekap_kota.html",
                    f"{tahun}/indikator_kkb.xlsx"} <= href  # fmt: skip
        assert "Tabel indikator (Excel) 2022" in _teks_tampak(sup)

    def test_agency_date_contact_and_status_link_in_footer(self, tmp_path):
        _laporan(tmp_path)
        sup = _sup(tulis_beranda(tmp_path, dinas=DINAS))
        kaki = sup.footer.get_text(" ", strip=True)
        assert "Dinas Contoh Kota Cilegon" in kaki
        assert "Diterbitkan 7 Desember 2026" in kaki
        assert "Telepon: (0254) 123456" in kaki and "Surel: kkb@contoh.go.id" in kaki
        analis = sup.select("footer .analis a")
        assert [a["href"] for a in analis] == ["2023/status.html", "2022/status.html"]
        assert "Status pembuatan (untuk analis)" in kaki
        assert sup.h1.get_text() == "Dokumen Evaluasi Kampung KB Kota Cilegon"

    def test_unset_date_and_contact_show_visible_placeholders(self, tmp_path):
        """Review 4 and 5: with no publication date and no contact in the settings the footer
        says so visibly; it never prints the day the page was built."""
        _laporan(tmp_path)
        kosong = identitas_dinas({"dokumen": {"instansi": "Dinas Contoh", "kota": "Kota X"}})
        kaki = _sup(tulis_beranda(tmp_path, dinas=kosong)).footer.get_text(" ", strip=True)
        assert "Diterbitkan [Tanggal terbit belum diisi]" in kaki
        assert "Kontak [Kontak dinas belum diisi]" in kaki
        assert str(dt.date.today().year) not in kaki
        isi = _sup(tulis_beranda(tmp_path, dinas=DINAS)).footer.get_text(" ", strip=True)
        assert "belum diisi" not in isi

    def test_tier_change_in_words_and_column_only_when_known(self, tmp_path):
        """Review 24: the tier's change since last year, in the profil's words; a year without
        last year's tiers gets one note instead of a column of "tidak dapat dinilai"."""
        _laporan(tmp_path)
        sup = _sup(tulis_beranda(tmp_path, dinas=DINAS))
        s = sup.select_one("#tahun-2023")
        assert [th.get_text() for th in s.select("thead th")] == [
            "Peringkat", "Kampung KB", "Tingkat", "Perubahan dari 2022", "Dokumen"
        ]  # fmt: skip
        assert [td.get_text() for td in s.select('td[data-label="Perubahan dari 2022"]')] == [
            "KKB baru: pada 2022 wilayah ini belum menjadi KKB",
            "naik dari Berkembang pada 2022",
            "tetap seperti 2022",
        ]
        s = sup.select_one("#tahun-2022")
        assert "Perubahan dari 2021" not in s.get_text()
        assert s.select_one("p.catatan").get_text() == (
            "Perubahan tingkat dari 2021 tidak dapat dinilai: data tahun itu tidak tersedia."
        )

    def test_shared_rank_is_explained(self, tmp_path):
        """Review 24: two KKB on one rank say with whom, and a note gives the rule."""
        kkb = [
            _kkb("KKB-3672011004-01", "Kampung KB Cikerai", "Mandiri", 1),
            _kkb("KKB-3672041001-01", "Kampung KB Banjar Negara", "Dasar", 2),
            _kkb("KKB-3672021001-01", "Kampung KB Bagendung", "Dasar", 2),
            _kkb("KKB-3672031001-01", "Kampung KB Kepuh", "Dasar", 4),
        ]
        folder = tmp_path / "2023"
        _berkas(folder, "KKB-3672011004-01/profil.pdf")
        (folder / "manifest.json").write_text(json.dumps({"kkb": kkb}), encoding="utf-8")
        sup = _sup(tulis_beranda(tmp_path, dinas=DINAS))
        rank = [td.get_text(" ", strip=True) for td in sup.select('td[data-label="Peringkat"]')]
        assert rank == [
            "1",
            "2 sama dengan Kampung KB Bagendung",
            "2 sama dengan Kampung KB Banjar Negara",
            "4",
        ]
        catatan = [p.get_text() for p in sup.select("p.catatan")][-1]
        assert catatan.startswith("Peringkat yang sama:") and "berbagi satu peringkat" in catatan
        # no tie, no note
        _laporan(tmp_path)
        assert "Peringkat yang sama" not in _sup(tulis_beranda(tmp_path, dinas=DINAS)).get_text()

    def test_no_build_log_notebooks_or_codes(self, tmp_path):
        _laporan(tmp_path)
        path = tulis_beranda(tmp_path, dinas=DINAS)
        teks = path.read_text(encoding="utf-8")
        assert ".ipynb" not in teks
        tampak = _teks_tampak(_sup(path))
        assert not re.search(r"KKB-\d", tampak)  # KKB only by name (codes live in paths only)
        for kata in ("durasi", "detik", "berhasil", "gagal", "dilewati", "manifest"):
            assert kata not in tampak.lower(), kata
        assert assert_offline(teks) == []
        assert "<script" not in teks.lower() and "://" not in teks

    def test_missing_documents_are_not_linked(self, tmp_path):
        _laporan(tmp_path)
        (tmp_path / "2023" / "KKB-3672011004-01" / "lampiran.pdf").unlink()
        (tmp_path / "2023" / "KKB-3672011004-01" / "lampiran.html").unlink()
        sup = _sup(tulis_beranda(tmp_path, dinas=DINAS))
        baris = sup.select("#tahun-2023 tbody tr")[1]
        assert baris.select("ul.dok li")[2].get_text(" ", strip=True) == "Lampiran: belum tersedia"
        assert len(baris.select("ul.dok a")) == 4

    def test_old_manifest_uses_fallback_list(self, tmp_path):
        """A manifest written before the landing page (no "kkb") lists the fallback's KKB."""
        from kkb_analysis.laporan.rencana import InfoKkb

        _laporan(tmp_path, manifest_kkb=False)
        cadangan = {2023: [InfoKkb("KKB-3672011004-01", "Kampung KB Cikerai", "", "", None, 1)]}
        sup = _sup(tulis_beranda(tmp_path, cadangan, dinas=DINAS))
        assert [s.get_text() for s in sup.select("#tahun-2023 tbody td strong")] == [
            "Kampung KB Cikerai"
        ]
        assert "belum tersedia" in sup.select_one("#tahun-2022").get_text()

    def test_hostile_names_escaped(self, tmp_path):
        tahun_jahat = [_kkb("KKB-3672011004-01", JAHAT, '"><img src=x>', 1)]
        folder = tmp_path / "2023"
        _berkas(folder, "KKB-3672011004-01/profil.pdf")
        (folder / "manifest.json").write_text(json.dumps({"kkb": tahun_jahat}), encoding="utf-8")
        path = tulis_beranda(tmp_path, dinas=DINAS)
        teks = path.read_text(encoding="utf-8")
        assert "<script" not in teks and "<img" not in teks
        assert JAHAT in _sup(path).select_one("td strong").get_text()

    def test_tier_badges_colour_and_word_with_contrast(self, tmp_path):
        _laporan(tmp_path)
        sup = _sup(tulis_beranda(tmp_path, dinas=DINAS))
        badge = sup.select("#tahun-2023 span.badge")
        assert [(b["class"][1], b.get_text()) for b in badge] == [
            ("tingkat-berkelanjutan", "Berkelanjutan"),
            ("tingkat-mandiri", "Mandiri"),
            ("tingkat-dasar", "Dasar"),
        ]
        css = sup.style.get_text()
        for kelas, (latar, teks) in warna_tingkat().items():
            assert f".tingkat-{kelas} {{ background: {latar}; color: {teks}; }}" in css
            assert kontras(latar, teks) >= 4.5, kelas  # WCAG AA for normal text

    def test_contrast_formula(self):
        # WCAG examples: black on white 21:1; #777777 on white ≈ 4.48:1
        assert kontras("#000000", "#FFFFFF") == pytest.approx(21.0)
        assert kontras("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)

    def test_phone_layout_rules(self, tmp_path):
        """Stacked cards below 40rem: the table's cells become blocks labelled by data-label."""
        _laporan(tmp_path)
        sup = _sup(tulis_beranda(tmp_path, dinas=DINAS))
        css = sup.style.get_text()
        assert "@media (max-width: 40rem)" in css
        assert "td::before { content: attr(data-label)" in css
        assert sup.find("meta", attrs={"name": "viewport"}) is not None
        assert all(td.get("data-label") for td in sup.select("tbody td"))


def test_links_are_44px_tap_targets_on_a_phone(tmp_path):
    """Review 24: at 390 px every link of the landing page is at least 44 px high (real
    browser; skipped without Chromium)."""
    from kkb_analysis.laporan.ekspor import BrowserTidakDitemukan, find_browser

    try:
        browser = find_browser()
    except BrowserTidakDitemukan:
        pytest.skip("Chromium tidak terpasang")
    from playwright.sync_api import sync_playwright

    _laporan(tmp_path)
    path = tulis_beranda(tmp_path, dinas=DINAS)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(browser), args=["--no-sandbox"])
        try:
            halaman = b.new_page(viewport={"width": 390, "height": 844})
            halaman.goto(path.as_uri())
            tinggi = halaman.evaluate(
                "() => Array.from(document.querySelectorAll('a')).map(a => "
                "[a.textContent.trim(), a.getBoundingClientRect().height])"
            )
            lebar = halaman.evaluate("() => document.documentElement.scrollWidth")
        finally:
            b.close()
    assert len(tinggi) > 20  # every document link of both years, summaries, menu, status
    kecil = [(t, h) for t, h in tinggi if h < 44]
    assert kecil == []
    assert lebar <= 390
