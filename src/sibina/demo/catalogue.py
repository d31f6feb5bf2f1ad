"""Stage "catalogue": the development activities (Kegiatan) on offer to Binjai's civil servants in 2027.

About 150 activities of every form of Peraturan LAN 10/2018: leadership and basic training at BPSDM Provinsi
Sumatera Utara and LAN (kontribusi, expensive), technical and functional training for every field of the
competency dictionary, BKPSDM's in-house workshops and bimtek (a fixed cost per class), and many cheap
non-classical forms: free e-learning, coaching and mentoring by supervisors, communities of practice. Every
activity develops at least one competency of ``competency/data/kamus.json``; its JP is never written here but
computed by ``catalogue.services`` from the conversion rule of its form. Costs are plausible 2026 rupiah,
varied a little per seed (``ctx.rng("catalogue")``); all of it is synthetic (``sintetis=True``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sibina.catalogue.models import AturanWajib, Kegiatan, KegiatanKompetensi
from sibina.catalogue.services import kegiatan_save
from sibina.competency.models import Kompetensi
from sibina.demo.audience import audience_for
from sibina.demo.context import DemoContext
from sibina.demo.standards import standard_for
from sibina.people.models import UnitKerja
from sibina.reference.models import TingkatJabatan
from sibina.reference.selectors import bentuk_map, tingkat_jabatan_map

K, F, G = Kegiatan.PolaPendanaan.KONTRIBUSI, Kegiatan.PolaPendanaan.FASILITASI, Kegiatan.PolaPendanaan.GRATIS
OPD_FUNDED = Kegiatan.SumberDana.OPD
Provider = tuple[str, str]  # (Kegiatan.JenisPenyelenggara, name)
LAN: Provider = ("LAN", "Lembaga Administrasi Negara")
BPSDM: Provider = ("BPSDM", "BPSDM Provinsi Sumatera Utara")
BKPSDM: Provider = ("BKPSDM", "BKPSDM Kota Binjai")
ASN_UNGGUL: Provider = ("ELEARNING", "ASN Unggul (LAN)")
KEMENDAGRI_EL: Provider = ("ELEARNING", "Pelatihan Daring BPSDM Kemendagri")
PLATARAN: Provider = ("ELEARNING", "Plataran Sehat (Kementerian Kesehatan)")
RUANG_GTK: Provider = ("ELEARNING", "Ruang GTK (Kemendikdasmen)")
DTS: Provider = ("ELEARNING", "Digital Talent Scholarship (Komdigi)")
UNIT: Provider = ("OPD", "Unit kerja peserta")


def opd(nama: str) -> Provider:
    return ("OPD", nama)


def other(nama: str) -> Provider:
    return ("LAINNYA", nama)


def el(nama: str) -> Provider:
    return ("ELEARNING", nama)


# Position levels used in eligibility rules.
STRUKTURAL = ("JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS")
AHLI = ("JF_AHLI_PERTAMA", "JF_AHLI_MUDA", "JF_AHLI_MADYA", "JF_AHLI_UTAMA")
PIMPINAN_MENENGAH = ("ADMINISTRATOR", "PENGAWAS", "JF_AHLI_MUDA", "JF_AHLI_MADYA")
# Golongan order (urutan) within the ASN type: 5 = II/a, 9 = III/a, 13 = IV/a, 17 = IV/e.
II_A, II_D, III_A, III_B, III_C, III_D, IV_A, IV_B, IV_E = 5, 8, 9, 10, 11, 12, 13, 14, 17
ALL_QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Spec:
    """One activity of the catalogue as this stage describes it; money in whole rupiah."""

    kode: str
    judul: str
    bentuk: str
    penyelenggara: Provider
    gains: str  # "M01:2 T-KEU-01:1": competency code and levels gained
    jp_program: int | None = None
    hari: int = 0
    sesi: int = 0
    menit: int = 0
    bulan: int = 1
    hari_klasikal: int | None = None  # None: the days of a classical form, 0 for a non-classical one
    per_peserta: int = 0
    per_kelas: int = 0
    kapasitas: int = 30
    minimum: int = 1
    maks_kelas: int = 1
    pola: str = K
    sumber: str = Kegiatan.SumberDana.BKPSDM
    tingkat: tuple[str, ...] = ()
    jenis_asn: tuple[str, ...] = ()
    golongan: tuple[int | None, int | None] = (None, None)
    garis_depan: bool = False
    prasyarat: tuple[str, ...] = ()
    wajib: tuple[tuple[str, bool, str], ...] = ()  # (AturanWajib.Sasaran, active, basis)
    triwulan: tuple[int, ...] | None = None  # None: drawn per seed
    deskripsi: str = ""

    @property
    def klasikal(self) -> bool:
        return self.bentuk.startswith("KL")

    def kompetensi(self) -> list[tuple[str, int]]:
        return [(code, int(level)) for code, level in (part.split(":") for part in self.gains.split())]


def elearning(kode: str, judul: str, platform: Provider, gains: str, jp: int, hari: int, **kw: Any) -> Spec:
    """Free self-paced e-learning (NKL03): large cohorts all year round; JP capped at 3 a day of access."""
    kw = {"kapasitas": 1000, "maks_kelas": 6, "pola": G, "triwulan": ALL_QUARTERS, **kw}
    return Spec(kode, judul, "NKL03", platform, gains, jp_program=jp, hari=hari, **kw)


def kontribusi(kode: str, judul: str, bentuk: str, prov: Provider, gains: str, **kw: Any) -> Spec:
    """A seat in someone else's class (BPSDM, LAN, a ministry): a fee per participant, no minimum class."""
    return Spec(kode, judul, bentuk, prov, gains, pola=K, minimum=1, **kw)


def inhouse(kode: str, judul: str, bentuk: str, prov: Provider, gains: str, **kw: Any) -> Spec:
    """A class run in Binjai for the city's own staff: a fixed cost per class and a minimum class size."""
    kw = {"kapasitas": 40, "minimum": 15, **kw}
    return Spec(kode, judul, bentuk, prov, gains, pola=F, **kw)


def coaching(kode: str, judul: str, bentuk: str, prov: Provider, gains: str, sesi: int, **kw: Any) -> Spec:
    """Coaching or mentoring in small groups by supervisors and senior staff: sessions of 2 JP, ~no cost."""
    kw = {"kapasitas": 8, "minimum": 2, "maks_kelas": 60, "pola": G, "triwulan": ALL_QUARTERS, **kw}
    return Spec(kode, judul, bentuk, prov, gains, sesi=sesi, bulan=max(1, sesi // 2), **kw)


CPNS_BASIS = "Peraturan LAN 1/2021 tentang Pelatihan Dasar Calon PNS"
PKP_BASIS = "Peraturan LAN 15/2019: PKP paling lambat 1 tahun sejak diangkat sebagai pengawas"
GARIS_DEPAN_BASIS = (
    "Kebijakan Wali Kota (belum ditetapkan): integritas bagi seluruh petugas layanan garis depan"
)

# fmt: off
LEADERSHIP: tuple[Spec, ...] = (
    kontribusi(
        "PIM-PKP", "Pelatihan Kepemimpinan Pengawas (PKP)", "KL01", BPSDM, "M04:2 M06:1 M07:1 M08:1 M02:1",
        jp_program=460, hari=100, hari_klasikal=12, per_peserta=18_500_000, kapasitas=10, maks_kelas=5,
        tingkat=("PENGAWAS",), jenis_asn=("PNS",), golongan=(III_A, IV_B),
        wajib=(("PENGAWAS_BARU", True, PKP_BASIS),),
        deskripsi=(
            "PKP pola blended learning di BPSDM Provinsi Sumatera Utara; "
            "Binjai mengirim peserta per angkatan."
        ),
    ),
    Spec(
        "PIM-PKP-F", "Pelatihan Kepemimpinan Pengawas (PKP) Kelas Fasilitasi Kota Binjai", "KL01",
        ("BPSDM", "BPSDM Provinsi Sumatera Utara (kelas fasilitasi di Binjai)"),
        "M04:2 M06:1 M07:1 M08:1 M02:1", jp_program=460, hari=100, hari_klasikal=12, per_peserta=1_500_000,
        per_kelas=390_000_000, kapasitas=30, minimum=20, pola=F, tingkat=("PENGAWAS",), jenis_asn=("PNS",),
        golongan=(III_A, IV_B),
        deskripsi=(
            "Satu angkatan PKP khusus pegawai Kota Binjai; "
            "lebih murah per peserta bila kelas terisi penuh."
        ),
    ),
    kontribusi(
        "PIM-PKA", "Pelatihan Kepemimpinan Administrator (PKA)", "KL01", BPSDM,
        "M04:2 M07:2 M08:1 M06:1 M02:1", jp_program=560, hari=120, hari_klasikal=15, per_peserta=32_000_000,
        kapasitas=5, maks_kelas=2, tingkat=("ADMINISTRATOR",), jenis_asn=("PNS",), golongan=(III_C, IV_B),
    ),
    kontribusi(
        "PIM-PKN2", "Pelatihan Kepemimpinan Nasional Tingkat II (PKN II)", "KL01", LAN,
        "M07:2 M08:2 M04:1 SK01:1", jp_program=610, hari=120, hari_klasikal=15, per_peserta=39_500_000,
        kapasitas=2, tingkat=("JPT_PRATAMA",), jenis_asn=("PNS",), golongan=(IV_A, IV_E),
    ),
    kontribusi(
        "DAS-LATSAR3", "Pelatihan Dasar CPNS Golongan III", "KL01", BPSDM, "SK01:1 M01:1 M05:1",
        jp_program=497, hari=51, hari_klasikal=18, per_peserta=9_750_000, kapasitas=40, maks_kelas=4,
        jenis_asn=("CPNS",), golongan=(III_A, III_D), wajib=(("CPNS", True, CPNS_BASIS),),
        deskripsi=(
            "Latsar CPNS (dilaporkan di riwayat diklat SIASN); "
            "nilai dasar ASN, BerAKHLAK, aktualisasi."
        ),
    ),
    kontribusi(
        "DAS-LATSAR2", "Pelatihan Dasar CPNS Golongan II", "KL01", BPSDM, "SK01:1 M01:1 M05:1",
        jp_program=497, hari=51, hari_klasikal=18, per_peserta=8_900_000, kapasitas=40, maks_kelas=3,
        jenis_asn=("CPNS",), golongan=(II_A, II_D), wajib=(("CPNS", True, CPNS_BASIS),),
    ),
)

MANAGERIAL: tuple[Spec, ...] = (
    kontribusi(
        "MAN-01", "Pelatihan Manajemen Administrasi Publik", "KL02", BPSDM, "M05:2 T-ADM-03:1 M04:1",
        jp_program=40, hari=5, per_peserta=4_250_000, kapasitas=30, maks_kelas=2, golongan=(III_A, None),
    ),
    inhouse(
        "MAN-02", "Pelatihan Kepemimpinan Melayani", "KL02", BKPSDM, "M05:2 M02:1", jp_program=32, hari=4,
        per_kelas=35_000_000, per_peserta=600_000, kapasitas=30, minimum=20, maks_kelas=3,
        tingkat=PIMPINAN_MENENGAH,
    ),
    kontribusi(
        "MAN-03", "Pelatihan Manajemen Perubahan dan Inovasi Daerah", "KL02", BPSDM, "M07:2 M08:1",
        jp_program=32, hari=4, per_peserta=3_750_000, kapasitas=20, maks_kelas=2, golongan=(III_A, None),
    ),
    inhouse(
        "MAN-04", "Pelatihan Pengambilan Keputusan Berbasis Data", "KL02", BKPSDM, "M08:2 T-TIK-03:1",
        jp_program=24, hari=3, per_kelas=30_000_000, per_peserta=500_000, kapasitas=30, minimum=18,
        maks_kelas=2, tingkat=PIMPINAN_MENENGAH,
    ),
    inhouse(
        "MAN-05", "Pelatihan Komunikasi Efektif dan Negosiasi", "KL02", BKPSDM, "M03:2 M02:1", jp_program=24,
        hari=3, per_kelas=25_000_000, per_peserta=450_000, maks_kelas=3,
    ),
    inhouse(
        "MAN-06", "Pelatihan Atasan sebagai Coach (Leader as Coach)", "KL02", BKPSDM, "M06:2 M03:1",
        jp_program=24, hari=3, per_kelas=28_000_000, per_peserta=500_000, kapasitas=30, minimum=15,
        maks_kelas=2, tingkat=STRUKTURAL,
    ),
    kontribusi(
        "MAN-07", "Pelatihan Manajemen Kinerja dan SKP bagi Pimpinan Unit", "KL02", BPSDM, "M04:2 T-ADM-03:1",
        jp_program=30, hari=4, per_peserta=3_500_000, kapasitas=25, maks_kelas=2, tingkat=STRUKTURAL,
    ),
    inhouse(
        "MAN-08", "Pelatihan Kerja Sama Tim dan Kolaborasi Lintas OPD", "KL02", BKPSDM, "M02:2 M03:1",
        jp_program=24, hari=3, per_kelas=22_000_000, per_peserta=400_000, maks_kelas=3,
    ),
)

CHARACTER_AND_INTEGRITY: tuple[Spec, ...] = (
    inhouse(
        "SKU-01", "Pelatihan Wawasan Kebangsaan dan Moderasi Beragama", "KL05",
        opd("Badan Kesatuan Bangsa dan Politik Kota Binjai"), "SK01:2 M02:1", jp_program=24, hari=3,
        per_kelas=20_000_000, per_peserta=350_000, minimum=20, maks_kelas=3,
    ),
    inhouse(
        "SKU-02", "Pelatihan Pembangunan Karakter ASN BerAKHLAK", "KL05", BKPSDM, "M01:1 M02:1 M05:1 SK01:1",
        jp_program=20, hari=3, per_kelas=18_000_000, per_peserta=300_000, minimum=20, maks_kelas=4,
    ),
    inhouse(
        "INT-01", "Workshop Integritas dan Antikorupsi bagi Pelayan Publik", "KL07", BKPSDM, "M01:1 M05:1",
        hari=1, per_kelas=12_000_000, per_peserta=75_000, kapasitas=100, minimum=30, maks_kelas=60,
        triwulan=ALL_QUARTERS, wajib=(("GARIS_DEPAN", False, GARIS_DEPAN_BASIS),),
        deskripsi=(
            "Satu hari bersama Inspektorat: gratifikasi, pungutan liar, benturan kepentingan dan pelaporan. "
            "Wajib bagi petugas layanan garis depan bila Wali Kota menetapkannya."
        ),
    ),
    kontribusi(
        "INT-02", "Pelatihan Penguatan Integritas dan Etika Jabatan", "KL02", BPSDM, "M01:2 M08:1",
        jp_program=24, hari=3, per_peserta=3_250_000, kapasitas=20, maks_kelas=2, tingkat=STRUKTURAL,
    ),
    inhouse(
        "INT-03", "Sosialisasi Kode Etik dan Disiplin ASN", "KL11", BKPSDM, "M01:1", menit=180, hari=1,
        per_kelas=5_000_000, per_peserta=75_000, kapasitas=100, minimum=30, maks_kelas=20,
    ),
    inhouse(
        "INT-04", "Workshop Pengendalian Gratifikasi dan Benturan Kepentingan", "KL07",
        opd("Inspektorat Kota Binjai"), "M01:1 T-ADM-04:1", hari=1, per_kelas=12_000_000, per_peserta=200_000,
        maks_kelas=6, golongan=(III_A, None),
    ),
    inhouse(
        "INT-05", "Pelatihan Pelayanan Prima bagi Petugas Garis Depan", "KL03", BKPSDM, "M05:2 T-ADM-01:1",
        jp_program=24, hari=3, per_kelas=24_000_000, per_peserta=350_000, kapasitas=35, minimum=20,
        maks_kelas=8, garis_depan=True,
    ),
    elearning("INT-EL1", "E-Learning Antikorupsi (ACLC KPK)", el("ACLC KPK"), "M01:1", 9, 3),
    elearning("INT-EL2", "E-Learning Penguatan Nilai Dasar BerAKHLAK", ASN_UNGGUL, "M01:1 M02:1", 12, 4),
    elearning("SKU-EL1", "E-Learning Wawasan Kebangsaan dan Bela Negara", ASN_UNGGUL, "SK01:1", 9, 3),
)

# Technical training per field: a classical course that closes two levels of the field's core competency,
# shorter bimtek and workshops for one level, and free e-learning for one level.
EDUCATION: tuple[Spec, ...] = (
    kontribusi(
        "PEN-01", "Pelatihan Pembelajaran Berdiferensiasi", "KL03", other("BBGTK Sumatera Utara"),
        "T-PEN-01:2 T-PEN-03:1", jp_program=40, hari=5, per_peserta=2_750_000, kapasitas=40, maks_kelas=4,
        sumber=OPD_FUNDED, tingkat=AHLI,
    ),
    kontribusi(
        "PEN-02", "Pelatihan Implementasi Kurikulum Merdeka", "KL03", other("BBGTK Sumatera Utara"),
        "T-PEN-02:2 T-PEN-01:1", jp_program=32, hari=4, per_peserta=2_400_000, kapasitas=40, maks_kelas=4,
        sumber=OPD_FUNDED,
    ),
    kontribusi(
        "PEN-03", "Pelatihan Asesmen Pembelajaran dan Literasi-Numerasi", "KL03",
        other("BBGTK Sumatera Utara"), "T-PEN-03:2", jp_program=32, hari=4, per_peserta=2_250_000,
        kapasitas=40, maks_kelas=3, sumber=OPD_FUNDED,
    ),
    kontribusi(
        "PEN-04", "Pelatihan Manajemen Sekolah bagi Kepala Sekolah", "KL03", other("BBPMP Sumatera Utara"),
        "T-PEN-04:2 M04:1", jp_program=40, hari=5, per_peserta=3_500_000, kapasitas=30, maks_kelas=2,
        sumber=OPD_FUNDED, golongan=(III_B, None),
    ),
    kontribusi(
        "PEN-05", "Pelatihan Literasi Digital dalam Pembelajaran", "KL03", other("BBGTK Sumatera Utara"),
        "T-PEN-05:2", jp_program=32, hari=4, per_peserta=2_200_000, kapasitas=40, maks_kelas=4,
        sumber=OPD_FUNDED,
    ),
    kontribusi(
        "PEN-06", "Bimbingan Teknis Pembelajaran Mendalam", "KL10", opd("Dinas Pendidikan Kota Binjai"),
        "T-PEN-01:1 T-PEN-02:1", hari=3, per_peserta=850_000, kapasitas=40, maks_kelas=8, sumber=OPD_FUNDED,
    ),
    kontribusi(
        "PEN-07", "Workshop Penyusunan Modul Ajar dan Asesmen", "KL07", opd("Dinas Pendidikan Kota Binjai"),
        "T-PEN-03:1 T-PEN-02:1", hari=2, per_peserta=650_000, kapasitas=40, maks_kelas=8, sumber=OPD_FUNDED,
    ),
    kontribusi(
        "PEN-08", "Workshop Pemanfaatan Platform Digital Pembelajaran", "KL07",
        opd("Dinas Pendidikan Kota Binjai"), "T-PEN-05:1", hari=2, per_peserta=600_000, kapasitas=40,
        maks_kelas=8, sumber=OPD_FUNDED,
    ),
    kontribusi(
        "PEN-09", "Seminar Pendidikan Inklusif", "KL06", opd("Dinas Pendidikan Kota Binjai"), "T-PEN-01:1",
        hari=1, per_peserta=250_000, kapasitas=300, maks_kelas=2, sumber=OPD_FUNDED,
    ),
    elearning("PEN-EL1", "E-Learning Pembelajaran Berdiferensiasi", RUANG_GTK, "T-PEN-01:1", 12, 5),
    elearning("PEN-EL2", "E-Learning Kurikulum Merdeka", RUANG_GTK, "T-PEN-02:1", 9, 3),
    elearning("PEN-EL3", "E-Learning Asesmen Diagnostik dan Formatif", RUANG_GTK, "T-PEN-03:1", 9, 3),
    Spec(
        "PEN-KOM", "Komunitas Belajar KKG/MGMP", "NKL10", opd("Dinas Pendidikan Kota Binjai"),
        "T-PEN-01:1 M02:1", menit=720, hari=8, per_peserta=100_000, kapasitas=30, minimum=8, maks_kelas=80,
        sumber=OPD_FUNDED, triwulan=ALL_QUARTERS,
    ),
    coaching(
        "PEN-COA", "Coaching Pembelajaran oleh Kepala Sekolah dan Pengawas Sekolah", "NKL01", UNIT,
        "T-PEN-01:1", 6, kapasitas=10, maks_kelas=200,
    ),
    coaching(
        "PEN-MEN", "Mentoring oleh Guru Penggerak", "NKL02", opd("Dinas Pendidikan Kota Binjai"),
        "T-PEN-04:1 M06:1", 5, kapasitas=6, maks_kelas=40,
    ),
)

HEALTH: tuple[Spec, ...] = (
    kontribusi(
        "KES-01", "Pelatihan Pelayanan Kesehatan Primer Terintegrasi (ILP)", "KL03", other("Bapelkes Medan"),
        "T-KES-01:2", jp_program=40, hari=5, per_peserta=3_200_000, kapasitas=30, maks_kelas=3,
        sumber=OPD_FUNDED,
    ),
    kontribusi(
        "KES-02", "Pelatihan Asuhan Keperawatan Gawat Darurat", "KL03", opd("RSUD Dr. R.M. Djoelham"),
        "T-KES-02:2 T-KES-01:1", jp_program=48, hari=6, per_peserta=4_500_000, kapasitas=25, maks_kelas=3,
        sumber=OPD_FUNDED,
    ),
    kontribusi(
        "KES-03", "Pelatihan Pelayanan Obstetri Neonatal Emergensi Dasar (PONED)", "KL03",
        other("Bapelkes Medan"), "T-KES-03:2 T-KES-01:1", jp_program=56, hari=7, per_peserta=6_500_000,
        kapasitas=15, maks_kelas=2, sumber=OPD_FUNDED,
    ),
    kontribusi(
        "KES-04", "Pelatihan Surveilans Epidemiologi dan Penanggulangan KLB", "KL03", other("Bapelkes Medan"),
        "T-KES-04:2 T-TIK-03:1", jp_program=40, hari=5, per_peserta=3_800_000, kapasitas=20, maks_kelas=2,
        sumber=OPD_FUNDED,
    ),
    kontribusi(
        "KES-05", "Pelatihan Manajemen Puskesmas", "KL03", other("Bapelkes Medan"), "T-KES-05:2 M04:1",
        jp_program=48, hari=6, per_peserta=4_200_000, kapasitas=20, maks_kelas=2, sumber=OPD_FUNDED,
        golongan=(III_A, None),
    ),
    kontribusi(
        "KES-06", "Pelatihan Pelayanan Kefarmasian dan Manajemen Obat", "KL03", other("Bapelkes Medan"),
        "T-KES-06:2", jp_program=40, hari=5, per_peserta=3_500_000, kapasitas=20, maks_kelas=2,
        sumber=OPD_FUNDED,
    ),
    kontribusi(
        "KES-07", "Pelatihan Bantuan Hidup Dasar", "KL03", opd("RSUD Dr. R.M. Djoelham"),
        "T-KES-01:1 T-KES-02:1", jp_program=16, hari=2, per_peserta=1_250_000, kapasitas=30, maks_kelas=6,
        sumber=OPD_FUNDED,
    ),
    kontribusi(
        "KES-08", "Pelatihan Pencegahan dan Pengendalian Infeksi", "KL03", opd("Dinas Kesehatan Kota Binjai"),
        "T-KES-02:1 T-KES-04:1", jp_program=24, hari=3, per_peserta=1_500_000, kapasitas=30, maks_kelas=4,
        sumber=OPD_FUNDED,
    ),
    kontribusi(
        "KES-10", "Seminar Keperawatan Berbasis Bukti", "KL06", other("DPD PPNI Kota Binjai"), "T-KES-02:1",
        hari=2, per_peserta=450_000, kapasitas=150, maks_kelas=1, sumber=OPD_FUNDED,
    ),
    elearning("KES-EL1", "E-Learning Pelayanan Kesehatan Primer", PLATARAN, "T-KES-01:1", 15, 5),
    elearning("KES-EL2", "E-Learning Asuhan Keperawatan Dasar", PLATARAN, "T-KES-02:1", 15, 5),
    elearning("KES-EL3", "E-Learning Pelayanan Kebidanan Esensial", PLATARAN, "T-KES-03:1", 15, 5),
    elearning("KES-EL4", "E-Learning Surveilans Kesehatan Masyarakat", PLATARAN, "T-KES-04:1", 12, 4),
    elearning("KES-EL5", "E-Learning Pelayanan Kefarmasian", PLATARAN, "T-KES-06:1", 12, 4),
    Spec(
        "KES-MAG", "Magang Klinis di Rumah Sakit Rujukan Provinsi", "NKL12",
        other("RSUP H. Adam Malik Medan"), "T-KES-02:1 T-KES-01:1", hari=10, per_peserta=3_500_000,
        kapasitas=5, maks_kelas=4, sumber=OPD_FUNDED,
    ),
    Spec(
        "KES-BTK", "Bimbingan di Tempat Kerja: Supervisi Fasilitatif Puskesmas", "NKL11",
        opd("Dinas Kesehatan Kota Binjai"), "T-KES-01:1 T-KES-05:1", sesi=6, bulan=3, kapasitas=10, minimum=3,
        maks_kelas=40, pola=G, triwulan=ALL_QUARTERS,
    ),
    coaching(
        "KES-COA", "Coaching Klinis Keperawatan oleh Kepala Ruangan", "NKL01", opd("RSUD Dr. R.M. Djoelham"),
        "T-KES-02:1", 6, maks_kelas=80,
    ),
    coaching(
        "KES-MEN", "Mentoring Kebidanan oleh Bidan Koordinator", "NKL02", opd("Dinas Kesehatan Kota Binjai"),
        "T-KES-03:1", 6, kapasitas=6, maks_kelas=40,
    ),
)

FINANCE: tuple[Spec, ...] = (
    kontribusi(
        "KEU-01", "Pelatihan Penyusunan RKA/DPA dan Penganggaran Berbasis Kinerja", "KL03", BPSDM,
        "T-KEU-01:2", jp_program=40, hari=5, per_peserta=3_750_000, kapasitas=20, maks_kelas=2,
    ),
    kontribusi(
        "KEU-02", "Pelatihan Akuntansi Pemerintahan Berbasis Akrual", "KL03", other("Pusdiklatwas BPKP"),
        "T-KEU-02:2", jp_program=48, hari=6, per_peserta=4_500_000, kapasitas=15, maks_kelas=2,
    ),
    kontribusi(
        "KEU-03", "Pelatihan Pengelolaan Barang Milik Daerah", "KL03", BPSDM, "T-KEU-03:2", jp_program=40,
        hari=5, per_peserta=3_500_000, kapasitas=15, maks_kelas=2,
    ),
    kontribusi(
        "KEU-04", "Pelatihan Pengelolaan Pajak dan Retribusi Daerah", "KL03", BPSDM, "T-KEU-04:2",
        jp_program=40, hari=5, per_peserta=3_250_000, kapasitas=15, maks_kelas=2, sumber=OPD_FUNDED,
    ),
    kontribusi(
        "KEU-05", "Pelatihan Pengadaan Barang/Jasa Pemerintah Tingkat Dasar", "KL03", other("LKPP"),
        "T-KEU-05:2", jp_program=32, hari=4, per_peserta=3_500_000, kapasitas=15, maks_kelas=2,
        golongan=(II_A, None),
    ),
    inhouse(
        "KEU-06", "Bimbingan Teknis Penatausahaan Keuangan Daerah dan SIPD", "KL10", BKPSDM,
        "T-KEU-01:1 T-KEU-02:1", hari=3, per_kelas=30_000_000, per_peserta=450_000, maks_kelas=3,
    ),
    kontribusi(
        "KEU-07", "Bimbingan Teknis Aplikasi Pajak Daerah", "KL10",
        opd("Badan Pengelolaan Keuangan, Pendapatan dan Aset Daerah Kota Binjai"), "T-KEU-04:1", hari=2,
        per_peserta=700_000, kapasitas=30, maks_kelas=2, sumber=OPD_FUNDED,
    ),
    elearning("KEU-EL1", "E-Learning Pengelolaan Keuangan Daerah", KEMENDAGRI_EL, "T-KEU-01:1", 12, 4),
    elearning("KEU-EL2", "E-Learning Akuntansi Akrual", el("Kemenkeu Learning Center"), "T-KEU-02:1", 12, 4),
    elearning("KEU-EL4", "E-Learning Pengadaan Barang/Jasa", el("e-Learning LKPP"), "T-KEU-05:1", 12, 4),
    coaching(
        "KEU-MEN", "Mentoring Penyusunan Laporan Keuangan oleh BPKPAD", "NKL02",
        opd("Badan Pengelolaan Keuangan, Pendapatan dan Aset Daerah Kota Binjai"), "T-KEU-02:1", 5,
        kapasitas=6, maks_kelas=20,
    ),
    Spec(
        "KEU-KOM", "Komunitas Belajar Pengelola Keuangan OPD", "NKL10",
        opd("Badan Pengelolaan Keuangan, Pendapatan dan Aset Daerah Kota Binjai"), "T-KEU-02:1 T-KEU-01:1",
        menit=540, hari=6, kapasitas=30, minimum=8, maks_kelas=6, pola=G, triwulan=ALL_QUARTERS,
    ),
    Spec(
        "KEU-PB", "Patok Banding Optimalisasi Pendapatan Asli Daerah", "NKL07",
        opd("Badan Pengelolaan Keuangan, Pendapatan dan Aset Daerah Kota Binjai"), "T-KEU-04:1 M07:1", hari=3,
        per_peserta=4_500_000, kapasitas=10, minimum=5, sumber=OPD_FUNDED,
    ),
    kontribusi(
        "FUN-PBJ", "Pelatihan Fungsional Pengelola Pengadaan Barang/Jasa", "KL04", other("LKPP"),
        "T-KEU-05:2 M01:1", jp_program=80, hari=10, hari_klasikal=10, per_peserta=6_500_000, kapasitas=5,
        tingkat=AHLI, prasyarat=("KEU-05",),
    ),
)

DIGITAL: tuple[Spec, ...] = (
    inhouse(
        "TIK-01", "Pelatihan Dasar Pemrograman Web", "KL03",
        opd("Dinas Komunikasi dan Informatika Kota Binjai"), "T-TIK-04:2", jp_program=40, hari=5,
        per_kelas=35_000_000, per_peserta=500_000, kapasitas=25, minimum=12, maks_kelas=2,
    ),
    inhouse(
        "TIK-02", "Pelatihan Lanjutan Pengembangan Aplikasi Web dan API", "KL03",
        opd("Dinas Komunikasi dan Informatika Kota Binjai"), "T-TIK-04:2 T-TIK-01:1", jp_program=48, hari=6,
        per_kelas=40_000_000, per_peserta=600_000, kapasitas=20, minimum=10, prasyarat=("TIK-01",),
    ),
    inhouse(
        "TIK-03", "Workshop Keamanan Siber untuk Operator OPD", "KL07",
        other("BSSN dan Diskominfo Kota Binjai"), "T-TIK-02:1", hari=2, per_kelas=18_000_000,
        per_peserta=300_000, maks_kelas=3,
    ),
    kontribusi(
        "TIK-04", "Pelatihan Keamanan Informasi dan Penanganan Insiden Siber", "KL03", other("BSSN"),
        "T-TIK-02:2", jp_program=40, hari=5, per_peserta=4_500_000, kapasitas=10, maks_kelas=1,
        prasyarat=("TIK-03",),
    ),
    inhouse(
        "TIK-05", "Workshop Analisis dan Visualisasi Data dengan Spreadsheet", "KL07", BKPSDM, "T-TIK-03:1",
        hari=3, per_kelas=20_000_000, per_peserta=350_000, kapasitas=30, maks_kelas=4,
    ),
    kontribusi(
        "TIK-06", "Pelatihan Analisis Data dan Statistik Sektoral", "KL03",
        other("BPS Provinsi Sumatera Utara"), "T-TIK-03:2", jp_program=40, hari=5, per_peserta=3_500_000,
        kapasitas=15, maks_kelas=2, prasyarat=("TIK-05",),
    ),
    kontribusi(
        "TIK-07", "Pelatihan Tata Kelola dan Arsitektur SPBE", "KL03",
        other("Kementerian Komunikasi dan Digital"), "T-TIK-01:2", jp_program=32, hari=4,
        per_peserta=3_500_000, kapasitas=10, maks_kelas=1,
    ),
    inhouse(
        "TIK-08", "Workshop Naskah Dinas Elektronik (SRIKANDI) dan Aplikasi Perkantoran", "KL07", BKPSDM,
        "T-ADM-02:1 T-TIK-01:1", hari=2, per_kelas=15_000_000, per_peserta=250_000, maks_kelas=6,
    ),
    elearning("TIK-EL1", "E-Learning Government Transformation Academy", DTS, "T-TIK-01:1", 15, 5),
    elearning("TIK-EL2", "E-Learning Keamanan Siber Dasar", el("e-Learning BSSN"), "T-TIK-02:1", 9, 3),
    elearning("TIK-EL3", "E-Learning Analisis Data untuk Pemula", DTS, "T-TIK-03:1", 15, 5),
    Spec(
        "TIK-KOM", "Komunitas Praktik Pranata Komputer dan Pengelola SPBE", "NKL10",
        opd("Dinas Komunikasi dan Informatika Kota Binjai"), "T-TIK-01:1 T-TIK-04:1", menit=540, hari=6,
        kapasitas=25, minimum=6, maks_kelas=4, pola=G, triwulan=ALL_QUARTERS,
    ),
    coaching(
        "TIK-MEN", "Mentoring Pengelolaan SPBE oleh Diskominfo", "NKL02",
        opd("Dinas Komunikasi dan Informatika Kota Binjai"), "T-TIK-01:1", 4, kapasitas=6, maks_kelas=15,
    ),
    kontribusi(
        "FUN-PRAKOM", "Pelatihan Fungsional Pranata Komputer", "KL04", other("Pusdiklat BPS"),
        "T-TIK-01:2 T-TIK-04:1", jp_program=100, hari=12, hari_klasikal=10, per_peserta=8_500_000,
        kapasitas=4, tingkat=(*AHLI, "JF_TERAMPIL", "JF_MAHIR", "JF_PENYELIA"),
    ),
)

ADMINISTRATION: tuple[Spec, ...] = (
    kontribusi(
        "ADM-01", "Pelatihan Manajemen Pelayanan Publik dan Standar Pelayanan", "KL03", BPSDM,
        "T-ADM-01:2 M05:1", jp_program=32, hari=4, per_peserta=3_250_000, kapasitas=20, maks_kelas=2,
    ),
    kontribusi(
        "ADM-02", "Pelatihan Tata Naskah Dinas dan Kearsipan Dinamis", "KL03", BPSDM, "T-ADM-02:2",
        jp_program=32, hari=4, per_peserta=2_900_000, kapasitas=20, maks_kelas=2,
    ),
    kontribusi(
        "ADM-03", "Pelatihan Manajemen Kinerja Instansi dan SAKIP", "KL03", BPSDM, "T-ADM-03:2",
        jp_program=32, hari=4, per_peserta=3_250_000, kapasitas=20, maks_kelas=2,
    ),
    kontribusi(
        "ADM-04", "Pelatihan Manajemen Risiko dan SPIP", "KL03", other("Pusdiklatwas BPKP"), "T-ADM-04:2",
        jp_program=32, hari=4, per_peserta=3_750_000, kapasitas=15, maks_kelas=2,
    ),
    kontribusi(
        "ADM-05", "Pelatihan Kehumasan dan Komunikasi Publik Pemerintah", "KL03", BPSDM, "T-ADM-05:2 M03:1",
        jp_program=32, hari=4, per_peserta=3_000_000, kapasitas=15, maks_kelas=1,
    ),
    inhouse(
        "ADM-06", "Bimbingan Teknis Penyusunan Standar Pelayanan dan Survei Kepuasan Masyarakat", "KL10",
        BKPSDM, "T-ADM-01:1 M05:1", hari=2, per_kelas=16_000_000, per_peserta=300_000, maks_kelas=4,
    ),
    inhouse(
        "ADM-07", "Bimbingan Teknis Pengelolaan Arsip Dinamis", "KL10",
        opd("Dinas Perpustakaan dan Kearsipan Kota Binjai"), "T-ADM-02:1", hari=3, per_kelas=18_000_000,
        per_peserta=300_000, maks_kelas=3,
    ),
    inhouse(
        "ADM-08", "Bimbingan Teknis Perjanjian Kinerja dan Laporan Kinerja", "KL10",
        opd("Bagian Organisasi Sekretariat Daerah Kota Binjai"), "T-ADM-03:1", hari=2, per_kelas=15_000_000,
        per_peserta=250_000, maks_kelas=3,
    ),
    elearning("ADM-EL1", "E-Learning Pelayanan Publik Prima", ASN_UNGGUL, "T-ADM-01:1 M05:1", 12, 4),
    elearning("ADM-EL2", "E-Learning Tata Naskah Dinas", KEMENDAGRI_EL, "T-ADM-02:1", 9, 3),
    elearning("ADM-EL3", "E-Learning Akuntabilitas Kinerja Instansi", ASN_UNGGUL, "T-ADM-03:1", 9, 3),
    elearning(
        "ADM-EL4", "E-Learning Manajemen Risiko Sektor Publik", el("e-Learning BPKP"), "T-ADM-04:1", 12, 4,
    ),
    Spec(
        "ADM-PB", "Patok Banding Inovasi Pelayanan Publik", "NKL07", BKPSDM, "T-ADM-01:1 M07:1", hari=3,
        per_peserta=4_500_000, kapasitas=20, minimum=10, tingkat=STRUKTURAL,
    ),
    Spec(
        "ADM-KOM", "Komunitas Belajar Pelayanan Kecamatan dan Kelurahan", "NKL10", BKPSDM, "T-ADM-01:1 M05:1",
        menit=540, hari=6, kapasitas=30, minimum=8, maks_kelas=8, pola=G, garis_depan=True,
        triwulan=ALL_QUARTERS,
    ),
    Spec(
        "ADM-BTK", "Bimbingan di Tempat Kerja: Tata Naskah Dinas", "NKL11", UNIT, "T-ADM-02:1", sesi=4,
        bulan=2, kapasitas=10, minimum=2, maks_kelas=150, pola=G, tingkat=("PELAKSANA",),
        triwulan=ALL_QUARTERS,
    ),
    kontribusi(
        "FUN-ARS", "Pelatihan Fungsional Arsiparis", "KL04", other("Arsip Nasional Republik Indonesia"),
        "T-ADM-02:2", jp_program=100, hari=12, hari_klasikal=10, per_peserta=7_500_000, kapasitas=4,
        tingkat=(*AHLI, "JF_TERAMPIL", "JF_MAHIR", "JF_PENYELIA"),
    ),
    kontribusi(
        "FUN-AUD", "Pelatihan Fungsional Auditor", "KL04", other("Pusdiklatwas BPKP"),
        "T-ADM-04:2 T-KEU-02:1", jp_program=120, hari=15, hari_klasikal=10, per_peserta=9_500_000,
        kapasitas=3, tingkat=AHLI,
    ),
)

PLANNING_LAW_AND_SERVICES: tuple[Spec, ...] = (
    kontribusi(
        "PRC-01", "Pelatihan Perencanaan Pembangunan Daerah dan Penyusunan RKPD", "KL03",
        other("BPSDM Kemendagri Regional Bukittinggi"), "T-PRC-01:2", jp_program=40, hari=5,
        per_peserta=4_000_000, kapasitas=10, maks_kelas=1,
    ),
    kontribusi(
        "PRC-02", "Pelatihan Monitoring dan Evaluasi Pembangunan Daerah", "KL03", BPSDM, "T-PRC-02:2",
        jp_program=32, hari=4, per_peserta=3_500_000, kapasitas=10, maks_kelas=1,
    ),
    inhouse(
        "PRC-03", "Workshop Penyusunan Rencana Kerja Perangkat Daerah", "KL07", opd("Bapperida Kota Binjai"),
        "T-PRC-01:1", hari=2, per_kelas=15_000_000, per_peserta=250_000, maks_kelas=2,
    ),
    elearning(
        "PRC-EL1", "E-Learning Perencanaan dan Penganggaran di SIPD", KEMENDAGRI_EL, "T-PRC-01:1", 12, 4,
    ),
    elearning(
        "PRC-EL2", "E-Learning Evaluasi Pembangunan", el("Pusbindiklatren Bappenas"), "T-PRC-02:1", 12, 4,
    ),
    coaching(
        "PRC-MEN", "Mentoring Perencanaan dan Penganggaran oleh Bapperida", "NKL02",
        opd("Bapperida Kota Binjai"), "T-PRC-01:1", 4, maks_kelas=15,
    ),
    Spec(
        "PRC-KOM", "Komunitas Belajar Perencana dan Analis Kebijakan", "NKL10", opd("Bapperida Kota Binjai"),
        "T-PRC-02:1 M08:1", menit=540, hari=6, kapasitas=25, minimum=6, maks_kelas=3, pola=G,
        triwulan=ALL_QUARTERS,
    ),
    kontribusi(
        "FUN-PRC", "Pelatihan Fungsional Perencana", "KL04", other("Pusbindiklatren Bappenas"),
        "T-PRC-01:2 T-PRC-02:1", jp_program=150, hari=18, hari_klasikal=10, per_peserta=12_500_000,
        kapasitas=3, tingkat=AHLI,
    ),
    kontribusi(
        "FUN-AK", "Pelatihan Fungsional Analis Kebijakan", "KL04", LAN, "T-PRC-02:2 T-ADM-03:1",
        jp_program=120, hari=15, hari_klasikal=10, per_peserta=10_500_000, kapasitas=3, tingkat=AHLI,
    ),
    kontribusi(
        "HUK-01", "Pelatihan Perancangan Peraturan Daerah (Legal Drafting)", "KL03",
        other("Kanwil Kementerian Hukum Sumatera Utara"), "T-HUK-01:2", jp_program=40, hari=5,
        per_peserta=3_750_000, kapasitas=10, maks_kelas=1,
    ),
    kontribusi(
        "HUK-02", "Pelatihan Teknis Satuan Polisi Pamong Praja", "KL03", BPSDM, "T-HUK-02:2 M05:1",
        jp_program=48, hari=6, per_peserta=3_500_000, kapasitas=30, maks_kelas=2,
    ),
    inhouse(
        "HUK-03", "Bimbingan Teknis Penegakan Perda yang Humanis", "KL10",
        opd("Satuan Polisi Pamong Praja Kota Binjai"), "T-HUK-02:1 M05:1", hari=3, per_kelas=20_000_000,
        per_peserta=350_000, maks_kelas=2,
    ),
    elearning(
        "HUK-EL1", "E-Learning Peraturan Perundang-undangan", el("e-Learning BPHN"), "T-HUK-01:1", 9, 3,
    ),
    coaching(
        "HUK-MEN", "Mentoring Penyusunan Produk Hukum Daerah oleh Bagian Hukum", "NKL02",
        opd("Bagian Hukum Sekretariat Daerah Kota Binjai"), "T-HUK-01:1", 4, kapasitas=5, maks_kelas=10,
    ),
    Spec(
        "HUK-BTK", "Bimbingan di Tempat Kerja: Patroli dan Penertiban", "NKL11",
        opd("Satuan Polisi Pamong Praja Kota Binjai"), "T-HUK-02:1", sesi=4, bulan=2, kapasitas=10, minimum=2,
        maks_kelas=30, pola=G, triwulan=ALL_QUARTERS,
    ),
    kontribusi(
        "PEG-01", "Pelatihan Manajemen ASN dan SIASN", "KL03", other("Kantor Regional VI BKN Medan"),
        "T-PEG-01:2", jp_program=32, hari=4, per_peserta=3_000_000, kapasitas=10, maks_kelas=1,
    ),
    kontribusi(
        "PEG-02", "Pelatihan Analisis Kebutuhan dan Evaluasi Pengembangan Kompetensi", "KL03", LAN,
        "T-PEG-02:2", jp_program=40, hari=5, per_peserta=4_500_000, kapasitas=6, maks_kelas=1,
    ),
    inhouse(
        "PEG-03", "Bimbingan Teknis Pengelolaan Data ASN di SIASN", "KL10", BKPSDM, "T-PEG-01:1", hari=2,
        per_kelas=12_000_000, per_peserta=200_000, maks_kelas=2,
    ),
    elearning("PEG-EL1", "E-Learning Manajemen ASN", ASN_UNGGUL, "T-PEG-01:1", 9, 3),
    kontribusi(
        "FUN-SDM", "Pelatihan Fungsional Analis SDM Aparatur", "KL04", other("Pusbang ASN BKN"),
        "T-PEG-01:2 T-PEG-02:1", jp_program=100, hari=12, hari_klasikal=10, per_peserta=8_750_000,
        kapasitas=3, tingkat=AHLI,
    ),
    Spec(
        "PEG-DET", "Detasering di BPSDM Provinsi Sumatera Utara", "NKL05", BPSDM, "T-PEG-02:1 M06:1", bulan=3,
        per_peserta=6_000_000, kapasitas=2, tingkat=AHLI,
    ),
    kontribusi(
        "INF-01", "Pelatihan Perencanaan Teknis Jalan dan Jembatan", "KL03",
        other("Balai Pengembangan Kompetensi PU Wilayah I Medan"), "T-INF-01:2", jp_program=40, hari=5,
        per_peserta=4_500_000, kapasitas=8, maks_kelas=1,
    ),
    kontribusi(
        "INF-02", "Pelatihan Penataan Ruang dan Pengendalian Pemanfaatan Ruang", "KL03",
        other("Kementerian ATR/BPN"), "T-INF-02:2", jp_program=40, hari=5, per_peserta=4_000_000, kapasitas=8,
        maks_kelas=1,
    ),
    kontribusi(
        "LNG-01", "Pelatihan Pengelolaan Sampah dan Bank Sampah", "KL03",
        other("Kementerian Lingkungan Hidup"), "T-LNG-01:2", jp_program=32, hari=4, per_peserta=3_500_000,
        kapasitas=10, maks_kelas=1,
    ),
    Spec(
        "LNG-MAG", "Magang Pengelolaan TPS3R dan TPA", "NKL12", other("Dinas Lingkungan Hidup Kota Medan"),
        "T-LNG-01:1", hari=10, per_peserta=3_750_000, kapasitas=6, minimum=3,
    ),
    elearning(
        "LNG-EL1", "E-Learning Pengelolaan Lingkungan Hidup", el("e-Learning KLH"), "T-LNG-01:1", 12, 4,
    ),
    kontribusi(
        "DUK-01", "Pelatihan Pelayanan Administrasi Kependudukan dan IKD", "KL03",
        other("Ditjen Dukcapil Kemendagri"), "T-DUK-01:2 M05:1", jp_program=32, hari=4, per_peserta=3_500_000,
        kapasitas=15, maks_kelas=1,
    ),
    inhouse(
        "DUK-02", "Bimbingan Teknis Aplikasi SIAK Terpusat", "KL10",
        opd("Dinas Kependudukan dan Pencatatan Sipil Kota Binjai"), "T-DUK-01:1", hari=2,
        per_kelas=14_000_000, per_peserta=250_000, kapasitas=30, minimum=10, maks_kelas=2,
    ),
    elearning("DUK-EL1", "E-Learning Identitas Kependudukan Digital", KEMENDAGRI_EL, "T-DUK-01:1", 9, 3),
    kontribusi(
        "SOS-01", "Pelatihan Pendamping Perlindungan Sosial dan DTSEN", "KL03",
        other("BBPPKS Medan (Kementerian Sosial)"), "T-SOS-01:2", jp_program=40, hari=5,
        per_peserta=3_750_000, kapasitas=10, maks_kelas=1,
    ),
    elearning(
        "SOS-EL1", "E-Learning Perlindungan Sosial", el("e-Learning Kementerian Sosial"), "T-SOS-01:1", 9, 3,
    ),
    kontribusi(
        "TAN-01", "Pelatihan Teknis Ketahanan Pangan dan Penyuluhan Pertanian", "KL03",
        other("Balai Besar Pelatihan Pertanian"), "T-TAN-01:2", jp_program=40, hari=5, per_peserta=3_500_000,
        kapasitas=10, maks_kelas=1,
    ),
    elearning(
        "TAN-EL1", "E-Learning Penyuluhan Pertanian", el("Cyber Extension Kementan"), "T-TAN-01:1", 12, 4,
    ),
    kontribusi(
        "HUB-01", "Pelatihan Manajemen dan Rekayasa Lalu Lintas", "KL03", other("BPSDM Perhubungan"),
        "T-HUB-01:2", jp_program=40, hari=5, per_peserta=4_250_000, kapasitas=8, maks_kelas=1,
    ),
    kontribusi(
        "EKO-01", "Pelatihan Perizinan Berusaha Berbasis Risiko (OSS RBA)", "KL03",
        other("Kementerian Investasi dan Hilirisasi/BKPM"), "T-EKO-01:2 M05:1", jp_program=32, hari=4,
        per_peserta=3_250_000, kapasitas=10, maks_kelas=1,
    ),
    kontribusi(
        "EKO-02", "Pelatihan Pendampingan UMKM dan Koperasi", "KL03", other("Kementerian Koperasi"),
        "T-EKO-02:2", jp_program=40, hari=5, per_peserta=3_250_000, kapasitas=10, maks_kelas=1,
    ),
    elearning("EKO-EL1", "E-Learning Sistem OSS RBA", el("e-Learning BKPM"), "T-EKO-01:1", 9, 3),
    Spec(
        "EKO-MAG", "Magang Layanan Perizinan di Mal Pelayanan Publik", "NKL12", other("DPMPTSP Kota Medan"),
        "T-EKO-01:1 M05:1", hari=10, per_peserta=3_000_000, kapasitas=6, minimum=3,
    ),
)

GENERAL: tuple[Spec, ...] = (
    inhouse(
        "SEM-01", "Seminar Pelayanan Publik Berbasis Digital", "KL06", BKPSDM, "M05:1", hari=1,
        per_kelas=25_000_000, per_peserta=150_000, kapasitas=200, minimum=60, maks_kelas=2,
    ),
    inhouse(
        "SEM-02", "Seminar Kesehatan Mental dan Ketahanan Kerja ASN", "KL06", BKPSDM, "M06:1", hari=1,
        per_kelas=20_000_000, per_peserta=100_000, kapasitas=200, minimum=60,
    ),
    inhouse(
        "SEM-03", "Sarasehan Wawasan Kebangsaan", "KL06",
        opd("Badan Kesatuan Bangsa dan Politik Kota Binjai"), "SK01:1", hari=1, per_kelas=15_000_000,
        per_peserta=100_000, kapasitas=150, minimum=50, maks_kelas=2,
    ),
    kontribusi(
        "KUR-01", "Kursus Bahasa Inggris untuk Pelayanan Publik", "KL08",
        other("Lembaga kursus mitra BKPSDM"), "M03:1 M06:1", hari=10, hari_klasikal=5, per_peserta=2_500_000,
        kapasitas=20, maks_kelas=2,
    ),
    inhouse(
        "PNT-01", "Penataran Kewaspadaan Nasional dan Bela Negara", "KL09",
        opd("Badan Kesatuan Bangsa dan Politik Kota Binjai"), "SK01:1", hari=2, per_kelas=12_000_000,
        per_peserta=200_000, kapasitas=60, minimum=20, maks_kelas=2,
    ),
    inhouse(
        "SOSL-01", "Sosialisasi Manajemen Kinerja ASN", "KL11", BKPSDM, "M04:1", menit=240, hari=1,
        per_kelas=6_000_000, per_peserta=75_000, kapasitas=100, minimum=30, maks_kelas=6,
    ),
    Spec(
        "OUT-01", "Pembelajaran Alam Terbuka: Kepemimpinan dan Kerja Sama Tim", "NKL06", BKPSDM,
        "M02:1 M08:1", jp_program=16, hari=2, per_peserta=750_000, per_kelas=35_000_000, kapasitas=40,
        minimum=25, pola=F, tingkat=STRUKTURAL,
    ),
    kontribusi(
        "PJJ-01", "Pelatihan Jarak Jauh Manajemen Pelayanan Publik", "NKL04", BPSDM, "T-ADM-01:1 M05:1",
        jp_program=30, hari=10, per_peserta=750_000, kapasitas=60, maks_kelas=2,
    ),
    kontribusi(
        "PJJ-02", "Pelatihan Jarak Jauh Pengelolaan Keuangan Daerah", "NKL04", other("BPSDM Kemendagri"),
        "T-KEU-01:1 T-KEU-02:1", jp_program=30, hari=10, per_peserta=600_000, kapasitas=60, maks_kelas=2,
    ),
    kontribusi(
        "PJJ-03", "Pelatihan Jarak Jauh Promosi Kesehatan Masyarakat", "NKL04", other("Bapelkes Medan"),
        "T-KES-04:1", jp_program=30, hari=10, per_peserta=500_000, kapasitas=60, maks_kelas=2,
        sumber=OPD_FUNDED,
    ),
    coaching(
        "COA-01", "Coaching Kinerja oleh Atasan Langsung", "NKL01", UNIT, "M04:1", 6, per_kelas=1_500_000,
        kapasitas=10, minimum=3, maks_kelas=250, pola=F,
    ),
    coaching(
        "COA-02", "Coaching Pengembangan Karier oleh Coach Internal BKPSDM", "NKL01", BKPSDM, "M06:1", 4,
        per_kelas=2_000_000, minimum=3, maks_kelas=40, pola=F,
    ),
    coaching(
        "COA-03", "Coaching Pelayanan Publik di Unit Layanan", "NKL01", UNIT, "M05:1", 4, per_kelas=1_000_000,
        kapasitas=10, maks_kelas=150, pola=F, garis_depan=True,
    ),
    coaching(
        "MEN-01", "Mentoring Kompetensi Manajerial bagi Pejabat Baru", "NKL02", UNIT, "M08:1 M02:1", 6,
        kapasitas=5, minimum=1, tingkat=STRUKTURAL,
    ),
    coaching(
        "MEN-02", "Mentoring Komunikasi dan Kerja Sama oleh Pejabat Senior", "NKL02", UNIT, "M03:1", 4,
        kapasitas=6, maks_kelas=80,
    ),
    coaching(
        "MEN-03", "Mentoring Perubahan dan Inovasi Unit Kerja", "NKL02", BKPSDM, "M07:1", 4, kapasitas=6,
        maks_kelas=40, golongan=(III_A, None),
    ),
    elearning("EL-01", "E-Learning Komunikasi Efektif", ASN_UNGGUL, "M03:1", 9, 3),
    elearning("EL-02", "E-Learning Orientasi pada Hasil", ASN_UNGGUL, "M04:1", 9, 3),
    elearning("EL-03", "E-Learning Pengembangan Diri dan Orang Lain", ASN_UNGGUL, "M06:1", 9, 3),
    elearning("EL-04", "E-Learning Mengelola Perubahan", ASN_UNGGUL, "M07:1", 9, 3),
    elearning("EL-05", "E-Learning Pengambilan Keputusan", ASN_UNGGUL, "M08:1", 9, 3),
    Spec(
        "BM-01", "Belajar Mandiri Pelayanan Prima", "NKL09", UNIT, "M05:1", menit=540, kapasitas=500,
        maks_kelas=10, pola=G, triwulan=ALL_QUARTERS,
    ),
    Spec(
        "LAIN-01", "Job Shadowing Antar-OPD", "NKL13", BKPSDM, "M06:1 M02:1", menit=900, kapasitas=10,
        minimum=2, maks_kelas=10, pola=G,
    ),
)

# fmt: on
CATALOGUE: tuple[Spec, ...] = (
    *LEADERSHIP,
    *MANAGERIAL,
    *CHARACTER_AND_INTEGRITY,
    *EDUCATION,
    *HEALTH,
    *FINANCE,
    *DIGITAL,
    *ADMINISTRATION,
    *PLANNING_LAW_AND_SERVICES,
    *GENERAL,
)
INTEGRITY_KODE = "INT-01"  # the activity a scenario can make mandatory for everyone


def build_catalogue(ctx: DemoContext) -> None:
    rng = ctx.rng("catalogue")
    instansi = ctx.require_instansi()
    on = ctx.tanggal_acuan
    bentuk = bentuk_map(on=on)
    tingkat = tingkat_jabatan_map(on=on)
    kompetensi = {k.kode: k for k in Kompetensi.objects.all()}
    taken = set(Kegiatan.objects.filter(instansi=instansi).values_list("kode", flat=True))
    opds = set(
        UnitKerja.objects.filter(instansi=instansi, parent__isnull=True).values_list("kode", flat=True)
    )
    saved: dict[str, Kegiatan] = {}
    for spec in ctx.track(CATALOGUE, desc="catalogue", total=len(CATALOGUE)):
        kegiatan = _kegiatan(
            spec, rng, opds
        )  # drawn for every spec, so a skipped one leaves the others unchanged
        if spec.kode in taken:
            continue  # an activity the agency already keeps under this code stays as it is
        kegiatan.instansi = instansi
        kegiatan.bentuk = bentuk[spec.bentuk]
        saved[spec.kode] = kegiatan_save(kegiatan=kegiatan, on=on)
    _link(saved, tingkat, kompetensi)
    ctx.extra["catalogue"] = saved
    ctx.counts["kegiatan"] = len(saved)


def reset_catalogue() -> None:
    """Delete the synthetic activities; their competencies, rules and links go with them (cascade)."""
    Kegiatan.objects.filter(sintetis=True).delete()


def _kegiatan(spec: Spec, rng: random.Random, opds: set[str]) -> Kegiatan:
    audience = audience_for(spec.kode)
    pembina, kurikulum = standard_for(spec.kode)
    return Kegiatan(
        kode=spec.kode,
        judul=spec.judul,
        deskripsi=spec.deskripsi or _describe(spec),
        jenis_penyelenggara=spec.penyelenggara[0],
        penyelenggara=spec.penyelenggara[1],
        hari=spec.hari,
        sesi=spec.sesi,
        menit=spec.menit,
        bulan=spec.bulan,
        jp_program=Decimal(spec.jp_program) if spec.jp_program is not None else None,
        hari_klasikal=_days_away(spec),
        biaya_per_peserta=_vary(rng, spec.per_peserta, 25_000),
        biaya_per_kelas=_vary(rng, spec.per_kelas, 500_000),
        kapasitas_kelas=spec.kapasitas,
        min_peserta=spec.minimum,
        maks_kelas=spec.maks_kelas,
        triwulan=list(spec.triwulan or _quarters(rng, spec)),
        pola_pendanaan=spec.pola,
        sumber_dana=spec.sumber,
        golongan_min=spec.golongan[0],
        golongan_max=spec.golongan[1],
        jenis_asn=list(spec.jenis_asn),
        hanya_garis_depan=spec.garis_depan,
        sasaran_rumpun=list(audience.rumpun),
        sasaran_jenis_unit=list(audience.jenis_unit),
        sasaran_jabatan=list(audience.jabatan),
        sasaran_opd=[code for code in audience.opd if code in opds],
        oleh_atasan=audience.oleh_atasan,
        standar_pembina=pembina,
        standar_kurikulum=kurikulum,
        sintetis=True,
    )


def _days_away(spec: Spec) -> int:
    if spec.hari_klasikal is not None:
        return spec.hari_klasikal
    return max(spec.hari, 1) if spec.klasikal else 0


def _vary(rng: random.Random, rupiah: int, step: int) -> Decimal:
    """A price a few percent off the list price, as quotes differ between years and providers."""
    if rupiah == 0:
        return Decimal(0)
    return Decimal(max(step, round(rupiah * rng.uniform(0.92, 1.08) / step) * step))


def _quarters(rng: random.Random, spec: Spec) -> tuple[int, ...]:
    """Classical courses run after the DPA is issued, rarely in the first quarter; the rest all year."""
    if not spec.klasikal:
        return ALL_QUARTERS
    wanted = min(4, max(1, spec.maks_kelas))
    pool = [2, 3, 4] if wanted < 4 else [1, 2, 3, 4]
    return tuple(sorted(rng.sample(pool, min(len(pool), wanted))))


def _describe(spec: Spec) -> str:
    gains = ", ".join(f"{code} +{level}" for code, level in spec.kompetensi())
    return f"{spec.judul} oleh {spec.penyelenggara[1]}. Kompetensi yang dikembangkan: {gains}."


def _link(
    saved: dict[str, Kegiatan], tingkat: dict[str, TingkatJabatan], kompetensi: dict[str, Kompetensi]
) -> None:
    """Competencies, eligible position levels, prerequisites and mandatory rules of the new activities."""
    specs = {s.kode: s for s in CATALOGUE}
    gains, levels, prereqs, rules = [], [], [], []
    TingkatLink = Kegiatan.tingkat_jabatan.through
    PrasyaratLink = Kegiatan.prasyarat.through
    for kode, kegiatan in saved.items():
        spec = specs[kode]
        gains += [
            KegiatanKompetensi(kegiatan=kegiatan, kompetensi=kompetensi[code], kenaikan_level=level)
            for code, level in spec.kompetensi()
        ]
        levels += [
            TingkatLink(kegiatan_id=kegiatan.pk, tingkatjabatan_id=tingkat[t].pk) for t in spec.tingkat
        ]
        prereqs += [
            PrasyaratLink(from_kegiatan_id=kegiatan.pk, to_kegiatan_id=saved[p].pk)
            for p in spec.prasyarat
            if p in saved
        ]
        rules += [
            AturanWajib(kegiatan=kegiatan, sasaran=sasaran, aktif=aktif, dasar=dasar)
            for sasaran, aktif, dasar in spec.wajib
        ]
    KegiatanKompetensi.objects.bulk_create(gains)
    TingkatLink.objects.bulk_create(levels)
    PrasyaratLink.objects.bulk_create(prereqs)
    AturanWajib.objects.bulk_create(rules)
