"""Exploration API for analysts: the processed tables as tidy, labelled pandas frames.

Three lines in any notebook, from any working directory::

    from kkb_analysis import eksplorasi as ek
    df = ek.muat_indikator(2023)
    df.head()

- :func:`muat_indikator` — one row per area of a type (``jenis``: ``kkb`` by default) with its
  name, codes and tier, and every indicator the catalogue declares for that area type
  (``kkb_analysis/indikator/katalog``), the columns named by their Indonesian label; the units
  and the column names behind the labels are in ``df.attrs`` (:func:`satuan`, :func:`kamus`).
  A list of years gives one row per area and year (cross-year exploration).
- :func:`muat_tabel` — any processed ``out_*`` table as stored (numbers and codes);
  :func:`daftar_tabel` lists them with their Indonesian titles.
- :func:`daftar_kkb` — the active KKB of a year: id, name, kelurahan, kecamatan, tier;
  :func:`tahun_tersedia` — the processed years.
- :func:`label`, :func:`daftar_indikator` — the label of an indicator column, the columns of a
  catalogue list (``utama``: the headline indicators).
- :func:`sumbu_persen`, :func:`sumbu_angka`, :func:`sumbu_tahun`, :func:`gaya_indonesia` —
  matplotlib axes in the Indonesian way ("12,5%", "1.234", "2023"): the number text of
  :mod:`kkb_analysis.nilai`.

Paths come from :func:`kkb_analysis.config.get_paths` (``KKB_DATA_DIR`` or ``data/``), never
from the working directory. A year without processed tables raises :class:`EksplorasiError`
with an Indonesian message saying what to run. The module only reads: the report layer keeps
its own loader (``laporan.bagian.muat``); this one is for notebooks of the analyst.

The examples below run against a built city (``tests/test_eksplorasi.py`` runs them on the
synthetic sample, 13 active KKB in 2023).
"""

from __future__ import annotations

import math
import numbers
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from kkb_analysis.config import get_paths, load_settings
from kkb_analysis.indikator.katalog import DAFTAR, JENIS_BERLAKU, Entri, katalog
from kkb_analysis.nilai import angka, persen
from kkb_analysis.wilayah import AREA_ORDER

__all__ = [
    "JENIS_WILAYAH",
    "JUDUL_TABEL",
    "EksplorasiError",
    "daftar_indikator",
    "daftar_kkb",
    "daftar_tabel",
    "gaya_indonesia",
    "kamus",
    "label",
    "muat_indikator",
    "muat_tabel",
    "satuan",
    "sumbu_angka",
    "sumbu_persen",
    "sumbu_tahun",
    "tahun_tersedia",
]

#: Area types of ``out_wilayah`` (``jenis_wilayah``) → what a row is, in Indonesian.
JENIS_WILAYAH: dict[str, str] = {
    "kkb": "Kampung KB (keluarga dalam wilayah KKB)",
    "sisa_kelurahan": "bagian kelurahan KKB di luar KKB",
    "kelurahan": "kelurahan",
    "kecamatan": "kecamatan",
    "kota": "Kota Cilegon",
    "kota_luar_kkb": "kota di luar semua KKB",
}

#: Indonesian title of every ``out_*`` table (the one list; a test keeps it equal to the
#: declared schema ``referensi/skema_keluaran.yaml``).
JUDUL_TABEL: dict[str, str] = {
    "out_wilayah": "Indikator per wilayah (KKB, kelurahan, kecamatan, kota)",
    "out_piramida": "Piramida penduduk (kelompok umur × jenis kelamin)",
    "out_metode_kb": "Bauran metode KB (laporan KKBPK)",
    "out_poktan": "Keikutsertaan kelompok kegiatan (poktan)",
    "out_zscore": "Sebaran z-skor TB/U balita",
    "out_stunting": "Antropometri balita per periode (e-PPGBM)",
    "out_klasifikasi": "Rincian klasifikasi portal per KKB",
    "out_rencana_tingkat": "Yang dibutuhkan untuk naik tingkat",
    "out_rekap_krs": "Rekap keluarga risiko stunting (format resmi)",
    "out_ibangga_variabel": "Variabel iBangga",
    "out_konvergensi": "Matriks konvergensi program",
    "out_fungsi_keluarga": "Intervensi per fungsi keluarga",
    "out_intervensi": "Daftar intervensi",
    "out_umkm": "Daftar UMKM unggulan",
    "out_kelengkapan": "Kelengkapan data per domain",
    "out_perubahan": "Perubahan dari tahun lalu",
    "out_rw": "Indikator per RW di dalam KKB",
    "out_target": "Indikator terhadap target resmi",
    "out_aksi": "Rekomendasi aksi per KKB (penanggung jawab, tenggat, ukuran, target)",
    "out_tindak_lanjut": "Tindak lanjut rekomendasi tahun lalu",
}

#: Identity columns of :func:`muat_indikator`, first, with their Indonesian labels.
_IDENTITAS = {
    "tahun": "Tahun",
    "nama_wilayah": "Nama wilayah",
    "wilayah_id": "ID wilayah",
    "kkb_id": "ID KKB",
    "kode_kelurahan": "Kode kelurahan",
    "kode_kecamatan": "Kode kecamatan",
}
_TINGKAT = "tingkat"  # the portal tier: right after the identity columns


class EksplorasiError(ValueError):
    """The request cannot be met (unknown name, no processed data); Indonesian message."""


# ---------------------------------------------------------------------------------- reading
def _daftar_tahun(tahun: int | Iterable[int]) -> list[int]:
    if isinstance(tahun, numbers.Integral | str):  # 2023, np.int64(2023), "2023"
        return [int(tahun)]
    hasil = [int(t) for t in tahun]
    if not hasil:
        raise EksplorasiError("Sebutkan paling sedikit satu tahun, mis. muat_indikator(2023).")
    return hasil


def tahun_tersedia(data_dir: str | Path | None = None) -> list[int]:
    """The data years that have a processed folder, oldest first.

    Examples
    --------
    >>> tahun_tersedia()
    [2022, 2023]
    """
    folder = get_paths(data_dir=data_dir).processed
    if not folder.is_dir():
        return []
    return sorted(
        int(p.name)
        for p in folder.iterdir()
        if p.is_dir() and p.name.isdigit() and len(p.name) == 4
    )


def _baca(tabel: str, tahun: int, data_dir: str | Path | None) -> pd.DataFrame:
    """``<processed>/<tahun>/<tabel>.parquet``, or :class:`EksplorasiError` saying what to run."""
    folder = get_paths(data_dir=data_dir).processed_year(tahun)
    berkas = folder / f"{tabel}.parquet"
    if not berkas.is_file():
        ada = tahun_tersedia(data_dir)
        tersedia = (
            f" Tahun yang sudah diolah: {', '.join(map(str, ada))}."
            if ada
            else " Belum ada tahun yang diolah."
        )
        raise EksplorasiError(
            f"Tabel olahan {tabel} tahun {tahun} belum ada ({berkas})."
            f"{tersedia} Jalankan 'bash run.sh' (sampel bila kosong, lalu semua tahun) atau "
            f"'kkb bangun --tahun {tahun}' dulu, lalu jalankan ulang sel ini."
        )
    return pd.read_parquet(berkas)


def _gabung_tahun(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=True)


def _nama_tabel(nama: str) -> str:
    """``"wilayah"`` or ``"out_wilayah"`` → ``"out_wilayah"``; unknown → listed choices."""
    kunci = str(nama).strip().lower()
    kunci = kunci if kunci.startswith("out_") else f"out_{kunci}"
    if kunci in JUDUL_TABEL:
        return kunci
    daftar = "\n".join(
        f"  - {t.removeprefix('out_')}: {JUDUL_TABEL[t]}" for t in sorted(JUDUL_TABEL)
    )
    raise EksplorasiError(f"Tabel '{nama}' tidak dikenal. Tabel olahan yang tersedia:\n{daftar}")


def daftar_tabel() -> pd.DataFrame:
    """The processed ``out_*`` tables and their Indonesian titles.

    Returns
    -------
    pandas.DataFrame
        Columns ``tabel`` (the name for :func:`muat_tabel`, without ``out_``) and ``judul``.

    Examples
    --------
    >>> t = daftar_tabel()
    >>> t.loc[t["tabel"] == "piramida", "judul"].item()
    'Piramida penduduk (kelompok umur × jenis kelamin)'
    """
    return pd.DataFrame(
        [(t.removeprefix("out_"), JUDUL_TABEL[t]) for t in sorted(JUDUL_TABEL)],
        columns=["tabel", "judul"],
    )


def muat_tabel(
    nama: str, tahun: int | Iterable[int], data_dir: str | Path | None = None
) -> pd.DataFrame:
    """A processed ``out_*`` table of one year (or several years, stacked), as stored.

    Parameters
    ----------
    nama : str
        Table name with or without the ``out_`` prefix (``"piramida"``, ``"out_rw"``); see
        :func:`daftar_tabel`.
    tahun : int or list of int
        Data year(s). Several years are stacked; a ``tahun`` column says which year a row is
        from (added when the table has none).
    data_dir : str or Path, optional
        Data folder holding ``processed/``; default ``KKB_DATA_DIR`` or the project's ``data/``.

    Returns
    -------
    pandas.DataFrame
        The table with its stored column names (numbers and codes; ``docs/skema.md`` describes
        every column, :func:`kamus` gives the catalogue's labels).

    Raises
    ------
    EksplorasiError
        Unknown table (the message lists the tables), or a year not processed yet.

    Examples
    --------
    >>> rw = muat_tabel("rw", 2023)
    >>> set(rw["kkb_id"]) <= set(daftar_kkb(2023)["kkb_id"])
    True
    >>> muat_tabel("out_piramida", [2022, 2023])["tahun"].unique().tolist()
    [2022, 2023]
    """
    tabel = _nama_tabel(nama)
    frames = []
    for t in _daftar_tahun(tahun):
        df = _baca(tabel, t, data_dir)
        if "tahun" not in df.columns:
            df.insert(0, "tahun", t)
        frames.append(df)
    return _gabung_tahun(frames)


# ------------------------------------------------------------------------------ indicators
def _periksa_jenis(jenis: str) -> str:
    kunci = str(jenis).strip().lower()
    if kunci in AREA_ORDER:
        return kunci
    daftar = "\n".join(f"  - {j}: {JENIS_WILAYAH.get(j, j)}" for j in AREA_ORDER)
    raise EksplorasiError(f"Jenis wilayah '{jenis}' tidak dikenal. Pilih salah satu:\n{daftar}")


def _berlaku(e: Entri, jenis: str) -> bool:
    """Whether rows of the area type ``jenis`` carry the catalogued indicator ``e``."""
    jenis_entri = JENIS_BERLAKU[e.wilayah]
    return jenis_entri is None or jenis in jenis_entri


def _label_unik(pengaturan: Mapping[str, Any]) -> dict[str, str]:
    """``out_wilayah`` column → its catalogue label, unique over the whole table: labels that
    collide get the source ("MKJP (PK)", "MKJP (KKBPK)"), then the column name."""
    entri = [e for (tabel, _), e in katalog().entri.items() if tabel == "out_wilayah"]
    label = {e.kolom: e.judul(pengaturan) for e in entri}
    for tambahan in (
        lambda e: f" ({e.sumber.label})" if e.sumber.label else "",
        lambda e: f" [{e.kolom}]",
    ):
        hitung = Counter(label.values())
        for e in entri:
            if hitung[label[e.kolom]] > 1:
                label[e.kolom] += tambahan(e)
    return label


def label(kolom: str) -> str:
    """The column label :func:`muat_indikator` gives an ``out_wilayah`` indicator column.

    Parameters
    ----------
    kolom : str
        Column name in ``out_wilayah`` (``"stunting_pct"``); see :func:`kamus`.

    Raises
    ------
    EksplorasiError
        The column is not a catalogued indicator.

    Examples
    --------
    >>> label("n_keluarga")
    'Jumlah keluarga'
    >>> label("mkjp_pct"), label("kkbpk_mkjp_pct")
    ('MKJP (PK)', 'MKJP (KKBPK)')
    """
    semua = _label_unik(load_settings())
    if kolom in _IDENTITAS:
        return _IDENTITAS[kolom]
    if kolom not in semua:
        raise EksplorasiError(
            f"Kolom '{kolom}' bukan indikator out_wilayah di katalog. Lihat daftar kolom dengan "
            "ek.kamus(ek.muat_indikator(tahun)) atau docs/skema.md bagian 5."
        )
    return semua[kolom]


def daftar_indikator(nama: str = "utama") -> list[str]:
    """The ``out_wilayah`` columns of a list of the catalogue, in its order.

    Parameters
    ----------
    nama : str, default "utama"
        A list of the catalogue (:data:`kkb_analysis.indikator.katalog.DAFTAR`): ``utama``
        (headline indicators), ``pesan``, ``laporan``, ``perubahan`` …

    Examples
    --------
    >>> daftar_indikator()[:3]
    ['stunting_pct', 'krs_pct', 'indeks_ibangga']
    """
    if nama not in DAFTAR:
        pilihan = ", ".join(sorted(DAFTAR))
        raise EksplorasiError(f"Daftar indikator '{nama}' tidak dikenal. Pilih: {pilihan}.")
    return katalog().kolom_daftar(nama)


def muat_indikator(
    tahun: int | Iterable[int],
    jenis: str = "kkb",
    label: bool = True,
    data_dir: str | Path | None = None,
) -> pd.DataFrame:
    """One row per area of one type (and year): name, codes, tier and every indicator.

    The indicators are the ``out_wilayah`` columns of the indicator catalogue that rows of
    this area type carry (a KKB-only indicator such as the portal tier is left out for
    ``jenis="kelurahan"``), in table order, after the identity columns.

    Parameters
    ----------
    tahun : int or list of int
        Data year, or several years for cross-year exploration (one row per area and year).
    jenis : str, default "kkb"
        Area type (``jenis_wilayah``): ``kkb``, ``sisa_kelurahan``, ``kelurahan``,
        ``kecamatan``, ``kota``, ``kota_luar_kkb`` (:data:`JENIS_WILAYAH`).
    label : bool, default True
        Name the columns by their Indonesian label from the catalogue ("Jumlah keluarga");
        ``False`` keeps the column names of the table (``n_keluarga``), handier in code.
    data_dir : str or Path, optional
        Data folder holding ``processed/``; default ``KKB_DATA_DIR`` or the project's ``data/``.

    Returns
    -------
    pandas.DataFrame
        ``df.attrs["satuan"]``: column → unit code (``persen`` is on the 0–100 scale);
        ``df.attrs["kolom"]``: column → name in ``out_wilayah``. :func:`satuan` and
        :func:`kamus` read them.

    Raises
    ------
    EksplorasiError
        Unknown area type (the message lists them), or a year not processed yet.

    Examples
    --------
    >>> df = muat_indikator(2023)
    >>> len(df) == len(daftar_kkb(2023))
    True
    >>> df.columns[:3].tolist()
    ['Tahun', 'Nama wilayah', 'ID wilayah']
    >>> satuan(df)["Jumlah keluarga"]
    'keluarga'
    >>> kel = muat_indikator([2022, 2023], jenis="kelurahan", label=False)
    >>> sorted(kel["tahun"].unique().tolist())
    [2022, 2023]
    """
    jenis = _periksa_jenis(jenis)
    frames = []
    for t in _daftar_tahun(tahun):
        w = _baca("out_wilayah", t, data_dir)
        frames.append(w.loc[w["jenis_wilayah"].astype("string").eq(jenis).fillna(False)])
    wide = _gabung_tahun(frames).reset_index(drop=True)

    kat = katalog()
    entri = [
        kat.get(k)
        for k in wide.columns
        if k not in _IDENTITAS and ("out_wilayah", k) in kat.entri and _berlaku(kat.get(k), jenis)
    ]
    entri.sort(key=lambda e: e.kolom != _TINGKAT)  # the tier first, then table order
    identitas = [k for k in _IDENTITAS if k in wide.columns]
    out = wide[identitas + [e.kolom for e in entri]].copy()

    nama = {k: k for k in out.columns}
    if label:
        nama.update(_IDENTITAS)
        semua = _label_unik(load_settings())
        nama.update({e.kolom: semua[e.kolom] for e in entri})
    out = out.rename(columns=nama)
    out.attrs["kolom"] = {nama[k]: k for k in identitas + [e.kolom for e in entri]}
    out.attrs["satuan"] = {nama[e.kolom]: e.satuan for e in entri}
    return out


def _kolom_asli(df: pd.DataFrame) -> dict[str, str]:
    """Frame column → ``out_wilayah`` column: from ``attrs``, else from the label (a frame
    whose ``attrs`` a pandas operation dropped), else the name itself."""
    kolom = df.attrs.get("kolom") or {}
    balik = {v: k for k, v in _label_unik(load_settings()).items()}
    balik.update({v: k for k, v in _IDENTITAS.items()})
    return {c: kolom.get(c, balik.get(c, c)) for c in df.columns}


def satuan(df: pd.DataFrame) -> dict[str, str]:
    """Unit code of every indicator column of a :func:`muat_indikator` frame.

    Codes and their meaning: :data:`kkb_analysis.indikator.katalog.SATUAN` (``persen`` is on
    the 0–100 scale). Works on a slice of the frame too (``df[[...]]``), and on a frame whose
    ``attrs`` were lost, through the catalogue.

    Examples
    --------
    >>> df = muat_indikator(2023, label=False)
    >>> satuan(df)["n_keluarga"]
    'keluarga'
    """
    simpan = df.attrs.get("satuan") or {}
    kat = katalog()
    hasil = {}
    for c, k in _kolom_asli(df).items():
        if c in simpan:
            hasil[c] = simpan[c]
        elif ("out_wilayah", k) in kat.entri:
            hasil[c] = kat.get(k).satuan
    return hasil


def kamus(df: pd.DataFrame) -> pd.DataFrame:
    """What every indicator column of a :func:`muat_indikator` frame is, from the catalogue.

    Returns
    -------
    pandas.DataFrame
        One row per indicator column: ``label`` (the column of ``df``), ``kolom`` (in
        ``out_wilayah``), ``satuan``, ``desimal``, ``arah`` (which way is better),
        ``sumber`` and ``keterangan``.

    Examples
    --------
    >>> k = kamus(muat_indikator(2023))
    >>> k.set_index("kolom").at["n_keluarga", "satuan"]
    'keluarga'
    """
    kat = katalog()
    pengaturan = load_settings()
    baris = []
    for c, k in _kolom_asli(df).items():
        if ("out_wilayah", k) not in kat.entri:
            continue
        e = kat.get(k)
        baris.append(
            {
                "label": c,
                "kolom": k,
                "satuan": e.satuan,
                "desimal": e.desimal,
                "arah": e.arah,
                "sumber": e.sumber.nama,
                "keterangan": e.uraian(pengaturan),
            }
        )
    kolom = ["label", "kolom", "satuan", "desimal", "arah", "sumber", "keterangan"]
    return pd.DataFrame(baris, columns=kolom)


def daftar_kkb(tahun: int, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The active KKB of a year: id, name, kelurahan, kecamatan and portal tier.

    Parameters
    ----------
    tahun : int
        Data year.
    data_dir : str or Path, optional
        Data folder holding ``processed/``; default ``KKB_DATA_DIR`` or the project's ``data/``.

    Returns
    -------
    pandas.DataFrame
        Columns ``kkb_id``, ``nama_kkb``, ``kelurahan``, ``kecamatan``, ``tingkat``, sorted by
        ``kkb_id`` (the ids ``kkb laporan --kkb`` and the report notebook take).

    Examples
    --------
    >>> kkb = daftar_kkb(2023)
    >>> kkb.columns.tolist()
    ['kkb_id', 'nama_kkb', 'kelurahan', 'kecamatan', 'tingkat']
    >>> kkb["kkb_id"].is_unique
    True
    """
    w = _baca("out_wilayah", int(tahun), data_dir)
    jenis = w["jenis_wilayah"].astype("string")
    nama = w.set_index(w["wilayah_id"].astype("string"))["nama_wilayah"]
    kkb = w.loc[jenis.eq("kkb").fillna(False)]
    tingkat = kkb["tingkat"] if _TINGKAT in kkb.columns else pd.Series(pd.NA, index=kkb.index)
    out = pd.DataFrame(
        {
            "kkb_id": kkb["kkb_id"].astype("string"),
            "nama_kkb": kkb["nama_wilayah"].astype("string"),
            "kelurahan": ("kel:" + kkb["kode_kelurahan"].astype("string")).map(nama),
            "kecamatan": ("kec:" + kkb["kode_kecamatan"].astype("string")).map(nama),
            "tingkat": tingkat.astype("string"),
        }
    )
    return out.sort_values("kkb_id").reset_index(drop=True)


# -------------------------------------------------------------------------------- charts
def _desimal_otomatis(v: float) -> int:
    """Decimals of a tick label: none for whole numbers, else as many as needed (max 2)."""
    for d in (0, 1):
        if abs(v - round(v, d)) < 1e-9:
            return d
    return 2


def _pasang(ax: Any, sumbu: str, teks: Callable[[float], str]) -> Any:
    from matplotlib.ticker import FuncFormatter

    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.gca()
    if sumbu not in ("x", "y", "xy"):
        raise EksplorasiError(f"sumbu harus 'x', 'y' atau 'xy', bukan {sumbu!r}.")
    formatter = FuncFormatter(lambda v, _pos: "" if not math.isfinite(v) else teks(v))
    for s in sumbu:
        getattr(ax, f"{s}axis").set_major_formatter(formatter)
    return ax


def sumbu_persen(ax: Any = None, desimal: int | None = 1, sumbu: str = "y") -> Any:
    """Label an axis of values on the 0–100 scale as Indonesian percentages ("12,5%").

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Default: the current axes (``plt.gca()``).
    desimal : int or None, default 1
        Decimals of every tick label; ``None``: none on whole numbers ("10%", "12,5%").
    sumbu : {"y", "x", "xy"}, default "y"
        Which axis (``"x"`` for horizontal bars).

    Returns
    -------
    matplotlib Axes
        ``ax``, for chaining.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = sumbu_persen(ax)
    >>> ax.yaxis.get_major_formatter()(12.5, 0)
    '12,5%'
    >>> ax = sumbu_persen(ax, desimal=None)
    >>> ax.yaxis.get_major_formatter()(10.0, 0)
    '10%'
    >>> plt.close(fig)
    """
    return _pasang(
        ax, sumbu, lambda v: persen(v, _desimal_otomatis(v) if desimal is None else desimal)
    )


def sumbu_angka(ax: Any = None, desimal: int | None = None, sumbu: str = "y") -> Any:
    """Label an axis with Indonesian numbers: "1.234", "2,5" (thousands ".", decimals ",").

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Default: the current axes (``plt.gca()``).
    desimal : int or None, default None
        Decimals of every tick label; ``None``: as many as the tick needs (at most 2).
    sumbu : {"y", "x", "xy"}, default "y"

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> f = sumbu_angka(ax).yaxis.get_major_formatter()
    >>> f(1234.0, 0), f(2.5, 0)
    ('1.234', '2,5')
    >>> plt.close(fig)
    """
    return _pasang(
        ax, sumbu, lambda v: angka(v, _desimal_otomatis(v) if desimal is None else desimal)
    )


def sumbu_tahun(ax: Any = None, sumbu: str = "x") -> Any:
    """Label an axis of years: whole years only, no thousands separator ("2023").

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> sumbu_tahun(ax).xaxis.get_major_formatter()(2023.0, 0)
    '2023'
    >>> plt.close(fig)
    """
    from matplotlib.ticker import AutoLocator, MaxNLocator

    ax = _pasang(ax, sumbu, lambda v: str(round(v)) if abs(v - round(v)) < 1e-9 else "")
    for s in sumbu:
        axis = getattr(ax, f"{s}axis")
        if isinstance(axis.get_major_locator(), AutoLocator):  # ticks set by hand stay
            axis.set_major_locator(MaxNLocator(integer=True))
    return ax


#: An axis whose whole view lies in these years is a year axis for :func:`gaya_indonesia`.
_RENTANG_TAHUN = (1900, 2100)


def _sumbu_tahun_kah(axis: Any) -> bool:
    lo, hi = sorted(axis.get_view_interval())
    return _RENTANG_TAHUN[0] <= lo and hi <= _RENTANG_TAHUN[1]


def gaya_indonesia(fig: Any = None, persen_y: bool = False, persen_x: bool = False) -> Any:
    """Indonesian number labels on every numeric axis of a figure (call it after plotting).

    Axes with text or date ticks (a bar chart's categories, a time axis) are left as they
    are; an axis whose range lies within 1900–2100 is taken for years ("2023", not "2.023",
    :func:`sumbu_tahun`). ``persen_y`` / ``persen_x`` label that axis as percentages.

    Parameters
    ----------
    fig : matplotlib Figure, optional
        Default: the current figure (``plt.gcf()``).
    persen_y, persen_x : bool, default False
        Percent labels ("12,5%", values on 0–100) on the y / x axis instead of numbers.

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([2022, 2023], [10.0, 12.5])
    >>> fig = gaya_indonesia(fig, persen_y=True)
    >>> ax.yaxis.get_major_formatter()(12.5, 0), ax.yaxis.get_major_formatter()(10.0, 0)
    ('12,5%', '10%')
    >>> ax.xaxis.get_major_formatter()(2023.0, 0)
    '2023'
    >>> plt.close(fig)
    """
    from matplotlib.ticker import ScalarFormatter

    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.gcf()
    for ax in fig.axes:
        for s, pct in (("x", persen_x), ("y", persen_y)):
            axis = getattr(ax, f"{s}axis")
            if not isinstance(axis.get_major_formatter(), ScalarFormatter):
                continue  # categories, dates, or already formatted
            if pct:
                sumbu_persen(ax, desimal=None, sumbu=s)
            elif _sumbu_tahun_kah(axis):
                sumbu_tahun(ax, sumbu=s)
            else:
                sumbu_angka(ax, sumbu=s)
    return fig
