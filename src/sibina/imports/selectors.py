"""Reads for imports: batches, their row errors and changes, and the agency a command-line import targets."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sibina.imports.models import ImportBatch, ImportRowError, PerubahanData
from sibina.people.models import Instansi


class InstansiNotFound(LookupError):
    """The agency to import into cannot be determined; the message says what to do."""


def import_batch_list(*, instansi: Instansi | None = None) -> QuerySet[ImportBatch]:
    rows = ImportBatch.objects.select_related("instansi", "oleh").order_by("-mulai", "-id")
    return rows if instansi is None else rows.filter(instansi=instansi)


def import_batch_get(*, batch_id: int) -> ImportBatch:
    return ImportBatch.objects.select_related("instansi", "oleh").get(pk=batch_id)


def import_batch_errors(*, batch: ImportBatch) -> QuerySet[ImportRowError]:
    return batch.errors.order_by("baris", "id")


def import_batch_changes(*, batch: ImportBatch) -> QuerySet[PerubahanData]:
    return batch.perubahan.select_related("pegawai").order_by("pegawai__nip", "kolom", "id")


def import_instansi(*, kode: str | None) -> Instansi:
    """The agency by code; without a code, the only agency in the database."""
    if kode:
        found = Instansi.objects.filter(kode=kode).first()
        if found is None:
            raise InstansiNotFound(_("No agency has code %(kode)s.") % {"kode": kode})
        return found
    agencies = list(Instansi.objects.order_by("kode")[:2])
    if not agencies:
        raise InstansiNotFound(
            _(
                "There is no agency in the database yet: load one first (sibina instansi_load), or create it "
                "and its work units from this file with --create-units."
            )
        )
    if len(agencies) > 1:
        codes = ", ".join(Instansi.objects.order_by("kode").values_list("kode", flat=True))
        raise InstansiNotFound(
            _("There are several agencies; choose one with --instansi (%(codes)s).") % {"codes": codes}
        )
    return agencies[0]
