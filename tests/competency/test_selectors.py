"""JPM of employees from the database: the valid assessment, both category sets at their bounds, weighting,
the unit-wide variant, and the one-query reference reads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from sibina.competency.models import (
    Asesmen,
    Kinerja,
    Kompetensi,
    NilaiKompetensi,
    ProfilTalenta,
    StandarKompetensi,
)
from sibina.competency.selectors import (
    jpm_for,
    jpm_for_unit,
    kinerja_latest,
    talenta_latest,
)
from sibina.people.models import Instansi, Jabatan, Pegawai, UnitKerja
from sibina.reference.models import Ketentuan
from sibina.reference.selectors import KetentuanTable, MissingReference
from tests import factories as f

D = dt.date
ON = D(2026, 11, 30)
ASSESSED = D(2025, 3, 1)


@pytest.fixture
def dinkes(binjai: Instansi) -> UnitKerja:
    return UnitKerja.objects.get(instansi=binjai, kode="DINKES")


def ten_competencies() -> list[Kompetensi]:
    """The 9 managerial and socio-cultural competencies and one technical one."""
    return [
        *Kompetensi.objects.exclude(kelompok="TEKNIS").order_by("kode"),
        Kompetensi.objects.get(kode="T-KES-02"),
    ]


def job_with_standard(
    binjai: Instansi, unit: UnitKerja, levels: list[int], nama: str = "Perawat Ahli"
) -> Jabatan:
    job = f.jabatan(binjai, unit, nama, "JF_AHLI_MUDA")
    for k, level in zip(ten_competencies(), levels, strict=False):
        StandarKompetensi.objects.create(jabatan=job, kompetensi=k, level=level, sumber="SKJ")
    return job


def assess(pegawai: Pegawai, levels: list[int], *, tanggal: dt.date = ASSESSED, years: int = 3) -> Asesmen:
    a = Asesmen.objects.create(
        pegawai=pegawai,
        tanggal=tanggal,
        metode="AC",
        berlaku_sampai=tanggal.replace(year=tanggal.year + years),
        skor_potensial=Decimal(70),
    )
    for k, level in zip(ten_competencies(), levels, strict=False):
        if level:  # 0: the assessment did not cover this competency
            NilaiKompetensi.objects.create(asesmen=a, kompetensi=k, level=level)
    return a


@pytest.mark.parametrize(
    ("levels", "persen", "pemetaan", "seleksi"),
    [
        ([5] * 5 + [4] * 5, "90.00", "OPTIMAL", "MEMENUHI_SYARAT"),  # 45/50
        ([5] * 4 + [4] * 6, "88.00", "CUKUP_OPTIMAL", "MEMENUHI_SYARAT"),  # 44/50
        ([4] * 10, "80.00", "CUKUP_OPTIMAL", "MEMENUHI_SYARAT"),  # 40/50
        ([4] * 9 + [3], "78.00", "CUKUP_OPTIMAL", "MASIH_MEMENUHI_SYARAT"),  # 39/50
        ([4] * 9 + [2], "76.00", "KURANG_OPTIMAL", "MASIH_MEMENUHI_SYARAT"),  # 38/50
        ([4] * 7 + [2] * 3, "68.00", "KURANG_OPTIMAL", "MASIH_MEMENUHI_SYARAT"),  # 34/50
        ([4] * 7 + [2, 2, 1], "66.00", "KURANG_OPTIMAL", "KURANG_MEMENUHI_SYARAT"),  # 33/50
    ],
)
def test_jpm_categories_at_the_bounds(
    binjai: Instansi, dinkes: UnitKerja, levels: list[int], persen: str, pemetaan: str, seleksi: str
) -> None:
    p = f.pegawai(binjai, dinkes, jabatan=job_with_standard(binjai, dinkes, [5] * 10))
    assess(p, levels)
    result = jpm_for(p, on=ON)
    assert (result.persen, result.pemetaan, result.seleksi) == (Decimal(persen), pemetaan, seleksi)
    assert result.nilai == Fraction(int(Decimal(persen) * 50), 50)


def test_an_unmeasured_competency_is_shown_but_left_out_of_the_jpm(
    binjai: Instansi, dinkes: UnitKerja
) -> None:
    p = f.pegawai(binjai, dinkes, jabatan=job_with_standard(binjai, dinkes, [3] * 9 + [4]))
    assess(p, [3, 2, 3, 3, 3, 3, 3, 3, 3])  # the technical competency was not measured
    result = jpm_for(p, on=ON)
    rows = [(r.kode, r.standar, r.capaian, r.gap) for r in result.rows]
    assert rows[0] == ("T-KES-02", 4, None, None)  # technical first; unknown, not a gap of 4
    assert rows[1:3] == [("M01", 3, 3, 0), ("M02", 3, 2, 1)]
    assert len(rows) == 10 and result.total_gap == 1
    assert result.nilai == Fraction(26 * 100, 27)
    assert result.persen == Decimal("96.30")
    assert (result.terukur, result.jumlah_standar, result.lengkap) == (9, 10, False)


def test_a_complete_assessment_is_not_flagged(binjai: Instansi, dinkes: UnitKerja) -> None:
    p = f.pegawai(binjai, dinkes, jabatan=job_with_standard(binjai, dinkes, [3] * 10))
    assess(p, [3] * 10)
    result = jpm_for(p, on=ON)
    assert (result.terukur, result.jumlah_standar, result.lengkap) == (10, 10, True)


def test_jpm_examples_of_the_issue(binjai: Instansi, dinkes: UnitKerja) -> None:
    # Nine competencies of standard 3: three scored 1 and six scored 4 -> 27 / 27 = 100 %.
    p = f.pegawai(binjai, dinkes, jabatan=job_with_standard(binjai, dinkes, [3] * 9))
    assess(p, [1, 1, 1, 4, 4, 4, 4, 4, 4])
    result = jpm_for(p, on=ON)
    assert (result.persen, result.pemetaan, result.seleksi) == (
        Decimal("100.00"),
        "OPTIMAL",
        "MEMENUHI_SYARAT",
    )
    assert result.lengkap
    # One of nine measured and met: 100 % over what was measured, flagged incomplete.
    q = f.pegawai(binjai, dinkes, jabatan=job_with_standard(binjai, dinkes, [3] * 9, nama="Bidan"))
    assess(q, [3])
    other = jpm_for(q, on=ON)
    assert (other.persen, other.terukur, other.jumlah_standar, other.lengkap) == (
        Decimal("100.00"),
        1,
        9,
        False,
    )


def test_cap_variant_applies_from_its_effective_date(binjai: Instansi, dinkes: UnitKerja) -> None:
    p = f.pegawai(binjai, dinkes, jabatan=job_with_standard(binjai, dinkes, [3] * 9))
    assess(p, [1, 1, 1, 4, 4, 4, 4, 4, 4])
    Ketentuan.objects.create(
        kode="JPM_CAPAIAN_DIBATASI_STANDAR", nama="cap", nilai=Decimal(1), berlaku_mulai=D(2026, 6, 1)
    )
    assert jpm_for(p, on=D(2026, 5, 31)).persen == Decimal("100.00")
    capped = jpm_for(p, on=D(2026, 6, 1))
    assert (capped.persen, capped.pemetaan) == (Decimal("77.78"), "KURANG_OPTIMAL")


def test_unmeasured_as_zero_variant_applies_from_its_effective_date(
    binjai: Instansi, dinkes: UnitKerja
) -> None:
    p = f.pegawai(binjai, dinkes, jabatan=job_with_standard(binjai, dinkes, [3] * 9))
    assess(p, [3])
    Ketentuan.objects.create(
        kode="JPM_TAK_TERUKUR_DIHITUNG_NOL", nama="nol", nilai=Decimal(1), berlaku_mulai=D(2026, 6, 1)
    )
    assert jpm_for(p, on=D(2026, 5, 31)).persen == Decimal("100.00")
    assert jpm_for(p, on=D(2026, 6, 1)).persen == Decimal("11.11")  # 3 / 27


def test_no_valid_assessment(binjai: Instansi, dinkes: UnitKerja) -> None:
    p = f.pegawai(binjai, dinkes, jabatan=job_with_standard(binjai, dinkes, [2] * 10))
    assess(p, [2] * 10, tanggal=D(2022, 1, 10))  # expired on 2025-01-10
    assess(p, [2] * 10, tanggal=D(2027, 1, 10))  # not yet done on ON
    result = jpm_for(p, on=ON)
    assert result.asesmen is None and not result.has_assessment
    assert (result.nilai, result.persen, result.pemetaan, result.seleksi) == (None, None, None, None)
    assert [(r.standar, r.capaian, r.gap) for r in result.rows] == [(2, None, None)] * 10


def test_the_latest_valid_assessment_is_used(binjai: Instansi, dinkes: UnitKerja) -> None:
    p = f.pegawai(binjai, dinkes, jabatan=job_with_standard(binjai, dinkes, [2] * 10))
    assess(p, [1] * 10, tanggal=D(2024, 2, 1))
    latest = assess(p, [2] * 10, tanggal=D(2025, 2, 1))
    result = jpm_for(p, on=ON)
    assert result.asesmen == latest and result.persen == Decimal("100.00")
    assert jpm_for(p, on=D(2024, 6, 1)).persen == Decimal("50.00")


def test_valid_assessment_but_no_standard(binjai: Instansi, dinkes: UnitKerja) -> None:
    p = f.pegawai(binjai, dinkes)  # no position, so no standard
    assess(p, [3] * 10)
    result = jpm_for(p, on=ON)
    assert result.has_assessment and result.persen is None and result.pemetaan is None
    assert {(r.standar, r.capaian, r.gap) for r in result.rows} == {(None, 3, None)}


def test_technical_weight_from_the_reference_setting(binjai: Instansi, dinkes: UnitKerja) -> None:
    p = f.pegawai(binjai, dinkes, jabatan=job_with_standard(binjai, dinkes, [4] * 10))
    assess(p, [4] * 9 + [2])  # non-technical 36/36 = 100%, technical 2/4 = 50%
    assert jpm_for(p, on=ON).persen == Decimal("95.00")  # unweighted: 38/40
    Ketentuan.objects.create(
        kode="JPM_BOBOT_TEKNIS", nama="bobot", nilai=Decimal("0.4"), berlaku_mulai=D(2026, 6, 1)
    )
    weighted = jpm_for(p, on=ON)
    assert weighted.nilai == Fraction(80)  # 0.4 × 50 + 0.6 × 100
    assert (weighted.pemetaan, weighted.seleksi) == ("CUKUP_OPTIMAL", "MEMENUHI_SYARAT")
    assert jpm_for(p, on=D(2026, 5, 31)).persen == Decimal("95.00")  # before the new version


def test_bands_follow_a_new_version_of_the_bound(binjai: Instansi, dinkes: UnitKerja) -> None:
    p = f.pegawai(binjai, dinkes, jabatan=job_with_standard(binjai, dinkes, [5] * 10))
    assess(p, [4] * 9 + [3])  # 78%
    Ketentuan.objects.create(
        kode="JPM_PEMETAAN_CUKUP", nama="cukup", nilai=Decimal(80), berlaku_mulai=D(2026, 7, 1)
    )
    assert jpm_for(p, on=D(2026, 6, 30)).pemetaan == "CUKUP_OPTIMAL"
    assert jpm_for(p, on=ON).pemetaan == "KURANG_OPTIMAL"


def test_ketentuan_table_resolves_like_ketentuan_value(db: None) -> None:
    Ketentuan.objects.create(
        kode="JP_MIN_PNS",
        nama="x",
        nilai=Decimal(30),
        berlaku_mulai=D(2030, 1, 1),
        berlaku_sampai=D(2030, 12, 31),
    )
    table = KetentuanTable(["JP_MIN_PNS", "JP_MAX_PPPK"])
    assert table.value("JP_MIN_PNS", on=D(2026, 1, 1)) == 20
    assert table.value("JP_MAX_PPPK", on=D(2026, 1, 1)) == 24
    with pytest.raises(MissingReference):
        table.value("JP_MIN_PNS", on=D(2010, 1, 1))  # before the regulation took effect
    assert table.value("JP_MIN_PNS", on=D(2030, 6, 1)) == 30
    assert table.value("JP_MIN_PNS", on=D(2031, 1, 1)) == 20


def test_ketentuan_table_reads_once(db: None, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        table = KetentuanTable(["JP_MIN_PNS", "JP_MAX_PPPK"])
        assert (table.value("JP_MIN_PNS", on=ON), table.value("JP_MAX_PPPK", on=ON)) == (20, 24)


def test_jpm_for_unit_equals_jpm_for_each_employee(
    binjai: Instansi, dinkes: UnitKerja, django_assert_max_num_queries
) -> None:
    job = job_with_standard(binjai, dinkes, [3] * 10)
    other_job = job_with_standard(binjai, dinkes, [2] * 9, nama="Pengadministrasi")
    people = [f.pegawai(binjai, dinkes, nama=f"P{i}", jabatan=job if i % 2 else other_job) for i in range(6)]
    for i, p in enumerate(people[:4]):
        assess(p, [1 + (i + j) % 3 for j in range(10)])
    assess(people[0], [3] * 10, tanggal=D(2021, 1, 1))  # expired: ignored
    elsewhere = f.pegawai(binjai, UnitKerja.objects.get(instansi=binjai, kode="BKPSDM"), jabatan=job)
    assess(elsewhere, [3] * 10)
    with django_assert_max_num_queries(7):
        bulk = jpm_for_unit(dinkes, on=ON)
    assert set(bulk) == {p.pk for p in people}
    for p in people:
        single = jpm_for(p, on=ON)
        assert (bulk[p.pk].nilai, bulk[p.pk].pemetaan, bulk[p.pk].seleksi, bulk[p.pk].rows) == (
            single.nilai,
            single.pemetaan,
            single.seleksi,
            single.rows,
        )
    assert [bulk[p.pk].has_assessment for p in people] == [True] * 4 + [False] * 2


def test_jpm_for_unit_queries_do_not_grow(
    binjai: Instansi, dinkes: UnitKerja, django_assert_max_num_queries
) -> None:
    job = job_with_standard(binjai, dinkes, [3] * 10)
    for i in range(25):
        assess(f.pegawai(binjai, dinkes, nama=f"P{i}", jabatan=job), [2] * 10)
    with django_assert_max_num_queries(7):
        assert len(jpm_for_unit(dinkes, on=ON)) == 25


def test_latest_talent_box_with_its_recommendation_and_latest_skp(
    binjai: Instansi, dinkes: UnitKerja
) -> None:
    p = f.pegawai(binjai, dinkes)
    assert talenta_latest(pegawai=p) is None and kinerja_latest(pegawai=p) is None
    ProfilTalenta.objects.create(pegawai=p, tahun=2025, kinerja="SESUAI", potensial="RENDAH", kotak=2)
    ProfilTalenta.objects.create(pegawai=p, tahun=2026, kinerja="DI_ATAS", potensial="TINGGI", kotak=9)
    for tahun, predikat in ((2025, "BAIK"), (2026, "SANGAT_BAIK")):
        Kinerja.objects.create(
            pegawai=p, tahun=tahun, hasil_kerja="DI_ATAS", perilaku_kerja="DI_ATAS", predikat=predikat
        )
    view = talenta_latest(pegawai=p)
    assert view is not None and view.kotak is not None
    assert (view.profil.tahun, view.profil.kotak, view.kotak.kotak, view.kotak.kelompok_suksesi) == (
        2026,
        9,
        9,
        True,
    )
    latest = kinerja_latest(pegawai=p)
    assert latest is not None and (latest.tahun, latest.predikat) == (2026, "SANGAT_BAIK")


@pytest.mark.django_db
def test_the_talent_axis_of_a_predikat_is_reference_data_from_its_date() -> None:
    from sibina.reference.models import PredikatSumbuKinerja
    from sibina.reference.selectors import predikat_sumbu_map

    assert predikat_sumbu_map(on=D(2026, 12, 31)) == {
        "SANGAT_BAIK": "DI_ATAS",
        "BAIK": "SESUAI",
        "BUTUH_PERBAIKAN": "DI_BAWAH",
        "KURANG": "DI_BAWAH",
        "SANGAT_KURANG": "DI_BAWAH",
    }
    PredikatSumbuKinerja.objects.create(predikat="BAIK", kinerja="DI_ATAS", berlaku_mulai=D(2027, 1, 1))
    assert predikat_sumbu_map(on=D(2026, 12, 31))["BAIK"] == "SESUAI"
    assert predikat_sumbu_map(on=D(2027, 1, 1))["BAIK"] == "DI_ATAS"
