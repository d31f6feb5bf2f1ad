"""Server-rendered pages, one view per action. Views validate input and load objects through ``access``, which
also decides what each role may open (see its docstring)."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sibina import access
from sibina.competency import selectors as competency_selectors
from sibina.imports import kernel as import_kernel
from sibina.imports import services as import_services
from sibina.imports.models import ImportBatch
from sibina.needs import selectors as needs_selectors
from sibina.people import selectors
from sibina.people.domain import mask_if_nik
from sibina.people.models import UnitKerja
from sibina.people.scope import Scope
from sibina.reference.selectors import KetentuanTable, golongan_map
from sibina.web import downloads, params
from sibina.web.forms import ImportUploadForm, PegawaiFilterForm
from sibina.web.periods import current_year, plan_year

logger = logging.getLogger(__name__)

PEGAWAI_PER_PAGE = 50
BATCHES_PER_PAGE = 50
ERRORS_PER_PAGE = 100
DASHBOARD_BATCHES = 5
RUNNING = (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)


def _batches(scope: Scope) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(scope.instansi_q()).order_by("-mulai", "-id")


@login_required
@require_GET
def pegawai_list(request: HttpRequest) -> HttpResponse:
    scope = access.require_role(request.user, "employee list")
    form = PegawaiFilterForm(
        request.GET,
        units=selectors.unit_list(within=access.unit_q(scope)),
        golongan_labels=_golongan_labels(),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.pegawai_search(
        within=access.pegawai_q(scope),
        q=filters.get("q", ""),
        unit=form.selected_unit(),
        jenis_asn=filters.get("jenis_asn", ""),
        golongan_label=filters.get("golongan", ""),
        status=filters.get("status", ""),
        sort=filters.get("sort") or "nama",
    )
    page = Paginator(rows, PEGAWAI_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "web/pegawai_list.html", {"form": form, "page": page})


def _golongan_labels() -> list[str]:
    rows = sorted(golongan_map().values(), key=lambda g: (g.jenis_asn, g.urutan))
    return list(dict.fromkeys(g.label for g in rows))


@login_required
@require_GET
def pegawai_detail(request: HttpRequest, nip: str) -> HttpResponse:
    params.parse_text(nip, "nip")  # a NUL in the address must not reach the database (PostgreSQL refuses it)
    pegawai = access.access_pegawai(request.user, nip)
    scope = access.user_scope(request.user)
    show_nik = access.can_see_nik(request.user)
    today = timezone.localdate()
    tahun = plan_year(today)
    this_year = current_year(today)
    # One read of the regulatory settings for both the JPM bands and the JP limits.
    table = KetentuanTable((*competency_selectors.JPM_KODES, *needs_selectors.JP_KODES))
    riwayat = selectors.riwayat_per_tahun(pegawai=pegawai)
    # JP per year from the records the page shows anyway (technical: forms counted as technical training).
    jp_totals = {
        y.tahun: (y.total_jp, sum((r.jp for r in y.items if r.bentuk and r.bentuk.teknis), Decimal(0)))
        for y in riwayat
    }
    is_self = pegawai.user_id is not None and pegawai.user_id == request.user.pk
    is_supervisor = pegawai.atasan is not None and pegawai.atasan.user_id == request.user.pk
    atasan_visible = pegawai.atasan is not None and access.covers_pegawai(scope, pegawai.atasan)
    return render(
        request,
        "web/pegawai_detail.html",
        {
            "pegawai": pegawai,
            "nik": (pegawai.nik if show_nik else pegawai.nik_tersamar),
            "nik_masked": not show_nik,
            "unit_path": selectors.unit_ancestors(unit=pegawai.unit),
            "atasan_visible": atasan_visible,
            "bawahan": list(selectors.pegawai_bawahan(pegawai=pegawai, within=access.pegawai_q(scope))),
            "findings": pegawai.identity_findings(),
            "riwayat": riwayat,
            # The needs analysis: competencies against the standard, talent, SKP, needs, JP progress.
            "jpm": competency_selectors.jpm_for(pegawai, on=today, table=table),
            "jpm_on": today,
            "talenta": competency_selectors.talenta_latest(pegawai=pegawai),
            "kinerja": competency_selectors.kinerja_latest(pegawai=pegawai),
            "plan_year": tahun,
            "kebutuhan": needs_selectors.kebutuhan_pegawai(pegawai=pegawai, tahun=tahun),
            "jp_years": needs_selectors.jp_progress(
                pegawai=pegawai,
                years=[this_year, this_year - 1, this_year - 2],
                table=table,
                totals=jp_totals,
            ),
            # The employee themself or their direct supervisor may propose a need for them (not the read-only roles).
            "can_propose": scope.role not in access.READ_ONLY and (is_self or is_supervisor),
        },
    )


@login_required
@require_GET
def unit_tree(request: HttpRequest) -> HttpResponse:
    """The organisation structure with head counts: open to every role."""
    scope = access.require_role(request.user, "unit tree")
    roots = selectors.unit_tree(instansi_id=scope.instansi_id)
    nodes = selectors.flatten_tree(roots)
    # Units link to their employee list only where the account sees that list (None: everywhere).
    linkable = None if scope.sees_all else {n.unit.pk for n in nodes if access.covers_unit(scope, n.unit)}
    context = {
        "roots": roots,
        "nodes": nodes,
        "linkable": linkable,
        "total": sum(r.total for r in roots),
        # Said once above the tree rather than badged on every unit of the demo city.
        "synthetic": sum(1 for n in nodes if n.unit.sintetis),
    }
    return render(request, "web/unit_tree.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    scope = access.require_import(request.user)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, instansi_id=scope.instansi_id)
        if form.is_valid():
            upload: UploadedFile = form.cleaned_data["file"]
            try:
                with _as_path(upload) as source:
                    batch = import_services.import_start(
                        jenis=form.cleaned_data["jenis"],
                        instansi=form.cleaned_data["instansi"],
                        source=source,
                        filename=Path(upload.name or source.name).name,
                        by=request.user,
                        dry_run=form.cleaned_data["dry_run"],
                        buat_unit=form.cleaned_data["buat_unit"],
                    )
            except Exception:
                # The service has marked the batch FAILED and rolled back its writes: say so, not a 500.
                logger.exception("Import of %r stopped on an unexpected error", upload.name)
                messages.error(
                    request,
                    _(
                        "The import stopped on an unexpected error and changed nothing. "
                        "The error was logged for the system administrator."
                    ),
                )
                return redirect("web:batch_list")
            messages.success(request, _("The file was received as import batch %(id)s.") % {"id": batch.pk})
            return redirect("web:batch_detail", batch_id=batch.pk)
    else:
        form = ImportUploadForm(initial={"instansi": scope.instansi_id}, instansi_id=scope.instansi_id)
    return render(request, "web/import_upload.html", {"form": form})


@contextmanager
def _as_path(upload: UploadedFile) -> Iterator[Path]:
    """A file path for the upload; the import service keeps its own copy, so ours is removed afterwards."""
    if isinstance(upload, TemporaryUploadedFile):
        yield Path(upload.temporary_file_path())
        return
    suffix = Path(upload.name or "").suffix.lower()
    with tempfile.TemporaryDirectory(prefix="sibina-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        yield path


@login_required
@require_GET
def batch_list(request: HttpRequest) -> HttpResponse:
    scope = access.require_import_read(request.user)
    rows = _batches(scope).select_related("instansi", "oleh")
    page = Paginator(rows, BATCHES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "web/batch_list.html", {"page": page, "can_import": access.can_import(request.user)}
    )


@login_required
@require_GET
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = access.access_batch(request.user, batch_id)
    errors = Paginator(batch.errors.order_by("baris", "id"), ERRORS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(e, access.visible_cell(request.user, e.kolom, e.nilai)) for e in errors.object_list]
    return render(
        request,
        "web/batch_detail.html",
        {
            "batch": batch,
            "errors": errors,
            "error_rows": rows,
            "running": batch.status in RUNNING,
            "new_units": [
                {**unit, "jenis": dict(UnitKerja.Jenis.choices).get(unit["jenis"], unit["jenis"])}
                for unit in batch.unit_baru
            ],
            "can_import": access.can_import(request.user)
            and batch.instansi_id == access.user_scope(request.user).instansi_id,
        },
    )


@login_required
@require_GET
def batch_status(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The status partial that a running batch's page polls every 2 s."""
    batch = access.access_batch(request.user, batch_id)
    running = batch.status in RUNNING
    response = render(request, "web/_batch_status.html", {"batch": batch, "running": running})
    if not running and request.headers.get("HX-Request") == "true":
        # The batch just finished: reload the whole page so the error list appears.
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def batch_errors_csv(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = access.access_batch(request.user, batch_id)
    # NIKs masked without the permission; cells that look like formulas are defused by the writer.
    shown = None if access.can_see_nik(request.user) else mask_if_nik
    content = import_kernel.batch_errors_csv(batch=batch, shown=shown)
    return downloads.attachment(content, f"impor-{batch.pk}-galat.csv", downloads.CSV)
