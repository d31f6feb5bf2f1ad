"""Which years the pages show by default."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def plan_year(today: dt.date | None = None) -> int:
    """The plan year being prepared: the next calendar year (the plan for year N is drawn up during N-1).

    One place to change if the plan year ever becomes a setting.
    """
    return (today or timezone.localdate()).year + 1


def current_year(today: dt.date | None = None) -> int:
    """The year whose JP is being earned now."""
    return (today or timezone.localdate()).year
