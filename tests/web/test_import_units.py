"""The web side of unit matching: a dry run lists the units it would need, BKPSDM confirms creating them or maps
a name to a unit of the tree; created units are badged on /unit/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from tests.imports.conftest import csv_bytes, person
from tests.web.conftest import role_client
from tests.web.test_imports import upload

from sibina.audit.models import AuditEvent
from sibina.imports import kernel
from sibina.imports.models import ImportBatch, PemetaanUnit
from sibina.people.models import AkunInstansi, Instansi, Pegawai, UnitKerja
from sibina.roles import Role


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path  # the service stores a copy of every uploaded file
    return tmp_path


@pytest.fixture
def estate(binjai: Instansi) -> UnitKerja:
    dinkes = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    return UnitKerja.objects.create(
        instansi=binjai, parent=dinkes, kode="PKM-BE", nama="Puskesmas Binjai Estate", jenis="PUSKESMAS"
    )


ROWS = [
    person(1, unor="UPT Puskesmas Binjai Estate", induk="Dinas Kesehatan"),
    person(2, unor="UPT Laboratorium Kesehatan Daerah", induk="Dinas Kesehatan"),
]


def test_a_dry_run_lists_the_units_and_creation_waits_for_confirmation(
    importer_client: Client, binjai: Instansi, estate: UnitKerja, media: Path
) -> None:
    units_before = UnitKerja.objects.count()
    response = upload(importer_client, binjai, "siasn.csv", csv_bytes(ROWS), dry_run="on")
    dry = ImportBatch.objects.get()
    assert (dry.dry_run, dry.buat_unit, dry.jumlah_baru, dry.jumlah_galat) == (True, False, 1, 1)
    page = importer_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Work units not found" in page and "UPT Laboratorium Kesehatan Daerah" in page
    assert f'action="/impor/{dry.pk}/buat-unit/"' in page and 'name="setuju"' in page
    assert "/impor/pemetaan-unit/?nama=UPT%20Laboratorium%20Kesehatan%20Daerah" in page

    # Without the tick nothing happens.
    refused = importer_client.post(f"/impor/{dry.pk}/buat-unit/", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused["Location"] == f"/impor/{dry.pk}/"
    assert ImportBatch.objects.count() == 1 and UnitKerja.objects.count() == units_before

    done = importer_client.post(f"/impor/{dry.pk}/buat-unit/", {"setuju": "on"})
    batch = ImportBatch.objects.latest("id")
    assert done["Location"] == f"/impor/{batch.pk}/"
    assert (batch.dry_run, batch.buat_unit, batch.jumlah_baru, batch.jumlah_galat) == (False, True, 2, 0)
    lab = UnitKerja.objects.get(dari_impor=True)
    assert (lab.nama, lab.parent.kode, lab.jenis, lab.terkonfirmasi) == (
        "UPT Laboratorium Kesehatan Daerah",
        "DINKES",
        "UPTD",
        False,
    )
    assert Pegawai.objects.get(nip=ROWS[0]["NIP BARU"]).unit == estate  # "UPT …" matched, not created
    page = importer_client.get(done["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Work units created by this import" in page and 'name="setuju"' not in page
    with translation.override("en"):
        tree = importer_client.get("/unit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert tree.count(">from import, unconfirmed</span>") == 1


def test_the_upload_form_can_confirm_creation_at_once(
    importer_client: Client, binjai: Instansi, estate: UnitKerja, media: Path
) -> None:
    upload(importer_client, binjai, "siasn.csv", csv_bytes(ROWS), buat_unit="on")
    batch = ImportBatch.objects.get()
    assert (batch.buat_unit, batch.jumlah_baru, [u["nama"] for u in batch.unit_baru]) == (
        True,
        2,
        ["UPT Laboratorium Kesehatan Daerah"],
    )


def test_bkpsdm_maps_a_name_and_the_next_import_uses_it(
    importer_client: Client, binjai: Instansi, estate: UnitKerja, media: Path
) -> None:
    assert importer_client.get("/impor/pemetaan-unit/?nama=PKM%20Estate").status_code == 200
    saved = importer_client.post("/impor/pemetaan-unit/", {"nama_sumber": "PKM  Estate", "unit": estate.pk})
    assert saved.status_code == 302
    mapping = PemetaanUnit.objects.get()
    assert (mapping.instansi, mapping.nama_sumber, mapping.unit, mapping.oleh.username) == (
        binjai,
        "puskesmas estate",
        estate,
        "admin_bkpsdm",
    )
    upload(importer_client, binjai, "siasn.csv", csv_bytes([person(3, unor="Pkm. Estate")]))
    assert Pegawai.objects.get().unit == estate

    page = importer_client.get("/impor/pemetaan-unit/").content.decode()
    assert "puskesmas estate" in page and f'value="{mapping.pk}"' in page
    importer_client.post("/impor/pemetaan-unit/", {"hapus": str(mapping.pk)})
    assert not PemetaanUnit.objects.exists()
    trail = AuditEvent.objects.filter(aksi__startswith="import.unit_mapping").order_by("id")
    assert [(e.aksi, e.instansi_id, e.username) for e in trail] == [
        ("import.unit_mapping.save", binjai.pk, "admin_bkpsdm"),
        ("import.unit_mapping.delete", binjai.pk, "admin_bkpsdm"),
    ]
    assert trail[0].sesudah == {"nama_sumber": "puskesmas estate", "unit_id": estate.pk}


def test_bad_mapping_input_is_a_message_not_a_500(
    importer_client: Client, importer, binjai: Instansi, estate: UnitKerja
) -> None:
    AkunInstansi.objects.create(user=importer, instansi=binjai)  # two agencies: the account names its own
    medan = Instansi.objects.create(kode="1271", nama="Pemerintah Kota Medan", jenis=Instansi.Jenis.KOTA)
    foreign = UnitKerja.objects.create(instansi=medan, kode="X", nama="Dinas Medan", jenis="OPD")
    other = PemetaanUnit.objects.create(instansi=medan, nama_sumber="dinas x", unit=foreign)
    importer = importer_client
    for data in ({"nama_sumber": "A", "unit": foreign.pk}, {"nama_sumber": "  ", "unit": estate.pk}):
        response = importer.post("/impor/pemetaan-unit/", data, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200 and response.context["form"].errors
    assert importer.post("/impor/pemetaan-unit/", {"hapus": "abc"}).status_code == 302
    assert importer.post("/impor/pemetaan-unit/", {"hapus": str(other.pk)}).status_code == 404
    assert PemetaanUnit.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.KEPALA_OPD, Role.PEGAWAI])
def test_only_importers_edit_the_mapping(binjai: Instansi, estate: UnitKerja, role: Role) -> None:
    client = role_client(role)
    assert client.get("/impor/pemetaan-unit/").status_code == 403
    assert client.post("/impor/pemetaan-unit/", {"nama_sumber": "X", "unit": estate.pk}).status_code == 403
    assert not PemetaanUnit.objects.exists()


def test_only_importers_confirm_creating_units(
    binjai: Instansi, importer, media: Path, importer_client: Client
) -> None:
    upload(importer_client, binjai, "siasn.csv", csv_bytes(ROWS), dry_run="on")
    dry = ImportBatch.objects.get()
    response = role_client(Role.AUDITOR).post(f"/impor/{dry.pk}/buat-unit/", {"setuju": "on"})
    assert response.status_code == 403 and ImportBatch.objects.count() == 1


def test_a_command_line_batch_cannot_be_confirmed_from_the_page(
    importer_client: Client, binjai: Instansi, tmp_path: Path
) -> None:
    path = tmp_path / "siasn.csv"
    path.write_bytes(csv_bytes(ROWS))
    batch = kernel.import_file(jenis="pegawai", instansi=binjai, path=path)  # keeps no copy of the file
    assert [u["nama"] for u in batch.unit_baru] == [r["UNOR NAMA"] for r in ROWS]
    page = importer_client.get(f"/impor/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Work units not found" in page and 'name="setuju"' not in page
    response = importer_client.post(
        f"/impor/{batch.pk}/buat-unit/", {"setuju": "on"}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    assert response.redirect_chain == [(f"/impor/{batch.pk}/", 302)]
    assert "kept no copy of its file" in response.content.decode()
    assert ImportBatch.objects.count() == 1 and not UnitKerja.objects.filter(dari_impor=True).exists()
