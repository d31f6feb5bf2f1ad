"""What the delivery pages share (classes, substitutes, money, claims): the acting user, a service's refusal as
messages, the decreed year asked for, a class to write on and the way back to its page, an uploaded file read no
further than one byte past the evidence limit, and an evidence file handed out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from sibina import access
from sibina.delivery import domain, evidence
from sibina.delivery.models import Kelas
from sibina.planning.models import PlanCycle
from sibina.web import params


def signed_in(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # behind login_required
    return request.user


def refused(request: HttpRequest, err: ValidationError, prefix: str = "") -> None:
    """A service's refusal as messages, each naming its field (``prefix``: whose it is, e.g. a name)."""
    groups = err.message_dict.values() if hasattr(err, "error_dict") else [err.messages]
    for errors in groups:
        for message in errors:
            messages.error(request, f"{prefix}: {message}" if prefix else message)


def cycle_asked(request: HttpRequest, cycles: list[PlanCycle]) -> PlanCycle | None:
    """The decreed cycle of the year asked (``?tahun=``), else the latest."""
    if not cycles:
        return None
    tahun = params.optional_integer(request.GET, "tahun", min_value=2000, max_value=2100)
    return next((c for c in cycles if c.tahun == tahun), cycles[0])


def write_kelas(request: HttpRequest, kelas_id: int) -> tuple[User, Kelas]:
    """The acting BKPSDM account and the class it writes on (anyone else: 403, logged)."""
    user = signed_in(request)
    _scope, kelas = access.access_kelas(user, kelas_id, write=True)
    return user, kelas


def back_to(kelas: Kelas, anchor: str = "") -> HttpResponse:
    return redirect(reverse("web:delivery_detail", args=[kelas.pk]) + anchor)


def uploaded(request: HttpRequest, field: str = "bukti") -> tuple[str, bytes] | None:
    """The uploaded file's name and bytes, read at most one byte past the evidence limit (the size check says
    the rest); None when no file was sent."""
    upload = request.FILES.get(field)
    if upload is None:
        return None
    return upload.name or "", upload.read(evidence.max_bytes() + 1)


def evidence_response(field: FieldFile, *, media_type: str, stem: str) -> FileResponse:
    """An evidence file as an attachment named ``stem`` plus its type's ending, with its sniffed type and
    ``nosniff`` (the browser never guesses another type)."""
    ending = domain.BUKTI_TYPES.get(media_type, (b"", (".bin",)))[1][0]
    response = FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=f"{stem}{ending}",
        content_type=media_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
