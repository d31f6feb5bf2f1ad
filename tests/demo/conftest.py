from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from pytest_django.fixtures import Settings

from sibina.people.models import Pegawai
from tests.module_db import built_once

SIZE, SEED = 400, 11


@pytest.fixture(autouse=True)
def fast_hasher(settings: Settings) -> None:
    """PBKDF2's deliberate slowness is not what these tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Assertions read command output in English, whatever translations the project ships."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def _built_city(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The small city is built once per module (a build takes seconds; most tests only read it): each test's
    writes are rolled back after it. Tests that need an empty database live in modules without it."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with built_once(django_db_blocker), fast, translation.override("en"):
        call_command("demo", size=SIZE, seed=SEED, verbosity=0)
        yield


@pytest.fixture
def city(_built_city: None, db: None) -> list[Pegawai]:
    """A small synthetic Binjai (400 employees), built through the command line as `make run` does."""
    return list(
        Pegawai.objects.select_related("unit", "jabatan__tingkat", "golongan", "atasan").order_by("nip")
    )
