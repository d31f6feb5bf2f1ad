"""``sibina report rencana``: the document written to a file (PDF or XLSX, the city or one OPD, Indonesian or
English), a clear message for a bad OPD, a year without a plan and a missing directory, one audit event per
document."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from sibina.audit.models import AuditEvent
from sibina.planning.models import Plan, PlanItem
from sibina.reports.models import Dokumen
from tests.approvals.conftest import Actors
from tests.planning.conftest import Tiny
from tests.reports.conftest import one_line, pdf_text

pytestmark = pytest.mark.django_db


def test_writes_the_city_pdf_and_an_opds_xlsx(
    tmp_path: Path, tiny: Tiny, actors: Actors, base_plan: Plan
) -> None:
    out = io.StringIO()
    call_command(
        "report",
        "rencana",
        "--year",
        "2027",
        "--format",
        "pdf",
        "--output",
        str(tmp_path / "r.pdf"),
        stdout=out,
    )
    pdf = (tmp_path / "r.pdf").read_bytes()
    assert "Kebutuhan dan Rencana Pengembangan Kompetensi ASN" in one_line(" ".join(pdf_text(pdf)))
    # Indonesian by default: the size grouped with dots, then the pages and the time in words.
    size = f"{len(pdf):,}".replace(",", ".")
    assert out.getvalue().startswith(f"{tmp_path / 'r.pdf'}: {size} bita, ")
    assert " halaman, " in out.getvalue() and "detik" in out.getvalue()
    call_command(
        "report",
        "rencana",
        "--year",
        "2027",
        "--format",
        "xlsx",
        "--opd",
        "dinkes",
        "--lang",
        "en",
        "--output",
        str(tmp_path / "d.xlsx"),
        stdout=io.StringIO(),
    )
    wb = load_workbook(tmp_path / "d.xlsx")
    assert wb.sheetnames == ["Summary", "Plan per OPD", "Budget recap", "Participants"]
    assert {r[8] for r in wb["Participants"].iter_rows(min_row=2, values_only=True)} == {"Dinas Kesehatan"}
    assert (
        wb["Participants"].max_row - 1
        == PlanItem.objects.filter(plan=base_plan, pegawai__unit__kode="DINKES").count()
        + PlanItem.objects.filter(plan=base_plan, pegawai__unit__parent__kode="DINKES").count()
    )
    rows = list(Dokumen.objects.order_by("pk").values_list("format", "unit__kode", "bahasa", "status"))
    assert rows == [("pdf", None, "id", "DONE"), ("xlsx", "DINKES", "en", "DONE")]
    assert AuditEvent.objects.filter(aksi="report.start").count() == 2
    assert AuditEvent.objects.filter(aksi="reports.rencana.done").count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2027", "--opd", "NOPE"], "OPD 'NOPE' tidak ada / no such OPD. Ada / available: "),
        (["--year", "2031"], "Siklus rencana 2031 tidak ditemukan / no single plan cycle for 2031"),
    ],
)
def test_bad_input_is_a_clear_message(
    tmp_path: Path, tiny: Tiny, actors: Actors, base_plan: Plan, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("report", "rencana", *args, "--format", "pdf", "--output", str(tmp_path / "x.pdf"))
    assert str(refused.value).startswith(message)
    assert not (tmp_path / "x.pdf").exists()
    assert not Dokumen.objects.exists()


def test_a_year_without_a_plan_and_a_missing_directory(tmp_path: Path, tiny: Tiny) -> None:
    with pytest.raises(CommandError) as refused:
        call_command(
            "report", "rencana", "--year", "2027", "--format", "pdf", "--output", str(tmp_path / "x.pdf")
        )
    assert (
        str(refused.value)
        == "Belum ada rencana untuk 2027 / no plan for 2027 yet: run `sibina plan optimise`"
    )
    with pytest.raises(CommandError) as refused:
        call_command(
            "report",
            "rencana",
            "--year",
            "2027",
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "no" / "x.pdf"),
        )
    assert (
        str(refused.value)
        == f"Direktori {tmp_path / 'no'} tidak ada / directory {tmp_path / 'no'} does not exist"
    )
