"""Starting an import in the background: keep the uploaded file with a queued batch and hand it to a worker.

The batch lifecycle itself is the kernel's (:mod:`sibina.imports.kernel`); what each kind of file means is
its importer's (:mod:`sibina.imports.registry`).
"""

from __future__ import annotations

from pathlib import Path

from django.core.files.base import ContentFile

from sibina.imports.kernel import User, batch_create
from sibina.imports.models import ImportBatch
from sibina.imports.registry import importer_named
from sibina.imports.tasks import import_run
from sibina.people.models import Instansi


def import_start(
    *,
    jenis: str,
    instansi: Instansi,
    source: Path,
    filename: str,
    by: User | None,
    dry_run: bool = False,
    buat_unit: bool = False,
) -> ImportBatch:
    """Keep a copy of the file with a new queued batch and hand it to the background worker.

    Without a Celery broker the task runs inline, so the batch is finished when this returns.
    """
    return _start(
        jenis=jenis,
        instansi=instansi,
        data=Path(source).read_bytes(),
        filename=filename,
        by=by,
        dry_run=dry_run,
        buat_unit=buat_unit,
    )


class NoStoredFile(LookupError):
    """The batch kept no copy of its file (a command-line import): it cannot be run again from here."""


def import_again(*, batch: ImportBatch, by: User | None, buat_unit: bool) -> ImportBatch:
    """Import the stored file of ``batch`` again, for real: after a dry run, or to create the units it lacked."""
    if not batch.file:
        raise NoStoredFile(batch.pk)
    with batch.file.open("rb") as stored:
        data = stored.read()
    return _start(
        jenis=batch.jenis,
        instansi=batch.instansi,
        data=data,
        filename=batch.nama_file,
        by=by,
        dry_run=False,
        buat_unit=buat_unit,
    )


def _start(
    *,
    jenis: str,
    instansi: Instansi,
    data: bytes,
    filename: str,
    by: User | None,
    dry_run: bool,
    buat_unit: bool,
) -> ImportBatch:
    batch = batch_create(
        jenis=importer_named(jenis).jenis,
        instansi=instansi,
        filename=filename,
        data=data,
        by=by,
        dry_run=dry_run,
        buat_unit=buat_unit,
        status=ImportBatch.Status.QUEUED,
    )
    batch.file.save(Path(filename).name or "import", ContentFile(data), save=True)
    import_run.delay(batch.pk)
    batch.refresh_from_db()
    return batch
