"""iBangga — Indeks Pembangunan Keluarga (indicators.md §8).

Per family (``pk_keluarga`` row) the 17 binary variables of §8.2 (1, 0 or NA), the three
dimension indices D_k = 100 × Σ non-NA scores / number of non-NA variables (§8.3), the family
iBangga = Σ w_k D_k / Σ w_k over the dimensions with a value (weights ``ibangga.bobot``
[asumsi]) and its category (§8.4): Rentan [0, 40), Berkembang [40, 70], Tangguh (70, 100]
[asumsi: inclusivity]. Areas get additive sums and counts; the area iBangga is the mean of the
family values (§8.3).

Variable rules (§8.2; 9–17 are reconstructions, see :data:`VARIABEL`):

- 1, 7, 8, 11–17: Ya → 1, Tidak → 0; empty → NA (missing answer).
- 2: Ya → 1, Tidak → 0; "Tidak berlaku" → NA (not applicable); empty → missing.
- 3: children (``hubungan_kk`` = 3): any ``akta_lahir`` = 2 → 0, all = 1 → 1; no child → NA;
  some child empty and none = 2 → missing.
- 4: ``ibangga.v4_agregasi`` "semua": any member ``jaminan_kesehatan`` = 4 → 0, all 1–3 → 1,
  some empty and none = 4 → missing; "kepala": the head's value (empty or no head → missing).
- 5: P.03a–d: any Ya → 0; every applicable item Tidak → 1 (b may be "Tidak berlaku"); an
  applicable item empty and none Ya → missing.
- 6: head's ``status_kawin``: 2, 4 → 1; 3 → 0; 1 → ``ibangga.v6_belum_kawin`` ("NA" = not
  applicable, or 0/1); head's status empty or no head → missing.
- 9: ``rumah_layak_huni`` true → 1, false → 0, unknown (§9.5) → missing.
- 10: members aged ``umur.sekolah`` (7–18): any ``status_sekolah`` 1 or 3 → 0, all 2 → 1;
  nobody aged 7–18 → NA; some empty and none 1/3 → missing.

A family without any member row has the member-based variables (3, 4, 6, 10) missing.
``n_jawaban_kosong`` counts the families with at least one missing answer (§8.2 [asumsi]).

The category is assigned on the family iBangga rounded to 9 decimals (removes floating-point
noise such as 69.999999999 for an exact 70, without moving any real value across a boundary).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kkb_analysis.indikator._keluarga import (
    bool_np,
    isin_np,
    jumlah_per_keluarga,
    kepala_keluarga,
    posisi,
    status_per_keluarga,
    tabel,
)
from kkb_analysis.wilayah import count_by_cell, safe_rate

DIMENSI = ("ketenteraman", "kemandirian", "kebahagiaan")
# (number, dimension, column, label, reconstructed) — §8.2 [sumber S12]; 9–17 [asumsi]
VARIABEL = [
    (1, "ketenteraman", "v01_ibadah", "Menjalankan ibadah", False),
    (2, "ketenteraman", "v02_buku_nikah", "Memiliki buku/akta nikah", False),
    (3, "ketenteraman", "v03_akta_lahir_anak", "Anak memiliki akta kelahiran", False),
    (4, "ketenteraman", "v04_jaminan_kesehatan", "Memiliki kartu jaminan kesehatan", False),
    (5, "ketenteraman", "v05_tanpa_konflik", "Tidak terdapat konflik keluarga", False),
    (6, "ketenteraman", "v06_tidak_cerai_hidup", "Tidak mengalami cerai hidup", False),
    (7, "kemandirian", "v07_sumber_penghasilan", "Memiliki sumber penghasilan", False),
    (8, "kemandirian", "v08_makanan_beragam", "Makan makanan beragam", False),
    (9, "kemandirian", "v09_rumah_layak_huni", "Tinggal dalam rumah layak huni", True),
    (10, "kemandirian", "v10_keberlanjutan_pendidikan", "Keberlanjutan pendidikan", True),
    (11, "kemandirian", "v11_tabungan", "Memiliki tabungan", True),
    (12, "kemandirian", "v12_berobat_faskes", "Berobat ke fasilitas kesehatan", True),
    (13, "kemandirian", "v13_media_online", "Akses media online / informasi", True),
    (14, "kebahagiaan", "v14_makan_bersama", "Waktu/makan bersama keluarga", True),
    (15, "kebahagiaan", "v15_komunikasi", "Komunikasi keluarga", True),
    (16, "kebahagiaan", "v16_rekreasi", "Rekreasi bersama", True),
    (17, "kebahagiaan", "v17_kegiatan_sosial", "Kegiatan sosial di lingkungan", True),
]
KOLOM_VARIABEL = [v[2] for v in VARIABEL]
_NAMA_VARIABEL = {v[2]: v[3] for v in VARIABEL}


def nama_variabel(variabel: str) -> str:
    """Display name of an iBangga variable code ("v01_ibadah" → "Menjalankan ibadah"); an unknown
    code is returned as it is."""
    return _NAMA_VARIABEL.get(str(variabel), str(variabel))


YA_TIDAK = {  # variables scored straight from one Ya/Tidak item of pk_keluarga
    "v01_ibadah": "p01_ibadah",
    "v07_sumber_penghasilan": "p04_sumber_penghasilan",
    "v08_makanan_beragam": "p05_makanan_beragam",
    "v11_tabungan": "punya_tabungan",
    "v12_berobat_faskes": "berobat_faskes",
    "v13_media_online": "akses_media_online",
    "v14_makan_bersama": "makan_bersama",
    "v15_komunikasi": "komunikasi_keluarga",
    "v16_rekreasi": "rekreasi",
    "v17_kegiatan_sosial": "kegiatan_sosial",
}
KONFLIK = ("p03a_tanpa_tegur_sapa", "p03b_pisah_ranjang", "p03c_pergi_dari_rumah", "p03d_kdrt")
KATEGORI = ("Rentan", "Berkembang", "Tangguh")
BATAS_RENTAN = 40.0  # [0, 40) Rentan [sumber S13, S14]; inclusivity [asumsi]
BATAS_TANGGUH = 70.0  # (70, 100] Tangguh

KELUARGA_COLUMNS = {
    "id_keluarga": "string",
    "kode_kelurahan": "string",
    "kkb_id": "string",
    "p02_buku_nikah": "string",
    "rumah_layak_huni": "boolean",
    **{c: "string" for c in YA_TIDAK.values()},
    **{c: "string" for c in KONFLIK},
}
ANGGOTA_COLUMNS = {
    "id_keluarga": "string",
    "no_urut": "Int64",
    "hubungan_kk": "string",
    "status_kawin": "string",
    "akta_lahir": "string",
    "jaminan_kesehatan": "string",
    "status_sekolah": "string",
    "umur_tahun": "Int64",
}


def _ya_tidak(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Ya → 1, Tidak → 0, anything else NaN; second array = empty answer."""
    out = np.full(len(values), np.nan)
    out[isin_np(values, ["Ya"])] = 1.0
    out[isin_np(values, ["Tidak"])] = 0.0
    return out, values.isna().to_numpy(bool)


def _belum_kawin(settings: dict) -> float:
    value = settings["ibangga"]["v6_belum_kawin"]
    if value is None or str(value).upper() == "NA":
        return np.nan
    if str(value) in ("0", "1"):
        return float(value)
    raise ValueError(f"ibangga.v6_belum_kawin '{value}' tidak dikenal; yang sah: NA, 0, 1")


def variabel_ibangga(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    """The 17 variables per ``pk_keluarga`` row (float 1/0/NaN, same index) and
    ``jawaban_kosong`` (bool: at least one missing answer)."""
    keluarga = tabel(tables, "pk_keluarga", KELUARGA_COLUMNS)
    anggota = tabel(tables, "pk_anggota", ANGGOTA_COLUMNS)
    n = len(keluarga)
    nilai: dict[str, np.ndarray] = {}
    kosong: dict[str, np.ndarray] = {}
    for column, item in YA_TIDAK.items():
        nilai[column], kosong[column] = _ya_tidak(keluarga[item])

    v2, kosong["v02_buku_nikah"] = _ya_tidak(keluarga["p02_buku_nikah"])
    nilai["v02_buku_nikah"] = v2  # "Tidak berlaku" → NaN, not missing

    pos = posisi(keluarga, anggota["id_keluarga"])
    punya_anggota = jumlah_per_keluarga(n, pos, np.ones(len(anggota), dtype=bool)) > 0
    semua = np.ones(len(anggota), dtype=bool)

    anak = isin_np(anggota["hubungan_kk"], ["3"])
    akta = anggota["akta_lahir"]
    nilai["v03_akta_lahir_anak"], _, kosong["v03_akta_lahir_anak"] = status_per_keluarga(
        n, pos, anak, isin_np(akta, ["1"]), isin_np(akta, ["2"])
    )

    jkn = anggota["jaminan_kesehatan"]
    jkn_baik, jkn_buruk = isin_np(jkn, ["1", "2", "3"]), isin_np(jkn, ["4"])
    kepala = kepala_keluarga(n, pos, anggota)
    ada_kepala = kepala >= 0
    agregasi = settings["ibangga"]["v4_agregasi"]
    if agregasi == "semua":
        v4, _, k4 = status_per_keluarga(n, pos, semua, jkn_baik, jkn_buruk)
    elif agregasi == "kepala":
        v4 = np.full(n, np.nan)
        v4[ada_kepala] = np.where(
            jkn_baik[kepala[ada_kepala]],
            1.0,
            np.where(jkn_buruk[kepala[ada_kepala]], 0.0, np.nan),
        )
        k4 = np.isnan(v4)
    else:
        raise ValueError(f"ibangga.v4_agregasi '{agregasi}' tidak dikenal; yang sah: semua, kepala")
    nilai["v04_jaminan_kesehatan"], kosong["v04_jaminan_kesehatan"] = v4, k4

    ya = np.zeros(n, dtype=bool)
    berlaku = np.zeros(n, dtype=bool)
    item_kosong = np.zeros(n, dtype=bool)
    tidak_semua = np.ones(n, dtype=bool)
    for item in KONFLIK:
        values = keluarga[item]
        ya |= isin_np(values, ["Ya"])
        tidak = isin_np(values, ["Tidak"])
        empty = values.isna().to_numpy(bool)
        berlaku |= tidak | isin_np(values, ["Ya"])
        item_kosong |= empty
        tidak_semua &= tidak | isin_np(values, ["Tidak berlaku"])
    v5 = np.full(n, np.nan)
    v5[tidak_semua & berlaku] = 1.0
    v5[ya] = 0.0
    nilai["v05_tanpa_konflik"], kosong["v05_tanpa_konflik"] = v5, np.isnan(v5) & item_kosong

    status = anggota["status_kawin"]
    v6_anggota = np.full(len(anggota), np.nan)
    v6_anggota[isin_np(status, ["2", "4"])] = 1.0
    v6_anggota[isin_np(status, ["3"])] = 0.0
    v6_anggota[isin_np(status, ["1"])] = _belum_kawin(settings)
    v6 = np.full(n, np.nan)
    v6[ada_kepala] = v6_anggota[kepala[ada_kepala]]
    head_empty = np.ones(n, dtype=bool)
    head_empty[ada_kepala] = status.isna().to_numpy(bool)[kepala[ada_kepala]]
    nilai["v06_tidak_cerai_hidup"], kosong["v06_tidak_cerai_hidup"] = v6, head_empty

    rumah = keluarga["rumah_layak_huni"].astype("boolean")
    v9 = np.full(n, np.nan)
    v9[bool_np(rumah.eq(True))] = 1.0
    v9[bool_np(rumah.eq(False))] = 0.0
    nilai["v09_rumah_layak_huni"], kosong["v09_rumah_layak_huni"] = v9, np.isnan(v9)

    sekolah = settings["umur"]["sekolah"].values()
    lo, hi = min(int(r[0]) for r in sekolah), max(int(r[1]) for r in sekolah)
    tahun = anggota["umur_tahun"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    usia = (tahun >= lo) & (tahun <= hi)
    ss = anggota["status_sekolah"]
    v10, _, k10 = status_per_keluarga(n, pos, usia, isin_np(ss, ["2"]), isin_np(ss, ["1", "3"]))
    nilai["v10_keberlanjutan_pendidikan"], kosong["v10_keberlanjutan_pendidikan"] = v10, k10

    for column in ("v03_akta_lahir_anak", "v04_jaminan_kesehatan", "v06_tidak_cerai_hidup"):
        kosong[column] = kosong[column] | ~punya_anggota
    kosong["v10_keberlanjutan_pendidikan"] |= ~punya_anggota

    out = pd.DataFrame({c: nilai[c] for c in KOLOM_VARIABEL}, index=keluarga.index)
    any_empty = np.zeros(n, dtype=bool)
    for column in KOLOM_VARIABEL:
        any_empty |= kosong[column]
    out["jawaban_kosong"] = any_empty
    return out


def kategori_ibangga(values: pd.Series | np.ndarray) -> pd.Series:
    """Rentan [0, 40), Berkembang [40, 70], Tangguh (70, 100]; <NA> for a missing value."""
    series = pd.Series(values)
    x = np.round(series.astype("Float64").to_numpy(dtype="float64", na_value=np.nan), 9)
    label = np.full(len(x), None, dtype=object)
    label[x < BATAS_RENTAN] = KATEGORI[0]
    label[(x >= BATAS_RENTAN) & (x <= BATAS_TANGGUH)] = KATEGORI[1]
    label[x > BATAS_TANGGUH] = KATEGORI[2]
    return pd.Series(label, index=series.index, dtype="string")


def skor_ibangga(variabel: pd.DataFrame, bobot: list[float] | tuple[float, ...]) -> pd.DataFrame:
    """Dimension indices, family iBangga and category from the 17 variable columns (§8.3).

    ``variabel`` holds the columns :data:`KOLOM_VARIABEL` (1, 0 or NaN). Returns ``d_<dimensi>``
    (0–100 or <NA>), ``ibangga`` (0–100 or <NA> when no dimension has a value) and
    ``kategori``.
    """
    if len(bobot) != len(DIMENSI):
        raise ValueError(
            "ibangga.bobot harus berisi 3 bobot (ketenteraman, kemandirian, kebahagiaan)"
        )
    w = np.asarray(bobot, dtype="float64")
    d = np.full((len(variabel), len(DIMENSI)), np.nan)
    for k, dim in enumerate(DIMENSI):
        cols = [v[2] for v in VARIABEL if v[1] == dim]
        x = variabel[cols].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
        count = (~np.isnan(x)).sum(axis=1)
        total = np.nansum(x, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            d[:, k] = np.where(count > 0, 100.0 * total / count, np.nan)
    ada = ~np.isnan(d)
    wsum = (ada * w).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        ib = np.where(wsum > 0, np.nansum(d * w, axis=1) / wsum, np.nan)
    out = pd.DataFrame(index=variabel.index)
    for k, dim in enumerate(DIMENSI):
        out[f"d_{dim}"] = pd.array(d[:, k], dtype="Float64")
    out["ibangga"] = pd.array(ib, dtype="Float64")
    out["kategori"] = kategori_ibangga(out["ibangga"])
    return out


def count_ibangga(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    """Additive counts per cell: ``n_keluarga``; ``jumlah_skor_ibangga`` / ``n_skor_ibangga``
    (sum and count of family iBangga); ``jumlah_skor_d_<dimensi>`` / ``n_skor_d_<dimensi>``;
    ``n_rentan``, ``n_berkembang``, ``n_tangguh``; per variable ``n_<var>_1`` (score 1) and
    ``n_<var>_terisi`` (non-NA); ``n_jawaban_kosong``."""
    keluarga = tabel(tables, "pk_keluarga", KELUARGA_COLUMNS)
    var = variabel_ibangga(tables, settings)
    skor = skor_ibangga(var, settings["ibangga"]["bobot"])
    m: dict[str, np.ndarray] = {"n_keluarga": np.ones(len(var), dtype=bool)}
    for column in ["ibangga"] + [f"d_{dim}" for dim in DIMENSI]:
        x = skor[column].to_numpy(dtype="float64", na_value=np.nan)
        m[f"jumlah_skor_{column}"] = np.where(np.isnan(x), 0.0, x)
        m[f"n_skor_{column}"] = ~np.isnan(x)
    for label in KATEGORI:
        m[f"n_{label.lower()}"] = isin_np(skor["kategori"], [label])
    for column in KOLOM_VARIABEL:
        x = var[column].to_numpy(dtype="float64")
        m[f"n_{column}_1"] = x == 1.0
        m[f"n_{column}_terisi"] = ~np.isnan(x)
    m["n_jawaban_kosong"] = var["jawaban_kosong"].to_numpy(bool)
    return count_by_cell(keluarga, m)


def rates_ibangga(agg: pd.DataFrame) -> pd.DataFrame:
    """Per area: ``indeks_ibangga`` (mean family iBangga), ``indeks_<dimensi>`` (mean
    D_k over families with a value), ``rentan_pct`` / ``berkembang_pct`` / ``tangguh_pct`` (of
    families with an iBangga), ``jawaban_kosong_pct`` (of families), ``kategori_ibangga`` (of the
    area mean, same bins); counts ``n_keluarga``, ``n_skor_ibangga``, ``n_jawaban_kosong``,
    ``n_rentan`` … passed through."""
    out: dict[str, object] = {"wilayah_id": agg["wilayah_id"]}
    counts = (
        "n_keluarga",
        "n_skor_ibangga",
        "n_jawaban_kosong",
        *(f"n_{k.lower()}" for k in KATEGORI),
    )
    for c in counts:
        out[c] = agg[c].astype("float64")
    out["indeks_ibangga"] = safe_rate(agg["jumlah_skor_ibangga"], agg["n_skor_ibangga"], 1.0)
    out["kategori_ibangga"] = kategori_ibangga(out["indeks_ibangga"]).to_numpy()
    for dim in DIMENSI:
        out[f"indeks_{dim}"] = safe_rate(agg[f"jumlah_skor_d_{dim}"], agg[f"n_skor_d_{dim}"], 1.0)
    for label in KATEGORI:
        out[f"{label.lower()}_pct"] = safe_rate(agg[f"n_{label.lower()}"], agg["n_skor_ibangga"])
    out["jawaban_kosong_pct"] = safe_rate(agg["n_jawaban_kosong"], agg["n_keluarga"])
    return pd.DataFrame(out).reset_index(drop=True)


def long_variabel_ibangga(agg: pd.DataFrame) -> pd.DataFrame:
    """Per area × variable: ``wilayah_id, nomor, variabel, dimensi, rekonstruksi, n_1,
    n_terisi, skor_1_pct, peringkat`` — the share of families scoring 1 among those with a
    non-NA score (<NA> when none), ``rekonstruksi`` true for variables 9–17 (§8.2), and
    ``peringkat`` 1 = weakest variable of the area (lowest share; ties share the lower rank)."""
    parts = []
    for nomor, dim, column, _nama, rekon in VARIABEL:
        parts.append(
            pd.DataFrame(
                {
                    "wilayah_id": agg["wilayah_id"].to_numpy(),
                    "nomor": nomor,
                    "variabel": column,
                    "dimensi": dim,
                    "rekonstruksi": rekon,
                    "n_1": agg[f"n_{column}_1"].to_numpy(dtype="float64"),
                    "n_terisi": agg[f"n_{column}_terisi"].to_numpy(dtype="float64"),
                    "_area": np.arange(len(agg)),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True).sort_values(["_area", "nomor"], kind="stable")
    out["skor_1_pct"] = safe_rate(out["n_1"], out["n_terisi"])
    out["peringkat"] = (
        out.groupby("_area")["skor_1_pct"].rank(method="min", ascending=True).astype("Int64")
    )
    out = out.drop(columns="_area").reset_index(drop=True)
    for c in ("wilayah_id", "variabel", "dimensi"):
        out[c] = out[c].astype("string")
    out["nomor"] = out["nomor"].astype("int64")
    out["rekonstruksi"] = out["rekonstruksi"].astype(bool)
    return out
