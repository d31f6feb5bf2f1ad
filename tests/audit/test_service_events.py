"""State changes made by services write one audit event each: proposals (before/after status), catalogue
activities, and one event per applied import file with its counts (none for a dry run)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from sibina.audit.context import acting_from
from sibina.audit.models import AuditEvent
from sibina.catalogue.models import Kegiatan
from sibina.catalogue.services import kegiatan_save
from sibina.competency.models import Kompetensi
from sibina.imports import kernel as import_kernel
from sibina.imports.models import ImportBatch
from sibina.needs.models import Usulan
from sibina.needs.services import ProposalError, usulan_decide_supervisor, usulan_submit, usulan_verify
from sibina.people.models import Instansi, UnitKerja
from sibina.reference.models import BentukPengembangan
from sibina.roles import Role
from tests import factories as f
from tests.audit.conftest import role_user
from tests.imports.conftest import person, write_csv


def events() -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("id"))


@pytest.fixture
def usulan(binjai: Instansi) -> Usulan:
    unit = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    head = f.pegawai(binjai, unit, nama="Kepala")
    staff = f.pegawai(binjai, unit, nama="Staf", atasan=head)
    return usulan_submit(
        pegawai=staff,
        tahun=2028,
        kompetensi=Kompetensi.objects.get(kode="M01"),
        level_target=3,
        uraian="Pelatihan integritas",
        by=role_user("staf", Role.PEGAWAI),
    )


def test_submitting_a_proposal_records_it(usulan: Usulan) -> None:
    [event] = events()
    assert (event.aksi, event.username, event.peran, event.objek_tipe, event.objek_id, event.sebelum) == (
        "usulan.submit",
        "staf",
        "Pegawai",
        "needs.usulan",
        str(usulan.pk),
        None,
    )
    assert event.sesudah == {
        "pegawai_id": usulan.pegawai_id,
        "tahun": 2028,
        "kompetensi_id": usulan.kompetensi_id,
        "level_target": 3,
        "uraian": "Pelatihan integritas",
        "status": "DIAJUKAN",
        "version": 1,
    }


def test_each_decision_records_status_before_and_after_with_the_address(usulan: Usulan) -> None:
    atasan = role_user("atasan", Role.ATASAN)
    admin = role_user("admin.bkpsdm", Role.BKPSDM)
    with acting_from("10.2.3.4"):
        u = usulan_decide_supervisor(usulan=usulan, by=atasan, approve=True, catatan="", version=1)
        usulan_verify(usulan=u, by=admin, approve=False, catatan="Anggaran tidak cukup", version=2)
    decide, verify = events()[1:]
    assert (decide.aksi, decide.username, decide.peran, decide.alamat, decide.keterangan) == (
        "usulan.decide",
        "atasan",
        "Atasan Langsung",
        "10.2.3.4",
        "",
    )
    assert decide.sebelum == {"status": "DIAJUKAN", "version": 1}
    assert decide.sesudah == {"status": "DISETUJUI", "version": 2}
    assert (verify.aksi, verify.peran, verify.keterangan) == (
        "usulan.verify",
        "Admin BKPSDM",
        "Anggaran tidak cukup",
    )
    assert verify.sebelum == {"status": "DISETUJUI", "version": 2, "catatan_bkpsdm": ""}
    assert verify.sesudah == {"status": "TOLAKBKP", "version": 3, "catatan_bkpsdm": "Anggaran tidak cukup"}


def test_a_refused_decision_records_nothing(usulan: Usulan) -> None:
    atasan = role_user("atasan", Role.ATASAN)
    with pytest.raises(ProposalError):
        usulan_decide_supervisor(usulan=usulan, by=atasan, approve=True, catatan="", version=7)
    assert [e.aksi for e in events()] == ["usulan.submit"]


def _kegiatan(instansi: Instansi) -> Kegiatan:
    return Kegiatan(
        instansi=instansi,
        kode="K-AUDIT",
        judul="Pelatihan Audit",
        bentuk=BentukPengembangan.objects.get(kode="KL03"),
        jenis_penyelenggara="BKPSDM",
        penyelenggara="BKPSDM Kota Binjai",
        jp=Decimal(0),
        jp_program=Decimal(24),
        hari=3,
        pola_pendanaan="KONTRIBUSI",
        kapasitas_kelas=30,
        min_peserta=1,
        triwulan=[2],
    )


def test_kegiatan_save_records_creation_and_changed_fields_only(binjai: Instansi) -> None:
    admin = role_user("admin.bkpsdm", Role.BKPSDM)
    kegiatan = kegiatan_save(kegiatan=_kegiatan(binjai), by=admin)
    kegiatan_save(kegiatan=kegiatan, by=admin)  # unchanged: no event
    kegiatan.judul = "Pelatihan Audit Kinerja"
    kegiatan.biaya_per_peserta = Decimal(1_500_000)
    kegiatan_save(kegiatan=kegiatan, by=admin)
    created, updated = events()
    assert (created.aksi, created.objek_id, created.sebelum, created.username) == (
        "kegiatan.create",
        str(kegiatan.pk),
        None,
        "admin.bkpsdm",
    )
    assert created.sesudah["kode"] == "K-AUDIT" and created.sesudah["jp"] == "24.00"
    assert updated.aksi == "kegiatan.update"
    assert updated.sebelum == {"judul": "Pelatihan Audit", "biaya_per_peserta": "0"}
    assert updated.sesudah == {"judul": "Pelatihan Audit Kinerja", "biaya_per_peserta": "1500000"}


@pytest.fixture
def staff_file(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "pegawai.csv", [person(1), person(2), person(3, **{"NIK": "123"})])


def test_an_applied_import_records_one_event_with_its_counts(
    binjai: Instansi, staff_file: Path, db: None
) -> None:
    importer = role_user("admin.bkpsdm", Role.BKPSDM)
    batch = import_kernel.import_file(jenis="pegawai", instansi=binjai, path=staff_file, by=importer)
    assert batch.status == ImportBatch.Status.DONE
    [event] = events()
    assert (event.aksi, event.username, event.objek_tipe, event.objek_id, event.sebelum) == (
        "import.apply",
        "admin.bkpsdm",
        "imports.importbatch",
        str(batch.pk),
        None,
    )
    assert event.objek_label == f"{batch.get_jenis_display()}: pegawai.csv"
    assert event.sesudah == {
        "jenis": "PEGAWAI",
        "instansi_id": binjai.pk,
        "nama_file": "pegawai.csv",
        "sha256": batch.sha256,
        "jumlah_baris": batch.jumlah_baris,
        "jumlah_baru": batch.jumlah_baru,
        "jumlah_diubah": 0,
        "jumlah_sama": 0,
        "jumlah_galat": batch.jumlah_galat,
    }
    assert (batch.jumlah_baris, batch.jumlah_baru, batch.jumlah_galat) == (3, 2, 1)


def test_a_dry_run_records_no_event(binjai: Instansi, staff_file: Path, db: None) -> None:
    batch = import_kernel.import_file(jenis="pegawai", instansi=binjai, path=staff_file, dry_run=True)
    assert batch.status == ImportBatch.Status.DONE
    assert events() == []


def test_a_competency_import_records_one_event_with_its_counts(binjai: Instansi, tmp_path: Path) -> None:
    unit = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    head = f.pegawai(binjai, unit, nama="Kepala")
    staff = f.pegawai(binjai, unit, nama="Staf", atasan=head)
    path = tmp_path / "skp.csv"
    path.write_text(
        "nipBaru,tahun,hasilKinerja,perilakuKerja\n"
        f"{staff.nip},2024,SESUAI EKSPEKTASI,SESUAI EKSPEKTASI\n"
        f"{head.nip},2024,DIATAS EKSPEKTASI,DIATAS EKSPEKTASI\n",
        encoding="utf-8",
    )
    importer = role_user("admin.bkpsdm", Role.BKPSDM)
    batch = import_kernel.import_file(jenis="skp", instansi=binjai, path=path, by=importer)
    assert (batch.status, batch.jumlah_baru, batch.jumlah_galat) == ("DONE", 2, 0)
    [event] = events()
    assert (event.aksi, event.objek_id, event.username) == ("import.apply", str(batch.pk), "admin.bkpsdm")
    assert (event.sesudah["jenis"], event.sesudah["jumlah_baru"], event.sesudah["jumlah_galat"]) == (
        "SKP",
        2,
        0,
    )
