"""Domain rows -> optimiser problem: what goes in, in which unit, and with which rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sibina.optimiser import PARTICIPANT_OPD, opd_source, source_opd
from sibina.planning.builder import build_problem
from sibina.planning.models import Anggaran, Skenario
from sibina.reference.models import Ketentuan
from tests.planning.conftest import Tiny


def test_employees_activities_and_money_in_millions(tiny: Tiny) -> None:
    problem, index = build_problem(cycle=tiny.cycle)
    by_id = {e.id: e for e in problem.employees}
    assert set(by_id) == {p.nip for p in [*tiny.pns, tiny.cpns, tiny.pppk]}
    assert index.pegawai_by_nip[tiny.pns[0].nip] == tiny.pns[0].pk
    pns = by_id[tiny.pns[0].nip]
    assert (pns.jp_min, pns.jp_max, pns.gaps, pns.weight) == (20.0, None, (("M01", 2.0),), 0.6)
    pppk = by_id[tiny.pppk.nip]
    assert (pppk.jp_min, pppk.jp_max, pppk.gaps) == (None, 24.0, ())
    acts = {a.id: a for a in problem.activities}
    assert (acts["KURSUS-INT"].cost_per_participant, acts["KURSUS-INT"].jp, acts["KURSUS-INT"].gains) == (
        2.0,
        24.0,
        (("M01", 2.0),),
    )
    assert acts["ELEARN"].jp == 26.67  # 1,200 minutes / 45, under the cap of 3 JP x 10 days
    assert acts["KURSUS-INT"].budget == "BKPSDM" and PARTICIPANT_OPD not in {
        a.budget for a in problem.activities
    }
    assert [(b.id, b.limit) for b in problem.budgets if b.id == "BKPSDM"] == [("BKPSDM", 13.0)]


def test_mandatory_and_eligibility(tiny: Tiny) -> None:
    problem, _ = build_problem(cycle=tiny.cycle)
    by_id = {e.id: e for e in problem.employees}
    assert by_id[tiny.cpns.nip].locked == ("LATSAR",)
    assert "LATSAR" not in by_id[tiny.pns[0].nip].eligible  # CPNS only
    assert "KURSUS-INT" in by_id[tiny.pns[0].nip].eligible  # closes a gap


def test_only_for_an_activity_keeps_exactly_its_eligible_employees_as_they_are(tiny: Tiny) -> None:
    whole, _ = build_problem(cycle=tiny.cycle)
    focused, index = build_problem(cycle=tiny.cycle, only_for=tiny.latsar)
    # Latsar is for CPNS only: the CPNS alone, with the very record the whole problem gives them.
    assert [e.id for e in focused.employees] == [tiny.cpns.nip]
    assert focused.employees[0] == next(e for e in whole.employees if e.id == tiny.cpns.nip)
    assert set(index.pegawai_by_nip) == {tiny.cpns.nip}
    assert focused.activities == whole.activities


def test_scenario_scales_budget_and_filters_forms(tiny: Tiny) -> None:
    s = Skenario.objects.create(
        cycle=tiny.cycle, nama="e-learning", faktor_anggaran="0.5", hanya_bentuk=["NKL03"]
    )
    problem, _ = build_problem(cycle=tiny.cycle, skenario=s)
    assert [a.id for a in problem.activities] == ["ELEARN"]
    assert [b.limit for b in problem.budgets if b.id == "BKPSDM"] == [6.5]


def test_opd_without_a_training_line_gets_a_zero_ceiling(tiny: Tiny) -> None:
    problem, _ = build_problem(cycle=tiny.cycle)
    assert ("opd:DINKES", 0.0) in [(b.id, b.limit) for b in problem.budgets]
    Anggaran.objects.create(
        cycle=tiny.cycle,
        sumber=Anggaran.Sumber.OPD,
        unit=tiny.pns[0].unit.parent or tiny.pns[0].unit,
        batas=5_000_000,
    )
    problem, _ = build_problem(cycle=tiny.cycle)
    assert ("opd:DINKES", 5.0) in [(b.id, b.limit) for b in problem.budgets]


def test_jp_targets_come_from_the_settings_in_force(tiny: Tiny) -> None:
    """The builder reads the JP rule's settings for the plan year (here raised for 2027), never literals."""
    for kode, nilai in (("JP_MIN_PNS", 30), ("JP_MAX_PPPK", 16)):
        Ketentuan.objects.create(
            kode=kode, nama=kode, nilai=Decimal(nilai), berlaku_mulai=dt.date(2027, 1, 1)
        )
    tiny.pns[1].jenis_asn = "PPPK_PW"
    tiny.pns[1].save(update_fields=["jenis_asn"])
    problem, _ = build_problem(cycle=tiny.cycle)
    by_id = {e.id: e for e in problem.employees}
    assert [
        (by_id[p.nip].jp_min, by_id[p.nip].jp_max) for p in (tiny.pns[0], tiny.cpns, tiny.pppk, tiny.pns[1])
    ] == [
        (30.0, None),
        (30.0, None),
        (None, 16.0),
        (None, 16.0),
    ]


def test_the_opd_budget_key_has_one_spelling() -> None:
    assert opd_source("DINKES") == "opd:DINKES"
    assert (source_opd(opd_source("DINKES")), source_opd("BKPSDM"), source_opd(PARTICIPANT_OPD)) == (
        "DINKES",
        None,
        "*",
    )
