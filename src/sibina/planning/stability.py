"""Keeping people in the class they had: after a stable re-optimisation (consolidation) the solver's batch numbers
are arbitrary, so each activity's participants are dealt out again, everyone who was in class *k* of the plan
before staying in class *k* (and so in its quarter, which follows the class number) wherever it still exists and
has room. Classes of one activity are interchangeable (same capacity, minimum and cost), so this changes no
figure of the plan, only which class each person sits in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace

from sibina.optimiser import Assignment, Problem, Result

Seat = tuple[str, str]  # (employee id, activity id)


def keep_classes(problem: Problem, result: Result, before: Mapping[Seat, int]) -> Result:
    """``result`` with each activity's participants re-seated: ``before`` maps (employee, activity) to the 0-based
    class they had. Class sizes stay within each activity's minimum and capacity."""
    acts = {a.id: a for a in problem.activities}
    opened = dict(result.batches)
    members: dict[str, list[str]] = defaultdict(list)
    for a in result.assignments:
        members[a.activity].append(a.employee)
    seated: list[Assignment] = []
    for code in sorted(members):
        act = acts[code]
        classes = _deal(
            sorted(members[code]),
            {e: before[(e, code)] for e in members[code] if (e, code) in before},
            n=max(opened.get(code, 1), 1),
            capacity=act.capacity,
            minimum=act.min_class,
        )
        seated += [Assignment(e, code, b) for b, people in enumerate(classes) for e in people]
    return replace(result, assignments=tuple(sorted(seated, key=lambda a: (a.employee, a.activity))))


def _deal(
    people: list[str], had: Mapping[str, int], *, n: int, capacity: int, minimum: int
) -> list[list[str]]:
    classes: list[list[str]] = [[] for _ in range(n)]
    rest = []
    for e in people:  # first everyone back in their own class, while it has room
        b = had.get(e)
        if b is not None and b < n and len(classes[b]) < capacity:
            classes[b].append(e)
        else:
            rest.append(e)
    for e in rest:  # then the others into the emptiest class
        min(classes, key=len).append(e)
    # A class left below its minimum takes people from the fullest one, newcomers first.
    while len(short := min(classes, key=len)) < minimum:
        donor = max(classes, key=len)
        if len(donor) <= minimum:
            break  # cannot happen for a feasible plan (n classes of at least the minimum)
        movable = [e for e in donor if had.get(e) != classes.index(donor)] or donor
        person = movable[-1]
        donor.remove(person)
        short.append(person)
    return classes
