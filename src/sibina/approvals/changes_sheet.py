"""The change list as a spreadsheet: the same filtered rows as the page (all of them, not one page), with the NIP
and the activity code, written by the one formula-safe writer (:mod:`sibina.sheets`)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook

from sibina import sheets
from sibina.approvals.changes import ChangeRow, kind_label, place_label
from sibina.approvals.models import Persetujuan

WIDTHS = (10, 28, 20, 30, 28, 28, 12, 40, 16, 16, 80)


def header() -> list[str]:
    """The columns, in the reader's language."""
    return [
        _("Change"),
        _("Name"),
        _("NIP"),
        _("Position"),
        _("OPD"),
        _("Unit"),
        _("Activity code"),
        _("Activity"),
        _("Before"),
        _("After"),
        _("Reason"),
    ]


def cells(row: ChangeRow) -> list[object]:
    return [
        kind_label(row.kind),
        row.nama,
        row.nip,
        row.jabatan,
        row.opd,
        row.unit,
        row.kegiatan_kode,
        row.kegiatan,
        place_label(row.before),
        place_label(row.after),
        row.reason,
    ]


def changes_workbook(rows: list[ChangeRow]) -> bytes:
    """One sheet: a frozen header with the spreadsheet's own filters, one line per change."""
    wb = Workbook()
    ws = sheets.xlsx_sheet(wb, _("Changes"), first=True)
    sheets.xlsx_append(ws, header())
    for row in rows:
        sheets.xlsx_append(ws, cells(row))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for column, width in zip("ABCDEFGHIJK", WIDTHS, strict=True):
        ws.column_dimensions[column].width = width
    return sheets.xlsx_bytes(wb)


def changes_filename(persetujuan: Persetujuan) -> str:
    """``perubahan-2027-v2.xlsx`` (a header-safe name)."""
    return f"perubahan-{persetujuan.cycle.tahun}-v{persetujuan.versi}.xlsx"
