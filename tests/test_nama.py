"""Names the user meant (issue 9): invisible characters, look-alike names, safe kkb_id, and
that nothing a user can do to names, folders or options ends in an internal error."""

from __future__ import annotations

import errno
import unicodedata

import pandas as pd
import pytest

from kkb_analysis import nama
from kkb_analysis.cli import main
from kkb_analysis.errors import pesan_os
from kkb_analysis.readers import find_file, read_raw_file

KKB_CSV = (
    "kkb_id,nama_kkb,kode_kelurahan,cakupan_wilayah,status_aktif\n"
    "KKB-3672051004-01,Kampung KB Panggung Rawi,36.72.05.1004,Desa,ya\n"
)
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
INVISIBLE = [*BIDI, "\u200e", "\u200f", "\u061c", "\u200b", "\u200c", "\u200d", "\ufeff", "\xad"]
# English texts of argparse and of the operating system that must never reach the user
ENGLISH = ("usage:", "error:", "invalid", "required", "unrecognized", "expected", "choose from",
           "positional arguments", "options:", "show this help", "No space left",
           "Permission denied", "Traceback", "GALAT INTERNAL")  # fmt: skip


# ------------------------------------------------------------------------ display helper
@pytest.mark.parametrize("ch", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_and_bidi_characters_are_removed_for_display(ch):
    assert nama.teks_tampil(f"Kampung{ch} KB {ch}Maju") == "Kampung KB Maju"
    assert nama.judul_normal(f" Nama{ch}_KKB ") == "nama_kkb"


def test_display_pattern_covers_every_format_and_control_character():
    every = [chr(c) for c in range(0x110000)]
    expected = {
        c for c in every if unicodedata.category(c) == "Cf" or unicodedata.category(c) == "Cc"
    } - {"\t", "\n"}
    found = {c for c in every if nama._POLA_TAK_TERLIHAT.fullmatch(c)}
    # the table is Unicode 14; a newer Python may know more format characters, never fewer
    assert found >= expected or unicodedata.unidata_version != "14.0.0"
    assert found <= expected | {chr(c) for c in range(0x13439, 0x13440)}


def test_display_keeps_ordinary_letters_and_accents():
    assert nama.teks_tampil("Kampung KB Café — RW 01/02") == "Kampung KB Café — RW 01/02"
    assert nama.teks_tampil("e\u0301") == "é"  # NFC


def test_series_display_keeps_missing_values():
    s = pd.Series(["a\u202eb", pd.NA, "c"], dtype="string")
    out = nama.seri_tampil(s)
    assert out.iloc[0] == "ab" and pd.isna(out.iloc[1]) and out.iloc[2] == "c"


def test_header_normal_form_full_width_and_no_break_space():
    assert nama.judul_normal("ｋｋｂ＿ｉｄ") == "kkb_id"
    assert nama.judul_normal("status\xa0aktif") == "status aktif"


def test_lookalike_explained_by_code_point():
    # a Cyrillic "а" makes 'nаma_kkb' look exactly like 'nama_kkb'
    assert nama.jelaskan_karakter("n\u0430ma_kkb") == (
        "berisi karakter U+0430 (CYRILLIC SMALL LETTER A) di posisi 2"
    )
    assert "tak terlihat U+200B" in nama.jelaskan_karakter("nama\u200b")
    assert nama.jelaskan_karakter("nama_kkb") == ""


# ------------------------------------------------------------------------ file names
BASES = ["kkb", "kkb_profil", "dtks", "pk_anggota", "pk_kb"]


@pytest.mark.parametrize(
    ("name", "base"),
    [
        ("dtks (1).csv", "dtks"),
        ("dtks.csv.csv", "dtks"),
        ("dtks_2023.csv", "dtks"),
        ("DTKS .csv", "dtks"),
        ("Salinan dtks.csv", "dtks"),
        ("dtks.xls", "dtks"),
        ("pk_kb.ods", "pk_kb"),
        ("kkb_profil_final.xlsx", "kkb_profil"),  # the longer base wins over kkb
        ("KKB (2).xlsx", "kkb"),
        ("pk anggota.csv", "pk_anggota"),
        ("dtks\u200b.csv", "dtks"),
    ],
)
def test_lookalike_file_names(tmp_path, name, base):
    (tmp_path / name).write_text("x")
    assert nama.berkas_mirip(tmp_path, BASES) == {base: [tmp_path / name]}


@pytest.mark.parametrize("name", ["catatan.csv", "rekap lama.xlsx", "_SAMPEL_SINTETIS.txt"])
def test_unrelated_files_are_not_lookalikes(tmp_path, name):
    (tmp_path / name).write_text("x")
    assert nama.berkas_mirip(tmp_path, BASES) == {}


@pytest.mark.parametrize("name", ["PK_ANGGOTA.CSV", "Pk_Anggota.Csv", "pk_anggota.CSV"])
def test_raw_file_found_in_any_letter_case(tmp_path, name):
    (tmp_path / name).write_text("no_kk\n1\n")
    assert find_file(tmp_path, "pk_anggota") == (tmp_path / name, None)
    assert nama.berkas_mirip(tmp_path, BASES) == {}


def test_two_names_differing_by_case_are_ambiguous(tmp_path):
    (tmp_path / "pk_kb.csv").write_text("a\n1\n")
    (tmp_path / "PK_KB.csv").write_text("a\n2\n")
    if len(list(tmp_path.iterdir())) < 2:
        pytest.skip("case-insensitive file system")
    path, problem = find_file(tmp_path, "pk_kb")
    assert path is None and problem.code == "FILE_GANDA"
    assert "'PK_KB.csv'" in problem.message and "'pk_kb.csv'" in problem.message
    assert "huruf besar/kecil" in problem.message


def test_invisible_character_in_header_is_ignored(tmp_path):
    path = tmp_path / "kkb.csv"
    path.write_text("kkb_id,nama\u200b_kkb,\u202ekode_kelurahan\n1,a,b\n", encoding="utf-8")
    raw, problem = read_raw_file(path)
    assert problem is None
    assert raw.headers == ["kkb_id", "nama_kkb", "kode_kelurahan"]


# ------------------------------------------------------------------------ year folders
@pytest.mark.parametrize(
    ("folder", "year"),
    [("2023 ", 2023), ("2023_final", 2023), ("Tahun 2023", 2023), ("２０２３", 2023),
     (" 2022", 2022), ("data 2022 (revisi)", 2022)],
)  # fmt: skip
def test_lookalike_year_folders(tmp_path, folder, year):
    (tmp_path / folder).mkdir()
    assert nama.folder_mirip_tahun(tmp_path) == {tmp_path / folder: year}
    assert nama.tahun_folder(folder) is None


@pytest.mark.parametrize("folder", ["2023", "arsip", "2022-2023", "12345"])
def test_not_lookalike_year_folders(tmp_path, folder):
    (tmp_path / folder).mkdir()
    assert nama.folder_mirip_tahun(tmp_path) == {}


# ------------------------------------------------------------------------ kkb_id
@pytest.mark.parametrize(
    "kkb_id",
    ["index", "INDEX", "rekap_kota", "manifest", "manifest.json", "karantina", "indikator_kkb",
     "index.html", "con", "NUL", ".", "..", "a..b", "KKB 01", "KKB/01", "KKB-01.", "-KKB",
     "KKB\u202e01", "KKB\u200b01", "x" * 65, ""],
)  # fmt: skip
def test_kkb_id_refused(kkb_id):
    why = nama.masalah_kkb_id(kkb_id)
    assert why and "kkb_id" in why and "\u202e" not in why


@pytest.mark.parametrize("kkb_id", ["KKB-3672051004-01", "kkb_01", "K1", "indexa", "KKB.2"])
def test_kkb_id_accepted(kkb_id):
    assert nama.masalah_kkb_id(kkb_id) is None


# ------------------------------------------------------------------------ CLI
@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KKB_SALT", "salt-uji-nama-tidak-rahasia")
    year = tmp_path / "raw" / "2023"
    year.mkdir(parents=True)
    (year / "kkb.csv").write_text(KKB_CSV, encoding="utf-8")
    return tmp_path


def _cli(capsys, *args: str) -> tuple[int, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse exits by itself
        code = exc.code
    out = capsys.readouterr()
    return code, out.out + out.err


def _no_english(text: str) -> None:
    for word in ENGLISH:
        assert word not in text, (word, text)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["sampel", "--tahun", "abc"], "'abc' bukan tahun"),
        (["sampel", "--tahun", "2018"], "tahun 2019 sampai 2100"),
        (["sampel", "--tahun", "2101"], "tahun 2019 sampai 2100"),
        (["bangun", "--tahun", "23"], "antara 2000 dan 2100"),
        (["sampel", "--tahun"], "perlu paling sedikit satu nilai"),
        (["sampel", "--skala", "0"], "skala harus lebih dari 0"),
        (["sampel", "--skala", "-1"], "skala harus lebih dari 0"),
        (["sampel", "--skala", "nan"], "skala harus lebih dari 0"),
        (["sampel", "--skala", "inf"], "skala harus lebih dari 0"),
        (["sampel", "--skala", "1e9"], "paling besar 5"),
        (["sampel", "--skala", "0,5"], "'0,5' bukan angka"),
        (["sampel", "--seed", "-1"], "benih harus 0 sampai"),
        (["sampel", "--seed", "99999999999"], "benih harus 0 sampai"),
        (["sampel", "--seed", "1.5"], "bukan bilangan bulat"),
        (["sampel", "--hapus"], "argumen tidak dikenal: --hapus"),
        (["laporan", "--pekerja", "0"], "jumlah pekerja harus 1"),
        (["laporan", "--batas-waktu", "-5"], "batas waktu harus 0 atau lebih"),
        (["bangun", "--tahun", "2023x"], "'2023x' bukan tahun"),
        (["hapus"], "pilihan 'hapus' tidak dikenal"),
        ([], "argumen berikut wajib diisi: PERINTAH"),
    ],
)
def test_bad_options_give_indonesian_usage_errors(tmp_path, capsys, args, needle):
    code, text = _cli(capsys, "--data-dir", str(tmp_path), *args)
    assert code == 2
    assert needle in text and "penggunaan: kkb" in text and "galat:" in text
    _no_english(text)
    assert not (tmp_path / "raw").exists()  # nothing was generated


@pytest.mark.parametrize("args", [["--help"], ["sampel", "--help"], ["laporan", "--help"]])
def test_help_has_indonesian_headings(capsys, args):
    code, text = _cli(capsys, *args)
    assert code == 0
    assert "penggunaan: kkb" in text and "opsi:" in text
    assert "tampilkan bantuan ini lalu keluar" in text
    _no_english(text)


def test_parser_leaves_argparse_english_for_other_programs(capsys):
    import argparse

    _cli(capsys, "sampel", "--tahun", "abc")
    other = argparse.ArgumentParser(prog="lain")
    assert other.format_usage().startswith("usage: ")


@pytest.mark.parametrize("folder", ["2023 ", "Tahun 2023", "2023_final"])
def test_year_folder_with_odd_name_stops(tmp_path, capsys, monkeypatch, folder):
    monkeypatch.setenv("KKB_SALT", "salt-uji-nama-tidak-rahasia")
    (tmp_path / "raw" / folder).mkdir(parents=True)
    (tmp_path / "raw" / folder / "kkb.csv").write_text(KKB_CSV, encoding="utf-8")
    for command in ("validasi", "bangun", "utama"):
        code, text = _cli(capsys, "--data-dir", str(tmp_path), command)
        assert code == 2, command
        assert f"'{folder}' → ganti namanya menjadi '2023'" in text
        _no_english(text)
    assert sorted(p.name for p in (tmp_path / "raw").iterdir()) == [folder]  # no sample beside
    assert not (tmp_path / "processed").exists()


def test_sampel_refuses_to_write_beside_a_lookalike_year_folder(tmp_path, capsys):
    (tmp_path / "raw" / "2023 ").mkdir(parents=True)
    code, text = _cli(capsys, "--data-dir", str(tmp_path), "sampel", "--skala", "0.001")
    assert code == 2 and "'2023 '" in text and "--data-dir lain" in text
    assert [p.name for p in (tmp_path / "raw").iterdir()] == ["2023 "]


def test_year_folder_copy_beside_the_real_one_is_a_warning(data_dir, capsys, caplog):
    (data_dir / "raw" / "2023_lama").mkdir()
    code, _ = _cli(capsys, "--data-dir", str(data_dir), "validasi")
    assert code == 0
    assert "Folder '2023_lama'" in caplog.text and "tidak dibaca" in caplog.text


@pytest.mark.parametrize(
    "thing", ["kkb.csv", "dtks.xlsx", "catatan.txt", "KOTA CILEGON", "2023.zip"]
)
def test_utama_never_generates_a_sample_beside_user_files(tmp_path, capsys, thing):
    raw = tmp_path / "raw"
    raw.mkdir()
    if "." in thing:
        (raw / thing).write_text("kkb_id\n")
    else:
        (raw / thing).mkdir()
    code, text = _cli(capsys, "--data-dir", str(tmp_path), "utama")
    assert code == 2
    assert f"'{thing}'" in text and "Data sampel tidak dibuat" in text
    _no_english(text)
    assert [p.name for p in raw.iterdir()] == [thing]


def test_upper_case_file_names_are_read(data_dir, capsys):
    year = data_dir / "raw" / "2023"
    (year / "kkb.csv").rename(year / "KKB.CSV")
    code, text = _cli(capsys, "--data-dir", str(data_dir), "validasi")
    assert code == 0, text
    summary = pd.read_csv(data_dir / "processed/2023/ringkasan_muat.csv")
    row = summary.set_index("file").loc["kkb"]
    assert row["format"] == "csv" and row["baris_dibaca"] == 1


@pytest.mark.parametrize("name", ["dtks (1).csv", "dtks.csv.csv", "DTKS .csv", "dtks.xls"])
def test_lookalike_file_stops_with_rename_advice(data_dir, capsys, name):
    (data_dir / "raw/2023" / name).write_text("no_kk\n", encoding="utf-8")
    code, text = _cli(capsys, "--data-dir", str(data_dir), "bangun")
    assert code == 2
    assert "NAMA_BERKAS" in text and f"'{name}'" in text and "dtks.csv" in text
    _no_english(text)
    assert not (data_dir / "processed").exists()


def test_lookalike_beside_the_real_file_stops(data_dir, capsys):
    year = data_dir / "raw/2023"
    (year / "kkb (1).csv").write_text(KKB_CSV, encoding="utf-8")
    code, text = _cli(capsys, "--data-dir", str(data_dir), "bangun")
    assert code == 2
    assert "selain kkb.csv ada juga 'kkb (1).csv'" in text


def test_unknown_spreadsheet_is_a_warning(data_dir, capsys, caplog):
    (data_dir / "raw/2023/catatan rapat.xlsx").write_bytes(b"x")
    code, _ = _cli(capsys, "--data-dir", str(data_dir), "validasi")
    assert code == 0
    assert "catatan rapat.xlsx" in caplog.text and "tidak dibaca" in caplog.text


@pytest.mark.parametrize(
    "kkb_id", ["index", "rekap_kota", "manifest", "karantina", "..", "KKB\u202e01"]
)
def test_kkb_id_colliding_with_output_names_is_quarantined(data_dir, capsys, kkb_id):
    extra = f"{kkb_id},Kampung KB Lain,36.72.05.1005,Desa,ya\n"
    (data_dir / "raw/2023/kkb.csv").write_text(KKB_CSV + extra, encoding="utf-8")
    code, text = _cli(capsys, "--data-dir", str(data_dir), "validasi")
    assert code == 0, text
    issues = pd.read_csv(data_dir / "processed/2023/masalah_data.csv", dtype=str)
    row = issues[issues["kolom"].eq("kkb_id")]
    # (an id such as ".." also breaks the identifier pattern: a second reason on the same row)
    assert set(row["baris_sumber"]) == {"3"} and set(row["tingkat"]) == {"tolak"}
    assert not row["pesan"].str.contains("\u202e").any()


def test_kkb_id_differing_only_by_case_is_quarantined(data_dir, capsys):
    extra = "kkb-3672051004-01,Kampung KB Lain,36.72.05.1005,Desa,ya\n"
    (data_dir / "raw/2023/kkb.csv").write_text(KKB_CSV + extra, encoding="utf-8")
    assert _cli(capsys, "--data-dir", str(data_dir), "validasi")[0] == 0
    issues = pd.read_csv(data_dir / "processed/2023/masalah_data.csv", dtype=str)
    assert list(zip(issues["baris_sumber"], issues["kode_alasan"], strict=True)) == [
        ("3", "DUPLIKAT_KUNCI")
    ]
    assert "huruf besar/kecil" in issues["pesan"].iloc[0]


def test_bidi_name_is_neutralised_in_the_processed_table(data_dir, capsys):
    text = KKB_CSV.replace("Panggung Rawi", "\u202eiwaR gnuggnaP\u202c \u200bX")
    (data_dir / "raw/2023/kkb.csv").write_text(text, encoding="utf-8")
    assert _cli(capsys, "--data-dir", str(data_dir), "bangun")[0] == 0
    table = pd.read_parquet(data_dir / "processed/2023/core_kkb.parquet")
    assert table["nama_kkb"].iloc[0] == "Kampung KB iwaR gnuggnaP X"


# ------------------------------------------------------------------------ system errors
@pytest.mark.parametrize(
    ("code", "needle"),
    [
        (errno.ENOSPC, "Ruang disk penuh saat menulis"),
        (errno.EDQUOT, "Ruang disk penuh saat menulis"),
        (errno.EACCES, "Tidak ada izin"),
        (errno.EPERM, "Tidak ada izin"),
        (errno.EROFS, "hanya-baca"),
        (errno.ENOTDIR, "harus folder"),
        (errno.EISDIR, "harus berkas"),
        (errno.EEXIST, "menghalangi"),
        (errno.EIO, "galat sistem EIO"),
    ],
)
def test_os_error_message_names_the_file_in_indonesian(code, needle):
    exc = OSError(code, "English text from the system", "/data/processed/2023/x.parquet")
    text = pesan_os(exc)
    assert needle in text and "/data/processed/2023/x.parquet" in text
    assert "English" not in text and "jalankan lagi" in text


def test_os_error_without_file_name_uses_the_given_path():
    assert "/tujuan/berkas.csv" in pesan_os(OSError(errno.ENOSPC, "x"), "/tujuan/berkas.csv")
    # pyarrow raises OSError with the text only
    assert "Ruang disk penuh" in pesan_os(OSError("IOError: No space left on device"), "/a")


def _disk_full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("where", ["parquet", "csv"])
def test_disk_full_during_bangun(data_dir, capsys, monkeypatch, where):
    if where == "parquet":
        monkeypatch.setattr(pd.DataFrame, "to_parquet", _disk_full)
    else:
        monkeypatch.setattr(pd.DataFrame, "to_csv", _disk_full)
    code, text = _cli(capsys, "--data-dir", str(data_dir), "bangun")
    assert code == 2
    assert "Ruang disk penuh saat menulis" in text
    assert str(data_dir / "processed") in text
    _no_english(text)
    assert not (data_dir / "processed/2023").exists()


def test_disk_full_during_validasi_names_the_file(data_dir, capsys, monkeypatch):
    monkeypatch.setattr(pd.DataFrame, "to_csv", _disk_full)
    code, text = _cli(capsys, "--data-dir", str(data_dir), "validasi")
    assert code == 2
    assert "Ruang disk penuh saat menulis" in text and "processed/2023/" in text
    _no_english(text)


def test_processed_year_that_is_a_file_is_replaced_or_named(data_dir, capsys):
    (data_dir / "processed").mkdir()
    (data_dir / "processed" / "2023").write_text("sampah")
    code, text = _cli(capsys, "--data-dir", str(data_dir), "validasi")
    assert code == 2
    assert "processed/2023" in text and "harus folder" in text
    _no_english(text)


def test_processed_folder_that_is_a_file(data_dir, capsys):
    (data_dir / "processed").write_text("sampah")
    code, text = _cli(capsys, "--data-dir", str(data_dir), "bangun")
    assert code == 2 and str(data_dir / "processed") in text
    _no_english(text)


def test_raw_folder_that_is_a_file(tmp_path, capsys):
    (tmp_path / "raw").write_text("sampah")
    code, text = _cli(capsys, "--data-dir", str(tmp_path), "utama")
    assert code == 2 and str(tmp_path / "raw") in text
    _no_english(text)


def test_unexpected_error_is_still_internal(data_dir, capsys, monkeypatch):
    """Real bugs keep exit code 1 (the handlers above must not swallow them)."""
    monkeypatch.setattr("kkb_analysis.pipeline.load_year", lambda *a, **k: 1 / 0)
    code, text = _cli(capsys, "--data-dir", str(data_dir), "validasi")
    assert code == 1 and "GALAT INTERNAL" in text


def test_header_hint_shows_why_identical_looking_names_differ(data_dir, capsys):
    # Cyrillic "а" (U+0430) in the header: 'nаma_kkb' and 'nama_kkb' look the same
    text = KKB_CSV.replace("nama_kkb", "n\u0430ma_kkb")
    (data_dir / "raw/2023/kkb.csv").write_text(text, encoding="utf-8")
    code, out = _cli(capsys, "--data-dir", str(data_dir), "validasi")
    assert code == 2
    assert "'n\u0430ma_kkb' mungkin maksudnya 'nama_kkb'" in out
    assert "U+0430 (CYRILLIC SMALL LETTER A) di posisi 2" in out


# ------------------------------------------------------------------------ damaged previous outputs
@pytest.mark.parametrize("junk", [b"sampah", b"\x00\xff", b"PAR1junkPAR1"])
def test_damaged_previous_year_skips_the_comparison(data_dir, capsys, caplog, junk):
    previous = data_dir / "processed" / "2022"
    previous.mkdir(parents=True)
    (previous / "core_kkb.parquet").write_bytes(junk)
    (previous / "out_wilayah.parquet").write_bytes(junk)
    code, text = _cli(capsys, "--data-dir", str(data_dir), "bangun")
    assert code == 0, text
    assert "perbandingan dengan tahun sebelumnya dilewati" in caplog.text
    assert (data_dir / "processed/2023/out_perubahan.parquet").is_file()


def test_previous_year_table_without_its_columns_is_skipped(data_dir, capsys, caplog):
    previous = data_dir / "processed" / "2022"
    previous.mkdir(parents=True)
    pd.DataFrame({"lain": [1]}).to_parquet(previous / "core_kkb.parquet")
    pd.DataFrame({"lain": [1]}).to_parquet(previous / "out_wilayah.parquet")
    assert _cli(capsys, "--data-dir", str(data_dir), "bangun")[0] == 0
    assert caplog.text.count("dilewati") == 2


@pytest.mark.parametrize(
    "isi", ["[1, 2]", '{"laporan": [1]}', '{"laporan": {"a": 1}}', "\xff", "bukan json"]
)
def test_damaged_manifest_is_treated_as_absent(tmp_path, isi):
    from kkb_analysis.laporan.manifest import manifest_lama as _manifest_lama

    (tmp_path / "manifest.json").write_text(isi, encoding="latin-1")
    lama = _manifest_lama(tmp_path)
    assert lama.get("laporan", {}) == {}


def test_manifest_that_is_a_folder_is_treated_as_absent(tmp_path):
    from kkb_analysis.laporan.manifest import manifest_lama as _manifest_lama

    (tmp_path / "manifest.json").mkdir()
    assert _manifest_lama(tmp_path) == {}


def test_damaged_processed_table_stops_laporan_with_advice(data_dir, capsys):
    folder = data_dir / "processed" / "2023"
    folder.mkdir(parents=True)
    (folder / "out_wilayah.parquet").write_bytes(b"sampah")
    code, text = _cli(
        capsys, "--data-dir", str(data_dir), "--laporan-dir", str(data_dir / "r"), "laporan"
    )
    assert code == 2
    assert "rusak atau dari versi lama" in text and "kkb bangun --tahun 2023" in text
    _no_english(text)


@pytest.mark.parametrize("kkb_id", ["index", "..", "../x", "rekap_kota"])
def test_laporan_kkb_option_refuses_unsafe_ids(data_dir, capsys, kkb_id):
    folder = data_dir / "processed" / "2023"
    folder.mkdir(parents=True)
    (folder / "out_wilayah.parquet").write_bytes(b"x")
    code, text = _cli(capsys, "--data-dir", str(data_dir), "laporan", "--kkb", kkb_id)
    assert code == 2 and "Kode KKB tidak dapat dipakai" in text
    _no_english(text)
