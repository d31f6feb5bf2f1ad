"""Reads of the catalogue (``catalogue.Kegiatan``) for the catalogue pages; they belong in catalogue/selectors.py
once that module exists."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from sibina.catalogue.models import AturanWajib, Kegiatan, KegiatanKompetensi
from sibina.competency.models import Kompetensi
from sibina.people.models import Instansi
from sibina.planning.models import Plan, PlanItem
from sibina.planning.selectors.runs import latest_base_plan

# --- the catalogue ----------------------------------------------------------------------------------------


def kegiatan_search(
    *,
    instansi: Instansi,
    q: str = "",
    jalur: str = "",
    bentuk: str = "",
    jenis_penyelenggara: str = "",
    kompetensi: str = "",
) -> QuerySet[Kegiatan]:
    rows = Kegiatan.objects.filter(instansi=instansi).select_related("bentuk")
    q = q.strip()
    if q:
        rows = rows.filter(Q(kode__icontains=q) | Q(judul__icontains=q) | Q(penyelenggara__icontains=q))
    if jalur:
        rows = rows.filter(bentuk__jalur=jalur)
    if bentuk:
        rows = rows.filter(bentuk__kode=bentuk)
    if jenis_penyelenggara:
        rows = rows.filter(jenis_penyelenggara=jenis_penyelenggara)
    if kompetensi:
        rows = rows.filter(kompetensi__kompetensi__kode=kompetensi)
    return rows.order_by("kode")


def kegiatan_get(*, kegiatan_id: int) -> Kegiatan | None:
    return (
        Kegiatan.objects.select_related("bentuk", "instansi")
        .prefetch_related(
            Prefetch(
                "kompetensi",
                queryset=KegiatanKompetensi.objects.select_related("kompetensi").order_by("kompetensi__kode"),
            ),
            "tingkat_jabatan",
            Prefetch("prasyarat", queryset=Kegiatan.objects.order_by("kode")),
            Prefetch("aturan_wajib", queryset=AturanWajib.objects.order_by("sasaran", "id")),
        )
        .filter(pk=kegiatan_id)
        .first()
    )


@dataclass(frozen=True)
class KegiatanUse:
    """How an activity is used in the latest base plan of its cycle."""

    plan: Plan
    kelas: int
    peserta: int


def kegiatan_use(*, kegiatan: Kegiatan) -> KegiatanUse | None:
    plan = latest_base_plan(instansi_id=kegiatan.instansi_id)
    if plan is None:
        return None
    agg = PlanItem.objects.filter(plan=plan, kegiatan=kegiatan).aggregate(
        n=Count("id"), kelas=Count("kelas", distinct=True)
    )
    return KegiatanUse(plan, agg["kelas"] or 0, agg["n"] or 0)


def kompetensi_in_catalogue(*, instansi: Instansi) -> list[tuple[str, str]]:
    """(code, name) of the competencies some activity of the catalogue develops, for a filter."""
    return list(
        Kompetensi.objects.filter(
            pk__in=KegiatanKompetensi.objects.filter(kegiatan__instansi=instansi).values("kompetensi_id")
        )
        .order_by("kelompok", "nama")
        .values_list("kode", "nama")
    )
