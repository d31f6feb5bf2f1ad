"""Quarterly monitoring (``/monitoring/``): the decreed plan's realisation per OPD and for the city, per quarter
with its trend, the obstacles of money and commitment, and the SKP predikat of a program's alumni before and
after. BKPSDM, the PPK and the auditor see the instansi; a Kepala OPD their own OPD; other roles: 403."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sibina import access, sheets
from sibina.access.evaluation import require_monitoring
from sibina.catalogue.models import Kegiatan
from sibina.delivery import selectors
from sibina.evaluation import monitoring as mon
from sibina.people.models import UnitKerja
from sibina.people.scope import Scope
from sibina.planning.models import PlanCycle
from sibina.roles import Role
from sibina.web import downloads, params
from sibina.web.delivery_common import cycle_asked, signed_in
from sibina.web.monitoring_chart import trend


def _percent(n: Decimal | int, d: Decimal | int) -> Decimal | None:
    return (Decimal(n) * 100 / Decimal(d)).quantize(Decimal("0.1")) if d else None


def _asked(request: HttpRequest) -> tuple[Scope, UnitKerja | None, list[PlanCycle], PlanCycle | None]:
    """Who reads (a Kepala OPD: their OPD only), the decreed years, and the year asked."""
    user = signed_in(request)
    scope = require_monitoring(user)
    opd = access.kepala_opd(user, scope, "quarterly monitoring") if scope.role == Role.KEPALA_OPD else None
    cycles = selectors.decreed_cycles(scope)
    return scope, opd, cycles, cycle_asked(request, cycles)


@login_required
@require_GET
def monitoring_download(request: HttpRequest) -> HttpResponse:
    """The realisation table of the page, per OPD and quarter, as CSV or XLSX (for the quarterly report)."""
    _scope, opd, _cycles, cycle = _asked(request)
    fmt = params.choice(request.GET, "format", downloads.TABLE_FORMATS, default="xlsx")
    found = mon.realisation(cycle=cycle, opd=opd, today=timezone.localdate()) if cycle is not None else None
    if cycle is None or found is None:  # nothing to download: the page says why
        messages.info(request, _("No plan is set by decree yet."))
        return redirect("web:monitoring")
    rows = mon.sheet_rows(*found)
    return downloads.table(
        fmt,
        f"monitoring-{cycle.tahun}",
        _("Monitoring"),
        mon.sheet_header(),
        rows,
        widths=(38, 16, 12, 12, 12, 12, 18, 18, 12, 12, 12),
        formats={
            4: sheets.DECIMAL_FORMAT,
            5: sheets.DECIMAL_FORMAT,
            6: sheets.MONEY_FORMAT,
            7: sheets.MONEY_FORMAT,
        },
    )


@login_required
@require_GET
def monitoring(request: HttpRequest) -> HttpResponse:
    scope, opd, cycles, cycle = _asked(request)
    today = timezone.localdate()
    context: dict[str, object] = {"cycles": cycles, "cycle": cycle, "opd": opd}
    if cycle is not None:
        found = mon.realisation(cycle=cycle, opd=opd, today=today)
        hurdles = mon.obstacles(cycle=cycle, opd=opd, today=today)
        if found is not None:
            rows, total = found
            labels = ["TW I", "TW II", "TW III", "TW IV"]
            r = total.r
            context.update(
                rows=rows,
                total=total,
                charts=[
                    (
                        "peserta",
                        trend(
                            mon.cumulative(r.peserta_rencana),
                            mon.cumulative(r.peserta_selesai),
                            labels,
                        ),
                    ),
                    (
                        "jp",
                        trend(mon.cumulative(r.jp_rencana), mon.cumulative(r.jp_kredit), labels),
                    ),
                    (
                        "biaya",
                        trend(
                            mon.cumulative(r.biaya_rencana),
                            mon.cumulative(r.biaya_realisasi),
                            labels,
                        ),
                    ),
                ],
                quarters=[
                    {
                        "q": q,
                        # a quarter not begun has nothing realised yet: "not yet", not "0 %"
                        "begun": dt.date(cycle.tahun, 3 * q - 2, 1) <= today,
                        "peserta": (r.peserta_rencana[q], r.peserta_selesai[q]),
                        "jp": (r.jp_rencana[q], r.jp_kredit[q]),
                        "biaya": (
                            r.biaya_rencana[q],
                            r.biaya_realisasi[q],
                            _percent(r.biaya_realisasi[q], r.biaya_rencana[q]),
                        ),
                    }
                    for q in mon.QUARTERS
                ],
                share=_percent(r.tercapai, r.wajib),
            )
        if hurdles is not None:
            context.update(hambatan=hurdles[0], hambatan_total=hurdles[1], marginal=hurdles[2])
    programs = (
        list(Kegiatan.objects.filter(instansi_id=scope.instansi_id).order_by("judul"))
        if scope.instansi_id
        else []
    )
    chosen = params.optional_integer(request.GET, "program", min_value=1, max_value=2_000_000_000)
    program = next((k for k in programs if k.pk == chosen), None)
    context.update(programs=programs, program=program)
    if program is not None and scope.instansi_id is not None:
        context["skp"] = mon.skp_before_after(kegiatan_id=program.pk, instansi_id=scope.instansi_id, opd=opd)
    return render(request, "web/monitoring.html", context)
