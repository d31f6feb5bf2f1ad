"""Self-claimed development: the employee claims it with evidence (a file whose content is not what its name says
is refused), BKPSDM approves it with the JP of the conversion rules — one ledger record, however often it is
approved — or rejects it with a reason; only the employee (and those whose scope covers them) see the claims."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from sibina.audit.models import AuditEvent
from sibina.dashboards.tasks import tasks_for
from sibina.delivery import claims
from sibina.delivery.models import KlaimPengembangan
from sibina.needs.ledger import jp_totals
from sibina.people.models import RiwayatPengembangan
from sibina.people.scope import scope_for
from sibina.reference.selectors import bentuk_map
from tests.delivery.test_evidence import PDF, PNG
from tests.web.test_permissions import World

D = dt.date
Day = Callable[[dt.date], None]


@pytest.fixture
def media(settings: SettingsWrapper, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def seminar(w: World, **kw: object) -> KlaimPengembangan:
    """The perawat's two-day national seminar (KL06: 4 JP a day by the conversion rule), with a PDF."""
    args: dict[str, object] = {
        "by": w.users["pegawai"],
        "bentuk": bentuk_map()["KL06"],
        "judul": "Seminar Nasional Keperawatan",
        "penyelenggara": "PPNI Sumatera Utara",
        "mulai": D(2027, 1, 11),
        "selesai": D(2027, 1, 12),
        "jp_diminta": Decimal(10),
        "name": "sertifikat.pdf",
        "data": PDF,
    }
    args.update(kw)
    return claims.klaim_submit(**args)  # type: ignore[arg-type]


def client(w: World, role: str) -> Client:
    c = Client()
    c.force_login(w.users[role])
    return c


def test_the_employee_claims_with_evidence_and_sees_it_waiting(
    world: World, db: None, day: Day, media: Path
) -> None:
    day(D(2027, 1, 20))
    k = seminar(world)
    assert (k.pegawai_id, k.status, k.bukti_jenis, k.riwayat_id) == (
        world.city.perawat.pk,
        "DIAJUKAN",
        "application/pdf",
        None,
    )
    assert k.bukti.name.startswith("klaim/") and "sertifikat" not in k.bukti.name
    assert AuditEvent.objects.filter(aksi="delivery.claim.submit", objek_id=str(k.pk)).count() == 1
    page = client(world, "pegawai").get("/pengembangan-saya/")
    assert "Seminar Nasional Keperawatan" in page.content.decode()
    # BKPSDM is told on its home page.
    tasks = [t for t in tasks_for(scope_for(world.users["bkpsdm"])) if t.kind == "claim"]
    assert [(t.label, t.url) for t in tasks] == [("Verify 1 development claim of an employee", "/klaim/")]


@pytest.mark.parametrize(("name", "content"), [("sertifikat.pdf", PNG), ("foto.png", PDF), ("s.docx", PDF)])
def test_a_refused_evidence_file_saves_no_claim(
    world: World, db: None, day: Day, media: Path, name: str, content: bytes
) -> None:
    day(D(2027, 1, 20))
    with pytest.raises(ValidationError) as refused:
        seminar(world, name=name, data=content)
    assert set(refused.value.message_dict) == {"bukti"}
    assert not KlaimPengembangan.objects.exists()
    assert not [f for f in media.rglob("*") if f.is_file()]


def test_bad_fields_are_each_named(world: World, db: None, day: Day, media: Path) -> None:
    day(D(2027, 1, 20))
    with pytest.raises(ValidationError) as refused:
        seminar(world, judul=" ", mulai=D(2027, 1, 12), selesai=D(2027, 1, 11), jp_diminta=Decimal(0))
    assert set(refused.value.message_dict) == {"judul", "selesai", "jp_diminta"}
    with pytest.raises(ValidationError) as future:
        seminar(world, selesai=D(2027, 2, 1))
    assert set(future.value.message_dict) == {"selesai"}
    with pytest.raises(PermissionDenied):  # the PPK has no employee record
        seminar(world, by=world.users["ppk"])
    assert not KlaimPengembangan.objects.exists()


def test_approval_credits_the_rule_jp_once_even_when_approved_twice(
    world: World, db: None, day: Day, media: Path
) -> None:
    day(D(2027, 1, 20))
    k = seminar(world)
    seen = k.version
    claims.klaim_approve(klaim=k, by=world.users["bkpsdm"], version=seen)
    k.refresh_from_db()
    # Two days of a national seminar: 8 JP by the rule (10 were asked).
    assert (k.status, k.jp) == ("DISETUJUI", Decimal(8))
    record = k.riwayat
    assert record is not None
    assert (record.sumber, record.jenis, record.jp, record.bentuk.kode) == (
        "SIBINA",
        "KURSUS",
        Decimal(8),
        "KL06",
    )
    for version in (seen, k.version):  # a stale form and a fresh one
        with pytest.raises(ValidationError):
            claims.klaim_approve(klaim=k, by=world.users["bkpsdm"], version=version)
    assert RiwayatPengembangan.objects.filter(pegawai=world.city.perawat, tahun=2027).count() == 1
    assert jp_totals(pegawai_ids=[world.city.perawat.pk], tahun=2027)[world.city.perawat.pk][0] == Decimal(8)


def test_rejection_needs_a_reason_and_writes_nothing_to_the_ledger(
    world: World, db: None, day: Day, media: Path
) -> None:
    day(D(2027, 1, 20))
    k = seminar(world)
    with pytest.raises(ValidationError) as short:
        claims.klaim_reject(klaim=k, by=world.users["bkpsdm"], version=k.version, alasan="no")
    assert set(short.value.message_dict) == {"alasan"}
    for role in ("kepala", "atasan", "auditor", "pegawai"):
        with pytest.raises(PermissionDenied):
            claims.klaim_approve(klaim=k, by=world.users[role], version=k.version)
    claims.klaim_reject(
        klaim=k, by=world.users["bkpsdm"], version=k.version, alasan="Sertifikat tidak terbaca, unggah ulang."
    )
    k.refresh_from_db()
    assert (k.status, k.riwayat_id, k.jp) == ("DITOLAK", None, Decimal(0))
    assert not RiwayatPengembangan.objects.filter(pegawai=world.city.perawat).exists()
    page = client(world, "pegawai").get("/pengembangan-saya/").content.decode()
    assert "Sertifikat tidak terbaca, unggah ulang." in page


def test_only_the_employee_and_their_leaders_see_a_claim(
    world: World, db: None, day: Day, media: Path
) -> None:
    day(D(2027, 1, 20))
    k = seminar(world)
    # The perawat's claim: her own page, her Kepala OPD's and BKPSDM's queue, the evidence for the same readers.
    assert "Seminar Nasional Keperawatan" in client(world, "kepala").get("/klaim/").content.decode()
    assert "Seminar Nasional Keperawatan" in client(world, "bkpsdm").get("/klaim/").content.decode()
    assert "Seminar Nasional Keperawatan" not in client(world, "atasan").get("/klaim/").content.decode()
    assert client(world, "pegawai").get("/klaim/").status_code == 403
    for role, status in (
        ("pegawai", 200),
        ("kepala", 200),
        ("bkpsdm", 200),
        ("auditor", 200),
        ("atasan", 404),
    ):
        response = client(world, role).get(f"/klaim/{k.pk}/bukti/")
        assert response.status_code == status, role
        if status == 200:
            assert response["Content-Type"] == "application/pdf"
            assert response["X-Content-Type-Options"] == "nosniff"
    # The lurah's own page does not show the perawat's claim.
    assert (
        "Seminar Nasional Keperawatan"
        not in client(world, "atasan").get("/pengembangan-saya/").content.decode()
    )


def test_the_claim_form_on_my_development(world: World, db: None, day: Day, media: Path) -> None:
    day(D(2027, 1, 20))
    c = client(world, "pegawai")
    data = {
        "bentuk": "KL06",
        "judul": "Seminar Nasional Keperawatan",
        "penyelenggara": "PPNI",
        "mulai": "2027-01-11",
        "selesai": "2027-01-12",
        "jp": "10,5",
        "bukti": SimpleUploadedFile("s.pdf", PDF, content_type="application/pdf"),
    }
    response = c.post("/pengembangan-saya/klaim/", data, follow=True)
    assert response.redirect_chain[-1][0] == "/pengembangan-saya/#klaim"
    assert KlaimPengembangan.objects.get().jp_diminta == Decimal("10.5")
    bad = {**data, "jp": "banyak", "mulai": "kemarin", "bukti": SimpleUploadedFile("s.pdf", PNG)}
    messages = [str(m) for m in c.post("/pengembangan-saya/klaim/", bad, follow=True).context["messages"]]
    assert messages == ["Give the date as YYYY-MM-DD."]
    bad.update(mulai="2027-01-11", bukti=SimpleUploadedFile("s.pdf", PNG))
    messages = [str(m) for m in c.post("/pengembangan-saya/klaim/", bad, follow=True).context["messages"]]
    assert len(messages) == 2 and any("renamed" in m for m in messages)
    assert KlaimPengembangan.objects.count() == 1
