"""A plan's figures recomputed from its stored items: totals, budget ceilings, OPD rows and activity rows.

The rules are the optimiser's independent checker's: a gap closes by ``min(gap, levels gained)`` per competency,
a PNS reaches the minimum when the JP earned in the plan year plus the planned JP reach it, a participant's seat
is paid from the activity's source and a class's fixed cost from the DPA BKPSDM.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from sibina.catalogue.models import Kegiatan, KegiatanKompetensi
from sibina.needs.domain import JpLimits, jp_target
from sibina.needs.ledger import jp_limits, jp_totals
from sibina.people.models import Pegawai, StatusPegawai, UnitKerja
from sibina.planning.builder import KINERJA, PERFORMANCE_FORMS
from sibina.planning.builder import needs_gaps as builder_needs
from sibina.planning.models import Anggaran, Plan, PlanCycle, PlanItem
from sibina.planning.selectors.runs import budget_factor
from sibina.reference.domain import rules_date

ZERO = Decimal(0)


def _percent(part: float | Decimal, whole: float | Decimal) -> Decimal:
    if not whole:
        return ZERO
    return (Decimal(str(part)) * 100 / Decimal(str(whole))).quantize(Decimal("0.1"))


# --- what a cycle's plans are measured against ---------------------------------------------------------


@dataclass(frozen=True)
class CycleFacts:
    """The facts every plan of a cycle is measured against (read once, shared by the scenarios' plans)."""

    cycle: PlanCycle
    jp: JpLimits  # the JP rule's settings in force at the start of the plan year
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
        jp=jp_limits(on=rules_date(cycle.tahun)),
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
            target = jp_target(jenis, facts.jp)
            if target.minimum is not None:
                c.wajib_jp += 1
                c.capai_jp += target.tercapai(jp)
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
