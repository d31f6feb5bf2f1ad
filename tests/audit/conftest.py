"""Accounts in each role, and a way to write events at a chosen time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from sibina.audit.models import AuditEvent
from sibina.roles import Role

PASSWORD = "binjai-demo-2027"


def role_user(username: str, role: Role | None, **flags: Any) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, **flags)
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def event_at(when: dt.datetime, **fields: Any) -> AuditEvent:
    return AuditEvent.objects.create(waktu=when, **fields)


def jakarta(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A time on the wall clock of Binjai (Asia/Jakarta)."""
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


@pytest.fixture
def admin_bkpsdm(db: None) -> User:
    return role_user("admin.bkpsdm", Role.BKPSDM, is_staff=True)


@pytest.fixture
def auditor(db: None) -> User:
    return role_user("auditor", Role.AUDITOR, is_staff=True)


@pytest.fixture
def kepala(db: None) -> User:
    return role_user("kepala.dinkes", Role.KEPALA_OPD)


@pytest.fixture
def pegawai_user(db: None) -> User:
    return role_user("pegawai", Role.PEGAWAI)


@pytest.fixture
def ppk(db: None) -> User:
    return role_user("ppk", Role.PPK)
