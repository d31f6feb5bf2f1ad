"""An optimisation's end is audited like its start (issue 12): the job runner writes "planning.optimise.done" or
"planning.optimise.failed" on the run, by the person who started it, and the trail names both in words."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import translation

from sibina.audit.models import AuditEvent
from sibina.audit.readable import readable
from sibina.optimiser import SolveOptions
from sibina.planning.services import plan_optimise_start
from tests.planning.conftest import Tiny

GREEDY = SolveOptions(method="greedy", time_limit=7.5)


def _trail() -> list[tuple[str, str, str, str]]:
    return [
        (e.aksi, e.username, e.objek_tipe, (e.sesudah or {}).get("status") or "")
        for e in AuditEvent.objects.filter(aksi__startswith="plan").order_by("pk")
    ]


def test_an_optimisation_that_ends_done_is_audited_by_who_started_it(tiny: Tiny) -> None:
    analis = User.objects.create_user(username="analis")
    run = plan_optimise_start(cycle=tiny.cycle, skenario=None, by=analis, options=GREEDY, marginal=False)
    run.refresh_from_db()
    assert run.status == "DONE"
    assert _trail() == [
        ("plan.optimise_start", "analis", "planning.plancycle", ""),
        ("planning.optimise.done", "analis", "planning.solverrun", "DONE"),
    ]
    with translation.override("en"):
        start, end = readable(list(AuditEvent.objects.filter(aksi__startswith="plan").order_by("pk")))
    assert (start.action, end.action) == ("Optimisation started", "Optimisation finished")
    assert [(c.field, c.after) for c in end.changes] == [("Job status", "Done")]


def test_an_optimisation_that_fails_is_audited_with_its_reason(tiny: Tiny) -> None:
    tiny.cycle.anggaran.update(batas=Decimal(1_000_000))  # cannot pay the mandatory Latsar (Rp 9 juta)
    run = plan_optimise_start(cycle=tiny.cycle, skenario=None, by=None, options=GREEDY, marginal=False)
    run.refresh_from_db()
    assert run.status == "FAILED"
    [end] = AuditEvent.objects.filter(aksi="planning.optimise.failed")
    assert (end.oleh, end.objek_id, end.sesudah) == (
        None,
        str(run.pk),
        {"status": "FAILED", "pesan": run.pesan},
    )
