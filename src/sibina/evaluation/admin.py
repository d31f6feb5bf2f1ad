# mypy: disable-error-code="type-arg"
# (ModelAdmin[Model] cannot be subscripted at run time without django-stubs-ext's monkeypatch.)
"""Admin for SKM records: visible to BKPSDM and the auditor, changed only through imports (the kernel keeps the
batch, the counts and the audit event)."""

from __future__ import annotations

from django.contrib import admin

from sibina.audit.admin_mixins import ReadOnlyAdmin
from sibina.evaluation.models import EfekProgram, EfekSintetis, JawabanSkm, SurveiSkm


@admin.register(SurveiSkm)
class SurveiSkmAdmin(ReadOnlyAdmin):
    list_display = ("unit", "periode", "bentuk", "jumlah_responden", "sintetis")
    list_filter = ("periode", "bentuk", "sintetis")
    list_select_related = ("unit",)
    search_fields = ("unit__nama", "unit__kode", "periode")
    ordering = ("unit__nama", "tahun", "semester")


@admin.register(JawabanSkm)
class JawabanSkmAdmin(ReadOnlyAdmin):
    list_display = ("survei", "responden", "persyaratan", "prosedur", "waktu", "biaya", "produk")
    list_select_related = ("survei__unit",)
    search_fields = ("responden", "survei__unit__nama")
    ordering = ("survei", "responden")


@admin.register(EfekProgram)
class EfekProgramAdmin(ReadOnlyAdmin):
    list_display = (
        "kegiatan",
        "tahun",
        "hasil",
        "estimate",
        "ci_low",
        "ci_high",
        "n_treated",
        "n_control",
        "verdict",
    )
    list_filter = ("tahun", "hasil", "verdict")
    list_select_related = ("kegiatan",)
    search_fields = ("kegiatan__kode", "kegiatan__judul")


@admin.register(EfekSintetis)
class EfekSintetisAdmin(ReadOnlyAdmin):
    list_display = ("kegiatan", "efek", "sintetis")
    list_select_related = ("kegiatan",)


from sibina.evaluation import instrument_admin  # noqa: E402,F401  (L1–L3 instruments)
