# mypy: disable-error-code="type-arg"
# (ModelAdmin[Model] cannot be subscripted at run time without django-stubs-ext's monkeypatch.)
"""Admin for the catalogue of development activities. An activity's JP is never typed: it is derived from
its form's JP conversion rule (Peraturan LAN 10/2018, reference table) and what is known about how it runs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sibina.audit.admin_mixins import AuditedAdmin
from sibina.catalogue.models import AturanWajib, Kegiatan, KegiatanKompetensi
from sibina.catalogue.services import kegiatan_jp
from sibina.people.models import UnitKerja
from sibina.reference.domain import JpRuleError
from sibina.reference.models import RumpunJabatan
from sibina.reference.selectors import MissingReference


class TextListField(forms.CharField):
    """A list of short texts typed as one line, separated by semicolons ("Perawat; Bidan")."""

    def prepare_value(self, value: Any) -> Any:
        return "; ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list):
            return value
        text = super().to_python(value) or ""
        return [" ".join(part.split()) for part in text.replace("\n", ";").split(";") if part.strip()]


class KegiatanForm(forms.ModelForm):
    # The target audience: ticked families and unit types, typed position names and OPD codes.
    sasaran_rumpun = forms.TypedMultipleChoiceField(
        label=_("target job families"),
        choices=RumpunJabatan.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every job family."),
    )
    sasaran_jenis_unit = forms.TypedMultipleChoiceField(
        label=_("target unit types"),
        choices=UnitKerja.Jenis.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every unit type (an employee's unit type is that of their place of work)."),
    )
    sasaran_jabatan = TextListField(
        label=_("target positions"),
        required=False,
        help_text=_("Position names separated by semicolons; a name covers every position it starts."),
    )
    sasaran_opd = TextListField(
        label=_("target OPDs"), required=False, help_text=_("OPD codes separated by semicolons; empty: all.")
    )

    class Meta:
        model = Kegiatan
        fields = (
            "instansi",
            "kode",
            "judul",
            "deskripsi",
            "bentuk",
            "jenis_penyelenggara",
            "penyelenggara",
            "hari",
            "sesi",
            "menit",
            "bulan",
            "jp_program",
            "internasional",
            "hari_klasikal",
            "biaya_per_peserta",
            "biaya_per_kelas",
            "kapasitas_kelas",
            "min_peserta",
            "maks_kelas",
            "triwulan",
            "pola_pendanaan",
            "sumber_dana",
            "tingkat_jabatan",
            "golongan_min",
            "golongan_max",
            "jenis_asn",
            "hanya_garis_depan",
            "sasaran_rumpun",
            "sasaran_jenis_unit",
            "sasaran_jabatan",
            "sasaran_opd",
            "oleh_atasan",
            "prasyarat",
            "standar_pembina",
            "standar_kurikulum",
            "aktif",
            "sintetis",
        )  # every field but jp, which is derived

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        bentuk = cleaned.get("bentuk")
        if bentuk is None:
            return cleaned
        # What the conversion rule reads, as entered; the catalogue service derives the JP from it.
        draft = Kegiatan(
            bentuk=bentuk,
            hari=cleaned.get("hari") or 0,
            sesi=cleaned.get("sesi") or 0,
            menit=cleaned.get("menit") or 0,
            bulan=cleaned.get("bulan") or 1,
            jp_program=cleaned.get("jp_program"),
            internasional=bool(cleaned.get("internasional")),
        )
        try:
            self.instance.jp = kegiatan_jp(draft, on=timezone.localdate())
        except KeyError:
            self.add_error(
                "bentuk", _("No JP conversion rule is in force for form %(code)s.") % {"code": bentuk.kode}
            )
        except JpRuleError:
            self.add_error("jp_program", _("This form counts the program's own JP: enter the program JP."))
        except MissingReference:
            self.add_error(None, _("The minutes per JP setting has no value in force today."))
        return cleaned


class KegiatanKompetensiInline(admin.TabularInline):
    model = KegiatanKompetensi
    fields = ("kompetensi", "kenaikan_level")
    autocomplete_fields = ("kompetensi",)
    extra = 0


class AturanWajibInline(admin.TabularInline):
    model = AturanWajib
    fields = ("sasaran", "dasar", "aktif")
    extra = 0


@admin.register(Kegiatan)
class KegiatanAdmin(AuditedAdmin):
    form = KegiatanForm
    list_display = (
        "kode",
        "judul",
        "bentuk",
        "jp",
        "jenis_penyelenggara",
        "biaya_per_peserta",
        "kapasitas_kelas",
        "maks_kelas",
        "aktif",
    )
    list_filter = (
        "bentuk__jalur",
        "bentuk",
        "jenis_penyelenggara",
        "pola_pendanaan",
        "sumber_dana",
        "aktif",
        "sintetis",
        "instansi",
    )
    list_select_related = ("bentuk",)
    search_fields = ("kode", "judul", "penyelenggara")
    autocomplete_fields = ("instansi", "bentuk", "tingkat_jabatan", "prasyarat")
    readonly_fields = ("jp",)
    ordering = ("kode",)
    inlines = (KegiatanKompetensiInline, AturanWajibInline)
    fieldsets = (
        (None, {"fields": ("instansi", ("kode", "aktif", "sintetis"), "judul", "deskripsi", "bentuk")}),
        (_("Provider"), {"fields": (("jenis_penyelenggara", "penyelenggara"),)}),
        (
            _("Curriculum standard"),
            {
                "fields": (("standar_pembina", "standar_kurikulum"),),
                "description": _(
                    "Item (f) of the plan document: the curriculum standard of the competency's instansi "
                    "pembina that the activity follows. Leave both empty when there is none yet."
                ),
            },
        ),
        (
            _("Duration and JP"),
            {
                "fields": (
                    ("hari", "sesi", "menit", "bulan"),
                    ("jp_program", "internasional"),
                    "jp",
                    "hari_klasikal",
                ),
                "description": _(
                    "JP is computed from the form's conversion rule when the activity is saved."
                ),
            },
        ),
        (
            _("Cost and capacity"),
            {
                "fields": (
                    ("biaya_per_peserta", "biaya_per_kelas"),
                    ("kapasitas_kelas", "min_peserta", "maks_kelas"),
                    "triwulan",
                    ("pola_pendanaan", "sumber_dana"),
                )
            },
        ),
        (
            _("Who may take it"),
            {
                "fields": (
                    "tingkat_jabatan",
                    ("golongan_min", "golongan_max"),
                    "jenis_asn",
                    "hanya_garis_depan",
                    "prasyarat",
                )
            },
        ),
        (
            _("Who it is for (target audience)"),
            {
                "fields": (
                    "sasaran_rumpun",
                    "sasaran_jenis_unit",
                    "sasaran_jabatan",
                    "sasaran_opd",
                    "oleh_atasan",
                ),
                "description": _(
                    "The optimiser offers the activity only to employees who fit every filled-in line here."
                ),
            },
        ),
    )


@admin.register(KegiatanKompetensi)
class KegiatanKompetensiAdmin(AuditedAdmin):
    list_display = ("kegiatan", "kompetensi", "kenaikan_level")
    list_filter = ("kenaikan_level", "kompetensi__kelompok")
    list_select_related = ("kegiatan", "kompetensi")
    search_fields = ("kegiatan__kode", "kegiatan__judul", "kompetensi__nama", "kompetensi__kode")
    autocomplete_fields = ("kegiatan", "kompetensi")


@admin.register(AturanWajib)
class AturanWajibAdmin(AuditedAdmin):
    list_display = ("kegiatan", "sasaran", "dasar", "aktif")
    list_filter = ("sasaran", "aktif")
    list_select_related = ("kegiatan",)
    search_fields = ("kegiatan__kode", "kegiatan__judul", "dasar")
    autocomplete_fields = ("kegiatan",)
