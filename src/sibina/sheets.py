"""The one way SiBina writes spreadsheets (CSV and XLSX) that people open in Excel or LibreOffice.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is run as a formula by a
spreadsheet (CSV injection: ``=cmd|' /C calc'!A0``, ``=HYPERLINK(…)``). Every export goes through here so
no text from a file, a form or a log line reaches a spreadsheet as a live formula:

- **CSV**: such text is written with a leading apostrophe, which spreadsheets show and never evaluate.
- **XLSX**: every text is an inline string cell (never a formula cell, whatever it starts with), and text
  that looks like a formula carries Excel's "quote prefix" so editing the cell keeps it text.

Only text is neutralised: numbers (a negative number included), dates and booleans stay what they are.
This module imports no other SiBina package, so any stage may use it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, TypeAlias

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlsxCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LINE_END = "\r\n"  # RFC 4180, as spreadsheets expect
# XML 1.0 cannot hold these control characters: openpyxl refuses them, so they are shown as U+FFFD.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

Number: TypeAlias = int | float | Decimal
Value: TypeAlias = str | Number | bool | dt.date | dt.datetime | dt.time | None


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula, with a leading apostrophe; other text as it is."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_cell(value: object) -> str | Number:
    """One value as a CSV field: numbers stay numbers, everything else becomes safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date
        return value.isoformat()
    return neutralise(value if isinstance(value, str) else str(value))


def csv_row(values: Iterable[object]) -> list[str | Number]:
    return [csv_cell(v) for v in values]


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The CSV one line at a time (header first), for a streaming response over a large query."""
    writer = csv.writer(_Echo(), lineterminator=LINE_END)
    line: str = writer.writerow(csv_row(header))
    yield line
    for row in rows:
        line = writer.writerow(csv_row(row))
        yield line


def csv_text(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """The whole CSV as one string (small files: error reports)."""
    return "".join(csv_lines(header, rows))


# --- XLSX --------------------------------------------------------------------------------------------------


def xlsx_cell(ws: Worksheet, value: object) -> XlsxCell:
    """A worksheet cell holding ``value``; text is always a string cell, never a formula."""
    cell = XlsxCell(ws, row=1, column=1)  # append() moves it to its place
    if isinstance(value, str):
        text = _ILLEGAL_XML.sub("\ufffd", value)
        cell.value = text  # openpyxl guesses a formula from a leading "="; the type is set below
        cell.data_type = "s"  # written as an inline string whatever it starts with
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited
    elif value is None or isinstance(value, (int, float, Decimal, dt.date, dt.time)):
        cell.value = value  # bool is an int
    else:
        return xlsx_cell(ws, str(value))
    return cell


def xlsx_append(ws: Worksheet, values: Iterable[object]) -> None:
    """Append one row of safe cells at the bottom of ``ws``."""
    ws.append([xlsx_cell(ws, v) for v in values])


def xlsx_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_sheet(wb: Workbook, title: str, *, first: bool = False) -> Worksheet:
    """The workbook's first sheet (renamed) or a new one."""
    ws: Any = wb.active if first else wb.create_sheet(title)
    assert isinstance(ws, Worksheet)  # a new workbook's first sheet is a worksheet
    ws.title = title
    return ws


MONEY_FORMAT = "#,##0"  # whole rupiah; the spreadsheet shows the reader's separators
DECIMAL_FORMAT = "#,##0.##"


def xlsx_table(
    ws: Worksheet,
    header: Iterable[str],
    rows: Iterable[Iterable[object]],
    *,
    widths: Iterable[int] = (),
    formats: dict[int, str] | None = None,
) -> int:
    """A formatted table from the sheet's current end: a bold header row (frozen, with the spreadsheet's own
    filters when the table starts the sheet), safe cells, column widths and number formats per column index
    (0-based). Returns the number of data rows written."""
    names = list(header)
    xlsx_append(ws, names)
    start = ws.max_row  # append() writes after the last row: the header's row (1 on a new sheet)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DCE6F1")
    for cell in ws[start]:
        cell.font, cell.fill = bold, fill
    count = 0
    for row in rows:
        xlsx_append(ws, row)
        count += 1
    for index, fmt in (formats or {}).items():
        for (cell,) in ws.iter_rows(min_row=start + 1, min_col=index + 1, max_col=index + 1):
            cell.number_format = fmt
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    if start == 1:
        ws.freeze_panes = "A2"
        last = get_column_letter(len(names))
        ws.auto_filter.ref = f"A1:{last}{max(1, ws.max_row)}"
    return count
