"""The plan document as a background job on the one job runner (a Celery worker with a broker; in the embedded
default a thread of the web process, so the browser polls the row's progress)."""

from __future__ import annotations

from sibina import jobs
from sibina.reports.models import Dokumen
from sibina.reports.services import DOCUMENT_JOB, dokumen_run


def _rencana(row: Dokumen, listener: jobs.Listener | None) -> None:
    dokumen_run(row=row, listener=listener)


rencana = jobs.register(DOCUMENT_JOB, model=Dokumen, body=_rencana)
