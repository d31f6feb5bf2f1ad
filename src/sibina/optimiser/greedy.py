"""The greedy baseline and the polish every plan gets: locked pairs first, best gain per amortised rupiah,
minimum classes filled or closed (see ``state.PlanState``)."""

from __future__ import annotations

import numpy as np

from .compiled import Compiled
from .state import PlanState


def polish(c: Compiled, x: np.ndarray | None) -> PlanState | None:
    """Turn a (nearly) feasible plan into a checked one: add it pair by pair under the monotone rules, restore
    minimum class sizes, spend what is left greedily, drop assignments that add nothing."""
    if x is None:
        return None
    s = PlanState(c)
    if s.add_locked():
        return None
    pending = [p for p in np.nonzero(x)[0].tolist() if not s.x[p]]
    while pending:  # a pair waits until its prerequisites are in (chains of any length)
        left = []
        for p in pending:
            if s.can_add(p):
                s.add(p)
            elif any(not s.x[q] for q in s.needs.get(p, ())) and all(x[q] for q in s.needs.get(p, ())):
                left.append(p)
        if len(left) == len(pending):
            break
        pending = left
    s.fix_min_class()
    s.greedy_fill()
    s.fix_min_class()
    return s if s.is_feasible() else None


def greedy_state(c: Compiled) -> PlanState:
    """The baseline local tools use: locked pairs, then best gain per rupiah first until nothing fits, then
    classes below their minimum size are filled or closed."""
    s = PlanState(c)
    s.add_locked()
    s.greedy_fill()
    s.fix_min_class()
    return s
