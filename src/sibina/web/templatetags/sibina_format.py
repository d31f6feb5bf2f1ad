"""The house forms as template filters (``{% load sibina_format %}``): ``{{ d|tanggal }}``, ``{{ d|tanggal_pendek }}``,
``{{ t|waktu }}``, ``{{ d|iso }}`` (inside ``<input type="date">``), ``{{ n|triwulan }}``, ``{{ x|rupiah }}``,
``{{ x|jp }}``, ``{{ s|durasi }}``, ``{{ x|persen }}``, ``{{ x|desimal }}``. The forms themselves live in ``sibina.formats``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template

from sibina import formats

register = template.Library()


def _date(value: Any) -> dt.date | dt.datetime | None:
    """A date or datetime, or None for anything else (a blank cell, "" from a missing variable)."""
    return value if isinstance(value, dt.date) else None


def _number(value: Any) -> formats.Number | None:
    """A number, or None for a blank or a value that is not one (a template never fails on a stray string)."""
    if isinstance(value, bool) or value in (None, ""):
        return None
    if isinstance(value, int | float):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@register.filter
def tanggal(value: Any) -> str:
    """ "21 Desember 2026" / "21 December 2026"."""
    return formats.tanggal(_date(value))


@register.filter
def tanggal_pendek(value: Any) -> str:
    """ "21 Des 2026" / "21 Dec 2026"."""
    return formats.tanggal_pendek(_date(value))


@register.filter
def waktu(value: Any, arg: str = "") -> str:
    """ "21 Des 2026 14:05" in the city's time; ``|waktu:"s"`` adds the seconds."""
    return formats.waktu(_date(value), seconds=arg == "s")


@register.filter
def iso(value: Any) -> str:
    """ "2026-12-21": the value of an ``<input type="date">`` in every language."""
    return formats.iso(_date(value))


@register.filter
def triwulan(value: Any) -> str:
    """ "TW II" / "Q2" ("" for none)."""
    return formats.quarter_label(value)


@register.filter
def rupiah(value: Any) -> str:
    """ "Rp 4.379.900.000" / "Rp 4,379,900,000"."""
    return formats.rupiah(_number(value))


@register.filter
def angka(value: Any, decimals: Any = 0) -> str:
    """A number with the reader's grouping: "12.500.000" / "12,500,000", "2,5" with ``|angka:1`` (one place at
    most); "" for none."""
    try:
        places = int(decimals)
    except (TypeError, ValueError):
        places = 0
    number = _number(value)
    return formats.angka(number, places) if number is not None else ""


@register.filter
def jp(value: Any) -> str:
    """ "20 JP", "12,5 JP"."""
    return formats.jp(_number(value))


@register.filter
def durasi(value: Any) -> str:
    """Seconds in words: "30 detik", "1 menit 5 detik"."""
    return formats.durasi(_number(value))


@register.filter
def persen(value: Any, decimals: Any = 1) -> str:
    """ "35,1 %" / "35.1%"; ``|persen:0`` for whole percentages."""
    try:
        places = int(decimals)
    except (TypeError, ValueError):
        places = 1
    return formats.persen(_number(value), places)


@register.filter
def desimal(value: Any, places: Any = 2) -> str:
    """ "88,30" / "88.30": exactly ``places`` decimals (two unless told), e.g. the converted IKM."""
    try:
        digits = int(places)
    except (TypeError, ValueError):
        digits = 2
    return formats.desimal(value if isinstance(value, Decimal) else _number(value), digits)
