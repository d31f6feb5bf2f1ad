"""The leaders' pages: a dashboard of one's own people (a Kepala OPD's agency, an atasan's direct
subordinates; BKPSDM, the PPK and the auditor pick any unit) and leaders' engagement per OPD (BKPSDM, PPK,
auditor: every OPD; a Kepala OPD: theirs). Read-only. A pegawai opens neither (403); a unit outside the
account's scope is not found (404, logged)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sibina import access
from sibina.coaching.domain import Ketepatan
from sibina.dashboards import leader
from sibina.delivery.commitment import figures_by_opd
from sibina.evaluation.instruments import ratings_by_opd
from sibina.needs.ledger import top_unit_map
from sibina.people.models import Instansi, Pegawai, UnitKerja
from sibina.people.scope import Scope
from sibina.roles import Role
from sibina.web import params
from sibina.web.periods import current_year, plan_year

ROWS_SHOWN = 50  # of the JP list and of who has not started: the rest is on the JP ledger page
YEARS_BACK = 10


def _signed_in(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _unit_param(request: HttpRequest, user: User, scope: Scope, instansi: Instansi) -> UnitKerja | None:
    """The unit asked for with ``?unit=``: one of the instansi that the account covers, else not found."""
    unit_id = params.optional_integer(request.GET, "unit")
    if unit_id is None:
        return None
    asked = f"leader dashboard unit {unit_id}"
    unit = UnitKerja.objects.filter(instansi=instansi, pk=unit_id).first()
    if unit is None:
        raise Http404(_("No such work unit."))
    if not access.covers_unit(scope, unit):
        access.deny(user, 404, asked, obj=unit, message=_("No such work unit."))
    return unit


def access_team(request: HttpRequest, user: User) -> tuple[Scope, Instansi, leader.Team | None]:
    """Whose dashboard: the unit asked for (wide readers; a Kepala OPD within their OPD), the Kepala OPD's
    OPD, or an atasan's direct subordinates (who cannot pick a unit). Other roles may not open it (403)."""
    scope = access.require_role(user, "leader dashboard", access.LEADER_ROLES)
    if scope.sees_all:
        instansi = access.access_instansi(user, params.text(request.GET, "instansi"))
        unit = _unit_param(request, user, scope, instansi)
        return scope, instansi, leader.Team(instansi, opd=unit) if unit is not None else None
    me = (
        Pegawai.objects.select_related("instansi").filter(pk=scope.pegawai_id).first()
        if scope.pegawai_id is not None
        else None
    )
    if me is None:
        access.deny(
            user, 403, "leader dashboard", message=_("Your account is not linked to an employee record.")
        )
    if scope.role == Role.KEPALA_OPD:
        opd = access.kepala_opd(user, scope, "leader dashboard")
        unit = _unit_param(request, user, scope, me.instansi) or opd
        return scope, me.instansi, leader.Team(me.instansi, opd=unit)
    _unit_param(request, user, scope, me.instansi)  # an atasan covers no unit: any ?unit= is not found
    return scope, me.instansi, leader.Team(me.instansi, atasan=me)


@login_required
@require_GET
def leader_dashboard(request: HttpRequest) -> HttpResponse:
    scope, instansi, team = access_team(request, _signed_in(request))
    tahun, rencana = current_year(), plan_year()
    context: dict[str, object] = {
        "instansi": instansi,
        "team": team,
        "tahun": tahun,
        "plan_year": rencana,
        "opds": list(UnitKerja.objects.filter(instansi=instansi, parent__isnull=True).order_by("nama"))
        if scope.sees_all
        else [],
    }
    if team is not None:
        jp = leader.jp_summary(team=team, tahun=tahun)
        idle = leader.not_started(team=team, tahun=tahun)
        context |= {
            "jp": jp,
            "jp_rows": jp.rows[:ROWS_SHOWN],
            "gaps": leader.top_gaps(team=team, tahun=rencana),
            "plan": leader.plan_status(team=team, tahun=rencana),
            "idle": Paginator(idle, ROWS_SHOWN).get_page(1),
            "komitmen": leader.commitment(team=team, tahun=tahun),
        }
    return render(request, "web/leader_dashboard.html", context)


def _year(request: HttpRequest) -> int:
    """The year asked for with ``?tahun=``: one of the last YEARS_BACK years (the page offers no other)."""
    this_year = current_year()
    return params.year(request.GET, "tahun", default=this_year, first=this_year - YEARS_BACK, last=this_year)


@login_required
@require_GET
def leader_engagement(request: HttpRequest) -> HttpResponse:
    """Per OPD: plan reviews by their deadline, coaching held, behaviour ratings (L3) given of those due."""
    user = _signed_in(request)
    scope = access.require_role(user, "leaders' engagement", access.UNIT_ROLES)
    if scope.sees_all:
        instansi = access.access_instansi(user, params.text(request.GET, "instansi"))
        opd = None
    else:
        opd = access.kepala_opd(user, scope, "leaders' engagement")
        instansi = opd.instansi
    tahun = _year(request)
    rows = leader.engagement(instansi=instansi, tahun=tahun, opd=opd)
    komitmen_rows, komitmen_total = figures_by_opd(instansi=instansi, tahun=tahun, opd=opd)
    return render(
        request,
        "web/leader_engagement.html",
        {
            "instansi": instansi,
            "tahun": tahun,
            "years": list(range(current_year(), current_year() - YEARS_BACK - 1, -1)),
            "rows": rows,
            "total": _total(rows),
            "komitmen_rows": [r for r in komitmen_rows if not r.figures.kosong],
            "komitmen_kosong": sum(r.figures.kosong for r in komitmen_rows),
            "komitmen_total": komitmen_total,
            "komitmen_city": opd is None,
            "perilaku": ratings_by_opd(
                instansi_id=instansi.pk,
                tahun=tahun,
                today=timezone.localdate(),
                top=top_unit_map(instansi=instansi),
            ),
        },
    )


def _total(rows: list[leader.Engagement]) -> dict[str, object]:
    return {
        "reviews": {k.value: sum(r.count(k.value) for r in rows) for k in Ketepatan},
        "reviews_total": sum(r.reviews_total for r in rows),
        "penugasan_aktif": sum(r.penugasan_aktif for r in rows),
        "pembimbing": sum(r.pembimbing for r in rows),
        "sesi": sum(r.sesi for r in rows),
        "sesi_dihitung": sum(r.sesi_dihitung for r in rows),
        "jp": sum((r.jp for r in rows), start=leader.ZERO),
    }
