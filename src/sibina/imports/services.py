"""Imports from SIASN/SIMPEG files: employees (upsert by NIP) and development history.

One file is one :class:`ImportBatch` and one transaction: a crash or a killed process leaves the data as it
was before the file (the batch row itself is written first, so an interrupted run stays visible as RUNNING).
Rows are parsed in :mod:`sibina.imports.parsers`; here they are matched against the database and written in
bulk. Re-importing the same file writes nothing; a changed field writes a :class:`PerubahanData` row (before
and after) and bumps ``Pegawai.version``. An empty cell never erases what SiBina already knows.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sibina.audit.services import audit_record, snapshot
from sibina.imports import domain, matching, parsers
from sibina.imports.models import ImportBatch, ImportRowError, PerubahanData
from sibina.people.models import Instansi, Jabatan, Pegawai, RiwayatPengembangan, UnitKerja
from sibina.reference import selectors as reference
from sibina.reference.models import Golongan, TingkatPendidikan

Progress = Callable[[str, int, int], None]  # (stage, rows done in this stage, rows in this stage)
STAGE_READ = "read"
STAGE_WRITE = "write"
CHUNK = 900  # ids per IN (...) query: under SQLite's default limit of 999 parameters
BULK = 1000
PROGRESS_CHUNK = 5000  # rows inserted between two progress reports
NILAI_MAX = 2000  # an error's value is shown, not stored whole
MAX_LEVELS = 30  # supervisor levels inserted one after another; a city has fewer than ten
User = AbstractBaseUser | AnonymousUser

# Pegawai fields an import sets from the file when the cell is not empty.
PEGAWAI_SCALARS = (
    "nama",
    "tanggal_lahir",
    "jenis_kelamin",
    "jenis_asn",
    "nip_lama",
    "pns_id",
    "nik",
    "gelar_depan",
    "gelar_belakang",
    "tempat_lahir",
    "agama",
    "email",
    "nomor_hp",
    "tmt_golongan",
    "tmt_jabatan",
    "jurusan",
    "tahun_lulus",
    "tmt_cpns",
    "tmt_pns",
    "status",
)


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[parsers.RowError] = field(default_factory=list)


# --- entry points ------------------------------------------------------------------------------------------


def import_pegawai(
    *,
    instansi: Instansi,
    path: Path,
    filename: str | None = None,
    by: User | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportBatch:
    """Import an employee file (SIASN/SIMPEG export, CSV or XLSX) into ``instansi``."""
    data = Path(path).read_bytes()
    batch = batch_create(ImportBatch.Jenis.PEGAWAI, instansi, filename or Path(path).name, data, by, dry_run)
    return batch_run_data(batch, data, progress)


def import_riwayat(
    *,
    instansi: Instansi,
    path: Path,
    filename: str | None = None,
    by: User | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportBatch:
    """Import development history in the SIASN rw_kursus or rw_diklat shape for employees of ``instansi``."""
    data = Path(path).read_bytes()
    batch = batch_create(ImportBatch.Jenis.RIWAYAT, instansi, filename or Path(path).name, data, by, dry_run)
    return batch_run_data(batch, data, progress)


def import_start(
    *, jenis: str, instansi: Instansi, source: Path, filename: str, by: User | None, dry_run: bool = False
) -> ImportBatch:
    """Keep a copy of the file with a new queued batch and hand it to the background worker.

    Without a Celery broker the task runs inline, so the batch is finished when this returns.
    """
    from sibina.imports.tasks import import_run  # the task module imports this one

    data = Path(source).read_bytes()
    batch = batch_create(jenis, instansi, filename, data, by, dry_run, status=ImportBatch.Status.QUEUED)
    batch.file.save(Path(filename).name or "import", ContentFile(data), save=True)
    import_run.delay(batch.pk)
    batch.refresh_from_db()
    return batch


def import_batch_run(*, batch: ImportBatch, progress: Progress | None = None) -> ImportBatch:
    """Run a queued batch from its stored file (the body of the Celery task)."""
    with batch.file.open("rb") as stored:
        data = stored.read()
    return batch_run_data(batch, data, progress)


def batch_errors_csv(*, batch: ImportBatch) -> str:
    """The batch's row errors as CSV with exactly the columns baris, kolom, nilai, pesan."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["baris", "kolom", "nilai", "pesan"])
    writer.writerows(batch.errors.order_by("baris", "id").values_list("baris", "kolom", "nilai", "pesan"))
    return out.getvalue()


# --- one run -----------------------------------------------------------------------------------------------


def batch_create(
    jenis: str,
    instansi: Instansi,
    filename: str,
    data: bytes,
    by: User | None,
    dry_run: bool,
    status: str = ImportBatch.Status.RUNNING,
) -> ImportBatch:
    return ImportBatch.objects.create(
        jenis=jenis,
        instansi=instansi,
        nama_file=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        oleh_id=by.pk if by is not None and by.is_authenticated else None,
        dry_run=dry_run,
        status=status,
    )


def batch_run_data(batch: ImportBatch, data: bytes, progress: Progress | None) -> ImportBatch:
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    batch.status = ImportBatch.Status.RUNNING
    try:
        table = parsers.read_table(data, batch.nama_file)
        lookups = _lookups()
        read = progress_stage(progress, STAGE_READ, len(table.rows))
        if batch.jenis == ImportBatch.Jenis.PEGAWAI:
            pegawai = parsers.parse_pegawai(table, lookups, read)
            batch_apply(batch, pegawai.line_count, lambda: _upsert_pegawai(batch, pegawai, progress))
        elif batch.jenis == ImportBatch.Jenis.RIWAYAT:
            riwayat = parsers.parse_riwayat(table, lookups, read)
            batch_apply(batch, riwayat.line_count, lambda: _upsert_riwayat(batch, riwayat, progress))
        else:  # the needs-analysis kinds (SKJ, assessments, SKP); that module imports this one
            from sibina.imports.competency_services import table_import

            table_import(batch=batch, table=table, progress=progress)
    except parsers.ImportFileError as exc:
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
    audit_record(
        by=batch.oleh,
        action="import.apply",
        obj=batch,
        after=snapshot(batch, BATCH_AUDIT_FIELDS),
        label=f"{batch.get_jenis_display()}: {batch.nama_file}",
    )


def progress_stage(progress: Progress | None, stage: str, total: int) -> parsers.Progress | None:
    if progress is None:
        return None
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        progress(stage, done, total)

    return advance


def _lookups() -> domain.Lookups:
    return domain.build_lookups(
        golongan=[(g.jenis_asn, g.kode, g.label, g.pangkat) for g in reference.golongan_map().values()],
        pendidikan=[(p.kode, p.nama) for p in reference.tingkat_pendidikan_map().values()],
        jenis_jabatan=reference.jenis_jabatan_map().keys(),
        jenis_diklat=reference.bentuk_by_siasn_id().keys(),
    )


def assign_changed(rec: object, values: Mapping[str, object]) -> list[tuple[str, object, object]]:
    """Set each field whose value differs on ``rec``; return (field, before, after) of every change."""
    changed = []
    for name, value in values.items():
        before = getattr(rec, name)
        if before != value:
            setattr(rec, name, value)
            changed.append((name, before, value))
    return changed


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


T = TypeVar("T")


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- employees ---------------------------------------------------------------------------------------------


def _upsert_pegawai(
    batch: ImportBatch, parsed: parsers.Parsed[parsers.PegawaiRow], progress: Progress | None
) -> Outcome:
    instansi = batch.instansi
    outcome = Outcome(unchanged=parsed.duplicates, errors=list(parsed.errors))
    col = parsed.column
    write = progress_stage(progress, STAGE_WRITE, len(parsed.rows))

    existing = _pegawai_by_nip([r.nip for r in parsed.rows])
    units = matching.Units(instansi)
    placed: list[tuple[parsers.PegawaiRow, UnitKerja]] = []
    for row in parsed.rows:
        current = existing.get(row.nip)
        if current is not None and current.instansi_id != instansi.pk:
            outcome.errors.append(
                parsers.RowError(
                    row.baris,
                    col("nip"),
                    row.nip,
                    _("NIP %(nip)s belongs to an employee of another agency.") % {"nip": row.nip},
                )
            )
            continue
        unit = units.resolve(row.unor_id, row.unor_nama, row.unor_induk_nama)
        if isinstance(unit, str):
            outcome.errors.append(parsers.RowError(row.baris, col("unor_nama"), row.unor_nama, unit))
            continue
        placed.append((row, unit))

    positions = matching.Positions(instansi)
    positions.ensure((unit.pk, row.jabatan, row.jenis_jabatan) for row, unit in placed if row.jabatan)
    golongan_ids = {key: g.pk for key, g in reference.golongan_map().items()}
    pendidikan_ids = {kode: p.pk for kode, p in reference.tingkat_pendidikan_map().items()}

    def values(row: parsers.PegawaiRow, unit: UnitKerja) -> dict[str, object]:
        out: dict[str, object] = {"unit_id": unit.pk}
        for name in PEGAWAI_SCALARS:
            value = getattr(row, name)
            if value is not None:
                out[name] = value
        if row.golongan is not None:
            out["golongan_id"] = golongan_ids[(domain.rank_kind(row.jenis_asn), row.golongan)]
        if row.jabatan is not None:
            out["jabatan_id"] = positions.get(unit.pk, row.jabatan)
        if row.pendidikan is not None:
            out["pendidikan_id"] = pendidikan_ids[row.pendidikan]
        return out

    wanted = {row.nip: (row, values(row, unit)) for row, unit in placed}
    known = {p.nip: p.pk for p in existing.values() if p.instansi_id == instansi.pk}
    missing = sorted({r.nip_atasan for r, _u in placed if r.nip_atasan} - set(wanted) - set(known))
    for chunk in _chunks(missing):
        known.update(Pegawai.objects.filter(instansi=instansi, nip__in=chunk).values_list("nip", "pk"))
    valid_nips = set(known) | set(wanted)

    def atasan_error(row: parsers.PegawaiRow) -> None:
        outcome.errors.append(
            parsers.RowError(
                row.baris,
                col("nip_atasan"),
                row.nip_atasan or "",
                _("No employee of this agency has NIP %(nip)s; the supervisor was not set.")
                % {"nip": row.nip_atasan},
            )
        )

    for row, _values in wanted.values():
        if row.nip_atasan and row.nip_atasan not in valid_nips:
            atasan_error(row)

    new = [nip for nip in wanted if nip not in existing]
    outcome.created = _create_pegawai(instansi, new, wanted, known, write)
    changes = _update_pegawai(existing, wanted, known, outcome, write)
    _record_changes(batch, changes)
    return outcome


def _pegawai_by_nip(nips: Sequence[str]) -> dict[str, Pegawai]:
    found: dict[str, Pegawai] = {}
    for chunk in _chunks(nips):
        found.update((p.nip, p) for p in Pegawai.objects.filter(nip__in=chunk))
    return found


def _create_pegawai(
    instansi: Instansi,
    new: list[str],
    wanted: dict[str, tuple[parsers.PegawaiRow, dict[str, object]]],
    known: dict[str, int],
    advance: parsers.Progress | None,
) -> int:
    """Insert new employees, supervisors before their staff so each row is written once with its supervisor.

    A supervisor chain that loops back on itself (bad data) is inserted without supervisors, then linked.
    """
    pending = new
    pending_set = set(new)
    for level in range(MAX_LEVELS + 1):
        if not pending:
            break
        ready = [
            nip
            for nip in pending
            if (boss := wanted[nip][0].nip_atasan) is None or boss not in pending_set or boss in known
        ]
        # Bad data (a loop, or an absurdly long chain): insert the rest now and link supervisors after.
        link_later = not ready or level == MAX_LEVELS
        group = pending if link_later else ready
        objs = []
        for nip in group:
            row, vals = wanted[nip]
            boss = row.nip_atasan
            atasan_id = None if boss is None or link_later else known.get(boss)
            objs.append(Pegawai(instansi=instansi, nip=nip, atasan_id=atasan_id, **vals))
        for chunk in _chunks(objs, PROGRESS_CHUNK):
            Pegawai.objects.bulk_create(chunk, batch_size=BULK)
            if advance is not None and not link_later:
                advance(len(chunk))
        known.update((obj.nip, obj.pk) for obj in objs)
        if link_later:
            linked = []
            for obj in objs:
                boss = wanted[obj.nip][0].nip_atasan
                if boss is not None and boss in known:
                    obj.atasan_id = known[boss]
                    linked.append(obj)
            Pegawai.objects.bulk_update(linked, ["atasan"], batch_size=BULK)
        done = set(group)
        pending = [nip for nip in pending if nip not in done]
        pending_set -= done
        if advance is not None and link_later:
            advance(len(group))
    return len(new)


Change = tuple[Pegawai, str, object, object]  # (employee, field attname, before, after)


def _update_pegawai(
    existing: dict[str, Pegawai],
    wanted: dict[str, tuple[parsers.PegawaiRow, dict[str, object]]],
    known: dict[str, int],
    outcome: Outcome,
    advance: parsers.Progress | None,
) -> list[Change]:
    changes: list[Change] = []
    dirty: list[Pegawai] = []
    fields: set[str] = set()
    now = timezone.now()
    for nip, (row, vals) in wanted.items():
        pegawai = existing.get(nip)
        if pegawai is None:
            continue
        if row.nip_atasan is not None and row.nip_atasan in known:
            vals = {**vals, "atasan_id": known[row.nip_atasan]}
        changed = False
        for name, value in vals.items():
            before = getattr(pegawai, name)
            if before != value:
                changes.append((pegawai, name, before, value))
                setattr(pegawai, name, value)
                fields.add(name)
                changed = True
        if changed:
            pegawai.version += 1
            pegawai.updated_at = now
            dirty.append(pegawai)
        else:
            outcome.unchanged += 1
    if dirty:
        Pegawai.objects.bulk_update(dirty, sorted(fields | {"version", "updated_at"}), batch_size=500)
    outcome.updated = len(dirty)
    if advance is not None:
        advance(sum(1 for nip in wanted if nip in existing))
    return changes


def _show_jabatan(ids: list[int]) -> dict[int, str]:
    """A position with its unit: the same name in another unit is another position."""
    rows = Jabatan.objects.filter(pk__in=ids).values_list("pk", "nama", "unit__nama")
    return {pk: f"{nama} ({unit})" if unit else nama for pk, nama, unit in rows}


# FK attname -> how to show the rows it points to, in the before/after text of a change
_SHOWN: dict[str, Callable[[list[int]], dict[int, str]]] = {
    "unit_id": lambda ids: dict(UnitKerja.objects.filter(pk__in=ids).values_list("pk", "nama")),
    "jabatan_id": _show_jabatan,
    "golongan_id": lambda ids: dict(Golongan.objects.filter(pk__in=ids).values_list("pk", "label")),
    "pendidikan_id": lambda ids: dict(TingkatPendidikan.objects.filter(pk__in=ids).values_list("pk", "nama")),
    "atasan_id": lambda ids: dict(Pegawai.objects.filter(pk__in=ids).values_list("pk", "nip")),
}


def _record_changes(batch: ImportBatch, changes: list[Change]) -> None:
    ids: dict[str, set[int]] = {}
    for _p, name, before, after in changes:
        if name in _SHOWN:
            ids.setdefault(name, set()).update(v for v in (before, after) if isinstance(v, int))
    shown = {name: _SHOWN[name](sorted(wanted)) for name, wanted in ids.items()}

    def text(name: str, value: object) -> str:
        if value is None:
            return ""
        if name in shown and isinstance(value, int):
            return shown[name].get(value, str(value))
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    PerubahanData.objects.bulk_create(
        [
            PerubahanData(
                batch=batch,
                pegawai=pegawai,
                kolom=name.removesuffix("_id"),
                sebelum=text(name, before),
                sesudah=text(name, after),
            )
            for pegawai, name, before, after in changes
        ],
        batch_size=BULK,
    )


# --- development history -----------------------------------------------------------------------------------


def _upsert_riwayat(
    batch: ImportBatch, parsed: parsers.Parsed[parsers.RiwayatRow], progress: Progress | None
) -> Outcome:
    outcome = Outcome(unchanged=parsed.duplicates, errors=list(parsed.errors))
    write = progress_stage(progress, STAGE_WRITE, len(parsed.rows))
    nips = sorted({r.nip for r in parsed.rows})
    pegawai_ids: dict[str, int] = {}
    for chunk in _chunks(nips):
        pegawai_ids.update(
            Pegawai.objects.filter(instansi=batch.instansi, nip__in=chunk).values_list("nip", "pk")
        )
    existing: dict[tuple[int, str, str, object], RiwayatPengembangan] = {}
    ids = sorted(pegawai_ids.values())
    for id_chunk in _chunks(ids):
        for record in RiwayatPengembangan.objects.filter(pegawai_id__in=id_chunk):
            existing[(record.pegawai_id, record.jenis, record.nama_kegiatan, record.tanggal_mulai)] = record
    by_siasn = {key: b.pk for key, b in reference.bentuk_by_siasn_id().items()}
    kepemimpinan = reference.bentuk_map().get("KL01")  # rw_diklat holds structural (leadership) training

    new: list[RiwayatPengembangan] = []
    dirty: list[RiwayatPengembangan] = []
    changes: list[tuple[RiwayatPengembangan, str, object, object]] = []
    fields: set[str] = set()
    for row in parsed.rows:
        pegawai_id = pegawai_ids.get(row.nip)
        if pegawai_id is None:
            outcome.errors.append(
                parsers.RowError(
                    row.baris,
                    parsed.column("nip"),
                    row.nip,
                    _("No employee of this agency has NIP %(nip)s.") % {"nip": row.nip},
                )
            )
            continue
        vals: dict[str, object] = {"tahun": row.tahun, "jp": row.jp}
        if row.jenis == domain.DIKLAT:
            vals["bentuk_id"] = kepemimpinan.pk if kepemimpinan else None
        elif row.jenis_diklat_id is not None:
            vals["bentuk_id"] = by_siasn[row.jenis_diklat_id]
        for name in ("tanggal_selesai", "penyelenggara", "nomor_sertifikat"):
            if (value := getattr(row, name)) is not None:
                vals[name] = value
        rec = existing.get((pegawai_id, row.jenis, row.nama_kegiatan, row.tanggal_mulai))
        if rec is None:
            new.append(
                RiwayatPengembangan(
                    pegawai_id=pegawai_id,
                    jenis=row.jenis,
                    nama_kegiatan=row.nama_kegiatan,
                    tanggal_mulai=row.tanggal_mulai,
                    sumber=RiwayatPengembangan.Sumber.SIASN,
                    import_batch=batch,
                    **vals,
                )
            )
            continue
        changed = assign_changed(rec, vals)
        changes += [(rec, name, before, value) for name, before, value in changed]
        fields.update(name for name, _, _ in changed)
        if changed:
            dirty.append(rec)
        else:
            outcome.unchanged += 1
    RiwayatPengembangan.objects.bulk_create(new, batch_size=BULK)
    if dirty:
        RiwayatPengembangan.objects.bulk_update(dirty, sorted(fields), batch_size=500)
    PerubahanData.objects.bulk_create(
        [
            PerubahanData(
                batch=batch,
                pegawai_id=rec.pegawai_id,
                kolom=f"riwayat[{rec.pk}].{name.removesuffix('_id')}"[:60],
                sebelum="" if before is None else str(before),
                sesudah="" if after is None else str(after),
            )
            for rec, name, before, after in changes
        ],
        batch_size=BULK,
    )
    outcome.created, outcome.updated = len(new), len(dirty)
    if write is not None:
        write(len(parsed.rows))
    return outcome
