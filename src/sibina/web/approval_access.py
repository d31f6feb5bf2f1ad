"""Loaders for the approval pages. Anyone with a role may follow the workflow's stage; an OPD's review is read by
its own Kepala OPD and by those who see everything (BKPSDM, PPK, auditor); a review of another OPD is
"not found". Denied attempts are written to the audit trail."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from sibina.approvals import selectors
from sibina.approvals.models import Persetujuan, ReviewOpd
from sibina.audit.services import audit_record
from sibina.people.scope import scope_for


def _denied(user: AbstractBaseUser | AnonymousUser, what: str) -> None:
    audit_record(by=user, action="access.denied", note=what)


def access_persetujuan(user: AbstractBaseUser | AnonymousUser, persetujuan_id: int) -> Persetujuan:
    found = selectors.persetujuan_get(persetujuan_id=persetujuan_id)
    if found is None or scope_for(user).role is None:
        if found is not None:
            _denied(user, f"approval {persetujuan_id}")
        raise Http404("No such plan approval.")
    return found


def access_review(user: AbstractBaseUser | AnonymousUser, review_id: int) -> ReviewOpd:
    review = selectors.review_get(review_id=review_id)
    if review is None:
        raise Http404("No such OPD review.")
    scope = scope_for(user)
    if not (scope.sees_all or scope.covers_unit(review.unit)):
        _denied(user, f"OPD review {review_id}")
        raise Http404("No such OPD review.")
    return review
