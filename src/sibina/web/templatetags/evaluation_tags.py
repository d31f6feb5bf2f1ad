"""Exact fractions of the evaluation instruments (response rates, means, N-gain) written the reader's way."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django import template
from django.utils.translation import gettext as _

from sibina import formats

register = template.Library()


def _decimal(value: Fraction, places: int) -> Decimal:
    q = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(q, ROUND_HALF_UP)


@register.filter
def fraction_decimal(value: Any, places: Any = 2) -> str:
    """A fraction with exactly two decimals (half up): "0,70"; "" for none."""
    if value is None:
        return ""
    return formats.desimal(_decimal(Fraction(value), int(places)), int(places))


@register.filter
def fraction_percent(value: Any) -> str:
    """A fraction as a percentage with one place at most: "66,7 %"; "" for none."""
    if value is None:
        return ""
    return formats.persen(_decimal(Fraction(value) * 100, 1), 1)


@register.filter
def rated(ratings: Any, unit_id: Any) -> str:
    """ "3 of 5": behaviour ratings given of those due (``ratings``: OPD id → (given, due)); "—" for none due."""
    given, due = (ratings or {}).get(unit_id, (0, 0))
    return _("%(given)s of %(due)s") % {"given": given, "due": due} if due else "—"
