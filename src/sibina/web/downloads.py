"""The one way a page hands over a file: an attachment response with its name and type, and a table as CSV or
XLSX (safe cells through ``sibina.sheets``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook

from sibina import sheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
TABLE_FORMATS = ("csv", "xlsx")


def attachment(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def streamed(lines: Iterator[str], filename: str, content_type: str = CSV) -> StreamingHttpResponse:
    """A large file written as it is read (the audit trail), never held whole in memory."""
    response = StreamingHttpResponse(lines, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table(
    fmt: str,
    stem: str,
    sheet: str,
    header: list[str],
    rows: Iterable[Iterable[object]],
    *,
    widths: Iterable[int] = (),
    formats: dict[int, str] | None = None,
) -> HttpResponse:
    """One table as ``stem.csv`` or ``stem.xlsx`` (``fmt``, one of TABLE_FORMATS); the XLSX with a bold, frozen,
    filtered header, ``widths`` and number ``formats`` per column."""
    if fmt == "xlsx":
        wb = Workbook()
        sheets.xlsx_table(
            sheets.xlsx_sheet(wb, sheet, first=True), header, rows, widths=widths, formats=formats
        )
        return attachment(sheets.xlsx_bytes(wb), f"{stem}.xlsx", XLSX)
    return attachment(sheets.csv_text(header, rows), f"{stem}.csv", CSV)
