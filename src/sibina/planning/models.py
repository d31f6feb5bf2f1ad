"""Plan cycles with their budgets and policy, scenarios, optimised plans and the solver runs behind them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sibina.catalogue.models import Kegiatan
from sibina.jobs.models import JobRow
from sibina.people.models import Instansi, Pegawai, UnitKerja
from sibina.reference.models import BentukPengembangan

MSG_PENALTI = _("The value of one JP cannot be negative.")
MSG_BATAS = _("A budget ceiling cannot be negative.")
MSG_FAKTOR = _("The budget factor cannot be negative.")
MARGINAL_STALE_AFTER = dt.timedelta(
    hours=1
)  # a measurement still "running" after this was lost with its thread


class PlanCycle(models.Model):
    """One budget year of an instansi: its ceilings and the policy the optimiser follows."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="plan_cycles")
    tahun = models.PositiveSmallIntegerField(_("budget year"))
    nama = models.CharField(_("name"), max_length=200)
    maks_kegiatan_per_orang = models.PositiveSmallIntegerField(_("max activities per person"), default=3)
    maks_hari_klasikal = models.PositiveSmallIntegerField(_("max classical days per person"), default=10)
    penalti_kekurangan_jp = models.DecimalField(
        _("value of one JP towards 20 JP"),
        max_digits=6,
        decimal_places=3,
        default=Decimal("0.5"),
        help_text=_("λ: how much closing one JP of an employee's shortfall is worth against one gap-level."),
        validators=[MinValueValidator(0, MSG_PENALTI)],
    )
    sintetis = models.BooleanField(_("synthetic (demo)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan cycle")
        verbose_name_plural = _("plan cycles")
        ordering = ["-tahun"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "tahun"], name="plan_cycle_unique_year"),
            models.CheckConstraint(
                condition=models.Q(penalti_kekurangan_jp__gte=0),
                name="plan_cycle_penalti_non_negative",
                violation_error_message=MSG_PENALTI,
            ),
        ]

    def __str__(self) -> str:
        return self.nama


class Anggaran(models.Model):
    """A budget ceiling: the DPA of BKPSDM, or of one OPD (its participants' costs), in rupiah."""

    class Sumber(models.TextChoices):
        BKPSDM = "BKPSDM", _("DPA BKPSDM")
        OPD = "OPD", _("DPA of an OPD")
        TOTAL = "TOTAL", _("Total ceiling over all sources")

    cycle = models.ForeignKey(PlanCycle, on_delete=models.CASCADE, related_name="anggaran")
    sumber = models.CharField(_("source"), max_length=6, choices=Sumber.choices)
    unit = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("OPD")
    )
    batas = models.DecimalField(
        _("ceiling (Rp)"), max_digits=15, decimal_places=0, validators=[MinValueValidator(0, MSG_BATAS)]
    )

    class Meta:
        verbose_name = _("budget ceiling")
        verbose_name_plural = _("budget ceilings")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "sumber", "unit"], name="anggaran_unique"),
            models.CheckConstraint(condition=models.Q(batas__gte=0), name="anggaran_non_negative"),
        ]

    def __str__(self) -> str:
        where = f" {self.unit}" if self.unit else ""
        return f"{self.get_sumber_display()}{where}: Rp {self.batas:,.0f}"


class Skenario(models.Model):
    """A named what-if variant of a cycle: budget ±%, only some forms, an activity made mandatory for all."""

    cycle = models.ForeignKey(PlanCycle, on_delete=models.CASCADE, related_name="skenario")
    nama = models.CharField(_("name"), max_length=100)
    deskripsi = models.TextField(_("description"), blank=True)
    faktor_anggaran = models.DecimalField(
        _("budget factor"),
        max_digits=4,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(0, MSG_FAKTOR)],
    )
    hanya_bentuk = models.JSONField(
        _("only these forms"), default=list, blank=True, help_text=_('e.g. ["NKL03"]')
    )
    wajib_semua = models.ForeignKey(
        Kegiatan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mandatory for all"),
    )

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "nama"], name="skenario_unique_name"),
            models.CheckConstraint(
                condition=models.Q(faktor_anggaran__gte=0),
                name="skenario_faktor_non_negative",
                violation_error_message=MSG_FAKTOR,
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    def clean(self) -> None:
        if not isinstance(self.hanya_bentuk, list) or not all(isinstance(c, str) for c in self.hanya_bentuk):
            raise ValidationError(
                {"hanya_bentuk": _('Only these forms: a list of form codes, e.g. ["NKL03"].')}
            )
        unknown = self.unknown_forms()
        if unknown:
            raise ValidationError({"hanya_bentuk": unknown_forms_message(unknown)})

    def unknown_forms(self) -> list[str]:
        """Codes of ``hanya_bentuk`` that name no development form of the reference table (1 query)."""
        codes = {str(c) for c in self.hanya_bentuk or ()}
        if not codes:
            return []
        known = set(BentukPengembangan.objects.filter(kode__in=codes).values_list("kode", flat=True))
        return sorted(codes - known)


def unknown_forms_message(codes: list[str]) -> str:
    return _("Only these forms: unknown form code(s) %(codes)s.") % {"codes": ", ".join(codes)}


class SolverRun(JobRow):
    """One optimisation: exactly what went in (hash), how it was solved and what came out."""

    cycle = models.ForeignKey(PlanCycle, on_delete=models.CASCADE, related_name="solver_runs")
    skenario = models.ForeignKey(
        Skenario, on_delete=models.SET_NULL, null=True, blank=True, related_name="runs"
    )
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    input_hash = models.CharField(_("input SHA-256"), max_length=64, blank=True)
    method = models.CharField(_("method"), max_length=20, blank=True)
    solver = models.CharField(_("solver"), max_length=40, blank=True)
    solver_version = models.CharField(_("solver version"), max_length=40, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict)
    solve_status = models.CharField(_("solver status"), max_length=20, blank=True)
    objective = models.FloatField(_("objective"), null=True, blank=True)
    bound = models.FloatField(_("best bound"), null=True, blank=True)
    gap = models.FloatField(_("relative gap"), null=True, blank=True)
    greedy_objective = models.FloatField(_("greedy objective"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)

    class Meta:
        verbose_name = _("solver run")
        verbose_name_plural = _("solver runs")
        ordering = ["-mulai"]

    def __str__(self) -> str:
        return f"{self.cycle} {self.skenario or ''} {self.method} {self.mulai:%Y-%m-%d %H:%M}"


class Plan(models.Model):
    """An optimised annual plan for a cycle (or one of its scenarios)."""

    cycle = models.ForeignKey(PlanCycle, on_delete=models.CASCADE, related_name="plans")
    skenario = models.ForeignKey(
        Skenario, on_delete=models.CASCADE, null=True, blank=True, related_name="plans"
    )
    solver_run = models.OneToOneField(SolverRun, on_delete=models.PROTECT, related_name="plan")
    biaya_total = models.DecimalField(_("total cost (Rp)"), max_digits=15, decimal_places=0, default=0)
    pegawai_20jp = models.PositiveIntegerField(_("PNS reaching 20 JP"), default=0)
    pegawai_wajib_jp = models.PositiveIntegerField(_("PNS who must reach 20 JP"), default=0)
    gap_tertutup = models.FloatField(_("gap-levels closed"), default=0)
    marginal = models.JSONField(
        _("value of more budget"), default=dict, blank=True, help_text=_("What +Rp 50 juta would add.")
    )
    # Data, worded at display time: [{"kode", "judul", "pegawai"}] per mandatory activity (Latsar, PKP, …)
    # the scenario's limits leave out, with the number of employees for whom it was mandatory.
    wajib_terlewat = models.JSONField(_("mandatory training left out"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.cycle} {self.skenario or _('base')}"


class MarginalRun(JobRow):
    """The measurement of what more budget would buy for one plan: its own background job, run after the plan is
    stored and shown (its two extra solves used to keep the person waiting), the figures kept on ``Plan.marginal``."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="marginal_run")
    input_hash = models.CharField(_("input SHA-256"), max_length=64, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)

    class Meta:
        verbose_name = _("measurement of more budget")
        verbose_name_plural = _("measurements of more budget")

    def __str__(self) -> str:
        return f"{self.plan} +budget {self.status}"

    @property
    def active(self) -> bool:
        """Queued or running, and not lost: a restarted server kills the embedded job thread, so after an hour
        the plan page stops saying "being measured" (and says it was not measured)."""
        if self.status not in (self.Status.QUEUED, self.Status.RUNNING):
            return False
        return self.mulai is None or timezone.now() - self.mulai < MARGINAL_STALE_AFTER


class PlanItem(models.Model):
    """One employee in one class of one activity, with what it costs, the JP it gives and why it was chosen."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="plan_items")
    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.PROTECT, related_name="plan_items")
    kelas = models.PositiveSmallIntegerField(_("class number"))
    triwulan = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    biaya = models.DecimalField(_("cost (Rp)"), max_digits=15, decimal_places=0)
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=2)
    alasan = models.TextField(_("why"), blank=True)  # the reason as text: only rows from before alasan_data
    # Why, as data worded at display time by planning.reasons: a list of parts such as {"jenis": "gap",
    # "kompetensi": "M07", "dari": 2, "ke": 3, "standar": 3}, {"jenis": "wajib", "aturan": "CPNS"},
    # {"jenis": "jp", "jp": 12, "target": 20}, {"jenis": "kinerja", "naik": 1}, {"jenis": "kunci"}.
    alasan_data = models.JSONField(_("why (data)"), default=list, blank=True)
    # Bumped by every decision on this item; a form carries it so a stale edit is refused, not applied.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [
            models.UniqueConstraint(fields=["plan", "pegawai", "kegiatan"], name="plan_item_unique")
        ]
        indexes = [models.Index(fields=["plan", "kegiatan", "kelas"], name="plan_item_class")]

    def __str__(self) -> str:
        return f"{self.pegawai_id} → {self.kegiatan_id} ({self.kelas})"


class KebutuhanTakTerlayani(models.Model):
    """A need the plan leaves (partly) open, with the rule that bound: budget, capacity, eligibility, …"""

    class Alasan(models.TextChoices):
        BUDGET = "budget", _("Budget")
        CAPACITY = "class_capacity", _("Class capacity")
        PERSON = "per_person_limit", _("Per-person limit")
        ELIGIBILITY = "eligibility", _("No eligible activity")
        MIN_CLASS = "min_class", _("Minimum class size")
        EXCLUDED = "excluded", _("Excluded by a leader")
        VALUE = "value", _("Lower value per rupiah")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tak_terlayani")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+")
    kompetensi = models.CharField(_("competency"), max_length=20)
    gap_sisa = models.FloatField(_("gap left"))
    alasan = models.CharField(_("binding reason"), max_length=20, choices=Alasan.choices)
    keterangan = models.TextField(_("explanation"), blank=True)  # the optimiser's English, for the CLI only
    # The facts behind the binding reason, worded at display time by planning.reasons (see
    # optimiser.explain.UnservedNeed.facts): {"why": "max_activities", "limit": 3}, {"why": "budget_left", …}.
    alasan_data = models.JSONField(_("binding reason (data)"), default=dict, blank=True)

    class Meta:
        verbose_name = _("unserved need")
        verbose_name_plural = _("unserved needs")
        indexes = [models.Index(fields=["plan", "alasan"], name="tak_terlayani_plan_alasan")]

    def __str__(self) -> str:
        return f"{self.pegawai_id} {self.kompetensi}: {self.alasan}"
