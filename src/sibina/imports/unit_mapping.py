"""BKPSDM's unit-mapping table: "this name, as the import files spell it, is that unit of our tree".

Names are stored as :func:`sibina.imports.domain.unit_key` gives them, the form :class:`matching.Units` looks
them up by; every change is audited.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from sibina.audit.services import audit_record
from sibina.imports.domain import unit_key
from sibina.imports.kernel import User
from sibina.imports.models import PemetaanUnit
from sibina.people.models import Instansi, UnitKerja


def pemetaan_list(*, instansi_id: int) -> QuerySet[PemetaanUnit]:
    return PemetaanUnit.objects.filter(instansi_id=instansi_id).select_related("unit", "oleh")


@transaction.atomic
def pemetaan_save(*, instansi: Instansi, nama: str, unit: UnitKerja, by: User | None) -> PemetaanUnit:
    """Map ``nama`` to ``unit`` of the same agency; a name mapped before is pointed at the new unit."""
    if unit.instansi_id != instansi.pk:
        raise ValueError("A unit is mapped within its own agency.")
    key = unit_key(nama)
    existing = PemetaanUnit.objects.filter(instansi=instansi, nama_sumber=key).first()
    before = {"nama_sumber": key, "unit_id": existing.unit_id} if existing else None
    mapping, _created = PemetaanUnit.objects.update_or_create(
        instansi=instansi,
        nama_sumber=key,
        defaults={"unit": unit, "oleh_id": by.pk if by is not None and by.is_authenticated else None},
    )
    audit_record(
        by=by,
        action="import.unit_mapping.save",
        obj=mapping,
        before=before,
        after={"nama_sumber": key, "unit_id": unit.pk},
        label=f"{key} → {unit.nama}",
        instansi_id=instansi.pk,
    )
    return mapping


@transaction.atomic
def pemetaan_delete(*, mapping: PemetaanUnit, by: User | None) -> None:
    audit_record(
        by=by,
        action="import.unit_mapping.delete",
        obj=mapping,
        before={"nama_sumber": mapping.nama_sumber, "unit_id": mapping.unit_id},
        label=f"{mapping.nama_sumber} → {mapping.unit.nama}",
        instansi_id=mapping.instansi_id,
    )
    mapping.delete()
