"""One day decides which rules govern a plan year: the ledger, the needs analysis, the planner and the plan
figures read the same version, so a rule changed mid-year never judges one year two ways."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sibina.needs import ledger
from sibina.needs.fetch import analysis_context
from sibina.needs.selectors import JP_KODES, jp_year
from sibina.planning.builder import build_problem
from sibina.planning.selectors.figures import cycle_facts
from sibina.reference.domain import rules_date
from sibina.reference.models import Ketentuan
from sibina.reference.selectors import KetentuanTable
from tests.planning.conftest import Tiny


def test_the_rule_day_of_a_year_is_the_day_it_opens() -> None:
    assert rules_date(2027) == dt.date(2027, 1, 1)
    assert rules_date(2028) == dt.date(2028, 1, 1)


def _every_reader(tiny: Tiny) -> tuple[Decimal, ...]:
    """The PNS minimum each stage applies to the plan year 2027."""
    tahun = tiny.cycle.tahun
    problem, _ = build_problem(cycle=tiny.cycle)
    planner = {e.id: e for e in problem.employees}[tiny.pns[0].nip].jp_min
    figures = cycle_facts(cycle=tiny.cycle).jp.minimum
    row = next(
        r for r in ledger.ledger(instansi=tiny.cycle.instansi, tahun=tahun) if r.pegawai_id == tiny.pns[0].pk
    )
    year = jp_year("PNS", tahun, Decimal(0), Decimal(0), table=KetentuanTable(JP_KODES))
    assert planner is not None and row.status.jp == 0  # nothing earned: the shortfall is the minimum
    return Decimal(str(planner)), figures, row.status.kekurangan, year.batas


@pytest.mark.parametrize(
    ("berlaku_mulai", "expected"),
    [
        (dt.date(2027, 7, 1), Decimal(20)),  # mid-year: the year keeps the rule it opened with
        (dt.date(2027, 1, 1), Decimal(30)),  # from the day the year opens: the whole year
        (dt.date(2026, 12, 31), Decimal(30)),
        (dt.date(2027, 1, 2), Decimal(20)),
    ],
)
def test_ledger_planner_and_figures_read_the_same_version(
    tiny: Tiny, berlaku_mulai: dt.date, expected: Decimal
) -> None:
    assert tiny.cycle.tahun == 2027
    Ketentuan.objects.create(kode="JP_MIN_PNS", nama="min", nilai=Decimal(30), berlaku_mulai=berlaku_mulai)
    assert _every_reader(tiny) == (expected,) * 4


def test_needs_priority_weights_follow_the_rule_day(tiny: Tiny) -> None:
    Ketentuan.objects.create(
        kode="PRIORITAS_BOBOT_GAP", nama="gap", nilai=Decimal(55), berlaku_mulai=dt.date(2027, 1, 1)
    )
    Ketentuan.objects.create(
        kode="PRIORITAS_BOBOT_LAMA", nama="lama", nilai=Decimal(0), berlaku_mulai=dt.date(2027, 1, 2)
    )
    weights = analysis_context(tahun=2027).weights
    assert (weights.gap, weights.lama) == (Decimal(55), Decimal(10))


def test_a_later_factor_for_unmeasured_levels_applies_from_its_date(tiny: Tiny) -> None:
    Ketentuan.objects.create(
        kode="PRIORITAS_FAKTOR_GAP_TAK_DIUKUR",
        nama="f",
        nilai=Decimal("0.8"),
        berlaku_mulai=dt.date(2028, 1, 1),
    )
    assert analysis_context(tahun=2027).weights.gap_tak_diukur == Decimal("0.5")
    assert analysis_context(tahun=2028).weights.gap_tak_diukur == Decimal("0.8")
