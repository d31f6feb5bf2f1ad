"""Turn a database that stays busy into a clear answer instead of an error page.

On SQLite a writer waits for the write lock (``timeout`` in the settings); when another writer holds it longer,
the write fails with "database is locked". On PostgreSQL two transactions that lock each other's rows end with
one of them aborted ("deadlock detected"). Neither is the person's fault and nothing was saved: the answer is
503 "busy, try again in a moment", never a 500.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

BUSY = (
    "database is locked",  # SQLite: the write lock was not free within the timeout
    "database table is locked",  # SQLite, shared cache
    "deadlock detected",  # PostgreSQL: one of two transactions waiting on each other is aborted
    "could not serialize access",  # PostgreSQL, stricter isolation levels
)
RETRY_AFTER_SECONDS = 5


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` says the database was busy (as opposed to broken)."""
    return isinstance(exc, OperationalError) and any(text in str(exc).lower() for text in BUSY)


class DatabaseBusyMiddleware:
    """A view that failed because the database was busy answers 503 with the busy page (its transaction has
    been rolled back, so nothing was saved)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy(exception):
            return None
        # A page of its own, reading nothing from the database: the database is what is busy.
        response = HttpResponse(render_to_string("503.html", request=None), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
