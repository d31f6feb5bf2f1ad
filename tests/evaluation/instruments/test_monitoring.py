"""Quarterly monitoring on the small city of tests/delivery: figures exact per OPD and for the city, the
obstacles, the SKP before/after table, and who may open the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from sibina.competency.models import Kinerja
from sibina.evaluation import monitoring
from sibina.planning.models import PlanItem
from tests.delivery.test_services import Day
from tests.evaluation.instruments.test_instruments import finished, of
from tests.web.test_permissions import World

D = dt.date


def test_realisation_is_exact_per_opd_and_for_the_city(world: World, db: None, day: Day) -> None:
    kelas = finished(world, day)
    c = world.city
    dinkes = c.perawat.unit.parent or c.perawat.unit
    while dinkes.parent is not None:
        dinkes = dinkes.parent
    found = monitoring.realisation(cycle=world.cycle, opd=None, today=D(2027, 2, 5))
    assert found is not None
    rows, total = found
    items = list(PlanItem.objects.filter(plan=world.plan).values_list("pegawai_id", "triwulan", "jp"))
    assert total.r.peserta_total == (len(items), 1)
    assert total.r.jp_total == (sum((jp for _p, _t, jp in items), Decimal(0)), of(kelas, world, "perawat").jp)
    by_unit = {r.unit.pk: r.r for r in rows if r.unit is not None}
    mine = by_unit[dinkes.pk]
    planned = [(t or 1, jp) for pid, t, jp in items if pid in {c.perawat.pk, c.bidan.pk, c.kepala.pk}]
    assert mine.peserta_total == (len(planned), 1)
    assert mine.peserta_selesai == {1: 1, 2: 0, 3: 0, 4: 0}
    assert sum(r.peserta_total[0] for r in by_unit.values()) == len(items)
    assert monitoring.cumulative(mine.peserta_selesai) == [1, 1, 1, 1]
    only = monitoring.realisation(cycle=world.cycle, opd=dinkes, today=D(2027, 2, 5))
    assert only is not None and [r.unit for r in only[0]] == [dinkes]
    assert only[1].r.peserta_total == mine.peserta_total


def test_obstacles_count_declines_and_missing_feedback(world: World, db: None, day: Day) -> None:
    finished(world, day)
    found = monitoring.obstacles(cycle=world.cycle, opd=None, today=D(2027, 2, 5))
    assert found is not None
    rows, total, _marginal = found
    # The perawat and the lurah may fill in the questionnaire; neither did. Nobody declined; no rating is due.
    assert (total.tanpa_reaksi, total.ditolak, total.mangkir, total.tanpa_perilaku) == (2, 0, 0, 0)
    assert sum(r.tanpa_reaksi for r in rows) == 2


def test_skp_before_and_after_counts_per_predikat(world: World, db: None, day: Day) -> None:
    kelas = finished(world, day)
    p = world.city.perawat
    Kinerja.objects.filter(pegawai=p).delete()
    Kinerja.objects.create(
        pegawai=p, tahun=2026, hasil_kerja="SESUAI", perilaku_kerja="SESUAI", predikat="BAIK"
    )
    Kinerja.objects.create(
        pegawai=p, tahun=2028, hasil_kerja="DI_ATAS", perilaku_kerja="DI_ATAS", predikat="SANGAT_BAIK"
    )
    table = monitoring.skp_before_after(kegiatan_id=kelas.kegiatan_id, instansi_id=p.instansi_id, opd=None)
    counts = {code: (b, a) for code, _label, b, a in table.predikat}
    assert table.peserta == 1
    assert counts["BAIK"] == (1, 0) and counts["SANGAT_BAIK"] == (0, 1)
    assert (table.tanpa_sebelum, table.tanpa_sesudah) == (0, 0)


@pytest.mark.parametrize(
    ("who", "status", "opds"),
    [
        ("bkpsdm", 200, None),
        ("auditor", 200, None),
        ("ppk", 200, None),
        ("kepala", 200, 1),
        ("atasan", 403, 0),
        ("pegawai", 403, 0),
    ],
)
def test_monitoring_scope_per_role(
    world: World, db: None, day: Day, who: str, status: int, opds: int | None
) -> None:
    finished(world, day)
    client = Client()
    client.force_login(world.users[who])
    response = client.get("/monitoring/")
    assert response.status_code == status
    if status == 200:
        rows = response.context["rows"]
        if opds is None:
            assert len(rows) > 1
        else:
            assert [r.unit.nama for r in rows] == ["Dinas Kesehatan"]
        assert b"<svg" in response.content
