"""Reads of coaching and mentoring, always through the reader's ``Scope``: assignments, sessions, candidates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from sibina.coaching import domain
from sibina.coaching.models import PenugasanPembimbing, SesiBimbingan
from sibina.people.models import Pegawai, StatusPegawai, UnitKerja
from sibina.people.scope import Scope
from sibina.reference.selectors import ketentuan_value
from sibina.roles import Role

MENIT_MIN_KODE = "BIMBINGAN_MENIT_MIN"  # the minimum length of a counted session (reference setting)
CANDIDATES_MAX = 500  # a datalist beyond this helps nobody: type the NIP instead


def penugasan_q(scope: Scope) -> Q:
    """Assignments this reader may see: of the employees in scope, and those where they are the pembimbing."""
    q = scope.pegawai_q("pegawai__")  # always within the reader's instansi
    if not scope.sees_all and scope.pegawai_id is not None:
        q |= Q(pembimbing_id=scope.pegawai_id)
    return q


def penugasan_list(
    *, scope: Scope, aktif: bool | None = None, unit: UnitKerja | None = None, tahun: int
) -> QuerySet[PenugasanPembimbing]:
    """Assignments in scope with their sessions and counted JP of ``tahun``, active first."""
    rows = PenugasanPembimbing.objects.filter(penugasan_q(scope))
    if aktif is not None:
        rows = rows.filter(aktif=aktif)
    if unit is not None:
        rows = rows.filter(pegawai__unit__path__startswith=unit.path)
    return (
        rows.select_related("pembimbing", "pegawai", "pegawai__unit")
        .annotate(
            sesi_tahun=Count("sesi", filter=Q(sesi__tanggal__year=tahun)),
            jp_tahun=Sum("sesi__jp", filter=Q(sesi__tanggal__year=tahun)),
        )
        .order_by("-aktif", "pegawai__nama", "-mulai", "id")
    )


def penugasan_get(*, scope: Scope, penugasan_id: int) -> PenugasanPembimbing | None:
    return (
        PenugasanPembimbing.objects.filter(penugasan_q(scope), pk=penugasan_id)
        .select_related("pembimbing", "pegawai", "pegawai__unit", "pegawai__atasan", "ditugaskan_oleh")
        .first()
    )


def sesi_list(*, penugasan: PenugasanPembimbing) -> QuerySet[SesiBimbingan]:
    return penugasan.sesi.select_related("dicatat_oleh").order_by("-tanggal", "-id")


@dataclass(frozen=True)
class MonthUse:
    """Counted sessions of one form for one employee in one month, against the cap."""

    bulan: dt.date
    dihitung: int
    menit_min: int  # a shorter session is logged but counts no JP


def menit_minimum(*, on: dt.date) -> int:
    """The minimum length in minutes of a session that counts JP, in force on ``on``."""
    return int(ketentuan_value(MENIT_MIN_KODE, on=on))


def month_use(*, penugasan: PenugasanPembimbing, on: dt.date) -> MonthUse:
    first, last = domain.month_bounds(on)
    n = SesiBimbingan.objects.filter(
        penugasan__pegawai_id=penugasan.pegawai_id,
        penugasan__jenis=penugasan.jenis,
        tanggal__range=(first, last),
        dihitung=True,
    ).count()
    return MonthUse(first, n, menit_minimum(on=on))


def loggable(scope: Scope) -> QuerySet[PenugasanPembimbing]:
    """Active assignments this account may log sessions for (mirrors ``permissions.may_log``)."""
    rows = PenugasanPembimbing.objects.filter(aktif=True)
    if scope.role == Role.AUDITOR:
        return rows.none()
    if scope.role == Role.BKPSDM:
        rows = rows.filter(pegawai__instansi_id=scope.instansi_id) if scope.instansi_id is not None else rows
    elif scope.pegawai_id is not None:
        rows = rows.filter(Q(pembimbing_id=scope.pegawai_id) | Q(pegawai__atasan_id=scope.pegawai_id))
    else:
        return rows.none()
    return rows.select_related("pegawai", "pembimbing").order_by("pegawai__nama", "id")


def assignable(scope: Scope) -> QuerySet[Pegawai]:
    """Active employees this account may give a coach or mentor (the assign form's suggestions)."""
    people = Pegawai.objects.filter(status=StatusPegawai.AKTIF)
    if scope.role == Role.BKPSDM:
        rows = people.filter(instansi_id=scope.instansi_id) if scope.instansi_id is not None else people
    elif scope.role == Role.KEPALA_OPD and scope.opd is not None and scope.pegawai_id is not None:
        rows = people.filter(unit__path__startswith=scope.opd.path).exclude(pk=scope.pegawai_id)
    elif scope.role == Role.ATASAN and scope.pegawai_id is not None:
        rows = people.filter(atasan_id=scope.pegawai_id)
    else:
        rows = people.none()
    return rows.order_by("nama", "nip")


def committable(scope: Scope) -> QuerySet[Pegawai]:
    """Active employees this account may commit as a coach or mentor."""
    people = Pegawai.objects.filter(status=StatusPegawai.AKTIF).exclude(jenis_asn="CPNS")
    if scope.role == Role.BKPSDM:
        rows = people.filter(instansi_id=scope.instansi_id) if scope.instansi_id is not None else people
    elif scope.role == Role.KEPALA_OPD and scope.opd is not None:
        rows = people.filter(unit__path__startswith=scope.opd.path)
    elif scope.role == Role.ATASAN and scope.pegawai_id is not None:
        rows = people.filter(Q(pk=scope.pegawai_id) | Q(atasan_id=scope.pegawai_id))
    else:
        rows = people.none()
    return rows.order_by("nama", "nip")


# --- who may coach whom: the facts the pure rule needs -----------------------------------------------------


def orang_of(p: Pegawai) -> domain.Orang:
    """An employee as the eligibility rule sees them (load ``jabatan__tingkat`` and ``golongan`` with them)."""
    tingkat = p.jabatan.tingkat if p.jabatan is not None else None
    return domain.Orang(
        id=p.pk,
        instansi_id=p.instansi_id,
        aktif=p.status == StatusPegawai.AKTIF,
        jenis_asn=p.jenis_asn,
        kelompok=tingkat.kelompok if tingkat is not None else "",
        golongan_urutan=p.golongan.urutan if p.golongan is not None else None,
    )


def atasan_chain(pegawai: Pegawai) -> frozenset[int]:
    """Ids of everyone up the employee's supervisor chain (a cycle in bad data stops the walk)."""
    seen: list[int] = []
    current = pegawai.atasan_id
    while current is not None and current not in seen and current != pegawai.pk:
        seen.append(current)
        current = Pegawai.objects.filter(pk=current).values_list("atasan_id", flat=True).first()
    return frozenset(seen)


def pembimbing_problem(pembimbing: Pegawai, pegawai: Pegawai) -> domain.PembimbingProblem | None:
    """Why ``pembimbing`` may not coach ``pegawai`` (None: they may)."""
    return domain.pembimbing_problem(
        orang_of(pembimbing), orang_of(pegawai), atasan_chain=atasan_chain(pegawai)
    )
