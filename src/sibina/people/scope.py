"""Whose records an account may see: the whole instansi, one OPD's subtree, direct subordinates, or itself.

One function decides it (``scope_for``) and every list, loader, export and command filters through the ``Scope``
it returns, so a rule changes in one place. Reading is scoped here; what a role may *change* is checked by the
services and loaders that change things (``sibina.access``).

**The instansi is part of every scope** (docs/decisions/0012-tenant-scope.md). An account belongs to

1. the instansi of its employee record (``Pegawai.user``), else
2. the instansi named for it in ``AkunInstansi`` (operators, PPK and auditors without an employee record), else
3. the only instansi, when the installation holds exactly one (the embedded default, one city), else
4. none: such an account sees no instansi's data at all (it fails closed).

Every filter built here (``pegawai_q``, ``unit_q``) names the instansi, for the wide roles too, so a BKPSDM
account of one instansi never reads or acts on another's records.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AbstractUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from sibina.people import domain
from sibina.people.models import AkunInstansi, Instansi, Pegawai, UnitKerja
from sibina.roles import Role, role_of

WIDE_ROLES = frozenset({Role.BKPSDM, Role.AUDITOR, Role.PPK})
Account = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Scope:
    role: Role | None
    pegawai_id: int | None = None  # the account's own employee record
    instansi_id: int | None = None  # the account's instansi; None: it sees no instansi's data
    opd: UnitKerja | None = None  # a Kepala OPD's agency (top-level unit)

    @property
    def sees_all(self) -> bool:
        """BKPSDM, the PPK and the auditor read everything *of their instansi*."""
        return self.role in WIDE_ROLES and self.instansi_id is not None

    @property
    def read_only(self) -> bool:
        return self.role == Role.AUDITOR

    def in_instansi(self, instansi_id: int | None) -> bool:
        return self.instansi_id is not None and instansi_id == self.instansi_id

    def instansi_q(self, path: str = "instansi_id") -> Q:
        """A filter on the instansi (``path`` reaches its id, e.g. ``"cycle__instansi_id"``); none: nothing."""
        if self.instansi_id is None:
            return Q(pk__in=[])
        return Q(**{path: self.instansi_id})

    def pegawai_q(self, prefix: str = "") -> Q:
        """A filter on Pegawai (or on a model reaching it through ``prefix``, e.g. ``"pegawai__"``)."""
        nothing = Q(**{f"{prefix}pk__in": []})
        if self.instansi_id is None:
            return nothing
        q = Q(**{f"{prefix}instansi_id": self.instansi_id})
        if self.sees_all:
            return q
        if self.role == Role.KEPALA_OPD and self.opd is not None:
            return q & Q(**{f"{prefix}unit__path__startswith": self.opd.path})
        if self.role == Role.ATASAN and self.pegawai_id is not None:
            return q & (Q(**{f"{prefix}atasan_id": self.pegawai_id}) | Q(**{f"{prefix}pk": self.pegawai_id}))
        if self.pegawai_id is not None:
            return q & Q(**{f"{prefix}pk": self.pegawai_id})
        return nothing

    def unit_q(self, prefix: str = "") -> Q:
        """A filter on UnitKerja: all units of the instansi, or the OPD's subtree; others see no unit figures."""
        nothing = Q(**{f"{prefix}pk__in": []})
        if self.instansi_id is None:
            return nothing
        q = Q(**{f"{prefix}instansi_id": self.instansi_id})
        if self.sees_all:
            return q
        if self.role == Role.KEPALA_OPD and self.opd is not None:
            return q & Q(**{f"{prefix}path__startswith": self.opd.path})
        return nothing

    def covers_pegawai(self, pegawai: Pegawai) -> bool:
        if not self.in_instansi(pegawai.instansi_id):
            return False
        if self.sees_all:
            return True
        if self.role == Role.KEPALA_OPD and self.opd is not None:
            return pegawai.unit is not None and pegawai.unit.path.startswith(self.opd.path)
        if self.role == Role.ATASAN and pegawai.atasan_id == self.pegawai_id and self.pegawai_id:
            return True
        return self.pegawai_id is not None and pegawai.pk == self.pegawai_id

    def covers_unit(self, unit: UnitKerja) -> bool:
        if not self.in_instansi(unit.instansi_id):
            return False
        if self.sees_all:
            return True
        return self.role == Role.KEPALA_OPD and self.opd is not None and unit.path.startswith(self.opd.path)


def opd_of(unit: UnitKerja) -> UnitKerja:
    """The agency a unit belongs to: the top of its branch of the tree."""
    top_id = int(unit.path.strip("/").split("/")[0]) if unit.path.strip("/") else unit.pk
    return unit if top_id == unit.pk else UnitKerja.objects.get(pk=top_id)


def account_instansi_id(user: Account, me: Pegawai | None = None) -> int | None:
    """The instansi an account belongs to, by the four rules of the module docstring (``me``: its employee
    record when the caller has already read it)."""
    if user.pk is None or not user.is_authenticated:
        return None
    if me is None:
        me = Pegawai.objects.filter(user_id=user.pk).only("instansi_id").first()
    return me.instansi_id if me is not None else _unlinked_instansi_id(user)


def _unlinked_instansi_id(user: Account) -> int | None:
    """Rules 2-4 for an account without an employee record, in one query: its linked instansi first, else the
    only one there is."""
    if user.pk is None:
        return None
    linked = Exists(AkunInstansi.objects.filter(user_id=user.pk, instansi_id=OuterRef("pk")))
    rows = list(
        Instansi.objects.annotate(linked=linked).order_by("-linked", "pk").values_list("pk", "linked")[:2]
    )
    if rows and rows[0][1]:
        return int(rows[0][0])
    return int(rows[0][0]) if len(rows) == 1 else None


def scope_for(user: Account) -> Scope:
    role = role_of(user)
    if role is None or user.pk is None:
        return Scope(role=None)
    me = Pegawai.objects.select_related("unit").filter(user_id=user.pk).first()
    if me is None:
        return Scope(role=role, instansi_id=_unlinked_instansi_id(user))
    opd = opd_of(me.unit) if role == Role.KEPALA_OPD and me.unit is not None else None
    return Scope(role=role, pegawai_id=me.pk, instansi_id=me.instansi_id, opd=opd)


def require_actor_instansi(by: Account, instansi_id: int | None) -> None:
    """A service's first check: the actor acts only on records of its own instansi (PermissionDenied otherwise),
    whatever its role (the role is the service's next check).

    Pages reach services through loaders that already filter by the instansi; this holds for every other
    caller too (the API to come, jobs, the shell), so a service cannot be talked into another tenant's data.
    """
    own = account_instansi_id(by)
    if own is None or own != instansi_id:
        raise PermissionDenied(_("This record belongs to another agency."))


# --- NIK: who sees it whole ------------------------------------------------------------------------------------


def can_see_nik(user: AbstractUser | AnonymousUser) -> bool:
    return user.has_perm("people.view_nik")


def visible_cell(user: AbstractUser | AnonymousUser, kolom: str, nilai: str) -> str:
    """A value from an import record as this user may see it: NIKs masked without ``people.view_nik``."""
    return nilai if can_see_nik(user) else domain.mask_if_nik(kolom, nilai)
