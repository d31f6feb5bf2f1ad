"""The job runner on its own: when a job is handed on (at commit, never for a rolled-back row), where (inline,
queued, a thread, Celery, by SIBINA_JOBS), what a failure leaves on the row, and a re-run."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from pytest_django.fixtures import Settings

from sibina import jobs
from sibina.jobs import runner
from sibina.people.models import Instansi
from sibina.planning.models import PlanCycle, SolverRun

pytestmark = pytest.mark.django_db

calls: list[int] = []
failures: dict[int, BaseException] = {}  # run id -> what the body raises on its next call


def _echo(run: SolverRun, listener: jobs.Listener | None) -> None:
    calls.append(run.pk)
    jobs.progress(run, 40, "Halfway")
    if listener is not None:
        listener(40, "Halfway")
    if run.pk in failures:
        raise failures.pop(run.pk)


def _fails_in_own_words(run: SolverRun, listener: jobs.Listener | None) -> None:
    SolverRun.objects.filter(pk=run.pk).update(status=SolverRun.Status.FAILED, pesan="No plan: budget 0.")
    raise RuntimeError("a stack trace nobody should read")


ECHO = jobs.register("tests.echo", model=SolverRun, body=_echo)
ECHO_INLINE = jobs.register("tests.echo_inline", model=SolverRun, body=_echo, thread=False)
OWN_WORDS = jobs.register("tests.own_words", model=SolverRun, body=_fails_in_own_words)


@pytest.fixture(autouse=True)
def _fresh() -> None:
    calls.clear()
    failures.clear()


@pytest.fixture
def cycle() -> PlanCycle:
    instansi = Instansi.objects.create(kode="T1", nama="Kota Uji", jenis="KOTA")
    return PlanCycle.objects.create(instansi=instansi, tahun=2027, nama="Rencana 2027")


def _row(cycle: PlanCycle) -> SolverRun:
    return SolverRun.objects.create(cycle=cycle)


def _state(pk: int) -> tuple[str, int, str, bool]:
    run = SolverRun.objects.get(pk=pk)
    return run.status, run.progress, run.pesan, run.selesai is not None


def test_inline_runs_the_job_when_the_transaction_commits_not_before(cycle: PlanCycle) -> None:
    with transaction.atomic():
        run = _row(cycle)
        ECHO.enqueue(run.pk)
        assert calls == []  # the row is not committed yet: no worker may look for it
    assert calls == [run.pk]
    assert _state(run.pk) == ("DONE", 100, "", True)


def test_a_job_of_a_rolled_back_transaction_never_runs(cycle: PlanCycle) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        run = _row(cycle)
        ECHO.enqueue(run.pk)
        raise RuntimeError("the start failed after enqueueing")
    assert (calls, SolverRun.objects.count()) == ([], 0)


def test_queued_leaves_the_row_for_the_worker_which_runs_it_once(
    cycle: PlanCycle, settings: Settings
) -> None:
    settings.SIBINA_JOBS = "queued"
    run = _row(cycle)
    ECHO.enqueue(run.pk)
    assert (calls, _state(run.pk)) == ([], ("QUEUED", 0, "", False))
    heard: list[tuple[int, str]] = []
    done = ECHO.run(run.pk, listener=lambda pct, text: heard.append((pct, text)))
    assert (done.status, done.progress, calls, heard) == ("DONE", 100, [run.pk], [(40, "Halfway")])
    # Delivered a second time (Celery delivers at least once): the finished row is left alone.
    assert ECHO.run(run.pk).status == "DONE" and calls == [run.pk]


def test_progress_is_written_on_the_row(cycle: PlanCycle) -> None:
    run = _row(cycle)
    jobs.progress(run, 35, "Optimising")
    assert (run.status, run.progress, run.tahap) == ("RUNNING", 35, "Optimising")
    stored = SolverRun.objects.get(pk=run.pk)
    assert (stored.status, stored.progress, stored.tahap) == ("RUNNING", 35, "Optimising")


def test_a_failure_ends_the_row_failed_with_its_message_and_a_rerun_runs_it_again(cycle: PlanCycle) -> None:
    run = _row(cycle)
    failures[run.pk] = RuntimeError("the solver's child process was killed after 70 s")
    ECHO.enqueue(run.pk)
    assert calls == [run.pk]
    assert _state(run.pk) == ("FAILED", 40, "the solver's child process was killed after 70 s", True)

    assert ECHO.rerun(run.pk) is True
    assert calls == [run.pk, run.pk]
    assert _state(run.pk) == ("DONE", 100, "", True)
    # Only a failed job is run again.
    assert ECHO.rerun(run.pk) is False and calls == [run.pk, run.pk]


def test_a_refusal_is_stored_in_its_own_words(cycle: PlanCycle) -> None:
    run = _row(cycle)
    failures[run.pk] = ValidationError("The re-optimised plan breaks 2 leader decisions; it was not adopted.")
    ECHO.enqueue(run.pk)
    assert SolverRun.objects.get(pk=run.pk).pesan == (
        "The re-optimised plan breaks 2 leader decisions; it was not adopted."
    )


def test_a_body_that_failed_its_row_keeps_its_reason(cycle: PlanCycle) -> None:
    run = _row(cycle)
    OWN_WORDS.enqueue(run.pk)
    assert _state(run.pk)[:3] == ("FAILED", 0, "No plan: budget 0.")


class FakeThread:
    started: list[tuple[Any, tuple[object, ...], str]] = []

    def __init__(self, *, target: Any, args: tuple[object, ...], name: str, daemon: bool) -> None:
        assert daemon
        self.call = (target, args, name)

    def start(self) -> None:
        FakeThread.started.append(self.call)


def test_thread_mode_runs_a_job_in_a_thread_unless_its_kind_runs_inline(
    cycle: PlanCycle, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SIBINA_JOBS = "thread"
    FakeThread.started = []
    monkeypatch.setattr(runner.threading, "Thread", FakeThread)
    long, short = _row(cycle), _row(cycle)
    ECHO.enqueue(long.pk)
    ECHO_INLINE.enqueue(short.pk)
    assert FakeThread.started == [(runner._in_thread, ("tests.echo", long.pk), f"job-tests.echo-{long.pk}")]
    assert calls == [short.pk]
    assert (_state(long.pk)[0], _state(short.pk)[0]) == ("QUEUED", "DONE")


def test_celery_mode_hands_the_job_to_the_broker_and_says_so_when_it_is_down(
    cycle: PlanCycle, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SIBINA_JOBS = "celery"
    sent: list[tuple[str, int]] = []
    monkeypatch.setattr(runner.celery_run, "delay", lambda name, pk: sent.append((name, pk)))
    first = _row(cycle)
    ECHO.enqueue(first.pk)
    assert (sent, calls, _state(first.pk)[0]) == ([("tests.echo", first.pk)], [], "QUEUED")

    def down(name: str, pk: int) -> None:
        raise ConnectionError("Error 111 connecting to localhost:6379. Connection refused.")

    monkeypatch.setattr(runner.celery_run, "delay", down)
    second = _row(cycle)
    ECHO.enqueue(second.pk)
    assert _state(second.pk) == (
        "FAILED",
        0,
        "Could not reach the job queue: Error 111 connecting to localhost:6379. Connection refused.",
        True,
    )


def test_an_unknown_kind_is_refused_inside_the_callers_transaction(cycle: PlanCycle) -> None:
    with pytest.raises(jobs.JobError, match=re.escape("no job kind 'tests.nope'")), transaction.atomic():
        run = _row(cycle)
        jobs.enqueue("tests.nope", run.pk)
    assert SolverRun.objects.count() == 0


def test_an_unknown_mode_is_refused(cycle: PlanCycle, settings: Settings) -> None:
    settings.SIBINA_JOBS = "cron"
    with pytest.raises(
        ImproperlyConfigured, match="SIBINA_JOBS must be one of celery, thread, inline, queued"
    ):
        ECHO.enqueue(_row(cycle).pk)


def test_only_a_row_that_keeps_a_status_can_be_a_job() -> None:
    with pytest.raises(
        jobs.JobError, match="Instansi is not a job row: it has no status, progress, tahap, pesan"
    ):
        jobs.register("tests.bad", model=Instansi, body=lambda row, listener: None)


def test_the_apps_job_kinds_are_found_by_name() -> None:
    assert {jobs.kind(n).model.__name__ for n in ("planning.optimise", "approvals.consolidate")} == {
        "SolverRun"
    }
    assert jobs.kind("imports.import").model.__name__ == "ImportBatch"
    assert jobs.kind("imports.import").thread is False  # the upload page waits for it, as before
