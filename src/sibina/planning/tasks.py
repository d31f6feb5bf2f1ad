"""Planning's background jobs: an optimisation started by ``services.plan_optimise_start``, and the measurement
of what more budget would buy that follows each stored plan (``services.plan_marginal_start``). Both run on the
job runner (a Celery worker with a broker; in the embedded default a thread of the web process, so the browser
polls the row's progress instead of waiting blind)."""

from __future__ import annotations

from sibina import jobs
from sibina.planning.models import MarginalRun, SolverRun
from sibina.planning.services import MARGINAL_JOB, OPTIMISE_JOB, plan_marginal_run, plan_optimise_run


def _optimise(run: SolverRun, listener: jobs.Listener | None) -> None:
    plan_optimise_run(run=run, progress=listener)


optimise = jobs.register(OPTIMISE_JOB, model=SolverRun, body=_optimise)


def _marginal(row: MarginalRun, listener: jobs.Listener | None) -> None:
    plan_marginal_run(row=row, progress=listener)


marginal = jobs.register(MARGINAL_JOB, model=MarginalRun, body=_marginal)
