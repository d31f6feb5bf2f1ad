"""The house forms of dates, quarters, money, JP, durations and percentages (docs/glossary.md), in the reader's
language: one home, so every page and every worded reason writes the same thing the same way.

Dates: long "21 Desember 2026" / "21 December 2026"; short "21 Des 2026" / "21 Dec 2026" (a month name never
reads as a day, unlike "07-12-2026" against "12/07/2026"); with a time "21 Des 2026 14:05"; ISO "2026-12-21" only
where a machine reads it (``<input type="date">``, ``datetime=`` attributes, CSV)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

LONG_DATE = "j F Y"
SHORT_DATE = "j M Y"
TIME = "H:i"
ISO_DATE = "%Y-%m-%d"  # what <input type="date"> reads and sends, whatever the page's language

QUARTERS: dict[int, Promise] = {
    1: gettext_lazy("Q1"),
    2: gettext_lazy("Q2"),
    3: gettext_lazy("Q3"),
    4: gettext_lazy("Q4"),
}

Number = int | float | Decimal


def _local(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    """An aware datetime in the city's time zone (as Django's ``date`` filter does); a date as it is."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def tanggal(value: dt.date | dt.datetime | None) -> str:
    """The long form: "21 Desember 2026" / "21 December 2026" ("" for none)."""
    return formats.date_format(_local(value), LONG_DATE) if value else ""


def tanggal_pendek(value: dt.date | dt.datetime | None) -> str:
    """The short form: "21 Des 2026" / "21 Dec 2026" ("" for none)."""
    return formats.date_format(_local(value), SHORT_DATE) if value else ""


def waktu(value: dt.datetime | dt.date | None, seconds: bool = False) -> str:
    """A moment: the short date and the local time, "21 Des 2026 14:05" (a date alone gets no time)."""
    if not value:
        return ""
    if not isinstance(value, dt.datetime):
        return tanggal_pendek(value)
    return formats.date_format(_local(value), SHORT_DATE + " " + TIME + (":s" if seconds else ""))


def iso(value: dt.date | dt.datetime | None) -> str:
    """ "2026-12-21", for an ``<input type="date">`` value or a ``datetime=`` attribute ("" for none)."""
    if not value:
        return ""
    local = _local(value)
    return (local.date() if isinstance(local, dt.datetime) else local).strftime(ISO_DATE)


def quarter_label(n: int | str | None) -> str:
    """A quarter as people write it: "Q1" in English, "TW I" in Indonesian; "" for none."""
    try:
        key = int(n) if n not in (None, "") else 0  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return str(QUARTERS[key]) if key in QUARTERS else ""


def angka(value: Number | None, decimals: int = 0) -> str:
    """A number with the locale's grouping, at most ``decimals`` places and no trailing zeros ("12,5")."""
    if value is None:
        return ""
    number = round(Decimal(str(value)), decimals)
    # normalize() alone would write 100 as "1E+2"
    whole = number == number.to_integral_value()
    number = number.quantize(Decimal(1)) if whole else number.normalize()
    return formats.number_format(number, use_l10n=True, force_grouping=True)


def desimal(value: Number | None, places: int = 2) -> str:
    """A number with exactly ``places`` decimals, half up, in the locale's form: "88,30" / "88.30" (for figures
    whose decimals are part of the value, such as the converted IKM) ("" for none)."""
    if value is None:
        return ""
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return formats.number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


def rupiah(value: Number | None) -> str:
    """Money, whole rupiah: "Rp 4.379.900.000" / "Rp 4,379,900,000" ("" for none)."""
    if value is None:
        return ""
    return "Rp\u00a0" + angka(value)


def jp(value: Number | None) -> str:
    """Learning hours: "20 JP", "12,5 JP" (two places at most) ("" for none)."""
    if value is None:
        return ""
    return angka(value, 2) + "\u00a0JP"


def persen(value: Number | None, decimals: int = 1) -> str:
    """A percentage: "35,1 %" / "35.1%" (one place at most unless told) ("" for none)."""
    if value is None:
        return ""
    return _("%(n)s%%") % {"n": angka(value, decimals)}


def durasi(seconds: Number | None) -> str:
    """A duration in words, whole seconds: "30 detik", "1 menit 5 detik", "2 jam 3 menit" ("" for none)."""
    if seconds is None:
        return ""
    total = round(float(seconds))
    if total < 1 and float(seconds) > 0:
        return _("under a second")
    if total < 1:
        return ngettext("%(n)s second", "%(n)s seconds", 0) % {"n": 0}
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts: list[str] = []
    if hours:
        parts.append(ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": angka(hours)})
    if minutes:
        parts.append(ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes})
    if secs and not hours:  # seconds add nothing readable to a run of hours
        parts.append(ngettext("%(n)s second", "%(n)s seconds", secs) % {"n": secs})
    return " ".join(parts)
