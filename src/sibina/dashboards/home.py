"""The figures of a home page after its tasks, per role: an employee's own year (JP, plan, proposals, history), a
supervisor's team (their JP), a Kepala OPD's OPD (JP reached per unit). BKPSDM's city figures are the people
counts the home page has always shown. Read-only; each function is a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sibina.dashboards.leader import JpSummary, Team, current_approval, jp_summary
from sibina.needs.models import Usulan
from sibina.needs.selectors import JP_KODES, JpYear, jp_year, jp_year_totals
from sibina.people.models import Pegawai, UnitKerja
from sibina.people.selectors import RiwayatTahun, riwayat_per_tahun
from sibina.planning.models import Plan, PlanItem
from sibina.reference.selectors import KetentuanTable

HISTORY_YEARS = 3
PROPOSALS_SHOWN = 10
ZERO = Decimal(0)


@dataclass(frozen=True)
class OwnYear:
    """An employee's own figures: JP of the year, their part of the plan year's plan, proposals, history."""

    pegawai: Pegawai
    jp: JpYear
    plan_tahun: int
    plan: Plan | None
    plan_items: list[PlanItem]
    usulan: list[Usulan]
    riwayat: list[RiwayatTahun]


def plan_of_year(pegawai: Pegawai, tahun: int) -> Plan | None:
    """The plan under approval (or set) for the year, else the latest base plan."""
    approval = current_approval(instansi=pegawai.instansi, tahun=tahun)
    if approval is not None:
        return approval.plan
    return (
        Plan.objects.filter(cycle__instansi_id=pegawai.instansi_id, cycle__tahun=tahun, skenario__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )


def own_year(*, pegawai: Pegawai, tahun: int, plan_tahun: int) -> OwnYear:
    totals = jp_year_totals(pegawai=pegawai, years=[tahun])
    jp = jp_year(pegawai.jenis_asn, tahun, *totals.get(tahun, (ZERO, ZERO)), table=KetentuanTable(JP_KODES))
    plan = plan_of_year(pegawai, plan_tahun)
    items = (
        list(
            PlanItem.objects.filter(plan=plan, pegawai=pegawai)
            .select_related("kegiatan")
            .order_by("triwulan", "kegiatan__judul")
        )
        if plan is not None
        else []
    )
    usulan = list(
        Usulan.objects.filter(pegawai=pegawai)
        .select_related("kompetensi")
        .order_by("-created_at", "-id")[:PROPOSALS_SHOWN]
    )
    return OwnYear(
        pegawai=pegawai,
        jp=jp,
        plan_tahun=plan_tahun,
        plan=plan,
        plan_items=items,
        usulan=usulan,
        riwayat=riwayat_per_tahun(pegawai=pegawai)[:HISTORY_YEARS],
    )


def team_jp(*, atasan: Pegawai, tahun: int) -> JpSummary:
    """The supervisor's direct subordinates, furthest behind first."""
    return jp_summary(team=Team(atasan.instansi, atasan=atasan), tahun=tahun)


@dataclass(frozen=True)
class UnitJp:
    """One unit of an OPD: its PNS/CPNS held to the JP minimum and how many reached it this year."""

    unit: UnitKerja
    wajib: int
    tercapai: int

    @property
    def persen(self) -> int:
        return round(100 * self.tercapai / self.wajib) if self.wajib else 0


def opd_jp(*, opd: UnitKerja, tahun: int) -> tuple[JpSummary, list[UnitJp]]:
    """The OPD's JP summary and, per unit directly under it (the OPD's own staff as the OPD itself), how many
    reached the minimum: the chart of the Kepala OPD's home, lowest share first."""
    summary = jp_summary(team=Team(opd.instansi, opd=opd), tahun=tahun)
    children = {u.pk: u for u in UnitKerja.objects.filter(parent=opd)}
    by_unit: dict[int, list[int]] = {}
    for row in summary.rows:
        if row.jp.pppk:
            continue
        path = row.pegawai.unit.path[len(opd.path) :].strip("/")
        head = int(path.split("/")[0]) if path else opd.pk
        counts = by_unit.setdefault(head if head in children else opd.pk, [0, 0])
        counts[0] += 1
        counts[1] += row.jp.status.status == "TERCAPAI"
    units = [
        UnitJp(children.get(pk, opd), wajib, tercapai) for pk, (wajib, tercapai) in by_unit.items() if wajib
    ]
    units.sort(key=lambda u: (u.persen, u.unit.nama))
    return summary, units
