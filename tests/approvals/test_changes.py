"""The change list of a consolidation: complete (paged, no cap), filtered by OPD, kind and reason, scoped to the
reader (page and download), each change with its reason in words naming who decided, and bad filters answered
cleanly. The two plans are written directly, so the changes are exactly known."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from sibina.approvals.changes import COMMENT_SHOWN, quarter_label
from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.catalogue.models import Kegiatan
from sibina.people.models import Pegawai, UnitKerja
from sibina.planning.models import Plan, PlanItem, SolverRun
from tests import factories as f
from tests.approvals.conftest import Actors
from tests.planning.conftest import Tiny

DINKES_N = 60  # each: the e-learning removed and the course added, so 120 changes in Dinkes (> one page)
DISDIK_N = 10  # each: the e-learning moved from quarter 2 to quarter 1
COMMENT = "Pegawai ini sedang tugas belajar sampai akhir tahun; mohon dikeluarkan dari semua kegiatan. " * 3


@dataclass
class Changed:
    p: Persetujuan
    dinkes: UnitKerja
    disdik: UnitKerja
    dk: list[Pegawai]
    dd: list[Pegawai]


def _plan(tiny: Tiny) -> Plan:
    return Plan.objects.create(cycle=tiny.cycle, solver_run=SolverRun.objects.create(cycle=tiny.cycle))


def _item(plan: Plan, p: Pegawai, k: Kegiatan, kelas: int = 1, tw: int | None = 2) -> PlanItem:
    return PlanItem(plan=plan, pegawai=p, kegiatan=k, kelas=kelas, triwulan=tw, biaya=0, jp=0)


@pytest.fixture
def changed(tiny: Tiny, actors: Actors) -> Changed:
    dinkes = UnitKerja.objects.get(instansi=tiny.instansi, kode="DINKES")
    disdik = UnitKerja.objects.get(instansi=tiny.instansi, kode="DISDIK")
    job = f.jabatan(tiny.instansi, dinkes, "Perawat Terampil", "PELAKSANA")
    dk = [f.pegawai(tiny.instansi, dinkes, nama=f"Perawat {i:02}", jabatan=job) for i in range(DINKES_N)]
    dd = [f.pegawai(tiny.instansi, disdik, nama=f"Guru {i:02}") for i in range(DISDIK_N)]
    before, after = _plan(tiny), _plan(tiny)
    items = [_item(before, p, tiny.elearning) for p in dk] + [_item(after, p, tiny.course) for p in dk]
    items += [_item(before, p, tiny.elearning, tw=2) for p in dd] + [
        _item(after, p, tiny.elearning, tw=1) for p in dd
    ]
    items.append(_item(before, dd[0], tiny.course))  # excluded by the head of Disdik
    PlanItem.objects.bulk_create(items)
    p = Persetujuan.objects.create(
        cycle=tiny.cycle, plan=after, plan_sebelum=before, tahap=Persetujuan.Tahap.DIKONSOLIDASI
    )
    r_dk = ReviewOpd.objects.create(
        persetujuan=p, unit=dinkes, status=ReviewOpd.Status.DIKEMBALIKAN, komentar=COMMENT, oleh=actors.kepala
    )
    r_dd = ReviewOpd.objects.create(persetujuan=p, unit=disdik, status=ReviewOpd.Status.DISETUJUI)

    def decide(
        review: ReviewOpd, who: object, pg: Pegawai, k: Kegiatan, jenis: str, **kw: object
    ) -> Keputusan:
        return Keputusan.objects.create(
            persetujuan=p, review=review, pegawai=pg, kegiatan=k, jenis=jenis, oleh=who, **kw
        )

    decide(r_dk, actors.kepala, dk[0], tiny.course, "KUNCI")
    decide(r_dk, actors.kepala, dk[1], tiny.elearning, "KECUALI", catatan="Sudah ikut tahun lalu")
    decide(r_dk, actors.bkpsdm, dk[2], tiny.elearning, "KECUALI", tindak_lanjut=True)
    out = decide(r_dk, actors.kepala, dk[3], tiny.elearning, "KECUALI")
    decide(r_dk, actors.kepala, dk[4], tiny.course, "KUNCI", tukar=out)
    decide(r_dd, actors.kepala_other, dd[0], tiny.course, "KECUALI")
    return Changed(p, dinkes, disdik, dk, dd)


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def _url(c: Changed, **q: object) -> str:
    query = "&".join(f"{k}={v}" for k, v in q.items())
    return reverse("web:approval_diff", args=[c.p.pk]) + (f"?{query}" if query else "")


def _xlsx(c: Changed, **q: object) -> str:
    query = "&".join(f"{k}={v}" for k, v in q.items())
    return reverse("web:approval_diff_xlsx", args=[c.p.pk]) + (f"?{query}" if query else "")


def _names(response: object) -> list[str]:
    return [r.nama for r in response.context["page"]]  # type: ignore[attr-defined]


ALL = 2 * DINKES_N + DISDIK_N + 1


def test_every_change_is_reachable_page_by_page(actors: Actors, changed: Changed) -> None:
    c = _client(actors.bkpsdm)
    first = c.get(_url(changed))
    assert first.status_code == 200
    assert first.context["page"].paginator.count == ALL == first.context["found"].total
    seen = []
    for n in range(1, first.context["page"].paginator.num_pages + 1):
        seen += [(r.nip, r.kegiatan, r.kind) for r in c.get(_url(changed, page=n)).context["page"]]
    assert len(seen) == len(set(seen)) == ALL > 100
    assert b"page=2" in first.content  # the page links are there


def test_summary_per_opd(actors: Actors, changed: Changed) -> None:
    found = _client(actors.auditor).get(_url(changed)).context["found"]
    summary = {s.opd: (s.added, s.removed, s.moved) for s in found.summary}
    assert summary == {
        changed.dinkes.nama: (DINKES_N, DINKES_N, 0),
        changed.disdik.nama: (0, 1, DISDIK_N),
    }


def test_filters_by_opd_kind_and_reason_and_page_links_keep_them(actors: Actors, changed: Changed) -> None:
    c = _client(actors.ppk)
    by_opd = c.get(_url(changed, opd=changed.disdik.pk))
    assert {r.opd for r in by_opd.context["page"]} == {changed.disdik.nama}
    assert by_opd.context["page"].paginator.count == DISDIK_N + 1
    moved = c.get(_url(changed, jenis="moved"))
    assert moved.context["page"].paginator.count == DISDIK_N
    assert {r.kind for r in moved.context["page"]} == {"moved"}
    locked = c.get(_url(changed, alasan="locked"))
    assert sorted(_names(locked)) == ["Perawat 00", "Perawat 04"]
    both = c.get(_url(changed, opd=changed.dinkes.pk, jenis="removed"))
    assert both.context["page"].paginator.count == DINKES_N
    assert {r.opd for r in both.context["page"]} == {changed.dinkes.nama}
    dinkes = c.get(_url(changed, opd=changed.dinkes.pk, alasan="optimiser"))  # 115 rows: two pages
    assert f"opd={changed.dinkes.pk}&amp;alasan=optimiser&amp;page=2".encode() in dinkes.content
    second = c.get(_url(changed, opd=changed.dinkes.pk, alasan="optimiser", page=2)).context["page"]
    assert len(second) == 2 * DINKES_N - 5 - 100
    assert {(r.opd, r.change.why) for r in second} == {(changed.dinkes.nama, "optimiser")}


def test_reasons_in_words_name_who_decided(actors: Actors, changed: Changed) -> None:
    dk = changed.dk
    # An item the re-optimisation added says why it was planned, in words.
    PlanItem.objects.filter(plan_id=changed.p.plan_id, pegawai=dk[5]).update(
        alasan_data=[{"jenis": "jp", "jp": 12, "target": 20}]
    )
    with translation.override("en"):
        rows = _client(actors.bkpsdm).get(_url(changed)).context["found"].rows
        reason = {(r.nama, r.kind): r.reason for r in rows}
    assert reason[(dk[0].nama, "added")] == "Locked by the OPD head (Kepala Dinkes)"
    assert (
        reason[(dk[1].nama, "removed")] == "Excluded by the OPD head (Kepala Dinkes): Sudah ikut tahun lalu"
    )
    assert reason[(dk[3].nama, "removed")] == "Swapped out by the OPD head (Kepala Dinkes)"
    assert reason[(dk[4].nama, "added")] == "Swapped in by the OPD head (Kepala Dinkes)"
    quoted = COMMENT[:COMMENT_SHOWN].rstrip()
    assert reason[(dk[2].nama, "removed")] == (
        f"Excluded by BKPSDM following up the comment of {changed.dinkes.nama}: «{quoted}…»"
    )
    assert reason[(changed.dd[0].nama, "removed")] == "Excluded by the OPD head (Kepala Disdik)"
    assert (
        reason[(changed.dd[1].nama, "moved")]
        == "Moved to another class or quarter: Class 1, Q2 → Class 1, Q1"
    )
    assert reason[(dk[5].nama, "added")].startswith("Re-optimised: ")
    assert reason[(dk[5].nama, "added")].endswith(
        ". Planned because: Adds 12 JP (still short of 20 JP after the other activities)"
    )


def test_a_kepala_opd_sees_only_their_opds_changes(actors: Actors, changed: Changed) -> None:
    c = _client(actors.kepala_other)
    page = c.get(_url(changed))
    assert page.context["page"].paginator.count == DISDIK_N + 1
    assert [s.opd for s in page.context["found"].summary] == [changed.disdik.nama]
    assert changed.dk[0].nama.encode() not in page.content
    assert changed.dinkes.nama.encode() not in page.content
    assert c.get(_url(changed, opd=changed.dinkes.pk)).status_code == 400  # not an OPD they may see
    book = load_workbook(io.BytesIO(c.get(_xlsx(changed)).content))
    nips = {row[2] for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert nips == {p.nip for p in changed.dd}


def test_the_download_has_every_filtered_row(actors: Actors, changed: Changed) -> None:
    with translation.override("en"):
        r = _client(actors.bkpsdm).get(_xlsx(changed, opd=changed.dinkes.pk, jenis="removed"))
    assert r.status_code == 200
    assert r["Content-Disposition"] == f'attachment; filename="perubahan-2027-v{changed.p.versi}.xlsx"'
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == (
        "Change", "Name", "NIP", "Position", "OPD", "Unit", "Activity code", "Activity", "Before", "After", "Reason",
    )  # fmt: skip
    assert len(rows) - 1 == DINKES_N  # all of them, though the page shows 100 at most
    assert {row[2] for row in rows[1:]} == {p.nip for p in changed.dk}
    assert {(row[0], row[6], row[8], row[9]) for row in rows[1:]} == {
        ("Removed", "ELEARN", "Class 1, Q2", None)
    }
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == ws.dimensions
    whole = load_workbook(io.BytesIO(_client(actors.bkpsdm).get(_xlsx(changed)).content)).active
    assert whole.max_row - 1 == ALL


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"opd": "abc"}, 400),
        ({"opd": "999999"}, 400),
        ({"jenis": "gone"}, 400),
        ({"alasan": "whim"}, 400),
        ({"page": "abc"}, 400),
        ({"page": "999"}, 200),
    ],
)
def test_a_bad_filter_is_a_clean_answer(
    actors: Actors, changed: Changed, query: dict[str, str], status: int
) -> None:
    urls = [_url(changed, **query)] + (
        [] if "page" in query else [_xlsx(changed, **query)]
    )  # a download is whole
    for url in urls:
        r = _client(actors.bkpsdm).get(url)
        assert r.status_code == status, url
        if status == 400:
            assert next(iter(query)).encode() in r.content  # the message names the parameter
    if status == 200:  # past the last page: the last page
        page = _client(actors.bkpsdm).get(_url(changed, **query)).context["page"]
        assert page.number == page.paginator.num_pages == 2


def test_queries_do_not_grow_with_the_changes(actors: Actors, changed: Changed) -> None:
    """A full page of 100 rows costs the same queries as a shorter page of added items only: one per table (the
    added items' own reasons and the names they are worded with included), none per row."""
    c = _client(actors.bkpsdm)
    c.get(_url(changed))  # the session and the account, read once

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    assert count(_url(changed)) == count(_url(changed, jenis="added")) <= 25


def test_quarter_filter_speaks_the_readers_language() -> None:
    with translation.override("en"):
        assert Template("{{ 2|triwulan }}|{{ n|triwulan }}").render(Context({})) == "Q2|"
        assert quarter_label(4) == "Q4"


def test_an_amendment_is_compared_with_the_version_it_amends_and_its_decisions_still_explain(
    tiny: Tiny, actors: Actors, changed: Changed
) -> None:
    v1 = changed.p
    Persetujuan.objects.filter(pk=v1.pk).update(tahap=Persetujuan.Tahap.DIGANTI)
    guru = changed.dd[1]
    Keputusan.objects.create(  # locked in v1 but left out of its plan; the amendment takes it in
        persetujuan=v1, review=v1.reviews.get(unit=changed.disdik), pegawai=guru, kegiatan=tiny.course,
        jenis="KUNCI", oleh=actors.kepala_other,
    )  # fmt: skip
    amended = _plan(tiny)
    kept = PlanItem.objects.filter(plan=v1.plan).exclude(pegawai=changed.dk[0])
    PlanItem.objects.bulk_create(
        [_item(amended, i.pegawai, i.kegiatan, i.kelas, i.triwulan) for i in kept]
        + [_item(amended, changed.dk[0], tiny.course, kelas=2, tw=3), _item(amended, guru, tiny.course)]
    )
    v2 = Persetujuan.objects.create(cycle=tiny.cycle, versi=2, plan=amended, amandemen_dari=v1)
    url = reverse("web:approval_diff", args=[v2.pk])
    with translation.override("en"):
        dinkes = _client(actors.kepala).get(url).context["found"]
        disdik = _client(actors.kepala_other).get(url).context["found"]
    assert dinkes.before_id == v1.plan_id
    assert [(r.nama, r.kind, r.reason) for r in dinkes.rows] == [
        (changed.dk[0].nama, "moved", "Moved to another class or quarter: Class 1, Q2 → Class 2, Q3")
    ]
    assert [(r.nama, r.kind, r.reason) for r in disdik.rows] == [
        (guru.nama, "added", "Locked by the OPD head (Kepala Disdik)")
    ]
