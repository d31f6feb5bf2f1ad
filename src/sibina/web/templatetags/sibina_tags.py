"""Template helpers shared by every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from sibina.people.selectors import synthetic_data_present

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


@register.filter
def percent_of(value: int, maximum: int) -> int:
    """Width of a CSS bar: ``value`` as a whole percentage of ``maximum`` (0 when there is nothing)."""
    if not maximum:
        return 0
    return round(100 * value / maximum)
