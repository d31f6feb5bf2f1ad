"""The audit trail as a person reads it: actions, object types, objects, people and fields by their names.

An event stores codes (``"approvals.reviewopd"``, ``"bentuk_id": 25``); a page of events is turned into names in
the reader's language here, in bulk: one query per object type and per related model on the page, never one per
event. Models are found by their label through Django's app registry, so the audit app imports no other app.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from sibina.audit.actions import action_label, key_label
from sibina.audit.models import AuditEvent

VALUE_SHOWN = 200  # characters of one before/after value on the page; the CSV has them whole
NONE = "—"


def model_of(code: str) -> type[models.Model] | None:
    """The model an event's ``objek_tipe`` ("app_label.modelname") names, if it still exists."""
    if "." not in code:
        return None
    try:
        return apps.get_model(code)
    except (LookupError, ValueError):
        return None


def type_label(code: str) -> str:
    """An object type by the model's verbose name, else its code."""
    model = model_of(code)
    return capfirst(str(model._meta.verbose_name)) if model is not None else code


def person_name(user: AbstractBaseUser | None, username: str = "") -> str:
    """A person by full name, else user name (the text kept on the event outlives the account)."""
    if user is not None:
        full = getattr(user, "get_full_name", lambda: "")().strip()
        return full or user.get_username()
    return username


def _object_text(obj: models.Model) -> str:
    return person_name(obj) if isinstance(obj, AbstractBaseUser) else str(obj)


def _clean_pks(model: type[models.Model], raw: Iterable[Any], *, ids_only: bool = False) -> set[Any]:
    """The values that can be primary keys of ``model``. ``ids_only``: only numbers, as ``snapshot`` stores a
    foreign key (a service may store a natural key under the field's name instead, e.g. an employee's NIP)."""
    pks = set()
    for value in raw:
        if value is None or value == "" or isinstance(value, bool | dict | list):
            continue
        if ids_only and not isinstance(value, int):
            continue
        try:
            pks.add(model._meta.pk.to_python(value))
        except (ValidationError, TypeError, ValueError):
            continue  # a stored value that is not an id of this model: shown as it is
    return pks


class Names:
    """Labels of rows, fetched once per model for a whole page: ``want`` ids first, then ``get``."""

    def __init__(self) -> None:
        self._wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self._found: dict[type[models.Model], dict[Any, str]] = {}

    def want(self, model: type[models.Model], values: Iterable[Any], *, ids_only: bool = False) -> None:
        self._wanted[model] |= _clean_pks(model, values, ids_only=ids_only)

    def fetch(self) -> None:
        for model, pks in self._wanted.items():
            found = model._default_manager.in_bulk(sorted(pks, key=str)) if pks else {}
            self._found[model] = {pk: _object_text(obj) for pk, obj in found.items()}

    def get(self, model: type[models.Model], value: Any, *, ids_only: bool = False) -> str | None:
        pks = _clean_pks(model, [value], ids_only=ids_only)
        if not pks:
            return None
        return self._found.get(model, {}).get(next(iter(pks)))


@dataclass(frozen=True)
class Change:
    field: str  # the field's verbose name, else the stored key
    code: str  # the stored key, shown on hover
    before: str
    after: str


@dataclass(frozen=True)
class ReadableEvent:
    event: AuditEvent
    action: str
    person: str
    object_type: str
    object_label: str
    changes: list[Change]
    both_sides: bool  # the event has a before and an after: a three-column table, else two

    @property
    def object_code(self) -> str:
        e = self.event
        return f"{e.objek_tipe} #{e.objek_id}" if e.objek_id else e.objek_tipe


def _side(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _changed_keys(event: AuditEvent) -> list[str]:
    """Keys of the event's before/after, only those whose value changed when it has both."""
    before, after = _side(event.sebelum), _side(event.sesudah)
    keys = sorted(set(before) | set(after))
    if event.sebelum is not None and event.sesudah is not None:
        keys = [k for k in keys if k not in before or k not in after or before[k] != after[k]]
    return keys


def _field(model: type[models.Model] | None, key: str, action: str) -> models.Field[Any, Any] | None:
    """The object's field a before/after key names, unless the action named that key itself (then it is the
    writer's own figure, e.g. a refusal's HTTP "status" on an employee, who has a status field too)."""
    if model is None or key_label(action, key) is not None:
        return None
    try:
        field = model._meta.get_field(key)  # a name or, for a foreign key, its attname ("bentuk_id")
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _related(field: models.Field[Any, Any] | None) -> type[models.Model] | None:
    if field is None or not field.is_relation:
        return None
    related = field.related_model
    return related if isinstance(related, type) and issubclass(related, models.Model) else None


def _cut(text: str) -> str:
    return text if len(text) <= VALUE_SHOWN else text[: VALUE_SHOWN - 1] + "…"


def _shown(field: models.Field[Any, Any] | None, value: Any, names: Names) -> str:
    """A stored value as a reader reads it: Yes/No, a choice's label, a related row's name; else as stored."""
    if value is None:
        return NONE
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    related = _related(field)
    if related is not None and (
        isinstance(value, list) or (isinstance(value, int) and not isinstance(value, bool))
    ):
        values = value if isinstance(value, list) else [value]
        shown = [
            names.get(related, v, ids_only=True) or (f"#{v}" if isinstance(v, int) else str(v))
            for v in values
        ]
        return _cut(", ".join(shown)) if shown else NONE
    if field is not None and field.choices and isinstance(value, str | int):
        label = dict(field.flatchoices).get(value)
        if label is not None:
            return str(label)
    if isinstance(value, str):
        return _cut(value)
    return _cut(json.dumps(value, ensure_ascii=False, sort_keys=True))


def _want_related(events: Sequence[AuditEvent], names: Names) -> None:
    for event in events:
        model = model_of(event.objek_tipe)
        if model is not None and event.objek_id:
            names.want(model, [event.objek_id])
        for key in _changed_keys(event):
            related = _related(_field(model, key, event.aksi))
            if related is None:
                continue
            for side in (_side(event.sebelum), _side(event.sesudah)):
                value = side.get(key)
                names.want(related, value if isinstance(value, list) else [value], ids_only=True)


def _changes(event: AuditEvent, names: Names) -> list[Change]:
    model = model_of(event.objek_tipe)
    before, after = _side(event.sebelum), _side(event.sesudah)
    rows = []
    for key in _changed_keys(event):
        named = key_label(event.aksi, key)
        field = _field(model, key, event.aksi)
        rows.append(
            Change(
                field=named or (capfirst(str(field.verbose_name)) if field is not None else key),
                code=key,
                before=_shown(field, before[key], names) if key in before else "",
                after=_shown(field, after[key], names) if key in after else "",
            )
        )
    return rows


def _object_label(event: AuditEvent, names: Names) -> str:
    """The object as it is named now if it still exists, else as it was named then, else "type #id"."""
    model = model_of(event.objek_tipe)
    live = names.get(model, event.objek_id) if model is not None and event.objek_id else None
    if live:
        return live
    if event.objek_label:
        return event.objek_label
    return f"{type_label(event.objek_tipe)} #{event.objek_id}" if event.objek_id else ""


def readable(events: Sequence[AuditEvent]) -> list[ReadableEvent]:
    """A page of events (with ``oleh`` selected) in the reader's language."""
    names = Names()
    _want_related(events, names)
    names.fetch()
    return [
        ReadableEvent(
            event=e,
            action=action_label(e.aksi),
            person=person_name(e.oleh, e.username),
            object_type=type_label(e.objek_tipe) if e.objek_tipe else "",
            object_label=_object_label(e, names),
            changes=_changes(e, names),
            both_sides=e.sebelum is not None and e.sesudah is not None,
        )
        for e in events
    ]
