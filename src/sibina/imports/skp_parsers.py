"""Read SKP ratings in SIASN's ``rw_skp22`` shape into typed rows and row errors. Pure: no ORM, no settings.

Columns (DOMAIN.md §10): nipBaru, tahun, hasilKinerja, perilakuKerja, kuadranKinerja (optional) and the
appraiser (nipNrpPenilai, namaPenilai). The SKP predikat comes from a function the services pass in (the
matrix is reference data). Nothing is "corrected": an SKP whose stated predikat disagrees with the matrix is
reported, not imported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sibina.imports.competency_parsers import HEADERS, read_nip
from sibina.imports.domain import MAX_YEAR, MIN_YEAR
from sibina.imports.readers import Table
from sibina.imports.rows import (
    Parsed,
    Progress,
    RowError,
    RowReader,
    column_name,
    map_columns,
    parse_rows,
    parsed,
    read_identifier,
    read_int,
    read_str,
    require_columns,
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
PENILAI_NAMA_MAX = 150  # Kinerja.penilai_nama
PENILAI_NIP_MAX = 18  # Kinerja.penilai_nip: a NIP, or a police/military NRP

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


def parse_rating(text: str) -> str | None:
    """'DIATAS EKSPEKTASI', 'Di Atas Ekspektasi', 'DI_ATAS' or SIASN's '1' -> 'DI_ATAS'; None if unknown."""
    return _RATING.get(_ALNUM.sub("", text.casefold()))


def parse_predikat(text: str) -> str | None:
    """'SANGAT BAIK', 'Butuh Perbaikan', 'Kurang/Misconduct' or SIASN's 1–5 -> a predikat code."""
    return _PREDIKAT.get(_ALNUM.sub("", text.casefold()))


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
        nip = read_nip(row)
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

    rows, errors = parse_rows(table, cols, parse_row, progress)
    kolom = column_name(table, cols, "tahun", HEADERS)
    return parsed(
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
