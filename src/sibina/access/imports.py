"""Loaders and rules of the import records: only BKPSDM imports; the wide roles read the records."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sibina.access.core import BKPSDM_ONLY, User, deny, is_bkpsdm, require_role, scoped_get, user_scope
from sibina.imports.models import ImportBatch, PemetaanUnit
from sibina.people.scope import WIDE_ROLES, Scope

IMPORT_READ_PERMS = ("imports.add_importbatch", "imports.view_importbatch")


def can_import(user: User) -> bool:
    return is_bkpsdm(user) and user.has_perm("imports.add_importbatch")


def can_read_imports(user: User) -> bool:
    return user_scope(user).role in WIDE_ROLES and any(user.has_perm(p) for p in IMPORT_READ_PERMS)


def require_import(user: User) -> Scope:
    scope = require_role(user, "import upload", BKPSDM_ONLY)
    if not can_import(user):
        deny(user, 403, "import upload", message=_("You may not import files."))
    if scope.instansi_id is None:  # it would otherwise be offered every agency to import into
        deny(
            user,
            403,
            "import upload",
            message=_("Your account is not linked to an agency. Ask BKPSDM to link it."),
        )
    return scope


def require_import_read(user: User, asked: str = "import records") -> Scope:
    scope = require_role(user, asked, WIDE_ROLES)
    if not can_read_imports(user):
        deny(user, 403, asked, message=_("You may not see import records."))
    return scope


def access_batch(user: User, batch_id: int) -> ImportBatch:
    """An import batch of the account's instansi; another instansi's is not found."""
    asked = f"import batch {batch_id}"
    scope = require_import_read(user, asked)
    return scoped_get(
        user,
        asked,
        ImportBatch.objects.filter(scope.instansi_q()).select_related("instansi", "oleh"),
        _("No such import batch."),
        pk=batch_id,
    )


def access_pemetaan(user: User, pemetaan_id: int) -> PemetaanUnit:
    """A unit mapping of the agency the account imports into; only importers (BKPSDM) edit mappings."""
    asked = f"unit mapping {pemetaan_id}"
    scope = require_import(user)
    return scoped_get(
        user,
        asked,
        PemetaanUnit.objects.filter(scope.instansi_q()).select_related("unit"),
        _("No such unit mapping."),
        pk=pemetaan_id,
    )
