"""A plan under approval for next year with one OPD review, built as rows (the optimiser is not the point)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sibina.approvals.models import Persetujuan, ReviewOpd
from sibina.planning.models import Plan, PlanCycle, SolverRun

from .conftest import Team


def approval_with_review(team: Team, *, batas: dt.date, decided_late: bool = False) -> ReviewOpd:
    """Dinas Kesehatan's review of the plan prepared this year (cycle = next year); decided a day after the
    deadline when ``decided_late``, else still open."""
    cycle = PlanCycle.objects.create(
        instansi=team.instansi, tahun=timezone.localdate().year + 1, nama="Rencana uji"
    )
    plan = Plan.objects.create(cycle=cycle, solver_run=SolverRun.objects.create(cycle=cycle))
    persetujuan = Persetujuan.objects.create(cycle=cycle, plan=plan, tahap=Persetujuan.Tahap.DIKIRIM)
    decided = (
        timezone.make_aware(dt.datetime.combine(batas + dt.timedelta(days=1), dt.time(10)))
        if decided_late
        else None
    )
    return ReviewOpd.objects.create(
        persetujuan=persetujuan,
        unit=team.dinkes,
        batas=batas,
        status=ReviewOpd.Status.DISETUJUI if decided_late else ReviewOpd.Status.MENUNGGU,
        diputuskan_pada=decided,
        oleh=team.u_kepala if decided_late else None,
    )
