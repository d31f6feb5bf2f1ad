"""Infeasible input is explained in words, never as a bare solver status."""

from __future__ import annotations

from sibina.optimiser import Budget, Kind, diagnose_infeasible, solve

from .toys import act, emp, prob


def test_locked_pairs_cost_more_than_the_budget():
    emps = [emp(f"c{i}", kind=Kind.CPNS, eligible=("LATSAR",), locked=("LATSAR",)) for i in range(3)]
    p = prob(emps, [act("LATSAR", cost_per_participant=4.5, capacity=40)], [Budget("BKPSDM", 10.0)])
    r = solve(p, isolate=False)
    assert r.status == "infeasible"
    assert r.assignments == ()
    assert r.infeasibility == (
        "The locked (mandatory) pairs alone cost at least Rp 13.5 juta from budget BKPSDM, which has Rp 10 juta.",
    )


def test_personal_rules_broken_by_locked_pairs():
    e1 = emp(
        "p1",
        kind=Kind.PPPK,
        jp_earned=20.0,
        jp_max=24.0,
        max_activities=1,
        eligible=("A", "B"),
        locked=("A", "B"),
    )
    e2 = emp("e2", max_classical_days=2.0, eligible=("A",), locked=("A",))
    acts = [act("A", jp=8.0, days=3.0), act("B", requires=("Z",)), act("Z")]
    reasons = diagnose_infeasible(prob([e1, e2], acts, [Budget("BKPSDM", 1.0)]))
    assert reasons == [
        "Employee p1 has 2 locked activities but may attend at most 1.",
        "Employee p1 (PPPK) already has 20 JP; the locked activities add 8 JP, above the cap of 24 JP.",
        "Employee p1 is locked into B, which requires Z; Z is neither done nor eligible for this employee.",
        "Employee e2: the locked classical activities take 3 days, more than the limit of 2 days.",
    ]


def test_class_rules_broken_by_locked_pairs():
    emps = [emp(f"e{i}", eligible=("A",), locked=("A",)) for i in range(3)]
    acts = [act("A", capacity=1, max_batches=2)]
    assert diagnose_infeasible(prob(emps, acts, [Budget("BKPSDM", 1.0)])) == [
        "Activity A has 3 locked participants but only 2 batch(es) of 1 seats."
    ]
    acts = [act("A", capacity=10, min_class=5)]
    r = solve(prob(emps, acts, [Budget("BKPSDM", 1.0)]), isolate=False)
    assert r.status == "infeasible"
    assert r.infeasibility == (
        "Activity A needs at least 5 participants per batch; 3 are locked and only 3 "
        "employees are eligible in all.",
    )


def test_locked_total_over_a_shared_ceiling():
    emps = [emp("e1", eligible=("A",), locked=("A",)), emp("e2", eligible=("B",), locked=("B",))]
    acts = [act("A", fixed_cost_per_batch=6.0, budget="S"), act("B", fixed_cost_per_batch=6.0, budget="T")]
    p = prob(emps, acts, [Budget("S", 6.0), Budget("T", 6.0), Budget("total", 10.0, sources=("*",))])
    r = solve(p, isolate=False)
    assert r.status == "infeasible"
    assert r.infeasibility == (
        "The locked (mandatory) pairs alone cost at least Rp 12 juta from budget total, which has Rp 10 juta.",
    )


def test_conflict_no_single_rule_explains_is_still_in_words():
    # two locked participants fit the budget, but the class needs a third, and three seats do not fit
    emps = [emp(f"e{i}", eligible=("A",), locked=("A",) if i < 2 else ()) for i in range(3)]
    p = prob(emps, [act("A", cost_per_participant=1.0, capacity=5, min_class=3)], [Budget("BKPSDM", 2.5)])
    assert diagnose_infeasible(p) == []
    r = solve(p, method="colgen", isolate=False)
    assert r.status == "infeasible"
    assert r.objective is None and r.assignments == ()
    assert len(r.infeasibility) == 1
    assert r.infeasibility[0].startswith("The locked (mandatory) pairs cannot all be honoured together")
    assert "solved with the exact MILP instead" in r.messages[0]
