"""A plan in one plain sentence, for the head of its page: PNS brought to the JP minimum, gap-levels closed, cost
against the ceiling and how close to the optimum it is proven to be ("Rencana ini membawa 4.305 PNS ke 20 JP,
menutup 5.454 level kesenjangan, biaya Rp 4,38 M dari pagu Rp 4,40 M; terbukti paling jauh 0,1 % dari
optimum.").

Figures come from the stored plan (its headline figures and its solver run) and from the ceilings the plan page
already computed; the words come from gettext, so the sentence reads in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from sibina.planning.models import Anggaran, Plan
from sibina.planning.selectors import CycleFacts, PlanFigures

BILLION = Decimal(1_000_000_000)
MILLION = Decimal(1_000_000)


@dataclass(frozen=True)
class PlanSummary:
    pns: int  # PNS (and CPNS) reaching the yearly JP minimum with the plan
    jp_minimum: Decimal  # the minimum in force for the plan year
    gap_closed: float  # gap-levels the plan closes
    cost: Decimal  # Rp
    ceiling: Decimal | None  # Rp: the total ceiling, else the sum of all; None when the cycle has none
    proven_gap: Decimal | None  # % from the optimum proven by the solver's bound; None when no bound
    consolidated: bool = False  # a stable consolidation: the bound is of the change, not of the whole plan

    @property
    def sentence(self) -> str:
        return summary_sentence(self)


def plan_summary(*, plan: Plan, figures: PlanFigures, facts: CycleFacts) -> PlanSummary:
    """The summary's figures: the plan's stored ones, its ceilings as the plan page shows them (scaled by the
    scenario's budget factor) and its run's proven distance from the optimum."""
    total = [c.batas for c in figures.ceilings if c.anggaran.sumber == Anggaran.Sumber.TOTAL]
    ceiling = total[0] if total else sum((c.batas for c in figures.ceilings), Decimal(0))
    return PlanSummary(
        pns=plan.pegawai_20jp,
        jp_minimum=facts.jp.minimum,
        gap_closed=plan.gap_tertutup,
        cost=plan.biaya_total,
        ceiling=ceiling if figures.ceilings else None,
        proven_gap=None if plan.solver_run.gap is None else Decimal(str(plan.solver_run.gap)) * 100,
        consolidated=bool((plan.solver_run.parameters or {}).get("stabil")),
    )


def summary_sentence(s: PlanSummary) -> str:
    """The sentence in the active language, with grouped numbers and money in millions or billions."""
    head = _("This plan brings %(pns)s PNS to %(jp)s JP, closes %(levels)s gap-levels, costs %(cost)s") % {
        "pns": _number(s.pns),
        "jp": _number(s.jp_minimum),
        "levels": _number(s.gap_closed),
        "cost": rupiah_short(s.cost),
    }
    if s.ceiling is not None:
        head += _(" of a ceiling of %(ceiling)s") % {"ceiling": rupiah_short(s.ceiling)}
    if s.consolidated:
        # The solve kept everyone the leaders' decisions do not touch: its bound is of that change only.
        proof = _("; a consolidation of the plan under review (what changed is listed on the approval page).")
    elif s.proven_gap is None:
        proof = _("; how close it is to the optimum was not proven.")
    elif s.proven_gap == 0:
        proof = _("; proven optimal.")
    else:  # "at most": rounded up, so a gap of 0.004 % reads 0.01 %, never "optimal"
        pct = s.proven_gap.quantize(Decimal("0.01"), rounding=ROUND_UP)
        proof = _("; proven at most %(pct)s%% from the optimum.") % {"pct": _number(pct, 2)}
    return head + proof


def _number(x: float | Decimal | int, places: int = 1) -> str:
    """A count or level grouped the reader's way (``5.454``, ``1,5``): at most ``places`` decimals."""
    value = Decimal(str(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def rupiah_short(value: Decimal | int) -> str:
    """Money in the short form of a summary: ``Rp 4,38 M`` / ``Rp 4.38 bn`` from a billion, ``Rp 5,38 juta`` /
    ``Rp 5.38 million`` from a million, whole rupiah below (``Rp 750.000``)."""
    amount = Decimal(value)
    if abs(amount) >= BILLION:
        billions = (amount / BILLION).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        n = formats.number_format(billions, decimal_pos=2, use_l10n=True, force_grouping=True)
        return _("Rp %(n)s bn") % {"n": n}
    if abs(amount) >= MILLION:
        return _("Rp %(n)s million") % {"n": _number(amount / MILLION, 2)}
    return "Rp " + formats.number_format(amount.quantize(Decimal(1)), use_l10n=True, force_grouping=True)
