"""Date fields in Indonesian, in a real browser (issue 12): the coaching forms show their dates (ISO inside
<input type="date">, not the Indonesian "07-12-2026" a browser cannot read and shows as blank) and submit them."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from sibina.coaching.models import PenugasanPembimbing, SesiBimbingan
from tests.browser.conftest import login
from tests.coaching.conftest import Team, team  # noqa: F401 (the coaching pages' fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "binjai-demo-2027"
ASSIGN = "form[action$='/pembimbingan/tugaskan/']"


def test_coaching_dates_show_and_submit_in_indonesian(
    live_server: Any,
    browser: Any,
    settings: SettingsWrapper,
    team: Team,  # noqa: F811 (the fixture)
) -> None:
    settings.LANGUAGE_CODE = "id"  # the city's default (tests run in English unless told)
    team.u_kepala.set_password(PASSWORD)
    team.u_kepala.save()
    today = timezone.localdate().isoformat()
    page = login(browser, live_server.url, team.u_kepala.username)
    page.goto(f"{live_server.url}/pembimbingan/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.input_value(f"{ASSIGN} input[name=mulai]") == today  # filled, not blank
    assert page.input_value(f"{ASSIGN} input[name=selesai]") == ""

    staf = team.staf
    page.select_option(f"{ASSIGN} select[name=pegawai]", f"{staf.pk}:{staf.version}")
    page.fill(f"{ASSIGN} input[name=pembimbing]", team.kabid.nip)
    page.fill(f"{ASSIGN} input[name=selesai]", "2027-06-30")  # typed through the browser's date field
    page.click(f"{ASSIGN} button[type=submit]")
    page.wait_for_load_state()
    penugasan = PenugasanPembimbing.objects.get(pegawai=staf)
    assert (penugasan.mulai.isoformat(), penugasan.selesai.isoformat()) == (today, "2027-06-30")
    assert page.url.endswith(f"/pembimbingan/{penugasan.pk}/")

    end = "form[action$='/akhiri/']"
    assert page.input_value(f"{end} input[name=selesai]") == today  # the head may end it, today by default

    # The coach (the employee's direct supervisor) logs a session on the assignment's page.
    team.u_atasan.set_password(PASSWORD)
    team.u_atasan.save()
    coach = login(browser, live_server.url, team.u_atasan.username)
    coach.goto(f"{live_server.url}/pembimbingan/{penugasan.pk}/")
    log = "form[action$='/sesi/']"
    assert coach.input_value(f"{log} input[name=tanggal]") == today
    coach.fill(f"{log} input[name=menit]", "60")
    coach.fill(f"{log} input[name=topik]", "Umpan balik kinerja")
    coach.click(f"{log} button[type=submit]")
    coach.wait_for_load_state()
    assert SesiBimbingan.objects.get(penugasan=penugasan).tanggal.isoformat() == today

    # The head ends it on the date the field holds.
    page.reload()
    page.click(f"{end} button[type=submit]")
    page.wait_for_load_state()
    penugasan.refresh_from_db()
    assert (penugasan.aktif, penugasan.selesai.isoformat()) == (False, today)
