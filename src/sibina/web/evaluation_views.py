"""The effect of each program on service quality and its verdict (``/evaluasi/``): BKPSDM, the PPK and the
auditor (the instansi) and a Kepala OPD (read) see every program's estimate, its 95 % interval drawn around zero,
the counts, the pre-trend check, warnings and the verdict in plain words; BKPSDM may recompute it as a
background job whose page follows its progress.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from sibina import access
from sibina.evaluation import verdict as rule
from sibina.evaluation.effects import ambang, evaluation_start, latest, warning_words
from sibina.evaluation.models import EfekProgram, Putusan
from sibina.reference.selectors import MissingReference
from sibina.roles import Role
from sibina.web import params

YEAR_MIN, YEAR_MAX = 2018, 2100
SVG_WIDTH = 160


@dataclass(frozen=True)
class Baris:
    e: EfekProgram
    verdict_words: str
    warnings: list[str]
    bar: dict[str, float] | None  # x positions (0–SVG_WIDTH) of zero, the interval and the estimate


def _year(request: HttpRequest, instansi_id: int) -> int:
    asked = params.optional_integer(request.GET, "tahun", min_value=YEAR_MIN, max_value=YEAR_MAX)
    if asked is not None:
        return asked
    stored = (
        EfekProgram.objects.filter(instansi_id=instansi_id).order_by("-tahun").values_list("tahun", flat=True)
    )
    return stored.first() or dt.date.today().year + 1


def _bars(found: list[EfekProgram]) -> float:
    """Half the width of the common scale, in points: every interval fits, at least ±5."""
    ends = [abs(v) for e in found for v in (e.ci_low, e.ci_high) if v is not None]
    return max([5.0, *ends]) * 1.1


def _x(value: float, half: float) -> float:
    return round((value + half) / (2 * half) * SVG_WIDTH, 1)


@login_required
@require_GET
def evaluation_list(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    scope = access.require_role(request.user, "program evaluation", access.UNIT_ROLES)
    instansi = access.access_instansi(request.user)
    tahun = _year(request, instansi.pk)
    effects = latest(instansi=instansi, tahun=tahun)  # read once: the IKM rows and the U6/U7 beside them
    found = [e for e in effects if e.hasil == EfekProgram.Hasil.IKM]
    elements = {(e.kegiatan_id, e.hasil): e for e in effects if e.hasil != EfekProgram.Hasil.IKM}
    half = _bars(found)
    words = warning_words()
    labels = dict(Putusan.choices)
    rows = [
        Baris(
            e=e,
            verdict_words=str(labels[e.verdict]),
            warnings=[words.get(c, c) for c in e.peringatan],
            bar=None
            if e.estimate is None or e.ci_low is None or e.ci_high is None
            else {
                "zero": _x(0, half),
                "low": _x(e.ci_low, half),
                "high": _x(e.ci_high, half),
                "width": _x(e.ci_high, half) - _x(e.ci_low, half),
                "est": _x(e.estimate, half),
            },
        )
        for e in found
    ]
    try:
        settings = ambang(tahun=tahun)
    except MissingReference:
        settings = None
    return render(
        request,
        "web/evaluation_list.html",
        {
            "instansi": instansi,
            "tahun": tahun,
            "rows": rows,
            "elements": [
                (r, elements.get((r.e.kegiatan_id, "U6")), elements.get((r.e.kegiatan_id, "U7")))
                for r in rows
            ],
            "half": round(half, 1),
            "svg_width": SVG_WIDTH,
            "rule": settings,
            "pretrend_alpha": rule.PRETREND_ALPHA,
            "may_run": scope.role == Role.BKPSDM,
            "computed_at": found[0].computed_at if found else None,
        },
    )


@login_required
@require_POST
def evaluation_run_start(request: HttpRequest) -> HttpResponse:
    """Recompute every program's effect for the plan year as a background job. BKPSDM only: the run rewrites the
    verdicts and the SKM factor of next year's priorities (the PPK and the auditor read them)."""
    assert isinstance(request.user, User)
    access.require_bkpsdm(request.user, "program evaluation run")
    instansi = access.access_instansi(request.user)
    tahun = params.integer(request.POST, "tahun", min_value=YEAR_MIN, max_value=YEAR_MAX)
    row = evaluation_start(instansi=instansi, tahun=tahun, by=request.user)
    return redirect("web:evaluation_job", evaluasi_id=row.pk)


@login_required
@require_GET
def evaluation_job(request: HttpRequest, evaluasi_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    return render(
        request, "web/evaluation_job.html", {"d": access.access_evaluasi_run(request.user, evaluasi_id)}
    )


@login_required
@require_GET
def evaluation_job_status(request: HttpRequest, evaluasi_id: int) -> HttpResponse:
    """The progress partial the job page polls every 2 s until the computation ends."""
    assert isinstance(request.user, User)
    return render(
        request,
        "web/evaluation_job_status.html",
        {"d": access.access_evaluasi_run(request.user, evaluasi_id)},
    )
