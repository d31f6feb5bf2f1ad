"""Substitutes for someone who dropped out of a class (declined, or moved to another class), proposed from the
optimiser's own ranking and confirmed by BKPSDM.

Nothing here decides who may attend: the candidates are the employees the planner's problem offers the activity
to (``planning.builder.build_problem`` — the activity's audience and eligibility rules, the same targeted pairs,
the decree's exclusions, the decreed plan's scenario), without anyone already planned in the activity or holding
an enrolment in it, and without whoever the optimiser's own checker (``optimiser.check_plan``) finds over a
personal limit (activities per person, classical days, the PPPK JP cap, prerequisites) with the activity added
to their decreed part. Their value is the optimiser's objective (``optimiser.evaluate``) with and without the
activity. Order: PNS/CPNS still short of the JP minimum first, then the most gap-levels the activity closes, then
the value.

Money: a substitute's seat is paid from the activity's source (``delivery.money``): it must fit what is left of
that source — its ceiling less the decreed plan's charges on it, less the seats of substitutes confirmed so far
plus the seats they freed — to which the drop-out's own seat is added when they hold none any more.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sibina.approvals.models import Persetujuan
from sibina.approvals.selectors import cycle_decree
from sibina.approvals.services import pins_of
from sibina.audit.services import audit_record
from sibina.delivery import money
from sibina.delivery.models import LIVE, Kelas, Peserta
from sibina.formats import jp as jp_text
from sibina.optimiser import Assignment, Employee, Problem, check_plan, evaluate
from sibina.people.models import Pegawai
from sibina.people.scope import require_actor_instansi
from sibina.planning.builder import Pins, build_problem
from sibina.planning.models import PlanItem
from sibina.planning.reasons import Names, number
from sibina.planning.selectors import reason_names
from sibina.roles import Role, role_of
from sibina.versioning import claim

DROPPED = frozenset({Peserta.Status.DITOLAK, Peserta.Status.DIPINDAH})
# What makes a candidate unable to take the activity on top of their decreed part (the optimiser's checker).
PERSONAL_RULES = frozenset(
    {"eligibility", "excluded", "max_activities", "classical_days", "jp_max", "prerequisite"}
)
SHOWN = 10
EPS = 1e-9


@dataclass(frozen=True)
class Gap:
    kompetensi: str  # competency code (or the performance-gap key)
    levels: float  # gap-levels left after the employee's decreed part, that the activity develops


@dataclass(frozen=True)
class Proposal:
    pegawai: Pegawai
    gaps: tuple[Gap, ...]
    closes: float  # gap-levels the activity closes for them
    value: float  # the optimiser's objective gained
    jp: Decimal  # JP of this year in the ledger
    jp_min: Decimal | None  # their JP minimum (None: none, PPPK)
    short: bool  # held to a JP minimum and still short of it with their decreed part
    biaya: Decimal  # the seat's cost
    sumber: str  # the budget source it is paid from
    alasan: str  # why, in words


def dropouts(kelas: Kelas) -> list[Peserta]:
    """Those who dropped out of the class (declined, moved out) with no substitute yet: a substitute can be
    proposed while the class is open, has not started and has a seat free."""
    if kelas.status != Kelas.Status.DIBUKA or kelas.mulai <= timezone.localdate():
        return []
    if kelas.peserta.filter(status__in=LIVE).count() >= kelas.kapasitas:
        return []
    return list(
        kelas.peserta.filter(status__in=DROPPED, pengganti__isnull=True)
        .select_related("pegawai__unit", "plan_item")
        .order_by("pegawai__nama", "pk")
    )


def _decree(kelas: Kelas) -> Persetujuan:
    decree = cycle_decree(cycle_id=kelas.cycle_id)
    if decree is None:
        raise ValidationError({"pengganti": _("The plan of this class is no longer set by decree.")})
    return decree


def _taken(kelas: Kelas, plan_id: int) -> set[int]:
    """Employees already in the activity: planned in it, or with an enrolment in it this cycle that holds a seat
    or was declined."""
    planned = set(
        PlanItem.objects.filter(plan_id=plan_id, kegiatan_id=kelas.kegiatan_id).values_list(
            "pegawai_id", flat=True
        )
    )
    enrolled = set(
        Peserta.objects.filter(cycle_id=kelas.cycle_id, kegiatan_id=kelas.kegiatan_id)
        .exclude(status=Peserta.Status.DIBATALKAN)
        .values_list("pegawai_id", flat=True)
    )
    return planned | enrolled


def remaining(
    *, kelas: Kelas, decree: Persetujuan, opds: money.Opds, seated: set[tuple[int, int]]
) -> dict[str, Decimal]:
    """Source key (and "TOTAL") -> money left: the ceiling less the decreed plan's charges, less confirmed
    substitutes' seats, plus the seats their drop-outs freed (a drop-out still holding a seat elsewhere frees
    none). A source without a ceiling has none left."""
    ceilings = money.ceilings(plan=decree.plan)
    used: dict[str, Decimal] = defaultdict(Decimal)
    for c in money.planned_charges(plan_id=decree.plan_id, opds=opds):
        used[c.sumber] += c.biaya
    subs = Peserta.objects.filter(cycle_id=kelas.cycle_id, pengganti_untuk__isnull=False).select_related(
        "kegiatan", "pegawai", "pengganti_untuk__pegawai", "pengganti_untuk__plan_item"
    )
    for s in subs:
        sumber, _opd = opds.source(s.kegiatan, s.pegawai.unit_id)
        used[sumber] += money.seat_cost(s, s.kegiatan)
        gone = s.pengganti_untuk
        assert gone is not None
        if (gone.pegawai_id, gone.kegiatan_id) not in seated:
            sumber, _opd = opds.source(s.kegiatan, gone.pegawai.unit_id)
            used[sumber] -= money.seat_cost(gone, s.kegiatan)
    left = {key: batas - used.get(key, Decimal(0)) for key, batas in ceilings.items() if key != money.TOTAL}
    if money.TOTAL in ceilings:
        left[money.TOTAL] = ceilings[money.TOTAL] - sum(used.values(), Decimal(0))
    return left


def _fits(left: dict[str, Decimal], sumber: str, biaya: Decimal, freed: dict[str, Decimal]) -> bool:
    room = left.get(sumber, Decimal(0)) + freed.get(sumber, Decimal(0))
    if biaya > room:
        return False
    if money.TOTAL in left:
        return biaya <= left[money.TOTAL] + sum(freed.values(), Decimal(0))
    return True


def proposals(*, kelas: Kelas, keluar: Peserta, limit: int = SHOWN) -> list[Proposal]:
    """The best substitutes for ``keluar`` in ``kelas``, best first (at most ``limit``); none when the class
    takes no substitute now."""
    if keluar.kelas_id != kelas.pk or keluar.pk not in {p.pk for p in dropouts(kelas)}:
        return []
    decree = _decree(kelas)
    kegiatan = kelas.kegiatan
    problem, index = build_problem(
        cycle=kelas.cycle,
        skenario=decree.plan.skenario,
        pins=Pins(excluded=pins_of(decree).excluded),
        only_for=kegiatan,
    )
    code = kegiatan.kode
    if not any(a.id == code for a in problem.activities):
        return []
    taken = _taken(kelas, decree.plan_id)
    ids = index.pegawai_by_nip
    candidates = [
        e
        for e in problem.employees
        if code in e.eligible and code not in e.excluded and ids[e.id] not in taken
    ]
    base = _decreed_part(decree.plan_id, [ids[e.id] for e in candidates])
    opds = money.opds_of(kelas.instansi_id)
    seated = _seated(kelas)
    left = remaining(kelas=kelas, decree=decree, opds=opds, seated=seated)
    freed: dict[str, Decimal] = {}
    if (keluar.pegawai_id, kegiatan.pk) not in seated:
        sumber, _opd = opds.source(kegiatan, keluar.pegawai.unit_id)
        freed[sumber] = money.seat_cost(keluar, kegiatan)
    pegawai = Pegawai.objects.select_related("unit").in_bulk([ids[e.id] for e in candidates])
    names = reason_names(instansi_id=kelas.instansi_id)
    ranked: list[tuple[tuple[object, ...], Proposal]] = []
    for e in candidates:
        p = pegawai[ids[e.id]]
        sumber, _opd = opds.source(kegiatan, p.unit_id)
        if not _fits(left, sumber, kegiatan.biaya_per_peserta, freed):
            continue
        scored = _score(problem, e, base.get(p.pk, []), code)
        if scored is None:
            continue
        value, closes, short, gaps = scored
        jp_min = Decimal(str(e.jp_min)) if e.jp_min is not None else None
        earned = Decimal(str(round(e.jp_earned, 2)))
        proposal = Proposal(
            pegawai=p,
            gaps=gaps,
            closes=closes,
            value=value,
            jp=earned,
            jp_min=jp_min,
            short=short,
            biaya=kegiatan.biaya_per_peserta,
            sumber=sumber,
            alasan=reason(gaps, earned, jp_min, names),
        )
        ranked.append(((not short, -closes, -value, p.nama, p.pk), proposal))
    ranked.sort(key=lambda r: r[0])
    return [proposal for _key, proposal in ranked[:limit]]


def _seated(kelas: Kelas) -> set[tuple[int, int]]:
    """(employee, activity) pairs of the cycle holding a seat (a live enrolment)."""
    return set(
        Peserta.objects.filter(cycle_id=kelas.cycle_id, status__in=LIVE).values_list(
            "pegawai_id", "kegiatan_id"
        )
    )


def _decreed_part(plan_id: int, pegawai_ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for pid, kode in PlanItem.objects.filter(plan_id=plan_id, pegawai_id__in=list(pegawai_ids)).values_list(
        "pegawai_id", "kegiatan__kode"
    ):
        out[pid].append(kode)
    return out


def _score(
    problem: Problem, e: Employee, part: list[str], code: str
) -> tuple[float, float, bool, tuple[Gap, ...]] | None:
    """(objective gained, gap-levels closed, still short of the JP minimum, gaps the activity develops) of
    adding the activity to the employee's decreed part, by the optimiser's own evaluation; None when its checker
    finds the employee over a personal limit then."""
    one = replace(problem, employees=(e,), budgets=())
    before = [Assignment(e.id, a, 0) for a in part if a != code]
    after = [*before, Assignment(e.id, code, 0)]
    if any(v.rule in PERSONAL_RULES for v in check_plan(one, after)):
        return None
    ev0, ev1 = evaluate(one, before), evaluate(one, after)
    gains = dict(next(a.gains for a in problem.activities if a.id == code))
    gaps = tuple(
        Gap(k, g - ev0.closed.get((e.id, k), 0.0))
        for k, g in e.gaps
        if k in gains and g - ev0.closed.get((e.id, k), 0.0) > EPS
    )
    closes = sum(ev1.closed.values()) - sum(ev0.closed.values())
    return ev1.objective - ev0.objective, closes, e.id in ev0.shortfall, gaps


def reason(gaps: Sequence[Gap], jp: Decimal, jp_min: Decimal | None, names: Names) -> str:
    """Why a substitute is proposed, in words: the gaps the activity closes and the JP of the year."""
    parts = [
        _("gap of %(levels)s on %(competency)s")
        % {"levels": number(g.levels), "competency": names.kompetensi.get(g.kompetensi, g.kompetensi)}
        for g in gaps
    ]
    if jp_min is not None:
        parts.append(_("JP this year: %(jp)s of %(min)s") % {"jp": number(jp), "min": number(jp_min)})
    else:
        parts.append(_("JP this year: %(jp)s") % {"jp": jp_text(jp)})
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


@transaction.atomic
def substitute_confirm(*, kelas: Kelas, keluar: Peserta, pegawai: Pegawai, by: User, version: int) -> Peserta:
    """BKPSDM confirms a proposed substitute for ``keluar``: they are enrolled in the class (to be invited with
    the others). Only someone among the proposals now (eligible, not in the activity, fitting the budget)."""
    require_actor_instansi(by, kelas.instansi_id)
    if role_of(by) != Role.BKPSDM:
        raise PermissionDenied(_("Only BKPSDM may confirm a substitute."))
    with claim(keluar, seen=version):
        locked = Kelas.objects.select_for_update().get(pk=kelas.pk)
        if keluar.kelas_id != locked.pk or keluar.status not in DROPPED:
            raise ValidationError(
                {"pengganti": _("Only someone who dropped out of this class can be replaced.")}
            )
        if Peserta.objects.filter(pengganti_untuk=keluar).exists():
            raise ValidationError({"pengganti": _("A substitute is already confirmed for this participant.")})
        if not dropouts(locked):
            raise ValidationError(
                {
                    "pengganti": _(
                        "This class takes no substitute now (cancelled, started, or every seat is taken)."
                    )
                }
            )
        chosen = next(
            (p for p in proposals(kelas=locked, keluar=keluar, limit=10_000) if p.pegawai.pk == pegawai.pk),
            None,
        )
        if chosen is None:
            raise ValidationError(
                {
                    "pengganti": _(
                        "%(name)s cannot substitute: not eligible for this activity, already in it, over a "
                        "personal limit, or the budget does not allow the seat."
                    )
                    % {"name": pegawai.nama}
                }
            )
        sub = Peserta.objects.create(
            kelas=locked,
            pegawai=pegawai,
            cycle_id=locked.cycle_id,
            kegiatan_id=locked.kegiatan_id,
            pengganti_untuk=keluar,
        )
        audit_record(
            by=by,
            action="delivery.substitute",
            obj=sub,
            after={
                "kelas_id": locked.pk,
                "pegawai_id": pegawai.pk,
                "pengganti_untuk": keluar.pk,
                "keluar_pegawai_id": keluar.pegawai_id,
                "biaya": chosen.biaya,
                "sumber": chosen.sumber,
                "alasan": chosen.alasan,
            },
            label=f"{pegawai.nama} → {locked} ({keluar.pegawai.nama})",
        )
        return sub
