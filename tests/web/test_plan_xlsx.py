"""The plan as a spreadsheet, for every role within its scope: the whole plan or one OPD (BKPSDM, auditor, PPK),
the own OPD (Kepala OPD), the own items (an employee); the columns a Kepala OPD expects, the reason in the reader's
language, the review decision, and every text cell formula-safe. Figures are checked against the stored rows."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook
from tests.web.conftest import role_client
from tests.web.test_plan_pages import XLSX, Planned, why_item
from tests.web.test_plan_pages import planned as planned

from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.audit.models import AuditEvent
from sibina.people.models import Pegawai, UnitKerja
from sibina.planning.models import Plan, PlanItem
from sibina.planning.plan_sheet import header
from sibina.planning.reasons import item_reason
from sibina.planning.selectors import plan_reason_names
from sibina.roles import Role

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


def _sheet(response: object) -> tuple[list[str], list[dict[str, object]], dict[str, object]]:
    """(header, rows as dicts by header, summary label -> value) of a downloaded workbook."""
    wb = load_workbook(io.BytesIO(response.content))  # type: ignore[attr-defined]
    ws = wb.worksheets[0]
    values = list(ws.iter_rows(values_only=True))
    head = [str(v) for v in values[0]]
    rows = [dict(zip(head, row, strict=True)) for row in values[1:]]
    summary = {str(a): b for a, b in wb.worksheets[1].iter_rows(values_only=True)}
    return head, rows, summary


def _pairs(items: object) -> set[tuple[str, str]]:
    return {(i.pegawai.nip, i.kegiatan.kode) for i in items}  # type: ignore[attr-defined]


def _in_unit(plan: Plan, unit: UnitKerja) -> set[tuple[str, str]]:
    return _pairs(
        plan.items.filter(pegawai__unit__path__startswith=unit.path).select_related("pegawai", "kegiatan")
    )


def test_the_whole_plan_for_the_auditor_row_by_row(reader_client: Client, planned: Planned) -> None:
    plan = planned.plan
    response = reader_client.get(f"/rencana/plan/{plan.pk}/rencana.xlsx", **EN)
    assert (response.status_code, response["Content-Type"]) == (200, XLSX)
    assert response["Content-Disposition"] == 'attachment; filename="rencana-2027-the-whole-plan.xlsx"'
    head, rows, summary = _sheet(response)
    with translation.override("en"):
        assert head == header()
    assert head[:5] == ["NIP", "Name", "Position", "Unit", "OPD"]
    items = {
        (i.pegawai.nip, i.kegiatan.kode): i
        for i in plan.items.select_related("pegawai__unit", "pegawai__jabatan", "kegiatan__bentuk")
    }
    assert len(rows) == len(items) > 0
    for row in rows:
        i = items[(str(row["NIP"]), str(row["Activity code"]))]
        assert (row["Name"], row["Activity"], row["Form"], row["Quarter"], row["Class"]) == (
            i.pegawai.nama,
            i.kegiatan.judul,
            i.kegiatan.bentuk.nama,
            i.triwulan,
            i.kelas,
        )
        assert row["Position"] == (i.pegawai.jabatan.nama if i.pegawai.jabatan else None)
        assert row["Unit"] == i.pegawai.unit.nama
        assert (Decimal(str(row["JP"])), Decimal(str(row["Cost (Rp)"]))) == (i.jp, i.biaya)
        assert row["Reason"] == why_item(i) and row["Reason"]
        assert row["Decision"] is None  # no approval yet
    assert {row["OPD"] for row in rows if row["Unit"] == "Puskesmas Uji"} == {"Dinas Kesehatan"}
    assert summary["Planned activities"] == len(items)
    assert Decimal(str(summary["Cost of the seats (Rp)"])) == sum(i.biaya for i in items.values())
    assert summary["Part"] == "the whole plan"


def test_one_opd_for_bkpsdm_and_the_reason_in_indonesian(importer_client: Client, planned: Planned) -> None:
    plan, dinkes = planned.plan, planned.city.dinkes
    response = importer_client.get(f"/rencana/plan/{plan.pk}/rencana.xlsx?unit={dinkes.pk}", **ID)
    head, rows, summary = _sheet(response)
    nip, code, why = head[0], head[5], head[12]  # the columns' names are in the reader's language
    assert {(str(r[nip]), str(r[code])) for r in rows} == _in_unit(plan, dinkes)
    with translation.override("id"):
        wanted = {
            (i.pegawai.nip, i.kegiatan.kode): item_reason(i.alasan_data, plan_reason_names(plan_id=plan.pk))
            for i in plan.items.filter(pegawai__unit__path__startswith=dinkes.path).select_related(
                "pegawai", "kegiatan"
            )
        }
    assert {(str(r[nip]), str(r[code])): r[why] for r in rows} == wanted
    assert next(iter(summary.values())) == plan.cycle.instansi.nama


def test_the_kepala_opd_gets_their_opd_and_nothing_else(planned: Planned) -> None:
    plan, city = planned.plan, planned.city
    client = role_client(Role.KEPALA_OPD, city.kepala)
    own = client.get(f"/rencana/plan/{plan.pk}/rencana.xlsx", **EN)
    assert own.status_code == 200
    _head, rows, summary = _sheet(own)
    assert {(str(r["NIP"]), str(r["Activity code"])) for r in rows} == _in_unit(plan, city.dinkes)
    assert summary["Part"] == "Dinas Kesehatan"
    below = client.get(f"/rencana/plan/{plan.pk}/rencana.xlsx?unit={city.puskesmas.pk}", **EN)
    assert {(str(r["NIP"]), str(r["Activity code"])) for r in _sheet(below)[1]} == _in_unit(
        plan, city.puskesmas
    )
    denied_before = AuditEvent.objects.filter(aksi="access.denied").count()
    assert client.get(f"/rencana/plan/{plan.pk}/rencana.xlsx?unit={city.kecamatan.pk}").status_code == 404
    assert AuditEvent.objects.filter(aksi="access.denied").count() == denied_before + 1
    assert client.get(f"/rencana/plan/{plan.pk}/rencana.xlsx?unit=abc").status_code == 400


@pytest.mark.parametrize("role", [Role.ATASAN, Role.PEGAWAI, None])
def test_the_whole_plan_is_not_for_the_other_roles(planned: Planned, role: Role | None) -> None:
    assert role_client(role).get(f"/rencana/plan/{planned.plan.pk}/rencana.xlsx").status_code == 403


def test_an_employee_gets_their_own_items_only(planned: Planned) -> None:
    plan = planned.plan
    item = plan.items.select_related("pegawai").first()
    assert item is not None
    me = item.pegawai
    client = role_client(Role.PEGAWAI, me)
    response = client.get(f"/rencana/pegawai/{me.nip}/rencana.xlsx", **EN)
    assert response.status_code == 200
    _head, rows, summary = _sheet(response)
    assert {(str(r["NIP"]), str(r["Activity code"])) for r in rows} == _pairs(
        plan.items.filter(pegawai=me).select_related("pegawai", "kegiatan")
    )
    assert summary["Part"] == f"{me.nama} ({me.nip})"
    other = plan.items.exclude(pegawai=me).select_related("pegawai").first()
    assert other is not None
    assert client.get(f"/rencana/pegawai/{other.pegawai.nip}/rencana.xlsx").status_code == 404


def test_review_decisions_are_in_words_and_text_cells_are_formula_safe(
    reader_client: Client, planned: Planned
) -> None:
    plan, city = planned.plan, planned.city
    item = (
        plan.items.filter(pegawai__unit__path__startswith=city.dinkes.path).select_related("pegawai").first()
    )
    assert item is not None
    Pegawai.objects.filter(pk=item.pegawai_id).update(nama='=HYPERLINK("http://x","klik")')
    boss = User.objects.create_user(username="kadis")
    approval = Persetujuan.objects.create(cycle=plan.cycle, plan=plan)
    review = ReviewOpd.objects.create(persetujuan=approval, unit=city.dinkes)
    Keputusan.objects.create(
        persetujuan=approval,
        review=review,
        pegawai_id=item.pegawai_id,
        kegiatan_id=item.kegiatan_id,
        jenis=Keputusan.Jenis.KUNCI,
        catatan="wajib tahun ini",
        oleh=boss,
    )
    response = reader_client.get(f"/rencana/plan/{plan.pk}/rencana.xlsx", **EN)
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.worksheets[0]
    head = [c.value for c in ws[1]]
    decided = [
        r
        for r in ws.iter_rows(min_row=2)
        if str(r[0].value) == item.pegawai.nip and r[5].value == item.kegiatan.kode
    ]
    [row] = decided
    assert row[head.index("Decision")].value == "Locked (must stay): wajib tahun ini"
    name = row[head.index("Name")]
    assert (name.value, name.data_type, name.quotePrefix) == ('=HYPERLINK("http://x","klik")', "s", True)
    others = [r for r in ws.iter_rows(min_row=2) if r is not row]
    assert all(r[head.index("Decision")].value is None for r in others if r[0].value != row[0].value)


def test_the_opd_page_prints_everyone_with_the_print_stylesheet(
    reader_client: Client, planned: Planned
) -> None:
    plan, dinkes = planned.plan, planned.city.dinkes
    page = reader_client.get(f"/rencana/plan/{plan.pk}/opd/{dinkes.pk}/?cetak=1", **EN).content.decode()
    assert 'href="/static/sibina/print.css" media="print"' in page
    assert f'href="/rencana/plan/{plan.pk}/rencana.xlsx?unit={dinkes.pk}"' in page
    assert "data-print" in page and "print-sign" in page
    people = {
        i.pegawai.nip for i in PlanItem.objects.filter(plan=plan, pegawai__unit__path__startswith=dinkes.path)
    }
    assert people and all(nip in page for nip in people)
    assert reader_client.get(f"/rencana/plan/{plan.pk}/opd/{dinkes.pk}/?cetak=2").status_code == 400
