"""Background jobs of the import: one Celery task per uploaded file (inline when no broker is configured)."""

from __future__ import annotations

import logging

from celery import shared_task

from sibina.imports.kernel import import_batch_run
from sibina.imports.models import ImportBatch

logger = logging.getLogger(__name__)


@shared_task(name="sibina.imports.import_run")  # type: ignore[untyped-decorator]  # celery has no types
def import_run(batch_id: int) -> None:
    """Run a queued import batch from its stored file.

    A failure is already recorded on the batch (status FAILED, with the reason, data unchanged), so it is
    logged here rather than raised: the upload page shows the failed batch instead of an error page.
    """
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        import_batch_run(batch=batch)
    except Exception:
        logger.exception("Import batch %s failed", batch_id)
