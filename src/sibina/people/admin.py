# mypy: disable-error-code="type-arg"
# (ModelAdmin[Model] cannot be subscripted at run time without django-stubs-ext's monkeypatch.)
"""Admin for the organisation and its people. Lists stay fast at 5k+ employees: related rows are joined,
foreign keys use autocomplete, and NIKs are masked for anyone without ``people.view_nik``. Every edit is
written to the audit trail (``AuditedAdmin``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sibina.audit.admin_mixins import AuditedAdmin
from sibina.people import domain
from sibina.people.models import AkunInstansi, Instansi, Jabatan, Pegawai, RiwayatPengembangan, UnitKerja


def search_by_nip(
    queryset: QuerySet[Any], search_term: str, *, nip_field: str
) -> tuple[QuerySet[Any], bool] | None:
    """NIPs are typed with spaces and dots ('19860926 201505 1 001'): match their digits as a prefix."""
    digits = domain.normalise_nip(search_term)
    if len(digits) >= 4 and digits.isascii() and digits.isdigit():
        return queryset.filter(Q(**{f"{nip_field}__startswith": digits})), False
    return None


class TopLevelUnitFilter(admin.SimpleListFilter):
    """Filter by OPD (or kecamatan): the unit and everything under it."""

    title = _("agency (OPD)")
    parameter_name = "opd"
    unit_field = "unit"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        roots = UnitKerja.objects.filter(parent__isnull=True).order_by("nama").values_list("pk", "nama")
        return [(str(pk), nama) for pk, nama in roots]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any] | None:
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        path = UnitKerja.objects.filter(pk=int(value)).values_list("path", flat=True).first()
        if path is None:
            return queryset.none()
        return queryset.filter(**{f"{self.unit_field}__path__startswith": path})


@admin.register(Instansi)
class InstansiAdmin(AuditedAdmin):
    list_display = ("nama", "kode", "jenis", "provinsi", "kode_wilayah")
    list_filter = ("jenis",)
    search_fields = ("nama", "kode")


@admin.register(AkunInstansi)
class AkunInstansiAdmin(AuditedAdmin):
    """The instansi of accounts without an employee record (docs/decisions/0012-tenant-scope.md)."""

    list_display = ("user", "instansi")
    list_select_related = ("user", "instansi")
    list_filter = ("instansi",)
    search_fields = ("user__username",)
    autocomplete_fields = ("user",)


@admin.register(UnitKerja)
class UnitKerjaAdmin(AuditedAdmin):
    list_display = (
        "nama",
        "kode",
        "jenis",
        "parent",
        "instansi",
        "melayani_publik",
        "terkonfirmasi",
        "dari_impor",
        "sintetis",
    )
    list_filter = ("jenis", "instansi", "terkonfirmasi", "dari_impor", "melayani_publik", "sintetis")
    list_select_related = ("parent", "instansi")
    search_fields = ("nama", "kode", "nama_singkat")
    autocomplete_fields = ("parent",)
    readonly_fields = ("path", "depth")
    ordering = ("path",)
    list_per_page = 100


@admin.register(Jabatan)
class JabatanAdmin(AuditedAdmin):
    list_display = ("nama", "tingkat", "rumpun", "unit", "jenis_jabatan_kode", "instansi")
    list_filter = ("tingkat__kelompok", "rumpun", "jenis_jabatan_kode", "instansi")
    list_select_related = ("tingkat", "unit", "instansi")
    search_fields = ("nama", "unit__nama")
    autocomplete_fields = ("unit",)


class RiwayatInline(admin.TabularInline):
    model = RiwayatPengembangan
    fields = ("tahun", "tanggal_mulai", "nama_kegiatan", "bentuk", "jp", "sumber")
    extra = 0
    show_change_link = True
    ordering = ("-tanggal_mulai",)


@admin.register(Pegawai)
class PegawaiAdmin(AuditedAdmin):
    list_display = (
        "nip",
        "nama_lengkap_display",
        "unit",
        "jabatan",
        "golongan_display",
        "jenis_asn",
        "status",
    )
    list_display_links = ("nip", "nama_lengkap_display")
    list_filter = (TopLevelUnitFilter, "jenis_asn", "golongan", "status", "sintetis")
    list_select_related = ("unit", "jabatan", "golongan")
    search_fields = ("nip", "nama", "nip_lama")
    search_help_text = _("NIP (spaces allowed) or name.")
    autocomplete_fields = ("atasan", "unit", "jabatan")
    raw_id_fields = ("user",)
    ordering = ("nama", "nip")
    show_full_result_count = False  # saves a second COUNT(*) on every filtered page
    inlines = (RiwayatInline,)
    # The audit trail is read by auditors without ``people.view_nik``: it shows that a NIK changed, masked.
    audit_masked = {"nik": domain.mask_nik}

    @admin.display(description=_("name"), ordering="nama")
    def nama_lengkap_display(self, obj: Pegawai) -> str:
        return obj.nama_lengkap

    @admin.display(description=_("rank"), ordering="golongan__urutan")
    def golongan_display(self, obj: Pegawai) -> str:
        return obj.golongan.label if obj.golongan else "—"

    @admin.display(description=_("NIK"))
    def nik_masked(self, obj: Pegawai) -> str:
        return obj.nik_tersamar or "—"

    @admin.display(description=_("identity findings"))
    def identity_findings_display(self, obj: Pegawai) -> str:
        if not obj.pk:
            return "—"
        return "; ".join(f.message for f in obj.identity_findings()) or str(_("none"))

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Pegawai], search_term: str
    ) -> tuple[QuerySet[Pegawai], bool]:
        by_nip = search_by_nip(queryset, search_term, nip_field="nip")
        return by_nip or super().get_search_results(request, queryset, search_term)

    def get_fieldsets(self, request: HttpRequest, obj: Pegawai | None = None) -> Any:
        nik = "nik" if request.user.has_perm("people.view_nik") else "nik_masked"
        return [
            (
                _("Identity"),
                {
                    "fields": (
                        "instansi",
                        ("nip", "nip_lama", "pns_id"),
                        nik,
                        ("gelar_depan", "nama", "gelar_belakang"),
                        ("tempat_lahir", "tanggal_lahir"),
                        ("jenis_kelamin", "agama"),
                        ("email", "nomor_hp"),
                        "identity_findings_display",
                    )
                },
            ),
            (
                _("Employment"),
                {
                    "fields": (
                        ("jenis_asn", "status"),
                        ("golongan", "tmt_golongan"),
                        ("jabatan", "tmt_jabatan"),
                        "unit",
                        "atasan",
                        ("tmt_cpns", "tmt_pns"),
                        ("kontrak_mulai", "kontrak_selesai"),
                    )
                },
            ),
            (_("Education"), {"fields": ("pendidikan", "jurusan", "tahun_lulus")}),
            (_("System"), {"fields": ("user", "sintetis", "version", "created_at", "updated_at")}),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Pegawai | None = None) -> Any:
        readonly = ["identity_findings_display", "version", "created_at", "updated_at"]
        if not request.user.has_perm("people.view_nik"):
            readonly.append("nik_masked")
        return readonly


@admin.register(RiwayatPengembangan)
class RiwayatPengembanganAdmin(AuditedAdmin):
    list_display = (
        "pegawai_nip",
        "pegawai",
        "nama_kegiatan",
        "bentuk",
        "tahun",
        "tanggal_mulai",
        "jp",
        "sumber",
    )
    list_filter = ("tahun", "jenis", "sumber", "bentuk")
    list_select_related = ("pegawai", "bentuk")
    search_fields = ("pegawai__nip", "pegawai__nama", "nama_kegiatan")
    search_help_text = _("Employee NIP or name, or activity name.")
    autocomplete_fields = ("pegawai",)
    raw_id_fields = ("import_batch",)
    ordering = ("-tanggal_mulai", "-id")
    show_full_result_count = False

    @admin.display(description=_("NIP"), ordering="pegawai__nip")
    def pegawai_nip(self, obj: RiwayatPengembangan) -> str:
        return obj.pegawai.nip

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[RiwayatPengembangan], search_term: str
    ) -> tuple[QuerySet[RiwayatPengembangan], bool]:
        by_nip = search_by_nip(queryset, search_term, nip_field="pegawai__nip")
        return by_nip or super().get_search_results(request, queryset, search_term)
