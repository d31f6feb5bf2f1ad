"""The row every background job keeps (``sibina.jobs.runner``): its status, progress, stage, failure message and
times. Job models (an import batch, a solver run, a measurement of more budget, …) inherit it, so the runner
and the pages that poll a job read the same fields everywhere."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "QUEUED", _("Queued")
    RUNNING = "RUNNING", _("Running")
    DONE = "DONE", _("Done")
    FAILED = "FAILED", _("Failed")


class JobRow(models.Model):
    """Abstract: the fields the job runner reads and writes (see ``runner.JOB_FIELDS``)."""

    Status = JobStatus

    status = models.CharField(
        _("job status"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0)
    tahap = models.CharField(_("stage"), max_length=100, blank=True)
    pesan = models.TextField(_("message"), blank=True)
    mulai = models.DateTimeField(_("started"), auto_now_add=True)
    selesai = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def running(self) -> bool:
        """Queued or running: its page polls itself."""
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)
