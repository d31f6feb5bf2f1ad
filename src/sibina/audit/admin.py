# mypy: disable-error-code="type-arg"
from django.contrib import admin

from sibina.audit.admin_mixins import ReadOnlyAdmin
from sibina.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the trail can be searched and read, never edited or deleted through the app."""

    list_display = ("waktu", "username", "peran", "aksi", "objek_tipe", "objek_label", "alamat")
    list_filter = ("aksi", "peran", "objek_tipe")
    search_fields = ("username", "objek_label", "objek_id", "keterangan")
    date_hierarchy = "waktu"
