"""The commitment factor of the needs priority: an OPD's attendance of the year before (``FaktorUnit``, written by
delivery) moves a priority only through its weight (reference setting PRIORITAS_BOBOT_KOMITMEN: 0 up to the 2027
plan, 10 from 2028), and the reason says it in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from django.utils import timezone, translation

from sibina.needs import domain as d
from sibina.needs.fetch import analysis_context, priority_weights
from sibina.needs.models import FaktorUnit
from sibina.people.models import Instansi, UnitKerja
from tests.needs.test_domain import CTX, W, facts

LOW = d.UnitFactor(nilai=Decimal("0.62"), persen=Decimal("62.0"), n=31, d=50)
HIGH = d.UnitFactor(nilai=Decimal("0.95"), persen=Decimal("95.0"), n=38, d=40)
CITY = d.UnitFactor(nilai=Decimal("0.81"), persen=Decimal("81.0"), n=81, d=100)


def need(weight: int, komitmen: dict[int, d.UnitFactor], kota: d.UnitFactor | None = CITY) -> d.NeedDraft:
    ctx = replace(CTX, weights=replace(W, komitmen=Decimal(weight)), komitmen=komitmen, komitmen_kota=kota)
    with translation.override("en"):
        (found,) = d.needs_for(facts(opd_id=7), ctx)
    return found


def test_with_weight_0_the_factor_changes_nothing() -> None:
    low, high, none = need(0, {7: LOW}), need(0, {7: HIGH}), need(0, {}, None)
    assert (
        low.prioritas == high.prioritas == none.prioritas == Decimal("41.0")
    )  # as before the factor existed
    assert low.alasan == high.alasan == none.alasan
    assert "commitment" not in low.alasan


def test_with_a_weight_the_factor_moves_the_priority_and_says_why() -> None:
    low, high = need(10, {7: LOW}), need(10, {7: HIGH})
    # Out of 110 weight points: gap 2/4 × 40 = 18.2; criticality 0.4 × 15 = 5.5; box 13.6; commitment 0.62 × 10
    # = 5.6 (0.95 × 10 = 8.6).
    assert (low.prioritas, high.prioritas) == (Decimal("42.9"), Decimal("45.9"))
    assert (
        "OPD with lower commitment last year: 62% of sessions attended (31 of 50; city 81%) (+5.6)"
        in low.alasan
    )
    assert "OPD commitment last year: 95% of sessions attended (38 of 40) (+8.6)" in high.alasan
    # An OPD without classes last year takes the city's rate; no figures at all: not scored, and said so.
    assert "the city's 81% attended is used (+7.4)" in need(10, {}).alasan
    assert need(10, {}, None).alasan.endswith(
        "; commitment factor not scored: no class attendance recorded last year."
    )


def test_the_weight_is_reference_data_with_an_effective_date(db: None) -> None:
    assert priority_weights(on=dt.date(2027, 1, 1)).komitmen == Decimal(0)
    assert priority_weights(on=dt.date(2028, 1, 1)).komitmen == Decimal(10)


def test_the_context_reads_last_years_factors_of_the_instansi(db: None) -> None:
    instansi = Instansi.objects.create(kode="UJI", nama="Kota Uji", jenis="KOTA")
    opd = UnitKerja(instansi=instansi, kode="D1", nama="Dinas Uji", jenis="OPD")
    opd.save()
    now = timezone.now()
    for unit, nilai in ((opd, "0.62"), (None, "0.81")):
        FaktorUnit.objects.create(
            instansi=instansi,
            unit_kerja=unit,
            tahun=2027,
            jenis="KOMITMEN",
            nilai=Decimal(nilai),
            dasar={"hadir": 31, "sesi": 50, "persen": str(Decimal(nilai) * 100)},
            computed_at=now,
        )
    ctx = analysis_context(tahun=2028, instansi=instansi)
    assert ctx.komitmen_of(opd.pk) == d.UnitFactor(Decimal("0.620000"), Decimal("62.00"), 31, 50)
    assert ctx.komitmen_of(opd.pk + 999) == d.UnitFactor(Decimal("0.810000"), Decimal("81.00"), 31, 50)
    assert analysis_context(tahun=2027, instansi=instansi).komitmen_of(opd.pk) is None  # 2026: nothing stored
