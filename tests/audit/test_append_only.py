"""Audit events can be added, never changed or removed: not by the model, not in the admin."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client, RequestFactory

from sibina.audit.models import AuditEvent
from tests.audit.conftest import event_at, jakarta


@pytest.fixture
def event(db: None) -> AuditEvent:
    return event_at(jakarta(2027, 1, 4, 8, 0), username="atasan", aksi="usulan.decide", objek_label="U1")


def test_an_event_cannot_be_saved_again_or_deleted(event: AuditEvent) -> None:
    event.aksi = "something.else"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).aksi == "usulan.decide"


def test_the_admin_offers_no_add_change_or_delete(
    event: AuditEvent, admin_client: Client, admin_user: User
) -> None:
    model_admin = admin.site.get_model_admin(AuditEvent)
    request = RequestFactory().get("/")
    request.user = admin_user  # a superuser: even they may not
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    assert admin_client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 200  # read only
    assert admin_client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"aksi": "x"}).status_code == 403
    assert (
        admin_client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert admin_client.get("/admin/audit/auditevent/add/").status_code == 403
    bulk = admin_client.post(
        "/admin/audit/auditevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk.status_code == 200  # no such action: the list again
    assert AuditEvent.objects.get(pk=event.pk).aksi == "usulan.decide"
