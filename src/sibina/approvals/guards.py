"""The checks every approval write makes first: the actor's role, the approval's stage, and the one way a stage
changes (through the workflow's allowed moves, with its audit event)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from sibina.approvals import domain
from sibina.approvals.models import Persetujuan
from sibina.audit.services import audit_record
from sibina.planning.models import PlanCycle, Skenario
from sibina.planning.services import OPTIMISE, StartPurpose
from sibina.roles import Role, role_of

Tahap = Persetujuan.Tahap


def require_role(user: User, role: Role, what: str) -> None:
    if role_of(user) != role:
        raise PermissionDenied(_("Only %(role)s may %(what)s.") % {"role": role.value, "what": what})


def require_stage(p: Persetujuan, *allowed: str) -> None:
    if p.tahap not in allowed:
        raise ValidationError(
            _("The plan is at the stage “%(stage)s”; this step is not possible now.")
            % {"stage": p.get_tahap_display()}
        )


def move_stage(
    p: Persetujuan, target: str, by: User, action: str, note: str = "", after: dict[str, object] | None = None
) -> None:
    """Change the stage of an approval whose version the caller has already claimed or bumped."""
    if not domain.may_move(p.tahap, target):
        raise ValidationError(_("The plan cannot go from this stage to that one."))
    before = {"tahap": p.tahap}
    p.tahap = target
    p.save()
    audit_record(
        by=by, action=action, obj=p, before=before, after={"tahap": target, **(after or {})}, note=note
    )


def decree_refuses_optimise(cycle: PlanCycle, skenario: Skenario | None, purpose: StartPurpose) -> str | None:
    """A start guard of planning: the base plan of a cycle set by decree is not optimised again; it is amended
    (the amendment's consolidation is its own purpose and passes). Scenarios stay open: they are what-ifs."""
    if skenario is not None or purpose.action != OPTIMISE.action:
        return None
    decree = Persetujuan.objects.filter(cycle=cycle, tahap=Tahap.DITETAPKAN).order_by("-versi").first()
    if decree is None:
        return None
    return _(
        "The plan of this year is set by decree %(nomor)s; it is not optimised again. To change it, amend it on "
        "the approval page."
    ) % {"nomor": decree.nomor_keputusan}
