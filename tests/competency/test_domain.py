"""Boundaries of JPM bands, every cell of the predikat matrix, every talent box, the priority score."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sibina.competency import domain as d

MAPPING = [
    d.Band("OPTIMAL", Decimal(90)),
    d.Band("CUKUP_OPTIMAL", Decimal(78)),
    d.Band("KURANG_OPTIMAL", Decimal(0)),
]
SELEKSI = [d.Band("MS", Decimal(80)), d.Band("MMS", Decimal(68)), d.Band("KMS", Decimal(0))]


def pairs(*levels: tuple[int, int], kelompok: str = "MANAJERIAL") -> list[d.LevelPair]:
    return [d.LevelPair(f"K{i}", kelompok, s, c) for i, (s, c) in enumerate(levels)]


@pytest.mark.parametrize(
    ("value", "mapping", "seleksi"),
    [
        (Fraction(90), "OPTIMAL", "MS"),
        (Fraction(8999, 100), "CUKUP_OPTIMAL", "MS"),
        (Fraction(78), "CUKUP_OPTIMAL", "MMS"),
        (Fraction(7799, 100), "KURANG_OPTIMAL", "MMS"),
        (Fraction(80), "CUKUP_OPTIMAL", "MS"),
        (Fraction(7999, 100), "CUKUP_OPTIMAL", "MMS"),
        (Fraction(68), "KURANG_OPTIMAL", "MMS"),
        (Fraction(6799, 100), "KURANG_OPTIMAL", "KMS"),
        (Fraction(0), "KURANG_OPTIMAL", "KMS"),
    ],
)
def test_jpm_band_boundaries(value: Fraction, mapping: str, seleksi: str) -> None:
    assert d.classify(value, MAPPING) == mapping
    assert d.classify(value, SELEKSI) == seleksi


def test_jpm_exact_fraction_is_not_fooled_by_floats() -> None:
    # 39/50 = 78% exactly: must be Cukup Optimal, where float arithmetic could give 77.99999.
    value = d.jpm(pairs(*[(5, 4)] * 3, (5, 3), *[(5, 4)] * 6))
    assert value == Fraction(39 * 100, 50)
    assert d.classify(value, MAPPING) == "CUKUP_OPTIMAL"
    assert d.round2(Fraction(2, 3) * 100) == Decimal("66.67")


def test_jpm_weighted_technical_40_60() -> None:
    items = pairs((4, 2)) + pairs((2, 2), kelompok="TEKNIS")
    assert d.jpm(items) == Fraction(400, 6)
    assert d.jpm(items, bobot_teknis=Fraction(2, 5)) == Fraction(2, 5) * 100 + Fraction(3, 5) * 50
    assert d.jpm(pairs((3, 3)), bobot_teknis=Fraction(2, 5)) == 100
    assert d.jpm([]) is None


def test_jpm_is_the_formula_as_written_achieved_over_required() -> None:
    # DOMAIN §3: JPM = Σ achieved level / Σ required level × 100, no cap per competency.
    nine = pairs(*[(3, 1)] * 3, *[(3, 4)] * 6)  # (3 + 24) / 27
    value = d.jpm(nine)
    assert value == 100
    assert (d.classify(value, MAPPING), d.classify(value, SELEKSI)) == ("OPTIMAL", "MS")
    assert d.jpm(pairs((3, 5), (3, 1))) == 100  # (5 + 1) / 6
    assert d.jpm(pairs((2, 1), (2, 2))) == 75


def test_jpm_cap_at_standard_is_a_variant() -> None:
    capped = d.JpmVariant(batasi_standar=True)
    nine = pairs(*[(3, 1)] * 3, *[(3, 4)] * 6)  # (3 + 18) / 27
    value = d.jpm(nine, varian=capped)
    assert value == Fraction(2100, 27) and d.round2(value) == Decimal("77.78")
    assert (d.classify(value, MAPPING), d.classify(value, SELEKSI)) == ("KURANG_OPTIMAL", "MMS")
    assert d.jpm(pairs((3, 5), (3, 1)), varian=capped) == Fraction(400, 6)


def unmeasured(*levels: tuple[int, int | None]) -> list[d.LevelPair]:
    return [d.LevelPair(f"K{i}", "MANAJERIAL", s, c) for i, (s, c) in enumerate(levels)]


def test_jpm_over_the_measured_competencies_and_how_many_were_measured() -> None:
    one_of_nine = unmeasured((3, 3), *[(3, None)] * 8)
    assert d.jpm(one_of_nine) == 100  # the measured part matches: the page flags it as incomplete
    assert d.measured_count(one_of_nine) == (1, 9)
    assert d.measured_count(pairs(*[(3, 3)] * 9)) == (9, 9)
    # The variant counting an unmeasured competency as level 0: 3 / 27.
    assert d.jpm(one_of_nine, varian=d.JpmVariant(tak_terukur_nol=True)) == Fraction(300, 27)
    assert d.jpm(unmeasured((3, None), (2, None))) is None  # nothing measured: no JPM
    assert d.jpm(unmeasured((3, None)), varian=d.JpmVariant(tak_terukur_nol=True)) is None
    assert d.LevelPair("K", "MANAJERIAL", 3, None).gap is None


def test_gap_only_positive() -> None:
    assert d.LevelPair("K", "MANAJERIAL", 3, 1).gap == 2
    assert d.LevelPair("K", "MANAJERIAL", 3, 5).gap == 0


MATRIX = {
    ("DI_ATAS", "DI_BAWAH"): "KURANG",
    ("DI_ATAS", "SESUAI"): "BAIK",
    ("DI_ATAS", "DI_ATAS"): "SANGAT_BAIK",
    ("SESUAI", "DI_BAWAH"): "KURANG",
    ("SESUAI", "SESUAI"): "BAIK",
    ("SESUAI", "DI_ATAS"): "BAIK",
    ("DI_BAWAH", "DI_BAWAH"): "SANGAT_KURANG",
    ("DI_BAWAH", "SESUAI"): "BUTUH_PERBAIKAN",
    ("DI_BAWAH", "DI_ATAS"): "BUTUH_PERBAIKAN",
}


@pytest.mark.parametrize(("cell", "expected"), sorted(MATRIX.items()))
def test_every_predikat_cell(cell: tuple[str, str], expected: str) -> None:
    assert d.predikat(cell[0], cell[1], MATRIX) == expected


def test_predikat_unknown_rating() -> None:
    with pytest.raises(ValueError):
        d.predikat("BAGUS", "SESUAI", MATRIX)


@pytest.mark.parametrize(
    ("kinerja", "potensial", "box"),
    [
        ("DI_BAWAH", "RENDAH", 1),
        ("SESUAI", "RENDAH", 2),
        ("DI_BAWAH", "MENENGAH", 3),
        ("DI_ATAS", "RENDAH", 4),
        ("SESUAI", "MENENGAH", 5),
        ("DI_BAWAH", "TINGGI", 6),
        ("DI_ATAS", "MENENGAH", 7),
        ("SESUAI", "TINGGI", 8),
        ("DI_ATAS", "TINGGI", 9),
    ],
)
def test_every_talent_box(kinerja: str, potensial: str, box: int) -> None:
    assert d.talent_box(kinerja, potensial) == box


def test_potential_cut_offs_inclusive() -> None:
    kw = {"batas_menengah": Decimal(60), "batas_tinggi": Decimal(80)}
    assert d.potential_level(Decimal("59.99"), **kw) == "RENDAH"
    assert d.potential_level(Decimal(60), **kw) == "MENENGAH"
    assert d.potential_level(Decimal(80), **kw) == "TINGGI"


W = d.PriorityWeights(*(Decimal(w) for w in (40, 15, 15, 10, 10, 10)))


def test_priority_max_is_100_and_parts_explain_it() -> None:
    score, parts = d.priority(d.PriorityInput(4, Decimal(1), True, Decimal(1), Decimal(1), 3), W)
    assert score == Decimal("100.0")
    assert parts[0] == d.PriorityPart("gap", Decimal(1), Decimal("40.0"))


def test_priority_gap_only() -> None:
    score, parts = d.priority(d.PriorityInput(2, Decimal(0), False, Decimal(0), Decimal(0), 0), W)
    assert score == Decimal("20.0")
    assert [p.faktor for p in parts if p.poin] == ["gap"]


@given(
    st.integers(-2, 9),
    st.decimals(-1, 2, places=2),
    st.booleans(),
    st.decimals(-1, 2, places=2),
    st.decimals(-1, 2, places=2),
    st.integers(-5, 40),
    st.decimals(-1, 2, places=2),
)
def test_priority_always_between_0_and_100(gap, krit, tal, kin, skm, lama, komitmen) -> None:  # type: ignore[no-untyped-def]
    w = replace(W, komitmen=Decimal(10))
    score, parts = d.priority(d.PriorityInput(max(gap, 0), krit, tal, kin, skm, lama, komitmen), w)
    assert Decimal(0) <= score <= Decimal("100.35")  # seven parts each rounded to 0.1
    assert len(parts) == 7
