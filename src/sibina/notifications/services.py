"""Writes of notifications: create them for an event (and queue their e-mail), mark them read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from sibina import jobs
from sibina.notifications.models import Notifikasi, Pengiriman

EMAIL_JOB: Final = "notifications.email"


@dataclass(frozen=True)
class Notice:
    """What one event tells some accounts: the kind, its parameters (rendered when read) and the link."""

    users: Iterable[AbstractBaseUser]
    jenis: str
    params: dict[str, object]
    url: str


@transaction.atomic
def notify_each(notices: Iterable[Notice]) -> list[Notifikasi]:
    """One notification per notice and account (an account once per notice), and one e-mail dispatch for all
    of them, queued at commit, when any of those accounts has an e-mail address."""
    rows: list[Notifikasi] = []
    mailable = False
    for notice in notices:
        seen: set[int] = set()
        for user in notice.users:
            if user.pk not in seen:
                seen.add(user.pk)
                mailable = mailable or bool(getattr(user, "email", ""))
                rows.append(
                    Notifikasi(user_id=user.pk, jenis=notice.jenis, params=notice.params, url=notice.url)
                )
    created = Notifikasi.objects.bulk_create(rows)
    if mailable:  # no dispatch (no job, no audit event) when nobody told has an address
        dispatch = Pengiriman.objects.create()
        jobs.enqueue(EMAIL_JOB, dispatch.pk)
    return created


def notify(
    *, users: Iterable[AbstractBaseUser], jenis: str, params: dict[str, object], url: str
) -> list[Notifikasi]:
    """One event's notifications to these accounts (see ``notify_each``)."""
    return notify_each([Notice(users, jenis, params, url)])


def unread_count(user_id: int) -> int:
    return Notifikasi.objects.filter(user_id=user_id, read_at__isnull=True).count()


def mark_read(*, user_id: int, ids: Iterable[int]) -> int:
    """Mark the account's own notifications read (another account's ids are ignored)."""
    return Notifikasi.objects.filter(user_id=user_id, pk__in=list(ids), read_at__isnull=True).update(
        read_at=timezone.now()
    )
