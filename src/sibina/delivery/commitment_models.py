"""Commitment records of delivery: the change project (aksi perubahan) of a leadership-training participant with
its mentor and milestones, and the reminders of the escalation ladders (JP short at the start of Q3, no-shows,
overdue milestones), each sent exactly once.

Imported at the end of ``delivery/models.py`` so Django finds them in the ``delivery`` app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sibina.delivery.commitment_domain import done_late, tonggak_state
from sibina.delivery.models import Peserta
from sibina.people.models import Pegawai

__all__ = ["AksiPerubahan", "PengingatKomitmen", "TonggakAksi"]


class AksiPerubahan(models.Model):
    """The change project of one participant of a leadership class (PKP, PKA, PKN): its title and its mentor (by
    default the participant's atasan; any employee of the instansi), who confirms the milestones."""

    peserta = models.OneToOneField(Peserta, on_delete=models.CASCADE, related_name="aksi_perubahan")
    judul = models.CharField(_("title of the change project"), max_length=300)
    mentor = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, related_name="aksi_dibimbing", verbose_name=_("mentor")
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("change project (aksi perubahan)")
        verbose_name_plural = _("change projects (aksi perubahan)")
        ordering = ["peserta__kelas", "peserta__pegawai__nama"]

    def __str__(self) -> str:
        return self.judul


class TonggakAksi(models.Model):
    """One milestone of a change project: what, by when, and how far (planned; reported done with a note, waiting
    for the mentor; confirmed by the mentor). "Late" is not stored: a planned milestone past its date is late."""

    class Status(models.TextChoices):
        RENCANA = "RENCANA", _("Planned")
        LAPOR = "LAPOR", _("Done, waiting for the mentor")
        KONFIRM = "KONFIRM", _("Confirmed by the mentor")

    aksi = models.ForeignKey(AksiPerubahan, on_delete=models.CASCADE, related_name="tonggak")
    urutan = models.PositiveSmallIntegerField(_("milestone number"))
    judul = models.CharField(_("milestone"), max_length=300)
    batas = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.RENCANA)
    catatan = models.TextField(_("note of the participant"), blank=True)
    selesai_pada = models.DateField(_("reported done on"), null=True, blank=True)
    catatan_mentor = models.TextField(_("note of the mentor"), blank=True)
    dikonfirmasi_pada = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("milestone of a change project")
        verbose_name_plural = _("milestones of change projects")
        ordering = ["aksi", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["aksi", "urutan"], name="tonggak_aksi_unique_number"),
            models.CheckConstraint(
                condition=models.Q(status="RENCANA") | models.Q(selesai_pada__isnull=False),
                name="tonggak_aksi_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.aksi_id} #{self.urutan}: {self.judul}"

    @property
    def keadaan(self) -> str:
        """RENCANA, TERLAMBAT (planned, past its due date today), LAPOR or KONFIRM."""
        return tonggak_state(status=self.status, batas=self.batas, today=timezone.localdate()).value

    @property
    def selesai_terlambat(self) -> bool:
        return done_late(batas=self.batas, selesai=self.selesai_pada)


class PengingatKomitmen(models.Model):
    """That one step of an escalation ladder went out for one subject (``kunci``: the year and employee of a JP
    check, the enrolment of a no-show, the milestone overdue). The unique key is what makes it go out exactly
    once, however often the command runs and however many workers run it at once. ``tanggal`` is the day of the
    run that sent it: the next step of the ladder waits a number of days from it."""

    class Jenis(models.TextChoices):
        JP_PEGAWAI = "JP1", _("JP below the minimum at the start of Q3 (to the employee)")
        JP_ATASAN = "JP2", _("JP still below the minimum (to the supervisor)")
        JP_KEPALA = "JP3", _("JP still below the minimum (to the Kepala OPD)")
        MANGKIR_ATASAN = "M1", _("Absent from the first session (to the supervisor)")
        MANGKIR_KEPALA = "M2", _("Absent again (to the Kepala OPD)")
        TONGGAK_PESERTA = "T1", _("Milestone overdue (to the participant)")
        TONGGAK_MENTOR = "T2", _("Milestone still overdue (to the mentor)")

    jenis = models.CharField(_("trigger"), max_length=4, choices=Jenis.choices)
    kunci = models.CharField(_("subject"), max_length=40)
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+")
    tanggal = models.DateField(_("date"))
    dikirim = models.PositiveSmallIntegerField(_("accounts notified"), default=0)
    dikirim_pada = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("commitment reminder")
        verbose_name_plural = _("commitment reminders")
        constraints = [
            models.UniqueConstraint(fields=["jenis", "kunci"], name="pengingat_komitmen_once"),
        ]

    def __str__(self) -> str:
        return f"{self.jenis}: {self.kunci}"
