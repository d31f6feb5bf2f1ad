"""The trail as a person reads it: names for actions, object types, objects, people and fields (codes on hover),
changes as a small table of changed fields, the OPD of an event, and the filters by person, OPD, action and date."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from sibina.audit.models import AuditEvent
from sibina.audit.readable import readable
from sibina.audit.services import audit_record
from sibina.people.models import AkunInstansi, Instansi, Pegawai, UnitKerja
from sibina.planning.models import PlanCycle
from tests import factories
from tests.audit.conftest import client_for, event_at, jakarta

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


@dataclass
class City:
    instansi: Instansi
    dinkes: UnitKerja
    puskesmas: UnitKerja  # under Dinas Kesehatan
    disdik: UnitKerja
    siti: Pegawai
    admin: User
    reader: Client


@pytest.fixture
def city(auditor: User) -> City:
    instansi = Instansi.objects.create(kode="1275", nama="Kota Binjai", jenis="KOTA")
    AkunInstansi.objects.create(user=auditor, instansi=instansi)
    dinkes = UnitKerja.objects.create(instansi=instansi, kode="DINKES", nama="Dinas Kesehatan", jenis="OPD")
    puskesmas = UnitKerja.objects.create(
        instansi=instansi, parent=dinkes, kode="PKM1", nama="Puskesmas Binjai Estate", jenis="PUSKESMAS"
    )
    disdik = UnitKerja.objects.create(instansi=instansi, kode="DISDIK", nama="Dinas Pendidikan", jenis="OPD")
    siti = factories.pegawai(instansi, puskesmas, nama="Siti Aminah", sex="P")
    admin = User.objects.create_user("admin.bkpsdm", first_name="Rina", last_name="Lubis")
    return City(instansi, dinkes, puskesmas, disdik, siti, admin, client_for(auditor))


def _text(response) -> str:
    """The page's visible text: tags (and so their attributes, where codes are kept for hover) removed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<select\b.*?</select>", " ", html, flags=re.S)  # option values are codes by design
    return re.sub(r"<[^>]+>", " ", html)


def _shown(response) -> list[int]:
    reader = response.wsgi_request.user.get_username()
    return [
        r.event.pk
        for r in response.context["rows"]
        if not (r.event.aksi == "auth.login" and r.event.username == reader)
    ]


# --- the OPD an event belongs to ----------------------------------------------------------------------


def test_an_event_on_a_unit_or_an_employee_names_its_opd(city: City) -> None:
    on_unit = audit_record(by=city.admin, action="admin.change", obj=city.puskesmas)
    on_opd = audit_record(by=city.admin, action="admin.change", obj=city.disdik)
    on_employee = audit_record(by=city.admin, action="admin.change", obj=city.siti)
    city.siti.user = User.objects.create_user("siti")
    city.siti.save()
    login = audit_record(by=city.siti.user, action="auth.login", obj=city.siti.user)
    cycle = PlanCycle.objects.create(instansi=city.instansi, tahun=2027, nama="Rencana 2027")
    on_plan = audit_record(by=city.admin, action="plan.optimise_start", obj=cycle)
    assert [e.opd_id for e in (on_unit, on_opd, on_employee, login, on_plan)] == [
        city.dinkes.pk,
        city.disdik.pk,
        city.dinkes.pk,
        city.dinkes.pk,
        None,  # a plan is the city's
    ]


# --- names ----------------------------------------------------------------------------------------------


def test_a_change_is_a_table_of_the_changed_fields_by_their_names(city: City) -> None:
    event = audit_record(
        by=city.admin,
        action="admin.change",
        obj=city.siti,
        before={"unit_id": city.puskesmas.pk, "sintetis": False, "jenis_kelamin": "L", "nama": "Siti Aminah"},
        after={"unit_id": city.disdik.pk, "sintetis": True, "jenis_kelamin": "P", "nama": "Siti Aminah"},
    )
    with translation.override("en"):
        [row] = readable([event])
    assert row.both_sides
    assert [(c.field, c.code, c.before, c.after) for c in row.changes] == [
        ("Sex", "jenis_kelamin", "Male", "Female"),  # a choice by its label
        ("Synthetic (demo)", "sintetis", "No", "Yes"),
        ("Work unit", "unit_id", "Puskesmas Binjai Estate", "Dinas Pendidikan"),  # an id by the row's name
    ]  # "nama" did not change: not shown
    assert (row.action, row.person, row.object_type) == ("Changed in the admin", "Rina Lubis", "Employee")
    assert row.object_code == f"people.pegawai #{city.siti.pk}"


def test_a_natural_key_stored_under_a_foreign_keys_name_is_shown_as_stored(city: City) -> None:
    # approvals store a decision's employee by NIP under "pegawai"; an id of the same number must not be taken
    event = audit_record(
        by=city.admin,
        action="admin.change",
        obj=city.siti,
        after={"unit": str(city.disdik.pk), "atasan": [123]},
    )
    with translation.override("en"):
        [row] = readable([event])
    assert [(c.field, c.after) for c in row.changes] == [
        ("Direct supervisor", "#123"),
        ("Work unit", str(city.disdik.pk)),
    ]


def test_a_new_row_is_a_two_column_table_and_unknown_keys_stay_as_stored(city: City) -> None:
    event = audit_record(
        by=city.admin, action="plan.optimise_start", obj=city.dinkes, after={"run": 7, "skenario": None}
    )
    with translation.override("en"):
        [row] = readable([event])
    assert not row.both_sides
    assert [(c.field, c.before, c.after) for c in row.changes] == [
        ("Optimisation run", "", "7"),
        ("Scenario", "", "—"),
    ]


def test_the_object_is_named_as_it_is_now_else_as_it_was_else_by_type_and_id(city: City) -> None:
    renamed = audit_record(by=city.admin, action="admin.change", obj=city.dinkes, label="Dinkes (old name)")
    gone = event_at(
        jakarta(2027, 1, 4),
        aksi="admin.delete",
        objek_tipe="people.unitkerja",
        objek_id="999999",
        objek_label="Kelurahan Lama",
    )
    nameless = event_at(
        jakarta(2027, 1, 4), aksi="admin.delete", objek_tipe="people.unitkerja", objek_id="999998"
    )
    account = audit_record(by=city.admin, action="auth.login", obj=city.admin)
    with translation.override("en"):
        rows = readable([renamed, gone, nameless, account])
    assert [r.object_label for r in rows] == [
        "Dinas Kesehatan",
        "Kelurahan Lama",
        "Work unit #999998",
        "Rina Lubis",  # an account by its owner's full name
    ]


# --- the page -----------------------------------------------------------------------------------------


def _walk(city: City) -> list[AuditEvent]:
    """One event of a few registered actions, as the services write them."""
    return [
        audit_record(
            by=city.admin, action="approval.decision.kecuali", obj=city.siti, after={"jenis": "KECUALI"}
        ),
        audit_record(by=city.admin, action="plan.optimise_start", obj=city.dinkes, after={"run": 1}),
        audit_record(
            by=city.admin,
            action="admin.change",
            obj=city.siti,
            before={"unit_id": city.puskesmas.pk},
            after={"unit_id": city.dinkes.pk},
        ),
        audit_record(by=None, action="planning.optimise.done", obj=city.dinkes, after={"status": "DONE"}),
    ]


def test_the_indonesian_page_shows_no_action_or_type_code(city: City) -> None:
    events = _walk(city)
    response = city.reader.get("/audit/", **ID)
    assert response.status_code == 200
    text = _text(response)
    for code in {e.aksi for e in events} | {"people.pegawai", "people.unitkerja", "unit_id"}:
        assert code not in text
    page = response.content.decode()
    # the codes are kept on hover
    assert 'title="approval.decision.kecuali"' in page and f'title="people.pegawai #{city.siti.pk}"' in page
    assert 'title="unit_id"' in page
    assert "Rina Lubis" in text and "Puskesmas Binjai Estate" in text


def test_the_english_page_names_actions_and_changes(city: City) -> None:
    _walk(city)
    text = _text(city.reader.get("/audit/", **EN))
    for name in (
        "Pair excluded",
        "Optimisation started",
        "Optimisation finished",
        "Changed in the admin",
        "Work unit",
    ):
        assert name in text


def test_the_filter_choices_are_names(city: City) -> None:
    _walk(city)
    form = city.reader.get("/audit/", **EN).context["form"]
    assert ("admin.bkpsdm", "Rina Lubis (admin.bkpsdm)") in form.fields["user"].choices
    assert ("approval.decision.kecuali", "Pair excluded") in form.fields["aksi"].choices
    assert ("people.pegawai", "Employee") in form.fields["objek"].choices
    assert form.fields["opd"].choices[1:] == [
        (city.dinkes.pk, "Dinas Kesehatan"),
        (city.disdik.pk, "Dinas Pendidikan"),
    ]


def test_filters_by_person_opd_action_and_date(city: City) -> None:
    decision, start, change, done = _walk(city)
    other = audit_record(by=city.admin, action="admin.change", obj=city.disdik)
    AuditEvent.objects.filter(pk=other.pk).update(waktu=jakarta(2026, 1, 4, 10))  # before the others
    get = city.reader.get
    assert _shown(get("/audit/", {"opd": city.dinkes.pk})) == [done.pk, change.pk, start.pk, decision.pk]
    assert _shown(get("/audit/", {"opd": city.disdik.pk})) == [other.pk]
    assert _shown(get("/audit/", {"aksi": "admin.change", "opd": city.dinkes.pk})) == [change.pk]
    assert _shown(get("/audit/", {"user": "admin.bkpsdm", "sampai": "2026-01-04"})) == [other.pk]
    assert _shown(get("/audit/", {"dari": "2026-01-04", "sampai": "2026-01-04"})) == [other.pk]
    assert _shown(get("/audit/", {"dari": "2026-01-05", "aksi": "admin.change"})) == [change.pk]
    assert (
        _shown(get("/audit/", {"user": "admin.bkpsdm", "aksi": "planning.optimise.done"})) == []
    )  # by nobody


def test_date_inputs_carry_iso_values_in_indonesian(city: City) -> None:
    page = city.reader.get("/audit/", {"dari": "2027-01-04", "sampai": "2027-12-31"}, **ID).content.decode()
    assert re.search(r'<input type="date" name="dari" value="2027-01-04"', page)
    assert re.search(r'<input type="date" name="sampai" value="2027-12-31"', page)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"dari": "04-01-2027"}, "dari"),
        ({"sampai": "2027-02-30"}, "sampai"),
        ({"opd": "abc"}, "opd"),
        ({"opd": "999999"}, "opd"),
        ({"user": "nobody"}, "user"),
        ({"aksi": "<script>alert(1)</script>"}, "aksi"),
        ({"objek": "no.such"}, "objek"),
    ],
)
def test_a_bad_filter_value_gives_a_clean_page_naming_the_field(city: City, query: dict, field: str) -> None:
    events = _walk(city)
    response = city.reader.get("/audit/", {**query, "page": "zz"}, **EN)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert set(_shown(response)) == {
        e.pk for e in events
    }  # the bad value is left out; the rest still applies
    assert "<script>alert(1)" not in response.content.decode()
    csv = city.reader.get("/audit/export.csv", query)
    assert csv.status_code == 200


def test_names_are_fetched_per_page_not_per_event(city: City, django_assert_max_num_queries) -> None:
    def changes(n: int) -> list[AuditEvent]:
        people = [factories.pegawai(city.instansi, city.puskesmas, nama=f"Pegawai {i}") for i in range(n)]
        return [
            audit_record(
                by=city.admin,
                action="admin.change",
                obj=p,
                before={"unit_id": city.puskesmas.pk},
                after={"unit_id": city.dinkes.pk, "atasan_id": city.siti.pk},
            )
            for p in people
        ]

    few, many = changes(2), changes(20)
    with django_assert_max_num_queries(3):  # the employees, the units, the supervisors
        readable(few)
    with django_assert_max_num_queries(3):
        rows = readable(many)
    assert {r.changes[0].after for r in rows} == {str(city.siti)}


def test_keys_an_action_names_itself_beat_the_objects_fields(city: City) -> None:
    # a refusal on an employee: its "status" is the HTTP answer, not the employee's status
    refused = audit_record(
        by=city.admin, action="access.denied", obj=city.siti, after={"status": 404, "asked": "x"}
    )
    cycle = PlanCycle.objects.create(instansi=city.instansi, tahun=2027, nama="Rencana 2027")
    start = audit_record(
        by=city.admin, action="plan.optimise_start", obj=cycle, after={"run": 5, "locked": 2}
    )
    with translation.override("en"):
        rows = readable([refused, start])
    assert [(c.field, c.after) for c in rows[0].changes] == [
        ("Asked for", "x"),
        ("Answer (HTTP status)", "404"),  # not "Status: 404" read through the employee's status choices
    ]
    assert [(c.field, c.after) for c in rows[1].changes] == [("Locked pairs", "2"), ("Optimisation run", "5")]
