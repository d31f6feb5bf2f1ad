"""The plan document as a workbook, opened with openpyxl: one sheet per part with frozen headers and filters,
every OPD with the seven items, the budget recap equal to the plan's cost per funding source (an OPD-funded
activity included), one participant row per assignment, numbers as numbers and no formula anywhere."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sibina.catalogue.models import Kegiatan
from sibina.people.models import UnitKerja
from sibina.planning.models import Anggaran, Plan, PlanItem
from sibina.reports.builders import rencana_build
from sibina.reports.render_xlsx import render_xlsx
from tests.approvals.conftest import Actors
from tests.planning.conftest import Tiny
from tests.reports.conftest import DECREE, cost_per_source, set_by_ppk
from tests.reports.test_document_pdf import HEADINGS_ID

pytestmark = pytest.mark.django_db


def _rows(data: bytes, sheet: str) -> list[tuple[object, ...]]:
    return list(load_workbook(io.BytesIO(data))[sheet].iter_rows(values_only=True))


def test_the_workbook_has_every_part_every_opd_and_the_plans_totals(
    tiny: Tiny, actors: Actors, base_plan: Plan
) -> None:
    dinkes = UnitKerja.objects.get(instansi=tiny.instansi, kode="DINKES")
    # One activity paid from the participants' OPD, against Dinas Kesehatan's own DPA.
    Kegiatan.objects.filter(pk=tiny.course.pk).update(sumber_dana=Kegiatan.SumberDana.OPD)
    Anggaran.objects.create(
        cycle=tiny.cycle, sumber=Anggaran.Sumber.OPD, unit=dinkes, batas=Decimal(9_000_000)
    )
    set_by_ppk(base_plan, actors)
    data = render_xlsx(rencana_build(plan=base_plan))
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Ringkasan", "Rencana per OPD", "Rekapitulasi anggaran", "Peserta"]
    for ws in wb:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")
        assert not any(cell.data_type == "f" for row in ws.iter_rows() for cell in row)

    summary = dict((r[0], r[1]) for r in _rows(data, "Ringkasan")[1:16])
    assert summary["Nomor keputusan"] == DECREE
    assert summary["Tanggal keputusan"] == "22 Desember 2025"

    header, *items = _rows(data, "Rencana per OPD")
    assert list(header[4:11]) == HEADINGS_ID
    opds = {r[0] for r in items}
    tops = {
        int(p.strip("/").split("/")[0])
        for p in PlanItem.objects.filter(plan=base_plan).values_list("pegawai__unit__path", flat=True)
    }
    assert opds == set(UnitKerja.objects.filter(pk__in=tops).values_list("nama", flat=True))
    assert all(all(cell not in (None, "") for cell in r[4:11]) for r in items)
    assert sum(r[11] for r in items) == PlanItem.objects.filter(plan=base_plan).count()  # type: ignore[misc]

    header, *budget = _rows(data, "Rekapitulasi anggaran")
    spent = {r[0]: r[2] for r in budget}
    per_source = cost_per_source(base_plan)
    assert spent["DPA BKPSDM"] == per_source["BKPSDM"]
    assert spent["DPA Dinas Kesehatan"] == per_source[f"OPD:{dinkes.pk}"] > 0
    assert spent["Total"] == base_plan.biaya_total == sum(per_source.values())
    assert {r[0]: r[1] for r in budget}["DPA Dinas Kesehatan"] == 9_000_000

    header, *people = _rows(data, "Peserta")
    assert len(people) == PlanItem.objects.filter(plan=base_plan).count()
    assert sorted(str(r[4]) for r in people) == sorted(
        PlanItem.objects.filter(plan=base_plan).values_list("pegawai__nip", flat=True)
    )
    assert (
        sum(Decimal(str(r[10])) for r in people)
        + sum(
            k.biaya_per_kelas
            * len(set(PlanItem.objects.filter(plan=base_plan, kegiatan=k).values_list("kelas", flat=True)))
            for k in Kegiatan.objects.filter(plan_items__plan=base_plan).distinct()
        )
        == base_plan.biaya_total
    )


def test_a_formula_in_a_name_stays_text(tiny: Tiny, actors: Actors, base_plan: Plan) -> None:
    kegiatan = PlanItem.objects.filter(plan=base_plan).first().kegiatan  # type: ignore[union-attr]
    Kegiatan.objects.filter(pk=kegiatan.pk).update(penyelenggara='=HYPERLINK("http://x","y")')
    data = render_xlsx(rencana_build(plan=base_plan))
    ws = load_workbook(io.BytesIO(data))["Rencana per OPD"]
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if c.value == '=HYPERLINK("http://x","y")']
    assert cells and all(c.data_type == "s" for c in cells)
