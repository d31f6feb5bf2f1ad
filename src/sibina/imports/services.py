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
    *, jenis: str, instansi: Instansi, source: Path, filename: str, by: User | None, dry_run: bool = False
) -> ImportBatch:
    """Keep a copy of the file with a new queued batch and hand it to the background worker.

    Without a Celery broker the task runs inline, so the batch is finished when this returns.
    """
    data = Path(source).read_bytes()
    batch = batch_create(
        jenis=importer_named(jenis).jenis,
        instansi=instansi,
        filename=filename,
        data=data,
        by=by,
        dry_run=dry_run,
        status=ImportBatch.Status.QUEUED,
    )
    batch.file.save(Path(filename).name or "import", ContentFile(data), save=True)
    import_run.delay(batch.pk)
    batch.refresh_from_db()
    return batch
