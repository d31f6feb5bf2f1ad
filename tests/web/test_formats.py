"""The house forms (sibina.formats, the sibina_format filters) in both languages. The Indonesian checks use only
what Django's own Indonesian catalogue translates (month names, number formats): SiBina's .mo is compiled later."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from sibina import formats
from sibina.web.coaching_forms import LogForm
from sibina.web.widgets import IsoDateInput

D = dt.date(2026, 12, 7)
MOMENT = dt.datetime(2026, 12, 7, 1, 5, 9, tzinfo=dt.UTC)  # 08:05:09 in Binjai (WIB)


def render(source: str, lang: str, **context: object) -> str:
    with translation.override(lang):
        return Template("{% load sibina_format %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("lang", "long", "short", "moment"),
    [
        ("id", "7 Desember 2026", "7 Des 2026", "7 Des 2026 08:05"),
        ("en", "7 December 2026", "7 Dec 2026", "7 Dec 2026 08:05"),
    ],
)
def test_dates_in_both_languages(lang: str, long: str, short: str, moment: str) -> None:
    assert render("{{ d|tanggal }}", lang, d=D) == long
    assert render("{{ d|tanggal_pendek }}", lang, d=D) == short
    assert render("{{ t|waktu }}", lang, t=MOMENT) == moment
    assert render('{{ t|waktu:"s" }}', lang, t=MOMENT) == moment + ":09"
    assert render("{{ d|iso }}|{{ t|iso }}", lang, d=D, t=MOMENT) == "2026-12-07|2026-12-07"


def test_a_moment_is_shown_on_the_citys_day() -> None:
    late = dt.datetime(2026, 12, 6, 20, 0, tzinfo=dt.UTC)  # 03:00 on the 7th in Binjai
    assert formats.iso(late) == "2026-12-07"
    assert render("{{ t|tanggal }}", "en", t=late) == "7 December 2026"
    assert formats.waktu(late.astimezone(ZoneInfo("America/New_York"))).endswith("03:00")


def test_missing_values_render_empty() -> None:
    blank = "{{ x|tanggal }}{{ x|tanggal_pendek }}{{ x|waktu }}{{ x|iso }}{{ x|triwulan }}{{ x|rupiah }}"
    assert render(blank + "{{ x|jp }}{{ x|durasi }}{{ x|persen }}", "id", x=None) == ""
    assert render("{{ x|tanggal }}{{ x|rupiah }}{{ x|triwulan }}", "id", x="oops") == ""
    assert render("{{ missing|iso }}", "en") == ""


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_quarters_in_english_are_q1_to_q4(n: int) -> None:
    assert render("{{ n|triwulan }}", "en", n=n) == f"Q{n}"
    assert render("{{ n|triwulan }}", "en", n=str(n)) == f"Q{n}"


def test_quarters_outside_1_to_4_are_blank() -> None:
    for bad in (0, 5, -1, "x", ""):
        assert formats.quarter_label(bad) == ""


@pytest.mark.parametrize(
    ("lang", "money", "hours", "half", "pct", "whole_pct"),
    [
        ("id", "Rp\u00a04.379.900.000", "20\u00a0JP", "12,5\u00a0JP", "35,1", "100"),
        ("en", "Rp\u00a04,379,900,000", "20\u00a0JP", "12.5\u00a0JP", "35.1", "100"),
    ],
)
def test_numbers_in_both_languages(
    lang: str, money: str, hours: str, half: str, pct: str, whole_pct: str
) -> None:
    assert render("{{ x|rupiah }}", lang, x=4379900000) == money
    assert render("{{ x|jp }}", lang, x=Decimal("20.00")) == hours
    assert render("{{ x|jp }}", lang, x=12.5) == half
    assert render("{{ x|persen }}", lang, x=35.1449).startswith(pct)
    assert render("{{ x|persen:0 }}", lang, x=99.6).startswith(whole_pct)
    assert render("{{ x|persen }}", lang, x=100.0).startswith(whole_pct)


def test_numbers_keep_at_most_their_places() -> None:
    with translation.override("en"):
        assert formats.jp(1.005) == "1\u00a0JP"  # half-even on the decimal as written
        assert formats.jp(0.3333) == "0.33\u00a0JP"
        assert formats.rupiah(Decimal("1500000.40")) == "Rp\u00a01,500,000"
        assert formats.angka(100) == "100"  # not "1E+2"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (30, "30 seconds"),
        (60.0, "1 minute"),
        (65, "1 minute 5 seconds"),
        (7322, "2 hours 2 minutes"),
        (0.4, "under a second"),
        (0, "0 seconds"),
        (1, "1 second"),
    ],
)
def test_durations_in_words(seconds: float, words: str) -> None:
    assert render("{{ s|durasi }}", "en", s=seconds) == words


def test_date_input_holds_iso_in_indonesian() -> None:
    """The bug of issue 12: Indonesian's input format "07-12-2026" left every date field blank."""
    with translation.override("id"):
        html = IsoDateInput().render("tanggal", D)
        assert 'type="date"' in html and 'value="2026-12-07"' in html
        form = LogForm(choices=[], initial={"tanggal": D})
        assert 'value="2026-12-07"' in str(form["tanggal"])
