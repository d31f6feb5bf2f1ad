"""The Problem compiled to flat numpy arrays: the one place ids become indices.

Used by the model builder and the heuristics (never by ``check.py``, which stays independent).
Pairs (employee, activity) are sorted by employee then activity; ``pair_start`` is their CSR index.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from .problem import PARTICIPANT_OPD, Problem, opd_source

F = npt.NDArray[np.float64]
I = npt.NDArray[np.int64]  # noqa: E741
B = npt.NDArray[np.bool_]

BIG = 1e18


@dataclass(frozen=True, eq=False)
class Compiled:
    problem: Problem | None  # None in a child process (not shipped)
    E: int
    A: int
    K: int
    R: int
    # employees
    w: F
    need: F  # JP needed to reach jp_min (0 if none)
    jp_room: F  # JP that may still be added before jp_max (BIG if none)
    max_act: F  # BIG if none
    max_days: F  # BIG if none
    emp_opd: I
    # activities
    a_jp: F
    a_cpp: F
    a_fix: F
    a_cap: F
    a_min: F
    a_maxb: F
    a_days: F  # classical days (0 for non-classical)
    # pairs
    pe: I
    pa: I
    pair_start: I
    locked: B
    excluded: B
    blocked: B  # prerequisite impossible (not done, not eligible): forced 0
    # pair cost rows per budget: (budget, pair, coef) and batch cost (budget, activity, coef)
    bp_r: I
    bp_p: I
    bp_v: F
    ba_r: I
    ba_a: I
    ba_v: F
    limit: F
    # gaps (e, k, levels, value w_e * v_k), sorted by (e, k)
    ge: I
    gk: I
    gv: F
    gw: F
    # gain links: gap entry, pair, min(gain, gap)
    lg: I
    lp: I
    lv: F
    # prerequisite links: pair needs pair
    pre_p: I
    pre_q: I
    lam: float

    def stripped(self) -> Compiled:
        """The same arrays without the Problem objects (cheap to send to a child process)."""
        return replace(self, problem=None)

    @property
    def P(self) -> int:
        return int(self.pe.shape[0])

    @property
    def G(self) -> int:
        return int(self.ge.shape[0])


def compile_problem(p: Problem) -> Compiled:
    """The Problem as flat arrays (see :class:`Compiled`): pairs sorted by employee then activity."""
    E, A = len(p.employees), len(p.activities)
    aidx = {a.id: i for i, a in enumerate(p.activities)}
    opds = sorted({e.opd for e in p.employees})
    oidx = {o: i for i, o in enumerate(opds)}
    emps = p.employees
    w = np.array([e.weight for e in emps], dtype=np.float64)
    acts = p.activities
    a_cpp = np.array([a.cost_per_participant for a in acts], dtype=np.float64)
    a_fix = np.array([a.fixed_cost_per_batch for a in acts], dtype=np.float64)
    emp_opd = np.array([oidx[e.opd] for e in emps], dtype=np.int64)
    pe, pa, pair_start = _pairs(p, aidx)
    locked, excluded = _fixed_pairs(p, aidx, pe, pa, A)
    blocked, pre_p, pre_q = _prerequisites(p, aidx, pa, pair_start)
    bp_r, bp_p, ba_r, ba_a = _budget_coefficients(p, opds, emp_opd, pe, pa, a_cpp, a_fix)
    ge, gk, gv, lg, lp, lv = _gaps_and_links(p, pe, pa)
    vk = np.array([v for _, v in p.competencies], dtype=np.float64)
    return Compiled(
        problem=p,
        E=E,
        A=A,
        K=len(p.competencies),
        R=len(p.budgets),
        w=w,
        need=np.array([e.jp_need for e in emps], dtype=np.float64),
        jp_room=np.array(
            [BIG if e.jp_max is None else max(0.0, e.jp_max - e.jp_earned) for e in emps], dtype=np.float64
        ),
        max_act=np.array([BIG if e.max_activities is None else e.max_activities for e in emps], dtype=float),
        max_days=np.array(
            [BIG if e.max_classical_days is None else e.max_classical_days for e in emps], dtype=np.float64
        ),
        emp_opd=emp_opd,
        a_jp=np.array([a.jp for a in acts], dtype=np.float64),
        a_cpp=a_cpp,
        a_fix=a_fix,
        a_cap=np.array([a.capacity for a in acts], dtype=np.float64),
        a_min=np.array([a.min_class for a in acts], dtype=np.float64),
        a_maxb=np.array([a.max_batches for a in acts], dtype=np.float64),
        a_days=np.array([a.days if a.classical else 0.0 for a in acts], dtype=np.float64),
        pe=pe,
        pa=pa,
        pair_start=pair_start,
        locked=locked,
        excluded=excluded,
        blocked=blocked,
        bp_r=bp_r,
        bp_p=bp_p,
        bp_v=a_cpp[pa[bp_p]] if bp_p.size else np.zeros(0),
        ba_r=ba_r,
        ba_a=ba_a,
        ba_v=a_fix[ba_a] if ba_a.size else np.zeros(0),
        limit=np.array([b.limit for b in p.budgets], dtype=float),
        ge=ge,
        gk=gk,
        gv=gv,
        gw=w[ge] * vk[gk] if ge.size else np.zeros(0),
        lg=lg,
        lp=lp,
        lv=lv,
        pre_p=pre_p,
        pre_q=pre_q,
        lam=float(p.policy.shortfall_penalty),
    )


def _pairs(p: Problem, aidx: dict[str, int]) -> tuple[I, I, I]:
    """The eligible pairs (employee, activity index), sorted within each employee by activity index, and
    their CSR start per employee."""
    E = len(p.employees)
    counts = np.fromiter((len(e.eligible) for e in p.employees), dtype=np.int64, count=E)
    P = int(counts.sum())
    pe = np.repeat(np.arange(E, dtype=np.int64), counts)
    pa = np.fromiter((aidx[a] for e in p.employees for a in e.eligible), dtype=np.int64, count=P)
    pair_start = np.zeros(E + 1, dtype=np.int64)
    np.cumsum(counts, out=pair_start[1:])
    # eligible is sorted by id, not by index: sort within each employee by activity index
    order = np.lexsort((pa, pe))
    return pe, pa[order], pair_start


def _fixed_pairs(p: Problem, aidx: dict[str, int], pe: I, pa: I, A: int) -> tuple[B, B]:
    """Locked and excluded flags per pair."""
    key = pe * A + pa

    def pair_index(e_list: list[int], a_list: list[int]) -> I:
        if not e_list:
            return np.zeros(0, dtype=np.int64)
        k = np.asarray(e_list, dtype=np.int64) * A + np.asarray(a_list, dtype=np.int64)
        return np.searchsorted(key, k).astype(np.int64)

    le, la, xe, xa = [], [], [], []
    for i, e in enumerate(p.employees):
        for a in e.locked:
            le.append(i)
            la.append(aidx[a])
        for a in e.excluded:
            xe.append(i)
            xa.append(aidx[a])
    locked = np.zeros(pe.shape[0], dtype=bool)
    locked[pair_index(le, la)] = True
    excluded = np.zeros(pe.shape[0], dtype=bool)
    excluded[pair_index(xe, xa)] = True
    return locked, excluded


def _prerequisites(p: Problem, aidx: dict[str, int], pa: I, pair_start: I) -> tuple[B, I, I]:
    """Pairs blocked by a prerequisite the employee can never meet, and the links pair -> pair it needs."""
    req = [[aidx[r] for r in a.requires] for a in p.activities]
    pre_p: list[int] = []
    pre_q: list[int] = []
    blocked = np.zeros(pa.shape[0], dtype=bool)
    if any(req):
        for i, e in enumerate(p.employees):
            done = {aidx[d] for d in e.done}
            s0, s1 = int(pair_start[i]), int(pair_start[i + 1])
            here = {int(pa[j]): j for j in range(s0, s1)}
            for a_i, j in here.items():
                for r in req[a_i]:
                    if r in done:
                        continue
                    q = here.get(r)
                    if q is None:
                        blocked[j] = True
                    else:
                        pre_p.append(j)
                        pre_q.append(q)
    return blocked, np.array(pre_p, dtype=np.int64), np.array(pre_q, dtype=np.int64)


def _budget_coefficients(
    p: Problem, opds: list[str], emp_opd: I, pe: I, pa: I, a_cpp: F, a_fix: F
) -> tuple[I, I, I, I]:
    """Which budget rows each paid pair (participant cost) and each activity (batch cost) is charged to."""
    A = len(p.activities)
    acts = p.activities
    srcs: list[str] = []
    sidx: dict[str, int] = {}

    def src_id(s: str) -> int:
        if s not in sidx:
            sidx[s] = len(srcs)
            srcs.append(s)
        return sidx[s]

    opd_src = np.array([src_id(opd_source(o)) for o in opds], dtype=np.int64)
    a_is_opd = np.array([a.budget == PARTICIPANT_OPD for a in acts], dtype=bool)
    a_src = np.array([src_id(a.budget) if a.budget != PARTICIPANT_OPD else -1 for a in acts], dtype=np.int64)
    a_bsrc = np.array([src_id(a.batch_source) for a in acts], dtype=np.int64)
    p_src = np.where(a_is_opd[pa], opd_src[emp_opd[pe]], a_src[pa])
    n_src, n_opd = len(srcs), len(opds)
    combo = p_src * n_opd + emp_opd[pe]
    pos = a_cpp[pa] > 0
    bp_r_l, bp_p_l = [], []
    ba_r_l, ba_a_l = [], []
    for r, b in enumerate(p.budgets):
        cov_c = np.zeros(n_src * n_opd, dtype=bool)
        for s_i, s in enumerate(srcs):
            for o_i, o in enumerate(opds):
                cov_c[s_i * n_opd + o_i] = b.covers(s, o)
        sel = np.nonzero(cov_c[combo] & pos)[0]
        bp_r_l.append(np.full(sel.shape[0], r, dtype=np.int64))
        bp_p_l.append(sel)
        cov_a = np.array([b.covers(srcs[int(a_bsrc[i])], None) for i in range(A)], dtype=bool)
        sel_a = np.nonzero(cov_a & (a_fix > 0))[0]
        ba_r_l.append(np.full(sel_a.shape[0], r, dtype=np.int64))
        ba_a_l.append(sel_a)
    bp_r = np.concatenate(bp_r_l) if bp_r_l else np.zeros(0, dtype=np.int64)
    bp_p = np.concatenate(bp_p_l) if bp_p_l else np.zeros(0, dtype=np.int64)
    ba_r = np.concatenate(ba_r_l) if ba_r_l else np.zeros(0, dtype=np.int64)
    ba_a = np.concatenate(ba_a_l) if ba_a_l else np.zeros(0, dtype=np.int64)
    return bp_r, bp_p, ba_r, ba_a


def _gaps_and_links(p: Problem, pe: I, pa: I) -> tuple[I, I, F, I, I, F]:
    """Gap entries (employee, competency, levels), sorted by (e, k), and the gain links (gap entry, pair,
    min(gain, gap)): pairs expanded by their activity's gains, kept where they meet a gap."""
    comps = [k for k, _ in p.competencies]
    kidx = {k: i for i, k in enumerate(comps)}
    A, P = len(p.activities), pe.shape[0]
    g_e, g_k, g_v = [], [], []
    for i, e in enumerate(p.employees):
        for k, g in e.gaps:
            if g > 0:
                g_e.append(i)
                g_k.append(kidx[k])
                g_v.append(g)
    ge = np.array(g_e, dtype=np.int64)
    gk = np.array(g_k, dtype=np.int64)
    gv = np.array(g_v, dtype=np.float64)
    # gain links: expand pairs by the activity's gains, keep those matching a gap
    ag_a, ag_k, ag_v = [], [], []
    for i, act in enumerate(p.activities):
        for k, g in act.gains:
            if g > 0:
                ag_a.append(i)
                ag_k.append(kidx[k])
                ag_v.append(g)
    ag_a_arr = np.array(ag_a, dtype=np.int64)
    order_g = np.argsort(ag_a_arr, kind="stable")
    ag_k_arr = np.array(ag_k, dtype=np.int64)[order_g]
    ag_v_arr = np.array(ag_v, dtype=np.float64)[order_g]
    ag_cnt = np.bincount(ag_a_arr, minlength=A).astype(np.int64)
    ag_start = np.zeros(A + 1, dtype=np.int64)
    np.cumsum(ag_cnt, out=ag_start[1:])
    rep = ag_cnt[pa]
    lp_all = np.repeat(np.arange(P, dtype=np.int64), rep)
    # offset of each expanded row within its activity's gain list
    first = np.repeat(np.cumsum(rep) - rep, rep)
    off = np.arange(lp_all.shape[0], dtype=np.int64) - first
    gi = ag_start[pa[lp_all]] + off
    lk_all = ag_k_arr[gi]
    lval_all = ag_v_arr[gi]
    K = len(comps)
    gkey = ge * K + gk
    lkey = pe[lp_all] * K + lk_all
    posg = np.searchsorted(gkey, lkey)
    posg_c = np.minimum(posg, max(0, gkey.shape[0] - 1))
    hit = (posg < gkey.shape[0]) & (gkey[posg_c] == lkey) if gkey.shape[0] else np.zeros(lkey.shape[0], bool)
    lg = posg[hit].astype(np.int64)
    lp = lp_all[hit]
    lv = np.minimum(lval_all[hit], gv[lg]) if lg.size else np.zeros(0)
    return ge, gk, gv, lg, lp, lv


def y_upper(c: Compiled, allowed: np.ndarray | None = None) -> F:
    """Batches worth opening per activity: at most max_batches, enough for every allowed pair, and no more
    than the allowed pairs can fill to the minimum class size."""
    ok = ~(c.excluded | c.blocked) if allowed is None else allowed
    n_a = np.bincount(c.pa[ok], minlength=c.A).astype(np.float64)
    ub = np.minimum(c.a_maxb, np.ceil(n_a / c.a_cap - 1e-9))
    ub = np.where(c.a_min >= 1, np.minimum(ub, np.floor(n_a / np.maximum(c.a_min, 1) + 1e-9)), ub)
    return np.maximum(ub, 0.0)


def y_lower(c: Compiled, ub: F | None = None) -> F:
    """Batches every plan opens per activity: enough seats for its locked participants (never above ``ub``)."""
    n_locked = np.bincount(c.pa[c.locked], minlength=c.A).astype(np.float64)
    lo = np.ceil(n_locked / c.a_cap - 1e-9)
    return np.minimum(lo, y_upper(c) if ub is None else ub)


def fbincount(x: np.ndarray, weights: np.ndarray | None = None, minlength: int = 0) -> F:
    """``np.bincount`` that is always float64 (it returns int64 for empty input)."""
    return np.bincount(x, weights=weights, minlength=minlength).astype(np.float64, copy=False)
