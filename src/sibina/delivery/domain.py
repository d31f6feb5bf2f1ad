"""Pure rules of delivery: a class's own facts, who may still answer an invitation, completion by attendance, the
JP a completion credits, and the SIASN record shapes (``rw_kursus``, ``rw_diklat``).

Regulatory numbers (the minimum share of sessions, the JP conversion) arrive as arguments from the reference
tables; only input bounds no regulation sets live here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum

from sibina.reference.domain import JpRule, Pelaksanaan, jp_for

SESI_MAKS = 60  # sessions of one class: a data-entry bound, not a regulation
ALASAN_MIN = 10  # characters of a reason for declining or cancelling
SEGERA_HARI = (
    3  # a class "starts soon" this many days ahead: participants are reminded, non-answers escalated
)


# --- a class's own facts ----------------------------------------------------------------------------------------


class KelasProblem(StrEnum):
    TANGGAL = "TANGGAL"  # end before start
    TEMPAT = "TEMPAT"  # neither a place nor a link
    KAPASITAS = "KAPASITAS"  # below one seat
    SESI_KOSONG = "SESI_KOSONG"  # no session
    SESI_BANYAK = "SESI_BANYAK"  # more sessions than SESI_MAKS
    SESI_LUAR = "SESI_LUAR"  # a session outside the class's dates
    TAHUN = "TAHUN"  # the class is not in the plan's year


def kelas_problems(
    *,
    mulai: dt.date,
    selesai: dt.date,
    kapasitas: int,
    tempat: str,
    tautan: str,
    sesi: Sequence[dt.date],
    tahun: int,
) -> list[KelasProblem]:
    """What is wrong with a class as entered (empty: nothing)."""
    problems: list[KelasProblem] = []
    if selesai < mulai:
        problems.append(KelasProblem.TANGGAL)
    if mulai.year != tahun or selesai.year != tahun:
        problems.append(KelasProblem.TAHUN)
    if not tempat.strip() and not tautan.strip():
        problems.append(KelasProblem.TEMPAT)
    if kapasitas < 1:
        problems.append(KelasProblem.KAPASITAS)
    if not sesi:
        problems.append(KelasProblem.SESI_KOSONG)
    elif len(sesi) > SESI_MAKS:
        problems.append(KelasProblem.SESI_BANYAK)
    elif selesai >= mulai and any(not mulai <= d <= selesai for d in sesi):
        problems.append(KelasProblem.SESI_LUAR)
    return problems


def session_dates(mulai: dt.date, selesai: dt.date, count: int) -> list[dt.date]:
    """``count`` session dates spread over the class's days (several on one day when there are more sessions
    than days): the default schedule when the form gives only a number of sessions."""
    days = (selesai - mulai).days + 1
    if count <= 0 or days <= 0:
        return []
    return [mulai + dt.timedelta(days=(i * days) // count) for i in range(count)]


# --- answering an invitation --------------------------------------------------------------------------------------


class Jawaban(StrEnum):
    TERIMA = "TERIMA"
    TOLAK = "TOLAK"


class JawabProblem(StrEnum):
    BELUM_DIUNDANG = "BELUM_DIUNDANG"
    TIDAK_AKTIF = "TIDAK_AKTIF"  # moved, cancelled
    SUDAH_MULAI = "SUDAH_MULAI"
    TANPA_IKRAR = "TANPA_IKRAR"
    TANPA_ALASAN = "TANPA_ALASAN"


ANSWERABLE = frozenset({"DIUNDANG", "DITERIMA", "DITOLAK"})


def answer_problem(
    *, status: str, jawaban: Jawaban, ikrar: bool, alasan: str, mulai: dt.date, today: dt.date
) -> JawabProblem | None:
    """Why this answer cannot be taken (None: it can). An answer may change until the class starts."""
    if status == "TERDAFTAR":
        return JawabProblem.BELUM_DIUNDANG
    if status not in ANSWERABLE:
        return JawabProblem.TIDAK_AKTIF
    if today >= mulai:
        return JawabProblem.SUDAH_MULAI
    if jawaban == Jawaban.TERIMA and not ikrar:
        return JawabProblem.TANPA_IKRAR
    if jawaban == Jawaban.TOLAK and len(alasan.strip()) < ALASAN_MIN:
        return JawabProblem.TANPA_ALASAN
    return None


# --- completion -------------------------------------------------------------------------------------------------


def attendance_share(hadir: int, sesi: int) -> Decimal:
    """Share of the class's sessions attended, in percent (0 for a class without sessions)."""
    if sesi <= 0:
        return Decimal(0)
    return (Decimal(hadir) * 100 / Decimal(sesi)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def meets_attendance(hadir: int, sesi: int, *, min_persen: Decimal) -> bool:
    """Attended at least ``min_persen`` % of the sessions (compared exactly, not on the rounded share)."""
    return sesi > 0 and Decimal(hadir) * 100 >= min_persen * Decimal(sesi)


@dataclass(frozen=True)
class Program:
    """What the catalogue says of an activity, for its JP under the conversion rule."""

    menit: int = 0
    bulan: int = 1
    jp_program: Decimal | None = None
    internasional: bool = False


def completion_jp(rule: JpRule, program: Program, *, hari: int, sesi: int, menit_per_jp: Decimal) -> Decimal:
    """JP one completion credits: the form's conversion rule applied to the class as held (its days and sessions)
    and to the program as catalogued (its JP, minutes, months, international or not)."""
    act = Pelaksanaan(
        hari=hari,
        sesi=sesi,
        menit=program.menit,
        bulan=program.bulan,
        jp_program=program.jp_program,
        internasional=program.internasional,
    )
    return jp_for(rule, act, menit_per_jp=menit_per_jp)


# --- SIASN shapes -----------------------------------------------------------------------------------------------

RW_KURSUS = (
    "nipBaru",
    "jenisKursusNama",
    "namaKursus",
    "institusiPenyelenggara",
    "jumlahJam",
    "tahunKursus",
    "tanggalKursus",
    "tanggalSelesaiKursus",
    "noSertipikat",
    "jenisDiklatId",
)
RW_DIKLAT = (
    "nipBaru",
    "latihanStrukturalNama",
    "nomor",
    "tanggal",
    "tahun",
    "jumlahJam",
    "tanggalSelesai",
    "institusiPenyelenggara",
)


@dataclass(frozen=True)
class Selesai:
    """One completed development record as SIASN needs it."""

    nip: str
    diklat: bool  # structural training (rw_diklat), else a course (rw_kursus)
    bentuk_nama: str
    jenis_diklat_id: int | None
    nama: str
    penyelenggara: str
    jp: Decimal
    tahun: int
    mulai: dt.date
    selesai: dt.date | None
    nomor_sertifikat: str


def siasn_date(value: dt.date | None) -> str:
    """SIASN writes dates dd-mm-yyyy."""
    return value.strftime("%d-%m-%Y") if value is not None else ""


def _jam(jp: Decimal) -> int | str:
    """JP as SIASN's ``jumlahJam``: a whole number when it is one, else the decimal as written."""
    return int(jp) if jp == jp.to_integral_value() else str(jp.normalize())


def siasn_record(row: Selesai) -> dict[str, object]:
    """The record in the shape of its SIASN history (``rw_diklat`` for structural training, else ``rw_kursus``)."""
    if row.diklat:
        return {
            "nipBaru": row.nip,
            "latihanStrukturalNama": row.nama,
            "nomor": row.nomor_sertifikat,
            "tanggal": siasn_date(row.mulai),
            "tahun": row.tahun,
            "jumlahJam": _jam(row.jp),
            "tanggalSelesai": siasn_date(row.selesai),
            "institusiPenyelenggara": row.penyelenggara,
        }
    return {
        "nipBaru": row.nip,
        "jenisKursusNama": row.bentuk_nama,
        "namaKursus": row.nama,
        "institusiPenyelenggara": row.penyelenggara,
        "jumlahJam": _jam(row.jp),
        "tahunKursus": row.tahun,
        "tanggalKursus": siasn_date(row.mulai),
        "tanggalSelesaiKursus": siasn_date(row.selesai),
        "noSertipikat": row.nomor_sertifikat,
        "jenisDiklatId": row.jenis_diklat_id if row.jenis_diklat_id is not None else "",
    }


def fingerprint(record: Mapping[str, object]) -> str:
    """A stable hash of an exported record's values: the same values give the same hash."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- reminders ----------------------------------------------------------------------------------------------------


def reminder_due(*, mulai: dt.date, today: dt.date) -> bool:
    """A class starting within ``SEGERA_HARI`` days from today (and not yet started) triggers its reminders."""
    return today < mulai <= today + dt.timedelta(days=SEGERA_HARI)


# --- evidence files ---------------------------------------------------------------------------------------------

# What an evidence file may be: its type by content (magic bytes), and the name endings that type may carry.
BUKTI_TYPES: Mapping[str, tuple[bytes, tuple[str, ...]]] = {
    "application/pdf": (b"%PDF-", (".pdf",)),
    "image/jpeg": (b"\xff\xd8\xff", (".jpg", ".jpeg")),
    "image/png": (b"\x89PNG\r\n\x1a\n", (".png",)),
}


class BuktiProblem(StrEnum):
    KOSONG = "KOSONG"
    BESAR = "BESAR"
    JENIS = "JENIS"  # neither PDF, JPEG nor PNG by its name
    ISI = "ISI"  # the content is not what the name says


def sniff(head: bytes) -> str | None:
    """The media type of a file by its first bytes (PDF, JPEG, PNG), or None."""
    for media_type, (magic, _endings) in BUKTI_TYPES.items():
        if head.startswith(magic):
            return media_type
    return None


def evidence_problem(*, name: str, head: bytes, size: int, max_bytes: int) -> BuktiProblem | None:
    """Why an evidence file is refused (None: it is accepted): empty, too large, a name that is not a PDF, JPEG
    or PNG, or content that is not what its name says (a renamed file)."""
    if size <= 0:
        return BuktiProblem.KOSONG
    if size > max_bytes:
        return BuktiProblem.BESAR
    lower = name.lower()
    claimed = next((t for t, (_m, endings) in BUKTI_TYPES.items() if lower.endswith(endings)), None)
    if claimed is None:
        return BuktiProblem.JENIS
    if sniff(head) != claimed:
        return BuktiProblem.ISI
    return None


# --- money ------------------------------------------------------------------------------------------------------


def quarter_of(day: dt.date) -> int:
    """The quarter (1–4) of the year a day falls in."""
    return (day.month - 1) // 3 + 1


def split_cost(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``total`` (whole rupiah) split over ``weights`` in proportion, in whole rupiah adding up to ``total``
    exactly (the rupiah left by rounding down go to the largest remainders, the first of equals first); evenly
    when every weight is zero. Empty weights: nothing to split."""
    if not weights:
        return []
    base = list(weights) if any(w > 0 for w in weights) else [Decimal(1)] * len(weights)
    whole = sum(base, Decimal(0))
    exact = [total * w / whole for w in base]
    floors = [x.to_integral_value(rounding=ROUND_FLOOR) for x in exact]
    left = int(total - sum(floors, Decimal(0)))
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors
