"""Import layers of ``kkb_analysis`` (docs/design.md "Layers"), checked with import-linter.

The contract lives in ``pyproject.toml`` (``[tool.importlinter]``). The first test checks the real
package; the others run the same checker on a temporary copy of the package with one import
injected, to prove that the check fails on an upward import (also a function-level one), on a
cycle between siblings and on a module that no layer declares.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

# import-linter is a dev dependency (requirements.lock): missing, this module fails, never skips
import importlinter  # noqa: F401
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kkb_analysis"


def _lint(project: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the package found in ``project`` with its ``pyproject.toml``."""
    code = "import sys; from importlinter.cli import lint_imports_command; lint_imports_command()"
    env = {**os.environ, "PYTHONPATH": str(project), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-c", code, "--no-cache"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _copy(tmp_path: Path) -> Path:
    """A copy of the package's Python files and ``pyproject.toml`` under ``tmp_path``."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        PACKAGE,
        tmp_path / "kkb_analysis",
        ignore=lambda folder, names: [
            n
            for n in names
            if n == "__pycache__" or (Path(folder, n).is_file() and not n.endswith(".py"))
        ],
    )
    return tmp_path


def _inject(project: Path, module: str, line: str, lazy: bool = False) -> None:
    """Append an import to ``module`` (a path under the package), at module or function level."""
    path = project / "kkb_analysis" / module
    text = path.read_text(encoding="utf-8")
    if lazy:
        line = f"\n\ndef _disuntikkan() -> None:\n    {line}  # noqa\n"
    path.write_text(f"{text}\n{line}\n", encoding="utf-8")


def test_contract_declares_every_layer_of_the_issue():
    """The declared order is the issue's: base → sumber → indikator → laporan → cli."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}
    layers = contracts["lapisan"]["layers"]  # highest first

    def rank(name: str) -> int:
        hits = [i for i, layer in enumerate(layers) if name in layer.replace("(", "").split()]
        assert len(hits) == 1, f"{name} must be in exactly one layer: {layers}"
        return hits[0]

    order = ["cli", "laporan", "indikator", "sumber", "validation", "readers", "config"]
    assert [rank(m) for m in order] == sorted(rank(m) for m in order)
    assert len({rank(m) for m in order}) == len(order)
    assert rank("klasifikasi") == rank("wilayah") == rank("indikator")
    assert contracts["lapisan"]["exhaustive"] is True
    assert contracts["tanpa-siklus"]["type"] == "acyclic_siblings"


def test_package_keeps_its_layers():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "lazy", "expected"),
    [
        # upward at module level: a source module reaching into the report layer
        (
            "sumber/kkb.py",
            "from kkb_analysis.laporan import format",
            False,
            "kkb_analysis.sumber.kkb -> kkb_analysis.laporan",
        ),
        # the issue's own example: the indicator layer formatting text with the report layer
        (
            "indikator/kelengkapan.py",
            "from kkb_analysis.laporan.format import format_persen",
            False,
            "kkb_analysis.indikator.kelengkapan -> kkb_analysis.laporan.format",
        ),
        # upward inside a function (a "lazy" import counts the same)
        (
            "indikator/kb.py",
            "from kkb_analysis.pipeline import SOURCES",
            True,
            "kkb_analysis.indikator.kb -> kkb_analysis.pipeline",
        ),
        # the base reaching up into the sources
        ("config.py", "import kkb_analysis.sumber.kkb", True, "kkb_analysis.config -> "),
        # independent siblings: the report layer must not run the pipeline
        (
            "laporan/batch.py",
            "from kkb_analysis import pipeline",
            False,
            "kkb_analysis.laporan.batch -> kkb_analysis.pipeline",
        ),
    ],
)
def test_check_fails_on_an_upward_import(tmp_path, module, line, lazy, expected):
    project = _copy(tmp_path)
    _inject(project, module, line, lazy=lazy)
    result = _lint(project)
    assert result.returncode != 0, result.stdout
    assert "Layers: " in result.stdout and "BROKEN" in result.stdout
    assert expected in result.stdout, result.stdout


def test_check_fails_on_a_cycle_inside_a_layer(tmp_path):
    """config and errors share the base layer (allowed to import each other), but not both ways."""
    project = _copy(tmp_path)
    _inject(project, "errors.py", "from kkb_analysis import config", lazy=True)
    _inject(project, "config.py", "from kkb_analysis import errors", lazy=True)
    result = _lint(project)
    assert result.returncode != 0, result.stdout
    assert "No import cycles" in result.stdout and "BROKEN" in result.stdout
    assert "Layers: " in result.stdout and "KEPT" in result.stdout


def test_check_fails_on_a_module_no_layer_declares(tmp_path):
    project = _copy(tmp_path)
    (project / "kkb_analysis" / "modul_baru.py").write_text('"""New."""\n', encoding="utf-8")
    result = _lint(project)
    assert result.returncode != 0, result.stdout
    assert "kkb_analysis.modul_baru" in result.stdout + result.stderr
