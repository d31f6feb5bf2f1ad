"""What single SIASN values mean, and the position-level guess for positions an import creates."""

from __future__ import annotations

import datetime as dt

import pytest

from sibina.imports import domain


@pytest.mark.parametrize(
    ("nama", "jenis", "expected"),
    [
        ("Kepala Dinas Pendidikan", 1, "JPT_PRATAMA"),
        ("Kepala Badan Kepegawaian dan Pengembangan SDM", None, "JPT_PRATAMA"),
        ("Sekretaris Daerah", 1, "JPT_PRATAMA"),
        ("Inspektur", 1, "JPT_PRATAMA"),
        ("Kepala Pelaksana BPBD", 1, "JPT_PRATAMA"),
        ("Plt. Kepala Dinas Sosial", 1, "JPT_PRATAMA"),
        ("Sekretaris", 1, "ADMINISTRATOR"),
        ("Sekretaris Dinas Kesehatan", None, "ADMINISTRATOR"),
        ("Kepala Bidang Anggaran", 1, "ADMINISTRATOR"),
        ("Kepala Bagian Umum", 1, "ADMINISTRATOR"),
        ("Camat Binjai Kota", 1, "ADMINISTRATOR"),
        ("Inspektur Pembantu Wilayah I", 1, "ADMINISTRATOR"),
        ("Kepala Seksi Pemerintahan", 1, "PENGAWAS"),
        ("Kepala Subbagian Umum dan Kepegawaian", 1, "PENGAWAS"),
        ("Kepala Sub Bagian Keuangan", 1, "PENGAWAS"),
        ("Lurah Tanah Merah", 1, "PENGAWAS"),
        ("Sekretaris Kelurahan", 1, "PENGAWAS"),
        ("Guru Ahli Pertama", 2, "JF_AHLI_PERTAMA"),
        ("Analis Kebijakan Ahli Muda", 2, "JF_AHLI_MUDA"),
        ("Dokter Ahli Madya", None, "JF_AHLI_MADYA"),
        ("Perawat Terampil", 2, "JF_TERAMPIL"),
        ("Pranata Komputer Penyelia", 2, "JF_PENYELIA"),
        ("Guru Pertama", 2, "JF_AHLI_PERTAMA"),  # the name before 2019
        ("Guru Madya", 2, "JF_AHLI_MADYA"),
        ("Guru Pertama", 1, None),  # a structural kind does not read levels from a bare last word
        ("Pengadministrasi Umum", 4, "PELAKSANA"),
        ("Kepala Seksi Pemerintahan", 4, "PELAKSANA"),  # the file says pelaksana: the file wins
        ("Pengadministrasi Umum", None, None),
        ("Kepala Sekolah", 2, None),
        ("Guru Kelas", 2, None),
    ],
)
def test_guess_tingkat(nama: str, jenis: int | None, expected: str | None) -> None:
    assert domain.guess_tingkat(nama, jenis) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L", "L"),
        ("l", "L"),
        ("M", "L"),
        ("Laki-laki", "L"),
        ("LAKI - LAKI", "L"),
        ("Pria", "L"),
        ("1", "L"),
        ("P", "P"),
        ("F", "P"),
        ("Perempuan", "P"),
        ("WANITA", "P"),
        ("2", "P"),
        ("X", None),
        ("3", None),
        ("", None),
        ("Laki laki perempuan", None),
    ],
)
def test_parse_sex(text: str, expected: str | None) -> None:
    assert domain.parse_sex(text) == expected


@pytest.mark.parametrize(
    ("jenis", "status", "expected"),
    [
        ("PNS Daerah Kabupaten/Kota", "P", "PNS"),
        ("PNS Daerah Kabupaten/Kota", "C", "CPNS"),
        ("PNS Daerah Kabupaten/Kota", None, "PNS"),
        ("CPNS Daerah", None, "CPNS"),
        (None, "PNS", "PNS"),
        (None, "cpns", "CPNS"),
        ("PPPK", None, "PPPK"),
        ("Pegawai Pemerintah dengan Perjanjian Kerja", "P", "PPPK"),
        ("PPPK Paruh Waktu", None, "PPPK_PW"),
        ("PPPK PW", None, "PPPK_PW"),
        (None, "PPPK Paruh Waktu", "PPPK_PW"),
        ("Honorer", None, None),
        (None, None, None),
    ],
)
def test_parse_jenis_asn(jenis: str | None, status: str | None, expected: str | None) -> None:
    assert domain.parse_jenis_asn(jenis, status) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aktif", "AKTIF"),
        ("CLTN", "AKTIF"),
        ("Tugas Belajar", "AKTIF"),
        ("Masa Persiapan Pensiun", "AKTIF"),
        ("Pemberhentian Sementara", "AKTIF"),
        ("Pensiun", "PENSIUN"),
        ("Pensiun Janda/Duda", "PENSIUN"),
        ("Pindah Instansi", "PINDAH"),
        ("Meninggal", "BERHENTI"),
        ("Diberhentikan dengan Hormat", "BERHENTI"),
        ("Tidak Aktif", None),
        ("Entah", None),
    ],
)
def test_parse_status(text: str, expected: str | None) -> None:
    assert domain.parse_status(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("III/d", ("PNS", "34")),
        ("III / d", ("PNS", "34")),
        ("iii/d", ("PNS", "34")),
        ("Penata Tingkat I", ("PNS", "34")),
        ("Penata Tk. I", ("PNS", "34")),
        ("Penata Tingkat I (III/d)", ("PNS", "34")),
        ("III/d - Penata Tingkat I", ("PNS", "34")),
        ("34", ("PNS", "34")),
        ("Penata", ("PNS", "33")),
        ("IV/e", ("PNS", "45")),
        ("Juru Muda", ("PNS", "11")),
        ("IX", ("PPPK", "IX")),
        ("xvii", ("PPPK", "XVII")),
        ("I", ("PPPK", "I")),
        ("III/f", None),
        ("99", None),
        ("Penata Sekali", None),
    ],
)
def test_parse_golongan(text: str, expected: tuple[str, str] | None, lookups: domain.Lookups) -> None:
    assert domain.parse_golongan(text, lookups) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("S-1", "40"),
        ("S1", "40"),
        ("S-1/Sarjana", "40"),
        ("Strata 1", "40"),
        ("Sarjana", "40"),
        ("40", "40"),
        ("D-III", "30"),
        ("D3", "30"),
        ("Diploma III", "30"),
        ("Diploma III/Sarjana Muda", "30"),
        ("D-IV", "35"),
        ("S-3/Doktor", "50"),
        ("S2", "45"),
        ("SLTA", "15"),
        ("SMA", "15"),
        ("SMK", "17"),
        ("SLTA Kejuruan", "17"),
        ("SMP", "10"),
        ("Sekolah Dasar", "05"),
        ("05", "05"),
        ("5", "05"),
        ("S-4", None),
        ("Kursus", None),
    ],
)
def test_parse_pendidikan(text: str, expected: str | None, lookups: domain.Lookups) -> None:
    assert domain.parse_pendidikan(text, lookups) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Struktural", 1),
        ("Jabatan Fungsional Tertentu", 2),
        ("Fungsional Umum", 4),
        ("Pelaksana", 4),
        ("4", 4),
        ("²", None),
        ("Lainnya", None),
    ],
)
def test_parse_jenis_jabatan(text: str, expected: int | None) -> None:
    assert domain.parse_jenis_jabatan(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26-09-1986", dt.date(1986, 9, 26)),
        ("26/09/1986", dt.date(1986, 9, 26)),
        ("6.9.1986", dt.date(1986, 9, 6)),
        ("1986-09-26", dt.date(1986, 9, 26)),
        ("1986-09-26T00:00:00", dt.date(1986, 9, 26)),
        ("1986-09-26 00:00:00", dt.date(1986, 9, 26)),
        ("26-09-1986 00:00", dt.date(1986, 9, 26)),
        ("26 September 1986", dt.date(1986, 9, 26)),
        ("26 Agt 1986", dt.date(1986, 8, 26)),
        ("29-02-2000", dt.date(2000, 2, 29)),
        ("29-02-1999", None),
        ("31-04-1990", None),
        ("09-26-1986", None),  # month/day order is not guessed
        ("26-09-86", None),  # two-digit years are ambiguous
        ("01-01-1850", None),
        ("26 Septober 1986", None),
        ("kemarin", None),
    ],
)
def test_parse_date_text(text: str, expected: dt.date | None) -> None:
    assert domain.parse_date_text(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("UPT Puskesmas Binjai Estate", "Puskesmas Binjai Estate"),
        ("UPTD Puskesmas Binjai Estate", "PUSKESMAS  BINJAI-ESTATE"),
        ("Unit Pelaksana Teknis Daerah Puskesmas Binjai Estate", "Puskesmas Binjai Estate."),
        ("Kec. Binjai Kota", "Kecamatan Binjai Kota"),
        ("SDN 020254 Binjai", "SD Negeri 020254 Binjai"),
        ("Sub Bagian Umum & Kepegawaian", "Subbagian Umum dan Kepegawaian"),
        ("PKM Binjai Estate", "Puskesmas Binjai Estate"),
    ],
)
def test_unit_names_spelled_differently_have_one_key(a: str, b: str) -> None:
    assert domain.unit_key(a) == domain.unit_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Puskesmas Binjai Estate", "Puskesmas Binjai Kota"),
        ("Dinas Kesehatan", "Dinas Pendidikan"),
        ("SD Negeri 020254 Binjai", "SMP Negeri 020254 Binjai"),
    ],
)
def test_different_units_keep_different_keys(a: str, b: str) -> None:
    assert domain.unit_key(a) != domain.unit_key(b)


def test_a_name_that_is_only_a_prefix_keeps_it() -> None:
    assert domain.unit_key("UPTD") == "uptd"


@pytest.mark.parametrize(
    ("nama", "top", "jenis"),
    [
        ("UPT Puskesmas Stabat", False, "PUSKESMAS"),
        ("UPT Laboratorium Kesehatan", False, "UPTD"),
        ("Sub Bagian Umum", False, "SUBBAGIAN"),
        ("Seksi Data", False, "SEKSI"),
        ("Bidang Informatika", True, "BIDANG"),
        ("SDN 020254 Binjai", False, "SEKOLAH"),
        ("RSUD Dr. R.M. Djoelham", True, "RUMAH_SAKIT"),
        ("Kec. Stabat", True, "KECAMATAN"),
        ("Kelurahan Setia", False, "KELURAHAN"),
        ("Sekretariat Daerah", True, "OPD"),
        ("Sekretariat Dinas Kesehatan", False, "SEKRETARIAT"),
        ("Dinas Kesehatan", True, "OPD"),
        ("Unit Layanan Khusus", False, "LAINNYA"),
    ],
)
def test_the_kind_of_a_new_unit_is_guessed_from_its_name(nama: str, top: bool, jenis: str) -> None:
    assert domain.guess_unit_jenis(nama, top_level=top) == jenis
