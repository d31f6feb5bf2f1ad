# mypy: disable-error-code="type-arg"
# (ModelAdmin[Model] cannot be subscripted at run time without django-stubs-ext's monkeypatch.)
"""Admin for delivery records: visible to BKPSDM and the auditor, changed only through the class pages, whose
services check who may act, compute JP and write the audit trail."""

from __future__ import annotations

from django.contrib import admin

from sibina.audit.admin_mixins import ReadOnlyAdmin
from sibina.delivery.models import Kelas, Peserta


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
