"""Permission-checked loaders: every object a page shows is fetched here, so role and scope checks live in one place.

Whose records a role sees is ``sibina.people.scope``; what a role may open or do is decided here. Denials go
through ``deny``: it writes an ``access.denied`` audit event saying what was asked, then answers

* **404** when the object exists but lies outside the account's scope (the answer is the same as for an object
  that does not exist, so nothing is revealed; only the real attempt is logged), or
* **403** when the role may not do this at all (whatever the object; checked before the object is looked up).

Anonymous visitors are sent to the login page first (``login_required``). An account in no role group sees only
the home page, which tells it to ask BKPSDM for a role; every other page is 403 for it.

====================================  =========  ==============  ==============  ==============  ===========
page                                  BKPSDM     auditor, PPK    Kepala OPD      atasan          pegawai
====================================  =========  ==============  ==============  ==============  ===========
home                                  all        all             OPD figures     own team        self
employees list / detail / plan part   all        all             OPD subtree     team + self     self
unit tree (organisation structure)    all        all             all             all             all
needs overview (city), plan cycle,    all        all             302 to the      403             403
plan of the city                                                 OPD's part
needs per unit, plan per OPD          all        all             own subtree     403             403
JP ledger                             all        all             OPD only        403             403
scenario comparison                   all        all             OPD row only    403             403
optimisation runs                     all        all             403             403             403
plan per activity                     all        all             OPD's people    team + self     self
catalogue (list, detail)              all        all             all             all             all
catalogue workbook (XLSX download)    yes        403             403             403             403
proposals: own page and supervisor    yes        read, no form   yes             yes             own only
inbox
proposals: BKPSDM verification inbox  yes        read, no form   403             403             403
import records                        yes        yes             403             403             403
====================================  =========  ==============  ==============  ==============  ===========

Writes. Only BKPSDM imports files, runs the needs analysis, starts optimisations, downloads the catalogue
workbook and verifies proposals. A supervisor (BKPSDM, Kepala OPD or atasan role) endorses proposals of their
own direct subordinates in scope; an employee proposes for themself (and a supervisor for a direct
subordinate). The auditor and the PPK submit nothing on these pages: each POST they try is 403 and logged
(the PPK's own writes, setting the plan, are the approval pages'). Figures are always limited to the account's
instansi when its employee record names one.

The Kepala OPD decision for city-wide pages (needs overview, plan cycle, plan of the city): a redirect to their
OPD's part rather than a 403, because that part is exactly what they came for (the year's latest base plan;
404 while none has been optimised); a Kepala OPD whose account has no OPD gets 403. The command line (``sibina ...``) is an operator tool run on the server by whoever administers
it; it has no roles and is not checked here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NoReturn

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from sibina.audit.services import audit_record
from sibina.catalogue.models import Kegiatan
from sibina.imports.models import ImportBatch
from sibina.needs.models import Usulan
from sibina.people import domain, selectors
from sibina.people.models import Instansi, Pegawai, StatusPegawai, UnitKerja
from sibina.people.scope import WIDE_ROLES, Scope, scope_for
from sibina.planning import selectors as plan_selectors
from sibina.planning.models import Plan, PlanCycle, SolverRun
from sibina.roles import Role

User = AbstractUser | AnonymousUser

DENIED = "access.denied"
ALL_ROLES = frozenset(Role)
UNIT_ROLES = WIDE_ROLES | {Role.KEPALA_OPD}  # see figures per unit
READ_ONLY = frozenset({Role.AUDITOR, Role.PPK})  # submit nothing on these pages
# Endorse the proposals of their own direct subordinates.
DECIDERS = frozenset({Role.BKPSDM, Role.KEPALA_OPD, Role.ATASAN})
IMPORT_READ_PERMS = ("imports.add_importbatch", "imports.view_importbatch")


# --- denial and the account's scope ----------------------------------------------------------------------


def deny(
    user: User, status: Literal[403, 404], asked: str, *, obj: models.Model | None = None, message: str = ""
) -> NoReturn:
    """Log the refused attempt (who, what was asked, on which object) and answer 403 or 404."""
    audit_record(by=user, action=DENIED, obj=obj, note=asked, after={"status": status, "asked": asked})
    if status == 404:
        raise Http404(message or _("Not found."))
    raise PermissionDenied(message or _("Your role may not do this."))


def user_scope(user: User) -> Scope:
    """The account's scope, read once per request (it is cached on the user object)."""
    cached: Scope | None = getattr(user, "_sibina_scope", None)
    if cached is None:
        cached = scope_for(user)
        user._sibina_scope = cached  # type: ignore[union-attr]
    return cached


def require_role(user: User, asked: str, roles: frozenset[Role] = ALL_ROLES) -> Scope:
    """The scope of an account whose role may open this; 403 (logged) for other roles and for no role."""
    scope = user_scope(user)
    if scope.role is None:
        deny(user, 403, asked, message=_("Your account has no role yet. Ask BKPSDM to give it one."))
    if scope.role not in roles:
        deny(user, 403, asked)
    return scope


def require_writer(user: User, asked: str, roles: frozenset[Role] = ALL_ROLES) -> Scope:
    """As ``require_role``, and never for the read-only roles (auditor, PPK)."""
    return require_role(user, asked, roles - READ_ONLY)


def in_instansi(scope: Scope, instansi_id: int | None) -> bool:
    """An account tied to an instansi sees only that instansi; one without an employee record sees any."""
    return scope.instansi_id is None or scope.instansi_id == instansi_id


def pegawai_q(scope: Scope, prefix: str = "") -> Q:
    """Employees in scope (``prefix`` reaches Pegawai from another model, e.g. ``"pegawai__"``)."""
    q = scope.pegawai_q(prefix)
    if scope.sees_all and scope.instansi_id is not None:
        q &= Q(**{f"{prefix}instansi_id": scope.instansi_id})
    return q


def unit_q(scope: Scope, prefix: str = "") -> Q:
    """Units in scope: all of the instansi, or a Kepala OPD's subtree; none for the other roles."""
    q = scope.unit_q(prefix)
    if scope.sees_all and scope.instansi_id is not None:
        q &= Q(**{f"{prefix}instansi_id": scope.instansi_id})
    return q


def covers_pegawai(scope: Scope, pegawai: Pegawai) -> bool:
    return in_instansi(scope, pegawai.instansi_id) and scope.covers_pegawai(pegawai)


def covers_unit(scope: Scope, unit: UnitKerja) -> bool:
    return in_instansi(scope, unit.instansi_id) and scope.covers_unit(unit)


def kepala_opd(user: User, scope: Scope, asked: str) -> UnitKerja:
    """A Kepala OPD's own OPD; 403 when the account is not tied to an employee of one."""
    if scope.opd is None:
        deny(user, 403, asked, message=_("Your account is not linked to an employee of an OPD."))
    return scope.opd


# --- what a role may do (for pages and menus) --------------------------------------------------------------


def can_see_nik(user: User) -> bool:
    return user.has_perm("people.view_nik")


def is_bkpsdm(user: User) -> bool:
    """BKPSDM staff (or a superuser): import, run the analysis, optimise, verify proposals."""
    return user_scope(user).role == Role.BKPSDM


def require_bkpsdm(user: User, asked: str = "BKPSDM action") -> Scope:
    return require_role(user, asked, frozenset({Role.BKPSDM}))


def can_import(user: User) -> bool:
    return is_bkpsdm(user) and user.has_perm("imports.add_importbatch")


def can_read_imports(user: User) -> bool:
    return user_scope(user).role in WIDE_ROLES and any(user.has_perm(p) for p in IMPORT_READ_PERMS)


def can_optimise(user: User) -> bool:
    """BKPSDM starts optimisations and downloads the catalogue for editing."""
    return is_bkpsdm(user)


def can_decide_proposals(scope: Scope) -> bool:
    return scope.role in DECIDERS


def can_open_plan(scope: Scope) -> bool:
    """The whole plan page (the Kepala OPD is taken to their OPD's part of it)."""
    return scope.role in UNIT_ROLES


@dataclass(frozen=True)
class Menu:
    """Which main-menu links an account gets: only pages its role may open."""

    role: Role | None
    units: bool = False  # needs, JP ledger and plan pages with figures per unit
    imports: bool = False
    own_nip: str = ""  # the account's own employee record, if any


def menu_for(user: User) -> Menu:
    scope = user_scope(user)
    if scope.role is None:
        return Menu(None)
    nip = (
        Pegawai.objects.filter(pk=scope.pegawai_id).values_list("nip", flat=True).first()
        if scope.pegawai_id is not None and scope.role not in UNIT_ROLES
        else None
    )
    return Menu(scope.role, scope.role in UNIT_ROLES, can_read_imports(user), nip or "")


# --- people and units ----------------------------------------------------------------------------------------


def user_pegawai(user: User) -> Pegawai | None:
    """The employee record the signed-in account belongs to, if any."""
    if not user.is_authenticated:
        return None
    return Pegawai.objects.select_related("instansi", "unit").filter(user_id=user.pk).first()


def access_pegawai(user: User, nip: str) -> Pegawai:
    asked = f"pegawai {nip}"
    scope = require_role(user, asked)
    pegawai = selectors.pegawai_get(nip=nip)
    message = _("No employee has this NIP.")
    if pegawai is None:
        raise Http404(message)
    if not covers_pegawai(scope, pegawai):
        deny(user, 404, asked, obj=pegawai, message=message)
    return pegawai


def access_instansi(user: User, kode: str | None = None) -> Instansi:
    """The agency a page is about: the one asked for, else the user's own, else the first one."""
    scope = user_scope(user)
    if kode:
        found = Instansi.objects.filter(kode=kode).first()
        if found is None:
            raise Http404(_("No such agency."))
        if not in_instansi(scope, found.pk):
            deny(user, 404, f"instansi {kode}", obj=found, message=_("No such agency."))
        return found
    own = Instansi.objects.filter(pk=scope.instansi_id).first() if scope.instansi_id is not None else None
    found = own or Instansi.objects.order_by("nama").first()
    if found is None:
        raise Http404(_("No agency has been set up yet."))
    return found


def access_unit(user: User, unit_id: int) -> UnitKerja:
    """A unit whose figures the account may see: any of the instansi, or one of a Kepala OPD's subtree."""
    asked = f"unit {unit_id}"
    scope = require_role(user, asked, UNIT_ROLES)
    unit = UnitKerja.objects.select_related("instansi", "parent").filter(pk=unit_id).first()
    message = _("No such work unit.")
    if unit is None:
        raise Http404(message)
    if not covers_unit(scope, unit):
        deny(user, 404, asked, obj=unit, message=message)
    return unit


# --- import records ------------------------------------------------------------------------------------------


def require_import(user: User) -> Scope:
    scope = require_role(user, "import upload", frozenset({Role.BKPSDM}))
    if not can_import(user):
        deny(user, 403, "import upload", message=_("You may not import files."))
    return scope


def require_import_read(user: User, asked: str = "import records") -> Scope:
    scope = require_role(user, asked, WIDE_ROLES)
    if not can_read_imports(user):
        deny(user, 403, asked, message=_("You may not see import records."))
    return scope


def access_batch(user: User, batch_id: int) -> ImportBatch:
    asked = f"import batch {batch_id}"
    scope = require_import_read(user, asked)
    batch = ImportBatch.objects.select_related("instansi", "oleh").filter(pk=batch_id).first()
    if batch is None:
        raise Http404(_("No such import batch."))
    if not in_instansi(scope, batch.instansi_id):
        deny(user, 404, asked, obj=batch, message=_("No such import batch."))
    return batch


def is_nik_column(kolom: str) -> bool:
    """A file column or model field that holds a NIK ('NIK', 'nik', 'N I K')."""
    return "".join(ch for ch in kolom.lower() if ch.isalpha()) == "nik"


def mask_if_nik(kolom: str, nilai: str) -> str:
    return domain.mask_nik(domain.normalise_nik(nilai)) if nilai and is_nik_column(kolom) else nilai


def visible_cell(user: User, kolom: str, nilai: str) -> str:
    """A value from an import record as this user may see it: NIKs masked without ``people.view_nik``."""
    return nilai if can_see_nik(user) else mask_if_nik(kolom, nilai)


# --- proposals -------------------------------------------------------------------------------------------------


def proposal_subjects(pegawai: Pegawai, scope: Scope | None = None) -> list[Pegawai]:
    """Whom an employee may propose a need for: themself and their active direct subordinates in scope."""
    team = Pegawai.objects.filter(atasan=pegawai, status=StatusPegawai.AKTIF)
    if scope is not None:
        team = team.filter(pegawai_q(scope))
    return [pegawai, *team.order_by("nama", "nip")]


def access_usulan_as_supervisor(user: User, usulan_id: int) -> Usulan:
    """A proposal of one of the user's direct subordinates in scope; anyone else's is 'not found'."""
    asked = f"proposal {usulan_id} (supervisor)"
    scope = require_writer(user, asked, DECIDERS)
    usulan = Usulan.objects.select_related("pegawai").filter(pk=usulan_id).first()
    message = _("No proposal of your direct subordinates has this number.")
    if usulan is None:
        raise Http404(message)
    mine = scope.pegawai_id is not None and usulan.pegawai.atasan_id == scope.pegawai_id
    if not (mine and covers_pegawai(scope, usulan.pegawai)):
        deny(user, 404, asked, obj=usulan, message=message)
    return usulan


def access_usulan_as_bkpsdm(user: User, usulan_id: int) -> Usulan:
    asked = f"proposal {usulan_id} (verification)"
    scope = require_bkpsdm(user, asked)
    usulan = Usulan.objects.select_related("pegawai").filter(pk=usulan_id).first()
    if usulan is None:
        raise Http404(_("No such proposal."))
    if not in_instansi(scope, usulan.pegawai.instansi_id):
        deny(user, 404, asked, obj=usulan, message=_("No such proposal."))
    return usulan


# --- catalogue and plans ---------------------------------------------------------------------------------


def require_optimise(user: User, asked: str = "optimisation") -> Scope:
    scope = require_bkpsdm(user, asked)
    if not can_optimise(user):
        deny(user, 403, asked, message=_("Only BKPSDM may start an optimisation."))
    return scope


def access_kegiatan(user: User, kegiatan_id: int) -> Kegiatan:
    asked = f"activity {kegiatan_id}"
    scope = require_role(user, asked)
    kegiatan = plan_selectors.kegiatan_get(kegiatan_id=kegiatan_id)
    if kegiatan is None:
        raise Http404(_("No such activity in the catalogue."))
    if not in_instansi(scope, kegiatan.instansi_id):
        deny(user, 404, asked, obj=kegiatan, message=_("No such activity in the catalogue."))
    return kegiatan


def access_cycle(user: User, instansi: Instansi, tahun: int) -> PlanCycle:
    """The plan cycle of a year of an agency the caller has already loaded through ``access_instansi``."""
    cycle = plan_selectors.cycle_get(instansi=instansi, tahun=tahun, prefer=tahun)
    if cycle is None:
        raise Http404(
            _("%(agency)s has no plan cycle for %(year)s.") % {"agency": instansi.nama, "year": tahun}
        )
    return cycle


def access_plan(user: User, plan_id: int) -> Plan:
    asked = f"plan {plan_id}"
    scope = require_role(user, asked)
    plan = plan_selectors.plan_get(plan_id=plan_id)
    if plan is None:
        raise Http404(_("No such plan."))
    if not in_instansi(scope, plan.cycle.instansi_id):
        deny(user, 404, asked, obj=plan, message=_("No such plan."))
    return plan


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
    asked = f"optimisation run {run_id}"
    scope = require_role(user, asked, WIDE_ROLES)
    run = plan_selectors.run_get(run_id=run_id)
    if run is None:
        raise Http404(_("No such optimisation run."))
    if not in_instansi(scope, run.cycle.instansi_id):
        deny(user, 404, asked, obj=run, message=_("No such optimisation run."))
    return run
