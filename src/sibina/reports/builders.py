"""The plan document's content as plain data: read-only, from what planning and approvals stored.

PP 11/2017 Art. 205 and 207: the document holds the inventory of competencies to develop and a one-year
implementation plan with seven items — (a) competency types, (b) target employees, (c) type and route, (d)
provider, (e) schedule, (f) fit with the curriculum standard of the instansi pembina, (g) budget. Here they are
per OPD and per activity (``ActivityLine``), with a summary, the budget recap per funding source against its
ceiling, the participants per activity (annex), the review status per OPD and the decree once set.

Money follows the plan's own rule (``planning.selectors.figures``): a participant's seat is paid from the
activity's source (DPA BKPSDM, or the participant's OPD), a class's fixed cost from the DPA BKPSDM. The whole
city's recap therefore adds up to ``Plan.biaya_total``; an OPD's part counts its own participants' seats (the
classes' fixed costs are shared between OPDs and sit with BKPSDM). Words are not made here: renderers word
labels in the reader's language; names, codes and numbers are data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from sibina.approvals.models import Persetujuan, ReviewOpd
from sibina.catalogue.models import Kegiatan
from sibina.people.models import UnitKerja
from sibina.planning.models import Anggaran, Plan, PlanItem
from sibina.planning.selectors import Coverage, cycle_facts, plan_figures
from sibina.planning.selectors.runs import budget_factor
from sibina.reference.models import Jalur

ZERO = Decimal(0)
# A plan item as read: kegiatan id, class, quarter, cost, JP, NIP, name, position, unit name, unit path.
Row = tuple[int, int, int | None, Decimal, Decimal, str, str, str | None, str | None, str | None]
Progress = Callable[[int, str], None]  # (percent, stage key): the caller words the stage
# The 10:20:70 reading of the forms (BKN circular 3/2022): classical learning (10), learning from others —
# coaching, mentoring, benchmarking, exchange, communities of practice (20) — and the rest of the
# non-classical forms, learning on the job and by oneself (70). See docs/reports.md.
FROM_OTHERS = frozenset({"NKL01", "NKL02", "NKL07", "NKL08", "NKL10"})
BKPSDM_SOURCE = "BKPSDM"
POSITIONS_SHOWN = 3


@dataclass(frozen=True)
class ActivityLine:
    """One activity in one OPD's part: the seven items of Art. 207."""

    kode: str
    judul: str
    kompetensi: list[tuple[str, int]]  # (a) competency name, levels gained
    peserta: int  # (b) participants of this OPD
    jabatan: list[tuple[str, int]]  # (b) their positions, most frequent first
    bentuk: str  # (c) the form's code and name
    klasikal: bool  # (c) the route: classical or not
    penyelenggara: str  # (d)
    triwulan: list[int]  # (e) quarters of the classes these participants are in
    kelas: int  # (e) how many classes they are spread over
    standar_pembina: str  # (f) "" when there is no standard yet
    standar_kurikulum: str  # (f)
    biaya: Decimal  # (g) their seats
    sumber: str  # (g) Kegiatan.SumberDana: who pays the seats
    jp: Decimal  # JP per participant


@dataclass(frozen=True)
class OpdSection:
    unit: UnitKerja
    review: ReviewOpd | None  # its part's review, when the plan is under approval
    coverage: Coverage | None
    lines: list[ActivityLine]

    @property
    def peserta(self) -> int:
        return sum(line.peserta for line in self.lines)

    @property
    def biaya(self) -> Decimal:
        return sum((line.biaya for line in self.lines), ZERO)


@dataclass(frozen=True)
class BudgetLine:
    """A funding source: what the plan spends on it and its ceiling (None: none set, or shared by the city)."""

    sumber: str  # Anggaran.Sumber
    unit: UnitKerja | None  # the OPD of an OPD's DPA
    batas: Decimal | None
    terpakai: Decimal

    @property
    def sisa(self) -> Decimal | None:
        return None if self.batas is None else self.batas - self.terpakai


@dataclass(frozen=True)
class Participant:
    nip: str
    nama: str
    jabatan: str
    unit: str
    opd: str
    kelas: int
    triwulan: int | None
    jp: Decimal
    biaya: Decimal


@dataclass(frozen=True)
class AnnexActivity:
    kode: str
    judul: str
    peserta: list[Participant]


@dataclass(frozen=True)
class Summary:
    coverage: Coverage  # the whole plan's (or the OPD's) employees, JP minimum, gaps
    per_triwulan: dict[int, tuple[int, Decimal]]  # quarter (0: none) -> (seats, cost of the seats)
    per_bentuk: list[tuple[str, int, Decimal]]  # form "KL03 Pelatihan Teknis" -> seats, JP; most JP first
    mix: dict[str, Decimal]  # "klasikal" / "sosial" / "pengalaman" -> JP planned (10:20:70)


@dataclass(frozen=True)
class RencanaDoc:
    plan: Plan
    persetujuan: Persetujuan | None  # the approval the plan is under (or was set by)
    unit: UnitKerja | None  # None: the whole city
    summary: Summary
    sections: list[OpdSection]
    budget: list[BudgetLine]  # by source; the last line is the total
    annex: list[AnnexActivity]
    reviews: list[ReviewOpd] = field(default_factory=list)

    @property
    def ditetapkan(self) -> bool:
        """Set by the PPK with a decree number: no "DRAF" watermark any more."""
        p = self.persetujuan
        return bool(
            p is not None
            and p.tahap in (Persetujuan.Tahap.DITETAPKAN, Persetujuan.Tahap.DIGANTI)
            and p.nomor_keputusan
        )

    @property
    def penugasan(self) -> int:
        return sum(len(a.peserta) for a in self.annex)


def document_approval(*, plan: Plan) -> Persetujuan | None:
    """The approval this plan is (or was) under: the latest version whose plan it is."""
    return Persetujuan.objects.filter(plan=plan).select_related("ditetapkan_oleh").order_by("-versi").first()


def document_plan(*, cycle_id: int) -> Plan | None:
    """The plan a year's document is about: the one in force by decree, else the one under approval, else the
    latest base plan of the year."""
    for tahap in (Persetujuan.Tahap.DITETAPKAN, None):
        approvals = Persetujuan.objects.filter(cycle_id=cycle_id)
        if tahap is not None:
            approvals = approvals.filter(tahap=tahap)
        found = approvals.exclude(tahap=Persetujuan.Tahap.DIGANTI).order_by("-versi").first()
        if found is not None:
            return Plan.objects.select_related("cycle__instansi", "skenario", "solver_run").get(
                pk=found.plan_id
            )
    return (
        Plan.objects.filter(cycle_id=cycle_id, skenario__isnull=True)
        .select_related("cycle__instansi", "skenario", "solver_run")
        .order_by("-created_at", "-id")
        .first()
    )


def _root(path: str) -> int | None:
    first = path.strip("/").split("/", 1)[0]
    return int(first) if first.isdigit() else None


def rencana_build(
    *, plan: Plan, unit: UnitKerja | None = None, progress: Progress | None = None
) -> RencanaDoc:
    """The document of ``plan`` for the whole city, or for one OPD (``unit``, a top-level unit)."""
    tell = progress or (lambda _pct, _stage: None)
    tell(5, "read")
    persetujuan = document_approval(plan=plan)
    facts = cycle_facts(cycle=plan.cycle)
    figures = plan_figures(plan=plan, facts=facts)
    tell(20, "items")
    units = {u.pk: u for u in facts.opds}
    items = PlanItem.objects.filter(plan=plan)
    if unit is not None:
        items = items.filter(pegawai__unit__path__startswith=unit.path)
    rows: list[Row] = list(
        items.order_by("kegiatan__kode", "kelas", "pegawai__nama", "pegawai__nip").values_list(
            "kegiatan_id",
            "kelas",
            "triwulan",
            "biaya",
            "jp",
            "pegawai__nip",
            "pegawai__nama",
            "pegawai__jabatan__nama",
            "pegawai__unit__nama",
            "pegawai__unit__path",
        )
    )
    kegiatan = (
        Kegiatan.objects.select_related("bentuk")
        .prefetch_related("kompetensi__kompetensi")
        .in_bulk({r[0] for r in rows})
    )
    tell(40, "sections")
    reviews = list(persetujuan.reviews.select_related("unit", "oleh")) if persetujuan is not None else []
    review_of = {r.unit_id: r for r in reviews}
    by_opd: dict[int | None, dict[int, list[Row]]] = defaultdict(lambda: defaultdict(list))
    annex: dict[int, list[Participant]] = defaultdict(list)
    for r in rows:
        kid, kelas, tw, biaya, jp, nip, nama, jabatan, unit_nama, path = r
        opd_id = _root(path or "")
        by_opd[opd_id][kid].append(r)
        annex[kid].append(
            Participant(
                nip=nip,
                nama=nama,
                jabatan=jabatan or "",
                unit=unit_nama or "",
                opd=units[opd_id].nama if opd_id in units else "",
                kelas=kelas,
                triwulan=tw,
                jp=jp,
                biaya=biaya,
            )
        )
    coverage_of = {c.unit.pk: c for c in figures.opd if c.unit is not None}
    order = [u for u in facts.opds if u.pk in by_opd and (unit is None or u.pk == unit.pk)]
    sections = [
        OpdSection(
            unit=u,
            review=review_of.get(u.pk),
            coverage=coverage_of.get(u.pk),
            lines=sorted(
                (_line(kegiatan[kid], mine) for kid, mine in by_opd[u.pk].items()),
                key=lambda line: (not line.klasikal, line.kode),  # classical first, then by code
            ),
        )
        for u in order
    ]
    if unit is not None and not sections:  # an OPD with nobody in the plan still has its (empty) part
        sections = [
            OpdSection(unit=unit, review=review_of.get(unit.pk), coverage=coverage_of.get(unit.pk), lines=[])
        ]
    tell(60, "budget")
    coverage = figures.total if unit is None else (coverage_of.get(unit.pk) or Coverage(unit))
    return RencanaDoc(
        plan=plan,
        persetujuan=persetujuan,
        unit=unit,
        summary=_summary(coverage, rows, kegiatan),
        sections=sections,
        budget=_budget(plan, figures.biaya_kelas, rows, kegiatan, unit, units),
        annex=[
            AnnexActivity(kode=kegiatan[kid].kode, judul=kegiatan[kid].judul, peserta=people)
            for kid, people in annex.items()
        ],
        reviews=[r for r in reviews if unit is None or r.unit_id == unit.pk],
    )


def _line(k: Kegiatan, rows: list[Row]) -> ActivityLine:
    positions = Counter(r[7] or "" for r in rows)
    classes = {r[1]: r[2] for r in rows}
    return ActivityLine(
        kode=k.kode,
        judul=k.judul,
        kompetensi=sorted(
            ((kk.kompetensi.nama, kk.kenaikan_level) for kk in k.kompetensi.all()), key=lambda x: x[0]
        ),
        peserta=len(rows),
        jabatan=sorted(positions.items(), key=lambda x: (-x[1], x[0])),
        bentuk=f"{k.bentuk.kode} {k.bentuk.nama}",
        klasikal=k.bentuk.jalur == Jalur.KLASIKAL,
        penyelenggara=k.penyelenggara,
        triwulan=sorted({q for q in classes.values() if q is not None}),
        kelas=len(classes),
        standar_pembina=k.standar_pembina,
        standar_kurikulum=k.standar_kurikulum,
        biaya=sum((r[3] for r in rows), ZERO),
        sumber=k.sumber_dana,
        jp=k.jp,
    )


def _summary(coverage: Coverage, rows: list[Row], kegiatan: dict[int, Kegiatan]) -> Summary:
    quarters: dict[int, tuple[int, Decimal]] = {}
    forms: dict[str, tuple[int, Decimal]] = defaultdict(lambda: (0, ZERO))
    mix = {"klasikal": ZERO, "sosial": ZERO, "pengalaman": ZERO}
    for r in rows:
        k = kegiatan[r[0]]
        q = r[2] or 0
        seats, cost = quarters.get(q, (0, ZERO))
        quarters[q] = (seats + 1, cost + r[3])
        name = f"{k.bentuk.kode} {k.bentuk.nama}"
        forms[name] = (forms[name][0] + 1, forms[name][1] + r[4])
        if k.bentuk.jalur == Jalur.KLASIKAL:
            mix["klasikal"] += r[4]
        elif k.bentuk.kode in FROM_OTHERS:
            mix["sosial"] += r[4]
        else:
            mix["pengalaman"] += r[4]
    return Summary(
        coverage=coverage,
        per_triwulan=dict(sorted(quarters.items())),
        per_bentuk=sorted(((n, s, jp) for n, (s, jp) in forms.items()), key=lambda x: (-x[2], x[0])),
        mix=mix,
    )


def _budget(
    plan: Plan,
    biaya_kelas: Decimal,
    rows: list[Row],
    kegiatan: dict[int, Kegiatan],
    unit: UnitKerja | None,
    units: dict[int, UnitKerja],
) -> list[BudgetLine]:
    """Spending per funding source against its ceiling (scaled by the scenario's factor, as the plan page shows
    it). The whole city: seats by their source plus the classes' fixed costs on the DPA BKPSDM, so the total is
    the plan's stored total. One OPD: its participants' seats only, against its own DPA's ceiling."""

    factor = budget_factor(plan.skenario)
    ceilings: dict[tuple[str, int | None], Decimal] = {
        (a.sumber, a.unit_id): (a.batas * factor).quantize(Decimal(1))
        for a in Anggaran.objects.filter(cycle=plan.cycle)
    }
    spent: dict[int | None, Decimal] = defaultdict(Decimal)  # None: DPA BKPSDM; else the OPD's DPA
    if unit is None:
        spent[None] += biaya_kelas
    for r in rows:
        if kegiatan[r[0]].sumber_dana == Kegiatan.SumberDana.OPD:
            spent[_root(r[9] or "")] += r[3]
        else:
            spent[None] += r[3]
    lines = [
        BudgetLine(
            Anggaran.Sumber.BKPSDM,
            None,
            ceilings.get((Anggaran.Sumber.BKPSDM, None)) if unit is None else None,
            spent.get(None, ZERO),
        )
    ]
    opd_ids = {k for k in spent if k is not None}
    if unit is None:
        opd_ids |= {uid for (sumber, uid) in ceilings if sumber == Anggaran.Sumber.OPD and uid is not None}
    else:
        opd_ids.add(unit.pk)
    for uid in sorted(opd_ids, key=lambda i: units[i].nama if i in units else ""):
        lines.append(
            BudgetLine(
                Anggaran.Sumber.OPD,
                units.get(uid),
                ceilings.get((Anggaran.Sumber.OPD, uid)),
                spent.get(uid, ZERO),
            )
        )
    total = sum((line.terpakai for line in lines), ZERO)
    lines.append(
        BudgetLine(
            Anggaran.Sumber.TOTAL,
            None,
            ceilings.get((Anggaran.Sumber.TOTAL, None)) if unit is None else None,
            total,
        )
    )
    return lines
