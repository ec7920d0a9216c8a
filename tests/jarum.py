"""Needle generator for the leak test (issue 9): a raw year full of traceable personal data.

Starting from the minimal valid base year ``tests/data/buruk/_dasar/`` (two active KKB, every
raw file), :func:`tanam` writes a copy in which unique, made-up personal data ("needles") is
planted everywhere a raw file can carry it:

- every column of every raw file (all layout columns, also those the base file lacks) gets one
  row with a name-like needle and one row with an identifier-like needle; identifier columns get
  one row per way a NIK / No. KK is mangled in practice (spaces, dots, dashes, a leading
  apostrophe, an Excel float ``3.6720512345678E+15``, padding blanks). A column that publishes
  its free text by design (``Column.published_free_text``) gets identifier-like needles only;
- each planted row is otherwise a valid copy of a base row with fresh keys (and, where the file
  needs one, a fresh parent: a family, a wife, an inactive KKB), so its needle is its only
  anomaly and can take every path: kept, flagged and set missing, or quarantined. Its personal
  columns carry fresh needles too (NIK, No. KK, names, addresses);
- the rows of the active KKB carry needles in place in the columns that may be kept as text,
  so that they reach the reports;
- shifted rows in every CSV file: a row with one field missing, a stray delimiter inside a name,
  a bare carriage return inside a name, an unbalanced quote inside a name;
- two unknown extra columns whose headers are a name and a NIK (with needle values);
- one file (``pk_anggota``) as XLSX, with a NIK and a No. KK stored as numeric cells.

:func:`tanam_fatal` writes a year whose required headers were replaced by personal text (the
file is unusable: the stop message must not repeat it).

Every needle is registered with where it was planted (:class:`Daftar`), so a hit names the file,
column, row and scenario. Names are two made-up words (``Zulbakedar Qorbakedesh``) whose every
word is unique; identifiers are unique 16-digit numbers (18 digits for a NIP).
"""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from kkb_analysis.pipeline import SOURCES
from kkb_analysis.schema import Column, FileSpec

DASAR = Path(__file__).parent / "data" / "buruk" / "_dasar"
TAHUN = 2023
SPECS: dict[str, FileSpec] = {m.SPEC.base: m.SPEC for m in SOURCES}
XLSX = "pk_anggota"  # the raw file written as a workbook
KKB_AKTIF = "KKB-3672051004-01"  # the base KKB the planted rows belong to

_SUKU = ("ba", "ke", "di", "go", "lu", "ma", "ne", "pi", "ro", "su", "ta", "vu", "wi", "xo")
#: Ways an identifier is written (or mangled) in raw files.
VARIAN_ID = ("polos", "spasi", "titik", "strip", "apostrof", "float", "bantalan")
#: Columns whose text may be kept: in the rows of the active KKB they carry needles in place.
DI_TEMPAT = {
    "kkb": ("nama_kkb", "nomor_sk"),
    "kkb_profil": ("pokja_pelatihan_ket", "pkb_nama", "pkb_nip"),
}
_TEMPAT = "#"  # placeholder for a record number not known yet
#: Valid values for typed columns the base rows leave empty: the copies of a base row must
#: outnumber the planted bad values, or the engine would (rightly) call the column broken.
ISIAN = {
    "kkb": {"kriteria_2_miskin_tinggi": "tidak", "kriteria_4_lainnya": "tidak"},
    "eppgbm": {
        "LiLA": "14,5",
        "ZS BB/U": "0,1",
        "ZS TB/U": "0,2",
        "ZS BB/TB": "0,3",
        "PMT Diterima (kg)": "0",
        "Jml Vit A": "1",
    },
}
#: The column of a file into which the shifted-row scenarios put a name (else: first personal
#: name column, else the first text column).
KOLOM_GESER = {"eppgbm": "Nama Ortu", "kkb_profil": "pkb_nama"}


def diterbitkan(col: Column) -> bool:
    """Whether ``col`` publishes its free text by design (name needles would be expected)."""
    return bool(getattr(col, "published_free_text", False))


@dataclass(frozen=True)
class Jarum:
    """One planted needle: its text as written, its kind and where it was planted."""

    teks: str
    jenis: str  # "nama" or "id"
    kunci: tuple[str, ...]  # the upper-case words of a name, or the digits of an identifier
    asal: str


@dataclass
class Daftar:
    """The register of needles: deterministic, every needle unique."""

    seed: int = 9
    jarum: list[Jarum] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._n = 0
        self._awalan: set[str] = set()

    def nama(self, asal: str, huruf_besar: bool = False) -> str:
        """A new made-up two-word personal name, e.g. ``Zulbakedar Qorbakedesh``."""
        i = self._n
        self._n += 1
        k = len(_SUKU)
        sandi = _SUKU[i // (k * k) % k] + _SUKU[i // k % k] + _SUKU[i % k]
        depan, belakang = f"Zul{sandi}ar", f"Qor{sandi}esh"
        teks = f"{depan} {belakang}"
        teks = teks.upper() if huruf_besar else teks
        self.jarum.append(Jarum(teks, "nama", (depan.upper(), belakang.upper()), asal))
        return teks

    def nomor(self, asal: str, varian: str = "polos", digit: int = 16) -> str:
        """A new NIK/No. KK-like number (``digit`` long) written in the way ``varian``."""
        r = self._rng.randrange
        while True:  # a valid NIK/No. KK: 36 72 kecamatan, DDMMYY, sequence (NIP: 18 digits)
            tanggal = f"{r(1, 29):02d}{r(1, 13):02d}{r(100):02d}"
            angka = f"3672{r(1, 9):02d}{tanggal}{r(1, 10 ** (digit - 12)):0{digit - 12}d}"
            if angka[:13] not in self._awalan:
                break
        self._awalan.add(angka[:13])
        self.jarum.append(Jarum(angka, "id", (angka,), asal))
        return tulis_nomor(angka, varian)

    def cari_nomor(self, angka: str) -> Jarum | None:
        """The needle whose digits are ``angka`` (or start with it, 13 digits or more)."""
        for j in self.jarum:
            if j.jenis == "id" and len(angka) >= 13 and j.kunci[0].startswith(angka):
                return j
        return None


def tulis_nomor(angka: str, varian: str) -> str:
    """``angka`` as a raw file may hold it."""
    grup = " ".join(angka[i : i + 4] for i in range(0, len(angka), 4))
    return {
        "polos": angka,
        "spasi": grup,
        "titik": grup.replace(" ", "."),
        "strip": grup.replace(" ", "-"),
        "apostrof": "'" + angka,
        "float": f"{angka[0]}.{angka[1:14]}E+{len(angka) - 1}",
        "bantalan": f"  {angka} ",
    }[varian]


# ------------------------------------------------------------------------------------ files
@dataclass
class Berkas:
    """One raw file being planted: header and rows (lists of text) plus raw extra lines."""

    spec: FileSpec
    kepala: list[str]
    baris: list[list[str]]
    mentah: list[str] = field(default_factory=list)  # structural lines, written as they are

    @property
    def nama(self) -> str:
        return f"{self.spec.base}.{'xlsx' if self.spec.base == XLSX else 'csv'}"

    def indeks(self, kolom: str) -> int:
        low = [h.strip().lower() for h in self.kepala]
        return low.index(kolom.lower())

    def templat(self, i: int = 0) -> list[str]:
        return list(self.baris[i])

    def set(self, row: list[str], kolom: str, nilai: str) -> None:
        row[self.indeks(kolom)] = nilai

    def get(self, row: list[str], kolom: str) -> str:
        return row[self.indeks(kolom)]

    def tambah(self, row: list[str]) -> int:
        """Append ``row``; returns its source record number (header = 1)."""
        self.baris.append(row)
        return len(self.baris) + 1


def _baca_dasar(base: str) -> Berkas:
    spec = SPECS[base]
    path = DASAR / f"{base}.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=spec.delimiter))
    kepala, baris = rows[0], [r for r in rows[1:] if r]
    have = {h.strip().lower() for h in kepala}
    for col in spec.columns:  # every layout column, also the optional ones the base lacks
        if col.name.lower() not in have:
            kepala.append(col.name)
            for r in baris:
                r.append("")
    b = Berkas(spec, kepala, baris)
    for name, value in ISIAN.get(base, {}).items():
        for r in baris:
            if not b.get(r, name).strip():
                b.set(r, name, value)
    return b


class Penanam:
    """Plants the needles into the ten raw files of one year."""

    def __init__(self, daftar: Daftar | None = None) -> None:
        self.d = daftar or Daftar()
        self.f = {base: _baca_dasar(base) for base in SPECS}
        self._n = 0

    # ------------------------------------------------------------------ fresh rows
    def _nomor_baru(self) -> int:
        self._n += 1
        return self._n

    def _isi_pribadi(self, b: Berkas, row: list[str], asal: str) -> None:
        """Fresh needles in every personal column of ``row`` (dates stay valid)."""
        for col in b.spec.columns:
            if col.personal and col.kind != "date":
                self._isi_pribadi_satu(b, row, col, asal)

    def _kkb_pendukung(self, asal: str) -> str:
        """A clean inactive KKB to hang a planted profile/monthly row on."""
        k = self.f["kkb"]
        row = k.templat(0)
        n = self._nomor_baru()
        kkb_id = f"KKB-JARUM-{n:04d}"
        k.set(row, "kkb_id", kkb_id)
        k.set(row, "nama_kkb", f"Kampung KB Pendukung {n}")
        k.set(row, "status_aktif", "tidak")
        k.tambah(row)
        return kkb_id

    def _keluarga(self, asal: str) -> str:
        """A clean family in the active KKB; returns its No. KK (a needle)."""
        k = self.f["pk_keluarga"]
        row = k.templat(0)
        no_kk = self.d.nomor(f"{asal}; No. KK keluarga pendukung")
        k.set(row, "no_kk", no_kk)
        k.tambah(row)
        return no_kk

    def _istri(self, no_kk: str, asal: str) -> None:
        a = self.f["pk_anggota"]
        row = a.templat(1)  # the base wife (no_urut 2, P, hubungan 2)
        self._isi_pribadi(a, row, f"{asal}; istri pendukung")
        a.set(row, "no_kk", no_kk)
        a.tambah(row)

    def baris_baru(
        self, base: str, keterangan: str, tempat: str | None = None
    ) -> tuple[list[str], str]:
        """A valid row of ``base`` with fresh keys and parents and needles in personal columns.

        Returns the row (not yet appended) and its origin text ``<file> <tempat> <keterangan>``
        (``tempat`` by default ``baris <n>``, the record number it gets when appended next).
        """
        b = self.f[base]
        n = self._nomor_baru()
        induk = f"{b.nama} {keterangan}"
        no_kk = self._keluarga(induk) if base in ("pk_anggota", "pk_kb") else ""
        if no_kk:
            self._istri(no_kk, induk)
        asal = f"{b.nama} {tempat or f'baris {len(b.baris) + 2}'} {keterangan}"
        row = b.templat(2 if base == "pk_anggota" else 0)
        if base == "kkb":
            b.set(row, "kkb_id", f"KKB-JARUM-{n:04d}")
            b.set(row, "nama_kkb", f"Kampung KB Tanam {n}")
            b.set(row, "status_aktif", "tidak")
        elif base in ("kkb_profil", "kkb_kkbpk"):
            b.set(row, "kkb_id", self._kkb_pendukung(asal))
        elif base == "kkb_intervensi":
            b.set(row, "intervensi_id", f"INT-JARUM-{n:04d}")
        elif base == "kkb_umkm":
            b.set(row, "umkm_id", f"UMKM-JARUM-{n:04d}")
        elif base == "pk_anggota":  # a child (no_urut_ibu 2) of a fresh family with a wife
            b.set(row, "no_urut", "3")
        for col in b.spec.columns:
            if col.personal and col.kind != "date" and not (no_kk and col.name == "no_kk"):
                self._isi_pribadi_satu(b, row, col, asal)
        if no_kk:
            b.set(row, "no_kk", no_kk)
        return row, asal

    def _isi_pribadi_satu(self, b: Berkas, row: list[str], col: Column, asal: str) -> None:
        """A fresh needle in the personal column ``col`` of ``row``."""
        waktu = f"{asal}; kolom pribadi {col.name!r}"
        if col.kind == "id":
            b.set(row, col.name, self.d.nomor(waktu))
        elif col.name == "pkb_nip":
            b.set(row, col.name, self.d.nomor(waktu, digit=18))
        else:
            b.set(row, col.name, self.d.nama(waktu))

    # ------------------------------------------------------------------ scenarios
    def tanam_kolom(self) -> None:
        """Every column of every file: a name needle, and identifier needles."""
        for base, b in self.f.items():
            for ci, col in enumerate(b.spec.columns):
                jenis: list[tuple[str, str]] = []
                if not diterbitkan(col):
                    jenis.append(("nama", "judul" if ci % 2 else "besar"))
                varian = VARIAN_ID if col.kind == "id" else (VARIAN_ID[ci % len(VARIAN_ID)],)
                jenis += [("id", v) for v in varian]
                for j, v in jenis:
                    row, asal = self.baris_baru(base, f"kolom {col.name!r} ({j} {v})")
                    if j == "nama":
                        nilai = self.d.nama(asal, huruf_besar=v == "besar")
                    else:
                        nilai = self.d.nomor(asal, v, digit=18 if col.name == "pkb_nip" else 16)
                    b.set(row, col.name, nilai)
                    b.tambah(row)

    def tanam_di_tempat(self) -> None:
        """Needles in place in the rows of the active KKB, in columns that may stay text."""
        for base, kolom in DI_TEMPAT.items():
            b = self.f[base]
            for i, row in enumerate(b.baris[:2]):
                for name in kolom:
                    col = b.spec.column(name)
                    asal = f"{b.nama} baris {i + 2} kolom {name!r} (di tempat, KKB aktif)"
                    if i == 0 and not diterbitkan(col):
                        nilai = self.d.nama(asal)
                    else:
                        nilai = self.d.nomor(asal, digit=18 if name == "pkb_nip" else 16)
                    if name == "nama_kkb":
                        nilai = f"Kampung KB {nilai}"
                    b.set(row, name, nilai)

    def tanam_judul(self) -> None:
        """Two unknown extra columns per file, headed by a name and by a NIK, with needles."""
        for b in self.f.values():
            for jenis in ("nama", "id"):
                asal = f"{b.nama} judul kolom tambahan ({jenis})"
                kepala = self.d.nama(asal) if jenis == "nama" else self.d.nomor(asal)
                b.kepala.append(kepala)
                for r in b.baris:
                    r.append("")
            for k, jenis in enumerate(("nama", "id")):
                row, asal = self.baris_baru(b.spec.base, f"kolom tambahan ke-{k + 1} ({jenis})")
                nilai = self.d.nama(asal) if jenis == "nama" else self.d.nomor(asal)
                row[len(row) - 2 + k] = nilai
                b.tambah(row)

    def _kolom_nama(self, b: Berkas) -> str:
        """Where a shifted-row scenario writes its name: a personal name column, else a text
        column, else a text column that is no key, else the last column."""
        if b.spec.base in KOLOM_GESER:
            return KOLOM_GESER[b.spec.base]
        cols = b.spec.columns
        for ok in (
            lambda c: c.personal and c.kind in ("str", "text"),
            lambda c: c.kind == "text",
            lambda c: c.kind == "str" and not c.name.endswith("_id"),
        ):
            found = [c.name for c in cols if ok(c)]
            if found:
                return found[0]
        return cols[-1].name

    def tanam_geser(self) -> None:
        """Shifted rows in every CSV file (written raw, after the regular rows)."""
        for b in self.f.values():
            if b.spec.base == XLSX:
                continue
            delim = b.spec.delimiter
            kolom = self._kolom_nama(b)
            for skenario in ("kurang", "pemisah", "cr", "kutip"):
                tempat = f"rekaman {_TEMPAT}{len(b.mentah)}"  # numbered by tulis()
                keterangan = f"(geser: {skenario}, kolom {kolom!r})"
                row, asal = self.baris_baru(b.spec.base, keterangan, tempat)
                nama = self.d.nama(asal)
                depan, belakang = nama.split(" ")
                if skenario == "kurang":
                    b.set(row, kolom, nama)
                    del row[1]
                elif skenario == "pemisah":
                    b.set(row, kolom, f"{depan}{delim} {belakang}")
                elif skenario == "cr":
                    b.set(row, kolom, f"{depan}\r{belakang}")
                else:
                    b.set(row, kolom, f'{depan} "{belakang}')
                b.mentah.append(delim.join(row))

    def tanam_semua(self) -> None:
        self.tanam_di_tempat()
        self.tanam_kolom()
        self.tanam_judul()
        self.tanam_geser()

    # ------------------------------------------------------------------ writing
    def tulis(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for b in self.f.values():
            if b.spec.base == XLSX:
                _tulis_xlsx(b, folder / b.nama, self.d)
                continue
            buf = io.StringIO()
            w = csv.writer(buf, delimiter=b.spec.delimiter, lineterminator="\n")
            w.writerow(b.kepala)
            w.writerows(b.baris)
            teks = buf.getvalue() + "".join(line + "\n" for line in b.mentah)
            (folder / b.nama).write_text(teks, encoding="utf-8")
            self._nomori_geser(b)

    def _nomori_geser(self, b: Berkas) -> None:
        """Put the record numbers of the shifted rows into their needles' origin."""
        nomor = len(b.baris) + 2  # the first record after the regular rows
        ganti = {}
        for i, line in enumerate(b.mentah):
            ganti[f"{b.nama} rekaman {_TEMPAT}{i} "] = f"{b.nama} rekaman {nomor} "
            nomor += 1 + line.count("\r")  # a bare CR ends a record for the CSV reader
        for k, j in enumerate(self.d.jarum):
            for lama, baru in ganti.items():
                if j.asal.startswith(lama):
                    self.d.jarum[k] = replace(j, asal=j.asal.replace(lama, baru, 1))


def _tulis_xlsx(b: Berkas, path: Path, d: Daftar) -> None:
    """The file as a workbook; two more rows hold a NIK and a No. KK as numeric cells."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(b.kepala)
    for r in b.baris:
        ws.append(r)
    for kolom in ("nik", "no_kk"):
        nomor = ws.max_row + 1
        asal = f"{b.nama} baris {nomor} kolom {kolom!r} (sel angka XLSX)"
        row = b.templat(2)
        for col in b.spec.columns:
            if col.personal and col.kind != "date":
                if col.kind == "id":
                    row[b.indeks(col.name)] = d.nomor(f"{asal}; kolom pribadi {col.name}")
                else:
                    row[b.indeks(col.name)] = d.nama(f"{asal}; kolom pribadi {col.name}")
        cells: list[object] = list(row)
        cells[b.indeks(kolom)] = int(d.nomor(asal))
        ws.append(cells)
    wb.save(path)


def tanam(folder: Path, daftar: Daftar | None = None) -> Daftar:
    """Write the planted raw year into ``folder``; returns the register of needles."""
    p = Penanam(daftar)
    p.tanam_semua()
    p.tulis(folder)
    return p.d


def tanam_fatal(folder: Path, daftar: Daftar) -> None:
    """The clean base year with required headers replaced by personal text (file unusable)."""
    shutil.copytree(DASAR, folder)
    for base, kolom in (("pk_anggota", "no_kk"), ("eppgbm", "Tgl Lahir")):
        path = folder / f"{base}.csv"
        lines = path.read_text(encoding="utf-8").split("\n")
        delim = SPECS[base].delimiter
        kepala = lines[0].split(delim)
        i = [h.lower() for h in kepala].index(kolom.lower())
        asal = f"{base}.csv judul kolom wajib {kolom!r} diganti teks pribadi"
        kepala[i] = f"{daftar.nama(asal)} {daftar.nomor(asal)}"
        lines[0] = delim.join(kepala)
        path.write_text("\n".join(lines), encoding="utf-8")


def kelompok(asal: str) -> str:
    """The planting a needle's origin belongs to: file and column (or scenario), for summaries.

    ``pk_anggota.xlsx kolom 'nik'`` (a needle planted in that column),
    ``pk_anggota.xlsx pribadi 'nama'`` (a personal value of a planted row),
    ``eppgbm.csv geser: cr``, ``kkb.csv judul kolom tambahan``, ``kkb.csv isi kolom tambahan``.
    """
    berkas = asal.split(" ", 1)[0]
    if "; kolom pribadi " in asal:
        return f"{berkas} pribadi {asal.rsplit('; kolom pribadi ', 1)[1]}"
    if "; NIP " in asal or "; istri pendukung" in asal or "keluarga pendukung" in asal:
        return f"{berkas} pribadi (baris pendukung)"
    for pola, nama in (
        (r"\(geser: (\w+)", "geser: {}"),
        (r"judul kolom tambahan", "judul kolom tambahan"),
        (r"kolom tambahan ke-", "isi kolom tambahan"),
        (r"judul kolom wajib '([^']+)'", "judul kolom wajib {}"),
        (r"kolom '([^']+)'", "kolom '{}'"),
    ):
        m = re.search(pola, asal)
        if m:
            return f"{berkas} {nama.format(*m.groups())}"
    return asal
