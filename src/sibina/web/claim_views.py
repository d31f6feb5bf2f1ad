"""Self-claimed development: the employee claims it on "my development" (with the evidence file); BKPSDM verifies
it on the claims page (approve with the JP of the conversion rules, or reject with a reason); the employee's
leaders and the wide roles read the claims of their people there. The evidence file is served like a
completion's: an attachment with its sniffed type, only to readers whose scope covers the employee."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sibina import access
from sibina.delivery import claims, domain, selectors
from sibina.delivery.models import KlaimPengembangan
from sibina.people.scope import Scope
from sibina.reference.selectors import bentuk_map
from sibina.roles import Role
from sibina.web import params
from sibina.web.delivery_common import evidence_response, refused, signed_in, uploaded

PER_PAGE = 50


def claim_context(scope: Scope) -> dict[str, object]:
    """ "My development"'s claims part: the employee's own claims and the forms they may claim."""
    if scope.pegawai_id is None:
        return {"claims": [], "bentuk": []}
    return {
        "claims": list(selectors.own_claims(pegawai_id=scope.pegawai_id)),
        "bentuk": sorted(bentuk_map(on=timezone.localdate()).values(), key=lambda b: b.kode),
    }


def _jp_input(raw: str) -> Decimal:
    """JP as people type them: ``12``, ``12,5`` or ``12.5``; a ``jp_diminta`` error for anything else."""
    text = raw.strip().replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or text.count(".") > 1:
        value = Decimal(-1)
    return value


def _date_input(raw: str, name: str, errors: dict[str, str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        errors[name] = _("Give the date as YYYY-MM-DD.")
        return None


@login_required
@require_POST
def my_claim(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    scope = access.require_writer(user, "development claim")
    back = redirect(reverse("web:my_development") + "#klaim")
    if scope.pegawai_id is None:
        messages.error(request, _("Your account is not linked to an employee record."))
        return back
    errors: dict[str, str] = {}
    bentuk = bentuk_map(on=timezone.localdate()).get(params.text(request.POST, "bentuk", max_length=10))
    if bentuk is None:
        errors["bentuk"] = _("Choose the form of development.")
    mulai = _date_input(params.text(request.POST, "mulai", max_length=20), "mulai", errors)
    selesai = _date_input(params.text(request.POST, "selesai", max_length=20), "selesai", errors)
    got = uploaded(request)
    if got is None:
        errors["bukti"] = _("Choose the evidence file (PDF, JPEG or PNG).")
    if errors or bentuk is None or mulai is None or selesai is None or got is None:
        refused(request, ValidationError(errors))
        return back
    try:
        klaim = claims.klaim_submit(
            by=user,
            bentuk=bentuk,
            judul=params.text(request.POST, "judul", max_length=255),
            penyelenggara=params.text(request.POST, "penyelenggara", max_length=255),
            mulai=mulai,
            selesai=selesai,
            jp_diminta=_jp_input(params.text(request.POST, "jp", max_length=20)),
            internasional=request.POST.get("internasional") == "1",
            name=got[0],
            data=got[1],
        )
    except ValidationError as err:
        refused(request, err)
    else:
        messages.success(
            request, _("Your claim of %(title)s is sent to BKPSDM for verification.") % {"title": klaim.judul}
        )
    return back


@login_required
@require_GET
def claim_queue(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    scope = access.require_role(user, "development claims", access.TEAM_ROLES)
    status = params.choice(request.GET, "status", list(selectors.KLAIM_FILTERS), default="menunggu")
    page = Paginator(selectors.claims(scope=scope, status=status), PER_PAGE).get_page(request.GET.get("page"))
    writes = scope.role == Role.BKPSDM
    rows = []
    for k in page:
        jp, problem = None, ""
        if writes and k.status == KlaimPengembangan.Status.DIAJUKAN:
            try:
                jp = claims.claim_jp(
                    bentuk_kode=k.bentuk.kode,
                    mulai=k.mulai,
                    selesai=k.selesai,
                    jp_diminta=k.jp_diminta,
                    internasional=k.internasional,
                )
            except ValidationError as err:
                problem = " ".join(err.messages)
        rows.append((k, jp, problem))
    return render(
        request,
        "web/claim_queue.html",
        {"page": page, "rows": rows, "status": status, "writes": writes, "alasan_min": domain.ALASAN_MIN},
    )


def _verify(request: HttpRequest, klaim_id: int, approve: bool) -> HttpResponse:
    user = signed_in(request)
    _scope, klaim = access.access_klaim(user, klaim_id, write=True)
    version = params.integer(request.POST, "version")
    try:
        if approve:
            claims.klaim_approve(klaim=klaim, by=user, version=version)
        else:
            claims.klaim_reject(
                klaim=klaim, by=user, version=version, alasan=params.text(request.POST, "alasan")
            )
    except ValidationError as err:
        refused(request, err, klaim.pegawai.nama)
    else:
        messages.success(
            request,
            (
                _("The claim of %(name)s is approved: %(jp)s JP in the ledger.")
                if approve
                else _("The claim of %(name)s is rejected.")
            )
            % {"name": klaim.pegawai.nama, "jp": klaim.jp},
        )
    return redirect(reverse("web:claim_queue"))


@login_required
@require_POST
def claim_approve(request: HttpRequest, klaim_id: int) -> HttpResponse:
    return _verify(request, klaim_id, approve=True)


@login_required
@require_POST
def claim_reject(request: HttpRequest, klaim_id: int) -> HttpResponse:
    return _verify(request, klaim_id, approve=False)


@login_required
@require_GET
def claim_evidence(request: HttpRequest, klaim_id: int) -> FileResponse:
    """The claim's evidence as an attachment with its sniffed type, to readers whose scope covers the employee."""
    _scope, klaim = access.access_klaim(signed_in(request), klaim_id)
    return evidence_response(
        klaim.bukti, media_type=klaim.bukti_jenis, stem=f"klaim-{klaim.pegawai.nip}-{klaim.pk}"
    )
