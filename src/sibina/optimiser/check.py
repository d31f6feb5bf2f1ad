"""An independent feasibility checker and objective calculator.

It reads only the Problem and the list of assignments, with plain loops over ids: it shares no code with the
model builder, the compiled arrays or the heuristics, so a bug there cannot hide here. Every plan any method
returns passes through :func:`check_plan` before it leaves ``solve()``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .problem import PARTICIPANT_OPD, Problem, opd_source
from .result import Assignment

TOL = 1e-7  # Rp millions (Rp 0.1) and JP


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str  # eligibility | excluded | locked | duplicate | unknown | batch | capacity | min_class |
    # max_batches | budget | max_activities | classical_days | jp_max | prerequisite
    subject: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.subject}: {self.detail}"


@dataclass(frozen=True)
class Evaluation:
    objective: float
    gap_value: float
    jp_value: float
    closed: dict[tuple[str, str], float]  # (employee, competency) -> levels closed
    shortfall: dict[str, float]  # employee -> JP below minimum after the plan
    jp_added: dict[str, float]
    spend: dict[str, float]  # budget id -> spent
    total_cost: float
    batches: dict[str, int]


def _source(budget_key: str, opd: str) -> str:
    return opd_source(opd) if budget_key == PARTICIPANT_OPD else budget_key


def _covers(
    sources: tuple[str, ...] | None, bid: str, b_opd: str | None, source: str, opd: str | None
) -> bool:
    if b_opd is not None and opd != b_opd:
        return False
    cov = sources if sources is not None else (bid,)
    return "*" in cov or source in cov


def evaluate(problem: Problem, assignments: Iterable[Assignment]) -> Evaluation:
    emps = {e.id: e for e in problem.employees}
    acts = {a.id: a for a in problem.activities}
    values = dict(problem.competencies)
    lam = problem.policy.shortfall_penalty
    gained: dict[tuple[str, str], float] = defaultdict(float)
    jp: dict[str, float] = defaultdict(float)
    per_act_batches: dict[str, set[int]] = defaultdict(set)
    charges: dict[tuple[str, str | None], float] = defaultdict(float)  # (source, opd or None) -> amount
    for s in assignments:
        e, a = emps.get(s.employee), acts.get(s.activity)
        if e is None or a is None:
            continue
        for k, g in a.gains:
            gained[(e.id, k)] += g
        jp[e.id] += a.jp
        per_act_batches[a.id].add(s.batch)
        if a.cost_per_participant:
            charges[(_source(a.budget, e.opd), e.opd)] += a.cost_per_participant
    batches = {aid: len(b) for aid, b in per_act_batches.items()}
    for aid, nb in batches.items():
        a = acts[aid]
        if a.fixed_cost_per_batch and nb:
            src = a.batch_budget if a.batch_budget is not None else a.budget
            charges[(src, None)] += a.fixed_cost_per_batch * nb
    gap_value = 0.0
    closed: dict[tuple[str, str], float] = {}
    for e in problem.employees:
        for k, g in e.gaps:
            got = gained.get((e.id, k), 0.0)
            c = min(g, got) if g > 0 else 0.0
            if c > 0:
                closed[(e.id, k)] = c
                gap_value += e.weight * values.get(k, 0.0) * c
    jp_value = 0.0
    shortfall: dict[str, float] = {}
    for e in problem.employees:
        if e.jp_min is None:
            continue
        need = max(0.0, e.jp_min - e.jp_earned)
        added = jp.get(e.id, 0.0)
        jp_value += lam * min(need, added)
        if need - added > TOL:
            shortfall[e.id] = need - added
    spend = {b.id: 0.0 for b in problem.budgets}
    for b in problem.budgets:
        spend[b.id] = math.fsum(
            amt for (src, opd), amt in charges.items() if _covers(b.sources, b.id, b.opd, src, opd)
        )
    return Evaluation(
        objective=gap_value + jp_value,
        gap_value=gap_value,
        jp_value=jp_value,
        closed=closed,
        shortfall=shortfall,
        jp_added=dict(jp),
        spend=spend,
        total_cost=math.fsum(charges.values()),
        batches=batches,
    )


def check_plan(problem: Problem, assignments: Iterable[Assignment]) -> list[Violation]:
    """Every rule the plan breaks (empty list = feasible)."""
    out: list[Violation] = []
    emps = {e.id: e for e in problem.employees}
    acts = {a.id: a for a in problem.activities}
    seen: set[tuple[str, str]] = set()
    plan: dict[str, list[str]] = defaultdict(list)
    members: dict[tuple[str, int], int] = defaultdict(int)
    alist = list(assignments)
    for s in alist:
        e, a = emps.get(s.employee), acts.get(s.activity)
        subj = f"{s.employee} -> {s.activity}"
        if e is None or a is None:
            out.append(Violation("unknown", subj, "unknown employee or activity"))
            continue
        if (e.id, a.id) in seen:
            out.append(Violation("duplicate", subj, "assigned twice"))
            continue
        seen.add((e.id, a.id))
        plan[e.id].append(a.id)
        if a.id not in e.eligible:
            out.append(Violation("eligibility", subj, "the employee is not eligible for this activity"))
        if a.id in e.excluded:
            out.append(Violation("excluded", subj, "the pair is excluded"))
        if not 0 <= s.batch < a.max_batches:
            out.append(Violation("batch", subj, f"batch {s.batch} outside 0..{a.max_batches - 1}"))
        members[(a.id, s.batch)] += 1
    for e in problem.employees:
        mine = set(plan.get(e.id, ()))
        for aid in e.locked:
            if aid not in mine:
                out.append(
                    Violation("locked", f"{e.id} -> {aid}", "a locked (mandatory) pair is not planned")
                )
        if e.max_activities is not None and len(mine) > e.max_activities:
            out.append(Violation("max_activities", e.id, f"{len(mine)} activities > {e.max_activities}"))
        days = math.fsum(acts[a].days for a in mine if acts[a].classical)
        if e.max_classical_days is not None and days > e.max_classical_days + TOL:
            out.append(
                Violation("classical_days", e.id, f"{days:g} classical days > {e.max_classical_days:g}")
            )
        added = math.fsum(acts[a].jp for a in mine)
        if e.jp_max is not None and e.jp_earned + added > e.jp_max + TOL:
            out.append(Violation("jp_max", e.id, f"{e.jp_earned:g} + {added:g} JP > cap {e.jp_max:g}"))
        for aid in mine:
            for r in acts[aid].requires:
                if r not in mine and r not in e.done:
                    out.append(
                        Violation("prerequisite", f"{e.id} -> {aid}", f"needs {r} (not done, not planned)")
                    )
    per_act: dict[str, int] = defaultdict(int)
    for (aid, b), n in sorted(members.items()):
        a = acts[aid]
        per_act[aid] += 1
        if n > a.capacity:
            out.append(Violation("capacity", f"{aid} batch {b}", f"{n} participants > capacity {a.capacity}"))
        if n < a.min_class:
            out.append(
                Violation("min_class", f"{aid} batch {b}", f"{n} participants < minimum {a.min_class}")
            )
    for aid, nb in per_act.items():
        if nb > acts[aid].max_batches:
            out.append(Violation("max_batches", aid, f"{nb} batches > {acts[aid].max_batches}"))
    ev = evaluate(problem, alist)
    for bud in problem.budgets:
        if ev.spend[bud.id] > bud.limit + TOL + 1e-12 * bud.limit:
            out.append(
                Violation("budget", bud.id, f"spent {ev.spend[bud.id]:.6f} > limit {bud.limit:.6f} (Rp juta)")
            )
    return out
