"""Pages of delivery: the classes of the decreed plan (BKPSDM manages them; the PPK and the auditor read), one
class with its roster, attendance and completion; the commitment of a leader's people; the employee's own
development (invitations to answer, classes, certificates, JP this year).

A write that the service refuses (a stale version, a class already started, attendance below the minimum) is
shown as a message on the page it came from, naming what is wrong; nothing is saved. The auditor and the PPK
submit nothing: each of their POSTs is 403 and logged.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sibina import access
from sibina.catalogue.models import Kegiatan
from sibina.dashboards.evaluation_tasks import own_evaluation
from sibina.delivery import aksi, domain, evidence, selectors, services
from sibina.delivery.models import Kelas, Peserta, SesiKelas
from sibina.needs.ledger import jp_limits, jp_totals
from sibina.planning.models import PlanCycle
from sibina.roles import Role
from sibina.web import params
from sibina.web.claim_views import claim_context
from sibina.web.commitment_figures import team_figures
from sibina.web.delivery_common import (
    back_to,
    cycle_asked,
    evidence_response,
    refused,
    signed_in,
    uploaded,
    write_kelas,
)
from sibina.web.delivery_money_views import cost_context
from sibina.web.periods import current_year
from sibina.web.substitute_views import substitute_context

PER_PAGE = 50


# --- the classes --------------------------------------------------------------------------------------------------


@login_required
@require_GET
def delivery_list(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    scope = access.require_role(user, "class list", frozenset(access.WIDE_ROLES))
    cycles = selectors.decreed_cycles(scope)
    cycle = cycle_asked(request, cycles)
    rows = selectors.kelas_list(scope=scope, cycle=cycle) if cycle is not None else Kelas.objects.none()
    return render(
        request,
        "web/delivery_list.html",
        {
            "cycles": cycles,
            "cycle": cycle,
            "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
            "planned": selectors.planned_activities(cycle=cycle) if cycle is not None else [],
            "writes": scope.role == Role.BKPSDM,
        },
    )


@login_required
@require_POST
def delivery_create(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    asked = "class create"
    scope = access.require_writer(user, asked, access.BKPSDM_ONLY)
    cycle = access.scoped_get(
        user,
        asked,
        PlanCycle.objects.filter(scope.instansi_q()),
        _("No plan cycle of your agency has this number."),
        pk=params.integer(request.POST, "cycle"),
    )
    kegiatan = access.scoped_get(
        user,
        asked,
        Kegiatan.objects.filter(scope.instansi_q()),
        _("No activity of your agency has this number."),
        pk=params.integer(request.POST, "kegiatan"),
    )
    try:
        kelas = services.kelas_create(
            cycle=cycle,
            kegiatan=kegiatan,
            mulai=params.date(request.POST, "mulai"),
            selesai=params.date(request.POST, "selesai"),
            kapasitas=params.optional_integer(request.POST, "kapasitas", min_value=0, max_value=100_000),
            penyelenggara=params.text(request.POST, "penyelenggara", max_length=200),
            tempat=params.text(request.POST, "tempat", max_length=255),
            tautan=params.text(request.POST, "tautan", max_length=500),
            by=user,
        )
    except ValidationError as err:
        refused(request, err)
        return redirect(f"{_list_url()}?tahun={cycle.tahun}")
    messages.success(
        request,
        _("Class %(nomor)s of %(activity)s opened.") % {"nomor": kelas.nomor, "activity": kegiatan.judul},
    )
    return redirect("web:delivery_detail", kelas_id=kelas.pk)


def _list_url() -> str:
    return reverse("web:delivery_list")


# --- one class -----------------------------------------------------------------------------------------------------


@login_required
@require_GET
def delivery_detail(request: HttpRequest, kelas_id: int) -> HttpResponse:
    user = signed_in(request)
    scope, kelas = access.access_kelas(user, kelas_id)
    sesi = list(kelas.sesi.all())
    urutan = params.optional_integer(request.GET, "sesi", min_value=1, max_value=domain.SESI_MAKS)
    today = timezone.localdate()
    held = [s for s in sesi if s.tanggal <= today]
    chosen = next((s for s in held if s.urutan == urutan), held[-1] if held else None)
    roster = list(selectors.roster(kelas=kelas))
    present = (
        set(chosen.kehadiran.filter(hadir=True).values_list("peserta_id", flat=True))
        if chosen is not None
        else set()
    )
    others = list(
        Kelas.objects.filter(cycle=kelas.cycle, kegiatan=kelas.kegiatan, status=Kelas.Status.DIBUKA).exclude(
            pk=kelas.pk
        )
    )
    writes = scope.role == Role.BKPSDM and kelas.status == Kelas.Status.DIBUKA
    return render(
        request,
        "web/delivery_detail.html",
        {
            "kelas": kelas,
            "sesi": sesi,
            "held": held,
            "chosen": chosen,
            "present": present,
            "roster": roster,
            "live": [p for p in roster if p.live],
            "others": others,
            "writes": writes,
            "can_invite": writes and kelas.mulai > today,
            "ended": bool(sesi) and sesi[-1].tanggal <= today,
            "cost_writes": scope.role == Role.BKPSDM,
            **cost_context(kelas),
            **substitute_context(request, kelas, writes),
            "leadership": aksi.is_leadership(kelas.kegiatan),
        },
    )


def _kelas_write(
    request: HttpRequest, kelas_id: int, write: Callable[..., int], done: Callable[[int], str]
) -> HttpResponse:
    """A write on the whole class carrying the class's version (``write(kelas=, by=, version=)`` returns how
    many it touched, ``done(n)`` says so); a refusal is shown as messages."""
    user, kelas = write_kelas(request, kelas_id)
    try:
        n = write(kelas=kelas, by=user, version=params.integer(request.POST, "version"))
    except ValidationError as err:
        refused(request, err)
    else:
        messages.success(request, done(n))
    return back_to(kelas)


@login_required
@require_POST
def delivery_enrol(request: HttpRequest, kelas_id: int) -> HttpResponse:
    return _kelas_write(
        request,
        kelas_id,
        services.kelas_enrol,
        lambda n: _("%(n)s planned participant(s) enrolled.") % {"n": n},
    )


@login_required
@require_POST
def delivery_invite(request: HttpRequest, kelas_id: int) -> HttpResponse:
    return _kelas_write(
        request, kelas_id, services.kelas_invite, lambda n: _("%(n)s participant(s) invited.") % {"n": n}
    )


@login_required
@require_POST
def delivery_cancel(request: HttpRequest, kelas_id: int) -> HttpResponse:
    user, kelas = write_kelas(request, kelas_id)
    try:
        services.kelas_cancel(
            kelas=kelas,
            alasan=params.text(request.POST, "alasan"),
            by=user,
            version=params.integer(request.POST, "version"),
        )
    except ValidationError as err:
        refused(request, err)
    else:
        messages.success(
            request, _("The class is cancelled; its participants may be enrolled in another class.")
        )
    return back_to(kelas)


@login_required
@require_POST
def delivery_move(request: HttpRequest, kelas_id: int) -> HttpResponse:
    user, kelas = write_kelas(request, kelas_id)
    pk, _sep, seen = params.text(request.POST, "peserta").partition(":")
    peserta = (
        kelas.peserta.filter(pk=int(pk)).first() if params.is_whole(pk) and params.is_whole(seen) else None
    )
    ke_id = params.optional_integer(request.POST, "ke", min_value=1)
    ke = Kelas.objects.filter(instansi_id=kelas.instansi_id, pk=ke_id).first() if ke_id else None
    if peserta is None or ke is None:
        messages.error(request, _("Choose a participant of this class and the class to move them to."))
        return back_to(kelas, "#pindah")
    try:
        services.peserta_move(peserta=peserta, ke=ke, by=user, version=int(seen))
    except ValidationError as err:
        refused(request, err)
    else:
        messages.success(
            request,
            _("%(name)s moved to class %(nomor)s.") % {"name": peserta.pegawai.nama, "nomor": ke.nomor},
        )
    return back_to(kelas, "#pindah")


@login_required
@require_POST
def delivery_attendance(request: HttpRequest, kelas_id: int) -> HttpResponse:
    user, kelas = write_kelas(request, kelas_id)
    sesi = SesiKelas.objects.filter(
        kelas=kelas, pk=params.optional_integer(request.POST, "sesi", min_value=1) or 0
    ).first()
    if sesi is None:
        messages.error(request, _("Choose a session of this class."))
        return back_to(kelas, "#kehadiran")
    ids = [params.parse_int(raw, "hadir", min_value=1) for raw in request.POST.getlist("hadir")]
    try:
        services.kehadiran_record(sesi=sesi, hadir_ids=ids, by=user)
    except ValidationError as err:
        refused(request, err)
    else:
        messages.success(
            request,
            _("Attendance of session %(n)s saved (%(present)s present).")
            % {"n": sesi.urutan, "present": len(ids)},
        )
    return redirect(f"{_detail_url(kelas)}?sesi={sesi.urutan}#kehadiran")


def _detail_url(kelas: Kelas) -> str:
    return reverse("web:delivery_detail", args=[kelas.pk])


@login_required
@require_POST
def delivery_complete(request: HttpRequest, kelas_id: int) -> HttpResponse:
    user, kelas = write_kelas(request, kelas_id)
    peserta = kelas.peserta.filter(
        pk=params.optional_integer(request.POST, "peserta", min_value=1) or 0
    ).first()
    if peserta is None:
        messages.error(request, _("Choose a participant of this class."))
        return back_to(kelas, "#peserta")
    hasil = params.choice(request.POST, "hasil", ("SELESAI", "TIDAK"), default="SELESAI")
    try:
        services.peserta_complete(
            peserta=peserta,
            by=user,
            version=params.integer(request.POST, "version"),
            selesai=hasil == "SELESAI",
            nomor_sertifikat=params.text(request.POST, "nomor_sertifikat", max_length=200),
        )
    except ValidationError as err:
        refused(request, err, peserta.pegawai.nama)
    else:
        messages.success(request, _("Result of %(name)s saved.") % {"name": peserta.pegawai.nama})
    return back_to(kelas, "#peserta")


# --- leaders: their people's commitment -------------------------------------------------------------------------


@login_required
@require_GET
def delivery_team(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    scope = access.require_role(user, "class commitment", access.TEAM_ROLES)
    cycles = selectors.decreed_cycles(scope)
    cycle = cycle_asked(request, cycles)
    status = params.choice(request.GET, "status", list(selectors.STATUS_FILTERS), default="")
    rows = (
        selectors.team_rows(scope=scope, cycle=cycle, status=status)
        if cycle is not None
        else Peserta.objects.none()
    )
    return render(
        request,
        "web/delivery_team.html",
        {
            "absorption": scope.role in access.UNIT_ROLES,
            "cycles": cycles,
            "cycle": cycle,
            "status": status,
            "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
            **(team_figures(user, scope, cycle.tahun) if cycle is not None else {}),
        },
    )


# --- the employee's own development -------------------------------------------------------------------------------


@login_required
@require_GET
def my_development(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    scope = access.require_role(user, "my development")
    tahun = current_year()
    rows = list(selectors.own_rows(pegawai_id=scope.pegawai_id)) if scope.pegawai_id is not None else []
    total = (
        jp_totals(pegawai_ids=[scope.pegawai_id], tahun=tahun).get(
            scope.pegawai_id, (Decimal(0), Decimal(0))
        )[0]
        if scope.pegawai_id is not None
        else Decimal(0)
    )
    today = timezone.localdate()
    return render(
        request,
        "web/my_development.html",
        {
            "has_record": scope.pegawai_id is not None,
            "open": [p for p in rows if p.status in domain.ANSWERABLE and p.kelas.mulai > today],
            "rows": rows,
            "certificates": [p for p in rows if p.hasil == Peserta.Hasil.SELESAI],
            "tahun": tahun,
            "jp": total,
            "minimum": jp_limits(on=today).minimum,
            "writes": scope.role not in access.READ_ONLY,
            "today": today,
            **claim_context(scope),
            "evaluasi": own_evaluation(scope, today),
            "leadership": aksi.own_leadership(pegawai_id=scope.pegawai_id)
            if scope.pegawai_id is not None
            else [],
        },
    )


@login_required
@require_POST
def my_answer(request: HttpRequest, peserta_id: int) -> HttpResponse:
    user = signed_in(request)
    _scope, peserta = access.access_own_peserta(user, peserta_id)
    jawaban = params.choice(request.POST, "jawaban", [j.value for j in domain.Jawaban], default="")
    if not jawaban:
        messages.error(request, _("Choose whether you accept or decline."))
        return redirect("web:my_development")
    try:
        services.peserta_answer(
            peserta=peserta,
            by=user,
            version=params.integer(request.POST, "version"),
            jawaban=domain.Jawaban(jawaban),
            ikrar=request.POST.get("ikrar") == "1",
            alasan=params.text(request.POST, "alasan"),
        )
    except ValidationError as err:
        refused(request, err)
    else:
        messages.success(
            request,
            (
                _("You accepted the invitation to %(activity)s.")
                if jawaban == domain.Jawaban.TERIMA
                else _("You declined the invitation to %(activity)s.")
            )
            % {"activity": peserta.kelas.kegiatan.judul},
        )
    return redirect("web:my_development")


# --- evidence of a completion -----------------------------------------------------------------------------------


def _attach(request: HttpRequest, user: User, peserta: Peserta) -> None:
    got = uploaded(request)
    if got is None:
        messages.error(request, _("Choose the evidence file (PDF, JPEG or PNG)."))
        return
    try:
        evidence.peserta_evidence(
            peserta=peserta,
            by=user,
            version=params.integer(request.POST, "version"),
            name=got[0],
            data=got[1],
        )
    except ValidationError as err:
        refused(request, err)
    else:
        messages.success(request, _("The evidence of %(name)s is attached.") % {"name": peserta.pegawai.nama})


@login_required
@require_POST
def delivery_evidence(request: HttpRequest, kelas_id: int) -> HttpResponse:
    user, kelas = write_kelas(request, kelas_id)
    peserta = kelas.peserta.filter(
        pk=params.optional_integer(request.POST, "peserta", min_value=1) or 0
    ).first()
    if peserta is None:
        messages.error(request, _("Choose a participant of this class."))
    else:
        _attach(request, user, peserta)
    return back_to(kelas, "#peserta")


@login_required
@require_POST
def my_evidence(request: HttpRequest, peserta_id: int) -> HttpResponse:
    user = signed_in(request)
    _scope, peserta = access.access_own_peserta(user, peserta_id)
    _attach(request, user, peserta)
    return redirect(reverse("web:my_development") + "#sertifikat")


@login_required
@require_GET
def evidence_file(request: HttpRequest, peserta_id: int) -> FileResponse:
    """The evidence as an attachment with its sniffed type, to readers whose scope covers the employee."""
    _scope, peserta = access.access_bukti(signed_in(request), peserta_id)
    return evidence_response(
        peserta.bukti, media_type=peserta.bukti_jenis, stem=f"bukti-{peserta.pegawai.nip}-{peserta.pk}"
    )
