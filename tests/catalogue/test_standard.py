"""Item (f) of the plan document: the curriculum standard an activity follows, kept in the catalogue, carried by
its workbook both ways, checked (a reference needs the instansi pembina that set it) and shown on its page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sibina.catalogue.models import Kegiatan
from sibina.catalogue.xlsx import HEADERS, CellError, catalogue_export
from sibina.catalogue.xlsx_import import catalogue_import
from sibina.people.models import Instansi
from sibina.roles import Role
from tests.catalogue.test_xlsx import sheet_rows, with_cells, workbook

pytestmark = pytest.mark.django_db


def test_the_demo_catalogue_names_lan_ministry_or_no_standard(catalogue: list[Kegiatan]) -> None:
    by_code = {k.kode: k for k in catalogue}
    pkp, kes, coaching = by_code["PIM-PKP"], by_code["KES-01"], by_code["COA-01"]
    assert (pkp.standar_pembina, pkp.standar_kurikulum) == (
        "Lembaga Administrasi Negara (LAN)",
        "Peraturan LAN 15/2019: Pelatihan Kepemimpinan Pengawas",
    )
    assert kes.standar_pembina == "Kementerian Kesehatan"
    assert by_code["PEN-02"].standar_pembina == "Kementerian Pendidikan Dasar dan Menengah"
    assert (coaching.standar_pembina, coaching.standar_kurikulum) == ("", "")
    assert coaching.standar_label == "no curriculum standard yet"
    with translation.override("id"):
        assert coaching.standar_label == "belum ada standar kurikulum"
    assert pkp.standar_label == (
        "Lembaga Administrasi Negara (LAN): Peraturan LAN 15/2019: Pelatihan Kepemimpinan Pengawas"
    )


def test_the_workbook_carries_the_standard_both_ways(binjai: Instansi, catalogue: list[Kegiatan]) -> None:
    header, *rows = sheet_rows(catalogue_export(instansi=binjai))
    by_code = {r[0]: r for r in rows}
    assert by_code["PIM-PKP"][HEADERS.index("standar_pembina")] == "Lembaga Administrasi Negara (LAN)"
    assert by_code["COA-01"][HEADERS.index("standar_kurikulum")] in ("", None)
    changed = with_cells(
        by_code["COA-01"], standar_pembina="  BKN ", standar_kurikulum="Pedoman Coaching ASN  2023"
    )
    cleared = with_cells(by_code["KES-01"], standar_pembina="", standar_kurikulum="")
    result = catalogue_import(instansi=binjai, data=workbook([header, changed, cleared]))
    assert (result.errors, result.updated) == ([], 2)
    coa = Kegiatan.objects.get(instansi=binjai, kode="COA-01")
    assert (coa.standar_pembina, coa.standar_kurikulum) == ("BKN", "Pedoman Coaching ASN 2023")
    kes = Kegiatan.objects.get(instansi=binjai, kode="KES-01")
    assert (kes.standar_pembina, kes.standar_kurikulum) == ("", "")


def test_a_reference_without_its_instansi_pembina_is_refused_on_that_cell(
    binjai: Instansi, catalogue: list[Kegiatan]
) -> None:
    header, *rows = sheet_rows(catalogue_export(instansi=binjai))
    base = {r[0]: r for r in rows}["COA-01"]
    bad = with_cells(base, standar_pembina="", standar_kurikulum="Pedoman X")
    result = catalogue_import(instansi=binjai, data=workbook([header, bad]))
    assert result.errors == [
        CellError(2, "standar_pembina", "", "Name the instansi pembina that set this curriculum standard.")
    ]
    assert Kegiatan.objects.get(instansi=binjai, kode="COA-01").standar_kurikulum == ""
    k = Kegiatan.objects.get(instansi=binjai, kode="COA-01")
    k.standar_kurikulum = "Pedoman X"
    with pytest.raises(ValidationError) as refused:
        k.full_clean()
    assert refused.value.message_dict["standar_pembina"] == [
        "Name the instansi pembina that set this curriculum standard."
    ]


def test_the_activity_page_shows_the_standard_in_the_readers_language(
    binjai: Instansi, catalogue: list[Kegiatan]
) -> None:
    user = User.objects.create_user(username="peg", password="unused-in-tests-2027")
    user.groups.add(Group.objects.get_or_create(name=Role.BKPSDM.value)[0])
    client = Client()
    client.force_login(user)
    by_code = {k.kode: k for k in catalogue}
    page = client.get(
        reverse("web:catalogue_detail", args=[by_code["PIM-PKP"].pk]), HTTP_ACCEPT_LANGUAGE="id"
    )
    assert "Peraturan LAN 15/2019: Pelatihan Kepemimpinan Pengawas" in page.content.decode()
    page = client.get(reverse("web:catalogue_detail", args=[by_code["COA-01"].pk]), HTTP_ACCEPT_LANGUAGE="id")
    assert "belum ada standar kurikulum" in page.content.decode()
