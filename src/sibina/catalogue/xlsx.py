"""The catalogue as a spreadsheet: export an instansi's activities to XLSX (the import is
:mod:`sibina.catalogue.xlsx_import`, through the import kernel).

One row per activity (columns: :mod:`sibina.catalogue.sheet_rows`). A second sheet explains every column in
Indonesian, the language of the people who fill the file in. Cells are written by :mod:`sibina.sheets`:
text stays text, so a provider named ``=HYPERLINK(…)`` is never a live formula.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sibina import sheets
from sibina.catalogue.models import Kegiatan
from sibina.catalogue.sheet_rows import (
    COLUMNS,
    HEADERS,
    HELP_SHEET,
    NONAKTIF,
    REQUIRED,
    SHEET,
    TIDAK,
    YA,
    CellError,
    Known,
    parse_row,
)
from sibina.people.models import Instansi

__all__ = [  # re-exported: the workbook's columns and row reader
    "COLUMNS",
    "HEADERS",
    "HELP_SHEET",
    "REQUIRED",
    "SHEET",
    "CellError",
    "Known",
    "catalogue_export",
    "export_row",
    "parse_row",
]


# --- export ------------------------------------------------------------------------------------------------


def catalogue_export(*, instansi: Instansi) -> bytes:
    """The instansi's catalogue as an XLSX file: the activities, then a sheet explaining the columns."""
    wb = Workbook()
    ws = sheets.xlsx_sheet(wb, SHEET, first=True)
    sheets.xlsx_append(ws, HEADERS)
    for kegiatan in catalogue_rows(instansi):  # a provider "=HYPERLINK(…)" stays text: see sheets
        sheets.xlsx_append(ws, export_row(kegiatan))
    _style(ws, widths={"judul": 50, "deskripsi": 60, "penyelenggara": 36, "kompetensi": 30})
    help_ws = sheets.xlsx_sheet(wb, HELP_SHEET)
    sheets.xlsx_append(help_ws, ["kolom", "wajib diisi", "keterangan", "contoh"])
    for c in COLUMNS:
        sheets.xlsx_append(help_ws, [c.name, YA if c.required else TIDAK, c.keterangan, c.contoh])
    _style(help_ws, widths={"kolom": 20, "wajib diisi": 12, "keterangan": 100, "contoh": 30})
    return sheets.xlsx_bytes(wb)


def catalogue_rows(instansi: Instansi) -> list[Kegiatan]:
    return list(
        Kegiatan.objects.filter(instansi=instansi)
        .select_related("bentuk")
        .prefetch_related("kompetensi__kompetensi", "tingkat_jabatan", "prasyarat", "aturan_wajib")
        .order_by("kode")
    )


def export_row(k: Kegiatan) -> list[object]:
    rules = sorted(k.aturan_wajib.all(), key=lambda r: (r.sasaran, r.pk))
    return [
        k.kode,
        k.judul,
        k.deskripsi,
        k.bentuk.kode,
        k.jenis_penyelenggara,
        k.penyelenggara,
        k.hari,
        k.sesi,
        k.menit,
        k.bulan,
        _number(k.jp_program),
        YA if k.internasional else TIDAK,
        _number(k.jp),
        k.hari_klasikal,
        int(k.biaya_per_peserta),
        int(k.biaya_per_kelas),
        k.kapasitas_kelas,
        k.min_peserta,
        k.maks_kelas,
        "; ".join(str(q) for q in sorted(k.triwulan or [])),
        k.pola_pendanaan,
        k.sumber_dana,
        "; ".join(
            f"{kk.kompetensi.kode}:+{kk.kenaikan_level}"
            for kk in sorted(k.kompetensi.all(), key=lambda kk: kk.kompetensi.kode)
        ),
        "; ".join(sorted(t.kode for t in k.tingkat_jabatan.all())),
        "; ".join(k.jenis_asn or []),
        k.golongan_min,
        k.golongan_max,
        YA if k.hanya_garis_depan else TIDAK,
        "; ".join(k.sasaran_rumpun or []),
        "; ".join(k.sasaran_jenis_unit or []),
        "; ".join(k.sasaran_jabatan or []),
        "; ".join(k.sasaran_opd or []),
        YA if k.oleh_atasan else TIDAK,
        k.standar_pembina,
        k.standar_kurikulum,
        "; ".join(sorted(p.kode for p in k.prasyarat.all())),
        "; ".join(r.sasaran if r.aktif else f"{r.sasaran}:{NONAKTIF}" for r in rules),
        " | ".join(r.dasar for r in rules)
        if len({r.dasar for r in rules}) > 1
        else (rules[0].dasar if rules else ""),
        YA if k.aktif else TIDAK,
        YA if k.sintetis else TIDAK,
    ]


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _style(ws: Any, *, widths: Mapping[str, int]) -> None:
    for i, cell in enumerate(ws[1], start=1):
        cell.font = Font(bold=True)
        ws.column_dimensions[get_column_letter(i)].width = widths.get(str(cell.value), 14)
    ws.freeze_panes = "B2"
