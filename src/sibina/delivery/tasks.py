"""Delivery's background jobs on the job runner: the reminders (``sibina delivery remind``, cron or a worker)."""

from __future__ import annotations

from sibina import jobs
from sibina.delivery.models import PengingatRun
from sibina.delivery.reminders import REMIND_JOB, remind_run

remind = jobs.register(REMIND_JOB, model=PengingatRun, body=remind_run)
