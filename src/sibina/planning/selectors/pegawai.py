"""Who is in a plan: one employee's part, the employees of one unit, an activity's classes and participants, and
the needs the plan leaves open."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from sibina.catalogue.models import Kegiatan
from sibina.competency.models import Kompetensi
from sibina.needs.domain import jp_target
from sibina.needs.ledger import jp_limits, jp_totals
from sibina.people.models import Pegawai, UnitKerja
from sibina.planning.builder import KINERJA
from sibina.planning.models import KebutuhanTakTerlayani, Plan, PlanItem
from sibina.planning.selectors.figures import ZERO
from sibina.planning.selectors.runs import latest_base_plan
from sibina.reference.domain import rules_date

# --- unserved needs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenNeed:
    """An unserved need with its competency's name."""

    need: KebutuhanTakTerlayani
    kompetensi_nama: str


@dataclass(frozen=True)
class UnservedGroup:
    alasan: str
    label: str
    jumlah: int  # unserved (employee, competency) needs
    gap: float  # gap-levels left open
    contoh: list[OpenNeed]


def competency_names(codes: Iterable[str]) -> dict[str, str]:
    """Competency code -> name, the performance gap (closed by coaching and mentoring) included (1 query)."""
    wanted = set(codes)
    names = dict(Kompetensi.objects.filter(kode__in=wanted).values_list("kode", "nama")) if wanted else {}
    names[KINERJA] = _("Performance gap (SKP)")
    return names


def _named(needs: list[KebutuhanTakTerlayani]) -> list[OpenNeed]:
    names = competency_names(n.kompetensi for n in needs)
    return [OpenNeed(n, names.get(n.kompetensi, n.kompetensi)) for n in needs]


def unserved_groups(*, plan: Plan, examples: int = 5) -> list[UnservedGroup]:
    """Unserved needs by binding reason, largest group first, with the largest few of each (3 queries)."""
    labels = dict(KebutuhanTakTerlayani.Alasan.choices)
    counts = list(
        KebutuhanTakTerlayani.objects.filter(plan=plan)
        .values("alasan")
        .annotate(n=Count("id"), gap=Sum("gap_sisa"))
        .order_by("-n", "alasan")
    )
    ranked = (
        KebutuhanTakTerlayani.objects.filter(plan=plan)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("alasan")],
                order_by=[F("gap_sisa").desc(), F("pegawai__nama").asc(), F("id").asc()],
            )
        )
        .filter(rank__lte=examples)
        .select_related("pegawai__unit")
        .order_by("alasan", "rank")
    )
    contoh: dict[str, list[OpenNeed]] = defaultdict(list)
    for o in _named(list(ranked)):
        contoh[o.need.alasan].append(o)
    return [
        UnservedGroup(
            row["alasan"],
            str(labels.get(row["alasan"], row["alasan"])),
            row["n"],
            row["gap"],
            contoh[row["alasan"]],
        )
        for row in counts
    ]


# --- one OPD, one activity, one employee ------------------------------------------------------------------


@dataclass(frozen=True)
class PegawaiPlan:
    """One employee's part of a plan: the planned activities with why, unserved needs with the binding reason."""

    plan: Plan
    pegawai: Pegawai
    items: list[PlanItem]
    tak_terlayani: list[OpenNeed]
    jp_earned: Decimal
    jp_min: Decimal | None  # None when the employee is not held to the minimum (PPPK)

    @property
    def jp_planned(self) -> Decimal:
        return sum((i.jp for i in self.items), ZERO)

    @property
    def jp_total(self) -> Decimal:
        return self.jp_earned + self.jp_planned

    @property
    def capai_jp(self) -> bool | None:
        return None if self.jp_min is None else self.jp_total >= self.jp_min

    @property
    def biaya(self) -> Decimal:
        return sum((i.biaya for i in self.items), ZERO)


def _pegawai_plans(plan: Plan, people: list[Pegawai]) -> list[PegawaiPlan]:
    """Items, unserved needs and JP of a page of employees (5 queries)."""
    ids = [p.pk for p in people]
    items: dict[int, list[PlanItem]] = defaultdict(list)
    for item in (
        PlanItem.objects.filter(plan=plan, pegawai_id__in=ids)
        .select_related("kegiatan__bentuk")
        .order_by("triwulan", "kegiatan__kode")
    ):
        items[item.pegawai_id].append(item)
    unserved: dict[int, list[OpenNeed]] = defaultdict(list)
    for u in _named(
        list(
            KebutuhanTakTerlayani.objects.filter(plan=plan, pegawai_id__in=ids).order_by(
                "-gap_sisa", "kompetensi"
            )
        )
    ):
        unserved[u.need.pegawai_id].append(u)
    earned = jp_totals(pegawai_ids=ids, tahun=plan.cycle.tahun)
    limits = jp_limits(on=rules_date(plan.cycle.tahun))
    return [
        PegawaiPlan(
            plan=plan,
            pegawai=p,
            items=items.get(p.pk, []),
            tak_terlayani=unserved.get(p.pk, []),
            jp_earned=earned.get(p.pk, (ZERO, ZERO))[0],
            jp_min=jp_target(p.jenis_asn, limits).minimum,
        )
        for p in people
    ]


def plan_unit_pegawai(*, plan: Plan, unit: UnitKerja) -> QuerySet[Pegawai]:
    """Employees of a unit (and below) who have planned activities or unserved needs in the plan."""
    return (
        Pegawai.objects.filter(unit__path__startswith=unit.path)
        .filter(
            Q(pk__in=PlanItem.objects.filter(plan=plan).values("pegawai_id"))
            | Q(pk__in=KebutuhanTakTerlayani.objects.filter(plan=plan).values("pegawai_id"))
        )
        .select_related("unit", "jabatan")
        .order_by("nama", "nip")
    )


def pegawai_plans(*, plan: Plan, people: Iterable[Pegawai]) -> list[PegawaiPlan]:
    return _pegawai_plans(plan, list(people))


def pegawai_plan(*, pegawai: Pegawai) -> PegawaiPlan | None:
    """The employee's part of the latest base plan (not a scenario) of their agency, if any."""
    plan = latest_base_plan(instansi_id=pegawai.instansi_id)
    if plan is None:
        return None
    return _pegawai_plans(plan, [pegawai])[0]


@dataclass(frozen=True)
class KelasRow:
    kelas: int
    triwulan: int | None
    peserta: int


def plan_kegiatan_classes(*, plan: Plan, kegiatan: Kegiatan) -> list[KelasRow]:
    rows = (
        PlanItem.objects.filter(plan=plan, kegiatan=kegiatan)
        .values("kelas", "triwulan")
        .annotate(n=Count("id"))
        .order_by("kelas")
    )
    return [KelasRow(r["kelas"], r["triwulan"], r["n"]) for r in rows]


def plan_kegiatan_items(*, plan: Plan, kegiatan: Kegiatan, within: Q | None = None) -> QuerySet[PlanItem]:
    """The activity's participants in the plan (those ``within``, a filter on PlanItem, when given)."""
    return (
        PlanItem.objects.filter(plan=plan, kegiatan=kegiatan)
        .filter(within if within is not None else Q())
        .select_related("pegawai__unit")
        .order_by("kelas", "pegawai__nama", "pegawai__nip")
    )
