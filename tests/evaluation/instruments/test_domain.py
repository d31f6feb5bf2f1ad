"""The pure rules of the instruments: N-gain exact at Hake's boundaries, a pre-test of 100, month arithmetic."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from sibina.evaluation import instrument_domain as rules

D = Decimal


@pytest.mark.parametrize(
    ("pre", "post", "gain", "category"),
    [
        (D(0), D(70), Fraction(7, 10), rules.TINGGI),  # exactly 0.7: high
        (D(0), D("69.99"), Fraction(6999, 10000), rules.SEDANG),
        (D(0), D(30), Fraction(3, 10), rules.SEDANG),  # exactly 0.3: medium
        (D(0), D("29.99"), Fraction(2999, 10000), rules.RENDAH),
        (D(40), D(82), Fraction(7, 10), rules.TINGGI),  # 42/60
        (D(90), D(93), Fraction(3, 10), rules.SEDANG),  # 3/10 from 3/10: exact
        (D("33.33"), D("53.33"), Fraction(2000, 6667), rules.RENDAH),  # just under 0.3
        (D(60), D(50), Fraction(-1, 4), rules.RENDAH),  # worse after: low
        (D(100), D(100), None, rules.PENUH),  # nothing left to gain
        (D(100), D(80), None, rules.PENUH),
    ],
)
def test_n_gain_and_hake_category_are_exact(
    pre: Decimal, post: Decimal, gain: Fraction | None, category: str
) -> None:
    assert rules.n_gain(pre, post) == gain
    assert rules.kategori(rules.n_gain(pre, post)) == category


def test_floating_point_would_miss_the_boundary() -> None:
    assert (31.47 - 2.1) / (100 - 2.1) < 0.3  # the naive way calls this low
    assert rules.n_gain(D("2.1"), D("31.47")) == Fraction(3, 10)
    assert rules.kategori(rules.n_gain(D("2.1"), D("31.47"))) == rules.SEDANG


@pytest.mark.parametrize(("pre", "post"), [(D(-1), D(50)), (D(50), D("100.01"))])
def test_scores_outside_0_100_are_refused(pre: Decimal, post: Decimal) -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        rules.n_gain(pre, post)


def test_the_rating_window_counts_calendar_months() -> None:
    assert rules.perilaku_window(dt.date(2027, 8, 31), bulan_min=3, bulan_maks=6) == (
        dt.date(2027, 11, 30),
        dt.date(2028, 2, 29),
    )
    assert rules.add_months(dt.date(2027, 3, 15), -3) == dt.date(2026, 12, 15)
    assert rules.reaksi_due(dt.date(2027, 2, 4), hari=7) == dt.date(2027, 2, 11)
    assert rules.rate(0, 0) is None and rules.rate(2, 3) == Fraction(2, 3)
