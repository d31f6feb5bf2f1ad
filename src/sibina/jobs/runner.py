"""The one runner of background jobs: imports, optimisations, consolidations (and the coming reminders and reports).

A job is a row that says how it is going: an ``ImportBatch``, a ``SolverRun``, … each with ``status`` (QUEUED,
RUNNING, DONE, FAILED), ``progress`` (0–100), ``pesan`` (the reason it failed) and ``selesai``. A job *kind* names
the body that works on such a row. A service creates the row and calls :func:`enqueue` inside its transaction;
the job is handed on only once that transaction commits, so no worker ever looks for a row that was rolled back.

Where it is handed on is ``settings.SIBINA_JOBS`` (read when a job is handed on, never at import):

``"celery"``  a Celery worker (the default when ``CELERY_BROKER_URL`` is set);
``"thread"``  a daemon thread of this process, the embedded default: the page polls the row. A kind registered
              with ``thread=False`` (an import, which the upload page has always waited for) runs inline instead;
``"inline"``  in this thread, at commit (tests, scripts);
``"queued"``  nowhere: the row stays QUEUED until :func:`run` is called for it (a test playing the worker).

:func:`run` claims a QUEUED row with a conditional update, so a job delivered twice runs once; whatever the body
raises is written on the row as FAILED with the message (a page shows it, never an error page). :func:`rerun`
queues a FAILED row again. Every end, DONE or FAILED, is one audit event "<kind>.done" or "<kind>.failed" on the
row (by the row's ``oleh`` where its model has one: the runner itself acts for nobody).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Final, Generic, Literal, TypeVar, get_args

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connections, models, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from sibina.audit.actions import job_end_action
from sibina.audit.services import audit_record

logger = logging.getLogger(__name__)

Mode = Literal["celery", "thread", "inline", "queued"]
MODES: Final[tuple[Mode, ...]] = get_args(Mode)
QUEUED, RUNNING, DONE, FAILED = "QUEUED", "RUNNING", "DONE", "FAILED"
# The fields of ``sibina.jobs.models.JobRow``, which every job model inherits.
JOB_FIELDS: Final = ("status", "progress", "tahap", "pesan", "mulai", "selesai")
MESSAGE_MAX = 2000  # characters of a failure kept on the row

Listener = Callable[
    [int, str], None
]  # (percent, stage in the reader's language): someone watching, e.g. a CLI
M = TypeVar("M", bound=models.Model)


class JobError(LookupError):
    """A job kind that is not registered, or a row that is not a job."""


@dataclass(frozen=True)
class JobKind(Generic[M]):
    """A kind of background job: its name, the model of its rows and the body that works on one row.

    ``body(row, listener)`` does the work and keeps the row's progress (see :func:`progress`); it may itself
    end the row FAILED with a reason (an infeasible plan). ``listener``, when given, is told the same progress.
    """

    name: str
    model: type[M]
    body: Callable[[M, Listener | None], object]
    thread: bool = True

    def enqueue(self, pk: int) -> None:
        enqueue(self.name, pk)

    def delay(self, pk: int) -> None:
        """Celery's spelling of :meth:`enqueue`, for callers written against a Celery task."""
        enqueue(self.name, pk)

    def run(self, pk: int, *, listener: Listener | None = None, log_failure: bool = True) -> M:
        row: M = run(self.name, pk, listener=listener, log_failure=log_failure)
        return row

    def rerun(self, pk: int) -> bool:
        return rerun(self.name, pk)


_KINDS: dict[str, JobKind[Any]] = {}


def register(
    name: str, *, model: type[M], body: Callable[[M, Listener | None], object], thread: bool = True
) -> JobKind[M]:
    """Declare a job kind (in an app's ``tasks`` module, which workers and :func:`kind` import)."""
    missing = [f for f in JOB_FIELDS if f not in {x.name for x in model._meta.get_fields()}]
    if missing:
        raise JobError(f"{model.__name__} is not a job row: it has no {', '.join(missing)}")
    if name in _KINDS and _KINDS[name].body is not body:
        raise JobError(f"job kind {name!r} is registered twice")
    job = JobKind(name=name, model=model, body=body, thread=thread)
    _KINDS[name] = job
    return job


def kind(name: str) -> JobKind[Any]:
    """The registered kind; the apps' ``tasks`` modules are imported the first time one is asked for."""
    if name not in _KINDS:
        autodiscover_modules("tasks")
    try:
        return _KINDS[name]
    except KeyError:
        raise JobError(f"no job kind {name!r}; known: {', '.join(sorted(_KINDS)) or '-'}") from None


def mode() -> Mode:
    value = getattr(settings, "SIBINA_JOBS", "thread")
    for m in MODES:
        if m == value:
            return m
    raise ImproperlyConfigured(f"SIBINA_JOBS must be one of {', '.join(MODES)}, not {value!r}")


def enqueue(name: str, pk: int) -> None:
    """Hand job ``pk`` of kind ``name`` on once the current transaction commits (at once outside one)."""
    job = kind(name)  # an unknown kind fails here, inside the caller's transaction, not later in a worker
    transaction.on_commit(partial(_hand_on, job, pk))


def _hand_on(job: JobKind[Any], pk: int) -> None:
    how = mode()
    if how == "queued":
        return
    if how == "inline" or (how == "thread" and not job.thread):
        run(job.name, pk)
    elif how == "thread":
        threading.Thread(
            target=_in_thread, args=(job.name, pk), name=f"job-{job.name}-{pk}", daemon=True
        ).start()
    else:
        try:
            celery_run.delay(job.name, pk)
        except Exception as exc:
            # The broker is down: say so on the row instead of leaving it queued for ever.
            logger.exception("Job %s %s could not be queued", job.name, pk)
            _fail(job, pk, _("Could not reach the job queue: %(error)s") % {"error": exc})
            _audit_end(job, job.model._default_manager.get(pk=pk))


def _in_thread(name: str, pk: int) -> None:
    try:
        run(name, pk)
    finally:
        connections.close_all()  # this thread's own connections; the web process's stay open


@shared_task(name="sibina.jobs.run")  # type: ignore[untyped-decorator]  # celery has no types
def celery_run(name: str, pk: int) -> None:
    run(name, pk)


def run(name: str, pk: int, *, listener: Listener | None = None, log_failure: bool = True) -> Any:
    """Run job ``pk`` here and now and return its row as it ended. A row that is not QUEUED (already taken by
    another worker, or finished) is left alone. A failure ends the row FAILED with its message; it is logged with
    its traceback unless the caller shows it itself (``log_failure=False``, the CLI)."""
    job = kind(name)
    manager = job.model._default_manager
    if not manager.filter(pk=pk, status=QUEUED).update(status=RUNNING):
        return manager.get(pk=pk)
    row = manager.get(pk=pk)
    try:
        job.body(row, listener)
    except Exception as exc:
        if log_failure:
            logger.exception("Job %s %s failed", name, pk)
        _fail(job, pk, _message(exc))
    else:
        # A body that returns has done its work; one that forgot to say so is finished here.
        manager.filter(pk=pk, status__in=(QUEUED, RUNNING)).update(
            status=DONE, progress=100, selesai=timezone.now()
        )
    ended = manager.get(pk=pk)
    _audit_end(job, ended)
    return ended


def rerun(name: str, pk: int) -> bool:
    """Queue a FAILED job again from the start (its row keeps its inputs); False when it had not failed."""
    job = kind(name)
    with transaction.atomic():
        again = job.model._default_manager.filter(pk=pk, status=FAILED).update(
            status=QUEUED, progress=0, pesan="", selesai=None
        )
        if again:
            enqueue(name, pk)
    return bool(again)


def progress(row: models.Model, pct: int, stage: str = "") -> None:
    """Write how far a running job is on its row, and its stage: what pages poll."""
    values: dict[str, object] = {"status": RUNNING, "progress": pct}
    if stage:
        values["tahap"] = stage
    type(row)._default_manager.filter(pk=row.pk).update(**values)
    for field, value in values.items():
        setattr(row, field, value)  # the caller's copy says what the row says


def _fail(job: JobKind[Any], pk: int, message: str) -> None:
    """End the row FAILED with ``message``; a row its body already ended FAILED keeps the body's own words."""
    job.model._default_manager.filter(pk=pk).exclude(status=FAILED).update(
        status=FAILED, pesan=message[:MESSAGE_MAX], selesai=timezone.now()
    )


def _audit_end(job: JobKind[Any], row: models.Model) -> None:
    """One audit event for a row that ended DONE or FAILED (with the failure's message). The row is already
    ended: an audit write that fails is logged rather than turned into the job's (or the page's) failure."""
    status = getattr(row, "status", "")
    if status not in (DONE, FAILED):
        return
    has_oleh = any(f.name == "oleh" for f in type(row)._meta.get_fields())
    after: dict[str, object] = {"status": status}
    if status == FAILED and getattr(row, "pesan", ""):
        after["pesan"] = row.pesan  # type: ignore[attr-defined]  # a JobRow's field
    try:
        with transaction.atomic():  # a savepoint: a failed write leaves a surrounding transaction usable
            audit_record(
                by=getattr(row, "oleh", None) if has_oleh else None,
                action=job_end_action(job.name, done=status == DONE),
                obj=row,
                after=after,
            )
    except Exception:
        logger.exception("The end of job %s %s could not be audited", job.name, row.pk)


def _message(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc) or type(exc).__name__
