"""Permission-checked loaders: every object a page shows is fetched here, so scoping lives in one place.

Role scoping (an OPD head sees their OPD, an employee sees themself) arrives in a later issue; today every
signed-in user may read the organisation and its people, and import records need an import permission.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from sibina.imports.models import ImportBatch
from sibina.people import domain, selectors
from sibina.people.models import Pegawai

User = AbstractUser | AnonymousUser

IMPORT_READ_PERMS = ("imports.add_importbatch", "imports.view_importbatch")


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
