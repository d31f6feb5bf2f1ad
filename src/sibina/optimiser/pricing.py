"""Exact per-employee pricing: the best personal plan at given seat prices.

An employee's value is submodular in the set of activities (concave caps on gap levels and JP credit), so an
activity whose stand-alone value does not exceed its price can never improve a plan and is pruned (unless it
is locked, or a prerequisite of a candidate). What remains is searched exactly, checking the personal rules
(JP cap, classical days, count, locked pairs, prerequisites):

- employees with at most ``CMAX`` candidates: every subset up to the activity limit, one GEMM per group;
- the others: a vectorised branch and bound (:func:`_bnb`) whose bounds use the exact marginal value of every
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

from .compiled import BIG, Compiled, F, I, fbincount, y_upper

CMAX = 6
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
        self.has_req = np.zeros(c.P, dtype=bool)
        if c.pre_q.size:
            self.is_req[c.pre_q] = True
            self.has_req[c.pre_p] = True


def candidates(d: PairData, price: F) -> tuple[F, np.ndarray]:
    """Reduced value of every pair alone, and the pairs worth considering at ``price`` (submodularity: a pair
    not worth its price alone never improves a plan, unless it is locked or a prerequisite)."""
    c = d.c
    red = d.alone - price
    keep = d.allowed & ((red > EPS) | c.locked | d.is_req)
    return red, keep


def price_employees(
    d: PairData, price: F, emps: I, *, cmax: int = CMAX, refine: bool = True, node_cap: int | None = None
) -> Pricing:
    """Best plan per employee in ``emps`` at per-pair ``price`` (objective units per seat).

    Employees with at most ``cmax`` candidates are priced by enumerating every subset (one GEMM per group);
    the others by branch and bound (:func:`_bnb`), exact unless its node limit stops it (``refine=False``: a
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
            best, bound, pl, pv, ex = _bnb(d, red, keep, emps[sl], node_cap=cap)
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
        if k > 0:
            take = (pat[best] > 0) & np.isfinite(best_score[rows])[:, None]
            pairs = np.sort(np.where(take, cand[rows, :k], np.iinfo(np.int64).max), axis=1)
            for i, pl in zip(rows.tolist(), _rows_to_plans(pairs, take.sum(axis=1)), strict=True):
                plans[i] = pl
    # a plan with k activities outside the enumeration is worth at most (its part inside) + k * r_out
    # (submodularity: an addition never adds more than its stand-alone reduced value)
    outside = np.minimum(modular, relaxed + k_out * r_out)
    bound = np.where(exact, best_score, np.maximum(best_score, outside))
    best_score = np.where(np.isfinite(best_score), best_score, -BIG)
    bound = np.where(np.isfinite(bound), bound, -BIG)
    return best_score, bound, plans, pvals, exact


# --- branch and bound: exact pricing for employees with many candidates ------------------------------------

BNB_NMAX = 128  # candidates per employee handled by branch and bound (two 64-bit masks)
BNB_ELEMS = 2_000_000  # (nodes x candidates x gap slots) per vectorised step
BNB_NODE_CAP = 400_000  # nodes expanded per call; beyond, the rest of the tree is bounded, not searched
BNB_ROWS = 2_000  # employees per call
_ONES = np.uint64(0xFFFFFFFFFFFFFFFF)


def _bits(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per slot: its bit in the (lo, hi) 64-bit mask pair."""
    s = np.arange(n)
    lo = np.where(s < 64, np.left_shift(np.uint64(1), np.minimum(s, 63).astype(np.uint64)), np.uint64(0))
    hi = np.where(
        s >= 64, np.left_shift(np.uint64(1), np.clip(s - 64, 0, 63).astype(np.uint64)), np.uint64(0)
    )
    return lo.astype(np.uint64), hi.astype(np.uint64)


def _low_masks(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per slot u: the (lo, hi) mask of slots 0..u."""
    s = np.arange(n)
    lo = np.where(
        s >= 63,
        _ONES,
        np.left_shift(np.uint64(1), np.minimum(s + 1, 63).astype(np.uint64)) - np.uint64(1),
    )
    hi = np.where(
        s >= 127,
        _ONES,
        np.where(
            s >= 64,
            np.left_shift(np.uint64(1), np.clip(s - 63, 0, 63).astype(np.uint64)) - np.uint64(1),
            np.uint64(0),
        ),
    )
    return lo.astype(np.uint64), hi.astype(np.uint64)


def _tol(x: F) -> F:
    """Pruning tolerance (relative 1e-9; infinite values count as 0)."""
    return 1e-9 * np.maximum(1.0, np.abs(np.where(np.isfinite(x), x, 0.0)))


def _suffix_topk(mp: F, kmax: int) -> F:
    """out[k-1, i, u] = sum of the k largest values of mp[i, u+1:] (mp >= 0)."""
    m, n = mp.shape
    top = np.zeros((kmax, m))
    out = np.zeros((kmax, m, n))
    for u in range(n - 1, -1, -1):
        out[:, :, u] = np.cumsum(top, axis=0)
        x = mp[:, u].copy()
        for k in range(kmax):
            hi = np.maximum(top[k], x)
            x = np.minimum(top[k], x)
            top[k] = hi
    return out


def _bnb(
    d: PairData, red: F, keep: np.ndarray, emps: I, *, node_cap: int = BNB_NODE_CAP
) -> tuple[F, F, list[I], F, np.ndarray]:
    """Best personal plan per employee by branch and bound over the candidates (sorted by reduced value).

    A node is a set T of candidates (the locked pairs always in); its children add one candidate u after T's
    last. The exact marginal m(u|T) = v(T+u) - v(T) - price(u) of every candidate is computed at once. By
    submodularity m(u'|T+u) <= m(u'|T), so the subtree of T+u is worth at most v(T+u) - price(T+u) plus the r
    largest positive m(u'|T) of the later candidates (r = activities still allowed), and also at most their
    gap parts plus the JP credit still open. A greedy dive first gives each employee a good plan; subtrees that
    cannot beat the best plan found are pruned. Exact unless ``node_cap`` stops the search (the bound is then the
    best subtree bound left, still valid).
    """
    c = d.c
    R = emps.shape[0]
    lam = c.lam
    li_all, ps_all = _gather(c.pair_start, emps)
    km = keep[ps_all]
    ps, li = ps_all[km], li_all[km]
    lk = c.locked[ps]
    lock_ps, lock_li = ps[lk], li[lk]  # the root: locked pairs are in every plan
    ps, li = ps[~lk], li[~lk]
    order = np.lexsort((-red[ps], li))
    ps, li = ps[order], li[order]
    nk = np.bincount(li, minlength=R)
    start = np.cumsum(nk) - nk
    rank = np.arange(ps.shape[0], dtype=np.int64) - start[li]
    inside = rank < BNB_NMAX
    N = int(max(1, min(BNB_NMAX, int(nk.max()) if R else 1)))
    cand = np.full((R, N), -1, dtype=np.int64)
    cand[li[inside], rank[inside]] = ps[inside]
    over = nk > BNB_NMAX
    valid_c = cand >= 0
    cp = np.where(valid_c, cand, 0)
    a = c.pa[cp]
    price_u = np.where(valid_c, d.alone[cp] - red[cp], 0.0)
    jp_u = np.where(valid_c, c.a_jp[a], 0.0)
    days_u = np.where(valid_c, c.a_days[a], 0.0)
    G = max(1, int(d.g_count[emps].max()) if c.G and R else 1)
    gw = np.zeros((R, G))
    gv = np.zeros((R, G))
    if c.G:
        g_first = np.searchsorted(c.ge, emps)
        g_cnt = d.g_count[emps]
        for j in range(G):
            has = g_cnt > j
            gi = g_first[has] + j
            gw[has, j] = c.gw[gi]
            gv[has, j] = c.gv[gi]
    # sparse gap links of each candidate: (gap slot, levels), padded with zero levels
    flat = np.nonzero(valid_c.ravel())[0]
    fp = cand.ravel()[flat]
    n_l = d.l_start[fp + 1] - d.l_start[fp]
    L = max(1, int(n_l.max()) if n_l.shape[0] else 1)
    owner, ent = _gather(d.l_start, fp)
    pos = np.arange(ent.shape[0], dtype=np.int64) - np.repeat(np.cumsum(n_l) - n_l, n_l)
    l_slot = np.zeros((R * N, L), dtype=np.int64)
    l_val = np.zeros((R * N, L))
    if ent.shape[0]:
        l_slot[flat[owner], pos] = d.g_slot[d.l_g[ent]]
        l_val[flat[owner], pos] = d.l_v[ent]
    l_slot = l_slot.reshape(R, N, L)
    l_val = l_val.reshape(R, N, L)
    rr = np.arange(R)[:, None, None]
    l_gv = gv[rr, l_slot]
    l_gw = gw[rr, l_slot]
    need = c.need[emps]
    room = c.jp_room[emps]
    maxd = c.max_days[emps]
    # prerequisites: the slots each slot needs (bits); a slot needing an unavailable pair is dead
    bit_lo, bit_hi = _bits(N)
    low_lo, low_hi = _low_masks(N)
    req_lo = np.zeros((R, N), dtype=np.uint64)
    req_hi = np.zeros((R, N), dtype=np.uint64)
    dead_u = ~valid_c
    root_rlo = np.zeros(R, dtype=np.uint64)
    root_rhi = np.zeros(R, dtype=np.uint64)
    root_dead = np.zeros(R, dtype=bool)
    if d.req:
        slot_of: dict[int, int] = {}
        ri, ui = np.nonzero(valid_c & d.is_req[cp])
        for i, u in zip(ri.tolist(), ui.tolist(), strict=True):
            slot_of[int(cand[i, u])] = u
        locked_set = set(lock_ps.tolist())
        ri, ui = np.nonzero(valid_c & d.has_req[cp])
        for i, u in zip(ri.tolist(), ui.tolist(), strict=True):
            for q in d.req.get(int(cand[i, u]), ()):
                if q in locked_set:
                    continue
                s = slot_of.get(q)
                if s is None:
                    dead_u[i, u] = True
                else:
                    req_lo[i, u] |= bit_lo[s]
                    req_hi[i, u] |= bit_hi[s]
        for p, i in zip(lock_ps.tolist(), lock_li.tolist(), strict=True):
            for q in d.req.get(p, ()):
                if q in locked_set:
                    continue
                s = slot_of.get(q)
                if s is None:
                    root_dead[i] = True
                else:
                    root_rlo[i] |= bit_lo[s]
                    root_rhi[i] |= bit_hi[s]
    # the root
    cov0 = np.zeros((R, G))
    if lock_ps.shape[0]:
        owner, ent = _gather(d.l_start, lock_ps)
        if ent.shape[0]:
            np.add.at(cov0, (lock_li[owner], d.g_slot[d.l_g[ent]]), d.l_v[ent])
    la = c.pa[lock_ps]
    jp0 = fbincount(lock_li, weights=c.a_jp[la], minlength=R)
    days0 = fbincount(lock_li, weights=c.a_days[la], minlength=R)
    cnt0 = fbincount(lock_li, minlength=R)
    price0 = fbincount(lock_li, weights=d.alone[lock_ps] - red[lock_ps], minlength=R)
    val0 = (np.minimum(gv, cov0) * gw).sum(axis=1) + lam * np.minimum(need, jp0) - price0
    K = np.minimum(c.max_act[emps], cnt0 + nk)
    root_ok = (cnt0 <= c.max_act[emps] + EPS) & (days0 <= maxd + EPS) & (jp0 <= room + EPS) & ~root_dead
    inc = np.where(root_ok & (root_rlo == 0) & (root_rhi == 0), val0, -np.inf)
    D = max(1, min(int(max(0.0, float((K - cnt0).max()))) if R else 0, N))
    best_items = np.full((R, D), -1, dtype=np.int64)
    slots = np.arange(N)

    def margins(nd: dict[str, np.ndarray], ordered: bool) -> tuple[F, F, np.ndarray, F]:
        rows = nd["row"]
        ar = np.arange(rows.shape[0])[:, None, None]
        covg = nd["cov"][ar, l_slot[rows]]
        mg = (l_gw[rows] * np.minimum(np.maximum(l_gv[rows] - covg, 0.0), l_val[rows])).sum(axis=2)
        jpn = nd["jp"][:, None] + jp_u[rows]
        nd_ = need[rows][:, None]
        mj = lam * (np.minimum(nd_, jpn) - np.minimum(nd_[:, 0], nd["jp"])[:, None])
        mg -= price_u[rows]
        ok = ~dead_u[rows]
        if ordered:
            ok &= slots[None, :] > nd["last"][:, None]
        else:
            ok &= ((nd["mlo"][:, None] & bit_lo[None, :]) | (nd["mhi"][:, None] & bit_hi[None, :])) == 0
        ok &= (nd["cnt"] + 1 <= K[rows] + EPS)[:, None]
        ok &= nd["days"][:, None] + days_u[rows] <= maxd[rows][:, None] + EPS
        ok &= jpn <= room[rows][:, None] + EPS
        return mg + mj, mg, ok, jpn

    def children(nd: dict[str, np.ndarray], ni: I, nu: I, m: F, jpn: F) -> dict[str, np.ndarray]:
        rows = nd["row"][ni]
        cov = nd["cov"][ni].copy()
        ar = np.arange(ni.shape[0])
        sl_, vl_ = l_slot[rows, nu], l_val[rows, nu]
        for j in range(L):
            cov[ar, sl_[:, j]] += vl_[:, j]
        items = nd["items"][ni].copy()
        dep = (nd["cnt"][ni] - cnt0[rows]).astype(np.int64)
        items[ar, np.minimum(dep, D - 1)] = nu
        return {
            "row": rows,
            "cov": cov,
            "jp": jpn[ni, nu],
            "days": nd["days"][ni] + days_u[rows, nu],
            "cnt": nd["cnt"][ni] + 1,
            "last": nu.astype(np.int64),
            "val": nd["val"][ni] + m[ni, nu],
            "mlo": nd["mlo"][ni] | bit_lo[nu],
            "mhi": nd["mhi"][ni] | bit_hi[nu],
            "rlo": nd["rlo"][ni] | req_lo[rows, nu],
            "rhi": nd["rhi"][ni] | req_hi[rows, nu],
            "items": items,
        }

    def record(nd: dict[str, np.ndarray]) -> None:
        """Nodes that are plans (prerequisites met) improve their employee's incumbent."""
        met = ((nd["rlo"] & ~nd["mlo"]) == 0) & ((nd["rhi"] & ~nd["mhi"]) == 0)
        v = np.where(met, nd["val"], -np.inf)
        rows = nd["row"]
        o = np.lexsort((-v, rows))
        first = np.ones(o.shape[0], dtype=bool)
        first[1:] = rows[o][1:] != rows[o][:-1]
        top = o[first]
        top = top[v[top] > inc[rows[top]]]
        if top.shape[0]:
            inc[rows[top]] = v[top]
            best_items[rows[top]] = nd["items"][top]

    f_row = np.nonzero(root_ok)[0]
    root = {
        "row": f_row,
        "cov": cov0[f_row],
        "jp": jp0[f_row],
        "days": days0[f_row],
        "cnt": cnt0[f_row],
        "last": np.full(f_row.shape[0], -1, dtype=np.int64),
        "val": val0[f_row],
        "mlo": np.zeros(f_row.shape[0], dtype=np.uint64),
        "mhi": np.zeros(f_row.shape[0], dtype=np.uint64),
        "rlo": root_rlo[f_row],
        "rhi": root_rhi[f_row],
        "items": np.full((f_row.shape[0], D), -1, dtype=np.int64),
    }
    # the root's margins serve the dive's first step and the search's first level
    root_marg = margins(root, ordered=True)
    # greedy dive: the best marginal candidate while it pays, for a good first incumbent
    nd = root
    for step_ in range(D):
        if nd["row"].shape[0] == 0:
            break
        m, _mg, ok, jpn = root_marg if step_ == 0 else margins(nd, ordered=False)
        mm = np.where(ok, m, -np.inf)
        j = np.argmax(mm, axis=1)
        go = np.nonzero(mm[np.arange(j.shape[0]), j] > EPS)[0]
        nd = children(nd, go, j[go], m, jpn)
        record(nd)
    frontier = root
    f_ub = np.full(f_row.shape[0], np.inf)
    left_ub = np.full(R, -np.inf)  # best bound of the subtrees not searched (node cap)
    expanded = 0
    while frontier["row"].shape[0]:
        nf = frontier["row"].shape[0]
        if expanded and expanded + nf > node_cap:
            np.maximum.at(left_ub, frontier["row"], f_ub)
            break
        expanded += nf
        step = max(1, BNB_ELEMS // (N * L))
        nxt: list[dict[str, np.ndarray]] = []
        nxt_ub: list[F] = []
        first_level = frontier is root
        if first_level:
            step = nf
        for s0 in range(0, nf, step):
            nd = {k: v[s0 : s0 + step] for k, v in frontier.items()}
            rows = nd["row"]
            m, mg, ok, jpn = root_marg if first_level else margins(nd, ordered=True)
            cval = nd["val"][:, None] + m
            c_rlo = nd["rlo"][:, None] | req_lo[rows]
            c_rhi = nd["rhi"][:, None] | req_hi[rows]
            miss_lo = c_rlo & ~(nd["mlo"][:, None] | bit_lo[None, :])
            miss_hi = c_rhi & ~(nd["mhi"][:, None] | bit_hi[None, :])
            # incumbents among the children that are plans
            pv = np.where(ok & (miss_lo == 0) & (miss_hi == 0), cval, -np.inf)
            j = np.argmax(pv, axis=1)
            best_child = np.nonzero(np.isfinite(pv[np.arange(j.shape[0]), j]))[0]
            if best_child.shape[0]:
                record(children(nd, best_child, j[best_child], m, jpn))
            rem = (K[rows] - nd["cnt"] - 1).astype(np.int64)
            if rem.shape[0] == 0 or int(rem.max()) <= 0:
                continue
            # a missing prerequisite at or before u can never be added below this child
            doomed = ((miss_lo & low_lo[None, :]) != 0) | ((miss_hi & low_hi[None, :]) != 0)
            kmax = int(min(rem.max(), N))
            kk = (np.clip(rem, 1, kmax) - 1)[:, None]
            ar = np.arange(rows.shape[0])[:, None]
            tk_all = _suffix_topk(np.where(ok, np.maximum(m, 0.0), 0.0), kmax)[kk, ar, slots[None, :]]
            tk_gap = _suffix_topk(np.where(ok, np.maximum(mg, 0.0), 0.0), kmax)[kk, ar, slots[None, :]]
            tk_gap += lam * np.maximum(need[rows][:, None] - jpn, 0.0)
            ub = cval + np.minimum(tk_all, tk_gap)
            tol = _tol(inc[rows])
            go = ok & ~doomed & (rem > 0)[:, None] & (ub > (inc[rows] + tol)[:, None])
            ni, nu = np.nonzero(go)
            if ni.shape[0]:
                nxt.append(children(nd, ni, nu, m, jpn))
                nxt_ub.append(ub[ni, nu])
        if not nxt:
            break
        frontier = {k: np.concatenate([x[k] for x in nxt]) for k in nxt[0]}
        f_ub = np.concatenate(nxt_ub)
        # subtrees that an incumbent found since they were queued already beats are dropped
        keep_f = f_ub > inc[frontier["row"]] + _tol(inc[frontier["row"]])
        if not keep_f.all():
            frontier = {k: v[keep_f] for k, v in frontier.items()}
            f_ub = f_ub[keep_f]
    exact = ~over & ~np.isfinite(left_ub)
    fin = np.isfinite(inc)
    bound = np.where(fin, inc + _tol(inc), -np.inf)
    bound = np.maximum(bound, left_ub)
    for i in np.nonzero(over & root_ok)[0].tolist():
        # candidates beyond the first BNB_NMAX: a valid modular over-estimate (best positive reduced values)
        e = int(emps[i])
        s0, s1 = int(c.pair_start[e]), int(c.pair_start[e + 1])
        mine = np.arange(s0, s1)
        r_pos = np.sort(np.where(keep[mine] & ~c.locked[mine], np.maximum(red[mine], 0.0), 0.0))[::-1]
        room_i = int(min(max(0.0, float(K[i] - cnt0[i])), r_pos.shape[0]))
        bound[i] = max(bound[i], val0[i] + float(r_pos[:room_i].sum()))
    best = np.where(fin, inc, -BIG)
    bound = np.where(np.isfinite(bound), bound, -BIG)
    # the plans: chosen candidates (and locked pairs), sorted; their value without prices
    chosen = best_items >= 0
    ar = np.arange(R)[:, None]
    safe = np.where(chosen, best_items, 0)
    pairs = np.where(chosen, cand[ar, safe], np.iinfo(np.int64).max)
    pvals = np.where(fin, inc + price0 + np.where(chosen, price_u[ar, safe], 0.0).sum(axis=1), 0.0)
    plans = _rows_to_plans(np.sort(pairs, axis=1), chosen.sum(axis=1))
    if lock_ps.shape[0]:
        lock_of: dict[int, list[int]] = {}
        for p, i in zip(lock_ps.tolist(), lock_li.tolist(), strict=True):
            lock_of.setdefault(i, []).append(p)
        for i, locked_pairs in lock_of.items():
            plans[i] = np.sort(np.concatenate([np.array(locked_pairs, dtype=np.int64), plans[i]]))
    for i in np.nonzero(~fin)[0].tolist():
        plans[i] = np.zeros(0, dtype=np.int64)
    return best, bound, plans, pvals, exact


def _rows_to_plans(sorted_pairs: I, counts: I) -> list[I]:
    """Row i's first counts[i] entries, as one array per row."""
    n = sorted_pairs.shape[1] if sorted_pairs.ndim == 2 else 0
    mask = np.arange(n)[None, :] < counts[:, None]
    flat = sorted_pairs[mask].astype(np.int64)
    return list(np.split(flat, np.cumsum(counts)[:-1])) if counts.shape[0] else []
