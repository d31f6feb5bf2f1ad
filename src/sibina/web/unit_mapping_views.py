"""The work-unit pages of imports: confirm creating the units a batch lacked, and BKPSDM's unit mapping.

An import creates no unit silently (:mod:`sibina.imports.matching`): a batch lists the units it did not find;
here BKPSDM either maps a name to a unit of the tree, or confirms creating the listed units, which imports the
batch's stored file again with ``buat_unit``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sibina import access
from sibina.imports import services as import_services
from sibina.imports import unit_mapping
from sibina.people.models import Instansi
from sibina.web.unit_mapping_forms import ConfirmUnitsForm, PemetaanForm


@login_required
@require_POST
def batch_create_units(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Import the batch's file again, now creating the work units it listed (the user ticked the box)."""
    access.require_import(request.user)
    batch = access.access_batch(request.user, batch_id)
    form = ConfirmUnitsForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("setuju", []):
            messages.error(request, str(error))
        return redirect("web:batch_detail", batch_id=batch.pk)
    try:
        again = import_services.import_again(batch=batch, by=request.user, buat_unit=True)
    except import_services.NoStoredFile:
        messages.error(
            request,
            _(
                "This batch kept no copy of its file (it was imported on the command line): upload the file again."
            ),
        )
        return redirect("web:batch_detail", batch_id=batch.pk)
    messages.success(request, _("The file was received as import batch %(id)s.") % {"id": again.pk})
    return redirect("web:batch_detail", batch_id=again.pk)


@login_required
@require_http_methods(["GET", "POST"])
def unit_mapping_page(request: HttpRequest) -> HttpResponse:
    """The agency's unit mapping: list, add (or repoint) and delete."""
    scope = access.require_import(request.user)
    assert scope.instansi_id is not None  # require_import refuses an account without an agency
    instansi = Instansi.objects.get(pk=scope.instansi_id)
    if request.method == "POST" and "hapus" in request.POST:
        try:
            mapping_id = int(request.POST["hapus"])
        except ValueError:
            messages.error(request, _("No such unit mapping."))
            return redirect("web:unit_mapping")
        mapping = access.access_pemetaan(request.user, mapping_id)
        unit_mapping.pemetaan_delete(mapping=mapping, by=request.user)
        messages.success(request, _("The mapping of “%(nama)s” was deleted.") % {"nama": mapping.nama_sumber})
        return redirect("web:unit_mapping")
    if request.method == "POST":
        form = PemetaanForm(request.POST, instansi_id=instansi.pk)
        if form.is_valid():
            saved = unit_mapping.pemetaan_save(
                instansi=instansi,
                nama=form.cleaned_data["nama_sumber"],
                unit=form.cleaned_data["unit"],
                by=request.user,
            )
            messages.success(
                request,
                _("“%(nama)s” now means %(unit)s in imports.")
                % {"nama": saved.nama_sumber, "unit": saved.unit.nama},
            )
            return redirect("web:unit_mapping")
    else:
        form = PemetaanForm(
            initial={"nama_sumber": request.GET.get("nama", "")[:200]}, instansi_id=instansi.pk
        )
    return render(
        request,
        "web/unit_mapping.html",
        {"form": form, "mappings": unit_mapping.pemetaan_list(instansi_id=instansi.pk), "instansi": instansi},
    )
