"""The registry of importers: one per kind of file (``pegawai``, ``riwayat``, ``skj``, ``asesmen``, ``skp``,
``katalog``, and whatever a later stage adds).

An importer is two functions over the kernel's batch (:mod:`sibina.imports.kernel`): ``parse`` turns the
file's table into typed rows and row errors (:class:`~sibina.imports.rows.Parsed`), ``write`` matches them
against the database and writes them, returning the counts. The kernel owns everything else: the batch
record, the single transaction, the dry run, progress, the audit event and the errors CSV.

Importers register from their app's ``AppConfig.ready`` (the kernel imports none of them), so a new stage
adds a kind without touching this package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from sibina.imports.models import ImportBatch
from sibina.imports.readers import Table
from sibina.imports.rows import Parsed, RowError
from sibina.imports.rows import Progress as RowProgress

Progress: TypeAlias = Callable[[str, int, int], None]  # (stage, rows done in this stage, rows in this stage)
STAGE_READ = "read"
STAGE_WRITE = "write"


@dataclass
class NewUnit:
    """A work unit the file names and the tree lacked: created when the import was allowed to, else reported."""

    nama: str
    induk: str | None  # the parent's name; None at the top of the tree
    unor_id: str | None
    jenis: str  # the guessed UnitKerja kind
    baris: int = 0  # rows of the file placed in it


@dataclass
class Outcome:
    """What writing one file did: the counts, the row errors (the parser's and the database's), and the work
    units it created or would need."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    units: list[NewUnit] = field(default_factory=list)


@dataclass(frozen=True)
class Importer:
    """One kind of file: how its table becomes typed rows, and how those rows are written."""

    jenis: str  # ImportBatch.Jenis value
    name: str  # the word on the command line: ``sibina import <name> FILE``
    parse: Callable[[ImportBatch, Table, RowProgress | None], Parsed[Any]]
    write: Callable[[ImportBatch, Parsed[Any], Progress | None], Outcome]


_IMPORTERS: dict[str, Importer] = {}


class UnknownImportKind(LookupError):
    pass


def register(importer: Importer) -> None:
    """Add a kind; registering the same kind again replaces it (an app's ready() may run twice in tests)."""
    _IMPORTERS[importer.jenis] = importer


def importer_for(jenis: str) -> Importer:
    try:
        return _IMPORTERS[jenis]
    except KeyError:
        raise UnknownImportKind(f"No importer is registered for {jenis!r}.") from None


def importer_named(name: str) -> Importer:
    """By the command-line word (``pegawai``) or the batch kind (``PEGAWAI``)."""
    for importer in _IMPORTERS.values():
        if name in (importer.name, importer.jenis):
            return importer
    raise UnknownImportKind(f"No importer is named {name!r}.")


def importer_names() -> list[str]:
    """Command-line words of every registered kind, in the order of ImportBatch.Jenis."""
    order = list(ImportBatch.Jenis.values)
    return [
        i.name
        for i in sorted(
            _IMPORTERS.values(), key=lambda i: order.index(i.jenis) if i.jenis in order else len(order)
        )
    ]
