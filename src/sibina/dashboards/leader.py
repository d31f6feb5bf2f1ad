"""Reads for the leaders' pages: a team's dashboard (JP progress, gaps, plan status, who has not started) and
leaders' engagement per OPD (reviews on time, coaching held). Read-only; every figure comes from the records
the earlier stages stored (ledger, needs, plan, approval, coaching)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from sibina.approvals.models import Persetujuan, ReviewOpd
from sibina.coaching import domain
from sibina.coaching.models import PenugasanPembimbing, SesiBimbingan
from sibina.delivery.commitment import figures_by_opd, figures_of
from sibina.delivery.commitment_domain import Figures
from sibina.needs.domain import GAP, SUKSESI
from sibina.needs.ledger import jp_totals, top_unit_map
from sibina.needs.models import Kebutuhan
from sibina.needs.selectors import JP_KODES, JpYear, jp_year
from sibina.people.models import Instansi, Pegawai, RiwayatPengembangan, StatusPegawai, UnitKerja
from sibina.people.scope import opd_of
from sibina.planning.models import Plan, PlanItem
from sibina.reference.selectors import KetentuanTable

ZERO = Decimal(0)
TOP_GAPS = 8


# --- whose dashboard -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Team:
    """The people a leader's dashboard is about: a unit's subtree (an OPD, or part of one), or a supervisor's
    direct subordinates."""

    instansi: Instansi
    opd: UnitKerja | None = None
    atasan: Pegawai | None = None

    def people(self) -> QuerySet[Pegawai]:
        rows = Pegawai.objects.filter(instansi=self.instansi, status=StatusPegawai.AKTIF)
        if self.opd is not None:
            return rows.filter(unit__path__startswith=self.opd.path)
        if self.atasan is not None:
            return rows.filter(atasan=self.atasan)
        return rows.none()


# --- JP progress ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonJp:
    pegawai: Pegawai
    jp: JpYear


@dataclass(frozen=True)
class JpSummary:
    tahun: int
    rows: list[PersonJp]  # furthest behind first
    wajib: int  # PNS/CPNS held to the minimum
    tercapai: int
    pppk: int
    pppk_melebihi: int

    @property
    def persen(self) -> int:
        return round(100 * self.tercapai / self.wajib) if self.wajib else 0


def jp_summary(*, team: Team, tahun: int) -> JpSummary:
    """Each team member's JP of the year against their target (the PNS/CPNS minimum, the PPPK maximum)."""
    people = list(team.people().select_related("unit", "jabatan").order_by("nama", "nip"))
    totals = jp_totals(pegawai_ids=[p.pk for p in people], tahun=tahun)
    table = KetentuanTable(JP_KODES)
    rows = [
        PersonJp(p, jp_year(p.jenis_asn, tahun, *totals.get(p.pk, (ZERO, ZERO)), table=table)) for p in people
    ]
    rows.sort(key=lambda r: (r.jp.pppk, -r.jp.status.kekurangan, -r.jp.status.kelebihan, r.pegawai.nama))
    wajib = [r for r in rows if not r.jp.pppk]
    return JpSummary(
        tahun=tahun,
        rows=rows,
        wajib=len(wajib),
        tercapai=sum(r.jp.status.status == "TERCAPAI" for r in wajib),
        pppk=len(rows) - len(wajib),
        pppk_melebihi=sum(r.jp.status.status == "MELEBIHI" for r in rows),
    )


# --- competency gaps --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GapRow:
    kode: str
    nama: str
    pegawai: int  # employees with the gap
    total_gap: int  # levels missing, summed

    @property
    def rata(self) -> Decimal:
        return (Decimal(self.total_gap) / self.pegawai).quantize(Decimal("0.1")) if self.pegawai else ZERO


def top_gaps(*, team: Team, tahun: int, limit: int = TOP_GAPS) -> list[GapRow]:
    """The competencies with the most levels missing in the team (current and next position), for the plan year."""
    rows = (
        Kebutuhan.objects.filter(
            pegawai__in=team.people(),
            tahun=tahun,
            sumber__in=(GAP, SUKSESI),
            kompetensi__isnull=False,
            gap__gt=0,
        )
        .values("kompetensi__kode", "kompetensi__nama")
        .annotate(e=Count("pegawai", distinct=True), g=Sum("gap"))
        .order_by("-g", "-e", "kompetensi__kode")[:limit]
    )
    return [GapRow(r["kompetensi__kode"], r["kompetensi__nama"], r["e"], r["g"] or 0) for r in rows]


# --- plan status -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanStatus:
    tahun: int
    plan: Plan | None
    persetujuan: Persetujuan | None
    review: ReviewOpd | None
    ketepatan: domain.Ketepatan | None
    items: int = 0
    pegawai: int = 0  # team members with at least one planned activity
    jp: Decimal = ZERO
    biaya: Decimal = ZERO


def current_approval(*, instansi: Instansi, tahun: int) -> Persetujuan | None:
    """The approval in force or under way for a plan year (a replaced version is history)."""
    return (
        Persetujuan.objects.filter(cycle__instansi=instansi, cycle__tahun=tahun)
        .exclude(tahap=Persetujuan.Tahap.DIGANTI)
        .select_related("plan", "cycle")
        .order_by("-versi")
        .first()
    )


def plan_status(*, team: Team, tahun: int, today: dt.date | None = None) -> PlanStatus:
    """The team's part of the plan under approval for ``tahun`` (else of the latest base plan) and its review."""
    persetujuan = current_approval(instansi=team.instansi, tahun=tahun)
    plan = (
        persetujuan.plan
        if persetujuan is not None
        else Plan.objects.filter(cycle__instansi=team.instansi, cycle__tahun=tahun, skenario__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )
    review = None
    ketepatan = None
    if persetujuan is not None and team.opd is not None:
        review = ReviewOpd.objects.filter(persetujuan=persetujuan, unit=opd_of(team.opd)).first()
    if review is not None:
        ketepatan = domain.review_timeliness(
            batas=review.batas,
            diputuskan=_local_date(review.diputuskan_pada)
            if review.status != ReviewOpd.Status.MENUNGGU
            else None,
            today=today or timezone.localdate(),
        )
    if plan is None:
        return PlanStatus(tahun, None, persetujuan, review, ketepatan)
    agg = PlanItem.objects.filter(plan=plan, pegawai__in=team.people()).aggregate(
        n=Count("id"), e=Count("pegawai", distinct=True), jp=Sum("jp"), biaya=Sum("biaya")
    )
    return PlanStatus(
        tahun,
        plan,
        persetujuan,
        review,
        ketepatan,
        items=agg["n"] or 0,
        pegawai=agg["e"] or 0,
        jp=agg["jp"] or ZERO,
        biaya=agg["biaya"] or ZERO,
    )


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


# --- who has not started ----------------------------------------------------------------------------------


def not_started(*, team: Team, tahun: int) -> QuerySet[Pegawai]:
    """Team members with no development record at all in ``tahun`` (coaching sessions included)."""
    started = RiwayatPengembangan.objects.filter(pegawai=OuterRef("pk"), tahun=tahun)
    return team.people().exclude(Exists(started)).select_related("unit", "jabatan").order_by("nama", "nip")


# --- commitment of the team ------------------------------------------------------------------------------


def commitment(*, team: Team, tahun: int) -> Figures:
    """The team's commitment in ``tahun`` (acceptance, attendance, completion, no-shows, time to answer): an OPD's
    subtree, or a supervisor's direct subordinates."""
    if team.opd is not None:
        return figures_by_opd(instansi=team.instansi, tahun=tahun, opd=team.opd)[1]
    return figures_of(where=Q(pegawai__instansi=team.instansi, pegawai__atasan=team.atasan), tahun=tahun)


# --- leaders' engagement per OPD ----------------------------------------------------------------------------


@dataclass
class Engagement:
    """One OPD's leaders: their plan reviews against the deadline, and the coaching they gave (by the coach's
    OPD, whoever the learner is)."""

    unit: UnitKerja
    reviews: Counter[str] = field(default_factory=Counter)  # Ketepatan -> reviews
    penugasan_aktif: int = 0
    pembimbing: int = 0  # distinct coaches/mentors with a session in the year
    sesi: int = 0
    sesi_dihitung: int = 0
    jp: Decimal = ZERO

    @property
    def reviews_total(self) -> int:
        return sum(self.reviews.values())

    def count(self, ketepatan: str) -> int:
        return self.reviews[ketepatan]


def engagement(
    *, instansi: Instansi, tahun: int, opd: UnitKerja | None = None, today: dt.date | None = None
) -> list[Engagement]:
    """Per OPD (or only ``opd``): reviews of the plan prepared during ``tahun`` (the cycle of ``tahun`` + 1)
    by their deadline, and coaching sessions held in ``tahun``."""
    today = today or timezone.localdate()
    units = UnitKerja.objects.filter(instansi=instansi, parent__isnull=True).order_by("nama")
    if opd is not None:
        units = units.filter(pk=opd.pk)
    rows = {u.pk: Engagement(u) for u in units}
    _add_reviews(rows, instansi=instansi, tahun=tahun, today=today)
    _add_coaching(rows, instansi=instansi, tahun=tahun)
    return list(rows.values())


def _add_reviews(rows: dict[int, Engagement], *, instansi: Instansi, tahun: int, today: dt.date) -> None:
    reviews = (
        ReviewOpd.objects.filter(
            persetujuan__cycle__instansi=instansi, persetujuan__cycle__tahun=tahun + 1, unit_id__in=list(rows)
        )
        .exclude(persetujuan__tahap=Persetujuan.Tahap.DIGANTI)
        .values_list("unit_id", "status", "batas", "diputuskan_pada")
    )
    for unit_id, status, batas, diputuskan_pada in reviews:
        decided = _local_date(diputuskan_pada) if status != ReviewOpd.Status.MENUNGGU else None
        rows[unit_id].reviews[domain.review_timeliness(batas=batas, diputuskan=decided, today=today)] += 1


def _add_coaching(rows: dict[int, Engagement], *, instansi: Instansi, tahun: int) -> None:
    # Counted where the coach or mentor works: this is the engagement of that OPD's leaders.
    top = top_unit_map(instansi=instansi)
    for unit_id, n in (
        PenugasanPembimbing.objects.filter(pembimbing__instansi=instansi, aktif=True)
        .values("pembimbing__unit_id")
        .annotate(n=Count("id"))
        .values_list("pembimbing__unit_id", "n")
    ):
        if (row := rows.get(top.get(unit_id, 0))) is not None:
            row.penugasan_aktif += n
    coaches: dict[int, set[int]] = defaultdict(set)
    for unit_id, pembimbing_id, n, counted, jp in (
        SesiBimbingan.objects.filter(penugasan__pembimbing__instansi=instansi, tanggal__year=tahun)
        .values("penugasan__pembimbing__unit_id", "penugasan__pembimbing_id")
        .annotate(n=Count("id"), c=Count("id", filter=Q(dihitung=True)), jp=Sum("jp"))
        .values_list("penugasan__pembimbing__unit_id", "penugasan__pembimbing_id", "n", "c", "jp")
    ):
        top_id = top.get(unit_id, 0)
        if (row := rows.get(top_id)) is None:
            continue
        row.sesi += n
        row.sesi_dihitung += counted
        row.jp += jp or ZERO
        coaches[top_id].add(pembimbing_id)
    for top_id, ids in coaches.items():
        rows[top_id].pembimbing = len(ids)
