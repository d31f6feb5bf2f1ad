"""The tiny planning city (tests/planning) with one account per role and its base plan, optimised; helpers that
put it up for approval and have the PPK set it; and the document read back (PDF text, XLSX cells)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from sibina.approvals import decisions, services
from sibina.approvals.models import Persetujuan
from sibina.catalogue.models import Kegiatan
from sibina.planning.models import Plan, PlanItem
from tests.approvals.conftest import Actors, actors, base_plan  # noqa: F401  (fixture re-export)
from tests.planning.conftest import Tiny, tiny  # noqa: F401  (fixture re-export)

DECREE = "800/123/BKPSDM/2027"


@pytest.fixture(autouse=True)
def indonesian() -> Iterator[None]:
    """The document's default language; tests that want English say so."""
    with translation.override("id"):
        yield


def set_by_ppk(plan: Plan, actors: Actors, *, approve: tuple[str, ...] = ("DINKES",)) -> Persetujuan:  # noqa: F811
    """Sent to the OPDs, approved by the heads of ``approve``, consolidated, and set by the PPK with a decree."""
    p = services.persetujuan_start(plan=plan, by=actors.bkpsdm)
    services.persetujuan_send(
        persetujuan=p, by=actors.bkpsdm, version=p.version, batas=timezone.localdate() + dt.timedelta(days=7)
    )
    heads = {"DINKES": actors.kepala, "DISDIK": actors.kepala_other}
    for kode in approve:
        review = p.reviews.get(unit__kode=kode)
        decisions.review_decide(
            review=review, by=heads[kode], version=review.version, setuju=True, komentar=""
        )
    p.refresh_from_db()
    p = services.persetujuan_consolidated(persetujuan=p, plan=plan, by=actors.bkpsdm)
    open_reviews = p.reviews.exclude(status="DISETUJUI").count()
    services.persetujuan_set(
        persetujuan=p,
        by=actors.ppk,
        version=p.version,
        nomor=DECREE,
        tanggal=dt.date(2025, 12, 22),
        alasan_tanpa_telaah="Batas waktu APBD." if open_reviews else "",
    )
    p.refresh_from_db()
    return p


def pdf_text(pdf: bytes) -> list[str]:
    """The text of each page, as a reader (or a search) finds it."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def cost_per_source(plan: Plan) -> dict[str, Decimal]:
    """The plan's cost per funding source, from its stored items and classes, counted here independently:
    a seat from its activity's source (the participant's OPD for OPD-funded ones), a class's fixed cost from
    BKPSDM."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    classes = set()
    for item in PlanItem.objects.filter(plan=plan).select_related("kegiatan", "pegawai__unit"):
        k = item.kegiatan
        if k.sumber_dana == Kegiatan.SumberDana.OPD:
            top = item.pegawai.unit.path.strip("/").split("/")[0]
            out[f"OPD:{top}"] += item.biaya
        else:
            out["BKPSDM"] += item.biaya
        if (k.pk, item.kelas) not in classes:
            classes.add((k.pk, item.kelas))
            out["BKPSDM"] += k.biaya_per_kelas
    return dict(out)
