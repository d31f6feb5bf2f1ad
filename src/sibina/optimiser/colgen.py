"""Column generation (Dantzig–Wolfe over employees) with price-and-fix: the main method.

The master (``cg_master.Master``) has one column per (employee, personal plan); pricing (``pricing.py``) finds
each employee's best plan at the master's duals exactly, which gives a valid upper bound at every iteration
(the Lagrangian bound):

    L(duals) = sum_e max_S [v_e(S) - price(S)] + sum_r mu_r B_r + sum_a ub_a * max(0, d_a)

where d_a is the reduced cost of y_a. It is never weaker than the compact LP relaxation (each employee's
plans are integer). The engine (``cg_engine.Engine``) runs the pricing rounds, dives on batch counts and
solves MILPs over the generated plans; :func:`run_colgen` drives it in the child process and :func:`colgen`
is the method ``solve`` calls.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .cg_engine import Engine
from .cg_master import DualPrices, employee_values, lp_plan
from .compiled import BIG, Compiled, F
from .methods import MethodOutput, grace
from .runner import Tick, call_isolated
from .sampling import SAMPLE_FROM, SAMPLE_SHARE, SAMPLE_SIZE, sample_duals, sample_problem

Emit = Callable[[str, Any], None]

#: why the plan search stopped, in words for messages (``time``: the time limit; ``target``: within the gap)
PLAN_STOPS = {
    "no_counts": "diving and the first MILP found no integral batch counts",
    "no_move": "no change of batch counts improves the plan",
    "target": "the plan is within the gap of the bound",
}


def colgen(
    c: Compiled,
    start: np.ndarray,
    *,
    time_limit: float,
    mip_gap: float,
    threads: int,
    isolate: bool,
    hang: bool = False,
    share: float | None = None,
    tick: Tick | None = None,
) -> MethodOutput:
    """Column generation over personal plans: a proven bound (Lagrangian, at least as strong as the compact
    LP) and a plan from diving on batch counts and a MILP over the generated plans."""
    payload = {
        "c": c.stripped(),
        "start": start,
        "time_limit": time_limit,
        "mip_gap": mip_gap,
        "threads": threads,
        "share": share,
        "sample": sample_problem(c.problem, SAMPLE_SIZE)
        if c.problem is not None and c.E >= SAMPLE_FROM
        else None,
    }
    if isolate:
        iso = call_isolated(run_colgen, payload, timeout=time_limit + grace(time_limit), hang=hang, tick=tick)
        if iso.status == "done":
            res = iso.value
        else:
            bounds = [d for k, d in iso.messages if k == "bound"]
            inc = [d for k, d in iso.messages if k == "incumbent"]
            x = inc[-1][1] if inc else None
            b = min(bounds) if bounds else None
            killed = iso.status == "killed"  # at the deadline: the time limit stopped it
            note = "" if killed else f"stopped: column generation failed ({iso.detail.splitlines()[0][:200]})"
            log = [f"column generation child {iso.status}: {iso.detail}"]
            return MethodOutput(x, b, "time_limit" if killed else "error", log, note=note)
    else:
        res = run_colgen(payload, lambda k, d: None)
    return MethodOutput(
        res["x"], res["bound"], res["status"], res["log"], res.get("info", {}), note=res.get("note", "")
    )


def run_colgen(payload: dict[str, Any], emit: Emit) -> dict[str, Any]:
    """The whole column-generation method (runs in the child process):

    1. root: pricing rounds with lazy ``x <= y`` cuts until the master LP meets the Lagrangian bound — the
       proven bound, streamed to the parent whenever it improves. Big problems start from the duals of a
       sample of employees; early rounds price at smoothed duals; quick (node-limited) pricing first, exact
       pricing when it runs dry; the root also stops when neither bound nor LP move any more;
    2. a first plan: each employee's heaviest plan in the root LP (streamed, the fallback), then batch counts
       by diving on the LP (or the MILP with each count between the floor and ceiling of its LP value);
    3. price-and-fix: batch counts fixed at the best plan's values, the master LP re-priced for them (new
       personal plans), and the MILP solved again; repeated while it improves and time remains.

    The status is ``optimal`` within ``mip_gap`` of the bound, ``time_limit`` only when time ran out (in the
    root or the plan search), ``feasible`` otherwise, with the reason in ``note``.
    """
    c: Compiled = payload["c"]
    time_limit = float(payload["time_limit"])
    share = float(payload.get("share") or 0.6)
    t0 = time.perf_counter()
    eng = Engine(c, payload["start"], threads=int(payload.get("threads", 1)), emit=emit)
    if payload.get("sample") is not None:
        # a big problem starts from the duals of a sample: good columns and a near-final bound at once
        sub, f = payload["sample"]
        mu, ycap, ymin, lp, _ = sample_duals(sub, f, t0 + SAMPLE_SHARE * time_limit)
        dp = DualPrices(c, mu, ycap, ymin)
        eng.init_prices = (dp.pair_price(), dp.mu, dp.d_y())
        eng.say(f"sample of {len(sub.employees)} employees: LP {lp / f:.3f} (scaled)")
    st = eng.rounds(t0 + share * time_limit, tol=float(payload.get("cg_tol", 2e-4)), bound=True)
    root_stop = eng.stop
    bound = eng.best_bound if eng.best_bound < BIG else None
    emit("stage", 0.5)
    if st == "infeasible" or eng.xv is None:
        if root_stop == "time":
            return {"x": None, "bound": bound, "status": "time_limit", "log": eng.lines}
        return {
            "x": None,
            "bound": bound,
            "status": "error",
            "log": eng.lines,
            "note": f"stopped: {root_stop}",
        }
    search = _PlanSearch(
        eng, emit, t0=t0, time_limit=time_limit, mip_gap=float(payload["mip_gap"]), bound=bound
    )
    x_lp = search.first_plan()
    stop, rounds = search.run()
    best_x = search.best_x
    timed_out = stop == "time" or root_stop == "time"
    status = "time_limit" if timed_out else "feasible"
    if best_x is None:
        best_x = x_lp  # polished by the caller
    elif bound is not None and bound - search.best_obj <= search.mip_gap * abs(bound) + 1e-9:
        status = "optimal"
    note = ""
    if status == "feasible":
        note = f"stopped: {PLAN_STOPS.get(stop, stop)} (bound search: {root_stop or 'not run'})"
        eng.say(note)
    m = eng.m
    info = {
        "iterations": float(eng.iterations),
        "plans": float(m.n_plans),
        "cuts": float(len(m.cut_of)),
        "lp_value": float(eng.lp_value),
        "fix_rounds": float(rounds),
    }
    return {"x": best_x, "bound": bound, "status": status, "log": eng.lines, "info": info, "note": note}


@dataclass
class _PlanSearch:
    """Steps 2 and 3 of :func:`run_colgen`: the best plan found over the generated columns."""

    eng: Engine
    emit: Emit
    t0: float
    time_limit: float
    mip_gap: float
    bound: float | None
    best_x: np.ndarray | None = None
    best_obj: float = -BIG
    best_xv: F | None = None
    ystar: F | None = None
    widened_now: bool = False  # the last ``move`` let HiGHS widen the batch counts (done once)

    def __post_init__(self) -> None:
        self.deadline = self.t0 + 0.97 * self.time_limit
        self.target = self.bound * (1 - self.mip_gap) if self.bound is not None else None
        assert self.eng.xv is not None
        self.y_root = self.eng.xv[: self.eng.m.ny].copy()

    def report(self, x: np.ndarray, obj: float) -> None:
        self.emit("incumbent", (obj, x))

    def reached(self) -> bool:
        return self.target is not None and self.best_obj >= self.target

    def first_plan(self) -> np.ndarray:
        """Each employee's heaviest plan in the root LP (streamed at once, the fallback), then the first batch
        counts: a dive on the LP (cheap) or, when that fails, the MILP with counts between floor and ceiling.
        Returns the root LP's plan."""
        eng, m, c = self.eng, self.eng.m, self.eng.c
        assert eng.xv is not None
        x_lp = lp_plan(c, m, eng.xv)
        self.emit("incumbent", (float(employee_values(c, x_lp).sum()), x_lp))
        self.ystar = eng.dive_batches(time.perf_counter() + max(1.0, 0.25 * self.time_limit), price=True)
        self.emit("stage", 0.65)
        if self.ystar is None:
            eng.restrict_batches()
            first = min(self.deadline - time.perf_counter(), max(2.0, 0.25 * self.time_limit))
            t1 = self.bound * (1 - max(0.02, self.mip_gap)) if self.bound is not None else None
            x, obj, xv = eng.mip(first, self.mip_gap, t1, self.report, None)
            if x is not None and obj is not None and xv is not None:
                self.best_x, self.best_obj, self.best_xv = x, obj, xv
                self.ystar = np.round(xv[: m.ny])
        return x_lp

    def run(self) -> tuple[str, int]:
        """Price-and-fix rounds while they improve; returns why it stopped (``time``, ``target``, ``no_counts``,
        ``no_move``) and the number of rounds."""
        rounds = 0
        widened = False
        t_fix = time.perf_counter()
        stop = "no_counts" if self.ystar is None else ""
        while self.ystar is not None:
            if self.reached():
                stop = "target"
                break
            if time.perf_counter() >= self.deadline - 1.0:
                stop = "time"
                break
            rounds += 1
            frac = (time.perf_counter() - t_fix) / max(1e-9, self.deadline - t_fix)
            self.emit("stage", 0.7 + 0.25 * min(1.0, frac))
            if self.fix_round(self.ystar):
                stop = "target"
                break
            # no better plan with these batch counts: move one count by one where the LP says it pays
            moved = self.move(widened)
            widened = widened or self.widened_now
            if moved is None:
                stop = "time" if self.out_of_time() else "no_move"
                break
            self.ystar = moved
        return stop, rounds

    def out_of_time(self) -> bool:
        """The time limit cut the last steps short (or the last MILP stopped at its time limit)."""
        return time.perf_counter() >= self.deadline - 1.0 or self.eng.mip_status == "time_limit"

    def fix_round(self, ystar: F) -> bool:
        """Batch counts fixed at ``ystar``: re-price, a small MILP over the employees whose LP plan is
        fractional (when no start is known), then the MILP over every generated plan. True when the plan is
        within the gap of the bound."""
        eng, m = self.eng, self.eng.m
        deadline = self.deadline
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
        if self.best_xv is not None and np.array_equal(np.round(self.best_xv[: m.ny]), ystar):
            startv = np.zeros(m.h.getNumCol())
            startv[: self.best_xv.shape[0]] = self.best_xv
        if startv is None and eng.xv is not None:
            # employees whose plan is already integral in the LP keep it: a small MILP for the rest first
            fx = eng.fix_integral(eng.xv)
            x, obj, xv = eng.mip(
                min(deadline - time.perf_counter(), max(2.0, 0.15 * self.time_limit)),
                self.mip_gap,
                self.target,
                self.report,
                None,
            )
            eng.unfix(fx)
            if xv is not None and obj is not None and obj > self.best_obj:
                self.best_x, self.best_obj, self.best_xv = x, obj, xv
                startv = np.zeros(m.h.getNumCol())
                startv[: xv.shape[0]] = xv
            if self.reached():
                return True
        # the MILP over every generated plan is the main improvement: it gets the time, batch moves what is left
        x, obj, xv = eng.mip(
            max(1.0, deadline - time.perf_counter() - min(2.0, 0.05 * self.time_limit)),
            self.mip_gap,
            self.target,
            self.report,
            startv,
        )
        best = self.best_obj
        if x is not None and obj is not None and xv is not None and obj > best + 1e-6 * abs(best):
            self.best_x, self.best_obj, self.best_xv = x, obj, xv
        return self.reached()

    def move(self, widened: bool) -> F | None:
        """New batch counts: one count moved by one where the LP says it pays, or (once) HiGHS moving the counts
        between the floor and ceiling of the root LP, from the best plan. None when neither improves."""
        eng = self.eng
        assert self.ystar is not None
        self.widened_now = False
        moved = eng.batch_move(
            self.ystar, min(self.deadline - 1.0, time.perf_counter() + 0.1 * self.time_limit)
        )
        if moved is None and self.best_xv is not None and not widened:
            self.widened_now = True
            wide = eng.widen_batches(
                self.y_root, self.best_xv, self.deadline - 1.0, self.mip_gap, self.target, self.report
            )
            if wide is not None:
                moved, self.best_x, self.best_obj, self.best_xv = wide
        return moved
