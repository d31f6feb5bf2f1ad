"""The demo stage: plausible assignments and 2026 sessions, counted by the same rules as the services."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from pytest_django.fixtures import Settings

from sibina.coaching import domain
from sibina.coaching.models import JenisBimbingan, PenugasanPembimbing, SesiBimbingan
from sibina.coaching.selectors import pembimbing_problem
from sibina.demo.context import TANGGAL_ACUAN
from sibina.demo.services import DemoSummary, demo_build, demo_reset
from sibina.people.models import Pegawai, RiwayatPengembangan, UnitKerja

pytestmark = pytest.mark.django_db
SIZE, SEED = 400, 11


@pytest.fixture
def demo(settings: Settings) -> DemoSummary:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return demo_build(size=SIZE, seed=SEED, verbosity=0)


def _snapshot() -> list[tuple[object, ...]]:
    return sorted(
        SesiBimbingan.objects.values_list(
            "penugasan__pembimbing__nip",
            "penugasan__pegawai__nip",
            "penugasan__jenis",
            "tanggal",
            "topik",
            "menit",
            "jp",
            "dihitung",
            "riwayat__nama_kegiatan",
        )
    )


def _counts_match_what_was_stored(demo: DemoSummary) -> None:
    c = demo.counts
    assert c["penugasan"] == PenugasanPembimbing.objects.count() > 0
    assert c["sesi"] == SesiBimbingan.objects.count() > c["penugasan"]
    assert c["sesi_dihitung"] == SesiBimbingan.objects.filter(dihitung=True).count() < c["sesi"]
    assert PenugasanPembimbing.objects.filter(sintetis=False).count() == 0


def _heads_of_divisions_coach_one_to_three_and_every_cpns_has_a_mentor() -> None:
    coaching = PenugasanPembimbing.objects.filter(jenis=JenisBimbingan.COACHING)
    per_head = Counter(coaching.values_list("pembimbing_id", flat=True))
    assert per_head and set(per_head.values()) <= {1, 2, 3}
    heads = Pegawai.objects.filter(pk__in=per_head).select_related("unit")
    assert {h.unit.jenis for h in heads} <= {UnitKerja.Jenis.BIDANG, UnitKerja.Jenis.BAGIAN}
    assert all(p.pegawai.atasan_id == p.pembimbing_id for p in coaching.select_related("pegawai"))
    cpns = set(Pegawai.objects.filter(jenis_asn="CPNS").values_list("pk", flat=True))
    mentored = set(
        PenugasanPembimbing.objects.filter(jenis=JenisBimbingan.MENTORING).values_list(
            "pegawai_id", flat=True
        )
    )
    assert cpns and mentored == cpns
    assert 0 < coaching.filter(aktif=False).count() < coaching.count()


def _every_coach_is_eligible_under_the_rule() -> None:
    for p in PenugasanPembimbing.objects.select_related(
        "pembimbing__jabatan__tingkat",
        "pembimbing__golongan",
        "pegawai__jabatan__tingkat",
        "pegawai__golongan",
    ):
        assert pembimbing_problem(p.pembimbing, p.pegawai) is None, p


def _sessions_respect_dates_and_the_monthly_cap() -> None:
    last_day = TANGGAL_ACUAN - dt.timedelta(days=7)
    counted: Counter[tuple[int, str, dt.date]] = Counter()
    refused: Counter[tuple[int, str, dt.date]] = Counter()
    for s in SesiBimbingan.objects.select_related("penugasan", "riwayat__bentuk"):
        a = s.penugasan
        assert a.mulai <= s.tanggal <= min(a.selesai or last_day, last_day)
        assert s.tanggal.year == 2026 and 1 <= s.menit <= domain.MENIT_SESI_MAKS
        key = (a.pegawai_id, a.jenis, s.tanggal.replace(day=1))
        if s.dihitung:
            counted[key] += 1
            assert s.riwayat is not None and s.riwayat.bentuk is not None and s.alasan == ""
            assert (s.riwayat.jp, s.riwayat.bentuk.kode, s.riwayat.tanggal_mulai) == (
                s.jp,
                a.jenis,
                s.tanggal,
            )
            assert s.riwayat.pegawai_id == a.pegawai_id and s.jp == Decimal("2.00")
        else:
            refused[key] += 1
            assert (s.jp, s.alasan, s.riwayat) == (Decimal(0), SesiBimbingan.Alasan.BATAS_BULAN, None)
    assert max(counted.values()) == 2
    assert refused and all(counted[k] == 2 for k in refused)


def test_the_stage_builds_plausible_coaching_by_the_rules_and_resets(demo: DemoSummary) -> None:
    """One build checked from every side (a build takes seconds), then rebuilt with the same seed and reset."""
    _counts_match_what_was_stored(demo)
    _heads_of_divisions_coach_one_to_three_and_every_cpns_has_a_mentor()
    _every_coach_is_eligible_under_the_rule()
    _sessions_respect_dates_and_the_monthly_cap()
    first = _snapshot()
    demo_build(size=SIZE, seed=SEED, verbosity=0, reset=True)
    assert _snapshot() == first
    demo_reset()
    assert not PenugasanPembimbing.objects.exists()
    assert not SesiBimbingan.objects.exists()
    assert not RiwayatPengembangan.objects.exists()
