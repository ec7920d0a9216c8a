"""Errors that stop a run with a message for the analyst (Indonesian), never a traceback."""

from __future__ import annotations

from dataclasses import dataclass


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
