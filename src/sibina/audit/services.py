"""Writing the audit trail. Every service that changes state calls ``audit_record`` inside its transaction, so
the event is stored exactly when the change is."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
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


def audit_record(
    *,
    by: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str = "",
    label: str = "",
) -> AuditEvent:
    """Append one event: who (and in which role), what, on which object, before/after, from which address."""
    user = by if isinstance(by, User) else None
    role = role_of(user) if user is not None else None
    return AuditEvent.objects.create(
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
