"""The demo's pure helpers: fair allocation and batch numbering."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sibina.demo.domain import allocate, roman


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
