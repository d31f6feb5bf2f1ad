"""The plan as JSON, for checking it from outside: each assignment with who the employee is (job family, unit
type, OPD), who the activity is for (its target audience), and which pair set the run's bound covers.

``sibina plan export --year 2027 --format json`` writes this; ``--problem`` writes the optimiser's problem
instead (planning.services.plan_export). Read-only.
"""

from __future__ import annotations

from typing import Any

from sibina.catalogue.audience import audience_json, peserta_of, syarat_of, unit_facts
from sibina.catalogue.domain import why_not_eligible
from sibina.planning.models import Plan, PlanCycle, Skenario
from sibina.planning.reasons import item_reason
from sibina.planning.selectors.reasons import plan_reason_names

SCHEMA = "sibina.plan-assignments/1"


def plan_current(*, cycle: PlanCycle, skenario: Skenario | None = None) -> Plan | None:
    """The cycle's most recent plan (of the base problem, or of ``skenario``)."""
    return (
        Plan.objects.filter(cycle=cycle, skenario=skenario)
        .select_related("solver_run", "cycle__instansi")
        .order_by("-created_at", "-id")
        .first()
    )


def bound_covers(parameters: dict[str, Any]) -> str:
    """One sentence (English, for files) naming the pair set the bound is relative to."""
    pairs = parameters.get("pairs") or {}
    if not pairs:
        return "The run did not record its pair set."
    return (
        f"The bound covers the {pairs['offered']} employee-activity pairs offered to the optimiser (those that "
        f"close one of the employee's own gaps, JP filler, mandatory and locked ones) out of {pairs['allowed']} "
        "pairs the eligibility rules and target audiences allow."
    )


def plan_assignments(*, plan: Plan) -> dict[str, Any]:
    run = plan.solver_run
    units = unit_facts(instansi=plan.cycle.instansi_id)
    items = (
        plan.items.select_related(
            "pegawai__jabatan__tingkat", "pegawai__golongan", "pegawai__unit", "kegiatan__bentuk"
        )
        .prefetch_related("kegiatan__tingkat_jabatan")
        .order_by("pegawai__nip", "kegiatan__kode")
    )
    names = plan_reason_names(plan_id=plan.pk)
    syarat: dict[int, Any] = {}
    audience: dict[int, dict[str, list[str]]] = {}
    rows = []
    for item in items:
        p, k = item.pegawai, item.kegiatan
        if k.pk not in syarat:
            syarat[k.pk] = syarat_of(k)
            audience[k.pk] = audience_json(k)
        peserta = peserta_of(p, units)
        rows.append(
            {
                "nip": p.nip,
                "nama": p.nama,
                "jabatan": peserta.jabatan,
                "rumpun_jabatan": peserta.rumpun,
                "unit": p.unit.kode,
                "jenis_unit": peserta.jenis_unit,
                "opd": peserta.opd,
                "kegiatan": k.kode,
                "judul": k.judul,
                "bentuk": k.bentuk.kode,
                "sasaran": audience[k.pk],
                "oleh_atasan": k.oleh_atasan,
                "tidak_memenuhi": why_not_eligible(peserta, syarat[k.pk]),  # null: the rules allow the pair
                "kelas": item.kelas,
                "triwulan": item.triwulan,
                "jp": float(item.jp),
                "biaya": int(item.biaya),
                # why, in words (the command's language) and as the parts the words are made of
                "alasan": item_reason(item.alasan_data, names, fallback=item.alasan),
                "alasan_data": item.alasan_data,
            }
        )
    params = run.parameters or {}
    return {
        "schema": SCHEMA,
        "instansi": plan.cycle.instansi.kode,
        "tahun": plan.cycle.tahun,
        "plan": plan.pk,
        "skenario": plan.skenario.nama if plan.skenario else None,
        "run": {
            "objective": run.objective,
            "bound": run.bound,
            "gap": run.gap,
            "greedy_objective": run.greedy_objective,
            "pairs": params.get("pairs"),
            "bound_covers": bound_covers(params),
        },
        "biaya_total": int(plan.biaya_total),
        "assignments": rows,
    }
