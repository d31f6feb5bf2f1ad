"""The synthetic units under Binjai's real OPDs, and how the city's staff is shared between kinds of unit.

Demo plausibility, not regulation: SiBina's logic never reads these tables. Sub-unit names follow the usual
city nomenclature (Perda/Perwal on perangkat daerah); the units themselves are marked ``sintetis``.
"""

from __future__ import annotations

from dataclasses import dataclass

# UnitKerja.Jenis values (kept as strings so this module stays free of Django imports).
SEKRETARIAT, BAGIAN, BIDANG, SUBBAGIAN, SEKSI = "SEKRETARIAT", "BAGIAN", "BIDANG", "SUBBAGIAN", "SEKSI"
SEKOLAH, PUSKESMAS, LAINNYA = "SEKOLAH", "PUSKESMAS", "LAINNYA"


@dataclass(frozen=True)
class Sub:
    """A synthetic sub-unit: its name, kind, the staff profile it employs and its own sub-units."""

    nama: str
    jenis: str
    profil: str = "admin"
    children: tuple[Sub, ...] = ()


def _sekretariat(*subbag: str) -> Sub:
    names = subbag or ("Subbagian Umum dan Kepegawaian", "Subbagian Perencanaan dan Keuangan")
    return Sub("Sekretariat", SEKRETARIAT, children=tuple(Sub(n, SUBBAGIAN) for n in names))


def _bidang(nama: str, *seksi: str, profil: str = "admin") -> Sub:
    return Sub(nama, BIDANG, profil, tuple(Sub(s, SEKSI, profil) for s in seksi))


def _bagian(nama: str, *subbag: str, profil: str = "admin") -> Sub:
    return Sub(nama, BAGIAN, profil, tuple(Sub(s, SUBBAGIAN, profil) for s in subbag))


# Children of each real OPD, most important first: a small city keeps only the first few (see org.py).
OPD_CHILDREN: dict[str, tuple[Sub, ...]] = {
    "SETDA": (
        _bagian(
            "Bagian Organisasi", "Subbagian Kelembagaan dan Analisis Jabatan", "Subbagian Reformasi Birokrasi"
        ),
        _bagian("Bagian Umum", "Subbagian Tata Usaha Pimpinan", "Subbagian Rumah Tangga"),
        _bagian("Bagian Hukum", "Subbagian Perundang-undangan", "Subbagian Bantuan Hukum"),
        _bagian("Bagian Pemerintahan"),
        _bagian("Bagian Kesejahteraan Rakyat"),
        _bagian("Bagian Perekonomian dan Sumber Daya Alam"),
        _bagian("Bagian Administrasi Pembangunan"),
        _bagian("Bagian Pengadaan Barang dan Jasa"),
        _bagian("Bagian Protokol dan Komunikasi Pimpinan"),
    ),
    "SETWAN": (
        _bagian("Bagian Umum dan Keuangan", "Subbagian Tata Usaha dan Kepegawaian", "Subbagian Keuangan"),
        _bagian("Bagian Persidangan dan Perundang-undangan"),
        _bagian("Bagian Fasilitasi Penganggaran dan Pengawasan"),
    ),
    "INSPEKTORAT": (
        _sekretariat("Subbagian Umum dan Keuangan", "Subbagian Perencanaan, Evaluasi dan Pelaporan"),
        Sub("Inspektorat Pembantu Wilayah I", LAINNYA),
        Sub("Inspektorat Pembantu Wilayah II", LAINNYA),
        Sub("Inspektorat Pembantu Wilayah III", LAINNYA),
        Sub("Inspektorat Pembantu Wilayah IV", LAINNYA),
    ),
    "BAPPERIDA": (
        _sekretariat(),
        _bidang("Bidang Perencanaan Pemerintahan dan Pembangunan Manusia"),
        _bidang("Bidang Perekonomian dan Sumber Daya Alam"),
        _bidang("Bidang Infrastruktur dan Kewilayahan"),
        _bidang("Bidang Riset dan Inovasi Daerah"),
    ),
    "BKPSDM": (
        _sekretariat(),
        # No seksi: since the 2021 penyetaraan these bidang work through functional staff.
        _bidang("Bidang Pengembangan Kompetensi Aparatur"),
        _bidang("Bidang Pengadaan, Pemberhentian dan Informasi"),
        _bidang("Bidang Mutasi dan Promosi"),
        _bidang("Bidang Penilaian Kinerja Aparatur dan Penghargaan"),
    ),
    "BPKPAD": (
        _sekretariat(),
        _bidang("Bidang Anggaran", "Seksi Penyusunan Anggaran", "Seksi Pengendalian Anggaran"),
        _bidang("Bidang Perbendaharaan", "Seksi Belanja", "Seksi Kas Daerah"),
        _bidang("Bidang Akuntansi"),
        _bidang("Bidang Pendapatan", "Seksi Pajak Daerah", "Seksi Retribusi dan Pendapatan Lain"),
        _bidang("Bidang Aset"),
    ),
    "BPBD": (
        _sekretariat(),
        _bidang("Bidang Kedaruratan dan Logistik"),
        _bidang("Bidang Pencegahan dan Kesiapsiagaan"),
        _bidang("Bidang Rehabilitasi dan Rekonstruksi"),
    ),
    "DISDIK": (
        _sekretariat(),
        _bidang(
            "Bidang Pembinaan Sekolah Dasar",
            "Seksi Kurikulum dan Penilaian SD",
            "Seksi Peserta Didik dan Pembangunan Karakter SD",
            "Seksi Sarana dan Prasarana SD",
        ),
        _bidang(
            "Bidang Pembinaan Sekolah Menengah Pertama",
            "Seksi Kurikulum dan Penilaian SMP",
            "Seksi Peserta Didik dan Pembangunan Karakter SMP",
            "Seksi Sarana dan Prasarana SMP",
        ),
        _bidang("Bidang Guru dan Tenaga Kependidikan", "Seksi GTK SD", "Seksi GTK SMP"),
        _bidang(
            "Bidang PAUD dan Pendidikan Nonformal", "Seksi Kelembagaan PAUD", "Seksi Pendidikan Nonformal"
        ),
    ),
    "DINKES": (
        _sekretariat(),
        _bidang(
            "Bidang Pelayanan dan Sumber Daya Kesehatan",
            "Seksi Pelayanan Kesehatan Primer dan Rujukan",
            "Seksi Kefarmasian dan Alat Kesehatan",
            "Seksi Sumber Daya Manusia Kesehatan",
            profil="dinkes",
        ),
        _bidang(
            "Bidang Kesehatan Masyarakat",
            "Seksi Kesehatan Keluarga dan Gizi",
            "Seksi Promosi dan Pemberdayaan Masyarakat",
            "Seksi Kesehatan Lingkungan, Kesehatan Kerja dan Olahraga",
            profil="dinkes",
        ),
        _bidang(
            "Bidang Pencegahan dan Pengendalian Penyakit",
            "Seksi Surveilans dan Imunisasi",
            "Seksi Pengendalian Penyakit Menular",
            "Seksi Pengendalian Penyakit Tidak Menular dan Kesehatan Jiwa",
            profil="dinkes",
        ),
    ),
    "RSUD": (
        _bidang(
            "Bidang Pelayanan Medik",
            "Seksi Rawat Jalan dan Rawat Inap",
            "Seksi Gawat Darurat dan Rawat Intensif",
            profil="rs_medik",
        ),
        _bidang(
            "Bidang Keperawatan", "Seksi Asuhan Keperawatan", "Seksi Mutu Keperawatan", profil="rs_perawat"
        ),
        _bidang(
            "Bidang Penunjang Medik",
            "Seksi Penunjang Medik",
            "Seksi Penunjang Nonmedik",
            profil="rs_penunjang",
        ),
        _bagian("Bagian Tata Usaha", "Subbagian Umum dan Kepegawaian", "Subbagian Keuangan"),
    ),
    "DPUTR": (
        _sekretariat(),
        _bidang("Bidang Bina Marga"),
        _bidang("Bidang Sumber Daya Air"),
        _bidang("Bidang Cipta Karya"),
        _bidang("Bidang Penataan Ruang"),
    ),
    "DPKP": (
        _sekretariat(),
        _bidang("Bidang Perumahan"),
        _bidang("Bidang Kawasan Permukiman"),
        _bidang("Bidang Pertanahan"),
    ),
    "DLH": (
        _sekretariat(),
        _bidang("Bidang Pengelolaan Sampah dan Limbah B3"),
        _bidang("Bidang Tata Lingkungan"),
        _bidang("Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan"),
        _bidang("Bidang Pertamanan dan Ruang Terbuka Hijau"),
    ),
    "DISKOMINFO": (
        _sekretariat(),
        _bidang("Bidang Aplikasi Informatika"),
        _bidang("Bidang Informasi dan Komunikasi Publik"),
        _bidang("Bidang Statistik dan Persandian"),
    ),
    "SATPOLPP": (
        _sekretariat(),
        _bidang(
            "Bidang Ketertiban Umum dan Ketenteraman Masyarakat",
            "Seksi Operasi dan Pengendalian",
            "Seksi Kerja Sama",
        ),
        _bidang("Bidang Penegakan Peraturan Daerah", "Seksi Penyelidikan dan Penyidikan", "Seksi Pembinaan"),
        _bidang("Bidang Perlindungan Masyarakat"),
    ),
    "DKPP": (
        _sekretariat(),
        _bidang("Bidang Ketahanan Pangan"),
        _bidang("Bidang Tanaman Pangan dan Hortikultura"),
        _bidang("Bidang Peternakan dan Kesehatan Hewan"),
    ),
    "DPMPTSP": (
        _sekretariat(),
        _bidang("Bidang Pelayanan Perizinan dan Nonperizinan"),
        _bidang("Bidang Penanaman Modal"),
        _bidang("Bidang Pengaduan, Informasi dan Pelaporan"),
    ),
    "DISHUB": (
        _sekretariat(),
        _bidang("Bidang Lalu Lintas"),
        _bidang("Bidang Angkutan"),
        _bidang("Bidang Sarana dan Prasarana Perhubungan"),
    ),
    "DISKOP": (
        _sekretariat(),
        _bidang("Bidang Koperasi"),
        _bidang("Bidang Usaha Mikro"),
    ),
    "DISPERINDAG": (
        _sekretariat(),
        _bidang("Bidang Pengelolaan Pasar"),
        _bidang("Bidang Perdagangan"),
        _bidang("Bidang Perindustrian"),
    ),
    "DINSOS": (
        _sekretariat(),
        _bidang("Bidang Perlindungan dan Jaminan Sosial"),
        _bidang("Bidang Rehabilitasi Sosial"),
        _bidang("Bidang Pemberdayaan Sosial"),
    ),
    "DUKCAPIL": (
        _sekretariat(),
        _bidang("Bidang Pelayanan Pendaftaran Penduduk", "Seksi Identitas Penduduk", "Seksi Pindah Datang"),
        _bidang("Bidang Pelayanan Pencatatan Sipil", "Seksi Kelahiran dan Kematian", "Seksi Perkawinan"),
        _bidang("Bidang Pengelolaan Informasi Administrasi Kependudukan"),
    ),
    "DPPKBPPPA": (
        _sekretariat(),
        _bidang("Bidang Pengendalian Penduduk dan Keluarga Berencana"),
        _bidang("Bidang Pemberdayaan Perempuan"),
        _bidang("Bidang Perlindungan Anak"),
    ),
    "DISPORAPAR": (
        _sekretariat(),
        _bidang("Bidang Pemuda"),
        _bidang("Bidang Olahraga"),
        _bidang("Bidang Pariwisata"),
    ),
    "DISPUSIP": (
        _sekretariat(),
        _bidang("Bidang Perpustakaan"),
        _bidang("Bidang Kearsipan"),
    ),
    "KESBANGPOL": (
        _sekretariat(),
        _bidang("Bidang Ideologi dan Wawasan Kebangsaan"),
        _bidang("Bidang Politik Dalam Negeri"),
        _bidang("Bidang Ketahanan Ekonomi, Sosial, Budaya dan Organisasi Kemasyarakatan"),
    ),
}

KECAMATAN_CHILDREN: tuple[Sub, ...] = (
    Sub("Sekretariat Kecamatan", SEKRETARIAT),
    Sub("Seksi Pemerintahan", SEKSI),
    Sub("Seksi Ketenteraman dan Ketertiban Umum", SEKSI),
    Sub("Seksi Pemberdayaan Masyarakat", SEKSI),
    Sub("Seksi Kesejahteraan Sosial", SEKSI),
)

# Kelurahan that lend their names to the synthetic puskesmas (one per area, as a city's puskesmas are).
PUSKESMAS_NAMES = (
    "Binjai Kota",
    "Kebun Lada",
    "Tanah Tinggi",
    "Rambung",
    "Binjai Estate",
    "Mencirim",
    "Jati Makmur",
    "Limau Sundai",
    "Berngam",
    "Satria",
)
FULL_SIZE = 5500
FULL_SD, FULL_SMP, FULL_PUSKESMAS = 26, 9, 8

# Relative size of each OPD's office staff ("other" staff; schools and health units are counted apart).
OPD_WEIGHT: dict[str, float] = {
    "SETDA": 2.2,
    "SATPOLPP": 2.6,
    "BPKPAD": 1.7,
    "DPUTR": 1.5,
    "DLH": 1.5,
    "DISDIK": 1.4,
    "DINKES": 1.3,
    "DUKCAPIL": 1.3,
    "DISHUB": 1.3,
    "BKPSDM": 1.2,
    "INSPEKTORAT": 1.2,
    "BAPPERIDA": 1.1,
    "SETWAN": 1.0,
    "DPMPTSP": 1.0,
    "DKPP": 1.0,
    "DISKOP": 0.7,
    "DISPUSIP": 0.7,
    "KESBANGPOL": 0.6,
}

# Share of the whole city (heads included) that works in each kind of unit.
SHARE_GURU = 0.33  # teachers in schools
SHARE_PUSKESMAS = 0.075
SHARE_RSUD = 0.085
