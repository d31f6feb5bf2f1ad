"""Quarterly monitoring: the realisation of a decreed plan per OPD and for the city, per quarter (cumulative, so
the trend shows), and the obstacles of its two constraints. Every figure is read where it is computed already:

- participants: planned = the decree's plan items (their quarter); completed = enrolments of the year's classes
  completed, in the quarter their class ended;
- JP: planned = the plan items' JP; credited = the JP of those completions;
- budget absorption: ``delivery.money.absorption`` (not recomputed);
- share of PNS/CPNS at the JP minimum: ``needs.ledger`` (``rates``), as of today;
- money obstacle: the needs the plan left open for budget (``planning.KebutuhanTakTerlayani``), what they would
  have cost (the optimiser's own figure, ``alasan_data.needs`` in Rp million) and what more budget would buy
  (``Plan.marginal``, worded by ``planning.reasons.marginal_text``);
- commitment obstacle: declines and no-shows (``delivery.commitment``), missing L1 feedback and missing L3 ratings.

An enrolment and a plan item count in the OPD (top-level unit) where the employee works now.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from sibina.approvals.selectors import cycle_decree
from sibina.delivery import money
from sibina.delivery.commitment import figures_by_opd
from sibina.delivery.models import Peserta
from sibina.evaluation import instrument_domain as rules
from sibina.evaluation.instrument_models import PenilaianPerilaku, ResponsReaksi
from sibina.evaluation.instruments import reaksi_open, settings_on
from sibina.formats import quarter_label
from sibina.needs.ledger import ledger, rates, top_unit_map
from sibina.people.models import UnitKerja
from sibina.planning.models import KebutuhanTakTerlayani, PlanCycle, PlanItem
from sibina.planning.reasons import marginal_text

QUARTERS = (1, 2, 3, 4)
ZERO = Decimal(0)


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


@dataclass
class Realisasi:
    """One OPD's (or the city's) plan against realisation, per quarter (not cumulative; see ``cumulative``)."""

    peserta_rencana: dict[int, int] = field(default_factory=lambda: dict.fromkeys(QUARTERS, 0))
    peserta_selesai: dict[int, int] = field(default_factory=lambda: dict.fromkeys(QUARTERS, 0))
    jp_rencana: dict[int, Decimal] = field(default_factory=lambda: dict.fromkeys(QUARTERS, ZERO))
    jp_kredit: dict[int, Decimal] = field(default_factory=lambda: dict.fromkeys(QUARTERS, ZERO))
    biaya_rencana: dict[int, Decimal] = field(default_factory=lambda: dict.fromkeys(QUARTERS, ZERO))
    biaya_realisasi: dict[int, Decimal] = field(default_factory=lambda: dict.fromkeys(QUARTERS, ZERO))
    wajib: int = 0  # PNS/CPNS who must reach the JP minimum
    tercapai: int = 0

    @property
    def peserta_total(self) -> tuple[int, int]:
        return sum(self.peserta_rencana.values()), sum(self.peserta_selesai.values())

    @property
    def jp_total(self) -> tuple[Decimal, Decimal]:
        return sum(self.jp_rencana.values(), ZERO), sum(self.jp_kredit.values(), ZERO)

    @property
    def biaya_total(self) -> tuple[Decimal, Decimal]:
        return sum(self.biaya_rencana.values(), ZERO), sum(self.biaya_realisasi.values(), ZERO)


def cumulative(values: dict[int, int] | dict[int, Decimal]) -> list[Decimal]:
    out, running = [], ZERO
    for q in QUARTERS:
        running += Decimal(values[q])
        out.append(running)
    return out


@dataclass(frozen=True)
class Row:
    unit: UnitKerja | None  # None: the city
    r: Realisasi


def realisation(*, cycle: PlanCycle, opd: UnitKerja | None, today: dt.date) -> tuple[list[Row], Row] | None:
    """Each OPD's realisation (only ``opd``'s when given) and the total; None without a decree."""
    decree = cycle_decree(cycle_id=cycle.pk)
    if decree is None:
        return None
    instansi = cycle.instansi
    top = top_unit_map(instansi=instansi)
    units = list(UnitKerja.objects.filter(instansi=instansi, parent__isnull=True).order_by("nama"))
    if opd is not None:
        units = [u for u in units if u.pk == opd.pk]
    wanted = {u.pk for u in units}
    per: dict[int | None, Realisasi] = defaultdict(Realisasi)

    def keys(unit_id: int) -> list[int | None]:
        o = top.get(unit_id)
        if o not in wanted:
            return []
        return [None, o]

    items = PlanItem.objects.filter(plan_id=decree.plan_id).values_list("pegawai__unit_id", "triwulan", "jp")
    for unit_id, triwulan, jp in items:
        q = triwulan or 1
        for k in keys(unit_id):
            per[k].peserta_rencana[q] += 1
            per[k].jp_rencana[q] += jp
    done = Peserta.objects.filter(
        cycle=cycle, status=Peserta.Status.DITERIMA, hasil=Peserta.Hasil.SELESAI, kelas__selesai__lte=today
    ).values_list("pegawai__unit_id", "kelas__selesai", "jp")
    for unit_id, selesai, jp in done:
        for k in keys(unit_id):
            per[k].peserta_selesai[quarter_of(selesai)] += 1
            per[k].jp_kredit[quarter_of(selesai)] += jp
    data = money.absorption(cycle=cycle, opd_id=opd.pk if opd is not None else None)
    if data is not None:
        lines = {line.key: line for line in data.opd}
        for u in units:
            line = lines.get(str(u.pk))
            if line is not None:
                for q in QUARTERS:
                    per[u.pk].biaya_rencana[q] = line.quarters.get(q, money.Cell()).rencana
                    per[u.pk].biaya_realisasi[q] = line.quarters.get(q, money.Cell()).realisasi
        for q in QUARTERS:  # the city's total includes the classes' shared fixed costs
            cell = data.total.quarters.get(q, money.Cell())
            per[None].biaya_rencana[q], per[None].biaya_realisasi[q] = cell.rencana, cell.realisasi
        unscheduled = data.total.unscheduled
        per[None].biaya_rencana[1] += unscheduled.rencana
        per[None].biaya_realisasi[1] += unscheduled.realisasi
    shares = rates(ledger(instansi=instansi, tahun=cycle.tahun), top_units=top)
    for k in [None, *wanted]:
        rate = shares.get(k)
        if rate is not None and (k is not None or opd is None):
            per[k].wajib, per[k].tercapai = rate.wajib, rate.tercapai
    total = per[None]
    if opd is not None:
        total = per[opd.pk]
    return [Row(u, per[u.pk]) for u in units], Row(opd, total)


def sheet_header() -> list[str]:
    return [
        _("OPD"),
        _("Quarter"),
        _("Participants planned"),
        _("Participants completed"),
        _("JP planned"),
        _("JP credited"),
        _("Budget planned (Rp)"),
        _("Budget realised (Rp)"),
        _("Absorption (%)"),
        _("PNS/CPNS at the JP minimum"),
        _("PNS/CPNS who must reach it"),
    ]


def sheet_rows(rows: list[Row], total: Row) -> list[list[object]]:
    """The realisation as rows for a CSV/XLSX (``web.downloads``): per OPD then the total, each quarter then the
    year; the JP-minimum counts (a state, not a flow) on the year's row only."""
    out: list[list[object]] = []
    for row in [*rows, total] if total.unit is None else rows:
        name = row.unit.nama if row.unit is not None else _("Total")
        r = row.r
        for q in QUARTERS:
            out.append(
                [
                    name,
                    quarter_label(q),
                    r.peserta_rencana[q],
                    r.peserta_selesai[q],
                    r.jp_rencana[q],
                    r.jp_kredit[q],
                    r.biaya_rencana[q],
                    r.biaya_realisasi[q],
                    _share(r.biaya_realisasi[q], r.biaya_rencana[q]),
                    "",
                    "",
                ]
            )
        (pr, ps), (jr, jk), (br, bk) = r.peserta_total, r.jp_total, r.biaya_total
        out.append([name, _("Year"), pr, ps, jr, jk, br, bk, _share(bk, br), r.tercapai, r.wajib])
    return out


def _share(part: Decimal, whole: Decimal) -> Decimal | str:
    return (part * 100 / whole).quantize(Decimal("0.1")) if whole else ""


# --- obstacles -----------------------------------------------------------------------------------------------


@dataclass
class Hambatan:
    unit: UnitKerja | None
    tak_terlayani: int = 0  # needs left open for budget
    biaya_juta: Decimal = ZERO  # what those the optimiser priced would cost (Rp million)
    ditolak: int = 0
    mangkir: int = 0
    tanpa_reaksi: int = 0  # L1 questionnaires open and not filled in
    tanpa_perilaku: int = 0  # L3 atasan ratings open and not given


def obstacles(
    *, cycle: PlanCycle, opd: UnitKerja | None, today: dt.date
) -> tuple[list[Hambatan], Hambatan, str] | None:
    """Per OPD (only ``opd``'s when given) and in total, with the wording of what more budget would buy."""
    decree = cycle_decree(cycle_id=cycle.pk)
    if decree is None:
        return None
    instansi = cycle.instansi
    top = top_unit_map(instansi=instansi)
    figures, _city = figures_by_opd(instansi=instansi, tahun=cycle.tahun, today=today, opd=opd)
    rows = {f.unit.pk: Hambatan(f.unit, mangkir=f.figures.mangkir.n) for f in figures}
    total = Hambatan(opd)

    def add(unit_id: int, **counts: object) -> None:
        o = top.get(unit_id)
        if o not in rows:
            return
        for target in (rows[o], total):
            for name, value in counts.items():
                setattr(target, name, getattr(target, name) + value)

    for unit_id, data in KebutuhanTakTerlayani.objects.filter(
        plan_id=decree.plan_id, alasan=KebutuhanTakTerlayani.Alasan.BUDGET
    ).values_list("pegawai__unit_id", "alasan_data"):
        cost = data.get("needs") if isinstance(data, dict) and data.get("why") == "budget_left" else None
        add(unit_id, tak_terlayani=1, biaya_juta=Decimal(str(cost)) if cost is not None else ZERO)
    for (unit_id,) in Peserta.objects.filter(cycle=cycle, status=Peserta.Status.DITOLAK).values_list(
        "pegawai__unit_id"
    ):
        add(unit_id, ditolak=1)
    total.mangkir = sum(r.mangkir for r in rows.values())
    responded = set(ResponsReaksi.objects.filter(peserta__cycle=cycle).values_list("peserta_id", flat=True))
    rated = set(
        PenilaianPerilaku.objects.filter(
            peserta__cycle=cycle, penilai=PenilaianPerilaku.Penilai.ATASAN
        ).values_list("peserta_id", flat=True)
    )
    s = settings_on(today)
    accepted = Peserta.objects.filter(cycle=cycle, status=Peserta.Status.DITERIMA, kelas__selesai__lte=today)
    for p in accepted.select_related("kelas", "pegawai"):
        if p.pk not in responded and reaksi_open(p, today=today):
            add(p.pegawai.unit_id, tanpa_reaksi=1)
        if p.hasil == Peserta.Hasil.SELESAI and p.pk not in rated:
            opens, _due = rules.perilaku_window(
                p.kelas.selesai, bulan_min=s.bulan_min, bulan_maks=s.bulan_maks
            )
            if opens <= today:
                add(p.pegawai.unit_id, tanpa_perilaku=1)
    return list(rows.values()), total, marginal_text(decree.plan.marginal)


# --- SKP before/after ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkpTable:
    peserta: int  # alumni of the program (completed)
    predikat: list[tuple[str, str, int, int]]  # code, label, before, after
    tanpa_sebelum: int  # alumni without an SKP the year before
    tanpa_sesudah: int


def skp_before_after(*, kegiatan_id: int, instansi_id: int, opd: UnitKerja | None) -> SkpTable:
    """For the alumni of one program: their SKP predikat the year before completion and the year after."""
    from sibina.competency.models import Kinerja
    from sibina.reference.models import Predikat

    alumni = Peserta.objects.filter(
        kegiatan_id=kegiatan_id,
        pegawai__instansi_id=instansi_id,
        status=Peserta.Status.DITERIMA,
        hasil=Peserta.Hasil.SELESAI,
    )
    if opd is not None:
        alumni = alumni.filter(pegawai__unit__path__startswith=opd.path)
    pairs = list(alumni.values_list("pegawai_id", "kelas__selesai"))
    ids = sorted({pid for pid, _d in pairs})
    skp = {
        (k, t): p
        for k, t, p in Kinerja.objects.filter(pegawai_id__in=ids).values_list(
            "pegawai_id", "tahun", "predikat"
        )
    }
    before: dict[str, int] = defaultdict(int)
    after: dict[str, int] = defaultdict(int)
    missing = [0, 0]
    for pid, selesai in pairs:
        for i, (tahun, bucket) in enumerate(((selesai.year - 1, before), (selesai.year + 1, after))):
            p = skp.get((pid, tahun))
            if p is None:
                missing[i] += 1
            else:
                bucket[p] += 1
    return SkpTable(
        peserta=len(pairs),
        predikat=[(str(c), str(label), before[c], after[c]) for c, label in Predikat.choices],
        tanpa_sebelum=missing[0],
        tanpa_sesudah=missing[1],
    )
