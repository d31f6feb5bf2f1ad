"""Plan-solve benchmark on a synthetic city: prints ONE JSON line.

    python bench/plan_bench.py --employees 5500 [--activities 200] [--time-limit 30] [--seed 1]

Fields: employees, activities, pairs, build_s (generate the synthetic problem), solve_s (the whole
``solve()`` call, greedy baseline included), objective, bound (proven), gap, greedy_objective (the greedy
benefit-per-cost plan at the same budget), ratio (objective / greedy_objective), peak_mb (peak RSS of this
process plus the largest solver child: an upper bound on the concurrent peak), method, status, messages (e.g.
why a method stopped before the time limit).
Default time limits follow the targets: 30 s up to 10k employees, 120 s up to 60k, 600 s above.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sibina.optimiser import METHODS, SolveOptions, solve, synthetic_problem


def default_time_limit(n: int) -> float:
    return 30.0 if n <= 10_000 else 120.0 if n <= 60_000 else 600.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--employees", type=int, required=True)
    ap.add_argument("--activities", type=int, default=200)
    ap.add_argument("--time-limit", type=float, default=None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--method", default="auto", choices=METHODS)
    ap.add_argument("--mip-gap", type=float, default=0.005)
    args = ap.parse_args(argv)
    tl = args.time_limit if args.time_limit is not None else default_time_limit(args.employees)
    t0 = time.perf_counter()
    problem = synthetic_problem(args.employees, args.activities, seed=args.seed)
    build_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    options = SolveOptions(method=args.method, time_limit=tl, mip_gap=args.mip_gap)
    r = solve(problem, options=options)
    solve_s = time.perf_counter() - t1
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = {
        "employees": len(problem.employees),
        "activities": len(problem.activities),
        "pairs": problem.n_pairs,
        "build_s": round(build_s, 2),
        "solve_s": round(solve_s, 2),
        "objective": None if r.objective is None else round(r.objective, 3),
        "bound": None if r.bound is None else round(r.bound, 3),
        "gap": None if r.gap is None else round(r.gap, 5),
        "greedy_objective": None if r.greedy_objective is None else round(r.greedy_objective, 3),
        "ratio": None
        if not (r.objective and r.greedy_objective)
        else round(r.objective / r.greedy_objective, 4),
        "peak_mb": round((self_kb + child_kb) / 1024, 1),
        "method": r.method,
        "status": r.status,
        "messages": list(r.messages),
        "time_limit": tl,
        "seed": args.seed,
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
