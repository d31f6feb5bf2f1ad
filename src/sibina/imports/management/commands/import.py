"""``sibina import pegawai|riwayat|skj|asesmen|skp|katalog FILE``: import a file from the command line.

The kinds are the import kernel's registered importers (:mod:`sibina.imports.registry`)."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from sibina.imports import bootstrap, kernel, selectors
from sibina.imports.models import ImportBatch
from sibina.imports.registry import STAGE_READ, STAGE_WRITE, importer_names
from sibina.people.models import Instansi

SHOWN_ERRORS = 20  # the rest goes to --errors-csv


class Command(BaseCommand):
    help = (
        "Import employees (pegawai), development history (riwayat, SIASN rw_kursus/rw_diklat), position "
        "competency standards (skj), competency assessments (asesmen), SKP ratings (skp, SIASN rw_skp22) or "
        "the activity catalogue (katalog) from a CSV or XLSX file. Exit code 0 when the file was processed (even with row errors), 1 when it "
        "was not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=importer_names(), help="what the file holds")
        parser.add_argument("file", type=Path, help="CSV (comma or semicolon) or XLSX file")
        parser.add_argument("--instansi", metavar="KODE", help="agency code; default: the only agency")
        parser.add_argument("--dry-run", action="store_true", help="check and report, save nothing")
        parser.add_argument(
            "--create-units",
            action="store_true",
            help="create the work units the file names and the tree lacks (marked from import, unconfirmed); "
            "on an empty database, also the agency",
        )
        parser.add_argument(
            "--instansi-kode", metavar="KODE", help="with --create-units: code of the agency to create"
        )
        parser.add_argument(
            "--instansi-nama", metavar="NAMA", help="with --create-units: name of the agency to create"
        )
        parser.add_argument("--errors-csv", type=Path, metavar="OUT", help="write row errors to this CSV")
        parser.add_argument("--lang", choices=["id", "en"], default="id", help="language of messages")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            self._import(options)

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        create_units: bool = options["create_units"]
        named = None
        try:
            instansi: Instansi | None = selectors.import_instansi(
                kode=options["instansi"] or options["instansi_kode"]
            )
        except selectors.InstansiNotFound as exc:
            if not create_units or (Instansi.objects.exists() and not options["instansi_kode"]):
                raise CommandError(str(exc)) from exc
            try:
                named = bootstrap.instansi_named(
                    data=path.read_bytes(),
                    filename=path.name,
                    kode=options["instansi_kode"],
                    nama=options["instansi_nama"],
                )
            except bootstrap.InstansiUnknown as exc:
                raise CommandError(str(exc)) from exc
            instansi = None
        # A new agency and its first import stand or fall together: one transaction, rolled back by a dry run.
        with transaction.atomic() if named else nullcontext():
            if named is not None:
                instansi = bootstrap.instansi_create(named)
                self.stdout.write(
                    _("Agency created: %(nama)s (code %(kode)s), unconfirmed.")
                    % {"nama": instansi.nama, "kode": instansi.kode}
                )
            assert instansi is not None
            bars = _Bars()
            try:
                batch = kernel.import_file(
                    jenis=options["kind"],
                    instansi=instansi,
                    path=path,
                    dry_run=options["dry_run"],
                    buat_unit=create_units,
                    progress=bars.update,
                )
            finally:
                bars.close()
            if batch.status == ImportBatch.Status.FAILED:  # raised inside: a new agency is rolled back too
                raise CommandError(_("The file was not imported: %(reason)s") % {"reason": batch.pesan})
            self._report(batch, options["errors_csv"])  # inside: a dry run's new agency is rolled back next
            if named is not None and batch.dry_run:
                transaction.set_rollback(True)
                self.stdout.write(_("Dry run: the agency was not created either."))

    def _report(self, batch: ImportBatch, errors_csv: Path | None) -> None:
        self.stdout.write(
            _(
                "Batch %(id)d (%(file)s): %(rows)d rows, %(created)d created, %(updated)d updated, "
                "%(unchanged)d unchanged, %(errors)d with errors."
            )
            % {
                "id": batch.pk,
                "file": batch.nama_file,
                "rows": batch.jumlah_baris,
                "created": batch.jumlah_baru,
                "updated": batch.jumlah_diubah,
                "unchanged": batch.jumlah_sama,
                "errors": batch.jumlah_galat,
            }
        )
        if batch.dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
        errors = list(batch.errors.order_by("baris", "id")[: SHOWN_ERRORS + 1])
        for error in errors[:SHOWN_ERRORS]:
            self.stdout.write(
                _('line %(baris)d, %(kolom)s "%(nilai)s": %(pesan)s')
                % {"baris": error.baris, "kolom": error.kolom, "nilai": error.nilai, "pesan": error.pesan}
            )
        if len(errors) > SHOWN_ERRORS:
            more = batch.errors.count() - SHOWN_ERRORS
            self.stdout.write(_("… and %(n)d more errors (see --errors-csv).") % {"n": more})
        if errors_csv is not None:
            errors_csv.write_bytes(kernel.batch_errors_csv(batch=batch).encode("utf-8"))
            self.stdout.write(_("Row errors written to %(path)s.") % {"path": errors_csv})
        self._report_units(batch)

    def _report_units(self, batch: ImportBatch) -> None:
        n = len(batch.unit_baru)
        if not n:
            return
        if not batch.buat_unit:
            head = ngettext(
                "%(n)d work unit not found; the rows naming it were not imported. Add a unit mapping, or run "
                "again with --create-units to create it:",
                "%(n)d work units not found; the rows naming them were not imported. Add a unit mapping, or run "
                "again with --create-units to create them:",
                n,
            )
        elif batch.dry_run:
            head = ngettext(
                "%(n)d work unit would be created (from import, unconfirmed):",
                "%(n)d work units would be created (from import, unconfirmed):",
                n,
            )
        else:
            head = ngettext(
                "%(n)d work unit created (from import, unconfirmed):",
                "%(n)d work units created (from import, unconfirmed):",
                n,
            )
        self.stdout.write(head % {"n": n})
        for unit in batch.unit_baru:
            values = {
                "nama": unit["nama"],
                "induk": unit["induk"],
                "jenis": unit["jenis"],
                "baris": unit["baris"],
            }
            if unit["induk"]:
                self.stdout.write(_("  %(nama)s (under %(induk)s; %(jenis)s; rows: %(baris)d)") % values)
            else:
                self.stdout.write(_("  %(nama)s (top of the tree; %(jenis)s; rows: %(baris)d)") % values)


class _Bars:
    """One tqdm bar per stage on stderr (shown only on a terminal)."""

    def __init__(self) -> None:
        self.bars: dict[str, tqdm[Any]] = {}
        self.labels = {STAGE_READ: _("reading"), STAGE_WRITE: _("saving")}

    def update(self, stage: str, done: int, total: int) -> None:
        bar = self.bars.get(stage)
        if bar is None:
            bar = tqdm(
                total=total, desc=self.labels.get(stage, stage), unit=_("rows"), file=sys.stderr, disable=None
            )
            self.bars[stage] = bar
        bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
