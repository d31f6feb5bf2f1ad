"""Every row of the JP conversion table (reference/data/konversi_jp.json), one domestic and one international
case each, with the values DOMAIN §2 (appendix of Peraturan LAN 10/2018) states."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from sibina.reference.domain import JpRule, Pelaksanaan, jp_for
from sibina.reference.models import KonversiJp
from sibina.reference.seed import DATA_DIR
from sibina.reference.selectors import jp_rules

M = Decimal(45)
ON = dt.date(2026, 1, 1)
P = Decimal

# form -> (what was done, JP at home, JP abroad), the figures of DOMAIN §2.
CASES: dict[str, tuple[Pelaksanaan, str, str]] = {
    # Leadership, managerial, technical, functional, socio-cultural: the program's JP / + 20 %.
    "KL01": (Pelaksanaan(jp_program=P(40)), "40.00", "48.00"),
    "KL02": (Pelaksanaan(jp_program=P(40)), "40.00", "48.00"),
    "KL03": (Pelaksanaan(jp_program=P(40)), "40.00", "48.00"),
    "KL04": (Pelaksanaan(jp_program=P(25)), "25.00", "30.00"),
    "KL05": (Pelaksanaan(jp_program=P(10)), "10.00", "12.00"),
    # Seminar 1 day = 4 / 6 JP; workshop 1 day = 5 / 7 JP.
    "KL06": (Pelaksanaan(hari=2), "8.00", "12.00"),
    "KL07": (Pelaksanaan(hari=2), "10.00", "14.00"),
    # Kursus, penataran, bimtek: the unconfirmed default of 4 JP a day; no international figure is stated.
    "KL08": (Pelaksanaan(hari=2), "8.00", "8.00"),
    "KL09": (Pelaksanaan(hari=3), "12.00", "12.00"),
    "KL10": (Pelaksanaan(hari=1), "4.00", "4.00"),
    # Sosialisasi, other classical: actual hours ÷ 45 minutes.
    "KL11": (Pelaksanaan(menit=90), "2.00", "2.00"),
    "KL12": (Pelaksanaan(menit=100), "2.22", "2.22"),
    # Coaching, mentoring: the unconfirmed default of 2 JP a session.
    "NKL01": (Pelaksanaan(sesi=3), "6.00", "6.00"),
    "NKL02": (Pelaksanaan(sesi=1), "2.00", "2.00"),
    # E-learning: at most 3 JP per day of access.
    "NKL03": (Pelaksanaan(hari=2, jp_program=P(10)), "6.00", "6.00"),
    # Distance training, outbound: the program's JP (+ 20 %).
    "NKL04": (Pelaksanaan(jp_program=P(30)), "30.00", "36.00"),
    "NKL06": (Pelaksanaan(jp_program=P(16)), "16.00", "19.20"),
    # Detasering: 1 activity = 20 JP; international: the program's JP + 20 % (100 -> 120, not 24).
    "NKL05": (Pelaksanaan(kegiatan=1, jp_program=P(100)), "20.00", "120.00"),
    # Patok banding: the unconfirmed default of 10 JP an activity.
    "NKL07": (Pelaksanaan(kegiatan=1), "10.00", "10.00"),
    # Exchange, magang: 1 activity = 20 / 24 JP.
    "NKL08": (Pelaksanaan(kegiatan=1), "20.00", "24.00"),
    "NKL12": (Pelaksanaan(kegiatan=1), "20.00", "24.00"),
    # Belajar mandiri, other non-classical: actual hours.
    "NKL09": (Pelaksanaan(menit=135), "3.00", "3.00"),
    "NKL13": (Pelaksanaan(menit=90), "2.00", "2.00"),
    # Komunitas belajar: actual hours, at most 2 JP a day (+ 20 %).
    "NKL10": (Pelaksanaan(hari=1, menit=180), "2.00", "2.40"),
    # Bimbingan di tempat kerja: 2 JP a session, at most 2 sessions a month (+ 20 %).
    "NKL11": (Pelaksanaan(sesi=3, bulan=1), "4.00", "4.80"),
}


@pytest.fixture
def rules(db: None) -> dict[str, JpRule]:
    return jp_rules(on=ON)


def test_every_row_of_the_table_has_a_case() -> None:
    rows = json.loads((DATA_DIR / "konversi_jp.json").read_text(encoding="utf-8"))
    assert sorted(r["bentuk_kode"] for r in rows) == sorted(CASES)


@pytest.mark.parametrize("kode", sorted(CASES))
def test_domestic(rules: dict[str, JpRule], kode: str) -> None:
    act, home, _abroad = CASES[kode]
    assert jp_for(rules[kode], act, menit_per_jp=M) == Decimal(home)


@pytest.mark.parametrize("kode", sorted(CASES))
def test_international(rules: dict[str, JpRule], kode: str) -> None:
    act, _home, abroad = CASES[kode]
    international = Pelaksanaan(
        hari=act.hari,
        sesi=act.sesi,
        kegiatan=act.kegiatan,
        menit=act.menit,
        jp_program=act.jp_program,
        bulan=act.bulan,
        internasional=True,
    )
    assert jp_for(rules[kode], international, menit_per_jp=M) == Decimal(abroad)


def test_a_later_version_of_the_international_unit_applies_from_its_date(db: None) -> None:
    first = KonversiJp.objects.get(bentuk_kode="NKL05")
    KonversiJp.objects.create(
        bentuk_kode="NKL05",
        satuan="KEGIATAN",
        jp_per_satuan=P(20),
        jp_per_satuan_internasional=P(30),
        satuan_internasional="",
        berlaku_mulai=dt.date(2030, 1, 1),
    )
    abroad = Pelaksanaan(kegiatan=1, jp_program=P(100), internasional=True)
    assert first.satuan_internasional == "PROGRAM"
    assert jp_for(jp_rules(on=dt.date(2029, 12, 31))["NKL05"], abroad, menit_per_jp=M) == P(120)
    assert jp_for(jp_rules(on=dt.date(2030, 1, 1))["NKL05"], abroad, menit_per_jp=M) == P(30)
