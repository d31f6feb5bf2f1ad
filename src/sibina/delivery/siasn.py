"""Completed development back to SIASN: the records delivered in SiBina (source SIBINA: completed classes,
counted coaching sessions) of a year, in SIASN's ``rw_kursus`` shape — structural training in ``rw_diklat`` —
as CSV, XLSX or JSON ready for SIASN's save endpoints (no network call is made).

Each exported record remembers that it was exported and what it said (``EksporSiasn``: a fingerprint of the
values); the next export lists only records never exported or changed since, unless every record is asked for.
Nothing is marked until the file has been written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from sibina import sheets
from sibina.audit.services import audit_record
from sibina.delivery import domain
from sibina.delivery.models import EksporSiasn
from sibina.imports.kernel import User
from sibina.people.models import Instansi, RiwayatPengembangan

FORMATS = ("csv", "xlsx", "json")


@dataclass(frozen=True)
class Item:
    riwayat_id: int
    diklat: bool
    record: dict[str, object]
    sidik: str


def _selesai(r: RiwayatPengembangan) -> domain.Selesai:
    return domain.Selesai(
        nip=r.pegawai.nip,
        diklat=r.jenis == RiwayatPengembangan.Jenis.DIKLAT_STRUKTURAL,
        bentuk_nama=r.bentuk.nama if r.bentuk is not None else "",
        jenis_diklat_id=r.bentuk.siasn_jenis_diklat_id if r.bentuk is not None else None,
        nama=r.nama_kegiatan,
        penyelenggara=r.penyelenggara,
        jp=r.jp,
        tahun=r.tahun,
        mulai=r.tanggal_mulai,
        selesai=r.tanggal_selesai,
        nomor_sertifikat=r.nomor_sertifikat,
    )


def siasn_pending(*, instansi: Instansi, tahun: int, semua: bool = False) -> list[Item]:
    """The year's completed development delivered in SiBina, as SIASN records: those never exported or changed
    since their last export (every one with ``semua``), by NIP then start date."""
    rows = (
        RiwayatPengembangan.objects.filter(
            pegawai__instansi=instansi, tahun=tahun, sumber=RiwayatPengembangan.Sumber.SIBINA
        )
        .select_related("pegawai", "bentuk", "ekspor_siasn")
        .order_by("pegawai__nip", "tanggal_mulai", "id")
    )
    items: list[Item] = []
    for r in rows:
        record = domain.siasn_record(_selesai(r))
        sidik = domain.fingerprint(record)
        done = getattr(r, "ekspor_siasn", None)
        if semua or done is None or done.sidik != sidik:
            items.append(Item(r.pk, r.jenis == RiwayatPengembangan.Jenis.DIKLAT_STRUKTURAL, record, sidik))
    return items


def _split(items: Sequence[Item]) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    return [i.record for i in items if not i.diklat], [i.record for i in items if i.diklat]


def render(items: Sequence[Item], fmt: str) -> dict[str, bytes]:
    """File suffix -> content: CSV gives ``.csv`` (rw_kursus) and, when there is structural training,
    ``_diklat.csv`` (rw_diklat); XLSX one workbook with a sheet of each; JSON one object with both lists."""
    kursus, diklat = _split(items)
    if fmt == "json":
        body = {"rw_kursus": kursus, "rw_diklat": diklat}
        return {"": json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")}
    if fmt == "xlsx":
        wb = Workbook()
        for first, (title, columns, rows) in enumerate(
            (("rw_kursus", domain.RW_KURSUS, kursus), ("rw_diklat", domain.RW_DIKLAT, diklat))
        ):
            ws = sheets.xlsx_sheet(wb, title, first=first == 0)
            sheets.xlsx_append(ws, columns)
            for rec in rows:
                sheets.xlsx_append(ws, [rec[c] for c in columns])
        return {"": sheets.xlsx_bytes(wb)}
    files = {
        "": sheets.csv_text(domain.RW_KURSUS, ([r[c] for c in domain.RW_KURSUS] for r in kursus)).encode()
    }
    if diklat:
        files["_diklat"] = sheets.csv_text(
            domain.RW_DIKLAT, ([r[c] for c in domain.RW_DIKLAT] for r in diklat)
        ).encode()
    return files


def output_paths(output: Path, suffixes: Sequence[str]) -> dict[str, Path]:
    return {s: output if not s else output.with_name(f"{output.stem}{s}{output.suffix}") for s in suffixes}


@transaction.atomic
def siasn_mark(*, instansi: Instansi, tahun: int, items: Sequence[Item], by: User | None, fmt: str) -> int:
    """Remember the records as exported with the values written; one audit event. Returns how many."""
    now = timezone.now()
    for item in items:
        EksporSiasn.objects.update_or_create(
            riwayat_id=item.riwayat_id, defaults={"sidik": item.sidik, "diekspor_pada": now}
        )
    audit_record(
        by=by,
        action="delivery.siasn_export",
        obj=instansi,
        after={"tahun": tahun, "format": fmt, "records": len(items)},
        label=f"SIASN {tahun}",
    )
    return len(items)


def siasn_export(
    *, instansi: Instansi, tahun: int, fmt: str, output: Path, semua: bool = False, by: User | None = None
) -> tuple[list[Item], list[Path]]:
    """Write the export file(s) and then mark their records exported; returns the items and the files."""
    items = siasn_pending(instansi=instansi, tahun=tahun, semua=semua)
    files = render(items, fmt)
    paths = output_paths(output, list(files))
    for suffix, content in files.items():
        paths[suffix].write_bytes(content)
    siasn_mark(instansi=instansi, tahun=tahun, items=items, by=by, fmt=fmt)
    return items, list(paths.values())
