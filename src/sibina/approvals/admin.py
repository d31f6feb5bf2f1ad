# mypy: disable-error-code="type-arg"
"""Read-only admin for the approval: every change goes through the workflow pages (role, stage and version
checked, audited), so the admin only lets BKPSDM and auditors look things up."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Persetujuan)
class PersetujuanAdmin(ReadOnly):
    list_display = ("cycle", "versi", "tahap", "batas_review", "batas_penetapan", "nomor_keputusan")
    list_filter = ("tahap",)


@admin.register(ReviewOpd)
class ReviewOpdAdmin(ReadOnly):
    list_display = ("persetujuan", "unit", "status", "batas", "diputuskan_pada", "oleh")
    list_filter = ("status",)
    search_fields = ("unit__nama", "komentar")


@admin.register(Keputusan)
class KeputusanAdmin(ReadOnly):
    list_display = ("persetujuan", "review", "pegawai", "kegiatan", "jenis", "oleh", "waktu")
    list_filter = ("jenis",)
    search_fields = ("pegawai__nip", "pegawai__nama", "kegiatan__kode")
    raw_id_fields = ("pegawai", "kegiatan", "review", "tukar")
