"""Reads of delivery, always through the reader's ``Scope``: classes of a year, a class's roster with attendance,
the commitment of a leader's people, an employee's own invitations and certificates."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from sibina.approvals.selectors import cycle_decree
from sibina.catalogue.models import Kegiatan
from sibina.delivery.models import LIVE, Kelas, KlaimPengembangan, Peserta
from sibina.people.scope import Scope
from sibina.planning.models import PlanCycle, PlanItem


def decreed_cycles(scope: Scope) -> list[PlanCycle]:
    """The reader's plan cycles whose plan is set by decree, latest year first."""
    return list(
        PlanCycle.objects.filter(scope.instansi_q(), persetujuan__tahap="DITETAPKAN")
        .distinct()
        .order_by("-tahun")
    )


@dataclass(frozen=True)
class Planned:
    kegiatan: Kegiatan
    peserta: int  # planned participants
    kelas: int  # planned classes
    dibuka: int  # classes opened (not cancelled)


def planned_activities(*, cycle: PlanCycle) -> list[Planned]:
    """The activities of the cycle's decreed plan with their planned participants and classes opened so far."""
    decree = cycle_decree(cycle_id=cycle.pk)
    if decree is None:
        return []
    rows = (
        PlanItem.objects.filter(plan_id=decree.plan_id)
        .values("kegiatan_id")
        .annotate(n=Count("id"), k=Count("kelas", distinct=True))
    )
    counts = {r["kegiatan_id"]: (r["n"], r["k"]) for r in rows}
    opened = dict(
        Kelas.objects.filter(cycle=cycle, status=Kelas.Status.DIBUKA)
        .values_list("kegiatan_id")
        .annotate(n=Count("id"))
        .values_list("kegiatan_id", "n")
    )
    activities = Kegiatan.objects.filter(pk__in=list(counts)).select_related("bentuk").order_by("judul")
    return [Planned(k, counts[k.pk][0], counts[k.pk][1], opened.get(k.pk, 0)) for k in activities]


def kelas_list(*, scope: Scope, cycle: PlanCycle) -> QuerySet[Kelas]:
    live = Q(peserta__status__in=LIVE)
    return (
        Kelas.objects.filter(scope.instansi_q(), cycle=cycle)
        .select_related("kegiatan")
        .annotate(
            peserta_n=Count("peserta", filter=live, distinct=True),
            diterima_n=Count("peserta", filter=Q(peserta__status="DITERIMA"), distinct=True),
            ditolak_n=Count("peserta", filter=Q(peserta__status="DITOLAK"), distinct=True),
            selesai_n=Count("peserta", filter=Q(peserta__hasil="SELESAI"), distinct=True),
        )
        .order_by("mulai", "kegiatan__judul", "nomor")
    )


def roster(*, kelas: Kelas) -> QuerySet[Peserta]:
    """Everyone ever enrolled in the class, with the sessions they attended and whether the decreed plan in force
    (an amendment may have changed it since they were enrolled) still plans them in this activity."""
    decree = cycle_decree(cycle_id=kelas.cycle_id)
    planned = (
        PlanItem.objects.filter(
            plan_id=decree.plan_id, pegawai_id=OuterRef("pegawai_id"), kegiatan_id=kelas.kegiatan_id
        )
        if decree is not None
        else PlanItem.objects.none()
    )
    return (
        kelas.peserta.select_related("pegawai__unit", "pengganti_untuk__pegawai")
        .annotate(hadir_n=Count("kehadiran", filter=Q(kehadiran__hadir=True)), direncanakan=Exists(planned))
        .order_by("pegawai__nama", "id")
    )


STATUS_FILTERS = {
    "": None,
    "belum": ["DIUNDANG"],
    "tolak": ["DITOLAK"],
    "terima": ["DITERIMA"],
}


def team_rows(*, scope: Scope, cycle: PlanCycle, status: str = "") -> QuerySet[Peserta]:
    """The enrolments of the reader's people (an atasan's team, a Kepala OPD's OPD, the wide roles' instansi) in
    a cycle's classes; moved and cancelled enrolments are left out (the person has a newer one or none)."""
    rows = Peserta.objects.filter(scope.pegawai_q("pegawai__"), cycle=cycle).exclude(
        status__in=[Peserta.Status.DIPINDAH, Peserta.Status.DIBATALKAN]
    )
    wanted = STATUS_FILTERS.get(status)
    if wanted is not None:
        rows = rows.filter(status__in=wanted)
    return (
        rows.select_related("pegawai__unit", "kelas__kegiatan")
        .annotate(
            hadir_n=Count("kehadiran", filter=Q(kehadiran__hadir=True), distinct=True),
            sesi_n=Count("kelas__sesi", distinct=True),
        )
        .order_by("pegawai__nama", "kelas__mulai", "id")
    )


def own_rows(*, pegawai_id: int) -> QuerySet[Peserta]:
    """An employee's own enrolments that reached them (invited or later), newest class first."""
    return (
        Peserta.objects.filter(pegawai_id=pegawai_id)
        .exclude(status=Peserta.Status.TERDAFTAR)
        .select_related("kelas__kegiatan")
        .annotate(
            hadir_n=Count("kehadiran", filter=Q(kehadiran__hadir=True), distinct=True),
            sesi_n=Count("kelas__sesi", distinct=True),
        )
        .order_by("-kelas__mulai", "-id")
    )


# --- self-claimed development -------------------------------------------------------------------------------------

KLAIM_FILTERS = {"": None, "menunggu": "DIAJUKAN", "disetujui": "DISETUJUI", "ditolak": "DITOLAK"}


def own_claims(*, pegawai_id: int) -> QuerySet[KlaimPengembangan]:
    """An employee's own claims, newest first."""
    return KlaimPengembangan.objects.filter(pegawai_id=pegawai_id).select_related("bentuk")


def claims(*, scope: Scope, status: str = "menunggu") -> QuerySet[KlaimPengembangan]:
    """Claims of the reader's people (BKPSDM's queue: the instansi's), waiting ones oldest first (the order they
    are verified in), else newest first."""
    rows = KlaimPengembangan.objects.filter(scope.pegawai_q("pegawai__")).select_related(
        "pegawai__unit", "bentuk"
    )
    wanted = KLAIM_FILTERS.get(status)
    if wanted is not None:
        rows = rows.filter(status=wanted)
    if wanted == KlaimPengembangan.Status.DIAJUKAN:
        return rows.order_by("diajukan_pada", "id")
    return rows.order_by("-diajukan_pada", "-id")
