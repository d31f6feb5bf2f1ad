"""``sibina delivery remind [--date YYYY-MM-DD]``: send the reminders due today (for cron). Each reminder goes out
exactly once per trigger, also when the command runs twice or on two machines at once.

``sibina delivery komitmen --year 2027 [--instansi KODE]``: compute the year's commitment figures per OPD and store
them as the commitment factor of the next year's needs priority (``delivery.commitment.komitmen_store``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sibina.delivery.commitment import komitmen_store
from sibina.delivery.models import PengingatRun
from sibina.delivery.tasks import remind
from sibina.formats import persen
from sibina.imports import selectors


class Command(BaseCommand):
    help = (
        "remind: send the reminders of delivery due today (classes starting soon; unanswered invitations to "
        "supervisors; JP short, no-shows and overdue milestones, escalated). komitmen: store the year's "
        "commitment figures per OPD as next year's priority factor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["remind", "komitmen"])
        parser.add_argument("--date", type=dt.date.fromisoformat, help="the day to act as (default: today)")
        parser.add_argument("--year", type=int, help="komitmen: the year measured (default: this year)")
        parser.add_argument(
            "--instansi", metavar="KODE", help="komitmen: agency code; default: the only agency"
        )
        parser.add_argument("--lang", choices=["id", "en"], default="id", help="language of messages")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            today = options["date"] or timezone.localdate()
            if options["action"] == "komitmen":
                self._komitmen(options, today)
                return
            row = PengingatRun.objects.create(tanggal=today)
            done = remind.run(row.pk)
            if done.status != PengingatRun.Status.DONE:
                raise CommandError(_("The reminders stopped: %(reason)s") % {"reason": done.pesan})
            self.stdout.write(_("%(n)d reminder(s) sent for %(date)s.") % {"n": done.terkirim, "date": today})

    def _komitmen(self, options: dict[str, Any], today: dt.date) -> None:
        tahun = options["year"] or today.year
        if not 2000 <= tahun <= 2100:
            raise CommandError(
                _("--year must be a year between 2000 and 2100, not %(year)s.") % {"year": tahun}
            )
        try:
            instansi = selectors.import_instansi(kode=options["instansi"])
        except selectors.InstansiNotFound as exc:
            raise CommandError(str(exc)) from exc
        rows = komitmen_store(instansi=instansi, tahun=tahun, today=today)
        city = next((r for r in rows if r.unit_kerja_id is None), None)
        self.stdout.write(
            _("Commitment %(year)s stored for %(n)d OPD(s); city attendance: %(rate)s.")
            % {
                "year": tahun,
                "n": sum(r.unit_kerja_id is not None for r in rows),
                "rate": persen(Decimal(city.dasar["persen"])) if city is not None else "—",
            }
        )
