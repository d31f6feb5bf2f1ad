"""The stages of the synthetic city, in build order.

A later feature adds its part of the demo (competencies, plans, evaluation data, …) by writing a module here
with ``build_<stage>(ctx)`` and, if it writes rows that protect employees or units, ``reset_<stage>()``, and
appending a :class:`Stage` to ``STAGES``. Stages build in this order and reset in the reverse order; each
draws its random numbers from ``ctx.rng(<stage name>)``, so adding one leaves the others' data unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sibina.demo.catalogue import build_catalogue, reset_catalogue
from sibina.demo.coaching import build_coaching, reset_coaching
from sibina.demo.competency import build_competency, reset_competency
from sibina.demo.context import DemoContext
from sibina.demo.delivery import reset_delivery
from sibina.demo.history import build_history, reset_history
from sibina.demo.needs import build_needs, reset_needs
from sibina.demo.org import build_org, reset_org
from sibina.demo.people import build_people, reset_people
from sibina.demo.planning import build_plan_cycle, reset_plan_cycle
from sibina.demo.positions import build_positions, reset_positions
from sibina.demo.skm import build_skm, reset_skm
from sibina.demo.users import build_users, reset_users


@dataclass(frozen=True)
class Stage:
    name: str
    build: Callable[[DemoContext], None] | None  # None: built on demand by a command of its own
    reset: Callable[[], None] | None = None


STAGES: list[Stage] = [
    Stage("org", build_org, reset_org),
    Stage("positions", build_positions, reset_positions),
    Stage("people", build_people, reset_people),
    Stage("history", build_history, reset_history),
    Stage("users", build_users, reset_users),
    Stage("competency", build_competency, reset_competency),
    # Coaching sessions of the current year are development records: before the needs analysis reads them.
    Stage("coaching", build_coaching, reset_coaching),
    Stage("needs", build_needs, reset_needs),
    Stage("catalogue", build_catalogue, reset_catalogue),
    Stage("plan_cycle", build_plan_cycle, reset_plan_cycle),
    # Public-satisfaction surveys of the service units, 2025–2026 (the outcome evaluation measures).
    Stage("skm", build_skm, reset_skm),
    # The plan year half run (classes, attendance, completions): `sibina demo_delivery`, not the default build.
    Stage("delivery", None, reset_delivery),
]
