"""Loaders of proposals (usulan): a supervisor's inbox and BKPSDM's verification."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sibina.access.core import DECIDERS, User, require_bkpsdm, require_writer, scoped_get
from sibina.needs.models import Usulan
from sibina.people.models import Pegawai, StatusPegawai
from sibina.people.scope import Scope


def proposal_subjects(pegawai: Pegawai, scope: Scope | None = None) -> list[Pegawai]:
    """Whom an employee may propose a need for: themself and their active direct subordinates in scope."""
    team = Pegawai.objects.filter(atasan=pegawai, status=StatusPegawai.AKTIF)
    if scope is not None:
        team = team.filter(scope.pegawai_q())
    return [pegawai, *team.order_by("nama", "nip")]


def access_usulan_as_supervisor(user: User, usulan_id: int) -> Usulan:
    """A proposal of one of the user's direct subordinates in scope; anyone else's is 'not found'."""
    asked = f"proposal {usulan_id} (supervisor)"
    scope = require_writer(user, asked, DECIDERS)
    mine = Usulan.objects.filter(scope.pegawai_q("pegawai__"), pegawai__atasan_id=scope.pegawai_id)
    if scope.pegawai_id is None:
        mine = mine.none()
    return scoped_get(
        user,
        asked,
        mine.select_related("pegawai"),
        _("No proposal of your direct subordinates has this number."),
        pk=usulan_id,
    )


def access_usulan_as_bkpsdm(user: User, usulan_id: int) -> Usulan:
    """A proposal of the account's instansi, for BKPSDM's verification."""
    asked = f"proposal {usulan_id} (verification)"
    scope = require_bkpsdm(user, asked)
    return scoped_get(
        user,
        asked,
        Usulan.objects.filter(scope.instansi_q("pegawai__instansi_id")).select_related("pegawai"),
        _("No such proposal."),
        pk=usulan_id,
    )
