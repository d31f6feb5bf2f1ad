"""Money of delivery: the actual cost of a class against the planned cost of its participants, split over the
planned charges to the rupiah, and the absorption per funding source and per OPD per quarter (the Kepala OPD sees
their OPD's part), downloadable as CSV and XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from sibina.audit.models import AuditEvent
from sibina.delivery import domain, money, services
from sibina.delivery.models import Kelas
from sibina.web.delivery_money_views import rupiah_input
from tests.web.test_permissions import World

D = dt.date
Day = Callable[[dt.date], None]


@given(
    total=st.integers(min_value=0, max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=30),
)
def test_a_split_adds_up_to_the_rupiah_and_follows_the_weights(total: int, weights: list[int]) -> None:
    parts = domain.split_cost(Decimal(total), [Decimal(w) for w in weights])
    assert sum(parts) == total and all(p >= 0 and p == int(p) for p in parts)
    whole = sum(weights) or len(weights)
    for p, w in zip(parts, weights if sum(weights) else [1] * len(weights), strict=True):
        assert abs(p - Decimal(total) * w / whole) < 1


def test_split_examples() -> None:
    assert domain.split_cost(Decimal(100), [Decimal(1), Decimal(1), Decimal(1)]) == [34, 33, 33]
    assert domain.split_cost(Decimal(10), [Decimal(0), Decimal(0)]) == [5, 5]
    assert domain.split_cost(Decimal(5), []) == []
    assert [domain.quarter_of(D(2027, m, 1)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [1, 1, 2, 2, 3, 3, 4, 4]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12.500.000", 12_500_000),
        ("12,500,000", 12_500_000),
        ("Rp 12 500 000", 12_500_000),
        ("0", 0),
        ("", None),
    ],
)
def test_rupiah_as_people_type_them(raw: str, value: int | None) -> None:
    assert rupiah_input(raw) == (Decimal(value) if value is not None else None)


@pytest.mark.parametrize("raw", ["12,5", "-5", "dua juta", "1.50.000", "12.5"])
def test_rupiah_that_is_not_whole_is_refused(raw: str) -> None:
    with pytest.raises(ValidationError) as refused:
        rupiah_input(raw)
    assert set(refused.value.message_dict) == {"biaya"}


def teknis(w: World) -> Kelas:
    """The technical course in March (Q1; the plan set it in Q2): the perawat's seat, Rp 3 juta, DPA BKPSDM."""
    kelas = services.kelas_create(
        cycle=w.cycle,
        kegiatan=w.cat.teknis,
        mulai=D(2027, 3, 1),
        selesai=D(2027, 3, 5),
        tempat="Aula BKPSDM",
        by=w.users["bkpsdm"],
    )
    services.kelas_enrol(kelas=kelas, by=w.users["bkpsdm"], version=kelas.version)
    kelas.refresh_from_db()
    return kelas


def test_the_actual_cost_of_a_class_against_its_planned_cost(world: World, db: None, day: Day) -> None:
    kelas = teknis(world)
    assert money.kelas_cost_summary(kelas) == (Decimal(3_000_000), None)
    for role in ("ppk", "auditor", "kepala"):
        with pytest.raises(PermissionDenied):
            money.kelas_cost(kelas=kelas, biaya=Decimal(1), by=world.users[role], version=kelas.version)
    with pytest.raises(ValidationError):
        money.kelas_cost(kelas=kelas, biaya=Decimal("-1"), by=world.users["bkpsdm"], version=kelas.version)
    kelas.refresh_from_db()
    assert kelas.biaya_realisasi is None
    money.kelas_cost(kelas=kelas, biaya=Decimal(3_500_000), by=world.users["bkpsdm"], version=kelas.version)
    kelas.refresh_from_db()
    assert money.kelas_cost_summary(kelas) == (Decimal(3_000_000), Decimal(3_500_000))
    event = AuditEvent.objects.get(aksi="delivery.class.cost")
    assert (event.sebelum["biaya_realisasi"], event.sesudah["biaya_realisasi"]) == (None, "3500000")
    with pytest.raises(ValidationError):  # a stale form
        money.kelas_cost(kelas=kelas, biaya=Decimal(1), by=world.users["bkpsdm"], version=kelas.version - 1)


def test_absorption_per_source_and_opd_per_quarter(world: World, db: None, day: Day) -> None:
    kelas = teknis(world)
    data = money.absorption(cycle=world.cycle)
    assert data is not None and (data.kelas_tercatat, data.kelas_dibuka) == (0, 1)
    bkpsdm = next(line for line in data.sumber if line.key == "BKPSDM")
    assert (bkpsdm.total.rencana, bkpsdm.total.realisasi) == (Decimal(3_000_000), 0)
    assert bkpsdm.quarters[2].rencana == Decimal(3_000_000)
    money.kelas_cost(kelas=kelas, biaya=Decimal(3_500_000), by=world.users["bkpsdm"], version=kelas.version)
    data = money.absorption(cycle=world.cycle)
    assert data is not None
    bkpsdm = next(line for line in data.sumber if line.key == "BKPSDM")
    # Realised in Q1 (the class started in March), planned in Q2: 116,7 % of the year's plan.
    assert [(c.rencana, c.realisasi) for c in bkpsdm.cells()] == [
        (0, Decimal(3_500_000)),
        (Decimal(3_000_000), 0),
        (0, 0),
        (0, 0),
    ]
    assert bkpsdm.total.persen == Decimal("116.7")
    dinkes = next(line for line in data.opd if line.label == "Dinas Kesehatan")
    assert (dinkes.total.rencana, dinkes.total.realisasi) == (Decimal(3_000_000), Decimal(3_500_000))
    assert (data.total.total.rencana, data.total.total.realisasi) == (Decimal(3_000_000), Decimal(3_500_000))
    # The Kepala OPD of another OPD sees nothing of it.
    other = money.absorption(cycle=world.cycle, opd_id=world.city.kecamatan.pk)
    assert other is not None and other.total.total.realisasi == 0


def client(w: World, role: str) -> Client:
    c = Client()
    c.force_login(w.users[role])
    return c


def test_the_class_page_form_and_the_absorption_pages(world: World, db: None, day: Day) -> None:
    kelas = teknis(world)
    bkpsdm = client(world, "bkpsdm")
    response = bkpsdm.post(
        f"/kelas/{kelas.pk}/biaya/", {"version": kelas.version, "biaya": "12,5"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Write the actual cost in whole rupiah, e.g. 12.500.000."
    ]
    bkpsdm.post(f"/kelas/{kelas.pk}/biaya/", {"version": kelas.version, "biaya": "3.500.000"})
    kelas.refresh_from_db()
    assert kelas.biaya_realisasi == Decimal(3_500_000)
    page = bkpsdm.get(f"/kelas/{kelas.pk}/").content.decode()
    assert "Rp\xa03,000,000" in page and "Rp\xa03,500,000" in page
    assert (
        client(world, "ppk").post(f"/kelas/{kelas.pk}/biaya/", {"version": 9, "biaya": "1"}).status_code
        == 403
    )
    kepala = client(world, "kepala").get("/kelas/serapan/").content.decode()
    assert "Only the part of your OPD" in kepala and "Dinas Kesehatan" in kepala
    rows = list(csv.reader(io.StringIO(bkpsdm.get("/kelas/serapan/unduh/?format=csv").content.decode())))
    assert rows[0] == ["Kind", "Name", "Quarter", "Planned (Rp)", "Realised (Rp)", "Absorption (%)"]
    assert ["Funding source", "DPA BKPSDM", "Year", "3000000", "3500000", "116.7"] in rows
    xlsx = load_workbook(io.BytesIO(bkpsdm.get("/kelas/serapan/unduh/?format=xlsx").content))
    sheet = xlsx.active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == rows[0]
