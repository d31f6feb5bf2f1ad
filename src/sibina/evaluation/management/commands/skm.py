"""``sibina skm hasil --periode 2026 [--json] [--instansi KODE]``: the SKM results of every unit in one period.

JSON: a list, one object per unit, ``unit_kerja`` (name), ``kode``, ``periode``, ``responden``, ``nrr`` (nine numbers,
three decimals, elements U1…U9 in the order of PermenPANRB 14/2017), ``ikm`` (four decimals), ``ikm_konversi`` (a
string with two decimals, e.g. ``"88.31"``), ``mutu`` (``"A"``…``"D"``) and ``gabungan`` (the semesters pooled
into a year's result, else empty). Without ``--json``: a table to read.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from sibina.evaluation import domain, selectors
from sibina.evaluation.skm_factor import skm_faktor_store
from sibina.imports.selectors import InstansiNotFound, import_instansi


def as_json(row: selectors.SkmRow) -> dict[str, object]:
    return {
        "unit_kerja": row.unit.nama,
        "kode": row.unit.kode,
        "periode": row.periode.label,
        "responden": row.hasil.responden,
        "nrr": [float(v) for v in row.hasil.nrr_rounded(3)],
        "ikm": str(row.hasil.ikm_rounded(4)),
        "ikm_konversi": str(row.hasil.ikm_konversi),
        "mutu": row.hasil.mutu,
        "gabungan": list(row.gabungan),
    }


class Command(BaseCommand):
    help = "SKM (public satisfaction survey) results per service unit for one period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action",
            choices=["hasil", "faktor"],
            help="hasil: results; faktor: store the shortfall for the needs priority",
        )
        parser.add_argument("--periode", required=True, help="2026, 2026-S1 or 2026-S2")
        parser.add_argument("--instansi", metavar="KODE", help="agency code; default: the only agency")
        parser.add_argument("--json", action="store_true", help="print a JSON list")
        parser.add_argument("--lang", choices=["id", "en"], default="id", help="language of messages")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            try:
                periode = domain.parse_periode(options["periode"])
            except ValueError:
                raise CommandError(
                    _(
                        "Write the period as a year (2026) or a semester (2026-S1, 2026-S2), from %(min)d to %(max)d."
                    )
                    % {"min": domain.TAHUN_MIN, "max": domain.TAHUN_MAX}
                ) from None
            try:
                instansi = import_instansi(kode=options["instansi"])
            except InstansiNotFound as exc:
                raise CommandError(str(exc)) from exc
            if options["action"] == "faktor":
                if periode.semester is not None:
                    raise CommandError(
                        _("The SKM factor is stored per year: write the period as a year (2026).")
                    )
                made = skm_faktor_store(instansi=instansi, tahun=periode.tahun)
                self.stdout.write(
                    _("SKM shortfall stored for %(n)d unit(s) of %(year)d (%(below)d below the Good bound).")
                    % {"n": len(made), "year": periode.tahun, "below": sum(1 for f in made if f.nilai > 0)}
                )
                return
            rows = selectors.skm_results(instansi=instansi, periode=periode)
            if options["json"]:
                self.stdout.write(json.dumps([as_json(r) for r in rows], ensure_ascii=False, indent=2))
                return
            self._table(rows, periode)

    def _table(self, rows: list[selectors.SkmRow], periode: domain.Periode) -> None:
        if not rows:
            self.stdout.write(_("No SKM results for %(periode)s.") % {"periode": periode.label})
            return
        width = min(60, max(len(r.unit.nama) for r in rows))
        head = [_("Work unit").ljust(width), _("Resp.").rjust(6), *(u.kode.rjust(6) for u in domain.UNSUR)]
        head += [_("IKM").rjust(7), _("Quality")]
        self.stdout.write("  ".join(head))
        for r in rows:
            cells = [r.unit.nama[:width].ljust(width), str(r.hasil.responden).rjust(6)]
            cells += [f"{v:.3f}".rjust(6) for v in r.hasil.nrr_rounded(3)]
            cells += [str(r.hasil.ikm_konversi).rjust(7), f"{r.hasil.mutu} {domain.MUTU_KATA[r.hasil.mutu]}"]
            if r.gabungan:
                cells.append("(" + " + ".join(r.gabungan) + ")")
            self.stdout.write("  ".join(cells))
        self.stdout.write(
            _(
                "%(n)d unit(s), period %(periode)s. U1…U9: NRR per element; IKM: converted (× 25), two decimals."
            )
            % {"n": len(rows), "periode": periode.label}
        )
