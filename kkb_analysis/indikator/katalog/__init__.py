"""The indicator catalogue: one declarative entry per published indicator (issue 10).

The catalogue is the single home of what an ``out_*`` column *means*: its Indonesian label and
short label, unit and decimals, direction, numerator and denominator, data source (and so
whether the source is a full enumeration or a measured/administrative subset), period, target
keys, methodology anchor and the lists that reports and the workbook use. It is data, in the
YAML files of this folder:

- ``<domain>.yaml`` (``kependudukan``, ``kb``, ``krs`` …): ``bawaan`` (defaults for every entry
  of the file) and ``indikator`` (the entries). An entry may be a *family*: ``ulang`` maps a
  loop variable to ``{value: label}``; ``{var}`` and ``{var_label}`` in the column name and the
  texts are replaced for each value (several variables give their product).
- ``sumber.yaml``: the data sources (printed label, full name, kind of coverage, period).
- ``teknis.yaml``: every other published column (identifiers, codes, counts used only as
  numerators, confidence bounds …), by name or ``fnmatch`` pattern, with an Indonesian line
  (one line shared by a list of columns, or ``kolom: {name: line}`` for one line each) and, for
  a text column, ``jenis`` (:data:`JENIS_TEKS`: code or raw data value).

Labels may reference settings: ``Remaja ({umur.remaja} tahun)`` renders the list setting
``umur.remaja`` as ``10–24`` with the settings in force (:func:`isi_label`).

Everything is validated once at load (:func:`muat`): an unknown field, a missing required
field, an unknown setting in a label, an unknown list, source or unit, a duplicate column or
list position, and a column that no computation produces (an entry, numerator, denominator or
technical declaration not in ``referensi/skema_keluaran.yaml``) raise :class:`KatalogError`
naming the file and the entry.
"""

from __future__ import annotations

import fnmatch
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kkb_analysis.config import (
    DEFAULT_SETTINGS_FILE,
    baca_yaml_berkas,
    load_reference,
    pengaturan_bawaan,
)
from kkb_analysis.nilai import angka

__all__ = [
    "ARAH",
    "CAKUPAN",
    "DAFTAR",
    "JENIS_BERLAKU",
    "JENIS_TEKS",
    "KATALOG_DIR",
    "SATUAN",
    "Entri",
    "Katalog",
    "KatalogError",
    "Sumber",
    "Teknis",
    "atau_bawaan",
    "isi_label",
    "katalog",
    "muat",
    "tunda_pemeriksaan_skema",
]

KATALOG_DIR = Path(__file__).resolve().parent

#: Domain files in catalogue order (the order of the generated documentation).
DOMAIN = (
    "kependudukan",
    "kb",
    "krs",
    "ibangga",
    "kesejahteraan",
    "stunting",
    "kkbpk",
    "klasifikasi",
    "konvergensi",
    "umkm",
    "kelengkapan",
    "tabel_panjang",
)

#: Direction: which way is better (used by comparisons, issues and heat maps).
ARAH = {
    "naik_baik": "lebih tinggi lebih baik",
    "turun_baik": "lebih rendah lebih baik",
    "netral": "netral",
}

#: Kinds of coverage of a data source.
CAKUPAN = {
    "pencacahan_lengkap": "pencacahan lengkap (semua keluarga didata)",
    "subset_terukur": "subset terukur (hanya yang datang/diukur)",
    "administratif": "data administratif (laporan/portal)",
    "turunan": "turunan dari beberapa berkas",
}

#: Units: code → Indonesian description (docs, workbook).
SATUAN = {
    "persen": "persen (0–100)",
    "indeks": "indeks",
    "skor": "skor klasifikasi",
    "rasio": "rasio",
    "tahun": "tahun",
    "orang": "orang",
    "keluarga": "keluarga",
    "umkm": "UMKM",
    "intervensi": "intervensi",
    "jumlah": "jumlah",
    "kode": "kode (teks)",
}

#: The lists that reports and the workbook read from the catalogue: name → who uses it.
DAFTAR = {
    "perubahan": "indikator out_perubahan (perbandingan dengan tahun lalu; indikator/perubahan.py)",
    "laporan": "indikator utama laporan per KKB: perbandingan dan isu utama (laporan/narasi.py)",
    "utama": "SATU daftar indikator utama: tabel profil KKB dua halaman (laporan/profil.py), "
    "tabel ringkasan eksekutif laporan (laporan/dasar.py, laporan/bagian_ringkas.py), peta panas "
    "rekap kota (laporan/rekap.py) dan lembar 'Indikator utama' buku kerja (laporan/lembar.py)",
    "pesan": "indikator pesan kunci rekap kota (laporan/rekap.py)",
    "perubahan_kkb": "baris tabel perubahan ringkasan eksekutif (laporan/bagian_profil.py)",
}

#: Kinds of areas whose rows carry the indicator → the area types (``jenis_wilayah``) that
#: carry it (None: every type).
JENIS_BERLAKU: dict[str, tuple[str, ...] | None] = {
    "semua": None,
    "kkb_kota": ("kkb", "kota"),
    "kkb": ("kkb",),
}

#: Kinds of areas whose rows carry the indicator → comparator areas of the report.
WILAYAH = {
    "semua": ("kelurahan", "kota"),
    "kkb_kota": ("kota",),
    "kkb": (),
}

_WAJIB = (
    "kolom",
    "tabel",
    "label",
    "satuan",
    "desimal",
    "arah",
    "sumber",
    "wilayah",
    "keterangan",
    "metodologi",
)
_OPSIONAL = (
    "label_pendek",
    "pembilang",
    "penyebut",
    "periode",
    "target",
    "daftar",
    "isu",
    "kelompok_isu",
    "ulang",
)
_BAWAAN = {"tabel", "satuan", "desimal", "arah", "sumber", "wilayah", "metodologi", "periode"}
_TEKS = ("kolom", "label", "label_pendek", "keterangan", "pembilang", "penyebut", "periode")
_RUJUKAN = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")
_METODOLOGI = re.compile(r"^§\d+(\.\d+)?$")


class KatalogError(ValueError):
    """The catalogue is invalid (Indonesian message naming the file and the entry)."""


@dataclass(frozen=True)
class Sumber:
    """A data source."""

    kode: str
    label: str  # printed in parentheses after an indicator label ("" = none)
    nama: str
    cakupan: str
    periode: str


@dataclass(frozen=True)
class Entri:
    """One catalogued column (a family is expanded into one entry per column)."""

    kolom: str
    tabel: str
    label: str
    satuan: str
    desimal: int
    arah: str
    sumber: Sumber
    wilayah: str
    keterangan: str
    metodologi: str
    domain: str
    label_pendek: str = ""
    pembilang: str | None = None
    penyebut: str | None = None
    periode: str = ""
    target: tuple[str, ...] = ()
    daftar: Mapping[str, int] = field(default_factory=dict)
    isu: bool = True
    kelompok_isu: str = ""

    def judul(self, pengaturan: Mapping[str, Any] | None = None) -> str:
        """The label with the settings in force."""
        return isi_label(self.label, pengaturan)

    def judul_pendek(self, pengaturan: Mapping[str, Any] | None = None) -> str:
        """The short label (the label when none is declared) with the settings in force."""
        return isi_label(self.label_pendek or self.label, pengaturan)

    def uraian(self, pengaturan: Mapping[str, Any] | None = None) -> str:
        """The description with the settings in force."""
        return isi_label(self.keterangan, pengaturan)

    @property
    def pembanding(self) -> tuple[str, ...]:
        """Comparator area types of the report (from the rows that carry the indicator)."""
        return WILAYAH[self.wilayah]


#: Kinds of text a technical column may hold (``jenis`` in teknis.yaml). Tables hold numbers and
#: codes only: ``kode`` (an identifier, code or category value) and ``data`` (a value published
#: as found in the raw data, e.g. a product name); ``label`` (a display label from a reference
#: list) and ``teks`` (a sentence) are declared only for the few columns not yet moved to the
#: report layer (tests/indikator/test_teks_keluaran.py pins that list).
JENIS_TEKS = ("kode", "data", "label", "teks")


@dataclass(frozen=True)
class Teknis:
    """A published column that is not an indicator: name or pattern, Indonesian line, and for a
    text column the kind of text it holds (:data:`JENIS_TEKS`; "" = not a text column)."""

    tabel: str
    pola: str
    keterangan: str
    jenis: str = ""

    def cocok(self, tabel: str, kolom: str) -> bool:
        return _cocok_nama(self.tabel, tabel) and _cocok_nama(self.pola, kolom)


@dataclass
class Katalog:
    """The loaded catalogue."""

    entri: dict[tuple[str, str], Entri]
    teknis: list[Teknis]
    sumber: dict[str, Sumber]

    def __contains__(self, kunci: object) -> bool:
        if isinstance(kunci, str):
            kunci = ("out_wilayah", kunci)
        return kunci in self.entri

    def get(self, kolom: str, tabel: str = "out_wilayah") -> Entri:
        """The entry of ``tabel.kolom``; :class:`KeyError` when it is not catalogued."""
        return self.entri[(tabel, kolom)]

    def daftar(self, nama: str) -> list[Entri]:
        """Members of a list (:data:`DAFTAR`), in their declared order."""
        if nama not in DAFTAR:
            raise KeyError(f"daftar tidak dikenal: {nama}")
        anggota = [e for e in self.entri.values() if nama in e.daftar]
        return sorted(anggota, key=lambda e: e.daftar[nama])

    def kolom_daftar(self, nama: str) -> list[str]:
        return [e.kolom for e in self.daftar(nama)]

    def _teknis_tabel(self, tabel: str) -> list[Teknis]:
        """The technical declarations whose table (name or pattern) matches ``tabel``, in file
        order; computed once per table (every column of a table asks)."""
        simpan = self.__dict__.setdefault("_per_tabel", {})
        if tabel not in simpan:
            simpan[tabel] = [t for t in self.teknis if _cocok_nama(t.tabel, tabel)]
        return simpan[tabel]

    def teknis_untuk(self, tabel: str, kolom: str) -> Teknis | None:
        """The most specific technical declaration matching ``tabel.kolom``: an exact column
        name before a pattern, then an exact table name before a pattern, then file order."""
        cocok = [t for t in self._teknis_tabel(tabel) if _cocok_nama(t.pola, kolom)]
        cocok.sort(key=lambda t: (_pola(t.pola), _pola(t.tabel)))
        return cocok[0] if cocok else None

    def keterangan(
        self,
        tabel: str,
        kolom: str,
        pengaturan: Mapping[str, Any] | None = None,
        rumus: bool = True,
    ) -> str | None:
        """Indonesian description of a published column, or ``None`` when undeclared.

        ``rumus``: append the formula in column names ("Rumus: n_krs / n_keluarga_sasaran"),
        for technical readers only; readers' texts pass False."""
        e = self.entri.get((tabel, kolom))
        if e is not None:
            teks = f"{e.judul(pengaturan)}: {e.uraian(pengaturan)}"
            if rumus and e.pembilang and e.penyebut:
                kali = " × 100" if e.satuan == "persen" else ""
                teks += f" Rumus: {e.pembilang} / {e.penyebut}{kali}."
            return teks
        t = self.teknis_untuk(tabel, kolom)
        return None if t is None else t.keterangan

    def tidak_tercakup(self, skema: Mapping[str, list[str]]) -> list[tuple[str, str]]:
        """Published columns that are neither catalogued nor declared technical."""
        return [
            (tabel, kolom)
            for tabel, kolom_list in skema.items()
            for kolom in kolom_list
            if (tabel, kolom) not in self.entri and self.teknis_untuk(tabel, kolom) is None
        ]


def _pola(nama: str) -> bool:
    """``nama`` is an ``fnmatch`` pattern, not a plain name."""
    return any(c in nama for c in "*?[")


@cache
def _pola_regex(pola: str) -> re.Pattern[str] | None:
    """The compiled ``fnmatch`` pattern (None for a plain name, compared as a string)."""
    return re.compile(fnmatch.translate(pola)) if _pola(pola) else None


def _cocok_nama(pola: str, nama: str) -> bool:
    """``fnmatch.fnmatchcase(nama, pola)``, with the pattern compiled once (the catalogue's
    check of every computed column against every declaration: 0.56 → 0.05 s per process)."""
    rx = _pola_regex(pola)
    return nama == pola if rx is None else rx.match(nama) is not None


# ------------------------------------------------------------------------------- templates
def _nilai_pengaturan(pengaturan: Mapping[str, Any], jalur: str) -> Any:
    node: Any = pengaturan
    for bagian in jalur.split("."):
        if not isinstance(node, Mapping) or bagian not in node:
            raise KeyError(jalur)
        node = node[bagian]
    return node


def _teks_nilai(v: Any) -> str:
    """A setting as printed in a label: a pair as a range ``10–24``, a list comma-joined."""
    if isinstance(v, list | tuple):
        if len(v) == 2 and all(isinstance(x, int | float) for x in v):
            return f"{_teks_nilai(v[0])}–{_teks_nilai(v[1])}"
        return ", ".join(_teks_nilai(x) for x in v)
    if isinstance(v, float):  # as many decimals as the setting has: 0.5 → "0,5", 2.0 → "2"
        return angka(v, max(0, -int(Decimal(repr(v)).normalize().as_tuple().exponent)))
    return str(v)


def atau_bawaan(pengaturan: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """``pengaturan``, or the package default settings when it is ``None``."""
    return pengaturan_bawaan() if pengaturan is None else pengaturan


def isi_label(templat: str, pengaturan: Mapping[str, Any] | None = None) -> str:
    """Replace every ``{section.key}`` of ``templat`` by the setting in force.

    ``pengaturan`` defaults to the package defaults (also for a key a partial mapping lacks).
    A reference to an unknown setting raises :class:`KeyError` (the loader rejects such a label
    before any report runs).
    """
    bawaan = pengaturan_bawaan()

    def ganti(m: re.Match[str]) -> str:
        jalur = m.group(1)
        if pengaturan is not None:
            try:
                return _teks_nilai(_nilai_pengaturan(pengaturan, jalur))
            except KeyError:
                pass  # a partial settings mapping: the default of that key
        return _teks_nilai(_nilai_pengaturan(bawaan, jalur))

    return _RUJUKAN.sub(ganti, templat)


# ---------------------------------------------------------------------------------- loading
def _baca_yaml(path: Path) -> Any:
    try:
        return baca_yaml_berkas(path)
    except (OSError, yaml.YAMLError) as exc:
        raise KatalogError(f"Katalog {path.name} tidak terbaca: {exc}") from exc


def _muat_sumber(path: Path) -> dict[str, Sumber]:
    data = _baca_yaml(path) or {}
    hasil = {}
    for kode, isi in data.items():
        lokasi = f"{path.name}, sumber '{kode}'"
        if not isinstance(isi, dict):
            raise KatalogError(f"{lokasi}: harus berupa pemetaan")
        kurang = {"label", "nama", "cakupan", "periode"} - set(isi)
        lebih = set(isi) - {"label", "nama", "cakupan", "periode"}
        if kurang or lebih:
            raise KatalogError(
                f"{lokasi}: medan wajib tidak ada {sorted(kurang)} / tidak dikenal {sorted(lebih)}"
            )
        if isi["cakupan"] not in CAKUPAN:
            raise KatalogError(
                f"{lokasi}: cakupan '{isi['cakupan']}' tidak dikenal; pilih salah satu dari "
                f"{', '.join(CAKUPAN)}"
            )
        hasil[kode] = Sumber(
            kode, str(isi["label"]), str(isi["nama"]), isi["cakupan"], isi["periode"]
        )
    return hasil


def _ganti(teks: Any, nilai: dict[str, str]) -> Any:
    if not isinstance(teks, str):
        return teks
    return _RUJUKAN.sub(lambda m: nilai.get(m.group(1), m.group(0)), teks)


def _uraikan(isi: dict[str, Any], lokasi: str) -> list[dict[str, Any]]:
    """Expand a family (``ulang``) into one raw entry per column."""
    ulang = isi.pop("ulang", None)
    if ulang is None:
        return [isi]
    if (
        not isinstance(ulang, dict)
        or not ulang
        or not all(isinstance(v, dict) and v for v in ulang.values())
    ):
        raise KatalogError(f"{lokasi}: 'ulang' harus memetakan variabel ke {{nilai: label}}")
    for var, nilai in ulang.items():
        bukan_teks = [k for k in nilai if not isinstance(k, str)]
        if bukan_teks:
            raise KatalogError(
                f"{lokasi}: nilai 'ulang' {var} {bukan_teks} bukan teks; beri tanda kutip "
                '(YAML membaca 10_14 sebagai angka 1014), mis. "10_14"'
            )
    nama = list(ulang)
    hasil = []
    for kombinasi in itertools.product(*(list(ulang[n].items()) for n in nama)):
        ganti: dict[str, str] = {}
        for n, (kunci, label) in zip(nama, kombinasi, strict=True):
            ganti[n], ganti[f"{n}_label"] = str(kunci), str(label)
        hasil.append({k: _ganti(v, ganti) for k, v in isi.items()})
    return hasil


def _periksa_rujukan(teks: str, lokasi: str, medan: str) -> None:
    for m in _RUJUKAN.finditer(teks):
        jalur = m.group(1)
        if "." not in jalur:
            raise KatalogError(
                f"{lokasi}: {medan} memakai '{{{jalur}}}', yang bukan variabel 'ulang' dan bukan "
                "kunci pengaturan (bentuk 'bagian.kunci', mis. {umur.remaja})"
            )
        try:
            _nilai_pengaturan(pengaturan_bawaan(), jalur)
        except KeyError:
            raise KatalogError(
                f"{lokasi}: {medan} merujuk pengaturan '{jalur}' yang tidak ada di "
                f"{DEFAULT_SETTINGS_FILE.name}"
            ) from None


def _entri(isi: dict[str, Any], lokasi: str, domain: str, sumber: dict[str, Sumber]) -> Entri:
    kurang = [k for k in _WAJIB if k not in isi or isi[k] is None]
    if kurang:
        raise KatalogError(f"{lokasi}: medan wajib tidak ada: {', '.join(kurang)}")
    for medan in _TEKS:
        if medan in isi and isi[medan] is not None and not isinstance(isi[medan], str):
            raise KatalogError(f"{lokasi}: {medan} harus berupa teks")
    for medan in ("label", "label_pendek", "keterangan", "periode"):
        if isinstance(isi.get(medan), str):
            _periksa_rujukan(isi[medan], lokasi, medan)
    for medan in ("kolom", "pembilang", "penyebut"):
        if isinstance(isi.get(medan), str) and _RUJUKAN.search(isi[medan]):
            raise KatalogError(f"{lokasi}: {medan} '{isi[medan]}' memakai variabel yang tidak ada")
    if isi["satuan"] not in SATUAN:
        raise KatalogError(
            f"{lokasi}: satuan '{isi['satuan']}' tidak dikenal; pilih dari {', '.join(SATUAN)}"
        )
    if isi["arah"] not in ARAH:
        raise KatalogError(
            f"{lokasi}: arah '{isi['arah']}' tidak dikenal; pilih dari {', '.join(ARAH)}"
        )
    if isi["sumber"] not in sumber:
        raise KatalogError(
            f"{lokasi}: sumber '{isi['sumber']}' tidak ada di sumber.yaml ({', '.join(sumber)})"
        )
    if isi["wilayah"] not in WILAYAH:
        raise KatalogError(
            f"{lokasi}: wilayah '{isi['wilayah']}' tidak dikenal; pilih dari {', '.join(WILAYAH)}"
        )
    if (
        not isinstance(isi["desimal"], int)
        or isinstance(isi["desimal"], bool)
        or not (0 <= isi["desimal"] <= 4)
    ):
        raise KatalogError(f"{lokasi}: desimal harus bilangan bulat 0–4")
    if not _METODOLOGI.match(str(isi["metodologi"])):
        raise KatalogError(
            f"{lokasi}: metodologi '{isi['metodologi']}' harus berbentuk '§<bagian>' "
            "(bagian docs/metodologi.md, mis. §4.2)"
        )
    daftar = isi.get("daftar") or {}
    if not isinstance(daftar, dict):
        raise KatalogError(f"{lokasi}: daftar harus memetakan nama daftar ke urutan (angka)")
    for nama, urutan in daftar.items():
        if nama not in DAFTAR:
            raise KatalogError(
                f"{lokasi}: daftar '{nama}' tidak dikenal; pilih dari {', '.join(DAFTAR)}"
            )
        if not isinstance(urutan, int) or isinstance(urutan, bool):
            raise KatalogError(f"{lokasi}: urutan di daftar '{nama}' harus bilangan bulat")
    target = isi.get("target") or []
    if not isinstance(target, list) or not all(isinstance(t, str) for t in target):
        raise KatalogError(f"{lokasi}: target harus daftar kunci (teks)")
    return Entri(
        kolom=isi["kolom"],
        tabel=isi["tabel"],
        label=isi["label"],
        satuan=isi["satuan"],
        desimal=isi["desimal"],
        arah=isi["arah"],
        sumber=sumber[isi["sumber"]],
        wilayah=isi["wilayah"],
        keterangan=" ".join(isi["keterangan"].split()),
        metodologi=isi["metodologi"],
        domain=domain,
        label_pendek=isi.get("label_pendek") or "",
        pembilang=isi.get("pembilang"),
        penyebut=isi.get("penyebut"),
        periode=isi.get("periode") or sumber[isi["sumber"]].periode,
        target=tuple(target),
        daftar=dict(daftar),
        isu=bool(isi.get("isu", True)),
        kelompok_isu=str(isi.get("kelompok_isu") or ""),
    )


def _muat_domain(path: Path, domain: str, sumber: dict[str, Sumber]) -> list[Entri]:
    data = _baca_yaml(path)
    if not isinstance(data, dict) or set(data) - {"bawaan", "indikator"}:
        raise KatalogError(f"{path.name}: berkas katalog hanya berisi 'bawaan' dan 'indikator'")
    bawaan = data.get("bawaan") or {}
    lebih = set(bawaan) - _BAWAAN
    if lebih:
        raise KatalogError(
            f"{path.name}: medan 'bawaan' tidak dikenal: {', '.join(sorted(lebih))} "
            f"(yang boleh: {', '.join(sorted(_BAWAAN))})"
        )
    hasil = []
    for i, mentah in enumerate(data.get("indikator") or [], start=1):
        nama = mentah.get("kolom", "?") if isinstance(mentah, dict) else "?"
        lokasi = f"{path.name}, indikator ke-{i} ('{nama}')"
        if not isinstance(mentah, dict):
            raise KatalogError(f"{lokasi}: harus berupa pemetaan")
        lebih = set(mentah) - set(_WAJIB) - set(_OPSIONAL)
        if lebih:
            raise KatalogError(
                f"{lokasi}: medan tidak dikenal: {', '.join(sorted(lebih))} (salah ketik?)"
            )
        for isi in _uraikan({**bawaan, **mentah}, lokasi):
            hasil.append(_entri(isi, f"{path.name}, kolom '{isi.get('kolom')}'", domain, sumber))
    return hasil


def _jenis_teknis(jenis: Any, kolom: list[str], lokasi: str) -> dict[str, str]:
    """The text kind of each column of one technical entry: ``jenis`` is one kind for all its
    columns, or a mapping ``{column: kind}`` naming some of them (the others are not text)."""
    if jenis is None or jenis == "":
        peta: dict[str, str] = {}
    elif isinstance(jenis, str):
        peta = dict.fromkeys(kolom, jenis)
    elif isinstance(jenis, dict):
        asing = sorted(set(map(str, jenis)) - set(kolom))
        if asing:
            raise KatalogError(
                f"{lokasi}: 'jenis' menyebut kolom yang tidak ada di butir ini: {', '.join(asing)}"
            )
        peta = {str(k): str(v) for k, v in jenis.items()}
    else:
        raise KatalogError(f"{lokasi}: 'jenis' harus satu jenis atau pemetaan kolom → jenis")
    for k, v in peta.items():
        if v not in JENIS_TEKS:
            raise KatalogError(
                f"{lokasi}: jenis '{v}' (kolom '{k}') tidak dikenal; pilih salah satu dari "
                + ", ".join(JENIS_TEKS)
            )
    return {k: peta.get(k, "") for k in kolom}


def _muat_teknis(path: Path) -> list[Teknis]:
    """Technical declarations: ``kolom`` is a name, a pattern or a list of them sharing one
    ``keterangan``, or a mapping ``{name or pattern: keterangan}`` (one line per column)."""
    data = _baca_yaml(path) or []
    hasil = []
    for i, isi in enumerate(data, start=1):
        lokasi = f"{path.name}, butir ke-{i}"
        if not isinstance(isi, dict) or set(isi) - {"tabel", "kolom", "keterangan", "jenis"}:
            raise KatalogError(
                f"{lokasi}: hanya 'tabel', 'kolom', 'keterangan' dan 'jenis' yang dikenal"
            )
        if not isi.get("tabel") or not isi.get("kolom"):
            raise KatalogError(f"{lokasi}: 'tabel' dan 'kolom' wajib diisi")
        if isinstance(isi["kolom"], dict):
            if "keterangan" in isi:
                raise KatalogError(
                    f"{lokasi}: 'kolom' sudah memetakan kolom ke keterangannya; hapus "
                    "'keterangan' butir ini"
                )
            pasangan = list(isi["kolom"].items())
        elif not isi.get("keterangan"):
            raise KatalogError(f"{lokasi}: 'tabel', 'kolom' dan 'keterangan' wajib diisi")
        else:
            kolom = isi["kolom"] if isinstance(isi["kolom"], list) else [isi["kolom"]]
            pasangan = [(k, isi["keterangan"]) for k in kolom]
        jenis_kolom = _jenis_teknis(isi.get("jenis"), [str(k) for k, _ in pasangan], lokasi)
        for k, keterangan in pasangan:
            if not isinstance(keterangan, str) or not keterangan.strip():
                raise KatalogError(f"{lokasi}: keterangan kolom '{k}' harus berupa teks")
            hasil.append(
                Teknis(str(isi["tabel"]), str(k), " ".join(keterangan.split()), jenis_kolom[str(k)])
            )
    return hasil


def muat(
    folder: Path = KATALOG_DIR,
    skema: Mapping[str, list[str]] | None = None,
    *,
    periksa_skema: bool = True,
) -> Katalog:
    """Load and validate the catalogue of ``folder`` against the output schema ``skema``.

    ``skema`` (``{table: [columns]}``) defaults to ``referensi/skema_keluaran.yaml``, the
    columns the computation produces. ``periksa_skema=False`` skips every check against the
    schema (only for :func:`tunda_pemeriksaan_skema`). Raises :class:`KatalogError` on the
    first problem.
    """
    folder = Path(folder)
    if not periksa_skema:
        skema = None
    elif skema is None:
        skema = load_reference("skema_keluaran")
    sumber = _muat_sumber(folder / "sumber.yaml")
    entri: dict[tuple[str, str], Entri] = {}
    for domain in DOMAIN:
        path = folder / f"{domain}.yaml"
        if not path.exists():
            continue
        for e in _muat_domain(path, domain, sumber):
            kunci = (e.tabel, e.kolom)
            if kunci in entri:
                raise KatalogError(
                    f"{path.name}: kolom '{e.kolom}' ({e.tabel}) sudah dikatalogkan di "
                    f"{entri[kunci].domain}.yaml"
                )
            if skema is not None and e.kolom not in skema.get(e.tabel, ()):
                raise KatalogError(
                    f"{path.name}: kolom '{e.kolom}' tidak dihasilkan oleh perhitungan mana pun "
                    f"(tidak ada di tabel {e.tabel} referensi/skema_keluaran.yaml). Periksa "
                    "ejaannya, atau tambahkan perhitungannya lalu jalankan 'make skema' "
                    "(= bash run.sh skema)."
                )
            for medan in ("pembilang", "penyebut"):
                k = getattr(e, medan)
                if skema is not None and k is not None and k not in skema.get(e.tabel, ()):
                    raise KatalogError(
                        f"{path.name}: {medan} '{k}' dari kolom '{e.kolom}' tidak ada di tabel "
                        f"{e.tabel}"
                    )
            entri[kunci] = e
    for nama in DAFTAR:
        urutan: dict[int, str] = {}
        for e in entri.values():
            if nama in e.daftar:
                lain = urutan.setdefault(e.daftar[nama], e.kolom)
                if lain != e.kolom:
                    raise KatalogError(
                        f"daftar '{nama}': urutan {e.daftar[nama]} dipakai oleh '{lain}' dan "
                        f"'{e.kolom}'"
                    )
    teknis = _muat_teknis(folder / "teknis.yaml")
    for t in teknis:
        if not _pola(t.pola) and (t.tabel, t.pola) in entri:
            raise KatalogError(
                f"teknis.yaml: kolom '{t.pola}' ({t.tabel}) sudah dikatalogkan sebagai indikator"
            )
    hasil = Katalog(entri, teknis, sumber)
    if skema is not None:
        _periksa_teknis(hasil, skema)
    return hasil


def _periksa_teknis(kat: Katalog, skema: Mapping[str, list[str]]) -> None:
    """Every technical declaration describes at least one computed column (no dead lines)."""
    dipakai: set[int] = set()
    for tabel, kolom in skema.items():
        for k in kolom:
            if (tabel, k) not in kat.entri and (t := kat.teknis_untuk(tabel, k)) is not None:
                dipakai.add(id(t))
    for t in kat.teknis:
        if id(t) in dipakai:
            continue
        if not any(t.cocok(tabel, k) for tabel, kolom in skema.items() for k in kolom):
            raise KatalogError(
                f"teknis.yaml: kolom '{t.pola}' (tabel {t.tabel}) tidak dihasilkan oleh "
                "perhitungan mana pun (tidak cocok dengan kolom mana pun di "
                "referensi/skema_keluaran.yaml). Hapus butir itu bila kolomnya sudah tidak ada, "
                "atau perbaiki ejaannya."
            )
        raise KatalogError(
            f"teknis.yaml: kolom '{t.pola}' (tabel {t.tabel}) tidak pernah dipakai: setiap kolom "
            "yang cocok sudah dikatalogkan sebagai indikator atau dijelaskan oleh butir yang "
            "lebih khusus. Hapus nama itu dari butirnya."
        )


_SKEMA_DITUNDA = False


def tunda_pemeriksaan_skema() -> None:
    """Load the package catalogue without the checks against the output schema.

    For ``tools/skema_keluaran.py`` only, called before it imports the computation: a new
    indicator's catalogue entry names a column that the committed schema does not list yet, and
    the computation (``indikator/hitung.py`` reads the catalogue's lists at import) must still
    run so that the tool can declare it. The tool then validates the catalogue in full against
    the columns it has just computed (``muat(skema=...)``).
    """
    global _SKEMA_DITUNDA
    _SKEMA_DITUNDA = True
    katalog.cache_clear()


@cache
def katalog() -> Katalog:
    """The package catalogue, loaded and validated once per process."""
    return muat(periksa_skema=not _SKEMA_DITUNDA)
