"""Loaders of the change project (aksi perubahan): a participant's own project and milestones (written only by
that participant), a milestone the account mentors (confirmed only by the mentor). The instansi is in each query;
anyone else's is not found (404, logged)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sibina.access.core import User, own_get
from sibina.delivery.commitment_models import AksiPerubahan, TonggakAksi
from sibina.people.scope import Scope


def access_own_aksi(user: User, aksi_id: int) -> tuple[Scope, AksiPerubahan]:
    """The account's own change project (to add a milestone)."""
    return own_get(
        user,
        f"change project {aksi_id}",
        AksiPerubahan.objects.select_related("peserta__kelas__kegiatan__bentuk", "peserta__pegawai"),
        owner="peserta__pegawai",
        message=_("You have no change project with this number."),
        pk=aksi_id,
    )


def access_own_tonggak(user: User, tonggak_id: int) -> tuple[Scope, TonggakAksi]:
    """A milestone of the account's own change project (to report it done)."""
    return own_get(
        user,
        f"change project milestone {tonggak_id}",
        TonggakAksi.objects.select_related("aksi__peserta__pegawai"),
        owner="aksi__peserta__pegawai",
        message=_("Your change project has no milestone with this number."),
        pk=tonggak_id,
    )


def access_mentor_tonggak(user: User, tonggak_id: int) -> tuple[Scope, TonggakAksi]:
    """A milestone of a change project the account mentors (to confirm or return it)."""
    return own_get(
        user,
        f"mentored milestone {tonggak_id}",
        TonggakAksi.objects.select_related("aksi__peserta__pegawai", "aksi__mentor"),
        owner="aksi__mentor",
        instansi="aksi__peserta__pegawai__instansi_id",
        message=_("No change project you mentor has a milestone with this number."),
        pk=tonggak_id,
    )
