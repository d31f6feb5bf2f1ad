"""The plan page while the value of more budget is still being measured by its own job, and after."""

from __future__ import annotations

from django.test import Client
from pytest_django.fixtures import Settings
from tests.web.test_plan_pages import Planned
from tests.web.test_plan_pages import planned as planned

from sibina.planning.models import MarginalRun
from sibina.planning.services import plan_marginal_start
from sibina.planning.tasks import marginal

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_plan_page_follows_the_measurement_until_it_is_done(
    reader_client: Client, planned: Planned, settings: Settings
) -> None:
    settings.SIBINA_JOBS = "queued"  # the test plays the worker
    plan = planned.plan  # optimised without the measurement
    url = f"/rencana/plan/{plan.pk}/"
    assert "Not measured for this plan." in reader_client.get(url, **EN).content.decode()
    row = plan_marginal_start(plan=plan)
    page = reader_client.get(url, **EN).content.decode()
    assert "Being measured (0 %)" in page
    assert f'hx-get="{url}" hx-trigger="every 5s" hx-select="#marginal"' in page
    assert marginal.run(row.pk).status == "DONE"
    page = reader_client.get(url, **EN).content.decode()
    assert "Being measured" not in page and 'hx-trigger="every 5s"' not in page
    assert "million more would close" in page


def test_a_failed_or_lost_measurement_is_not_shown_as_running(
    reader_client: Client, planned: Planned, settings: Settings
) -> None:
    settings.SIBINA_JOBS = "queued"
    plan = planned.plan
    url = f"/rencana/plan/{plan.pk}/"
    row = plan_marginal_start(plan=plan)
    MarginalRun.objects.filter(pk=row.pk).update(status="RUNNING", mulai="2020-01-01T00:00:00Z")
    page = reader_client.get(url, **EN).content.decode()
    assert "Being measured" not in page and "Not measured for this plan." in page  # lost with its thread
    MarginalRun.objects.filter(pk=row.pk).update(status="FAILED", pesan="solver error")
    page = reader_client.get(url, **EN).content.decode()
    assert "The measurement failed" in page and "solver error" not in page
