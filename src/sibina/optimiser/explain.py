"""Explanations in words: why a problem is infeasible, what each assignment closes, why a need is unserved,
and what more budget would buy."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from .check import evaluate
from .problem import PARTICIPANT_OPD, Activity, Employee, Problem, opd_source
from .result import Assignment, Result


def _fmt(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def diagnose_infeasible(problem: Problem) -> list[str]:
    """Rules that the locked (mandatory) pairs break on their own, in words. Empty when none is found.

    Checked: each employee's locked pairs against their personal limits and prerequisites; each activity's
    locked participants against its batches and minimum class size; the cheapest cost of all locked pairs
    against every budget.
    """
    acts = {a.id: a for a in problem.activities}
    out: list[str] = []
    locked_by_act: dict[str, list[str]] = defaultdict(list)
    eligible_by_act: dict[str, int] = defaultdict(int)
    for e in problem.employees:
        for aid in e.eligible:
            if aid not in e.excluded:
                eligible_by_act[aid] += 1
        if not e.locked:
            continue
        mine = [acts[a] for a in e.locked]
        for a in mine:
            locked_by_act[a.id].append(e.id)
        if e.max_activities is not None and len(mine) > e.max_activities:
            out.append(
                f"Employee {e.id} has {len(mine)} locked activities but may attend at most {e.max_activities}."
            )
        days = sum(a.days for a in mine if a.classical)
        if e.max_classical_days is not None and days > e.max_classical_days + 1e-9:
            out.append(
                f"Employee {e.id}: the locked classical activities take {_fmt(days)} days, more than the "
                f"limit of {_fmt(e.max_classical_days)} days."
            )
        jp = sum(a.jp for a in mine)
        if e.jp_max is not None and e.jp_earned + jp > e.jp_max + 1e-9:
            out.append(
                f"Employee {e.id} ({e.kind.value}) already has {_fmt(e.jp_earned)} JP; the locked activities add "
                f"{_fmt(jp)} JP, above the cap of {_fmt(e.jp_max)} JP."
            )
        for a in mine:
            for r in a.requires:
                if r not in e.done and r not in e.eligible:
                    out.append(
                        f"Employee {e.id} is locked into {a.id}, which requires {r}; {r} is neither done nor "
                        f"eligible for this employee."
                    )
                elif r in e.excluded and r not in e.done:
                    out.append(
                        f"Employee {e.id} is locked into {a.id}, which requires {r}, but {r} is excluded."
                    )
    emp_opd = {e.id: e.opd for e in problem.employees}
    charges: dict[tuple[str, str | None], float] = defaultdict(float)
    for aid, members in sorted(locked_by_act.items()):
        a = acts[aid]
        n = len(members)
        if n > a.capacity * a.max_batches:
            out.append(
                f"Activity {aid} has {n} locked participants but only {a.max_batches} batch(es) of "
                f"{a.capacity} seats."
            )
            continue
        batches = math.ceil(n / a.capacity)
        need = batches * a.min_class
        if n < need and eligible_by_act[aid] < need:
            out.append(
                f"Activity {aid} needs at least {a.min_class} participants per batch; {n} are locked and only "
                f"{eligible_by_act[aid]} employees are eligible in all."
            )
        for e_id in members:
            opd = emp_opd[e_id]
            src = opd_source(opd) if a.budget == PARTICIPANT_OPD else a.budget
            charges[(src, opd)] += a.cost_per_participant
        if a.fixed_cost_per_batch:
            charges[(a.batch_source, None)] += a.fixed_cost_per_batch * batches
    for b in problem.budgets:
        total = math.fsum(amt for (src, opd), amt in charges.items() if b.covers(src, opd))
        if total > b.limit + 1e-7:
            out.append(
                f"The locked (mandatory) pairs alone cost at least Rp {_fmt(total)} juta from budget {b.id}, "
                f"which has Rp {_fmt(b.limit)} juta."
            )
    return out


# --- explanations of a plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentReason:
    activity: str
    closes: tuple[tuple[str, float], ...]  # competency -> levels this activity closes (its share)
    jp: float  # JP credited towards the minimum by this activity
    text: str


@dataclass(frozen=True)
class UnservedNeed:
    employee: str
    competency: str
    gap_left: float
    reason: str  # budget | class_capacity | per_person_limit | eligibility | min_class | excluded | value
    text: str


def explain_employee(problem: Problem, result: Result, employee_id: str) -> list[AssignmentReason]:
    """For one employee: which gap each planned activity closes, and the JP it brings."""
    e = next(x for x in problem.employees if x.id == employee_id)
    acts = {a.id: a for a in problem.activities}
    gaps = dict(e.gaps)
    mine = [acts[s.activity] for s in result.assignments if s.employee == employee_id]
    # share closing in plan order: bigger gains first
    left = dict(gaps)
    jp_left = e.jp_need
    out: list[AssignmentReason] = []
    for a in sorted(mine, key=lambda a: (-sum(min(g, gaps.get(k, 0.0)) for k, g in a.gains), a.id)):
        closes = []
        for k, g in a.gains:
            c = min(g, left.get(k, 0.0))
            if c > 0:
                closes.append((k, c))
                left[k] -= c
        jp = min(a.jp, jp_left)
        jp_left -= jp
        parts = [f"closes {_fmt(c)} level(s) of {k}" for k, c in closes]
        if jp > 0:
            parts.append(f"brings {_fmt(jp)} JP towards the {_fmt(e.jp_min or 0)}-JP minimum")
        if a.id in e.locked:
            parts.append("locked (mandatory)")
        text = f"{a.id} ({a.form}): " + (
            ", ".join(parts) if parts else "no remaining gap; kept for the class"
        )
        out.append(AssignmentReason(a.id, tuple(closes), jp, text))
    return out


def unserved_needs(problem: Problem, result: Result) -> list[UnservedNeed]:
    """Each (employee, competency) with a gap left after the plan, with the binding reason:

    ``eligibility`` (no eligible, non-excluded activity develops it), ``per_person_limit`` (activity count,
    classical days, JP cap or a prerequisite rule out every candidate), ``class_capacity`` (every candidate's
    batches are full at their yearly maximum), ``min_class`` (no candidate runs and none has enough eligible
    employees to open a class), ``budget`` (a seat or a class would cost more than is left, or the money closes
    more gap elsewhere).
    """
    acts = {a.id: a for a in problem.activities}
    ev = evaluate(problem, result.assignments)
    plan: dict[str, set[str]] = defaultdict(set)
    seats: dict[str, int] = defaultdict(int)
    for s in result.assignments:
        plan[s.employee].add(s.activity)
        seats[s.activity] += 1
    eligible_n: dict[str, int] = defaultdict(int)
    for e in problem.employees:
        for aid in e.eligible:
            if aid not in e.excluded:
                eligible_n[aid] += 1
    spend = dict(result.cost)
    developing: dict[str, list[str]] = defaultdict(list)
    for a in problem.activities:
        for k, g in a.gains:
            if g > 0:
                developing[k].append(a.id)
    out: list[UnservedNeed] = []
    for e in problem.employees:
        mine = plan.get(e.id, set())
        for k, g in e.gaps:
            left = g - ev.closed.get((e.id, k), 0.0)
            if left <= 1e-9:
                continue
            elig = set(e.eligible)
            cands = [acts[a] for a in developing.get(k, ()) if a in elig and a not in mine]
            reason, text = _reason(problem, e, k, cands, mine, acts, seats, spend, eligible_n)
            out.append(UnservedNeed(e.id, k, left, reason, text))
    return out


def _reason(
    problem: Problem,
    e: Employee,
    k: str,
    cands: list[Activity],
    mine: set[str],
    acts: dict[str, Activity],
    seats: dict[str, int],
    spend: dict[str, float],
    eligible_n: dict[str, int],
) -> tuple[str, str]:
    if not cands:
        partly = (
            " (the planned activities close only part of it)"
            if any(kk == k for a in mine for kk, _ in acts[a].gains)
            else ""
        )
        return "eligibility", f"no other eligible activity develops {k}{partly}"
    open_ = [a for a in cands if a.id not in e.excluded]
    if not open_:
        return "eligibility", f"every eligible activity developing {k} is excluded for this employee"
    if e.max_activities is not None and len(mine) >= e.max_activities:
        return "per_person_limit", f"already at the limit of {e.max_activities} activities"
    days = sum(acts[a].days for a in mine if acts[a].classical)
    jp = sum(acts[a].jp for a in mine)
    fits = [
        a
        for a in open_
        if not (e.jp_max is not None and e.jp_earned + jp + a.jp > e.jp_max + 1e-9)
        and not (
            a.classical and e.max_classical_days is not None and days + a.days > e.max_classical_days + 1e-9
        )
        and all(r in e.done or r in mine or r in e.eligible for r in a.requires)
    ]
    if not fits:
        return "per_person_limit", (
            f"every activity developing {k} would break a personal limit (JP cap, classical days or prerequisite)"
        )
    room = [a for a in fits if seats.get(a.id, 0) < a.capacity * a.max_batches]
    if not room:
        return "class_capacity", f"every eligible activity developing {k} is full (all batches at capacity)"
    if all(seats.get(a.id, 0) == 0 and eligible_n.get(a.id, 0) < max(1, a.min_class) for a in room):
        a0 = room[0]
        return "min_class", (
            f"{a0.id} cannot open a class: it needs {a0.min_class} participants and only "
            f"{eligible_n.get(a0.id, 0)} employees are eligible"
        )
    for a in sorted(room, key=lambda a: a.cost_per_participant):
        src = a.participant_source(e)
        extra = a.cost_per_participant + (
            a.fixed_cost_per_batch if seats.get(a.id, 0) % a.capacity == 0 else 0
        )
        tight = [
            b
            for b in problem.budgets
            if b.covers(src, e.opd) and spend.get(b.id, 0.0) + extra > b.limit + 1e-7
        ]
        if tight:
            b = tight[0]
            return "budget", (
                f"budget {b.id} has Rp {_fmt(max(0.0, b.limit - spend.get(b.id, 0.0)))} juta left, "
                f"{a.id} needs Rp {_fmt(extra)} juta"
            )
    return (
        "budget",
        "the money closes more gap elsewhere (lower value per rupiah than the planned assignments)",
    )


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
    method: str = "auto",
    time_limit: float = 30.0,
    isolate: bool = True,
    progress: Callable[[float, str], None] | None = None,
) -> BudgetMarginal:
    """The marginal value of more budget: solve the problem and the problem with ``extra`` Rp millions added to
    each named budget (default: every budget) by the same fast method, and compare gap levels closed and
    employees reaching their JP minimum. ``method="auto"`` uses the LP-rounded plan on small problems and
    column generation otherwise. ``progress(fraction, stage)`` follows both solves (each half of the way)."""
    from .solve import solve

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
    how = method if method != "auto" else ("lp_round" if len(problem.employees) <= 2_000 else "colgen")
    base = solve(
        problem,
        method=how,  # type: ignore[arg-type]
        time_limit=time_limit,
        isolate=isolate,
        progress=half(0.0),
    )
    after = solve(
        more,
        method=how,  # type: ignore[arg-type]
        time_limit=time_limit,
        isolate=isolate,
        progress=half(0.5),
    )
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
        f"+Rp {_fmt(extra)} juta on {', '.join(names)} closes {_fmt(lv1 - lv0)} more gap level(s) and brings "
        f"{at1 - at0} more employee(s) to their JP minimum"
    )
    return BudgetMarginal(extra, names, ev0.objective, ev1.objective, lv0, lv1, at0, at1, text)


def _grow(problem: Problem, assignments: tuple[Assignment, ...]) -> tuple[Assignment, ...] | None:
    """A plan extended greedily within ``problem`` (None if it cannot be rebuilt there)."""
    import numpy as np

    from .compiled import compile_problem
    from .methods import polish
    from .solve import assignments_from_x

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
