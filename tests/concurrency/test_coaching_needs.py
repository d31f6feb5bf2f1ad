"""Coaching and proposals: two people act at the same instant on the same version of an assignment or a
proposal. Exactly one applies, the other is refused with the message, the version moves on by exactly one."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group, User

from sibina.audit.models import AuditEvent
from sibina.coaching.models import PenugasanPembimbing, SesiBimbingan
from sibina.coaching.services import penugasan_end, sesi_log
from sibina.competency.models import Kompetensi
from sibina.needs.models import Usulan
from sibina.needs.services import ProposalError, usulan_decide_supervisor, usulan_submit
from sibina.people.models import Instansi, UnitKerja
from sibina.roles import Role
from tests import factories as f
from tests.coaching.conftest import Team, assignment, team  # noqa: F401  (fixture re-export)
from tests.concurrency.conftest import STALE, concurrent, one_winner, race

pytestmark = concurrent
D = dt.date


def test_two_sessions_logged_at_once_on_one_version_one_applies(team: Team) -> None:  # noqa: F811
    p = assignment(team.kabid, team.staf)
    seen = p.version

    def log(by: User, tanggal: dt.date) -> SesiBimbingan:
        return sesi_log(
            penugasan=PenugasanPembimbing.objects.get(pk=p.pk),
            by=by,
            version=seen,
            tanggal=tanggal,
            topik="Umpan balik kinerja",
            menit=60,
        )

    outcomes = race(lambda: log(team.u_atasan, D(2025, 3, 3)), lambda: log(team.u_bkpsdm, D(2025, 3, 4)))
    winner, _applied = one_winner(outcomes)
    assert outcomes[1 - winner].message.startswith(
        f"{STALE} coaching assignment after you opened it (version {seen}, now {seen + 1})."
    )
    assert list(SesiBimbingan.objects.values_list("tanggal", flat=True)) == [
        (D(2025, 3, 3), D(2025, 3, 4))[winner]
    ]
    p.refresh_from_db()
    assert p.version == seen + 1
    assert AuditEvent.objects.filter(aksi="coaching.session").count() == 1


def test_ending_an_assignment_while_a_session_is_logged_one_applies(team: Team) -> None:  # noqa: F811
    p = assignment(team.kabid, team.staf)
    seen = p.version

    def end() -> PenugasanPembimbing:
        return penugasan_end(
            penugasan=PenugasanPembimbing.objects.get(pk=p.pk),
            by=team.u_kepala,
            version=seen,
            selesai=D(2025, 3, 2),
        )

    def log() -> SesiBimbingan:
        return sesi_log(
            penugasan=PenugasanPembimbing.objects.get(pk=p.pk),
            by=team.u_atasan,
            version=seen,
            tanggal=D(2025, 3, 1),
            topik="Umpan balik kinerja",
            menit=60,
        )

    outcomes = race(end, log)
    winner, _applied = one_winner(outcomes)
    assert STALE in outcomes[1 - winner].message
    p.refresh_from_db()
    assert (p.aktif, SesiBimbingan.objects.count(), p.version) == ((False, 0), (True, 1))[winner] + (
        seen + 1,
    )


def _atasan(username: str) -> User:
    user = User.objects.create_user(username=username, password="unused-in-tests-2027")
    user.groups.add(Group.objects.get_or_create(name=Role.ATASAN.value)[0])
    return user


def test_approve_and_reject_a_proposal_at_once_one_applies(binjai: Instansi) -> None:
    unit = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    head = f.pegawai(binjai, unit, nama="Kepala")
    staff = f.pegawai(binjai, unit, nama="Staf", atasan=head)
    usulan = usulan_submit(
        pegawai=staff,
        tahun=2028,
        kompetensi=Kompetensi.objects.get(kode="M01"),
        level_target=3,
        uraian="Pelatihan integritas",
        by=_atasan("staf"),
    )
    seen = usulan.version
    atasan = _atasan("atasan")

    def decide(approve: bool, catatan: str) -> Usulan:
        return usulan_decide_supervisor(
            usulan=Usulan.objects.get(pk=usulan.pk), by=atasan, approve=approve, catatan=catatan, version=seen
        )

    outcomes = race(lambda: decide(True, ""), lambda: decide(False, "Belum prioritas"))
    winner, _applied = one_winner(outcomes)
    loser = outcomes[1 - winner]
    assert isinstance(loser.error, ProposalError)  # the proposal pages show this kind of refusal
    assert loser.message.startswith(
        f"{STALE} development proposal after you opened it (version {seen}, now {seen + 1})."
    )
    usulan.refresh_from_db()
    expected = (("DISETUJUI", ""), ("DITOLAK", "Belum prioritas"))[winner]
    assert (usulan.status, usulan.catatan_atasan, usulan.version) == (*expected, seen + 1)
    assert AuditEvent.objects.filter(aksi="usulan.decide").count() == 1
