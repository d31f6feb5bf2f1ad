"""SKM files (``sibina import skm FILE`` and the upload page) through the import kernel.

Two shapes, told apart by the header:

* **individual questionnaires**: ``unit_kerja`` (the unit's code or its name), ``periode`` (``2026``, ``2026-S1``,
  ``2026-S2``), ``responden`` (the questionnaire's number or code), ``U1`` … ``U9`` (answers 1–4). One row is one
  questionnaire; it is written once per (unit, period, respondent): the same file again changes nothing, a
  corrected answer changes that questionnaire, a new respondent is added.
* **element averages**: the same with ``jumlah_responden`` (how many questionnaires) instead of ``responden``, and
  ``U1`` … ``U9`` the averages (NRR) the unit reported, 1–4 with at most six decimals (``3,25`` or ``3.25``).
  One row is one unit's survey of one period.

The elements may also be named instead of numbered (``persyaratan``, ``prosedur``, ``waktu_penyelesaian``, …,
``sarana_dan_prasarana``), which settles files from applications that swap elements 8 and 9. A unit is matched
by its code, then by BKPSDM's unit mapping, then by its name (case, punctuation, spacing and known abbreviations
do not matter, as for employee files); never created. A unit-period holds one shape: a file of the other shape
for it is a row error. The kernel keeps the batch (who, when, SHA-256, counts, dry run, errors CSV) and runs the
writes in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from sibina.evaluation import domain
from sibina.evaluation.models import RATA_PLACES, JawabanSkm, SurveiSkm
from sibina.imports.domain import unit_key
from sibina.imports.kernel import chunks, progress_stage
from sibina.imports.models import ImportBatch, PemetaanUnit
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
    read_str,
    require_columns,
)
from sibina.imports.rows import Progress as RowProgress
from sibina.people.models import UnitKerja

RESPONDEN_MAX = 1_000_000  # questionnaires in one survey: a data-entry bound
_NAMES: dict[str, tuple[str, ...]] = {
    "persyaratan": ("persyaratan",),
    "prosedur": (
        "sistem_mekanisme_dan_prosedur",
        "sistem_mekanisme_prosedur",
        "prosedur",
        "sistem_mekanisme_dan_prosedur_pelayanan",
    ),
    "waktu": ("waktu_penyelesaian", "waktu"),
    "biaya": ("biaya_tarif", "biaya", "tarif"),
    "produk": ("produk_spesifikasi_jenis_pelayanan", "produk_spesifikasi", "produk"),
    "kompetensi": ("kompetensi_pelaksana", "kompetensi"),
    "perilaku": ("perilaku_pelaksana", "perilaku"),
    "pengaduan": (
        "penanganan_pengaduan_saran_dan_masukan",
        "penanganan_pengaduan_saran_masukan",
        "penanganan_pengaduan",
        "pengaduan",
    ),
    "sarana": ("sarana_dan_prasarana", "sarana_prasarana", "sarana"),
}
COLUMNS: Mapping[str, tuple[str, ...]] = {
    "unit_kerja": ("unit_kerja", "kode_unit", "unit", "unit_layanan", "unor_nama"),
    "periode": ("periode", "period"),
    "responden": ("responden", "id_responden", "no_responden", "nomor_responden"),
    "jumlah_responden": ("jumlah_responden", "n_responden"),
    **{u.field: (u.kode.lower(), *_NAMES[u.field]) for u in domain.UNSUR},
}
HEADERS: Mapping[str, str] = {
    "unit_kerja": "unit_kerja",
    "periode": "periode",
    "responden": "responden",
    "jumlah_responden": "jumlah_responden",
    **{u.field: u.kode for u in domain.UNSUR},
}


@dataclass(frozen=True, kw_only=True)
class SkmRow:
    """One row of either shape: a questionnaire (``responden`` and whole answers) or a unit's averages
    (``jumlah`` and decimal averages)."""

    baris: int = field(compare=False)
    unit: str  # as written
    periode: domain.Periode
    responden: str = ""
    jawaban: tuple[int, ...] = ()
    jumlah: int = 0
    rata: tuple[Decimal, ...] = ()

    @property
    def unit_kunci(self) -> str:
        return unit_key(self.unit)


def _periode(row: RowReader) -> domain.Periode | None:
    text = row.text("periode")
    if text is None:
        row.required("periode")
        return None
    try:
        return domain.parse_periode(text)
    except ValueError:
        row.fail(
            "periode",
            _("Write the period as a year (2026) or a semester (2026-S1, 2026-S2), from %(min)d to %(max)d.")
            % {"min": domain.TAHUN_MIN, "max": domain.TAHUN_MAX},
        )
        return None


def _answer(row: RowReader, name: str) -> int | None:
    if row.text(name) is None:
        row.required(name)
        return None
    value = read_int(row, name, lo=domain.JAWABAN_MIN, hi=domain.JAWABAN_MAX)
    return value


def _average(row: RowReader, name: str) -> Decimal | None:
    text = row.text(name)
    if text is None:
        row.required(name)
        return None
    try:
        return domain.parse_rata(text, places=RATA_PLACES)
    except ValueError:
        row.fail(
            name,
            _("Expected an element average from 1 to 4 with at most %(places)d decimals (e.g. 3,25).")
            % {"places": RATA_PLACES},
        )
        return None


def parse_skm(table: Table, progress: RowProgress | None = None) -> Parsed[SkmRow]:
    """Typed rows and row errors of an SKM file of either shape (pure)."""
    cols = map_columns(table.header, COLUMNS)
    rata = "jumlah_responden" in cols
    require_columns(
        table.header,
        cols,
        ["unit_kerja", "periode", "jumlah_responden" if rata else "responden", *domain.UNSUR_FIELDS],
        HEADERS,
    )

    def parse_row(row: RowReader) -> SkmRow | None:
        unit = read_str(row, "unit_kerja", required=True, max_length=200)
        periode = _periode(row)
        if rata:
            jumlah = read_int(row, "jumlah_responden", lo=1, hi=RESPONDEN_MAX)
            if jumlah is None and row.text("jumlah_responden") is None:
                row.required("jumlah_responden")
            averages = [_average(row, f) for f in domain.UNSUR_FIELDS]
            if unit is None or periode is None or jumlah is None or any(a is None for a in averages):
                return None
            return SkmRow(
                baris=row.baris,
                unit=unit,
                periode=periode,
                jumlah=jumlah,
                rata=tuple(a for a in averages if a is not None),
            )
        responden = read_str(row, "responden", required=True, max_length=60)
        answers = [_answer(row, f) for f in domain.UNSUR_FIELDS]
        if unit is None or periode is None or responden is None or any(a is None for a in answers):
            return None
        return SkmRow(
            baris=row.baris,
            unit=unit,
            periode=periode,
            responden=responden,
            jawaban=tuple(a for a in answers if a is not None),
        )

    rows, errors = parse_rows(table, cols, parse_row, progress, names=HEADERS)
    kolom = column_name(table, cols, "jumlah_responden" if rata else "responden", HEADERS)

    def conflict(r: SkmRow, lines: str) -> RowError:
        if rata:
            pesan = _(
                "Unit %(unit)s, period %(periode)s appears on lines %(lines)s with different values; none of "
                "them was imported."
            ) % {"unit": r.unit, "periode": r.periode.label, "lines": lines}
            return RowError(r.baris, kolom, str(r.jumlah), pesan)
        pesan = _(
            "Respondent %(responden)s of unit %(unit)s, period %(periode)s appears on lines %(lines)s with "
            "different answers; none of them was imported."
        ) % {"responden": r.responden, "unit": r.unit, "periode": r.periode.label, "lines": lines}
        return RowError(r.baris, kolom, r.responden, pesan)

    return parsed(
        table,
        cols,
        rows,
        errors,
        key=lambda r: (r.unit_kunci, r.periode, r.responden),
        conflict=conflict,
        kind=SurveiSkm.Bentuk.RATA if rata else SurveiSkm.Bentuk.JAWABAN,
    )


def _parse(batch: ImportBatch, table: Table, progress: RowProgress | None) -> Parsed[SkmRow]:
    return parse_skm(table, progress)


class _Units:
    """A file's unit, by code, then BKPSDM's mapping, then the name (as employee files are matched)."""

    def __init__(self, batch: ImportBatch) -> None:
        units = list(UnitKerja.objects.filter(instansi=batch.instansi))
        self.by_kode = {u.kode.casefold(): u for u in units}
        self.by_name: dict[str, list[UnitKerja]] = {}
        for u in units:
            self.by_name.setdefault(unit_key(u.nama), []).append(u)
        self.mapped = {
            m.nama_sumber: m.unit
            for m in PemetaanUnit.objects.filter(
                instansi=batch.instansi, unit__instansi=batch.instansi
            ).select_related("unit")
        }

    def find(self, text: str) -> UnitKerja | str:
        unit = self.by_kode.get(text.casefold()) or self.mapped.get(unit_key(text))
        if unit is not None:
            return unit
        named = self.by_name.get(unit_key(text), [])
        if len(named) == 1:
            return named[0]
        if named:
            return _("Several work units have this name; write the unit's code instead.")
        return _(
            "No work unit of this agency has this code or name (add a unit mapping if the name differs)."
        )


def _write(batch: ImportBatch, rows: Parsed[SkmRow], progress: Progress | None) -> Outcome:
    outcome = Outcome(unchanged=rows.duplicates, errors=list(rows.errors))
    write = progress_stage(progress, STAGE_WRITE, len(rows.rows))
    rata = rows.kind == SurveiSkm.Bentuk.RATA
    units = _Units(batch)
    col = rows.column
    placed: list[tuple[SkmRow, UnitKerja]] = []
    for r in rows.rows:
        found = units.find(r.unit)
        if isinstance(found, str):
            outcome.errors.append(RowError(r.baris, col("unit_kerja"), r.unit, found))
        else:
            placed.append((r, found))
    # Two spellings of one unit (its code and its name) in one file are one unit: repeats are checked again.
    placed = _same_key_again(placed, outcome, col, rata)
    surveys = _surveys(batch, placed, outcome, col, rata)
    if rata:
        _write_averages(batch, placed, surveys, outcome)
    else:
        _write_answers(placed, surveys, outcome)
    if write is not None:
        write(len(rows.rows))
    return outcome


def _same_key_again(
    placed: list[tuple[SkmRow, UnitKerja]], outcome: Outcome, col: Callable[[str], str], rata: bool
) -> list[tuple[SkmRow, UnitKerja]]:
    groups: dict[tuple[int, str, str], list[tuple[SkmRow, UnitKerja]]] = {}
    for r, unit in placed:
        groups.setdefault((unit.pk, r.periode.label, r.responden), []).append((r, unit))
    kept: list[tuple[SkmRow, UnitKerja]] = []
    column = col("jumlah_responden" if rata else "responden")
    for group in groups.values():
        first = group[0][0]
        same = all(
            (r.jawaban, r.jumlah, r.rata) == (first.jawaban, first.jumlah, first.rata) for r, _u in group
        )
        if same:
            kept.append(group[0])
            outcome.unchanged += len(group) - 1
            continue
        lines = ", ".join(str(r.baris) for r, _u in group)
        for r, _u in group:
            outcome.errors.append(
                RowError(
                    r.baris,
                    column,
                    r.responden or str(r.jumlah),
                    _(
                        "Lines %(lines)s give the same unit and period (by code and by name) different values; "
                        "none of them was imported."
                    )
                    % {"lines": lines},
                )
            )
    kept.sort(key=lambda p: p[0].baris)
    return kept


def _surveys(
    batch: ImportBatch,
    placed: list[tuple[SkmRow, UnitKerja]],
    outcome: Outcome,
    col: Callable[[str], str],
    rata: bool,
) -> dict[tuple[int, str], SurveiSkm]:
    """The survey of each (unit, period) the rows name, created when new; a survey of the other shape makes its
    rows errors (and drops them from ``placed``)."""
    keys = {(u.pk, r.periode.label) for r, u in placed}
    existing = {
        (s.unit_id, s.periode): s
        for s in SurveiSkm.objects.select_for_update().filter(
            instansi=batch.instansi, unit_id__in=sorted({k[0] for k in keys})
        )
    }
    want = SurveiSkm.Bentuk.RATA if rata else SurveiSkm.Bentuk.JAWABAN
    surveys: dict[tuple[int, str], SurveiSkm] = {}
    refused: set[tuple[int, str]] = set()
    for unit_id, label in sorted(keys):
        s = existing.get((unit_id, label))
        if s is not None and s.bentuk != want:
            refused.add((unit_id, label))
            continue
        if s is None and not rata:  # a survey of averages is created with its values (_write_averages)
            periode = domain.parse_periode(label)
            s = SurveiSkm.objects.create(
                instansi=batch.instansi,
                unit_id=unit_id,
                periode=label,
                tahun=periode.tahun,
                semester=periode.semester,
                bentuk=want,
                import_batch=batch,
            )
        if s is not None:
            surveys[(unit_id, label)] = s
    if refused:
        column = col("jumlah_responden" if rata else "responden")
        message = (
            _("This unit's survey of this period is held as individual questionnaires, not element averages.")
            if rata
            else _(
                "This unit's survey of this period is held as element averages, not individual questionnaires."
            )
        )
        keep: list[tuple[SkmRow, UnitKerja]] = []
        for r, u in placed:
            if (u.pk, r.periode.label) in refused:
                outcome.errors.append(RowError(r.baris, column, r.responden or str(r.jumlah), message))
            else:
                keep.append((r, u))
        placed[:] = keep
    return surveys


def _write_answers(
    placed: list[tuple[SkmRow, UnitKerja]], surveys: dict[tuple[int, str], SurveiSkm], outcome: Outcome
) -> None:
    survey_ids = sorted({s.pk for s in surveys.values()})
    existing: dict[tuple[int, str], JawabanSkm] = {}
    for ids in chunks(survey_ids):
        for j in JawabanSkm.objects.filter(survei_id__in=ids):
            existing[(j.survei_id, j.responden)] = j
    new: list[JawabanSkm] = []
    changed: list[JawabanSkm] = []
    for r, u in placed:
        s = surveys[(u.pk, r.periode.label)]
        found = existing.get((s.pk, r.responden))
        if found is None:
            new.append(
                JawabanSkm(
                    survei=s, responden=r.responden, **dict(zip(domain.UNSUR_FIELDS, r.jawaban, strict=True))
                )
            )
        elif found.answers() == r.jawaban:
            outcome.unchanged += 1
        else:
            for name, value in zip(domain.UNSUR_FIELDS, r.jawaban, strict=True):
                setattr(found, name, value)
            changed.append(found)
    JawabanSkm.objects.bulk_create(new, batch_size=1000)
    JawabanSkm.objects.bulk_update(changed, list(domain.UNSUR_FIELDS), batch_size=1000)
    outcome.created += len(new)
    outcome.updated += len(changed)


def _write_averages(
    batch: ImportBatch,
    placed: list[tuple[SkmRow, UnitKerja]],
    surveys: dict[tuple[int, str], SurveiSkm],
    outcome: Outcome,
) -> None:
    for r, u in placed:
        values = {f"rata_{f}": v for f, v in zip(domain.UNSUR_FIELDS, r.rata, strict=True)}
        s = surveys.get((u.pk, r.periode.label))
        if s is None:
            SurveiSkm.objects.create(
                instansi=batch.instansi,
                unit=u,
                periode=r.periode.label,
                tahun=r.periode.tahun,
                semester=r.periode.semester,
                bentuk=SurveiSkm.Bentuk.RATA,
                jumlah_responden=r.jumlah,
                import_batch=batch,
                **values,
            )
            outcome.created += 1
            continue
        if s.jumlah_responden == r.jumlah and all(getattr(s, k) == v for k, v in values.items()):
            outcome.unchanged += 1
            continue
        s.jumlah_responden = r.jumlah
        for k, v in values.items():
            setattr(s, k, v)
        s.import_batch = batch
        s.save()
        outcome.updated += 1


SKM = Importer(jenis=ImportBatch.Jenis.SKM, name="skm", parse=_parse, write=_write)
