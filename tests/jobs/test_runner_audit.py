"""Every job's end is one audit event, whatever its kind: "<kind>.done" or "<kind>.failed" on the row, by the row's
``oleh`` (the runner acts for nobody), with the failure's message."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from sibina import jobs
from sibina.audit.models import AuditEvent
from sibina.people.models import Instansi
from sibina.planning.models import PlanCycle, SolverRun

pytestmark = pytest.mark.django_db


def _works(run: SolverRun, listener: jobs.Listener | None) -> None:
    jobs.progress(run, 50, "Halfway")


def _raises(run: SolverRun, listener: jobs.Listener | None) -> None:
    raise RuntimeError("the solver ran out of memory")


def _ends_itself(run: SolverRun, listener: jobs.Listener | None) -> None:
    SolverRun.objects.filter(pk=run.pk).update(status=SolverRun.Status.FAILED, pesan="No plan: budget 0.")


WORKS = jobs.register("tests.audit_works", model=SolverRun, body=_works)
RAISES = jobs.register("tests.audit_raises", model=SolverRun, body=_raises)
ENDS_ITSELF = jobs.register("tests.audit_ends_itself", model=SolverRun, body=_ends_itself)


@pytest.fixture
def cycle() -> PlanCycle:
    instansi = Instansi.objects.create(kode="T1", nama="Kota Uji", jenis="KOTA")
    return PlanCycle.objects.create(instansi=instansi, tahun=2027, nama="Rencana 2027")


def _ends(kind: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(aksi__startswith=kind + ".").order_by("id"))


def test_a_job_done_is_audited_once_by_the_rows_user(cycle: PlanCycle) -> None:
    user = User.objects.create_user("admin.bkpsdm")
    run = SolverRun.objects.create(cycle=cycle, oleh=user)
    assert WORKS.run(run.pk).status == "DONE"
    WORKS.run(run.pk)  # delivered twice: runs (and ends) once
    [event] = _ends("tests.audit_works")
    assert (event.aksi, event.oleh, event.username) == ("tests.audit_works.done", user, "admin.bkpsdm")
    assert (event.objek_tipe, event.objek_id, event.sesudah) == (
        "planning.solverrun",
        str(run.pk),
        {"status": "DONE"},
    )
    assert event.instansi_id == cycle.instansi_id


def test_a_job_that_raises_is_audited_failed_with_its_message(cycle: PlanCycle) -> None:
    run = SolverRun.objects.create(cycle=cycle)  # no user: a start from the command line
    RAISES.run(run.pk, log_failure=False)
    [event] = _ends("tests.audit_raises")
    assert (event.aksi, event.oleh, event.username) == ("tests.audit_raises.failed", None, "")
    assert event.sesudah == {"status": "FAILED", "pesan": "the solver ran out of memory"}


def test_a_job_that_ends_itself_failed_is_audited_failed_in_its_own_words(cycle: PlanCycle) -> None:
    run = SolverRun.objects.create(cycle=cycle)
    ENDS_ITSELF.run(run.pk)
    [event] = _ends("tests.audit_ends_itself")
    assert event.aksi == "tests.audit_ends_itself.failed"
    assert event.sesudah == {"status": "FAILED", "pesan": "No plan: budget 0."}


def test_a_rerun_ends_again_and_is_audited_again(cycle: PlanCycle) -> None:
    run = SolverRun.objects.create(cycle=cycle)
    RAISES.run(run.pk, log_failure=False)
    assert RAISES.rerun(run.pk)  # inline in tests: queued again and run at once
    assert [e.aksi for e in _ends("tests.audit_raises")] == ["tests.audit_raises.failed"] * 2


def test_a_job_the_queue_cannot_take_is_audited_failed(cycle: PlanCycle, settings, monkeypatch) -> None:
    from sibina.jobs import runner

    def broker_down(*args: object) -> None:
        raise ConnectionError("broker unreachable")

    settings.SIBINA_JOBS = "celery"
    monkeypatch.setattr(runner.celery_run, "delay", broker_down)
    run = SolverRun.objects.create(cycle=cycle)
    WORKS.enqueue(run.pk)
    [event] = _ends("tests.audit_works")
    assert event.aksi == "tests.audit_works.failed"
    assert "broker unreachable" in event.sesudah["pesan"]
