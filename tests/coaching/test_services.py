"""Services: who may assign and log, the monthly cap with its boundaries, the ledger, stale versions.

A refused action asserts that nothing was written: no assignment, no session, no development record, no
audit event.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sibina.audit.models import AuditEvent
from sibina.coaching.models import JenisBimbingan, PenugasanPembimbing, SesiBimbingan
from sibina.coaching.services import penugasan_assign, penugasan_end, sesi_log
from sibina.needs.ledger import jp_totals
from sibina.people.models import Pegawai, RiwayatPengembangan
from sibina.reference.models import Ketentuan
from sibina.roles import Role

from .conftest import Team, account, assignment

pytestmark = pytest.mark.django_db
D = dt.date


def _counts() -> tuple[int, int, int, int]:
    return (
        PenugasanPembimbing.objects.count(),
        SesiBimbingan.objects.count(),
        RiwayatPengembangan.objects.count(),
        AuditEvent.objects.count(),
    )


def _assign(by: User, pembimbing: Pegawai, pegawai: Pegawai, **kw: object) -> PenugasanPembimbing:
    pegawai.refresh_from_db()
    args: dict[str, object] = {
        "jenis": JenisBimbingan.COACHING,
        "mulai": D(2025, 1, 2),
        "version": pegawai.version,
    }
    args.update(kw)
    return penugasan_assign(pembimbing=pembimbing, pegawai=pegawai, by=by, **args)  # type: ignore[arg-type]


def _log(p: PenugasanPembimbing, by: User, tanggal: dt.date, **kw: object) -> SesiBimbingan:
    p.refresh_from_db()
    args: dict[str, object] = {"topik": "Umpan balik kinerja", "menit": 60, "version": p.version}
    args.update(kw)
    return sesi_log(penugasan=p, by=by, tanggal=tanggal, **args)  # type: ignore[arg-type]


# --- the monthly cap ---------------------------------------------------------------------------------------


def test_second_session_of_a_month_counts_third_does_not_next_month_counts_again(team: Team) -> None:
    p = assignment(team.kabid, team.staf)
    first = _log(p, team.u_atasan, D(2025, 3, 3))
    second = _log(p, team.u_atasan, D(2025, 3, 17))
    third = _log(p, team.u_atasan, D(2025, 3, 31))
    april = _log(p, team.u_atasan, D(2025, 4, 1))
    assert [(s.dihitung, s.jp, s.alasan) for s in (first, second, third, april)] == [
        (True, Decimal("2.00"), ""),
        (True, Decimal("2.00"), ""),
        (False, Decimal("0.00"), SesiBimbingan.Alasan.BATAS_BULAN),
        (True, Decimal("2.00"), ""),
    ]
    assert third.riwayat is None
    assert RiwayatPengembangan.objects.filter(pegawai=team.staf).count() == 3
    assert AuditEvent.objects.filter(aksi="coaching.session").count() == 4


def test_counted_sessions_reach_the_jp_ledger_as_development_records(team: Team) -> None:
    p = assignment(team.kabid, team.staf)
    s = _log(p, team.u_atasan, D(2025, 5, 6), topik="Menulis telaahan staf")
    rec = s.riwayat
    assert rec is not None and rec.bentuk is not None
    assert (rec.pegawai_id, rec.bentuk.kode, rec.jp, rec.tahun, rec.sumber) == (
        team.staf.pk,
        "NKL01",
        Decimal("2.00"),
        2025,
        RiwayatPengembangan.Sumber.SIBINA,
    )
    assert rec.nama_kegiatan == "Coaching: Menulis telaahan staf"
    assert rec.penyelenggara == team.kabid.nama_lengkap
    assert jp_totals(pegawai_ids=[team.staf.pk], tahun=2025) == {team.staf.pk: (Decimal("2.00"), Decimal(0))}


def test_the_cap_counts_all_assignments_of_the_same_form_for_the_employee(team: Team) -> None:
    by_kabid = assignment(team.kabid, team.staf)
    by_kepala = assignment(team.kepala, team.staf)
    mentoring = assignment(team.kabid, team.staf, jenis=JenisBimbingan.MENTORING)
    _log(by_kabid, team.u_atasan, D(2025, 6, 2))
    _log(by_kepala, team.u_kepala, D(2025, 6, 3))
    assert not _log(by_kepala, team.u_kepala, D(2025, 6, 4)).dihitung
    assert _log(mentoring, team.u_atasan, D(2025, 6, 4)).dihitung  # another form, its own cap


def test_two_sessions_on_one_day_with_one_topic_get_distinct_records(team: Team) -> None:
    p = assignment(team.kabid, team.staf)
    a = _log(p, team.u_atasan, D(2025, 7, 1))
    b = _log(p, team.u_atasan, D(2025, 7, 1))
    assert a.riwayat and b.riwayat
    assert b.riwayat.nama_kegiatan == a.riwayat.nama_kegiatan + " (2)"


def test_the_cap_is_read_from_the_reference_setting(team: Team) -> None:
    Ketentuan.objects.filter(kode="BIMBINGAN_SESI_MAKS_BULAN").update(nilai=1)
    p = assignment(team.kabid, team.staf)
    assert _log(p, team.u_atasan, D(2025, 8, 4)).dihitung
    assert not _log(p, team.u_atasan, D(2025, 8, 5)).dihitung


# --- who may log -------------------------------------------------------------------------------------------


def test_atasan_logs_for_own_subordinate_but_not_for_others(team: Team) -> None:
    own = assignment(team.kabid, team.staf)
    other = assignment(team.camat, team.staf_camat)
    assert _log(own, team.u_atasan, D(2025, 3, 3)).dihitung
    before = _counts()
    with pytest.raises(PermissionDenied):
        _log(other, team.u_atasan, D(2025, 3, 3))
    assert _counts() == before


@pytest.mark.parametrize("who", ["u_pegawai", "u_auditor", "u_ppk", "u_kepala"])
def test_only_coach_supervisor_or_bkpsdm_log(team: Team, who: str) -> None:
    p = assignment(team.staf2, team.cpns, jenis=JenisBimbingan.MENTORING)  # a colleague mentors the CPNS
    before = _counts()
    with pytest.raises(PermissionDenied):
        _log(p, getattr(team, who), D(2025, 9, 1))
    assert _counts() == before


def test_the_pembimbing_and_bkpsdm_may_log(team: Team) -> None:
    mentor = account_for(team.staf2)
    p = assignment(team.staf2, team.cpns, jenis=JenisBimbingan.MENTORING)
    assert _log(p, mentor, D(2025, 9, 1)).dicatat_oleh == mentor
    assert _log(p, team.u_bkpsdm, D(2025, 9, 2)).dicatat_oleh == team.u_bkpsdm


def account_for(pegawai: Pegawai) -> User:
    return account(f"u{pegawai.pk}", Role.PEGAWAI, pegawai)


# --- session input and versions ------------------------------------------------------------------------------


def test_stale_version_is_refused_and_nothing_is_written(team: Team) -> None:
    p = assignment(team.kabid, team.staf)
    seen = p.version
    _log(p, team.u_atasan, D(2025, 3, 3))  # someone else logs meanwhile: the version moves on
    before = _counts()
    with pytest.raises(ValidationError) as err:
        sesi_log(penugasan=p, by=team.u_atasan, version=seen, tanggal=D(2025, 3, 4), topik="x", menit=60)
    assert "version" in err.value.message_dict
    assert "Reload the page" in err.value.message_dict["version"][0]
    assert _counts() == before


@pytest.mark.parametrize(
    ("tanggal", "menit", "field"),
    [
        (timezone.localdate() + dt.timedelta(days=1), 60, "tanggal"),
        (D(2024, 12, 31), 60, "tanggal"),  # before the assignment started
        (D(2025, 3, 3), 0, "menit"),
        (D(2025, 3, 3), 481, "menit"),
    ],
)
def test_bad_session_input_names_the_field(team: Team, tanggal: dt.date, menit: int, field: str) -> None:
    p = assignment(team.kabid, team.staf)
    before = _counts()
    with pytest.raises(ValidationError) as err:
        _log(p, team.u_atasan, tanggal, menit=menit)
    assert field in err.value.message_dict
    assert _counts() == before


def test_minute_bounds_are_inclusive(team: Team) -> None:
    p = assignment(team.kabid, team.staf)
    assert _log(p, team.u_atasan, D(2025, 3, 3), menit=1).menit == 1
    assert _log(p, team.u_atasan, D(2025, 3, 4), menit=480).menit == 480


def test_six_one_minute_sessions_count_nothing_and_take_no_counted_place(team: Team) -> None:
    p = assignment(team.kabid, team.staf)
    short = [_log(p, team.u_atasan, D(2025, 3, day), menit=1) for day in (3, 4, 5, 6, 7, 10)]
    assert {(s.dihitung, s.jp, s.alasan, s.riwayat) for s in short} == {
        (False, Decimal("0.00"), SesiBimbingan.Alasan.SINGKAT, None)
    }
    assert jp_totals(pegawai_ids=[team.staf.pk], tahun=2025) == {}
    at_minimum = _log(p, team.u_atasan, D(2025, 3, 11), menit=45)  # one JP of 45 minutes: counted
    assert (at_minimum.dihitung, at_minimum.jp) == (True, Decimal("2.00"))
    assert _log(p, team.u_atasan, D(2025, 3, 12), menit=44).alasan == SesiBimbingan.Alasan.SINGKAT


def test_a_later_minimum_length_applies_from_its_date(team: Team) -> None:
    Ketentuan.objects.create(kode="BIMBINGAN_MENIT_MIN", nama="min", nilai=60, berlaku_mulai=D(2025, 4, 1))
    p = assignment(team.kabid, team.staf)
    assert _log(p, team.u_atasan, D(2025, 3, 31), menit=50).dihitung
    later = _log(p, team.u_atasan, D(2025, 4, 1), menit=50)
    assert (later.dihitung, later.alasan) == (False, SesiBimbingan.Alasan.SINGKAT)
    assert _log(p, team.u_atasan, D(2025, 4, 2), menit=60).dihitung


def test_an_ended_assignment_takes_no_more_sessions(team: Team) -> None:
    p = assignment(team.kabid, team.staf)
    penugasan_end(penugasan=p, by=team.u_atasan, version=p.version, selesai=D(2025, 6, 30))
    before = _counts()
    with pytest.raises(ValidationError) as err:
        _log(p, team.u_atasan, D(2025, 6, 2))
    assert "penugasan" in err.value.message_dict
    assert _counts() == before


# --- assigning ---------------------------------------------------------------------------------------------


def test_atasan_assigns_themself_to_a_direct_subordinate(team: Team) -> None:
    p = _assign(team.u_atasan, team.kabid, team.staf, tujuan=" Kemandirian ")
    assert (p.pembimbing, p.pegawai, p.aktif, p.tujuan, p.ditugaskan_oleh) == (
        team.kabid,
        team.staf,
        True,
        "Kemandirian",
        team.u_atasan,
    )
    event = AuditEvent.objects.get(aksi="coaching.assign")
    assert event.objek_id == str(p.pk) and event.username == "atasan"


def test_atasan_may_name_a_senior_subordinate_as_mentor_of_a_cpns(team: Team) -> None:
    p = _assign(team.u_atasan, team.staf2, team.cpns, jenis=JenisBimbingan.MENTORING)
    assert p.pembimbing == team.staf2


def test_kepala_opd_assigns_in_their_subtree_only(team: Team) -> None:
    assert _assign(team.u_kepala, team.kabid, team.staf).pk
    before = _counts()
    with pytest.raises(PermissionDenied):
        _assign(team.u_kepala, team.camat, team.staf_camat)
    assert _counts() == before


def test_bkpsdm_assigns_anyone_of_its_agency(team: Team) -> None:
    assert _assign(team.u_bkpsdm, team.camat, team.staf_camat).pk


@pytest.mark.parametrize("who", ["u_pegawai", "u_auditor", "u_ppk", "u_camat"])
def test_others_may_not_assign(team: Team, who: str) -> None:
    before = _counts()
    with pytest.raises(PermissionDenied):
        _assign(getattr(team, who), team.kabid, team.staf)
    assert _counts() == before


@pytest.mark.parametrize(
    ("pembimbing", "pegawai", "message"),
    [
        ("staf2", "staf", "leader of the employee"),  # same rank, not a leader
        ("cpns", "staf2", "probation"),  # a CPNS does not coach
    ],
)
def test_the_pembimbing_must_be_a_leader_or_senior(
    team: Team, pembimbing: str, pegawai: str, message: str
) -> None:
    before = _counts()
    with pytest.raises(ValidationError) as err:
        _assign(team.u_atasan, getattr(team, pembimbing), getattr(team, pegawai))
    assert message in err.value.message_dict["pembimbing"][0]
    assert _counts() == before


def test_no_self_coaching_and_no_committing_people_one_does_not_lead(team: Team) -> None:
    with pytest.raises(PermissionDenied):  # the atasan is not their own subordinate
        _assign(team.u_atasan, team.kabid, team.kabid)
    with pytest.raises(ValidationError) as err:  # the camat is not the kabid's to commit
        _assign(team.u_atasan, team.camat, team.staf)
    assert "people you lead" in err.value.message_dict["pembimbing"][0]


def test_a_second_active_assignment_of_the_same_pair_and_form_is_refused(team: Team) -> None:
    _assign(team.u_atasan, team.kabid, team.staf)
    with pytest.raises(ValidationError) as err:
        _assign(team.u_atasan, team.kabid, team.staf)
    assert "already has an active assignment" in err.value.message_dict["pembimbing"][0]


def test_assigning_on_a_stale_employee_record_is_refused(team: Team) -> None:
    seen = team.staf.version
    Pegawai.objects.filter(pk=team.staf.pk).update(version=seen + 1)  # an import moved the record on
    before = _counts()
    with pytest.raises(ValidationError) as err:
        penugasan_assign(
            pembimbing=team.kabid,
            pegawai=team.staf,
            jenis=JenisBimbingan.COACHING,
            mulai=D(2025, 1, 2),
            by=team.u_atasan,
            version=seen,
        )
    assert "version" in err.value.message_dict
    assert _counts() == before


# --- ending --------------------------------------------------------------------------------------------------


def test_end_keeps_the_sessions_and_bumps_the_version(team: Team) -> None:
    p = assignment(team.kabid, team.staf)
    _log(p, team.u_atasan, D(2025, 3, 3))
    p.refresh_from_db()
    seen = p.version
    ended = penugasan_end(penugasan=p, by=team.u_kepala, version=seen, selesai=D(2025, 3, 31))
    ended.refresh_from_db()
    assert (ended.aktif, ended.selesai, ended.version) == (False, D(2025, 3, 31), seen + 1)
    assert ended.sesi.count() == 1
    assert AuditEvent.objects.filter(aksi="coaching.end", objek_id=str(p.pk)).count() == 1


def test_end_refuses_stale_versions_earlier_dates_and_outsiders(team: Team) -> None:
    p = assignment(team.kabid, team.staf)
    _log(p, team.u_atasan, D(2025, 3, 3))
    p.refresh_from_db()
    before = _counts()
    with pytest.raises(ValidationError) as err:
        penugasan_end(penugasan=p, by=team.u_atasan, version=p.version - 1)
    assert "version" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        penugasan_end(penugasan=p, by=team.u_atasan, version=p.version, selesai=D(2025, 3, 2))
    assert "selesai" in err.value.message_dict
    with pytest.raises(PermissionDenied):
        penugasan_end(penugasan=p, by=team.u_camat, version=p.version)
    assert _counts() == before
    p.refresh_from_db()
    assert p.aktif
