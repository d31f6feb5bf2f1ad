"""The main menu's links for the signed-in account's role (the rules are in ``sibina.access``)."""

from __future__ import annotations

from typing import Any

from django import template

from sibina.access import Menu, can_open_plan, menu_for, user_scope

register = template.Library()


@register.simple_tag(takes_context=True)
def role_menu(context: dict[str, Any]) -> Menu | None:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    return menu_for(request.user)


@register.simple_tag(takes_context=True)
def may_open_plan(context: dict[str, Any]) -> bool:
    """Whether links to a whole plan (its cycle, its base-plan page) may be shown to the signed-in account."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return False
    return can_open_plan(user_scope(request.user))
