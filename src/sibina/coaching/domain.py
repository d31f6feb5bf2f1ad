"""Pure rules of coaching and mentoring: who may coach whom, what a session counts for, review timeliness.

Numbers the regulation sets (JP per session, the monthly cap, minutes per JP) arrive as arguments from the
reference tables; only input bounds that no regulation sets live here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from sibina.reference.domain import JpRule, Pelaksanaan, jp_for

# A session is at least a minute and at most one working day: a data-entry bound, not a regulation.
MENIT_SESI_MIN = 1
MENIT_SESI_MAKS = 480

STRUKTURAL = frozenset({"JPT", "ADMINISTRATOR", "PENGAWAS"})
SKALA_PNS = frozenset({"PNS", "CPNS"})  # ranks of CPNS and PNS share one scale (I/a–IV/e)


# --- JP of one session and the monthly cap ------------------------------------------------------------------


class Alasan(StrEnum):
    BATAS_BULAN = "BATAS_BULAN"
    SINGKAT = "SINGKAT"  # shorter than the minimum length of a counted session


@dataclass(frozen=True)
class SesiJp:
    jp: Decimal
    dihitung: bool
    alasan: str = ""  # "" when counted, else an :class:`Alasan`


def session_jp(rule: JpRule, *, menit: int, menit_per_jp: Decimal) -> Decimal:
    """JP of one session under its form's rule; a rule without a per-session figure counts actual hours."""
    hours = Decimal(menit) / menit_per_jp
    return jp_for(rule, Pelaksanaan(hari=1, sesi=1, menit=menit, jp_program=hours), menit_per_jp=menit_per_jp)


def monthly_cap(rule: JpRule, *, default: int) -> int:
    """Counted sessions a month: the form's own cap when its rule has one, else the general setting."""
    if rule.batas_per == "BULAN" and rule.batas_sesi is not None:
        return rule.batas_sesi
    return default


def count_session(jp: Decimal, *, counted_in_month: int, cap: int, menit: int, menit_min: int) -> SesiJp:
    """A session shorter than the minimum length, or beyond the month's cap, is kept on record but counts
    0 JP, with the reason. A short session does not take one of the month's counted places."""
    if menit < menit_min:
        return SesiJp(Decimal("0.00"), False, Alasan.SINGKAT)
    if counted_in_month >= cap:
        return SesiJp(Decimal("0.00"), False, Alasan.BATAS_BULAN)
    return SesiJp(jp, True)


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the calendar month of ``day``."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


# --- session input ---------------------------------------------------------------------------------------


class SesiProblem(StrEnum):
    MENIT = "MENIT"
    MASA_DEPAN = "MASA_DEPAN"
    SEBELUM_MULAI = "SEBELUM_MULAI"
    SESUDAH_SELESAI = "SESUDAH_SELESAI"


def session_problems(
    *, tanggal: dt.date, menit: int, today: dt.date, mulai: dt.date, selesai: dt.date | None
) -> list[SesiProblem]:
    """What is wrong with a session's date and length, if anything (empty list: nothing)."""
    problems: list[SesiProblem] = []
    if not MENIT_SESI_MIN <= menit <= MENIT_SESI_MAKS:
        problems.append(SesiProblem.MENIT)
    if tanggal > today:
        problems.append(SesiProblem.MASA_DEPAN)
    elif tanggal < mulai:
        problems.append(SesiProblem.SEBELUM_MULAI)
    elif selesai is not None and tanggal > selesai:
        problems.append(SesiProblem.SESUDAH_SELESAI)
    return problems


# --- who may coach whom ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Orang:
    """What the eligibility rule needs to know about one employee."""

    id: int
    instansi_id: int
    aktif: bool
    jenis_asn: str
    kelompok: str  # KelompokJabatan of the position, "" when unknown
    golongan_urutan: int | None  # position on the rank scale of ``jenis_asn``


class PembimbingProblem(StrEnum):
    DIRI_SENDIRI = "DIRI_SENDIRI"
    INSTANSI_LAIN = "INSTANSI_LAIN"
    TIDAK_AKTIF = "TIDAK_AKTIF"
    CPNS = "CPNS"
    BUKAN_SENIOR = "BUKAN_SENIOR"


def is_senior(pembimbing: Orang, pegawai: Orang, *, atasan_chain: frozenset[int]) -> bool:
    """A leader of the employee (anyone up their supervisor chain), a structural leader coaching a
    non-structural employee, or a colleague of a higher rank on the same rank scale."""
    if pembimbing.id in atasan_chain:
        return True
    if pembimbing.kelompok in STRUKTURAL and pegawai.kelompok not in STRUKTURAL:
        return True
    same_scale = pembimbing.jenis_asn in SKALA_PNS and pegawai.jenis_asn in SKALA_PNS
    return (
        same_scale
        and pembimbing.golongan_urutan is not None
        and pegawai.golongan_urutan is not None
        and pembimbing.golongan_urutan > pegawai.golongan_urutan
    )


def pembimbing_problem(
    pembimbing: Orang, pegawai: Orang, *, atasan_chain: frozenset[int]
) -> PembimbingProblem | None:
    """Why ``pembimbing`` may not coach ``pegawai`` (None: they may)."""
    if pembimbing.id == pegawai.id:
        return PembimbingProblem.DIRI_SENDIRI
    if pembimbing.instansi_id != pegawai.instansi_id:
        return PembimbingProblem.INSTANSI_LAIN
    if not pembimbing.aktif or not pegawai.aktif:
        return PembimbingProblem.TIDAK_AKTIF
    if pembimbing.jenis_asn == "CPNS":  # still on probation: learns, does not coach
        return PembimbingProblem.CPNS
    if not is_senior(pembimbing, pegawai, atasan_chain=atasan_chain):
        return PembimbingProblem.BUKAN_SENIOR
    return None


# --- leaders' engagement: plan reviews against their deadline --------------------------------------------------


class Ketepatan(StrEnum):
    TEPAT_WAKTU = "TEPAT_WAKTU"  # decided by the deadline (or there was none)
    TERLAMBAT = "TERLAMBAT"  # decided after the deadline
    LEWAT_BATAS = "LEWAT_BATAS"  # still undecided, deadline passed
    MENUNGGU = "MENUNGGU"  # still undecided, deadline not yet passed


def review_timeliness(*, batas: dt.date | None, diputuskan: dt.date | None, today: dt.date) -> Ketepatan:
    """How an OPD review stands against its deadline (dates in local time)."""
    if diputuskan is not None:
        return Ketepatan.TERLAMBAT if batas is not None and diputuskan > batas else Ketepatan.TEPAT_WAKTU
    if batas is not None and today > batas:
        return Ketepatan.LEWAT_BATAS
    return Ketepatan.MENUNGGU
