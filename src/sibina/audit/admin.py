# mypy: disable-error-code="type-arg"
from django.contrib import admin
from django.http import HttpRequest

from sibina.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail can be searched and read, never edited or deleted through the app."""

    list_display = ("waktu", "username", "peran", "aksi", "objek_tipe", "objek_label", "alamat")
    list_filter = ("aksi", "peran", "objek_tipe")
    search_fields = ("username", "objek_label", "objek_id", "keterangan")
    date_hierarchy = "waktu"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
