"""The Kepala OPD's writes on their OPD's part of the plan: lock, exclude, swap, bulk decisions, withdraw, approve
or return. Each is atomic, checks the role and the stage (``approvals.guards``) and writes one audit event; the
review's row is locked first, so decisions on one OPD's part apply one at a time and always see each other."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sibina.approvals import selectors
from sibina.approvals.guards import Tahap, require_role, require_stage
from sibina.approvals.models import Keputusan, ReviewOpd
from sibina.audit.services import audit_record, snapshot
from sibina.catalogue.models import Kegiatan
from sibina.people.models import Pegawai
from sibina.people.scope import require_actor_instansi, scope_for
from sibina.planning.builder import pair_ineligible, pair_mandatory
from sibina.planning.models import PlanItem
from sibina.planning.reasons import ineligible_reason
from sibina.roles import Role
from sibina.versioning import bump, bump_many, claim

# --- Kepala OPD: decisions on their part, then approve or return ------------------------------------------------


def _may_review(review: ReviewOpd, by: User) -> None:
    require_actor_instansi(by, review.persetujuan.cycle.instansi_id)
    require_role(by, Role.KEPALA_OPD, _("review an OPD's part of the plan"))
    scope = scope_for(by)
    if scope.opd is None or scope.opd.pk != review.unit_id:
        raise PermissionDenied(_("This is not your OPD's review."))


def _open(review: ReviewOpd) -> None:
    require_stage(review.persetujuan, Tahap.DIKIRIM)
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
            bump_many(PlanItem.objects.filter(pk__in=chunk))
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
