"""Consolidation as a background job: re-optimise under the leaders' locks and exclusions, then adopt the plan.
It starts like any optimisation (``planning.services.plan_optimise_start``: one run, one audit event, the job
handed on at commit) and runs on the job runner, so the browser follows the run's progress page."""

from __future__ import annotations

from typing import Final

from django.contrib.auth.models import User
from django.db import transaction

from sibina import jobs
from sibina.approvals.models import Persetujuan
from sibina.approvals.services import consolidation_check, persetujuan_consolidated
from sibina.optimiser import SolveOptions
from sibina.planning.models import SolverRun
from sibina.planning.services import StartPurpose, plan_marginal_start, plan_optimise_run, plan_optimise_start

CONSOLIDATE_JOB: Final = "approvals.consolidate"


@transaction.atomic
def consolidate_start(
    *,
    persetujuan: Persetujuan,
    by: User,
    version: int,
    force: bool = False,
    options: SolveOptions | None = None,
) -> SolverRun:
    """Check that the plan may be consolidated now, then start its re-optimisation under the leaders' pins;
    the start is recorded as one ``approval.consolidate_start`` event (who, options, pins)."""
    pins = consolidation_check(persetujuan=persetujuan, by=by, version=version, force=force)
    return plan_optimise_start(
        cycle=persetujuan.cycle,
        skenario=None,
        by=by,
        options=options or SolveOptions(),
        pins=pins,
        purpose=StartPurpose(
            job=CONSOLIDATE_JOB,
            action="approval.consolidate_start",
            about=persetujuan,
            # The value of more budget is measured after the plan is adopted, not before (see _consolidate).
            params={"persetujuan": persetujuan.pk, "marginal_enqueue": False},
        ),
    )


def _consolidate(run: SolverRun, listener: jobs.Listener | None) -> None:
    plan = plan_optimise_run(run=run, progress=listener)
    try:
        if plan is not None and run.oleh is not None:
            persetujuan = Persetujuan.objects.get(pk=run.parameters["persetujuan"])
            persetujuan_consolidated(persetujuan=persetujuan, plan=plan, by=run.oleh)
    finally:
        if plan is not None and run.parameters.get("marginal", True):
            plan_marginal_start(plan=plan)  # its own job, once the consolidated plan is adopted and shown


consolidate = jobs.register(CONSOLIDATE_JOB, model=SolverRun, body=_consolidate)
