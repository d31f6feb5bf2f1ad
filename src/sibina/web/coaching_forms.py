"""Forms of the coaching pages. A choice of a row carries the version the person saw ("id:version"), so the
service can refuse a change made on a stale page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sibina.coaching.domain import MENIT_SESI_MAKS, MENIT_SESI_MIN
from sibina.coaching.models import JenisBimbingan, PenugasanPembimbing
from sibina.people.models import Pegawai
from sibina.web.params import is_whole
from sibina.web.widgets import IsoDateInput


def versioned(pk: int, version: int) -> str:
    return f"{pk}:{version}"


def parse_versioned(value: str) -> tuple[int, int]:
    """ "id:version" in ASCII digits; ValueError for anything else (``int`` alone would take "²" or "١")."""
    pk, _sep, version = value.partition(":")
    if not (is_whole(pk) and is_whole(version)):
        raise ValueError(value)
    return int(pk), int(version)


class VersionedChoiceField(forms.ChoiceField):
    """A choice of a row by "id:version": valid when the row is on offer, whatever version was seen, so a
    stale version reaches the service and is refused there with a clear message."""

    offered: frozenset[int] = frozenset()

    def offer(self, rows: Iterable[tuple[int, int, str]]) -> None:
        items = list(rows)
        self.choices = [("", "—")] + [(versioned(pk, version), label) for pk, version, label in items]
        self.offered = frozenset(pk for pk, _version, _label in items)

    def valid_value(self, value: object) -> bool:
        try:
            return parse_versioned(str(value))[0] in self.offered
        except ValueError:
            return False


class AssignForm(forms.Form):
    pegawai = VersionedChoiceField(label=_("Employee"))
    pembimbing = forms.CharField(
        label=_("Coach/mentor (NIP)"),
        max_length=30,
        help_text=_("Type the NIP, or pick from the suggestions."),
    )
    jenis = forms.ChoiceField(label=_("Form"), choices=JenisBimbingan.choices)
    mulai = forms.DateField(label=_("Start date"), widget=IsoDateInput)
    selesai = forms.DateField(label=_("End date"), required=False, widget=IsoDateInput)
    tujuan = forms.CharField(
        label=_("Goal"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, people: Iterable[Pegawai], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("mulai", timezone.localdate())
        super().__init__(*args, **kwargs)
        field = self.fields["pegawai"]
        assert isinstance(field, VersionedChoiceField)
        field.offer((p.pk, p.version, f"{p.nama_lengkap} ({p.nip})") for p in people)
        self.fields["pembimbing"].widget.attrs["list"] = "pembimbing-options"

    def pegawai_choice(self) -> tuple[int, int]:
        return parse_versioned(self.cleaned_data["pegawai"])

    def pembimbing_nip(self) -> str:
        return "".join(ch for ch in self.cleaned_data["pembimbing"] if ch.isdigit())


class LogForm(forms.Form):
    penugasan = VersionedChoiceField(label=_("Assignment"))
    tanggal = forms.DateField(label=_("Date"), widget=IsoDateInput)
    menit = forms.IntegerField(label=_("Minutes"), min_value=MENIT_SESI_MIN, max_value=MENIT_SESI_MAKS)
    topik = forms.CharField(label=_("Topic"), max_length=200)
    catatan = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, choices: Iterable[PenugasanPembimbing], fixed: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("tanggal", timezone.localdate())
        super().__init__(*args, **kwargs)
        rows = list(choices)
        field = self.fields["penugasan"]
        assert isinstance(field, VersionedChoiceField)
        field.offer(
            (
                p.pk,
                p.version,
                f"{p.pegawai.nama_lengkap} ← {p.pembimbing.nama_lengkap} ({p.get_jenis_display()})",
            )
            for p in rows
        )
        if fixed and rows:  # the assignment's own page: no choice to make
            field.widget = forms.HiddenInput()
            field.initial = versioned(rows[0].pk, rows[0].version)

    def penugasan_choice(self) -> tuple[int, int]:
        return parse_versioned(self.cleaned_data["penugasan"])


class EndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    selesai = forms.DateField(label=_("End date"), required=False, widget=IsoDateInput)

    def end_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("selesai")
        return value
