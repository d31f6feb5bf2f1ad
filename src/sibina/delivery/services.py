"""Writes of delivery: open a class of the decreed plan, enrol its planned participants, invite them, move one
to another class, cancel a class; the employee's answer; attendance; completion with its JP.

Each write is atomic, checks the actor's instansi and role, claims the version the person saw
(``sibina.versioning``: a stale form is refused, never applied) and writes one audit event.

JP reach the ledger one way: a completion writes (or, saved again, updates) the participant's one
``RiwayatPengembangan`` row, source SIBINA. Attendance is one row per participant and session, so recording
it twice changes nothing; a completion saved twice rewrites the same record; JP are never doubled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sibina.approvals.selectors import cycle_decree
from sibina.audit.services import audit_record, snapshot
from sibina.catalogue.models import Kegiatan
from sibina.delivery import domain, notices
from sibina.delivery.models import LIVE, Kehadiran, Kelas, Peserta, SesiKelas
from sibina.formats import persen, tanggal_pendek
from sibina.people.models import RiwayatPengembangan
from sibina.people.scope import require_actor_instansi
from sibina.planning.models import PlanCycle, PlanItem
from sibina.reference.domain import JpRuleError
from sibina.reference.selectors import KetentuanTable, MissingReference, bentuk_map, jp_rules
from sibina.roles import Role, role_of
from sibina.versioning import claim

MIN_PERSEN_KODE = "KEHADIRAN_MIN_PERSEN"
MENIT_KODE = "MENIT_PER_JP"
STRUKTURAL = "KL01"  # Pelatihan Struktural Kepemimpinan: SIASN keeps it in rw_diklat
KELAS_FIELDS = [
    "cycle_id",
    "kegiatan_id",
    "nomor",
    "penyelenggara",
    "tempat",
    "tautan",
    "kapasitas",
    "mulai",
    "selesai",
    "status",
    "alasan_batal",
    "version",
]
PESERTA_FIELDS = [
    "kelas_id",
    "pegawai_id",
    "status",
    "ikrar",
    "alasan_tolak",
    "hasil",
    "nomor_sertifikat",
    "jp",
    "riwayat_id",
    "version",
]


def _require_bkpsdm(by: User, what: str) -> None:
    if role_of(by) != Role.BKPSDM:
        raise PermissionDenied(_("Only BKPSDM may %(what)s.") % {"what": what})


def _require_open(kelas: Kelas) -> None:
    if kelas.status != Kelas.Status.DIBUKA:
        raise ValidationError({"kelas": _("This class is cancelled; nothing can be changed in it.")})


# --- classes ------------------------------------------------------------------------------------------------------


def _kelas_message(problem: domain.KelasProblem, tahun: int) -> tuple[str, str]:
    P = domain.KelasProblem
    messages = {
        P.TANGGAL: ("selesai", _("The end date cannot be before the start date.")),
        P.TAHUN: ("mulai", _("The class must take place in the plan's year (%(year)s).") % {"year": tahun}),
        P.TEMPAT: ("tempat", _("Give the place of the class or its online link.")),
        P.KAPASITAS: ("kapasitas", _("The class needs at least one seat.")),
        P.SESI_KOSONG: ("sesi", _("A class needs at least one session.")),
        P.SESI_BANYAK: (
            "sesi",
            _("A class has at most %(max)s sessions.") % {"max": domain.SESI_MAKS},
        ),
        P.SESI_LUAR: ("sesi", _("Every session must fall between the class's start and end dates.")),
    }
    field, message = messages[problem]
    return field, str(message)


def planned_items(*, cycle: PlanCycle, kegiatan: Kegiatan) -> Sequence[PlanItem]:
    """The activity's items in the decreed plan of the cycle (none when the plan is not set yet)."""
    decree = cycle_decree(cycle_id=cycle.pk)
    if decree is None:
        return []
    return list(
        PlanItem.objects.filter(plan_id=decree.plan_id, kegiatan=kegiatan)
        .select_related("pegawai")
        .order_by("kelas", "pegawai__nama")
    )


@transaction.atomic
def kelas_create(
    *,
    cycle: PlanCycle,
    kegiatan: Kegiatan,
    mulai: dt.date,
    selesai: dt.date,
    kapasitas: int | None = None,
    penyelenggara: str = "",
    tempat: str = "",
    tautan: str = "",
    sesi: Sequence[dt.date] | None = None,
    nomor: int | None = None,
    by: User,
) -> Kelas:
    """Open a class of an activity of the cycle's decreed plan. Sessions default to the catalogue's number of
    sessions (else one a day) spread over the class's dates; capacity and provider to the catalogue's."""
    require_actor_instansi(by, cycle.instansi_id)
    _require_bkpsdm(by, _("open a class"))
    if kegiatan.instansi_id != cycle.instansi_id:
        raise ValidationError({"kegiatan": _("The activity belongs to another agency.")})
    if cycle_decree(cycle_id=cycle.pk) is None:
        raise ValidationError(
            {
                "kegiatan": _(
                    "The %(year)s plan is not set by decree yet: classes open from the decreed plan."
                )
                % {"year": cycle.tahun}
            }
        )
    if not planned_items(cycle=cycle, kegiatan=kegiatan):
        raise ValidationError({"kegiatan": _("This activity is not in the decreed plan.")})
    seats = kegiatan.kapasitas_kelas if kapasitas is None else kapasitas
    if sesi is None:
        days = (selesai - mulai).days + 1
        sesi = domain.session_dates(mulai, selesai, kegiatan.sesi or max(days, 1))
    dates = sorted(sesi)
    problems = domain.kelas_problems(
        mulai=mulai,
        selesai=selesai,
        kapasitas=seats,
        tempat=tempat,
        tautan=tautan,
        sesi=dates,
        tahun=cycle.tahun,
    )
    if problems:
        raise ValidationError(dict(_kelas_message(p, cycle.tahun) for p in problems))
    taken = set(Kelas.objects.filter(cycle=cycle, kegiatan=kegiatan).values_list("nomor", flat=True))
    if nomor is None:
        nomor = next(n for n in range(1, len(taken) + 2) if n not in taken)
    elif nomor in taken:
        raise ValidationError({"nomor": _("This activity already has a class with this number.")})
    kelas = Kelas(
        instansi_id=cycle.instansi_id,
        cycle=cycle,
        kegiatan=kegiatan,
        nomor=nomor,
        penyelenggara=(penyelenggara.strip() or kegiatan.penyelenggara)[:200],
        tempat=tempat.strip(),
        tautan=tautan.strip(),
        kapasitas=seats,
        mulai=mulai,
        selesai=selesai,
        dibuat_oleh=by if by.is_authenticated else None,
    )
    try:
        kelas.full_clean(exclude=["cycle", "kegiatan", "instansi", "dibuat_oleh"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    kelas.save()
    SesiKelas.objects.bulk_create(SesiKelas(kelas=kelas, urutan=i, tanggal=d) for i, d in enumerate(dates, 1))
    audit_record(
        by=by,
        action="delivery.class.create",
        obj=kelas,
        after={**snapshot(kelas, KELAS_FIELDS), "sesi": [d.isoformat() for d in dates]},
        label=str(kelas),
    )
    return kelas


def _live_elsewhere(kelas: Kelas, pegawai_ids: Iterable[int]) -> set[int]:
    return set(
        Peserta.objects.filter(
            cycle_id=kelas.cycle_id,
            kegiatan_id=kelas.kegiatan_id,
            pegawai_id__in=list(pegawai_ids),
            status__in=LIVE,
        ).values_list("pegawai_id", flat=True)
    )


def _seats_left(kelas: Kelas) -> int:
    return kelas.kapasitas - kelas.peserta.filter(status__in=LIVE).count()


@transaction.atomic
def kelas_enrol(*, kelas: Kelas, by: User, version: int) -> int:
    """Enrol the activity's planned participants who are not in a class of the activity yet, up to the seats
    left: first those planned in this class number (``PlanItem.kelas``), then those whose planned class is not
    open; returns how many were enrolled."""
    require_actor_instansi(by, kelas.instansi_id)
    _require_bkpsdm(by, _("enrol participants"))
    with claim(kelas, seen=version):
        _require_open(kelas)
        open_numbers = set(
            Kelas.objects.filter(
                cycle_id=kelas.cycle_id, kegiatan_id=kelas.kegiatan_id, status=Kelas.Status.DIBUKA
            )
            .exclude(pk=kelas.pk)
            .values_list("nomor", flat=True)
        )
        # Those planned in this class number first, then those whose planned class is not open (cancelled, or
        # never opened under its number); people planned in another open class wait for that one.
        items = sorted(
            (
                i
                for i in planned_items(cycle=kelas.cycle, kegiatan=kelas.kegiatan)
                if i.kelas == kelas.nomor or i.kelas not in open_numbers
            ),
            key=lambda i: (i.kelas != kelas.nomor, i.kelas, i.pegawai.nama, i.pk),
        )
        taken = _live_elsewhere(kelas, (i.pegawai_id for i in items))
        todo = [i for i in items if i.pegawai_id not in taken][: max(_seats_left(kelas), 0)]
        Peserta.objects.bulk_create(
            Peserta(
                kelas=kelas,
                pegawai_id=i.pegawai_id,
                cycle_id=kelas.cycle_id,
                kegiatan_id=kelas.kegiatan_id,
                plan_item=i,
            )
            for i in todo
        )
        audit_record(
            by=by,
            action="delivery.class.enrol",
            obj=kelas,
            after={"peserta": sorted(i.pegawai_id for i in todo), "version": kelas.version},
            label=str(kelas),
        )
        return len(todo)


@transaction.atomic
def kelas_invite(*, kelas: Kelas, by: User, version: int) -> int:
    """Invite every enrolled participant not invited yet: a notification on their home page (and its e-mail
    through the job runner); returns how many were invited."""
    require_actor_instansi(by, kelas.instansi_id)
    _require_bkpsdm(by, _("invite participants"))
    with claim(kelas, seen=version):
        _require_open(kelas)
        if kelas.mulai <= timezone.localdate():
            raise ValidationError(
                {"kelas": _("The class has started; invitations are sent before it starts.")}
            )
        rows = list(kelas.peserta.filter(status=Peserta.Status.TERDAFTAR).select_related("pegawai__user"))
        now = timezone.now()
        Peserta.objects.filter(pk__in=[p.pk for p in rows]).update(
            status=Peserta.Status.DIUNDANG, diundang_pada=now, version=F("version") + 1
        )
        notices.invited(kelas, [p.pegawai for p in rows])
        audit_record(
            by=by,
            action="delivery.class.invite",
            obj=kelas,
            after={"diundang": sorted(p.pegawai_id for p in rows), "version": kelas.version},
            label=str(kelas),
        )
        return len(rows)


@transaction.atomic
def peserta_move(*, peserta: Peserta, ke: Kelas, by: User, version: int) -> Peserta:
    """Move a participant to another open class of the same activity; the old enrolment stays as "moved" with
    the attendance already recorded in it. The new one starts enrolled (to be invited for its dates)."""
    require_actor_instansi(by, peserta.pegawai.instansi_id)
    _require_bkpsdm(by, _("move participants"))
    with claim(peserta, seen=version):
        if not peserta.live:
            raise ValidationError({"peserta": _("Only a participant still in the class can be moved.")})
        if ke.pk == peserta.kelas_id:
            raise ValidationError({"ke": _("Choose another class.")})
        if ke.cycle_id != peserta.cycle_id or ke.kegiatan_id != peserta.kegiatan_id:
            raise ValidationError({"ke": _("A participant moves only to a class of the same activity.")})
        target = Kelas.objects.select_for_update().get(pk=ke.pk)
        _require_open(target)
        if _seats_left(target) <= 0:
            raise ValidationError({"ke": _("The other class is full.")})
        before = snapshot(peserta, PESERTA_FIELDS)
        before["version"] = version
        peserta.status = Peserta.Status.DIPINDAH
        peserta.save(update_fields=["status"])
        moved = Peserta.objects.create(
            kelas=target,
            pegawai_id=peserta.pegawai_id,
            cycle_id=peserta.cycle_id,
            kegiatan_id=peserta.kegiatan_id,
            plan_item_id=peserta.plan_item_id,
        )
        audit_record(
            by=by,
            action="delivery.participant.move",
            obj=peserta,
            before=before,
            after={
                **snapshot(peserta, PESERTA_FIELDS),
                "ke_kelas_id": target.pk,
                "peserta_baru_id": moved.pk,
            },
            label=f"{peserta.pegawai.nama}: {peserta.kelas} → {target}",
        )
        return moved


@transaction.atomic
def kelas_cancel(*, kelas: Kelas, alasan: str, by: User, version: int) -> Kelas:
    """Cancel a class: its live enrolments end as "class cancelled" (each person may be enrolled in another
    class of the activity), and those already invited are told. A class with a completion recorded is kept."""
    require_actor_instansi(by, kelas.instansi_id)
    _require_bkpsdm(by, _("cancel a class"))
    with claim(kelas, seen=version):
        _require_open(kelas)
        if len(alasan.strip()) < domain.ALASAN_MIN:
            raise ValidationError(
                {
                    "alasan": _("Write why the class is cancelled (at least %(n)s characters).")
                    % {"n": domain.ALASAN_MIN}
                }
            )
        if kelas.peserta.filter(hasil=Peserta.Hasil.SELESAI).exists():
            raise ValidationError(
                {"kelas": _("Completions are recorded in this class: it cannot be cancelled.")}
            )
        before = snapshot(kelas, KELAS_FIELDS)
        before["version"] = version
        live = list(kelas.peserta.filter(status__in=LIVE).select_related("pegawai__user"))
        told = [p.pegawai for p in live if p.status != Peserta.Status.TERDAFTAR]
        kelas.peserta.filter(pk__in=[p.pk for p in live]).update(
            status=Peserta.Status.DIBATALKAN, version=F("version") + 1
        )
        kelas.status = Kelas.Status.DIBATALKAN
        kelas.alasan_batal = alasan.strip()
        kelas.save(update_fields=["status", "alasan_batal"])
        notices.cancelled(kelas, told)
        audit_record(
            by=by,
            action="delivery.class.cancel",
            obj=kelas,
            before=before,
            after={**snapshot(kelas, KELAS_FIELDS), "peserta": sorted(p.pegawai_id for p in live)},
            label=str(kelas),
        )
        return kelas


# --- the employee's answer ------------------------------------------------------------------------------------


def _answer_message(problem: domain.JawabProblem) -> tuple[str, str]:
    P = domain.JawabProblem
    messages = {
        P.BELUM_DIUNDANG: ("jawaban", _("You have not been invited to this class yet.")),
        P.TIDAK_AKTIF: ("jawaban", _("This invitation no longer stands (moved or the class was cancelled).")),
        P.SUDAH_MULAI: ("jawaban", _("The class has started: the answer can no longer be changed.")),
        P.TANPA_IKRAR: ("ikrar", _("To accept, tick the participation pledge.")),
        P.TANPA_ALASAN: (
            "alasan",
            _("Write why you decline (at least %(n)s characters).") % {"n": domain.ALASAN_MIN},
        ),
    }
    field, message = messages[problem]
    return field, str(message)


@transaction.atomic
def peserta_answer(
    *,
    peserta: Peserta,
    by: User,
    version: int,
    jawaban: domain.Jawaban,
    ikrar: bool = False,
    alasan: str = "",
) -> Peserta:
    """The employee accepts (with the participation pledge) or declines (with a reason) their invitation; the
    answer may change until the class starts. Only the employee themself answers."""
    if peserta.pegawai.user_id is None or peserta.pegawai.user_id != by.pk:
        raise PermissionDenied(_("Only the invited employee may answer this invitation."))
    with claim(peserta, seen=version):
        problem = domain.answer_problem(
            status=peserta.status,
            jawaban=jawaban,
            ikrar=ikrar,
            alasan=alasan,
            mulai=peserta.kelas.mulai,
            today=timezone.localdate(),
        )
        if problem is not None:
            raise ValidationError(dict([_answer_message(problem)]))
        before = snapshot(peserta, PESERTA_FIELDS)
        before["version"] = version
        if jawaban == domain.Jawaban.TERIMA:
            peserta.status, peserta.ikrar, peserta.alasan_tolak = Peserta.Status.DITERIMA, True, ""
        else:
            peserta.status, peserta.ikrar, peserta.alasan_tolak = (
                Peserta.Status.DITOLAK,
                False,
                alasan.strip(),
            )
        peserta.dijawab_pada = timezone.now()
        peserta.save(update_fields=["status", "ikrar", "alasan_tolak", "dijawab_pada"])
        audit_record(
            by=by,
            action="delivery.invitation.accept"
            if jawaban == domain.Jawaban.TERIMA
            else "delivery.invitation.decline",
            obj=peserta,
            before=before,
            after=snapshot(peserta, PESERTA_FIELDS),
            label=str(peserta),
        )
        return peserta


# --- attendance ---------------------------------------------------------------------------------------------------


def attendance_upsert(
    *,
    sesi: SesiKelas,
    hadir: dict[int, bool],
    by: User | None,
    sumber: str = Kehadiran.Sumber.FORM,
    import_batch_id: int | None = None,
) -> tuple[int, int, int]:
    """Record attendance of participants (peserta id -> present) in one session: a row per (participant,
    session), created or changed, never doubled. Returns (created, updated, unchanged). The caller holds the
    transaction and has checked the participants belong to the session's class."""
    existing = {k.peserta_id: k for k in Kehadiran.objects.filter(sesi=sesi, peserta_id__in=list(hadir))}
    created = updated = unchanged = 0
    actor = by if by is not None and by.is_authenticated else None
    for peserta_id, present in hadir.items():
        row = existing.get(peserta_id)
        if row is None:
            Kehadiran.objects.create(
                peserta_id=peserta_id,
                sesi=sesi,
                hadir=present,
                sumber=sumber,
                import_batch_id=import_batch_id,
                dicatat_oleh=actor,
            )
            created += 1
        elif row.hadir != present:
            row.hadir, row.sumber, row.import_batch_id, row.dicatat_oleh = (
                present,
                sumber,
                import_batch_id,
                actor,
            )
            row.save()
            updated += 1
        else:
            unchanged += 1
    return created, updated, unchanged


@transaction.atomic
def kehadiran_record(*, sesi: SesiKelas, hadir_ids: Iterable[int], by: User) -> tuple[int, int, int]:
    """The attendance form of one session: the participants ticked were present, every other participant still
    in the class was absent."""
    kelas = Kelas.objects.select_for_update().get(pk=sesi.kelas_id)
    require_actor_instansi(by, kelas.instansi_id)
    _require_bkpsdm(by, _("record attendance"))
    _require_open(kelas)
    if sesi.tanggal > timezone.localdate():
        raise ValidationError({"sesi": _("Attendance is recorded once the session has taken place.")})
    roster = set(kelas.peserta.filter(status__in=LIVE).values_list("pk", flat=True))
    ticked = set(hadir_ids)
    strangers = ticked - roster
    if strangers:
        raise ValidationError({"hadir": _("Some ticked people are not participants of this class.")})
    result = attendance_upsert(sesi=sesi, hadir={pk: pk in ticked for pk in sorted(roster)}, by=by)
    audit_record(
        by=by,
        action="delivery.attendance",
        obj=kelas,
        after={"sesi": sesi.urutan, "hadir": sorted(ticked), "tidak_hadir": sorted(roster - ticked)},
        label=f"{kelas} #{sesi.urutan}",
    )
    return result


# --- completion -----------------------------------------------------------------------------------------------------


def attendance_of(peserta: Peserta) -> tuple[int, int]:
    """(sessions attended, sessions of the class)."""
    sesi = peserta.kelas.sesi.count()
    hadir = Kehadiran.objects.filter(peserta=peserta, hadir=True).count()
    return hadir, sesi


def rule_jp(
    bentuk_kode: str,
    *,
    on: dt.date,
    hari: int,
    sesi: int,
    program: Callable[[Decimal], domain.Program],
    subject: str,
) -> Decimal:
    """JP credited by the conversion rule of form ``bentuk_kode`` in force on ``on``; ``program`` builds the
    program from the minutes per JP then in force. A missing rule or reference is a ``jp`` field error whose
    ``subject`` (a translated message with ``%(why)s``) says what could not be computed."""
    try:
        rule = jp_rules(on=on)[bentuk_kode]
        menit_per_jp = KetentuanTable([MENIT_KODE]).value(MENIT_KODE, on=on)
        return domain.completion_jp(
            rule, program(menit_per_jp), hari=hari, sesi=sesi, menit_per_jp=menit_per_jp
        )
    except (KeyError, JpRuleError, MissingReference) as exc:
        raise ValidationError({"jp": subject % {"why": exc}}) from exc


def completion_jp(kelas: Kelas, *, on: dt.date) -> Decimal:
    """JP one completion of the class credits, by the form's conversion rule in force on ``on``."""
    kegiatan = kelas.kegiatan
    dates = list(kelas.sesi.values_list("tanggal", flat=True))
    return rule_jp(
        kegiatan.bentuk.kode,
        on=on,
        hari=len(set(dates)),
        sesi=len(dates),
        program=lambda _menit_per_jp: domain.Program(
            menit=kegiatan.menit,
            bulan=kegiatan.bulan,
            jp_program=kegiatan.jp_program,
            internasional=kegiatan.internasional,
        ),
        subject=_("The JP of this activity cannot be computed from the conversion rules: %(why)s"),
    )


def _riwayat_values(peserta: Peserta, jp: Decimal, nomor_sertifikat: str) -> dict[str, object]:
    kelas = peserta.kelas
    bentuk = bentuk_map(on=kelas.selesai).get(kelas.kegiatan.bentuk.kode, kelas.kegiatan.bentuk)
    return {
        "jenis": RiwayatPengembangan.Jenis.DIKLAT_STRUKTURAL
        if bentuk.kode == STRUKTURAL
        else RiwayatPengembangan.Jenis.KURSUS,
        "bentuk": bentuk,
        "nama_kegiatan": kelas.kegiatan.judul[:255],
        "penyelenggara": kelas.penyelenggara[:255],
        "tanggal_mulai": kelas.mulai,
        "tanggal_selesai": kelas.selesai,
        "tahun": kelas.selesai.year,
        "jp": jp,
        "nomor_sertifikat": nomor_sertifikat,
        "sumber": RiwayatPengembangan.Sumber.SIBINA,
    }


@transaction.atomic
def peserta_complete(
    *, peserta: Peserta, by: User, version: int, selesai: bool, nomor_sertifikat: str = ""
) -> Peserta:
    """Record whether a participant completed the class. Completed (attendance at least the setting's share of
    sessions, a certificate number) writes the participant's one development record with the JP of the
    conversion rule; saved again it rewrites that same record. Not completed removes a record written before."""
    require_actor_instansi(by, peserta.pegawai.instansi_id)
    _require_bkpsdm(by, _("record completion"))
    with claim(peserta, seen=version):
        kelas = peserta.kelas
        _require_open(kelas)
        if not peserta.live:
            raise ValidationError({"peserta": _("Only a participant still in the class can complete it.")})
        last = kelas.sesi.order_by("-tanggal").values_list("tanggal", flat=True).first()
        if last is None or last > timezone.localdate():
            raise ValidationError({"hasil": _("Completion is recorded after the class's last session.")})
        nomor = " ".join(nomor_sertifikat.split())
        before = snapshot(peserta, PESERTA_FIELDS)
        before["version"] = version
        old = peserta.riwayat
        if selesai:
            if not nomor:
                raise ValidationError({"nomor_sertifikat": _("Give the certificate number.")})
            if len(nomor) > 120:
                raise ValidationError(
                    {"nomor_sertifikat": _("The certificate number is longer than 120 characters.")}
                )
            hadir, sesi = attendance_of(peserta)
            try:
                minimum = KetentuanTable([MIN_PERSEN_KODE]).value(MIN_PERSEN_KODE, on=kelas.selesai)
            except MissingReference as exc:
                raise ValidationError({"hasil": str(exc)}) from exc
            if not domain.meets_attendance(hadir, sesi, min_persen=minimum):
                raise ValidationError(
                    {
                        "hasil": _(
                            "Attended %(hadir)s of %(sesi)s sessions (%(share)s); completion needs at least "
                            "%(min)s."
                        )
                        % {
                            "hadir": hadir,
                            "sesi": sesi,
                            "share": persen(domain.attendance_share(hadir, sesi)),
                            "min": persen(minimum),
                        }
                    }
                )
            jp = completion_jp(kelas, on=kelas.selesai)
            values = _riwayat_values(peserta, jp, nomor)
            clash = RiwayatPengembangan.objects.filter(
                pegawai_id=peserta.pegawai_id,
                jenis=values["jenis"],
                nama_kegiatan=values["nama_kegiatan"],
                tanggal_mulai=kelas.mulai,
            )
            if old is not None:
                clash = clash.exclude(pk=old.pk)
            if clash.exists():
                raise ValidationError(
                    {
                        "hasil": _(
                            "The employee's record already holds this activity on %(date)s (imported?)."
                        )
                        % {"date": tanggal_pendek(kelas.mulai)}
                    }
                )
            if old is None:
                peserta.riwayat = RiwayatPengembangan.objects.create(pegawai_id=peserta.pegawai_id, **values)
            else:
                for name, value in values.items():
                    setattr(old, name, value)
                old.save()
            peserta.hasil, peserta.jp, peserta.nomor_sertifikat = Peserta.Hasil.SELESAI, jp, nomor
        else:
            peserta.hasil, peserta.jp, peserta.nomor_sertifikat, peserta.riwayat = (
                Peserta.Hasil.TIDAK_SELESAI,
                Decimal(0),
                "",
                None,
            )
        peserta.save(update_fields=["hasil", "jp", "nomor_sertifikat", "riwayat"])
        if not selesai and old is not None:
            old.delete()
        audit_record(
            by=by,
            action="delivery.completion",
            obj=peserta,
            before=before,
            after=snapshot(peserta, PESERTA_FIELDS),
            label=str(peserta),
        )
        return peserta
