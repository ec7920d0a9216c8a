"""Report cover and the profile sections of the KKB: identity, summary, population, KB and
poktan, iBangga, stunting and KRS, welfare, schooling and teenagers, UMKM unggulan."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from kkb_analysis.config import load_reference
from kkb_analysis.indikator import klasifikasi as klas
from kkb_analysis.indikator.katalog import atau_bawaan, isi_label, katalog
from kkb_analysis.indikator.perubahan import BATAS_LAMA, BELUM_KKB, REKONSTRUKSI, TIDAK_ADA
from kkb_analysis.indikator.target import muat_target
from kkb_analysis.laporan import grafik as grafik_mod
from kkb_analysis.laporan import narasi
from kkb_analysis.laporan.bagian_ringkas import (
    judul_temuan,
    kalimat_stunting_ringkas,
)
from kkb_analysis.laporan.dasar import (
    CATATAN_SSGI,
    DataLaporan,
    baris_wilayah,
    catatan_wilayah,
    f,
    jenis_pembanding,
    nama_registri,
    nilai,
    pembanding,
    pindah_ke_lampiran,
    selesai,
    sumber,
    tabel_banding,
    tabel_rw,
)
from kkb_analysis.laporan.dasar import (
    BagianKkb as Bagian,
)
from kkb_analysis.laporan.format import (
    ASAL_TEKS,
    BELUM_KKB_TEKS,
    DATA_TIDAK_CUKUP,
    format_angka,
    format_nilai,
    format_periode,
    format_persen,
    format_tanggal,
)
from kkb_analysis.laporan.kata_banding import kata_status_target
from kkb_analysis.nilai import kosong as _na
from kkb_analysis.sumber.kkb_profil import POKTAN


# ------------------------------------------------------------------------------------ helpers
def _baris_inti(d: DataLaporan, tabel: str) -> pd.Series | None:
    """The KKB's row of a core table (``core_kkb``; ``core_kkb_profil`` of the data year)."""
    df = d.tabel.get(tabel, pd.DataFrame())
    if df.empty or "kkb_id" not in df.columns:
        return None
    rows = df.loc[df["kkb_id"].astype("string") == d.kkb_id]
    if "tahun" in rows.columns:
        rows = rows.loc[pd.to_numeric(rows["tahun"], errors="coerce") == d.tahun]
    return None if rows.empty else rows.iloc[0]


def _ya_tidak(v: Any) -> str:
    """A flag as "ya" / "tidak" / "data tidak cukup"."""
    return DATA_TIDAK_CUKUP if pd.isna(v) else ("ya" if bool(v) else "tidak")


def _kode(daftar: str, v: Any) -> str:
    """Label of a code of the contract's code lists (``referensi/kode.yaml``)."""
    if pd.isna(v):
        return DATA_TIDAK_CUKUP
    return str(load_reference("kode")[daftar]["kode"].get(str(v), v))


def _baris_kkb(d: DataLaporan, tabel: str, kolom: str = "kkb_id") -> pd.DataFrame:
    """The KKB's rows of a KKB-level ``out_*`` table (empty when the table has no columns)."""
    df = d.tabel.get(tabel, pd.DataFrame())
    if kolom not in df.columns:
        return df.iloc[0:0]
    kunci = d.kkb_id if kolom == "kkb_id" else d.wilayah_id
    return df.loc[df[kolom].astype("string") == kunci]


def _isi(d: DataLaporan, templat: str) -> str:
    """A label template (``{umur.remaja}`` …) with the report's settings in force."""
    return isi_label(templat, d.pengaturan or None)


def _label(d: DataLaporan, kolom: str, pendek: bool = False) -> str:
    """The catalogue label of an out_wilayah column with the report's settings in force."""
    e = katalog().get(kolom)
    return e.judul_pendek(d.pengaturan or None) if pendek else e.judul(d.pengaturan or None)


def _pk(d: DataLaporan) -> str:
    return format_periode("PK", d.tahun)


def _tabel_per_rw(d: DataLaporan, kolom: list[tuple[str, str]]) -> tuple[pd.DataFrame, str]:
    """The suppressed per-RW table of the KKB from ``out_rw`` (empty frame when absent)."""
    rw = d.tabel.get("out_rw", pd.DataFrame())
    if rw.empty or "kkb_id" not in rw.columns:
        return pd.DataFrame(), ""
    rw = rw.loc[rw["kkb_id"].astype("string") == d.kkb_id]
    if rw.empty:
        return pd.DataFrame(), ""
    return tabel_rw(rw, [(_isi(d, label), k) for label, k in kolom], d.sel_kecil)


def _catat_banding(d: DataLaporan, b: Bagian, *judul: str) -> None:
    """Add the whole-kelurahan note under the comparison tables ``judul`` of a section."""
    catatan = catatan_wilayah(d)
    if not catatan:
        return
    for j in judul:
        lama = b.catatan_tabel.get(j, "")
        b.catatan_tabel[j] = f"{lama} {catatan}".strip()


def _banding(d: DataLaporan, kolom: str) -> str:
    """The comparison sentence of the report: the KKB against its kelurahan (unless it covers
    it whole) and the city outside every KKB; registries named as in the data year."""
    teks = narasi.kalimat_perbandingan(
        d.wilayah, d.kkb_id, kolom, pembanding=jenis_pembanding(d), pengaturan=d.pengaturan or None
    )
    return nama_registri(teks, d.tahun)


def _tambah_rw(b: Bagian, judul: str, tabel: pd.DataFrame, catatan: str, label: str) -> None:
    """Add the per-RW table (or the "data tidak cukup" sentence) to a section."""
    if tabel.empty:
        b.teks.append(f"{judul}: {DATA_TIDAK_CUKUP} (tabel per RW belum tersedia).")
        return
    b.tabel[judul] = tabel
    b.sumber_tabel[judul] = sumber(label)
    if catatan:
        b.catatan_tabel[judul] = catatan


def _identitas_wilayah(d: DataLaporan) -> dict[str, str]:
    """Coverage, launch date, regulation and coordinates from ``core_kkb``."""
    m = _baris_inti(d, "core_kkb")
    cakupan = nilai(m, "cakupan_wilayah")
    sk = nilai(m, "nomor_sk")
    regulasi = _kode("regulasi_id", nilai(m, "regulasi_id"))
    return {
        "Cakupan wilayah": DATA_TIDAK_CUKUP
        if pd.isna(cakupan)
        else narasi.daftar_rw(nilai(m, "rw_list")),
        "Tanggal pencanangan": format_tanggal(nilai(m, "tanggal_pencanangan")),
        "Regulasi (SK)": regulasi if pd.isna(sk) else f"{regulasi} Nomor {sk}",
        "Koordinat": narasi.format_koordinat(nilai(m, "latitude"), nilai(m, "longitude")),
    }


def _identitas_pokja(d: DataLaporan) -> dict[str, str]:
    """Pokja size and training, PKB/PLKB assignment (never a name) from ``core_kkb_profil``."""
    p = _baris_inti(d, "core_kkb_profil")
    jumlah, terlatih = nilai(p, "pokja_jumlah"), nilai(p, "pokja_terlatih")
    pct = pd.NA if pd.isna(jumlah) or pd.isna(terlatih) or jumlah == 0 else 100 * terlatih / jumlah
    pendamping = _ya_tidak(nilai(p, "pkb_plkb_pendamping"))
    lain = nilai(p, "pendamping_lain")
    if pendamping == "tidak" and not pd.isna(lain):
        pendamping = f"tidak; didampingi {_kode('pendamping_lain', lain)}"
    return {
        "Pokja KKB ada": _ya_tidak(nilai(p, "pokja_ada")),
        "SK Pokja ada": _ya_tidak(nilai(p, "pokja_sk_ada")),
        "Jumlah anggota pokja": format_angka(jumlah),
        "Anggota pokja terlatih": f"{format_angka(terlatih)} ({format_persen(pct)})"
        if not pd.isna(terlatih)
        else DATA_TIDAK_CUKUP,
        "PKB/PLKB pendamping": pendamping,
    }


def identitas(d: DataLaporan) -> Bagian:
    """Section 1: name, code, area and coverage, launch date, SK, coordinates, pokja, tier and
    sources (no personal names)."""
    k = d.kkb
    angka = {
        "Nama Kampung KB": d.nama,
        "Kode KKB": d.kkb_id,
        "Kelurahan": str(nilai(d.kelurahan, "nama_wilayah")),
        "Kecamatan": str(nilai(d.kecamatan, "nama_wilayah")),
        "Tahun data": format_nilai(d.tahun, "tahun"),
        "Tingkat klasifikasi": format_nilai(k.get("tingkat", pd.NA), "tingkat"),
        "Jumlah keluarga (PK)": f(k, "n_keluarga"),
        "Jumlah penduduk (PK)": f(k, "n_penduduk"),
        **_identitas_wilayah(d),
        **_identitas_pokja(d),
    }
    bulan = k.get("kkbpk_bulan", pd.NA)
    label = [
        format_periode("PK", d.tahun),
        format_periode("KKBPK", d.tahun, None if pd.isna(bulan) else int(bulan)),
        format_periode("e-PPGBM", d.tahun),
        f"Profil KKB {d.tahun}",
    ]
    teks = [
        f"Laporan evaluasi {d.nama} (kode {d.kkb_id}) untuk tahun data "
        f"{format_nilai(d.tahun, 'tahun')}. Sumber data: {', '.join(label)}; diolah "
        f"{grafik_mod.PENGOLAH}."
    ]
    b = Bagian("Identitas KKB", teks=teks, angka=angka)
    b.sumber_angka = sumber(f"Data induk KKB dan Profil KKB {d.tahun}; {_pk(d)}")
    return selesai(b)


#: Rows of the year-over-year table of the summary (columns of ``out_perubahan.indikator``):
#: the catalogue list ``perubahan_kkb``.
INDIKATOR_PERUBAHAN = tuple(katalog().kolom_daftar("perubahan_kkb"))


#: Marks after a last-year value obtained otherwise than on the same boundaries (explained in
#: the note under the table, :func:`catatan_perubahan`).
TANDA_ASAL = {REKONSTRUKSI: "*", BATAS_LAMA: "†"}


def _perubahan_kkb(d: DataLaporan) -> pd.DataFrame:
    """The KKB's rows of ``out_perubahan``, indexed by indicator."""
    pe = d.tabel.get("out_perubahan", pd.DataFrame())
    if "wilayah_id" in pe.columns:
        pe = pe.loc[pe["wilayah_id"].astype("string") == d.wilayah_id]
        pe = pe.set_index(pe["indikator"].astype(str))
    return pe


def _kkb_baru(d: DataLaporan) -> bool:
    """Whether the KKB was not yet a KKB last year (``tingkat_sebelumnya`` = ``belum_kkb``)."""
    lalu = nilai(d.kkb, "tingkat_sebelumnya")
    return isinstance(lalu, str) and lalu == BELUM_KKB


def tabel_perubahan(d: DataLaporan) -> pd.DataFrame:
    """Headline indicators of the KKB this year and last year (``out_perubahan``).

    A last-year value recomputed on this year's boundaries is marked "*", one on last year's
    different boundaries "†" (:func:`catatan_perubahan` explains both); a KKB-only indicator of
    a KKB that did not exist last year reads "belum menjadi KKB". The change column words the
    comparison code of ``out_perubahan`` (:func:`narasi.kalimat_perubahan_nilai`).
    """
    pe = _perubahan_kkb(d)
    baru = _kkb_baru(d)
    baris = []
    registri = {i.kolom: i for i in narasi.registri(d.pengaturan or None)}
    for kolom in INDIKATOR_PERUBAHAN:
        ind = registri[kolom]
        r = pe.loc[kolom] if kolom in pe.index else pd.Series(dtype=object)
        sekarang, lalu = r.get("nilai", pd.NA), r.get("nilai_sebelumnya", pd.NA)
        asal = r.get("asal_sebelumnya", pd.NA)
        label = f"{ind.label} ({ind.sumber})" if ind.sumber else ind.label
        teks_lalu = narasi.format_indikator(lalu, ind)
        if isinstance(asal, str) and asal in TANDA_ASAL:
            teks_lalu = f"{teks_lalu} {TANDA_ASAL[asal]}"
        elif baru and asal == TIDAK_ADA:
            teks_lalu = BELUM_KKB_TEKS
        perubahan = narasi.kalimat_perubahan_nilai(
            sekarang,
            lalu,
            ind,
            kode=r.get("kode_banding"),
            perubahan_bawah=r.get("perubahan_bawah"),
            perubahan_atas=r.get("perubahan_atas"),
            n_kecil=r.get("is_n_kecil", False),
            pengaturan=d.pengaturan or None,
        )
        if baru and asal == TIDAK_ADA:
            perubahan = TANPA_PEMBANDING  # nothing to compare with, not missing data
        baris.append(
            {
                "Indikator": label,
                str(d.tahun): narasi.format_indikator(sekarang, ind),
                str(d.tahun - 1): teks_lalu,
                "Perubahan": perubahan,
            }
        )
    return pd.DataFrame(baris)


#: The change cell of a KKB-only indicator of a KKB that did not exist last year.
TANPA_PEMBANDING = "tidak ada pembanding"


def catatan_perubahan(d: DataLaporan) -> str:
    """The note under the change table: what "*" and "†" mean for this KKB ("" when no row of
    the table is marked)."""
    pe = _perubahan_kkb(d)
    if "asal_sebelumnya" not in pe.columns:
        return ""
    asal = set(pe.loc[pe.index.isin(INDIKATOR_PERUBAHAN), "asal_sebelumnya"].dropna())
    lalu = d.tahun - 1
    kalimat = []
    if REKONSTRUKSI in asal:
        sebab = (
            f"wilayah ini {BELUM_KKB_TEKS} pada tahun {lalu}"
            if _kkb_baru(d)
            else f"batas KKB berubah sejak tahun {lalu}"
        )
        kalimat.append(
            f"* Nilai tahun {lalu} {ASAL_TEKS[REKONSTRUKSI].format(tahun=lalu)} ({sebab}), "
            "sehingga kedua tahun dibandingkan pada wilayah yang sama."
        )
    if BATAS_LAMA in asal:
        kalimat.append(
            f"† {ASAL_TEKS[BATAS_LAMA].format(tahun=lalu).capitalize()}: sebagian perubahan "
            "dapat disebabkan oleh perubahan batas wilayah, bukan oleh perubahan keadaan."
        )
    if _kkb_baru(d) and TIDAK_ADA in asal:
        kalimat.append(
            f"Indikator yang hanya dihitung untuk KKB (laporan portal KKB) tidak ada untuk tahun "
            f"{lalu} karena wilayah ini {BELUM_KKB_TEKS}."
        )
    return " ".join(kalimat)


#: The note under the change table on how its words are decided (docs/metodologi.md §20).
CATATAN_BANDING = (
    "Kata perubahan mengikuti arah baik indikator: membaik/memburuk bila selisihnya bermakna, "
    "setara bila tidak. Untuk data Pendataan Keluarga dan laporan portal, selisih angka yang "
    "dicetak harus paling sedikit beda bermakna minimal (mis. 1 poin persen untuk persentase; "
    "daftar lengkapnya di lampiran metode); untuk persentase e-PPGBM (hanya balita yang diukur), "
    'rentang 95 % selisihnya tidak boleh mencakup 0. "n kecil": penyebutnya kurang dari '
    "{n} pada salah satu tahun."
)


def tabel_target_kkb(d: DataLaporan) -> pd.DataFrame:
    """The KKB's headline indicators that have an official target (``out_target``): value,
    target, target year and the status in words (:mod:`kata_banding`)."""
    tg = d.tabel.get("out_target", pd.DataFrame())
    kolom = ["Indikator", "Nilai", "Target", "Tahun target", "Status"]
    if "wilayah_id" not in tg.columns:
        return pd.DataFrame(columns=kolom)
    tg = tg.loc[tg["wilayah_id"].astype("string") == d.wilayah_id]
    registri = {i.kolom: i for i in narasi.registri(d.pengaturan or None)}
    baris = []
    for r in tg.to_dict("records"):
        ind = registri.get(str(r["indikator"]))
        if ind is None:
            continue
        status = kata_status_target(r["status_target"])
        if r.get("is_target_belum_terverifikasi") is True:
            status += " (target belum terverifikasi)"
        baris.append(
            [
                f"{ind.label} ({ind.sumber})" if ind.sumber else ind.label,
                narasi.format_indikator(r["nilai"], ind),
                f"{narasi.format_indikator(r['nilai_target'], ind)} ({r['tingkat_target']})",
                str(r["tahun_target"]),
                status,
            ]
        )
    return pd.DataFrame(baris, columns=kolom)


CATATAN_TARGET = (
    "Target menurut dokumen resmi yang disebut pada sumber tabel (Dinas dapat menyesuaikannya); "
    "target yang belum terverifikasi tidak dipakai. Tidak sebanding: target diukur dengan sumber "
    "lain (mis. survei SSGI/SKI), sehingga perbandingan hanya indikatif."
)


def dokumen_target(d: DataLaporan) -> list[str]:
    """The documents that set the targets printed for this KKB (the target's one home,
    :func:`kkb_analysis.indikator.target.muat_target`), in first-use order."""
    tg = d.tabel.get("out_target", pd.DataFrame())
    if "wilayah_id" not in tg.columns or "kunci_target" not in tg.columns:
        return []
    kunci = tg.loc[tg["wilayah_id"].astype("string") == d.wilayah_id, "kunci_target"]
    semua = muat_target()
    return list(dict.fromkeys(semua[k].dokumen for k in kunci.dropna() if k in semua))


KOLOM_RW_KEPENDUDUKAN = [
    ("Keluarga", "n_keluarga"),
    ("Penduduk", "n_penduduk"),
    ("Balita ({umur.balita_bulan} bulan)", "n_balita"),
]
KOLOM_RW_STUNTING = [
    ("Keluarga sasaran", "n_keluarga_sasaran"),
    ("KRS", "n_krs"),
    ("KRS (%)", "krs_pct"),
    ("Balita diukur", "n_balita_diukur"),
    ("Balita stunting", "n_stunting"),
    ("Stunting (%)", "stunting_pct"),
]


def kependudukan(d: DataLaporan) -> Bagian:
    """Section 3: population pyramid (KKB vs city) and key population figures."""
    k = d.kkb
    periode = format_periode("PK", d.tahun)
    teks = [
        f"Menurut {periode}, {d.nama} dihuni {f(k, 'n_penduduk')} jiwa "
        f"({f(k, 'n_penduduk_l')} laki-laki dan {f(k, 'n_penduduk_p')} perempuan) dalam "
        f"{f(k, 'n_keluarga')} keluarga; rata-rata {f(k, 'rasio_penduduk_per_keluarga')} "
        f"jiwa per keluarga. Rasio jenis kelamin {f(k, 'rasio_jenis_kelamin')} laki-laki per "
        f"100 perempuan, rasio ketergantungan {f(k, 'rasio_ketergantungan')} per 100 penduduk "
        f"usia 15–64 tahun, median umur {f(k, 'median_umur')} tahun."
    ]
    baris = [
        ("Jumlah keluarga", "n_keluarga"),
        ("Jumlah penduduk", "n_penduduk"),
        (_label(d, "n_balita"), "n_balita"),
        (_label(d, "n_remaja"), "n_remaja"),
        (_label(d, "n_lansia"), "n_lansia"),
        ("Rasio ketergantungan (per 100)", "rasio_ketergantungan"),
        ("Median umur (tahun)", "median_umur"),
    ]
    tabel = {"Angka kunci kependudukan": tabel_banding(d, baris)}
    angka = {"Jumlah penduduk": f(k, "n_penduduk"), "Jumlah keluarga": f(k, "n_keluarga")}
    b = Bagian(
        "Kependudukan",
        teks=teks,
        angka=angka,
        tabel=tabel,
        sumber_tabel={"Angka kunci kependudukan": sumber(periode)},
        cetak_angka=False,
    )
    b.sumber_angka = sumber(periode)
    _catat_banding(d, b, "Angka kunci kependudukan")
    return selesai(b)


#: Printed instead of "0 | 0,0%" for a poktan the KKB profile says does not exist.
BELUM_ADA_POKTAN = "belum ada poktan"


def _poktan_tidak_ada(d: DataLaporan) -> set[str]:
    """Names of the poktan ("BKR", "PIK-R" …) the KKB's profile marks as absent (flag false;
    a missing flag is not "absent")."""
    p = _baris_inti(d, "core_kkb_profil")
    nama = dict(zip(POKTAN, klas.LABEL_POKTAN.values(), strict=True))
    return {
        n for kolom, n in nama.items() if not _na(nilai(p, kolom)) and not bool(nilai(p, kolom))
    }


def _sel_poktan(ada: bool, peserta: Any, teks: str) -> str:
    """A participation cell: :data:`BELUM_ADA_POKTAN` when the poktan does not exist and has no
    participant (a 0 there would read as a poktan nobody attends)."""
    if not ada and (_na(peserta) or float(peserta) == 0):
        return BELUM_ADA_POKTAN
    return teks


def kb_dan_poktan(d: DataLaporan) -> Bagian:
    """Section 4: KB figures from PK and from KKBPK (labelled, never mixed), the KKBPK method mix
    chart and the poktan participation table."""
    k = d.kkb
    pk = format_periode("PK", d.tahun)
    bulan = k.get("kkbpk_bulan", pd.NA)
    kkbpk = (
        f"KKBPK {d.tahun} (bulan tidak diketahui)"
        if pd.isna(bulan)
        else format_periode("KKBPK", d.tahun, int(bulan))
    )
    baris = [
        ("CPR", pk, "cpr_pct"),
        ("mCPR", pk, "mcpr_pct"),
        ("MKJP", pk, "mkjp_pct"),
        ("Unmet need", pk, "unmet_need_pct"),
        ("PUS", kkbpk, "kkbpk_n_pus"),
        ("Peserta KB aktif", kkbpk, "kkbpk_n_pengguna_kb"),
        ("CPR 7 metode (definisi portal)", kkbpk, "kkbpk_cpr_7_metode_pct"),
        ("MKJP", kkbpk, "kkbpk_mkjp_pct"),
        ("Unmet need", kkbpk, "kkbpk_unmet_need_pct"),
    ]
    tabel_kb = pd.DataFrame(
        {
            "Indikator": [b[0] for b in baris],
            "Sumber": [b[1] for b in baris],
            d.nama: [f(k, b[2]) for b in baris],
            d.nama_kota_luar: [f(d.kota_luar, b[2]) if b[1] == pk else "—" for b in baris],
        }
    )
    teks = [
        _banding(d, "cpr_pct"),
        _banding(d, "unmet_need_pct"),
        f"Angka KB dari Pendataan Keluarga ({pk}) dan dari laporan bulanan KKBPK ({kkbpk}) "
        f"memakai definisi dan penyebut berbeda, sehingga disajikan terpisah: CPR {pk} "
        f"{f(k, 'cpr_pct')}, CPR 7 metode {kkbpk} {f(k, 'kkbpk_cpr_7_metode_pct')}.",
    ]
    pok = d.tabel["out_poktan"]
    pok = pok.loc[pok["kkb_id"].astype("string") == d.kkb_id]
    label_penyebut = {
        "keluarga_punya_balita": "Keluarga dengan balita",
        "keluarga_punya_remaja": "Keluarga dengan remaja",
        "keluarga_punya_lansia": "Keluarga dengan lansia",
        "jumlah_keluarga": "Jumlah keluarga",
        "jumlah_remaja": "Jumlah remaja",
    }
    tidak_ada = _poktan_tidak_ada(d)
    ada = [str(n) not in tidak_ada for n in pok["poktan"]]
    tabel_pok = pd.DataFrame(
        {
            "Poktan": pok["poktan"].astype(str).tolist(),
            "Peserta": [
                "—" if _sel_poktan(a, v, "") else format_angka(v)
                for a, v in zip(ada, pok["peserta"], strict=True)
            ],
            "Penyebut (PK)": [label_penyebut.get(str(v), str(v)) for v in pok["penyebut"]],
            "Jumlah penyebut": [format_angka(v) for v in pok["nilai_penyebut"]],
            "Partisipasi": [
                _sel_poktan(
                    a, n, format_persen(v) + (" (melebihi 100%, periksa data)" if bool(m) else "")
                )
                for a, n, v, m in zip(
                    ada, pok["peserta"], pok["partisipasi_pct"], pok["melebihi_100"], strict=True
                )
            ],
        }
    )
    g = grafik_mod.bauran_metode(d.tabel["out_metode_kb"], d.wilayah_id, kkbpk, nama_wilayah=d.nama)
    if not pd.isna(nilai(k, "kkbpk_mkjp_pct")):
        g = replace(
            g,
            judul=f"Metode jangka panjang (MKJP) dipakai {f(k, 'kkbpk_mkjp_pct')} peserta KB "
            f"aktif {d.nama}",
        )
    return selesai(
        Bagian(
            "KB dan poktan",
            teks=teks,
            angka={
                "CPR (PK)": f(k, "cpr_pct"),
                "CPR 7 metode (KKBPK)": f(k, "kkbpk_cpr_7_metode_pct"),
            },
            tabel={"Indikator KB menurut sumber": tabel_kb, "Partisipasi poktan": tabel_pok},
            cetak_angka=False,
            sumber_tabel={
                "Indikator KB menurut sumber": sumber(f"{pk}; {kkbpk}"),
                "Partisipasi poktan": sumber(f"{kkbpk} (peserta); {pk} (penyebut)"),
            },
            catatan_tabel={
                "Indikator KB menurut sumber": "—: laporan bulanan KKBPK hanya dibuat untuk "
                "Kampung KB, sehingga tidak ada angka kota di luar KKB."
            },
            grafik=[g],
            sumber_angka=sumber(f"{pk}; {kkbpk}"),
        )
    )


def catatan_balita_dua_sumber(d: DataLaporan) -> str:
    """A note when e-PPGBM measured more balita than PK counts in the KKB (two sources, two
    periods: not an error); "" otherwise."""
    diukur, pk = nilai(d.kkb, "n_balita_diukur"), nilai(d.kkb, "n_balita")
    if _na(diukur) or _na(pk) or float(diukur) <= float(pk):
        return ""
    return (
        f"Balita yang diukur ({format_periode('e-PPGBM', d.tahun)}, {format_angka(diukur)} "
        f"balita) lebih banyak daripada balita yang tercatat di {format_periode('PK', d.tahun)} "
        f"({format_angka(pk)} balita): e-PPGBM mencatat setiap balita yang diukur di posyandu "
        "sepanjang tahun, termasuk yang pindah atau lahir setelah pendataan, sedangkan PK "
        "mencatat anggota keluarga pada saat pendataan. Kedua sumber dan periodenya berbeda, "
        "sehingga jumlahnya tidak harus sama."
    )


def stunting_dan_krs(d: DataLaporan) -> Bagian:
    """Section 5: stunting prevalence (95% CI, n, severity), the e-PPGBM vs SSGI caveat, the HAZ
    distribution chart and the KRS recap."""
    k = d.kkb
    ep = format_periode("e-PPGBM", d.tahun)
    pk = format_periode("PK", d.tahun)
    teks = [
        f"{kalimat_stunting_ringkas(d)} Rentang keyakinan 95% prevalensinya "
        f"{f(k, 'stunting_ci_low_pct')}–{f(k, 'stunting_ci_high_pct')} ({ep}, pengukuran "
        "terakhir tiap balita).",
        CATATAN_SSGI,
    ]
    catatan_n = catatan_balita_dua_sumber(d)
    if catatan_n:
        teks.append(catatan_n)
    rekap = d.tabel["out_rekap_krs"]
    r = baris_wilayah(rekap.rename(columns={"kode_wilayah": "wilayah_id"}), d.wilayah_id)
    baris = [
        ("Jumlah keluarga", "jumlah_keluarga"),
        ("Keluarga sasaran", "jumlah_keluarga_sasaran"),
        ("Keluarga berisiko stunting (KRS)", "total_krs"),
        ("Tidak berisiko", "tidak_berisiko"),
        ("Dengan baduta", "baduta"),
        ("Dengan balita", "balita"),
        ("Dengan PUS hamil", "pus_hamil"),
        ("Air minum tidak layak", "air_minum_tidak_layak"),
        ("Jamban tidak layak", "jamban_tidak_layak"),
        ("PUS terlalu muda (< 20 tahun)", "terlalu_muda"),
        ("PUS terlalu tua (35–40 tahun)", "terlalu_tua"),
        ("Jarak kelahiran terlalu dekat", "terlalu_dekat"),
        ("Anak terlalu banyak (> 3)", "terlalu_banyak"),
    ]
    tabel_krs = pd.DataFrame(
        {
            "Komponen": [b[0] for b in baris],
            "Jumlah keluarga": [format_angka(nilai(r, b[1])) for b in baris],
        }
    )
    teks.append(
        f"Menurut {pk}, {f(k, 'n_krs')} dari {format_angka(nilai(r, 'jumlah_keluarga_sasaran'))}"
        f" keluarga sasaran termasuk keluarga berisiko stunting ({f(k, 'krs_pct')})."
    )
    g = grafik_mod.distribusi_zskor(d.tabel["out_zscore"], d.wilayah_id, ep, nama_wilayah=d.nama)
    g = replace(g, judul=f"{judul_temuan(d, 'stunting_pct', 'Prevalensi stunting')} (sebaran TB/U)")
    tabel_st = tabel_banding(
        d,
        [
            ("Prevalensi stunting", "stunting_pct"),
            ("Batas bawah IK 95%", "stunting_ci_low_pct"),
            ("Batas atas IK 95%", "stunting_ci_high_pct"),
            ("Balita diukur (n)", "n_balita_diukur"),
            ("Kategori menurut ambang WHO–UNICEF", "stunting_kategori"),
            ("Keluarga berisiko stunting", "krs_pct"),
        ],
    )
    b = Bagian(
        "Stunting dan keluarga berisiko stunting",
        teks=teks,
        angka={
            "Prevalensi stunting": f(k, "stunting_pct"),
            "Balita diukur": f(k, "n_balita_diukur"),
            "Kategori": format_nilai(k.get("stunting_kategori", pd.NA), "stunting_kategori"),
        },
        tabel={"Stunting dan KRS": tabel_st, "Rekap keluarga berisiko stunting": tabel_krs},
        sumber_tabel={
            "Stunting dan KRS": sumber(f"{ep} (stunting); {pk} (KRS)"),
            "Rekap keluarga berisiko stunting": sumber(pk),
        },
        grafik=[g],
        cetak_angka=False,
    )
    b.sumber_angka = sumber(ep)
    _catat_banding(d, b, "Stunting dan KRS")
    return selesai(pindah_ke_lampiran(b, "Rekap keluarga berisiko stunting"))


# ------------------------------------------------------------------------------------ iBangga
def _variabel_terlemah(d: DataLaporan, n: int = 5) -> pd.DataFrame:
    """The ``n`` iBangga variables with the lowest share of families scoring 1, next to the city
    outside the KKB areas (the comparator that judges a KKB; the whole city only when that row
    is absent), the column headed by what it is."""
    var = d.tabel.get("out_ibangga_variabel", pd.DataFrame())
    if "wilayah_id" not in var.columns:
        return pd.DataFrame()
    kkb = var.loc[var["wilayah_id"].astype("string") == d.wilayah_id]
    kkb = kkb.dropna(subset=["skor_1_pct"]).sort_values(["skor_1_pct", "nomor"]).head(n)
    luar = d.kota_luar
    kota_id, judul_kota = (
        (str(luar["wilayah_id"]), d.nama_kota_luar)
        if luar is not None and (var["wilayah_id"].astype("string") == luar["wilayah_id"]).any()
        else (
            "" if d.kota is None else str(d.kota["wilayah_id"]),
            "Seluruh kota" if d.kota is None else f"Seluruh {d.kota['nama_wilayah']}",
        )
    )
    kota = var.loc[var["wilayah_id"].astype("string") == kota_id].set_index("variabel")
    return pd.DataFrame(
        {
            "Variabel": [
                str(v) + (" *" if bool(r) else "")
                for v, r in zip(kkb["nama"], kkb["rekonstruksi"], strict=True)
            ],
            "Dimensi": kkb["dimensi"].astype(str).str.capitalize().tolist(),
            "Keluarga memenuhi": [format_angka(v) for v in kkb["n_1"]],
            "Keluarga dinilai": [format_angka(v) for v in kkb["n_terisi"]],
            d.nama: [format_persen(v) for v in kkb["skor_1_pct"]],
            judul_kota: [
                format_persen(kota["skor_1_pct"].get(v, pd.NA) if not kota.empty else pd.NA)
                for v in kkb["variabel"]
            ],
        }
    )


def ibangga(d: DataLaporan) -> Bagian:
    """Section: iBangga index and its three dimensions vs kelurahan and city, the distribution
    of families Rentan/Berkembang/Tangguh, the weakest variables and a chart."""
    k, pk = d.kkb, _pk(d)
    kolom = [
        ("Indeks iBangga", "indeks_ibangga"),
        ("Kategori", "kategori_ibangga"),
        ("Dimensi ketenteraman", "indeks_ketenteraman"),
        ("Dimensi kemandirian", "indeks_kemandirian"),
        ("Dimensi kebahagiaan", "indeks_kebahagiaan"),
        ("Keluarga Rentan (< 40)", "rentan_pct"),
        ("Keluarga Berkembang (40–70)", "berkembang_pct"),
        ("Keluarga Tangguh (> 70)", "tangguh_pct"),
        ("Keluarga dengan nilai iBangga", "n_skor_ibangga"),
    ]
    sebaran = pd.DataFrame(
        {
            "Kategori keluarga": ["Rentan", "Berkembang", "Tangguh"],
            "Jumlah keluarga": [f(k, c) for c in ("n_rentan", "n_berkembang", "n_tangguh")],
            "Persentase": [f(k, c) for c in ("rentan_pct", "berkembang_pct", "tangguh_pct")],
        }
    )
    lemah = _variabel_terlemah(d)
    teks = [
        narasi.kalimat_ibangga(
            f"Indeks iBangga ({pk}) {d.nama}",
            nilai(k, "indeks_ibangga"),
            nilai(k, "kategori_ibangga"),
            nilai(k, "rentan_pct"),
            nilai(k, "berkembang_pct"),
            nilai(k, "tangguh_pct"),
        ),
        _banding(d, "indeks_ibangga"),
    ]
    judul_banding = judul_temuan(d, "indeks_ibangga", "Indeks iBangga")
    b = Bagian(
        "Indeks Pembangunan Keluarga (iBangga)",
        teks=teks,
        tabel={judul_banding: tabel_banding(d, kolom)},
        sumber_tabel={judul_banding: sumber(pk)},
    )
    b.angka = {"Sebaran keluarga": " / ".join(sebaran["Jumlah keluarga"])}
    b.cetak_angka = False
    _catat_banding(d, b, judul_banding)
    judul = "Lima variabel iBangga terlemah"
    if lemah.empty:
        b.teks.append(f"{judul}: {DATA_TIDAK_CUKUP}.")
    else:
        b.tabel[judul] = lemah
        b.sumber_tabel[judul] = sumber(pk)
        b.catatan_tabel[judul] = (
            "Persentase = keluarga yang memenuhi kriteria dari keluarga yang dinilai. Variabel "
            "bertanda * disusun ulang dari kuesioner PK karena rumus resminya belum diterbitkan "
            "BKKBN; cara penyusunannya ada di lampiran."
        )
    return selesai(b)


def _pembanding_ada(d: DataLaporan) -> list[tuple[str, pd.Series]]:
    """The comparison areas (KKB, kelurahan, city) that have a row."""
    return [(judul, row) for judul, row in pembanding(d) if row is not None]


# ------------------------------------------------------------------------------- kesejahteraan
#: Bansos programmes: (label, column stem of out_wilayah, eligible desil as printed: a label
#: template of the settings, see indikator/katalog).
BANSOS = (
    ("PKH", "pkh", "desil {kesejahteraan.desil_sasaran_pkh}"),
    ("Sembako/BPNT", "bpnt_sembako", "desil {kesejahteraan.desil_sasaran_sembako_pbi}"),
    ("PBI-JK", "pbi_jk", "desil {kesejahteraan.desil_sasaran_sembako_pbi}"),
)


#: Printed instead of a count the registry extract cannot show (its families are all of
#: desil 1–4, so recipients above the target desil or without a desil can never appear).
TIDAK_TERUKUR = "tidak dapat diukur"
#: Highest desil the registry has its own column for (``n_desil_1`` … ``n_desil_4``; above it
#: only ``n_desil_5_lebih``).
_DESIL_RINCI = 4


def _kosong_di_kota(d: DataLaporan, kolom: str) -> bool:
    """Whether the count ``kolom`` is 0 (or missing) in every area of the city: the source
    holds no such family at all, so nothing derived from them can be measured."""
    w = d.wilayah
    if kolom not in w.columns:
        return True
    v = pd.to_numeric(w[kolom], errors="coerce")
    return bool((v.fillna(0) == 0).all())


def _label_desil_sasaran(d: DataLaporan, kunci: str) -> str:
    """ "desil 1–4", or "desil 1–4; desil 5 tidak tersedia" when the target range reaches
    above desil 4 but the registry extract holds no family of desil 5 or higher."""
    awal, akhir = (int(v) for v in atau_bawaan(d.pengaturan or None)["kesejahteraan"][kunci])
    if akhir <= _DESIL_RINCI or not _kosong_di_kota(d, "n_desil_5_lebih"):
        return _isi(d, f"desil {{kesejahteraan.{kunci}}}")
    hilang = "5" if akhir == _DESIL_RINCI + 1 else f"5–{akhir}"
    return f"desil {awal}–{_DESIL_RINCI}; desil {hilang} tidak tersedia"


def _tabel_sasaran_bansos(d: DataLaporan) -> pd.DataFrame:
    """Targeting of PKH, Sembako and PBI-JK in the KKB: eligible, receiving, outside target;
    counts the registry extract cannot show are "tidak dapat diukur", never 0."""
    k = d.kkb
    tanpa_atas = _kosong_di_kota(d, "n_desil_5_lebih")
    tanpa_desil = _kosong_di_kota(d, "n_desil_tidak_ada")
    kunci = [b[2].split("{kesejahteraan.")[1].rstrip("}") for b in BANSOS]
    return pd.DataFrame(
        {
            "Program": [b[0] for b in BANSOS],
            "Keluarga sasaran": [
                f"{f(k, f'n_sasaran_{b[1]}')} ({_label_desil_sasaran(d, c)})"
                for b, c in zip(BANSOS, kunci, strict=True)
            ],
            "Sasaran yang menerima": [f(k, f"n_{b[1]}_sasaran") for b in BANSOS],
            "Ketepatan sasaran": [f(k, f"{b[1]}_sasaran_pct") for b in BANSOS],
            "Penerima di luar sasaran": [
                TIDAK_TERUKUR if tanpa_atas else f(k, f"n_{b[1]}_luar_sasaran") for b in BANSOS
            ],
            "Penerima tanpa desil": [
                TIDAK_TERUKUR if tanpa_desil else f(k, f"n_{b[1]}_tanpa_desil") for b in BANSOS
            ],
        }
    )


def kesejahteraan(d: DataLaporan) -> Bagian:
    """Section: keluarga kurang mampu (desil 1–4), DTKS (and, from 2025, DTSEN) registration,
    bansos coverage and targeting, the fixed-income proxy and RTLH, vs kelurahan and city.
    Without any DTSEN record in the city the DTSEN rows are left out (the "DTKS atau DTSEN" row
    would repeat the DTKS row), and before 2025 DTSEN is not named at all."""
    k, pk, ds = d.kkb, _pk(d), d.label_kesejahteraan
    dtsen = d.ada_dtsen and not _kosong_di_kota(d, "n_terdata_dtsen")
    label = f"{ds} dicocokkan dengan keluarga {pk}"
    registri = [
        (
            _isi(
                d,
                "Keluarga kurang mampu (desil {kesejahteraan.desil_kurang_mampu} atau "
                "terdaftar DTKS)",
            ),
            "kurang_mampu_pct",
        ),
        ("Desil 1", "desil_1_pct"),
        ("Desil 2", "desil_2_pct"),
        ("Desil 3", "desil_3_pct"),
        ("Desil 4", "desil_4_pct"),
        ("Desil 5 ke atas", "desil_5_lebih_pct"),
        ("Tidak terdata di registri", "tidak_terdata_pct"),
        ("Terdaftar DTKS", "status_dtks_pct"),
        *(
            [
                ("Terdata DTSEN", "terdata_dtsen_pct"),
                ("Terdaftar DTKS atau DTSEN", "terdaftar_dtks_dtsen_pct"),
            ]
            if dtsen
            else []
        ),
        ("Menerima PKH", "pkh_pct"),
        ("Menerima Sembako/BPNT", "bpnt_sembako_pct"),
        ("Menerima PBI-JK", "pbi_jk_pct"),
    ]
    rumah = [
        ("Tidak berpenghasilan tetap (proksi)", "tidak_berpenghasilan_tetap_pct"),
        ("Berpenghasilan tetap (proksi)", "berpenghasilan_tetap_pct"),
        ("Penghasilan tidak dapat digolongkan", "penghasilan_tidak_diketahui_pct"),
        ("Rumah tidak layak huni (RTLH)", "rtlh_pct"),
    ]
    n_rumah = nilai(k, "n_rtlh") + nilai(k, "n_rumah_layak_huni")
    teks = [
        _banding(d, "kurang_mampu_pct"),
        narasi.kalimat_proporsi(
            f"Keluarga terdaftar DTKS{' atau DTSEN' if dtsen else ''} ({ds}) di {d.nama}",
            nilai(k, "n_terdaftar_dtks_dtsen"),
            nilai(k, "n_keluarga_basis_dtks"),
            nilai(k, "terdaftar_dtks_dtsen_pct"),
            "keluarga",
        ),
        narasi.kalimat_proksi_penghasilan(
            f"Keluarga tidak berpenghasilan tetap ({pk}) di {d.nama}",
            nilai(k, "tidak_berpenghasilan_tetap_pct"),
            nilai(k, "penghasilan_tidak_diketahui_pct"),
        ),
        narasi.kalimat_proporsi(
            f"Keluarga yang tinggal di rumah tidak layak huni ({pk}) di {d.nama}",
            nilai(k, "n_rtlh"),
            n_rumah,
            nilai(k, "rtlh_pct"),
            "keluarga dengan data rumah lengkap",
        ),
    ]
    judul = (
        "Registri kesejahteraan dan bansos",
        "Ketepatan sasaran bansos",
        "Penghasilan dan rumah",
    )
    registri, nol = _tanpa_nol_semua(d, registri)
    catatan_registri = (
        "Persentase dari seluruh keluarga PK. Desil: peringkat kesejahteraan registri (desil 1 = "
        "10% terbawah)."
    )
    if nol:
        catatan_registri += (
            f" Baris {_daftar_kata(nol)} tidak ditampilkan: nilainya 0% di semua wilayah kota "
            "karena data kesejahteraan yang diterima Dinas hanya memuat keluarga desil 1–4"
            + (" dan belum memuat data DTSEN." if d.ada_dtsen and not dtsen else ".")
        )
    catatan_bansos = _isi(
        d,
        "Sasaran menurut ketentuan yang dipakai Dinas: PKH desil "
        "{kesejahteraan.desil_sasaran_pkh}; Sembako dan PBI-JK desil "
        "{kesejahteraan.desil_sasaran_sembako_pbi}. Ketepatan = sasaran yang menerima "
        "dari keluarga sasaran.",
    )
    if _kosong_di_kota(d, "n_desil_5_lebih") or _kosong_di_kota(d, "n_desil_tidak_ada"):
        catatan_bansos += (
            f" {TIDAK_TERUKUR[:1].upper()}{TIDAK_TERUKUR[1:]}: data kesejahteraan yang diterima "
            "Dinas tidak memuat keluarga di atas desil 4 atau tanpa desil, sehingga penerima "
            "seperti itu tidak dapat terlihat (bukan berarti jumlahnya 0)."
        )
    b = Bagian(
        "Kesejahteraan keluarga",
        teks=teks,
        tabel={
            judul[0]: tabel_banding(d, registri),
            judul[1]: _tabel_sasaran_bansos(d),
            judul[2]: tabel_banding(d, rumah),
        },
        sumber_tabel={
            judul[0]: sumber(label),
            judul[1]: sumber(label),
            judul[2]: sumber(pk),
        },
        catatan_tabel={
            judul[0]: catatan_registri,
            judul[1]: catatan_bansos,
            judul[2]: "Penghasilan tetap adalah proksi (bukan definisi resmi): P.04 = Tidak atau "
            "pekerjaan kepala keluarga tidak tetap. RTLH dihitung dari keluarga dengan data "
            "rumah lengkap.",
        },
    )
    _catat_banding(d, b, judul[0], judul[2])
    return selesai(pindah_ke_lampiran(b, judul[2]))


def _daftar_kata(items: list[str]) -> str:
    return " dan ".join(f'"{i}"' for i in items)


def _tanpa_nol_semua(
    d: DataLaporan, baris: list[tuple[str, str]]
) -> tuple[list[tuple[str, str]], list[str]]:
    """The rows without those that are 0 in every area of the city (they say nothing about the
    KKB: the source does not list them), and the labels of the rows left out."""
    w = d.wilayah
    tetap, nol = [], []
    for label, kolom in baris:
        v = pd.to_numeric(w[kolom], errors="coerce") if kolom in w.columns else None
        if v is not None and v.notna().any() and (v.dropna() == 0).all():
            nol.append(label)
        else:
            tetap.append((label, kolom))
    return tetap, nol


# ---------------------------------------------------------------------- pendidikan dan remaja
#: School-age groups: (column stem of out_wilayah, APS column); the row label is the short
#: catalogue label of the stem (``{umur.sekolah.SD} tahun (SD)`` …).
KELOMPOK_SEKOLAH = (
    ("n_usia_sd", "aps_sd_pct"),
    ("n_usia_smp", "aps_smp_pct"),
    ("n_usia_sma", "aps_sma_pct"),
)


def _tabel_sekolah(d: DataLaporan) -> pd.DataFrame:
    """School-age children by group and sex, answers, still in school and APS of the KKB."""
    k = d.kkb
    return pd.DataFrame(
        {
            "Kelompok umur": [_label(d, g[0], pendek=True) for g in KELOMPOK_SEKOLAH],
            "Jumlah anak": [f(k, g[0]) for g in KELOMPOK_SEKOLAH],
            "Laki-laki": [f(k, f"{g[0]}_l") for g in KELOMPOK_SEKOLAH],
            "Perempuan": [f(k, f"{g[0]}_p") for g in KELOMPOK_SEKOLAH],
            "Status sekolah terisi": [f(k, f"{g[0]}_status_terisi") for g in KELOMPOK_SEKOLAH],
            "Masih sekolah": [f(k, f"{g[0]}_masih_sekolah") for g in KELOMPOK_SEKOLAH],
            "APS": [f(k, g[1]) for g in KELOMPOK_SEKOLAH],
        }
    )


def _tabel_poktan_remaja(d: DataLaporan) -> pd.DataFrame:
    """BKR and PIK-R: existence (profile) and participation (KKBPK / PK) of the KKB."""
    p = _baris_inti(d, "core_kkb_profil")
    pok = _baris_kkb(d, "out_poktan")
    pok = pok.set_index(pok["poktan"].astype(str)) if "poktan" in pok.columns else pok
    baris = []
    for nama, flag in (("BKR", "poktan_bkr"), ("PIK-R", "poktan_pikr")):
        r = pok.loc[nama] if nama in pok.index else pd.Series(dtype=object)
        ada = _na(nilai(p, flag)) or bool(nilai(p, flag))
        peserta = r.get("peserta", pd.NA)
        kosong = _sel_poktan(ada, peserta, "")
        baris.append(
            {
                "Poktan": nama,
                "Ada (profil)": _ya_tidak(nilai(p, flag)),
                "Peserta": "—" if kosong else format_angka(peserta),
                "Penyebut (PK)": format_angka(r.get("nilai_penyebut", pd.NA)),
                "Partisipasi": kosong or format_persen(r.get("partisipasi_pct", pd.NA)),
            }
        )
    return pd.DataFrame(baris)


def pendidikan_dan_remaja(d: DataLaporan) -> Bagian:
    """Section: school-age children (7–12/13–15/16–18) and APS, teenagers, BKR and PIK-R."""
    k, pk = d.kkb, _pk(d)
    bulan = nilai(k, "kkbpk_bulan")
    kkbpk = format_periode("KKBPK", d.tahun, None if pd.isna(bulan) else int(bulan))
    sekolah = atau_bawaan(d.pengaturan or None)["umur"]["sekolah"]
    awal = min(int(v[0]) for v in sekolah.values())
    akhir = max(int(v[1]) for v in sekolah.values())
    remaja = _isi(d, "{umur.remaja}")
    banding = [
        (_isi(d, "APS {umur.sekolah.SD} tahun"), "aps_sd_pct"),
        (_isi(d, "APS {umur.sekolah.SMP} tahun"), "aps_smp_pct"),
        (_isi(d, "APS {umur.sekolah.SMA} tahun"), "aps_sma_pct"),
        (f"Anak {awal}–{akhir} tahun tidak sekolah", "anak_tidak_sekolah_pct"),
        (f"Anak {awal}–{akhir} tahun putus sekolah", "anak_putus_sekolah_pct"),
        (f"Remaja {remaja} tahun", "n_remaja"),
        ("Remaja 10–14 tahun", "n_remaja_10_14"),
        ("Remaja 15–19 tahun", "n_remaja_15_19"),
        ("Remaja 20–24 tahun", "n_remaja_20_24"),
        ("Remaja (% penduduk)", "remaja_pct"),
        ("Keluarga dengan remaja", "n_keluarga_punya_remaja"),
    ]
    teks = [
        _banding(d, "aps_sma_pct"),
        narasi.kalimat_proporsi(
            f"Remaja {remaja} tahun ({pk}) di {d.nama}",
            nilai(k, "n_remaja"),
            nilai(k, "n_penduduk"),
            nilai(k, "remaja_pct"),
            "penduduk",
        ),
    ]
    judul = ("Anak usia sekolah dan partisipasi sekolah", "Sekolah dan remaja", "BKR dan PIK-R")
    banding = [
        b for b in banding if b[1] not in ("n_remaja_10_14", "n_remaja_15_19", "n_remaja_20_24")
    ]
    return _dengan_catatan(
        d,
        judul[1],
        Bagian(
            "Pendidikan dan remaja",
            teks=teks,
            tabel={
                judul[0]: _tabel_sekolah(d),
                judul[1]: tabel_banding(d, banding),
                judul[2]: _tabel_poktan_remaja(d),
            },
            sumber_tabel={
                judul[0]: sumber(pk),
                judul[1]: sumber(pk),
                judul[2]: sumber(f"Profil KKB {d.tahun} (ada); {kkbpk} (peserta); {pk} (penyebut)"),
            },
            catatan_tabel={
                judul[0]: "APS = anak yang masih sekolah dari anak yang status sekolahnya "
                "terisi; jawaban kosong tidak dihitung.",
            },
        ),
    )


def _dengan_catatan(d: DataLaporan, judul: str, b: Bagian) -> Bagian:
    _catat_banding(d, b, judul)
    return selesai(
        pindah_ke_lampiran(b, "Anak usia sekolah dan partisipasi sekolah", "BKR dan PIK-R")
    )


# ------------------------------------------------------------------------------ UMKM unggulan
#: Printed turnover bands of ``omzet_bulanan_kelas``.
OMZET = {
    "<1jt": "< Rp1 juta",
    "1-5jt": "Rp1–5 juta",
    "5-15jt": "Rp5–15 juta",
    ">15jt": "> Rp15 juta",
}


def _teks(v: Any) -> str:
    return DATA_TIDAK_CUKUP if pd.isna(v) else str(v)


def _dukungan(modal: Any, opd: Any) -> str:
    """Support received: capital support and OPD coaching (free text from the data)."""
    bagian = []
    if not pd.isna(modal) and bool(modal):
        bagian.append("bantuan modal")
    if not pd.isna(opd) and str(opd).strip():
        bagian.append(str(opd).strip())
    if bagian:
        return "; ".join(bagian)
    return DATA_TIDAK_CUKUP if pd.isna(modal) else "belum ada"


#: Note under the UMKM list when two listed businesses share a name but not their data.
CATATAN_NAMA_KEMBAR = (
    "Nama usaha yang tercatat lebih dari sekali dengan isian berbeda diberi nomor urut (1), (2) "
    "dan dihitung sebagai usaha terpisah."
)


def _beda_nama_kembar(tabel: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The UMKM list without rows that repeat the row of the same business exactly, and with
    a running number after a name that stays on several (different) rows; True when numbered."""
    tabel = tabel.drop_duplicates(ignore_index=True)
    nama = tabel["Usaha"]
    kembar = nama.duplicated(keep=False) & nama.ne(DATA_TIDAK_CUKUP)
    if not kembar.any():
        return tabel, False
    urut = nama.groupby(nama).cumcount() + 1
    tabel["Usaha"] = [f"{n} ({u})" if k else n for n, u, k in zip(nama, urut, kembar, strict=True)]
    return tabel, True


def _tabel_umkm(rows: pd.DataFrame) -> pd.DataFrame:
    """The UMKM unggulan list: product, type (its label in ``referensi/kode.yaml``), UPPKA,
    legality, turnover, workers, support (no owner names or addresses: ``out_umkm`` has
    none)."""
    return pd.DataFrame(
        {
            "Usaha": [_teks(v) for v in rows["nama_usaha"]],
            "Produk unggulan": [_teks(v) for v in rows["produk_unggulan"]],
            "Jenis usaha": [_kode("jenis_usaha", v) for v in rows["jenis_usaha"]],
            "Anggota UPPKA": [_ya_tidak(v) for v in rows["anggota_uppka"]],
            "Legalitas (NIB/PIRT/Halal)": [_teks(v) for v in rows["legalitas"]],
            "Omzet per bulan": [OMZET.get(str(v), _teks(v)) for v in rows["omzet_bulanan_kelas"]],
            "Tenaga kerja": [format_angka(v) for v in rows["jumlah_tenaga_kerja"]],
            "Dukungan yang diterima": [
                _dukungan(m, o)
                for m, o in zip(rows["bantuan_modal"], rows["pembinaan_opd"], strict=True)
            ],
        }
    )


def umkm_unggulan(d: DataLaporan) -> Bagian:
    """Section: the KKB's UMKM unggulan (product, UPPKA, legality, turnover, support) and the
    legality/UPPKA shares of all its listed UMKM; an honest sentence when it has none."""
    k = d.kkb
    label = f"Data UMKM KKB {d.tahun}"
    rows = _baris_kkb(d, "out_umkm")
    n = pd.NA if pd.isna(nilai(k, "n_umkm")) else len(rows)
    teks = [narasi.kalimat_umkm(d.nama, n, label)]
    b = Bagian("UMKM unggulan", teks=teks)
    if rows.empty:
        return selesai(b)
    judul = ("Daftar UMKM unggulan", "Legalitas dan keanggotaan UPPKA")
    b.tabel[judul[0]], bernomor = _beda_nama_kembar(_tabel_umkm(rows))
    b.sumber_tabel[judul[0]] = sumber(label)
    b.catatan_tabel[judul[0]] = (
        "Nama pemilik dan alamat tidak dicetak. Data pasar/jangkauan pemasaran belum "
        "dikumpulkan dalam format data UMKM KKB."
    ) + (f" {CATATAN_NAMA_KEMBAR}" if bernomor else "")
    ringkas = [
        ("NIB", "n_umkm_nib", "nib_pct"),
        ("PIRT", "n_umkm_pirt", "pirt_pct"),
        ("Sertifikat halal", "n_umkm_halal", "halal_pct"),
        ("Pemilik anggota UPPKA", "n_umkm_uppka", "uppka_pct"),
        ("Menerima bantuan modal", "n_umkm_bantuan_modal", "bantuan_modal_pct"),
    ]
    b.tabel[judul[1]] = pd.DataFrame(
        {
            "Legalitas dan keanggotaan": [r[0] for r in ringkas],
            "Jumlah UMKM": [f(k, r[1]) for r in ringkas],
            "Dari UMKM yang terisi": [f(k, f"{r[1]}_terisi") for r in ringkas],
            "Persentase": [f(k, r[2]) for r in ringkas],
        }
    )
    b.sumber_tabel[judul[1]] = sumber(f"{label} (semua UMKM tercatat, unggulan atau tidak)")
    return selesai(pindah_ke_lampiran(b, judul[1]))
