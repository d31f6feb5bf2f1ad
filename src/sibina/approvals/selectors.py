"""Reads of the approval workflow for pages, commands and reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from sibina.approvals import domain
from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.planning.models import PlanCycle, PlanItem


def persetujuan_list(*, cycle: PlanCycle) -> list[Persetujuan]:
    return list(
        Persetujuan.objects.filter(cycle=cycle)
        .select_related("plan", "plan_sebelum", "ditetapkan_oleh", "amandemen_dari")
        .order_by("-versi")
    )


def persetujuan_get(*, persetujuan_id: int) -> Persetujuan | None:
    return (
        Persetujuan.objects.select_related("cycle__instansi", "plan", "plan_sebelum", "amandemen_dari")
        .filter(pk=persetujuan_id)
        .first()
    )


def review_get(*, review_id: int) -> ReviewOpd | None:
    return (
        ReviewOpd.objects.select_related("unit", "persetujuan__cycle__instansi", "persetujuan__plan", "oleh")
        .filter(pk=review_id)
        .first()
    )


@dataclass(frozen=True)
class ReviewRow:
    review: ReviewOpd
    items: int
    cost: int
    locks: int
    exclusions: int
    notes: int
    overdue: bool
    on_time: bool | None


def review_rows(*, persetujuan: Persetujuan, today: dt.date) -> list[ReviewRow]:
    """Each OPD's review with the size of its part, its decisions and whether it is overdue."""
    reviews = list(persetujuan.reviews.select_related("unit", "oleh"))
    decisions = {
        (r["review_id"], r["jenis"]): r["n"]
        for r in Keputusan.objects.filter(persetujuan=persetujuan)
        .values("review_id", "jenis")
        .annotate(n=Count("id"))
    }
    # Every OPD's part in one pass over the plan's items (an OPD is the top of its units' paths).
    parts: dict[int, list[int]] = {}
    for path, biaya in PlanItem.objects.filter(plan=persetujuan.plan).values_list(
        "pegawai__unit__path", "biaya"
    ):
        top = path.strip("/").split("/")[0] if path else ""
        if top:
            part = parts.setdefault(int(top), [0, 0])
            part[0] += 1
            part[1] += int(biaya)
    rows = []
    for review in reviews:
        items, cost = parts.get(review.unit_id, [0, 0])
        decided = review.status != ReviewOpd.Status.MENUNGGU
        decided_on = review.diputuskan_pada.date() if review.diputuskan_pada else None
        rows.append(
            ReviewRow(
                review=review,
                items=items,
                cost=cost,
                locks=decisions.get((review.pk, Keputusan.Jenis.KUNCI), 0),
                exclusions=decisions.get((review.pk, Keputusan.Jenis.KECUALI), 0),
                notes=decisions.get((review.pk, Keputusan.Jenis.CATATAN), 0),
                overdue=domain.is_overdue(deadline=review.batas, decided=decided, today=today),
                on_time=domain.on_time(deadline=review.batas, decided_on=decided_on),
            )
        )
    return rows


def review_items(*, review: ReviewOpd, q: str = "") -> QuerySet[PlanItem]:
    items = PlanItem.objects.filter(
        plan=review.persetujuan.plan, pegawai__unit__path__startswith=review.unit.path
    ).select_related("pegawai__unit", "kegiatan")
    if q:
        items = items.filter(
            Q(pegawai__nama__icontains=q)
            | Q(pegawai__nip__contains=q.replace(" ", ""))
            | Q(kegiatan__judul__icontains=q)
        )
    return items.order_by("pegawai__nama", "kegiatan__judul")


def decisions_by_pair(*, persetujuan: Persetujuan) -> dict[tuple[int, int], list[Keputusan]]:
    out: dict[tuple[int, int], list[Keputusan]] = {}
    for k in Keputusan.objects.filter(persetujuan=persetujuan):
        out.setdefault((k.pegawai_id, k.kegiatan_id), []).append(k)
    return out


def review_decisions(*, review: ReviewOpd) -> list[Keputusan]:
    return list(review.keputusan.select_related("pegawai", "kegiatan", "oleh").order_by("waktu", "id"))


def rows_of(plan_id: int) -> list[domain.Row]:
    return [
        domain.Row((p, k), kelas, tw, int(biaya))
        for p, k, kelas, tw, biaya in PlanItem.objects.filter(plan_id=plan_id).values_list(
            "pegawai_id", "kegiatan_id", "kelas", "triwulan", "biaya"
        )
    ]
