"""The small city of tests/web/test_permissions.py with its hand-written 2027 plan set by decree, and a clock
that can be moved (``day``): delivery happens in the plan's year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from django.utils import timezone

from sibina.approvals.models import Persetujuan
from tests.module_db import built_once
from tests.web.test_permissions import World, _build

D = dt.date


def decree(w: World) -> Persetujuan:
    return Persetujuan.objects.create(
        cycle=w.cycle,
        plan=w.plan,
        tahap=Persetujuan.Tahap.DITETAPKAN,
        nomor_keputusan="800/1/2027",
        tanggal_keputusan=D(2026, 12, 1),
    )


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker) -> Iterator[World]:  # type: ignore[no-untyped-def]
    with built_once(django_db_blocker):
        w = _build()
        decree(w)
        yield w


@pytest.fixture
def day(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.date], None]:
    """Set the house date (``timezone.localdate``) for the test."""

    def move(to: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: to)

    move(D(2027, 1, 4))
    return move
