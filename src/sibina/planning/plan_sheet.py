"""The plan as a spreadsheet a Kepala OPD works in: one row per (employee, activity) with the columns they expect,
the reason in words in the reader's language, and the review decision if any; written by the one writer
(:mod:`sibina.sheets`, formula-safe). Which rows a reader may have is decided by the caller through the access
loaders (``sibina.access``): this module only words and writes the rows it is given."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from sibina import sheets
from sibina.people.models import UnitKerja
from sibina.planning.models import Plan, PlanItem
from sibina.planning.reasons import item_reason
from sibina.planning.selectors.reasons import reason_names

Pair = tuple[int, int]  # (pegawai id, kegiatan id): how review decisions are kept


def header() -> list[str]:
    """The columns, in the reader's language."""
    return [
        _("NIP"),
        _("Name"),
        _("Position"),
        _("Unit"),
        _("OPD"),
        _("Activity code"),
        _("Activity"),
        _("Form"),
        _("Quarter"),
        _("Class"),
        _("JP"),
        _("Cost (Rp)"),
        _("Reason"),
        _("Decision"),
    ]


@dataclass(frozen=True)
class PlanSheet:
    """What the workbook is of: the plan, the part (an OPD, a person, or the whole plan) and its rows."""

    plan: Plan
    part: str  # e.g. the OPD's name, the employee's name and NIP, or "the whole plan", for the summary sheet
    items: QuerySet[PlanItem]
    decisions: Mapping[
        Pair, str
    ]  # (pegawai id, kegiatan id) -> the decision in words (locked, excluded, note)


def plan_items(
    *, plan: Plan, unit: UnitKerja | None = None, pegawai_id: int | None = None
) -> QuerySet[PlanItem]:
    """The plan's items of a unit and everything under it, of one employee, or all, in reading order (by
    employee, then quarter and activity), with what a row shows (one query)."""
    qs = PlanItem.objects.filter(plan=plan)
    if unit is not None:
        qs = qs.filter(pegawai__unit__path__startswith=unit.path)
    if pegawai_id is not None:
        qs = qs.filter(pegawai_id=pegawai_id)
    return qs.select_related("pegawai__unit", "pegawai__jabatan", "kegiatan__bentuk").order_by(
        "pegawai__nama", "pegawai__nip", "triwulan", "kegiatan__kode"
    )


def plan_rows(sheet: PlanSheet) -> Iterator[list[object]]:
    """One list of cell values per item, in :func:`header`'s order."""
    plan = sheet.plan
    names = reason_names(instansi_id=plan.cycle.instansi_id)
    opd = _opd_names(plan.cycle.instansi_id)
    for item in sheet.items.iterator(chunk_size=2000):
        p, k = item.pegawai, item.kegiatan
        unit = p.unit
        yield [
            p.nip,
            p.nama,
            p.jabatan.nama if p.jabatan is not None else "",
            unit.nama if unit is not None else "",
            opd.get(_root(unit.path), "") if unit is not None else "",
            k.kode,
            k.judul,
            k.bentuk.nama,
            item.triwulan,
            item.kelas,
            item.jp,
            item.biaya,
            item_reason(item.alasan_data, names, fallback=item.alasan),
            sheet.decisions.get((item.pegawai_id, item.kegiatan_id), ""),
        ]


def plan_workbook(sheet: PlanSheet) -> bytes:
    """The XLSX: the items, then a summary (plan, part, counts, cost, when it was written)."""
    wb = Workbook()
    ws = sheets.xlsx_sheet(wb, _("Plan"), first=True)
    sheets.xlsx_append(ws, header())
    people: set[str] = set()
    count, jp, cost = 0, Decimal(0), Decimal(0)
    for row in plan_rows(sheet):
        sheets.xlsx_append(ws, row)
        people.add(str(row[0]))
        count += 1
        jp += Decimal(str(row[10]))
        cost += Decimal(str(row[11]))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions  # the spreadsheet's own filters on every column
    for column, width in zip(
        "ABCDEFGHIJKLMN", (20, 28, 30, 28, 28, 12, 40, 18, 8, 7, 6, 12, 70, 18), strict=True
    ):
        ws.column_dimensions[column].width = width
    summary = sheets.xlsx_sheet(wb, _("Summary"))
    for label, value in _summary(sheet, len(people), count, jp, cost):
        sheets.xlsx_append(summary, [label, value])
    summary.column_dimensions["A"].width = 30
    summary.column_dimensions["B"].width = 50
    return sheets.xlsx_bytes(wb)


def _summary(
    sheet: PlanSheet, people: int, count: int, jp: Decimal, cost: Decimal
) -> Iterable[tuple[str, object]]:
    plan = sheet.plan
    return [
        (_("Agency"), plan.cycle.instansi.nama),
        (_("Plan"), plan.cycle.nama),
        (_("Budget year"), plan.cycle.tahun),
        (_("Scenario"), plan.skenario.nama if plan.skenario is not None else _("base plan")),
        (_("Optimised on"), timezone.localtime(plan.created_at).replace(tzinfo=None, microsecond=0)),
        (_("Part"), sheet.part),
        (_("Employees"), people),
        (_("Planned activities"), count),
        (_("JP planned"), jp),
        (_("Cost of the seats (Rp)"), cost),
        (_("Written on"), timezone.localtime().replace(tzinfo=None, microsecond=0)),
    ]


def sheet_filename(plan: Plan, part: str) -> str:
    """``rencana-2027-<part>.xlsx`` with only letters, digits and dashes (a header-safe name)."""
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in part.lower()).strip("-")
    while "--" in slug:
        slug = slug.replace("--", "-")
    return f"rencana-{plan.cycle.tahun}-{slug[:60] or 'semua'}.xlsx"


def _root(path: str) -> int | None:
    """The OPD (top unit) of a unit's materialised path ("/12/40/" -> 12)."""
    first = path.strip("/").split("/", 1)[0]
    return int(first) if first.isdigit() else None


def _opd_names(instansi_id: int) -> dict[int | None, str]:
    return dict(
        UnitKerja.objects.filter(instansi_id=instansi_id, parent__isnull=True).values_list("pk", "nama")
    )
