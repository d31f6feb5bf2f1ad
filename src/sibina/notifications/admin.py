# mypy: disable-error-code="type-arg"
"""Read-only admin: notifications are written by the events that make a task, read on /notifikasi/; BKPSDM can
look up who was told what, and whether it was e-mailed."""

from __future__ import annotations

from django.contrib import admin

from sibina.audit.admin_mixins import ReadOnlyAdmin
from sibina.notifications.models import Notifikasi, Pengiriman


@admin.register(Notifikasi)
class NotifikasiAdmin(ReadOnlyAdmin):
    list_display = ("created", "user", "jenis", "url", "read_at", "emailed_at")
    list_filter = ("jenis",)
    list_select_related = ("user",)
    search_fields = ("user__username",)


@admin.register(Pengiriman)
class PengirimanAdmin(ReadOnlyAdmin):
    list_display = ("mulai", "status", "terkirim", "selesai")
    list_filter = ("status",)
