"""Making the plan document: at once (``rencana_render``, an OPD's part or the command line) or as a background
job with progress for the whole city (``dokumen_start`` → job ``reports.rencana`` → ``dokumen_run``), the file
kept on the job's row (``Dokumen``) for the browser to download when done."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sibina import jobs
from sibina.audit.services import audit_record
from sibina.people.models import UnitKerja
from sibina.planning.models import Plan
from sibina.reports.builders import rencana_build
from sibina.reports.models import Dokumen
from sibina.reports.render_pdf import page_count, render_pdf
from sibina.reports.render_xlsx import render_xlsx

DOCUMENT_JOB: Final = "reports.rencana"
START_ACTION: Final = "report.start"
FORMATS: Final = tuple(Dokumen.Format.values)
Listener = Callable[[int, str], None]  # (percent, stage in the reader's language)


@dataclass(frozen=True)
class Rendered:
    content: bytes
    filename: str
    content_type: str
    pages: int | None  # PDF only
    seconds: float


def stage_words() -> dict[str, str]:
    return {
        "read": _("Reading the plan and its approval"),
        "items": _("Reading the participants"),
        "sections": _("Writing the seven items per OPD"),
        "budget": _("Totalling the budget per funding source"),
        "pdf": _("Typesetting the PDF"),
        "xlsx": _("Writing the workbook"),
    }


def document_filename(plan: Plan, unit: UnitKerja | None, fmt: str) -> str:
    """``rencana-2027-kota-binjai.pdf`` / ``rencana-2027-dinkes.xlsx``: letters, digits and dashes only."""
    part = unit.kode if unit is not None else plan.cycle.instansi.kode
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in part.lower()).strip("-") or "semua"
    return f"rencana-{plan.cycle.tahun}-{slug}.{fmt}"


def rencana_render(
    *, plan: Plan, unit: UnitKerja | None, fmt: str, progress: Listener | None = None
) -> Rendered:
    """The document of ``plan`` (the whole city, or one OPD) in the active language, as PDF or XLSX."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    words = stage_words()

    def tell(pct: int, stage: str) -> None:
        if progress is not None:
            progress(pct, words.get(stage, stage))

    started = time.monotonic()
    doc = rencana_build(plan=plan, unit=unit, progress=tell)
    tell(70, fmt)
    content = render_pdf(doc) if fmt == Dokumen.Format.PDF else render_xlsx(doc)
    return Rendered(
        content=content,
        filename=document_filename(plan, unit, fmt),
        content_type=Dokumen(format=fmt).content_type,
        pages=page_count(content) if fmt == Dokumen.Format.PDF else None,
        seconds=time.monotonic() - started,
    )


@transaction.atomic
def dokumen_start(
    *,
    plan: Plan,
    unit: UnitKerja | None,
    fmt: str,
    lang: str,
    by: User | None,
    note: str = "",
    enqueue: bool = True,
) -> Dokumen:
    """Queue the document as a background job (handed on at commit; ``enqueue=False``: the caller runs it, as
    the command line does); one ``report.start`` audit event."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    row = Dokumen.objects.create(plan=plan, unit=unit, format=fmt, bahasa=lang, oleh=by)
    audit_record(
        by=by,
        action=START_ACTION,
        obj=row,
        note=note,
        after={"plan": plan.pk, "unit": unit.kode if unit is not None else "", "format": fmt, "bahasa": lang},
    )
    if enqueue:
        jobs.enqueue(DOCUMENT_JOB, row.pk)
    return row


def dokumen_run(*, row: Dokumen, listener: Listener | None = None) -> None:
    """The job's body: render in the language it was asked in, keep the file and its figures on the row."""

    def tell(pct: int, stage: str) -> None:
        jobs.progress(row, pct, stage)
        if listener is not None:
            listener(pct, stage)

    with translation.override(row.bahasa):
        rendered = rencana_render(plan=row.plan, unit=row.unit, fmt=row.format, progress=tell)
    Dokumen.objects.filter(pk=row.pk).update(
        isi=rendered.content,
        nama_berkas=rendered.filename,
        halaman=rendered.pages,
        detik=round(rendered.seconds, 2),
        status=Dokumen.Status.DONE,
        progress=100,
        selesai=timezone.now(),
    )
