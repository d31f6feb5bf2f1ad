"""Plan cycles, scenarios and solver runs: which plans exist, how each run went, the latest base plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy

from sibina.people.models import Instansi
from sibina.planning.models import Plan, PlanCycle, Skenario, SolverRun

RUNNING = (SolverRun.Status.QUEUED, SolverRun.Status.RUNNING)
METHOD_LABELS = {
    "greedy": gettext_lazy("greedy: most benefit per rupiah first"),
    "lp_round": gettext_lazy("LP relaxation, rounded and repaired"),
    "milp": gettext_lazy("mixed-integer programme"),
    "colgen": gettext_lazy("column generation and a mixed-integer programme over the columns"),
    "decomposed": gettext_lazy("decomposition into blocks"),
}
SOLVE_STATUS_LABELS = {
    "optimal": gettext_lazy("optimal within the tolerance"),
    "time_limit": gettext_lazy("stopped at the time limit with a checked plan"),
    "feasible": gettext_lazy("feasible plan without a proof of tolerance"),
    "infeasible": gettext_lazy("no plan satisfies the rules"),
    "error": gettext_lazy("solver error"),
}


# --- cycles, scenarios and runs ------------------------------------------------------------------------


def cycle_list(*, instansi: Instansi) -> list[PlanCycle]:
    return list(PlanCycle.objects.filter(instansi=instansi).order_by("-tahun"))


def cycle_get(*, instansi: Instansi, tahun: int | None, prefer: int) -> PlanCycle | None:
    """The cycle of ``tahun``; without a year, the cycle of ``prefer`` (the plan year) or else the latest."""
    cycles = PlanCycle.objects.filter(instansi=instansi).select_related("instansi")
    if tahun is not None:
        return cycles.filter(tahun=tahun).first()
    return cycles.filter(tahun=prefer).first() or cycles.order_by("-tahun").first()


def skenario_list(*, cycle: PlanCycle) -> list[Skenario]:
    return list(Skenario.objects.filter(cycle=cycle).select_related("wajib_semua").order_by("id"))


@dataclass(frozen=True)
class ScenarioPlan:
    """The base plan (``skenario`` None) or one scenario, with its latest plan and its latest run (which may be
    newer than the plan: still running, or failed)."""

    skenario: Skenario | None
    plan: Plan | None
    run: SolverRun | None

    @property
    def run_figures(self) -> RunFigures | None:
        """The quality of the latest plan's run."""
        return RunFigures(self.plan.solver_run) if self.plan is not None else None


def cycle_plans(*, cycle: PlanCycle, skenario: list[Skenario] | None = None) -> list[ScenarioPlan]:
    """The base first, then each scenario, each with its latest plan and run (3 queries)."""
    scenarios = skenario if skenario is not None else skenario_list(cycle=cycle)
    latest_plan: dict[int | None, Plan] = {}
    for plan in (
        Plan.objects.filter(cycle=cycle).select_related("solver_run", "skenario").order_by("created_at", "id")
    ):
        latest_plan[plan.skenario_id] = plan  # ordered oldest first: the newest wins
    latest_run: dict[int | None, SolverRun] = {}
    for run in SolverRun.objects.filter(cycle=cycle).order_by("mulai", "id"):
        latest_run[run.skenario_id] = run
    return [
        ScenarioPlan(s, latest_plan.get(s.pk if s else None), latest_run.get(s.pk if s else None))
        for s in [None, *scenarios]
    ]


def run_list(*, cycle: PlanCycle, limit: int = 10) -> list[SolverRun]:
    return list(
        SolverRun.objects.filter(cycle=cycle)
        .select_related("skenario", "oleh", "plan")
        .order_by("-mulai", "-id")[:limit]
    )


def run_get(*, run_id: int) -> SolverRun | None:
    return (
        SolverRun.objects.select_related("cycle__instansi", "skenario", "oleh", "plan")
        .filter(pk=run_id)
        .first()
    )


def run_active(*, cycle: PlanCycle, skenario: Skenario | None, since: dt.datetime) -> SolverRun | None:
    """A queued or running optimisation of the same cycle and scenario started after ``since``."""
    return (
        SolverRun.objects.filter(cycle=cycle, skenario=skenario, status__in=RUNNING, mulai__gte=since)
        .order_by("-mulai")
        .first()
    )


@dataclass(frozen=True)
class RunFigures:
    """A solver run's quality in the words users read: how close to the best possible, and against greedy."""

    run: SolverRun

    @property
    def gap_persen(self) -> Decimal | None:
        """The plan is within this % of the best possible (proven bound); None when no bound was computed."""
        if self.run.gap is None:
            return None
        return (Decimal(str(self.run.gap)) * 100).quantize(Decimal("0.01"))

    @property
    def greedy_ratio(self) -> Decimal | None:
        """Objective ÷ greedy objective (the most-needed-first method of local tools)."""
        run = self.run
        if run.objective is None or not run.greedy_objective:
            return None
        return (Decimal(str(run.objective)) / Decimal(str(run.greedy_objective))).quantize(Decimal("0.001"))

    @property
    def greedy_gain_persen(self) -> int | None:
        """How much more the plan achieves than the most-needed-first method, in whole percent."""
        ratio = self.greedy_ratio
        return None if ratio is None else int(((ratio - 1) * 100).to_integral_value())

    @property
    def running(self) -> bool:
        return self.run.status in RUNNING

    @property
    def method_label(self) -> str:
        return str(METHOD_LABELS.get(self.run.method, self.run.method))

    @property
    def status_label(self) -> str:
        return str(SOLVE_STATUS_LABELS.get(self.run.solve_status, self.run.solve_status))


def plan_get(*, plan_id: int) -> Plan | None:
    return Plan.objects.select_related("cycle__instansi", "skenario", "solver_run").filter(pk=plan_id).first()


def budget_factor(skenario: Skenario | None) -> Decimal:
    return skenario.faktor_anggaran if skenario is not None else Decimal(1)


def latest_base_plan(*, instansi_id: int) -> Plan | None:
    return (
        Plan.objects.filter(cycle__instansi_id=instansi_id, skenario__isnull=True)
        .select_related("cycle", "solver_run")
        .order_by("-cycle__tahun", "-created_at", "-id")
        .first()
    )
