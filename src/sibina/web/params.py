"""Strict reading of query and form parameters: junk is a 400 whose message names the parameter, never a 500.

Python's ``int`` accepts more than a person types: ``"²".isdigit()`` is true yet ``int("²")`` fails, ``int("١٢")``
is 12 and ``int(" 1_0 ")`` is 10. So a number is read only after a strict ASCII-digit check and a length bound.
Text is refused when it holds a NUL (PostgreSQL cannot store one) or is longer than its column.

Each reader raises ``BadParameter`` (Django's ``BadRequest``: HTTP 400, rendered by ``sibina.web.errors``).
Call them after the role check: an account that may not open a page learns nothing from its parameters.
An empty value is treated as absent, as HTML forms send optional fields empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.utils.translation import gettext as _

MAX_DIGITS = 18  # every id and version fits a signed 64-bit column
TEXT_MAX = 200  # a search box, a code or a NIP
NOTE_MAX = 4000  # a comment or a note typed in a text area


class BadParameter(BadRequest):
    """A query or form parameter that cannot be read. The message names it and is shown on the 400 page."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def is_whole(raw: str) -> bool:
    """A non-negative whole number written in ASCII digits, short enough for a database column."""
    return raw.isascii() and raw.isdigit() and len(raw) <= MAX_DIGITS


# --- readers of one raw value -------------------------------------------------------------------------------


def parse_int(raw: str, name: str, *, min_value: int | None = None, max_value: int | None = None) -> int:
    if not is_whole(raw):
        raise BadParameter(name, _("The parameter “%(name)s” must be a whole number.") % {"name": name})
    value = int(raw)
    low = 0 if min_value is None else min_value
    if value < low or (max_value is not None and value > max_value):
        message = (
            _("The parameter “%(name)s” must be a whole number from %(min)s to %(max)s.")
            if max_value is not None
            else _("The parameter “%(name)s” must be a whole number of at least %(min)s.")
        )
        raise BadParameter(name, message % {"name": name, "min": low, "max": max_value})
    return value


def parse_date(raw: str, name: str) -> dt.date:
    bad = BadParameter(
        name, _("The parameter “%(name)s” must be a date written as YYYY-MM-DD.") % {"name": name}
    )
    if not (raw.isascii() and len(raw) == len("YYYY-MM-DD")):
        raise bad
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise bad from None


def parse_text(raw: str, name: str, *, max_length: int = TEXT_MAX) -> str:
    if "\x00" in raw:
        raise BadParameter(
            name, _("The parameter “%(name)s” contains a character that is not allowed.") % {"name": name}
        )
    if len(raw) > max_length:
        raise BadParameter(
            name,
            _("The parameter “%(name)s” is too long: at most %(max)s characters.")
            % {"name": name, "max": max_length},
        )
    return raw


def parse_choice(raw: str, name: str, choices: Collection[str]) -> str:
    if raw not in choices:
        raise BadParameter(
            name,
            _("The parameter “%(name)s” must be one of: %(choices)s.")
            % {"name": name, "choices": ", ".join(sorted(choices))},
        )
    return raw


# --- readers of request.GET / request.POST ------------------------------------------------------------------


def _required(name: str) -> BadParameter:
    return BadParameter(name, _("The parameter “%(name)s” is required.") % {"name": name})


def integer(data: QueryDict, name: str, *, min_value: int | None = None, max_value: int | None = None) -> int:
    """A required whole number."""
    raw = data.get(name) or ""
    if not raw:
        raise _required(name)
    return parse_int(raw, name, min_value=min_value, max_value=max_value)


def optional_integer(
    data: QueryDict, name: str, *, min_value: int | None = None, max_value: int | None = None
) -> int | None:
    raw = data.get(name) or ""
    return parse_int(raw, name, min_value=min_value, max_value=max_value) if raw else None


def year(data: QueryDict, name: str, *, default: int, first: int, last: int) -> int:
    """A year between ``first`` and ``last`` (inclusive); ``default`` when absent."""
    raw = data.get(name) or ""
    return parse_int(raw, name, min_value=first, max_value=last) if raw else default


def date(data: QueryDict, name: str) -> dt.date:
    """A required ISO date (YYYY-MM-DD)."""
    raw = data.get(name) or ""
    if not raw:
        raise _required(name)
    return parse_date(raw, name)


def optional_date(data: QueryDict, name: str) -> dt.date | None:
    raw = data.get(name) or ""
    return parse_date(raw, name) if raw else None


def text(data: QueryDict, name: str, *, max_length: int = TEXT_MAX) -> str:
    """Free text as sent ("" when absent), without a NUL and at most ``max_length`` characters."""
    return parse_text(data.get(name) or "", name, max_length=max_length)


def choice(data: QueryDict, name: str, choices: Collection[str], *, default: str) -> str:
    """One of ``choices``; ``default`` when absent."""
    raw = data.get(name) or ""
    return parse_choice(raw, name, choices) if raw else default
