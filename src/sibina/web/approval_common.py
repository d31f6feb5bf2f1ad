"""What the approval pages share: the acting user, the cycle's page, running one service behind a form (its
refusal becomes the page's message), and reading a form's numbers and dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sibina.audit.services import audit_record
from sibina.planning.models import PlanCycle
from sibina.web import params


def user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # behind login_required
    return request.user


def cycle_url(cycle: PlanCycle) -> str:
    return (
        f"{reverse('web:approval_cycle', args=[cycle.tahun])}?{urlencode({'instansi': cycle.instansi.kode})}"
    )


def act(request: HttpRequest, action: Callable[[], object], done: str) -> bool:
    """Run one service; its refusal becomes a message (and a denied role an audited 403)."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    except PermissionDenied as exc:
        audit_record(by=request.user, action="access.denied", note=f"{request.path}: {exc}")
        raise
    messages.success(request, done)
    return True


def form_int(value: str | None, field: str) -> int:
    """A number of a form on the page: a bad one is the form's message (``act``), like a service's refusal."""
    if value and params.is_whole(value):
        return int(value)
    raise ValidationError({field: _("A whole number is required.")})


def form_date(value: str | None, field: str) -> dt.date:
    try:
        return params.parse_date(value or "", field)
    except params.BadParameter as exc:
        raise ValidationError({field: _("Give a date as YYYY-MM-DD.")}) from exc
