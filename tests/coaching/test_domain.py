"""Pure rules: JP of a session, the monthly cap, session input, who may coach whom, review timeliness."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sibina.coaching import domain as d
from sibina.reference.domain import JpRule

D = dt.date
MENIT_PER_JP = Decimal(45)
SESI_2JP = JpRule(satuan="SESI", bentuk_kode="NKL01", jp_per_satuan=Decimal(2))
NKL11 = JpRule(
    satuan="SESI",
    bentuk_kode="NKL11",
    jp_per_satuan=Decimal(2),
    faktor_internasional=Decimal("1.2"),
    batas_per="BULAN",
    batas_sesi=2,
)


def test_a_session_counts_the_rules_jp_per_session_whatever_its_length() -> None:
    assert d.session_jp(SESI_2JP, menit=30, menit_per_jp=MENIT_PER_JP) == Decimal("2.00")
    assert d.session_jp(SESI_2JP, menit=240, menit_per_jp=MENIT_PER_JP) == Decimal("2.00")


def test_a_rule_without_a_per_session_figure_counts_actual_hours() -> None:
    hours = JpRule(satuan="JAM", bentuk_kode="NKL01")
    assert d.session_jp(hours, menit=90, menit_per_jp=MENIT_PER_JP) == Decimal("2.00")
    silent = JpRule(satuan="SESI", bentuk_kode="NKL02")  # no figure: actual hours ÷ 45 min (DOMAIN §2)
    assert d.session_jp(silent, menit=60, menit_per_jp=MENIT_PER_JP) == Decimal("1.33")


def test_the_forms_own_monthly_cap_wins_over_the_general_setting() -> None:
    assert d.monthly_cap(NKL11, default=5) == 2
    assert d.monthly_cap(SESI_2JP, default=2) == 2
    assert d.monthly_cap(SESI_2JP, default=3) == 3


@pytest.mark.parametrize(
    ("already", "counted", "jp"), [(0, True, Decimal("2")), (1, True, Decimal("2")), (2, False, Decimal(0))]
)
def test_the_second_session_of_a_month_counts_the_third_does_not(
    already: int, counted: bool, jp: Decimal
) -> None:
    result = d.count_session(Decimal("2.00"), counted_in_month=already, cap=2, menit=60, menit_min=45)
    assert (result.dihitung, result.jp) == (counted, jp)
    assert result.alasan == ("" if counted else d.Alasan.BATAS_BULAN)


@pytest.mark.parametrize(
    ("menit", "counted", "alasan"),
    [(1, False, d.Alasan.SINGKAT), (44, False, d.Alasan.SINGKAT), (45, True, "")],
)
def test_a_session_shorter_than_the_minimum_is_logged_but_not_counted(
    menit: int, counted: bool, alasan: str
) -> None:
    result = d.count_session(Decimal("2.00"), counted_in_month=0, cap=2, menit=menit, menit_min=45)
    assert (result.dihitung, result.jp, result.alasan) == (
        counted,
        Decimal("2.00") if counted else Decimal(0),
        alasan,
    )


def test_a_short_session_says_why_even_when_the_month_is_full() -> None:
    result = d.count_session(Decimal("2.00"), counted_in_month=2, cap=2, menit=10, menit_min=45)
    assert result.alasan == d.Alasan.SINGKAT


def test_month_bounds_cover_december_and_a_leap_february() -> None:
    assert d.month_bounds(D(2026, 12, 31)) == (D(2026, 12, 1), D(2026, 12, 31))
    assert d.month_bounds(D(2028, 2, 10)) == (D(2028, 2, 1), D(2028, 2, 29))


def _problems(tanggal: dt.date, menit: int, selesai: dt.date | None = None) -> list[d.SesiProblem]:
    return d.session_problems(
        tanggal=tanggal, menit=menit, today=D(2026, 5, 10), mulai=D(2026, 1, 1), selesai=selesai
    )


def test_session_input_bounds() -> None:
    assert _problems(D(2026, 5, 10), 1) == []
    assert _problems(D(2026, 5, 10), 480) == []
    assert _problems(D(2026, 5, 10), 0) == [d.SesiProblem.MENIT]
    assert _problems(D(2026, 5, 10), 481) == [d.SesiProblem.MENIT]
    assert _problems(D(2026, 5, 11), 60) == [d.SesiProblem.MASA_DEPAN]
    assert _problems(D(2025, 12, 31), 60) == [d.SesiProblem.SEBELUM_MULAI]
    assert _problems(D(2026, 4, 1), 60, selesai=D(2026, 3, 31)) == [d.SesiProblem.SESUDAH_SELESAI]


def _orang(
    pk: int,
    *,
    kelompok: str = "PELAKSANA",
    gol: int | None = 9,
    jenis: str = "PNS",
    instansi: int = 1,
    aktif: bool = True,
) -> d.Orang:
    return d.Orang(
        id=pk, instansi_id=instansi, aktif=aktif, jenis_asn=jenis, kelompok=kelompok, golongan_urutan=gol
    )


def test_who_may_coach_whom() -> None:
    staf = _orang(1, gol=9)
    none: frozenset[int] = frozenset()
    assert d.pembimbing_problem(_orang(2, gol=5), staf, atasan_chain=frozenset({2})) is None  # the supervisor
    assert d.pembimbing_problem(_orang(3, kelompok="PENGAWAS", gol=9), staf, atasan_chain=none) is None
    assert d.pembimbing_problem(_orang(4, gol=10), staf, atasan_chain=none) is None  # higher rank
    assert d.pembimbing_problem(_orang(5, gol=9), staf, atasan_chain=none) == d.PembimbingProblem.BUKAN_SENIOR
    assert d.pembimbing_problem(staf, staf, atasan_chain=none) == d.PembimbingProblem.DIRI_SENDIRI
    other = _orang(6, gol=12, instansi=2)
    assert d.pembimbing_problem(other, staf, atasan_chain=none) == d.PembimbingProblem.INSTANSI_LAIN
    retired = _orang(7, gol=12, aktif=False)
    assert d.pembimbing_problem(retired, staf, atasan_chain=none) == d.PembimbingProblem.TIDAK_AKTIF
    cpns = _orang(8, gol=12, jenis="CPNS")
    assert d.pembimbing_problem(cpns, staf, atasan_chain=none) == d.PembimbingProblem.CPNS
    pppk = _orang(9, gol=12, jenis="PPPK")  # PPPK ranks are another scale: not comparable
    assert d.pembimbing_problem(pppk, staf, atasan_chain=none) == d.PembimbingProblem.BUKAN_SENIOR


@pytest.mark.parametrize(
    ("batas", "diputuskan", "expected"),
    [
        (D(2026, 9, 30), D(2026, 9, 30), d.Ketepatan.TEPAT_WAKTU),
        (D(2026, 9, 30), D(2026, 10, 1), d.Ketepatan.TERLAMBAT),
        (None, D(2026, 10, 1), d.Ketepatan.TEPAT_WAKTU),
        (D(2026, 9, 30), None, d.Ketepatan.LEWAT_BATAS),
        (D(2026, 10, 15), None, d.Ketepatan.MENUNGGU),
        (D(2026, 10, 10), None, d.Ketepatan.MENUNGGU),  # the deadline day itself is still in time
    ],
)
def test_review_timeliness(batas: dt.date | None, diputuskan: dt.date | None, expected: d.Ketepatan) -> None:
    assert d.review_timeliness(batas=batas, diputuskan=diputuskan, today=D(2026, 10, 10)) == expected
