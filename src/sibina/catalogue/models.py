"""The catalogue of development activities (Kegiatan): form, JP, cost, capacity, competencies, eligibility."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sibina.competency.models import Kompetensi
from sibina.people.models import Instansi, UnitKerja
from sibina.reference.models import BentukPengembangan, JenisAsn, RumpunJabatan, TingkatJabatan

# What the optimiser requires of every activity (its Problem refuses anything else): no negative money or JP,
# at least one seat, a minimum class no larger than the class. Field validators give the form, the import and
# the API a message naming the field; the same rules are database constraints, so nothing can bypass them.
MSG_BIAYA_PESERTA = _("The cost per participant cannot be negative.")
MSG_BIAYA_KELAS = _("The fixed cost per class cannot be negative.")
MSG_JP = _("JP cannot be negative.")
MSG_JP_PROGRAM = _("The program JP cannot be negative.")
MSG_KAPASITAS = _("The class size must be at least one seat.")
MSG_MIN_PESERTA = _("The minimum class size is larger than the class size.")
MSG_GOLONGAN = _("The highest rank is below the lowest rank.")
MSG_KENAIKAN = _("The levels gained are 1 to 4.")


class Kegiatan(models.Model):
    class JenisPenyelenggara(models.TextChoices):
        LAN = "LAN", _("LAN (national institute of public administration)")
        BPSDM_PROV = "BPSDM", _("Provincial training centre (BPSDM)")
        BKPSDM = "BKPSDM", _("BKPSDM in-house")
        OPD = "OPD", _("An OPD")
        ELEARNING = "ELEARNING", _("E-learning platform")
        LAINNYA = "LAINNYA", _("Other")

    class PolaPendanaan(models.TextChoices):
        KONTRIBUSI = "KONTRIBUSI", _("Contribution per participant")
        FASILITASI = "FASILITASI", _("Facilitated (run for us)")
        GRATIS = "GRATIS", _("Free")

    class SumberDana(models.TextChoices):
        BKPSDM = "BKPSDM", _("DPA BKPSDM")
        OPD = "OPD", _("DPA of the participant's OPD")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="kegiatan")
    kode = models.CharField(_("code"), max_length=30)
    judul = models.CharField(_("title"), max_length=255)
    deskripsi = models.TextField(_("description"), blank=True)
    bentuk = models.ForeignKey(BentukPengembangan, on_delete=models.PROTECT, verbose_name=_("form"))
    jenis_penyelenggara = models.CharField(
        _("provider kind"), max_length=10, choices=JenisPenyelenggara.choices
    )
    penyelenggara = models.CharField(_("provider"), max_length=200)
    # What the JP conversion rule of the form needs; ``jp`` is derived from them when saved by the service.
    hari = models.PositiveSmallIntegerField(_("days"), default=0)
    sesi = models.PositiveSmallIntegerField(_("sessions"), default=0)
    menit = models.PositiveIntegerField(_("learning minutes"), default=0)
    bulan = models.PositiveSmallIntegerField(_("months spanned"), default=1)
    jp_program = models.DecimalField(
        _("program JP"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, MSG_JP_PROGRAM)],
    )
    internasional = models.BooleanField(_("international"), default=False)
    jp = models.DecimalField(
        _("JP"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0, MSG_JP)]
    )
    hari_klasikal = models.PositiveSmallIntegerField(
        _("days away from work"),
        default=0,
        help_text=_("Classical days counted against the per-person limit."),
    )
    biaya_per_peserta = models.DecimalField(
        _("cost per participant (Rp)"),
        max_digits=15,
        decimal_places=0,
        default=0,
        validators=[MinValueValidator(0, MSG_BIAYA_PESERTA)],
    )
    biaya_per_kelas = models.DecimalField(
        _("fixed cost per class (Rp)"),
        max_digits=15,
        decimal_places=0,
        default=0,
        validators=[MinValueValidator(0, MSG_BIAYA_KELAS)],
    )
    kapasitas_kelas = models.PositiveIntegerField(
        _("class size (max)"), validators=[MinValueValidator(1, MSG_KAPASITAS)]
    )
    min_peserta = models.PositiveIntegerField(_("class size (min)"), default=1)
    maks_kelas = models.PositiveIntegerField(_("max classes a year"), default=1)
    triwulan = models.JSONField(_("quarters offered"), default=list, help_text=_("e.g. [1, 2, 3, 4]"))
    pola_pendanaan = models.CharField(_("funding pattern"), max_length=10, choices=PolaPendanaan.choices)
    sumber_dana = models.CharField(
        _("paid from"), max_length=6, choices=SumberDana.choices, default=SumberDana.BKPSDM
    )
    # Eligibility: empty means everyone.
    tingkat_jabatan = models.ManyToManyField(TingkatJabatan, blank=True, verbose_name=_("position levels"))
    golongan_min = models.PositiveSmallIntegerField(_("lowest rank order"), null=True, blank=True)
    golongan_max = models.PositiveSmallIntegerField(_("highest rank order"), null=True, blank=True)
    jenis_asn = models.JSONField(
        _("ASN types"), default=list, blank=True, help_text=_('e.g. ["PNS", "CPNS"]')
    )
    hanya_garis_depan = models.BooleanField(_("front-line staff only"), default=False)
    # Target audience (sasaran): who the activity is for. Each list that is not empty must match (one of its
    # values); all empty means everyone. See catalogue.domain.Sasaran and docs/planning.md.
    sasaran_rumpun = models.JSONField(
        _("target job families"), default=list, blank=True, help_text=_('e.g. ["KESEHATAN"]')
    )
    sasaran_jenis_unit = models.JSONField(
        _("target unit types"), default=list, blank=True, help_text=_('e.g. ["PUSKESMAS", "RUMAH_SAKIT"]')
    )
    sasaran_jabatan = models.JSONField(
        _("target positions"),
        default=list,
        blank=True,
        help_text=_('Position names; a name matches every position it starts, e.g. ["Perawat"].'),
    )
    sasaran_opd = models.JSONField(
        _("target OPDs"), default=list, blank=True, help_text=_('Codes of top-level units, e.g. ["DINKES"]')
    )
    oleh_atasan = models.BooleanField(
        _("given by the participant's own supervisor"),
        default=False,
        help_text=_("Coaching or on-the-job guidance by the direct supervisor: it serves a performance gap."),
    )
    prasyarat = models.ManyToManyField("self", symmetrical=False, blank=True, verbose_name=_("prerequisites"))
    # Item (f) of the plan document (PP 11/2017 Art. 207): the curriculum standard the activity follows, set by
    # the competency's instansi pembina (LAN for leadership, a ministry for its technical field). Both empty:
    # no standard yet ("belum ada standar"), which the document says in so many words.
    standar_pembina = models.CharField(
        _("standard set by (instansi pembina)"),
        max_length=200,
        blank=True,
        help_text=_("e.g. LAN, Kementerian Kesehatan; empty: no curriculum standard yet."),
    )
    standar_kurikulum = models.CharField(
        _("curriculum standard"),
        max_length=255,
        blank=True,
        help_text=_("The standard's reference, e.g. Peraturan LAN 15/2019 (PKP)."),
    )
    aktif = models.BooleanField(_("active"), default=True)
    sintetis = models.BooleanField(_("synthetic (demo)"), default=False)

    class Meta:
        verbose_name = _("development activity")
        verbose_name_plural = _("development activities")
        ordering = ["kode"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "kode"], name="kegiatan_kode_unique"),
            models.CheckConstraint(
                condition=models.Q(min_peserta__lte=models.F("kapasitas_kelas")),
                name="kegiatan_min_le_max",
                violation_error_message=MSG_MIN_PESERTA,
            ),
            models.CheckConstraint(
                condition=models.Q(kapasitas_kelas__gte=1),
                name="kegiatan_capacity_positive",
                violation_error_message=MSG_KAPASITAS,
            ),
            models.CheckConstraint(
                condition=models.Q(biaya_per_peserta__gte=0),
                name="kegiatan_biaya_peserta_non_negative",
                violation_error_message=MSG_BIAYA_PESERTA,
            ),
            models.CheckConstraint(
                condition=models.Q(biaya_per_kelas__gte=0),
                name="kegiatan_biaya_kelas_non_negative",
                violation_error_message=MSG_BIAYA_KELAS,
            ),
            models.CheckConstraint(
                condition=models.Q(jp__gte=0),
                name="kegiatan_jp_non_negative",
                violation_error_message=MSG_JP,
            ),
            models.CheckConstraint(
                condition=models.Q(jp_program__isnull=True) | models.Q(jp_program__gte=0),
                name="kegiatan_jp_program_non_negative",
                violation_error_message=MSG_JP_PROGRAM,
            ),
            models.CheckConstraint(
                condition=models.Q(golongan_min__isnull=True)
                | models.Q(golongan_max__isnull=True)
                | models.Q(golongan_min__lte=models.F("golongan_max")),
                name="kegiatan_golongan_range",
                violation_error_message=MSG_GOLONGAN,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.judul}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if (
            self.min_peserta is not None
            and self.kapasitas_kelas is not None
            and self.min_peserta > self.kapasitas_kelas
        ):
            errors["min_peserta"] = MSG_MIN_PESERTA
        if not isinstance(self.triwulan, list) or not all(
            type(q) is int and 1 <= q <= 4 for q in self.triwulan
        ):
            errors["triwulan"] = _("Quarters are numbers 1 to 4.")
        if (
            self.golongan_min is not None
            and self.golongan_max is not None
            and self.golongan_min > self.golongan_max
        ):
            errors["golongan_max"] = MSG_GOLONGAN
        if not isinstance(self.jenis_asn, list) or not all(j in JenisAsn.values for j in self.jenis_asn):
            errors["jenis_asn"] = _("Unknown ASN type: expected a list of %(types)s.") % {
                "types": ", ".join(JenisAsn.values)
            }
        if self.standar_kurikulum.strip() and not self.standar_pembina.strip():
            errors["standar_pembina"] = _("Name the instansi pembina that set this curriculum standard.")
        errors.update(self._audience_errors())
        if errors:
            raise ValidationError(errors)

    def sasaran_rumpun_labels(self) -> list[str]:
        """The target job families in the reader's language (for pages)."""
        labels = dict(RumpunJabatan.choices)
        return [str(labels.get(v, v)) for v in self.sasaran_rumpun or []]

    def sasaran_jenis_unit_labels(self) -> list[str]:
        labels = dict(UnitKerja.Jenis.choices)
        return [str(labels.get(v, v)) for v in self.sasaran_jenis_unit or []]

    @property
    def standar_label(self) -> str:
        """Item (f) in the reader's language: "LAN: Peraturan LAN 15/2019 (PKP)", or "no standard yet"."""
        if not self.standar_pembina:
            return str(_("no curriculum standard yet"))
        if not self.standar_kurikulum:
            return self.standar_pembina
        return f"{self.standar_pembina}: {self.standar_kurikulum}"

    @property
    def untuk_semua(self) -> bool:
        """No target audience: open to everyone the other rules allow."""
        return not (
            self.sasaran_rumpun or self.sasaran_jenis_unit or self.sasaran_jabatan or self.sasaran_opd
        )

    def _audience_errors(self) -> dict[str, object]:
        errors: dict[str, object] = {}
        for field, allowed in (
            ("sasaran_rumpun", RumpunJabatan.values),
            ("sasaran_jenis_unit", UnitKerja.Jenis.values),
        ):
            value = getattr(self, field)
            if not _text_list(value) or any(v not in allowed for v in value):
                errors[field] = _("Unknown value: expected a list of %(values)s.") % {
                    "values": ", ".join(allowed)
                }
        if not _text_list(self.sasaran_jabatan) or any(not v.strip() for v in self.sasaran_jabatan):
            errors["sasaran_jabatan"] = _("Expected a list of position names.")
        if not _text_list(self.sasaran_opd):
            errors["sasaran_opd"] = _("Expected a list of OPD codes.")
        elif self.sasaran_opd and self.instansi_id:
            known = set(
                UnitKerja.objects.filter(
                    instansi_id=self.instansi_id, parent__isnull=True, kode__in=self.sasaran_opd
                ).values_list("kode", flat=True)
            )
            unknown = [v for v in self.sasaran_opd if v not in known]
            if unknown:
                errors["sasaran_opd"] = _("Unknown OPD code(s): %(codes)s.") % {"codes": ", ".join(unknown)}
        return errors


def _text_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


class KegiatanKompetensi(models.Model):
    """A competency an activity develops, and by how many levels."""

    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="kompetensi")
    kompetensi = models.ForeignKey(Kompetensi, on_delete=models.PROTECT, related_name="+")
    kenaikan_level = models.PositiveSmallIntegerField(
        _("levels gained"),
        default=1,
        validators=[MinValueValidator(1, MSG_KENAIKAN), MaxValueValidator(4, MSG_KENAIKAN)],
    )

    class Meta:
        verbose_name = _("competency developed")
        verbose_name_plural = _("competencies developed")
        constraints = [
            models.UniqueConstraint(fields=["kegiatan", "kompetensi"], name="kegiatan_kompetensi_unique"),
            models.CheckConstraint(
                condition=models.Q(kenaikan_level__gte=1, kenaikan_level__lte=4),
                name="kenaikan_level_1_4",
                violation_error_message=MSG_KENAIKAN,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kegiatan.kode}: {self.kompetensi} +{self.kenaikan_level}"


class AturanWajib(models.Model):
    """A mandatory rule: who must take an activity (Latsar for CPNS, PKP for new pengawas, …)."""

    class Sasaran(models.TextChoices):
        CPNS = "CPNS", _("Every CPNS")
        PENGAWAS_BARU = "PENGAWAS_BARU", _("Pengawas appointed within the last year")
        GARIS_DEPAN = "GARIS_DEPAN", _("All front-line staff")
        SEMUA = "SEMUA", _("Everyone")

    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="aturan_wajib")
    sasaran = models.CharField(_("who"), max_length=14, choices=Sasaran.choices)
    dasar = models.CharField(_("basis"), max_length=255, blank=True)
    aktif = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("mandatory rule")
        verbose_name_plural = _("mandatory rules")

    def __str__(self) -> str:
        return f"{self.kegiatan.kode}: {self.get_sasaran_display()}"
