"""Which main-menu links an account gets: only pages its role may open."""

from __future__ import annotations

from dataclasses import dataclass

from sibina.access.core import LEADER_ROLES, UNIT_ROLES, User, user_scope
from sibina.access.imports import can_read_imports
from sibina.audit.selectors import can_read_audit
from sibina.notifications.services import unread_count
from sibina.people.models import Pegawai
from sibina.roles import Role

# The import records are in the menu of those who work with them: BKPSDM imports, the auditor checks them. The
# PPK may still open them (the read rule is ``can_read_imports``), but they are not the PPK's work.
IMPORT_MENU_ROLES = frozenset({Role.BKPSDM, Role.AUDITOR})


@dataclass(frozen=True)
class Menu:
    role: Role | None
    units: bool = False  # needs, JP ledger and plan pages with figures per unit
    imports: bool = False
    own_nip: str = ""  # the account's own employee record, if any
    self_only: bool = False  # an employee: "my data" instead of the lists, no approval workflow to follow
    unread: int = 0  # notifications not read yet
    classes: bool = False  # the classes of the decreed plan (BKPSDM, PPK, auditor)
    team: bool = (
        False  # their people's commitment (Kepala OPD, atasan; the wide roles reach it from the classes)
    )
    leaders: bool = False  # the leaders' dashboard
    audit: bool = False  # the audit trail (BKPSDM, auditor, PPK)


def menu_for(user: User) -> Menu:
    scope = user_scope(user)
    if scope.role is None:
        return Menu(None)
    nip = (
        Pegawai.objects.filter(pk=scope.pegawai_id).values_list("nip", flat=True).first()
        if scope.pegawai_id is not None and scope.role not in UNIT_ROLES
        else None
    )
    imports = can_read_imports(user) and scope.role in IMPORT_MENU_ROLES
    unread = unread_count(user.pk) if user.pk is not None else 0
    self_only = scope.role == Role.PEGAWAI and bool(nip)
    return Menu(
        scope.role,
        units=scope.role in UNIT_ROLES,
        imports=imports,
        own_nip=nip or "",
        self_only=self_only,
        unread=unread,
        classes=scope.sees_all,
        team=scope.role in (Role.KEPALA_OPD, Role.ATASAN),
        leaders=scope.role in LEADER_ROLES,
        # The permission check first: only accounts that hold it cost the query that tells their role apart.
        audit=bool(user.has_perm("audit.view_auditevent")) and can_read_audit(user),
    )
