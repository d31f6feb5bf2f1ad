"""Pages of coaching and mentoring: the assignments in the reader's scope, one assignment with its sessions,
and the writes (assign, log a session, end).

Every account with a role opens the list (a pegawai sees their own coaching and what they give as a mentor).
An assignment outside the account's scope is "not found" (logged by ``access.deny``). The auditor and the PPK
read without forms and every POST of theirs is 403; assigning and ending are for BKPSDM, Kepala OPD and atasan;
logging is for the coach/mentor, the employee's supervisor and BKPSDM (``coaching.permissions``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sibina import access
from sibina.coaching import selectors, services
from sibina.coaching.models import PenugasanPembimbing, SesiBimbingan
from sibina.coaching.permissions import may_assign_for, may_log
from sibina.people.models import Pegawai, UnitKerja
from sibina.people.scope import Scope
from sibina.roles import Role
from sibina.web import params
from sibina.web.coaching_forms import AssignForm, EndForm, LogForm, parse_versioned
from sibina.web.periods import current_year

PER_PAGE = 50
CHOICES_MAX = selectors.CANDIDATES_MAX
ASSIGNERS = frozenset({Role.BKPSDM, Role.KEPALA_OPD, Role.ATASAN})


def _signed_in(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _writes(scope: Scope) -> bool:
    return scope.role not in access.READ_ONLY


def _add_errors(form: Form, err: ValidationError) -> None:
    """A service's refusal shown on the form: on the field it names, else above the form."""
    if hasattr(err, "error_dict"):
        for name, errors in err.message_dict.items():
            form.add_error(name if name in form.fields and name != "version" else None, errors)
    else:
        form.add_error(None, err.messages)


def _posted_pk(request: HttpRequest, name: str) -> int | None:
    try:
        return parse_versioned(request.POST.get(name, ""))[0]
    except ValueError:
        return None


# --- the list ------------------------------------------------------------------------------------------


def _opd_filter(request: HttpRequest, user: User, scope: Scope) -> tuple[list[UnitKerja], UnitKerja | None]:
    """Wide readers may narrow the list to one OPD; a Kepala OPD sees only theirs anyway."""
    if not scope.sees_all:
        return [], None
    instansi = access.access_instansi(user)
    opds = list(UnitKerja.objects.filter(instansi=instansi, parent__isnull=True).order_by("nama"))
    unit_id = params.optional_integer(request.GET, "unit")
    return opds, next((u for u in opds if u.pk == unit_id), None)


AKTIF = {"1": True, "0": False, "semua": None}  # ?aktif=: active, ended, all


def _aktif(value: str) -> bool | None:
    return AKTIF[value]


def _assign_people(scope: Scope, query: str) -> list[Pegawai]:
    people = selectors.assignable(scope)
    if query:
        people = people.filter(Q(nama__icontains=query) | Q(nip__startswith="".join(query.split())))
    return list(people[:CHOICES_MAX])


def _render_list(
    request: HttpRequest,
    *,
    assign_form: AssignForm | None = None,
    log_form: LogForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _signed_in(request)
    scope = access.require_role(user, "coaching list")
    tahun = current_year()
    opds, unit = _opd_filter(request, user, scope)
    aktif_param = params.choice(request.GET, "aktif", AKTIF, default="1")
    rows = selectors.penugasan_list(scope=scope, aktif=_aktif(aktif_param), unit=unit, tahun=tahun)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = params.text(request.GET, "cari").strip()
    writable = _writes(scope)
    if writable and scope.role in ASSIGNERS and assign_form is None:
        assign_form = AssignForm(people=_assign_people(scope, query))
    if writable and log_form is None:
        loggable = list(selectors.loggable(scope)[:CHOICES_MAX])
        log_form = LogForm(choices=loggable) if loggable else None
    return render(
        request,
        "web/coaching_list.html",
        {
            "scope": scope,
            "tahun": tahun,
            "page": page,
            "opds": opds,
            "unit": unit,
            "aktif": aktif_param,
            "cari": query,
            "assign_form": assign_form if writable else None,
            "pembimbing_options": list(selectors.committable(scope)[:CHOICES_MAX]) if assign_form else [],
            "log_form": log_form if writable else None,
        },
        status=status,
    )


@login_required
@require_GET
def coaching_list(request: HttpRequest) -> HttpResponse:
    return _render_list(request)


@login_required
@require_POST
def coaching_assign(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    scope = access.require_writer(user, "coaching assign", ASSIGNERS)
    pk = _posted_pk(request, "pegawai")
    people = list(selectors.assignable(scope).filter(pk=pk)) if pk is not None else []
    form = AssignForm(request.POST, people=people)
    if not form.is_valid():
        return _render_list(request, assign_form=form, status=400)
    pegawai = people[0]
    pembimbing = Pegawai.objects.filter(nip=form.pembimbing_nip()).first()
    if pembimbing is None:
        form.add_error("pembimbing", _("No employee has this NIP."))
        return _render_list(request, assign_form=form, status=400)
    try:
        penugasan = services.penugasan_assign(
            pembimbing=pembimbing,
            pegawai=pegawai,
            jenis=form.cleaned_data["jenis"],
            mulai=form.cleaned_data["mulai"],
            selesai=form.cleaned_data["selesai"],
            tujuan=form.cleaned_data["tujuan"],
            by=user,
            version=form.pegawai_choice()[1],
        )
    except ValidationError as err:
        _add_errors(form, err)
        return _render_list(request, assign_form=form, status=400)
    messages.success(
        request,
        _("%(coach)s now coaches or mentors %(name)s (%(form)s).")
        % {
            "coach": pembimbing.nama_lengkap,
            "name": pegawai.nama_lengkap,
            "form": penugasan.get_jenis_display(),
        },
    )
    return redirect("web:coaching_detail", penugasan_id=penugasan.pk)


@login_required
@require_POST
def coaching_log(request: HttpRequest) -> HttpResponse:
    """Log a session from the list page's form (the assignment is chosen there)."""
    user = _signed_in(request)
    scope = access.require_writer(user, "coaching log")
    pk = _posted_pk(request, "penugasan")
    choices = list(selectors.loggable(scope).filter(pk=pk)) if pk is not None else []
    form = LogForm(request.POST, choices=choices)
    if not form.is_valid():
        return _render_list(request, log_form=form, status=400)
    sesi = _log(request, form, choices[0], user)
    if sesi is None:
        return _render_list(request, log_form=form, status=400)
    return redirect("web:coaching_detail", penugasan_id=sesi.penugasan_id)


# --- one assignment ---------------------------------------------------------------------------------------


def _render_detail(
    request: HttpRequest,
    scope: Scope,
    penugasan: PenugasanPembimbing,
    *,
    log_form: LogForm | None = None,
    end_form: EndForm | None = None,
    status: int = 200,
) -> HttpResponse:
    open_for_writes = penugasan.aktif and _writes(scope)
    if open_for_writes and may_log(scope, penugasan) and log_form is None:
        log_form = LogForm(choices=[penugasan], fixed=True)
    may_end = scope.role in ASSIGNERS and may_assign_for(scope, penugasan.pegawai)
    if open_for_writes and may_end and end_form is None:
        end_form = EndForm(initial={"version": penugasan.version, "selesai": timezone.localdate()})
    return render(
        request,
        "web/coaching_detail.html",
        {
            "penugasan": penugasan,
            "sesi": list(selectors.sesi_list(penugasan=penugasan)),
            "month": selectors.month_use(penugasan=penugasan, on=timezone.localdate()),
            "log_form": log_form if open_for_writes else None,
            "end_form": end_form if open_for_writes else None,
        },
        status=status,
    )


@login_required
@require_GET
def coaching_detail(request: HttpRequest, penugasan_id: int) -> HttpResponse:
    scope, penugasan = access.access_penugasan(_signed_in(request), penugasan_id)
    return _render_detail(request, scope, penugasan)


@login_required
@require_POST
def coaching_log_detail(request: HttpRequest, penugasan_id: int) -> HttpResponse:
    user = _signed_in(request)
    scope, penugasan = access.access_penugasan(user, penugasan_id)
    asked = f"coaching log {penugasan.pk}"
    access.require_writer(user, asked)
    if not may_log(scope, penugasan):
        access.deny(
            user,
            403,
            asked,
            obj=penugasan,
            message=_("Only the coach/mentor, the employee's supervisor or BKPSDM may log a session."),
        )
    form = LogForm(request.POST, choices=[penugasan], fixed=True)
    if (
        form.is_valid()
        and form.penugasan_choice()[0] == penugasan.pk
        and _log(request, form, penugasan, user)
    ):
        return redirect("web:coaching_detail", penugasan_id=penugasan.pk)
    return _render_detail(request, scope, penugasan, log_form=form, status=400)


def _log(
    request: HttpRequest, form: LogForm, penugasan: PenugasanPembimbing, user: User
) -> SesiBimbingan | None:
    """Call the service; its refusal lands on the form (None), a success in the messages."""
    try:
        sesi = services.sesi_log(
            penugasan=penugasan,
            by=user,
            version=form.penugasan_choice()[1],
            tanggal=form.cleaned_data["tanggal"],
            topik=form.cleaned_data["topik"],
            menit=form.cleaned_data["menit"],
            catatan=form.cleaned_data["catatan"],
        )
    except ValidationError as err:
        _add_errors(form, err)
        return None
    if sesi.dihitung:
        messages.success(request, _("Session logged: it counts %(jp)s JP.") % {"jp": sesi.jp})
    elif sesi.alasan == SesiBimbingan.Alasan.SINGKAT:
        messages.warning(
            request,
            _(
                "Session logged, but it counts 0 JP: it lasted %(menit)s minutes, shorter than the "
                "%(min)s minutes a session must last to count."
            )
            % {"menit": sesi.menit, "min": selectors.menit_minimum(on=sesi.tanggal)},
        )
    else:
        messages.warning(
            request,
            _(
                "Session logged, but it counts 0 JP: the monthly limit of counted sessions of this form "
                "was already reached in %(month)s."
            )
            % {"month": formats.date_format(sesi.tanggal, "F Y")},
        )
    return sesi


@login_required
@require_POST
def coaching_end(request: HttpRequest, penugasan_id: int) -> HttpResponse:
    user = _signed_in(request)
    scope, penugasan = access.access_penugasan(user, penugasan_id)
    asked = f"coaching end {penugasan.pk}"
    access.require_writer(user, asked, ASSIGNERS)
    if not may_assign_for(scope, penugasan.pegawai):
        access.deny(user, 403, asked, obj=penugasan, message=_("You may not end this assignment."))
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.penugasan_end(
                penugasan=penugasan, by=user, version=form.cleaned_data["version"], selesai=form.end_date()
            )
        except ValidationError as err:
            _add_errors(form, err)
        else:
            messages.success(request, _("The assignment has ended; its sessions stay on record."))
            return redirect("web:coaching_detail", penugasan_id=penugasan.pk)
    return _render_detail(request, scope, penugasan, end_form=form, status=400)
