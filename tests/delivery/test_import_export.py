"""Attendance through the import kernel (row errors, the same file twice changes nothing, never doubles JP) and
completed development back to SIASN (rw_kursus / rw_diklat; a re-export lists only what is new or changed)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from sibina.delivery import services
from sibina.delivery.models import EksporSiasn, Kehadiran, Kelas, Peserta
from sibina.imports.kernel import import_data
from sibina.imports.models import ImportBatch
from sibina.needs.ledger import jp_totals
from sibina.people.models import RiwayatPengembangan
from tests.delivery.test_services import invited, of
from tests.web.test_permissions import World

D = dt.date
Day = Callable[[dt.date], None]
RW_KURSUS = (
    "nipBaru,jenisKursusNama,namaKursus,institusiPenyelenggara,jumlahJam,tahunKursus,tanggalKursus,"
    "tanggalSelesaiKursus,noSertipikat,jenisDiklatId"
)


def _file(kelas: Kelas, rows: list[tuple[str, str, str]], *, kelas_id: str | None = None) -> bytes:
    lines = ["id_kelas;nip;sesi;hadir"] + [f"{kelas_id or kelas.pk};{nip};{s};{h}" for nip, s, h in rows]
    return ("\n".join(lines) + "\n").encode()


def _import(w: World, data: bytes, *, dry_run: bool = False) -> ImportBatch:
    return import_data(
        jenis="kehadiran",
        instansi=w.city.instansi,
        data=data,
        filename="hadir.csv",
        by=w.users["bkpsdm"],
        dry_run=dry_run,
    )


def test_the_same_attendance_file_twice_changes_nothing_the_second_time(
    world: World, db: None, day: Day
) -> None:
    kelas = invited(world)
    day(D(2027, 2, 5))
    nip = world.city.perawat.nip
    data = _file(kelas, [(nip, "1", "1"), (nip, "2", "ya"), (nip, "3", "Hadir"), (nip, "4", "1")])
    first = _import(world, data)
    assert (first.status, first.jumlah_baru, first.jumlah_diubah, first.jumlah_sama, first.jumlah_galat) == (
        "DONE",
        4,
        0,
        0,
        0,
    )
    second = _import(world, data)
    assert (second.jumlah_baru, second.jumlah_diubah, second.jumlah_sama) == (0, 0, 4)
    p = of(kelas, world, "perawat")
    assert Kehadiran.objects.filter(peserta=p, hadir=True).count() == 4
    services.peserta_complete(
        peserta=p, by=world.users["bkpsdm"], version=p.version, selesai=True, nomor_sertifikat="EL-9"
    )
    third = _import(world, data)
    assert third.jumlah_sama == 4
    assert jp_totals(pegawai_ids=[p.pegawai_id], tahun=2027)[p.pegawai_id][0] == Decimal("12.00")
    assert RiwayatPengembangan.objects.filter(pegawai_id=p.pegawai_id, sumber="SIBINA").count() == 1


def test_attendance_row_errors_name_line_column_and_value(world: World, db: None, day: Day) -> None:
    kelas = invited(world)
    day(D(2027, 2, 2))
    perawat, bidan = world.city.perawat.nip, world.city.bidan.nip
    data = _file(
        kelas,
        [
            (perawat, "1", "1"),  # line 2: fine
            (perawat, "2", "mungkin"),  # line 3: unknown value
            (perawat, "9", "1"),  # line 4: no session 9
            (bidan, "3", "1"),  # line 5: session 3 is tomorrow
            (world.city.pppk.nip, "1", "1"),  # line 6: not a participant
            ("12345", "1", "1"),  # line 7: not a NIP
        ],
    )
    batch = _import(world, data)
    errors = [(e.baris, e.kolom, e.nilai, e.pesan) for e in batch.errors.order_by("baris")]
    assert errors == [
        (3, "hadir", "mungkin", "Write 1 or ya (present), 0 or tidak (absent)."),
        (4, "sesi", "9", "The class has no session with this number."),
        (5, "sesi", "3", "Attendance is recorded once the session has taken place."),
        (6, "nip", world.city.pppk.nip, "This employee is not a participant of the class."),
        (7, "nip", "12345", errors[4][3]),
    ]
    assert "18" in errors[4][3]  # the NIP's length is what is wrong
    assert (batch.jumlah_baru, batch.jumlah_galat) == (1, 5)
    assert list(Kehadiran.objects.values_list("peserta__pegawai__nip", "sesi__urutan", "hadir")) == [
        (perawat, 1, True)
    ]


def test_a_class_of_another_agency_or_a_missing_column_is_refused(world: World, db: None, day: Day) -> None:
    kelas = invited(world)
    day(D(2027, 2, 5))
    batch = _import(world, _file(kelas, [(world.city.perawat.nip, "1", "1")], kelas_id="999999"))
    assert [(e.baris, e.kolom, e.pesan) for e in batch.errors.all()] == [
        (2, "id_kelas", "No class of this agency has this number.")
    ]
    missing = _import(world, b"id_kelas;nip;hadir\n1;199001012015011001;1\n")
    assert missing.status == "FAILED"
    assert "sesi" in missing.pesan
    assert not Kehadiran.objects.exists()


def test_a_dry_run_reports_and_writes_nothing(world: World, db: None, day: Day) -> None:
    kelas = invited(world)
    day(D(2027, 2, 5))
    batch = _import(world, _file(kelas, [(world.city.perawat.nip, "1", "1")]), dry_run=True)
    assert (batch.dry_run, batch.jumlah_baru) == (True, 1)
    assert not Kehadiran.objects.exists()


# --- SIASN ------------------------------------------------------------------------------------------------------


def _complete(w: World, kelas: Kelas, who: str, nomor: str) -> Peserta:
    p = of(kelas, w, who)
    for sesi in kelas.sesi.all():
        services.kehadiran_record(
            sesi=sesi,
            hadir_ids=[x.pk for x in kelas.peserta.filter(kehadiran__hadir=True).distinct()] + [p.pk],
            by=w.users["bkpsdm"],
        )
    services.peserta_complete(
        peserta=p, by=w.users["bkpsdm"], version=p.version, selesai=True, nomor_sertifikat=nomor
    )
    p.refresh_from_db()
    return p


def _export(tmp_path: Path, name: str, *extra: str, fmt: str = "csv") -> str:
    out = tmp_path / name
    call_command(
        "siasn",
        "export",
        "--year",
        "2027",
        "--format",
        fmt,
        "--output",
        str(out),
        *extra,
        stdout=io.StringIO(),
    )
    return out.read_text(encoding="utf-8") if fmt != "xlsx" else ""


def test_siasn_export_writes_the_rw_kursus_shape_of_completed_courses_only(
    world: World, db: None, day: Day, tmp_path: Path
) -> None:
    kelas = invited(world)
    day(D(2027, 2, 5))
    _complete(world, kelas, "perawat", "EL/2027/001")
    text = _export(tmp_path, "kursus.csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        RW_KURSUS.split(","),
        [
            world.city.perawat.nip,
            "E-learning",
            "Kegiatan uji EL-UJI",
            "BKPSDM Kota Binjai",
            "12",
            "2027",
            "01-02-2027",
            "04-02-2027",
            "EL/2027/001",
            "16",
        ],
    ]
    assert EksporSiasn.objects.count() == 1
    # Nothing new: the re-export has the header only; --all lists it again.
    assert _export(tmp_path, "again.csv").splitlines() == [RW_KURSUS]
    assert len(_export(tmp_path, "all.csv", "--all").splitlines()) == 2
    # A changed record (certificate number corrected) is listed again.
    p = of(kelas, world, "perawat")
    services.peserta_complete(
        peserta=p, by=world.users["bkpsdm"], version=p.version, selesai=True, nomor_sertifikat="EL/2027/001-R"
    )
    changed = _export(tmp_path, "changed.csv").splitlines()
    assert len(changed) == 2 and changed[1].endswith("EL/2027/001-R,16")


def test_siasn_export_json_and_xlsx_carry_both_shapes(
    world: World, db: None, day: Day, tmp_path: Path
) -> None:
    kelas = invited(world)
    day(D(2027, 2, 5))
    _complete(world, kelas, "perawat", "EL-1")
    body = json.loads(_export(tmp_path, "siasn.json", fmt="json"))
    assert list(body) == ["rw_kursus", "rw_diklat"]
    assert body["rw_diklat"] == []
    assert body["rw_kursus"][0]["jumlahJam"] == 12
    assert body["rw_kursus"][0]["jenisDiklatId"] == 16
    assert body["rw_kursus"][0]["tanggalKursus"] == "01-02-2027"
    _export(tmp_path, "siasn.xlsx", "--all", fmt="xlsx")
    wb = load_workbook(tmp_path / "siasn.xlsx")
    assert wb.sheetnames == ["rw_kursus", "rw_diklat"]
    assert [c.value for c in wb["rw_kursus"][1]] == RW_KURSUS.split(",")
    assert wb["rw_kursus"].max_row == 2


@pytest.mark.parametrize("hasil", ["not completed", "declined"])
def test_what_was_not_completed_is_not_exported(
    world: World, db: None, day: Day, tmp_path: Path, hasil: str
) -> None:
    kelas = invited(world)
    p = of(kelas, world, "perawat")
    if hasil == "declined":
        services.peserta_answer(
            peserta=p,
            by=world.users["pegawai"],
            version=p.version,
            jawaban=services.domain.Jawaban.TOLAK,
            alasan="Bertugas jaga IGD sepanjang Februari",
        )
    day(D(2027, 2, 5))
    if hasil == "not completed":
        services.peserta_complete(peserta=p, by=world.users["bkpsdm"], version=p.version, selesai=False)
    assert _export(tmp_path, "none.csv").splitlines() == [RW_KURSUS]
    assert not EksporSiasn.objects.exists()
