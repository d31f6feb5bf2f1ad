"""The marginal value of more budget: the problem solved with and without extra money, compared in words.
It sits above ``solve`` (it calls it twice)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from .check import evaluate
from .compiled import compile_problem
from .greedy import polish
from .options import MethodArg, SolveOptions
from .problem import Problem
from .result import Assignment
from .solve import assignments_from_x, solve
from .words import fmt


@dataclass(frozen=True)
class BudgetMarginal:
    extra: float  # Rp millions added to each named budget
    budgets: tuple[str, ...]
    objective_before: float
    objective_after: float
    gap_levels_before: float
    gap_levels_after: float
    at_min_before: int  # employees with a JP minimum who reach it
    at_min_after: int
    text: str


def budget_marginal(
    problem: Problem,
    extra: float,
    budgets: tuple[str, ...] | None = None,
    *,
    method: MethodArg = "auto",
    time_limit: float = 30.0,
    isolate: bool = True,
    progress: Callable[[float, str], None] | None = None,
) -> BudgetMarginal:
    """The marginal value of more budget: solve the problem and the problem with ``extra`` Rp millions added to
    each named budget (default: every budget) by the same fast method, and compare gap levels closed and
    employees reaching their JP minimum. ``method="auto"`` uses the LP-rounded plan on small problems and
    column generation otherwise. ``progress(fraction, stage)`` follows both solves (each half of the way)."""

    def half(offset: float) -> Callable[[float, str], None] | None:
        if progress is None:
            return None
        report = progress
        return lambda fraction, stage: report(offset + 0.5 * fraction, stage)

    names = budgets or tuple(b.id for b in problem.budgets)
    more = replace(
        problem,
        budgets=tuple(replace(b, limit=b.limit + extra) if b.id in names else b for b in problem.budgets),
    )
    how: MethodArg = (
        method if method != "auto" else ("lp_round" if len(problem.employees) <= 2_000 else "colgen")
    )
    options = SolveOptions(method=how, time_limit=time_limit)
    base = solve(problem, options=options, isolate=isolate, progress=half(0.0))
    after = solve(more, options=options, isolate=isolate, progress=half(0.5))
    ev0, ev1 = evaluate(problem, base.assignments), evaluate(more, after.assignments)
    # heuristic noise must not make more money look worse: the base plan stays feasible with more budget, so
    # it is also tried there with the extra money spent greedily, and the better of the two is compared
    grown = _grow(more, base.assignments)
    if grown is not None:
        ev_g = evaluate(more, grown)
        if ev_g.objective > ev1.objective + 1e-9:
            ev1 = ev_g
    with_min = [e for e in problem.employees if e.jp_min is not None]
    at0 = sum(1 for e in with_min if e.id not in ev0.shortfall)
    at1 = sum(1 for e in with_min if e.id not in ev1.shortfall)
    lv0, lv1 = sum(ev0.closed.values()), sum(ev1.closed.values())
    text = (
        f"+Rp {fmt(extra)} juta on {', '.join(names)} closes {fmt(lv1 - lv0)} more gap level(s) and brings "
        f"{at1 - at0} more employee(s) to their JP minimum"
    )
    return BudgetMarginal(extra, names, ev0.objective, ev1.objective, lv0, lv1, at0, at1, text)


def _grow(problem: Problem, assignments: tuple[Assignment, ...]) -> tuple[Assignment, ...] | None:
    """A plan extended greedily within ``problem`` (None if it cannot be rebuilt there)."""
    c = compile_problem(problem)
    eidx = {e.id: i for i, e in enumerate(problem.employees)}
    aidx = {a.id: i for i, a in enumerate(problem.activities)}
    key = c.pe * c.A + c.pa
    want = np.array([eidx[s.employee] * c.A + aidx[s.activity] for s in assignments], dtype=np.int64)
    x = np.zeros(c.P, dtype=bool)
    if want.size:
        x[np.searchsorted(key, want)] = True
    st = polish(c, x)
    return None if st is None else assignments_from_x(c, problem, np.array(st.x, dtype=bool))
