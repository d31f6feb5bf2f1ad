# mypy: disable-error-code="type-arg"
"""Admin for the instruments: the reaction questionnaire's items are edited here (text, order, asked or not);
responses, scores, ratings and reminders are read-only (they are written by their pages, the import and the
reminder run, each audited)."""

from __future__ import annotations

from django.contrib import admin

from sibina.audit.admin_mixins import ReadOnlyAdmin
from sibina.evaluation.instrument_models import (
    ButirReaksi,
    NilaiTes,
    PengingatEvaluasi,
    PenilaianPerilaku,
    ResponsReaksi,
)


@admin.register(ButirReaksi)
class ButirReaksiAdmin(admin.ModelAdmin):
    list_display = ("urutan", "kode", "teks", "aktif")
    list_editable = ("teks", "aktif")
    list_display_links = ("kode",)
    ordering = ("urutan", "kode")


@admin.register(ResponsReaksi)
class ResponsReaksiAdmin(ReadOnlyAdmin):
    list_display = ("peserta", "diisi_pada")
    list_select_related = ("peserta",)


@admin.register(NilaiTes)
class NilaiTesAdmin(ReadOnlyAdmin):
    list_display = ("peserta", "pre", "post")
    list_select_related = ("peserta",)


@admin.register(PenilaianPerilaku)
class PenilaianPerilakuAdmin(ReadOnlyAdmin):
    list_display = ("peserta", "penilai", "nilai", "aksi_diterapkan", "dinilai_pada")
    list_select_related = ("peserta",)


@admin.register(PengingatEvaluasi)
class PengingatEvaluasiAdmin(ReadOnlyAdmin):
    list_display = ("jenis", "peserta", "tanggal", "dikirim")
    list_select_related = ("peserta",)
