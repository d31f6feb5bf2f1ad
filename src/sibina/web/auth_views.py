"""The page shown when django-axes refuses a login after too many failures (``AXES_LOCKOUT_CALLABLE``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.helpers import get_cool_off, get_failure_limit
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

LOCKED_STATUS = 429  # Too Many Requests: the client may retry after the cool-off


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """Say plainly why the login was refused, for how long, and who can unlock it; never whether the account exists."""
    cool_off: dt.timedelta | None = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    response = render(
        request,
        "web/locked_out.html",
        {"failure_limit": get_failure_limit(request, credentials), "minutes": minutes},
        status=LOCKED_STATUS,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
