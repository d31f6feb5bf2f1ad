"""The change project (aksi perubahan) of leadership training: the participant writes it and its milestones and
reports them done, the mentor confirms or returns them; nobody else may, and a refused write changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sibina.audit.models import AuditEvent
from sibina.dashboards.tasks import tasks_for
from sibina.delivery import aksi
from sibina.delivery.models import AksiPerubahan, TonggakAksi
from sibina.people.scope import scope_for
from tests.delivery.test_escalation import leadership_class
from tests.delivery.test_services import Day, invited, of
from tests.web.test_permissions import World, client_for

D = dt.date


def test_only_an_accepted_leadership_participant_has_a_change_project(
    world: World, db: None, day: Day
) -> None:
    el = of(invited(world), world, "perawat")  # the e-learning: not leadership training
    with pytest.raises(ValidationError) as refused:
        aksi.aksi_save(peserta=el, by=world.users["pegawai"], judul="Posyandu digital di Puskesmas Uji")
    assert set(refused.value.message_dict) == {"kelas"}
    p = leadership_class(world, day)
    for who in ("atasan", "kepala"):  # neither the participant nor BKPSDM (the kepala is only her mentor)
        with pytest.raises(PermissionDenied):
            aksi.aksi_save(peserta=p, by=world.users[who], judul="Posyandu digital di Puskesmas Uji")
    with pytest.raises(ValidationError) as bad:
        aksi.aksi_save(peserta=p, by=world.users["pegawai"], judul="Pendek", mentor_nip="199001012015011999")
    assert set(bad.value.message_dict) == {"judul"}
    with pytest.raises(ValidationError) as unknown:
        aksi.aksi_save(
            peserta=p,
            by=world.users["pegawai"],
            judul="Posyandu digital di Puskesmas Uji",
            mentor_nip="1990 0101",
        )
    assert unknown.value.message_dict["mentor"] == [
        "No active employee of your agency has the NIP 1990 0101."
    ]
    with pytest.raises(ValidationError) as herself:
        aksi.aksi_save(
            peserta=p,
            by=world.users["pegawai"],
            judul="Posyandu digital di Puskesmas Uji",
            mentor_nip=p.pegawai.nip,
        )
    assert set(herself.value.message_dict) == {"mentor"}
    assert not AksiPerubahan.objects.exists()
    project = aksi.aksi_save(
        peserta=p,
        by=world.users["pegawai"],
        judul="Posyandu digital di Puskesmas Uji",
        mentor_nip=world.city.lurah.nip,
    )
    assert (project.mentor, project.version) == (world.city.lurah, 1)
    # BKPSDM may change it (the mentor back to her atasan); a stale form is refused.
    aksi.aksi_save(peserta=p, by=world.users["bkpsdm"], judul=project.judul, version=1)
    with pytest.raises(ValidationError):
        aksi.aksi_save(peserta=p, by=world.users["pegawai"], judul="Judul lain yang cukup panjang", version=1)
    project.refresh_from_db()
    assert (project.mentor, project.judul, project.version) == (
        world.city.kepala,
        "Posyandu digital di Puskesmas Uji",
        2,
    )
    assert AuditEvent.objects.filter(aksi__startswith="delivery.aksi.").count() == 2


def test_the_mentor_confirms_or_returns_a_milestone_reported_done(world: World, db: None, day: Day) -> None:
    p = leadership_class(world, day)
    me, mentor = world.users["pegawai"], world.users["kepala"]
    project = aksi.aksi_save(peserta=p, by=me, judul="Posyandu digital di Puskesmas Uji")
    with pytest.raises(ValidationError) as early:
        aksi.tonggak_add(aksi=project, by=me, version=1, judul="Rancangan disetujui", batas=D(2027, 2, 1))
    assert set(early.value.message_dict) == {"batas"}  # before the class's first day
    t = aksi.tonggak_add(aksi=project, by=me, version=1, judul="Rancangan disetujui", batas=D(2027, 4, 1))
    assert (t.urutan, t.status) == (1, "RENCANA")
    # Only the participant reports; a report needs a note.
    with pytest.raises(PermissionDenied):
        aksi.tonggak_report(tonggak=t, by=mentor, version=t.version, catatan="Sudah dikerjakan semua.")
    with pytest.raises(ValidationError) as short:
        aksi.tonggak_report(tonggak=t, by=me, version=t.version, catatan="ok")
    assert set(short.value.message_dict) == {"catatan"}
    t.refresh_from_db()
    assert (t.status, t.version, t.selesai_pada) == ("RENCANA", 1, None)
    # Only the mentor confirms, and not before it is reported.
    with pytest.raises(ValidationError):
        aksi.tonggak_confirm(tonggak=t, by=mentor, version=t.version, setuju=True)
    day(D(2027, 4, 3))
    aksi.tonggak_report(tonggak=t, by=me, version=1, catatan="Rancangan dibahas dengan kepala puskesmas.")
    t.refresh_from_db()
    assert (t.status, t.selesai_pada, t.selesai_terlambat) == ("LAPOR", D(2027, 4, 3), True)
    # The mentor's home page lists it; the participant's does not.
    mentor_tasks = [x.label for x in tasks_for(scope_for(mentor), D(2027, 4, 3)) if x.kind == "milestone"]
    assert mentor_tasks == [
        f"Confirm the milestone “Rancangan disetujui” of {world.city.perawat.nama}'s change project"
    ]
    for who in ("pegawai", "atasan", "bkpsdm"):
        with pytest.raises(PermissionDenied):
            aksi.tonggak_confirm(tonggak=t, by=world.users[who], version=t.version, setuju=True)
    with pytest.raises(ValidationError) as why:
        aksi.tonggak_confirm(tonggak=t, by=mentor, version=t.version, setuju=False, catatan="")
    assert set(why.value.message_dict) == {"catatan_mentor"}
    t.refresh_from_db()
    assert (t.status, t.version) == ("LAPOR", 2)
    aksi.tonggak_confirm(tonggak=t, by=mentor, version=2, setuju=False, catatan="Lampirkan notulen rapatnya.")
    t.refresh_from_db()
    assert (t.status, t.selesai_pada, t.catatan_mentor) == ("RENCANA", None, "Lampirkan notulen rapatnya.")
    assert t.keadaan == "TERLAMBAT"  # planned again, past its date
    own = [x for x in tasks_for(scope_for(me), D(2027, 4, 3)) if x.kind == "milestone"]
    assert [(x.label, x.overdue) for x in own] == [
        ("Report the milestone “Rancangan disetujui” of your change project", True)
    ]
    aksi.tonggak_report(tonggak=t, by=me, version=3, catatan="Notulen rapat dilampirkan.")
    aksi.tonggak_confirm(tonggak=TonggakAksi.objects.get(pk=t.pk), by=mentor, version=4, setuju=True)
    t.refresh_from_db()
    assert (t.status, t.keadaan) == ("KONFIRM", "KONFIRM")
    assert t.dikonfirmasi_pada is not None


def test_the_pages_of_the_change_project(world: World, db: None, day: Day) -> None:
    p = leadership_class(world, day)
    me = client_for(world, "pegawai")
    response = me.post(f"/pengembangan-saya/{p.pk}/aksi/", {"judul": "Posyandu digital di Puskesmas Uji"})
    assert response.status_code == 302
    project = AksiPerubahan.objects.get(peserta=p)
    me.post(
        f"/pengembangan-saya/aksi/{project.pk}/tonggak/",
        {"version": "1", "judul": "Rancangan disetujui", "batas": "2027-04-01"},
    )
    page = me.get("/pengembangan-saya/").content.decode()
    assert "Posyandu digital di Puskesmas Uji" in page and "Rancangan disetujui" in page
    # Someone else's milestone is not found (logged), and nothing changes.
    t = project.tonggak.get()
    lurah = client_for(world, "atasan")
    assert (
        lurah.post(
            f"/pengembangan-saya/tonggak/{t.pk}/lapor/", {"version": "1", "catatan": "Sudah selesai semua."}
        ).status_code
        == 404
    )
    assert (
        lurah.post(
            f"/aksi-perubahan/tonggak/{t.pk}/konfirmasi/", {"version": "1", "keputusan": "setuju"}
        ).status_code
        == 404
    )
    t.refresh_from_db()
    assert (t.status, t.version) == ("RENCANA", 1)
    mentor_page = client_for(world, "kepala").get("/aksi-perubahan/").content.decode()
    assert "Posyandu digital di Puskesmas Uji" in mentor_page
    assert "Posyandu digital" not in lurah.get("/aksi-perubahan/").content.decode()
    class_page = client_for(world, "bkpsdm").get(f"/kelas/{p.kelas_id}/aksi-perubahan/").content.decode()
    assert "Posyandu digital di Puskesmas Uji" in class_page and world.city.kepala.nama_lengkap in class_page
