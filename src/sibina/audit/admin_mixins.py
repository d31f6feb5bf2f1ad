# mypy: disable-error-code="type-arg"
# (ModelAdmin[Model] cannot be subscripted at run time without django-stubs-ext's monkeypatch.)
"""Edits made in the Django admin written to the audit trail, with the changed fields before and after.

The admin wraps a change form (with its inlines) and a delete in one transaction, so each event is stored exactly
when the edit is. The bulk "delete selected" action is not wrapped by Django; it is here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import BaseForm, BaseModelFormSet
from django.http import HttpRequest

from sibina.audit.services import Json, audit_record, changed, snapshot

ADD = "admin.add"
CHANGE = "admin.change"
DELETE = "admin.delete"


def _m2m_names(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.many_to_many]


def _pks(values: Iterable[Any]) -> list[Any]:
    return sorted(v.pk if isinstance(v, models.Model) else v for v in values)


def _fields(model: type[models.Model]) -> list[str]:
    """Concrete fields but passwords and ``auto_now`` stamps (every save changes those; the event has a time)."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname != "password" and not getattr(f, "auto_now", False)
    ]


def row_state(obj: models.Model) -> Json:
    """A saved row as the audit sees it: its concrete fields and, for many-to-many fields, the sorted ids."""
    state = snapshot(obj, _fields(type(obj)))
    for name in _m2m_names(type(obj)):
        state[name] = _pks(getattr(obj, name).values_list("pk", flat=True)) if obj.pk is not None else []
    return state


def _stored(obj: models.Model) -> models.Model | None:
    """The row as it is in the database now (the admin has already copied the form's values onto ``obj``)."""
    return type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk is not None else None


class AuditedAdmin(admin.ModelAdmin):
    """Mix into a ModelAdmin: every add, change (with inline rows) and delete writes one audit event per row.

    ``audit_masked`` maps a field to a function that hides its value in the trail (e.g. a NIK): changes are
    found on the real values, then shown masked, so the event says *that* it changed without exposing it.
    """

    audit_masked: Mapping[str, Callable[[Any], Any]] = {}

    def _mask(self, state: Json | None) -> Json | None:
        if state is None:
            return None
        return {k: (self.audit_masked[k](v) if k in self.audit_masked and v else v) for k, v in state.items()}

    def _record(
        self, request: HttpRequest, action: str, obj: models.Model, before: Json | None, after: Json | None
    ) -> None:
        before, after = changed(before, after)
        if action == CHANGE and not after:
            return  # saved without a change: nothing to record
        audit_record(
            by=request.user, action=action, obj=obj, before=self._mask(before), after=self._mask(after)
        )

    def save_model(self, request: HttpRequest, obj: Any, form: BaseForm, change: bool) -> None:
        stored = _stored(obj) if change else None
        before = row_state(stored) if stored is not None else None
        super().save_model(request, obj, form, change)
        # Read back, so values are compared as stored (a typed "21" is 21.0000 in a 4-decimal column).
        saved = _stored(obj) or obj
        after = snapshot(saved, _fields(type(obj)))
        # Many-to-many values are saved after this (save_related); the form holds exactly what will be saved.
        for name in _m2m_names(type(obj)):
            if name in form.cleaned_data:
                after[name] = _pks(form.cleaned_data[name] or [])
            else:
                after[name] = (before or {}).get(name, [])
        self._record(request, CHANGE if before is not None else ADD, obj, before, after)

    def save_formset(self, request: HttpRequest, form: BaseForm, formset: Any, change: bool) -> None:
        if not isinstance(formset, BaseModelFormSet):
            super().save_formset(request, form, formset, change)
            return
        pks = [f.instance.pk for f in formset.initial_forms if f.instance.pk is not None]
        stored = {o.pk: o for o in formset.model._default_manager.filter(pk__in=pks)} if pks else {}
        before = {pk: row_state(o) for pk, o in stored.items()}
        # Deleted rows are recorded while they still have their ids; a failure later rolls the event back too.
        for deleted in formset.deleted_forms:
            row = stored.get(deleted.instance.pk)
            if row is not None:
                self._record(request, DELETE, row, before[row.pk], None)
        super().save_formset(request, form, formset, change)
        written = [obj for obj, _names in formset.changed_objects] + list(formset.new_objects)
        saved: dict[Any, models.Model] = (
            formset.model._default_manager.in_bulk([obj.pk for obj in written]) if written else {}
        )
        for obj, _names in formset.changed_objects:
            self._record(request, CHANGE, obj, before.get(obj.pk), row_state(saved[obj.pk]))
        for obj in formset.new_objects:
            self._record(request, ADD, obj, None, row_state(saved[obj.pk]))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._record(request, DELETE, obj, row_state(obj), None)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic(using=queryset.db):
            for obj in queryset:
                self._record(request, DELETE, obj, row_state(obj), None)
            super().delete_queryset(request, queryset)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows only the app writes (an optimisation, a review, a notification, the audit trail): visible in the
    admin, never added, edited or deleted by hand."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
