"""A task of the home page, the shape every source of tasks returns (``dashboards.tasks``,
``dashboards.evaluation_tasks``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

TASKS_PER_SOURCE = 20  # milestones listed at most per source: the page behind the link has them all


@dataclass(frozen=True)
class Task:
    kind: str  # review, decree, follow_up, consolidate, send, optimise, endorse, verify, import, propose, coach,
    # invitation, claim, milestone
    label: str
    url: str
    due: dt.date | None = None
    overdue: bool = False


def _task(kind: str, label: str, url: str, due: dt.date | None, today: dt.date) -> Task:
    return Task(kind, label, url, due, due is not None and due < today)
