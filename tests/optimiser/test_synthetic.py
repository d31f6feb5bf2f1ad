"""The synthetic city: deterministic and shaped like a city."""

from __future__ import annotations

from collections import Counter

from sibina.optimiser import Kind, problem_hash, synthetic_problem


def test_same_seed_same_problem_other_seed_other_problem():
    assert problem_hash(synthetic_problem(300, 50, seed=3)) == problem_hash(
        synthetic_problem(300, 50, seed=3)
    )
    assert problem_hash(synthetic_problem(300, 50, seed=3)) != problem_hash(
        synthetic_problem(300, 50, seed=4)
    )


def test_shape_of_the_city():
    p = synthetic_problem(5500, 200, seed=1)
    assert p.validate() == []
    assert len(p.activities) == 200
    assert len({e.opd for e in p.employees}) == 40
    assert 15 <= p.n_pairs / len(p.employees) <= 25  # about 20 eligible activities each
    assert len(p.competencies) == 15
    forms = Counter(a.form for a in p.activities)
    assert forms["NKL03"] > 0 and forms["NKL01"] + forms["NKL02"] > 0 and forms["KL07"] + forms["KL10"] > 0
    pns = [e for e in p.employees if e.kind is Kind.PNS]
    below = sum(1 for e in pns if e.jp_earned < 20)
    assert below / len(pns) > 0.5  # many PNS below 20 JP
    assert all(e.jp_max == 24 for e in p.employees if e.kind in (Kind.PPPK, Kind.PPPK_PW))
    cpns = [e for e in p.employees if e.kind is Kind.CPNS]
    assert cpns and all(e.locked == ("A000",) for e in cpns)  # Latsar is mandatory
    assert "SYNTHETIC" in p.name
