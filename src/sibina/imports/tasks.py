"""Background job of the import: one per uploaded file, run by the job runner (see ``sibina.jobs``)."""

from __future__ import annotations

from sibina import jobs
from sibina.imports.kernel import import_batch_run
from sibina.imports.models import ImportBatch


def _import(batch: ImportBatch, listener: jobs.Listener | None) -> None:
    """Run a queued import batch from its stored file.

    A failure is recorded on the batch (status FAILED, with the reason, data unchanged), so the upload page
    shows the failed batch instead of an error page.
    """
    import_batch_run(batch=batch)


# The upload page waits for an import (thread=False: inline in the embedded default); ``import_run.delay(pk)``
# is how ``import_start`` hands a batch on.
import_run = jobs.register("imports.import", model=ImportBatch, body=_import, thread=False)
