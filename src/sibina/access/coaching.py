"""Loaders of coaching and mentoring. Who may assign, commit and log is the coaching domain's own rule
(``sibina.coaching.permissions``, enforced by its services too); it is offered here beside the loader."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sibina.access.core import User, require_role, scoped_get
from sibina.coaching.models import PenugasanPembimbing
from sibina.coaching.permissions import may_assign_for, may_commit, may_log
from sibina.coaching.selectors import penugasan_q
from sibina.people.scope import Scope

__all__ = ["access_penugasan", "may_assign_for", "may_commit", "may_log"]


def access_penugasan(user: User, penugasan_id: int) -> tuple[Scope, PenugasanPembimbing]:
    """An assignment the user may see (as leader, learner, coach or wide reader, always of their instansi);
    any other is not found."""
    asked = f"coaching assignment {penugasan_id}"
    scope = require_role(user, asked)
    penugasan = scoped_get(
        user,
        asked,
        PenugasanPembimbing.objects.filter(penugasan_q(scope)).select_related(
            "pembimbing", "pegawai", "pegawai__unit", "pegawai__atasan", "ditugaskan_oleh"
        ),
        _("No coaching assignment in your scope has this number."),
        pk=penugasan_id,
    )
    return scope, penugasan
