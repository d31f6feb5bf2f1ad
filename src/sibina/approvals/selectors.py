"""Reads of the approval workflow for pages, commands and reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from sibina.approvals import domain
from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.catalogue.models import Kegiatan, KegiatanKompetensi
from sibina.competency.models import Kompetensi
from sibina.needs.models import Kebutuhan
from sibina.people.models import Jabatan, Pegawai, StatusPegawai, UnitKerja
from sibina.planning.builder import KINERJA, pair_ineligible, pairs_mandatory
from sibina.planning.models import KebutuhanTakTerlayani, PlanCycle, PlanItem
from sibina.planning.selectors import Ceiling, cycle_facts, plan_figures
from sibina.reference.models import RumpunJabatan


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


# --- an OPD's review at scale: filters, sort, the rows' decisions, swap candidates ----------------------------

# sort key -> ordering (each ends with the item's id, so pages never overlap or skip rows)
SORTS: dict[str, tuple[str, ...]] = {
    "pegawai": ("pegawai__nama", "kegiatan__judul", "pk"),
    "jabatan": ("pegawai__jabatan__nama", "pegawai__nama", "pk"),
    "unit": ("pegawai__unit__nama", "pegawai__nama", "pk"),
    "kegiatan": ("kegiatan__judul", "pegawai__nama", "pk"),
    "triwulan": ("triwulan", "pegawai__nama", "pk"),
    "biaya": ("biaya", "pegawai__nama", "pk"),
}
NO_DECISION = "NONE"
DECISION_FILTERS = (Keputusan.Jenis.KUNCI, Keputusan.Jenis.KECUALI, Keputusan.Jenis.CATATAN, NO_DECISION)


@dataclass(frozen=True)
class ReviewFilter:
    """Which items of an OPD's part a page (or a bulk action) is about. ``unit`` is a unit of the OPD (its
    sub-units included); ``keputusan`` one of ``DECISION_FILTERS``; ``sort`` a key of ``SORTS``, ``-`` first for
    descending."""

    q: str = ""
    unit: UnitKerja | None = None
    jabatan: int | None = None
    kegiatan: int | None = None
    triwulan: int | None = None
    keputusan: str = ""
    sort: str = "pegawai"

    def as_params(self) -> dict[str, str]:
        """The filter as query parameters (to keep it across pages, sorts and posts)."""
        out = {
            "q": self.q,
            "unit": str(self.unit.pk) if self.unit else "",
            "jabatan": str(self.jabatan or ""),
            "kegiatan": str(self.kegiatan or ""),
            "triwulan": str(self.triwulan or ""),
            "keputusan": self.keputusan,
            "sort": self.sort if self.sort != "pegawai" else "",
        }
        return {k: v for k, v in out.items() if v}

    @property
    def narrowed(self) -> bool:
        return bool(self.q or self.unit or self.jabatan or self.kegiatan or self.triwulan or self.keputusan)


def _part(review: ReviewOpd) -> QuerySet[PlanItem]:
    return PlanItem.objects.filter(
        plan_id=review.persetujuan.plan_id, pegawai__unit__path__startswith=review.unit.path
    )


def review_items(*, review: ReviewOpd, q: str = "", flt: ReviewFilter | None = None) -> QuerySet[PlanItem]:
    """The OPD's items matching the filter, sorted; each row with its employee's position and unit."""
    flt = flt or ReviewFilter(q=q)
    # The employee's rank and position level come along: the mandatory rule of a row reads them.
    items = _part(review).select_related(
        "pegawai__unit", "pegawai__jabatan__tingkat", "pegawai__golongan", "kegiatan"
    )
    if flt.q:
        items = items.filter(
            Q(pegawai__nama__icontains=flt.q)
            | Q(pegawai__nip__contains=flt.q.replace(" ", ""))
            | Q(pegawai__jabatan__nama__icontains=flt.q)
            | Q(kegiatan__judul__icontains=flt.q)
            | Q(kegiatan__kode__iexact=flt.q.strip())
        )
    if flt.unit is not None:
        items = items.filter(pegawai__unit__path__startswith=flt.unit.path)
    if flt.jabatan is not None:
        items = items.filter(pegawai__jabatan_id=flt.jabatan)
    if flt.kegiatan is not None:
        items = items.filter(kegiatan_id=flt.kegiatan)
    if flt.triwulan is not None:
        items = items.filter(triwulan=flt.triwulan)
    if flt.keputusan:
        same_pair = Keputusan.objects.filter(
            persetujuan_id=review.persetujuan_id,
            pegawai_id=OuterRef("pegawai_id"),
            kegiatan_id=OuterRef("kegiatan_id"),
        )
        if flt.keputusan == NO_DECISION:
            items = items.filter(~Exists(same_pair))
        else:
            items = items.filter(Exists(same_pair.filter(jenis=flt.keputusan)))
    key = flt.sort.lstrip("-")
    order = SORTS.get(key, SORTS["pegawai"])
    if flt.sort.startswith("-"):
        order = tuple("-" + o for o in order)
    return items.order_by(*order)


@dataclass(frozen=True)
class FilterChoices:
    units: list[UnitKerja]
    jabatan: list[tuple[int, str]]
    kegiatan: list[tuple[int, str, str]]  # id, code, title


def review_filter_choices(*, review: ReviewOpd) -> FilterChoices:
    """What the filters offer: the OPD's units, and the positions and activities of its part (3 queries)."""
    part = _part(review)
    return FilterChoices(
        units=list(UnitKerja.objects.filter(path__startswith=review.unit.path).order_by("path")),
        jabatan=list(
            Jabatan.objects.filter(pk__in=part.values("pegawai__jabatan_id"))
            .order_by("nama", "pk")
            .values_list("pk", "nama")
        ),
        kegiatan=list(
            Kegiatan.objects.filter(pk__in=part.values("kegiatan_id"))
            .order_by("judul", "pk")
            .values_list("pk", "kode", "judul")
        ),
    )


def mandatory_items(*, cycle: PlanCycle, items: list[PlanItem]) -> set[int]:
    """The ids of the items whose activity is mandatory for their employee (``planning.builder.pairs_mandatory``,
    the one home of that rule, the rules and units read once for the whole list)."""
    return pairs_mandatory(cycle=cycle, pairs={i.pk: (i.pegawai, i.kegiatan) for i in items})


@dataclass(frozen=True)
class ReviewSummary:
    """What a Kepala OPD approves: their part and the decisions on it."""

    items: int
    cost: Decimal
    locks: int
    exclusions: int
    swaps: int
    notes: int
    excluded_cost: Decimal  # the cost of the part's items they excluded (money consolidation may move)


def review_summary(*, review: ReviewOpd) -> ReviewSummary:
    part = _part(review)
    totals = part.aggregate(n=Count("pk"), cost=Sum("biaya"))
    counts = {
        j: n
        for j, n in review.keputusan.values_list("jenis").annotate(n=Count("pk")).values_list("jenis", "n")
    }
    excluded = Keputusan.objects.filter(
        persetujuan_id=review.persetujuan_id,
        pegawai_id=OuterRef("pegawai_id"),
        kegiatan_id=OuterRef("kegiatan_id"),
        jenis=Keputusan.Jenis.KECUALI,
    )
    excluded_cost = part.filter(Exists(excluded)).aggregate(c=Sum("biaya"))["c"]
    return ReviewSummary(
        items=totals["n"] or 0,
        cost=totals["cost"] or Decimal(0),
        locks=counts.get(Keputusan.Jenis.KUNCI, 0),
        exclusions=counts.get(Keputusan.Jenis.KECUALI, 0),
        swaps=review.keputusan.filter(tukar__isnull=False).count(),
        notes=counts.get(Keputusan.Jenis.CATATAN, 0),
        excluded_cost=excluded_cost or Decimal(0),
    )


@dataclass(frozen=True)
class Candidate:
    pegawai: Pegawai
    gap: int  # gap-levels on the activity's competencies (this year's needs)
    planned: int  # activities already in the plan for them
    cost: Decimal  # the seat's cost
    limit: int  # the cycle's activities per person

    @property
    def full(self) -> bool:
        """Already at the per-person limit: swapped in, they would need another activity dropped."""
        return self.planned >= self.limit


CANDIDATES_MAX = 30
CANDIDATES_SCAN = 2000  # employees looked at (largest gap first) to find the eligible ones


def swap_candidates(*, review: ReviewOpd, item: PlanItem, q: str = "") -> list[Candidate]:
    """Employees of the OPD who may take the item's place in its activity: active, not already in it, not
    excluded from it, eligible (``planning.builder.pair_ineligible``); largest gap on its competencies first."""
    p = review.persetujuan
    kegiatan = (
        Kegiatan.objects.prefetch_related("tingkat_jabatan", "prasyarat", "kompetensi__kompetensi")
        .select_related("bentuk")
        .get(pk=item.kegiatan_id)
    )
    kompetensi = KegiatanKompetensi.objects.filter(kegiatan=kegiatan).values("kompetensi_id")
    gap = (
        Kebutuhan.objects.filter(
            pegawai_id=OuterRef("pk"), tahun=p.cycle.tahun, kompetensi_id__in=kompetensi, gap__gt=0
        )
        .order_by()
        .values("pegawai_id")
        .annotate(g=Sum("gap"))
        .values("g")
    )
    planned = (
        PlanItem.objects.filter(plan_id=p.plan_id, pegawai_id=OuterRef("pk"))
        .order_by()
        .values("pegawai_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    taken = PlanItem.objects.filter(plan_id=p.plan_id, kegiatan_id=kegiatan.pk).values("pegawai_id")
    excluded = Keputusan.objects.filter(
        persetujuan=p, kegiatan_id=kegiatan.pk, jenis=Keputusan.Jenis.KECUALI
    ).values("pegawai_id")
    people = (
        Pegawai.objects.filter(unit__path__startswith=review.unit.path, status=StatusPegawai.AKTIF)
        .exclude(pk__in=taken)
        .exclude(pk__in=excluded)
        .select_related("unit", "jabatan__tingkat", "golongan")
        .annotate(
            gap=Coalesce(Subquery(gap, output_field=IntegerField()), 0),
            planned=Coalesce(Subquery(planned, output_field=IntegerField()), 0),
        )
    )
    if q:
        people = people.filter(
            Q(nama__icontains=q) | Q(nip__contains=q.replace(" ", "")) | Q(jabatan__nama__icontains=q)
        )
    chosen: list[Pegawai] = []
    # Streamed: the scan stops at the first CANDIDATES_MAX eligible ones, most often within the first rows.
    # Largest gap first; then those with the fewest activities planned (room under the per-person limit).
    for person in people.order_by("-gap", "planned", "nama", "pk")[:CANDIDATES_SCAN].iterator(
        chunk_size=CANDIDATES_MAX * 2
    ):
        if pair_ineligible(pegawai=person, kegiatan=kegiatan) is None:
            chosen.append(person)
            if len(chosen) >= CANDIDATES_MAX:
                break
    limit = p.cycle.maks_kegiatan_per_orang
    return [
        Candidate(
            x, int(getattr(x, "gap", 0)), int(getattr(x, "planned", 0)), kegiatan.biaya_per_peserta, limit
        )
        for x in chosen
    ]


def decisions_by_pair(
    *, persetujuan: Persetujuan, pegawai_ids: set[int] | None = None
) -> dict[tuple[int, int], list[Keputusan]]:
    """Decisions by (employee, activity); only of ``pegawai_ids`` when given (the rows of one page)."""
    out: dict[tuple[int, int], list[Keputusan]] = {}
    rows = Keputusan.objects.filter(persetujuan=persetujuan)
    if pegawai_ids is not None:
        rows = rows.filter(pegawai_id__in=pegawai_ids)
    for k in rows:
        out.setdefault((k.pegawai_id, k.kegiatan_id), []).append(k)
    return out


DECISIONS_SHOWN = 20


def review_decisions(*, review: ReviewOpd, limit: int | None = DECISIONS_SHOWN) -> list[Keputusan]:
    """The review's latest decisions, newest first (``limit`` of them; the page's decision filter finds the
    rest)."""
    rows = review.keputusan.select_related("pegawai", "kegiatan", "oleh").order_by("-waktu", "-id")
    return list(rows[:limit] if limit is not None else rows)


def rows_of(plan_id: int) -> list[domain.Row]:
    return [
        domain.Row((p, k), kelas, tw, int(biaya))
        for p, k, kelas, tw, biaya in PlanItem.objects.filter(plan_id=plan_id).values_list(
            "pegawai_id", "kegiatan_id", "kelas", "triwulan", "biaya"
        )
    ]


# --- the PPK's summary before setting, and the decree shown on every plan page --------------------------------


@dataclass(frozen=True)
class Coverage:
    approved: list[ReviewOpd]
    returned: list[ReviewOpd]
    not_reviewed: list[ReviewOpd]  # still waiting (or back for a new look)

    @property
    def open(self) -> int:
        return len(self.returned) + len(self.not_reviewed)


@dataclass(frozen=True)
class OpenGap:
    need: KebutuhanTakTerlayani
    kompetensi: str  # the competency's name (never its code), or "performance (SKP)"


@dataclass(frozen=True)
class DecreeSummary:
    coverage: Coverage
    ceilings: list[Ceiling]
    cost: Decimal
    wajib_jp: int  # PNS who must reach the JP minimum
    capai_jp: int  # of those, reaching it with the plan
    gaps: list[OpenGap]  # the largest needs left open by the plan


GAPS_SHOWN = 10


def decree_summary(*, persetujuan: Persetujuan) -> DecreeSummary:
    """What the PPK signs: review coverage per OPD, cost per funding source against its ceiling, employees
    reaching the JP minimum, and the largest gaps left unfunded."""
    reviews = list(persetujuan.reviews.select_related("unit", "oleh").order_by("unit__nama"))
    figures = plan_figures(plan=persetujuan.plan, facts=cycle_facts(cycle=persetujuan.cycle))
    gaps = list(
        KebutuhanTakTerlayani.objects.filter(plan_id=persetujuan.plan_id)
        .select_related("pegawai__unit", "pegawai__jabatan")
        .order_by("-gap_sisa", "pegawai__nama", "kompetensi")[:GAPS_SHOWN]
    )
    names = dict(Kompetensi.objects.filter(kode__in={g.kompetensi for g in gaps}).values_list("kode", "nama"))
    names[KINERJA] = str(_("performance (SKP)"))
    return DecreeSummary(
        coverage=Coverage(
            approved=[r for r in reviews if r.status == ReviewOpd.Status.DISETUJUI],
            returned=[r for r in reviews if r.status == ReviewOpd.Status.DIKEMBALIKAN],
            not_reviewed=[
                r
                for r in reviews
                if r.status not in (ReviewOpd.Status.DISETUJUI, ReviewOpd.Status.DIKEMBALIKAN)
            ],
        ),
        ceilings=figures.ceilings,
        cost=figures.biaya_total,
        wajib_jp=figures.total.wajib_jp,
        capai_jp=figures.total.capai_jp,
        gaps=[OpenGap(g, names.get(g.kompetensi, g.kompetensi)) for g in gaps],
    )


def cycle_decree(*, cycle_id: int) -> Persetujuan | None:
    """The decree in force for a cycle (the latest version set by the PPK), if any; its amendment, if one is
    open, is a later version still under approval."""
    return (
        Persetujuan.objects.filter(cycle_id=cycle_id, tahap=Persetujuan.Tahap.DITETAPKAN)
        .order_by("-versi")
        .first()
    )


# --- BKPSDM's follow-up of a returned part's comment ----------------------------------------------------------


@dataclass(frozen=True)
class FollowUpChoices:
    """What BKPSDM may exclude from a returned part: its activities (id, title, items) and its job families."""

    kegiatan: list[tuple[int, str, int]]
    rumpun: list[tuple[str, str]]


def follow_up_choices(*, review: ReviewOpd) -> FollowUpChoices:
    part = _part(review)
    kegiatan = [
        (r["kegiatan_id"], r["kegiatan__judul"], r["n"])
        for r in part.values("kegiatan_id", "kegiatan__judul")
        .annotate(n=Count("id"))
        .order_by("kegiatan__judul")
    ]
    present = set(part.values_list("pegawai__jabatan__rumpun", flat=True).distinct())
    return FollowUpChoices(
        kegiatan=kegiatan,
        rumpun=[(code, str(label)) for code, label in RumpunJabatan.choices if code in present],
    )


def returned_reviews(*, persetujuan: Persetujuan) -> list[ReviewOpd]:
    return list(
        persetujuan.reviews.filter(status=ReviewOpd.Status.DIKEMBALIKAN).select_related("unit", "oleh")
    )
