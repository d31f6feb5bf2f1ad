"""What the synthetic city's competency data is made of: technical standards, strengths, providers, texts.

Demo plausibility, not regulation: SiBina's logic never reads these tables. Competency codes are those of
``competency/data/kamus.json``; required managerial levels come from the reference tables, not from here.
"""

from __future__ import annotations

# Technical competencies of a functional family, most central first (the first gets the full level).
FAMILY_TECHNICAL: dict[str, tuple[str, ...]] = {
    "guru": ("T-PEN-01", "T-PEN-05", "T-PEN-02", "T-PEN-03"),
    "pengawas_sekolah": ("T-PEN-04", "T-PEN-02", "T-PEN-03"),
    "penilik": ("T-PEN-02", "T-PEN-01"),
    "perawat": ("T-KES-02", "T-KES-01"),
    "bidan": ("T-KES-03", "T-KES-01"),
    "dokter": ("T-KES-01", "T-KES-04"),
    "dokter_gigi": ("T-KES-01",),
    "apoteker": ("T-KES-06",),
    "asisten_apoteker": ("T-KES-06",),
    "pranata_lab": ("T-KES-01",),
    "nutrisionis": ("T-KES-04", "T-KES-01"),
    "sanitarian": ("T-KES-04", "T-LNG-01"),
    "penyuluh_kesmas": ("T-KES-04",),
    "epidemiolog": ("T-KES-04", "T-TIK-03"),
    "adminkes": ("T-KES-05", "T-KES-04"),
    "radiografer": ("T-KES-01",),
    "fisioterapis": ("T-KES-01",),
    "perekam_medis": ("T-KES-01", "T-ADM-02"),
    "auditor": ("T-ADM-04", "T-KEU-02"),
    "analis_sdm": ("T-PEG-01", "T-PEG-02"),
    "perencana": ("T-PRC-01", "T-PRC-02", "T-TIK-03"),
    "pranata_komputer": ("T-TIK-04", "T-TIK-01", "T-TIK-02"),
    "pranata_humas": ("T-ADM-05",),
    "analis_keuangan": ("T-KEU-01", "T-KEU-02"),
    "pengelola_pbj": ("T-KEU-05",),
    "perancang_uu": ("T-HUK-01",),
    "analis_kebijakan": ("T-PRC-02", "T-ADM-03"),
    "pol_pp": ("T-HUK-02",),
    "adminduk": ("T-DUK-01", "T-TIK-03"),
    "penyuluh_pertanian": ("T-TAN-01",),
    "penyuluh_kb": ("T-SOS-01",),
    "pustakawan": ("T-ADM-02",),
    "arsiparis": ("T-ADM-02",),
    "penguji_kendaraan": ("T-HUB-01",),
    "teknik_jalan": ("T-INF-01",),
    "pengendali_dampak": ("T-LNG-01",),
    "pekerja_sosial": ("T-SOS-01",),
}

# Heads, pelaksana and anyone not in FAMILY_TECHNICAL take the field of their unit: first a keyword of the
# unit's (or a parent sub-unit's) name, then the OPD's own field, then the front-line or general default.
UNIT_KEYWORD_TECHNICAL: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Anggaran", ("T-KEU-01", "T-KEU-02")),
    ("Perbendaharaan", ("T-KEU-02", "T-KEU-01")),
    ("Akuntansi", ("T-KEU-02", "T-KEU-03")),
    ("Pendapatan", ("T-KEU-04", "T-KEU-02")),
    ("Aset", ("T-KEU-03", "T-KEU-02")),
    ("Keuangan", ("T-KEU-01", "T-KEU-02")),
    ("Kepegawaian", ("T-PEG-01", "T-ADM-02")),
    ("Hukum", ("T-HUK-01", "T-ADM-02")),
    ("Perundang-undangan", ("T-HUK-01", "T-ADM-02")),
    ("Pengadaan Barang", ("T-KEU-05", "T-ADM-02")),
    ("Protokol", ("T-ADM-05", "T-ADM-02")),
    ("Organisasi", ("T-ADM-03", "T-ADM-04")),
    ("Penataan Ruang", ("T-INF-02", "T-INF-01")),
    ("Statistik", ("T-TIK-03", "T-TIK-02")),
    ("Aplikasi", ("T-TIK-04", "T-TIK-01")),
)
SECRETARIAT_TECHNICAL = ("T-ADM-02", "T-ADM-03")
OPD_TECHNICAL: dict[str, tuple[str, ...]] = {
    "SETDA": ("T-ADM-03", "T-ADM-02"),
    "SETWAN": ("T-ADM-02", "T-HUK-01"),
    "INSPEKTORAT": ("T-ADM-04", "T-KEU-02"),
    "BAPPERIDA": ("T-PRC-01", "T-PRC-02"),
    "BKPSDM": ("T-PEG-01", "T-PEG-02"),
    "BPKPAD": ("T-KEU-01", "T-KEU-02"),
    "BPBD": ("T-ADM-01", "T-ADM-04"),
    "DISDIK": ("T-PEN-04", "T-ADM-02"),
    "DINKES": ("T-KES-05", "T-KES-04"),
    "RSUD": ("T-KES-05", "T-ADM-01"),
    "DPUTR": ("T-INF-01", "T-INF-02"),
    "DPKP": ("T-INF-02", "T-INF-01"),
    "DLH": ("T-LNG-01",),
    "DISKOMINFO": ("T-TIK-01", "T-TIK-02"),
    "SATPOLPP": ("T-HUK-02",),
    "DKPP": ("T-TAN-01",),
    "DPMPTSP": ("T-EKO-01", "T-ADM-01"),
    "DISHUB": ("T-HUB-01",),
    "DISKOP": ("T-EKO-02",),
    "DISPERINDAG": ("T-EKO-02", "T-EKO-01"),
    "DINSOS": ("T-SOS-01",),
    "DUKCAPIL": ("T-DUK-01", "T-ADM-01"),
    "DPPKBPPPA": ("T-SOS-01",),
    "DISPUSIP": ("T-ADM-02",),
}
FRONT_LINE_TECHNICAL = ("T-ADM-01", "T-ADM-02")  # kecamatan and kelurahan offices
DEFAULT_TECHNICAL = ("T-ADM-02", "T-ADM-03")
SCHOOL_HEAD_TECHNICAL = ("T-PEN-04", "T-PEN-02", "T-PEN-03")
PUSKESMAS_HEAD_TECHNICAL = ("T-KES-05", "T-KES-01")
LEADER_TECHNICAL = "T-ADM-03"  # JPT and administrators also manage their unit's performance
MAX_TECHNICAL = 3

# Required level of the central technical competency by TingkatJabatan code (the others one lower, min 1).
TECHNICAL_LEVEL: dict[str, int] = {
    "JPT_UTAMA": 4,
    "JPT_MADYA": 4,
    "JPT_PRATAMA": 4,
    "ADMINISTRATOR": 3,
    "PENGAWAS": 3,
    "PELAKSANA": 2,
    "JF_AHLI_UTAMA": 4,
    "JF_AHLI_MADYA": 4,
    "JF_AHLI_MUDA": 3,
    "JF_AHLI_PERTAMA": 2,
    "JF_PENYELIA": 3,
    "JF_MAHIR": 2,
    "JF_TERAMPIL": 2,
    "JF_PEMULA": 1,
}
ENTRY_PELAKSANA = frozenset({"operator"})  # entry-level pelaksana: level 1 throughout

# "Digital" competencies, on which some OPDs are systematically weaker or stronger.
DIGITAL = frozenset({"T-PEN-05", "T-TIK-01", "T-TIK-02", "T-TIK-03", "T-TIK-04"})
ANY, TECHNICAL, DIGITAL_KEY = "*", "TEKNIS", "DIGITAL"
# Systematic strengths (+) and weaknesses (−) in assessed levels, by OPD (kecamatan and kelurahan under
# "KECAMATAN"): keys are a competency code, DIGITAL, TEKNIS (every technical competency) or * (all).
OPD_STRENGTH: dict[str, dict[str, float]] = {
    "DUKCAPIL": {"M05": -0.8, DIGITAL_KEY: -0.3},
    "DPMPTSP": {"M05": -0.5, "M07": -0.3},
    "SATPOLPP": {"M05": -0.7, "M03": -0.5},
    "KECAMATAN": {"M05": -0.5, "T-ADM-01": -0.4},
    "DISDIK": {DIGITAL_KEY: -0.9, "M07": -0.3},
    "DINKES": {"M07": -0.5, "T-KES-04": -0.3},
    "RSUD": {"M05": -0.4, "M02": -0.2},
    "DISKOMINFO": {DIGITAL_KEY: 0.6},
    "INSPEKTORAT": {"M01": 0.4, TECHNICAL: 0.2},
    "BKPSDM": {ANY: 0.2},
    "BPKPAD": {TECHNICAL: 0.3},
    "BAPPERIDA": {"M08": 0.3},
    "DLH": {TECHNICAL: -0.4},
    "DISHUB": {TECHNICAL: -0.3},
    "DKPP": {ANY: -0.2},
}
# The general level of each OPD also wanders a little (drawn per OPD), so no two OPDs look alike.
OPD_GENERAL_SD = 0.2

# Who is assessed at all, by group (see ``_group`` in competency.py); the city ends up near 60%.
ASSESSED_SHARE: dict[str, float] = {
    "struktural": 0.97,
    "kepala_sekolah": 0.9,
    "guru": 0.5,
    "kesehatan": 0.66,
    "fungsional": 0.78,
    "pelaksana": 0.72,
    "cpns": 0.35,
    "pppk_guru": 0.2,
    "pppk": 0.34,
    "pppk_pw": 0.1,
}
ASSESSMENT_YEARS = ((2023, 0.24), (2024, 0.24), (2025, 0.27), (2026, 0.25))
REASSESSED_2023_OFFICIALS = 0.45  # officials assessed in 2023 who were assessed again in 2026

# Method by group: (method, weight); ATASAN (supervisor) assessments carry no potential score.
METHODS: dict[str, tuple[tuple[str, float], ...]] = {
    "struktural": (("AC", 0.88), ("CACT", 0.12)),
    "kepala_sekolah": (("AC", 0.7), ("CACT", 0.3)),
    "fungsional": (("CACT", 0.6), ("UJIKOM", 0.3), ("ATASAN", 0.1)),
    "guru": (("CACT", 0.55), ("UJIKOM", 0.35), ("ATASAN", 0.1)),
    "kesehatan": (("CACT", 0.55), ("UJIKOM", 0.35), ("ATASAN", 0.1)),
    "other": (("CACT", 0.82), ("ATASAN", 0.18)),
}
PROVIDERS: dict[str, tuple[str, ...]] = {
    "AC": (
        "UPT Penilaian Kompetensi Pegawai Kanreg VI BKN Medan",
        "Assessment Center BPSDM Provinsi Sumatera Utara",
    ),
    "CACT": ("BKPSDM Kota Binjai", "Kanreg VI BKN Medan"),
    "UJIKOM": ("Instansi Pembina Jabatan Fungsional", "LSP Instansi Pembina"),
    "ATASAN": ("Atasan langsung",),
}

# SKP: how a latent performance score maps to HK and PK ratings (most SESUAI, some DI_ATAS, a few DI_BAWAH).
HK_ABOVE, HK_BELOW = 0.72, -1.1
PK_ABOVE, PK_BELOW = 0.58, -1.0
SKP_MISSING = 0.015  # annual SKP not in the file (leave, late appraisal)
OPD_PERFORMANCE: dict[str, float] = {"SATPOLPP": -0.2, "DLH": -0.15, "BKPSDM": 0.15, "INSPEKTORAT": 0.1}

# Proposals for the plan year: share of employees, and how they end (the five workflow states).
PROPOSAL_SHARE = 0.03
PROPOSAL_STATES = (
    ("DIAJUKAN", 0.25),
    ("DISETUJUI", 0.2),
    ("DITOLAK", 0.1),
    ("VERIFIKASI", 0.35),
    ("TOLAKBKP", 0.1),
)
PROPOSAL_TEXTS = (
    "Saya membutuhkan pelatihan %(k)s untuk mendukung tugas sebagai %(j)s.",
    "Pekerjaan di unit menuntut kemampuan %(k)s yang belum saya kuasai sepenuhnya.",
    "Atasan meminta saya memperdalam %(k)s untuk target kinerja tahun depan.",
    "Mohon diikutkan bimtek %(k)s; tugas ini makin sering saya tangani sebagai %(j)s.",
)
SUPERVISOR_REJECTIONS = (
    "Belum sesuai dengan tugas jabatan saat ini; fokuskan pada kompetensi inti jabatan.",
    "Diusulkan kembali setelah asesmen ulang tahun depan.",
    "Kuota unit tahun ini sudah terpenuhi untuk kompetensi ini.",
)
BKPSDM_REJECTIONS = (
    "Hasil asesmen terakhir tidak menunjukkan gap pada kompetensi ini.",
    "Sudah tercakup dalam program pengembangan wajib tahun 2027.",
    "Pelatihan serupa telah diikuti pada tahun 2026.",
)
NOMINATION_SHARE = 1 / 500
NOMINATION_NOTE = "Dinominasikan oleh pimpinan sebagai calon %(j)s."
