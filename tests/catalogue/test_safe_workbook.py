"""The catalogue workbook carries no live formula (issue 9), and its import is an import batch of the kernel."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from sibina import sheets
from sibina.audit.models import AuditEvent
from sibina.catalogue.models import Kegiatan
from sibina.catalogue.xlsx import HEADERS, SHEET, catalogue_export
from sibina.catalogue.xlsx_import import catalogue_import
from sibina.imports.models import ImportBatch
from sibina.imports.readers import ImportFileError
from sibina.people.models import Instansi
from tests.catalogue.test_xlsx import sheet_rows, with_cells, workbook
from tests.test_sheets import PAYLOADS, as_read_back

pytestmark = pytest.mark.django_db


def test_text_that_looks_like_a_formula_is_exported_as_text(
    binjai: Instansi, catalogue: list[Kegiatan]
) -> None:
    chosen = catalogue[: len(PAYLOADS)]
    for kegiatan, payload in zip(chosen, PAYLOADS, strict=True):
        Kegiatan.objects.filter(pk=kegiatan.pk).update(penyelenggara=payload, deskripsi=payload)
    wb = load_workbook(io.BytesIO(catalogue_export(instansi=binjai)))
    assert [c.data_type for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"] == []
    by_code = {row[0].value: row for row in wb[SHEET].iter_rows(min_row=2)}
    for kegiatan, payload in zip(chosen, PAYLOADS, strict=True):
        for name in ("penyelenggara", "deskripsi"):
            cell = by_code[kegiatan.kode][HEADERS.index(name)]
            assert (cell.value, cell.data_type) == (as_read_back(payload), "s")
    costs = [row[HEADERS.index("biaya_per_peserta")] for row in by_code.values()]
    assert {c.data_type for c in costs} == {"n"}  # numbers stay numbers


def test_the_import_is_a_batch_with_its_counts_and_one_audit_event(
    binjai: Instansi, catalogue: list[Kegiatan]
) -> None:
    header, *rows = sheet_rows(catalogue_export(instansi=binjai))
    data = workbook([header, with_cells(rows[0], kode="NEW-1"), with_cells(rows[1], bentuk="KL99")])
    result = catalogue_import(instansi=binjai, data=data, filename="katalog.xlsx")
    batch = ImportBatch.objects.get()
    assert (batch.jenis, batch.nama_file, batch.status, batch.dry_run) == (
        "KATALOG",
        "katalog.xlsx",
        "DONE",
        False,
    )
    assert (batch.jumlah_baris, batch.jumlah_baru, batch.jumlah_diubah, batch.jumlah_galat) == (2, 1, 0, 1)
    assert list(batch.errors.values_list("baris", "kolom", "nilai")) == [(3, "bentuk", "KL99")]
    assert (result.rows, result.created, result.rows_with_errors) == (2, 1, 1)
    assert AuditEvent.objects.filter(aksi="import.apply", objek_id=str(batch.pk)).count() == 1


def test_a_refused_file_is_a_failed_batch_and_changes_nothing(
    binjai: Instansi, catalogue: list[Kegiatan]
) -> None:
    before = Kegiatan.objects.count()
    with pytest.raises(ImportFileError, match="Required columns are missing"):
        catalogue_import(instansi=binjai, data=workbook([["kode"], ["X-1"]]))
    batch = ImportBatch.objects.get()
    assert (batch.jenis, batch.status, batch.jumlah_baru) == ("KATALOG", "FAILED", 0)
    assert Kegiatan.objects.count() == before


def test_the_command_line_errors_csv_defuses_formulas(
    binjai: Instansi, catalogue: list[Kegiatan], tmp_path: Path
) -> None:
    header, *rows = sheet_rows(catalogue_export(instansi=binjai))
    bad = tmp_path / "bad.xlsx"
    wb = Workbook()  # written as text: openpyxl's own append would store "=…" as a formula
    ws = sheets.xlsx_sheet(wb, SHEET, first=True)
    for row in [header, *(with_cells(r, bentuk=p) for r, p in zip(rows, PAYLOADS, strict=False))]:
        sheets.xlsx_append(ws, row)
    bad.write_bytes(sheets.xlsx_bytes(wb))
    out = tmp_path / "galat.csv"
    call_command(
        "catalogue", "import", str(bad), "--errors-csv", str(out), "--lang", "en", stdout=io.StringIO()
    )
    written = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8"), newline="")))
    assert written[0] == ["baris", "kolom", "nilai", "pesan"]
    # The catalogue reads a cell stripped of surrounding whitespace: "\t=1+1" is reported as "=1+1".
    assert [r[2] for r in written[1:]] == ["'" + as_read_back(p).strip() for p in PAYLOADS]
    assert ImportBatch.objects.get().jumlah_galat == len(PAYLOADS)
