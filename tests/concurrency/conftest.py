"""Truly concurrent requests: two threads, each with its own database connection, released together by a
barrier. Which one wins may vary; the tests assert that exactly one does.

SQLite's test database is in memory with a shared cache, where a second writer fails at once ("table is
locked") instead of waiting: there the test database is copied to a file for the test, so the threads meet the
settings a real deployment runs with (WAL, IMMEDIATE transactions, the busy timeout).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from sibina.people.models import Instansi
from sibina.people.services import instansi_data_path, instansi_load_file
from tests.conftest import restore_migrated_data

STALE = "Someone else changed this"
# Each test starts from the migrated reference data (a transactional test empties the tables when it ends).
concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def concurrent_db(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """The test database, reachable by several connections at once (see the module's docstring)."""
    restore_migrated_data()
    if connection.vendor != "sqlite":
        yield
        return
    settings = connection.settings_dict  # shared by the connections of every thread
    memory_name = settings["NAME"]
    connection.ensure_connection()
    path = tmp_path / "concurrent.sqlite3"
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    memory = connection.connection  # kept open: the in-memory database lives as long as one connection does
    connection.connection = None
    settings["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        settings["NAME"] = memory_name
        connection.connection = memory


@pytest.fixture
def binjai(concurrent_db: None) -> Instansi:
    """Binjai, built after the database is made reachable from several threads (every city fixture uses it)."""
    return instansi_load_file(path=instansi_data_path("binjai"))


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None

    @property
    def refused(self) -> bool:
        return isinstance(self.error, ValidationError)

    @property
    def message(self) -> str:
        assert isinstance(self.error, ValidationError), self.error
        return " ".join(self.error.messages)


def race(*calls: Callable[[], Any]) -> list[Outcome]:
    """Run each call in its own thread, all released at the same instant; each thread connects before the
    barrier and closes its connection at the end. Returns each call's outcome, in the order given."""
    barrier = threading.Barrier(len(calls))
    outcomes = [Outcome() for _ in calls]

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=60)
            outcomes[i].value = call()
        except BaseException as exc:  # reported to the test, which asserts on it
            outcomes[i].error = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call), name=f"race-{i}") for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a racing request never finished"
    for o in outcomes:  # a crash (anything but a refusal) fails the test with its own traceback
        if o.error is not None and not o.refused:
            raise o.error
    return outcomes


def one_winner(outcomes: list[Outcome]) -> tuple[int, Outcome]:
    """The index and outcome of the single call that applied; the other must have been refused."""
    applied = [i for i, o in enumerate(outcomes) if o.error is None]
    assert len(applied) == 1, [o.error for o in outcomes]
    assert sum(o.refused for o in outcomes) == len(outcomes) - 1
    return applied[0], outcomes[applied[0]]
