"""Pages of commitment: the change project (aksi perubahan) of a leadership-training participant — written and
reported on "my development", confirmed by the mentor on "change projects I mentor", listed per class for
BKPSDM (the PPK and the auditor read).

A write the service refuses is shown as a message on the page it came from, naming what is wrong; nothing is
saved. The auditor and the PPK submit nothing: each of their POSTs is 403 and logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sibina import access
from sibina.delivery import aksi
from sibina.web import params
from sibina.web.delivery_common import refused, signed_in

MY_AKSI = "#aksi-perubahan"


def _mine() -> HttpResponse:
    return redirect(reverse("web:my_development") + MY_AKSI)


# --- the participant ----------------------------------------------------------------------------------------------


@login_required
@require_POST
def aksi_save(request: HttpRequest, peserta_id: int) -> HttpResponse:
    """Write or change the change project of one's own accepted leadership class."""
    user = signed_in(request)
    _scope, peserta = access.access_own_peserta(user, peserta_id)
    try:
        aksi.aksi_save(
            peserta=peserta,
            by=user,
            judul=params.text(request.POST, "judul", max_length=300),
            mentor_nip=params.text(request.POST, "mentor_nip", max_length=40),
            version=params.optional_integer(request.POST, "version"),
        )
    except ValidationError as err:
        refused(request, err)
    else:
        messages.success(request, _("Your change project is saved."))
    return _mine()


@login_required
@require_POST
def tonggak_add(request: HttpRequest, aksi_id: int) -> HttpResponse:
    user = signed_in(request)
    _scope, project = access.access_own_aksi(user, aksi_id)
    batas = params.optional_date(request.POST, "batas")
    if batas is None:
        messages.error(request, _("Give the milestone's due date."))
        return _mine()
    try:
        aksi.tonggak_add(
            aksi=project,
            by=user,
            version=params.integer(request.POST, "version"),
            judul=params.text(request.POST, "judul", max_length=300),
            batas=batas,
        )
    except ValidationError as err:
        refused(request, err)
    else:
        messages.success(request, _("The milestone is added."))
    return _mine()


@login_required
@require_POST
def tonggak_report(request: HttpRequest, tonggak_id: int) -> HttpResponse:
    user = signed_in(request)
    _scope, tonggak = access.access_own_tonggak(user, tonggak_id)
    try:
        aksi.tonggak_report(
            tonggak=tonggak,
            by=user,
            version=params.integer(request.POST, "version"),
            catatan=params.text(request.POST, "catatan", max_length=params.NOTE_MAX),
        )
    except ValidationError as err:
        refused(request, err)
    else:
        messages.success(request, _("The milestone is reported done; your mentor is asked to confirm it."))
    return _mine()


# --- the mentor -----------------------------------------------------------------------------------------------------


@login_required
@require_GET
def aksi_mentor(request: HttpRequest) -> HttpResponse:
    """The change projects the account mentors, those with a milestone waiting for confirmation first."""
    user = signed_in(request)
    scope = access.require_role(user, "change projects I mentor")
    rows = list(aksi.mentored(pegawai_id=scope.pegawai_id)) if scope.pegawai_id is not None else []
    return render(
        request,
        "web/aksi_mentor.html",
        {
            "has_record": scope.pegawai_id is not None,
            "rows": rows,
            "today": timezone.localdate(),
            "writes": scope.role not in access.READ_ONLY,
        },
    )


@login_required
@require_POST
def tonggak_confirm(request: HttpRequest, tonggak_id: int) -> HttpResponse:
    user = signed_in(request)
    _scope, tonggak = access.access_mentor_tonggak(user, tonggak_id)
    setuju = params.choice(request.POST, "keputusan", ["setuju", "kembalikan"], default="")
    if not setuju:
        messages.error(request, _("Choose whether you confirm the milestone or return it."))
        return redirect("web:aksi_mentor")
    try:
        aksi.tonggak_confirm(
            tonggak=tonggak,
            by=user,
            version=params.integer(request.POST, "version"),
            setuju=setuju == "setuju",
            catatan=params.text(request.POST, "catatan_mentor", max_length=params.NOTE_MAX),
        )
    except ValidationError as err:
        refused(request, err)
    else:
        messages.success(
            request,
            _("The milestone is confirmed.")
            if setuju == "setuju"
            else _("The milestone is returned to the participant."),
        )
    return redirect("web:aksi_mentor")


# --- BKPSDM: the change projects of a class ----------------------------------------------------------------------


@login_required
@require_GET
def kelas_aksi(request: HttpRequest, kelas_id: int) -> HttpResponse:
    user = signed_in(request)
    _scope, kelas = access.access_kelas(user, kelas_id)
    projects = list(aksi.of_class(kelas=kelas))
    written = {a.peserta_id for a in projects}
    accepted = list(
        kelas.peserta.filter(status="DITERIMA")
        .select_related("pegawai__unit")
        .order_by("pegawai__nama", "id")
    )
    return render(
        request,
        "web/aksi_kelas.html",
        {
            "kelas": kelas,
            "leadership": aksi.is_leadership(kelas.kegiatan),
            "projects": projects,
            "missing": [p for p in accepted if p.pk not in written],
            "today": timezone.localdate(),
        },
    )
