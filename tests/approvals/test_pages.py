"""The approval pages per role: who sees what, who may act, and that a refused action changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sibina.approvals import services
from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.audit.models import AuditEvent
from sibina.planning.models import Plan, PlanItem
from tests.approvals.conftest import Actors
from tests.planning.conftest import Tiny


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


@pytest.fixture
def sent(tiny: Tiny, actors: Actors, base_plan: Plan) -> Persetujuan:
    p = services.persetujuan_start(plan=base_plan, by=actors.bkpsdm)
    services.persetujuan_send(
        persetujuan=p, by=actors.bkpsdm, version=p.version, batas=timezone.localdate() + dt.timedelta(days=3)
    )
    p.refresh_from_db()
    return p


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("bkpsdm", 200),
        ("kepala", 200),
        ("kepala_other", 404),
        ("ppk", 200),
        ("auditor", 200),
        ("pegawai", 403),  # the role may not open an OPD's review at all (sibina.access)
    ],
)
def test_review_page_is_for_its_own_head_and_the_wide_roles(
    actors: Actors, sent: Persetujuan, who: str, status: int
) -> None:
    review = sent.reviews.get(unit__kode="DINKES")
    before = AuditEvent.objects.filter(aksi="access.denied").count()
    r = _client(getattr(actors, who)).get(reverse("web:approval_review", args=[review.pk]))
    assert r.status_code == status
    assert AuditEvent.objects.filter(aksi="access.denied").count() == before + (status in (403, 404))


def test_head_sees_action_buttons_others_read_only(actors: Actors, sent: Persetujuan) -> None:
    review = sent.reviews.get(unit__kode="DINKES")
    url = reverse("web:approval_review", args=[review.pk])
    assert b'name="jenis" value="KUNCI"' in _client(actors.kepala).get(url).content
    for who in ("auditor", "ppk", "bkpsdm"):
        assert b'name="jenis" value="KUNCI"' not in _client(getattr(actors, who)).get(url).content


@pytest.mark.parametrize("who", ["auditor", "ppk", "kepala_other"])
def test_others_cannot_lock_through_the_page(actors: Actors, sent: Persetujuan, who: str) -> None:
    review = sent.reviews.get(unit__kode="DINKES")
    item = PlanItem.objects.filter(plan=sent.plan, pegawai__unit__kode="DINKES").first()
    assert item is not None
    r = _client(getattr(actors, who)).post(
        reverse("web:approval_review_item", args=[review.pk]),
        {"item": item.pk, "version": item.version, "jenis": "KUNCI"},
    )
    assert r.status_code in (403, 404)
    item.refresh_from_db()
    assert (Keputusan.objects.count(), item.version) == (0, 1)
    assert AuditEvent.objects.filter(aksi="access.denied").exists()


def test_head_locks_then_a_stale_form_is_refused_with_a_message(actors: Actors, sent: Persetujuan) -> None:
    review = sent.reviews.get(unit__kode="DINKES")
    item = PlanItem.objects.filter(
        plan=sent.plan, pegawai__unit__kode="DINKES", kegiatan__kode="KURSUS-INT"
    ).first()
    assert item is not None
    c = _client(actors.kepala)
    url = reverse("web:approval_review_item", args=[review.pk])
    form = {"item": item.pk, "version": item.version, "jenis": "KUNCI"}
    assert c.post(url, form).status_code == 302
    r = c.post(url, {**form, "jenis": "KECUALI"}, follow=True)
    assert r.status_code == 200
    assert b"Someone else changed" in r.content
    assert list(Keputusan.objects.values_list("jenis", flat=True)) == ["KUNCI"]


def test_bad_form_input_is_a_message_not_an_error(actors: Actors, sent: Persetujuan) -> None:
    review = sent.reviews.get(unit__kode="DINKES")
    c = _client(actors.kepala)
    r = c.post(
        reverse("web:approval_review_item", args=[review.pk]),
        {"item": "abc", "version": "x", "jenis": "KUNCI"},
        follow=True,
    )
    assert r.status_code == 200 and Keputusan.objects.count() == 0
    r = _client(actors.ppk).post(
        reverse("web:approval_set", args=[sent.pk]),
        {"version": sent.version, "nomor": "1", "tanggal": "30-11-2026"},
    )
    assert r.status_code == 302  # the bad date is reported as a message; nothing is set
    sent.refresh_from_db()
    assert (sent.tahap, sent.nomor_keputusan) == ("DIKIRIM", "")
    r = _client(actors.bkpsdm).post(
        reverse("web:approval_send", args=[sent.pk]),
        {"version": sent.version, "batas": "not a date"},
        follow=True,
    )
    assert r.status_code == 200 and b"YYYY-MM-DD" in r.content


@pytest.mark.parametrize("who", ["bkpsdm", "kepala", "ppk", "auditor", "pegawai"])
def test_cycle_page_shows_the_stage_to_every_role(actors: Actors, sent: Persetujuan, who: str) -> None:
    r = _client(getattr(actors, who)).get(
        reverse("web:approval_cycle", args=[sent.cycle.tahun]), {"instansi": sent.cycle.instansi.kode}
    )
    assert r.status_code == 200
    assert b'id="approval-stage"' in r.content
    assert (b'name="consolidate"' in r.content) == (who == "bkpsdm")


def test_status_command_and_reminders(actors: Actors, sent: Persetujuan) -> None:
    out = StringIO()
    call_command("approvals", "status", "--year", str(sent.cycle.tahun), stdout=out)
    status = json.loads(out.getvalue())
    assert status[0]["stage"] == "DIKIRIM"
    assert {r["opd"] for r in status[0]["reviews"]} == {"DINKES", "DISDIK"}
    ReviewOpd.objects.update(batas=timezone.localdate() - dt.timedelta(days=1))
    out = StringIO()
    call_command("approvals", "remind", stdout=out)
    assert out.getvalue().strip() == "reminders sent: 2"


def test_the_admin_shows_the_approval_read_only(actors: Actors, sent: Persetujuan) -> None:
    from django.contrib.auth.models import User

    admin_user = User.objects.create_superuser("root", "root@example.invalid", "unused-in-tests-2027")
    c = _client(admin_user)
    assert c.get(reverse("admin:approvals_persetujuan_changelist")).status_code == 200
    assert c.get(reverse("admin:approvals_persetujuan_add")).status_code == 403
    r = c.post(reverse("admin:approvals_persetujuan_delete", args=[sent.pk]), {"post": "yes"})
    assert r.status_code == 403
    assert Persetujuan.objects.filter(pk=sent.pk).exists()
