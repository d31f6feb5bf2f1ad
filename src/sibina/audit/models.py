"""The audit trail: one append-only row per state change, edit or denied attempt.

It sits at the bottom of the dependency graph (it imports no other SiBina app) so that every stage can write to
it without reaching backwards. Each event names its instansi (``instansi_id``) so every tenant reads only its own
trail. Rows are never updated or deleted through the app: ``save`` refuses an update
and the admin is read-only.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    waktu = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # Kept as text too, so the record still says who it was after an account is removed.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    peran = models.CharField(_("role"), max_length=40, blank=True)
    aksi = models.CharField(_("action"), max_length=60, db_index=True)
    objek_tipe = models.CharField(_("object type"), max_length=80, blank=True, db_index=True)
    objek_id = models.CharField(_("object id"), max_length=64, blank=True)
    objek_label = models.CharField(_("object"), max_length=255, blank=True)
    sebelum = models.JSONField(_("before"), null=True, blank=True)
    sesudah = models.JSONField(_("after"), null=True, blank=True)
    alamat = models.CharField(_("client address"), max_length=64, blank=True)
    keterangan = models.TextField(_("note"), blank=True)
    # The tenant the event belongs to (the acted-on object's instansi, else the actor's): the trail, its export
    # and its figures are read per instansi. A plain number, not a foreign key, so the audit app stays at the
    # bottom of the dependency graph; instansi rows are never deleted (PROTECT everywhere). NULL: no tenant
    # (e.g. a failed login under an unknown user name), shown only where the installation has one instansi.
    instansi_id = models.PositiveIntegerField(_("agency id"), null=True, blank=True, db_index=True)
    # The OPD (top unit of the organisation tree) the acted-on object belongs to, when it reaches one cheaply: a
    # unit, an employee, an OPD's review, a proposal, a coaching assignment (``services.opd_of``). A plain number
    # for the same reason as ``instansi_id``. NULL: city-wide or not derivable (a plan, a catalogue activity).
    opd_id = models.PositiveIntegerField(_("OPD id"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-waktu", "-id"]
        indexes = [models.Index(fields=["objek_tipe", "objek_id"], name="audit_objek")]

    def __str__(self) -> str:
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.username or '-'} {self.aksi} {self.objek_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit events are append-only.")
