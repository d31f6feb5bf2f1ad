# mypy: disable-error-code="type-arg"
# (ModelAdmin[Model] cannot be subscripted at run time without django-stubs-ext's monkeypatch.)
"""Admin for the reference tables: every version row is visible, with its effective date and confirmation."""

from __future__ import annotations

from django.contrib import admin

from sibina.audit.admin_mixins import AuditedAdmin
from sibina.reference.models import (
    BentukPengembangan,
    Golongan,
    JenisJabatan,
    Ketentuan,
    KodeWilayah,
    KonversiJp,
    KotakTalenta,
    PredikatKinerja,
    PredikatSumbuKinerja,
    TingkatJabatan,
    TingkatPendidikan,
)

VERSION_FIELDS = ("berlaku_mulai", "berlaku_sampai", "terkonfirmasi")
VERSION_FILTERS = ("terkonfirmasi", "berlaku_mulai")


class VersionedAdmin(AuditedAdmin):
    """A changed rule is added as a new row with a later ``berlaku_mulai``; old rows stay for the record."""

    date_hierarchy = "berlaku_mulai"
    save_as = True  # "save as new" is the natural way to add the next version of a row


@admin.register(Golongan)
class GolonganAdmin(VersionedAdmin):
    list_display = ("label", "pangkat", "kode", "jenis_asn", *VERSION_FIELDS)
    list_filter = ("jenis_asn", *VERSION_FILTERS)
    search_fields = ("label", "pangkat", "kode")
    ordering = ("jenis_asn", "urutan", "berlaku_mulai")


@admin.register(TingkatPendidikan)
class TingkatPendidikanAdmin(VersionedAdmin):
    list_display = ("kode", "nama", "urutan", *VERSION_FIELDS)
    list_filter = VERSION_FILTERS
    search_fields = ("kode", "nama")


@admin.register(JenisJabatan)
class JenisJabatanAdmin(VersionedAdmin):
    list_display = ("kode", "nama", *VERSION_FIELDS)
    list_filter = VERSION_FILTERS
    search_fields = ("nama",)


@admin.register(TingkatJabatan)
class TingkatJabatanAdmin(VersionedAdmin):
    list_display = (
        "nama",
        "kode",
        "kelompok",
        "jenis_jabatan_kode",
        "level_manajerial_standar",
        *VERSION_FIELDS,
    )
    list_filter = ("kelompok", *VERSION_FILTERS)
    search_fields = ("kode", "nama")


@admin.register(BentukPengembangan)
class BentukPengembanganAdmin(VersionedAdmin):
    list_display = ("kode", "nama", "jalur", "siasn_jenis_diklat_id", "teknis", *VERSION_FIELDS)
    list_filter = ("jalur", "teknis", *VERSION_FILTERS)
    search_fields = ("kode", "nama")


@admin.register(KonversiJp)
class KonversiJpAdmin(VersionedAdmin):
    list_display = (
        "bentuk_kode",
        "satuan",
        "jp_per_satuan",
        "jp_per_satuan_internasional",
        "faktor_internasional",
        "satuan_internasional",
        "batas_jp",
        "batas_per",
        *VERSION_FIELDS,
    )
    list_filter = ("satuan", *VERSION_FILTERS)
    search_fields = ("bentuk_kode",)


@admin.register(Ketentuan)
class KetentuanAdmin(VersionedAdmin):
    list_display = ("kode", "nama", "nilai", "satuan", *VERSION_FIELDS)
    list_filter = VERSION_FILTERS
    search_fields = ("kode", "nama")


@admin.register(PredikatKinerja)
class PredikatKinerjaAdmin(VersionedAdmin):
    list_display = ("hasil_kerja", "perilaku_kerja", "predikat", *VERSION_FIELDS)
    list_filter = ("hasil_kerja", "perilaku_kerja", *VERSION_FILTERS)


@admin.register(KotakTalenta)
class KotakTalentaAdmin(VersionedAdmin):
    list_display = ("kotak", "nama", "pengembangan_kompetensi", "kelompok_suksesi", *VERSION_FIELDS)
    list_filter = ("pengembangan_kompetensi", "kelompok_suksesi", *VERSION_FILTERS)
    search_fields = ("nama", "rekomendasi")


@admin.register(PredikatSumbuKinerja)
class PredikatSumbuKinerjaAdmin(VersionedAdmin):
    list_display = ("predikat", "kinerja", *VERSION_FIELDS)
    list_filter = VERSION_FILTERS


@admin.register(KodeWilayah)
class KodeWilayahAdmin(VersionedAdmin):
    list_display = ("kode", "nama", "tingkat", "kabupaten_lengkap", *VERSION_FIELDS)
    list_filter = ("tingkat", *VERSION_FILTERS)
    search_fields = ("kode", "nama")
