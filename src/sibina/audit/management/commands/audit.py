"""``sibina audit backfill`` gives events written by earlier versions their instansi and OPD (``audit.backfill``);
run it once after upgrading, it changes nothing when run again."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from sibina.audit.backfill import events_backfill


class Command(BaseCommand):
    help = "Audit trail upkeep."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("backfill", help="give earlier events their instansi and OPD (safe to run again)")

    def handle(self, *args: Any, **opts: Any) -> None:
        with tqdm(desc=_("audit events"), unit=_("events"), file=sys.stderr, disable=None) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            result = events_backfill(on_progress=progress)
        self.stdout.write(
            _("%(examined)s events examined: %(instansi)s given their instansi, %(opd)s their OPD")
            % {"examined": result.examined, "instansi": result.instansi, "opd": result.opd}
        )
