"""The one door to HiGHS (``highspy``): a silent instance, its version, and what its statuses mean here.

``highspy`` is imported lazily, in :func:`highspy_module` only: importing the optimiser (and Django with it,
through ``planning``) must work without the solver, so that :func:`available` can say it is missing.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

SOLVER_NAME = "HiGHS"


def highspy_module() -> ModuleType:
    """``highspy``, imported lazily (on first use): the package must import without the solver (module
    docstring)."""
    import highspy

    return highspy


def new_highs() -> Any:
    """A silent HiGHS instance (highspy's constructor is untyped)."""
    h = highspy_module().Highs()
    h.silent()
    return h


def solver_version() -> str:
    try:
        h = new_highs()
        return f"{h.version()} ({h.githash()})"
    except Exception:  # pragma: no cover - depends on the installation
        return "unavailable"


def available() -> bool:
    try:
        highspy_module()
    except ImportError:  # pragma: no cover
        return False
    return True


def check_call(status: Any, what: str) -> None:
    """Raise when a HiGHS call returned ``kError``."""
    if status == highspy_module().HighsStatus.kError:
        raise RuntimeError(f"HiGHS {what} failed")


def is_optimal(model_status: Any) -> bool:
    return bool(model_status == highspy_module().HighsModelStatus.kOptimal)


def status_name(model_status: Any) -> str:
    """HiGHS's model status in the words of :class:`runner.Output`: ``time_limit`` only when the time limit
    stopped it; the other limits keep their own names (``iteration_limit``, ``solution_limit``,
    ``objective_target``)."""
    M = highspy_module().HighsModelStatus
    table = {
        M.kOptimal: "optimal",
        M.kInfeasible: "infeasible",
        M.kUnbounded: "unbounded",
        M.kUnboundedOrInfeasible: "infeasible",
        M.kTimeLimit: "time_limit",
        M.kIterationLimit: "iteration_limit",
        M.kSolutionLimit: "solution_limit",
        M.kInterrupt: "interrupted",
        M.kObjectiveBound: "objective_target",
        M.kObjectiveTarget: "objective_target",
        M.kModelEmpty: "optimal",
    }
    return table.get(model_status, "error")
