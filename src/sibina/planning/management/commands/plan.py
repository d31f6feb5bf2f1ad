from __future__ import annotations

import getpass
import json
import sys
import time
from pathlib import Path
from typing import Any, get_args

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from sibina.optimiser import MethodArg, OptionsError, SolveOptions
from sibina.planning.export import plan_assignments, plan_current
from sibina.planning.models import MarginalRun, Plan, PlanCycle, Skenario
from sibina.planning.services import StartPurpose, cycle_for, plan_export, plan_optimise_start
from sibina.planning.tasks import marginal, optimise


class Command(BaseCommand):
    help = "The annual plan: `plan optimise --year 2027 [--scenario NAME] [--time-limit S] [--json]`, `plan export [--problem]`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["optimise", "export"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--instansi", help="instansi code (default: the only cycle of that year)")
        parser.add_argument("--scenario", help="scenario name (default: the base plan)")
        parser.add_argument("--time-limit", type=float, default=30.0, help="seconds (default 30)")
        parser.add_argument("--method", default="auto", choices=list(get_args(MethodArg)))
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--skip-marginal",
            action="store_true",
            help="do not measure the value of +Rp 50 juta (measured after the plan is stored, ~20 s)",
        )
        parser.add_argument("--format", choices=["json", "mps"], default="json", help="for export")
        parser.add_argument(
            "--problem",
            action="store_true",
            help="export the optimiser's problem (json or mps) instead of the plan's assignments",
        )
        parser.add_argument(
            "--output", type=Path, help="for export: the file to write (the plan's JSON: default stdout)"
        )
        parser.add_argument("--lang", choices=["id", "en"], default="id")

    def handle(self, *args: Any, **options: Any) -> None:
        # Overridden, not activated: a command run inside a process (tests, the job runner) must not leave its
        # language behind for whatever runs next.
        with translation.override(options["lang"]):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        cycle = _cycle(options["year"], options.get("instansi"))
        skenario = _skenario(cycle, options.get("scenario"))
        if options["action"] == "export":
            if options["problem"] or options["format"] == "mps":
                self._export_problem(cycle, skenario, options)
            else:
                self._export_plan(cycle, skenario, options["output"])
            return
        quiet = options["json"]

        def progress(pct: int, text: str) -> None:
            if not quiet:
                sys.stderr.write(f"[{pct:3d}%] {text}\n")

        try:
            solve_options = SolveOptions(method=options["method"], time_limit=options["time_limit"])
        except OptionsError as exc:
            raise CommandError(str(exc)) from None
        # Started like a web start (one run, one audit event), then run here by the job runner: a failure ends
        # the run FAILED with its message, and the message (without a traceback) is what this command prints.
        try:
            run = plan_optimise_start(
                cycle=cycle,
                skenario=skenario,
                by=None,
                options=solve_options,
                purpose=StartPurpose(note=f"sibina plan optimise (OS user {_os_user()})"),
                marginal=not options["skip_marginal"],
                enqueue=False,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        started = time.monotonic()
        run = optimise.run(run.pk, listener=progress, log_failure=options["traceback"])
        plan = Plan.objects.filter(solver_run=run).first()
        to_plan = time.monotonic() - started
        measured = None
        if plan is not None and not options["skip_marginal"]:
            # The plan is stored (and on its page) already; more budget is measured after it, as on the web.
            progress(100, _("Plan stored in %(s).1f s; measuring the value of more budget") % {"s": to_plan})
            row = MarginalRun.objects.filter(plan=plan).first()
            if row is not None:
                row = marginal.run(row.pk, listener=progress, log_failure=options["traceback"])
                measured = row.seconds
            plan.refresh_from_db(fields=["marginal"])
        figures = {
            "status": run.solve_status,
            "method": run.method,
            "objective": run.objective,
            "bound": run.bound,
            "gap": run.gap,
            "greedy_objective": run.greedy_objective,
            "cost": float(plan.biaya_total) if plan else None,
            "employees_at_20jp": plan.pegawai_20jp if plan else None,
            "employees_needing_20jp": plan.pegawai_wajib_jp if plan else None,
            "gap_levels_closed": plan.gap_tertutup if plan else None,
            "assignments": plan.items.count() if plan else 0,
            "seconds": run.seconds,
            "wall_to_plan_s": round(to_plan, 2),
            "marginal_seconds": None if measured is None else round(measured, 2),
            "input_hash": run.input_hash,
            "marginal": plan.marginal if plan else None,
        }
        if quiet:
            self.stdout.write(json.dumps(figures))
        else:
            for key, value in figures.items():
                self.stdout.write(f"{key}: {value}")
        if plan is None:
            raise CommandError(run.pesan or "no feasible plan / tidak ada rencana yang layak")

    def _export_problem(self, cycle: PlanCycle, skenario: Skenario | None, options: dict[str, Any]) -> None:
        if options["output"] is None:
            raise CommandError("--output FILE is required for export / --output wajib untuk ekspor")
        digest = plan_export(cycle=cycle, skenario=skenario, fmt=options["format"], output=options["output"])
        self.stdout.write(f"{options['output']}: sha256 {digest}")

    def _export_plan(self, cycle: PlanCycle, skenario: Skenario | None, output: Path | None) -> None:
        plan = plan_current(cycle=cycle, skenario=skenario)
        if plan is None:
            raise CommandError(
                f"Belum ada rencana untuk {cycle.tahun} / no plan for {cycle.tahun} yet: run `plan optimise`"
            )
        text = json.dumps(plan_assignments(plan=plan), ensure_ascii=False, indent=1)
        if output is None:
            self.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
            self.stdout.write(f"{output}: {plan.items.count()} assignments")


def _cycle(year: int, kode: str | None) -> PlanCycle:
    cycle = cycle_for(instansi_kode=kode, tahun=year)
    if cycle is None:
        raise CommandError(f"Siklus rencana {year} tidak ditemukan / no single plan cycle for {year}")
    return cycle


def _skenario(cycle: PlanCycle, name: str | None) -> Skenario | None:
    if not name:
        return None
    found = Skenario.objects.filter(cycle=cycle, nama=name).first()
    if found is None:
        names = ", ".join(cycle.skenario.values_list("nama", flat=True)) or "-"
        raise CommandError(f"Skenario '{name}' tidak ada / no such scenario. Ada / available: {names}")
    return found


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "?"
