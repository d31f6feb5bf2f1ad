"""Quarterly monitoring on the small city of tests/delivery: figures exact per OPD and for the city, the
obstacles, the SKP before/after table, and who may open the page."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

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


def test_the_realisation_downloads_per_opd_and_quarter(world: World, db: None, day: Day) -> None:
    """The page's table as a spreadsheet: per OPD four quarters and the year, then the city's total; a Kepala OPD
    gets their OPD only, in the same shape."""
    finished(world, day)
    bkpsdm, kepala = Client(), Client()
    bkpsdm.force_login(world.users["bkpsdm"])
    kepala.force_login(world.users["kepala"])
    response = bkpsdm.get(
        "/monitoring/unduh/", {"format": "xlsx", "tahun": world.cycle.tahun}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="monitoring-{world.cycle.tahun}.xlsx"'
    ws = load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert header[:4] == ["OPD", "Quarter", "Participants planned", "Participants completed"]
    found = monitoring.realisation(cycle=world.cycle, opd=None, today=timezone.localdate())
    assert found is not None
    units = [r.unit.nama for r in found[0]]
    assert [r[0] for r in rows] == [name for name in [*units, "Total"] for _ in range(5)]
    year = next(r for r in rows if r[0] == "Total" and r[1] == "Year")
    assert (year[2], year[3]) == found[1].r.peserta_total
    csv = kepala.get("/monitoring/unduh/", {"format": "csv"}).content.decode()
    lines = csv.strip().splitlines()
    assert len(lines) == 1 + 5 and all(line.startswith("Dinas Kesehatan,") for line in lines[1:])
    assert bkpsdm.get("/monitoring/unduh/", {"format": "pdf"}).status_code == 400


def test_quarters_not_begun_say_so_instead_of_zero(world: World, db: None, day: Day) -> None:
    finished(world, day)  # the day is 5 February 2027: only the first quarter has begun
    client = Client()
    client.force_login(world.users["bkpsdm"])
    response = client.get("/monitoring/", HTTP_ACCEPT_LANGUAGE="en")
    assert [row["begun"] for row in response.context["quarters"]] == [True, False, False, False]
    assert response.content.decode().count("not begun") == 3
