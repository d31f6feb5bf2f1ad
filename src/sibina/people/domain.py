"""Identity rules for civil servants: NIP and NIK (DOMAIN.md §4). Pure functions, no ORM.

A disagreement between an identifier and the other fields is reported as a :class:`Finding`; nothing here
"corrects" data, because the wrong side (the NIP or the birth date) cannot be known from the record alone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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


def parse_nip(nip: str, *, pppk: bool = False) -> NipParts | Finding:
    """Split an 18-digit NIP into its parts, or say what is wrong with its shape."""
    if len(nip) != 18 or not (nip.isascii() and nip.isdigit()):
        return Finding(
            "nip", "nip_shape", _("NIP must be 18 digits (found %(n)d characters).") % {"n": len(nip)}
        )
    lahir = _date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if lahir is None:
        return Finding("nip", "nip_birth_date", _("Digits 1–8 of the NIP are not a valid date of birth."))
    tmt_tahun, tmt_bulan_s = int(nip[8:12]), nip[12:14]
    tmt_bulan: int | None
    if pppk and tmt_bulan_s == PPPK_MARK:
        tmt_bulan = None
    elif 1 <= int(tmt_bulan_s) <= 12:
        tmt_bulan = int(tmt_bulan_s)
    else:
        return Finding(
            "nip", "nip_tmt", _("Digits 9–14 of the NIP are not a valid appointment month (YYYYMM).")
        )
    if tmt_tahun < lahir.year + 14:
        return Finding("nip", "nip_tmt", _("The appointment year in the NIP is before the holder turned 14."))
    sex = nip[14]
    if sex not in "12":
        return Finding("nip", "nip_sex", _("Digit 15 of the NIP must be 1 (male) or 2 (female)."))
    return NipParts(lahir, tmt_tahun, tmt_bulan, "L" if sex == "1" else "P", int(nip[15:18]))


def check_nip(
    nip: str,
    *,
    jenis_asn: str,
    tanggal_lahir: dt.date | None = None,
    jenis_kelamin: str | None = None,
    tmt_cpns: dt.date | None = None,
) -> list[Finding]:
    """Every way the NIP disagrees with itself or with the other fields of the record."""
    parts = parse_nip(nip, pppk=jenis_asn in ASN_PPPK)
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


def parse_nik(nik: str) -> NikParts | Finding:
    if len(nik) != 16 or not (nik.isascii() and nik.isdigit()):
        return Finding(
            "nik", "nik_shape", _("NIK must be 16 digits (found %(n)d characters).") % {"n": len(nik)}
        )
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "P" if day > 40 else "L"
    day = day - 40 if day > 40 else day
    # 2000 is a leap year, so 29-02 is accepted here and checked against the real year later.
    if _date(2000, month, day) is None:
        return Finding("nik", "nik_birth_date", _("Digits 7–12 of the NIK are not a valid date (DDMMYY)."))
    return NikParts(nik[0:6], day, month, yy, sex, int(nik[12:16]))


def check_nik(
    nik: str, *, tanggal_lahir: dt.date | None = None, jenis_kelamin: str | None = None
) -> list[Finding]:
    parts = parse_nik(nik)
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
