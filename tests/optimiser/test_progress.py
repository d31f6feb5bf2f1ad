"""solve() reports how far it is while the solver child works, without slowing or breaking the solve."""

from __future__ import annotations

from sibina.optimiser import solve, synthetic_problem


def test_progress_moves_through_the_stages_while_the_child_works():
    p = synthetic_problem(400, 40, seed=2)
    seen: list[tuple[float, str]] = []
    r = solve(p, method="colgen", time_limit=30, progress=lambda f, s: seen.append((f, s)))
    assert r.feasible
    assert seen[0] == (0.0, "greedy")
    assert seen[-1] == (0.95, "check")
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions)  # never goes back
    assert any(0.05 < f < 0.95 for f in fractions)  # moves during the solve, not only between stages
    assert {"bound", "plan"} <= {s for _, s in seen}


def test_a_failing_progress_display_does_not_stop_the_solve():
    p = synthetic_problem(60, 20, seed=3)

    def broken(fraction: float, stage: str) -> None:
        raise RuntimeError("display gone")

    r = solve(p, method="colgen", time_limit=20, isolate=False, progress=broken)
    assert r.feasible and r.status in ("optimal", "time_limit", "feasible")
