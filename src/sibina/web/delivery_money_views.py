"""Money of delivery: the actual cost of a class (BKPSDM enters it on the class page) against the planned cost of
its participants, and the budget absorption — realised against planned per funding source and per OPD per
quarter — for BKPSDM, the PPK and the auditor (the Kepala OPD: their OPD's part), with a CSV/XLSX download
through ``sibina.sheets``."""

from __future__ import annotations

import re
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sibina import access
from sibina.delivery import money, selectors
from sibina.delivery.models import Kelas
from sibina.people.scope import Scope
from sibina.roles import Role
from sibina.web import downloads, params
from sibina.web.delivery_common import back_to, cycle_asked, refused, signed_in, write_kelas

ABSORPTION_ROLES = access.UNIT_ROLES  # BKPSDM, PPK, auditor: the instansi; Kepala OPD: their OPD's part


def cost_context(kelas: Kelas) -> dict[str, object]:
    planned, actual = money.kelas_cost_summary(kelas)
    return {
        "biaya_rencana": planned,
        "biaya_realisasi": actual,
        "biaya_selisih": actual - planned if actual is not None else None,
    }


GROUPED = re.compile(r"\d{1,3}([.,]\d{3})+")


def rupiah_input(raw: str) -> Decimal | None:
    """Whole rupiah as people type them: ``12500000``, ``12.500.000`` or ``12,500,000`` (groups of three),
    ``Rp 12 500 000``; empty: None. A ``biaya`` error for anything else (``12,5``, letters, a minus sign)."""
    text = re.sub(r"\s", "", raw).removeprefix("Rp").removeprefix("rp")
    if not text:
        return None
    if GROUPED.fullmatch(text):
        text = text.replace(".", "").replace(",", "")
    if not params.is_whole(text):
        raise ValidationError({"biaya": _("Write the actual cost in whole rupiah, e.g. 12.500.000.")})
    return Decimal(text)


@login_required
@require_POST
def delivery_cost(request: HttpRequest, kelas_id: int) -> HttpResponse:
    user, kelas = write_kelas(request, kelas_id)
    try:
        biaya = rupiah_input(params.text(request.POST, "biaya", max_length=40))
        money.kelas_cost(kelas=kelas, biaya=biaya, by=user, version=params.integer(request.POST, "version"))
    except ValidationError as err:
        refused(request, err)
    else:
        messages.success(
            request,
            _("The actual cost of the class is saved.")
            if biaya is not None
            else _("The actual cost is cleared."),
        )
    return back_to(kelas, "#biaya")


def _absorption(request: HttpRequest) -> tuple[Scope, money.Absorption | None, list[object]]:
    user = signed_in(request)
    scope = access.require_role(user, "budget absorption", ABSORPTION_ROLES)
    opd_id = None
    if scope.role == Role.KEPALA_OPD:
        opd_id = access.kepala_opd(user, scope, "budget absorption").pk
    cycles = selectors.decreed_cycles(scope)
    cycle = cycle_asked(request, cycles)
    data = money.absorption(cycle=cycle, opd_id=opd_id) if cycle is not None else None
    return scope, data, list(cycles)


@login_required
@require_GET
def delivery_absorption(request: HttpRequest) -> HttpResponse:
    scope, data, cycles = _absorption(request)
    return render(
        request,
        "web/delivery_absorption.html",
        {
            "cycles": cycles,
            "data": data,
            "quarters": money.QUARTERS,
            "opd_only": scope.role == Role.KEPALA_OPD,
        },
    )


@login_required
@require_GET
def delivery_absorption_download(request: HttpRequest) -> HttpResponse:
    _scope, data, _cycles = _absorption(request)
    fmt = params.choice(request.GET, "format", downloads.TABLE_FORMATS, default="csv")
    rows = money.sheet_rows(data) if data is not None else []
    tahun = data.cycle.tahun if data is not None else "-"
    return downloads.table(fmt, f"serapan-anggaran-{tahun}", _("Absorption"), money.sheet_header(), rows)
