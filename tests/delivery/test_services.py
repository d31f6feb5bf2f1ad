"""Classes from the decreed plan: open, enrol, invite, answer, move, cancel; attendance and completion credit JP
once, whatever is saved twice. Every refused write asserts nothing changed."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from sibina.approvals.models import Persetujuan
from sibina.audit.models import AuditEvent
from sibina.dashboards.tasks import tasks_for
from sibina.delivery import domain, selectors, services
from sibina.delivery.models import Kehadiran, Kelas, Pengingat, Peserta
from sibina.needs.ledger import jp_totals
from sibina.notifications.models import Notifikasi
from sibina.people.models import RiwayatPengembangan
from sibina.people.scope import scope_for
from sibina.planning.models import Plan
from tests.planning.test_selectors import item, solver_run
from tests.web.test_permissions import World

D = dt.date
Day = Callable[[dt.date], None]


def open_elearning(w: World, **kw: object) -> Kelas:
    args: dict[str, object] = {
        "cycle": w.cycle,
        "kegiatan": w.cat.elearning,
        "mulai": D(2027, 2, 1),
        "selesai": D(2027, 2, 4),
        "tautan": "https://elearning.binjaikota.go.id/kelas/1",
        "by": w.users["bkpsdm"],
    }
    args.update(kw)
    return services.kelas_create(**args)  # type: ignore[arg-type]


def enrolled(w: World) -> Kelas:
    kelas = open_elearning(w)
    services.kelas_enrol(kelas=kelas, by=w.users["bkpsdm"], version=kelas.version)
    kelas.refresh_from_db()
    return kelas


def invited(w: World) -> Kelas:
    kelas = enrolled(w)
    services.kelas_invite(kelas=kelas, by=w.users["bkpsdm"], version=kelas.version)
    kelas.refresh_from_db()
    return kelas


def of(kelas: Kelas, w: World, who: str) -> Peserta:
    return kelas.peserta.get(pegawai=getattr(w.city, who))


def test_a_class_opens_from_the_decreed_plan_only(world: World, db: None, day: Day) -> None:
    Persetujuan.objects.filter(cycle=world.cycle).update(tahap=Persetujuan.Tahap.DIKONSOLIDASI)
    with pytest.raises(ValidationError) as refused:
        open_elearning(world)
    assert "not set by decree" in refused.value.message_dict["kegiatan"][0]
    assert not Kelas.objects.exists()
    Persetujuan.objects.filter(cycle=world.cycle).update(tahap=Persetujuan.Tahap.DITETAPKAN)
    kelas = open_elearning(world)
    assert (kelas.nomor, kelas.kapasitas, kelas.penyelenggara) == (1, 1000, "BKPSDM Kota Binjai")
    # The e-learning's catalogue has no sessions: one a day over the four days.
    assert list(kelas.sesi.values_list("urutan", "tanggal")) == [
        (1, D(2027, 2, 1)),
        (2, D(2027, 2, 2)),
        (3, D(2027, 2, 3)),
        (4, D(2027, 2, 4)),
    ]
    assert AuditEvent.objects.filter(aksi="delivery.class.create", objek_id=str(kelas.pk)).count() == 1


def test_bad_class_input_names_each_field_and_writes_nothing(world: World, db: None, day: Day) -> None:
    with pytest.raises(ValidationError) as refused:
        open_elearning(
            world, mulai=D(2027, 3, 5), selesai=D(2027, 3, 1), tautan="", kapasitas=0, sesi=[D(2027, 3, 2)]
        )
    assert set(refused.value.message_dict) == {"selesai", "tempat", "kapasitas"}
    with pytest.raises(ValidationError) as outside:
        open_elearning(world, sesi=[D(2027, 2, 1), D(2027, 2, 9)])
    assert set(outside.value.message_dict) == {"sesi"}
    with pytest.raises(ValidationError) as wrong_year:
        open_elearning(world, mulai=D(2028, 2, 1), selesai=D(2028, 2, 2))
    assert set(wrong_year.value.message_dict) == {"mulai"}
    with pytest.raises(ValidationError) as not_planned:
        open_elearning(world, kegiatan=world.cat.workshop)
    assert not_planned.value.message_dict["kegiatan"] == ["This activity is not in the decreed plan."]
    assert not Kelas.objects.exists()


@pytest.mark.parametrize("role", ["auditor", "ppk", "kepala", "atasan", "pegawai"])
def test_only_bkpsdm_opens_enrols_and_cancels(world: World, db: None, day: Day, role: str) -> None:
    with pytest.raises(PermissionDenied):
        open_elearning(world, by=world.users[role])
    assert not Kelas.objects.exists()
    kelas = open_elearning(world)
    with pytest.raises(PermissionDenied):
        services.kelas_enrol(kelas=kelas, by=world.users[role], version=kelas.version)
    with pytest.raises(PermissionDenied):
        services.kelas_cancel(kelas=kelas, alasan="Narasumber berhalangan", by=world.users[role], version=1)
    kelas.refresh_from_db()
    assert (kelas.version, kelas.status, kelas.peserta.count()) == (1, "DIBUKA", 0)


def test_enrolment_takes_the_planned_participants_once(world: World, db: None, day: Day) -> None:
    kelas = open_elearning(world)
    assert services.kelas_enrol(kelas=kelas, by=world.users["bkpsdm"], version=kelas.version) == 4
    kelas.refresh_from_db()
    assert services.kelas_enrol(kelas=kelas, by=world.users["bkpsdm"], version=kelas.version) == 0
    assert sorted(kelas.peserta.values_list("pegawai__nama", flat=True)) == sorted(
        p.nama for p in (world.city.perawat, world.city.bidan, world.city.lurah, world.city.kepala)
    )
    with pytest.raises(ValidationError) as stale:
        services.kelas_enrol(kelas=kelas, by=world.users["bkpsdm"], version=1)
    assert "version" in stale.value.message_dict


def test_capacity_limits_the_enrolment(world: World, db: None, day: Day) -> None:
    kelas = open_elearning(world, kapasitas=3)
    assert services.kelas_enrol(kelas=kelas, by=world.users["bkpsdm"], version=kelas.version) == 3


def test_invitation_reaches_the_employee_in_app_and_as_a_task(world: World, db: None, day: Day) -> None:
    kelas = invited(world)
    assert set(kelas.peserta.values_list("status", flat=True)) == {"DIUNDANG"}
    perawat = world.users["pegawai"]
    notes = Notifikasi.objects.filter(user=perawat, jenis=Notifikasi.Jenis.INVITE)
    assert notes.count() == 1
    assert notes.get().text == (
        "You are invited to Kegiatan uji EL-UJI, Feb. 1, 2027 – Feb. 4, 2027 "
        "(https://elearning.binjaikota.go.id/kelas/1): accept or decline."
    )
    tasks = [t for t in tasks_for(scope_for(perawat)) if t.kind == "invitation"]
    assert [(t.url, t.due) for t in tasks] == [("/pengembangan-saya/", D(2027, 2, 1))]
    # Inviting again invites nobody twice.
    assert services.kelas_invite(kelas=kelas, by=world.users["bkpsdm"], version=kelas.version) == 0
    assert Notifikasi.objects.filter(jenis=Notifikasi.Jenis.INVITE).count() == 3  # bidan has no account


def test_the_employee_accepts_with_a_pledge_or_declines_with_a_reason(
    world: World, db: None, day: Day
) -> None:
    kelas = invited(world)
    p = of(kelas, world, "perawat")
    me = world.users["pegawai"]
    with pytest.raises(ValidationError) as no_pledge:
        services.peserta_answer(peserta=p, by=me, version=p.version, jawaban=domain.Jawaban.TERIMA)
    assert set(no_pledge.value.message_dict) == {"ikrar"}
    with pytest.raises(ValidationError) as no_reason:
        services.peserta_answer(
            peserta=p, by=me, version=p.version, jawaban=domain.Jawaban.TOLAK, alasan="cuti"
        )
    assert set(no_reason.value.message_dict) == {"alasan"}
    p.refresh_from_db()
    assert (p.status, p.version) == ("DIUNDANG", 2)  # the invitation moved it on once
    services.peserta_answer(peserta=p, by=me, version=2, jawaban=domain.Jawaban.TERIMA, ikrar=True)
    p.refresh_from_db()
    assert (p.status, p.ikrar, p.version) == ("DITERIMA", True, 3)
    assert not [t for t in tasks_for(scope_for(me)) if t.kind == "invitation"]
    services.peserta_answer(
        peserta=p,
        by=me,
        version=3,
        jawaban=domain.Jawaban.TOLAK,
        alasan="Bertugas jaga IGD sepanjang Februari",
    )
    p.refresh_from_db()
    assert (p.status, p.ikrar, p.alasan_tolak) == ("DITOLAK", False, "Bertugas jaga IGD sepanjang Februari")


@pytest.mark.parametrize("role", ["bkpsdm", "kepala", "atasan", "auditor"])
def test_nobody_answers_for_the_employee(world: World, db: None, day: Day, role: str) -> None:
    kelas = invited(world)
    p = of(kelas, world, "perawat")
    with pytest.raises(PermissionDenied):
        services.peserta_answer(
            peserta=p, by=world.users[role], version=p.version, jawaban=domain.Jawaban.TERIMA, ikrar=True
        )
    p.refresh_from_db()
    assert (p.status, p.version) == ("DIUNDANG", 2)


def test_no_answer_once_the_class_has_started(world: World, db: None, day: Day) -> None:
    kelas = invited(world)
    p = of(kelas, world, "perawat")
    day(D(2027, 2, 1))
    with pytest.raises(ValidationError) as late:
        services.peserta_answer(
            peserta=p, by=world.users["pegawai"], version=p.version, jawaban=domain.Jawaban.TERIMA, ikrar=True
        )
    assert set(late.value.message_dict) == {"jawaban"}


def _attend_all(kelas: Kelas, w: World, ids: list[int]) -> None:
    for sesi in kelas.sesi.all():
        services.kehadiran_record(sesi=sesi, hadir_ids=ids, by=w.users["bkpsdm"])


def test_attendance_and_completion_credit_jp_once(world: World, db: None, day: Day) -> None:
    kelas = invited(world)
    p = of(kelas, world, "perawat")
    day(D(2027, 2, 5))
    before = jp_totals(pegawai_ids=[p.pegawai_id], tahun=2027).get(p.pegawai_id, (Decimal(0), Decimal(0)))[0]
    _attend_all(kelas, world, [p.pk])
    _attend_all(kelas, world, [p.pk])  # the form saved twice
    assert Kehadiran.objects.filter(peserta=p).count() == 4
    assert Kehadiran.objects.filter(sesi__kelas=kelas).count() == 16
    services.peserta_complete(
        peserta=p, by=world.users["bkpsdm"], version=p.version, selesai=True, nomor_sertifikat="EL/2027/001"
    )
    p.refresh_from_db()
    services.peserta_complete(
        peserta=p, by=world.users["bkpsdm"], version=p.version, selesai=True, nomor_sertifikat="EL/2027/001"
    )
    p.refresh_from_db()
    assert (p.hasil, p.jp, p.nomor_sertifikat) == ("SELESAI", Decimal("12.00"), "EL/2027/001")
    rows = RiwayatPengembangan.objects.filter(pegawai_id=p.pegawai_id, sumber="SIBINA")
    assert list(rows.values_list("nama_kegiatan", "jp", "nomor_sertifikat", "jenis", "bentuk__kode")) == [
        ("Kegiatan uji EL-UJI", Decimal("12.00"), "EL/2027/001", "KURSUS", "NKL03")
    ]
    after = jp_totals(pegawai_ids=[p.pegawai_id], tahun=2027)[p.pegawai_id][0]
    assert after - before == Decimal("12.00")
    # Not completed after all: the record and its JP go.
    services.peserta_complete(peserta=p, by=world.users["bkpsdm"], version=p.version, selesai=False)
    assert not rows.exists()
    assert jp_totals(pegawai_ids=[p.pegawai_id], tahun=2027).get(p.pegawai_id, (before,))[0] == before


def test_completion_needs_the_minimum_share_of_sessions(world: World, db: None, day: Day) -> None:
    kelas = invited(world)
    p, q = of(kelas, world, "perawat"), of(kelas, world, "bidan")
    day(D(2027, 2, 5))
    sesi = list(kelas.sesi.all())
    for s in sesi[:3]:
        services.kehadiran_record(sesi=s, hadir_ids=[p.pk, q.pk], by=world.users["bkpsdm"])
    services.kehadiran_record(sesi=sesi[3], hadir_ids=[q.pk], by=world.users["bkpsdm"])
    with pytest.raises(ValidationError) as short:  # 3 of 4 = 75 % < 80 %
        services.peserta_complete(
            peserta=p, by=world.users["bkpsdm"], version=p.version, selesai=True, nomor_sertifikat="X-1"
        )
    assert short.value.message_dict["hasil"] == [
        "Attended 3 of 4 sessions (75%); completion needs at least 80%."
    ]
    p.refresh_from_db()
    assert (p.hasil, p.riwayat_id, p.version) == ("", None, 2)
    with pytest.raises(ValidationError) as no_number:
        services.peserta_complete(peserta=q, by=world.users["bkpsdm"], version=q.version, selesai=True)
    assert set(no_number.value.message_dict) == {"nomor_sertifikat"}


def test_completion_waits_for_the_last_session(world: World, db: None, day: Day) -> None:
    kelas = invited(world)
    p = of(kelas, world, "perawat")
    with pytest.raises(ValidationError) as early:
        services.peserta_complete(
            peserta=p, by=world.users["bkpsdm"], version=p.version, selesai=True, nomor_sertifikat="X"
        )
    assert set(early.value.message_dict) == {"hasil"}
    with pytest.raises(ValidationError):
        services.kehadiran_record(sesi=kelas.sesi.first(), hadir_ids=[p.pk], by=world.users["bkpsdm"])  # type: ignore[arg-type]
    assert not Kehadiran.objects.exists()


def test_a_participant_moves_with_attendance_kept(world: World, db: None, day: Day) -> None:
    kelas = invited(world)
    other = open_elearning(world, mulai=D(2027, 3, 1), selesai=D(2027, 3, 4))
    p = of(kelas, world, "perawat")
    moved = services.peserta_move(peserta=p, ke=other, by=world.users["bkpsdm"], version=p.version)
    p.refresh_from_db()
    assert (p.status, moved.status, moved.kelas_id, moved.plan_item_id) == (
        "DIPINDAH",
        "TERDAFTAR",
        other.pk,
        p.plan_item_id,
    )
    with pytest.raises(ValidationError):  # already moved
        services.peserta_move(peserta=p, ke=other, by=world.users["bkpsdm"], version=p.version)
    assert other.peserta.count() == 1


def test_a_cancelled_class_frees_its_people_and_tells_the_invited(world: World, db: None, day: Day) -> None:
    kelas = invited(world)
    with pytest.raises(ValidationError) as short:
        services.kelas_cancel(kelas=kelas, alasan="batal", by=world.users["bkpsdm"], version=kelas.version)
    assert set(short.value.message_dict) == {"alasan"}
    services.kelas_cancel(
        kelas=kelas,
        alasan="Server e-learning sedang dipindahkan",
        by=world.users["bkpsdm"],
        version=kelas.version,
    )
    kelas.refresh_from_db()
    assert kelas.status == "DIBATALKAN"
    assert set(kelas.peserta.values_list("status", flat=True)) == {"DIBATALKAN"}
    assert Notifikasi.objects.filter(jenis=Notifikasi.Jenis.CLASS_CANCELLED).count() == 3
    again = open_elearning(world, mulai=D(2027, 3, 1), selesai=D(2027, 3, 4))
    assert services.kelas_enrol(kelas=again, by=world.users["bkpsdm"], version=again.version) == 4


def test_a_class_with_a_completion_cannot_be_cancelled(world: World, db: None, day: Day) -> None:
    kelas = invited(world)
    p = of(kelas, world, "perawat")
    day(D(2027, 2, 5))
    _attend_all(kelas, world, [p.pk])
    services.peserta_complete(
        peserta=p, by=world.users["bkpsdm"], version=p.version, selesai=True, nomor_sertifikat="EL-1"
    )
    kelas.refresh_from_db()
    with pytest.raises(ValidationError):
        services.kelas_cancel(
            kelas=kelas,
            alasan="Server e-learning dipindahkan",
            by=world.users["bkpsdm"],
            version=kelas.version,
        )
    kelas.refresh_from_db()
    assert kelas.status == "DIBUKA"
    assert of(kelas, world, "perawat").status == "DIUNDANG"


# --- reminders ----------------------------------------------------------------------------------------------------


def _remind(on: dt.date) -> str:
    out = io.StringIO()
    call_command("delivery", "remind", "--date", on.isoformat(), "--lang", "en", stdout=out)
    return out.getvalue().strip()


def test_reminders_go_out_once_per_trigger(world: World, db: None, day: Day) -> None:
    kelas = invited(world)  # starts 1 February; the perawat, lurah and kepala have accounts, the bidan none
    p = of(kelas, world, "perawat")
    services.peserta_answer(
        peserta=p, by=world.users["pegawai"], version=p.version, jawaban=domain.Jawaban.TERIMA, ikrar=True
    )
    assert _remind(D(2027, 1, 28)) == "0 reminder(s) sent for 2027-01-28."  # four days ahead: not yet
    # Three days ahead: the three with accounts are reminded; the kepala (the bidan's supervisor) hears that
    # the bidan has not answered; the perawat answered, and the lurah and kepala have no supervisor account.
    assert _remind(D(2027, 1, 29)) == "4 reminder(s) sent for 2027-01-29."
    assert _remind(D(2027, 1, 29)) == "0 reminder(s) sent for 2027-01-29."
    assert _remind(D(2027, 1, 30)) == "0 reminder(s) sent for 2027-01-30."
    soon = Notifikasi.objects.filter(jenis=Notifikasi.Jenis.CLASS_SOON)
    assert sorted(soon.values_list("user__username", flat=True)) == ["u_atasan", "u_kepala", "u_pegawai"]
    escalated = Notifikasi.objects.get(jenis=Notifikasi.Jenis.UNANSWERED)
    assert escalated.user == world.users["kepala"]
    assert escalated.text == (
        f"{world.city.bidan.nama_lengkap} has not answered the invitation to Kegiatan uji EL-UJI, "
        "which starts on Feb. 1, 2027."
    )
    assert Pengingat.objects.count() == 4
    assert AuditEvent.objects.filter(aksi="delivery.remind").count() == 4


def test_an_amended_plan_flows_into_the_class_without_losing_attendance(
    world: World, db: None, day: Day
) -> None:
    kelas = invited(world)
    p = of(kelas, world, "perawat")
    day(D(2027, 2, 2))
    services.kehadiran_record(sesi=kelas.sesi.get(urutan=1), hadir_ids=[p.pk], by=world.users["bkpsdm"])
    # The amendment drops the perawat from the e-learning and adds the lurah's staf.
    amended = Plan.objects.create(
        cycle=world.cycle, solver_run=solver_run(world.cycle), biaya_total=Decimal(0)
    )
    for who in (world.city.bidan, world.city.lurah, world.city.kepala, world.staf):
        item(amended, who, world.cat.elearning, triwulan=1)
    Persetujuan.objects.filter(cycle=world.cycle).update(tahap=Persetujuan.Tahap.DIGANTI)
    Persetujuan.objects.create(
        cycle=world.cycle,
        versi=2,
        plan=amended,
        tahap=Persetujuan.Tahap.DITETAPKAN,
        nomor_keputusan="800/2/2027",
    )
    kelas.refresh_from_db()
    assert services.kelas_enrol(kelas=kelas, by=world.users["bkpsdm"], version=kelas.version) == 1
    rows = {r.pegawai.nama: (r.status, r.hadir_n, r.direncanakan) for r in selectors.roster(kelas=kelas)}
    assert rows == {
        world.city.perawat.nama: ("DIUNDANG", 1, False),  # kept, with the attendance already recorded
        world.city.bidan.nama: ("DIUNDANG", 0, True),
        world.city.lurah.nama: ("DIUNDANG", 0, True),
        world.city.kepala.nama: ("DIUNDANG", 0, True),
        world.staf.nama: ("TERDAFTAR", 0, True),  # new in the plan: enrolled, to be invited
    }
