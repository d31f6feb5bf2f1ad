"""Problem data: validation, JSON both ways with its own schema, the input hash."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from sibina.optimiser import (
    SCHEMA_VERSION,
    Budget,
    Problem,
    ProblemError,
    problem_from_json,
    problem_hash,
    problem_to_json,
    synthetic_problem,
)

from .toys import act, emp, one_of_two_courses, prob


def test_json_round_trip_preserves_hash_and_equality():
    p = synthetic_problem(60, 25, seed=4)
    text = problem_to_json(p)
    q = problem_from_json(text)
    assert q == p
    assert problem_hash(q) == problem_hash(p)
    assert problem_to_json(q) == text


def test_json_documents_its_schema_and_version():
    d = json.loads(problem_to_json(one_of_two_courses()))
    assert d["format"] == "sibina-plan-problem"
    assert d["version"] == SCHEMA_VERSION
    assert set(d["schema"]["employees"][0]) == set(d["employees"][0])
    assert set(d["schema"]["activities"][0]) == set(d["activities"][0])
    assert set(d["schema"]["budgets"][0]) == set(d["budgets"][0])


def test_hash_ignores_schema_text_and_key_order_but_not_data():
    p = one_of_two_courses()
    d = json.loads(problem_to_json(p))
    d["schema"] = {"anything": "else"}
    shuffled = json.dumps(dict(reversed(list(d.items()))))
    assert problem_hash(problem_from_json(shuffled)) == problem_hash(p)
    richer = replace(p, budgets=(Budget("BKPSDM", 15.5),))
    assert problem_hash(richer) != problem_hash(p)


def test_unknown_version_is_rejected():
    d = json.loads(problem_to_json(one_of_two_courses()))
    d["version"] = 99
    with pytest.raises(ProblemError, match="unsupported schema version 99"):
        problem_from_json(json.dumps(d))


def test_normalisation_makes_equal_inputs_equal():
    a = emp("e", eligible=("B", "A", "A"), gaps={"k2": 1, "k1": 2})
    b = emp("e", eligible=("A", "B"), gaps=(("k1", 2.0), ("k2", 1.0)))
    assert a == b
    assert a.eligible == ("A", "B")


def test_validation_lists_every_error():
    p = prob(
        [
            emp("e1", eligible=("A", "ZZ"), locked=("A",), excluded=("A",), gaps=(("nope", 1.0),)),
            emp("e1", eligible=("A",), jp_earned=-1.0),
        ],
        [
            act("A", cost_per_participant=1.0, capacity=0, min_class=2, requires=("A",)),
            act("B", fixed_cost_per_batch=5.0, budget="opd:*"),
            act("C", requires=("D",)),
            act("D", requires=("C",)),
        ],
        [Budget("X", -1.0)],
    )
    errors = p.validate()
    expected = [
        "duplicate employee ids",
        "budget X: limit must be finite and >= 0",
        "activity A: capacity must be >= 1",
        "activity A: min_class must be between 0 and capacity",
        "activity A: requires itself",
        "activity B: batch_budget is required when the budget is opd:*",
        "employee e1: unknown competency nope",
        "employee e1: unknown activity ZZ",
        "employee e1: activity A is both locked and excluded",
        "employee e1: jp_earned must be finite and >= 0",
        "no budget covers source BKPSDM (employees of A)",
        "prerequisite cycle: C -> D -> C",
    ]
    for msg in expected:
        assert msg in errors
    with pytest.raises(ProblemError):
        p.check_valid()


def test_valid_problem_has_no_errors():
    assert one_of_two_courses().validate() == []
    assert synthetic_problem(200, 40, seed=2).validate() == []


def test_problem_is_immutable():
    p = one_of_two_courses()
    with pytest.raises(AttributeError):
        p.name = "x"  # type: ignore[misc]
    assert isinstance(p.employees, tuple) and isinstance(p, Problem)
