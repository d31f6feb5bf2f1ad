"""Logins, logouts and failed logins in the audit trail, from Django's own authentication signals.

Connected in ``AuditConfig.ready``. A failed login is not *by* anyone known, so it keeps the user name that
was typed (an account of that name, if any, is the object) rather than pretending the account's owner acted.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

from sibina.audit.context import acting_from, client_address, request_address
from sibina.audit.models import AuditEvent
from sibina.audit.services import audit_record, instansi_of

LOGIN = "auth.login"
LOGOUT = "auth.logout"
LOGIN_FAILED = "auth.login_failed"
LOCKED_NOTE = "locked out"  # axes refused (or just started refusing) this user name from this address


def _address(request: HttpRequest | None) -> str:
    return request_address(request) if request is not None else client_address()


def on_logged_in(sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **_: Any) -> None:
    with acting_from(_address(request)):
        audit_record(by=user, action=LOGIN, obj=user)


def on_logged_out(sender: Any, request: HttpRequest | None, user: AbstractBaseUser | None, **_: Any) -> None:
    if user is None:  # logging out without a session: nothing happened
        return
    with acting_from(_address(request)):
        audit_record(by=user, action=LOGOUT, obj=user)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any
) -> None:
    model = get_user_model()
    typed = str(credentials.get(model.USERNAME_FIELD) or credentials.get("username") or "")[:150]
    account = model._default_manager.filter(**{model.USERNAME_FIELD: typed}).first() if typed else None
    locked = bool(getattr(request, "axes_locked_out", False))
    AuditEvent.objects.create(
        instansi_id=instansi_of(account) if account is not None else None,
        username=typed,
        aksi=LOGIN_FAILED,
        objek_tipe=model._meta.label_lower if account is not None else "",
        objek_id=str(account.pk) if account is not None else "",
        objek_label=typed,
        alamat=_address(request),
        keterangan=LOCKED_NOTE if locked else "",
    )
