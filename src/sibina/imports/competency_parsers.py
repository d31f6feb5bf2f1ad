"""Read the needs-analysis files into typed rows and row errors. Pure: no ORM, no settings.

Two kinds here (DOMAIN.md §3, §5); the third, SKP, is in :mod:`sibina.imports.skp_parsers`:

- **SKJ** (position competency standards): a position (ID JABATAN, or JABATAN with UNIT), a competency
  (KODE KOMPETENSI or NAMA KOMPETENSI) and the required LEVEL 1–5; one row per position and competency.
- **Assessments**: NIP, TANGGAL, METODE, PENYELENGGARA, SKOR POTENSIAL, and one column per competency
  (headed by its code, e.g. M01, SK01, T-KES-02, or its name) holding the level achieved; blank = not measured.

Whatever a row names is resolved here against plain lookups the services build from the database
(:class:`CompetencyLookups`), so a row is either complete or rejected with errors naming the column as the
file spells it. Rows are read with the one row reader of :mod:`sibina.imports.rows`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from sibina.imports.domain import normalise_name, unit_key
from sibina.imports.readers import ImportFileError, Table
from sibina.imports.rows import (
    Parsed,
    Progress,
    RowError,
    RowReader,
    check_nip_shape,
    column_name,
    header_key,
    map_columns,
    parse_rows,
    parsed,
    read_date,
    read_identifier,
    read_int,
    read_str,
    require_columns,
)

# Values of the competency models' choices (plain strings: pure code imports no models).
AC, CACT, UJIKOM, ATASAN = "AC", "CACT", "UJIKOM", "ATASAN"
LEVEL_MIN, LEVEL_MAX = 1, 5
PENYELENGGARA_MAX = 200  # Asesmen.penyelenggara
SKOR_MAX = Decimal(100)

# --- lookups -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KompetensiRef:
    id: int
    kode: str
    nama: str
    aktif: bool


@dataclass(frozen=True)
class CompetencyLookups:
    """What the files may name, from the database of one agency, keyed by normalised text."""

    kompetensi_by_kode: Mapping[str, KompetensiRef]  # header_key(code) -> competency
    kompetensi_by_nama: Mapping[str, KompetensiRef]  # header_key(name) -> competency
    unit_by_kode: Mapping[str, int]  # normalised unit code -> unit id
    units_by_nama: Mapping[str, tuple[int, ...]]  # normalised unit name -> unit ids (names repeat)
    jabatan: Mapping[tuple[int | None, str], int]  # (unit id, normalised name) -> jabatan id
    jabatan_by_nama: Mapping[str, tuple[int, ...]]  # normalised name -> jabatan ids
    jabatan_nama: Mapping[int, str]  # jabatan id -> normalised name


def build_competency_lookups(
    *,
    kompetensi: Iterable[tuple[int, str, str, bool]],
    units: Iterable[tuple[int, str, str]],
    jabatan: Iterable[tuple[int, int | None, str]],
) -> CompetencyLookups:
    """From rows: competencies (id, kode, nama, aktif), units (id, kode, nama), positions (id, unit id, nama)."""
    by_kode: dict[str, KompetensiRef] = {}
    by_nama: dict[str, KompetensiRef] = {}
    for pk, kode, nama, aktif in kompetensi:
        ref = KompetensiRef(pk, kode, nama, aktif)
        by_kode.setdefault(header_key(kode), ref)
        by_nama.setdefault(header_key(nama), ref)
    unit_kode: dict[str, int] = {}
    unit_nama: dict[str, list[int]] = {}
    for pk, kode, nama in units:
        unit_kode.setdefault(normalise_name(kode), pk)
        unit_nama.setdefault(unit_key(nama), []).append(pk)  # as the employee import matches units
    by_unit: dict[tuple[int | None, str], int] = {}
    jab_nama: dict[str, list[int]] = {}
    names: dict[int, str] = {}
    for pk, unit_id, nama in jabatan:
        key = normalise_name(nama)
        by_unit.setdefault((unit_id, key), pk)
        jab_nama.setdefault(key, []).append(pk)
        names[pk] = key
    return CompetencyLookups(
        kompetensi_by_kode=by_kode,
        kompetensi_by_nama=by_nama,
        unit_by_kode=unit_kode,
        units_by_nama={k: tuple(sorted(v)) for k, v in unit_nama.items()},
        jabatan=by_unit,
        jabatan_by_nama={k: tuple(sorted(v)) for k, v in jab_nama.items()},
        jabatan_nama=names,
    )


# --- values ------------------------------------------------------------------------------------------------

_ALNUM = re.compile(r"[^a-z0-9]")

_METODE: Mapping[str, str] = {
    **dict.fromkeys(
        ("ac", "assessmentcenter", "assessmentcentre", "asesmencenter", "asesmensenter", "pusatasesmen"), AC
    ),
    **dict.fromkeys(("cact", "computerassistedcompetencytest", "computerassistedcompetencytestcact"), CACT),
    **dict.fromkeys(("ujikompetensi", "ujikom", "competencytest", "uk"), UJIKOM),
    **dict.fromkeys(
        ("atasan", "penilaianatasan", "olehatasan", "supervisor", "supervisorassessment"), ATASAN
    ),
}


def parse_metode(text: str) -> str | None:
    """'AC', 'Assessment Center', 'CACT', 'Uji Kompetensi', 'Atasan' -> an assessment method code."""
    return _METODE.get(_ALNUM.sub("", text.casefold()))


def parse_decimal(text: str) -> Decimal | None:
    """'72', '72.5' or '72,5'; None if not a finite number."""
    value = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# --- rows --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class StandarRow:
    """The level one position requires of one competency."""

    baris: int = field(compare=False)
    jabatan_id: int
    kompetensi_id: int
    level: int


@dataclass(frozen=True, kw_only=True)
class AsesmenRow:
    """One assessment of one employee; ``None`` means the file does not say."""

    baris: int = field(compare=False)
    nip: str
    tanggal: dt.date
    metode: str
    penyelenggara: str | None
    skor_potensial: Decimal | None
    levels: tuple[tuple[int, int], ...]  # (kompetensi id, level achieved), by id; only measured ones

    @property
    def key(self) -> tuple[str, dt.date, str]:
        return (self.nip, self.tanggal, self.metode)


# --- columns -----------------------------------------------------------------------------------------------

SKJ_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "jabatan_id": ("id_jabatan", "jabatan_id"),
    "jabatan": ("jabatan", "nama_jabatan", "jabatan_nama"),
    "unit": ("unit", "unit_kerja", "kode_unit", "unor", "unor_nama"),
    "kode_kompetensi": ("kode_kompetensi", "kompetensi_kode", "kode"),
    "nama_kompetensi": ("nama_kompetensi", "kompetensi_nama", "kompetensi"),
    "level": ("level", "level_standar", "standar", "level_kompetensi"),
}
ASESMEN_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "nip": ("nip_baru", "nip"),
    "tanggal": ("tanggal", "tanggal_asesmen", "tgl_asesmen", "tanggal_penilaian", "tanggal_uji"),
    "metode": ("metode", "metode_asesmen", "jenis_asesmen", "metode_penilaian"),
    "penyelenggara": ("penyelenggara", "institusi_penyelenggara", "lembaga_penyelenggara", "asesor"),
    "skor_potensial": ("skor_potensial", "potensial", "skor_potensi", "nilai_potensial", "nilai_potensi"),
}
# How a missing column is named in the file-level error.
HEADERS: Mapping[str, str] = {
    "jabatan_id": "ID JABATAN",
    "jabatan": "JABATAN",
    "kode_kompetensi": "KODE KOMPETENSI",
    "nama_kompetensi": "NAMA KOMPETENSI",
    "level": "LEVEL",
    "nip": "NIP",
    "tanggal": "TANGGAL",
    "metode": "METODE",
    "tahun": "tahun",
    "hasil_kinerja": "hasilKinerja",
    "hasil_kinerja_nilai": "hasilKinerjaNilai",
    "perilaku_kerja": "perilakuKerja",
    "perilaku_kerja_nilai": "PerilakuKerjaNilai",
}
# A header shaped like a competency code (M01, SK01, T-KES-02) that names no competency is a mistake, not
# an extra column to ignore: its levels would silently be lost.
_CODE_LIKE = re.compile(r"(m|sk)\d{1,3}|t_[a-z]{2,6}_\d{1,3}")


def _column(table: Table, cols: Mapping[str, int], name: str) -> str:
    return column_name(table, cols, name, HEADERS)


def _level(row: RowReader, name: str) -> int | None:
    return read_int(row, name, lo=LEVEL_MIN, hi=LEVEL_MAX)


def read_nip(row: RowReader) -> str | None:
    """The row's NIP (required), checked for its shape."""
    nip = read_identifier(row, "nip", required=True)
    if nip is not None and not check_nip_shape(row, "nip", nip):
        return None
    return nip


# --- SKJ ---------------------------------------------------------------------------------------------------


def parse_standar(
    table: Table, lookups: CompetencyLookups, progress: Progress | None = None
) -> Parsed[StandarRow]:
    """Position standards; a position and competency named twice with different levels are all rejected."""
    cols = map_columns(table.header, SKJ_COLUMNS)
    require_columns(
        table.header,
        cols,
        (("jabatan_id", "jabatan"), ("kode_kompetensi", "nama_kompetensi"), "level"),
        HEADERS,
    )

    def parse_row(row: RowReader) -> StandarRow | None:
        jabatan_id = _position(row, lookups)
        kompetensi = _named_kompetensi(row, lookups)
        level = _level(row, "level")
        if level is None and row.text("level") is None:
            row.required("level")
        if jabatan_id is None or kompetensi is None or level is None:
            return None
        return StandarRow(baris=row.baris, jabatan_id=jabatan_id, kompetensi_id=kompetensi.id, level=level)

    rows, errors = parse_rows(table, cols, parse_row, progress)
    kolom = _column(table, cols, "level")
    return parsed(
        table,
        cols,
        rows,
        errors,
        key=lambda r: (r.jabatan_id, r.kompetensi_id),
        conflict=lambda r, lines: RowError(
            r.baris,
            kolom,
            str(r.level),
            _(
                "The same position and competency appear on lines %(lines)s with different levels; "
                "none of them was imported."
            )
            % {"lines": lines},
        ),
    )


def _position(row: RowReader, lookups: CompetencyLookups) -> int | None:
    """By ID JABATAN; else by JABATAN within UNIT (code or name); else by a JABATAN name that is unique."""
    nama = read_str(row, "jabatan", max_length=255)
    if row.text("jabatan_id") is not None:
        jabatan_id = read_int(row, "jabatan_id", lo=1, hi=2**63 - 1)
        if jabatan_id is None:
            return None
        if jabatan_id not in lookups.jabatan_nama:
            row.error("jabatan_id", _("No position of this agency has this id."))
            return None
        if nama is not None and normalise_name(nama) != lookups.jabatan_nama[jabatan_id]:
            row.error(
                "jabatan",
                _("This is not the name of the position with ID JABATAN %(id)d.") % {"id": jabatan_id},
            )
            return None
        return jabatan_id
    if nama is None:
        row.required("jabatan")
        return None
    key = normalise_name(nama)
    unit = read_str(row, "unit", max_length=200)
    if unit is not None:
        unit_ids: tuple[int, ...] = ()
        if (by_kode := lookups.unit_by_kode.get(normalise_name(unit))) is not None:
            unit_ids = (by_kode,)
        else:
            unit_ids = lookups.units_by_nama.get(unit_key(unit), ())
        if not unit_ids:
            row.error("unit", _("No work unit of this agency has this code or name."))
            return None
        if len(unit_ids) > 1:
            row.error(
                "unit",
                _("%(n)d work units have this name: give the unit's code instead.") % {"n": len(unit_ids)},
            )
            return None
        found = lookups.jabatan.get((unit_ids[0], key))
        if found is None:
            row.error("jabatan", _("The work unit %(unit)s has no position with this name.") % {"unit": unit})
        return found
    ids = lookups.jabatan_by_nama.get(key, ())
    if not ids:
        row.error("jabatan", _("No position of this agency has this name."))
        return None
    if len(ids) > 1:
        row.error(
            "jabatan",
            _("%(n)d positions have this name: add a UNIT column (unit code or name) or ID JABATAN.")
            % {"n": len(ids)},
        )
        return None
    return ids[0]


def _named_kompetensi(row: RowReader, lookups: CompetencyLookups) -> KompetensiRef | None:
    kode, nama = row.text("kode_kompetensi"), row.text("nama_kompetensi")
    found: KompetensiRef | None = None
    if kode is not None:
        found = lookups.kompetensi_by_kode.get(header_key(kode))
        if found is None:
            row.error("kode_kompetensi", _("No competency in the dictionary has this code."))
            return None
    if nama is not None:
        by_name = lookups.kompetensi_by_nama.get(header_key(nama))
        if by_name is None:
            row.error("nama_kompetensi", _("No competency in the dictionary has this name."))
            return None
        if found is not None and by_name != found:
            row.error(
                "nama_kompetensi",
                _("Competency %(kode)s is named %(nama)s.") % {"kode": found.kode, "nama": found.nama},
            )
            return None
        found = by_name
    if found is None:
        row.required("kode_kompetensi" if "kode_kompetensi" in row.cols else "nama_kompetensi")
        return None
    if not found.aktif:
        row.error(
            "kode_kompetensi" if kode is not None else "nama_kompetensi",
            _("Competency %(kode)s is no longer active in the dictionary.") % {"kode": found.kode},
        )
        return None
    return found


# --- assessments -------------------------------------------------------------------------------------------


def _kompetensi_columns(header: tuple[str, ...], lookups: CompetencyLookups) -> dict[str, int]:
    """'k<id>' -> column index for every header naming a competency by code (or else by name)."""
    found: dict[str, int] = {}
    first_header: dict[int, str] = {}
    unknown: list[str] = []
    twice: list[str] = []
    known_fields = {alias for aliases in ASESMEN_COLUMNS.values() for alias in aliases}
    for i, name in enumerate(header):
        key = header_key(name)
        if not key or key in known_fields:
            continue
        ref = lookups.kompetensi_by_kode.get(key) or lookups.kompetensi_by_nama.get(key)
        if ref is None:
            if _CODE_LIKE.fullmatch(key):
                unknown.append(name)
            continue
        if ref.id in first_header:
            twice.append(f"{first_header[ref.id]} / {name}")
            continue
        first_header[ref.id] = name
        found[f"k{ref.id}"] = i
    if unknown:
        raise ImportFileError(
            _("These columns look like competency codes but no competency has them: %(columns)s.")
            % {"columns": ", ".join(unknown)}
        )
    if twice:
        raise ImportFileError(
            _("These columns hold the same competency: %(columns)s.") % {"columns": ", ".join(twice)}
        )
    if not found:
        raise ImportFileError(
            _(
                "No competency column found: head one column per competency with its code "
                "(e.g. M01, SK01, T-KES-02). Columns found: %(found)s."
            )
            % {"found": ", ".join(h for h in header if h) or "-"}
        )
    return found


def parse_asesmen(
    table: Table, lookups: CompetencyLookups, *, today: dt.date, progress: Progress | None = None
) -> Parsed[AsesmenRow]:
    """Assessments, one per row; the same employee, date and method twice with different data are rejected."""
    cols = map_columns(table.header, ASESMEN_COLUMNS)
    require_columns(table.header, cols, ("nip", "tanggal", "metode"), HEADERS)
    kompetensi_cols = _kompetensi_columns(table.header, lookups)
    all_cols = {**cols, **kompetensi_cols}
    ids = {name: int(name[1:]) for name in kompetensi_cols}

    def parse_row(row: RowReader) -> AsesmenRow | None:
        nip = read_nip(row)
        tanggal = read_date(row, "tanggal", required=True)
        if tanggal is not None and tanggal > today:
            row.error("tanggal", _("The assessment date is in the future."))
        metode_text = row.text("metode")
        metode = parse_metode(metode_text) if metode_text is not None else None
        if metode_text is None:
            row.required("metode")
        elif metode is None:
            row.error(
                "metode",
                _("Unknown method: use AC (assessment centre), CACT, Uji Kompetensi or Atasan."),
            )
        penyelenggara = read_str(row, "penyelenggara", max_length=PENYELENGGARA_MAX)
        skor = _skor(row)
        levels: list[tuple[int, int]] = []
        for name, kompetensi_id in ids.items():
            if row.text(name) is not None and (level := _level(row, name)) is not None:
                levels.append((kompetensi_id, level))
        if not levels and not row.errors:
            row.errors.append(
                RowError(
                    row.baris,
                    _("(whole row)"),
                    "",
                    _("The row has no competency level: fill at least one competency column."),
                )
            )
        if nip is None or tanggal is None or metode is None:
            return None
        return AsesmenRow(
            baris=row.baris,
            nip=nip,
            tanggal=tanggal,
            metode=metode,
            penyelenggara=penyelenggara,
            skor_potensial=skor,
            levels=tuple(sorted(levels)),
        )

    rows, errors = parse_rows(table, all_cols, parse_row, progress)
    kolom = _column(table, cols, "nip")
    return parsed(
        table,
        all_cols,
        rows,
        errors,
        key=lambda r: r.key,
        conflict=lambda r, lines: RowError(
            r.baris,
            kolom,
            r.nip,
            _(
                "The assessment of NIP %(nip)s on %(date)s by the same method appears on lines %(lines)s "
                "with different data; none of them was imported."
            )
            % {"nip": r.nip, "date": r.tanggal.strftime("%d-%m-%Y"), "lines": lines},
        ),
    )


def _skor(row: RowReader) -> Decimal | None:
    text = row.text("skor_potensial")
    if text is None:
        return None
    skor = parse_decimal(text)
    if skor is None or not 0 <= skor <= SKOR_MAX or skor != skor.quantize(Decimal("0.01")):
        row.error("skor_potensial", _("Expected a potential score from 0 to 100 with at most 2 decimals."))
        return None
    return skor
