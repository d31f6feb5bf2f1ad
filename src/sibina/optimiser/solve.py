"""``solve(problem, ...) -> Result``: the one entry point. Picks a method by size, keeps the greedy plan as the
fallback, checks every plan independently before returning it."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from .check import Violation, check_plan, evaluate
from .colgen import colgen
from .compiled import Compiled, compile_problem
from .decompose import decomposed
from .diagnose import NO_SINGLE_RULE, diagnose_infeasible
from .greedy import greedy_state, polish
from .highs import SOLVER_NAME, solver_version
from .methods import MethodOutput, lp_round, milp
from .options import MethodArg, SolveOptions
from .problem import Problem, problem_hash
from .result import Assignment, Method, Result, Scalar, Status

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
    options: SolveOptions | None = None,
    *,
    method: MethodArg | None = None,
    time_limit: float | None = None,
    mip_gap: float | None = None,
    threads: int | None = None,
    isolate: bool = True,
    debug_hang: bool = False,
    log: Callable[[str], None] | None = None,
    progress: Progress | None = None,
) -> Result:
    """Solve ``problem``; never returns a plan that breaks a rule.

    ``options`` (:class:`SolveOptions`, default ``SolveOptions()``) says how: ``method``, ``time_limit``
    (seconds, wall clock, for the whole call: the solver child is killed at the deadline plus a small grace and
    the best plan found so far is returned, status ``time_limit``), ``mip_gap`` (stop once the plan is within
    this fraction of the proven bound) and ``threads``. The keywords ``method=``, ``time_limit=``,
    ``mip_gap=`` and ``threads=`` override single fields (``OptionsError`` when a value makes no sense).
    ``isolate=False`` runs HiGHS in this process (tests, tiny problems). ``debug_hang`` makes the solver child
    hang (to test the hard kill). ``log(line)`` receives the log as it is written. ``progress(fraction,
    stage)`` is told how far the solve is (0..1) and in which stage ("greedy", "bound", "plan", "check"), a
    few times a second while the solver child works; its errors are ignored.
    """
    opts = options or SolveOptions()
    opts = replace(
        opts,
        method=opts.method if method is None else method,
        time_limit=opts.time_limit if time_limit is None else time_limit,
        mip_gap=opts.mip_gap if mip_gap is None else mip_gap,
        threads=opts.threads if threads is None else threads,
    )
    return _Solve(problem, opts, isolate=isolate, debug_hang=debug_hang, log=log, progress=progress).run()


class _Solve:
    """One call of :func:`solve`: its clock, log, progress bar and the Result it builds."""

    def __init__(
        self,
        problem: Problem,
        opts: SolveOptions,
        *,
        isolate: bool,
        debug_hang: bool,
        log: Callable[[str], None] | None,
        progress: Progress | None,
    ) -> None:
        self.t0 = time.perf_counter()
        self.problem, self.opts = problem, opts
        self.isolate, self.debug_hang = isolate, debug_hang
        self._log, self._progress = log, progress
        self.shown = 0.0
        self.lines: list[str] = []
        self.messages: list[str] = []
        self.chosen: Method = "greedy"
        self.params: tuple[tuple[str, Scalar], ...] = ()
        self.input_hash = ""
        self.t_m = self.t0
        self.left = opts.time_limit

    def report(self, fraction: float, stage: str) -> None:
        """Tell ``progress``; the fraction never goes back (a child's estimate may)."""
        if self._progress is not None:
            self.shown = max(self.shown, min(1.0, max(0.0, fraction)))
            with contextlib.suppress(Exception):  # a progress display must never break a solve
                self._progress(self.shown, stage)

    def say(self, msg: str) -> None:
        self.lines.append(f"{time.perf_counter() - self.t0:7.2f}s {msg}")
        if self._log is not None:
            self._log(self.lines[-1])

    def result(self, status: Status, **kw: Any) -> Result:
        return Result(
            status=status,
            method=self.chosen,
            seconds=time.perf_counter() - self.t0,
            solver=SOLVER_NAME,
            solver_version=solver_version(),
            input_hash=self.input_hash,
            parameters=self.params,
            log=tuple(self.lines),
            messages=tuple(self.messages),
            **kw,
        )

    def method_progress(self, fraction: float, stage: str | None = None) -> None:
        """The method's share of the bar (5 % .. 95 %): what the child reports, or the time used."""
        by_time = 0.9 * (time.perf_counter() - self.t_m) / max(self.left, 1e-9)
        self.report(0.05 + 0.9 * min(0.97, max(fraction, by_time)), stage or "plan")

    def tick(self, msgs: list[tuple[str, Any]]) -> None:
        stage = max((float(d) for k, d in msgs if k == "stage"), default=0.0)
        self.method_progress(stage, "plan" if any(k == "bound" for k, _ in msgs) or stage >= 0.5 else "bound")

    def run(self) -> Result:
        problem, opts = self.problem, self.opts
        self.report(0.0, "greedy")
        problem.check_valid()
        self.input_hash = problem_hash(problem)
        self.chosen = pick_method(problem) if opts.method == "auto" else opts.method
        self.params = (
            ("formulation", FORMULATION),
            ("isolate", self.isolate),
            ("method", self.chosen),
            ("method_requested", opts.method),
            ("mip_gap", opts.mip_gap),
            ("threads", opts.threads),
            ("time_limit", opts.time_limit),
        )
        reasons = diagnose_infeasible(problem)
        if reasons:
            self.say("infeasible input: " + "; ".join(reasons))
            return self.result(
                "infeasible", objective=None, bound=None, gap=None, infeasibility=tuple(reasons)
            )
        c = compile_problem(problem)
        self.say(f"compiled: {c.E} employees, {c.A} activities, {c.P} pairs, {c.R} budgets")
        g = greedy_state(c)
        greedy_ok = g.is_feasible()
        greedy_obj = g.objective() if greedy_ok else None
        self.say(f"greedy: {'feasible' if greedy_ok else 'not feasible'} objective {greedy_obj}")
        self.report(0.05, "bound")
        best_x = np.array(g.x, dtype=bool) if greedy_ok else None
        # keep time for the parent's polish and independent check (about 0.5 s + 6 s per million pairs)
        reserve = 0.5 + 6e-6 * c.P
        self.left = max(1.0, opts.time_limit - (time.perf_counter() - self.t0) - reserve)
        if not greedy_ok and self.chosen in ("greedy", "lp_round", "colgen", "decomposed"):
            # the heuristics could not honour the locked pairs: let the exact MILP decide
            self.chosen = "milp"
            self.messages.append(
                "greedy could not honour every locked pair; solved with the exact MILP instead"
            )
        self.t_m = time.perf_counter()
        out = self.run_method(c, best_x)
        self.report(0.95, "check")
        bound: float | None = None
        status = "feasible"
        if out is not None:
            for ln in out.log:
                self.say(f"  {ln}")
            if out.note:
                self.messages.append(out.note)
            bound = out.bound
            if out.status == "infeasible":
                words = diagnose_infeasible(problem) or [NO_SINGLE_RULE]
                return self.result(
                    "infeasible", objective=None, bound=None, gap=None, infeasibility=tuple(words)
                )
            best_x, status = self.keep_better(c, out, best_x, greedy_obj)
        if best_x is None:
            self.messages.append("no feasible plan was found within the time limit")
            return self.result("error", objective=None, bound=bound, gap=None)
        return self.finish(c, best_x, status, bound, greedy_obj)

    def run_method(self, c: Compiled, best_x: np.ndarray | None) -> MethodOutput | None:
        """The chosen method (None for greedy: its plan is already there)."""
        chosen, left, gap, threads = self.chosen, self.left, self.opts.mip_gap, self.opts.threads
        isolate, hang, tick = self.isolate, self.debug_hang, self.tick
        if chosen == "greedy":
            return None
        if chosen == "lp_round":
            return lp_round(c, time_limit=left, threads=threads, isolate=isolate, hang=hang, tick=tick)
        if chosen == "milp":
            return milp(
                c,
                best_x,
                time_limit=left,
                mip_gap=gap,
                threads=threads,
                isolate=isolate,
                hang=hang,
                tick=tick,
            )
        assert best_x is not None
        if chosen == "colgen":
            return colgen(
                c,
                best_x,
                time_limit=left,
                mip_gap=gap,
                threads=threads,
                isolate=isolate,
                hang=hang,
                tick=tick,
            )
        return decomposed(
            c,
            best_x,
            time_limit=left,
            mip_gap=gap,
            threads=threads,
            isolate=isolate,
            hang=hang,
            log=self.say,
            progress=self.method_progress,
        )

    def keep_better(
        self, c: Compiled, out: MethodOutput, best_x: np.ndarray | None, greedy_obj: float | None
    ) -> tuple[np.ndarray | None, str]:
        """The method's plan, polished, when it beats greedy (else greedy's, with a message), and the status
        that plan may claim before the bound is checked."""
        cand = polish(c, out.x) if out.x is not None else None
        if cand is not None and (best_x is None or cand.objective() > float(greedy_obj or -1.0) - 1e-9):
            return np.array(cand.x, dtype=bool), out.status
        if out.x is not None:
            self.messages.append(f"{self.chosen} plan was not better than greedy; greedy plan kept")
        else:
            self.messages.append(f"{self.chosen} found no plan ({out.status}); greedy plan kept")
        return best_x, ("time_limit" if out.status == "time_limit" else "feasible")

    def finish(
        self, c: Compiled, x: np.ndarray, status: str, bound: float | None, greedy_obj: float | None
    ) -> Result:
        """The plan checked independently, its status decided by the proven bound."""
        problem, method = self.problem, self.chosen
        assignments = assignments_from_x(c, problem, x)
        violations = check_plan(problem, assignments)
        if violations:
            raise PlanCheckError(method, violations)
        ev = evaluate(problem, assignments)
        obj = ev.objective
        if bound is not None and bound < obj - 1e-6 * max(1.0, abs(obj)):
            raise BoundError(f"{method}: bound {bound} below a feasible objective {obj}")
        gap = None if bound is None else max(0.0, (bound - obj) / max(abs(bound), 1e-9))
        final = final_status(status, obj, bound, self.opts.mip_gap)
        return self.result(
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
        )


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
