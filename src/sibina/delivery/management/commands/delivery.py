"""``sibina delivery remind [--date YYYY-MM-DD]``: send the reminders due today (for cron). Each reminder goes out
exactly once per trigger, also when the command runs twice or on two machines at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sibina.delivery.models import PengingatRun
from sibina.delivery.tasks import remind


class Command(BaseCommand):
    help = "Send the reminders of delivery due today (classes starting soon; unanswered invitations to supervisors)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["remind"])
        parser.add_argument("--date", type=dt.date.fromisoformat, help="the day to act as (default: today)")
        parser.add_argument("--lang", choices=["id", "en"], default="id", help="language of messages")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            today = options["date"] or timezone.localdate()
            row = PengingatRun.objects.create(tanggal=today)
            done = remind.run(row.pk)
            if done.status != PengingatRun.Status.DONE:
                raise CommandError(_("The reminders stopped: %(reason)s") % {"reason": done.pesan})
            self.stdout.write(_("%(n)d reminder(s) sent for %(date)s.") % {"n": done.terkirim, "date": today})
