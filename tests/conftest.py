from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from sibina.people.models import Instansi
from sibina.people.services import instansi_data_path, instansi_load_file
from tests.jobs_support import jobs_inline_at_commit  # noqa: F401  (autouse: background jobs run at commit)

# Property tests explore at random on a developer's machine (and keep what they find in .hypothesis/); CI runs a
# fixed, derandomised set with no example database, so a landing never depends on luck. Every failure found
# locally is kept as an explicit @example beside its test.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("dev", print_blob=True)
hypothesis_settings.load_profile(
    os.environ.get("SIBINA_HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


# The migrated data (reference tables, role groups), serialised once per session: a transactional test empties
# the tables when it ends, and the tests that need the data after one restore it from here
# (tests/concurrency/conftest.py). Django keeps its own copy on the connection, but not reliably across the suite.
MIGRATED: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    from django.db import connection

    with django_db_blocker.unblock():
        MIGRATED["default"] = (
            getattr(connection, "_test_serialized_contents", None)
            or connection.creation.serialize_db_to_string()
        )
    yield


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
