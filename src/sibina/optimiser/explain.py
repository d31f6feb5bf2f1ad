"""Explanations of a plan in words: what each assignment closes, and why a need is left unserved."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .check import evaluate
from .problem import PARTICIPANT_OPD, Activity, Employee, Problem, opd_source
from .result import Result
from .words import fmt


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
    text: str  # English, for the command line and the JSON; pages word ``facts`` in the reader's language
    # The numbers behind ``text``: "why" (the case within the reason: no_candidate, partly, all_excluded,
    # max_activities, personal_rules, full, min_class, budget_left, value), and per case "limit"; "activity",
    # "min_class", "eligible"; "budget", "left", "needs" (Rp millions).
    facts: dict[str, str | float] = field(default_factory=dict)


def explain_employee(problem: Problem, result: Result, employee_id: str) -> list[AssignmentReason]:
    """For one employee: which gap each planned activity closes, and the JP it brings."""
    e = next(x for x in problem.employees if x.id == employee_id)
    acts = {a.id: a for a in problem.activities}
    return _explain(e, [acts[s.activity] for s in result.assignments if s.employee == employee_id])


def explain_plan(problem: Problem, result: Result) -> dict[str, list[AssignmentReason]]:
    """``explain_employee`` for every employee with an assignment, in one pass over the plan (employee id ->
    reasons): the per-employee call scans the whole plan each time, which is quadratic over a city."""
    acts = {a.id: a for a in problem.activities}
    mine: dict[str, list[Activity]] = defaultdict(list)
    for s in result.assignments:
        mine[s.employee].append(acts[s.activity])
    return {e.id: _explain(e, mine[e.id]) for e in problem.employees if e.id in mine}


def _explain(e: Employee, mine: list[Activity]) -> list[AssignmentReason]:
    gaps = dict(e.gaps)
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
        parts = [f"closes {fmt(c)} level(s) of {k}" for k, c in closes]
        if jp > 0:
            parts.append(f"brings {fmt(jp)} JP towards the {fmt(e.jp_min or 0)}-JP minimum")
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
            reason, text, facts = _reason(problem, e, k, cands, mine, acts, seats, spend, eligible_n)
            out.append(UnservedNeed(e.id, k, left, reason, text, facts))
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
) -> tuple[str, str, dict[str, str | float]]:
    if not cands:
        partly = any(kk == k for a in mine for kk, _ in acts[a].gains)
        return (
            "eligibility",
            f"no other eligible activity develops {k}"
            + (" (the planned activities close only part of it)" if partly else ""),
            {"why": "partly" if partly else "no_candidate"},
        )
    open_ = [a for a in cands if a.id not in e.excluded]
    if not open_:
        return (
            "eligibility",
            f"every eligible activity developing {k} is excluded for this employee",
            {"why": "all_excluded"},
        )
    if e.max_activities is not None and len(mine) >= e.max_activities:
        return (
            "per_person_limit",
            f"already at the limit of {e.max_activities} activities",
            {"why": "max_activities", "limit": float(e.max_activities)},
        )
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
        return (
            "per_person_limit",
            f"every activity developing {k} would break a personal limit (JP cap, classical days or prerequisite)",
            {"why": "personal_rules"},
        )
    room = [a for a in fits if seats.get(a.id, 0) < a.capacity * a.max_batches]
    if not room:
        return (
            "class_capacity",
            f"every eligible activity developing {k} is full (all batches at capacity)",
            {"why": "full"},
        )
    if all(seats.get(a.id, 0) == 0 and eligible_n.get(a.id, 0) < max(1, a.min_class) for a in room):
        a0 = room[0]
        return (
            "min_class",
            f"{a0.id} cannot open a class: it needs {a0.min_class} participants and only "
            f"{eligible_n.get(a0.id, 0)} employees are eligible",
            {
                "why": "min_class",
                "activity": a0.id,
                "min_class": float(a0.min_class),
                "eligible": float(eligible_n.get(a0.id, 0)),
            },
        )
    for a in sorted(room, key=lambda a: a.cost_per_participant):
        src = opd_source(e.opd) if a.budget == PARTICIPANT_OPD else a.budget
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
            left = max(0.0, b.limit - spend.get(b.id, 0.0))
            return (
                "budget",
                f"budget {b.id} has Rp {fmt(left)} juta left, {a.id} needs Rp {fmt(extra)} juta",
                {"why": "budget_left", "budget": b.id, "left": left, "activity": a.id, "needs": extra},
            )
    return (
        "budget",
        "the money closes more gap elsewhere (lower value per rupiah than the planned assignments)",
        {"why": "value"},
    )
