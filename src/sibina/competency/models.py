"""The competency dictionary, position standards (SKJ), assessments, SKP performance and talent boxes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sibina.people.models import Jabatan, Pegawai
from sibina.reference.models import Predikat, Rating

LEVEL_1_5 = models.Q(level__gte=1, level__lte=5)


class Kompetensi(models.Model):
    class Kelompok(models.TextChoices):
        MANAJERIAL = "MANAJERIAL", _("Managerial")
        SOSIAL_KULTURAL = "SOSIAL_KULTURAL", _("Socio-cultural")
        TEKNIS = "TEKNIS", _("Technical")

    kode = models.CharField(_("code"), max_length=20, unique=True)
    nama = models.CharField(_("name"), max_length=150)
    kelompok = models.CharField(_("group"), max_length=16, choices=Kelompok.choices)
    bidang = models.CharField(
        _("field"), max_length=40, blank=True, help_text=_("For technical competencies: education, health, …")
    )
    deskripsi = models.TextField(_("description"), blank=True)
    aktif = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["kelompok", "kode"]

    def __str__(self) -> str:
        return self.nama


class KompetensiLevel(models.Model):
    kompetensi = models.ForeignKey(Kompetensi, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"))
    deskripsi = models.TextField(_("description"))

    class Meta:
        verbose_name = _("competency level")
        verbose_name_plural = _("competency levels")
        ordering = ["kompetensi", "level"]
        constraints = [
            models.UniqueConstraint(fields=["kompetensi", "level"], name="kompetensi_level_unique"),
            models.CheckConstraint(condition=LEVEL_1_5, name="kompetensi_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.kompetensi} {self.level}"


class StandarKompetensi(models.Model):
    """The level a position requires of one competency (Standar Kompetensi Jabatan)."""

    class Sumber(models.TextChoices):
        DEFAULT = "DEFAULT", _("Default by position type and level")
        SKJ = "SKJ", _("Position's SKJ document")
        IMPOR = "IMPOR", _("Imported")

    jabatan = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="standar_kompetensi")
    kompetensi = models.ForeignKey(Kompetensi, on_delete=models.PROTECT, related_name="standar")
    level = models.PositiveSmallIntegerField(_("required level"))
    sumber = models.CharField(_("source"), max_length=8, choices=Sumber.choices, default=Sumber.DEFAULT)

    class Meta:
        verbose_name = _("position competency standard")
        verbose_name_plural = _("position competency standards (SKJ)")
        constraints = [
            models.UniqueConstraint(fields=["jabatan", "kompetensi"], name="standar_unique"),
            models.CheckConstraint(condition=LEVEL_1_5, name="standar_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.jabatan}: {self.kompetensi} ≥ {self.level}"


class Asesmen(models.Model):
    class Metode(models.TextChoices):
        ASSESSMENT_CENTER = "AC", _("Assessment centre")
        CACT = "CACT", _("Computer-assisted competency test (CACT)")
        UJI_KOMPETENSI = "UJIKOM", _("Competency test")
        ATASAN = "ATASAN", _("Supervisor assessment")

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="asesmen")
    tanggal = models.DateField(_("date"))
    metode = models.CharField(_("method"), max_length=8, choices=Metode.choices)
    penyelenggara = models.CharField(_("provider"), max_length=200, blank=True)
    skor_potensial = models.DecimalField(
        _("potential score (0–100)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    berlaku_sampai = models.DateField(_("valid until"))
    sintetis = models.BooleanField(_("synthetic (demo)"), default=False)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-tanggal"]
        indexes = [models.Index(fields=["pegawai", "-tanggal"], name="asesmen_pegawai_tanggal")]

    def __str__(self) -> str:
        return f"{self.pegawai.nip} {self.get_metode_display()} {self.tanggal}"


class NilaiKompetensi(models.Model):
    asesmen = models.ForeignKey(Asesmen, on_delete=models.CASCADE, related_name="nilai")
    kompetensi = models.ForeignKey(Kompetensi, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level achieved"))

    class Meta:
        verbose_name = _("assessed level")
        verbose_name_plural = _("assessed levels")
        constraints = [
            models.UniqueConstraint(fields=["asesmen", "kompetensi"], name="nilai_unique"),
            models.CheckConstraint(condition=LEVEL_1_5, name="nilai_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.kompetensi_id}: {self.level}"


class Kinerja(models.Model):
    """A yearly SKP rating (PermenPANRB 6/2022; SIASN rw_skp22)."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="kinerja")
    tahun = models.PositiveSmallIntegerField(_("year"))
    hasil_kerja = models.CharField(_("work results (HK)"), max_length=8, choices=Rating.choices)
    perilaku_kerja = models.CharField(_("work behaviour (PK)"), max_length=8, choices=Rating.choices)
    predikat = models.CharField(_("predikat"), max_length=16, choices=Predikat.choices)
    penilai_nip = models.CharField(_("appraiser NIP"), max_length=18, blank=True)
    penilai_nama = models.CharField(_("appraiser name"), max_length=150, blank=True)
    sintetis = models.BooleanField(_("synthetic (demo)"), default=False)

    class Meta:
        verbose_name = _("performance rating (SKP)")
        verbose_name_plural = _("performance ratings (SKP)")
        ordering = ["-tahun"]
        constraints = [models.UniqueConstraint(fields=["pegawai", "tahun"], name="kinerja_unique_year")]

    def __str__(self) -> str:
        return f"{self.pegawai.nip} {self.tahun}: {self.get_predikat_display()}"


class ProfilTalenta(models.Model):
    """An employee's talent box for a year, from SKP performance × assessed potential."""

    class Potensial(models.TextChoices):
        RENDAH = "RENDAH", _("Low")
        MENENGAH = "MENENGAH", _("Middle")
        TINGGI = "TINGGI", _("High")

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="talenta")
    tahun = models.PositiveSmallIntegerField(_("year"))
    kinerja = models.CharField(_("performance"), max_length=8, choices=Rating.choices)
    potensial = models.CharField(_("potential"), max_length=8, choices=Potensial.choices)
    kotak = models.PositiveSmallIntegerField(_("box"))

    class Meta:
        verbose_name = _("talent profile")
        verbose_name_plural = _("talent profiles")
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "tahun"], name="talenta_unique_year"),
            models.CheckConstraint(condition=models.Q(kotak__gte=1, kotak__lte=9), name="talenta_kotak_1_9"),
        ]

    def __str__(self) -> str:
        return f"{self.pegawai_id} {self.tahun}: {self.kotak}"


class NominasiSuksesi(models.Model):
    """A head of agency nominates an employee for a next position: its standard then creates needs too."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="nominasi")
    jabatan_target = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("year"))
    catatan = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("succession nomination")
        verbose_name_plural = _("succession nominations")
        constraints = [models.UniqueConstraint(fields=["pegawai", "tahun"], name="nominasi_unique_year")]

    def __str__(self) -> str:
        return f"{self.pegawai_id} → {self.jabatan_target_id} ({self.tahun})"
