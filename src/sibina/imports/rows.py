"""The one cell and row reader of every import: columns by canonical name, typed cells, typed cell errors.

A file is first a :class:`~sibina.imports.readers.Table`; each importer names its columns (canonical field ->
header spellings), and :func:`parse_rows` is the one loop over the rows: it hands each row to the importer's
row function as a :class:`RowReader`, which reads cells by field and collects :class:`RowError` (line, column
as the file spells it, value, message). A row is never half-parsed: one bad cell rejects the whole row.
:func:`parsed` then drops exact repeats and rejects rows that share a key with different data. Pure: no ORM.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeAlias, TypeVar

from django.utils.translation import gettext as _

from sibina.imports.domain import MAX_YEAR, MIN_YEAR, parse_date_text
from sibina.imports.readers import EXCEL_DIGITS, Cell, ImportFileError, Table, cell_text, is_blank
from sibina.people import domain as people_domain

Progress: TypeAlias = Callable[[int], None]  # rows read since the last call

# Column widths of the target fields (people.models); a longer value is a row error, never a truncation.
# tests/imports/test_parsers.py checks that these agree with the models.
MAX_LENGTH: Mapping[str, int] = {
    "pns_id": 64,
    "nama": 150,
    "gelar_depan": 40,
    "gelar_belakang": 60,
    "tempat_lahir": 100,
    "agama": 30,
    "email": 254,
    "nomor_hp": 20,
    "jurusan": 150,
    "unor_id": 64,
    "unor_nama": 200,
    "unor_induk_nama": 200,
    "jabatan": 255,
    "nama_kegiatan": 255,
    "penyelenggara": 255,
    "nomor_sertifikat": 120,
}
PROGRESS_EVERY = 1000
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EMPTY = frozenset({"", "-", "--", "NULL", "null"})


@dataclass(frozen=True)
class RowError:
    """One problem in one row: line number in the file, column header as written there, the value, why."""

    baris: int
    kolom: str
    nilai: str
    pesan: str


class _Numbered(Protocol):
    @property
    def baris(self) -> int: ...


R = TypeVar("R", bound=_Numbered)  # a parsed row that knows its line
K = TypeVar("K")


@dataclass(frozen=True)
class Parsed(Generic[R]):
    rows: tuple[R, ...]  # valid rows, each key once, in file order
    errors: tuple[RowError, ...]  # sorted by line
    line_count: int  # data rows read
    duplicates: int  # rows that repeat an earlier row exactly (imported once)
    columns: Mapping[str, str]  # canonical field -> header as written in the file
    kind: str = ""  # riwayat: KURSUS or DIKLAT

    def column(self, name: str) -> str:
        return self.columns.get(name, name)


# --- columns -----------------------------------------------------------------------------------------------

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def header_key(header: str) -> str:
    """'NIP BARU', 'nip_baru' and 'nipBaru' all become 'nip_baru'."""
    return _NON_WORD.sub("_", _CAMEL.sub("_", header.strip().lstrip("\ufeff")).lower()).strip("_")


# How a missing column is named in the file-level error: SIASN's export spelling.
SIASN_HEADER: Mapping[str, str] = {
    "nip": "NIP BARU",
    "nama": "NAMA",
    "tanggal_lahir": "TANGGAL LAHIR",
    "jenis_kelamin": "JENIS KELAMIN",
    "unor_nama": "UNOR NAMA",
    "jenis_pegawai": "JENIS PEGAWAI NAMA",
    "status_cpns_pns": "STATUS CPNS PNS",
    "nama_kursus": "namaKursus",
    "latihan_struktural_nama": "latihanStrukturalNama",
    "jumlah_jam": "jumlahJam",
    "tanggal_mulai": "tanggalKursus / tanggal",
}


def map_columns(header: Sequence[str], spec: Mapping[str, tuple[str, ...]]) -> dict[str, int]:
    """canonical field -> column index. Unknown columns are ignored; a repeated header counts once (first)."""
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        index.setdefault(header_key(name), i)
    found: dict[str, int] = {}
    for name, aliases in spec.items():
        for alias in aliases:
            if alias in index:
                found[name] = index[alias]
                break
    return found


def require_columns(
    header: Sequence[str],
    cols: Mapping[str, int],
    required: Iterable[str | tuple[str, ...]],
    names: Mapping[str, str] = SIASN_HEADER,
) -> None:
    """A file-level error naming each missing column (as ``names`` spells it), or nothing."""
    missing: list[str] = []
    for need in required:
        options = (need,) if isinstance(need, str) else need
        if not any(o in cols for o in options):
            missing.append(" / ".join(names.get(o, o) for o in options))
    if missing:
        raise ImportFileError(
            _("Required column(s) missing: %(missing)s. Columns found: %(found)s.")
            % {"missing": ", ".join(missing), "found": ", ".join(h for h in header if h) or "-"}
        )


# --- cells -------------------------------------------------------------------------------------------------


# --- cells -------------------------------------------------------------------------------------------------


class RowReader:
    """One data row being parsed: reads cells by canonical field and collects errors.

    ``names`` says how a field absent from the file is named in an error (its usual header spelling).
    """

    __slots__ = ("baris", "cells", "cols", "errors", "header", "names")

    def __init__(
        self,
        baris: int,
        cells: tuple[Cell, ...],
        cols: Mapping[str, int],
        header: tuple[str, ...],
        names: Mapping[str, str] = SIASN_HEADER,
    ):
        self.baris = baris
        self.cells = cells
        self.cols = cols
        self.header = header
        self.names = names
        self.errors: list[RowError] = []

    def has(self, name: str) -> bool:
        """Whether the file has this column at all (a column left out leaves the field as it is)."""
        return name in self.cols

    def raw(self, name: str) -> Cell:
        i = self.cols.get(name)
        return self.cells[i] if i is not None and i < len(self.cells) else None

    def text(self, name: str) -> str | None:
        """The cell's text with whitespace runs collapsed, or None when empty."""
        raw = self.raw(name)
        value = raw if isinstance(raw, str) else cell_text(raw)
        if not value:  # the common empty cell, cheaply
            return None
        value = " ".join(value.split())
        return None if value in _EMPTY else value

    def plain(self, name: str) -> str:
        """The cell's text as typed, stripped ("" when empty): for files whose values may be "-"."""
        return cell_text(self.raw(name)).strip()

    def error(self, name: str, pesan: str, nilai: str | None = None) -> None:
        i = self.cols.get(name)
        kolom = self.header[i] if i is not None else self.names.get(name, name)
        self.errors.append(
            RowError(self.baris, kolom, cell_text(self.raw(name)) if nilai is None else nilai, pesan)
        )

    def required(self, name: str) -> None:
        self.error(name, _("A value is required."))

    def fail(self, name: str, pesan: str) -> None:
        """An error on the cell, showing its plain text."""
        self.error(name, pesan, nilai=self.plain(name))

    def parse(self, name: str, fn: Callable[[str], Any]) -> Any:
        """``fn`` of the cell's plain text; a ValueError becomes an error on the cell with its message."""
        try:
            return fn(self.plain(name))
        except ValueError as exc:
            self.fail(name, str(exc))
            return None


_GARBLED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd]")


def read_str(
    row: RowReader, name: str, *, required: bool = False, max_length: int | None = None
) -> str | None:
    value = row.text(name)
    if value is None:
        if required:
            row.required(name)
        return None
    limit = max_length or MAX_LENGTH.get(name)
    if limit is not None and len(value) > limit:
        row.error(name, _("The value is longer than %(max)d characters.") % {"max": limit})
        return None
    if _GARBLED.search(value):
        row.error(name, _("The value contains unreadable characters (is the file's encoding right?)."))
        return None
    return value


def read_date(row: RowReader, name: str, *, required: bool = False) -> dt.date | None:
    raw = row.raw(name)
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        if MIN_YEAR <= raw.year <= MAX_YEAR:
            return raw
        row.error(
            name, _("The year must be between %(min)d and %(max)d.") % {"min": MIN_YEAR, "max": MAX_YEAR}
        )
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _excel_serial(row, name, raw)
    value = row.text(name)
    if value is None:
        if required:
            row.required(name)
        return None
    parsed = parse_date_text(value)
    if parsed is None:
        row.error(name, _("Not a valid date: use dd-mm-yyyy or yyyy-mm-dd."))
    return parsed


def _excel_serial(row: RowReader, name: str, serial: float) -> dt.date | None:
    """A date a spreadsheet stored as its day number (days since 1899-12-30)."""
    try:
        value = _EXCEL_EPOCH + dt.timedelta(days=int(serial))
    except (OverflowError, ValueError):
        value = None
    if value is None or not MIN_YEAR <= value.year <= MAX_YEAR:
        row.error(name, _("Not a valid date: use dd-mm-yyyy or yyyy-mm-dd."))
        return None
    return value


def read_int(row: RowReader, name: str, *, lo: int, hi: int) -> int | None:
    value = row.text(name)
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or not lo <= int(value) <= hi:
        row.error(name, _("Expected a whole number from %(lo)d to %(hi)d.") % {"lo": lo, "hi": hi})
        return None
    return int(value)


_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?e\+?\d+$", re.IGNORECASE)


def read_identifier(row: RowReader, name: str, *, required: bool = False) -> str | None:
    """A NIP or NIK, with spaces and dots removed; a spreadsheet-mangled number is reported as such."""
    raw = row.raw(name)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and abs(raw) >= 10**EXCEL_DIGITS:
        row.error(
            name,
            _(
                "The spreadsheet stored this identifier as a number and kept only its first 15 digits: "
                "format the column as text and export again."
            ),
        )
        return None
    value = row.text(name)
    if value is None:
        if required:
            row.required(name)
        return None
    if _SCIENTIFIC.match(value):
        row.error(
            name,
            _(
                "The identifier is in scientific notation (a spreadsheet turned it into a number): "
                "format the column as text and export again."
            ),
        )
        return None
    return people_domain.normalise_nip(value)


def check_nip_shape(row: RowReader, name: str, nip: str) -> bool:
    parsed = people_domain.parse_nip(nip, pppk=True)
    if isinstance(parsed, people_domain.Finding):
        row.error(name, parsed.message)
        return False
    return True


# --- rows --------------------------------------------------------------------------------------------------


# --- rows --------------------------------------------------------------------------------------------------


def too_many_cells(row: RowReader) -> bool:
    extra = row.cells[len(row.header) :]
    if any(not is_blank(c) for c in extra):
        row.errors.append(
            RowError(
                row.baris,
                _("(whole row)"),
                "",
                _("The row has %(n)d values but the header has %(m)d columns (a separator inside a value?).")
                % {"n": len(row.cells), "m": len(row.header)},
            )
        )
        return True
    return False


T = TypeVar("T")


def parse_rows(
    table: Table,
    cols: Mapping[str, int],
    parse_row: Callable[[RowReader], T | None],
    progress: Progress | None = None,
    *,
    header: tuple[str, ...] | None = None,
    names: Mapping[str, str] = SIASN_HEADER,
    check_width: bool = True,
) -> tuple[list[T], list[RowError]]:
    """The one row loop: each data row through ``parse_row``; a row with any error is left out.

    ``header`` replaces the file's headers in error messages (for files whose columns have fixed names);
    ``check_width`` rejects a row with values beyond the last header (a separator inside a value).
    """
    rows: list[T] = []
    errors: list[RowError] = []
    shown = table.header if header is None else header
    for n, (baris, cells) in enumerate(table.rows, start=1):
        row = RowReader(baris, cells, cols, shown, names)
        parsed = None if check_width and too_many_cells(row) else parse_row(row)
        if parsed is not None and not row.errors:
            rows.append(parsed)
        errors.extend(row.errors)
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)
    if progress is not None:
        progress(len(table.rows) % PROGRESS_EVERY)
    return rows, errors


def column_name(table: Table, cols: Mapping[str, int], name: str, names: Mapping[str, str]) -> str:
    """The header of field ``name`` as the file spells it, else its usual spelling."""
    return table.header[cols[name]] if name in cols else names.get(name, name)


def parsed(
    table: Table,
    cols: Mapping[str, int],
    rows: list[R],
    errors: list[RowError],
    *,
    key: Callable[[R], object],
    conflict: Callable[[R, str], RowError],
    kind: str = "",
) -> Parsed[R]:
    """The file's result: exact repeats imported once, rows sharing a key with different data rejected."""
    unique, duplicates, conflicts = dedupe(rows, key=key, conflict=conflict)
    return Parsed(
        rows=tuple(unique),
        errors=tuple(sorted([*errors, *conflicts], key=lambda e: e.baris)),
        line_count=len(table.rows),
        duplicates=duplicates,
        columns={name: table.header[i] for name, i in cols.items()},
        kind=kind,
    )


def dedupe(
    rows: list[R], *, key: Callable[[R], K], conflict: Callable[[R, str], RowError]
) -> tuple[list[R], int, list[RowError]]:
    """Rows repeating an earlier one exactly are dropped; rows sharing a key with different data all fail."""
    groups: dict[K, list[R]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    unique: list[R] = []
    errors: list[RowError] = []
    duplicates = 0
    for group in groups.values():
        if all(r == group[0] for r in group):
            unique.append(group[0])
            duplicates += len(group) - 1
        else:
            lines = ", ".join(str(r.baris) for r in group)
            errors.extend(conflict(r, lines) for r in group)
    unique.sort(key=lambda r: r.baris)
    return unique, duplicates, errors
