"""The SKM factor of the needs priority: each service unit's shortfall of its yearly converted IKM below the
"Baik" bound (``SKM_MUTU_B_MIN``), scaled to 0–1, stored as ``needs.FaktorUnit`` (kind SKM) that next year's
needs analysis reads (``needs.fetch``). A unit at or above B has no shortfall (0); a unit at the scale's floor
(25.00) has the full shortfall (1). Run again, it writes the same rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from sibina.audit.services import audit_record
from sibina.evaluation.domain import Periode
from sibina.evaluation.selectors import Bands, skm_results
from sibina.needs.models import FaktorUnit
from sibina.people.models import Instansi

PRECISION = Decimal("0.000001")  # FaktorUnit.nilai's places
FLOOR = Decimal(25)  # the lowest converted IKM


def shortfall(ikm_konversi: Decimal, b_min: Decimal) -> Decimal:
    """How far a converted IKM falls short of the B bound, 0–1."""
    if ikm_konversi >= b_min:
        return Decimal(0)
    return min(Decimal(1), (b_min - ikm_konversi) / (b_min - FLOOR)).quantize(PRECISION)


@transaction.atomic
def skm_faktor_store(*, instansi: Instansi, tahun: int, by: User | None = None) -> list[FaktorUnit]:
    """Store every surveyed unit's SKM shortfall of ``tahun`` (its yearly result, pooled from its semesters when
    needed), replacing the year's rows."""
    periode = Periode(tahun)
    b_min = Bands().on(periode).b_min
    rows = skm_results(instansi=instansi, periode=periode)
    now = timezone.now()
    FaktorUnit.objects.filter(instansi=instansi, tahun=tahun, jenis=FaktorUnit.Jenis.SKM).delete()
    made = [
        FaktorUnit(
            instansi=instansi,
            unit_kerja=r.unit,
            tahun=tahun,
            jenis=FaktorUnit.Jenis.SKM,
            nilai=(value := shortfall(r.hasil.ikm_konversi, b_min)),
            dasar={
                "ikm_konversi": str(r.hasil.ikm_konversi),
                "mutu": r.hasil.mutu,
                "b_min": str(b_min),
                "periode": periode.label,
                "persen": str((value * 100).quantize(Decimal("0.01"))),
            },
            computed_at=now,
        )
        for r in rows
    ]
    FaktorUnit.objects.bulk_create(made)
    audit_record(
        by=by,
        action="evaluation.skm_faktor",
        obj=instansi,
        after={"tahun": tahun, "unit": len(made), "kurang": sum(1 for f in made if f.nilai > 0)},
        instansi_id=instansi.pk,
    )
    return made
