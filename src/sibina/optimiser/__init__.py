"""SiBina's plan optimiser: pure Python (no Django), HiGHS via ``highspy``.

Public API (see docs/optimiser.md):

- :class:`Problem` and its parts (:class:`Employee`, :class:`Activity`, :class:`Budget`, :class:`Policy`),
  :func:`problem_to_json` / :func:`problem_from_json` / :func:`problem_hash`, :func:`write_mps`;
- :func:`solve` -> :class:`Result`, with :class:`SolveOptions` (method, time limit, gap, threads):
  ``solve(problem, options=SolveOptions(method="colgen", time_limit=30), progress=..., log=...)``;
- :func:`check_plan` / :func:`evaluate` (independent checker);
- :func:`explain_employee` (:func:`explain_plan` for all at once), :func:`unserved_needs`, :func:`budget_marginal`, :func:`diagnose_infeasible`;
- :func:`synthetic_problem` (deterministic synthetic city).

Other packages (``planning``, ``approvals``, commands) import from here only; the modules behind it are the
optimiser's own business. Layers, bottom up (no module imports one above it; ``tests/optimiser/test_layout.py``
checks there is no cycle): problem, result, options, words → check, compiled, diagnose, explain → model, state,
pairdata → highs, runner, greedy, bnb → pricing, methods → cg_master → cg_engine → sampling → colgen →
decompose → solve → marginal, export, synthetic.
"""

from .check import Evaluation, Violation, check_plan, evaluate
from .diagnose import diagnose_infeasible
from .explain import AssignmentReason, UnservedNeed, explain_employee, explain_plan, unserved_needs
from .export import write_mps
from .highs import available, solver_version
from .marginal import BudgetMarginal, budget_marginal
from .options import METHODS, MethodArg, OptionsError, SolveOptions
from .problem import (
    PARTICIPANT_OPD,
    SCHEMA_VERSION,
    Activity,
    Budget,
    Employee,
    Kind,
    Policy,
    Problem,
    ProblemError,
    opd_source,
    problem_from_dict,
    problem_from_json,
    problem_hash,
    problem_to_dict,
    problem_to_json,
    source_opd,
)
from .result import Assignment, Result
from .solve import BoundError, PlanCheckError, pick_method, solve
from .synthetic import synthetic_problem

__all__ = [
    "METHODS",
    "PARTICIPANT_OPD",
    "SCHEMA_VERSION",
    "Activity",
    "Assignment",
    "AssignmentReason",
    "BoundError",
    "Budget",
    "BudgetMarginal",
    "Employee",
    "Evaluation",
    "Kind",
    "MethodArg",
    "OptionsError",
    "PlanCheckError",
    "Policy",
    "Problem",
    "ProblemError",
    "Result",
    "SolveOptions",
    "UnservedNeed",
    "Violation",
    "available",
    "budget_marginal",
    "check_plan",
    "diagnose_infeasible",
    "evaluate",
    "explain_employee",
    "explain_plan",
    "opd_source",
    "pick_method",
    "problem_from_dict",
    "problem_from_json",
    "problem_hash",
    "problem_to_dict",
    "problem_to_json",
    "solve",
    "solver_version",
    "source_opd",
    "synthetic_problem",
    "unserved_needs",
    "write_mps",
]
