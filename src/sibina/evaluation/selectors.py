"""Reads of the SKM: tallies summed by the database (whole numbers, exact), results computed by the domain.

A year's result for a unit is its own yearly survey when it held one, else its semesters of that year pooled
(all answers together, as if one survey had been held). The category bounds are the regulatory settings in
force at the period's end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from sibina.evaluation import domain
from sibina.evaluation.domain import Hasil, MutuBands, Periode, Tally
from sibina.evaluation.models import JawabanSkm, SurveiSkm
from sibina.people.models import Instansi, UnitKerja
from sibina.reference.selectors import KetentuanTable

BAND_KODES = ("SKM_MUTU_A_MIN", "SKM_MUTU_B_MIN", "SKM_MUTU_C_MIN")


def period_end(periode: Periode) -> dt.date:
    return dt.date(periode.tahun, 6, 30) if periode.semester == 1 else dt.date(periode.tahun, 12, 31)


class Bands:
    """The category bounds in force on each period's last day, read in one query."""

    def __init__(self) -> None:
        self._table = KetentuanTable(BAND_KODES)
        self._cache: dict[dt.date, MutuBands] = {}

    def on(self, periode: Periode) -> MutuBands:
        day = period_end(periode)
        if day not in self._cache:
            a, b, c = (self._table.value(k, on=day) for k in BAND_KODES)
            self._cache[day] = MutuBands(a_min=a, b_min=b, c_min=c)
        return self._cache[day]


@dataclass(frozen=True)
class SkmRow:
    """One unit's SKM in one period: what it was computed from and the results."""

    unit: UnitKerja
    periode: Periode
    tally: Tally
    hasil: Hasil
    gabungan: tuple[str, ...] = ()  # the semesters pooled into a year's result; () for one survey
    rata: bool = False  # computed from element averages the unit reported (not individual questionnaires)


def tallies(surveys: Iterable[SurveiSkm]) -> dict[int, Tally]:
    """Each survey's tally, by survey id: questionnaires summed per element in one query."""
    surveys = list(surveys)
    out: dict[int, Tally] = {}
    jawaban_ids = [s.pk for s in surveys if s.bentuk == SurveiSkm.Bentuk.JAWABAN]
    if jawaban_ids:
        sums = (
            JawabanSkm.objects.filter(survei_id__in=jawaban_ids)
            .values("survei_id")
            .annotate(n=Count("id"), **{f: Sum(f) for f in domain.UNSUR_FIELDS})
        )
        for row in sums:
            out[row["survei_id"]] = domain.tally_sums(row["n"], [row[f] for f in domain.UNSUR_FIELDS])
    for s in surveys:
        if s.bentuk == SurveiSkm.Bentuk.RATA and s.jumlah_responden:
            rata = [Decimal(str(v)) for v in s.rata()]
            out[s.pk] = domain.tally_averages(s.jumlah_responden, rata)
    return out


def survey_list(*, instansi: Instansi, units: Q | None = None, tahun: int | None = None) -> list[SurveiSkm]:
    qs = SurveiSkm.objects.filter(instansi=instansi).select_related("unit")
    if units is not None:
        qs = qs.filter(units)
    if tahun is not None:
        qs = qs.filter(tahun=tahun)
    return list(qs)


def _rows(surveys: list[SurveiSkm], periode: Periode, bands: Bands) -> list[SkmRow]:
    """The results of ``periode`` from the surveys given (one unit's or many): a semester's own survey; a year's
    own survey, else its semesters pooled."""
    counted = tallies(s for s in surveys if s.tahun == periode.tahun)
    by_unit: dict[int, list[SurveiSkm]] = {}
    for s in surveys:
        if s.tahun == periode.tahun and s.pk in counted:
            by_unit.setdefault(s.unit_id, []).append(s)
    rows: list[SkmRow] = []
    for found in by_unit.values():
        own = [s for s in found if s.periode == periode.label]
        gabungan: tuple[str, ...] = ()
        if own:
            chosen, gabungan = own, ()
        elif periode.semester is None:
            chosen = sorted((s for s in found if s.semester is not None), key=lambda s: s.semester or 0)
            gabungan = tuple(s.periode for s in chosen)
        else:
            continue
        if not chosen:
            continue
        tally = domain.KOSONG
        for s in chosen:
            tally = tally + counted[s.pk]
        if not tally.complete:
            continue
        rows.append(
            SkmRow(
                unit=chosen[0].unit,
                periode=periode,
                tally=tally,
                hasil=domain.hasil(tally, bands.on(periode)),
                gabungan=gabungan,
                rata=any(s.bentuk == SurveiSkm.Bentuk.RATA for s in chosen),
            )
        )
    # By name, as a reader looks a unit up (kelurahan, puskesmas and schools fall together); the tree path of
    # unpadded ids would order "/100/" before "/99/", differently on each database.
    rows.sort(key=lambda r: (r.unit.nama, r.unit.pk))
    return rows


def skm_results(*, instansi: Instansi, periode: Periode, units: Q | None = None) -> list[SkmRow]:
    """Every unit's SKM of one period (units in scope when ``units`` is given), in the tree's order."""
    return _rows(survey_list(instansi=instansi, units=units, tahun=periode.tahun), periode, Bands())


def unit_series(*, unit: UnitKerja) -> list[SkmRow]:
    """A unit's SKM over time: each survey it held, in time order (semesters, then a yearly survey)."""
    surveys = list(SurveiSkm.objects.filter(unit=unit).select_related("unit"))
    bands = Bands()
    rows: list[SkmRow] = []
    for label in sorted({s.periode for s in surveys}, key=lambda p: domain.parse_periode(p).urutan):
        periode = domain.parse_periode(label)
        rows.extend(r for r in _rows(surveys, periode, bands) if not r.gabungan)
    return rows


def unit_years(*, unit: UnitKerja) -> list[SkmRow]:
    """A unit's SKM per year (its yearly survey, else its semesters pooled), oldest first."""
    surveys = list(SurveiSkm.objects.filter(unit=unit).select_related("unit"))
    bands = Bands()
    rows: list[SkmRow] = []
    for tahun in sorted({s.tahun for s in surveys}):
        rows.extend(_rows(surveys, Periode(tahun), bands))
    return rows


def periods(*, instansi: Instansi, units: Q | None = None) -> list[Periode]:
    """The periods with SKM data, newest first: each survey's own period and each year that has any."""
    qs = SurveiSkm.objects.filter(instansi=instansi)
    if units is not None:
        qs = qs.filter(units)
    labels = set(qs.values_list("periode", flat=True).distinct())
    found = {domain.parse_periode(p) for p in labels} | {domain.parse_periode(p[:4]) for p in labels}
    return sorted(found, key=lambda p: p.urutan, reverse=True)


def results_of(surveys: list[SurveiSkm], periode: Periode, bands: Bands) -> list[SkmRow]:
    """The results of one period from the surveys given (a semester's own survey; a year's own or pooled)."""
    return _rows(surveys, periode, bands)


def latest_verdicts(*, instansi_id: int) -> dict[int, object]:
    """Each program's latest stored effect on converted IKM (the most recent plan year computed), by activity id."""
    from sibina.evaluation.models import EfekProgram

    out: dict[int, object] = {}
    rows = EfekProgram.objects.filter(instansi_id=instansi_id, hasil=EfekProgram.Hasil.IKM).order_by("tahun")
    for e in rows:
        out[e.kegiatan_id] = e  # a later year replaces an earlier one
    return out


def to_review(*, instansi_id: int) -> set[int]:
    """Activities whose latest verdict is "review the method"."""
    return {
        k
        for k, e in latest_verdicts(instansi_id=instansi_id).items()
        if getattr(e, "verdict", "") == "TINJAU_ULANG"
    }
