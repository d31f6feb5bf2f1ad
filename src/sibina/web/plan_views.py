"""Pages of the catalogue and the optimised annual plan: the cycle, solver runs, plans per OPD, activity and
employee, and the scenarios side by side. Reads go through ``planning.selectors``; the one write (starting an
optimisation) goes through ``planning.services`` and runs as a background job that the run page polls.

Who may open what is decided in ``access`` (see its docstring): a Kepala OPD asking for the city's plan is taken
to their OPD's part of it, and the other pages show each role only the people in its scope."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sibina import access
from sibina.approvals import selectors as approval_selectors
from sibina.catalogue.models import Kegiatan
from sibina.catalogue.xlsx import catalogue_export as catalogue_xlsx
from sibina.evaluation import selectors as evaluation_selectors
from sibina.optimiser import SolveOptions
from sibina.people.models import Instansi
from sibina.people.scope import Scope
from sibina.planning import plan_sheet, selectors, services
from sibina.planning.models import Plan, PlanCycle, PlanItem
from sibina.planning.summary import plan_summary
from sibina.reference.models import JenisAsn
from sibina.reference.selectors import bentuk_map, golongan_map
from sibina.web import downloads, params
from sibina.web.forms import TIME_LIMIT_DEFAULT, KatalogFilterForm, OptimiseForm
from sibina.web.periods import plan_year
from sibina.web.report_views import document_links

KATALOG_PER_PAGE = 50
PLAN_PEGAWAI_PER_PAGE = 50
KELAS_PESERTA_PER_PAGE = 100
UNSERVED_EXAMPLES = 5
RECENT_RUNS = 10
# A queued or running optimisation blocks a second start of the same plan for this long; after it, the run
# is taken as lost (a restarted server kills the embedded background thread) and a new one may start.
RUN_STALE_AFTER = dt.timedelta(hours=1)


def _instansi(request: HttpRequest) -> Instansi:
    return access.access_instansi(
        request.user, params.text(request.GET, "instansi") or params.text(request.POST, "instansi")
    )


def _cycle_url(cycle: PlanCycle) -> str:
    return f"{reverse('web:plan_cycle', args=[cycle.tahun])}?{urlencode({'instansi': cycle.instansi.kode})}"


def _signed_in(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every view here is behind login_required
    return request.user


# --- the catalogue -------------------------------------------------------------------------------------


@login_required
@require_GET
def catalogue_list(request: HttpRequest) -> HttpResponse:
    access.require_role(request.user, "catalogue")
    instansi = _instansi(request)
    form = KatalogFilterForm(
        request.GET,
        bentuk=sorted((b.kode, b.nama) for b in bentuk_map().values()),
        kompetensi=selectors.kompetensi_in_catalogue(instansi=instansi),
    )
    rows = selectors.kegiatan_search(
        instansi=instansi,
        q=form.value("q"),
        jalur=form.value("jalur"),
        bentuk=form.value("bentuk"),
        jenis_penyelenggara=form.value("penyelenggara"),
        kompetensi=form.value("kompetensi"),
    )
    page = Paginator(rows, KATALOG_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/catalogue_list.html",
        {
            "instansi": instansi,
            "form": form,
            "page": page,
            "can_export": access.can_optimise(request.user),
            "to_review": evaluation_selectors.to_review(instansi_id=instansi.pk),
        },
    )


@login_required
@require_GET
def catalogue_detail(request: HttpRequest, kegiatan_id: int) -> HttpResponse:
    kegiatan = access.access_kegiatan(request.user, kegiatan_id)
    ranks = {(g.jenis_asn, g.urutan): g.label for g in golongan_map().values()}
    asn_labels = dict(JenisAsn.choices)

    def rank(urutan: int | None) -> str:
        if urutan is None:
            return ""
        labels = [ranks.get(("PNS", urutan)), ranks.get(("PPPK", urutan))]
        return " / ".join(label for label in labels if label) or str(urutan)

    return render(
        request,
        "web/catalogue_detail.html",
        {
            "k": kegiatan,
            "golongan_min": rank(kegiatan.golongan_min),
            "golongan_max": rank(kegiatan.golongan_max),
            "jenis_asn": [str(asn_labels.get(j, j)) for j in kegiatan.jenis_asn or []],
            "use": selectors.kegiatan_use(kegiatan=kegiatan),
            "efek": evaluation_selectors.latest_verdicts(instansi_id=kegiatan.instansi_id).get(kegiatan.pk),
        },
    )


@login_required
@require_GET
def catalogue_export(request: HttpRequest) -> HttpResponse:
    """The catalogue workbook BKPSDM edits and imports back (``sibina catalogue import``)."""
    access.require_optimise(request.user, "catalogue workbook download")
    instansi = _instansi(request)
    return downloads.attachment(
        catalogue_xlsx(instansi=instansi), f"katalog-{instansi.kode.lower()}.xlsx", downloads.XLSX
    )


# --- the plan cycle and its optimisations --------------------------------------------------------------


@login_required
@require_GET
def plan_cycle(request: HttpRequest, tahun: int | None = None) -> HttpResponse:
    """A budget year: ceilings, policy, scenarios, the latest plan of each and the form to optimise. A Kepala OPD
    is taken to their OPD's part of the year's base plan."""
    scope = access.require_role(request.user, "plan cycle", access.UNIT_ROLES)
    if not scope.sees_all:
        return _to_own_opd(request, scope, tahun)
    instansi = _instansi(request)
    if tahun is not None:
        cycle: PlanCycle | None = access.access_cycle(request.user, instansi, tahun)
    else:
        cycle = selectors.cycle_get(instansi=instansi, tahun=None, prefer=plan_year())
    context: dict[str, object] = {
        "instansi": instansi,
        "cycle": cycle,
        "cycles": selectors.cycle_list(instansi=instansi),
        "can_optimise": access.can_optimise(request.user),
    }
    if cycle is not None:
        skenario = selectors.skenario_list(cycle=cycle)
        context.update(
            {
                "anggaran": cycle.anggaran.select_related("unit").order_by("sumber", "unit__nama"),
                "skenario": skenario,
                "plans": selectors.cycle_plans(cycle=cycle, skenario=skenario),
                "runs": selectors.run_list(cycle=cycle, limit=RECENT_RUNS),
                "form": OptimiseForm(skenario=skenario, initial={"time_limit": TIME_LIMIT_DEFAULT}),
            }
        )
    return render(request, "web/plan_cycle.html", context)


def _to_own_opd(request: HttpRequest, scope: Scope, tahun: int | None) -> HttpResponse:
    """A Kepala OPD's view of a plan year: their OPD's part of the year's latest base plan."""
    opd = access.kepala_opd(request.user, scope, "plan cycle")
    if tahun is not None:
        cycle: PlanCycle | None = access.access_cycle(request.user, opd.instansi, tahun)
    else:
        cycle = selectors.cycle_get(instansi=opd.instansi, tahun=None, prefer=plan_year())
    plan = selectors.cycle_plans(cycle=cycle, skenario=[])[0].plan if cycle is not None else None
    if plan is None:  # not a dead end: say what is missing and where to go meanwhile
        tahun = cycle.tahun if cycle is not None else tahun
        return render(request, "web/plan_none.html", {"opd": opd, "tahun": tahun})
    return redirect("web:plan_opd", plan_id=plan.pk, unit_id=opd.pk)


@login_required
@require_POST
def plan_optimise(request: HttpRequest, tahun: int) -> HttpResponse:
    """BKPSDM starts an optimisation of the base plan or a scenario; the run page follows its progress."""
    access.require_optimise(request.user, "optimisation start")
    cycle = access.access_cycle(request.user, _instansi(request), tahun)
    form = OptimiseForm(request.POST, skenario=selectors.skenario_list(cycle=cycle))
    if not form.is_valid():
        problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, _("The optimisation was not started: %(problems)s") % {"problems": problems})
        return redirect(_cycle_url(cycle))
    skenario = form.chosen()
    busy = selectors.run_active(cycle=cycle, skenario=skenario, since=timezone.now() - RUN_STALE_AFTER)
    if busy is not None:
        messages.warning(request, _("This plan is already being optimised: follow that run instead."))
        return redirect("web:plan_run", run_id=busy.pk)
    try:
        run = services.plan_optimise_start(
            cycle=cycle,
            skenario=skenario,
            by=_signed_in(request),
            options=SolveOptions(time_limit=form.cleaned_data["time_limit"]),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_cycle_url(cycle))
    return redirect("web:plan_run", run_id=run.pk)


def _run_context(run_id: int, request: HttpRequest) -> dict[str, object]:
    run = access.access_solver_run(request.user, run_id)
    return {
        "run": run,
        "rf": selectors.RunFigures(run),
        "plan": getattr(run, "plan", None),
    }


@login_required
@require_GET
def plan_run(request: HttpRequest, run_id: int) -> HttpResponse:
    return render(request, "web/plan_run.html", _run_context(run_id, request))


@login_required
@require_GET
def plan_run_status(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress partial the run page polls every 2 s until the run is done or failed."""
    return render(request, "web/plan_run_status.html", _run_context(run_id, request))


# --- a plan ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The whole plan; a Kepala OPD is taken to their OPD's part of it."""
    scope = access.require_role(request.user, f"plan {plan_id}", access.UNIT_ROLES)
    plan = access.access_plan(request.user, plan_id)
    if not scope.sees_all:
        opd = access.kepala_opd(request.user, scope, f"plan {plan_id}")
        return redirect("web:plan_opd", plan_id=plan.pk, unit_id=opd.pk)
    facts = selectors.cycle_facts(cycle=plan.cycle)
    figures = selectors.plan_figures(plan=plan, facts=facts)
    return render(
        request,
        "web/plan_detail.html",
        {
            "summary": plan_summary(plan=plan, figures=figures, facts=facts),
            "plan": plan,
            "cycle": plan.cycle,
            "run": plan.solver_run,
            "rf": selectors.RunFigures(plan.solver_run),
            "f": figures,
            "unserved": selectors.unserved_groups(plan=plan, examples=UNSERVED_EXAMPLES),
        },
    )


@login_required
@require_GET
def plan_opd(request: HttpRequest, plan_id: int, unit_id: int) -> HttpResponse:
    """One OPD (or any unit) under a plan: its employees, what each is planned for and why, what stays open."""
    plan = access.access_plan(request.user, plan_id)
    unit = access.access_plan_unit(request.user, plan, unit_id)
    facts = selectors.cycle_facts(cycle=plan.cycle)
    figures = selectors.plan_figures(plan=plan, facts=facts)
    summary = next((row for row in figures.opd if row.unit is not None and row.unit.pk == unit.pk), None)
    people = selectors.plan_unit_pegawai(plan=plan, unit=unit)
    # ?cetak=1: everyone on one page, to print the OPD's whole part (the print stylesheet lays it out on paper)
    everyone = params.optional_integer(request.GET, "cetak", min_value=0, max_value=1) == 1
    per_page = max(1, people.count()) if everyone else PLAN_PEGAWAI_PER_PAGE
    page = Paginator(people, per_page).get_page(1 if everyone else request.GET.get("page"))
    rows = selectors.pegawai_plans(plan=plan, people=page.object_list)
    return render(
        request,
        "web/plan_opd.html",
        {
            "plan": plan,
            "cycle": plan.cycle,
            "unit": unit,
            "summary": summary,
            "page": page,
            "rows": rows,
            "everyone": everyone,
            "xlsx": f"{reverse('web:plan_xlsx', args=[plan.pk])}?{urlencode({'unit': unit.pk})}",
            "doc_links": document_links(plan, unit),
        },
    )


@login_required
@require_GET
def plan_kegiatan(request: HttpRequest, plan_id: int, kegiatan_id: int) -> HttpResponse:
    """One activity under a plan: its classes, their quarter and participants (those in the reader's scope), and
    why each was chosen."""
    plan = access.access_plan(request.user, plan_id)
    kegiatan: Kegiatan = access.access_plan_kegiatan(request.user, plan, kegiatan_id)
    scope = access.user_scope(request.user)
    classes = selectors.plan_kegiatan_classes(plan=plan, kegiatan=kegiatan)
    items = selectors.plan_kegiatan_items(
        plan=plan, kegiatan=kegiatan, within=access.pegawai_q(scope, "pegawai__")
    )
    page = Paginator(items, KELAS_PESERTA_PER_PAGE).get_page(request.GET.get("page"))
    peserta = sum(c.peserta for c in classes)
    return render(
        request,
        "web/plan_kegiatan.html",
        {
            "plan": plan,
            "cycle": plan.cycle,
            "k": kegiatan,
            "classes": classes,
            "peserta": peserta,
            "biaya": kegiatan.biaya_per_peserta * peserta + kegiatan.biaya_per_kelas * len(classes),
            "page": page,
        },
    )


@login_required
@require_GET
def plan_pegawai(request: HttpRequest, nip: str) -> HttpResponse:
    """An employee's part of the latest plan: a section of the profile page (htmx) or a page of its own."""
    params.parse_text(nip, "nip")  # a NUL in the address must not reach the database (PostgreSQL refuses it)
    pegawai = access.access_pegawai(request.user, nip)
    mine = selectors.pegawai_plan(pegawai=pegawai)
    context = {
        "pegawai": pegawai,
        "pegawai_plan": mine,
        "pegawai_plan_loaded": True,
        "can_open_plan": access.can_open_plan(access.user_scope(request.user)),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "web/plan_pegawai_section.html", context)
    return render(request, "web/plan_pegawai.html", context)


# --- the plan as a spreadsheet ------------------------------------------------------------------------------


@login_required
@require_GET
def plan_xlsx(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The plan as an XLSX within the reader's scope: BKPSDM, the auditor and the PPK the whole plan or one unit
    (``?unit=``), a Kepala OPD their OPD (or a unit of it)."""
    scope = access.require_role(request.user, f"plan {plan_id} workbook", access.UNIT_ROLES)
    plan = access.access_plan(request.user, plan_id, access.UNIT_ROLES)
    unit_id = params.optional_integer(request.GET, "unit", min_value=1)
    if unit_id is None and not scope.sees_all:
        unit_id = access.kepala_opd(request.user, scope, f"plan {plan_id} workbook").pk
    unit = access.access_plan_unit(request.user, plan, unit_id) if unit_id is not None else None
    part = unit.nama if unit is not None else _("the whole plan")
    return _xlsx_response(plan, part, plan_sheet.plan_items(plan=plan, unit=unit))


@login_required
@require_GET
def plan_pegawai_xlsx(request: HttpRequest, nip: str) -> HttpResponse:
    """An employee's part of the latest plan as an XLSX, for anyone who may open that employee's plan."""
    params.parse_text(nip, "nip")
    pegawai = access.access_pegawai(request.user, nip)
    plan = selectors.latest_base_plan(instansi_id=pegawai.instansi_id)
    if plan is None:
        raise Http404(_("No plan has been optimised for this year yet."))
    part = f"{pegawai.nama} ({pegawai.nip})"
    return _xlsx_response(plan, part, plan_sheet.plan_items(plan=plan, pegawai_id=pegawai.pk))


def _xlsx_response(plan: Plan, part: str, items: QuerySet[PlanItem]) -> HttpResponse:
    sheet = plan_sheet.PlanSheet(plan=plan, part=part, items=items, decisions=_decisions(plan))
    return downloads.attachment(
        plan_sheet.plan_workbook(sheet), plan_sheet.sheet_filename(plan, part), downloads.XLSX
    )


def _decisions(plan: Plan) -> dict[tuple[int, int], str]:
    """The review decisions on the plan's pairs in words, when the plan is under approval (2 queries)."""
    under = next(
        (p for p in approval_selectors.persetujuan_list(cycle=plan.cycle) if p.plan_id == plan.pk), None
    )
    if under is None:
        return {}
    return {
        pair: "; ".join(
            f"{d.get_jenis_display()}: {d.catatan}" if d.catatan else str(d.get_jenis_display())
            for d in found
        )
        for pair, found in approval_selectors.decisions_by_pair(persetujuan=under).items()
    }


# --- scenarios side by side --------------------------------------------------------------------------------


@login_required
@require_GET
def plan_compare(request: HttpRequest, tahun: int) -> HttpResponse:
    """The scenarios' plans side by side; a Kepala OPD sees their OPD's figures only."""
    scope = access.require_role(request.user, "scenario comparison", access.UNIT_ROLES)
    opd = None if scope.sees_all else access.kepala_opd(request.user, scope, "scenario comparison")
    instansi = opd.instansi if opd is not None else _instansi(request)
    cycle = access.access_cycle(request.user, instansi, tahun)
    return render(
        request,
        "web/plan_compare.html",
        {"cycle": cycle, "opd": opd, "c": selectors.cycle_comparison(cycle=cycle, opd=opd)},
    )
