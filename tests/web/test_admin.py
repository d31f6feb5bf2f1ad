"""The admin: every model registered, changelists render and search by NIP, NIKs masked, records read-only."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.test import Client
from tests.web.conftest import City, add_riwayat
from tests.web.test_imports import make_batch
from tests.web.test_pages import add_people

from sibina.imports.models import ImportBatch, ImportRowError, PerubahanData


def test_every_model_of_reference_people_and_imports_is_registered() -> None:
    models = [
        m for label in ("reference", "people", "imports") for m in apps.get_app_config(label).get_models()
    ]
    assert [m.__name__ for m in models if not admin.site.is_registered(m)] == []


def test_changelists_render_for_a_superuser(admin_client: Client, city: City) -> None:
    add_riwayat(city.perawat, "Pelatihan Teknis", city.perawat.tanggal_lahir.replace(year=2024), "20")
    for name in (
        "people/pegawai",
        "people/unitkerja",
        "people/jabatan",
        "people/instansi",
        "people/riwayatpengembangan",
        "reference/golongan",
        "reference/bentukpengembangan",
        "reference/konversijp",
        "imports/importbatch",
        "imports/importrowerror",
        "imports/perubahandata",
        "imports/pemetaanunit",
    ):
        assert admin_client.get(f"/admin/{name}/").status_code == 200, name


def test_pegawai_changelist_searches_nip_with_spaces_and_filters_by_opd(
    admin_client: Client, city: City
) -> None:
    nip = city.bidan.nip
    response = admin_client.get(
        "/admin/people/pegawai/", {"q": f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"}
    )
    assert [p.nip for p in response.context["cl"].result_list] == [nip]
    by_name = admin_client.get("/admin/people/pegawai/", {"q": "lestari"})
    assert [p.nip for p in by_name.context["cl"].result_list] == [nip]
    by_opd = admin_client.get("/admin/people/pegawai/", {"opd": city.dinkes.pk})
    assert sorted(p.nip for p in by_opd.context["cl"].result_list) == sorted(
        [city.kepala.nip, city.perawat.nip, city.bidan.nip]
    )


def test_pegawai_changelist_queries_do_not_grow_with_rows(
    admin_client: Client, city: City, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(10):
        assert admin_client.get("/admin/people/pegawai/").status_code == 200
    add_people(city, 60)
    with django_assert_max_num_queries(10):
        response = admin_client.get("/admin/people/pegawai/")
    assert len(response.context["cl"].result_list) == 66


def test_unitkerja_changelist_search_and_filter(admin_client: Client, city: City) -> None:
    response = admin_client.get("/admin/people/unitkerja/", {"q": "Jati Makmur"})
    assert [u.nama for u in response.context["cl"].result_list] == ["Kelurahan Jati Makmur"]
    kec = admin_client.get("/admin/people/unitkerja/", {"jenis__exact": "KECAMATAN"})
    assert len(kec.context["cl"].result_list) == 5


def test_nik_is_masked_in_the_admin_without_the_permission(
    staff_client: Client, admin_client: Client, city: City
) -> None:
    url = f"/admin/people/pegawai/{city.perawat.pk}/change/"
    nik = city.perawat.nik
    staff = staff_client.get(url)
    assert staff.status_code == 200
    assert "nik" not in staff.context["adminform"].form.fields
    body = staff.content.decode()
    assert nik not in body and f"{nik[:4]}{'*' * 10}{nik[-2:]}" in body
    full = admin_client.get(url)
    assert "nik" in full.context["adminform"].form.fields
    assert nik in full.content.decode()


def test_saving_without_nik_permission_keeps_the_nik(staff_client: Client, city: City) -> None:
    perawat = city.perawat
    form = staff_client.get(f"/admin/people/pegawai/{perawat.pk}/change/").context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["nama"] = "Siti Aminah Lubis"
    data.update(
        {
            "riwayat-TOTAL_FORMS": "0",
            "riwayat-INITIAL_FORMS": "0",
            "riwayat-MIN_NUM_FORMS": "0",
            "riwayat-MAX_NUM_FORMS": "1000",
        }
    )
    data = {k: v for k, v in data.items() if v is not False}
    response = staff_client.post(f"/admin/people/pegawai/{perawat.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    perawat.refresh_from_db()
    assert perawat.nama == "Siti Aminah Lubis"
    assert perawat.nik == city.perawat.nik


def test_import_records_are_read_only(admin_client: Client, importer, binjai) -> None:
    batch = make_batch(binjai, importer)
    error = ImportRowError.objects.create(
        batch=batch, baris=3, kolom="NIK", nilai="1275016603900001", pesan="x"
    )
    for model in (ImportBatch, ImportRowError, PerubahanData):
        model_admin = admin.site._registry[model]
        request = admin_client.get("/admin/").wsgi_request
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
    assert admin_client.get("/admin/imports/importbatch/add/").status_code == 403
    view = admin_client.get(f"/admin/imports/importrowerror/{error.pk}/change/")
    assert view.status_code == 200 and 'name="_save"' not in view.content.decode()
    assert (
        admin_client.post(f"/admin/imports/importbatch/{batch.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert ImportBatch.objects.filter(pk=batch.pk).exists()


def test_row_error_nik_values_masked_for_staff_without_permission(
    staff_client: Client, admin_client: Client, importer, binjai
) -> None:
    batch = make_batch(binjai, importer)
    ImportRowError.objects.create(batch=batch, baris=3, kolom="NIK", nilai="1275016603900001", pesan="x")
    ImportRowError.objects.create(batch=batch, baris=4, kolom="NAMA", nilai="Budi", pesan="y")
    staff = staff_client.get("/admin/imports/importrowerror/", {"batch": batch.pk}).content.decode()
    assert "1275016603900001" not in staff and "1275**********01" in staff and "Budi" in staff
    assert "1275016603900001" in admin_client.get("/admin/imports/importrowerror/").content.decode()
