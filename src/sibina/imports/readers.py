"""Read an export file (CSV or spreadsheet) into a header and numbered rows. Pure: no ORM, no settings.

Line numbers are the file's physical lines (header = line 1), so an error report points at the line the user
sees in a text editor or spreadsheet; blank lines are skipped but still counted.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import PurePath
from typing import TypeAlias

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

Cell: TypeAlias = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

EXCEL_DIGITS = 15  # a spreadsheet keeps 15 significant digits of a number
_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})


class ImportFileError(Exception):
    """The file as a whole cannot be imported: unreadable, empty, or a required column is missing."""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]  # (line number, cells); blank rows are left out


def read_table(data: bytes, filename: str = "") -> Table:
    """CSV (comma, semicolon, tab; UTF-8 with or without BOM, UTF-16, else Windows-1252) or a spreadsheet."""
    if _is_workbook(data, filename):
        return _read_workbook(data)
    return _read_csv(_decode(data))


def _is_workbook(data: bytes, filename: str) -> bool:
    if PurePath(filename).suffix.lower() in _WORKBOOK_SUFFIXES:
        return True
    return data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # cp1252 leaves five bytes undefined; latin-1 reads anything


def sniff_delimiter(line: str) -> str:
    """The separator used in a header line: the most frequent of , ; tab | outside quotes (comma on a tie)."""
    counts = dict.fromkeys(",;\t|", 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(text: str) -> Table:
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first))
    numbered: list[tuple[int, tuple[Cell, ...]]] = []
    start = 1
    try:
        for cells in reader:
            if "".join(cells).strip():
                numbered.append((start, tuple(cells)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(
            _("Line %(line)d cannot be read as CSV: %(error)s") % {"line": start, "error": exc}
        ) from exc
    return _table(numbered)


def _read_workbook(data: bytes) -> Table:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        grid = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own errors, and others on damaged files
        raise ImportFileError(_("The spreadsheet cannot be read: %(error)s") % {"error": exc}) from exc
    numbered: list[tuple[int, tuple[Cell, ...]]] = [
        (line, tuple(cells))
        for line, cells in enumerate(grid, start=1)
        if not all(is_blank(c) for c in cells)
    ]
    return _table(numbered)


def _table(numbered: list[tuple[int, tuple[Cell, ...]]]) -> Table:
    if not numbered:
        raise ImportFileError(_("The file is empty."))
    (_line, header_cells), *rows = numbered
    return Table(header=tuple(cell_text(c).strip() for c in header_cells), rows=tuple(rows))


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def cell_text(cell: Cell) -> str:
    """A cell as the user typed it: spreadsheet numbers without '.0', dates in ISO form."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return str(cell).upper()
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 10**EXCEL_DIGITS else repr(cell)
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)
