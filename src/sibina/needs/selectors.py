"""Reads of the needs analysis for pages: needs per employee and unit, the heatmap, proposals, the JP ledger.

Summaries are computed by the database per work unit (a few aggregate queries) and rolled up in Python to the
rows a page shows: the OPDs of a city, or the sub-units of one OPD. An employee sits in exactly one unit, so
per-unit counts of distinct employees add up correctly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum

from sibina.competency.domain import skm_points_max
from sibina.competency.models import Kompetensi
from sibina.needs import ledger
from sibina.needs.domain import GAP, KINERJA, SUKSESI, USULAN, WAJIB, JpStatus, jp_status, jp_target
from sibina.needs.fetch import priority_weights
from sibina.needs.models import FaktorUnit, Kebutuhan, Usulan
from sibina.people.models import Instansi, Pegawai, RiwayatPengembangan, StatusPegawai, UnitKerja
from sibina.reference.domain import rules_date
from sibina.reference.selectors import KetentuanTable

SOURCES = (GAP, SUKSESI, KINERJA, USULAN, WAJIB)
COMPETENCY_SOURCES = (GAP, SUKSESI, USULAN)  # the sources that name a competency (heatmap columns)
HEAT_LEVELS = 5  # colour steps of a heatmap cell (display only)
JP_KODES = ledger.JP_KODES


# --- the unit rows of a page ---------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The rows of a page: the top-level units of an instansi, or one unit and its direct children."""

    instansi: Instansi
    root: UnitKerja | None
    groups: list[UnitKerja]  # row units, in tree order; with a root, the root itself comes first
    group_of: dict[int, int]  # unit id -> row unit id
    active: dict[int, int]  # row unit id -> active employees in it and below

    def unit_filter(self, prefix: str = "") -> Q:
        """Employees in scope; ``prefix`` reaches the employee from another model ("pegawai__")."""
        q = Q(**{f"{prefix}instansi": self.instansi})
        if self.root is not None:
            q &= Q(**{f"{prefix}unit__path__startswith": self.root.path})
        return q


def scope_for(*, instansi: Instansi, root: UnitKerja | None = None) -> Scope:
    """The units in scope, each mapped to the row it is counted in, and the rows' active employees (2 queries)."""
    units = UnitKerja.objects.filter(instansi=instansi).order_by("path")
    if root is not None:
        units = units.filter(path__startswith=root.path)
    groups: list[UnitKerja] = []
    group_of: dict[int, int] = {}
    depth = root.depth + 1 if root is not None else 0
    for u in units:
        ids = [int(part) for part in u.path.strip("/").split("/")]
        if root is not None and u.pk == root.pk:
            group_of[u.pk] = u.pk  # employees placed directly in the unit itself
            groups.insert(0, u)
            continue
        group_of[u.pk] = ids[depth]
        if len(ids) == depth + 1:
            groups.append(u)
    scope = Scope(instansi, root, groups, group_of, {})
    rows = (
        Pegawai.objects.filter(scope.unit_filter(), status=StatusPegawai.AKTIF)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for r in rows:
        key = group_of.get(r["unit_id"], 0)
        scope.active[key] = scope.active.get(key, 0) + r["n"]
    return scope


def _needs_in(scope: Scope, tahun: int) -> QuerySet[Kebutuhan]:
    return Kebutuhan.objects.filter(
        scope.unit_filter("pegawai__"), tahun=tahun, pegawai__status=StatusPegawai.AKTIF
    )


# --- needs summary per row ------------------------------------------------------------------------


@dataclass
class GroupNeeds:
    unit: UnitKerja | None  # None for the total row
    pegawai: int = 0  # active employees
    pegawai_dengan_kebutuhan: int = 0
    jumlah: int = 0  # needs
    per_sumber: dict[str, int] = field(default_factory=dict)
    total_prioritas: Decimal = Decimal(0)

    @property
    def rata_prioritas(self) -> Decimal | None:
        if not self.jumlah:
            return None
        return (self.total_prioritas / self.jumlah).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def sumber_counts(self) -> list[int]:
        """Counts in the order of :data:`SOURCES`, for a table row."""
        return [self.per_sumber.get(s, 0) for s in SOURCES]

    @property
    def persen_pegawai(self) -> int:
        return round(100 * self.pegawai_dengan_kebutuhan / self.pegawai) if self.pegawai else 0


@dataclass(frozen=True)
class NeedsSummary:
    scope: Scope
    tahun: int
    rows: list[GroupNeeds]
    total: GroupNeeds


def needs_summary(*, scope: Scope, tahun: int) -> NeedsSummary:
    """Per row unit: employees, employees with needs, needs by source and their mean priority (2 queries)."""
    active = scope.active
    by_group = {g.pk: GroupNeeds(g, pegawai=active.get(g.pk, 0)) for g in scope.groups}
    total = GroupNeeds(None, pegawai=sum(active.values()))
    needs = _needs_in(scope, tahun)
    for r in (
        needs.values("pegawai__unit_id", "sumber").annotate(n=Count("id"), p=Sum("prioritas")).order_by()
    ):
        for row in (by_group.get(scope.group_of.get(r["pegawai__unit_id"], 0)), total):
            if row is None:
                continue
            row.jumlah += r["n"]
            row.per_sumber[r["sumber"]] = row.per_sumber.get(r["sumber"], 0) + r["n"]
            row.total_prioritas += r["p"] or Decimal(0)
    for r in needs.values("pegawai__unit_id").annotate(e=Count("pegawai", distinct=True)).order_by():
        for row in (by_group.get(scope.group_of.get(r["pegawai__unit_id"], 0)), total):
            if row is not None:
                row.pegawai_dengan_kebutuhan += r["e"]
    return NeedsSummary(scope, tahun, list(by_group.values()), total)


# --- heatmap: row units × competencies ------------------------------------------------------------


@dataclass(frozen=True)
class HeatColumn:
    kompetensi_id: int
    kode: str
    nama: str
    kelompok: str


@dataclass(frozen=True)
class HeatCell:
    jumlah: int  # employees with a need for the competency
    total_gap: int
    kebutuhan: int  # needs behind the cell (one per employee for a single source)
    pegawai: int  # active employees of the row unit
    tingkat: int = 1  # colour 1–5, relative to the largest share in the same heatmap
    kompetensi: str = ""  # the column's name, for the cell's tooltip

    @property
    def rata_gap(self) -> Decimal:
        """Mean gap in levels of the needs in the cell."""
        return (Decimal(self.total_gap) / self.kebutuhan).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def porsi(self) -> Decimal:
        """Share of the row unit's employees with the need."""
        return Decimal(self.jumlah) / self.pegawai if self.pegawai else Decimal(1)

    @property
    def persen(self) -> int:
        return int((self.porsi * 100).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True)
class HeatRow:
    unit: UnitKerja
    langsung: bool  # the root unit's own employees (not its sub-units)
    pegawai: int
    cells: list[HeatCell | None]


@dataclass(frozen=True)
class Heatmap:
    sumber: str  # one of COMPETENCY_SOURCES, or "" for all of them
    columns: list[HeatColumn]
    rows: list[HeatRow]
    porsi_max: Decimal  # the largest share in the table: the darkest colour

    @property
    def persen_max(self) -> int:
        return int((self.porsi_max * 100).quantize(Decimal(1), ROUND_HALF_UP))


def heat_level(porsi: Decimal, porsi_max: Decimal) -> int:
    """Colour 1–5 of a cell: its share against the largest share in the table, so the units and
    competencies furthest behind stand out whatever the overall level (a cell exists only where someone has
    the need, so the lightest colour is 1)."""
    if porsi_max <= 0:
        return 1
    return max(1, min(HEAT_LEVELS, int((porsi * HEAT_LEVELS / porsi_max).to_integral_value(ROUND_CEILING))))


def heatmap(*, scope: Scope, tahun: int, sumber: str = GAP) -> Heatmap:
    """Employees with a need per row unit and competency, and the mean gap (1 query besides the scope)."""
    sources = [sumber] if sumber else list(COMPETENCY_SOURCES)
    active = scope.active
    cells: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    columns: dict[int, HeatColumn] = {}
    rows = (
        _needs_in(scope, tahun)
        .filter(sumber__in=sources, kompetensi__isnull=False)
        .values(
            "pegawai__unit_id",
            "kompetensi_id",
            "kompetensi__kode",
            "kompetensi__nama",
            "kompetensi__kelompok",
        )
        .annotate(e=Count("pegawai", distinct=True), g=Sum("gap"), n=Count("id"))
        .order_by()
    )
    for r in rows:
        k = r["kompetensi_id"]
        columns.setdefault(
            k, HeatColumn(k, r["kompetensi__kode"], r["kompetensi__nama"], r["kompetensi__kelompok"])
        )
        cell = cells[(scope.group_of.get(r["pegawai__unit_id"], 0), k)]
        cell[0] += r["e"]
        cell[1] += r["g"] or 0
        cell[2] += r["n"]
    order: dict[str, int] = {Kompetensi.Kelompok.MANAJERIAL: 0, Kompetensi.Kelompok.SOSIAL_KULTURAL: 1}
    cols = sorted(columns.values(), key=lambda c: (order.get(c.kelompok, 2), c.kode))
    raw_rows: list[tuple[UnitKerja, bool, int, list[HeatCell | None]]] = []
    for g in scope.groups:
        n = active.get(g.pk, 0)
        direct = scope.root is not None and g.pk == scope.root.pk
        row_cells: list[HeatCell | None] = []
        for c in cols:
            v = cells.get((g.pk, c.kompetensi_id))
            row_cells.append(HeatCell(v[0], v[1], v[2], n, kompetensi=c.nama) if v else None)
        if direct and not n and not any(row_cells):
            continue  # nobody sits in the OPD unit itself: no empty "directly" row
        raw_rows.append((g, direct, n, row_cells))
    porsi_max = max((c.porsi for *_, cs in raw_rows for c in cs if c), default=Decimal(0))
    heat_rows = [
        HeatRow(
            g,
            direct,
            n,
            [replace(c, tingkat=heat_level(c.porsi, porsi_max)) if c else None for c in cs],
        )
        for g, direct, n, cs in raw_rows
    ]
    return Heatmap(sumber, cols, heat_rows, porsi_max)


# --- needs lists ----------------------------------------------------------------------------------


def skm_unscored_points(*, tahun: int, instansi: Instansi | None = None) -> Decimal:
    """Points of 100 the SKM factor of the priority score would add at most for the plan year when it cannot be
    scored: no SKM shortfall of the year before is stored (``FaktorUnit`` SKM, written by evaluation). 0 when it
    is scored, or has no weight. Pages say so."""
    if (
        instansi is not None
        and FaktorUnit.objects.filter(instansi=instansi, tahun=tahun - 1, jenis=FaktorUnit.Jenis.SKM).exists()
    ):
        return Decimal(0)
    return skm_points_max(priority_weights(on=rules_date(tahun)))


PERLU_ASESMEN = "PERLU_ASESMEN"  # the needs-list filter: competency needs whose current level is unknown


def kebutuhan_list(*, scope: Scope, tahun: int, sumber: str = "") -> QuerySet[Kebutuhan]:
    """Needs in scope, highest priority first (for a paginated list); ``sumber`` is a source or
    :data:`PERLU_ASESMEN` (needs waiting for an assessment, see ``needs.domain.needs_assessment``)."""
    rows = _needs_in(scope, tahun).select_related("pegawai", "pegawai__unit", "kompetensi", "jabatan_target")
    if sumber == PERLU_ASESMEN:
        rows = rows.filter(kompetensi__isnull=False, level_saat_ini__isnull=True)
    elif sumber:
        rows = rows.filter(sumber=sumber)
    return rows.order_by("-prioritas", "pegawai__nama", "id")


def kebutuhan_pegawai(*, pegawai: Pegawai, tahun: int) -> list[Kebutuhan]:
    return list(
        Kebutuhan.objects.filter(pegawai=pegawai, tahun=tahun)
        .select_related("kompetensi", "jabatan_target", "usulan")
        .order_by("-prioritas", "sumber", "id")
    )


# --- proposals --------------------------------------------------------------------------------------


def usulan_inbox_atasan(*, atasan: Pegawai, within: Q | None = None) -> QuerySet[Usulan]:
    """Proposals of the supervisor's direct subordinates (those ``within``, a filter on Usulan) waiting for their
    decision."""
    rows = Usulan.objects.filter(pegawai__atasan=atasan, status=Usulan.Status.DIAJUKAN)
    return (
        rows.filter(within if within is not None else Q())
        .select_related("pegawai", "pegawai__unit", "kompetensi", "diajukan_oleh")
        .order_by("created_at", "id")
    )


def usulan_inbox_bkpsdm(*, instansi: Instansi | None = None) -> QuerySet[Usulan]:
    """Proposals endorsed by a supervisor, waiting for BKPSDM's verification."""
    rows = Usulan.objects.filter(status=Usulan.Status.DISETUJUI_ATASAN)
    if instansi is not None:
        rows = rows.filter(pegawai__instansi=instansi)
    return rows.select_related("pegawai", "pegawai__unit", "pegawai__atasan", "kompetensi").order_by(
        "updated_at", "id"
    )


def usulan_of(*, pegawai: Pegawai) -> QuerySet[Usulan]:
    return Usulan.objects.filter(pegawai=pegawai).select_related("kompetensi").order_by("-created_at", "-id")


def usulan_by_submitter(*, user_id: int) -> QuerySet[Usulan]:
    """Proposals a user submitted (for themselves or for a subordinate)."""
    return (
        Usulan.objects.filter(diajukan_oleh_id=user_id)
        .select_related("pegawai", "kompetensi")
        .order_by("-created_at", "-id")
    )


# --- the JP ledger ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class JpYear:
    """One year of an employee's JP against their target: the minimum (PNS/CPNS) or the maximum (PPPK)."""

    tahun: int
    status: JpStatus
    batas: Decimal  # the limit that applies (JP_MIN_PNS, or JP_MAX_PPPK for PPPK)
    pppk: bool

    @property
    def persen(self) -> int:
        """Width of the progress bar (capped at 100; an overrun is shown by its colour and label)."""
        if not self.batas:
            return 100
        return min(100, int((self.status.jp * 100 / self.batas).quantize(Decimal(1), ROUND_HALF_UP)))


def jp_year(jenis_asn: str, tahun: int, jp: Decimal, jp_teknis: Decimal, *, table: KetentuanTable) -> JpYear:
    """One year of one employee against the rule of that year (``reference.domain.rules_date``; ``table`` holds
    JP_KODES)."""
    on = rules_date(tahun)
    limits = ledger.jp_limits(on=on, table=table)
    target = jp_target(jenis_asn, limits)
    status = jp_status(
        jenis_asn, jp, jp_teknis, limits=limits, jp_teknis_min=table.value("IP_ASN_JP_TEKNIS", on=on)
    )
    return JpYear(tahun, status, target.batas, target.pppk)


def jp_progress(
    *,
    pegawai: Pegawai,
    years: list[int],
    table: KetentuanTable | None = None,
    totals: dict[int, tuple[Decimal, Decimal]] | None = None,
) -> list[JpYear]:
    """JP per year for one employee, newest first.

    2 queries; none for what the caller already has: ``table`` (holding JP_KODES) and ``totals`` (year ->
    (all JP, technical JP), e.g. summed from the records a profile page shows anyway).
    """
    sums = totals if totals is not None else jp_year_totals(pegawai=pegawai, years=years)
    table = table or KetentuanTable(JP_KODES)
    zero = (Decimal(0), Decimal(0))
    return [
        jp_year(pegawai.jenis_asn, tahun, *sums.get(tahun, zero), table=table)
        for tahun in sorted(years, reverse=True)
    ]


def jp_year_totals(*, pegawai: Pegawai, years: list[int]) -> dict[int, tuple[Decimal, Decimal]]:
    """year -> (all JP, technical JP) of one employee."""
    return {
        r["tahun"]: (r["total"] or Decimal(0), r["teknis"] or Decimal(0))
        for r in RiwayatPengembangan.objects.filter(pegawai=pegawai, tahun__in=years)
        .values("tahun")
        .annotate(total=Sum("jp"), teknis=Sum("jp", filter=Q(bentuk__teknis=True)))
        .order_by()
    }


@dataclass(frozen=True)
class OpdRate:
    unit: UnitKerja
    rate: ledger.Rate
    pegawai: int
    ip_asn_teknis: int  # employees with at least the IP ASN threshold of technical JP


@dataclass(frozen=True)
class LedgerOverview:
    tahun: int
    city: ledger.Rate
    pegawai: int
    ip_asn_teknis: int
    opd: list[OpdRate]
    rows: list[ledger.LedgerRow]
    top_units: dict[int, int]

    @property
    def pppk_kalender(self) -> int:
        """PPPK without contract dates: their maximum is judged per calendar year instead of contract year."""
        return sum(r.kalender for r in self.rows)


def jp_overview(*, instansi: Instansi, tahun: int, opd: UnitKerja | None = None) -> LedgerOverview:
    """The city's JP ledger for a year: % of PNS/CPNS at 20 JP, per top-level unit and overall; with ``opd`` (a
    top-level unit), that OPD's alone."""
    rows = ledger.ledger(instansi=instansi, tahun=tahun, unit=opd)
    top = ledger.top_unit_map(instansi=instansi)
    rates = ledger.rates(rows, top_units=top)
    empty = ledger.Rate(None, 0, 0, 0)
    per_top: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        c = per_top[top.get(r.unit_id, 0)]
        c[0] += 1
        c[1] += r.status.ip_asn_teknis
    roots = UnitKerja.objects.filter(instansi=instansi, parent__isnull=True).order_by("id")
    if opd is not None:
        roots = roots.filter(pk=opd.pk)
    opd_rates = [OpdRate(u, rates.get(u.pk, empty), per_top[u.pk][0], per_top[u.pk][1]) for u in roots]
    return LedgerOverview(
        tahun,
        rates.get(None, empty),
        len(rows),
        sum(r.status.ip_asn_teknis for r in rows),
        opd_rates,
        rows,
        top,
    )


JP_LIST_STATUSES = ("KURANG", "MELEBIHI")


def jp_rows(overview: LedgerOverview, *, status: str, opd_id: int | None = None) -> list[ledger.LedgerRow]:
    """PNS/CPNS below the minimum (KURANG) or PPPK above the maximum (MELEBIHI), furthest off first."""
    picked = [
        r
        for r in overview.rows
        if r.status.status == status and (opd_id is None or overview.top_units.get(r.unit_id) == opd_id)
    ]
    key = (
        (lambda r: (-r.status.kekurangan, r.pegawai_id))
        if status == "KURANG"
        else (lambda r: (-r.status.kelebihan, r.pegawai_id))
    )
    return sorted(picked, key=key)


def pegawai_for(ids: list[int]) -> dict[int, Pegawai]:
    """The employees of one page of a list (a page is small, so the id list stays short)."""
    return Pegawai.objects.select_related("unit", "jabatan").in_bulk(ids)
