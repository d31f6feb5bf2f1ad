"""Exact per-employee pricing: the best personal plan at given seat prices, by vectorised enumeration.

An employee's value is submodular in the set of activities (concave caps on gap levels and JP credit), so an
activity whose stand-alone value does not exceed its price can never improve a plan and is pruned (unless it
is locked, or a prerequisite of a candidate). The remaining candidates (at most ``CMAX``) are enumerated over
every subset up to the person's activity limit, checking the personal rules (JP cap, classical days, count,
locked pairs, prerequisites). Employees with more candidates than ``CMAX`` get the best enumerated plan as a
column and, for the bound, the valid modular over-estimate (sum of the best stand-alone reduced values).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import numpy as np

from .compiled import BIG, Compiled, F, I, fbincount, y_upper

CMAX = 12
REFINE = (24, 40)
EPS = 1e-9


@lru_cache(maxsize=1024)
def patterns(cmax: int, size: int) -> np.ndarray:
    """All subsets of range(cmax) with at most ``size`` elements, as a 0/1 matrix (one row per subset)."""
    rows = [np.zeros(cmax)]
    for k in range(1, min(size, cmax) + 1):
        for comb in combinations(range(cmax), k):
            r = np.zeros(cmax)
            r[list(comb)] = 1.0
            rows.append(r)
    return np.array(rows)


@dataclass(frozen=True)
class Pricing:
    value: F  # per employee: best (value - price) found, plan value only (no convexity dual)
    bound: F  # per employee: upper bound on max (value - price) (== value when exact)
    plans: list[I]  # per employee in ``emps``: pair indices of the best plan
    plan_value: F  # per employee: objective value of that plan (without prices)
    exact: np.ndarray  # per employee: enumeration was exhaustive
    emps: I


class PairData:
    """Per-pair stand-alone data, computed once per Compiled."""

    def __init__(self, c: Compiled) -> None:
        self.c = c
        lg_order = np.lexsort((c.lg, c.lp))
        self.l_p = c.lp[lg_order]
        self.l_g = c.lg[lg_order]
        self.l_v = c.lv[lg_order]
        self.l_start = np.zeros(c.P + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.l_p, minlength=c.P), out=self.l_start[1:])
        self.alone = fbincount(self.l_p, weights=c.gw[self.l_g] * self.l_v, minlength=c.P)
        self.alone += c.lam * np.minimum(c.a_jp[c.pa], c.need[c.pe])
        # pairs of activities that can never open a batch (too few eligible for the minimum class) are out
        self.allowed = ~(c.excluded | c.blocked) & (y_upper(c)[c.pa] > 0)
        self.locked_bad = np.bincount(c.pe[c.locked & ~self.allowed], minlength=c.E) > 0
        # gap slot of each gap entry within its employee
        g_first = np.searchsorted(c.ge, np.arange(c.E))
        self.g_slot = np.arange(c.G) - g_first[c.ge] if c.G else np.zeros(0, dtype=np.int64)
        self.g_count = np.bincount(c.ge, minlength=c.E) if c.G else np.zeros(c.E, dtype=np.int64)
        self.req: dict[int, list[int]] = {}
        for p, q in zip(c.pre_p.tolist(), c.pre_q.tolist(), strict=True):
            self.req.setdefault(p, []).append(q)
        order = np.argsort(c.bp_p, kind="stable")
        self.bp_start = np.zeros(c.P + 1, dtype=np.int64)
        np.cumsum(np.bincount(c.bp_p, minlength=c.P), out=self.bp_start[1:])
        self.bp_r = c.bp_r[order]
        self.bp_v = c.bp_v[order]
        self.is_req = np.zeros(c.P, dtype=bool)
        if c.pre_q.size:
            self.is_req[c.pre_q] = True


def price_employees(d: PairData, price: F, emps: I, *, cmax: int = CMAX, refine: bool = True) -> Pricing:
    """Best plan per employee in ``emps`` at per-pair ``price`` (objective units per seat).

    Employees whose candidates did not fit in ``cmax`` are priced again with larger enumerations
    (``REFINE``), so nearly every bound is exact.
    """
    if d.c.P == 0:  # nobody is eligible for anything: every plan is empty
        n = emps.shape[0]
        z = np.zeros(n)
        return Pricing(z, z.copy(), [np.zeros(0, dtype=np.int64)] * n, z.copy(), np.ones(n, dtype=bool), emps)
    res = _price(d, price, emps, cmax)
    # a locked pair that can never be planned makes the employee infeasible
    bad = d.locked_bad[emps]
    if bad.any():
        res.value[bad] = -BIG
        res.bound[bad] = -BIG
        for i in np.nonzero(bad)[0].tolist():
            res.plans[i] = np.zeros(0, dtype=np.int64)
    if refine:
        for bigger in REFINE:
            if bigger <= cmax:
                continue
            redo = np.nonzero(~res.exact & ~bad)[0]
            if redo.shape[0] == 0:
                break
            sub = _price(d, price, emps[redo], bigger)
            res.value[redo] = sub.value
            res.bound[redo] = sub.bound
            res.plan_value[redo] = sub.plan_value
            res.exact[redo] = sub.exact
            for j, i in enumerate(redo.tolist()):
                res.plans[i] = sub.plans[j]
    return res


MAX_PATTERNS = 40_000


def _fit(cmax: int, size: int) -> int:
    """The largest enumeration width <= cmax whose subset count stays under MAX_PATTERNS."""
    while cmax > 1:
        n = sum(math.comb(cmax, i) for i in range(min(size, cmax) + 1))
        if n <= MAX_PATTERNS:
            return cmax
        cmax -= 1
    return 1


def _price(d: PairData, price: F, emps: I, cmax: int, chunk: int = 0) -> Pricing:
    c = d.c
    red = d.alone - price
    keep = d.allowed & ((red > EPS) | c.locked | d.is_req)
    n = emps.shape[0]
    out_v = np.zeros(n)
    out_b = np.zeros(n)
    out_pv = np.zeros(n)
    out_exact = np.ones(n, dtype=bool)
    plans: list[I] = [np.zeros(0, dtype=np.int64)] * n
    if n == 0:
        return Pricing(out_v, out_b, plans, out_pv, out_exact, emps)
    gmax = int(d.g_count[emps].max()) if c.G else 0
    gmax = max(gmax, 1)
    size_all = int(min(cmax, max(1.0, float(c.max_act[emps].max()))))
    cmax = _fit(cmax, size_all)
    size_all = min(size_all, cmax)
    i0 = 0
    while i0 < n:
        # chunk so that the (employees x patterns x gap slots) cube stays small
        npat = patterns(cmax, size_all).shape[0]
        step = chunk or max(16, int(3_000_000 // (npat * gmax)))
        sl = emps[i0 : i0 + step]
        res = _price_chunk(d, red, keep, sl, gmax, cmax)
        out_v[i0 : i0 + sl.shape[0]] = res[0]
        out_b[i0 : i0 + sl.shape[0]] = res[1]
        out_pv[i0 : i0 + sl.shape[0]] = res[3]
        out_exact[i0 : i0 + sl.shape[0]] = res[4]
        plans[i0 : i0 + sl.shape[0]] = res[2]
        i0 += sl.shape[0]
    return Pricing(out_v, out_b, plans, out_pv, out_exact, emps)


def _gather(start: I, idx: I) -> tuple[I, I]:
    """For CSR ``start`` and selected rows ``idx``: (position of each entry's row in idx, entry index)."""
    cnt = start[idx + 1] - start[idx]
    tot = int(cnt.sum())
    owner = np.repeat(np.arange(idx.shape[0], dtype=np.int64), cnt)
    first = np.repeat(np.cumsum(cnt) - cnt, cnt)
    ent = np.repeat(start[idx], cnt) + (np.arange(tot, dtype=np.int64) - first)
    return owner, ent


def _price_chunk(
    d: PairData,
    red: F,
    keep: np.ndarray,
    emps: I,
    gmax: int,
    CMAX: int,
) -> tuple[F, F, list[I], F, np.ndarray]:
    c = d.c
    ne = emps.shape[0]
    li_all, ps_all = _gather(c.pair_start, emps)
    km = keep[ps_all]
    ps, li = ps_all[km], li_all[km]
    lk = c.locked[ps]
    order = np.lexsort((-red[ps], ~lk, li))  # by employee, locked first, then reduced value
    ps, li, lk = ps[order], li[order], lk[order]
    nk = np.bincount(li, minlength=ne)
    gstart = np.cumsum(nk) - nk
    rank = np.arange(ps.shape[0], dtype=np.int64) - gstart[li]
    nl = fbincount(li, weights=lk, minlength=ne)
    # modular over-estimate: locked reduced values + best positive others up to the activity limit
    room = np.maximum(c.max_act[emps] - nl, 0)
    take = lk | ((rank - nl[li] < room[li]) & (red[ps] > 0))
    modular = fbincount(li, weights=np.where(take, red[ps], 0.0), minlength=ne)
    cand = np.full((ne, CMAX), -1, dtype=np.int64)
    inside = rank < CMAX
    cand[li[inside], rank[inside]] = ps[inside]
    ncand = np.minimum(nk, CMAX).astype(np.int64)
    exact = nk <= CMAX
    # the best reduced value left outside the enumeration (rank CMAX), and how many such could be added
    at = rank == CMAX
    r_out = np.zeros(ne)
    r_out[li[at]] = np.maximum(red[ps[at]], 0.0)
    k_out = np.minimum(room, np.maximum(nk - CMAX, 0))
    size_e = np.minimum(np.minimum(c.max_act[emps], ncand), CMAX).astype(np.int64)
    exact &= np.minimum(c.max_act[emps], ncand) <= size_e
    # per-candidate data (ne, CMAX)
    valid_c = cand >= 0
    cp = np.where(valid_c, cand, 0)
    a = c.pa[cp]
    r_c = np.where(valid_c, red[cp], 0.0)
    price_c = np.where(valid_c, d.alone[cp], 0.0) - r_c
    jp_c = np.where(valid_c, c.a_jp[a], 0.0)
    days_c = np.where(valid_c, c.a_days[a], 0.0)
    lock_c = np.where(valid_c, c.locked[cp], False)
    # per-candidate gap contributions (ne, CMAX, gmax), gathered through the pair -> links CSR
    lv = np.zeros((ne * CMAX, gmax))
    flat_pos = np.nonzero(valid_c.ravel())[0]
    owner, ent = _gather(d.l_start, cand.ravel()[flat_pos])
    if ent.shape[0]:
        lv[flat_pos[owner], d.g_slot[d.l_g[ent]]] = d.l_v[ent]
    lv = lv.reshape(ne, CMAX, gmax)
    gw = np.zeros((ne, gmax))
    gv = np.zeros((ne, gmax))
    if c.G:
        g_first = np.searchsorted(c.ge, emps)
        g_cnt = d.g_count[emps]
        for j in range(gmax):
            has = g_cnt > j
            gi = g_first[has] + j
            gw[has, j] = c.gw[gi]
            gv[has, j] = c.gv[gi]
    need = c.need[emps]
    best_score = np.full(ne, -np.inf)
    relaxed = np.full(ne, -np.inf)
    pvals = np.zeros(ne)
    plans: list[I] = [np.zeros(0, dtype=np.int64)] * ne
    nlock = lock_c.sum(axis=1)
    # enumerate per group of employees with the same (candidates, subset size): small pattern sets
    key = ncand * (CMAX + 1) + size_e
    for kv in np.unique(key).tolist():
        rows = np.nonzero(key == kv)[0]
        k, sz = divmod(int(kv), CMAX + 1)
        pat = patterns(k, sz) if k > 0 else np.zeros((1, 0))
        if k == 0:
            sc = np.zeros((rows.shape[0], 1))
            feas = (nlock[rows] == 0)[:, None]
            val = np.zeros((rows.shape[0], 1))
        else:
            nr = rows.shape[0]
            lvr = lv[rows, :k, :].transpose(1, 0, 2).reshape(k, nr * gmax)
            cov = (pat @ lvr).reshape(pat.shape[0], nr, gmax)  # one GEMM for the whole group
            val = (np.minimum(cov, gv[None, rows, :]) * gw[None, rows, :]).sum(axis=2).T
            # JP, price, days and locked counts of every subset in one GEMM
            stack = np.concatenate(
                [jp_c[rows, :k], price_c[rows, :k], days_c[rows, :k], lock_c[rows, :k].astype(np.float64)]
            )
            sums = (stack @ pat.T).reshape(4, nr, pat.shape[0])
            jps = sums[0]
            val += c.lam * np.minimum(jps, need[rows, None])
            sc = val - sums[1]
            er = emps[rows]
            feas = pat.sum(axis=1)[None, :] <= c.max_act[er][:, None] + EPS
            feas &= jps <= c.jp_room[er][:, None] + EPS
            feas &= sums[2] <= c.max_days[er][:, None] + EPS
            feas &= sums[3] >= nlock[rows][:, None] - 0.5
        relaxed[rows] = np.where(feas, sc, -np.inf).max(axis=1)
        if d.req and k > 0:
            for ri, i in enumerate(rows.tolist()):
                for s in range(k):
                    q_list = d.req.get(int(cand[i, s]))
                    if not q_list:
                        continue
                    mask = pat[:, s] > 0
                    for q in q_list:
                        slot = np.nonzero(cand[i, :k] == q)[0]
                        if slot.shape[0]:
                            mask = mask & (pat[:, int(slot[0])] == 0)
                    feas[ri, mask] = False
        sc = np.where(feas, sc, -np.inf)
        best = np.argmax(sc, axis=1)
        ar = np.arange(rows.shape[0])
        best_score[rows] = sc[ar, best]
        pvals[rows] = val[ar, best]
        for ri, i in enumerate(rows.tolist()):
            if np.isfinite(sc[ri, best[ri]]) and k > 0:
                slots = np.nonzero(pat[best[ri]] > 0)[0]
                plans[i] = np.sort(cand[i, slots])
    # a plan with k activities outside the enumeration is worth at most (its part inside) + k * r_out
    # (submodularity: an addition never adds more than its stand-alone reduced value)
    outside = np.minimum(modular, relaxed + k_out * r_out)
    bound = np.where(exact, best_score, np.maximum(best_score, outside))
    best_score = np.where(np.isfinite(best_score), best_score, -BIG)
    bound = np.where(np.isfinite(bound), bound, -BIG)
    return best_score, bound, plans, pvals, exact
