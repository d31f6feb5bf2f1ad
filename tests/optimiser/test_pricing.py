"""Exact pricing (the heart of the proven bound) against brute force over every personal plan."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sibina.optimiser import Assignment, evaluate
from sibina.optimiser.compiled import compile_problem
from sibina.optimiser.pairdata import PairData
from sibina.optimiser.pricing import price_employees

from .strategies import problems


def brute_force(p, c, allowed, price, e):
    """max over every subset of the employee's allowed pairs that keeps the personal rules (pairs of
    activities that can never open a class are not allowed)."""
    emp = p.employees[e]
    s0, s1 = int(c.pair_start[e]), int(c.pair_start[e + 1])
    pairs = [q for q in range(s0, s1) if allowed[q]]
    acts = p.activities
    best = -np.inf
    for k in range(len(pairs) + 1):
        for sub in combinations(pairs, k):
            chosen = {acts[int(c.pa[q])].id for q in sub}
            if not set(emp.locked) <= chosen:
                continue
            if emp.max_activities is not None and k > emp.max_activities:
                continue
            a_list = [acts[int(c.pa[q])] for q in sub]
            if (
                emp.max_classical_days is not None
                and sum(a.days for a in a_list if a.classical) > emp.max_classical_days
            ):
                continue
            if emp.jp_max is not None and emp.jp_earned + sum(a.jp for a in a_list) > emp.jp_max:
                continue
            if any(r not in chosen and r not in emp.done for a in a_list for r in a.requires):
                continue
            val = evaluate(
                p.__class__(
                    employees=(emp,),
                    activities=p.activities,
                    competencies=p.competencies,
                    budgets=p.budgets,
                    policy=p.policy,
                ),
                [Assignment(emp.id, a.id, 0) for a in a_list],
            ).objective
            best = max(best, val - sum(price[q] for q in sub))
    return best


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_employees=3, max_activities=6), st.randoms(use_true_random=False))
def test_pricing_is_exact(p, rnd):
    c = compile_problem(p)
    d = PairData(c)
    price = np.array([rnd.choice([0.0, 0.3, 1.0, 2.5]) for _ in range(c.P)])
    res = price_employees(d, price, np.arange(c.E, dtype=np.int64))
    for e in range(c.E):
        bf = brute_force(p, c, d.allowed, price, e)
        if bf == -np.inf:
            assert res.value[e] < -1e17
            continue
        assert res.exact[e]
        assert res.value[e] == pytest.approx(bf, abs=1e-9)
        assert res.bound[e] >= bf - 1e-9


def test_small_enumeration_still_gives_a_valid_bound():
    from sibina.optimiser import synthetic_problem
    from sibina.optimiser.pricing import _price

    p = synthetic_problem(300, 40, seed=7)
    c = compile_problem(p)
    d = PairData(c)
    price = np.zeros(c.P)
    exact = price_employees(d, price, np.arange(c.E, dtype=np.int64))
    rough = _price(d, price, np.arange(c.E, dtype=np.int64), 4)  # only 4 candidates enumerated
    assert (~rough.exact).any()
    assert np.all(rough.bound >= exact.value - 1e-9)
    assert np.all(rough.value <= exact.value + 1e-9)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_employees=3, max_activities=7), st.randoms(use_true_random=False))
def test_branch_and_bound_is_exact(p, rnd):
    """cmax=0 sends every employee to the branch and bound (normally only those with many candidates)."""
    c = compile_problem(p)
    d = PairData(c)
    price = np.array([rnd.choice([-0.5, 0.0, 0.3, 1.0, 2.5]) for _ in range(c.P)])
    res = price_employees(d, price, np.arange(c.E, dtype=np.int64), cmax=0)
    for e in range(c.E):
        bf = brute_force(p, c, d.allowed, price, e)
        if bf == -np.inf:
            assert res.value[e] < -1e17
            continue
        assert res.exact[e]
        assert res.value[e] == pytest.approx(bf, abs=1e-9)
        assert bf - 1e-9 <= res.bound[e] <= bf + 1e-6
        pl = res.plans[e]  # the plan is the one valued
        assert res.plan_value[e] - price[pl].sum() == pytest.approx(res.value[e], abs=1e-9)


def test_branch_and_bound_agrees_with_enumeration_on_a_city():
    from sibina.optimiser import synthetic_problem
    from sibina.optimiser.pricing import _price

    p = synthetic_problem(400, 60, seed=3)
    c = compile_problem(p)
    d = PairData(c)
    rng = np.random.default_rng(3)
    emps = np.arange(c.E, dtype=np.int64)
    for scale in (0.0, 0.5, 2.0):
        price = rng.random(c.P) * scale
        bnb = price_employees(d, price, emps, cmax=0)
        enum = _price(d, price, emps, 40)
        assert bnb.exact.all()
        np.testing.assert_allclose(bnb.value[enum.exact], enum.value[enum.exact], atol=1e-9)
        assert np.all(bnb.value >= enum.value - 1e-9)
        assert np.all(bnb.value <= enum.bound + 1e-9)


def test_a_stopped_branch_and_bound_still_gives_a_valid_bound():
    from sibina.optimiser import synthetic_problem

    p = synthetic_problem(300, 60, seed=5)
    c = compile_problem(p)
    d = PairData(c)
    price = np.zeros(c.P)
    emps = np.arange(c.E, dtype=np.int64)
    exact = price_employees(d, price, emps, cmax=0)
    stopped = price_employees(d, price, emps, cmax=0, node_cap=1)
    assert (~stopped.exact).any()
    assert np.all(stopped.bound >= exact.value - 1e-9)
    assert np.all(stopped.value <= exact.value + 1e-9)
