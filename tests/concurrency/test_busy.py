"""The busy answer: a database that stayed locked (SQLite) or aborted a deadlock (PostgreSQL) is a 503 with a
message; any other database error is left alone (it is a bug and must stay visible)."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from sibina.web.middleware import DatabaseBusyMiddleware


def _middleware() -> DatabaseBusyMiddleware:
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    return DatabaseBusyMiddleware(view)


@pytest.mark.parametrize("text", ["database is locked", "deadlock detected\nDETAIL: Process 1 waits"])
def test_a_busy_database_is_a_503_with_the_message(text: str) -> None:
    response = _middleware().process_exception(RequestFactory().post("/"), OperationalError(text))
    assert response is not None
    assert (response.status_code, response["Retry-After"]) == (503, "5")
    assert "The database is busy, try again in a moment. Nothing was saved." in response.content.decode()


@pytest.mark.parametrize("exc", [OperationalError("no such table: x"), ValueError("database is locked")])
def test_other_errors_are_not_hidden(exc: Exception) -> None:
    assert _middleware().process_exception(RequestFactory().post("/"), exc) is None
