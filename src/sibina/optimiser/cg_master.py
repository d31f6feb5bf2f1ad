"""The HiGHS side of column generation: the restricted master (:class:`Master`), prices from its duals
(:class:`DualPrices`), the Lagrangian bound, and conversions between plans and master columns.

Master: one column per (employee, personal plan); convexity row per employee (= 1 when the employee has locked
pairs, <= 1 otherwise); coupling rows per activity (capacity, minimum class) and per budget; batch variables
``y``. See ``colgen.py`` for the loop that prices and solves it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import numpy as np

from .compiled import Compiled, F, I, fbincount, y_lower
from .highs import check_call, is_optimal, new_highs, status_name
from .pairdata import PairData

INF = np.inf


class Master:
    """The restricted master LP/MILP on HiGHS: batch columns, then one column per generated personal plan, and
    lazy ``x <= y`` cut rows."""

    def __init__(self, c: Compiled, d: PairData, ub: F, *, threads: int = 1) -> None:
        self.c, self.d = c, d
        self.h = new_highs()
        self.h.setOptionValue("threads", int(max(1, threads)))
        self.h.setOptionValue("random_seed", 1)
        E, A, R = c.E, c.A, c.R
        has_lock = np.bincount(c.pe[c.locked], minlength=E) > 0
        self.acts = np.nonzero(ub > 0)[0]
        self.ub = ub
        self.mact = self.acts[c.a_min[self.acts] >= 1]
        self.cap_row = np.full(A, -1, dtype=np.int64)
        self.cap_row[self.acts] = E + np.arange(self.acts.shape[0])
        self.min_row = np.full(A, -1, dtype=np.int64)
        self.min_row[self.mact] = E + self.acts.shape[0] + np.arange(self.mact.shape[0])
        self.bud0 = E + self.acts.shape[0] + self.mact.shape[0]
        n_row = self.bud0 + R
        row_lo = np.concatenate(
            [
                np.where(has_lock, 1.0, -INF),
                np.full(self.acts.shape[0], -INF),
                np.zeros(self.mact.shape[0]),
                np.full(R, -INF),
            ]
        )
        row_hi = np.concatenate(
            [np.ones(E), np.zeros(self.acts.shape[0]), np.full(self.mact.shape[0], INF), c.limit]
        )
        # locked participants need their batches: a valid lower bound on y
        self.y_lo = y_lower(c, ub)[self.acts]
        self.n_row = n_row
        # y columns
        ny = self.acts.shape[0]
        cols: list[list[tuple[int, float]]] = []
        for a in self.acts.tolist():
            entries = [(int(self.cap_row[a]), -float(c.a_cap[a]))]
            if self.min_row[a] >= 0:
                entries.append((int(self.min_row[a]), -float(c.a_min[a])))
            cols.append(entries)
        ba: dict[int, list[tuple[int, float]]] = {}
        for r, a, v in zip(c.ba_r.tolist(), c.ba_a.tolist(), c.ba_v.tolist(), strict=True):
            ba.setdefault(a, []).append((self.bud0 + r, v))
        starts, idx, val = [0], [], []
        for j, a in enumerate(self.acts.tolist()):
            ent = sorted(cols[j] + ba.get(a, []))
            idx += [i for i, _ in ent]
            val += [v for _, v in ent]
            starts.append(len(idx))
        st = self.h.passModel(
            ny,
            n_row,
            len(idx),
            1,
            -1,
            0.0,
            np.zeros(ny),
            self.y_lo,
            ub[self.acts].astype(np.float64),
            row_lo,
            row_hi,
            np.array(starts[:-1], dtype=np.int32),
            np.array(idx, dtype=np.int32),
            np.array(val, dtype=np.float64),
            np.zeros(ny, dtype=np.int32),
        )
        check_call(st, "passModel (master)")
        self.ny = ny
        self.ycol = np.full(A, -1, dtype=np.int64)
        self.ycol[self.acts] = np.arange(ny, dtype=np.int64)
        self.cut_of: dict[int, int] = {}  # pair -> row of its x <= y cut
        self.emp_cols: dict[int, list[int]] = {}
        self.col_emp: list[int] = []
        self.col_pairs: list[I] = []
        self.seen: set[bytes] = set()

    def add_plans(self, emps: I, plans: list[I], values: F) -> int:
        c, d = self.c, self.d
        starts, idx, val, cost = [0], [], [], []
        added = 0
        for e, pl, v in zip(emps.tolist(), plans, values.tolist(), strict=True):
            key = np.int64(e).tobytes() + pl.astype(np.int64).tobytes()
            if key in self.seen:
                continue
            self.seen.add(key)
            ent: dict[int, float] = {e: 1.0}
            for p in pl.tolist():
                a = int(c.pa[p])
                ent[int(self.cap_row[a])] = ent.get(int(self.cap_row[a]), 0.0) + 1.0
                if self.min_row[a] >= 0:
                    ent[int(self.min_row[a])] = ent.get(int(self.min_row[a]), 0.0) + 1.0
                for i in range(int(d.bp_start[p]), int(d.bp_start[p + 1])):
                    rr = self.bud0 + int(d.bp_r[i])
                    ent[rr] = ent.get(rr, 0.0) + float(d.bp_v[i])
                cr = self.cut_of.get(p)
                if cr is not None:
                    ent[cr] = 1.0
            for k in sorted(ent):
                idx.append(k)
                val.append(ent[k])
            starts.append(len(idx))
            cost.append(v)
            self.emp_cols.setdefault(e, []).append(len(self.col_emp))
            self.col_emp.append(e)
            self.col_pairs.append(pl.astype(np.int64))
            added += 1
        if added:
            check_call(
                self.h.addCols(
                    added,
                    np.array(cost),
                    np.zeros(added),
                    np.ones(added),
                    len(idx),
                    np.array(starts[:-1], dtype=np.int32),
                    np.array(idx, dtype=np.int32),
                    np.array(val),
                ),
                "addCols",
            )
        return added

    def separate(self, xv: F, *, max_cuts: int = 20000) -> int:
        """Add violated ``x[e,a] <= y[a]`` cuts (x[e,a] = sum of the employee's plan columns holding a)."""
        c = self.c
        lam = xv[self.ny :]
        incl = np.zeros(c.P)
        for j in np.nonzero(lam > 1e-9)[0].tolist():
            incl[self.col_pairs[j]] += lam[j]
        yv = np.zeros(c.A)
        yv[self.acts] = xv[: self.ny]
        viol = np.nonzero(incl > yv[c.pa] + 1e-6)[0]
        viol = np.array([p for p in viol.tolist() if p not in self.cut_of], dtype=np.int64)
        if viol.shape[0] == 0:
            return 0
        viol = viol[np.argsort(-(incl[viol] - yv[c.pa[viol]]), kind="stable")][:max_cuts]
        starts, idx, val = [0], [], []
        base = int(self.h.getNumRow())
        for k, p in enumerate(viol.tolist()):
            e, a = int(c.pe[p]), int(c.pa[p])
            ent = [(int(self.ycol[a]), -1.0)]
            for j in self.emp_cols.get(e, []):
                if p in set(self.col_pairs[j].tolist()):
                    ent.append((self.ny + j, 1.0))
            ent.sort()
            idx += [i for i, _ in ent]
            val += [v for _, v in ent]
            starts.append(len(idx))
            self.cut_of[p] = base + k
        n = viol.shape[0]
        check_call(
            self.h.addRows(
                n,
                np.full(n, -INF),
                np.zeros(n),
                len(idx),
                np.array(starts[:-1], dtype=np.int32),
                np.array(idx, dtype=np.int32),
                np.array(val),
            ),
            "addRows",
        )
        return int(n)

    @property
    def n_plans(self) -> int:
        return len(self.col_emp)

    def solve_lp(self, time_limit: float) -> tuple[str, float, F, F]:
        h = self.h
        # HiGHS 1.15 checks an LP's time_limit against its run clock, which keeps running across run() calls
        h.setOptionValue("time_limit", float(h.getRunTime() + max(0.1, time_limit)))
        h.run()
        ms = h.getModelStatus()
        sol = h.getSolution()
        st = "optimal" if is_optimal(ms) else str(ms)
        return (
            st,
            float(h.getInfo().objective_function_value),
            np.array(sol.row_dual),
            np.array(sol.col_value),
        )

    def prices(self, duals: F) -> tuple[F, F, F, F, F]:
        """Per-pair seat prices, convexity duals, budget duals, and the y reduced-cost terms."""
        c = self.c
        E = c.E
        conv = duals[:E]
        ycap = np.zeros(c.A)
        ymin = np.zeros(c.A)
        ycap[self.acts] = np.maximum(duals[self.cap_row[self.acts]], 0.0)
        ymin[self.mact] = np.minimum(duals[self.min_row[self.mact]], 0.0)
        mu = np.maximum(duals[self.bud0 : self.bud0 + c.R], 0.0)
        price = ycap[c.pa] + ymin[c.pa]
        if c.bp_p.size:
            price += fbincount(c.bp_p, weights=c.bp_v * mu[c.bp_r], minlength=c.P)
        d_y = c.a_cap * ycap + c.a_min * ymin
        if c.ba_a.size:
            d_y -= fbincount(c.ba_a, weights=c.ba_v * mu[c.ba_r], minlength=c.A)
        if self.cut_of:
            cp = np.fromiter(self.cut_of.keys(), dtype=np.int64)
            cr = np.fromiter(self.cut_of.values(), dtype=np.int64)
            cd = np.maximum(duals[cr], 0.0)
            price[cp] += cd
            d_y += fbincount(c.pa[cp], weights=cd, minlength=c.A)
        return price, conv, mu, d_y, ycap

    def cost_of(self, xv: F) -> float:
        """Objective of a master solution vector (plan columns' values)."""
        lp = self.h.getLp()
        cost = np.array(lp.col_cost_)
        return float(cost[: xv.shape[0]] @ xv[: cost.shape[0]])

    def set_integer(self, on: bool) -> None:
        n = self.h.getNumCol()
        self.h.changeColsIntegrality(
            n, np.arange(n, dtype=np.int32), np.full(n, 1 if on else 0, dtype=np.uint8)
        )

    def solve_mip(
        self,
        time_limit: float,
        gap: float,
        start: F | None,
        report: Callable[[float, F], None] | None,
        *,
        target: float | None = None,
    ) -> tuple[str, float | None, float | None, F | None]:
        h = self.h
        n = h.getNumCol()
        self.set_integer(True)
        # (HiGHS 1.15: a MIP's time_limit counts from the start of this run, an LP's from the first run)
        h.setOptionValue("time_limit", float(max(0.1, time_limit)))
        h.setOptionValue("mip_rel_gap", float(gap))
        if start is not None:
            h.setSolution(n, np.arange(n, dtype=np.int32), start)
        if report is not None:

            def on_improve(ev: Any) -> None:
                with contextlib.suppress(Exception):  # reporting must never break the solve
                    report(float(ev.data_out.objective_function_value), np.array(ev.data_out.mip_solution))

            h.cbMipImprovingSolution.subscribe(on_improve)
        if target is not None:

            def on_interrupt(ev: Any) -> None:
                # stop once the plan is within the tolerance of the *global* bound
                if float(ev.data_out.mip_primal_bound) >= target:
                    ev.data_in.user_interrupt = True

            h.cbMipInterrupt.subscribe(on_interrupt)
        try:
            h.run()
        finally:
            if report is not None:
                h.cbMipImprovingSolution.clear()
            if target is not None:
                h.cbMipInterrupt.clear()
        ms = h.getModelStatus()
        info = h.getInfo()
        has = int(info.primal_solution_status) == 2
        x = np.array(h.getSolution().col_value) if has else None
        obj = float(info.objective_function_value) if has else None
        bound = float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else None
        st = status_name(ms)
        return st, obj, bound, x

    def start_vector(self, x_pairs: np.ndarray) -> F:
        """A master solution (0/1 per plan column, batches) matching a plan given as chosen pairs."""
        c = self.c
        n = self.ny + self.n_plans
        v = np.zeros(n)
        per_emp: dict[int, bytes] = {}
        chosen = np.nonzero(x_pairs)[0]
        for e in np.unique(c.pe[chosen]).tolist():
            s0, s1 = int(c.pair_start[e]), int(c.pair_start[e + 1])
            pl = np.nonzero(x_pairs[s0:s1])[0] + s0
            per_emp[e] = pl.astype(np.int64).tobytes()
        for j, (e, pl) in enumerate(zip(self.col_emp, self.col_pairs, strict=True)):
            if per_emp.get(e) == pl.tobytes() and pl.shape[0]:
                v[self.ny + j] = 1.0
        n_a = np.bincount(c.pa[chosen], minlength=c.A)
        v[: self.ny] = np.ceil(n_a[self.acts] / c.a_cap[self.acts])
        return v


class DualPrices:
    """Seat prices and batch reduced costs from duals (budgets mu, capacity rows ycap >= 0, minimum-class rows
    ymin <= 0) on any compiled problem with the same activities and budgets (e.g. from a sample)."""

    def __init__(self, c: Compiled, mu: F, ycap: F, ymin: F) -> None:
        self.mu, self.ycap, self.ymin = np.maximum(mu, 0.0), np.maximum(ycap, 0.0), np.minimum(ymin, 0.0)
        self.c = c

    def pair_price(self) -> F:
        c = self.c
        price = self.ycap[c.pa] + self.ymin[c.pa]
        if c.bp_p.size:
            price = price + fbincount(c.bp_p, weights=c.bp_v * self.mu[c.bp_r], minlength=c.P)
        return price

    def d_y(self) -> F:
        c = self.c
        d = c.a_cap * self.ycap + c.a_min * self.ymin
        if c.ba_a.size:
            d = d - fbincount(c.ba_a, weights=c.ba_v * self.mu[c.ba_r], minlength=c.A)
        return d


def lagrangian_bound(
    c: Compiled, pricing_bound: F, mu: F, d_y: F, ub: F, *, lo: F | None = None, fixed_value: float = 0.0
) -> float:
    """L = sum_e max_S [v_e(S) - price_e(S)] + sum_r mu_r B_r + sum_a max over lo_a <= y_a <= ub_a of d_a y_a:
    an upper bound on the MILP for any non-negative duals (every plan opens between lo_a and ub_a batches)."""
    y_term = ub * np.maximum(d_y, 0.0)
    if lo is not None:
        y_term = y_term + lo * np.minimum(d_y, 0.0)
    return float(pricing_bound.sum() + (mu * c.limit).sum() + y_term.sum() + fixed_value)


def plans_of(c: Compiled, x: np.ndarray) -> tuple[I, list[I]]:
    """The employees with a plan under ``x`` (bool per pair) and each one's pairs."""
    chosen = np.nonzero(x)[0]
    emps = np.unique(c.pe[chosen])
    plans = []
    for e in emps.tolist():
        s0, s1 = int(c.pair_start[e]), int(c.pair_start[e + 1])
        plans.append((np.nonzero(x[s0:s1])[0] + s0).astype(np.int64))
    return emps.astype(np.int64), plans


def employee_values(c: Compiled, x: np.ndarray) -> F:
    """Objective contribution of each employee under plan ``x`` (bool per pair)."""
    xf = x.astype(np.float64)
    cov = fbincount(c.lg, weights=c.lv * xf[c.lp], minlength=c.G)
    val = fbincount(c.ge, weights=c.gw * np.minimum(c.gv, cov), minlength=c.E) if c.G else np.zeros(c.E)
    jp = fbincount(c.pe, weights=c.a_jp[c.pa] * xf, minlength=c.E)
    return val + c.lam * np.minimum(c.need, jp)


def lp_plan(c: Compiled, m: Master, xv: F) -> np.ndarray:
    """The plan of the master LP rounded per employee: the plan column with the largest value, if at least half."""
    lam = np.zeros(m.n_plans)
    got = xv[m.ny :]
    lam[: got.shape[0]] = got[: m.n_plans]
    emp = np.array(m.col_emp, dtype=np.int64)
    order = np.lexsort((-lam, emp))
    first = np.ones(order.shape[0], dtype=bool)
    first[1:] = emp[order][1:] != emp[order][:-1]
    x = np.zeros(c.P, dtype=bool)
    for j in order[first & (lam[order] >= 0.5)].tolist():
        x[m.col_pairs[j]] = True
    return x


def plan_prices(plans: list[I], price: F) -> F:
    """Total price of each plan."""
    sizes = np.fromiter((pl.shape[0] for pl in plans), dtype=np.int64, count=len(plans))
    if sizes.sum() == 0:
        return np.zeros(len(plans))
    flat = np.concatenate(plans)
    owner = np.repeat(np.arange(len(plans)), sizes)
    return fbincount(owner, weights=price[flat], minlength=len(plans))


def pairs_from_master(c: Compiled, m: Master, xv: F) -> np.ndarray:
    """The plan (bool per pair) of a master solution: the plan columns at 1."""
    x = np.zeros(c.P, dtype=bool)
    sel = np.nonzero(xv[m.ny :] > 0.5)[0]
    for j in sel.tolist():
        x[m.col_pairs[j]] = True
    return x
