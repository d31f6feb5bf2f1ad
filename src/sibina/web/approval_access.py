"""Loaders for the approval pages. Anyone with a role may follow the workflow's stage; an OPD's review is read by
its own Kepala OPD and by those who see everything (BKPSDM, PPK, auditor); a review of another OPD is
"not found". Refusals go through ``access.deny``, which writes them to the audit trail."""

from __future__ import annotations

from django.http import Http404

from sibina.approvals import selectors
from sibina.approvals.models import Persetujuan, ReviewOpd
from sibina.web.access import User, deny, user_scope


def access_persetujuan(user: User, persetujuan_id: int) -> Persetujuan:
    found = selectors.persetujuan_get(persetujuan_id=persetujuan_id)
    if found is None:
        raise Http404("No such plan approval.")
    if user_scope(user).role is None:
        deny(user, 404, f"approval {persetujuan_id}", obj=found)
    return found


def access_review(user: User, review_id: int) -> ReviewOpd:
    review = selectors.review_get(review_id=review_id)
    if review is None:
        raise Http404("No such OPD review.")
    scope = user_scope(user)
    if not (scope.sees_all or scope.covers_unit(review.unit)):
        deny(user, 404, f"OPD review {review_id}", obj=review)
    return review
