"""Writes for planning: optimise a cycle (or scenario) into a stored Plan, export the exact problem."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Final

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sibina import jobs
from sibina.audit.services import audit_record
from sibina.catalogue.models import Kegiatan
from sibina.needs.models import Kebutuhan
from sibina.optimiser import (
    Problem,
    ProblemError,
    Result,
    SolveOptions,
    budget_marginal,
    explain_plan,
    problem_hash,
    problem_to_json,
    solve,
    unserved_needs,
    write_mps,
)
from sibina.planning.builder import KINERJA, MILLION, BuildIndex, PinError, Pins, ScenarioError, build_problem
from sibina.planning.models import (
    KebutuhanTakTerlayani,
    MarginalRun,
    Plan,
    PlanCycle,
    PlanItem,
    Skenario,
    SolverRun,
)
from sibina.planning.stability import keep_classes

Progress = Callable[[int, str], None]
OPTIMISE_JOB: Final = "planning.optimise"  # the job kinds planning/tasks.py registers
MARGINAL_JOB: Final = "planning.marginal"


@dataclass(frozen=True)
class StartPurpose:
    """Why a solve starts: the job kind that runs it, the audit action that records the start, the object the
    event is about (default: the cycle) and what else the job needs on its run (e.g. the approval it adopts)."""

    job: str = OPTIMISE_JOB
    action: str = "plan.optimise_start"
    about: models.Model | None = None
    params: Mapping[str, object] = field(default_factory=dict)
    note: str = ""


OPTIMISE = StartPurpose()

# A rule of a later stage that may refuse a start: (cycle, scenario, purpose) -> the reason, or None. Planning
# cannot import those stages (import-linter's layers); they register their rule when their app is ready, e.g.
# approvals: a plan set by decree is amended, not optimised again.
StartGuard = Callable[[PlanCycle, "Skenario | None", StartPurpose], "str | None"]
_START_GUARDS: list[StartGuard] = []


def start_guard_register(guard: StartGuard) -> None:
    if guard not in _START_GUARDS:
        _START_GUARDS.append(guard)


def _refused(cycle: PlanCycle, skenario: Skenario | None, purpose: StartPurpose) -> str | None:
    return next((why for guard in _START_GUARDS if (why := guard(cycle, skenario, purpose))), None)


@transaction.atomic
def plan_optimise_start(
    *,
    cycle: PlanCycle,
    skenario: Skenario | None,
    by: User | None,
    options: SolveOptions,
    pins: Pins | None = None,
    purpose: StartPurpose = OPTIMISE,
    marginal: bool = True,
    enqueue: bool = True,
) -> SolverRun:
    """Start an optimisation of ``cycle`` (or ``skenario``): one queued run holding the options, one audit event
    (who, options, scenario) and the job handed on once this commits. ``enqueue=False`` leaves the run queued
    for a caller that runs it in its own process through the job runner (the command line), and so the
    measurement of more budget that follows the plan (see ``plan_marginal_start``). A start a registered rule
    refuses (``start_guard_register``) raises ValidationError with its reason and writes nothing."""
    why = _refused(cycle, skenario, purpose)
    if why is not None:
        raise ValidationError(why)
    params: dict[str, object] = {**options.to_json(), **purpose.params}
    if pins is not None:
        params["pins"] = pins.as_json()
    if not marginal:
        params["marginal"] = False
    elif not enqueue:
        params["marginal_enqueue"] = False  # the caller runs the measurement of more budget too (the CLI)
    run = SolverRun.objects.create(cycle=cycle, skenario=skenario, oleh=by, parameters=params)
    after: dict[str, object] = {
        "run": run.pk,
        "skenario": skenario.nama if skenario is not None else None,
        "options": options.to_json(),
    }
    if pins is not None:
        after.update(locked=len(pins.locked), excluded=len(pins.excluded))
    audit_record(by=by, action=purpose.action, obj=purpose.about or cycle, after=after, note=purpose.note)
    if enqueue:
        jobs.enqueue(purpose.job, run.pk)
    return run


def plan_optimise_run(*, run: SolverRun, progress: Progress | None = None) -> Plan | None:
    """The body of the job: solve a started run with the options, pins and flags stored on it."""
    params = run.parameters
    return _solve_run(
        run,
        options=SolveOptions.from_json(params),
        pins=Pins.from_json(params.get("pins")),
        marginal=bool(params.get("marginal", True)),
        progress=progress,
        enqueue_marginal=bool(params.get("marginal_enqueue", True)),
    )


def plan_optimise(
    *,
    cycle: PlanCycle,
    skenario: Skenario | None = None,
    by: User | None = None,
    options: SolveOptions | None = None,
    progress: Progress | None = None,
    marginal: bool = True,
    pins: Pins | None = None,
) -> Plan | None:
    """Solve here and now, for tests and scripts (people start solves with ``plan_optimise_start``, which audits
    them). Returns None (run FAILED, with the reason) when no plan exists."""
    options = options or SolveOptions()
    params: dict[str, object] = dict(options.to_json())
    if pins is not None:
        params["pins"] = (
            pins.as_json()
        )  # as a started run keeps them: the measurement of more budget reads them
    run = SolverRun.objects.create(cycle=cycle, skenario=skenario, oleh=by, parameters=params)
    plan = _solve_run(run, options=options, pins=pins, marginal=marginal, progress=progress)
    if plan is not None and marginal:
        plan.refresh_from_db(fields=["marginal"])  # measured by its own job (already, when jobs run inline)
    return plan


def _solve_run(
    run: SolverRun,
    *,
    options: SolveOptions,
    pins: Pins | None,
    marginal: bool,
    progress: Progress | None,
    enqueue_marginal: bool = True,
) -> Plan | None:
    cycle, skenario = run.cycle, run.skenario
    attempts = (pins or Pins()).attempts()
    for attempt, tried in enumerate(attempts):
        _stage(run, 5, gettext_noop("Reading needs, catalogue and budgets"), progress)
        try:
            problem, index = build_problem(cycle=cycle, skenario=skenario, pins=tried)
            run.input_hash = problem_hash(problem)
            if index.pairs is not None:  # which pair set the bound covers (shown on the plan quality block)
                run.parameters = {**run.parameters, "pairs": index.pairs.as_json()}
            _stage(run, SOLVE_START, OPTIMISING_TEXT, progress)
            result = solve(problem, options=options, progress=_solve_progress(run, progress))
        except (
            ProblemError,
            PinError,
            ScenarioError,
        ) as exc:  # input the optimiser refuses: the run says why, like no plan
            _failed(run, str(exc))
            return None
        if result.feasible or attempt == len(attempts) - 1:
            break
    _record(run, result)
    if not result.feasible:
        _failed(run, "\n".join(result.infeasibility or result.messages) or _("No feasible plan."))
        return None
    if tried.keep_from is not None:
        # The pins that made the plan, so the measurement of more budget rebuilds this very problem; and everyone
        # back in the class they had.
        run.parameters = {
            **run.parameters,
            "pins": tried.as_json(),
            "stabil": _stability(tried, attempt, len(attempts)),
        }
        result = keep_classes(problem, result, _classes_of(tried.keep_from, index))
    _stage(run, 80, gettext_noop("Saving the plan and its explanations"), progress)
    plan = _save_plan(cycle, skenario, run, problem, result, index, pins or Pins())
    run.status = SolverRun.Status.DONE
    run.progress = 100
    run.selesai = timezone.now()
    run.save()
    if marginal:
        # The plan is stored and shown now; what more budget would buy (two more solves) is measured after, by
        # its own job, so nobody waits for it (the plan page says it is being measured).
        plan_marginal_start(plan=plan, enqueue=enqueue_marginal)
    return plan


def _stability(tried: Pins, attempt: int, attempts: int) -> dict[str, object]:
    """How far a stable re-optimisation had to open up: the attempt used (1 = the employees the decisions touch
    keep their other items and may only gain), how many employees were free to change (None: everyone) and how
    many could only gain."""
    free = tried.tier.free
    return {
        "percobaan": attempt + 1,
        "dari": attempts,
        "bebas": None if free is None else len(free),
        "tumbuh": len(tried.tier.grow),
    }


def _classes_of(plan_id: int, index: BuildIndex) -> dict[tuple[str, str], int]:
    """(NIP, activity code) -> 0-based class of each item of a stored plan."""
    nip = {pk: n for n, pk in index.pegawai_by_nip.items()}
    kode = {pk: k for k, pk in index.kegiatan_by_kode.items()}
    rows = PlanItem.objects.filter(plan_id=plan_id).values_list("pegawai_id", "kegiatan_id", "kelas")
    return {(nip[p], kode[k]): kelas - 1 for p, k, kelas in rows if p in nip and k in kode}


def _failed(run: SolverRun, message: str) -> None:
    run.status = SolverRun.Status.FAILED
    run.pesan = message
    run.selesai = timezone.now()
    run.save()


SOLVE_START, SOLVE_END = 20, 78  # the share of the progress bar the solve itself takes
PROGRESS_EVERY = 1.0  # seconds between two progress writes during a solve
OPTIMISING_TEXT = gettext_noop("Optimising")
MARGINAL_TEXT = gettext_noop("Measuring the value of more budget")


def _solve_progress(run: SolverRun, progress: Progress | None) -> Callable[[float, str], None]:
    return _span_progress(run, progress, SOLVE_START, SOLVE_END, OPTIMISING_TEXT)


def _span_progress(
    run: SolverRun | MarginalRun, progress: Progress | None, start: int, end: int, text: str
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


def _stage(run: SolverRun | MarginalRun, pct: int, text: str, progress: Progress | None) -> None:
    """Store the stage as its English msgid: each reader sees it in their own language."""
    jobs.progress(run, pct, text)
    if progress is not None:
        progress(pct, _(text))


def _record(run: SolverRun, r: Result) -> None:
    run.input_hash = r.input_hash
    run.method = r.method
    run.solver = r.solver
    run.solver_version = r.solver_version
    # What the solver used (the method it picked, …) beside, not over, the options asked for: a re-run asks again.
    run.parameters = {**run.parameters, "solver": dict(r.parameters)}
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
    pins: Pins,
) -> Plan:
    kegiatan = {k.kode: k for k in Kegiatan.objects.filter(instansi=cycle.instansi)}
    by_employee: dict[str, list[str]] = {}
    for a in result.assignments:
        by_employee.setdefault(a.employee, []).append(a.activity)
    reasons = _reason_data(cycle, problem, result, index, pins, by_employee)
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
                alasan_data=reasons.get((a.employee, a.activity), [{"jenis": "kelas"}]),
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
                alasan_data=u.facts,
            )
            for u in unserved_needs(problem, result)
        ],
        batch_size=2000,
    )
    return plan


def plan_marginal_start(*, plan: Plan, enqueue: bool = True) -> MarginalRun:
    """Queue the measurement of what more budget would buy for a stored plan: one row the plan page follows,
    the job handed on at once (``enqueue=False``: left queued for a caller that runs it itself, the CLI).
    No audit event: it changes no decision, only adds figures to the plan (like the solve's own progress)."""
    row, _created = MarginalRun.objects.get_or_create(plan=plan)
    if enqueue:
        jobs.enqueue(MARGINAL_JOB, row.pk)
    return row


def plan_marginal_run(*, row: MarginalRun, progress: Progress | None = None) -> None:
    """The body of the marginal job: rebuild the plan's problem (same cycle, scenario and pins as its run), check it
    is the problem the plan was solved on, then solve it with +Rp 50 juta and keep the figures on the plan."""
    plan = row.plan
    run = plan.solver_run
    started = time.monotonic()
    _stage(row, 5, gettext_noop("Reading needs, catalogue and budgets"), progress)
    problem, _index = build_problem(
        cycle=plan.cycle, skenario=plan.skenario, pins=Pins.from_json(run.parameters.get("pins"))
    )
    row.input_hash = problem_hash(problem)
    figures = _marginal(problem, _span_progress(row, progress, 10, 99, MARGINAL_TEXT))
    if row.input_hash != run.input_hash:
        # Needs, catalogue or budgets changed since the plan was solved: the figures are of today's data.
        figures["input_hash"] = row.input_hash
    Plan.objects.filter(pk=plan.pk).update(marginal=figures)
    row.seconds = time.monotonic() - started
    row.status = MarginalRun.Status.DONE
    row.progress = 100
    row.selesai = timezone.now()
    row.save()


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
        "budgets": list(m.budgets),
        "text": m.text,  # English, for the command line's JSON; pages word the figures above
    }


def _quarters(result: Result, kegiatan: dict[str, Kegiatan]) -> dict[tuple[str, int], int | None]:
    """Spread an activity's classes over the quarters it is offered in, in the order of their numbers (a stable
    re-optimisation may keep numbers with gaps: class 3 stays class 3, in its quarter)."""
    out: dict[tuple[str, int], int | None] = {}
    for a in result.assignments:
        offered = sorted(kegiatan[a.activity].triwulan or []) or [None]
        out[(a.activity, a.batch)] = offered[a.batch % len(offered)]
    return out


@dataclass(frozen=True)
class NeedLevels:
    """The levels behind a competency gap: where the employee is, the level aimed at and the need's source."""

    dari: int | None
    standar: int | None
    sumber: str


def _need_levels(cycle: PlanCycle) -> dict[tuple[int, str], NeedLevels]:
    """(pegawai id, competency) -> levels of the need the builder took the gap from (the largest over sources,
    the first of equals, as ``builder.needs_gaps``), 1 query."""
    out: dict[tuple[int, str], NeedLevels] = {}
    size: dict[tuple[int, str], int] = {}
    for pegawai_id, sumber, kode, gap, dari, ke in (
        Kebutuhan.objects.filter(
            pegawai__instansi=cycle.instansi, tahun=cycle.tahun, kompetensi__isnull=False
        )
        .exclude(sumber__in=(Kebutuhan.Sumber.WAJIB, Kebutuhan.Sumber.GAP_KINERJA))
        .values_list("pegawai_id", "sumber", "kompetensi__kode", "gap", "level_saat_ini", "level_target")
        .order_by("pk")
    ):
        key = (pegawai_id, kode)
        if gap > 0 and gap > size.get(key, 0):
            size[key] = gap
            out[key] = NeedLevels(dari, ke, sumber)
    return out


def _num(x: float) -> int | float:
    """A level or JP as stored in a reason: whole numbers as integers, else two decimals."""
    return round(x) if abs(x - round(x)) < 1e-9 else round(x, 2)


def _reason_data(
    cycle: PlanCycle,
    problem: Problem,
    result: Result,
    index: BuildIndex,
    pins: Pins,
    by_employee: Mapping[str, list[str]],
) -> dict[tuple[str, str], list[dict[str, object]]]:
    """(NIP, activity code) -> why, as parts planning.reasons words at display time (see PlanItem.alasan_data):
    the mandatory rule or the leader's lock that fixed the pair, each gap it closes with the levels (from where
    the employee is, in the order the explanation shares the gap out) and the JP it brings towards the minimum."""
    levels = _need_levels(cycle)
    jp_min = {e.id: e.jp_min for e in problem.employees}
    locked = {(p, k) for p, k in pins.locked}
    out: dict[tuple[str, str], list[dict[str, object]]] = {}
    explained = explain_plan(problem, result)
    for nip in by_employee:
        pegawai_id = index.pegawai_by_nip[nip]
        closed: dict[str, float] = {}
        for r in explained.get(nip, ()):
            parts: list[dict[str, object]] = []
            rule = index.wajib.get((nip, r.activity))
            if rule is not None:
                parts.append({"jenis": "wajib", "aturan": rule, "kegiatan": r.activity})
            elif (pegawai_id, index.kegiatan_by_kode.get(r.activity)) in locked:
                parts.append({"jenis": "kunci"})
            for k, c in r.closes:
                if k == KINERJA:
                    parts.append({"jenis": "kinerja", "naik": _num(c)})
                    continue
                lv = levels.get((pegawai_id, k))
                if lv is None or lv.dari is None:
                    parts.append({"jenis": "gap", "kompetensi": k, "naik": _num(c)})
                    continue
                start = lv.dari + closed.get(k, 0.0)
                closed[k] = closed.get(k, 0.0) + c
                parts.append(
                    {
                        "jenis": "gap",
                        "kompetensi": k,
                        "dari": _num(start),
                        "ke": _num(start + c),
                        "standar": lv.standar,
                        "sumber": lv.sumber,
                    }
                )
            if r.jp > 0:
                parts.append({"jenis": "jp", "jp": _num(r.jp), "target": _num(jp_min.get(nip) or 0)})
            out[(nip, r.activity)] = parts or [{"jenis": "kelas"}]
    return out


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


def cycle_for(*, instansi_kode: str | None, tahun: int) -> PlanCycle | None:
    """The one plan cycle of the year (of the agency when its code is given), or None when there is none or
    more than one: what the command lines act on."""
    qs = PlanCycle.objects.filter(tahun=tahun).select_related("instansi")
    if instansi_kode:
        qs = qs.filter(instansi__kode=instansi_kode)
    cycles = list(qs[:2])
    return cycles[0] if len(cycles) == 1 else None
