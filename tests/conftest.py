from __future__ import annotations

from typing import Any

import pytest

from sibina.people.models import Instansi
from sibina.people.services import instansi_data_path, instansi_load_file


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
