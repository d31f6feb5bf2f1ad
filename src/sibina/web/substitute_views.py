"""Substitutes on the class page: for someone who dropped out (declined, moved out) BKPSDM asks for proposals —
the next-best eligible employees from the optimiser's ranking within the budget left (``delivery.substitutes``),
each with its reason in words — and confirms one, who is enrolled and can then be invited."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sibina.delivery import substitutes
from sibina.delivery.models import Kelas, Peserta
from sibina.people.models import Pegawai
from sibina.web import params
from sibina.web.delivery_common import back_to, refused, write_kelas


def substitute_context(request: HttpRequest, kelas: Kelas, writes: bool) -> dict[str, object]:
    """What the class page shows BKPSDM of substitutes: who dropped out without a substitute yet and, for the one
    asked (``?pengganti=<enrolment>``), the proposals (the ranking is computed only when asked)."""
    if not writes:
        return {"dropouts": [], "keluar": None, "proposals": []}
    dropouts = substitutes.dropouts(kelas)
    asked = params.optional_integer(request.GET, "pengganti", min_value=1)
    keluar = next((p for p in dropouts if p.pk == asked), None)
    proposals = substitutes.proposals(kelas=kelas, keluar=keluar) if keluar is not None else []
    return {"dropouts": dropouts, "keluar": keluar, "proposals": proposals}


@login_required
@require_POST
def delivery_substitute(request: HttpRequest, kelas_id: int) -> HttpResponse:
    user, kelas = write_kelas(request, kelas_id)
    keluar: Peserta | None = kelas.peserta.filter(
        pk=params.optional_integer(request.POST, "keluar", min_value=1) or 0
    ).first()
    pegawai = Pegawai.objects.filter(
        instansi_id=kelas.instansi_id, pk=params.optional_integer(request.POST, "pegawai", min_value=1) or 0
    ).first()
    if keluar is None or pegawai is None:
        messages.error(request, _("Choose the participant who dropped out and their substitute."))
        return back_to(kelas, "#pengganti")
    try:
        substitutes.substitute_confirm(
            kelas=kelas,
            keluar=keluar,
            pegawai=pegawai,
            by=user,
            version=params.integer(request.POST, "version"),
        )
    except ValidationError as err:
        refused(request, err)
        return back_to(kelas, "#pengganti")
    messages.success(
        request,
        _("%(name)s is enrolled as the substitute for %(gone)s; invite them with the class's invitations.")
        % {"name": pegawai.nama, "gone": keluar.pegawai.nama},
    )
    return back_to(kelas, "#peserta")
