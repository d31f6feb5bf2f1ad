"""The independent checker: every rule, broken on purpose, is reported."""

from __future__ import annotations

import pytest

from sibina.optimiser import PARTICIPANT_OPD, Assignment, Budget, Kind, check_plan, evaluate

from .toys import act, emp, prob


def _problem():
    emps = [
        emp(
            "e1",
            max_activities=1,
            max_classical_days=2.0,
            gaps=(("k1", 2.0),),
            eligible=("A", "B", "C"),
            locked=("B",),
            excluded=("C",),
        ),
        emp("e2", kind=Kind.PPPK, jp_earned=20.0, jp_max=24.0, gaps=(("k1", 1.0),), eligible=("A", "ADV")),
        emp("e3", gaps=(("k1", 1.0),), eligible=("A",)),
    ]
    acts = [
        act(
            "A",
            days=3.0,
            jp=8.0,
            cost_per_participant=4.0,
            fixed_cost_per_batch=2.0,
            capacity=2,
            min_class=2,
            max_batches=1,
            gains=(("k1", 1.0),),
        ),
        act("B", cost_per_participant=1.0, budget=PARTICIPANT_OPD),
        act("C", gains=(("k1", 2.0),)),
        act("ADV", requires=("A",), gains=(("k1", 1.0),)),
    ]
    return prob(emps, acts, [Budget("BKPSDM", 5.0), Budget("opd:A", 0.5)])


def _rules(p, plan):
    return sorted({v.rule for v in check_plan(p, [Assignment(*t) for t in plan])})


def test_every_rule_is_detected():
    p = _problem()
    plan = [
        ("e1", "A", 0),
        ("e1", "C", 0),  # e1: 2 activities > 1, 3 days > 2, C excluded, B (locked) missing
        ("e2", "A", 0),
        ("e2", "ADV", 0),  # e2: 20 + 8 JP > 24
        ("e3", "A", 0),  # A batch 0 now has 3 > capacity 2
        ("e3", "A", 0),  # duplicate
        ("e9", "A", 0),  # unknown
        ("e3", "C", 3),  # not eligible, batch outside 0..0, so C has 2 batches > 1
    ]
    assert _rules(p, plan) == sorted(
        [
            "batch",
            "budget",
            "capacity",
            "classical_days",
            "duplicate",
            "eligibility",
            "excluded",
            "jp_max",
            "locked",
            "max_activities",
            "max_batches",
            "unknown",
        ]
    )


def test_prerequisite_and_min_class_and_opd_budget():
    p = _problem()
    assert "prerequisite" in _rules(p, [("e2", "ADV", 0)])
    assert "min_class" in _rules(p, [("e3", "A", 0), ("e1", "B", 0)])
    # B costs 1.0 charged to opd:A (limit 0.5)
    viol = check_plan(p, [Assignment("e1", "B", 0)])
    assert [(v.rule, v.subject) for v in viol] == [("budget", "opd:A")]


def test_feasible_plan_and_its_objective():
    p = _problem()
    plan = [Assignment("e1", "B", 0)]
    p2 = prob(list(p.employees), list(p.activities), [Budget("BKPSDM", 100.0), Budget("opd:A", 1.0)])
    assert check_plan(p2, plan) == []
    plan2 = [Assignment("e1", "B", 0), Assignment("e2", "A", 0), Assignment("e3", "A", 0)]
    assert [v.rule for v in check_plan(p2, plan2)] == ["jp_max"]
    ev = evaluate(p2, [Assignment("e1", "B", 0), Assignment("e3", "A", 0), Assignment("e2", "A", 0)])
    assert ev.objective == pytest.approx(2.0)  # e2 and e3 close 1 level of k1 each (v = 1, w = 1)
    assert ev.spend == {"BKPSDM": 4.0 * 2 + 2.0, "opd:A": 1.0}
    assert ev.batches == {"A": 1, "B": 1}
    assert ev.closed == {("e2", "k1"): 1.0, ("e3", "k1"): 1.0}
