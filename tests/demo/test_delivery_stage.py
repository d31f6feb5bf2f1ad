"""The demo's first half of 2027 (`sibina demo_delivery`): decreed, held, answered, attended, completed, once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from sibina.approvals.selectors import cycle_decree
from sibina.audit.models import AuditEvent
from sibina.delivery.models import AksiPerubahan, Kehadiran, Kelas, KlaimPengembangan, Peserta
from sibina.delivery.siasn import siasn_pending
from sibina.demo.services import demo_reset
from sibina.people.models import Instansi, RiwayatPengembangan
from sibina.planning.models import PlanCycle

pytestmark = pytest.mark.django_db

UNTIL = dt.date(2027, 5, 31)


@pytest.fixture(scope="module")
def _ran_once(_built_city: None, django_db_blocker: Any) -> str:
    """The half-year is run once per module, inside the module's city transaction (it takes seconds): each
    test's writes are rolled back after it, the run with the city when the module ends."""
    out = StringIO()
    with django_db_blocker.unblock(), translation.override("en"):
        call_command("demo_delivery", until=UNTIL.isoformat(), time_limit=10, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def ran(_ran_once: str, city: object) -> str:
    return _ran_once


def _state() -> list[tuple[object, ...]]:
    return sorted(
        Peserta.objects.values_list(
            "pegawai__nip",
            "kegiatan__kode",
            "kelas__nomor",
            "kelas__mulai",
            "status",
            "alasan_tolak",
            "hasil",
        )
    )


def test_the_plan_is_decreed_and_only_the_first_half_is_held(ran: str) -> None:
    cycle = PlanCycle.objects.get(sintetis=True)
    decree = cycle_decree(cycle_id=cycle.pk)
    assert decree is not None and decree.tanggal_keputusan == dt.date(2026, 12, 15)
    kelas = list(Kelas.objects.all())
    assert kelas
    assert all(dt.date(2027, 1, 1) <= k.mulai <= dt.date(2027, 6, 30) for k in kelas)
    assert not Kehadiran.objects.filter(sesi__tanggal__gt=UNTIL).exists()
    # Every class's participant was planned in that activity, or substitutes for one who was.
    for p in Peserta.objects.select_related("plan_item", "kelas", "pengganti_untuk__plan_item"):
        planned = p.plan_item if p.pengganti_untuk is None else p.pengganti_untuk.plan_item
        assert planned is not None and planned.kegiatan_id == p.kelas.kegiatan_id, p
    assert "classes" in ran and "completed" in ran


def test_answers_and_completions_are_plausible_and_differ_by_opd(ran: str) -> None:
    status = Counter(Peserta.objects.values_list("status", flat=True))
    total = sum(status.values())
    assert status[Peserta.Status.DITERIMA] > total * 0.6
    assert 0 < status[Peserta.Status.DITOLAK] < total * 0.3
    assert all(
        len(a) >= 10 for a in Peserta.objects.filter(status="DITOLAK").values_list("alasan_tolak", flat=True)
    )
    rates = {}
    for unit, st in Peserta.objects.values_list("pegawai__unit__kode", "status"):
        rates.setdefault(unit, Counter())[st] += 1
    shares = {
        u: c[Peserta.Status.DITERIMA] / sum(c.values()) for u, c in rates.items() if sum(c.values()) >= 10
    }
    assert max(shares.values()) - min(shares.values()) > 0.1
    done = Peserta.objects.filter(hasil=Peserta.Hasil.SELESAI)
    assert done.exists()
    # One development record per completion, with the JP credited, and nothing else from SiBina.
    assert (
        RiwayatPengembangan.objects.filter(sumber="SIBINA", peserta_kelas__isnull=False).count()
        == done.count()
    )
    assert all(p.riwayat is not None and p.riwayat.jp == p.jp for p in done.select_related("riwayat"))
    instansi = Instansi.objects.get(kode="1275")
    approved = KlaimPengembangan.objects.filter(status=KlaimPengembangan.Status.DISETUJUI).count()
    assert len(siasn_pending(instansi=instansi, tahun=2027)) == done.count() + approved


def test_substitutes_change_projects_costs_and_claims_happen_through_the_services(ran: str) -> None:
    subs = Peserta.objects.exclude(pengganti_untuk=None).select_related("pengganti_untuk", "kelas")
    assert subs.exists()
    for p in subs:
        assert p.pengganti_untuk.status == Peserta.Status.DITOLAK
        assert p.pengganti_untuk.kelas_id == p.kelas_id
    # Change projects only for leadership participants who accepted, each with its three milestones.
    for a in AksiPerubahan.objects.select_related("peserta__kelas__kegiatan__bentuk"):
        assert a.peserta.kelas.kegiatan.bentuk.kode == "KL01" and a.peserta.status == Peserta.Status.DITERIMA
        assert a.tonggak.count() == 3
    # Actual costs only for classes over by then, within 82-104 % of the plan.
    billed = Kelas.objects.exclude(biaya_realisasi=None)
    assert billed.exists()
    assert all(k.selesai < UNTIL for k in billed)
    claims = Counter(KlaimPengembangan.objects.values_list("status", flat=True))
    assert claims["DISETUJUI"] == 1 and claims["DITOLAK"] == 1 and claims["DIAJUKAN"] >= 1
    assert AuditEvent.objects.filter(aksi="delivery.substitute").count() == subs.count()


def test_a_second_run_is_refused_and_changes_nothing(ran: str) -> None:
    first = _state()
    with pytest.raises(CommandError, match="reset"):
        call_command("demo_delivery", until=UNTIL.isoformat(), time_limit=10, stdout=StringIO())
    assert _state() == first


def test_reset_removes_classes_records_and_approvals(ran: str) -> None:
    demo_reset()
    assert not Kelas.objects.exists()
    assert not Peserta.objects.exists()
    assert not RiwayatPengembangan.objects.filter(sumber="SIBINA").exists()


def test_a_date_outside_the_first_half_is_refused(ran: str) -> None:
    first = _state()
    with pytest.raises(CommandError, match="30 June"):
        call_command("demo_delivery", until="2027-09-30", stdout=StringIO())
    with pytest.raises(CommandError, match="not a date"):
        call_command("demo_delivery", until="31-05-2027", stdout=StringIO())
    assert _state() == first
