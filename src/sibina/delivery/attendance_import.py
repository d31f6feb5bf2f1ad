"""Attendance files (``sibina import kehadiran FILE`` and the upload page) through the import kernel.

Columns: ``id_kelas`` (the class number SiBina shows on the class page), ``nip``, ``sesi`` (session number) and
``hadir`` (1/0, ya/tidak, hadir/tidak hadir). One row is one participant in one session; the kernel keeps the batch
(who, when, SHA-256, counts, dry run, the errors CSV) and runs the writes in one transaction. A row is written as
one attendance row per (participant, session), created or changed: the same file imported twice changes nothing
the second time (every row "unchanged"), so JP can never be doubled by a repeated file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from sibina.delivery import roster_rows
from sibina.delivery.models import LIVE, Kehadiran, Kelas, SesiKelas
from sibina.delivery.services import attendance_upsert
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
    read_int,
    require_columns,
)
from sibina.imports.rows import Progress as RowProgress

COLUMNS: Mapping[str, tuple[str, ...]] = {
    **roster_rows.COLUMNS,
    "sesi": ("sesi", "sesi_ke", "pertemuan"),
    "hadir": ("hadir", "kehadiran"),
}
HEADERS: Mapping[str, str] = {**roster_rows.HEADERS, "sesi": "sesi", "hadir": "hadir"}
SESI_MAX = 1000
_YES = frozenset({"1", "ya", "y", "hadir", "h", "true", "yes", "x", "v"})
_NO = frozenset({"0", "tidak", "t", "tidak hadir", "tidak_hadir", "absen", "a", "false", "no", "n"})


@dataclass(frozen=True, kw_only=True)
class KehadiranRow:
    baris: int = field(compare=False)
    kelas_id: int
    nip: str
    sesi: int
    hadir: bool


def _hadir(row: RowReader) -> bool | None:
    value = " ".join(row.plain("hadir").lower().split())
    if not value:
        row.required("hadir")
        return None
    if value in _YES:
        return True
    if value in _NO:
        return False
    row.fail("hadir", _("Write 1 or ya (present), 0 or tidak (absent)."))
    return None


def parse_kehadiran(table: Table, progress: RowProgress | None = None) -> Parsed[KehadiranRow]:
    """Typed rows and row errors of an attendance file (pure)."""
    cols = map_columns(table.header, COLUMNS)
    require_columns(table.header, cols, ["kelas", "nip", "sesi", "hadir"], HEADERS)

    def parse_row(row: RowReader) -> KehadiranRow | None:
        kelas_id, nip = roster_rows.read_kelas_nip(row)
        sesi = read_int(row, "sesi", lo=1, hi=SESI_MAX)
        if sesi is None and row.text("sesi") is None:
            row.required("sesi")
        hadir = _hadir(row)
        if kelas_id is None or nip is None or sesi is None or hadir is None:
            return None
        return KehadiranRow(baris=row.baris, kelas_id=kelas_id, nip=nip, sesi=sesi, hadir=hadir)

    rows, errors = parse_rows(table, cols, parse_row, progress, names=HEADERS)
    kolom = column_name(table, cols, "hadir", HEADERS)
    return parsed(
        table,
        cols,
        rows,
        errors,
        key=lambda r: (r.kelas_id, r.nip, r.sesi),
        conflict=lambda r, lines: RowError(
            r.baris,
            kolom,
            "1" if r.hadir else "0",
            _(
                "Session %(sesi)d of class %(kelas)d for NIP %(nip)s appears on lines %(lines)s with different "
                "attendance; none of them was imported."
            )
            % {"sesi": r.sesi, "kelas": r.kelas_id, "nip": r.nip, "lines": lines},
        ),
    )


def _parse(batch: ImportBatch, table: Table, progress: RowProgress | None) -> Parsed[KehadiranRow]:
    return parse_kehadiran(table, progress)


def _write(batch: ImportBatch, rows: Parsed[KehadiranRow], progress: Progress | None) -> Outcome:
    outcome = Outcome(unchanged=rows.duplicates, errors=list(rows.errors))
    write = progress_stage(progress, STAGE_WRITE, len(rows.rows))
    today = timezone.localdate()
    roster = roster_rows.load_roster(batch.instansi, (r.kelas_id for r in rows.rows), LIVE, lock=True)
    sesi = {(s.kelas_id, s.urutan): s for s in SesiKelas.objects.filter(kelas_id__in=list(roster.kelas))}
    col = rows.column

    def error(r: KehadiranRow, name: str, nilai: str, pesan: str) -> None:
        outcome.errors.append(RowError(r.baris, col(name), nilai, pesan))

    for r in rows.rows:
        k = roster.kelas.get(r.kelas_id)
        if k is None:
            error(r, "kelas", str(r.kelas_id), roster_rows.no_class())
            continue
        if k.status != Kelas.Status.DIBUKA:
            error(r, "kelas", str(r.kelas_id), _("This class is cancelled."))
            continue
        s = sesi.get((k.pk, r.sesi))
        if s is None:
            error(r, "sesi", str(r.sesi), _("The class has no session with this number."))
            continue
        if s.tanggal > today:
            error(r, "sesi", str(r.sesi), _("Attendance is recorded once the session has taken place."))
            continue
        p = roster.peserta.get((k.pk, r.nip))
        if p is None:
            error(r, "nip", r.nip, _("This employee is not a participant of the class."))
            continue
        created, updated, unchanged = attendance_upsert(
            sesi=s,
            hadir={p.pk: r.hadir},
            by=batch.oleh,
            sumber=Kehadiran.Sumber.IMPOR,
            import_batch_id=batch.pk,
        )
        outcome.created += created
        outcome.updated += updated
        outcome.unchanged += unchanged
    if write is not None:
        write(len(rows.rows))
    return outcome


KEHADIRAN = Importer(jenis=ImportBatch.Jenis.KEHADIRAN, name="kehadiran", parse=_parse, write=_write)
