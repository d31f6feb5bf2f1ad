"""Through the pages: two sessions of the same Kepala OPD post their decision at the same instant with the same
version. No 5xx: one gets the success message, the other the friendly refusal. And when SQLite's write lock
stays taken longer than the busy timeout, the answer is the 503 "busy" page, with nothing changed."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from sibina.approvals import services
from sibina.approvals.models import ReviewOpd
from sibina.audit.models import AuditEvent
from sibina.planning.models import Plan
from tests.approvals.conftest import Actors, actors, base_plan  # noqa: F401  (fixture re-export)
from tests.concurrency.conftest import STALE, concurrent, race
from tests.planning.conftest import Tiny, tiny  # noqa: F401  (fixture re-export)

pytestmark = concurrent
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _sent(plan: Plan, actors: Actors) -> ReviewOpd:  # noqa: F811
    p = services.persetujuan_start(plan=plan, by=actors.bkpsdm)
    services.persetujuan_send(
        persetujuan=p, by=actors.bkpsdm, version=p.version, batas=timezone.localdate() + dt.timedelta(days=7)
    )
    return ReviewOpd.objects.get(persetujuan=p, unit__kode="DINKES")


def _signed_in(actors: Actors) -> Client:  # noqa: F811
    c = Client()
    c.force_login(actors.kepala)
    return c


def test_approve_and_return_posted_at_once_one_applies_no_5xx(
    tiny: Tiny,  # noqa: F811
    actors: Actors,  # noqa: F811
    base_plan: Plan,  # noqa: F811
) -> None:
    review = _sent(base_plan, actors)
    seen = review.version
    url = f"/persetujuan/review/{review.pk}/putuskan/"
    tabs = [_signed_in(actors), _signed_in(actors)]
    posts = [
        {"version": seen, "keputusan": "setuju", "komentar": "", "konfirmasi": "1"},
        {"version": seen, "keputusan": "kembali", "komentar": "Prioritaskan PNS 2"},
    ]
    outcomes = race(
        *(lambda c=c, d=d: c.post(url, d, follow=True, **EN) for c, d in zip(tabs, posts, strict=True))
    )
    pages = [o.value for o in outcomes]
    assert [r.redirect_chain[0][1] for r in pages] == [302, 302]
    assert [r.status_code for r in pages] == [200, 200]
    texts = [r.content.decode() for r in pages]
    done = ["Your OPD&#x27;s part is approved.", "The plan was returned to BKPSDM with your comment."]
    applied = [i for i in (0, 1) if done[i] in texts[i]]
    assert len(applied) == 1, texts
    winner = applied[0]
    refusal = f"{STALE} OPD review after you opened it (version {seen}, now {seen + 1}). Reload the page"
    assert refusal in texts[1 - winner]
    assert done[1 - winner] not in texts[1 - winner]
    review.refresh_from_db()
    assert (review.status, review.version) == (("DISETUJUI", "DIKEMBALIKAN")[winner], seen + 1)
    assert AuditEvent.objects.filter(aksi__startswith="approval.review.").count() == 1


@pytest.fixture
def short_busy_timeout() -> Iterator[float]:
    """SQLite only: a busy timeout of a fraction of a second, so the test need not wait the real one."""
    if connection.vendor != "sqlite":
        pytest.skip("the busy timeout is SQLite's")
    options = connection.settings_dict["OPTIONS"]
    real = options["timeout"]
    options["timeout"] = 0.2
    connection.close()  # the next connection takes the short timeout
    try:
        yield 0.2
    finally:
        connection.close()
        options["timeout"] = real


def test_a_database_busy_beyond_the_timeout_answers_503_and_changes_nothing(
    tiny: Tiny,  # noqa: F811
    actors: Actors,  # noqa: F811
    base_plan: Plan,  # noqa: F811
    short_busy_timeout: float,
) -> None:
    review = _sent(base_plan, actors)
    tab = _signed_in(actors)
    other_writer = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")  # another process holds the write lock throughout the request
    try:
        response = tab.post(
            f"/persetujuan/review/{review.pk}/putuskan/",
            {"version": review.version, "keputusan": "setuju", "komentar": "", "konfirmasi": "1"},
            **EN,
        )
    finally:
        other_writer.rollback()
        other_writer.close()
    assert (response.status_code, response["Retry-After"]) == (503, "5")
    assert "The database is busy, try again in a moment. Nothing was saved." in response.content.decode()
    seen = review.version
    review.refresh_from_db()
    assert (review.status, review.version) == ("MENUNGGU", seen)
