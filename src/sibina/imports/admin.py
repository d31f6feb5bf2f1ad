# mypy: disable-error-code="type-arg"
# (ModelAdmin[Model] cannot be subscripted at run time without django-stubs-ext's monkeypatch.)
"""Import records in the admin: read-only, because a batch, its row errors and its changes are the record (and
unit mappings are edited on the import pages).

Row errors and changes can carry a NIK; users without ``people.view_nik`` see it masked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sibina.imports.models import ImportBatch, ImportRowError, PemetaanUnit, PerubahanData
from sibina.people.admin import search_by_nip
from sibina.people.domain import mask_if_nik
from sibina.people.scope import can_see_nik


class RecordAdmin(admin.ModelAdmin):
    """Viewable by whoever has the view permission; nobody adds, edits or deletes a record here."""

    # (raw field, masked display method): the raw field only for users allowed to see NIKs
    masked_fields: tuple[tuple[str, str], ...] = ()
    record_fields: tuple[str, ...] = ()

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _swap(self, request: HttpRequest, names: Sequence[str]) -> tuple[str, ...]:
        if can_see_nik(request.user):
            return tuple(names)
        swap = dict(self.masked_fields)
        return tuple(swap.get(n, n) for n in names)

    def get_list_display(self, request: HttpRequest) -> tuple[str, ...]:
        return self._swap(request, [n for n in self.list_display if isinstance(n, str)])

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return self._swap(request, self.record_fields)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return self._swap(request, self.record_fields)


@admin.register(ImportBatch)
class ImportBatchAdmin(RecordAdmin):
    list_display = (
        "id",
        "mulai",
        "jenis",
        "nama_file",
        "instansi",
        "oleh",
        "status",
        "dry_run",
        "jumlah_baris",
        "jumlah_baru",
        "jumlah_diubah",
        "jumlah_sama",
        "jumlah_galat",
        "links",
    )
    list_filter = ("status", "jenis", "dry_run", "instansi")
    list_select_related = ("instansi", "oleh")
    search_fields = ("nama_file", "sha256")
    date_hierarchy = "mulai"
    ordering = ("-mulai", "-id")
    record_fields = (
        "jenis",
        "instansi",
        "nama_file",
        "sha256",
        "file",
        "oleh",
        "dry_run",
        "buat_unit",
        "unit_baru",
        "status",
        "progress",
        "mulai",
        "selesai",
        "jumlah_baris",
        "jumlah_baru",
        "jumlah_diubah",
        "jumlah_sama",
        "jumlah_galat",
        "pesan",
        "links",
    )

    @admin.display(description=_("details"))
    def links(self, obj: ImportBatch) -> str:
        errors = reverse("admin:imports_importrowerror_changelist") + f"?batch={obj.pk}"
        changes = reverse("admin:imports_perubahandata_changelist") + f"?batch={obj.pk}"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>', errors, _("row errors"), changes, _("changes")
        )


@admin.register(ImportRowError)
class ImportRowErrorAdmin(RecordAdmin):
    list_display = ("batch_id", "baris", "kolom", "nilai", "pesan")
    search_fields = ("kolom", "pesan")
    ordering = ("-batch", "baris", "id")
    list_per_page = 200
    masked_fields = (("nilai", "nilai_masked"),)
    record_fields = ("batch", "baris", "kolom", "nilai", "pesan")

    @admin.display(description=_("value"))
    def nilai_masked(self, obj: ImportRowError) -> str:
        return mask_if_nik(obj.kolom, obj.nilai)


@admin.register(PerubahanData)
class PerubahanDataAdmin(RecordAdmin):
    list_display = ("batch_id", "pegawai", "kolom", "sebelum", "sesudah")
    list_select_related = ("pegawai",)
    search_fields = ("pegawai__nip", "pegawai__nama", "kolom")
    ordering = ("-batch", "pegawai__nama", "kolom")
    masked_fields = (("sebelum", "sebelum_masked"), ("sesudah", "sesudah_masked"))
    record_fields = ("batch", "pegawai", "kolom", "sebelum", "sesudah")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[PerubahanData], search_term: str
    ) -> tuple[QuerySet[PerubahanData], bool]:
        by_nip = search_by_nip(queryset, search_term, nip_field="pegawai__nip")
        return by_nip or super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("before"))
    def sebelum_masked(self, obj: PerubahanData) -> str:
        return mask_if_nik(obj.kolom, obj.sebelum)

    @admin.display(description=_("after"))
    def sesudah_masked(self, obj: PerubahanData) -> str:
        return mask_if_nik(obj.kolom, obj.sesudah)


@admin.register(PemetaanUnit)
class PemetaanUnitAdmin(RecordAdmin):
    """Read here; BKPSDM edits mappings on the import pages (/impor/pemetaan-unit/), which store the matching key
    and audit each change."""

    list_display = ("nama_sumber", "unit", "instansi", "oleh", "waktu")
    list_filter = ("instansi",)
    list_select_related = ("unit", "instansi", "oleh")
    search_fields = ("nama_sumber", "unit__nama")
    ordering = ("instansi", "nama_sumber")
    record_fields = ("instansi", "nama_sumber", "unit", "oleh", "waktu")
