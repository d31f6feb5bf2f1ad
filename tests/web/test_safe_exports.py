"""Formula injection (issue 9): the import errors CSV and the audit export write every payload as inert text."""

from __future__ import annotations

import csv
import io

from django.test import Client
from tests.audit.conftest import client_for, event_at, jakarta, role_user
from tests.test_sheets import PAYLOADS

from sibina.imports.models import ImportBatch, ImportRowError
from sibina.people.models import Instansi
from sibina.roles import Role


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_errors_csv_defuses_formulas_in_every_column(
    importer_client: Client, importer, binjai: Instansi
) -> None:
    batch = ImportBatch.objects.create(
        jenis=ImportBatch.Jenis.PEGAWAI,
        instansi=binjai,
        oleh=importer,
        nama_file="x.csv",
        sha256="ab" * 32,
        status=ImportBatch.Status.DONE,
    )
    for line, payload in enumerate(PAYLOADS, start=2):
        ImportRowError.objects.create(batch=batch, baris=line, kolom=payload, nilai=payload, pesan=payload)
    rows = read_csv(importer_client.get(f"/impor/{batch.pk}/galat.csv").content.decode())
    assert rows[0] == ["baris", "kolom", "nilai", "pesan"]
    assert rows[1:] == [[str(line), "'" + p, "'" + p, "'" + p] for line, p in enumerate(PAYLOADS, start=2)]


def test_the_errors_csv_masks_a_nik_and_still_defuses_formulas(
    reader_client: Client, importer, binjai: Instansi
) -> None:
    batch = ImportBatch.objects.create(
        jenis=ImportBatch.Jenis.PEGAWAI, instansi=binjai, oleh=importer, nama_file="x.csv", sha256="ab" * 32
    )
    ImportRowError.objects.create(batch=batch, baris=2, kolom="NIK", nilai="1275016603900001", pesan="x")
    ImportRowError.objects.create(batch=batch, baris=3, kolom="NAMA", nilai="=1+1", pesan="-bad")
    body = reader_client.get(f"/impor/{batch.pk}/galat.csv").content.decode()
    assert body == "baris,kolom,nilai,pesan\r\n2,NIK,1275**********01,x\r\n3,NAMA,'=1+1,'-bad\r\n"


def test_the_audit_export_defuses_every_payload(db: None) -> None:
    auditor = role_user("auditor", Role.AUDITOR)
    for minute, payload in enumerate(PAYLOADS):
        event_at(
            jakarta(2027, 3, 1, 8, minute),
            username=payload,
            aksi="auth.login_failed",
            objek_label=payload,
            keterangan=payload,
        )
    response = client_for(auditor).get("/audit/export.csv", {"aksi": "auth.login_failed"})
    rows = read_csv(b"".join(response.streaming_content).decode())
    header = rows[0]
    shown = sorted(
        (r[header.index("username")], r[header.index("objek_label")], r[header.index("keterangan")])
        for r in rows[1:]
    )
    assert shown == sorted(("'" + p, "'" + p, "'" + p) for p in PAYLOADS)
