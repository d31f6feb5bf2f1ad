"""The plan document as a PDF, read back: every OPD of the plan with the seven items, the budget recap equal to
the plan's cost per funding source, as many annex rows as the plan has assignments, "DRAF" until the PPK sets it
and the decree after, the house forms of numbers and dates, English on request, text never read as markup."""

from __future__ import annotations

import io
import re

import pypdfium2
import pytest
from django.utils import translation

from sibina.formats import rupiah
from sibina.people.models import UnitKerja
from sibina.planning.models import Anggaran, Plan, PlanItem
from sibina.reports.builders import rencana_build
from sibina.reports.render_pdf import page_count, render_pdf
from sibina.reports.wording import item_headings
from tests.approvals.conftest import Actors
from tests.planning.conftest import Tiny
from tests.reports.conftest import DECREE, cost_per_source, one_line, pdf_text, set_by_ppk

pytestmark = pytest.mark.django_db

HEADINGS_ID = [
    "(a) Kompetensi",
    "(b) Sasaran pegawai",
    "(c) Jenis dan jalur",
    "(d) Penyelenggara",
    "(e) Jadwal",
    "(f) Standar kurikulum",
    "(g) Anggaran",
]
NIP = re.compile(r"\b\d{18}\b")


def _opds(plan: Plan) -> list[UnitKerja]:
    tops = {
        int(p.strip("/").split("/")[0])
        for p in PlanItem.objects.filter(plan=plan).values_list("pegawai__unit__path", flat=True)
    }
    return list(UnitKerja.objects.filter(pk__in=tops).order_by("pk"))


def _sections(pages: list[str], opds: list[UnitKerja]) -> dict[str, str]:
    """Each OPD's part of the text: from its heading (a page of its own) to the next part's heading."""
    text = "\n".join(pages)
    starts = sorted((text.index(f"\n{u.nama}\n", text.index("Ringkasan")), u.nama) for u in opds)
    end = text.index("Rekapitulasi anggaran per sumber dana")
    return {
        name: text[start : (starts[i + 1][0] if i + 1 < len(starts) else end)]
        for i, (start, name) in enumerate(starts)
    }


def test_the_set_plan_has_every_opd_with_the_seven_items_and_its_totals(
    tiny: Tiny, actors: Actors, base_plan: Plan
) -> None:
    p = set_by_ppk(base_plan, actors)
    pdf = render_pdf(rencana_build(plan=base_plan))
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    pages = pdf_text(pdf)
    assert page_count(pdf) == len(pages)
    assert item_headings() == HEADINGS_ID
    opds = _opds(base_plan)
    assert {u.kode for u in opds} == {"DINKES", "DISDIK"}
    sections = _sections(pages, opds)
    for name, text in sections.items():
        flat = one_line(text)
        missing = [h for h in HEADINGS_ID if h not in flat]
        assert missing == [], f"{name} lacks {missing}"
    text = one_line("\n".join(pages))
    assert "KEBUTUHAN" not in text  # the title is set as written, not upper-cased
    assert "Kebutuhan dan Rencana Pengembangan Kompetensi ASN" in text
    assert f"Ditetapkan oleh PPK: keputusan {DECREE} tanggal 22 Desember 2025" in text
    assert "DRAF" not in text  # no watermark once set
    # the review status per OPD, in words
    assert "Dinas Kesehatan Disetujui" in text
    # the budget recap: the plan's cost per funding source, and its stored total
    recap = one_line(text[text.index("Rekapitulasi anggaran per sumber dana") :])
    per_source = cost_per_source(base_plan)
    assert set(per_source) == {"BKPSDM"}
    ceiling = Anggaran.objects.get(cycle=tiny.cycle, sumber="BKPSDM").batas
    assert one_line(f"DPA BKPSDM {rupiah(ceiling)} {rupiah(per_source['BKPSDM'])}") in recap
    assert one_line(f"Total — {rupiah(base_plan.biaya_total)}") in recap
    assert sum(per_source.values()) == base_plan.biaya_total
    # the annex: one row per assignment
    annex = text[text.index("Lampiran: peserta per kegiatan") :]
    assert len(NIP.findall(annex)) == PlanItem.objects.filter(plan=base_plan).count() > 0
    for item in PlanItem.objects.filter(plan=base_plan).select_related("pegawai"):
        assert item.pegawai.nip in annex
    assert p.tahap == "DITETAPKAN"


def test_a_draft_carries_the_watermark_and_its_stage(tiny: Tiny, actors: Actors, base_plan: Plan) -> None:
    pages = pdf_text(render_pdf(rencana_build(plan=base_plan)))
    assert all("DRAF" in page for page in pages)
    assert "Draf: belum diajukan untuk persetujuan" in one_line(pages[0])


def test_one_opd_gets_only_its_part(tiny: Tiny, actors: Actors, base_plan: Plan) -> None:
    dinkes = UnitKerja.objects.get(instansi=tiny.instansi, kode="DINKES")
    doc = rencana_build(plan=base_plan, unit=dinkes)
    text = one_line("\n".join(pdf_text(render_pdf(doc))))
    assert [s.unit.kode for s in doc.sections] == ["DINKES"]
    assert "Dinas Pendidikan" not in text
    mine = PlanItem.objects.filter(plan=base_plan, pegawai__unit__path__startswith=dinkes.path)
    assert doc.penugasan == mine.count()
    assert doc.budget[-1].terpakai == sum(i.biaya for i in mine)
    assert one_line(f"Total — {rupiah(doc.budget[-1].terpakai)}") in text


def test_english_on_request(tiny: Tiny, actors: Actors, base_plan: Plan) -> None:
    with translation.override("en"):
        pdf = render_pdf(rencana_build(plan=base_plan))
        text = one_line("\n".join(pdf_text(pdf)))
        assert "Competency Development Needs and Plan of the ASN" in text
        assert all(h in text for h in item_headings())
        assert "DRAFT" in text
        assert one_line(f"Total — {rupiah(base_plan.biaya_total)}") in text


def test_text_from_the_catalogue_is_printed_not_read_as_markup(
    tiny: Tiny, actors: Actors, base_plan: Plan
) -> None:
    odd = '#set page(width: 1cm) *bold* _x_ [y] $z$ @ref <l> "q" \\ `c`'
    kegiatan = PlanItem.objects.filter(plan=base_plan).first().kegiatan  # type: ignore[union-attr]
    kegiatan.judul = odd
    kegiatan.save(update_fields=["judul"])
    text = "\n".join(pdf_text(render_pdf(rencana_build(plan=base_plan))))
    assert odd in text.replace("\n", " ")


def test_a_page_renders_to_an_image(tiny: Tiny, actors: Actors, base_plan: Plan) -> None:
    pdf = render_pdf(rencana_build(plan=base_plan))
    doc = pypdfium2.PdfDocument(io.BytesIO(pdf))
    try:
        summary, opd = doc[2], doc[3]  # the summary with its charts; an OPD's seven items
        assert tuple(round(x, 1) for x in summary.get_size()) == (595.3, 841.9)  # A4 portrait, in points
        assert tuple(round(x, 1) for x in opd.get_size()) == (841.9, 595.3)  # landscape
        image = summary.render(scale=1).to_pil().convert("L")
        assert image.getextrema()[0] < 100  # something dark is drawn: text and bars
    finally:
        doc.close()
