"""From an employee's facts to their prioritised needs, and the JP ledger status. Pure: no ORM.

The priority formula lives in ``competency.domain.priority`` (weights from reference settings); this module
decides which needs exist and words the reason behind each priority.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from sibina.competency.domain import PriorityInput, PriorityPart, PriorityWeights, priority
from sibina.formats import angka, persen
from sibina.people.domain import ASN_PPPK

GAP, SUKSESI, KINERJA, USULAN, WAJIB = "GAP", "SUKSESI", "KINERJA", "USULAN", "WAJIB"
PRIORITY_MANDATORY = Decimal("100.0")

# How critical a position is for service and leadership (0–1). A SiBina policy heuristic, not a regulation.
CRITICALITY = {"JPT": Decimal("1"), "ADMINISTRATOR": Decimal("0.9"), "PENGAWAS": Decimal("0.8")}
CRITICALITY_FRONT_LINE = Decimal("0.7")
CRITICALITY_OTHER = Decimal("0.4")
# How far an SKP predikat is from "Baik" (0–1), and the performance-gap size it implies.
PREDIKAT_FACTOR = {
    "SANGAT_KURANG": Decimal("1"),
    "KURANG": Decimal("0.75"),
    "BUTUH_PERBAIKAN": Decimal("0.5"),
    "BAIK": Decimal("0"),
    "SANGAT_BAIK": Decimal("0"),
}
PERFORMANCE_GAP = {"BUTUH_PERBAIKAN": 1, "KURANG": 2, "SANGAT_KURANG": 3}


@dataclass(frozen=True)
class Proposal:
    id: int
    kompetensi_id: int
    level_target: int


@dataclass(frozen=True)
class EmployeeFacts:
    id: int
    jenis_asn: str
    kelompok_jabatan: str  # KelompokJabatan code or ""
    front_line: bool  # works in a public-service unit
    standar: Mapping[int, int]  # kompetensi id -> required level (current position)
    levels: Mapping[int, int] | None  # kompetensi id -> assessed level; None = no valid assessment
    predikat: str | None  # latest SKP predikat
    predikat_tahun: int | None
    kotak: int | None  # talent box
    target_jabatan_id: int | None  # next position (succession pool or nomination)
    target_standar: Mapping[int, int] = field(default_factory=dict)
    last_development_year: int | None = None
    mandatory: Sequence[str] = ()  # mandatory rules that apply ("LATSAR", "PKP")
    proposals: Sequence[Proposal] = ()
    opd_id: int | None = None  # the top-level unit the employee works in
    skm_unit_id: int | None = None  # the public-service unit the employee serves in (SKM factor), if any


@dataclass(frozen=True)
class UnitFactor:
    """A unit's figure of the year before, as the priority reads it (``needs.FaktorUnit``): the value in 0–1 and
    what it was computed from, for the reason's words."""

    nilai: Decimal
    persen: Decimal  # the value as a percentage, as shown
    n: int  # e.g. sessions attended
    d: int  # of sessions recorded


@dataclass(frozen=True)
class Context:
    tahun: int
    weights: PriorityWeights
    development_boxes: frozenset[int]  # boxes that recommend competency development
    kompetensi_names: Mapping[int, str]
    skm_deficit: Decimal = Decimal(0)  # for an employee whose service unit has no figure
    # No SKM survey data is held yet: the SKM factor cannot be scored, and the reason says so.
    skm_tersedia: bool = False
    # Each service unit's SKM shortfall (0–1) of the year before the plan year (``needs.FaktorUnit``, kind SKM).
    skm: Mapping[int, Decimal] = field(default_factory=dict)
    # code -> label, so a reason never shows a code (SKP predikat, position group)
    predikat_labels: Mapping[str, str] = field(default_factory=dict)
    kelompok_labels: Mapping[str, str] = field(default_factory=dict)
    # The commitment of each OPD (top-level unit id) and of the whole instansi in the year before the plan year.
    komitmen: Mapping[int, UnitFactor] = field(default_factory=dict)
    komitmen_kota: UnitFactor | None = None

    def skm_of(self, unit_id: int | None) -> Decimal:
        """The shortfall of the employee's service unit; none for staff outside public-service units."""
        own = self.skm.get(unit_id) if unit_id is not None else None
        return own if own is not None else self.skm_deficit

    def komitmen_of(self, opd_id: int | None) -> UnitFactor | None:
        """The OPD's own figure, else the instansi's (an OPD without classes last year), else none."""
        own = self.komitmen.get(opd_id) if opd_id is not None else None
        return own if own is not None else self.komitmen_kota


@dataclass(frozen=True)
class NeedDraft:
    pegawai_id: int
    sumber: str
    kompetensi_id: int | None
    level_saat_ini: int | None
    level_target: int | None
    gap: int
    prioritas: Decimal
    parts: tuple[PriorityPart, ...]
    alasan: str
    jabatan_target_id: int | None = None
    usulan_id: int | None = None


def criticality(kelompok: str, front_line: bool) -> Decimal:
    if kelompok in CRITICALITY:
        return CRITICALITY[kelompok]
    return CRITICALITY_FRONT_LINE if front_line else CRITICALITY_OTHER


def needs_for(e: EmployeeFacts, ctx: Context) -> list[NeedDraft]:
    """All needs of one employee for the plan year, each with its priority and reason."""
    drafts: list[NeedDraft] = [_mandatory(e, rule) for rule in e.mandatory]
    covered: dict[int, int] = {}  # kompetensi -> highest target already asked for
    if e.levels is not None:
        # A competency the assessment did not measure is unknown, not level 0: it creates no gap.
        for k, required in sorted(e.standar.items()):
            current = e.levels.get(k)
            if current is not None and required > current:
                drafts.append(_draft(e, ctx, GAP, k, current, required))
                covered[k] = required
        for k, required in sorted(e.target_standar.items()):
            current = e.levels.get(k)
            if current is not None and required > max(current, covered.get(k, 0)):
                drafts.append(
                    _draft(e, ctx, SUKSESI, k, current, required, jabatan_target_id=e.target_jabatan_id)
                )
                covered[k] = required
    if e.predikat in PERFORMANCE_GAP:
        drafts.append(_draft(e, ctx, KINERJA, None, None, None, gap=PERFORMANCE_GAP[e.predikat]))
    for p in e.proposals:
        # Without a valid assessment, or one that did not measure it, the current level is unknown: the need
        # gets its own reason and priority treatment (``gap_tak_diukur``), never a gap counted from level 0.
        assessed = e.levels.get(p.kompetensi_id) if e.levels is not None else None
        if p.level_target > covered.get(p.kompetensi_id, 0):
            drafts.append(_draft(e, ctx, USULAN, p.kompetensi_id, assessed, p.level_target, usulan_id=p.id))
    return drafts


def needs_assessment(kompetensi_id: int | None, level_saat_ini: int | None) -> bool:
    """A competency need whose current level is unknown: it waits for an assessment."""
    return kompetensi_id is not None and level_saat_ini is None


def _mandatory(e: EmployeeFacts, rule: str) -> NeedDraft:
    reason = {
        "LATSAR": _("Mandatory: basic training (Latsar) for every CPNS."),
        "PKP": _(
            "Mandatory: supervisory leadership training (PKP) within a year of appointment as pengawas."
        ),
    }.get(rule, _("Mandatory rule: %(rule)s.") % {"rule": rule})
    return NeedDraft(e.id, WAJIB, None, None, None, 0, PRIORITY_MANDATORY, (), reason)


def _draft(
    e: EmployeeFacts,
    ctx: Context,
    sumber: str,
    kompetensi_id: int | None,
    current: int | None,
    target: int | None,
    *,
    gap: int | None = None,
    jabatan_target_id: int | None = None,
    usulan_id: int | None = None,
) -> NeedDraft:
    unknown = gap is None and needs_assessment(kompetensi_id, current)
    size = gap if gap is not None else max((target or 0) - (current or 0), 0) if not unknown else 0
    years = ctx.tahun - e.last_development_year - 1 if e.last_development_year is not None else 3
    score, parts = priority(
        PriorityInput(
            gap=None if unknown else size,
            kritikalitas=criticality(e.kelompok_jabatan, e.front_line),
            talenta_pengembangan=e.kotak in ctx.development_boxes,
            kinerja_faktor=PREDIKAT_FACTOR.get(e.predikat or "", Decimal(0)),
            skm_defisit=ctx.skm_of(e.skm_unit_id),
            tahun_sejak_pengembangan=years,
            komitmen=komitmen.nilai if (komitmen := ctx.komitmen_of(e.opd_id)) is not None else Decimal(0),
        ),
        ctx.weights,
    )
    name = ctx.kompetensi_names.get(kompetensi_id, "") if kompetensi_id is not None else ""
    alasan = explain(sumber, name, size, score, parts, e, years, ctx=ctx, unknown=unknown)
    return NeedDraft(
        e.id,
        sumber,
        kompetensi_id,
        current,
        target,
        size,
        score,
        tuple(parts),
        alasan,
        jabatan_target_id,
        usulan_id,
    )


def explain(
    sumber: str,
    kompetensi: str,
    gap: int,
    score: Decimal,
    parts: Sequence[PriorityPart],
    e: EmployeeFacts,
    years: int,
    *,
    ctx: Context,
    unknown: bool = False,
) -> str:
    """The reason behind a priority in words, largest contribution first; labels, never codes."""
    gap_words = {
        GAP: _("gap of %(gap)d level(s) in %(k)s against the position standard"),
        SUKSESI: _("gap of %(gap)d level(s) in %(k)s against the next position"),
        USULAN: _("proposed development of %(k)s (%(gap)d level(s))"),
        KINERJA: _("performance gap of %(gap)d step(s) below Baik"),
    }[sumber]
    if unknown:
        gap_words = _(
            "proposed development of %(k)s: current level not yet measured — an assessment is needed"
        )
    group = e.kelompok_jabatan
    predikat = e.predikat or ""
    words = {
        "gap": gap_words % {"gap": gap, "k": kompetensi},
        "kritikalitas": _("position group %(group)s") % {"group": ctx.kelompok_labels.get(group, group)}
        if group in CRITICALITY
        else (_("front-line public-service unit") if e.front_line else _("position criticality")),
        "talenta": _("talent box %(box)s recommends competency development") % {"box": e.kotak},
        "kinerja": _("SKP %(year)s predikat %(p)s")
        % {"year": e.predikat_tahun, "p": ctx.predikat_labels.get(predikat, predikat)},
        "skm": _("the unit's public-satisfaction (SKM) shortfall"),
        "lama": _("no development record for %(n)d year(s)") % {"n": years}
        if e.last_development_year is not None
        else _("no development record at all"),
        "komitmen": _commitment_words(e, ctx),
    }
    reasons = [f"{words[p.faktor]} (+{p.poin})" for p in parts if p.poin > 0]
    if unknown and not any(p.faktor == "gap" and p.poin > 0 for p in parts):
        reasons.insert(0, words["gap"])
    if not ctx.skm_tersedia and any(p.faktor == "skm" for p in parts) and ctx.weights.skm > 0:
        reasons.append(_("SKM factor not scored: no public-satisfaction survey data yet"))
    if ctx.weights.komitmen > 0 and ctx.komitmen_of(e.opd_id) is None:
        reasons.append(_("commitment factor not scored: no class attendance recorded last year"))
    return _("Priority %(score)s: %(reasons)s.") % {"score": score, "reasons": "; ".join(reasons) or "-"}


def _commitment_words(e: EmployeeFacts, ctx: Context) -> str:
    """The OPD's commitment of the year before in words, against the city's (labels and numbers, no codes)."""
    own = ctx.komitmen.get(e.opd_id) if e.opd_id is not None else None
    city = ctx.komitmen_kota
    if own is None:
        if city is None:
            return ""
        return _(
            "no class attendance of the OPD recorded last year: the city's %(rate)s attended is used"
        ) % {"rate": persen(city.persen)}
    values = {"rate": persen(own.persen), "n": angka(own.n), "d": angka(own.d)}
    if city is not None and own.nilai < city.nilai:
        return _(
            "OPD with lower commitment last year: %(rate)s of sessions attended (%(n)s of %(d)s; city %(city)s)"
        ) % {**values, "city": persen(city.persen)}
    return _("OPD commitment last year: %(rate)s of sessions attended (%(n)s of %(d)s)") % values


# --- the yearly JP rule -----------------------------------------------------------------------------------

PNS_KINDS = frozenset({"PNS", "CPNS"})  # held to the yearly JP minimum
PPPK_KINDS = ASN_PPPK  # held to the yearly JP maximum (full time and part time alike)


@dataclass(frozen=True)
class JpLimits:
    """The rule's settings in force on a date (reference settings ``JP_MIN_PNS`` and ``JP_MAX_PPPK``)."""

    minimum: Decimal
    maximum: Decimal


@dataclass(frozen=True)
class JpTarget:
    """What one employee is held to in a year: a minimum (PNS, CPNS) or a maximum (PPPK), never both."""

    minimum: Decimal | None
    maximum: Decimal | None

    @property
    def batas(self) -> Decimal:
        """The one limit that applies (the minimum, else the maximum)."""
        limit = self.minimum if self.minimum is not None else self.maximum
        assert limit is not None  # jp_target always sets one of the two
        return limit

    @property
    def pppk(self) -> bool:
        return self.maximum is not None

    def kekurangan(self, jp: Decimal) -> Decimal:
        """JP still missing to the minimum (0 when there is none, or it is reached)."""
        return max(self.minimum - jp, Decimal(0)) if self.minimum is not None else Decimal(0)

    def kelebihan(self, jp: Decimal) -> Decimal:
        """JP above the maximum (0 when there is none, or it is respected)."""
        return max(jp - self.maximum, Decimal(0)) if self.maximum is not None else Decimal(0)

    def tercapai(self, jp: Decimal) -> bool:
        """The minimum is reached (False for an employee who has no minimum)."""
        return self.minimum is not None and jp >= self.minimum


def jp_target(jenis_asn: str, limits: JpLimits) -> JpTarget:
    """The JP rule, in one place: PNS and CPNS must reach the minimum; PPPK (full or part time) may not exceed
    the maximum. An unknown ASN type is an error, not a silent default."""
    if jenis_asn in PNS_KINDS:
        return JpTarget(minimum=limits.minimum, maximum=None)
    if jenis_asn in PPPK_KINDS:
        return JpTarget(minimum=None, maximum=limits.maximum)
    raise ValueError(f"unknown ASN type {jenis_asn!r}")


@dataclass(frozen=True)
class JpStatus:
    jp: Decimal
    jp_teknis: Decimal
    status: str  # KURANG | TERCAPAI | MELEBIHI | DALAM_BATAS
    kekurangan: Decimal  # JP still missing to the minimum (PNS/CPNS); 0 otherwise
    kelebihan: Decimal  # JP above the maximum (PPPK); 0 otherwise
    ip_asn_teknis: bool  # at least the IP ASN threshold of technical JP


def jp_status(
    jenis_asn: str,
    jp: Decimal,
    jp_teknis: Decimal,
    *,
    limits: JpLimits,
    jp_teknis_min: Decimal,
) -> JpStatus:
    """Where an employee's JP of a year stands against their target (:func:`jp_target`)."""
    target = jp_target(jenis_asn, limits)
    teknis_ok = jp_teknis >= jp_teknis_min
    if target.pppk:
        over = target.kelebihan(jp)
        return JpStatus(jp, jp_teknis, "MELEBIHI" if over > 0 else "DALAM_BATAS", Decimal(0), over, teknis_ok)
    short = target.kekurangan(jp)
    return JpStatus(jp, jp_teknis, "KURANG" if short > 0 else "TERCAPAI", short, Decimal(0), teknis_ok)


def _anniversary(start: dt.date, year: int) -> dt.date:
    """The contract's anniversary in ``year`` (a 29 February start falls on 28 February in other years)."""
    try:
        return start.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28)


def contract_year(
    mulai: dt.date | None, selesai: dt.date | None, tahun: int
) -> tuple[dt.date, dt.date] | None:
    """The PPPK contract year judged for year ``tahun`` (DOMAIN §1: at most 24 JP per contract year): the twelve
    months from the contract's anniversary in that year, cut at the contract's end.

    None when the start is unknown, or the contract does not run in that year: the ledger then judges the
    calendar year and says so.
    """
    if mulai is None or mulai.year > tahun:
        return None
    start = _anniversary(mulai, tahun)
    end = _anniversary(mulai, tahun + 1) - dt.timedelta(days=1)
    if selesai is not None:
        end = min(end, selesai)
    return (start, end) if start <= end else None
