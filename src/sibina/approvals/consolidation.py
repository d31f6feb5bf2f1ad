"""Stable consolidation: the re-optimisation after the OPD reviews changes only what somebody asked to change.

Everyone keeps exactly their items of the plan under approval except the employees a decision touches (a lock
not yet in the plan, an exclusion still in it, BKPSDM's follow-up of a returned comment), who keep their other
items and may only gain. Only when that admits no plan (a class left below its minimum, a lock that needs money
a shared budget frees only elsewhere) may they change freely, then the rest of the deciding OPDs and the parts
not approved, and last everyone (``planning.builder.Pins.attempts``). An approved part that still changed
goes back to its Kepala OPD for a new look. A returned part's comment is answered by BKPSDM before consolidating:
a written follow-up, and where the comment asks for it, an activity excluded from the part (for one job family
or for all)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sibina.approvals import domain
from sibina.approvals.guards import Tahap, require_role, require_stage
from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.approvals.selectors import mandatory_items, rows_of
from sibina.audit.services import audit_record
from sibina.people.models import Pegawai, StatusPegawai
from sibina.people.scope import require_actor_instansi
from sibina.planning.builder import Pins, Tier
from sibina.planning.models import PlanItem
from sibina.roles import Role
from sibina.versioning import bump, claim


def touched(pins: Pins, plan_id: int) -> set[int]:
    """The employees whose part a decision changes: a lock the plan lacks, an exclusion the plan still has."""
    current = set(PlanItem.objects.filter(plan_id=plan_id).values_list("pegawai_id", "kegiatan_id"))
    return {p for p, k in pins.locked if (p, k) not in current} | {
        p for p, k in pins.excluded if (p, k) in current
    }


def stable_pins(persetujuan: Persetujuan, pins: Pins) -> Pins:
    """``pins`` made stable against the plan under approval. The attempts, smallest change first: the touched
    employees keep their other items and may only gain; they may change freely; the rest of their OPDs and
    everyone outside the approved parts may change too; then everyone."""
    first = touched(pins, persetujuan.plan_id)
    staff = Pegawai.objects.filter(instansi_id=persetujuan.cycle.instansi_id, status=StatusPegawai.AKTIF)
    reviews = list(persetujuan.reviews.select_related("unit"))
    paths = {e: path or "" for e, path in staff.values_list("id", "unit__path")}
    deciding = {r.unit.path for r in reviews if any(paths.get(e, "").startswith(r.unit.path) for e in first)}
    settled = {r.unit.path for r in reviews if r.status == ReviewOpd.Status.DISETUJUI} - deciding
    wider = first | {e for e, path in paths.items() if not any(path.startswith(u) for u in settled)}
    tiers = [Tier(free=frozenset(), grow=frozenset(first)), Tier(free=frozenset(first))]
    if wider != first and len(wider) < len(paths):
        tiers.append(Tier(free=frozenset(wider)))
    return replace(pins, keep_from=persetujuan.plan_id, tiers=tuple(tiers))


def forced_changes(
    *, before_plan_id: int, after_plan_id: int, pins: Pins, opd_paths: dict[int, str]
) -> dict[int, int]:
    """OPD (unit id) -> items of its part changed for employees no decision touched: changes the part's Kepala
    OPD did not ask for (a shared budget forced them), which send an approved part back for a new look."""
    free = touched(pins, before_plan_id)
    changes = domain.plan_diff(
        rows_of(before_plan_id), rows_of(after_plan_id), locked=set(pins.locked), excluded=set(pins.excluded)
    )
    moved = {c.pair[0] for c in changes if c.pair[0] not in free}
    paths = dict(Pegawai.objects.filter(pk__in=moved).values_list("id", "unit__path"))
    out: dict[int, int] = defaultdict(int)
    for c in changes:
        path = paths.get(c.pair[0])
        opd = next((u for u, p in opd_paths.items() if path and path.startswith(p)), None)
        if opd is not None:
            out[opd] += 1
    return dict(out)


def reviews_reopen(*, persetujuan: Persetujuan, before_plan_id: int, pins: Pins) -> list[ReviewOpd]:
    """After adopting a consolidated plan: every approved part it still changed goes back to its Kepala OPD
    (status awaiting review again, with the number of changes); returns those reviews. Inside the adoption's
    transaction."""
    reviews = list(persetujuan.reviews.select_for_update().select_related("unit"))
    changed = forced_changes(
        before_plan_id=before_plan_id,
        after_plan_id=persetujuan.plan_id,
        pins=pins,
        opd_paths={r.unit_id: r.unit.path for r in reviews},
    )
    reopened = []
    for review in reviews:
        n = changed.get(review.unit_id, 0)
        if review.status == ReviewOpd.Status.DISETUJUI and n:
            bump(review)  # a decision form opened on the approved part is refused: the part has changed
            review.status = ReviewOpd.Status.MENUNGGU
            review.perubahan_konsolidasi = n
            review.save(update_fields=["status", "perubahan_konsolidasi"])
            reopened.append(review)
        elif review.perubahan_konsolidasi and not n:
            review.perubahan_konsolidasi = 0
            review.save(update_fields=["perubahan_konsolidasi"])
    return reopened


# --- BKPSDM answers a returned part's comment --------------------------------------------------------------------


def follow_up_missing(persetujuan: Persetujuan) -> list[ReviewOpd]:
    """Returned parts whose comment BKPSDM has not answered yet (consolidating waits for them)."""
    return list(
        persetujuan.reviews.filter(status=ReviewOpd.Status.DIKEMBALIKAN, tindak_lanjut="").select_related(
            "unit"
        )
    )


@transaction.atomic
def review_follow_up(
    *,
    review: ReviewOpd,
    by: User,
    version: int,
    tindak_lanjut: str,
    kegiatan_id: int | None = None,
    rumpun: str = "",
) -> int:
    """BKPSDM's answer to a returned part's comment: what it does about it, written down, and where the comment
    asks for it, one activity excluded from the part, for one job family (``rumpun``) or for everyone in the
    part. Mandatory items and items the Kepala OPD locked stay. Returns the number of items excluded."""
    require_actor_instansi(by, review.persetujuan.cycle.instansi_id)
    require_role(by, Role.BKPSDM, _("follow up an OPD's comment"))
    text = tindak_lanjut.strip()
    with claim(review, seen=version):
        require_stage(review.persetujuan, Tahap.DIKIRIM)
        if review.status != ReviewOpd.Status.DIKEMBALIKAN:
            raise ValidationError(_("Only a part returned with comments is followed up."))
        if not text:
            raise ValidationError({"tindak_lanjut": _("Write what BKPSDM does about the comment.")})
        excluded = 0
        if kegiatan_id is not None:
            excluded = _exclude(review, by, kegiatan_id, rumpun, text)
        review.tindak_lanjut = text
        review.ditindaklanjuti_pada = timezone.now()
        review.save(update_fields=["tindak_lanjut", "ditindaklanjuti_pada"])
        audit_record(
            by=by,
            action="approval.follow_up",
            obj=review,
            after={
                "tindak_lanjut": text,
                "kegiatan_id": kegiatan_id,
                "rumpun": rumpun,
                "dikecualikan": excluded,
            },
        )
        return excluded


def _exclude(review: ReviewOpd, by: User, kegiatan_id: int, rumpun: str, note: str) -> int:
    p = review.persetujuan
    items = PlanItem.objects.filter(
        plan_id=p.plan_id, kegiatan_id=kegiatan_id, pegawai__unit__path__startswith=review.unit.path
    ).select_related("pegawai", "kegiatan")
    if rumpun:
        items = items.filter(pegawai__jabatan__rumpun=rumpun)
    rows = list(items)
    if not rows:
        raise ValidationError({"kegiatan": _("No item of this activity in the part matches.")})
    decided = {
        (e, k): jenis
        for e, k, jenis in Keputusan.objects.filter(
            persetujuan=p, jenis__in=[Keputusan.Jenis.KUNCI, Keputusan.Jenis.KECUALI]
        ).values_list("pegawai_id", "kegiatan_id", "jenis")
    }
    keep = mandatory_items(cycle=p.cycle, items=rows)
    new = [
        Keputusan(
            persetujuan=p,
            review=review,
            pegawai_id=i.pegawai_id,
            kegiatan_id=i.kegiatan_id,
            jenis=Keputusan.Jenis.KECUALI,
            catatan=note,
            oleh=by,
            tindak_lanjut=True,
        )
        for i in rows
        if i.pk not in keep and (i.pegawai_id, i.kegiatan_id) not in decided
    ]
    if not new:
        already = any(decided.get((i.pegawai_id, i.kegiatan_id)) == Keputusan.Jenis.KECUALI for i in rows)
        raise ValidationError(
            {
                "kegiatan": _("These items are already excluded.")
                if already
                else _("Every matching item is mandatory or locked by the Kepala OPD; nothing was excluded.")
            }
        )
    Keputusan.objects.bulk_create(new)
    return len(new)
