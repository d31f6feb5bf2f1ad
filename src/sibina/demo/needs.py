"""Demo stage: run the needs analysis for the plan year, so the city opens with its needs list."""

from __future__ import annotations

from sibina.demo.context import DemoContext
from sibina.needs.models import Kebutuhan
from sibina.needs.services import needs_analyse


def build_needs(ctx: DemoContext) -> None:
    summary = needs_analyse(instansi=ctx.require_instansi(), tahun=ctx.tahun_rencana)
    ctx.extra["needs"] = summary.needs


def reset_needs() -> None:
    Kebutuhan.objects.filter(pegawai__sintetis=True).delete()
