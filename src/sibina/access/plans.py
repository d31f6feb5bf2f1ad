"""Loaders of the catalogue and of plans: activities, plan cycles, plans, their OPD and activity parts, runs."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from sibina.access.core import (
    UNIT_ROLES,
    User,
    deny,
    is_bkpsdm,
    require_bkpsdm,
    require_role,
    scoped_get,
    user_scope,
)
from sibina.access.people import access_unit
from sibina.catalogue.models import Kegiatan
from sibina.people.models import Instansi, UnitKerja
from sibina.people.scope import WIDE_ROLES, Scope
from sibina.planning import selectors as plan_selectors
from sibina.planning.models import Plan, PlanCycle, SolverRun
from sibina.reports.models import Dokumen
from sibina.roles import Role


def can_optimise(user: User) -> bool:
    """BKPSDM starts optimisations and downloads the catalogue for editing."""
    return is_bkpsdm(user)


def can_open_plan(scope: Scope) -> bool:
    """The whole plan page (the Kepala OPD is taken to their OPD's part of it)."""
    return scope.role in UNIT_ROLES


def require_optimise(user: User, asked: str = "optimisation") -> Scope:
    scope = require_bkpsdm(user, asked)
    if not can_optimise(user):
        deny(user, 403, asked, message=_("Only BKPSDM may start an optimisation."))
    return scope


def access_kegiatan(user: User, kegiatan_id: int) -> Kegiatan:
    """An activity of the account's instansi's catalogue, with what its page shows."""
    asked = f"activity {kegiatan_id}"
    scope = require_role(user, asked)
    found = scoped_get(
        user,
        asked,
        Kegiatan.objects.filter(scope.instansi_q()),
        _("No such activity in the catalogue."),
        pk=kegiatan_id,
    )
    return plan_selectors.kegiatan_get(kegiatan_id=found.pk) or found  # with its prefetched relations


def access_cycle(user: User, instansi: Instansi, tahun: int) -> PlanCycle:
    """The plan cycle of a year of the account's own agency (``instansi`` from ``access_instansi``)."""
    scope = user_scope(user)
    cycle = (
        plan_selectors.cycle_get(instansi=instansi, tahun=tahun, prefer=tahun)
        if scope.in_instansi(instansi.pk)
        else None
    )
    if cycle is None:
        raise Http404(
            _("%(agency)s has no plan cycle for %(year)s.") % {"agency": instansi.nama, "year": tahun}
        )
    return cycle


def access_plan(user: User, plan_id: int, roles: frozenset[Role] | None = None) -> Plan:
    """A plan of the account's instansi (``roles``: who may open the page; every role when not given)."""
    asked = f"plan {plan_id}"
    scope = require_role(user, asked) if roles is None else require_role(user, asked, roles)
    return scoped_get(
        user,
        asked,
        Plan.objects.filter(scope.instansi_q("cycle__instansi_id")).select_related(
            "cycle__instansi", "skenario", "solver_run"
        ),
        _("No such plan."),
        pk=plan_id,
    )


def access_plan_unit(user: User, plan: Plan, unit_id: int) -> UnitKerja:
    """A unit in scope of the plan's own agency."""
    unit = access_unit(user, unit_id)
    if unit.instansi_id != plan.cycle.instansi_id:
        raise Http404(_("This unit does not belong to the plan's agency."))
    return unit


def access_plan_kegiatan(user: User, plan: Plan, kegiatan_id: int) -> Kegiatan:
    kegiatan = access_kegiatan(user, kegiatan_id)
    if kegiatan.instansi_id != plan.cycle.instansi_id:
        raise Http404(_("This activity does not belong to the plan's agency."))
    return kegiatan


def access_solver_run(user: User, run_id: int) -> SolverRun:
    """An optimisation run of the account's instansi (the wide roles only)."""
    asked = f"optimisation run {run_id}"
    scope = require_role(user, asked, WIDE_ROLES)
    return scoped_get(
        user,
        asked,
        SolverRun.objects.filter(scope.instansi_q("cycle__instansi_id")).select_related(
            "cycle__instansi", "skenario", "oleh", "plan"
        ),
        _("No such optimisation run."),
        pk=run_id,
    )


def access_plan_opd(user: User, plan: Plan, unit_id: int) -> UnitKerja:
    """An OPD (a top-level unit) in scope of the plan's agency: a Kepala OPD's own, any for the wide roles."""
    unit = access_plan_unit(user, plan, unit_id)
    if unit.parent_id is not None:
        raise Http404(_("This unit is not an OPD: the plan document is made per OPD."))
    return unit


def access_dokumen(user: User, dokumen_id: int) -> Dokumen:
    """A plan document made for the account's instansi (the whole-city documents: the wide roles only)."""
    asked = f"plan document {dokumen_id}"
    scope = require_role(user, asked, WIDE_ROLES)
    return scoped_get(
        user,
        asked,
        Dokumen.objects.filter(scope.instansi_q("plan__cycle__instansi_id")).select_related(
            "plan__cycle__instansi", "unit", "oleh"
        ),
        _("No such plan document."),
        pk=dokumen_id,
    )
