"""The home page per role on the tiny city: tasks first, then the role's own figures (an employee: their JP, plan
and proposals, not a count of one; a Kepala OPD: their OPD's JP chart, no import records; the PPK: the decree)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone, translation

from sibina.approvals import services
from sibina.competency.models import Kompetensi
from sibina.needs.models import Usulan
from sibina.planning.models import Plan, PlanItem
from tests.approvals.conftest import Actors
from tests.planning.conftest import Tiny


def _home(user: User) -> tuple[str, dict]:
    client = Client()
    client.force_login(user)
    with translation.override("en"):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode(), response.context


def test_an_employee_sees_their_own_year_not_a_count_of_one(
    tiny: Tiny, actors: Actors, base_plan: Plan
) -> None:
    k = Kompetensi.objects.first()
    u = Usulan.objects.create(pegawai=tiny.pns[0], tahun=2027, kompetensi=k, level_target=3, uraian="x")
    html, ctx = _home(actors.pegawai)
    own = ctx["own"]
    assert own.pegawai == tiny.pns[0] and "total_pegawai" not in ctx
    assert own.plan == base_plan
    mine = PlanItem.objects.filter(plan=base_plan, pegawai=tiny.pns[0]).values_list("pk", flat=True)
    assert own.plan_items and {i.pk for i in own.plan_items} == set(mine)
    assert f'data-usulan="{u.pk}"' in html and 'id="own-jp"' in html and 'id="no-tasks"' in html
    assert "batches" not in ctx


def test_a_kepala_opd_sees_the_review_and_their_opd_chart(
    tiny: Tiny, actors: Actors, base_plan: Plan
) -> None:
    p = services.persetujuan_start(plan=base_plan, by=actors.bkpsdm)
    batas = timezone.localdate() + dt.timedelta(days=5)
    services.persetujuan_send(persetujuan=p, by=actors.bkpsdm, version=p.version, batas=batas)
    html, ctx = _home(actors.kepala)
    [task] = ctx["tasks"]
    assert task.kind == "review" and f'data-due="{batas.isoformat()}"' in html
    assert 'id="opd-jp"' in html and ctx["opd_jp"].wajib >= 1
    assert sum(u.wajib for u in ctx["opd_units_jp"]) == ctx["opd_jp"].wajib
    assert "batches" not in ctx and "Latest imports" not in html


def test_the_ppk_home_shows_the_decree_after_consolidation(
    tiny: Tiny, actors: Actors, base_plan: Plan
) -> None:
    p = services.persetujuan_start(plan=base_plan, by=actors.bkpsdm)
    services.persetujuan_send(
        persetujuan=p, by=actors.bkpsdm, version=p.version, batas=timezone.localdate() + dt.timedelta(days=5)
    )
    assert _home(actors.ppk)[1]["tasks"] == []
    services.persetujuan_consolidated(persetujuan=p, plan=base_plan, by=actors.bkpsdm)
    html, ctx = _home(actors.ppk)
    assert [t.kind for t in ctx["tasks"]] == ["decree"]
    assert f'href="/persetujuan/{tiny.cycle.tahun}/"' in html
