"""Report sections on how the KKB works: institutions, classification, convergence, data quality,
recommendations and the methodology appendix (sections 10–14 and the Lampiran).

Every sentence comes from a small pure rule below (tested in tests/laporan/test_bagian_evaluasi.py);
every number goes through :mod:`kkb_analysis.laporan.format`; every table carries its source and
period. Declared tables (Inpres area → OPD, the [asumsi] register, formulas, glossary, sources)
are data, not prose: the appendix is generated from them and from the settings in force.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from kkb_analysis.config import (
    load_reference,
    load_settings,
    pengaturan_bawaan,
)
from kkb_analysis.indikator import klasifikasi as klas
from kkb_analysis.laporan import grafik as grafik_mod
from kkb_analysis.laporan import kata_aksi, narasi
from kkb_analysis.laporan.dasar import (
    BagianKkb as Bagian,
)
from kkb_analysis.laporan.dasar import (
    DataLaporan,
    f,
    nilai,
    pindah_ke_lampiran,
    selesai,
    sumber,
)
from kkb_analysis.laporan.format import (
    BULAN,
    CATATAN_PELENGKAP,
    DATA_TIDAK_CUKUP,
    PERSEN_TERSAMAR,
    catatan_sel_kecil,
    format_angka,
    format_nilai,
    format_periode,
    format_persen,
    format_tanggal,
)
from kkb_analysis.laporan.glosarium import tabel_glosarium
from kkb_analysis.laporan.opd import AREA_INPRES, nama_instansi
from kkb_analysis.laporan.tabel import Kolom, Tabel, apa_adanya, susun
from kkb_analysis.nilai import kosong
from kkb_analysis.schema import judul_berkas
from kkb_analysis.sumber.kkb_profil import DANA, DATA, OPERASIONAL

__all__ = [
    "ASPEK_KOTA",
    "ASUMSI",
    "ATURAN_SKOR",
    "OPD_AREA",
    "RUMUS",
    "SUMBER",
    "ambil_pengaturan",
    "format_pengaturan",
    "gabung",
    "kalimat_kelembagaan",
    "kalimat_kelengkapan",
    "kalimat_konvergensi",
    "kalimat_rekonsiliasi",
    "kalimat_sebaran",
    "kalimat_target",
    "kelembagaan_dan_proses",
    "kelompok_per_opd",
    "klasifikasi",
    "konvergensi_opd",
    "kualitas_data",
    "label_jendela",
    "lampiran_metodologi",
    "rekomendasi",
    "syarat_tingkat",
    "tabel_asumsi",
    "ya_tidak",
]

PROGRAM = tuple("abcdefgh")

#: Typical Cilegon OPD per Inpres 3/2022 programme area (referensi/opd.yaml) [asumsi].
OPD_AREA: dict[str, str] = AREA_INPRES

_LABEL_DANA = dict(zip(DANA, ("APBN", "APBD", "Dana Desa", "Hibah", "CSR", "Swadaya"), strict=True))
_LABEL_DATA = dict(
    zip(
        DATA,
        ("Data PK", "Data Rutin BKKBN", "Data Potensi Desa", "Data Sektoral", "data lainnya"),
        strict=True,
    )
)
_LABEL_OP = dict(
    zip(
        OPERASIONAL,
        (
            "Rapat perencanaan",
            "Rapat koordinasi",
            "Sosialisasi",
            "Monitoring dan evaluasi",
            "Pelaporan",
        ),
        strict=True,
    )
)

#: Profile aspects compared with the other KKB of the city: (label, core_kkb_profil column).
ASPEK_KOTA: tuple[tuple[str, str], ...] = (
    ("Pokja KKB", "pokja_ada"),
    ("SK Pokja", "pokja_sk_ada"),
    ("Pokja sudah dilatih", "pokja_pelatihan"),
    ("Sekretariat KKB", "sekretariat"),
    ("Rumah DataKu", "rumah_dataku"),
    ("PKB/PLKB pendamping", "pkb_plkb_pendamping"),
    ("Regulasi (SK) tentang KKB", "regulasi_ada"),
    ("Rencana Kerja Masyarakat (RKM)", "rkm_ada"),
    ("Data dipakai untuk perencanaan", "penggunaan_data_ada"),
)

_STATUS_DOMAIN = {"lengkap": "lengkap", "sebagian": "sebagian", "tidak ada": "tidak ada"}


# ------------------------------------------------------------------------------ small rules
_na = kosong  # the one missing-value rule (kkb_analysis.nilai)


def ya_tidak(v: Any, ya: str = "ada", tidak: str = "tidak ada") -> str:
    """A yes/no flag in words: True → ``ya``, False → ``tidak``, missing → "data tidak cukup"."""
    if _na(v):
        return DATA_TIDAK_CUKUP
    return ya if bool(v) else tidak


def gabung(items: Sequence[str]) -> str:
    """ "a", "a dan b", "a, b, dan c"; an empty list gives ""."""
    items = list(items)
    if len(items) <= 2:
        return " dan ".join(items)
    return ", ".join(items[:-1]) + ", dan " + items[-1]


def kalimat_sebaran(n: int, total: int) -> str:
    """How many of the city's KKB have something: "dimiliki 9 dari 13 KKB"."""
    if total <= 0:
        return DATA_TIDAK_CUKUP
    return f"dimiliki {format_angka(n)} dari {format_angka(total)} KKB"


def label_jendela(awal: Any, referensi: Any) -> str:
    """Intervention window label: "Intervensi 1 Januari 2023–31 Desember 2023" (the start is
    exclusive, so the first day is ``awal`` + 1); without a start "Intervensi s.d. <ref>"."""
    if _na(referensi):
        return "Intervensi (periode tidak diketahui)"
    ref = pd.Timestamp(referensi)
    if _na(awal):
        return f"Intervensi s.d. {format_tanggal(ref)}"
    mulai = pd.Timestamp(awal) + pd.Timedelta(days=1)
    return f"Intervensi {format_tanggal(mulai)}–{format_tanggal(ref)}"


def kalimat_konvergensi(
    nama: str,
    tercakup: Sequence[str],
    belum: Sequence[tuple[str, str]],
    pct: Any,
    kota: tuple[Any, Any] | None = None,
) -> str:
    """Coverage of the 8 Inpres areas: covered letters, uncovered (letter, name), the KKB % and
    optionally the city (n covered, %) with all KKB pooled."""
    if _na(pct):
        return (
            f"Cakupan konvergensi Inpres 3/2022 di {nama}: {DATA_TIDAK_CUKUP} (berkas "
            "intervensi tidak tersedia)."
        )
    kal = (
        f"Intervensi lintas sektor di {nama} mencakup {format_angka(len(tercakup))} dari 8 area "
        f"program Inpres 3/2022 ({format_persen(pct)})"
    )
    kal += f": area {gabung(list(tercakup))}." if tercakup else "."
    if belum:
        kal += (
            " Belum ada intervensi lintas sektor untuk "
            + gabung([f"area {k} ({n})" for k, n in belum])
            + "."
        )
    if kota is not None and not _na(kota[1]):
        kal += (
            f" Untuk seluruh KKB kota digabung, {format_angka(kota[0])} dari 8 area tercakup "
            f"({format_persen(kota[1])})."
        )
    return kal


def kalimat_kelengkapan(nama: str, status: Mapping[str, str], pct: Any) -> str:
    """Completeness of the 9 data domains: the score and the domains not (fully) available."""
    if not status:
        return f"Kelengkapan data {nama}: {DATA_TIDAK_CUKUP}."
    lengkap = [d for d, s in status.items() if s == "lengkap"]
    kal = (
        f"Dari 9 domain data, {format_angka(len(lengkap))} lengkap di {nama} (skor kelengkapan "
        f"{format_persen(pct)})."
    )
    for label in ("sebagian", "tidak ada"):
        domain = [d for d, s in status.items() if s == label]
        if domain:
            kal += f" Domain {label}: {gabung(domain)}."
    return kal


def kalimat_rekonsiliasi(ringkasan: pd.DataFrame) -> str:
    """The load reconciliation "read = kept + rejected" over all files, with any file that fails
    it named."""
    if ringkasan.empty:
        return f"Ringkasan pemuatan data: {DATA_TIDAK_CUKUP} (ringkasan_muat.csv tidak ada)."
    r = ringkasan.fillna({"baris_dibaca": 0, "baris_dimuat": 0, "baris_ditolak": 0})
    baca, muat, tolak = (int(r[c].sum()) for c in ("baris_dibaca", "baris_dimuat", "baris_ditolak"))
    salah = r.loc[r["baris_dibaca"] != r["baris_dimuat"] + r["baris_ditolak"], "file"]
    kal = (
        f"Seluruh berkas: {format_angka(baca)} baris dibaca = {format_angka(muat)} dimuat + "
        f"{format_angka(tolak)} ditolak"
    )
    if salah.empty and baca == muat + tolak:
        return kal + "; setiap berkas memenuhi rekonsiliasi dibaca = dimuat + ditolak."
    return (
        kal.replace(" = ", " ≠ ", 1) if baca != muat + tolak else kal
    ) + f"; rekonsiliasi TIDAK terpenuhi untuk: {', '.join(map(str, salah)) or 'total'}."


def kelompok_per_opd(butir: Iterable[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Group (recommendation, reason) pairs by their addressee, the text before the first ": "
    of a recommendation ("Dinas Sosial (area f): …" → "Dinas Sosial (area f)"), in first-seen
    order; identical recommendations are merged and their reasons joined with "; "."""
    grup: dict[str, dict[str, list[str]]] = {}
    for teks, alasan in butir:
        opd, _, aksi = teks.partition(": ")
        if not aksi:
            opd, aksi = "Pokja Kampung KB", teks
        aksi = aksi[:1].upper() + aksi[1:]
        alasan_list = grup.setdefault(opd, {}).setdefault(aksi, [])
        if alasan and alasan not in alasan_list:
            alasan_list.append(alasan)
    return {opd: [(aksi, "; ".join(a)) for aksi, a in isi.items()] for opd, isi in grup.items()}


def syarat_tingkat(tingkat: str) -> str:
    """The portal rule of a tier in words, from :data:`klasifikasi.TABEL_TINGKAT`: "indeks input
    dan proses ≥ 3,00" (Berkembang), "indeks output dan salah satu indeks lain ≥ 3,00"
    (Mandiri), "ketiga indeks ≥ 3,00" (Berkelanjutan)."""
    ambang = format_angka(klas.AMBANG_INDEKS, 2)
    pola = [k for k, v in klas.TABEL_TINGKAT.items() if v == tingkat]
    nama = ("input", "proses", "output")
    if pola == [(True, True, True)]:
        return f"ketiga indeks ≥ {ambang}"
    wajib = [n for i, n in enumerate(nama) if all(p[i] for p in pola)]
    if len(pola) == 1:
        return f"indeks {' dan '.join(wajib)} ≥ {ambang}, indeks lain di bawahnya"
    return f"indeks {' dan '.join(wajib)} serta salah satu indeks lain ≥ {ambang}"


def _kalimat_dilewati(rt: pd.DataFrame, tingkat: str, r: pd.Series) -> str:
    """Why a tier between the current and the target tier (in portal order) is not the target:
    its own plan needs more (or as many) score steps, or score increases cannot reach it."""
    urutan = list(klas.TINGKAT)
    target = str(r["target_tingkat"])
    if tingkat not in urutan or target not in urutan:
        return ""
    rencana = rt.loc[rt["jenis"].astype("string") == "rencana"]
    alasan = []
    for antara in urutan[urutan.index(tingkat) + 1 : urutan.index(target)]:
        ke = rencana.loc[rencana["target_tingkat"].astype("string") == antara, "jumlah_langkah"]
        ke = pd.to_numeric(ke, errors="coerce").dropna()
        syarat = syarat_tingkat(antara)
        if ke.empty:
            ekor = (
                f": begitu syaratnya terpenuhi, ketiga indeks sudah ≥ "
                f"{format_angka(klas.AMBANG_INDEKS, 2)} (Berkelanjutan)"
                if target == "Berkelanjutan"
                else ""
            )
            alasan.append(
                f"{antara} ({syarat}) dilewati karena tidak dapat dicapai dari keadaan sekarang "
                f"hanya dengan menaikkan skor{ekor}"
            )
        else:
            n = int(ke.min())
            lebih = n > int(r["jumlah_langkah"])
            alasan.append(
                f"{antara} ({syarat}) dilewati karena memerlukan {format_angka(n)} kenaikan "
                f"skor, {'lebih banyak daripada' if lebih else 'sama dengan'} jalan ke {target} "
                f"({syarat_tingkat(target)})"
                + (
                    ""
                    if lebih
                    else f"; dengan upaya yang sama dipilih {target}, tingkat di atasnya"
                )
            )
    return "; ".join(alasan) + "." if alasan else ""


def kalimat_target(nama: str, tingkat: Any, rt: pd.DataFrame) -> list[str]:
    """The target tier for next year and the smallest set of changes: THE next-tier answer of the
    KKB (``out_rencana_tingkat.rencana_utama``, :func:`klasifikasi.rencana_utama`), as ONE
    Markdown block (the lead-in and its list never separated by a page break): "… dapat
    dicapai dengan menaikkan 2 indikator (3 kenaikan skor):" and one line per indicator raised
    (worded by :mod:`~kkb_analysis.laporan.narasi`); a tier skipped on the way is explained."""
    rencana = rt.loc[rt["jenis"].astype("string") == "rencana"]
    if _na(tingkat) or tingkat == DATA_TIDAK_CUKUP:
        alasan = (
            "; ".join(narasi.kalimat_rencana(rt, r) for _, r in rencana.iterrows())
            if len(rencana)
            else DATA_TIDAK_CUKUP
        )
        return [f"Target tingkat tahun depan untuk {nama} belum dapat ditentukan: {alasan}."]
    if tingkat == "Berkelanjutan":
        return [
            f"{nama} sudah berada pada tingkat tertinggi, Berkelanjutan. Target tahun depan: "
            "mempertahankan tingkat Berkelanjutan dengan menjaga ketiga indeks tetap ≥ 3,00."
        ]
    r = klas.rencana_utama(rt)
    if r is None or _na(r.get("target_tingkat")):
        return [f"Target tingkat tahun depan untuk {nama}: {DATA_TIDAK_CUKUP} (tidak ada rencana)."]
    langkah = narasi.langkah_rencana(rt, r)
    skor = int(r["jumlah_langkah"])
    jumlah = f"{format_angka(len(langkah))} indikator ({format_angka(skor)} kenaikan skor)"
    awal = (
        f"Target tingkat tahun depan untuk {nama}: {r['target_tingkat']} (naik dari "
        f"{tingkat}), tingkat terdekat. {_kalimat_dilewati(rt, str(tingkat), r)} "
        f"{r['target_tingkat']} dapat dicapai dengan menaikkan {jumlah}:"
    ).replace("  ", " ")
    return [awal + "\n\n" + "\n".join(f"- {s}" for s in langkah)]


# ----------------------------------------------------------------------- settings formatting
def ambil_pengaturan(settings: Mapping[str, Any], kunci: str) -> Any:
    """The value of a dotted settings key ("kelengkapan.ambang"); KeyError when absent."""
    value: Any = settings
    for bagian in kunci.split("."):
        if not isinstance(value, Mapping) or bagian not in value:
            raise KeyError(f"pengaturan '{kunci}' tidak ada")
        value = value[bagian]
    return value


def _desimal(x: float) -> int:
    teks = repr(float(x))
    return 0 if "." not in teks or "e" in teks else min(len(teks.split(".")[1].rstrip("0")), 4)


def format_pengaturan(v: Any) -> str:
    """A settings value for print: numbers via format.py ("0,9", "1.000"), ranges "0–59",
    booleans "ya"/"tidak", "MM-DD" dates "31 Desember", null "tidak ada (null)"."""
    if v is None:
        return "tidak ada (null)"
    if isinstance(v, bool):
        return "ya" if v else "tidak"
    if isinstance(v, numbers.Integral):
        return format_angka(v)
    if isinstance(v, numbers.Real):
        return format_angka(v, _desimal(v))
    if isinstance(v, str):
        m = re.fullmatch(r"(\d\d)-(\d\d)", v)
        if m and 1 <= int(m.group(1)) <= 12:
            return f"{int(m.group(2))} {BULAN[int(m.group(1)) - 1]}"
        return v
    if isinstance(v, Mapping):
        return "; ".join(f"{k} {format_pengaturan(x)}" for k, x in v.items())
    if isinstance(v, Sequence):
        items = list(v)
        if len(items) == 2 and all(
            isinstance(x, numbers.Real) and not isinstance(x, bool) for x in items
        ):
            pisah = " s.d. " if any(x < 0 for x in items) else "–"
            return f"{format_pengaturan(items[0])}{pisah}{format_pengaturan(items[1])}"
        angka = any(isinstance(x, numbers.Real) and not isinstance(x, bool) for x in items)
        return ("; " if angka else ", ").join(format_pengaturan(x) for x in items)
    return str(v)


# ------------------------------------------------------------------------ data access helpers
def _kkb_rows(frame: pd.DataFrame, kkb_id: str) -> pd.DataFrame:
    if frame.empty or "kkb_id" not in frame.columns:
        return frame.iloc[0:0]
    return frame.loc[frame["kkb_id"].astype("string") == kkb_id]


def _profil(d: DataLaporan) -> pd.Series | None:
    p = _kkb_rows(d.tabel.get("core_kkb_profil", pd.DataFrame()), d.kkb_id)
    if not p.empty and "tahun" in p.columns:
        p = p.loc[pd.to_numeric(p["tahun"], errors="coerce") == d.tahun]
    return None if p.empty else p.iloc[0]


def _kkb_aktif(d: DataLaporan) -> list[str]:
    w = d.wilayah
    return w.loc[w["jenis_wilayah"].astype("string") == "kkb", "kkb_id"].astype(str).tolist()


def _label_profil(d: DataLaporan) -> str:
    return f"Profil KKB {d.tahun}"


def _label_kkbpk(d: DataLaporan) -> str:
    bulan = d.kkb.get("kkbpk_bulan", pd.NA)
    return format_periode("KKBPK", d.tahun, None if _na(bulan) else int(bulan))


def _jendela(d: DataLaporan) -> str:
    k = d.kkb
    awal = k.get("konvergensi_tanggal_awal", k.get("tanggal_awal", pd.NA))
    ref = k.get("konvergensi_tanggal_referensi", k.get("tanggal_referensi", pd.NA))
    return label_jendela(awal, ref)


def _label_indikator() -> dict[str, str]:
    return {i.nama: i.label for i in klas.INDIKATOR}


def _baris_skor(d: DataLaporan, kelompok: Sequence[str] = ()) -> pd.DataFrame:
    """The KKB's ``out_klasifikasi`` rows (of ``kelompok``; all when empty) with the label and
    the explanation of each indicator, made from the KKB's numbers."""
    kl = _kkb_rows(d.tabel["out_klasifikasi"], d.kkb_id)
    if kelompok:
        kl = kl.loc[kl["kelompok"].astype("string").isin(kelompok)]
    label, ind = _label_indikator(), [str(i) for i in kl["indikator"]]
    return kl.assign(
        label=[label.get(i, i) for i in ind],
        keterangan=[
            DATA_TIDAK_CUKUP if d.kkb is None else narasi.keterangan_skor(d.kkb, i) for i in ind
        ],
    )


_INDIKATOR_SKOR = (
    Kolom("Indikator", "label", apa_adanya),
    Kolom("Keterangan", "keterangan", apa_adanya),
)
#: The scores of one index group (section 10) and the 12 scores (section 11).
TABEL_SKOR = Tabel(
    (
        *_INDIKATOR_SKOR,
        Kolom("Skor", lambda r: f"{format_angka(r['skor'])} dari {format_angka(r['skor_maks'])}"),
    ),
    "out_klasifikasi",
)
TABEL_SKOR_12 = Tabel(
    (
        Kolom("Kelompok", "kelompok", apa_adanya),
        *_INDIKATOR_SKOR,
        Kolom("Skor", "skor"),
        Kolom("Skor maksimum", "skor_maks", format_angka),
        Kolom("Skor setara portal", "skor_portal"),
    ),
    "out_klasifikasi",
)


# ------------------------------------------------------------------- 10. kelembagaan & proses
def _daftar(p: pd.Series, kolom: Sequence[str], label: Mapping[str, str]) -> str:
    ada = [label[c] for c in kolom if not _na(p.get(c)) and bool(p.get(c))]
    return f"{format_angka(len(ada))} dari {format_angka(len(kolom))}" + (
        f": {', '.join(ada)}" if ada else ""
    )


def _tabel_kelembagaan(d: DataLaporan, p: pd.Series) -> pd.DataFrame:
    reg = load_reference("kode")["regulasi_id"]["kode"]
    pendamping = load_reference("kode")["pendamping_lain"]["kode"]
    inti = _kkb_rows(d.tabel.get("core_kkb", pd.DataFrame()), d.kkb_id)
    jenis_sk = pd.NA if inti.empty else inti.iloc[0].get("regulasi_id", pd.NA)
    pkb = ya_tidak(p.get("pkb_plkb_pendamping"))
    lain = p.get("pendamping_lain")
    if not _na(lain):
        pkb += f" (pendamping lain: {pendamping.get(str(lain), str(lain))})"
    regulasi = ya_tidak(p.get("regulasi_ada"))
    if not _na(jenis_sk) and str(jenis_sk) in reg:
        regulasi += f" ({reg[str(jenis_sk)]})"
    baris = [
        ("Pokja Kampung KB", ya_tidak(p.get("pokja_ada"))),
        ("SK Pokja", ya_tidak(p.get("pokja_sk_ada"))),
        ("Jumlah anggota pokja", format_angka(p.get("pokja_jumlah"))),
        ("Pokja sudah mengikuti pelatihan", ya_tidak(p.get("pokja_pelatihan"), "ya", "belum")),
        ("Anggota pokja terlatih", format_angka(p.get("pokja_terlatih"))),
        ("Regulasi (SK) tentang Kampung KB", regulasi),
        ("Sekretariat KKB", ya_tidak(p.get("sekretariat"))),
        ("Rumah DataKu", ya_tidak(p.get("rumah_dataku"))),
        ("PKB/PLKB pendamping", pkb),
        ("Sumber dana", _daftar(p, DANA, _LABEL_DANA)),
        ("Rencana Kerja Masyarakat (RKM)", ya_tidak(p.get("rkm_ada"))),
        ("Data dipakai untuk perencanaan", ya_tidak(p.get("penggunaan_data_ada"), "ya", "tidak")),
        ("Sumber data yang dipakai", _daftar(p, DATA, _LABEL_DATA)),
    ]
    return pd.DataFrame(baris, columns=["Aspek", "Keadaan"])


def _tabel_operasional(p: pd.Series) -> pd.DataFrame:
    baris = []
    for kolom in OPERASIONAL:
        frek = p.get(f"{kolom}_frekuensi")
        jalan = ya_tidak(p.get(kolom), "dilaksanakan", "tidak dilaksanakan")
        baris.append((_LABEL_OP[kolom], jalan, "-" if _na(frek) else str(frek)))
    return pd.DataFrame(baris, columns=["Mekanisme operasional", "Pelaksanaan", "Frekuensi"])


def _tabel_kota(d: DataLaporan, p: pd.Series | None) -> tuple[pd.DataFrame, int]:
    aktif = _kkb_aktif(d)
    semua = d.tabel.get("core_kkb_profil", pd.DataFrame())
    if not semua.empty:
        semua = semua.loc[
            semua["kkb_id"].astype("string").isin(aktif)
            & (pd.to_numeric(semua["tahun"], errors="coerce") == d.tahun)
        ]
    baris = []
    for label, kolom in ASPEK_KOTA:
        n = 0 if semua.empty or kolom not in semua else int(semua[kolom].fillna(False).sum())
        ini = DATA_TIDAK_CUKUP if p is None else ya_tidak(p.get(kolom), "ya", "tidak")
        baris.append((label, ini, kalimat_sebaran(n, len(aktif))))
    return pd.DataFrame(baris, columns=["Aspek", d.nama, "KKB di kota"]), len(aktif)


def kalimat_kelembagaan(nama: str, p: pd.Series | None) -> str:
    """One sentence on the pokja, the facilities and the PKB/PLKB (never a person's name)."""
    if p is None:
        return (
            f"Profil kelembagaan {nama} untuk tahun ini tidak tersedia, sehingga keadaan pokja, "
            f"sarana dan proses: {DATA_TIDAK_CUKUP}."
        )
    if _na(p.get("pokja_ada")) or not bool(p.get("pokja_ada")):
        pokja = f"{nama} belum memiliki pokja"
    else:
        pokja = f"{nama} memiliki pokja dengan {format_angka(p.get('pokja_jumlah'))} anggota"
        if not _na(p.get("pokja_terlatih")):
            pokja += f" ({format_angka(p.get('pokja_terlatih'))} terlatih)"
    sarana = [
        lbl
        for lbl, c in (("sekretariat", "sekretariat"), ("Rumah DataKu", "rumah_dataku"))
        if not _na(p.get(c)) and bool(p.get(c))
    ]
    kal = pokja + (
        "; sarana: " + gabung(sarana) if sarana else "; belum ada sekretariat maupun Rumah DataKu"
    )
    pkb = p.get("pkb_plkb_pendamping")
    kal += (
        "; didampingi PKB/PLKB" if not _na(pkb) and bool(pkb) else "; belum ada PKB/PLKB pendamping"
    )
    return kal + "."


def kelembagaan_dan_proses(d: DataLaporan, rinci: bool = False) -> Bagian:
    """Section 10: pokja, facilities, funding, RKM, data use and the city context; ``rinci``
    (the appendix): the full institution table, operations and their frequency."""
    p = _profil(d)
    label = _label_profil(d)
    kota, n_aktif = _tabel_kota(d, p)
    teks = [kalimat_kelembagaan(d.nama, p)]
    tabel: dict[str, pd.DataFrame] = {}
    if rinci:
        teks = ["Nama dan identitas PKB/PLKB tidak dicetak."]
        if p is not None:
            tabel["Kelembagaan"] = _tabel_kelembagaan(d, p)
            tabel["Mekanisme operasional dan frekuensinya"] = _tabel_operasional(p)
    else:
        teks.append(
            f"Tabel berikut membandingkannya dengan seluruh {format_angka(n_aktif)} Kampung KB "
            f"aktif di kota ({label}); skor input dan proses ada pada bagian Klasifikasi."
        )
        tabel["Kelembagaan dibandingkan dengan Kampung KB lain"] = kota
    sumber_skor = sumber(f"{label}; {_jendela(d).replace('Intervensi', 'intervensi')}")
    return selesai(
        Bagian(
            "Kelembagaan dan proses",
            teks=teks,
            angka={
                "Indeks input": f(d.kkb, "index_input"),
                "Indeks proses": f(d.kkb, "index_proses"),
            },
            tabel=tabel,
            sumber_tabel={j: sumber(label) for j in tabel},
            sumber_angka=sumber_skor,
            cetak_angka=False,
        )
    )


# ----------------------------------------------------------------------- 11. klasifikasi
def klasifikasi(d: DataLaporan) -> Bagian:
    """Section 11: radar of the three indices and the 12 scores (the next-tier plan is in
    :func:`rekomendasi`)."""
    k = d.kkb
    label = f"{_label_profil(d)}, {_label_kkbpk(d)}, {format_periode('PK', d.tahun)}"
    g = grafik_mod.radar_indeks(
        nilai(k, "index_input"),
        nilai(k, "index_proses"),
        nilai(k, "index_output"),
        nilai(k, "tingkat"),
        sumber_label=label,
        nama_wilayah=d.nama,
    )
    tabel_skor = susun(TABEL_SKOR_12, _baris_skor(d)).tabel
    teks = [narasi.kalimat_tingkat(d.wilayah, d.kkb_id)]
    beda = k.get("beda_tingkat_portal", pd.NA)
    if not _na(beda) and bool(beda):
        teks.append(
            f"Tingkat setara portal BKKBN: {format_nilai(k.get('tingkat_portal'), 'tingkat')} "
            "(portal menilai data yang kosong dengan skor baku dan menghitung instansi KB dalam "
            "lintas sektor; lihat Lampiran)."
        )
    teks.append("Langkah menuju tingkat berikutnya disajikan pada bagian Rekomendasi.")
    return selesai(
        Bagian(
            "Klasifikasi Kampung KB",
            teks=teks,
            angka={
                "Tingkat": format_nilai(nilai(k, "tingkat"), "tingkat"),
                "Indeks input": f(k, "index_input"),
                "Indeks proses": f(k, "index_proses"),
                "Indeks output": f(k, "index_output"),
            },
            tabel={"Skor 12 indikator": tabel_skor},
            sumber_tabel={"Skor 12 indikator": sumber(label)},
            sumber_angka=sumber(label),
            grafik=[_judul_radar(d, g)],
            cetak_angka=False,
        )
    )


def _judul_radar(d: DataLaporan, g: grafik_mod.Grafik) -> grafik_mod.Grafik:
    """The radar's title states the finding: which index is below 3,00 (the "high" bound)."""
    k = d.kkb
    rendah = [
        bagian
        for bagian in ("input", "proses", "output")
        if not _na(nilai(k, f"index_{bagian}")) and float(nilai(k, f"index_{bagian}")) < 3.0
    ]
    tingkat = format_nilai(nilai(k, "tingkat"), "tingkat")
    if rendah:
        isi = gabung([f"indeks {r}" for r in rendah])
        judul = f"{d.nama} tingkat {tingkat}: {isi} masih di bawah 3,00"
    else:
        judul = f"{d.nama} tingkat {tingkat}: ketiga indeks sudah 3,00 atau lebih"
    return replace(g, judul=judul)


# --------------------------------------------------------------- 12. konvergensi OPD & fungsi
def _nama_program() -> dict[str, str]:
    return dict(load_reference("kode")["inpres_program"]["kode"])


def _n(row: pd.Series | None, kolom: str) -> Any:
    return nilai(row, kolom)


def _tabel_cakupan(d: DataLaporan) -> pd.DataFrame:
    nama = _nama_program()
    baris = []
    for x in PROGRAM:
        kolom = f"n_intervensi_non_kb_program_{x}"
        v = _n(d.kkb, kolom)
        status = DATA_TIDAK_CUKUP if _na(v) else ("tercakup" if v > 0 else "belum")
        baris.append(
            (x, nama[x], format_angka(v), status, format_angka(_n(d.kota, kolom)), OPD_AREA[x])
        )
    kota = str(d.kota["nama_wilayah"]) if d.kota is not None else "Kota"
    return pd.DataFrame(
        baris,
        columns=[
            "Area",
            "Program Inpres 3/2022",
            "Intervensi (KKB ini)",
            "Status",
            f"Intervensi ({kota}, semua KKB)",
            "OPD yang lazim",
        ],
    )


def _rincian(iv: pd.DataFrame, program: Any, instansi: str) -> tuple[str, str]:
    prog = iv["inpres_program"].astype("string")
    cocok = prog.isna() if _na(program) else prog == str(program)
    rows = iv.loc[cocok.fillna(False)]
    rows = rows.loc[
        rows["instansi"].astype("string").fillna("").str.split("; ").map(lambda x: instansi in x)
    ]
    if rows.empty:
        return "-", "-"
    awal, akhir = rows["tanggal"].min(), rows["tanggal"].max()
    tanggal = (
        format_tanggal(awal)
        if awal == akhir
        else (f"{format_tanggal(awal)} s.d. {format_tanggal(akhir)}")
    )
    sasaran: list[str] = []
    for s in rows["sasaran"].astype("string").dropna():
        sasaran += [x for x in str(s).split("; ") if x and x not in sasaran]
    return tanggal, ", ".join(sasaran) or "-"


def _tabel_matriks(d: DataLaporan, iv: pd.DataFrame) -> pd.DataFrame:
    kv = d.tabel["out_konvergensi"]
    kv = kv.loc[kv["wilayah_id"].astype("string") == d.wilayah_id]
    baris = []
    for _, r in kv.iterrows():
        prog = r["inpres_program"]
        area = "-" if _na(prog) else f"{prog}. {r['nama_program']}"
        instansi = str(r["nama_instansi"])
        tanggal, sasaran = _rincian(iv, prog, instansi)
        kb = " (instansi KB, tidak dihitung)" if bool(r["instansi_kb"]) else ""
        baris.append((area, instansi + kb, format_angka(r["n_intervensi"]), tanggal, sasaran))
    return pd.DataFrame(
        baris, columns=["Area program", "Instansi", "Jumlah kegiatan", "Tanggal", "Sasaran"]
    )


def _baris_fungsi(d: DataLaporan) -> pd.DataFrame:
    """The KKB's ``out_fungsi_keluarga`` rows with the city's count of each function."""
    fk = d.tabel["out_fungsi_keluarga"]
    ini = fk.loc[fk["wilayah_id"].astype("string") == d.wilayah_id]
    kota_id = None if d.kota is None else str(d.kota["wilayah_id"])
    kota = fk.loc[fk["wilayah_id"].astype("string") == kota_id].set_index("kategori_fungsi")
    return ini.assign(n_kota=ini["kategori_fungsi"].map(kota["n_intervensi"]))


TABEL_FUNGSI = Tabel(
    (
        Kolom("Fungsi keluarga", "fungsi_keluarga", apa_adanya),
        Kolom("Kategori portal", "kategori", apa_adanya),
        Kolom("{nama}", "n_intervensi"),
        Kolom("Semua KKB", "n_kota", format_angka),
    ),
    "out_fungsi_keluarga",
)
#: The printable intervention list: text from the data as it is, "-" when missing.
TABEL_INTERVENSI = Tabel(
    (
        Kolom("Tanggal", "tanggal", format_tanggal),
        *(
            Kolom(judul, kolom, apa_adanya, "-")
            for judul, kolom in (
                ("Kegiatan", "judul"),
                ("Tempat", "tempat"),
                ("Area Inpres", "inpres_program"),
                ("Fungsi keluarga", "fungsi_keluarga"),
            )
        ),
        Kolom("Instansi", "instansi", lambda x: nama_instansi(str(x)), "-"),
        Kolom("Sasaran", "sasaran", apa_adanya, "-"),
        Kolom("Peserta", "jumlah_peserta", format_angka),
    ),
    "out_intervensi",
)


def konvergensi_opd(d: DataLaporan, rinci: bool = False) -> Bagian:
    """Section 12: coverage of the 8 Inpres 3/2022 areas. ``rinci`` (the appendix): the
    area × instansi matrix, the family-function table and the full intervention list instead."""
    k, jendela = d.kkb, _jendela(d)
    nama = _nama_program()
    iv = _kkb_rows(d.tabel["out_intervensi"], d.kkb_id).sort_values("tanggal", kind="stable")
    v = {x: _n(k, f"n_intervensi_non_kb_program_{x}") for x in PROGRAM}
    tercakup = [x for x in PROGRAM if not _na(v[x]) and v[x] > 0]
    belum = [(x, nama[x]) for x in PROGRAM if not _na(v[x]) and v[x] == 0]
    kota = (_n(d.kota, "n_program_tercakup"), _n(d.kota, "konvergensi_pct"))
    teks = [kalimat_konvergensi(d.nama, tercakup, belum, _n(k, "konvergensi_pct"), kota)]
    angka = {
        "Cakupan konvergensi Inpres 3/2022": f(k, "konvergensi_pct"),
        "Area program tercakup": f"{format_angka(_n(k, 'n_program_tercakup'))} dari 8",
        "Intervensi lintas sektor": format_angka(_n(k, "n_intervensi_non_kb")),
        "Instansi non-KB yang terlibat": format_angka(_n(k, "n_instansi_non_kb")),
        "Fungsi keluarga tercakup": f"{format_angka(_n(k, 'n_fungsi_keluarga_tercakup'))} dari 8",
    }
    tabel = {} if rinci else {"Cakupan 8 area program Inpres 3/2022": _tabel_cakupan(d)}
    grafik = []
    if iv.empty:
        teks.append(
            f"Tidak ada intervensi yang tercatat untuk {d.nama} pada periode "
            f"{jendela.removeprefix('Intervensi ')}, sehingga matriks area program × instansi, "
            "sebaran menurut 8 fungsi keluarga dan daftar intervensi tidak dapat disajikan."
        )
    elif rinci:
        teks = [
            "Matriks di bawah mencantumkan semua instansi, termasuk instansi KB (OPD "
            "Pengendalian Penduduk dan KB, Perwakilan BKKBN) yang tidak dihitung sebagai lintas "
            "sektor; satu kegiatan yang melibatkan beberapa instansi dihitung sekali per instansi."
        ]
        tabel["Matriks area program × instansi"] = _tabel_matriks(d, iv)
        tabel["Intervensi menurut 8 fungsi keluarga"] = susun(
            TABEL_FUNGSI, _baris_fungsi(d), nama=d.nama
        ).tabel
        tabel["Daftar intervensi"] = susun(TABEL_INTERVENSI, iv).tabel
    if not rinci:
        teks.append(
            "Data komitmen OPD (kegiatan yang dijanjikan untuk Kampung KB) belum dikumpulkan, "
            "sehingga tabel di bawah adalah realisasi kegiatan; daftar kegiatan lengkap dan "
            "matriks area program × instansi ada di lampiran."
        )
    return selesai(
        Bagian(
            "Konvergensi lintas sektor (OPD) dan 8 fungsi keluarga",
            teks=teks,
            angka=angka,
            cetak_angka=False,
            tabel=tabel,
            sumber_tabel={j: sumber(f"{jendela} (data intervensi Kampung KB)") for j in tabel},
            sumber_angka=sumber(f"{jendela} (data intervensi Kampung KB)"),
            grafik=grafik,
        )
    )


# ------------------------------------------------------------------------ 13. kualitas data
def _periode_berkas(d: DataLaporan) -> dict[str, str]:
    st = d.tabel.get("out_stunting", pd.DataFrame())
    periode = []
    if "periode" in st.columns:
        periode = [str(x) for x in st["periode"].dropna().unique() if str(x) != "tahun"]
    ep = format_periode("e-PPGBM", d.tahun) + (
        f" (setahun; bulan timbang {gabung(periode)})" if periode else ""
    )
    pk = format_periode("PK", d.tahun)
    return {
        "kkb": f"Data KKB {d.tahun}",
        "kkb_profil": _label_profil(d),
        "kkb_kkbpk": f"KKBPK {d.tahun} (bulanan); dipakai {_label_kkbpk(d)}",
        "kkb_intervensi": _jendela(d),
        "kkb_umkm": f"Data UMKM KKB {d.tahun}",
        "pk_keluarga": pk,
        "pk_anggota": pk,
        "pk_kb": pk,
        "eppgbm": ep,
        "dtks": d.label_kesejahteraan,
    }


def _tabel_muat(d: DataLaporan) -> pd.DataFrame:
    r = d.ringkasan_muat
    periode = _periode_berkas(d)
    baris = []
    for _, x in r.iterrows():
        berkas = str(x["file"])
        cocok = x["baris_dibaca"] == x["baris_dimuat"] + x["baris_ditolak"]
        baris.append(
            (
                judul_berkas(berkas),
                periode.get(berkas, "-") if str(x["format"]) != "tidak ada" else "tidak tersedia",
                format_angka(x["baris_dibaca"]),
                format_angka(x["baris_dimuat"]),
                format_angka(x["baris_ditolak"]),
                format_angka(x["baris_ditandai"]),
                "sesuai" if cocok else "TIDAK sesuai",
            )
        )
    return pd.DataFrame(
        baris,
        columns=[
            "Sumber data",
            "Periode",
            "Baris dibaca",
            "Dimuat",
            "Ditolak",
            "Ditandai",
            "Dibaca = dimuat + ditolak",
        ],
    )


TABEL_KELENGKAPAN = Tabel(
    (
        Kolom("No", "no", format_angka),
        Kolom("Domain data", "nama_domain", apa_adanya),
        Kolom("Status", "status"),
        Kolom(
            "Keterangan",
            lambda r: narasi.keterangan_kelengkapan(
                r["domain"], r["n_tercatat"], r["n_memenuhi"], r["ambang_pct"]
            ),
        ),
    ),
    "out_kelengkapan",
)


def _kelengkapan_kota(d: DataLaporan) -> str:
    w = d.wilayah
    kkb = w.loc[w["jenis_wilayah"].astype("string") == "kkb"]
    if "kelengkapan_pct" not in kkb.columns:
        return ""
    pct = pd.to_numeric(kkb["kelengkapan_pct"], errors="coerce")
    penuh = int((pct >= 100).sum())
    return (
        f"Di kota, {format_angka(penuh)} dari {format_angka(len(kkb))} KKB lengkap pada "
        "kesembilan domain."
    )


def kualitas_data(d: DataLaporan) -> Bagian:
    """Section 13: completeness of the 9 data domains, the year's load summary with the
    reconciliation, the period of each source and the small-cell note."""
    kl = _kkb_rows(d.tabel["out_kelengkapan"], d.kkb_id)
    status = dict(zip(kl["nama_domain"].astype(str), kl["status"].astype(str), strict=True))
    teks = [kalimat_kelengkapan(d.nama, status, nilai(d.kkb, "kelengkapan_pct"))]
    kota = _kelengkapan_kota(d)
    if kota:
        teks.append(kota)
    teks.append(kalimat_rekonsiliasi(d.ringkasan_muat))
    r = d.ringkasan_muat
    if {"file", "catatan"} <= set(r.columns):
        for berkas, c in r.loc[r["catatan"].notna(), ["file", "catatan"]].itertuples(index=False):
            teks.append(f"Catatan {judul_berkas(str(berkas))}: {c}.")
    teks.append(
        "Baris ditolak tidak dipakai dalam perhitungan (disimpan di folder karantina); baris "
        "ditandai tetap dipakai tetapi memiliki catatan mutu data."
    )
    if d.validasi.get("salt_demo"):
        teks.append("Perhatian: data yang diolah adalah data sampel sintetis, bukan data nyata.")
    ambang = d.sel_kecil
    teks.append(
        f"Dalam tabel per RW: {catatan_sel_kecil(ambang)} {CATATAN_PELENGKAP} Persentase "
        f'yang pembilang atau penyebutnya disamarkan ditampilkan sebagai "{PERSEN_TERSAMAR}".'
    )
    urut = kl.sort_values("no", kind="stable")
    tabel = {"Kelengkapan 9 domain data": susun(TABEL_KELENGKAPAN, urut).tabel}
    if not d.ringkasan_muat.empty:
        tabel["Ringkasan pemuatan data dan periode sumber"] = _tabel_muat(d)
    total = d.validasi.get("total", {})
    return selesai(
        Bagian(
            "Kualitas data",
            teks=teks,
            angka={
                "Kelengkapan data": f(d.kkb, "kelengkapan_pct"),
                "Domain lengkap": f"{format_angka(list(status.values()).count('lengkap'))} dari 9",
                "Baris ditolak (semua berkas)": format_angka(total.get("baris_ditolak", pd.NA)),
            },
            tabel=tabel,
            sumber_tabel={
                "Kelengkapan 9 domain data": sumber(
                    f"{format_periode('PK', d.tahun)}, {format_periode('e-PPGBM', d.tahun)}, "
                    f"data KKB {d.tahun}, {d.label_kesejahteraan}"
                ),
                "Ringkasan pemuatan data dan periode sumber": sumber(
                    f"ringkasan pemuatan data tahun {d.tahun} (ringkasan_muat.csv)"
                ),
            },
            sumber_angka=sumber(f"kelengkapan data dan ringkasan pemuatan data tahun {d.tahun}"),
        )
    )


# ------------------------------------------------------------------------ 14. rekomendasi
def _tabel_rencana(rt: pd.DataFrame) -> pd.DataFrame:
    rencana = rt.loc[rt["jenis"].astype("string") == "rencana"]
    rencana = rencana.loc[rencana["target_tingkat"].notna()]
    return pd.DataFrame(
        {
            "Target tingkat": rencana["target_tingkat"].astype("string").fillna("-").tolist(),
            "Indeks yang dinaikkan": rencana["kelompok"].astype("string").fillna("-").tolist(),
            "Jumlah kenaikan skor": [format_angka(v) for v in rencana["jumlah_langkah"]],
            "Perubahan yang diperlukan": [
                narasi.kalimat_rencana(rt, r) or "-" for _, r in rencana.iterrows()
            ],
            "Indeks baru (input/proses/output)": [
                " / ".join(format_angka(v, 2) for v in r)
                for r in rencana[
                    ["index_input_baru", "index_proses_baru", "index_output_baru"]
                ].itertuples(index=False)
            ],
            "Dipilih": [ya_tidak(v, "ya", "tidak") for v in rencana["rencana_utama"]],
        }
    )


def _tabel_langkah(rt: pd.DataFrame, label: Mapping[str, str]) -> pd.DataFrame:
    """One-step raises per indicator, next to the raise the chosen plan uses for the same
    indicator (the report's wording and threshold, e.g. MKJP ≥ 25 % for skor 2 → 4 where one
    step needs ≥ 23 %), so the appendix never shows a second, unexplained threshold."""
    lk = rt.loc[rt["jenis"].astype("string") == "langkah"]
    utama = klas.rencana_utama(rt)
    rencana: dict[str, str] = {}
    if utama is not None and not _na(utama.get("rencana_ke")):
        cocok = (rt["jenis"].astype("string") == "rencana_langkah") & (
            rt["rencana_ke"] == utama["rencana_ke"]
        )
        for _, r in rt.loc[cocok.fillna(False)].iterrows():
            rencana[str(r["indikator"])] = narasi.kalimat_langkah(r)
    return pd.DataFrame(
        {
            "Indeks": lk["kelompok"].astype(str).tolist(),
            "Indikator": [label.get(str(i), str(i)) for i in lk["indikator"]],
            "Skor": [
                f"{format_angka(a)} → {format_angka(b)}"
                for a, b in zip(lk["skor_sekarang"], lk["skor_baru"], strict=True)
            ],
            "Perubahan yang diperlukan": [narasi.kalimat_langkah(r) for _, r in lk.iterrows()],
            "Dalam rencana yang dipilih": [rencana.get(str(i), "—") for i in lk["indikator"]],
        }
    )


def rekomendasi(d: DataLaporan) -> Bagian:
    """Section 14: the KKB's actions (``out_aksi``: owner, deadline, measure, target, budget),
    the follow-up of last year's actions (``out_tindak_lanjut``) and the target tier for next
    year with the smallest set of changes (``out_rencana_tingkat``)."""
    pengaturan = d.pengaturan or None
    aksi = _kkb_rows(d.tabel.get("out_aksi", pd.DataFrame()), d.kkb_id)
    tl = _kkb_rows(d.tabel.get("out_tindak_lanjut", pd.DataFrame()), d.kkb_id)
    label = _label_indikator()
    rt = _kkb_rows(d.tabel["out_rencana_tingkat"], d.kkb_id)
    rencana = rt.loc[rt["jenis"].astype("string") == "rencana"]
    teks = [
        "Rekomendasi disusun dari indeks klasifikasi di bawah "
        f"{format_angka(klas.AMBANG_INDEKS, 2)}, indikator yang lebih buruk daripada kota di "
        "luar KKB, area program Inpres 3/2022 yang belum memiliki kegiatan lintas sektor, dan "
        "domain data yang belum lengkap; urutan tabel adalah urutan prioritas."
    ]
    if aksi.empty:
        teks.append(f"Tidak ada indikator {d.nama} yang memerlukan rekomendasi khusus tahun ini.")
    teks += kalimat_target(d.nama, nilai(d.kkb, "tingkat"), rt)
    tabel: dict[str, pd.DataFrame] = {}
    if not aksi.empty:
        tabel["Rekomendasi"] = kata_aksi.tabel_aksi(aksi, pengaturan)
    if not tl.empty:
        tabel["Tindak lanjut rekomendasi tahun lalu"] = kata_aksi.tabel_tindak_lanjut(
            tl, pengaturan
        )
    else:
        teks.append(
            f"Tindak lanjut rekomendasi tahun {d.tahun - 1}: belum dapat dinilai (tidak ada "
            f"rekomendasi tahun {d.tahun - 1} untuk {d.nama})."
        )
    if rencana["target_tingkat"].notna().any():
        tabel["Rencana ke tingkat berikutnya"] = _tabel_rencana(rt)
    if (rt["jenis"].astype("string") == "langkah").any():
        tabel["Langkah per indikator (kenaikan satu skor)"] = _tabel_langkah(rt, label)
    kls = f"{_label_profil(d)}, {_label_kkbpk(d)}, {format_periode('PK', d.tahun)}"
    sumber_aksi = sumber(
        f"{format_periode('PK', d.tahun)}, {format_periode('e-PPGBM', d.tahun)}, "
        f"{_label_kkbpk(d)}, {_jendela(d)}"
    )
    lengkap = tabel.get("Rekomendasi")
    if lengkap is not None:  # the report: the top actions in four columns
        tabel["Rekomendasi"] = tabel_aksi_ringkas(aksi.head(MAKS_REKOMENDASI), pengaturan)
        if len(lengkap) > MAKS_REKOMENDASI:
            teks.append(
                f"Tabel memuat {format_angka(MAKS_REKOMENDASI)} rekomendasi teratas; seluruh "
                f"{format_angka(len(lengkap))} rekomendasi ada di lampiran."
            )
    if not tl.empty:
        teks.append(kalimat_tindak_lanjut(d, tl))
    b = Bagian(
        "Rekomendasi dan target tingkat tahun depan",
        teks=teks,
        angka={
            "Tingkat sekarang": format_nilai(nilai(d.kkb, "tingkat"), "tingkat"),
            "Jumlah OPD/pihak yang diberi rekomendasi": format_angka(
                aksi["opd"].nunique() if not aksi.empty else 0
            ),
        },
        tabel=tabel,
        sumber_tabel={
            "Rekomendasi": sumber_aksi,
            "Seluruh rekomendasi": sumber_aksi,
            "Tindak lanjut rekomendasi tahun lalu": sumber(
                f"rekomendasi tahun {d.tahun - 1} dan data tahun {d.tahun}"
            ),
            "Rencana ke tingkat berikutnya": sumber(f"{kls}; analisis tingkat berikutnya"),
            "Langkah per indikator (kenaikan satu skor)": sumber(kls),
        },
        sumber_angka=sumber(kls),
        cetak_angka=False,
    )
    if lengkap is not None:
        b.lampiran["Seluruh rekomendasi"] = lengkap
    return selesai(
        pindah_ke_lampiran(
            b,
            "Tindak lanjut rekomendasi tahun lalu",
            "Rencana ke tingkat berikutnya",
            "Langkah per indikator (kenaikan satu skor)",
        )
    )


def tabel_aksi_ringkas(aksi: pd.DataFrame, pengaturan: Mapping[str, Any] | None) -> pd.DataFrame:
    """The report's action table (``out_aksi`` rows in priority order): action, owner, measure
    with its target and deadline, budget source (short name)."""
    rows = aksi.sort_values("urutan", kind="stable").to_dict("records") if len(aksi) else []
    return pd.DataFrame(
        [
            (
                kata_aksi.teks_aksi(r, pengaturan),
                kata_aksi.penanggung_jawab(r),
                f"{kata_aksi.teks_ukuran(r, pengaturan)}; target {kata_aksi.teks_target(r)}, "
                f"paling lambat {kata_aksi.teks_tenggat(r)}",
                kata_aksi.nama_instrumen(r.get("instrumen"), singkat=True),
            )
            for r in rows
        ],
        columns=["Aksi", "Penanggung jawab", "Ukuran, target dan tenggat", "Anggaran"],
    )


def kalimat_tindak_lanjut(d: DataLaporan, tl: pd.DataFrame) -> str:
    """Last year's actions in one sentence: how many per follow-up status (words of
    :data:`kata_aksi.KATA_STATUS`); the table is in the appendix."""
    jumlah = tl["status_tindak_lanjut"].astype("string").value_counts()
    bagian = [
        f"{format_angka(int(jumlah[k]))} {kata}"
        for k, kata in kata_aksi.KATA_STATUS.items()
        if k in jumlah.index
    ]
    return (
        f"Tindak lanjut {format_angka(len(tl))} rekomendasi tahun {d.tahun - 1}: "
        f"{'; '.join(bagian)}. Rinciannya ada di lampiran."
    )


#: The report shows this many recommendations (the appendix all of them).
MAKS_REKOMENDASI = 4


# ------------------------------------------------------------------ Lampiran. Metodologi
#: The [asumsi] register of docs/metodologi.md §16: (settings key, what it controls, basis).
ASUMSI: tuple[tuple[str, str, str], ...] = (
    (
        "umur.tanggal_referensi_pk",
        "Tanggal acuan umur PK bila tanggal pendataan kosong",
        "[asumsi]",
    ),
    ("umur.balita_bulan", "Balita (bulan), keluarga punya balita, penyebut BKB", "[asumsi]"),
    ("umur.baduta_bulan", "Baduta (bulan)", "[sumber S21]"),
    ("umur.balita_krs_bulan", "Balita dalam definisi KRS (bulan)", "[sumber S21]"),
    ("umur.remaja", "Remaja (tahun), penyebut BKR/PIK-R", "[asumsi]"),
    ("umur.lansia_min", "Lansia, umur minimum (tahun), penyebut BKL", "[asumsi]"),
    ("umur.sekolah", "Kelompok umur sekolah (tahun)", "[asumsi]"),
    ("umur.maksimum_tahun", "Umur di atas batas ini ditandai tidak wajar", "[asumsi]"),
    ("pus.umur_istri", "PUS: umur istri (tahun)", "[sumber S40]"),
    ("klasifikasi.pembulatan", "Pembulatan persentase portal (half_even/half_up)", "[asumsi]"),
    ("klasifikasi.bulan_kkbpk", "Bulan KKBPK untuk klasifikasi (terakhir atau 1–12)", "[asumsi]"),
    (
        "klasifikasi.jendela_lintas_sektor_bulan",
        "Jendela intervensi lintas sektor untuk klasifikasi (bulan; null = semua)",
        "[asumsi]",
    ),
    ("krs.faktor", "Faktor risiko yang dipakai aturan KRS", "[sumber S21]"),
    ("krs.aturan", "Aturan KRS (minimal satu faktor)", "[sumber S21, S22]"),
    ("krs.jamban_bersama_layak", "Jamban bersama/umum dianggap layak", "[asumsi]"),
    ("ibangga.bobot", "Bobot 3 dimensi iBangga", "[asumsi]"),
    ("ibangga.v4_agregasi", "Variabel 4 iBangga: semua anggota atau kepala keluarga", "[asumsi]"),
    ("ibangga.v6_belum_kawin", "Variabel 6 iBangga untuk kepala keluarga belum kawin", "[asumsi]"),
    ("kesejahteraan.prioritas_sumber", "Urutan prioritas register kesejahteraan", "[asumsi]"),
    ("kesejahteraan.desil_kurang_mampu", "Desil keluarga kurang mampu", "[asumsi]"),
    ("kesejahteraan.termasuk_status_dtks", "Status DTKS ikut menjadikan kurang mampu", "[asumsi]"),
    ("kesejahteraan.desil_sasaran_pkh", "Desil sasaran PKH", "[sumber S39] sebagai [asumsi]"),
    (
        "kesejahteraan.desil_sasaran_sembako_pbi",
        "Desil sasaran Sembako dan PBI-JK",
        "[sumber S39] sebagai [asumsi]",
    ),
    ("penghasilan.gunakan_p04", "Proksi penghasilan memakai butir PK P.04", "[asumsi]"),
    ("penghasilan.aturan", "Aturan proksi tidak berpenghasilan tetap", "[asumsi]"),
    ("penghasilan.pekerjaan_tidak_tetap", "Kode pekerjaan tanpa penghasilan tetap", "[asumsi]"),
    ("penghasilan.pekerjaan_tetap", "Kode pekerjaan berpenghasilan tetap", "[asumsi]"),
    ("kelengkapan.ambang", "Ambang domain data lengkap (proporsi)", "[asumsi]"),
    (
        "kelengkapan.ambang_penghasilan",
        "Ambang domain 9: proporsi keluarga yang status penghasilannya dapat ditentukan",
        "[asumsi]",
    ),
    ("peringkat.indikator", "Indikator skor peringkat di ringkasan kota", "[asumsi]"),
    (
        "peringkat.beda_minimal",
        "Sebaran antar-KKB di bawah proporsi rentang ini: indikator tidak dipakai untuk peringkat",
        "[asumsi]",
    ),
    ("konvergensi.jendela_bulan", "Jendela konvergensi Inpres (bulan)", "[asumsi]"),
    (
        "aksi.tenggat_bulan",
        "Tenggat rekomendasi: bulan setelah akhir tahun data (12 = akhir tahun berikutnya)",
        "[asumsi]",
    ),
    (
        "aksi.instrumen",
        "Sumber anggaran yang dimiliki kelurahan dan desa (kelurahan tidak menerima Dana Desa)",
        "[asumsi]",
    ),
    ("laporan.tanggal_referensi", "Tanggal acuan tahun data", "[asumsi]"),
    ("laporan.sel_kecil", "Angka per RW di bawah nilai ini disamarkan", "[asumsi]"),
    ("laporan.cetak_nama_pkb", "Nama PKB/PLKB dicetak", "[asumsi]"),
    ("laporan.nama_lembaga", "Nama lembaga yang dicetak", "[asumsi]"),
    ("stunting.periode", "Periode prevalensi stunting", "[asumsi]"),
    ("validasi.toleransi_usia_hari", "Toleransi umur tercatat vs dihitung (hari)", "[asumsi]"),
    ("validasi.toleransi_z", "Toleransi z-skor ekspor vs hitung ulang (SD)", "[asumsi]"),
    ("validasi.selisih_pus_kkbpk", "Selisih PUS KKBPK vs PK yang ditandai (proporsi)", "[asumsi]"),
    ("validasi.tinggi_cm", "Rentang wajar panjang/tinggi badan e-PPGBM (cm)", "[asumsi]"),
    ("validasi.berat_kg", "Rentang wajar berat badan e-PPGBM (kg)", "[asumsi]"),
    ("validasi.luas_lantai_maks_m2", "Luas lantai maksimum yang wajar (m²)", "[asumsi]"),
    ("validasi.kotak_koordinat", "Kotak koordinat wajar Kota Cilegon (derajat)", "[asumsi]"),
)

#: Headline formulas: (indicator, formula with {settings.key} placeholders, data, references).
RUMUS: tuple[tuple[str, str, str, str], ...] = (
    (
        "PUS (KKBPK)",
        "Σ pengguna 7 metode + Σ bukan pengguna menurut 4 alasan (hamil, IAS, IAT, TIAL)",
        "KKBPK bulanan",
        "S3",
    ),
    ("PUS (PK)", "wanita kawin dengan umur istri {pus.umur_istri} tahun", "PK", "S40"),
    ("CPR", "PUS peserta KB aktif / PUS × 100", "PK", "S40"),
    ("mCPR", "PUS pengguna metode modern / PUS × 100", "PK", "S17, S40"),
    (
        "CPR 7 metode",
        "pengguna IUD, MOW, MOP, Kondom, Implan, Suntik, Pil / PUS × 100",
        "KKBPK",
        "S3",
    ),
    ("MKJP", "(IUD + MOW + MOP + Implan) / peserta KB aktif × 100", "PK; KKBPK", "S3"),
    ("Unmet need", "(IAT + TIAL) / PUS × 100", "PK; KKBPK", "S3, S40"),
    (
        "Partisipasi poktan",
        "peserta BKB/BKR/BKL/UPPKA/PIK-R / keluarga punya balita, remaja ({umur.remaja} tahun), "
        "lansia (≥ {umur.lansia_min} tahun), jumlah keluarga, jumlah remaja × 100",
        "KKBPK; PK",
        "S3",
    ),
    (
        "Keluarga berisiko stunting (KRS)",
        "keluarga sasaran dengan ≥ 1 faktor ({krs.faktor}) / keluarga sasaran × 100",
        "PK",
        "S21, S22",
    ),
    (
        "Prevalensi stunting",
        "balita dengan TB/U < −2 SD standar WHO 2006 / balita dengan TB/U valid × 100 "
        "(pengukuran terakhir tiap balita; IK 95% Wilson)",
        "e-PPGBM",
        "S28, S29, S30",
    ),
    (
        "iBangga",
        "rata-rata indeks keluarga dari 3 dimensi (17 variabel biner; bobot {ibangga.bobot}), "
        "skala 0–100; < 40 Rentan, 40–70 Berkembang, > 70 Tangguh",
        "PK",
        "S12, S13, S14",
    ),
    (
        "Keluarga kurang mampu",
        "keluarga desil {kesejahteraan.desil_kurang_mampu} (atau berstatus DTKS: "
        "{kesejahteraan.termasuk_status_dtks}) / seluruh keluarga × 100",
        "DTKS/P3KE/DTSEN; PK",
        "S11, S39",
    ),
    (
        "Konvergensi Inpres 3/2022",
        "area program a–h dengan ≥ 1 intervensi lintas sektor (instansi selain 26 dan 34) dalam "
        "{konvergensi.jendela_bulan} bulan / 8 × 100",
        "Intervensi KKB",
        "S3, S10",
    ),
    (
        "Kelengkapan data",
        "domain data lengkap / 9 × 100; domain lengkap bila proporsi data valid ≥ "
        "{kelengkapan.ambang}",
        "semua sumber",
        "S2",
    ),
)

#: Scoring rule of each of the 12 portal indicators (metodologi.md §3.2–§3.4) [sumber S3].
ATURAN_SKOR: dict[str, str] = {
    "input_pokja": "tidak ada pokja → 1; pokja saja → 2; + anggota atau pelatihan → 3; "
    "+ anggota dan pelatihan → 4",
    "input_sumber_dana": "jumlah sumber dana 0 → 1; 1 → 2; 2–4 → 3; 5–6 → 4",
    "input_poktan": "jumlah poktan 0 → 1; 1–2 → 2; 3–4 → 3; 5 → 4",
    "input_sarana": "sekretariat dan Rumah DataKu: 0 → 1; 1 → 2; 2 → 3",
    "input_pkb": "PKB/PLKB pendamping dan regulasi: 0 → 1; 1 → 2; 2 → 3",
    "proses_penggunaan_data": "jumlah sumber data 0 → 1; 1 → 2; 2–3 → 3; 4–5 → 4",
    "proses_operasional": "jumlah mekanisme 0 → 1; 1–2 → 2; 3–4 → 3; 5 → 4",
    "proses_lintas_sektor": "instansi non-KB berbeda 0 → 1; 1–3 → 2; 4–6 → 3; ≥ 7 → 4",
    "output_poktan": "rata-rata partisipasi 5 poktan ≤ 9% → 1; 10–20% → 2; 21–30% → 3; ≥ 31% → 4",
    "output_cpr": "≤ 29% → 1; 30–40% → 2; 41–50% → 3; ≥ 51% → 4",
    "output_mkjp": "≤ 19% → 1; 20–22% → 2; 23–24% → 3; ≥ 25% → 4",
    "output_unmet": "≥ 13% → 1; 10–12% → 2; 7–9% → 3; ≤ 6% → 4",
}

#: Sources cited in the appendix (ids of sources.md).
SUMBER: dict[str, str] = {
    "S2": "Banten Raya: 13 KKB Kota Cilegon diminta siapkan sembilan domain data",
    "S3": "Kode sumber portal Kampung KB BKKBN (klasifikasi, KKBPK, intervensi)",
    "S10": "Lampiran Inpres 3/2022: delapan area program a–h",
    "S11": "Portal Kampung KB: kriteria lama (Pra-S dan KS I)",
    "S12": "Metadata iBangga PK21",
    "S13": "Mataram Radio: Indeks Pembangunan Keluarga",
    "S14": "Suara.com: iBangga 2020/2021 dan kategorinya",
    "S17": "Warta Kencana: IKU BKKBN (mCPR, DCR)",
    "S21": "Tribun Sulbar: definisi keluarga sasaran dan faktor risiko KRS (BKKBN)",
    "S22": "Tribunnews, Kompas, Antara: KRS 2023",
    "S28": "Permenkes 2/2020 tentang Standar Antropometri Anak",
    "S29": "Paket R WHO anthro (standar pertumbuhan WHO)",
    "S30": "de Onis dkk. 2019: ambang prevalensi stunting, wasting, overweight",
    "S39": "Situs desa tentang DTKS (Permensos 3/2021) dan DTSEN; Kemensos",
    "S40": "Metadata Satu Data (PUS, peserta KB, CPR, mCPR, unmet need)",
}

_PLACEHOLDER = re.compile(r"\{([a-z_]+\.[a-z_0-9]+)\}")


def _isi_pengaturan(teks: str, settings: Mapping[str, Any]) -> str:
    return _PLACEHOLDER.sub(lambda m: format_pengaturan(ambil_pengaturan(settings, m[1])), teks)


def tabel_asumsi(settings: Mapping[str, Any], baku: Mapping[str, Any]) -> pd.DataFrame:
    """Every [asumsi] rule with the value in force and, when it was changed, the default."""
    baris = []
    for kunci, arti, dasar in ASUMSI:
        v, b = ambil_pengaturan(settings, kunci), ambil_pengaturan(baku, kunci)
        diubah = "" if v == b else f"ya (baku: {format_pengaturan(b)})"
        baris.append((kunci, arti, format_pengaturan(v), diubah or "tidak", dasar))
    return pd.DataFrame(
        baris, columns=["Kunci pengaturan", "Yang diatur", "Nilai dipakai", "Diubah", "Dasar"]
    )


def _tabel_tingkat() -> pd.DataFrame:
    baris = [
        (
            ya_tidak(i, "tinggi", "rendah"),
            ya_tidak(p, "tinggi", "rendah"),
            ya_tidak(o, "tinggi", "rendah"),
            t,
        )
        for (i, p, o), t in klas.TABEL_TINGKAT.items()
    ]
    return pd.DataFrame(
        baris, columns=["Indeks input", "Indeks proses", "Indeks output", "Tingkat"]
    )


def _tabel_skor_aturan() -> pd.DataFrame:
    return pd.DataFrame(
        [(i.kelompok, i.label, ATURAN_SKOR[i.nama]) for i in klas.INDIKATOR],
        columns=["Kelompok", "Indikator", "Aturan skor"],
    )


def _sumber_dikutip(tabel: Iterable[pd.DataFrame]) -> list[str]:
    ids: set[str] = set()
    for df in tabel:
        for kolom in ("Rujukan", "Dasar"):
            if kolom in df.columns:
                ids |= {m for t in df[kolom] for m in re.findall(r"S\d+[a-z]?", str(t))}
    ids.add("S3")
    return sorted(ids, key=lambda s: (int(re.sub(r"\D", "", s)), s))


def lampiran_metodologi(d: DataLaporan) -> Bagian:
    """Appendix: headline formulas, classification rules, every [asumsi] rule with the value in
    force (from the settings actually loaded), glossary and sources."""
    return selesai(isi_metodologi(d))


def isi_metodologi(d: DataLaporan) -> Bagian:
    """The methodology section of :func:`lampiran_metodologi`, not displayed."""
    settings = d.pengaturan or load_settings()
    baku = pengaturan_bawaan()
    rumus = pd.DataFrame(
        [(n, _isi_pengaturan(r, settings), s, r2) for n, r, s, r2 in RUMUS],
        columns=["Indikator", "Rumus", "Sumber data", "Rujukan"],
    )
    asumsi = tabel_asumsi(settings, baku)
    diubah = asumsi.loc[asumsi["Diubah"] != "tidak", "Kunci pengaturan"].tolist()
    ids = _sumber_dikutip([rumus, asumsi])
    tabel = {
        "Rumus indikator utama": rumus,
        "Aturan skor 12 indikator klasifikasi": _tabel_skor_aturan(),
        "Tingkat menurut indeks": _tabel_tingkat(),
        "Asumsi yang berlaku": asumsi,
        "Glosarium": tabel_glosarium(),
        "Sumber": pd.DataFrame(
            [(i, SUMBER.get(i, "lihat daftar sumber proyek")) for i in ids],
            columns=["Kode", "Sumber"],
        ),
    }
    teks = [
        'Setiap angka dalam laporan ini disertai sumber dan periodenya; "data tidak cukup" '
        "berarti penyebut nol atau data tidak tersedia, bukan nol.",
        f"Klasifikasi mengikuti algoritme portal Kampung KB BKKBN [S3]: 12 indikator diberi skor, "
        "indeks = rata-rata skor kelompoknya (dibulatkan 2 desimal), indeks ≥ "
        f"{format_angka(klas.AMBANG_INDEKS, 2)} disebut tinggi; persentase portal dibulatkan ke "
        f"bilangan bulat dengan aturan {format_pengaturan(settings['klasifikasi']['pembulatan'])}.",
        f"Terdapat {format_angka(len(ASUMSI))} aturan bertanda [asumsi] atau pilihan pengaturan "
        "yang menunggu konfirmasi DP3AP2KB Kota Cilegon/BKKBN; nilainya di bawah adalah nilai "
        "yang berlaku saat laporan ini dibuat.",
    ]
    if diubah:
        teks.append(f"Pengaturan yang diubah dari nilai baku: {', '.join(diubah)}.")
    sumber_lampiran = sumber(
        f"metodologi toolkit evaluasi KKB dan pengaturan analisis yang berlaku (data {d.tahun})"
    )
    return Bagian(
        "Lampiran. Metodologi",
        teks=teks,
        tabel=tabel,
        sumber_tabel={j: sumber_lampiran for j in tabel},
    )
