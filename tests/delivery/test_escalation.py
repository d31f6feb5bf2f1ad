"""The escalation ladders of commitment, run by ``sibina delivery remind``: JP short at the start of Q3 (employee →
atasan → Kepala OPD, each step N days after the one before), no-shows (atasan; the second of the year → Kepala
OPD too), overdue milestones of a change project (participant → mentor). Each step exactly once, whatever the
number of runs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sibina.delivery import aksi, domain, services
from sibina.delivery.models import Kelas, PengingatKomitmen, Peserta
from sibina.notifications.models import Notifikasi
from sibina.people.models import Pegawai, RiwayatPengembangan
from sibina.reference.selectors import bentuk_map
from tests.delivery.test_services import Day, _remind, invited, of
from tests.planning.test_selectors import item, kegiatan
from tests.web.test_permissions import World

D = dt.date
J = PengingatKomitmen.Jenis


def steps(p: Pegawai) -> list[tuple[str, dt.date]]:
    return list(
        PengingatKomitmen.objects.filter(pegawai=p)
        .order_by("tanggal", "jenis")
        .values_list("jenis", "tanggal")
    )


def notes(jenis: str) -> list[tuple[str, str]]:
    rows = Notifikasi.objects.filter(jenis=jenis).values_list("user__username", "params__pegawai")
    return sorted((user, about or "") for user, about in rows)


# --- JP short at the start of Q3 --------------------------------------------------------------------------------


def test_jp_short_goes_to_the_employee_then_the_atasan_then_the_kepala_once_each(
    world: World, db: None, day: Day
) -> None:
    c = world.city
    assert _remind(D(2027, 6, 30)) == "0 reminder(s) sent for 2027-06-30."  # Q3 not yet begun
    assert not PengingatKomitmen.objects.exists()
    _remind(D(2027, 7, 1))
    _remind(D(2027, 7, 1))  # the same day again: nothing more
    assert steps(c.bidan) == [(J.JP_PEGAWAI, D(2027, 7, 1))]
    # Every PNS short of 20 JP is told once; the PPPK (no minimum) is not.
    assert not PengingatKomitmen.objects.filter(pegawai=c.pppk).exists()
    assert sorted(Notifikasi.objects.filter(jenis="JPKURANG").values_list("user__username", flat=True)) == [
        "u_atasan",
        "u_kepala",
        "u_pegawai",
    ]
    own = Notifikasi.objects.get(jenis="JPKURANG", user=world.users["pegawai"])
    assert own.text == "Half of 2027 is over and you have 0 JP of the minimum 20: see your development."
    # The perawat reaches the minimum before the next step: her ladder stops.
    RiwayatPengembangan.objects.create(
        pegawai=c.perawat,
        jenis="KURSUS",
        bentuk=bentuk_map()["NKL03"],
        nama_kegiatan="E-learning",
        tanggal_mulai=D(2027, 7, 5),
        tahun=2027,
        jp=Decimal(20),
    )
    assert _remind(D(2027, 7, 14)) == "0 reminder(s) sent for 2027-07-14."  # 13 days: not yet
    _remind(D(2027, 7, 15))
    assert steps(c.perawat) == [(J.JP_PEGAWAI, D(2027, 7, 1))]
    assert steps(c.bidan) == [(J.JP_PEGAWAI, D(2027, 7, 1)), (J.JP_ATASAN, D(2027, 7, 15))]
    assert ("u_atasan", world.staf.nama_lengkap) in notes("JPKURANG")  # the lurah hears of his staf
    _remind(D(2027, 7, 29))
    _remind(D(2027, 7, 29))
    assert steps(c.bidan) == [
        (J.JP_PEGAWAI, D(2027, 7, 1)),
        (J.JP_ATASAN, D(2027, 7, 15)),
        (J.JP_KEPALA, D(2027, 7, 29)),
    ]
    # The kepala of Dinas Kesehatan hears of the bidan twice: as her atasan, then as the Kepala OPD; never of
    # himself (he is his own OPD's head).
    about_bidan = Notifikasi.objects.filter(jenis="JPKURANG", params__pegawai=c.bidan.nama_lengkap)
    assert list(about_bidan.order_by("id").values_list("user__username", flat=True)) == [
        "u_kepala",
        "u_kepala",
    ]
    assert not Notifikasi.objects.filter(
        jenis="JPKURANG", user=world.users["kepala"], params__pegawai=c.kepala.nama_lengkap
    ).exists()
    assert about_bidan.first().text == f"{c.bidan.nama_lengkap} has 0 JP of the minimum 20 in 2027."  # type: ignore[union-attr]


def test_a_late_run_never_skips_a_step(world: World, db: None, day: Day) -> None:
    c = world.city
    _remind(D(2027, 7, 20))  # the first run of the half-year, late
    _remind(D(2027, 9, 30))  # long after: the atasan only, the Kepala OPD waits
    _remind(D(2027, 10, 13))
    assert steps(c.bidan) == [(J.JP_PEGAWAI, D(2027, 7, 20)), (J.JP_ATASAN, D(2027, 9, 30))]
    _remind(D(2027, 10, 14))
    assert steps(c.bidan)[-1] == (J.JP_KEPALA, D(2027, 10, 14))


# --- no-shows -----------------------------------------------------------------------------------------------------


def _accept(p: Peserta, w: World, who: str) -> None:
    services.peserta_answer(
        peserta=p, by=w.users[who], version=p.version, jawaban=domain.Jawaban.TERIMA, ikrar=True
    )


def test_a_no_show_goes_to_the_atasan_and_the_second_to_the_kepala_opd(
    world: World, db: None, day: Day
) -> None:
    c, bkpsdm = world.city, world.users["bkpsdm"]
    kelas = invited(world)  # the e-learning, 1–4 February
    _accept(of(kelas, world, "perawat"), world, "pegawai")
    _accept(of(kelas, world, "lurah"), world, "atasan")
    day(D(2027, 2, 1))
    services.kehadiran_record(
        sesi=kelas.sesi.get(urutan=1), hadir_ids=[of(kelas, world, "lurah").pk], by=bkpsdm
    )
    _remind(D(2027, 2, 2))
    _remind(D(2027, 2, 2))
    # Absent and accepted: the perawat (→ the kepala, her atasan). The bidan and kepala never accepted.
    assert steps(c.perawat) == [(J.MANGKIR_ATASAN, D(2027, 2, 2))]
    assert notes("MANGKIR") == [("u_kepala", c.perawat.nama_lengkap)]
    assert Notifikasi.objects.get(jenis="MANGKIR").text == (
        f"{c.perawat.nama_lengkap} accepted Kegiatan uji EL-UJI but did not come to its first session on "
        "Feb. 1, 2027."
    )
    # Her second no-show of the year, in the technical course: the atasan again, and the Kepala OPD.
    day(D(2027, 3, 1))
    teknis = services.kelas_create(
        cycle=world.cycle,
        kegiatan=world.cat.teknis,
        mulai=D(2027, 4, 5),
        selesai=D(2027, 4, 9),
        tempat="Aula",
        by=bkpsdm,
    )
    services.kelas_enrol(kelas=teknis, by=bkpsdm, version=teknis.version)
    teknis.refresh_from_db()
    services.kelas_invite(kelas=teknis, by=bkpsdm, version=teknis.version)
    _accept(of(teknis, world, "perawat"), world, "pegawai")
    day(D(2027, 4, 5))
    services.kehadiran_record(sesi=teknis.sesi.get(urutan=1), hadir_ids=[], by=bkpsdm)
    _remind(D(2027, 4, 6))
    _remind(D(2027, 4, 7))
    second = str(of(teknis, world, "perawat").pk)
    assert sorted(PengingatKomitmen.objects.filter(kunci=second).values_list("jenis", flat=True)) == [
        J.MANGKIR_ATASAN,
        J.MANGKIR_KEPALA,
    ]
    assert Notifikasi.objects.filter(jenis="MANGKIR").count() == 3
    assert (
        Notifikasi.objects.filter(jenis="MANGKIR")
        .order_by("-id")
        .first()
        .text.endswith(  # type: ignore[union-attr]
            "(2 times this year)."
        )
    )


# --- overdue milestones of a change project ----------------------------------------------------------------------


def leadership_class(w: World, day: Day) -> Peserta:
    """A PKP class in the decreed plan for the perawat, 1–5 March, which she accepted."""
    pkp = kegiatan(
        w.city.instansi, "PKP-UJI", "KL01", gains={"M05": 1}, jp_program=Decimal(40), hari_klasikal=5
    )
    item(w.plan, w.city.perawat, pkp, triwulan=1)
    bkpsdm = w.users["bkpsdm"]
    kelas = services.kelas_create(
        cycle=w.cycle,
        kegiatan=pkp,
        mulai=D(2027, 3, 1),
        selesai=D(2027, 3, 5),
        tempat="BPSDM Sumut",
        by=bkpsdm,
    )
    services.kelas_enrol(kelas=kelas, by=bkpsdm, version=kelas.version)
    kelas.refresh_from_db()
    services.kelas_invite(kelas=kelas, by=bkpsdm, version=kelas.version)
    p = Kelas.objects.get(pk=kelas.pk).peserta.get(pegawai=w.city.perawat)
    _accept(p, w, "pegawai")
    p.refresh_from_db()
    return p


def test_an_overdue_milestone_goes_to_the_participant_then_the_mentor(
    world: World, db: None, day: Day
) -> None:
    p = leadership_class(world, day)
    project = aksi.aksi_save(peserta=p, by=world.users["pegawai"], judul="Posyandu digital di Puskesmas Uji")
    assert project.mentor == world.city.kepala  # her atasan, by default
    first = aksi.tonggak_add(
        aksi=project,
        by=world.users["pegawai"],
        version=project.version,
        judul="Rancangan disetujui",
        batas=D(2027, 4, 1),
    )
    project.refresh_from_db()
    second = aksi.tonggak_add(
        aksi=project,
        by=world.users["pegawai"],
        version=project.version,
        judul="Uji coba di satu posyandu",
        batas=D(2027, 5, 1),
    )
    assert _remind(D(2027, 4, 1)).startswith("0 ")  # due today: not yet overdue
    _remind(D(2027, 4, 2))
    _remind(D(2027, 4, 2))
    assert list(PengingatKomitmen.objects.filter(kunci=str(first.pk)).values_list("jenis", flat=True)) == [
        J.TONGGAK_PESERTA
    ]
    assert Notifikasi.objects.get(jenis="TONGGAK").text == (
        "The milestone “Rancangan disetujui” of your change project was due on April 1, 2027: report it done."
    )
    _remind(D(2027, 4, 15))  # 13 days
    assert not PengingatKomitmen.objects.filter(jenis=J.TONGGAK_MENTOR).exists()
    _remind(D(2027, 4, 16))
    _remind(D(2027, 4, 17))
    mentor = Notifikasi.objects.get(jenis="TONGGAK", user=world.users["kepala"])
    assert mentor.text == (
        f"The milestone “Rancangan disetujui” of {world.city.perawat.nama_lengkap}'s change project, due on "
        "April 1, 2027, is not done yet."
    )
    # The second milestone is reported done in time: no reminder ever.
    day(D(2027, 4, 30))
    aksi.tonggak_report(
        tonggak=second, by=world.users["pegawai"], version=second.version, catatan="Uji coba selesai."
    )
    _remind(D(2027, 5, 20))
    assert not PengingatKomitmen.objects.filter(kunci=str(second.pk)).exists()
    assert Notifikasi.objects.filter(jenis="TONGGAK").count() == 2
