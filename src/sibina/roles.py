"""The six roles of SiBina, as Django groups, and which one a signed-in account acts in.

Roles are groups (not a field on the user) so an administrator can grant or withdraw one in the admin. An account
in several groups acts in the widest role it holds; the order below is that precedence. What each role may *see*
is decided by ``sibina.people.scope``; what it may *do* by the loaders in ``sibina.access``.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Role(StrEnum):
    BKPSDM = "Admin BKPSDM"
    AUDITOR = "Auditor Inspektorat"
    PPK = "PPK"
    KEPALA_OPD = "Kepala OPD"
    ATASAN = "Atasan Langsung"
    PEGAWAI = "Pegawai"


PRECEDENCE: tuple[Role, ...] = (
    Role.BKPSDM,
    Role.AUDITOR,
    Role.PPK,
    Role.KEPALA_OPD,
    Role.ATASAN,
    Role.PEGAWAI,
)


def role_of(user: AbstractBaseUser | AnonymousUser) -> Role | None:
    """The role an account acts in; superusers act as BKPSDM; an account in no role group has none."""
    if not user.is_authenticated:
        return None
    if getattr(user, "is_superuser", False):
        return Role.BKPSDM
    cached: Role | str | None = getattr(user, "_sibina_role", "")
    if cached != "":
        return cached  # type: ignore[return-value]
    names = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
    role = next((r for r in PRECEDENCE if r.value in names), None)
    user._sibina_role = role  # type: ignore[attr-defined]
    return role


def ensure_role_groups(**_: object) -> None:
    """Create the role groups and give them their model permissions; runs after every ``migrate``.

    BKPSDM gets every permission of SiBina's apps; the auditor and the PPK the per-model "view" ones (not
    ``view_nik``: unmasked NIKs are not their need). The other roles get no model permission: what they see is
    their scope, checked by the loaders.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in PRECEDENCE}
    labels = [c.label for c in apps.get_app_configs() if c.name.startswith("sibina.")]
    perms = list(Permission.objects.filter(content_type__app_label__in=labels).select_related("content_type"))
    views = [p for p in perms if p.codename == f"view_{p.content_type.model}"]
    groups[Role.BKPSDM].permissions.set(perms)
    groups[Role.AUDITOR].permissions.set(views)
    groups[Role.PPK].permissions.set(views)
