"""Reading the audit trail: who may, and the events matching a filter, always within one instansi (tenant)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from sibina.audit.models import AuditEvent
from sibina.roles import Role, role_of

READER_ROLES = frozenset({Role.BKPSDM, Role.AUDITOR})


def can_read_audit(user: AbstractBaseUser | AnonymousUser) -> bool:
    """BKPSDM administrators (and superusers) and the Inspektorat's auditors read the trail; nobody edits it."""
    return role_of(user) in READER_ROLES


@dataclass(frozen=True)
class Tenant:
    """Whose trail a reader sees: the events of their instansi, plus the events with no instansi when the
    installation holds only theirs or none yet (then nobody else's can be among them). A reader of no instansi
    in an installation of several: nothing."""

    instansi_id: int | None
    untenanted: bool = False

    def q(self) -> Q:
        if self.instansi_id is None:
            return Q(instansi_id__isnull=True) if self.untenanted else Q(pk__in=[])
        own = Q(instansi_id=self.instansi_id)
        return own | Q(instansi_id__isnull=True) if self.untenanted else own


@dataclass(frozen=True)
class AuditFilter:
    tenant: Tenant  # required: a selection of the trail is always of one instansi
    dari: dt.date | None = None  # first day, inclusive (Asia/Jakarta)
    sampai: dt.date | None = None  # last day, inclusive
    username: str = ""
    peran: str = ""
    aksi: str = ""
    objek_tipe: str = ""
    opd_id: int | None = None
    q: str = ""


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def event_list(*, filters: AuditFilter) -> QuerySet[AuditEvent]:
    """Events matching every given filter, newest first. Days are bounded as times so the index on ``waktu`` is used."""
    events = AuditEvent.objects.filter(filters.tenant.q())
    if filters.dari is not None:
        events = events.filter(waktu__gte=_day_start(filters.dari))
    if filters.sampai is not None:
        events = events.filter(waktu__lt=_day_start(filters.sampai + dt.timedelta(days=1)))
    if filters.username:
        events = events.filter(username__iexact=filters.username)
    if filters.peran:
        events = events.filter(peran=filters.peran)
    if filters.aksi:
        events = events.filter(aksi=filters.aksi)
    if filters.objek_tipe:
        events = events.filter(objek_tipe=filters.objek_tipe)
    if filters.opd_id is not None:
        events = events.filter(opd_id=filters.opd_id)
    if filters.q:
        events = events.filter(
            Q(username__icontains=filters.q)
            | Q(objek_label__icontains=filters.q)
            | Q(objek_id=filters.q)
            | Q(keterangan__icontains=filters.q)
            | Q(aksi__icontains=filters.q)
            | Q(alamat=filters.q)
        )
    return events.select_related("oleh").order_by("-waktu", "-id")


def action_values(*, tenant: Tenant) -> list[str]:
    """The actions that occur in the tenant's trail, for the filter's choices."""
    return list(
        AuditEvent.objects.filter(tenant.q()).order_by("aksi").values_list("aksi", flat=True).distinct()
    )


def object_type_values(*, tenant: Tenant) -> list[str]:
    return [
        t
        for t in AuditEvent.objects.filter(tenant.q())
        .order_by("objek_tipe")
        .values_list("objek_tipe", flat=True)
        .distinct()
        if t
    ]


def people_values(*, tenant: Tenant) -> list[tuple[str, str, str]]:
    """The people who appear in the tenant's trail, for the filter's choices: (user name, first name, last name),
    the names of the account if it still exists. By user name, the text every event keeps (a failed login and a
    removed account have no account row)."""
    rows = (
        AuditEvent.objects.filter(tenant.q())
        .exclude(username="")
        .order_by("username")
        .values_list("username", "oleh__first_name", "oleh__last_name")
        .distinct()
    )
    seen: dict[str, tuple[str, str, str]] = {}
    for username, first, last in rows:
        if username not in seen or (first or last):
            seen[username] = (username, first or "", last or "")
    return list(seen.values())
