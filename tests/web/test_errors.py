"""The app's own error pages: a 404 never says why (a missing record and one outside the reader's scope give the
same page), and a missing address gets the app's page, not Django's technical one."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from unittest import mock

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import timezone, translation
from tests.approvals.conftest import Actors, actors, base_plan  # noqa: F401  (fixture re-export)
from tests.planning.conftest import tiny  # noqa: F401  (fixture re-export)

from sibina.approvals import services
from sibina.approvals.models import ReviewOpd
from sibina.planning.models import Plan
from sibina.web.errors import bad_request, page_not_found, permission_denied, server_error
from sibina.web.params import BadParameter

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _page(response: object) -> str:
    """The body without its CSRF tokens (masked afresh on every page)."""
    return CSRF.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())  # type: ignore[attr-defined]


def test_a_missing_and_an_out_of_scope_review_give_the_same_404(actors: Actors, base_plan: Plan) -> None:  # noqa: F811
    p = services.persetujuan_start(plan=base_plan, by=actors.bkpsdm)
    services.persetujuan_send(
        persetujuan=p, by=actors.bkpsdm, version=p.version, batas=timezone.localdate() + dt.timedelta(days=3)
    )
    review = p.reviews.get(unit__kode="DINKES")
    url = reverse("web:approval_review", args=[review.pk])
    other_head = Client()
    other_head.force_login(actors.kepala_other)  # the head of another OPD
    out_of_scope = other_head.get(url)
    ReviewOpd.objects.filter(pk=review.pk).delete()
    missing = other_head.get(url)
    assert (out_of_scope.status_code, missing.status_code) == (404, 404)
    assert _page(out_of_scope) == _page(missing)
    assert "No such OPD review." not in _page(missing) and ">Not found<" in _page(missing)


def test_the_404_page_never_shows_the_exception_message(db: None) -> None:
    request = RequestFactory().get("/persetujuan/review/1/")
    request.user = AnonymousUser()
    response = page_not_found(request, Http404("No such OPD review."))
    assert response.status_code == 404
    assert "No such OPD review." not in response.content.decode()


def test_the_400_page_shows_only_our_own_messages(db: None) -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    ours = bad_request(request, BadParameter("unit", "The parameter “unit” must be a whole number."))
    assert ours.status_code == 400 and "The parameter “unit” must be a whole number." in ours.content.decode()
    other = bad_request(request, Exception("Invalid HTTP_HOST header: 'evil.example'"))
    assert other.status_code == 400 and "evil.example" not in other.content.decode()
    assert "The request could not be understood." in other.content.decode()


def test_a_missing_address_gets_the_apps_own_404(db: None) -> None:
    response = Client().get("/tidak-ada/")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'class="topbar"' in body and ">Not found<" in body
    assert "URLconf" not in body


def test_every_error_has_the_apps_own_handler() -> None:
    resolver = get_resolver()
    handlers = {code: resolver.resolve_error_handler(code) for code in (400, 403, 404, 500)}
    assert handlers == {400: bad_request, 403: permission_denied, 404: page_not_found, 500: server_error}


def test_a_refused_page_gets_the_apps_own_403_with_the_reason(actors: Actors) -> None:  # noqa: F811
    client = Client()
    client.force_login(actors.kepala)  # a Kepala OPD may not see the audit trail
    with translation.override("en"):
        response = client.get("/audit/")
    body = response.content.decode()
    assert response.status_code == 403
    assert 'class="topbar"' in body and ">Not allowed<" in body and "The attempt was recorded." in body


def test_the_500_page_is_static_and_needs_nothing_that_may_have_failed(db: None) -> None:
    request = RequestFactory().get("/")  # no user, no session: the middleware may be what failed
    with CaptureQueriesContext(connection) as queries:
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500 and len(queries) == 0
    assert "Something went wrong" in body and "Terjadi kesalahan" in body and "{%" not in body


def test_a_crash_shows_the_500_page_not_a_traceback(actors: Actors, settings: Any) -> None:  # noqa: F811
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(actors.kepala)
    with mock.patch("sibina.web.views.selectors.unit_tree", side_effect=RuntimeError("secret detail")):
        response = client.get("/unit/")
    body = response.content.decode()
    assert response.status_code == 500 and "Something went wrong" in body
    assert "secret detail" not in body and "Traceback" not in body
