"""The pseudonymisation secret: where it comes from, how it is read, when the demo salt is allowed.

Expected digests are computed here with the standard library (``hmac``) from the secret as the
user typed it, never with the code under test.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pandas as pd
import pytest

from kkb_analysis import config
from kkb_analysis.pseudonim import hash_values

SECRET = "kalimat-rahasia-Cilegon-2023"
NIK = "3672051204870003"
# HMAC-SHA-256(secret, NIK) for the secret exactly as typed (no BOM, no newline)
EXPECTED = hmac.new(SECRET.encode("utf-8"), NIK.encode("utf-8"), hashlib.sha256).hexdigest()
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def salt_file(tmp_path, monkeypatch) -> Path:
    """``config/salt.local`` redirected to a temporary folder; no KKB_SALT."""
    path = tmp_path / "config" / "salt.local"
    path.parent.mkdir()
    monkeypatch.setattr(config, "LOCAL_SALT_FILE", path)
    monkeypatch.delenv("KKB_SALT", raising=False)
    return path


@pytest.fixture
def year(tmp_path) -> Path:
    folder = tmp_path / "raw" / "2023"
    folder.mkdir(parents=True)
    return folder


def _digest(salt: config.Salt) -> str:
    return hash_values(pd.Series([NIK], dtype="string"), salt.value).iloc[0]


def _refused(year: Path, *needles: str) -> str:
    with pytest.raises(config.ConfigError) as info:
        config.load_salt(year)
    message = str(info.value)
    for needle in needles:
        assert needle in message, (needle, message)
    return message


# ----------------------------------------------------------------- the same secret everywhere
@pytest.mark.parametrize(
    "content",
    [
        SECRET.encode(),  # Linux editor without final newline
        SECRET.encode() + b"\n",  # Linux editor
        SECRET.encode() + b"\r\n",  # Notepad, UTF-8
        BOM + SECRET.encode() + b"\r\n",  # Notepad "UTF-8 with BOM"
        BOM + SECRET.encode(),
        b"  " + SECRET.encode() + b" \t\r\n\r\n",  # stray spaces and an empty last line
    ],
    ids=["lf-tanpa", "lf", "crlf", "bom-crlf", "bom", "spasi"],
)
def test_salt_file_variants_give_the_same_hashes(salt_file, year, content):
    salt_file.write_bytes(content)
    salt = config.load_salt(year)
    assert salt == config.Salt(SECRET.encode("utf-8"), is_demo=False)
    assert _digest(salt) == EXPECTED


@pytest.mark.parametrize("value", [SECRET, f"  {SECRET}\n", f"\ufeff{SECRET}\r\n"])
def test_env_variants_give_the_same_hashes(salt_file, year, monkeypatch, value):
    monkeypatch.setenv("KKB_SALT", value)
    assert _digest(config.load_salt(year)) == EXPECTED


def test_env_wins_over_the_file_and_empty_env_counts_as_unset(salt_file, year, monkeypatch):
    salt_file.write_text("rahasia-dari-berkas-lokal\n", encoding="utf-8")
    monkeypatch.setenv("KKB_SALT", SECRET)
    assert config.load_salt(year).value == SECRET.encode()
    monkeypatch.setenv("KKB_SALT", "")
    assert config.load_salt(year).value == b"rahasia-dari-berkas-lokal"


# ------------------------------------------------------------------------- unusable salt files
@pytest.mark.parametrize(
    "content, needle",
    [
        (b"", "kosong"),
        (b"  \r\n\t\n", "kosong"),
        (BOM + b"\r\n", "kosong"),
        (SECRET.encode() + b"\n# komentar saya\n", "lebih dari satu baris"),
        (SECRET.encode("utf-16"), "UTF-16"),  # Notepad "Unicode" (BOM FF FE)
        (SECRET.encode("utf-16-be"), "UTF-16"),  # no BOM: NUL bytes
        (SECRET.encode("utf-16-le"), "UTF-16"),
        ("rahasia-kafé-Cilegon-2023\n".encode("cp1252"), "baris 1"),  # ANSI / Windows-1252
        (f"{SECRET}\n\n\n".encode() + "é".encode("cp1252"), "baris 4"),
        (b"1\n", "terlalu lemah"),
        (b"rahasia\n", "terlalu lemah"),
        (b"abcdefghijklmno\n", "terlalu lemah"),  # 15 characters
        (b"abababababababababababab\n", "terlalu lemah"),  # 24 characters, 2 different
        (config.DEMO_SALT.encode() + b"\n", "salt demo publik"),
    ],
    ids=[
        "kosong", "spasi", "bom-saja", "dua-baris", "utf16-bom", "utf16be-tanpa-bom",
        "utf16le-tanpa-bom", "cp1252", "cp1252-baris-4", "satu", "pendek", "15-karakter",
        "dua-karakter-berbeda", "salt-demo",
    ],
)  # fmt: skip
def test_unusable_salt_file_stops_with_what_to_do(salt_file, year, content, needle):
    salt_file.write_bytes(content)
    message = _refused(year, needle, str(salt_file))
    if content.strip() and needle != "UTF-16":
        assert config.SALT_COMMAND in message or "UTF-8" in message
    assert SECRET not in message  # the secret is never printed


def test_minimum_salt_is_accepted(salt_file, year):
    salt_file.write_text("abcdefghabcdefgh\n", encoding="utf-8")  # 16 characters, 8 different
    assert config.load_salt(year).value == b"abcdefghabcdefgh"


def test_salt_file_that_is_a_folder(salt_file, year):
    salt_file.mkdir()
    _refused(year, "folder", str(salt_file))


def test_unreadable_salt_file(salt_file, year, monkeypatch):
    salt_file.write_text(SECRET, encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    _refused(year, "tidak dapat dibaca", "izin", str(salt_file))


def test_notepad_txt_suffix_is_named(salt_file, year):
    salt_file.with_name("salt.local.txt").write_text(SECRET, encoding="utf-8")
    _refused(year, "salt.local.txt", "Ganti nama")


@pytest.mark.parametrize(
    "value, needle",
    [("1", "terlalu lemah"), ("   ", "kosong"), (config.DEMO_SALT, "salt demo publik")],
)
def test_weak_env_salt_is_refused(salt_file, year, monkeypatch, value, needle):
    monkeypatch.setenv("KKB_SALT", value)
    _refused(year, needle, "KKB_SALT", config.SALT_COMMAND)


def test_weak_salt_refused_even_for_the_sample(salt_file, year, monkeypatch):
    _fake_sample(year)
    monkeypatch.setenv("KKB_SALT", "pendek")
    _refused(year, "terlalu lemah")


def test_no_salt_for_real_data(salt_file, year):
    (year / "kkb.csv").write_text("kkb_id\n", encoding="utf-8")
    _refused(year, "belum diatur", "KKB_SALT", str(salt_file), config.SALT_COMMAND)


# --------------------------------------------------------------- demo salt: untouched sample only
SAMPLE_FILES = {"kkb.csv": b"kkb_id\nKKB-1\n", "kkb_umkm.xlsx": b"PK\x03\x04 palsu"}


def _fake_sample(folder: Path) -> None:
    """A year folder as the sampler leaves it: files plus a marker with their SHA-256."""
    for name, content in SAMPLE_FILES.items():
        (folder / name).write_bytes(content)
    hashes = {name: hashlib.sha256(content).hexdigest() for name, content in SAMPLE_FILES.items()}
    (folder / config.SAMPLE_MARKER).write_text(
        "Data sintetis buatan `kkb sampel`.\n\n" + config.sample_hash_section(hashes),
        encoding="utf-8",
    )


def test_untouched_sample_uses_the_demo_salt(salt_file, year):
    _fake_sample(year)
    assert config.load_salt(year) == config.Salt(config.DEMO_SALT.encode(), is_demo=True)


@pytest.mark.parametrize(
    "change, needle",
    [
        (lambda f: (f / "dtks.csv").write_text("nik\n3672\n"), "dtks.csv tidak dibuat"),
        (lambda f: (f / "README.md").write_text("catatan\n"), "README.md tidak dibuat"),
        (lambda f: (f / "kkb.xlsx").write_bytes(b"PK"), "kkb.xlsx tidak dibuat"),  # CSV + XLSX
        (lambda f: (f / "kkb.csv").write_bytes(b"kkb_id\nKKB-2\n"), "isi kkb.csv berbeda"),
        (lambda f: (f / "kkb.csv").write_bytes(b"kkb_id\nKKB-1\n\n"), "isi kkb.csv berbeda"),
        (lambda f: (f / "asli").mkdir(), "asli/"),
        (
            lambda f: (f / config.SAMPLE_MARKER).write_text("sampel\n", encoding="utf-8"),
            "versi lama",
        ),
    ],
    ids=["data-nyata", "readme", "csv-dan-xlsx", "byte-berubah", "baris-tambahan", "subfolder",
         "penanda-tanpa-sidik"],
)  # fmt: skip
def test_changed_sample_refuses_the_demo_salt(salt_file, year, change, needle):
    _fake_sample(year)
    change(year)
    _refused(year, needle, "KKB_SALT", str(salt_file), config.SAMPLE_MARKER, "kkb sampel --paksa")


def test_every_foreign_file_is_listed(salt_file, year):
    _fake_sample(year)
    for name in ("pk_keluarga.csv", "pk_anggota.csv", "dtks.xlsx"):
        (year / name).write_text("x\n", encoding="utf-8")
    message = _refused(year)
    assert all(f"{n} tidak dibuat" in message for n in ("pk_keluarga.csv", "pk_anggota.csv"))
    assert "dtks.xlsx tidak dibuat" in message


def test_edited_marker_hash_does_not_match(salt_file, year):
    _fake_sample(year)
    marker = year / config.SAMPLE_MARKER
    good = hashlib.sha256(SAMPLE_FILES["kkb.csv"]).hexdigest()
    marker.write_text(marker.read_text().replace(good, "0" * 64), encoding="utf-8")
    _refused(year, "isi kkb.csv berbeda")


def test_system_and_lock_files_and_deleted_sample_files_are_harmless(salt_file, year):
    _fake_sample(year)
    for name in ("Thumbs.db", ".DS_Store", "desktop.ini", "~$kkb_umkm.xlsx", ".~lock.kkb.csv#"):
        (year / name).write_bytes(b"\x00meta")
    (year / "kkb_umkm.xlsx").unlink()  # what is left was still written by the sampler
    assert config.load_salt(year).is_demo


def test_a_real_salt_is_used_for_the_sample_too(salt_file, year):
    _fake_sample(year)
    salt_file.write_text(SECRET, encoding="utf-8")
    assert config.load_salt(year) == config.Salt(SECRET.encode(), is_demo=False)


def test_generated_sample_then_real_file_copied_in(salt_file, tmp_path):
    """The README order of the issue: sample first, then a real file copied into the folder."""
    from kkb_analysis.sampel import generate_sample

    generate_sample(tmp_path / "raw", scale=0.01, years=(2023,))
    folder = tmp_path / "raw" / "2023"
    assert config.load_salt(folder).is_demo
    (folder / "dtks.csv").write_text("sumber,nik\nDTKS,3672051204870003\n", encoding="utf-8")
    _refused(folder, "isi dtks.csv berbeda", "KKB_SALT")
