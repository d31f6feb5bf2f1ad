"""The OPD × competency heatmap in a browser: it scrolls inside its card both ways, and its header row and unit
column stay in view while it does."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from pytest_django.fixtures import Settings as SettingsWrapper

from sibina.competency.models import Kompetensi
from sibina.needs.models import Kebutuhan
from sibina.people.models import AkunInstansi, Instansi, UnitKerja
from sibina.roles import Role
from tests.web.conftest import make_pegawai

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "binjai-demo-2027"
YEAR = 2027


def test_header_and_unit_column_stay_in_view(
    live_server: Any, browser: Any, settings: SettingsWrapper, binjai: Instansi, tmp_path: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    auditor = User.objects.create_user("auditor", password=PASSWORD)
    auditor.groups.add(Group.objects.get(name=Role.AUDITOR.value))
    AkunInstansi.objects.create(user=auditor, instansi=binjai)
    competencies = list(Kompetensi.objects.order_by("kode")[:24])
    for opd in UnitKerja.objects.filter(instansi=binjai, parent=None).order_by("pk")[:18]:
        p = make_pegawai(instansi=binjai, unit=opd, nama=f"Pegawai {opd.kode}")
        Kebutuhan.objects.bulk_create(
            Kebutuhan(
                pegawai=p,
                tahun=YEAR,
                sumber="GAP",
                kompetensi=k,
                level_saat_ini=1,
                level_target=2,
                gap=1,
                prioritas=Decimal(50),
                alasan="test",
            )
            for k in competencies
        )

    page = browser.new_context(locale="en-GB", viewport={"width": 900, "height": 600}).new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "auditor")
    page.fill("input[name=password]", PASSWORD)
    page.click("form:has(input[name=password]) button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/kebutuhan/?tahun={YEAR}")
    wrap = page.locator(".heatmap-wrap")
    wrap.scroll_into_view_if_needed()
    size = wrap.evaluate("w => [w.scrollWidth > w.clientWidth, w.scrollHeight > w.clientHeight]")
    assert size == [True, True]  # it scrolls inside its card, both ways
    # The page itself does not grow sideways with the table.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    wrap.evaluate("w => { w.scrollTop = 200; w.scrollLeft = 300; }")
    page.wait_for_timeout(100)
    box = wrap.bounding_box()
    head = page.locator(".heatmap thead th").nth(3).bounding_box()  # a competency's header cell
    unit = page.locator(".heatmap tbody th[scope=row]").nth(8).bounding_box()
    assert box and head and unit
    assert abs(head["y"] - box["y"]) <= 2, (head, box)  # still at the top of the card's scroll box
    assert abs(unit["x"] - box["x"]) <= 2, (unit, box)  # the unit names stay at its left edge
    page.screenshot(path=str(tmp_path / "heatmap.png"), full_page=False)
