"""The public-satisfaction survey (SKM, PermenPANRB 14/2017) in exact arithmetic. Pure: no ORM, no float.

Nine elements (*unsur*), answers on a 1–4 scale. Per element, NRR = total score / number of answers; the
survey's IKM = Σ NRR_i × 1/9 (equal weights, exactly one ninth: the rounded 0.111 would make a perfect score
99.9); the converted IKM = IKM × 25. The regulation states no rounding rule: everything is kept as an exact
fraction, the converted value is rounded once, to two decimals, half up (88.305 → 88.31), and the quality
category (*mutu*) is read on that rounded value against lower bounds: ≥ 88.31 A, ≥ 76.61 B, ≥ 65.00 C, else D.
The bounds are regulatory settings (``SKM_MUTU_*_MIN``) passed in as :class:`MutuBands`.

Binary floating point would put an exact 65.00 at 64.99999… (a unit wrongly in D), and an exact 88.305 at
88.30499… (rounded to 88.30: B instead of A); ``tests/evaluation/test_domain.py`` shows both.

Results of several surveys (two semesters of a year) are pooled by adding their tallies: the NRR of the year is
then the total score over all answers, as if one survey had been held.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext_lazy

JAWABAN_MIN, JAWABAN_MAX = 1, 4  # the answer scale
KONVERSI = 25  # converted IKM = IKM × 25 (the 1–4 scale onto 25–100)
DESIMAL = 2  # the converted IKM is reported with two decimals
# Periods: the nine-element instrument exists since PermenPANRB 14/2017 (before it, KepmenPAN 25/2004 had 14
# elements and other bands); the upper bound is a data-entry bound.
TAHUN_MIN, TAHUN_MAX = 2017, 2100


@dataclass(frozen=True)
class Unsur:
    """One element of the survey: its regulatory number (U1…U9), the field it is stored in, its official
    Indonesian name and its name in the reader's language."""

    kode: str
    field: str
    nama_resmi: str
    nama: Promise


# In the order of PermenPANRB 14/2017. Stored by name (``field``), never only by position: some applications
# swap elements 8 and 9, so files may name their columns (``persyaratan`` … ``sarana``) as well as number them.
UNSUR: tuple[Unsur, ...] = (
    Unsur("U1", "persyaratan", "Persyaratan", gettext_lazy("Requirements")),
    Unsur(
        "U2",
        "prosedur",
        "Sistem, Mekanisme dan Prosedur",
        gettext_lazy("Systems, mechanisms and procedures"),
    ),
    Unsur("U3", "waktu", "Waktu Penyelesaian", gettext_lazy("Completion time")),
    Unsur("U4", "biaya", "Biaya/Tarif", gettext_lazy("Cost/tariff")),
    Unsur(
        "U5",
        "produk",
        "Produk Spesifikasi Jenis Pelayanan",
        gettext_lazy("Product specification of the service type"),
    ),
    Unsur("U6", "kompetensi", "Kompetensi Pelaksana", gettext_lazy("Competence of the staff")),
    Unsur("U7", "perilaku", "Perilaku Pelaksana", gettext_lazy("Behaviour of the staff")),
    Unsur(
        "U8",
        "pengaduan",
        "Penanganan Pengaduan, Saran dan Masukan",
        gettext_lazy("Handling of complaints, suggestions and feedback"),
    ),
    Unsur("U9", "sarana", "Sarana dan Prasarana", gettext_lazy("Facilities and infrastructure")),
)
JUMLAH_UNSUR = len(UNSUR)
BOBOT = Fraction(1, JUMLAH_UNSUR)  # equal weights: exactly 1/9
UNSUR_FIELDS: tuple[str, ...] = tuple(u.field for u in UNSUR)
# The elements staff development acts on most directly (the outcome measure for evaluation of programs).
UNSUR_PELAKSANA: tuple[str, ...] = ("kompetensi", "perilaku")


# --- the quality category ----------------------------------------------------------------------------------


MUTU_KATA: dict[str, Promise] = {
    "A": pgettext_lazy("SKM quality", "Very good"),
    "B": pgettext_lazy("SKM quality", "Good"),
    "C": pgettext_lazy("SKM quality", "Not good"),
    "D": pgettext_lazy("SKM quality", "Poor"),
}
MUTU_KODE = tuple(MUTU_KATA)  # best first


@dataclass(frozen=True)
class MutuBands:
    """Lower bounds of the categories A, B and C on the converted IKM rounded to two decimals (below C: D)."""

    a_min: Decimal
    b_min: Decimal
    c_min: Decimal

    def __post_init__(self) -> None:
        if not Decimal(KONVERSI) < self.c_min < self.b_min < self.a_min <= Decimal(KONVERSI * JAWABAN_MAX):
            raise ValueError(f"SKM category bounds out of order: {self}")


def mutu(konversi: Decimal, bands: MutuBands) -> str:
    """The category letter of a converted IKM that is already rounded to two decimals."""
    if konversi >= bands.a_min:
        return "A"
    if konversi >= bands.b_min:
        return "B"
    if konversi >= bands.c_min:
        return "C"
    return "D"


# --- periods -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Periode:
    """A survey period: a year (``2026``) or one of its semesters (``2026-S1``, ``2026-S2``)."""

    tahun: int
    semester: int | None = None  # 1 or 2; None for the whole year

    @property
    def label(self) -> str:
        return str(self.tahun) if self.semester is None else f"{self.tahun}-S{self.semester}"

    @property
    def urutan(self) -> tuple[int, int]:
        """Sort key in time: S1, S2, then the year's own survey (usually held at its end)."""
        return (self.tahun, 3 if self.semester is None else self.semester)

    def __str__(self) -> str:
        return self.label


def sebelumnya(periode: Periode) -> Periode:
    """The period before, of the same length: the year before a year, the semester before a semester."""
    if periode.semester is None:
        return Periode(periode.tahun - 1)
    if periode.semester == 2:
        return Periode(periode.tahun, 1)
    return Periode(periode.tahun - 1, 2)


_PERIODE = re.compile(r"^(\d{4})(?:\s*[-/_ ]\s*S(?:EMESTER)?\s*([12]))?$", re.IGNORECASE)


def parse_periode(text: str) -> Periode:
    """``2026``, ``2026-S1`` or ``2026-S2`` (case and a space or slash instead of the hyphen do not matter)."""
    match = _PERIODE.match(text.strip())
    if match is None:
        raise ValueError(text)
    tahun = int(match.group(1))
    if not TAHUN_MIN <= tahun <= TAHUN_MAX:
        raise ValueError(text)
    return Periode(tahun, int(match.group(2)) if match.group(2) else None)


# --- tallies and results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """What a survey's results are computed from: per element the total score and the number of answers.

    From individual answers the totals are whole numbers; from element averages they are average × respondents.
    """

    responden: int
    jumlah: tuple[Fraction, ...]  # total score per element, in UNSUR order
    terisi: tuple[int, ...]  # answers per element

    def __post_init__(self) -> None:
        if len(self.jumlah) != JUMLAH_UNSUR or len(self.terisi) != JUMLAH_UNSUR:
            raise ValueError("a tally has one total and one count per element")
        if self.responden < 0 or any(n < 0 for n in self.terisi):
            raise ValueError("negative counts")
        for total, n in zip(self.jumlah, self.terisi, strict=True):
            if not JAWABAN_MIN * n <= total <= JAWABAN_MAX * n:
                raise ValueError("an element's total is outside its answers' range")

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            responden=self.responden + other.responden,
            jumlah=tuple(a + b for a, b in zip(self.jumlah, other.jumlah, strict=True)),
            terisi=tuple(a + b for a, b in zip(self.terisi, other.terisi, strict=True)),
        )

    @property
    def complete(self) -> bool:
        """Every element has at least one answer (else its NRR, and the IKM, do not exist)."""
        return all(n > 0 for n in self.terisi)


KOSONG = Tally(0, (Fraction(0),) * JUMLAH_UNSUR, (0,) * JUMLAH_UNSUR)


def tally_answers(rows: Iterable[Sequence[int]]) -> Tally:
    """The tally of individual questionnaires, each nine answers 1–4 in UNSUR order."""
    totals = [0] * JUMLAH_UNSUR
    n = 0
    for row in rows:
        if len(row) != JUMLAH_UNSUR:
            raise ValueError("a questionnaire has nine answers")
        for i, answer in enumerate(row):
            if isinstance(answer, bool) or not JAWABAN_MIN <= answer <= JAWABAN_MAX:
                raise ValueError(f"answer {answer!r} outside {JAWABAN_MIN}–{JAWABAN_MAX}")
            totals[i] += answer
        n += 1
    return Tally(n, tuple(Fraction(t) for t in totals), (n,) * JUMLAH_UNSUR)


def tally_sums(responden: int, totals: Sequence[int]) -> Tally:
    """The tally from totals per element already summed (by the database) over ``responden`` questionnaires."""
    return Tally(responden, tuple(Fraction(t) for t in totals), (responden,) * JUMLAH_UNSUR)


def tally_averages(responden: int, rata: Sequence[Decimal | Fraction]) -> Tally:
    """The tally of a survey known only by its element averages (NRR) and its number of respondents."""
    if responden < 1:
        raise ValueError("a survey has at least one respondent")
    if len(rata) != JUMLAH_UNSUR:
        raise ValueError("nine element averages")
    for value in rata:
        if not JAWABAN_MIN <= value <= JAWABAN_MAX:
            raise ValueError(f"average {value} outside {JAWABAN_MIN}–{JAWABAN_MAX}")
    return Tally(responden, tuple(Fraction(v) * responden for v in rata), (responden,) * JUMLAH_UNSUR)


def nrr(tally: Tally) -> tuple[Fraction, ...]:
    """NRR per element = total score / number of answers (exact)."""
    if not tally.complete:
        raise ValueError("an element has no answers")
    return tuple(total / n for total, n in zip(tally.jumlah, tally.terisi, strict=True))


def ikm(tally: Tally) -> Fraction:
    """IKM = Σ NRR_i × 1/9 (exact, on the 1–4 scale)."""
    return sum(nrr(tally), Fraction(0)) * BOBOT


def round_half_up(value: Fraction, places: int) -> Decimal:
    """``value`` rounded to ``places`` decimals, halves away from zero, exactly (no float on the way)."""
    scale = 10**places
    scaled = abs(value) * scale
    whole = int(scaled + Fraction(1, 2))  # floor of a non-negative number
    signed = -whole if value < 0 else whole
    return Decimal(signed).scaleb(-places)


def konversi(tally: Tally) -> Decimal:
    """The converted IKM (IKM × 25), rounded to two decimals half up: the number the category is read on."""
    return round_half_up(ikm(tally) * KONVERSI, DESIMAL)


@dataclass(frozen=True)
class Hasil:
    """A survey's (or a pooled year's) results."""

    responden: int
    nrr: tuple[Fraction, ...]  # exact, in UNSUR order
    ikm: Fraction  # exact, 1–4
    ikm_konversi: Decimal  # rounded to two decimals
    mutu: str  # "A"…"D"

    def nrr_rounded(self, places: int = 3) -> tuple[Decimal, ...]:
        """The NRR for display (three decimals by default, half up); the results are computed unrounded."""
        return tuple(round_half_up(v, places) for v in self.nrr)

    def ikm_rounded(self, places: int = 4) -> Decimal:
        return round_half_up(self.ikm, places)


def hasil(tally: Tally, bands: MutuBands) -> Hasil:
    """NRR per element, IKM, converted IKM and category of one tally."""
    value = konversi(tally)
    return Hasil(
        responden=tally.responden,
        nrr=nrr(tally),
        ikm=ikm(tally),
        ikm_konversi=value,
        mutu=mutu(value, bands),
    )


def parse_rata(text: str, *, places: int) -> Decimal:
    """An element average as written in a file ("3,25" or "3.25"), 1–4, with at most ``places`` decimals."""
    cleaned = text.strip().replace(",", ".")
    if not re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        raise ValueError(text)
    value = Decimal(cleaned)
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or -exponent > places:
        raise ValueError(text)
    if not JAWABAN_MIN <= value <= JAWABAN_MAX:
        raise ValueError(text)
    return value
