"""The home page, built around what waits for the account (``dashboards.tasks``) and then its role's figures
(``dashboards.home``), and the notifications page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sibina import access
from sibina.dashboards import home as figures
from sibina.dashboards.tasks import tasks_for
from sibina.imports.models import ImportBatch
from sibina.notifications.models import Notifikasi
from sibina.notifications.services import mark_read
from sibina.people import selectors
from sibina.people.models import Pegawai
from sibina.people.scope import Scope
from sibina.roles import Role
from sibina.web.periods import current_year, plan_year

DASHBOARD_BATCHES = 5
NOTIFICATIONS_PER_PAGE = 50


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Tasks first, then figures: the city's (wide roles), the OPD's (Kepala OPD), the team's (atasan), one's own
    year (pegawai). An account without a role is told to ask BKPSDM for one."""
    scope = access.user_scope(request.user)
    if scope.role is None:
        return render(request, "web/home.html", {"no_role": True})
    today = timezone.localdate()
    context: dict[str, object] = {
        "role": scope.role,
        "tasks": tasks_for(scope, today),
        "today": today,
        "this_year": current_year(today),
    }
    me = (
        Pegawai.objects.select_related("instansi", "unit").filter(pk=scope.pegawai_id).first()
        if scope.pegawai_id is not None
        else None
    )
    if scope.role == Role.PEGAWAI and me is not None:
        context["own"] = figures.own_year(pegawai=me, tahun=current_year(today), plan_tahun=plan_year(today))
        return render(request, "web/home.html", context)
    context.update(_people_figures(scope))
    if scope.role == Role.ATASAN and me is not None:
        context["team_jp"] = figures.team_jp(atasan=me, tahun=current_year(today))
    if scope.role == Role.KEPALA_OPD and scope.opd is not None:
        context["opd_jp"], context["opd_units_jp"] = figures.opd_jp(opd=scope.opd, tahun=current_year(today))
    if access.can_read_imports(request.user):
        context["batches"] = list(
            ImportBatch.objects.filter(scope.instansi_q())
            .select_related("oleh")
            .order_by("-mulai", "-id")[:DASHBOARD_BATCHES]
        )
        context["show_imports"] = True
    return render(request, "web/home.html", context)


def _people_figures(scope: Scope) -> dict[str, object]:
    top_units, unit_count = _home_units(scope)
    by_jenis = selectors.pegawai_count_by_jenis(within=access.pegawai_q(scope))
    return {
        "scope_label": _scope_label(scope),
        "show_units": scope.sees_all or scope.opd is not None,
        "scope_opd": scope.opd,
        "by_jenis": by_jenis,
        "jenis_max": max((c.jumlah for c in by_jenis), default=0),
        "total_pegawai": sum(c.jumlah for c in by_jenis),
        "top_units": top_units,
        "unit_max": top_units[0].total if top_units else 0,
        "unit_count": unit_count,
    }


def _home_units(scope: Scope) -> tuple[list[selectors.UnitNode], int]:
    """The units the home page ranks (top-level ones, or a Kepala OPD's sub-units) and how many units are in
    scope; nothing for roles without unit figures."""
    if scope.sees_all:
        roots = selectors.unit_tree(instansi_id=scope.instansi_id)
        nodes = selectors.flatten_tree(roots)
    elif scope.opd is not None:
        opd = next(
            (
                n
                for n in selectors.flatten_tree(selectors.unit_tree(instansi_id=scope.instansi_id))
                if n.unit.pk == scope.opd.pk
            ),
            None,
        )
        roots = opd.children if opd is not None else []
        nodes = selectors.flatten_tree([opd]) if opd is not None else []
    else:
        return [], 0
    ranked = sorted((n for n in roots if n.total), key=lambda n: (-n.total, n.unit.nama))
    return ranked, len(nodes)


def _scope_label(scope: Scope) -> str:
    if scope.sees_all:
        return _("all employees")
    if scope.role == Role.KEPALA_OPD and scope.opd is not None:
        return scope.opd.nama
    if scope.role == Role.ATASAN:
        return _("you and your direct subordinates")
    return _("your own record")


@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """The account's own notifications, newest first; those shown unread are marked read once shown."""
    assert request.user.pk is not None  # login_required
    rows = Notifikasi.objects.filter(user_id=request.user.pk).order_by("-created", "-id")
    page = Paginator(rows, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    response = render(request, "web/notifications.html", {"page": page, "items": items})
    mark_read(user_id=request.user.pk, ids=[n.pk for n in items if n.read_at is None])
    return response
