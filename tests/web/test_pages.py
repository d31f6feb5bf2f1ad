"""The pages: login required, the right rows, masking, and a query count that does not grow with the data."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.web.conftest import City, add_riwayat, make_pegawai, role_client

from sibina.people.models import Pegawai, UnitKerja
from sibina.reference.selectors import golongan_map
from sibina.roles import Role

D = dt.date


def nips(response) -> list[str]:
    """The NIPs listed on an employee-list page, in order."""
    return [p.nip for p in response.context["page"].object_list]


# --- login required --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/pegawai/",
        "/pegawai/198503142010011001/",
        "/unit/",
        "/impor/",
        "/impor/unggah/",
        "/impor/1/",
        "/impor/1/status/",
        "/impor/1/galat.csv",
    ],
)
def test_anonymous_users_are_sent_to_login(client: Client, db: None, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


def test_login_page_renders_without_secrets(client: Client, db: None) -> None:
    response = client.get("/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="username"' in body and 'name="password"' in body
    assert "password123" not in body.lower() and "demo" not in body.lower()


def test_login_with_a_password_reaches_home(client: Client, reader) -> None:
    response = client.post("/login/", {"username": "pembaca", "password": "pw-not-used-123"})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")


def test_every_page_renders_for_a_signed_in_user(reader_client: Client, city: City) -> None:
    for url in ("/", "/pegawai/", f"/pegawai/{city.perawat.nip}/", "/unit/"):
        assert reader_client.get(url).status_code == 200, url


def test_import_pages_need_an_import_permission(reader_client: Client, db: None) -> None:
    # The auditor reads the import records but may not upload; an employee sees neither.
    assert reader_client.get("/impor/").status_code == 200
    assert reader_client.get("/impor/unggah/").status_code == 403
    employee = role_client(Role.PEGAWAI)
    assert employee.get("/impor/").status_code == 403
    assert employee.get("/impor/unggah/").status_code == 403


# --- shell: nav, banner, language ------------------------------------------------------------------


def test_nav_shows_import_and_admin_only_to_those_allowed(
    importer_client: Client, admin_client: Client, db: None
) -> None:
    plain = role_client(Role.PEGAWAI).get("/").content.decode()
    assert 'href="/impor/"' not in plain and 'href="/admin/"' not in plain
    assert 'action="/logout/" method="post"' in plain
    importer = importer_client.get("/").content.decode()
    assert 'href="/impor/"' in importer and 'href="/admin/"' not in importer
    assert 'href="/admin/"' in admin_client.get("/").content.decode()


def test_synthetic_banner_only_when_synthetic_people_exist(reader_client: Client, city: City) -> None:
    assert "banner-demo" not in reader_client.get("/").content.decode()
    Pegawai.objects.filter(pk=city.lurah.pk).update(sintetis=True)
    assert "banner-demo" in reader_client.get("/").content.decode()


def test_language_switch_to_english(reader_client: Client, db: None, settings: Any) -> None:
    settings.LANGUAGE_CODE = "id"  # the product default; the test suite otherwise runs in English
    assert '<html lang="id">' in reader_client.get("/").content.decode()
    response = reader_client.post("/i18n/setlang/", {"language": "en", "next": "/pegawai/"})
    assert response.status_code == 302 and response["Location"] == "/pegawai/"
    assert '<html lang="en">' in reader_client.get("/").content.decode()


# --- home ------------------------------------------------------------------------------------------


def test_home_counts_active_employees_by_type_and_top_level_unit(reader_client: Client, city: City) -> None:
    ctx = reader_client.get("/").context
    assert {c.jenis_asn: c.jumlah for c in ctx["by_jenis"]} == {"PNS": 4, "CPNS": 0, "PPPK": 1, "PPPK_PW": 0}
    assert ctx["total_pegawai"] == 5  # the retired employee is not counted
    assert [(n.unit.nama, n.total) for n in ctx["top_units"]] == [
        ("Dinas Kesehatan", 3),
        ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", 1),
        ("Kecamatan Binjai Utara", 1),
    ]
    assert ctx["unit_max"] == 3
    assert ctx["unit_count"] == UnitKerja.objects.count()
    assert ctx["batches"] == []  # a plain reader sees no import records


# --- employee list ---------------------------------------------------------------------------------


def test_list_is_sorted_by_name_and_paginated(reader_client: Client, city: City) -> None:
    response = reader_client.get("/pegawai/")
    assert [p.nama for p in response.context["page"].object_list] == [
        "Andi Saputra",
        "Budi Santoso",
        "Dewi Lestari",
        "Rahmat Hidayat",
        "Siti Aminah",
        "Sutrisno",
    ]
    reverse_names = [p.nama for p in reader_client.get("/pegawai/?sort=-nama").context["page"].object_list]
    assert reverse_names[0] == "Sutrisno" and reverse_names[-1] == "Andi Saputra"


def test_search_by_nip_typed_with_spaces(reader_client: Client, city: City) -> None:
    nip = city.bidan.nip
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    assert nips(reader_client.get("/pegawai/", {"q": spaced})) == [nip]
    assert nips(reader_client.get("/pegawai/", {"q": nip[:8]})) == [nip]


def test_search_by_part_of_the_name_ignores_case(reader_client: Client, city: City) -> None:
    assert nips(reader_client.get("/pegawai/", {"q": "aMiNaH"})) == [city.perawat.nip]
    assert nips(reader_client.get("/pegawai/", {"q": "nobody like this"})) == []


def test_unit_filter_includes_the_subtree(reader_client: Client, city: City) -> None:
    dinkes = nips(reader_client.get("/pegawai/", {"unit": city.dinkes.pk}))
    assert sorted(dinkes) == sorted([city.kepala.nip, city.perawat.nip, city.bidan.nip])
    puskesmas = nips(reader_client.get("/pegawai/", {"unit": city.puskesmas.pk}))
    assert sorted(puskesmas) == sorted([city.perawat.nip, city.bidan.nip])
    kecamatan = nips(reader_client.get("/pegawai/", {"unit": city.kecamatan.pk}))
    assert sorted(kecamatan) == sorted([city.lurah.nip, city.pensiunan.nip])
    active = nips(reader_client.get("/pegawai/", {"unit": city.kecamatan.pk, "status": "AKTIF"}))
    assert active == [city.lurah.nip]


def test_filters_by_type_and_rank(reader_client: Client, city: City) -> None:
    assert nips(reader_client.get("/pegawai/", {"jenis_asn": "PPPK"})) == [city.pppk.nip]
    assert nips(reader_client.get("/pegawai/", {"golongan": "III/b"})) == [city.perawat.nip]
    assert nips(reader_client.get("/pegawai/", {"golongan": "IX"})) == [city.pppk.nip]
    both = nips(reader_client.get("/pegawai/", {"jenis_asn": "PNS", "golongan": "IX"}))
    assert both == []


def test_an_unknown_filter_value_is_reported_not_a_500(reader_client: Client, city: City) -> None:
    response = reader_client.get("/pegawai/", {"unit": "999999", "golongan": "Z/z"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"unit", "golongan"}


def add_people(city: City, n: int) -> None:
    gol = golongan_map()[("PNS", "31")]
    rows = []
    for i in range(n):
        born = D(1980, 1, 1) + dt.timedelta(days=i)
        rows.append(
            Pegawai(
                instansi=city.instansi,
                unit=city.puskesmas,
                nip=f"{born:%Y%m%d}200501{1}{i:03d}",
                nama=f"Pegawai {i:03d}",
                tanggal_lahir=born,
                jenis_kelamin="L",
                jenis_asn="PNS",
                golongan=gol,
            )
        )
    Pegawai.objects.bulk_create(rows)


def test_list_pages_by_fifty_and_keeps_the_filters(reader_client: Client, city: City) -> None:
    add_people(city, 60)
    first = reader_client.get("/pegawai/", {"unit": city.puskesmas.pk})
    assert first.context["page"].paginator.count == 62
    assert len(first.context["page"].object_list) == 50
    assert f"?unit={city.puskesmas.pk}&amp;page=2" in first.content.decode()
    second = reader_client.get("/pegawai/", {"unit": city.puskesmas.pk, "page": 2})
    assert len(second.context["page"].object_list) == 12


def test_list_query_count_does_not_grow_with_rows(
    reader_client: Client, city: City, django_assert_max_num_queries
) -> None:
    # 13 = 10 + the account's role group and its employee record (the scope) + its unread notifications (menu).
    with django_assert_max_num_queries(13):
        small = reader_client.get("/pegawai/")
    assert len(small.context["page"].object_list) == 6
    add_people(city, 60)
    with django_assert_max_num_queries(13):
        large = reader_client.get("/pegawai/")
    assert len(large.context["page"].object_list) == 50


# --- employee detail -------------------------------------------------------------------------------


def test_detail_shows_profile_supervisor_and_reports(reader_client: Client, city: City) -> None:
    body = reader_client.get(f"/pegawai/{city.kepala.nip}/").content.decode()
    assert "dr. Rahmat Hidayat, M.Kes." in body
    assert "Kepala Dinas Kesehatan" in body and "Jabatan Pimpinan Tinggi Pratama" in body
    assert "IV/b" in body and "Pembina Tingkat I" in body
    assert f'href="/pegawai/{city.perawat.nip}/"' in body and f'href="/pegawai/{city.bidan.nip}/"' in body
    perawat = reader_client.get(f"/pegawai/{city.perawat.nip}/")
    assert f'href="/pegawai/{city.kepala.nip}/"' in perawat.content.decode()
    assert [u.nama for u in perawat.context["unit_path"]] == ["Dinas Kesehatan", "Puskesmas Uji"]


def test_detail_accepts_a_nip_with_spaces_and_404s_an_unknown_one(reader_client: Client, city: City) -> None:
    nip = city.lurah.nip
    assert reader_client.get(f"/pegawai/{nip[:8]} {nip[8:]}/").context["pegawai"] == city.lurah
    assert reader_client.get("/pegawai/199901012020011999/").status_code == 404


def test_nik_is_masked_without_the_permission(reader_client: Client, nik_client: Client, city: City) -> None:
    nik = city.perawat.nik
    masked = reader_client.get(f"/pegawai/{city.perawat.nip}/").content.decode()
    assert nik not in masked
    assert f"{nik[:4]}{'*' * 10}{nik[-2:]}" in masked
    shown = nik_client.get(f"/pegawai/{city.perawat.nip}/").content.decode()
    assert nik in shown


def test_identity_disagreements_are_shown_as_warnings(reader_client: Client, city: City) -> None:
    # The birth date no longer agrees with NIP digits 1-8: the page reports it and changes nothing.
    Pegawai.objects.filter(pk=city.lurah.pk).update(tanggal_lahir=D(1985, 3, 15))
    response = reader_client.get(f"/pegawai/{city.lurah.nip}/")
    assert [f.code for f in response.context["findings"]] == ["nip_mismatch_birth", "nik_mismatch_birth"]
    assert 'class="alert alert-warning"' in response.content.decode()
    assert reader_client.get(f"/pegawai/{city.bidan.nip}/").context["findings"] == []


def test_history_is_grouped_by_year_with_jp_totals(reader_client: Client, city: City) -> None:
    add_riwayat(city.perawat, "Pelatihan Asuhan Keperawatan", D(2024, 3, 4), "30")
    add_riwayat(city.perawat, "Seminar Gizi", D(2024, 8, 1), "4.5", kode="KL06")
    add_riwayat(city.perawat, "E-learning Pelayanan Publik", D(2025, 2, 10), "6", kode="NKL03")
    years = reader_client.get(f"/pegawai/{city.perawat.nip}/").context["riwayat"]
    assert [(y.tahun, [r.nama_kegiatan for r in y.items], str(y.total_jp)) for y in years] == [
        (2025, ["E-learning Pelayanan Publik"], "6.00"),
        (2024, ["Seminar Gizi", "Pelatihan Asuhan Keperawatan"], "34.50"),
    ]


def test_detail_query_count_is_bounded(
    reader_client: Client, city: City, django_assert_max_num_queries
) -> None:
    for i in range(5):
        add_riwayat(city.kepala, f"Kegiatan {i}", D(2024, 1 + i, 1), "8")
    # 20 = 15 + the account's role group, its employee record and its instansi (the scope) + the identity
    # settings and the region codes the NIK is checked against.
    with django_assert_max_num_queries(21):
        assert reader_client.get(f"/pegawai/{city.kepala.nip}/").status_code == 200


# --- unit tree -------------------------------------------------------------------------------------


def test_unit_tree_counts_direct_and_subtree(
    reader_client: Client, city: City, django_assert_max_num_queries
) -> None:
    # 9: the auditor has no employee record, so its instansi is read too (docs/decisions/0012-tenant-scope.md)
    with django_assert_max_num_queries(10):
        response = reader_client.get("/unit/")
    rows = {n.unit.nama: (n.depth, n.jumlah, n.total) for n in response.context["nodes"]}
    assert rows["Dinas Kesehatan"] == (0, 1, 3)
    assert rows["Puskesmas Uji"] == (1, 2, 2)
    assert rows["Kecamatan Binjai Utara"] == (0, 0, 1)  # the retired employee is not counted
    assert rows["Kelurahan Jati Makmur"] == (1, 1, 1)
    assert len(rows) == UnitKerja.objects.count()
    names = [n.unit.nama for n in response.context["nodes"]]
    assert names.index("Puskesmas Uji") == names.index("Dinas Kesehatan") + 1


def test_unit_tree_query_count_does_not_grow_with_units(
    reader_client: Client, city: City, django_assert_max_num_queries
) -> None:
    for i in range(20):
        UnitKerja(
            instansi=city.instansi, parent=city.puskesmas, kode=f"POS-{i}", nama=f"Pos {i}", jenis="LAINNYA"
        ).save()
    make_pegawai(instansi=city.instansi, unit=UnitKerja.objects.get(kode="POS-7"), nama="Tambahan")
    with django_assert_max_num_queries(10):
        response = reader_client.get("/unit/")
    rows = {n.unit.nama: n.total for n in response.context["nodes"]}
    assert rows["Puskesmas Uji"] == 3 and rows["Dinas Kesehatan"] == 4


def test_html_has_no_external_assets(reader_client: Client, city: City) -> None:
    body = reader_client.get("/").content.decode()
    assert re.findall(r'(?:src|href)="(https?:)?//', body) == []
    assert "/static/sibina/vendor/htmx.min.js" in body and "/static/sibina/sibina.css" in body
