"""JP conversion on each rule shape of Peraturan LAN 10/2018 (caps, international rates and uplifts)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sibina.reference.domain import JpRule, JpRuleError, jp_for
from sibina.reference.domain import Pelaksanaan as Ukuran

MENIT = Decimal(45)
SEMINAR = JpRule("HARI", jp_per_satuan=Decimal(4), jp_per_satuan_internasional=Decimal(6))
PROGRAM = JpRule("PROGRAM", faktor_internasional=Decimal("1.2"))
ELEARNING = JpRule("HARI", batas_jp=Decimal(3), batas_per="HARI")
BIMBINGAN = JpRule(
    "SESI", jp_per_satuan=Decimal(2), faktor_internasional=Decimal("1.2"), batas_per="BULAN", batas_sesi=2
)
KOMUNITAS = JpRule("JAM", faktor_internasional=Decimal("1.2"), batas_jp=Decimal(2), batas_per="HARI")
MAGANG = JpRule("KEGIATAN", jp_per_satuan=Decimal(20), jp_per_satuan_internasional=Decimal(24))


@pytest.mark.parametrize(
    ("rule", "ukuran", "expected"),
    [
        (SEMINAR, Ukuran(hari=2), "8.00"),
        (SEMINAR, Ukuran(hari=2, internasional=True), "12.00"),  # the international per-day rate, no uplift
        (PROGRAM, Ukuran(jp_program=Decimal(30)), "30.00"),
        (PROGRAM, Ukuran(jp_program=Decimal(30), internasional=True), "36.00"),
        (ELEARNING, Ukuran(hari=2, menit=600), "6.00"),  # 13.33 actual hours capped at 3 JP a day
        (ELEARNING, Ukuran(hari=2, menit=200), "4.44"),
        (BIMBINGAN, Ukuran(sesi=5, bulan=1), "4.00"),  # at most 2 sessions a month count
        (BIMBINGAN, Ukuran(sesi=5, bulan=3), "10.00"),
        (BIMBINGAN, Ukuran(sesi=5, bulan=1, internasional=True), "4.80"),  # cap first, then +20%
        (KOMUNITAS, Ukuran(hari=1, menit=150), "2.00"),
        (KOMUNITAS, Ukuran(hari=1, menit=60), "1.33"),
        (MAGANG, Ukuran(kegiatan=1, internasional=True), "24.00"),
    ],
)
def test_jp_for_applies_each_rule_shape(rule: JpRule, ukuran: Ukuran, expected: str) -> None:
    assert jp_for(rule, ukuran, menit_per_jp=MENIT) == Decimal(expected)


def test_jp_for_refuses_a_program_form_without_program_jp() -> None:
    with pytest.raises(JpRuleError):
        jp_for(PROGRAM, Ukuran(hari=3), menit_per_jp=MENIT)


def test_jp_for_refuses_a_session_rule_without_jp_per_session() -> None:
    with pytest.raises(JpRuleError):
        jp_for(JpRule("SESI"), Ukuran(sesi=2), menit_per_jp=MENIT)
