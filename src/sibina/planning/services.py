"""Writes for planning: optimise a cycle (or scenario) into a stored Plan, export the exact problem."""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sibina.catalogue.models import Kegiatan
from sibina.optimiser import (
    AssignmentReason,
    Problem,
    Result,
    budget_marginal,
    explain_employee,
    problem_hash,
    problem_to_json,
    solve,
    unserved_needs,
    write_mps,
)
from sibina.planning.builder import KINERJA, MILLION, BuildIndex, Pins, build_problem
from sibina.planning.models import KebutuhanTakTerlayani, Plan, PlanCycle, PlanItem, Skenario, SolverRun

Progress = Callable[[int, str], None]


def plan_optimise_run(*, run: SolverRun) -> Plan | None:
    """The body of the background job: solve a queued run with the parameters stored on it."""
    params = run.parameters
    return plan_optimise(
        cycle=run.cycle,
        skenario=run.skenario,
        by=run.oleh,
        time_limit=float(params.get("time_limit", 60.0)),
        method=str(params.get("method", "auto")),
        run=run,
        pins=Pins.from_json(params.get("pins")),
    )


def solver_run_start(
    *, cycle: PlanCycle, skenario: Skenario | None, by: User | None, params: dict[str, object]
) -> SolverRun:
    return SolverRun.objects.create(cycle=cycle, skenario=skenario, oleh=by, parameters=params)


def plan_optimise(
    *,
    cycle: PlanCycle,
    skenario: Skenario | None = None,
    by: User | None = None,
    time_limit: float = 60.0,
    method: str = "auto",
    run: SolverRun | None = None,
    progress: Progress | None = None,
    marginal: bool = True,
    pins: Pins | None = None,
) -> Plan | None:
    """Build the problem, solve it, store the plan. Returns None (run FAILED, with the reason) when no plan exists."""
    run = run or solver_run_start(
        cycle=cycle, skenario=skenario, by=by, params={"time_limit": time_limit, "method": method}
    )
    _stage(run, 5, gettext_noop("Reading needs, catalogue and budgets"), progress)
    problem, index = build_problem(cycle=cycle, skenario=skenario, pins=pins)
    run.input_hash = problem_hash(problem)
    _stage(run, SOLVE_START, OPTIMISING_TEXT, progress)
    result = solve(
        problem,
        method=method,  # type: ignore[arg-type]
        time_limit=time_limit,
        progress=_solve_progress(run, progress),
    )
    _record(run, result)
    if not result.feasible:
        run.status = SolverRun.Status.FAILED
        run.pesan = "\n".join(result.infeasibility or result.messages) or _("No feasible plan.")
        run.selesai = timezone.now()
        run.save()
        return None
    _stage(run, 80, gettext_noop("Saving the plan and its explanations"), progress)
    plan = _save_plan(cycle, skenario, run, problem, result, index)
    if marginal:
        _stage(run, 90, gettext_noop("Measuring the value of more budget"), progress)
        plan.marginal = _marginal(problem, _span_progress(run, progress, 90, 99, MARGINAL_TEXT))
        plan.save(update_fields=["marginal"])
    run.status = SolverRun.Status.DONE
    run.progress = 100
    run.selesai = timezone.now()
    run.save()
    return plan


SOLVE_START, SOLVE_END = 20, 78  # the share of the progress bar the solve itself takes
PROGRESS_EVERY = 1.0  # seconds between two progress writes during a solve
OPTIMISING_TEXT = gettext_noop("Optimising")
MARGINAL_TEXT = gettext_noop("Measuring the value of more budget")


def _solve_progress(run: SolverRun, progress: Progress | None) -> Callable[[float, str], None]:
    return _span_progress(run, progress, SOLVE_START, SOLVE_END, OPTIMISING_TEXT)


def _span_progress(
    run: SolverRun, progress: Progress | None, start: int, end: int, text: str
) -> Callable[[float, str], None]:
    """The optimiser's progress (fraction of a solve, stage) moved onto the run's bar between ``start`` and
    ``end`` percent, written at most once a second and only when the percentage moves."""
    last = {"pct": start, "at": time.monotonic()}

    def update(fraction: float, stage: str) -> None:
        pct = start + int((end - start) * min(1.0, max(0.0, fraction)))
        now = time.monotonic()
        if pct <= last["pct"] or now - last["at"] < PROGRESS_EVERY:
            return
        last.update(pct=pct, at=now)
        _stage(run, pct, text, progress)

    return update


def _stage(run: SolverRun, pct: int, text: str, progress: Progress | None) -> None:
    """Store the stage as its English msgid: each reader sees it in their own language."""
    run.status = SolverRun.Status.RUNNING
    run.progress = pct
    run.tahap = text
    run.save(update_fields=["status", "progress", "tahap"])
    if progress is not None:
        progress(pct, _(text))


def _record(run: SolverRun, r: Result) -> None:
    run.input_hash = r.input_hash
    run.method = r.method
    run.solver = r.solver
    run.solver_version = r.solver_version
    run.parameters = {**run.parameters, **{k: v for k, v in r.parameters}}
    run.solve_status = r.status
    run.objective = r.objective
    run.bound = r.bound
    run.gap = r.gap
    run.greedy_objective = r.greedy_objective
    run.seconds = r.seconds


@transaction.atomic
def _save_plan(
    cycle: PlanCycle,
    skenario: Skenario | None,
    run: SolverRun,
    problem: Problem,
    result: Result,
    index: BuildIndex,
) -> Plan:
    kegiatan = {k.kode: k for k in Kegiatan.objects.filter(instansi=cycle.instansi)}
    by_employee: dict[str, list[str]] = {}
    for a in result.assignments:
        by_employee.setdefault(a.employee, []).append(a.activity)
    reasons = {(e, r.activity): r for e in by_employee for r in explain_employee(problem, result, e)}
    quarters = _quarters(result, kegiatan)
    items = []
    total = Decimal(0)
    for a in result.assignments:
        k = kegiatan[a.activity]
        cost = k.biaya_per_peserta
        total += cost
        items.append(
            PlanItem(
                pegawai_id=index.pegawai_by_nip[a.employee],
                kegiatan=k,
                kelas=a.batch + 1,
                triwulan=quarters.get((a.activity, a.batch)),
                biaya=cost,
                jp=k.jp,
                alasan=_reason_text(reasons.get((a.employee, a.activity))),
            )
        )
    batches = dict(result.batches)
    total += sum((kegiatan[code].biaya_per_kelas * n for code, n in batches.items()), Decimal(0))
    with_min = [e for e in problem.employees if e.jp_min is not None]
    short = dict(result.shortfall)
    plan = Plan.objects.create(
        cycle=cycle,
        skenario=skenario,
        solver_run=run,
        biaya_total=total,
        pegawai_20jp=sum(1 for e in with_min if short.get(e.id, 0.0) <= 1e-9),
        pegawai_wajib_jp=len(with_min),
        gap_tertutup=sum(c for _, _, c in result.gap_closed),
        wajib_terlewat=[d.as_json() for d in index.wajib_terlewat],
    )
    for item in items:
        item.plan = plan
    PlanItem.objects.bulk_create(items, batch_size=2000)
    KebutuhanTakTerlayani.objects.bulk_create(
        [
            KebutuhanTakTerlayani(
                plan=plan,
                pegawai_id=index.pegawai_by_nip[u.employee],
                kompetensi=u.competency,
                gap_sisa=u.gap_left,
                alasan=u.reason if u.reason in KebutuhanTakTerlayani.Alasan.values else "value",
                keterangan=u.text,
            )
            for u in unserved_needs(problem, result)
        ],
        batch_size=2000,
    )
    return plan


MARGINAL_EXTRA = 50.0  # Rp millions: "what would +Rp 50 juta buy?"
MARGINAL_SECONDS = 20.0  # per solve; the comparison uses the same fast method on both sides


def _marginal(problem: Problem, progress: Callable[[float, str], None] | None = None) -> dict[str, object]:
    """Re-solve quickly with +Rp 50 juta on every ceiling and report what it adds (fast method, bounded time)."""
    central = tuple(b.id for b in problem.budgets if b.id in ("BKPSDM", "TOTAL"))
    m = budget_marginal(
        problem, MARGINAL_EXTRA, central, method="auto", time_limit=MARGINAL_SECONDS, progress=progress
    )
    return {
        "extra_juta": m.extra,
        "gap_levels": m.gap_levels_after - m.gap_levels_before,
        "employees_to_min": m.at_min_after - m.at_min_before,
        "text": m.text,
    }


def _quarters(result: Result, kegiatan: dict[str, Kegiatan]) -> dict[tuple[str, int], int | None]:
    """Spread an activity's classes over the quarters it is offered in, in order."""
    out: dict[tuple[str, int], int | None] = {}
    for code, n in result.batches:
        offered = sorted(kegiatan[code].triwulan or []) or [None]
        for b in range(n):
            out[(code, b)] = offered[b % len(offered)]
    return out


def _reason_text(r: AssignmentReason | None) -> str:
    if r is None:
        return ""
    parts = [(_("performance gap") if k == KINERJA else k) + f" +{c:g}" for k, c in r.closes]
    text = _("Closes: %(gaps)s") % {"gaps": ", ".join(parts)} if parts else ""
    if r.jp > 0:
        text = (text + "; " if text else "") + _("%(jp)s JP towards 20 JP") % {"jp": f"{r.jp:g}"}
    return text or _("Fills the class; no remaining gap of this employee.")


def plan_export(*, cycle: PlanCycle, skenario: Skenario | None, fmt: str, output: Path) -> str:
    """Write the exact problem as JSON (self-describing schema) or MPS; returns the input hash."""
    problem, _index = build_problem(cycle=cycle, skenario=skenario)
    if fmt == "json":
        output.write_text(problem_to_json(problem, indent=1), encoding="utf-8")
    else:
        write_mps(problem, output)
    return problem_hash(problem)


def rupiah(millions: float) -> Decimal:
    return (Decimal(str(millions)) * MILLION).quantize(Decimal(1))


def cycle_for(*, instansi_kode: str | None, tahun: int) -> PlanCycle:
    qs = PlanCycle.objects.filter(tahun=tahun)
    if instansi_kode:
        qs = qs.filter(instansi__kode=instansi_kode)
    return qs.get()
