"""BKPSDM answers a returned part's comment before consolidating (``approvals.consolidation.review_follow_up``):
a written follow-up and, where the comment asks for it, an activity excluded from the part for one job family or
for everyone in it. The form is on the approval page of the year."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sibina import access
from sibina.approvals.consolidation import review_follow_up
from sibina.reference.models import RumpunJabatan
from sibina.web.approval_common import act, cycle_url, form_int, user


@login_required
@require_POST
def approval_follow_up(request: HttpRequest, review_id: int) -> HttpResponse:
    review = access.access_review(request.user, review_id, access.BKPSDM_ONLY)
    kegiatan = request.POST.get("kegiatan", "")
    rumpun = request.POST.get("rumpun", "")
    excluded: list[int] = []

    def follow_up() -> None:
        if rumpun and rumpun not in RumpunJabatan.values:
            raise ValidationError({"rumpun": _("Unknown job family.")})
        excluded.append(
            review_follow_up(
                review=review,
                by=user(request),
                version=form_int(request.POST.get("version"), "version"),
                tindak_lanjut=request.POST.get("tindak_lanjut", ""),
                kegiatan_id=form_int(kegiatan, "kegiatan") if kegiatan else None,
                rumpun=rumpun,
            )
        )

    if act(request, follow_up, _("The follow-up of the comment is saved.")) and excluded[0]:
        messages.info(
            request,
            _("%(n)s items of the part are excluded; the consolidation will honour that.")
            % {"n": excluded[0]},
        )
    return redirect(cycle_url(review.persetujuan.cycle))
