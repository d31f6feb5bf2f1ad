"""Notifications: each event that makes a task notifies its people once (plan sent → the heads of the OPDs in
the plan; consolidated → the PPK; proposal submitted → the supervisor; endorsed → BKPSDM), each is e-mailed
once by the job runner, the menu counts the unread ones and the list page marks them read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from sibina.approvals import services
from sibina.competency.models import Kompetensi
from sibina.needs.services import usulan_decide_supervisor, usulan_submit
from sibina.notifications.models import Notifikasi, Pengiriman
from sibina.notifications.tasks import email, send_pending
from sibina.planning.models import Plan
from sibina.roles import Role
from tests.approvals.conftest import Actors, account
from tests.planning.conftest import Tiny


def today() -> dt.date:
    """Today in Binjai, read when asked: a module-level constant went stale when a run crossed midnight in
    Asia/Jakarta (17:00 UTC) and the services refused deadlines "in the past"."""
    return timezone.localdate()


def _emails(users: list[User]) -> None:
    for u in users:
        u.email = f"{u.username}@example.invalid"
        u.save(update_fields=["email"])


def test_plan_sent_and_consolidated_notify_once_and_email_once(
    tiny: Tiny, actors: Actors, base_plan: Plan, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SIBINA_JOBS = "inline"
    settings.SIBINA_SITE_URL = "https://sibina.example.invalid"
    _emails([actors.kepala, actors.kepala_other, actors.ppk, actors.bkpsdm])
    p = services.persetujuan_start(plan=base_plan, by=actors.bkpsdm)
    batas = today() + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.persetujuan_send(persetujuan=p, by=actors.bkpsdm, version=p.version, batas=batas)
    sent = Notifikasi.objects.order_by("user__username")
    assert [(n.user.username, n.jenis) for n in sent] == [("kadinkes", "REVIEW"), ("kadisdik", "REVIEW")]
    dinkes = p.reviews.get(unit__kode="DINKES")
    mine = Notifikasi.objects.get(user=actors.kepala)
    assert mine.url == f"/persetujuan/review/{dinkes.pk}/" and mine.params["batas"] == batas.isoformat()
    with translation.override("en"):
        assert "Dinas Kesehatan" in mine.text or dinkes.unit.nama in mine.text
    assert sorted(m.to[0] for m in mail.outbox) == ["kadinkes@example.invalid", "kadisdik@example.invalid"]
    link = f"https://sibina.example.invalid/persetujuan/review/{dinkes.pk}/"
    assert [link in m.body for m in mail.outbox if m.to == ["kadinkes@example.invalid"]] == [True]
    assert all(n.emailed_at is not None for n in sent)

    # A second dispatch (a job delivered twice, or the next event's) sends nothing already sent.
    assert send_pending() == 0 and len(mail.outbox) == 2

    p.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.persetujuan_consolidated(persetujuan=p, plan=base_plan, by=actors.bkpsdm)
    decree = Notifikasi.objects.get(jenis="DECREE")
    assert decree.user == actors.ppk and decree.url == f"/persetujuan/{tiny.cycle.tahun}/"
    assert [m.to for m in mail.outbox[2:]] == [["sekda@example.invalid"]]
    assert Pengiriman.objects.filter(status="DONE").count() == 2


def test_a_failed_send_is_sent_by_the_next_dispatch(
    tiny: Tiny, actors: Actors, settings: Any, monkeypatch: Any
) -> None:
    settings.SIBINA_JOBS = "queued"
    _emails([actors.ppk])
    from sibina.notifications.services import notify

    notify(users=[actors.ppk, actors.ppk], jenis="DECREE", params={"tahun": 2027}, url="/persetujuan/2027/")
    assert Notifikasi.objects.count() == 1  # one per account
    first = Pengiriman.objects.get()

    def broken(*args: object, **kw: object) -> None:
        raise OSError("SMTP down")

    monkeypatch.setattr("sibina.notifications.tasks.send_mail", broken)
    assert email.run(first.pk).status == "FAILED"
    assert Notifikasi.objects.get().emailed_at is None
    monkeypatch.undo()
    assert email.rerun(first.pk) is True
    assert email.run(first.pk).status == "DONE" and len(mail.outbox) == 1
    assert email.run(first.pk).status == "DONE" and len(mail.outbox) == 1  # not run twice


def test_proposal_submitted_notifies_the_supervisor_and_endorsed_bkpsdm(
    tiny: Tiny, actors: Actors, settings: Any
) -> None:
    settings.SIBINA_JOBS = "queued"
    boss, staff = tiny.pns[1], tiny.pns[2]
    staff.atasan = boss
    staff.save(update_fields=["atasan"])
    atasan = account("atasan", Role.ATASAN, boss)
    me = account("staf", Role.PEGAWAI, staff)
    k = Kompetensi.objects.first()
    u = usulan_submit(pegawai=staff, tahun=2027, kompetensi=k, level_target=3, uraian="Perlu", by=me)
    n = Notifikasi.objects.get()
    assert (n.user, n.jenis, n.url) == (atasan, "ENDORSE", "/usulan/atasan/")
    usulan_decide_supervisor(usulan=u, by=atasan, approve=True, catatan="", version=u.version)
    verify = Notifikasi.objects.get(jenis="VERIFY")
    assert verify.user == actors.bkpsdm and verify.url == "/usulan/verifikasi/"
    assert Notifikasi.objects.count() == 2  # the PPK, the auditor and the heads are not told
    assert Pengiriman.objects.count() == 0  # nobody told has an e-mail address: no dispatch job


def test_menu_counts_unread_and_the_list_marks_them_read(tiny: Tiny, actors: Actors, settings: Any) -> None:
    settings.SIBINA_JOBS = "queued"
    from sibina.notifications.services import notify

    notify(users=[actors.ppk], jenis="DECREE", params={"tahun": 2027, "batas": ""}, url="/persetujuan/2027/")
    notify(users=[actors.bkpsdm], jenis="DECREE", params={"tahun": 2027}, url="/persetujuan/2027/")
    client = Client()
    client.force_login(actors.ppk)
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="unread-count"' in home and ">1</span>" in home
    page = client.get("/notifikasi/").content.decode()
    assert 'href="/persetujuan/2027/"' in page and "task-unread" in page
    assert Notifikasi.objects.get(user=actors.ppk).read_at is not None
    assert Notifikasi.objects.get(user=actors.bkpsdm).read_at is None  # another account's stays unread
    assert 'id="unread-count"' not in client.get("/").content.decode()
