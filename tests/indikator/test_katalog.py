"""The indicator catalogue (kkb_analysis/indikator/katalog/): loading, validation, labels."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from kkb_analysis.config import PROJECT_ROOT, load_reference
from kkb_analysis.indikator import katalog as kat
from kkb_analysis.indikator.katalog import KATALOG_DIR, KatalogError, isi_label, muat

SKEMA = load_reference("skema_keluaran")


def _salin(tmp_path: Path) -> Path:
    folder = tmp_path / "katalog"
    shutil.copytree(KATALOG_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def _ubah(folder: Path, berkas: str, fungsi) -> None:
    path = folder / berkas
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fungsi(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _cari(data: dict, kolom: str) -> dict:
    return next(e for e in data["indikator"] if e["kolom"] == kolom)


class TestRealCatalogue:
    def test_loads(self):
        k = muat()
        assert ("out_wilayah", "cpr_pct") in k.entri

    def test_every_published_column_is_catalogued_or_technical(self):
        """Done-criterion of issue 10: no published out_* column is undescribed."""
        assert kat.katalog().tidak_tercakup(SKEMA) == []

    def test_most_specific_technical_declaration_wins(self):
        """out_rw.n_balita is the PK count (declared for out_rw by name), not the e-PPGBM count
        that a declaration for every out_* table names."""
        k = kat.katalog()
        assert k.keterangan("out_rw", "n_balita").startswith("Anggota keluarga PK")
        assert "e-PPGBM" in k.keterangan("out_stunting", "n_balita")
        assert "e-PPGBM" in k.keterangan("out_rw", "n_balita_diukur")
        # a generic line for every out_* table still describes the out_wilayah columns
        assert "e-PPGBM" in k.keterangan("out_wilayah", "n_balita_diukur_februari")

    def test_a_new_column_is_reported_as_uncovered(self):
        skema = {**SKEMA, "out_wilayah": [*SKEMA["out_wilayah"], "kolom_baru_pct"]}
        assert kat.katalog().tidak_tercakup(skema) == [("out_wilayah", "kolom_baru_pct")]

    def test_family_expands_to_one_entry_per_value(self):
        k = kat.katalog()
        mix = [e.kolom for e in k.entri.values() if re.fullmatch(r"mix_[a-z]+_pct", e.kolom)]
        # kb.yaml: the nine PK methods of A.13 (iud mow mop implan suntik pil kondom mal trad.)
        assert len(mix) == 9
        assert k.get("mix_iud_pct").judul() == "Bauran metode KB – IUD"
        assert k.get("tempat_3_pct").uraian().endswith("di Puskesmas (kode 3).")

    def test_source_gives_coverage_kind(self):
        k = kat.katalog()
        assert k.get("cpr_pct").sumber.cakupan == "pencacahan_lengkap"
        assert k.get("stunting_pct").sumber.cakupan == "subset_terukur"
        assert k.get("kkbpk_mkjp_pct").sumber.cakupan == "administratif"

    def test_lists_are_ordered_by_their_positions(self):
        k = kat.katalog()
        assert k.kolom_daftar("pesan") == [
            "stunting_pct",
            "krs_pct",
            "unmet_need_pct",
            "cpr_pct",
            "indeks_ibangga",
        ]
        assert k.kolom_daftar("perubahan")[:3] == [
            "n_penduduk",
            "n_keluarga",
            "rasio_jenis_kelamin",
        ]

    def test_one_headline_list_for_every_document(self):
        # review 17: profil, laporan Tabel 1, heat map and workbook read ONE list, the nine
        # indicators of the two-page profile; the old per-document lists are gone
        k = kat.katalog()
        assert k.kolom_daftar("utama") == [
            "stunting_pct",
            "krs_pct",
            "indeks_ibangga",
            "cpr_pct",
            "mcpr_pct",
            "mkjp_pct",
            "unmet_need_pct",
            "kurang_mampu_pct",
            "konvergensi_pct",
        ]
        assert "profil" not in kat.DAFTAR and "peta_panas" not in kat.DAFTAR
        # a row label readers understand, not the bare abbreviation
        assert k.get("krs_pct").judul_pendek() == "Keluarga berisiko stunting"

    def test_methodology_anchors_exist(self):
        teks = (PROJECT_ROOT / "docs" / "metodologi.md").read_text(encoding="utf-8")
        bagian = set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", teks, flags=re.M))
        hilang = {e.metodologi for e in kat.katalog().entri.values()} - {f"§{b}" for b in bagian}
        assert hilang == set()

    def test_numerator_and_denominator_are_columns_of_the_table(self):
        for e in kat.katalog().entri.values():
            for k in (e.pembilang, e.penyebut):
                assert k is None or k in SKEMA[e.tabel], (e.kolom, k)


class TestLabels:
    def test_setting_rendered_as_range(self):
        assert isi_label("Remaja ({umur.remaja} tahun)") == "Remaja (10–24 tahun)"

    def test_override_changes_label(self):
        pengaturan = {"umur": {"remaja": [10, 19]}}
        assert isi_label("Remaja ({umur.remaja} tahun)", pengaturan) == "Remaja (10–19 tahun)"
        e = kat.katalog().get("n_remaja")
        assert e.judul(pengaturan) == "Remaja (10–19 tahun)"
        assert e.judul() == "Remaja (10–24 tahun)"

    def test_nested_setting_and_scalar(self):
        assert isi_label("{umur.sekolah.SMA} / {umur.lansia_min}") == "16–18 / 60"
        k = kat.katalog()
        assert k.get("aps_sma_pct").judul_pendek() == "APS 16–18"
        assert k.get("n_usia_sd").judul_pendek() == "7–12 tahun (SD)"

    def test_unknown_setting_at_render_time(self):
        with pytest.raises(KeyError):
            isi_label("{umur.tidak_ada}")


class TestValidation:
    """Each class of catalogue mistake stops the load with a message naming it."""

    def test_unknown_field(self, tmp_path):
        folder = _salin(tmp_path)
        _ubah(folder, "kb.yaml", lambda d: _cari(d, "cpr_pct").update(lable="CPR"))
        with pytest.raises(KatalogError, match=r"kb\.yaml.*cpr_pct.*tidak dikenal: lable"):
            muat(folder)

    def test_missing_required_field(self, tmp_path):
        folder = _salin(tmp_path)
        _ubah(folder, "kb.yaml", lambda d: _cari(d, "cpr_pct").pop("keterangan"))
        with pytest.raises(KatalogError, match=r"kolom 'cpr_pct'.*wajib tidak ada: keterangan"):
            muat(folder)

    def test_missing_default_is_missing_field(self, tmp_path):
        folder = _salin(tmp_path)
        _ubah(folder, "kb.yaml", lambda d: d["bawaan"].pop("sumber"))
        with pytest.raises(KatalogError, match=r"wajib tidak ada: sumber"):
            muat(folder)

    def test_label_with_unknown_setting(self, tmp_path):
        folder = _salin(tmp_path)
        _ubah(
            folder,
            "kependudukan.yaml",
            lambda d: _cari(d, "n_remaja").update(label="Remaja ({umur.remaja_gen} tahun)"),
        )
        with pytest.raises(KatalogError, match=r"n_remaja.*pengaturan 'umur\.remaja_gen'"):
            muat(folder)

    def test_label_with_unknown_loop_variable(self, tmp_path):
        folder = _salin(tmp_path)
        _ubah(folder, "kb.yaml", lambda d: _cari(d, "cpr_pct").update(label="CPR {metode}"))
        with pytest.raises(KatalogError, match=r"'\{metode\}'.*bukan variabel 'ulang'"):
            muat(folder)

    def test_column_no_computation_produces(self, tmp_path):
        folder = _salin(tmp_path)
        _ubah(folder, "kb.yaml", lambda d: _cari(d, "cpr_pct").update(kolom="cpr_modern_pct"))
        with pytest.raises(KatalogError, match=r"'cpr_modern_pct' tidak dihasilkan"):
            muat(folder)

    def test_unknown_denominator(self, tmp_path):
        folder = _salin(tmp_path)
        _ubah(folder, "kb.yaml", lambda d: _cari(d, "cpr_pct").update(penyebut="n_wus_kb"))
        with pytest.raises(KatalogError, match=r"penyebut 'n_wus_kb'"):
            muat(folder)

    def test_unknown_list_and_duplicate_position(self, tmp_path):
        folder = _salin(tmp_path)
        _ubah(folder, "kb.yaml", lambda d: _cari(d, "hamil_pct").update(daftar={"headline": 1}))
        with pytest.raises(KatalogError, match=r"daftar 'headline' tidak dikenal"):
            muat(folder)
        folder = _salin(tmp_path / "b")
        _ubah(folder, "kb.yaml", lambda d: _cari(d, "hamil_pct").update(daftar={"pesan": 10}))
        with pytest.raises(KatalogError, match=r"daftar 'pesan': urutan 10"):
            muat(folder)

    @pytest.mark.parametrize(
        ("medan", "nilai", "pesan"),
        [
            ("arah", "naik", "arah 'naik' tidak dikenal"),
            ("satuan", "%", "satuan '%' tidak dikenal"),
            ("sumber", "bps", "sumber 'bps' tidak ada"),
            ("desimal", 1.5, "desimal harus bilangan bulat"),
            ("metodologi", "4.2", "harus berbentuk '§<bagian>'"),
        ],
    )
    def test_bad_values(self, tmp_path, medan, nilai, pesan):
        folder = _salin(tmp_path)
        _ubah(folder, "kb.yaml", lambda d: _cari(d, "cpr_pct").update({medan: nilai}))
        with pytest.raises(KatalogError, match=re.escape(pesan)):
            muat(folder)

    def test_duplicate_column(self, tmp_path):
        folder = _salin(tmp_path)
        _ubah(folder, "kb.yaml", lambda d: d["indikator"].append(dict(_cari(d, "cpr_pct"))))
        with pytest.raises(KatalogError, match=r"'cpr_pct'.*sudah dikatalogkan"):
            muat(folder)

    def test_unquoted_numeric_loop_value(self, tmp_path):
        folder = _salin(tmp_path)
        (folder / "kb.yaml").write_text(
            (folder / "kb.yaml")
            .read_text(encoding="utf-8")
            .replace('{"1": RS pemerintah', "{1_0: RS pemerintah"),
            encoding="utf-8",
        )
        with pytest.raises(KatalogError, match=r"bukan teks; beri tanda kutip"):
            muat(folder)

    @pytest.mark.parametrize(
        ("tabel", "kolom"),
        [
            ("out_wilayah", "median_umur_text"),  # a typo, or a column the computation dropped
            ("out_rw", "n_balita_pk"),  # exists nowhere in that table
            ("out_wilayah", "n_*_laki"),  # a pattern that matches no column
        ],
    )
    def test_technical_column_no_computation_produces(self, tmp_path, tabel, kolom):
        folder = _salin(tmp_path)
        path = folder / "teknis.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.append({"tabel": tabel, "kolom": kolom, "keterangan": "x"})
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        with pytest.raises(
            KatalogError, match=rf"teknis\.yaml: kolom '{re.escape(kolom)}'.*tidak dihasilkan"
        ):
            muat(folder)

    @pytest.mark.parametrize(
        ("butir", "pesan"),
        [
            # every column it matches is an indicator already: a dead line
            ({"tabel": "out_*", "kolom": "krs_pct", "keterangan": "x"}, "tidak pernah dipakai"),
            # out_rw declares rw by name; a second, generic line for it is never used
            ({"tabel": "out_r*", "kolom": "rw", "keterangan": "x"}, "tidak pernah dipakai"),
            # one line per column, and a shared line too: which one?
            (
                {"tabel": "out_rw", "kolom": {"rw": "a"}, "keterangan": "b"},
                "hapus 'keterangan'",
            ),
            ({"tabel": "out_rw", "kolom": {"rw": None}}, "keterangan kolom 'rw' harus"),
        ],
    )
    def test_bad_technical_declaration(self, tmp_path, butir, pesan):
        folder = _salin(tmp_path)
        path = folder / "teknis.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.append(butir)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        with pytest.raises(KatalogError, match=re.escape(pesan)):
            muat(folder)

    def test_schema_checks_can_wait_for_the_schema_tool(self, tmp_path):
        """tools/skema_keluaran.py must run while an entry names a column the committed schema
        does not list yet (the new indicator it is about to declare)."""
        folder = _salin(tmp_path)
        _ubah(folder, "kb.yaml", lambda d: _cari(d, "cpr_pct").update(kolom="cpr_baru_pct"))
        with pytest.raises(KatalogError, match="tidak dihasilkan"):
            muat(folder)
        assert ("out_wilayah", "cpr_baru_pct") in muat(folder, periksa_skema=False).entri

    def test_technical_column_also_catalogued(self, tmp_path):
        folder = _salin(tmp_path)
        path = folder / "teknis.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.append({"tabel": "out_wilayah", "kolom": "cpr_pct", "keterangan": "x"})
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        with pytest.raises(KatalogError, match=r"teknis\.yaml: kolom 'cpr_pct'"):
            muat(folder)


class TestGeneratedDocumentation:
    """docs/skema.md §5 and §6 are generated from the catalogue (make skema)."""

    SKEMA_MD = PROJECT_ROOT / "docs" / "skema.md"

    def test_committed_column_tables_are_fresh(self):
        from kkb_analysis.indikator.katalog.dokumen import perbarui

        teks = self.SKEMA_MD.read_text(encoding="utf-8")
        assert "<!-- katalog:mulai out_wilayah -->" in teks
        assert perbarui(teks, kat.katalog(), SKEMA) == teks, (
            "docs/skema.md is stale: run 'make skema' (= bash run.sh skema)"
        )

    def test_a_catalogue_change_makes_the_document_stale(self, tmp_path):
        from kkb_analysis.indikator.katalog.dokumen import perbarui

        folder = _salin(tmp_path)
        _ubah(folder, "kb.yaml", lambda d: _cari(d, "cpr_pct").update(label="CPR semua cara"))
        teks = self.SKEMA_MD.read_text(encoding="utf-8")
        baru = perbarui(teks, muat(folder), SKEMA)
        assert baru != teks
        assert "| `cpr_pct` | CPR semua cara" in baru

    @pytest.mark.parametrize("tabel", sorted(SKEMA))
    def test_every_column_documented_once(self, tabel):
        """Each out_* table (§5 out_wilayah, §6 the long tables) has a generated block that
        names each of its columns exactly once, in a row with an Indonesian description."""
        teks = self.SKEMA_MD.read_text(encoding="utf-8")
        awal = teks.index(f"<!-- katalog:mulai {tabel} -->")
        blok = teks[awal : teks.index(f"<!-- katalog:selesai {tabel} -->")]
        baris = [ln for ln in blok.splitlines() if ln.startswith("| `")]
        nama = re.findall(r"`([a-z0-9_]+)`", "\n".join(ln.split(" | ")[0] for ln in baris))
        assert sorted(nama) == sorted(SKEMA[tabel])
        assert all(ln.split(" | ")[-1].strip(" |") for ln in baris)
        assert "not described" not in blok

    def test_long_table_sections_in_order_before_the_caveats(self):
        teks = self.SKEMA_MD.read_text(encoding="utf-8")
        awal, akhir = teks.index("\n## 6. "), teks.index("\n## 7. ")
        nomor = [int(n) for n in re.findall(r"^### 6\.(\d+) ", teks, flags=re.M)]
        assert nomor == list(range(1, len(nomor) + 1))
        for m in re.finditer(r"^### 6\.\d+ `(out_[a-z_]+)`", teks, flags=re.M):
            assert awal < m.start() < akhir, m.group(0)
            assert f"<!-- katalog:mulai {m.group(1)} -->" in teks[m.start() : akhir]
        assert {m for m in re.findall(r"### 6\.\d+ `(out_[a-z_]+)`", teks)} == set(SKEMA) - {
            "out_wilayah"
        }

    def test_long_table_block_shows_indicator_and_technical_lines(self):
        from kkb_analysis.indikator.katalog.dokumen import blok

        teks = blok(kat.katalog(), SKEMA, "out_rw")
        assert "| `krs_pct` | **Keluarga berisiko stunting per RW** — indicator" in teks
        assert "`n_krs` / `n_keluarga_sasaran` × 100" in teks
        assert "| `rw` | Nomor RW (3 digit); kosong = RW kosong di data sumber. |" in teks
        # an HTML-like placeholder is escaped, so Markdown shows it
        assert "kkb:&lt;kkb_id&gt;" in blok(kat.katalog(), SKEMA, "out_metode_kb")


def test_no_package_code_reads_markdown():
    """No code scrapes Markdown at run time (issue 10): no module builds a path into docs/ or
    to a .md file."""
    treffer = []
    for path in (PROJECT_ROOT / "kkb_analysis").rglob("*.py"):
        teks = path.read_text(encoding="utf-8")
        if re.search(r"""/\s*["']docs["']|["'][\w/.-]*\.md["']\s*\)""", teks):
            treffer.append(path.name)
    assert treffer == []


def test_adding_an_indicator_takes_one_catalogue_entry(tmp_path):
    """The design.md walk-through: a new computed column plus one entry puts it in the change
    list at its position and in the generated documentation."""
    from kkb_analysis.indikator.katalog.dokumen import blok

    folder = _salin(tmp_path)
    entri = {
        "kolom": "keluarga_lansia_pct",
        "label": "Keluarga dengan lansia (≥ {umur.lansia_min} tahun)",
        "satuan": "persen",
        "desimal": 1,
        "pembilang": "n_keluarga_punya_lansia",
        "penyebut": "n_keluarga",
        "keterangan": "Keluarga dengan paling sedikit satu anggota lansia.",
        "daftar": {"perubahan": 55},
    }
    _ubah(folder, "kependudukan.yaml", lambda d: d["indikator"].append(entri))
    skema = {**SKEMA, "out_wilayah": [*SKEMA["out_wilayah"], "keluarga_lansia_pct"]}
    with pytest.raises(KatalogError, match="tidak dihasilkan"):
        muat(folder)  # the computation (schema) must produce it first
    k = muat(folder, skema=skema)
    daftar = k.kolom_daftar("perubahan")
    assert daftar[daftar.index("median_umur_tahun") + 1] == "keluarga_lansia_pct"
    assert k.get("keluarga_lansia_pct").judul() == "Keluarga dengan lansia (≥ 60 tahun)"
    assert k.get("keluarga_lansia_pct").sumber.cakupan == "pencacahan_lengkap"  # file default
    assert k.tidak_tercakup(skema) == []
    assert "| `keluarga_lansia_pct` | Keluarga dengan lansia (≥ 60 tahun)" in blok(
        k, skema, "out_wilayah"
    )
