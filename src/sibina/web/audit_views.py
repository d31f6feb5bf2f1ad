"""The audit trail pages: a filtered, paginated list and the same selection as a streamed CSV file.

The list shows every code by its name in the reader's language (``sibina.audit.readable``), the code on hover;
the CSV keeps the codes and adds the names.

Only BKPSDM administrators and auditors may read them. Anyone else gets 403, and the refused attempt is itself
written to the trail. Nothing here (or anywhere in the app) edits or deletes an event.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from sibina import access, sheets
from sibina.audit import selectors
from sibina.audit.actions import action_label
from sibina.audit.models import AuditEvent
from sibina.audit.readable import person_name, readable, type_label
from sibina.audit.services import audit_record
from sibina.people.models import UnitKerja
from sibina.roles import Role
from sibina.web import downloads
from sibina.web.widgets import IsoDateInput

EVENTS_PER_PAGE = 50
# The stored codes first, as they always were; the names in the reader's language after them.
CSV_COLUMNS = (
    "waktu",
    "username",
    "peran",
    "aksi",
    "objek_tipe",
    "objek_id",
    "objek_label",
    "sebelum",
    "sesudah",
    "alamat",
    "keterangan",
    "aksi_label",
    "objek_tipe_label",
    "oleh_nama",
    "opd_id",
)


def _person_choice(username: str, first: str, last: str) -> tuple[str, str]:
    name = f"{first} {last}".strip()
    return username, f"{name} ({username})" if name else username


def _by_label(choices: list[tuple[Any, str]]) -> list[tuple[Any, str]]:
    return sorted(choices, key=lambda c: (c[1].casefold(), str(c[0])))


class AuditFilterForm(forms.Form):
    dari = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=IsoDateInput,
    )
    sampai = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=IsoDateInput,
    )
    user = forms.ChoiceField(label=gettext_lazy("Person"), required=False)
    opd = forms.TypedChoiceField(label=gettext_lazy("OPD"), required=False, coerce=int, empty_value=None)
    aksi = forms.ChoiceField(label=gettext_lazy("Action"), required=False)
    objek = forms.ChoiceField(label=gettext_lazy("Object type"), required=False)
    peran = forms.ChoiceField(label=gettext_lazy("Role"), required=False)
    q = forms.CharField(label=gettext_lazy("Text"), required=False, max_length=100)

    def __init__(self, *args: Any, tenant: selectors.Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        people = [_person_choice(*p) for p in selectors.people_values(tenant=tenant)]
        self._choices("user", _by_label(people), gettext_lazy("All users"))
        self._choices("opd", _opds(tenant), gettext_lazy("All OPDs"))
        actions = [(a, action_label(a)) for a in selectors.action_values(tenant=tenant)]
        self._choices("aksi", _by_label(actions), gettext_lazy("All actions"))
        types = [(t, type_label(t)) for t in selectors.object_type_values(tenant=tenant)]
        self._choices("objek", _by_label(types), gettext_lazy("All types"))
        self._choices("peran", [(r.value, r.value) for r in Role], gettext_lazy("All roles"))

    def _choices(self, name: str, choices: list[tuple[Any, str]], everything: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", everything), *choices]

    def audit_filter(self) -> selectors.AuditFilter:
        """The filter as entered; a field with an invalid value is left out (its error is shown beside it) and
        the others still apply."""
        self.is_valid()
        data = self.cleaned_data
        opd = data.get("opd")
        return selectors.AuditFilter(
            tenant=self.tenant,
            dari=data.get("dari"),
            sampai=data.get("sampai"),
            username=data.get("user") or "",
            peran=data.get("peran") or "",
            aksi=data.get("aksi") or "",
            objek_tipe=data.get("objek") or "",
            opd_id=opd if isinstance(opd, int) else None,
            q=(data.get("q") or "").strip(),
        )


def _opds(tenant: selectors.Tenant) -> list[tuple[int, str]]:
    """The OPDs (top units) of the reader's instansi: what an event's ``opd_id`` names."""
    if tenant.instansi_id is None:
        return []
    roots = UnitKerja.objects.filter(instansi_id=tenant.instansi_id, parent__isnull=True).order_by("nama")
    return list(roots.values_list("pk", "nama"))


def _require_reader(request: HttpRequest) -> selectors.Tenant:
    """Refuse anyone but BKPSDM and auditors, and leave a record of the attempt; a reader reads the trail of
    their own instansi only (``sibina.access.audit_tenant``)."""
    if selectors.can_read_audit(request.user):
        return access.audit_tenant(request.user)
    audit_record(
        by=request.user, action="access.denied", note=f"{request.method} {request.get_full_path()}"[:500]
    )
    raise PermissionDenied(_("Only BKPSDM administrators and auditors may read the audit trail."))


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    tenant = _require_reader(request)
    form = AuditFilterForm(request.GET, tenant=tenant)
    events = selectors.event_list(filters=form.audit_filter())
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = readable(list(page.object_list))
    return render(request, "web/audit_list.html", {"form": form, "page": page, "rows": rows})


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    # User names typed at a failed login and object labels come from outside: sheets defuses formulas.
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def csv_row(event: AuditEvent) -> list[str]:
    return [
        timezone.localtime(event.waktu).isoformat(),
        *(
            _cell(v)
            for v in (
                event.username,
                event.peran,
                event.aksi,
                event.objek_tipe,
                event.objek_id,
                event.objek_label,
                event.sebelum,
                event.sesudah,
                event.alamat,
                event.keterangan,
                action_label(event.aksi),
                type_label(event.objek_tipe) if event.objek_tipe else "",
                person_name(event.oleh, event.username),
                event.opd_id,
            )
        ),
    ]


@login_required
@require_GET
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    tenant = _require_reader(request)
    events = selectors.event_list(filters=AuditFilterForm(request.GET, tenant=tenant).audit_filter())
    # Taking the trail away in bulk is itself worth a line in it.
    audit_record(by=request.user, action="audit.export", note=request.GET.urlencode()[:500])
    rows = (csv_row(event) for event in events.iterator(chunk_size=2000))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return downloads.streamed(sheets.csv_lines(CSV_COLUMNS, rows), f"audit-{stamp}.csv")
