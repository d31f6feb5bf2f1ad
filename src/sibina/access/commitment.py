"""Loaders of the change project (aksi perubahan): a participant's own project and milestones (written only by
that participant), a milestone the account mentors (confirmed only by the mentor). The instansi is in each query;
anyone else's is not found (404, logged)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sibina.access.core import User, require_writer, scoped_get
from sibina.delivery.commitment_models import AksiPerubahan, TonggakAksi
from sibina.people.scope import Scope


def access_own_aksi(user: User, aksi_id: int) -> tuple[Scope, AksiPerubahan]:
    """The account's own change project (to add a milestone)."""
    asked = f"change project {aksi_id}"
    scope = require_writer(user, asked)
    own = (
        AksiPerubahan.objects.filter(
            scope.instansi_q("peserta__pegawai__instansi_id"), peserta__pegawai_id=scope.pegawai_id
        )
        if scope.pegawai_id is not None
        else AksiPerubahan.objects.none()
    )
    aksi = scoped_get(
        user,
        asked,
        own.select_related("peserta__kelas__kegiatan__bentuk", "peserta__pegawai"),
        _("You have no change project with this number."),
        pk=aksi_id,
    )
    return scope, aksi


def access_own_tonggak(user: User, tonggak_id: int) -> tuple[Scope, TonggakAksi]:
    """A milestone of the account's own change project (to report it done)."""
    asked = f"change project milestone {tonggak_id}"
    scope = require_writer(user, asked)
    own = (
        TonggakAksi.objects.filter(
            scope.instansi_q("aksi__peserta__pegawai__instansi_id"),
            aksi__peserta__pegawai_id=scope.pegawai_id,
        )
        if scope.pegawai_id is not None
        else TonggakAksi.objects.none()
    )
    tonggak = scoped_get(
        user,
        asked,
        own.select_related("aksi__peserta__pegawai"),
        _("Your change project has no milestone with this number."),
        pk=tonggak_id,
    )
    return scope, tonggak


def access_mentor_tonggak(user: User, tonggak_id: int) -> tuple[Scope, TonggakAksi]:
    """A milestone of a change project the account mentors (to confirm or return it)."""
    asked = f"mentored milestone {tonggak_id}"
    scope = require_writer(user, asked)
    mine = (
        TonggakAksi.objects.filter(
            scope.instansi_q("aksi__peserta__pegawai__instansi_id"), aksi__mentor_id=scope.pegawai_id
        )
        if scope.pegawai_id is not None
        else TonggakAksi.objects.none()
    )
    tonggak = scoped_get(
        user,
        asked,
        mine.select_related("aksi__peserta__pegawai", "aksi__mentor"),
        _("No change project you mentor has a milestone with this number."),
        pk=tonggak_id,
    )
    return scope, tonggak
