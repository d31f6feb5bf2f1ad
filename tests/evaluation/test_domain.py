"""SKM arithmetic: exact NRR, IKM, converted IKM, two-decimal rounding and the categories at every boundary of
DOMAIN.md §6, from questionnaires built to land on each; and what naive floating point gets wrong."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sibina.evaluation import domain
from sibina.evaluation.domain import MutuBands, Periode

BANDS = MutuBands(a_min=Decimal("88.31"), b_min=Decimal("76.61"), c_min=Decimal("65.00"))


def questionnaires(n: int, totals: list[int]) -> list[tuple[int, ...]]:
    """``n`` questionnaires whose answers to element i add up to ``totals[i]`` (each answer 1–4)."""
    assert len(totals) == 9
    columns = []
    for total in totals:
        base, extra = divmod(total, n)
        assert 1 <= base <= 4 and (base < 4 or extra == 0), total
        columns.append([base + 1] * extra + [base] * (n - extra))
    return list(zip(*columns, strict=True))


def spread(n: int, total: int) -> list[int]:
    """Nine element totals adding up to ``total``, as even as they can be."""
    base, extra = divmod(total, 9)
    return [base + 1] * extra + [base] * (9 - extra)


def naive_float(rows: list[tuple[int, ...]]) -> float:
    """The converted IKM as a spreadsheet computes it: float NRR, Σ NRR_i × (1/9), × 25."""
    n = len(rows)
    nrr = [sum(r[i] for r in rows) / n for i in range(9)]
    return sum(v * (1 / 9) for v in nrr) * 25


def naive_mutu(value: float) -> str:
    return "A" if value >= 88.31 else "B" if value >= 76.61 else "C" if value >= 65.00 else "D"


# (respondents, total of all answers) -> converted IKM 25·T/(9n), rounded half up, and its category
BOUNDARIES = [
    (24, 763, "88.31", "A"),  # 88.3101…
    (250, 7947, "88.30", "B"),  # exactly 88.30
    (19, 524, "76.61", "B"),  # 76.6081…
    (125, 3447, "76.60", "C"),  # exactly 76.60
    (5, 117, "65.00", "C"),  # exactly 65.00
    (38, 889, "64.99", "D"),  # 64.9853…
    (5000, 158949, "88.31", "A"),  # exactly 88.305: half up
]


@pytest.mark.parametrize(("n", "total", "expected", "letter"), BOUNDARIES)
def test_every_boundary_from_questionnaires(n: int, total: int, expected: str, letter: str) -> None:
    rows = questionnaires(n, spread(n, total))
    assert len(rows) == n and sum(map(sum, rows)) == total
    result = domain.hasil(domain.tally_answers(rows), BANDS)
    assert result.ikm == Fraction(total, 9 * n)
    assert result.ikm_konversi == Decimal(expected)
    assert str(result.ikm_konversi) == expected
    assert result.mutu == letter
    assert result.responden == n


def test_float_puts_an_exact_65_00_at_64_99999_and_in_category_d() -> None:
    rows = questionnaires(5, [11, 8, 20, 5, 17, 18, 5, 19, 14])
    exact = domain.hasil(domain.tally_answers(rows), BANDS)
    assert exact.ikm * 25 == 65
    assert (exact.ikm_konversi, exact.mutu) == (Decimal("65.00"), "C")
    value = naive_float(rows)
    assert value == 64.99999999999999
    assert naive_mutu(value) == "D"  # a unit with exactly 65.00 wrongly "Tidak Baik"


def test_float_rounds_an_exact_88_305_to_88_30_and_category_b() -> None:
    rows = questionnaires(5000, [17661] * 9)
    exact = domain.hasil(domain.tally_answers(rows), BANDS)
    assert exact.ikm * 25 == Fraction("88.305")
    assert (exact.ikm_konversi, exact.mutu) == (Decimal("88.31"), "A")
    value = naive_float(rows)
    assert value == 88.30499999999998
    assert round(value, 2) == 88.3
    rounded = Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)  # rounding half up after the fact
    assert rounded == Decimal("88.30")
    assert naive_mutu(float(rounded)) == "B"  # wrongly "Baik" instead of "Sangat Baik"


def test_the_weight_is_exactly_one_ninth_so_a_perfect_survey_is_100() -> None:
    best = domain.hasil(domain.tally_answers([(4,) * 9] * 3), BANDS)
    worst = domain.hasil(domain.tally_answers([(1,) * 9] * 3), BANDS)
    assert (best.ikm_konversi, best.mutu) == (Decimal("100.00"), "A")
    assert (worst.ikm_konversi, worst.mutu) == (Decimal("25.00"), "D")
    assert sum(Fraction(4) * Fraction("0.111") for _ in range(9)) * 25 == Fraction("99.9")  # the 0.111 trap


def test_nrr_per_element_is_total_over_answers() -> None:
    rows = [(4, 3, 2, 1, 4, 3, 2, 1, 4), (3, 3, 3, 3, 3, 3, 3, 3, 3), (4, 4, 4, 4, 1, 1, 1, 1, 2)]
    result = domain.hasil(domain.tally_answers(rows), BANDS)
    assert result.nrr == (
        Fraction(11, 3),
        Fraction(10, 3),
        Fraction(9, 3),
        Fraction(8, 3),
        Fraction(8, 3),
        Fraction(7, 3),
        Fraction(6, 3),
        Fraction(5, 3),
        Fraction(9, 3),
    )
    assert result.nrr_rounded(3)[0] == Decimal("3.667")
    assert result.ikm == Fraction(73, 27)
    assert result.ikm_konversi == Decimal("67.59")  # 67.5925…
    assert result.mutu == "C"


def test_pooled_semesters_count_every_answer_once() -> None:
    s1 = domain.tally_answers([(4,) * 9, (2,) * 9])
    s2 = domain.tally_answers([(3,) * 9])
    year = s1 + s2
    assert year.responden == 3
    assert domain.nrr(year) == (Fraction(3),) * 9
    assert domain.konversi(year) == Decimal("75.00")


def test_element_averages_give_the_same_result_as_their_questionnaires() -> None:
    rows = questionnaires(4, [13, 10, 12, 9, 16, 4, 8, 15, 11])
    raw = domain.tally_answers(rows)
    averages = domain.tally_averages(4, [Decimal(t) / 4 for t in [13, 10, 12, 9, 16, 4, 8, 15, 11]])
    assert domain.hasil(raw, BANDS) == domain.hasil(averages, BANDS)


@pytest.mark.parametrize("bad", [0, 5, -1, True])
def test_an_answer_outside_1_to_4_is_refused(bad: int) -> None:
    with pytest.raises(ValueError):
        domain.tally_answers([(3, 3, 3, 3, bad, 3, 3, 3, 3)])


def test_bands_out_of_order_are_refused() -> None:
    with pytest.raises(ValueError):
        MutuBands(a_min=Decimal("76.61"), b_min=Decimal("88.31"), c_min=Decimal("65.00"))


@pytest.mark.parametrize(
    ("text", "periode"),
    [
        ("2026", Periode(2026)),
        ("2026-S1", Periode(2026, 1)),
        ("2026-s2", Periode(2026, 2)),
        ("2026 S1", Periode(2026, 1)),
        ("2026/S2", Periode(2026, 2)),
    ],
)
def test_periods(text: str, periode: Periode) -> None:
    assert domain.parse_periode(text) == periode


@pytest.mark.parametrize("text", ["2026-S3", "26", "2016", "S1-2026", "2026-Q1", "", "2026-S"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(ValueError):
        domain.parse_periode(text)


def test_periods_sort_semesters_before_the_year_survey() -> None:
    labels = ["2026", "2025-S2", "2026-S1", "2025", "2025-S1"]
    ordered = sorted((domain.parse_periode(p) for p in labels), key=lambda p: p.urutan)
    assert [p.label for p in ordered] == ["2025-S1", "2025-S2", "2025", "2026-S1", "2026"]


@pytest.mark.parametrize(
    ("text", "value"), [("3,25", Decimal("3.25")), ("3.250000", Decimal("3.25")), ("4", Decimal(4))]
)
def test_averages_read(text: str, value: Decimal) -> None:
    assert domain.parse_rata(text, places=6) == value


@pytest.mark.parametrize("text", ["0.99", "4.01", "3,1234567", "tiga", "3.2.1", "-3"])
def test_bad_averages(text: str) -> None:
    with pytest.raises(ValueError):
        domain.parse_rata(text, places=6)


# --- properties ----------------------------------------------------------------------------------------------

answer = st.integers(min_value=1, max_value=4)
questionnaire = st.tuples(*([answer] * 9))
surveys = st.lists(questionnaire, min_size=1, max_size=40)


@given(surveys)
def test_converted_ikm_is_the_exact_value_rounded_half_up(rows: list[tuple[int, ...]]) -> None:
    n, total = len(rows), sum(map(sum, rows))
    exact = Fraction(25 * total, 9 * n)
    result = domain.hasil(domain.tally_answers(rows), BANDS)
    assert result.ikm * 25 == exact
    assert abs(Fraction(result.ikm_konversi) - exact) <= Fraction(1, 200)
    assert Decimal(25) <= result.ikm_konversi <= Decimal(100)
    with localcontext(prec=60):  # 60 digits: no fraction of denominator ≤ 360 comes that close to a half
        independent = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
    assert result.ikm_konversi == independent
    assert result.mutu == domain.mutu(result.ikm_konversi, BANDS)


@given(surveys, surveys)
def test_pooling_is_adding_the_questionnaires(a: list[tuple[int, ...]], b: list[tuple[int, ...]]) -> None:
    assert domain.tally_answers(a) + domain.tally_answers(b) == domain.tally_answers(a + b)


@given(surveys, st.randoms(use_true_random=False))
def test_order_of_questionnaires_does_not_matter(rows: list[tuple[int, ...]], rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert domain.hasil(domain.tally_answers(rows), BANDS) == domain.hasil(
        domain.tally_answers(shuffled), BANDS
    )


@given(surveys, st.integers(min_value=0), st.integers(min_value=0, max_value=8))
def test_a_better_answer_never_lowers_the_ikm_or_the_category(
    rows: list[tuple[int, ...]], which: int, element: int
) -> None:
    i = which % len(rows)
    if rows[i][element] == 4:
        return
    better = list(rows)
    better[i] = tuple(v + 1 if k == element else v for k, v in enumerate(rows[i]))
    before = domain.hasil(domain.tally_answers(rows), BANDS)
    after = domain.hasil(domain.tally_answers(better), BANDS)
    assert after.ikm > before.ikm
    assert after.ikm_konversi >= before.ikm_konversi
    assert "ABCD".index(after.mutu) <= "ABCD".index(before.mutu)


@given(st.fractions(min_value=0, max_value=1000), st.integers(min_value=0, max_value=4))
def test_round_half_up_agrees_with_decimal_on_terminating_values(value: Fraction, places: int) -> None:
    as_decimal = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(as_decimal) != value:  # not exactly representable in 28 digits: skip
        return
    assert domain.round_half_up(value, places) == as_decimal.quantize(
        Decimal(1).scaleb(-places), ROUND_HALF_UP
    )


@given(st.integers(min_value=2017, max_value=2100), st.sampled_from([None, 1, 2]))
def test_period_labels_read_back(tahun: int, semester: int | None) -> None:
    periode = Periode(tahun, semester)
    assert domain.parse_periode(periode.label) == periode


@pytest.mark.parametrize(
    ("periode", "before"),
    [
        (Periode(2026), Periode(2025)),
        (Periode(2026, 2), Periode(2026, 1)),
        (Periode(2026, 1), Periode(2025, 2)),
    ],
)
def test_the_period_before(periode: Periode, before: Periode) -> None:
    assert domain.sebelumnya(periode) == before
