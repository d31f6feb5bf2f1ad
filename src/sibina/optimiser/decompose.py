"""Decomposition for large instances (a province, or many OPDs): blocks of OPDs solved separately.

1. **Prices.** Column generation on a stratified sample of employees (every k-th employee of every OPD, budgets
   and batches a year scaled by the sample fraction) gives prices for budgets and seats.
2. **Proven bound.** Every employee is priced exactly at those prices; the Lagrangian bound
   ``sum_e max_S [v_e(S) - price(S)] + sum_r mu_r B_r + sum_a ub_a max(0, d_a)`` is a valid upper bound on the
   whole problem for any non-negative prices (weak duality), whatever sample the prices came from.
3. **Blocks.** OPDs are packed into blocks of about ``block_size`` employees (big OPDs split by employee). Each
   shared budget and each activity's batches a year are split between blocks in proportion to what each block
   uses at the prices (batches by largest remainder, never below a block's locked needs).
4. **Solve and merge.** Each block is solved by column generation in its own child process (two at a time on
   this machine); the block plans are merged (their union respects every shared budget and batch ceiling by
   construction) and a global repair spends whatever the blocks left over.
"""

from __future__ import annotations

import math
import os
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from .cg_master import DualPrices, lagrangian_bound
from .colgen import run_colgen
from .compiled import BIG, Compiled, F, I, compile_problem, fbincount, y_lower, y_upper
from .greedy import greedy_state, polish
from .methods import MethodOutput
from .pairdata import PairData
from .pricing import price_employees
from .problem import Problem
from .runner import Isolated, call_isolated, run_many
from .sampling import SAMPLE_FROM, sample_duals, sample_problem
from .sampling import SAMPLE_SIZE as SAMPLE_SIZE_CG

BLOCK_SIZE = 50_000
SAMPLE_SIZE = 12_000


def make_blocks(problem: Problem, block_size: int) -> list[np.ndarray]:
    """Employee indices per block: whole OPDs packed largest first; an OPD bigger than a block is split."""
    by_opd: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(problem.employees):
        by_opd[e.opd].append(i)
    pieces: list[list[int]] = []
    for _opd, members in sorted(by_opd.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(members) > block_size:
            n = math.ceil(len(members) / block_size)
            size = math.ceil(len(members) / n)
            pieces += [members[i : i + size] for i in range(0, len(members), size)]
        else:
            pieces.append(members)
    n_blocks = max(1, math.ceil(len(problem.employees) / block_size))
    blocks: list[list[int]] = [[] for _ in range(n_blocks)]
    for piece in sorted(pieces, key=len, reverse=True):
        j = min(range(n_blocks), key=lambda b: len(blocks[b]))
        blocks[j] += piece
    return [np.array(sorted(b), dtype=np.int64) for b in blocks if b]


def _sample_child(payload: dict[str, Any], emit: Callable[[str, Any], None]) -> dict[str, Any]:
    deadline = time.perf_counter() + float(payload["time_limit"])
    mu, ycap, ymin, lp, lines = sample_duals(payload["sub"], payload["f"], deadline)
    return {"mu": mu, "ycap": ycap, "ymin": ymin, "lp": lp, "log": lines}


def _block_child(payload: dict[str, Any], emit: Callable[[str, Any], None]) -> dict[str, Any]:
    sub: Problem = payload["sub"]
    c = compile_problem(sub)
    g = greedy_state(c)
    start = np.array(g.x, dtype=bool)
    if not g.is_feasible():
        return {"x": None, "log": ["block greedy infeasible"], "bound": None, "status": "error"}
    res = run_colgen(
        {
            "c": replace(c, problem=None),
            "start": start,
            "time_limit": payload["time_limit"],
            "mip_gap": payload["mip_gap"],
            "threads": 1,
            "sample": sample_problem(sub, SAMPLE_SIZE_CG) if len(sub.employees) >= SAMPLE_FROM else None,
        },
        emit,
    )
    s = polish(c, res["x"]) if res["x"] is not None else None
    x = np.array(s.x, dtype=bool) if s is not None else start
    return {"x": x, "log": res["log"][-3:], "bound": res["bound"], "status": res["status"]}


def _global_pass(c: Compiled, d: PairData, pr: DualPrices, ub: F) -> tuple[float, list[I]]:
    """Price every employee exactly: the Lagrangian bound and each employee's best plan at these prices."""
    res = price_employees(d, pr.pair_price(), np.arange(c.E, dtype=np.int64))
    bound = lagrangian_bound(c, res.bound, pr.mu, pr.d_y(), ub, lo=y_lower(c, ub))
    return bound, res.plans


def _largest_remainder(total: int, weights: F, floor_: F) -> F:
    """Split ``total`` integer units by ``weights``, each part at least ``floor_`` (when total allows)."""
    base = np.minimum(floor_, total)
    rest = total - int(base.sum())
    if rest <= 0:
        return base
    w = np.maximum(weights, 0.0)
    if w.sum() <= 0:
        w = np.ones_like(w)
    share = w / w.sum() * rest
    parts = np.floor(share)
    left = rest - int(parts.sum())
    order = np.argsort(-(share - parts), kind="stable")
    parts[order[:left]] += 1
    out: F = base + parts
    return out


def decomposed(
    c: Compiled,
    start: np.ndarray,
    *,
    time_limit: float,
    mip_gap: float,
    threads: int,
    isolate: bool,
    hang: bool = False,
    log: Callable[[str], None] | None = None,
    block_size: int = BLOCK_SIZE,
    workers: int | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> MethodOutput:
    """The decomposition method (module docstring): prices from a sample, the global bound at those prices,
    blocks solved in parallel, merged and repaired. ``time_limit`` only when the time limit stopped a step
    (the sample or a block); otherwise ``feasible`` (or ``optimal`` within ``mip_gap``), with the reason."""
    t0 = time.perf_counter()

    def report(fraction: float, stage: str) -> None:
        if progress is not None:
            progress(fraction, stage)

    lines: list[str] = []

    def say(s: str) -> None:
        lines.append(f"{time.perf_counter() - t0:7.2f}s {s}")
        if log is not None:
            log("  " + lines[-1])

    problem = c.problem
    assert problem is not None
    deadline = t0 + time_limit
    nw = workers or max(1, min(2, os.cpu_count() or 1))
    # 1. prices from a sample
    sub, f = sample_problem(problem, SAMPLE_SIZE)
    iso = _sample_prices(sub, f, time_limit, isolate=isolate, hang=hang, report=report)
    if iso.status != "done":
        say(f"sample prices failed ({iso.status}: {iso.detail}); greedy plan kept")
        if iso.status == "killed":
            return MethodOutput(start, None, "time_limit", lines)
        return MethodOutput(start, None, "error", lines, note="stopped: the sample's prices failed")
    smp = iso.value
    say(f"sample of {len(sub.employees)} employees (fraction {f:.3f}): LP {smp['lp']:.2f}")
    # 2. the global Lagrangian bound at the sample's prices
    ub = y_upper(c)
    pr = DualPrices(c, smp["mu"], smp["ycap"], smp["ymin"])
    report(0.15, "bound")
    L, plans = _global_pass(c, PairData(c), pr, ub)
    say(f"global pricing: Lagrangian bound {L:.2f}")
    report(0.25, "plan")
    bound = L if L < BIG / 2 else None
    # 3. blocks and shares
    blocks = make_blocks(problem, block_size)
    say(f"{len(blocks)} blocks of {[int(b.shape[0]) for b in blocks]} employees")
    tasks = _block_problems(problem, blocks, *_shares(c, blocks, plans))
    # 4. solve blocks in parallel
    nb = len(blocks)
    left = deadline - time.perf_counter() - 0.12 * time_limit
    per_block = max(5.0, left / math.ceil(nb / nw))
    say(f"solving {nb} blocks, {nw} at a time, {per_block:.0f}s each")
    payloads = [{"sub": s, "time_limit": per_block * 0.9, "mip_gap": mip_gap} for s in tasks]
    if isolate:
        outs = run_many(
            _block_child,
            payloads,
            workers=nw,
            timeout=per_block + 10,
            hang=hang,
            tick=lambda done, total: report(0.25 + 0.65 * done / max(1, total), "plan"),
        )
    else:
        outs = [Isolated("done", _block_child(p, lambda k, v: None), [], 0.0) for p in payloads]
    x = _merge(c, blocks, outs, start, say)
    timed_out = any(
        o.status == "killed" or (o.status == "done" and o.value["status"] == "time_limit") for o in outs
    )
    # 5. global repair
    report(0.92, "plan")
    s = polish(c, x)
    if s is None:
        say("merged plan could not be repaired; greedy plan kept")
        note = "" if timed_out else "stopped: the merged plan could not be repaired"
        return MethodOutput(start, bound, "time_limit" if timed_out else "feasible", lines, note=note)
    obj = s.objective()
    say(f"merged and repaired plan: {obj:.2f}")
    if bound is not None and bound - obj <= mip_gap * abs(bound):
        return MethodOutput(np.array(s.x, dtype=bool), bound, "optimal", lines)
    if timed_out:
        return MethodOutput(np.array(s.x, dtype=bool), bound, "time_limit", lines)
    note = f"stopped: {nb} block(s) solved separately and merged (the bound is at the sample's prices)"
    return MethodOutput(np.array(s.x, dtype=bool), bound, "feasible", lines, note=note)


def _sample_prices(
    sub: Problem,
    f: float,
    time_limit: float,
    *,
    isolate: bool,
    hang: bool,
    report: Callable[[float, str], None],
) -> Isolated:
    """Column generation on the sample (in a child when ``isolate``): its duals, LP value and log."""
    payload = {"sub": sub, "f": f, "time_limit": 0.12 * time_limit}
    if not isolate:
        return Isolated("done", _sample_child(payload, lambda k, v: None), [], 0.0)
    return call_isolated(
        _sample_child,
        payload,
        timeout=0.2 * time_limit + 30,
        hang=hang,
        tick=lambda msgs: report(0.0, "bound"),
    )


def _shares(c: Compiled, blocks: list[np.ndarray], plans: list[I]) -> tuple[F, F]:
    """Each block's batches a year per activity and its limit per budget, in proportion to what its employees
    use at the sample's prices (batches by largest remainder, never below a block's locked needs)."""
    chosen = np.zeros(c.P, dtype=bool)
    for pl in plans:
        chosen[pl] = True
    nb = len(blocks)
    blk_of_e = np.zeros(c.E, dtype=np.int64)
    for j, b in enumerate(blocks):
        blk_of_e[b] = j
    blk_p = blk_of_e[c.pe]
    use_r = np.zeros((nb, c.R))
    seats_b = np.zeros((nb, c.A))
    for j in range(nb):
        sel = chosen & (blk_p == j)
        seats_b[j] = np.bincount(c.pa[sel], minlength=c.A)
        if c.R:
            use_r[j] = fbincount(c.bp_r, weights=c.bp_v * sel[c.bp_p], minlength=c.R)
            amort = seats_b[j] / c.a_cap
            if c.ba_a.size:
                use_r[j] += fbincount(c.ba_r, weights=c.ba_v * amort[c.ba_a], minlength=c.R)
    size_b = np.array([b.shape[0] for b in blocks], dtype=np.float64)
    locked_b = np.zeros((nb, c.A))
    for j in range(nb):
        locked_b[j] = np.bincount(c.pa[c.locked & (blk_p == j)], minlength=c.A)
    batch_share = np.zeros((nb, c.A))
    for a in range(c.A):
        need = np.ceil(locked_b[:, a] / c.a_cap[a])
        batch_share[:, a] = _largest_remainder(int(c.a_maxb[a]), seats_b[:, a] + 1e-6 * size_b, need)
    limit_share = np.zeros((nb, c.R))
    for r in range(c.R):
        w = use_r[:, r] if use_r[:, r].sum() > 0 else size_b
        limit_share[:, r] = c.limit[r] * w / w.sum()
    return batch_share, limit_share


def _block_problems(
    problem: Problem, blocks: list[np.ndarray], batch_share: F, limit_share: F
) -> list[Problem]:
    """One Problem per block: its employees, its share of every activity's batches and every budget."""
    tasks = []
    for j, b in enumerate(blocks):
        acts = tuple(replace(a, max_batches=int(batch_share[j, i])) for i, a in enumerate(problem.activities))
        buds = tuple(
            replace(bd, limit=float(limit_share[j, r]) * (1 - 1e-12)) for r, bd in enumerate(problem.budgets)
        )
        subp = replace(
            problem, employees=tuple(problem.employees[i] for i in b.tolist()), activities=acts, budgets=buds
        )
        tasks.append(subp)
    return tasks


def _merge(
    c: Compiled, blocks: list[np.ndarray], outs: list[Isolated], start: np.ndarray, say: Callable[[str], None]
) -> np.ndarray:
    """The union of the block plans (a block without a plan keeps the greedy plan for its employees)."""
    x = np.zeros(c.P, dtype=bool)
    for j, (b, o) in enumerate(zip(blocks, outs, strict=True)):
        bx = o.value["x"] if o.status == "done" and o.value["x"] is not None else None
        if bx is None:
            inc = [v for k, v in o.messages if k == "incumbent"]
            if inc:
                bx = inc[-1][1]
        if bx is None:
            say(f"block {j}: no plan ({o.status} {o.detail[:80]}); its employees keep the greedy plan")
            gp = _pairs_of(c, b)
            x[gp] = start[gp]
            continue
        gp = _pairs_of(c, b)
        x[gp] = bx
        say(f"block {j}: {o.status}, {int(bx.sum())} assignments")
    return x


def _pairs_of(c: Compiled, emps: I) -> I:
    cnt = c.pair_start[emps + 1] - c.pair_start[emps]
    first = np.repeat(np.cumsum(cnt) - cnt, cnt)
    out: I = np.repeat(c.pair_start[emps], cnt) + (np.arange(int(cnt.sum()), dtype=np.int64) - first)
    return out
