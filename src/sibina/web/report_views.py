"""The plan document (``sibina.reports``) on the web: an OPD's part downloaded at once (a Kepala OPD gets their
own OPD's), the whole city made as a background job whose page follows its progress, then offers the file.
Who may have which part is ``access`` (``access_plan_opd``, ``access_dokumen``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sibina import access
from sibina.people.models import UnitKerja
from sibina.planning.models import Plan
from sibina.reports.models import Dokumen
from sibina.reports.services import dokumen_start, rencana_render
from sibina.web import downloads, params

FORMATS = tuple(Dokumen.Format.values)


def document_links(plan: Plan, unit: UnitKerja | None) -> dict[str, str]:
    """The download addresses of an OPD's part of the plan document, per format (none for a sub-unit)."""
    if unit is None or unit.parent_id is not None:
        return {}
    query = urlencode({"unit": unit.pk})
    return {fmt: f"{reverse(f'web:plan_document_{fmt}', args=[plan.pk])}?{query}" for fmt in FORMATS}


@login_required
@require_GET
def plan_document(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    """One OPD's part of the plan document, made now (a few seconds). A Kepala OPD gets their own OPD's part;
    the wide roles name an OPD (``?unit=``) or are taken to the plan page, where the whole city is made as a
    background job."""
    asked = f"plan {plan_id} document"
    scope = access.require_role(request.user, asked, access.UNIT_ROLES)
    plan = access.access_plan(request.user, plan_id, access.UNIT_ROLES)
    unit_id = params.optional_integer(request.GET, "unit", min_value=1)
    if unit_id is None:
        if scope.sees_all:
            messages.info(request, _("Choose an OPD, or make the whole city's document on this page."))
            return redirect("web:plan_detail", plan_id=plan.pk)
        unit_id = access.kepala_opd(request.user, scope, asked).pk
    unit = access.access_plan_opd(request.user, plan, unit_id)
    rendered = rencana_render(plan=plan, unit=unit, fmt=fmt)
    return downloads.attachment(rendered.content, rendered.filename, rendered.content_type)


@login_required
@require_POST
def plan_document_start(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The whole city's plan document as a background job (BKPSDM, the PPK and the auditor: a read)."""
    access.require_role(request.user, f"plan {plan_id} document", access.WIDE_ROLES)
    plan = access.access_plan(request.user, plan_id, access.WIDE_ROLES)
    fmt = params.text(request.POST, "format")
    if fmt not in FORMATS:
        messages.error(request, _("Choose PDF or XLSX."))
        return redirect("web:plan_detail", plan_id=plan.pk)
    assert isinstance(request.user, User)  # behind login_required
    row = dokumen_start(plan=plan, unit=None, fmt=fmt, lang=(get_language() or "id")[:2], by=request.user)
    return redirect("web:document_job", dokumen_id=row.pk)


@login_required
@require_GET
def document_job(request: HttpRequest, dokumen_id: int) -> HttpResponse:
    return render(request, "web/document_job.html", {"d": access.access_dokumen(request.user, dokumen_id)})


@login_required
@require_GET
def document_job_status(request: HttpRequest, dokumen_id: int) -> HttpResponse:
    """The progress partial the job page polls every 2 s until the document is written or failed."""
    return render(
        request, "web/document_job_status.html", {"d": access.access_dokumen(request.user, dokumen_id)}
    )


@login_required
@require_GET
def document_download(request: HttpRequest, dokumen_id: int) -> HttpResponse:
    d = access.access_dokumen(request.user, dokumen_id)
    if d.status != Dokumen.Status.DONE:
        messages.warning(request, _("The document is not written yet."))
        return redirect("web:document_job", dokumen_id=d.pk)
    return downloads.attachment(bytes(d.isi), d.nama_berkas, d.content_type)
