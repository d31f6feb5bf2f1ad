"""``sibina catalogue export|import``: the catalogue of development activities as an XLSX file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from sibina.catalogue.xlsx import catalogue_export
from sibina.catalogue.xlsx_import import ImportResult, catalogue_import
from sibina.imports import selectors
from sibina.imports.kernel import errors_csv
from sibina.imports.readers import ImportFileError

SHOWN_ERRORS = 20  # the rest goes to --errors-csv


class Command(BaseCommand):
    help = (
        "Export the catalogue to XLSX (`catalogue export --output FILE.xlsx`) or import one back "
        "(`catalogue import FILE.xlsx [--dry-run] [--errors-csv OUT]`), upserting activities by code. "
        "Exit code 0 when the file was processed (even with row errors), 1 when it was not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write the catalogue to an XLSX file")
        export.add_argument("--output", type=Path, required=True, metavar="FILE.xlsx")
        imp = sub.add_parser("import", help="read a catalogue XLSX (or CSV) file")
        imp.add_argument("file", type=Path)
        imp.add_argument("--dry-run", action="store_true", help="check and report, save nothing")
        imp.add_argument("--errors-csv", type=Path, metavar="OUT", help="write row errors to this CSV")
        for p in (export, imp):
            p.add_argument("--instansi", metavar="KODE", help="agency code; default: the only agency")
            p.add_argument("--lang", choices=["id", "en"], default="id", help="language of messages")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            try:
                instansi = selectors.import_instansi(kode=options["instansi"])
            except selectors.InstansiNotFound as exc:
                raise CommandError(str(exc)) from exc
            if options["action"] == "export":
                output: Path = options["output"]
                output.write_bytes(catalogue_export(instansi=instansi))
                n = instansi.kegiatan.count()
                self.stdout.write(
                    _("%(n)d activities of %(instansi)s written to %(path)s.")
                    % {"n": n, "instansi": instansi.nama, "path": output}
                )
                return
            path: Path = options["file"]
            if not path.is_file():
                raise CommandError(_("File not found: %(path)s") % {"path": path})
            try:
                result = catalogue_import(
                    instansi=instansi, data=path.read_bytes(), filename=path.name, dry_run=options["dry_run"]
                )
            except ImportFileError as exc:
                raise CommandError(_("The file was not imported: %(reason)s") % {"reason": exc}) from exc
            self._report(path, result, options["errors_csv"])

    def _report(self, path: Path, result: ImportResult, errors_out: Path | None) -> None:
        self.stdout.write(
            _(
                "%(file)s: %(rows)d rows, %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                "%(errors)d with errors."
            )
            % {
                "file": path.name,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "errors": result.rows_with_errors,
            }
        )
        if result.dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
        for error in result.errors[:SHOWN_ERRORS]:
            self.stdout.write(
                _('line %(baris)d, %(kolom)s "%(nilai)s": %(pesan)s')
                % {"baris": error.baris, "kolom": error.kolom, "nilai": error.nilai, "pesan": error.pesan}
            )
        if len(result.errors) > SHOWN_ERRORS:
            more = len(result.errors) - SHOWN_ERRORS
            self.stdout.write(_("… and %(n)d more errors (see --errors-csv).") % {"n": more})
        if errors_out is not None:
            errors_out.write_bytes(errors_csv(result.errors).encode("utf-8"))
            self.stdout.write(_("Row errors written to %(path)s.") % {"path": errors_out})
