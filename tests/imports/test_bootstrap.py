"""``sibina import pegawai FILE --create-units``: an agency starts from its SIASN export alone, and the command
says which work units it created or could not find."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from sibina.imports.models import ImportBatch
from sibina.people.models import Instansi, Pegawai, UnitKerja
from tests.imports.conftest import HEADER, person, write_csv

LANGKAT = "Pemerintah Kabupaten Langkat"
WITH_INSTANSI = (*HEADER, "INSTANSI KERJA NAMA")


def sibina(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, "--lang", "en", stdout=out)
    return out.getvalue()


def langkat_rows(instansi: str = LANGKAT) -> list[dict[str, str]]:
    extra = {"INSTANSI KERJA NAMA": instansi}
    kadis = person(1, unor="Dinas Kesehatan", induk=LANGKAT, jabatan="Kepala Dinas Kesehatan", **extra)
    return [
        kadis,
        person(2, unor="UPT Puskesmas Stabat", induk="Dinas Kesehatan", atasan=kadis["NIP BARU"], **extra),
        person(
            3, unor="Puskesmas Stabat", induk="Dinas Kesehatan", **extra
        ),  # the same unit, spelled otherwise
        person(4, unor="Seksi Data", induk="Bidang Informatika", **extra),  # a parent no row is placed in
        person(5, unor="Kecamatan Stabat", **extra),
    ]


def test_an_empty_database_and_a_siasn_export_give_a_working_instansi(db: None, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "langkat.csv", langkat_rows(), header=WITH_INSTANSI)
    out = sibina("pegawai", str(path), "--create-units")
    instansi = Instansi.objects.get()
    assert (instansi.kode, instansi.nama, instansi.jenis) == ("KABUPATEN-LANGKAT", LANGKAT, "KABUPATEN")
    tree = {u.nama: (u.parent.nama if u.parent else None, u.jenis) for u in UnitKerja.objects.all()}
    assert tree == {
        "Dinas Kesehatan": (None, "OPD"),
        "UPT Puskesmas Stabat": ("Dinas Kesehatan", "PUSKESMAS"),
        "Bidang Informatika": (None, "BIDANG"),
        "Seksi Data": ("Bidang Informatika", "SEKSI"),
        "Kecamatan Stabat": (None, "KECAMATAN"),
    }
    assert set(UnitKerja.objects.values_list("dari_impor", "terkonfirmasi")) == {(True, False)}
    assert Pegawai.objects.filter(instansi=instansi).count() == 5
    assert Pegawai.objects.get(nip=langkat_rows()[1]["NIP BARU"]).atasan.nama == "Pegawai Nomor 1"
    lines = out.splitlines()
    batch = ImportBatch.objects.get()
    assert lines[:3] == [
        f"Agency created: {LANGKAT} (code KABUPATEN-LANGKAT), unconfirmed.",
        f"Batch {batch.pk} (langkat.csv): 5 rows, 5 created, 0 updated, 0 unchanged, 0 with errors.",
        "5 work units created (from import, unconfirmed):",
    ]
    assert "  UPT Puskesmas Stabat (under Dinas Kesehatan; PUSKESMAS; rows: 2)" in lines

    # Working: the first account (`sibina createsuperuser`) acts as BKPSDM of the only agency and sees them.
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw-Rahasia-123")
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("web:pegawai_list"))
    assert page.status_code == 200 and "Pegawai Nomor 4" in page.content.decode()
    assert "Seksi Data" in client.get(reverse("web:unit_tree")).content.decode()


def test_a_dry_run_on_an_empty_database_creates_not_even_the_agency(db: None, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "langkat.csv", langkat_rows(), header=WITH_INSTANSI)
    out = sibina("pegawai", str(path), "--create-units", "--dry-run")
    assert "5 rows, 5 created" in out and "5 work units would be created" in out
    assert out.splitlines()[-1] == "Dry run: the agency was not created either."
    assert not Instansi.objects.exists() and not UnitKerja.objects.exists() and not Pegawai.objects.exists()


def test_an_empty_database_without_create_units_says_how_to_start(db: None, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "langkat.csv", langkat_rows(), header=WITH_INSTANSI)
    with pytest.raises(
        CommandError, match="or create it and its work units from this file with --create-units"
    ):
        sibina("pegawai", str(path))
    assert not Instansi.objects.exists()


def test_the_agency_comes_from_the_flags_when_the_file_has_no_agency_column(db: None, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", langkat_rows())  # the standard header: no INSTANSI KERJA NAMA
    with pytest.raises(CommandError, match=r"no agency column .* --instansi-kode and --instansi-nama"):
        sibina("pegawai", str(path), "--create-units")
    assert not Instansi.objects.exists()
    sibina("pegawai", str(path), "--create-units", "--instansi-kode", "1205", "--instansi-nama", LANGKAT)
    assert list(Instansi.objects.values_list("kode", "nama")) == [("1205", LANGKAT)]
    assert Pegawai.objects.count() == 5


def test_a_file_of_two_agencies_is_refused(db: None, tmp_path: Path) -> None:
    rows = [*langkat_rows()[:2], *langkat_rows("Pemerintah Kota Medan")[2:]]
    path = write_csv(tmp_path / "a.csv", rows, header=WITH_INSTANSI)
    with pytest.raises(CommandError, match="The file names 2 agencies"):
        sibina("pegawai", str(path), "--create-units")
    assert not Instansi.objects.exists()


def test_a_failed_file_leaves_no_new_agency(db: None, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("NIP BARU;NAMA;INSTANSI KERJA NAMA\n1;Budi;Pemerintah Kota Medan\n", encoding="utf-8")
    with pytest.raises(CommandError, match="The file was not imported"):
        sibina("pegawai", str(path), "--create-units")
    assert not Instansi.objects.exists() and not ImportBatch.objects.exists()


def test_the_command_lists_units_not_found_and_then_creates_them(binjai: Instansi, tmp_path: Path) -> None:
    rows = [person(1, unor="UPT Laboratorium Kesehatan", induk="Dinas Kesehatan"), person(2)]
    path = write_csv(tmp_path / "a.csv", rows)
    out = sibina("pegawai", str(path))
    assert out.splitlines()[1:] == [
        "line 2, UNOR NAMA \"UPT Laboratorium Kesehatan\": Work unit 'UPT Laboratorium Kesehatan' was not "
        "found; add a unit mapping or run with --create-units (on the upload page: confirm creating the units "
        "listed).",
        "1 work unit not found; the rows naming it were not imported. Add a unit mapping, or run again "
        "with --create-units to create it:",
        "  UPT Laboratorium Kesehatan (under Dinas Kesehatan; UPTD; rows: 1)",
    ]
    assert not UnitKerja.objects.filter(dari_impor=True).exists() and Pegawai.objects.count() == 1
    out = sibina("pegawai", str(path), "--create-units")
    assert "1 work unit created (from import, unconfirmed):" in out
    lab = UnitKerja.objects.get(dari_impor=True)
    assert (lab.nama, lab.parent.kode, lab.terkonfirmasi) == ("UPT Laboratorium Kesehatan", "DINKES", False)
    assert Pegawai.objects.count() == 2


def test_a_short_agency_id_in_the_file_is_its_code(db: None, tmp_path: Path) -> None:
    header = (*WITH_INSTANSI, "INSTANSI KERJA ID")
    short = [{**r, "INSTANSI KERJA ID": "1205"} for r in langkat_rows()]
    sibina("pegawai", str(write_csv(tmp_path / "a.csv", short, header=header)), "--create-units")
    assert Instansi.objects.get().kode == "1205"


def test_a_long_siasn_agency_id_is_not_made_a_code(db: None, tmp_path: Path) -> None:
    header = (*WITH_INSTANSI, "INSTANSI KERJA ID")
    hexid = [{**r, "INSTANSI KERJA ID": "A5EB03E23CCEF6A0E040640A040252AD"} for r in langkat_rows()]
    sibina("pegawai", str(write_csv(tmp_path / "a.csv", hexid, header=header)), "--create-units")
    assert Instansi.objects.get().kode == "KABUPATEN-LANGKAT"
