"""JP conversion (appendix of Peraturan LAN 10/2018) as pure functions over plain rule data.

A rule comes from the versioned ``KonversiJp`` table; the caller passes what is known about one activity
(days, sessions, minutes, the program's declared JP). Caps (3 JP per e-learning day, 2 counted coaching
sessions a month, 2 JP a day in a learning community) are applied here, so every part of SiBina counts alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def rules_date(tahun: int) -> dt.date:
    """The one day whose reference rules govern a plan year (and the JP year it is judged by): the day the
    year opens. The ledger, the needs analysis, the planner and the plan figures all read the rules in force on
    this day, so a rule changed mid-year applies from the next year and never judges one year two ways.
    """
    return dt.date(tahun, 1, 1)


@dataclass(frozen=True)
class JpRule:
    satuan: str  # PROGRAM | HARI | SESI | KEGIATAN | JAM
    bentuk_kode: str = ""
    jp_per_satuan: Decimal | None = None
    jp_per_satuan_internasional: Decimal | None = None
    faktor_internasional: Decimal | None = None
    satuan_internasional: str = ""  # "" = the same unit as nationally; detasering: PROGRAM
    batas_jp: Decimal | None = None
    batas_per: str = ""  # "" | HARI | BULAN
    batas_sesi: int | None = None


@dataclass(frozen=True)
class Pelaksanaan:
    """What is known about one activity as carried out."""

    hari: int = 0
    sesi: int = 0
    kegiatan: int = 1
    menit: int = 0
    jp_program: Decimal | None = None
    bulan: int = 1
    internasional: bool = False


class JpRuleError(ValueError):
    """The activity lacks a quantity the rule needs (e.g. the program's JP for a PROGRAM rule)."""


def _per_unit(rule: JpRule, internasional: bool) -> Decimal | None:
    if internasional and rule.jp_per_satuan_internasional is not None:
        return rule.jp_per_satuan_internasional
    return rule.jp_per_satuan


def _international(rule: JpRule, value: Decimal, internasional: bool) -> Decimal:
    # Only a factor rule scales; a rule with its own international figure has used it already.
    if internasional and rule.jp_per_satuan_internasional is None and rule.faktor_internasional is not None:
        return value * rule.faktor_internasional
    return value


def jp_for(rule: JpRule, act: Pelaksanaan, *, menit_per_jp: Decimal) -> Decimal:
    """The JP one activity counts for under ``rule``, rounded half-up to 2 decimals.

    A rule whose international branch converts by another unit (detasering: 1 activity = 20 JP nationally,
    program JP + 20% internationally) uses that unit abroad, so neither branch hides the other.
    """
    satuan = rule.satuan_internasional if act.internasional and rule.satuan_internasional else rule.satuan
    per_unit = _per_unit(rule, act.internasional)
    if satuan == "PROGRAM":
        per_unit = None
    hours = Decimal(act.menit) / menit_per_jp
    if satuan == "PROGRAM" or (per_unit is None and satuan in ("KEGIATAN", "SESI")):
        if act.jp_program is None:
            raise JpRuleError(f"{rule.bentuk_kode}: the program's JP is required")
        value = act.jp_program
    elif satuan == "JAM":
        value = hours
    elif satuan == "HARI" and per_unit is None:  # e-learning: declared JP, else actual hours; capped a day
        value = act.jp_program if act.jp_program is not None else hours
    elif satuan == "HARI":
        value = Decimal(act.hari) * (per_unit or Decimal(0))
    elif satuan == "SESI":
        value = Decimal(_counted_sessions(rule, act)) * (per_unit or Decimal(0))
    elif satuan == "KEGIATAN":
        value = Decimal(act.kegiatan) * (per_unit or Decimal(0))
    else:
        raise JpRuleError(f"{rule.bentuk_kode}: unknown unit {satuan}")
    value = _international(rule, _cap(rule, act, value), act.internasional)
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _counted_sessions(rule: JpRule, act: Pelaksanaan) -> int:
    if rule.batas_sesi is not None and rule.batas_per == "BULAN":
        return min(act.sesi, rule.batas_sesi * max(act.bulan, 1))
    return act.sesi


def _cap(rule: JpRule, act: Pelaksanaan, value: Decimal) -> Decimal:
    if rule.batas_jp is None:
        return value
    if rule.batas_per == "HARI":
        return min(value, rule.batas_jp * max(act.hari, 1))
    if rule.batas_per == "BULAN":
        return min(value, rule.batas_jp * max(act.bulan, 1))
    return min(value, rule.batas_jp)
