"""Stage "plan_cycle": the synthetic city's plan cycle for 2027, its budget ceilings, policy and scenarios.

The budget is tight on purpose, as it is in every real city (DOMAIN §8): each DPA ceiling covers only about
half of what the needs would cost. That cost is worked out here from the needs analysis of the plan year
(which this stage runs, so that the city can be planned straight away) and the catalogue, the way a BKPSDM
traditionally prices its needs list: every mandatory course (Latsar, PKP), and for each need the eligible
activity that closes most of the gap, a classical course where one exists, the cheapest of those; an
activity already chosen for one of the employee's needs also serves the others it develops. A class's fixed
cost is shared by a full class. Cheaper non-classical routes are what the optimiser adds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from sibina.catalogue.audience import peserta_of, syarat_of, unit_facts
from sibina.catalogue.domain import Peserta, Syarat, eligible
from sibina.catalogue.models import AturanWajib, Kegiatan
from sibina.demo.catalogue import INTEGRITY_KODE
from sibina.demo.context import DemoContext
from sibina.needs.ledger import top_unit_map
from sibina.needs.models import Kebutuhan
from sibina.people.models import Instansi, Pegawai, StatusPegawai, UnitKerja
from sibina.planning.builder import BASE_WEIGHT
from sibina.planning.models import Anggaran, Plan, PlanCycle, Skenario
from sibina.reference.models import Jalur

BKPSDM = "BKPSDM"
# Share of the cost of all needs that each DPA ceiling covers (BKPSDM's own, and the four OPDs that keep a
# training line in their DPA). Everything else an OPD's staff need is paid from the DPA BKPSDM or not at all.
BUDGET_SHARE: dict[str, Decimal] = {
    BKPSDM: Decimal("0.55"),
    "DISDIK": Decimal("0.45"),
    "DINKES": Decimal("0.55"),
    "RSUD": Decimal("0.50"),
    "BPKPAD": Decimal("0.60"),
}
CEILING_STEP = Decimal(1_000_000)  # DPA lines are set in whole millions of rupiah
OPD_CEILING_MIN = Decimal(10_000_000)  # an OPD keeps no training line smaller than this in its DPA
# Mandatory courses (Latsar, PKP) are budgeted with room to spare: the DPA BKPSDM is never below 1.5 times
# their cost, so that even the "-30%" scenario pays every mandatory seat.
MANDATORY_RESERVE = Decimal("1.5")
# Policy defaults of the cycle: at most three activities and 20 classical days per person (Latsar and the
# leadership courses fit).
MAKS_KEGIATAN = 3
MAKS_HARI_KLASIKAL = 20
# λ, the value of one JP towards the 20-JP minimum: reaching the whole minimum is worth one competency level of
# an employee with no scored need (the builder's lowest weight, 0.2), so λ = 0.2 / 20 JP = 0.01. JP credit then
# never outweighs a real competency gap, yet it still decides between otherwise equal plans and is all that
# counts for employees without gaps. A larger λ (0.05 was tried: 20 JP worth a whole level of a top-priority
# employee) buys nothing in the plan: free e-learning and coaching bring every PNS to 20 JP under any λ > 0,
# so it only adds the same constant to every plan's score (70 % of the objective at 0.05), which hides how
# much more competency gap one plan closes than another for the same money.
JP_MINIMUM = Decimal(20)  # JP_MIN_PNS in the reference data for the plan year
PENALTI_JP = (Decimal(str(BASE_WEIGHT)) / JP_MINIMUM).quantize(Decimal("0.001"))


@dataclass(frozen=True)
class ScenarioSpec:
    nama: str
    deskripsi: str
    faktor: Decimal = Decimal(1)
    hanya_bentuk: tuple[str, ...] = ()
    wajib_integritas: bool = False


SCENARIOS: tuple[ScenarioSpec, ...] = (
    ScenarioSpec("Anggaran -30%", "Semua pagu dipotong 30% (refocusing anggaran).", faktor=Decimal("0.70")),
    ScenarioSpec("Anggaran +20%", "Semua pagu dinaikkan 20% pada APBD Perubahan.", faktor=Decimal("1.20")),
    ScenarioSpec(
        "Hanya e-learning",
        "Hanya e-learning (NKL03) yang direncanakan: berapa yang tercapai tanpa biaya pelatihan?",
        hanya_bentuk=("NKL03",),
    ),
    ScenarioSpec(
        "Integritas wajib semua",
        "Workshop integritas dan antikorupsi diwajibkan bagi seluruh ASN, bukan hanya garis depan.",
        wajib_integritas=True,
    ),
)


def cycle_name(instansi: Instansi, tahun: int) -> str:
    place = instansi.nama.removeprefix("Pemerintah ").strip()
    return f"Rencana Pengembangan Kompetensi ASN {place} {tahun}"


# --- what all needs would cost --------------------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """An activity as the costing sees it: who may join, what it develops, what one seat costs."""

    kode: str
    unit_cost: Decimal  # per participant, plus the fixed cost shared by a full class
    klasikal: bool
    dibayar_opd: bool
    gains: Mapping[str, int]
    syarat: Syarat
    wajib: frozenset[str]  # active AturanWajib.Sasaran values


@dataclass(frozen=True)
class Person:
    peserta: Peserta
    opd: str
    pengawas_baru: bool
    gaps: Mapping[str, int]  # competency code -> levels missing (largest over the need sources)


@dataclass
class NeedsCost:
    """What it would cost to serve every need, by who pays: "BKPSDM" or the code of the participant's OPD."""

    by_source: dict[str, Decimal] = field(default_factory=dict)
    mandatory: dict[str, Decimal] = field(default_factory=dict)  # the part spent on mandatory courses
    needs: int = 0
    unserved: int = 0  # needs no eligible activity develops

    @property
    def total(self) -> Decimal:
        return sum(self.by_source.values(), Decimal(0))

    def add(self, source: str, amount: Decimal, *, mandatory: bool = False) -> None:
        self.by_source[source] = self.by_source.get(source, Decimal(0)) + amount
        if mandatory:
            self.mandatory[source] = self.mandatory.get(source, Decimal(0)) + amount


def cost_of_needs(people: Iterable[Person], offers: list[Offer]) -> NeedsCost:
    """Price every need by the activity that serves it best; pure, so the rule is testable on its own."""
    out = NeedsCost()
    for person in people:
        usable = [o for o in offers if eligible(person.peserta, o.syarat)]
        must = [o for o in usable if _mandatory(o, person)]
        chosen = list(must)
        for kode, gap in sorted(person.gaps.items(), key=lambda kv: (-kv[1], kv[0])):
            out.needs += 1
            best = _best(usable, kode, gap)
            if best is None:
                out.unserved += 1
                continue
            closes = min(best.gains[kode], gap)
            if not any(min(o.gains.get(kode, 0), gap) >= closes for o in chosen):
                chosen.append(best)
        for o in chosen:
            out.add(person.opd if o.dibayar_opd else BKPSDM, o.unit_cost, mandatory=o in must)
    return out


def _best(usable: list[Offer], kode: str, gap: int) -> Offer | None:
    candidates = [o for o in usable if o.gains.get(kode, 0) > 0]
    if not candidates:
        return None
    return min(candidates, key=lambda o: (-min(o.gains[kode], gap), not o.klasikal, o.unit_cost, o.kode))


def _mandatory(o: Offer, person: Person) -> bool:
    return (AturanWajib.Sasaran.CPNS in o.wajib and person.peserta.jenis_asn == "CPNS") or (
        AturanWajib.Sasaran.PENGAWAS_BARU in o.wajib and person.pengawas_baru
    )


def load_offers(instansi: Instansi) -> list[Offer]:
    rules: dict[int, set[str]] = defaultdict(set)
    for kegiatan_id, sasaran in AturanWajib.objects.filter(
        kegiatan__instansi=instansi, aktif=True
    ).values_list("kegiatan_id", "sasaran"):
        rules[kegiatan_id].add(sasaran)
    kegiatan = (
        Kegiatan.objects.filter(instansi=instansi, aktif=True)
        .select_related("bentuk")
        .prefetch_related("kompetensi__kompetensi", "tingkat_jabatan")
        .order_by("kode")
    )
    return [
        Offer(
            kode=k.kode,
            unit_cost=k.biaya_per_peserta + k.biaya_per_kelas / k.kapasitas_kelas,
            klasikal=k.bentuk.jalur == Jalur.KLASIKAL,
            dibayar_opd=k.sumber_dana == Kegiatan.SumberDana.OPD,
            gains={kk.kompetensi.kode: kk.kenaikan_level for kk in k.kompetensi.all()},
            syarat=syarat_of(k),
            wajib=frozenset(rules.get(k.id, ())),
        )
        for k in kegiatan
    ]


def load_people(instansi: Instansi, tahun: int) -> list[Person]:
    """Active employees with their competency gaps from the stored needs of the plan year."""
    gaps: dict[int, dict[str, int]] = defaultdict(dict)
    for pegawai_id, kode, gap in Kebutuhan.objects.filter(
        pegawai__instansi=instansi, tahun=tahun, kompetensi__isnull=False, gap__gt=0
    ).values_list("pegawai_id", "kompetensi__kode", "gap"):
        gaps[pegawai_id][kode] = max(gap, gaps[pegawai_id].get(kode, 0))
    top = top_unit_map(instansi=instansi)
    codes = dict(UnitKerja.objects.filter(instansi=instansi).values_list("id", "kode"))
    start = dt.date(tahun, 1, 1)
    units = unit_facts(instansi=instansi)
    people = []
    for p in (
        Pegawai.objects.filter(instansi=instansi, status=StatusPegawai.AKTIF)
        .select_related("jabatan__tingkat", "golongan", "unit")
        .order_by("id")
    ):
        tingkat = p.jabatan.tingkat.kode if p.jabatan and p.jabatan.tingkat else ""
        people.append(
            Person(
                peserta=peserta_of(p, units),
                opd=codes[top[p.unit_id]],
                pengawas_baru=tingkat == "PENGAWAS"
                and p.tmt_jabatan is not None
                and (start - p.tmt_jabatan).days <= 365,
                gaps=gaps.get(p.id, {}),
            )
        )
    return people


def ceiling(cost: Decimal, share: Decimal, *, minimum: Decimal = Decimal(0)) -> Decimal:
    """A DPA line: the share of the cost in whole millions, and never below ``minimum`` (rounded up)."""
    millions = (cost * share / CEILING_STEP).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    floor = (minimum / CEILING_STEP).quantize(Decimal(1), rounding=ROUND_CEILING)
    return max(millions, floor) * CEILING_STEP


# --- the stage -----------------------------------------------------------------------------------------


def build_plan_cycle(ctx: DemoContext) -> None:
    instansi = ctx.require_instansi()
    tahun = ctx.tahun_rencana
    if PlanCycle.objects.filter(instansi=instansi, tahun=tahun).exists():
        ctx.counts["plan_cycle"] = 0  # the agency keeps its own cycle for that year: leave it alone
        return
    cost = cost_of_needs(load_people(instansi, tahun), load_offers(instansi))
    cycle = PlanCycle.objects.create(
        instansi=instansi,
        tahun=tahun,
        nama=cycle_name(instansi, tahun),
        maks_kegiatan_per_orang=MAKS_KEGIATAN,
        maks_hari_klasikal=MAKS_HARI_KLASIKAL,
        penalti_kekurangan_jp=PENALTI_JP,
        sintetis=True,
    )
    units = {u.kode: u for u in UnitKerja.objects.filter(instansi=instansi, kode__in=list(BUDGET_SHARE))}
    lines = [
        Anggaran(
            cycle=cycle,
            sumber=Anggaran.Sumber.BKPSDM,
            batas=ceiling(
                cost.by_source.get(BKPSDM, Decimal(0)),
                BUDGET_SHARE[BKPSDM],
                minimum=MANDATORY_RESERVE * cost.mandatory.get(BKPSDM, Decimal(0)),
            ),
        )
    ]
    lines += [
        Anggaran(
            cycle=cycle,
            sumber=Anggaran.Sumber.OPD,
            unit=units[kode],
            batas=ceiling(cost.by_source.get(kode, Decimal(0)), share, minimum=OPD_CEILING_MIN),
        )
        for kode, share in BUDGET_SHARE.items()
        if kode != BKPSDM and kode in units
    ]
    total = sum((a.batas for a in lines), Decimal(0))
    lines.append(Anggaran(cycle=cycle, sumber=Anggaran.Sumber.TOTAL, batas=total))
    Anggaran.objects.bulk_create(lines)
    _scenarios(ctx, cycle)
    ctx.extra["plan_cycle"] = {"cycle": cycle, "cost": cost}
    ctx.counts["plan_cycle"] = 1
    ctx.counts["anggaran_total"] = int(total)
    ctx.counts["biaya_kebutuhan"] = int(cost.total)


def _scenarios(ctx: DemoContext, cycle: PlanCycle) -> None:
    catalogue = ctx.extra.get("catalogue")
    integrity = catalogue.get(INTEGRITY_KODE) if isinstance(catalogue, dict) else None
    if integrity is None:
        integrity = Kegiatan.objects.filter(instansi=cycle.instansi, kode=INTEGRITY_KODE).first()
    Skenario.objects.bulk_create(
        [
            Skenario(
                cycle=cycle,
                nama=s.nama,
                deskripsi=s.deskripsi,
                faktor_anggaran=s.faktor,
                hanya_bentuk=list(s.hanya_bentuk),
                wajib_semua=integrity if s.wajib_integritas else None,
            )
            for s in SCENARIOS
            if not s.wajib_integritas or integrity is not None
        ]
    )


def reset_plan_cycle() -> None:
    """Delete the demo cycles with their plans, and any plan that includes synthetic people or activities.

    A plan protects its solver run, so plans go first; the cycle then takes its budgets, scenarios and
    runs with it. The needs rows of synthetic employees go with the employees (people stage).
    """
    demo = list(PlanCycle.objects.filter(sintetis=True).values_list("pk", flat=True))
    Plan.objects.filter(cycle_id__in=demo).delete()
    touched = Plan.objects.filter(items__pegawai__sintetis=True) | Plan.objects.filter(
        items__kegiatan__sintetis=True
    )
    Plan.objects.filter(pk__in=list(touched.values_list("pk", flat=True).distinct())).delete()
    PlanCycle.objects.filter(pk__in=demo).delete()
