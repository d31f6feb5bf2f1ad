"""Background jobs in tests: inline, at the moment the code under test commits (imported by tests/conftest.py).

Production hands a job on with ``transaction.on_commit``. pytest-django wraps each test in a transaction that is
never committed, so Django would never call those hooks: here they run where production would run them, once the
last atomic block the code itself opened has closed (or at once when it opened none). A hook registered inside a
block that rolls back is dropped, as in production. Tests that play the worker set ``SIBINA_JOBS = "queued"``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper


def _only_the_tests_blocks(connection: BaseDatabaseWrapper) -> bool:
    return connection.in_atomic_block and all(
        getattr(block, "_from_testcase", False) for block in connection.atomic_blocks
    )


@pytest.fixture(autouse=True)
def jobs_inline_at_commit(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.SIBINA_JOBS = "inline"
    on_commit = BaseDatabaseWrapper.on_commit
    atomic_exit = transaction.Atomic.__exit__

    def on_commit_now(self: BaseDatabaseWrapper, func: Callable[[], object], robust: bool = False) -> None:
        if _only_the_tests_blocks(self):
            func()
        else:
            on_commit(self, func, robust)

    def exit_and_commit(self: transaction.Atomic, *exc: Any) -> Any:
        outcome = atomic_exit(self, *exc)
        connection = transaction.get_connection(self.using)
        if _only_the_tests_blocks(connection):
            hooks, connection.run_on_commit = connection.run_on_commit, []
            for _savepoints, func, _robust in hooks:
                func()
        return outcome

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit_now)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_and_commit)
