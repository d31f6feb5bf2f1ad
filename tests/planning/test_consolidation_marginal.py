"""A consolidation (approvals/tasks.py) gets the same short wait as an optimisation: it adopts its plan first, and
the value of more budget is measured after, by its own job."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from pytest_django.fixtures import Settings

from sibina.approvals import services
from sibina.approvals.tasks import consolidate, consolidate_start
from sibina.optimiser import SolveOptions
from sibina.planning.models import MarginalRun, Plan
from sibina.planning.tasks import marginal
from tests.approvals.conftest import Actors
from tests.approvals.conftest import actors as actors
from tests.approvals.conftest import base_plan as base_plan
from tests.planning.conftest import Tiny


def test_the_consolidated_plan_is_adopted_before_more_budget_is_measured(
    tiny: Tiny, actors: Actors, base_plan: Plan, settings: Settings
) -> None:
    settings.SIBINA_JOBS = "queued"  # the test plays the worker of every job
    p = services.persetujuan_start(plan=base_plan, by=actors.bkpsdm)
    services.persetujuan_send(
        persetujuan=p, by=actors.bkpsdm, version=p.version, batas=timezone.localdate() + dt.timedelta(days=7)
    )
    p.refresh_from_db()
    run = consolidate_start(
        persetujuan=p, by=actors.bkpsdm, version=p.version, force=True, options=SolveOptions(time_limit=10)
    )
    assert run.parameters["marginal_enqueue"] is False  # not handed on before the plan is adopted
    run = consolidate.run(run.pk)
    p.refresh_from_db()
    new = Plan.objects.get(solver_run=run)
    row = MarginalRun.objects.get(plan=new)
    assert (run.status, p.tahap, p.plan_id, new.marginal, row.status) == (
        "DONE",
        "KONSOLIDASI",
        new.pk,
        {},
        "QUEUED",
    )
    assert marginal.run(row.pk).status == "DONE"
    new.refresh_from_db()
    assert new.marginal["extra_juta"] == 50.0
    assert not MarginalRun.objects.filter(plan=base_plan).exists()  # the base plan was solved without it
