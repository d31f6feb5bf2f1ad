"""In-app notifications of the events that give someone a task (a part of the plan to review, a plan to set, a
proposal to endorse or verify), and the e-mail dispatches that send them.

A notification stores its kind and parameters, not a sentence: its text is rendered when read, in the reader's
language (``text``). ``emailed_at`` is set once, by the dispatch that sends it, so each is e-mailed once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sibina.formats import angka
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
        JP_SHORT = "JPKURANG", _("JP still below the yearly minimum")
        NO_SHOW = "MANGKIR", _("Absent from the first session")
        MILESTONE_LATE = "TONGGAK", _("Milestone of a change project overdue")
        FEEDBACK_MISSING = "REAKSI", _("Class feedback not filled in")
        RATING_MISSING = "PERILAKU", _("Behaviour rating not given")

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
        if self.jenis in (J.JP_SHORT, J.NO_SHOW, J.MILESTONE_LATE):
            return _commitment_text(self.jenis, p)
        if self.jenis == J.FEEDBACK_MISSING:
            return gettext("Please fill in the feedback on %(activity)s, which ended on %(end)s.") % {
                "activity": p.get("kegiatan", ""),
                "end": _date(p.get("selesai")),
            }
        if self.jenis == J.RATING_MISSING:
            if p.get("sendiri"):
                return gettext("Please rate how %(activity)s changed your work.") % {
                    "activity": p.get("kegiatan", "")
                }
            return gettext("Please rate how %(name)s's work changed after %(activity)s.") % {
                "name": p.get("pegawai", ""),
                "activity": p.get("kegiatan", ""),
            }
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


def _commitment_text(jenis: str, p: dict[str, object]) -> str:
    """The reminders of the commitment ladders: to the employee themself (``sendiri``) or about them."""
    own = bool(p.get("sendiri"))
    values = {
        "name": p.get("pegawai", ""),
        "jp": _number(p.get("jp")),
        "minimum": _number(p.get("minimum")),
        "year": p.get("tahun", ""),
        "activity": p.get("kegiatan", ""),
        "start": _date(p.get("mulai")),
        "milestone": p.get("tonggak", ""),
        "due": _date(p.get("batas")),
        "count": p.get("kali", ""),
    }
    if jenis == Notifikasi.Jenis.JP_SHORT:
        if own:
            return (
                gettext(
                    "Half of %(year)s is over and you have %(jp)s JP of the minimum %(minimum)s: see your development."
                )
                % values
            )
        return gettext("%(name)s has %(jp)s JP of the minimum %(minimum)s in %(year)s.") % values
    if jenis == Notifikasi.Jenis.NO_SHOW:
        kali = p.get("kali")
        if isinstance(kali, int) and kali > 1:
            return (
                gettext(
                    "%(name)s accepted %(activity)s but did not come to its first session on %(start)s "
                    "(%(count)s times this year)."
                )
                % values
            )
        return (
            gettext("%(name)s accepted %(activity)s but did not come to its first session on %(start)s.")
            % values
        )
    if own:
        return (
            gettext(
                "The milestone “%(milestone)s” of your change project was due on %(due)s: report it done."
            )
            % values
        )
    return (
        gettext(
            "The milestone “%(milestone)s” of %(name)s's change project, due on %(due)s, is not done yet."
        )
        % values
    )


def _number(value: object) -> str:
    """A number parameter (stored as its plain text) as the active language writes numbers."""
    try:
        return angka(Decimal(str(value)), 2)
    except ArithmeticError:
        return str(value or "")


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
