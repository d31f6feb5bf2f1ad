"""Widgets every form shares."""

from __future__ import annotations

from typing import Any

from django import forms

from sibina.formats import ISO_DATE


class IsoDateInput(forms.DateInput):
    """``<input type="date">`` filled in ISO ("2026-12-07"), the only value a browser's date field reads: the
    locale's own input format (Indonesian "07-12-2026") would leave the field blank. What the browser sends back
    is ISO too, which Django's DateField accepts in every language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)
