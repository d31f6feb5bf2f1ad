"""Reasons in words on every plan page, in both languages: no competency code in a reason, no optimiser English.

A small city is optimised for real (with a leader's lock and the value of more budget measured), then every plan
page is read as Indonesian and as English: the cycle, the plan, each OPD, each activity, each employee (section
and page), the scenario comparison and the run. Reason cells are the elements with the class ``why``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.test import Client
from tests.planning.test_selectors import YEAR, Catalogue, catalogue, cycle, needs
from tests.web.conftest import City

from sibina.competency.models import Kompetensi
from sibina.needs.models import Kebutuhan
from sibina.optimiser import SolveOptions
from sibina.planning.builder import KINERJA, Pins
from sibina.planning.models import KebutuhanTakTerlayani, Plan, PlanItem
from sibina.planning.services import plan_optimise

ID = {"HTTP_ACCEPT_LANGUAGE": "id"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
VOID = {"br", "img", "input", "hr", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}

# What the optimiser's English sentences (explain.py, marginal.py) and the old stored reasons say: never on a page.
OPTIMISER_ENGLISH = (
    "level(s)",
    "Closes:",
    "JP towards 20 JP",
    "towards the",
    "already at the limit",
    "juta left",
    "juta on",
    "+Rp",
    "no remaining gap",
    "kept for the class",
    "no other eligible activity develops M",
    "closes more gap elsewhere",
    "all batches at capacity",
    "would break a personal limit",
    "is excluded for this employee",
    "locked (mandatory)",
    "performance gap +",
)
# The English of planning.reasons: on an Indonesian page only until its msgids are translated.
REASON_ENGLISH = (
    "Closes the gap in",
    "position standard",
    "Closes a performance",
    "Adds ",
    "still short of",
    "JP for the",
    "Mandatory",
    "Kept by the head",
    "Fills the class",
    "already has",
    "the most allowed",
    "is used up",
    "the DPA of",
    "every class",
    "no other eligible",
    "only part of it",
    "cannot open a class",
    "the money closes",
    "million more",
    "more gap-levels",
)
# A competency-like code: letters, optional dashes, two digits (M07, T-KES-02, MS-01).
CODE = re.compile(r"\b[A-Z]{1,5}(?:-[A-Z]{1,5})*-?\d{2}\b")


class WhyCells(HTMLParser):
    """The text of every element whose class list holds ``why``, and the page's visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.text: list[str] = []
        self._depth = 0  # > 0 inside a why element: open tags since it started
        self._skip = 0  # inside <script>/<style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag in VOID:
            return
        if self._depth:
            self._depth += 1
        elif "why" in (dict(attrs).get("class") or "").split():
            self._depth = 1
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if tag not in VOID and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._depth:
            self.cells[-1] += data


def read(client: Client, url: str, lang: dict[str, str], **extra: str) -> WhyCells:
    response = client.get(url, **lang, **extra)
    assert response.status_code == 200, url
    parsed = WhyCells()
    parsed.feed(response.content.decode())
    parsed.cells = [" ".join(c.split()) for c in parsed.cells]
    return parsed


@dataclass
class World:
    city: City
    cat: Catalogue
    plan: Plan


@pytest.fixture
def world(city: City) -> World:
    needs(city)
    # a need without assessed levels (a proposal, say): its reason says how many levels, not from where
    Kebutuhan.objects.filter(pegawai=city.perawat, kompetensi__kode="M01").update(
        level_saat_ini=None, level_target=None
    )
    cat = catalogue(city.instansi)
    c = cycle(city.instansi)
    pins = Pins(locked=frozenset({(city.lurah.pk, cat.coaching.pk)}))  # a leader keeps the lurah in coaching
    plan = plan_optimise(cycle=c, options=SolveOptions(time_limit=10), marginal=True, pins=pins)
    assert plan is not None
    return World(city, cat, plan)


def pages(w: World) -> list[tuple[str, dict[str, str]]]:
    plan = w.plan
    units = (w.city.dinkes, w.city.puskesmas, w.city.kecamatan, w.city.kelurahan, w.city.bkpsdm)
    kegiatan = sorted(set(PlanItem.objects.filter(plan=plan).values_list("kegiatan_id", flat=True)))
    people = sorted(
        set(PlanItem.objects.filter(plan=plan).values_list("pegawai__nip", flat=True))
        | set(KebutuhanTakTerlayani.objects.filter(plan=plan).values_list("pegawai__nip", flat=True))
    )
    htmx = {"HTTP_HX_REQUEST": "true"}
    return [
        (f"/rencana/{YEAR}/", {}),
        (f"/rencana/plan/{plan.pk}/", {}),
        *[(f"/rencana/plan/{plan.pk}/opd/{u.pk}/", {}) for u in units],
        *[(f"/rencana/plan/{plan.pk}/kegiatan/{k}/", {}) for k in kegiatan],
        *[(f"/rencana/pegawai/{nip}/", {}) for nip in people],
        *[(f"/rencana/pegawai/{nip}/", htmx) for nip in people],
        (f"/rencana/{YEAR}/bandingkan/", {}),
        (f"/rencana/proses/{plan.solver_run_id}/", {}),
        (f"/rencana/proses/{plan.solver_run_id}/status/", {}),
    ]


def codes_in(text: str) -> set[str]:
    known = set(Kompetensi.objects.values_list("kode", flat=True)) | {KINERJA}
    found = {m.group(0) for m in CODE.finditer(text)}
    found |= {k for k in known if re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", text)}
    return found


def test_the_world_has_every_kind_of_reason(world: World) -> None:
    """The pages below are read with reasons of each kind on them (else the scan proves little)."""
    kinds = {p["jenis"] for i in PlanItem.objects.filter(plan=world.plan) for p in i.alasan_data}
    assert {"gap", "jp", "kunci"} <= kinds
    gap_parts = [
        p for i in PlanItem.objects.filter(plan=world.plan) for p in i.alasan_data if p["jenis"] == "gap"
    ]
    assert any("naik" in p for p in gap_parts) and any("dari" in p for p in gap_parts)
    whys = set(
        KebutuhanTakTerlayani.objects.filter(plan=world.plan).values_list("alasan_data__why", flat=True)
    )
    assert whys and None not in whys
    assert world.plan.marginal.get("gap_levels") is not None


@pytest.mark.parametrize("lang", [ID, EN], ids=["id", "en"])
def test_no_code_and_no_optimiser_english_on_any_plan_page(reader_client: Client, world: World, lang) -> None:
    cells_seen = 0
    for url, extra in pages(world):
        page = read(reader_client, url, lang, **extra)
        for cell in page.cells:
            assert cell.strip(), f"{url}: an empty reason cell"
            assert not codes_in(cell), f"{url}: code(s) {codes_in(cell)} in the reason {cell!r}"
        cells_seen += len(page.cells)
        if lang is ID:
            text = " ".join(page.text)
            leaked = [f for f in OPTIMISER_ENGLISH if f in text]
            assert not leaked, f"{url}: optimiser English {leaked}"
    # every item and every open need of the plan is worded somewhere (plan, OPD, activity, employee pages)
    assert cells_seen >= PlanItem.objects.filter(plan=world.plan).count()


def test_english_pages_word_the_reasons(reader_client: Client, world: World) -> None:
    plan = world.plan
    lurah = world.city.lurah
    body = " ".join(read(reader_client, f"/rencana/pegawai/{lurah.nip}/", EN).cells)
    assert "Kept by the head of the OPD (locked)" in body
    perawat_items = PlanItem.objects.filter(plan=plan, pegawai=world.city.perawat)
    gap_parts = [p for i in perawat_items for p in i.alasan_data if p["jenis"] == "gap"]
    assert gap_parts, "the nurse's plan closes a gap"
    cells = " ".join(read(reader_client, f"/rencana/pegawai/{world.city.perawat.nip}/", EN).cells)
    for p in gap_parts:
        if "dari" not in p:
            continue
        name = Kompetensi.objects.get(kode=p["kompetensi"]).nama
        assert (
            f"Closes the gap in {name} from level {p['dari']} to {p['ke']} (position standard: {p['standar']})"
            in (cells)
        )
    marginal = " ".join(read(reader_client, f"/rencana/plan/{plan.pk}/", EN).cells)
    assert "million more would close" in marginal and "(added to: the DPA of BKPSDM" in marginal


def test_indonesian_pages_show_no_english_reason(reader_client: Client, world: World) -> None:
    for url, extra in pages(world):
        for cell in read(reader_client, url, ID, **extra).cells:
            leaked = [f for f in REASON_ENGLISH if f in cell]
            assert not leaked, f"{url}: English {leaked} in the reason {cell!r}"
