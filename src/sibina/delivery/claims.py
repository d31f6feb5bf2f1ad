"""Development an employee did on their own (a seminar, a course, …), claimed with evidence and verified by
BKPSDM.

The employee submits the form (from the reference forms in force), title, provider, dates, the JP asked and the
evidence file (PDF/JPEG/PNG, sniffed like a completion's: ``delivery.evidence``). BKPSDM approves — the JP are the
form's conversion rule in force on the last day applied to the activity as claimed (its days; the JP asked as the
program's JP and hours), exactly as a class's completion (``domain.completion_jp``) — or rejects with a reason.

An approval writes the claim's one ``RiwayatPengembangan`` row (source SIBINA: it counts in the JP ledger and goes
back to SIASN with the rest); the claim points to it (``OneToOne``) and only a waiting claim can be approved, so a
claim approved twice, or by two people at once (the version claim lets one through), credits its JP once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sibina.audit.services import audit_record, snapshot
from sibina.delivery import domain, evidence
from sibina.delivery.models import KlaimPengembangan
from sibina.delivery.services import STRUKTURAL, rule_jp
from sibina.formats import tanggal_pendek
from sibina.people.models import Pegawai, RiwayatPengembangan
from sibina.people.scope import require_actor_instansi
from sibina.reference.models import BentukPengembangan
from sibina.roles import Role, role_of
from sibina.versioning import claim

JP_MAKS = Decimal(1000)  # JP one claim may ask: a data-entry bound, no regulation
FIELDS = [
    "pegawai_id",
    "bentuk_id",
    "judul",
    "penyelenggara",
    "mulai",
    "selesai",
    "jp_diminta",
    "internasional",
    "status",
    "jp",
    "alasan_tolak",
    "riwayat_id",
    "version",
]


def _months(mulai: dt.date, selesai: dt.date) -> int:
    return (selesai.year - mulai.year) * 12 + selesai.month - mulai.month + 1


def claim_jp(
    *, bentuk_kode: str, mulai: dt.date, selesai: dt.date, jp_diminta: Decimal, internasional: bool
) -> Decimal:
    """The JP a claim counts for: the form's conversion rule in force on its last day, applied to its days (one
    session a day) with the JP asked as the program's JP and hours. A ``jp`` error when no rule applies."""
    days = (selesai - mulai).days + 1
    return rule_jp(
        bentuk_kode,
        on=selesai,
        hari=days,
        sesi=days,
        program=lambda menit_per_jp: domain.Program(
            menit=int(jp_diminta * menit_per_jp),
            bulan=_months(mulai, selesai),
            jp_program=jp_diminta,
            internasional=internasional,
        ),
        subject=_("The JP of this form cannot be computed from the conversion rules: %(why)s"),
    )


@transaction.atomic
def klaim_submit(
    *,
    by: User,
    bentuk: BentukPengembangan,
    judul: str,
    penyelenggara: str,
    mulai: dt.date,
    selesai: dt.date,
    jp_diminta: Decimal,
    internasional: bool = False,
    name: str,
    data: bytes,
) -> KlaimPengembangan:
    """The employee claims development done on their own, with its evidence. Every bad field is named."""
    pegawai = Pegawai.objects.filter(user_id=by.pk).first() if by.pk is not None else None
    if pegawai is None:
        raise PermissionDenied(_("Only an employee can claim their own development."))
    require_actor_instansi(by, pegawai.instansi_id)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    judul, penyelenggara = " ".join(judul.split()), " ".join(penyelenggara.split())
    if not judul:
        errors["judul"] = _("Give the title of the activity.")
    if not penyelenggara:
        errors["penyelenggara"] = _("Give the provider of the activity.")
    if selesai < mulai:
        errors["selesai"] = _("The end date cannot be before the start date.")
    elif selesai > today:
        errors["selesai"] = _("Development is claimed once it is over (the end date is after today).")
    if not Decimal(0) < jp_diminta <= JP_MAKS or jp_diminta != jp_diminta.quantize(Decimal("0.01")):
        errors["jp_diminta"] = _("Give the JP on the certificate: more than 0 and at most %(max)s.") % {
            "max": JP_MAKS
        }
    try:
        media_type = evidence.checked_type(name=name, data=data)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    klaim = KlaimPengembangan(
        pegawai=pegawai,
        bentuk=bentuk,
        judul=judul[:255],
        penyelenggara=penyelenggara[:255],
        mulai=mulai,
        selesai=selesai,
        jp_diminta=jp_diminta,
        internasional=internasional,
        bukti_jenis=media_type,
        bukti_nama=name[-200:],
    )
    evidence.store(klaim.bukti, media_type=media_type, data=data)
    klaim.save()
    audit_record(
        by=by,
        action="delivery.claim.submit",
        obj=klaim,
        after={**snapshot(klaim, FIELDS), "bukti_nama": klaim.bukti_nama, "bytes": len(data)},
        label=str(klaim),
    )
    return klaim


def _require_bkpsdm(by: User, klaim: KlaimPengembangan) -> None:
    require_actor_instansi(by, klaim.pegawai.instansi_id)
    if role_of(by) != Role.BKPSDM:
        raise PermissionDenied(_("Only BKPSDM may verify a development claim."))


def _require_waiting(klaim: KlaimPengembangan) -> None:
    if klaim.status != KlaimPengembangan.Status.DIAJUKAN:
        raise ValidationError(
            {
                "status": _("This claim is already %(status)s.")
                % {"status": klaim.get_status_display().lower()}
            }
        )


def _record_values(klaim: KlaimPengembangan, jp: Decimal) -> dict[str, object]:
    return {
        "jenis": RiwayatPengembangan.Jenis.DIKLAT_STRUKTURAL
        if klaim.bentuk.kode == STRUKTURAL
        else RiwayatPengembangan.Jenis.KURSUS,
        "bentuk": klaim.bentuk,
        "nama_kegiatan": klaim.judul[:255],
        "penyelenggara": klaim.penyelenggara[:255],
        "tanggal_mulai": klaim.mulai,
        "tanggal_selesai": klaim.selesai,
        "tahun": klaim.selesai.year,
        "jp": jp,
        "sumber": RiwayatPengembangan.Sumber.SIBINA,
    }


@transaction.atomic
def klaim_approve(*, klaim: KlaimPengembangan, by: User, version: int) -> KlaimPengembangan:
    """BKPSDM approves a waiting claim: JP by the conversion rules, one development record in the ledger."""
    _require_bkpsdm(by, klaim)
    with claim(klaim, seen=version):
        _require_waiting(klaim)
        jp = claim_jp(
            bentuk_kode=klaim.bentuk.kode,
            mulai=klaim.mulai,
            selesai=klaim.selesai,
            jp_diminta=klaim.jp_diminta,
            internasional=klaim.internasional,
        )
        values = _record_values(klaim, jp)
        if RiwayatPengembangan.objects.filter(
            pegawai_id=klaim.pegawai_id,
            jenis=values["jenis"],
            nama_kegiatan=values["nama_kegiatan"],
            tanggal_mulai=klaim.mulai,
        ).exists():
            raise ValidationError(
                {
                    "status": _("The employee's record already holds this activity on %(date)s.")
                    % {"date": tanggal_pendek(klaim.mulai)}
                }
            )
        before = snapshot(klaim, FIELDS)
        before["version"] = version
        klaim.riwayat = RiwayatPengembangan.objects.create(pegawai_id=klaim.pegawai_id, **values)
        klaim.status, klaim.jp, klaim.alasan_tolak = KlaimPengembangan.Status.DISETUJUI, jp, ""
        klaim.diverifikasi_oleh, klaim.diverifikasi_pada = by, timezone.now()
        klaim.save(
            update_fields=[
                "riwayat",
                "status",
                "jp",
                "alasan_tolak",
                "diverifikasi_oleh",
                "diverifikasi_pada",
            ]
        )
        audit_record(
            by=by,
            action="delivery.claim.approve",
            obj=klaim,
            before=before,
            after=snapshot(klaim, FIELDS),
            label=str(klaim),
        )
        return klaim


@transaction.atomic
def klaim_reject(*, klaim: KlaimPengembangan, by: User, version: int, alasan: str) -> KlaimPengembangan:
    """BKPSDM rejects a waiting claim with a reason the employee reads; nothing reaches the ledger."""
    _require_bkpsdm(by, klaim)
    with claim(klaim, seen=version):
        _require_waiting(klaim)
        if len(alasan.strip()) < domain.ALASAN_MIN:
            raise ValidationError(
                {
                    "alasan": _("Write why the claim is rejected (at least %(n)s characters).")
                    % {"n": domain.ALASAN_MIN}
                }
            )
        before = snapshot(klaim, FIELDS)
        before["version"] = version
        klaim.status, klaim.alasan_tolak = KlaimPengembangan.Status.DITOLAK, alasan.strip()
        klaim.diverifikasi_oleh, klaim.diverifikasi_pada = by, timezone.now()
        klaim.save(update_fields=["status", "alasan_tolak", "diverifikasi_oleh", "diverifikasi_pada"])
        audit_record(
            by=by,
            action="delivery.claim.reject",
            obj=klaim,
            before=before,
            after=snapshot(klaim, FIELDS),
            label=str(klaim),
        )
        return klaim
