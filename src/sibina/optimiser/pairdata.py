"""Per-pair data that pricing needs (computed once per Compiled), and small array helpers it shares."""

from __future__ import annotations

import numpy as np

from .compiled import Compiled, F, I, fbincount, y_upper

EPS = 1e-9


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


def gather(start: I, idx: I) -> tuple[I, I]:
    """For CSR ``start`` and selected rows ``idx``: (position of each entry's row in idx, entry index)."""
    cnt = start[idx + 1] - start[idx]
    tot = int(cnt.sum())
    owner = np.repeat(np.arange(idx.shape[0], dtype=np.int64), cnt)
    first = np.repeat(np.cumsum(cnt) - cnt, cnt)
    ent = np.repeat(start[idx], cnt) + (np.arange(tot, dtype=np.int64) - first)
    return owner, ent


def rows_to_plans(sorted_pairs: I, counts: I) -> list[I]:
    """Row i's first counts[i] entries, as one array per row."""
    n = sorted_pairs.shape[1] if sorted_pairs.ndim == 2 else 0
    mask = np.arange(n)[None, :] < counts[:, None]
    flat = sorted_pairs[mask].astype(np.int64)
    return list(np.split(flat, np.cumsum(counts)[:-1])) if counts.shape[0] else []


def gap_matrix(d: PairData, emps: I, width: int) -> tuple[F, F]:
    """Each employee's gaps by slot, padded to ``width``: (weight w_e * v_k, levels)."""
    c = d.c
    ne = emps.shape[0]
    gw = np.zeros((ne, width))
    gv = np.zeros((ne, width))
    if c.G:
        g_first = np.searchsorted(c.ge, emps)
        g_cnt = d.g_count[emps]
        for j in range(width):
            has = g_cnt > j
            gi = g_first[has] + j
            gw[has, j] = c.gw[gi]
            gv[has, j] = c.gv[gi]
    return gw, gv
