"""The tiny planning city with one account per role, and its base plan optimised."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, User

from sibina.optimiser import SolveOptions
from sibina.people.models import Pegawai, UnitKerja
from sibina.planning.models import Plan
from sibina.planning.services import plan_optimise
from sibina.roles import Role
from tests import factories as f
from tests.planning.conftest import Tiny, tiny  # noqa: F401  (fixture re-export)


@dataclass
class Actors:
    bkpsdm: User
    kepala: User  # head of DINKES (the tiny city's OPD)
    kepala_other: User  # head of another OPD
    ppk: User
    auditor: User
    pegawai: User


def account(username: str, role: Role, pegawai: Pegawai | None = None) -> User:
    user = User.objects.create_user(username=username, password="unused-in-tests-2027")
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    if pegawai is not None:
        Pegawai.objects.filter(pk=pegawai.pk).update(user=user)
    return user


@pytest.fixture
def actors(tiny: Tiny) -> Actors:  # noqa: F811
    dinkes = UnitKerja.objects.get(instansi=tiny.instansi, kode="DINKES")
    disdik = UnitKerja.objects.get(instansi=tiny.instansi, kode="DISDIK")
    head = f.pegawai(tiny.instansi, dinkes, nama="Kepala Dinkes")
    other = f.pegawai(tiny.instansi, disdik, nama="Kepala Disdik")
    return Actors(
        bkpsdm=account("bkpsdm", Role.BKPSDM),
        kepala=account("kadinkes", Role.KEPALA_OPD, head),
        kepala_other=account("kadisdik", Role.KEPALA_OPD, other),
        ppk=account("sekda", Role.PPK),
        auditor=account("auditor", Role.AUDITOR),
        pegawai=account("pns0", Role.PEGAWAI, tiny.pns[0]),
    )


@pytest.fixture
def base_plan(tiny: Tiny, actors: Actors) -> Plan:  # noqa: F811
    plan = plan_optimise(cycle=tiny.cycle, options=SolveOptions(time_limit=10), marginal=False)
    assert plan is not None
    return plan
