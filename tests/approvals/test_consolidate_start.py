"""Starting a consolidation is an optimisation start: one run with the options and the leaders' pins, and exactly
one audit event (``approval.consolidate_start``: who, options, pins), from the service and from the page."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from sibina.approvals import decisions, services
from sibina.approvals.models import Persetujuan
from sibina.approvals.tasks import consolidate, consolidate_start
from sibina.audit.models import AuditEvent
from sibina.optimiser import SolveOptions
from sibina.planning.builder import Pins
from sibina.planning.models import Plan, SolverRun
from tests.approvals.conftest import Actors
from tests.planning.conftest import Tiny

FAST = SolveOptions(time_limit=10)


def _sent(plan: Plan, actors: Actors) -> Persetujuan:
    p = services.persetujuan_start(plan=plan, by=actors.bkpsdm)
    services.persetujuan_send(
        persetujuan=p, by=actors.bkpsdm, version=p.version, batas=timezone.localdate() + dt.timedelta(days=7)
    )
    p.refresh_from_db()
    return p


def _starts() -> list[tuple[str, str, str, dict[str, object] | None]]:
    return [
        (e.aksi, e.username, e.objek_id, e.sesudah)
        for e in AuditEvent.objects.filter(aksi__in=["approval.consolidate_start", "plan.optimise_start"])
    ]


def test_the_service_start_is_one_event_and_the_options_round_trip(
    tiny: Tiny, actors: Actors, base_plan: Plan, settings: Settings
) -> None:
    settings.SIBINA_JOBS = "queued"  # the test plays the worker
    p = _sent(base_plan, actors)
    keep = base_plan.items.filter(kegiatan=tiny.course).order_by("pk").first()
    assert keep is not None
    decisions.item_decide(
        review=p.reviews.get(unit__kode="DINKES"),
        item=keep,
        by=actors.kepala,
        version=keep.version,
        jenis="KUNCI",
    )
    p.refresh_from_db()
    run = consolidate_start(persetujuan=p, by=actors.bkpsdm, version=p.version, force=True, options=FAST)
    run.refresh_from_db()
    assert (run.status, run.oleh, SolveOptions.from_json(run.parameters)) == ("QUEUED", actors.bkpsdm, FAST)
    assert (run.parameters["persetujuan"], Pins.from_json(run.parameters["pins"]).locked) == (
        p.pk,
        frozenset({(keep.pegawai_id, keep.kegiatan_id)}),
    )
    assert _starts() == [
        (
            "approval.consolidate_start",
            "bkpsdm",
            str(p.pk),
            {"run": run.pk, "skenario": None, "options": FAST.to_json(), "locked": 1, "excluded": 0},
        )
    ]
    run = consolidate.run(run.pk)
    p.refresh_from_db()
    assert (run.status, p.tahap, p.plan.solver_run_id) == ("DONE", "KONSOLIDASI", run.pk)
    assert len(_starts()) == 1


def test_the_page_start_is_one_event_too(actors: Actors, base_plan: Plan) -> None:
    p = _sent(base_plan, actors)
    client = Client()
    client.force_login(actors.bkpsdm)
    response = client.post(
        reverse("web:approval_consolidate", args=[p.pk]), {"version": str(p.version), "force": "1"}
    )
    run = SolverRun.objects.get(parameters__persetujuan=p.pk)
    assert response["Location"] == reverse("web:plan_run", args=[run.pk])
    assert (run.status, SolveOptions.from_json(run.parameters)) == ("DONE", SolveOptions())
    assert _starts() == [
        (
            "approval.consolidate_start",
            "bkpsdm",
            str(p.pk),
            {
                "run": run.pk,
                "skenario": None,
                "options": SolveOptions().to_json(),
                "locked": 0,
                "excluded": 0,
            },
        )
    ]


def test_a_refused_start_writes_no_event_and_no_run(actors: Actors, base_plan: Plan) -> None:
    p = _sent(base_plan, actors)
    client = Client()
    client.force_login(actors.bkpsdm)
    client.post(reverse("web:approval_consolidate", args=[p.pk]), {"version": str(p.version)})  # reviews open
    assert (SolverRun.objects.filter(parameters__persetujuan=p.pk).count(), _starts()) == (0, [])
