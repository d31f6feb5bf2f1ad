"""One ImportBatch per file run, with its row errors and the changes it made."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sibina.jobs.models import JobRow


class ImportBatch(JobRow):
    class Jenis(models.TextChoices):
        PEGAWAI = "PEGAWAI", _("Employees")
        RIWAYAT = "RIWAYAT", _("Training history")
        SKJ = "SKJ", _("Position competency standards (SKJ)")
        ASESMEN = "ASESMEN", _("Competency assessments")
        SKP = "SKP", _("Performance ratings (SKP)")
        KATALOG = "KATALOG", _("Development activity catalogue")

    jenis = models.CharField(_("kind"), max_length=8, choices=Jenis.choices)
    instansi = models.ForeignKey("people.Instansi", on_delete=models.PROTECT, related_name="import_batches")
    nama_file = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("file SHA-256"), max_length=64)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("by")
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    jumlah_baris = models.PositiveIntegerField(_("rows"), default=0)
    jumlah_baru = models.PositiveIntegerField(_("created"), default=0)
    jumlah_diubah = models.PositiveIntegerField(_("updated"), default=0)
    jumlah_sama = models.PositiveIntegerField(_("unchanged"), default=0)
    jumlah_galat = models.PositiveIntegerField(_("rows with errors"), default=0)
    file = models.FileField(_("stored file"), upload_to="imports/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-mulai"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.nama_file} ({self.mulai:%Y-%m-%d %H:%M})"


class ImportRowError(models.Model):
    """A problem with one cell of the file: line number (header = 1), column, value and message."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="errors")
    baris = models.PositiveIntegerField(_("line"))
    kolom = models.CharField(_("column"), max_length=100)
    nilai = models.TextField(_("value"), blank=True)
    pesan = models.TextField(_("message"))

    class Meta:
        verbose_name = _("import row error")
        verbose_name_plural = _("import row errors")
        ordering = ["baris", "id"]

    def __str__(self) -> str:
        return f"{self.baris}:{self.kolom} {self.pesan}"


class PerubahanData(models.Model):
    """A field an import changed on an existing record: before and after, for the audit trail."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="perubahan")
    pegawai = models.ForeignKey("people.Pegawai", on_delete=models.CASCADE, related_name="perubahan_import")
    kolom = models.CharField(_("field"), max_length=60)
    sebelum = models.TextField(_("before"), blank=True)
    sesudah = models.TextField(_("after"), blank=True)

    class Meta:
        verbose_name = _("data change")
        verbose_name_plural = _("data changes")
        ordering = ["batch", "pegawai", "kolom"]

    def __str__(self) -> str:
        return f"{self.kolom}: {self.sebelum} → {self.sesudah}"
