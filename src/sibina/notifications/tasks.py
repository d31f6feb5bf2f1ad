"""The e-mail of notifications, as a job on the job runner: each notification is e-mailed once.

A dispatch sends every notification not yet e-mailed (not only its own event's: one whose earlier dispatch
failed is sent by the next). Each is claimed by a conditional update of ``emailed_at`` before it is sent, so two
dispatches running at once never send the same one twice; a send that fails gives the claim back."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sibina import jobs
from sibina.notifications.models import Notifikasi, Pengiriman
from sibina.notifications.services import EMAIL_JOB

BATCH = 500  # notifications per dispatch; the rest wait for the next one


def send_pending(limit: int = BATCH) -> int:
    """E-mail the notifications not yet e-mailed to accounts with an address; returns how many were sent."""
    pending = list(
        Notifikasi.objects.filter(emailed_at__isnull=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("id")[:limit]
    )
    site = settings.SIBINA_SITE_URL
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for n in pending:
            if not Notifikasi.objects.filter(pk=n.pk, emailed_at__isnull=True).update(
                emailed_at=timezone.now()
            ):
                continue  # another dispatch took it
            try:
                send_mail(
                    _("SiBina: %(what)s") % {"what": n.get_jenis_display()},
                    f"{n.text}\n\n{site}{n.url}",
                    None,
                    [n.user.email],
                )
            except Exception:
                Notifikasi.objects.filter(pk=n.pk).update(emailed_at=None)
                raise
            sent += 1
    return sent


def _dispatch(row: Pengiriman, listener: jobs.Listener | None) -> None:
    Pengiriman.objects.filter(pk=row.pk).update(terkirim=send_pending())


email = jobs.register(EMAIL_JOB, model=Pengiriman, body=_dispatch)
