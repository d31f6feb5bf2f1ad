"""The default synthetic city, as `make run` builds it: about 5,500 ASN. How fast it builds is measured by
``bench/demo_bench.py`` (a timed assertion here failed under a loaded CI machine: timing is not correctness)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from sibina.demo.services import DEFAULT_SIZE
from sibina.people.models import Pegawai, RiwayatPengembangan, UnitKerja
from sibina.reference.models import JenisAsn


@pytest.mark.slow
@pytest.mark.django_db
def test_the_default_city_has_about_5500_employees() -> None:
    call_command("demo", verbosity=0)
    assert DEFAULT_SIZE == 5500
    assert Pegawai.objects.count() == 5500
    kinds = Counter(Pegawai.objects.values_list("jenis_asn", flat=True))
    assert 0.15 <= (kinds[JenisAsn.PPPK] + kinds[JenisAsn.PPPK_PW]) / 5500 <= 0.25
    assert UnitKerja.objects.filter(jenis=UnitKerja.Jenis.SEKOLAH).count() == 35
    assert UnitKerja.objects.filter(jenis=UnitKerja.Jenis.PUSKESMAS).count() == 8
    assert UnitKerja.objects.filter(jenis=UnitKerja.Jenis.SEKSI).exists()
    assert UnitKerja.objects.filter(jenis=UnitKerja.Jenis.SUBBAGIAN).exists()
    assert RiwayatPengembangan.objects.filter(tahun=2025).count() > 5500
    assert RiwayatPengembangan.objects.filter(tahun=2026).count() > 5500
