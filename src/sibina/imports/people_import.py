"""The importers of SIASN/SIMPEG files: employees (upsert by NIP) and development history.

Rows are parsed in :mod:`sibina.imports.parsers`; here they are matched against the database and written in
bulk, inside the kernel's one transaction per file (:mod:`sibina.imports.kernel`). Re-importing the same
file writes nothing; a changed field writes a :class:`PerubahanData` row (before and after) and bumps
``Pegawai.version``. An empty cell never erases what SiBina already knows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from sibina.imports import domain, matching, parsers
from sibina.imports.kernel import BULK, assign_changed, chunks, progress_stage
from sibina.imports.models import ImportBatch, PerubahanData
from sibina.imports.readers import Table
from sibina.imports.registry import STAGE_WRITE, Importer, Outcome, Progress
from sibina.imports.rows import Parsed, RowError
from sibina.imports.rows import Progress as RowProgress
from sibina.people.identity import identity_rules
from sibina.people.models import Instansi, Jabatan, Pegawai, RiwayatPengembangan, UnitKerja
from sibina.reference import selectors as reference
from sibina.reference.models import Golongan, TingkatPendidikan

PROGRESS_CHUNK = 5000  # rows inserted between two progress reports
MAX_LEVELS = 30  # supervisor levels inserted one after another; a city has fewer than ten


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
    "kontrak_mulai",
    "kontrak_selesai",
    "status",
)


def lookups() -> domain.Lookups:
    """The reference codes an employee or history file may name."""
    return domain.build_lookups(
        golongan=[(g.jenis_asn, g.kode, g.label, g.pangkat) for g in reference.golongan_map().values()],
        pendidikan=[(p.kode, p.nama) for p in reference.tingkat_pendidikan_map().values()],
        jenis_jabatan=reference.jenis_jabatan_map().keys(),
        jenis_diklat=reference.bentuk_by_siasn_id().keys(),
        identitas=identity_rules(),
    )


def _parse_pegawai(
    batch: ImportBatch, table: Table, progress: RowProgress | None
) -> Parsed[parsers.PegawaiRow]:
    return parsers.parse_pegawai(table, lookups(), progress)


def _parse_riwayat(
    batch: ImportBatch, table: Table, progress: RowProgress | None
) -> Parsed[parsers.RiwayatRow]:
    return parsers.parse_riwayat(table, lookups(), progress)


# --- employees ---------------------------------------------------------------------------------------------


def _upsert_pegawai(
    batch: ImportBatch, parsed: Parsed[parsers.PegawaiRow], progress: Progress | None
) -> Outcome:
    instansi = batch.instansi
    outcome = Outcome(unchanged=parsed.duplicates, errors=list(parsed.errors))
    col = parsed.column
    write = progress_stage(progress, STAGE_WRITE, len(parsed.rows))

    existing = _pegawai_by_nip([r.nip for r in parsed.rows])
    units = matching.Units(instansi, create=batch.buat_unit)
    placed: list[tuple[parsers.PegawaiRow, UnitKerja]] = []
    for row in parsed.rows:
        current = existing.get(row.nip)
        if current is not None and current.instansi_id != instansi.pk:
            outcome.errors.append(
                RowError(
                    row.baris,
                    col("nip"),
                    row.nip,
                    _("NIP %(nip)s belongs to an employee of another agency.") % {"nip": row.nip},
                )
            )
            continue
        unit = units.resolve(row.unor_id, row.unor_nama, row.unor_induk_nama)
        if isinstance(unit, str):
            outcome.errors.append(RowError(row.baris, col("unor_nama"), row.unor_nama, unit))
            continue
        placed.append((row, unit))
    outcome.units = units.report()

    positions = matching.Positions(instansi)
    positions.ensure(
        (unit, row.jabatan, row.jenis_jabatan, row.rumpun_jabatan) for row, unit in placed if row.jabatan
    )
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
    for chunk in chunks(missing):
        known.update(Pegawai.objects.filter(instansi=instansi, nip__in=chunk).values_list("nip", "pk"))
    valid_nips = set(known) | set(wanted)

    def atasan_error(row: parsers.PegawaiRow) -> None:
        outcome.errors.append(
            RowError(
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
    for chunk in chunks(nips):
        found.update((p.nip, p) for p in Pegawai.objects.filter(nip__in=chunk))
    return found


def _create_pegawai(
    instansi: Instansi,
    new: list[str],
    wanted: dict[str, tuple[parsers.PegawaiRow, dict[str, object]]],
    known: dict[str, int],
    advance: RowProgress | None,
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
        for chunk in chunks(objs, PROGRESS_CHUNK):
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
    advance: RowProgress | None,
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
    batch: ImportBatch, parsed: Parsed[parsers.RiwayatRow], progress: Progress | None
) -> Outcome:
    outcome = Outcome(unchanged=parsed.duplicates, errors=list(parsed.errors))
    write = progress_stage(progress, STAGE_WRITE, len(parsed.rows))
    nips = sorted({r.nip for r in parsed.rows})
    pegawai_ids: dict[str, int] = {}
    for chunk in chunks(nips):
        pegawai_ids.update(
            Pegawai.objects.filter(instansi=batch.instansi, nip__in=chunk).values_list("nip", "pk")
        )
    existing: dict[tuple[int, str, str, object], RiwayatPengembangan] = {}
    ids = sorted(pegawai_ids.values())
    for id_chunk in chunks(ids):
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
                RowError(
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


PEGAWAI = Importer(
    jenis=ImportBatch.Jenis.PEGAWAI, name="pegawai", parse=_parse_pegawai, write=_upsert_pegawai
)
RIWAYAT = Importer(
    jenis=ImportBatch.Jenis.RIWAYAT, name="riwayat", parse=_parse_riwayat, write=_upsert_riwayat
)
