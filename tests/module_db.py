"""Rows built once for a whole test module, rolled back when the module ends.

Building a world (a city, a decreed plan) costs seconds; most tests only read it. The fixture builds it inside
one transaction opened on the test database; each test's own transaction (pytest-django's ``db``) nests inside as
a savepoint, so what a test writes is gone before the next one. Tests that need an empty database live in a
module of their own: the world stays visible to every test of its module once built.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction


@contextmanager
def built_once(django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
