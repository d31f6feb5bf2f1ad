"""The names a plan's reasons are worded with (planning.reasons): one read per page, whatever its rows."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sibina.catalogue.models import AturanWajib, Kegiatan
from sibina.competency.models import Kompetensi
from sibina.people.models import UnitKerja
from sibina.planning.builder import KINERJA
from sibina.planning.models import Plan
from sibina.planning.reasons import Names


def reason_names(*, instansi_id: int) -> Names:
    """Competency names (the performance gap included), the agency's activity titles, the mandatory rules'
    labels and its OPD names (3 queries)."""
    kompetensi = dict(Kompetensi.objects.values_list("kode", "nama"))
    kompetensi[KINERJA] = _("Performance gap (SKP)")
    return Names(
        kompetensi=kompetensi,
        kegiatan=dict(Kegiatan.objects.filter(instansi_id=instansi_id).values_list("kode", "judul")),
        aturan={str(value): str(label) for value, label in AturanWajib.Sasaran.choices},
        opd=dict(
            UnitKerja.objects.filter(instansi_id=instansi_id, parent__isnull=True).values_list("kode", "nama")
        ),
    )


def plan_reason_names(*, plan_id: int) -> Names:
    """:func:`reason_names` for the agency of a plan (one query more)."""
    instansi_id = Plan.objects.filter(pk=plan_id).values_list("cycle__instansi_id", flat=True).first()
    return reason_names(instansi_id=instansi_id or 0)
