"""Permission-checked loaders: every object a page shows is fetched here, so scoping lives in one place.

Role scoping (an OPD head sees their OPD, an employee sees themself) arrives in a later issue; today every
signed-in user may read the organisation, its people and their needs, and import records need an import
permission. Proposals are decided by the employee's direct supervisor (``Pegawai.atasan``) and verified by
BKPSDM (members of the "Admin BKPSDM" group, or superusers). Plans and the catalogue are read by every signed-in
user; only BKPSDM starts an optimisation or downloads the catalogue workbook.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from sibina.catalogue.models import Kegiatan
from sibina.imports.models import ImportBatch
from sibina.needs.models import Usulan
from sibina.people import domain, selectors
from sibina.people.models import Instansi, Pegawai, StatusPegawai, UnitKerja
from sibina.planning import selectors as plan_selectors
from sibina.planning.models import Plan, PlanCycle, SolverRun

User = AbstractUser | AnonymousUser

IMPORT_READ_PERMS = ("imports.add_importbatch", "imports.view_importbatch")
BKPSDM_GROUP = "Admin BKPSDM"


def can_see_nik(user: User) -> bool:
    return user.has_perm("people.view_nik")


def can_import(user: User) -> bool:
    return user.has_perm("imports.add_importbatch")


def can_read_imports(user: User) -> bool:
    return any(user.has_perm(p) for p in IMPORT_READ_PERMS)


def access_pegawai(user: User, nip: str) -> Pegawai:
    pegawai = selectors.pegawai_get(nip=nip)
    if pegawai is None:
        raise Http404(_("No employee has this NIP."))
    return pegawai


def require_import(user: User) -> None:
    if not can_import(user):
        raise PermissionDenied(_("You may not import files."))


def require_import_read(user: User) -> None:
    if not can_read_imports(user):
        raise PermissionDenied(_("You may not see import records."))


def access_batch(user: User, batch_id: int) -> ImportBatch:
    require_import_read(user)
    batch = ImportBatch.objects.select_related("instansi", "oleh").filter(pk=batch_id).first()
    if batch is None:
        raise Http404(_("No such import batch."))
    return batch


def is_nik_column(kolom: str) -> bool:
    """A file column or model field that holds a NIK ('NIK', 'nik', 'N I K')."""
    return "".join(ch for ch in kolom.lower() if ch.isalpha()) == "nik"


def mask_if_nik(kolom: str, nilai: str) -> str:
    return domain.mask_nik(domain.normalise_nik(nilai)) if nilai and is_nik_column(kolom) else nilai


def visible_cell(user: User, kolom: str, nilai: str) -> str:
    """A value from an import record as this user may see it: NIKs masked without ``people.view_nik``."""
    return nilai if can_see_nik(user) else mask_if_nik(kolom, nilai)


# --- needs analysis and proposals ---------------------------------------------------------------------


def is_bkpsdm(user: User) -> bool:
    """BKPSDM staff: verify proposals and run the needs analysis."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=BKPSDM_GROUP).exists()


def require_bkpsdm(user: User) -> None:
    if not is_bkpsdm(user):
        raise PermissionDenied(_("Only BKPSDM may do this."))


def user_pegawai(user: User) -> Pegawai | None:
    """The employee record the signed-in account belongs to, if any."""
    if not user.is_authenticated:
        return None
    return Pegawai.objects.select_related("instansi", "unit").filter(user_id=user.pk).first()


def access_instansi(user: User, kode: str | None = None) -> Instansi:
    """The agency a page is about: the one asked for, else the user's own, else the first one."""
    if kode:
        found = Instansi.objects.filter(kode=kode).first()
        if found is None:
            raise Http404(_("No such agency."))
        return found
    own = Instansi.objects.filter(pegawai__user_id=user.pk).first() if user.is_authenticated else None
    found = own or Instansi.objects.order_by("nama").first()
    if found is None:
        raise Http404(_("No agency has been set up yet."))
    return found


def access_unit(user: User, unit_id: int) -> UnitKerja:
    unit = UnitKerja.objects.select_related("instansi", "parent").filter(pk=unit_id).first()
    if unit is None:
        raise Http404(_("No such work unit."))
    return unit


def proposal_subjects(pegawai: Pegawai) -> list[Pegawai]:
    """Whom an employee may propose a need for: themself and their active direct subordinates."""
    team = list(Pegawai.objects.filter(atasan=pegawai, status=StatusPegawai.AKTIF).order_by("nama", "nip"))
    return [pegawai, *team]


def access_usulan_as_supervisor(user: User, usulan_id: int) -> Usulan:
    """A proposal of one of the user's direct subordinates; anyone else's is 'not found'."""
    me = user_pegawai(user)
    usulan = (
        Usulan.objects.select_related("pegawai").filter(pk=usulan_id, pegawai__atasan=me).first()
        if me is not None
        else None
    )
    if usulan is None:
        raise Http404(_("No proposal of your direct subordinates has this number."))
    return usulan


def access_usulan_as_bkpsdm(user: User, usulan_id: int) -> Usulan:
    require_bkpsdm(user)
    usulan = Usulan.objects.select_related("pegawai").filter(pk=usulan_id).first()
    if usulan is None:
        raise Http404(_("No such proposal."))
    return usulan


# --- catalogue and plans ---------------------------------------------------------------------------------


def can_optimise(user: User) -> bool:
    """BKPSDM starts optimisations and downloads the catalogue for editing."""
    return is_bkpsdm(user)


def require_optimise(user: User) -> None:
    if not can_optimise(user):
        raise PermissionDenied(_("Only BKPSDM may start an optimisation."))


def access_kegiatan(user: User, kegiatan_id: int) -> Kegiatan:
    kegiatan = plan_selectors.kegiatan_get(kegiatan_id=kegiatan_id)
    if kegiatan is None:
        raise Http404(_("No such activity in the catalogue."))
    return kegiatan


def access_cycle(user: User, instansi: Instansi, tahun: int) -> PlanCycle:
    cycle = plan_selectors.cycle_get(instansi=instansi, tahun=tahun, prefer=tahun)
    if cycle is None:
        raise Http404(
            _("%(agency)s has no plan cycle for %(year)s.") % {"agency": instansi.nama, "year": tahun}
        )
    return cycle


def access_plan(user: User, plan_id: int) -> Plan:
    plan = plan_selectors.plan_get(plan_id=plan_id)
    if plan is None:
        raise Http404(_("No such plan."))
    return plan


def access_plan_unit(user: User, plan: Plan, unit_id: int) -> UnitKerja:
    """A unit of the plan's own agency."""
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
    run = plan_selectors.run_get(run_id=run_id)
    if run is None:
        raise Http404(_("No such optimisation run."))
    return run
