"""The main menu's links for the signed-in account's role (the rules are in ``sibina.access``)."""

from __future__ import annotations

from typing import Any

from django import template

from sibina.access import can_open_plan, menu_for, user_scope
from sibina.web.nav import Item, main_nav

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context: dict[str, Any]) -> list[Item]:
    """The signed-in account's menu items (links and groups of links), the page shown marked."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    match = request.resolver_match
    current = match.url_name if match is not None and match.url_name else ""
    return main_nav(menu_for(request.user), current)


@register.simple_tag(takes_context=True)
def may_open_plan(context: dict[str, Any]) -> bool:
    """Whether links to a whole plan (its cycle, its base-plan page) may be shown to the signed-in account."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return False
    return can_open_plan(user_scope(request.user))
