"""Evidence of a completion: only a PDF, JPEG or PNG whose content is what its name says, within the size limit;
stored where nothing serves it, handed out only to readers whose scope covers the employee."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from sibina.delivery import services
from sibina.delivery.models import Kelas, Peserta
from tests.delivery.test_services import invited, of
from tests.web.test_permissions import World

D = dt.date
Day = Callable[[dt.date], None]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def media(settings: SettingsWrapper, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def client(w: World, role: str) -> Client:
    c = Client()
    c.force_login(w.users[role])
    return c


def completed(w: World, day: Day) -> tuple[Kelas, Peserta]:
    kelas = invited(w)
    p = of(kelas, w, "perawat")
    day(D(2027, 2, 5))
    for sesi in kelas.sesi.all():
        services.kehadiran_record(sesi=sesi, hadir_ids=[p.pk], by=w.users["bkpsdm"])
    services.peserta_complete(
        peserta=p, by=w.users["bkpsdm"], version=p.version, selesai=True, nomor_sertifikat="EL-5"
    )
    p.refresh_from_db()
    return kelas, p


def _files(root: Path) -> list[Path]:
    return [f for f in root.rglob("*") if f.is_file()]


@pytest.mark.parametrize(
    ("name", "content"),
    [("sertifikat.pdf", PNG), ("sertifikat.pdf", b"MZ\x90\x00 not a pdf"), ("foto.png", PDF), ("s.exe", PDF)],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(
    world: World, db: None, day: Day, media: Path, name: str, content: bytes
) -> None:
    _kelas, p = completed(world, day)
    seen = p.version
    r = client(world, "pegawai").post(
        f"/pengembangan-saya/{p.pk}/bukti/",
        {"version": seen, "bukti": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert r.status_code == 200
    shown = [str(m) for m in r.context["messages"]]
    assert len(shown) == 1 and ("not what its name says" in shown[0] or "PDF, JPEG or PNG" in shown[0])
    p.refresh_from_db()
    assert (p.bukti.name, p.version) == ("", seen)
    assert _files(media) == []


def test_a_file_over_the_limit_is_refused(world: World, db: None, day: Day, media: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SIBINA_BUKTI_MAX_BYTES = 20
    _kelas, p = completed(world, day)
    r = client(world, "pegawai").post(
        f"/pengembangan-saya/{p.pk}/bukti/", {"version": p.version, "bukti": SimpleUploadedFile("s.pdf", PDF)}
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.bukti.name == ""
    assert _files(media) == []


def test_evidence_is_stored_and_served_only_in_scope(world: World, db: None, day: Day, media: Path) -> None:
    kelas, p = completed(world, day)
    r = client(world, "bkpsdm").post(
        f"/kelas/{kelas.pk}/bukti/",
        {"peserta": p.pk, "version": p.version, "bukti": SimpleUploadedFile("Sertifikat EL-5.pdf", PDF)},
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert (p.bukti_jenis, p.bukti_nama) == ("application/pdf", "Sertifikat EL-5.pdf")
    assert [f.read_bytes() for f in _files(media)] == [PDF]
    for role in ("pegawai", "kepala", "bkpsdm", "auditor", "ppk"):
        got = client(world, role).get(f"/kelas/bukti/{p.pk}/")
        assert got.status_code == 200, role
        assert got["Content-Type"] == "application/pdf"
        assert got["Content-Disposition"].startswith("attachment;")
        assert got["X-Content-Type-Options"] == "nosniff"
        assert b"".join(got.streaming_content) == PDF
    assert client(world, "atasan").get(f"/kelas/bukti/{p.pk}/").status_code == 404  # not the lurah's team


def test_evidence_waits_for_the_completion(world: World, db: None, day: Day, media: Path) -> None:
    kelas = invited(world)
    p = of(kelas, world, "perawat")
    r = client(world, "pegawai").post(
        f"/pengembangan-saya/{p.pk}/bukti/",
        {"version": p.version, "bukti": SimpleUploadedFile("s.pdf", PDF)},
        follow=True,
    )
    assert [str(m) for m in r.context["messages"]] == ["Evidence is attached to a completed class."]
    assert _files(media) == []
