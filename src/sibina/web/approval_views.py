"""Pages of the plan approval: the workflow of a budget year, an OPD's review, and what consolidation changed.
Reads go through ``approvals.selectors``; every action posts to a view that calls one service, and shows the
service's refusal (wrong role, wrong stage, stale version) as a message instead of an error page."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sibina import access
from sibina.approvals import decisions, domain, selectors, services, tasks
from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.catalogue.models import Kegiatan
from sibina.people.models import Pegawai, UnitKerja
from sibina.planning.models import Plan, PlanCycle, PlanItem, SolverRun
from sibina.roles import Role, role_of
from sibina.web import params
from sibina.web.approval_common import act as _act
from sibina.web.approval_common import cycle_url as _cycle_url
from sibina.web.approval_common import form_date as _date
from sibina.web.approval_common import form_int as _int
from sibina.web.approval_common import user as _user
from sibina.web.periods import plan_year
from sibina.web.report_views import document_links

ITEMS_PER_PAGE = 50
NOMOR_MAX = 100  # the length of Persetujuan.nomor_keputusan
SORT_CHOICES = frozenset(selectors.SORTS) | {"-" + k for k in selectors.SORTS}
SORT_LABELS = {
    "pegawai": gettext_lazy("Employee"),
    "jabatan": gettext_lazy("Position"),
    "unit": gettext_lazy("Unit"),
    "kegiatan": gettext_lazy("Activity"),
    "triwulan": gettext_lazy("Quarter"),
    "biaya": gettext_lazy("Cost (Rp)"),
}
KEEP = ("q", "unit", "jabatan", "kegiatan", "triwulan", "keputusan", "sort", "page")  # a review page's state
PPK_ONLY = frozenset({Role.PPK})
KEPALA_ONLY = frozenset({Role.KEPALA_OPD})


# --- the workflow of a budget year ------------------------------------------------------------------------------


@login_required
@require_GET
def approval_current(request: HttpRequest) -> HttpResponse:
    """The approval of the year being planned (next year), or of the latest cycle there is."""
    access.require_role(request.user, "approval")
    instansi = access.access_instansi(request.user, params.text(request.GET, "instansi"))
    cycle = PlanCycle.objects.filter(instansi=instansi, tahun=plan_year()).first() or (
        PlanCycle.objects.filter(instansi=instansi).order_by("-tahun").first()
    )
    if cycle is None:
        messages.info(request, _("No plan cycle has been set up yet."))
        return redirect("web:plan_cycle_current")
    return redirect(_cycle_url(cycle))


@login_required
@require_GET
def approval_cycle(request: HttpRequest, tahun: int) -> HttpResponse:
    """The stage for every role; the per-OPD figures and comments only as ``access.visible_review_rows`` allows."""
    scope = access.require_role(request.user, f"approval {tahun}")
    instansi = access.access_instansi(request.user, params.text(request.GET, "instansi"))
    cycle = access.access_cycle(request.user, instansi, tahun)
    versions = selectors.persetujuan_list(cycle=cycle)
    current = versions[0] if versions else None
    rows = access.visible_review_rows(
        scope, selectors.review_rows(persetujuan=current, today=timezone.localdate()) if current else []
    )
    runs = (
        SolverRun.objects.filter(cycle=cycle, parameters__persetujuan=current.pk).order_by("-mulai")[:3]
        if current
        else []
    )
    follow_ups = (
        [(r, selectors.follow_up_choices(review=r)) for r in selectors.returned_reviews(persetujuan=current)]
        if current is not None
        and current.tahap == Persetujuan.Tahap.DIKIRIM
        and role_of(request.user) == Role.BKPSDM
        else []
    )
    summary = (
        selectors.decree_summary(persetujuan=current)
        if current is not None and current.tahap == Persetujuan.Tahap.DIKONSOLIDASI and scope.sees_all
        else None
    )
    return render(
        request,
        "web/approval_cycle.html",
        {
            "cycle": cycle,
            "instansi": instansi,
            "current": current,
            "versions": versions,
            "rows": rows,
            "my_rows": [r for r in rows if scope.opd is not None and r.review.unit_id == scope.opd.pk],
            "overdue": sum(1 for r in rows if r.overdue),
            "is_bkpsdm": role_of(request.user) == Role.BKPSDM,
            "is_ppk": role_of(request.user) == Role.PPK,
            "base_plans": Plan.objects.filter(cycle=cycle, skenario=None).select_related("solver_run")[:5],
            "runs": runs,
            "summary": summary,
            "follow_ups": follow_ups,
            "follow_ups_open": sum(1 for r, _c in follow_ups if not r.tindak_lanjut),
            "today": timezone.localdate(),
            # The plan document of the plan under approval: the whole city for the wide roles, a Kepala OPD's part.
            "doc_plan": current.plan if current is not None and scope.sees_all else None,
            "doc_links": document_links(current.plan, scope.opd)
            if current is not None and scope.role == Role.KEPALA_OPD
            else {},
            "default_deadline": timezone.localdate() + dt.timedelta(days=14),
            "default_set_deadline": timezone.localdate() + dt.timedelta(days=28),
            "setting_overdue": bool(
                current
                and current.tahap == Persetujuan.Tahap.DIKONSOLIDASI
                and current.batas_penetapan
                and timezone.localdate() > current.batas_penetapan
            ),
        },
    )


@login_required
@require_POST
def approval_start(request: HttpRequest, tahun: int) -> HttpResponse:
    access.require_role(request.user, f"approval start {tahun}", access.BKPSDM_ONLY)
    instansi = access.access_instansi(request.user, params.text(request.POST, "instansi"))
    cycle = access.access_cycle(request.user, instansi, tahun)
    plan = get_object_or_404(Plan, pk=params.integer(request.POST, "plan"), cycle=cycle)
    _act(
        request,
        lambda: services.persetujuan_start(plan=plan, by=_user(request)),
        _("The plan is up for approval."),
    )
    return redirect(_cycle_url(cycle))


@login_required
@require_POST
def approval_send(request: HttpRequest, persetujuan_id: int) -> HttpResponse:
    p = access.access_persetujuan(request.user, persetujuan_id, access.BKPSDM_ONLY)
    _act(
        request,
        lambda: services.persetujuan_send(
            persetujuan=p,
            by=_user(request),
            version=_int(request.POST.get("version"), "version"),
            batas=_date(request.POST.get("batas"), "batas"),
            batas_penetapan=(
                _date(request.POST.get("batas_penetapan"), "batas_penetapan")
                if request.POST.get("batas_penetapan")
                else None
            ),
        ),
        _("The plan was sent to the OPDs for review."),
    )
    return redirect(_cycle_url(p.cycle))


@login_required
@require_POST
def approval_consolidate(request: HttpRequest, persetujuan_id: int) -> HttpResponse:
    p = access.access_persetujuan(request.user, persetujuan_id, access.BKPSDM_ONLY)
    started: list[SolverRun] = []
    ok = _act(
        request,
        lambda: started.append(
            tasks.consolidate_start(
                persetujuan=p,
                by=_user(request),
                version=_int(request.POST.get("version"), "version"),
                force=request.POST.get("force") == "1",
            )
        ),
        _("Re-optimising under the OPDs' locks and exclusions…"),
    )
    if ok and started:
        return redirect(reverse("web:plan_run", args=[started[0].pk]))
    return redirect(_cycle_url(p.cycle))


@login_required
@require_POST
def approval_set(request: HttpRequest, persetujuan_id: int) -> HttpResponse:
    p = access.access_persetujuan(request.user, persetujuan_id, PPK_ONLY)
    _act(
        request,
        lambda: services.persetujuan_set(
            persetujuan=p,
            by=_user(request),
            version=_int(request.POST.get("version"), "version"),
            nomor=params.text(request.POST, "nomor", max_length=NOMOR_MAX),
            tanggal=_date(request.POST.get("tanggal"), "tanggal_keputusan"),
            alasan_tanpa_telaah=params.text(request.POST, "alasan_tanpa_telaah", max_length=params.NOTE_MAX),
        ),
        _("The plan is set and frozen."),
    )
    return redirect(_cycle_url(p.cycle))


@login_required
@require_POST
def approval_amend(request: HttpRequest, persetujuan_id: int) -> HttpResponse:
    p = access.access_persetujuan(request.user, persetujuan_id, access.BKPSDM_ONLY)
    _act(
        request,
        lambda: services.persetujuan_amend(
            persetujuan=p,
            by=_user(request),
            version=_int(request.POST.get("version"), "version"),
            alasan=params.text(request.POST, "alasan", max_length=params.NOTE_MAX),
        ),
        _("An amendment was opened as a new version of the plan."),
    )
    return redirect(_cycle_url(p.cycle))


# --- an OPD's review ---------------------------------------------------------------------------------------------


def _review_filter(review: ReviewOpd, data: QueryDict) -> selectors.ReviewFilter:
    """The filter of an OPD's review page from its parameters, read strictly (a bad one is a 400)."""
    unit_id = params.optional_integer(data, "unit")
    unit = None
    if unit_id is not None:
        unit = UnitKerja.objects.filter(pk=unit_id, path__startswith=review.unit.path).first()
        if unit is None:
            raise params.BadParameter(
                "unit", _("The parameter “%(name)s” names no unit of this OPD.") % {"name": "unit"}
            )
    return selectors.ReviewFilter(
        q=params.text(data, "q").strip(),
        unit=unit,
        jabatan=params.optional_integer(data, "jabatan"),
        kegiatan=params.optional_integer(data, "kegiatan"),
        triwulan=params.optional_integer(data, "triwulan", min_value=1, max_value=4),
        keputusan=params.choice(data, "keputusan", selectors.DECISION_FILTERS, default=""),
        sort=params.choice(data, "sort", SORT_CHOICES, default="pegawai"),
    )


def _can_edit(request: HttpRequest, review: ReviewOpd) -> bool:
    scope = access.user_scope(request.user)
    return (
        role_of(request.user) == Role.KEPALA_OPD
        and scope.opd is not None
        and scope.opd.pk == review.unit_id
        and review.persetujuan.tahap == Persetujuan.Tahap.DIKIRIM
        and review.status == ReviewOpd.Status.MENUNGGU
    )


@login_required
@require_GET
def review_page(request: HttpRequest, review_id: int) -> HttpResponse:
    """An OPD's part: filtered, searched, sorted and paged; each row's buttons follow its decision. The number
    of queries does not grow with the size of the part (asserted in tests/approvals/test_review_scale.py)."""
    review = access.access_review(request.user, review_id)
    flt = _review_filter(review, request.GET)
    number = params.optional_integer(request.GET, "page", min_value=1) or 1
    page = Paginator(selectors.review_items(review=review, flt=flt), ITEMS_PER_PAGE).get_page(number)
    items = list(page)
    by_pair = selectors.decisions_by_pair(
        persetujuan=review.persetujuan, pegawai_ids={i.pegawai_id for i in items}
    )
    can_edit = _can_edit(request, review)
    mandatory = selectors.mandatory_items(cycle=review.persetujuan.cycle, items=items) if can_edit else set()
    rows = []
    for item in items:
        ds = by_pair.get((item.pegawai_id, item.kegiatan_id), [])
        pin = next((d for d in ds if d.jenis != Keputusan.Jenis.CATATAN), None)
        rows.append((item, ds, pin, item.pk in mandatory))
    return render(
        request,
        "web/approval_review.html",
        {
            "review": review,
            "p": review.persetujuan,
            "page": page,
            "q": flt.q,
            "flt": flt,
            "keep_qs": "?" + urlencode({**flt.as_params(), "page": str(page.number)}),
            "filter_keep": list(flt.as_params().items()),
            "choices": selectors.review_filter_choices(review=review),
            "sorts": [
                (
                    k,
                    SORT_LABELS[k],
                    f"-{k}" if flt.sort == k else k,  # a second click on the sorted column reverses it
                    "▲" if flt.sort == k else "▼" if flt.sort == f"-{k}" else "",
                )
                for k in selectors.SORTS
            ],
            "decision_filters": [
                (Keputusan.Jenis.KUNCI, _("Locked")),
                (Keputusan.Jenis.KECUALI, _("Excluded")),
                (Keputusan.Jenis.CATATAN, _("With a note")),
                (selectors.NO_DECISION, _("No decision")),
            ],
            "rows": rows,
            "decisions": selectors.review_decisions(review=review),
            "decisions_total": review.keputusan.count(),
            "can_edit": can_edit,
            "overdue": domain.is_overdue(
                deadline=review.batas,
                decided=review.status != ReviewOpd.Status.MENUNGGU,
                today=timezone.localdate(),
            ),
            "Jenis": Keputusan.Jenis,
        },
    )


@login_required
@require_GET
def review_swap_pick(request: HttpRequest, review_id: int) -> HttpResponse:
    """The employees of the OPD eligible to take an item's place, with their gap and cost, to pick one."""
    review = access.access_review(request.user, review_id, KEPALA_ONLY)
    item = (
        PlanItem.objects.select_related("pegawai__unit", "pegawai__jabatan", "kegiatan")
        .filter(
            pk=params.integer(request.GET, "item"),
            plan_id=review.persetujuan.plan_id,
            pegawai__unit__path__startswith=review.unit.path,
        )
        .first()
    )
    if item is None:
        raise params.BadParameter("item", _("This plan item is not part of this OPD's review."))
    q = params.text(request.GET, "cari").strip()
    return render(
        request,
        "web/approval_review_swap.html",
        {
            "review": review,
            "p": review.persetujuan,
            "item": item,
            "cari": q,
            "candidates": selectors.swap_candidates(review=review, item=item, q=q),
            "limit": selectors.CANDIDATES_MAX,
            "can_edit": _can_edit(request, review),
            "keep_qs": _keep_qs(request),
            "keep": [(k, request.GET[k]) for k in KEEP if request.GET.get(k)],
        },
    )


def _keep_qs(request: HttpRequest) -> str:
    """The review page's state from this request's query string, as a query string ("" when none)."""
    back = {k: request.GET[k] for k in KEEP if request.GET.get(k)}
    return f"?{urlencode(back)}" if back else ""


def _review_url(review: ReviewOpd, request: HttpRequest) -> str:
    url = reverse("web:approval_review", args=[review.pk])
    # The page's state (filter, sort, page) comes back in the query string of the form's action, never from
    # the posted fields (a decision's "keputusan" or a swap's "kegiatan" code mean something else there).
    back = {k: request.GET[k] for k in KEEP if request.GET.get(k)}
    return f"{url}?{urlencode(back)}" if back else url


def _item(review: ReviewOpd, request: HttpRequest) -> PlanItem:
    item = (
        PlanItem.objects.select_related("pegawai__unit", "kegiatan")
        .filter(pk=_int(request.POST.get("item"), "item"), plan_id=review.persetujuan.plan_id)
        .first()
    )
    if item is None:
        raise ValidationError({"item": _("This plan item is not in the plan under review.")})
    return item


@login_required
@require_POST
def review_item(request: HttpRequest, review_id: int) -> HttpResponse:
    review = access.access_review(request.user, review_id, KEPALA_ONLY)
    labels = {"KUNCI": _("Locked."), "KECUALI": _("Excluded."), "CATATAN": _("Note saved.")}
    jenis = params.text(request.POST, "jenis")
    _act(
        request,
        lambda: decisions.item_decide(
            review=review,
            item=_item(review, request),
            by=_user(request),
            version=_int(request.POST.get("version"), "version"),
            jenis=jenis,
            catatan=params.text(request.POST, "catatan", max_length=params.NOTE_MAX),
        ),
        labels.get(jenis, _("Saved.")),
    )
    return redirect(_review_url(review, request))


@login_required
@require_POST
def review_swap(request: HttpRequest, review_id: int) -> HttpResponse:
    review = access.access_review(request.user, review_id, KEPALA_ONLY)

    def swap() -> None:
        nip = params.text(request.POST, "nip").replace(" ", "")
        kode = params.text(request.POST, "kegiatan").strip()
        picked = request.POST.get("pegawai") or ""
        pegawai = None
        if picked:  # picked from the eligible candidates of the OPD
            pegawai = (
                Pegawai.objects.select_related("unit", "jabatan__tingkat", "golongan")
                .filter(pk=_int(picked, "pegawai"), instansi=review.persetujuan.cycle.instansi)
                .first()
            )
            if pegawai is None:
                raise ValidationError({"pegawai": _("No such employee.")})
        elif nip:
            pegawai = Pegawai.objects.select_related("unit").filter(nip=nip).first()
            if pegawai is None:
                raise ValidationError({"nip": _("No employee has this NIP.")})
        kegiatan = (
            Kegiatan.objects.filter(instansi=review.persetujuan.cycle.instansi, kode=kode).first()
            if kode
            else None
        )
        if kode and kegiatan is None:
            raise ValidationError({"kegiatan": _("No activity in the catalogue has this code.")})
        decisions.item_swap(
            review=review,
            item=_item(review, request),
            by=_user(request),
            version=_int(request.POST.get("version"), "version"),
            pegawai=pegawai,
            kegiatan=kegiatan,
            catatan=params.text(request.POST, "catatan", max_length=params.NOTE_MAX),
        )

    _act(request, swap, _("Swapped: the old pair is excluded and the new one locked."))
    return redirect(_review_url(review, request))


@login_required
@require_POST
def review_withdraw(request: HttpRequest, review_id: int) -> HttpResponse:
    review = access.access_review(request.user, review_id, KEPALA_ONLY)
    keputusan = get_object_or_404(Keputusan, pk=params.integer(request.POST, "keputusan"), review=review)
    _act(
        request,
        lambda: decisions.keputusan_withdraw(keputusan=keputusan, by=_user(request)),
        _("Decision withdrawn."),
    )
    return redirect(_review_url(review, request))


@login_required
@require_POST
def review_bulk(request: HttpRequest, review_id: int) -> HttpResponse:
    """Lock, exclude or restore every item matching the page's filter (the head saw how many)."""
    review = access.access_review(request.user, review_id, KEPALA_ONLY)
    flt = _review_filter(review, request.POST)
    aksi = params.choice(request.POST, "aksi", decisions.BulkAction.ALL, default="")
    if not aksi:
        raise params.BadParameter("aksi", _("The parameter “%(name)s” is required.") % {"name": "aksi"})
    outcome: list[decisions.BulkOutcome] = []
    ok = _act(
        request,
        lambda: outcome.append(
            decisions.items_bulk_decide(
                review=review,
                by=_user(request),
                version=_int(request.POST.get("version"), "version"),
                aksi=aksi,
                selection=flt,
                expected=_int(request.POST.get("expected"), "expected"),
                catatan=params.text(request.POST, "catatan", max_length=params.NOTE_MAX),
            )
        ),
        _("Done."),
    )
    if ok and outcome:
        o = outcome[0]
        parts = [_("%(n)s items changed.") % {"n": o.changed}]
        if o.mandatory:
            parts.append(
                _("%(n)s mandatory items were left as they are (a mandatory activity cannot be excluded).")
                % {"n": o.mandatory}
            )
        if o.swaps_undone:
            parts.append(_("%(n)s decisions of swaps were taken back with them.") % {"n": o.swaps_undone})
        messages.info(request, " ".join(parts))
    return redirect(_review_url(review, request))


@login_required
@require_POST
def review_decide(request: HttpRequest, review_id: int) -> HttpResponse:
    """Approve (after a confirmation page summing up the part and its decisions) or return."""
    review = access.access_review(request.user, review_id, KEPALA_ONLY)
    setuju = request.POST.get("keputusan") == "setuju"
    komentar = params.text(request.POST, "komentar", max_length=params.NOTE_MAX)
    if setuju and request.POST.get("konfirmasi") != "1" and _can_edit(request, review):
        return render(
            request,
            "web/approval_review_confirm.html",
            {
                "review": review,
                "p": review.persetujuan,
                "summary": selectors.review_summary(review=review),
                "version": request.POST.get("version", ""),
                "komentar": komentar,
                "keep_qs": _keep_qs(request),
            },
        )
    # Confirmed, a return, or a head who may not decide now: the service decides (and refuses with a message).
    _act(
        request,
        lambda: decisions.review_decide(
            review=review,
            by=_user(request),
            version=_int(request.POST.get("version"), "version"),
            setuju=setuju,
            komentar=komentar,
        ),
        _("Your OPD's part is approved.")
        if setuju
        else _("The plan was returned to BKPSDM with your comment."),
    )
    return redirect(_review_url(review, request))
