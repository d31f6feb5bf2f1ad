"""Why a problem is infeasible, in words: the rules the locked (mandatory) pairs break on their own."""

from __future__ import annotations

import math
from collections import defaultdict

from .problem import PARTICIPANT_OPD, Problem, opd_source
from .words import fmt

#: when the MILP finds the locked pairs infeasible and no single rule explains it
NO_SINGLE_RULE = (
    "The locked (mandatory) pairs cannot all be honoured together within the budgets, class sizes "
    "and personal limits, although no single rule is broken on its own: release some locked pairs "
    "or raise a budget."
)


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
                f"Employee {e.id}: the locked classical activities take {fmt(days)} days, more than the "
                f"limit of {fmt(e.max_classical_days)} days."
            )
        jp = sum(a.jp for a in mine)
        if e.jp_max is not None and e.jp_earned + jp > e.jp_max + 1e-9:
            out.append(
                f"Employee {e.id} ({e.kind.value}) already has {fmt(e.jp_earned)} JP; the locked activities add "
                f"{fmt(jp)} JP, above the cap of {fmt(e.jp_max)} JP."
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
                f"The locked (mandatory) pairs alone cost at least Rp {fmt(total)} juta from budget {b.id}, "
                f"which has Rp {fmt(b.limit)} juta."
            )
    return out
