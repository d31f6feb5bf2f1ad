"""Whose records an account may see: the whole instansi, one OPD's subtree, direct subordinates, or itself.

One function decides it (``scope_for``) and every list, loader, export and command filters through the ``Scope``
it returns, so a rule changes in one place. Reading is scoped here; what a role may *change* is checked by the
services and loaders that change things.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q

from sibina.people.models import Pegawai, UnitKerja
from sibina.roles import Role, role_of

WIDE_ROLES = frozenset({Role.BKPSDM, Role.AUDITOR, Role.PPK})


@dataclass(frozen=True)
class Scope:
    role: Role | None
    pegawai_id: int | None = None  # the account's own employee record
    instansi_id: int | None = None
    opd: UnitKerja | None = None  # a Kepala OPD's agency (top-level unit)

    @property
    def sees_all(self) -> bool:
        """BKPSDM, the PPK and the auditor read everything of their instansi."""
        return self.role in WIDE_ROLES

    @property
    def read_only(self) -> bool:
        return self.role == Role.AUDITOR

    def pegawai_q(self, prefix: str = "") -> Q:
        """A filter on Pegawai (or on a model reaching it through ``prefix``, e.g. ``"pegawai__"``)."""
        if self.sees_all:
            return Q()
        if self.role == Role.KEPALA_OPD and self.opd is not None:
            return Q(**{f"{prefix}unit__path__startswith": self.opd.path})
        if self.role == Role.ATASAN and self.pegawai_id is not None:
            return Q(**{f"{prefix}atasan_id": self.pegawai_id}) | Q(**{f"{prefix}pk": self.pegawai_id})
        if self.pegawai_id is not None:
            return Q(**{f"{prefix}pk": self.pegawai_id})
        return Q(**{f"{prefix}pk__in": []})

    def unit_q(self, prefix: str = "") -> Q:
        """A filter on UnitKerja: all units, or the OPD's subtree; others see no unit-level figures."""
        if self.sees_all:
            return Q()
        if self.role == Role.KEPALA_OPD and self.opd is not None:
            return Q(**{f"{prefix}path__startswith": self.opd.path})
        return Q(**{f"{prefix}pk__in": []})

    def covers_pegawai(self, pegawai: Pegawai) -> bool:
        if self.sees_all:
            return True
        if self.role == Role.KEPALA_OPD and self.opd is not None:
            return pegawai.unit is not None and pegawai.unit.path.startswith(self.opd.path)
        if self.role == Role.ATASAN and pegawai.atasan_id == self.pegawai_id and self.pegawai_id:
            return True
        return self.pegawai_id is not None and pegawai.pk == self.pegawai_id

    def covers_unit(self, unit: UnitKerja) -> bool:
        if self.sees_all:
            return True
        return self.role == Role.KEPALA_OPD and self.opd is not None and unit.path.startswith(self.opd.path)


def opd_of(unit: UnitKerja) -> UnitKerja:
    """The agency a unit belongs to: the top of its branch of the tree."""
    top_id = int(unit.path.strip("/").split("/")[0]) if unit.path.strip("/") else unit.pk
    return unit if top_id == unit.pk else UnitKerja.objects.get(pk=top_id)


def scope_for(user: AbstractBaseUser | AnonymousUser) -> Scope:
    role = role_of(user)
    if role is None or user.pk is None:
        return Scope(role=None)
    me = Pegawai.objects.select_related("unit").filter(user_id=user.pk).first()
    if me is None:
        return Scope(role=role)
    opd = opd_of(me.unit) if role == Role.KEPALA_OPD and me.unit is not None else None
    return Scope(role=role, pegawai_id=me.pk, instansi_id=me.instansi_id, opd=opd)
