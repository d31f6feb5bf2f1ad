"""The job family of a position: one rule, from SIASN's position kind, level and name."""

from __future__ import annotations

import pytest

from sibina.reference.models import RumpunJabatan
from sibina.reference.rumpun import RUMPUN_CODES, parse_rumpun, rumpun_jabatan


@pytest.mark.parametrize(
    ("nama", "jenis", "tingkat", "unit", "expected"),
    [
        ("Guru Ahli Pertama", 2, "JF_AHLI_PERTAMA", "SEKOLAH", "PENDIDIKAN"),
        ("Pengawas Sekolah Ahli Madya", 2, "JF_AHLI_MADYA", "BIDANG", "PENDIDIKAN"),
        ("Kepala SD Negeri 023 Binjai", None, "JF_AHLI_MADYA", "SEKOLAH", "PENDIDIKAN"),
        ("Perawat Terampil", 2, "JF_TERAMPIL", "RUMAH_SAKIT", "KESEHATAN"),
        ("Bidan Ahli Pertama", 2, "JF_AHLI_PERTAMA", "PUSKESMAS", "KESEHATAN"),
        ("Penyuluh Kesehatan Masyarakat Ahli Muda", 2, "", "", "KESEHATAN"),
        ("Kepala UPTD Puskesmas Binjai Kota", 1, "PENGAWAS", "PUSKESMAS", "KESEHATAN"),
        ("Kepala Dinas Kesehatan", 1, "JPT_PRATAMA", "OPD", "STRUKTURAL"),
        ("Lurah Tangsi", None, "PENGAWAS", "KELURAHAN", "STRUKTURAL"),
        ("Penyuluh Pertanian Terampil", 2, "", "", "PENYULUHAN"),
        ("Polisi Pamong Praja Mahir", 2, "", "", "KETERTIBAN"),
        ("Auditor Ahli Muda", 2, "", "", "PENGAWASAN"),
        ("Teknik Jalan dan Jembatan Ahli Pertama", 2, "", "", "TEKNIS"),
        ("Penata Layanan Operasional", 4, "PELAKSANA", "SEKRETARIAT", "ADMINISTRASI"),
        ("Analis Keuangan Pusat dan Daerah Ahli Muda", 2, "", "", "ADMINISTRASI"),
    ],
)
def test_rumpun_jabatan(nama: str, jenis: int | None, tingkat: str, unit: str, expected: str) -> None:
    assert (
        rumpun_jabatan(nama=nama, jenis_jabatan_kode=jenis, tingkat_kode=tingkat, jenis_unit=unit) == expected
    )


def test_keywords_match_word_starts_not_inside_words() -> None:
    # "guru" inside another word is not a teacher; "perawat" at a word start is a nurse
    assert rumpun_jabatan(nama="Pengurus Barang", jenis_jabatan_kode=4) == "ADMINISTRASI"
    assert rumpun_jabatan(nama="Kepala Ruang / Perawat Penyelia", jenis_jabatan_kode=2) == "KESEHATAN"


def test_codes_are_the_model_choices_and_parse_from_cells() -> None:
    assert tuple(RumpunJabatan.values) == RUMPUN_CODES
    assert parse_rumpun(" kesehatan ") == "KESEHATAN"
    assert parse_rumpun("Pendidikan") == "PENDIDIKAN"
    assert parse_rumpun("dokter") is None
