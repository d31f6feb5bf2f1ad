"""Identity rules for civil servants: NIP and NIK (DOMAIN.md §4). Pure functions, no ORM.

A disagreement between an identifier and the other fields is reported as a :class:`Finding`; nothing here
"corrects" data, because the wrong side (the NIP or the birth date) cannot be known from the record alone.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

_STRIP = re.compile(r"[\s.\-_/']")
PPPK_MARK = "21"  # PPPK NIPs issued since 2025 carry "21" where the TMT month would be
ASN_PPPK = frozenset({"PPPK", "PPPK_PW"})


@dataclass(frozen=True)
class Finding:
    """One problem with one field; ``message`` is already translated into the active language."""

    field: str
    code: str
    message: str


@dataclass(frozen=True)
class IdentityRules:
    """The reference settings the identity checks need, as of one day (``people.identity.identity_rules``).

    Without them only the shape of an identifier is checked; with them also its plausibility (birth year,
    age at appointment, the first year of the PPPK pattern) and the NIK's region code.
    """

    today: dt.date
    tahun_lahir_min: int  # NIP_TAHUN_LAHIR_MIN
    usia_tmt_min: int  # USIA_PENGANGKATAN_MIN
    usia_tmt_maks: int  # USIA_PENGANGKATAN_MAKS
    pola_pppk_tahun_mulai: int  # NIP_PPPK_POLA_21_TAHUN_MULAI
    provinsi: frozenset[str] = frozenset()  # Kemendagri province codes
    kabupaten: Mapping[str, frozenset[str]] = field(default_factory=dict)  # province -> all its regency codes


@dataclass(frozen=True)
class NipParts:
    tanggal_lahir: dt.date
    tmt_tahun: int
    tmt_bulan: int | None  # None for the PPPK "21" pattern
    jenis_kelamin: str  # "L" or "P"
    urut: int

    @property
    def pola_pppk(self) -> bool:
        return self.tmt_bulan is None


@dataclass(frozen=True)
class NikParts:
    kode_wilayah: str  # 6 digits: province, regency/city, district
    hari: int  # day of birth (the +40 for women already removed)
    bulan: int
    tahun_2digit: int
    jenis_kelamin: str
    urut: int


def normalise_nip(raw: object) -> str:
    """Strip the spaces, dots and dashes people type into NIPs ('19860926 201505 1 001')."""
    text = "" if raw is None else str(raw).strip()
    if text.endswith(".0") and text[:-2].isdigit():  # a number that went through a spreadsheet
        text = text[:-2]
    return _STRIP.sub("", text)


normalise_nik = normalise_nip


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _shape(value: str, *, field_name: str, length: int, label: str) -> Finding | None:
    """Only digits, exactly ``length`` of them; the message names the first offending character."""
    for position, char in enumerate(value, start=1):
        if not (char.isascii() and char.isdigit()):
            return Finding(
                field_name,
                f"{field_name}_shape",
                _("%(label)s may hold only digits: character %(pos)d is “%(char)s”.")
                % {"label": label, "pos": position, "char": char},
            )
    if len(value) != length:
        return Finding(
            field_name,
            f"{field_name}_shape",
            _("%(label)s must be %(length)d digits (found %(n)d).")
            % {"label": label, "length": length, "n": len(value)},
        )
    return None


def _age(born: dt.date, year: int, month: int) -> int:
    """Whole years of age on the first day of ``month`` of ``year``."""
    return year - born.year - ((month, 1) < (born.month, born.day))


def parse_nip(nip: str, *, pppk: bool = False, rules: IdentityRules | None = None) -> NipParts | Finding:
    """Split an 18-digit NIP into its parts, or say what is wrong with it, naming the digits at fault.

    With ``rules`` the parts must also be plausible: a birth year from the reference bound, an appointment
    between the reference ages and not years ahead, the PPPK pattern only from its first year.
    """
    shape = _shape(nip, field_name="nip", length=18, label="NIP")
    if shape is not None:
        return shape
    lahir = _date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if lahir is None:
        return Finding(
            "nip",
            "nip_birth_date",
            _("Digits 1–8 of the NIP (%(group)s) are not a valid date of birth (YYYYMMDD).")
            % {"group": nip[0:8]},
        )
    if rules is not None and not rules.tahun_lahir_min <= lahir.year <= rules.today.year:
        return Finding(
            "nip",
            "nip_birth_date",
            _(
                "Digits 1–4 of the NIP (%(group)s) are not a plausible year of birth (from %(min)d to %(max)d)."
            )
            % {"group": nip[0:4], "min": rules.tahun_lahir_min, "max": rules.today.year},
        )
    tmt_tahun, tmt_bulan_s = int(nip[8:12]), nip[12:14]
    tmt_bulan: int | None
    if pppk and tmt_bulan_s == PPPK_MARK:
        if rules is not None and tmt_tahun < rules.pola_pppk_tahun_mulai:
            return Finding(
                "nip",
                "nip_tmt",
                _(
                    "Digits 13–14 of the NIP are “21”, the PPPK pattern, which is used only from "
                    "%(first)d; digits 9–12 say %(year)s."
                )
                % {"first": rules.pola_pppk_tahun_mulai, "year": nip[8:12]},
            )
        tmt_bulan = None
    elif 1 <= int(tmt_bulan_s) <= 12:
        tmt_bulan = int(tmt_bulan_s)
    else:
        return Finding(
            "nip",
            "nip_tmt",
            _("Digits 9–14 of the NIP (%(group)s) are not a valid appointment month (YYYYMM).")
            % {"group": nip[8:14]},
        )
    if rules is None:
        if tmt_tahun < lahir.year + 14:
            return Finding(
                "nip", "nip_tmt", _("The appointment year in the NIP is before the holder turned 14.")
            )
    else:
        age = _age(lahir, tmt_tahun, tmt_bulan or 1)
        if tmt_tahun > rules.today.year + 1:
            return Finding(
                "nip",
                "nip_tmt",
                _("Digits 9–14 of the NIP (%(group)s) put the appointment years ahead, after %(max)d.")
                % {"group": nip[8:14], "max": rules.today.year + 1},
            )
        if not rules.usia_tmt_min <= age <= rules.usia_tmt_maks:
            return Finding(
                "nip",
                "nip_tmt",
                _(
                    "Digits 9–14 of the NIP (%(group)s) put the appointment at age %(age)d; from %(min)d to "
                    "%(max)d is plausible."
                )
                % {"group": nip[8:14], "age": age, "min": rules.usia_tmt_min, "max": rules.usia_tmt_maks},
            )
    sex = nip[14]
    if sex not in "12":
        return Finding(
            "nip",
            "nip_sex",
            _("Digit 15 of the NIP (%(digit)s) must be 1 (male) or 2 (female).") % {"digit": sex},
        )
    return NipParts(lahir, tmt_tahun, tmt_bulan, "L" if sex == "1" else "P", int(nip[15:18]))


def check_nip(
    nip: str,
    *,
    jenis_asn: str,
    tanggal_lahir: dt.date | None = None,
    jenis_kelamin: str | None = None,
    tmt_cpns: dt.date | None = None,
    rules: IdentityRules | None = None,
) -> list[Finding]:
    """Every way the NIP disagrees with itself or with the other fields of the record."""
    parts = parse_nip(nip, pppk=jenis_asn in ASN_PPPK, rules=rules)
    if isinstance(parts, Finding):
        return [parts]
    findings: list[Finding] = []
    if tanggal_lahir is not None and tanggal_lahir != parts.tanggal_lahir:
        findings.append(
            Finding(
                "tanggal_lahir",
                "nip_mismatch_birth",
                _("Date of birth %(date)s does not match the NIP (%(nip_date)s).")
                % {
                    "date": tanggal_lahir.strftime("%d-%m-%Y"),
                    "nip_date": parts.tanggal_lahir.strftime("%d-%m-%Y"),
                },
            )
        )
    if jenis_kelamin is not None and jenis_kelamin != parts.jenis_kelamin:
        findings.append(
            Finding(
                "jenis_kelamin",
                "nip_mismatch_sex",
                _("Sex %(sex)s does not match digit 15 of the NIP (%(nip_sex)s).")
                % {"sex": jenis_kelamin, "nip_sex": parts.jenis_kelamin},
            )
        )
    if tmt_cpns is not None and jenis_asn not in ASN_PPPK:
        nip_tmt = f"{parts.tmt_tahun:04d}-{parts.tmt_bulan or 0:02d}"
        if (tmt_cpns.year, tmt_cpns.month) != (parts.tmt_tahun, parts.tmt_bulan):
            findings.append(
                Finding(
                    "tmt_cpns",
                    "nip_mismatch_tmt",
                    _("TMT CPNS %(tmt)s does not match digits 9–14 of the NIP (%(nip_tmt)s).")
                    % {"tmt": tmt_cpns.strftime("%m-%Y"), "nip_tmt": nip_tmt},
                )
            )
    return findings


def parse_nik(nik: str, *, rules: IdentityRules | None = None) -> NikParts | Finding:
    """Split a 16-digit NIK into its parts, or say what is wrong with it, naming the digits at fault.

    With ``rules`` the region code must be a province code (and a regency/city code of that province where the
    province's list is complete). Without a birth date a 29 February needs a leap year among the two centuries
    its two-digit year can mean.
    """
    shape = _shape(nik, field_name="nik", length=16, label="NIK")
    if shape is not None:
        return shape
    if rules is not None and rules.provinsi and nik[0:2] not in rules.provinsi:
        return Finding(
            "nik",
            "nik_region",
            _("Digits 1–2 of the NIK (%(group)s) are not a province code.") % {"group": nik[0:2]},
        )
    regencies = rules.kabupaten.get(nik[0:2]) if rules is not None else None
    if regencies and nik[0:4] not in regencies:
        return Finding(
            "nik",
            "nik_region",
            _("Digits 1–4 of the NIK (%(group)s) are not a regency or city code of province %(province)s.")
            % {"group": nik[0:4], "province": nik[0:2]},
        )
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "P" if day > 40 else "L"
    day = day - 40 if day > 40 else day
    # 29-02 needs a leap year: 19yy or 20yy (checked against the real year when the birth date is known).
    leap = calendar.isleap(1900 + yy) or calendar.isleap(2000 + yy)
    if _date(2000, month, day) is None or ((month, day) == (2, 29) and not leap):
        return Finding(
            "nik",
            "nik_birth_date",
            _("Digits 7–12 of the NIK (%(group)s) are not a valid date (DDMMYY, the day + 40 for women).")
            % {"group": nik[6:12]},
        )
    return NikParts(nik[0:6], day, month, yy, sex, int(nik[12:16]))


def check_nik(
    nik: str,
    *,
    tanggal_lahir: dt.date | None = None,
    jenis_kelamin: str | None = None,
    rules: IdentityRules | None = None,
) -> list[Finding]:
    parts = parse_nik(nik, rules=rules)
    if isinstance(parts, Finding):
        return [parts]
    findings: list[Finding] = []
    if tanggal_lahir is not None and (parts.hari, parts.bulan, parts.tahun_2digit) != (
        tanggal_lahir.day,
        tanggal_lahir.month,
        tanggal_lahir.year % 100,
    ):
        findings.append(
            Finding("nik", "nik_mismatch_birth", _("Digits 7–12 of the NIK do not match the date of birth."))
        )
    if jenis_kelamin is not None and jenis_kelamin != parts.jenis_kelamin:
        findings.append(
            Finding(
                "nik",
                "nik_mismatch_sex",
                _("The NIK's day of birth (+40 for women) does not match sex %(sex)s.")
                % {"sex": jenis_kelamin},
            )
        )
    return findings


def make_nip(
    *, tanggal_lahir: dt.date, tmt: dt.date, jenis_kelamin: str, urut: int, pppk_2025: bool = False
) -> str:
    """Build a well-formed NIP (used by the synthetic city and tests)."""
    month = PPPK_MARK if pppk_2025 else f"{tmt.month:02d}"
    sex = "1" if jenis_kelamin == "L" else "2"
    return f"{tanggal_lahir:%Y%m%d}{tmt.year:04d}{month}{sex}{urut:03d}"


def make_nik(*, kode_wilayah: str, tanggal_lahir: dt.date, jenis_kelamin: str, urut: int) -> str:
    day = tanggal_lahir.day + (40 if jenis_kelamin == "P" else 0)
    return f"{kode_wilayah}{day:02d}{tanggal_lahir:%m}{tanggal_lahir.year % 100:02d}{urut:04d}"


def mask_nik(nik: str) -> str:
    """Show only the region and the last two digits: enough to recognise, not enough to misuse."""
    if len(nik) < 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 6) + nik[-2:]


def is_nik_column(kolom: str) -> bool:
    """A file column or model field that holds a NIK ('NIK', 'nik', 'N I K')."""
    return "".join(ch for ch in kolom.lower() if ch.isalpha()) == "nik"


def mask_if_nik(kolom: str, nilai: str) -> str:
    """A value from a file or a change record, its NIK masked when the column holds one."""
    return mask_nik(normalise_nik(nilai)) if nilai and is_nik_column(kolom) else nilai


def nama_lengkap(gelar_depan: str, nama: str, gelar_belakang: str) -> str:
    """'Dr. Siti Aminah, S.Pd., M.Pd.' from its three parts."""
    full = f"{gelar_depan} {nama}".strip()
    return f"{full}, {gelar_belakang}" if gelar_belakang else full
