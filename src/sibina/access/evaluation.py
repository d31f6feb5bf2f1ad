"""Access to the effect evaluation's runs (the whole-city computation: the wide roles)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sibina.access.core import User, require_role, scoped_get
from sibina.evaluation.models import EvaluasiRun
from sibina.people.scope import WIDE_ROLES


def access_evaluasi_run(user: User, run_id: int) -> EvaluasiRun:
    """A computation of program effects of the account's instansi."""
    asked = f"effect evaluation {run_id}"
    scope = require_role(user, asked, WIDE_ROLES)
    return scoped_get(
        user,
        asked,
        EvaluasiRun.objects.filter(scope.instansi_q("instansi_id")).select_related("instansi", "oleh"),
        _("No such evaluation run."),
        pk=run_id,
    )
