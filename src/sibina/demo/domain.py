"""Pure helpers of the synthetic city: JP conversion and fair allocation. No ORM.

``jp_for`` applies one JP conversion rule of Peraturan LAN 10/2018 (a ``KonversiJp`` reference row, passed
in as :class:`JpRule`) to a measured activity. It is general, not demo-specific: it belongs in
``reference/domain.py`` once that module exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


class JpRuleError(ValueError):
    """The activity lacks the measure its form's rule needs (e.g. a program form without program JP)."""


@dataclass(frozen=True)
class JpRule:
    """The fields of a ``KonversiJp`` row that the arithmetic needs."""

    satuan: str  # PROGRAM | HARI | SESI | KEGIATAN | JAM (reference.models.SatuanJp)
    jp_per_satuan: Decimal | None = None
    jp_per_satuan_internasional: Decimal | None = None
    faktor_internasional: Decimal | None = None
    batas_jp: Decimal | None = None
    batas_per: str = ""  # HARI | BULAN | ""
    batas_sesi: int | None = None


@dataclass(frozen=True)
class Ukuran:
    """How much of an activity one participant did."""

    hari: int = 1  # days of attendance or access
    sesi: int = 0  # sessions (coaching, mentoring, on-the-job guidance)
    kegiatan: int = 1  # whole activities (secondment, benchmarking visit)
    menit: int = 0  # actual minutes, for forms counted in real hours
    bulan: int = 1  # months the sessions span (for "at most n sessions a month")
    jp_program: Decimal | None = None  # the program's own declared JP
    internasional: bool = False


def jp_for(rule: JpRule, ukuran: Ukuran, *, menit_per_jp: Decimal) -> Decimal:
    """The JP one participant earns, rounded to 2 decimals; caps apply before the international uplift."""
    intl_rate = ukuran.internasional and rule.jp_per_satuan_internasional is not None
    per = rule.jp_per_satuan_internasional if intl_rate else rule.jp_per_satuan
    hours = Decimal(ukuran.menit) / menit_per_jp
    if rule.satuan == "PROGRAM":
        if ukuran.jp_program is None:
            raise JpRuleError("A program form needs the program's declared JP.")
        jp = ukuran.jp_program
    elif rule.satuan == "HARI":
        jp = per * ukuran.hari if per is not None else hours
    elif rule.satuan == "SESI":
        sesi = ukuran.sesi
        if rule.batas_sesi is not None:
            sesi = min(sesi, rule.batas_sesi * (ukuran.bulan if rule.batas_per == "BULAN" else 1))
        jp = _need(per, rule) * sesi
    elif rule.satuan == "KEGIATAN":
        jp = _need(per, rule) * ukuran.kegiatan
    elif rule.satuan == "JAM":
        jp = hours
    else:
        raise JpRuleError(f"Unknown JP unit {rule.satuan!r}.")
    if rule.batas_jp is not None and rule.batas_per == "HARI":
        jp = min(jp, rule.batas_jp * ukuran.hari)
    elif rule.batas_jp is not None and rule.batas_per == "BULAN":
        jp = min(jp, rule.batas_jp * ukuran.bulan)
    if ukuran.internasional and not intl_rate and rule.faktor_internasional is not None:
        jp = jp * rule.faktor_internasional
    return jp.quantize(CENT, rounding=ROUND_HALF_UP)


def _need(per: Decimal | None, rule: JpRule) -> Decimal:
    if per is None:
        raise JpRuleError(f"The {rule.satuan} rule has no JP per unit.")
    return per


def allocate(total: int, weights: Sequence[float], *, minimum: int = 0) -> list[int]:
    """Split ``total`` into integer shares proportional to ``weights`` (largest remainder, ties to the first).

    Each share gets at least ``minimum`` when ``total`` allows it; the result always sums to ``total``.
    """
    n = len(weights)
    if n == 0 or total <= 0:
        return [0] * n
    floor = minimum if minimum * n <= total else 0
    rest = total - floor * n
    weight_sum = sum(weights)
    if weight_sum <= 0:
        weights, weight_sum = [1.0] * n, float(n)
    exact = [rest * w / weight_sum for w in weights]
    shares = [int(x) for x in exact]
    order = sorted(range(n), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: rest - sum(shares)]:
        shares[i] += 1
    return [floor + s for s in shares]


def roman(n: int) -> str:
    """1 -> 'I', 14 -> 'XIV' (batch numbers: 'Angkatan II')."""
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, text in numerals:
        while n >= value:
            out.append(text)
            n -= value
    return "".join(out)
