"""Deterministic writing of the sample files (CSV, XLSX) and the text of the sample marker."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv  # registers pa.csv
from openpyxl import Workbook

from kkb_analysis.sampel.arrays import kolom_arrow
from kkb_analysis.sampel.kotor import describe_dirty_rows

_TANGGAL_TETAP_XLSX = dt.datetime(2023, 1, 1, 0, 0, 0)


def _badan_dikutip(kolom: list[pa.Array], sep: str) -> bytes:
    """CSV body with RFC 4180 quotes on exactly the cells that need them (slow path)."""
    sel = []
    for arr in kolom:
        teks = pc.fill_null(pc.cast(arr, pa.large_string()), "")
        perlu = pc.match_substring_regex(teks, f'[{re.escape(sep)}"\r\n]')
        if pc.any(perlu).as_py():
            q = pa.scalar('"', pa.large_string())
            dikutip = pc.binary_join_element_wise(
                q, pc.replace_substring(teks, '"', '""'), q, pa.scalar("", pa.large_string())
            )
            teks = pc.if_else(perlu, dikutip, teks)
        sel.append(teks)
    baris = pc.binary_join_element_wise(*sel, pa.scalar(sep, pa.large_string())).to_pylist()
    return ("\n".join(baris) + "\n").encode("utf-8")


def tulis_csv(df: pd.DataFrame, path: Path, sep: str = ",") -> None:
    """Write a raw CSV deterministically: fixed columns, LF line ends, UTF-8, empty = null,
    quotes only where a value needs them (RFC 4180)."""
    kepala = sep.join(f'"{c}"' if re.search(f'[{re.escape(sep)}"]', c) else c for c in df.columns)
    badan = b""
    if len(df):
        kolom = [kolom_arrow(df[c]) for c in df.columns]
        tabel = pa.Table.from_arrays(kolom, names=[f"k{i}" for i in range(len(kolom))])
        opsi = pa.csv.WriteOptions(include_header=False, delimiter=sep, quoting_style="none")
        keluaran = io.BytesIO()
        try:  # fast path: Arrow refuses any value that would need quoting
            pa.csv.write_csv(tabel, keluaran, opsi)
            badan = keluaran.getvalue()
        except pa.ArrowInvalid:
            badan = _badan_dikutip(kolom, sep)
    path.write_bytes((kepala + "\n").encode("utf-8") + badan)


def tulis_xlsx(df: pd.DataFrame, path: Path) -> None:
    """Write the first sheet with every cell as text and fixed document/zip timestamps."""
    wb = Workbook()
    ws = wb.active
    ws.title = "UMKM"
    ws.append(list(df.columns))
    for baris in df.itertuples(index=False, name=None):
        ws.append([None if (v is None or v != v) else str(v) for v in baris])
    wb.properties.created = _TANGGAL_TETAP_XLSX
    wb.properties.modified = _TANGGAL_TETAP_XLSX
    wb.properties.creator = "kkb sampel"
    mentah = io.BytesIO()
    wb.save(mentah)
    _zip_deterministik(mentah.getvalue(), path)


def _zip_deterministik(data: bytes, path: Path) -> None:
    """Rewrite a zip with fixed entry timestamps (and a fixed docProps modified date)."""
    tanggal = _TANGGAL_TETAP_XLSX.strftime("%Y-%m-%dT%H:%M:%SZ")
    keluar = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            isi = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                isi = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(<)",
                    rb"\g<1>" + tanggal.encode() + rb"\2",
                    isi,
                )
            baru = zipfile.ZipInfo(info.filename, date_time=(2023, 1, 1, 0, 0, 0))
            baru.compress_type = zipfile.ZIP_DEFLATED
            baru.external_attr = 0o600 << 16
            zout.writestr(baru, isi)
    path.write_bytes(keluar.getvalue())


def teks_penanda(seed: int, skala: float, tahun: int, jumlah: dict[str, int]) -> str:
    """Content of the synthetic-data marker file."""
    baris = [
        "Data sintetis buatan `kkb sampel` — bukan data nyata; NIK/No. KK/nama palsu; "
        f"seed={seed}, skala={skala:g}; disandikan dengan salt demo.",
        "",
        f"Tahun data: {tahun}. Semua NIK, nomor KK, nama dan alamat dibangkitkan secara acak; "
        "kemiripan dengan orang nyata adalah kebetulan. Jangan dicampur dengan data/raw asli.",
        "",
        "Baris kotor yang sengaja disisipkan (jenis: jumlah, file — keterangan):",
    ]
    for jenis, v in describe_dirty_rows(skala).items():
        baris.append(f"- {jenis}: {v['jumlah_per_tahun']}, {v['file']} — {v['keterangan']}")
    baris += ["", "Jumlah baris per file:"]
    baris += [f"- {k}: {v}" for k, v in jumlah.items()]
    return "\n".join(baris) + "\n"
