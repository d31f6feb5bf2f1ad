"""Writes of the approval workflow. Each is atomic, checks the role and the stage, claims the version the user
saw (``sibina.versioning``: of two edits made on the same version exactly one applies, the other is refused),
and writes one audit event. A Kepala OPD's decisions lock their review's row first, so decisions on one OPD's
part apply one at a time and always see each other."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sibina.approvals import domain, selectors
from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.audit.models import AuditEvent
from sibina.audit.services import audit_record, snapshot
from sibina.catalogue.models import Kegiatan
from sibina.people.models import Pegawai, UnitKerja
from sibina.people.scope import require_actor_instansi, scope_for
from sibina.planning.builder import Pins, pair_ineligible, pair_mandatory
from sibina.planning.models import Plan, PlanCycle, PlanItem
from sibina.planning.reasons import ineligible_reason
from sibina.roles import Role, role_of
from sibina.versioning import bump, check, claim

Tahap = Persetujuan.Tahap


# --- guards -------------------------------------------------------------------------------------------


def _require(user: User, role: Role, what: str) -> None:
    if role_of(user) != role:
        raise PermissionDenied(_("Only %(role)s may %(what)s.") % {"role": role.value, "what": what})


def _stage(p: Persetujuan, *allowed: str) -> None:
    if p.tahap not in allowed:
        raise ValidationError(
            _("The plan is at the stage “%(stage)s”; this step is not possible now.")
            % {"stage": p.get_tahap_display()}
        )


def _move(
    p: Persetujuan, target: str, by: User, action: str, note: str = "", after: dict[str, object] | None = None
) -> None:
    """Change the stage of an approval whose version the caller has already claimed or bumped."""
    if not domain.may_move(p.tahap, target):
        raise ValidationError(_("The plan cannot go from this stage to that one."))
    before = {"tahap": p.tahap}
    p.tahap = target
    p.save()
    audit_record(
        by=by, action=action, obj=p, before=before, after={"tahap": target, **(after or {})}, note=note
    )


# --- BKPSDM: draft, send, consolidate, amend ---------------------------------------------------------------


@transaction.atomic
def persetujuan_start(*, plan: Plan, by: User) -> Persetujuan:
    """Put an optimised base plan up for approval (replacing a draft that was never sent)."""
    require_actor_instansi(by, plan.cycle.instansi_id)
    _require(by, Role.BKPSDM, _("put a plan up for approval"))
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
    _require(by, Role.BKPSDM, _("send the plan to the OPDs"))
    with claim(persetujuan, seen=version):
        _stage(persetujuan, Tahap.DRAF, Tahap.DIKONSOLIDASI)
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
                review.save(update_fields=["status", "batas"])
        _move(
            persetujuan,
            Tahap.DIKIRIM,
            by,
            "approval.send",
            note=_("%(n)s OPDs, deadline %(d)s") % {"n": len(units), "d": batas},
        )
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
    _require(by, Role.BKPSDM, _("consolidate the plan"))
    check(persetujuan, seen=version)  # the adoption, later, locks the row and checks the stage again
    _stage(persetujuan, Tahap.DIKIRIM, Tahap.DRAF)
    if persetujuan.tahap == Tahap.DRAF and persetujuan.amandemen_dari_id is None:
        raise ValidationError(_("Send the plan to the OPDs for review before consolidating it."))
    pending = persetujuan.reviews.filter(status=ReviewOpd.Status.MENUNGGU).count()
    if pending and not force:
        raise ValidationError(
            _("%(n)s OPD reviews are still open. Wait for them, or consolidate without them explicitly.")
            % {"n": pending}
        )
    return pins_of(persetujuan)


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
    _stage(p, Tahap.DIKIRIM, Tahap.DRAF)  # a second consolidation run of the same version finds it adopted
    bump(p)
    before = snapshot(p, ["plan_id", "tahap"])
    p.plan_sebelum_id = p.plan_id
    p.plan = plan
    p.tahap = Tahap.DIKONSOLIDASI
    p.save()
    audit_record(
        by=by, action="approval.consolidate", obj=p, before=before, after=snapshot(p, ["plan_id", "tahap"])
    )
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
    _require(by, Role.PPK, _("set the plan"))
    with claim(persetujuan, seen=version):
        _stage(persetujuan, Tahap.DIKONSOLIDASI)
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
        _move(
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
            _move(old, Tahap.DIGANTI, by, "approval.superseded", note=f"v{persetujuan.versi}")
        return persetujuan


@transaction.atomic
def persetujuan_amend(*, persetujuan: Persetujuan, by: User, version: int, alasan: str) -> Persetujuan:
    """Open a new version of a set plan; the set one stays in force until the amendment is set."""
    require_actor_instansi(by, persetujuan.cycle.instansi_id)
    _require(by, Role.BKPSDM, _("amend a set plan"))
    with claim(persetujuan, seen=version):  # two amendments opened at once: the second is refused here
        _stage(persetujuan, Tahap.DITETAPKAN)
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


# --- Kepala OPD: decisions on their part, then approve or return ------------------------------------------------


def _may_review(review: ReviewOpd, by: User) -> None:
    require_actor_instansi(by, review.persetujuan.cycle.instansi_id)
    _require(by, Role.KEPALA_OPD, _("review an OPD's part of the plan"))
    scope = scope_for(by)
    if scope.opd is None or scope.opd.pk != review.unit_id:
        raise PermissionDenied(_("This is not your OPD's review."))


def _open(review: ReviewOpd) -> None:
    _stage(review.persetujuan, Tahap.DIKIRIM)
    if review.status != ReviewOpd.Status.MENUNGGU:
        raise ValidationError(_("This review has already been decided."))


def _my_review(review: ReviewOpd, by: User) -> ReviewOpd:
    """The head's own open review, its row locked until commit: decisions on one OPD's part apply one at a time
    (two at once on one pair, or on pairs a swap ties together, cannot both pass their checks)."""
    _may_review(review, by)
    locked = (
        ReviewOpd.objects.select_for_update(of=("self",))
        .select_related("persetujuan", "unit")
        .get(pk=review.pk)
    )
    _open(locked)
    return locked


def _item_in_review(item: PlanItem, review: ReviewOpd) -> None:
    if item.plan_id != review.persetujuan.plan_id or not item.pegawai.unit.path.startswith(review.unit.path):
        raise PermissionDenied(_("This plan item is not part of your OPD's review."))


def _decide(
    *,
    review: ReviewOpd,
    by: User,
    pegawai: Pegawai,
    kegiatan: Kegiatan,
    jenis: str,
    catatan: str = "",
    tukar: Keputusan | None = None,
) -> Keputusan:
    """Record one decision on a pair; a lock replaces an exclusion of the same pair and vice versa (the caller
    has claimed the version of the item that showed the pair, so the person saw what is replaced)."""
    opposite: dict[str, str] = {
        Keputusan.Jenis.KUNCI: Keputusan.Jenis.KECUALI,
        Keputusan.Jenis.KECUALI: Keputusan.Jenis.KUNCI,
    }
    if jenis in opposite:
        Keputusan.objects.filter(
            persetujuan=review.persetujuan, pegawai=pegawai, kegiatan=kegiatan, jenis=opposite[jenis]
        ).delete()
    try:
        k, _created = Keputusan.objects.update_or_create(
            persetujuan=review.persetujuan,
            pegawai=pegawai,
            kegiatan=kegiatan,
            jenis=jenis,
            defaults={"review": review, "catatan": catatan, "oleh": by, "tukar": tukar},
        )
    except (
        IntegrityError
    ) as exc:  # the constraint "never both locked and excluded"; the review lock prevents it
        raise ValidationError(
            _("Someone else decided on %(name)s × %(activity)s meanwhile. Reload the page and try again.")
            % {"name": pegawai.nama, "activity": kegiatan.judul}
        ) from exc
    audit_record(
        by=by,
        action=f"approval.decision.{jenis.lower()}",
        obj=k,
        after={"pegawai": pegawai.nip, "kegiatan": kegiatan.kode, "jenis": jenis, "catatan": catatan},
        label=f"{pegawai.nip} × {kegiatan.kode}",
    )
    return k


@transaction.atomic
def item_decide(
    *, review: ReviewOpd, item: PlanItem, by: User, version: int, jenis: str, catatan: str = ""
) -> Keputusan:
    """Lock, exclude or annotate one item of the OPD's part."""
    review = _my_review(review, by)
    _item_in_review(item, review)
    with claim(item, seen=version):
        if jenis not in Keputusan.Jenis.values:
            raise ValidationError({"jenis": _("Unknown decision.")})
        if jenis == Keputusan.Jenis.CATATAN and not catatan.strip():
            raise ValidationError({"catatan": _("Write the priority note.")})
        if jenis == Keputusan.Jenis.KECUALI and pair_mandatory(
            cycle=review.persetujuan.cycle, pegawai=item.pegawai, kegiatan=item.kegiatan
        ):
            raise ValidationError(_("This activity is mandatory for this employee and cannot be excluded."))
        return _decide(
            review=review,
            by=by,
            pegawai=item.pegawai,
            kegiatan=item.kegiatan,
            jenis=jenis,
            catatan=catatan.strip(),
        )


@transaction.atomic
def item_swap(
    *,
    review: ReviewOpd,
    item: PlanItem,
    by: User,
    version: int,
    pegawai: Pegawai | None = None,
    kegiatan: Kegiatan | None = None,
    catatan: str = "",
) -> Keputusan:
    """Swap the person or the activity: the old pair is excluded, the new one locked (it must be eligible)."""
    review = _my_review(review, by)
    _item_in_review(item, review)
    with claim(item, seen=version):
        new_p = pegawai or item.pegawai
        new_k = kegiatan or item.kegiatan
        if (new_p.pk, new_k.pk) == (item.pegawai_id, item.kegiatan_id):
            raise ValidationError(_("Choose another employee or another activity to swap in."))
        if new_p.unit is None or not new_p.unit.path.startswith(review.unit.path):
            raise ValidationError({"pegawai": _("The employee swapped in must belong to your OPD.")})
        if new_k.instansi_id != item.kegiatan.instansi_id:
            raise ValidationError({"kegiatan": _("The activity must be in this agency's catalogue.")})
        why = pair_ineligible(pegawai=new_p, kegiatan=new_k)
        if why:
            raise ValidationError(
                _("%(name)s may not attend %(activity)s: %(why)s")
                % {"name": new_p.nama, "activity": new_k.judul, "why": ineligible_reason(why)}
            )
        if pair_mandatory(cycle=review.persetujuan.cycle, pegawai=item.pegawai, kegiatan=item.kegiatan):
            raise ValidationError(
                _("This activity is mandatory for this employee and cannot be swapped out.")
            )
        if Keputusan.objects.filter(
            persetujuan=review.persetujuan, pegawai=new_p, kegiatan=new_k, jenis=Keputusan.Jenis.KECUALI
        ).exists():
            raise ValidationError(
                _(
                    "%(name)s is excluded from %(activity)s in this review; withdraw that exclusion before "
                    "swapping them in."
                )
                % {"name": new_p.nama, "activity": new_k.judul}
            )
        # The pair swapped in may be another item of the plan: its form is now stale too.
        for other in PlanItem.objects.filter(plan_id=item.plan_id, pegawai=new_p, kegiatan=new_k):
            bump(other)
        out = _decide(
            review=review,
            by=by,
            pegawai=item.pegawai,
            kegiatan=item.kegiatan,
            jenis=Keputusan.Jenis.KECUALI,
            catatan=catatan,
        )
        return _decide(
            review=review,
            by=by,
            pegawai=new_p,
            kegiatan=new_k,
            jenis=Keputusan.Jenis.KUNCI,
            catatan=catatan,
            tukar=out,
        )


@transaction.atomic
def keputusan_withdraw(*, keputusan: Keputusan, by: User) -> None:
    """Take a decision back; a swap is taken back whole (its exclusion and its lock)."""
    _my_review(keputusan.review, by)
    ids = {keputusan.pk}
    if keputusan.tukar_id is not None:
        ids.add(keputusan.tukar_id)
    ids |= set(Keputusan.objects.filter(tukar_id__in=ids).values_list("pk", flat=True))
    for k in Keputusan.objects.filter(pk__in=ids):
        audit_record(
            by=by, action="approval.decision.withdraw", obj=k, before={"jenis": k.jenis}, label=str(k)
        )
    Keputusan.objects.filter(pk__in=ids).delete()


class BulkAction:
    KUNCI = "KUNCI"  # lock every selected pair
    KECUALI = "KECUALI"  # exclude every selected pair (mandatory ones are left as they are)
    PULIHKAN = "PULIHKAN"  # take back every lock and exclusion of the selected pairs (a swap whole)
    ALL = (KUNCI, KECUALI, PULIHKAN)


@dataclass(frozen=True)
class BulkOutcome:
    changed: int  # pairs whose decision changed
    mandatory: int  # pairs left as they were because the activity is mandatory for the employee
    swaps_undone: int  # decisions of swaps taken back with them


BATCH = 500  # ids per IN (...) list


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)]


def _delete_with_swaps(ids: set[int], review: ReviewOpd) -> set[tuple[int, int]]:
    """Delete these decisions and the other half of any swap they belong to; returns the pairs of those other
    halves (decisions the head did not select directly)."""
    every = set(ids)
    while True:
        linked = set()
        for chunk in _chunks(sorted(every)):
            rows = Keputusan.objects.filter(review=review).filter(
                Q(pk__in=chunk, tukar__isnull=False) | Q(tukar_id__in=chunk)
            )
            for pk, tukar in rows.values_list("pk", "tukar_id"):
                linked.add(pk)
                if tukar is not None:
                    linked.add(tukar)
        grown = every | linked
        if grown == every:
            break
        every = grown
    extra = set(Keputusan.objects.filter(pk__in=sorted(every - ids)).values_list("pegawai_id", "kegiatan_id"))
    for chunk in _chunks(sorted(every)):
        Keputusan.objects.filter(pk__in=chunk).delete()
    return extra


@transaction.atomic
def items_bulk_decide(
    *,
    review: ReviewOpd,
    by: User,
    version: int,
    aksi: str,
    selection: selectors.ReviewFilter,
    expected: int,
    catatan: str = "",
) -> BulkOutcome:
    """Lock, exclude or restore every item of the OPD's part that matches ``selection`` (the filter the head
    sees), in one transaction with one audit event. ``version`` is the review's, ``expected`` the number of
    items the head saw selected: if either moved meanwhile, nothing is done. A mandatory activity is never
    excluded (the same rule as for one item); those pairs are counted and left as they are."""
    if aksi not in BulkAction.ALL:
        raise ValidationError({"aksi": _("Unknown bulk action.")})
    review = _my_review(review, by)
    with claim(review, seen=version):
        items = list(selectors.review_items(review=review, flt=selection))
        if len(items) != expected:
            raise ValidationError(
                {
                    "expected": _(
                        "The selection changed since you saw it (%(now)s items now, %(seen)s then). Reload "
                        "the page and try again; nothing was saved."
                    )
                    % {"now": len(items), "seen": expected}
                }
            )
        if not items:
            raise ValidationError({"expected": _("No item is selected.")})
        current: dict[tuple[int, int], Keputusan] = {
            (k.pegawai_id, k.kegiatan_id): k
            for k in Keputusan.objects.filter(
                persetujuan=review.persetujuan, jenis__in=[Keputusan.Jenis.KUNCI, Keputusan.Jenis.KECUALI]
            )
        }
        mandatory: set[int] = set()
        if aksi == BulkAction.KECUALI:
            mandatory = selectors.mandatory_items(cycle=review.persetujuan.cycle, items=items)
        targets = [i for i in items if i.pk not in mandatory]
        drop = {
            k.pk
            for i in targets
            if (k := current.get((i.pegawai_id, i.kegiatan_id))) is not None
            and (aksi == BulkAction.PULIHKAN or k.jenis != aksi)
        }
        touched = {(k.pegawai_id, k.kegiatan_id) for k in current.values() if k.pk in drop}
        swap_pairs = _delete_with_swaps(drop, review) if drop else set()
        if aksi != BulkAction.PULIHKAN:
            # After the deletions (a swap taken back may have taken a lock of the selection with it): every
            # selected pair not yet in the asked state gets the decision, once however many classes it is in.
            now = set(
                Keputusan.objects.filter(persetujuan=review.persetujuan, jenis=aksi).values_list(
                    "pegawai_id", "kegiatan_id"
                )
            )
            fresh = {(i.pegawai_id, i.kegiatan_id) for i in targets} - now
            Keputusan.objects.bulk_create(
                [
                    Keputusan(
                        persetujuan=review.persetujuan,
                        review=review,
                        pegawai_id=pegawai_id,
                        kegiatan_id=kegiatan_id,
                        jenis=aksi,
                        catatan=catatan.strip(),
                        oleh=by,
                    )
                    for pegawai_id, kegiatan_id in sorted(fresh)
                ],
                batch_size=BATCH,
            )
            touched |= fresh
        changed = [i for i in items if (i.pegawai_id, i.kegiatan_id) in touched]
        # Every item whose decision changed moves on (a form opened before this is refused), the items of the
        # swaps taken back with them too.
        stale_ids = [i.pk for i in changed]
        if swap_pairs:
            q = Q()
            for pegawai_id, kegiatan_id in swap_pairs:
                q |= Q(pegawai_id=pegawai_id, kegiatan_id=kegiatan_id)
            stale_ids += list(
                PlanItem.objects.filter(q, plan_id=review.persetujuan.plan_id).values_list("pk", flat=True)
            )
        for chunk in _chunks(sorted(set(stale_ids))):
            PlanItem.objects.filter(pk__in=chunk).update(version=F("version") + 1)
        swaps_undone = len(swap_pairs)
        outcome = BulkOutcome(changed=len(changed), mandatory=len(mandatory), swaps_undone=swaps_undone)
        audit_record(
            by=by,
            action=f"approval.decision.bulk_{aksi.lower()}",
            obj=review,
            after={
                "aksi": aksi,
                "count": outcome.changed,
                "selected": len(items),
                "mandatory_kept": outcome.mandatory,
                "swaps_undone": outcome.swaps_undone,
                "filter": selection.as_params(),
            },
            note=_("%(n)s of %(m)s selected items") % {"n": outcome.changed, "m": len(items)},
        )
        return outcome


@transaction.atomic
def review_decide(*, review: ReviewOpd, by: User, version: int, setuju: bool, komentar: str) -> ReviewOpd:
    """Approve the OPD's part (with an optional comment) or return it (a comment is required)."""
    _may_review(review, by)
    # The version before the status: of two decisions at once, the second hears "changed", not "decided".
    with claim(review, seen=version):
        _open(review)
        if not setuju and not komentar.strip():
            raise ValidationError({"komentar": _("Say why you return the plan.")})
        before = snapshot(review, ["status", "komentar"])
        review.status = ReviewOpd.Status.DISETUJUI if setuju else ReviewOpd.Status.DIKEMBALIKAN
        review.komentar = komentar.strip()
        review.oleh = by
        review.diputuskan_pada = timezone.now()
        review.save(update_fields=["status", "komentar", "oleh", "diputuskan_pada"])
        audit_record(
            by=by,
            action="approval.review." + ("approve" if setuju else "return"),
            obj=review,
            before=before,
            after=snapshot(review, ["status", "komentar"]),
        )
        return review


# --- deadlines ----------------------------------------------------------------------------------------------


def kepala_users(unit: UnitKerja) -> list[User]:
    """The accounts acting as Kepala OPD for this OPD."""
    return list(
        User.objects.filter(
            groups__name=Role.KEPALA_OPD.value,
            pegawai__unit__path__startswith=unit.path,
            is_active=True,
        ).distinct()
    )


def ppk_users(instansi_id: int) -> list[User]:
    return list(
        User.objects.filter(groups__name=Role.PPK.value, is_active=True)
        .filter(pegawai__instansi_id=instansi_id)
        .distinct()
    )


def setting_remind(*, today: dt.date, by: User | None = None) -> int:
    """Remind the PPK of a consolidated plan whose deadline for setting it has passed (once a day)."""
    sent = 0
    late = Persetujuan.objects.filter(tahap=Tahap.DIKONSOLIDASI, batas_penetapan__lt=today).select_related(
        "cycle"
    )
    for p in late:
        last = (
            AuditEvent.objects.filter(aksi="approval.set.remind", objek_id=str(p.pk))
            .order_by("-waktu")
            .values_list("waktu", flat=True)
            .first()
        )
        already = last is not None and timezone.localdate(last) >= timezone.localdate()
        if already:
            continue
        to = [u.email for u in ppk_users(p.cycle.instansi_id) if u.email]
        if to:
            send_mail(
                _("SiBina: the %(year)s plan is waiting to be set") % {"year": p.cycle.tahun},
                _("The consolidated plan was due to be set on %(date)s. Please set it in SiBina.")
                % {"date": p.batas_penetapan},
                None,
                to,
            )
        audit_record(by=by, action="approval.set.remind", obj=p, note=", ".join(to))
        sent += 1
    return sent


def reviews_remind(*, today: dt.date, by: User | None = None) -> int:
    """Remind the heads of OPDs whose review is overdue (once a day at most). Returns reminders sent."""
    sent = 0
    overdue = ReviewOpd.objects.filter(
        persetujuan__tahap=Tahap.DIKIRIM, status=ReviewOpd.Status.MENUNGGU, batas__lt=today
    ).select_related("unit", "persetujuan__cycle")
    for review in overdue:
        # "today" decides what is overdue; reminding at most once a calendar day goes by the clock.
        if review.diingatkan_pada and timezone.localdate(review.diingatkan_pada) >= timezone.localdate():
            continue
        to = [u.email for u in kepala_users(review.unit) if u.email]
        if to:
            send_mail(
                _("SiBina: your review of the %(year)s plan is overdue")
                % {"year": review.persetujuan.cycle.tahun},
                _(
                    "The review of %(unit)s was due on %(date)s. Please review and approve or return it in SiBina."
                )
                % {"unit": review.unit.nama, "date": review.batas},
                None,
                to,
            )
        with transaction.atomic():
            review.diingatkan_pada = timezone.now()
            review.save(update_fields=["diingatkan_pada"])
            audit_record(by=by, action="approval.review.remind", obj=review, note=", ".join(to))
        sent += 1
    return sent
