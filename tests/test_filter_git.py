"""Notebook outputs never reach a commit: the nbstripout git filter that `bash run.sh setup`
installs (tools/pasang_nbstripout.sh + the committed .gitattributes), tried in a temporary git
repository as setup leaves it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kkb_analysis.laporan.templat import PARAMETER_DOKUMEN, periksa_notebook

ROOT = Path(__file__).resolve().parents[1]
SKRIP = ROOT / "tools" / "pasang_nbstripout.sh"
TEMPLAT = ROOT / "notebooks" / "laporan_kkb.ipynb"
NB = "notebooks/laporan_kkb.ipynb"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git tidak terpasang")


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """git without the user's global or system config (a filter or hook there must not count)."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return dict(os.environ)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def _pasang(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SKRIP), str(repo), sys.executable], capture_output=True, text=True
    )


def _repo(tmp_path: Path, filter_: bool) -> Path:
    repo = tmp_path / "proyek"
    (repo / "notebooks").mkdir(parents=True)
    _git(repo, "init", "-q")
    shutil.copy(ROOT / ".gitattributes", repo / ".gitattributes")
    if filter_:
        for _ in range(2):  # run twice, as every `run.sh setup` does: nothing doubles
            hasil = _pasang(repo)
            assert hasil.returncode == 0 and hasil.stderr == "", hasil.stderr
    return repo


def _notebook_dengan_keluaran() -> dict:
    """The shipped template as JupyterLab saves it after Run All: outputs, execution counts,
    papermill's records."""
    nb = json.loads(TEMPLAT.read_text(encoding="utf-8"))
    nomor = 0
    for sel in nb["cells"]:
        if sel["cell_type"] == "code":
            nomor += 1
            sel["execution_count"] = nomor
            sel["outputs"] = [
                {"output_type": "stream", "name": "stdout", "text": f"keluaran {nomor}\n"},
                {
                    "output_type": "display_data",
                    "data": {"text/html": "<p>RAHASIA-KELUARAN</p>"},
                    "metadata": {},
                },
            ]
            sel["metadata"]["papermill"] = {"duration": 0.1}
    nb["metadata"]["papermill"] = {"parameters": {"kkb_id": "KKB-3672011004-01"}}
    return nb


def _tahap(repo: Path) -> dict:
    """Write the notebook with outputs, `git add` it, return the staged blob."""
    nb = _notebook_dengan_keluaran()
    (repo / NB).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    _git(repo, "add", NB)
    return json.loads(_git(repo, "show", f":{NB}"))


def test_git_add_stages_a_notebook_without_outputs(tmp_path, env):
    if subprocess.run([sys.executable, "-c", "import nbstripout"]).returncode != 0:
        pytest.fail("nbstripout tidak terpasang: jalankan 'bash run.sh setup' (requirements.lock)")
    repo = _repo(tmp_path, filter_=True)
    assert _git(repo, "config", "--get-all", "filter.nbstripout.clean").count("\n") == 1
    blob = _tahap(repo)
    kode = [s for s in blob["cells"] if s["cell_type"] == "code"]
    assert kode and all(s["outputs"] == [] and s["execution_count"] is None for s in kode)
    assert "RAHASIA-KELUARAN" not in json.dumps(blob) and "papermill" not in json.dumps(blob)
    # what the guard and papermill need is kept: tags, cell ids, the kernelspec
    asli = json.loads(TEMPLAT.read_text(encoding="utf-8"))
    assert [s["metadata"].get("tags") for s in blob["cells"]] == [
        s["metadata"].get("tags") for s in asli["cells"]
    ]
    assert [s["id"] for s in blob["cells"]] == [s["id"] for s in asli["cells"]]
    assert blob["metadata"]["kernelspec"] == asli["metadata"]["kernelspec"]
    assert periksa_notebook(repo / NB, PARAMETER_DOKUMEN) != []  # the file on disk: outputs
    disimpan = tmp_path / "tahap.ipynb"
    disimpan.write_text(json.dumps(blob), encoding="utf-8")
    assert periksa_notebook(disimpan, PARAMETER_DOKUMEN) == []  # what git holds: clean
    # new outputs alone are no change for git diff (without the filter: the file differs)
    berkas = repo / NB
    berkas.write_text(berkas.read_text(encoding="utf-8").replace("keluaran 1", "lain 1"), "utf-8")
    assert _git(repo, "diff", "--name-only", "--", "notebooks") == ""


def test_without_the_filter_outputs_would_be_staged(tmp_path, env):
    """The control: the same `git add` in a repository where setup did not run."""
    blob = _tahap(_repo(tmp_path, filter_=False))
    assert any(s.get("outputs") for s in blob["cells"] if s["cell_type"] == "code")


def test_shipped_notebooks_are_already_what_the_filter_writes(env):
    """Cleaning a shipped notebook changes nothing (no diff appears once the filter is on)."""
    if subprocess.run([sys.executable, "-c", "import nbstripout"]).returncode != 0:
        pytest.fail("nbstripout tidak terpasang: jalankan 'bash run.sh setup' (requirements.lock)")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        bersih = subprocess.run(
            [sys.executable, "-m", "nbstripout", "--keep-id", "-t", str(path)],
            check=True,
            capture_output=True,
        ).stdout
        assert bersih == path.read_bytes(), path.name


def test_outside_a_git_work_tree_setup_does_nothing(tmp_path, env):
    folder = tmp_path / "tarball"
    folder.mkdir()
    hasil = _pasang(folder)
    assert hasil.returncode == 0 and hasil.stderr == ""
    assert list(folder.iterdir()) == []


def test_a_folder_inside_another_repository_is_left_alone(tmp_path, env):
    """The project vendored in someone else's repository: their git config is not touched."""
    luar = tmp_path / "luar"
    (luar / "vendor" / "kkb").mkdir(parents=True)
    _git(luar, "init", "-q")
    hasil = _pasang(luar / "vendor" / "kkb")
    assert hasil.returncode == 0
    config = subprocess.run(
        ["git", "-C", str(luar), "config", "--get", "filter.nbstripout.clean"],
        capture_output=True,
        text=True,
    )
    assert config.returncode == 1 and config.stdout == ""
