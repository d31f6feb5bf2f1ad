"""The methods on small synthetic cities: feasible plans, valid bounds, the decomposition, the Result record."""

from __future__ import annotations

import numpy as np
import pytest

from sibina.optimiser import Result, check_plan, pick_method, solve, synthetic_problem
from sibina.optimiser.compiled import compile_problem
from sibina.optimiser.decompose import decomposed, make_blocks
from sibina.optimiser.greedy import greedy_state, polish
from sibina.optimiser.sampling import sample_problem


@pytest.fixture(scope="module")
def city():
    return synthetic_problem(150, 40, seed=11)


@pytest.fixture(scope="module")
def milp(city):
    return solve(city, method="milp", time_limit=20, mip_gap=1e-3, isolate=False)


def test_bounds_are_valid_across_methods(city, milp):
    cg = solve(city, method="colgen", time_limit=20, isolate=False)
    lp = solve(city, method="lp_round", time_limit=20, isolate=False)
    for r in (cg, lp, milp):
        assert check_plan(city, r.assignments) == []
    best = max(r.objective for r in (cg, lp, milp))
    assert cg.bound >= best - 1e-6
    assert lp.bound >= best - 1e-6
    assert milp.bound >= best - 1e-6
    # column generation's bound is at least as strong as the compact LP relaxation
    assert cg.bound <= lp.bound + 1e-6
    assert cg.greedy_objective < cg.objective


def test_decomposition_gives_a_feasible_plan_and_a_valid_bound(city, milp):
    c = compile_problem(city)
    g = greedy_state(c)
    out = decomposed(
        c, np.array(g.x, dtype=bool), time_limit=30, mip_gap=1e-3, threads=1, isolate=False, block_size=60
    )
    s = polish(c, out.x)
    assert s is not None and s.is_feasible()
    assert out.bound is not None and out.bound >= milp.objective - 1e-6
    assert s.objective() >= g.objective() - 1e-6
    assert any("blocks of" in ln for ln in out.log)


def test_decomposed_through_solve_in_child_processes():
    p = synthetic_problem(120, 30, seed=12)
    r = solve(p, method="decomposed", time_limit=40)
    assert r.method == "decomposed"
    assert r.feasible and check_plan(p, r.assignments) == []
    assert r.bound is not None and r.bound >= r.objective - 1e-6


def test_blocks_keep_opds_together_and_split_big_ones():
    p = synthetic_problem(2000, 30, seed=1)
    blocks = make_blocks(p, 500)
    assert sorted(int(i) for b in blocks for i in b) == list(range(2000))
    assert len(blocks) == 4
    opd_blocks: dict[str, set[int]] = {}
    for j, b in enumerate(blocks):
        for i in b.tolist():
            opd_blocks.setdefault(p.employees[i].opd, set()).add(j)
    split = {o for o, bs in opd_blocks.items() if len(bs) > 1}
    sizes = {o: sum(1 for e in p.employees if e.opd == o) for o in split}
    assert all(n > 500 for n in sizes.values())  # only OPDs bigger than a block are split
    sub, f = sample_problem(p, 400)
    assert f == pytest.approx(len(sub.employees) / 2000)
    assert {e.opd for e in sub.employees} == {e.opd for e in p.employees}


def test_result_round_trips_and_describes_the_run(city, milp):
    r = milp
    assert Result.from_json(r.to_json()) == r
    assert r.solver == "HiGHS" and r.solver_version.startswith("1.15")
    assert r.params()["method"] == "milp" and r.params()["formulation"] == "sibina-optimiser/1"
    assert len(r.input_hash) == 64
    assert r.total_cost == pytest.approx(sum(v for _, v in r.cost))  # synthetic budgets never overlap
    assert all(v > 0 for _, v in r.shortfall)


def test_auto_picks_by_size():
    assert pick_method(synthetic_problem(50, 20, seed=1)) == "milp"
    assert pick_method(synthetic_problem(1000, 60, seed=1)) == "colgen"
