"""Each role's home lists what waits for it, in the walk of the approval on the synthetic city: BKPSDM is told to
put the optimised plan up and send it; once sent, the head of Dinkes's home shows the review with its deadline
(one click to it) and the menu counts the notification; once consolidated, the PPK's home shows the decree to set."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import translation
from pytest_django.fixtures import Settings as SettingsWrapper

from sibina import formats as house
from sibina.approvals import services
from sibina.approvals.models import Persetujuan, ReviewOpd
from sibina.optimiser import SolveOptions
from sibina.planning.models import PlanCycle
from sibina.planning.services import plan_optimise
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_homes_follow_the_approval(live_server: Any, browser: Any, settings: SettingsWrapper) -> None:
    settings.SIBINA_JOBS = "queued"  # the e-mails wait; the homes and the menu are what is tested
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", size=400, seed=11, verbosity=0)
    cycle = PlanCycle.objects.get()
    plan = plan_optimise(cycle=cycle, options=SolveOptions(time_limit=20), marginal=False)
    assert plan is not None
    base = live_server.url

    # BKPSDM's home: the optimised plan is to be put up for approval; one click leads to the page that does it.
    admin = login(browser, base, "admin.bkpsdm")
    task = admin.locator("#tasks li[data-kind=send] a")
    assert task.count() == 1
    task.click()
    admin.wait_for_load_state()
    admin.click("button[name=start]")
    admin.click("button[name=send]")
    p = Persetujuan.objects.get()
    assert p.tahap == "DIKIRIM"
    review = ReviewOpd.objects.get(persetujuan=p, unit__kode="DINKES")
    assert review.batas is not None

    # The head of Dinkes: the review with its deadline, one click to it, and the notification counted.
    dinkes = login(browser, base, "kepala.dinkes")
    item = dinkes.locator("#tasks li[data-kind=review]")
    assert item.count() == 1
    assert item.locator(".task-due").get_attribute("data-due") == review.batas.isoformat()
    with translation.override("id"):
        assert house.tanggal(review.batas) in item.inner_text()  # the house long date: "21 Desember 2026"
    assert dinkes.locator("#unread-count").inner_text().strip() == "1"
    item.locator("a").click()
    dinkes.wait_for_load_state()
    assert dinkes.url.endswith(f"/persetujuan/review/{review.pk}/")
    assert dinkes.locator("#opd-jp").count() == 0  # the chart is on the home, not here
    dinkes.goto(f"{base}/")
    assert dinkes.locator("#opd-jp tr[data-unit]").count() >= 1  # their own OPD's chart

    # Nothing for the PPK yet; after consolidation, the decree to set.
    ppk = login(browser, base, "ppk")
    assert ppk.locator("#tasks li").count() == 0
    # (the re-optimisation itself is the approval walk's test; here the plan is adopted as it is)
    services.persetujuan_consolidated(
        persetujuan=p, plan=p.plan, by=User.objects.get(username="admin.bkpsdm")
    )
    ppk.goto(f"{base}/")
    decree = ppk.locator("#tasks li[data-kind=decree] a")
    assert decree.count() == 1 and ppk.locator("#unread-count").inner_text().strip() == "1"
    decree.click()
    ppk.wait_for_load_state()
    assert ppk.locator("#nomor").count() == 1  # the decree form
