"""The effect evaluation as a background job on the one job runner (``evaluation.efek``)."""

from __future__ import annotations

from sibina import jobs
from sibina.evaluation.effects import EFFECT_JOB, evaluation_job
from sibina.evaluation.models import EvaluasiRun


def _efek(row: EvaluasiRun, listener: jobs.Listener | None) -> None:
    evaluation_job(row=row, listener=listener)


efek = jobs.register(EFFECT_JOB, model=EvaluasiRun, body=_efek)
