"""Evidence of a completion or of a self-claimed development (a certificate scan): PDF, JPEG or PNG, its type
sniffed from the content, its size limited (``SIBINA_BUKTI_MAX_BYTES``, 5 MB by default). Stored with the default
storage under ``MEDIA_ROOT``, which nothing serves: the file is handed out only by the evidence pages, to readers
whose scope covers the employee (``sibina.access.access_bukti``, ``access_klaim``), as an attachment with its
sniffed type."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from sibina.audit.services import audit_record
from sibina.delivery import domain
from sibina.delivery.models import Peserta
from sibina.people.scope import require_actor_instansi
from sibina.roles import Role, role_of
from sibina.versioning import claim

MAX_BYTES = 5 * 1024 * 1024
SNIFF = 16  # bytes read to tell the type


def max_bytes() -> int:
    return int(getattr(settings, "SIBINA_BUKTI_MAX_BYTES", MAX_BYTES))


def _message(problem: domain.BuktiProblem) -> str:
    P = domain.BuktiProblem
    if problem == P.KOSONG:
        return _("The file is empty.")
    if problem == P.BESAR:
        return _("The file is larger than %(mb)s MB.") % {"mb": max_bytes() // (1024 * 1024)}
    if problem == P.JENIS:
        return _("Upload a PDF, JPEG or PNG file.")
    return _(
        "The file's content is not what its name says (is it a renamed file?). Upload the PDF, JPEG or PNG itself."
    )


def checked_type(*, name: str, data: bytes) -> str:
    """The sniffed media type of an evidence file, or a ``bukti`` error naming why it is refused (empty, too
    large, not a PDF/JPEG/PNG by its name, content that is not what the name says)."""
    problem = domain.evidence_problem(name=name, head=data[:SNIFF], size=len(data), max_bytes=max_bytes())
    if problem is not None:
        raise ValidationError({"bukti": _message(problem)})
    media_type = domain.sniff(data[:SNIFF])
    assert media_type is not None
    return media_type


def store(field: FieldFile, *, media_type: str, data: bytes) -> None:
    """Save the file under a random name (never the uploaded one) in ``field``; the file it replaces, if any, is
    deleted once the transaction commits."""
    old = field.name
    ending = domain.BUKTI_TYPES[media_type][1][0]
    field.save(f"{uuid.uuid4().hex}{ending}", ContentFile(data), save=False)
    if old:
        transaction.on_commit(lambda: default_storage.delete(old))


@transaction.atomic
def peserta_evidence(*, peserta: Peserta, by: User, version: int, name: str, data: bytes) -> Peserta:
    """Attach (or replace) the evidence of a completed class: by BKPSDM, or by the employee themself."""
    require_actor_instansi(by, peserta.pegawai.instansi_id)
    own = peserta.pegawai.user_id is not None and peserta.pegawai.user_id == by.pk
    if not own and role_of(by) != Role.BKPSDM:
        raise PermissionDenied(_("Only BKPSDM or the employee may attach the evidence of a completion."))
    with claim(peserta, seen=version):
        if peserta.hasil != Peserta.Hasil.SELESAI:
            raise ValidationError({"bukti": _("Evidence is attached to a completed class.")})
        media_type = checked_type(name=name, data=data)
        store(peserta.bukti, media_type=media_type, data=data)
        peserta.bukti_jenis = media_type
        peserta.bukti_nama = name[-200:]
        peserta.save(update_fields=["bukti", "bukti_jenis", "bukti_nama"])
        audit_record(
            by=by,
            action="delivery.evidence",
            obj=peserta,
            after={"bukti_nama": peserta.bukti_nama, "bukti_jenis": media_type, "bytes": len(data)},
            label=str(peserta),
        )
        return peserta
