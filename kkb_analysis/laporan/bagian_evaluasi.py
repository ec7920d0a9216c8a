"""Report sections on how the KKB works: classification, institutions, convergence, data quality,
recommendations and the methodology appendix."""

from __future__ import annotations

import pandas as pd

from kkb_analysis.laporan import grafik as grafik_mod
from kkb_analysis.laporan import narasi
from kkb_analysis.laporan.dasar import Bagian, DataLaporan, f, nilai, selesai, sumber
from kkb_analysis.laporan.format import DATA_TIDAK_CUKUP, format_angka, format_nilai, format_periode


def klasifikasi(d: DataLaporan) -> Bagian:
    """Section 6: radar of the three indices, the 12 scores and the plan for the next tier."""
    k = d.kkb
    bulan = k.get("kkbpk_bulan", pd.NA)
    label = (
        f"Profil KKB {d.tahun}, "
        + (
            format_periode("KKBPK", d.tahun, int(bulan))
            if not pd.isna(bulan)
            else f"KKBPK {d.tahun}"
        )
        + f", {format_periode('PK', d.tahun)}"
    )
    g = grafik_mod.radar_indeks(
        nilai(k, "index_input"),
        nilai(k, "index_proses"),
        nilai(k, "index_output"),
        nilai(k, "tingkat"),
        sumber_label=label,
        nama_wilayah=d.nama,
    )
    kl = d.tabel["out_klasifikasi"]
    kl = kl.loc[kl["kkb_id"].astype("string") == d.kkb_id]
    tabel_skor = pd.DataFrame(
        {
            "Kelompok": kl["kelompok"].astype(str).tolist(),
            "Indikator": kl["label"].astype(str).tolist(),
            "Keterangan": kl["keterangan"].astype("string").fillna(DATA_TIDAK_CUKUP).tolist(),
            "Skor": [format_angka(v) for v in kl["skor"]],
            "Skor maksimum": [format_angka(v) for v in kl["skor_maks"]],
            "Skor setara portal": [format_angka(v) for v in kl["skor_portal"]],
        }
    )
    rt = d.tabel["out_rencana_tingkat"]
    rt = rt.loc[rt["kkb_id"].astype("string") == d.kkb_id]
    rencana = rt.loc[rt["jenis"].astype("string") == "rencana"]
    tabel_rencana = pd.DataFrame(
        {
            "Target tingkat": rencana["target_tingkat"].astype("string").fillna("-").tolist(),
            "Jumlah langkah": [format_angka(v) for v in rencana["jumlah_langkah"]],
            "Perubahan": rencana["perubahan"].astype("string").fillna("-").tolist(),
            "Terdekat": [
                "-" if pd.isna(v) else ("ya" if bool(v) else "tidak")
                for v in rencana["terdekat"].tolist()
            ],
        }
    )
    teks = [narasi.kalimat_tingkat(d.wilayah, d.kkb_id)]
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
            tabel={"Skor 12 indikator": tabel_skor, "Rencana ke tingkat berikutnya": tabel_rencana},
            sumber_tabel={
                "Skor 12 indikator": sumber(label),
                "Rencana ke tingkat berikutnya": sumber(label),
            },
            grafik=[g],
        )
    )
