"""Samples of a big problem: every k-th employee of every OPD (budgets scaled), and the duals of column
generation on such a sample, which give prices for the whole problem (a head start for column generation,
the shares of a decomposition)."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import replace

import numpy as np

from .cg_engine import Engine
from .compiled import F, compile_problem
from .greedy import greedy_state
from .problem import Problem

SAMPLE_FROM = 20_000  # employees: above this, column generation starts from the duals of a sample ...
SAMPLE_SIZE = 5_000  # ... of about this many employees
SAMPLE_SHARE = 0.1  # ... computed in at most this share of the time limit


def sample_problem(problem: Problem, size: int) -> tuple[Problem, float]:
    """Every k-th employee of every OPD; budgets scaled by the sample fraction (batches are scaled by the
    caller on the compiled arrays, where they may be fractional)."""
    n = len(problem.employees)
    k = max(1, round(n / size))
    by_opd: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(problem.employees):
        by_opd[e.opd].append(i)
    pick = sorted(i for members in by_opd.values() for i in members[::k])
    f = len(pick) / n
    sub = replace(
        problem,
        employees=tuple(problem.employees[i] for i in pick),
        budgets=tuple(replace(b, limit=b.limit * f) for b in problem.budgets),
    )
    return sub, f


def sample_duals(sub: Problem, f: float, deadline: float) -> tuple[F, F, F, float, list[str]]:
    """Column generation (no cuts) on a sample of the employees, with budgets (already in ``sub``) and batches a
    year scaled by the sample fraction ``f``: its duals (mu, ycap, ymin), LP value and log."""
    cs = compile_problem(sub)
    cs = replace(cs, a_maxb=cs.a_maxb * f, problem=None)
    g = greedy_state(cs)
    eng = Engine(cs, np.array(g.x, dtype=bool))
    eng.rounds(deadline, tol=5e-4, bound=True, cuts=False)
    _, _, duals, _ = eng.m.solve_lp(max(1.0, deadline - time.perf_counter()))
    _, _, mu, _, _ = eng.m.prices(duals)
    m = eng.m
    ycap = np.zeros(cs.A)
    ymin = np.zeros(cs.A)
    ycap[m.acts] = np.maximum(duals[m.cap_row[m.acts]], 0.0)
    ymin[m.mact] = np.minimum(duals[m.min_row[m.mact]], 0.0)
    return mu, ycap, ymin, eng.lp_value, eng.lines
