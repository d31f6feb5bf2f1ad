"""The column-generation engine: pricing rounds with lazy cuts (the proven bound), diving on batch counts,
batch moves, and MILPs over the generated plans (the plan). ``colgen.run_colgen`` drives it."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from .cg_master import (
    Master,
    employee_values,
    lagrangian_bound,
    pairs_from_master,
    plan_prices,
    plans_of,
)
from .compiled import BIG, Compiled, F, I, y_lower, y_upper
from .pairdata import PairData
from .pricing import Pricing, price_employees

SMOOTH = 0.5  # dual smoothing in the root (0 = price at the LP's duals) ...
SMOOTH_UNTIL = 5e-3  # ... while the LP is further than this from the bound
RC_MIN = 1e-7  # a plan enters the master when its reduced cost is above this
STALL_ROUNDS = 3  # the root stops when bound and LP moved less than its tolerance over this many rounds


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
        e_list, plans = plans_of(c, start_x)
        self.m.add_plans(e_list, plans, employee_values(c, start_x)[e_list])
        self.best_bound = BIG
        self.lp_value = -BIG
        self.iterations = 0
        self.xv: F | None = None
        self.stop = ""  # why the last ``rounds`` stopped: "time", or words for the log and messages
        self.mip_status = ""  # HiGHS's status of the last MILP over the generated plans

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
                    self.stop = f"the master LP stopped ({st})"
                    return "infeasible" if "Infeasible" in st else "time_limit"
                self.lp_value, self.xv = lp_val, xv
                price, conv, mu, d_y, _ = m.prices(duals)
            pr = None
            added = 0
            smooth = bound and priced and self.center is not None and self.smooth > 0
            if smooth and self.gap_rel > SMOOTH_UNTIL:
                pr, added = self._price_smoothed(price, conv, mu, d_y)
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
                self.stop = _why_converged(rel <= tol, added == 0)
                return "optimal"
            if time.perf_counter() > deadline:
                self.stop = "time"
                return "time_limit"
        self.stop = f"the round limit ({max_rounds})"
        return "round_limit"

    def _price_smoothed(self, price: F, conv: F, mu: F, d_y: F) -> tuple[Pricing | None, int]:
        """Wentges smoothing: price at a point between the best-bound duals and the LP's; the bound there is
        just as valid, and its columns do not swing with the LP's extreme duals. Returns the pricing (when it
        added columns) and how many it added."""
        c, m = self.c, self.m
        a = self.smooth
        assert self.center is not None
        cp, cm, cd = self.center
        sp, sm, sd = a * cp + (1 - a) * price, a * cm + (1 - a) * mu, a * cd + (1 - a) * d_y
        prs = price_employees(self.d, sp, self.emps, refine=False)
        self._bound(lagrangian_bound(c, prs.bound, sm, sd, self.ub, lo=self.lo), (sp, sm, sd))
        rc = prs.plan_value - plan_prices(prs.plans, price) - conv  # reduced cost at the LP's duals
        good = np.nonzero(rc > RC_MIN)[0]
        added = m.add_plans(self.emps[good], [prs.plans[i] for i in good.tolist()], prs.plan_value[good])
        return (prs if added else None), added

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
                report(pairs_from_master(self.c, m, xv), obj)

        # HiGHS's own gap refers to the restricted master: keep it tight, the global target stops it
        st, obj, mb, xv = m.solve_mip(
            max(0.5, time_limit), min(gap, 1e-4), start, rep if report else None, target=target
        )
        self.mip_status = st
        self.say(f"MILP over {m.n_plans} plans: {st} obj {obj} (restricted bound {mb})")
        return (pairs_from_master(self.c, m, xv) if xv is not None else None), obj, xv


def _why_converged(met: bool, dry: bool) -> str:
    """Why pricing rounds stopped before the limit, in words."""
    if met:
        return "the LP met the bound"
    if dry:
        return "no plan prices out"
    return "bound and LP stalled"
