"""Imports for the needs analysis: position standards (SKJ), assessments and SKP ratings (SIASN rw_skp22).

The same guarantees as every import (the kernel's, :mod:`sibina.imports.kernel`): one :class:`ImportBatch`
and one transaction per file, every bad row reported by line and column while the good rows are written in
bulk, dry runs rolled back, and re-importing the same file writes nothing. Rows are parsed in
:mod:`sibina.imports.competency_parsers` and :mod:`sibina.imports.skp_parsers`; here they are matched to
employees and existing records.

- SKJ rows upsert :class:`StandarKompetensi` by (position, competency) with source IMPOR; a default (or any
  other) level it replaces is listed, before and after, in the batch's message.
- Assessment rows upsert :class:`Asesmen` by (employee, date, method) with its levels; the validity comes
  from ``competency.services.asesmen_valid_until``. A blank cell keeps what SiBina already knows.
- SKP rows upsert :class:`Kinerja` by (employee, year) with the predikat of
  ``competency.services.kinerja_predikat``; talent boxes are left to the analysis (``talent_compute``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from sibina.competency.models import Asesmen, Kinerja, Kompetensi, NilaiKompetensi, StandarKompetensi
from sibina.competency.services import asesmen_valid_until, kinerja_predikat
from sibina.imports import competency_parsers as cp
from sibina.imports import skp_parsers as skp
from sibina.imports.kernel import BULK, CHUNK, assign_changed, progress_stage
from sibina.imports.models import ImportBatch, PerubahanData
from sibina.imports.readers import Table
from sibina.imports.registry import STAGE_WRITE, Importer, Outcome, Progress
from sibina.imports.rows import Parsed, RowError
from sibina.imports.rows import Progress as RowProgress
from sibina.people.models import Instansi, Jabatan, Pegawai, UnitKerja
from sibina.reference.models import Predikat, Rating
from sibina.reference.selectors import MissingReference

CHANGES_LISTED = 100  # replaced standards listed one by one in the batch's message


# --- parsing -----------------------------------------------------------------------------------------------


def _parse_standar(batch: ImportBatch, table: Table, progress: RowProgress | None) -> Parsed[cp.StandarRow]:
    return cp.parse_standar(table, _lookups(batch.instansi), progress)


def _parse_asesmen(batch: ImportBatch, table: Table, progress: RowProgress | None) -> Parsed[cp.AsesmenRow]:
    return cp.parse_asesmen(table, _lookups(batch.instansi), today=timezone.localdate(), progress=progress)


def _parse_kinerja(batch: ImportBatch, table: Table, progress: RowProgress | None) -> Parsed[skp.KinerjaRow]:
    return skp.parse_kinerja(
        table, predikat_of=_predikat_of(), today=timezone.localdate(), labels=_labels(), progress=progress
    )


def _lookups(instansi: Instansi) -> cp.CompetencyLookups:
    return cp.build_competency_lookups(
        kompetensi=Kompetensi.objects.values_list("id", "kode", "nama", "aktif"),
        units=UnitKerja.objects.filter(instansi=instansi).values_list("id", "kode", "nama"),
        jabatan=Jabatan.objects.filter(instansi=instansi).values_list("id", "unit_id", "nama"),
    )


def _predikat_of() -> skp.PredikatOf:
    """kinerja_predikat, asked once per (HK, PK, year) rather than once per row."""
    known: dict[tuple[str, str, int], str | None] = {}

    def of(hasil_kerja: str, perilaku_kerja: str, tahun: int) -> str | None:
        key = (hasil_kerja, perilaku_kerja, tahun)
        if key not in known:
            try:
                known[key] = kinerja_predikat(
                    hasil_kerja=hasil_kerja, perilaku_kerja=perilaku_kerja, tahun=tahun
                )
            except ValueError:  # no matrix cell in force for that year
                known[key] = None
        return known[key]

    return of


def _labels() -> dict[str, str]:
    return {str(value): str(label) for value, label in (*Rating.choices, *Predikat.choices)}


def _pegawai_ids(instansi: Instansi) -> dict[str, int]:
    # One query for the whole agency rather than IN lists of NIPs (a city has a few thousand employees).
    return dict(Pegawai.objects.filter(instansi=instansi).values_list("nip", "pk"))


def _unknown_nip(kolom: str, baris: int, nip: str) -> RowError:
    return RowError(baris, kolom, nip, _("No employee of this agency has NIP %(nip)s.") % {"nip": nip})


def _show(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


Change = tuple[int, str, object, object]  # (pegawai id, field as recorded, before, after)


def _record(batch: ImportBatch, changes: Sequence[Change]) -> None:
    PerubahanData.objects.bulk_create(
        [
            PerubahanData(
                batch=batch,
                pegawai_id=pegawai_id,
                kolom=kolom[:60],
                sebelum=_show(before),
                sesudah=_show(after),
            )
            for pegawai_id, kolom, before, after in changes
        ],
        batch_size=BULK,
    )


def _in_chunks(values: Sequence[object], query: Callable[[Sequence[object]], object]) -> None:
    """Run ``query`` on slices small enough for SQLite's limit on parameters."""
    for start in range(0, len(values), CHUNK):
        query(values[start : start + CHUNK])


# --- SKJ ---------------------------------------------------------------------------------------------------


def _upsert_standar(batch: ImportBatch, parsed: Parsed[cp.StandarRow], progress: Progress | None) -> Outcome:
    outcome = Outcome(unchanged=parsed.duplicates, errors=list(parsed.errors))
    write = progress_stage(progress, STAGE_WRITE, len(parsed.rows))
    existing = {
        (s.jabatan_id, s.kompetensi_id): s
        for s in StandarKompetensi.objects.filter(jabatan__instansi=batch.instansi)
    }
    new: list[StandarKompetensi] = []
    dirty: list[StandarKompetensi] = []
    replaced: list[tuple[StandarKompetensi, int, str]] = []  # (row after, level before, source before)
    for row in parsed.rows:
        rec = existing.get((row.jabatan_id, row.kompetensi_id))
        if rec is None:
            new.append(
                StandarKompetensi(
                    jabatan_id=row.jabatan_id,
                    kompetensi_id=row.kompetensi_id,
                    level=row.level,
                    sumber=StandarKompetensi.Sumber.IMPOR,
                )
            )
        elif rec.level == row.level and rec.sumber == StandarKompetensi.Sumber.IMPOR:
            outcome.unchanged += 1
        else:
            # A default (or the SKJ document's level) is replaced: the file is the newer statement.
            replaced.append((rec, rec.level, rec.sumber))
            rec.level, rec.sumber = row.level, StandarKompetensi.Sumber.IMPOR
            dirty.append(rec)
    StandarKompetensi.objects.bulk_create(new, batch_size=BULK)
    # One UPDATE per level and chunk: a first SKJ file replaces thousands of defaults, and bulk_update's
    # CASE per row costs seconds there.
    by_level: dict[int, list[int]] = {}
    for rec in dirty:
        by_level.setdefault(rec.level, []).append(rec.pk)
    for level, ids in sorted(by_level.items()):
        for start in range(0, len(ids), CHUNK):
            StandarKompetensi.objects.filter(pk__in=ids[start : start + CHUNK]).update(
                level=level, sumber=StandarKompetensi.Sumber.IMPOR
            )
    batch.pesan = _replaced_text(batch.instansi, replaced)
    outcome.created, outcome.updated = len(new), len(dirty)
    if write is not None:
        write(len(parsed.rows))
    return outcome


def _replaced_text(instansi: Instansi, replaced: list[tuple[StandarKompetensi, int, str]]) -> str:
    """The replaced standards, before and after: the batch's record of what the file changed.

    The count covers every one; the first :data:`CHANGES_LISTED` are listed (a first SKJ file can replace
    thousands of defaults, and the message is shown on the batch page).
    """
    if not replaced:
        return ""
    positions = {
        pk: f"{nama} ({unit})" if unit else nama
        for pk, nama, unit in Jabatan.objects.filter(instansi=instansi).values_list(
            "pk", "nama", "unit__nama"
        )
    }
    kompetensi = {pk: (kode, nama) for pk, kode, nama in Kompetensi.objects.values_list("pk", "kode", "nama")}
    source = dict(StandarKompetensi.Sumber.choices)
    lines = [
        _("%(n)d existing standard(s) replaced by this file (before → after):") % {"n": len(replaced)},
        *(
            _("%(jabatan)s · %(kode)s %(kompetensi)s: level %(before)d (%(was)s) → level %(after)d (%(now)s)")
            % {
                "jabatan": positions.get(rec.jabatan_id, str(rec.jabatan_id)),
                "kode": kompetensi[rec.kompetensi_id][0],
                "kompetensi": kompetensi[rec.kompetensi_id][1],
                "before": level,
                "was": source.get(sumber, sumber),
                "after": rec.level,
                "now": source[rec.sumber],
            }
            for rec, level, sumber in sorted(
                replaced,
                key=lambda r: (positions.get(r[0].jabatan_id, ""), kompetensi[r[0].kompetensi_id][0]),
            )[:CHANGES_LISTED]
        ),
    ]
    if len(replaced) > CHANGES_LISTED:
        lines.append(_("… and %(n)d more.") % {"n": len(replaced) - CHANGES_LISTED})
    return "\n".join(str(line) for line in lines)


# --- assessments -------------------------------------------------------------------------------------------


def _upsert_asesmen(batch: ImportBatch, parsed: Parsed[cp.AsesmenRow], progress: Progress | None) -> Outcome:
    outcome = Outcome(unchanged=parsed.duplicates, errors=list(parsed.errors))
    write = progress_stage(progress, STAGE_WRITE, len(parsed.rows))
    instansi = batch.instansi
    pegawai_ids = _pegawai_ids(instansi)
    existing: dict[tuple[int, dt.date, str], list[Asesmen]] = {}
    stored: dict[int, dict[int, NilaiKompetensi]] = {}
    if parsed.rows:
        wanted = {(pegawai_ids.get(r.nip), r.tanggal, r.metode) for r in parsed.rows}
        first, last = min(r.tanggal for r in parsed.rows), max(r.tanggal for r in parsed.rows)
        for a in Asesmen.objects.filter(
            pegawai__instansi=instansi, tanggal__gte=first, tanggal__lte=last
        ).order_by("id"):
            if (key := (a.pegawai_id, a.tanggal, a.metode)) in wanted:
                existing.setdefault(key, []).append(a)

    def load(ids: Sequence[object]) -> None:
        for n in NilaiKompetensi.objects.filter(asesmen_id__in=ids):
            stored.setdefault(n.asesmen_id, {})[n.kompetensi_id] = n

    _in_chunks(sorted(a.pk for found in existing.values() for a in found), load)
    kode = dict(Kompetensi.objects.values_list("pk", "kode"))
    valid_until: dict[dt.date, dt.date | None] = {}

    new: list[tuple[Asesmen, tuple[tuple[int, int], ...]]] = []
    dirty: list[Asesmen] = []
    fields: set[str] = set()
    new_levels: list[NilaiKompetensi] = []
    dirty_levels: list[NilaiKompetensi] = []
    changes: list[Change] = []
    for row in parsed.rows:
        pegawai_id = pegawai_ids.get(row.nip)
        if pegawai_id is None:
            outcome.errors.append(_unknown_nip(parsed.column("nip"), row.baris, row.nip))
            continue
        if row.tanggal not in valid_until:
            try:
                valid_until[row.tanggal] = asesmen_valid_until(row.tanggal)
            except MissingReference:
                valid_until[row.tanggal] = None
        until = valid_until[row.tanggal]
        if until is None:
            outcome.errors.append(
                RowError(
                    row.baris,
                    parsed.column("tanggal"),
                    row.tanggal.strftime("%d-%m-%Y"),
                    _("No validity period of assessments is set for this date (reference settings)."),
                )
            )
            continue
        matches = existing.get((pegawai_id, row.tanggal, row.metode), [])
        if len(matches) > 1:
            outcome.errors.append(
                RowError(
                    row.baris,
                    parsed.column("nip"),
                    row.nip,
                    _(
                        "SiBina holds %(n)d assessments of this employee on this date by this method; "
                        "remove the extra ones before importing."
                    )
                    % {"n": len(matches)},
                )
            )
            continue
        if not matches:
            asesmen = Asesmen(
                pegawai_id=pegawai_id,
                tanggal=row.tanggal,
                metode=row.metode,
                penyelenggara=row.penyelenggara or "",
                skor_potensial=row.skor_potensial,
                berlaku_sampai=until,
            )
            new.append((asesmen, row.levels))
            continue
        rec = matches[0]
        vals: dict[str, object] = {"berlaku_sampai": until, "sintetis": False}
        if row.penyelenggara is not None:
            vals["penyelenggara"] = row.penyelenggara
        if row.skor_potensial is not None:
            vals["skor_potensial"] = row.skor_potensial
        field_changes = assign_changed(rec, vals)
        changes += [
            (pegawai_id, f"asesmen[{rec.pk}].{name}", before, value) for name, before, value in field_changes
        ]
        fields.update(name for name, _, _ in field_changes)
        if field_changes:
            dirty.append(rec)
        changed = bool(field_changes)
        levels = stored.get(rec.pk, {})
        for kompetensi_id, level in row.levels:
            nilai = levels.get(kompetensi_id)
            if nilai is not None and nilai.level == level:
                continue
            changes.append(
                (
                    pegawai_id,
                    f"asesmen[{rec.pk}].{kode[kompetensi_id]}",
                    nilai.level if nilai else None,
                    level,
                )
            )
            if nilai is None:
                new_levels.append(
                    NilaiKompetensi(asesmen_id=rec.pk, kompetensi_id=kompetensi_id, level=level)
                )
            else:
                nilai.level = level
                dirty_levels.append(nilai)
            changed = True
        if changed:
            outcome.updated += 1
        else:
            outcome.unchanged += 1
    # Both SQLite (3.35+) and PostgreSQL return the new ids, which the levels then point to.
    Asesmen.objects.bulk_create([a for a, _levels in new], batch_size=BULK)
    new_levels += [
        NilaiKompetensi(asesmen_id=a.pk, kompetensi_id=kompetensi_id, level=level)
        for a, levels in new
        for kompetensi_id, level in levels
    ]
    NilaiKompetensi.objects.bulk_create(new_levels, batch_size=BULK)
    if dirty:
        Asesmen.objects.bulk_update(dirty, sorted(fields), batch_size=500)
    NilaiKompetensi.objects.bulk_update(dirty_levels, ["level"], batch_size=BULK)
    _record(batch, changes)
    outcome.created = len(new)
    if write is not None:
        write(len(parsed.rows))
    return outcome


# --- SKP ---------------------------------------------------------------------------------------------------


def _upsert_kinerja(batch: ImportBatch, parsed: Parsed[skp.KinerjaRow], progress: Progress | None) -> Outcome:
    outcome = Outcome(unchanged=parsed.duplicates, errors=list(parsed.errors))
    write = progress_stage(progress, STAGE_WRITE, len(parsed.rows))
    pegawai_ids = _pegawai_ids(batch.instansi)
    years = sorted({r.tahun for r in parsed.rows})
    existing = {
        (k.pegawai_id, k.tahun): k
        for k in Kinerja.objects.filter(pegawai__instansi=batch.instansi, tahun__in=years)
    }
    new: list[Kinerja] = []
    dirty: list[Kinerja] = []
    fields: set[str] = set()
    changes: list[Change] = []
    for row in parsed.rows:
        pegawai_id = pegawai_ids.get(row.nip)
        if pegawai_id is None:
            outcome.errors.append(_unknown_nip(parsed.column("nip"), row.baris, row.nip))
            continue
        vals: dict[str, object] = {
            "hasil_kerja": row.hasil_kerja,
            "perilaku_kerja": row.perilaku_kerja,
            "predikat": row.predikat,
            "sintetis": False,
        }
        if row.penilai_nip is not None:
            vals["penilai_nip"] = row.penilai_nip
        if row.penilai_nama is not None:
            vals["penilai_nama"] = row.penilai_nama
        rec = existing.get((pegawai_id, row.tahun))
        if rec is None:
            new.append(Kinerja(pegawai_id=pegawai_id, tahun=row.tahun, **vals))
            continue
        changed = assign_changed(rec, vals)
        changes += [
            (pegawai_id, f"skp[{row.tahun}].{name}", before, value) for name, before, value in changed
        ]
        fields.update(name for name, _, _ in changed)
        if changed:
            dirty.append(rec)
        else:
            outcome.unchanged += 1
    Kinerja.objects.bulk_create(new, batch_size=BULK)
    if dirty:
        Kinerja.objects.bulk_update(dirty, sorted(fields), batch_size=500)
    _record(batch, changes)
    outcome.created, outcome.updated = len(new), len(dirty)
    if write is not None:
        write(len(parsed.rows))
    return outcome


SKJ = Importer(jenis=ImportBatch.Jenis.SKJ, name="skj", parse=_parse_standar, write=_upsert_standar)
ASESMEN = Importer(
    jenis=ImportBatch.Jenis.ASESMEN, name="asesmen", parse=_parse_asesmen, write=_upsert_asesmen
)
SKP = Importer(jenis=ImportBatch.Jenis.SKP, name="skp", parse=_parse_kinerja, write=_upsert_kinerja)
