"""Who a proposal's events notify (``sibina.notifications``): submitted → the employee's direct supervisor;
endorsed → BKPSDM, who verifies it."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.urls import reverse

from sibina.needs.models import Usulan
from sibina.notifications.models import Notifikasi
from sibina.notifications.recipients import accounts
from sibina.notifications.services import notify
from sibina.roles import Role


def _params(usulan: Usulan) -> dict[str, object]:
    return {"pegawai": usulan.pegawai.nama, "kompetensi": usulan.kompetensi.nama, "usulan": usulan.pk}


def usulan_submitted(usulan: Usulan, by: User) -> None:
    """The supervisor's account is told, unless the supervisor proposed it themself."""
    atasan_id = usulan.pegawai.atasan_id
    user = User.objects.filter(pegawai__pk=atasan_id, is_active=True).first() if atasan_id else None
    if user is None or user.pk == by.pk:
        return
    notify(
        users=[user], jenis=Notifikasi.Jenis.ENDORSE, params=_params(usulan), url=reverse("web:usulan_atasan")
    )


def usulan_endorsed(usulan: Usulan) -> None:
    if usulan.status != Usulan.Status.DISETUJUI_ATASAN:
        return  # rejected: nothing waits for BKPSDM
    notify(
        users=accounts(Role.BKPSDM, usulan.pegawai.instansi_id),
        jenis=Notifikasi.Jenis.VERIFY,
        params=_params(usulan),
        url=reverse("web:usulan_bkpsdm"),
    )
