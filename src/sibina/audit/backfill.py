"""Events written before the audit trail knew tenants and OPDs (audit migrations 0002 and 0003) have no
``instansi_id`` and ``opd_id`` (the columns that file an event, not what it records): with several instansi they are shown only in the admin, and the OPD filter misses
them. ``events_backfill`` finds them from the object each event names, by the same rules a new event uses
(``services.instansi_of`` / ``opd_of``). It only fills what is empty, so running it twice changes nothing; an
event whose object is gone (or names none) keeps its empty fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import Model, Q

from sibina.audit.models import AuditEvent
from sibina.audit.services import audit_record, instansi_of, opd_of

BATCH = 500


@dataclass(frozen=True)
class Backfilled:
    examined: int  # events with an empty tenant or OPD that name an object
    instansi: int  # of those, given their instansi
    opd: int  # given their OPD


def _object(label: str, pk: str) -> Model | None:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    try:
        found: Model | None = model._default_manager.filter(pk=pk).first()

    except (ValueError, TypeError):  # an id of the wrong type for that model
        return None
    return found


def events_backfill(*, on_progress: Callable[[int, int], None] | None = None) -> Backfilled:
    empty = Q(instansi_id__isnull=True) | Q(opd_id__isnull=True)
    events = AuditEvent.objects.filter(empty).exclude(objek_tipe="").exclude(objek_id="")
    keys = list(events.values_list("objek_tipe", "objek_id").distinct().order_by("objek_tipe", "objek_id"))
    total, done, n_instansi, n_opd = events.count(), 0, 0, 0
    for start in range(0, len(keys), BATCH):
        with transaction.atomic():
            for label, pk in keys[start : start + BATCH]:
                obj = _object(label, pk)
                same = events.filter(objek_tipe=label, objek_id=pk)
                count = same.count()
                done += count
                if obj is None:
                    continue
                tenant, opd = instansi_of(obj), opd_of(obj)
                if tenant is not None:
                    n_instansi += same.filter(instansi_id__isnull=True).update(instansi_id=tenant)
                if opd is not None:
                    n_opd += same.filter(opd_id__isnull=True).update(opd_id=opd)
        if on_progress is not None:
            on_progress(done, total)
    result = Backfilled(total, n_instansi, n_opd)
    if n_instansi or n_opd:  # the backfill itself is on the trail (a command: no account)
        audit_record(
            by=None,
            action="audit.backfill",
            after={"examined": result.examined, "instansi": n_instansi, "opd": n_opd},
        )
    return result
