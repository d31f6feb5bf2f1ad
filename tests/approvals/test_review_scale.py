"""Review at scale: the Kepala OPD's page filters, searches, sorts and pages with strict parameters (junk is a
400), its buttons follow each row's decision, bulk lock / exclude / restore act on the filtered selection in one
audited transaction (never excluding a mandatory activity), a swap is picked from the eligible employees, "approve"
asks to confirm a summary first, and the page's queries do not grow with the size of the part."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sibina.approvals import decisions, selectors, services
from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.audit.models import AuditEvent
from sibina.people.models import Pegawai, UnitKerja
from sibina.planning.models import Plan, PlanItem
from tests import factories as f
from tests.approvals.conftest import Actors
from tests.planning.conftest import Tiny


def today() -> dt.date:
    """Today in Binjai, read when asked: a module-level constant went stale when a run crossed midnight in
    Asia/Jakarta (17:00 UTC) and the services refused deadlines "in the past"."""
    return timezone.localdate()


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


@pytest.fixture
def sent(tiny: Tiny, actors: Actors, base_plan: Plan) -> Persetujuan:
    p = services.persetujuan_start(plan=base_plan, by=actors.bkpsdm)
    services.persetujuan_send(
        persetujuan=p, by=actors.bkpsdm, version=p.version, batas=today() + dt.timedelta(days=3)
    )
    p.refresh_from_db()
    return p


def _review(p: Persetujuan) -> ReviewOpd:
    return p.reviews.get(unit__kode="DINKES")


def _url(review: ReviewOpd, **query: str) -> str:
    url = reverse("web:approval_review", args=[review.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _ids(html: str) -> list[int]:
    return [int(chunk.split('"', 1)[0]) for chunk in html.split('data-item="')[1:]]


def _part(p: Persetujuan) -> list[PlanItem]:
    return list(PlanItem.objects.filter(plan=p.plan, pegawai__unit__kode="DINKES").select_related("kegiatan"))


# --- the page ---------------------------------------------------------------------------------------------------


def test_rows_show_position_and_unit_and_filters_narrow_them(
    tiny: Tiny, actors: Actors, sent: Persetujuan
) -> None:
    review = _review(sent)
    c = _client(actors.kepala)
    part = _part(sent)
    page = c.get(_url(review)).content.decode()
    assert sorted(_ids(page)) == sorted(i.pk for i in part)
    assert "Pengelola Data" in page and "Dinas Kesehatan" in page  # position title and unit in the rows

    course = [i.pk for i in part if i.kegiatan.kode == "KURSUS-INT"]
    assert course and sorted(
        _ids(c.get(_url(review, kegiatan=str(tiny.course.pk))).content.decode())
    ) == sorted(course)
    q2 = [i.pk for i in part if i.triwulan == 2]
    assert sorted(_ids(c.get(_url(review, triwulan="2")).content.decode())) == sorted(q2)
    job = tiny.pns[0].jabatan
    assert job is not None
    same_job = [i.pk for i in part if i.pegawai.jabatan_id == job.pk]
    assert sorted(_ids(c.get(_url(review, jabatan=str(job.pk))).content.decode())) == sorted(same_job)
    assert _ids(c.get(_url(review, q="PNS%201")).content.decode()) == [
        i.pk for i in sorted(part, key=lambda i: (i.kegiatan.judul, i.pk)) if i.pegawai.nama == "PNS 1"
    ]
    # A unit of the OPD (with its sub-units): a new Puskesmas has nobody in the plan.
    dinkes = UnitKerja.objects.get(instansi=tiny.instansi, kode="DINKES")
    pkm = UnitKerja.objects.create(
        instansi=tiny.instansi, parent=dinkes, kode="PKM-UJI", nama="Puskesmas Uji", jenis="UPTD"
    )
    assert _ids(c.get(_url(review, unit=str(pkm.pk))).content.decode()) == []
    assert sorted(_ids(c.get(_url(review, unit=str(dinkes.pk))).content.decode())) == sorted(
        i.pk for i in part
    )


def test_sort_by_column_both_ways(actors: Actors, sent: Persetujuan) -> None:
    review = _review(sent)
    c = _client(actors.kepala)
    by_cost = sorted(_part(sent), key=lambda i: (i.biaya, i.pegawai.nama, i.pk))
    assert _ids(c.get(_url(review, sort="biaya")).content.decode()) == [i.pk for i in by_cost]
    assert _ids(c.get(_url(review, sort="-biaya")).content.decode()) == [i.pk for i in reversed(by_cost)]
    page = c.get(_url(review, sort="biaya")).content.decode()
    assert "sort=-biaya" in page  # the sorted column's header reverses it


def test_decision_filter(actors: Actors, sent: Persetujuan) -> None:
    review = _review(sent)
    item = _part(sent)[0]
    decisions.item_decide(review=review, item=item, by=actors.kepala, version=item.version, jenis="KUNCI")
    c = _client(actors.kepala)
    assert _ids(c.get(_url(review, keputusan="KUNCI")).content.decode()) == [item.pk]
    assert item.pk not in _ids(c.get(_url(review, keputusan="NONE")).content.decode())
    assert _ids(c.get(_url(review, keputusan="KECUALI")).content.decode()) == []


@pytest.mark.parametrize(
    "query",
    [
        {"unit": "abc"},
        {"unit": "999999"},
        {"jabatan": "1x"},
        {"kegiatan": "-1"},
        {"triwulan": "5"},
        {"triwulan": "0"},
        {"keputusan": "MAYBE"},
        {"sort": "nip"},
        {"sort": "--biaya"},
        {"page": "abc"},
        {"page": "0"},
        {"q": "x" * 201},
    ],
)
def test_bad_parameters_are_400(actors: Actors, sent: Persetujuan, query: dict[str, str]) -> None:
    r = _client(actors.kepala).get(_url(_review(sent)), query)
    assert r.status_code == 400


def test_a_unit_of_another_opd_is_400(tiny: Tiny, actors: Actors, sent: Persetujuan) -> None:
    disdik = UnitKerja.objects.get(instansi=tiny.instansi, kode="DISDIK")
    assert _client(actors.kepala).get(_url(_review(sent), unit=str(disdik.pk))).status_code == 400


def test_buttons_follow_the_rows_state(tiny: Tiny, actors: Actors, sent: Persetujuan) -> None:
    review = _review(sent)
    part = {(i.pegawai.nama, i.kegiatan.kode): i for i in _part(sent)}
    keep, drop = part[("PNS 1", "KURSUS-INT")], part[("PNS 0", "KURSUS-INT")]
    latsar = part[("CPNS", "LATSAR")]
    decisions.item_decide(review=review, item=keep, by=actors.kepala, version=keep.version, jenis="KUNCI")
    decisions.item_decide(review=review, item=drop, by=actors.kepala, version=drop.version, jenis="KECUALI")
    html = _client(actors.kepala).get(_url(review)).content.decode()

    def row(item: PlanItem) -> str:
        return html.split(f'data-item="{item.pk}"', 1)[1].split("</tr>", 1)[0]

    assert 'value="KUNCI"' not in row(keep) and 'value="KECUALI"' in row(keep) and "pulihkan" in row(keep)
    assert 'value="KECUALI"' not in row(drop) and 'value="KUNCI"' in row(drop) and "pulihkan" in row(drop)
    assert "swap-pick" not in row(drop)  # an excluded pair is not swapped again
    assert 'value="KECUALI"' not in row(latsar) and "swap-pick" not in row(latsar)  # mandatory
    assert 'value="KUNCI"' in row(latsar)


# --- bulk -------------------------------------------------------------------------------------------------------


def _bulk(
    review: ReviewOpd, actors: Actors, aksi: str, flt: selectors.ReviewFilter, expected: int
) -> decisions.BulkOutcome:
    review.refresh_from_db()
    return decisions.items_bulk_decide(
        review=review, by=actors.kepala, version=review.version, aksi=aksi, selection=flt, expected=expected
    )


def test_bulk_lock_then_restore_the_filtered_selection(tiny: Tiny, actors: Actors, sent: Persetujuan) -> None:
    review = _review(sent)
    flt = selectors.ReviewFilter(kegiatan=tiny.elearning.pk)
    chosen = list(selectors.review_items(review=review, flt=flt))
    assert len(chosen) >= 2
    others = {i.pk: i.version for i in _part(sent) if i.kegiatan_id != tiny.elearning.pk}
    out = _bulk(review, actors, "KUNCI", flt, len(chosen))
    assert (out.changed, out.mandatory, out.swaps_undone) == (len(chosen), 0, 0)
    locked = set(Keputusan.objects.filter(jenis="KUNCI").values_list("pegawai_id", "kegiatan_id"))
    assert locked == {(i.pegawai_id, i.kegiatan_id) for i in chosen}
    assert all(i.version == 2 for i in PlanItem.objects.filter(pk__in=[i.pk for i in chosen]))
    assert {i.pk: i.version for i in PlanItem.objects.filter(pk__in=others)} == others  # the rest untouched
    event = AuditEvent.objects.get(aksi="approval.decision.bulk_kunci")
    assert (event.sesudah["count"], event.sesudah["filter"]) == (
        len(chosen),
        {"kegiatan": str(tiny.elearning.pk)},
    )
    assert not AuditEvent.objects.filter(
        aksi="approval.decision.kunci"
    ).exists()  # one event, not one per item

    # Locking the same selection again changes nothing; restoring takes every lock back.
    assert _bulk(review, actors, "KUNCI", flt, len(chosen)).changed == 0
    assert _bulk(review, actors, "PULIHKAN", flt, len(chosen)).changed == len(chosen)
    assert Keputusan.objects.count() == 0


def test_bulk_exclude_leaves_mandatory_items_and_replaces_locks(
    tiny: Tiny, actors: Actors, sent: Persetujuan
) -> None:
    review = _review(sent)
    part = _part(sent)
    latsar = [i for i in part if i.kegiatan_id == tiny.latsar.pk]
    assert len(latsar) == 1
    one = next(i for i in part if i.kegiatan_id == tiny.elearning.pk)
    decisions.item_decide(review=review, item=one, by=actors.kepala, version=one.version, jenis="KUNCI")
    flt = selectors.ReviewFilter()  # the whole part
    out = _bulk(review, actors, "KECUALI", flt, len(part))
    assert (out.changed, out.mandatory) == (len(part) - 1, 1)
    excluded = set(Keputusan.objects.filter(jenis="KECUALI").values_list("pegawai_id", "kegiatan_id"))
    assert (latsar[0].pegawai_id, latsar[0].kegiatan_id) not in excluded
    assert (one.pegawai_id, one.kegiatan_id) in excluded  # the lock was replaced
    assert not Keputusan.objects.filter(jenis="KUNCI").exists()


def test_bulk_restore_takes_a_swap_back_whole(tiny: Tiny, actors: Actors, sent: Persetujuan) -> None:
    review = _review(sent)
    drop = next(i for i in _part(sent) if i.pegawai.nama == "PNS 0" and i.kegiatan_id == tiny.course.pk)
    decisions.item_swap(review=review, item=drop, by=actors.kepala, version=drop.version, pegawai=tiny.pns[2])
    assert Keputusan.objects.count() == 2
    flt = selectors.ReviewFilter(q="PNS 0", kegiatan=tiny.course.pk)
    out = _bulk(review, actors, "PULIHKAN", flt, 1)
    assert (out.changed, out.swaps_undone, Keputusan.objects.count()) == (1, 1, 0)


def test_bulk_refusals_change_nothing(tiny: Tiny, actors: Actors, sent: Persetujuan) -> None:
    review = _review(sent)
    flt = selectors.ReviewFilter(kegiatan=tiny.elearning.pk)
    n = selectors.review_items(review=review, flt=flt).count()
    versions = dict(PlanItem.objects.values_list("pk", "version"))
    events = AuditEvent.objects.filter(aksi__startswith="approval.decision").count()

    def unchanged() -> None:
        assert Keputusan.objects.count() == 0
        assert dict(PlanItem.objects.values_list("pk", "version")) == versions
        assert AuditEvent.objects.filter(aksi__startswith="approval.decision").count() == events
        assert ReviewOpd.objects.get(pk=review.pk).version == 1

    with pytest.raises(ValidationError):  # the selection the head saw had another size
        _bulk(review, actors, "KUNCI", flt, n + 1)
    unchanged()
    with pytest.raises(ValidationError):  # a stale page
        decisions.items_bulk_decide(
            review=review, by=actors.kepala, version=7, aksi="KUNCI", selection=flt, expected=n
        )
    unchanged()
    with pytest.raises(ValidationError):
        _bulk(review, actors, "HAPUS", flt, n)
    unchanged()
    for who in (actors.kepala_other, actors.bkpsdm, actors.ppk):
        with pytest.raises(PermissionDenied):
            decisions.items_bulk_decide(
                review=review, by=who, version=1, aksi="KUNCI", selection=flt, expected=n
            )
    unchanged()
    decisions.review_decide(review=review, by=actors.kepala, version=1, setuju=True, komentar="")
    versions = dict(PlanItem.objects.values_list("pk", "version"))
    events = AuditEvent.objects.filter(aksi__startswith="approval.decision").count()
    with pytest.raises(ValidationError):  # already decided
        _bulk(review, actors, "KUNCI", flt, n)
    assert Keputusan.objects.count() == 0


@pytest.mark.parametrize("who", ["kepala_other", "auditor", "ppk", "bkpsdm", "pegawai"])
def test_bulk_page_is_the_own_heads_only(tiny: Tiny, actors: Actors, sent: Persetujuan, who: str) -> None:
    review = _review(sent)
    r = _client(getattr(actors, who)).post(
        reverse("web:approval_review_bulk", args=[review.pk]),
        {"version": "1", "expected": "3", "aksi": "KUNCI", "kegiatan": str(tiny.elearning.pk)},
    )
    assert r.status_code in (403, 404)
    assert Keputusan.objects.count() == 0


def test_bulk_through_the_page_keeps_the_filter(tiny: Tiny, actors: Actors, sent: Persetujuan) -> None:
    review = _review(sent)
    n = len([i for i in _part(sent) if i.kegiatan_id == tiny.elearning.pk])
    c = _client(actors.kepala)
    page = c.get(_url(review, kegiatan=str(tiny.elearning.pk))).content.decode()
    assert 'id="bulk-form"' in page and f'name="expected" value="{n}"' in page
    assert f'massal/?kegiatan={tiny.elearning.pk}&amp;page=1"' in page  # the page's state rides in the action
    r = c.post(
        reverse("web:approval_review_bulk", args=[review.pk]) + f"?kegiatan={tiny.elearning.pk}&page=1",
        {"version": "1", "expected": str(n), "aksi": "KUNCI", "kegiatan": str(tiny.elearning.pk)},
    )
    assert r.status_code == 302 and r["Location"].endswith(f"?kegiatan={tiny.elearning.pk}&page=1")
    assert Keputusan.objects.filter(jenis="KUNCI").count() == n
    assert (
        c.post(
            reverse("web:approval_review_bulk", args=[review.pk]),
            {"version": "2", "expected": str(n), "aksi": "KUNCI", "triwulan": "9"},
        ).status_code
        == 400
    )


def test_a_decision_returns_to_the_same_filtered_page(tiny: Tiny, actors: Actors, sent: Persetujuan) -> None:
    review = _review(sent)
    c = _client(actors.kepala)
    state = f"?kegiatan={tiny.course.pk}&keputusan=NONE&sort=-biaya&page=1"  # in KEEP order
    item = next(i for i in _part(sent) if i.kegiatan_id == tiny.course.pk)
    r = c.post(
        reverse("web:approval_review_item", args=[review.pk]) + state,
        {"item": item.pk, "version": item.version, "jenis": "KUNCI"},
    )
    assert r.status_code == 302 and r["Location"].endswith(state)
    assert c.get(r["Location"]).status_code == 200
    # A swap posts an activity code as "kegiatan" and a decision "keputusan=setuju": neither is the filter.
    r = c.post(
        reverse("web:approval_review_swap", args=[review.pk]) + state,
        {"item": item.pk, "version": item.version + 1, "kegiatan": "ELEARN"},
    )
    assert r.status_code == 302 and r["Location"].endswith(state)
    review.refresh_from_db()
    r = c.post(
        reverse("web:approval_review_decide", args=[review.pk]) + state,
        {"version": review.version, "keputusan": "setuju", "konfirmasi": "1"},
    )
    assert r.status_code == 302 and r["Location"].endswith(state)
    assert c.get(r["Location"]).status_code == 200


# --- swap by picking ------------------------------------------------------------------------------------------------


def test_swap_candidates_are_eligible_staff_of_the_opd_with_gap_and_cost(
    tiny: Tiny, actors: Actors, sent: Persetujuan
) -> None:
    review = _review(sent)
    drop = next(i for i in _part(sent) if i.pegawai.nama == "PNS 0" and i.kegiatan_id == tiny.course.pk)
    in_course = set(
        PlanItem.objects.filter(plan=sent.plan, kegiatan=tiny.course).values_list("pegawai_id", flat=True)
    )
    cands = selectors.swap_candidates(review=review, item=drop)
    names = [c.pegawai.nama for c in cands]
    assert all(c.pegawai.pk not in in_course for c in cands)
    assert "Kepala Disdik" not in names  # another OPD
    assert tiny.pns[2].pk not in in_course
    assert names[0] == "PNS 2" and cands[0].gap == 1  # the largest gap on the course's competency first
    assert tiny.cpns.nama in names and "Kepala Dinkes" in names  # no gap, still eligible, after
    assert all(c.cost == Decimal(2_000_000) for c in cands)

    # Latsar is for CPNS only: no PNS or PPPK is offered (the one CPNS is already in it).
    latsar = next(i for i in _part(sent) if i.kegiatan_id == tiny.latsar.pk)
    assert selectors.swap_candidates(review=review, item=latsar) == []


def test_swap_picked_from_the_list(tiny: Tiny, actors: Actors, sent: Persetujuan) -> None:
    review = _review(sent)
    drop = next(i for i in _part(sent) if i.pegawai.nama == "PNS 0" and i.kegiatan_id == tiny.course.pk)
    c = _client(actors.kepala)
    pick = c.get(reverse("web:approval_review_swap_pick", args=[review.pk]), {"item": drop.pk})
    assert pick.status_code == 200
    cands = selectors.swap_candidates(review=review, item=drop)
    assert cands and f'data-pegawai="{cands[0].pegawai.pk}"' in pick.content.decode()
    r = c.post(
        reverse("web:approval_review_swap", args=[review.pk]),
        {"item": drop.pk, "version": drop.version, "pegawai": cands[0].pegawai.pk},
    )
    assert r.status_code == 302
    lock = Keputusan.objects.get(jenis="KUNCI")
    assert (lock.pegawai_id, lock.kegiatan_id, lock.tukar.pegawai_id) == (  # type: ignore[union-attr]
        cands[0].pegawai.pk,
        tiny.course.pk,
        drop.pegawai_id,
    )
    # Not for the others; an item of another OPD's part is a 400 on the pick page.
    assert (
        _client(actors.auditor)
        .get(reverse("web:approval_review_swap_pick", args=[review.pk]), {"item": drop.pk})
        .status_code
        == 403
    )
    other = PlanItem.objects.filter(plan=sent.plan, pegawai__unit__kode="DISDIK").first()
    assert other is not None
    pick = reverse("web:approval_review_swap_pick", args=[review.pk])
    assert c.get(pick, {"item": other.pk}).status_code == 400


# --- approve with a confirmation ------------------------------------------------------------------------------------


def test_approve_shows_a_summary_and_asks_to_confirm(tiny: Tiny, actors: Actors, sent: Persetujuan) -> None:
    review = _review(sent)
    part = _part(sent)
    keep = part[0]
    decisions.item_decide(review=review, item=keep, by=actors.kepala, version=keep.version, jenis="KUNCI")
    c = _client(actors.kepala)
    url = reverse("web:approval_review_decide", args=[review.pk])
    r = c.post(url, {"version": "1", "keputusan": "setuju", "komentar": "Sesuai"})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="approve-summary"' in html and 'name="konfirmasi" value="1"' in html
    assert 'id="sum-locks">1<' in html and 'id="sum-exclusions">0' in html and 'id="sum-swaps">0<' in html
    summary = selectors.review_summary(review=review)
    assert (summary.items, summary.cost, summary.locks) == (len(part), sum(i.biaya for i in part), 1)
    review.refresh_from_db()
    assert (review.status, review.version) == ("MENUNGGU", 1)  # nothing decided yet

    c.post(url, {"version": "1", "keputusan": "setuju", "komentar": "Sesuai", "konfirmasi": "1"})
    review.refresh_from_db()
    assert (review.status, review.komentar) == ("DISETUJUI", "Sesuai")


def test_return_needs_no_confirmation(actors: Actors, sent: Persetujuan) -> None:
    review = _review(sent)
    _client(actors.kepala).post(
        reverse("web:approval_review_decide", args=[review.pk]),
        {"version": "1", "keputusan": "kembali", "komentar": "Kurang"},
    )
    review.refresh_from_db()
    assert review.status == "DIKEMBALIKAN"


# --- queries do not grow with the part ----------------------------------------------------------------------------


def _grow(tiny: Tiny, p: Persetujuan, n: int) -> None:
    """n more employees of Dinkes, each with an e-learning item in the plan under review."""
    dinkes = UnitKerja.objects.get(instansi=tiny.instansi, kode="DINKES")
    job = tiny.pns[0].jabatan
    people = [f.pegawai(tiny.instansi, dinkes, nama=f"Tambahan {i:04d}", jabatan=job) for i in range(n)]
    PlanItem.objects.bulk_create(
        PlanItem(plan=p.plan, pegawai=x, kegiatan=tiny.elearning, kelas=1, triwulan=1 + i % 4, biaya=0, jp=20)
        for i, x in enumerate(people)
    )


QUERY_LIMIT = 30


@pytest.mark.parametrize(
    "query", [{}, {"sort": "-biaya"}, {"keputusan": "NONE", "triwulan": "2"}, {"page": "2"}]
)
def test_review_page_queries_do_not_grow_with_the_part(
    tiny: Tiny,
    actors: Actors,
    sent: Persetujuan,
    django_assert_max_num_queries,
    query: dict[str, str],  # type: ignore[no-untyped-def]
) -> None:
    review = _review(sent)
    c = _client(actors.kepala)
    counts = []
    for grow in (60, 240):
        _grow(tiny, sent, grow)
        item = PlanItem.objects.filter(plan=sent.plan, pegawai__nama__startswith="Tambahan").last()
        assert item is not None
        decisions.item_decide(review=review, item=item, by=actors.kepala, version=item.version, jenis="KUNCI")
        with django_assert_max_num_queries(QUERY_LIMIT) as ctx:
            assert c.get(_url(review, **query)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert Pegawai.objects.filter(nama__startswith="Tambahan").count() == 300
