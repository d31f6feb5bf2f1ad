"""The synthetic city built on an empty database: the command's summary, --if-empty, sizes refused, logins.

Apart from test_build.py, whose module builds one small city that its tests share."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from sibina.delivery.models import Kelas
from sibina.people.models import Pegawai

from .conftest import SEED, SIZE

pytestmark = pytest.mark.django_db


def test_build_prints_a_summary_with_the_requested_size(db: None) -> None:
    out = StringIO()
    call_command("demo", size=SIZE, seed=SEED, verbosity=1, stdout=out, stderr=StringIO())
    assert Pegawai.objects.count() == SIZE
    assert Pegawai.objects.filter(sintetis=False).count() == 0
    text = out.getvalue()
    assert f"size {SIZE}" in text
    assert f"employees: {SIZE}" in text


def test_demo_logins_before_a_build_says_so(db: None) -> None:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "sibina demo" in out.getvalue()


def test_if_empty_builds_on_an_empty_database(db: None) -> None:
    call_command("demo", "--if-empty", size=SIZE, seed=SEED, verbosity=0)
    assert Pegawai.objects.count() == SIZE


def test_a_size_too_small_for_the_structure_is_refused(db: None) -> None:
    with pytest.raises(CommandError):
        call_command("demo", size=100, verbosity=0)
    assert not Pegawai.objects.exists()


def test_a_small_city_whose_supervisor_has_no_one_left_still_gets_every_login(db: None) -> None:
    # size 300, seed 7: the demo supervisor's whole team is taken by other logins (StopIteration before).
    call_command("demo", size=300, seed=7, verbosity=0)
    assert User.objects.filter(pegawai__isnull=False).count() == 7


def test_the_demo_command_runs_the_half_year_when_asked(db: None) -> None:
    out = StringIO()
    call_command("demo", size=300, seed=7, until="2027-02-15", verbosity=1, stdout=out, stderr=StringIO())
    assert Kelas.objects.exists()
    assert not Kelas.objects.filter(mulai__gt=dt.date(2027, 3, 31)).exists()
    assert "SIBINA_DEMO_TODAY=2027-02-16" in out.getvalue()
