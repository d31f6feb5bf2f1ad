"""Delivery under two requests at once: the same completion submitted twice at the same instant credits JP
once; two attendance imports of the same file at once leave one row per participant and session."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from sibina.delivery import claims, services
from sibina.delivery.models import (
    Kehadiran,
    KlaimPengembangan,
    Pengingat,
    PengingatKomitmen,
    PengingatRun,
    Peserta,
)
from sibina.delivery.tasks import remind
from sibina.imports.kernel import import_data
from sibina.needs.ledger import jp_totals
from sibina.notifications.models import Notifikasi
from sibina.people.models import RiwayatPengembangan
from tests.concurrency.conftest import STALE, concurrent, one_winner, race
from tests.delivery.conftest import decree
from tests.delivery.test_claims import seminar
from tests.delivery.test_services import invited, of
from tests.web.test_permissions import World, _build

pytestmark = concurrent
D = dt.date


@pytest.fixture
def world(concurrent_db: None, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2027, 1, 4))
    w = _build()
    decree(w)
    return w


def test_a_completion_submitted_twice_at_once_credits_jp_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    kelas = invited(world)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2027, 2, 5))
    p = of(kelas, world, "perawat")
    for sesi in kelas.sesi.all():
        services.kehadiran_record(sesi=sesi, hadir_ids=[p.pk], by=world.users["bkpsdm"])
    seen = p.version

    def complete() -> Peserta:
        return services.peserta_complete(
            peserta=Peserta.objects.get(pk=p.pk),
            by=world.users["bkpsdm"],
            version=seen,
            selesai=True,
            nomor_sertifikat="EL/2027/001",
        )

    outcomes = race(complete, complete)
    winner, _applied = one_winner(outcomes)
    assert outcomes[1 - winner].message.startswith(f"{STALE} class participant after you opened it")
    assert RiwayatPengembangan.objects.filter(pegawai_id=p.pegawai_id, sumber="SIBINA").count() == 1
    assert jp_totals(pegawai_ids=[p.pegawai_id], tahun=2027)[p.pegawai_id][0] == Decimal("12.00")


def test_the_same_attendance_file_imported_twice_at_once_keeps_one_row_each(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    kelas = invited(world)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2027, 2, 5))
    nip = world.city.perawat.nip
    data = ("id_kelas;nip;sesi;hadir\n" + "".join(f"{kelas.pk};{nip};{s};1\n" for s in (1, 2, 3, 4))).encode()

    def run() -> object:
        return import_data(
            jenis="kehadiran",
            instansi=world.city.instansi,
            data=data,
            filename="h.csv",
            by=world.users["bkpsdm"],
        )

    outcomes = race(run, run)
    assert [o.error for o in outcomes] == [None, None]
    assert sorted((o.value.jumlah_baru, o.value.jumlah_sama) for o in outcomes) == [(0, 4), (4, 0)]
    assert Kehadiran.objects.count() == 4


def test_two_reminder_workers_at_once_send_each_reminder_once(world: World) -> None:
    invited(
        world
    )  # nobody has answered: 3 reminders to those with accounts, 2 to the kepala (perawat, bidan)
    first, second = (PengingatRun.objects.create(tanggal=D(2027, 1, 29)) for _ in range(2))
    outcomes = race(lambda: remind.run(first.pk), lambda: remind.run(second.pk))
    assert [o.error for o in outcomes] == [None, None]
    sent = sorted(PengingatRun.objects.values_list("terkirim", flat=True))
    assert sum(sent) == 5
    assert Pengingat.objects.count() == 5
    assert Notifikasi.objects.filter(jenis__in=["SEGERA", "BELUM"]).count() == 5


def test_a_claim_approved_twice_at_once_credits_jp_once(
    world: World, monkeypatch: pytest.MonkeyPatch, settings: SettingsWrapper, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2027, 1, 20))
    k = seminar(world)

    def approve() -> KlaimPengembangan:
        return claims.klaim_approve(
            klaim=KlaimPengembangan.objects.get(pk=k.pk), by=world.users["bkpsdm"], version=k.version
        )

    outcomes = race(approve, approve)
    winner, _applied = one_winner(outcomes)
    assert outcomes[1 - winner].message.startswith(STALE)
    assert RiwayatPengembangan.objects.filter(pegawai=world.city.perawat, sumber="SIBINA").count() == 1
    assert jp_totals(pegawai_ids=[world.city.perawat.pk], tahun=2027)[world.city.perawat.pk][0] == Decimal(8)


def test_two_reminder_workers_at_once_send_each_escalation_step_once(world: World) -> None:
    """The JP check of 1 July: every PNS short of the minimum gets one first step, whichever worker claims it."""
    first, second = (PengingatRun.objects.create(tanggal=D(2027, 7, 1)) for _ in range(2))
    outcomes = race(lambda: remind.run(first.pk), lambda: remind.run(second.pk))
    assert [o.error for o in outcomes] == [None, None]
    short = PengingatKomitmen.objects.filter(jenis=PengingatKomitmen.Jenis.JP_PEGAWAI)
    assert short.count() == short.values("pegawai").distinct().count() == 5  # the five PNS of the world
    # The three with accounts (perawat, lurah, kepala) are told once each, by one worker or the other.
    assert sum(PengingatRun.objects.values_list("terkirim", flat=True)) == 3
    assert sorted(Notifikasi.objects.filter(jenis="JPKURANG").values_list("user__username", flat=True)) == [
        "u_atasan",
        "u_kepala",
        "u_pegawai",
    ]
