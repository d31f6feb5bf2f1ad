from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from sibina.delivery.models import Peserta
from sibina.demo.delivery import DeliveryDemoError, demo_delivery
from sibina.demo.services import DEFAULT_SEED
from sibina.formats import angka, tanggal


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(_("--until: %(value)r is not a date (YYYY-MM-DD).") % {"value": text}) from exc


class Command(BaseCommand):
    help = (
        "Run the demo city's plan year up to a date of its first half: the plan optimised and decreed, classes "
        "held, answers, attendance and completions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--until", default="2027-06-30", help="the last simulated day (default 2027-06-30)"
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="same seed, same answers")
        parser.add_argument(
            "--time-limit", type=float, default=60.0, help="seconds the optimiser may take (default 60)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] >= 1
        bars: list[tqdm[object]] = []  # made at the first class, once the plan (and so the total) is known

        def progress(done: int, total: int) -> None:
            if not bars:
                bars.append(tqdm(total=total, unit=_("class"), file=sys.stderr, disable=not verbose))
            bars[0].update(done - bars[0].n)

        try:
            summary = demo_delivery(
                seed=options["seed"],
                sampai=_date(options["until"]),
                time_limit=options["time_limit"],
                say=lambda text: self.stdout.write(text) if verbose else None,
                progress=progress,
            )
        except DeliveryDemoError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            for bar in bars:
                bar.close()
        if verbose:
            c = summary.counts
            self.stdout.write(
                _(
                    "The %(year)s plan was decreed and run up to %(until)s: %(kelas)s classes, %(peserta)s "
                    "participants (accepted %(terima)s, declined %(tolak)s, no answer %(diam)s), %(selesai)s "
                    "completed; %(pengganti)s substitutes, %(aksi)s change projects, %(klaim)s own development "
                    "claims."
                )
                % {
                    "year": summary.tahun,
                    "until": tanggal(summary.sampai),
                    "kelas": angka(summary.kelas),
                    "peserta": angka(summary.peserta),
                    "terima": angka(c.get(Peserta.Status.DITERIMA, 0)),
                    "tolak": angka(c.get(Peserta.Status.DITOLAK, 0)),
                    "diam": angka(c.get(Peserta.Status.DIUNDANG, 0)),
                    "selesai": angka(c.get("selesai", 0)),
                    "pengganti": angka(c.get("pengganti", 0)),
                    "aksi": angka(c.get("aksi", 0)),
                    "klaim": angka(c.get("klaim", 0)),
                }
            )
            the_day = (summary.sampai + dt.timedelta(days=1)).isoformat()
            self.stdout.write(
                _("To see the city as of that day, serve it with: SIBINA_DEMO_TODAY=%(day)s make run")
                % {"day": the_day}
            )
