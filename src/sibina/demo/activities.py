"""Development activities a Binjai civil servant plausibly took part in during 2025 and 2026 (synthetic).

Each activity names its form (KL/NKL code of Peraturan LAN 10/2018) and how it is measured; the JP it earns is
never written here but computed from the reference conversion rule of that form.
"""

from __future__ import annotations

from dataclasses import dataclass

# Audiences: "semua" (everyone), "guru", "kesehatan", "pemimpin" (heads), "pelaksana", or a family code.
BKPSDM = "BKPSDM Kota Binjai"
BPSDM = "BPSDM Provinsi Sumatera Utara"
LAN = "Lembaga Administrasi Negara"
DISDIK = "Dinas Pendidikan Kota Binjai"
DINKES = "Dinas Kesehatan Kota Binjai"
KEMENKES = "Kementerian Kesehatan"
UNIT = "Unit kerja sendiri"


@dataclass(frozen=True)
class Aktivitas:
    nama: str
    bentuk: str
    untuk: tuple[str, ...]
    penyelenggara: tuple[str, ...]
    bobot: float = 1.0
    terjadwal: bool = True  # a scheduled event in batches (angkatan); else each person's own dates
    hari: tuple[int, int] = (1, 1)
    jp_program: tuple[int, int] | None = None  # for forms counted by the program's own JP
    menit_per_hari: tuple[int, int] = (0, 0)  # for forms counted in actual hours
    sesi: tuple[int, int] = (0, 0)  # for forms counted in sessions


AKTIVITAS: tuple[Aktivitas, ...] = (
    # For everyone
    Aktivitas(
        "E-Learning Literasi Digital ASN", "NKL03", ("semua",), (LAN,), 2.0, False, (2, 5), None, (60, 200)
    ),
    Aktivitas(
        "E-Learning Penguatan Nilai Dasar BerAKHLAK",
        "NKL03",
        ("semua",),
        (LAN, BKPSDM),
        1.5,
        False,
        (1, 4),
        None,
        (60, 180),
    ),
    Aktivitas(
        "E-Learning Wawasan Kebangsaan dan Bela Negara",
        "NKL03",
        ("semua",),
        (LAN,),
        1.0,
        False,
        (2, 4),
        None,
        (60, 150),
    ),
    Aktivitas(
        "Sosialisasi Manajemen Kinerja ASN",
        "KL11",
        ("semua",),
        (BKPSDM,),
        1.5,
        True,
        (1, 1),
        None,
        (135, 225),
    ),
    Aktivitas(
        "Sosialisasi Disiplin dan Kode Etik ASN",
        "KL11",
        ("semua",),
        (BKPSDM,),
        1.0,
        True,
        (1, 1),
        None,
        (90, 180),
    ),
    Aktivitas("Seminar Pelayanan Publik Berbasis Digital", "KL06", ("semua",), (BKPSDM, BPSDM), 0.8),
    Aktivitas(
        "Belajar Mandiri Pelayanan Prima", "NKL09", ("semua",), (UNIT,), 0.8, False, (1, 1), None, (90, 360)
    ),
    Aktivitas(
        "Coaching Kinerja oleh Atasan Langsung",
        "NKL01",
        ("semua",),
        (UNIT,),
        1.5,
        False,
        (1, 1),
        None,
        (0, 0),
        (1, 4),
    ),
    Aktivitas(
        "Bimbingan di Tempat Kerja",
        "NKL11",
        ("pelaksana",),
        (UNIT,),
        2.0,
        False,
        (1, 1),
        None,
        (0, 0),
        (1, 3),
    ),
    # Office staff
    Aktivitas(
        "Bimbingan Teknis Penatausahaan Keuangan Daerah",
        "KL10",
        ("pelaksana", "analis_keuangan"),
        (BKPSDM, "BPKPAD Kota Binjai"),
        1.2,
        True,
        (2, 3),
    ),
    Aktivitas(
        "Bimbingan Teknis Pengelolaan Arsip Dinamis",
        "KL10",
        ("pelaksana", "arsiparis"),
        ("Dinas Perpustakaan dan Kearsipan Kota Binjai",),
        0.8,
        True,
        (2, 3),
    ),
    Aktivitas(
        "Workshop Penyusunan Rencana Kerja Perangkat Daerah",
        "KL07",
        ("pemimpin", "perencana"),
        ("Bapperida Kota Binjai",),
        1.0,
        True,
        (1, 2),
    ),
    Aktivitas(
        "Bimbingan Teknis Pengelolaan Data ASN di SIASN",
        "KL10",
        ("analis_sdm",),
        (BKPSDM, "BKN"),
        2.0,
        True,
        (2, 3),
    ),
    Aktivitas(
        "Pelatihan Teknis Audit Kinerja",
        "KL03",
        ("auditor",),
        ("BPKP Perwakilan Sumatera Utara",),
        2.0,
        True,
        (4, 5),
        (30, 40),
    ),
    Aktivitas(
        "Pelatihan Teknis Polisi Pamong Praja", "KL03", ("pol_pp",), (BPSDM,), 2.0, True, (3, 5), (24, 40)
    ),
    Aktivitas(
        "Bimbingan Teknis Keamanan Informasi",
        "KL10",
        ("pranata_komputer", "adminduk"),
        ("BSSN",),
        1.5,
        True,
        (2, 3),
    ),
    Aktivitas(
        "Pelatihan Fungsional Penyuluh",
        "KL04",
        ("penyuluh_pertanian", "penyuluh_kb"),
        (BPSDM,),
        2.0,
        True,
        (4, 6),
        (30, 45),
    ),
    # Leaders
    Aktivitas(
        "Pelatihan Manajerial Kepemimpinan Melayani",
        "KL02",
        ("pemimpin",),
        (BPSDM, LAN),
        1.5,
        True,
        (3, 5),
        (24, 40),
    ),
    Aktivitas(
        "Mentoring Pengembangan Kompetensi Manajerial",
        "NKL02",
        ("pemimpin",),
        (UNIT, BKPSDM),
        1.5,
        False,
        (1, 1),
        None,
        (0, 0),
        (1, 3),
    ),
    Aktivitas("Patok Banding Inovasi Pelayanan Publik", "NKL07", ("pemimpin",), (BKPSDM,), 0.8),
    # Teachers
    Aktivitas("Workshop Implementasi Kurikulum Merdeka", "KL07", ("guru",), (DISDIK,), 2.0, True, (1, 3)),
    Aktivitas(
        "Bimbingan Teknis Pembelajaran Mendalam",
        "KL10",
        ("guru",),
        (DISDIK, "BBGTK Sumatera Utara"),
        2.0,
        True,
        (2, 4),
    ),
    Aktivitas(
        "Komunitas Belajar KKG/MGMP", "NKL10", ("guru",), (DISDIK,), 2.5, False, (1, 1), None, (90, 150)
    ),
    Aktivitas(
        "Pelatihan Mandiri Guru Daring",
        "NKL03",
        ("guru",),
        ("Kementerian Pendidikan Dasar dan Menengah",),
        2.0,
        False,
        (2, 6),
        None,
        (60, 180),
    ),
    Aktivitas(
        "Pelatihan Penguatan Kompetensi Guru",
        "KL04",
        ("guru",),
        ("BBGTK Sumatera Utara",),
        1.0,
        True,
        (4, 6),
        (32, 48),
    ),
    Aktivitas("Seminar Pendidikan Inklusif", "KL06", ("guru",), (DISDIK,), 0.8),
    # Health workers
    Aktivitas(
        "Pelatihan Bantuan Hidup Dasar",
        "KL03",
        ("kesehatan",),
        (DINKES, "RSUD Dr. R.M. Djoelham"),
        1.5,
        True,
        (2, 3),
        (16, 24),
    ),
    Aktivitas(
        "Pelatihan Kegawatdaruratan Maternal dan Neonatal",
        "KL03",
        ("bidan", "dokter"),
        (KEMENKES,),
        1.5,
        True,
        (4, 5),
        (32, 40),
    ),
    Aktivitas(
        "Workshop Pencegahan dan Pengendalian Infeksi", "KL07", ("kesehatan",), (DINKES,), 1.2, True, (1, 2)
    ),
    Aktivitas(
        "E-Learning Plataran Sehat", "NKL03", ("kesehatan",), (KEMENKES,), 2.0, False, (2, 6), None, (60, 180)
    ),
    Aktivitas(
        "Bimbingan Teknis Integrasi Layanan Primer", "KL10", ("kesehatan",), (DINKES,), 1.5, True, (2, 3)
    ),
    Aktivitas(
        "Sosialisasi Program Imunisasi",
        "KL11",
        ("kesehatan",),
        (DINKES,),
        1.0,
        True,
        (1, 1),
        None,
        (120, 240),
    ),
    Aktivitas("Seminar Keperawatan Berbasis Bukti", "KL06", ("perawat", "bidan"), ("PPNI Kota Binjai",), 1.0),
)
