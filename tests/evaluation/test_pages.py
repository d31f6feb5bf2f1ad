"""The SKM pages: who sees which units, the figures as imported, the chart and the elements, bad parameters."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from sibina.audit.models import AuditEvent
from sibina.imports.kernel import import_data
from tests.web.test_permissions import World, world  # noqa: F401  (the module's small city)

HEADER = "unit_kerja;periode;responden;U1;U2;U3;U4;U5;U6;U7;U8;U9"
LINES = [
    "PKM-TEST;2025-S1;R1;3;3;3;3;3;3;3;3;3",
    "PKM-TEST;2025-S2;R1;3;3;3;3;3;3;3;4;3",
    "PKM-TEST;2026-S1;R1;4;4;3;4;3;4;4;3;4",
    "PKM-TEST;2026-S1;R2;3;3;3;3;3;3;3;3;3",
    "PKM-TEST;2026-S1;R3;4;3;4;4;4;3;3;4;3",
    "Kelurahan Jati Makmur;2026-S1;R1;2;2;3;3;2;3;3;2;2",
]


@pytest.fixture
def surveys(world: World, db: None) -> World:  # noqa: F811
    data = ("\n".join([HEADER, *LINES]) + "\n").encode()
    batch = import_data(jenis="skm", instansi=world.city.instansi, data=data, filename="skm.csv")
    assert batch.jumlah_baru == 6
    return world


def _client(w: World, role: str) -> Client:
    client = Client()
    client.force_login(w.users[role])
    return client


def _rows(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/skm/unit/\d+/\?periode=[^"]+">([^<]+)</a>', html)


def test_bkpsdm_sees_every_unit_with_its_ikm_and_quality(surveys: World) -> None:
    response = _client(surveys, "bkpsdm").get("/skm/", {"periode": "2026-S1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert _rows(html) == ["Kelurahan Jati Makmur", "Puskesmas Uji"]
    assert "<strong>85.19</strong>" in html  # the puskesmas: 92 / 27 × 25
    assert "<strong>61.11</strong>" in html
    assert 'badge-mutu-b" title="Service quality">B</span> Good' in html
    assert 'badge-mutu-d" title="Service quality">D</span> Poor' in html


def test_a_kepala_opd_sees_the_units_of_their_opd_only(surveys: World) -> None:
    client = _client(surveys, "kepala")
    html = client.get("/skm/", {"periode": "2026-S1"}).content.decode()
    assert _rows(html) == ["Puskesmas Uji"]
    before = AuditEvent.objects.filter(aksi="access.denied").count()
    assert client.get(f"/skm/unit/{surveys.city.kelurahan.pk}/").status_code == 404
    assert AuditEvent.objects.filter(aksi="access.denied").count() == before + 1
    assert client.get(f"/skm/unit/{surveys.city.puskesmas.pk}/").status_code == 200


@pytest.mark.parametrize("role", ["atasan", "pegawai", "none"])
def test_other_roles_may_not_open_the_pages(surveys: World, role: str) -> None:
    client = _client(surveys, role)
    assert client.get("/skm/").status_code == 403
    assert client.get(f"/skm/unit/{surveys.city.puskesmas.pk}/").status_code == 403


def test_the_unit_page_draws_the_series_and_names_the_elements(surveys: World) -> None:
    html = _client(surveys, "auditor").get(f"/skm/unit/{surveys.city.puskesmas.pk}/").content.decode()
    # newest period first by default: the year 2026 (its one semester pooled)
    assert "IKM 2026</span>" in html
    assert html.count("<circle ") == 3  # three surveys: 2025-S1, 2025-S2, 2026-S1
    assert re.findall(
        r'<text class="axis" x="[\d.]+" y="[\d.]+" dy="18" text-anchor="middle">([^<]+)</text>', html
    ) == [
        "2025-S1",
        "2025-S2",
        "2026-S1",
    ]
    for name in (
        "Requirements",
        "Competence of the staff",
        "Behaviour of the staff",
        "Facilities and infrastructure",
    ):
        assert name in html
    assert "Kompetensi Pelaksana" in html  # the official name beside the translation
    assert "Penanganan Pengaduan, Saran dan Masukan" in html


def test_the_unit_page_in_indonesian_writes_numbers_and_names_the_indonesian_way(surveys: World) -> None:
    client = _client(surveys, "bkpsdm")
    client.cookies["django_language"] = "id"
    with translation.override("id"):
        html = client.get(f"/skm/unit/{surveys.city.puskesmas.pk}/", {"periode": "2026-S1"}).content.decode()
    assert "85,19" in html
    assert "Kompetensi Pelaksana" in html
    assert "Sistem, Mekanisme dan Prosedur" in html
    assert "Baik" in html


def test_an_element_table_for_the_period_asked(surveys: World) -> None:
    html = (
        _client(surveys, "ppk")
        .get(f"/skm/unit/{surveys.city.puskesmas.pk}/", {"periode": "2025-S2"})
        .content.decode()
    )
    assert "Elements, 2025-S2" in html
    assert '<td class="num">4.000</td>' in html  # U8 answered 4 by the one respondent
    assert html.count("lowest</span>") == 8  # eight elements share the lowest NRR (3)


def test_a_bad_period_is_a_400_naming_it(surveys: World) -> None:
    response = _client(surveys, "bkpsdm").get("/skm/", {"periode": "2026-S7"})
    assert response.status_code == 400
    assert "periode" in response.content.decode()


def test_no_data_yet_says_so(world: World, db: None) -> None:  # noqa: F811
    html = _client(world, "bkpsdm").get("/skm/").content.decode()
    assert "No public-satisfaction survey has been imported yet." in html
    html = _client(world, "bkpsdm").get(f"/skm/unit/{world.city.puskesmas.pk}/").content.decode()
    assert "No public-satisfaction survey of this unit has been imported yet." in html
