"""Reads of plan cycles, plans and the catalogue, shaped for pages: a few aggregate queries, the rest in Python.

A plan stores its items, its unserved needs and its headline figures (cost, PNS at 20 JP, gap-levels closed).
The figures per OPD and per employee are recomputed from the stored items with the rules of the optimiser's
independent checker, so a page's totals add up to the stored plan as long as the facts it was built from (needs,
JP records, catalogue prices) are unchanged. Every function costs a fixed number of queries, whatever the number
of employees or items.

By topic: ``runs`` (cycles, scenarios, solver runs), ``figures`` (a plan's totals, ceilings, OPD and activity
rows), ``pegawai`` (employees, classes and open needs of a plan), ``compare`` (scenarios side by side) and
``catalogue`` (the activity catalogue). Everything is re-exported here, so ``from sibina.planning import
selectors`` then ``selectors.plan_figures(...)`` keeps working.
"""

from sibina.planning.selectors.catalogue import (
    KegiatanUse,
    kegiatan_get,
    kegiatan_search,
    kegiatan_use,
    kompetensi_in_catalogue,
)
from sibina.planning.selectors.compare import Comparison, cycle_comparison
from sibina.planning.selectors.figures import (
    ZERO,
    Ceiling,
    Coverage,
    CycleFacts,
    KegiatanRow,
    PlanFigures,
    cycle_facts,
    plan_figures,
)
from sibina.planning.selectors.pegawai import (
    KelasRow,
    OpenNeed,
    PegawaiPlan,
    UnservedGroup,
    competency_names,
    pegawai_plan,
    pegawai_plans,
    plan_kegiatan_classes,
    plan_kegiatan_items,
    plan_unit_pegawai,
    unserved_groups,
)
from sibina.planning.selectors.reasons import plan_reason_names, reason_names
from sibina.planning.selectors.runs import (
    METHOD_LABELS,
    RUNNING,
    SOLVE_STATUS_LABELS,
    RunFigures,
    ScenarioPlan,
    budget_factor,
    cycle_get,
    cycle_list,
    cycle_plans,
    latest_base_plan,
    plan_get,
    run_active,
    run_get,
    run_list,
    skenario_list,
)

__all__ = [
    "METHOD_LABELS",
    "RUNNING",
    "SOLVE_STATUS_LABELS",
    "ZERO",
    "Ceiling",
    "Comparison",
    "Coverage",
    "CycleFacts",
    "KegiatanRow",
    "KegiatanUse",
    "KelasRow",
    "OpenNeed",
    "PegawaiPlan",
    "PlanFigures",
    "RunFigures",
    "ScenarioPlan",
    "UnservedGroup",
    "budget_factor",
    "competency_names",
    "cycle_comparison",
    "cycle_facts",
    "cycle_get",
    "cycle_list",
    "cycle_plans",
    "kegiatan_get",
    "kegiatan_search",
    "kegiatan_use",
    "kompetensi_in_catalogue",
    "latest_base_plan",
    "pegawai_plan",
    "pegawai_plans",
    "plan_figures",
    "plan_get",
    "plan_kegiatan_classes",
    "plan_kegiatan_items",
    "plan_reason_names",
    "plan_unit_pegawai",
    "reason_names",
    "run_active",
    "run_get",
    "run_list",
    "skenario_list",
    "unserved_groups",
]
