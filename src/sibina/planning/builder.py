"""Turn a plan cycle's stored facts into the optimiser's plain Problem (and keep the way back).

Employees are keyed by NIP, activities by catalogue code, competencies by dictionary code, so an exported
problem reads on its own. Money goes in as Rp millions (the optimiser's unit). The choices made here are
documented in docs/planning.md: how an employee's weight follows the priority of their needs, which pairs are
offered to the solver, and how performance gaps map onto coaching and mentoring.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sibina.catalogue.audience import UnitFacts, peserta_of, sasaran_of, syarat_of, unit_facts
from sibina.catalogue.domain import Peserta, Syarat, why_not_eligible
from sibina.catalogue.models import AturanWajib, Kegiatan
from sibina.needs.domain import jp_target
from sibina.needs.ledger import jp_limits, jp_totals, top_unit_map
from sibina.needs.models import Kebutuhan
from sibina.optimiser import PARTICIPANT_OPD, Activity, Budget, Employee, Kind, Policy, Problem, opd_source
from sibina.people.models import Pegawai, RiwayatPengembangan, StatusPegawai, UnitKerja
from sibina.planning.models import Anggaran, PlanCycle, PlanItem, Skenario, unknown_forms_message
from sibina.reference.domain import rules_date

MILLION = Decimal(1_000_000)
KINERJA = (
    "KINERJA"  # pseudo-competency: a performance gap, closed by coaching, mentoring, on-the-job guidance
)
PERFORMANCE_FORMS = frozenset({"NKL01", "NKL02", "NKL11"})
JP_ONLY_PAIRS = 6  # per employee, the cheapest-per-JP audience-matching activities offered for JP alone
BASE_WEIGHT = 0.2  # weight of an employee with no scored need (their JP shortfall still counts)


@dataclass(frozen=True)
class Tier:
    """One attempt of a stable re-optimisation: who may change (``free``; None: everyone) and who keeps what they
    have, bar exclusions, and may only gain (``grow``). Everyone else keeps exactly their items."""

    free: frozenset[int] | None = frozenset()
    grow: frozenset[int] = frozenset()

    def as_json(self) -> dict[str, list[int] | None]:
        return {"free": None if self.free is None else sorted(self.free), "grow": sorted(self.grow)}

    @classmethod
    def from_json(cls, raw: dict[str, list[int] | None]) -> Tier:
        free = raw.get("free")
        return cls(
            free=None if free is None else frozenset(map(int, free)),
            grow=frozenset(map(int, raw.get("grow") or ())),
        )


@dataclass(frozen=True)
class Pins:
    """Leaders' decisions the optimiser must honour: (pegawai id, kegiatan id) pairs that must stay or must not.

    A stable re-optimisation (consolidation) also names the plan to keep, ``keep_from``, and how far employees may
    depart from it, ``tier``. ``tiers`` are the tiers to try in order, smallest change first, when a smaller one
    admits no plan (a class left below its minimum, a lock that needs money a shared budget frees only elsewhere);
    after the last, everyone is free. See ``attempts``.
    """

    locked: frozenset[tuple[int, int]] = frozenset()
    excluded: frozenset[tuple[int, int]] = frozenset()
    keep_from: int | None = None
    tier: Tier = Tier(free=None)
    tiers: tuple[Tier, ...] = ()

    def attempts(self) -> list[Pins]:
        """The pins to solve with, in order: each tier's, then everyone free (no tiers: just these pins)."""
        if not self.tiers:
            return [self]
        return [replace(self, tier=t, tiers=()) for t in (*self.tiers, Tier(free=None))]

    def frozen(self, pegawai_id: int) -> bool:
        """Keeps exactly their items of ``keep_from``."""
        free = self.tier.free
        return (
            self.keep_from is not None
            and free is not None
            and pegawai_id not in free
            and pegawai_id not in self.tier.grow
        )

    def growing(self, pegawai_id: int) -> bool:
        """Keeps their items of ``keep_from`` (bar exclusions) and may gain more."""
        return self.keep_from is not None and pegawai_id in self.tier.grow

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "locked": sorted(map(list, self.locked)),
            "excluded": sorted(map(list, self.excluded)),
        }
        if self.keep_from is not None:
            out["keep_from"] = self.keep_from
            out["tier"] = self.tier.as_json()
        if self.tiers:
            out["tiers"] = [t.as_json() for t in self.tiers]
        return out

    @classmethod
    def from_json(cls, data: object) -> Pins:
        raw = data if isinstance(data, dict) else {}
        keep_from = raw.get("keep_from")
        return cls(
            locked=frozenset((int(p), int(k)) for p, k in raw.get("locked", ())),
            excluded=frozenset((int(p), int(k)) for p, k in raw.get("excluded", ())),
            keep_from=int(keep_from) if keep_from is not None else None,
            tier=Tier.from_json(raw["tier"]) if "tier" in raw else Tier(free=None),
            tiers=tuple(Tier.from_json(t) for t in raw.get("tiers", ())),
        )


class PinError(ValueError):
    """A leader's lock the rules do not allow (the employee is not eligible for the activity)."""


class ScenarioError(ValueError):
    """A scenario the builder cannot honour (its message is for the person who started the run)."""


@dataclass(frozen=True)
class Dropped:
    """A mandatory activity a scenario's limits leave out, and for how many employees it was mandatory."""

    kode: str
    judul: str
    pegawai: int

    def as_json(self) -> dict[str, object]:
        return {"kode": self.kode, "judul": self.judul, "pegawai": self.pegawai}


@dataclass(frozen=True)
class BuildIndex:
    """The way back from the problem's keys to database rows."""

    pegawai_by_nip: dict[str, int]
    kegiatan_by_kode: dict[str, int]
    unit_opd_code: dict[int, str]
    wajib_terlewat: tuple[Dropped, ...] = ()  # mandatory training the scenario's forms leave out
    # (NIP, activity code) -> the AturanWajib.Sasaran that makes the pair mandatory (the reason shown for it)
    wajib: dict[tuple[str, str], str] = field(default_factory=dict)
    pairs: PairCount | None = None  # which pair set the problem (and so its bound) covers


@dataclass(frozen=True)
class PairCount:
    """Pairs the eligibility rules (audience included) allow, and the subset offered to the solver: those that
    close one of the employee's gaps, the JP-only filler, mandatory and locked pairs (docs/planning.md)."""

    allowed: int
    offered: int

    def as_json(self) -> dict[str, int]:
        return {"allowed": self.allowed, "offered": self.offered}


def build_problem(
    *,
    cycle: PlanCycle,
    skenario: Skenario | None = None,
    pins: Pins | None = None,
    only_for: Kegiatan | None = None,
) -> tuple[Problem, BuildIndex]:
    """The cycle's problem (a scenario's, with leaders' pins). ``only_for``: only the employees the eligibility
    rules admit to this activity, each with exactly the pairs the whole problem would give them (delivery
    ranks substitutes for a class from it without building the whole city)."""
    on = rules_date(cycle.tahun)
    pins = pins or Pins()
    pinned_in = _by_pegawai(pins.locked)
    pinned_out = _by_pegawai(pins.excluded)
    kept = _kept(pins)
    limits = jp_limits(on=on)
    opd_code = _opd_codes(cycle)
    kegiatan = _activities(cycle, skenario)
    activities = [_activity(k) for k in kegiatan]
    syarat = [syarat_of(k) for k in kegiatan]
    units = unit_facts(instansi=cycle.instansi)
    allowed_pairs = offered_pairs = 0
    mandatory = _mandatory_rules(cycle, skenario)
    left_out = _left_out(cycle, mandatory, {k.id for k in kegiatan})
    dropped: dict[int, int] = defaultdict(int)  # kegiatan id -> employees for whom it was mandatory
    wajib: dict[tuple[str, str], str] = {}  # (NIP, activity code) -> the rule making it mandatory
    gaps, weights = needs_gaps(cycle)
    earned = jp_totals(instansi=cycle.instansi, tahun=cycle.tahun)
    has_pkp = set(  # leadership training already done: the mandatory PKP does not apply again
        RiwayatPengembangan.objects.filter(pegawai__instansi=cycle.instansi, bentuk__kode="KL01").values_list(
            "pegawai_id", flat=True
        )
    )

    employees = []
    pegawai_by_nip: dict[str, int] = {}
    rows = (
        Pegawai.objects.filter(instansi=cycle.instansi, status=StatusPegawai.AKTIF)
        .select_related("jabatan__tingkat", "golongan", "unit")
        .order_by("nip")
    )
    focus = syarat_of(only_for) if only_for is not None else None
    for p in rows:
        peserta = _peserta(p, units)
        if focus is not None and why_not_eligible(peserta, focus) is not None:
            continue
        my_gaps = gaps.get(p.id, {})
        eligible = [
            (k, a)
            for k, a, s in zip(kegiatan, activities, syarat, strict=True)
            if why_not_eligible(peserta, s) is None
        ]
        rules = {
            a.id: rule
            for k, a in eligible
            if (rule := _must_take(mandatory.get(k.id, ()), a.form, p, peserta, on, has_pkp))
        }
        wajib.update(((p.nip, code), rule) for code, rule in rules.items())
        locked = list(rules)
        for k, s in left_out:
            if why_not_eligible(peserta, s) is None and _must_take(
                mandatory[k.id], k.bentuk.kode, p, peserta, on, has_pkp
            ):
                dropped[k.id] += 1
        by_id = {k.id: a.id for k, a in eligible}
        stray = pinned_in.get(p.id, set()) - by_id.keys()
        if stray:
            raise PinError(
                f"{p.nip}: locked activity id(s) {sorted(stray)} not eligible"
            )  # checked by the service first; this guards the optimiser's input
        out = {by_id[k] for k in pinned_out.get(p.id, ()) if k in by_id}
        locked = sorted((set(locked) | {by_id[k] for k in pinned_in.get(p.id, ())}) - out)
        # Only what develops a competency of the employee's own gaps (standard, nomination, and a performance
        # gap only through activities mapped to the job: see _activity), plus JP-only filler, mandatory, locked.
        useful = {a.id for _, a in eligible if any(c in my_gaps for c, _ in a.gains)}
        cheap = sorted(
            (a for _, a in eligible if a.jp > 0 and a.id not in useful),
            key=lambda a: (
                (a.cost_per_participant + a.fixed_cost_per_batch / max(a.capacity, 1)) / a.jp,
                a.id,
            ),
        )
        offered = useful | {a.id for a in cheap[:JP_ONLY_PAIRS]} | set(locked) | out
        if pins.frozen(p.id) or pins.growing(p.id):
            # Nobody asked to change this employee's part: they keep what they had (what is no longer eligible
            # falls away, an exclusion is honoured); frozen, they are offered nothing else.
            locked = sorted((set(locked) | {by_id[k] for k in kept.get(p.id, ()) if k in by_id}) - out)
            if pins.frozen(p.id):
                offered = set(locked) | out
        allowed_pairs += len(eligible)
        offered_pairs += len(offered)
        target = jp_target(p.jenis_asn, limits)
        employees.append(
            Employee(
                id=p.nip,
                opd=opd_code.get(p.unit_id, ""),
                kind=Kind(p.jenis_asn),
                weight=weights.get(p.id, BASE_WEIGHT),
                jp_earned=float(earned.get(p.id, (Decimal(0), Decimal(0)))[0]),
                jp_min=_float_or_none(target.minimum),
                jp_max=_float_or_none(target.maximum),
                max_activities=cycle.maks_kegiatan_per_orang,
                max_classical_days=float(cycle.maks_hari_klasikal),
                gaps=tuple(my_gaps.items()),
                eligible=tuple(offered),
                locked=tuple(locked),
                excluded=tuple(sorted(out)),
            )
        )
        pegawai_by_nip[p.nip] = p.id

    competencies = {c for e in employees for c, _ in e.gaps} | {c for a in activities for c, _ in a.gains}
    problem = Problem(
        employees=tuple(employees),
        activities=tuple(activities),
        competencies=tuple((c, 1.0) for c in sorted(competencies)),
        budgets=tuple(_budgets(cycle, skenario, set(opd_code.values()))),
        policy=Policy(shortfall_penalty=float(cycle.penalti_kekurangan_jp)),
        name=f"{cycle.instansi.kode}-{cycle.tahun}" + (f"-{skenario.nama}" if skenario else ""),
    )
    wajib_terlewat = tuple(Dropped(k.kode, k.judul, dropped[k.id]) for k, _s in left_out if dropped[k.id])
    index = BuildIndex(
        pegawai_by_nip,
        {k.kode: k.id for k in kegiatan},
        opd_code,
        wajib_terlewat,
        wajib,
        pairs=PairCount(allowed=allowed_pairs, offered=offered_pairs),
    )
    return problem, index


def _float_or_none(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _peserta(p: Pegawai, units: UnitFacts) -> Peserta:
    return peserta_of(p, units)


def pair_ineligible(*, pegawai: Pegawai, kegiatan: Kegiatan, units: UnitFacts | None = None) -> str | None:
    """Why this employee may not attend this activity (None: they may): the rule a leader's lock must meet.
    The answer is a rule code of catalogue.domain.why_not_eligible ("sasaran": outside the target audience;
    worded by the reasons renderer). Checking many employees, pass ``units`` (``unit_facts`` of the
    agency, one query) instead of one small query per call."""
    if units is None:
        units = unit_facts(instansi=pegawai.instansi_id, unit=pegawai.unit)
    return why_not_eligible(_peserta(pegawai, units), syarat_of(kegiatan))


def pair_mandatory(*, cycle: PlanCycle, pegawai: Pegawai, kegiatan: Kegiatan) -> bool:
    """The activity is mandatory for this employee this year (a leader cannot exclude it)."""
    sasaran = _mandatory_rules(cycle, None).get(kegiatan.pk, ())
    peserta = _peserta(pegawai, unit_facts(instansi=pegawai.instansi_id, unit=pegawai.unit))
    return _mandatory_rule(sasaran, pegawai, peserta, rules_date(cycle.tahun)) is not None


def pairs_mandatory(*, cycle: PlanCycle, pairs: Mapping[int, tuple[Pegawai, Kegiatan]]) -> set[int]:
    """``pair_mandatory`` for many pairs at once (key -> (employee, activity)): the keys of the mandatory ones,
    with the rules and the agency's units read once instead of once per pair."""
    rules = _mandatory_rules(cycle, None)
    ruled = {key: pk for key, pk in ((key, k.pk) for key, (_p, k) in pairs.items()) if pk in rules}
    if not ruled:
        return set()
    units = unit_facts(instansi=cycle.instansi_id)
    on = rules_date(cycle.tahun)
    return {
        key
        for key, kegiatan_id in ruled.items()
        if _mandatory_rule(rules[kegiatan_id], pairs[key][0], _peserta(pairs[key][0], units), on) is not None
    }


def _kept(pins: Pins) -> dict[int, set[int]]:
    """pegawai id -> kegiatan ids they keep from ``pins.keep_from`` (for the employees that are not free)."""
    if pins.keep_from is None or pins.tier.free is None:
        return {}
    rows = PlanItem.objects.filter(plan_id=pins.keep_from).exclude(pegawai_id__in=pins.tier.free)
    return _by_pegawai(frozenset(rows.values_list("pegawai_id", "kegiatan_id")))


def _by_pegawai(pairs: frozenset[tuple[int, int]]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    for pegawai_id, kegiatan_id in pairs:
        out[pegawai_id].add(kegiatan_id)
    return out


def _opd_codes(cycle: PlanCycle) -> dict[int, str]:
    """unit id -> code of its top-level unit (the OPD whose DPA pays for OPD-funded courses)."""
    top = top_unit_map(instansi=cycle.instansi)
    codes = dict(
        UnitKerja.objects.filter(instansi=cycle.instansi, parent__isnull=True).values_list("id", "kode")
    )
    return {unit_id: codes[top_id] for unit_id, top_id in top.items() if top_id in codes}


def _activities(cycle: PlanCycle, skenario: Skenario | None) -> list[Kegiatan]:
    if skenario is not None and skenario.hanya_bentuk:
        # Checked here too: a scenario saved before the model refused it must not "optimise" to an empty plan.
        unknown = skenario.unknown_forms()
        if unknown:
            raise ScenarioError(f"{skenario.nama}: {unknown_forms_message(unknown)}")
    qs = (
        Kegiatan.objects.filter(instansi=cycle.instansi, aktif=True)
        .select_related("bentuk")
        .prefetch_related("kompetensi__kompetensi", "tingkat_jabatan", "prasyarat")
        .order_by("kode")
    )
    if skenario is not None and skenario.hanya_bentuk:
        qs = qs.filter(bentuk__kode__in=skenario.hanya_bentuk)
    return list(qs)


def _activity(k: Kegiatan) -> Activity:
    gains = {kk.kompetensi.kode: float(kk.kenaikan_level) for kk in k.kompetensi.all()}
    if serves_performance(k):
        gains[KINERJA] = 1.0
    per_opd = k.sumber_dana == Kegiatan.SumberDana.OPD
    return Activity(
        id=k.kode,
        form=k.bentuk.kode,
        classical=k.bentuk.jalur == "KLASIKAL",
        jp=float(k.jp),
        cost_per_participant=float(k.biaya_per_peserta / MILLION),
        fixed_cost_per_batch=float(k.biaya_per_kelas / MILLION),
        capacity=k.kapasitas_kelas,
        min_class=k.min_peserta,
        max_batches=k.maks_kelas,
        days=float(k.hari_klasikal),
        gains=tuple(gains.items()),
        budget=PARTICIPANT_OPD if per_opd else "BKPSDM",
        batch_budget="BKPSDM" if per_opd else None,  # a class is shared by OPDs: its fixed cost is BKPSDM's
        requires=tuple(p.kode for p in k.prasyarat.all()),
        title=k.judul,
    )


def serves_performance(k: Kegiatan) -> bool:
    """A performance (SKP) gap is closed only by coaching, mentoring or on-the-job guidance mapped to the job's
    tasks: one with a target audience (which the employee then fits, or it is not offered) or one given by the
    participant's own supervisor. Generic coaching for everyone does not close it."""
    return k.bentuk.kode in PERFORMANCE_FORMS and (k.oleh_atasan or bool(sasaran_of(k)))


def _left_out(
    cycle: PlanCycle, mandatory: dict[int, tuple[str, ...]], kept: set[int]
) -> list[tuple[Kegiatan, Syarat]]:
    """Active mandatory activities the scenario's limits leave out of the problem (none without limits)."""
    ids = set(mandatory) - kept
    if not ids:
        return []
    rows = (
        Kegiatan.objects.filter(instansi=cycle.instansi, aktif=True, pk__in=ids)
        .select_related("bentuk")
        .prefetch_related("tingkat_jabatan")
        .order_by("kode")
    )
    return [(k, syarat_of(k)) for k in rows]


def _mandatory_rules(cycle: PlanCycle, skenario: Skenario | None) -> dict[int, tuple[str, ...]]:
    rules: dict[int, list[str]] = defaultdict(list)
    for kegiatan_id, sasaran in AturanWajib.objects.filter(
        kegiatan__instansi=cycle.instansi, aktif=True
    ).values_list("kegiatan_id", "sasaran"):
        rules[kegiatan_id].append(sasaran)
    if skenario is not None and skenario.wajib_semua_id:
        rules[skenario.wajib_semua_id].append(AturanWajib.Sasaran.SEMUA)
    return {k: tuple(v) for k, v in rules.items()}


def _must_take(
    sasaran: tuple[str, ...], form: str, p: Pegawai, peserta: Peserta, on: dt.date, has_pkp: set[int]
) -> str | None:
    """The rule making the activity mandatory for this employee this year (None: not mandatory); leadership
    training (KL01) not again for who already has it."""
    if form == "KL01" and p.id in has_pkp:
        return None
    return _mandatory_rule(sasaran, p, peserta, on)


def _mandatory_rule(sasaran: tuple[str, ...], p: Pegawai, peserta: Peserta, on: dt.date) -> str | None:
    """The first of ``sasaran`` (AturanWajib.Sasaran values) that applies to the employee, or None."""
    for s in sasaran:
        if s == AturanWajib.Sasaran.SEMUA:
            return str(s)
        if s == AturanWajib.Sasaran.CPNS and p.jenis_asn == "CPNS":
            return str(s)
        if s == AturanWajib.Sasaran.GARIS_DEPAN and peserta.front_line:
            return str(s)
        if s == AturanWajib.Sasaran.PENGAWAS_BARU and peserta.tingkat_jabatan == "PENGAWAS":
            if p.tmt_jabatan is not None and (on - p.tmt_jabatan).days <= 365:
                return str(s)
            return None
    return None


def needs_gaps(cycle: PlanCycle) -> tuple[dict[int, dict[str, float]], dict[int, float]]:
    """Per employee: competency -> gap (largest over sources), and a weight from the mean priority (0–1)."""
    gaps: dict[int, dict[str, float]] = defaultdict(dict)
    scores: dict[int, list[float]] = defaultdict(list)
    for pegawai_id, sumber, kode, gap, prioritas in Kebutuhan.objects.filter(
        pegawai__instansi=cycle.instansi, tahun=cycle.tahun
    ).values_list("pegawai_id", "sumber", "kompetensi__kode", "gap", "prioritas"):
        if sumber == Kebutuhan.Sumber.WAJIB:
            continue  # mandatory needs are locked pairs, not gaps
        key = KINERJA if sumber == Kebutuhan.Sumber.GAP_KINERJA else kode
        if key is None or gap <= 0:
            continue
        gaps[pegawai_id][key] = max(gaps[pegawai_id].get(key, 0.0), float(gap))
        scores[pegawai_id].append(float(prioritas))
    weights = {pid: max(BASE_WEIGHT, sum(s) / len(s) / 100) for pid, s in scores.items()}
    return gaps, weights


def _budgets(cycle: PlanCycle, skenario: Skenario | None, opds: set[str]) -> list[Budget]:
    factor = Decimal(str(skenario.faktor_anggaran)) if skenario is not None else Decimal(1)
    budgets: list[Budget] = []
    seen_opd: set[str] = set()
    for a in Anggaran.objects.filter(cycle=cycle).select_related("unit"):
        limit = float(a.batas * factor / MILLION)
        if a.sumber == Anggaran.Sumber.BKPSDM:
            budgets.append(Budget(id="BKPSDM", limit=limit))
        elif a.sumber == Anggaran.Sumber.TOTAL:
            budgets.append(Budget(id="TOTAL", limit=limit, sources=("*",)))
        elif a.unit is not None:
            budgets.append(Budget(id=opd_source(a.unit.kode), limit=limit))
            seen_opd.add(a.unit.kode)
    if not any(b.id == "BKPSDM" for b in budgets):
        budgets.append(Budget(id="BKPSDM", limit=0.0))
    # An OPD without a DPA line for training cannot pay for OPD-funded courses: its ceiling is zero.
    budgets += [Budget(id=opd_source(code), limit=0.0) for code in sorted(opds - seen_opd) if code]
    return budgets
