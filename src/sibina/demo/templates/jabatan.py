"""Positions of the synthetic city: functional and pelaksana families, their levels, ranks and degrees.

Demo plausibility, not regulation: SiBina's logic never reads these tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bidang:
    """A field of study: the major and the academic titles it gives at each education level (BKN codes)."""

    jurusan: str
    gelar: dict[str, str]  # education code -> back title, e.g. {"40": "S.Pd.", "45": "M.Pd."}
    depan: dict[str, str] = field(default_factory=dict)  # education code -> front title ("dr.", "Ns.")


def _b(jurusan: str, s1: str = "", s2: str = "", d3: str = "", d4: str = "", **depan: str) -> Bidang:
    gelar = {k: v for k, v in (("30", d3), ("35", d4), ("40", s1), ("45", s2)) if v}
    return Bidang(jurusan, gelar, {"40": depan["s1"]} if "s1" in depan else {})


ADMIN_FIELDS: tuple[tuple[Bidang, float], ...] = (
    (_b("Ilmu Administrasi Negara", "S.AP.", "M.AP.", "A.Md."), 3),
    (_b("Manajemen", "S.E.", "M.M.", "A.Md."), 3),
    (_b("Akuntansi", "S.E.", "M.Ak.", "A.Md.Ak."), 2),
    (_b("Ilmu Hukum", "S.H.", "M.H."), 2),
    (_b("Ilmu Pemerintahan", "S.IP.", "M.Si."), 1.5),
    (_b("Sosiologi", "S.Sos.", "M.Si."), 1.5),
    (_b("Teknik Informatika", "S.Kom.", "M.Kom.", "A.Md.Kom."), 1),
    (_b("Ilmu Komunikasi", "S.I.Kom.", "M.I.Kom."), 0.7),
    (_b("Teknik Sipil", "S.T.", "M.T.", "A.Md.T."), 0.7),
    (_b("Pemerintahan (IPDN)", "S.STP.", "M.Si.", d4="S.STP."), 0.8),
)


@dataclass(frozen=True)
class Keluarga:
    """A family of positions: one JF (Guru, Perawat, …) or a pelaksana title, with who holds it."""

    kode: str
    nama: str
    jalur: str  # AHLI | TERAMPIL | BOTH (the JF has both tracks) | PELAKSANA | SLTA_TERAMPIL
    fields: tuple[tuple[Bidang, float], ...]
    perempuan: float = 0.5  # share of women
    pppk: float = 0.1  # share of PPPK among the holders
    paruh_waktu: float = 0.2  # share of part-time among those PPPK
    ahli: float = 0.5  # for BOTH: share on the expert track
    pendidikan: str = ""  # pelaksana: the one education level it is filled from


_GURU_FIELDS = (
    (_b("Pendidikan Guru Sekolah Dasar", "S.Pd.", "M.Pd."), 6),
    (_b("Pendidikan Matematika", "S.Pd.", "M.Pd."), 1),
    (_b("Pendidikan Bahasa Indonesia", "S.Pd.", "M.Pd."), 1),
    (_b("Pendidikan Bahasa Inggris", "S.Pd.", "M.Pd."), 0.8),
    (_b("Pendidikan Agama Islam", "S.Pd.I.", "M.Pd.I."), 1),
    (_b("Pendidikan Agama Kristen", "S.Pd.K.", "M.Pd.K."), 0.3),
    (_b("Pendidikan Jasmani", "S.Pd.", "M.Pd."), 0.6),
    (_b("Pendidikan IPA", "S.Pd.", "M.Pd."), 0.7),
    (_b("Pendidikan IPS", "S.Pd.", "M.Pd."), 0.6),
    (_b("Bimbingan dan Konseling", "S.Pd.", "M.Pd."), 0.3),
)
_KESMAS = (_b("Kesehatan Masyarakat", "S.K.M.", "M.K.M."), 1.0)

KELUARGA: dict[str, Keluarga] = {
    k.kode: k
    for k in (
        Keluarga("guru", "Guru", "AHLI", _GURU_FIELDS, perempuan=0.72, pppk=0.3, paruh_waktu=0.12),
        Keluarga(
            "perawat",
            "Perawat",
            "BOTH",
            (
                (
                    Bidang("Keperawatan", {"30": "A.Md.Kep.", "40": "S.Kep.", "45": "M.Kep."}, {"40": "Ns."}),
                    1.0,
                ),
            ),
            perempuan=0.78,
            pppk=0.26,
            paruh_waktu=0.15,
            ahli=0.45,
        ),
        Keluarga(
            "bidan",
            "Bidan",
            "BOTH",
            ((Bidang("Kebidanan", {"30": "A.Md.Keb.", "35": "S.Tr.Keb.", "45": "M.Keb."}), 1.0),),
            perempuan=1.0,
            pppk=0.28,
            paruh_waktu=0.15,
            ahli=0.3,
        ),
        Keluarga(
            "dokter",
            "Dokter",
            "AHLI",
            ((Bidang("Pendidikan Dokter", {"45": "M.Kes."}, {"40": "dr.", "45": "dr."}), 1.0),),
            perempuan=0.58,
            pppk=0.12,
            paruh_waktu=0.0,
        ),
        Keluarga(
            "dokter_gigi",
            "Dokter Gigi",
            "AHLI",
            ((Bidang("Pendidikan Dokter Gigi", {}, {"40": "drg."}), 1.0),),
            perempuan=0.7,
            pppk=0.12,
            paruh_waktu=0.0,
        ),
        Keluarga(
            "apoteker",
            "Apoteker",
            "AHLI",
            ((Bidang("Farmasi", {"40": "S.Farm."}, {"40": "apt."}), 1.0),),
            perempuan=0.75,
            pppk=0.2,
        ),
        Keluarga(
            "asisten_apoteker",
            "Asisten Apoteker",
            "TERAMPIL",
            ((_b("Farmasi", d3="A.Md.Farm."), 1.0),),
            perempuan=0.75,
            pppk=0.25,
        ),
        Keluarga(
            "pranata_lab",
            "Pranata Laboratorium Kesehatan",
            "TERAMPIL",
            ((_b("Teknologi Laboratorium Medis", d3="A.Md.A.K."), 1.0),),
            perempuan=0.65,
            pppk=0.25,
        ),
        Keluarga(
            "nutrisionis",
            "Nutrisionis",
            "BOTH",
            ((_b("Gizi", "S.Gz.", "M.Gz.", "A.Md.Gz."), 1.0),),
            perempuan=0.85,
            pppk=0.25,
        ),
        Keluarga(
            "sanitarian",
            "Tenaga Sanitasi Lingkungan",
            "TERAMPIL",
            ((_b("Kesehatan Lingkungan", d3="A.Md.KL."), 1.0),),
            perempuan=0.55,
            pppk=0.25,
        ),
        Keluarga(
            "penyuluh_kesmas", "Penyuluh Kesehatan Masyarakat", "AHLI", (_KESMAS,), perempuan=0.7, pppk=0.2
        ),
        Keluarga("epidemiolog", "Epidemiolog Kesehatan", "AHLI", (_KESMAS,), perempuan=0.6, pppk=0.1),
        Keluarga("adminkes", "Administrator Kesehatan", "AHLI", (_KESMAS,), perempuan=0.6, pppk=0.1),
        Keluarga(
            "radiografer",
            "Radiografer",
            "TERAMPIL",
            ((_b("Radiologi", d3="A.Md.Rad."), 1.0),),
            perempuan=0.4,
            pppk=0.2,
        ),
        Keluarga(
            "fisioterapis",
            "Fisioterapis",
            "TERAMPIL",
            ((_b("Fisioterapi", d3="A.Md.Ftr."), 1.0),),
            perempuan=0.6,
            pppk=0.2,
        ),
        Keluarga(
            "perekam_medis",
            "Perekam Medis",
            "TERAMPIL",
            ((_b("Rekam Medis dan Informasi Kesehatan", d3="A.Md.RMIK."), 1.0),),
            perempuan=0.65,
            pppk=0.3,
        ),
        Keluarga(
            "auditor",
            "Auditor",
            "AHLI",
            (
                (_b("Akuntansi", "S.E.", "M.Ak."), 3),
                (_b("Ilmu Hukum", "S.H.", "M.H."), 1),
                (_b("Teknik Sipil", "S.T."), 1),
            ),
            pppk=0.0,
        ),
        Keluarga(
            "analis_sdm",
            "Analis Sumber Daya Manusia Aparatur",
            "AHLI",
            ((_b("Psikologi", "S.Psi.", "M.Psi."), 1), (_b("Ilmu Administrasi Negara", "S.AP.", "M.AP."), 2)),
            perempuan=0.55,
            pppk=0.05,
        ),
        Keluarga(
            "perencana",
            "Perencana",
            "AHLI",
            (
                (_b("Perencanaan Wilayah dan Kota", "S.T.", "M.T."), 1),
                (_b("Ilmu Ekonomi", "S.E.", "M.Si."), 2),
            ),
            pppk=0.0,
        ),
        Keluarga(
            "pranata_komputer",
            "Pranata Komputer",
            "BOTH",
            ((_b("Teknik Informatika", "S.Kom.", "M.Kom.", "A.Md.Kom."), 1.0),),
            perempuan=0.35,
            pppk=0.2,
            ahli=0.6,
        ),
        Keluarga(
            "pranata_humas",
            "Pranata Hubungan Masyarakat",
            "AHLI",
            ((_b("Ilmu Komunikasi", "S.I.Kom.", "M.I.Kom."), 1.0),),
            pppk=0.1,
        ),
        Keluarga(
            "analis_keuangan",
            "Analis Keuangan Pusat dan Daerah",
            "AHLI",
            ((_b("Akuntansi", "S.E.", "M.Ak."), 2), (_b("Manajemen", "S.E.", "M.M."), 1)),
            pppk=0.05,
        ),
        Keluarga(
            "pengelola_pbj",
            "Pengelola Pengadaan Barang/Jasa",
            "AHLI",
            ((_b("Teknik Sipil", "S.T."), 1), (_b("Manajemen", "S.E."), 1)),
            perempuan=0.35,
            pppk=0.0,
        ),
        Keluarga(
            "perancang_uu",
            "Perancang Peraturan Perundang-undangan",
            "AHLI",
            ((_b("Ilmu Hukum", "S.H.", "M.H."), 1.0),),
            pppk=0.0,
        ),
        Keluarga(
            "analis_kebijakan",
            "Analis Kebijakan",
            "AHLI",
            ((_b("Ilmu Pemerintahan", "S.IP.", "M.Si."), 1), (_b("Sosiologi", "S.Sos.", "M.Si."), 1)),
            pppk=0.0,
        ),
        Keluarga(
            "pol_pp",
            "Polisi Pamong Praja",
            "SLTA_TERAMPIL",
            ((Bidang("IPA", {}), 1), (Bidang("IPS", {}), 1)),
            perempuan=0.15,
            pppk=0.3,
            paruh_waktu=0.5,
        ),
        Keluarga(
            "pengawas_sekolah",
            "Pengawas Sekolah",
            "AHLI",
            (
                (_b("Pendidikan Guru Sekolah Dasar", "S.Pd.", "M.Pd."), 1),
                (_b("Manajemen Pendidikan", "S.Pd.", "M.Pd."), 1),
            ),
            perempuan=0.5,
            pppk=0.0,
        ),
        Keluarga(
            "penilik",
            "Penilik",
            "AHLI",
            ((_b("Pendidikan Luar Sekolah", "S.Pd.", "M.Pd."), 1.0),),
            perempuan=0.6,
            pppk=0.0,
        ),
        Keluarga(
            "adminduk",
            "Administrator Database Kependudukan",
            "AHLI",
            ((_b("Sistem Informasi", "S.Kom.", "M.Kom."), 1.0),),
            perempuan=0.4,
            pppk=0.1,
        ),
        Keluarga(
            "penyuluh_pertanian",
            "Penyuluh Pertanian",
            "BOTH",
            ((_b("Agroteknologi", "S.P.", "M.P.", "A.Md.P."), 1.0),),
            perempuan=0.35,
            pppk=0.35,
        ),
        Keluarga(
            "penyuluh_kb",
            "Penyuluh Keluarga Berencana",
            "AHLI",
            ((_b("Kesehatan Masyarakat", "S.K.M."), 1), (_b("Sosiologi", "S.Sos."), 1)),
            perempuan=0.7,
            pppk=0.1,
        ),
        Keluarga(
            "pustakawan",
            "Pustakawan",
            "BOTH",
            ((_b("Ilmu Perpustakaan", "S.I.P.", "M.I.P.", "A.Md."), 1.0),),
            perempuan=0.7,
            pppk=0.2,
        ),
        Keluarga(
            "arsiparis",
            "Arsiparis",
            "BOTH",
            ((_b("Kearsipan", "S.Hum.", "M.Hum.", "A.Md.Ars."), 1.0),),
            perempuan=0.6,
            pppk=0.2,
        ),
        Keluarga(
            "penguji_kendaraan",
            "Penguji Kendaraan Bermotor",
            "TERAMPIL",
            ((_b("Teknik Otomotif", d3="A.Md.T."), 1.0),),
            perempuan=0.05,
            pppk=0.2,
        ),
        Keluarga(
            "teknik_jalan",
            "Teknik Jalan dan Jembatan",
            "AHLI",
            ((_b("Teknik Sipil", "S.T.", "M.T."), 1.0),),
            perempuan=0.2,
            pppk=0.1,
        ),
        Keluarga(
            "pengendali_dampak",
            "Pengendali Dampak Lingkungan",
            "AHLI",
            ((_b("Teknik Lingkungan", "S.T.", "M.T."), 1), (_b("Biologi", "S.Si.", "M.Si."), 1)),
            pppk=0.1,
        ),
        Keluarga(
            "pekerja_sosial",
            "Pekerja Sosial",
            "AHLI",
            ((_b("Kesejahteraan Sosial", "S.Sos.", "M.Kesos."), 1.0),),
            perempuan=0.6,
            pppk=0.2,
        ),
        # Pelaksana titles of the 2024 simplification: filled from one education level each.
        Keluarga(
            "operator",
            "Operator Layanan Operasional",
            "PELAKSANA",
            ((Bidang("IPS", {}), 1), (Bidang("IPA", {}), 1)),
            perempuan=0.4,
            pppk=0.3,
            paruh_waktu=0.6,
            pendidikan="15",
        ),
        Keluarga(
            "pengadministrasi",
            "Pengadministrasi Perkantoran",
            "PELAKSANA",
            ((Bidang("Administrasi Perkantoran", {}), 1),),
            perempuan=0.55,
            pppk=0.25,
            paruh_waktu=0.5,
            pendidikan="17",
        ),
        Keluarga(
            "pengelola",
            "Pengelola Layanan Operasional",
            "PELAKSANA",
            ADMIN_FIELDS,
            pppk=0.15,
            pendidikan="30",
        ),
        Keluarga(
            "penata", "Penata Layanan Operasional", "PELAKSANA", ADMIN_FIELDS, pppk=0.1, pendidikan="40"
        ),
    )
}

_PELAKSANA = (("operator", 2.5), ("pengadministrasi", 3.0), ("pengelola", 2.0), ("penata", 3.5))
_SEKRETARIAT_JF = (
    ("arsiparis", 0.4),
    ("analis_keuangan", 0.5),
    ("perencana", 0.3),
    ("pranata_komputer", 0.3),
)

# Staff profile -> (family, weight). "admin" units add their OPD's own functional families (OPD_JF).
PROFIL: dict[str, tuple[tuple[str, float], ...]] = {
    "admin": _PELAKSANA,
    "sekolah": (("guru", 24.0), ("pengelola", 0.6), ("operator", 0.6)),
    "puskesmas": (
        ("perawat", 8),
        ("bidan", 7),
        ("dokter", 2),
        ("dokter_gigi", 0.7),
        ("apoteker", 0.6),
        ("asisten_apoteker", 0.6),
        ("pranata_lab", 1),
        ("nutrisionis", 0.8),
        ("sanitarian", 0.8),
        ("penyuluh_kesmas", 0.8),
        ("epidemiolog", 0.3),
        ("perekam_medis", 0.5),
        ("pengadministrasi", 1.2),
        ("operator", 0.8),
    ),
    "dinkes": (*_PELAKSANA, ("adminkes", 2), ("epidemiolog", 1), ("penyuluh_kesmas", 1), ("sanitarian", 0.7)),
    "rs_medik": (("dokter", 6), ("dokter_gigi", 0.5), ("perawat", 3), ("perekam_medis", 1)),
    "rs_perawat": (("perawat", 10), ("bidan", 3)),
    "rs_penunjang": (
        ("apoteker", 2),
        ("asisten_apoteker", 2),
        ("pranata_lab", 2),
        ("radiografer", 1.5),
        ("nutrisionis", 1),
        ("fisioterapis", 1),
        ("perekam_medis", 1.5),
    ),
}

OPD_JF: dict[str, tuple[tuple[str, float], ...]] = {
    "SETDA": (
        ("perancang_uu", 0.6),
        ("analis_kebijakan", 0.8),
        ("pengelola_pbj", 0.8),
        ("pranata_humas", 0.4),
    ),
    "INSPEKTORAT": (("auditor", 9),),
    "BAPPERIDA": (("perencana", 5), ("analis_kebijakan", 1)),
    "BKPSDM": (("analis_sdm", 5), ("pranata_komputer", 0.6)),
    "BPKPAD": (("analis_keuangan", 3),),
    "DISDIK": (("pengawas_sekolah", 3), ("penilik", 1)),
    "DISKOMINFO": (("pranata_komputer", 4), ("pranata_humas", 2)),
    "SATPOLPP": (("pol_pp", 16),),
    "DKPP": (("penyuluh_pertanian", 5),),
    "DPPKBPPPA": (("penyuluh_kb", 5),),
    "DISPUSIP": (("pustakawan", 3), ("arsiparis", 3)),
    "DISHUB": (("penguji_kendaraan", 3),),
    "DPUTR": (("teknik_jalan", 3),),
    "DLH": (("pengendali_dampak", 2),),
    "DINSOS": (("pekerja_sosial", 3),),
    "DUKCAPIL": (("adminduk", 3),),
}
SEKRETARIAT_JF = _SEKRETARIAT_JF

# JF levels: (name suffix, TingkatJabatan code, PNS golongan range, weight for PNS holders).
Level = tuple[str, str, tuple[str, str], float]
LEVELS_AHLI: tuple[Level, ...] = (
    ("Ahli Pertama", "JF_AHLI_PERTAMA", ("31", "32"), 0.35),
    ("Ahli Muda", "JF_AHLI_MUDA", ("33", "34"), 0.38),
    ("Ahli Madya", "JF_AHLI_MADYA", ("41", "43"), 0.27),
)
LEVELS_TERAMPIL: tuple[Level, ...] = (
    ("Pemula", "JF_PEMULA", ("21", "22"), 0.0),  # only for those who entered from SLTA
    ("Terampil", "JF_TERAMPIL", ("23", "24"), 0.35),
    ("Mahir", "JF_MAHIR", ("31", "32"), 0.4),
    ("Penyelia", "JF_PENYELIA", ("33", "34"), 0.25),
)

# Demo plausibility, not rules: entry golongan by education code, ceiling of a pelaksana, age at entry.
PNS_ENTRY: dict[str, str] = {
    "15": "21",
    "17": "21",
    "30": "23",
    "35": "31",
    "40": "31",
    "45": "32",
    "50": "33",
}
PPPK_ENTRY: dict[str, str] = {
    "15": "V",
    "17": "V",
    "30": "VII",
    "35": "IX",
    "40": "IX",
    "45": "X",
    "50": "XI",
}
PELAKSANA_CEILING: dict[str, str] = {"15": "32", "17": "32", "30": "33", "35": "34", "40": "34", "45": "41"}
ENTRY_AGE: dict[str, tuple[int, int]] = {
    "15": (19, 30),
    "17": (19, 30),
    "30": (21, 32),
    "35": (22, 33),
    "40": (23, 34),
    "45": (26, 35),
    "50": (30, 35),
}
RETIREMENT_AGE = {"JPT": 60, "JF_AHLI_MADYA": 65, "guru": 60, "other": 58}

# Structural heads: (TingkatJabatan code, golongan range).
HEAD_RANKS: dict[str, tuple[str, tuple[str, str]]] = {
    "SEKDA": ("JPT_PRATAMA", ("43", "44")),
    "JPT": ("JPT_PRATAMA", ("42", "43")),
    "ADMINISTRATOR": ("ADMINISTRATOR", ("34", "42")),
    "PENGAWAS": ("PENGAWAS", ("32", "34")),
    "KEPALA_SEKOLAH": ("JF_AHLI_MADYA", ("41", "42")),
}
