"""Read the needs-analysis files into typed rows and row errors. Pure: no ORM, no settings.

Three kinds (DOMAIN.md §3, §5, §10):

- **SKJ** (position competency standards): a position (ID JABATAN, or JABATAN with UNIT), a competency
  (KODE KOMPETENSI or NAMA KOMPETENSI) and the required LEVEL 1–5; one row per position and competency.
- **Assessments**: NIP, TANGGAL, METODE, PENYELENGGARA, SKOR POTENSIAL, and one column per competency
  (headed by its code, e.g. M01, SK01, T-KES-02, or its name) holding the level achieved; blank = not measured.
- **SKP** in SIASN's ``rw_skp22`` shape: nipBaru, tahun, hasilKinerja, perilakuKerja, kuadranKinerja (optional)
  and the appraiser (nipNrpPenilai, namaPenilai).

Whatever a row names is resolved here against plain lookups the services build from the database
(:class:`CompetencyLookups`), and the SKP predikat comes from a function the services pass in (the matrix is
reference data), so a row is either complete or rejected with errors naming the column as the file spells it.
Nothing is "corrected": an SKP whose stated predikat disagrees with the matrix is reported, not imported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from django.utils.translation import gettext as _

from sibina.imports.domain import MAX_YEAR, MIN_YEAR, normalise_name
from sibina.imports.parsers import (
    PROGRESS_EVERY,
    ImportFileError,
    Parsed,
    Progress,
    RowError,
    RowReader,
    Table,
    check_nip_shape,
    dedupe,
    header_key,
    map_columns,
    read_date,
    read_identifier,
    read_int,
    read_str,
    require_columns,
    too_many_cells,
)

# Values of the competency models' choices (plain strings: pure code imports no models).
DI_BAWAH, SESUAI, DI_ATAS = "DI_BAWAH", "SESUAI", "DI_ATAS"
SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG = (
    "SANGAT_BAIK",
    "BAIK",
    "BUTUH_PERBAIKAN",
    "KURANG",
    "SANGAT_KURANG",
)
AC, CACT, UJIKOM, ATASAN = "AC", "CACT", "UJIKOM", "ATASAN"
LEVEL_MIN, LEVEL_MAX = 1, 5
PENYELENGGARA_MAX = 200  # Asesmen.penyelenggara
PENILAI_NAMA_MAX = 150  # Kinerja.penilai_nama
PENILAI_NIP_MAX = 18  # Kinerja.penilai_nip: a NIP, or a police/military NRP
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
        unit_nama.setdefault(normalise_name(nama), []).append(pk)
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

# SKP ratings as SIASN and regional systems write them; SIASN's numeric codes are 1 above, 2 as expected,
# 3 below (hasilKinerjaNilai, PerilakuKerjaNilai). Our own codes (DI_ATAS, …) are accepted too.
_RATING: Mapping[str, str] = {
    **dict.fromkeys(("diatasekspektasi", "diatas", "1", "aboveexpectations"), DI_ATAS),
    **dict.fromkeys(
        ("sesuaiekspektasi", "sesuai", "memenuhiekspektasi", "2", "asexpected"),
        SESUAI,
    ),
    **dict.fromkeys(("dibawahekspektasi", "dibawah", "3", "belowexpectations"), DI_BAWAH),
}
# SKP predikat (kuadranKinerja); SIASN's KuadranKinerjaNilai codes 1 … 5 run from Sangat Baik to Sangat Kurang.
_PREDIKAT: Mapping[str, str] = {
    **dict.fromkeys(("sangatbaik", "1"), SANGAT_BAIK),
    **dict.fromkeys(("baik", "2"), BAIK),
    **dict.fromkeys(("butuhperbaikan", "perlubaikan", "3"), BUTUH_PERBAIKAN),
    **dict.fromkeys(("kurang", "kurangmisconduct", "misconduct", "4"), KURANG),
    **dict.fromkeys(("sangatkurang", "5"), SANGAT_KURANG),
}
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


def parse_rating(text: str) -> str | None:
    """'DIATAS EKSPEKTASI', 'Di Atas Ekspektasi', 'DI_ATAS' or SIASN's '1' -> 'DI_ATAS'; None if unknown."""
    return _RATING.get(_ALNUM.sub("", text.casefold()))


def parse_predikat(text: str) -> str | None:
    """'SANGAT BAIK', 'Butuh Perbaikan', 'Kurang/Misconduct' or SIASN's 1–5 -> a predikat code."""
    return _PREDIKAT.get(_ALNUM.sub("", text.casefold()))


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


@dataclass(frozen=True, kw_only=True)
class KinerjaRow:
    """One yearly SKP rating with the predikat the matrix gives it."""

    baris: int = field(compare=False)
    nip: str
    tahun: int
    hasil_kerja: str
    perilaku_kerja: str
    predikat: str
    penilai_nip: str | None
    penilai_nama: str | None


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
SKP_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "nip": ("nip_baru", "nip"),
    "tahun": ("tahun", "tahun_penilaian"),
    "hasil_kinerja": ("hasil_kinerja", "rating_hasil_kerja", "hasil_kerja"),
    "hasil_kinerja_nilai": ("hasil_kinerja_nilai",),
    "perilaku_kerja": ("perilaku_kerja", "rating_perilaku_kerja"),
    "perilaku_kerja_nilai": ("perilaku_kerja_nilai",),
    "kuadran": ("kuadran_kinerja", "predikat_kinerja", "predikat"),
    "kuadran_nilai": ("kuadran_kinerja_nilai",),
    "penilai_nip": ("nip_nrp_penilai", "penilai_nip_nrp", "penilai_nip", "nip_penilai"),
    "penilai_nama": ("nama_penilai", "penilai_nama"),
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

RowT = TypeVar("RowT", bound=StandarRow | AsesmenRow | KinerjaRow)


def _parse_rows(
    table: Table,
    cols: Mapping[str, int],
    parse_row: Callable[[RowReader], RowT | None],
    progress: Progress | None,
) -> tuple[list[RowT], list[RowError]]:
    rows: list[RowT] = []
    errors: list[RowError] = []
    for n, (baris, cells) in enumerate(table.rows, start=1):
        row = RowReader(baris, cells, cols, table.header)
        parsed = None if too_many_cells(row) else parse_row(row)
        if parsed is not None and not row.errors:
            rows.append(parsed)
        errors.extend(row.errors)
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)
    if progress is not None:
        progress(len(table.rows) % PROGRESS_EVERY)
    return rows, errors


def _column(table: Table, cols: Mapping[str, int], name: str) -> str:
    return table.header[cols[name]] if name in cols else HEADERS.get(name, name)


def _parsed(
    table: Table,
    cols: Mapping[str, int],
    rows: list[RowT],
    errors: list[RowError],
    key: Callable[[RowT], object],
    conflict: Callable[[RowT, str], RowError],
) -> Parsed[RowT]:
    unique, duplicates, conflicts = dedupe(rows, key=key, conflict=conflict)
    return Parsed(
        rows=tuple(unique),
        errors=tuple(sorted([*errors, *conflicts], key=lambda e: e.baris)),
        line_count=len(table.rows),
        duplicates=duplicates,
        columns={name: table.header[i] for name, i in cols.items()},
    )


def _level(row: RowReader, name: str) -> int | None:
    return read_int(row, name, lo=LEVEL_MIN, hi=LEVEL_MAX)


def _nip(row: RowReader) -> str | None:
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

    rows, errors = _parse_rows(table, cols, parse_row, progress)
    kolom = _column(table, cols, "level")
    return _parsed(
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
            unit_ids = lookups.units_by_nama.get(normalise_name(unit), ())
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
        nip = _nip(row)
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

    rows, errors = _parse_rows(table, all_cols, parse_row, progress)
    kolom = _column(table, cols, "nip")
    return _parsed(
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


# --- SKP (rw_skp22) ----------------------------------------------------------------------------------------

PredikatOf = Callable[[str, str, int], str | None]  # (HK, PK, year) -> predikat, None if no matrix in force


def parse_kinerja(
    table: Table,
    *,
    predikat_of: PredikatOf,
    today: dt.date,
    labels: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> Parsed[KinerjaRow]:
    """SKP ratings; the predikat comes from the matrix, and a kuadranKinerja that disagrees is an error.

    ``labels`` shows rating and predikat codes in messages ("Di Atas Ekspektasi" rather than DI_ATAS).
    """
    cols = map_columns(table.header, SKP_COLUMNS)
    require_columns(
        table.header,
        cols,
        (
            "nip",
            "tahun",
            ("hasil_kinerja", "hasil_kinerja_nilai"),
            ("perilaku_kerja", "perilaku_kerja_nilai"),
        ),
        HEADERS,
    )
    shown = labels or {}

    def parse_row(row: RowReader) -> KinerjaRow | None:
        nip = _nip(row)
        tahun = read_int(row, "tahun", lo=MIN_YEAR, hi=MAX_YEAR)
        if tahun is None and row.text("tahun") is None:
            row.required("tahun")
        elif tahun is not None and tahun > today.year:
            row.error("tahun", _("The year is in the future."))
            tahun = None
        hk = _coded(row, "hasil_kinerja", "hasil_kinerja_nilai", parse_rating, _rating_message)
        pk = _coded(row, "perilaku_kerja", "perilaku_kerja_nilai", parse_rating, _rating_message)
        stated = _coded(row, "kuadran", "kuadran_nilai", parse_predikat, _predikat_message, required=False)
        penilai_nip = _penilai_nip(row)
        penilai_nama = read_str(row, "penilai_nama", max_length=PENILAI_NAMA_MAX)
        if nip is None or tahun is None or hk is None or pk is None:
            return None
        predikat = predikat_of(hk, pk, tahun)
        if predikat is None:
            row.error("tahun", _("No SKP predikat matrix is in force for %(year)d.") % {"year": tahun})
            return None
        if stated is not None and stated != predikat:
            kolom = "kuadran" if row.text("kuadran") is not None else "kuadran_nilai"
            row.error(
                kolom,
                _(
                    "The file's predikat %(stated)s disagrees with the SKP matrix: work results %(hk)s and "
                    "behaviour %(pk)s give %(predikat)s. The row was not imported; correct the file."
                )
                % {
                    "stated": shown.get(stated, stated),
                    "hk": shown.get(hk, hk),
                    "pk": shown.get(pk, pk),
                    "predikat": shown.get(predikat, predikat),
                },
            )
            return None
        return KinerjaRow(
            baris=row.baris,
            nip=nip,
            tahun=tahun,
            hasil_kerja=hk,
            perilaku_kerja=pk,
            predikat=predikat,
            penilai_nip=penilai_nip,
            penilai_nama=penilai_nama,
        )

    rows, errors = _parse_rows(table, cols, parse_row, progress)
    kolom = _column(table, cols, "tahun")
    return _parsed(
        table,
        cols,
        rows,
        errors,
        key=lambda r: (r.nip, r.tahun),
        conflict=lambda r, lines: RowError(
            r.baris,
            kolom,
            str(r.tahun),
            _(
                "The SKP %(year)d of NIP %(nip)s appears on lines %(lines)s with different data; "
                "none of them was imported."
            )
            % {"year": r.tahun, "nip": r.nip, "lines": lines},
        ),
    )


def _rating_message() -> str:
    return _("Unknown rating: use Di Atas Ekspektasi, Sesuai Ekspektasi or Di Bawah Ekspektasi (or 1, 2, 3).")


def _predikat_message() -> str:
    return _("Unknown predikat: use Sangat Baik, Baik, Butuh Perbaikan, Kurang or Sangat Kurang (or 1–5).")


def _coded(
    row: RowReader,
    name: str,
    code_name: str,
    parse: Callable[[str], str | None],
    message: Callable[[], str],
    *,
    required: bool = True,
) -> str | None:
    """A value given as text (``name``) and/or as SIASN's number (``code_name``); both must agree."""
    values: list[tuple[str, str]] = []
    for column in (name, code_name):
        text = row.text(column)
        if text is None:
            continue
        value = parse(text)
        if value is None:
            row.error(column, message())
            return None
        values.append((column, value))
    if not values:
        if required:
            row.required(name if name in row.cols else code_name)
        return None
    if len(values) == 2 and values[0][1] != values[1][1]:
        row.error(
            code_name,
            _("This code disagrees with the column %(column)s.") % {"column": _header_of(row, name)},
        )
        return None
    return values[0][1]


def _header_of(row: RowReader, name: str) -> str:
    i = row.cols.get(name)
    return row.header[i] if i is not None else HEADERS.get(name, name)


def _penilai_nip(row: RowReader) -> str | None:
    value = read_identifier(row, "penilai_nip")
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > PENILAI_NIP_MAX:
        row.error("penilai_nip", _("The appraiser's NIP (or NRP) must be at most 18 digits."))
        return None
    return value
