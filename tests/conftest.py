"""Shared test helpers: a load context and raw tables built from inline text."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from hypothesis import settings

from kkb_analysis.config import Salt, load_settings
from kkb_analysis.readers import RawTable, read_raw_file
from kkb_analysis.validation import LoadContext

TEST_SALT = Salt(b"salt-uji-tidak-rahasia", is_demo=True)

# The long fuzzing run (tests/test_fuzz_loaders.py, figure in docs): registered here, before the
# hypothesis plugin reads --hypothesis-profile; also selectable with KKB_HYPOTHESIS_PROFIL.
settings.register_profile("panjang", max_examples=1000, deadline=None)
if os.environ.get("KKB_HYPOTHESIS_PROFIL") == "panjang":
    settings.load_profile("panjang")


def make_ctx(year: int = 2023, **settings_override) -> LoadContext:
    """A load context with the default settings and a fixed test salt."""
    settings = load_settings()
    for dotted, value in settings_override.items():
        section, key = dotted.split("__", 1)
        settings[section][key] = value
    return LoadContext(year=year, salt=TEST_SALT, settings=settings)


def raw_from_text(tmp_path: Path, text: str, name: str, delimiter: str = ",") -> RawTable:
    """Write ``text`` to ``tmp_path/name`` and read it like a raw file; fails on file problems."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    raw, problem = read_raw_file(path, delimiter=delimiter)
    assert problem is None, problem
    return raw


def csv_text(rows: list[dict[str, str]], columns: list[str]) -> str:
    """CSV text (header + rows) of hand-made fixture rows, keys outside ``columns`` ignored."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def ctx_with_kkb(tmp_path: Path, kkb_csv: str, year: int = 2023, **settings) -> LoadContext:
    """A load context whose parent ``kkb`` table is loaded from ``kkb_csv``."""
    from kkb_analysis.sumber import kkb

    ctx = make_ctx(year, **settings)
    ctx.results["kkb"] = kkb.load(raw_from_text(tmp_path, kkb_csv, "kkb.csv"), ctx)
    return ctx


def load_clean(module, tmp_path: Path, text: str, ctx: LoadContext, n_rows: int):
    """Load ``text`` as the raw file of ``module`` and check the invariants of a clean load.

    Headers match the spec exactly, no file-level problem, every row read is kept or
    quarantined; the result is stored in ``ctx`` for the cross-file checks.
    """
    from kkb_analysis.validation import check_headers

    raw = raw_from_text(tmp_path, text, f"{module.SPEC.base}.csv")
    assert check_headers(raw, module.SPEC) == ([], [])
    result = module.load(raw, ctx)
    assert result.rows_read == n_rows == result.rows_kept + result.rows_rejected
    assert result.problems == []
    ctx.results[module.SPEC.base] = result
    return result


def issue_triples(issues, line: int) -> list[tuple[str, str, str]]:
    """(kolom, kode_alasan, tingkat) of the issues of one source line, sorted."""
    i = issues[issues["baris_sumber"].eq(line)]
    return sorted(zip(i["kolom"], i["kode_alasan"], i["tingkat"], strict=True))


@pytest.fixture
def ctx() -> LoadContext:
    return make_ctx()
