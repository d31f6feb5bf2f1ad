"""Edits in the Django admin are written to the audit trail: changed fields before and after, inline rows
(budget ceilings) each as their own event, deletes one by one and in bulk, NIKs masked."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sibina.audit.models import AuditEvent
from sibina.people import domain
from sibina.people.models import Instansi, Jabatan, Pegawai, UnitKerja
from sibina.planning.models import Anggaran, PlanCycle
from sibina.reference.models import Ketentuan
from tests import factories as f
from tests.audit.conftest import client_for

OFFICE = "10.1.1.5"


def form_data(response: Any) -> dict[str, Any]:
    """What the browser would post back unchanged: the main form and every inline formset, as rendered."""
    forms = [response.context["adminform"].form]
    data: dict[str, Any] = {}
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    for form in forms:
        for bound in form:
            value = bound.value()  # already prepared for the widget (ids, JSON text)
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif value is not None:
                data[bound.html_name] = str(value)
    return data


def change(client: Client, url: str, **edits: Any) -> Any:
    data = form_data(client.get(url))
    data.update(edits)
    response = client.post(url, data, REMOTE_ADDR=OFFICE)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )
    return response


def new_events(since: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=since).order_by("id"))


def last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def staff(admin_bkpsdm: User) -> Client:
    return client_for(admin_bkpsdm)


def test_editing_a_reference_row_records_only_the_changed_field(staff: Client, admin_bkpsdm: User) -> None:
    row = Ketentuan.objects.order_by("kode", "berlaku_mulai").first()
    assert row is not None
    since = last_id()
    change(staff, f"/admin/reference/ketentuan/{row.pk}/change/", nilai="21")
    [event] = new_events(since)
    assert (event.aksi, event.oleh_id, event.peran, event.objek_tipe, event.objek_id, event.alamat) == (
        "admin.change",
        admin_bkpsdm.pk,
        "Admin BKPSDM",
        "reference.ketentuan",
        str(row.pk),
        OFFICE,
    )
    assert event.sebelum == {"nilai": str(row.nilai)}
    assert event.sesudah == {"nilai": "21.0000"}


def test_saving_without_a_change_records_nothing(staff: Client) -> None:
    row = Ketentuan.objects.order_by("kode").first()
    assert row is not None
    since = last_id()
    change(staff, f"/admin/reference/ketentuan/{row.pk}/change/")
    assert new_events(since) == []


def test_save_as_new_version_records_an_addition(staff: Client) -> None:
    row = Ketentuan.objects.order_by("kode").first()
    assert row is not None
    since = last_id()
    change(staff, f"/admin/reference/ketentuan/{row.pk}/change/", berlaku_mulai="2031-01-01", _saveasnew="1")
    [event] = new_events(since)
    added = Ketentuan.objects.get(kode=row.kode, berlaku_mulai="2031-01-01")
    assert (event.aksi, event.objek_id, event.sebelum) == ("admin.add", str(added.pk), None)
    assert event.sesudah["berlaku_mulai"] == "2031-01-01" and event.sesudah["kode"] == row.kode


@pytest.fixture
def cycle(binjai: Instansi) -> PlanCycle:
    cycle = PlanCycle.objects.create(instansi=binjai, tahun=2028, nama="Rencana 2028")
    dinkes = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    Anggaran.objects.create(cycle=cycle, sumber=Anggaran.Sumber.BKPSDM, batas=Decimal(13_000_000))
    Anggaran.objects.create(cycle=cycle, sumber=Anggaran.Sumber.OPD, unit=dinkes, batas=Decimal(5_000_000))
    return cycle


def test_changing_a_budget_ceiling_in_the_cycle_records_the_inline_row(
    staff: Client, cycle: PlanCycle
) -> None:
    bkpsdm, opd = Anggaran.objects.filter(cycle=cycle).order_by("id")
    url = f"/admin/planning/plancycle/{cycle.pk}/change/"
    prefix = form_data(staff.get(url))
    ceiling = next(k for k, v in prefix.items() if k.endswith("-id") and v == str(bkpsdm.pk)).removesuffix(
        "-id"
    )
    other = next(k for k, v in prefix.items() if k.endswith("-id") and v == str(opd.pk)).removesuffix("-id")
    since = last_id()
    change(
        staff, url, **{f"{ceiling}-batas": "15000000", f"{other}-DELETE": "on", "nama": "Rencana 2028 (rev)"}
    )
    events = [(e.aksi, e.objek_tipe, e.objek_id, e.sebelum, e.sesudah) for e in new_events(since)]
    assert events == [
        (
            "admin.change",
            "planning.plancycle",
            str(cycle.pk),
            {"nama": "Rencana 2028"},
            {"nama": "Rencana 2028 (rev)"},
        ),
        (
            "admin.delete",
            "planning.anggaran",
            str(opd.pk),
            {
                "id": opd.pk,
                "cycle_id": cycle.pk,
                "sumber": "OPD",
                "unit_id": opd.unit_id,
                "batas": "5000000",
            },
            None,
        ),
        ("admin.change", "planning.anggaran", str(bkpsdm.pk), {"batas": "13000000"}, {"batas": "15000000"}),
    ]
    assert Anggaran.objects.get(pk=bkpsdm.pk).batas == Decimal(15_000_000)


def test_adding_a_budget_ceiling_inline_records_an_addition(staff: Client, cycle: PlanCycle) -> None:
    url = f"/admin/planning/plancycle/{cycle.pk}/change/"
    data = form_data(staff.get(url))
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS") and k.startswith("anggaran")).removesuffix(
        "-TOTAL_FORMS"
    )
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(n + 1),
            f"{prefix}-{n}-sumber": "TOTAL",
            f"{prefix}-{n}-batas": "7000000",
            f"{prefix}-{n}-cycle": str(cycle.pk),
        }
    )
    since = last_id()
    assert staff.post(url, data).status_code == 302
    [event] = new_events(since)
    added = Anggaran.objects.get(cycle=cycle, sumber="TOTAL")
    assert (event.aksi, event.objek_tipe, event.objek_id, event.sebelum) == (
        "admin.add",
        "planning.anggaran",
        str(added.pk),
        None,
    )
    assert event.sesudah == {
        "id": added.pk,
        "cycle_id": cycle.pk,
        "sumber": "TOTAL",
        "unit_id": None,
        "batas": "7000000",
    }


def test_deleting_records_the_row_first_one_by_one_and_in_bulk(staff: Client, binjai: Instansi) -> None:
    unit = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    jobs = [f.jabatan(binjai, unit, f"Analis {i}", "PELAKSANA") for i in range(3)]
    since = last_id()
    response = staff.post(f"/admin/people/jabatan/{jobs[0].pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    response = staff.post(
        "/admin/people/jabatan/",
        {"action": "delete_selected", "_selected_action": [jobs[1].pk, jobs[2].pk], "post": "yes"},
    )
    assert response.status_code == 302
    events = new_events(since)
    assert [(e.aksi, e.objek_id, e.objek_label, e.sesudah) for e in events] == [
        ("admin.delete", str(jobs[0].pk), "Analis 0", None),
        ("admin.delete", str(jobs[1].pk), "Analis 1", None),
        ("admin.delete", str(jobs[2].pk), "Analis 2", None),
    ]
    assert events[0].sebelum["nama"] == "Analis 0" and events[0].sebelum["unit_id"] == unit.pk
    assert not Jabatan.objects.filter(pk__in=[j.pk for j in jobs]).exists()


def test_a_changed_nik_is_recorded_masked(admin_client: Client, binjai: Instansi) -> None:
    unit = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    pegawai = f.pegawai(binjai, unit, nama="Siti Aminah", sex="P")
    old_nik = pegawai.nik
    new_nik = old_nik[:-2] + ("99" if old_nik[-2:] != "99" else "98")
    since = last_id()
    change(admin_client, f"/admin/people/pegawai/{pegawai.pk}/change/", nik=new_nik)
    [event] = new_events(since)
    assert event.objek_tipe == "people.pegawai"
    assert event.sebelum["nik"] == domain.mask_nik(old_nik)
    assert event.sesudah["nik"] == domain.mask_nik(new_nik)
    assert old_nik not in str(event.sebelum) and new_nik not in str(event.sesudah)
    assert Pegawai.objects.get(pk=pegawai.pk).nik == new_nik


def test_a_many_to_many_change_is_recorded_as_ids(staff: Client, binjai: Instansi) -> None:
    from sibina.catalogue.models import Kegiatan
    from sibina.catalogue.services import kegiatan_save
    from sibina.reference.models import BentukPengembangan, TingkatJabatan

    kegiatan = kegiatan_save(
        kegiatan=Kegiatan(
            instansi=binjai,
            kode="K-M2M",
            judul="Pelatihan",
            bentuk=BentukPengembangan.objects.get(kode="KL03"),
            jenis_penyelenggara="BKPSDM",
            penyelenggara="BKPSDM Kota Binjai",
            jp=Decimal(0),
            jp_program=Decimal(24),
            hari=3,
            pola_pendanaan="KONTRIBUSI",
            kapasitas_kelas=30,
            min_peserta=1,
            triwulan=[2],
        )
    )
    levels = sorted(TingkatJabatan.objects.values_list("pk", flat=True))[:2]
    since = last_id()
    change(
        staff, f"/admin/catalogue/kegiatan/{kegiatan.pk}/change/", tingkat_jabatan=[str(p) for p in levels]
    )
    [event] = new_events(since)
    assert (event.aksi, event.sebelum, event.sesudah) == (
        "admin.change",
        {"tingkat_jabatan": []},
        {"tingkat_jabatan": levels},
    )
