"""Whether the signed-in account reads the leaders' pages (for the menu link)."""

from __future__ import annotations

from typing import Any

from django import template

from sibina.roles import Role, role_of

register = template.Library()

LEADER_READERS = frozenset({Role.BKPSDM, Role.AUDITOR, Role.PPK, Role.KEPALA_OPD, Role.ATASAN})


@register.simple_tag(takes_context=True)
def leader_reader(context: dict[str, Any]) -> bool:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return False
    return role_of(request.user) in LEADER_READERS  # cached on the user: no query after the first
