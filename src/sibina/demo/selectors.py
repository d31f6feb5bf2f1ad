"""Reads about the synthetic city: is it there, and who can log in."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from sibina.demo.users import DEMO_USERS
from sibina.people.models import Pegawai


@dataclass(frozen=True)
class DemoLogin:
    username: str
    group: str
    peran: str
    nama: str  # the linked employee's full name with titles, "" when none
    jabatan: str


def demo_exists() -> bool:
    return Pegawai.objects.filter(sintetis=True).exists()


def demo_login_list() -> list[DemoLogin]:
    """The demo logins that exist, in the order of DEMO_USERS."""
    users = {u.username: u for u in User.objects.filter(username__in=[d.username for d in DEMO_USERS])}
    linked = {
        p.user_id: p
        for p in Pegawai.objects.filter(user__in=users.values()).select_related("jabatan", "unit")
    }
    rows = []
    for spec in DEMO_USERS:
        user = users.get(spec.username)
        if user is None:
            continue
        pegawai = linked.get(user.pk)
        jabatan = ""
        if pegawai is not None:
            jabatan = pegawai.jabatan.nama if pegawai.jabatan else pegawai.unit.nama
        rows.append(
            DemoLogin(
                username=spec.username,
                group=spec.group,
                peran=str(spec.peran),
                nama=pegawai.nama_lengkap if pegawai else "",
                jabatan=jabatan,
            )
        )
    return rows
