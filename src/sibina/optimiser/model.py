"""Builds the MILP (or a restricted / block variant of it) as flat arrays for HiGHS.

Columns: ``x`` (one per selected pair), ``y`` (batches per activity, when ``with_y``), ``z`` (gap levels
closed per linked gap entry), ``u`` (JP credited towards the minimum per employee). Rows are grouped and
their offsets recorded so duals can be read back (prices for the decomposition). See docs/optimiser.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .compiled import BIG, Compiled, F, I, fbincount

INF = math.inf


@dataclass(eq=False)
class Model:
    n_col: int
    n_row: int
    cost: F  # maximise cost @ col
    col_lo: F
    col_hi: F
    row_lo: F
    row_hi: F
    start: I  # row-wise CSR
    index: I
    value: F
    integrality: I  # 0 continuous, 1 integer
    pairs: I  # pair index of each x column (x columns are 0..len(pairs)-1)
    y_col: I  # column of y[a], -1 when absent
    gaps: I  # gap entry of each z column
    z0: int
    u_emp: I  # employee of each u column
    u0: int
    rows: dict[str, tuple[int, int]] = field(default_factory=dict)  # group -> [first, end)
    row_ref: dict[str, I] = field(default_factory=dict)  # group -> activity / budget index per row
    offset: float = 0.0  # constant added to the objective (prices in block models)

    @property
    def nnz(self) -> int:
        return int(self.index.shape[0])


def build_model(
    c: Compiled,
    *,
    pair_mask: np.ndarray | None = None,
    with_y: bool = True,
    integer: bool = True,
    y_lo: F | None = None,
    y_hi: F | None = None,
    x_lo: F | None = None,
    x_hi: F | None = None,
    seat_lo: F | None = None,
    seat_hi: F | None = None,
    limit: F | None = None,
    with_budgets: bool = True,
    price: F | None = None,
    tighten: np.ndarray | None = None,
) -> Model:
    """The model over the pairs in ``pair_mask`` (default all).

    ``with_y``: batch variables and capacity/min-class/batch-cost rows. Without them, ``seat_lo``/``seat_hi``
    (per activity, or None) bound the seats this model may use, and ``limit`` the budgets (batch costs are
    then the caller's business). ``price`` (per pair) is subtracted from the objective (Lagrangian blocks).
    ``tighten``: activities that get the ``x[e,a] <= y[a]`` inequalities.
    """
    k = _Columns(c, pair_mask, with_y, x_lo, x_hi, y_lo, y_hi)
    rows = _Rows()
    _credit_rows(c, k, rows)
    _person_rows(c, k, rows)
    if with_y and k.ny:
        _class_rows(c, k, rows, tighten)
    elif not with_y and (seat_lo is not None or seat_hi is not None):
        _seat_rows(c, k, rows, seat_lo, seat_hi)
    if with_budgets and c.R:
        _budget_rows(c, k, rows, limit, with_y)
    start, index, value = rows.csr()
    nx, ny, nz, nu, z0, u0 = k.nx, k.ny, k.nz, k.nu, k.z0, k.u0
    n_col = u0 + nu
    cost = np.zeros(n_col)
    if nz:
        cost[z0 : z0 + nz] = c.gw[k.gaps_used]
    if nu:
        cost[u0:] = c.lam
    if price is not None:
        cost[:nx] -= price[k.sel]
    col_lo = np.concatenate([k.xl, k.ylo_v, np.zeros(nz), np.zeros(nu)])
    col_hi = np.concatenate([k.xh, k.yhi_v, c.gv[k.gaps_used], c.need[k.u_emp]])
    integ = np.zeros(n_col, dtype=np.int64)
    if integer:
        integ[: nx + ny] = 1
    return Model(
        n_col=n_col,
        n_row=rows.n_row,
        cost=cost,
        col_lo=col_lo,
        col_hi=col_hi,
        row_lo=np.concatenate(rows.rlo) if rows.rlo else np.zeros(0),
        row_hi=np.concatenate(rows.rhi) if rows.rhi else np.zeros(0),
        start=start,
        index=index,
        value=value,
        integrality=integ,
        pairs=k.sel,
        y_col=k.ycols,
        gaps=k.gaps_used,
        z0=z0,
        u_emp=k.u_emp,
        u0=u0,
        rows=rows.groups,
        row_ref=rows.refs,
    )


class _Columns:
    """The columns: x over the selected pairs, y per activity with seats, z per linked gap entry, u per
    employee below the JP minimum with a pair giving JP."""

    def __init__(
        self,
        c: Compiled,
        pair_mask: np.ndarray | None,
        with_y: bool,
        x_lo: F | None,
        x_hi: F | None,
        y_lo: F | None,
        y_hi: F | None,
    ) -> None:
        P = c.P
        self.sel = sel = (
            np.arange(P, dtype=np.int64) if pair_mask is None else np.nonzero(pair_mask)[0].astype(np.int64)
        )
        self.nx = nx = int(sel.shape[0])
        self.col_of = col_of = np.full(P, -1, dtype=np.int64)
        col_of[sel] = np.arange(nx, dtype=np.int64)
        self.xl = xl = c.locked[sel].astype(np.float64) if x_lo is None else x_lo[sel]
        xh = (~(c.excluded[sel] | c.blocked[sel])).astype(np.float64) if x_hi is None else x_hi[sel]
        self.xh = xh = np.maximum(xh, xl)
        # per-activity seat counts among selected pairs
        self.pa_s = pa_s = c.pa[sel]
        self.n_a = n_a = fbincount(pa_s, weights=xh, minlength=c.A)
        # y columns
        self.ycols = ycols = np.full(c.A, -1, dtype=np.int64)
        self.act_used = act_used = np.nonzero(n_a > 0)[0] if with_y else np.zeros(0, dtype=np.int64)
        self.ny = ny = int(act_used.shape[0])
        ycols[act_used] = nx + np.arange(ny, dtype=np.int64)
        if ny:
            ub = np.minimum(c.a_maxb[act_used], np.ceil(n_a[act_used] / c.a_cap[act_used] - 1e-9))
            m = c.a_min[act_used]
            ub = np.where(m >= 1, np.minimum(ub, np.floor(n_a[act_used] / np.maximum(m, 1) + 1e-9)), ub)
            ub = np.minimum(c.a_maxb[act_used], np.maximum(ub, 0))
            ylo_v = np.zeros(ny) if y_lo is None else y_lo[act_used]
            yhi_v = ub if y_hi is None else np.minimum(y_hi[act_used], c.a_maxb[act_used])
            self.yhi_v = np.maximum(yhi_v, ylo_v)
            self.ylo_v = ylo_v
        else:
            self.ylo_v = np.zeros(0)
            self.yhi_v = np.zeros(0)
        # z columns: linked gap entries among the selected pairs
        link_ok = col_of[c.lp] >= 0
        self.lg, self.lp, self.lv = c.lg[link_ok], c.lp[link_ok], c.lv[link_ok]
        self.gaps_used = gaps_used = np.unique(self.lg)
        self.nz = nz = int(gaps_used.shape[0])
        self.z0 = z0 = nx + ny
        self.zcol_of = np.full(c.G, -1, dtype=np.int64)
        self.zcol_of[gaps_used] = z0 + np.arange(nz, dtype=np.int64)
        # u columns: employees below their JP minimum with a selected pair giving JP
        self.pe_s = pe_s = c.pe[sel]
        self.jp_s = jp_s = c.a_jp[pa_s]
        has_jp = fbincount(pe_s, weights=(jp_s > 0) * xh, minlength=c.E) > 0
        self.u_emp = u_emp = np.nonzero((c.need > 0) & has_jp)[0].astype(np.int64)
        self.nu = nu = int(u_emp.shape[0])
        self.u0 = u0 = z0 + nz
        self.ucol_of = np.full(c.E, -1, dtype=np.int64)
        self.ucol_of[u_emp] = u0 + np.arange(nu, dtype=np.int64)


class _Rows:
    """Row groups in the making (COO), with their offsets and references for reading duals back."""

    def __init__(self) -> None:
        self.rows_r: list[I] = []
        self.rows_c: list[I] = []
        self.rows_v: list[F] = []
        self.rlo: list[F] = []
        self.rhi: list[F] = []
        self.groups: dict[str, tuple[int, int]] = {}
        self.refs: dict[str, I] = {}
        self.n_row = 0

    def add(self, name: str, r: I, cc: I, v: F, lo: F, hi: F, ref: I | None = None) -> None:
        n = int(lo.shape[0])
        self.rows_r.append(r + self.n_row)
        self.rows_c.append(cc)
        self.rows_v.append(v)
        self.rlo.append(lo)
        self.rhi.append(hi)
        self.groups[name] = (self.n_row, self.n_row + n)
        if ref is not None:
            self.refs[name] = ref
        self.n_row += n

    def csr(self) -> tuple[I, I, F]:
        """Row-wise CSR (start, index, value)."""
        r = np.concatenate(self.rows_r) if self.rows_r else np.zeros(0, dtype=np.int64)
        cc = np.concatenate(self.rows_c) if self.rows_c else np.zeros(0, dtype=np.int64)
        v = np.concatenate(self.rows_v) if self.rows_v else np.zeros(0)
        order = np.argsort(r, kind="stable")
        start = np.zeros(self.n_row + 1, dtype=np.int64)
        np.cumsum(np.bincount(r, minlength=self.n_row), out=start[1:])
        return start, cc[order], v[order]


def _credit_rows(c: Compiled, k: _Columns, rows: _Rows) -> None:
    """1. z[g] - sum min(gain, gap) x <= 0; 2. u[e] - sum min(jp, need) x <= 0."""
    nz, nu = k.nz, k.nu
    if nz:
        r_of_g = np.full(c.G, -1, dtype=np.int64)
        r_of_g[k.gaps_used] = np.arange(nz, dtype=np.int64)
        rows.add(
            "gap",
            np.concatenate([np.arange(nz, dtype=np.int64), r_of_g[k.lg]]),
            np.concatenate([k.zcol_of[k.gaps_used], k.col_of[k.lp]]),
            np.concatenate([np.ones(nz), -k.lv]),
            np.full(nz, -INF),
            np.zeros(nz),
        )
    if nu:
        pe_s, jp_s = k.pe_s, k.jp_s
        r_of_e = np.full(c.E, -1, dtype=np.int64)
        r_of_e[k.u_emp] = np.arange(nu, dtype=np.int64)
        okp = (k.ucol_of[pe_s] >= 0) & (jp_s > 0)
        pidx = np.nonzero(okp)[0]
        rows.add(
            "jp_credit",
            np.concatenate([np.arange(nu, dtype=np.int64), r_of_e[pe_s[pidx]]]),
            np.concatenate([k.ucol_of[k.u_emp], pidx]),
            np.concatenate([np.ones(nu), -np.minimum(jp_s[pidx], c.need[pe_s[pidx]])]),
            np.full(nu, -INF),
            np.zeros(nu),
        )


def _person_rows(c: Compiled, k: _Columns, rows: _Rows) -> None:
    """3-5. per-person limits, only where they can bind; 6. prerequisites x[p] <= x[q]."""
    pe_s = k.pe_s

    def person_rows(name: str, coef: F, cap: F) -> None:
        tot = fbincount(pe_s, weights=coef * k.xh, minlength=c.E)
        emps = np.nonzero((cap < BIG / 2) & (tot > cap + 1e-9))[0]
        if not emps.size:
            return
        r_of = np.full(c.E, -1, dtype=np.int64)
        r_of[emps] = np.arange(emps.shape[0], dtype=np.int64)
        pidx = np.nonzero((r_of[pe_s] >= 0) & (coef > 0))[0]
        rows.add(name, r_of[pe_s[pidx]], pidx, coef[pidx], np.full(emps.shape[0], -INF), cap[emps], emps)

    person_rows("max_activities", np.ones(k.nx), c.max_act)
    person_rows("classical_days", c.a_days[k.pa_s], c.max_days)
    person_rows("jp_max", k.jp_s, c.jp_room)
    if c.pre_p.size:
        col_of = k.col_of
        ok = (col_of[c.pre_p] >= 0) & (col_of[c.pre_q] >= 0)
        pp, qq = col_of[c.pre_p[ok]], col_of[c.pre_q[ok]]
        n = int(pp.shape[0])
        if n:
            ar = np.arange(n, dtype=np.int64)
            rows.add(
                "prerequisite",
                np.concatenate([ar, ar]),
                np.concatenate([pp, qq]),
                np.concatenate([np.ones(n), -np.ones(n)]),
                np.full(n, -INF),
                np.zeros(n),
            )


def _class_rows(c: Compiled, k: _Columns, rows: _Rows, tighten: np.ndarray | None) -> None:
    """7-8. capacity and minimum class per activity with batches; ``x <= y`` where ``tighten`` asks."""
    act_used, ny, pa_s, ycols = k.act_used, k.ny, k.pa_s, k.ycols
    r_of_a = np.full(c.A, -1, dtype=np.int64)
    r_of_a[act_used] = np.arange(ny, dtype=np.int64)
    px = np.nonzero(r_of_a[pa_s] >= 0)[0]
    rows.add(
        "capacity",
        np.concatenate([r_of_a[pa_s[px]], np.arange(ny, dtype=np.int64)]),
        np.concatenate([px, ycols[act_used]]),
        np.concatenate([np.ones(px.shape[0]), -c.a_cap[act_used]]),
        np.full(ny, -INF),
        np.zeros(ny),
        act_used,
    )
    mact = act_used[c.a_min[act_used] >= 1]
    if mact.size:
        r_of_m = np.full(c.A, -1, dtype=np.int64)
        r_of_m[mact] = np.arange(mact.shape[0], dtype=np.int64)
        pm = np.nonzero(r_of_m[pa_s] >= 0)[0]
        rows.add(
            "min_class",
            np.concatenate([r_of_m[pa_s[pm]], np.arange(mact.shape[0], dtype=np.int64)]),
            np.concatenate([pm, ycols[mact]]),
            np.concatenate([np.ones(pm.shape[0]), -c.a_min[mact]]),
            np.zeros(mact.shape[0]),
            np.full(mact.shape[0], INF),
            mact,
        )
    if tighten is not None:
        tp = np.nonzero(tighten[pa_s] & (ycols[pa_s] >= 0))[0]
        n = int(tp.shape[0])
        if n:
            ar = np.arange(n, dtype=np.int64)
            rows.add(
                "x_le_y",
                np.concatenate([ar, ar]),
                np.concatenate([tp, ycols[pa_s[tp]]]),
                np.concatenate([np.ones(n), -np.ones(n)]),
                np.full(n, -INF),
                np.zeros(n),
            )


def _seat_rows(c: Compiled, k: _Columns, rows: _Rows, seat_lo: F | None, seat_hi: F | None) -> None:
    """Seat bounds per activity (models without batch variables)."""
    n_a, pa_s = k.n_a, k.pa_s
    lo = np.zeros(c.A) if seat_lo is None else seat_lo
    hi = np.full(c.A, INF) if seat_hi is None else seat_hi
    acts = np.nonzero((n_a > 0) & ((lo > 0) | (hi < n_a)))[0]
    if acts.size:
        r_of_a = np.full(c.A, -1, dtype=np.int64)
        r_of_a[acts] = np.arange(acts.shape[0], dtype=np.int64)
        px = np.nonzero(r_of_a[pa_s] >= 0)[0]
        rows.add("seats", r_of_a[pa_s[px]], px, np.ones(px.shape[0]), lo[acts], hi[acts], acts)


def _budget_rows(c: Compiled, k: _Columns, rows: _Rows, limit: F | None, with_y: bool) -> None:
    """9. budgets: participant costs of the selected pairs, batch costs when there are batch variables."""
    lim = c.limit if limit is None else limit
    okb = k.col_of[c.bp_p] >= 0
    br, bc, bv = c.bp_r[okb], k.col_of[c.bp_p[okb]], c.bp_v[okb]
    if with_y and k.ny:
        oka = k.ycols[c.ba_a] >= 0
        br = np.concatenate([br, c.ba_r[oka]])
        bc = np.concatenate([bc, k.ycols[c.ba_a[oka]]])
        bv = np.concatenate([bv, c.ba_v[oka]])
    rows.add("budget", br, bc, bv, np.full(c.R, -INF), lim.astype(np.float64), np.arange(c.R, dtype=np.int64))
