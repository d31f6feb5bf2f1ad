"""SIBINA_DEMO_TODAY: the whole app takes the simulated day as today, says so on every page, and a deployment
check warns."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone

from sibina import demo_clock
from sibina.deploy_checks import demo_clock_off
from sibina.people.models import Instansi, Pegawai, UnitKerja
from tests import factories


@pytest.fixture
def restore_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "now", timezone.now)  # put back whatever install() replaces


def test_unset_the_real_clock_runs(settings: Any, restore_clock: None) -> None:
    settings.SIBINA_DEMO_TODAY = ""
    before = timezone.now
    demo_clock.install()
    assert timezone.now is before
    assert demo_clock_off(None) == []


def test_set_every_reader_of_today_gets_the_day_and_time_still_passes(
    settings: Any, restore_clock: None
) -> None:
    settings.SIBINA_DEMO_TODAY = "2027-07-01"
    demo_clock.install()
    assert timezone.localdate() == dt.date(2027, 7, 1)
    first = timezone.now()
    assert timezone.now() >= first
    assert [w.id for w in demo_clock_off(None)] == ["sibina.W011"]


def test_a_bad_day_is_refused_by_name(settings: Any) -> None:
    settings.SIBINA_DEMO_TODAY = "1-7-2027"
    with pytest.raises(ImproperlyConfigured, match="SIBINA_DEMO_TODAY"):
        demo_clock.demo_today()


def test_the_demo_banner_names_the_simulated_day(settings: Any, client: Client, binjai: Instansi) -> None:
    unit = UnitKerja.objects.filter(instansi=binjai).first()
    assert unit is not None
    Pegawai.objects.filter(pk=factories.pegawai(binjai, unit).pk).update(sintetis=True)
    settings.SIBINA_DEMO_TODAY = "2027-07-01"
    body = client.get("/login/").content.decode()
    assert "Simulated date: 1 July 2027." in body
