"""Report sections 1–6 (identitas … klasifikasi) and the profile sections of the KKB."""

from __future__ import annotations

import pandas as pd

from kkb_analysis.laporan import grafik as grafik_mod
from kkb_analysis.laporan import narasi
from kkb_analysis.laporan.dasar import (
    CATATAN_SSGI,
    INDIKATOR_RINGKASAN,
    Bagian,
    DataLaporan,
    baris_wilayah,
    f,
    nilai,
    selesai,
    sumber,
    tabel_banding,
)
from kkb_analysis.laporan.format import (
    format_angka,
    format_nilai,
    format_periode,
    format_persen,
)


def identitas(d: DataLaporan) -> Bagian:
    """Section 1: name, code, kelurahan/kecamatan, data year, tier and sources."""
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
    }
    bulan = k.get("kkbpk_bulan", pd.NA)
    sumber = [
        format_periode("PK", d.tahun),
        format_periode("KKBPK", d.tahun, None if pd.isna(bulan) else int(bulan)),
        format_periode("e-PPGBM", d.tahun),
        f"Profil KKB {d.tahun}",
    ]
    teks = [
        f"Laporan evaluasi {d.nama} (kode {d.kkb_id}) untuk tahun data "
        f"{format_nilai(d.tahun, 'tahun')}. Sumber data: {', '.join(sumber)}; diolah "
        f"{grafik_mod.PENGOLAH}."
    ]
    return selesai(Bagian("Identitas KKB", teks=teks, angka=angka))


def ringkasan_eksekutif(d: DataLaporan) -> Bagian:
    """Section 2: tier sentence, the three indices, headline comparisons, top-3 issues and
    recommendations."""
    wide = d.wilayah
    teks = [narasi.kalimat_tingkat(wide, d.kkb_id)]
    angka = {
        "Indeks input": f(d.kkb, "index_input"),
        "Indeks proses": f(d.kkb, "index_proses"),
        "Indeks output": f(d.kkb, "index_output"),
    }
    teks.append("Perbandingan indikator utama:")
    for kolom in INDIKATOR_RINGKASAN:
        if kolom in wide.columns:
            teks.append("- " + narasi.kalimat_perbandingan(wide, d.kkb_id, kolom))
    isu = narasi.isu_utama(wide, d.kkb_id, n=3)
    if isu:
        teks.append("Isu utama:")
        teks += [f"{i}. {item['kalimat']}" for i, item in enumerate(isu, start=1)]
        teks.append("Rekomendasi:")
        teks += [f"{i}. {r}" for i, r in enumerate(narasi.rekomendasi(isu), start=1)]
    else:
        teks.append(
            "Tidak ada indikator utama yang lebih buruk daripada kota (atau data tidak cukup)."
        )
    b = Bagian("Ringkasan eksekutif", teks=teks, angka=angka)
    b.angka["Jumlah isu utama"] = format_angka(len(isu))
    return selesai(b)


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
        f"usia 15–64 tahun, median umur {f(k, 'median_umur_teks')} tahun."
    ]
    baris = [
        ("Jumlah keluarga", "n_keluarga"),
        ("Jumlah penduduk", "n_penduduk"),
        ("Laki-laki", "n_penduduk_l"),
        ("Perempuan", "n_penduduk_p"),
        ("Balita (0–59 bulan)", "n_balita"),
        ("Remaja (10–24 tahun)", "n_remaja"),
        ("Lansia (≥ 60 tahun)", "n_lansia"),
        ("Jiwa per keluarga", "rasio_penduduk_per_keluarga"),
        ("Rasio jenis kelamin (L per 100 P)", "rasio_jenis_kelamin"),
        ("Rasio ketergantungan (per 100)", "rasio_ketergantungan"),
        ("Median umur (tahun)", "median_umur_teks"),
    ]
    tabel = {"Angka kunci kependudukan": tabel_banding(d, baris)}
    kota_id = None if d.kota is None else str(d.kota["wilayah_id"])
    g = grafik_mod.piramida_penduduk(
        d.tabel["out_piramida"],
        d.wilayah_id,
        d.tahun,
        pembanding=kota_id,
        nama_wilayah=d.nama,
        nama_pembanding=None if d.kota is None else str(d.kota["nama_wilayah"]),
    )
    angka = {"Jumlah penduduk": f(k, "n_penduduk"), "Jumlah keluarga": f(k, "n_keluarga")}
    return selesai(
        Bagian(
            "Kependudukan",
            teks=teks,
            angka=angka,
            tabel=tabel,
            sumber_tabel={"Angka kunci kependudukan": sumber(periode)},
            grafik=[g],
        )
    )


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
        }
    )
    teks = [
        f"Angka KB dari Pendataan Keluarga ({pk}) dan dari laporan bulanan KKBPK ({kkbpk}) "
        f"memakai definisi dan penyebut berbeda, sehingga disajikan terpisah: CPR {pk} "
        f"{f(k, 'cpr_pct')}, CPR 7 metode {kkbpk} {f(k, 'kkbpk_cpr_7_metode_pct')}."
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
    tabel_pok = pd.DataFrame(
        {
            "Poktan": pok["poktan"].astype(str).tolist(),
            "Peserta": [format_angka(v) for v in pok["peserta"]],
            "Penyebut (PK)": [label_penyebut.get(str(v), str(v)) for v in pok["penyebut"]],
            "Jumlah penyebut": [format_angka(v) for v in pok["nilai_penyebut"]],
            "Partisipasi": [
                format_persen(v) + (" (melebihi 100%, periksa data)" if bool(m) else "")
                for v, m in zip(pok["partisipasi_pct"], pok["melebihi_100"], strict=True)
            ],
        }
    )
    g = grafik_mod.bauran_metode(d.tabel["out_metode_kb"], d.wilayah_id, kkbpk, nama_wilayah=d.nama)
    return selesai(
        Bagian(
            "KB dan poktan",
            teks=teks,
            angka={
                "CPR (PK)": f(k, "cpr_pct"),
                "CPR 7 metode (KKBPK)": f(k, "kkbpk_cpr_7_metode_pct"),
            },
            tabel={"Indikator KB menurut sumber": tabel_kb, "Partisipasi poktan": tabel_pok},
            sumber_tabel={
                "Indikator KB menurut sumber": sumber(f"{pk}; {kkbpk}"),
                "Partisipasi poktan": sumber(f"{kkbpk} (peserta); {pk} (penyebut)"),
            },
            grafik=[g],
        )
    )


def stunting_dan_krs(d: DataLaporan) -> Bagian:
    """Section 5: stunting prevalence (95% CI, n, severity), the e-PPGBM vs SSGI caveat, the HAZ
    distribution chart and the KRS recap."""
    k = d.kkb
    ep = format_periode("e-PPGBM", d.tahun)
    pk = format_periode("PK", d.tahun)
    teks = [
        f"Prevalensi stunting balita di {d.nama} ({ep}, pengukuran terakhir tiap balita) "
        f"{f(k, 'stunting_pct')} (IK 95%: {f(k, 'stunting_ci_low_pct')}–"
        f"{f(k, 'stunting_ci_high_pct')}; n = {f(k, 'n_balita_diukur')} balita diukur), "
        f"kategori {format_nilai(k.get('stunting_kategori', pd.NA), 'stunting_kategori')} "
        f"menurut ambang WHO–UNICEF.",
        CATATAN_SSGI,
    ]
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
    tabel_st = tabel_banding(
        d,
        [
            ("Prevalensi stunting", "stunting_pct"),
            ("Batas bawah IK 95%", "stunting_ci_low_pct"),
            ("Batas atas IK 95%", "stunting_ci_high_pct"),
            ("Balita diukur (n)", "n_balita_diukur"),
            ("Kategori", "stunting_kategori"),
            ("Keluarga berisiko stunting", "krs_pct"),
        ],
    )
    return selesai(
        Bagian(
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
        )
    )
