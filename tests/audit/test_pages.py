"""The audit trail pages: who may read them, the filters, pagination, the CSV export, and that a refused
reader is itself recorded while nothing else changes."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sibina.audit.models import AuditEvent
from sibina.web.audit_views import CSV_COLUMNS, EVENTS_PER_PAGE
from tests.audit.conftest import client_for, event_at, jakarta


def events_shown(response) -> list[int]:
    """The events listed, but the reader's own login by ``force_login`` (written at the real time)."""
    reader = response.wsgi_request.user.get_username()
    return [
        row.event.pk
        for row in response.context["rows"]
        if not (row.event.aksi == "auth.login" and row.event.username == reader)
    ]


def all_events() -> list[tuple]:
    return list(AuditEvent.objects.order_by("id").values_list())


@pytest.fixture
def trail(db: None) -> dict[str, AuditEvent]:
    """Three events on three days, by different people, roles and actions."""
    return {
        "login": event_at(
            jakarta(2027, 1, 4, 7, 55),
            username="kepala.dinkes",
            peran="Kepala OPD",
            aksi="auth.login",
            objek_tipe="auth.user",
            objek_id="7",
            objek_label="kepala.dinkes",
            alamat="10.0.0.7",
        ),
        "budget": event_at(
            jakarta(2027, 1, 5, 9, 30),
            username="admin.bkpsdm",
            peran="Admin BKPSDM",
            aksi="admin.change",
            objek_tipe="planning.anggaran",
            objek_id="3",
            objek_label="BKPSDM: Rp 13,000,000",
            sebelum={"batas": "13000000"},
            sesudah={"batas": "15000000"},
            alamat="10.0.0.2",
        ),
        "usulan": event_at(
            jakarta(2027, 1, 6, 23, 59),
            username="atasan",
            peran="Atasan Langsung",
            aksi="usulan.decide",
            objek_tipe="needs.usulan",
            objek_id="12",
            objek_label="Usulan Siti Aminah 2028",
            sebelum={"status": "DIAJUKAN"},
            sesudah={"status": "DISETUJUI"},
            keterangan="Sesuai kebutuhan unit",
        ),
    }


# --- who may read -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin_bkpsdm", "auditor"])
def test_bkpsdm_and_auditors_read_the_trail(who: str, request: pytest.FixtureRequest, trail: dict) -> None:
    user: User = request.getfixturevalue(who)
    response = client_for(user).get("/audit/")
    assert response.status_code == 200
    assert events_shown(response) == [trail["usulan"].pk, trail["budget"].pk, trail["login"].pk]
    page = response.content.decode()
    assert "Usulan Siti Aminah 2028" in page and "15000000" in page
    assert 'href="/audit/"' in page  # the menu link


def test_a_superuser_reads_the_trail(admin_client: Client) -> None:
    assert admin_client.get("/audit/").status_code == 200


@pytest.mark.parametrize("who", ["kepala", "pegawai_user", "ppk"])
@pytest.mark.parametrize("url", ["/audit/", "/audit/export.csv?aksi=auth.login"])
def test_other_roles_are_refused_and_the_refusal_is_recorded(
    who: str, url: str, request: pytest.FixtureRequest, trail: dict
) -> None:
    user: User = request.getfixturevalue(who)
    client = client_for(user)
    before = all_events()
    response = client.get(url, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 403
    after = all_events()
    assert after[: len(before)] == before  # nothing else changed
    assert len(after) == len(before) + 1
    denied = AuditEvent.objects.latest("id")
    assert (denied.aksi, denied.oleh_id, denied.username, denied.alamat, denied.keterangan) == (
        "access.denied",
        user.pk,
        user.username,
        "10.9.9.9",
        f"GET {url}",
    )
    assert denied.peran == {"kepala": "Kepala OPD", "pegawai_user": "Pegawai", "ppk": "PPK"}[who]


def test_the_menu_link_is_shown_only_to_readers(auditor: User, pegawai_user: User, ppk: User) -> None:
    assert 'href="/audit/"' in client_for(auditor).get("/").content.decode()
    assert 'href="/audit/"' not in client_for(pegawai_user).get("/").content.decode()
    assert 'href="/audit/"' not in client_for(ppk).get("/").content.decode()


def test_anonymous_visitors_are_sent_to_login(client: Client, db: None) -> None:
    for url in ("/audit/", "/audit/export.csv"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == f"/login/?next={url}"
    assert AuditEvent.objects.count() == 0


# --- filters and pages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"dari": "2027-01-05"}, ["usulan", "budget"]),
        ({"sampai": "2027-01-05"}, ["budget", "login"]),
        ({"dari": "2027-01-06", "sampai": "2027-01-06"}, ["usulan"]),  # 23:59 Jakarta is still that day
        ({"user": "atasan"}, ["usulan"]),
        ({"peran": "Admin BKPSDM"}, ["budget"]),
        ({"aksi": "auth.login", "dari": "2027-01-01", "sampai": "2027-01-31"}, ["login"]),
        ({"objek": "needs.usulan"}, ["usulan"]),
        ({"q": "siti aminah"}, ["usulan"]),
        ({"q": "10.0.0.2"}, ["budget"]),
        ({"q": "kebutuhan unit"}, ["usulan"]),
        ({"peran": "no such role", "objek": "planning.anggaran"}, ["budget"]),  # a bad value is left out
    ],
)
def test_filters(auditor: User, trail: dict, query: dict, expected: list[str]) -> None:
    response = client_for(auditor).get("/audit/", query)
    assert events_shown(response) == [trail[name].pk for name in expected]


def test_the_list_is_paginated(auditor: User) -> None:
    for i in range(EVENTS_PER_PAGE + 5):
        event_at(jakarta(2027, 2, 1, 8, i % 60), username="x", aksi="kegiatan.update", objek_label=f"K{i}")
    client = client_for(auditor)
    first = client.get("/audit/", {"aksi": "kegiatan.update"})
    second = client.get("/audit/", {"aksi": "kegiatan.update", "page": 2})
    assert len(events_shown(first)) == EVENTS_PER_PAGE and len(events_shown(second)) == 5
    assert first.context["page"].paginator.count == EVENTS_PER_PAGE + 5
    assert 'href="/audit/export.csv?aksi=kegiatan.update"' in first.content.decode()


# --- CSV export ---------------------------------------------------------------------------------------


def test_the_export_streams_the_filtered_events_with_every_column(admin_bkpsdm: User, trail: dict) -> None:
    response = client_for(admin_bkpsdm).get(
        "/audit/export.csv", {"objek": "planning.anggaran"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert (
        tuple(rows[0])
        == CSV_COLUMNS
        == (
            "waktu",
            "username",
            "peran",
            "aksi",
            "objek_tipe",
            "objek_id",
            "objek_label",
            "sebelum",
            "sesudah",
            "alamat",
            "keterangan",
            "aksi_label",
            "objek_tipe_label",
            "oleh_nama",
            "opd_id",
        )
    )
    assert rows[1:] == [
        [
            "2027-01-05T09:30:00+07:00",
            "admin.bkpsdm",
            "Admin BKPSDM",
            "admin.change",
            "planning.anggaran",
            "3",
            "BKPSDM: Rp 13,000,000",
            '{"batas": "13000000"}',
            '{"batas": "15000000"}',
            "10.0.0.2",
            "",
            "Changed in the admin",
            "Budget ceiling",
            "admin.bkpsdm",
            "",
        ]
    ]


def test_the_export_is_itself_recorded_and_defuses_spreadsheet_formulas(auditor: User, db: None) -> None:
    event_at(jakarta(2027, 3, 1, 8, 0), username="=HYPERLINK(1)", aksi="auth.login_failed", objek_label="@x")
    response = client_for(auditor).get("/audit/export.csv", {"aksi": "auth.login_failed"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r[1], r[6]) for r in rows[1:]] == [("'=HYPERLINK(1)", "'@x")]
    export = AuditEvent.objects.latest("id")
    assert (export.aksi, export.username, export.keterangan) == (
        "audit.export",
        "auditor",
        "aksi=auth.login_failed",
    )
