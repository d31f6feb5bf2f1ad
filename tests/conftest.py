from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from sibina.people.models import Instansi
from sibina.people.services import instansi_data_path, instansi_load_file
from tests.jobs_support import jobs_inline_at_commit  # noqa: F401  (autouse: background jobs run at commit)

# Property tests explore at random on a developer's machine (and keep what they find in .hypothesis/); CI runs a
# fixed, derandomised set with no example database, so a landing never depends on luck. Every failure found
# locally is kept as an explicit @example beside its test.
# Neither profile judges by the clock (no per-example deadline, no "too slow" health check): on a CI machine
# shared with other work both failed tests whose logic was right.
_UNTIMED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True, **_UNTIMED)
hypothesis_settings.register_profile("dev", print_blob=True, **_UNTIMED)
hypothesis_settings.load_profile(
    os.environ.get("SIBINA_HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


# The migrated data (reference tables, role groups), serialised once per session. A transactional test (its own
# commits, a live server, racing threads) empties every table when it ends; the hook below puts the data back at
# once, so no later test depends on the order the tests run in (pytest-xdist deals files to workers in any order).
MIGRATED: dict[str, str] = {}
_BLOCKER: list[Any] = []  # pytest-django's database blocker, kept for the hook (hooks get no fixtures)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    from django.db import connection

    with django_db_blocker.unblock():
        MIGRATED["default"] = (
            getattr(connection, "_test_serialized_contents", None)
            or connection.creation.serialize_db_to_string()
        )
    _BLOCKER.append(django_db_blocker)
    yield


def restore_migrated_data() -> None:
    """Bring the migrated data back when a transactional test emptied the tables (a no-op when it is there)."""
    from django.core.management import call_command
    from django.db import connection

    from sibina.reference.models import TingkatJabatan

    if not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = MIGRATED["default"]  # type: ignore[attr-defined]
    if not TingkatJabatan.objects.exists():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(MIGRATED["default"])


def _flushes(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return bool(
        (marker is not None and marker.kwargs.get("transaction"))
        or "transactional_db" in names
        or "live_server" in names
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    yield  # the test's fixtures are torn down here: a transactional one has flushed the tables
    # After the last test the session's fixtures are gone too (the test database with them): nothing to restore.
    if nextitem is not None and _flushes(item) and MIGRATED and _BLOCKER:
        with _BLOCKER[0].unblock():
            restore_migrated_data()


@pytest.fixture(autouse=True)
def _english_by_default(settings: Any) -> None:
    """Tests assert English messages; the Indonesian default is tested on purpose in tests/test_i18n.py."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """PBKDF2 is deliberately slow (~0.3 s a hash); accounts made by fixtures need no such protection. The
    production hasher is checked in tests/test_auth.py."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def binjai(db: None) -> Instansi:
    """Pemerintah Kota Binjai with its real OPD list, kecamatan and kelurahan."""
    return instansi_load_file(path=instansi_data_path("binjai"))
