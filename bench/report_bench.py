"""The plan document's time on a demo city: the whole city and one OPD, PDF and XLSX. Prints one JSON line.

Run it on a database that has a plan for the year (``make run`` builds the demo city; ``sibina plan optimise
--year 2027`` makes its plan):

    .venv/bin/python bench/report_bench.py [--year 2027] [--opd DINKES]

Targets (issue 16): the whole city's PDF in at most 30 s, one OPD's in at most 5 s. Each figure is the wall time
of ``reports.services.rencana_render`` (reading the plan, wording, typesetting), as the job and the command do.
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--year", type=int, default=2027)
    parser.add_argument("--opd", default="DINKES")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sibina.config.settings")
    import django

    django.setup()
    from django.utils import translation

    from sibina.people.models import UnitKerja
    from sibina.planning.models import PlanCycle, PlanItem
    from sibina.reports.builders import document_plan
    from sibina.reports.services import rencana_render

    cycle = PlanCycle.objects.filter(tahun=args.year).select_related("instansi").first()
    plan = document_plan(cycle_id=cycle.pk) if cycle is not None else None
    if cycle is None or plan is None:
        sys.exit(f"no plan for {args.year}: run `sibina demo` and `sibina plan optimise --year {args.year}`")
    opd = UnitKerja.objects.get(instansi=cycle.instansi, kode=args.opd, parent__isnull=True)
    out: dict[str, object] = {
        "plan": plan.pk,
        "assignments": PlanItem.objects.filter(plan=plan).count(),
        "opd": opd.kode,
        "opd_assignments": PlanItem.objects.filter(
            plan=plan, pegawai__unit__path__startswith=opd.path
        ).count(),
    }
    with translation.override("id"):
        for name, unit in (("city", None), ("opd", opd)):
            for fmt in ("pdf", "xlsx"):
                r = rencana_render(plan=plan, unit=unit, fmt=fmt)
                out[f"{name}_{fmt}"] = {
                    "seconds": round(r.seconds, 2),
                    "pages": r.pages,
                    "bytes": len(r.content),
                }
    out["targets_met"] = out["city_pdf"]["seconds"] <= 30 and out["opd_pdf"]["seconds"] <= 5  # type: ignore[index]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
