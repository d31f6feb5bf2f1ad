"""The change project (aksi perubahan) of leadership training: the participant (or BKPSDM) writes its title and
names a mentor (by default the participant's atasan), adds milestones with due dates and reports each done with a
note; the mentor confirms it, or returns it with a note. Reads for the participant, the mentor and BKPSDM.

Leadership training is an activity whose form is Pelatihan Struktural Kepemimpinan (``KL01``: PKP, PKA, PKN; the
old Diklatpim). Each write is atomic, checks the actor, claims the version the person saw and writes one audit
event.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sibina.audit.services import audit_record, snapshot
from sibina.catalogue.models import Kegiatan
from sibina.delivery.commitment_models import AksiPerubahan, TonggakAksi
from sibina.delivery.models import Kelas, Peserta
from sibina.people.domain import normalise_nip
from sibina.people.models import Pegawai, StatusPegawai
from sibina.people.scope import require_actor_instansi
from sibina.roles import Role, role_of
from sibina.versioning import claim

KEPEMIMPINAN = "KL01"  # Pelatihan Struktural Kepemimpinan (PKP, PKA, PKN): the forms with a change project
JUDUL_MIN = 10  # characters of a title
CATATAN_MIN = 10  # characters of a note when a milestone is reported done or returned
TONGGAK_MAKS = 20  # milestones of one project: a data-entry bound, not a regulation
AKSI_FIELDS = ["judul", "mentor_id", "version"]
TONGGAK_FIELDS = [
    "urutan",
    "judul",
    "batas",
    "status",
    "catatan",
    "selesai_pada",
    "catatan_mentor",
    "version",
]


def is_leadership(kegiatan: Kegiatan) -> bool:
    return kegiatan.bentuk.kode == KEPEMIMPINAN


def _participant_or_bkpsdm(peserta: Peserta, by: User) -> None:
    require_actor_instansi(by, peserta.pegawai.instansi_id)
    if peserta.pegawai.user_id != by.pk and role_of(by) != Role.BKPSDM:
        raise PermissionDenied(_("Only the participant or BKPSDM may change this change project."))


def _mentor(peserta: Peserta, nip: str) -> Pegawai:
    """The mentor named by NIP (empty: the participant's atasan): an active employee of the same instansi."""
    wanted = normalise_nip(nip) if nip.strip() else ""
    if not wanted:
        boss = peserta.pegawai.atasan
        if boss is None:
            raise ValidationError(
                {"mentor": _("You have no supervisor on record: give the NIP of your mentor.")}
            )
        return boss
    mentor = Pegawai.objects.filter(
        instansi_id=peserta.pegawai.instansi_id, nip=wanted, status=StatusPegawai.AKTIF
    ).first()
    if mentor is None:
        raise ValidationError(
            {"mentor": _("No active employee of your agency has the NIP %(nip)s.") % {"nip": nip}}
        )
    if mentor.pk == peserta.pegawai_id:
        raise ValidationError({"mentor": _("The mentor must be someone other than the participant.")})
    return mentor


def _judul(judul: str, field: str = "judul") -> str:
    text = judul.strip()
    if len(text) < JUDUL_MIN:
        raise ValidationError({field: _("Write a title of at least %(n)d characters.") % {"n": JUDUL_MIN}})
    return text


@transaction.atomic
def aksi_save(
    *, peserta: Peserta, by: User, judul: str, mentor_nip: str = "", version: int | None = None
) -> AksiPerubahan:
    """Write the change project of an accepted participant of a leadership class (``version`` None: a new one;
    else the version of the project the person saw)."""
    _participant_or_bkpsdm(peserta, by)
    if not is_leadership(peserta.kelas.kegiatan):
        raise ValidationError({"kelas": _("Only leadership training (PKP, PKA, PKN) has a change project.")})
    if peserta.status != Peserta.Status.DITERIMA:
        raise ValidationError({"status": _("A change project is written once the invitation is accepted.")})
    text = _judul(judul)
    mentor = _mentor(peserta, mentor_nip)
    existing = AksiPerubahan.objects.filter(peserta=peserta).first()
    if existing is None:
        if version is not None:
            raise ValidationError({"version": _("This change project no longer exists. Reload the page.")})
        aksi = AksiPerubahan.objects.create(peserta=peserta, judul=text, mentor=mentor, dibuat_oleh=by)
        audit_record(
            by=by, action="delivery.aksi.create", obj=aksi, after=snapshot(aksi, AKSI_FIELDS), label=text
        )
        return aksi
    if version is None:
        raise ValidationError(
            {"version": _("This participant already has a change project. Reload the page.")}
        )
    with claim(existing, seen=version):
        before = snapshot(existing, AKSI_FIELDS) | {"version": version}
        existing.judul, existing.mentor = text, mentor
        existing.save(update_fields=["judul", "mentor"])
        audit_record(
            by=by,
            action="delivery.aksi.update",
            obj=existing,
            before=before,
            after=snapshot(existing, AKSI_FIELDS),
            label=text,
        )
    return existing


@transaction.atomic
def tonggak_add(*, aksi: AksiPerubahan, by: User, version: int, judul: str, batas: dt.date) -> TonggakAksi:
    """Add a milestone, numbered after the last; its due date lies on or after the class's first day."""
    peserta = aksi.peserta
    _participant_or_bkpsdm(peserta, by)
    text = _judul(judul)
    if batas < peserta.kelas.mulai:
        raise ValidationError(
            {
                "batas": _("A milestone is due on or after the class's first day (%(day)s).")
                % {"day": peserta.kelas.mulai.isoformat()}
            }
        )
    with claim(aksi, seen=version):
        last = aksi.tonggak.aggregate(n=Max("urutan"), c=Count("id"))
        if (last["c"] or 0) >= TONGGAK_MAKS:
            raise ValidationError(
                {"judul": _("A change project has at most %(n)d milestones.") % {"n": TONGGAK_MAKS}}
            )
        tonggak = TonggakAksi.objects.create(aksi=aksi, urutan=(last["n"] or 0) + 1, judul=text, batas=batas)
        audit_record(
            by=by,
            action="delivery.aksi.milestone",
            obj=tonggak,
            after=snapshot(tonggak, TONGGAK_FIELDS),
            label=text,
        )
    return tonggak


@transaction.atomic
def tonggak_report(*, tonggak: TonggakAksi, by: User, version: int, catatan: str) -> TonggakAksi:
    """The participant reports a milestone done, with a note of what was done; it then waits for the mentor."""
    peserta = tonggak.aksi.peserta
    require_actor_instansi(by, peserta.pegawai.instansi_id)
    if peserta.pegawai.user_id != by.pk:
        raise PermissionDenied(_("Only the participant may report a milestone done."))
    note = catatan.strip()
    with claim(tonggak, seen=version):
        if tonggak.status != TonggakAksi.Status.RENCANA:
            raise ValidationError({"status": _("This milestone was reported done already.")})
        if len(note) < CATATAN_MIN:
            raise ValidationError(
                {
                    "catatan": _("Write a note of at least %(n)d characters on what was done.")
                    % {"n": CATATAN_MIN}
                }
            )
        before = snapshot(tonggak, TONGGAK_FIELDS) | {"version": version}
        tonggak.status, tonggak.catatan, tonggak.selesai_pada = (
            TonggakAksi.Status.LAPOR,
            note,
            timezone.localdate(),
        )
        tonggak.save(update_fields=["status", "catatan", "selesai_pada"])
        audit_record(
            by=by,
            action="delivery.aksi.report",
            obj=tonggak,
            before=before,
            after=snapshot(tonggak, TONGGAK_FIELDS),
            label=tonggak.judul,
        )
    return tonggak


@transaction.atomic
def tonggak_confirm(
    *, tonggak: TonggakAksi, by: User, version: int, setuju: bool, catatan: str = ""
) -> TonggakAksi:
    """The mentor confirms a milestone reported done, or returns it to the participant with a note."""
    aksi = tonggak.aksi
    require_actor_instansi(by, aksi.peserta.pegawai.instansi_id)
    if aksi.mentor.user_id is None or aksi.mentor.user_id != by.pk:
        raise PermissionDenied(_("Only the mentor of this change project may confirm its milestones."))
    note = catatan.strip()
    with claim(tonggak, seen=version):
        if tonggak.status != TonggakAksi.Status.LAPOR:
            raise ValidationError({"status": _("This milestone does not wait for confirmation.")})
        if not setuju and len(note) < CATATAN_MIN:
            raise ValidationError(
                {
                    "catatan_mentor": _("Say in at least %(n)d characters why the milestone is returned.")
                    % {"n": CATATAN_MIN}
                }
            )
        before = snapshot(tonggak, TONGGAK_FIELDS) | {"version": version}
        if setuju:
            tonggak.status, tonggak.dikonfirmasi_pada = TonggakAksi.Status.KONFIRM, timezone.now()
        else:
            tonggak.status, tonggak.selesai_pada, tonggak.dikonfirmasi_pada = (
                TonggakAksi.Status.RENCANA,
                None,
                None,
            )
        tonggak.catatan_mentor = note
        tonggak.save(update_fields=["status", "selesai_pada", "dikonfirmasi_pada", "catatan_mentor"])
        audit_record(
            by=by,
            action="delivery.aksi.confirm" if setuju else "delivery.aksi.return",
            obj=tonggak,
            before=before,
            after=snapshot(tonggak, TONGGAK_FIELDS),
            label=tonggak.judul,
        )
    return tonggak


# --- reads --------------------------------------------------------------------------------------------------------


def _with_milestones(rows: QuerySet[AksiPerubahan]) -> QuerySet[AksiPerubahan]:
    return rows.select_related(
        "peserta__kelas__kegiatan", "peserta__pegawai__unit", "mentor"
    ).prefetch_related(Prefetch("tonggak", queryset=TonggakAksi.objects.order_by("urutan")))


def own_leadership(*, pegawai_id: int) -> list[Peserta]:
    """The employee's accepted enrolments in leadership classes, each with its change project if written."""
    return list(
        Peserta.objects.filter(
            pegawai_id=pegawai_id,
            status=Peserta.Status.DITERIMA,
            kelas__kegiatan__bentuk__kode=KEPEMIMPINAN,
            kelas__status=Kelas.Status.DIBUKA,
        )
        .select_related("kelas__kegiatan", "pegawai__atasan", "aksi_perubahan__mentor")
        .prefetch_related(
            Prefetch("aksi_perubahan__tonggak", queryset=TonggakAksi.objects.order_by("urutan"))
        )
        .order_by("-kelas__mulai", "-id")
    )


def mentored(*, pegawai_id: int) -> QuerySet[AksiPerubahan]:
    """The change projects this employee mentors, those with a milestone waiting for them first."""
    waiting = Count("tonggak", filter=Q(tonggak__status=TonggakAksi.Status.LAPOR))
    return (
        _with_milestones(AksiPerubahan.objects.filter(mentor_id=pegawai_id))
        .annotate(menunggu=waiting)
        .order_by("-menunggu", "peserta__pegawai__nama", "id")
    )


def of_class(*, kelas: Kelas) -> QuerySet[AksiPerubahan]:
    """The change projects of a class's participants."""
    return _with_milestones(AksiPerubahan.objects.filter(peserta__kelas=kelas)).order_by(
        "peserta__pegawai__nama", "id"
    )
