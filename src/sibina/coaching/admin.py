# mypy: disable-error-code="type-arg"
# (ModelAdmin[Model] cannot be subscripted at run time without django-stubs-ext's monkeypatch.)
"""Admin for coaching records: visible to BKPSDM and the auditor, changed only through the coaching pages,
whose services check who may act, apply the monthly cap and write the audit trail."""

from __future__ import annotations

from django.contrib import admin

from sibina.audit.admin_mixins import ReadOnlyAdmin
from sibina.coaching.models import PenugasanPembimbing, SesiBimbingan
from sibina.competency.admin import PegawaiOpdFilter


@admin.register(PenugasanPembimbing)
class PenugasanPembimbingAdmin(ReadOnlyAdmin):
    list_display = ("pegawai", "pembimbing", "jenis", "mulai", "selesai", "aktif")
    list_filter = ("jenis", "aktif", PegawaiOpdFilter, "sintetis")
    list_select_related = ("pegawai", "pembimbing")
    search_fields = ("pegawai__nip", "pegawai__nama", "pembimbing__nip", "pembimbing__nama")
    ordering = ("-aktif", "-mulai", "id")


@admin.register(SesiBimbingan)
class SesiBimbinganAdmin(ReadOnlyAdmin):
    list_display = ("tanggal", "penugasan", "topik", "menit", "jp", "dihitung", "alasan")
    list_filter = ("dihitung", "penugasan__jenis")
    list_select_related = ("penugasan__pegawai", "penugasan__pembimbing")
    search_fields = ("penugasan__pegawai__nip", "penugasan__pegawai__nama", "topik")
    date_hierarchy = "tanggal"
    ordering = ("-tanggal", "-id")
