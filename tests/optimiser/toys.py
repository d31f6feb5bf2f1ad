"""Tiny hand-made problems with known optima (shared by the optimiser tests)."""

from __future__ import annotations

from typing import Any

from sibina.optimiser import Activity, Budget, Employee, Kind, Policy, Problem

COMPS = (("k1", 1.0), ("k2", 1.0))


def emp(id: str, **kw: Any) -> Employee:
    kw.setdefault("opd", "A")
    kw.setdefault("kind", Kind.PNS)
    return Employee(id=id, **kw)


def act(id: str, **kw: Any) -> Activity:
    kw.setdefault("form", "KL03")
    kw.setdefault("classical", True)
    kw.setdefault("jp", 0.0)
    return Activity(id=id, **kw)


def prob(emps: list[Employee], acts: list[Activity], budgets: list[Budget], *, lam: float = 0.1) -> Problem:
    return Problem(
        employees=tuple(emps),
        activities=tuple(acts),
        competencies=COMPS,
        budgets=tuple(budgets),
        policy=Policy(shortfall_penalty=lam),
        name="toy",
    )


def one_of_two_courses() -> Problem:
    """Two city courses, each a batch costing 10; the budget (15) runs only one. A closes 2 levels for each of
    three employees (6), B closes 1 level each (3): the optimum runs A only, objective 6."""
    emps = [emp(f"e{i}", gaps=(("k1", 2.0), ("k2", 1.0)), eligible=("A", "B")) for i in range(3)]
    acts = [
        act("A", fixed_cost_per_batch=10.0, capacity=5, min_class=2, gains=(("k1", 2.0),)),
        act("B", fixed_cost_per_batch=10.0, capacity=5, min_class=2, gains=(("k2", 1.0),)),
    ]
    return prob(emps, acts, [Budget("BKPSDM", 15.0)])


def min_class_closes_batch() -> Problem:
    """C would close 2 levels each but needs 3 participants and only 2 are eligible: it cannot run. The
    e-learning D closes 1 level each: objective 2."""
    emps = [emp(f"e{i}", gaps=(("k1", 2.0),), eligible=("C", "D")) for i in range(2)]
    acts = [
        act("C", fixed_cost_per_batch=1.0, capacity=10, min_class=3, gains=(("k1", 2.0),)),
        act("D", form="NKL03", classical=False, capacity=100, gains=(("k1", 1.0),)),
    ]
    return prob(emps, acts, [Budget("BKPSDM", 100.0)])


def pppk_cap() -> Problem:
    """A PPPK employee with 20 JP earned and a 24-JP cap: X (8 JP, 2 levels) does not fit, Y (4 JP, 1 level)
    does: objective 1."""
    e = emp("p1", kind=Kind.PPPK, jp_earned=20.0, jp_max=24.0, gaps=(("k1", 2.0),), eligible=("X", "Y"))
    acts = [act("X", jp=8.0, gains=(("k1", 2.0),)), act("Y", jp=4.0, gains=(("k1", 1.0),))]
    return prob([e], acts, [Budget("BKPSDM", 100.0)])


def locked_and_excluded() -> Problem:
    """e1 is locked into L (no gap value, costs 1) and excluded from X (worth 5); Y is worth 1. Budget 10:
    the plan is L + Y, objective 1."""
    e = emp("e1", gaps=(("k1", 5.0), ("k2", 1.0)), eligible=("L", "X", "Y"), locked=("L",), excluded=("X",))
    acts = [
        act("L", cost_per_participant=1.0),
        act("X", cost_per_participant=1.0, gains=(("k1", 5.0),)),
        act("Y", cost_per_participant=1.0, gains=(("k2", 1.0),)),
    ]
    return prob([e], acts, [Budget("BKPSDM", 10.0)])


def prerequisites(budget: float) -> Problem:
    """ADV (2 levels, cost 2) requires BAS (no value, cost 2). e1 has not done BAS; e2 has. Budget 6 plans
    BAS+ADV for e1 and ADV for e2 (objective 4); budget 3 plans only ADV for e2 (objective 2)."""
    e1 = emp("e1", gaps=(("k1", 2.0),), eligible=("ADV", "BAS"))
    e2 = emp("e2", gaps=(("k1", 2.0),), eligible=("ADV",), done=("BAS",))
    acts = [
        act("BAS", cost_per_participant=2.0),
        act("ADV", cost_per_participant=2.0, gains=(("k1", 2.0),), requires=("BAS",)),
    ]
    return prob([e1, e2], acts, [Budget("BKPSDM", budget)])


def personal_limits() -> Problem:
    """e1 may attend one activity: the better of P (2 levels) and Q (1 level) -> P. e2 may spend 3 classical
    days: R (2 days, 1 level) and S (2 days, 1 level) do not both fit, the e-learning T (1 level) does:
    e2 gets one of R/S plus T. Objective 2 + 2 = 4."""
    e1 = emp("e1", max_activities=1, gaps=(("k1", 2.0), ("k2", 1.0)), eligible=("P", "Q"))
    e2 = emp("e2", max_classical_days=3.0, gaps=(("k1", 1.0), ("k2", 2.0)), eligible=("R", "S", "T"))
    acts = [
        act("P", gains=(("k1", 2.0),)),
        act("Q", gains=(("k2", 1.0),)),
        act("R", days=2.0, gains=(("k1", 1.0),)),
        act("S", days=2.0, gains=(("k2", 1.0),)),
        act("T", form="NKL03", classical=False, gains=(("k2", 1.0),)),
    ]
    return prob([e1, e2], acts, [Budget("BKPSDM", 100.0)])


def jp_minimum() -> Problem:
    """A PNS with 10 JP earned needs 10 more; two free e-learnings of 6 JP (no gap): credit min(10, 12) = 10 JP,
    objective 0.1 * 10 = 1.0."""
    e = emp("e1", jp_earned=10.0, jp_min=20.0, eligible=("E1", "E2"))
    acts = [
        act("E1", form="NKL03", classical=False, jp=6.0),
        act("E2", form="NKL03", classical=False, jp=6.0),
    ]
    return prob([e], acts, [Budget("BKPSDM", 0.0)])


def opd_budget() -> Problem:
    """W is charged to the participant's OPD: OPD A has 1.0, OPD B has 0.5, W costs 1.0 per participant. Only
    the employee of A can attend: objective 1."""
    from sibina.optimiser import PARTICIPANT_OPD

    ea = emp("a1", opd="A", gaps=(("k1", 1.0),), eligible=("W",))
    eb = emp("b1", opd="B", gaps=(("k1", 1.0),), eligible=("W",))
    acts = [act("W", cost_per_participant=1.0, gains=(("k1", 1.0),), budget=PARTICIPANT_OPD)]
    return prob([ea, eb], acts, [Budget("opd:A", 1.0), Budget("opd:B", 0.5)])


#: (builder, optimum, expected assignments {(employee, activity)})
TOYS = [
    (one_of_two_courses, 6.0, {("e0", "A"), ("e1", "A"), ("e2", "A")}),
    (min_class_closes_batch, 2.0, {("e0", "D"), ("e1", "D")}),
    (pppk_cap, 1.0, {("p1", "Y")}),
    (locked_and_excluded, 1.0, {("e1", "L"), ("e1", "Y")}),
    (lambda: prerequisites(6.0), 4.0, {("e1", "BAS"), ("e1", "ADV"), ("e2", "ADV")}),
    (lambda: prerequisites(3.0), 2.0, {("e2", "ADV")}),
    (jp_minimum, 1.0, {("e1", "E1"), ("e1", "E2")}),
    (opd_budget, 1.0, {("a1", "W")}),
]
