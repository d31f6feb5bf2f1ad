"""Keeping people in the class they had: after a stable re-optimisation (consolidation) the solver's batch numbers
are arbitrary, so each activity's participants are dealt out again, everyone who was in class *k* of the plan
before staying in class *k* (and so in its quarter, which follows the class number) wherever that class still
runs and has room. When an activity now needs fewer classes, the classes kept are those most of the earlier
participants stay in, under their old numbers (numbers may then have gaps); a class that costs nothing to run
(no fixed cost per class) is not closed at all while its people still fill it. Classes of one activity are
interchangeable (same capacity, minimum and cost), so this changes no figure of the plan, only seats."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import replace

from sibina.optimiser import Assignment, Problem, Result

Seat = tuple[str, str]  # (employee id, activity id)


def keep_classes(problem: Problem, result: Result, before: Mapping[Seat, int]) -> Result:
    """``result`` with each activity's participants re-seated: ``before`` maps (employee, activity) to the 0-based
    class they had. Class sizes stay within each activity's minimum and capacity, labels below its maximum."""
    acts = {a.id: a for a in problem.activities}
    opened = dict(result.batches)
    members: dict[str, list[str]] = defaultdict(list)
    for a in result.assignments:
        members[a.activity].append(a.employee)
    seated: list[Assignment] = []
    for code in sorted(members):
        act = acts[code]
        had = {e: before[(e, code)] for e in members[code] if (e, code) in before}
        people = sorted(members[code])
        n = max(opened.get(code, 1), 1)
        classes = _deal(people, had, _labels(had, n=n, limit=act.max_batches), act.capacity, act.min_class)
        if not act.fixed_cost_per_batch:
            # A class that costs nothing to run need not close: keep every earlier class the people still fill,
            # when each stays within the minimum and the capacity (the solver's count is arbitrary here).
            kept = len({b for b in had.values() if b < act.max_batches})
            if kept > n:
                wider = _deal(
                    people, had, _labels(had, n=kept, limit=act.max_batches), act.capacity, act.min_class
                )
                if all(act.min_class <= len(c) <= act.capacity for c in wider.values()):
                    classes = wider
        opened[code] = len(classes)
        seated += [Assignment(e, code, b) for b, group in classes.items() for e in group]
    return replace(
        result,
        assignments=tuple(sorted(seated, key=lambda a: (a.employee, a.activity))),
        batches=tuple(sorted(opened.items())),
    )


def _labels(had: Mapping[str, int], *, n: int, limit: int) -> list[int]:
    """The ``n`` class numbers to run: the earlier ones most participants stay in, then the lowest free ones."""
    counts = Counter(b for b in had.values() if b < limit)
    kept = [b for b, _n in sorted(counts.items(), key=lambda bn: (-bn[1], bn[0]))][:n]
    free = (b for b in range(limit) if b not in kept)
    return sorted(kept + [next(free) for _ in range(n - len(kept))])


def _deal(
    people: list[str], had: Mapping[str, int], labels: list[int], capacity: int, minimum: int
) -> dict[int, list[str]]:
    classes: dict[int, list[str]] = {b: [] for b in labels}
    rest = []
    for e in people:  # first everyone back in their own class, while it runs and has room
        b = had.get(e)
        if b in classes and len(classes[b]) < capacity:
            classes[b].append(e)
        else:
            rest.append(e)
    for e in rest:  # then the others into the emptiest class
        min(classes.values(), key=len).append(e)
    # A class left below its minimum takes people from the fullest one, newcomers first.
    while len(short := min(classes.values(), key=len)) < minimum:
        label, donor = max(classes.items(), key=lambda lc: len(lc[1]))
        if len(donor) <= minimum:
            break  # cannot happen for a feasible plan (n classes of at least the minimum)
        movable = [e for e in donor if had.get(e) != label] or donor
        person = movable[-1]
        donor.remove(person)
        short.append(person)
    return classes
