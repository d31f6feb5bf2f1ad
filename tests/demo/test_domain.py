"""The pure helpers: JP conversion against the reference rules' shapes, and fair allocation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sibina.demo.domain import JpRule, JpRuleError, Ukuran, allocate, jp_for, roman

MENIT = Decimal(45)
SEMINAR = JpRule("HARI", jp_per_satuan=Decimal(4), jp_per_satuan_internasional=Decimal(6))
PROGRAM = JpRule("PROGRAM", faktor_internasional=Decimal("1.2"))
ELEARNING = JpRule("HARI", batas_jp=Decimal(3), batas_per="HARI")
BIMBINGAN = JpRule(
    "SESI", jp_per_satuan=Decimal(2), faktor_internasional=Decimal("1.2"), batas_per="BULAN", batas_sesi=2
)
KOMUNITAS = JpRule("JAM", faktor_internasional=Decimal("1.2"), batas_jp=Decimal(2), batas_per="HARI")
MAGANG = JpRule("KEGIATAN", jp_per_satuan=Decimal(20), jp_per_satuan_internasional=Decimal(24))


@pytest.mark.parametrize(
    ("rule", "ukuran", "expected"),
    [
        (SEMINAR, Ukuran(hari=2), "8.00"),
        (SEMINAR, Ukuran(hari=2, internasional=True), "12.00"),  # the international per-day rate, no uplift
        (PROGRAM, Ukuran(jp_program=Decimal(30)), "30.00"),
        (PROGRAM, Ukuran(jp_program=Decimal(30), internasional=True), "36.00"),
        (ELEARNING, Ukuran(hari=2, menit=600), "6.00"),  # 13.33 actual hours capped at 3 JP a day
        (ELEARNING, Ukuran(hari=2, menit=200), "4.44"),
        (BIMBINGAN, Ukuran(sesi=5, bulan=1), "4.00"),  # at most 2 sessions a month count
        (BIMBINGAN, Ukuran(sesi=5, bulan=3), "10.00"),
        (BIMBINGAN, Ukuran(sesi=5, bulan=1, internasional=True), "4.80"),  # cap first, then +20%
        (KOMUNITAS, Ukuran(hari=1, menit=150), "2.00"),
        (KOMUNITAS, Ukuran(hari=1, menit=60), "1.33"),
        (MAGANG, Ukuran(kegiatan=1, internasional=True), "24.00"),
    ],
)
def test_jp_for_applies_each_rule_shape(rule: JpRule, ukuran: Ukuran, expected: str) -> None:
    assert jp_for(rule, ukuran, menit_per_jp=MENIT) == Decimal(expected)


def test_jp_for_refuses_a_program_form_without_program_jp() -> None:
    with pytest.raises(JpRuleError):
        jp_for(PROGRAM, Ukuran(hari=3), menit_per_jp=MENIT)


def test_jp_for_refuses_a_session_rule_without_jp_per_session() -> None:
    with pytest.raises(JpRuleError):
        jp_for(JpRule("SESI"), Ukuran(sesi=2), menit_per_jp=MENIT)


@given(
    total=st.integers(min_value=0, max_value=10_000),
    weights=st.lists(st.floats(min_value=0, max_value=1000, allow_nan=False), min_size=1, max_size=60),
    minimum=st.integers(min_value=0, max_value=3),
)
def test_allocate_sums_to_total_and_honours_the_minimum(
    total: int, weights: list[float], minimum: int
) -> None:
    shares = allocate(total, weights, minimum=minimum)
    assert len(shares) == len(weights)
    assert sum(shares) == total
    assert min(shares) >= 0
    if minimum * len(weights) <= total:
        assert min(shares) >= minimum


@given(weights=st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=30))
def test_allocate_is_proportional_within_one(weights: list[int]) -> None:
    total = 997
    shares = allocate(total, [float(w) for w in weights])
    for share, w in zip(shares, weights, strict=True):
        assert abs(share - total * w / sum(weights)) < 1


def test_roman() -> None:
    assert [roman(n) for n in (1, 2, 4, 6, 9, 14)] == ["I", "II", "IV", "VI", "IX", "XIV"]
