"""Evaluation records. SKM (public-satisfaction survey, PermenPANRB 14/2017): one survey per service unit and
period, held either as individual questionnaires (``JawabanSkm``, nine answers 1–4 each) or as the element
averages a unit reported (on the survey itself). Results (NRR, IKM, category) are computed on read, exactly,
by ``evaluation.domain``: nothing rounded is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sibina.evaluation.domain import JAWABAN_MAX, JAWABAN_MIN, UNSUR, UNSUR_FIELDS
from sibina.jobs.models import JobRow

RATA_DIGITS, RATA_PLACES = 7, 6  # an element average 1.000000–4.000000


class SurveiSkm(models.Model):
    """The SKM of one unit in one period (``2026``, ``2026-S1`` or ``2026-S2``)."""

    class Bentuk(models.TextChoices):
        JAWABAN = "JAWABAN", _("Individual questionnaires")
        RATA = "RATA", _("Element averages")

    instansi = models.ForeignKey("people.Instansi", on_delete=models.PROTECT, related_name="survei_skm")
    unit = models.ForeignKey(
        "people.UnitKerja", on_delete=models.PROTECT, related_name="survei_skm", verbose_name=_("work unit")
    )
    periode = models.CharField(_("period"), max_length=7)  # domain.Periode.label
    tahun = models.PositiveSmallIntegerField(_("year"))
    semester = models.PositiveSmallIntegerField(_("semester"), null=True, blank=True)  # None: the whole year
    bentuk = models.CharField(_("form of the data"), max_length=8, choices=Bentuk.choices)
    # The element-average form only: respondents and the averages as reported (exact decimals).
    jumlah_responden = models.PositiveIntegerField(_("respondents"), null=True, blank=True)
    rata_persyaratan = models.DecimalField(max_digits=RATA_DIGITS, decimal_places=RATA_PLACES, null=True)
    rata_prosedur = models.DecimalField(max_digits=RATA_DIGITS, decimal_places=RATA_PLACES, null=True)
    rata_waktu = models.DecimalField(max_digits=RATA_DIGITS, decimal_places=RATA_PLACES, null=True)
    rata_biaya = models.DecimalField(max_digits=RATA_DIGITS, decimal_places=RATA_PLACES, null=True)
    rata_produk = models.DecimalField(max_digits=RATA_DIGITS, decimal_places=RATA_PLACES, null=True)
    rata_kompetensi = models.DecimalField(max_digits=RATA_DIGITS, decimal_places=RATA_PLACES, null=True)
    rata_perilaku = models.DecimalField(max_digits=RATA_DIGITS, decimal_places=RATA_PLACES, null=True)
    rata_pengaduan = models.DecimalField(max_digits=RATA_DIGITS, decimal_places=RATA_PLACES, null=True)
    rata_sarana = models.DecimalField(max_digits=RATA_DIGITS, decimal_places=RATA_PLACES, null=True)
    import_batch = models.ForeignKey(
        "imports.ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="survei_skm"
    )
    sintetis = models.BooleanField(_("synthetic (demo)"), default=False)

    class Meta:
        verbose_name = _("SKM survey")
        verbose_name_plural = _("SKM surveys")
        ordering = ["unit", "tahun", "semester"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "periode"], name="survei_skm_unit_periode_unique"),
            models.CheckConstraint(
                condition=Q(semester__isnull=True) | Q(semester__in=[1, 2]), name="survei_skm_semester"
            ),
            # Element averages come with their respondents and all nine averages; questionnaires with neither.
            models.CheckConstraint(
                condition=Q(
                    bentuk="JAWABAN",
                    jumlah_responden__isnull=True,
                    **{f"rata_{f}__isnull": True for f in UNSUR_FIELDS},
                )
                | Q(
                    bentuk="RATA",
                    jumlah_responden__gte=1,
                    **{f"rata_{f}__isnull": False for f in UNSUR_FIELDS},
                ),
                name="survei_skm_bentuk_values",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"rata_{f}__isnull": True})
                    | Q(**{f"rata_{f}__gte": JAWABAN_MIN, f"rata_{f}__lte": JAWABAN_MAX}),
                    name=f"survei_skm_rata_{f}_range",
                )
                for f in UNSUR_FIELDS
            ),
        ]
        indexes = [models.Index(fields=["instansi", "tahun"], name="survei_skm_instansi_tahun")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.periode}"

    def rata(self) -> tuple[object, ...]:
        return tuple(getattr(self, f"rata_{f}") for f in UNSUR_FIELDS)


def _answer(unsur_index: int) -> models.PositiveSmallIntegerField[int, int]:
    u = UNSUR[unsur_index]
    return models.PositiveSmallIntegerField(f"{u.kode} {u.nama_resmi}")


class JawabanSkm(models.Model):
    """One questionnaire: a respondent's nine answers (1–4), each stored under its element's name."""

    survei = models.ForeignKey(SurveiSkm, on_delete=models.CASCADE, related_name="jawaban")
    responden = models.CharField(_("respondent"), max_length=60)
    persyaratan = _answer(0)
    prosedur = _answer(1)
    waktu = _answer(2)
    biaya = _answer(3)
    produk = _answer(4)
    kompetensi = _answer(5)
    perilaku = _answer(6)
    pengaduan = _answer(7)
    sarana = _answer(8)

    class Meta:
        verbose_name = _("SKM questionnaire")
        verbose_name_plural = _("SKM questionnaires")
        ordering = ["survei", "responden"]
        constraints = [
            models.UniqueConstraint(fields=["survei", "responden"], name="jawaban_skm_responden_unique"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{f}__gte": JAWABAN_MIN, f"{f}__lte": JAWABAN_MAX}),
                    name=f"jawaban_skm_{f}_range",
                )
                for f in UNSUR_FIELDS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survei_id}/{self.responden}"

    def answers(self) -> tuple[int, ...]:
        return tuple(int(getattr(self, f)) for f in UNSUR_FIELDS)


# --- The effect of each program (issue 15 part 2): treatment, estimate and verdict ------------------------------


class Putusan(models.TextChoices):
    """The verdict on a program, in plain words (docs/evaluation.md, "The verdict")."""

    PERLUAS = "PERLUAS", _("Expand")
    LANJUTKAN = "LANJUTKAN", _("Continue and keep measuring")
    TINJAU_ULANG = "TINJAU_ULANG", _("Review the method")
    DATA_KURANG = "DATA_KURANG", _("Not enough data yet")


class EvaluasiRun(JobRow):
    """One computation of every program's effect for a plan year (a background job on the job runner)."""

    instansi = models.ForeignKey("people.Instansi", on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("plan year"))
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    inputs_hash = models.CharField(_("inputs hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("effect evaluation run")
        verbose_name_plural = _("effect evaluation runs")
        ordering = ["-mulai"]

    def __str__(self) -> str:
        return f"{self.instansi_id} {self.tahun} #{self.pk}"


class EfekProgram(models.Model):
    """The estimated effect of one program on one outcome, with its evidence and verdict, for a plan year.

    A new run replaces the year's rows (the run they came from is kept)."""

    class Hasil(models.TextChoices):
        IKM = "IKM", _("Converted IKM")
        KOMPETENSI = "U6", _("U6 Competence of the staff")
        PERILAKU = "U7", _("U7 Behaviour of the staff")

    run = models.ForeignKey(EvaluasiRun, on_delete=models.CASCADE, related_name="efek")
    instansi = models.ForeignKey("people.Instansi", on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("plan year"))
    kegiatan = models.ForeignKey("catalogue.Kegiatan", on_delete=models.CASCADE, related_name="efek")
    hasil = models.CharField(_("outcome"), max_length=3, choices=Hasil.choices, default=Hasil.IKM)
    estimate = models.FloatField(_("estimate"), null=True, blank=True)
    ci_low = models.FloatField(_("95% interval, low"), null=True, blank=True)
    ci_high = models.FloatField(_("95% interval, high"), null=True, blank=True)
    se = models.FloatField(_("standard error"), null=True, blank=True)
    n_treated = models.PositiveIntegerField(_("treated units"), default=0)
    n_control = models.PositiveIntegerField(_("control units"), default=0)
    n_periods = models.PositiveIntegerField(_("periods"), default=0)
    n_pre = models.PositiveIntegerField(_("periods before treatment"), default=0)
    pretrend_p = models.FloatField(_("pre-trend test p-value"), null=True, blank=True)
    peringatan = models.JSONField(_("warnings"), default=list, blank=True)  # codes, worded on display
    verdict = models.CharField(_("verdict"), max_length=12, choices=Putusan.choices)
    computed_at = models.DateTimeField(_("computed at"))
    inputs_hash = models.CharField(_("inputs hash"), max_length=64)

    class Meta:
        verbose_name = _("program effect")
        verbose_name_plural = _("program effects")
        ordering = ["tahun", "kegiatan__kode", "hasil"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "tahun", "kegiatan", "hasil"], name="efek_program_unique"
            ),
            models.CheckConstraint(
                condition=Q(ci_low__isnull=True) | Q(ci_low__lte=models.F("ci_high")), name="efek_program_ci"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kegiatan_id} {self.tahun} {self.hasil}: {self.verdict}"


class EfekSintetis(models.Model):
    """The demo's known true effect of a program on converted IKM points (synthetic: checks the verdicts)."""

    instansi = models.ForeignKey("people.Instansi", on_delete=models.CASCADE, related_name="+")
    kegiatan = models.ForeignKey("catalogue.Kegiatan", on_delete=models.CASCADE, related_name="+")
    efek = models.DecimalField(_("true effect (converted IKM points)"), max_digits=5, decimal_places=2)
    sintetis = models.BooleanField(_("synthetic (demo)"), default=True)

    class Meta:
        verbose_name = _("true program effect (demo)")
        verbose_name_plural = _("true program effects (demo)")
        ordering = ["kegiatan__kode"]
        constraints = [
            models.UniqueConstraint(fields=["kegiatan"], name="efek_sintetis_kegiatan_unique"),
            models.CheckConstraint(condition=Q(sintetis=True), name="efek_sintetis_only_synthetic"),
        ]

    def __str__(self) -> str:
        return f"{self.kegiatan_id}: {self.efek}"


from sibina.evaluation.instrument_models import *  # noqa: E402,F403  (L1–L3 instruments)
