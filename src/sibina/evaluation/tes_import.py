"""Pre/post test files (L2; ``sibina import tes FILE`` and the upload page) through the import kernel.

Columns: ``id_kelas`` (the class number on the class page), ``nip``, ``pre`` and ``post`` (scores 0–100, at most two
decimals). A row sets one participant's scores, created or changed: the same file imported twice changes nothing
the second time. Row errors name the line, the column and the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sibina.delivery import roster_rows
from sibina.delivery.models import Peserta
from sibina.evaluation.instruments import parse_score, record_tes
from sibina.imports.kernel import progress_stage
from sibina.imports.models import ImportBatch
from sibina.imports.readers import Table
from sibina.imports.registry import STAGE_WRITE, Importer, Outcome, Progress
from sibina.imports.rows import (
    Parsed,
    RowError,
    RowReader,
    column_name,
    map_columns,
    parse_rows,
    parsed,
    require_columns,
)
from sibina.imports.rows import Progress as RowProgress

COLUMNS: Mapping[str, tuple[str, ...]] = {
    **roster_rows.COLUMNS,
    "pre": ("pre", "pre_test", "pretest"),
    "post": ("post", "post_test", "posttest"),
}
HEADERS: Mapping[str, str] = {**roster_rows.HEADERS, "pre": "pre", "post": "post"}


@dataclass(frozen=True, kw_only=True)
class TesRow:
    baris: int = field(compare=False)
    kelas_id: int
    nip: str
    pre: Decimal
    post: Decimal


def _score(row: RowReader, name: str) -> Decimal | None:
    text = row.plain(name)
    if not text:
        row.required(name)
        return None
    try:
        return parse_score(text, HEADERS[name])
    except ValidationError:
        row.fail(name, _("Write a score from 0 to 100 (at most two decimals)."))
        return None


def parse_tes(table: Table, progress: RowProgress | None = None) -> Parsed[TesRow]:
    """Typed rows and row errors of a test-score file (pure)."""
    cols = map_columns(table.header, COLUMNS)
    require_columns(table.header, cols, ["kelas", "nip", "pre", "post"], HEADERS)

    def parse_row(row: RowReader) -> TesRow | None:
        kelas_id, nip = roster_rows.read_kelas_nip(row)
        pre, post = _score(row, "pre"), _score(row, "post")
        if kelas_id is None or nip is None or pre is None or post is None:
            return None
        return TesRow(baris=row.baris, kelas_id=kelas_id, nip=nip, pre=pre, post=post)

    rows, errors = parse_rows(table, cols, parse_row, progress, names=HEADERS)
    kolom = column_name(table, cols, "post", HEADERS)
    return parsed(
        table,
        cols,
        rows,
        errors,
        key=lambda r: (r.kelas_id, r.nip),
        conflict=lambda r, lines: RowError(
            r.baris,
            kolom,
            str(r.post),
            _(
                "NIP %(nip)s of class %(kelas)d appears on lines %(lines)s with different scores; none of them "
                "was imported."
            )
            % {"kelas": r.kelas_id, "nip": r.nip, "lines": lines},
        ),
    )


def _parse(batch: ImportBatch, table: Table, progress: RowProgress | None) -> Parsed[TesRow]:
    return parse_tes(table, progress)


def _write(batch: ImportBatch, rows: Parsed[TesRow], progress: Progress | None) -> Outcome:
    outcome = Outcome(unchanged=rows.duplicates, errors=list(rows.errors))
    write = progress_stage(progress, STAGE_WRITE, len(rows.rows))
    roster = roster_rows.load_roster(
        batch.instansi, (r.kelas_id for r in rows.rows), [Peserta.Status.DITERIMA]
    )
    col = rows.column
    for r in rows.rows:
        k = roster.kelas.get(r.kelas_id)
        if k is None:
            outcome.errors.append(RowError(r.baris, col("kelas"), str(r.kelas_id), roster_rows.no_class()))
            continue
        p = roster.peserta.get((k.pk, r.nip))
        if p is None:
            outcome.errors.append(
                RowError(
                    r.baris,
                    col("nip"),
                    r.nip,
                    _("This employee is not an accepted participant of the class."),
                )
            )
            continue
        _row, changed = record_tes(
            by=batch.oleh, peserta=p, pre=r.pre, post=r.post, seen=None, batch_id=batch.pk
        )
        if not changed:
            outcome.unchanged += 1
        elif _row.version == 1:
            outcome.created += 1
        else:
            outcome.updated += 1
    if write is not None:
        write(len(rows.rows))
    return outcome


TES = Importer(jenis=ImportBatch.Jenis.TES, name="tes", parse=_parse, write=_write)
