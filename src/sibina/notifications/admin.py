# mypy: disable-error-code="type-arg"
"""Read-only admin: notifications are written by the events that make a task, read on /notifikasi/; BKPSDM can
look up who was told what, and whether it was e-mailed."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from sibina.notifications.models import Notifikasi, Pengiriman


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Notifikasi)
class NotifikasiAdmin(ReadOnly):
    list_display = ("created", "user", "jenis", "url", "read_at", "emailed_at")
    list_filter = ("jenis",)
    list_select_related = ("user",)
    search_fields = ("user__username",)


@admin.register(Pengiriman)
class PengirimanAdmin(ReadOnly):
    list_display = ("mulai", "status", "terkirim", "selesai")
    list_filter = ("status",)
