from __future__ import annotations

import pytest

from sibina.people.models import Instansi
from sibina.people.services import instansi_data_path, instansi_load_file


@pytest.fixture
def binjai(db: None) -> Instansi:
    """Pemerintah Kota Binjai with its real OPD list, kecamatan and kelurahan."""
    return instansi_load_file(path=instansi_data_path("binjai"))
