"""Money of delivery: what the decreed plan set aside, what each class actually cost, and the absorption (realised
against planned) per funding source and per OPD per quarter.

One charging rule, the planner's (``planning.builder._activity``, ``planning.selectors.figures``): a participant's
seat is paid from the activity's source — the DPA BKPSDM, or the DPA of the participant's own OPD for an
OPD-funded activity — and a class's fixed cost from the DPA BKPSDM (a class is shared by OPDs). A class's actual
cost is one amount entered by BKPSDM; it is split over the class's planned charges in proportion
(``domain.split_cost``), so the realised money lands on the same sources and OPDs as the planned money.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from sibina.approvals.selectors import cycle_decree
from sibina.audit.services import audit_record
from sibina.catalogue.models import Kegiatan
from sibina.delivery import domain
from sibina.delivery.models import LIVE, Kelas, Peserta
from sibina.formats import quarter_label
from sibina.optimiser import opd_source
from sibina.people.models import UnitKerja
from sibina.people.scope import require_actor_instansi
from sibina.planning.models import Anggaran, Plan, PlanCycle, PlanItem
from sibina.planning.selectors.runs import budget_factor
from sibina.roles import Role, role_of
from sibina.versioning import claim

ZERO = Decimal(0)
BKPSDM = "BKPSDM"
TOTAL = "TOTAL"
BIAYA_MAKS = Decimal(10) ** 13  # Rp 10 trillion: a data-entry bound of the column, no regulation


@dataclass(frozen=True)
class Charge:
    """Money charged to one budget source for people of one OPD (None: a class's fixed cost, shared)."""

    sumber: str  # "BKPSDM" or opd_source(<OPD code>)
    opd_id: int | None
    triwulan: int | None
    biaya: Decimal


@dataclass(frozen=True)
class Opds:
    """The agency's OPDs: unit id -> its top-level unit's id, and OPD id -> (code, name)."""

    of_unit: dict[int, int]
    names: dict[int, tuple[str, str]]

    def source(self, kegiatan: Kegiatan, unit_id: int | None) -> tuple[str, int | None]:
        """The source a seat of ``kegiatan`` is paid from for a person of ``unit_id``, and that person's OPD."""
        opd_id = self.of_unit.get(unit_id) if unit_id is not None else None
        if kegiatan.sumber_dana == Kegiatan.SumberDana.OPD:
            code = self.names.get(opd_id, ("", ""))[0] if opd_id is not None else ""
            return opd_source(code), opd_id
        return BKPSDM, opd_id


def opds_of(instansi_id: int) -> Opds:
    """The agency's OPDs (one query)."""
    units = list(
        UnitKerja.objects.filter(instansi_id=instansi_id).values_list(
            "id", "path", "kode", "nama", "parent_id"
        )
    )
    return Opds(
        of_unit={uid: int(path.strip("/").split("/")[0]) for uid, path, _k, _n, _p in units},
        names={uid: (kode, nama) for uid, _path, kode, nama, parent in units if parent is None},
    )


# --- what the decreed plan set aside -----------------------------------------------------------------------------


def planned_charges(*, plan_id: int, opds: Opds) -> list[Charge]:
    """The plan's money: every seat on its activity's source in its planned quarter, and every planned class's
    fixed cost on the DPA BKPSDM in the quarter of that class (2 queries)."""
    rows = list(
        PlanItem.objects.filter(plan_id=plan_id)
        .values_list("kegiatan_id", "kelas", "triwulan", "biaya", "pegawai__unit_id")
        .order_by()
    )
    kegiatan = Kegiatan.objects.only("id", "sumber_dana", "biaya_per_kelas").in_bulk({r[0] for r in rows})
    out: list[Charge] = []
    classes: dict[tuple[int, int], int | None] = {}
    for kegiatan_id, kelas, triwulan, biaya, unit_id in rows:
        sumber, opd_id = opds.source(kegiatan[kegiatan_id], unit_id)
        out.append(Charge(sumber, opd_id, triwulan, biaya))
        classes.setdefault((kegiatan_id, kelas), triwulan)
    out += [
        Charge(BKPSDM, None, triwulan, kegiatan[kid].biaya_per_kelas)
        for (kid, _kelas), triwulan in classes.items()
        if kegiatan[kid].biaya_per_kelas
    ]
    return out


def ceilings(*, plan: Plan) -> dict[str, Decimal]:
    """Source key -> ceiling of the plan's cycle (rupiah, scaled by the plan's scenario factor, as the optimiser
    saw it); "TOTAL" when a total ceiling is set. A source without a line has none (the optimiser: zero)."""
    factor = budget_factor(plan.skenario)
    out: dict[str, Decimal] = {}
    for a in Anggaran.objects.filter(cycle_id=plan.cycle_id).select_related("unit"):
        batas = (a.batas * factor).quantize(Decimal(1))
        if a.sumber == Anggaran.Sumber.BKPSDM:
            out[BKPSDM] = batas
        elif a.sumber == Anggaran.Sumber.TOTAL:
            out[TOTAL] = batas
        elif a.unit is not None:
            out[opd_source(a.unit.kode)] = batas
    return out


# --- one class -------------------------------------------------------------------------------------------------


def seat_cost(peserta: Peserta, kegiatan: Kegiatan) -> Decimal:
    """A participant's seat: the planned item's cost, or the catalogue's for someone not planned (a substitute)."""
    if peserta.plan_item_id is not None and peserta.plan_item is not None:
        return peserta.plan_item.biaya
    return kegiatan.biaya_per_peserta


def holds_seat(peserta: Peserta) -> bool:
    """Still in the class, or completed it: the seat is used."""
    return peserta.status in LIVE or peserta.hasil == Peserta.Hasil.SELESAI


def class_charges(kelas: Kelas, *, opds: Opds | None = None) -> list[Charge]:
    """The planned cost of the class as it stands: its fixed cost (DPA BKPSDM) and the seat of everyone holding
    one (moved, declined and cancelled enrolments hold none)."""
    rows = kelas.peserta.select_related("plan_item", "pegawai").order_by("pk")
    return _charges(kelas, list(rows), opds or opds_of(kelas.instansi_id))


def _charges(kelas: Kelas, peserta: Sequence[Peserta], opds: Opds) -> list[Charge]:
    kegiatan = kelas.kegiatan
    triwulan = domain.quarter_of(kelas.mulai)
    out = [Charge(BKPSDM, None, triwulan, kegiatan.biaya_per_kelas)] if kegiatan.biaya_per_kelas else []
    for p in peserta:
        if holds_seat(p):
            sumber, opd_id = opds.source(kegiatan, p.pegawai.unit_id)
            out.append(Charge(sumber, opd_id, triwulan, seat_cost(p, kegiatan)))
    return out


def realised_charges(kelas: Kelas, planned: Sequence[Charge]) -> list[Charge]:
    """The class's actual cost split over its planned charges in proportion (whole rupiah, adding up exactly);
    none before the actual cost is entered. A free class that cost money is split evenly over its seats (its
    fixed cost line when it has no one)."""
    if kelas.biaya_realisasi is None:
        return []
    parts = list(planned) or [Charge(BKPSDM, None, domain.quarter_of(kelas.mulai), ZERO)]
    shares = domain.split_cost(kelas.biaya_realisasi, [c.biaya for c in parts])
    return [Charge(c.sumber, c.opd_id, c.triwulan, s) for c, s in zip(parts, shares, strict=True)]


def kelas_cost_summary(kelas: Kelas) -> tuple[Decimal, Decimal | None]:
    """(planned cost of the class's participants and fixed cost, actual cost or None)."""
    return sum((c.biaya for c in class_charges(kelas)), ZERO), kelas.biaya_realisasi


@transaction.atomic
def kelas_cost(*, kelas: Kelas, biaya: Decimal | None, by: User, version: int) -> Kelas:
    """BKPSDM enters (or corrects, or clears with None) what the class actually cost, in whole rupiah."""
    require_actor_instansi(by, kelas.instansi_id)
    if role_of(by) != Role.BKPSDM:
        raise PermissionDenied(_("Only BKPSDM may enter the actual cost of a class."))
    with claim(kelas, seen=version):
        if biaya is not None and (biaya < 0 or biaya != biaya.to_integral_value() or biaya >= BIAYA_MAKS):
            raise ValidationError({"biaya": _("Write the actual cost in whole rupiah (0 or more).")})
        before = {"biaya_realisasi": kelas.biaya_realisasi, "version": version}
        kelas.biaya_realisasi = biaya
        kelas.save(update_fields=["biaya_realisasi"])
        audit_record(
            by=by,
            action="delivery.class.cost",
            obj=kelas,
            before=before,
            after={"biaya_realisasi": biaya, "version": kelas.version},
            label=str(kelas),
        )
        return kelas


# --- absorption ---------------------------------------------------------------------------------------------------

QUARTERS = (1, 2, 3, 4)


@dataclass
class Cell:
    rencana: Decimal = ZERO
    realisasi: Decimal = ZERO

    @property
    def persen(self) -> Decimal | None:
        if not self.rencana:
            return None
        return (self.realisasi * 100 / self.rencana).quantize(Decimal("0.1"))


@dataclass
class Line:
    """One row of the absorption: a source or an OPD, by quarter (None: unscheduled) and for the year."""

    key: str
    label: str
    quarters: dict[int | None, Cell]
    total: Cell

    def cells(self) -> list[Cell]:
        return [self.quarters.get(q, Cell()) for q in QUARTERS]

    @property
    def unscheduled(self) -> Cell:
        return self.quarters.get(None, Cell())


@dataclass(frozen=True)
class Absorption:
    cycle: PlanCycle
    sumber: list[Line]  # per funding source
    opd: list[Line]  # per OPD of the participants (a last line for the classes' shared fixed costs)
    total: Line
    kelas_tercatat: int  # classes with an actual cost entered
    kelas_dibuka: int  # classes of the year (any status)


def absorption(*, cycle: PlanCycle, opd_id: int | None = None) -> Absorption | None:
    """Planned (the decree in force) against realised (actual costs of the year's classes) per source and per OPD
    per quarter; ``opd_id``: only the part of that OPD's people (a Kepala OPD). None without a decree."""
    decree = cycle_decree(cycle_id=cycle.pk)
    if decree is None:
        return None
    opds = opds_of(cycle.instansi_id)
    planned = planned_charges(plan_id=decree.plan_id, opds=opds)
    realised: list[Charge] = []
    enrolments = Peserta.objects.select_related("plan_item", "pegawai").order_by("pk")
    classes = list(
        Kelas.objects.filter(cycle=cycle)
        .select_related("kegiatan")
        .prefetch_related(Prefetch("peserta", queryset=enrolments))
    )
    for kelas in classes:
        if kelas.biaya_realisasi is not None:
            realised += realised_charges(kelas, _charges(kelas, list(kelas.peserta.all()), opds))
    if opd_id is not None:
        planned = [c for c in planned if c.opd_id == opd_id]
        realised = [c for c in realised if c.opd_id == opd_id]
    names = {k: v[1] for k, v in opds.names.items()}
    by_code = {code: nama for code, nama in opds.names.values()}

    def source_label(key: str) -> str:
        if key == BKPSDM:
            return _("DPA BKPSDM")
        code = key.removeprefix("opd:")
        return _("DPA %(opd)s") % {"opd": by_code.get(code, code)}

    def opd_label(key: str) -> str:
        return names.get(int(key), key) if key else _("Classes' fixed costs (shared)")

    sumber = _lines(planned, realised, lambda c: c.sumber, source_label)
    sumber.sort(key=lambda line: (line.key != BKPSDM, line.label))
    opd = _lines(planned, realised, lambda c: str(c.opd_id) if c.opd_id is not None else "", opd_label)
    opd.sort(key=lambda line: (line.key == "", line.label))
    total = _lines(planned, realised, lambda c: TOTAL, lambda _k: _("Total"))
    return Absorption(
        cycle=cycle,
        sumber=sumber,
        opd=opd,
        total=total[0] if total else Line(TOTAL, _("Total"), {}, Cell()),
        kelas_tercatat=sum(1 for k in classes if k.biaya_realisasi is not None),
        kelas_dibuka=len(classes),
    )


def _lines(
    planned: Iterable[Charge],
    realised: Iterable[Charge],
    key: Callable[[Charge], str],
    label: Callable[[str], str],
) -> list[Line]:
    cells: dict[str, dict[int | None, Cell]] = defaultdict(lambda: defaultdict(Cell))
    for c in planned:
        cells[key(c)][c.triwulan].rencana += c.biaya
    for c in realised:
        cells[key(c)][c.triwulan].realisasi += c.biaya
    out = []
    for k, quarters in cells.items():
        total = Cell(
            sum((x.rencana for x in quarters.values()), ZERO),
            sum((x.realisasi for x in quarters.values()), ZERO),
        )
        out.append(Line(k, label(k), dict(quarters), total))
    return out


def sheet_rows(data: Absorption) -> list[list[object]]:
    """The absorption as rows for a CSV/XLSX (``sibina.sheets``): one per line and quarter, then the year."""
    rows: list[list[object]] = []
    for kind, lines in ((_("Funding source"), data.sumber), (_("OPD"), data.opd), (_("Total"), [data.total])):
        for line in lines:
            for q in (*QUARTERS, None):
                cell = line.quarters.get(q, Cell())
                if q is None and not (cell.rencana or cell.realisasi):
                    continue
                rows.append([kind, line.label, _quarter(q), cell.rencana, cell.realisasi, cell.persen or ""])
            rows.append(
                [
                    kind,
                    line.label,
                    _("Year"),
                    line.total.rencana,
                    line.total.realisasi,
                    line.total.persen or "",
                ]
            )
    return rows


def sheet_header() -> list[str]:
    return [_("Kind"), _("Name"), _("Quarter"), _("Planned (Rp)"), _("Realised (Rp)"), _("Absorption (%)")]


def _quarter(q: int | None) -> str:
    return quarter_label(q) if q is not None else _("No quarter planned")
