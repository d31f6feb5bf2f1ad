"""Writes of the approval workflow by BKPSDM and the PPK: draft, send to the OPDs, consolidate, set by decree,
amend. Each is atomic, checks the role and the stage (``approvals.guards``), claims the version the user saw
(``sibina.versioning``: of two edits made on the same version exactly one applies, the other is refused), and
writes one audit event. The Kepala OPD's decisions are in ``approvals.decisions``, reminders in
``approvals.reminders``."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sibina.approvals import notices
from sibina.approvals.consolidation import follow_up_missing, reviews_reopen, stable_pins
from sibina.approvals.guards import Tahap, move_stage, require_role, require_stage
from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.audit.services import audit_record, snapshot
from sibina.people.models import UnitKerja
from sibina.people.scope import require_actor_instansi
from sibina.planning.builder import Pins
from sibina.planning.models import Plan, PlanCycle, PlanItem
from sibina.roles import Role
from sibina.versioning import bump, check, claim

# --- BKPSDM: draft, send, consolidate, amend ---------------------------------------------------------------


@transaction.atomic
def persetujuan_start(*, plan: Plan, by: User) -> Persetujuan:
    """Put an optimised base plan up for approval (replacing a draft that was never sent)."""
    require_actor_instansi(by, plan.cycle.instansi_id)
    require_role(by, Role.BKPSDM, _("put a plan up for approval"))
    if plan.skenario_id is not None:
        raise ValidationError(_("A scenario is a what-if; only the base plan goes up for approval."))
    # The cycle's row is the lock: two starts at once would both see no approval and both create version 1.
    PlanCycle.objects.select_for_update().filter(pk=plan.cycle_id).first()
    open_ = Persetujuan.objects.select_for_update().filter(cycle=plan.cycle).order_by("-versi").first()
    if open_ is not None and open_.tahap == Tahap.DRAF:
        before = snapshot(open_, ["plan_id"])
        bump(open_)
        open_.plan = plan
        open_.save(update_fields=["plan"])
        audit_record(
            by=by, action="approval.draft_replace", obj=open_, before=before, after={"plan_id": plan.pk}
        )
        return open_
    if open_ is not None and open_.tahap != Tahap.DIGANTI:
        raise ValidationError(
            _("This year's plan is already in approval (version %(v)s); amend it instead.")
            % {"v": open_.versi}
        )
    p = Persetujuan.objects.create(cycle=plan.cycle, versi=(open_.versi + 1) if open_ else 1, plan=plan)
    audit_record(by=by, action="approval.start", obj=p, after=snapshot(p, ["versi", "plan_id", "tahap"]))
    return p


def plan_opds(plan: Plan) -> list[UnitKerja]:
    """The OPDs (top-level units) with at least one employee in the plan."""
    paths = set(PlanItem.objects.filter(plan=plan).values_list("pegawai__unit__path", flat=True).distinct())
    top_ids = {int(path.strip("/").split("/")[0]) for path in paths if path and path.strip("/")}
    return list(UnitKerja.objects.filter(pk__in=top_ids).order_by("nama"))


@transaction.atomic
def persetujuan_send(
    *,
    persetujuan: Persetujuan,
    by: User,
    version: int,
    batas: dt.date,
    batas_penetapan: dt.date | None = None,
) -> int:
    """Send each OPD its part with a review deadline (and the PPK's deadline). Returns the OPDs asked."""
    require_actor_instansi(by, persetujuan.cycle.instansi_id)
    require_role(by, Role.BKPSDM, _("send the plan to the OPDs"))
    with claim(persetujuan, seen=version):
        require_stage(persetujuan, Tahap.DRAF, Tahap.DIKONSOLIDASI)
        if batas < timezone.localdate():
            raise ValidationError({"batas": _("The review deadline cannot be in the past.")})
        if batas_penetapan is not None and batas_penetapan < batas:
            raise ValidationError(
                {"batas_penetapan": _("The plan cannot be due to be set before the reviews are due.")}
            )
        persetujuan.batas_review = batas
        persetujuan.batas_penetapan = batas_penetapan
        units = plan_opds(persetujuan.plan)
        existing = {r.unit_id: r for r in persetujuan.reviews.all()}
        for unit in units:
            review = existing.get(unit.pk)
            if review is None:
                ReviewOpd.objects.create(persetujuan=persetujuan, unit=unit, batas=batas)
            elif review.status == ReviewOpd.Status.DIKEMBALIKAN:  # sent again after consolidation: anew
                bump(review)
                review.status = ReviewOpd.Status.MENUNGGU
                review.batas = batas
                # the follow-up answered the last return (the audit trail keeps it); a new return needs a new one
                review.tindak_lanjut = ""
                review.ditindaklanjuti_pada = None
                review.save(update_fields=["status", "batas", "tindak_lanjut", "ditindaklanjuti_pada"])
            elif (
                review.status == ReviewOpd.Status.MENUNGGU
            ):  # still open, or back for a new look: new deadline
                review.batas = batas
                review.save(update_fields=["batas"])
        move_stage(
            persetujuan,
            Tahap.DIKIRIM,
            by,
            "approval.send",
            note=_("%(n)s OPDs, deadline %(d)s") % {"n": len(units), "d": batas},
        )
        notices.plan_sent(persetujuan)
        return len(units)


def pins_of(persetujuan: Persetujuan) -> Pins:
    """Every lock and exclusion of this approval and of the versions it amends: they all still bind."""
    chain: list[int] = []
    node: Persetujuan | None = persetujuan
    while node is not None:
        chain.append(node.pk)
        node = node.amandemen_dari
    rows = Keputusan.objects.filter(persetujuan_id__in=chain).values_list(
        "jenis", "pegawai_id", "kegiatan_id"
    )
    locked = {(p, k) for j, p, k in rows if j == Keputusan.Jenis.KUNCI}
    excluded = {(p, k) for j, p, k in rows if j == Keputusan.Jenis.KECUALI}
    return Pins(locked=frozenset(locked - excluded), excluded=frozenset(excluded))


def consolidation_check(*, persetujuan: Persetujuan, by: User, version: int, force: bool) -> Pins:
    """What consolidating needs: BKPSDM, the plan sent (or a draft amendment), every review decided unless forced."""
    require_actor_instansi(by, persetujuan.cycle.instansi_id)
    require_role(by, Role.BKPSDM, _("consolidate the plan"))
    check(persetujuan, seen=version)  # the adoption, later, locks the row and checks the stage again
    require_stage(persetujuan, Tahap.DIKIRIM, Tahap.DRAF)
    if persetujuan.tahap == Tahap.DRAF and persetujuan.amandemen_dari_id is None:
        raise ValidationError(_("Send the plan to the OPDs for review before consolidating it."))
    pending = persetujuan.reviews.filter(status=ReviewOpd.Status.MENUNGGU).count()
    if pending and not force:
        raise ValidationError(
            _("%(n)s OPD reviews are still open. Wait for them, or consolidate without them explicitly.")
            % {"n": pending}
        )
    unanswered = follow_up_missing(persetujuan)
    if unanswered:
        raise ValidationError(
            _("Follow up the comments of the returned parts first: %(opds)s.")
            % {"opds": ", ".join(r.unit.nama for r in unanswered)}
        )
    return stable_pins(persetujuan, pins_of(persetujuan))


@transaction.atomic
def persetujuan_consolidated(*, persetujuan: Persetujuan, plan: Plan, by: User) -> Persetujuan:
    """Adopt the re-optimised plan after checking it honours every lock and exclusion."""
    require_actor_instansi(by, persetujuan.cycle.instansi_id)
    pins = pins_of(persetujuan)
    pairs = set(PlanItem.objects.filter(plan=plan).values_list("pegawai_id", "kegiatan_id"))
    broken = (pins.locked - pairs) | (pins.excluded & pairs)
    if broken:
        raise ValidationError(
            _("The re-optimised plan breaks %(n)s leader decisions; it was not adopted.") % {"n": len(broken)}
        )
    p = Persetujuan.objects.select_for_update().get(pk=persetujuan.pk)
    require_stage(
        p, Tahap.DIKIRIM, Tahap.DRAF
    )  # a second consolidation run of the same version finds it adopted
    bump(p)
    before = snapshot(p, ["plan_id", "tahap"])
    p.plan_sebelum_id = p.plan_id
    p.plan = plan
    p.tahap = Tahap.DIKONSOLIDASI
    p.save()
    reopened = reviews_reopen(persetujuan=p, before_plan_id=p.plan_sebelum_id, pins=pins)
    audit_record(
        by=by,
        action="approval.consolidate",
        obj=p,
        before=before,
        after={**snapshot(p, ["plan_id", "tahap"]), "telaah_ulang": [r.unit.kode for r in reopened]},
    )
    notices.plan_consolidated(p)
    return p


def reviews_not_approved(persetujuan: Persetujuan) -> int:
    """The OPD reviews of this version that are not approved (still open, returned, or back for a new look)."""
    return persetujuan.reviews.exclude(status=ReviewOpd.Status.DISETUJUI).count()


@transaction.atomic
def persetujuan_set(
    *,
    persetujuan: Persetujuan,
    by: User,
    version: int,
    nomor: str,
    tanggal: dt.date,
    alasan_tanpa_telaah: str = "",
) -> Persetujuan:
    """The PPK sets the consolidated plan by decree; from now on it is frozen. While any OPD review is missing
    or returned, the PPK must say in writing why the plan is set anyway (recorded on the approval and audited)."""
    require_actor_instansi(by, persetujuan.cycle.instansi_id)
    require_role(by, Role.PPK, _("set the plan"))
    with claim(persetujuan, seen=version):
        require_stage(persetujuan, Tahap.DIKONSOLIDASI)
        if not nomor.strip():
            raise ValidationError({"nomor_keputusan": _("The decree number is required.")})
        if tanggal > timezone.localdate():
            raise ValidationError({"tanggal_keputusan": _("The decree date cannot be in the future.")})
        open_reviews = reviews_not_approved(persetujuan)
        reason = alasan_tanpa_telaah.strip()
        if open_reviews and not reason:
            raise ValidationError(
                {
                    "alasan_tanpa_telaah": _(
                        "%(n)s OPD reviews are not approved (missing or returned). To set the plan anyway, "
                        "write the reason for setting it without them."
                    )
                    % {"n": open_reviews}
                }
            )
        persetujuan.nomor_keputusan = nomor.strip()
        persetujuan.tanggal_keputusan = tanggal
        persetujuan.ditetapkan_oleh = by
        persetujuan.ditetapkan_pada = timezone.now()
        persetujuan.alasan_tanpa_telaah = reason if open_reviews else ""
        persetujuan.telaah_terbuka = open_reviews
        note = f"{nomor.strip()} / {tanggal.isoformat()}"
        if open_reviews:
            note += f" / {open_reviews} OPD: {reason}"
        move_stage(
            persetujuan,
            Tahap.DITETAPKAN,
            by,
            "approval.set",
            note=note,
            after={
                "nomor_keputusan": persetujuan.nomor_keputusan,
                "tanggal_keputusan": tanggal.isoformat(),
                "telaah_terbuka": open_reviews,
                "alasan_tanpa_telaah": persetujuan.alasan_tanpa_telaah,
            },
        )
        if persetujuan.amandemen_dari_id:
            old = Persetujuan.objects.select_for_update().get(pk=persetujuan.amandemen_dari_id)
            bump(old)
            move_stage(old, Tahap.DIGANTI, by, "approval.superseded", note=f"v{persetujuan.versi}")
        return persetujuan


@transaction.atomic
def persetujuan_amend(*, persetujuan: Persetujuan, by: User, version: int, alasan: str) -> Persetujuan:
    """Open a new version of a set plan; the set one stays in force until the amendment is set."""
    require_actor_instansi(by, persetujuan.cycle.instansi_id)
    require_role(by, Role.BKPSDM, _("amend a set plan"))
    with claim(persetujuan, seen=version):  # two amendments opened at once: the second is refused here
        require_stage(persetujuan, Tahap.DITETAPKAN)
        if not alasan.strip():
            raise ValidationError({"alasan_amandemen": _("Say why the plan is amended.")})
        if Persetujuan.objects.filter(amandemen_dari=persetujuan).exists():
            raise ValidationError(_("An amendment of this version is already open."))
        new = Persetujuan.objects.create(
            cycle=persetujuan.cycle,
            versi=persetujuan.versi + 1,
            plan=persetujuan.plan,
            amandemen_dari=persetujuan,
            alasan_amandemen=alasan.strip(),
        )
        audit_record(
            by=by, action="approval.amend", obj=new, after=snapshot(new, ["versi", "plan_id"]), note=alasan
        )
        return new
