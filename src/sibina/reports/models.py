"""A generated document, kept on its job row: what was asked (plan, OPD, format, language), by whom, and the file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sibina.jobs.models import JobRow
from sibina.people.models import UnitKerja
from sibina.planning.models import Plan


class Dokumen(JobRow):
    """One rendering of the plan document (the whole city or one OPD) as PDF or XLSX, made by a background job."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="dokumen", verbose_name=_("plan"))
    unit = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("OPD")
    )
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    bahasa = models.CharField(_("language"), max_length=5, default="id")
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    isi = models.BinaryField(_("file"), blank=True, default=b"", editable=False)
    nama_berkas = models.CharField(_("file name"), max_length=200, blank=True)
    halaman = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    detik = models.FloatField(_("seconds"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        ordering = ["-mulai"]

    def __str__(self) -> str:
        return self.nama_berkas or f"{self.plan} {self.format}"

    @property
    def content_type(self) -> str:
        if self.format == self.Format.PDF:
            return "application/pdf"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
