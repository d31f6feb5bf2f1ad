"""In-app notifications of the events that give someone a task (a part of the plan to review, a plan to set, a
proposal to endorse or verify), and the e-mail dispatches that send them.

A notification stores its kind and parameters, not a sentence: its text is rendered when read, in the reader's
language (``text``). ``emailed_at`` is set once, by the dispatch that sends it, so each is e-mailed once."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sibina.jobs.models import JobRow


class Notifikasi(models.Model):
    class Jenis(models.TextChoices):
        REVIEW = "REVIEW", _("Plan part to review")
        DECREE = "DECREE", _("Plan to set by decree")
        ENDORSE = "ENDORSE", _("Proposal to endorse")
        VERIFY = "VERIFY", _("Proposal to verify")
        INVITE = "INVITE", _("Invitation to a class")
        CLASS_CANCELLED = "BATAL", _("Class cancelled")
        CLASS_SOON = "SEGERA", _("Class starts soon")
        UNANSWERED = "BELUM", _("Invitation not answered")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifikasi")
    jenis = models.CharField(_("kind"), max_length=10, choices=Jenis.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notifikasi_user_unread")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.jenis}"

    @property
    def text(self) -> str:
        """The notification in the active language."""
        p = self.params
        J = self.Jenis
        if self.jenis == J.REVIEW:
            return gettext("Review your OPD's part of the %(year)s plan (%(unit)s) by %(date)s.") % {
                "year": p.get("tahun", ""),
                "unit": p.get("unit", ""),
                "date": _date(p.get("batas")),
            }
        if self.jenis == J.DECREE:
            if p.get("batas"):
                return gettext("The %(year)s plan is consolidated: set it by decree by %(date)s.") % {
                    "year": p.get("tahun", ""),
                    "date": _date(p.get("batas")),
                }
            return gettext("The %(year)s plan is consolidated: set it by decree.") % {
                "year": p.get("tahun", "")
            }
        if self.jenis in (J.INVITE, J.CLASS_CANCELLED, J.CLASS_SOON, J.UNANSWERED):
            values = {
                "activity": p.get("kegiatan", ""),
                "start": _date(p.get("mulai")),
                "end": _date(p.get("selesai")),
                "place": p.get("tempat", ""),
            }
            if self.jenis == J.INVITE:
                return (
                    gettext(
                        "You are invited to %(activity)s, %(start)s – %(end)s (%(place)s): accept or decline."
                    )
                    % values
                )
            if self.jenis == J.CLASS_SOON:
                return gettext("Reminder: %(activity)s starts on %(start)s (%(place)s).") % values
            if self.jenis == J.UNANSWERED:
                return gettext(
                    "%(name)s has not answered the invitation to %(activity)s, which starts on %(start)s."
                ) % {**values, "name": p.get("pegawai", "")}
            return gettext("The class of %(activity)s on %(start)s – %(end)s is cancelled.") % values
        if self.jenis == J.ENDORSE:
            return gettext("%(name)s's development proposal (%(competency)s) waits for your endorsement.") % {
                "name": p.get("pegawai", ""),
                "competency": p.get("kompetensi", ""),
            }
        return gettext(
            "%(name)s's development proposal (%(competency)s) was endorsed and waits for verification."
        ) % {
            "name": p.get("pegawai", ""),
            "competency": p.get("kompetensi", ""),
        }


def _date(iso: object) -> str:
    """An ISO date parameter as the active language writes dates; anything else as it is."""
    try:
        return str(formats.date_format(dt.date.fromisoformat(str(iso)), "DATE_FORMAT"))
    except ValueError:
        return str(iso or "")


class Pengiriman(JobRow):
    """One e-mail dispatch: a job that sends every notification not yet e-mailed (see ``tasks``)."""

    terkirim = models.PositiveIntegerField(_("e-mails sent"), default=0)

    class Meta:
        verbose_name = _("notification e-mail dispatch")
        verbose_name_plural = _("notification e-mail dispatches")
