"""The catalogue as XLSX: export, import back (round trip), bad rows, dry run, the command line."""

from __future__ import annotations

import io
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from sibina.catalogue.models import AturanWajib, Kegiatan, KegiatanKompetensi
from sibina.catalogue.xlsx import (
    COLUMNS,
    HEADERS,
    HELP_SHEET,
    SHEET,
    CellError,
    catalogue_export,
)
from sibina.catalogue.xlsx_import import catalogue_import
from sibina.imports.readers import ImportFileError
from sibina.people.models import Instansi, UnitKerja

pytestmark = pytest.mark.django_db


def snapshot(instansi: Instansi) -> list[tuple[object, ...]]:
    """Everything about an instansi's catalogue except row ids, read straight from the tables."""
    fields = [f.name for f in Kegiatan._meta.concrete_fields if f.name not in ("id", "instansi", "bentuk")]
    rows = []
    for k in Kegiatan.objects.filter(instansi=instansi).select_related("bentuk").order_by("kode"):
        rows.append(
            (
                *(getattr(k, name) for name in fields),
                k.bentuk.kode,
                sorted(
                    KegiatanKompetensi.objects.filter(kegiatan=k).values_list(
                        "kompetensi__kode", "kenaikan_level"
                    )
                ),
                sorted(k.tingkat_jabatan.values_list("kode", flat=True)),
                sorted(k.prasyarat.values_list("kode", flat=True)),
                sorted(AturanWajib.objects.filter(kegiatan=k).values_list("sasaran", "aktif", "dasar")),
            )
        )
    return rows


def sheet_rows(data: bytes) -> list[list[object]]:
    ws = load_workbook(io.BytesIO(data))[SHEET]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def workbook(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def with_cells(row: list[object], **cells: object) -> list[object]:
    changed = list(row)
    for name, value in cells.items():
        changed[HEADERS.index(name)] = value
    return changed


def test_export_lists_every_activity_and_explains_every_column(
    binjai: Instansi, catalogue: list[Kegiatan]
) -> None:
    data = catalogue_export(instansi=binjai)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == [SHEET, HELP_SHEET]
    rows = sheet_rows(data)
    assert tuple(rows[0]) == HEADERS
    assert [r[0] for r in rows[1:]] == [k.kode for k in catalogue]
    latsar = rows[1:][[k.kode for k in catalogue].index("DAS-LATSAR3")]
    assert latsar[HEADERS.index("wajib")] == "CPNS"
    assert latsar[HEADERS.index("jenis_asn")] == "CPNS"
    assert latsar[HEADERS.index("kompetensi")] == "M01:+1; M05:+1; SK01:+1"
    integrity = rows[1:][[k.kode for k in catalogue].index("INT-01")]
    assert integrity[HEADERS.index("wajib")] == "GARIS_DEPAN:nonaktif"
    advanced = rows[1:][[k.kode for k in catalogue].index("TIK-02")]
    assert advanced[HEADERS.index("prasyarat")] == "TIK-01"
    help_rows = list(wb[HELP_SHEET].iter_rows(values_only=True))
    assert help_rows[0] == ("kolom", "wajib diisi", "keterangan", "contoh")
    assert [r[0] for r in help_rows[1:]] == [c.name for c in COLUMNS]
    assert all(r[2] for r in help_rows[1:])


def test_round_trip_into_another_agency_gives_the_identical_catalogue(
    binjai: Instansi, catalogue: list[Kegiatan]
) -> None:
    other = Instansi.objects.create(kode="1271", nama="Pemerintah Kota Medan", jenis="KOTA")
    for unit in UnitKerja.objects.filter(instansi=binjai, parent__isnull=True):  # audiences name OPD codes
        UnitKerja.objects.create(instansi=other, kode=unit.kode, nama=unit.nama, jenis=unit.jenis)
    result = catalogue_import(instansi=other, data=catalogue_export(instansi=binjai), filename="k.xlsx")
    assert (result.errors, result.created, result.updated, result.unchanged) == ([], len(catalogue), 0, 0)
    assert snapshot(other) == snapshot(binjai)
    assert sheet_rows(catalogue_export(instansi=other)) == sheet_rows(catalogue_export(instansi=binjai))


def test_reimporting_the_export_changes_nothing(binjai: Instansi, catalogue: list[Kegiatan]) -> None:
    before = snapshot(binjai)
    result = catalogue_import(instansi=binjai, data=catalogue_export(instansi=binjai))
    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 0, len(catalogue))
    assert snapshot(binjai) == before


def test_changed_cells_update_the_activity_and_jp_follows_the_rule(
    binjai: Instansi, catalogue: list[Kegiatan]
) -> None:
    header, *rows = sheet_rows(catalogue_export(instansi=binjai))
    by_code = {r[0]: r for r in rows}
    workshop = with_cells(by_code["PEN-07"], hari=3, jp=99, kompetensi="T-PEN-03:+2")  # KL07: 5 JP a day
    course = with_cells(by_code["KEU-01"], biaya_per_peserta="Rp 4.100.000", triwulan="4; 2")
    result = catalogue_import(instansi=binjai, data=workbook([header, workshop, course]))
    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 2, 0)
    pen07 = Kegiatan.objects.get(instansi=binjai, kode="PEN-07")
    assert (pen07.hari, pen07.jp) == (3, Decimal("15.00"))
    assert list(pen07.kompetensi.values_list("kompetensi__kode", "kenaikan_level")) == [("T-PEN-03", 2)]
    keu01 = Kegiatan.objects.get(instansi=binjai, kode="KEU-01")
    assert (keu01.biaya_per_peserta, keu01.triwulan) == (Decimal(4_100_000), [2, 4])


def test_columns_left_out_keep_their_values(binjai: Instansi, catalogue: list[Kegiatan]) -> None:
    before = Kegiatan.objects.get(instansi=binjai, kode="TIK-02")
    gains = sorted(before.kompetensi.values_list("kompetensi__kode", "kenaikan_level"))
    rows: list[list[object]] = [
        ["kode", "judul", "bentuk", "jenis_penyelenggara", "penyelenggara", "kapasitas_kelas"],
        ["TIK-02", "Pelatihan Pengembangan Aplikasi Web Lanjutan", "KL03", "OPD", before.penyelenggara, 20],
    ]
    result = catalogue_import(instansi=binjai, data=workbook(rows))
    assert (result.errors, result.updated) == ([], 1)
    after = Kegiatan.objects.get(instansi=binjai, kode="TIK-02")
    assert after.judul == "Pelatihan Pengembangan Aplikasi Web Lanjutan"
    assert (after.biaya_per_kelas, after.min_peserta, after.jp) == (before.biaya_per_kelas, 10, before.jp)
    assert sorted(after.kompetensi.values_list("kompetensi__kode", "kenaikan_level")) == gains
    assert list(after.prasyarat.values_list("kode", flat=True)) == ["TIK-01"]


def test_bad_rows_are_reported_by_line_and_column_and_the_good_rows_imported(
    binjai: Instansi, catalogue: list[Kegiatan]
) -> None:
    header, *rows = sheet_rows(catalogue_export(instansi=binjai))
    base = {r[0]: r for r in rows}["KEU-01"]
    data = workbook(
        [
            header,
            with_cells(base, kode="NEW-01"),
            with_cells(base, kode="BAD-BENTUK", bentuk="KL99"),
            with_cells(base, kode="BAD-MIN", kapasitas_kelas=20, min_peserta=50),
            with_cells(base, kode="BAD-KOMP", kompetensi="T-KEU-01:+2; T-XXX-99:+1"),
            with_cells(base, kode="BAD-BIAYA", biaya_per_peserta=-1_500_000),
            with_cells(base, kode="NEW-02", prasyarat="NEW-01"),
            with_cells(base, kode="BAD-PRASYARAT", prasyarat="BAD-MIN"),
            with_cells(base, kode="NEW-01"),
        ]
    )
    result = catalogue_import(instansi=binjai, data=data)
    assert result.errors == [
        CellError(3, "bentuk", "KL99", "Unknown development form code; expected KL01–KL12 or NKL01–NKL13."),
        CellError(4, "min_peserta", "50", "The minimum class size (50) is larger than the class size (20)."),
        CellError(5, "kompetensi", "T-KEU-01:+2; T-XXX-99:+1", "Unknown competency code T-XXX-99."),
        CellError(6, "biaya_per_peserta", "-1500000", "A cost cannot be negative."),
        CellError(8, "prasyarat", "BAD-MIN", "Unknown prerequisite activity: BAD-MIN."),
        CellError(9, "kode", "NEW-01", "This code already appears on line 2."),
    ]
    assert (result.rows, result.created, result.updated, result.rows_with_errors) == (8, 2, 0, 6)
    codes = set(Kegiatan.objects.filter(instansi=binjai).values_list("kode", flat=True))
    assert {"NEW-01", "NEW-02"} <= codes
    assert not codes & {"BAD-BENTUK", "BAD-MIN", "BAD-KOMP", "BAD-BIAYA", "BAD-PRASYARAT"}
    new02 = Kegiatan.objects.get(instansi=binjai, kode="NEW-02")
    assert list(new02.prasyarat.values_list("kode", flat=True)) == ["NEW-01"]


def test_a_program_form_without_program_jp_is_an_error_on_that_cell(
    binjai: Instansi, catalogue: list[Kegiatan]
) -> None:
    header, *rows = sheet_rows(catalogue_export(instansi=binjai))
    base = {r[0]: r for r in rows}["KEU-01"]
    result = catalogue_import(
        instansi=binjai, data=workbook([header, with_cells(base, kode="X-1", jp_program="")])
    )
    assert result.errors == [
        CellError(2, "jp_program", "", "This form counts the program's own JP: fill in jp_program.")
    ]
    assert result.created == 0
    assert not Kegiatan.objects.filter(kode="X-1").exists()


def test_dry_run_reports_like_a_real_run_and_writes_nothing(
    binjai: Instansi, catalogue: list[Kegiatan]
) -> None:
    header, *rows = sheet_rows(catalogue_export(instansi=binjai))
    by_code = {r[0]: r for r in rows}
    data = workbook(
        [
            header,
            with_cells(by_code["KEU-01"], kode="NEW-01"),
            with_cells(by_code["KEU-02"], biaya_per_peserta=1),
            with_cells(by_code["KEU-03"], bentuk="XX"),
        ]
    )
    before = snapshot(binjai)
    dry = catalogue_import(instansi=binjai, data=data, dry_run=True)
    assert (dry.dry_run, dry.created, dry.updated, dry.unchanged, dry.rows_with_errors) == (True, 1, 1, 0, 1)
    assert snapshot(binjai) == before
    real = catalogue_import(instansi=binjai, data=data)
    assert (real.created, real.updated, real.errors) == (dry.created, dry.updated, dry.errors)
    assert snapshot(binjai) != before


def test_a_file_without_a_required_column_is_refused_whole(
    binjai: Instansi, catalogue: list[Kegiatan]
) -> None:
    data = workbook([["kode", "judul", "bentuk"], ["X-1", "Judul", "KL03"]])
    with pytest.raises(ImportFileError, match="jenis_penyelenggara, kapasitas_kelas, penyelenggara"):
        catalogue_import(instansi=binjai, data=data)
    assert not Kegiatan.objects.filter(kode="X-1").exists()


def test_command_exports_then_dry_runs_an_import_with_an_errors_csv(
    binjai: Instansi, catalogue: list[Kegiatan], tmp_path: Path
) -> None:
    path = tmp_path / "katalog.xlsx"
    out = StringIO()
    call_command("catalogue", "export", "--output", str(path), "--lang", "en", stdout=out)
    assert out.getvalue() == f"{len(catalogue)} activities of {binjai.nama} written to {path}.\n"
    header, *rows = sheet_rows(path.read_bytes())
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([header, with_cells(rows[0], kode="NEW-9"), with_cells(rows[1], bentuk="KL99")]))
    errors_csv = tmp_path / "errors.csv"
    out = StringIO()
    call_command(
        "catalogue",
        "import",
        str(bad),
        "--dry-run",
        "--errors-csv",
        str(errors_csv),
        "--lang",
        "en",
        stdout=out,
    )
    assert out.getvalue().splitlines() == [
        "bad.xlsx: 2 rows, 1 created, 0 updated, 0 unchanged, 1 with errors.",
        "Dry run: nothing was saved.",
        'line 3, bentuk "KL99": Unknown development form code; expected KL01–KL12 or NKL01–NKL13.',
        f"Row errors written to {errors_csv}.",
    ]
    assert errors_csv.read_text(encoding="utf-8").splitlines() == [
        "baris,kolom,nilai,pesan",
        "3,bentuk,KL99,Unknown development form code; expected KL01–KL12 or NKL01–NKL13.",
    ]
    assert not Kegiatan.objects.filter(kode="NEW-9").exists()
    with pytest.raises(CommandError, match="File not found"):
        call_command("catalogue", "import", str(tmp_path / "missing.xlsx"), "--lang", "en")


def test_the_target_audience_round_trips_and_unknown_values_are_cell_errors(
    binjai: Instansi, catalogue: list[Kegiatan]
) -> None:
    header, *rows = sheet_rows(catalogue_export(instansi=binjai))
    by_code = {r[0]: r for r in rows}
    assert by_code["KES-05"][HEADERS.index("sasaran_rumpun")] == "KESEHATAN"
    assert by_code["KES-05"][HEADERS.index("sasaran_jenis_unit")] == "PUSKESMAS"
    assert by_code["KEU-PB"][HEADERS.index("sasaran_opd")] == "BPKPAD"
    assert by_code["COA-01"][HEADERS.index("oleh_atasan")] == "YA"
    data = workbook(
        [
            header,
            with_cells(
                by_code["KEU-01"],
                sasaran_rumpun="kesehatan; Pendidikan",
                sasaran_jenis_unit="puskesmas",
                sasaran_jabatan="Perawat ;  Bidan  Ahli",
                sasaran_opd="dinkes",
                oleh_atasan="YA",
            ),
            with_cells(by_code["KEU-02"], sasaran_rumpun="DOKTER"),
            with_cells(by_code["KEU-03"], sasaran_jenis_unit="PASAR"),
            with_cells(by_code["KEU-04"], sasaran_opd="DINKES; NOPE"),
        ]
    )
    result = catalogue_import(instansi=binjai, data=data)
    assert [(e.baris, e.kolom, e.nilai) for e in result.errors] == [
        (3, "sasaran_rumpun", "DOKTER"),
        (4, "sasaran_jenis_unit", "PASAR"),
        (5, "sasaran_opd", "DINKES; NOPE"),
    ]
    assert result.errors[0].pesan == "Unknown job family code: DOKTER."
    assert result.errors[2].pesan == "Unknown OPD code(s): NOPE."
    assert result.updated == 1
    keu01 = Kegiatan.objects.get(instansi=binjai, kode="KEU-01")
    assert (
        keu01.sasaran_rumpun,
        keu01.sasaran_jenis_unit,
        keu01.sasaran_jabatan,
        keu01.sasaran_opd,
        keu01.oleh_atasan,
    ) == (["KESEHATAN", "PENDIDIKAN"], ["PUSKESMAS"], ["Perawat", "Bidan Ahli"], ["DINKES"], True)
    assert Kegiatan.objects.get(instansi=binjai, kode="KEU-02").sasaran_rumpun == [
        "ADMINISTRASI",
        "STRUKTURAL",
    ]
    before = snapshot(binjai)
    again = catalogue_import(instansi=binjai, data=catalogue_export(instansi=binjai))
    assert (again.errors, again.updated) == ([], 0)
    assert snapshot(binjai) == before
