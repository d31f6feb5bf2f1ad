"""Import a catalogue workbook (XLSX or CSV) through the import kernel: upsert activities by code.

The kernel (:mod:`sibina.imports.kernel`) keeps the batch (who, when, SHA-256, counts, dry run, errors CSV)
and runs the writes in one transaction; here the rows are read (:mod:`sibina.catalogue.sheet_rows`), checked
against the model and the JP rule, and saved with :func:`sibina.catalogue.services.kegiatan_save`. Every bad
cell is reported as (baris, kolom, nilai, pesan); rows with an error are skipped, all good rows are written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sibina.catalogue.models import AturanWajib, Kegiatan, KegiatanKompetensi
from sibina.catalogue.services import kegiatan_jp, kegiatan_save
from sibina.catalogue.sheet_rows import HEADERS, REQUIRED, CellError, Known, RowData, row_data
from sibina.catalogue.xlsx import catalogue_rows, export_row
from sibina.competency.models import Kompetensi
from sibina.imports.kernel import User, import_data
from sibina.imports.models import ImportBatch
from sibina.imports.readers import ImportFileError, Table, cell_text
from sibina.imports.registry import Importer, Outcome, Progress
from sibina.imports.rows import Parsed, RowReader, parse_rows
from sibina.imports.rows import Progress as RowProgress
from sibina.people.models import Instansi
from sibina.reference.domain import JpRuleError
from sibina.reference.models import TingkatJabatan
from sibina.reference.selectors import bentuk_map, golongan_map, jp_rules, tingkat_jabatan_map


@dataclass
class ImportResult:
    """What a catalogue import did, as the command line reports it."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    errors: list[CellError] = field(default_factory=list)

    @property
    def rows_with_errors(self) -> int:
        return len({e.baris for e in self.errors})


def catalogue_import(
    *, instansi: Instansi, data: bytes, filename: str = "", dry_run: bool = False, by: User | None = None
) -> ImportResult:
    """Upsert the activities of a catalogue file by code, as one import batch. Raises ImportFileError when
    the file as a whole cannot be read (no sheet, a required column missing)."""
    batch = import_data(
        jenis=ImportBatch.Jenis.KATALOG,
        instansi=instansi,
        data=data,
        filename=filename,
        by=by,
        dry_run=dry_run,
    )
    if batch.status == ImportBatch.Status.FAILED:
        raise ImportFileError(batch.pesan)
    return ImportResult(
        rows=batch.jumlah_baris,
        created=batch.jumlah_baru,
        updated=batch.jumlah_diubah,
        unchanged=batch.jumlah_sama,
        dry_run=batch.dry_run,
        errors=[CellError(e.baris, e.kolom, e.nilai, e.pesan) for e in batch.errors.order_by("baris", "id")],
    )


def _today() -> dt.date:
    return dt.date.today()


def _parse(batch: ImportBatch, table: Table, progress: RowProgress | None) -> Parsed[RowData]:
    header = tuple(h.strip().lower() for h in table.header)
    missing = sorted(REQUIRED - set(header))
    if missing:
        raise ImportFileError(
            _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    index = {name: i for i, name in reversed(list(enumerate(header))) if name in HEADERS}
    known = _known(_today())
    good: dict[str, RowData] = {}

    def parse_row(row: RowReader) -> RowData | None:
        data = row_data(row, known)
        if row.errors:
            return None
        if data.kode in good:
            row.fail(
                "kode", _("This code already appears on line %(line)d.") % {"line": good[data.kode].baris}
            )
            return None
        good[data.kode] = data
        return data

    # A catalogue row may run past the header (notes beside the table): only named columns are read.
    rows, errors = parse_rows(table, index, parse_row, progress, header=header, names={}, check_width=False)
    return Parsed(
        rows=tuple(rows), errors=tuple(errors), line_count=len(table.rows), duplicates=0, columns={}
    )


def _write(batch: ImportBatch, parsed: Parsed[RowData], progress: Progress | None) -> Outcome:
    outcome = Outcome(errors=list(parsed.errors))
    _upsert(batch, {row.kode: row for row in parsed.rows}, outcome, _today())
    outcome.errors.sort(key=lambda e: (e.baris, HEADERS.index(e.kolom) if e.kolom in HEADERS else 99))
    return outcome


KATALOG = Importer(jenis=ImportBatch.Jenis.KATALOG, name="katalog", parse=_parse, write=_write)


def _known(on: dt.date) -> Known:
    rules = jp_rules(on=on)
    labels = {g.label.upper(): g.urutan for g in golongan_map(on=on).values() if g.jenis_asn == "PNS"}
    return Known(
        bentuk=frozenset(code for code in bentuk_map(on=on) if code in rules),
        tingkat=frozenset(tingkat_jabatan_map(on=on)),
        kompetensi=frozenset(Kompetensi.objects.filter(aktif=True).values_list("kode", flat=True)),
        golongan_label=labels,
    )


def _upsert(batch: ImportBatch, rows: dict[str, RowData], result: Outcome, on: dt.date) -> None:
    instansi = batch.instansi
    existing = {k.kode: k for k in catalogue_rows(instansi)}
    bentuk = bentuk_map(on=on)
    checked: dict[str, tuple[Kegiatan, RowData, list[object] | None]] = {}
    for kode, row in rows.items():
        old = existing.get(kode)
        before = export_row(old) if old is not None else None
        kegiatan = old or Kegiatan(instansi=instansi, kode=kode)
        for name, value in row.fields.items():
            setattr(kegiatan, name, bentuk[value] if name == "bentuk" else value)
        errors = _model_check(kegiatan, row, on)
        if errors:
            result.errors += errors
        else:
            checked[kode] = (kegiatan, row, before)
    # Only now are the rows that will be written known: a prerequisite must be one of them or exist already.
    keep = _drop_unmet_prerequisites({k: r for k, (_k, r, _b) in checked.items()}, set(existing), result)
    tingkat = tingkat_jabatan_map(on=on)
    kompetensi = {k.kode: k for k in Kompetensi.objects.all()}
    for kode in keep:
        kegiatan_save(kegiatan=checked[kode][0], on=on, by=batch.oleh)
    links: dict[str, Kegiatan] = {**existing, **{kode: checked[kode][0] for kode in keep}}
    for kode in keep:
        kegiatan, row, before = checked[kode]
        _relations(kegiatan, row, links, tingkat, kompetensi)
        if before is None:
            result.created += 1
        elif export_row(_catalogue_one(kegiatan)) == before:
            result.unchanged += 1
        else:
            result.updated += 1


def _model_check(kegiatan: Kegiatan, row: RowData, on: dt.date) -> list[CellError]:
    """What the model and the JP rule say about the row, before anything is written."""
    try:
        kegiatan.jp = kegiatan_jp(kegiatan, on=on)
    except JpRuleError:
        text = cell_text(row.fields.get("jp_program"))
        return [
            CellError(
                row.baris, "jp_program", text, _("This form counts the program's own JP: fill in jp_program.")
            )
        ]
    try:
        kegiatan.full_clean()
    except ValidationError as exc:
        return _model_errors(row, exc)
    return []


def _catalogue_one(kegiatan: Kegiatan) -> Kegiatan:
    return (
        Kegiatan.objects.select_related("bentuk")
        .prefetch_related("kompetensi__kompetensi", "tingkat_jabatan", "prasyarat", "aturan_wajib")
        .get(pk=kegiatan.pk)
    )


def _drop_unmet_prerequisites(
    rows: dict[str, RowData], existing: set[str], result: Outcome
) -> dict[str, RowData]:
    """Rows whose prerequisite is neither in the catalogue nor a good row of the file, until none is left."""
    rows = dict(rows)
    while True:
        bad = [r for r in rows.values() if r.prasyarat and not set(r.prasyarat) <= existing | set(rows)]
        if not bad:
            return rows
        for r in bad:
            unknown = sorted(set(r.prasyarat or ()) - existing - set(rows))
            result.errors.append(
                CellError(
                    r.baris,
                    "prasyarat",
                    "; ".join(r.prasyarat or ()),
                    _("Unknown prerequisite activity: %(codes)s.") % {"codes": ", ".join(unknown)},
                )
            )
            del rows[r.kode]


def _relations(
    k: Kegiatan,
    row: RowData,
    links: Mapping[str, Kegiatan],
    tingkat: Mapping[str, TingkatJabatan],
    kompetensi: Mapping[str, Kompetensi],
) -> None:
    if row.kompetensi is not None:
        KegiatanKompetensi.objects.filter(kegiatan=k).delete()
        KegiatanKompetensi.objects.bulk_create(
            [
                KegiatanKompetensi(kegiatan=k, kompetensi=kompetensi[c], kenaikan_level=n)
                for c, n in row.kompetensi
            ]
        )
    if row.tingkat is not None:
        k.tingkat_jabatan.set([tingkat[c] for c in row.tingkat])
    if row.prasyarat is not None:
        k.prasyarat.set([links[c] for c in row.prasyarat])
    if row.wajib is not None:
        AturanWajib.objects.filter(kegiatan=k).delete()
        AturanWajib.objects.bulk_create(
            [AturanWajib(kegiatan=k, sasaran=s, aktif=a, dasar=d) for s, a, d in row.wajib]
        )


# Model fields that are not columns of the same name.
_FIELD_COLUMN = {"bentuk": "bentuk", "__all__": "kode", "instansi": "kode"}


def _model_errors(row: RowData, exc: ValidationError) -> list[CellError]:
    out = []
    for name, messages in exc.message_dict.items():
        column = _FIELD_COLUMN.get(name, name if name in HEADERS else "kode")
        raw = row.fields.get(name)
        value = row.kode if column == "kode" else "; ".join(raw) if isinstance(raw, list) else cell_text(raw)
        out += [CellError(row.baris, column, value, str(m)) for m in messages]
    return out
