"""Exact per-employee pricing: the best personal plan at given seat prices.

An employee's value is submodular in the set of activities (concave caps on gap levels and JP credit), so an
activity whose stand-alone value does not exceed its price can never improve a plan and is pruned (unless it
is locked, or a prerequisite of a candidate). What remains is searched exactly, checking the personal rules
(JP cap, classical days, count, locked pairs, prerequisites):

- employees with at most ``CMAX`` candidates: every subset up to the activity limit, one GEMM per group;
- the others: a vectorised branch and bound (:func:`bnb.bnb`) whose bounds use the exact marginal value of every
  candidate given the node (submodularity: a marginal only shrinks as the plan grows) and the JP still open.

Both are exact; the branch and bound can be stopped by a node limit (quick pricing), and then reports a valid
over-estimate (the best bound of the subtrees it did not search) as the employee's bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import numpy as np

from .bnb import BNB_NODE_CAP, BNB_ROWS, bnb
from .compiled import BIG, F, I, fbincount
from .pairdata import EPS, PairData, candidates, gap_matrix, gather, rows_to_plans

CMAX = 6


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


def price_employees(
    d: PairData, price: F, emps: I, *, cmax: int = CMAX, refine: bool = True, node_cap: int | None = None
) -> Pricing:
    """Best plan per employee in ``emps`` at per-pair ``price`` (objective units per seat).

    Employees with at most ``cmax`` candidates are priced by enumerating every subset (one GEMM per group);
    the others by branch and bound (:func:`bnb.bnb`), exact unless its node limit stops it (``refine=False``: a
    small limit, for quick columns; the bound is then still valid, only weaker).
    """
    n = emps.shape[0]
    if d.c.P == 0 or n == 0:  # nobody is eligible for anything: every plan is empty
        z = np.zeros(n)
        return Pricing(z, z.copy(), [np.zeros(0, dtype=np.int64)] * n, z.copy(), np.ones(n, dtype=bool), emps)
    c = d.c
    red, keep = candidates(d, price)
    nk = np.bincount(c.pe[keep], minlength=c.E)[emps]
    small = nk <= cmax
    out_v = np.zeros(n)
    out_b = np.zeros(n)
    out_pv = np.zeros(n)
    out_exact = np.ones(n, dtype=bool)
    plans: list[I] = [np.zeros(0, dtype=np.int64)] * n
    idx = np.nonzero(small)[0]
    if idx.shape[0]:
        res = _price(d, price, emps[idx], cmax)
        out_v[idx], out_b[idx], out_pv[idx], out_exact[idx] = res.value, res.bound, res.plan_value, res.exact
        for j, i in enumerate(idx.tolist()):
            plans[i] = res.plans[j]
    idx = np.nonzero(~small)[0]
    if idx.shape[0]:
        cap = node_cap if node_cap is not None else (BNB_NODE_CAP if refine else BNB_NODE_CAP // 20)
        # similar candidate counts together (arrays are padded to the largest of a chunk)
        idx = idx[np.argsort(nk[idx], kind="stable")]
        n_sorted = nk[idx]
        i0 = 0
        while i0 < idx.shape[0]:
            limit = max(2 * int(n_sorted[i0]), 16)
            i1 = int(np.searchsorted(n_sorted, limit, side="right"))
            i1 = min(i1, i0 + BNB_ROWS)
            sl = idx[i0:i1]
            best, bound, pl, pv, ex = bnb(d, red, keep, emps[sl], node_cap=cap)
            out_v[sl], out_b[sl], out_pv[sl], out_exact[sl] = best, bound, pv, ex
            for j, i in enumerate(sl.tolist()):
                plans[i] = pl[j]
            i0 = i1
    # a locked pair that can never be planned makes the employee infeasible
    bad = d.locked_bad[emps]
    if bad.any():
        out_v[bad] = -BIG
        out_b[bad] = -BIG
        for i in np.nonzero(bad)[0].tolist():
            plans[i] = np.zeros(0, dtype=np.int64)
    return Pricing(out_v, out_b, plans, out_pv, out_exact, emps)


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
    """Enumeration of every subset of the ``cmax`` best candidates (a valid over-estimate for the rest)."""
    c = d.c
    red, keep = candidates(d, price)
    n = emps.shape[0]
    out_v = np.zeros(n)
    out_b = np.zeros(n)
    out_pv = np.zeros(n)
    out_exact = np.ones(n, dtype=bool)
    plans: list[I] = [np.zeros(0, dtype=np.int64)] * n
    if n == 0:
        return Pricing(out_v, out_b, plans, out_pv, out_exact, emps)
    size_all = int(min(cmax, max(1.0, float(c.max_act[emps].max()))))
    cmax = _fit(cmax, size_all)
    size_all = min(size_all, cmax)
    npat = patterns(cmax, size_all).shape[0]
    # by number of gaps, so that each chunk's (employees x patterns x gap slots) cube is only as deep as needed
    order = np.argsort(d.g_count[emps], kind="stable") if c.G else np.arange(n)
    i0 = 0
    while i0 < n:
        g_hi = max(1, int(d.g_count[emps[order[i0 : i0 + 16]]].max()) if c.G else 1)
        step = chunk or max(16, int(3_000_000 // (npat * g_hi)))
        sel = order[i0 : i0 + step]
        sl = emps[sel]
        gmax = max(1, int(d.g_count[sl].max()) if c.G else 1)
        res = _price_chunk(d, red, keep, sl, gmax, cmax)
        out_v[sel] = res[0]
        out_b[sel] = res[1]
        out_pv[sel] = res[3]
        out_exact[sel] = res[4]
        for j, i in enumerate(sel.tolist()):
            plans[i] = res[2][j]
        i0 += sel.shape[0]
    bad = d.locked_bad[emps]
    if bad.any():
        out_v[bad] = -BIG
        out_b[bad] = -BIG
        for i in np.nonzero(bad)[0].tolist():
            plans[i] = np.zeros(0, dtype=np.int64)
    return Pricing(out_v, out_b, plans, out_pv, out_exact, emps)


def _price_chunk(
    d: PairData,
    red: F,
    keep: np.ndarray,
    emps: I,
    gmax: int,
    CMAX: int,
) -> tuple[F, F, list[I], F, np.ndarray]:
    """Enumeration for one chunk of employees: (best value - price, bound, plan, plan value, exact) each."""
    e = _Enum(d, red, keep, emps, gmax, CMAX)
    e.enumerate()
    # a plan with k activities outside the enumeration is worth at most (its part inside) + k * r_out
    # (submodularity: an addition never adds more than its stand-alone reduced value)
    outside = np.minimum(e.modular, e.relaxed + e.k_out * e.r_out)
    bound = np.where(e.exact, e.best_score, np.maximum(e.best_score, outside))
    best_score = np.where(np.isfinite(e.best_score), e.best_score, -BIG)
    bound = np.where(np.isfinite(bound), bound, -BIG)
    return best_score, bound, e.plans, e.pvals, e.exact


class _Enum:
    """The arrays of one enumeration chunk: each employee's first ``CMAX`` candidates (locked first, then by
    reduced value) with their JP, price, days and gap contributions."""

    def __init__(self, d: PairData, red: F, keep: np.ndarray, emps: I, gmax: int, CMAX: int) -> None:
        self.d, self.emps, self.gmax, self.CMAX = d, emps, gmax, CMAX
        self.c = c = d.c
        self.ne = ne = emps.shape[0]
        self._candidates(red, keep)
        # per-candidate data (ne, CMAX)
        cand = self.cand
        valid_c = cand >= 0
        cp = np.where(valid_c, cand, 0)
        a = c.pa[cp]
        r_c = np.where(valid_c, red[cp], 0.0)
        self.price_c = np.where(valid_c, d.alone[cp], 0.0) - r_c
        self.jp_c = np.where(valid_c, c.a_jp[a], 0.0)
        self.days_c = np.where(valid_c, c.a_days[a], 0.0)
        self.lock_c = np.where(valid_c, c.locked[cp], False)
        # per-candidate gap contributions (ne, CMAX, gmax), gathered through the pair -> links CSR
        lv = np.zeros((ne * CMAX, gmax))
        flat_pos = np.nonzero(valid_c.ravel())[0]
        owner, ent = gather(d.l_start, cand.ravel()[flat_pos])
        if ent.shape[0]:
            lv[flat_pos[owner], d.g_slot[d.l_g[ent]]] = d.l_v[ent]
        self.lv = lv.reshape(ne, CMAX, gmax)
        self.gw, self.gv = gap_matrix(d, emps, gmax)
        self.need = c.need[emps]
        self.best_score = np.full(ne, -np.inf)
        self.relaxed = np.full(ne, -np.inf)
        self.pvals = np.zeros(ne)
        self.plans: list[I] = [np.zeros(0, dtype=np.int64)] * ne
        self.nlock = self.lock_c.sum(axis=1)

    def _candidates(self, red: F, keep: np.ndarray) -> None:
        """The candidate slots, the modular over-estimate, and what lies outside the enumeration."""
        c, emps, ne, CMAX = self.c, self.emps, self.ne, self.CMAX
        li_all, ps_all = gather(c.pair_start, emps)
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
        self.modular = fbincount(li, weights=np.where(take, red[ps], 0.0), minlength=ne)
        self.cand = cand = np.full((ne, CMAX), -1, dtype=np.int64)
        inside = rank < CMAX
        cand[li[inside], rank[inside]] = ps[inside]
        self.ncand = ncand = np.minimum(nk, CMAX).astype(np.int64)
        exact = nk <= CMAX
        # the best reduced value left outside the enumeration (rank CMAX), and how many such could be added
        at = rank == CMAX
        self.r_out = np.zeros(ne)
        self.r_out[li[at]] = np.maximum(red[ps[at]], 0.0)
        self.k_out = np.minimum(room, np.maximum(nk - CMAX, 0))
        self.size_e = size_e = np.minimum(np.minimum(c.max_act[emps], ncand), CMAX).astype(np.int64)
        exact &= np.minimum(c.max_act[emps], ncand) <= size_e
        self.exact = exact

    def enumerate(self) -> None:
        """Every subset, per group of employees with the same (candidates, subset size): small pattern sets."""
        CMAX = self.CMAX
        key = self.ncand * (CMAX + 1) + self.size_e
        for kv in np.unique(key).tolist():
            rows = np.nonzero(key == kv)[0]
            k, sz = divmod(int(kv), CMAX + 1)
            self._group(rows, k, sz)

    def _group(self, rows: I, k: int, sz: int) -> None:
        """The best feasible subset of each employee in ``rows`` (``k`` candidates, at most ``sz`` taken)."""
        c, d, emps, cand, gmax = self.c, self.d, self.emps, self.cand, self.gmax
        pat = patterns(k, sz) if k > 0 else np.zeros((1, 0))
        if k == 0:
            sc = np.zeros((rows.shape[0], 1))
            feas = (self.nlock[rows] == 0)[:, None]
            val = np.zeros((rows.shape[0], 1))
        else:
            nr = rows.shape[0]
            lvr = self.lv[rows, :k, :].transpose(1, 0, 2).reshape(k, nr * gmax)
            cov = (pat @ lvr).reshape(pat.shape[0], nr, gmax)  # one GEMM for the whole group
            val = (np.minimum(cov, self.gv[None, rows, :]) * self.gw[None, rows, :]).sum(axis=2).T
            # JP, price, days and locked counts of every subset in one GEMM
            stack = np.concatenate(
                [
                    self.jp_c[rows, :k],
                    self.price_c[rows, :k],
                    self.days_c[rows, :k],
                    self.lock_c[rows, :k].astype(np.float64),
                ]
            )
            sums = (stack @ pat.T).reshape(4, nr, pat.shape[0])
            jps = sums[0]
            val += c.lam * np.minimum(jps, self.need[rows, None])
            sc = val - sums[1]
            er = emps[rows]
            feas = pat.sum(axis=1)[None, :] <= c.max_act[er][:, None] + EPS
            feas &= jps <= c.jp_room[er][:, None] + EPS
            feas &= sums[2] <= c.max_days[er][:, None] + EPS
            feas &= sums[3] >= self.nlock[rows][:, None] - 0.5
        self.relaxed[rows] = np.where(feas, sc, -np.inf).max(axis=1)
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
        self.best_score[rows] = sc[ar, best]
        self.pvals[rows] = val[ar, best]
        if k > 0:
            take = (pat[best] > 0) & np.isfinite(self.best_score[rows])[:, None]
            pairs = np.sort(np.where(take, cand[rows, :k], np.iinfo(np.int64).max), axis=1)
            for i, pl in zip(rows.tolist(), rows_to_plans(pairs, take.sum(axis=1)), strict=True):
                self.plans[i] = pl
