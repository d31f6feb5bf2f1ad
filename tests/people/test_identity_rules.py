"""Identity checks with the reference settings (DOMAIN §4): the NIK's region code, leap years, plausible NIP
birth years and appointment ages, the PPPK "21" pattern from its first year, and messages that name the
offending character or digit group. Each setting applies from its effective date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given
from hypothesis import strategies as st

from sibina.people import domain
from sibina.people.identity import identity_rules
from sibina.people.models import Instansi, UnitKerja
from sibina.reference.models import Ketentuan, KodeWilayah
from tests import factories as f

D = dt.date
TODAY = D(2026, 12, 7)
RULES = domain.IdentityRules(
    today=TODAY,
    tahun_lahir_min=1940,
    usia_tmt_min=18,
    usia_tmt_maks=60,
    pola_pppk_tahun_mulai=2025,
    provinsi=frozenset({"12", "32"}),
    kabupaten={"12": frozenset({"1275", "1271"})},
)


def codes(findings: list[domain.Finding]) -> list[str]:
    return [x.code for x in findings]


def only(result: object) -> domain.Finding:
    assert isinstance(result, domain.Finding)
    return result


# --- NIK ---------------------------------------------------------------------------------------------------


def test_a_nik_without_a_province_code_is_rejected() -> None:
    finding = only(domain.parse_nik("0000002609860001", rules=RULES))
    assert finding.code == "nik_region" and "(00)" in finding.message


@pytest.mark.parametrize(
    ("nik", "ok"),
    [
        ("1275012609860001", True),  # Kota Binjai
        ("1271012609860001", True),
        ("1299012609860001", False),  # province 12's list is complete: 1299 is no regency
        ("3299012609860001", True),  # province 32's regencies are not loaded: not judged
        ("1375012609860001", False),  # 13 is not a province code here
    ],
)
def test_the_region_code_against_the_reference_table(nik: str, ok: bool) -> None:
    result = domain.parse_nik(nik, rules=RULES)
    assert isinstance(result, domain.NikParts) is ok
    if not ok:
        assert only(result).code == "nik_region"


@pytest.mark.parametrize(
    ("ddmmyy", "ok"),
    [
        ("290200", True),  # 2000 is a leap year
        ("290204", True),
        ("290296", True),
        ("290201", False),  # 1901 and 2001: neither is a leap year
        ("690201", False),  # a woman (+40), same date
        ("690204", True),
        ("280201", True),
        ("300200", False),
    ],
)
def test_29_february_needs_a_leap_year(ddmmyy: str, ok: bool) -> None:
    result = domain.parse_nik(f"127501{ddmmyy}0001")
    assert isinstance(result, domain.NikParts) is ok
    if not ok:
        assert f"({ddmmyy})" in only(result).message


def test_a_nik_with_a_letter_names_it() -> None:
    finding = only(domain.parse_nik("12750126098600O1"))
    assert finding.code == "nik_shape"
    assert "character 15 is “O”" in finding.message


# --- NIP ---------------------------------------------------------------------------------------------------


def test_a_nip_with_a_letter_names_the_letter_not_its_length() -> None:
    finding = only(domain.parse_nip("19860926201505100A"))
    assert finding.code == "nip_shape"
    assert "character 18 is “A”" in finding.message
    assert "found 18" not in finding.message
    assert "(found 5)" in only(domain.parse_nip("12345")).message


@pytest.mark.parametrize(
    ("nip", "ok"),
    [
        ("000109262015051001", False),  # born in the year 1
        ("193901012015051001", False),  # before the bound
        ("194001011960051001", True),  # the bound itself, appointed at 20
        ("198609262099051001", False),  # appointed in 2099
        ("198609262001051001", False),  # appointed aged 14
        ("198609262004091001", False),  # aged 17 (turns 18 on 26-09-2004)
        ("198609262004101001", True),  # aged 18
        ("196001012020011001", True),  # aged 60
        ("196001012021011001", False),  # aged 61
        ("198609262027011001", True),  # next year: a NIP may be issued ahead of its TMT
        ("198609262028011001", False),
    ],
)
def test_plausible_birth_year_and_appointment_age(nip: str, ok: bool) -> None:
    result = domain.parse_nip(nip, rules=RULES)
    assert isinstance(result, domain.NipParts) is ok, result


def test_the_messages_name_the_digit_group() -> None:
    assert "(0001)" in only(domain.parse_nip("000109262015051001", rules=RULES)).message
    assert "(200109)" in only(domain.parse_nip("198609262001091001", rules=RULES)).message
    assert "at age 14" in only(domain.parse_nip("198609262001091001", rules=RULES)).message
    assert "(201513)" in only(domain.parse_nip("198609262015131001")).message
    assert "(3)" in only(domain.parse_nip("198609262015053001")).message


@pytest.mark.parametrize(("year", "ok"), [("2024", False), ("2025", True), ("2026", True)])
def test_the_pppk_pattern_only_from_its_first_year(year: str, ok: bool) -> None:
    result = domain.parse_nip(f"19820921{year}211088", pppk=True, rules=RULES)
    assert isinstance(result, domain.NipParts) is ok
    if not ok:
        assert "only from 2025" in only(result).message


people = st.tuples(
    st.dates(min_value=D(1960, 1, 1), max_value=D(2004, 12, 31)),
    st.integers(min_value=19, max_value=59),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(["L", "P"]),
    st.integers(min_value=1, max_value=999),
)


@given(people)
@example((D(2000, 2, 29), 19, 1, "P", 1))
def test_made_identifiers_pass_the_plausibility_rules(p: tuple[D, int, int, str, int]) -> None:
    lahir, age, month, sex, urut = p
    tmt = D(min(lahir.year + age, TODAY.year), month, 1)
    nip = domain.make_nip(tanggal_lahir=lahir, tmt=tmt, jenis_kelamin=sex, urut=urut)
    assert domain.check_nip(nip, jenis_asn="PNS", tanggal_lahir=lahir, tmt_cpns=tmt, rules=RULES) == []
    nik = domain.make_nik(kode_wilayah="127501", tanggal_lahir=lahir, jenis_kelamin=sex, urut=urut)
    assert domain.check_nik(nik, tanggal_lahir=lahir, jenis_kelamin=sex, rules=RULES) == []


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Nd",)), min_size=1, max_size=1), st.integers(0, 17)
)
def test_any_non_digit_is_named_with_its_position(char: str, position: int) -> None:
    nip = "198609262015051001"
    bad = nip[:position] + char + nip[position + 1 :]
    finding = only(domain.parse_nip(bad))
    assert f"character {position + 1} is “{char}”" in finding.message


# --- the settings in the database, each from its effective date ---------------------------------------------


@pytest.mark.django_db
def test_the_seeded_rules() -> None:
    rules = identity_rules(on=TODAY)
    assert (rules.tahun_lahir_min, rules.usia_tmt_min, rules.usia_tmt_maks, rules.pola_pppk_tahun_mulai) == (
        1940,
        18,
        60,
        2025,
    )
    assert len(rules.provinsi) == 38 and {"12", "96"} <= rules.provinsi
    assert "1275" in rules.kabupaten["12"] and len(rules.kabupaten["12"]) == 33


def _setting(kode: str, nilai: int, berlaku_mulai: dt.date) -> None:
    Ketentuan.objects.create(kode=kode, nama=kode, nilai=Decimal(nilai), berlaku_mulai=berlaku_mulai)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kode", "nilai", "nip", "pppk"),
    [
        ("NIP_TAHUN_LAHIR_MIN", 1950, "194501011970051001", False),
        ("USIA_PENGANGKATAN_MIN", 20, "198609262005101001", False),  # appointed at 19
        ("USIA_PENGANGKATAN_MAKS", 50, "196001012015011001", False),  # appointed at 55
        ("NIP_PPPK_POLA_21_TAHUN_MULAI", 2026, "198209212025211088", True),
    ],
)
def test_a_later_setting_changes_the_outcome_only_from_its_date(
    kode: str, nilai: int, nip: str, pppk: bool
) -> None:
    _setting(kode, nilai, D(2027, 1, 1))
    assert isinstance(
        domain.parse_nip(nip, pppk=pppk, rules=identity_rules(on=D(2026, 12, 31))), domain.NipParts
    )
    assert isinstance(
        domain.parse_nip(nip, pppk=pppk, rules=identity_rules(on=D(2027, 1, 1))), domain.Finding
    )


@pytest.mark.django_db
def test_a_new_province_code_counts_from_its_date() -> None:
    KodeWilayah.objects.create(
        kode="97", nama="Provinsi Baru", tingkat="PROVINSI", berlaku_mulai=D(2027, 1, 1)
    )
    nik = "9701012609860001"
    assert isinstance(domain.parse_nik(nik, rules=identity_rules(on=D(2026, 12, 31))), domain.Finding)
    assert isinstance(domain.parse_nik(nik, rules=identity_rules(on=D(2027, 1, 1))), domain.NikParts)


@pytest.mark.django_db
def test_the_employee_record_rejects_a_nik_without_a_region(binjai: Instansi) -> None:
    unit = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    p = f.pegawai(binjai, unit)
    p.nik = "0000002609860001"
    with pytest.raises(ValidationError) as err:
        p.full_clean()
    assert [m for m in err.value.message_dict["nik"] if "(00)" in m]
