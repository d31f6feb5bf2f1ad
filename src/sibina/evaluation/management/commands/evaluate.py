"""``sibina evaluate --year 2027 [--json] [--all-outcomes] [--instansi KODE]``: recompute the effect of each
program on service quality and its verdict for a plan year (through the job runner), and print them.

JSON: a list, one object per program (converted IKM; with ``--all-outcomes`` also U6 and U7, told apart by
``hasil``): ``program`` (activity code), ``judul``, ``hasil``, ``estimate``, ``ci_low``, ``ci_high`` (95 %),
``se``, ``n_treated``, ``n_control``, ``n_periods``, ``n_pre``, ``pretrend_p``, ``warnings`` (codes) and
``verdict`` (``PERLUAS``/``LANJUTKAN``/``TINJAU_ULANG``/``DATA_KURANG``). Without ``--json``: a table.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from sibina.evaluation.effects import as_json, evaluation_run, latest, warning_words
from sibina.evaluation.models import EfekProgram, Putusan
from sibina.imports.selectors import InstansiNotFound, import_instansi
from sibina.jobs.models import JobStatus
from sibina.reference.selectors import MissingReference

YEAR_MIN, YEAR_MAX = 2018, 2100


class Command(BaseCommand):
    help = "Recompute the effect of each program on service quality (SKM) and its verdict for a plan year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", type=int, required=True, help="plan year, e.g. 2027 (uses data before it)"
        )
        parser.add_argument("--instansi", metavar="KODE", help="agency code; default: the only agency")
        parser.add_argument("--json", action="store_true", help="print a JSON list")
        parser.add_argument("--all-outcomes", action="store_true", help="also the U6 and U7 elements")
        parser.add_argument("--lang", choices=["id", "en"], default="id", help="language of messages")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            year = options["year"]
            if not YEAR_MIN <= year <= YEAR_MAX:
                raise CommandError(
                    _("Give a plan year from %(min)d to %(max)d.") % {"min": YEAR_MIN, "max": YEAR_MAX}
                )
            try:
                instansi = import_instansi(kode=options["instansi"])
            except InstansiNotFound as exc:
                raise CommandError(str(exc)) from exc
            try:
                row = evaluation_run(instansi=instansi, tahun=year, by=None)
            except MissingReference as exc:
                raise CommandError(_("A verdict setting is missing: %(error)s") % {"error": exc}) from exc
            if row.status != JobStatus.DONE:
                raise CommandError(_("The evaluation failed: %(error)s") % {"error": row.pesan})
            found = [
                e
                for e in latest(instansi=instansi, tahun=year)
                if options["all_outcomes"] or e.hasil == EfekProgram.Hasil.IKM
            ]
            if options["json"]:
                self.stdout.write(json.dumps([as_json(e) for e in found], ensure_ascii=False, indent=2))
                return
            self._table(found, year)

    def _table(self, found: list[EfekProgram], year: int) -> None:
        if not found:
            self.stdout.write(
                _("No program has completions among front-line staff with SKM surveys before %(year)d.")
                % {"year": year}
            )
            return
        words = warning_words()
        labels = dict(Putusan.choices)
        head = [
            _("Program").ljust(14),
            _("Outcome").ljust(5),
            _("Effect").rjust(7),
            _("95% interval").rjust(17),
        ]
        head += [_("Trained").rjust(7), _("Control").rjust(7), _("Pre-trend p").rjust(11), _("Verdict")]
        self.stdout.write("  ".join(head))
        for e in found:
            est = "—" if e.estimate is None else f"{e.estimate:+.2f}"
            ci = "—" if e.ci_low is None else f"[{e.ci_low:+.2f}; {e.ci_high:+.2f}]"
            p = "—" if e.pretrend_p is None else f"{e.pretrend_p:.2f}"
            cells = [e.kegiatan.kode[:14].ljust(14), e.hasil.ljust(5), est.rjust(7), ci.rjust(17)]
            cells += [
                str(e.n_treated).rjust(7),
                str(e.n_control).rjust(7),
                p.rjust(11),
                str(labels[e.verdict]),
            ]
            self.stdout.write("  ".join(cells))
            for code in e.peringatan:
                self.stdout.write("    ! " + words.get(code, code))
        self.stdout.write(
            _(
                "Effect: change in converted IKM points (0–100) after front-line staff completed the program, against "
                "units not yet trained; plan year %(year)d, surveys before it."
            )
            % {"year": year}
        )
