"""Two heads of the same OPD (or two tabs of one) decide at the same instant on the same version: the review
decision (approve vs return) and the decisions on plan items (lock vs exclude on one item, and on one pair
reached through a swap). Exactly one applies; the other is refused with the message; a pair is never both
locked and excluded; the version moves on by exactly one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from sibina.approvals import decisions, services
from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.audit.models import AuditEvent
from sibina.planning.models import Plan, PlanItem
from tests.approvals.conftest import Actors, actors, base_plan  # noqa: F401  (fixture re-export)
from tests.concurrency.conftest import STALE, concurrent, one_winner, race
from tests.planning.conftest import Tiny, tiny  # noqa: F401  (fixture re-export)

pytestmark = concurrent


def _sent(plan: Plan, actors: Actors) -> ReviewOpd:  # noqa: F811
    p = services.persetujuan_start(plan=plan, by=actors.bkpsdm)
    services.persetujuan_send(
        persetujuan=p, by=actors.bkpsdm, version=p.version, batas=timezone.localdate() + dt.timedelta(days=7)
    )
    return ReviewOpd.objects.get(persetujuan=p, unit__kode="DINKES")


def _item(plan: Plan, nama: str) -> PlanItem:
    return PlanItem.objects.get(plan=plan, pegawai__nama=nama, kegiatan__kode="KURSUS-INT")


def _both_locked_and_excluded() -> int:
    """Pairs of an approval that carry a lock and an exclusion at once (must always be none)."""
    locked = set(
        Keputusan.objects.filter(jenis="KUNCI").values_list("persetujuan_id", "pegawai_id", "kegiatan_id")
    )
    excluded = set(
        Keputusan.objects.filter(jenis="KECUALI").values_list("persetujuan_id", "pegawai_id", "kegiatan_id")
    )
    return len(locked & excluded)


def test_approve_and_return_at_once_one_applies(tiny: Tiny, actors: Actors, base_plan: Plan) -> None:  # noqa: F811
    review = _sent(base_plan, actors)
    seen = review.version

    def decide(setuju: bool, komentar: str) -> ReviewOpd:
        mine = ReviewOpd.objects.get(pk=review.pk)  # each request loads its own copy
        return decisions.review_decide(
            review=mine, by=actors.kepala, version=seen, setuju=setuju, komentar=komentar
        )

    outcomes = race(lambda: decide(True, ""), lambda: decide(False, "Prioritaskan PNS 2"))
    winner, applied = one_winner(outcomes)
    loser = outcomes[1 - winner]
    assert loser.message.startswith(
        f"{STALE} OPD review after you opened it (version {seen}, now {seen + 1}). Reload the page"
    )
    review.refresh_from_db()
    expected = ("DISETUJUI", "") if winner == 0 else ("DIKEMBALIKAN", "Prioritaskan PNS 2")
    assert (review.status, review.komentar, review.version) == (*expected, seen + 1)
    assert applied.value.version == seen + 1  # the winner's copy holds the new version
    assert AuditEvent.objects.filter(aksi__startswith="approval.review.").count() == 1


def test_lock_and_exclude_of_one_item_at_once_one_applies(
    tiny: Tiny,  # noqa: F811
    actors: Actors,  # noqa: F811
    base_plan: Plan,  # noqa: F811
) -> None:
    review = _sent(base_plan, actors)
    item = _item(base_plan, "PNS 1")
    seen = item.version

    def decide(jenis: str) -> Keputusan:
        return decisions.item_decide(
            review=ReviewOpd.objects.get(pk=review.pk),
            item=PlanItem.objects.get(pk=item.pk),
            by=actors.kepala,
            version=seen,
            jenis=jenis,
        )

    outcomes = race(lambda: decide("KUNCI"), lambda: decide("KECUALI"))
    winner, _applied = one_winner(outcomes)
    assert outcomes[1 - winner].message.startswith(
        f"{STALE} plan item after you opened it (version {seen}, now {seen + 1})."
    )
    assert list(Keputusan.objects.values_list("jenis", flat=True)) == [("KUNCI", "KECUALI")[winner]]
    item.refresh_from_db()
    assert item.version == seen + 1
    assert AuditEvent.objects.filter(aksi__startswith="approval.decision.").count() == 1
    assert _both_locked_and_excluded() == 0


def test_a_swap_onto_a_pair_and_its_exclusion_at_once_one_applies(
    tiny: Tiny,  # noqa: F811
    actors: Actors,  # noqa: F811
    base_plan: Plan,  # noqa: F811
) -> None:
    """Swapping PNS 1 in for PNS 0 locks the pair (PNS 1, course), while the other tab excludes that pair's own
    item: two items, two versions, one pair. Never both; exactly one applies."""
    review = _sent(base_plan, actors)
    out_item, pair_item = _item(base_plan, "PNS 0"), _item(base_plan, "PNS 1")
    seen_out, seen_pair = out_item.version, pair_item.version

    def swap() -> Keputusan:
        return decisions.item_swap(
            review=ReviewOpd.objects.get(pk=review.pk),
            item=PlanItem.objects.get(pk=out_item.pk),
            by=actors.kepala,
            version=seen_out,
            pegawai=tiny.pns[1],
        )

    def exclude() -> Keputusan:
        return decisions.item_decide(
            review=ReviewOpd.objects.get(pk=review.pk),
            item=PlanItem.objects.get(pk=pair_item.pk),
            by=actors.kepala,
            version=seen_pair,
            jenis="KECUALI",
        )

    outcomes = race(swap, exclude)
    winner, _applied = one_winner(outcomes)
    out_item.refresh_from_db()
    pair_item.refresh_from_db()
    taken = set(Keputusan.objects.values_list("pegawai__nama", "jenis"))
    if winner == 0:  # the swap came first: the exclusion was made on a copy the swap had moved on
        assert outcomes[1].message.startswith(f"{STALE} plan item after you opened it (version {seen_pair}")
        assert taken == {("PNS 0", "KECUALI"), ("PNS 1", "KUNCI")}
        assert (out_item.version, pair_item.version) == (seen_out + 1, seen_pair + 1)
    else:  # the exclusion came first: the swap would lock an excluded pair
        assert outcomes[0].message == (
            "PNS 1 is excluded from KURSUS-INT in this review; withdraw that exclusion before swapping them in."
        )
        assert taken == {("PNS 1", "KECUALI")}
        assert (out_item.version, pair_item.version) == (seen_out, seen_pair + 1)
    assert _both_locked_and_excluded() == 0


def test_the_database_refuses_a_pair_both_locked_and_excluded(
    tiny: Tiny,  # noqa: F811
    actors: Actors,  # noqa: F811
    base_plan: Plan,  # noqa: F811
) -> None:
    """The constraint under the service: whatever path a write takes, a lock and an exclusion of one pair in one
    approval cannot both be stored."""
    review = _sent(base_plan, actors)
    item = _item(base_plan, "PNS 1")
    decisions.item_decide(review=review, item=item, by=actors.kepala, version=item.version, jenis="KUNCI")
    with pytest.raises(IntegrityError), transaction.atomic():
        Keputusan.objects.create(
            persetujuan=Persetujuan.objects.get(),
            review=review,
            pegawai=item.pegawai,
            kegiatan=item.kegiatan,
            jenis="KECUALI",
            oleh=actors.kepala,
        )
    assert list(Keputusan.objects.values_list("jenis", flat=True)) == ["KUNCI"]
