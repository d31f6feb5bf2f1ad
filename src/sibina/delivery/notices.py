"""Who delivery's events notify (``sibina.notifications``): an invitation → the invited employee; a class
cancelled → those who had been invited to it. The e-mail of each goes out through the job runner."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.urls import reverse

from sibina.delivery.models import Kelas
from sibina.notifications.models import Notifikasi
from sibina.notifications.services import notify
from sibina.people.models import Pegawai


def _accounts(people: Sequence[Pegawai]) -> list[User]:
    return [p.user for p in people if p.user is not None and p.user.is_active]


def _params(kelas: Kelas) -> dict[str, object]:
    return {
        "kegiatan": kelas.kegiatan.judul,
        "mulai": kelas.mulai.isoformat(),
        "selesai": kelas.selesai.isoformat(),
        "tempat": kelas.tempat or kelas.tautan,
    }


def invited(kelas: Kelas, people: Sequence[Pegawai]) -> None:
    users = _accounts(people)
    if users:
        notify(
            users=users,
            jenis=Notifikasi.Jenis.INVITE,
            params=_params(kelas),
            url=reverse("web:my_development"),
        )


def cancelled(kelas: Kelas, people: Sequence[Pegawai]) -> None:
    users = _accounts(people)
    if users:
        notify(
            users=users,
            jenis=Notifikasi.Jenis.CLASS_CANCELLED,
            params=_params(kelas),
            url=reverse("web:my_development"),
        )
