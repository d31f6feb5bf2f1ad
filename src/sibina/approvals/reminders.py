"""Deadlines of the approval workflow: who is reminded (Kepala OPD, PPK) and the daily reminders."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sibina.approvals.guards import Tahap
from sibina.approvals.models import Persetujuan, ReviewOpd
from sibina.audit.models import AuditEvent
from sibina.audit.services import audit_record
from sibina.formats import tanggal
from sibina.people.models import UnitKerja
from sibina.roles import Role

# --- deadlines ----------------------------------------------------------------------------------------------


def kepala_users(unit: UnitKerja) -> list[User]:
    """The accounts acting as Kepala OPD for this OPD."""
    return list(
        User.objects.filter(
            groups__name=Role.KEPALA_OPD.value,
            pegawai__unit__path__startswith=unit.path,
            is_active=True,
        ).distinct()
    )


def ppk_users(instansi_id: int) -> list[User]:
    return list(
        User.objects.filter(groups__name=Role.PPK.value, is_active=True)
        .filter(pegawai__instansi_id=instansi_id)
        .distinct()
    )


def setting_remind(*, today: dt.date, by: User | None = None) -> int:
    """Remind the PPK of a consolidated plan whose deadline for setting it has passed (once a day)."""
    sent = 0
    late = Persetujuan.objects.filter(tahap=Tahap.DIKONSOLIDASI, batas_penetapan__lt=today).select_related(
        "cycle"
    )
    for p in late:
        last = (
            AuditEvent.objects.filter(aksi="approval.set.remind", objek_id=str(p.pk))
            .order_by("-waktu")
            .values_list("waktu", flat=True)
            .first()
        )
        already = last is not None and timezone.localdate(last) >= timezone.localdate()
        if already:
            continue
        to = [u.email for u in ppk_users(p.cycle.instansi_id) if u.email]
        if to:
            send_mail(
                _("SiBina: the %(year)s plan is waiting to be set") % {"year": p.cycle.tahun},
                _("The consolidated plan was due to be set on %(date)s. Please set it in SiBina.")
                % {"date": tanggal(p.batas_penetapan)},
                None,
                to,
            )
        audit_record(by=by, action="approval.set.remind", obj=p, note=", ".join(to))
        sent += 1
    return sent


def reviews_remind(*, today: dt.date, by: User | None = None) -> int:
    """Remind the heads of OPDs whose review is overdue (once a day at most). Returns reminders sent."""
    sent = 0
    overdue = ReviewOpd.objects.filter(
        persetujuan__tahap=Tahap.DIKIRIM, status=ReviewOpd.Status.MENUNGGU, batas__lt=today
    ).select_related("unit", "persetujuan__cycle")
    for review in overdue:
        # "today" decides what is overdue; reminding at most once a calendar day goes by the clock.
        if review.diingatkan_pada and timezone.localdate(review.diingatkan_pada) >= timezone.localdate():
            continue
        to = [u.email for u in kepala_users(review.unit) if u.email]
        if to:
            send_mail(
                _("SiBina: your review of the %(year)s plan is overdue")
                % {"year": review.persetujuan.cycle.tahun},
                _(
                    "The review of %(unit)s was due on %(date)s. Please review and approve or return it in SiBina."
                )
                % {"unit": review.unit.nama, "date": tanggal(review.batas)},
                None,
                to,
            )
        with transaction.atomic():
            review.diingatkan_pada = timezone.now()
            review.save(update_fields=["diingatkan_pada"])
            audit_record(by=by, action="approval.review.remind", obj=review, note=", ".join(to))
        sent += 1
    return sent
