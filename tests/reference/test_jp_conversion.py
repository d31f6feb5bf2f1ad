"""JP conversion against the seeded rules of Peraturan LAN 10/2018 (loaded by migration)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sibina.reference.domain import JpRule, JpRuleError, Pelaksanaan, jp_for
from sibina.reference.models import Ketentuan
from sibina.reference.selectors import MissingReference, jp_rules, ketentuan_value

M = Decimal(45)


@pytest.fixture
def rules(db: None) -> dict[str, JpRule]:
    return jp_rules(on=dt.date(2026, 1, 1))


@pytest.mark.parametrize(
    ("kode", "act", "expected"),
    [
        ("KL03", Pelaksanaan(jp_program=Decimal(40)), "40.00"),
        ("KL03", Pelaksanaan(jp_program=Decimal(40), internasional=True), "48.00"),
        ("KL06", Pelaksanaan(hari=2), "8.00"),
        ("KL06", Pelaksanaan(hari=2, internasional=True), "12.00"),
        ("KL07", Pelaksanaan(hari=3), "15.00"),
        ("KL07", Pelaksanaan(hari=1, internasional=True), "7.00"),
        ("NKL12", Pelaksanaan(kegiatan=1), "20.00"),
        ("NKL12", Pelaksanaan(kegiatan=1, internasional=True), "24.00"),
        ("NKL11", Pelaksanaan(sesi=2, bulan=1), "4.00"),
        ("NKL11", Pelaksanaan(sesi=5, bulan=1), "4.00"),  # at most 2 counted sessions a month
        ("NKL11", Pelaksanaan(sesi=5, bulan=3), "10.00"),
        ("NKL03", Pelaksanaan(hari=2, jp_program=Decimal(10)), "6.00"),  # at most 3 JP per day of access
        ("NKL03", Pelaksanaan(hari=5, jp_program=Decimal(10)), "10.00"),
        ("NKL10", Pelaksanaan(hari=1, menit=180), "2.00"),  # actual hours, at most 2 JP a day
        ("NKL10", Pelaksanaan(hari=2, menit=135), "3.00"),
        ("KL11", Pelaksanaan(menit=100), "2.22"),
        ("NKL01", Pelaksanaan(sesi=3), "6.00"),
    ],
)
def test_seeded_rules(rules: dict[str, JpRule], kode: str, act: Pelaksanaan, expected: str) -> None:
    assert jp_for(rules[kode], act, menit_per_jp=M) == Decimal(expected)


def test_program_rule_needs_program_jp(rules: dict[str, JpRule]) -> None:
    with pytest.raises(JpRuleError):
        jp_for(rules["KL01"], Pelaksanaan(), menit_per_jp=M)


def test_every_form_has_a_rule(rules: dict[str, JpRule]) -> None:
    assert len(rules) == 25


def test_ketentuan_versions_pick_the_one_in_force(db: None) -> None:
    assert ketentuan_value("JP_MIN_PNS", on=dt.date(2026, 6, 1)) == Decimal(20)
    Ketentuan.objects.create(
        kode="JP_MIN_PNS", nama="x", nilai=Decimal(30), berlaku_mulai=dt.date(2027, 1, 1)
    )
    assert ketentuan_value("JP_MIN_PNS", on=dt.date(2026, 12, 31)) == Decimal(20)
    assert ketentuan_value("JP_MIN_PNS", on=dt.date(2027, 1, 1)) == Decimal(30)
    with pytest.raises(MissingReference):
        ketentuan_value("JP_MIN_PNS", on=dt.date(2000, 1, 1))
