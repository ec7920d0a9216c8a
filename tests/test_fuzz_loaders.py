"""Property-based fuzzing of every raw-file loader (issue 5, part 2).

Two families of properties, for each of the ten loaders of ``pipeline.SOURCES``:

1. **Arbitrary bytes** written as the raw file (``.csv``, and arbitrary or damaged bytes named
   ``.xlsx``): reading and loading either succeeds or raises :class:`DataFileError` whose message
   is Indonesian and names the file; never any other exception.
2. **Arbitrary tables** with the loader's real header (random column order and case, missing
   optional columns, extra columns) and hostile cell text: either a clean load (rows read = rows
   kept + rows quarantined, every quarantined row has reason codes and texts, flagged rows are
   kept, no personal column or value in any output) or a :class:`DataFileError` as above.

The fuzzed file is loaded against a valid minimal context of the other nine files (the seed year
below, loaded once), so only the fuzzed file varies; ``check_links`` runs as in ``load_year``. One
property fuzzes one file inside a whole year folder through :func:`pipeline.load_year`.

Examples per property: a few dozen by default (CI); ``--hypothesis-profile=panjang`` (or
``KKB_HYPOTHESIS_PROFIL=panjang``) runs 1000 per property. Count them with
``--hypothesis-show-statistics``.
"""

from __future__ import annotations

import copy
import csv
import io
import re
import tempfile
import zipfile
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkb_analysis import pipeline
from kkb_analysis.config import Paths
from kkb_analysis.errors import DataFileError, FileProblem
from kkb_analysis.readers import read_raw_file
from kkb_analysis.validation import FLAG, REJECT, LoadContext, LoadResult, check_headers
from tests.conftest import make_ctx

YEAR = 2023
SOURCES = {m.SPEC.base: m for m in pipeline.SOURCES}
PANJANG = settings.get_current_profile_name() == "panjang"
# deadline=None: every example writes and reads a file, so timings are I/O noise.
# too_slow: one example loads a whole file (tens of ms); data_too_large: the table strategy
# draws up to ~40 columns × 6 rows of cells, which is the point of the property.
FUZZ = settings(
    max_examples=1000 if PANJANG else 25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ_TAHUN = settings(FUZZ, max_examples=300 if PANJANG else 10)

REASON_CODES = {
    "FILE_TIDAK_TERBACA", "FILE_GANDA", "KOLOM_WAJIB_HILANG", "NILAI_WAJIB_KOSONG",
    "TIPE_TIDAK_VALID", "KODE_TIDAK_DIKENAL", "DI_LUAR_RENTANG", "DUPLIKAT_KUNCI",
    "REFERENSI_TIDAK_ADA", "INVARIAN_GAGAL", "TAHUN_TIDAK_SESUAI", "DI_LUAR_WILAYAH",
    "TANGGAL_TIDAK_LOGIS", "DI_LUAR_PERIODE", "INKONSISTEN", "NIK_TIDAK_VALID", "NIK_KHUSUS",
    "NIK_BEDA_TGL_LAHIR", "NIK_BEDA_JK", "NIK_GANDA", "NO_KK_TIDAK_VALID", "KKB_TUMPANG_TINDIH",
    "NILAI_IMPLAUSIBEL",
}  # fmt: skip
# What must never reach an analyst: Python's own wording (data.md §3.1, errors.py).
_ENGLISH = re.compile(
    r"Traceback|Error\b|Exception|invalid literal|could not|cannot|unexpected|expected|"
    r"NoneType|object has no|not supported|out of range|\bthe\b|\bis\b|File \"",
    re.IGNORECASE,
)
_INDONESIAN = re.compile(
    r"\b(berkas|kolom|nilai|baris|tidak|judul|pemisah|lembar|kosong|wajib|simpan|ulang)\b"
)

# --------------------------------------------------------------------------- the seed year
# A minimal valid year: every file loads with no rejection (test_benih_tahun_bersih), so the
# context of a fuzzed file is valid and only that file varies.
KK_A, KK_B = "3672050101230001", "3672010101230002"
KKB_A = "KKB-3672051004-01"  # the id used by tests/data/*/contoh_indikator_2_9.csv
DATA = Path(__file__).parent / "data"
SEED_TEXT = {
    "kkb": (
        "kkb_id,nama_kkb,kode_kelurahan,cakupan_wilayah,rw_list,tanggal_pencanangan,"
        "status_aktif\n"
        f"{KKB_A},Kampung KB Panggung Rawi,36.72.05.1004,Desa,,2019-03-01,ya\n"
        "KKB-3672011001-01,Kampung KB RW,36.72.01.1001,RW,3;004,2018-05-02,ya\n"
    ),
    "kkb_umkm": (
        "umkm_id,kkb_id,nama_usaha,jenis_usaha,produk_unggulan,unggulan,no_kk_pemilik,"
        "anggota_uppka,jumlah_tenaga_kerja,omzet_bulanan_kelas,nib,pirt,halal,pembinaan_opd,"
        "bantuan_modal\n"
        f"U-1,{KKB_A},Keripik Emping Bu Ratna,Kuliner,Emping melinjo,ya,{KK_A},ya,3,1-5jt,ya,"
        "tidak,,Dinas Koperasi dan UKM,tidak\n"
    ),
    "pk_keluarga": (
        "no_kk,no_urut_keluarga,kode_kelurahan,rw,rt,jumlah_anggota,tanggal_pendataan,"
        "luas_lantai_m2\n"
        f"{KK_A},1,36.72.05.1004,7,1,2,2023-07-15,36\n"
        f"{KK_B},1,36.72.01.1001,3,2,1,,\n"
    ),
    "pk_anggota": (
        "no_kk,no_urut_keluarga,no_urut,nik,nama,jenis_kelamin,tanggal_lahir,hubungan_kk,"
        "status_kawin,agama,no_urut_ibu\n"
        f"{KK_A},1,1,3672051505800001,BUDI SANTOSO,L,1980-05-15,1,2,1,\n"
        f"{KK_A},1,2,3672055505850002,SITI AMINAH,P,1985-05-15,2,2,1,\n"
        f"{KK_B},1,1,,EKO SUSILO,L,1990-10-10,1,2,1,\n"
    ),
    "pk_kb": (
        "no_kk,no_urut_keluarga,no_urut_istri,umur_istri,usia_kawin_pertama,"
        "jumlah_anak_lahir_hidup_l,jumlah_anak_lahir_hidup_p,jumlah_anak_masih_hidup,"
        "umur_anak_terakhir_bulan,sedang_hamil,ber_kb,metode_kb,tempat_pelayanan_kb,"
        "alasan_tidak_kb\n"
        f"{KK_A},1,2,38,20,1,1,2,30,tidak,ya,IUD,3,\n"
    ),
    "eppgbm": (
        "NIK;Nama;JK;Tgl Lahir;BB Lahir;TB Lahir;Nama Ortu;Prov;Kab/Kota;Kec;Pukesmas;Desa/Kel;"
        "Posyandu;RT;RW;Alamat;Usia Saat Ukur;Tanggal Pengukuran;Bulan Pengukuran;Status Bulan;"
        "status tahun;Berat;Tinggi;Cara Ukur;LiLA;BB/U;ZS BB/U;TB/U;ZS TB/U;BB/TB;ZS BB/TB;"
        "Naik Berat Badan;PMT Diterima (kg);Jml Vit A;KPSP;KIA;Detail Status;status desa\n"
        "3672051503210001;Ahmad Fauzi;L;15/03/2021;3,2;49,5;Rina Marlina;BANTEN;Kota Cilegon;"
        "Jombang;Puskesmas Jombang;Panggung Rawi;Mawar 1;2;3;Jl. Melati No. 7;"
        "2 Tahun - 4 Bulan - 26 Hari;10/08/2023;Agustus;T;2023;11,8;86,5;Berdiri;14,5;"
        "Berat Badan Normal;-0,85;Normal;-1,37;Gizi Baik;-0,31;N;0;1;Sesuai;Ya;-;Lokus\n"
        ";Bunga Lestari;P;01/06/2021;2,9;48;Dewi Lestari;Banten;Kota Cilegon;Citangkil;"
        "Puskesmas Citangkil;Dringo;Melati;01;002;Kp. Cempaka RT 01;;01/06/2023;;;;10,5;80,0;"
        "Terlentang;;;;;;;;;;;;;;\n"
    ),
    "dtks": (
        "no_kk,nik,sumber,periode,desil,status_dtks,pkh,bpnt_sembako,pbi_jk,blt,pip,"
        "tanggal_update\n"
        f"{KK_A},,DTKS,2023-03,2,ya,ya,tidak,ya,tidak,tidak,2023-03-15\n"
        ",3672055505850002,DTSEN,2023-01,7,,,,,,,\n"
    ),
}
for _base in ("kkb_profil", "kkb_kkbpk", "kkb_intervensi"):
    SEED_TEXT[_base] = (DATA / _base / "contoh_indikator_2_9.csv").read_text(encoding="utf-8")


def _seed_rows(base: str) -> list[dict[str, str]]:
    spec = SOURCES[base].SPEC
    reader = csv.DictReader(io.StringIO(SEED_TEXT[base]), delimiter=spec.delimiter)
    return [{k.strip().lower(): (v or "") for k, v in row.items()} for row in reader]


@cache
def _seed_results() -> dict[str, LoadResult]:
    """Every seed file loaded in processing order (cached; callers get deep copies)."""
    ctx = make_ctx(YEAR)
    with tempfile.TemporaryDirectory() as tmp:
        for module in pipeline.SOURCES:
            base = module.SPEC.base
            path = Path(tmp) / f"{base}.csv"
            path.write_text(SEED_TEXT[base], encoding="utf-8")
            ctx.results[base] = _load_one(module, path, ctx, links=False)
    return ctx.results


def _context_without(base: str) -> LoadContext:
    """A load context holding (copies of) the nine other seed files."""
    ctx = make_ctx(YEAR)
    ctx.results = {b: copy.deepcopy(r) for b, r in _seed_results().items() if b != base}
    return ctx


# --------------------------------------------------------------------------- loading one file
def _load_one(module: ModuleType, path: Path, ctx: LoadContext, links: bool = True) -> LoadResult:
    """What :func:`pipeline.load_year` does with one file: read, headers, load, cross-file
    checks; every file-level problem is raised as :class:`DataFileError`."""
    spec = module.SPEC
    raw, problem = read_raw_file(path, delimiter=spec.delimiter)
    if problem:
        raise DataFileError([problem])
    header_problems, unknown = check_headers(raw, spec)
    if header_problems:
        raise DataFileError(header_problems)
    result = module.load(raw, ctx)
    result.unknown_columns = unknown
    if result.problems:
        raise DataFileError(result.problems)
    ctx.results[spec.base] = result
    if links and hasattr(module, "check_links"):
        module.check_links(ctx)
    return result


def _without_quotes(text: str) -> str:
    """The message without the raw values it quotes ('…'), which are the file's own text."""
    return re.sub(r"'[^'\n]*'", "''", text)


def assert_indonesian_problem(problem: FileProblem, file_names: set[str]) -> None:
    assert isinstance(problem, FileProblem)
    assert problem.code in REASON_CODES, problem
    assert any(name in problem.file for name in file_names), problem
    rendered = problem.render()
    assert problem.file in rendered
    message = _without_quotes(problem.message)
    assert not _ENGLISH.search(message), rendered
    assert _INDONESIAN.search(message), rendered


def assert_data_file_error(exc: DataFileError, file_names: set[str]) -> None:
    assert exc.problems
    for problem in exc.problems:
        assert_indonesian_problem(problem, file_names)
    text = str(exc)
    assert text.startswith("Ada ") and "Traceback" not in text


def _output_text(result: LoadResult) -> str:
    frames = (result.table, result.quarantine, result.issues)
    text = "\n".join(f.astype("string").to_csv(index=False) for f in frames)
    return text + "\n" + ";".join(map(str, result.summary().values()))


def assert_clean_load(
    module: ModuleType,
    result: LoadResult,
    rows: list[list[str]] | None = None,
    header: list[str] | None = None,
) -> None:
    """The invariants of a load that did not stop (data.md §3.2–3.4, §4)."""
    spec = module.SPEC
    kept = set(result.table["baris_sumber"].astype(int))
    quarantined = result.quarantine["baris_sumber"].astype(int).tolist()
    # reconciliation: every row read is kept or quarantined, exactly once
    assert result.rows_read == result.rows_kept + result.rows_rejected
    assert len(set(quarantined)) == len(quarantined)
    assert not kept & set(quarantined)
    assert len(kept) == result.rows_kept
    if rows is not None:  # CSV: blank records are skipped and not counted (data.md §2)
        assert result.rows_read == sum(any(c.strip() for c in r) for r in rows)
    # every quarantined row has its reason codes and texts
    quarantine = result.quarantine
    for code, reason in zip(quarantine["kode_alasan"], quarantine["alasan"], strict=True):
        assert isinstance(code, str) and code and set(code.split(";")) <= REASON_CODES
        assert isinstance(reason, str) and reason.strip()
    issues = result.issues
    assert set(issues["tingkat"]) <= {REJECT, FLAG}
    assert set(issues["kode_alasan"]) <= REASON_CODES
    assert issues["pesan"].map(lambda p: isinstance(p, str) and bool(p.strip())).all()
    for message in issues["pesan"].unique():
        assert not _ENGLISH.search(_without_quotes(message)), message
    rejected_rows = set(issues.loc[issues["tingkat"].eq(REJECT), "baris_sumber"].astype(int))
    assert rejected_rows == set(quarantined)
    flagged = set(issues.loc[issues["tingkat"].eq(FLAG), "baris_sumber"].astype(int))
    assert flagged - rejected_rows <= kept  # a flagged row is kept
    # no personal column, and no personal value, in any output
    personal = {c.name for c in spec.columns if c.personal}
    for frame in (result.table, result.quarantine):
        assert not personal & set(frame.columns)
        assert not {p.lower() for p in personal} & set(frame.columns)
    if rows is not None and header is not None:
        # a generated value that is a fragment of a column name the loader itself writes
        # (e.g. 'nstansi_' of 'instansi_ids') is found in the header line, not leaked data
        nama_kolom = "\n".join(
            str(c) for f in (result.table, result.quarantine, result.issues) for c in f.columns
        )
        for value in _personal_values(spec, rows, header):
            if value in nama_kolom:
                continue
            assert value not in _output_text(result), f"data pribadi bocor: {value!r}"


def _hex_like(value: str) -> bool:
    """Short hex text that could occur inside a 64-hex hash by chance (a 16-digit NIK cannot)."""
    return len(value) < 12 and re.fullmatch(r"[0-9a-f]+", value) is not None


@cache
def _public_seed_cells() -> tuple[str, ...]:
    """Non-personal cells of the seed year (the context may put them in messages)."""
    cells = []
    for base, module in SOURCES.items():
        personal = {c.name.lower() for c in module.SPEC.columns if c.personal}
        cells += [v for row in _seed_rows(base) for k, v in row.items() if k not in personal]
    return tuple(cells)


def _personal_values(spec, rows: list[list[str]], header: list[str]) -> set[str]:
    """Personal cell values long and distinctive enough to look for in the outputs."""
    personal = {c.name.lower() for c in spec.columns if c.personal}
    cols = [i for i, h in enumerate(header) if h.strip().lower() in personal]
    others = (
        "\n".join(c for r in rows for i, c in enumerate(r) if i not in cols)
        + "\n".join(header)
        + "\n".join(_public_seed_cells())
    )
    found = set()
    for r in rows:
        for i in cols:
            if i >= len(r):
                continue
            value = r[i].strip()
            candidates = {value, re.sub(r"[\s.'\-]", "", value)}
            for v in candidates:
                if len(v) >= 8 and v not in others and not _hex_like(v):
                    found.add(v)
    return found


# --------------------------------------------------------------------------- strategies
_SPECIAL = [
    "", " ", " \t ", '"', '""', "'", "''", ",", ";", "a,b", "a;b", "x\ny", "x\r\ny", "\r", "\n",
    "NaN", "nan", "None", "null", "NULL", "N/A", "-", "--", "=1+1", "=HYPERLINK(\"x\")", "@SUM(A1)",
    "+62", "<b>tebal</b>", "<script>alert(1)</script>", "0", "-0", "00", "1", "-1", "+1", "12,5",
    "12.5", "1.000", "1,000.5", "1e309", "-1e309", "inf", "-Infinity", "1E+15", "3.67205E+15",
    "3672051505800001.0", "'3672051505800001", "3672 0515 0580 0001", "99999999999999999999999",
    "-99999999999999999999", "9223372036854775808", "1_000", "١٢٣", "１２", "½", "ya", "tidak",
    "YA", "Tidak ", "true", "FALSE", "2023-02-30", "2023-1-5", "31/12/2023", "12/31/2023",
    "2023/12/31", "20231231", "2023-12-31T10:00:00", "2023-12-31 00:00:00", "0000-00-00",
    "9999-12-31", "1677-09-21", "2262-04-12", "1900-01-01", "29/02/2023", "29/02/2024",
    "1/1/1", "15-03-2021", "\u00a0", "\ufeff", "\u200b", "ẞ", "İ", "🙂", "\u2028", "\x1a",
    "KKB-3672051004-01", "36.72.05.1004", "3672051004", "DTKS", "2023-03", "2023", "13",
]  # fmt: skip


def _number_texts() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(-(10**20), 10**20).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.floats(-1e6, 1e6).map(lambda x: f"{x:.3f}".replace(".", ",")),
        st.dates().flatmap(
            lambda d: st.sampled_from(
                [
                    d.isoformat(),
                    d.strftime("%d/%m/%Y"),
                    d.strftime("%m/%d/%Y"),
                    d.strftime("%Y%m%d"),
                ]
            )
        ),
    )


def _cell(pool: list[str]) -> st.SearchStrategy[str]:
    """A cell: the column's valid seed values first (so shrinking lands on valid data)."""
    alternatives = [st.sampled_from(pool)] if pool else []
    return st.one_of(
        *alternatives,
        st.sampled_from(_SPECIAL),
        _number_texts(),
        st.text(max_size=15),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    )


@st.composite
def tables(draw, base: str) -> tuple[list[str], list[list[str]]]:
    """(header, rows) with the spec's columns in any order/case, optional ones dropped,
    extra columns added, and hostile cells."""
    spec = SOURCES[base].SPEC
    seed = _seed_rows(base)
    names = [
        c.name
        for c in spec.columns
        if c.must_be_present or draw(st.booleans()) or not draw(st.booleans())
    ]
    names = draw(st.permutations(names))
    extra = draw(
        st.lists(
            st.one_of(
                st.sampled_from(["catatan", "keterangan", "Unnamed: 0", "", "kolom baru"]),
                st.text(alphabet="abcdefghijklmnopqrstuvwxyz_ ", min_size=1, max_size=10),
            ),
            max_size=3,
            unique_by=lambda s: s.strip().lower(),
        )
    )
    known = {c.name.lower() for c in spec.columns} | {
        a.lower() for c in spec.columns for a in c.aliases
    }
    extra = [e for e in extra if e.strip().lower() not in known or not e.strip()]
    header_cells = [
        draw(st.sampled_from([n, n.upper(), n.lower(), f" {n} "])) for n in names
    ] + extra
    position = draw(st.integers(0, len(names)))
    header = header_cells[:position] + extra + header_cells[position : len(names)]
    pools = {n: sorted({r.get(n.lower(), "") for r in seed}) for n in names}
    n_rows = draw(st.integers(1, 6))
    rows = []
    for _ in range(n_rows):
        template = draw(st.sampled_from(seed))
        row = []
        for h in header:
            name = h.strip().lower()
            pool = pools.get(next((n for n in names if n.lower() == name), ""), [])
            if draw(st.booleans()) and name in template:
                row.append(template[name])
            else:
                row.append(draw(_cell(pool)))
        rows.append(row)
    return header, rows


def _csv_bytes(header, rows, delimiter, quoting, terminator, bom) -> bytes:
    if terminator != "\r\n":
        # QUOTE_MINIMAL quotes a line break only if it is in the terminator: a bare \r or \n
        # inside a field would really split the record (a different table, not a reader bug)
        quoting = csv.QUOTE_ALL
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator=terminator)
    writer.writerow(header)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8")


_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_bytes(header, rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for line in [header, *rows]:
        # openpyxl refuses control characters and writes a leading '=' as a formula
        ws.append([_ILLEGAL_XLSX.sub("", c).lstrip("=") for c in line])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@cache
def _seed_xlsx(base: str) -> bytes:
    spec = SOURCES[base].SPEC
    lines = list(csv.reader(io.StringIO(SEED_TEXT[base]), delimiter=spec.delimiter))
    return _xlsx_bytes(lines[0], lines[1:])


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Apply (position, length to delete, bytes to insert) edits to ``data``."""
    out = bytearray(data)
    for pos, delete, insert in edits:
        at = pos % (len(out) + 1)
        out[at : at + delete] = insert
    return bytes(out)


_EDITS = st.lists(
    st.tuples(st.integers(0, 10**6), st.integers(0, 8), st.binary(max_size=6)),
    min_size=1,
    max_size=6,
)


def csv_bytes(base: str) -> st.SearchStrategy[bytes]:
    """Arbitrary bytes, and bytes close to a real file of ``base``."""
    seed = SEED_TEXT[base].encode("utf-8")
    header = seed.split(b"\n", 1)[0]
    return st.one_of(
        st.binary(max_size=400),
        st.binary(max_size=300).map(lambda b: header + b"\n" + b),
        st.builds(_mutate, st.just(seed), _EDITS),
        st.text(max_size=200).flatmap(
            lambda t: st.sampled_from(
                [
                    t.encode("utf-8"),
                    t.encode("utf-16"),
                    t.encode("cp1252", "ignore"),
                    (SEED_TEXT[base] + t).encode("latin-1", "ignore"),
                ]
            )
        ),
        st.just(seed[: len(seed) // 2]),  # truncated download
    )


def _rezip_mutated(data: bytes, member: str, edits) -> bytes:
    """The workbook with one of its XML parts damaged, re-zipped (valid CRCs)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == member:
                content = _mutate(content, edits)
            dst.writestr(info.filename, content)
    return buf.getvalue()


def xlsx_bytes(base: str) -> st.SearchStrategy[bytes]:
    seed = _seed_xlsx(base)
    members = sorted(zipfile.ZipFile(io.BytesIO(seed)).namelist())
    return st.one_of(
        st.binary(max_size=400),
        st.builds(_mutate, st.just(seed), _EDITS),
        st.builds(_rezip_mutated, st.just(seed), st.sampled_from(members), _EDITS),
        st.just(seed[: len(seed) // 2]),
        st.just(SEED_TEXT[base].encode("utf-8")),  # a CSV renamed .xlsx
    )


ALL = pytest.mark.parametrize("base", list(SOURCES))


# --------------------------------------------------------------------------- properties
def test_benih_tahun_bersih():
    """The seed year is valid: no file-level problem and no rejected row in any file."""
    for base, result in _seed_results().items():
        assert result.rows_rejected == 0, (base, result.quarantine)
        assert result.rows_kept >= 1, base


def _run(base: str, name: str, data: bytes) -> None:
    module = SOURCES[base]
    ctx = _context_without(base)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            result = _load_one(module, path, ctx)
        except DataFileError as exc:
            assert_data_file_error(exc, {name})
            return
    assert_clean_load(module, result)


@ALL
@FUZZ
@given(data=st.data())
def test_sembarang_byte_csv(base, data):
    """Arbitrary bytes as ``<base>.csv``: a load or an Indonesian DataFileError naming it."""
    _run(base, f"{base}.csv", data.draw(csv_bytes(base), label="isi"))


@ALL
@FUZZ
@given(data=st.data())
def test_sembarang_byte_xlsx(base, data):
    """Arbitrary or damaged bytes as ``<base>.xlsx``: same property."""
    _run(base, f"{base}.xlsx", data.draw(xlsx_bytes(base), label="isi"))


@ALL
@FUZZ
@given(data=st.data())
def test_sembarang_tabel(base, data):
    """A table with the real header and hostile cells: a clean, reconciled, pseudonymised
    load, or an Indonesian DataFileError naming the file."""
    module = SOURCES[base]
    header, rows = data.draw(tables(base), label="tabel")
    fmt = data.draw(st.sampled_from(["csv", "csv", "csv", "xlsx"]), label="format")
    name = f"{base}.{fmt}"
    if fmt == "csv":
        content = _csv_bytes(
            header,
            rows,
            module.SPEC.delimiter,
            data.draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]), label="kutip"),
            data.draw(st.sampled_from(["\n", "\r\n", "\r"]), label="akhir_baris"),
            data.draw(st.booleans(), label="bom"),
        )
    else:
        content = _xlsx_bytes(header, rows)
    ctx = _context_without(base)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(content)
        try:
            result = _load_one(module, path, ctx)
        except DataFileError as exc:
            assert_data_file_error(exc, {name})
            return
    if fmt == "csv":
        assert_clean_load(module, result, rows, header)
    else:
        assert_clean_load(module, result)
        assert result.rows_read <= len(rows)


@FUZZ_TAHUN
@given(data=st.data())
def test_sembarang_berkas_dalam_load_year(data):
    """One fuzzed file (table or bytes) in an otherwise valid year folder, through
    ``pipeline.load_year``: a reconciled load of all ten files, or a DataFileError whose every
    problem is Indonesian and names the fuzzed file."""
    base = data.draw(st.sampled_from(list(SOURCES)), label="berkas")
    module = SOURCES[base]
    if data.draw(st.booleans(), label="tabel?"):
        header, rows = data.draw(tables(base), label="tabel")
        content = _csv_bytes(header, rows, module.SPEC.delimiter, csv.QUOTE_MINIMAL, "\n", False)
    else:
        header = rows = None
        content = data.draw(csv_bytes(base), label="isi")
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        mp.setenv("KKB_SALT", "salt-uji-fuzz-tidak-rahasia")
        paths = Paths(data=Path(tmp), reports=Path(tmp) / "laporan")
        folder = paths.raw_year(YEAR)
        folder.mkdir(parents=True)
        for other, text in SEED_TEXT.items():
            if other != base:
                (folder / f"{other}.csv").write_text(text, encoding="utf-8")
        (folder / f"{base}.csv").write_bytes(content)
        try:
            load = pipeline.load_year(paths, YEAR)
        except DataFileError as exc:
            # the seed files are valid, so every problem is the fuzzed file's
            assert_data_file_error(exc, {f"{base}.csv"})
            return
    report = pipeline.validation_report(load)
    assert report["rekonsiliasi_ok"]
    for other, result in load.results.items():
        assert_clean_load(SOURCES[other], result, *((rows, header) if other == base else ()))
    summary = load.summary()
    assert (summary["baris_dibaca"] == summary["baris_dimuat"] + summary["baris_ditolak"]).all()
    assert summary["file"].tolist() == [m.SPEC.base for m in pipeline.SOURCES]
