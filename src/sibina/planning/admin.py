# mypy: disable-error-code="type-arg"
# (ModelAdmin[Model] cannot be subscripted at run time without django-stubs-ext's monkeypatch.)
"""Admin for planning. BKPSDM edits a plan cycle with its budget ceilings and scenarios; solver runs, plans,
their items and unserved needs are written only by the optimisation (so every plan stays reproducible from
its run) and are read-only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from sibina.audit.admin_mixins import AuditedAdmin, ReadOnlyAdmin
from sibina.competency.admin import ComputedAdmin, PegawaiOpdFilter
from sibina.people.models import UnitKerja
from sibina.planning.models import (
    Anggaran,
    KebutuhanTakTerlayani,
    MarginalRun,
    Plan,
    PlanCycle,
    PlanItem,
    Skenario,
    SolverRun,
)


class AnggaranInline(admin.TabularInline):
    model = Anggaran
    fields = ("sumber", "unit", "batas")
    extra = 0

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.name == "unit":
            # An OPD's DPA is matched to the participants' top-level unit: a ceiling on a sub-unit would never apply.
            kwargs["queryset"] = UnitKerja.objects.filter(parent__isnull=True).order_by("nama")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SkenarioInline(admin.StackedInline):
    model = Skenario
    fields = ("nama", "deskripsi", "faktor_anggaran", "hanya_bentuk", "wajib_semua")
    autocomplete_fields = ("wajib_semua",)
    extra = 0


@admin.register(PlanCycle)
class PlanCycleAdmin(AuditedAdmin):
    list_display = (
        "nama",
        "instansi",
        "tahun",
        "maks_kegiatan_per_orang",
        "maks_hari_klasikal",
        "penalti_kekurangan_jp",
        "halaman",
    )
    list_filter = ("instansi", "tahun")
    search_fields = ("nama",)
    ordering = ("-tahun",)
    fields = (
        "instansi",
        "tahun",
        "nama",
        "maks_kegiatan_per_orang",
        "maks_hari_klasikal",
        "penalti_kekurangan_jp",
        "sintetis",
    )
    inlines = (AnggaranInline, SkenarioInline)
    list_select_related = ("instansi",)

    @admin.display(description=_("page"))
    def halaman(self, obj: PlanCycle) -> str:
        url = reverse("web:plan_cycle", args=[obj.tahun]) + "?" + urlencode({"instansi": obj.instansi.kode})
        return format_html('<a href="{}">{}</a>', url, _("open"))


@admin.register(MarginalRun)
class MarginalRunAdmin(ReadOnlyAdmin):
    """The measurements of what more budget would buy, one per plan (a background job's row)."""

    list_display = ("id", "plan", "status", "progress", "seconds", "mulai", "selesai")
    list_filter = ("status",)
    list_select_related = ("plan__cycle", "plan__skenario")
    ordering = ("-mulai", "-id")
    fields = ("plan", "status", "progress", "tahap", "input_hash", "seconds", "pesan", "mulai", "selesai")
    readonly_fields = fields


@admin.register(SolverRun)
class SolverRunAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "cycle",
        "skenario",
        "status",
        "method",
        "solve_status",
        "objective",
        "bound",
        "gap",
        "seconds",
        "mulai",
    )
    list_filter = ("status", "method", "solve_status", "cycle")
    list_select_related = ("cycle", "skenario")
    ordering = ("-mulai", "-id")
    date_hierarchy = "mulai"
    fields = (
        "cycle",
        "skenario",
        "oleh",
        "status",
        "progress",
        "tahap",
        "input_hash",
        "method",
        "solver",
        "solver_version",
        "parameters",
        "solve_status",
        "objective",
        "bound",
        "gap",
        "greedy_objective",
        "seconds",
        "pesan",
        "mulai",
        "selesai",
    )
    readonly_fields = fields


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "cycle",
        "skenario",
        "biaya_total",
        "pegawai_20jp",
        "pegawai_wajib_jp",
        "gap_tertutup",
        "created_at",
        "halaman",
    )
    list_filter = ("cycle", "skenario")
    list_select_related = ("cycle", "skenario")
    ordering = ("-created_at", "-id")
    fields = (
        "cycle",
        "skenario",
        "solver_run",
        "biaya_total",
        "pegawai_20jp",
        "pegawai_wajib_jp",
        "gap_tertutup",
        "marginal",
        "version",
        "created_at",
        "halaman",
    )
    readonly_fields = fields

    @admin.display(description=_("page"))
    def halaman(self, obj: Plan) -> str:
        return format_html('<a href="{}">{}</a>', reverse("web:plan_detail", args=[obj.pk]), _("open"))


@admin.register(PlanItem)
class PlanItemAdmin(ComputedAdmin):
    list_display = ("plan", "pegawai", "kegiatan", "kelas", "triwulan", "biaya", "jp")
    list_filter = ("plan", "triwulan", PegawaiOpdFilter, "kegiatan__bentuk")
    list_select_related = ("plan__cycle", "plan__skenario", "pegawai", "kegiatan")
    ordering = ("plan", "kegiatan__kode", "kelas", "pegawai__nama")
    fields = ("plan", "pegawai", "kegiatan", "kelas", "triwulan", "biaya", "jp", "alasan")
    readonly_fields = fields
    show_full_result_count = False


@admin.register(KebutuhanTakTerlayani)
class KebutuhanTakTerlayaniAdmin(ComputedAdmin):
    list_display = ("plan", "pegawai", "kompetensi", "gap_sisa", "alasan")
    list_filter = ("plan", "alasan", PegawaiOpdFilter)
    list_select_related = ("plan__cycle", "plan__skenario", "pegawai")
    ordering = ("plan", "alasan", "pegawai__nama")
    fields = ("plan", "pegawai", "kompetensi", "gap_sisa", "alasan", "keterangan")
    readonly_fields = fields
    show_full_result_count = False
