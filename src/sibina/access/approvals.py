"""Loaders of the plan approval: a version of the approval, an OPD's review, and which review rows a reader sees.

Every role follows the workflow's stage; the per-OPD figures and the Kepala OPD's comments are for the wide roles
(BKPSDM, PPK, auditor) and, for their own OPD's row only, for each Kepala OPD. An OPD's review page is read by
its own Kepala OPD and by the wide roles; a review of another OPD (or of another instansi) is "not found".
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from sibina.access.core import ALL_ROLES, UNIT_ROLES, User, require_role, scoped_get
from sibina.approvals.models import Persetujuan, ReviewOpd
from sibina.approvals.selectors import ReviewRow
from sibina.people.scope import Scope
from sibina.roles import Role


def access_persetujuan(user: User, persetujuan_id: int, roles: frozenset[Role] = ALL_ROLES) -> Persetujuan:
    """A version of a plan approval of the account's instansi (``roles``: who may do what is asked)."""
    asked = f"approval {persetujuan_id}"
    scope = require_role(user, asked, roles)
    return scoped_get(
        user,
        asked,
        Persetujuan.objects.filter(scope.instansi_q("cycle__instansi_id")).select_related(
            "cycle__instansi", "plan", "plan_sebelum", "amandemen_dari"
        ),
        _("No such plan approval."),
        pk=persetujuan_id,
    )


def access_review(user: User, review_id: int, roles: frozenset[Role] = UNIT_ROLES) -> ReviewOpd:
    """An OPD's review the account covers: any of its instansi (wide roles) or its own OPD's (Kepala OPD)."""
    asked = f"OPD review {review_id}"
    scope = require_role(user, asked, roles)
    return scoped_get(
        user,
        asked,
        ReviewOpd.objects.filter(
            scope.instansi_q("persetujuan__cycle__instansi_id"), scope.unit_q("unit__")
        ).select_related("unit", "persetujuan__cycle__instansi", "persetujuan__plan", "oleh"),
        _("No such OPD review."),
        pk=review_id,
    )


def visible_review_rows(scope: Scope, rows: Sequence[ReviewRow]) -> list[ReviewRow]:
    """The per-OPD rows (figures and comments) a reader may see: all for the wide roles, a Kepala OPD's own
    OPD's row, none for the other roles (they see the stage only)."""
    if scope.sees_all:
        return list(rows)
    if scope.role == Role.KEPALA_OPD and scope.opd is not None:
        return [r for r in rows if r.review.unit_id == scope.opd.pk and scope.covers_unit(r.review.unit)]
    return []
