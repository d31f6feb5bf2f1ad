# mypy: disable-error-code="type-arg"
# (ModelAdmin[Model] cannot be subscripted at run time without django-stubs-ext's monkeypatch.)
"""Admin for delivery records: visible to BKPSDM and the auditor, changed only through the class and claim pages, whose
services check who may act, compute JP and write the audit trail."""

from __future__ import annotations

from django.contrib import admin

from sibina.audit.admin_mixins import ReadOnlyAdmin
from sibina.delivery.models import Kelas, KlaimPengembangan, Peserta


@admin.register(Kelas)
class KelasAdmin(ReadOnlyAdmin):
    list_display = ("kegiatan", "nomor", "mulai", "selesai", "kapasitas", "status")
    list_filter = ("status", "sintetis")
    list_select_related = ("kegiatan",)
    search_fields = ("kegiatan__judul", "kegiatan__kode", "penyelenggara")
    ordering = ("-mulai", "id")


@admin.register(Peserta)
class PesertaAdmin(ReadOnlyAdmin):
    list_display = ("pegawai", "kelas", "status", "hasil", "jp", "nomor_sertifikat")
    list_filter = ("status", "hasil")
    list_select_related = ("pegawai", "kelas__kegiatan")
    search_fields = ("pegawai__nip", "pegawai__nama", "nomor_sertifikat")
    ordering = ("kelas", "pegawai__nama")


@admin.register(KlaimPengembangan)
class KlaimPengembanganAdmin(ReadOnlyAdmin):
    list_display = ("pegawai", "judul", "bentuk", "selesai", "jp_diminta", "status", "jp")
    list_filter = ("status",)
    list_select_related = ("pegawai", "bentuk")
    search_fields = ("pegawai__nip", "pegawai__nama", "judul", "penyelenggara")
    ordering = ("-diajukan_pada", "id")
