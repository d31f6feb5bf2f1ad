"""Whether the signed-in account may read the audit trail (for the menu link)."""

from __future__ import annotations

from typing import Any

from django import template

from sibina.audit.selectors import can_read_audit

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_reader(context: dict[str, Any]) -> bool:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return False
    # The permission check uses the per-request cache the menu has already filled; only accounts that hold
    # the view permission (BKPSDM, auditor, PPK) cost the query that tells their role apart.
    return bool(request.user.has_perm("audit.view_auditevent")) and can_read_audit(request.user)
