"""The tasks each role's home lists, walked through the approval on the tiny city: the plan to put up and send
(BKPSDM), the review with its deadline (the Kepala OPD of each OPD in the plan, nobody else), a returned part to
follow up and the consolidation (BKPSDM), the decree to set (PPK); proposals to endorse and verify."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sibina.approvals import decisions, services
from sibina.coaching.models import PenugasanPembimbing, SesiBimbingan
from sibina.competency.models import Kompetensi
from sibina.dashboards.tasks import Task, tasks_for
from sibina.imports.models import ImportBatch
from sibina.needs.models import Usulan
from sibina.people.models import Pegawai
from sibina.people.scope import scope_for
from sibina.planning.models import Plan
from sibina.roles import Role
from tests.approvals.conftest import Actors, account
from tests.planning.conftest import Tiny


def today() -> dt.date:
    """Today in Binjai, read when asked: a module-level constant went stale when a run crossed midnight in
    Asia/Jakarta (17:00 UTC) and the services refused deadlines "in the past"."""
    return timezone.localdate()


def _tasks(user: User, day: dt.date | None = None) -> list[Task]:
    return tasks_for(scope_for(user), day or today())


def _kinds(user: User, day: dt.date | None = None) -> list[str]:
    return [t.kind for t in _tasks(user, day)]


def test_tasks_follow_the_approval(tiny: Tiny, actors: Actors, base_plan: Plan) -> None:
    assert _kinds(actors.bkpsdm) == ["send"]  # optimised, not yet up for approval
    assert _kinds(actors.kepala) == [] and _kinds(actors.ppk) == []
    assert _kinds(actors.pegawai) == ["propose"]  # the plan is still being drawn up

    p = services.persetujuan_start(plan=base_plan, by=actors.bkpsdm)
    assert _kinds(actors.bkpsdm) == ["send"]  # the draft
    assert _kinds(actors.pegawai) == []  # too late to propose for this plan
    batas = today() + dt.timedelta(days=7)
    services.persetujuan_send(persetujuan=p, by=actors.bkpsdm, version=p.version, batas=batas)
    p.refresh_from_db()
    dinkes = p.reviews.get(unit__kode="DINKES")
    [task] = _tasks(actors.kepala)
    assert (task.kind, task.due, task.overdue) == ("review", batas, False)
    assert task.url == f"/persetujuan/review/{dinkes.pk}/" and "DINKES" not in task.label
    assert [t.url for t in _tasks(actors.kepala_other)] == [
        f"/persetujuan/review/{p.reviews.get(unit__kode='DISDIK').pk}/"
    ]
    assert _tasks(actors.kepala, batas + dt.timedelta(days=1))[0].overdue
    assert _kinds(actors.bkpsdm) == [] and _kinds(actors.ppk) == [] and _kinds(actors.auditor) == []

    # Dinkes approves, Disdik returns: BKPSDM follows up the comment, then consolidates.
    decisions.review_decide(review=dinkes, by=actors.kepala, version=dinkes.version, setuju=True, komentar="")
    disdik = p.reviews.get(unit__kode="DISDIK")
    decisions.review_decide(
        review=disdik, by=actors.kepala_other, version=disdik.version, setuju=False, komentar="Tambah kuota"
    )
    assert _kinds(actors.kepala) == [] and _kinds(actors.kepala_other) == []
    assert _kinds(actors.bkpsdm) == ["consolidate", "follow_up"]  # dated first
    follow_up = next(t for t in _tasks(actors.bkpsdm) if t.kind == "follow_up")
    assert follow_up.url.endswith("#follow-up-DISDIK")

    services.persetujuan_consolidated(persetujuan=p, plan=base_plan, by=actors.bkpsdm)
    [decree] = _tasks(actors.ppk)
    assert decree.kind == "decree" and decree.url == f"/persetujuan/{tiny.cycle.tahun}/"
    assert _kinds(actors.bkpsdm) == []


def test_proposals_wait_for_the_supervisor_then_bkpsdm(tiny: Tiny, actors: Actors) -> None:
    boss = tiny.pns[1]
    tiny.pns[2].atasan = boss
    tiny.pns[2].save(update_fields=["atasan"])
    atasan = account("atasan", Role.ATASAN, boss)
    k = Kompetensi.objects.first()
    assert k is not None
    u = Usulan.objects.create(pegawai=tiny.pns[2], tahun=2027, kompetensi=k, level_target=3, uraian="x")
    [task, own] = _tasks(atasan)
    assert (task.kind, task.url) == ("endorse", "/usulan/atasan/")
    assert (own.kind, own.url) == ("propose", "/usulan/")  # the supervisor's own proposal, for themselves
    assert "verify" not in _kinds(actors.bkpsdm)
    Usulan.objects.filter(pk=u.pk).update(status=Usulan.Status.DISETUJUI_ATASAN)
    assert _kinds(atasan) == ["propose"]
    assert [t.url for t in _tasks(actors.bkpsdm) if t.kind == "verify"] == ["/usulan/verifikasi/"]


def test_query_count_does_not_grow_with_rows(tiny: Tiny, actors: Actors, base_plan: Plan) -> None:
    p = services.persetujuan_start(plan=base_plan, by=actors.bkpsdm)
    services.persetujuan_send(persetujuan=p, by=actors.bkpsdm, version=p.version, batas=today())
    scope = scope_for(actors.bkpsdm)
    with CaptureQueriesContext(connection) as few:
        tasks_for(scope, today())
    k = Kompetensi.objects.first()
    Usulan.objects.bulk_create(
        Usulan(pegawai=e, tahun=2027, kompetensi=k, level_target=2, uraian="x", status="DISETUJUI")
        for e in tiny.pns
    )
    with CaptureQueriesContext(connection) as many:
        tasks_for(scope, today())
    assert len(many) == len(few) <= 8


def test_bkpsdm_is_told_to_optimise_and_of_imports_with_errors(tiny: Tiny, actors: Actors) -> None:
    [task] = _tasks(actors.bkpsdm)  # the cycle has no optimised plan yet
    assert (task.kind, task.url) == ("optimise", f"/rencana/{tiny.cycle.tahun}/")
    ok = ImportBatch.objects.create(jenis="PEGAWAI", instansi=tiny.instansi, nama_file="ok.xlsx", sha256="a")
    bad = ImportBatch.objects.create(
        jenis="PEGAWAI", instansi=tiny.instansi, nama_file="siasn.xlsx", sha256="b", jumlah_galat=3
    )
    imports = [t for t in _tasks(actors.bkpsdm) if t.kind == "import"]
    assert [(t.url, "siasn.xlsx" in t.label) for t in imports] == [(f"/impor/{bad.pk}/", True)]
    assert ok.pk != bad.pk and _kinds(actors.kepala) == []  # not a Kepala OPD's task


def test_an_employee_is_asked_to_propose_once_per_open_plan_year(tiny: Tiny, actors: Actors) -> None:
    [task] = _tasks(actors.pegawai)
    assert (task.kind, task.url, task.due) == ("propose", "/usulan/", None)
    assert str(tiny.cycle.tahun) in task.label
    assert _tasks(actors.pegawai, dt.date(tiny.cycle.tahun + 1, 1, 1)) == []  # that year has gone by
    me = Pegawai.objects.get(user=actors.pegawai)
    k = Kompetensi.objects.first()
    assert k is not None
    Usulan.objects.create(pegawai=me, tahun=tiny.cycle.tahun, kompetensi=k, level_target=3, uraian="x")
    assert _kinds(actors.pegawai) == []


def test_a_coach_is_reminded_of_a_quiet_assignment(tiny: Tiny, actors: Actors) -> None:
    coach = Pegawai.objects.get(user=actors.pegawai)
    Usulan.objects.create(  # no "propose" task in the way
        pegawai=coach,
        tahun=tiny.cycle.tahun,
        kompetensi=Kompetensi.objects.first(),
        level_target=3,
        uraian="x",
    )
    mentee = next(e for e in tiny.pns if e.pk != coach.pk)
    p = PenugasanPembimbing.objects.create(
        pembimbing=coach, pegawai=mentee, jenis="NKL01", mulai=today() - dt.timedelta(days=60)
    )
    [task] = _tasks(actors.pegawai)
    assert (task.kind, task.url) == ("coach", f"/pembimbingan/{p.pk}/")
    assert mentee.nama in task.label and "30" in task.label
    session = dict(penugasan=p, topik="x", menit=60, jp=Decimal(1), dihitung=True)
    SesiBimbingan.objects.create(tanggal=today() - dt.timedelta(days=31), **session)
    assert _kinds(actors.pegawai) == ["coach"]  # the last session is older than 30 days
    SesiBimbingan.objects.create(tanggal=today() - dt.timedelta(days=30), **session)
    assert _kinds(actors.pegawai) == []
    assert _kinds(actors.pegawai, today() + dt.timedelta(days=1)) == [
        "coach"
    ]  # a day later it is 31 days ago
    PenugasanPembimbing.objects.filter(pk=p.pk).update(aktif=False)
    assert _tasks(actors.pegawai, today() + dt.timedelta(days=1)) == []
    assert _kinds(User.objects.get(pk=actors.bkpsdm.pk)) == ["optimise"]  # not the coach: no coaching task
