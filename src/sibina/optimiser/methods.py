"""The compact-model methods (``lp_round``, ``milp``) and what every method returns (:class:`MethodOutput`).
Each takes compiled arrays and returns a plan (bool per pair) with what it proved; column generation is in
``colgen.py``, decomposition in ``decompose.py``, greedy and polishing in ``greedy.py``.

Heavy work (HiGHS, column generation) runs through ``runner.call_isolated`` in a child process that is
killed at the deadline; the parent keeps the best plan reported so far.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .compiled import Compiled, fbincount
from .model import build_model
from .runner import Options, Tick, call_isolated, solve_here
from .state import PlanState


@dataclass
class MethodOutput:
    x: np.ndarray | None  # bool per pair
    bound: float | None
    status: str  # optimal | time_limit (only when the time limit stopped it) | feasible | infeasible | error
    log: list[str] = field(default_factory=list)
    info: dict[str, float] = field(default_factory=dict)
    note: str = ""  # why the method stopped, when not at the limit nor optimal ("stopped: ..."), for messages


# --- LP relaxation and LP-guided rounding ------------------------------------------------------------------


def _lp_child(payload: dict[str, Any], emit: Callable[[str, Any], None]) -> dict[str, Any]:
    c: Compiled = payload["c"]
    opt: Options = payload["opt"]
    model = build_model(c, integer=False, tighten=payload.get("tighten"))
    out = solve_here(model, opt)
    x = None
    if out.x is not None:
        x = np.zeros(c.P)
        x[model.pairs] = out.x[: model.pairs.shape[0]]
    return {"status": out.status, "objective": out.objective, "x": x, "seconds": out.seconds}


def lp_round(
    c: Compiled,
    *,
    time_limit: float,
    threads: int,
    isolate: bool,
    hang: bool = False,
    tick: Tick | None = None,
) -> MethodOutput:
    """Method 2: the compact LP relaxation (its optimum is a proven bound) and a plan rounded from it: pairs
    in decreasing LP value under the monotone rules, then minimum-class repair and a greedy fill."""
    t0 = time.perf_counter()
    opt = Options(time_limit=max(0.5, time_limit), threads=threads, lp_method="ipm")
    payload = {"c": c.stripped(), "opt": opt}
    if isolate:
        iso = call_isolated(_lp_child, payload, timeout=time_limit + grace(time_limit), hang=hang, tick=tick)
        if iso.status != "done":
            return MethodOutput(None, None, "error", [f"LP child {iso.status}: {iso.detail}"])
        res = iso.value
    else:
        res = _lp_child(payload, lambda k, d: None)
    log = [f"compact LP: {res['status']} {res['objective']} in {res['seconds']:.1f}s"]
    if res["x"] is None:
        return MethodOutput(None, None, "error", log)
    bound = float(res["objective"]) if res["status"] == "optimal" else None
    xlp = res["x"]
    s = PlanState(c)
    s.add_locked()
    unit = c.a_cpp[c.pa] + c.a_fix[c.pa] / c.a_cap[c.pa]
    order = np.lexsort((unit, -np.round(xlp, 6)))
    order = order[xlp[order] > 1e-6]
    s.add_in_order(order.tolist())
    s.fix_min_class()
    s.greedy_fill()
    s.fix_min_class()
    log.append(f"LP-rounded plan {s.objective():.3f} in {time.perf_counter() - t0:.1f}s")
    return MethodOutput(np.array(s.x, dtype=bool), bound, "feasible", log)


def grace(time_limit: float) -> float:
    return float(min(10.0, max(1.0, 0.1 * time_limit)))


# --- compact MILP on HiGHS ---------------------------------------------------------------------------------


def _milp_child(payload: dict[str, Any], emit: Callable[[str, Any], None]) -> dict[str, Any]:
    c: Compiled = payload["c"]
    opt: Options = payload["opt"]
    model = build_model(c, integer=True)
    start = _model_start(c, model, payload.get("start"))
    last = [0.0]

    def report(obj: float, xv: Any) -> None:
        now = time.perf_counter()
        if now - last[0] > 0.5:
            last[0] = now
            x = np.zeros(c.P, dtype=bool)
            x[model.pairs] = np.asarray(xv)[: model.pairs.shape[0]] > 0.5
            emit("incumbent", (obj, x))

    out = solve_here(model, opt, start=start, report=report)
    x = None
    if out.x is not None:
        x = np.zeros(c.P, dtype=bool)
        x[model.pairs] = out.x[: model.pairs.shape[0]] > 0.5
    return {
        "status": out.status,
        "objective": out.objective,
        "bound": out.bound,
        "x": x,
        "seconds": out.seconds,
    }


def _model_start(c: Compiled, model: Any, x: np.ndarray | None) -> np.ndarray | None:
    """A full column vector (x, y, z, u) for a plan, used as HiGHS's starting incumbent."""
    if x is None:
        return None
    xs = x.astype(np.float64)
    v = np.zeros(model.n_col)
    v[: model.pairs.shape[0]] = xs[model.pairs]
    n = fbincount(c.pa, weights=xs, minlength=c.A)
    yc = model.y_col
    has = yc >= 0
    v[yc[has]] = np.ceil(n[has] / c.a_cap[has])
    cov = fbincount(c.lg, weights=c.lv * xs[c.lp], minlength=c.G)
    v[model.z0 : model.u0] = np.minimum(c.gv[model.gaps], cov[model.gaps])
    jp = fbincount(c.pe, weights=np.minimum(c.a_jp[c.pa], c.need[c.pe]) * xs, minlength=c.E)
    v[model.u0 :] = np.minimum(c.need[model.u_emp], jp[model.u_emp])
    return v


def milp(
    c: Compiled,
    start: np.ndarray | None,
    *,
    time_limit: float,
    mip_gap: float,
    threads: int,
    isolate: bool,
    hang: bool = False,
    tick: Tick | None = None,
) -> MethodOutput:
    """Method 3: the compact MILP on HiGHS, warm-started from the best plan so far; HiGHS's dual bound is a
    proven bound."""
    opt = Options(time_limit=max(0.5, time_limit), mip_gap=mip_gap, threads=threads)
    payload = {"c": c.stripped(), "opt": opt, "start": start}
    if isolate:
        iso = call_isolated(
            _milp_child, payload, timeout=time_limit + grace(time_limit), hang=hang, tick=tick
        )
        if iso.status == "done":
            res = iso.value
        else:
            inc = [d for k, d in iso.messages if k == "incumbent"]
            x = inc[-1][1] if inc else None
            killed = iso.status == "killed"  # at the deadline: the time limit stopped it
            note = "" if killed else f"stopped: the MILP solver failed ({iso.detail.splitlines()[0][:200]})"
            return MethodOutput(
                x,
                None,
                "time_limit" if killed else "error",
                [f"MILP child {iso.status}: {iso.detail}"],
                note=note,
            )
    else:
        res = _milp_child(payload, lambda k, d: None)
    log = [
        f"compact MILP: {res['status']} obj {res['objective']} bound {res['bound']} in {res['seconds']:.1f}s"
    ]
    st, note = milp_status(str(res["status"]), has_plan=res["x"] is not None)
    return MethodOutput(res["x"], res["bound"], st, log, note=note)


def milp_status(highs_status: str, *, has_plan: bool) -> tuple[str, str]:
    """The method status for HiGHS's (``runner.Output``) status, and why it stopped when it was neither the
    optimum, infeasibility nor the time limit."""
    if highs_status in ("optimal", "infeasible", "time_limit"):
        return highs_status, ""
    note = f"stopped: HiGHS reported {highs_status.replace('_', ' ')}"
    return ("feasible" if has_plan else "error"), note
