"""The walk-through "Adding an indicator" of docs/design.md, done for real on a copy of the project.

The three edits (computation, catalogue entry, test) plus the one documented command
(``make skema`` = ``python tools/skema_keluaran.py``) must be enough: the tool declares the new
column in the output schema, regenerates docs/skema.md, and the strict catalogue then loads with
the indicator in its list. A catalogue typo makes the tool stop without a traceback and write
nothing. Slow (two small sample builds), so left out of the fast loop.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kkb_analysis.config import PROJECT_ROOT

pytestmark = pytest.mark.lambat

KOMPUTASI_LAMA = '    out["lansia_pct"] = safe_rate(agg["n_lansia"], agg["n_penduduk"])\n'
KOMPUTASI_BARU = (
    KOMPUTASI_LAMA
    + '    out["keluarga_lansia_pct"] = '
    + 'safe_rate(agg["n_keluarga_punya_lansia"], agg["n_keluarga"])\n'
)
ENTRI = """\
  - kolom: {kolom}
    label: Keluarga dengan lansia (≥ {{umur.lansia_min}} tahun)
    satuan: persen
    desimal: 1
    pembilang: n_keluarga_punya_lansia
    penyebut: n_keluarga
    keterangan: Keluarga dengan paling sedikit satu anggota lansia dari seluruh keluarga PK.
    daftar: {{perubahan: 55}}
"""


def _salin(tujuan: Path) -> Path:
    """The package, the tools and docs/skema.md under ``tujuan`` (the tool writes there)."""
    abaikan = shutil.ignore_patterns("__pycache__")
    shutil.copytree(PROJECT_ROOT / "kkb_analysis", tujuan / "kkb_analysis", ignore=abaikan)
    shutil.copytree(PROJECT_ROOT / "tools", tujuan / "tools", ignore=abaikan)
    (tujuan / "docs").mkdir()
    shutil.copy(PROJECT_ROOT / "docs" / "skema.md", tujuan / "docs" / "skema.md")
    return tujuan


def _edit(proyek: Path, kolom: str) -> None:
    """Edits 1 and 2 of the walk-through: the computation and the catalogue entry."""
    modul = proyek / "kkb_analysis" / "indikator" / "kependudukan.py"
    teks = modul.read_text(encoding="utf-8")
    assert teks.count(KOMPUTASI_LAMA) == 1
    modul.write_text(teks.replace(KOMPUTASI_LAMA, KOMPUTASI_BARU), encoding="utf-8")
    katalog = proyek / "kkb_analysis" / "indikator" / "katalog" / "kependudukan.yaml"
    teks = katalog.read_text(encoding="utf-8")
    katalog.write_text(teks.rstrip("\n") + "\n" + ENTRI.format(kolom=kolom), encoding="utf-8")


def _jalankan(proyek: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KKB_")}
    env["PYTHONPATH"] = str(proyek)
    return subprocess.run(
        [sys.executable, *args],
        cwd=proyek,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_three_edits_and_one_command(tmp_path):
    proyek = _salin(tmp_path)
    _edit(proyek, "keluarga_lansia_pct")
    hasil = _jalankan(proyek, "tools/skema_keluaran.py")
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr

    skema = yaml.safe_load(
        (proyek / "kkb_analysis" / "referensi" / "skema_keluaran.yaml").read_text("utf-8")
    )
    kolom = skema["out_wilayah"]
    assert kolom[kolom.index("lansia_pct") + 1] == "keluarga_lansia_pct"
    dok = (proyek / "docs" / "skema.md").read_text(encoding="utf-8")
    assert "| `keluarga_lansia_pct` | Keluarga dengan lansia (≥ 60 tahun) — lists: perubahan |" in (
        dok
    )

    # the strict catalogue (what every run loads) now accepts the entry; the change list has it
    periksa = (
        "from kkb_analysis.indikator.katalog import katalog\n"
        "from kkb_analysis.indikator.perubahan import HEADLINE\n"
        "print(HEADLINE[HEADLINE.index('median_umur_tahun') + 1])\n"
        "print(katalog().keterangan('out_wilayah', 'keluarga_lansia_pct'))\n"
    )
    hasil = _jalankan(proyek, "-c", periksa)
    assert hasil.returncode == 0, hasil.stderr
    baris = hasil.stdout.splitlines()
    assert baris[0] == "keluarga_lansia_pct"
    assert baris[1].startswith("Keluarga dengan lansia (≥ 60 tahun): Keluarga dengan paling")
    assert baris[1].endswith("Rumus: n_keluarga_punya_lansia / n_keluarga × 100.")


def test_a_typo_in_the_entry_stops_the_tool_and_writes_nothing(tmp_path):
    proyek = _salin(tmp_path)
    _edit(proyek, "keluarga_lansia_pc")  # the computation makes keluarga_lansia_pct
    skema = proyek / "kkb_analysis" / "referensi" / "skema_keluaran.yaml"
    sebelum = (skema.read_bytes(), (proyek / "docs" / "skema.md").read_bytes())
    hasil = _jalankan(proyek, "tools/skema_keluaran.py")
    assert hasil.returncode == 1
    keluaran = hasil.stdout + hasil.stderr
    assert "Traceback" not in keluaran
    assert "kolom 'keluarga_lansia_pc' tidak dihasilkan" in keluaran
    assert (skema.read_bytes(), (proyek / "docs" / "skema.md").read_bytes()) == sebelum
