"""The import kernel: one registry of kinds, one lifecycle, and an errors CSV that carries no live formula."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from sibina.imports import kernel, registry
from sibina.imports.models import ImportBatch, ImportRowError
from sibina.people.models import Instansi, Pegawai
from tests.imports.conftest import person, write_csv
from tests.test_sheets import PAYLOADS

pytestmark = pytest.mark.django_db


def test_every_kind_is_registered_once_with_its_command_line_word() -> None:
    assert registry.importer_names() == [
        "pegawai",
        "riwayat",
        "skj",
        "asesmen",
        "skp",
        "katalog",
        "kehadiran",
        "skm",
        "tes",
    ]
    assert [registry.importer_named(n).jenis for n in registry.importer_names()] == list(
        ImportBatch.Jenis.values
    )
    assert registry.importer_named("SKP") is registry.importer_named("skp")
    with pytest.raises(registry.UnknownImportKind):
        registry.importer_named("survei")


def test_a_kind_nobody_registered_creates_no_batch(binjai: Instansi, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [person(1)])
    with pytest.raises(registry.UnknownImportKind):
        kernel.import_file(jenis="survei", instansi=binjai, path=path)
    assert not ImportBatch.objects.exists()


def test_the_batch_records_who_when_the_file_and_its_counts(binjai: Instansi, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [person(1), person(2, **{"JENIS KELAMIN": "?"})])
    batch = kernel.import_file(jenis="pegawai", instansi=binjai, path=path, filename="siasn.csv")
    batch.refresh_from_db()
    assert (batch.jenis, batch.nama_file, batch.status, batch.progress, batch.dry_run) == (
        "PEGAWAI",
        "siasn.csv",
        "DONE",
        100,
        False,
    )
    assert (batch.jumlah_baris, batch.jumlah_baru, batch.jumlah_galat) == (2, 1, 1)
    assert batch.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert batch.selesai is not None and batch.selesai >= batch.mulai


def test_the_command_line_errors_csv_defuses_formulas_from_the_file(binjai: Instansi, tmp_path: Path) -> None:
    rows = [person(n, **{"JENIS KELAMIN": p}) for n, p in enumerate(PAYLOADS, start=1)]
    path = write_csv(tmp_path / "siasn.csv", rows)
    out = tmp_path / "galat.csv"
    call_command(
        "import", "pegawai", str(path), "--errors-csv", str(out), "--lang", "en", stdout=io.StringIO()
    )
    written = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8"), newline="")))
    assert written[0] == ["baris", "kolom", "nilai", "pesan"]
    assert [r[2] for r in written[1:] if r[1] == "JENIS KELAMIN"] == ["'" + p for p in PAYLOADS]
    stored = ImportRowError.objects.filter(kolom="JENIS KELAMIN").order_by("baris")
    assert [e.nilai for e in stored] == list(PAYLOADS)  # stored as read; defused only when written out
    assert not Pegawai.objects.exists()
