"""The optimiser's output: an immutable, serialisable Result (what a SolverRun stores)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["optimal", "time_limit", "feasible", "infeasible", "error"]
Method = Literal["greedy", "lp_round", "milp", "colgen", "decomposed"]
Scalar = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Assignment:
    """Employee ``employee`` attends ``activity`` in batch (kelas) number ``batch`` (0-based)."""

    employee: str
    activity: str
    batch: int


@dataclass(frozen=True, slots=True)
class Result:
    """What a solve produced. ``objective`` is recomputed by the independent checker; ``bound`` is a proven
    upper bound on the best possible objective (None when none was computed); ``gap`` = (bound - objective) /
    bound. ``status``: optimal (gap within the requested tolerance), time_limit (stopped by the time limit,
    plan feasible), feasible (a heuristic plan, no proof of tolerance), infeasible (``infeasibility`` says
    why, in words), error (``messages`` says why)."""

    status: Status
    method: Method
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    solver: str
    solver_version: str
    input_hash: str
    parameters: tuple[tuple[str, Scalar], ...] = ()
    assignments: tuple[Assignment, ...] = ()
    batches: tuple[tuple[str, int], ...] = ()  # activity -> batches opened
    shortfall: tuple[tuple[str, float], ...] = ()  # employee -> JP still below the minimum (only > 0)
    gap_closed: tuple[tuple[str, str, float], ...] = ()  # (employee, competency, levels closed) (only > 0)
    cost: tuple[tuple[str, float], ...] = ()  # budget id -> spent (Rp millions)
    total_cost: float = 0.0  # Rp millions (each charge counted once)
    greedy_objective: float | None = None
    messages: tuple[str, ...] = ()
    infeasibility: tuple[str, ...] = ()
    log: tuple[str, ...] = field(default=(), compare=False)

    @property
    def feasible(self) -> bool:
        return self.status in ("optimal", "time_limit", "feasible")

    def params(self) -> dict[str, Scalar]:
        return dict(self.parameters)

    def assignments_of(self, employee: str) -> list[Assignment]:
        return [a for a in self.assignments if a.employee == employee]

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "method": self.method,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "seconds": self.seconds,
            "solver": self.solver,
            "solver_version": self.solver_version,
            "input_hash": self.input_hash,
            "parameters": dict(self.parameters),
            "assignments": [[a.employee, a.activity, a.batch] for a in self.assignments],
            "batches": dict(self.batches),
            "shortfall": dict(self.shortfall),
            "gap_closed": [list(t) for t in self.gap_closed],
            "cost": dict(self.cost),
            "total_cost": self.total_cost,
            "greedy_objective": self.greedy_objective,
            "messages": list(self.messages),
            "infeasibility": list(self.infeasibility),
            "log": list(self.log),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @staticmethod
    def from_dict(d: Mapping[str, Any]) -> Result:
        return Result(
            status=d["status"],
            method=d["method"],
            objective=d["objective"],
            bound=d["bound"],
            gap=d["gap"],
            seconds=float(d["seconds"]),
            solver=d["solver"],
            solver_version=d["solver_version"],
            input_hash=d["input_hash"],
            parameters=tuple(sorted(d.get("parameters", {}).items())),
            assignments=tuple(Assignment(e, a, int(b)) for e, a, b in d.get("assignments", [])),
            batches=tuple(sorted((k, int(v)) for k, v in d.get("batches", {}).items())),
            shortfall=tuple(sorted((k, float(v)) for k, v in d.get("shortfall", {}).items())),
            gap_closed=tuple((e, k, float(v)) for e, k, v in d.get("gap_closed", [])),
            cost=tuple(sorted((k, float(v)) for k, v in d.get("cost", {}).items())),
            total_cost=float(d.get("total_cost", 0.0)),
            greedy_objective=d.get("greedy_objective"),
            messages=tuple(d.get("messages", ())),
            infeasibility=tuple(d.get("infeasibility", ())),
            log=tuple(d.get("log", ())),
        )

    @staticmethod
    def from_json(text: str | bytes) -> Result:
        return Result.from_dict(json.loads(text))
