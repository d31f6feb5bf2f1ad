"""The program-effects page: who sees it, the interval drawn around zero, the verdict in words, the warnings;
the recompute job; the catalogue and the plan explanations flag a program to review."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from sibina import jobs
from sibina.evaluation.models import EfekProgram, EvaluasiRun
from tests.web.test_permissions import World, world  # noqa: F401  (the module's small city)

YEAR = 2027


@pytest.fixture
def effects(world: World, db: None) -> World:  # noqa: F811
    run = EvaluasiRun.objects.create(instansi=world.city.instansi, tahun=YEAR, status="DONE", progress=100)
    common = {"run": run, "instansi": world.city.instansi, "tahun": YEAR, "computed_at": timezone.now()}
    EfekProgram.objects.create(
        kegiatan=world.cat.elearning,
        hasil="IKM",
        estimate=-0.4,
        ci_low=-1.5,
        ci_high=0.7,
        se=0.5,
        n_treated=6,
        n_control=40,
        n_periods=4,
        n_pre=2,
        pretrend_p=0.01,
        peringatan=["pretrend"],
        verdict="TINJAU_ULANG",
        inputs_hash="x" * 64,
        **common,
    )
    EfekProgram.objects.create(
        kegiatan=world.cat.elearning,
        hasil="U6",
        estimate=0.8,
        ci_low=0.1,
        ci_high=1.5,
        se=0.35,
        n_treated=6,
        n_control=40,
        n_periods=4,
        n_pre=2,
        verdict="LANJUTKAN",
        inputs_hash="y" * 64,
        **common,
    )
    return world


def _client(w: World, role: str) -> Client:
    client = Client()
    client.force_login(w.users[role])
    return client


def test_the_page_shows_the_verdict_the_interval_and_the_warning(effects: World) -> None:
    with translation.override("en"):
        html = _client(effects, "kepala").get("/evaluasi/", {"tahun": YEAR}).content.decode()
    kode = effects.cat.elearning.kode
    assert f'data-program="{kode}" data-verdict="TINJAU_ULANG"' in html
    assert "Review the method" in html
    assert "already changing differently before the training" in html
    assert "<svg" in html and "<circle" in html
    assert "[-1.50; 0.70]" in html
    # The evidence in words, and the staff elements with their own intervals (U7 not estimated).
    assert "6 units trained" in html and "40 compared" in html and "4 semesters" in html
    assert re.search(r"U6: 0\.80</span> <span[^>]*>\[0\.10; 1\.50\]</span>", html)
    assert "U7: —" in html
    assert 'id="evaluation-run"' not in html  # a Kepala OPD reads


def test_bad_year_is_a_clear_400(effects: World) -> None:
    response = _client(effects, "bkpsdm").get("/evaluasi/", {"tahun": "abc"})
    assert response.status_code == 400


def test_recompute_runs_the_job_and_replaces_the_year(effects: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SIBINA_JOBS = (
        "queued"  # this test plays the worker (the module's city is built in a transaction)
    )
    client = _client(effects, "bkpsdm")
    response = client.post("/evaluasi/hitung/", {"tahun": YEAR})
    assert response.status_code == 302
    run = EvaluasiRun.objects.order_by("-pk").first()
    assert run is not None and response["Location"] == f"/evaluasi/hitung/{run.pk}/"
    assert run.status == "QUEUED"
    run = jobs.kind("evaluation.efek").run(run.pk)
    assert run.status == "DONE" and run.progress == 100
    assert not EfekProgram.objects.filter(tahun=YEAR).exists()  # no surveys in this city: nothing to estimate
    status = client.get(f"/evaluasi/hitung/{run.pk}/status/").content.decode()
    assert 'id="evaluation-open"' in status


def test_the_catalogue_flags_a_program_to_review(effects: World) -> None:
    with translation.override("en"):
        client = _client(effects, "bkpsdm")
        listing = client.get("/katalog/", {"q": effects.cat.elearning.judul[:20]}).content.decode()
        detail = client.get(f"/katalog/{effects.cat.elearning.pk}/").content.decode()
    assert "review the method" in listing
    assert 'id="kegiatan-verdict"' in detail


def test_the_interval_bar_is_drawn_in_indonesian_too(effects: World) -> None:
    """SVG coordinates are numbers for the browser, not for the reader: never written with a decimal comma."""
    client = _client(effects, "kepala")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    html = client.get("/evaluasi/", {"tahun": YEAR}).content.decode()
    assert "[-1,50; 0,70]" in html  # the reader's numbers stay Indonesian
    coordinates = re.findall(r"<(?:rect|circle|line) [^>]*>", html)
    assert coordinates and all("," not in c for c in coordinates)
    assert "2 poin" in html or "2,00 poin" in html
