from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from sibina.catalogue.models import Kegiatan
from sibina.demo.catalogue import build_catalogue
from sibina.demo.context import DemoContext
from sibina.people.models import Instansi


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are asserted in English, whatever translations the project ships."""
    with translation.override("en"):
        yield


@pytest.fixture
def catalogue(binjai: Instansi) -> list[Kegiatan]:
    """The demo catalogue of Binjai (about 160 activities); no employees are needed for it."""
    build_catalogue(DemoContext(seed=1275, size=400, verbosity=0, instansi=binjai))
    return list(Kegiatan.objects.filter(instansi=binjai).order_by("kode"))
