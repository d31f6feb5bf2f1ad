"""Pages of the needs analysis: city and OPD overviews with heatmaps, the JP ledger, and proposals.

Who may open what is decided in ``access`` (see its docstring): the city overview is for the roles that see the
whole instansi, a Kepala OPD is taken to their OPD's page, and the JP ledger shows a Kepala OPD their OPD only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Protocol

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sibina import access
from sibina.competency import selectors as competency_selectors
from sibina.needs import selectors
from sibina.needs import services as needs_services
from sibina.needs.models import Kebutuhan, Usulan
from sibina.people import selectors as people_selectors
from sibina.people.models import Instansi, UnitKerja
from sibina.people.scope import WIDE_ROLES
from sibina.reference.selectors import MissingReference
from sibina.roles import Role
from sibina.web import params
from sibina.web.forms import JpFilterForm, NeedsFilterForm, UsulanDecisionForm, UsulanForm
from sibina.web.periods import current_year, plan_year

logger = logging.getLogger(__name__)

NEEDS_PER_PAGE = 50
JP_PER_PAGE = 50
INBOX_PER_PAGE = 25


class DecideFn(Protocol):
    """The shape of both decision services (supervisor's endorsement, BKPSDM's verification)."""

    def __call__(self, *, usulan: Usulan, by: User, approve: bool, catatan: str, version: int) -> Usulan: ...


# Column heads of the per-unit table (the full source name is the column's tooltip).
PRIORITY_SCALE = 100  # a priority score is out of 100 points (competency.domain.priority)
SOURCE_SHORT = {
    "GAP": gettext_lazy("Gap"),
    "SUKSESI": gettext_lazy("Next position"),
    "KINERJA": gettext_lazy("SKP"),
    "USULAN": gettext_lazy("Proposal"),
    "WAJIB": gettext_lazy("Mandatory"),
}


def _source_labels() -> list[tuple[str, str]]:
    """(short, full) label of each source, in the order of ``selectors.SOURCES``."""
    labels = dict(Kebutuhan.Sumber.choices)
    return [(str(SOURCE_SHORT[s]), str(labels[s])) for s in selectors.SOURCES]


def _with_defaults(request: HttpRequest, **defaults: object) -> QueryDict:
    """The query string with defaults filled in, so a filter form shows the values the page uses."""
    data = request.GET.copy()
    for key, value in defaults.items():
        if not data.get(key):
            data[key] = str(value)
    return data


def _signed_in(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind ``login_required``)."""
    assert isinstance(request.user, User)
    return request.user


# --- needs overviews ---------------------------------------------------------------------------------


@login_required
@require_GET
def needs_overview(request: HttpRequest) -> HttpResponse:
    """The city: needs per OPD and the OPD × competency heatmap (a Kepala OPD is sent to their OPD's page)."""
    reader = access.require_role(request.user, "needs overview", access.UNIT_ROLES)
    if not reader.sees_all:
        opd = access.kepala_opd(request.user, reader, "needs overview")
        return redirect(f"{reverse('web:needs_unit', args=[opd.pk])}?{request.GET.urlencode()}")
    instansi = access.access_instansi(request.user, params.text(request.GET, "instansi"))
    form = NeedsFilterForm(_with_defaults(request, tahun=plan_year()))
    tahun = form.tahun_or(plan_year())
    scope = selectors.scope_for(instansi=instansi)
    return render(
        request,
        "web/needs_overview.html",
        {
            "instansi": instansi,
            "instansi_list": [instansi] if reader.instansi_id else list(Instansi.objects.order_by("nama")),
            "form": form,
            "tahun": tahun,
            "plan_year": plan_year(),
            "summary": selectors.needs_summary(scope=scope, tahun=tahun),
            "heat": selectors.heatmap(scope=scope, tahun=tahun, sumber=form.heat_sumber()),
            "source_labels": _source_labels(),
            "can_run": access.is_bkpsdm(request.user),
        },
    )


@login_required
@require_GET
def needs_unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    """One OPD (or any unit): its sub-units × competency heatmap and its highest-priority needs."""
    unit = access.access_unit(request.user, unit_id)
    form = NeedsFilterForm(_with_defaults(request, tahun=plan_year()))
    tahun = form.tahun_or(plan_year())
    scope = selectors.scope_for(instansi=unit.instansi, root=unit)
    needs = selectors.kebutuhan_list(scope=scope, tahun=tahun, sumber=form.sumber_value())
    page = Paginator(needs, NEEDS_PER_PAGE).get_page(request.GET.get("page"))
    jpm = competency_selectors.jpm_for_unit(unit, on=timezone.localdate()).values()
    jpm_counts = {code: 0 for code, _k in competency_selectors.JPM_PEMETAAN}
    for result in jpm:
        if result.pemetaan:
            jpm_counts[result.pemetaan] += 1
    return render(
        request,
        "web/needs_unit.html",
        {
            "unit": unit,
            "unit_path": people_selectors.unit_ancestors(unit=unit),
            "form": form,
            "tahun": tahun,
            "summary": selectors.needs_summary(scope=scope, tahun=tahun),
            "heat": selectors.heatmap(scope=scope, tahun=tahun, sumber=form.heat_sumber()),
            "page": page,
            "source_labels": _source_labels(),
            "jpm_counts": [
                (code, competency_selectors.KATEGORI_LABELS[code], n) for code, n in jpm_counts.items()
            ],
            "jpm_unassessed": sum(1 for r in jpm if r.pemetaan is None),
            "skm_unscored": (skm := selectors.skm_unscored_points(tahun=tahun, instansi=unit.instansi)),
            "skm_max": PRIORITY_SCALE - skm,
        },
    )


@login_required
@require_POST
def needs_run(request: HttpRequest) -> HttpResponse:
    """BKPSDM rebuilds the needs list for the plan year (idempotent: the same facts give the same list)."""
    access.require_bkpsdm(request.user, "needs analysis run")
    instansi = access.access_instansi(request.user, params.text(request.POST, "instansi"))
    tahun = plan_year()
    try:
        summary = needs_services.needs_analyse(instansi=instansi, tahun=tahun)
    except MissingReference:
        logger.exception("Needs analysis of %s %s lacks a reference value", instansi.kode, tahun)
        messages.error(
            request,
            _(
                "The analysis could not run: a regulatory setting it needs has no value for %(year)s. "
                "Check the reference tables in the admin."
            )
            % {"year": tahun},
        )
    else:
        messages.success(
            request,
            _(
                "Needs analysis %(year)s done: %(needs)s needs for %(employees)s employees; "
                "%(unassessed)s have no valid assessment."
            )
            % {
                "year": summary.tahun,
                "needs": summary.needs,
                "employees": summary.employees,
                "unassessed": summary.unassessed,
            },
        )
    return redirect(
        f"{reverse('web:needs_overview')}?{urlencode({'instansi': instansi.kode, 'tahun': str(tahun)})}"
    )


# --- the JP ledger -----------------------------------------------------------------------------------


@login_required
@require_GET
def jp_ledger(request: HttpRequest) -> HttpResponse:
    """The 20 JP page: city and OPD rates, PNS below the minimum and PPPK above the maximum (a Kepala OPD sees
    their OPD only)."""
    scope = access.require_role(request.user, "JP ledger", access.UNIT_ROLES)
    own = None if scope.sees_all else access.kepala_opd(request.user, scope, "JP ledger")
    instansi = (
        own.instansi
        if own is not None
        else access.access_instansi(request.user, params.text(request.GET, "instansi"))
    )
    opds = list(UnitKerja.objects.filter(instansi=instansi, parent__isnull=True).order_by("id"))
    if own is not None:
        opds = [u for u in opds if u.pk == own.pk]
    form = JpFilterForm(_with_defaults(request, tahun=current_year()), opds=opds)
    tahun = form.tahun_or(current_year())
    overview = selectors.jp_overview(instansi=instansi, tahun=tahun, opd=own)
    status = form.status_value()
    rows = selectors.jp_rows(overview, status=status, opd_id=form.opd_id())
    page = Paginator(rows, JP_PER_PAGE).get_page(request.GET.get("page"))
    people = selectors.pegawai_for([r.pegawai_id for r in page.object_list])
    return render(
        request,
        "web/jp_ledger.html",
        {
            "instansi": instansi,
            "opd": own,
            "form": form,
            "tahun": tahun,
            "overview": overview,
            "status": status,
            "page": page,
            "items": [(r, people[r.pegawai_id]) for r in page.object_list if r.pegawai_id in people],
        },
    )


# --- proposals ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def usulan_page(request: HttpRequest) -> HttpResponse:
    """Propose a development need (for oneself or a direct subordinate) and follow one's proposals."""
    user = _signed_in(request)
    if request.method == "POST":
        scope = access.require_writer(user, "proposal submit")
    else:
        scope = access.require_role(user, "proposals")
    me = access.user_pegawai(user)
    tahun = plan_year()
    form: UsulanForm | None = None
    if me is not None and scope.role not in access.READ_ONLY:
        subjects = access.proposal_subjects(me, scope)
        initial_pegawai = params.optional_integer(request.GET, "pegawai")
        form = UsulanForm(
            request.POST if request.method == "POST" else None,
            subjects=subjects,
            initial={"pegawai": initial_pegawai} if initial_pegawai is not None else None,
        )
        if request.method == "POST" and form.is_valid():
            try:
                usulan = needs_services.usulan_submit(
                    pegawai=form.subject(),
                    tahun=tahun,
                    kompetensi=form.cleaned_data["kompetensi"],
                    level_target=form.cleaned_data["level_target"],
                    uraian=form.cleaned_data["uraian"],
                    by=user,
                )
            except needs_services.ProposalError as err:
                _add_errors(form, err)
            else:
                messages.success(
                    request,
                    _("Proposal %(id)s for %(name)s was sent to the supervisor.")
                    % {"id": usulan.pk, "name": usulan.pegawai.nama_lengkap},
                )
                return redirect("web:usulan")
    elif request.method == "POST":
        messages.error(request, _("Your account is not linked to an employee record, so it cannot propose."))
    return render(
        request,
        "web/usulan.html",
        {
            "form": form,
            "tahun": tahun,
            "me": me,
            "mine": list(selectors.usulan_by_submitter(user_id=user.pk)[:100]),
            "is_supervisor": me is not None and access.can_decide_proposals(scope) and me.bawahan.exists(),
            "sees_verification": scope.role in WIDE_ROLES,
            "read_only": scope.role in access.READ_ONLY,
        },
        status=400 if form is not None and form.errors else 200,
    )


def _add_errors(form: UsulanForm, err: ValidationError) -> None:
    if hasattr(err, "error_dict"):
        for field, errors in err.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, err.messages)


@login_required
@require_GET
def usulan_inbox_atasan(request: HttpRequest) -> HttpResponse:
    """Proposals of the supervisor's direct subordinates (in scope) waiting for a decision."""
    scope = access.require_role(request.user, "proposal inbox (supervisor)")
    me = access.user_pegawai(request.user)
    rows = (
        selectors.usulan_inbox_atasan(atasan=me, within=access.pegawai_q(scope, "pegawai__"))
        if me is not None
        else Usulan.objects.none()
    )
    page = Paginator(rows, INBOX_PER_PAGE).get_page(request.GET.get("page"))
    can_decide = access.can_decide_proposals(scope) and scope.role not in access.READ_ONLY
    return render(
        request,
        "web/usulan_inbox.html",
        {"mode": "atasan", "me": me, "page": page, "items": _with_forms(page.object_list, can_decide)},
    )


def _with_forms(rows: Iterable[Usulan], can_decide: bool) -> list[tuple[Usulan, UsulanDecisionForm | None]]:
    """Each proposal with its decision form, which carries the version the person saw (none for readers)."""
    return [(u, UsulanDecisionForm(initial={"version": u.version}) if can_decide else None) for u in rows]


@login_required
@require_GET
def usulan_inbox_bkpsdm(request: HttpRequest) -> HttpResponse:
    """Proposals endorsed by supervisors, waiting for BKPSDM's verification (read by the auditor and the PPK)."""
    scope = access.require_role(request.user, "proposal inbox (verification)", WIDE_ROLES)
    instansi = access.access_instansi(request.user, params.text(request.GET, "instansi"))
    page = Paginator(selectors.usulan_inbox_bkpsdm(instansi=instansi), INBOX_PER_PAGE).get_page(
        request.GET.get("page")
    )
    items = _with_forms(page.object_list, scope.role == Role.BKPSDM)
    return render(
        request,
        "web/usulan_inbox.html",
        {"mode": "bkpsdm", "instansi": instansi, "page": page, "items": items},
    )


@login_required
@require_POST
def usulan_decide_atasan(request: HttpRequest, usulan_id: int) -> HttpResponse:
    usulan = access.access_usulan_as_supervisor(request.user, usulan_id)
    _decide(request, usulan, needs_services.usulan_decide_supervisor)
    return redirect("web:usulan_atasan")


@login_required
@require_POST
def usulan_decide_bkpsdm(request: HttpRequest, usulan_id: int) -> HttpResponse:
    usulan = access.access_usulan_as_bkpsdm(request.user, usulan_id)
    _decide(request, usulan, needs_services.usulan_verify)
    return redirect("web:usulan_bkpsdm")


def _decide(request: HttpRequest, usulan: Usulan, service: DecideFn) -> None:
    """Apply a decision; a stale version, a wrong step or a missing reason comes back as the service's message."""
    form = UsulanDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The decision form was incomplete; nothing was changed."))
        return
    try:
        decided = service(
            usulan=usulan,
            by=_signed_in(request),
            approve=form.approve(),
            catatan=form.cleaned_data["catatan"],
            version=form.cleaned_data["version"],
        )
    except needs_services.ProposalError as err:
        messages.error(
            request,
            _("Proposal %(id)s: %(reason)s") % {"id": usulan.pk, "reason": " ".join(err.messages)},
        )
        return
    messages.success(
        request,
        _("Proposal %(id)s for %(name)s: %(status)s.")
        % {"id": decided.pk, "name": decided.pegawai.nama_lengkap, "status": decided.get_status_display()},
    )
