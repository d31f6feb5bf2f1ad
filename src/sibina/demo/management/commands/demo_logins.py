from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sibina.demo.selectors import demo_login_list
from sibina.demo.users import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo logins of the synthetic city, with their role and the shared password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url", default=settings.SIBINA_SITE_URL, help="address the server listens on (SIBINA_SITE_URL)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = demo_login_list()
        if not rows:
            self.stdout.write(_("No demo logins yet: run `sibina demo` first."))
            return
        self.stdout.write(_("SiBina (synthetic demo city of Binjai): %(url)s") % {"url": options["url"]})
        self.stdout.write(_("Password for every demo login: %(password)s") % {"password": DEMO_PASSWORD})
        width = max(len(r.username) for r in rows)
        group_width = max(len(r.group) for r in rows)
        for r in rows:
            who = f"{r.nama} — {r.jabatan}" if r.nama else ""
            self.stdout.write(f"  {r.username:<{width}}  {r.group:<{group_width}}  {r.peran}")
            if who:
                self.stdout.write(f"  {'':<{width}}  {'':<{group_width}}  {who}")
