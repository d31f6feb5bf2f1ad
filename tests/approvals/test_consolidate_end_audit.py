"""A consolidation's end is audited like its start (issue 12): "approvals.consolidate.done" on the run, by who
started it, written by the job runner; in the trail both read as words."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from sibina.approvals import services
from sibina.approvals.tasks import consolidate_start
from sibina.audit.models import AuditEvent
from sibina.audit.readable import readable
from sibina.optimiser import SolveOptions
from sibina.planning.models import Plan
from tests.approvals.conftest import Actors

FAST = SolveOptions(time_limit=10)


def test_a_consolidation_start_and_end_are_both_in_the_trail(actors: Actors, base_plan: Plan) -> None:
    p = services.persetujuan_start(plan=base_plan, by=actors.bkpsdm)
    services.persetujuan_send(
        persetujuan=p, by=actors.bkpsdm, version=p.version, batas=timezone.localdate() + dt.timedelta(days=7)
    )
    p.refresh_from_db()
    run = consolidate_start(persetujuan=p, by=actors.bkpsdm, version=p.version, force=True, options=FAST)
    run.refresh_from_db()
    assert run.status == "DONE"  # inline in tests
    events = list(
        AuditEvent.objects.filter(
            aksi__in=["approval.consolidate_start", "approvals.consolidate.done"]
        ).order_by("pk")
    )
    assert [(e.aksi, e.username, e.objek_tipe) for e in events] == [
        ("approval.consolidate_start", "bkpsdm", "approvals.persetujuan"),
        ("approvals.consolidate.done", "bkpsdm", "planning.solverrun"),
    ]
    assert events[1].objek_id == str(run.pk)
    with translation.override("en"):
        assert [r.action for r in readable(events)] == ["Consolidation started", "Consolidation finished"]
