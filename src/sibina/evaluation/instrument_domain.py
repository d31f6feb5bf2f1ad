"""Pure rules of the Kirkpatrick instruments L1–L3: the N-gain of a pre/post test with Hake's categories (exact
fractions), response rates, and when a behaviour rating (L3) is open and due.

N-gain = (post − pre) / (100 − pre). A pre-test of 100 leaves nothing to gain: the gain is undefined (None) and the
category is "no room" (``PENUH``). Hake's categories: high ≥ 0.7, medium 0.3 ≤ g < 0.7, low < 0.3 (a negative gain
is low).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Final

SKOR_MAX: Final = Fraction(100)
HAKE_TINGGI: Final = Fraction(7, 10)
HAKE_SEDANG: Final = Fraction(3, 10)
TINGGI, SEDANG, RENDAH, PENUH = "TINGGI", "SEDANG", "RENDAH", "PENUH"
SKALA_MIN, SKALA_MAX = 1, 5


def n_gain(pre: Decimal | int, post: Decimal | int) -> Fraction | None:
    """The normalised gain, exactly; None when the pre-test is already 100 (nothing left to gain)."""
    p, q = Fraction(pre), Fraction(post)
    for v in (p, q):
        if not 0 <= v <= SKOR_MAX:
            raise ValueError(f"a test score is between 0 and 100, not {v}")
    if p == SKOR_MAX:
        return None
    return (q - p) / (SKOR_MAX - p)


def kategori(gain: Fraction | None) -> str:
    """Hake's category of a gain (``PENUH`` when there was no room to gain)."""
    if gain is None:
        return PENUH
    if gain >= HAKE_TINGGI:
        return TINGGI
    if gain >= HAKE_SEDANG:
        return SEDANG
    return RENDAH


def rata(values: list[Fraction]) -> Fraction | None:
    """The exact mean, None for no values."""
    return sum(values, Fraction(0)) / len(values) if values else None


def rate(count: int, of: int) -> Fraction | None:
    """A response rate, None when nobody was asked."""
    return Fraction(count, of) if of else None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def perilaku_window(selesai: dt.date, *, bulan_min: int, bulan_maks: int) -> tuple[dt.date, dt.date]:
    """The behaviour rating of a completion on ``selesai``: open from ``bulan_min`` months after, due by
    ``bulan_maks`` months after."""
    return add_months(selesai, bulan_min), add_months(selesai, bulan_maks)


def reaksi_due(selesai: dt.date, *, hari: int) -> dt.date:
    """The day the missing-feedback reminder goes out: ``hari`` days after the class ended."""
    return selesai + dt.timedelta(days=hari)
