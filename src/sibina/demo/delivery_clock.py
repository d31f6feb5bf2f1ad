"""The simulated day of the demo's delivery: the services read "today" and "now" through django.utils.timezone."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.conf import settings
from django.utils import timezone


@contextmanager
def house_day(day: dt.date) -> Iterator[None]:
    """The simulated day: every service reads 'today' (and 'now') through django.utils.timezone."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    moment = dt.datetime.combine(day, dt.time(9, 0), tzinfo=tz)
    with (
        mock.patch.object(timezone, "localdate", lambda *args, **kwargs: day),
        mock.patch.object(timezone, "now", lambda: moment),
    ):
        yield
