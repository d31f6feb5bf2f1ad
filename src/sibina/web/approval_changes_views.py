"""What consolidation (or an amendment) changed, and why: the complete change list of a version of the plan
approval, paged, filtered by OPD, kind and reason, and downloadable as XLSX. Each reader sees the changes of the
employees in their scope (``sibina.access``): a Kepala OPD their OPD's, BKPSDM, the PPK and the auditor all."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sibina import access
from sibina.approvals import changes, changes_sheet
from sibina.approvals.models import Persetujuan
from sibina.web import downloads, params

PER_PAGE = 100


def _read(
    request: HttpRequest, persetujuan_id: int
) -> tuple[Persetujuan, changes.ChangeFilter, changes.ChangeList]:
    """The version, the filter from the query string (read strictly: a bad value is a 400 naming it) and the
    changes the reader may see."""
    p = access.access_persetujuan(request.user, persetujuan_id)
    scope = access.user_scope(request.user)
    flt = changes.ChangeFilter(
        opd=params.optional_integer(request.GET, "opd", min_value=1),
        kind=params.choice(request.GET, "jenis", changes.KINDS, default=""),
        why=params.choice(request.GET, "alasan", changes.WHYS, default=""),
    )
    found = changes.change_list(persetujuan=p, pegawai_q=access.pegawai_q(scope), flt=flt)
    if flt.opd is not None and flt.opd not in dict(found.opds):
        raise params.BadParameter(
            "opd", _("The parameter “%(name)s” names no OPD with changes you may see.") % {"name": "opd"}
        )
    return p, flt, found


@login_required
@require_GET
def approval_diff(request: HttpRequest, persetujuan_id: int) -> HttpResponse:
    """Every change, a page at a time, with a summary per OPD at the top."""
    p, flt, found = _read(request, persetujuan_id)
    number = params.optional_integer(request.GET, "page", min_value=1) or 1
    page = Paginator(found.rows, PER_PAGE).get_page(number)  # past the last page: the last page
    query = urlencode(flt.as_params())
    return render(
        request,
        "web/approval_diff.html",
        {
            "p": p,
            "flt": flt,
            "found": found,
            "page": page,
            "kinds": [(k, changes.kind_label(k)) for k in changes.KINDS],
            "whys": [(w, changes.why_label(w)) for w in changes.WHYS],
            "xlsx_url": reverse("web:approval_diff_xlsx", args=[p.pk]) + (f"?{query}" if query else ""),
        },
    )


@login_required
@require_GET
def approval_diff_xlsx(request: HttpRequest, persetujuan_id: int) -> HttpResponse:
    """The same filtered change list as a spreadsheet, every row of it."""
    p, _flt, found = _read(request, persetujuan_id)
    return downloads.attachment(
        changes_sheet.changes_workbook(found.rows), changes_sheet.changes_filename(p), downloads.XLSX
    )
