"""Forms of the work-unit pages of imports: confirming the units an import would create, and the mapping."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sibina.imports.models import PemetaanUnit
from sibina.people.models import UnitKerja


class ConfirmUnitsForm(forms.Form):
    setuju = forms.BooleanField(
        label=_(
            "I have checked the list: create these work units (marked as from import, unconfirmed) and import "
            "the file."
        ),
        required=True,
        error_messages={"required": _("Tick the box to confirm creating the work units.")},
    )


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Units in tree order, indented by depth."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{'— ' * obj.depth}{obj.nama}"


class PemetaanForm(forms.Form):
    nama_sumber = forms.CharField(
        label=_("Unit name as the import files spell it"),
        max_length=PemetaanUnit._meta.get_field("nama_sumber").max_length,
        help_text=_("Case, punctuation, spacing and a leading UPT/UPTD do not matter."),
    )
    unit = UnitChoiceField(label=_("Work unit in the tree"), queryset=UnitKerja.objects.none())

    def __init__(self, *args: Any, instansi_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = UnitKerja.objects.filter(instansi_id=instansi_id).order_by("path")

    def clean_nama_sumber(self) -> str:
        nama = " ".join(str(self.cleaned_data["nama_sumber"]).split())
        if not nama:
            raise forms.ValidationError(_("Enter the name as the file spells it."))
        return nama
