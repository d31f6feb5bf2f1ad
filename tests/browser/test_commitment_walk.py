"""In a real browser: a PKP participant writes a milestone of her change project done on "my development"; her
mentor finds it in his home's task list and confirms it; BKPSDM reads the commitment figures per OPD, written
the Indonesian way. With ``SIBINA_SCREENSHOTS=DIR`` the pages are saved there as PNG for a person to look at."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from sibina.delivery import aksi
from sibina.delivery.models import TonggakAksi
from tests.browser.conftest import login
from tests.delivery.conftest import decree
from tests.delivery.test_commitment import hand_built
from tests.delivery.test_escalation import leadership_class
from tests.web.test_permissions import _build

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "pw-not-used-123"


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("SIBINA_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_report_a_milestone_confirm_it_and_read_the_figures(
    live_server: Any, browser: Any, settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SIBINA_JOBS = "queued"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def day(to: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: to)

    day(dt.date(2027, 1, 4))
    w = _build()
    for user in w.users.values():
        user.set_password(PASSWORD)
        user.save()
    decree(w)
    p = leadership_class(w, day)
    hand_built(w, day)
    project = aksi.aksi_save(peserta=p, by=w.users["pegawai"], judul="Posyandu digital di Puskesmas Uji")
    aksi.tonggak_add(
        aksi=project,
        by=w.users["pegawai"],
        version=1,
        judul="Rancangan disetujui kepala dinas",
        batas=dt.date(2027, 3, 10),
    )
    day(dt.date(2027, 3, 12))
    base = live_server.url

    me = login(browser, base, "u_pegawai", password=PASSWORD)
    me.goto(f"{base}/pengembangan-saya/#aksi-perubahan")
    assert me.locator("#aksi-perubahan .badge", has_text="Terlambat").count() == 1
    _shot(me, "my_development_aksi")
    me.fill("#aksi-perubahan textarea[name=catatan]", "Rancangan dibahas dan disetujui dalam rapat dinas.")
    me.click("#aksi-perubahan form:has(textarea[name=catatan]) button[type=submit]")
    me.wait_for_load_state()
    assert TonggakAksi.objects.get().status == "LAPOR"

    mentor = login(browser, base, "u_kepala", password=PASSWORD)
    task = mentor.locator("#tasks li[data-kind=milestone]")
    assert task.count() == 1
    _shot(mentor, "mentor_home")
    task.locator("a").click()
    mentor.wait_for_load_state()
    _shot(mentor, "mentor_page")
    mentor.check("input[name=keputusan][value=setuju]")
    mentor.click("form:has(input[name=keputusan]) button[type=submit]")
    mentor.wait_for_load_state()
    assert TonggakAksi.objects.get().status == "KONFIRM"
    mentor.goto(f"{base}/pimpinan/")
    _shot(mentor, "kepala_dashboard")
    mentor.goto(f"{base}/kelas/komitmen/")
    _shot(mentor, "kepala_komitmen")

    admin = login(browser, base, "u_bkpsdm", password=PASSWORD)
    admin.goto(f"{base}/kelas/komitmen/")
    table = admin.locator("#komitmen-opd")
    assert "83,3\xa0% (5/6)" in table.inner_text() and "Kecamatan Binjai Utara" in table.inner_text()
    _shot(admin, "bkpsdm_komitmen")
    admin.goto(f"{base}/pimpinan/keterlibatan/?tahun=2027")
    _shot(admin, "bkpsdm_engagement")
    admin.goto(f"{base}/kelas/{p.kelas_id}/aksi-perubahan/")
    assert "Posyandu digital di Puskesmas Uji" in admin.content()
    _shot(admin, "bkpsdm_kelas_aksi")
