"""Planning's background job: an optimisation started by ``services.plan_optimise_start``, run by the job runner
(a Celery worker with a broker; in the embedded default a thread of the web process, so the browser polls the
run's progress instead of waiting blind)."""

from __future__ import annotations

from sibina import jobs
from sibina.planning.models import SolverRun
from sibina.planning.services import OPTIMISE_JOB, plan_optimise_run


def _optimise(run: SolverRun, listener: jobs.Listener | None) -> None:
    plan_optimise_run(run=run, progress=listener)


optimise = jobs.register(OPTIMISE_JOB, model=SolverRun, body=_optimise)
