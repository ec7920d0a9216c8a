"""Paths, settings overrides and the salt rules."""

from __future__ import annotations

import pytest

from kkb_analysis import config


def test_env_overrides_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("KKB_DATA_DIR", str(tmp_path / "d"))
    paths = config.get_paths()
    assert paths.raw_year(2023) == tmp_path / "d" / "raw" / "2023"
    assert paths.quarantine_year(2023) == tmp_path / "d" / "processed" / "2023" / "karantina"


def test_settings_override_and_unknown_key(tmp_path):
    good = tmp_path / "p.yaml"
    good.write_text("pus:\n  umur_istri: [15, 44]\n")
    assert config.load_settings(good)["pus"]["umur_istri"] == [15, 44]
    assert config.load_settings()["pus"]["umur_istri"] == [15, 49]  # defaults untouched
    bad = tmp_path / "q.yaml"
    bad.write_text("pus:\n  umur_isteri: [15, 44]\n")
    with pytest.raises(config.ConfigError, match=r"pus\.umur_isteri"):
        config.load_settings(bad)


def test_reference_tables_complete():
    wilayah = config.load_reference("wilayah")
    assert len(wilayah["kecamatan"]) == 8
    assert len(wilayah["kelurahan"]) == 43
    assert sum(k["penduduk"] for k in wilayah["kecamatan"]) == 483_015
    assert len(wilayah["kkb"]) == 13
    kel = {k["kode"] for k in wilayah["kelurahan"]}
    assert all(k["kode_kelurahan"] in kel for k in wilayah["kkb"])


# ----------------------------------------------------------------- settings file: every problem
def _leaves(node: dict, prefix: str = "") -> dict[str, object]:
    out = {}
    for key, value in node.items():
        if isinstance(value, dict):
            out.update(_leaves(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def test_every_setting_has_a_rule_that_its_default_passes():
    leaves = _leaves(config.load_settings(config.DEFAULT_SETTINGS_FILE))
    assert set(leaves) == set(config.SETTING_RULES)
    for key, value in leaves.items():
        assert config.SETTING_RULES[key](value) is None, (key, value)


@pytest.mark.parametrize(
    "text, key, expected",
    [
        ("kelengkapan:\n  ambang: 1\n", "kelengkapan.ambang", 1),  # an int where a float is
        (
            "klasifikasi:\n  jendela_lintas_sektor_bulan: 6\n",
            "klasifikasi.jendela_lintas_sektor_bulan",
            6,
        ),
        ("klasifikasi:\n  bulan_kkbpk: 3\n", "klasifikasi.bulan_kkbpk", 3),
        ("konvergensi:\n  jendela_bulan: null\n", "konvergensi.jendela_bulan", None),
        ("ibangga:\n  v6_belum_kawin: 0\n", "ibangga.v6_belum_kawin", 0),
        ("krs:\n  jamban_bersama_layak: false\n", "krs.jamban_bersama_layak", False),
        ("stunting:\n  periode: [maret, tahun]\n", "stunting.periode", ["maret", "tahun"]),
        ('laporan:\n  tanggal_referensi: "06-30"\n', "laporan.tanggal_referensi", "06-30"),
        ("pus:\n#  umur_istri: [15, 44]\n", "pus.umur_istri", [15, 49]),  # section left empty
        ("", "pus.umur_istri", [15, 49]),
        ("# hanya komentar\n\n", "pus.umur_istri", [15, 49]),
        ("\ufeffpus:\r\n  umur_istri: [15, 44]\r\n", "pus.umur_istri", [15, 44]),  # Notepad
    ],
)
def test_settings_accepted(tmp_path, text, key, expected):
    path = tmp_path / "pengaturan.yaml"
    path.write_bytes(text.encode("utf-8"))
    section, name = key.split(".")
    assert config.load_settings(path)[section][name] == expected


@pytest.mark.parametrize(
    "text, needles",
    [
        ("pus:\n\tumur_istri: [15, 44]\n", ["bukan YAML yang sah", "baris 2"]),
        ("laporan:\n  sel_kecil: 5\n tanggal_referensi: x\n", ["bukan YAML yang sah", "baris 3"]),
        ("pus: !!python/object/apply:os.system [echo]\n", ["bukan YAML yang sah", "baris 1"]),
        (
            "# komentar\nlaporan:\n  sel_kecil: lima\n",
            ["baris 3", "'laporan.sel_kecil'", "bilangan bulat", 'teks "lima"'],
        ),
        ("laporan:\n  sel_kecil: 5.5\n", ["baris 2", "'laporan.sel_kecil'", "bilangan bulat"]),
        ("laporan:\n  sel_kecil: 0\n", ["baris 2", "'laporan.sel_kecil'", "≥ 1"]),
        ("kelengkapan:\n  ambang: '0,9'\n", ["baris 2", "'kelengkapan.ambang'", "titik desimal"]),
        ("kelengkapan:\n  ambang: .nan\n", ["baris 2", "'kelengkapan.ambang'"]),
        ("kelengkapan:\n  ambang: 90\n", ["baris 2", "'kelengkapan.ambang'", "0 s.d. 1"]),
        (
            "krs:\n  jamban_bersama_layak: ya\n",
            ["baris 2", "'krs.jamban_bersama_layak'", "true atau false"],
        ),
        ("validasi:\n  toleransi_z: true\n", ["baris 2", "'validasi.toleransi_z'"]),
        ("pus:\n  umur_istri: 15\n", ["baris 2", "'pus.umur_istri'", "daftar dua"]),
        ("pus:\n  umur_istri: [49, 15]\n", ["baris 2", "'pus.umur_istri'", "awal ≤ akhir"]),
        ("umur: 5\n", ["baris 1", "'umur'", "bagian"]),
        (
            "klasifikasi:\n  jendela_lintas_sektor_bulan: enam\n",
            ["baris 2", "null atau bilangan bulat"],
        ),
        ("klasifikasi:\n  bulan_kkbpk: 13\n", ["baris 2", "'klasifikasi.bulan_kkbpk'", "terakhir"]),
        ("klasifikasi:\n  pembulatan: half_down\n", ["baris 2", "half_even, half_up"]),
        (
            "validasi:\n  kotak_koordinat:\n    lintang: [-6.2]\n",
            ["baris 3", "'validasi.kotak_koordinat.lintang'"],
        ),
        (
            'laporan:\n  tanggal_referensi: "02-29"\n',
            ["baris 2", "'laporan.tanggal_referensi'", "BB-HH"],
        ),
        ('laporan:\n  tanggal_referensi: "7-1"\n', ["baris 2", "BB-HH"]),
        ("laporan:\n  tanggal_referensi: 2023-12-31\n", ["baris 2", "BB-HH"]),
        ("dokumen:\n  instansi_singkat: 42\n", ["baris 2", "'dokumen.instansi_singkat'", "teks"]),
        ("penghasilan:\n  pekerjaan_tetap: [5, 6]\n", ["baris 2", "tanda kutip"]),
        ("stunting:\n  periode: [Febuari]\n", ["baris 2", "'stunting.periode'", "februari"]),
        ("stunting:\n  periode: [Februari, februari]\n", ["baris 2", "tanpa pengulangan"]),
        ("ibangga:\n  bobot: [1, 1]\n", ["baris 2", "'ibangga.bobot'", "tiga"]),
        ("ibangga:\n  v6_belum_kawin: 0.5\n", ["baris 2", "NA, 0 atau 1"]),
        ("krs:\n  faktor: []\n", ["baris 2", "'krs.faktor'"]),
        ("kesejahteraan:\n  desil_kurang_mampu: [0, 4]\n", ["baris 2", "1 s.d. 10"]),
        (
            "umur:\n  sekolah:\n    SMK: [16, 18]\n",
            ["baris 3", "'umur.sekolah.SMK'", "tidak dikenal", "SD, SMP, SMA"],
        ),
        ("\n\nlaporan:\n  sel_kecill: 5\n", ["baris 4", "'laporan.sel_kecill'", "tidak dikenal"]),
        (
            "pus:\n  umur_istri: [15, 44]\n  umur_istri: [15, 49]\n",
            ["baris 3", "'pus.umur_istri'", "dua kali"],
        ),
        ("pus.umur_istri: [15, 44]\n", ["baris 1", "'pus.umur_istri'", "bertingkat"]),
        ("- pus\n- umur_istri\n", ["baris 1", "pasangan kunci: nilai"]),
        ("hanya teks\n", ["baris 1", "pasangan kunci: nilai"]),
    ],
)
def test_bad_settings_name_file_line_and_fix(tmp_path, text, needles):
    path = tmp_path / "pengaturan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(config.ConfigError) as info:
        config.load_settings(path)
    message = str(info.value)
    assert str(path) in message
    assert "pengaturan.yaml" in message and "jalankan ulang" in message
    for needle in needles:
        assert needle in message, (needle, message)


def test_all_problems_of_a_settings_file_reported_at_once(tmp_path):
    path = tmp_path / "pengaturan.yaml"
    path.write_text("laporan:\n  sel_kecil: x\npus:\n  umur_istri: 1\n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match=r"2 masalah") as info:
        config.load_settings(path)
    assert "baris 2" in str(info.value) and "baris 4" in str(info.value)


def test_deep_nesting_is_a_configuration_error(tmp_path):
    path = tmp_path / "pengaturan.yaml"
    path.write_text("pus: " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match="bukan YAML yang sah"):
        config.load_settings(path)


@pytest.mark.parametrize(
    "content, needles",
    [
        ("pus:\n  umur_istri: [15, 44]\n".encode("utf-16"), ["UTF-16"]),
        ("pus:\n  umur_istri: [15, 44]\n".encode("utf-16-le"), ["UTF-16"]),
        (
            "dokumen:\n  instansi_singkat: Dinas Café\n".encode("cp1252"),
            ["bukan UTF-8", "baris 2", "Save As"],
        ),
    ],
    ids=["utf16-bom", "utf16-tanpa-bom", "cp1252"],
)
def test_settings_encodings(tmp_path, content, needles):
    path = tmp_path / "pengaturan.yaml"
    path.write_bytes(content)
    with pytest.raises(config.ConfigError) as info:
        config.load_settings(path)
    assert str(path) in str(info.value)
    for needle in needles:
        assert needle in str(info.value)


def test_settings_path_problems(tmp_path, monkeypatch):
    folder = tmp_path / "pengaturan.yaml"
    folder.mkdir()
    with pytest.raises(config.ConfigError, match="folder"):
        config.load_settings(folder)
    monkeypatch.setenv("KKB_PENGATURAN", str(tmp_path / "tidak-ada.yaml"))
    with pytest.raises(config.ConfigError, match="tidak ditemukan"):
        config.load_settings()
    monkeypatch.delenv("KKB_PENGATURAN")
    local = tmp_path / "config" / "pengaturan.yaml"
    local.parent.mkdir()
    monkeypatch.setattr(config, "LOCAL_SETTINGS_FILE", local)
    assert config.load_settings()["pus"]["umur_istri"] == [15, 49]  # no local file: defaults
    local.with_name("pengaturan.yaml.txt").write_text("pus:\n  umur_istri: [15, 44]\n")
    with pytest.raises(config.ConfigError, match=r"pengaturan\.yaml\.txt"):
        config.load_settings()


def test_unreadable_settings_file(tmp_path, monkeypatch):
    path = tmp_path / "pengaturan.yaml"
    path.write_text("pus:\n  umur_istri: [15, 44]\n", encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(path), "read_bytes", refuse)
    with pytest.raises(config.ConfigError, match="tidak dapat dibaca") as info:
        config.load_settings(path)
    assert str(path) in str(info.value) and "izin" in str(info.value)


def test_settings_override_is_announced_once_and_only_when_it_changes_something(tmp_path, caplog):
    """Quiet by default: load_settings is called by many steps of one run; the shipped
    template (comments only) says nothing, a real override is announced once per content."""
    import logging

    from kkb_analysis.config import load_settings

    f = tmp_path / "pengaturan.yaml"
    f.write_text("# laporan:\n#   sel_kecil: 5\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="kkb_analysis"):
        for _ in range(3):
            load_settings(f)
    assert [r for r in caplog.records if r.levelno >= logging.INFO] == []
    f.write_text("laporan:\n  sel_kecil: 7\n", encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="kkb_analysis"):
        nilai = [load_settings(f)["laporan"]["sel_kecil"] for _ in range(3)]
    assert nilai == [7, 7, 7]
    pesan = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert pesan == [f"Pengaturan lokal dipakai: {f}"]
    # an edit is seen at once (the cache is keyed by the file's content)
    f.write_text("laporan:\n  sel_kecil: 9\n", encoding="utf-8")
    assert load_settings(f)["laporan"]["sel_kecil"] == 9
