"""Tests of the synthetic raw-data generator `kkb_analysis.sampel` (small scale, fast).

Header lists are copied from data-contract.md §7 on purpose (not imported from the generator), so
that a drift between the contract and the generator fails here. The generator itself takes its
layouts from the loaders' ``SPEC`` (``kkb_analysis/sampel/layout.py``) and its WHO knots from
``kkb_analysis.anthro``; the tests below check both, and that the output does not depend on the
process (hash seed) that made it.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from kkb_analysis.sampel import (
    NIK_KOTOR,
    SAMPLE_MARKER,
    describe_dirty_rows,
    generate_sample,
    pertumbuhan,
)

SKALA = 0.02
TAHUN = (2022, 2023)
ROOT = Path(__file__).resolve().parents[1]
REFERENSI = ROOT / "kkb_analysis" / "referensi" / "wilayah.yaml"

# data-contract.md §7, in contract order
KOLOM_KONTRAK: dict[str, list[str]] = {
    "kkb.csv": [
        "kkb_id", "nama_kkb", "kode_kelurahan", "cakupan_wilayah", "rw_list",
        "tanggal_pencanangan", "regulasi_id", "nomor_sk", "kriteria_1_kb_rendah",
        "kriteria_2_miskin_tinggi", "kriteria_3_wilayah_khusus", "kriteria_4_lainnya",
        "kriteria_wilayah", "latitude", "longitude", "status_aktif",
    ],
    "kkb_profil.csv": [
        "kkb_id", "tahun", "bulan", "pokja_ada", "pokja_sk_ada", "pokja_pelatihan",
        "pokja_pelatihan_ket", "pokja_jumlah", "pokja_terlatih", "pkb_plkb_pendamping",
        "pkb_nip", "pkb_nama", "pendamping_lain", "regulasi_ada", "rkm_ada",
        "penggunaan_data_ada", "poktan_bkb", "poktan_bkr", "poktan_bkl", "poktan_uppka",
        "poktan_pikr", "sekretariat", "rumah_dataku", "dana_apbn", "dana_apbd", "dana_desa",
        "dana_hibah", "dana_csr", "dana_swadaya", "data_pk", "data_rutin_bkkbn",
        "data_potensi_desa", "data_sektoral", "data_lainnya", "op_rapat_perencanaan",
        "op_rapat_koordinasi", "op_sosialisasi", "op_monev", "op_laporan",
        "op_rapat_perencanaan_frekuensi", "op_rapat_koordinasi_frekuensi",
        "op_sosialisasi_frekuensi", "op_monev_frekuensi", "op_laporan_frekuensi",
    ],
    "kkb_kkbpk.csv": [
        "kkb_id", "tahun", "bulan", "peserta_bkb", "peserta_bkr", "peserta_bkl",
        "peserta_uppka", "peserta_pikr", "kb_iud", "kb_mow", "kb_mop", "kb_kondom",
        "kb_implan", "kb_suntik", "kb_pil", "tidak_kb_hamil", "tidak_kb_ingin_anak_segera",
        "tidak_kb_iat", "tidak_kb_tial", "pengguna_bpjs", "jumlah_pus",
    ],
    "kkb_intervensi.csv": [
        "intervensi_id", "kkb_id", "tanggal", "judul", "tempat", "deskripsi",
        "kategori_fungsi", "sasaran", "instansi", "inpres_program", "inpres_kegiatan_id",
        "jumlah_peserta", "sumber_dana", "jenis_post",
    ],
    "kkb_umkm.xlsx": [
        "umkm_id", "kkb_id", "nama_usaha", "jenis_usaha", "produk_unggulan", "unggulan",
        "no_kk_pemilik", "anggota_uppka", "jumlah_tenaga_kerja", "omzet_bulanan_kelas",
        "nib", "pirt", "halal", "pembinaan_opd", "bantuan_modal",
    ],
    "pk_keluarga.csv": [
        "no_kk", "no_urut_keluarga", "kode_kelurahan", "rw", "rt", "tipe_keluarga",
        "jumlah_anggota", "tanggal_pendataan", "p01_ibadah", "p02_buku_nikah",
        "p03a_tanpa_tegur_sapa", "p03b_pisah_ranjang", "p03c_pergi_dari_rumah", "p03d_kdrt",
        "p04_sumber_penghasilan", "p05_makanan_beragam", "punya_tabungan", "berobat_faskes",
        "akses_media_online", "makan_bersama", "komunikasi_keluarga", "rekreasi",
        "kegiatan_sosial", "sumber_air_minum_utama", "fasilitas_bab", "luas_lantai_m2",
        "jenis_lantai", "jenis_dinding", "jenis_atap", "sumber_penerangan",
        "kepemilikan_rumah", "umkm_id",
    ],
    "pk_anggota.csv": [
        "no_kk", "no_urut_keluarga", "no_urut", "nik", "nama", "jenis_kelamin",
        "tanggal_lahir", "hubungan_kk", "status_kawin", "akta_lahir", "jaminan_kesehatan",
        "agama", "pendidikan_tertinggi", "status_sekolah", "pekerjaan", "disabilitas",
        "no_urut_ibu",
    ],
    "pk_kb.csv": [
        "no_kk", "no_urut_keluarga", "no_urut_istri", "umur_istri", "usia_kawin_pertama",
        "jumlah_anak_lahir_hidup_l", "jumlah_anak_lahir_hidup_p", "jumlah_anak_masih_hidup",
        "umur_anak_terakhir_bulan", "sedang_hamil", "ber_kb", "metode_kb",
        "tempat_pelayanan_kb", "alasan_tidak_kb",
    ],
    "eppgbm.csv": [
        "NIK", "Nama", "JK", "Tgl Lahir", "BB Lahir", "TB Lahir", "Nama Ortu", "Prov",
        "Kab/Kota", "Kec", "Pukesmas", "Desa/Kel", "Posyandu", "RT", "RW", "Alamat",
        "Usia Saat Ukur", "Tanggal Pengukuran", "Bulan Pengukuran", "Status Bulan",
        "status tahun", "Berat", "Tinggi", "Cara Ukur", "LiLA", "BB/U", "ZS BB/U", "TB/U",
        "ZS TB/U", "BB/TB", "ZS BB/TB", "Naik Berat Badan", "PMT Diterima (kg)", "Jml Vit A",
        "KPSP", "KIA", "Detail Status", "status desa",
    ],
    "dtks.csv": [
        "no_kk", "nik", "sumber", "periode", "desil", "status_dtks", "pkh", "bpnt_sembako",
        "pbi_jk", "blt", "pip", "tanggal_update",
    ],
}  # fmt: skip
SENTINEL = {"9999999999999995", "9999999999999996", "9999999999999999", "9999999999999994"}
METODE_7 = ["kb_iud", "kb_mow", "kb_mop", "kb_kondom", "kb_implan", "kb_suntik", "kb_pil"]
ALASAN_4 = ["tidak_kb_hamil", "tidak_kb_ingin_anak_segera", "tidak_kb_iat", "tidak_kb_tial"]


@pytest.fixture(scope="module")
def sampel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, dict[str, int]]]:
    """One small generated city shared by the tests of this module."""
    tujuan = tmp_path_factory.mktemp("sampel")
    return tujuan, generate_sample(tujuan, scale=SKALA)


def _baca(root: Path, tahun: int, nama: str) -> pd.DataFrame:
    """Read a raw CSV with every cell as text (as the loaders must)."""
    sep = ";" if nama == "eppgbm.csv" else ","
    return pd.read_csv(
        root / str(tahun) / nama, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8"
    )


def _kotor(jenis: str) -> int:
    return int(describe_dirty_rows(SKALA)[jenis]["jumlah_per_tahun"])


def test_every_file_exists_for_both_years(sampel):
    root, hasil = sampel
    assert set(hasil) == set(TAHUN)
    for tahun in TAHUN:
        folder = root / str(tahun)
        for nama in KOLOM_KONTRAK:
            assert (folder / nama).is_file(), (tahun, nama)
        assert not (folder / "kkb_umkm.csv").exists()
        assert (folder / SAMPLE_MARKER).is_file()
        for nama in KOLOM_KONTRAK:
            base = nama.rsplit(".", 1)[0]
            assert hasil[tahun][base] > 0, (tahun, base)
            if nama.endswith(".csv"):
                assert len(_baca(root, tahun, nama)) == hasil[tahun][base], (tahun, nama)


def test_output_is_byte_identical_for_the_same_arguments(sampel, tmp_path):
    root, hasil = sampel
    assert generate_sample(tmp_path, scale=SKALA) == hasil
    pertama = sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())
    kedua = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert pertama == kedua
    for rel in pertama:
        assert (root / rel).read_bytes() == (tmp_path / rel).read_bytes(), rel


def test_output_does_not_depend_on_the_process(sampel, tmp_path):
    """Another interpreter with another string-hash seed writes the same bytes: no set or dict
    order, clock or environment leaks into the files (a same-process rerun cannot show this)."""
    root, _ = sampel
    kode = (
        "import sys; from pathlib import Path; from kkb_analysis.sampel import generate_sample; "
        f"generate_sample(Path(sys.argv[1]), scale={SKALA})"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", kode, str(tmp_path)], env=env, check=True, timeout=300)
    pertama = sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())
    assert pertama == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    for rel in pertama:
        assert (root / rel).read_bytes() == (tmp_path / rel).read_bytes(), rel


def test_another_seed_gives_other_data(sampel, tmp_path):
    root, _ = sampel
    generate_sample(tmp_path, scale=SKALA, seed=7, years=(2023,))
    a = (root / "2023" / "pk_anggota.csv").read_bytes()
    assert (tmp_path / "2023" / "pk_anggota.csv").read_bytes() != a
    assert not (tmp_path / "2022").exists()


def test_headers_match_the_contract(sampel):
    root, _ = sampel
    for tahun in TAHUN:
        for nama, kolom in KOLOM_KONTRAK.items():
            path = root / str(tahun) / nama
            if nama.endswith(".xlsx"):
                ws = load_workbook(path, read_only=True).worksheets[0]
                kepala = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]
            else:
                sep = ";" if nama == "eppgbm.csv" else ","
                baris = path.read_text(encoding="utf-8").split("\n", 1)[0]
                kepala = baris.split(sep)
            assert kepala == kolom, (tahun, nama)


def test_the_contract_layouts_are_the_loaders_spec():
    """The hand-copied contract lists equal the loaders' SPEC, which the sample writes: every file
    in its SPEC's column order, e-PPGBM with ';' and the others with ','."""
    pemisah = {nama: ("," if nama != "eppgbm.csv" else ";") for nama in KOLOM_KONTRAK}
    for nama, kolom in KOLOM_KONTRAK.items():
        base = nama.rsplit(".", 1)[0]
        spec = importlib.import_module(f"kkb_analysis.sumber.{base}").SPEC
        assert spec.names == kolom, nama
        assert spec.delimiter == pemisah[nama], nama


def test_headers_are_the_spec_columns_and_only_umkm_is_xlsx(sampel):
    """Generated headers equal the SPEC columns read with the SPEC's delimiter; the one stated
    format deviation (layout.py) is kkb_umkm as XLSX."""
    root, _ = sampel
    for tahun in TAHUN:
        folder = root / str(tahun)
        data = sorted(p.name for p in folder.iterdir() if p.name != SAMPLE_MARKER)
        assert data == sorted(KOLOM_KONTRAK), tahun
        assert [p.name for p in folder.glob("*.xlsx")] == ["kkb_umkm.xlsx"]
        for nama in KOLOM_KONTRAK:
            spec = importlib.import_module(f"kkb_analysis.sumber.{nama.rsplit('.', 1)[0]}").SPEC
            if nama.endswith(".xlsx"):
                ws = load_workbook(folder / nama, read_only=True).worksheets[0]
                kepala = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]
            else:
                baris = (folder / nama).read_text(encoding="utf-8").split("\n", 1)[0]
                kepala = baris.split(spec.delimiter)
            assert kepala == spec.names, (tahun, nama)


def test_growth_knots_are_who_values_with_the_stated_deviations():
    """WHO values at knots (from the published tables), and the five stated deviations."""
    laki, perempuan = np.array([0]), np.array([1])
    # boy 30 months (913.125 days): WHO height-for-age M 91.9327, S 0.03704
    m, s = pertumbuhan.lms_umur(laki, np.array([913.125]))
    assert (m[0], s[0]) == pytest.approx((91.9327, 0.03704), abs=1e-12)
    # girl 12 months (365.25 days): length M 74.0150, S 0.03479; weight L/M/S
    m, s = pertumbuhan.lms_umur(perempuan, np.array([365.25]))
    assert (m[0], s[0]) == pytest.approx((74.0150, 0.03479), abs=1e-12)
    el, m, s = pertumbuhan.lms_berat(perempuan, np.array([365.25]))
    assert (el[0], m[0], s[0]) == pytest.approx((-0.2024, 8.9481, 0.12268), abs=1e-12)
    # boy of 800 days, 65 cm: weight-for-height L -0.3521, M 7.4327, S 0.08217, inside the table
    el, m, s, dalam = pertumbuhan.lms_bbtb(laki, np.array([65.0]), np.array([800]))
    assert (el[0], m[0], s[0], bool(dalam[0])) == pytest.approx((-0.3521, 7.4327, 0.08217, True))
    assert not pertumbuhan.lms_bbtb(laki, np.array([64.9]), np.array([800]))[3][0]
    # the stated deviations: WHO's own height row at 24 months (M = length M − 0.7 cm) and the
    # boys' length S at 18/21/24 months that the first generator typed
    assert pertumbuhan.BEDA_RUJUKAN == {
        ("tinggi", 0, 24.0): 0.03507,
        ("tinggi", 1, 24.0): 0.03764,
        ("panjang", 0, 18.0): 0.03275,
        ("panjang", 0, 21.0): 0.03360,
        ("panjang", 0, 24.0): 0.03446,
    }
    m, s = pertumbuhan.lms_umur(np.array([0, 0]), np.array([18 * 30.4375, 730.0]))
    assert s[0] == pytest.approx(0.03275, abs=1e-12)
    assert m[1] == pytest.approx(87.8161 - (87.8161 - 85.1348) * 0.5 / 91.3125, abs=1e-9)
    m_l, _ = pertumbuhan.lms_umur(laki, np.array([731.0]))  # height from 731 days
    assert 87.1161 < m_l[0] < 87.2  # just above the height row M 87.1161 (= 87.8161 − 0.7)


def test_raw_format_rules(sampel):
    root, _ = sampel
    teks = (root / "2023" / "pk_anggota.csv").read_bytes()
    assert b"\r\n" not in teks and not teks.startswith(b"\xef\xbb\xbf")
    ang = _baca(root, 2023, "pk_anggota.csv")
    assert set(ang["disabilitas"]) == {"ya", "tidak"}
    assert ang["tanggal_lahir"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    kel = _baca(root, 2023, "pk_keluarga.csv")
    assert kel["rw"].str.fullmatch(r"\d{3}").all() and kel["rt"].str.fullmatch(r"\d{3}").all()
    assert kel["tanggal_pendataan"].str.fullmatch(r"2023-0[78]-\d{2}").all()
    kb = _baca(root, 2023, "pk_kb.csv")
    assert set(kb["ber_kb"]) == {"ya", "tidak"}


def test_clean_niks_are_cilegon_and_match_birth_date_and_sex(sampel):
    root, _ = sampel
    n_kotor = sum(_kotor(j) for j in NIK_KOTOR)
    for tahun in TAHUN:
        ang = _baca(root, tahun, "pk_anggota.csv")
        ang = ang[~ang["nik"].isin(SENTINEL)]
        assert len(ang) > 1000
        lahir = pd.to_datetime(ang["tanggal_lahir"])
        hari = lahir.dt.day + 40 * (ang["jenis_kelamin"] == "P")
        harapan = (
            "3672\\d{2}"
            + hari.map("{:02d}".format)
            + lahir.dt.month.map("{:02d}".format)
            + (lahir.dt.year % 100).map("{:02d}".format)
            + "\\d{4}"
        )
        cocok = [re.fullmatch(p, n) is not None for p, n in zip(harapan, ang["nik"], strict=True)]
        assert len(ang) - sum(cocok) == n_kotor, tahun
        # the bad ones are exactly the injected kinds: wrong length, Excel notation, date, sex
        buruk = ang.loc[[not c for c in cocok], "nik"]
        assert buruk.str.len().isin([15, 16, 17, 11]).all()
        assert buruk.str.contains("E+", regex=False).sum() == _kotor("nik_notasi_ilmiah")


def test_no_kk_are_16_digit_cilegon_numbers(sampel):
    root, _ = sampel
    kel = _baca(root, 2023, "pk_keluarga.csv")
    assert kel["no_kk"].str.fullmatch(r"3672\d{12}").all()
    assert (kel["no_urut_keluarga"] == "2").any()  # a second PK family on one KK


def test_eleven_kkb_in_2022_and_thirteen_in_2023(sampel):
    root, _ = sampel
    lama = _baca(root, 2022, "kkb.csv")
    baru = _baca(root, 2023, "kkb.csv")
    assert len(lama) == 11 and len(baru) == 13
    tambahan = set(baru["kkb_id"]) - set(lama["kkb_id"])
    assert tambahan == {"KKB-3672051001-01", "KKB-3672041001-01"}  # Sukmajaya, Banjar Negara
    rw = baru[baru["cakupan_wilayah"] == "RW"]
    assert 2 <= len(rw) <= 3 and rw["rw_list"].str.fullmatch(r"\d{3}(;\d{3})*").all()
    assert (baru.loc[baru["cakupan_wilayah"] == "Desa", "rw_list"] == "").all()
    assert set(baru["regulasi_id"]) == {"3"} and (baru["nomor_sk"] != "").all()
    lat = baru["latitude"].astype(float)
    lon = baru["longitude"].astype(float)
    assert lat.between(-6.2, -5.8).all() and lon.between(105.85, 106.2).all()
    for tahun, n in ((2022, 11), (2023, 13)):
        assert len(_baca(root, tahun, "kkb_profil.csv")) == n
        assert len(_baca(root, tahun, "kkb_kkbpk.csv")) == 12 * n


def test_every_kelurahan_and_kkb_area_has_families(sampel):
    root, _ = sampel
    wilayah = yaml.safe_load(REFERENSI.read_text(encoding="utf-8"))
    kode = {k["kode"] for k in wilayah["kelurahan"]}
    kel = _baca(root, 2023, "pk_keluarga.csv")
    per_kel = kel[kel["kode_kelurahan"].isin(kode)].groupby("kode_kelurahan").size()
    assert set(per_kel.index) == kode and per_kel.min() >= 5
    for _, k in _baca(root, 2023, "kkb.csv").iterrows():
        m = kel["kode_kelurahan"] == k["kode_kelurahan"]
        if k["rw_list"]:
            m &= kel["rw"].isin(k["rw_list"].split(";"))
        assert m.sum() >= 3, k["kkb_id"]


def test_eppgbm_keeps_the_original_export_layout(sampel):
    root, _ = sampel
    varian = set()
    for tahun in TAHUN:
        kepala = (root / str(tahun) / "eppgbm.csv").read_text(encoding="utf-8").split("\n")[0]
        assert kepala.count(";") == len(KOLOM_KONTRAK["eppgbm.csv"]) - 1 and "Pukesmas" in kepala
        ep = _baca(root, tahun, "eppgbm.csv")
        berat = ep["Berat"][ep["Berat"] != ""]
        assert berat.str.fullmatch(r"\d+,\d").all()
        assert ep["ZS TB/U"][ep["ZS TB/U"] != ""].str.fullmatch(r"-?\d+,\d\d").all()
        assert ep["Tgl Lahir"].str.fullmatch(r"\d{2}/\d{2}/\d{4}").all()
        assert ep["Usia Saat Ukur"].str.fullmatch(r"\d Tahun - \d+ Bulan - \d+ Hari").all()
        assert set(ep["Cara Ukur"]) == {"Terlentang", "Berdiri"}
        assert (ep["Kab/Kota"] == "KOTA CILEGON").all()
        bulan = ep["Tanggal Pengukuran"].str[3:5]
        assert {"02", "08"} <= set(bulan)
        varian |= set(ep["Desa/Kel"])
    assert varian & {"DERINGO", "Deringo", "PANGGUNGRAWI", "Panggungrawi", "GEROGOL", "Rawaarum"}


def test_the_same_families_and_children_link_across_years(sampel):
    root, _ = sampel
    k22 = set(_baca(root, 2022, "pk_keluarga.csv")["no_kk"])
    k23 = set(_baca(root, 2023, "pk_keluarga.csv")["no_kk"])
    assert len(k22 & k23) / len(k23) > 0.9
    assert k23 - k22 and k22 - k23  # new families, families that left
    a22 = _baca(root, 2022, "pk_anggota.csv").set_index("nik")["tanggal_lahir"]
    a23 = _baca(root, 2023, "pk_anggota.csv").set_index("nik")["tanggal_lahir"]
    sama = a22.index.intersection(a23.index).difference(list(SENTINEL))
    assert len(sama) / len(a23) > 0.85
    assert (
        a22[~a22.index.duplicated()].reindex(sama) == a23[~a23.index.duplicated()].reindex(sama)
    ).mean() > 0.999
    lahir_23 = pd.to_datetime(a23)
    assert (lahir_23 > pd.Timestamp("2022-09-01")).any()  # births between the two rounds


def test_kkbpk_respects_the_pus_identity_except_the_injected_breaks(sampel):
    root, _ = sampel
    for tahun in TAHUN:
        pk = _baca(root, tahun, "kkb_kkbpk.csv")
        angka = pk[METODE_7 + ALASAN_4 + ["jumlah_pus"]].astype(int)
        pus = angka[METODE_7].sum(axis=1) + angka[ALASAN_4].sum(axis=1)
        assert (pus != angka["jumlah_pus"]).sum() == _kotor("identitas_pus_gagal")
        for kolom in ("peserta_bkb", "peserta_bkr", "peserta_bkl", "peserta_uppka"):
            assert (pk[kolom].astype(int) >= 0).all()


def test_dirty_rows_are_present_in_the_promised_numbers(sampel):
    root, _ = sampel
    wilayah = yaml.safe_load(REFERENSI.read_text(encoding="utf-8"))
    kode = {k["kode"] for k in wilayah["kelurahan"]}
    for tahun in TAHUN:
        kel = _baca(root, tahun, "pk_keluarga.csv")
        ang = _baca(root, tahun, "pk_anggota.csv")
        kb = _baca(root, tahun, "pk_kb.csv")
        kunci = set(zip(kel["no_kk"], kel["no_urut_keluarga"], strict=True))
        yatim = [k not in kunci for k in zip(ang["no_kk"], ang["no_urut_keluarga"], strict=True)]
        assert sum(yatim) == _kotor("anggota_tanpa_keluarga")
        assert kel.duplicated(["no_kk", "no_urut_keluarga"]).sum() == _kotor("keluarga_ganda")
        assert (~kel["kode_kelurahan"].isin(kode)).sum() == _kotor("kelurahan_tidak_dikenal")
        jk = ang.set_index(["no_kk", "no_urut_keluarga", "no_urut"])["jenis_kelamin"]
        jk = jk[~jk.index.duplicated()]
        jk_istri = jk.reindex(
            list(zip(kb["no_kk"], kb["no_urut_keluarga"], kb["no_urut_istri"], strict=True))
        )
        assert (jk_istri == "L").sum() == _kotor("kb_laki_laki")
        umur = kb["umur_istri"].astype(int)
        assert (~umur.between(10, 49)).sum() == _kotor("umur_istri_di_luar_rentang")
        tanpa = (kb["ber_kb"] == "ya") & (kb["metode_kb"] == "")
        assert tanpa.sum() == _kotor("ber_kb_tanpa_metode")
        iv = _baca(root, tahun, "kkb_intervensi.csv")
        kkb_ids = set(_baca(root, tahun, "kkb.csv")["kkb_id"])
        assert (~iv["kkb_id"].isin(kkb_ids)).sum() == _kotor("kkb_id_tidak_dikenal")
        fungsi = {"Keagamaan", "Pendidikan", "Reproduksi", "Ekonomi", "Perlindungan",
                  "Kasih Sayang", "Sosial Budaya", "Pembinaan Lingkungan", "Lainnya"}  # fmt: skip
        fungsi |= {str(i) for i in range(1, 10)}
        assert (~iv["kategori_fungsi"].isin(fungsi)).sum() == _kotor(
            "kategori_fungsi_tidak_dikenal"
        )
        assert (~iv["jumlah_peserta"].str.fullmatch(r"\d+")).sum() == _kotor("teks_di_kolom_angka")
        ep = _baca(root, tahun, "eppgbm.csv")
        assert ep.duplicated().sum() == _kotor("pengukuran_ganda")
        assert (ep["Tinggi"] == "250").sum() == _kotor("tinggi_mustahil")
        tinggi = pd.to_numeric(ep["Tinggi"].str.replace(",", "."), errors="coerce")
        assert (tinggi < 3).sum() == _kotor("tinggi_dalam_meter")
        ukur = pd.to_datetime(ep["Tanggal Pengukuran"], format="%d/%m/%Y")
        lahir = pd.to_datetime(ep["Tgl Lahir"], format="%d/%m/%Y")
        assert (ukur < lahir).sum() == _kotor("ukur_sebelum_lahir")


def test_dirty_row_counts_scale_and_never_vanish():
    kecil = describe_dirty_rows(0.02)
    besar = describe_dirty_rows(1.0)
    assert set(kecil) == set(besar)
    assert all(v["jumlah_per_tahun"] >= 1 for v in kecil.values())
    assert all(1 <= v["jumlah_per_tahun"] <= 10 for v in besar.values())  # a handful
    assert set(NIK_KOTOR) <= set(besar)


def test_marker_says_synthetic_and_lists_the_dirty_rows(sampel):
    root, _ = sampel
    teks = (root / "2023" / SAMPLE_MARKER).read_text(encoding="utf-8")
    assert teks.startswith("Data sintetis buatan `kkb sampel` — bukan data nyata")
    assert "seed=20230615" in teks and "skala=0.02" in teks and "salt demo" in teks
    for jenis in describe_dirty_rows(SKALA):
        assert jenis in teks


def test_umkm_xlsx_is_all_text_and_owned_by_families_of_the_kkb(sampel):
    root, _ = sampel
    ws = load_workbook(root / "2023" / "kkb_umkm.xlsx").worksheets[0]
    baris = list(ws.iter_rows(min_row=2))
    assert baris
    assert all(c.data_type == "s" for r in baris for c in r if c.value is not None)
    umkm = pd.DataFrame(
        [[c.value for c in r] for r in baris], columns=KOLOM_KONTRAK["kkb_umkm.xlsx"]
    )
    assert umkm["no_kk_pemilik"].str.fullmatch(r"3672\d{12}").all()
    per_kkb = umkm.groupby("kkb_id").size()
    assert len(per_kkb) == 13 and per_kkb.between(1, 12).all()
    kel = _baca(root, 2023, "pk_keluarga.csv")
    assert set(umkm["no_kk_pemilik"]) <= set(kel["no_kk"])
    assert set(kel.loc[kel["umkm_id"] != "", "umkm_id"]) <= set(umkm["umkm_id"])


def test_pk_kb_ages_agree_with_birth_dates(sampel):
    root, _ = sampel
    ang = _baca(root, 2023, "pk_anggota.csv").drop_duplicates(
        ["no_kk", "no_urut_keluarga", "no_urut"]
    )
    kel = _baca(root, 2023, "pk_keluarga.csv").drop_duplicates(["no_kk", "no_urut_keluarga"])
    kb = _baca(root, 2023, "pk_kb.csv")
    kunci = ["no_kk", "no_urut_keluarga"]
    gabung = kb.merge(ang, left_on=[*kunci, "no_urut_istri"], right_on=[*kunci, "no_urut"]).merge(
        kel[[*kunci, "tanggal_pendataan"]], on=kunci
    )
    bersih = gabung[gabung["jenis_kelamin"] == "P"]
    lahir = pd.to_datetime(bersih["tanggal_lahir"])
    ref = pd.to_datetime(bersih["tanggal_pendataan"])
    umur = (
        ref.dt.year
        - lahir.dt.year
        - ((ref.dt.month * 100 + ref.dt.day) < (lahir.dt.month * 100 + lahir.dt.day))
    )
    assert (umur == bersih["umur_istri"].astype(int)).all()
    assert (bersih["status_kawin"] == "2").all()
    hamil_kb = (bersih["sedang_hamil"] == "ya") & (bersih["ber_kb"] == "ya")
    assert not hamil_kb.any()


def test_dtks_records_match_pk_families(sampel):
    root, _ = sampel
    dt = _baca(root, 2023, "dtks.csv")
    kel = _baca(root, 2023, "pk_keluarga.csv")
    ang = _baca(root, 2023, "pk_anggota.csv")
    assert set(dt["sumber"]) <= {"DTKS", "P3KE", "DTSEN"}
    assert dt["periode"].str.fullmatch(r"2023-\d{2}").all()
    assert ((dt["no_kk"] != "") | (dt["nik"] != "")).all()
    assert ((dt["no_kk"] == "") & (dt["nik"] != "")).any()  # some records by NIK only
    desil = dt.loc[dt["sumber"].isin(["DTKS", "P3KE"]), "desil"].astype(int)
    assert desil.between(1, 4).all()
    ok_kk = dt["no_kk"].isin(set(kel["no_kk"])) | (dt["no_kk"] == "")
    ok_nik = dt["nik"].isin(set(ang["nik"])) | (dt["nik"] == "")
    assert ok_kk.all() and ok_nik.mean() > 0.99
    assert 0.15 < dt.loc[dt["no_kk"] != "", "no_kk"].nunique() / len(kel) < 0.45


def test_dtsen_appears_only_from_2025(tmp_path):
    generate_sample(tmp_path, scale=0.01, years=(2025,))
    dt = _baca(tmp_path, 2025, "dtks.csv")
    assert "DTSEN" in set(dt["sumber"])
    assert dt.loc[dt["sumber"] == "DTSEN", "desil"].astype(int).between(1, 10).all()
    assert len(_baca(tmp_path, 2025, "kkb.csv")) == 13


def test_invalid_scale_is_rejected(tmp_path):
    with pytest.raises(ValueError):
        generate_sample(tmp_path, scale=0)
