# mypy: disable-error-code="type-arg"
# (ModelAdmin[Model] cannot be subscripted at run time without django-stubs-ext's monkeypatch.)
"""Admin for needs and proposals: both are records here. Needs are rebuilt by the analysis; proposals move
only through their workflow pages (supervisor, then BKPSDM), which check versions and reasons."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sibina.audit.admin_mixins import ReadOnlyAdmin
from sibina.competency.admin import ComputedAdmin, PegawaiOpdFilter, PegawaiRowAdmin
from sibina.needs.models import FaktorUnit, Kebutuhan, Usulan


@admin.register(Kebutuhan)
class KebutuhanAdmin(ComputedAdmin):
    list_display = (
        "pegawai",
        "tahun",
        "sumber",
        "kompetensi",
        "level_saat_ini",
        "level_target",
        "gap",
        "prioritas",
    )
    list_filter = ("tahun", "sumber", PegawaiOpdFilter, "kompetensi__kelompok")
    list_select_related = ("pegawai", "kompetensi")
    ordering = ("-tahun", "-prioritas", "id")
    readonly_fields = (
        "pegawai",
        "tahun",
        "sumber",
        "kompetensi",
        "level_saat_ini",
        "level_target",
        "gap",
        "jabatan_target",
        "usulan",
        "prioritas",
        "alasan",
        "rincian_prioritas",
    )
    fields = readonly_fields
    show_full_result_count = False


@admin.register(Usulan)
class UsulanAdmin(PegawaiRowAdmin):
    list_display = ("id", "pegawai", "tahun", "kompetensi", "level_target", "status", "created_at")
    list_filter = ("status", "tahun", PegawaiOpdFilter, "sintetis")
    list_select_related = ("pegawai", "kompetensi")
    ordering = ("-created_at", "-id")
    date_hierarchy = "created_at"
    fields = (
        "pegawai",
        "tahun",
        "kompetensi",
        "level_target",
        "uraian",
        "diajukan_oleh",
        "status",
        "catatan_atasan",
        "diputus_atasan_oleh",
        "catatan_bkpsdm",
        "diverifikasi_oleh",
        "version",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FaktorUnit)
class FaktorUnitAdmin(ReadOnlyAdmin):
    """Per-unit factors of the priority, written by their commands (`sibina delivery komitmen`, the evaluation):
    read here, never edited by hand (running the command again rewrites them)."""

    list_display = ("tahun", "jenis", "unit_kerja", "nilai", "computed_at")
    list_filter = ("tahun", "jenis")
    list_select_related = ("unit_kerja",)
    readonly_fields = ("instansi", "unit_kerja", "tahun", "jenis", "nilai", "dasar", "computed_at")
