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
        KEHADIRAN = "HADIR", _("Class attendance")
        SKM = "SKM", _("Public satisfaction survey (SKM)")
        TES = "TES", _("Pre/post test scores (L2)")

    jenis = models.CharField(_("kind"), max_length=8, choices=Jenis.choices)
    instansi = models.ForeignKey("people.Instansi", on_delete=models.PROTECT, related_name="import_batches")
    nama_file = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("file SHA-256"), max_length=64)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("by")
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    buat_unit = models.BooleanField(
        _("create missing work units"),
        default=False,
        help_text=_("Confirmed by the importer: units the file names and the tree lacks are created."),
    )
    # The units this file created (or, in a dry run or without buat_unit, would create): name, parent name,
    # SIASN unor id, guessed kind and how many rows name it. Kept here because a dry run rolls them back.
    unit_baru = models.JSONField(_("new work units"), default=list, blank=True)
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


class PemetaanUnit(models.Model):
    """BKPSDM's rule that a unit name as the import files spell it means this unit of the tree.

    ``nama_sumber`` is stored as :func:`sibina.imports.domain.unit_key` gives it, the form imports match on.
    """

    instansi = models.ForeignKey("people.Instansi", on_delete=models.CASCADE, related_name="pemetaan_unit")
    nama_sumber = models.CharField(_("name in the file"), max_length=200)
    unit = models.ForeignKey(
        "people.UnitKerja", on_delete=models.CASCADE, related_name="pemetaan", verbose_name=_("work unit")
    )
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("by")
    )
    waktu = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        verbose_name = _("unit mapping")
        verbose_name_plural = _("unit mappings")
        ordering = ["instansi", "nama_sumber"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "nama_sumber"], name="pemetaan_unit_nama_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.nama_sumber} → {self.unit_id}"
