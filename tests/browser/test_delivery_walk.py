"""In a real browser: the employee accepts an invitation from their home's task list (with the pledge), BKPSDM
records attendance per session and the completion with its certificate number on the class page, and the
employee then sees the JP on their home page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from sibina.delivery.models import Peserta
from tests.browser.conftest import login
from tests.delivery.conftest import decree
from tests.delivery.test_services import invited
from tests.web.test_permissions import _build

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "pw-not-used-123"  # the small city's accounts (tests/web/test_permissions.py)


def test_accept_attend_complete_and_see_the_jp(
    live_server: Any, browser: Any, settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SIBINA_JOBS = "queued"  # the e-mails wait
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2027, 1, 4))
    w = _build()
    for user in w.users.values():
        user.set_password(PASSWORD)
        user.save()
    decree(w)
    kelas = invited(w)
    base = live_server.url

    me = login(browser, base, "u_pegawai", password=PASSWORD)
    task = me.locator("#tasks li[data-kind=invitation]")
    assert task.count() == 1
    assert task.locator(".task-due").get_attribute("data-due") == "2027-02-01"
    task.locator("a").click()
    me.wait_for_load_state()
    assert me.url.endswith("/pengembangan-saya/")
    me.check("input[name=jawaban][value=TERIMA]")
    me.check("input[name=ikrar]")
    me.click("#undangan button[type=submit]")
    me.wait_for_load_state()
    mine = Peserta.objects.get(kelas=kelas, pegawai=w.city.perawat)
    assert (mine.status, mine.ikrar) == ("DITERIMA", True)

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2027, 2, 5))
    admin = login(browser, base, "u_bkpsdm", password=PASSWORD)
    for n in (1, 2, 3, 4):
        admin.goto(f"{base}/kelas/{kelas.pk}/?sesi={n}")
        admin.check(f"#kehadiran input[name=hadir][value='{mine.pk}']")
        admin.click("#kehadiran button[type=submit]")
        admin.wait_for_load_state()
    assert mine.kehadiran.filter(hadir=True).count() == 4
    admin.fill(f"#nomor-{mine.pk}", "EL/2027/042")
    admin.locator(f"form:has(#nomor-{mine.pk}) button[type=submit]").click()
    admin.wait_for_load_state()
    mine.refresh_from_db()
    assert (mine.hasil, mine.nomor_sertifikat, str(mine.jp)) == ("SELESAI", "EL/2027/042", "12.00")

    me.goto(f"{base}/")
    assert me.locator("#own-jp .jp-year-head .num").first.inner_text().startswith("12 / 20")
    me.goto(f"{base}/pengembangan-saya/")
    assert "EL/2027/042" in me.locator("#sertifikat").inner_text()
