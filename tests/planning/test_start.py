"""Starting an optimisation: one run holding the options, one audit event, the job handed on at commit; and the
command line, which runs the same job in its own process and fails the run (not itself) on a bad solve."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from pytest_django.fixtures import Settings

from sibina import cli, jobs
from sibina.audit.models import AuditEvent
from sibina.optimiser import ProblemError, SolveOptions
from sibina.planning.builder import Pins
from sibina.planning.models import MarginalRun, Plan, SolverRun
from sibina.planning.services import StartPurpose, plan_optimise, plan_optimise_start
from sibina.planning.tasks import marginal, optimise
from tests.planning.conftest import Tiny

ASKED = SolveOptions(method="greedy", time_limit=7.5, mip_gap=0.01, threads=2)


def _events(action: str = "plan.optimise_start") -> list[tuple[str, str, dict[str, object] | None, str]]:
    return [
        (e.username, e.objek_id, e.sesudah, e.keterangan)
        for e in AuditEvent.objects.filter(aksi=action).order_by("pk")
    ]


def test_a_start_stores_the_options_audits_once_and_hands_the_job_on(tiny: Tiny, settings: Settings) -> None:
    settings.SIBINA_JOBS = "queued"  # the test plays the worker
    analis = User.objects.create_user(username="analis")
    run = plan_optimise_start(cycle=tiny.cycle, skenario=None, by=analis, options=ASKED, marginal=False)
    run.refresh_from_db()
    assert (run.status, run.oleh, run.parameters) == (
        "QUEUED",
        analis,
        {**ASKED.to_json(), "marginal": False},
    )
    assert SolveOptions.from_json(run.parameters) == ASKED  # the round trip: what was asked is what runs
    assert _events() == [
        ("analis", str(tiny.cycle.pk), {"run": run.pk, "skenario": None, "options": ASKED.to_json()}, "")
    ]
    run = optimise.run(run.pk)
    assert (run.status, run.method, run.parameters["solver"]["method_requested"]) == (
        "DONE",
        "greedy",
        "greedy",
    )
    assert SolveOptions.from_json(run.parameters) == ASKED  # the solver's own figures did not overwrite it
    assert Plan.objects.get(solver_run=run).marginal == {}  # marginal=False travelled on the run
    assert len(_events()) == 1


def test_a_start_that_cannot_be_handed_on_leaves_nothing(tiny: Tiny) -> None:
    with pytest.raises(jobs.JobError):
        plan_optimise_start(
            cycle=tiny.cycle,
            skenario=None,
            by=None,
            options=ASKED,
            purpose=StartPurpose(job="planning.no_such_job"),
        )
    assert (SolverRun.objects.count(), _events()) == (0, [])


def test_pins_travel_on_the_run_and_are_counted_in_the_event(tiny: Tiny, settings: Settings) -> None:
    settings.SIBINA_JOBS = "queued"
    pins = Pins(locked=frozenset({(tiny.pns[2].pk, tiny.course.pk)}))
    run = plan_optimise_start(cycle=tiny.cycle, skenario=None, by=None, options=ASKED, pins=pins)
    assert Pins.from_json(SolverRun.objects.get(pk=run.pk).parameters["pins"]) == pins
    assert _events()[0][2] == {
        "run": run.pk,
        "skenario": None,
        "options": ASKED.to_json(),
        "locked": 1,
        "excluded": 0,
    }


def test_a_failed_job_can_be_run_again(tiny: Tiny, settings: Settings) -> None:
    tiny.cycle.anggaran.update(batas=Decimal(1_000_000))  # cannot pay the mandatory Latsar (Rp 9 juta)
    run = plan_optimise_start(cycle=tiny.cycle, skenario=None, by=None, options=ASKED, marginal=False)
    run.refresh_from_db()
    assert run.status == "FAILED" and "BKPSDM" in run.pesan
    tiny.cycle.anggaran.update(batas=Decimal(13_000_000))
    assert optimise.rerun(run.pk) is True
    run.refresh_from_db()
    assert (run.status, run.pesan, Plan.objects.filter(solver_run=run).count()) == ("DONE", "", 1)
    assert SolveOptions.from_json(run.parameters) == ASKED


# --- the command line -------------------------------------------------------------------------------------


def _sibina(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str]:
    """Run the `sibina` entry point in this process (on the test's database); returns (exit code, stderr)."""
    # The command closes every connection when it ends, which would end the test's transaction.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    code = 0
    try:
        cli.main(["plan", "optimise", "--year", "2027", "--skip-checks", "--lang", "en", *args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capfd.readouterr().err


def test_the_cli_start_is_audited_and_runs_through_the_run_record(
    tiny: Tiny, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, err = _sibina(capfd, monkeypatch, "--time-limit", "10", "--skip-marginal")
    run = SolverRun.objects.get()
    assert (code, run.status, run.progress, Plan.objects.filter(solver_run=run).count()) == (
        0,
        "DONE",
        100,
        1,
    )
    assert "[ 20%] Optimising" in err
    [(who, _cycle, after, note)] = _events()
    assert (who, after) == (
        "",
        {"run": run.pk, "skenario": None, "options": SolveOptions(time_limit=10).to_json()},
    )
    assert note.startswith("sibina plan optimise (OS user ")


def test_the_cli_fails_the_run_on_input_the_optimiser_refuses(
    tiny: Tiny, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(**kwargs: object) -> None:
        raise ProblemError(["activity KURSUS-INT: biaya_per_peserta -1000000 is negative"])

    monkeypatch.setattr("sibina.planning.services.build_problem", refused)
    code, err = _sibina(capfd, monkeypatch, "--time-limit", "10")
    message = "invalid problem: activity KURSUS-INT: biaya_per_peserta -1000000 is negative"
    run = SolverRun.objects.get()
    assert (code, run.status, run.pesan, run.selesai is not None) == (1, "FAILED", message, True)
    assert f"CommandError: {message}" in err and "Traceback" not in err
    assert len(_events()) == 1


def test_the_cli_fails_the_run_when_the_solve_raises(
    tiny: Tiny, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the solver's child process was killed after 70 s")

    monkeypatch.setattr("sibina.planning.services.solve", killed)
    code, err = _sibina(capfd, monkeypatch, "--time-limit", "10")
    run = SolverRun.objects.get()
    assert (code, run.status, run.pesan) == (1, "FAILED", "the solver's child process was killed after 70 s")
    assert "CommandError: the solver's child process was killed after 70 s" in err and "Traceback" not in err


def test_the_cli_fails_the_run_when_no_plan_is_feasible(
    tiny: Tiny, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tiny.cycle.anggaran.update(batas=Decimal(1_000_000))  # cannot pay the mandatory Latsar (Rp 9 juta)
    code, err = _sibina(capfd, monkeypatch, "--time-limit", "10", "--json")
    run = SolverRun.objects.get()
    assert (code, run.status, Plan.objects.count()) == (1, "FAILED", 0)
    assert "BKPSDM" in run.pesan and f"CommandError: {run.pesan}" in err and "Traceback" not in err


def test_the_cli_refuses_a_time_limit_that_makes_no_sense(
    tiny: Tiny, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, err = _sibina(capfd, monkeypatch, "--time-limit", "0")
    assert (code, SolverRun.objects.count(), _events()) == (1, 0, [])
    assert "CommandError: time_limit must be positive, not 0.0" in err


# --- what more budget would buy: its own job, after the plan is stored ---------------------------------------


def test_the_plan_is_stored_before_more_budget_is_measured_by_its_own_job(
    tiny: Tiny, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SIBINA_JOBS = "queued"  # the test plays the worker of both jobs
    run = plan_optimise_start(cycle=tiny.cycle, skenario=None, by=None, options=ASKED)
    run = optimise.run(run.pk)
    plan = Plan.objects.get(solver_run=run)
    row = MarginalRun.objects.get(plan=plan)
    # The run is done and its plan stored while the measurement still waits for its worker.
    assert (run.status, run.progress, plan.marginal, row.status) == ("DONE", 100, {}, "QUEUED")
    seen: list[int] = []
    monkeypatch.setattr("sibina.planning.services.PROGRESS_EVERY", 0.0)
    row = marginal.run(row.pk, listener=lambda pct, text: seen.append(pct))
    plan.refresh_from_db()
    assert (row.status, row.progress, row.input_hash) == ("DONE", 100, run.input_hash)
    assert seen == sorted(seen) and any(10 < p < 100 for p in seen)  # its own progress bar
    assert set(plan.marginal) >= {"extra_juta", "gap_levels", "employees_to_min", "budgets"}
    assert plan.marginal["extra_juta"] == 50.0
    assert "input_hash" not in plan.marginal  # measured on the very problem the plan was solved on


def test_a_measurement_on_changed_data_says_so_and_a_failure_stays_on_its_row(
    tiny: Tiny, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SIBINA_JOBS = "queued"
    run = optimise.run(plan_optimise_start(cycle=tiny.cycle, skenario=None, by=None, options=ASKED).pk)
    plan = Plan.objects.get(solver_run=run)
    row = MarginalRun.objects.get(plan=plan)
    tiny.cycle.anggaran.update(batas=Decimal(14_000_000))  # the budget moved after the solve
    assert marginal.run(row.pk).status == "DONE"
    plan.refresh_from_db()
    assert plan.marginal["input_hash"] not in ("", run.input_hash)

    again = MarginalRun.objects.create(plan=Plan.objects.get(solver_run=_plain_plan_run(tiny)))

    def refused(**kwargs: object) -> None:
        raise ProblemError(["activity KURSUS-INT: biaya_per_peserta -1000000 is negative"])

    monkeypatch.setattr("sibina.planning.services.build_problem", refused)
    again = marginal.run(again.pk, log_failure=False)
    assert (again.status, again.pesan) == (
        "FAILED",
        "invalid problem: activity KURSUS-INT: biaya_per_peserta -1000000 is negative",
    )
    assert Plan.objects.get(pk=again.plan_id).marginal == {}  # the plan itself is untouched


def _plain_plan_run(tiny: Tiny) -> SolverRun:
    """A second stored plan without its measurement queued."""
    return optimise.run(
        plan_optimise_start(cycle=tiny.cycle, skenario=None, by=None, options=ASKED, marginal=False).pk
    )


def test_the_cli_stores_the_plan_then_measures_more_budget_in_the_same_process(
    tiny: Tiny, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    cli.main(
        [
            "plan",
            "optimise",
            "--year",
            "2027",
            "--skip-checks",
            "--lang",
            "en",
            "--json",
            "--method",
            "greedy",
        ]
    )
    out, err = capfd.readouterr()
    figures = json.loads(out)
    row = MarginalRun.objects.get()
    assert (row.status, row.plan.solver_run.status) == ("DONE", "DONE")
    assert row.plan.solver_run.selesai is not None and row.mulai >= row.plan.solver_run.selesai
    assert err == ""  # --json: nothing but the one object
    assert figures["marginal"]["extra_juta"] == 50.0 and figures["marginal_seconds"] == round(row.seconds, 2)
    assert figures["wall_to_plan_s"] > 0


def test_a_plan_solved_here_and_now_with_pins_is_measured_on_the_same_problem(tiny: Tiny) -> None:
    pins = Pins(locked=frozenset({(tiny.pns[2].pk, tiny.course.pk)}))
    plan = plan_optimise(cycle=tiny.cycle, options=ASKED, pins=pins)  # jobs inline: measured at once
    assert plan is not None
    assert Pins.from_json(plan.solver_run.parameters["pins"]) == pins
    row = MarginalRun.objects.get(plan=plan)
    assert (row.status, row.input_hash) == ("DONE", plan.solver_run.input_hash)
    assert plan.marginal["extra_juta"] == 50.0 and "input_hash" not in plan.marginal
