"""Background optimisation. With a Celery broker it runs on a worker; in the embedded default (no broker) it
runs in a thread of the web process so the browser can poll the run's progress instead of waiting blind."""

from __future__ import annotations

import logging
import threading

from celery import shared_task
from django.conf import settings
from django.db import close_old_connections

from sibina.planning.models import SolverRun

logger = logging.getLogger(__name__)


@shared_task(name="sibina.planning.optimise")  # type: ignore[untyped-decorator]  # celery has no types
def optimise(run_id: int) -> None:
    from sibina.planning.services import plan_optimise_run

    try:
        plan_optimise_run(run=SolverRun.objects.get(pk=run_id))
    except Exception as exc:  # recorded on the run, so the page shows it instead of an error page
        logger.exception("Solver run %s failed", run_id)
        SolverRun.objects.filter(pk=run_id).update(status=SolverRun.Status.FAILED, pesan=str(exc)[:2000])


def enqueue_optimise(run: SolverRun) -> None:
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        optimise.delay(run.pk)
        return

    def work() -> None:
        try:
            optimise(run.pk)
        finally:
            close_old_connections()

    threading.Thread(target=work, name=f"solver-run-{run.pk}", daemon=True).start()
