# mypy: disable-error-code="type-arg"
"""Read-only admin for the approval: every change goes through the workflow pages (role, stage and version
checked, audited), so the admin only lets BKPSDM and auditors look things up."""

from __future__ import annotations

from django.contrib import admin

from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.audit.admin_mixins import ReadOnlyAdmin


@admin.register(Persetujuan)
class PersetujuanAdmin(ReadOnlyAdmin):
    list_display = ("cycle", "versi", "tahap", "batas_review", "batas_penetapan", "nomor_keputusan")
    list_filter = ("tahap",)


@admin.register(ReviewOpd)
class ReviewOpdAdmin(ReadOnlyAdmin):
    list_display = ("persetujuan", "unit", "status", "batas", "diputuskan_pada", "oleh")
    list_filter = ("status",)
    search_fields = ("unit__nama", "komentar")


@admin.register(Keputusan)
class KeputusanAdmin(ReadOnlyAdmin):
    list_display = ("persetujuan", "review", "pegawai", "kegiatan", "jenis", "oleh", "waktu")
    list_filter = ("jenis",)
    search_fields = ("pegawai__nip", "pegawai__nama", "kegiatan__kode")
    raw_id_fields = ("pegawai", "kegiatan", "review", "tukar")
