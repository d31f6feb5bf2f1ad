"""The main menu's links for the signed-in account's role (the rules are in ``sibina.access``)."""

from __future__ import annotations

from typing import Any

from django import template

from sibina.access import Menu, menu_for

register = template.Library()


@register.simple_tag(takes_context=True)
def role_menu(context: dict[str, Any]) -> Menu | None:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    return menu_for(request.user)
