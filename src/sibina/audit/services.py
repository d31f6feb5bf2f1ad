"""Writing the audit trail. Every service that changes state calls ``audit_record`` inside its transaction, so
the event is stored exactly when the change is."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from sibina.audit.context import client_address
from sibina.audit.models import AuditEvent
from sibina.roles import role_of

Json = dict[str, Any]


def _plain(value: Any) -> Any:
    """A value as JSON can hold it: dates as ISO text, money as text (never float), models by primary key."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> Json:
    """The concrete fields of a row (or the named ones) as plain JSON, foreign keys by id."""
    names = (
        list(fields)
        if fields is not None
        else [f.attname for f in obj._meta.concrete_fields if f.attname not in ("password",)]
    )
    return {name: _plain(getattr(obj, name)) for name in names}


def changed(before: Json | None, after: Json | None) -> tuple[Json | None, Json | None]:
    """Only the keys whose values differ, so an event shows the edit and not the whole row."""
    if before is None or after is None:
        return before, after
    keys = [k for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


# The relations through which a row reaches its instansi, tried in this order (an account reaches it through its
# employee record or its AkunInstansi link). Named, not imported, so the audit app depends on no other app.
TENANT_PATHS = (
    "cycle",
    "persetujuan",
    "review",
    "plan",
    "pegawai",
    "penugasan",
    "unit",
    "batch",
    "kegiatan",
    "akun_instansi",
)


def instansi_of(obj: object, depth: int = 4) -> int | None:
    """The instansi a row belongs to: its own ``instansi_id``, else the first relation in ``TENANT_PATHS`` that
    leads to one; None when none does (a group, a permission, an account with no employee record)."""
    own = getattr(obj, "instansi_id", None)
    if isinstance(own, int):
        return own
    if depth == 0 or not isinstance(obj, models.Model):
        return None
    for name in TENANT_PATHS:
        try:
            related = getattr(obj, name, None)
        except ObjectDoesNotExist:
            related = None
        if isinstance(related, models.Model):
            found = instansi_of(related, depth - 1)
            if found is not None:
                return found
    return None


# The relations through which a row reaches the unit it concerns, tried in this order (an OPD's review, an
# employee's unit, a proposal's or a coaching assignment's employee, an account's employee record).
UNIT_PATHS = ("unit", "pegawai", "review", "penugasan", "usulan")


def _path_root(path: str) -> int | None:
    first = path.strip("/").split("/", 1)[0]
    return int(first) if first.isdigit() else None


def opd_of(obj: object, depth: int = 3) -> int | None:
    """The OPD a row belongs to: for a unit, the top of its materialised path ("/12/40/" -> 12); else that of
    the first relation in ``UNIT_PATHS`` that leads to a unit; None when none does (a plan, a cycle)."""
    if not isinstance(obj, models.Model):
        return None
    path = getattr(obj, "path", None)
    if isinstance(path, str) and hasattr(obj, "parent_id"):  # a work unit
        return _path_root(path)
    if depth == 0:
        return None
    for name in UNIT_PATHS:
        try:
            related = getattr(obj, name, None)
        except ObjectDoesNotExist:
            related = None
        if isinstance(related, models.Model):
            found = opd_of(related, depth - 1)
            if found is not None:
                return found
    return None


def audit_record(
    *,
    by: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str = "",
    label: str = "",
    instansi_id: int | None = None,
) -> AuditEvent:
    """Append one event: who (and in which role), what, on which object (and its OPD, where it has one),
    before/after, from which address.

    The event belongs to ``instansi_id`` when given, else to the object's instansi, else to the actor's: an
    attempt on another instansi's record is that instansi's to read (it names their record), not the actor's.
    """
    user = by if isinstance(by, User) else None
    role = role_of(user) if user is not None else None
    if instansi_id is None and obj is not None:
        instansi_id = instansi_of(obj)
    if instansi_id is None and user is not None:
        instansi_id = instansi_of(user)
    return AuditEvent.objects.create(
        instansi_id=instansi_id,
        opd_id=opd_of(obj) if obj is not None else None,
        oleh=user,
        username=user.get_username() if user is not None else "",
        peran=role.value if role else ("superuser" if getattr(user, "is_superuser", False) else ""),
        aksi=action,
        objek_tipe=obj._meta.label_lower if obj is not None else "",
        objek_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        objek_label=(label or (str(obj) if obj is not None else ""))[:255],
        sebelum=_plain(dict(before)) if before is not None else None,
        sesudah=_plain(dict(after)) if after is not None else None,
        alamat=client_address(),
        keterangan=note,
    )
