"""The parts every loader shares: denial (logged), the account's scope, role rules and the scoped fetch."""

from __future__ import annotations

from typing import Literal, NoReturn, TypeVar

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from sibina.audit.selectors import Tenant
from sibina.audit.services import audit_record
from sibina.people.models import Instansi, Pegawai, UnitKerja
from sibina.people.scope import WIDE_ROLES, Scope, scope_for
from sibina.roles import Role

User = AbstractUser | AnonymousUser
M = TypeVar("M", bound=models.Model)

DENIED = "access.denied"
ALL_ROLES = frozenset(Role)
UNIT_ROLES = WIDE_ROLES | {Role.KEPALA_OPD}  # see figures per unit
READ_ONLY = frozenset({Role.AUDITOR, Role.PPK})  # submit nothing on these pages
BKPSDM_ONLY = frozenset({Role.BKPSDM})
# Read the leaders' dashboard (an atasan sees their direct team, a Kepala OPD their OPD, the wide roles any unit).
LEADER_ROLES = frozenset({Role.BKPSDM, Role.AUDITOR, Role.PPK, Role.KEPALA_OPD, Role.ATASAN})
# Endorse the proposals of their own direct subordinates.
DECIDERS = frozenset({Role.BKPSDM, Role.KEPALA_OPD, Role.ATASAN})


def deny(
    user: User, status: Literal[403, 404], asked: str, *, obj: models.Model | None = None, message: str = ""
) -> NoReturn:
    """Log the refused attempt (who, what was asked, on which object) and answer 403 or 404."""
    audit_record(by=user, action=DENIED, obj=obj, note=asked, after={"status": status, "asked": asked})
    if status == 404:
        raise Http404(message or _("Not found."))
    raise PermissionDenied(message or _("Your role may not do this."))


def user_scope(user: User) -> Scope:
    """The account's scope, read once per request (it is cached on the user object)."""
    cached: Scope | None = getattr(user, "_sibina_scope", None)
    if cached is None:
        cached = scope_for(user)
        user._sibina_scope = cached  # type: ignore[union-attr]
    return cached


def require_role(user: User, asked: str, roles: frozenset[Role] = ALL_ROLES) -> Scope:
    """The scope of an account whose role may open this; 403 (logged) for other roles and for no role."""
    scope = user_scope(user)
    if scope.role is None:
        deny(user, 403, asked, message=_("Your account has no role yet. Ask BKPSDM to give it one."))
    if scope.role not in roles:
        deny(user, 403, asked)
    return scope


def require_writer(user: User, asked: str, roles: frozenset[Role] = ALL_ROLES) -> Scope:
    """As ``require_role``, and never for the read-only roles (auditor, PPK)."""
    return require_role(user, asked, roles - READ_ONLY)


def require_bkpsdm(user: User, asked: str = "BKPSDM action") -> Scope:
    return require_role(user, asked, BKPSDM_ONLY)


def scoped_get(user: User, asked: str, scoped: QuerySet[M], message: str, **lookup: object) -> M:
    """The one row of ``scoped`` (a queryset already limited to the account's instansi and scope) matching
    ``lookup``; else 404. The object returned can only come from the scoped query. When the row exists outside
    the scope the attempt is logged (``deny``); the answer is the same 404 either way, so nothing is revealed."""
    found = scoped.filter(**lookup).first()
    if found is not None:
        return found
    existing = scoped.model._default_manager.filter(**lookup).first()
    if existing is not None:
        deny(user, 404, asked, obj=existing, message=message)
    raise Http404(message)


def own_get(
    user: User, asked: str, rows: QuerySet[M], *, owner: str, message: str, pk: int, instansi: str = ""
) -> tuple[Scope, M]:
    """The row ``pk`` of ``rows`` held by the account's own employee, to write on: ``owner`` reaches that
    Pegawai from the rows (e.g. ``"peserta__pegawai"``), ``instansi`` the row's instansi id (by default the
    owner's). Nobody else's row is found (``scoped_get``); an account tied to no employee holds none."""
    scope = require_writer(user, asked)
    me = scope.pegawai_id
    where = scope.instansi_q(instansi or f"{owner}__instansi_id")
    own = rows.filter(where, **{f"{owner}_id": me}) if me is not None else rows.none()
    return scope, scoped_get(user, asked, own, message, pk=pk)


def in_instansi(scope: Scope, instansi_id: int | None) -> bool:
    """Only the account's own instansi; an account tied to none sees none."""
    return scope.in_instansi(instansi_id)


def pegawai_q(scope: Scope, prefix: str = "") -> Q:
    """Employees in scope, always within the account's instansi (``prefix`` reaches Pegawai, e.g. ``"pegawai__"``)."""
    return scope.pegawai_q(prefix)


def unit_q(scope: Scope, prefix: str = "") -> Q:
    """Units in scope: all of the instansi, or a Kepala OPD's subtree; none for the other roles."""
    return scope.unit_q(prefix)


def covers_pegawai(scope: Scope, pegawai: Pegawai) -> bool:
    return scope.covers_pegawai(pegawai)


def covers_unit(scope: Scope, unit: UnitKerja) -> bool:
    return scope.covers_unit(unit)


def kepala_opd(user: User, scope: Scope, asked: str) -> UnitKerja:
    """A Kepala OPD's own OPD; 403 when the account is not tied to an employee of one."""
    if scope.opd is None:
        deny(user, 403, asked, message=_("Your account is not linked to an employee of an OPD."))
    return scope.opd


def is_bkpsdm(user: User) -> bool:
    """BKPSDM staff (or a superuser): import, run the analysis, optimise, verify proposals."""
    return user_scope(user).role == Role.BKPSDM


def can_decide_proposals(scope: Scope) -> bool:
    return scope.role in DECIDERS


def audit_tenant(user: User) -> Tenant:
    """Whose audit trail the account reads: its instansi's (and the untenanted events when it is the only one)."""
    instansi_id = user_scope(user).instansi_id
    ids = list(Instansi.objects.values_list("pk", flat=True)[:2])
    return Tenant(instansi_id, untenanted=ids == [] or (instansi_id is not None and ids == [instansi_id]))
