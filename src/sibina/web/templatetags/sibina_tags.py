"""Template helpers shared by every page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.http import HttpRequest
from django.template import Context
from django.utils.translation import gettext as _

from sibina import demo_clock as clock
from sibina.evaluation import selectors as evaluation_selectors
from sibina.people.selectors import synthetic_data_present
from sibina.planning import reasons
from sibina.planning.models import KebutuhanTakTerlayani, Plan, PlanItem
from sibina.planning.reasons import Names
from sibina.planning.selectors import plan_reason_names

register = template.Library()


@register.simple_tag(takes_context=True)
def synthetic_data(context: dict[str, Any]) -> bool:
    """True when any synthetic (demo) employee exists; asked once per request."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return synthetic_data_present()
    cached = getattr(request, "_sibina_synthetic", None)
    if cached is None:
        cached = synthetic_data_present()
        request._sibina_synthetic = cached  # type: ignore[attr-defined]
    return bool(cached)


@register.simple_tag
def demo_today() -> dt.date | None:
    """The simulated day of a demo (SIBINA_DEMO_TODAY), or None."""
    return clock.demo_today()


@register.filter
def percent_of(value: int, maximum: int) -> int:
    """Width of a CSS bar: ``value`` as a whole percentage of ``maximum`` (0 when there is nothing)."""
    if not maximum:
        return 0
    return round(100 * value / maximum)


# --- reasons in words (planning.reasons), in the reader's language -------------------------------------------


def _names(context: Context | dict[str, Any], plan_id: int) -> Names:
    """The names reasons are worded with, read once per request and plan."""
    request: HttpRequest | None = context.get("request")
    cache: dict[int, Names] = getattr(request, "_sibina_reason_names", None) or {}
    if plan_id not in cache:
        cache[plan_id] = plan_reason_names(plan_id=plan_id)
        if request is not None:
            request._sibina_reason_names = cache  # type: ignore[attr-defined]
    return cache[plan_id]


@register.simple_tag(takes_context=True)
def item_reason(context: Context, item: PlanItem) -> str:
    """Why a plan item was chosen, worded from its data (``{% item_reason item %}`` or ``… as why``)."""
    why = reasons.item_reason(item.alasan_data, _names(context, item.plan_id), fallback=item.alasan)
    if item.kegiatan_id in _to_review(context, item):
        flag = _(
            "the latest evaluation found no improvement in service quality after this program: review its method"
        )
        why = f"{why} · {flag}" if why else flag
    return why


def _to_review(context: Context | dict[str, Any], item: PlanItem) -> set[int]:
    """The programs to review (latest verdict), read once per request."""
    request: HttpRequest | None = context.get("request")
    found: set[int] | None = getattr(request, "_sibina_to_review", None)
    if found is None:
        found = evaluation_selectors.to_review(instansi_id=item.plan.cycle.instansi_id)
        if request is not None:
            request._sibina_to_review = found  # type: ignore[attr-defined]
    return found


@register.simple_tag(takes_context=True)
def unserved_reason(context: Context, need: KebutuhanTakTerlayani) -> str:
    """Why a need is left open, worded from the optimiser's facts."""
    return reasons.unserved_reason(need.alasan_data, _names(context, need.plan_id), fallback=need.keterangan)


@register.simple_tag(takes_context=True)
def marginal_text(context: Context, plan: Plan) -> str:
    """What more budget would buy, worded from the figures stored on the plan ("" when not measured)."""
    return reasons.marginal_text(plan.marginal, _names(context, plan.pk))
