"""The audit trail pages: a filtered, paginated list and the same selection as a streamed CSV file.

Only BKPSDM administrators and auditors may read them. Anyone else gets 403, and the refused attempt is itself
written to the trail. Nothing here (or anywhere in the app) edits or deletes an event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
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
from sibina.audit.models import AuditEvent
from sibina.audit.services import audit_record
from sibina.roles import Role

EVENTS_PER_PAGE = 50
VALUE_SHOWN = 200  # characters of one before/after value on the page; the CSV has them whole
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
)


class AuditFilterForm(forms.Form):
    dari = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    user = forms.CharField(label=gettext_lazy("User name"), required=False, max_length=150)
    peran = forms.ChoiceField(label=gettext_lazy("Role"), required=False)
    aksi = forms.ChoiceField(label=gettext_lazy("Action"), required=False)
    objek = forms.ChoiceField(label=gettext_lazy("Object type"), required=False)
    q = forms.CharField(label=gettext_lazy("Text"), required=False, max_length=100)

    def __init__(self, *args: Any, tenant: selectors.Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self._choices("peran", [(r.value, r.value) for r in Role], gettext_lazy("All roles"))
        actions = selectors.action_values(tenant=tenant)
        self._choices("aksi", [(a, a) for a in actions], gettext_lazy("All actions"))
        types = selectors.object_type_values(tenant=tenant)
        self._choices("objek", [(t, t) for t in types], gettext_lazy("All types"))

    def _choices(self, name: str, choices: list[tuple[str, str]], everything: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", everything), *choices]

    def audit_filter(self) -> selectors.AuditFilter:
        """The filter as entered; a field with an invalid value is left out and the others still apply."""
        self.is_valid()
        data = self.cleaned_data
        return selectors.AuditFilter(
            tenant=self.tenant,
            dari=data.get("dari"),
            sampai=data.get("sampai"),
            username=(data.get("user") or "").strip(),
            peran=data.get("peran") or "",
            aksi=data.get("aksi") or "",
            objek_tipe=data.get("objek") or "",
            q=(data.get("q") or "").strip(),
        )


def _require_reader(request: HttpRequest) -> selectors.Tenant:
    """Refuse anyone but BKPSDM and auditors, and leave a record of the attempt; a reader reads the trail of
    their own instansi only (``sibina.access.audit_tenant``)."""
    if selectors.can_read_audit(request.user):
        return access.audit_tenant(request.user)
    audit_record(
        by=request.user, action="access.denied", note=f"{request.method} {request.get_full_path()}"[:500]
    )
    raise PermissionDenied(_("Only BKPSDM administrators and auditors may read the audit trail."))


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= VALUE_SHOWN else text[: VALUE_SHOWN - 1] + "…"


def event_changes(event: AuditEvent) -> list[Change]:
    """One line per field named in the event's before or after."""
    before = event.sebelum if isinstance(event.sebelum, dict) else {}
    after = event.sesudah if isinstance(event.sesudah, dict) else {}
    keys = sorted(set(before) | set(after))
    return [
        Change(k, _shown(before.get(k)) if k in before else "", _shown(after.get(k)) if k in after else "")
        for k in keys
    ]


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    tenant = _require_reader(request)
    form = AuditFilterForm(request.GET, tenant=tenant)
    events = selectors.event_list(filters=form.audit_filter())
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(e, event_changes(e)) for e in page.object_list]
    return render(request, "web/audit_list.html", {"form": form, "page": page, "rows": rows})


def _cell(value: Any) -> str:
    if value is None:
        return ""
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
    response = StreamingHttpResponse(
        sheets.csv_lines(CSV_COLUMNS, rows), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
