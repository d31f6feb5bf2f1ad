"""Bad input stops at the door: the model refuses it with a message naming the field, the database refuses it
even when the model is bypassed, and the admin form shows the model's message by the field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict

from sibina.catalogue.admin import KegiatanForm
from sibina.catalogue.models import Kegiatan, KegiatanKompetensi
from sibina.catalogue.services import kegiatan_save
from sibina.competency.models import Kompetensi
from sibina.people.models import Instansi
from sibina.reference.models import BentukPengembangan


@pytest.fixture
def kursus(binjai: Instansi) -> Kegiatan:
    k = Kegiatan(
        instansi=binjai,
        kode="KURSUS",
        judul="Kursus Analisis Data",
        bentuk=BentukPengembangan.objects.get(kode="KL03"),
        jenis_penyelenggara="BKPSDM",
        penyelenggara="BKPSDM Kota Binjai",
        hari=3,
        jp_program=Decimal(24),
        jp=Decimal(0),
        biaya_per_peserta=Decimal(2_000_000),
        biaya_per_kelas=Decimal(5_000_000),
        kapasitas_kelas=30,
        min_peserta=10,
        pola_pendanaan="KONTRIBUSI",
        triwulan=[2],
    )
    return kegiatan_save(kegiatan=k)


BAD_VALUES = [
    ("biaya_per_peserta", Decimal(-1_000_000), "The cost per participant cannot be negative."),
    ("biaya_per_kelas", Decimal(-1), "The fixed cost per class cannot be negative."),
    ("jp", Decimal("-0.01"), "JP cannot be negative."),
    ("jp_program", Decimal(-24), "The program JP cannot be negative."),
    ("kapasitas_kelas", 0, "The class size must be at least one seat."),
    ("min_peserta", 31, "The minimum class size is larger than the class size."),
    ("golongan_max", 1, "The highest rank is below the lowest rank."),
    ("jenis_asn", ["PNS", "HONORER"], "Unknown ASN type: expected a list of PNS, CPNS, PPPK, PPPK_PW."),
    ("jenis_asn", "PNS", "Unknown ASN type: expected a list of PNS, CPNS, PPPK, PPPK_PW."),
    ("triwulan", [0, 5], "Quarters are numbers 1 to 4."),
    ("triwulan", 2, "Quarters are numbers 1 to 4."),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_VALUES)
def test_the_model_names_the_field_of_a_bad_value(
    kursus: Kegiatan, field: str, value: Any, message: str
) -> None:
    kursus.golongan_min = 5
    kursus.min_peserta = 0 if field == "kapasitas_kelas" else kursus.min_peserta  # one fault at a time
    setattr(kursus, field, value)
    with pytest.raises(ValidationError) as caught:
        kursus.full_clean()
    assert caught.value.message_dict == {field: [message]}


def test_zero_costs_and_equal_class_bounds_are_fine(kursus: Kegiatan) -> None:
    kursus.biaya_per_peserta = kursus.biaya_per_kelas = Decimal(0)
    kursus.min_peserta = kursus.kapasitas_kelas
    kursus.golongan_min = kursus.golongan_max = 9
    kursus.full_clean()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("biaya_per_peserta", Decimal(-1_000_000)),
        ("biaya_per_kelas", Decimal(-1)),
        ("jp", Decimal("-0.01")),
        ("jp_program", Decimal(-24)),
        ("kapasitas_kelas", 0),
        ("min_peserta", 31),
    ],
)
def test_the_database_refuses_what_the_model_refuses(kursus: Kegiatan, field: str, value: object) -> None:
    before = model_to_dict(Kegiatan.objects.get(pk=kursus.pk))
    with pytest.raises(IntegrityError), transaction.atomic():
        Kegiatan.objects.filter(pk=kursus.pk).update(**{field: value})
    assert model_to_dict(Kegiatan.objects.get(pk=kursus.pk)) == before


def test_the_database_refuses_an_inverted_rank_range(kursus: Kegiatan) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Kegiatan.objects.filter(pk=kursus.pk).update(golongan_min=9, golongan_max=5)
    assert Kegiatan.objects.filter(
        pk=kursus.pk, golongan_min__isnull=True, golongan_max__isnull=True
    ).exists()


def test_levels_gained_name_their_field(kursus: Kegiatan) -> None:
    row = KegiatanKompetensi(kegiatan=kursus, kompetensi=Kompetensi.objects.get(kode="M01"), kenaikan_level=5)
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert caught.value.message_dict == {"kenaikan_level": ["The levels gained are 1 to 4."]}


def _form_data(k: Kegiatan, **changes: object) -> dict[str, object]:
    data = {
        name: value
        for name, value in model_to_dict(k, fields=KegiatanForm.Meta.fields).items()
        if value is not None
    }
    data["triwulan"] = "[2]"
    data["jenis_asn"] = "[]"
    return {**data, **changes}


def test_the_admin_form_refuses_a_negative_cost_by_its_field(kursus: Kegiatan) -> None:
    form = KegiatanForm(data=_form_data(kursus, biaya_per_peserta="-1000000"), instance=kursus)
    assert not form.is_valid()
    assert form.errors == {"biaya_per_peserta": ["The cost per participant cannot be negative."]}
    kursus.refresh_from_db()
    assert kursus.biaya_per_peserta == Decimal(2_000_000)


def test_the_admin_form_accepts_a_valid_change(kursus: Kegiatan) -> None:
    form = KegiatanForm(data=_form_data(kursus, biaya_per_peserta="2500000"), instance=kursus)
    assert form.is_valid(), form.errors


def test_every_demo_activity_meets_the_rules(catalogue: list[Kegiatan]) -> None:
    """The demo catalogue (the data the migration's constraints meet first) passes the model's checks."""
    errors = {}
    for k in catalogue:
        try:
            k.full_clean()
        except ValidationError as exc:
            errors[k.kode] = exc.message_dict
    assert len(catalogue) > 100 and errors == {}
