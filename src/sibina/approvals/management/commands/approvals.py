"""``sibina approvals remind`` e-mails heads of OPDs whose review is overdue (run it daily from cron or Celery
beat); ``sibina approvals status --year 2027`` prints where each year's approval stands."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sibina.approvals import reminders, selectors
from sibina.planning.models import PlanCycle


class Command(BaseCommand):
    help = "Plan approval: overdue reminders and status."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("remind", help="e-mail the heads of OPDs whose review is overdue (once a day)")
        status = sub.add_parser("status", help="stage and reviews of a year's plan approval, as JSON")
        status.add_argument("--year", type=int, required=True)
        status.add_argument("--instansi", default=None, help="agency code (default: the only one)")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "remind":
            sent = reminders.reviews_remind(today=timezone.localdate())
            sent += reminders.setting_remind(today=timezone.localdate())
            self.stdout.write(f"reminders sent: {sent}")
            return
        cycles = PlanCycle.objects.filter(tahun=opts["year"])
        if opts["instansi"]:
            cycles = cycles.filter(instansi__kode=opts["instansi"])
        cycle = cycles.first()
        if cycle is None or cycles.count() > 1:
            raise CommandError("no single plan cycle for that year (give --instansi)")
        versions = selectors.persetujuan_list(cycle=cycle)
        out: list[dict[str, object]] = []
        for p in versions:
            rows = selectors.review_rows(persetujuan=p, today=timezone.localdate())
            out.append(
                {
                    "version": p.versi,
                    "stage": p.tahap,
                    "plan": p.plan_id,
                    "decree": p.nomor_keputusan or None,
                    "set_by": p.batas_penetapan.isoformat() if p.batas_penetapan else None,
                    "reviews": [
                        {
                            "opd": r.review.unit.kode,
                            "status": r.review.status,
                            "deadline": r.review.batas.isoformat() if r.review.batas else None,
                            "overdue": r.overdue,
                            "locked": r.locks,
                            "excluded": r.exclusions,
                        }
                        for r in rows
                    ],
                }
            )
        self.stdout.write(json.dumps(out, ensure_ascii=False))
