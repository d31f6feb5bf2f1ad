"""``solve(problem, ...) -> Result``: the one entry point. Picks a method by size, keeps the greedy plan as the
fallback, checks every plan independently before returning it."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from . import methods
from .check import Violation, check_plan, evaluate
from .compiled import Compiled, compile_problem
from .explain import diagnose_infeasible
from .options import MethodArg
from .problem import Problem, problem_hash
from .result import Assignment, Method, Result, Scalar, Status
from .runner import SOLVER_NAME, solver_version

FORMULATION = "sibina-optimiser/1"
Progress = Callable[[float, str], None]  # (fraction of the solve done, stage)

#: ``auto`` picks the exact compact MILP up to this many eligible pairs, column generation up to
#: ``COLGEN_MAX_EMPLOYEES`` employees, and decomposition above.
MILP_MAX_PAIRS = 3_000
COLGEN_MAX_EMPLOYEES = 60_000


class PlanCheckError(RuntimeError):
    """A method returned a plan that breaks a rule: always a bug in the optimiser."""

    def __init__(self, method: str, violations: list[Violation]) -> None:
        self.violations = violations
        shown = "; ".join(str(v) for v in violations[:5])
        super().__init__(f"{method} produced an infeasible plan ({len(violations)} violations): {shown}")


class BoundError(RuntimeError):
    """A reported bound is below a feasible plan's objective: always a bug."""


def pick_method(problem: Problem) -> Method:
    if problem.n_pairs <= MILP_MAX_PAIRS:
        return "milp"
    if len(problem.employees) <= COLGEN_MAX_EMPLOYEES:
        return "colgen"
    return "decomposed"


def assignments_from_x(c: Compiled, problem: Problem, x: np.ndarray) -> tuple[Assignment, ...]:
    """Participants of each activity split into the fewest batches, sizes as even as possible (OPD colleagues
    together)."""
    out: list[Assignment] = []
    emps, acts = problem.employees, problem.activities
    chosen = np.nonzero(x)[0]
    by_act: dict[int, list[int]] = {}
    for p in chosen.tolist():
        by_act.setdefault(int(c.pa[p]), []).append(int(c.pe[p]))
    for a_i, members in sorted(by_act.items()):
        a = acts[a_i]
        members.sort(key=lambda e: (emps[e].opd, emps[e].id))
        n = len(members)
        y = -(-n // a.capacity)
        base, extra = divmod(n, y)
        pos = 0
        for b in range(y):
            size = base + (1 if b < extra else 0)
            for e in members[pos : pos + size]:
                out.append(Assignment(emps[e].id, a.id, b))
            pos += size
    out.sort(key=lambda s: (s.employee, s.activity))
    return tuple(out)


def solve(
    problem: Problem,
    *,
    method: MethodArg = "auto",
    time_limit: float = 60.0,
    mip_gap: float = 0.005,
    threads: int = 1,
    isolate: bool = True,
    debug_hang: bool = False,
    log: Callable[[str], None] | None = None,
    progress: Progress | None = None,
) -> Result:
    """Solve ``problem``; never returns a plan that breaks a rule.

    ``time_limit`` (seconds, wall clock) covers the whole call; the solver child is killed at the deadline
    plus a small grace and the best plan found so far is returned (status ``time_limit``). ``mip_gap``: stop
    once the plan is within this fraction of the proven bound. ``isolate=False`` runs HiGHS in this process
    (tests, tiny problems). ``debug_hang`` makes the solver child hang (to test the hard kill).
    ``progress(fraction, stage)`` is told how far the solve is (0..1) and in which stage ("greedy", "bound",
    "plan", "check"), a few times a second while the solver child works; its errors are ignored.
    """
    t0 = time.perf_counter()

    shown = [0.0]

    def report(fraction: float, stage: str) -> None:
        """Tell ``progress``; the fraction never goes back (a child's estimate may)."""
        if progress is not None:
            shown[0] = max(shown[0], min(1.0, max(0.0, fraction)))
            with contextlib.suppress(Exception):  # a progress display must never break a solve
                progress(shown[0], stage)

    report(0.0, "greedy")
    problem.check_valid()
    h = problem_hash(problem)
    chosen: Method = pick_method(problem) if method == "auto" else method
    params: tuple[tuple[str, Scalar], ...] = (
        ("formulation", FORMULATION),
        ("isolate", isolate),
        ("method", chosen),
        ("method_requested", method),
        ("mip_gap", mip_gap),
        ("threads", threads),
        ("time_limit", time_limit),
    )
    lines: list[str] = []

    def say(msg: str) -> None:
        lines.append(f"{time.perf_counter() - t0:7.2f}s {msg}")
        if log is not None:
            log(lines[-1])

    def result(status: Status, **kw: Any) -> Result:
        return Result(
            status=status,
            method=chosen,
            seconds=time.perf_counter() - t0,
            solver=SOLVER_NAME,
            solver_version=solver_version(),
            input_hash=h,
            parameters=params,
            log=tuple(lines),
            **kw,
        )

    reasons = diagnose_infeasible(problem)
    if reasons:
        say("infeasible input: " + "; ".join(reasons))
        return result("infeasible", objective=None, bound=None, gap=None, infeasibility=tuple(reasons))
    c = compile_problem(problem)
    say(f"compiled: {c.E} employees, {c.A} activities, {c.P} pairs, {c.R} budgets")
    g = methods.greedy_state(c)
    greedy_ok = g.is_feasible()
    greedy_obj = g.objective() if greedy_ok else None
    say(f"greedy: {'feasible' if greedy_ok else 'not feasible'} objective {greedy_obj}")
    report(0.05, "bound")
    best_x = np.array(g.x, dtype=bool) if greedy_ok else None
    bound: float | None = None
    status: str = "feasible"
    messages: list[str] = []
    # keep time for the parent's polish and independent check (about 0.5 s + 6 s per million pairs)
    reserve = 0.5 + 6e-6 * c.P
    left = max(1.0, time_limit - (time.perf_counter() - t0) - reserve)
    if not greedy_ok and chosen in ("greedy", "lp_round", "colgen", "decomposed"):
        # the heuristics could not honour the locked pairs: let the exact MILP decide
        chosen = "milp"
        messages.append("greedy could not honour every locked pair; solved with the exact MILP instead")
    t_m = time.perf_counter()

    def method_progress(fraction: float, stage: str | None = None) -> None:
        """The method's share of the bar (5 % .. 95 %): what the child reports, or the time used."""
        by_time = 0.9 * (time.perf_counter() - t_m) / max(left, 1e-9)
        report(0.05 + 0.9 * min(0.97, max(fraction, by_time)), stage or "plan")

    def tick(msgs: list[tuple[str, Any]]) -> None:
        stage = max((float(d) for k, d in msgs if k == "stage"), default=0.0)
        method_progress(stage, "plan" if any(k == "bound" for k, _ in msgs) or stage >= 0.5 else "bound")

    out: methods.MethodOutput | None = None
    if chosen == "greedy":
        out = None
    elif chosen == "lp_round":
        out = methods.lp_round(
            c, time_limit=left, threads=threads, isolate=isolate, hang=debug_hang, tick=tick
        )
    elif chosen == "milp":
        out = methods.milp(
            c,
            best_x,
            time_limit=left,
            mip_gap=mip_gap,
            threads=threads,
            isolate=isolate,
            hang=debug_hang,
            tick=tick,
        )
    elif chosen == "colgen":
        assert best_x is not None
        out = methods.colgen(
            c,
            best_x,
            time_limit=left,
            mip_gap=mip_gap,
            threads=threads,
            isolate=isolate,
            hang=debug_hang,
            tick=tick,
        )
    else:
        from .decompose import decomposed

        assert best_x is not None
        out = decomposed(
            c,
            best_x,
            time_limit=left,
            mip_gap=mip_gap,
            threads=threads,
            isolate=isolate,
            hang=debug_hang,
            log=say,
            progress=method_progress,
        )
    report(0.95, "check")
    if out is not None:
        for ln in out.log:
            say(f"  {ln}")
        bound = out.bound
        if out.status == "infeasible":
            words = diagnose_infeasible(problem) or [
                "The locked (mandatory) pairs cannot all be honoured together within the budgets, class sizes "
                "and personal limits, although no single rule is broken on its own: release some locked pairs "
                "or raise a budget."
            ]
            return result(
                "infeasible",
                objective=None,
                bound=None,
                gap=None,
                infeasibility=tuple(words),
                messages=tuple(messages),
            )
        cand = methods.polish(c, out.x) if out.x is not None else None
        if cand is not None and (best_x is None or cand.objective() > float(greedy_obj or -1.0) - 1e-9):
            best_x = np.array(cand.x, dtype=bool)
            status = out.status
        elif out.x is not None:
            messages.append(f"{chosen} plan was not better than greedy; greedy plan kept")
            status = "time_limit" if out.status == "time_limit" else "feasible"
        else:
            messages.append(f"{chosen} found no plan ({out.status}); greedy plan kept")
            status = "time_limit" if out.status in ("time_limit", "error") else "feasible"
    if best_x is None:
        return result(
            "error",
            objective=None,
            bound=bound,
            gap=None,
            messages=(*messages, "no feasible plan was found within the time limit"),
        )
    return _finish(problem, c, best_x, chosen, status, bound, mip_gap, greedy_obj, messages, result)


# HiGHS proves optimality to an absolute gap of 1e-6 (its ``mip_abs_gap``) on top of the relative one; a bound
# that far above the plan is the solver's rounding, not room for a better plan.
OPTIMAL_ABS_GAP = 1e-6


def final_status(status: str, objective: float, bound: float | None, mip_gap: float) -> Status:
    """What the checked plan may claim: "optimal" only when the proven bound is within ``mip_gap`` of it
    (relative) or within the solver's absolute tolerance (which decides for a zero or tiny objective);
    otherwise "time_limit" when the method stopped at the limit, else "feasible"."""
    if bound is not None:
        slack = bound - objective
        if slack <= mip_gap * max(abs(bound), 1e-9) + 1e-12 or slack <= OPTIMAL_ABS_GAP * max(
            1.0, abs(objective)
        ):
            return "optimal"
    return "time_limit" if status == "time_limit" else "feasible"


def _finish(
    problem: Problem,
    c: Compiled,
    x: np.ndarray,
    method: str,
    status: str,
    bound: float | None,
    mip_gap: float,
    greedy_obj: float | None,
    messages: list[str],
    result: Callable[..., Result],
) -> Result:
    assignments = assignments_from_x(c, problem, x)
    violations = check_plan(problem, assignments)
    if violations:
        raise PlanCheckError(method, violations)
    ev = evaluate(problem, assignments)
    obj = ev.objective
    if bound is not None and bound < obj - 1e-6 * max(1.0, abs(obj)):
        raise BoundError(f"{method}: bound {bound} below a feasible objective {obj}")
    gap = None if bound is None else max(0.0, (bound - obj) / max(abs(bound), 1e-9))
    final = final_status(status, obj, bound, mip_gap)
    return result(
        final,
        objective=obj,
        bound=bound,
        gap=gap,
        assignments=assignments,
        batches=tuple(sorted(ev.batches.items())),
        shortfall=tuple(sorted(ev.shortfall.items())),
        gap_closed=tuple(sorted((e, k, v) for (e, k), v in ev.closed.items())),
        cost=tuple(sorted(ev.spend.items())),
        total_cost=ev.total_cost,
        greedy_objective=greedy_obj,
        messages=tuple(messages),
    )
