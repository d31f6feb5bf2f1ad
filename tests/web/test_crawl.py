"""No dead ends: every demo login, in both languages, follows every link it is shown on the small demo city (a plan
optimised and sent for approval) and never meets a 404, a 403 or a 5xx. A link shown is a link allowed.

A breadth-first walk from "/" over same-site ``<a href>`` links with the Django test client (no browser: fast).
Skipped: logout and the language switch (forms, not links), Django's admin (its own app), ``?page=`` beyond 2.
Downloads are fetched (so they must not fail) but not parsed. The walk has no page cap: it reaches every kind of
page a role can reach. What keeps it fast is that pages of one kind (the same path once its numbers are set aside,
with the same query keys: ``/pegawai/<n>/``, ``/rencana/<n>/?opd=``) are opened a few times each (``PER_KIND``),
not once per employee or activity of the city; the first ones met are opened, so a kind linked from many places
is tried on the objects those places show. The counts are printed (``-s``)."""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import Client
from django.utils import timezone
from tests.module_db import built_once

from sibina.approvals import services as approvals
from sibina.approvals.models import Persetujuan
from sibina.catalogue.models import Kegiatan
from sibina.delivery import services as delivery
from sibina.demo.users import DEMO_USERS
from sibina.optimiser import SolveOptions
from sibina.planning.models import Plan, PlanCycle, PlanItem
from sibina.planning.services import plan_optimise

SIZE, SEED = 300, 11
PER_KIND = {"id": 5, "en": 2}  # English opens fewer of each kind: the same views, only the words differ
BEFORE_PLAN = ("admin.bkpsdm", "kepala.dinkes", "pegawai")  # walked before any plan exists
FROZEN = ("admin.bkpsdm", "kepala.dinkes", "ppk", "pegawai")  # walked once the plan is set by decree
NUMBER = re.compile(r"\d+")
HREF = re.compile(r"<a\b[^>]*?\bhref=\"([^\"]*)\"", re.IGNORECASE)
SKIP_PREFIXES = ("/logout/", "/i18n/", "/admin/", "/static/")


@dataclass
class Walk:
    pages: int = 0  # HTML pages fetched and parsed
    kinds: set[str] = field(default_factory=set)  # kinds of page opened (see ``_kind``)
    downloads: int = 0  # other content fetched (XLSX, CSV)
    links: int = 0  # links seen on pages and followed (or already visited)
    failures: list[str] = field(default_factory=list)


@dataclass
class Before:
    """What the city looked like before any plan was optimised."""

    walks: dict[str, Walk]
    kepala_rencana: tuple[int, str]  # a Kepala OPD's /rencana/ (status, English body)


@pytest.fixture(scope="module")
def city(django_db_setup: None, django_db_blocker: Any) -> Iterator[Before]:
    """The demo city with its plan optimised, put up for approval and sent to the OPDs; before the plan is
    optimised, a few roles walk it as it is then (the walks are returned)."""
    with built_once(django_db_blocker):
        call_command("demo", size=SIZE, seed=SEED, verbosity=0)
        walks = {username: crawl(_client(username, "id"), 1) for username in BEFORE_PLAN}
        rencana = _client("kepala.dinkes", "en").get("/rencana/")
        before = Before(walks, (rencana.status_code, rencana.content.decode()))
        plan = plan_optimise(
            cycle=PlanCycle.objects.get(), options=SolveOptions(time_limit=10), marginal=False
        )
        assert plan is not None
        admin = User.objects.get(username="admin.bkpsdm")
        p = approvals.persetujuan_start(plan=plan, by=admin)
        approvals.persetujuan_send(
            persetujuan=p, by=admin, version=p.version, batas=timezone.localdate() + dt.timedelta(days=7)
        )
        yield before


@pytest.fixture(scope="module")
def frozen(city: Before, django_db_blocker: Any) -> dict[str, Walk]:
    """Walks of the city once BKPSDM consolidated the plan and the PPK set it (frozen). The change is rolled
    back before the walks are returned, so the tests see the sent plan whatever order they run in."""
    with django_db_blocker.unblock(), transaction.atomic():
        admin, ppk = User.objects.get(username="admin.bkpsdm"), User.objects.get(username="ppk")
        p = Persetujuan.objects.get()
        pins = approvals.consolidation_check(persetujuan=p, by=admin, version=p.version, force=True)
        plan = plan_optimise(cycle=p.cycle, options=SolveOptions(time_limit=10), marginal=False, pins=pins)
        assert plan is not None
        p = approvals.persetujuan_consolidated(persetujuan=p, plan=plan, by=admin)
        approvals.persetujuan_set(
            persetujuan=p,
            by=ppk,
            version=p.version,
            nomor="800/1/2026",
            tanggal=timezone.localdate(),
            alasan_tanpa_telaah="Batas waktu telaah telah lewat.",
        )
        _open_a_class(plan, admin)
        walks = {username: crawl(_client(username, "id"), 1) for username in FROZEN}
        transaction.set_rollback(True)
    return walks


def _open_a_class(plan: Plan, admin: User) -> None:
    """The decreed plan's largest activity gets a class, its planned participants enrolled and invited, so the
    class pages, the commitment page and the invitations on "my development" are walked too."""
    top = PlanItem.objects.filter(plan=plan).values("kegiatan").annotate(n=Count("id")).order_by("-n").first()
    assert top is not None
    kegiatan = Kegiatan.objects.get(pk=top["kegiatan"])
    year = plan.cycle.tahun
    kelas = delivery.kelas_create(
        cycle=plan.cycle,
        kegiatan=kegiatan,
        mulai=dt.date(year, 2, 1),
        selesai=dt.date(year, 2, 5),
        tempat="Aula BKPSDM",
        by=admin,
    )
    delivery.kelas_enrol(kelas=kelas, by=admin, version=kelas.version)
    kelas.refresh_from_db()
    delivery.kelas_invite(kelas=kelas, by=admin, version=kelas.version)


def _client(username: str, language: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _target(href: str) -> str | None:
    """The same-site path (with query, without fragment) a link leads to, or None when the walk skips it."""
    href = unescape(href).strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.netloc and parts.netloc != "testserver":
        return None
    path = parts.path
    if not path.startswith("/") or path.startswith(SKIP_PREFIXES):
        return None
    page = parse_qs(parts.query).get("page", ["1"])[0]
    if page.isdigit() and int(page) > 2:
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _kind(url: str) -> str:
    """The kind of page a URL opens: its path with numbers set aside, and its query's keys."""
    parts = urlsplit(url)
    return (
        NUMBER.sub("<n>", parts.path) + "?" + ",".join(sorted(parse_qs(parts.query, keep_blank_values=True)))
    )


def crawl(client: Client, per_kind: int) -> Walk:
    walk = Walk()
    seen = {"/"}
    opened: dict[str, int] = {}
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    while queue:
        url, source = queue.popleft()
        kind = _kind(url)
        if opened.get(kind, 0) >= per_kind:
            continue
        opened[kind] = opened.get(kind, 0) + 1
        walk.kinds.add(kind)
        response = client.get(url)
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            found = _target(response["Location"])
            if found and found not in seen:
                seen.add(found)
                queue.append((found, url))
            continue
        if status != 200:
            walk.failures.append(f"{status} {url} (linked from {source})")
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            walk.downloads += 1
            continue
        walk.pages += 1
        for href in HREF.findall(response.content.decode()):
            found = _target(href)
            if found is None:
                continue
            walk.links += 1
            if found not in seen:
                seen.add(found)
                queue.append((found, url))
    return walk


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("username", [u.username for u in DEMO_USERS])
def test_every_link_a_role_is_shown_opens(city: Before, db: None, username: str, language: str) -> None:
    walk = crawl(_client(username, language), PER_KIND[language])
    print(
        f"\ncrawl {username} [{language}]: {walk.pages} pages and {walk.downloads} downloads of "
        f"{len(walk.kinds)} kinds, {walk.links} links followed"
    )
    assert walk.pages > 5, "the walk reached almost nothing"
    assert not walk.failures, "\n".join(walk.failures[:30])


@pytest.mark.parametrize("username", BEFORE_PLAN)
def test_before_a_plan_exists_no_link_is_a_dead_end(city: Before, db: None, username: str) -> None:
    walk = city.walks[username]
    print(f"\ncrawl before the plan {username} [id]: {walk.pages} pages, {walk.links} links followed")
    assert walk.pages > 5 and not walk.failures, "\n".join(walk.failures[:30])


def test_before_a_plan_exists_the_kepala_opd_is_told_so(city: Before, db: None) -> None:
    """``/rencana/`` was a 404 for a Kepala OPD until BKPSDM optimised a plan: now a page that says so."""
    status, body = city.kepala_rencana
    assert status == 200
    assert 'id="no-plan-yet"' in body and "No plan has been optimised" in body


@pytest.mark.parametrize("username", FROZEN)
def test_once_the_plan_is_set_no_link_is_a_dead_end(frozen: dict[str, Walk], db: None, username: str) -> None:
    walk = frozen[username]
    print(f"\ncrawl of the set plan {username} [id]: {walk.pages} pages, {walk.links} links followed")
    assert walk.pages > 5 and not walk.failures, "\n".join(walk.failures[:30])
