"""Column generation (Dantzig–Wolfe over employees) with price-and-branch: the main engine.

Master: one column per (employee, personal plan); convexity row per employee (= 1 when the employee has locked
pairs, <= 1 otherwise); coupling rows per activity (capacity, minimum class) and per budget; batch variables
``y``. Pricing (``pricing.py``) finds each employee's best plan at the master's duals exactly, which gives a
valid upper bound at every iteration (the Lagrangian bound):

    L(duals) = sum_e max_S [v_e(S) - price(S)] + sum_r mu_r B_r + sum_a ub_a * max(0, d_a)

where d_a is the reduced cost of y_a. It is never weaker than the compact LP relaxation (each employee's
plans are integer). When the master LP is within tolerance of L (or time is up), the restricted master is
solved as a MILP (binary plan choice, integer batches) by HiGHS — price-and-branch.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from .compiled import BIG, Compiled, F, I, compile_problem, fbincount, y_lower, y_upper
from .pricing import PairData, price_employees
from .problem import Problem
from .runner import new_highs

INF = np.inf
SMOOTH = 0.5  # dual smoothing in the root (0 = price at the LP's duals) ...
SMOOTH_UNTIL = 5e-3  # ... while the LP is further than this from the bound
RC_MIN = 1e-7  # a plan enters the master when its reduced cost is above this
STALL_ROUNDS = 3  # the root stops when bound and LP moved less than its tolerance over this many rounds
SAMPLE_FROM = 20_000  # employees: above this, the root starts from the duals of a sample ...
SAMPLE_SIZE = 5_000  # ... of about this many employees
SAMPLE_SHARE = 0.1  # ... computed in at most this share of the time limit


class Master:
    def __init__(self, c: Compiled, d: PairData, ub: F, *, threads: int = 1) -> None:
        import highspy

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
        if st == highspy.HighsStatus.kError:
            raise RuntimeError("HiGHS rejected the master")
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
            self._ok(
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

    @staticmethod
    def _ok(status: Any, what: str) -> None:
        import highspy

        if status == highspy.HighsStatus.kError:
            raise RuntimeError(f"HiGHS {what} failed")

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
        self._ok(
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
        import highspy

        sol = h.getSolution()
        st = "optimal" if ms == highspy.HighsModelStatus.kOptimal else str(ms)
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
        import highspy

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
        st = "optimal" if ms == highspy.HighsModelStatus.kOptimal else "time_limit"
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


def sample_duals(sub: Problem, f: float, deadline: float) -> tuple[F, F, F, float, list[str]]:
    """Column generation (no cuts) on a sample of the employees, with budgets (already in ``sub``) and batches a
    year scaled by the sample fraction ``f``: its duals (mu, ycap, ymin), LP value and log."""
    from dataclasses import replace

    from .methods import greedy_state

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


def lagrangian_bound(
    c: Compiled, pricing_bound: F, mu: F, d_y: F, ub: F, *, lo: F | None = None, fixed_value: float = 0.0
) -> float:
    """L = sum_e max_S [v_e(S) - price_e(S)] + sum_r mu_r B_r + sum_a max over lo_a <= y_a <= ub_a of d_a y_a:
    an upper bound on the MILP for any non-negative duals (every plan opens between lo_a and ub_a batches)."""
    y_term = ub * np.maximum(d_y, 0.0)
    if lo is not None:
        y_term = y_term + lo * np.minimum(d_y, 0.0)
    return float(pricing_bound.sum() + (mu * c.limit).sum() + y_term.sum() + fixed_value)


class Engine:
    """Column generation with lazy ``x <= y`` cuts (the bound), a diving heuristic on batch counts, and a final
    MILP over the generated plans with batch counts fixed (the plan)."""

    def __init__(
        self,
        c: Compiled,
        start_x: np.ndarray,
        *,
        threads: int = 1,
        log: Callable[[str], None] | None = None,
        emit: Callable[[str, Any], None] | None = None,
    ) -> None:
        self.t0 = time.perf_counter()
        self.c = c
        self.lines: list[str] = []
        self._log = log
        self.emit = emit  # streams each improved bound (and the root's progress) to the parent
        self.init_prices: tuple[F, F, F] | None = None  # (pair prices, budget duals, batch reduced costs)
        self.center: tuple[F, F, F] | None = None  # the duals of the best bound so far
        self.smooth = SMOOTH
        self.gap_rel = 1.0  # the root's last relative distance between the LP and the bound
        self.d = PairData(c)
        self.ub = y_upper(c)
        self.lo = y_lower(c, self.ub)
        self.m = Master(c, self.d, self.ub, threads=threads)
        self.emps = np.arange(c.E, dtype=np.int64)
        e_list, plans = _plans_of(c, start_x)
        self.m.add_plans(e_list, plans, employee_values(c, start_x)[e_list])
        self.best_bound = BIG
        self.lp_value = -BIG
        self.iterations = 0
        self.xv: F | None = None

    def _bound(self, value: float, duals: tuple[F, F, F]) -> None:
        """A Lagrangian bound at ``duals``: kept (and streamed) when it improves; its duals become the centre."""
        if value < self.best_bound:
            self.best_bound = value
            self.center = duals
            if self.emit is not None:
                self.emit("bound", value)

    def say(self, s: str) -> None:
        self.lines.append(f"{time.perf_counter() - self.t0:7.2f}s {s}")
        if self._log is not None:
            self._log(self.lines[-1])

    def rounds(
        self, deadline: float, *, tol: float, bound: bool, max_rounds: int = 60, cuts: bool = True
    ) -> str:
        """Pricing rounds until the master LP is within ``tol`` of the Lagrangian bound (or no column
        improves); with ``bound`` the bound is recorded (only valid while no y is fixed)."""
        c, m = self.c, self.m
        first = self.iterations == 0
        hist: list[tuple[float, float]] = []
        for _ in range(max_rounds):
            self.iterations += 1
            priced = not first  # prices from duals (any non-negative duals give a valid bound)
            if first and self.init_prices is not None:
                # duals from a sample of the employees: good columns at once, and already a valid bound
                price, mu, d_y = self.init_prices
                conv = np.zeros(c.E)
                priced = True
            elif first:
                price, conv = np.zeros(c.P), np.zeros(c.E)
                mu, d_y = np.zeros(c.R), np.zeros(c.A)
            else:
                st, lp_val, duals, xv = m.solve_lp(deadline - time.perf_counter())
                if st != "optimal":
                    self.say(f"master LP: {st}")
                    return "infeasible" if "Infeasible" in st else "time_limit"
                self.lp_value, self.xv = lp_val, xv
                price, conv, mu, d_y, _ = m.prices(duals)
            pr = None
            added = 0
            smooth = bound and priced and self.center is not None and self.smooth > 0
            if smooth and self.gap_rel > SMOOTH_UNTIL:
                # Wentges smoothing: price at a point between the best-bound duals and the LP's; the bound
                # there is just as valid, and its columns do not swing with the LP's extreme duals
                a = self.smooth
                assert self.center is not None
                cp, cm, cd = self.center
                sp, sm, sd = a * cp + (1 - a) * price, a * cm + (1 - a) * mu, a * cd + (1 - a) * d_y
                prs = price_employees(self.d, sp, self.emps, refine=False)
                self._bound(lagrangian_bound(c, prs.bound, sm, sd, self.ub, lo=self.lo), (sp, sm, sd))
                rc = prs.plan_value - _plan_prices(prs.plans, price) - conv  # reduced cost at the LP's duals
                good = np.nonzero(rc > RC_MIN)[0]
                added = m.add_plans(
                    self.emps[good], [prs.plans[i] for i in good.tolist()], prs.plan_value[good]
                )
                if added:
                    pr = prs
            for exact in (False, True):
                if pr is not None:
                    if not exact or not (bound and priced) or pr.exact.all():
                        break
                    # the quick search still finds columns worth more than the tolerance: the exact one waits
                    more = float(np.maximum(pr.value - conv, 0.0).sum())
                    if added and more > max(tol, SMOOTH_UNTIL) * max(abs(self.lp_value), 1e-9):
                        break
                # a quick search first (it may stop early: still a valid, weaker bound); the exact one when dry
                pr = price_employees(self.d, price, self.emps, refine=exact and bound and priced)
                if bound and priced:
                    self._bound(lagrangian_bound(c, pr.bound, mu, d_y, self.ub, lo=self.lo), (price, mu, d_y))
                good = np.nonzero(pr.value - conv > RC_MIN)[0]
                added += m.add_plans(
                    self.emps[good], [pr.plans[i] for i in good.tolist()], pr.plan_value[good]
                )
            assert pr is not None
            ref = self.best_bound if bound else self.lp_value + float(np.maximum(pr.value - conv, 0).sum())
            rel = (ref - self.lp_value) / max(abs(ref), 1e-9) if not first else 1.0
            if bound:
                self.gap_rel = rel
            self.say(
                f"it {self.iterations}: LP {self.lp_value:.3f} ref {ref:.3f} rel {rel:.1e} +{added} "
                f"(plans {m.n_plans}, cuts {len(m.cut_of)})"
            )
            first = False
            if bound and self.emit is not None:
                # root progress: how far the LP has come towards the bound (1 -> tol, logarithmically)
                done = math.log(max(rel, tol)) / math.log(tol) if 0 < tol < 1 and rel < 1 else 0.0
                self.emit("stage", 0.05 + 0.45 * min(1.0, max(0.0, done)))
            if cuts and rel <= max(tol, 5e-3) and self.xv is not None and m.separate(self.xv):
                continue
            stalled = False
            if bound and self.lp_value > -BIG / 2:
                # neither the bound nor the LP has moved by the tolerance over the last rounds: stop there
                hist.append((self.best_bound, self.lp_value))
                if len(hist) > STALL_ROUNDS:
                    b0, l0 = hist[-1 - STALL_ROUNDS]
                    scale = max(abs(self.lp_value), 1e-9)
                    stalled = b0 - self.best_bound < tol * scale and abs(self.lp_value - l0) < tol * scale
            if rel <= tol or added == 0 or stalled:
                if cuts:
                    st, self.lp_value, _, xv = m.solve_lp(deadline - time.perf_counter())
                    self.xv = xv
                    if st == "optimal" and m.separate(xv):
                        continue
                return "optimal"
            if time.perf_counter() > deadline:
                return "time_limit"
        return "time_limit"

    def dive_batches(self, deadline: float, *, price: bool = True) -> F | None:
        """Round the batch counts of the master LP by diving: fix the fractional ones at their nearest integer
        (at their floor when that does not fit, one at a time as a last resort), re-solve the LP (no pricing,
        warm-started), repeat. Returns the integral batch counts, or None."""
        m = self.m
        ny = m.ny
        if self.xv is None:
            return None
        cols = np.arange(ny, dtype=np.int32)
        lp = m.h.getLp()
        lo0, hi0 = np.array(lp.col_lower_)[:ny], np.array(lp.col_upper_)[:ny]
        xv = self.xv
        hard = deadline + max(2.0, 0.5 * (deadline - time.perf_counter()))
        for step in range(60):
            if time.perf_counter() > deadline:
                price = False  # out of time: finish the rounding without pricing
            if time.perf_counter() > hard:
                break
            yv = xv[:ny]
            frac = yv - np.floor(yv + 1e-7)
            open_ = np.nonzero((frac > 1e-6) & (frac < 1 - 1e-6))[0]
            if open_.shape[0] == 0:
                break
            if price and open_.shape[0] > 3:
                # the most decided third first; the personal plans follow through pricing
                dist = np.minimum(frac[open_], 1 - frac[open_])
                keep = max(3, open_.shape[0] // 3)
                open_ = open_[np.argsort(dist, kind="stable")[:keep]]
            ylo = m.y_lo[open_]
            trials = [np.maximum(np.round(yv[open_]), ylo), np.maximum(np.floor(yv[open_] + 1e-7), ylo)]
            done = False
            for vals in trials:
                lp = m.h.getLp()
                lo, hi = np.array(lp.col_lower_)[:ny], np.array(lp.col_upper_)[:ny]
                m.h.changeColsBounds(open_.shape[0], open_.astype(np.int32), vals, vals)
                st, val, _, xnew = m.solve_lp(max(1.0, hard - time.perf_counter()))
                if st == "optimal":
                    xv, done = xnew, True
                    if price:
                        self.rounds(deadline, tol=5e-4, bound=False, max_rounds=2, cuts=False)
                        if self.xv is not None:
                            xv = self.xv
                    self.say(
                        f"dive {step}: fixed {open_.shape[0]} batch counts, LP {self.lp_value if price else val:.3f}"
                    )
                    break
                m.h.changeColsBounds(ny, cols, lo, hi)
            if not done:  # one at a time: the most decided first
                j = int(open_[np.argmin(np.minimum(frac[open_], 1 - frac[open_]))])
                for v in (np.floor(yv[j] + 1e-7), np.ceil(yv[j] - 1e-7)):
                    m.h.changeColsBounds(1, np.array([j], dtype=np.int32), np.array([v]), np.array([v]))
                    st, val, _, xnew = m.solve_lp(max(1.0, hard - time.perf_counter()))
                    if st == "optimal":
                        xv, done = xnew, True
                        self.say(f"dive {step}: fixed batch count {j} alone, LP {val:.3f}")
                        break
                if not done:
                    m.h.changeColsBounds(ny, cols, lo0, hi0)
                    return None
        y = np.round(xv[:ny])
        frac = np.abs(xv[:ny] - y)
        if (frac > 1e-6).any():
            m.h.changeColsBounds(ny, cols, lo0, hi0)
            return None
        return y

    def widen_batches(
        self,
        y_root: F,
        best_xv: F,
        deadline: float,
        gap: float,
        target: float | None,
        report: Callable[[np.ndarray, float], None] | None,
    ) -> tuple[F, np.ndarray, float, F] | None:
        """MILP over the generated plans with each batch count free between the floor and ceiling of its root
        LP value (and its current value), started from the best plan; returns (counts, plan, objective, master
        solution) when it found a better plan."""
        m = self.m
        ny = m.ny
        cur = np.round(best_xv[:ny])
        lo = np.minimum(np.maximum(np.floor(y_root + 1e-7), m.y_lo), cur)
        hi = np.maximum(np.ceil(y_root - 1e-7), cur)
        m.h.changeColsBounds(ny, np.arange(ny, dtype=np.int32), lo, hi)
        start = np.zeros(m.h.getNumCol())
        start[: best_xv.shape[0]] = best_xv
        before = float(m.cost_of(best_xv))
        x, obj, xv = self.mip(max(1.0, deadline - time.perf_counter()), gap, target, report, start)
        if x is None or xv is None or obj is None or obj <= before + 1e-6 * abs(before):
            m.h.changeColsBounds(ny, np.arange(ny, dtype=np.int32), cur, cur)
            return None
        self.say(f"widened batch counts: {before:.3f} -> {obj:.3f}")
        return np.round(xv[:ny]), x, obj, xv

    def batch_move(self, ystar: F, deadline: float, *, tries: int = 8) -> F | None:
        """Local search on the batch counts: try +1 / -1 on the counts whose LP reduced cost says it pays
        (largest first, re-pricing each trial); return the first counts whose LP value improves, or None."""
        m = self.m
        ny = m.ny
        cols = np.arange(ny, dtype=np.int32)
        m.set_integer(False)
        m.h.changeColsBounds(ny, cols, ystar, ystar)
        st, base, _, _ = m.solve_lp(max(0.5, deadline - time.perf_counter()))
        if st != "optimal":
            return None
        rc = np.array(m.h.getSolution().col_dual)[:ny]
        hi = self.ub[m.acts]
        moves: list[tuple[float, int, float]] = []
        for j in range(ny):
            if rc[j] > 1e-6 and ystar[j] + 1 <= hi[j]:
                moves.append((float(rc[j]), j, 1.0))
            elif rc[j] < -1e-6 and ystar[j] - 1 >= m.y_lo[j]:
                moves.append((float(-rc[j]), j, -1.0))
        moves.sort(reverse=True)
        for _, j, step in moves[:tries]:
            if time.perf_counter() > deadline:
                break
            trial = ystar.copy()
            trial[j] += step
            m.h.changeColsBounds(ny, cols, trial, trial)
            st = self.rounds(deadline, tol=1e-4, bound=False, max_rounds=2, cuts=False)
            if st == "optimal" and self.lp_value > base + 1e-6 * abs(base):
                self.say(
                    f"batch move: activity {int(m.acts[j])} {step:+.0f} batch, LP {base:.3f} -> "
                    f"{self.lp_value:.3f}"
                )
                return trial
            m.h.changeColsBounds(ny, cols, ystar, ystar)
        return None

    def fix_integral(self, xv: F) -> tuple[I, F, F]:
        """Fix every plan column of employees whose LP plan is integral (1 for the chosen, 0 for the others).
        Returns what is needed to undo it."""
        m = self.m
        emp = np.array(m.col_emp, dtype=np.int64)
        lam = np.zeros(emp.shape[0])
        got = xv[m.ny :]
        lam[: got.shape[0]] = got[: emp.shape[0]]
        frac_emp = np.zeros(self.c.E, dtype=bool)
        fr = (lam > 1e-6) & (lam < 1 - 1e-6)
        frac_emp[emp[fr]] = True
        cols = np.nonzero(~frac_emp[emp])[0]
        v = np.round(lam[cols])
        idx = (cols + m.ny).astype(np.int32)
        lp = m.h.getLp()
        lo, hi = np.array(lp.col_lower_)[idx], np.array(lp.col_upper_)[idx]
        m.h.changeColsBounds(idx.shape[0], idx, v, v)
        return idx.astype(np.int64), lo, hi

    def unfix(self, saved: tuple[I, F, F]) -> None:
        idx, lo, hi = saved
        self.m.h.changeColsBounds(idx.shape[0], idx.astype(np.int32), lo, hi)

    def restrict_batches(self) -> None:
        """Batch counts between floor and ceiling of their LP values (the LP is nearly integral elsewhere)."""
        if self.xv is None:
            return
        ny = self.m.ny
        yv = self.xv[:ny]
        self.m.h.changeColsBounds(
            ny, np.arange(ny, dtype=np.int32), np.floor(yv + 1e-7), np.maximum(np.ceil(yv - 1e-7), 0.0)
        )

    def mip(
        self,
        time_limit: float,
        gap: float,
        target: float | None,
        report: Callable[[np.ndarray, float], None] | None,
        start: F | None,
    ) -> tuple[np.ndarray | None, float | None, F | None]:
        m = self.m

        def rep(obj: float, xv: F) -> None:
            if report is not None:
                report(_pairs_from_master(self.c, m, xv), obj)

        # HiGHS's own gap refers to the restricted master: keep it tight, the global target stops it
        st, obj, mb, xv = m.solve_mip(
            max(0.5, time_limit), min(gap, 1e-4), start, rep if report else None, target=target
        )
        self.say(f"MILP over {m.n_plans} plans: {st} obj {obj} (restricted bound {mb})")
        return (_pairs_from_master(self.c, m, xv) if xv is not None else None), obj, xv


def _plans_of(c: Compiled, x: np.ndarray) -> tuple[I, list[I]]:
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


def _lp_plan(c: Compiled, m: Master, xv: F) -> np.ndarray:
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


def _plan_prices(plans: list[I], price: F) -> F:
    """Total price of each plan."""
    sizes = np.fromiter((pl.shape[0] for pl in plans), dtype=np.int64, count=len(plans))
    if sizes.sum() == 0:
        return np.zeros(len(plans))
    flat = np.concatenate(plans)
    owner = np.repeat(np.arange(len(plans)), sizes)
    return fbincount(owner, weights=price[flat], minlength=len(plans))


def _pairs_from_master(c: Compiled, m: Master, xv: F) -> np.ndarray:
    x = np.zeros(c.P, dtype=bool)
    sel = np.nonzero(xv[m.ny :] > 0.5)[0]
    for j in sel.tolist():
        x[m.col_pairs[j]] = True
    return x


def run_colgen(payload: dict[str, Any], emit: Callable[[str, Any], None]) -> dict[str, Any]:
    """The whole column-generation method (runs in the child process):

    1. root: pricing rounds with lazy ``x <= y`` cuts until the master LP meets the Lagrangian bound — the
       proven bound, streamed to the parent whenever it improves. Big problems start from the duals of a
       sample of employees; early rounds price at smoothed duals; quick (node-limited) pricing first, exact
       pricing when it runs dry; the root also stops when neither bound nor LP move any more;
    2. a first plan: each employee's heaviest plan in the root LP (streamed, the fallback), then batch counts
       by diving on the LP (or the MILP with each count between the floor and ceiling of its LP value);
    3. price-and-fix: batch counts fixed at the best plan's values, the master LP re-priced for them (new
       personal plans), and the MILP solved again; repeated while it improves and time remains.
    """
    c: Compiled = payload["c"]
    start: np.ndarray = payload["start"]
    time_limit = float(payload["time_limit"])
    mip_gap = float(payload["mip_gap"])
    share = float(payload.get("share") or 0.6)
    t0 = time.perf_counter()
    deadline = t0 + 0.97 * time_limit
    eng = Engine(c, start, threads=int(payload.get("threads", 1)), emit=emit)
    if payload.get("sample") is not None:
        # a big problem starts from the duals of a sample: good columns and a near-final bound at once
        sub, f = payload["sample"]
        mu, ycap, ymin, lp, _ = sample_duals(sub, f, t0 + SAMPLE_SHARE * time_limit)
        dp = DualPrices(c, mu, ycap, ymin)
        eng.init_prices = (dp.pair_price(), dp.mu, dp.d_y())
        eng.say(f"sample of {len(sub.employees)} employees: LP {lp / f:.3f} (scaled)")
    st = eng.rounds(t0 + share * time_limit, tol=float(payload.get("cg_tol", 2e-4)), bound=True)
    bound = eng.best_bound if eng.best_bound < BIG else None
    emit("stage", 0.5)
    if st == "infeasible" or eng.xv is None:
        return {"x": None, "bound": bound, "status": "error", "log": eng.lines}
    target = bound * (1 - mip_gap) if bound is not None else None
    best_x: np.ndarray | None = None
    best_obj = -BIG
    best_xv: F | None = None

    def report(x: np.ndarray, obj: float) -> None:
        emit("incumbent", (obj, x))

    m = eng.m
    y_root = eng.xv[: m.ny].copy()
    # a first plan straight from the root LP (each employee's heaviest plan), in case nothing better comes
    x_lp = _lp_plan(c, m, eng.xv)
    emit("incumbent", (float(employee_values(c, x_lp).sum()), x_lp))
    # first batch counts: dive on the LP (cheap); if that fails, the MILP with counts between floor and ceiling
    ystar = eng.dive_batches(time.perf_counter() + max(1.0, 0.25 * time_limit), price=True)
    emit("stage", 0.65)
    if ystar is None:
        eng.restrict_batches()
        first = min(deadline - time.perf_counter(), max(2.0, 0.25 * time_limit))
        t1 = bound * (1 - max(0.02, mip_gap)) if bound is not None else None
        x, obj, xv = eng.mip(first, mip_gap, t1, report, None)
        if x is not None and obj is not None and xv is not None:
            best_x, best_obj, best_xv = x, obj, xv
            ystar = np.round(xv[: m.ny])
    rounds = 0
    widened = False
    t_fix = time.perf_counter()
    while (
        ystar is not None and (target is None or best_obj < target) and time.perf_counter() < deadline - 1.0
    ):
        rounds += 1
        emit("stage", 0.7 + 0.25 * min(1.0, (time.perf_counter() - t_fix) / max(1e-9, deadline - t_fix)))
        m.set_integer(False)
        m.h.changeColsBounds(m.ny, np.arange(m.ny, dtype=np.int32), ystar, ystar)
        eng.rounds(
            min(deadline - 1.0, time.perf_counter() + 0.5 * (deadline - time.perf_counter())),
            tol=1e-4,
            bound=False,
            max_rounds=12,
            cuts=False,
        )
        startv = None
        if best_xv is not None and np.array_equal(np.round(best_xv[: m.ny]), ystar):
            startv = np.zeros(m.h.getNumCol())
            startv[: best_xv.shape[0]] = best_xv
        if startv is None and eng.xv is not None:
            # employees whose plan is already integral in the LP keep it: a small MILP for the rest first
            fx = eng.fix_integral(eng.xv)
            x, obj, xv = eng.mip(
                min(deadline - time.perf_counter(), max(2.0, 0.15 * time_limit)),
                mip_gap,
                target,
                report,
                None,
            )
            eng.unfix(fx)
            if xv is not None and obj is not None and obj > best_obj:
                best_x, best_obj, best_xv = x, obj, xv
                startv = np.zeros(m.h.getNumCol())
                startv[: xv.shape[0]] = xv
            if target is not None and best_obj >= target:
                break
        # the MILP over every generated plan is the main improvement: it gets the time, batch moves what is left
        x, obj, xv = eng.mip(
            max(1.0, deadline - time.perf_counter() - min(2.0, 0.05 * time_limit)),
            mip_gap,
            target,
            report,
            startv,
        )
        if x is not None and obj is not None and xv is not None and obj > best_obj + 1e-6 * abs(best_obj):
            best_x, best_obj, best_xv = x, obj, xv
        if target is not None and best_obj >= target:
            break
        # no better plan with these batch counts: move one count by one where the LP says it pays
        moved = eng.batch_move(ystar, min(deadline - 1.0, time.perf_counter() + 0.1 * time_limit))
        if moved is None and best_xv is not None and not widened:
            # or let HiGHS move the counts between the floor and ceiling of the root LP, from the best plan
            widened = True
            wide = eng.widen_batches(y_root, best_xv, deadline - 1.0, mip_gap, target, report)
            if wide is not None:
                moved, best_x, best_obj, best_xv = wide
        if moved is None:
            break
        ystar = moved
    if best_x is None:
        best_x, status = x_lp, "time_limit"  # polished by the caller
    elif bound is not None and bound - best_obj <= mip_gap * abs(bound) + 1e-9:
        status = "optimal"
    else:
        status = "time_limit"
    info = {
        "iterations": float(eng.iterations),
        "plans": float(m.n_plans),
        "cuts": float(len(m.cut_of)),
        "lp_value": float(eng.lp_value),
        "fix_rounds": float(rounds),
    }
    return {"x": best_x, "bound": bound, "status": status, "log": eng.lines, "info": info}
