"""Who an activity is for: the audience rule, its validation, and the unit type an employee works in."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sibina.catalogue.admin import KegiatanForm, TextListField
from sibina.catalogue.audience import peserta_of, syarat_of, unit_facts
from sibina.catalogue.domain import Peserta, Sasaran, Syarat, why_not_eligible
from sibina.catalogue.models import Kegiatan
from sibina.catalogue.services import kegiatan_save
from sibina.people.models import Instansi, UnitKerja
from sibina.reference.models import BentukPengembangan
from tests import factories as f

NURSE = Peserta(
    jenis_asn="PNS",
    tingkat_jabatan="JF_TERAMPIL",
    golongan_urutan=9,
    front_line=True,
    rumpun="KESEHATAN",
    jenis_unit="PUSKESMAS",
    jabatan="Perawat Terampil",
    opd="DINKES",
)
TEACHER = Peserta(
    jenis_asn="PNS",
    tingkat_jabatan="JF_AHLI_PERTAMA",
    golongan_urutan=9,
    front_line=True,
    rumpun="PENDIDIKAN",
    jenis_unit="SEKOLAH",
    jabatan="Guru Ahli Pertama",
    opd="DISDIK",
)


def test_empty_audience_is_everyone() -> None:
    assert not Sasaran()
    assert why_not_eligible(TEACHER, Syarat(sasaran=Sasaran())) is None
    assert why_not_eligible(TEACHER, Syarat()) is None


def test_each_dimension_must_match_and_the_rule_has_its_own_code() -> None:
    health_only = Syarat(sasaran=Sasaran(rumpun=("KESEHATAN",)))
    assert why_not_eligible(NURSE, health_only) is None
    assert why_not_eligible(TEACHER, health_only) == "sasaran"
    puskesmas_nurses = Sasaran(rumpun=("KESEHATAN",), jenis_unit=("PUSKESMAS",), jabatan=("perawat",))
    assert puskesmas_nurses.matches(NURSE)
    assert not Sasaran(rumpun=("KESEHATAN",), jenis_unit=("RUMAH_SAKIT",)).matches(NURSE)
    assert not Sasaran(jabatan=("Bidan",)).matches(NURSE)  # a position name matches the names it starts
    assert Sasaran(jabatan=("Perawat",)).matches(NURSE)
    assert not Sasaran(opd=("BPKPAD",)).matches(NURSE)
    # an older rule fails first: the audience is checked after ASN type, level, rank and front line
    assert (
        why_not_eligible(TEACHER, Syarat(jenis_asn={"CPNS"}, sasaran=Sasaran(rumpun=("X",)))) == "jenis_asn"
    )


def _kegiatan(instansi: Instansi, **kw: object) -> Kegiatan:
    return Kegiatan(
        instansi=instansi,
        kode="K-1",
        judul="Kegiatan",
        bentuk=BentukPengembangan.objects.get(kode="KL03"),
        jenis_penyelenggara="BKPSDM",
        penyelenggara="BKPSDM",
        jp_program=Decimal(24),
        kapasitas_kelas=30,
        pola_pendanaan="KONTRIBUSI",
        triwulan=[2],
        jp=Decimal(0),
        **kw,
    )


@pytest.mark.django_db
def test_bad_audience_values_get_a_message_naming_the_field(binjai: Instansi) -> None:
    k = _kegiatan(
        binjai,
        sasaran_rumpun=["DOKTER"],
        sasaran_jenis_unit=["PASAR"],
        sasaran_jabatan=["  "],
        sasaran_opd=["NOPE"],
    )
    with pytest.raises(ValidationError) as exc:
        kegiatan_save(kegiatan=k)
    errors = exc.value.message_dict
    assert set(errors) >= {"sasaran_rumpun", "sasaran_jenis_unit", "sasaran_jabatan", "sasaran_opd"}
    assert "NOPE" in errors["sasaran_opd"][0]
    assert not Kegiatan.objects.filter(kode="K-1").exists()
    good = kegiatan_save(
        kegiatan=_kegiatan(
            binjai, sasaran_rumpun=["KESEHATAN"], sasaran_jenis_unit=["PUSKESMAS"], sasaran_opd=["DINKES"]
        )
    )
    assert syarat_of(good).sasaran == Sasaran(
        rumpun=("KESEHATAN",), jenis_unit=("PUSKESMAS",), jabatan=(), opd=("DINKES",)
    )


@pytest.mark.django_db
def test_unit_type_is_the_nearest_place_of_work_up_the_tree(binjai: Instansi) -> None:
    dinkes = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    pkm = UnitKerja.objects.create(
        instansi=binjai, parent=dinkes, kode="PKM-X", nama="Puskesmas X", jenis="PUSKESMAS"
    )
    ward = UnitKerja.objects.create(
        instansi=binjai, parent=pkm, kode="PKM-X-1", nama="Ruang KIA", jenis="SEKSI"
    )
    bidang = UnitKerja.objects.create(
        instansi=binjai, parent=dinkes, kode="DK-B1", nama="Bidang P2P", jenis="BIDANG"
    )
    facts = unit_facts(instansi=binjai)
    assert facts.jenis[ward.pk] == "PUSKESMAS"
    assert facts.jenis[pkm.pk] == "PUSKESMAS"
    assert facts.jenis[bidang.pk] == "BIDANG"  # no place of work above: its own kind
    assert {facts.opd[u.pk] for u in (ward, pkm, bidang, dinkes)} == {"DINKES"}
    one = unit_facts(instansi=binjai, unit=ward)  # one unit: only its ancestors are read
    assert (one.jenis[ward.pk], one.opd[ward.pk], len(one.jenis)) == ("PUSKESMAS", "DINKES", 3)
    job = f.jabatan(binjai, ward, "Bidan Terampil", "JF_TERAMPIL")
    job.rumpun = "KESEHATAN"
    job.save()
    p = f.pegawai(binjai, ward, jabatan=job)
    peserta = peserta_of(
        type(p).objects.select_related("jabatan__tingkat", "golongan", "unit").get(pk=p.pk), facts
    )
    assert (peserta.rumpun, peserta.jenis_unit, peserta.jabatan, peserta.opd) == (
        "KESEHATAN",
        "PUSKESMAS",
        "Bidan Terampil",
        "DINKES",
    )


def test_the_admin_form_reads_the_audience_as_ticks_and_semicolon_lists() -> None:
    field = TextListField(required=False)
    assert field.clean(" Perawat ;  Bidan  Ahli;; ") == ["Perawat", "Bidan Ahli"]
    assert field.clean("") == []
    assert field.prepare_value(["Perawat", "Bidan"]) == "Perawat; Bidan"
    form = KegiatanForm()
    assert [v for v, _label in form.fields["sasaran_rumpun"].choices][:3] == [
        "STRUKTURAL",
        "PENDIDIKAN",
        "KESEHATAN",
    ]
    assert form.fields["sasaran_jenis_unit"].clean(["PUSKESMAS", "SEKOLAH"]) == ["PUSKESMAS", "SEKOLAH"]
    with pytest.raises(ValidationError):
        form.fields["sasaran_rumpun"].clean(["DOKTER"])
