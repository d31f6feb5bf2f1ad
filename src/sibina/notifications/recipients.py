"""Who is told of an event: the active accounts of a role in an instansi, the heads of given OPDs."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User

from sibina.people.models import UnitKerja
from sibina.people.scope import scope_for
from sibina.roles import Role


def accounts(role: Role, instansi_id: int) -> list[User]:
    """The active accounts acting in ``role`` for this instansi (the instansi as ``scope_for`` decides it:
    employee record, assigned instansi, or the only one). Few accounts hold a wide role, so one scope each."""
    candidates = User.objects.filter(is_active=True, groups__name=role.value).distinct().order_by("pk")
    scopes = ((u, scope_for(u)) for u in candidates)
    return [u for u, s in scopes if s.role == role and s.instansi_id == instansi_id]


def heads_of(units: Iterable[UnitKerja]) -> dict[int, list[User]]:
    """Unit id -> the active Kepala OPD accounts whose employee record is in that unit's subtree (one query)."""
    by_path = {u.path: u.pk for u in units}
    if not by_path:
        return {}
    found: dict[int, list[User]] = {pk: [] for pk in by_path.values()}
    rows = User.objects.filter(
        is_active=True, groups__name=Role.KEPALA_OPD.value, pegawai__isnull=False
    ).select_related("pegawai__unit")
    for user in rows.distinct():
        path = user.pegawai.unit.path if user.pegawai.unit_id else ""
        for prefix, pk in by_path.items():
            if path.startswith(prefix):
                found[pk].append(user)
    return found
