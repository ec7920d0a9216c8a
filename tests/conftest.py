"""Shared test helpers: a load context, raw tables built from inline text, the one built sample
city of the session, and the test categories that the fast loop (``bash run.sh test cepat``)
leaves out."""

from __future__ import annotations

import contextlib
import csv
import fcntl
import fnmatch
import hashlib
import io
import json
import os
from collections.abc import Iterator
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


# ------------------------------------------------------------------------------- test categories
#: Test categories by module file name: every test of a matching module gets the marker, so a
#: new test lands in its module's category without being listed. A test that calls
#: ``eksekusi_notebook`` is a notebook test wherever it lives; any test can also carry a category
#: marker itself (``@pytest.mark.notebook``). Every test of a category is also
#: ``lambat``: the fast loop is ``pytest -m "not lambat"`` (``bash run.sh test cepat``); CI runs
#: everything. Markers are registered in pyproject.toml (``--strict-markers``).
KATEGORI: tuple[tuple[str, str], ...] = (
    ("test_batch*.py", "batch"),
    ("test_ketahanan*.py", "ketahanan"),
    ("test_memori*.py", "ketahanan"),
    ("test_notebook*.py", "notebook"),
    ("test_jupyterlab*.py", "notebook"),
    ("test_render*.py", "notebook"),
    ("test_korpus*.py", "korpus"),
    ("test_fuzz*.py", "fuzz"),
)
LAMBAT = ("batch", "ketahanan", "notebook", "korpus", "fuzz")


def _fixture_modul(item: pytest.Item) -> bool:
    """Whether the test uses a module-scoped fixture defined in its own module."""
    info = getattr(item, "_fixtureinfo", None)
    defs = info.name2fixturedefs.values() if info else ()
    return any(
        d.scope == "module" and d.baseid == item.nodeid.split("::")[0] for ds in defs for d in ds
    )


@pytest.hookimpl(tryfirst=True)  # before xdist reads the xdist_group markers
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test by the category of its module; keep modules with a module-scoped fixture
    on one xdist worker."""
    for item in items:
        for pola, penanda in KATEGORI:
            if fnmatch.fnmatch(item.path.name, pola):
                item.add_marker(penanda)
        fungsi = getattr(item, "function", None)
        if fungsi and "eksekusi_notebook" in fungsi.__code__.co_names:
            item.add_marker("notebook")  # runs a report notebook (tests/eksekusi.py)
        if any(item.get_closest_marker(k) for k in LAMBAT):
            item.add_marker("lambat")
        if _fixture_modul(item):  # the rendered batch, the hostile city, a computed year...:
            # under xdist (--dist loadgroup) the module runs on one worker, so its module-scoped
            # fixture is built once, not once per worker
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


# ----------------------------------------------------------------------- the shared sample city
#: Scale and years of the one synthetic city built per test session (read-only for every test).
SKALA_KOTA = 0.03
TAHUN_KOTA = (2022, 2023)


def _sidik_pohon(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (relative path -> digest)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@contextlib.contextmanager
def _kunci(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (one xdist worker builds, the others wait)."""
    with path.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _bangun_kota(root: Path) -> None:
    """Generate the sample into ``root/raw`` and build every year (demo salt, default settings)."""
    from kkb_analysis.config import get_paths
    from kkb_analysis.pipeline import build_year, load_year
    from kkb_analysis.sampel import generate_sample

    generate_sample(root / "raw", scale=SKALA_KOTA, years=TAHUN_KOTA)
    paths = get_paths(data_dir=root)
    with pytest.MonkeyPatch.context() as mp:  # an untouched sample: the demo salt, no overrides
        for nama in ("KKB_SALT", "KKB_PENGATURAN"):
            mp.delenv(nama, raising=False)
        for tahun in TAHUN_KOTA:
            build_year(load_year(paths, tahun), paths)


@pytest.fixture(scope="session")
def kota_sampel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The data folder of one synthetic city (scale 0.03), ``raw/`` and ``processed/`` of 2022
    and 2023, built once per test run and shared by all xdist workers.

    Read-only: a test that writes must copy (see :func:`salin_kota`). At the end of the session
    every file is compared with its digest taken after the build; a change fails the run.
    """
    basis = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        basis = basis.parent  # shared by the workers of this run
    root = basis / "kota_sampel"
    sidik = basis / "kota_sampel.sha256.json"
    with _kunci(basis / "kota_sampel.lock"):
        if not sidik.is_file():  # the digest is written last: it marks a complete build
            _bangun_kota(root)
            sidik.write_text(json.dumps(_sidik_pohon(root)), encoding="utf-8")
    yield root
    awal = json.loads(sidik.read_text(encoding="utf-8"))
    berubah = sorted({k for k, _ in awal.items() ^ _sidik_pohon(root).items()})
    assert not berubah, f"a test changed the shared sample city (copy it first): {berubah[:10]}"


def salin_kota(kota: Path, tujuan: Path, *, olahan: bool = True) -> Path:
    """A private, writable copy of the shared city in ``tujuan`` (``processed/`` only if
    ``olahan``); returns ``tujuan``."""
    import shutil

    shutil.copytree(kota / "raw", tujuan / "raw")
    if olahan:
        shutil.copytree(kota / "processed", tujuan / "processed")
    return tujuan
