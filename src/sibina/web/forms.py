"""Forms of the web pages: the employee filter, the import upload, the needs and JP filters, proposals, the
catalogue filter and the start of an optimisation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _

from sibina.catalogue.models import Kegiatan
from sibina.competency.models import Kompetensi
from sibina.imports.models import ImportBatch
from sibina.needs.domain import GAP
from sibina.needs.models import Kebutuhan
from sibina.needs.selectors import COMPETENCY_SOURCES, PERLU_ASESMEN
from sibina.people.models import Instansi, Pegawai, StatusPegawai, UnitKerja
from sibina.planning.models import Skenario
from sibina.reference.models import Jalur, JenisAsn

IMPORT_EXTENSIONS = (".csv", ".xlsx")
DEFAULT_IMPORT_MAX_BYTES = 100 * 1024 * 1024  # a 100,000-row SIASN CSV is ~40 MB
_SNIFF_BYTES = 64 * 1024

SORT_CHOICES = [("nama", _("Name A–Z")), ("-nama", _("Name Z–A")), ("nip", _("NIP ascending"))]


def import_max_bytes() -> int:
    # Read at call time (never at import time) so tests and deployments can override it.
    return int(getattr(settings, "SIBINA_IMPORT_MAX_BYTES", DEFAULT_IMPORT_MAX_BYTES))


class PegawaiFilterForm(forms.Form):
    q = forms.CharField(label=_("NIP or name"), required=False, max_length=100)
    unit = forms.TypedChoiceField(label=_("Work unit"), required=False, coerce=int, empty_value=None)
    jenis_asn = forms.ChoiceField(label=_("ASN type"), required=False)
    golongan = forms.ChoiceField(label=_("Rank"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, units: list[UnitKerja], golongan_labels: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units_by_id = {u.pk: u for u in units}
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.TypedChoiceField)
        # Indent by depth so the select reads as the tree; the subtree is included when filtering.
        unit_field.choices = [("", _("All units"))] + [(u.pk, "\u2003" * u.depth + u.nama) for u in units]
        jenis_field = self.fields["jenis_asn"]
        assert isinstance(jenis_field, forms.ChoiceField)
        jenis_field.choices = [("", _("All types")), *JenisAsn.choices]
        golongan_field = self.fields["golongan"]
        assert isinstance(golongan_field, forms.ChoiceField)
        golongan_field.choices = [("", _("All ranks"))] + [(g, g) for g in golongan_labels]
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [("", _("All statuses")), *StatusPegawai.choices]

    def selected_unit(self) -> UnitKerja | None:
        unit_id = self.cleaned_data.get("unit") if self.is_valid() else None
        return self.units_by_id.get(unit_id) if unit_id is not None else None


class ImportUploadForm(forms.Form):
    jenis = forms.ChoiceField(
        label=_("What the file contains"),
        # The catalogue workbook is imported by catalogue editors (``sibina catalogue import``), not here.
        choices=[c for c in ImportBatch.Jenis.choices if c[0] != ImportBatch.Jenis.KATALOG],
        initial=ImportBatch.Jenis.PEGAWAI,
        widget=forms.RadioSelect,
    )
    instansi = forms.ModelChoiceField(
        label=_("Agency"), queryset=Instansi.objects.order_by("nama"), empty_label=None
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("A SIASN or SIMPEG export: CSV (comma or semicolon) or XLSX."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_EXTENSIONS)}),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run"),
        required=False,
        help_text=_("Check the file and report every problem without changing any data."),
    )
    buat_unit = forms.BooleanField(
        label=_("Create missing work units"),
        required=False,
        help_text=_(
            "Work units the file names and the tree lacks are created, marked as from import and unconfirmed. "
            "Without this, their rows are reported as errors: run a dry run first to see the list."
        ),
    )

    def __init__(self, *args: Any, instansi_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if instansi_id is not None:  # an account tied to an agency imports into that agency only
            field = self.fields["instansi"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Instansi.objects.filter(pk=instansi_id)

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = upload.name or ""
        ext = Path(name).suffix.lower()
        if ext not in IMPORT_EXTENSIONS:
            raise forms.ValidationError(
                _("“%(name)s” is not a CSV or XLSX file. Export the data from SIASN/SIMPEG as CSV or XLSX."),
                code="file_type",
                params={"name": name},
            )
        limit = import_max_bytes()
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest file that can be imported is %(limit)s."),
                code="file_size",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        head = _read_head(upload)
        if ext == ".xlsx" and not head.startswith(b"PK\x03\x04"):
            raise forms.ValidationError(
                _("“%(name)s” is named .xlsx but is not an Excel workbook."),
                code="file_content",
                params={"name": name},
            )
        if ext == ".csv" and (b"\x00" in head or head.startswith(b"PK\x03\x04")):
            raise forms.ValidationError(
                _(
                    "“%(name)s” is named .csv but does not contain CSV text (UTF-8 or Windows-1252). "
                    "Save it as CSV from the spreadsheet and try again."
                ),
                code="file_content",
                params={"name": name},
            )
        return upload


def _read_head(upload: UploadedFile) -> bytes:
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    upload.seek(0)
    return head if isinstance(head, bytes) else head.encode()


# --- needs analysis, JP ledger, proposals ------------------------------------------------------------

HEAT_ALL = "ALL"


class NeedsFilterForm(forms.Form):
    """Filters of the needs pages. Every field is optional: an invalid value falls back to the default."""

    tahun = forms.IntegerField(label=_("Plan year"), required=False, min_value=2000, max_value=2100)
    heat = forms.ChoiceField(label=_("Heatmap of"), required=False)
    sumber = forms.ChoiceField(label=_("Source"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        by_code = dict(Kebutuhan.Sumber.choices)
        heat_field = self.fields["heat"]
        assert isinstance(heat_field, forms.ChoiceField)
        heat_field.choices = [(s, by_code[s]) for s in COMPETENCY_SOURCES] + [
            (HEAT_ALL, _("All competency needs"))
        ]
        sumber_field = self.fields["sumber"]
        assert isinstance(sumber_field, forms.ChoiceField)
        sumber_field.choices = [
            ("", _("All sources")),
            *Kebutuhan.Sumber.choices,
            (PERLU_ASESMEN, _("Needs an assessment (current level not measured)")),
        ]

    def _value(self, name: str) -> Any:
        self.is_valid()  # cleans once; a field with a bad value is left out, the others still apply
        return self.cleaned_data.get(name)

    def tahun_or(self, default: int) -> int:
        return self._value("tahun") or default

    def heat_sumber(self) -> str:
        """The heatmap's source: one competency source, or "" for all of them (default: current-position gaps)."""
        value = self._value("heat") or GAP
        return "" if value == HEAT_ALL else value

    def sumber_value(self) -> str:
        return self._value("sumber") or ""


class JpFilterForm(forms.Form):
    tahun = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("List"),
        required=False,
        choices=[
            ("KURANG", _("PNS/CPNS below the minimum")),
            ("MELEBIHI", _("PPPK above the maximum")),
        ],
    )
    opd = forms.TypedChoiceField(label=_("Agency (OPD)"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, opds: list[UnitKerja], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        opd_field = self.fields["opd"]
        assert isinstance(opd_field, forms.TypedChoiceField)
        opd_field.choices = [("", _("All agencies"))] + [(u.pk, u.nama) for u in opds]

    def _value(self, name: str) -> Any:
        self.is_valid()  # cleans once; a field with a bad value is left out, the others still apply
        return self.cleaned_data.get(name)

    def tahun_or(self, default: int) -> int:
        return self._value("tahun") or default

    def status_value(self) -> str:
        return self._value("status") or "KURANG"

    def opd_id(self) -> int | None:
        value = self._value("opd")
        return value if isinstance(value, int) else None


class UsulanForm(forms.Form):
    """A proposed development need. The competency, level and reason are checked by ``usulan_submit`` so the
    refusal a person sees is the service's own message (PP 11/2017 Art. 206), not a generic "required"."""

    pegawai = forms.TypedChoiceField(label=_("For"), coerce=int)
    kompetensi = forms.ModelChoiceField(
        label=_("Competency gap addressed"),
        queryset=Kompetensi.objects.filter(aktif=True).order_by("kelompok", "nama"),
        required=False,
        empty_label=_("— choose the competency —"),
    )
    level_target = forms.TypedChoiceField(
        label=_("Target level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *((i, str(i)) for i in range(1, 6))],
    )
    uraian = forms.CharField(
        label=_("What is needed and why"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, subjects: list[Pegawai], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subjects = {p.pk: p for p in subjects}
        pegawai_field = self.fields["pegawai"]
        assert isinstance(pegawai_field, forms.TypedChoiceField)
        pegawai_field.choices = [(p.pk, f"{p.nama_lengkap} ({p.nip})") for p in subjects]

    def subject(self) -> Pegawai:
        return self.subjects[self.cleaned_data["pegawai"]]


class UsulanDecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    keputusan = forms.ChoiceField(choices=[("setuju", _("Endorse")), ("tolak", _("Reject"))])
    catatan = forms.CharField(label=_("Note / reason"), required=False, max_length=2000)

    def approve(self) -> bool:
        return bool(self.cleaned_data["keputusan"] == "setuju")


# --- catalogue and plans -----------------------------------------------------------------------------------

BASE_PLAN = ""  # the optimise form's value for the base plan (no scenario)
TIME_LIMIT_DEFAULT = 30
TIME_LIMIT_MIN = 5
TIME_LIMIT_MAX = 600


class KatalogFilterForm(forms.Form):
    """Filters of the catalogue list. Every field is optional: an invalid value is left out, the others apply."""

    q = forms.CharField(label=_("Code, title or provider"), required=False, max_length=100)
    jalur = forms.ChoiceField(label=_("Route"), required=False)
    bentuk = forms.ChoiceField(label=_("Form"), required=False)
    penyelenggara = forms.ChoiceField(label=_("Provider kind"), required=False)
    kompetensi = forms.ChoiceField(label=_("Competency developed"), required=False)

    def __init__(
        self,
        *args: Any,
        bentuk: list[tuple[str, str]],
        kompetensi: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: dict[str, list[tuple[str, str | StrPromise]]] = {
            "jalur": [("", _("Classical and non-classical")), *Jalur.choices],
            "bentuk": [("", _("All forms")), *((kode, f"{kode} {nama}") for kode, nama in bentuk)],
            "penyelenggara": [("", _("All providers")), *Kegiatan.JenisPenyelenggara.choices],
            "kompetensi": [
                ("", _("All competencies")),
                *((kode, f"{nama} ({kode})") for kode, nama in kompetensi),
            ],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options

    def value(self, name: str) -> str:
        self.is_valid()  # cleans once; a field with a bad value is left out, the others still apply
        return str(self.cleaned_data.get(name) or "")


class OptimiseForm(forms.Form):
    """Start an optimisation of the base plan or of one scenario of a cycle."""

    skenario = forms.ChoiceField(label=_("Plan"), required=False)
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"),
        min_value=TIME_LIMIT_MIN,
        max_value=TIME_LIMIT_MAX,
        initial=TIME_LIMIT_DEFAULT,
        help_text=_("The solver stops at this limit and keeps the best plan found so far."),
    )

    def __init__(self, *args: Any, skenario: list[Skenario], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_key = {str(s.pk): s for s in skenario}
        field = self.fields["skenario"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(BASE_PLAN, _("Base plan")), *((str(s.pk), s.nama) for s in skenario)]

    def chosen(self) -> Skenario | None:
        """The scenario chosen (None: the base plan); call after ``is_valid``."""
        return self.by_key.get(self.cleaned_data.get("skenario") or BASE_PLAN)
