"""Writes of coaching and mentoring: assign a pembimbing, end an assignment, log a session.

Each is atomic, checks who may act (``permissions``), claims the version the person saw (``sibina.versioning``:
a stale form is refused, never applied), and writes one audit event.

JP reach the ledger one way: a counted session writes one ``RiwayatPengembangan`` row (source SIBINA, form
NKL01/NKL02/NKL11), which the JP ledger, the needs analysis and a SIASN export already read. Coaching thus
stays downstream of people and needs; nothing earlier in the flow has to know this app exists.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sibina.audit.services import audit_record, snapshot
from sibina.coaching import domain, selectors
from sibina.coaching.models import JenisBimbingan, PenugasanPembimbing, SesiBimbingan
from sibina.coaching.permissions import may_assign_for, may_commit, may_log
from sibina.formats import tanggal_pendek
from sibina.people.models import Pegawai, RiwayatPengembangan
from sibina.people.scope import require_actor_instansi, scope_for
from sibina.reference.selectors import KetentuanTable, bentuk_map, jp_rules
from sibina.versioning import claim, hold

CAP_KODE = "BIMBINGAN_SESI_MAKS_BULAN"
MENIT_KODE = "MENIT_PER_JP"
PENUGASAN_FIELDS = ["pembimbing_id", "pegawai_id", "jenis", "mulai", "selesai", "tujuan", "aktif", "version"]
SESI_FIELDS = ["penugasan_id", "tanggal", "topik", "menit", "jp", "dihitung", "alasan", "riwayat_id"]


# --- assignments ---------------------------------------------------------------------------------------


def _pembimbing_message(problem: domain.PembimbingProblem) -> str:
    messages = {
        domain.PembimbingProblem.DIRI_SENDIRI: _("An employee cannot coach or mentor themself."),
        domain.PembimbingProblem.INSTANSI_LAIN: _("The coach/mentor must belong to the same agency."),
        domain.PembimbingProblem.TIDAK_AKTIF: _("The coach/mentor and the employee must both be active."),
        domain.PembimbingProblem.CPNS: _("A CPNS is still on probation and cannot coach or mentor."),
        domain.PembimbingProblem.BUKAN_SENIOR: _(
            "The coach/mentor must be a leader of the employee (up their supervisor chain), a structural "
            "leader, or a colleague of a higher rank."
        ),
    }
    return str(messages[problem])


@transaction.atomic
def penugasan_assign(
    *,
    pembimbing: Pegawai,
    pegawai: Pegawai,
    jenis: str,
    mulai: dt.date,
    selesai: dt.date | None = None,
    tujuan: str = "",
    by: User,
    version: int,
) -> PenugasanPembimbing:
    """Assign ``pembimbing`` to coach or mentor ``pegawai``; ``version`` is the employee record's version as
    seen, so an assignment is not made on a record that moved (new unit or supervisor) meanwhile."""
    require_actor_instansi(by, pegawai.instansi_id)
    scope = scope_for(by)
    if not may_assign_for(scope, pegawai):
        raise PermissionDenied(_("You may not assign a coach or mentor to this employee."))
    locked = (
        Pegawai.objects.select_for_update(of=("self",))
        .select_related("jabatan__tingkat", "golongan")
        .get(pk=pegawai.pk)
    )
    hold(locked, seen=version)  # the assignment reads the record; it does not change it
    if not may_commit(scope, pembimbing):
        raise ValidationError(
            {"pembimbing": _("You may only assign yourself or people you lead as coach or mentor.")}
        )
    if jenis not in JenisBimbingan.values:
        raise ValidationError({"jenis": _("Choose coaching, mentoring or on-the-job guidance.")})
    if selesai is not None and selesai < mulai:
        raise ValidationError({"selesai": _("The end date cannot be before the start date.")})
    coach = Pegawai.objects.select_related("jabatan__tingkat", "golongan").get(pk=pembimbing.pk)
    problem = selectors.pembimbing_problem(coach, locked)
    if problem is not None:
        raise ValidationError({"pembimbing": _pembimbing_message(problem)})
    if PenugasanPembimbing.objects.filter(pembimbing=coach, pegawai=locked, jenis=jenis, aktif=True).exists():
        raise ValidationError(
            {
                "pembimbing": _(
                    "This coach/mentor already has an active assignment of this form for the employee."
                )
            }
        )
    penugasan = PenugasanPembimbing.objects.create(
        pembimbing=coach,
        pegawai=locked,
        jenis=jenis,
        mulai=mulai,
        selesai=selesai,
        tujuan=tujuan.strip(),
        ditugaskan_oleh=by,
    )
    audit_record(by=by, action="coaching.assign", obj=penugasan, after=snapshot(penugasan, PENUGASAN_FIELDS))
    return penugasan


@transaction.atomic
def penugasan_end(
    *, penugasan: PenugasanPembimbing, by: User, version: int, selesai: dt.date | None = None
) -> PenugasanPembimbing:
    """End an active assignment (today unless another date is given); its sessions stay on record."""
    require_actor_instansi(by, penugasan.pegawai.instansi_id)
    scope = scope_for(by)
    if not may_assign_for(scope, penugasan.pegawai):
        raise PermissionDenied(_("You may not end this assignment."))
    row = penugasan
    with claim(row, seen=version):
        if not row.aktif:
            raise ValidationError({"aktif": _("This assignment has already ended.")})
        end = selesai or timezone.localdate()
        if end < row.mulai:
            raise ValidationError({"selesai": _("The end date cannot be before the start date.")})
        last = row.sesi.order_by("-tanggal").values_list("tanggal", flat=True).first()
        if last is not None and end < last:
            raise ValidationError(
                {
                    "selesai": _("The end date cannot be before the last session (%(date)s).")
                    % {"date": tanggal_pendek(last)}
                }
            )
        before = snapshot(row, PENUGASAN_FIELDS)
        before["version"] = version
        row.aktif = False
        row.selesai = end
        row.save(update_fields=["aktif", "selesai"])
        audit_record(
            by=by, action="coaching.end", obj=row, before=before, after=snapshot(row, PENUGASAN_FIELDS)
        )
        return row


# --- sessions ------------------------------------------------------------------------------------------


def _session_message(problem: domain.SesiProblem, penugasan: PenugasanPembimbing) -> tuple[str, str]:
    if problem == domain.SesiProblem.MENIT:
        return "menit", _("A session lasts from %(min)s to %(max)s minutes.") % {
            "min": domain.MENIT_SESI_MIN,
            "max": domain.MENIT_SESI_MAKS,
        }
    if problem == domain.SesiProblem.MASA_DEPAN:
        return "tanggal", _("A session cannot be logged before it has taken place.")
    if problem == domain.SesiProblem.SEBELUM_MULAI:
        return "tanggal", _("The session is before the assignment started (%(date)s).") % {
            "date": tanggal_pendek(penugasan.mulai)
        }
    return "tanggal", _("The session is after the assignment ended (%(date)s).") % {
        "date": tanggal_pendek(penugasan.selesai)
    }


def _riwayat_name(pegawai: Pegawai, base: str, tanggal: dt.date) -> str:
    """A development-record name free on that day for the employee (two sessions may share a topic)."""
    name, n = base[:255], 1
    while RiwayatPengembangan.objects.filter(
        pegawai=pegawai, jenis=RiwayatPengembangan.Jenis.KURSUS, nama_kegiatan=name, tanggal_mulai=tanggal
    ).exists():
        n += 1
        suffix = f" ({n})"
        name = base[: 255 - len(suffix)] + suffix
    return name


@transaction.atomic
def sesi_log(
    *,
    penugasan: PenugasanPembimbing,
    by: User,
    version: int,
    tanggal: dt.date,
    topik: str,
    menit: int,
    catatan: str = "",
) -> SesiBimbingan:
    """Log one session held under an active assignment; beyond the month's cap it is kept but counts 0 JP.

    The cap counts the employee's counted sessions of the same form in the same calendar month, across all
    their assignments; the employee's row is locked so two people logging at once cannot both take the
    last counted place.
    """
    require_actor_instansi(by, penugasan.pegawai.instansi_id)
    if not may_log(scope_for(by), penugasan):
        raise PermissionDenied(
            _("Only the coach/mentor, the employee's supervisor or BKPSDM may log a session.")
        )
    row = penugasan
    with claim(row, seen=version):  # a session moves its assignment on: two logged at once cannot both count
        if not row.aktif:
            raise ValidationError(
                {"penugasan": _("This assignment has ended; no more sessions can be logged.")}
            )
        if not topik.strip():
            raise ValidationError({"topik": _("Write the topic of the session.")})
        problems = domain.session_problems(
            tanggal=tanggal, menit=menit, today=timezone.localdate(), mulai=row.mulai, selesai=row.selesai
        )
        if problems:
            raise ValidationError(dict(_session_message(p, row) for p in problems))
        pegawai = Pegawai.objects.select_for_update().get(pk=row.pegawai_id)
        counted = _count(row, pegawai, tanggal, menit)
        riwayat = None
        if counted.dihitung:
            bentuk = bentuk_map(on=tanggal)[row.jenis]
            riwayat = RiwayatPengembangan.objects.create(
                pegawai=pegawai,
                jenis=RiwayatPengembangan.Jenis.KURSUS,
                bentuk=bentuk,
                nama_kegiatan=_riwayat_name(pegawai, f"{bentuk.nama}: {topik.strip()}", tanggal),
                penyelenggara=row.pembimbing.nama_lengkap[:255],
                tanggal_mulai=tanggal,
                tanggal_selesai=tanggal,
                tahun=tanggal.year,
                jp=counted.jp,
                sumber=RiwayatPengembangan.Sumber.SIBINA,
            )
        sesi = SesiBimbingan.objects.create(
            penugasan=row,
            tanggal=tanggal,
            topik=topik.strip(),
            menit=menit,
            catatan=catatan.strip(),
            dicatat_oleh=by,
            jp=counted.jp,
            dihitung=counted.dihitung,
            alasan=counted.alasan,
            riwayat=riwayat,
        )
        audit_record(
            by=by,
            action="coaching.session",
            obj=sesi,
            after=snapshot(sesi, SESI_FIELDS),
            note="" if counted.dihitung else str(SesiBimbingan.Alasan(counted.alasan).label),
            label=f"{pegawai.nama}, {tanggal.isoformat()}: {topik.strip()}",
        )
        return sesi


def _count(penugasan: PenugasanPembimbing, pegawai: Pegawai, tanggal: dt.date, menit: int) -> domain.SesiJp:
    """JP and cap of a new session, from the reference rules in force on its date."""
    rule = jp_rules(on=tanggal)[penugasan.jenis]
    table = KetentuanTable([CAP_KODE, MENIT_KODE, selectors.MENIT_MIN_KODE])
    jp = domain.session_jp(rule, menit=menit, menit_per_jp=table.value(MENIT_KODE, on=tanggal))
    cap = domain.monthly_cap(rule, default=int(table.value(CAP_KODE, on=tanggal)))
    menit_min = int(table.value(selectors.MENIT_MIN_KODE, on=tanggal))
    first, last = domain.month_bounds(tanggal)
    already = SesiBimbingan.objects.filter(
        penugasan__pegawai=pegawai,
        penugasan__jenis=penugasan.jenis,
        tanggal__range=(first, last),
        dihitung=True,
    ).count()
    return domain.count_session(jp, counted_in_month=already, cap=cap, menit=menit, menit_min=menit_min)
