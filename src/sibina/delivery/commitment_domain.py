"""Pure rules of commitment: the rates of one unit's enrolments (exact fractions, a percentage rounded only for
display), the median time to answer, when a reminder of the escalation ladders is due, and whether a milestone of
an aksi perubahan is late.

Regulatory and policy numbers (the day of the JP check, the days between escalation steps, how many no-shows
escalate) arrive as arguments from the reference settings; nothing here reads the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

SECONDS_PER_DAY = 86_400


# --- rates --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """``n`` of ``d``: the counts are kept beside the rate, the rate is exact until it is shown."""

    n: int
    d: int

    @property
    def fraction(self) -> Decimal | None:
        """n ÷ d as an exact-as-possible Decimal in 0–1; None when there is nothing to divide by."""
        return Decimal(self.n) / Decimal(self.d) if self.d else None

    @property
    def persen(self) -> Decimal | None:
        """The percentage rounded half up to one place (how it is shown); None when ``d`` is 0."""
        if not self.d:
            return None
        return (Decimal(self.n) * 100 / Decimal(self.d)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def __add__(self, other: Rate) -> Rate:
        return Rate(self.n + other.n, self.d + other.d)


def median_seconds(values: Sequence[int]) -> Decimal | None:
    """The median of whole seconds (the mean of the two middle ones for an even count); None for none."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[mid])
    return (Decimal(ordered[mid - 1]) + Decimal(ordered[mid])) / 2


def days(seconds: Decimal | None) -> Decimal | None:
    """Seconds as days, one place, half up (how a time to answer is shown)."""
    if seconds is None:
        return None
    return (seconds / SECONDS_PER_DAY).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Figures:
    """One unit's (or the city's) commitment in a year.

    - ``diterima``: accepted of those invited (an answer or not);
    - ``hadir``: sessions attended of the sessions recorded for those who accepted;
    - ``selesai``: completed of those who accepted and whose class has ended;
    - ``mangkir``: absent from the first session of those who accepted and whose first session was recorded;
    - ``jawab_detik``: the median time from invitation to answer, in seconds (None when nobody answered).
    """

    diterima: Rate
    hadir: Rate
    selesai: Rate
    mangkir: Rate
    jawab_detik: Decimal | None
    dijawab: int  # answers the median is taken over

    @property
    def jawab_hari(self) -> Decimal | None:
        return days(self.jawab_detik)

    @property
    def kosong(self) -> bool:
        """Nobody was invited: no figure means anything."""
        return self.diterima.d == 0


# --- the escalation ladders ----------------------------------------------------------------------------------------


def q3_check_day(tahun: int, bulan: int) -> dt.date:
    """The day the yearly JP check starts: the first day of month ``bulan`` (7: the start of Q3)."""
    return dt.date(tahun, bulan, 1)


def step_due(*, previous: dt.date | None, today: dt.date, after_days: int) -> bool:
    """The next step of a ladder is due ``after_days`` after the previous step went out (never before it did)."""
    return previous is not None and today >= previous + dt.timedelta(days=after_days)


def escalates_no_show(count: int, *, threshold: int) -> bool:
    """A no-show that is the employee's ``threshold``-th or later in the year goes to the Kepala OPD too."""
    return threshold > 0 and count >= threshold


# --- milestones of an aksi perubahan -------------------------------------------------------------------------------


class TonggakState(StrEnum):
    RENCANA = "RENCANA"  # planned, due later
    TERLAMBAT = "TERLAMBAT"  # planned and past its due date
    LAPOR = "LAPOR"  # reported done, waits for the mentor
    KONFIRM = "KONFIRM"  # confirmed by the mentor


def tonggak_state(*, status: str, batas: dt.date, today: dt.date) -> TonggakState:
    """What a milestone is today: late is not stored, it is a planned milestone past its due date."""
    if status == TonggakState.RENCANA and batas < today:
        return TonggakState.TERLAMBAT
    return TonggakState(status)


def done_late(*, batas: dt.date, selesai: dt.date | None) -> bool:
    """Reported done after its due date."""
    return selesai is not None and selesai > batas


def overdue_since(*, status: str, batas: dt.date, today: dt.date) -> bool:
    """A milestone still planned the day after its due date triggers its reminder."""
    return status == TonggakState.RENCANA and today > batas
