"""The demo's SKM stage: every public-service unit surveyed each semester of 2025–2026, plausible and differing
IKM, the same data for the same seed, gone after a reset."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from sibina.demo.context import DemoContext
from sibina.demo.services import demo_reset
from sibina.demo.skm import build_skm, reset_skm
from sibina.demo.skm_effects import EFFECTS
from sibina.evaluation import selectors
from sibina.evaluation.domain import Periode
from sibina.evaluation.models import JawabanSkm, SurveiSkm
from sibina.people.models import Instansi, Pegawai, UnitKerja

from .conftest import SEED


def _snapshot() -> list[tuple[object, ...]]:
    return sorted(
        SurveiSkm.objects.values_list("unit__kode", "periode")
        .annotate(n=Sum("jawaban__persyaratan"), k=Sum("jawaban__perilaku"), s=Sum("jawaban__sarana"))
        .values_list("unit__kode", "periode", "n", "k", "s")
    )


def _rebuild(seed: int) -> None:
    instansi = Instansi.objects.get(kode="1275")
    ctx = DemoContext(seed=seed, size=400, verbosity=0)
    ctx.instansi = instansi
    ctx.units = {u.kode: u for u in UnitKerja.objects.filter(instansi=instansi)}
    reset_skm()
    build_skm(ctx)


def test_every_service_unit_has_four_semester_surveys_with_plausible_ikm(city: list[Pegawai]) -> None:
    instansi = Instansi.objects.get(kode="1275")
    public = set(UnitKerja.objects.filter(melayani_publik=True).values_list("kode", flat=True))
    assert {"RSUD", "DUKCAPIL", "DPMPTSP", "KEC-BJS", "KEL-BJS-01"} <= public
    assert any(k.startswith("DINKES.PKM") for k in public) and any(k.startswith("DISDIK.SD") for k in public)
    surveys = set(SurveiSkm.objects.values_list("unit__kode", "periode"))
    assert surveys == {(k, p) for k in public for p in ("2025-S1", "2025-S2", "2026-S1", "2026-S2")}
    assert not SurveiSkm.objects.filter(sintetis=False).exists()
    assert JawabanSkm.objects.count() >= 25 * len(surveys)
    for periode in (Periode(2025, 1), Periode(2026, 2), Periode(2026)):
        rows = selectors.skm_results(instansi=instansi, periode=periode)
        assert len(rows) == len(public)
        values = [r.hasil.ikm_konversi for r in rows]
        # A unit whose staff completed a program with a true effect rises by it.
        top = Decimal(93) + max(EFFECTS)
        assert Decimal(68) <= min(values) and max(values) <= top, (periode, min(values), max(values))
        assert max(values) - min(values) >= Decimal(8)  # units differ
        assert len({r.hasil.mutu for r in rows}) >= 2


def test_the_same_seed_gives_the_same_surveys_and_another_seed_others(city: list[Pegawai]) -> None:
    built = _snapshot()
    _rebuild(SEED)
    assert _snapshot() == built
    _rebuild(SEED + 1)
    assert _snapshot() != built


def test_reset_removes_the_surveys(city: list[Pegawai]) -> None:
    assert SurveiSkm.objects.exists()
    demo_reset()
    assert not SurveiSkm.objects.exists() and not JawabanSkm.objects.exists()
