"""Reads of plan cycles, plans and the catalogue, shaped for pages: a few aggregate queries, the rest in Python.

A plan stores its items, its unserved needs and its headline figures (cost, PNS at 20 JP, gap-levels closed).
The figures per OPD and per employee are recomputed here from the stored items with the rules of the
optimiser's independent checker: a gap closes by ``min(gap, levels gained)`` per competency, a PNS reaches the
minimum when the JP earned in the plan year plus the planned JP reach it, a participant's seat is paid from
the activity's source and a class's fixed cost from the DPA BKPSDM. The page's totals therefore add up to the
stored plan as long as the facts it was built from (needs, JP records, catalogue prices) are unchanged.
Every function here costs a fixed number of queries, whatever the number of employees or items.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sibina.catalogue.models import AturanWajib, Kegiatan, KegiatanKompetensi
from sibina.competency.models import Kompetensi
from sibina.needs.ledger import jp_totals
from sibina.people.models import Instansi, Pegawai, StatusPegawai, UnitKerja
from sibina.planning.builder import KINERJA, PERFORMANCE_FORMS
from sibina.planning.builder import needs_gaps as builder_needs
from sibina.planning.models import (
    Anggaran,
    KebutuhanTakTerlayani,
    Plan,
    PlanCycle,
    PlanItem,
    Skenario,
    SolverRun,
)
from sibina.reference.selectors import ketentuan_value

PNS_KINDS = ("PNS", "CPNS")  # the employees held to the yearly JP minimum
RUNNING = (SolverRun.Status.QUEUED, SolverRun.Status.RUNNING)
ZERO = Decimal(0)
METHOD_LABELS = {
    "greedy": gettext_lazy("greedy: most benefit per rupiah first"),
    "lp_round": gettext_lazy("LP relaxation, rounded and repaired"),
    "milp": gettext_lazy("mixed-integer programme"),
    "colgen": gettext_lazy("column generation and a mixed-integer programme over the columns"),
    "decomposed": gettext_lazy("decomposition into blocks"),
}
SOLVE_STATUS_LABELS = {
    "optimal": gettext_lazy("optimal within the tolerance"),
    "time_limit": gettext_lazy("stopped at the time limit with a checked plan"),
    "feasible": gettext_lazy("feasible plan without a proof of tolerance"),
    "infeasible": gettext_lazy("no plan satisfies the rules"),
    "error": gettext_lazy("solver error"),
}


def _percent(part: float | Decimal, whole: float | Decimal) -> Decimal:
    if not whole:
        return ZERO
    return (Decimal(str(part)) * 100 / Decimal(str(whole))).quantize(Decimal("0.1"))


# --- cycles, scenarios and runs ------------------------------------------------------------------------


def cycle_list(*, instansi: Instansi) -> list[PlanCycle]:
    return list(PlanCycle.objects.filter(instansi=instansi).order_by("-tahun"))


def cycle_get(*, instansi: Instansi, tahun: int | None, prefer: int) -> PlanCycle | None:
    """The cycle of ``tahun``; without a year, the cycle of ``prefer`` (the plan year) or else the latest."""
    cycles = PlanCycle.objects.filter(instansi=instansi).select_related("instansi")
    if tahun is not None:
        return cycles.filter(tahun=tahun).first()
    return cycles.filter(tahun=prefer).first() or cycles.order_by("-tahun").first()


def skenario_list(*, cycle: PlanCycle) -> list[Skenario]:
    return list(Skenario.objects.filter(cycle=cycle).select_related("wajib_semua").order_by("id"))


@dataclass(frozen=True)
class ScenarioPlan:
    """The base plan (``skenario`` None) or one scenario, with its latest plan and its latest run (which may be
    newer than the plan: still running, or failed)."""

    skenario: Skenario | None
    plan: Plan | None
    run: SolverRun | None

    @property
    def run_figures(self) -> RunFigures | None:
        """The quality of the latest plan's run."""
        return RunFigures(self.plan.solver_run) if self.plan is not None else None


def cycle_plans(*, cycle: PlanCycle, skenario: list[Skenario] | None = None) -> list[ScenarioPlan]:
    """The base first, then each scenario, each with its latest plan and run (3 queries)."""
    scenarios = skenario if skenario is not None else skenario_list(cycle=cycle)
    latest_plan: dict[int | None, Plan] = {}
    for plan in (
        Plan.objects.filter(cycle=cycle).select_related("solver_run", "skenario").order_by("created_at", "id")
    ):
        latest_plan[plan.skenario_id] = plan  # ordered oldest first: the newest wins
    latest_run: dict[int | None, SolverRun] = {}
    for run in SolverRun.objects.filter(cycle=cycle).order_by("mulai", "id"):
        latest_run[run.skenario_id] = run
    return [
        ScenarioPlan(s, latest_plan.get(s.pk if s else None), latest_run.get(s.pk if s else None))
        for s in [None, *scenarios]
    ]


def run_list(*, cycle: PlanCycle, limit: int = 10) -> list[SolverRun]:
    return list(
        SolverRun.objects.filter(cycle=cycle)
        .select_related("skenario", "oleh", "plan")
        .order_by("-mulai", "-id")[:limit]
    )


def run_get(*, run_id: int) -> SolverRun | None:
    return (
        SolverRun.objects.select_related("cycle__instansi", "skenario", "oleh", "plan")
        .filter(pk=run_id)
        .first()
    )


def run_active(*, cycle: PlanCycle, skenario: Skenario | None, since: dt.datetime) -> SolverRun | None:
    """A queued or running optimisation of the same cycle and scenario started after ``since``."""
    return (
        SolverRun.objects.filter(cycle=cycle, skenario=skenario, status__in=RUNNING, mulai__gte=since)
        .order_by("-mulai")
        .first()
    )


@dataclass(frozen=True)
class RunFigures:
    """A solver run's quality in the words users read: how close to the best possible, and against greedy."""

    run: SolverRun

    @property
    def gap_persen(self) -> Decimal | None:
        """The plan is within this % of the best possible (proven bound); None when no bound was computed."""
        if self.run.gap is None:
            return None
        return (Decimal(str(self.run.gap)) * 100).quantize(Decimal("0.01"))

    @property
    def greedy_ratio(self) -> Decimal | None:
        """Objective ÷ greedy objective (the most-needed-first method of local tools)."""
        run = self.run
        if run.objective is None or not run.greedy_objective:
            return None
        return (Decimal(str(run.objective)) / Decimal(str(run.greedy_objective))).quantize(Decimal("0.001"))

    @property
    def running(self) -> bool:
        return self.run.status in RUNNING

    @property
    def method_label(self) -> str:
        return str(METHOD_LABELS.get(self.run.method, self.run.method))

    @property
    def status_label(self) -> str:
        return str(SOLVE_STATUS_LABELS.get(self.run.solve_status, self.run.solve_status))


def plan_get(*, plan_id: int) -> Plan | None:
    return Plan.objects.select_related("cycle__instansi", "skenario", "solver_run").filter(pk=plan_id).first()


def budget_factor(skenario: Skenario | None) -> Decimal:
    return skenario.faktor_anggaran if skenario is not None else Decimal(1)


# --- what a cycle's plans are measured against ---------------------------------------------------------


@dataclass(frozen=True)
class CycleFacts:
    """The facts every plan of a cycle is measured against (read once, shared by the scenarios' plans)."""

    cycle: PlanCycle
    jp_min: Decimal
    opds: list[UnitKerja]  # top-level units, in the order they were loaded
    opd_of_unit: dict[int, int]  # unit id -> id of its top-level unit
    active: dict[int, tuple[int, str]]  # active employee id -> (OPD id, jenis ASN)
    gaps: dict[int, dict[str, float]]  # employee id -> competency (or KINERJA) -> gap-levels
    earned: dict[int, Decimal]  # employee id -> JP already earned in the plan year


def cycle_facts(*, cycle: PlanCycle) -> CycleFacts:
    """Needs, JP records and the OPD of every active employee (5 queries)."""
    units = list(UnitKerja.objects.filter(instansi=cycle.instansi).order_by("path"))
    opd_of_unit = {u.pk: int(u.path.strip("/").split("/")[0]) for u in units}
    active = {
        pid: (opd_of_unit.get(unit_id, unit_id), jenis)
        for pid, unit_id, jenis in Pegawai.objects.filter(
            instansi=cycle.instansi, status=StatusPegawai.AKTIF
        ).values_list("id", "unit_id", "jenis_asn")
    }
    gaps, _weights = builder_needs(cycle)
    earned = {pid: jp for pid, (jp, _teknis) in jp_totals(instansi=cycle.instansi, tahun=cycle.tahun).items()}
    return CycleFacts(
        cycle=cycle,
        jp_min=ketentuan_value("JP_MIN_PNS", on=dt.date(cycle.tahun, 1, 1)),
        opds=sorted((u for u in units if u.parent_id is None), key=lambda u: u.pk),  # the data file's order
        opd_of_unit=opd_of_unit,
        active=active,
        gaps={pid: g for pid, g in gaps.items() if pid in active},
        earned=earned,
    )


def _gains(kegiatan_ids: Collection[int]) -> dict[int, dict[str, float]]:
    """kegiatan id -> competency -> levels gained; coaching and mentoring also close a performance gap."""
    gains: dict[int, dict[str, float]] = defaultdict(dict)
    for kid, kode, naik in KegiatanKompetensi.objects.filter(kegiatan_id__in=kegiatan_ids).values_list(
        "kegiatan_id", "kompetensi__kode", "kenaikan_level"
    ):
        gains[kid][kode] = float(naik)
    for kid in Kegiatan.objects.filter(pk__in=kegiatan_ids, bentuk__kode__in=PERFORMANCE_FORMS).values_list(
        "pk", flat=True
    ):
        gains[kid][KINERJA] = 1.0
    return gains


# --- a plan's figures ------------------------------------------------------------------------------------


@dataclass
class Coverage:
    """Employees, JP and gaps of one OPD (or of the whole plan) under one plan."""

    unit: UnitKerja | None  # None for the whole plan
    pegawai: int = 0  # active employees
    direncanakan: int = 0  # employees with at least one planned activity
    penugasan: int = 0  # planned seats
    biaya_peserta: Decimal = ZERO  # participants' seats (class fixed costs are shared, counted per plan)
    wajib_jp: int = 0  # PNS/CPNS held to the JP minimum
    capai_jp: int = 0  # of those, reaching it with the plan
    gap: float = 0.0  # gap-levels of the needs
    gap_tertutup: float = 0.0  # gap-levels the plan closes

    @property
    def persen_jp(self) -> Decimal:
        return _percent(self.capai_jp, self.wajib_jp)

    @property
    def persen_gap(self) -> Decimal:
        return _percent(self.gap_tertutup, self.gap)


@dataclass(frozen=True)
class Ceiling:
    """A budget ceiling of the plan (scaled by the scenario's budget factor) and what the plan spends on it."""

    anggaran: Anggaran
    batas: Decimal
    terpakai: Decimal

    @property
    def persen(self) -> Decimal:
        return _percent(self.terpakai, self.batas)

    @property
    def sisa(self) -> Decimal:
        return self.batas - self.terpakai


@dataclass(frozen=True)
class KegiatanRow:
    kegiatan: Kegiatan
    kelas: int
    peserta: int
    biaya: Decimal  # participants' seats + the classes' fixed cost
    triwulan: list[int]


@dataclass
class PlanFigures:
    plan: Plan
    total: Coverage
    opd: list[Coverage]  # OPDs with active employees
    ceilings: list[Ceiling]
    kegiatan: list[KegiatanRow]  # by cost, largest first
    biaya_kelas: Decimal  # fixed costs of the classes opened
    biaya_total: Decimal  # recomputed from the stored items: equals plan.biaya_total

    @property
    def biaya_juta(self) -> Decimal:
        return (self.biaya_total / 1_000_000).quantize(Decimal("0.1"))

    @property
    def opd_max_biaya(self) -> Decimal:
        return max((row.biaya_peserta for row in self.opd), default=ZERO)


@dataclass(frozen=True)
class _Seat:
    pegawai_id: int
    kegiatan_id: int
    kelas: int
    triwulan: int | None
    biaya: Decimal
    jp: Decimal


def _seats(plan: Plan, pegawai_ids: Collection[int] | None = None) -> list[_Seat]:
    rows = PlanItem.objects.filter(plan=plan)
    if pegawai_ids is not None:
        rows = rows.filter(pegawai_id__in=pegawai_ids)
    return [
        _Seat(*r)
        for r in rows.values_list("pegawai_id", "kegiatan_id", "kelas", "triwulan", "biaya", "jp").order_by()
    ]


def plan_figures(*, plan: Plan, facts: CycleFacts) -> PlanFigures:
    """The plan's totals, ceilings, OPD rows and activity rows from its stored items (5 queries)."""
    seats = _seats(plan)
    kegiatan = Kegiatan.objects.select_related("bentuk").in_bulk({s.kegiatan_id for s in seats})
    coverage = _coverage(seats, facts, _gains(kegiatan))
    classes: dict[int, dict[int, int | None]] = defaultdict(dict)  # kegiatan -> kelas -> triwulan
    per_kegiatan: dict[int, list[_Seat]] = defaultdict(list)
    for s in seats:
        classes[s.kegiatan_id][s.kelas] = s.triwulan
        per_kegiatan[s.kegiatan_id].append(s)
    rows = []
    biaya_kelas = ZERO
    for kid, mine in per_kegiatan.items():
        k = kegiatan[kid]
        fixed = k.biaya_per_kelas * len(classes[kid])
        biaya_kelas += fixed
        rows.append(
            KegiatanRow(
                kegiatan=k,
                kelas=len(classes[kid]),
                peserta=len(mine),
                biaya=sum((s.biaya for s in mine), ZERO) + fixed,
                triwulan=sorted({q for q in classes[kid].values() if q is not None}),
            )
        )
    rows.sort(key=lambda r: (-r.biaya, r.kegiatan.kode))
    total = coverage.pop(None)
    return PlanFigures(
        plan=plan,
        total=total,
        opd=[coverage[u.pk] for u in facts.opds if u.pk in coverage and coverage[u.pk].pegawai],
        ceilings=_ceilings(plan, seats, kegiatan, facts, biaya_kelas),
        kegiatan=rows,
        biaya_kelas=biaya_kelas,
        biaya_total=total.biaya_peserta + biaya_kelas,
    )


def _coverage(
    seats: list[_Seat], facts: CycleFacts, gains: dict[int, dict[str, float]]
) -> dict[int | None, Coverage]:
    """Per OPD id (and None for the whole plan): employees, seats, JP reached, gap closed."""
    by_pegawai: dict[int, list[_Seat]] = defaultdict(list)
    for s in seats:
        by_pegawai[s.pegawai_id].append(s)
    units = {u.pk: u for u in facts.opds}
    out: dict[int | None, Coverage] = {None: Coverage(None)}
    for pid, (opd_id, jenis) in facts.active.items():
        row = out.get(opd_id)
        if row is None:
            row = out[opd_id] = Coverage(units.get(opd_id))
        mine = by_pegawai.get(pid, [])
        gap = facts.gaps.get(pid, {})
        got: dict[str, float] = defaultdict(float)
        for s in mine:
            for kode, naik in gains.get(s.kegiatan_id, {}).items():
                got[kode] += naik
        closed = sum(min(g, got.get(kode, 0.0)) for kode, g in gap.items())
        jp = facts.earned.get(pid, ZERO) + sum((s.jp for s in mine), ZERO)
        for c in (row, out[None]):
            c.pegawai += 1
            c.direncanakan += bool(mine)
            c.penugasan += len(mine)
            c.biaya_peserta += sum((s.biaya for s in mine), ZERO)
            c.gap += sum(gap.values())
            c.gap_tertutup += closed
            if jenis in PNS_KINDS:
                c.wajib_jp += 1
                c.capai_jp += jp >= facts.jp_min
    return out


def _ceilings(
    plan: Plan,
    seats: list[_Seat],
    kegiatan: dict[int, Kegiatan],
    facts: CycleFacts,
    biaya_kelas: Decimal,
) -> list[Ceiling]:
    """Each ceiling of the cycle against the plan: seats go to the activity's source (the participant's OPD for
    OPD-funded activities), the classes' fixed costs to the DPA BKPSDM, everything to a total ceiling."""
    bkpsdm = biaya_kelas
    per_opd: dict[int, Decimal] = defaultdict(Decimal)
    for s in seats:
        if kegiatan[s.kegiatan_id].sumber_dana == Kegiatan.SumberDana.OPD:
            opd_id = facts.active.get(s.pegawai_id, (None, ""))[0]
            if opd_id is not None:
                per_opd[opd_id] += s.biaya
        else:
            bkpsdm += s.biaya
    total = bkpsdm + sum(per_opd.values(), ZERO)
    factor = budget_factor(plan.skenario)
    out = []
    order = {Anggaran.Sumber.TOTAL: 0, Anggaran.Sumber.BKPSDM: 1, Anggaran.Sumber.OPD: 2}
    rows = sorted(
        Anggaran.objects.filter(cycle=plan.cycle).select_related("unit"),
        key=lambda a: (order.get(Anggaran.Sumber(a.sumber), 3), a.unit.nama if a.unit else ""),
    )
    for a in rows:
        if a.sumber == Anggaran.Sumber.TOTAL:
            spent = total
        elif a.sumber == Anggaran.Sumber.BKPSDM:
            spent = bkpsdm
        else:
            spent = per_opd.get(a.unit_id, ZERO) if a.unit_id is not None else ZERO
        out.append(Ceiling(a, (a.batas * factor).quantize(Decimal(1)), spent))
    return out


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
    jp_min = ketentuan_value("JP_MIN_PNS", on=dt.date(plan.cycle.tahun, 1, 1))
    return [
        PegawaiPlan(
            plan=plan,
            pegawai=p,
            items=items.get(p.pk, []),
            tak_terlayani=unserved.get(p.pk, []),
            jp_earned=earned.get(p.pk, (ZERO, ZERO))[0],
            jp_min=jp_min if p.jenis_asn in PNS_KINDS else None,
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


def latest_base_plan(*, instansi_id: int) -> Plan | None:
    return (
        Plan.objects.filter(cycle__instansi_id=instansi_id, skenario__isnull=True)
        .select_related("cycle", "solver_run")
        .order_by("-cycle__tahun", "-created_at", "-id")
        .first()
    )


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


def plan_kegiatan_items(*, plan: Plan, kegiatan: Kegiatan) -> QuerySet[PlanItem]:
    return (
        PlanItem.objects.filter(plan=plan, kegiatan=kegiatan)
        .select_related("pegawai__unit")
        .order_by("kelas", "pegawai__nama", "pegawai__nip")
    )


# --- scenarios side by side -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    columns: list[ScenarioPlan]  # those with a plan
    figures: list[PlanFigures]  # one per column
    opd_rows: list[tuple[UnitKerja, list[Coverage]]]  # an OPD and its coverage under each column

    @property
    def pairs(self) -> list[tuple[ScenarioPlan, PlanFigures]]:
        return list(zip(self.columns, self.figures, strict=True))

    @property
    def max_biaya(self) -> Decimal:
        return max((f.biaya_total for f in self.figures), default=ZERO)

    @property
    def max_gap(self) -> float:
        return max((f.total.gap_tertutup for f in self.figures), default=0.0)


def cycle_comparison(*, cycle: PlanCycle) -> Comparison:
    """The latest plan of the base and of each scenario, measured against the same facts."""
    columns = [c for c in cycle_plans(cycle=cycle) if c.plan is not None]
    if not columns:
        return Comparison([], [], [])
    facts = cycle_facts(cycle=cycle)
    figures = [plan_figures(plan=c.plan, facts=facts) for c in columns if c.plan is not None]
    by_unit = [{row.unit.pk: row for row in f.opd if row.unit is not None} for f in figures]
    opd_rows = [
        (u, [rows.get(u.pk, Coverage(u)) for rows in by_unit])
        for u in facts.opds
        if any(u.pk in r for r in by_unit)
    ]
    return Comparison(columns, figures, opd_rows)


# --- the catalogue ----------------------------------------------------------------------------------------
# (Reads of catalogue.Kegiatan for the catalogue pages; they belong in catalogue/selectors.py once it exists.)


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
