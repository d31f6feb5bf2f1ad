"""The needs-analysis imports: position standards (SKJ), assessments and SKP (SIASN rw_skp22).

Each kind: a small file with good and bad rows (each bad one reported exactly, the good ones written),
re-import writes nothing, CSV and XLSX both work; then the needs analysis on the imported data.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from sibina.competency.models import Asesmen, Kinerja, Kompetensi, NilaiKompetensi, StandarKompetensi
from sibina.competency.services import standar_apply_defaults
from sibina.imports import competency_parsers as cp
from sibina.imports import kernel, services, skp_parsers
from sibina.imports.models import ImportBatch, ImportRowError, PerubahanData
from sibina.imports.parsers import ImportFileError, read_table
from sibina.needs.models import Kebutuhan
from sibina.needs.services import needs_analyse
from sibina.people import domain as people_domain
from sibina.people.models import Instansi, Jabatan, Pegawai, UnitKerja
from tests import factories as f

MANAGERIAL = ("M01", "M02", "M03", "M04", "M05", "M06", "M07", "M08", "SK01")


@dataclass
class City:
    instansi: Instansi
    head_job: Jabatan
    staff_job: Jabatan
    head: Pegawai
    staff: Pegawai
    pppk: Pegawai


@pytest.fixture
def city(binjai: Instansi) -> City:
    dinkes = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    head_job = f.jabatan(binjai, dinkes, "Kepala Dinas Kesehatan", "JPT_PRATAMA")
    staff_job = f.jabatan(binjai, dinkes, "Pengadministrasi Umum", "PELAKSANA")
    head = f.pegawai(binjai, dinkes, nama="Kepala", jabatan=head_job)
    staff = f.pegawai(binjai, dinkes, nama="Staf", jabatan=staff_job, atasan=head)
    pppk = f.pegawai(binjai, dinkes, nama="Kontrak", jenis_asn="PPPK", jabatan=staff_job, atasan=head)
    standar_apply_defaults(instansi=binjai)
    return City(binjai, head_job, staff_job, head, staff, pppk)


def write(path: Path, rows: list[list[str]], delimiter: str = ";") -> Path:
    path.write_text("\n".join(delimiter.join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    return path


def counts(batch: ImportBatch) -> tuple[str, int, int, int, int, int]:
    return (
        batch.status,
        batch.jumlah_baris,
        batch.jumlah_baru,
        batch.jumlah_diubah,
        batch.jumlah_sama,
        batch.jumlah_galat,
    )


def errors(batch: ImportBatch) -> list[tuple[int, str, str, str]]:
    return list(batch.errors.order_by("baris", "id").values_list("baris", "kolom", "nilai", "pesan"))


def standards(job: Jabatan) -> dict[str, tuple[int, str]]:
    return {
        kode: (level, sumber)
        for kode, level, sumber in StandarKompetensi.objects.filter(jabatan=job).values_list(
            "kompetensi__kode", "level", "sumber"
        )
    }


OUTSIDER = people_domain.make_nip(
    tanggal_lahir=dt.date(1990, 1, 2), tmt=dt.date(2015, 3, 1), jenis_kelamin="L", urut=7
)

# --- SKJ ---------------------------------------------------------------------------------------------------

SKJ_ROWS = [
    ["JABATAN", "UNIT", "KODE KOMPETENSI", "LEVEL"],
    ["Kepala Dinas Kesehatan", "DINKES", "M01", "5"],  # default 4 -> 5
    ["Kepala Dinas Kesehatan", "Dinas Kesehatan", "T-KES-05", "4"],  # new, unit by name
    ["Pengadministrasi Umum", "dinkes", "M01", "2"],  # default 1 -> 2
    ["pengadministrasi  umum", "DINKES", "M03", "1"],  # same level, now confirmed by a document
    ["Kepala Dinas Pendidikan", "DINKES", "M01", "3"],
    ["Pengadministrasi Umum", "DINKES", "X99", "2"],
    ["Pengadministrasi Umum", "DINKES", "M02", "6"],
    ["Pengadministrasi Umum", "NOPE", "M02", "2"],
    ["Pengadministrasi Umum", "DINKES", "M04", ""],
]
SKJ_ERRORS = [
    (6, "JABATAN", "Kepala Dinas Pendidikan", "The work unit DINKES has no position with this name."),
    (7, "KODE KOMPETENSI", "X99", "No competency in the dictionary has this code."),
    (8, "LEVEL", "6", "Expected a whole number from 1 to 5."),
    (9, "UNIT", "NOPE", "No work unit of this agency has this code or name."),
    (10, "LEVEL", "", "A value is required."),
]


def test_skj_csv_upserts_standards_replacing_defaults_and_reports_each_bad_row(
    city: City, tmp_path: Path
) -> None:
    assert standards(city.head_job)["M01"] == (4, "DEFAULT")
    batch = kernel.import_file(
        jenis="skj", instansi=city.instansi, path=write(tmp_path / "skj.csv", SKJ_ROWS)
    )
    assert counts(batch) == ("DONE", 9, 1, 3, 0, 5)
    assert errors(batch) == SKJ_ERRORS
    head, staff = standards(city.head_job), standards(city.staff_job)
    assert (head["M01"], head["T-KES-05"], head["M02"]) == ((5, "IMPOR"), (4, "IMPOR"), (4, "DEFAULT"))
    assert (staff["M01"], staff["M03"], staff["M02"]) == ((2, "IMPOR"), (1, "IMPOR"), (1, "DEFAULT"))
    # The replaced defaults are recorded on the batch, before and after.
    assert batch.pesan.splitlines() == [
        "3 existing standard(s) replaced by this file (before → after):",
        "Kepala Dinas Kesehatan (Dinas Kesehatan) · M01 Integritas: level 4 (Default by position type "
        "and level) → level 5 (Imported)",
        "Pengadministrasi Umum (Dinas Kesehatan) · M01 Integritas: level 1 (Default by position type and "
        "level) → level 2 (Imported)",
        "Pengadministrasi Umum (Dinas Kesehatan) · M03 Komunikasi: level 1 (Default by position type and "
        "level) → level 1 (Imported)",
    ]

    again = kernel.import_file(jenis="skj", instansi=city.instansi, path=tmp_path / "skj.csv")
    assert counts(again) == ("DONE", 9, 0, 0, 4, 5)
    assert again.pesan == ""
    assert standards(city.head_job) == head and standards(city.staff_job) == staff


def test_skj_xlsx_by_position_id_or_unique_name_and_competency_name(city: City, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "skj.xlsx",
        [
            ["ID JABATAN", "JABATAN", "NAMA KOMPETENSI", "LEVEL"],
            [city.staff_job.pk, None, "Integritas", 3],
            [city.head_job.pk, "Kepala Dinas Kesehatan", "Pedagogi", 2],
            [None, "Pengadministrasi Umum", "komunikasi", 2],  # a name unique in the agency
            [999999, None, "Integritas", 2],
            [city.staff_job.pk, None, "Kejujuran", 2],
            [city.staff_job.pk, "Sekretaris", "Integritas", 2],
            [city.staff_job.pk, None, "Kerja Sama", 2],
            [city.staff_job.pk, None, "Kerja Sama", 3],
            [city.head_job.pk, None, "Pedagogi", 2],  # repeats line 3 exactly: imported once
        ],
    )
    batch = kernel.import_file(jenis="skj", instansi=city.instansi, path=path)
    assert counts(batch) == ("DONE", 9, 1, 2, 1, 5)
    conflict = "The same position and competency appear on lines 8, 9 with different levels; none of them was imported."
    assert errors(batch) == [
        (5, "ID JABATAN", "999999", "No position of this agency has this id."),
        (6, "NAMA KOMPETENSI", "Kejujuran", "No competency in the dictionary has this name."),
        (
            7,
            "JABATAN",
            "Sekretaris",
            f"This is not the name of the position with ID JABATAN {city.staff_job.pk}.",
        ),
        (8, "LEVEL", "2", conflict),
        (9, "LEVEL", "3", conflict),
    ]
    staff = standards(city.staff_job)
    assert (staff["M01"], staff["M03"], staff["M02"]) == ((3, "IMPOR"), (2, "IMPOR"), (1, "DEFAULT"))
    assert standards(city.head_job)["T-PEN-01"] == (2, "IMPOR")


def test_skj_position_names_that_repeat_need_the_unit(city: City, tmp_path: Path) -> None:
    kominfo = UnitKerja.objects.get(instansi=city.instansi, kode="DISKOMINFO")
    f.jabatan(city.instansi, kominfo, "Pengadministrasi Umum", "PELAKSANA")
    path = write(
        tmp_path / "skj.csv",
        [["JABATAN", "KODE KOMPETENSI", "LEVEL"], ["Pengadministrasi Umum", "M01", "2"]],
    )
    batch = kernel.import_file(jenis="skj", instansi=city.instansi, path=path)
    assert errors(batch) == [
        (
            2,
            "JABATAN",
            "Pengadministrasi Umum",
            "2 positions have this name: add a UNIT column (unit code or name) or ID JABATAN.",
        )
    ]


def test_skj_dry_run_reports_and_saves_nothing(city: City, tmp_path: Path) -> None:
    before = sorted(StandarKompetensi.objects.values_list("jabatan_id", "kompetensi_id", "level", "sumber"))
    batch = kernel.import_file(
        jenis="skj", instansi=city.instansi, path=write(tmp_path / "skj.csv", SKJ_ROWS), dry_run=True
    )
    assert counts(batch) == ("DONE", 9, 1, 3, 0, 5)
    assert errors(batch) == SKJ_ERRORS
    assert batch.dry_run and batch.pesan.startswith("3 existing standard(s) replaced")
    assert (
        sorted(StandarKompetensi.objects.values_list("jabatan_id", "kompetensi_id", "level", "sumber"))
        == before
    )


def test_skj_missing_columns_fail_the_file_and_change_nothing(city: City, tmp_path: Path) -> None:
    batch = kernel.import_file(
        jenis="skj",
        instansi=city.instansi,
        path=write(tmp_path / "skj.csv", [["UNIT", "LEVEL"], ["DINKES", "2"]]),
    )
    assert batch.status == "FAILED"
    assert batch.pesan == (
        "Required column(s) missing: ID JABATAN / JABATAN, KODE KOMPETENSI / NAMA KOMPETENSI. "
        "Columns found: UNIT, LEVEL."
    )
    assert not StandarKompetensi.objects.filter(sumber="IMPOR").exists()


# --- assessments -------------------------------------------------------------------------------------------

ASESMEN_HEADER = [
    "NIP",
    "NAMA",
    "TANGGAL",
    "METODE",
    "PENYELENGGARA",
    "SKOR POTENSIAL",
    *MANAGERIAL,
    "T-KES-05",
]


def asesmen_rows(c: City) -> list[list[str]]:
    ones = ["1"] * len(MANAGERIAL)
    return [
        ASESMEN_HEADER,
        [
            c.staff.nip,
            "Staf",
            "01-03-2024",
            "Assessment Center",
            "UPT Penilaian Kompetensi",
            "72,5",
            *ones,
            "",
        ],
        [
            c.head.nip,
            "Kepala",
            "2024-06-10",
            "CACT",
            "",
            "",
            "4",
            "4",
            "3",
            "4",
            "4",
            "4",
            "4",
            "4",
            "4",
            "3",
        ],
        [c.pppk.nip, "Kontrak", "15-07-2024", "uji kompetensi", "", "120", *ones, ""],
        [OUTSIDER, "Orang Lain", "15-07-2024", "AC", "", "", *ones, ""],
        [c.staff.nip, "Staf", "01-03-2024", "psikotes", "", "", *ones, ""],
        [c.head.nip, "Kepala", "11-06-2024", "atasan", "", "", "7", *["3"] * 8, ""],
        [c.head.nip, "Kepala", "31-02-2024", "atasan", "", "", *ones, ""],
        [c.pppk.nip, "Kontrak", "01-08-2024", "atasan", "", "", *[""] * len(MANAGERIAL), ""],
        [c.pppk.nip, "Kontrak", "01-01-2099", "atasan", "", "", *ones, ""],
    ]


def levels(pegawai: Pegawai) -> dict[str, int]:
    return dict(
        NilaiKompetensi.objects.filter(asesmen__pegawai=pegawai).values_list("kompetensi__kode", "level")
    )


ASESMEN_ERRORS = [
    (4, "SKOR POTENSIAL", "120", "Expected a potential score from 0 to 100 with at most 2 decimals."),
    (5, "NIP", OUTSIDER, f"No employee of this agency has NIP {OUTSIDER}."),
    (6, "METODE", "psikotes", "Unknown method: use AC (assessment centre), CACT, Uji Kompetensi or Atasan."),
    (7, "M01", "7", "Expected a whole number from 1 to 5."),
    (8, "TANGGAL", "31-02-2024", "Not a valid date: use dd-mm-yyyy or yyyy-mm-dd."),
    (9, "(whole row)", "", "The row has no competency level: fill at least one competency column."),
    (10, "TANGGAL", "01-01-2099", "The assessment date is in the future."),
]


def test_asesmen_csv_creates_assessments_with_levels_and_reports_each_bad_row(
    city: City, tmp_path: Path
) -> None:
    path = write(tmp_path / "asesmen.csv", asesmen_rows(city))
    batch = kernel.import_file(jenis="asesmen", instansi=city.instansi, path=path)
    assert counts(batch) == ("DONE", 9, 2, 0, 0, 7)
    assert errors(batch) == ASESMEN_ERRORS
    staff = Asesmen.objects.get(pegawai=city.staff)
    assert (staff.tanggal, staff.metode, staff.penyelenggara, staff.skor_potensial, staff.berlaku_sampai) == (
        dt.date(2024, 3, 1),
        "AC",
        "UPT Penilaian Kompetensi",
        Decimal("72.50"),
        dt.date(2027, 3, 1),  # valid 3 years (reference setting)
    )
    assert levels(city.staff) == dict.fromkeys(MANAGERIAL, 1)  # blank T-KES-05: not measured
    head = Asesmen.objects.get(pegawai=city.head)
    assert (head.tanggal, head.metode, head.penyelenggara, head.skor_potensial) == (
        dt.date(2024, 6, 10),
        "CACT",
        "",
        None,
    )
    assert levels(city.head) == {**dict.fromkeys(MANAGERIAL, 4), "M03": 3, "T-KES-05": 3}
    assert not Asesmen.objects.filter(pegawai=city.pppk).exists()

    again = kernel.import_file(jenis="asesmen", instansi=city.instansi, path=path)
    assert counts(again) == ("DONE", 9, 0, 0, 2, 7)
    assert Asesmen.objects.count() == 2 and NilaiKompetensi.objects.count() == 19
    assert not PerubahanData.objects.exists()


def test_asesmen_reimport_with_a_changed_level_updates_it_and_keeps_what_blank_cells_leave(
    city: City, tmp_path: Path
) -> None:
    rows = asesmen_rows(city)[:2]
    kernel.import_file(jenis="asesmen", instansi=city.instansi, path=write(tmp_path / "a.csv", rows))
    changed = [*rows[1][:4], "", "", "2", *rows[1][7:-1], "3"]  # provider and score blank, M01 2, T-KES-05 3
    batch = kernel.import_file(
        jenis="asesmen", instansi=city.instansi, path=write(tmp_path / "b.csv", [rows[0], changed])
    )
    assert counts(batch) == ("DONE", 1, 0, 1, 0, 0)
    asesmen = Asesmen.objects.get()
    assert (asesmen.penyelenggara, asesmen.skor_potensial) == ("UPT Penilaian Kompetensi", Decimal("72.50"))
    assert levels(city.staff) == {**dict.fromkeys(MANAGERIAL, 1), "M01": 2, "T-KES-05": 3}
    assert sorted(batch.perubahan.values_list("pegawai__nip", "kolom", "sebelum", "sesudah")) == [
        (city.staff.nip, f"asesmen[{asesmen.pk}].M01", "1", "2"),
        (city.staff.nip, f"asesmen[{asesmen.pk}].T-KES-05", "", "3"),
    ]


def test_asesmen_xlsx_with_date_cells_spreadsheet_day_numbers_and_competency_names(
    city: City, tmp_path: Path
) -> None:
    serial = (dt.date(2024, 6, 10) - dt.date(1899, 12, 30)).days
    path = xlsx(
        tmp_path / "asesmen.xlsx",
        [
            ["NIP BARU", "TANGGAL ASESMEN", "METODE", "SKOR POTENSIAL", "Integritas", "Kerja Sama", "SK01"],
            [city.staff.nip, dt.date(2024, 3, 1), "AC", 81, 2, 3, 2],
            [city.head.nip, serial, "Uji Kompetensi", 64.25, 4, None, 4],
            [city.pppk.nip, "2024-07-15", "AC", None, 0, 2, 2],
        ],
    )
    batch = kernel.import_file(jenis="asesmen", instansi=city.instansi, path=path)
    assert counts(batch) == ("DONE", 3, 2, 0, 0, 1)
    assert errors(batch) == [(4, "Integritas", "0", "Expected a whole number from 1 to 5.")]
    assert sorted(Asesmen.objects.values_list("pegawai__nama", "tanggal", "metode", "skor_potensial")) == [
        ("Kepala", dt.date(2024, 6, 10), "UJIKOM", Decimal("64.25")),
        ("Staf", dt.date(2024, 3, 1), "AC", Decimal("81.00")),
    ]
    assert levels(city.staff) == {"M01": 2, "M02": 3, "SK01": 2}
    assert levels(city.head) == {"M01": 4, "SK01": 4}


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (
            ["NIP", "TANGGAL", "METODE", "M01", "M09", "T-XYZ-01"],
            "These columns look like competency codes but no competency has them: M09, T-XYZ-01.",
        ),
        (
            ["NIP", "TANGGAL", "METODE", "M01", "Integritas"],
            "These columns hold the same competency: M01 / Integritas.",
        ),
        (
            ["NIP", "TANGGAL", "METODE", "NAMA"],
            "No competency column found: head one column per competency with its code (e.g. M01, SK01, "
            "T-KES-02). Columns found: NIP, TANGGAL, METODE, NAMA.",
        ),
        (["NIP", "M01"], "Required column(s) missing: TANGGAL, METODE. Columns found: NIP, M01."),
    ],
)
def test_asesmen_file_level_problems_fail_the_file(
    city: City, tmp_path: Path, columns: list[str], message: str
) -> None:
    path = write(
        tmp_path / "a.csv", [columns, [city.staff.nip, "01-03-2024", "AC", "2", "2", "2"][: len(columns)]]
    )
    batch = kernel.import_file(jenis="asesmen", instansi=city.instansi, path=path)
    assert (batch.status, batch.pesan) == ("FAILED", message)
    assert not Asesmen.objects.exists()


# --- SKP (rw_skp22) ----------------------------------------------------------------------------------------

SKP_HEADER = [
    "nipBaru",
    "tahun",
    "hasilKinerja",
    "perilakuKerja",
    "kuadranKinerja",
    "nipNrpPenilai",
    "namaPenilai",
]


def skp_rows(c: City) -> list[list[str]]:
    return [
        SKP_HEADER,
        [
            c.staff.nip,
            "2024",
            "DIBAWAH EKSPEKTASI",
            "Sesuai Ekspektasi",
            "BUTUH PERBAIKAN",
            c.head.nip,
            "Kepala",
        ],
        [c.head.nip, "2024", "DIATAS EKSPEKTASI", "DIATAS EKSPEKTASI", "", "", ""],
        [c.pppk.nip, "2024", "1", "3", "BAIK", "", ""],
        [c.staff.nip, "2023", "SESUAI", "SESUAI", "Baik", "", ""],
        [c.head.nip, "2021", "SESUAI EKSPEKTASI", "SESUAI EKSPEKTASI", "", "", ""],
        [c.pppk.nip, "2023", "luar biasa", "Sesuai Ekspektasi", "", "", ""],
        [OUTSIDER, "2024", "SESUAI EKSPEKTASI", "SESUAI EKSPEKTASI", "", "", ""],
    ]


SKP_ERRORS = [
    (
        4,
        "kuadranKinerja",
        "BAIK",
        "The file's predikat Good disagrees with the SKP matrix: work results Above expectations and behaviour "
        "Below expectations give Poor / misconduct. The row was not imported; correct the file.",
    ),
    (6, "tahun", "2021", "No SKP predikat matrix is in force for 2021."),
    (
        7,
        "hasilKinerja",
        "luar biasa",
        "Unknown rating: use Di Atas Ekspektasi, Sesuai Ekspektasi or Di Bawah Ekspektasi (or 1, 2, 3).",
    ),
    (8, "nipBaru", OUTSIDER, f"No employee of this agency has NIP {OUTSIDER}."),
]


def test_skp_rw_skp22_upserts_ratings_with_the_matrix_predikat_and_reports_a_kuadran_mismatch(
    city: City, tmp_path: Path
) -> None:
    path = write(tmp_path / "skp.csv", skp_rows(city), delimiter=",")
    batch = kernel.import_file(jenis="skp", instansi=city.instansi, path=path)
    assert counts(batch) == ("DONE", 7, 3, 0, 0, 4)
    assert errors(batch) == SKP_ERRORS
    assert sorted(
        Kinerja.objects.values_list(
            "pegawai__nama",
            "tahun",
            "hasil_kerja",
            "perilaku_kerja",
            "predikat",
            "penilai_nip",
            "penilai_nama",
        )
    ) == [
        ("Kepala", 2024, "DI_ATAS", "DI_ATAS", "SANGAT_BAIK", "", ""),
        ("Staf", 2023, "SESUAI", "SESUAI", "BAIK", "", ""),
        ("Staf", 2024, "DI_BAWAH", "SESUAI", "BUTUH_PERBAIKAN", city.head.nip, "Kepala"),
    ]

    again = kernel.import_file(jenis="skp", instansi=city.instansi, path=path)
    assert counts(again) == ("DONE", 7, 0, 0, 3, 4)

    rows = skp_rows(city)
    rows[1] = [city.staff.nip, "2024", "DIBAWAH EKSPEKTASI", "DIATAS EKSPEKTASI", "BUTUH PERBAIKAN", "", ""]
    changed = kernel.import_file(
        jenis="skp", instansi=city.instansi, path=write(tmp_path / "skp2.csv", rows[:2], delimiter=",")
    )
    assert counts(changed) == ("DONE", 1, 0, 1, 0, 0)
    assert list(changed.perubahan.values_list("kolom", "sebelum", "sesudah")) == [
        ("skp[2024].perilaku_kerja", "SESUAI", "DI_ATAS")
    ]
    kept = Kinerja.objects.get(pegawai=city.staff, tahun=2024)
    assert (kept.predikat, kept.penilai_nip, kept.penilai_nama) == (
        "BUTUH_PERBAIKAN",
        city.head.nip,
        "Kepala",
    )


def test_the_import_command_takes_the_new_kinds(city: City, tmp_path: Path) -> None:
    out = io.StringIO()
    path = write(tmp_path / "skp.csv", skp_rows(city), delimiter=",")
    call_command("import", "skp", str(path), "--lang", "en", stdout=out)
    batch = ImportBatch.objects.get()
    assert batch.jenis == ImportBatch.Jenis.SKP
    assert out.getvalue().splitlines() == [
        f"Batch {batch.pk} (skp.csv): 7 rows, 3 created, 0 updated, 0 unchanged, 4 with errors.",
        *(f'line {b}, {k} "{n}": {p}' for b, k, n, p in SKP_ERRORS),
    ]
    out = io.StringIO()
    call_command(
        "import", "skj", str(write(tmp_path / "skj.csv", SKJ_ROWS)), "--dry-run", "--lang", "en", stdout=out
    )
    assert "9 rows, 1 created, 3 updated, 0 unchanged, 5 with errors." in out.getvalue()
    assert "Dry run: nothing was saved." in out.getvalue()
    assert not StandarKompetensi.objects.filter(sumber="IMPOR").exists()


def test_an_uploaded_file_of_a_new_kind_runs_through_the_queued_batch(city: City, tmp_path: Path) -> None:
    """The web upload stores the file and runs it as a batch: the kind decides the parser."""
    source = write(tmp_path / "asesmen.csv", asesmen_rows(city))
    batch = services.import_start(
        jenis=ImportBatch.Jenis.ASESMEN,
        instansi=city.instansi,
        source=source,
        filename="asesmen.csv",
        by=None,
    )
    assert counts(batch) == ("DONE", 9, 2, 0, 0, 7)
    assert ImportRowError.objects.filter(batch=batch).count() == 7


# --- the parsers on their own ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("DIATAS EKSPEKTASI", "DI_ATAS"),
        ("Di Atas Ekspektasi", "DI_ATAS"),
        ("DI_ATAS", "DI_ATAS"),
        ("1", "DI_ATAS"),
        ("Sesuai Ekspektasi", "SESUAI"),
        ("memenuhi ekspektasi", "SESUAI"),
        ("2", "SESUAI"),
        ("DIBAWAH EKSPEKTASI", "DI_BAWAH"),
        ("Di Bawah Ekspektasi", "DI_BAWAH"),
        ("3", "DI_BAWAH"),
        ("4", None),
        ("Luar Biasa", None),
    ],
)
def test_ratings(text: str, rating: str | None) -> None:
    assert skp_parsers.parse_rating(text) == rating


@pytest.mark.parametrize(
    ("text", "predikat"),
    [
        ("SANGAT BAIK", "SANGAT_BAIK"),
        ("Baik", "BAIK"),
        ("Butuh Perbaikan", "BUTUH_PERBAIKAN"),
        ("Kurang/Misconduct", "KURANG"),
        ("KURANG", "KURANG"),
        ("Sangat Kurang", "SANGAT_KURANG"),
        ("5", "SANGAT_KURANG"),
        ("Cukup", None),
    ],
)
def test_predikat_names_and_codes(text: str, predikat: str | None) -> None:
    assert skp_parsers.parse_predikat(text) == predikat


@pytest.mark.parametrize(
    ("text", "metode"),
    [
        ("AC", "AC"),
        ("Assessment Centre", "AC"),
        ("assessment center", "AC"),
        ("CACT", "CACT"),
        ("Uji Kompetensi", "UJIKOM"),
        ("UJIKOM", "UJIKOM"),
        ("Atasan", "ATASAN"),
        ("Penilaian Atasan", "ATASAN"),
        ("Psikotes", None),
    ],
)
def test_assessment_methods(text: str, metode: str | None) -> None:
    assert cp.parse_metode(text) == metode


# PermenPANRB 6/2022 (DOMAIN.md §5), as the services read it from the reference table.
MATRIX = {
    ("DI_ATAS", "DI_BAWAH"): "KURANG",
    ("DI_ATAS", "SESUAI"): "BAIK",
    ("DI_ATAS", "DI_ATAS"): "SANGAT_BAIK",
    ("SESUAI", "DI_BAWAH"): "KURANG",
    ("SESUAI", "SESUAI"): "BAIK",
    ("SESUAI", "DI_ATAS"): "BAIK",
    ("DI_BAWAH", "DI_BAWAH"): "SANGAT_KURANG",
    ("DI_BAWAH", "SESUAI"): "BUTUH_PERBAIKAN",
    ("DI_BAWAH", "DI_ATAS"): "BUTUH_PERBAIKAN",
}


def nip(n: int) -> str:
    return people_domain.make_nip(
        tanggal_lahir=dt.date(1980, 1, n), tmt=dt.date(2005, 1, 1), jenis_kelamin="P", urut=n
    )


def test_skp_codes_beside_names_must_agree_and_conflicting_years_are_rejected() -> None:
    csv = "\n".join(
        [
            "nipBaru,tahun,hasilKinerja,hasilKinerjaNilai,perilakuKerja,PerilakuKerjaNilai,KuadranKinerjaNilai",
            f"{nip(1)},2024,Sesuai Ekspektasi,2,,3,4",  # SESUAI x DI_BAWAH = KURANG (4)
            f"{nip(2)},2024,Sesuai Ekspektasi,1,Sesuai Ekspektasi,,",
            f"{nip(3)},2024,,3,,1,2",  # DI_BAWAH x DI_ATAS = BUTUH_PERBAIKAN (3), not BAIK (2)
            f"{nip(4)},2024,,2,,2,",
            f"{nip(4)},2024,,2,,1,",
            f"{nip(5)},2099,,2,,2,",
        ]
    )
    parsed = skp_parsers.parse_kinerja(
        read_table(csv.encode(), "skp.csv"),
        predikat_of=lambda hk, pk, _tahun: MATRIX.get((hk, pk)),
        today=dt.date(2025, 1, 15),
    )
    assert [(r.nip, r.hasil_kerja, r.perilaku_kerja, r.predikat) for r in parsed.rows] == [
        (nip(1), "SESUAI", "DI_BAWAH", "KURANG")
    ]
    conflict = "The SKP 2024 of NIP {} appears on lines 5, 6 with different data; none of them was imported."
    assert [(e.baris, e.kolom, e.nilai, e.pesan) for e in parsed.errors] == [
        (3, "hasilKinerjaNilai", "1", "This code disagrees with the column hasilKinerja."),
        (
            4,
            "KuadranKinerjaNilai",
            "2",
            "The file's predikat BAIK disagrees with the SKP matrix: work results DI_BAWAH and behaviour "
            "DI_ATAS give BUTUH_PERBAIKAN. The row was not imported; correct the file.",
        ),
        (5, "tahun", "2024", conflict.format(nip(4))),
        (6, "tahun", "2024", conflict.format(nip(4))),
        (7, "tahun", "2099", "The year is in the future."),
    ]


def test_competency_lookups_keep_repeated_unit_names_apart() -> None:
    lookups = cp.build_competency_lookups(
        kompetensi=[(1, "M01", "Integritas", True), (2, "T-OLD-01", "Usang", False)],
        units=[(10, "KEC-A", "Seksi Pelayanan"), (11, "KEC-B", "Seksi Pelayanan")],
        jabatan=[(100, 10, "Kepala Seksi Pelayanan"), (101, 11, "Kepala Seksi Pelayanan")],
    )
    csv = "\n".join(
        [
            "JABATAN;UNIT;KODE KOMPETENSI;LEVEL",
            "Kepala Seksi Pelayanan;Seksi Pelayanan;M01;2",
            "Kepala Seksi Pelayanan;kec-b;M01;2",
            "Kepala Seksi Pelayanan;KEC-A;T-OLD-01;2",
        ]
    )
    parsed = cp.parse_standar(read_table(csv.encode(), "skj.csv"), lookups)
    assert [(r.jabatan_id, r.kompetensi_id, r.level) for r in parsed.rows] == [(101, 1, 2)]
    assert [(e.baris, e.kolom, e.pesan) for e in parsed.errors] == [
        (2, "UNIT", "2 work units have this name: give the unit's code instead."),
        (4, "KODE KOMPETENSI", "Competency T-OLD-01 is no longer active in the dictionary."),
    ]


def test_a_file_without_the_required_skp_columns_is_refused() -> None:
    with pytest.raises(ImportFileError) as caught:
        skp_parsers.parse_kinerja(
            read_table(b"nipBaru,tahun,hasilKinerja\n1,2024,1\n", "skp.csv"),
            predikat_of=lambda hk, pk, _tahun: None,
            today=dt.date(2025, 1, 1),
        )
    assert str(caught.value) == (
        "Required column(s) missing: perilakuKerja / PerilakuKerjaNilai. Columns found: nipBaru, tahun, hasilKinerja."
    )


# --- end to end: imported data -> needs ----------------------------------------------------------------------


def test_needs_analysis_on_imported_standards_assessments_and_skp(city: City, tmp_path: Path) -> None:
    skj = write(
        tmp_path / "skj.csv",
        [["JABATAN", "UNIT", "KODE KOMPETENSI", "LEVEL"], ["Pengadministrasi Umum", "DINKES", "M01", "3"]],
    )
    asesmen = write(
        tmp_path / "asesmen.csv",
        [
            ASESMEN_HEADER[:6] + list(MANAGERIAL),
            [city.staff.nip, "Staf", "01-03-2024", "AC", "", "70", *["1"] * 9],
        ],
    )
    skp = write(
        tmp_path / "skp.csv",
        [SKP_HEADER[:4], [city.staff.nip, "2024", "DIBAWAH EKSPEKTASI", "SESUAI EKSPEKTASI"]],
        delimiter=",",
    )
    for jenis, path in (("skj", skj), ("asesmen", asesmen), ("skp", skp)):
        batch = kernel.import_file(jenis=jenis, instansi=city.instansi, path=path)
        assert (batch.status, batch.jumlah_baru + batch.jumlah_diubah, batch.jumlah_galat) == ("DONE", 1, 0)

    summary = needs_analyse(instansi=city.instansi, tahun=2027)
    assert (summary.employees, summary.unassessed) == (3, 2)
    needs = sorted(
        Kebutuhan.objects.values_list(
            "pegawai__nama", "sumber", "kompetensi__kode", "level_saat_ini", "level_target", "gap"
        ),
        key=str,
    )
    assert needs == [
        ("Staf", "GAP", "M01", 1, 3, 2),  # the imported standard 3 against the assessed 1
        ("Staf", "KINERJA", None, None, None, 1),  # SKP 2024: Butuh Perbaikan
    ]
    gap = Kebutuhan.objects.get(sumber="GAP")
    assert "gap of 2 level(s) in Integritas against the position standard" in gap.alasan
    assert Kompetensi.objects.get(kode="M01").pk == gap.kompetensi_id
