from __future__ import annotations

import json
import sys
from typing import Any, TextIO, cast

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sibina.demo.positions import DemoSizeError
from sibina.demo.services import DEFAULT_SEED, DEFAULT_SIZE, DemoExistsError, DemoSummary, demo_build
from sibina.demo.skm_effects import truth
from sibina.formats import angka, durasi
from sibina.people.models import Pegawai
from sibina.reference.models import JenisAsn


class Command(BaseCommand):
    help = (
        "Build the synthetic city of Binjai: units, positions, employees, training history and demo logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action",
            nargs="?",
            choices=["truth"],
            help="truth: print the programs' true effects on converted IKM (synthetic) instead of building",
        )
        parser.add_argument("--json", action="store_true", help="with truth: print a JSON list")
        parser.add_argument(
            "--size", type=int, default=DEFAULT_SIZE, help="number of employees (default 5500)"
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="same seed and size, same city")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if any employee exists")
        parser.add_argument("--reset", action="store_true", help="delete the previous demo data first")
        parser.add_argument(
            "--until",
            metavar="YYYY-MM-DD",
            help="then run the plan year up to this day of its first half (sibina demo_delivery)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("action") == "truth":
            self._truth(as_json=options["json"])
            return
        if options["if_empty"] and Pegawai.objects.exists():
            if options["verbosity"] >= 1:
                self.stdout.write(_("Employees already exist: the demo city was not built."))
            return
        try:
            summary = demo_build(
                size=options["size"],
                seed=options["seed"],
                reset=options["reset"],
                verbosity=options["verbosity"],
                # tqdm needs the raw stream: Django's wrapper would add a newline to every redraw.
                stderr=cast(TextIO, getattr(self.stderr, "_out", sys.stderr)),
            )
        except (DemoExistsError, DemoSizeError) as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            self.stdout.write(self._summary(summary))
        if options["until"]:
            call_command(
                "demo_delivery",
                until=options["until"],
                seed=options["seed"],
                verbosity=options["verbosity"],
                stdout=self.stdout,
                stderr=self.stderr,
            )

    def _truth(self, *, as_json: bool) -> None:
        found = truth()
        if as_json:
            self.stdout.write(json.dumps(found, ensure_ascii=False, indent=2))
            return
        if not found:
            self.stdout.write(_("No true program effects are stored: build the demo city first."))
            return
        for row in found:
            self.stdout.write(
                _("%(program)s: true effect %(effect)+.2f converted IKM points")
                % {"program": row["program"], "effect": row["effect"]}
            )

    def _summary(self, s: DemoSummary) -> str:
        c = s.counts
        by_jenis = ", ".join(
            f"{label} {angka(c.get(f'pegawai_{value}', 0))}" for value, label in JenisAsn.choices
        )
        lines = [
            _("Synthetic city of Binjai built in %(seconds)s (seed %(seed)d, size %(size)s).")
            % {"seconds": durasi(s.seconds), "seed": s.seed, "size": angka(s.size)},
            _("  work units: %(units)s (%(synthetic)s synthetic)")
            % {"units": angka(c["units"]), "synthetic": angka(c["units_sintetis"])},
            _("  positions: %(n)s") % {"n": angka(c["jabatan"])},
            _("  employees: %(n)s (%(by_type)s)") % {"n": angka(c["pegawai"]), "by_type": by_jenis},
            _("  development records: %(n)s") % {"n": angka(c["riwayat"])},
            _("  demo logins: %(n)d (list them with: sibina demo_logins)") % {"n": c["users"]},
        ]
        return "\n".join(lines)
