"""Loaders of the organisation: the account's own employee record, an employee, the agency, a unit."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from sibina.access.core import UNIT_ROLES, User, deny, require_role, scoped_get, user_scope
from sibina.people import domain
from sibina.people.models import Instansi, Pegawai, UnitKerja


def user_pegawai(user: User) -> Pegawai | None:
    """The employee record the signed-in account belongs to, if any."""
    if not user.is_authenticated:
        return None
    return Pegawai.objects.select_related("instansi", "unit").filter(user_id=user.pk).first()


def access_pegawai(user: User, nip: str) -> Pegawai:
    """An employee in the account's scope (always of its instansi), by NIP; any other is not found."""
    asked = f"pegawai {nip}"
    scope = require_role(user, asked)
    return scoped_get(
        user,
        asked,
        Pegawai.objects.filter(scope.pegawai_q()).select_related(
            "instansi", "unit", "jabatan", "jabatan__tingkat", "golongan", "pendidikan", "atasan"
        ),
        _("No employee has this NIP."),
        nip=domain.normalise_nip(nip),
    )


def access_instansi(user: User, kode: str | None = None) -> Instansi:
    """The agency a page is about: the account's own (asking for another by ``?instansi=`` is not found).

    An account that belongs to no instansi (docs/decisions/0012-tenant-scope.md) is refused with 403."""
    scope = user_scope(user)
    if scope.instansi_id is None:
        if not Instansi.objects.exists():
            raise Http404(_("No agency has been set up yet."))
        deny(
            user,
            403,
            "instansi",
            message=_("Your account is not linked to an agency. Ask BKPSDM to link it."),
        )
    own = Instansi.objects.filter(pk=scope.instansi_id)
    if kode:
        return scoped_get(user, f"instansi {kode}", own, _("No such agency."), kode=kode)
    found = own.first()
    if found is None:  # the account's instansi was removed meanwhile
        raise Http404(_("No such agency."))
    return found


def access_unit(user: User, unit_id: int) -> UnitKerja:
    """A unit whose figures the account may see: any of its instansi, or one of a Kepala OPD's subtree."""
    asked = f"unit {unit_id}"
    scope = require_role(user, asked, UNIT_ROLES)
    return scoped_get(
        user,
        asked,
        UnitKerja.objects.filter(scope.unit_q()).select_related("instansi", "parent"),
        _("No such work unit."),
        pk=unit_id,
    )
