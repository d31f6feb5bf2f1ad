"""Two instansi in one installation: Binjai (A, the small city of tests/web/world.py) and Kota Contoh (B) with its
own BKPSDM, PPK, auditor, Kepala OPD, atasan, pegawai and no-role accounts. Every page and action of every role
of B, pointed at A's objects, is 403 or 404 and changes nothing; no page, export or audit list of B shows A's data.
The rule: docs/decisions/0012-tenant-scope.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import URLPattern
from tests.module_db import built_once
from tests.web.test_url_roles import EXPECTED, PATTERNS, post_data, url_of
from tests.web.world import ROLES, YEAR, BigWorld, Tenant, build_tenant, build_world

from sibina.approvals import decisions
from sibina.approvals import services as approvals
from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.audit.models import AuditEvent
from sibina.coaching import services as coaching
from sibina.coaching.models import PenugasanPembimbing, SesiBimbingan
from sibina.imports.models import ImportBatch, PemetaanUnit
from sibina.needs import services as needs
from sibina.needs.models import Kebutuhan, Usulan
from sibina.people.models import AkunInstansi, Pegawai
from sibina.planning.models import Plan, PlanItem, SolverRun
from sibina.roles import Role


@dataclass
class Two:
    a: BigWorld
    b: Tenant


@pytest.fixture(scope="module")
def two(django_db_setup: None, django_db_blocker) -> Iterator[Two]:  # type: ignore[no-untyped-def]
    with built_once(django_db_blocker):
        a = build_world()
        b = build_tenant()
        # With two instansi, A's accounts without an employee record need their link too (rule 2).
        for key in ("auditor", "ppk"):
            AkunInstansi.objects.create(user=a.users[key], instansi=a.w.city.instansi)
        yield Two(a, b)


def client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def a_state() -> tuple[object, ...]:
    """Everything of A that a page or action could change."""
    return (
        tuple(Persetujuan.objects.order_by("pk").values_list("tahap", "version", "batas_review")),
        tuple(ReviewOpd.objects.order_by("pk").values_list("status", "version", "komentar")),
        tuple(Keputusan.objects.order_by("pk").values_list("pk", "jenis", "catatan")),
        tuple(PlanItem.objects.order_by("pk").values_list("version", "pegawai_id", "kegiatan_id")),
        Plan.objects.count(),
        SolverRun.objects.count(),
        ImportBatch.objects.count(),
        PemetaanUnit.objects.count(),
        Kebutuhan.objects.count(),
        tuple(Usulan.objects.order_by("pk").values_list("status", "version")),
        tuple(PenugasanPembimbing.objects.order_by("pk").values_list("aktif", "selesai")),
        SesiBimbingan.objects.count(),
        tuple(Pegawai.objects.order_by("pk").values_list("version", "user_id")),
    )


def a_secrets(two: Two) -> list[str]:
    """What of A must never appear to B: its name, its people's names and NIPs, a review note."""
    city = two.a.w.city
    people = [city.kepala, city.perawat, city.bidan, city.lurah, city.pppk, city.pensiunan, two.a.w.staf]
    return ["Binjai", "Sedang cuti sakit"] + [p.nama for p in people] + [p.nip for p in people]


def b_post(two: Two, name: str) -> dict[str, object]:
    """A POST that would act on A if it got through."""
    w = two.a.w
    extra: dict[str, dict[str, object]] = {
        "needs_run": {"instansi": w.city.instansi.kode},
        "plan_optimise": {"instansi": w.city.instansi.kode, "skenario": "", "time_limit": 30},
        "import_upload": {
            "jenis": "PEGAWAI",
            "instansi": w.city.instansi.pk,
            "file": SimpleUploadedFile("pegawai.csv", b"NIP BARU;NAMA\n"),
        },
        "usulan": {"pegawai": w.city.perawat.pk, "kompetensi": 1, "level_target": 3, "uraian": "x"},
        "coaching_assign": {
            "pegawai": f"{w.city.perawat.pk}:{w.city.perawat.version}",
            "pembimbing": w.city.kepala.nip,
            "jenis": "COACHING",
            "mulai": "2026-01-05",
        },
        "coaching_log": {
            "penugasan": f"{two.a.penugasan.pk}:{two.a.penugasan.version}",
            "tanggal": "2026-01-05",
            "menit": 60,
            "topik": "x",
        },
        "coaching_log_detail": {
            "penugasan": f"{two.a.penugasan.pk}:{two.a.penugasan.version}",
            "tanggal": "2026-01-05",
            "menit": 60,
            "topik": "x",
        },
        "coaching_end": {"version": two.a.penugasan.version},
        "unit_mapping": {"nama_sumber": "Dinas A", "unit": w.city.dinkes.pk},
    }
    return {**post_data(two.a, name), **extra.get(name, {})}


def _object_pattern(p: URLPattern) -> bool:
    return bool(set(p.pattern.converters) - {"tahun"})


# Writes whose object travels in the form as one of the choices the page offered (B's own): A's is refused by
# the form (400, or the form page again) before anything is looked up.
FORM_CHOICE = {"import_upload", "usulan", "coaching_assign", "coaching_log", "unit_mapping"}
# Writes that name nothing of anyone else's (a claim of one's own development, recomputing one's own agency's
# program effects): B's write lands in B, whatever the query says; A must stay as it was.
OWN_RECORD = {"my_claim", "evaluation_run"}
CELLS = [(str(p.name), m, r) for p in PATTERNS for m in EXPECTED[str(p.name)] for r in ROLES]


@pytest.mark.parametrize(("name", "method", "role"), CELLS, ids=[f"{n}-{m}-{r}" for n, m, r in CELLS])
def test_b_against_a(two: Two, db: None, name: str, method: str, role: str) -> None:
    """A's object in the path (or A's instansi in the query or form): 403/404 and nothing changed; a page of
    B's own shows nothing of A's."""
    pattern = next(p for p in PATTERNS if p.name == name)
    url = f"{url_of(two.a, pattern)}?instansi={two.a.w.city.instansi.kode}"
    before = a_state()
    c = client(two.b.users[role])
    response = c.post(url, b_post(two, name)) if method == "POST" else c.get(url)
    if name in FORM_CHOICE and method == "POST":  # A's object is not among the form's choices
        assert response.status_code in (200, 400, 403), (
            f"{method} {url} as B's {role}: {response.status_code}"
        )
    elif name in OWN_RECORD and method == "POST":
        assert response.status_code < 500, f"{method} {url} as B's {role}: {response.status_code}"
    elif _object_pattern(pattern) or method == "POST":
        assert response.status_code in (403, 404), f"{method} {url} as B's {role}: {response.status_code}"
    else:  # a page of B's own: those taking ?instansi= refuse A's, the others ignore it
        assert response.status_code < 500
    assert a_state() == before
    posted = [str(v) for v in b_post(two, name).values()] if method == "POST" else []
    assert _leaks(two, response, url, *posted) == [], f"{method} {url} as B's {role}"


def _leaks(two: Two, response: HttpResponseBase, *asked: str) -> list[str]:
    """A's secrets in a response, leaving out what B itself sent (a 404 page or a refused form may echo it)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    text = body.decode("utf-8", "replace")
    for sent in asked:
        text = text.replace(sent, "")
    return [s for s in a_secrets(two) if s in text]


B_PAGES = [str(p.name) for p in PATTERNS if not _object_pattern(p) and "GET" in EXPECTED[str(p.name)]]


@pytest.mark.parametrize("name", B_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_b_pages_of_its_own_show_nothing_of_a(two: Two, db: None, name: str, role: str) -> None:
    pattern = next(p for p in PATTERNS if p.name == name)
    response = client(two.b.users[role]).get(url_of(two.a, pattern), follow=True)
    assert response.status_code < 500
    assert _leaks(two, response) == [], f"{name} as B's {role}"


def test_b_audit_list_and_export_show_only_b(two: Two, db: None) -> None:
    # A's events exist (its approval, its decisions) and B tries A's pages first, so both trails have rows.
    for name in ("pegawai_detail", "approval_review", "approval_send"):
        pattern = next(p for p in PATTERNS if p.name == name)
        method = next(iter(EXPECTED[name]))
        c = client(two.b.users["bkpsdm"])
        (c.post if method == "POST" else c.get)(url_of(two.a, pattern), b_post(two, name))
    a_id, b_id = two.a.w.city.instansi.pk, two.b.instansi.pk
    assert AuditEvent.objects.filter(instansi_id=a_id).exists()
    assert AuditEvent.objects.filter(instansi_id=b_id).exists()
    for role in ("bkpsdm", "auditor"):
        c = client(two.b.users[role])
        listing = c.get("/audit/?q=").content.decode()
        export = b"".join(c.get("/audit/export.csv").streaming_content).decode()  # type: ignore[attr-defined]
        for text in (listing, export):
            assert [s for s in a_secrets(two) if s in text] == [], role
        assert "contoh_bkpsdm" in export  # B's own events are there
    # and A's auditor reads A's trail, B's attempts on A's records included, nothing of B's own
    a_export = b"".join(client(two.a.users["auditor"]).get("/audit/export.csv").streaming_content).decode()  # type: ignore[attr-defined]
    assert "contoh_bkpsdm" in a_export  # B's attempt on A's employee is A's to read
    assert "approval.send" in a_export and "Kepala Contoh" not in a_export


def test_services_refuse_an_actor_of_another_instansi(two: Two, db: None) -> None:
    a, b = two.a, two.b.users
    before = a_state()
    attempts = [
        lambda: approvals.persetujuan_send(
            persetujuan=a.persetujuan,
            by=b["bkpsdm"],
            version=a.persetujuan.version,
            batas=dt.date(2030, 1, 1),
        ),
        lambda: approvals.persetujuan_amend(persetujuan=a.persetujuan, by=b["bkpsdm"], version=1, alasan="x"),
        lambda: approvals.persetujuan_set(
            persetujuan=a.persetujuan, by=b["ppk"], version=1, nomor="1", tanggal=dt.date(2026, 1, 1)
        ),
        lambda: decisions.review_decide(review=a.review, by=b["kepala"], version=1, setuju=True, komentar=""),
        lambda: decisions.item_decide(
            review=a.review, item=a.item, by=b["kepala"], version=a.item.version, jenis="KUNCI", catatan=""
        ),
        lambda: coaching.penugasan_end(penugasan=a.penugasan, by=b["bkpsdm"], version=a.penugasan.version),
        lambda: coaching.sesi_log(
            penugasan=a.penugasan,
            by=b["bkpsdm"],
            version=a.penugasan.version,
            tanggal=dt.date(2026, 1, 5),
            topik="x",
            menit=60,
        ),
        lambda: coaching.penugasan_assign(
            pembimbing=a.w.city.kepala,
            pegawai=a.w.city.bidan,
            jenis="COACHING",
            mulai=dt.date(2026, 1, 5),
            by=b["bkpsdm"],
            version=a.w.city.bidan.version,
        ),
        lambda: needs.usulan_verify(usulan=a.w.endorsed, by=b["bkpsdm"], approve=True, catatan="", version=1),
        lambda: needs.usulan_submit(
            pegawai=a.w.city.perawat, tahun=YEAR, kompetensi=None, level_target=3, uraian="x", by=b["pegawai"]
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match="another agency"):
            attempt()
    assert a_state() == before


def test_an_account_of_no_instansi_sees_nothing_when_there_are_two(two: Two, db: None) -> None:
    """A BKPSDM account with neither an employee record nor a link fails closed (rule 4)."""
    lost = User.objects.create_user(username="tanpa_instansi", password="pw-not-used-123")
    lost.groups.add(Group.objects.get(name=Role.BKPSDM.value))
    c = client(lost)
    listing = c.get("/pegawai/").content.decode()
    assert [s for s in a_secrets(two) if s in listing] == []
    assert "Pegawai Contoh" not in listing
    assert c.get("/rencana/").status_code == 403
    assert c.get(f"/pegawai/{two.a.w.city.perawat.nip}/").status_code == 404
    assert c.get("/impor/unggah/").status_code == 403
