"""The audit trail in a browser, in Indonesian: the date filter round-trips (ISO values in <input type="date">),
and a row reads as names with its change as a small table."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from pytest_django.fixtures import Settings as SettingsWrapper

from sibina.audit.models import AuditEvent
from sibina.audit.services import audit_record
from sibina.people.models import AkunInstansi, Instansi, UnitKerja
from sibina.roles import Role
from tests.audit.conftest import jakarta
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "binjai-demo-2027"


def test_the_date_filter_and_a_readable_row_in_indonesian(
    live_server: Any, browser: Any, settings: SettingsWrapper, tmp_path: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    instansi = Instansi.objects.create(kode="1275", nama="Kota Binjai", jenis="KOTA")
    auditor = User.objects.create_user("auditor", password=PASSWORD, first_name="Irma", last_name="Sari")
    auditor.groups.add(Group.objects.get(name=Role.AUDITOR.value))
    AkunInstansi.objects.create(user=auditor, instansi=instansi)
    dinkes = UnitKerja.objects.create(instansi=instansi, kode="DINKES", nama="Dinas Kesehatan", jenis="OPD")
    old = audit_record(
        by=auditor,
        action="admin.change",
        obj=dinkes,
        before={"melayani_publik": False},
        after={"melayani_publik": True},
    )
    AuditEvent.objects.filter(pk=old.pk).update(waktu=jakarta(2026, 1, 5, 9, 30))

    page = login(browser, live_server.url, "auditor", locale="id-ID", password=PASSWORD)
    page.goto(f"{live_server.url}/audit/")
    page.fill("input[name=dari]", "2026-01-05")
    page.fill("input[name=sampai]", "2026-01-05")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state()
    assert "dari=2026-01-05" in page.url
    assert page.input_value("input[name=dari]") == "2026-01-05"  # shown again, not blanked by a local format
    rows = page.locator("tbody > tr:has(table.table-change)")
    assert rows.count() == 1  # the login of today is outside the dates
    row = rows.first
    assert row.locator("td[title='admin.change']").count() == 1
    assert row.locator("th[title='melayani_publik']").count() == 1
    assert "Irma Sari" in row.inner_text() and "Dinas Kesehatan" in row.inner_text()
    page.screenshot(path=str(tmp_path / "audit.png"), full_page=True)
