"""Runs HiGHS on a Model, in this process or in a child process with a hard wall-clock kill.

A HiGHS release (1.16.0) was seen overrunning its own time limit by minutes, so every solve that may take
long runs in a ``spawn``-ed child: the parent waits until ``time_limit + grace`` and then kills it, keeping the
best incumbent the child reported on the way (improving MIP solutions are streamed through a pipe).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

import numpy as np

from .compiled import F
from .highs import check_call, new_highs, status_name
from .model import Model


@dataclass(frozen=True)
class Options:
    time_limit: float = 60.0
    mip_gap: float = 1e-4
    threads: int = 1
    lp_method: str = "choose"  # choose | simplex | ipm | pdlp
    crossover: bool = True
    presolve: bool = True
    want_duals: bool = False
    stream_incumbents: bool = False
    debug_hang: bool = False  # test hook: the child never answers (exercises the hard kill)
    mip_heuristic_effort: float | None = None


@dataclass(frozen=True)
class Output:
    status: str  # optimal | time_limit | iteration_limit | solution_limit | objective_target | infeasible |
    # unbounded | killed | error | interrupted
    objective: float | None
    bound: float | None
    x: F | None  # column values
    duals: F | None
    seconds: float
    message: str = ""
    stats: dict[str, float] = field(default_factory=dict)


def _make_highs(model: Model, opt: Options, *, start: F | None) -> Any:
    h = new_highs()
    h.setOptionValue("time_limit", float(max(0.05, opt.time_limit)))
    h.setOptionValue("mip_rel_gap", float(opt.mip_gap))
    h.setOptionValue("threads", int(max(1, opt.threads)))
    h.setOptionValue("random_seed", 1)
    if opt.lp_method != "choose":
        h.setOptionValue("solver", opt.lp_method)
    if opt.lp_method == "ipm" and not opt.crossover:
        h.setOptionValue("run_crossover", "off")
    if not opt.presolve:
        h.setOptionValue("presolve", "off")
    if opt.mip_heuristic_effort is not None:
        h.setOptionValue("mip_heuristic_effort", float(opt.mip_heuristic_effort))
    integ = model.integrality.astype(np.int32)
    st = h.passModel(
        int(model.n_col),
        int(model.n_row),
        int(model.nnz),
        2,
        -1,
        float(model.offset),
        model.cost,
        model.col_lo,
        model.col_hi,
        model.row_lo,
        model.row_hi,
        model.start[:-1].astype(np.int32),
        model.index.astype(np.int32),
        model.value,
        integ,
    )
    check_call(st, "passModel")
    if start is not None and integ.any():
        h.setSolution(int(model.n_col), np.arange(model.n_col, dtype=np.int32), start)
    return h


def solve_here(model: Model, opt: Options, *, start: F | None = None, report: Any = None) -> Output:
    """Solve in this process (small models, tests, and inside the child)."""
    t0 = time.perf_counter()
    h = _make_highs(model, opt, start=start)
    mip = bool(model.integrality.any())
    if report is not None and mip:

        def on_improve(ev: Any) -> None:
            with contextlib.suppress(Exception):  # reporting must never break the solve
                report(float(ev.data_out.objective_function_value), np.array(ev.data_out.mip_solution))

        h.cbMipImprovingSolution.subscribe(on_improve)
    h.run()
    status = status_name(h.getModelStatus())
    info = h.getInfo()
    sol = h.getSolution()
    x: F | None = None
    obj: float | None = None
    bound: float | None = None
    duals: F | None = None
    has_sol = bool(info.primal_solution_status == 2) if hasattr(info, "primal_solution_status") else False
    if model.n_col == 0 and status == "optimal":
        return Output(
            "optimal",
            float(model.offset),
            float(model.offset),
            np.zeros(0),
            np.zeros(model.n_row),
            time.perf_counter() - t0,
        )
    if has_sol:
        x = np.array(sol.col_value, dtype=np.float64)
        obj = float(info.objective_function_value)
    if mip:
        b = float(info.mip_dual_bound)
        bound = b if np.isfinite(b) else None
    elif status == "optimal":
        bound = obj
    if opt.want_duals and not mip and bool(sol.dual_valid):
        duals = np.array(sol.row_dual, dtype=np.float64)
    stats = {
        "simplex_iterations": float(info.simplex_iteration_count),
        "ipm_iterations": float(info.ipm_iteration_count),
        "nodes": float(info.mip_node_count) if mip else 0.0,
    }
    return Output(status, obj, bound, x, duals, time.perf_counter() - t0, stats=stats)


def _child(conn: Connection, model: Model, opt: Options, start: F | None) -> None:  # pragma: no cover
    if opt.debug_hang:
        threading.Event().wait()
    best = [-np.inf]
    last = [0.0]

    def report(obj: float, x: F) -> None:
        now = time.perf_counter()
        if obj > best[0] + 1e-9 and now - last[0] > 0.5:
            best[0], last[0] = obj, now
            conn.send(("incumbent", obj, x))

    try:
        out = solve_here(model, opt, start=start, report=report if opt.stream_incumbents else None)
        conn.send(("done", out))
    except BaseException as exc:
        conn.send(("error", repr(exc)))
    finally:
        conn.close()


def solve_isolated(model: Model, opt: Options, *, start: F | None = None, grace: float = 5.0) -> Output:
    """Solve in a spawned child; kill it at ``time_limit + grace`` seconds (wall clock)."""
    t0 = time.perf_counter()
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, model, opt, start), daemon=True)
    proc.start()
    child.close()
    deadline = t0 + opt.time_limit + grace
    best_obj: float | None = None
    best_x: F | None = None
    try:
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            if parent.poll(min(left, 0.5)):
                try:
                    msg = parent.recv()
                except EOFError:
                    proc.join(1.0)
                    return Output(
                        "error",
                        best_obj,
                        None,
                        best_x,
                        None,
                        time.perf_counter() - t0,
                        message=f"solver process died (exit code {proc.exitcode})",
                    )
                if msg[0] == "incumbent":
                    best_obj, best_x = float(msg[1]), msg[2]
                elif msg[0] == "done":
                    out: Output = msg[1]
                    proc.join(5.0)
                    return out
                else:
                    proc.join(5.0)
                    return Output(
                        "error", best_obj, None, best_x, None, time.perf_counter() - t0, message=msg[1]
                    )
            elif not proc.is_alive() and not parent.poll(0):
                return Output(
                    "error",
                    best_obj,
                    None,
                    best_x,
                    None,
                    time.perf_counter() - t0,
                    message=f"solver process died (exit code {proc.exitcode})",
                )
    finally:
        if proc.is_alive():
            proc.kill()
            proc.join(5.0)
        parent.close()
    return Output(
        "killed",
        best_obj,
        None,
        best_x,
        None,
        time.perf_counter() - t0,
        message=f"solver killed after {opt.time_limit + grace:.1f} s wall clock",
    )


def run(model: Model, opt: Options, *, isolate: bool, start: F | None = None, grace: float = 5.0) -> Output:
    if isolate:
        return solve_isolated(model, opt, start=start, grace=grace)
    return solve_here(model, opt, start=start)


# --- generic isolation: run any module-level function in a spawned child with a hard kill ----------------


def _call_child(conn: Connection, target: Any, payload: Any, hang: bool) -> None:  # pragma: no cover
    if hang:
        threading.Event().wait()

    def emit(kind: str, data: Any) -> None:
        conn.send((kind, data))

    try:
        out = target(payload, emit)
        conn.send(("done", out))
    except BaseException as exc:
        conn.send(("error", f"{exc!r}\n{traceback.format_exc()}"))
    finally:
        conn.close()


@dataclass
class Isolated:
    status: str  # done | killed | error
    value: Any  # the target's return value (done)
    messages: list[tuple[str, Any]]  # everything the child emitted, in order
    seconds: float
    detail: str = ""


Tick = Callable[[list[tuple[str, Any]]], None]


def call_isolated(
    target: Any, payload: Any, *, timeout: float, hang: bool = False, tick: Tick | None = None
) -> Isolated:
    """Run ``target(payload, emit)`` in a spawned child; kill it after ``timeout`` seconds wall clock.

    ``emit(kind, data)`` messages (e.g. improving plans) reach the parent as they are sent, so a killed child
    still leaves its best plan behind. ``tick(messages)`` is called in the parent about four times a second
    while it waits (progress reports); it must be quick and must not raise.
    """
    t0 = time.perf_counter()
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_call_child, args=(child, target, payload, hang), daemon=True)
    proc.start()
    child.close()
    deadline = t0 + timeout
    msgs: list[tuple[str, Any]] = []
    try:
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            if tick is not None:
                tick(msgs)
            if parent.poll(min(left, 0.25)):
                try:
                    kind, data = parent.recv()
                except EOFError:
                    proc.join(1.0)
                    return Isolated(
                        "error",
                        None,
                        msgs,
                        time.perf_counter() - t0,
                        f"solver process died (exit code {proc.exitcode})",
                    )
                if kind == "done":
                    proc.join(5.0)
                    return Isolated("done", data, msgs, time.perf_counter() - t0)
                if kind == "error":
                    proc.join(5.0)
                    return Isolated("error", None, msgs, time.perf_counter() - t0, str(data))
                msgs.append((kind, data))
            elif not proc.is_alive() and not parent.poll(0):
                return Isolated(
                    "error",
                    None,
                    msgs,
                    time.perf_counter() - t0,
                    f"solver process died (exit code {proc.exitcode})",
                )
    finally:
        if proc.is_alive():
            proc.kill()
            proc.join(5.0)
        parent.close()
    return Isolated(
        "killed", None, msgs, time.perf_counter() - t0, f"killed after {timeout:.1f} s wall clock"
    )


def run_many(
    target: Any,
    payloads: list[Any],
    *,
    workers: int,
    timeout: float,
    hang: bool = False,
    tick: Callable[[int, int], None] | None = None,
) -> list[Isolated]:
    """Run ``target`` on each payload in spawned children, ``workers`` at a time, each killed after
    ``timeout`` seconds; results in payload order. ``tick(finished, total)`` is called while waiting."""
    results: list[Isolated | None] = [None] * len(payloads)
    ctx = mp.get_context("spawn")
    running: list[tuple[int, Any, Connection, float, list[tuple[str, Any]]]] = []
    nxt = 0
    t_start = time.perf_counter()
    while nxt < len(payloads) or running:
        while nxt < len(payloads) and len(running) < workers:
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_call_child, args=(child, target, payloads[nxt], hang), daemon=True)
            proc.start()
            child.close()
            running.append((nxt, proc, parent, time.perf_counter() + timeout, []))
            nxt += 1
        still = []
        for i, proc, conn, dl, msgs in running:
            finished: Isolated | None = None
            try:
                while conn.poll(0):
                    kind, data = conn.recv()
                    if kind == "done":
                        finished = Isolated("done", data, msgs, time.perf_counter() - t_start)
                        break
                    if kind == "error":
                        finished = Isolated("error", None, msgs, time.perf_counter() - t_start, str(data))
                        break
                    msgs.append((kind, data))
            except EOFError:
                finished = Isolated("error", None, msgs, time.perf_counter() - t_start, "solver process died")
            if finished is None and time.perf_counter() > dl:
                finished = Isolated(
                    "killed", None, msgs, time.perf_counter() - t_start, "killed at its deadline"
                )
            if finished is None and not proc.is_alive() and not conn.poll(0):
                finished = Isolated("error", None, msgs, time.perf_counter() - t_start, "solver process died")
            if finished is None:
                still.append((i, proc, conn, dl, msgs))
                continue
            if proc.is_alive():
                proc.kill()
            proc.join(5.0)
            conn.close()
            results[i] = finished
        running = still
        if tick is not None:
            tick(sum(r is not None for r in results), len(payloads))
        if running:
            wait([conn for _, _, conn, _, _ in running], timeout=0.25)
    return [r if r is not None else Isolated("error", None, [], 0.0, "not run") for r in results]
