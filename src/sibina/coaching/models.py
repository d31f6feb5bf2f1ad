"""Leaders developing their own people: a coaching or mentoring assignment and the sessions held under it.

A session records what happened (date, topic, minutes) and what it counts for: its JP under the conversion rule
of its form and whether it fell within the monthly cap of counted sessions. A counted session also writes one
``RiwayatPengembangan`` row (``riwayat``), so the JP ledger, the needs analysis and the SIASN export see it the
way they see any other completed activity.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sibina.coaching.domain import MENIT_SESI_MAKS
from sibina.people.models import Pegawai, RiwayatPengembangan


class JenisBimbingan(models.TextChoices):
    """The non-classical forms of Peraturan LAN 10/2018 a leader gives in person (codes of the reference table)."""

    COACHING = "NKL01", _("Coaching")
    MENTORING = "NKL02", _("Mentoring")
    BIMBINGAN = "NKL11", _("On-the-job guidance (bimbingan di tempat kerja)")


class PenugasanPembimbing(models.Model):
    """A leader or senior colleague (``pembimbing``) assigned to coach or mentor one employee."""

    pembimbing = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, related_name="penugasan_membimbing", verbose_name=_("coach/mentor")
    )
    pegawai = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, related_name="penugasan_dibimbing", verbose_name=_("employee")
    )
    jenis = models.CharField(_("form"), max_length=6, choices=JenisBimbingan.choices)
    mulai = models.DateField(_("start date"))
    selesai = models.DateField(_("end date"), null=True, blank=True)
    tujuan = models.TextField(_("goal"), blank=True)
    aktif = models.BooleanField(_("active"), default=True)
    ditugaskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,  # empty for assignments set up by the demo or a data load
        related_name="+",
        verbose_name=_("assigned by"),
    )
    sintetis = models.BooleanField(_("synthetic (demo)"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coaching assignment")
        verbose_name_plural = _("coaching assignments")
        ordering = ["-aktif", "pegawai__nama", "-mulai", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(pembimbing=models.F("pegawai")), name="penugasan_not_self"
            ),
            models.CheckConstraint(
                condition=models.Q(selesai__isnull=True) | models.Q(selesai__gte=models.F("mulai")),
                name="penugasan_selesai_after_mulai",
            ),
            models.UniqueConstraint(
                fields=["pembimbing", "pegawai", "jenis"],
                condition=models.Q(aktif=True),
                name="penugasan_one_active_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()}: {self.pembimbing.nama} → {self.pegawai.nama}"


class SesiBimbingan(models.Model):
    """One coaching or mentoring session as held, with the JP it counts for."""

    class Alasan(models.TextChoices):
        BATAS_BULAN = "BATAS_BULAN", _("monthly limit of counted sessions reached")
        SINGKAT = "SINGKAT", _("shorter than the minimum length of a counted session")

    penugasan = models.ForeignKey(
        PenugasanPembimbing, on_delete=models.PROTECT, related_name="sesi", verbose_name=_("assignment")
    )
    tanggal = models.DateField(_("date"))
    topik = models.CharField(_("topic"), max_length=200)
    menit = models.PositiveSmallIntegerField(_("minutes"))
    catatan = models.TextField(_("notes"), blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    jp = models.DecimalField(_("JP counted"), max_digits=5, decimal_places=2)
    dihitung = models.BooleanField(
        _("counted"), help_text=_("Long enough, and within the monthly limit of counted sessions.")
    )
    alasan = models.CharField(_("why not counted"), max_length=12, choices=Alasan.choices, blank=True)
    riwayat = models.OneToOneField(
        RiwayatPengembangan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sesi_bimbingan",
        verbose_name=_("development record"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(menit__gte=1, menit__lte=MENIT_SESI_MAKS), name="sesi_menit_range"
            ),
            models.CheckConstraint(condition=models.Q(jp__gte=0), name="sesi_jp_non_negative"),
            models.CheckConstraint(
                condition=models.Q(dihitung=True) | models.Q(jp=0), name="sesi_uncounted_zero_jp"
            ),
        ]
        indexes = [models.Index(fields=["penugasan", "tanggal"], name="sesi_penugasan_tanggal")]

    def __str__(self) -> str:
        return f"{self.tanggal:%Y-%m-%d} {self.topik} ({self.jp} JP)"
