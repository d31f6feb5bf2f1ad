from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.utils import translation
from pytest_django.fixtures import Settings

from sibina.people.models import Pegawai

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


@pytest.fixture
def city(db: None) -> Iterator[list[Pegawai]]:
    """A small synthetic Binjai (400 employees), built through the command line as `make run` does."""
    call_command("demo", size=SIZE, seed=SEED, verbosity=0)
    yield list(
        Pegawai.objects.select_related("unit", "jabatan__tingkat", "golongan", "atasan").order_by("nip")
    )
