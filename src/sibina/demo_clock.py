"""The demo clock: `SIBINA_DEMO_TODAY=2027-07-01` makes the whole app take that day as today.

`sibina demo_delivery` moves the synthetic city half a year on; served with today's real date, its pages would
show the plan year as not begun (invitations still to answer, "JP this year" of the year before). For a demo or a
training room only: the clock moves by a fixed offset from the moment the process starts (time still passes),
through the one function everything reads ("django.utils.timezone.now"; ``localdate`` and ``localtime`` call it).
A deployment check warns when it is set, and every page says so in the demo banner.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

_real_now = timezone.now


def demo_today() -> dt.date | None:
    """The day the setting asks for, or None when the real clock runs."""
    text = getattr(settings, "SIBINA_DEMO_TODAY", "") or ""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ImproperlyConfigured(f"SIBINA_DEMO_TODAY={text!r} is not a date (YYYY-MM-DD)") from exc


def install() -> None:
    """Shift the clock when the setting asks (called once, when the app starts)."""
    day = demo_today()
    if day is None:
        return
    start = _real_now()
    local = timezone.localtime(start)
    offset = dt.datetime.combine(day, local.time(), tzinfo=local.tzinfo) - local

    def shifted() -> dt.datetime:
        return _real_now() + offset

    timezone.now = shifted
