"""The long pages made readable: /unit/ as a folded tree with counts and a search box, the heatmap scrolling
inside its card under a sticky header, and the plan page led by one plain sentence with the solver's details
folded away."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path

from django.test import Client
from django.utils import translation
from tests.web.conftest import City, make_pegawai
from tests.web.test_needs_pages import YEAR, needs  # noqa: F401  (fixture)
from tests.web.test_plan_pages import EN, Planned, bkpsdm_client, planned  # noqa: F401  (fixture)

import sibina.web
from sibina.people.models import UnitKerja
from sibina.planning.models import Anggaran
from sibina.planning.summary import PlanSummary, rupiah_short

# --- /unit/ --------------------------------------------------------------------------------------------------


@dataclass
class _Node:
    outer: list[str]  # the names of the units around it, outermost first
    name: str = ""
    count: str = ""
    folded: bool = False  # its sub-units are under a <details>


class _Tree(HTMLParser):
    """Each <li> of the unit tree by its unit's name: the units around it, its count, and whether it folds."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[_Node] = []
        self.items: dict[str, _Node] = {}
        self._field: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class")
        if tag == "li":
            self.stack.append(_Node([n.name for n in self.stack]))
        elif tag == "details" and self.stack and not self.stack[-1].name:
            self.stack[-1].folded = True
        elif cls in ("name", "count") and self.stack:
            self._field = cls

    def handle_endtag(self, tag: str) -> None:
        self._field = None
        if tag == "li":
            node = self.stack.pop()
            self.items[node.name] = node

    def handle_data(self, data: str) -> None:
        if self._field is not None:
            setattr(self.stack[-1], self._field, data.strip())


def _tree(body: str) -> dict[str, tuple[list[str], str]]:
    """Unit name -> (names around it, its count); ``_tree_nodes`` for the whole node."""
    return {name: (n.outer, n.count) for name, n in _tree_nodes(body).items()}


def _tree_nodes(body: str) -> dict[str, _Node]:
    parser = _Tree()
    parser.feed(_tree_html(body))
    return parser.items


def _tree_html(body: str) -> str:
    return body[body.index('<ul class="unit-tree"') : body.index('data-tree-none="unit-tree"')]


def test_unit_tree_nests_units_with_subtree_counts(reader_client: Client, city: City) -> None:
    body = reader_client.get("/unit/").content.decode()
    items = _tree(body)
    assert items["Dinas Kesehatan"] == ([], "3")  # 1 placed directly + 2 in its puskesmas
    assert items["Puskesmas Uji"] == (["Dinas Kesehatan"], "2")
    assert items["Kecamatan Binjai Utara"] == ([], "1")  # the retired employee is not counted
    assert items["Kelurahan Jati Makmur"] == (["Kecamatan Binjai Utara"], "1")
    assert len(items) == UnitKerja.objects.filter(instansi=city.instansi).count()
    # A unit with sub-units folds them under a <details>; a leaf has none.
    nodes = _tree_nodes(body)
    assert nodes["Dinas Kesehatan"].folded and not nodes["Puskesmas Uji"].folded
    assert "<details open" not in body  # everything starts folded


def test_unit_tree_has_a_search_box_and_its_script(reader_client: Client, city: City) -> None:
    body = reader_client.get("/unit/").content.decode()
    assert re.search(r'<input type="search" id="unit-search"[^>]* data-tree-search="unit-tree"', body)
    assert "/static/sibina/unit_tree.js" in body
    assert 'data-tree-none="unit-tree" hidden' in body


# What one unit took on the old /unit/ page: a table row with its kind, two counts and two badges.
OLD_ROW = (
    '<tr class="depth-2"><td class="tree-name" style="--depth: 2"><a href="/pegawai/?unit={pk}&amp;status=AKTIF">'
    '{nama}</a><span class="badge badge-warning" title="Believed but not verified against an official source.">'
    'unconfirmed</span><span class="badge badge-demo">synthetic</span></td><td>Other</td><td class="num">0</td>'
    '<td class="num">0</td></tr>'
)


def test_unit_tree_of_synthetic_units_is_small_and_unbadged(reader_client: Client, city: City) -> None:
    before = _tree_html(reader_client.get("/unit/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    for i in range(60):
        UnitKerja(
            instansi=city.instansi,
            parent=city.puskesmas,
            kode=f"POS-{i}",
            nama=f"Pos Kesehatan {i}",
            jenis="LAINNYA",
            terkonfirmasi=False,
            sintetis=True,
        ).save()
    make_pegawai(instansi=city.instansi, unit=UnitKerja.objects.get(kode="POS-7"), nama="Tambahan")
    with translation.override("en"):
        body = reader_client.get("/unit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    items = _tree(body)
    assert items["Pos Kesehatan 7"] == (["Dinas Kesehatan", "Puskesmas Uji"], "1")
    assert items["Puskesmas Uji"][1] == "3" and items["Dinas Kesehatan"][1] == "4"
    # Synthetic units are said once above the tree, not badged one by one.
    assert "60 units are synthetic" in body
    tree = _tree_html(body)
    assert tree.count("badge") == before.count("badge")
    # What the 60 units add to the page, against the 60 rows they took before.
    old = sum(
        len(OLD_ROW.format(pk=u.pk, nama=u.nama)) for u in UnitKerja.objects.filter(kode__startswith="POS-")
    )
    assert len(tree) - len(before) < old * 0.45, (len(tree) - len(before), old)


def test_unit_tree_still_badges_an_unconfirmed_real_unit(reader_client: Client, city: City) -> None:
    before = reader_client.get("/unit/").content.decode().count('class="badge badge-warning"')
    UnitKerja.objects.filter(pk=city.kelurahan.pk).update(terkonfirmasi=False)
    body = reader_client.get("/unit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    kelurahan = body[body.index(">Kelurahan Jati Makmur</a>") :]
    assert ">unconfirmed</span>" in kelurahan[: kelurahan.index("</li>")]
    assert body.count('class="badge badge-warning"') == before + 1


# --- the heatmap -----------------------------------------------------------------------------------------------


def test_heatmap_scrolls_in_its_card_under_a_sticky_header(reader_client: Client, needs: City) -> None:  # noqa: F811
    for url in ("/kebutuhan/", f"/kebutuhan/unit/{needs.dinkes.pk}/"):
        body = reader_client.get(url, {"tahun": YEAR}).content.decode()
        wrap = re.search(
            r'<div class="table-wrap heatmap-wrap"[^>]*>\s*<table class="[^"]*heatmap"[^>]*>\s*<thead class="sticky-head">',
            body,
        )
        assert wrap, url


def test_heatmap_css_keeps_header_and_unit_column_in_view() -> None:
    css = (Path(sibina.web.__file__).parent / "static/sibina/sibina.css").read_text()
    rule = re.search(r"\.heatmap-wrap \{([^}]*)\}", css)
    assert rule and "overflow: auto" in rule.group(1) and "max-height" in rule.group(1)
    assert re.search(r"\.heatmap \.sticky-head th \{[^}]*position: sticky; top: 0", css)
    assert re.search(r'\.heatmap th\[scope="row"\] \{[^}]*position: sticky; left: 0', css)


# --- the plan page's summary -------------------------------------------------------------------------------


def demo_like() -> PlanSummary:
    return PlanSummary(
        pns=4305,
        jp_minimum=Decimal(20),
        gap_closed=5454.0,
        cost=Decimal(4_379_900_000),
        ceiling=Decimal(4_400_000_000),
        proven_gap=Decimal("0.10"),
    )


def test_summary_sentence_in_english() -> None:
    with translation.override("en"):
        assert demo_like().sentence == (
            "This plan brings 4,305 PNS to 20 JP, closes 5,454 gap-levels, costs Rp 4.38 bn of a ceiling of "
            "Rp 4.40 bn; proven at most 0.1% from the optimum."
        )


def test_summary_sentence_numbers_in_indonesian() -> None:
    with translation.override("id"):
        sentence = demo_like().sentence
    for part in ("4.305", " 20 ", "5.454", "Rp 4,38 ", "Rp 4,40 ", "0,1"):
        assert part in sentence, part


def test_summary_without_a_ceiling_or_a_bound_and_when_optimal() -> None:
    with translation.override("en"):
        bare = PlanSummary(12, Decimal(20), 7.5, Decimal(5_400_000), None, None).sentence
        optimal = PlanSummary(1, Decimal(20), 2.0, Decimal(750_000), Decimal(900_000), Decimal(0)).sentence
    assert bare == (
        "This plan brings 12 PNS to 20 JP, closes 7.5 gap-levels, costs Rp 5.4 million; how close it is to the "
        "optimum was not proven."
    )
    assert optimal == (
        "This plan brings 1 PNS to 20 JP, closes 2 gap-levels, costs Rp 750,000 of a ceiling of Rp 900,000; "
        "proven optimal."
    )


def test_a_tiny_proven_gap_is_rounded_up_not_called_optimal() -> None:
    with translation.override("en"):
        tiny = PlanSummary(1, Decimal(20), 1.0, Decimal(1), None, Decimal("0.004")).sentence
        small = PlanSummary(1, Decimal(20), 1.0, Decimal(1), None, Decimal("0.0998")).sentence
    assert tiny.endswith("; proven at most 0.01% from the optimum.")
    assert small.endswith("; proven at most 0.1% from the optimum.")


def test_rupiah_short_forms() -> None:
    with translation.override("en"):
        assert [rupiah_short(Decimal(v)) for v in (999_999, 1_000_000, 13_250_000, 4_399_999_999)] == [
            "Rp 999,999",
            "Rp 1 million",
            "Rp 13.25 million",
            "Rp 4.40 bn",
        ]
    with translation.override("id"):
        assert rupiah_short(Decimal(4_379_900_000)).startswith("Rp 4,38 ")


def test_plan_page_leads_with_the_summary_and_folds_the_solver_details(
    planned: Planned,  # noqa: F811
) -> None:
    plan = planned.plan
    run = plan.solver_run
    body = bkpsdm_client().get(f"/rencana/plan/{plan.pk}/", **EN).content.decode()
    ceiling = sum(Anggaran.objects.filter(cycle=planned.cycle).values_list("batas", flat=True), Decimal(0))
    assert ceiling == Decimal(
        5_400_000
    )  # DPA BKPSDM Rp 5 juta + Dinas Kesehatan's Rp 400.000, no total ceiling
    with translation.override("en"):
        cost = rupiah_short(plan.biaya_total)
    levels = f"{plan.gap_tertutup:,.1f}".removesuffix(".0")
    head = (
        f"This plan brings {plan.pegawai_20jp:,} PNS to 20 JP, closes {levels} gap-levels, costs {cost} "
        "of a ceiling of Rp 5.4 million; "
    )
    summary = re.search(r'<p class="plan-summary" id="plan-summary">([^<]*)</p>', body)
    assert summary and summary.group(1).startswith(head), summary and summary.group(1)
    assert run.gap is not None
    pct = (Decimal(str(run.gap)) * 100).quantize(Decimal("0.01"), rounding=ROUND_UP).normalize()
    proof = "proven optimal." if run.gap == 0 else f"proven at most {pct:f}% from the optimum."
    assert summary.group(1).endswith(proof)
    # The summary comes before everything else on the page but the breadcrumb and the title.
    assert body.index('id="plan-summary"') < body.index('class="figures"')
    # Solver, objective, bound and input hash are inside a closed "Technical details".
    details = body[body.index('<details class="tech" id="technical-details">') :]
    details = details[: details.index("</details>")]
    assert "<summary>Technical details</summary>" in details
    for inside in ("Solver", "Input SHA-256", run.input_hash, "objective "):
        assert inside in details, inside
    outside = body.replace(details, "")
    assert "Input SHA-256" not in outside and "objective " not in outside


def _outside_details(body: str) -> str:
    return re.sub(r'<details class="tech"[^>]*>.*?</details>', "", body, flags=re.DOTALL)


def test_cycle_and_compare_pages_fold_the_solver_figures(planned: Planned) -> None:  # noqa: F811
    run = planned.plan.solver_run
    for url in (f"/rencana/{planned.cycle.tahun}/", f"/rencana/{planned.cycle.tahun}/bandingkan/"):
        body = bkpsdm_client().get(url, **EN).content.decode()
        assert "<summary>Technical details</summary>" in body, url
        assert "objective " in body and "within " in body, url  # the figures are there, folded
        outside = _outside_details(body)
        assert "objective " not in outside and "bound " not in outside, url
        assert run.input_hash[:16] not in outside and "HiGHS" not in outside, url
        assert "within " in outside, url  # the plain-words quality stays in view
        assert "greedy" not in outside, url


def test_a_consolidated_plan_does_not_claim_a_proof_over_the_whole_plan() -> None:
    s = PlanSummary(4, Decimal(20), 7.0, Decimal(5_380_000), None, Decimal(0), consolidated=True)
    with translation.override("en"):
        text = s.sentence
    assert "optimal" not in text and text.endswith("(what changed is listed on the approval page).")
