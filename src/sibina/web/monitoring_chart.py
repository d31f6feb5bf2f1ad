"""The geometry of the monitoring trend chart, drawn by the page as inline SVG (no script, no CDN): two
cumulative series (planned, realised) over the four quarters of the year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 360, 160
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 14, 26


@dataclass(frozen=True)
class Trend:
    width: int
    height: int
    plan: str  # the planned polyline's points
    real: str
    labels: tuple[tuple[float, str], ...]  # x, quarter label
    top: Decimal  # the y axis's top value
    baseline: float


def trend(plan: Sequence[Decimal], real: Sequence[Decimal], labels: Sequence[str]) -> Trend:
    top = max([*plan, *real, Decimal(1)])
    span_x = (WIDTH - LEFT - RIGHT) / max(len(plan) - 1, 1)
    bottom = HEIGHT - BOTTOM

    def points(values: Sequence[Decimal]) -> str:
        return " ".join(
            f"{LEFT + i * span_x:.1f},{bottom - float(v / top) * (bottom - TOP):.1f}"
            for i, v in enumerate(values)
        )

    return Trend(
        width=WIDTH,
        height=HEIGHT,
        plan=points(plan),
        real=points(real),
        labels=tuple((LEFT + i * span_x, text) for i, text in enumerate(labels)),
        top=top,
        baseline=bottom,
    )
