"""Who is acting and from where, for the audit trail: set per request by the middleware, per command by the CLI.

A context variable rather than a thread-local so the value follows the request into background threads only when
explicitly passed, and never leaks between requests served by the same thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_address: ContextVar[str] = ContextVar("sibina_audit_address", default="")


def client_address() -> str:
    return _address.get()


@contextmanager
def acting_from(address: str) -> Iterator[None]:
    token = _address.set(address)
    try:
        yield
    finally:
        _address.reset(token)


def request_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by whoever sends the request and cannot be trusted unless a
    # known proxy writes it; a deployment behind a proxy sets the proxy to overwrite REMOTE_ADDR.
    return str(request.META.get("REMOTE_ADDR") or "")


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_from(request_address(request)):
            return self.get_response(request)
