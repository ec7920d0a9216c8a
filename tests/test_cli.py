"""The ``kkb`` command: broken files stop with exit code 2 and an Indonesian message."""

from __future__ import annotations

from pathlib import Path

import pytest

from kkb_analysis.cli import main

KKB_CSV = (
    "kkb_id,nama_kkb,kode_kelurahan,cakupan_wilayah,status_aktif\n"
    "KKB-3672051004-01,Kampung KB Panggung Rawi,36.72.05.1004,Desa,ya\n"
)
FAMILY_HEADER = "no_kk,no_urut_keluarga,kode_kelurahan,rw\n"
MEMBER_HEADER = "no_kk,no_urut,nik,jenis_kelamin,tanggal_lahir\n"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KKB_SALT", "salt-uji-cli-tidak-rahasia")
    year = tmp_path / "raw" / "2023"
    year.mkdir(parents=True)
    (year / "kkb.csv").write_text(KKB_CSV, encoding="utf-8")
    return tmp_path


def _run(data_dir: Path, capsys, *args: str) -> tuple[int, str]:
    code = main(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.err


def _families(n: int = 3) -> str:
    return FAMILY_HEADER + "".join(f"36720512345678{i:02d},1,36.72.05.1004,001\n" for i in range(n))


def _assert_fatal(data_dir: Path, capsys, *needles: str) -> None:
    code, err = _run(data_dir, capsys, "bangun", "--tahun", "2023")
    assert code == 2
    assert "Traceback" not in err
    assert err.startswith("GAGAL: ")
    for needle in needles:
        assert needle in err
    assert not (data_dir / "processed" / "2023").exists()  # nothing written


def test_missing_column(data_dir, capsys):
    (data_dir / "raw/2023/pk_keluarga.csv").write_text("no_kk,rw\n3672051234567801,001\n")
    _assert_fatal(data_dir, capsys, "pk_keluarga.csv", "KOLOM_WAJIB_HILANG", "kode_kelurahan")


def test_wrong_delimiter(data_dir, capsys):
    text = _families().replace(",", ";")
    (data_dir / "raw/2023/pk_keluarga.csv").write_text(text)
    _assert_fatal(data_dir, capsys, "pk_keluarga.csv", "pemisah kolom salah")


def test_latin1_encoding(data_dir, capsys):
    text = KKB_CSV.replace("Panggung Rawi", "Panggung Rawi Caf\xe9")
    (data_dir / "raw/2023/kkb.csv").write_bytes(text.encode("latin-1"))
    _assert_fatal(data_dir, capsys, "kkb.csv", "bukan UTF-8", "CSV UTF-8")


def test_nik_as_float(data_dir, capsys):
    (data_dir / "raw/2023/pk_keluarga.csv").write_text(_families())
    members = MEMBER_HEADER + "".join(
        f"36720512345678{i:02d},1,3.67205E+15,L,1990-04-12\n" for i in range(3)
    )
    (data_dir / "raw/2023/pk_anggota.csv").write_text(members)
    _assert_fatal(data_dir, capsys, "pk_anggota.csv", "kolom 'nik'", "Teks")


def test_text_in_number_column(data_dir, capsys):
    header = "kkb_id,tahun,bulan," + ",".join(
        ["peserta_bkb", "peserta_bkr", "peserta_bkl", "peserta_uppka", "peserta_pikr"]
        + [f"kb_{m}" for m in ("iud", "mow", "mop", "kondom", "implan", "suntik", "pil")]
        + [f"tidak_kb_{r}" for r in ("hamil", "ingin_anak_segera", "iat", "tial")]
    )
    row = "KKB-3672051004-01,2023,{m}," + ",".join(["banyak"] + ["1"] * 15)
    text = header + "\n" + "\n".join(row.format(m=m) for m in (1, 2, 3)) + "\n"
    (data_dir / "raw/2023/kkb_kkbpk.csv").write_text(text)
    _assert_fatal(data_dir, capsys, "kkb_kkbpk.csv", "peserta_bkb", "bukan bilangan bulat")


def test_all_problems_reported_together(data_dir, capsys):
    (data_dir / "raw/2023/pk_keluarga.csv").write_text("no_kk\n1\n")
    (data_dir / "raw/2023/dtks.csv").write_bytes("sumber\nDTK\xc9\n".encode("latin-1"))
    code, err = _run(data_dir, capsys, "validasi", "--tahun", "2023")
    assert code == 2 and "pk_keluarga.csv" in err and "dtks.csv" in err


def test_missing_salt_for_real_data(data_dir, capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("KKB_SALT")
    monkeypatch.setattr("kkb_analysis.config.LOCAL_SALT_FILE", tmp_path / "tidak-ada")
    code, err = _run(data_dir, capsys, "validasi")
    assert code == 2 and "salt" in err and "KKB_SALT" in err


def _assert_config_stop(code: int, err: str, *needles: str) -> None:
    """Exit code 2, an Indonesian 'GAGAL' message naming what to do, no traceback."""
    assert code == 2, err
    assert err.startswith("GAGAL:") and "jalankan ulang" in err, err
    assert "Traceback" not in err and "GALAT INTERNAL" not in err
    for needle in needles:
        assert needle in err, (needle, err)


@pytest.mark.parametrize("command", ["validasi", "bangun", "laporan"])
@pytest.mark.parametrize(
    "content, needles",
    [
        ("pus:\n  umur_istri: [15, 44]\n".encode("utf-16"), ["UTF-16"]),
        ("dokumen:\n  instansi_singkat: Café\n".encode("cp1252"), ["bukan UTF-8", "baris 2"]),
        (b"pus:\n\tumur_istri: [15, 44]\n", ["bukan YAML yang sah", "baris 2"]),
        (b"laporan:\n  sel_kecil: lima\n", ["baris 2", "laporan.sel_kecil"]),
        (b"laporan:\n  sel_kecill: 5\n", ["baris 2", "tidak dikenal"]),
    ],
    ids=["utf16", "cp1252", "tab", "tipe", "kunci"],
)
def test_bad_settings_file_stops_every_command(
    data_dir, capsys, monkeypatch, command, content, needles
):
    path = data_dir / "pengaturan saya.yaml"
    path.write_bytes(content)
    monkeypatch.setenv("KKB_PENGATURAN", str(path))
    code, err = _run(data_dir, capsys, command)
    _assert_config_stop(code, err, str(path), *needles)


@pytest.mark.parametrize(
    "content, needle",
    [
        ("kalimat-rahasia-Cilegon-2023".encode("utf-16"), "UTF-16"),
        (b"\xef\xbb\xbf \r\n", "kosong"),
        (b"1\r\n", "terlalu lemah"),
        ("rahasia-kafé-Cilegon-2023".encode("cp1252"), "bukan UTF-8"),
    ],
    ids=["utf16", "bom-kosong", "lemah", "cp1252"],
)
def test_bad_salt_file_stops(data_dir, capsys, monkeypatch, content, needle):
    monkeypatch.delenv("KKB_SALT")
    salt_file = data_dir / "salt.local"
    salt_file.write_bytes(content)
    monkeypatch.setattr("kkb_analysis.config.LOCAL_SALT_FILE", salt_file)
    code, err = _run(data_dir, capsys, "validasi")
    _assert_config_stop(code, err, str(salt_file), needle)


def test_weak_env_salt_stops(data_dir, capsys, monkeypatch):
    monkeypatch.setenv("KKB_SALT", "1")
    code, err = _run(data_dir, capsys, "validasi")
    _assert_config_stop(code, err, "KKB_SALT", "terlalu lemah", "secrets.token_urlsafe")


def test_sample_then_real_file_copied_in(tmp_path, capsys, monkeypatch):
    """Issue 9: sample first, then a real file copied in → the demo salt is refused."""
    monkeypatch.delenv("KKB_SALT", raising=False)
    monkeypatch.setattr("kkb_analysis.config.LOCAL_SALT_FILE", tmp_path / "tidak-ada")
    assert main(["--data-dir", str(tmp_path), "sampel", "--tahun", "2023", "--skala", "0.01"]) == 0
    code = main(["--data-dir", str(tmp_path), "validasi"])
    assert code == 0 and "salt demo publik" in capsys.readouterr().out
    (tmp_path / "raw/2023/dtks.csv").write_text(
        "sumber,periode,nik,no_kk\nDTKS,202301,3672051204870003,3672050101230001\n",
        encoding="utf-8",
    )
    code, err = _run(tmp_path, capsys, "validasi")
    _assert_config_stop(code, err, "dtks.csv", "_SAMPEL_SINTETIS.txt", "KKB_SALT")


def test_no_raw_data(tmp_path, capsys):
    code, err = _run(tmp_path, capsys, "validasi")
    assert code == 2 and "kkb sampel" in err


def test_help_is_indonesian(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "tabel olahan" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("sel", "ubah", "needles"),
    [
        # an exploration cell after the load (cell 6 as JupyterLab counts)
        (
            {"cell_type": "code", "execution_count": None, "id": "coba", "metadata": {},
             "outputs": [], "source": "df.head()"},
            5,
            ["sel 6 (df.head())", "notebooks/eksplorasi.ipynb atau notebooks/coba/"],
        ),
        # outputs saved from JupyterLab on the cover cell (cell 6)
        (None, 5, ["sel 6 (bagian.sampul(d))", "Edit → Clear Outputs of All Cells"]),
    ],
    ids=["sel-eksplorasi", "keluaran-tersimpan"],
)  # fmt: skip
def test_laporan_refuses_a_dirty_template(tmp_path, capsys, monkeypatch, sel, ubah, needles):
    """`kkb laporan` stops with exit code 2 and names the notebook, the cell and what to do;
    no report folder is made."""
    import json

    from kkb_analysis.config import NOTEBOOK_LAPORAN
    from kkb_analysis.laporan import rencana

    nb = json.loads(NOTEBOOK_LAPORAN.read_text(encoding="utf-8"))
    if sel is None:
        nb["cells"][ubah]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x"}]
        nb["cells"][ubah]["execution_count"] = 2
    else:
        nb["cells"].insert(ubah, sel)
    kotor = tmp_path / "laporan_kkb.ipynb"
    kotor.write_text(json.dumps(nb), encoding="utf-8")
    monkeypatch.setattr(rencana, "NOTEBOOK_LAPORAN", kotor)
    olahan = tmp_path / "data" / "processed" / "2023"
    olahan.mkdir(parents=True)
    (olahan / "out_wilayah.parquet").write_bytes(b"")  # the guard runs before it is read
    laporan = tmp_path / "reports"
    code = main(["--data-dir", str(tmp_path / "data"), "--laporan-dir", str(laporan),
                 "laporan", "--tahun", "2023", "--tanpa-pdf"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("GAGAL: Templat laporan tidak bersih") and "Traceback" not in err
    assert f"{kotor}, " in err
    for needle in needles:
        assert needle in err
    assert not laporan.exists()
