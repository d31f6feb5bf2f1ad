"""Explanations: what each assignment closes, why a need is unserved, the value of more budget."""

from __future__ import annotations

from sibina.optimiser import (
    Budget,
    SolveOptions,
    budget_marginal,
    explain_employee,
    explain_plan,
    solve,
    synthetic_problem,
    unserved_needs,
)

from .toys import act, emp, one_of_two_courses, prob


def test_each_assignment_says_which_gap_it_closes():
    p = prob(
        [
            emp(
                "e1",
                jp_earned=10.0,
                jp_min=20.0,
                gaps=(("k1", 2.0), ("k2", 1.0)),
                eligible=("A", "E"),
                locked=("E",),
            )
        ],
        [
            act("A", jp=24.0, gains=(("k1", 2.0), ("k2", 1.0))),
            act("E", form="NKL03", classical=False, jp=6.0),
        ],
        [Budget("BKPSDM", 1.0)],
    )
    r = solve(p, isolate=False)
    reasons = explain_employee(p, r, "e1")
    assert [x.text for x in reasons] == [
        "A (KL03): closes 2 level(s) of k1, closes 1 level(s) of k2, brings 10 JP towards the 20-JP minimum",
        "E (NKL03): locked (mandatory)",
    ]
    assert reasons[0].closes == (("k1", 2.0), ("k2", 1.0))


def test_unserved_needs_have_their_binding_reason():
    emps = [
        emp("nobody", gaps=(("k2", 1.0),), eligible=("A",)),  # nothing develops k2 for them
        emp("limit", max_activities=1, gaps=(("k1", 3.0),), eligible=("A", "B")),  # A taken, B left
        emp("full1", gaps=(("k1", 1.0),), eligible=("C",)),
        emp("full2", gaps=(("k1", 1.0),), eligible=("C",)),  # C has one seat
        emp("few", gaps=(("k1", 1.0),), eligible=("D",)),  # D needs 2 to open
        emp("poor", opd="P", gaps=(("k1", 1.0),), eligible=("W",)),  # W is charged to opd:P (0.5 < 1)
    ]
    acts = [
        act("A", gains=(("k1", 2.0),)),
        act("B", gains=(("k1", 1.0),)),
        act("C", capacity=1, gains=(("k1", 1.0),)),
        act("D", min_class=2, gains=(("k1", 1.0),)),
        act("W", cost_per_participant=1.0, budget="opd:*", gains=(("k1", 1.0),)),
    ]
    p = prob(emps, acts, [Budget("BKPSDM", 10.0), Budget("opd:A", 0.0), Budget("opd:P", 0.5)])
    r = solve(p, isolate=False)
    got = {(u.employee, u.competency): (u.reason, u.text) for u in unserved_needs(p, r)}
    served = {a.employee for a in r.assignments if a.activity == "C"}
    waiting = ({"full1", "full2"} - served).pop()
    assert got == {
        ("nobody", "k2"): ("eligibility", "no other eligible activity develops k2"),
        ("limit", "k1"): ("per_person_limit", "already at the limit of 1 activities"),
        (waiting, "k1"): (
            "class_capacity",
            "every eligible activity developing k1 is full (all batches at capacity)",
        ),
        ("few", "k1"): (
            "min_class",
            "D cannot open a class: it needs 2 participants and only 1 employees are eligible",
        ),
        ("poor", "k1"): ("budget", "budget opd:P has Rp 0.5 juta left, W needs Rp 1 juta"),
    }


def test_more_budget_closes_more_gap():
    p = one_of_two_courses()  # 15 runs one course; 20 runs both
    m = budget_marginal(p, 5.0, ("BKPSDM",), isolate=False)
    assert (m.objective_before, m.objective_after) == (6.0, 9.0)
    assert m.gap_levels_after - m.gap_levels_before == 3.0
    assert (
        m.text
        == "+Rp 5 juta on BKPSDM closes 3 more gap level(s) and brings 0 more employee(s) to their JP minimum"
    )


def test_unserved_needs_carry_their_facts_as_numbers():
    """Beside the English text, the facts pages word in the reader's language (planning.reasons)."""
    emps = [
        emp("nobody", gaps=(("k2", 1.0),), eligible=("A",)),
        emp("limit", max_activities=1, gaps=(("k1", 3.0),), eligible=("A", "B")),
        emp("few", gaps=(("k1", 1.0),), eligible=("D",)),
        emp("poor", opd="P", gaps=(("k1", 1.0),), eligible=("W",)),
    ]
    acts = [
        act("A", gains=(("k1", 2.0),)),
        act("B", gains=(("k1", 1.0),)),
        act("D", min_class=2, gains=(("k1", 1.0),)),
        act("W", cost_per_participant=1.0, budget="opd:*", gains=(("k1", 1.0),)),
    ]
    p = prob(emps, acts, [Budget("BKPSDM", 10.0), Budget("opd:A", 0.0), Budget("opd:P", 0.5)])
    got = {(u.employee, u.competency): u.facts for u in unserved_needs(p, solve(p, isolate=False))}
    assert got == {
        ("nobody", "k2"): {"why": "no_candidate"},
        ("limit", "k1"): {"why": "max_activities", "limit": 1.0},
        ("few", "k1"): {"why": "min_class", "activity": "D", "min_class": 2.0, "eligible": 1.0},
        ("poor", "k1"): {"why": "budget_left", "budget": "opd:P", "left": 0.5, "activity": "W", "needs": 1.0},
    }


def test_explaining_the_whole_plan_at_once_says_what_each_employee_alone_says():
    p = synthetic_problem(300, 40, seed=3)
    r = solve(p, options=SolveOptions(method="greedy"), isolate=False)
    planned = {a.employee for a in r.assignments}
    assert len(planned) > 100
    everyone = explain_plan(p, r)
    assert set(everyone) == planned
    assert everyone == {e: explain_employee(p, r, e) for e in planned}
