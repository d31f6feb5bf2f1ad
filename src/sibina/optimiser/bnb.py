"""Exact pricing for employees with many candidates: a branch and bound vectorised over employees.

A node is a set T of candidates (the locked pairs always in); its children add one candidate u after T's last.
The exact marginal m(u|T) = v(T+u) - v(T) - price(u) of every candidate is computed at once. By submodularity
m(u'|T+u) <= m(u'|T), so the subtree of T+u is worth at most v(T+u) - price(T+u) plus the r largest positive
m(u'|T) of the later candidates (r = activities still allowed), and also at most their gap parts plus the JP
credit still open. A greedy dive first gives each employee a good plan; subtrees that cannot beat the best plan
found are pruned. Exact unless the node limit stops the search (the bound is then the best subtree bound left,
still valid).
"""

from __future__ import annotations

import numpy as np

from .compiled import BIG, F, I, fbincount
from .pairdata import EPS, PairData, gap_matrix, gather, rows_to_plans

Node = dict[str, np.ndarray]  # one entry per array, one row per node (employee row, coverage, JP, ...)

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


def bnb(
    d: PairData, red: F, keep: np.ndarray, emps: I, *, node_cap: int = BNB_NODE_CAP
) -> tuple[F, F, list[I], F, np.ndarray]:
    """Best personal plan per employee by branch and bound over the candidates (sorted by reduced value), see
    the module docstring. Returns (best value - price, bound, plan, plan value, exact) per employee."""
    s = _Search(d, red, keep, emps)
    s.dive()
    s.search(node_cap)
    return s.answer()


class _Search:
    """The arrays of one branch and bound over the employees ``emps`` (one row each)."""

    def __init__(self, d: PairData, red: F, keep: np.ndarray, emps: I) -> None:
        self.d, self.red, self.keep, self.emps = d, red, keep, emps
        self.c = d.c
        self.R = emps.shape[0]
        self.lam = self.c.lam
        self._candidates()
        self._gaps()
        self._links()
        self._prerequisites()
        self._root()

    def _candidates(self) -> None:
        """Each employee's candidates (not locked), best reduced value first, padded to N slots."""
        c, d, red, emps, R = self.c, self.d, self.red, self.emps, self.R
        li_all, ps_all = gather(c.pair_start, emps)
        km = self.keep[ps_all]
        ps, li = ps_all[km], li_all[km]
        lk = c.locked[ps]
        self.lock_ps, self.lock_li = ps[lk], li[lk]  # the root: locked pairs are in every plan
        ps, li = ps[~lk], li[~lk]
        order = np.lexsort((-red[ps], li))
        ps, li = ps[order], li[order]
        nk = np.bincount(li, minlength=R)
        start = np.cumsum(nk) - nk
        rank = np.arange(ps.shape[0], dtype=np.int64) - start[li]
        inside = rank < BNB_NMAX
        self.N = N = int(max(1, min(BNB_NMAX, int(nk.max()) if R else 1)))
        cand = np.full((R, N), -1, dtype=np.int64)
        cand[li[inside], rank[inside]] = ps[inside]
        self.nk, self.cand = nk, cand
        self.over = nk > BNB_NMAX
        self.valid_c = valid_c = cand >= 0
        self.cp = cp = np.where(valid_c, cand, 0)
        a = c.pa[cp]
        self.price_u = np.where(valid_c, d.alone[cp] - red[cp], 0.0)
        self.jp_u = np.where(valid_c, c.a_jp[a], 0.0)
        self.days_u = np.where(valid_c, c.a_days[a], 0.0)

    def _gaps(self) -> None:
        """Each employee's gaps (weight, levels) by slot, padded to G."""
        c, d, emps, R = self.c, self.d, self.emps, self.R
        self.G = max(1, int(d.g_count[emps].max()) if c.G and R else 1)
        self.gw, self.gv = gap_matrix(d, emps, self.G)

    def _links(self) -> None:
        """Sparse gap links of each candidate: (gap slot, levels), padded with zero levels."""
        c, d, R, N = self.c, self.d, self.R, self.N
        flat = np.nonzero(self.valid_c.ravel())[0]
        fp = self.cand.ravel()[flat]
        n_l = d.l_start[fp + 1] - d.l_start[fp]
        self.L = L = max(1, int(n_l.max()) if n_l.shape[0] else 1)
        owner, ent = gather(d.l_start, fp)
        pos = np.arange(ent.shape[0], dtype=np.int64) - np.repeat(np.cumsum(n_l) - n_l, n_l)
        l_slot = np.zeros((R * N, L), dtype=np.int64)
        l_val = np.zeros((R * N, L))
        if ent.shape[0]:
            l_slot[flat[owner], pos] = d.g_slot[d.l_g[ent]]
            l_val[flat[owner], pos] = d.l_v[ent]
        self.l_slot = l_slot = l_slot.reshape(R, N, L)
        self.l_val = l_val.reshape(R, N, L)
        rr = np.arange(R)[:, None, None]
        self.l_gv = self.gv[rr, l_slot]
        self.l_gw = self.gw[rr, l_slot]
        self.need = c.need[self.emps]
        self.room = c.jp_room[self.emps]
        self.maxd = c.max_days[self.emps]

    def _prerequisites(self) -> None:
        """The slots each slot needs (bits); a slot needing an unavailable pair is dead."""
        d, R, N, cand, valid_c = self.d, self.R, self.N, self.cand, self.valid_c
        self.bit_lo, self.bit_hi = bit_lo, bit_hi = _bits(N)
        self.low_lo, self.low_hi = _low_masks(N)
        self.req_lo = req_lo = np.zeros((R, N), dtype=np.uint64)
        self.req_hi = req_hi = np.zeros((R, N), dtype=np.uint64)
        self.dead_u = dead_u = ~valid_c
        self.root_rlo = root_rlo = np.zeros(R, dtype=np.uint64)
        self.root_rhi = root_rhi = np.zeros(R, dtype=np.uint64)
        self.root_dead = root_dead = np.zeros(R, dtype=bool)
        if not d.req:
            return
        slot_of: dict[int, int] = {}
        ri, ui = np.nonzero(valid_c & d.is_req[self.cp])
        for i, u in zip(ri.tolist(), ui.tolist(), strict=True):
            slot_of[int(cand[i, u])] = u
        locked_set = set(self.lock_ps.tolist())
        ri, ui = np.nonzero(valid_c & d.has_req[self.cp])
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
        for p, i in zip(self.lock_ps.tolist(), self.lock_li.tolist(), strict=True):
            for q in d.req.get(p, ()):
                if q in locked_set:
                    continue
                s = slot_of.get(q)
                if s is None:
                    root_dead[i] = True
                else:
                    root_rlo[i] |= bit_lo[s]
                    root_rhi[i] |= bit_hi[s]

    def _root(self) -> None:
        """The root node (the locked pairs), the incumbents it gives, and its margins."""
        c, d, R, red = self.c, self.d, self.R, self.red
        lock_ps, lock_li = self.lock_ps, self.lock_li
        cov0 = np.zeros((R, self.G))
        if lock_ps.shape[0]:
            owner, ent = gather(d.l_start, lock_ps)
            if ent.shape[0]:
                np.add.at(cov0, (lock_li[owner], d.g_slot[d.l_g[ent]]), d.l_v[ent])
        la = c.pa[lock_ps]
        jp0 = fbincount(lock_li, weights=c.a_jp[la], minlength=R)
        days0 = fbincount(lock_li, weights=c.a_days[la], minlength=R)
        self.cnt0 = cnt0 = fbincount(lock_li, minlength=R)
        self.price0 = fbincount(lock_li, weights=d.alone[lock_ps] - red[lock_ps], minlength=R)
        self.val0 = val0 = (
            (np.minimum(self.gv, cov0) * self.gw).sum(axis=1)
            + self.lam * np.minimum(self.need, jp0)
            - self.price0
        )
        self.K = K = np.minimum(c.max_act[self.emps], cnt0 + self.nk)
        max_act = c.max_act[self.emps]
        root_ok = (
            (cnt0 <= max_act + EPS) & (days0 <= self.maxd + EPS) & (jp0 <= self.room + EPS) & ~self.root_dead
        )
        self.root_ok = root_ok
        self.inc = np.where(root_ok & (self.root_rlo == 0) & (self.root_rhi == 0), val0, -np.inf)
        self.D = D = max(1, min(int(max(0.0, float((K - cnt0).max()))) if R else 0, self.N))
        self.best_items = np.full((R, D), -1, dtype=np.int64)
        self.slots = np.arange(self.N)
        f_row = np.nonzero(root_ok)[0]
        self.root: Node = {
            "row": f_row,
            "cov": cov0[f_row],
            "jp": jp0[f_row],
            "days": days0[f_row],
            "cnt": cnt0[f_row],
            "last": np.full(f_row.shape[0], -1, dtype=np.int64),
            "val": val0[f_row],
            "mlo": np.zeros(f_row.shape[0], dtype=np.uint64),
            "mhi": np.zeros(f_row.shape[0], dtype=np.uint64),
            "rlo": self.root_rlo[f_row],
            "rhi": self.root_rhi[f_row],
            "items": np.full((f_row.shape[0], D), -1, dtype=np.int64),
        }
        # the root's margins serve the dive's first step and the search's first level
        self.root_marg = self.margins(self.root, ordered=True)
        self.left_ub = np.full(R, -np.inf)  # best bound of the subtrees not searched (node cap)

    def margins(self, nd: Node, ordered: bool) -> tuple[F, F, np.ndarray, F]:
        """Per node and candidate: the exact marginal value (gap + JP - price), its gap part, whether the
        candidate may be added, and the JP after adding it."""
        rows = nd["row"]
        ar = np.arange(rows.shape[0])[:, None, None]
        covg = nd["cov"][ar, self.l_slot[rows]]
        mg = (self.l_gw[rows] * np.minimum(np.maximum(self.l_gv[rows] - covg, 0.0), self.l_val[rows])).sum(
            axis=2
        )
        jpn = nd["jp"][:, None] + self.jp_u[rows]
        nd_ = self.need[rows][:, None]
        mj = self.lam * (np.minimum(nd_, jpn) - np.minimum(nd_[:, 0], nd["jp"])[:, None])
        mg -= self.price_u[rows]
        ok = ~self.dead_u[rows]
        if ordered:
            ok &= self.slots[None, :] > nd["last"][:, None]
        else:
            ok &= (
                (nd["mlo"][:, None] & self.bit_lo[None, :]) | (nd["mhi"][:, None] & self.bit_hi[None, :])
            ) == 0
        ok &= (nd["cnt"] + 1 <= self.K[rows] + EPS)[:, None]
        ok &= nd["days"][:, None] + self.days_u[rows] <= self.maxd[rows][:, None] + EPS
        ok &= jpn <= self.room[rows][:, None] + EPS
        return mg + mj, mg, ok, jpn

    def children(self, nd: Node, ni: I, nu: I, m: F, jpn: F) -> Node:
        """The nodes ``nd[ni] + candidate nu``."""
        rows = nd["row"][ni]
        cov = nd["cov"][ni].copy()
        ar = np.arange(ni.shape[0])
        sl_, vl_ = self.l_slot[rows, nu], self.l_val[rows, nu]
        for j in range(self.L):
            cov[ar, sl_[:, j]] += vl_[:, j]
        items = nd["items"][ni].copy()
        dep = (nd["cnt"][ni] - self.cnt0[rows]).astype(np.int64)
        items[ar, np.minimum(dep, self.D - 1)] = nu
        return {
            "row": rows,
            "cov": cov,
            "jp": jpn[ni, nu],
            "days": nd["days"][ni] + self.days_u[rows, nu],
            "cnt": nd["cnt"][ni] + 1,
            "last": nu.astype(np.int64),
            "val": nd["val"][ni] + m[ni, nu],
            "mlo": nd["mlo"][ni] | self.bit_lo[nu],
            "mhi": nd["mhi"][ni] | self.bit_hi[nu],
            "rlo": nd["rlo"][ni] | self.req_lo[rows, nu],
            "rhi": nd["rhi"][ni] | self.req_hi[rows, nu],
            "items": items,
        }

    def record(self, nd: Node) -> None:
        """Nodes that are plans (prerequisites met) improve their employee's incumbent."""
        inc = self.inc
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
            self.best_items[rows[top]] = nd["items"][top]

    def dive(self) -> None:
        """Greedy dive: the best marginal candidate while it pays, for a good first incumbent."""
        nd = self.root
        for step_ in range(self.D):
            if nd["row"].shape[0] == 0:
                break
            m, _mg, ok, jpn = self.root_marg if step_ == 0 else self.margins(nd, ordered=False)
            mm = np.where(ok, m, -np.inf)
            j = np.argmax(mm, axis=1)
            go = np.nonzero(mm[np.arange(j.shape[0]), j] > EPS)[0]
            nd = self.children(nd, go, j[go], m, jpn)
            self.record(nd)

    def search(self, node_cap: int) -> None:
        """Breadth-first over the tree, level by level, pruning by bound; stops after ``node_cap`` nodes (the
        bound of what is left goes to ``left_ub``)."""
        frontier = self.root
        f_ub = np.full(frontier["row"].shape[0], np.inf)
        expanded = 0
        inc = self.inc
        while frontier["row"].shape[0]:
            nf = frontier["row"].shape[0]
            if expanded and expanded + nf > node_cap:
                np.maximum.at(self.left_ub, frontier["row"], f_ub)
                break
            expanded += nf
            first_level = frontier is self.root
            step = nf if first_level else max(1, BNB_ELEMS // (self.N * self.L))
            nxt: list[Node] = []
            nxt_ub: list[F] = []
            for s0 in range(0, nf, step):
                nd = {k: v[s0 : s0 + step] for k, v in frontier.items()}
                got = self._expand(nd, first_level)
                if got is not None:
                    nxt.append(got[0])
                    nxt_ub.append(got[1])
            if not nxt:
                break
            frontier = {k: np.concatenate([x[k] for x in nxt]) for k in nxt[0]}
            f_ub = np.concatenate(nxt_ub)
            # subtrees that an incumbent found since they were queued already beats are dropped
            keep_f = f_ub > inc[frontier["row"]] + _tol(inc[frontier["row"]])
            if not keep_f.all():
                frontier = {k: v[keep_f] for k, v in frontier.items()}
                f_ub = f_ub[keep_f]

    def _expand(self, nd: Node, first_level: bool) -> tuple[Node, F] | None:
        """The children of ``nd`` worth searching (and their bounds); the best child plans become incumbents."""
        inc, lam, slots = self.inc, self.lam, self.slots
        bit_lo, bit_hi = self.bit_lo, self.bit_hi
        rows = nd["row"]
        m, mg, ok, jpn = self.root_marg if first_level else self.margins(nd, ordered=True)
        cval = nd["val"][:, None] + m
        c_rlo = nd["rlo"][:, None] | self.req_lo[rows]
        c_rhi = nd["rhi"][:, None] | self.req_hi[rows]
        miss_lo = c_rlo & ~(nd["mlo"][:, None] | bit_lo[None, :])
        miss_hi = c_rhi & ~(nd["mhi"][:, None] | bit_hi[None, :])
        # incumbents among the children that are plans
        pv = np.where(ok & (miss_lo == 0) & (miss_hi == 0), cval, -np.inf)
        j = np.argmax(pv, axis=1)
        best_child = np.nonzero(np.isfinite(pv[np.arange(j.shape[0]), j]))[0]
        if best_child.shape[0]:
            self.record(self.children(nd, best_child, j[best_child], m, jpn))
        rem = (self.K[rows] - nd["cnt"] - 1).astype(np.int64)
        if rem.shape[0] == 0 or int(rem.max()) <= 0:
            return None
        # a missing prerequisite at or before u can never be added below this child
        doomed = ((miss_lo & self.low_lo[None, :]) != 0) | ((miss_hi & self.low_hi[None, :]) != 0)
        kmax = int(min(rem.max(), self.N))
        kk = (np.clip(rem, 1, kmax) - 1)[:, None]
        ar = np.arange(rows.shape[0])[:, None]
        tk_all = _suffix_topk(np.where(ok, np.maximum(m, 0.0), 0.0), kmax)[kk, ar, slots[None, :]]
        tk_gap = _suffix_topk(np.where(ok, np.maximum(mg, 0.0), 0.0), kmax)[kk, ar, slots[None, :]]
        tk_gap += lam * np.maximum(self.need[rows][:, None] - jpn, 0.0)
        ub = cval + np.minimum(tk_all, tk_gap)
        tol = _tol(inc[rows])
        go = ok & ~doomed & (rem > 0)[:, None] & (ub > (inc[rows] + tol)[:, None])
        ni, nu = np.nonzero(go)
        if not ni.shape[0]:
            return None
        return self.children(nd, ni, nu, m, jpn), ub[ni, nu]

    def answer(self) -> tuple[F, F, list[I], F, np.ndarray]:
        """(best value - price, bound, plan, plan value, exact) per employee."""
        c, R, inc, K, cnt0, val0 = self.c, self.R, self.inc, self.K, self.cnt0, self.val0
        red, keep = self.red, self.keep
        exact = ~self.over & ~np.isfinite(self.left_ub)
        fin = np.isfinite(inc)
        bound = np.where(fin, inc + _tol(inc), -np.inf)
        bound = np.maximum(bound, self.left_ub)
        for i in np.nonzero(self.over & self.root_ok)[0].tolist():
            # candidates beyond the first BNB_NMAX: a valid modular over-estimate (best positive reduced values)
            e = int(self.emps[i])
            s0, s1 = int(c.pair_start[e]), int(c.pair_start[e + 1])
            mine = np.arange(s0, s1)
            r_pos = np.sort(np.where(keep[mine] & ~c.locked[mine], np.maximum(red[mine], 0.0), 0.0))[::-1]
            room_i = int(min(max(0.0, float(K[i] - cnt0[i])), r_pos.shape[0]))
            bound[i] = max(bound[i], val0[i] + float(r_pos[:room_i].sum()))
        best = np.where(fin, inc, -BIG)
        bound = np.where(np.isfinite(bound), bound, -BIG)
        # the plans: chosen candidates (and locked pairs), sorted; their value without prices
        best_items = self.best_items
        chosen = best_items >= 0
        ar = np.arange(R)[:, None]
        safe = np.where(chosen, best_items, 0)
        pairs = np.where(chosen, self.cand[ar, safe], np.iinfo(np.int64).max)
        pvals = np.where(
            fin, inc + self.price0 + np.where(chosen, self.price_u[ar, safe], 0.0).sum(axis=1), 0.0
        )
        plans = rows_to_plans(np.sort(pairs, axis=1), chosen.sum(axis=1))
        if self.lock_ps.shape[0]:
            lock_of: dict[int, list[int]] = {}
            for p, i in zip(self.lock_ps.tolist(), self.lock_li.tolist(), strict=True):
                lock_of.setdefault(i, []).append(p)
            for i, locked_pairs in lock_of.items():
                plans[i] = np.sort(np.concatenate([np.array(locked_pairs, dtype=np.int64), plans[i]]))
        for i in np.nonzero(~fin)[0].tolist():
            plans[i] = np.zeros(0, dtype=np.int64)
        return best, bound, plans, pvals, exact
