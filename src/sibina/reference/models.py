"""Regulatory reference data as versioned tables.

Every row carries the date it takes effect and the regulation it comes from. A changed rule is a new row with a
later ``berlaku_mulai``; the old row stays so that past plans can still be explained. Rows marked
``terkonfirmasi=False`` are believed but not verified against the official text (see docs/reference-data.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JenisAsn(models.TextChoices):
    PNS = "PNS", "PNS"
    CPNS = "CPNS", "CPNS"
    PPPK = "PPPK", _("PPPK (full time)")
    PPPK_PW = "PPPK_PW", _("PPPK (part time)")


class RumpunJabatan(models.TextChoices):
    """A position's job family (rumpun jabatan): who an activity is for. Derived by ``reference.rumpun``."""

    STRUKTURAL = "STRUKTURAL", _("Structural leaders")
    PENDIDIKAN = "PENDIDIKAN", _("Education (teachers, school supervisors)")
    KESEHATAN = "KESEHATAN", _("Health workers")
    PENYULUHAN = "PENYULUHAN", _("Extension and social work")
    TEKNIS = "TEKNIS", _("Technical (engineering, environment, transport)")
    KETERTIBAN = "KETERTIBAN", _("Public order (Satpol PP)")
    PENGAWASAN = "PENGAWASAN", _("Internal audit")
    ADMINISTRASI = "ADMINISTRASI", _("Administration and general staff")


class Versioned(models.Model):
    berlaku_mulai = models.DateField(_("effective from"))
    berlaku_sampai = models.DateField(_("effective until"), null=True, blank=True)
    dasar_hukum = models.CharField(_("legal basis"), max_length=300, blank=True)
    terkonfirmasi = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("Unchecked: believed but not verified against the official text."),
    )
    catatan = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True


class Golongan(Versioned):
    kode = models.CharField(
        _("code"), max_length=5, help_text=_("BKN code, e.g. 34 for III/d; I–XVII for PPPK")
    )
    jenis_asn = models.CharField(_("ASN type"), max_length=4, choices=[("PNS", "PNS"), ("PPPK", "PPPK")])
    label = models.CharField(_("label"), max_length=10)
    pangkat = models.CharField(_("rank"), max_length=60, blank=True)
    urutan = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("rank (golongan)")
        verbose_name_plural = _("ranks (golongan)")
        ordering = ["jenis_asn", "urutan"]
        constraints = [
            models.UniqueConstraint(
                fields=["jenis_asn", "kode", "berlaku_mulai"], name="golongan_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.pangkat}".strip()


class TingkatPendidikan(Versioned):
    kode = models.CharField(_("code"), max_length=2)
    nama = models.CharField(_("name"), max_length=40)
    urutan = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("education level")
        verbose_name_plural = _("education levels")
        ordering = ["urutan"]
        constraints = [
            models.UniqueConstraint(fields=["kode", "berlaku_mulai"], name="pendidikan_unique_version")
        ]

    def __str__(self) -> str:
        return self.nama


class JenisJabatan(Versioned):
    """SIASN ``jenis_jabatan``: 1 struktural, 2 fungsional tertentu, 4 fungsional umum (pelaksana)."""

    kode = models.PositiveSmallIntegerField(_("SIASN code"))
    nama = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("position kind (SIASN)")
        verbose_name_plural = _("position kinds (SIASN)")
        ordering = ["kode"]
        constraints = [
            models.UniqueConstraint(fields=["kode", "berlaku_mulai"], name="jenis_jabatan_unique_version")
        ]

    def __str__(self) -> str:
        return self.nama


class KelompokJabatan(models.TextChoices):
    JPT = "JPT", _("High leadership (JPT)")
    ADMINISTRATOR = "ADMINISTRATOR", _("Administrator")
    PENGAWAS = "PENGAWAS", _("Supervisor (pengawas)")
    PELAKSANA = "PELAKSANA", _("Executive (pelaksana)")
    FUNGSIONAL_KEAHLIAN = "FUNGSIONAL_KEAHLIAN", _("Functional, expert")
    FUNGSIONAL_KETERAMPILAN = "FUNGSIONAL_KETERAMPILAN", _("Functional, skilled")


class TingkatJabatan(Versioned):
    """A position type and level (JPT Pratama, Administrator, JF Ahli Muda, …)."""

    kode = models.CharField(_("code"), max_length=30)
    nama = models.CharField(_("name"), max_length=80)
    kelompok = models.CharField(_("group"), max_length=30, choices=KelompokJabatan.choices)
    jenis_jabatan_kode = models.PositiveSmallIntegerField(_("SIASN position kind"))
    urutan = models.PositiveSmallIntegerField(_("seniority order"), help_text=_("1 = most senior"))
    level_manajerial_standar = models.PositiveSmallIntegerField(
        _("default managerial level"), help_text=_("Default required managerial competency level (1–5).")
    )

    class Meta:
        verbose_name = _("position level")
        verbose_name_plural = _("position levels")
        ordering = ["urutan"]
        constraints = [
            models.UniqueConstraint(fields=["kode", "berlaku_mulai"], name="tingkat_jabatan_unique_version"),
            models.CheckConstraint(
                condition=models.Q(level_manajerial_standar__gte=1, level_manajerial_standar__lte=5),
                name="tingkat_jabatan_level_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.nama


class Jalur(models.TextChoices):
    KLASIKAL = "KLASIKAL", _("Classical")
    NONKLASIKAL = "NONKLASIKAL", _("Non-classical")


class BentukPengembangan(Versioned):
    """A development form of Peraturan LAN 10/2018 (KL01–NKL13) with its SIASN ``jenisDiklatId``."""

    kode = models.CharField(_("code"), max_length=6)
    nama = models.CharField(_("name"), max_length=120)
    jalur = models.CharField(_("route"), max_length=12, choices=Jalur.choices)
    siasn_jenis_diklat_id = models.PositiveSmallIntegerField(_("SIASN jenisDiklatId"))
    teknis = models.BooleanField(
        _("counts as technical training"),
        default=False,
        help_text=_("Counted towards the IP ASN flag of at least 20 JP of technical training."),
    )

    class Meta:
        verbose_name = _("development form")
        verbose_name_plural = _("development forms")
        ordering = ["kode"]
        constraints = [
            models.UniqueConstraint(fields=["kode", "berlaku_mulai"], name="bentuk_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"


class SatuanJp(models.TextChoices):
    PROGRAM = "PROGRAM", _("per program (the program's own JP)")
    HARI = "HARI", _("per day")
    SESI = "SESI", _("per session")
    KEGIATAN = "KEGIATAN", _("per activity")
    JAM = "JAM", _("actual hours (minutes ÷ 45)")


class PeriodeBatas(models.TextChoices):
    HARI = "HARI", _("per day")
    BULAN = "BULAN", _("per month")


class KonversiJp(Versioned):
    """How one development form converts into JP (appendix of Peraturan LAN 10/2018)."""

    bentuk_kode = models.CharField(_("form code"), max_length=6)
    satuan = models.CharField(_("unit"), max_length=10, choices=SatuanJp.choices)
    jp_per_satuan = models.DecimalField(
        _("JP per unit"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    jp_per_satuan_internasional = models.DecimalField(
        _("JP per unit (international)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    faktor_internasional = models.DecimalField(
        _("international factor"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    satuan_internasional = models.CharField(
        _("unit (international)"),
        max_length=10,
        choices=SatuanJp.choices,
        blank=True,
        help_text=_(
            "When an international activity converts by another unit than a national one (detasering: "
            "1 activity = 20 JP nationally, the program's JP + 20% internationally). Empty: the same unit."
        ),
    )
    batas_jp = models.DecimalField(_("JP cap"), max_digits=6, decimal_places=2, null=True, blank=True)
    batas_per = models.CharField(_("cap period"), max_length=6, choices=PeriodeBatas.choices, blank=True)
    batas_sesi = models.PositiveSmallIntegerField(_("max counted sessions"), null=True, blank=True)

    class Meta:
        verbose_name = _("JP conversion rule")
        verbose_name_plural = _("JP conversion rules")
        ordering = ["bentuk_kode", "-berlaku_mulai"]
        constraints = [
            models.UniqueConstraint(fields=["bentuk_kode", "berlaku_mulai"], name="konversi_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.bentuk_kode}: {self.get_satuan_display()}"


class Ketentuan(Versioned):
    """A regulatory number (20 JP, 24 JP, JPM bands, …) with its effective date."""

    kode = models.CharField(_("code"), max_length=40)
    nama = models.CharField(_("name"), max_length=200)
    nilai = models.DecimalField(_("value"), max_digits=12, decimal_places=4)
    satuan = models.CharField(_("unit"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("regulatory setting")
        verbose_name_plural = _("regulatory settings")
        ordering = ["kode", "-berlaku_mulai"]
        constraints = [
            models.UniqueConstraint(fields=["kode", "berlaku_mulai"], name="ketentuan_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.kode} = {self.nilai}"


class Rating(models.TextChoices):
    """SKP rating of work results (HK) or work behaviour (PK)."""

    DI_BAWAH = "DI_BAWAH", _("Below expectations")
    SESUAI = "SESUAI", _("As expected")
    DI_ATAS = "DI_ATAS", _("Above expectations")


class Predikat(models.TextChoices):
    SANGAT_BAIK = "SANGAT_BAIK", _("Very good")
    BAIK = "BAIK", _("Good")
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN", _("Needs improvement")
    KURANG = "KURANG", _("Poor / misconduct")
    SANGAT_KURANG = "SANGAT_KURANG", _("Very poor")


class PredikatKinerja(Versioned):
    """One cell of the SKP predikat matrix (PermenPANRB 6/2022): HK × PK → predikat."""

    hasil_kerja = models.CharField(_("work results (HK)"), max_length=8, choices=Rating.choices)
    perilaku_kerja = models.CharField(_("work behaviour (PK)"), max_length=8, choices=Rating.choices)
    predikat = models.CharField(_("predikat"), max_length=16, choices=Predikat.choices)

    class Meta:
        verbose_name = _("SKP predikat cell")
        verbose_name_plural = _("SKP predikat matrix")
        ordering = ["hasil_kerja", "perilaku_kerja"]
        constraints = [
            models.UniqueConstraint(
                fields=["hasil_kerja", "perilaku_kerja", "berlaku_mulai"], name="predikat_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"HK {self.hasil_kerja} × PK {self.perilaku_kerja} → {self.predikat}"


class KotakTalenta(Versioned):
    """A box of the talent 9-box (PermenPANRB 3/2020) and what it recommends."""

    kotak = models.PositiveSmallIntegerField(_("box"))
    nama = models.CharField(_("name"), max_length=60)
    rekomendasi = models.TextField(_("recommendation"))
    pengembangan_kompetensi = models.BooleanField(_("recommends competency development"), default=False)
    kelompok_suksesi = models.BooleanField(_("succession pool"), default=False)

    class Meta:
        verbose_name = _("talent box")
        verbose_name_plural = _("talent boxes")
        ordering = ["kotak"]
        constraints = [
            models.UniqueConstraint(fields=["kotak", "berlaku_mulai"], name="kotak_unique_version"),
            models.CheckConstraint(condition=models.Q(kotak__gte=1, kotak__lte=9), name="kotak_1_9"),
        ]

    def __str__(self) -> str:
        return f"{self.kotak}. {self.nama}"


class PredikatSumbuKinerja(Versioned):
    """Where an SKP predikat places an employee on the performance axis (Y) of the talent 9-box."""

    predikat = models.CharField(_("predikat"), max_length=16, choices=Predikat.choices)
    kinerja = models.CharField(_("performance axis"), max_length=8, choices=Rating.choices)

    class Meta:
        verbose_name = _("predikat on the talent-box performance axis")
        verbose_name_plural = _("predikat on the talent-box performance axis")
        ordering = ["predikat"]
        constraints = [
            models.UniqueConstraint(
                fields=["predikat", "berlaku_mulai"], name="predikat_sumbu_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predikat} → {self.kinerja}"


class TingkatWilayah(models.TextChoices):
    PROVINSI = "PROVINSI", _("Province")
    KABUPATEN_KOTA = "KABKOTA", _("Regency or city")


class KodeWilayah(Versioned):
    """A region code of Kemendagri (the one NIKs carry): a province (2 digits) or a regency/city (4 digits).

    A NIK's first two digits must be a province code; its first four are checked against the regency codes only
    for a province whose list is complete (``kabupaten_lengkap``), so a missing list never rejects a real NIK.
    """

    kode = models.CharField(_("code"), max_length=4)
    nama = models.CharField(_("name"), max_length=80)
    tingkat = models.CharField(_("level"), max_length=8, choices=TingkatWilayah.choices)
    kabupaten_lengkap = models.BooleanField(
        _("regency list complete"),
        default=False,
        help_text=_("Province only: every regency/city code of the province is in this table."),
    )

    class Meta:
        verbose_name = _("region code")
        verbose_name_plural = _("region codes")
        ordering = ["kode"]
        constraints = [
            models.UniqueConstraint(fields=["kode", "berlaku_mulai"], name="wilayah_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"
