"""The plan of a ``kkb laporan`` run: which documents exist, their content keys, which to render.

The active KKB come from ``out_wilayah``; each KKB has three documents (:data:`DOKUMEN`:
profil, laporan, lampiran; task id ``<kkb_id>/<dokumen>``, files
``<kkb_id>/<dokumen>.{ipynb,html,pdf}``), plus the city summary. Each document gets a content
key: SHA-256 of its notebook, the package (version and source), the settings in force, its
parameters and the processed tables it reads. A document whose key equals the one in the
previous ``manifest.json``, that succeeded and whose files are all there, is skipped (``paksa``
renders anyway; ``ulang_gagal`` renders only those that failed last time; ``kkb`` selects every
document of the given KKB). A document the run does not select keeps its last outcome and is
marked stale ("usang") when it was made successfully and its key changed since — the same key
comparison (:func:`berubah`), so a stale document is exactly one the next full run re-renders.
:func:`rencanakan` makes that plan; it reads files only, it writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kkb_analysis import __version__
from kkb_analysis.config import (
    LOCAL_SETTINGS_FILE,
    NOTEBOOK_LAMPIRAN,
    NOTEBOOK_LAPORAN,
    NOTEBOOK_PROFIL,
    NOTEBOOK_REKAP,
    ConfigError,
    Paths,
    sha256_file,
)
from kkb_analysis.laporan.keadaan import STATUS_BAIK
from kkb_analysis.laporan.keluaran import DOKUMEN, LEMBAR, REKAP_ID, judul_tugas, tugas_dokumen
from kkb_analysis.laporan.manifest import Entri, manifest_lama
from kkb_analysis.laporan.render import Tugas
from kkb_analysis.laporan.templat import PARAMETER_DOKUMEN, PARAMETER_REKAP
from kkb_analysis.nama import masalah_kkb_id

__all__ = [
    "DOKUMEN",
    "REKAP_ID",
    "InfoKkb",
    "LaporanBatchError",
    "Rencana",
    "baca_kkb",
    "berkas_lengkap",
    "berkas_masukan",
    "berkas_relatif",
    "berubah",
    "daftar_tugas",
    "dokumen_usang",
    "kunci_dokumen",
    "kunci_tugas",
    "notebook_dokumen",
    "periksa_kkb_id",
    "rencanakan",
    "sidik_kode",
    "templat_laporan",
]


class LaporanBatchError(ConfigError):
    """The batch cannot start (no processed data, unknown KKB, output folder locked)."""


# ------------------------------------------------------------------------------------ checks
def periksa_kkb_id(kkb_id: str) -> str:
    """``kkb_id`` if it is safe to use in a path, else :class:`LaporanBatchError`.

    kkb_id as the portal writes them (nama.POLA_KKB_ID); anything else (spaces, "/", "..", the
    report's own file names) is refused before a path is built from it.
    """
    masalah = masalah_kkb_id(kkb_id)
    if masalah:
        raise LaporanBatchError(f"Kode KKB tidak dapat dipakai: {masalah}.")
    return kkb_id


# -------------------------------------------------------------------------------- hashing
def berkas_masukan(folder_olahan: Path) -> dict[str, str]:
    """SHA-256 of every processed file a report reads (``out_*``, KKB master, load summary)."""
    nama = sorted(folder_olahan.glob("out_*.parquet")) + [
        folder_olahan / n
        for n in (
            "core_kkb.parquet",
            "core_kkb_profil.parquet",
            "ringkasan_muat.csv",
            "laporan_validasi.json",
        )
    ]
    return {p.name: sha256_file(p) for p in nama if p.is_file()}


def sidik_kode() -> str:
    """SHA-256 over the package version and its source (``.py``, ``.yaml``): changes with code."""
    h = hashlib.sha256(__version__.encode())
    paket = Path(__file__).resolve().parents[1]
    for p in sorted(paket.rglob("*")):
        if p.suffix in (".py", ".yaml") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(paket)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def _berkas_pengaturan() -> Path | None:
    kandidat = os.environ.get("KKB_PENGATURAN")
    path = Path(kandidat) if kandidat else LOCAL_SETTINGS_FILE
    return path if path.is_file() else None


def kunci_tugas(notebook: Path, parameter: dict[str, Any], data: dict[str, str], kode: str) -> str:
    """The content key of one report (see the module docstring)."""
    h = hashlib.sha256()
    h.update(notebook.read_bytes())
    h.update(kode.encode())
    pengaturan = _berkas_pengaturan()
    h.update(pengaturan.read_bytes() if pengaturan else b"-")
    tetap = {k: v for k, v in parameter.items() if k not in ("data_dir", "laporan_dir")}
    h.update(json.dumps(tetap, sort_keys=True).encode())
    h.update(json.dumps(data, sort_keys=True).encode())
    return h.hexdigest()


# ------------------------------------------------------------------------------------ KKB
@dataclass
class InfoKkb:
    """An active KKB as the index and the PDF header need it."""

    kkb_id: str
    nama: str
    kelurahan: str
    kecamatan: str
    tingkat: str | None
    peringkat: int | None = None  # rank among the year's KKB (league order), when known
    tingkat_sebelumnya: str | None = None  # out_wilayah.tingkat_sebelumnya (landing page)


def baca_kkb(folder_olahan: Path) -> list[InfoKkb]:
    """The active KKB of a year from ``out_wilayah`` (only the few columns needed)."""
    import pyarrow.parquet as pq

    kolom = ["wilayah_id", "jenis_wilayah", "nama_wilayah", "kkb_id", "kode_kelurahan"]
    kolom_kecamatan = "kode_kecamatan"
    tabel = pq.read_table(folder_olahan / "out_wilayah.parquet")
    ada = set(tabel.column_names)
    pilih = kolom + [k for k in (kolom_kecamatan, "tingkat", "tingkat_sebelumnya") if k in ada]
    baris = tabel.select(pilih).to_pylist()
    nama = {b["wilayah_id"]: b["nama_wilayah"] for b in baris}
    out = []
    for b in baris:
        if b["jenis_wilayah"] != "kkb":
            continue
        out.append(
            InfoKkb(
                kkb_id=b["kkb_id"],
                nama=b["nama_wilayah"] or b["kkb_id"],
                kelurahan=nama.get(f"kel:{b['kode_kelurahan']}", "") or "",
                kecamatan=nama.get(f"kec:{b.get(kolom_kecamatan)}", "") or "",
                tingkat=b.get("tingkat"),
                tingkat_sebelumnya=b.get("tingkat_sebelumnya"),
            )
        )
    return sorted(out, key=lambda k: k.kkb_id)


# ---------------------------------------------------------------------------------- files
def berkas_lengkap(tugas: Tugas, pdf: bool) -> bool:
    """Whether every output file of ``tugas`` is there (the PDF only when asked for)."""
    perlu = [tugas.ipynb, tugas.html] + ([tugas.pdf] if pdf else [])
    return all(p.is_file() for p in perlu)


def berkas_relatif(tugas: Tugas, folder: Path) -> dict[str, str]:
    """Output kind → path relative to ``folder``, for the files of ``tugas`` that exist."""
    pasangan = {
        "html": tugas.html,
        "pdf": tugas.pdf,
        "ipynb": tugas.ipynb,
        "ipynb_gagal": tugas.ipynb_gagal,
    }
    return {k: str(p.relative_to(folder)) for k, p in pasangan.items() if p.is_file()}


# ----------------------------------------------------------------------------------- plan
def notebook_dokumen(dokumen: str) -> Path:
    """The notebook of one KKB document (read at call time, so tests can point it elsewhere)."""
    return {"profil": NOTEBOOK_PROFIL, "laporan": NOTEBOOK_LAPORAN, "lampiran": NOTEBOOK_LAMPIRAN}[
        dokumen
    ]


def templat_laporan() -> dict[Path, tuple[str, ...]]:
    """Every report template with its declared parameters (for the template guard,
    :func:`kkb_analysis.laporan.templat.periksa_templat`); read at call time, as above."""
    out = {notebook_dokumen(d): PARAMETER_DOKUMEN for d in DOKUMEN}
    out[NOTEBOOK_REKAP] = PARAMETER_REKAP
    return out


def daftar_tugas(
    paths: Paths,
    tahun: int,
    folder: Path,
    kkb: Sequence[InfoKkb],
    batas_waktu: int | None,
    kernel_terpisah: bool,
) -> list[Tugas]:
    """Every document of the year: the three of each active KKB (consecutive, so a worker can
    render them together), then the city summary."""
    data_dir = str(paths.data)
    out = [
        Tugas(
            tugas_id=tugas_dokumen(k.kkb_id, dok),
            notebook=notebook_dokumen(dok),
            parameter={
                "kkb_id": k.kkb_id,
                "tahun": tahun,
                "data_dir": data_dir,
                "laporan_dir": str(folder),
            },
            folder=folder / periksa_kkb_id(k.kkb_id),
            nama=dok,
            judul=judul_tugas(dok, tahun, nama=k.nama),
            batas_waktu_sel=batas_waktu,
            kernel_terpisah=kernel_terpisah,
        )
        for k in kkb
        for dok in DOKUMEN
    ]
    out.append(
        Tugas(
            tugas_id=REKAP_ID,
            notebook=NOTEBOOK_REKAP,
            parameter={"tahun": tahun, "data_dir": data_dir, "laporan_dir": str(folder)},
            folder=folder,
            nama=REKAP_ID,
            judul=judul_tugas(REKAP_ID, tahun),
            batas_waktu_sel=batas_waktu,
            kernel_terpisah=kernel_terpisah,
        )
    )
    return out


@dataclass
class Rencana:
    """What a run will do: every report with its entry, the ones to render, the workbook."""

    kkb: list[InfoKkb]
    tugas: list[Tugas]  # every document of the year
    entri: dict[str, Entri]  # tugas_id → entry (status "dilewati" or the previous one's)
    jalankan: list[Tugas]  # the documents to render now
    data: dict[str, str]  # processed input → SHA-256
    kunci_lembar: str
    perlu_lembar: bool  # the workbook must be written again
    #: The KKB in rank order from the previous manifest when its inputs were the same (the
    #: landing page needs no ranking again); None otherwise.
    urutan_lama: list[InfoKkb] | None = None
    #: :func:`sidik_kode` of this run (the landing page checks every year's documents with it).
    kode: str = ""
    #: Task ids the previous manifest recorded as stale (the status page is written again when
    #: the stale set changes, even if nothing is rendered).
    usang_lama: frozenset[str] = frozenset()
    #: Year → stale task ids the landing page showed after the previous run (its manifest's
    #: ``usang_beranda``); the landing page is written again when that changes.
    usang_beranda_lama: dict[str, list[str]] | None = None


def rencanakan(
    paths: Paths,
    tahun: int,
    folder: Path,
    olahan: Path,
    *,
    kkb: Sequence[str] | None,
    ulang_gagal: bool,
    paksa: bool,
    pdf: bool,
    dokumen: Sequence[str] | None = None,
    batas_waktu: int | None,
    kernel_terpisah: bool,
) -> Rencana:
    """The plan of one run (see the module docstring); :class:`LaporanBatchError` when the
    processed tables are damaged or a chosen KKB is not active."""
    try:
        semua_kkb = baca_kkb(olahan)
    except (ValueError, KeyError, TypeError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise LaporanBatchError(
            f"Tabel olahan {olahan / 'out_wilayah.parquet'} rusak atau dari versi lama. Jalankan "
            f"'kkb bangun --tahun {tahun}' lagi, lalu 'kkb laporan'."
        ) from exc
    ada = {k.kkb_id for k in semua_kkb}
    tidak_ada = [k for k in kkb or () if k not in ada]
    if tidak_ada:
        raise LaporanBatchError(
            f"KKB {', '.join(tidak_ada)} tidak aktif pada tahun {tahun}. KKB yang ada: "
            f"{', '.join(sorted(ada))}."
        )
    data = berkas_masukan(olahan)
    kode = sidik_kode()
    semua = daftar_tugas(paths, tahun, folder, semua_kkb, batas_waktu, kernel_terpisah)
    sebelum = manifest_lama(folder)
    lama = sebelum.get("laporan", {})
    entri: dict[str, Entri] = {}
    jalankan: list[Tugas] = []
    for t in semua:
        e = Entri(t.tugas_id, t.judul, kunci_tugas(t.notebook, t.parameter, data, kode))
        entri[t.tugas_id] = e
        sebelumnya = lama.get(t.tugas_id, {})
        if isinstance(sebelumnya.get("halaman_isi"), dict):
            e.halaman_isi = {str(k): str(v) for k, v in sebelumnya["halaman_isi"].items()}
        e.dipilih = (
            (not kkb or t.parameter.get("kkb_id") in kkb)
            and (not dokumen or t.nama in dokumen)
            and (not ulang_gagal or sebelumnya.get("status") == "gagal")
        )
        sama = (
            not berubah(sebelumnya, e.kunci)
            and sebelumnya.get("status") in STATUS_BAIK
            and berkas_lengkap(t, pdf)
        )
        if e.dipilih and (paksa or not sama):
            jalankan.append(t)
        elif e.dipilih:
            e.status, e.berkas = "dilewati", berkas_relatif(t, folder)
            e.terakhir_dijalankan = _terakhir(sebelumnya, t)
        else:  # not selected this time: keep what the previous run recorded
            for k in ("status", "durasi_detik", "sel_gagal", "sumber_sel", "pesan"):
                if k in sebelumnya:
                    setattr(e, k, sebelumnya[k])
            # stale: the same key comparison as the skip rule above, nothing else
            e.usang = e.status in STATUS_BAIK and berubah(sebelumnya, e.kunci)
            e.kunci = sebelumnya.get("kunci", e.kunci)
            e.berkas = berkas_relatif(t, folder)
            e.terakhir_dijalankan = _terakhir(sebelumnya, t)
    # the workbook depends on the data, code and settings only: its own key. It covers every
    # KKB: --paksa with --kkb re-renders those KKB, not the city's workbook
    kunci_lembar = kunci_tugas(NOTEBOOK_LAPORAN, {"lembar": tahun}, data, kode)
    perlu_lembar = (
        (paksa and not kkb)
        or not (folder / LEMBAR).is_file()
        or sebelum.get("kunci_lembar") != kunci_lembar
    )
    urutan_lama = None
    if sebelum.get("berkas_masukan_sha256") == data:
        urutan_lama = info_dari_manifest(sebelum)
    usang_lama = frozenset(
        k for k, v in lama.items() if isinstance(v, dict) and v.get("usang") is True
    )
    usang_beranda_lama = sebelum.get("usang_beranda")
    return Rencana(
        semua_kkb, semua, entri, jalankan, data, kunci_lembar, perlu_lembar, urutan_lama, kode,
        usang_lama, usang_beranda_lama if isinstance(usang_beranda_lama, dict) else None,
    )  # fmt: skip


def berubah(sebelumnya: Mapping[str, Any], kunci: str) -> bool:
    """Whether a document's content key changed since the run recorded in ``sebelumnya`` (its
    manifest entry): THE rule for both skipping (unchanged → skipped) and staleness (a document
    not rendered now whose key changed is stale, "usang")."""
    return sebelumnya.get("kunci") != kunci


def _terakhir(sebelumnya: Mapping[str, Any], t: Tugas) -> str | None:
    """When a document was last rendered: its manifest entry's record, else (a manifest older
    than that field) the modification time of its HTML or error notebook, else None."""
    waktu = sebelumnya.get("terakhir_dijalankan")
    if isinstance(waktu, str) and waktu:
        return waktu
    if not sebelumnya:
        return None
    from datetime import datetime

    for p in (t.html, t.ipynb_gagal):
        try:
            detik = p.stat().st_mtime
        except OSError:
            continue
        return datetime.fromtimestamp(detik).astimezone().isoformat(timespec="seconds")
    return None


def kunci_dokumen(tugas_id: str, tahun: int, data: dict[str, str], kode: str) -> str:
    """The content key document ``tugas_id`` of ``tahun`` would get now (the same notebook and
    parameters as :func:`daftar_tugas`, the same :func:`kunci_tugas`), for checking the
    documents of a year without planning a run (the landing page, every year)."""
    if tugas_id == REKAP_ID:
        return kunci_tugas(NOTEBOOK_REKAP, {"tahun": tahun}, data, kode)
    kkb_id, _, dokumen = tugas_id.rpartition("/")
    return kunci_tugas(notebook_dokumen(dokumen), {"kkb_id": kkb_id, "tahun": tahun}, data, kode)


def dokumen_usang(
    paths: Paths, tahun: int, laporan: Mapping[str, Any], kode: str | None = None
) -> set[str]:
    """Task ids of the documents of ``tahun`` (``laporan``: the manifest's entries) that were
    made successfully but whose content key has changed since: their processed tables, the
    settings, their notebook or the program changed (:func:`berubah`). Hashes the processed
    files (a few ms), reads no table. ``kode``: :func:`sidik_kode`, when already known.
    Without the year's processed tables nothing can be judged (nor rendered): none stale."""
    olahan = paths.processed_year(tahun)
    if not (olahan / "out_wilayah.parquet").is_file():
        return set()
    data = berkas_masukan(olahan)
    kode = sidik_kode() if kode is None else kode
    out = set()
    for tugas_id, e in laporan.items():
        if not isinstance(e, dict) or e.get("status") not in STATUS_BAIK:
            continue
        try:
            kunci = kunci_dokumen(str(tugas_id), int(tahun), data, kode)
        except (KeyError, OSError):  # a document kind or notebook this version lacks
            out.add(str(tugas_id))
            continue
        if berubah(e, kunci):
            out.add(str(tugas_id))
    return out


def info_dari_manifest(manifest: dict[str, Any]) -> list[InfoKkb] | None:
    """The ranked KKB list a manifest recorded (``"kkb"``), None when absent or damaged."""
    daftar = manifest.get("kkb")
    if not isinstance(daftar, list):
        return None
    try:
        return [
            InfoKkb(
                kkb_id=periksa_kkb_id(str(b["kkb_id"])),
                nama=str(b["nama"]),
                kelurahan=str(b.get("kelurahan") or ""),
                kecamatan=str(b.get("kecamatan") or ""),
                tingkat=None if b.get("tingkat") is None else str(b["tingkat"]),
                peringkat=None if b.get("peringkat") is None else int(b["peringkat"]),
                tingkat_sebelumnya=None
                if b.get("tingkat_sebelumnya") is None
                else str(b["tingkat_sebelumnya"]),
            )
            for b in daftar
        ]
    except (KeyError, TypeError, ValueError, LaporanBatchError):
        return None


def urutkan_kkb(folder_olahan: Path, kkb: Sequence[InfoKkb]) -> list[InfoKkb]:
    """``kkb`` in the city summary's league order (tier, then ranking score, then name) with
    their rank (:func:`kkb_analysis.laporan.rekap.urutan_liga`, the one home of that rule)."""
    import dataclasses

    import pandas as pd

    from kkb_analysis.config import load_settings
    from kkb_analysis.laporan.rekap import urutan_liga

    wide = pd.read_parquet(folder_olahan / "out_wilayah.parquet")
    baris = wide.loc[wide["jenis_wilayah"].astype("string").eq("kkb").fillna(False)]
    liga = urutan_liga(baris.reset_index(drop=True), load_settings())
    urut = {str(r["kkb_id"]): (i, int(r["peringkat"])) for i, r in liga.iterrows()}
    out = [
        dataclasses.replace(k, peringkat=urut[k.kkb_id][1]) if k.kkb_id in urut else k for k in kkb
    ]
    return sorted(out, key=lambda k: (urut.get(k.kkb_id, (len(urut), 0))[0], k.nama))
