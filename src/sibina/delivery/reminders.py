"""Reminders of delivery, each sent exactly once per trigger: a class starting within a few days (to each invited
or accepting participant) and an invitation still unanswered then (to the participant's direct supervisor); and
the escalation ladders of commitment (``escalation``: JP short at the start of Q3, no-shows, overdue milestones).

"Exactly once" is held by the database: each reminder first inserts its ``Pengingat`` row (unique per
enrolment and trigger) in its own transaction, and only the insert that succeeds notifies. The command run
twice, or two workers at once, find the row there and send nothing. The notifications' e-mail goes through the
job runner like every other notification's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from django.db import IntegrityError, transaction
from django.urls import reverse

from sibina import jobs
from sibina.audit.services import audit_record
from sibina.delivery import domain, escalation
from sibina.delivery.models import Kelas, Pengingat, PengingatRun, Peserta
from sibina.notifications.models import Notifikasi
from sibina.notifications.services import notify

REMIND_JOB: Final = "delivery.remind"

# Reminders of the apps above delivery run with these (evaluation's L1/L3 reminders): each takes the day and
# returns how many accounts it told; registered by those apps when they are ready.
EXTRA: list[Callable[..., int]] = []


def _params(kelas: Kelas) -> dict[str, object]:
    return {
        "kegiatan": kelas.kegiatan.judul,
        "mulai": kelas.mulai.isoformat(),
        "selesai": kelas.selesai.isoformat(),
        "tempat": kelas.tempat or kelas.tautan,
    }


def _once(peserta: Peserta, jenis: str) -> bool:
    """Claim the trigger for this enrolment; False when it was claimed before (by this run or another)."""
    try:
        with transaction.atomic():
            Pengingat.objects.create(peserta=peserta, jenis=jenis)
    except IntegrityError:
        return False
    return True


def remind(*, today: dt.date) -> int:
    """Send every reminder due on ``today`` not sent before; returns how many went out."""
    horizon = today + dt.timedelta(days=domain.SEGERA_HARI)
    rows = (
        Peserta.objects.filter(
            status__in=[Peserta.Status.DIUNDANG, Peserta.Status.DITERIMA],
            kelas__status=Kelas.Status.DIBUKA,
            kelas__mulai__gt=today,
            kelas__mulai__lte=horizon,
        )
        .select_related("kelas__kegiatan", "pegawai__user", "pegawai__atasan__user")
        .order_by("kelas__mulai", "id")
    )
    sent = 0
    for p in rows:
        if not domain.reminder_due(mulai=p.kelas.mulai, today=today):
            continue
        user = p.pegawai.user
        if user is not None and user.is_active:
            with transaction.atomic():
                if _once(p, Pengingat.Jenis.KELAS_SEGERA):
                    notify(
                        users=[user],
                        jenis=Notifikasi.Jenis.CLASS_SOON,
                        params=_params(p.kelas),
                        url=reverse("web:my_development"),
                    )
                    sent += 1
        boss = p.pegawai.atasan.user if p.pegawai.atasan is not None else None
        if p.status == Peserta.Status.DIUNDANG and boss is not None and boss.is_active:
            with transaction.atomic():
                if _once(p, Pengingat.Jenis.BELUM_DIJAWAB):
                    notify(
                        users=[boss],
                        jenis=Notifikasi.Jenis.UNANSWERED,
                        params={**_params(p.kelas), "pegawai": p.pegawai.nama_lengkap},
                        url=reverse("web:delivery_team") + "?status=belum",
                    )
                    sent += 1
    return sent + escalation.escalate(today=today) + sum(extra(today=today) for extra in EXTRA)


def remind_run(row: PengingatRun, listener: jobs.Listener | None) -> None:
    sent = remind(today=row.tanggal)
    PengingatRun.objects.filter(pk=row.pk).update(terkirim=sent)
    audit_record(by=None, action="delivery.remind", obj=row, after={"tanggal": row.tanggal, "terkirim": sent})
