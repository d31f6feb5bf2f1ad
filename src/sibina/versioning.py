"""Optimistic locking: the one way a service checks the version a person saw before it writes.

A form carries the ``version`` of the row it showed. Reading the version and then writing unconditionally loses
updates when two requests arrive at once (both read the same version, both write), so:

- ``with claim(obj, seen=…):`` moves the row from the version seen to the next one in ONE conditional statement,
  ``UPDATE … SET version = version + 1 WHERE pk = … AND version = …``. Of two concurrent edits made on the same
  version exactly one matches; the other matches no row (PostgreSQL re-checks the condition once the first
  commits) and is refused. The row then stays locked until the caller's transaction ends.
- ``hold`` is for a row the write depends on but does not change: it locks the row and checks its version.
- ``bump`` moves a row on when a change is made without a form (a job, a cascade), so forms opened before it
  are refused afterwards.

All three run inside the caller's ``transaction.atomic``: a refusal, or any later error, leaves nothing written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model, QuerySet
from django.utils.translation import gettext as _


def _rows(obj: Model) -> QuerySet[Any]:
    # The base manager: a default manager that hides rows must not make a row look changed.
    return type(obj)._base_manager.using(obj._state.db).filter(pk=obj.pk)


def _in_transaction(obj: Model) -> None:
    if transaction.get_autocommit(using=obj._state.db):
        raise transaction.TransactionManagementError(
            "A versioned write must run inside the service's transaction.atomic."
        )


def stale(obj: Model, *, seen: int, now: int | None, error: type[ValidationError] = ValidationError) -> None:
    """Raise the refusal a person gets for an edit made on a copy that has moved on."""
    raise error(
        {
            "version": _(
                "Someone else changed this %(what)s after you opened it (version %(yours)s, now %(now)s). "
                "Reload the page and try again; nothing was saved."
            )
            % {"what": obj._meta.verbose_name, "yours": seen, "now": now}
        }
    )


@contextmanager
def claim(obj: Model, *, seen: int, error: type[ValidationError] = ValidationError) -> Iterator[None]:
    """Move ``obj``'s row from version ``seen`` to ``seen + 1``, or refuse if it is no longer at ``seen``; the
    rest of the write runs inside the ``with`` block.

    Inside the block ``obj`` holds the row as it is now (locked until commit), with the new version. If the block
    raises, the caller's transaction rolls the row back, and ``obj`` goes back to the version seen with it.
    """
    _in_transaction(obj)
    if _rows(obj).filter(version=seen).update(version=F("version") + 1) != 1:
        stale(obj, seen=seen, now=_rows(obj).values_list("version", flat=True).first(), error=error)
    obj.refresh_from_db()
    try:
        yield
    except BaseException:
        obj.version = seen  # type: ignore[attr-defined]
        raise


def hold(obj: Model, *, seen: int, error: type[ValidationError] = ValidationError) -> None:
    """Lock ``obj``'s row until commit and refuse if it is no longer at version ``seen``; the version stays."""
    _in_transaction(obj)
    now = _rows(obj).select_for_update().values_list("version", flat=True).first()
    if now != seen:
        stale(obj, seen=seen, now=now, error=error)


def check(obj: Model, *, seen: int, error: type[ValidationError] = ValidationError) -> None:
    """Refuse if ``obj``'s row is no longer at version ``seen``, without locking it: for a step that only
    prepares a later write (which must claim, hold or bump in its own transaction)."""
    now = _rows(obj).values_list("version", flat=True).first()
    if now != seen:
        stale(obj, seen=seen, now=now, error=error)


def bump_many(rows: QuerySet[Any]) -> int:
    """Move every row of ``rows`` to its next version whatever it is now (a bulk change made without a form, so a
    form opened on any of them before is refused). Returns the rows moved."""
    return rows.update(version=F("version") + 1)


def bump(obj: Model) -> None:
    """Move ``obj``'s row to its next version whatever it is now (a change made without a form)."""
    _in_transaction(obj)
    _rows(obj).update(version=F("version") + 1)
    obj.version = _rows(obj).values_list("version", flat=True).get()  # type: ignore[attr-defined]
