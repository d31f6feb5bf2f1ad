"""``sibina siasn export --year 2027 --format csv|xlsx|json --output FILE [--all]``: completed development
delivered in SiBina, in SIASN's rw_kursus / rw_diklat shapes (``sibina.delivery.siasn``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from sibina.delivery import siasn
from sibina.imports import selectors


class Command(BaseCommand):
    help = (
        "Export the year's completed development (classes completed, coaching counted) for SIASN: rw_kursus "
        "(and rw_diklat for structural training) as CSV, XLSX or JSON. Only records new or changed since the "
        "last export, unless --all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export"])
        parser.add_argument("--year", type=int, required=True, help="year of the completed development")
        parser.add_argument("--format", choices=siasn.FORMATS, default="csv")
        parser.add_argument("--output", type=Path, required=True, metavar="FILE")
        parser.add_argument("--all", action="store_true", help="every record, also those exported before")
        parser.add_argument("--instansi", metavar="KODE", help="agency code; default: the only agency")
        parser.add_argument("--lang", choices=["id", "en"], default="id", help="language of messages")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            try:
                instansi = selectors.import_instansi(kode=options["instansi"])
            except selectors.InstansiNotFound as exc:
                raise CommandError(str(exc)) from exc
            output: Path = options["output"]
            if not output.parent.is_dir():
                raise CommandError(_("The folder %(path)s does not exist.") % {"path": output.parent})
            items, paths = siasn.siasn_export(
                instansi=instansi,
                tahun=options["year"],
                fmt=options["format"],
                output=output,
                semua=options["all"],
            )
            kursus = sum(not i.diklat for i in items)
            self.stdout.write(
                _(
                    "%(kursus)d course record(s) (rw_kursus) and %(diklat)d structural training record(s) (rw_diklat) "
                    "written to %(files)s."
                )
                % {"kursus": kursus, "diklat": len(items) - kursus, "files": ", ".join(str(p) for p in paths)}
            )
