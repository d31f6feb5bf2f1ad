"""Consolidation as a background job: re-optimise under the leaders' locks and exclusions, then adopt the plan.
Runs on a Celery worker when a broker is configured, else in a thread of the web process (as optimisations do),
so the browser follows the run's progress page."""

from __future__ import annotations

import logging
import threading

from celery import shared_task
from django.conf import settings
from django.contrib.auth.models import User
from django.db import close_old_connections

from sibina.approvals.models import Persetujuan
from sibina.approvals.services import consolidation_check, persetujuan_consolidated
from sibina.audit.services import audit_record
from sibina.planning.models import SolverRun
from sibina.planning.services import plan_optimise_run, solver_run_start

logger = logging.getLogger(__name__)


def consolidate_start(
    *, persetujuan: Persetujuan, by: User, version: int, force: bool = False, time_limit: float = 60.0
) -> SolverRun:
    pins = consolidation_check(persetujuan=persetujuan, by=by, version=version, force=force)
    run = solver_run_start(
        cycle=persetujuan.cycle,
        skenario=None,
        by=by,
        params={
            "time_limit": time_limit,
            "method": "auto",
            "pins": pins.as_json(),
            "persetujuan": persetujuan.pk,
        },
    )
    audit_record(
        by=by,
        action="approval.consolidate_start",
        obj=persetujuan,
        note=f"run {run.pk}: {len(pins.locked)} locked, {len(pins.excluded)} excluded",
    )
    enqueue_consolidate(run)
    return run


@shared_task(name="sibina.approvals.consolidate")  # type: ignore[untyped-decorator]  # celery has no types
def consolidate(run_id: int) -> None:
    run = SolverRun.objects.select_related("cycle", "oleh").get(pk=run_id)
    try:
        plan = plan_optimise_run(run=run)
        if plan is not None and run.oleh is not None:
            persetujuan = Persetujuan.objects.get(pk=run.parameters["persetujuan"])
            persetujuan_consolidated(persetujuan=persetujuan, plan=plan, by=run.oleh)
    except Exception as exc:  # recorded on the run, so the page shows it instead of an error page
        logger.exception("Consolidation run %s failed", run_id)
        SolverRun.objects.filter(pk=run_id).update(status=SolverRun.Status.FAILED, pesan=str(exc)[:2000])


def enqueue_consolidate(run: SolverRun) -> None:
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        consolidate.delay(run.pk)
        return
    if getattr(settings, "SIBINA_JOBS_INLINE", False):  # tests: run now, in this thread
        consolidate(run.pk)
        return
    if getattr(settings, "SIBINA_JOBS_QUEUED", False):  # browser tests: the test plays the worker
        return

    def work() -> None:
        try:
            consolidate(run.pk)
        finally:
            close_old_connections()

    threading.Thread(target=work, name=f"consolidate-{run.pk}", daemon=True).start()
