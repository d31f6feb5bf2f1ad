# mypy: disable-error-code="type-arg"
# (ModelAdmin[Model] cannot be subscripted at run time without django-stubs-ext's monkeypatch.)
"""Admin for the competency dictionary, position standards (SKJ), assessments, SKP and talent boxes.

Rows that the system computes (talent boxes) are read-only here; an SKP's predikat is always derived from the
reference matrix, and an edited default standard is relabelled as the position's own SKJ.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sibina.audit.admin_mixins import AuditedAdmin
from sibina.competency.models import (
    Asesmen,
    Kinerja,
    Kompetensi,
    KompetensiLevel,
    NilaiKompetensi,
    NominasiSuksesi,
    ProfilTalenta,
    StandarKompetensi,
)
from sibina.competency.services import asesmen_valid_until, kinerja_predikat
from sibina.people.admin import TopLevelUnitFilter, search_by_nip
from sibina.reference.selectors import MissingReference


class PegawaiOpdFilter(TopLevelUnitFilter):
    """Filter rows by the OPD (or kecamatan) of their employee."""

    unit_field = "pegawai__unit"


class PegawaiRowAdmin(AuditedAdmin):
    """Rows of one employee: searched by the employee's NIP (typed with spaces) or name."""

    search_fields = ("pegawai__nip", "pegawai__nama")
    search_help_text = _("Employee NIP (spaces allowed) or name.")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        by_nip = search_by_nip(queryset, search_term, nip_field="pegawai__nip")
        return by_nip or super().get_search_results(request, queryset, search_term)


class ComputedAdmin(PegawaiRowAdmin):
    """Rows rebuilt by a service (talent boxes, needs): visible, never edited by hand."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class KompetensiLevelInline(admin.TabularInline):
    model = KompetensiLevel
    fields = ("level", "deskripsi")
    extra = 0
    ordering = ("level",)


@admin.register(Kompetensi)
class KompetensiAdmin(AuditedAdmin):
    list_display = ("kode", "nama", "kelompok", "bidang", "aktif")
    list_filter = ("kelompok", "bidang", "aktif")
    search_fields = ("kode", "nama", "bidang")
    ordering = ("kelompok", "kode")
    inlines = (KompetensiLevelInline,)


@admin.register(KompetensiLevel)
class KompetensiLevelAdmin(AuditedAdmin):
    list_display = ("kompetensi", "level", "deskripsi")
    list_filter = ("level", "kompetensi__kelompok")
    list_select_related = ("kompetensi",)
    search_fields = ("kompetensi__nama", "kompetensi__kode", "deskripsi")
    autocomplete_fields = ("kompetensi",)
    ordering = ("kompetensi__kode", "level")


@admin.register(StandarKompetensi)
class StandarKompetensiAdmin(AuditedAdmin):
    list_display = ("jabatan", "unit_display", "kompetensi", "level", "sumber")
    list_filter = ("sumber", "kompetensi__kelompok", "jabatan__tingkat__kelompok", "level")
    list_select_related = ("jabatan", "jabatan__unit", "kompetensi")
    search_fields = ("jabatan__nama", "kompetensi__nama", "kompetensi__kode")
    autocomplete_fields = ("jabatan", "kompetensi")
    ordering = ("jabatan__nama", "kompetensi__kode")
    show_full_result_count = False

    @admin.display(description=_("unit"), ordering="jabatan__unit__nama")
    def unit_display(self, obj: StandarKompetensi) -> str:
        return obj.jabatan.unit.nama if obj.jabatan.unit else "—"

    def save_model(self, request: HttpRequest, obj: StandarKompetensi, form: Any, change: bool) -> None:
        # A default whose level a person changed is now the position's own standard, not a default.
        if (
            change
            and "level" in form.changed_data
            and "sumber" not in form.changed_data
            and obj.sumber == StandarKompetensi.Sumber.DEFAULT
        ):
            obj.sumber = StandarKompetensi.Sumber.SKJ
        super().save_model(request, obj, form, change)


class NilaiKompetensiInline(admin.TabularInline):
    model = NilaiKompetensi
    fields = ("kompetensi", "level")
    autocomplete_fields = ("kompetensi",)
    extra = 0


class AsesmenForm(forms.ModelForm):
    class Meta:
        model = Asesmen
        fields = (
            "pegawai",
            "tanggal",
            "metode",
            "penyelenggara",
            "skor_potensial",
            "berlaku_sampai",
            "sintetis",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["berlaku_sampai"]
        field.required = False
        field.help_text = _("Leave empty for the default validity period from the reference settings.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        tanggal = cleaned.get("tanggal")
        if tanggal and not cleaned.get("berlaku_sampai"):
            try:
                cleaned["berlaku_sampai"] = asesmen_valid_until(tanggal)
            except MissingReference:
                self.add_error(
                    "berlaku_sampai",
                    _("No default validity period is set for this date: enter the date it is valid until."),
                )
        return cleaned


@admin.register(Asesmen)
class AsesmenAdmin(PegawaiRowAdmin):
    form = AsesmenForm
    list_display = (
        "pegawai_nip",
        "pegawai",
        "tanggal",
        "metode",
        "penyelenggara",
        "skor_potensial",
        "berlaku_sampai",
        "sintetis",
    )
    list_filter = ("metode", PegawaiOpdFilter, "sintetis", "tanggal")
    list_select_related = ("pegawai",)
    autocomplete_fields = ("pegawai",)
    date_hierarchy = "tanggal"
    ordering = ("-tanggal", "-id")
    inlines = (NilaiKompetensiInline,)
    show_full_result_count = False

    @admin.display(description=_("NIP"), ordering="pegawai__nip")
    def pegawai_nip(self, obj: Asesmen) -> str:
        return obj.pegawai.nip


@admin.register(NilaiKompetensi)
class NilaiKompetensiAdmin(AuditedAdmin):
    list_display = ("asesmen", "kompetensi", "level")
    list_filter = ("level", "kompetensi__kelompok")
    list_select_related = ("asesmen", "asesmen__pegawai", "kompetensi")
    search_fields = ("asesmen__pegawai__nip", "asesmen__pegawai__nama", "kompetensi__nama")
    raw_id_fields = ("asesmen",)
    autocomplete_fields = ("kompetensi",)
    show_full_result_count = False


class KinerjaForm(forms.ModelForm):
    class Meta:
        model = Kinerja
        fields = (
            "pegawai",
            "tahun",
            "hasil_kerja",
            "perilaku_kerja",
            "penilai_nip",
            "penilai_nama",
            "sintetis",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        hk, pk, tahun = cleaned.get("hasil_kerja"), cleaned.get("perilaku_kerja"), cleaned.get("tahun")
        if hk and pk and tahun:
            # The predikat is never typed: it follows from HK × PK by the matrix in force that year.
            try:
                self.instance.predikat = kinerja_predikat(hasil_kerja=hk, perilaku_kerja=pk, tahun=tahun)
            except ValueError:
                self.add_error(
                    None,
                    _("The SKP predikat matrix has no cell for this rating in %(year)s.") % {"year": tahun},
                )
        return cleaned


@admin.register(Kinerja)
class KinerjaAdmin(PegawaiRowAdmin):
    form = KinerjaForm
    list_display = (
        "pegawai",
        "tahun",
        "hasil_kerja",
        "perilaku_kerja",
        "predikat",
        "penilai_nama",
        "sintetis",
    )
    list_filter = ("tahun", "predikat", "hasil_kerja", "perilaku_kerja", PegawaiOpdFilter, "sintetis")
    list_select_related = ("pegawai",)
    autocomplete_fields = ("pegawai",)
    readonly_fields = ("predikat",)
    ordering = ("-tahun", "pegawai__nama")
    show_full_result_count = False


@admin.register(ProfilTalenta)
class ProfilTalentaAdmin(ComputedAdmin):
    list_display = ("pegawai", "tahun", "kinerja", "potensial", "kotak")
    list_filter = ("tahun", "kotak", "kinerja", "potensial", PegawaiOpdFilter)
    list_select_related = ("pegawai",)
    ordering = ("-tahun", "pegawai__nama")
    show_full_result_count = False


@admin.register(NominasiSuksesi)
class NominasiSuksesiAdmin(PegawaiRowAdmin):
    list_display = ("pegawai", "jabatan_target", "tahun")
    list_filter = ("tahun", PegawaiOpdFilter)
    list_select_related = ("pegawai", "jabatan_target")
    autocomplete_fields = ("pegawai", "jabatan_target")
    ordering = ("-tahun", "pegawai__nama")
