"""NIP and NIK rules (DOMAIN.md §4)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from sibina.people import domain

D = dt.date


def codes(findings: list[domain.Finding]) -> list[str]:
    return [f.code for f in findings]


def test_normalise_strips_spaces_dots_and_spreadsheet_floats() -> None:
    assert domain.normalise_nip("19860926 201505 1 001") == "198609262015051001"
    assert domain.normalise_nip(" 19860926.201505.1.001 ") == "198609262015051001"
    assert domain.normalise_nip("198609262015051001.0") == "198609262015051001"
    assert domain.normalise_nip(None) == ""


def test_valid_pns_nip_agrees() -> None:
    nip = "198609262015051001"
    parts = domain.parse_nip(nip)
    assert parts == domain.NipParts(D(1986, 9, 26), 2015, 5, "L", 1)
    assert (
        domain.check_nip(
            nip, jenis_asn="PNS", tanggal_lahir=D(1986, 9, 26), jenis_kelamin="L", tmt_cpns=D(2015, 5, 1)
        )
        == []
    )


def test_pppk_21_pattern_valid_only_for_pppk() -> None:
    nip = "198209212025211088"
    assert domain.check_nip(nip, jenis_asn="PPPK", tanggal_lahir=D(1982, 9, 21), jenis_kelamin="L") == []
    assert domain.check_nip(nip, jenis_asn="PPPK_PW") == []
    assert codes(domain.check_nip(nip, jenis_asn="PNS")) == ["nip_tmt"]


def test_pppk_with_month_is_also_valid() -> None:
    assert domain.check_nip("199001012023031002", jenis_asn="PPPK", jenis_kelamin="L") == []


def test_disagreements_are_reported_per_field() -> None:
    found = domain.check_nip(
        "198609262015052001",
        jenis_asn="PNS",
        tanggal_lahir=D(1986, 9, 27),
        jenis_kelamin="L",
        tmt_cpns=D(2015, 6, 1),
    )
    assert [(f.field, f.code) for f in found] == [
        ("tanggal_lahir", "nip_mismatch_birth"),
        ("jenis_kelamin", "nip_mismatch_sex"),
        ("tmt_cpns", "nip_mismatch_tmt"),
    ]


def test_nip_shape_errors() -> None:
    assert codes(domain.check_nip("12345", jenis_asn="PNS")) == ["nip_shape"]
    assert codes(domain.check_nip("19860926201505100A", jenis_asn="PNS")) == ["nip_shape"]
    assert codes(domain.check_nip("198613262015051001", jenis_asn="PNS")) == ["nip_birth_date"]
    assert codes(domain.check_nip("198609262015131001", jenis_asn="PNS")) == ["nip_tmt"]
    assert codes(domain.check_nip("198609262015053001", jenis_asn="PNS")) == ["nip_sex"]
    assert codes(domain.check_nip("198609261990051001", jenis_asn="PNS")) == ["nip_tmt"]  # appointed aged 3


def test_nik_women_day_plus_40() -> None:
    nik = "127502" + "660590" + "0001"  # 26-05-1990, woman
    assert domain.check_nik(nik, tanggal_lahir=D(1990, 5, 26), jenis_kelamin="P") == []
    assert codes(domain.check_nik(nik, tanggal_lahir=D(1990, 5, 26), jenis_kelamin="L")) == [
        "nik_mismatch_sex"
    ]
    assert codes(domain.check_nik(nik, tanggal_lahir=D(1990, 5, 25), jenis_kelamin="P")) == [
        "nik_mismatch_birth"
    ]
    man = "127502" + "260590" + "0001"
    assert domain.check_nik(man, tanggal_lahir=D(1990, 5, 26), jenis_kelamin="L") == []


def test_nik_shape() -> None:
    assert codes(domain.check_nik("12750226059")) == ["nik_shape"]
    assert codes(domain.check_nik("1275023205900001")) == ["nik_birth_date"]  # day 32
    assert codes(domain.check_nik("1275027205900001")) == ["nik_birth_date"]  # woman, day 32


def test_mask_nik_hides_birth_date() -> None:
    assert domain.mask_nik("1275026605900001") == "1275**********01"


def test_nama_lengkap() -> None:
    assert domain.nama_lengkap("Dr.", "Siti Aminah", "S.Pd., M.Pd.") == "Dr. Siti Aminah, S.Pd., M.Pd."
    assert domain.nama_lengkap("", "Budi", "") == "Budi"


people = st.tuples(
    st.dates(min_value=D(1960, 1, 1), max_value=D(2004, 12, 31)),
    st.integers(min_value=18, max_value=40),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(["L", "P"]),
    st.integers(min_value=1, max_value=999),
)


@given(people)
def test_made_identifiers_always_check_clean(p: tuple[D, int, int, str, int]) -> None:
    lahir, age, month, sex, urut = p
    tmt = D(lahir.year + age, month, 1)
    nip = domain.make_nip(tanggal_lahir=lahir, tmt=tmt, jenis_kelamin=sex, urut=urut)
    assert domain.check_nip(nip, jenis_asn="PNS", tanggal_lahir=lahir, jenis_kelamin=sex, tmt_cpns=tmt) == []
    nik = domain.make_nik(kode_wilayah="127501", tanggal_lahir=lahir, jenis_kelamin=sex, urut=urut)
    assert domain.check_nik(nik, tanggal_lahir=lahir, jenis_kelamin=sex) == []


@given(st.text(max_size=30))
def test_check_never_crashes_on_garbage(raw: str) -> None:
    nip = domain.normalise_nip(raw)
    for jenis in ("PNS", "PPPK"):
        found = domain.check_nip(nip, jenis_asn=jenis, tanggal_lahir=D(1990, 1, 1), jenis_kelamin="L")
        assert all(isinstance(f, domain.Finding) for f in found)
    assert all(isinstance(f, domain.Finding) for f in domain.check_nik(nip))
