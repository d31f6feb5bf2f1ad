# mypy: disable-error-code="type-arg"
# (ModelAdmin[Model] cannot be subscripted at run time without django-stubs-ext's monkeypatch.)
"""Admin for SKM records: visible to BKPSDM and the auditor, changed only through imports (the kernel keeps the
batch, the counts and the audit event)."""

from __future__ import annotations

from django.contrib import admin

from sibina.audit.admin_mixins import ReadOnlyAdmin
from sibina.evaluation.models import JawabanSkm, SurveiSkm


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


from sibina.evaluation import instrument_admin  # noqa: E402,F401  (L1–L3 instruments)
