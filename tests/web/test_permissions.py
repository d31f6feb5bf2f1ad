"""Roles and scope on every page: a matrix of role × page with exact status codes, denied writes that change
nothing and leave an ``access.denied`` audit event, cross-scope attempts answered 404, and lists cut to scope.

The rules are in the docstring of ``sibina.access``. The small city is built once for the module (inside a
transaction rolled back at its end); each test runs in its own savepoint, so nothing a test does leaks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.module_db import built_once
from tests.planning.test_selectors import YEAR, Catalogue, catalogue, cycle, item, needs, solver_run
from tests.web.conftest import City, build_city, make_pegawai

from sibina.audit.models import AuditEvent
from sibina.competency.models import Kompetensi
from sibina.imports.models import ImportBatch
from sibina.needs.models import Kebutuhan, Usulan
from sibina.people.models import Pegawai
from sibina.people.services import instansi_data_path, instansi_load_file
from sibina.planning.models import KebutuhanTakTerlayani, Plan, PlanCycle, SolverRun
from sibina.roles import Role
from sibina.web.periods import plan_year

DENIED = "access.denied"
ROLES = ("bkpsdm", "auditor", "ppk", "kepala", "atasan", "pegawai", "none")
ROLE_OF = {
    "bkpsdm": Role.BKPSDM,
    "auditor": Role.AUDITOR,
    "ppk": Role.PPK,
    "kepala": Role.KEPALA_OPD,
    "atasan": Role.ATASAN,
    "pegawai": Role.PEGAWAI,
    "none": None,
}


@dataclass
class World:
    city: City
    staf: Pegawai  # the lurah's direct subordinate
    cat: Catalogue
    cycle: PlanCycle
    plan: Plan
    run: SolverRun
    batch: ImportBatch
    usulan: Usulan  # the perawat's proposal, waiting for her supervisor (the kepala)
    endorsed: Usulan  # the bidan's, endorsed, waiting for BKPSDM
    users: dict[str, User]


def _build() -> World:
    """Binjai's units; Dinas Kesehatan (kepala → perawat, bidan), a kelurahan (lurah → staf), BKPSDM (a PPPK);
    needs, a catalogue, a cycle with a hand-written base plan, an import batch and two proposals; one account
    per role: BKPSDM (the PPPK), auditor and PPK (no employee record), Kepala OPD (the kepala of Dinas
    Kesehatan), atasan (the lurah), pegawai (the perawat) and an account in no role group."""
    binjai = instansi_load_file(path=instansi_data_path("binjai"))
    city = build_city(binjai)
    staf = make_pegawai(instansi=binjai, unit=city.kelurahan, nama="Rina Marlina", atasan=city.lurah)
    needs(city)
    cat = catalogue(binjai)
    c = cycle(binjai)
    run = solver_run(c)
    plan = Plan.objects.create(cycle=c, solver_run=run, biaya_total=Decimal(6_000_000))
    for p in (city.perawat, city.bidan, city.lurah, city.kepala):
        item(plan, p, cat.elearning, triwulan=1)
    item(plan, city.perawat, cat.teknis)
    item(plan, city.pppk, cat.coaching)
    KebutuhanTakTerlayani.objects.create(
        plan=plan, pegawai=city.lurah, kompetensi="M02", gap_sisa=1, alasan="class_capacity"
    )
    users: dict[str, User] = {}
    tied = {"bkpsdm": city.pppk, "kepala": city.kepala, "atasan": city.lurah, "pegawai": city.perawat}
    for key in ROLES:
        users[key] = User.objects.create_user(username=f"u_{key}", password="pw-not-used-123")
        role = ROLE_OF[key]
        if role is not None:
            users[key].groups.add(Group.objects.get(name=role.value))
        if key in tied:
            Pegawai.objects.filter(pk=tied[key].pk).update(user=users[key])
    batch = ImportBatch.objects.create(
        instansi=binjai, jenis=ImportBatch.Jenis.PEGAWAI, nama_file="siasn.csv", sha256="ab" * 32
    )
    m01 = Kompetensi.objects.get(kode="M01")
    usulan = Usulan.objects.create(
        pegawai=city.perawat, tahun=plan_year(), kompetensi=m01, level_target=3, uraian="Etika"
    )
    endorsed = Usulan.objects.create(
        pegawai=city.bidan,
        tahun=plan_year(),
        kompetensi=m01,
        level_target=3,
        uraian="Etika",
        status=Usulan.Status.DISETUJUI_ATASAN,
    )
    return World(city, staf, cat, c, plan, run, batch, usulan, endorsed, users)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker) -> Iterator[World]:
    with built_once(django_db_blocker):
        yield _build()


def client_for(w: World, role: str) -> Client:
    client = Client()
    client.force_login(w.users[role])
    return client


def denials() -> int:
    return AuditEvent.objects.filter(aksi=DENIED).count()


# --- the matrix: role × page (GET) -------------------------------------------------------------------------

# (page, URL, expected status per role in ROLES order, whether a 404 here is a real object out of scope)
Url = Callable[[World], str]
OK, REDIR, FORBID, GONE = 200, 302, 403, 404
PAGES: list[tuple[str, Url, tuple[int, ...]]] = [
    ("home", lambda w: "/", (OK, OK, OK, OK, OK, OK, OK)),
    ("employees", lambda w: "/pegawai/", (OK, OK, OK, OK, OK, OK, FORBID)),
    ("unit tree", lambda w: "/unit/", (OK, OK, OK, OK, OK, OK, FORBID)),
    ("perawat", lambda w: f"/pegawai/{w.city.perawat.nip}/", (OK, OK, OK, OK, GONE, OK, FORBID)),
    ("bidan", lambda w: f"/pegawai/{w.city.bidan.nip}/", (OK, OK, OK, OK, GONE, GONE, FORBID)),
    ("lurah", lambda w: f"/pegawai/{w.city.lurah.nip}/", (OK, OK, OK, GONE, OK, GONE, FORBID)),
    ("staf", lambda w: f"/pegawai/{w.staf.nip}/", (OK, OK, OK, GONE, OK, GONE, FORBID)),
    ("needs city", lambda w: "/kebutuhan/", (OK, OK, OK, REDIR, FORBID, FORBID, FORBID)),
    (
        "needs dinkes",
        lambda w: f"/kebutuhan/unit/{w.city.dinkes.pk}/",
        (OK, OK, OK, OK, FORBID, FORBID, FORBID),
    ),
    (
        "needs kecamatan",
        lambda w: f"/kebutuhan/unit/{w.city.kecamatan.pk}/",
        (OK, OK, OK, GONE, FORBID, FORBID, FORBID),
    ),
    ("JP ledger", lambda w: "/jp/", (OK, OK, OK, OK, FORBID, FORBID, FORBID)),
    ("proposals", lambda w: "/usulan/", (OK, OK, OK, OK, OK, OK, FORBID)),
    ("inbox supervisor", lambda w: "/usulan/atasan/", (OK, OK, OK, OK, OK, OK, FORBID)),
    ("inbox BKPSDM", lambda w: "/usulan/verifikasi/", (OK, OK, OK, FORBID, FORBID, FORBID, FORBID)),
    ("catalogue", lambda w: "/katalog/", (OK, OK, OK, OK, OK, OK, FORBID)),
    ("activity", lambda w: f"/katalog/{w.cat.teknis.pk}/", (OK, OK, OK, OK, OK, OK, FORBID)),
    (
        "catalogue workbook",
        lambda w: "/katalog/katalog.xlsx",
        (OK, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID),
    ),
    ("plan now", lambda w: "/rencana/", (OK, OK, OK, REDIR, FORBID, FORBID, FORBID)),
    ("plan cycle", lambda w: f"/rencana/{YEAR}/", (OK, OK, OK, REDIR, FORBID, FORBID, FORBID)),
    ("scenarios", lambda w: f"/rencana/{YEAR}/bandingkan/", (OK, OK, OK, OK, FORBID, FORBID, FORBID)),
    ("run", lambda w: f"/rencana/proses/{w.run.pk}/", (OK, OK, OK, FORBID, FORBID, FORBID, FORBID)),
    (
        "run status",
        lambda w: f"/rencana/proses/{w.run.pk}/status/",
        (OK, OK, OK, FORBID, FORBID, FORBID, FORBID),
    ),
    ("plan", lambda w: f"/rencana/plan/{w.plan.pk}/", (OK, OK, OK, REDIR, FORBID, FORBID, FORBID)),
    (
        "plan dinkes",
        lambda w: f"/rencana/plan/{w.plan.pk}/opd/{w.city.dinkes.pk}/",
        (OK, OK, OK, OK, FORBID, FORBID, FORBID),
    ),
    (
        "plan kecamatan",
        lambda w: f"/rencana/plan/{w.plan.pk}/opd/{w.city.kecamatan.pk}/",
        (OK, OK, OK, GONE, FORBID, FORBID, FORBID),
    ),
    (
        "plan activity",
        lambda w: f"/rencana/plan/{w.plan.pk}/kegiatan/{w.cat.elearning.pk}/",
        (OK, OK, OK, OK, OK, OK, FORBID),
    ),
    ("plan perawat", lambda w: f"/rencana/pegawai/{w.city.perawat.nip}/", (OK, OK, OK, OK, GONE, OK, FORBID)),
    ("plan lurah", lambda w: f"/rencana/pegawai/{w.city.lurah.nip}/", (OK, OK, OK, GONE, OK, GONE, FORBID)),
    ("imports", lambda w: "/impor/", (OK, OK, OK, FORBID, FORBID, FORBID, FORBID)),
    ("upload", lambda w: "/impor/unggah/", (OK, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID)),
    ("batch", lambda w: f"/impor/{w.batch.pk}/", (OK, OK, OK, FORBID, FORBID, FORBID, FORBID)),
    (
        "batch errors",
        lambda w: f"/impor/{w.batch.pk}/galat.csv",
        (OK, OK, OK, FORBID, FORBID, FORBID, FORBID),
    ),
]
# Pages that do not exist at all: a 404 there is not an attempt on someone else's record, so nothing is logged.
UNKNOWN: list[tuple[str, Url, tuple[int, ...]]] = [
    ("no such unit", lambda w: "/kebutuhan/unit/999999/", (GONE, GONE, GONE, GONE, FORBID, FORBID, FORBID)),
    ("no such NIP", lambda w: "/pegawai/199901012020011999/", (GONE, GONE, GONE, GONE, GONE, GONE, FORBID)),
    ("no such plan", lambda w: "/rencana/plan/999999/", (GONE, GONE, GONE, GONE, FORBID, FORBID, FORBID)),
]


def _cells(rows: list[tuple[str, Url, tuple[int, ...]]]) -> list[tuple[str, Url, str, int]]:
    return [(name, url, role, expected[i]) for name, url, expected in rows for i, role in enumerate(ROLES)]


@pytest.mark.parametrize(
    ("page", "url", "role", "status"),
    _cells(PAGES),
    ids=[f"{name}-{role}" for name, _u, role, _s in _cells(PAGES)],
)
def test_page_status_per_role(world: World, db: None, page: str, url: Url, role: str, status: int) -> None:
    before = denials()
    response = client_for(world, role).get(url(world))
    assert response.status_code == status
    # Every refusal is logged once; a page that opens or redirects logs nothing.
    assert denials() - before == (1 if status in (FORBID, GONE) else 0)


@pytest.mark.parametrize(
    ("page", "url", "role", "status"),
    _cells(UNKNOWN),
    ids=[f"{name}-{role}" for name, _u, role, _s in _cells(UNKNOWN)],
)
def test_unknown_objects_are_404_and_not_logged(
    world: World, db: None, page: str, url: Url, role: str, status: int
) -> None:
    before = denials()
    assert client_for(world, role).get(url(world)).status_code == status
    assert denials() - before == (1 if status == FORBID else 0)


def test_anonymous_visitors_are_sent_to_login(world: World, db: None) -> None:
    for _name, url, _expected in PAGES:
        response = Client().get(url(world))
        assert response.status_code == 302 and response["Location"].startswith("/login/?next="), url(world)


def test_kepala_opd_is_taken_to_their_opds_part(world: World, db: None) -> None:
    kepala, dinkes, plan = client_for(world, "kepala"), world.city.dinkes, world.plan
    assert (
        kepala.get("/kebutuhan/", {"tahun": YEAR})["Location"] == f"/kebutuhan/unit/{dinkes.pk}/?tahun={YEAR}"
    )
    opd_part = f"/rencana/plan/{plan.pk}/opd/{dinkes.pk}/"
    assert kepala.get("/rencana/")["Location"] == opd_part
    assert kepala.get(f"/rencana/{YEAR}/")["Location"] == opd_part
    assert kepala.get(f"/rencana/plan/{plan.pk}/")["Location"] == opd_part


# --- cross-scope attempts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("kepala", "lurah"),  # the head of Dinas Kesehatan opens someone of Kecamatan Binjai Utara
        ("atasan", "perawat"),  # a supervisor opens someone who is not their direct subordinate
        ("pegawai", "bidan"),  # an employee opens a colleague of the same puskesmas
    ],
)
def test_out_of_scope_employee_is_404_and_logged_with_what_was_asked(
    world: World, db: None, role: str, target: str
) -> None:
    pegawai: Pegawai = getattr(world.city, target)
    response = client_for(world, role).get(f"/pegawai/{pegawai.nip}/")
    assert response.status_code == 404
    assert pegawai.nama not in response.content.decode()
    event = AuditEvent.objects.filter(aksi=DENIED).latest("id")
    assert (event.username, event.peran, event.objek_tipe, event.objek_id) == (
        f"u_{role}",
        ROLE_OF[role].value,  # type: ignore[union-attr]
        "people.pegawai",
        str(pegawai.pk),
    )
    assert event.keterangan == f"pegawai {pegawai.nip}"
    assert event.sesudah == {"status": 404, "asked": f"pegawai {pegawai.nip}"}


def test_a_role_refusal_is_logged_without_looking_the_object_up(world: World, db: None) -> None:
    response = client_for(world, "pegawai").get(f"/rencana/proses/{world.run.pk}/")
    assert response.status_code == 403
    event = AuditEvent.objects.filter(aksi=DENIED).latest("id")
    assert (event.objek_tipe, event.keterangan, event.sesudah) == (
        "",
        f"optimisation run {world.run.pk}",
        {"status": 403, "asked": f"optimisation run {world.run.pk}"},
    )


# --- denied writes change nothing ---------------------------------------------------------------------------


def _optimise(w: World) -> dict[str, object]:
    return {"instansi": w.city.instansi.kode, "skenario": "", "time_limit": 30}


def _upload(w: World) -> dict[str, object]:
    return {
        "jenis": "PEGAWAI",
        "instansi": w.city.instansi.pk,
        "file": SimpleUploadedFile("pegawai.csv", b"NIP BARU;NAMA\n"),
    }


def _proposal(w: World) -> dict[str, object]:
    m02 = Kompetensi.objects.get(kode="M02")
    return {"pegawai": w.city.perawat.pk, "kompetensi": m02.pk, "level_target": 3, "uraian": "Etika"}


def _state(w: World) -> tuple[object, ...]:
    """Everything the POSTs below could change."""
    return (
        Kebutuhan.objects.count(),
        SolverRun.objects.count(),
        ImportBatch.objects.count(),
        Usulan.objects.count(),
        tuple(
            Usulan.objects.order_by("pk").values_list("status", "version", "catatan_atasan", "catatan_bkpsdm")
        ),
    )


Post = Callable[[World], tuple[str, dict[str, object]]]
WRITES: list[tuple[str, Post, tuple[str, ...]]] = [
    (
        "needs analysis",
        lambda w: ("/kebutuhan/analisis/", {"instansi": w.city.instansi.kode}),
        ("auditor", "ppk", "kepala", "atasan", "pegawai", "none"),
    ),
    (
        "optimisation",
        lambda w: (f"/rencana/{YEAR}/optimasi/", _optimise(w)),
        ("auditor", "ppk", "kepala", "atasan", "pegawai", "none"),
    ),
    (
        "import",
        lambda w: ("/impor/unggah/", _upload(w)),
        ("auditor", "ppk", "kepala", "atasan", "pegawai", "none"),
    ),
    ("proposal", lambda w: ("/usulan/", _proposal(w)), ("auditor", "ppk", "none")),
    (
        "endorsement",
        lambda w: (f"/usulan/{w.usulan.pk}/atasan/", {"version": 1, "keputusan": "setuju", "catatan": ""}),
        ("auditor", "ppk", "pegawai", "none"),
    ),
    (
        "verification",
        lambda w: (
            f"/usulan/{w.endorsed.pk}/verifikasi/",
            {"version": 1, "keputusan": "setuju", "catatan": ""},
        ),
        ("auditor", "ppk", "kepala", "atasan", "pegawai", "none"),
    ),
]


@pytest.mark.parametrize(
    ("action", "post", "role"),
    [(name, post, role) for name, post, roles in WRITES for role in roles],
    ids=[f"{name}-{role}" for name, _p, roles in WRITES for role in roles],
)
def test_a_denied_write_is_403_changes_nothing_and_is_logged(
    world: World, db: None, action: str, post: Post, role: str
) -> None:
    url, data = post(world)
    before, logged = _state(world), denials()
    assert client_for(world, role).post(url, data).status_code == 403
    assert _state(world) == before
    assert denials() == logged + 1


def test_a_supervisor_cannot_endorse_outside_their_team(world: World, db: None) -> None:
    """The lurah supervises the staf, not the perawat: her proposal is 'not found' to him."""
    before, logged = _state(world), denials()
    response = client_for(world, "atasan").post(
        f"/usulan/{world.usulan.pk}/atasan/", {"version": 1, "keputusan": "setuju", "catatan": ""}
    )
    assert response.status_code == 404
    assert _state(world) == before and denials() == logged + 1


def test_the_allowed_writers_still_write(world: World, db: None) -> None:
    """The counterpart of the refusals: the kepala endorses his report's proposal, BKPSDM verifies one."""
    kepala = client_for(world, "kepala")
    data = {"version": 1, "keputusan": "setuju", "catatan": ""}
    assert kepala.post(f"/usulan/{world.usulan.pk}/atasan/", data).status_code == 302
    assert (
        client_for(world, "bkpsdm").post(f"/usulan/{world.endorsed.pk}/verifikasi/", data).status_code == 302
    )
    statuses = dict(Usulan.objects.values_list("pk", "status"))
    assert statuses == {world.usulan.pk: "DISETUJUI", world.endorsed.pk: "VERIFIKASI"}
    assert denials() == 0


# --- lists cut to scope ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "names"),
    [
        (
            "bkpsdm",
            {"Rahmat Hidayat", "Siti Aminah", "Dewi Lestari", "Budi Santoso", "Andi Saputra", "Sutrisno"},
        ),
        (
            "auditor",
            {"Rahmat Hidayat", "Siti Aminah", "Dewi Lestari", "Budi Santoso", "Andi Saputra", "Sutrisno"},
        ),
        ("kepala", {"Rahmat Hidayat", "Siti Aminah", "Dewi Lestari"}),
        ("atasan", {"Budi Santoso", "Rina Marlina"}),
        ("pegawai", {"Siti Aminah"}),
    ],
)
def test_employee_list_shows_the_scope_only(world: World, db: None, role: str, names: set[str]) -> None:
    page = client_for(world, role).get("/pegawai/").context["page"]
    wide = {"Rina Marlina"} if role in ("bkpsdm", "auditor") else set()
    assert {p.nama for p in page.object_list} == names | wide


def test_kepala_sees_only_their_opds_units_and_ledger(world: World, db: None) -> None:
    kepala = client_for(world, "kepala")
    form = kepala.get("/pegawai/").context["form"]
    assert set(form.units_by_id) == set(
        world.city.instansi.units.filter(path__startswith=world.city.dinkes.path).values_list("pk", flat=True)
    )
    ledger = kepala.get("/jp/", {"tahun": YEAR}).context
    assert [o.unit for o in ledger["overview"].opd] == [world.city.dinkes]
    dinkes_people = {world.city.kepala.pk, world.city.perawat.pk, world.city.bidan.pk}
    assert {r.pegawai_id for r in ledger["overview"].rows} == dinkes_people
    # Another OPD asked for in the filter is ignored: the ledger stays Dinas Kesehatan's.
    other = kepala.get("/jp/", {"tahun": YEAR, "opd": world.city.kecamatan.pk}).context
    assert {r.pegawai_id for r in other["overview"].rows} == dinkes_people


def test_kepala_compares_scenarios_for_their_opd_only(world: World, db: None) -> None:
    c = client_for(world, "kepala").get(f"/rencana/{YEAR}/bandingkan/").context["c"]
    assert [u for u, _cells in c.opd_rows] == [world.city.dinkes]
    (figures,) = c.figures
    assert (figures.total.unit, figures.total.pegawai, figures.total.penugasan) == (world.city.dinkes, 3, 4)
    assert figures.biaya_total == world.cat.teknis.biaya_per_peserta  # the perawat's seat; e-learning is free


@pytest.mark.parametrize(
    ("role", "names"),
    [
        ("auditor", ["Budi Santoso", "Dewi Lestari", "Rahmat Hidayat", "Siti Aminah"]),
        ("kepala", ["Dewi Lestari", "Rahmat Hidayat", "Siti Aminah"]),
        ("atasan", ["Budi Santoso"]),
        ("pegawai", ["Siti Aminah"]),
    ],
)
def test_activity_participants_are_cut_to_scope(world: World, db: None, role: str, names: list[str]) -> None:
    context = (
        client_for(world, role)
        .get(f"/rencana/plan/{world.plan.pk}/kegiatan/{world.cat.elearning.pk}/")
        .context
    )
    assert sorted(i.pegawai.nama for i in context["page"].object_list) == names
    assert context["peserta"] == 4  # class sizes are figures of the plan, not personal records


def test_home_without_a_role_says_to_ask_bkpsdm_and_offers_no_menu(world: World, db: None) -> None:
    response = client_for(world, "none").get("/", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.context["no_role"] is True
    assert "Ask BKPSDM to give it a role" in body
    assert 'href="/pegawai/"' not in body and 'href="/rencana/"' not in body


def test_menu_offers_each_role_its_pages(world: World, db: None) -> None:
    for role in ROLES[:-1]:
        body = client_for(world, role).get("/").content.decode()
        units = role in ("bkpsdm", "auditor", "ppk", "kepala")
        assert ('href="/kebutuhan/"' in body) is units, role
        assert ('href="/rencana/"' in body) is units, role
        # The PPK may read import records but does not work with them: not in the PPK's menu (issue 12).
        assert ('href="/impor/"' in body) is (role in ("bkpsdm", "auditor")), role
    own_plan = f'href="/rencana/pegawai/{world.city.perawat.nip}/"'
    employee = client_for(world, "pegawai").get("/").content.decode()
    assert own_plan in employee
    # An employee's menu leads to their own record, not to lists of others or the approval workflow.
    nav = employee[employee.index('<nav class="nav"') : employee.index("</nav>")]
    assert f'href="/pegawai/{world.city.perawat.nip}/"' in nav
    for other in ('href="/pegawai/"', 'href="/unit/"', 'href="/persetujuan/"'):
        assert other not in nav, other
    supervisor = client_for(world, "atasan").get("/").content.decode()
    assert all(link in supervisor for link in ('href="/pegawai/"', 'href="/unit/"', 'href="/persetujuan/"'))


def test_readers_see_inboxes_without_decision_forms(world: World, db: None) -> None:
    items = client_for(world, "auditor").get("/usulan/verifikasi/").context["items"]
    assert [(u.pk, form) for u, form in items] == [(world.endorsed.pk, None)]
    bkpsdm_items = client_for(world, "bkpsdm").get("/usulan/verifikasi/").context["items"]
    assert [u.pk for u, form in bkpsdm_items if form is not None] == [world.endorsed.pk]
    assert client_for(world, "ppk").get("/usulan/").context["form"] is None


def test_employee_profile_shows_only_in_scope_relations(world: World, db: None) -> None:
    """The atasan's own profile lists his subordinate; the perawat's shows her supervisor's name without a link."""
    lurah = client_for(world, "atasan").get(f"/pegawai/{world.city.lurah.nip}/").context
    assert [b.nama for b in lurah["bawahan"]] == ["Rina Marlina"]
    perawat = client_for(world, "pegawai").get(f"/pegawai/{world.city.perawat.nip}/")
    assert perawat.context["atasan_visible"] is False
    assert f'href="/pegawai/{world.city.kepala.nip}/"' not in perawat.content.decode()
    section = client_for(world, "pegawai").get(
        f"/rencana/pegawai/{world.city.perawat.nip}/", HTTP_HX_REQUEST="true"
    )
    assert section.context["can_open_plan"] is False
    assert f'href="/rencana/plan/{world.plan.pk}/"' not in section.content.decode()
