"""The import kernel: the one lifecycle of an import batch, whatever the file holds.

One file is one :class:`ImportBatch` (who, when, the file's SHA-256, the counts) and one transaction: a crash
or a killed process leaves the data as it was before the file (the batch row itself is written first, so an
interrupted run stays visible as RUNNING). The file is read into a table (:mod:`sibina.imports.readers`),
the registered importer of the batch's kind (:mod:`sibina.imports.registry`) parses it into typed rows and
row errors and writes them; a dry run rolls the writes back and keeps only the report. The row errors are
stored on the batch and exported as CSV with exactly the columns ``baris, kolom, nilai, pesan``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Protocol, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sibina import sheets
from sibina.audit.services import audit_record, snapshot
from sibina.imports.models import ImportBatch, ImportRowError
from sibina.imports.readers import ImportFileError, read_table
from sibina.imports.registry import STAGE_READ, Outcome, Progress, importer_for, importer_named
from sibina.imports.rows import Progress as RowProgress
from sibina.people.models import Instansi

CHUNK = 900  # ids per IN (...) query: under SQLite's default limit of 999 parameters
BULK = 1000
NILAI_MAX = 2000  # an error's value is shown, not stored whole
ERROR_COLUMNS = ("baris", "kolom", "nilai", "pesan")
User = AbstractBaseUser | AnonymousUser


# --- entry points ------------------------------------------------------------------------------------------


def import_file(
    *,
    jenis: str,
    instansi: Instansi,
    path: Path,
    filename: str | None = None,
    by: User | None = None,
    dry_run: bool = False,
    buat_unit: bool = False,
    progress: Progress | None = None,
) -> ImportBatch:
    """Import a file of kind ``jenis`` (``pegawai``/``PEGAWAI``, ``skj``, …) into ``instansi``, now.

    ``buat_unit``: the importer confirmed that work units the file names and the tree lacks may be created.
    """
    data = Path(path).read_bytes()
    return import_data(
        jenis=jenis,
        instansi=instansi,
        data=data,
        filename=filename or Path(path).name,
        by=by,
        dry_run=dry_run,
        buat_unit=buat_unit,
        progress=progress,
    )


def import_data(
    *,
    jenis: str,
    instansi: Instansi,
    data: bytes,
    filename: str,
    by: User | None = None,
    dry_run: bool = False,
    buat_unit: bool = False,
    progress: Progress | None = None,
) -> ImportBatch:
    """As :func:`import_file`, from the file's bytes."""
    kind = importer_named(jenis).jenis
    batch = batch_create(
        jenis=kind,
        instansi=instansi,
        filename=filename,
        data=data,
        by=by,
        dry_run=dry_run,
        buat_unit=buat_unit,
    )
    return batch_run(batch=batch, data=data, progress=progress)


def import_batch_run(*, batch: ImportBatch, progress: Progress | None = None) -> ImportBatch:
    """Run a queued batch from its stored file (the body of the background job)."""
    with batch.file.open("rb") as stored:
        data = stored.read()
    return batch_run(batch=batch, data=data, progress=progress)


# --- one run -----------------------------------------------------------------------------------------------


def batch_create(
    *,
    jenis: str,
    instansi: Instansi,
    filename: str,
    data: bytes,
    by: User | None,
    dry_run: bool,
    buat_unit: bool = False,
    status: str = ImportBatch.Status.RUNNING,
) -> ImportBatch:
    return ImportBatch.objects.create(
        jenis=jenis,
        instansi=instansi,
        nama_file=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        oleh_id=by.pk if by is not None and by.is_authenticated else None,
        dry_run=dry_run,
        buat_unit=buat_unit,
        status=status,
    )


def batch_run(*, batch: ImportBatch, data: bytes, progress: Progress | None = None) -> ImportBatch:
    """Read, parse and write the file of ``batch`` with the importer of its kind; never half-writes.

    A file that cannot be imported as a whole marks the batch FAILED with the reason; an unexpected error
    does the same and is raised again (the caller logs it).
    """
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    batch.status = ImportBatch.Status.RUNNING
    try:
        importer = importer_for(batch.jenis)
        table = read_table(data, batch.nama_file)
        parsed = importer.parse(batch, table, progress_stage(progress, STAGE_READ, len(table.rows)))
        batch_apply(batch, parsed.line_count, lambda: importer.write(batch, parsed, progress))
    except ImportFileError as exc:
        _fail(batch, str(exc))
    except Exception as exc:
        _fail(
            batch,
            _("The import stopped on an unexpected error and changed nothing: %(error)s") % {"error": exc},
        )
        raise
    return batch


def batch_apply(batch: ImportBatch, line_count: int, upsert: Callable[[], Outcome]) -> None:
    """All writes of one file in one transaction; a dry run rolls them back and keeps only the report."""
    with transaction.atomic():
        outcome = upsert()
        if batch.dry_run:
            transaction.set_rollback(True)
        else:
            _finish(batch, line_count, outcome)
            _audit_applied(batch)
    if batch.dry_run:
        with transaction.atomic():
            _finish(batch, line_count, outcome)


# One audit event per applied file: the counts. Each changed field is in PerubahanData already.
BATCH_AUDIT_FIELDS = (
    "jenis",
    "instansi_id",
    "nama_file",
    "sha256",
    "jumlah_baris",
    "jumlah_baru",
    "jumlah_diubah",
    "jumlah_sama",
    "jumlah_galat",
)


def _audit_applied(batch: ImportBatch) -> None:
    after = snapshot(batch, BATCH_AUDIT_FIELDS)
    if batch.buat_unit and batch.unit_baru:  # the units this file created belong to its record
        after["unit_baru"] = [unit["nama"] for unit in batch.unit_baru]
    audit_record(
        by=batch.oleh,
        action="import.apply",
        obj=batch,
        after=after,
        label=f"{batch.get_jenis_display()}: {batch.nama_file}",
    )


def progress_stage(progress: Progress | None, stage: str, total: int) -> RowProgress | None:
    """A row counter for one stage that reports (stage, done, total) to ``progress``."""
    if progress is None:
        return None
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        progress(stage, done, total)

    return advance


def _printable(text: str) -> str:
    """PostgreSQL text cannot hold NUL: a garbled cell is shown with U+FFFD instead of failing the batch."""
    return text.replace("\x00", "\ufffd")


def _finish(batch: ImportBatch, line_count: int, outcome: Outcome) -> None:
    errors = sorted(outcome.errors, key=lambda e: e.baris)
    ImportRowError.objects.bulk_create(
        [
            ImportRowError(
                batch=batch,
                baris=e.baris,
                kolom=_printable(e.kolom)[:100],
                nilai=_printable(e.nilai)[:NILAI_MAX],
                pesan=_printable(e.pesan),
            )
            for e in errors
        ],
        batch_size=BULK,
    )
    batch.jumlah_baris = line_count
    batch.jumlah_baru = outcome.created
    batch.jumlah_diubah = outcome.updated
    batch.jumlah_sama = outcome.unchanged
    batch.jumlah_galat = len({e.baris for e in errors})
    batch.unit_baru = [asdict(unit) for unit in outcome.units]
    batch.status = ImportBatch.Status.DONE
    batch.progress = 100
    batch.selesai = timezone.now()
    batch.save()


def _fail(batch: ImportBatch, message: str) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.FAILED,
        pesan=message,
        selesai=timezone.now(),
        jumlah_baru=0,
        jumlah_diubah=0,
        jumlah_sama=0,
    )
    batch.refresh_from_db()


# --- the errors CSV ----------------------------------------------------------------------------------------


class _Error(Protocol):
    @property
    def baris(self) -> int: ...
    @property
    def kolom(self) -> str: ...
    @property
    def nilai(self) -> str: ...
    @property
    def pesan(self) -> str: ...


def errors_csv(errors: Iterable[_Error], shown: Callable[[str, str], str] | None = None) -> str:
    """Row errors as CSV with exactly the columns baris, kolom, nilai, pesan; formulas defused.

    ``shown(kolom, nilai)`` gives the value as the reader may see it (a NIK masked).
    """

    def value(e: _Error) -> str:
        return e.nilai if shown is None else shown(e.kolom, e.nilai)

    return sheets.csv_text(ERROR_COLUMNS, ((e.baris, e.kolom, value(e), e.pesan) for e in errors))


def batch_errors_csv(*, batch: ImportBatch, shown: Callable[[str, str], str] | None = None) -> str:
    """The batch's row errors as CSV (see :func:`errors_csv`)."""
    return errors_csv(batch.errors.order_by("baris", "id"), shown)


# --- helpers for importers ---------------------------------------------------------------------------------


def assign_changed(rec: object, values: Mapping[str, object]) -> list[tuple[str, object, object]]:
    """Set each field whose value differs on ``rec``; return (field, before, after) of every change."""
    changed = []
    for name, value in values.items():
        before = getattr(rec, name)
        if before != value:
            setattr(rec, name, value)
            changed.append((name, before, value))
    return changed


T = TypeVar("T")


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """Slices small enough for SQLite's limit on query parameters."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
