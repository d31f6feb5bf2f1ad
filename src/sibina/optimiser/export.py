"""MPS export of the exact MILP, so anyone can verify a plan with another solver.

The MPS holds the compact formulation of docs/optimiser.md with readable names: ``x[<employee>,<activity>]``,
``y[<activity>]``, ``z[<employee>,<competency>]``, ``u[<employee>]``; the objective is *maximised* (``OBJSENSE
MAX`` in free MPS). Solving it to optimality gives the best possible objective of the problem.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .compiled import compile_problem
from .highs import highspy_module, new_highs
from .model import build_model
from .problem import Problem


def write_mps(problem: Problem, path: str | Path, *, names: bool = True) -> Path:
    """Write the exact MILP of ``problem`` as free MPS at ``path`` (readable names unless ``names=False``)."""
    highspy = highspy_module()
    problem.check_valid()
    c = compile_problem(problem)
    m = build_model(c, integer=True)
    lp = highspy.HighsLp()
    lp.num_col_ = m.n_col
    lp.num_row_ = m.n_row
    lp.col_cost_ = m.cost
    lp.col_lower_ = m.col_lo
    lp.col_upper_ = m.col_hi
    lp.row_lower_ = m.row_lo
    lp.row_upper_ = m.row_hi
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = m.n_col
    lp.a_matrix_.num_row_ = m.n_row
    lp.a_matrix_.start_ = m.start.astype(np.int32)
    lp.a_matrix_.index_ = m.index.astype(np.int32)
    lp.a_matrix_.value_ = m.value
    lp.integrality_ = [highspy.HighsVarType(int(v)) for v in m.integrality]
    if names:
        emps = [e.id for e in problem.employees]
        acts = [a.id for a in problem.activities]
        comps = [k for k, _ in problem.competencies]
        cols = [f"x[{emps[int(c.pe[p])]},{acts[int(c.pa[p])]}]" for p in m.pairs.tolist()]
        cols += [f"y[{acts[a]}]" for a in np.nonzero(m.y_col >= 0)[0].tolist()]
        cols += [f"z[{emps[int(c.ge[g])]},{comps[int(c.gk[g])]}]" for g in m.gaps.tolist()]
        cols += [f"u[{emps[e]}]" for e in m.u_emp.tolist()]
        lp.col_names_ = [_safe(s) for s in cols]
        rows = [""] * m.n_row
        for group, (a0, a1) in m.rows.items():
            for i in range(a0, a1):
                rows[i] = f"{group}_{i - a0}"
        lp.row_names_ = rows
    h = new_highs()
    h.passModel(lp)
    out = Path(path)
    h.writeModel(str(out))
    return out


def _safe(s: str) -> str:
    """MPS names may not contain spaces."""
    return s.replace(" ", "_")
