"""Errors that stop a run with a message for the analyst (Indonesian), never a traceback."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileProblem:
    """One file-level problem: the file cannot be used as it is."""

    file: str
    code: str
    message: str
    column: str | None = None

    def render(self) -> str:
        where = f"{self.file}" + (f", kolom '{self.column}'" if self.column else "")
        return f"[{self.code}] {where}: {self.message}"


class DataFileError(Exception):
    """Raised when one or more raw files are unusable; nothing has been written."""

    def __init__(self, problems: list[FileProblem]):
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        head = (
            f"Ada {len(self.problems)} masalah pada berkas mentah; tidak ada yang ditulis ke "
            "data/processed. Perbaiki berkas berikut lalu jalankan ulang:"
        )
        return "\n".join([head, *(f"  - {p.render()}" for p in self.problems)])


# ------------------------------------------------------------------------ system errors
_ERRNO_DARI_TEKS = (
    ("no space left", errno.ENOSPC),
    ("disk quota", errno.EDQUOT),
    ("permission denied", errno.EACCES),
    ("read-only file system", errno.EROFS),
    ("not a directory", errno.ENOTDIR),
    ("is a directory", errno.EISDIR),
    ("no such file", errno.ENOENT),
)


def _kode_errno(exc: OSError) -> int | None:
    """The errno of ``exc``; libraries such as pyarrow raise OSError with the text only."""
    if exc.errno is not None:
        return exc.errno
    teks = str(exc).lower()
    return next((kode for frasa, kode in _ERRNO_DARI_TEKS if frasa in teks), None)


def pesan_os(exc: OSError, jalur: str | os.PathLike[str] | None = None) -> str:
    """An Indonesian message for a file-system error: which file, what happened, what to do.

    The file named is, in order: ``exc.jalur_keluaran`` (the output being written, attached by
    :mod:`kkb_analysis.atomik` and ``pipeline.build_year``), ``exc.filename``, then ``jalur``
    (a ``write`` that hits a full disk names no file). The system's English text is not shown.
    """
    nama = getattr(exc, "jalur_keluaran", None)  # set by atomik / pipeline.build_year
    if not nama:
        nama = exc.filename or (str(jalur) if jalur is not None else None)
        if nama and getattr(exc, "filename2", None):
            nama = f"{nama} → {exc.filename2}"
    nama = nama or "(berkas tak diketahui)"
    kode = _kode_errno(exc)
    if kode in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"Ruang disk penuh saat menulis {nama}; berkas itu tidak ditulis (keluaran lama tetap "
            "utuh). Kosongkan ruang disk atau pakai --data-dir/--laporan-dir di disk lain, lalu "
            "jalankan lagi."
        )
    if kode in (errno.EACCES, errno.EPERM):
        return (
            f"Tidak ada izin untuk membaca/menulis {nama}. Periksa izin folder itu (atau pakai "
            "--data-dir/--laporan-dir lain yang boleh ditulis), lalu jalankan lagi."
        )
    if kode == errno.EROFS:
        return (
            f"{nama} berada di disk yang hanya-baca. Pakai --data-dir/--laporan-dir di disk "
            "yang boleh ditulis, lalu jalankan lagi."
        )
    if kode == errno.ENOTDIR:
        return (
            f"Sebagian jalur {nama} adalah berkas, padahal harus folder. Pindahkan atau ganti nama "
            "berkas yang menghalangi itu, lalu jalankan lagi."
        )
    if kode == errno.EISDIR:
        return (
            f"{nama} adalah folder, padahal harus berkas. Pindahkan atau ganti nama folder itu, "
            "lalu jalankan lagi."
        )
    if kode == errno.EEXIST and Path(nama).is_file():  # mkdir where a file stands
        return (
            f"{nama} adalah berkas, padahal harus folder. Pindahkan atau ganti nama berkas itu, "
            "lalu jalankan lagi."
        )
    if kode in (errno.EEXIST, errno.ENOTEMPTY):
        return (
            f"{nama} sudah ada dan menghalangi keluaran baru. Pindahkan atau hapus {nama}, lalu "
            "jalankan lagi."
        )
    if kode == errno.ENOENT:
        return (
            f"{nama} tidak ditemukan (mungkin dipindahkan atau dihapus saat program berjalan). "
            "Periksa jalurnya, lalu jalankan lagi."
        )
    if kode == errno.ENAMETOOLONG:
        return f"Jalur {nama} terlalu panjang. Pakai folder dengan jalur yang lebih pendek."
    if kode == errno.ELOOP:
        return f"Tautan (symlink) {nama} berputar ke dirinya sendiri; perbaiki atau hapus."
    sandi = errno.errorcode.get(kode, str(kode)) if kode is not None else "tanpa kode"
    return (
        f"Tidak dapat membaca/menulis {nama} (galat sistem {sandi}). Periksa disk, izin folder "
        "dan jalurnya, lalu jalankan lagi."
    )
