"""Toy problems with known optima, solved by every method."""

from __future__ import annotations

import pytest

from sibina.optimiser import check_plan, solve

from .toys import TOYS, personal_limits

METHODS = ["greedy", "lp_round", "milp", "colgen"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("build", "optimum", "pairs"), TOYS)
def test_toy_optimum(build, optimum, pairs, method):
    p = build()
    r = solve(p, method=method, time_limit=20, isolate=False)
    assert r.feasible
    assert check_plan(p, r.assignments) == []
    assert r.objective == pytest.approx(optimum, abs=1e-9)
    assert {(a.employee, a.activity) for a in r.assignments} == pairs
    if r.bound is not None:
        assert r.bound >= optimum - 1e-6


@pytest.mark.parametrize("method", METHODS)
def test_personal_limits(method):
    p = personal_limits()
    r = solve(p, method=method, time_limit=20, isolate=False)
    assert r.objective == pytest.approx(4.0)
    plan = {(a.employee, a.activity) for a in r.assignments}
    assert ("e1", "P") in plan and ("e1", "Q") not in plan
    assert ("e2", "T") in plan and not {("e2", "R"), ("e2", "S")} <= plan


def test_milp_is_proven_optimal_on_toys():
    for build, optimum, _ in TOYS:
        r = solve(build(), method="milp", time_limit=20, mip_gap=1e-9, isolate=False)
        assert r.status == "optimal"
        assert r.bound == pytest.approx(optimum, abs=1e-6)
        assert r.gap == pytest.approx(0.0, abs=1e-6)


def test_batches_respect_capacity_and_minimum():
    p = TOYS[0][0]()
    r = solve(p, method="milp", time_limit=20, isolate=False)
    assert dict(r.batches) == {"A": 1}
    assert {a.batch for a in r.assignments} == {0}
    assert dict(r.cost) == {"BKPSDM": 10.0}
    assert r.total_cost == 10.0


def test_greedy_closes_a_prerequisite_class_with_its_dependents():
    """BAS (a prerequisite of ADV) needs 3 participants and only 2 are eligible: greedy first plans BAS+ADV for
    both, then must close BAS *and* the ADV seats that depend on it; E (e-learning) remains."""
    from sibina.optimiser import Budget
    from sibina.optimiser.compiled import compile_problem
    from sibina.optimiser.greedy import greedy_state

    from .toys import act, emp, prob

    emps = [emp(f"e{i}", gaps=(("k1", 2.0),), eligible=("ADV", "BAS", "E")) for i in range(2)]
    acts = [
        act("BAS", capacity=5, min_class=3),
        act("ADV", gains=(("k1", 2.0),), requires=("BAS",)),
        act("E", form="NKL03", classical=False, gains=(("k1", 1.0),)),
    ]
    p = prob(emps, acts, [Budget("BKPSDM", 10.0)])
    g = greedy_state(compile_problem(p))
    assert g.is_feasible()
    assert g.objective() == 2.0
    r = solve(p, method="greedy", isolate=False)
    assert {(a.employee, a.activity) for a in r.assignments} == {("e0", "E"), ("e1", "E")}
