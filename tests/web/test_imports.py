"""The import pages: upload validation, batch list and detail, polling, and the errors CSV."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from tests.web.conftest import role_client

from sibina.imports import services as import_services
from sibina.imports.models import ImportBatch, ImportRowError
from sibina.people import domain
from sibina.people.models import Instansi, Pegawai
from sibina.roles import Role

NIK = "1275016603900001"


def make_batch(instansi: Instansi, user, **fields) -> ImportBatch:
    defaults = {
        "jenis": ImportBatch.Jenis.PEGAWAI,
        "nama_file": "siasn_binjai.csv",
        "sha256": "ab" * 32,
        "status": ImportBatch.Status.DONE,
        "progress": 100,
        "jumlah_baris": 120,
        "jumlah_baru": 100,
        "jumlah_diubah": 15,
        "jumlah_sama": 2,
        "jumlah_galat": 3,
    }
    return ImportBatch.objects.create(instansi=instansi, oleh=user, **{**defaults, **fields})


def upload(client: Client, instansi: Instansi, name: str, content: bytes, **extra):
    data = {
        "jenis": "PEGAWAI",
        "instansi": instansi.pk,
        "file": SimpleUploadedFile(name, content),
        **extra,
    }
    # English, so that the assertions hold whatever the Indonesian translation says.
    return client.post("/impor/unggah/", data, HTTP_ACCEPT_LANGUAGE="en")


# --- upload validation -----------------------------------------------------------------------------


def test_upload_page_renders_with_the_form(importer_client: Client, binjai: Instansi) -> None:
    response = importer_client.get("/impor/unggah/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body and 'name="dry_run"' in body
    assert 'value="PEGAWAI"' in body and 'value="RIWAYAT"' in body


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("pegawai.pdf", b"%PDF-1.7 ...", "file_type", "“pegawai.pdf” is not a CSV or XLSX file."),
        (
            "pegawai.xls",
            b"\xd0\xcf\x11\xe0 old excel",
            "file_type",
            "“pegawai.xls” is not a CSV or XLSX file.",
        ),
        ("pegawai", b"NIP BARU;NAMA\n", "file_type", "“pegawai” is not a CSV or XLSX file."),
        (
            "pegawai.xlsx",
            b"NIP BARU;NAMA\n1;2\n",
            "file_content",
            "is named .xlsx but is not an Excel workbook",
        ),
        ("pegawai.csv", b"PK\x03\x04 a zip in disguise", "file_content", "does not contain CSV text"),
        ("pegawai.csv", b"N\x00I\x00P\x00", "file_content", "does not contain CSV text"),
    ],
)
def test_upload_rejects_a_wrong_file_with_a_message_and_no_batch(
    importer_client: Client, binjai: Instansi, name: str, content: bytes, code: str, message: str
) -> None:
    response = upload(importer_client, binjai, name, content)
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["file"]
    assert [e.code for e in errors] == [code]
    assert message in response.context["form"].errors["file"][0]
    assert message in response.content.decode().replace("&#x27;", "'")
    assert ImportBatch.objects.count() == 0


def test_upload_rejects_an_empty_file(importer_client: Client, binjai: Instansi) -> None:
    # Django's FileField rejects a zero-byte upload with its own (translated) message.
    response = upload(importer_client, binjai, "kosong.csv", b"")
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["file"][0].code == "empty"
    assert ImportBatch.objects.count() == 0


@override_settings(SIBINA_IMPORT_MAX_BYTES=1024)
def test_upload_rejects_a_file_over_the_size_limit(importer_client: Client, binjai: Instansi) -> None:
    response = upload(importer_client, binjai, "besar.csv", b"NIP BARU;NAMA\n" + b"x" * 2048)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The file is 2.0\xa0KB; the largest file that can be imported is 1.0\xa0KB."
    ]
    assert ImportBatch.objects.count() == 0


def test_upload_without_permission_is_refused_and_creates_nothing(
    reader_client: Client, binjai: Instansi
) -> None:
    response = upload(reader_client, binjai, "pegawai.csv", b"NIP BARU;NAMA\n")
    assert response.status_code == 403
    assert ImportBatch.objects.count() == 0


# --- batch list and detail -------------------------------------------------------------------------


def test_batch_list_shows_batches_newest_first(importer_client: Client, importer, binjai: Instansi) -> None:
    old = make_batch(binjai, importer, nama_file="lama.csv")
    new = make_batch(binjai, importer, nama_file="baru.xlsx", status=ImportBatch.Status.FAILED)
    response = importer_client.get("/impor/")
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [new, old]
    assert 'href="/impor/unggah/"' in response.content.decode()


def test_batch_detail_lists_row_errors_in_line_order(
    importer_client: Client, importer, binjai: Instansi
) -> None:
    batch = make_batch(binjai, importer)
    ImportRowError.objects.create(
        batch=batch, baris=9, kolom="TANGGAL LAHIR", nilai="31-02-1990", pesan="bad date"
    )
    ImportRowError.objects.create(batch=batch, baris=4, kolom="NIP BARU", nilai="1986", pesan="too short")
    response = importer_client.get(f"/impor/{batch.pk}/")
    assert response.status_code == 200
    assert [(e.baris, v) for e, v in response.context["error_rows"]] == [(4, "1986"), (9, "31-02-1990")]
    body = response.content.decode()
    assert f'href="/impor/{batch.pk}/galat.csv"' in body
    assert 'hx-trigger="every 2s"' not in body  # a finished batch does not poll
    assert 'style="width: 100%"' in body


def test_batch_detail_paginates_errors(importer_client: Client, importer, binjai: Instansi) -> None:
    batch = make_batch(binjai, importer)
    ImportRowError.objects.bulk_create(
        ImportRowError(batch=batch, baris=i + 2, kolom="NAMA", nilai="", pesan="required") for i in range(130)
    )
    first = importer_client.get(f"/impor/{batch.pk}/")
    assert len(first.context["error_rows"]) == 100
    second = importer_client.get(f"/impor/{batch.pk}/", {"page": 2})
    assert [e.baris for e, _ in second.context["error_rows"]] == list(range(102, 132))


def test_error_values_holding_a_nik_are_masked_without_the_permission(
    reader_client: Client, importer, binjai: Instansi
) -> None:
    batch = make_batch(binjai, importer)
    ImportRowError.objects.create(
        batch=batch, baris=5, kolom="NIK", nilai="1275016603900001", pesan="mismatch"
    )
    # The auditor reads import records but holds no ``people.view_nik`` (BKPSDM's group does).
    rows = reader_client.get(f"/impor/{batch.pk}/").context["error_rows"]
    assert [v for _, v in rows] == ["1275**********01"]


def test_running_batch_polls_itself_every_two_seconds(
    importer_client: Client, importer, binjai: Instansi
) -> None:
    batch = make_batch(binjai, importer, status=ImportBatch.Status.RUNNING, progress=40)
    body = importer_client.get(f"/impor/{batch.pk}/").content.decode()
    assert f'hx-get="/impor/{batch.pk}/status/" hx-trigger="every 2s" hx-swap="outerHTML"' in body
    assert 'aria-valuenow="40"' in body

    partial = importer_client.get(f"/impor/{batch.pk}/status/", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert 'hx-trigger="every 2s"' in partial.content.decode()
    assert "<html" not in partial.content.decode()
    assert "HX-Refresh" not in partial

    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.DONE, progress=100)
    done = importer_client.get(f"/impor/{batch.pk}/status/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' not in done.content.decode()
    assert done["HX-Refresh"] == "true"


@pytest.mark.parametrize("role", [None, Role.KEPALA_OPD, Role.ATASAN, Role.PEGAWAI])
def test_batch_pages_refuse_users_without_import_rights(
    importer, binjai: Instansi, role: Role | None
) -> None:
    batch = make_batch(binjai, importer)
    client = role_client(role)
    for url in (f"/impor/{batch.pk}/", f"/impor/{batch.pk}/status/", f"/impor/{batch.pk}/galat.csv"):
        assert client.get(url).status_code == 403, url


def test_unknown_batch_is_404(importer_client: Client, db: None) -> None:
    assert importer_client.get("/impor/424242/").status_code == 404


def test_home_lists_latest_imports_for_import_users(
    importer_client: Client, importer, binjai: Instansi
) -> None:
    batches = [make_batch(binjai, importer, nama_file=f"f{i}.csv") for i in range(7)]
    shown = importer_client.get("/").context["batches"]
    assert shown == list(reversed(batches))[:5]


# --- a real upload through the import service -------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the service stores a copy of every uploaded file
    return tmp_path


def test_upload_imports_good_rows_and_reports_bad_ones(
    importer_client: Client, importer, binjai: Instansi, media
) -> None:
    born, tmt = dt.date(1990, 7, 21), dt.date(2015, 3, 1)
    good = domain.make_nip(tanggal_lahir=born, tmt=tmt, jenis_kelamin="L", urut=5)
    content = (
        "\ufeffNIP BARU;NAMA;TANGGAL LAHIR;JENIS KELAMIN;JENIS PEGAWAI NAMA;UNOR NAMA\n"
        f"{good[:8]} {good[8:14]} {good[14]} {good[15:]};Ahmad Fauzi;21-07-1990;M;PNS;Dinas Pendidikan\n"
        "12345;Rusak;31-02-1990;M;PNS;Dinas Pendidikan\n"
    ).encode()
    response = upload(importer_client, binjai, "siasn.csv", content)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/impor/{batch.pk}/"
    assert (batch.status, batch.jumlah_baru, batch.oleh) == (ImportBatch.Status.DONE, 1, importer)
    assert batch.nama_file == "siasn.csv"
    assert list(Pegawai.objects.values_list("nip", "nama")) == [(good, "Ahmad Fauzi")]

    page = importer_client.get(response["Location"])
    assert {e.baris for e, _ in page.context["error_rows"]} == {3}

    csv_response = importer_client.get(f"/impor/{batch.pk}/galat.csv")
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"] == f'attachment; filename="impor-{batch.pk}-galat.csv"'
    lines = csv_response.content.decode().splitlines()
    assert lines[0] == "baris,kolom,nilai,pesan"
    assert len(lines) == 1 + batch.errors.count() and all(line.startswith("3,") for line in lines[1:])


def test_errors_csv_masks_nik_values_without_the_permission(
    reader_client: Client, importer, binjai: Instansi
) -> None:
    batch = make_batch(binjai, importer)
    ImportRowError.objects.create(batch=batch, baris=2, kolom="NIK", nilai=NIK, pesan="mismatch")
    ImportRowError.objects.create(batch=batch, baris=3, kolom="NAMA", nilai="", pesan="A value is required.")
    body = reader_client.get(f"/impor/{batch.pk}/galat.csv").content.decode()
    assert body == (
        "baris,kolom,nilai,pesan\r\n2,NIK,1275**********01,mismatch\r\n3,NAMA,,A value is required.\r\n"
    )


def test_errors_csv_is_unmasked_for_nik_officers(importer, binjai: Instansi) -> None:
    importer.user_permissions.add(Permission.objects.get(codename="view_nik"))
    client = Client()
    client.force_login(importer)
    batch = make_batch(binjai, importer)
    ImportRowError.objects.create(batch=batch, baris=2, kolom="NIK", nilai=NIK, pesan="mismatch")
    assert "2,NIK,1275016603900001,mismatch" in client.get(f"/impor/{batch.pk}/galat.csv").content.decode()


def test_an_unexpected_failure_in_the_service_is_a_message_not_a_500(
    importer_client: Client, binjai: Instansi, monkeypatch
) -> None:
    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(import_services, "import_start", broken)
    response = upload(importer_client, binjai, "pegawai.csv", b"NIP BARU;NAMA\n1;2\n")
    assert response.status_code == 302 and response["Location"] == "/impor/"
    messages = [str(m) for m in importer_client.get("/impor/", HTTP_ACCEPT_LANGUAGE="en").context["messages"]]
    assert messages == [
        "The import stopped on an unexpected error and changed nothing. "
        "The error was logged for the system administrator."
    ]
