"""The verdicts against the demo's known truth, over several seeds (issue 15's "about 95 % coverage").

    python bench/effects_bench.py [--seeds 20] [--first 1] [--size 400]

For each seed: build the synthetic city (SKM with programs of known effect), run `sibina evaluate` and compare
each program's estimate with its truth: the effect `sibina demo truth` planted, or none for a program the
evaluation found trained units of through the history but the generator gave no effect. Prints one JSON line: seeds, programs, how many 95 %
intervals covered the true effect (and the share), the programs with an effect that got PERLUAS or LANJUTKAN with
a positive estimate, the null programs that got PERLUAS, how often the pre-trend test fired (the demo has no
pre-trends, so that is its false-alarm rate) and the seconds taken. Slow by nature (a city and an
evaluation per seed: about 40 s each here), so a benchmark, not a test; the test suite checks two seeds.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from io import StringIO
from pathlib import Path

from bench_django import start_django


def run(tmp: Path, seeds: list[int], size: int) -> dict[str, object]:
    os.environ["SIBINA_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"  # the demo's notices
    start_django(tmp, None)
    from django.core.management import call_command

    from sibina.evaluation.verdict import PRETREND_ALPHA

    started = time.perf_counter()
    covered = programs = unplanted = effect_ok = effect_n = null_perluas = tested = flagged = 0
    for n, seed in enumerate(seeds):
        call_command("demo", size=size, seed=seed, reset=n > 0, verbosity=0)
        truth_out, est_out = StringIO(), StringIO()
        call_command("demo", "truth", "--json", stdout=truth_out)
        call_command("evaluate", "--year", "2027", "--json", stdout=est_out)
        truth = {t["program"]: float(t["effect"]) for t in json.loads(truth_out.getvalue())}
        for e in json.loads(est_out.getvalue()):
            # The demo has no pre-trends: the share flagged is the test's false-alarm rate (about 5 % if sound).
            if e.get("hasil", "IKM") == "IKM" and e["pretrend_p"] is not None:
                tested += 1
                flagged += e["pretrend_p"] < PRETREND_ALPHA
            if e.get("hasil", "IKM") != "IKM" or e["estimate"] is None:
                continue
            # The SKM generator raises levels only for the planted programs: any other program a unit counts
            # as trained in (through its development history) truly has no effect.
            true = truth.get(e["program"], 0.0)
            programs += 1
            unplanted += e["program"] not in truth
            covered += e["ci_low"] <= true <= e["ci_high"]
            if true > 0:
                effect_n += 1
                effect_ok += e["verdict"] in ("PERLUAS", "LANJUTKAN") and e["estimate"] > 0
            else:
                null_perluas += e["verdict"] == "PERLUAS"
    return {
        "seeds": len(seeds),
        "size": size,
        "programs": programs,
        "programs_without_planted_effect": unplanted,
        "covered": covered,
        "coverage": round(covered / programs, 3) if programs else None,
        "effect_programs_expand_or_continue": f"{effect_ok}/{effect_n}",
        "null_programs_expand": null_perluas,
        "pretrend_tested": tested,
        "pretrend_flagged": flagged,
        "pretrend_false_alarm_rate": round(flagged / tested, 3) if tested else None,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--first", type=int, default=1, help="the first seed")
    parser.add_argument("--size", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sibina-bench-") as tmp:
        seeds = list(range(args.first, args.first + args.seeds))
        print(json.dumps(run(Path(tmp), seeds, args.size)))


if __name__ == "__main__":
    main()
