"""The geometry of a unit's IKM-over-time chart, drawn by the page as inline SVG (no script, no CDN).

Converted IKM (two decimals) per survey on the y axis, the surveys in time order on the x axis, and the quality
bands (A/B/C/D, from the bounds in force) shaded behind the line so the category of each point can be read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sibina.evaluation.domain import MutuBands

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 24, 18, 34
INSET = 36  # the first and last points stand this far inside the plot, so their labels fit
Y_TOP = Decimal(100)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # the period
    value: Decimal  # converted IKM
    mutu: str


@dataclass(frozen=True)
class Band:
    mutu: str
    y: float
    height: float


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: float  # x of the plot's right edge
    bottom: float  # y of the plot's bottom edge
    points: tuple[Point, ...]
    bands: tuple[Band, ...]
    ticks: tuple[Tick, ...]

    @property
    def plot_width(self) -> float:
        return self.right - self.left

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def chart(values: Sequence[tuple[str, Decimal, str]], bands: MutuBands) -> Chart | None:
    """``values``: (period, converted IKM, category) in time order; None when there is nothing to draw."""
    if not values:
        return None
    low = min(v for _p, v, _m in values)
    floor = Decimal(max(25, min(60, int(low // 5) * 5 - 5)))  # a little room below the lowest point
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(value: Decimal) -> float:
        share = (min(Y_TOP, max(floor, value)) - floor) / (Y_TOP - floor)
        return TOP + plot_h * (1 - float(share))

    step = (plot_w - 2 * INSET) / max(1, len(values) - 1)
    x0 = LEFT + (plot_w / 2 if len(values) == 1 else INSET)
    points = tuple(
        Point(x=x0 + i * step, y=y_of(v), label=p, value=v, mutu=m) for i, (p, v, m) in enumerate(values)
    )
    edges = [(Y_TOP, bands.a_min, "A"), (bands.a_min, bands.b_min, "B"), (bands.b_min, bands.c_min, "C")]
    edges.append((bands.c_min, floor, "D"))
    drawn = tuple(
        Band(mutu=m, y=y_of(hi), height=y_of(lo) - y_of(hi)) for hi, lo, m in edges if hi > floor and lo < hi
    )
    ticks = tuple(Tick(y=y_of(Decimal(v)), value=v) for v in range(int(floor), 101, 5 if floor >= 50 else 10))
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        bottom=HEIGHT - BOTTOM,
        points=points,
        bands=drawn,
        ticks=ticks,
    )
