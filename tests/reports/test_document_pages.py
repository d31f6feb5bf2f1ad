"""The plan document on the web: a Kepala OPD downloads their OPD's part (another OPD's is not found), the wide
roles start the whole city's document as a job and download it from its page, the PPK finds it at the decree
step, and the other roles are refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sibina.people.models import UnitKerja
from sibina.planning.models import Plan
from sibina.reports.models import Dokumen
from tests.approvals.conftest import Actors
from tests.planning.conftest import Tiny
from tests.reports.conftest import one_line, pdf_text

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE="id")
    c.force_login(user)  # type: ignore[arg-type]
    return c


def test_a_kepala_opd_gets_their_opds_part_and_no_other(tiny: Tiny, actors: Actors, base_plan: Plan) -> None:
    c = _client(actors.kepala)
    url = reverse("web:plan_document_pdf", args=[base_plan.pk])
    response = c.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rencana-2027-dinkes.pdf"'
    text = one_line(" ".join(pdf_text(response.content)))
    assert "Dinas Kesehatan" in text and "Dinas Pendidikan" not in text
    disdik = UnitKerja.objects.get(instansi=tiny.instansi, kode="DISDIK")
    assert c.get(f"{url}?unit={disdik.pk}").status_code == 404
    xlsx = c.get(reverse("web:plan_document_xlsx", args=[base_plan.pk]))
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('rencana-2027-dinkes.xlsx"')
    assert (
        c.post(reverse("web:plan_document_start", args=[base_plan.pk]), {"format": "pdf"}).status_code == 403
    )
    assert not Dokumen.objects.exists()


def test_the_opd_page_offers_its_document(tiny: Tiny, actors: Actors, base_plan: Plan) -> None:
    dinkes = UnitKerja.objects.get(instansi=tiny.instansi, kode="DINKES")
    page = (
        _client(actors.kepala).get(reverse("web:plan_opd", args=[base_plan.pk, dinkes.pk])).content.decode()
    )
    assert f"/rencana/plan/{base_plan.pk}/dokumen.pdf?unit={dinkes.pk}" in page
    assert "Whole city" not in page and "Seluruh kota (PDF)" not in page


def test_the_whole_city_is_a_job_with_a_page_and_a_download(
    tiny: Tiny, actors: Actors, base_plan: Plan
) -> None:
    c = _client(actors.ppk)
    assert "Seluruh kota (PDF)" in c.get(reverse("web:plan_detail", args=[base_plan.pk])).content.decode()
    response = c.post(reverse("web:plan_document_start", args=[base_plan.pk]), {"format": "pdf"})
    row = Dokumen.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("web:document_job", args=[row.pk])
    assert (row.status, row.unit, row.format, row.bahasa, row.oleh) == ("DONE", None, "pdf", "id", actors.ppk)
    assert row.halaman is not None and row.halaman > 3
    page = c.get(response["Location"]).content.decode()
    assert 'id="document-download"' in page and "rencana-2027-1275.pdf" in page
    download = c.get(reverse("web:document_download", args=[row.pk]))
    assert download.status_code == 200 and bytes(download.content) == bytes(row.isi)
    assert (
        c.post(reverse("web:plan_document_start", args=[base_plan.pk]), {"format": "doc"}).status_code == 302
    )
    assert Dokumen.objects.count() == 1  # a bad format starts nothing


def test_a_wide_role_without_an_opd_is_taken_to_the_plan(tiny: Tiny, actors: Actors, base_plan: Plan) -> None:
    response = _client(actors.bkpsdm).get(reverse("web:plan_document_pdf", args=[base_plan.pk]))
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("web:plan_detail", args=[base_plan.pk]),
    )


def test_an_employee_gets_no_document(tiny: Tiny, actors: Actors, base_plan: Plan) -> None:
    c = _client(actors.pegawai)
    assert c.get(reverse("web:plan_document_pdf", args=[base_plan.pk])).status_code == 403
    assert (
        c.post(reverse("web:plan_document_start", args=[base_plan.pk]), {"format": "pdf"}).status_code == 403
    )
