"""The catalogue and plan pages, on a tiny city solved for real by the optimiser (about a second a solve).

Figures on the pages are checked against the stored plan and against sums worked out here from the stored
rows; starting an optimisation runs the background job inline at commit (never a thread in tests).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone, translation
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.planning.test_selectors import YEAR, Catalogue, catalogue, cycle, needs
from tests.web.conftest import City, make_pegawai

from sibina.audit.models import AuditEvent
from sibina.catalogue.models import Kegiatan
from sibina.optimiser import SolveOptions
from sibina.people.models import AkunInstansi, Instansi, UnitKerja
from sibina.planning.models import (
    Anggaran,
    KebutuhanTakTerlayani,
    Plan,
    PlanCycle,
    PlanItem,
    Skenario,
    SolverRun,
)
from sibina.planning.reasons import item_reason, unserved_reason
from sibina.planning.selectors import plan_reason_names
from sibina.planning.services import plan_optimise
from sibina.planning.tasks import optimise
from sibina.roles import Role

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Planned:
    city: City
    cat: Catalogue
    cycle: PlanCycle
    plan: Plan


@pytest.fixture
def planned(city: City) -> Planned:
    """The city fixture's people with needs, four activities, a cycle with ceilings and two scenarios, and the
    base plan optimised by the real solver."""
    needs(city)
    cat = catalogue(city.instansi)
    c = cycle(city.instansi)
    plan = plan_optimise(cycle=c, options=SolveOptions(time_limit=10), marginal=False)
    assert plan is not None
    return Planned(city, cat, c, plan)


def why_item(i: PlanItem) -> str:
    """An item's reason as an English page words it (from its stored data)."""
    with translation.override("en"):
        return item_reason(i.alasan_data, plan_reason_names(plan_id=i.plan_id), fallback=i.alasan)


def why_need(u: KebutuhanTakTerlayani) -> str:
    """An unserved need's reason as an English page words it (from its stored facts)."""
    with translation.override("en"):
        return unserved_reason(u.alasan_data, plan_reason_names(plan_id=u.plan_id), fallback=u.keterangan)


def bkpsdm_client() -> Client:
    user, created = User.objects.get_or_create(username="analis")
    if created:
        user.groups.add(Group.objects.get(name=Role.BKPSDM.value))
    client = Client()
    client.force_login(user)
    return client


def starts() -> list[tuple[str, str, dict[str, object]]]:
    """The optimisation starts the audit trail holds: (who, object label, what was asked)."""
    return [
        (e.username, e.objek_tipe, e.sesudah)
        for e in AuditEvent.objects.filter(aksi="plan.optimise_start").order_by("pk")
    ]


# --- access ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/katalog/",
        "/katalog/1/",
        "/katalog/katalog.xlsx",
        "/rencana/",
        "/rencana/2027/",
        "/rencana/2027/bandingkan/",
        "/rencana/proses/1/",
        "/rencana/proses/1/status/",
        "/rencana/plan/1/",
        "/rencana/plan/1/opd/1/",
        "/rencana/plan/1/kegiatan/1/",
        "/rencana/pegawai/198503142010011001/",
    ],
)
def test_anonymous_users_are_sent_to_login(client: Client, db: None, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


def test_every_page_renders_for_a_signed_in_user(reader_client: Client, planned: Planned) -> None:
    p, plan = planned, planned.plan
    item = plan.items.select_related("pegawai").first()
    assert item is not None
    for url in (
        "/katalog/",
        "/katalog/?jalur=NONKLASIKAL&kompetensi=M01&penyelenggara=BKPSDM&bentuk=NKL03&q=uji",
        f"/katalog/{p.cat.teknis.pk}/",
        "/rencana/",
        f"/rencana/{YEAR}/",
        f"/rencana/{YEAR}/bandingkan/",
        f"/rencana/proses/{plan.solver_run_id}/",
        f"/rencana/proses/{plan.solver_run_id}/status/",
        f"/rencana/plan/{plan.pk}/",
        f"/rencana/plan/{plan.pk}/opd/{p.city.dinkes.pk}/",
        f"/rencana/plan/{plan.pk}/opd/{p.city.puskesmas.pk}/",
        f"/rencana/plan/{plan.pk}/kegiatan/{item.kegiatan_id}/",
        f"/rencana/pegawai/{item.pegawai.nip}/",
        f"/pegawai/{item.pegawai.nip}/",
    ):
        assert reader_client.get(url).status_code == 200, url


def test_unknown_or_foreign_objects_are_404(reader: User, reader_client: Client, planned: Planned) -> None:
    other = Instansi.objects.create(kode="9999", nama="Kota Lain", jenis=Instansi.Jenis.KOTA)
    # With two instansi the auditor (no employee record) needs its link (docs/decisions/0012-tenant-scope.md).
    AkunInstansi.objects.create(user=reader, instansi=planned.plan.cycle.instansi)
    foreign_unit = UnitKerja.objects.create(instansi=other, kode="X", nama="Dinas X", jenis="OPD")
    plan = planned.plan
    for url in (
        f"/rencana/plan/{plan.pk + 1000}/",
        f"/rencana/plan/{plan.pk}/opd/{foreign_unit.pk}/",
        f"/rencana/plan/{plan.pk}/kegiatan/999999/",
        f"/rencana/{YEAR + 5}/",
        f"/rencana/{YEAR}/?instansi=TIDAK-ADA",
        "/rencana/proses/999999/",
        "/katalog/999999/",
    ):
        assert reader_client.get(url).status_code == 404, url


def test_plan_cycle_page_without_any_cycle(reader_client: Client, binjai: Instansi) -> None:
    response = reader_client.get("/rencana/", **EN)
    assert response.status_code == 200
    assert response.context["cycle"] is None
    assert "No plan cycle has been set up yet" in response.content.decode()


# --- the plan page ---------------------------------------------------------------------------------------


def test_plan_page_numbers_match_the_stored_plan(reader_client: Client, planned: Planned) -> None:
    plan = planned.plan
    response = reader_client.get(f"/rencana/plan/{plan.pk}/", **EN)
    f = response.context["f"]
    # The stored figures, and the same figures recomputed from the stored rows for the OPD table.
    items = list(PlanItem.objects.filter(plan=plan).select_related("kegiatan"))
    classes = {(i.kegiatan_id, i.kelas): i.kegiatan.biaya_per_kelas for i in items}
    cost = sum((i.biaya for i in items), Decimal(0)) + sum(classes.values(), Decimal(0))
    assert plan.biaya_total == cost == f.biaya_total
    assert (f.total.capai_jp, f.total.wajib_jp) == (plan.pegawai_20jp, plan.pegawai_wajib_jp)
    assert f.total.wajib_jp == 4  # the four active PNS of the city fixture (the PPPK has no minimum)
    assert f.total.gap_tertutup == plan.gap_tertutup
    assert sum(r.capai_jp for r in f.opd) == plan.pegawai_20jp
    assert sum(r.biaya_peserta for r in f.opd) == sum((i.biaya for i in items), Decimal(0))
    assert f.total.penugasan == len(items)
    body = response.content.decode()
    assert f'data-figure="cost">{plan.biaya_total:,}<' in body
    assert f'data-figure="jp">{plan.pegawai_20jp:,} / {plan.pegawai_wajib_jp:,}<' in body
    assert f'data-figure="gap">{plan.gap_tertutup:g}<' in body
    for k in {i.kegiatan for i in items}:
        assert f"/rencana/plan/{plan.pk}/kegiatan/{k.pk}/" in body


def test_plan_page_shows_ceilings_and_keeps_within_them(reader_client: Client, planned: Planned) -> None:
    response = reader_client.get(f"/rencana/plan/{planned.plan.pk}/", **EN)
    ceilings = response.context["f"].ceilings
    assert [(c.anggaran.sumber, c.batas) for c in ceilings] == [
        ("BKPSDM", Decimal(5_000_000)),
        ("OPD", Decimal(400_000)),
    ]
    for c in ceilings:
        assert Decimal(0) <= c.terpakai <= c.batas
        assert f"Rp {c.terpakai:,} of Rp {c.batas:,}" in response.content.decode()


def test_plan_page_groups_unserved_needs_by_reason(reader_client: Client, planned: Planned) -> None:
    plan = planned.plan
    response = reader_client.get(f"/rencana/plan/{plan.pk}/", **EN)
    stored = {
        alasan: KebutuhanTakTerlayani.objects.filter(plan=plan, alasan=alasan).count()
        for alasan in KebutuhanTakTerlayani.objects.filter(plan=plan).values_list("alasan", flat=True)
    }
    assert stored, "the tiny budget must leave some need open"
    groups = response.context["unserved"]
    assert {g.alasan: g.jumlah for g in groups} == stored
    body = response.content.decode()
    for g in groups:
        assert g.label in body
        for o in g.contoh:
            assert why_need(o.need) and why_need(o.need) in body


def test_plan_page_says_when_the_value_of_more_budget_was_not_measured(
    reader_client: Client, planned: Planned
) -> None:
    body = reader_client.get(f"/rencana/plan/{planned.plan.pk}/", **EN).content.decode()
    assert "Not measured for this plan." in body
    Plan.objects.filter(pk=planned.plan.pk).update(
        marginal={"text": "+Rp 50 juta on BKPSDM closes 2 more gap level(s)"}
    )
    body = reader_client.get(f"/rencana/plan/{planned.plan.pk}/", **EN).content.decode()
    # the optimiser's English sentence alone is never shown: the page words figures
    assert "+Rp 50 juta" not in body and "Not measured for this plan." in body
    Plan.objects.filter(pk=planned.plan.pk).update(
        marginal={
            "extra_juta": 50.0,
            "gap_levels": 7.0,
            "employees_to_min": 3,
            "text": "+Rp 50 juta on BKPSDM",
        }
    )
    body = reader_client.get(f"/rencana/plan/{planned.plan.pk}/", **EN).content.decode()
    assert "Rp 50 million more would close 7 more gap-levels and bring 3 more PNS to the JP minimum." in body
    assert "+Rp 50 juta on BKPSDM" not in body


def test_opd_page_lists_its_employees_with_why_and_what_stays_open(
    reader_client: Client, planned: Planned
) -> None:
    plan, city = planned.plan, planned.city
    response = reader_client.get(f"/rencana/plan/{plan.pk}/opd/{city.dinkes.pk}/", **EN)
    rows = response.context["rows"]
    in_dinkes = {city.kepala.pk, city.perawat.pk, city.bidan.pk}
    with_something = set(PlanItem.objects.filter(plan=plan).values_list("pegawai_id", flat=True)) | set(
        KebutuhanTakTerlayani.objects.filter(plan=plan).values_list("pegawai_id", flat=True)
    )
    assert {r.pegawai.pk for r in rows} == in_dinkes & with_something
    body = response.content.decode()
    for r in rows:
        assert [i.pk for i in r.items] == list(
            PlanItem.objects.filter(plan=plan, pegawai=r.pegawai)
            .order_by("triwulan", "kegiatan__kode")
            .values_list("pk", flat=True)
        )
        for i in r.items:
            assert why_item(i) and why_item(i) in body
        for o in r.tak_terlayani:
            assert o.need.get_alasan_display() in body
    summary = response.context["summary"]
    assert summary.pegawai == 3 and summary.unit == city.dinkes


def test_activity_page_lists_classes_and_participants(reader_client: Client, planned: Planned) -> None:
    plan = planned.plan
    k = planned.cat.elearning
    response = reader_client.get(f"/rencana/plan/{plan.pk}/kegiatan/{k.pk}/", **EN)
    items = PlanItem.objects.filter(plan=plan, kegiatan=k)
    assert response.context["peserta"] == items.count()
    assert [c.kelas for c in response.context["classes"]] == sorted(
        set(items.values_list("kelas", flat=True))
    )
    assert {i.pegawai_id for i in response.context["page"].object_list} == set(
        items.values_list("pegawai_id", flat=True)
    )


@pytest.mark.parametrize("page", ["plan", "opd"])
def test_query_counts_of_plan_pages_do_not_grow_with_rows(
    reader_client: Client, planned: Planned, django_assert_max_num_queries, page: str
) -> None:
    plan, city = planned.plan, planned.city
    url = f"/rencana/plan/{plan.pk}/" if page == "plan" else f"/rencana/plan/{plan.pk}/opd/{city.dinkes.pk}/"
    reader_client.get(url)  # warm the per-process caches (content types, reference rows)
    with django_assert_max_num_queries(40) as before:
        assert reader_client.get(url).status_code == 200
    # Twelve more employees of Dinas Kesehatan, each with two planned activities and an open need.
    for n in range(12):
        p = make_pegawai(instansi=city.instansi, unit=city.puskesmas, nama=f"Perawat {n:02d}")
        for k in (planned.cat.elearning, planned.cat.coaching):
            PlanItem.objects.create(
                plan=plan, pegawai=p, kegiatan=k, kelas=1, triwulan=2, biaya=k.biaya_per_peserta, jp=k.jp
            )
        KebutuhanTakTerlayani.objects.create(
            plan=plan, pegawai=p, kompetensi="M02", gap_sisa=1, alasan="budget", keterangan="no money left"
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = reader_client.get(url)
    assert response.status_code == 200
    if page == "opd":
        assert response.context["page"].paginator.count >= 12


# --- the employee page -----------------------------------------------------------------------------------


def test_profile_loads_the_plan_section_with_htmx(reader_client: Client, planned: Planned) -> None:
    nip = planned.city.perawat.nip
    body = reader_client.get(f"/pegawai/{nip}/", **EN).content.decode()
    assert f'hx-get="/rencana/pegawai/{nip}/"' in body and 'hx-trigger="load"' in body


def test_plan_section_lists_the_employees_activities_and_open_needs(
    reader_client: Client, planned: Planned
) -> None:
    plan = planned.plan
    for p in (planned.city.perawat, planned.city.bidan, planned.city.lurah, planned.city.pppk):
        response = reader_client.get(f"/rencana/pegawai/{p.nip}/", HTTP_HX_REQUEST="true", **EN)
        assert response.status_code == 200
        assert response.templates[0].name == "web/plan_pegawai_section.html"
        mine = response.context["pegawai_plan"]
        assert mine.plan == plan
        stored = PlanItem.objects.filter(plan=plan, pegawai=p)
        assert sorted(i.pk for i in mine.items) == sorted(stored.values_list("pk", flat=True))
        body = response.content.decode()
        for i in stored.select_related("kegiatan"):
            assert i.kegiatan.kode in body and why_item(i) in body
        for u in KebutuhanTakTerlayani.objects.filter(plan=plan, pegawai=p):
            assert why_need(u) in body and u.get_alasan_display() in body
    full = reader_client.get(f"/rencana/pegawai/{planned.city.perawat.nip}/", **EN)
    assert full.templates[0].name == "web/plan_pegawai.html"


def test_plan_section_without_a_plan(reader_client: Client, city: City) -> None:
    response = reader_client.get(f"/rencana/pegawai/{city.perawat.nip}/", HTTP_HX_REQUEST="true", **EN)
    assert "No optimised plan covers this employee yet." in response.content.decode()


# --- starting an optimisation ----------------------------------------------------------------------------


def test_start_is_refused_for_non_bkpsdm_users(reader_client: Client, planned: Planned) -> None:
    before = SolverRun.objects.count()
    response = reader_client.post(f"/rencana/{YEAR}/optimasi/", {"skenario": "", "time_limit": "10"})
    assert response.status_code == 403
    assert (SolverRun.objects.count(), starts()) == (before, [])
    assert "Start the optimisation" not in reader_client.get(f"/rencana/{YEAR}/", **EN).content.decode()


def test_start_is_post_only(planned: Planned) -> None:
    assert bkpsdm_client().get(f"/rencana/{YEAR}/optimasi/").status_code == 405


def test_bkpsdm_optimises_a_scenario_into_a_plan(planned: Planned, settings: SettingsWrapper) -> None:
    settings.SIBINA_JOBS = "queued"  # the test plays the worker
    client = bkpsdm_client()
    minus = Skenario.objects.get(cycle=planned.cycle, nama="Anggaran -30%")
    assert "Start the optimisation" in client.get(f"/rencana/{YEAR}/", **EN).content.decode()
    response = client.post(f"/rencana/{YEAR}/optimasi/", {"skenario": str(minus.pk), "time_limit": "10"})
    run = SolverRun.objects.get(skenario=minus)
    assert response.status_code == 302 and response["Location"] == f"/rencana/proses/{run.pk}/"
    asked = SolveOptions(time_limit=10).to_json()
    assert (run.status, run.parameters, SolveOptions.from_json(run.parameters)) == (
        SolverRun.Status.QUEUED,
        asked,
        SolveOptions(time_limit=10),
    )
    # One audit event says who started which scenario with which options.
    assert starts() == [
        ("analis", "planning.plancycle", {"run": run.pk, "skenario": "Anggaran -30%", "options": asked})
    ]
    run = optimise.run(run.pk)
    assert (run.status, run.oleh.username) == (SolverRun.Status.DONE, "analis")
    # What the solver used is kept beside what was asked, which a re-run would ask again.
    assert run.parameters["time_limit"] == 10 and run.parameters["solver"]["time_limit"] == 10
    assert SolveOptions.from_json(run.parameters) == SolveOptions(time_limit=10)
    plan = Plan.objects.get(solver_run=run)
    assert plan.skenario == minus
    page = client.get(f"/rencana/proses/{run.pk}/", **EN).content.decode()
    assert f'href="/rencana/plan/{plan.pk}/"' in page and 'hx-trigger="every 2s"' not in page
    # The scenario's ceilings are the cycle's times 0.70, and its plan keeps within them.
    f = client.get(f"/rencana/plan/{plan.pk}/").context["f"]
    assert [(c.batas, c.terpakai <= c.batas) for c in f.ceilings] == [
        (Decimal(3_500_000), True),
        (Decimal(280_000), True),
    ]


def test_bkpsdm_optimises_the_base_plan_again(planned: Planned) -> None:
    response = bkpsdm_client().post(f"/rencana/{YEAR}/optimasi/", {"skenario": "", "time_limit": "10"})
    run = SolverRun.objects.order_by("-pk").first()
    assert run is not None and run.skenario is None and response["Location"] == f"/rencana/proses/{run.pk}/"
    assert Plan.objects.filter(cycle=planned.cycle, skenario=None).count() == 2
    assert run.status == SolverRun.Status.DONE  # inline at commit, as the runner does in tests
    assert [(who, asked["skenario"]) for who, _obj, asked in starts()] == [("analis", None)]


@pytest.mark.parametrize(
    "data", [{"skenario": "", "time_limit": "1"}, {"skenario": "", "time_limit": ""}, {"skenario": "99999"}]
)
def test_a_bad_start_form_starts_nothing(planned: Planned, data: dict[str, str]) -> None:
    before = SolverRun.objects.count()
    response = bkpsdm_client().post(f"/rencana/{YEAR}/optimasi/", data, follow=True, **EN)
    assert (SolverRun.objects.count(), starts()) == (before, [])
    assert "The optimisation was not started" in response.content.decode()


def test_a_second_start_while_one_runs_follows_the_running_one(planned: Planned) -> None:
    running = SolverRun.objects.create(cycle=planned.cycle, status=SolverRun.Status.RUNNING, progress=20)
    response = bkpsdm_client().post(f"/rencana/{YEAR}/optimasi/", {"skenario": "", "time_limit": "10"})
    assert response["Location"] == f"/rencana/proses/{running.pk}/"
    assert (SolverRun.objects.latest("pk"), starts()) == (running, [])
    # A run left "running" for longer than an hour (a restarted server) no longer blocks.
    SolverRun.objects.filter(pk=running.pk).update(mulai=timezone.now() - dt.timedelta(hours=2))
    response = bkpsdm_client().post(f"/rencana/{YEAR}/optimasi/", {"skenario": "", "time_limit": "10"})
    new = SolverRun.objects.latest("pk")
    assert new != running and response["Location"] == f"/rencana/proses/{new.pk}/" and len(starts()) == 1


# --- the run page ----------------------------------------------------------------------------------------


def test_run_page_shows_progress_and_polls_while_running(reader_client: Client, planned: Planned) -> None:
    run = SolverRun.objects.create(
        cycle=planned.cycle, status=SolverRun.Status.RUNNING, progress=20, tahap="Optimising"
    )
    body = reader_client.get(f"/rencana/proses/{run.pk}/", **EN).content.decode()
    assert f'hx-get="/rencana/proses/{run.pk}/status/"' in body and 'hx-trigger="every 2s"' in body
    assert 'style="width: 20%"' in body and "Optimising" in body
    partial = reader_client.get(f"/rencana/proses/{run.pk}/status/", HTTP_HX_REQUEST="true", **EN)
    assert partial.templates[0].name == "web/plan_run_status.html"
    assert 'hx-trigger="every 2s"' in partial.content.decode()


def test_failed_run_shows_the_reason_in_words(reader_client: Client, planned: Planned) -> None:
    reason = "Employee 198503142010011001 has 3 locked activities but may attend at most 2."
    run = SolverRun.objects.create(
        cycle=planned.cycle,
        status=SolverRun.Status.FAILED,
        progress=20,
        solve_status="infeasible",
        pesan=reason,
    )
    body = reader_client.get(f"/rencana/proses/{run.pk}/", **EN).content.decode()
    assert reason in body and "No plan was made." in body and "No plan satisfies the rules" in body
    assert 'hx-trigger="every 2s"' not in body
    cycle_page = reader_client.get(f"/rencana/{YEAR}/", **EN).content.decode()
    assert "latest run failed" in cycle_page


def test_a_task_that_raises_fails_the_run_with_its_message(
    planned: Planned, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(**kwargs: object) -> None:
        raise RuntimeError("the solver's child process was killed after 70 s")

    monkeypatch.setattr("sibina.planning.tasks.plan_optimise_run", boom)
    response = bkpsdm_client().post(
        f"/rencana/{YEAR}/optimasi/", {"skenario": "", "time_limit": "10"}, follow=True
    )
    run = SolverRun.objects.order_by("-pk").first()
    assert run is not None and run.status == SolverRun.Status.FAILED
    assert run.pesan == "the solver's child process was killed after 70 s"
    assert "the solver&#x27;s child process was killed after 70 s" in response.content.decode()


# --- the cycle page and the comparison ---------------------------------------------------------------------


def test_cycle_page_shows_ceilings_policy_scenarios_and_the_latest_plan(
    reader_client: Client, planned: Planned
) -> None:
    plan = planned.plan
    response = reader_client.get("/rencana/", **EN)
    assert response.context["cycle"] == planned.cycle
    body = response.content.decode()
    for text in (
        "5,000,000",
        "400,000",
        "Anggaran -30%",
        "budget × 0.7",
        "only NKL03",
        f"/rencana/plan/{plan.pk}/",
    ):
        assert text in body, text
    rows = response.context["plans"]
    assert [(r.skenario.nama if r.skenario else None, r.plan) for r in rows] == [
        (None, plan),
        ("Anggaran -30%", None),
        ("Hanya e-learning", None),
    ]
    run = plan.solver_run
    if run.gap is not None:
        pct = (Decimal(str(run.gap)) * 100).quantize(Decimal("0.01")).normalize()
        assert f"within {pct:f}% of the best possible" in body


def test_comparison_lists_every_optimised_scenario(reader_client: Client, planned: Planned) -> None:
    elearning = Skenario.objects.get(cycle=planned.cycle, nama="Hanya e-learning")
    only_el = plan_optimise(
        cycle=planned.cycle, skenario=elearning, options=SolveOptions(time_limit=10), marginal=False
    )
    assert only_el is not None
    assert set(only_el.items.values_list("kegiatan__bentuk__kode", flat=True)) == {"NKL03"}
    assert only_el.biaya_total == Decimal(0)
    response = reader_client.get(f"/rencana/{YEAR}/bandingkan/", **EN)
    c = response.context["c"]
    assert [(col.skenario.nama if col.skenario else None) for col in c.columns] == [None, "Hanya e-learning"]
    assert [f.biaya_total for f in c.figures] == [planned.plan.biaya_total, Decimal(0)]
    assert [f.total.capai_jp for f in c.figures] == [planned.plan.pegawai_20jp, only_el.pegawai_20jp]
    assert [u.kode for u, _cells in c.opd_rows] == ["BKPSDM", "DINKES", "KEC-BJU"]
    body = response.content.decode()
    assert "Base plan" in body and "Hanya e-learning" in body
    assert "Anggaran -30%" not in body  # never optimised: no column


def test_comparison_without_plans(reader_client: Client, city: City) -> None:
    PlanCycle.objects.create(instansi=city.instansi, tahun=YEAR, nama="Kosong")
    response = reader_client.get(f"/rencana/{YEAR}/bandingkan/", **EN)
    assert "No plan has been optimised for this cycle yet." in response.content.decode()


# --- the catalogue ---------------------------------------------------------------------------------------


def test_catalogue_list_filters_and_shows_the_columns(reader_client: Client, planned: Planned) -> None:
    response = reader_client.get("/katalog/", {"jalur": "KLASIKAL"}, **EN)
    assert [k.kode for k in response.context["page"].object_list] == ["TEK-UJI", "WS-UJI"]
    body = response.content.decode()
    assert "3,000,000" in body and "+ 2,000,000 per class" in body and "2–10" in body
    by_competency = reader_client.get("/katalog/", {"kompetensi": "M04"})
    assert [k.kode for k in by_competency.context["page"].object_list] == ["COA-UJI"]
    bad = reader_client.get("/katalog/", {"jalur": "NOPE", "bentuk": "NKL03"})
    assert [k.kode for k in bad.context["page"].object_list] == ["EL-UJI"]  # a bad filter value is left out


def test_catalogue_detail_shows_competencies_eligibility_and_rules(
    reader_client: Client, planned: Planned
) -> None:
    from sibina.catalogue.models import AturanWajib
    from sibina.reference.models import TingkatJabatan

    k: Kegiatan = planned.cat.workshop
    k.golongan_min = 9
    k.jenis_asn = ["PNS", "CPNS"]
    k.hanya_garis_depan = True
    k.save()
    k.tingkat_jabatan.add(TingkatJabatan.objects.get(kode="PENGAWAS"))
    k.prasyarat.add(planned.cat.elearning)
    AturanWajib.objects.create(
        kegiatan=k, sasaran=AturanWajib.Sasaran.GARIS_DEPAN, dasar="Keputusan Wali Kota"
    )
    body = reader_client.get(f"/katalog/{k.pk}/", **EN).content.decode()
    for text in (
        "Pengawas",
        "III/a / IX and above",
        "PNS, CPNS",
        "EL-UJI",
        "All front-line staff",
        "Keputusan Wali Kota",
        "Paid from",
    ):
        assert text in body, text


def test_catalogue_export_is_for_bkpsdm(reader_client: Client, planned: Planned) -> None:
    assert reader_client.get("/katalog/katalog.xlsx").status_code == 403
    assert "Download the catalogue" not in reader_client.get("/katalog/", **EN).content.decode()
    client = bkpsdm_client()
    assert "Download the catalogue" in client.get("/katalog/", **EN).content.decode()
    response = client.get("/katalog/katalog.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="katalog-1275.xlsx"'
    assert response.content[:4] == b"PK\x03\x04"


# --- admin -----------------------------------------------------------------------------------------------


def test_every_planning_model_is_in_the_admin() -> None:
    from django.apps import apps
    from django.contrib import admin

    cycle_admin = admin.site._registry[PlanCycle]
    inline = {i.model for i in cycle_admin.inlines}
    assert inline == {Anggaran, Skenario}  # edited with their cycle
    models = apps.get_app_config("planning").get_models()
    assert [m.__name__ for m in models if not admin.site.is_registered(m) and m not in inline] == []


def test_planning_admin_pages_render_and_results_are_read_only(
    admin_client: Client, planned: Planned
) -> None:
    plan = planned.plan
    item = plan.items.first()
    unserved = KebutuhanTakTerlayani.objects.filter(plan=plan).first()
    assert item is not None and unserved is not None
    for url in (
        "/admin/planning/plancycle/",
        f"/admin/planning/plancycle/{planned.cycle.pk}/change/",
        "/admin/planning/solverrun/",
        f"/admin/planning/solverrun/{plan.solver_run_id}/change/",
        "/admin/planning/plan/",
        f"/admin/planning/plan/{plan.pk}/change/",
        "/admin/planning/planitem/",
        f"/admin/planning/planitem/{item.pk}/change/",
        "/admin/planning/kebutuhantakterlayani/",
        f"/admin/planning/kebutuhantakterlayani/{unserved.pk}/change/",
    ):
        assert admin_client.get(url).status_code == 200, url
    for model in ("solverrun", "plan", "planitem", "kebutuhantakterlayani"):
        assert admin_client.get(f"/admin/planning/{model}/add/").status_code == 403, model
    assert admin_client.post(f"/admin/planning/plan/{plan.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_cycle_admin_edits_ceilings_and_scenarios_inline(admin_client: Client, planned: Planned) -> None:
    c = planned.cycle
    page = admin_client.get(f"/admin/planning/plancycle/{c.pk}/change/").content.decode()
    assert 'name="anggaran-0-batas"' in page and 'name="skenario-0-nama"' in page
    # An OPD budget line can only name a top-level unit (the one the optimiser matches participants to).
    select = re.search(r'<select name="anggaran-0-unit".*?</select>', page, re.S)
    assert select is not None
    options = set(re.findall(r'<option value="(\d+)"', select.group(0)))
    assert str(planned.city.dinkes.pk) in options and str(planned.city.puskesmas.pk) not in options
    assert options == {
        str(pk) for pk in UnitKerja.objects.filter(parent__isnull=True).values_list("pk", flat=True)
    }


def test_nav_links_to_catalogue_and_plan(reader_client: Client, db: None) -> None:
    body = reader_client.get("/", **EN).content.decode()
    assert 'href="/katalog/"' in body and 'href="/rencana/"' in body


def test_reading_the_plan_pages_writes_nothing(reader_client: Client, planned: Planned) -> None:
    counts = (
        Plan.objects.count(),
        PlanItem.objects.count(),
        SolverRun.objects.count(),
        Anggaran.objects.count(),
    )
    for url in (f"/rencana/plan/{planned.plan.pk}/", f"/rencana/{YEAR}/bandingkan/", "/rencana/"):
        reader_client.get(url)
    assert counts == (
        Plan.objects.count(),
        PlanItem.objects.count(),
        SolverRun.objects.count(),
        Anggaran.objects.count(),
    )
