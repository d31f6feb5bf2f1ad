"""Development needs (KebutuhanBangkom) per employee and year, and proposals (usulan) that feed them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sibina.competency.models import Kompetensi
from sibina.people.models import Instansi, Jabatan, Pegawai, UnitKerja


class Usulan(models.Model):
    """A need proposed by an employee or their supervisor; endorsed by the supervisor, verified by BKPSDM."""

    class Status(models.TextChoices):
        DIAJUKAN = "DIAJUKAN", _("Submitted")
        DISETUJUI_ATASAN = "DISETUJUI", _("Endorsed by supervisor")
        DITOLAK_ATASAN = "DITOLAK", _("Rejected by supervisor")
        DIVERIFIKASI = "VERIFIKASI", _("Verified by BKPSDM")
        DITOLAK_BKPSDM = "TOLAKBKP", _("Rejected by BKPSDM")

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="usulan")
    tahun = models.PositiveSmallIntegerField(_("plan year"))
    kompetensi = models.ForeignKey(
        Kompetensi, on_delete=models.PROTECT, verbose_name=_("competency gap addressed"), related_name="+"
    )
    level_target = models.PositiveSmallIntegerField(_("target level"))
    uraian = models.TextField(_("what is needed and why"))
    diajukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DIAJUKAN)
    catatan_atasan = models.TextField(_("supervisor's note"), blank=True)
    catatan_bkpsdm = models.TextField(_("BKPSDM's note"), blank=True)
    diputus_atasan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sintetis = models.BooleanField(_("synthetic (demo)"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("development proposal")
        verbose_name_plural = _("development proposals")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level_target__gte=1, level_target__lte=5), name="usulan_level_1_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pegawai.nip} {self.kompetensi} ({self.get_status_display()})"


class Kebutuhan(models.Model):
    """One prioritised need of one employee for a plan year, with the reason behind its priority."""

    class Sumber(models.TextChoices):
        GAP_KOMPETENSI = "GAP", _("Competency gap (current position)")
        GAP_JABATAN_BERIKUT = "SUKSESI", _("Competency gap (next position)")
        GAP_KINERJA = "KINERJA", _("Performance gap (SKP)")
        USULAN = "USULAN", _("Proposal")
        WAJIB = "WAJIB", _("Mandatory rule")

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="kebutuhan")
    tahun = models.PositiveSmallIntegerField(_("plan year"))
    sumber = models.CharField(_("source"), max_length=8, choices=Sumber.choices)
    kompetensi = models.ForeignKey(
        Kompetensi,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("competency"),
    )
    level_saat_ini = models.PositiveSmallIntegerField(_("current level"), null=True, blank=True)
    level_target = models.PositiveSmallIntegerField(_("target level"), null=True, blank=True)
    gap = models.PositiveSmallIntegerField(_("gap (levels)"), default=0)
    jabatan_target = models.ForeignKey(
        Jabatan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    usulan = models.ForeignKey(
        Usulan, on_delete=models.SET_NULL, null=True, blank=True, related_name="kebutuhan"
    )
    prioritas = models.DecimalField(_("priority (0–100)"), max_digits=5, decimal_places=1)
    rincian_prioritas = models.JSONField(_("priority parts"), default=list)
    alasan = models.TextField(_("why this priority"))

    class Meta:
        verbose_name = _("development need")
        verbose_name_plural = _("development needs")
        ordering = ["-prioritas"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "tahun", "sumber", "kompetensi"], name="kebutuhan_unique"
            ),
        ]
        indexes = [models.Index(fields=["tahun", "-prioritas"], name="kebutuhan_tahun_prioritas")]

    def __str__(self) -> str:
        return f"{self.pegawai.nip} {self.get_sumber_display()} {self.kompetensi or ''}"


class FaktorUnit(models.Model):
    """A figure about one unit (an OPD; no unit: the whole instansi) in one year that a later stage measured and
    next year's priority reads as a factor: the commitment of the OPD's people to the development offered
    (written by delivery), the shortfall of its public-satisfaction survey (written by evaluation). Data, not an
    import: ``needs`` sits below those stages and only reads the rows.

    ``nilai`` is the factor as the priority reads it (0–1); ``dasar`` holds what it was computed from (counts,
    the figure shown), so the reason of a need can say it in words in the reader's language."""

    class Jenis(models.TextChoices):
        KOMITMEN = "KOMITMEN", _("Commitment to development")
        SKM = "SKM", _("Public-satisfaction (SKM) shortfall")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    unit_kerja = models.ForeignKey(
        UnitKerja, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    tahun = models.PositiveSmallIntegerField(_("year measured"))
    jenis = models.CharField(_("factor"), max_length=10, choices=Jenis.choices)
    nilai = models.DecimalField(_("value (0–1)"), max_digits=7, decimal_places=6)
    dasar = models.JSONField(_("basis"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("unit factor")
        verbose_name_plural = _("unit factors")
        ordering = ["-tahun", "jenis", "unit_kerja__nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "unit_kerja", "tahun", "jenis"],
                condition=models.Q(unit_kerja__isnull=False),
                name="faktor_unit_once",
            ),
            models.UniqueConstraint(
                fields=["instansi", "tahun", "jenis"],
                condition=models.Q(unit_kerja__isnull=True),
                name="faktor_unit_instansi_once",
            ),
            models.CheckConstraint(
                condition=models.Q(nilai__gte=0) & models.Q(nilai__lte=1), name="faktor_unit_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jenis} {self.tahun} {self.unit_kerja_id or '-'}: {self.nilai}"
