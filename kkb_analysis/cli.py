"""Command-line interface ``kkb`` (the only CLI module; Indonesian help and messages).

Exit codes: 0 success; 2 unusable input or configuration (a message says what to do);
3 some reports failed (the run summary says which, why and what to do; the others are done);
1 an unexpected internal error (re-run with ``--debug`` for the traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import math
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from kkb_analysis import __version__
from kkb_analysis.config import SAMPLE_MARKER, ConfigError, Paths, get_paths, load_settings
from kkb_analysis.errors import DataFileError, pesan_os
from kkb_analysis.laporan.format import format_angka
from kkb_analysis.laporan.keluaran import DOKUMEN, REKAP_ID
from kkb_analysis.nama import (
    EKSTENSI_LEMBAR,
    ada_data_pengguna,
    folder_mirip_tahun,
    tahun_folder,
    teks_tampil,
)

logger = logging.getLogger("kkb_analysis")

SAMPLE_YEARS = (2022, 2023)
EXIT_OK, EXIT_INTERNAL, EXIT_DATA, EXIT_LAPORAN_GAGAL = 0, 1, 2, 3


def _years_present(paths: Paths) -> list[int]:
    if not paths.raw.is_dir():
        return []
    return sorted(
        y for p in paths.raw.iterdir() if p.is_dir() and (y := tahun_folder(p.name)) is not None
    )


def _check_folder_names(paths: Paths, years: list[int]) -> None:
    """Stop when a folder looks like a year folder the run would skip (``2023 ``, ``Tahun
    2023``); warn about look-alikes beside the real folder and loose files in ``data/raw``."""
    present = set(_years_present(paths))
    skipped = []
    for folder, year in folder_mirip_tahun(paths.raw).items():
        shown = teks_tampil(folder.name)
        if year in present:
            logger.warning(
                "Folder '%s' di %s tidak dibaca (yang dibaca: %s/). Pindahkan bila bukan data.",
                shown,
                paths.raw,
                year,
            )
        elif not years or year in years:
            skipped.append(f"'{shown}' → ganti namanya menjadi '{year}'")
    if skipped:
        raise ConfigError(
            f"Folder di {paths.raw} tampak seperti folder tahun tetapi namanya tidak persis "
            "empat angka, sehingga datanya akan terlewat: " + "; ".join(skipped) + ". Ganti "
            "nama foldernya (tanpa spasi atau kata lain), lalu jalankan ulang."
        )
    if paths.raw.is_dir():
        for loose in sorted(p for p in paths.raw.iterdir() if p.is_file()):
            if loose.suffix.lower() in EKSTENSI_LEMBAR:
                logger.warning(
                    "Berkas %s langsung di %s tidak dibaca: pindahkan ke %s/<tahun>/.",
                    teks_tampil(loose.name),
                    paths.raw,
                    paths.raw,
                )


def _resolve_years(paths: Paths, years: list[int] | None) -> list[int]:
    _check_folder_names(paths, years or [])
    if years:
        return years
    present = _years_present(paths)
    if not present:
        raise ConfigError(
            f"Belum ada data di {paths.raw}. Letakkan berkas mentah di data/raw/<tahun>/ (nama "
            "folder empat angka, misalnya data/raw/2023/) atau buat data contoh dengan "
            "'kkb sampel'."
        )
    return present


def _format_summary(load) -> str:  # load: pipeline.YearLoad (imported lazily)
    summary = load.summary()
    issues = load.issues()
    header = f"{'Berkas':<16}{'Format':<10}{'Dibaca':>9}{'Dimuat':>9}{'Ditolak':>9}{'Ditandai':>9}"
    lines = [f"Ringkasan muat data tahun {load.year}", header, "-" * len(header)]
    for row in summary.itertuples(index=False):
        angka = [
            format_angka(n)
            for n in (row.baris_dibaca, row.baris_dimuat, row.baris_ditolak, row.baris_ditandai)
        ]
        lines.append(f"{row.file:<16}{row.format:<10}" + "".join(f"{a:>9}" for a in angka))
        rejected = issues[issues["file"].eq(row.file) & issues["tingkat"].eq("tolak")]
        if not rejected.empty:
            top = rejected["kode_alasan"].value_counts().head(4)
            lines.append("    ditolak: " + ", ".join(f"{k} {v}" for k, v in top.items()))
    total = summary[["baris_dibaca", "baris_dimuat", "baris_ditolak"]].sum()
    ok = total["baris_dibaca"] == total["baris_dimuat"] + total["baris_ditolak"]
    lines.append("-" * len(header))
    lines.append(
        f"Total dibaca {format_angka(total['baris_dibaca'])} = dimuat "
        f"{format_angka(total['baris_dimuat'])} + dikarantina "
        f"{format_angka(total['baris_ditolak'])}" + (" (cocok)" if ok else " (TIDAK COCOK)")
    )
    if load.salt_is_demo:
        lines.append("Catatan: data sampel sintetis, disandikan dengan salt demo publik.")
    return "\n".join(lines)


def cmd_sampel(args: argparse.Namespace, paths: Paths) -> int:
    """Generate the synthetic sample into data/raw/<tahun>/."""
    from kkb_analysis.sampel import generate_sample

    years = tuple(args.tahun or SAMPLE_YEARS)
    odd = folder_mirip_tahun(paths.raw)
    if odd:  # a sample "2023" beside "2023 " would hide the user's folder behind a warning
        raise ConfigError(
            f"{paths.raw} berisi folder yang tampak seperti data tahunan: "
            + ", ".join(f"'{teks_tampil(p.name)}'" for p in odd)
            + ". 'kkb sampel' tidak membuat data contoh di sampingnya; pakai --data-dir lain "
            "untuk data contoh."
        )
    for year in years:
        folder = paths.raw_year(year)
        if folder.is_dir() and any(folder.iterdir()) and not (folder / SAMPLE_MARKER).exists():
            raise ConfigError(
                f"Folder {folder} berisi data yang bukan sampel; 'kkb sampel' tidak akan "
                "menimpanya. Pakai --data-dir lain untuk data contoh."
            )
        if folder.is_dir() and (folder / SAMPLE_MARKER).exists() and not args.paksa:
            logger.info("Sampel tahun %s sudah ada (pakai --paksa untuk membuat ulang).", year)
            years = tuple(y for y in years if y != year)
    if not years:
        return EXIT_OK
    start = time.perf_counter()
    counts = generate_sample(paths.raw, scale=args.skala, seed=args.seed, years=years)
    for year, files in counts.items():
        total = sum(files.values())
        sys.stdout.write(f"Sampel {year}: {len(files)} berkas, {format_angka(total)} baris\n")
    logger.info("Sampel dibuat dalam %.1f detik", time.perf_counter() - start)
    return EXIT_OK


def cmd_validasi(args: argparse.Namespace, paths: Paths) -> int:
    """Validate the raw files and write quarantine, issue log and validation report."""
    from kkb_analysis.pipeline import load_year, write_validation

    settings = load_settings()
    for year in _resolve_years(paths, args.tahun):
        load = load_year(paths, year, settings)
        folder = write_validation(load, paths)
        sys.stdout.write(_format_summary(load) + "\n")
        sys.stdout.write(f"Laporan validasi: {folder / 'laporan_validasi.json'}\n\n")
    return EXIT_OK


def cmd_bangun(args: argparse.Namespace, paths: Paths) -> int:
    """Validate and build the processed tables of each year."""
    from kkb_analysis.pipeline import build_year, load_year

    settings = load_settings()
    for year in _resolve_years(paths, args.tahun):
        start = time.perf_counter()
        load = load_year(paths, year, settings)
        folder = build_year(load, paths, settings)
        sys.stdout.write(_format_summary(load) + "\n")
        sys.stdout.write(
            f"Tabel olahan tahun {year} ditulis ke {folder} "
            f"({time.perf_counter() - start:.1f} detik)\n\n"
        )
    return EXIT_OK


def _processed_years(paths: Paths) -> list[int]:
    if not paths.processed.is_dir():
        return []
    return sorted(
        int(p.name)
        for p in paths.processed.iterdir()
        if p.name.isdigit() and (p / "out_wilayah.parquet").is_file()
    )


def cmd_laporan(args: argparse.Namespace, paths: Paths) -> int:
    """Render the per-KKB reports and the city summary (HTML, PDF, notebook) of each year."""
    from kkb_analysis.laporan.batch import format_ringkasan, jalankan_laporan

    load_settings()  # a broken settings file stops here (exit 2), not inside every notebook
    years = args.tahun or _processed_years(paths)
    if not years:
        raise ConfigError(
            f"Belum ada tabel olahan di {paths.processed}. Jalankan 'kkb bangun' dulu "
            "(atau 'kkb utama')."
        )
    code = EXIT_OK
    for year in years:
        ringkasan = jalankan_laporan(
            paths,
            year,
            kkb=args.kkb,
            dokumen=args.dokumen,
            ulang_gagal=args.ulang_gagal,
            paksa=args.paksa,
            pekerja=args.pekerja,
            kernel_terpisah=args.kernel_terpisah,
            batas_waktu=args.batas_waktu or None,
            pdf=not args.tanpa_pdf,
            progres=not args.tanpa_progres,
        )
        sys.stdout.write(format_ringkasan(ringkasan) + "\n\n")
        if ringkasan.ada_gagal:
            code = EXIT_LAPORAN_GAGAL
    return code


def cmd_utama(args: argparse.Namespace, paths: Paths) -> int:
    """The main job: sample data if data/raw is empty, validate and build every year, then
    render every report."""
    if not _years_present(paths):
        _check_folder_names(paths, [])
        user_data = ada_data_pengguna(paths.raw)
        if user_data:  # never generate a sample beside what may be the user's real files
            raise ConfigError(
                f"{paths.raw} tidak berisi folder tahun (misalnya {paths.raw}/2023/), tetapi "
                "berisi: "
                + ", ".join(f"'{teks_tampil(p.name)}'" for p in user_data[:5])
                + ". Data sampel tidak dibuat di samping data Anda. Pindahkan berkas mentah ke "
                "data/raw/<tahun>/ (nama folder empat angka), atau pakai --data-dir lain untuk "
                "data contoh."
            )
        logger.info("data/raw kosong: membuat data sampel sintetis Kota Cilegon.")
        cmd_sampel(
            argparse.Namespace(tahun=None, skala=args.skala, seed=args.seed, paksa=False), paths
        )
    years = _resolve_years(paths, None)
    cmd_bangun(argparse.Namespace(tahun=years), paths)
    return cmd_laporan(_laporan_bawaan(tahun=years), paths)


def _laporan_bawaan(**ubah: object) -> argparse.Namespace:
    """The defaults of ``kkb laporan`` (as parsed from no options), with ``ubah`` applied."""
    ns = build_parser().parse_args(["laporan"])
    for k, v in ubah.items():
        setattr(ns, k, v)
    return ns


# argparse's own texts (usage, errors, help headings) in Indonesian: argparse looks them up
# through its module-level ``_``/``ngettext`` (gettext), which KkbParser swaps while it works.
_TEKS_ARGPARSE = {
    "usage: ": "penggunaan: ",
    "positional arguments": "argumen posisi",
    "options": "opsi",
    "optional arguments": "opsi",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    "subcommands": "perintah",
    "%(prog)s: error: %(message)s\n": (
        "%(prog)s: galat: %(message)s\nKetik '%(prog)s --help' untuk daftar perintah dan opsi.\n"
    ),
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "not allowed with argument %s": "tidak boleh dipakai bersama argumen %s",
    "ignored explicit argument %r": "argumen %r diabaikan (opsi ini tidak menerima nilai)",
    "expected one argument": "perlu satu nilai",
    "expected at most one argument": "paling banyak satu nilai",
    "expected at least one argument": "perlu paling sedikit satu nilai",
    "expected %s argument": "perlu %s nilai",
    "expected %s arguments": "perlu %s nilai",
    "ambiguous option: %(option)s could match %(matches)s": (
        "opsi %(option)s ambigu: bisa berarti %(matches)s"
    ),
    "unexpected option string: %s": "opsi tak terduga: %s",
    "invalid %(type)s value: %(value)r": "%(value)r bukan %(type)s yang sah",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "pilihan %(value)r tidak dikenal (pilih salah satu: %(choices)s)"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "perintah %(parser_name)r tidak dikenal (pilihan: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "tidak dapat membuka '%(filename)s': %(error)s",
}


def _terjemah(teks: str) -> str:
    return _TEKS_ARGPARSE.get(teks, teks)


def _terjemah_n(satu: str, banyak: str, n: int) -> str:
    return _terjemah(satu if n == 1 else banyak)


@contextlib.contextmanager
def _argparse_indonesia() -> Iterator[None]:
    """Swap argparse's gettext hooks for the Indonesian texts above while a parser works."""
    lama = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _terjemah, _terjemah_n  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = lama  # type: ignore[attr-defined]


class KkbParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Indonesian (its own messages included)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _argparse_indonesia():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        with _argparse_indonesia():
            return super().add_subparsers(**kwargs)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        with _argparse_indonesia():
            return super().parse_known_args(args, namespace)

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        with _argparse_indonesia():
            return super().parse_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        with _argparse_indonesia():
            super().error(message)

    def format_usage(self) -> str:
        with _argparse_indonesia():
            return super().format_usage()

    def format_help(self) -> str:
        with _argparse_indonesia():
            return super().format_help()


def _jenis(nama: str, ubah: Callable[[str], Any], sah: Callable[[Any], bool], syarat: str):
    """An argparse type: ``ubah`` the text, refuse it (in Indonesian) unless ``sah``."""

    def periksa(teks: str) -> Any:
        try:
            nilai = ubah(teks)
        except (TypeError, ValueError):
            raise argparse.ArgumentTypeError(f"'{teks}' bukan {nama}") from None
        if not sah(nilai):
            raise argparse.ArgumentTypeError(f"'{teks}' tidak sah: {syarat}")
        return nilai

    periksa.__name__ = nama
    return periksa


TAHUN_MIN, TAHUN_MAKS = 2000, 2100
SKALA_MAKS = 5.0
#: The synthetic city's KKB are declared up to 2018, so the sample starts in 2019.
TAHUN_SAMPEL_MIN = 2019
_tahun = _jenis(
    "tahun",
    int,
    lambda v: TAHUN_MIN <= v <= TAHUN_MAKS,
    f"tahun harus antara {TAHUN_MIN} dan {TAHUN_MAKS}, misalnya 2023",
)
_tahun_sampel = _jenis(
    "tahun",
    int,
    lambda v: TAHUN_SAMPEL_MIN <= v <= TAHUN_MAKS,
    f"data sampel dapat dibuat untuk tahun {TAHUN_SAMPEL_MIN} sampai {TAHUN_MAKS}",
)
_skala = _jenis(
    "angka",
    float,
    lambda v: math.isfinite(v) and 0 < v <= SKALA_MAKS,
    f"skala harus lebih dari 0 dan paling besar {SKALA_MAKS:g} (1 = satu kota; "
    "pakai titik desimal, misalnya 0.1)",
)
_benih = _jenis("bilangan bulat", int, lambda v: 0 <= v < 2**32, "benih harus 0 sampai 4294967295")
_pekerja = _jenis(
    "bilangan bulat", int, lambda v: 1 <= v <= 256, "jumlah pekerja harus 1 sampai 256"
)
_detik = _jenis("bilangan bulat", int, lambda v: v >= 0, "batas waktu harus 0 atau lebih (detik)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with Indonesian help texts."""
    parser = KkbParser(
        prog="kkb",
        description="Alat analisis dan pelaporan Kampung Keluarga Berkualitas (KKB) Kota Cilegon.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"kkb-analysis {__version__}",
        help="tampilkan versi program lalu keluar",
    )
    parser.add_argument(
        "--data-dir", type=Path, help="folder data (berisi raw/ dan processed/); bawaan: data/"
    )
    parser.add_argument(
        "--laporan-dir", type=Path, help="folder keluaran laporan; bawaan: reports/"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="tampilkan log rinci")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="tampilkan traceback bila terjadi galat internal, dan pesan rinci papermill/Jupyter",
    )
    sub = parser.add_subparsers(dest="perintah", metavar="PERINTAH", required=True)

    def years(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--tahun", type=_tahun, nargs="+", help="tahun data (bawaan: semua folder di data/raw)"
        )

    p = sub.add_parser("sampel", help="buat data contoh sintetis Kota Cilegon di data/raw/")
    p.add_argument(
        "--tahun", type=_tahun_sampel, nargs="+", help="tahun yang dibuat (bawaan: 2022 2023)"
    )
    p.add_argument("--skala", type=_skala, default=1.0, help="skala jumlah keluarga (1 = kota)")
    p.add_argument("--seed", type=_benih, default=20230615, help="benih acak (hasil selalu sama)")
    p.add_argument("--paksa", action="store_true", help="buat ulang sampel yang sudah ada")
    p.set_defaults(func=cmd_sampel)

    p = sub.add_parser("validasi", help="periksa berkas mentah; tulis karantina dan laporan")
    years(p)
    p.set_defaults(func=cmd_validasi)

    p = sub.add_parser("bangun", help="validasi lalu bangun tabel olahan di data/processed/")
    years(p)
    p.set_defaults(func=cmd_bangun)

    p = sub.add_parser(
        "laporan", help="buat laporan per KKB dan ringkasan kota (HTML, PDF) di reports/<tahun>/"
    )
    p.add_argument("--tahun", type=_tahun, nargs="+", help="tahun (bawaan: semua tahun olahan)")
    p.add_argument("--kkb", nargs="+", metavar="KKB_ID", help="hanya KKB ini (bawaan: semua)")
    p.add_argument(
        "--ulang-gagal", action="store_true", help="hanya ulangi laporan yang gagal pada run lalu"
    )
    p.add_argument("--paksa", action="store_true", help="buat ulang walaupun masukan tidak berubah")
    p.add_argument(
        "--pekerja",
        type=_pekerja,
        default=None,
        help="jumlah proses paralel (bawaan: jumlah inti CPU)",
    )
    p.add_argument(
        "--batas-waktu",
        type=_detik,
        default=600,
        metavar="DETIK",
        help="batas waktu per sel notebook (bawaan 600; 0 = tanpa batas)",
    )
    p.add_argument(
        "--kernel-terpisah",
        action="store_true",
        help="kernel baru untuk setiap notebook (lebih lambat, isolasi penuh)",
    )
    p.add_argument(
        "--dokumen",
        nargs="+",
        choices=[*DOKUMEN, REKAP_ID],
        metavar="DOKUMEN",
        help="hanya dokumen ini: profil, laporan, lampiran, rekap_kota (bawaan: semua)",
    )
    p.add_argument("--tanpa-pdf", action="store_true", help="hanya HTML dan notebook, tanpa PDF")
    p.add_argument("--tanpa-progres", action="store_true", help="sembunyikan bilah kemajuan")
    p.set_defaults(func=cmd_laporan)

    p = sub.add_parser(
        "utama", help="pekerjaan utama: sampel (bila kosong), validasi, bangun, laporan"
    )
    p.add_argument("--skala", type=_skala, default=1.0, help="skala sampel bila dibuat")
    p.add_argument("--seed", type=_benih, default=20230615, help="benih sampel bila dibuat")
    p.set_defaults(func=cmd_utama)
    return parser


#: Libraries whose routine messages are noise for the analyst: papermill's banner on every
#: report ("Input Notebook: …", "Working directory: …", "Executing notebook with kernel: …") and
#: jupyter_client's "Could not destroy zmq context …" (through the traitlets logger) when a
#: notebook client is dropped. Their warnings and errors still show; all of it with --debug.
PUSTAKA_SENYAP = {"papermill": logging.WARNING, "traitlets": logging.ERROR}


def _configure_logging(verbose: bool, debug: bool = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s" if verbose else "%(message)s",
        stream=sys.stderr,
    )
    for nama, tingkat in PUSTAKA_SENYAP.items():
        logging.getLogger(nama).setLevel(logging.NOTSET if debug else tingkat)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kkb`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose, args.debug)
    paths = get_paths(data_dir=args.data_dir, reports_dir=args.laporan_dir)
    try:
        return args.func(args, paths)
    except (DataFileError, ConfigError) as exc:
        sys.stderr.write(f"GAGAL: {exc}\n")
        return EXIT_DATA
    except OSError as exc:  # a full disk or a folder we may not write: say where and what to do
        if args.debug:
            raise
        sys.stderr.write(f"GAGAL: {pesan_os(exc)}\n")
        return EXIT_DATA
    except KeyboardInterrupt:
        sys.stderr.write("Dihentikan oleh pengguna.\n")
        return 130
    except Exception as exc:
        if args.debug:
            raise
        sys.stderr.write(
            f"GALAT INTERNAL ({type(exc).__name__}: {exc}). Ini kesalahan program, bukan data "
            "Anda. Jalankan ulang dengan --debug dan laporkan keluarannya ke tim pengembang.\n"
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
