"""Which needs exist for an employee, and how their priority explains itself."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from sibina.competency.domain import PriorityWeights
from sibina.needs import domain as d

W = PriorityWeights(*(Decimal(w) for w in (40, 15, 15, 10, 10, 10)))
CTX = d.Context(2027, W, frozenset({2, 3, 4, 5, 7}), {1: "Integritas", 2: "Kerja Sama", 3: "Pedagogi"})


def facts(**kw: object) -> d.EmployeeFacts:
    base: dict[str, object] = dict(
        id=1,
        jenis_asn="PNS",
        kelompok_jabatan="PELAKSANA",
        front_line=False,
        standar={1: 3, 2: 2},
        levels={1: 1, 2: 2},
        predikat="BAIK",
        predikat_tahun=2026,
        kotak=5,
        target_jabatan_id=None,
        last_development_year=2026,
    )
    base.update(kw)
    return d.EmployeeFacts(**base)  # type: ignore[arg-type]


def test_only_positive_gaps_create_needs() -> None:
    needs = d.needs_for(facts(), CTX)
    assert [(n.sumber, n.kompetensi_id, n.level_saat_ini, n.level_target, n.gap) for n in needs] == [
        ("GAP", 1, 1, 3, 2)
    ]


def test_priority_and_reason() -> None:
    with translation.override("en"):
        (need,) = d.needs_for(facts(), CTX)
    # gap 2/4 × 40 = 20; criticality 0.4 × 15 = 6; box 5 develops: 15; Baik: 0; no SKM: 0; developed last year: 0
    assert need.prioritas == Decimal("41.0")
    assert need.alasan.startswith(
        "Priority 41.0: gap of 2 level(s) in Integritas against the position standard (+20.0)"
    )
    assert "talent box 5 recommends competency development (+15.0)" in need.alasan


def test_unassessed_employee_has_no_competency_gaps_but_keeps_other_needs() -> None:
    needs = d.needs_for(facts(levels=None, predikat="KURANG", jenis_asn="CPNS", mandatory=("LATSAR",)), CTX)
    assert [(n.sumber, n.gap) for n in needs] == [("WAJIB", 0), ("KINERJA", 2)]
    assert needs[0].prioritas == Decimal("100.0")


def test_next_position_gap_only_above_current_target() -> None:
    needs = d.needs_for(facts(target_jabatan_id=9, target_standar={1: 3, 2: 3, 3: 2}), CTX)
    # Competency 3 was not measured by the assessment: unknown, so no gap.
    assert [(n.sumber, n.kompetensi_id, n.level_target, n.jabatan_target_id) for n in needs] == [
        ("GAP", 1, 3, None),
        ("SUKSESI", 2, 3, 9),
    ]


def test_unmeasured_competency_creates_no_gap() -> None:
    needs = d.needs_for(facts(standar={1: 3, 3: 4}, levels={1: 3}), CTX)
    assert needs == []


def test_proposal_need_unless_already_covered() -> None:
    proposals = (d.Proposal(7, 1, 3), d.Proposal(8, 3, 2))
    needs = d.needs_for(facts(proposals=proposals), CTX)
    assert [(n.sumber, n.kompetensi_id, n.usulan_id) for n in needs] == [("GAP", 1, None), ("USULAN", 3, 8)]


W_UNKNOWN = PriorityWeights(*(Decimal(w) for w in (40, 15, 15, 10, 10, 10)), gap_tak_diukur=Decimal("0.25"))
CTX_UNKNOWN = d.Context(2027, W_UNKNOWN, frozenset(), {1: "Integritas", 2: "Kerja Sama", 3: "Pedagogi"})


@pytest.mark.parametrize(
    "levels",
    [None, {1: 3, 2: 2}],  # no valid assessment at all; an assessment that did not measure competency 3
)
def test_a_proposal_without_a_measured_level_gets_no_made_up_gap(levels: dict[int, int] | None) -> None:
    with translation.override("en"):
        needs = d.needs_for(facts(levels=levels, proposals=(d.Proposal(8, 3, 3),)), CTX_UNKNOWN)
    (need,) = [n for n in needs if n.sumber == "USULAN"]
    assert (need.level_saat_ini, need.level_target, need.gap) == (None, 3, 0)
    assert d.needs_assessment(need.kompetensi_id, need.level_saat_ini)
    # Its own treatment: the gap factor is the setting (0.25 × 40 = 10), not 3 levels from level 0 (30).
    assert [(p.faktor, p.nilai, p.poin) for p in need.parts if p.faktor == "gap"] == [
        ("gap", Decimal("0.25"), Decimal("10.0"))
    ]
    assert "Pedagogi: current level not yet measured — an assessment is needed (+10.0)" in need.alasan
    assert "level(s)" not in need.alasan


def test_an_unmeasured_proposal_with_a_zero_factor_still_says_why() -> None:
    w = PriorityWeights(*(Decimal(w) for w in (40, 15, 15, 10, 10, 10)), gap_tak_diukur=Decimal(0))
    ctx = d.Context(2027, w, frozenset(), {3: "Pedagogi"})
    with translation.override("en"):
        (need,) = d.needs_for(facts(levels=None, proposals=(d.Proposal(8, 3, 3),)), ctx)
    assert "Pedagogi: current level not yet measured — an assessment is needed;" in need.alasan


def test_a_measured_proposal_keeps_its_gap() -> None:
    (need,) = [
        n
        for n in d.needs_for(facts(levels={1: 3, 2: 2, 3: 1}, proposals=(d.Proposal(8, 3, 3),)), CTX)
        if n.sumber == "USULAN"
    ]
    assert (need.level_saat_ini, need.gap) == (1, 2)
    assert not d.needs_assessment(need.kompetensi_id, need.level_saat_ini)


def test_reasons_show_labels_not_codes() -> None:
    ctx = d.Context(
        2027,
        W,
        frozenset(),
        {1: "Integritas"},
        predikat_labels={"BUTUH_PERBAIKAN": "Butuh Perbaikan"},
        kelompok_labels={"PENGAWAS": "Pengawas"},
    )
    with translation.override("en"):
        needs = d.needs_for(facts(predikat="BUTUH_PERBAIKAN", kelompok_jabatan="PENGAWAS"), ctx)
    for n in needs:
        assert "BUTUH_PERBAIKAN" not in n.alasan and "PENGAWAS" not in n.alasan
    assert "SKP 2026 predikat Butuh Perbaikan" in needs[0].alasan
    assert "position group Pengawas" in needs[0].alasan


def test_the_reason_says_the_skm_factor_is_not_scored() -> None:
    with translation.override("en"):
        (need,) = d.needs_for(facts(), CTX)
    assert need.alasan.endswith("SKM factor not scored: no public-satisfaction survey data yet.")
    assert [p.poin for p in need.parts if p.faktor == "skm"] == [Decimal("0.0")]


@pytest.mark.parametrize(
    ("predikat", "gap"), [("BUTUH_PERBAIKAN", 1), ("KURANG", 2), ("SANGAT_KURANG", 3), ("BAIK", None)]
)
def test_performance_gaps(predikat: str, gap: int | None) -> None:
    needs = [n for n in d.needs_for(facts(predikat=predikat), CTX) if n.sumber == "KINERJA"]
    assert [n.gap for n in needs] == ([gap] if gap else [])


def test_criticality() -> None:
    assert d.criticality("JPT", False) == Decimal(1)
    assert d.criticality("PELAKSANA", True) == Decimal("0.7")
    assert d.criticality("FUNGSIONAL_KEAHLIAN", False) == Decimal("0.4")


# Not the regulation's numbers on purpose: the rule must take its limits from the settings, never literals.
RULE = d.JpLimits(minimum=Decimal(20), maximum=Decimal(24))
ODD_RULE = d.JpLimits(minimum=Decimal(30), maximum=Decimal(12))
TEKNIS_MIN = Decimal(20)


@pytest.mark.parametrize(
    ("jenis", "minimum", "maximum"),
    [("PNS", "20", None), ("CPNS", "20", None), ("PPPK", None, "24"), ("PPPK_PW", None, "24")],
)
def test_jp_target_per_asn_type(jenis: str, minimum: str | None, maximum: str | None) -> None:
    t = d.jp_target(jenis, RULE)
    assert (t.minimum, t.maximum) == (
        Decimal(minimum) if minimum else None,
        Decimal(maximum) if maximum else None,
    )
    assert t.batas == Decimal(minimum or maximum or "0")
    assert t.pppk is (maximum is not None)


@pytest.mark.parametrize(
    ("jenis", "jp", "tercapai", "short", "over"),
    [
        ("PNS", "19.99", False, "0.01", "0"),
        ("PNS", "20", True, "0", "0"),
        ("CPNS", "19.99", False, "0.01", "0"),
        ("CPNS", "20", True, "0", "0"),
        ("PPPK", "24", False, "0", "0"),  # a PPPK has no minimum to reach
        ("PPPK", "24.01", False, "0", "0.01"),
        ("PPPK_PW", "24", False, "0", "0"),
        ("PPPK_PW", "24.01", False, "0", "0.01"),
    ],
)
def test_jp_target_boundaries(jenis: str, jp: str, tercapai: bool, short: str, over: str) -> None:
    t = d.jp_target(jenis, RULE)
    assert (t.tercapai(Decimal(jp)), t.kekurangan(Decimal(jp)), t.kelebihan(Decimal(jp))) == (
        tercapai,
        Decimal(short),
        Decimal(over),
    )


def test_jp_target_follows_the_settings_not_literals() -> None:
    assert (d.jp_target("PNS", ODD_RULE).minimum, d.jp_target("PPPK", ODD_RULE).maximum) == (
        Decimal(30),
        Decimal(12),
    )
    assert d.jp_target("CPNS", ODD_RULE).tercapai(Decimal(20)) is False
    assert d.jp_target("PPPK_PW", ODD_RULE).kelebihan(Decimal(20)) == Decimal(8)


def test_jp_target_refuses_an_unknown_asn_type() -> None:
    with pytest.raises(ValueError, match="'HONORER'"):
        d.jp_target("HONORER", RULE)


@pytest.mark.parametrize(
    ("jenis", "jp", "status", "short", "over"),
    [
        ("PNS", "19.99", "KURANG", "0.01", "0"),
        ("PNS", "20", "TERCAPAI", "0", "0"),
        ("CPNS", "0", "KURANG", "20", "0"),
        ("CPNS", "20", "TERCAPAI", "0", "0"),
        ("PPPK", "24", "DALAM_BATAS", "0", "0"),
        ("PPPK", "24.01", "MELEBIHI", "0", "0.01"),
        ("PPPK_PW", "24", "DALAM_BATAS", "0", "0"),
        ("PPPK_PW", "30", "MELEBIHI", "0", "6"),
    ],
)
def test_jp_status_boundaries(jenis: str, jp: str, status: str, short: str, over: str) -> None:
    s = d.jp_status(jenis, Decimal(jp), Decimal(0), limits=RULE, jp_teknis_min=TEKNIS_MIN)
    assert (s.status, s.kekurangan, s.kelebihan) == (status, Decimal(short), Decimal(over))


def test_ip_asn_technical_flag() -> None:
    assert (
        d.jp_status("PNS", Decimal(30), Decimal(20), limits=RULE, jp_teknis_min=TEKNIS_MIN).ip_asn_teknis
        is True
    )
    assert (
        d.jp_status("PNS", Decimal(30), Decimal("19.5"), limits=RULE, jp_teknis_min=TEKNIS_MIN).ip_asn_teknis
        is False
    )


@pytest.mark.parametrize(
    ("mulai", "selesai", "tahun", "expected"),
    [
        (None, None, 2026, None),  # no dates: the ledger falls back to the calendar year
        (dt.date(2025, 3, 1), None, 2026, (dt.date(2026, 3, 1), dt.date(2027, 2, 28))),
        (dt.date(2025, 3, 1), None, 2025, (dt.date(2025, 3, 1), dt.date(2026, 2, 28))),
        (dt.date(2025, 3, 1), dt.date(2026, 8, 31), 2026, (dt.date(2026, 3, 1), dt.date(2026, 8, 31))),
        (dt.date(2025, 3, 1), dt.date(2026, 2, 28), 2026, None),  # ended before its 2026 anniversary
        (dt.date(2027, 1, 1), None, 2026, None),  # not yet started
        (dt.date(2024, 2, 29), None, 2025, (dt.date(2025, 2, 28), dt.date(2026, 2, 27))),
        (dt.date(2024, 1, 1), None, 2026, (dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
    ],
)
def test_contract_year(
    mulai: dt.date | None, selesai: dt.date | None, tahun: int, expected: tuple[dt.date, dt.date] | None
) -> None:
    assert d.contract_year(mulai, selesai, tahun) == expected
