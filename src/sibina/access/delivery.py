"""Loaders of delivery: a class (read by the wide roles, changed by BKPSDM) and an employee's own enrolment
(answered only by that employee). The instansi is in each query."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sibina.access.core import User, own_get, require_role, require_writer, scoped_get
from sibina.delivery.models import Kelas, KlaimPengembangan, Peserta
from sibina.people.scope import WIDE_ROLES, Scope
from sibina.roles import Role

TEAM_ROLES = WIDE_ROLES | {Role.KEPALA_OPD, Role.ATASAN}  # see their people's commitment


def access_kelas(user: User, kelas_id: int, *, write: bool = False) -> tuple[Scope, Kelas]:
    """A class of the account's instansi: read by BKPSDM, the PPK and the auditor, changed by BKPSDM only."""
    asked = f"class {kelas_id}"
    scope = (
        require_writer(user, asked, frozenset({Role.BKPSDM}))
        if write
        else require_role(user, asked, frozenset(WIDE_ROLES))
    )
    kelas = scoped_get(
        user,
        asked,
        Kelas.objects.filter(scope.instansi_q()).select_related("kegiatan__bentuk", "cycle"),
        _("No class of your agency has this number."),
        pk=kelas_id,
    )
    return scope, kelas


def access_own_peserta(user: User, peserta_id: int) -> tuple[Scope, Peserta]:
    """The account's own enrolment (to answer its invitation); anyone else's is not found."""
    return own_get(
        user,
        f"class invitation {peserta_id}",
        Peserta.objects.select_related("kelas__kegiatan", "pegawai"),
        owner="pegawai",
        message=_("You have no class invitation with this number."),
        pk=peserta_id,
    )


def access_bukti(user: User, peserta_id: int) -> tuple[Scope, Peserta]:
    """A completion's evidence, for readers whose scope covers the employee (the employee themself, their
    atasan, their Kepala OPD, the wide roles of the instansi); anyone else's is not found."""
    asked = f"completion evidence {peserta_id}"
    scope = require_role(user, asked)
    peserta = scoped_get(
        user,
        asked,
        Peserta.objects.filter(scope.pegawai_q("pegawai__")).exclude(bukti="").select_related("pegawai"),
        _("No evidence in your scope has this number."),
        pk=peserta_id,
    )
    return scope, peserta


def access_klaim(user: User, klaim_id: int, *, write: bool = False) -> tuple[Scope, KlaimPengembangan]:
    """A development claim: read (with its evidence) by readers whose scope covers the employee — the employee,
    their atasan, their Kepala OPD, the wide roles — verified by BKPSDM only; anyone else's is not found."""
    asked = f"development claim {klaim_id}"
    scope = require_writer(user, asked, frozenset({Role.BKPSDM})) if write else require_role(user, asked)
    klaim = scoped_get(
        user,
        asked,
        KlaimPengembangan.objects.filter(scope.pegawai_q("pegawai__")).select_related("pegawai", "bentuk"),
        _("No development claim in your scope has this number."),
        pk=klaim_id,
    )
    return scope, klaim
