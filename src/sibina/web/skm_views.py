"""Pages of the public-satisfaction survey (SKM): every service unit's IKM in one period, and one unit's IKM over
time with its elements. BKPSDM, the PPK and the auditor see the whole instansi; a Kepala OPD the units of their
OPD; other roles may not open them (403). A unit outside the account's scope is not found (404, logged).
Read-only: surveys arrive through imports (``/impor/unggah/``, kind SKM).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sibina import access
from sibina.evaluation import domain, selectors
from sibina.evaluation.domain import Periode
from sibina.roles import Role
from sibina.web import params
from sibina.web.params import BadParameter
from sibina.web.skm_chart import chart

ROLES = access.UNIT_ROLES


def _signed_in(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _periode(request: HttpRequest, available: list[Periode]) -> Periode | None:
    text = params.text(request.GET, "periode", max_length=10)
    if not text:
        return available[0] if available else None
    try:
        return domain.parse_periode(text)
    except ValueError:
        raise BadParameter(
            "periode", _("The parameter “periode” must be a year (2026) or a semester (2026-S1, 2026-S2).")
        ) from None


@dataclass(frozen=True)
class Unsur:
    """One element of a result, for the page."""

    kode: str
    nama: str  # in the reader's language
    nama_resmi: str
    nrr: Decimal  # three decimals
    konversi: Decimal  # NRR × 25, two decimals
    terendah: bool  # the unit's lowest element(s)
    mutu: str  # the category the element's own score would have
    lebar: float  # the bar: where the score lies between 25 and 100, in percent


def _elements(row: selectors.SkmRow, bands: domain.MutuBands) -> list[Unsur]:
    low = min(row.hasil.nrr)
    out = []
    for u, v in zip(domain.UNSUR, row.hasil.nrr, strict=True):
        konversi = domain.round_half_up(v * domain.KONVERSI, 2)
        out.append(
            Unsur(
                kode=u.kode,
                nama=str(u.nama),
                nama_resmi=u.nama_resmi,
                nrr=domain.round_half_up(v, 3),
                konversi=konversi,
                terendah=v == low,
                mutu=domain.mutu(konversi, bands),
                lebar=float((v - 1) / 3 * 100),
            )
        )
    return out


def _lowest(row: selectors.SkmRow) -> str:
    low = min(row.hasil.nrr)
    return ", ".join(str(u.nama) for u, v in zip(domain.UNSUR, row.hasil.nrr, strict=True) if v == low)


def _change(row: selectors.SkmRow, earlier: dict[int, Decimal]) -> Decimal | None:
    """The converted IKM's change from the period before (None when the unit has no result then)."""
    previous = earlier.get(row.unit.pk)
    return None if previous is None else row.hasil.ikm_konversi - previous


@login_required
@require_GET
def skm_list(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    scope = access.require_role(user, "SKM list", ROLES)
    if scope.role == Role.KEPALA_OPD:
        access.kepala_opd(user, scope, "SKM list")
    instansi = access.access_instansi(user)
    units = scope.unit_q("unit__")
    available = selectors.periods(instansi=instansi, units=units)
    periode = _periode(request, available)
    rows = selectors.skm_results(instansi=instansi, periode=periode, units=units) if periode else []
    before = domain.sebelumnya(periode) if periode else None
    earlier = (
        {
            r.unit.pk: r.hasil.ikm_konversi
            for r in selectors.skm_results(instansi=instansi, periode=before, units=units)
        }
        if before is not None and rows
        else {}
    )
    counts = Counter(r.hasil.mutu for r in rows)
    return render(
        request,
        "web/skm_list.html",
        {
            "instansi": instansi,
            "periode": periode,
            "periods": available,
            "rows": [(r, _lowest(r), domain.MUTU_KATA[r.hasil.mutu], _change(r, earlier)) for r in rows],
            "before": before,
            "mutu": [(m, domain.MUTU_KATA[m], counts.get(m, 0)) for m in domain.MUTU_KODE],
            "opd": scope.opd if scope.role == Role.KEPALA_OPD else None,
            "unsur": domain.UNSUR,
            "writes": scope.role == Role.BKPSDM,
        },
    )


@login_required
@require_GET
def skm_unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    user = _signed_in(request)
    unit = access.access_unit(user, unit_id)
    series = selectors.unit_series(unit=unit)
    years = selectors.unit_years(unit=unit)
    available = sorted({r.periode for r in series} | {r.periode for r in years}, key=lambda p: p.urutan)
    periode = _periode(request, list(reversed(available)))
    chosen = next((r for r in [*series, *years] if r.periode == periode), None)
    bands = selectors.Bands()
    values = [(r.periode.label, r.hasil.ikm_konversi, r.hasil.mutu) for r in series]
    drawn = chart(values, bands.on(series[-1].periode)) if series else None
    return render(
        request,
        "web/skm_unit.html",
        {
            "unit": unit,
            "series": series,
            "years": years,
            "periods": list(reversed(available)),
            "periode": periode,
            "chosen": chosen,
            "elements": _elements(chosen, bands.on(chosen.periode)) if chosen is not None else [],
            "chart": drawn,
            "mutu_kata": domain.MUTU_KATA,
            "bands": bands.on(periode) if periode is not None else None,
        },
    )
