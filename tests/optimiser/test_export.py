"""The exported MPS, solved again by HiGHS, gives the MILP result's objective."""

from __future__ import annotations

import highspy
import pytest

from sibina.optimiser import solve, synthetic_problem, write_mps

from .toys import one_of_two_courses, prerequisites


@pytest.mark.parametrize(
    "build", [one_of_two_courses, lambda: prerequisites(6.0), lambda: synthetic_problem(25, 10, 2)]
)
def test_mps_resolve_gives_the_same_objective(tmp_path, build):
    p = build()
    path = write_mps(p, tmp_path / "plan.mps")
    r = solve(p, method="milp", time_limit=30, mip_gap=1e-9, isolate=False)
    h = highspy.Highs()
    h.silent()
    h.readModel(str(path))
    h.setOptionValue("mip_rel_gap", 1e-9)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert h.getInfo().objective_function_value == pytest.approx(r.objective, abs=1e-6)
    text = path.read_text()
    assert "OBJSENSE" in text and "MAX" in text
    assert "x[" in text and "y[" in text
