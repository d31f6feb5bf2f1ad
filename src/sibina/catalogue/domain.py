"""Who may join an activity: eligibility as a pure function of plain facts (no ORM)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass


@dataclass(frozen=True)
class Peserta:
    """What eligibility looks at about one employee."""

    jenis_asn: str
    tingkat_jabatan: str  # TingkatJabatan code, "" when unknown
    golongan_urutan: int | None  # rank order within the employee's ASN type
    front_line: bool
    rumpun: str = ""  # RumpunJabatan code of the position, "" when unknown
    jenis_unit: str = ""  # UnitKerja.Jenis of the employee's unit type (see catalogue.audience), "" unknown
    jabatan: str = ""  # position name
    opd: str = ""  # code of the top-level unit (OPD)


@dataclass(frozen=True)
class Syarat:
    """An activity's eligibility rules; an empty collection means "everyone"."""

    tingkat_jabatan: Collection[str] = ()
    jenis_asn: Collection[str] = ()
    golongan_min: int | None = None
    golongan_max: int | None = None
    hanya_garis_depan: bool = False
    sasaran: Sasaran | None = None  # the target audience; None or empty: everyone


@dataclass(frozen=True)
class Sasaran:
    """Who an activity is for: each non-empty collection must contain the employee's value."""

    rumpun: Collection[str] = ()
    jenis_unit: Collection[str] = ()
    jabatan: Collection[
        str
    ] = ()  # position names; a name matches every position it starts (case-insensitive)
    opd: Collection[str] = ()

    def __bool__(self) -> bool:
        return bool(self.rumpun or self.jenis_unit or self.jabatan or self.opd)

    def matches(self, p: Peserta) -> bool:
        if self.rumpun and p.rumpun not in self.rumpun:
            return False
        if self.jenis_unit and p.jenis_unit not in self.jenis_unit:
            return False
        if self.opd and p.opd not in self.opd:
            return False
        if self.jabatan:
            name = " ".join(p.jabatan.casefold().split())
            return any(name.startswith(" ".join(j.casefold().split())) for j in self.jabatan)
        return True


def why_not_eligible(p: Peserta, s: Syarat) -> str | None:
    """The first rule the employee fails (a short code), or None when they may join."""
    if s.jenis_asn and p.jenis_asn not in s.jenis_asn:
        return "jenis_asn"
    if s.tingkat_jabatan and p.tingkat_jabatan not in s.tingkat_jabatan:
        return "tingkat_jabatan"
    if s.golongan_min is not None and (p.golongan_urutan is None or p.golongan_urutan < s.golongan_min):
        return "golongan"
    if s.golongan_max is not None and (p.golongan_urutan is None or p.golongan_urutan > s.golongan_max):
        return "golongan"
    if s.hanya_garis_depan and not p.front_line:
        return "garis_depan"
    if s.sasaran and not s.sasaran.matches(p):
        return "sasaran"  # outside the activity's target audience
    return None


def eligible(p: Peserta, s: Syarat) -> bool:
    return why_not_eligible(p, s) is None
