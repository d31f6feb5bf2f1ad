"""Competency and performance rules as pure functions (DOMAIN.md §3, §5).

Percentages are computed exactly (fractions) and classified on exact lower bounds, so 78 is "Cukup Optimal"
and 77.999… never is; only the displayed figure is rounded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# SKP ratings (PermenPANRB 6/2022): work results (HK) and behaviour (PK).
DI_BAWAH, SESUAI, DI_ATAS = "DI_BAWAH", "SESUAI", "DI_ATAS"
RATINGS = (DI_BAWAH, SESUAI, DI_ATAS)
# Potential (talent 9-box X axis).
RENDAH, MENENGAH, TINGGI = "RENDAH", "MENENGAH", "TINGGI"
POTENTIALS = (RENDAH, MENENGAH, TINGGI)


@dataclass(frozen=True)
class LevelPair:
    """One competency of one employee: the level the position requires and the level assessed."""

    kompetensi: str
    kelompok: str  # MANAJERIAL | SOSIAL_KULTURAL | TEKNIS
    standar: int
    capaian: int | None  # None: the assessment did not measure it (unknown, not level 0)

    @property
    def gap(self) -> int | None:
        """Only a positive gap creates a need; an unmeasured competency has no known gap."""
        if self.capaian is None:
            return None
        return max(self.standar - self.capaian, 0)


@dataclass(frozen=True)
class Band:
    """A category with its exact lower bound (inclusive), e.g. ("OPTIMAL", 90)."""

    kode: str
    batas_bawah: Decimal


@dataclass(frozen=True)
class JpmVariant:
    """Departures from the formula as written (DOMAIN §3), each a reference setting with an effective date.

    The defaults are the formula itself: Σ achieved level / Σ required level × 100 over the competencies the
    assessment measured. ``batasi_standar``: count each achieved level at most up to its standard.
    ``tak_terukur_nol``: count a standard competency the assessment did not measure as level 0 (instead of
    leaving it out of both sums and flagging the JPM as based on an incomplete assessment).
    """

    batasi_standar: bool = False
    tak_terukur_nol: bool = False


def jpm(
    pairs: Iterable[LevelPair], *, bobot_teknis: Fraction | None = None, varian: JpmVariant = JpmVariant()
) -> Fraction | None:
    """Job Person Match in percent: Σ achieved level / Σ required level × 100 (DOMAIN §3).

    With ``bobot_teknis`` (e.g. 2/5 for a 40/60 split) technical and non-technical competencies are matched
    separately and weighted; a side with no standards falls back to the other one. None without a measured
    standard (or without standards at all).
    """
    items = list(pairs)
    if bobot_teknis is None:
        return _ratio(items, varian)
    teknis = _ratio([p for p in items if p.kelompok == "TEKNIS"], varian)
    lainnya = _ratio([p for p in items if p.kelompok != "TEKNIS"], varian)
    if teknis is None or lainnya is None:
        return teknis if lainnya is None else lainnya
    return bobot_teknis * teknis + (1 - bobot_teknis) * lainnya


def _ratio(items: list[LevelPair], varian: JpmVariant) -> Fraction | None:
    counted = items if varian.tak_terukur_nol else [p for p in items if p.capaian is not None]
    required = sum(p.standar for p in counted)
    if required == 0 or all(p.capaian is None for p in counted):
        return None
    achieved = 0
    for p in counted:
        level = p.capaian or 0
        achieved += min(level, p.standar) if varian.batasi_standar else level
    return Fraction(achieved * 100, required)


def measured_count(items: Iterable[LevelPair]) -> tuple[int, int]:
    """(standard competencies the assessment measured, standard competencies): "7 of 9 measured"."""
    pairs = list(items)
    return sum(p.capaian is not None for p in pairs), len(pairs)


def classify(value: Fraction, bands: Iterable[Band]) -> str:
    """The first band (highest bound first) whose lower bound the exact value reaches."""
    ordered = sorted(bands, key=lambda b: b.batas_bawah, reverse=True)
    for band in ordered:
        if value >= Fraction(band.batas_bawah):
            return band.kode
    return ordered[-1].kode


def round2(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def predikat(hasil_kerja: str, perilaku_kerja: str, matrix: Mapping[tuple[str, str], str]) -> str:
    """SKP predikat from the (HK, PK) matrix held as reference data."""
    try:
        return matrix[(hasil_kerja, perilaku_kerja)]
    except KeyError as exc:
        raise ValueError(f"No predikat for HK={hasil_kerja}, PK={perilaku_kerja}") from exc


def potential_level(skor: Decimal, *, batas_menengah: Decimal, batas_tinggi: Decimal) -> str:
    if skor >= batas_tinggi:
        return TINGGI
    if skor >= batas_menengah:
        return MENENGAH
    return RENDAH


# Talent 9-box (PermenPANRB 3/2020): rows = performance, columns = potential low/middle/high.
_BOX = {
    DI_ATAS: (4, 7, 9),
    SESUAI: (2, 5, 8),
    DI_BAWAH: (1, 3, 6),
}


def talent_box(kinerja: str, potensial: str) -> int:
    return _BOX[kinerja][POTENTIALS.index(potensial)]


@dataclass(frozen=True)
class PriorityWeights:
    """Weights of the priority score (points out of 100 when every factor is at its maximum)."""

    gap: Decimal
    kritikalitas: Decimal
    talenta: Decimal
    kinerja: Decimal
    skm: Decimal
    lama: Decimal
    # The gap factor (0–1) of a need whose current level is unknown (not yet measured): its own treatment,
    # never a gap made up from level 0. A reference setting (PRIORITAS_FAKTOR_GAP_TAK_DIUKUR).
    gap_tak_diukur: Decimal = Decimal(0)
    # The commitment of the employee's OPD in the year before (PRIORITAS_BOBOT_KOMITMEN; 0 leaves scores as
    # they were: the factor moves a priority only through its weight).
    komitmen: Decimal = Decimal(0)


@dataclass(frozen=True)
class PriorityInput:
    gap: int | None  # levels, 0–4; None: the current level is unknown (not yet measured)
    kritikalitas: Decimal  # 0–1: how critical the position is (leaders, front-line service)
    talenta_pengembangan: bool  # the talent box recommends competency development
    kinerja_faktor: Decimal  # 0–1 from the SKP predikat (1 = Sangat Kurang … 0 = Sangat Baik)
    skm_defisit: Decimal  # 0–1: how far the unit's IKM falls short of "Baik"
    tahun_sejak_pengembangan: int  # years since the last development record (capped at 3)
    komitmen: Decimal = Decimal(0)  # 0–1: the attendance rate of the employee's OPD in the year before


@dataclass(frozen=True)
class PriorityPart:
    faktor: str
    nilai: Decimal  # the factor's value in 0–1
    poin: Decimal  # its contribution to the score


def priority(inp: PriorityInput, w: PriorityWeights) -> tuple[Decimal, list[PriorityPart]]:
    """A 0–100 score and its parts, largest contribution first, so the score can explain itself."""
    factors = [
        ("gap", _unit(w.gap_tak_diukur) if inp.gap is None else Decimal(min(inp.gap, 4)) / 4, w.gap),
        ("kritikalitas", _unit(inp.kritikalitas), w.kritikalitas),
        ("talenta", Decimal(1 if inp.talenta_pengembangan else 0), w.talenta),
        ("kinerja", _unit(inp.kinerja_faktor), w.kinerja),
        ("skm", _unit(inp.skm_defisit), w.skm),
        ("lama", Decimal(min(max(inp.tahun_sejak_pengembangan, 0), 3)) / 3, w.lama),
        ("komitmen", _unit(inp.komitmen), w.komitmen),
    ]
    parts = [PriorityPart(name, value, _points(value, weight, w)) for name, value, weight in factors]
    score = sum((p.poin for p in parts), Decimal(0))
    return score, sorted(parts, key=lambda p: p.poin, reverse=True)


def _points(value: Decimal, weight: Decimal, w: PriorityWeights) -> Decimal:
    total = w.gap + w.kritikalitas + w.talenta + w.kinerja + w.skm + w.lama + w.komitmen or Decimal(1)
    return (value * weight * 100 / total).quantize(Decimal("0.1"), ROUND_HALF_UP)


def skm_points_max(w: PriorityWeights) -> Decimal:
    """The points of 100 the SKM factor adds at most (what a score lacks while no SKM data is held)."""
    return _points(Decimal(1), w.skm, w)


def _unit(value: Decimal) -> Decimal:
    return min(max(value, Decimal(0)), Decimal(1))
