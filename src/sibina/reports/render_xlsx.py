"""The plan document as a workbook: one sheet per part (summary, the seven items per OPD and activity, budget
recap, participants), each with a frozen bold header, the spreadsheet's filters and number formats. Written by
the one writer, :mod:`sibina.sheets`: every text is a text cell, never a live formula, and no cell holds a
formula at all (totals are values, computed here as in the PDF)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from sibina import sheets
from sibina.formats import quarter_label, tanggal
from sibina.reports import wording
from sibina.reports.builders import RencanaDoc

MONEY, DECIMAL = sheets.MONEY_FORMAT, sheets.DECIMAL_FORMAT


def sheet_names() -> dict[str, str]:
    """The sheets, in the reader's language (at most 31 characters, as spreadsheets require)."""
    return {
        "summary": _("Summary"),
        "items": _("Plan per OPD"),
        "budget": _("Budget recap"),
        "annex": _("Participants"),
    }


def render_xlsx(doc: RencanaDoc) -> bytes:
    names = sheet_names()
    wb = Workbook()
    _summary(doc, sheets.xlsx_sheet(wb, names["summary"], first=True))
    _items(doc, sheets.xlsx_sheet(wb, names["items"]))
    _budget(doc, sheets.xlsx_sheet(wb, names["budget"]))
    _annex(doc, sheets.xlsx_sheet(wb, names["annex"]))
    return sheets.xlsx_bytes(wb)


def _summary(doc: RencanaDoc, ws: Worksheet) -> None:
    c = doc.summary.coverage
    p = doc.persetujuan
    rows: list[list[object]] = [
        [_("Document"), wording.title(doc)],
        [_("Agency and year"), wording.subtitle(doc)],
        [_("Part"), wording.part(doc)],
        [_("Status"), wording.status(doc)],
        [_("Decree number"), p.nomor_keputusan if p is not None and p.nomor_keputusan else "—"],
        [_("Decree date"), tanggal(p.tanggal_keputusan) if p is not None and p.tanggal_keputusan else "—"],
        [_("Employees in the plan's scope"), c.pegawai],
        [_("Employees planned"), c.direncanakan],
        [_("Planned seats"), doc.penugasan],
        [_("PNS held to the yearly JP minimum"), c.wajib_jp],
        [_("of them reaching it with the plan"), c.capai_jp],
        [_("Gap-levels of the needs"), round(c.gap, 1)],
        [_("Gap-levels closed"), round(c.gap_tertutup, 1)],
        [_("Cost (Rp)"), doc.budget[-1].terpakai],
        [_("Written on"), timezone.localtime().replace(tzinfo=None, microsecond=0)],
    ]
    sheets.xlsx_table(ws, [_("Item"), _("Value")], rows, widths=(40, 70))
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        for cell in row:
            if isinstance(cell.value, (int, Decimal)) and not isinstance(cell.value, bool):
                cell.number_format = MONEY
    ws.append([])
    sheets.xlsx_append(ws, [_("Review by the OPDs")])
    sheets.xlsx_append(ws, [_("OPD"), _("Review status")])
    for r in doc.reviews:
        sheets.xlsx_append(ws, [r.unit.nama, wording.review_status(doc, r)])
    if not doc.reviews:
        sheets.xlsx_append(ws, [_("The plan has not been sent to the OPDs for review.")])
    ws.append([])
    sheets.xlsx_append(
        ws, [_("Classical and non-classical learning (the 10:20:70 model)"), _("JP"), _("Share %")]
    )
    whole = sum(doc.summary.mix.values(), Decimal(0))
    for key, label in wording.mix_labels().items():
        value = doc.summary.mix[key]
        sheets.xlsx_append(ws, [label, value, wording.share(value, whole)])
    ws.append([])
    sheets.xlsx_append(ws, [_("Quarter"), _("Seats"), _("Cost (Rp)")])
    for q, (n, cost) in doc.summary.per_triwulan.items():
        sheets.xlsx_append(ws, [quarter_label(q) or _("no quarter"), n, cost])


def _items(doc: RencanaDoc, ws: Worksheet) -> None:
    header = [
        _("OPD"),
        _("Review status"),
        _("Activity code"),
        _("Activity"),
        *wording.item_headings(),
        _("Participants"),
        _("Cost (Rp)"),
        _("Paid from"),
    ]
    rows = [
        [
            s.unit.nama,
            wording.review_status(doc, s.review),
            line.kode,
            line.judul,
            *wording.items(line)[:6],
            wording.item_g(line),
            line.peserta,
            line.biaya,
            wording.source(line.sumber),
        ]
        for s in doc.sections
        for line in s.lines
    ]
    sheets.xlsx_table(
        ws,
        header,
        rows,
        widths=(28, 18, 12, 40, 36, 40, 28, 28, 18, 36, 26, 10, 14, 16),
        formats={11: MONEY, 12: MONEY},
    )


def _budget(doc: RencanaDoc, ws: Worksheet) -> None:
    rows = [
        [
            wording.budget_label(line),
            line.batas,
            line.terpakai,
            line.sisa,
            wording.share(line.terpakai, line.batas) if line.batas else None,
        ]
        for line in doc.budget
    ]
    sheets.xlsx_table(
        ws,
        [_("Funding source"), _("Ceiling (Rp)"), _("Cost (Rp)"), _("Left (Rp)"), _("Used %")],
        rows,
        widths=(44, 18, 18, 18, 10),
        formats={1: MONEY, 2: MONEY, 3: MONEY, 4: DECIMAL},
    )


def _annex(doc: RencanaDoc, ws: Worksheet) -> None:
    rows = (
        [
            a.kode,
            a.judul,
            x.kelas,
            quarter_label(x.triwulan),
            x.nip,
            x.nama,
            x.jabatan,
            x.unit,
            x.opd,
            x.jp,
            x.biaya,
        ]
        for a in doc.annex
        for x in a.peserta
    )
    sheets.xlsx_table(
        ws,
        [
            _("Activity code"),
            _("Activity"),
            _("Class"),
            _("Quarter"),
            _("NIP"),
            _("Name"),
            _("Position"),
            _("Unit"),
            _("OPD"),
            _("JP"),
            _("Cost (Rp)"),
        ],
        rows,
        widths=(12, 40, 7, 8, 20, 28, 30, 28, 28, 7, 14),
        formats={9: DECIMAL, 10: MONEY},
    )
