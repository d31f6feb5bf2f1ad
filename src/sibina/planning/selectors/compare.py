"""The latest plan of the base and of each scenario of a cycle, side by side."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sibina.people.models import UnitKerja
from sibina.planning.models import PlanCycle
from sibina.planning.selectors.figures import ZERO, Coverage, PlanFigures, cycle_facts, plan_figures
from sibina.planning.selectors.runs import ScenarioPlan, cycle_plans

# --- scenarios side by side -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    columns: list[ScenarioPlan]  # those with a plan
    figures: list[PlanFigures]  # one per column
    opd_rows: list[tuple[UnitKerja, list[Coverage]]]  # an OPD and its coverage under each column

    @property
    def pairs(self) -> list[tuple[ScenarioPlan, PlanFigures]]:
        return list(zip(self.columns, self.figures, strict=True))

    @property
    def max_biaya(self) -> Decimal:
        return max((f.biaya_total for f in self.figures), default=ZERO)

    @property
    def max_gap(self) -> float:
        return max((f.total.gap_tertutup for f in self.figures), default=0.0)


def cycle_comparison(*, cycle: PlanCycle, opd: UnitKerja | None = None) -> Comparison:
    """The latest plan of the base and of each scenario, measured against the same facts; with ``opd`` (a
    top-level unit), each plan's figures are that OPD's alone."""
    columns = [c for c in cycle_plans(cycle=cycle) if c.plan is not None]
    if not columns:
        return Comparison([], [], [])
    facts = cycle_facts(cycle=cycle)
    figures = [plan_figures(plan=c.plan, facts=facts) for c in columns if c.plan is not None]
    if opd is not None:
        figures = [_opd_only(f, opd) for f in figures]
    by_unit = [{row.unit.pk: row for row in f.opd if row.unit is not None} for f in figures]
    opd_rows = [
        (u, [rows.get(u.pk, Coverage(u)) for rows in by_unit])
        for u in facts.opds
        if any(u.pk in r for r in by_unit)
    ]
    return Comparison(columns, figures, opd_rows)


def _opd_only(figures: PlanFigures, opd: UnitKerja) -> PlanFigures:
    """A plan's figures cut to one OPD: its coverage as the total, its own ceilings, and as cost its employees'
    seats (the classes' fixed costs are shared by every OPD, so they are left out)."""
    row = next((r for r in figures.opd if r.unit is not None and r.unit.pk == opd.pk), Coverage(opd))
    return PlanFigures(
        plan=figures.plan,
        total=row,
        opd=[row] if row.pegawai else [],
        ceilings=[c for c in figures.ceilings if c.anggaran.unit_id == opd.pk],
        kegiatan=[],
        biaya_kelas=ZERO,
        biaya_total=row.biaya_peserta,
    )
