"""Proposals (usulan) for the plan year in every workflow state, and a few succession nominations.

The demo supervisor's team goes through the real services (``usulan_submit``, ``usulan_decide_supervisor``) with
the demo logins, so the inboxes show live items. The rest of the city's proposals were decided by people
without a login, so they are inserted in bulk, following the same rules: each names a competency, its target
is 1–5, it says why, a rejection gives its reason, and the status and version follow the workflow's steps.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import User

from sibina.competency.models import Kompetensi, NominasiSuksesi
from sibina.demo import competency_tables as t
from sibina.demo.context import DemoContext
from sibina.demo.domain import allocate
from sibina.demo.users import ADMIN_BKPSDM, ATASAN_LANGSUNG, DEMO_USERS
from sibina.needs.models import Usulan
from sibina.needs.services import usulan_decide_supervisor, usulan_submit
from sibina.people.models import Jabatan, Pegawai

if TYPE_CHECKING:
    from sibina.demo.competency import Person

S = Usulan.Status
# Workflow steps taken to reach each state: the version a proposal carries there (it starts at 1).
STEPS: dict[str, int] = {
    S.DIAJUKAN: 0,
    S.DISETUJUI_ATASAN: 1,
    S.DITOLAK_ATASAN: 1,
    S.DIVERIFIKASI: 2,
    S.DITOLAK_BKPSDM: 2,
}
# What a proposal asks for: a gap of the assessed employee, development beyond the standard, or a need of
# someone without a valid assessment (only these last ones add a need the gap analysis does not find).
GAP, BEYOND, UNASSESSED = "GAP", "BEYOND", "UNASSESSED"
# The kind each state takes first (so every state is plausible at any size), then which kinds it accepts.
FIRST_CHOICE: dict[str, tuple[str, ...]] = {
    S.DITOLAK_BKPSDM: (BEYOND, GAP, UNASSESSED),
    S.DIVERIFIKASI: (UNASSESSED, GAP, BEYOND),
    S.DITOLAK_ATASAN: (BEYOND, UNASSESSED, GAP),
    S.DISETUJUI_ATASAN: (GAP, UNASSESSED, BEYOND),
    S.DIAJUKAN: (GAP, UNASSESSED, BEYOND),
}
ACCEPTS: dict[str, tuple[str, ...]] = {
    S.DITOLAK_BKPSDM: (BEYOND, GAP),
    S.DIVERIFIKASI: (UNASSESSED, GAP),
    S.DITOLAK_ATASAN: (BEYOND, UNASSESSED, GAP),
    S.DISETUJUI_ATASAN: (GAP, UNASSESSED, BEYOND),
    S.DIAJUKAN: (GAP, UNASSESSED, BEYOND),
}


@dataclass(frozen=True)
class Plan:
    person: Person
    kompetensi: Kompetensi
    level_target: int
    kind: str
    uraian: str


def build_proposals(
    ctx: DemoContext, rng: random.Random, people: Sequence[Person], kompetensi: dict[str, Kompetensi]
) -> int:
    team = _demo_team(people)
    in_team = {p.pegawai.pk for p in team}
    candidates = [
        p for p in people if p.standar and p.pegawai.atasan_id is not None and p.pegawai.pk not in in_team
    ]
    n = max(len(t.PROPOSAL_STATES), round(ctx.size * t.PROPOSAL_SHARE))
    plans = [_plan(rng, p, kompetensi) for p in rng.sample(candidates, min(n, len(candidates)))]
    states = _assign_states(rng, plans)
    verifier = User.objects.filter(username=_login_of(ADMIN_BKPSDM)).first()
    rows = [_row(ctx, rng, plan, state, verifier) for plan, state in states]
    Usulan.objects.bulk_create(rows, batch_size=1000)
    return len(rows) + _team_proposals(ctx, rng, team, kompetensi)


def _plan(rng: random.Random, person: Person, kompetensi: dict[str, Kompetensi]) -> Plan:
    std = person.standar
    technical = [k for k in std if k.startswith("T-")] or list(std)
    if person.levels is None:
        kode = rng.choice([k for k in technical if std[k] >= 2] or technical)
        kind, target = UNASSESSED, max(2, std[kode])
    else:
        levels = person.levels
        gaps = [k for k in std if levels.get(k, 0) < std[k]]
        open_ = [k for k in technical if max(levels.get(k, 0), std[k]) < 5]
        if gaps and (rng.random() < 0.6 or not open_):
            kode = rng.choice(gaps)
            kind, target = GAP, std[kode]
        else:
            kode = rng.choice(open_ or list(std))
            kind, target = BEYOND, min(5, max(levels.get(kode, 0), std[kode]) + 1)
    jabatan = person.pegawai.jabatan.nama if person.pegawai.jabatan else ""
    uraian = rng.choice(t.PROPOSAL_TEXTS) % {"k": kompetensi[kode].nama, "j": jabatan}
    return Plan(person, kompetensi[kode], target, kind, uraian)


def _assign_states(rng: random.Random, plans: list[Plan]) -> list[tuple[Plan, str]]:
    """Every state gets at least one proposal; each state first takes the kind that fits it best."""
    weights = dict(t.PROPOSAL_STATES)
    order = list(FIRST_CHOICE)
    counts = dict(zip(order, allocate(len(plans), [weights[s] for s in order], minimum=1), strict=True))
    pools: dict[str, list[Plan]] = {GAP: [], BEYOND: [], UNASSESSED: []}
    for plan in plans:
        pools[plan.kind].append(plan)
    out: list[tuple[Plan, str]] = []
    for state in order:
        for i in range(counts[state]):
            kinds = (
                FIRST_CHOICE[state] if i == 0 else _shuffled(rng, ACCEPTS[state]) + list(FIRST_CHOICE[state])
            )
            kind = next(k for k in kinds if pools[k])
            out.append((pools[kind].pop(), state))
    return out


def _shuffled(rng: random.Random, kinds: tuple[str, ...]) -> list[str]:
    out = list(kinds)
    rng.shuffle(out)
    return out


def _row(ctx: DemoContext, rng: random.Random, plan: Plan, state: str, verifier: User | None) -> Usulan:
    catatan_atasan = rng.choice(t.SUPERVISOR_REJECTIONS) if state == S.DITOLAK_ATASAN else ""
    catatan_bkpsdm = rng.choice(t.BKPSDM_REJECTIONS) if state == S.DITOLAK_BKPSDM else ""
    decided_by_bkpsdm = state in (S.DIVERIFIKASI, S.DITOLAK_BKPSDM)
    usulan = Usulan(
        pegawai=plan.person.pegawai,
        tahun=ctx.tahun_rencana,
        kompetensi=plan.kompetensi,
        level_target=plan.level_target,
        uraian=plan.uraian,
        status=state,
        catatan_atasan=catatan_atasan,
        catatan_bkpsdm=catatan_bkpsdm,
        diverifikasi_oleh=verifier if decided_by_bkpsdm else None,
        sintetis=True,
        version=1 + STEPS[state],
    )
    _check_rules(usulan)
    return usulan


def _check_rules(usulan: Usulan) -> None:
    """The rules usulan_submit and the decision services enforce, for the rows inserted without them."""
    if usulan.kompetensi_id is None or not 1 <= usulan.level_target <= 5 or not usulan.uraian.strip():
        raise ValueError(f"Demo proposal breaks the submission rules: {usulan.pegawai.nip}")
    if usulan.status == S.DITOLAK_ATASAN and not usulan.catatan_atasan.strip():
        raise ValueError("A supervisor's rejection needs its reason.")
    if usulan.status == S.DITOLAK_BKPSDM and not usulan.catatan_bkpsdm.strip():
        raise ValueError("A BKPSDM rejection needs its reason.")


def _login_of(group: str) -> str:
    return next(u.username for u in DEMO_USERS if u.group == group)


def _demo_team(people: Sequence[Person]) -> list[Person]:
    """The demo supervisor's staff (the demo employee first): their proposals go through the services."""
    boss = next((p for p in people if p.pegawai.user_id and _is_login(p.pegawai, ATASAN_LANGSUNG)), None)
    if boss is None:
        return []
    team = [p for p in people if p.pegawai.atasan_id == boss.pegawai.pk and p.standar]
    team.sort(key=lambda p: (p.pegawai.user_id is None, p.pegawai.nip))
    return team[:2]


def _is_login(pegawai: Pegawai, group: str) -> bool:
    user = pegawai.user
    return user is not None and user.username == _login_of(group)


def _team_proposals(
    ctx: DemoContext, rng: random.Random, team: list[Person], kompetensi: dict[str, Kompetensi]
) -> int:
    """The demo employee's own proposal awaits the supervisor; a colleague's, endorsed, awaits BKPSDM."""
    if not team:
        return 0
    boss_user = User.objects.get(username=_login_of(ATASAN_LANGSUNG))
    created = []
    for i, person in enumerate(team):
        plan = _plan(rng, person, kompetensi)
        usulan = usulan_submit(
            pegawai=person.pegawai,
            tahun=ctx.tahun_rencana,
            kompetensi=plan.kompetensi,
            level_target=plan.level_target,
            uraian=plan.uraian,
            by=person.pegawai.user or boss_user,  # a supervisor may propose for a subordinate
        )
        if i == 1:
            usulan = usulan_decide_supervisor(
                usulan=usulan, by=boss_user, approve=True, catatan="", version=usulan.version
            )
        created.append(usulan.pk)
    Usulan.objects.filter(pk__in=created).update(sintetis=True)  # the services know nothing of demo data
    return len(created)


def build_nominations(ctx: DemoContext, rng: random.Random, people: Sequence[Person]) -> int:
    """A few heads nominate a promising subordinate for their own post (the succession plan's next position)."""
    candidates = [(p, target) for p in people if (target := _nomination_target(p)) is not None]
    candidates.sort(key=lambda c: (-(c[0].potensial or 0), c[0].pegawai.nip))
    n = max(3, round(ctx.size * t.NOMINATION_SHARE))
    chosen = rng.sample(candidates[: 3 * n], min(n, len(candidates)))
    rows = [
        NominasiSuksesi(
            pegawai=person.pegawai,
            jabatan_target=target,
            tahun=ctx.tahun_rencana,
            catatan=t.NOMINATION_NOTE % {"j": target.nama},
        )
        for person, target in sorted(chosen, key=lambda c: c[0].pegawai.nip)
    ]
    NominasiSuksesi.objects.bulk_create(rows)
    return len(rows)


def _nomination_target(person: Person) -> Jabatan | None:
    """The head's post, for a PNS pengawas or senior expert (not a teacher) under an administrator or JPT."""
    slot, atasan = person.slot, person.pegawai.atasan
    if slot.jenis_asn != "PNS" or atasan is None or atasan.jabatan is None or atasan.jabatan.tingkat is None:
        return None
    senior = (slot.kepala and slot.tingkat_kode == "PENGAWAS") or (
        not slot.kepala and slot.tingkat_kode in ("JF_AHLI_MUDA", "JF_AHLI_MADYA") and slot.keluarga != "guru"
    )
    if not senior or atasan.jabatan.tingkat.kelompok not in ("ADMINISTRATOR", "JPT"):
        return None
    return atasan.jabatan
