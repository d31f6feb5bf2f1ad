"""``sibina import``: summary, exit codes, error CSV, agency choice, and a killed process."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sibina.imports.models import ImportBatch
from sibina.people.models import Instansi, Pegawai
from tests.imports.conftest import person, write_csv


def sibina(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def test_import_prints_a_summary_and_writes_the_error_csv(binjai: Instansi, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "siasn.csv", [person(1), person(2, **{"JENIS KELAMIN": "?"}), person(3)])
    out = sibina("pegawai", str(path), "--lang", "en", "--errors-csv", str(tmp_path / "galat.csv"))
    batch = ImportBatch.objects.get()
    assert out.splitlines() == [
        f"Batch {batch.pk} (siasn.csv): 3 rows, 2 created, 0 updated, 0 unchanged, 1 with errors.",
        'line 3, JENIS KELAMIN "?": Unknown sex: use L/P, M/F, Laki-laki/Perempuan or 1/2.',
        f"Row errors written to {tmp_path / 'galat.csv'}.",
    ]
    assert (tmp_path / "galat.csv").read_bytes().decode() == (
        "baris,kolom,nilai,pesan\r\n"
        '3,JENIS KELAMIN,?,"Unknown sex: use L/P, M/F, Laki-laki/Perempuan or 1/2."\r\n'
    )
    assert Pegawai.objects.count() == 2


def test_dry_run_says_so_and_saves_nothing(binjai: Instansi, tmp_path: Path) -> None:
    out = sibina("pegawai", str(write_csv(tmp_path / "a.csv", [person(4)])), "--dry-run", "--lang", "en")
    assert "1 created" in out and "Dry run: nothing was saved." in out
    assert not Pegawai.objects.exists()


def test_a_file_level_error_exits_with_1(binjai: Instansi, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("NIP BARU;NAMA\n1;Budi\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        sibina("pegawai", str(path), "--lang", "en")
    assert caught.value.returncode == 1
    assert str(caught.value).startswith(
        "The file was not imported: Required column(s) missing: TANGGAL LAHIR"
    )


def test_a_missing_file_exits_with_1(binjai: Instansi, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="File not found"):
        sibina("pegawai", str(tmp_path / "nothing.csv"), "--lang", "en")


def test_the_agency_must_be_chosen_when_there_are_several(binjai: Instansi, tmp_path: Path) -> None:
    medan = Instansi.objects.create(kode="1271", nama="Pemerintah Kota Medan", jenis=Instansi.Jenis.KOTA)
    path = write_csv(tmp_path / "a.csv", [person(5)])
    with pytest.raises(CommandError, match=r"choose one with --instansi \(1271, 1275\)"):
        sibina("pegawai", str(path), "--lang", "en")
    with pytest.raises(CommandError, match="No agency has code 9999"):
        sibina("pegawai", str(path), "--instansi", "9999", "--lang", "en")
    sibina("pegawai", str(path), "--instansi", "1271", "--create-units")  # Medan has no units yet
    assert Pegawai.objects.get().instansi == medan


def test_riwayat_kind(binjai: Instansi, tmp_path: Path) -> None:
    row = person(6)
    sibina("pegawai", str(write_csv(tmp_path / "p.csv", [row])))
    rw = tmp_path / "rw.csv"
    rw.write_text(
        "nipBaru,namaKursus,jumlahJam,tanggalKursus,jenisDiklatId\n"
        f"{row['NIP BARU']},Kursus,4,01-02-2024,11\n"
    )
    out = sibina("riwayat", str(rw), "--lang", "en")
    assert "1 rows, 1 created" in out
    assert Pegawai.objects.get().riwayat.get().jp == 4


# A real process, killed without any chance to clean up, in the middle of writing a file.
KILLED_RUN = """
import os, sys
import django
django.setup()
from django.core.management import call_command
from sibina.imports import people_import
people_import._record_changes = lambda *args: os._exit(137)  # after every unit, position and employee is written
call_command("import", "pegawai", sys.argv[1], "--create-units")
"""


def _state(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as con:
        return {
            table: con.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("people_pegawai", "people_unitkerja", "people_jabatan", "imports_perubahandata")
        }


def test_a_killed_import_leaves_the_database_as_before(tmp_path: Path) -> None:
    db = tmp_path / "kill.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "SIBINA_VAR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "sibina.config.settings",
    }
    rows = [person(n, unor="Seksi Aplikasi", induk="Dinas Komunikasi dan Informatika") for n in range(1, 40)]
    v1 = write_csv(tmp_path / "v1.csv", rows)
    v2 = write_csv(
        tmp_path / "v2.csv",
        [{**r, "NAMA": r["NAMA"] + " Baru", "UNOR NAMA": "Bidang Baru"} for r in rows] + [person(99)],
    )
    cli = [sys.executable, "-m", "sibina.cli"]
    for args in (
        ["migrate", "-v0"],
        ["instansi_load", "binjai"],
        ["import", "pegawai", str(v1), "--create-units"],
    ):
        done = subprocess.run([*cli, *args], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    before = _state(db)
    assert len(before["people_pegawai"]) == 39

    killed = subprocess.run(
        [sys.executable, "-c", KILLED_RUN, str(v2)], env=env, capture_output=True, text=True, timeout=120
    )
    assert killed.returncode == 137, killed.stderr
    assert _state(db) == before
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT status FROM imports_importbatch ORDER BY id").fetchall() == [
            ("DONE",),
            ("RUNNING",),
        ]

    bad = subprocess.run(
        [*cli, "import", "pegawai", str(tmp_path / "missing.csv")], env=env, capture_output=True
    )
    assert bad.returncode == 1
