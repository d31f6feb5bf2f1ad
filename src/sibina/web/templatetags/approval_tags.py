"""The decree a plan year is set by, for the plan pages (one query)."""

from __future__ import annotations

from django import template

from sibina.approvals.models import Persetujuan
from sibina.approvals.selectors import cycle_decree as _cycle_decree
from sibina.planning.models import PlanCycle

register = template.Library()


@register.simple_tag
def cycle_decree(cycle: PlanCycle | None) -> Persetujuan | None:
    """``{% cycle_decree cycle as decree %}``: the version of the cycle's plan set by the PPK, or None."""
    return _cycle_decree(cycle_id=cycle.pk) if cycle is not None else None
