"""Writes of notifications: create them for an event (and queue their e-mail), mark them read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from sibina import jobs
from sibina.notifications.models import Notifikasi, Pengiriman

EMAIL_JOB: Final = "notifications.email"


@transaction.atomic
def notify(
    *, users: Iterable[AbstractBaseUser], jenis: str, params: dict[str, object], url: str
) -> list[Notifikasi]:
    """One notification per account (each account once), and one e-mail dispatch queued for them at commit."""
    seen: set[int] = set()
    rows: list[Notifikasi] = []
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(Notifikasi(user_id=user.pk, jenis=jenis, params=params, url=url))
    if not rows:
        return []
    created = Notifikasi.objects.bulk_create(rows)
    dispatch = Pengiriman.objects.create()
    jobs.enqueue(EMAIL_JOB, dispatch.pk)
    return created


def unread_count(user_id: int) -> int:
    return Notifikasi.objects.filter(user_id=user_id, read_at__isnull=True).count()


def mark_read(*, user_id: int, ids: Iterable[int]) -> int:
    """Mark the account's own notifications read (another account's ids are ignored)."""
    return Notifikasi.objects.filter(user_id=user_id, pk__in=list(ids), read_at__isnull=True).update(
        read_at=timezone.now()
    )
